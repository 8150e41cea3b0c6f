// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import caseflow
@testable import Reports

/// The report of a small run and of a small sweep, loaded in Debian's
/// chromium (headless, over the DevTools protocol): no console messages or
/// exceptions, no network request but the page itself, every expected chart
/// in the DOM, a screenshot with the charts' colours in it, and numbers on the
/// page equal to those in summary.csv.
final class BrowserReportTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// The scenario: Sheffield (one region, one PDU), with a variant for the sweep.
    func scenario() throws -> String {
        var text = try String(contentsOf: Self.root.appendingPathComponent("scenarios/single-pdu.yaml"), encoding: .utf8)
        if let r = text.range(of: "\nvariants:") { text = String(text[..<r.lowerBound]) + "\n" }
        text += "\nvariants:\n  - name: round-robin\n    description: allocation in turn\n    set: { allocation.policy: round-robin }\n"
        let path = dir.appendingPathComponent("sheffield.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The page refers to nothing outside itself: no src, no link but to its own anchors, no url(), no @import.
    func assertSelfContained(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        for pattern in ["src=", "@import", "url(", "<link", "<iframe", "<object", "<embed"] {
            XCTAssertFalse(html.contains(pattern), "the report contains \(pattern)", file: file, line: line)
        }
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertTrue(hrefs.allSatisfy { $0.hasPrefix("#") }, "links outside the page: \(hrefs.filter { !$0.hasPrefix("#") })", file: file, line: line)
        let urls = html.components(separatedBy: "://").dropFirst().map { "://" + $0.prefix(24) }
        XCTAssertTrue(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg\"") }, "addresses in the page: \(urls)", file: file, line: line)
    }

    /// Loads `page` and checks what every report must satisfy; returns the browser for more checks.
    func open(_ page: URL, browser: Browser) throws {
        try browser.load(page)
        XCTAssertEqual(browser.problems, [], "console messages, exceptions or log entries")
        XCTAssertEqual(browser.requests, [page.absoluteString], "the page requested something besides itself")
        let png = try browser.screenshot()
        let image = try PNGImage(png)
        XCTAssertGreaterThan(image.width, 800)
        XCTAssertGreaterThan(image.inked(), 0.03, "the screenshot is (nearly) blank")
        XCTAssertGreaterThan(image.count(near: (0, 114, 178)), 300, "no mean lines (Okabe–Ito blue) in the screenshot")
        // Every disclosure holds a table; every chart has a title for screen readers.
        XCTAssertEqual(try browser.evaluate("[...document.querySelectorAll('details')].every(d => d.querySelector('table') && d.querySelector('button.copy'))") as? Bool, true)
        XCTAssertEqual(try browser.evaluate("[...document.querySelectorAll('svg.chart')].every(s => s.querySelector('title') && s.getBBox().width > 0)") as? Bool, true)
    }

    func summaryFinal(_ runDir: URL, _ metric: String) throws -> Double {
        let text = try String(contentsOf: runDir.appendingPathComponent("summary.csv"), encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("national,England and Wales,\(metric),final,") }
        let fields = try XCTUnwrap(line).split(separator: ",", omittingEmptySubsequences: false)
        return try XCTUnwrap(Double(fields[5]))
    }

    func testRunAndSweepReportsInABrowser() throws {
        let scenario = try scenario()
        let browser = try Browser()
        defer { browser.close() }

        // A run.
        let runDir = dir.appendingPathComponent("run")
        try Run.parse([scenario, "--out", runDir.path, "--quiet", "--jobs", "2", "--replications", "2"]).run()
        let page = runDir.appendingPathComponent("report.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        assertSelfContained(html)
        try open(page, browser: browser)
        let sections = try XCTUnwrap(browser.evaluate("[...document.querySelectorAll('main section')].map(s => s.id)") as? [String])
        // Sections follow the data: this scenario has workforce metrics (vacancies) and no interventions.
        let summaryText = try String(contentsOf: runDir.appendingPathComponent("timeseries_summary.csv"), encoding: .utf8)
        XCTAssertTrue(summaryText.contains(",national,England and Wales,vacancies,"))
        XCTAssertFalse(summaryText.contains(",upw_hours_outstanding,"))
        XCTAssertEqual(sections, ["headline", "capacity", "heatmap", "overloaded", "allocation", "caseload", "workforce", "crossings", "assumptions"])
        XCTAssertEqual(try browser.evaluate("document.querySelectorAll('#capacity svg.chart').length") as? Int, 2, "national and one region")
        XCTAssertEqual(try browser.evaluate("document.querySelectorAll('#heatmap rect[fill]').length") as? Int ?? 0 > 20, true)
        // Numbers on the page equal summary.csv's final means (capacity to one decimal place, caseload whole).
        let capacity = try summaryFinal(runDir, "capacity_pct"), caseload = try summaryFinal(runDir, "caseload")
        let shown = try XCTUnwrap(browser.evaluate("Object.fromEntries([...document.querySelectorAll('td[data-metric]')].map(td => [td.dataset.metric, td.textContent]))") as? [String: String])
        XCTAssertEqual(shown["capacity_pct"], String(format: "%.1f%%", capacity))
        let grouped = NumberFormatter()
        grouped.numberStyle = .decimal; grouped.locale = Locale(identifier: "en_GB"); grouped.maximumFractionDigits = 0
        XCTAssertEqual(shown["caseload"], grouped.string(from: NSNumber(value: caseload.rounded())))
        // The last row of the national capacity table is the last date's mean in timeseries_summary.csv.
        let lastRow = try XCTUnwrap(browser.evaluate("[...document.querySelectorAll('#capacity details')][0].querySelector('tbody tr:last-child').textContent") as? String)
        let last = try XCTUnwrap(summaryText.split(separator: "\n").last { $0.contains(",national,England and Wales,capacity_pct,") })
        let f = last.split(separator: ",")
        XCTAssertTrue(lastRow.hasPrefix(String(f[0]) + String(format: "%.1f", Double(f[5])!)), "\(lastRow) vs \(last)")

        // caseflow report rebuilds the same bytes.
        let rebuilt = dir.appendingPathComponent("again.html")
        XCTAssertEqual(ReportRun.run(directory: runDir.path, out: rebuilt.path).status, 0)
        XCTAssertEqual(try Data(contentsOf: rebuilt), try Data(contentsOf: page))

        // A sweep.
        let sweepDir = dir.appendingPathComponent("sweep")
        let outcome = SweepRun.run(SweepRequest(file: scenario, out: sweepDir.path, jobs: 2, replications: 2))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("Report: \(sweepDir.path)/report.html"))
        let sweepPage = sweepDir.appendingPathComponent("report.html")
        assertSelfContained(try String(contentsOf: sweepPage, encoding: .utf8))
        try open(sweepPage, browser: browser)
        let sweepSections = try XCTUnwrap(browser.evaluate("[...document.querySelectorAll('main section')].map(s => s.id)") as? [String])
        XCTAssertEqual(Array(sweepSections.prefix(3)), ["points", "differences", "bypoint"])
        XCTAssertTrue(sweepSections.contains("capacity"), "the base point's charts follow")
        let baseCapacity = try summaryFinal(sweepDir.appendingPathComponent("base"), "capacity_pct")
        let pointCapacity = try summaryFinal(sweepDir.appendingPathComponent("round-robin"), "capacity_pct")
        let row = try XCTUnwrap(browser.evaluate("[...document.querySelectorAll('#differences tbody tr')].map(r => r.textContent).find(t => t.startsWith('round-robinCapacity %'))") as? String)
        XCTAssertTrue(row.contains(String(format: "%.1f%%%.1f%%", baseCapacity, pointCapacity)), row)
        XCTAssertGreaterThan(try browser.evaluate("document.querySelectorAll('#bypoint svg.chart circle').length") as? Int ?? 0, 3)
    }
}
