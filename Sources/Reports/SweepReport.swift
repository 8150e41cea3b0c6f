// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// The report of a sweep directory: every point against the base on paired
/// differences (what `caseflow compare` computes), a chart of the key metrics
/// by point, then the base point's own report.
enum SweepReport {
    /// National metrics compared, in order (the first name a run has of each).
    static let keyMetrics: [[String]] = [["capacity_pct"], ["practitioners_over_110"],
                                         ["excessive_workload"], ["unallocated"], ["mean_days_to_allocation"],
                                         ["allocated_within_5wd_pct"], ["caseload"], ["staff_in_post"], ["upw_hours_outstanding"]]

    struct Point { var id: String; var overrides: String; var directory: String }

    static func points(_ directory: String) throws -> [Point] {
        let path = (directory as NSString).appendingPathComponent("index.csv")
        guard let data = FileManager.default.contents(atPath: path) else { throw RunDirectoryError("\(path): cannot be read") }
        let (records, errors) = CSV.parse(String(decoding: data, as: UTF8.self))
        if let e = errors.first { throw RunDirectoryError("\(path):\(e.line): \(e.message)") }
        guard records.first?.fields == ["point", "overrides", "run_directory"] else {
            throw RunDirectoryError("\(path):1: expected the header point,overrides,run_directory")
        }
        return records.dropFirst().map { r in
            Point(id: r.fields[0], overrides: r.fields.count > 1 ? r.fields[1] : "",
                  directory: (directory as NSString).appendingPathComponent(r.fields.count > 2 ? r.fields[2] : r.fields[0]))
        }
    }

