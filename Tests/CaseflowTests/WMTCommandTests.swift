// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import caseflow
@testable import Reports

@Suite struct WMTCommandTests {
    /// A fresh folder for one test's files.
    func folder() throws -> URL { try freshFolder("wmt") }

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    let caseload = """
    practitioner,grade,contracted_hours,reduction_hours,community_B2,licence_A3,custody_D1,sdr,fdr,t2a_community_A3,date,replication
    Alice,PO,37,1.8,3,2,1,1,2,0,2024-04-01,1
    "Smith, Bob",PSO,22.5,0,0,0,0,0,0,1,2024-04-01,1
    Carol,SPO,37,0,1,0,0,0,0,0,2024-04-01,1
    Dan,PO,0,0,0,0,0,0,0,0,2024-04-01,1

    """

    @Test func endToEndFromFiles() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write(caseload, "caseload.csv", in: dir)
        let out = WMTRun.run(caseloadPath: path, pointsPath: nil)
        #expect(out.status == 0)
        #expect(out.stderr == "")
        #expect(out.stdout == """
        practitioner,grade,workload_points,available_points,capacity_pct
        Alice,PO,1064,2070,51.4
        "Smith, Bob",PSO,75,1323,5.7
        Carol,SPO,115,0,
        Dan,PO,0,0,

