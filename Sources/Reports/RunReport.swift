// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// `report.html`: one self-contained page (CSS, script and SVG inline, no
/// network request) describing a finished run or sweep directory, built only
/// from the files in it, so `caseflow report DIR` rebuilds the same bytes.
/// Sections appear only when the run has their data.
public enum RunReport {
    public static let fileName = "report.html"
    public static let nationalEntity = "England and Wales"

    /// Builds the report of the run directory `directory`.
    public static func build(run directory: String, manifest: RunManifest? = nil) throws -> String {
        let data = try RunData.load(directory, manifest: manifest)
        var page = Page(title: "\(data.title) — Caseflow report")
        page.header(data)
        page.headline(data)
        RunSections.all(data, &page)
        return page.render()
    }

    /// Builds the report of the sweep directory `directory` (one with `index.csv`).
    public static func build(sweep directory: String) throws -> String {
        try SweepReport.build(directory)
    }

    /// Whether `directory` is a sweep (it has `index.csv`).
    public static func isSweep(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("index.csv"))
    }

    /// Writes the report of `directory` (a run or a sweep) to `out` (default
    /// `directory/report.html`), through a temporary file renamed into place.
    @discardableResult
    public static func write(_ directory: String, to out: String? = nil) throws -> String {
        let html = isSweep(directory) ? try build(sweep: directory) : try build(run: directory)
        let path = out ?? (directory as NSString).appendingPathComponent(fileName)
        try OutputFile.write(Data(html.utf8), to: URL(fileURLWithPath: path))
        return path
    }
}

/// What a run directory holds, as the report uses it.
struct RunData {
    var directory: String
    var manifest: RunManifest
    var description: String?
    var summary: SummaryTable
    var headline: [HeadlineRow]
    var assumptions: [AssumptionRecord]
    /// National and regional capacity % per replication, for crossings (nil without detail).
    var detail: RunDirectory?

    var title: String {
        let name = manifest.scenarioName ?? "Caseflow run"
        return manifest.point.map { $0 == "base" ? name : "\(name) — \($0)" } ?? name
    }
    var dates: [CivilDate] { summary.dates }
    var regions: [String] { summary.entities["region"] ?? [] }
    var national: String { summary.entities["national"]?.first ?? RunReport.nationalEntity }

    /// Metrics of the national and regional series the report draws.
    static let drawn: Set<String> = [
        "capacity_pct", "practitioners_over_110", "excessive_workload", "unallocated",
        "mean_days_to_allocation", "caseload", "caseload_community", "caseload_licence", "caseload_custody",
        "staff_in_post", "staff_in_post_po", "staff_in_post_pso", "staff_in_post_pqip", "staff_in_post_spo",
        "staff_in_post_pqip_stage1", "staff_in_post_pqip_stage2", "staff_in_post_pqip_stage3", "staff_in_post_nqo",
        "vacancies", "vacancies_po", "vacancies_pso", "vacancies_spo",
        "upw_hours_outstanding", "upw_backlog_hours_outstanding", "upw_people_waiting", "ap_waiting", "si_waiting",
        "allocated_within_5wd_pct",
    ]

    static func load(_ directory: String, manifest given: RunManifest? = nil) throws -> RunData {
        let manifest = try given ?? RunDirectory.readManifest(directory)
        let summaryPath = (directory as NSString).appendingPathComponent(TimeSeriesSummary.fileName)
        let summary = try SummaryTable.read(summaryPath) { level, metric in
            switch level {
            case "national", "region":
                return drawn.contains(metric) || metric.hasPrefix("caseload_tier_") || metric.hasPrefix("crs_waiting_")
            case "pdu": return metric == "capacity_pct"
            default: return false
            }
        }
        let detail = try DetailScan.open(directory, manifest: manifest, want: { _ in true }, levels: ["national", "region"], metrics: ["capacity_pct"])
        return RunData(directory: directory, manifest: manifest, description: manifest.scenarioDescription, summary: summary,
                       headline: try HeadlineRow.read(directory), assumptions: try AssumptionRecord.read(directory),
                       detail: detail)
    }

