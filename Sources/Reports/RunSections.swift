// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// The sections of a run's report, each present only when the run has its data.
enum RunSections {
    static let band50 = "#56B4E9", band90 = "#56B4E9", meanColour = "#0072B2"
    static let ref100 = SVGChart.Reference(value: 100, label: "100%", colour: "#333333")
    static let ref110 = SVGChart.Reference(value: 110, label: "110%", colour: "#D55E00")

    static func all(_ d: RunData, _ page: inout Page) {
        capacity(d, &page)
        heatmap(d, &page)
        overloaded(d, &page)
        allocation(d, &page)
        caseload(d, &page)
        workforce(d, &page)
        interventions(d, &page)
        crossings(d, &page)
        assumptions(d, &page)
    }

    /// A fan chart of one series: mean line, 50% and 90% bands.
    static func fan(_ page: inout Page, _ d: RunData, _ s: SummarySeries, title: String, format: @escaping (Double) -> String,
                    references: [SVGChart.Reference] = [], width: Int = 760, height: Int = 300,
                    yDomain: (Double, Double)? = nil) -> String {
        SVGChart.timeChart(id: page.nextID("chart"), title: title, dates: d.dates,
                           lines: [.init(name: "mean", values: s.mean, colour: meanColour)],
                           bands: [.init(low: s.p5, high: s.p95, colour: band90, opacity: 0.22),
                                   .init(low: s.p25, high: s.p75, colour: band50, opacity: 0.45)],
                           references: references, yFormat: format, width: width, height: height, yDomain: yDomain, legend: false)
    }

    static let fanKey = "<p class=\"key\"><span class=\"k mean\"></span> mean across replications "
        + "<span class=\"k b50\"></span> middle 50% of replications <span class=\"k b90\"></span> middle 90%</p>"

    static func capacity(_ d: RunData, _ page: inout Page) {
        guard let nat = d.national("capacity_pct"), nat.mean.contains(where: \.isFinite) else { return }
        let pct: (Double) -> String = { HTML.percent($0, decimals: 0) }
        var html = fanKey
        html += Page.figure(fan(&page, d, nat, title: "National capacity % over time", format: pct, references: [ref100, ref110]),
                            sentence: Sentence.capacity("National capacity", d.dates, nat.mean),
                            table: DataTable.spread(d.dates, nat) { HTML.number($0, decimals: 1) },
                            tableTitle: "Data: national capacity % by date")
        let regional = d.regions.compactMap { r in d.summary.get("region", r, "capacity_pct").map { (r, $0) } }
        if !regional.isEmpty {
            let all: [Double] = regional.flatMap { $0.1.p5 + $0.1.p95 } + [100, 110]
            let shared = SVGChart.domain(all, include: [])
            var grid = "<div class=\"smallmultiples\">"
            for (name, s) in regional {
                grid += "<div><h4>\(HTML.escape(name))</h4>"
                    + fan(&page, d, s, title: "Capacity % in \(name)", format: pct, references: [ref100, ref110],
                          width: 380, height: 200, yDomain: shared) + "</div>"
            }
            grid += "</div>"
            let ends = regional.compactMap { r in Sentence.last(r.1.mean).map { (r.0, $0.1) } }.sorted { $0.1 > $1.1 }
            var sentence = ""
            if let hi = ends.first, let lo = ends.last {
                let over100 = ends.filter { $0.1 > 100 }.count, over110 = ends.filter { $0.1 > 110 }.count
                sentence = "At the end of the run \(over100) of \(ends.count) regions are above 100% and \(over110) above 110% "
                    + "(means across replications); the highest is \(hi.0) at \(HTML.percent(hi.1)), the lowest \(lo.0) at \(HTML.percent(lo.1))."
            }
            var rows: [[String]] = []
            for (name, s) in regional {
                for i in d.dates.indices {
                    rows.append([d.dates[i].description, name] + [s.mean[i], s.p5[i], s.p25[i], s.p50[i], s.p75[i], s.p95[i]].map { HTML.number($0, decimals: 1) })
                }
            }
            html += "<h3>By region</h3><figure>\(grid)<figcaption>\(HTML.escape(sentence)) All regions share one scale.</figcaption>"
                + "<details><summary>Data: capacity % by region and date</summary><div class=\"tablewrap\">"
                + DataTable.html(["Date", "Region", "Mean", "5th percentile", "25th", "Median", "75th", "95th"], rows, numericFrom: 2)
                + "</div></details></figure>\n"
        }
        page.section("capacity", "Capacity", html)
    }

