// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Probation
@testable import Reports
import Simulation

/// Replication results built by hand, so every summary figure can be worked out on paper.
enum ResultFixture {
    static let national = OutputEntity(level: .national, name: "England and Wales")
    static let north = OutputEntity(level: .region, name: "North")

    /// `values[r][row]`: replication r's value in each row of a layout of
    /// 2 dates × (national, North) × one metric `m`, in output order.
    static func results(_ values: [[Double]], metric: String = "caseload") -> [ReplicationResult] {
        values.enumerated().map { r, v in
            var t = TimeSeriesTable()
            t.dates = [CivilDate(year: 2024, month: 1, day: 1)!, CivilDate(year: 2024, month: 1, day: 8)!]
            t.entities = [national, north]
            t.metrics = [metric]
            for d in 0..<2 {
                for e in 0..<2 { t.append(date: d, entity: e, metric: 0, v[d * 2 + e]) }
            }
            return ReplicationResult(replication: r, timeSeries: t, wmtSnapshots: [], events: 0,
                                     headline: [(name: metric, value: v[2])])
        }
    }
}

final class TimeSeriesSummaryTests: XCTestCase {
    /// Five replication values 10, 3, 1, 4, 2 (sorted 1, 2, 3, 4, 10); type-7
    /// percentiles at h = 4p: p5 at h = 0.2 → 1 + 0.2 × (2 − 1) = 1.2;
    /// p25 at h = 1 → 2; p50 → 3; p75 → 4; p95 at h = 3.8 → 4 + 0.8 × (10 − 4) = 8.8.
    /// Mean 4; sd = √((9 + 4 + 1 + 0 + 36) / 4) = √12.5 = 3.5355.
    func testPercentilesWorkedByHand() {
        let s = SpreadAcrossReplications([10, 3, 1, 4, 2])
        XCTAssertEqual(s.count, 5)
        XCTAssertEqual(s.mean, 4)
        XCTAssertEqual(s.sd, 12.5.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(s.p5, 1.2, accuracy: 1e-12)
        XCTAssertEqual(s.p25, 2)
        XCTAssertEqual(s.p50, 3)
        XCTAssertEqual(s.p75, 4)
        XCTAssertEqual(s.p95, 8.8, accuracy: 1e-12)
        // Four values 1, 2, 4, 8 (h = 3p): p5 at 0.15 → 1.15; p25 at 0.75 → 1.75;
        // p50 at 1.5 → 3; p75 at 2.25 → 4 + 0.25 × 4 = 5; p95 at 2.85 → 4 + 0.85 × 4 = 7.4.
        let e = SpreadAcrossReplications([8, .nan, 1, 4, 2])
        XCTAssertEqual(e.count, 4, "a replication with no value is left out")
        XCTAssertEqual(e.p5, 1.15, accuracy: 1e-12)
        XCTAssertEqual(e.p25, 1.75, accuracy: 1e-12)
        XCTAssertEqual(e.p50, 3, accuracy: 1e-12)
        XCTAssertEqual(e.p75, 5, accuracy: 1e-12)
        XCTAssertEqual(e.p95, 7.4, accuracy: 1e-12)
        let one = SpreadAcrossReplications([7])
        XCTAssertEqual([one.mean, one.p5, one.p95], [7, 7, 7])
        XCTAssertTrue(one.sd.isNaN, "no spread from one value")
        XCTAssertTrue(SpreadAcrossReplications([.nan]).mean.isNaN)
    }

    func testFileHasOneRowPerDateEntityMetricAcrossReplications() throws {
        // Rows: (d1, national), (d1, North), (d2, national), (d2, North).
        let results = ResultFixture.results([[10, 1, 20, 2], [3, 1, 22, .nan], [1, 1, 24, 2], [4, 1, 26, 6], [2, 1, 28, 2]])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-tss-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(try TimeSeriesSummary.write(results, dir).rows, 4)
        let text = try String(contentsOf: dir.appendingPathComponent("timeseries_summary.csv"), encoding: .utf8)
        XCTAssertEqual(text.split(separator: "\n").map(String.init), [
            "date,level,entity,metric,replications,mean,sd,p5,p25,p50,p75,p95",
            "2024-01-01,national,England and Wales,caseload,5,4,3.5355,1.2,2,3,4,8.8",
            "2024-01-01,region,North,caseload,5,1,0,1,1,1,1,1",
            // 20, 22, 24, 26, 28: mean 24, sd √(40/4) = 3.1623, p5 = 20.4, p95 = 27.6.
            "2024-01-08,national,England and Wales,caseload,5,24,3.1623,20.4,22,24,26,27.6",
            // 2, 2, 6, 2 (one replication without a value): sorted 2, 2, 2, 6; mean 3, sd 2; p75 at h = 2.25 → 3; p95 at 2.85 → 5.4.
            "2024-01-08,region,North,caseload,4,3,2,2,2,2,3,5.4",
        ])
    }

    /// Counts' intervals stop at zero; vacancies (which can be negative) keep theirs.
    /// Values 0, 0, 0, 0, 1: mean 0.2, sd √0.2 = 0.44721, t(0.975, 4) = 2.776445,
    /// half-width 2.776445 × 0.44721 / √5 = 0.555289 → [−0.355289, 0.755289].
    func testCountIntervalsDoNotGoBelowZero() {
        let s = ReplicationSummary([0, 0, 0, 0, 1])
        XCTAssertEqual(s.ci95Low, -0.355289, accuracy: 1e-5)
        let count = MetricKind.interval(s, metric: "unallocated")
        XCTAssertEqual(count.low, 0)
        XCTAssertEqual(count.high, 0.755289, accuracy: 1e-5)
        let vacancies = MetricKind.interval(s, metric: "vacancies_po")
        XCTAssertEqual(vacancies.low, -0.355289, accuracy: 1e-5)
        XCTAssertTrue(MetricKind.canBeNegative("vacancy_pct_po"))
        XCTAssertFalse(MetricKind.canBeNegative("capacity_pct"))
    }

    func testHeadlineAndSummaryUseTheTruncatedInterval() throws {
        let results = ResultFixture.results([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0]],
                                            metric: "unallocated")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-tss-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try RunWriter.writeHeadline(results, dir)
        let headline = try String(contentsOf: dir.appendingPathComponent("headline.csv"), encoding: .utf8)
        XCTAssertEqual(headline.split(separator: "\n").last, "unallocated,5,0.2,0.4472,0,0.7553,0,0,0.6")
    }

