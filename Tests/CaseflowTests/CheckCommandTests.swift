// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import caseflow

/// `caseflow check` end to end on a hand-built run directory.
@Suite struct CheckCommandTests {
    func folder() throws -> URL { try freshFolder("check") }

    /// Three replications, output dates 3 and 10 January 2022: national caseload
    /// r1 100 110, r2 104 112, r3 108 114.
    func run(in dir: URL) throws -> String {
        let run = dir.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let values = [[100, 110], [104, 112], [108, 114]]
        var lines = ["replication,date,level,entity,metric,value"]
        for r in 0..<3 {
            for (d, date) in ["2022-01-03", "2022-01-10"].enumerated() {
                lines.append("\(r + 1),\(date),national,England and Wales,caseload,\(values[r][d])")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: run.appendingPathComponent("timeseries.csv"), atomically: true, encoding: .utf8)
        try """
            {"files": [{"name": "timeseries.csv", "rows": 6}], "replications": 3, "scenario_name": "hand", "seed": 1, "tool": "caseflow"}
            """.write(to: run.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        return run.path
    }

    @Test func printsEachFigureWritesCheckCSVAndFailsOverTheLimit() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try run(in: dir)
        let observed = dir.appendingPathComponent("observed.csv").path
        // 3 January: 100, 104, 108 → mean 104, sd 4, half-width 4.302653 × 4/√3 = 9.93655 → [94.063, 113.937].
        // The period: 105, 108, 111 → mean 108, sd 3, half-width 4.302653 × √3 = 7.45241 → [100.55, 115.45].
        try """
            date_or_period,level,entity,metric,value,weight,source
            2022-01-01,national,England and Wales,caseload,100,1,"MoJ, OMSQ"
            2022-01-01..2022-01-31,national,England and Wales,caseload,120,1,made up

            """.write(toFile: observed, atomically: true, encoding: .utf8)
        let loose = CheckRun.run(CheckRequest(run: run, observed: observed, failOver: 12))
        #expect(loose.status == 0, "\(loose.stderr)")
        let lines = loose.stdout.components(separatedBy: "\n")
        #expect(lines[2] == "figure                                                      observed  model mean  95% CI           difference  inside")
        #expect(lines[3] == "2022-01-01 national England and Wales caseload              100       104         [94.063, 113.9]  +4.0%       yes")
        #expect(lines[4] == "2022-01-01..2022-01-31 national England and Wales caseload  120       108         [100.5, 115.5]   -10.0%      no")
        #expect(loose.stdout.contains("1 of 2 observed figure(s) inside the model's 95% interval."))
        #expect(loose.stdout.contains("Every |difference| is within 12%."))
        let csv = try String(contentsOfFile: run + "/check.csv", encoding: .utf8).components(separatedBy: "\n")
        #expect(csv[1] == #"2022-01-01,national,England and Wales,caseload,100,1,"MoJ, OMSQ",1,2022-01-03,2022-01-03,3,104,94.0634,113.9366,4,0.04,yes"#)
        #expect(csv[2] == "2022-01-01..2022-01-31,national,England and Wales,caseload,120,1,made up,2,2022-01-03,2022-01-10,3,108,100.5476,115.4524,-10,-0.1,no")

        let strict = CheckRun.run(CheckRequest(run: run, observed: observed, failOver: 5, out: dir.appendingPathComponent("c.csv").path))
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("1 figure(s) differ by more than 5%: 2022-01-01..2022-01-31 national/England and Wales/caseload (line 3)"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("c.csv").path))
    }

    @Test func badFiguresExitTwoAndWriteNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try run(in: dir)
        let observed = dir.appendingPathComponent("observed.csv").path
        try "date_or_period,level,entity,metric,value,weight,source\n2022-01-01,national,England and Wales,caseloadd,100,1,x\n"
            .write(toFile: observed, atomically: true, encoding: .utf8)
        let outcome = CheckRun.run(CheckRequest(run: run, observed: observed))
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("\(observed):2:39: metric: unknown metric \"caseloadd\" at level national; the run has \"caseload\""))
        #expect(!FileManager.default.fileExists(atPath: run + "/check.csv"))
    }
}