    /// Monthly means of each PDU's weekly mean capacity %.
    static func heatmap(_ d: RunData, _ page: inout Page) {
        let pdus = d.summary.entities["pdu"] ?? []
        let series = pdus.compactMap { p in d.summary.get("pdu", p, "capacity_pct").map { (p, $0) } }
        guard !series.isEmpty else { return }
        // Months in order, each the output dates within it.
        var months: [CivilDate] = []
        var monthOf: [Int] = []
        for date in d.dates {
            let m = CivilDate(year: date.year, month: date.month, day: 1)!
            if months.last != m { months.append(m) }
            monthOf.append(months.count - 1)
        }
        // PDUs grouped by region when the run says which region holds which PDU (the region order of the file).
        let regionOf = PDURegions.read(d.directory)
        let regionOrder = d.regions
        let ordered = series.enumerated().sorted { a, b in
            let ra = regionOrder.firstIndex(of: regionOf[a.element.0] ?? "") ?? Int.max
            let rb = regionOrder.firstIndex(of: regionOf[b.element.0] ?? "") ?? Int.max
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        var values: [[Double]] = []
        for (_, s) in ordered {
            var sum = [Double](repeating: 0, count: months.count), count = [Int](repeating: 0, count: months.count)
            for (i, v) in s.mean.enumerated() where v.isFinite { sum[monthOf[i]] += v; count[monthOf[i]] += 1 }
            values.append(months.indices.map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : .nan })
        }
        let names = ordered.map(\.0)
        let groups = ordered.map { regionOf[$0.0] ?? "" }
        let svg = SVGChart.heatmap(id: page.nextID("heatmap"), title: "Capacity % by PDU and month", rows: names, groups: groups,
                                   columns: months, values: values, valueText: { HTML.percent($0) })
        let lastMonth = months.count - 1
        let endValues = names.indices.map { (names[$0], values[$0][lastMonth]) }.filter { $0.1.isFinite }
        var sentence = "Each row is a PDU"
        if regionOf.isEmpty { sentence += "" } else { sentence += ", grouped by region" }
        sentence += "; each column a month (the mean of its weekly values, averaged across replications); blue is below 100%, vermillion above."
        if let top = endValues.max(by: { $0.1 < $1.1 }), let bottom = endValues.min(by: { $0.1 < $1.1 }) {
            sentence += " In \(HTML.monthYear(months[lastMonth])) \(endValues.filter { $0.1 > 110 }.count) of \(endValues.count) PDUs are above 110% "
                + "and \(endValues.filter { $0.1 < 100 }.count) below 100%; the highest is \(top.0) (\(HTML.percent(top.1))), the lowest \(bottom.0) (\(HTML.percent(bottom.1)))."
        }
        let table = DataTable.html(["PDU"] + months.map { "\(HTML.monthShort($0.month)) \($0.year)" },
                                   names.indices.map { [names[$0]] + values[$0].map { HTML.number($0, decimals: 1) } })
        page.section("heatmap", "Capacity by PDU and month",
                     Page.figure("<div class=\"scroll\">\(svg)</div>", sentence: sentence, table: table, tableTitle: "Data: capacity % by PDU and month"))
    }

    static func overloaded(_ d: RunData, _ page: inout Page) {
        var html = ""
        if let (name, s) = d.nationalMetric(["practitioners_over_110"]) {
            _ = name
            html += Page.figure(fan(&page, d, s, title: "Practitioners over 110% capacity, nationally", format: { HTML.number($0) }),
                                sentence: Sentence.level("Practitioners over 110% of their own capacity", d.dates, s.mean) { HTML.number($0) },
                                table: DataTable.spread(d.dates, s) { HTML.number($0, decimals: 1) },
                                tableTitle: "Data: practitioners over 110% by date")
        }
        if let (_, s) = d.nationalMetric(["excessive_workload"]) {
            html += Page.figure(fan(&page, d, s, title: "Practitioners with excessive workload, nationally", format: { HTML.number($0) }),
                                sentence: Sentence.level("Practitioners with excessive workload (over 110% at 4 or more consecutive weekly checks)",
                                                         d.dates, s.mean) { HTML.number($0) },
                                table: DataTable.spread(d.dates, s) { HTML.number($0, decimals: 1) },
                                tableTitle: "Data: practitioners with excessive workload by date")
        }
        guard !html.isEmpty else { return }
        page.section("overloaded", "Practitioners over 110% and excessive workload", fanKey + html)
    }

