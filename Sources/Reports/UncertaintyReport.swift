// SPDX-License-Identifier: GPL-3.0-or-later
// The report of an uncertainty study: which assumptions drive each answer
// (a tornado chart and a ranking) and the answers over time with both
// sources of uncertainty drawn apart (docs/uncertainty.md).

import Foundation
import Simulation

enum CSVField {
    static func escape(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

extension SVGChart {
    /// A tornado chart: one bar per item from 0 to its estimate, largest first,
    /// with its 95% interval as a whisker; the axis runs from −1 to 1 for
    /// correlations, from 0 for indices that are shares of variance.
    static func tornado(id: String, title: String, items: [(label: String, value: Double, low: Double, high: Double)],
                        signed: Bool, width: Int = 760) -> String {
        let left = 260.0, right = 20.0, top = 10.0, row = 24.0
        let height = top + row * Double(items.count) + 34
        let lo = signed ? -1.0 : 0.0
        let hi = max(1.0, items.map { $0.high.isFinite ? $0.high : $0.value }.max() ?? 1)
        let w = Double(width) - left - right
        func x(_ v: Double) -> Double { left + w * (min(max(v, lo), hi) - lo) / (hi - lo) }
        var s = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(width) \(f(height))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"\(id)-t\">\(escape(title))</title>"
        let bottom = top + row * Double(items.count)
        for t in stride(from: lo, through: hi + 1e-9, by: signed ? 0.5 : 0.25) {
            s += "<line class=\"grid\" x1=\"\(f(x(t)))\" x2=\"\(f(x(t)))\" y1=\"\(f(top))\" y2=\"\(f(bottom))\"/>"
            s += "<text class=\"tick\" x=\"\(f(x(t)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(escape(String(format: "%.2g", t)))</text>"
        }
        s += "<line class=\"ref\" x1=\"\(f(x(0)))\" x2=\"\(f(x(0)))\" y1=\"\(f(top))\" y2=\"\(f(bottom))\" stroke=\"#333\"/>"
        for (i, it) in items.enumerated() {
            let yy = top + row * (Double(i) + 0.5)
            s += "<text class=\"hlabel\" x=\"\(f(left - 8))\" y=\"\(f(yy + 4))\" text-anchor=\"end\">\(escape(it.label))</text>"
            guard it.value.isFinite else { continue }
            let x0 = min(x(0), x(it.value)), x1 = max(x(0), x(it.value))
            let colour = it.value >= 0 ? palette[0] : palette[3]
            s += "<rect x=\"\(f(x0))\" y=\"\(f(yy - 8))\" width=\"\(f(max(x1 - x0, 1)))\" height=\"16\" fill=\"\(colour)\" fill-opacity=\"0.75\">"
                + "<title>\(escape(it.label)): \(escape(String(format: "%.3f", it.value)))</title></rect>"
            if it.low.isFinite && it.high.isFinite {
                s += "<line x1=\"\(f(x(it.low)))\" x2=\"\(f(x(it.high)))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" stroke=\"#222\" stroke-width=\"1.5\"/>"
            }
        }
        return s + "</svg>"
    }
}

enum UncertaintyReport {
    /// An outcome's name as the report says it: `first_date_capacity_pct_below_100` → "the date national capacity_pct first falls below 100".
    static func label(_ outcome: String, _ design: UncertaintyDesign) -> String {
        if let c = design.crossings.first(where: { $0.name == outcome }) {
            return "the date national \(c.metric) first \(c.below ? "falls below" : "rises above") \(NumberFormat.format(c.threshold))"
        }
        return outcome
    }

    static func page(_ study: UncertaintyStudy, title: String, scenarioPath: String, toolVersion: String,
                     rows: [UncertaintyStudy.Row], spreads: [String: UncertaintyStudy.Spread],
                     fans: [(key: (level: String, entity: String, metric: String), spreads: [UncertaintyStudy.Spread?])]) -> String {
        let design = study.design
        var body = ""
        var toc: [(String, String)] = []
        var chart = 0
        func section(_ id: String, _ heading: String, _ content: String) {
            toc.append((id, heading))
            body += "<section id=\"\(id)\" aria-labelledby=\"\(id)-h\"><h2 id=\"\(id)-h\">\(HTML.escape(heading))</h2>\n\(content)</section>\n"
        }
        let methodText = design.method == .lhs
            ? "Latin hypercube of \(design.values.count) parameter sets; partial rank correlation coefficients (PRCC)"
            : "Saltelli's scheme on Sobol's sequence, \(design.samples) base rows (\(design.values.count) parameter sets); first-order and total Sobol indices"
        let facts: [(String, String)] = [
            ("Scenario file", scenarioPath), ("Method", methodText),
            ("Replications per set", "\(study.replications), on common random numbers"),
            ("Runs", "\(design.values.count * study.replications)"), ("Caseflow version", toolVersion),
        ]
        body += "<header><h1>\(HTML.escape(title)) — uncertainty over the assumptions</h1>\n"
            + "<dl class=\"facts\">" + facts.map { "<div><dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd></div>" }.joined()
            + "</dl></header>\n"

        // The ranges.
        let params = DataTable.html(["Path", "Declared by", "Range"],
                                    design.parameters.map { [$0.path, $0.source, $0.range] }, numericFrom: 3)
        section("ranges", "Uncertain assumptions", "<p>Each parameter set draws every value below from its range "
                + "(one value per stratum of each range for a Latin hypercube). Everything else is the scenario as written.</p>\n"
                + "<div class=\"tablewrap\">\(params)</div>\n")

        // Key outcomes: tornado + ranking.
        let index = design.method == .lhs ? "prcc" : "total"
        let keyOutcomes = study.keyOutcomeNames
        var tornadoBody = "<p>" + (design.method == .lhs
            ? "Bars are partial rank correlation coefficients: how strongly each assumption moves the outcome with the others held fixed (−1 to 1; the sign is the direction). Whiskers are 95% intervals (Fisher's z)."
            : "Bars are total Sobol indices: the share of the outcome's variance due to each assumption, its interactions included. Whiskers are 95% bootstrap intervals.")
            + " Outcomes are each parameter set's mean over its replications.</p>\n"
        for outcome in keyOutcomes {
            let items = rows.filter { $0.outcome == outcome && $0.index == index }
                .sorted { abs($0.estimate.estimate) > abs($1.estimate.estimate) || (abs($0.estimate.estimate) == abs($1.estimate.estimate) && $0.parameter < $1.parameter) }
            guard !items.isEmpty else { continue }
            chart += 1
            let said = label(outcome, design)
            let svg = SVGChart.tornado(id: "tornado-\(chart)", title: "Which assumptions drive \(said)",
                                       items: items.map { ($0.parameter, $0.estimate.estimate, $0.estimate.low, $0.estimate.high) },
                                       signed: design.method == .lhs)
            // Name only the assumptions whose 95% interval excludes zero (an interval that
            // includes it does not separate the effect from the sampling noise of the study).
            let separated = items.filter { $0.estimate.low > 0 || $0.estimate.high < 0 }
            let top3 = separated.prefix(3).map(\.parameter).joined(separator: ", ")
            var sentence = separated.isEmpty
                ? "No assumption's effect on \(said) separates from zero at this sample size (every 95% interval includes zero)."
                : "The assumptions that matter most to \(said)\(separated.count < 3 ? " (the only ones whose 95% interval excludes zero)" : ""): \(top3)."
            if let sp = spreads[outcome] {
                let isDate = outcome.hasPrefix("first_date_")
                func v(_ x: Double) -> String {
                    guard isDate, let first = study.dates.first, let last = study.dates.last else { return HTML.auto(x) }
                    let day = first.dayNumber + Int(x.rounded())
                    // A run that never crosses is counted one output step after the horizon's end.
                    return day > last.dayNumber ? "never (after \(HTML.date(last)))" : HTML.date(CivilDate(dayNumber: day))
                }
                sentence += " Over both sources of uncertainty its 90% range is \(v(sp.total.p5)) to \(v(sp.total.p95)); "
                    + "the parameters alone give \(v(sp.parameter.p5)) to \(v(sp.parameter.p95)) "
                    + "(\(sp.parameterShare.isFinite ? String(format: "%.0f%%", 100 * sp.parameterShare) : "–") of the variance)."
                if let never = study.neverShares[outcome] { sentence += String(format: " %.0f%% of runs never cross within the horizon (counted at its end).", 100 * never) }
            }
            let table = DataTable.html(["Rank", "Parameter", "Index", "Estimate", "95% low", "95% high"],
                                       items.enumerated().map { k, r in
                                           [String(k + 1), r.parameter, r.index, String(format: "%.3f", r.estimate.estimate),
                                            r.estimate.low.isFinite ? String(format: "%.3f", r.estimate.low) : "–",
                                            r.estimate.high.isFinite ? String(format: "%.3f", r.estimate.high) : "–"]
                                       }, numericFrom: 3)
            tornadoBody += Page.figure(svg, sentence: sentence, table: table, tableTitle: "Data: ranking for \(said)")
        }
        section("drivers", "Which assumptions drive the answers", tornadoBody)

        // Fans.
        var fanBody = "<p>The dark band is the middle 90% of the parameter sets' means (parameter uncertainty alone); the light band "
            + "the middle 90% of all runs (parameter and simulation uncertainty together: each set's replications taken as normal "
            + "with the set's mean and standard deviation). The line is the mean over all sets.</p>\n"
        for fan in fans where fan.key.level == "national" || fans.count <= 6 {
            let values = fan.spreads
            guard values.contains(where: { $0 != nil }), study.dates.count == values.count else { continue }
            chart += 1
            func col(_ f: (UncertaintyStudy.Spread) -> Double) -> [Double] { values.map { $0.map(f) ?? .nan } }
            let pct = fan.key.metric.hasSuffix("_pct")
            let fmt: (Double) -> String = pct ? { HTML.percent($0, decimals: 0) } : { HTML.auto($0) }
            let who = fan.key.level == "national" ? "national" : fan.key.entity
            let svg = SVGChart.timeChart(
                id: "fan-\(chart)", title: "\(fan.key.metric), \(who): parameter and total uncertainty", dates: study.dates,
                lines: [SVGChart.Line(name: "mean over parameter sets", values: col(\.mean), colour: SVGChart.palette[0])],
                bands: [SVGChart.Band(low: col(\.total.p5), high: col(\.total.p95), colour: SVGChart.palette[1], opacity: 0.25),
                        SVGChart.Band(low: col(\.parameter.p5), high: col(\.parameter.p95), colour: SVGChart.palette[0], opacity: 0.35)],
                references: pct ? [SVGChart.Reference(value: 100, label: "100%", colour: "#333")] : [], yFormat: fmt)
            let last = values.last.flatMap { $0 }
            let sentence = last.map {
                "On \(HTML.date(study.dates.last!)) \(fan.key.metric) (\(who)) has mean \(fmt($0.mean)); 90% of runs lie in \(fmt($0.total.p5)) to \(fmt($0.total.p95)), and 90% of parameter sets' means in \(fmt($0.parameter.p5)) to \(fmt($0.parameter.p95))."
            } ?? ""
            let step = max(1, study.dates.count / 24)
            let table = DataTable.html(["Date", "Mean", "Parameters 5%", "Parameters 95%", "All runs 5%", "All runs 95%"],
                                       stride(from: 0, to: study.dates.count, by: step).compactMap { d in
                                           values[d].map { [study.dates[d].description, fmt($0.mean), fmt($0.parameter.p5), fmt($0.parameter.p95),
                                                            fmt($0.total.p5), fmt($0.total.p95)] }
                                       })
            fanBody += Page.figure(svg, sentence: sentence, table: table, tableTitle: "Data: \(fan.key.metric), \(who)")
        }
        section("fans", "The answers over time, with both sources of uncertainty", fanBody)

        var s = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        s += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        s += "<title>\(HTML.escape(title)) — uncertainty</title>\n<style>\(ReportStyle.css)</style>\n</head>\n<body>\n"
        s += "<nav aria-label=\"Contents\"><strong>Contents</strong><ul>"
            + toc.map { "<li><a href=\"#\($0.0)\">\(HTML.escape($0.1))</a></li>" }.joined() + "</ul></nav>\n<main>\n"
        s += body
        s += "<footer><p>Made by Caseflow (GPL-3.0-or-later) with <code>caseflow uncertainty</code>. The files beside it: "
            + "samples.csv (every parameter set and its outcomes), sensitivity.csv, outcomes.csv and uncertainty_summary.csv "
            + "(docs/uncertainty.md).</p></footer>\n</main>\n<script>\(ReportStyle.script)</script>\n</body>\n</html>\n"
        return s
    }
}
