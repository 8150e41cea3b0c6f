// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import XCTest
@testable import Reports
import Simulation

/// Hand-built run directories: a `timeseries.csv` and a `manifest.json` written
/// from the test, so every expected number can be checked by hand.
enum RunFixture {
    static let national = "England and Wales"

    /// A fresh temporary folder.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func key(_ metric: String, level: String = "national", entity: String = national) -> SeriesKey {
        SeriesKey(level: level, entity: entity, metric: metric)
    }

    /// Writes a run directory `name` in `parent`. `series[i].1[r][d]` is
    /// replication r+1's value on `dates[d]` (nil: an empty value).
    @discardableResult
    static func write(_ name: String, in parent: URL, seed: UInt64? = 1, replications: Int, dates: [String],
                      series: [(SeriesKey, [[Double?]])], manifest: Bool = true, scenarioSHA256: String = "fixture",
                      manifestRows: Int? = nil) throws -> String {
        let dir = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var lines = ["replication,date,level,entity,metric,value"]
        for r in 0..<replications {
            for (d, date) in dates.enumerated() {
                for (k, values) in series {
                    lines.append(CSV.row([String(r + 1), date, k.level, k.entity, k.metric,
                                          values[r][d].map(NumberFormat.format) ?? ""]))
                }
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("timeseries.csv"), atomically: true, encoding: .utf8)
        if manifest {
            var m: [String: Any] = ["tool": "caseflow", "tool_version": "0.1.0", "scenario_name": name,
                                    "scenario_sha256": scenarioSHA256, "replications": replications,
                                    "files": [["name": "timeseries.csv", "rows": manifestRows ?? lines.count - 1]]]
            if let seed { m["seed"] = seed }
            let data = try JSONSerialization.data(withJSONObject: m, options: [.sortedKeys])
            try data.write(to: dir.appendingPathComponent("manifest.json"))
        }
        return dir.path
    }
}

final class CompareTests: XCTestCase {
    let dates = ["2024-01-01", "2024-01-08", "2024-01-15"]
    var parent: URL!