    static func allocation(_ d: RunData, _ page: inout Page) {
        var html = ""
        if let (_, s) = d.nationalMetric(["unallocated"]) {
            html += Page.figure(fan(&page, d, s, title: "Unallocated cases, nationally", format: { HTML.number($0) }),
                                sentence: Sentence.level("Unallocated cases", d.dates, s.mean) { HTML.number($0) },
                                table: DataTable.spread(d.dates, s) { HTML.number($0, decimals: 1) },
                                tableTitle: "Data: unallocated cases by date")
        }
        if let (_, s) = d.nationalMetric(["mean_days_to_allocation"]) {
            html += Page.figure(fan(&page, d, s, title: "Mean days from sentence to allocation, nationally", format: { HTML.number($0, decimals: 1) }),
                                sentence: Sentence.level("Mean days to allocation (cases allocated in each period)", d.dates, s.mean) { HTML.number($0, decimals: 2) },
                                table: DataTable.spread(d.dates, s) { HTML.number($0, decimals: 2) },
                                tableTitle: "Data: mean days to allocation by date")
        }
        guard !html.isEmpty else { return }
        page.section("allocation", "Unallocated cases and days to allocation", fanKey + html)
    }

    /// Lines of means for several national metrics that exist.
    static func lines(_ page: inout Page, _ d: RunData, _ metrics: [(String, String)], title: String,
                      format: @escaping (Double) -> String) -> (svg: String, present: [(String, SummarySeries)])? {
        let present = metrics.compactMap { m in d.nationalMetric([m.0]).map { (m.1, $0.series) } }
        guard !present.isEmpty else { return nil }
        let lines = present.enumerated().map { i, p in
            SVGChart.Line(name: p.0, values: p.1.mean, colour: SVGChart.palette[i % SVGChart.palette.count], dashed: i >= SVGChart.palette.count)
        }
        return (SVGChart.timeChart(id: page.nextID("chart"), title: title, dates: d.dates, lines: lines, yFormat: format), present)
    }

    static func meansTable(_ d: RunData, _ present: [(String, SummarySeries)], _ format: (Double) -> String) -> String {
        DataTable.html(["Date"] + present.map(\.0), d.dates.indices.map { i in [d.dates[i].description] + present.map { format($0.1.mean[i]) } })
    }

    static func endSentence(_ what: String, _ d: RunData, _ present: [(String, SummarySeries)], _ format: (Double) -> String) -> String {
        let parts = present.compactMap { p in Sentence.last(p.1.mean).map { "\(p.0) \(format($0.1))" } }
        guard let last = d.dates.last else { return "" }
        let first = present.compactMap { p in p.1.mean.first(where: \.isFinite).map { "\(p.0) \(format($0))" } }
        return "\(what) on \(HTML.date(d.dates.first!)): \(first.joined(separator: ", ")); on \(HTML.date(last)): \(parts.joined(separator: ", ")) (means across replications)."
    }