        """)
    }

    /// A run's wmt_snapshot.csv.gz is read as the plain file would be.
    @Test func readsACompressedSnapshot() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("wmt_snapshot.csv.gz").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(try GzipCompressor.compress(Array(caseload.utf8)))))
        let out = WMTRun.run(caseloadPath: path, pointsPath: nil)
        #expect(out.status == 0)
        #expect(out.stdout.split(separator: "\n")[1] == "Alice,PO,1064,2070,51.4")
        let missing = WMTRun.run(caseloadPath: dir.appendingPathComponent("absent.csv.gz").path, pointsPath: nil)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("absent.csv.gz: no such file"))
    }

    @Test func withAPointsFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try write(caseload, "caseload.csv", in: dir)
        let p = try write("name,value\ncommunity_B2,100\ndefault_hours_spo,37\n", "points.csv", in: dir)
        let out = WMTRun.run(caseloadPath: c, pointsPath: p)
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n")
        #expect(lines[1] == "Alice,PO,1019,2070,49.2")  // 1064 − 3 × 15
        #expect(lines[3] == "Carol,SPO,100,2176,4.6")   // SPO now has 37 default hours and the PO target
    }

    @Test func printPoints() throws {
        let out = WMTRun.run(caseloadPath: nil, pointsPath: nil)
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("name,value\nsdr,138\nfdr,65\n"))
        #expect(out.stdout.contains("\nlicence_A3,219\n"))
        #expect(out.stdout.contains("\nt2a_custody_D0,0\n"))
        #expect(out.stdout.contains("\ncommunity_A3S,0\n"))
        #expect(out.stdout.hasSuffix("t2a_custody_D0S,0\n"))
    }

    @Test func unsupervisedSTierColumns() throws {
        // The S tiers weigh 0 by HMPPS's default: one community A3 (206) and six S cases.
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try write("practitioner,grade,contracted_hours,reduction_hours,community_A3,community_A3S,licence_D0S\nEve,PO,37,0,1,4,2\n",
                          "caseload.csv", in: dir)
        let out = WMTRun.run(caseloadPath: c, pointsPath: nil)
        #expect(out.status == 0)
        #expect(out.stdout == "practitioner,grade,workload_points,available_points,capacity_pct\nEve,PO,206,2176,9.5\n")
        // Weighted by a points file: 206 + 4 × 50 + 2 × 10 = 426; 426 / 2176 = 19.58%.
        let p = try write("name,value\ncommunity_A3S,50\nlicence_D0S,10\n", "points.csv", in: dir)
        let weighted = WMTRun.run(caseloadPath: c, pointsPath: p)
        #expect(weighted.stdout == "practitioner,grade,workload_points,available_points,capacity_pct\nEve,PO,426,2176,19.6\n")
        // A misspelt S column is still an error.
        let bad = try write("practitioner,grade,contracted_hours,reduction_hours,community_A4S\nEve,PO,37,0,1\n", "bad.csv", in: dir)
        let rejected = WMTRun.run(caseloadPath: bad, pointsPath: nil)
        #expect(rejected.status == 2)
        #expect(rejected.stderr.contains("community_A4S"))
    }

    @Test func errorsGoToStderrWithStatus2AndNothingOnStdout() {
        let bad = """
        practitioner,grade,contracted_hours,reduction_hours,community_E2
        A,PO,37,0,1
        B,XO,37,0,1
        C,PO,thirty,0,1
        """
        let out = WMTRun.run(caseload: ("caseload.csv", bad), points: ("points.csv", "name,value\nsdr,-5\n"))
        #expect(out.status == 2)
        #expect(out.stdout == "")
        let lines = out.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0] == "points.csv:2: column value: sdr: expected a whole number ≥ 0, found -5")
        #expect(lines[1].hasPrefix("caseload.csv:1: column community_E2: not a count column: \"E2\" is not a tier"))
        #expect(lines[2] == #"caseload.csv:3: column grade: expected one of PO, PSO, PQiP, SPO, found "XO""#)
        #expect(lines[3] == #"caseload.csv:4: column contracted_hours: expected a number ≥ 0, found "thirty""#)
        #expect(lines[4] == "caseflow wmt: 4 problems in the input; nothing was computed")
    }

    @Test func missingFiles() {
        let out = WMTRun.run(caseloadPath: "/nonexistent/caseload.csv", pointsPath: "/nonexistent/points.csv")
        #expect(out.status == 2)
        #expect(out.stdout == "")
        #expect(out.stderr.contains("/nonexistent/points.csv: no such file"))
        #expect(out.stderr.contains("/nonexistent/caseload.csv: no such file"))
    }

    @Test func notUTF8() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("latin1.csv").path
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x41, 0xE9, 0xFF, 0x0A]))
        let out = WMTRun.run(caseloadPath: path, pointsPath: nil)
        #expect(out.status == 2 && out.stderr.hasPrefix("\(path):1: is not UTF-8 text (found the byte 0xE9); save the file as UTF-8\n"))
    }

    /// Issue 12: the report is written as the file is read, to a temporary name renamed into
    /// place when complete; a problem anywhere leaves the --out file as it was.
    @Test func outFileIsWrittenWholeOrNotAtAll() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try write(caseload, "caseload.csv", in: dir)
        let report = dir.appendingPathComponent("report.csv").path
        let done = WMTRun.runToFile(caseloadPath: c, pointsPath: nil, out: report)
        #expect(done.status == 0 && done.stderr == "")
        #expect(try String(contentsOfFile: report, encoding: .utf8) == WMTRun.run(caseloadPath: c, pointsPath: nil).stdout)
        #expect(try String(contentsOfFile: report, encoding: .utf8).hasPrefix("practitioner,grade,workload_points,available_points,capacity_pct\nAlice,PO,1064,2070,51.4\n"))
        // A bad row after good ones: status 2, the earlier report untouched, no temporary left.
        var text = caseload
        for k in 0..<5_000 { text += "P\(k),PO,37,0,1,0,0,0,0,0,2024-04-01,1\n" }
        let bad = try write(text + "Zed,PO,37,0,x,0,0,0,0,0,2024-04-01,1\n", "bad.csv", in: dir)
        let before = try Data(contentsOf: URL(fileURLWithPath: report))
        let refused = WMTRun.runToFile(caseloadPath: bad, pointsPath: nil, out: report)
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("\(bad):5006: column community_B2: expected a whole number ≥ 0, found \"x\""))
        #expect(try Data(contentsOf: URL(fileURLWithPath: report)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["bad.csv", "caseload.csv", "report.csv"])
        // A directory is never replaced.
        let folderOut = WMTRun.runToFile(caseloadPath: c, pointsPath: nil, out: dir.path)
        #expect(folderOut.status == 3 && folderOut.stderr.contains("it is a directory"))
    }

    /// Standard output gets the report only once the whole file has been read: it is held in
    /// memory while small and in an unnamed temporary file beyond that.
    @Test func spoolMovesToATemporaryFile() throws {
        let spool = Spool(memoryLimit: 10)
        try spool.write(Array("abcdef".utf8))
        #expect(!spool.onDisk)
        try spool.write(Array("ghijkl".utf8))
        #expect(spool.onDisk)
        try spool.write(Array("mn".utf8))
        #expect(spool.text() == "abcdefghijklmn")
    }

    /// At most 200 problems are listed, then how many more there were.
    @Test func manyProblemsAreCapped() {
        var text = "practitioner,grade,contracted_hours,reduction_hours\n"
        for k in 0..<230 { text += "P\(k),PO,-1,0\n" }
        let out = WMTRun.run(caseload: ("c.csv", text), points: nil)
        let lines = out.stderr.split(separator: "\n").map(String.init)
        #expect(out.status == 2 && out.stdout == "")
        #expect(lines.count == 202)
        #expect(lines[199] == #"c.csv:201: column contracted_hours: expected a number ≥ 0, found "-1""#)
        #expect(lines[200] == "…and 30 more problems")
        #expect(lines[201] == "caseflow wmt: 230 problems in the input; nothing was computed")
    }

    @Test func argumentParsing() throws {
        let cmd = try Caseflow.parseAsRoot(["wmt", "caseload.csv", "--points", "p.csv"])
        let wmt = try #require(cmd as? WMT)
        #expect(wmt.caseload == "caseload.csv" && wmt.points == "p.csv" && !wmt.printPoints)
        #expect(throws: (any Error).self) { try Caseflow.parseAsRoot(["wmt"]) }
        #expect((try? Caseflow.parseAsRoot(["wmt", "--print-points"])) != nil)
    }
}