    func national(_ metric: String) -> SummarySeries? { summary.get("national", national, metric) }
    /// The first of `names` the run has nationally (renamed metrics keep their old name in older runs).
    func nationalMetric(_ names: [String]) -> (name: String, series: SummarySeries)? {
        for n in names { if let s = national(n), s.mean.contains(where: \.isFinite) { return (n, s) } }
        return nil
    }
}

/// Human names for metrics.
enum MetricLabel {
    static let names: [String: String] = [
        "caseload": "Caseload", "unallocated": "Unallocated cases", "capacity_pct": "Capacity %",
        "practitioners_over_110": "Practitioners over 110%",
        "excessive_workload": "Practitioners with excessive workload (over 110% for 4+ weeks)",
        "staff_in_post": "Staff in post", "allocations": "Allocations", "allocated_within_5wd_pct": "Allocated within 5 working days",
        "mean_days_to_allocation": "Mean days to allocation", "reallocations": "Reallocations",
        "upw_hours_outstanding": "Unpaid work hours outstanding",
    ]
    static func name(_ m: String) -> String { names[m] ?? m.replacingOccurrences(of: "_", with: " ") }
    static func isPercent(_ m: String) -> Bool { m.hasSuffix("_pct") }
    static func format(_ m: String, _ v: Double) -> String {
        if isPercent(m) { return HTML.percent(v) }
        if m.hasPrefix("mean_days") { return HTML.number(v, decimals: 2) }
        return HTML.auto(v)
    }
}

/// The page being assembled: sections in order and a table of contents.
struct Page {
    var title: String
    var body = ""
    var toc: [(id: String, title: String)] = []
    var chartCount = 0

    init(title: String) { self.title = title }

    mutating func nextID(_ stem: String) -> String {
        chartCount += 1
        return "\(stem)-\(chartCount)"
    }

    mutating func section(_ id: String, _ heading: String, _ content: String) {
        toc.append((id, heading))
        body += "<section id=\"\(id)\" aria-labelledby=\"\(id)-h\"><h2 id=\"\(id)-h\">\(HTML.escape(heading))</h2>\n\(content)</section>\n"
    }

    mutating func header(_ d: RunData) {
        var facts: [(String, String)] = []
        if let p = d.manifest.scenarioPath { facts.append(("Scenario file", p)) }
        if let p = d.manifest.point { facts.append(("Point", p)) }
        if let first = d.dates.first, let last = d.dates.last {
            // The period simulated starts on the horizon's first day; the first
            // output date (what the charts start at) may be later — the first of
            // the next month with monthly outputs (1 July 2021 for Day 1, 26 June).
            let start = d.manifest.horizonStart.flatMap { CivilDate(iso: $0) }
            if let start, start < first {
                facts.append(("Period simulated", "\(HTML.date(start)) to \(HTML.date(last))"))
                facts.append(("Output dates", "\(HTML.date(first)) to \(HTML.date(last)) (\(d.dates.count))"))
            } else if let start {
                facts.append(("Period simulated", "\(HTML.date(start)) to \(HTML.date(last))"))
            } else {
                facts.append(("Output dates", "\(HTML.date(first)) to \(HTML.date(last))"))
            }
        }
        if let s = d.manifest.seed { facts.append(("Seed", String(s))) }
        facts.append(("Replications", String(d.manifest.replications)))
        if let v = d.manifest.toolVersion { facts.append(("Caseflow version", v)) }
        body += "<header><h1>\(HTML.escape(d.title))</h1>\n"
        if let q = d.description, !q.isEmpty { body += "<p class=\"question\">\(HTML.escape(q))</p>\n" }
        body += "<dl class=\"facts\">" + facts.map { "<div><dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd></div>" }.joined() + "</dl></header>\n"
    }