    /// A run written before the rename (practitioners_over_110_pct, a count) reads with the new name.
    func testRenamedMetricsReadUnderTheirNewNames() throws {
        let parent = try RunFixture.folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let path = try RunFixture.write("old", in: parent, replications: 2, dates: ["2024-01-01", "2024-01-08"],
                                        series: [(RunFixture.key("practitioners_over_110_pct"), [[3, 4], [5, 6]]),
                                                 (RunFixture.key("capacity_pct"), [[101, 102], [103, 104]])])
        let run = try RunDirectory.open(path)
        XCTAssertEqual(run.keys.map(\.metric), ["practitioners_over_110", "capacity_pct"])
        XCTAssertEqual(run.value(RunFixture.key("practitioners_over_110"), replication: 2, dateIndex: 1), 6)
        XCTAssertEqual(MetricNames.current("practitioners_over_100_pct"), "practitioners_over_100")
        XCTAssertEqual(MetricNames.current("capacity_pct"), "capacity_pct", "a percentage keeps its name")
        XCTAssertEqual(MetricNames.current("allocations_over_110_pct"), "allocations_holder_over_110")
        XCTAssertEqual(MetricNames.current("allocations_over_100_pct"), "allocations_holder_over_100")
        let scanned = try XCTUnwrap(DetailScan.open(path, want: { _ in true }, levels: ["national"], metrics: ["practitioners_over_110"]))
        XCTAssertEqual(scanned.value(RunFixture.key("practitioners_over_110"), replication: 1, dateIndex: 0), 3)
    }
}
