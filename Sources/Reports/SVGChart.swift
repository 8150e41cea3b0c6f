// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// Small, deterministic SVG charts for `report.html`: the same data always
/// gives the same text (coordinates rounded to 0.1 px, no random ids, no
/// dependence on locale or time). Colours are the Okabe–Ito palette, which
/// stays distinguishable with the common forms of colour blindness.
public enum SVGChart {
    /// Okabe–Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// A line on a chart: values aligned with the chart's dates (NaN: no value).
    public struct Line: Sendable {
        public var name: String
        public var values: [Double]
        public var colour: String
        public var dashed: Bool
        public init(name: String, values: [Double], colour: String, dashed: Bool = false) {
            self.name = name; self.values = values; self.colour = colour; self.dashed = dashed
        }
    }

    /// A shaded band between two lines (e.g. the 5th and 95th percentiles).
    public struct Band: Sendable {
        public var low: [Double]
        public var high: [Double]
        public var colour: String
        public var opacity: Double
        public init(low: [Double], high: [Double], colour: String, opacity: Double) {
            self.low = low; self.high = high; self.colour = colour; self.opacity = opacity
        }
    }

    /// A horizontal reference line (such as 100% capacity).
    public struct Reference: Sendable {
        public var value: Double
        public var label: String
        public var colour: String
        public init(value: Double, label: String, colour: String) { self.value = value; self.label = label; self.colour = colour }
    }

    static func f(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    static func escape(_ s: String) -> String { HTML.escape(s) }

    /// Round tick values covering `lo…hi`, about `count` of them.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var out: [Double] = []
        var t = (lo / step).rounded(.up) * step
        while t <= hi + step * 1e-9 { out.append(abs(t) < step * 1e-9 ? 0 : t); t += step }
        return out
    }

    /// A y range with some room, including `must` values (reference lines, zero).
    static func domain(_ values: [Double], include must: [Double]) -> (Double, Double) {
        let v = (values + must).filter(\.isFinite)
        guard var lo = v.min(), var hi = v.max() else { return (0, 1) }
        if hi == lo { hi += 1; lo = max(0, lo - 1) }
        let pad = (hi - lo) * 0.06
        lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad
        hi += pad
        let t = ticks(lo, hi)
        if let first = t.first, first > lo, lo >= 0 { lo = max(0, first - (t.count > 1 ? t[1] - t[0] : 1)) }
        return (lo, hi)
    }

    /// The date axis's ticks: the first date, then 1 January of each year (the
    /// first date of each quarter when the run spans under three years). Labels
    /// are kept only where they do not collide: each is given the width of its
    /// text at the largest tick font the report uses (13 units, about 8 a
    /// character) plus a gap, and a label closer than that to the last one kept
    /// is left out — on a narrow chart whose run starts in June, the start's
    /// label gives way to the next year's, so the round dates are the ones shown.
    static func dateTicks(_ dates: [CivilDate], x: (Int) -> Double) -> [(index: Int, label: String?)] {
        let years = Set(dates.map(\.year)).count
        var ticks: [(index: Int, label: String, boundary: Bool)] = []
        var lastKey = ""
        for (i, d) in dates.enumerated() {
            let label = years >= 3 ? String(d.year) : "\(HTML.monthShort(d.month)) \(d.year)"
            let key = years >= 3 ? String(d.year) : "\(d.year)-\((d.month - 1) / 3)"
            if key != lastKey {
                ticks.append((i, label, i > 0))
                lastKey = key
            }
        }
        func room(_ label: String) -> Double { Double(label.count) * 8 + 10 }
        var shown = Array(repeating: false, count: ticks.count)
        var lastX = -Double.infinity, lastWidth = 0.0
        for (k, t) in ticks.enumerated() {
            let width = room(t.label)
            // The start of the run (not a round date) gives way to the next round date.
            if !t.boundary, k + 1 < ticks.count, x(ticks[k + 1].index) - x(t.index) < (width + room(ticks[k + 1].label)) / 2 { continue }
            if x(t.index) - lastX >= (width + lastWidth) / 2 {
                shown[k] = true
                lastX = x(t.index); lastWidth = width
            }
        }
        return ticks.enumerated().map { (k, t) in (t.index, shown[k] ? t.label : nil) }
    }