    mutating func headline(_ d: RunData) {
        guard !d.headline.isEmpty else { return }
        var t = "<table class=\"headline\"><caption>National figures at the end of the run (mean across \(d.manifest.replications) "
            + "replication\(d.manifest.replications == 1 ? "" : "s"), with the 95% confidence interval for the mean)</caption>"
            + "<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">Mean</th><th scope=\"col\" class=\"num\">95% interval</th></tr></thead><tbody>"
        for h in d.headline {
            let wholeRun = ["allocations", "allocated_within_5wd_pct", "mean_days_to_allocation", "reallocations"].contains(h.metric)
            let ci = h.replications > 1 ? "\(MetricLabel.format(h.metric, h.low)) to \(MetricLabel.format(h.metric, h.high))" : "–"
            t += "<tr><th scope=\"row\">\(HTML.escape(MetricLabel.name(h.metric)))\(wholeRun ? " (whole run)" : "")</th>"
                + "<td class=\"num\" data-metric=\"\(HTML.escape(h.metric))\">\(MetricLabel.format(h.metric, h.mean))</td><td class=\"num\">\(ci)</td></tr>"
        }
        section("headline", "Headline", t + "</tbody></table>\n")
    }

    /// A figure: the chart, the sentence saying what it shows, and its data behind a disclosure.
    static func figure(_ svg: String, sentence: String, table: String, tableTitle: String) -> String {
        let heading = tableTitle.hasPrefix("Data: ") ? String(tableTitle.dropFirst(6)) : tableTitle
        return "<figure><h3 class=\"charttitle\">\(HTML.escape(heading.prefix(1).uppercased() + heading.dropFirst()))</h3>\(svg)<figcaption>\(HTML.escape(sentence))</figcaption>"
            + "<details><summary>\(HTML.escape(tableTitle))</summary><div class=\"tablewrap\">\(table)</div></details></figure>\n"
    }

    func render() -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        s += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        s += "<title>\(HTML.escape(title))</title>\n<style>\(ReportStyle.css)</style>\n</head>\n<body>\n"
        s += "<nav aria-label=\"Contents\"><strong>Contents</strong><ul>"
            + toc.map { "<li><a href=\"#\($0.id)\">\(HTML.escape($0.title))</a></li>" }.joined() + "</ul></nav>\n<main>\n"
        s += body
        s += "<footer><p>Made by Caseflow (GPL-3.0-or-later) from the files in the run directory; rebuild it with "
            + "<code>caseflow report DIR</code>. Bands show the spread across replications (simulation noise only), not the "
            + "uncertainty in the scenario's assumptions.</p></footer>\n</main>\n<script>\(ReportStyle.script)</script>\n</body>\n</html>\n"
        return s
    }
}

