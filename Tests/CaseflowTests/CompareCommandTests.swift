// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import caseflow

/// `caseflow compare` and `caseflow query crossing` end to end on hand-built run directories.
@Suite struct CompareCommandTests {
    /// A fresh folder for one test's files.
    func folder() throws -> URL { try freshFolder("cmpcmd") }

    /// Writes a run directory with national series. `series[metric][r]` is
    /// replication r+1's values as CSV text ("" for no value).
    @discardableResult
    func run(_ name: String, in parent: URL, seed: Int = 1, dates: [String] = ["2024-01-01", "2024-01-08", "2024-01-15"],
             series: [(String, [[String]])], manifest: Bool = true) throws -> String {
        let dir = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var lines = ["replication,date,level,entity,metric,value"]
        let replications = series[0].1.count
        for r in 0..<replications {
            for (d, date) in dates.enumerated() {
                for (metric, values) in series {
                    lines.append("\(r + 1),\(date),national,England and Wales,\(metric),\(values[r][d])")
                }
                lines.append("\(r + 1),\(date),pdu,\"Redcar, Cleveland and Middlesbrough\",caseload,\(r + d)")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("timeseries.csv"), atomically: true, encoding: .utf8)
        if manifest {
            let m = """
            {"files": [{"name": "timeseries.csv", "rows": \(lines.count - 1)}], "replications": \(replications),
             "scenario_name": "\(name)", "scenario_sha256": "sha-\(name)", "seed": \(seed), "tool": "caseflow"}
            """
            try m.write(to: dir.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        }
        return dir.path
    }

    /// caseload: baseline 100/120/140 rising 10 a week; the lever adds 4, 5, 6 by replication
    /// (paired 5 ± 2.484138 → [2.52, 7.48]). unallocated: identical.
    /// excessive_workload only in the baseline (so it is left out, with a warning).
    let baseline: [(String, [[String]])] = [
        ("caseload", [["100", "110", "120"], ["120", "130", "140"], ["140", "150", "160"]]),
        ("unallocated", [["10", "9", "8"], ["12", "", "9"], ["11", "10", "9"]]),
        ("excessive_workload", [["1", "1", "1"], ["1", "1", "1"], ["1", "1", "1"]]),
    ]
    let lever: [(String, [[String]])] = [
        ("caseload", [["104", "114", "124"], ["125", "135", "145"], ["146", "156", "166"]]),
        ("unallocated", [["10", "9", "8"], ["12", "", "9"], ["11", "10", "9"]]),
    ]

    @Test func comparesAndWritesBesideTheBaseline() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let b = try run("base", in: dir, series: baseline)
        let o = try run("lever", in: dir, series: lever)
        let out = CompareRun.run(CompareRequest(baseline: b, others: [o]))
        #expect(out.status == 0)
        let lines = out.stdout.components(separatedBy: "\n")
        #expect(lines[0] == "\(o) (scenario lever, seed 1) against baseline \(b) (scenario base, seed 1)")
        #expect(lines[1] == "3 paired replication(s); output dates 2024-01-01 to 2024-01-15")
        #expect(lines[3] == "national, on the last output date (2024-01-15)")
        #expect(lines[5] == "caseload                               140         145          +5  [+2.52, +7.48]            yes *")
        #expect(lines[6] == "unallocated                           8.67        8.67           0  [0, 0]                    no")
        #expect(lines.contains("national, mean over output dates"))
        #expect(out.stdout.contains("Wrote \(b)/compare-lever: compare_series.csv (9 rows), compare_summary.csv (6 rows)"))
        // 3 series (national caseload and unallocated, the PDU's caseload) × 3 dates; 3 × 2 statistics.
        // Series only in the baseline are left out with a warning.
        #expect(out.stderr.contains("warning: 1 series of the baseline are not in \(o) and are left out (for example national/England and Wales/excessive_workload)"))
        let summary = try String(contentsOfFile: "\(b)/compare-lever/compare_summary.csv", encoding: .utf8)
        #expect(summary.contains("\nlever,national,England and Wales,caseload,final,140,145,5,1,2.5159,7.4841,yes\n"))
        let series = try String(contentsOfFile: "\(b)/compare-lever/compare_series.csv", encoding: .utf8)
        #expect(series.contains("\nlever,2024-01-08,national,England and Wales,unallocated,9.5,9.5,0,0,0\n"), "n = 2 on 2024-01-08")
        #expect(!series.contains("excessive_workload"))
    }

    @Test func runAgainstItself() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let b = try run("base", in: dir, series: baseline)
        let out = CompareRun.run(CompareRequest(baseline: b, others: [b], out: dir.appendingPathComponent("self").path, all: true))
        #expect(out.status == 0)
        #expect(out.stderr.contains("same scenario file with the same seed as the baseline: expect every difference to be zero"))
        #expect(out.stdout.contains("excessive_workload"), "--all prints every national metric")
        let summary = try String(contentsOfFile: dir.appendingPathComponent("self/compare_summary.csv").path, encoding: .utf8)
        let rows = summary.split(separator: "\n").dropFirst()
        #expect(rows.count == 8)
        #expect(rows.allSatisfy { $0.hasSuffix(",0,0,0,0,no") })
    }

