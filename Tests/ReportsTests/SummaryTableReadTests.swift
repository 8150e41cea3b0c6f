// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Reports

/// `SummaryTable.read` (what a report reads of `timeseries_summary.csv`) against the rows a
/// test wrote itself: wanted rows' six figures by date, every level's entities in file order
/// (first date only), renamed metrics under their current names, quoted names.
final class SummaryTableReadTests: XCTestCase {
    func testReadsWhatWasWrittenForManyNamesAndALaterLevel() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("summary-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Levels, entities (one with a comma, one with a quote) and metrics (one under an old name).
        let levels = ["national", "region", "pdu", "team"]
        func entities(_ level: String) -> [String] {
            switch level {
            case "national": return ["England and Wales"]
            case "region": return (0..<12).map { "Region \($0)" } + ["North, East"]
            case "pdu": return (0..<150).map { "PDU \($0)" } + ["Say \"hello\""]
            default: return (0..<40).map { "T\($0)" }
            }
        }
        let metrics = ["capacity_pct", "caseload", "unallocated", "practitioners_over_110_pct"] + (0..<30).map { "m\($0)" }
        let want: (String, String) -> Bool = { level, metric in
            (level != "team" && metric.hasPrefix("m1")) || metric == "capacity_pct" || metric == "practitioners_over_110"
        }
        let dates = ["2021-07-01", "2021-07-08", "2021-07-15"]
        func cell(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var text = TimeSeriesSummary.header.joined(separator: ",") + "\n"
        var expected: [SeriesKey: [[Double]]] = [:]   // key → per date, the six figures
        var state: UInt64 = 11
        for (d, date) in dates.enumerated() {
            // The team level first appears on the second date: listed, with no entities.
            for level in levels where level != "team" || d > 0 {
                for e in entities(level) {
                    for m in metrics {
                        var figures: [Double] = []
                        for _ in 0..<6 {
                            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                            figures.append(Double(state >> 44) / 16)
                        }
                        let f = figures.map { String($0) }
                        text += [date, level, cell(e), m, "5", f[0], "1", f[1], f[2], f[3], f[4], f[5]].joined(separator: ",") + "\n"
                        let current = MetricNames.current(m)
                        if want(level, current) {
                            expected[SeriesKey(level: level, entity: e, metric: current), default: Array(repeating: [], count: dates.count)][d] = figures
                        }
                    }
                }
            }
        }
        let path = dir.appendingPathComponent("timeseries_summary.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let t = try SummaryTable.read(path, want: want)
        XCTAssertEqual(t.dates.map(\.description), dates)
        XCTAssertEqual(t.entities["national"], entities("national"))
        XCTAssertEqual(t.entities["region"], entities("region"))
        XCTAssertEqual(t.entities["pdu"], entities("pdu"))
        XCTAssertEqual(t.entities["team"], [])
        XCTAssertEqual(Set(t.series.keys), Set(expected.keys))
        XCTAssertGreaterThan(expected.count, 1_000)
        for (key, byDate) in expected {
            let s = try XCTUnwrap(t.series[key], "\(key)")
            for d in dates.indices {
                let f = byDate[d].isEmpty ? Array(repeating: Double.nan, count: 6) : byDate[d]
                let got = [s.mean[d], s.p5[d], s.p25[d], s.p50[d], s.p75[d], s.p95[d]]
                XCTAssertEqual(got.map(\.bitPattern), f.map(\.bitPattern), "\(key) on \(dates[d])")
            }
        }
        XCTAssertNil(t.get("national", "England and Wales", "caseload"))
        XCTAssertNotNil(t.get("region", "North, East", "practitioners_over_110"))
        XCTAssertNotNil(t.get("pdu", "Say \"hello\"", "capacity_pct"))
    }
}