    static func caseload(_ d: RunData, _ page: inout Page) {
        var html = ""
        let n: (Double) -> String = { HTML.number($0) }
        if let (svg, present) = lines(&page, d, [("caseload_community", "community"), ("caseload_licence", "licence"),
                                                 ("caseload_custody", "custody")], title: "Caseload by type, nationally", format: n) {
            html += Page.figure(svg, sentence: endSentence("Caseload by type", d, present, n), table: meansTable(d, present, n),
                                tableTitle: "Data: caseload by type and date")
        }
        let tiers = d.summary.series.keys.filter { $0.level == "national" && $0.metric.hasPrefix("caseload_tier_") }
            .map(\.metric).sorted()
        if !tiers.isEmpty, let firstDate = d.dates.first, let lastDate = d.dates.last {
            let names = tiers.map { String($0.dropFirst("caseload_tier_".count)) }
            let startValues = tiers.map { d.national($0)?.mean.first(where: \.isFinite) ?? .nan }
            let endValues = tiers.map { d.national($0).flatMap { Sentence.last($0.mean)?.1 } ?? .nan }
            let svg = TierBars.svg(id: page.nextID("tiers"), names: names, start: startValues, end: endValues,
                                   startLabel: HTML.date(firstDate), endLabel: HTML.date(lastDate))
            let total = endValues.filter(\.isFinite).reduce(0, +)
            let top = zip(names, endValues).filter { $0.1.isFinite }.sorted { $0.1 > $1.1 }.prefix(3)
            let sentence = "Caseload by tier at the start and end of the run (means across replications). The largest tiers at the end are "
                + top.map { "\($0.0) (\(HTML.number($0.1)), \(HTML.percent(total > 0 ? $0.1 / total * 100 : .nan, decimals: 0)))" }.joined(separator: ", ") + "."
            html += Page.figure(svg, sentence: sentence,
                                table: DataTable.html(["Tier", HTML.date(firstDate), HTML.date(lastDate)],
                                                      names.indices.map { [names[$0], n(startValues[$0]), n(endValues[$0])] }),
                                tableTitle: "Data: caseload by tier")
        }
        guard !html.isEmpty else { return }
        page.section("caseload", "Caseload by type and tier", html)
    }

    static func workforce(_ d: RunData, _ page: inout Page) {
        // Only with the workforce model: its metrics exist only then.
        guard d.national("staff_in_post_pqip_stage1") != nil || d.national("vacancies") != nil else { return }
        var html = ""
        let n: (Double) -> String = { HTML.number($0) }
        if let (svg, present) = lines(&page, d, [("staff_in_post_po", "PO"), ("staff_in_post_pso", "PSO"), ("staff_in_post_pqip", "PQiP"),
                                                 ("staff_in_post_spo", "SPO")], title: "Staff in post by grade, nationally", format: n) {
            html += Page.figure(svg, sentence: endSentence("Staff in post", d, present, n), table: meansTable(d, present, n),
                                tableTitle: "Data: staff in post by grade and date")
        }
        if let (svg, present) = lines(&page, d, [("staff_in_post_pqip_stage1", "stage 1 (80% reduced)"), ("staff_in_post_pqip_stage2", "stage 2 (60%)"),
                                                 ("staff_in_post_pqip_stage3", "stage 3 (40%)"), ("staff_in_post_nqo", "newly qualified (20%)")],
                                      title: "Trainees by stage, nationally", format: n) {
            html += Page.figure(svg, sentence: endSentence("Trainees and newly qualified officers", d, present, n), table: meansTable(d, present, n),
                                tableTitle: "Data: trainees by stage and date")
        }
        if let vac = d.national("vacancies"), let po = d.national("staff_in_post_po"), let pso = d.national("staff_in_post_pso"),
           let spo = d.national("staff_in_post_spo") {
            let establishment = d.dates.indices.map { po.mean[$0] + pso.mean[$0] + spo.mean[$0] + vac.mean[$0] }
            let inPost = d.dates.indices.map { po.mean[$0] + pso.mean[$0] + spo.mean[$0] }
            let present: [(String, SummarySeries)] = [("establishment (funded PO, PSO and SPO posts)", { var s = vac; s.mean = establishment; return s }()),
                                                      ("PO, PSO and SPO in post", { var s = vac; s.mean = inPost; return s }()),
                                                      ("vacancies", vac)]
            let svg = SVGChart.timeChart(id: page.nextID("chart"), title: "Establishment, staff in post and vacancies, nationally", dates: d.dates,
                                         lines: present.enumerated().map { .init(name: $1.0, values: $1.1.mean, colour: SVGChart.palette[$0]) },
                                         yFormat: n)
            html += Page.figure(svg, sentence: endSentence("Establishment, staff in post and vacancies", d, present, n),
                                table: meansTable(d, present, n), tableTitle: "Data: establishment and vacancies by date")
        }
        guard !html.isEmpty else { return }
        page.section("workforce", "Workforce", html)
    }