    @Test func differentSeedsWarnButCompare() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let b = try run("base", in: dir, series: baseline)
        let o = try run("lever", in: dir, seed: 7, series: lever)
        let out = CompareRun.run(CompareRequest(baseline: b, others: [o], metrics: ["caseload"]))
        #expect(out.status == 0)
        #expect(out.stderr.contains("has seed 7 but the baseline \(b) has seed 1"))
        #expect(out.stderr.contains("not on common random numbers. The intervals are still valid paired-t intervals, but wider than necessary"))
        #expect(!out.stdout.contains("unallocated"), "--metric restricts the table")
    }

    @Test func severalScenariosShareOneDirectory() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let b = try run("base", in: dir, series: baseline)
        let o1 = try run("lever", in: dir, series: lever)
        let o2 = try run("same", in: dir, series: baseline)
        let out = CompareRun.run(CompareRequest(baseline: b, others: [o1, o2], levels: ["pdu"]))
        #expect(out.status == 0)
        let series = try String(contentsOfFile: "\(b)/compare-lever+same/compare_series.csv", encoding: .utf8)
        #expect(series.contains("\nlever,2024-01-01,pdu,\"Redcar, Cleveland and Middlesbrough\",caseload,1,1,0,0,0\n"))
        #expect(series.contains("\nsame,2024-01-15,pdu,"))
        #expect(out.stdout.contains("(no national metric in the selection: see compare_summary.csv)"))
    }

    @Test func mismatchesAreErrorsAndWriteNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let b = try run("base", in: dir, series: baseline)
        let two = try run("two", in: dir, series: [("caseload", [["1", "2", "3"], ["1", "2", "3"]])])
        let later = try run("later", in: dir, dates: ["2024-01-01", "2024-01-08", "2024-01-22"], series: lever)
        let half = try run("half", in: dir, series: lever, manifest: false)
        let out = CompareRun.run(CompareRequest(baseline: b, others: [two, later]))
        #expect(out.status == 2)
        #expect(out.stdout == "")
        #expect(out.stderr.contains("\(two) has 2 replication(s) but the baseline \(b) has 3"))
        #expect(out.stderr.contains("\(later) and the baseline \(b) have different output dates"))
        #expect(out.stderr.hasSuffix("caseflow compare: nothing was written\n"))
        let unfinished = CompareRun.run(CompareRequest(baseline: b, others: [half]))
        #expect(unfinished.status == 2)
        #expect(unfinished.stderr.contains("\(half) is an unfinished run or not a run directory"))
        let badMetric = CompareRun.run(CompareRequest(baseline: b, others: [b], metrics: ["caseloads"]))
        #expect(badMetric.stderr.contains("--metric caseloads: \(b) has no such metric; did you mean caseload?"))
        let badLevel = CompareRun.run(CompareRequest(baseline: b, others: [b], levels: ["county"]))
        #expect(badLevel.stderr.contains("--level county: not a level"))
        let intoRun = CompareRun.run(CompareRequest(baseline: b, others: [b], out: b))
        #expect(intoRun.stderr.contains("is a run directory (it has manifest.json)"))
        let written = try FileManager.default.contentsOfDirectory(atPath: b)
        #expect(Set(written) == ["timeseries.csv", "manifest.json"], "nothing written: \(written)")
    }

    @Test func argumentParsing() throws {
        let cmd = try Caseflow.parseAsRoot(["compare", "a", "b", "c", "--level", "national", "--level", "region", "--metric", "caseload", "--all"])
        let compare = try #require(cmd as? Compare)
        #expect(compare.baseline == "a" && compare.others == ["b", "c"] && compare.level == ["national", "region"] && compare.all)
        #expect(throws: (any Error).self) { try Caseflow.parseAsRoot(["compare", "a"]) }
        let q = try #require(try Caseflow.parseAsRoot(["query", "crossing", "r", "--metric", "unallocated",
                                                        "--below-fraction-of-start", "0.05", "--after", "2024-01-01"]) as? QueryCrossing)
        #expect(q.request.direction == .below && q.request.threshold == .fractionOfStart(0.05) && q.request.after == "2024-01-01")
        #expect(throws: (any Error).self) { try Caseflow.parseAsRoot(["query", "crossing", "r", "--metric", "m", "--below", "1", "--above", "2"]) }
        #expect(throws: (any Error).self) { try Caseflow.parseAsRoot(["query", "crossing", "r", "--metric", "m"]) }
    }

    /// unallocated: r1 100 40 30, r2 200 150 45, r3 90 80 70 (weekly from 2024-01-01).
    /// Below 50: r1 on 2024-01-08, r2 on 2024-01-15, r3 never.
    /// Over the two that crossed, days 7 and 14 after 1 January: mean 10.5, rounded to day 11 → 2024-01-12;
    /// sd 4.949747; half-width t(0.975, 1) × 4.949747/√2 = 12.706205 × 3.5 = 44.47 days, so the interval is
    /// days −33.97 … 54.97 → 2023-11-28 to 2024-02-25 (one replication crossing at most in a week: very wide).
    @Test func crossingText() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run("r", in: dir, series: [("unallocated", [["100", "40", "30"], ["200", "150", "45"], ["90", "80", "70"]])])
        let out = CrossingRun.run(CrossingRequest(run: r, metric: "unallocated", direction: .below, threshold: .value(50)))
        #expect(out.status == 0)
        #expect(out.stderr == "")
        let lines = out.stdout.components(separatedBy: "\n")
        #expect(lines[1] == "When does unallocated (national, England and Wales) first fall below 50?")
        #expect(lines[5] == "1            2024-01-08          40          50")
        #expect(lines[7] == "3            never               —           50")
        #expect(out.stdout.contains("WARNING: 1 of 3 replications (3) never fell below 50 by 2024-01-15, the end of the horizon."))
        #expect(out.stdout.contains("conditional on crossing within the horizon"))
        #expect(out.stdout.contains("mean crossing date 2024-01-12 ± 44.5 days (95% CI 2023-11-28 to 2024-02-25; Student t with 1 df over the 2 replications that crossed)"))
    }

    @Test func crossingJSONAndErrors() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run("r", in: dir, series: [("unallocated", [["100", "40", "30"], ["200", "150", "45"], ["90", "80", "70"]])])
        let out = CrossingRun.run(CrossingRequest(run: r, metric: "unallocated", direction: .below, threshold: .fractionOfStart(0.25), json: true))
        #expect(out.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        // Thresholds 25, 50, 22.5: r1 never (lowest 30), r2 45 < 50 on 2024-01-15, r3 never (lowest 70).
        #expect(obj["crossed"] as? Int == 1)
        #expect(obj["never_crossed"] as? Int == 2)
        #expect(obj["conditional_on_crossing"] as? Bool == true)
        #expect(obj["mean_date"] as? String == "2024-01-15")
        #expect(obj["ci95_half_width_days"] is NSNull)
        let per = try #require(obj["per_replication"] as? [[String: Any]])
        #expect(per.map { $0["threshold"] as? Double } == [25, 50, 22.5])

        let pdu = CrossingRun.run(CrossingRequest(run: r, metric: "caseload", level: "pdu", direction: .below, threshold: .value(1)))
        #expect(pdu.status == 0 && pdu.stdout.contains("(pdu, Redcar, Cleveland and Middlesbrough)"))
        let byEntity = CrossingRun.run(CrossingRequest(run: r, metric: "caseload", entity: "Redcar, Cleveland and Middlesbrough",
                                                       direction: .above, threshold: .value(1)))
        #expect(byEntity.status == 0 && byEntity.stdout.contains("All 3 replications rose above 1 by 2024-01-15."))
        let missing = CrossingRun.run(CrossingRequest(run: r, metric: "unalocated", direction: .below, threshold: .value(1)))
        #expect(missing.status == 2 && missing.stderr.contains("did you mean unallocated?"))
        let noNational = CrossingRun.run(CrossingRequest(run: r, metric: "caseload", direction: .below, threshold: .value(1)))
        #expect(noNational.status == 2 && noNational.stderr.contains("caseload is not written at level national"))
        let unfinished = CrossingRun.run(CrossingRequest(run: dir.path, metric: "m", direction: .below, threshold: .value(1)))
        #expect(unfinished.status == 2 && unfinished.stderr.contains("is an unfinished run or not a run directory"))
    }
}
