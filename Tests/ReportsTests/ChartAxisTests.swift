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

    // MARK: reference-line labels (the 100% and 110% labels sat under the data line)

    let ref = SVGChart.Reference(value: 110, label: "110%", colour: "#D55E00")
    /// The small multiples' plot: 302 × 156 units from (62, 14).
    let plot = (left: 62.0, top: 14.0, w: 302.0, h: 156.0)

    func testALabelWithNothingInItsWayGoesAboveItsLineAtTheRight() {
        let b = SVGChart.referenceLabelBox(ref, y: 100, plot: plot, placed: []) { _, _ in [] }
        XCTAssertEqual(b.anchor, "end")
        XCTAssertEqual(b.anchorX, 360)                 // 62 + 302 − 4
        XCTAssertLessThan(b.y1, 100, "above the line")
        XCTAssertEqual(b.x1 - b.x0, 34)                // 4 characters × 8 + 2
    }

    func testALabelMovesBelowWhenTheDataCrossesAboveTheLineAtTheRight() {
        // The data runs just above the line (SVG y 85…98) over the right end only.
        let b = SVGChart.referenceLabelBox(ref, y: 100, plot: plot, placed: []) { x0, _ in
            x0 > 300 ? [(85, 98)] : []
        }
        XCTAssertEqual(b.anchor, "end")
        XCTAssertGreaterThan(b.y0, 100, "below the line")
    }

    func testALabelMovesToTheLeftWhenTheDataCrossesBothSidesAtTheRight() {
        let b = SVGChart.referenceLabelBox(ref, y: 100, plot: plot, placed: []) { x0, _ in
            x0 > 300 ? [(80, 120)] : []
        }
        XCTAssertEqual(b.anchor, "start")
        XCTAssertEqual(b.anchorX, 66)
        XCTAssertLessThan(b.y1, 100)
    }

    func testTwoLabelsDoNotOverlapAndAPlotEdgeIsRespected() {
        // 100% and 110% 10 units apart: the second label cannot sit in the first's box.
        let first = SVGChart.referenceLabelBox(ref, y: 100, plot: plot, placed: []) { _, _ in [] }
        let second = SVGChart.referenceLabelBox(SVGChart.Reference(value: 100, label: "100%", colour: "#333"),
                                                y: 110, plot: plot, placed: [first]) { _, _ in [] }
        XCTAssertFalse(first.overlaps(second))
        // A line at the plot's top edge: its label goes below it.
        let top = SVGChart.referenceLabelBox(ref, y: 15, plot: plot, placed: []) { _, _ in [] }
        XCTAssertGreaterThan(top.y0, 15)
    }

    func testInAChartTheLabelIsDrawnAfterTheDataAndClearOfIt() throws {
        // A flat line at 111 over a 90–130 axis: "110%" above its line would sit on it.
        let d = Array(dates.prefix(60))
        let svg = SVGChart.timeChart(id: "c", title: "t", dates: d,
                                     lines: [SVGChart.Line(name: "mean", values: Array(repeating: 111, count: d.count), colour: "#0072B2")],
                                     references: [ref], yFormat: { "\($0)" }, width: 380, height: 200, yDomain: (90, 130))
        let label = try XCTUnwrap(svg.range(of: "class=\"reflabel\""))
        let path = try XCTUnwrap(svg.range(of: "<path d="))
        XCTAssertLessThan(path.lowerBound, label.lowerBound, "the label is drawn over the data")
        // y(110) = 14 + 156 × (1 − 20/40) = 92; y(111) = 88.1: the label's baseline must be below 92.
        let tail = svg[label.upperBound...]
        let yText = tail.range(of: "y=\"")!.upperBound
        let baseline = Double(tail[yText...].prefix { $0 != "\"" })!
        XCTAssertGreaterThan(baseline, 92 + 10)
    }
}