    override func setUpWithError() throws { parent = try RunFixture.folder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: parent) }

    /// Three replications, three weekly dates. caseload rises by 10 a week
    /// from 100, 120 and 140; unallocated has an empty value in replication 2
    /// on 2024-01-08 and in replication 2 on the last date; a PDU whose name holds a comma.
    var baseSeries: [(SeriesKey, [[Double?]])] {
        [(RunFixture.key("caseload"), [[100, 110, 120], [120, 130, 140], [140, 150, 160]]),
         (RunFixture.key("unallocated"), [[10, 12, 10], [20, nil, nil], [30, 28, 30]]),
         (RunFixture.key("caseload", level: "pdu", entity: "Redcar, Cleveland and Middlesbrough"), [[1, 2, 3], [4, 5, 6], [7, 8, 9]])]
    }

    func open(_ path: String) throws -> RunDirectory { try RunDirectory.open(path) }

    // MARK: Reading run directories

    func testReadsTheRunBack() throws {
        let p = try RunFixture.write("base", in: parent, replications: 3, dates: dates, series: baseSeries)
        let run = try open(p)
        XCTAssertEqual(run.replications, 3)
        XCTAssertEqual(run.manifest.seed, 1)
        XCTAssertEqual(run.dates.map(\.description), dates)
        XCTAssertEqual(run.keys, baseSeries.map(\.0))
        XCTAssertEqual(run.value(RunFixture.key("caseload"), replication: 2, dateIndex: 1), 130)
        XCTAssertTrue(run.value(RunFixture.key("unallocated"), replication: 2, dateIndex: 1).isNaN, "empty = no value")
        XCTAssertEqual(Array(run.series(baseSeries[2].0, replication: 3)), [7, 8, 9])
        XCTAssertEqual(run.name, "base")
    }

    func testFilterKeepsOnlyTheChosenSeriesButAllDates() throws {
        let p = try RunFixture.write("base", in: parent, replications: 3, dates: dates, series: baseSeries)
        let run = try RunDirectory.open(p) { $0.level == "pdu" }
        XCTAssertEqual(run.keys.map(\.entity), ["Redcar, Cleveland and Middlesbrough"])
        XCTAssertEqual(run.allKeys.count, 3)
        XCTAssertEqual(run.dates.count, 3)
    }

    func testChunkedReadingGivesTheSameAnswerAndLineNumbers() throws {
        let p = try RunFixture.write("base", in: parent, replications: 3, dates: dates, series: baseSeries)
        let whole = try open(p)
        for chunk in [1, 40, 100, 1000] {
            let run = try RunDirectory.open(p, include: { _ in true }, chunkBytes: chunk)
            XCTAssertEqual(run.keys, whole.keys)
            for k in run.keys {
                for r in 1...3 {
                    XCTAssertEqual(Array(run.series(k, replication: r)).map(NumberFormat.format),
                                   Array(whole.series(k, replication: r)).map(NumberFormat.format))
                }
            }
        }
        // A bad value on line 20 is reported on line 20 whatever the chunking.
        let csv = URL(fileURLWithPath: p).appendingPathComponent("timeseries.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\n")
        lines[19] = lines[19].replacingOccurrences(of: ",caseload,", with: ",caseload,lots").replacingOccurrences(of: "lots\\d+", with: "lots", options: .regularExpression)
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        for chunk in [1, 40, 1 << 20] {
            XCTAssertThrowsError(try RunDirectory.open(p, include: { _ in true }, chunkBytes: chunk)) { e in
                XCTAssertTrue("\(e)".contains("timeseries.csv:20: column value"), "\(e)")
            }
        }
    }

    /// More dates than the reader first allows for (its columns grow), met in
    /// reverse order: they come back sorted with every value in its place.
    func testManyDatesInAnyOrder() throws {
        let start = CivilDate(iso: "2021-06-26")!
        let many = (0..<150).map { start.adding(days: 7 * $0).description }
        let k = RunFixture.key("caseload")
        let values: [[Double?]] = (1...2).map { r in (0..<150).map { Double(r * 1000 + $0) } }
        let p = try RunFixture.write("many", in: parent, replications: 2, dates: many, series: [(k, values)])
        let csv = URL(fileURLWithPath: p).appendingPathComponent("timeseries.csv")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        try ([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let run = try open(p)
        XCTAssertEqual(run.dates.map(\.description), many)
        XCTAssertEqual(Array(run.series(k, replication: 1)), (0..<150).map { 1000 + Double($0) })
        XCTAssertEqual(Array(run.series(k, replication: 2)), (0..<150).map { 2000 + Double($0) })
    }

    func testDuplicateRowsAreAnError() throws {
        let p = try RunFixture.write("dup", in: parent, replications: 3, dates: dates, series: baseSeries)
        let csv = URL(fileURLWithPath: p).appendingPathComponent("timeseries.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\n")
        lines[5] = lines[2]   // line 6 repeats line 3: replication 1, 2024-01-01, unallocated
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try open(p)) {
            XCTAssertTrue("\($0)".contains("timeseries.csv:6: a second row for replication 1, date 2024-01-01"), "\($0)")
        }
    }

    func testUnfinishedRunIsAnError() throws {
        let p = try RunFixture.write("half", in: parent, replications: 3, dates: dates, series: baseSeries, manifest: false)
        XCTAssertThrowsError(try open(p)) { e in
            XCTAssertTrue("\(e)".contains("half is an unfinished run or not a run directory"), "\(e)")
        }
        XCTAssertThrowsError(try open(parent.appendingPathComponent("nowhere").path)) { e in
            XCTAssertTrue("\(e)".hasSuffix("nowhere: no such directory"), "\(e)")
        }
    }

    func testDamagedRunsAreErrors() throws {
        // The manifest records a different row count: the file changed after the run.
        let p = try RunFixture.write("cut", in: parent, replications: 3, dates: dates, series: baseSeries, manifestRows: 99)
        XCTAssertThrowsError(try open(p)) { XCTAssertTrue("\($0)".contains("has 27 data rows but manifest.json records 99"), "\($0)") }
        // A replication beyond the manifest's.
        let q = try RunFixture.write("reps", in: parent, replications: 3, dates: dates, series: baseSeries)
        let m = URL(fileURLWithPath: q).appendingPathComponent("manifest.json")
        try String(contentsOf: m, encoding: .utf8).replacingOccurrences(of: "\"replications\":3", with: "\"replications\":2")
            .write(to: m, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try open(q)) {
            XCTAssertTrue("\($0)".contains("timeseries.csv:20: column replication: expected a whole number from 1 to 2"), "\($0)")
        }
        // Not a manifest.
        try "{\"seed\": 1}".write(to: m, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try open(q)) { XCTAssertTrue("\($0)".contains("not a caseflow run manifest (no \"replications\")"), "\($0)") }
    }

    // MARK: Comparisons

    /// A run compared with itself: every difference is exactly 0 (x − x = 0 in
    /// floating point), sd 0, so the interval is [0, 0], which contains zero.
    func testRunAgainstItselfIsExactlyZero() throws {
        let p = try RunFixture.write("base", in: parent, replications: 3, dates: dates, series: baseSeries)
        let base = try open(p)
        let c = try Comparison(baseline: base, other: base, label: "self")
        XCTAssertEqual(c.keys.count, 3)
        for k in c.keys {
            for pd in c.series(k) {
                XCTAssertEqual(pd.difference.mean, 0)
                XCTAssertEqual(pd.difference.ci95Low, 0)
                XCTAssertEqual(pd.difference.ci95High, 0)
                XCTAssertEqual(pd.baselineMean, pd.otherMean)
                XCTAssertNotEqual(pd.distinguishable, .yes)
            }
            for s in Comparison.Statistic.allCases {
                let pd = c.summary(k, s)
                XCTAssertEqual(pd.difference.mean, 0)
                XCTAssertEqual(pd.difference.sd, 0)
                XCTAssertEqual(pd.difference.ci95Low, 0)
                XCTAssertEqual(pd.difference.ci95High, 0)
                XCTAssertEqual(pd.distinguishable, .no)
            }
        }
        XCTAssertTrue(Comparison.problems(baseline: base, other: base).warnings.contains { $0.contains("expect every difference to be zero") })
    }

    /// Every value +5 in every replication: d_r = 5 for all r, so mean 5, sd 0,
    /// interval [5, 5], which excludes zero: distinguishable.
    func testConstantShiftIsDistinguishableWithZeroWidth() throws {
        let b = try RunFixture.write("base", in: parent, replications: 3, dates: dates, series: baseSeries)
        let shifted = baseSeries.map { ($0.0, $0.1.map { $0.map { $0.map { $0 + 5 } } }) }
        let o = try RunFixture.write("plus5", in: parent, replications: 3, dates: dates, series: shifted)
        let c = try Comparison(baseline: try open(b), other: try open(o), label: "plus5")
        for k in c.keys {
            for pd in c.series(k) {
                XCTAssertEqual(pd.difference.mean, 5)
                XCTAssertEqual(pd.difference.ci95Low, 5)
                XCTAssertEqual(pd.difference.ci95High, 5)
            }
            for s in Comparison.Statistic.allCases {
                let pd = c.summary(k, s)
                XCTAssertEqual(pd.difference.mean, 5)
                XCTAssertEqual(pd.difference.sd, 0)
                XCTAssertEqual(pd.difference.ci95Low, 5)
                XCTAssertEqual(pd.difference.ci95High, 5)
                XCTAssertEqual(pd.distinguishable, .yes)
            }
        }
        // caseload, final: baseline mean (120+140+160)/3 = 140, other 145.
        let f = c.summary(RunFixture.key("caseload"), .final)
        XCTAssertEqual(f.baselineMean, 140)
        XCTAssertEqual(f.otherMean, 145)
    }

    /// Pairing matters. caseload on every date:
    ///   baseline  b = 100, 120, 140 (+10 a week)    mean 120, sd 20
    ///   other     o = 104, 125, 146 (+10 a week)    mean 125, sd 21
    ///   d = o − b = 4, 5, 6                          mean 5,   sd 1
    /// Paired: 5 ± t(0.975, 2)·1/√3 = 5 ± 4.302653 × 0.577350 = 5 ± 2.484138
    ///   → [2.515862, 7.484138], excludes 0.
    /// Unpaired (pooled two-sample t, 4 df): s_p² = (20² + 21²)/2 = 420.5,
    ///   se = √(420.5 × (1/3 + 1/3)) = 16.7432, t(0.975, 4) = 2.776445,
    ///   5 ± 46.4865 → [−41.49, 51.49], contains 0; and each run's own interval
    ///   (120 ± 49.68, 125 ± 52.17) overlaps the other's.
    func testPairedIntervalExcludesZeroWhereUnpairedWouldNot() throws {
        let k = RunFixture.key("caseload")
        let b = try RunFixture.write("base", in: parent, replications: 3, dates: dates,
                                     series: [(k, [[100, 110, 120], [120, 130, 140], [140, 150, 160]])])
        let o = try RunFixture.write("other", in: parent, replications: 3, dates: dates,
                                     series: [(k, [[104, 114, 124], [125, 135, 145], [146, 156, 166]])])
        let base = try open(b), other = try open(o)
        let c = try Comparison(baseline: base, other: other, label: "other")
        for pd in c.series(k) + [c.summary(k, .final), c.summary(k, .horizonMean)] {
            XCTAssertEqual(pd.count, 3)
            XCTAssertEqual(pd.difference.mean, 5, accuracy: 1e-12)
            XCTAssertEqual(pd.difference.sd, 1, accuracy: 1e-12)
            XCTAssertEqual(pd.difference.ci95Low, 2.515862, accuracy: 1e-5)
            XCTAssertEqual(pd.difference.ci95High, 7.484138, accuracy: 1e-5)
            XCTAssertEqual(pd.distinguishable, .yes)
        }
        // The unpaired view of the same numbers on the first date.
        let bs = ReplicationSummary([100, 120, 140]), os = ReplicationSummary([104, 125, 146])
        XCTAssertEqual(bs.halfWidth, 49.6827, accuracy: 1e-3)   // 4.302653 × 20/√3
        XCTAssertEqual(os.halfWidth, 52.1668, accuracy: 1e-3)   // 4.302653 × 21/√3
        XCTAssertTrue(bs.ci95High > os.ci95Low, "the runs' own intervals overlap")
        let se = (420.5 * (2.0 / 3.0)).squareRoot()
        let half = StudentT.quantile(0.975, degreesOfFreedom: 4) * se
        XCTAssertEqual(half, 46.4865, accuracy: 1e-3)
        XCTAssertTrue(5 - half < 0 && 5 + half > 0, "the unpaired interval contains zero")
    }

    /// Empty values are skipped for that replication, so n falls.
    /// unallocated, final (2024-01-15): b = 10, —, 30; o = 13, 25, 36 → d = 3, 6 (n = 2):
    ///   mean 4.5, sd √((1.5² + 1.5²)/1) = 2.121320, sd/√2 = 1.5,
    ///   t(0.975, 1) = 12.706205 → 4.5 ± 19.059307 = [−14.559307, 23.559307]: not distinguishable.
    ///   baseline mean over the paired replications (10 + 30)/2 = 20, other (13 + 36)/2 = 24.5.
    /// horizon_mean: per replication, the mean over dates where both have a value:
    ///   r1: b 10, 12, 10 → 32/3; o 13, 15, 13 → 41/3; d = 3
    ///   r2: b 20, —, — → 20;      o 24, 25, 25 → only 2024-01-01 counts: 24; d = 4
    ///   r3: b 30, 28, 30 → 88/3;  o 36, 34, 36 → 106/3; d = 6
    ///   d = 3, 4, 6: mean 13/3 = 4.333333, sd √((1.333² + 0.333² + 1.667²)/2) = √(4.666667/2) = 1.527525,
    ///   half 4.302653 × 1.527525/√3 = 4.302653 × 0.881917 = 3.794583 → [0.538750, 8.127917]: distinguishable.
    func testMissingValuesReduceN() throws {
        let k = RunFixture.key("unallocated")
        let b = try RunFixture.write("base", in: parent, replications: 3, dates: dates,
                                     series: [(k, [[10, 12, 10], [20, nil, nil], [30, 28, 30]])])
        let o = try RunFixture.write("other", in: parent, replications: 3, dates: dates,
                                     series: [(k, [[13, 15, 13], [24, 25, 25], [36, 34, 36]])])
        let c = try Comparison(baseline: try open(b), other: try open(o), label: "other")
        let f = c.summary(k, .final)
        XCTAssertEqual(f.count, 2)
        XCTAssertEqual(f.baselineMean, 20)
        XCTAssertEqual(f.otherMean, 24.5)
        XCTAssertEqual(f.difference.mean, 4.5)
        XCTAssertEqual(f.difference.sd, 2.121320, accuracy: 1e-6)
        XCTAssertEqual(f.difference.ci95Low, -14.559307, accuracy: 1e-5)
        XCTAssertEqual(f.difference.ci95High, 23.559307, accuracy: 1e-5)
        XCTAssertEqual(f.distinguishable, .no)
        let h = c.summary(k, .horizonMean)
        XCTAssertEqual(h.count, 3)
        XCTAssertEqual(h.difference.mean, 13.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(h.difference.sd, 1.527525, accuracy: 1e-6)
        XCTAssertEqual(h.difference.ci95Low, 0.538750, accuracy: 1e-5)
        XCTAssertEqual(h.difference.ci95High, 8.127917, accuracy: 1e-5)
        XCTAssertEqual(h.distinguishable, .yes)
        XCTAssertEqual(c.series(k)[1].count, 2, "2024-01-08: replication 2 has no baseline value")
    }

    /// horizon_mean with --after 2024-01-01 counts 2024-01-08 and 2024-01-15 only.
    /// caseload: b r1 110,120 → 115; o r1 114,124 → 119 (d 4); likewise d = 5, 6.
    func testHorizonMeanAfterADate() throws {
        let k = RunFixture.key("caseload")
        let b = try RunFixture.write("base", in: parent, replications: 3, dates: dates,
                                     series: [(k, [[100, 110, 120], [120, 130, 140], [140, 150, 160]])])
        let o = try RunFixture.write("other", in: parent, replications: 3, dates: dates,
                                     series: [(k, [[0, 114, 124], [0, 135, 145], [0, 156, 166]])])
        let c = try Comparison(baseline: try open(b), other: try open(o), label: "o", after: CivilDate(iso: "2024-01-01"))
        let h = c.summary(k, .horizonMean)
        XCTAssertEqual(h.baselineMean, 135)   // (115 + 135 + 155)/3
        XCTAssertEqual(h.otherMean, 140)      // (119 + 140 + 161)/3
        XCTAssertEqual(h.difference.mean, 5, accuracy: 1e-12)
        XCTAssertThrowsError(try Comparison(baseline: try open(b), other: try open(o), label: "o", after: CivilDate(iso: "2024-01-15")))
    }

    /// One replication: a difference but no interval.
    func testOneReplicationIsNotApplicable() throws {
        let k = RunFixture.key("caseload")
        let b = try RunFixture.write("base", in: parent, replications: 1, dates: dates, series: [(k, [[100, 110, 120]])])
        let o = try RunFixture.write("other", in: parent, replications: 1, dates: dates, series: [(k, [[101, 112, 123]])])
        let c = try Comparison(baseline: try open(b), other: try open(o), label: "other")
        let f = c.summary(k, .final)
        XCTAssertEqual(f.difference.mean, 3)
        XCTAssertEqual(f.distinguishable, .notApplicable)
        let out = parent.appendingPathComponent("out")
        _ = try ComparisonWriter.write([c], to: out)
        let summary = try String(contentsOf: out.appendingPathComponent("compare_summary.csv"), encoding: .utf8)
        XCTAssertTrue(summary.contains("\nother,national,England and Wales,caseload,final,120,123,3,,,,n/a\n"), summary)
    }

    func testMismatchedRunsAreErrors() throws {
        let k = RunFixture.key("caseload")
        let b = try open(RunFixture.write("base", in: parent, replications: 3, dates: dates,
                                          series: [(k, [[1, 2, 3], [1, 2, 3], [1, 2, 3]])]))
        let twoReps = try open(RunFixture.write("two", in: parent, replications: 2, dates: dates,
                                                series: [(k, [[1, 2, 3], [1, 2, 3]])]))
        XCTAssertThrowsError(try Comparison(baseline: b, other: twoReps, label: "two")) {
            XCTAssertTrue("\($0)".contains("has 2 replication(s) but the baseline"), "\($0)")
        }
        let later = try open(RunFixture.write("later", in: parent, replications: 3, dates: ["2024-01-01", "2024-01-08", "2024-01-22"],
                                              series: [(k, [[1, 2, 3], [1, 2, 3], [1, 2, 3]])]))
        XCTAssertThrowsError(try Comparison(baseline: b, other: later, label: "later")) {
            XCTAssertTrue("\($0)".contains("different output dates"), "\($0)")
            XCTAssertTrue("\($0)".contains("2024-01-15 is only in"), "\($0)")
        }
    }

    func testDifferentSeedsWarn() throws {
        let k = RunFixture.key("caseload")
        let b = try open(RunFixture.write("base", in: parent, seed: 1, replications: 1, dates: dates, series: [(k, [[1, 2, 3]])]))
        let o = try open(RunFixture.write("other", in: parent, seed: 2, replications: 1, dates: dates, series: [(k, [[1, 2, 3]])]))
        let p = Comparison.problems(baseline: b, other: o)
        XCTAssertTrue(p.errors.isEmpty)
        XCTAssertEqual(p.warnings.count, 1)
        XCTAssertTrue(p.warnings[0].contains("not on common random numbers"))
        XCTAssertTrue(p.warnings[0].contains("still valid paired-t intervals, but wider than necessary"))
    }

    /// The two files, byte for byte, for the pairing example.
    func testWrittenFiles() throws {
        let k = RunFixture.key("caseload")
        let b = try RunFixture.write("base", in: parent, replications: 3, dates: dates,
                                     series: [(k, [[100, 110, 120], [120, 130, 140], [140, 150, 160]])])
        let o = try RunFixture.write("other", in: parent, replications: 3, dates: dates,
                                     series: [(k, [[104, 114, 124], [125, 135, 145], [146, 156, 166]])])
        let c = try Comparison(baseline: try open(b), other: try open(o), label: "other")
        let out = parent.appendingPathComponent("cmp")
        let files = try ComparisonWriter.write([c], to: out)
        XCTAssertEqual(files.map(\.rows), [3, 2])
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("compare_series.csv"), encoding: .utf8), """
        scenario,date,level,entity,metric,baseline_mean,other_mean,diff_mean,diff_ci95_low,diff_ci95_high
        other,2024-01-01,national,England and Wales,caseload,120,125,5,2.5159,7.4841
        other,2024-01-08,national,England and Wales,caseload,130,135,5,2.5159,7.4841
        other,2024-01-15,national,England and Wales,caseload,140,145,5,2.5159,7.4841

        """)
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("compare_summary.csv"), encoding: .utf8), """
        scenario,level,entity,metric,statistic,baseline_mean,other_mean,diff_mean,diff_sd,diff_ci95_low,diff_ci95_high,distinguishable
        other,national,England and Wales,caseload,final,140,145,5,1,2.5159,7.4841,yes
        other,national,England and Wales,caseload,horizon_mean,130,135,5,1,2.5159,7.4841,yes

        """)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)),
                       ["compare_series.csv", "compare_summary.csv"], "no temporaries left behind")
    }
}