    static func interventions(_ d: RunData, _ page: inout Page) {
        var html = ""
        let n: (Double) -> String = { HTML.number($0) }
        if let (_, s) = d.nationalMetric(["upw_hours_outstanding"]) {
            html += fanKey + Page.figure(fan(&page, d, s, title: "Unpaid work hours outstanding, nationally", format: n),
                                         sentence: Sentence.level("Unpaid work hours outstanding", d.dates, s.mean, n),
                                         table: DataTable.spread(d.dates, s, n), tableTitle: "Data: unpaid work hours outstanding by date")
        }
        var queues: [(String, String)] = [("upw_people_waiting", "UPW: people waiting to start"), ("ap_waiting", "accredited programmes: waiting"),
                   ("si_waiting", "structured interventions: waiting")]
        let lots = d.summary.series.keys.filter { $0.level == "national" && $0.metric.hasPrefix("crs_waiting_") }.map(\.metric).sorted()
        queues += lots.map { ($0, "commissioned services, \($0.dropFirst("crs_waiting_".count).replacingOccurrences(of: "_", with: " ")): waiting") }
        if let (svg, present) = lines(&page, d, queues, title: "Intervention queues, nationally", format: n) {
            html += Page.figure(svg, sentence: endSentence("People waiting", d, present, n), table: meansTable(d, present, n),
                                tableTitle: "Data: intervention queues by date")
        }
        guard !html.isEmpty else { return }
        page.section("interventions", "Interventions", html)
    }

    /// `query crossing` for capacity % at 100% and 110%, nationally and by region.
    static func crossings(_ d: RunData, _ page: inout Page) {
        guard let run = d.detail else { return }
        var rows: [[String]] = []
        var nationalText: [String] = []
        let areas = [("national", d.national)] + d.regions.map { ("region", $0) }
        for (level, entity) in areas {
            let key = SeriesKey(level: level, entity: entity, metric: "capacity_pct")
            guard run.contains(key) else { continue }
            let startMean = (1...run.replications).map { run.value(key, replication: $0, dateIndex: 0) }.filter(\.isFinite)
            let start = startMean.isEmpty ? Double.nan : startMean.reduce(0, +) / Double(startMean.count)
            for threshold in [100.0, 110.0] {
                let direction: CrossingQuery.Direction = start >= threshold ? .below : .above
                guard let r = try? Crossing.find(CrossingQuery(key: key, direction: direction, threshold: .value(threshold)), in: run) else { continue }
                let crossed = r.crossed.count
                let question = "\(direction == .below ? "falls below" : "rises above") \(Int(threshold))%"
                let mean = r.meanDate.map(HTML.dateShort) ?? "never"
                let ci = r.ci95LowDate.flatMap { lo in r.ci95HighDate.map { "\(HTML.dateShort(lo)) – \(HTML.dateShort($0))" } } ?? "–"
                let dates = r.crossed.compactMap(\.date)
                let range = dates.isEmpty ? "–" : "\(HTML.dateShort(dates.min()!)) – \(HTML.dateShort(dates.max()!))"
                rows.append([entity, question, "\(crossed) of \(run.replications)", crossed > 0 ? mean : "never", ci, range])
                if level == "national" {
                    nationalText.append(crossed == 0
                        ? "never \(question) in any of \(run.replications) replications"
                        : "\(question) in \(crossed) of \(run.replications) replications, on average on \(mean)" + (ci == "–" ? "" : " (95% interval \(ci))"))
                }
            }
        }
        guard !rows.isEmpty else { return }
        let sentence = nationalText.isEmpty ? "" : "Nationally, capacity " + nationalText.joined(separator: "; it ") + "."
        let table = DataTable.html(["Area", "Capacity", "Replications that cross", "Mean date", "95% interval for the mean date", "Earliest – latest"], rows)
            .replacingOccurrences(of: "<table class=\"data\">", with: "<table class=\"data crossings\">")
        let html = "<p>When capacity % first crosses 100% and 110% in each replication (the computation of <code>caseflow query crossing</code>; "
            + "the question is whether it falls below a line it starts above, or rises above a line it starts below). The interval is a "
            + "Student-t interval over the replications that cross.</p>\n<p class=\"sentence\">\(HTML.escape(sentence))</p>\n"
            + "<div class=\"tablewrap wide\">\(table)</div>\n"
        page.section("crossings", "Threshold crossings", html)
    }