/// HTML tables of chart data.
enum DataTable {
    static func html(_ header: [String], _ rows: [[String]], numericFrom: Int = 1) -> String {
        var s = "<table class=\"data\"><thead><tr>"
        for (i, h) in header.enumerated() { s += "<th scope=\"col\"\(i >= numericFrom ? " class=\"num\"" : "")>\(HTML.escape(h))</th>" }
        s += "</tr></thead><tbody>"
        for r in rows {
            s += "<tr>"
            for (i, c) in r.enumerated() { s += i == 0 ? "<th scope=\"row\">\(HTML.escape(c))</th>" : "<td\(i >= numericFrom ? " class=\"num\"" : "")>\(HTML.escape(c))</td>" }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }

    /// Date, mean and percentiles of a series.
    static func spread(_ dates: [CivilDate], _ s: SummarySeries, _ format: (Double) -> String) -> String {
        html(["Date", "Mean", "5th percentile", "25th", "Median", "75th", "95th"],
             dates.indices.map { i in [dates[i].description] + [s.mean[i], s.p5[i], s.p25[i], s.p50[i], s.p75[i], s.p95[i]].map(format) })
    }
}

/// Plain-English descriptions computed from the data.
enum Sentence {
    static func peak(_ dates: [CivilDate], _ v: [Double]) -> (Int, Double)? {
        var best: (Int, Double)?
        for (i, x) in v.enumerated() where x.isFinite { if best == nil || x > best!.1 { best = (i, x) } }
        return best
    }
    static func trough(_ dates: [CivilDate], _ v: [Double]) -> (Int, Double)? {
        var best: (Int, Double)?
        for (i, x) in v.enumerated() where x.isFinite { if best == nil || x < best!.1 { best = (i, x) } }
        return best
    }
    static func last(_ v: [Double]) -> (Int, Double)? {
        guard let i = v.lastIndex(where: \.isFinite) else { return nil }
        return (i, v[i])
    }

    /// "National capacity is above 100% throughout; it peaks at 121% in March 2023 and ends at 119.3% on 26 June 2026."
    static func capacity(_ subject: String, _ dates: [CivilDate], _ v: [Double]) -> String {
        guard let (pi, pv) = peak(dates, v), let (ti, tv) = trough(dates, v), let (li, lv) = last(v) else {
            return "\(subject) has no values."
        }
        var s = subject
        if tv > 110 { s += " is above 110% throughout (average across replications)" }
        else if tv > 100 { s += " is above 100% throughout (average across replications)" + (pv > 110 ? ", and above 110% on \(share(v) { $0 > 110 }) of output dates" : "") }
        else if pv < 100 { s += " stays below 100% throughout (average across replications)" }
        else {
            let firstBelow = v.firstIndex { $0.isFinite && $0 < 100 }!
            let firstAbove = v.firstIndex { $0.isFinite && $0 > 100 }
            s += v.first(where: \.isFinite)! > 100
                ? " starts above 100% and first falls below it in \(HTML.monthYear(dates[firstBelow])) (average across replications)"
                : " starts at or below 100% and first rises above it in \(HTML.monthYear(dates[firstAbove ?? 0])) (average across replications)"
        }
        s += "; it peaks at \(HTML.percent(pv)) in \(HTML.monthYear(dates[pi])), is lowest at \(HTML.percent(tv)) in \(HTML.monthYear(dates[ti])) "
            + "and ends at \(HTML.percent(lv)) on \(HTML.date(dates[li]))."
        return s
    }

    static func share(_ v: [Double], _ p: (Double) -> Bool) -> String {
        let finite = v.filter(\.isFinite)
        guard !finite.isEmpty else { return "none" }
        let k = finite.filter(p).count
        return "\(Int((Double(k) / Double(finite.count) * 100).rounded()))%"
    }

    /// "Unallocated cases start at 600, peak at 1,020 in March 2023 and end at 535 (average across replications)."
    static func level(_ subject: String, _ dates: [CivilDate], _ v: [Double], _ format: (Double) -> String) -> String {
        guard let first = v.firstIndex(where: \.isFinite), let (pi, pv) = peak(dates, v), let (ti, tv) = trough(dates, v),
              let (li, lv) = last(v) else { return "\(subject): no values." }
        let finite = v.filter(\.isFinite)
        let mean = finite.reduce(0, +) / Double(finite.count)
        var s = "\(subject) start\(subject.hasSuffix("s") ? "" : "s") at \(format(v[first])) on \(HTML.date(dates[first]))"
        if pv > v[first] && pi != first { s += ", peak at \(format(pv)) in \(HTML.monthYear(dates[pi]))" }
        if tv < v[first] && ti != first && ti != li { s += ", are lowest at \(format(tv)) in \(HTML.monthYear(dates[ti]))" }
        s += " and end at \(format(lv)) on \(HTML.date(dates[li])); the average over the run is \(format(mean)) (means across replications)."
        return s
    }
}
