// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Reports

final class CompressionTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try RunFixture.folder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// A deterministic byte pattern: `compressible` gives repetitive CSV-like text, otherwise noise.
    func bytes(_ n: Int, compressible: Bool) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var out: [UInt8] = []
        out.reserveCapacity(n)
        while out.count < n {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if compressible {
                out.append(contentsOf: Array("1,2024-01-0\(state >> 61),pdu,Sheffield,caseload,\(state >> 54)\n".utf8))
            } else {
                out.append(UInt8(truncatingIfNeeded: state >> 33))
            }
        }
        return Array(out.prefix(n))
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let p = dir.appendingPathComponent(name).path
        XCTAssertTrue(FileManager.default.createFile(atPath: p, contents: Data(bytes)))
        return p
    }

    /// Reads `path` through GzipReader in blocks of `block` bytes.
    func readBack(_ path: String, block: Int) throws -> [UInt8] {
        let r = try GzipReader(path: path)
        var out: [UInt8] = []
        while let d = try r.read(upToCount: block) { out.append(contentsOf: d) }
        return out
    }

    func testRoundTripAtManySizes() throws {
        for (n, compressible) in [(0, true), (1, true), (63, false), (100_000, true), (700_000, false), (3_000_000, true)] {
            let original = bytes(n, compressible: compressible)
            let gz = try GzipCompressor.compress(original)
            XCTAssertEqual(Array(gz.prefix(2)), [0x1f, 0x8b], "gzip magic")
            let p = try write(gz, "t\(n).gz")
            XCTAssertEqual(try readBack(p, block: 1 << 16), original, "\(n) bytes")
            XCTAssertEqual(try readBack(p, block: 7), original, "\(n) bytes, small blocks")
            if compressible && n > 10_000 { XCTAssertLessThan(gz.count, n / 5, "CSV-like text shrinks") }
            XCTAssertEqual(try GzipCompressor.compress(original), gz, "the same input gives the same bytes")
        }
    }

    /// gzip(1), an independent implementation, reads what Caseflow writes, and Caseflow reads what gzip(1)
    /// writes, including two concatenated members (which gzip -d reads as one stream).
    func testInteroperatesWithGzipTool() throws {
        let gzipTool = ["/usr/bin/gzip", "/bin/gzip"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let gzipTool else { throw XCTSkip("gzip(1) is not installed") }
        func runTool(_ arguments: [String], input: [UInt8]) throws -> [UInt8] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: gzipTool)
            p.arguments = arguments
            let inFile = try write(input, "tool-in-\(UUID().uuidString)")
            p.standardInput = FileHandle(forReadingAtPath: inFile)
            let outPipe = Pipe()
            p.standardOutput = outPipe
            try p.run()
            let data = outPipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0)
            return [UInt8](data)
        }
        let original = bytes(500_000, compressible: true)
        XCTAssertEqual(try runTool(["-dc"], input: try GzipCompressor.compress(original)), original)
        let a = bytes(1000, compressible: true), b = bytes(2000, compressible: false)
        let twoMembers = try runTool(["-c"], input: a) + (try runTool(["-c"], input: b))
        XCTAssertEqual(try readBack(try write(twoMembers, "two.gz"), block: 100), a + b)
    }

    func testPlainFilesPassThroughAndDamagedFilesAreReported() throws {
        let plain = Array("replication,date\n1,2024-01-01\n".utf8)
        XCTAssertEqual(try readBack(try write(plain, "plain.csv"), block: 4), plain)
        XCTAssertEqual(try readBack(try write([], "empty.csv"), block: 4), [])

        let gz = try GzipCompressor.compress(bytes(200_000, compressible: false))
        let truncated = try write(Array(gz.prefix(gz.count / 2)), "truncated.csv.gz")
        XCTAssertThrowsError(try readBack(truncated, block: 1 << 16)) {
            XCTAssertEqual("\($0)", "\(truncated): the compressed data ends early (the file is truncated)")
        }
        var damaged = gz
        for i in 20..<60 { damaged[i] ^= 0x5a }
        let bad = try write(damaged, "damaged.csv.gz")
        XCTAssertThrowsError(try readBack(bad, block: 1 << 16)) {
            XCTAssertTrue("\($0)".hasPrefix("\(bad): not valid gzip data (zlib: "), "\($0)")
        }
        XCTAssertThrowsError(try GzipReader(path: dir.appendingPathComponent("absent.gz").path)) {
            XCTAssertTrue("\($0)".hasSuffix("absent.gz: no such file"), "\($0)")
        }
    }

    /// The writer's byte count and SHA-256 are those of the file on disk.
    func testCompressedCSVWriterRecordsSizeAndDigest() throws {
        let url = dir.appendingPathComponent("t.csv.gz")
        let w = try CSVWriter(url: url, header: ["a", "b"], compressed: true)
        for i in 0..<50_000 { w.writeRow([String(i), "Redcar, Cleveland and Middlesbrough"]) }
        try w.finish()
        let onDisk = try [UInt8](Data(contentsOf: url))
        XCTAssertEqual(w.bytes, onDisk.count)
        XCTAssertEqual(w.sha256, SHA256.hex(onDisk))
        let text = String(decoding: try GzipReader.contents(of: url.path), as: UTF8.self)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 50_001)
        XCTAssertEqual(lines[1], "0,\"Redcar, Cleveland and Middlesbrough\"")
        XCTAssertEqual(lines.last, "49999,\"Redcar, Cleveland and Middlesbrough\"")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["t.csv.gz"])
    }

    /// FIPS 180-4 known answers, fed in uneven pieces.
    func testSHA256StreamKnownAnswers() {
        func digest(_ bytes: [UInt8], pieces: [Int]) -> String {
            var s = SHA256Stream()
            var i = 0, p = 0
            while i < bytes.count {
                let n = min(pieces[p % pieces.count], bytes.count - i)
                s.update(bytes[i..<(i + n)])
                i += n; p += 1
            }
            return s.finalize()
        }
        let abc = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        for pieces in [[1], [3, 61], [64], [1000]] {
            XCTAssertEqual(digest(abc, pieces: pieces), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
            XCTAssertEqual(digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), pieces: pieces.map { $0 * 97 }),
                           "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }
        XCTAssertEqual(digest([], pieces: [1]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// The stream is a value: a copy goes on from the digest so far, apart from the original,
    /// and finishing one leaves the other to be fed (digests from coreutils' sha256sum).
    func testSHA256StreamCopiesAreIndependent() {
        var a = SHA256Stream()
        a.update(Array("ab".utf8))
        var b = a
        a.update(Array("c".utf8))
        b.update(Array("d".utf8))
        let c = b
        XCTAssertEqual(a.finalize(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")   // abc
        XCTAssertEqual(b.finalize(), "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9")   // abd
        var d = c
        d.update(Array("e".utf8))
        XCTAssertEqual(d.finalize(), "7b892b4a649355685c6abe7727ecc6a519227042b0c7c59c6fb68633ee49de0c")   // abde
        XCTAssertEqual(d.length, 4)
        // Asking twice gives the same digest, and the stream goes on after it.
        XCTAssertEqual(d.finalize(), "7b892b4a649355685c6abe7727ecc6a519227042b0c7c59c6fb68633ee49de0c")
        var e = SHA256Stream()
        e.update(Array("ab".utf8))
        XCTAssertEqual(e.finalize(), SHA256.hex(Array("ab".utf8)))
        e.update(Array("c".utf8))
        XCTAssertEqual(e.finalize(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// `commaIntegers` writes the bytes of `comma()` and `integer(_:)` for each value, and
    /// both the digits of `String(_:)`: every value from −150 to 150, powers of ten either
    /// side, the extremes, and random runs, into a buffer small enough to grow midway.
    func testCommaIntegersAgainstCommaAndInteger() {
        var values = Array(-150...150)
        var p = 1
        for _ in 0..<18 { p *= 10; values += [p - 1, p, p + 1, -p] }
        values += [Int.max, Int.min, Int.min + 1]
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int(truncatingIfNeeded: state >> 1)
            values.append([r % 10, r % 100, r % 1000, r][Int(state >> 62)])
        }
        for chunk in [1, 7, 194, values.count] {
            let fast = CSVBytes(capacity: 64), slow = CSVBytes(capacity: 64)
            fast.raw(Array("x".utf8)); slow.raw(Array("x".utf8))
            var expected = "x"
            for start in stride(from: 0, to: values.count, by: chunk) {
                let part = Array(values[start..<min(start + chunk, values.count)])
                part.withUnsafeBufferPointer { fast.commaIntegers($0) }
                for v in part { slow.comma(); slow.integer(v); expected += ",\(v)" }
            }
            XCTAssertEqual(Array(fast.bytes), Array(slow.bytes), "chunks of \(chunk)")
            XCTAssertEqual(String(decoding: fast.bytes, as: UTF8.self), expected, "chunks of \(chunk)")
        }
    }

    /// The fast formatter agrees with `%.4f` (trailing zeros removed) wherever it answers.
    func testFastNumberFormatAgreesWithPrintf() {
        var state: UInt64 = 42
        func slow(_ v: Double) -> String {
            var s = String(format: "%.4f", v)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s == "-0" ? "0" : s
        }
        var answered = 0
        for i in 0..<200_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 11) / Double(1 << 53)
            let scale = [1.0, 100, 10_000, 1e6, 0.001][i % 5]
            let v = (u - 0.3) * scale
            if let fast = NumberFormat.fourDecimals(v) {
                answered += 1
                XCTAssertEqual(fast, slow(v), "\(v)")
            }
        }
        XCTAssertGreaterThan(answered, 190_000)
        for v in [0.00005, 0.00015, 2.5e-5, 117.25, -0.00001, 1.0 / 3.0, 123456.78905] {
            XCTAssertEqual(NumberFormat.format(v), slow(v), "\(v)")
        }
    }

    /// A run whose time series is compressed reads back exactly as the plain one.
    func testRunDirectoryReadsCompressedTimeSeries() throws {
        let series: [(SeriesKey, [[Double?]])] = [
            (RunFixture.key("caseload"), [[100, 110], [120, 130]]),
            (RunFixture.key("unallocated", level: "pdu", entity: "Redcar, Cleveland and Middlesbrough"), [[1, nil], [3, 4]])]
        let plainPath = try RunFixture.write("plain", in: dir, replications: 2, dates: ["2024-01-01", "2024-01-08"], series: series)
        let gzPath = try RunFixture.write("gz", in: dir, replications: 2, dates: ["2024-01-01", "2024-01-08"], series: series)
        let csv = URL(fileURLWithPath: gzPath).appendingPathComponent("timeseries.csv")
        let text = try [UInt8](Data(contentsOf: csv))
        _ = try write(try GzipCompressor.compress(text), "gz/timeseries.csv.gz")
        try FileManager.default.removeItem(at: csv)
        let manifestURL = URL(fileURLWithPath: gzPath).appendingPathComponent("manifest.json")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8).replacingOccurrences(of: "timeseries.csv", with: "timeseries.csv.gz")
        try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)

        let plain = try RunDirectory.open(plainPath), gz = try RunDirectory.open(gzPath, include: { _ in true }, chunkBytes: 5)
        XCTAssertEqual(gz.dates, plain.dates)
        XCTAssertEqual(gz.keys, plain.keys)
        for k in plain.keys {
            for r in 1...2 {
                XCTAssertEqual(gz.series(k, replication: r).map { $0.isNaN ? -1 : $0 }, plain.series(k, replication: r).map { $0.isNaN ? -1 : $0 })
            }
        }
        XCTAssertEqual(gz.value(RunFixture.key("caseload"), replication: 2, dateIndex: 1), 130)

        // A truncated compressed file is reported, not read as a shorter run.
        let gzURL = URL(fileURLWithPath: gzPath).appendingPathComponent("timeseries.csv.gz")
        let whole = try Data(contentsOf: gzURL)
        try whole.prefix(whole.count - 12).write(to: gzURL)
        XCTAssertThrowsError(try RunDirectory.open(gzPath)) {
            XCTAssertTrue("\($0)".contains("timeseries.csv.gz: the compressed data ends early"), "\($0)")
        }
    }
}
