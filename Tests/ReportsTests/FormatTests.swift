// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Reports

final class FormatTests: XCTestCase {
    /// FIPS 180-4 / NIST known answers.
    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // One million 'a's: several blocks and a length over 2^22 bits.
        XCTAssertEqual(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testNumberFormat() {
        XCTAssertEqual(NumberFormat.format(223_000), "223000")
        XCTAssertEqual(NumberFormat.format(117.25), "117.25")
        XCTAssertEqual(NumberFormat.format(1.0 / 3.0), "0.3333")
        XCTAssertEqual(NumberFormat.format(2.00004), "2")
        XCTAssertEqual(NumberFormat.format(-0.00001), "0")
        XCTAssertEqual(NumberFormat.format(.nan), "")
        XCTAssertEqual(NumberFormat.format(-3), "-3")
    }

    func testCSVQuotingAndAtomicRename() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.csv")
        let w = try CSVWriter(url: url, header: ["a", "b"])
        w.writeRow(["Redcar, Cleveland and Middlesbrough", "say \"hi\""])
        w.writeRow(["two\nlines", "plain"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "the real name appears only when finished")
        try w.finish()
        XCTAssertEqual(w.rows, 2)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, "a,b\n\"Redcar, Cleveland and Middlesbrough\",\"say \"\"hi\"\"\"\n\"two\nlines\",plain\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["t.csv"])
    }
}