    /// A time-series chart: bands behind lines, reference lines, yearly date ticks.
    /// `yFormat` labels the y axis; `title` is read by screen readers.
    public static func timeChart(id: String, title: String, dates: [CivilDate], lines: [Line], bands: [Band] = [],
                                 references: [Reference] = [], yFormat: (Double) -> String, width: Int = 760,
                                 height: Int = 300, yDomain: (Double, Double)? = nil, legend: Bool = true) -> String {
        let left = 62.0, right = 16.0, top = 14.0, bottom = legend && lines.count > 1 ? 52.0 : 30.0
        let w = Double(width) - left - right, h = Double(height) - top - bottom
        let all = lines.flatMap(\.values) + bands.flatMap { $0.low + $0.high }
        let (lo, hi) = yDomain ?? domain(all, include: references.map(\.value))
        let n = max(dates.count - 1, 1)
        func x(_ i: Int) -> Double { left + w * Double(i) / Double(n) }
        func y(_ v: Double) -> Double { top + h * (1 - (v - lo) / (hi - lo)) }
        var s = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(width) \(height)\" "
            + "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"\(id)-t\">\(escape(title))</title>"
        // Grid and y axis.
        for t in ticks(lo, hi) {
            s += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + w))\" y1=\"\(f(y(t)))\" y2=\"\(f(y(t)))\"/>"
            s += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(escape(yFormat(t)))</text>"
        }
        // Date ticks: 1 January of each year (or each quarter's first date on short runs).
        for t in dateTicks(dates, x: x) {
            s += "<line class=\"axis\" x1=\"\(f(x(t.index)))\" x2=\"\(f(x(t.index)))\" y1=\"\(f(top + h))\" y2=\"\(f(top + h + 4))\"/>"
            if let label = t.label {
                s += "<text class=\"tick\" x=\"\(f(x(t.index)))\" y=\"\(f(top + h + 17))\" text-anchor=\"middle\">\(label)</text>"
            }
        }
        s += "<line class=\"axis\" x1=\"\(f(left))\" x2=\"\(f(left + w))\" y1=\"\(f(top + h))\" y2=\"\(f(top + h))\"/>"
        // Bands.
        for b in bands {
            for run in segments(b.low.indices.map { b.low[$0].isFinite && b.high[$0].isFinite }) {
                var d = "M"
                for i in run { d += "\(f(x(i))),\(f(y(b.high[i])))L" }
                for i in run.reversed() { d += "\(f(x(i))),\(f(y(b.low[i])))L" }
                d.removeLast()
                s += "<path d=\"\(d)Z\" fill=\"\(b.colour)\" fill-opacity=\"\(b.opacity)\" stroke=\"none\"/>"
            }
        }
        // Reference lines (their labels are drawn after the data, below).
        let shownReferences = references.filter { $0.value >= lo && $0.value <= hi }
        for r in shownReferences {
            s += "<line class=\"ref\" x1=\"\(f(left))\" x2=\"\(f(left + w))\" y1=\"\(f(y(r.value)))\" y2=\"\(f(y(r.value)))\" "
                + "stroke=\"\(r.colour)\"/>"
        }
        // Lines.
        for l in lines {
            for run in segments(l.values.map(\.isFinite)) {
                var d = "M"
                for i in run { d += "\(f(x(i))),\(f(y(l.values[i])))L" }
                d.removeLast()
                if run.count == 1 {
                    s += "<circle cx=\"\(f(x(run[0])))\" cy=\"\(f(y(l.values[run[0]])))\" r=\"2.5\" fill=\"\(l.colour)\"/>"
                } else {
                    s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(l.colour)\" stroke-width=\"2\""
                        + (l.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>"
                }
            }
        }
        // Reference labels, over the data and where the data leaves room.
        var placed: [LabelBox] = []
        for r in shownReferences {
            let box = referenceLabelBox(r, y: y(r.value), plot: (left, top, w, h), placed: placed) { x0, x1 in
                // The data's vertical extent (SVG y) over x0…x1, one point beyond each side
                // for the segments that cross into it.
                var spans: [(Double, Double)] = []
                let i0 = max(0, Int(((x0 - left) / w * Double(n)).rounded(.down))),
                    i1 = min(dates.count - 1, Int(((x1 - left) / w * Double(n)).rounded(.up)))
                guard i0 <= i1 else { return spans }
                for l in lines {
                    let v = l.values[i0...i1].filter(\.isFinite)
                    if let a = v.min(), let b = v.max() { spans.append((y(b), y(a))) }
                }
                for b in bands {
                    let v = (b.low[i0...i1] + b.high[i0...i1]).filter(\.isFinite)
                    if let a = v.min(), let c = v.max() { spans.append((y(c), y(a))) }
                }
                return spans
            }
            placed.append(box)
            s += "<text class=\"reflabel\" x=\"\(f(box.anchorX))\" y=\"\(f(box.baseline))\" text-anchor=\"\(box.anchor)\" fill=\"\(r.colour)\">"
                + "\(escape(r.label))</text>"
        }
        // Legend.
        if legend && lines.count > 1 {
            var lx = left
            let ly = Double(height) - 12
            for l in lines {
                s += "<line x1=\"\(f(lx))\" x2=\"\(f(lx + 18))\" y1=\"\(f(ly - 4))\" y2=\"\(f(ly - 4))\" stroke=\"\(l.colour)\" stroke-width=\"3\""
                    + (l.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>"
                s += "<text class=\"legend\" x=\"\(f(lx + 23))\" y=\"\(f(ly))\">\(escape(l.name))</text>"
                lx += 23 + Double(l.name.count) * 6.6 + 18
            }
        }
        return s + "</svg>"
    }

    /// Where a reference line's label goes: its box, text anchor and baseline.
    struct LabelBox {
        var x0, x1, y0, y1: Double
        var anchorX: Double
        var anchor: String
        var baseline: Double
        func overlaps(_ o: LabelBox) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
    }

    /// Chooses a reference label's place: just above or just below its line, at
    /// the plot's right end or its left end — the first of these (in that order
    /// of preference) that no data line, band or other label crosses; if every
    /// place is crossed, the one crossed least. Sizes are for the largest font
    /// the report gives labels (13 units, about 8 a character).
    static func referenceLabelBox(_ r: Reference, y ry: Double, plot: (left: Double, top: Double, w: Double, h: Double),
                                  placed: [LabelBox], data: (Double, Double) -> [(Double, Double)]) -> LabelBox {
        let textWidth = Double(r.label.count) * 8 + 2, textHeight = 12.0, gap = 3.0
        var candidates: [LabelBox] = []
        for right in [true, false] {
            let x0 = right ? plot.left + plot.w - 4 - textWidth : plot.left + 4
            let anchorX = right ? plot.left + plot.w - 4 : plot.left + 4
            for above in [true, false] {
                let baseline = above ? ry - gap - 1 : ry + gap + textHeight - 1
                let y0 = baseline - textHeight + 2, y1 = baseline + 2
                guard y0 >= plot.top - 2, y1 <= plot.top + plot.h + 2 else { continue }
                candidates.append(LabelBox(x0: x0, x1: x0 + textWidth, y0: y0, y1: y1, anchorX: anchorX,
                                           anchor: right ? "end" : "start", baseline: baseline))
            }
        }
        if candidates.isEmpty {
            let baseline = ry - gap - 1
            return LabelBox(x0: plot.left + plot.w - 4 - textWidth, x1: plot.left + plot.w - 4, y0: baseline - textHeight + 2,
                            y1: baseline + 2, anchorX: plot.left + plot.w - 4, anchor: "end", baseline: baseline)
        }
        func cost(_ c: LabelBox) -> Double {
            var crossed = 0.0
            for (a, b) in data(c.x0, c.x1) {
                // Overlap of the data's span [a, b] with the box, widened by 1 unit each side.
                crossed += max(0, min(b, c.y1 + 1) - max(a, c.y0 - 1))
                if a <= c.y1 + 1 && b >= c.y0 - 1 { crossed += 1 }
            }
            for p in placed where p.overlaps(c) { crossed += 100 }
            return crossed
        }
        var best = candidates[0], bestCost = cost(best)
        for c in candidates.dropFirst() where bestCost > 0 {
            let k = cost(c)
            if k < bestCost { best = c; bestCost = k }
        }
        return best
    }

    /// Runs of consecutive true values, as index lists.
    static func segments(_ ok: [Bool]) -> [[Int]] {
        var out: [[Int]] = []
        var cur: [Int] = []
        for (i, v) in ok.enumerated() {
            if v { cur.append(i) } else if !cur.isEmpty { out.append(cur); cur = [] }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// A diverging colour for capacity %: blue below `centre`, white at it,
    /// vermillion above (Okabe–Ito blue and vermillion; safe for red–green
    /// colour blindness), saturating at `centre ± span`.
    public static func divergingColour(_ v: Double, centre: Double = 100, span: Double = 30) -> String {
        guard v.isFinite else { return "#dddddd" }
        let t = max(-1, min(1, (v - centre) / span))
        let (r0, g0, b0) = (247.0, 247.0, 247.0)
        let end: (Double, Double, Double) = t < 0 ? (0, 114, 178) : (213, 94, 0)
        let a = abs(t)
        let r = Int((r0 + (end.0 - r0) * a).rounded()), g = Int((g0 + (end.1 - g0) * a).rounded()),
            b = Int((b0 + (end.2 - b0) * a).rounded())
        return String(format: "#%02x%02x%02x", r, g, b)
    }

    /// A heatmap: one row per `rows` entry, one column per `columns` entry;
    /// `groups` names row groups (e.g. regions) drawn as separators.
    public static func heatmap(id: String, title: String, rows: [String], groups: [String], columns: [CivilDate],
                               values: [[Double]], valueText: (Double) -> String, width: Int = 1000) -> String {
        let left = 370.0, top = 10.0, right = 10.0
        let cell = 9.0
        let cw = max(3, (Double(width) - left - right) / Double(max(columns.count, 1)))
        let height = top + cell * Double(rows.count) + 70
        var s = "<svg id=\"\(id)\" class=\"chart heatmap\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(width) \(f(height))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"\(id)-t\">\(escape(title))</title>"
        var lastGroup = ""
        for (r, name) in rows.enumerated() {
            let yy = top + cell * Double(r)
            if groups[r] != lastGroup {
                if r > 0 { s += "<line class=\"sep\" x1=\"0\" x2=\"\(f(Double(width) - right))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\"/>" }
                s += "<text class=\"region\" x=\"2\" y=\"\(f(yy + cell))\">\(escape(groups[r]))</text>"
                lastGroup = groups[r]
            }
            s += "<text class=\"hlabel\" x=\"\(f(left - 4))\" y=\"\(f(yy + cell - 1.5))\" text-anchor=\"end\">\(escape(name))</text>"
            for c in columns.indices {
                let v = values[r][c]
                s += "<rect x=\"\(f(left + cw * Double(c)))\" y=\"\(f(yy))\" width=\"\(f(cw + 0.3))\" height=\"\(f(cell + 0.3))\" "
                    + "fill=\"\(divergingColour(v))\"><title>\(escape(name)), \(HTML.monthYear(columns[c])): \(valueText(v))</title></rect>"
            }
        }
        // Column labels: January of each year.
        let by = top + cell * Double(rows.count)
        for (c, d) in columns.enumerated() where d.month == 1 || c == 0 {
            s += "<text class=\"tick\" x=\"\(f(left + cw * Double(c)))\" y=\"\(f(by + 14))\">\(c == 0 ? HTML.monthShort(d.month) + " " : "")\(d.year)</text>"
        }
        // Legend.
        let lx = left, ly = by + 30
        for (i, v) in stride(from: 70.0, through: 130.0, by: 5).enumerated() {
            s += "<rect x=\"\(f(lx + Double(i) * 28))\" y=\"\(f(ly))\" width=\"28\" height=\"10\" fill=\"\(divergingColour(v))\"/>"
            if Int(v) % 10 == 0 {
                s += "<text class=\"tick\" x=\"\(f(lx + Double(i) * 28 + 14))\" y=\"\(f(ly + 24))\" text-anchor=\"middle\">\(Int(v))%</text>"
            }
        }
        s += "<text class=\"legend\" x=\"\(f(lx + 13 * 28 + 10))\" y=\"\(f(ly + 9))\">capacity % (grey: no value)</text>"
        return s + "</svg>"
    }

    /// A dot-and-whisker chart: per category, a value with an interval, on a
    /// shared axis, with an optional reference value (such as zero).
    public static func intervals(id: String, title: String, items: [(label: String, value: Double, low: Double, high: Double)],
                                 reference: Double?, valueText: (Double) -> String, width: Int = 760) -> String {
        let left = 190.0, right = 20.0, top = 10.0, row = 24.0
        let height = top + row * Double(items.count) + 34
        let all = items.flatMap { [$0.value, $0.low, $0.high] } + (reference.map { [$0] } ?? [])
        var (lo, hi) = domain(all, include: [])
        if lo == hi { lo -= 1; hi += 1 }
        let w = Double(width) - left - right
        func x(_ v: Double) -> Double { left + w * (v - lo) / (hi - lo) }
        var s = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(width) \(f(height))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"\(id)-t\">\(escape(title))</title>"
        let bottom = top + row * Double(items.count)
        for t in ticks(lo, hi) {
            s += "<line class=\"grid\" x1=\"\(f(x(t)))\" x2=\"\(f(x(t)))\" y1=\"\(f(top))\" y2=\"\(f(bottom))\"/>"
            s += "<text class=\"tick\" x=\"\(f(x(t)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(escape(valueText(t)))</text>"
        }
        if let r = reference, r >= lo, r <= hi {
            s += "<line class=\"ref\" x1=\"\(f(x(r)))\" x2=\"\(f(x(r)))\" y1=\"\(f(top))\" y2=\"\(f(bottom))\" stroke=\"#333\"/>"
        }
        for (i, it) in items.enumerated() {
            let yy = top + row * (Double(i) + 0.5)
            s += "<text class=\"hlabel\" x=\"\(f(left - 8))\" y=\"\(f(yy + 4))\" text-anchor=\"end\">\(escape(it.label))</text>"
            if it.low.isFinite && it.high.isFinite {
                s += "<line x1=\"\(f(x(it.low)))\" x2=\"\(f(x(it.high)))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" stroke=\"\(palette[0])\" stroke-width=\"2\"/>"
            }
            if it.value.isFinite {
                s += "<circle cx=\"\(f(x(it.value)))\" cy=\"\(f(yy))\" r=\"4.5\" fill=\"\(palette[0])\"><title>\(escape(it.label)): "
                    + "\(escape(valueText(it.value)))</title></circle>"
            }
        }
        return s + "</svg>"
    }
}