    static func assumptions(_ d: RunData, _ page: inout Page) {
        guard !d.assumptions.isEmpty else { return }
        var counts: [String: Int] = [:]
        for a in d.assumptions { counts[a.quality, default: 0] += 1 }
        let order = ["high", "medium", "low"]
        let summary = (order + counts.keys.filter { !order.contains($0) }.sorted()).compactMap { q in counts[q].map { "\($0) \(q)" } }
        var t = "<p class=\"sentence\">The scenario's assumptions log has \(d.assumptions.count) entr\(d.assumptions.count == 1 ? "y" : "ies") "
            + "(\(summary.joined(separator: ", ")) quality). The numbers above rest on them; low-quality entries deserve the most caution.</p>"
        t += "<div class=\"tablewrap wide\"><table class=\"data assumptions\"><thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Figure</th>"
            + "<th scope=\"col\">Source</th><th scope=\"col\">Quality</th><th scope=\"col\">Reasoning</th></tr></thead><tbody>"
        for a in d.assumptions {
            t += "<tr><th scope=\"row\">\(HTML.escape(a.id))</th><td>\(HTML.escape(a.figure))</td><td>\(HTML.escape(a.source))</td>"
                + "<td><span class=\"q q-\(HTML.escape(a.quality))\">\(HTML.escape(a.quality))</span></td><td>\(HTML.escape(a.reasoning))</td></tr>"
        }
        page.section("assumptions", "Assumptions", t + "</tbody></table></div>\n")
    }
}

/// Which region holds each PDU: the run's `pdus.csv` (pdu,region).
enum PDURegions {
    static func read(_ dir: String) -> [String: String] {
        let path = (dir as NSString).appendingPathComponent("pdus.csv")
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let (records, _) = CSV.parse(String(decoding: data, as: UTF8.self))
        var out: [String: String] = [:]
        for r in records.dropFirst() where r.fields.count >= 2 { out[r.fields[0]] = r.fields[1] }
        return out
    }
}

/// Grouped bars: caseload by tier at the start and at the end.
enum TierBars {
    static func svg(id: String, names: [String], start: [Double], end: [Double], startLabel: String, endLabel: String) -> String {
        let width = 760.0, height = 260.0, left = 62.0, right = 10.0, top = 24.0, bottom = 40.0
        let (lo, hi) = SVGChart.domain(start + end, include: [0])
        let w = width - left - right, h = height - top - bottom
        let slot = w / Double(max(names.count, 1))
        func y(_ v: Double) -> Double { top + h * (1 - (v - lo) / (hi - lo)) }
        let f = SVGChart.f
        var s = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"\(id)-t\">Caseload by tier at the start and the end</title>"
        for t in SVGChart.ticks(lo, hi) {
            s += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + w))\" y1=\"\(f(y(t)))\" y2=\"\(f(y(t)))\"/>"
            s += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(HTML.number(t))</text>"
        }
        for (i, name) in names.enumerated() {
            let x0 = left + slot * Double(i)
            let bw = slot * 0.38
            for (k, v) in [start[i], end[i]].enumerated() where v.isFinite {
                let x = x0 + slot * 0.1 + bw * Double(k)
                s += "<rect x=\"\(f(x))\" y=\"\(f(y(v)))\" width=\"\(f(bw))\" height=\"\(f(y(lo) - y(v)))\" fill=\"\(k == 0 ? "#56B4E9" : "#0072B2")\">"
                    + "<title>\(HTML.escape(name)), \(k == 0 ? startLabel : endLabel): \(HTML.number(v))</title></rect>"
            }
            s += "<text class=\"tick\" x=\"\(f(x0 + slot / 2))\" y=\"\(f(top + h + 16))\" text-anchor=\"middle\">\(HTML.escape(name))</text>"
        }
        s += "<rect x=\"\(f(left))\" y=\"4\" width=\"12\" height=\"10\" fill=\"#56B4E9\"/><text class=\"legend\" x=\"\(f(left + 16))\" y=\"13\">\(HTML.escape(startLabel))</text>"
        s += "<rect x=\"\(f(left + 150))\" y=\"4\" width=\"12\" height=\"10\" fill=\"#0072B2\"/><text class=\"legend\" x=\"\(f(left + 166))\" y=\"13\">\(HTML.escape(endLabel))</text>"
        return s + "</svg>"
    }
}
