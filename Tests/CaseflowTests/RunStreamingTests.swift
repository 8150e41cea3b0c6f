// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13 (memory flat in replications): each replication is written on its
// worker thread as it finishes, in chunks joined in replication order, so the
// bytes do not depend on --jobs; the joined detail files are one gzip member
// holding exactly the plain CSV.
import CZlib
import Foundation
import Testing
@testable import caseflow
@testable import Reports

@Suite struct RunStreamingTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file in `dir` but manifest.json (whose times and job count differ).
    func dataFiles(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name != "manifest.json" {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    @Test func aRunGivesTheSameBytesForOneTwoAndFourJobs() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tiny.yaml").path
        try SweepCommandTests.scenario.write(toFile: path, atomically: true, encoding: .utf8)
        var files: [String: [String: Data]] = [:]
        for jobs in ["1", "2", "4"] {
            let out = dir.appendingPathComponent("j\(jobs)")
            try Run.parse([path, "--out", out.path, "--quiet", "--jobs", jobs, "--replications", "5"]).run()
            files[jobs] = try dataFiles(out)
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(RunStream.workName).path),
                    "the replications' chunks are removed once joined")
        }
        let one = try #require(files["1"])
        #expect(one.keys.contains("timeseries.csv.gz") && one.keys.contains("wmt_snapshot.csv.gz"))
        for jobs in ["2", "4"] {
            #expect(Set(files[jobs]!.keys) == Set(one.keys))
            for (name, data) in one { #expect(files[jobs]![name] == data, "\(name) differs between --jobs 1 and --jobs \(jobs)") }
        }

        // The joined gzip file is one member (one header, one trailer) and holds the plain CSV exactly.
        let plain = dir.appendingPathComponent("plain")
        try Run.parse([path, "--out", plain.path, "--quiet", "--jobs", "2", "--replications", "5", "--no-compress"]).run()
        for name in ["timeseries", "wmt_snapshot"] {
            let gz = [UInt8](one["\(name).csv.gz"]!)
            let csv = [UInt8](try Data(contentsOf: plain.appendingPathComponent("\(name).csv")))
            #expect(try inflateOneMember(gz) == csv, "\(name).csv.gz does not hold \(name).csv")
            #expect(Array(gz.prefix(3)) == [0x1f, 0x8b, 0x08])
            let size = gz.suffix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            #expect(size == csv.count, "ISIZE is the CSV's length")
            let crc = gz.suffix(8).prefix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            #expect(UInt(crc) == csv.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
        }
    }

    /// Inflates exactly one gzip member with zlib (not GzipReader, which would
    /// also read members that follow), failing if bytes remain after it.
    func inflateOneMember(_ gz: [UInt8]) throws -> [UInt8] {
        var s = z_stream()
        #expect(czlib_inflate_init_auto(&s) == Z_OK)
        defer { inflateEnd(&s) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var input = gz
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inp in
            s.next_in = inp.baseAddress
            s.avail_in = uInt(inp.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { b in
                    s.next_out = b.baseAddress
                    s.avail_out = uInt(b.count)
                    status = inflate(&s, Z_NO_FLUSH)
                    out.append(contentsOf: b[0..<(b.count - Int(s.avail_out))])
                }
            } while status == Z_OK
        }
        #expect(status == Z_STREAM_END)
        #expect(s.avail_in == 0, "nothing follows the one gzip member")
        return out
    }
}
