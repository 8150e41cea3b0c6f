// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12, defects 2, 3 and 7: CSV files Caseflow writes cannot be read as
// formulas, a write error is an ordinary error with the path and the reason,
// and a file never replaces a directory.
import Foundation
import XCTest
@testable import Reports

final class CSVSafetyTests: XCTestCase {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func testFormulaCellsAreNeutralised() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try CSVWriter(url: dir.appendingPathComponent("x.csv"), header: ["name", "value"])
        for cell in ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@evil", "\tx", "\rx", "-3", "+1.5", "-Inf", "2.5e-3", "North", "-", "1-2"] {
            w.writeRow([cell, "1"])
        }
        try w.finish()
        let text = try String(contentsOf: dir.appendingPathComponent("x.csv"), encoding: .utf8)
        XCTAssertEqual(text, """
        name,value
        '=cmd|' /C calc'!A0,1
        "'+SUM(1,2)",1
        '-2+3,1
        '@evil,1
        '\tx,1
        "'\rx",1
        -3,1
        +1.5,1
        -Inf,1
        2.5e-3,1
        North,1
        '-,1
        1-2,1

        """)
    }

    /// `CSVWriter.finish()` removed whatever was at the destination, a directory included.
    func testAFileNeverReplacesADirectory() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocking = dir.appendingPathComponent("index.csv")
        try FileManager.default.createDirectory(at: blocking, withIntermediateDirectories: false)
        try Data("kept".utf8).write(to: blocking.appendingPathComponent("inside.txt"))
        let w = try CSVWriter(url: blocking, header: ["a"])
        XCTAssertThrowsError(try w.finish()) { error in
            XCTAssertEqual("\(error)", "cannot write \(blocking.path): a directory of that name is in the way (it is left as it is)")
            XCTAssertEqual((error as? ReportError)?.exitStatus, 3)
        }
        XCTAssertEqual(try String(contentsOf: blocking.appendingPathComponent("inside.txt"), encoding: .utf8), "kept")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["index.csv"], "no temporary left")
    }

    /// A full disk crashed `run` (an Objective-C exception from FileHandle.write).
    func testAWriteErrorIsAnErrorWithThePathAndTheReason() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        // Writing to /dev/full fails with ENOSPC; the writer's temporary is
        // replaced by /dev/full through a symbolic link.
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.csv")
        let tmp = OutputFile.temporaryURL(for: url)
        try FileManager.default.createSymbolicLink(atPath: tmp.path, withDestinationPath: "/dev/full")
        let w = try CSVWriter(url: url, header: ["a"])
        for i in 0..<10 { w.writeRow([String(i)]) }
        XCTAssertThrowsError(try w.finish()) { error in
            XCTAssertEqual("\(error)", "cannot write \(url.path): No space left on device")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "nothing half-written under the real name")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path))
    }

    func testTemporaryNamesAreUniqueToTheProcess() {
        let url = URL(fileURLWithPath: "/x/timeseries.csv")
        XCTAssertEqual(OutputFile.temporaryURL(for: url).lastPathComponent, ".timeseries.csv.\(getpid()).partial")
    }
}
