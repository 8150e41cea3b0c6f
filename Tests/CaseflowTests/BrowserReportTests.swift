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

    /// The report of a small uncertainty study (the tiny one-PDU scenario of
    /// UncertaintyCommandTests: the inflow's range, a range the model never
    /// reads, the custody share): its three sections, a tornado chart per key
    /// outcome with one bar per range drawn largest first and its ranking equal
    /// to sensitivity.csv, and fans with both bands whose tables equal
    /// uncertainty_summary.csv.
    func testUncertaintyReportInABrowser() throws {
        let scenario = try SweepCommandTests().writeScenario(in: dir, text: UncertaintyCommandTests.scenario)
        let out = dir.appendingPathComponent("study")
        let outcome = UncertaintyRun.run(file: scenario, request: UncertaintyRequest(samples: 12, vary: UncertaintyCommandTests.vary, bootstrap: 50),
                                         replications: 2, seed: nil, settings: [], out: out.path, jobs: 2, planOnly: false, log: { _ in })
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let page = out.appendingPathComponent("report.html")
        assertSelfContained(try String(contentsOf: page, encoding: .utf8))
        let browser = try Browser()
        defer { browser.close() }
        try open(page, browser: browser)
        XCTAssertEqual(try browser.evaluate("[...document.querySelectorAll('main section')].map(s => s.id)") as? [String], ["ranges", "drivers", "fans"])
        let parameters = ["demand.sentences_per_week.national", "cases.tier_changes.escalation_share", "cases.custody_share"]
        XCTAssertEqual(try browser.evaluate("[...document.querySelectorAll('#ranges tbody tr > :first-child')].map(c => c.textContent)") as? [String], parameters)

        // sensitivity.csv, by outcome: parameter -> PRCC as the ranking shows it (3 decimals).
        var prcc: [String: [String: String]] = [:]
        for line in try String(contentsOf: out.appendingPathComponent("sensitivity.csv"), encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, f[2] == "prcc", let e = Double(f[3]) else { continue }
            prcc[f[0], default: [:]][f[1]] = String(format: "%.3f", e)
        }

        // Tornado charts: one per key outcome, one labelled bar per range, bars in
        // decreasing order of length, the ranking table equal to sensitivity.csv.
        let tornadoes = try XCTUnwrap(browser.evaluate("""
            [...document.querySelectorAll('#drivers figure')].filter(f => f.querySelector('svg[id^="tornado-"]')).map(f => ({
              title: f.querySelector('svg title').textContent,
              labels: [...f.querySelectorAll('svg text.hlabel')].map(t => t.textContent),
              widths: [...f.querySelectorAll('svg > rect')].map(r => r.getBBox().width),
              rows: [...f.querySelectorAll('details tbody tr')].map(r => [...r.children].map(td => td.textContent)),
              caption: f.querySelector('figcaption').textContent
            }))
            """) as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(tornadoes.count, 3, "a tornado for the crossing and for each national series at the end")
        // The caption names (at most three of) only the assumptions whose 95% interval, as the
        // ranking shows it, excludes zero — or says that none does; and never shows a
        // censored crossing date as if it were a date.
        for t in tornadoes {
            let rows = try XCTUnwrap(t["rows"] as? [[String]]), caption = try XCTUnwrap(t["caption"] as? String)
            let separated = rows.filter { r in
                guard let low = Double(r[4]), let high = Double(r[5]) else { return false }
                return low > 0 || high < 0
            }.map { $0[1] }
            if separated.isEmpty {
                XCTAssertTrue(caption.hasPrefix("No assumption's effect on "), caption)
            } else {
                // "…: a.b, c.d, e.f. Over both …" (parameter paths hold dots but no ". ").
                let after = String(try XCTUnwrap(caption.firstRange(of: ": ").map { caption[$0.upperBound...] }, caption))
                let named = after.firstRange(of: ". ").map { String(after[..<$0.lowerBound]) } ?? String(after.dropLast())
                XCTAssertEqual(named.components(separatedBy: ", "), Array(separated.prefix(3)), caption)
            }
        }
        var matched = 0
        for t in tornadoes {
            let title = try XCTUnwrap(t["title"] as? String)
            let labels = try XCTUnwrap(t["labels"] as? [String]), widths = try XCTUnwrap(t["widths"] as? [Double])
            let rows = try XCTUnwrap(t["rows"] as? [[String]])
            XCTAssertEqual(Set(labels), Set(parameters), title)
            XCTAssertEqual(rows.map { $0[1] }, labels, "\(title): the ranking lists the bars in order")
            XCTAssertLessThanOrEqual(widths.count, 3, title)
            XCTAssertEqual(widths, widths.sorted(by: >), "\(title): bars are drawn largest first")
            guard title.hasPrefix("Which assumptions drive "), let csv = prcc[String(title.dropFirst("Which assumptions drive ".count))] else { continue }
            matched += 1
            for r in rows { XCTAssertEqual(r[3], csv[r[1]], "\(title): \(r[1])") }
        }
        XCTAssertGreaterThan(matched, 0, "no tornado named an outcome of sensitivity.csv")
        // The inflow drives capacity at the end: it leads that ranking.
        let capacity = try XCTUnwrap(tornadoes.first { ($0["title"] as? String)?.contains("capacity_pct national") == true })
        XCTAssertEqual((capacity["labels"] as? [String])?.first, "demand.sentences_per_week.national")

        // Fans: the total (light) and parameter (dark) bands and the mean line,
        // the parameter band inside the total one, the table equal to
        // uncertainty_summary.csv.
        let fans = try XCTUnwrap(browser.evaluate("""
            [...document.querySelectorAll('#fans figure')].map(f => ({
              title: f.querySelector('svg title').textContent,
              bands: [...f.querySelectorAll('svg path[fill-opacity]')].filter(p => p.getAttribute('fill') !== 'none').map(p => { const b = p.getBBox(); return [b.y, b.height, +p.getAttribute('fill-opacity')]; }),
              lines: f.querySelectorAll('svg path[fill="none"][stroke-width="2"]').length,
              rows: [...f.querySelectorAll('details tbody tr')].map(r => [...r.children].map(td => td.textContent))
            }))
            """) as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(fans.count, 1)
        var summary: [String: [String]] = [:]
        for line in try String(contentsOf: out.appendingPathComponent("uncertainty_summary.csv"), encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if f[0] == "national" && f[2] == "capacity_pct" { summary[f[3]] = f }
        }
        for fan in fans {
            let title = try XCTUnwrap(fan["title"] as? String)
            let bands = try XCTUnwrap(fan["bands"] as? [[Double]])
            XCTAssertEqual(bands.map { $0[2] }, [0.25, 0.35], "\(title): the total band, then the parameter band")
            XCTAssertTrue(bands.allSatisfy { $0[1] > 0 }, "\(title): a band of no height")
            XCTAssertGreaterThanOrEqual(bands[1][0], bands[0][0] - 0.5, "\(title): the parameter band reaches above the total band")
            XCTAssertLessThanOrEqual(bands[1][0] + bands[1][1], bands[0][0] + bands[0][1] + 0.5, "\(title): the parameter band reaches below the total band")
            XCTAssertEqual(fan["lines"] as? Int, 1, "\(title): one mean line")
        }
        let capacityFan = try XCTUnwrap(fans.first { ($0["title"] as? String)?.hasPrefix("capacity_pct, national") == true })
        let rows = try XCTUnwrap(capacityFan["rows"] as? [[String]])
        XCTAssertGreaterThan(rows.count, 5)
        XCTAssertEqual(rows.count, summary.count, "a 12-week study shows every weekly date")
        for r in rows {
            let f = try XCTUnwrap(summary[r[0]], r[0])
            // Date, mean, parameters 5% and 95%, all runs 5% and 95%.
            let expected = [f[3]] + [f[4], f[5], f[7], f[8], f[10]].map { String(format: "%.0f%%", Double($0)!) }
            XCTAssertEqual(r, expected)
        }
    }
}