    static func build(_ directory: String) throws -> String {
        let points = try points(directory)
        guard let base = points.first(where: { $0.id == "base" }) ?? points.first else {
            throw RunDirectoryError("\(directory)/index.csv lists no points")
        }
        let baseData = try RunData.load(base.directory)
        let metricNames = Set(keyMetrics.flatMap { $0 })
        func open(_ p: Point) throws -> RunDirectory? {
            try DetailScan.open(p.directory, want: { $0.level == "national" }, levels: ["national"], metrics: metricNames)
        }
        var page = Page(title: "\(baseData.manifest.scenarioName ?? "Sweep") — sweep of \(points.count) points — Caseflow report")
        page.body += "<header><h1>\(HTML.escape(baseData.manifest.scenarioName ?? "Sweep")): sweep of \(points.count) point\(points.count == 1 ? "" : "s")</h1>\n"
        if let q = baseData.description, !q.isEmpty { page.body += "<p class=\"question\">\(HTML.escape(q))</p>\n" }
        var facts: [(String, String)] = []
        if let p = baseData.manifest.scenarioPath { facts.append(("Scenario file", p)) }
        if let s = baseData.manifest.seed { facts.append(("Seed", String(s))) }
        facts.append(("Replications per point", String(baseData.manifest.replications)))
        if let v = baseData.manifest.toolVersion { facts.append(("Caseflow version", v)) }
        page.body += "<dl class=\"facts\">" + facts.map { "<div><dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd></div>" }.joined() + "</dl></header>\n"

        // Points.
        page.section("points", "Points", "<p>Every point runs the same replications with the same seed (common random numbers), so replication r "
                     + "of a point is paired with replication r of the base. Each point's own report is <code>report.html</code> in its directory.</p>"
                     + DataTable.html(["Point", "Overrides", "Directory"], points.map { [$0.id, $0.overrides.isEmpty ? "—" : $0.overrides,
                                                                                      ($0.directory as NSString).lastPathComponent] }, numericFrom: 9))

        guard let baseRun = try open(base) else {
            page.section("differences", "Points against the base", "<p>The base has no per-replication time series (it was run with <code>--detail</code> "
                         + "leaving out the national level), so paired differences cannot be formed.</p>")
            return page.render()
        }
        var rows: [[String]] = []
        var perMetric: [String: [(label: String, value: Double, low: Double, high: Double)]] = [:]
        var means: [String: [(label: String, value: Double, low: Double, high: Double)]] = [:]
        var metricOrder: [String] = []
        var notable: [String] = []
        let baseSummary = baseRun
        for names in keyMetrics {
            guard let m = names.first(where: { baseRun.contains(SeriesKey(level: "national", entity: baseData.national, metric: $0)) }) else { continue }
            metricOrder.append(m)
            let key = SeriesKey(level: "national", entity: baseData.national, metric: m)
            let finals = (1...baseSummary.replications).map { baseSummary.value(key, replication: $0, dateIndex: baseSummary.dates.count - 1) }.filter(\.isFinite)
            let s = ReplicationSummary(finals)
            let ci = MetricKind.interval(s, metric: m)
            means[m, default: []].append((base.id, s.mean, ci.low, ci.high))
        }
        for p in points where p.id != base.id {
            guard let other = try open(p) else { continue }
            let comparison: Comparison
            do { comparison = try Comparison(baseline: baseRun, other: other, label: p.id) } catch {
                rows.append([p.id, "cannot be compared: \(error)", "", "", "", "", ""])
                continue
            }
            for m in metricOrder {
                let key = SeriesKey(level: "national", entity: baseData.national, metric: m)
                guard other.contains(key) else { continue }
                let diff = comparison.summary(key, .final)
                let fmt: (Double) -> String = { MetricLabel.format(m, $0) }
                let ci = diff.count >= 2 ? "\(signed(diff.difference.ci95Low, fmt)) to \(signed(diff.difference.ci95High, fmt))" : "–"
                rows.append([p.id, MetricLabel.name(m), fmt(diff.baselineMean), fmt(diff.otherMean), signed(diff.difference.mean, fmt), ci,
                             diff.distinguishable == .yes ? "yes" : (diff.distinguishable == .no ? "no" : "n/a")])
                perMetric[m, default: []].append((p.id, diff.difference.mean, diff.count >= 2 ? diff.difference.ci95Low : .nan,
                                                  diff.count >= 2 ? diff.difference.ci95High : .nan))
                let finals = (1...other.replications).map { other.value(key, replication: $0, dateIndex: other.dates.count - 1) }.filter(\.isFinite)
                let s = ReplicationSummary(finals)
                let mci = MetricKind.interval(s, metric: m)
                means[m, default: []].append((p.id, s.mean, mci.low, mci.high))
                if m == "capacity_pct" && diff.distinguishable == .yes {
                    notable.append("\(p.id) changes end-of-run capacity by \(signed(diff.difference.mean, fmt)) points (95% interval \(ci))")
                }
            }
        }
        let sentence = notable.isEmpty
            ? "No point changes national capacity at the end of the run by more than simulation noise (every paired 95% interval contains zero), or there is only the base."
            : notable.joined(separator: "; ") + "."
        page.section("differences", "Points against the base (paired)",
                     "<p>Each row: the national value at the end of the run, the mean of the per-replication differences point − base and its 95% "
                     + "Student-t interval, as <code>caseflow compare</code> computes them (<code>compare_summary.csv</code>, statistic <code>final</code>). "
                     + "“Distinguishable” means the interval excludes zero.</p><p class=\"sentence\">\(HTML.escape(sentence))</p>"
                     + "<div class=\"tablewrap wide\">"
                     + DataTable.html(["Point", "Measure", "Base", "Point", "Difference", "95% interval", "Distinguishable"], rows, numericFrom: 2)
                     + "</div>")

        // Key metrics by point.
        var charts = ""
        for m in metricOrder {
            guard let items = means[m], items.count > 1 else { continue }
            let fmt: (Double) -> String = { MetricLabel.format(m, $0) }
            let svg = SVGChart.intervals(id: page.nextID("points"), title: "\(MetricLabel.name(m)) at the end of the run by point",
                                         items: items, reference: nil, valueText: fmt)
            let best = items.min { $0.value < $1.value }!, worst = items.max { $0.value < $1.value }!
            let sentence = "\(MetricLabel.name(m)) at the end of the run ranges from \(fmt(best.value)) (\(best.label)) to \(fmt(worst.value)) (\(worst.label)); "
                + "dots are means across replications, lines their 95% intervals."
            charts += Page.figure(svg, sentence: sentence,
                table: DataTable.html(["Point", "Mean", "95% interval low", "95% interval high"], items.map { [$0.label, fmt($0.value), fmt($0.low), fmt($0.high)] }),
                tableTitle: "Data: \(MetricLabel.name(m)) at the end of the run by point")
        }
        if !charts.isEmpty { page.section("bypoint", "Key measures by point", charts) }

        // The base point's own report.
        page.body += "<h2 class=\"part\">The base point in detail</h2>\n"
        page.headline(baseData)
        RunSections.all(baseData, &page)
        return page.render()
    }

    static func signed(_ x: Double, _ fmt: (Double) -> String) -> String {
        guard x.isFinite else { return "–" }
        return x > 0 ? "+" + fmt(x) : (x < 0 ? fmt(x) : fmt(0))
    }
}
