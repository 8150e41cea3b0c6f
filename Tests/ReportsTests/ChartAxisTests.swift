// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 11: year labels overlapped on the report's small regional charts (a
// run starting 26 June 2021 put "2021" and "2022" 31 units apart).
import Foundation
import XCTest
@testable import Reports
import Simulation

final class ChartAxisTests: XCTestCase {
    /// Weekly dates from 26 June 2021 for five years.
    let dates = (0..<261).map { CivilDate(iso: "2021-06-26")!.adding(days: 7 * $0) }

    func labels(width: Double) -> [(x: Double, label: String)] {
        let n = Double(dates.count - 1)
        let x: (Int) -> Double = { 62 + width * Double($0) / n }
        return SVGChart.dateTicks(dates, x: x).compactMap { t in t.label.map { (x(t.index), $0) } }
    }

    func testANarrowChartGivesTheRunsStartWayToTheNextYear() {
        // The small multiples: 380 units wide, 302 of plot.
        let shown = labels(width: 302)
        XCTAssertEqual(shown.map(\.label), ["2022", "2023", "2024", "2025", "2026"])
        for (a, b) in zip(shown, shown.dropFirst()) {
            // Four characters at 13 units are about 32 wide: centres at least 42 apart never touch.
            XCTAssertGreaterThanOrEqual(b.x - a.x, 42, "\(a.label) and \(b.label)")
        }
    }

    func testAWideChartKeepsTheStartLabel() {
        let shown = labels(width: 682)
        XCTAssertEqual(shown.map(\.label), ["2021", "2022", "2023", "2024", "2025", "2026"])
    }

    func testEveryYearKeepsItsTickLineEvenWithoutALabel() {
        let n = Double(dates.count - 1)
        let ticks = SVGChart.dateTicks(dates, x: { 62 + 302 * Double($0) / n })
        XCTAssertEqual(ticks.count, 6, "the start and 1 January of 2022 to 2026")
        XCTAssertNil(ticks[0].label)
    }

    func testQuarterLabelsOnAShortNarrowRunDoNotCollide() {
        let short = (0..<105).map { CivilDate(iso: "2021-06-26")!.adding(days: 7 * $0) }
        let n = Double(short.count - 1)
        let x: (Int) -> Double = { 62 + 302 * Double($0) / n }
        let shown = SVGChart.dateTicks(short, x: x).compactMap { t in t.label.map { (x(t.index), $0) } }
        XCTAssertGreaterThanOrEqual(shown.count, 3)
        for (a, b) in zip(shown, shown.dropFirst()) {
            XCTAssertGreaterThanOrEqual(b.0 - a.0, Double(a.1.count) * 8 + 10, "\(a.1) and \(b.1)")
        }
    }
}
