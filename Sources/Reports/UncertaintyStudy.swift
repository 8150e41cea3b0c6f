// SPDX-License-Identifier: GPL-3.0-or-later
// What an uncertainty study writes (docs/uncertainty.md): its parameter sets
// and their outcomes (samples.csv), the sensitivity indices of each outcome
// (sensitivity.csv), the outcomes over time combining parameter and
// simulation uncertainty (uncertainty_summary.csv, outcomes.csv) and a
// report. Replications arrive one at a time, parameter set by parameter
// set; what is kept is a few figures per parameter set, never the
// replications themselves.

import Foundation
import Probation
import Simulation

/// The design of a study, as its plan records it.
public struct UncertaintyDesign: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable, CaseIterable { case lhs, sobol }

    public struct Parameter: Codable, Sendable, Equatable {
        /// The scenario path.
        public var path: String
        /// The assumptions-log entry declaring it, or `--vary`.
        public var source: String
        /// The range or distribution as written (`uniform 10 months..16 months`).
        public var range: String
        /// What follows the number: "", "%", " months".
        public var unit: String
        public init(path: String, source: String, range: String, unit: String) {
            self.path = path; self.source = source; self.range = range; self.unit = unit
        }
    }

    /// A threshold whose first crossing is an outcome: `capacity_pct<100`.
    public struct CrossingOutcome: Codable, Sendable, Equatable {
        public var metric: String
        public var below: Bool
        public var threshold: Double
        public init(metric: String, below: Bool, threshold: Double) { self.metric = metric; self.below = below; self.threshold = threshold }
        public var name: String { "first_date_\(metric)_\(below ? "below" : "above")_\(NumberFormat.format(threshold))" }
        public var text: String { "\(metric)\(below ? "<" : ">")\(NumberFormat.format(threshold))" }

        public static func parse(_ text: String) -> CrossingOutcome? {
            let below = text.contains("<")
            let parts = text.split(separator: below ? "<" : ">", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let v = Double(parts[1]), v.isFinite, text.contains("<") != text.contains(">") else { return nil }
            return CrossingOutcome(metric: parts[0], below: below, threshold: v)
        }
    }

    public var method: Method
    /// LHS: parameter sets; Sobol: base rows (parameter sets = base × (inputs + 2)).
    public var samples: Int
    /// Seeds the Latin hypercube's strata and pairing and the bootstrap.
    public var seed: UInt64
    public var parameters: [Parameter]
    /// Sampled values of each parameter set, in the parameters' order, in their units.
    public var values: [[Double]]
    /// Dates at which capacity and the other levels are outcomes.
    public var dates: [String]
    public var crossings: [CrossingOutcome]
    public var bootstrap: Int

    public init(method: Method, samples: Int, seed: UInt64, parameters: [Parameter], values: [[Double]], dates: [String],
                crossings: [CrossingOutcome], bootstrap: Int = 1000) {
        self.method = method; self.samples = samples; self.seed = seed; self.parameters = parameters; self.values = values
        self.dates = dates; self.crossings = crossings; self.bootstrap = bootstrap
    }

    /// The id of parameter set `i` (a plan point).
    public static func pointID(_ i: Int, of count: Int) -> String {
        let width = max(4, String(count).count)
        let digits = String(i + 1)
        return "set-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The matrix row label of set `i` (Sobol: A, B or AB<j>; LHS: empty).
    public func role(_ i: Int) -> (base: Int, label: String) {
        guard method == .sobol else { return (i, "") }
        let r = SensitivityDesign.saltelliRow(i, dimensions: parameters.count)
        return (r.base, r.label)
    }
}

/// Accumulates the replications of an uncertainty study, set by set, and writes its files.
public final class UncertaintyStudy {
    public let design: UncertaintyDesign
    let replications: Int
    /// The outcome names, in column order (fixed by the first replication).
    private(set) var outcomeNames: [String] = []
    /// Per set: each outcome's mean over its replications (NaN: no value).
    private var outcomeMeans: [[Double]] = []
    /// Per set: each outcome's sd over its replications.
    private var outcomeSDs: [[Double]] = []
    /// Per crossing outcome and set: replications that never crossed.
    private var neverCrossed: [[Int]] = []
    /// The drawn series (level, entity, metric) and their dates.
    private(set) var seriesKeys: [(level: String, entity: String, metric: String)] = []
    private(set) var dates: [CivilDate] = []
    /// [series][set][date]: mean and variance over the set's replications (Float to halve the memory).
    private var seriesMean: [[[Float]]] = []
    private var seriesVariance: [[[Float]]] = []
    /// The set being accumulated: its replications' outcomes and series values.
    private var current: [[Double]] = []
    private var currentSeries: [[[Double]]] = []
    private var currentNever: [Int] = []
    private var outcomeDates: [CivilDate] = []
    /// The smallest and largest value any run gave, per outcome and per series and date (the total band stays within them).
    private var outcomeRange: [(Double, Double)] = []
    private var seriesRange: [[(Double, Double)]] = []

    public init(design: UncertaintyDesign, replications: Int) {
        self.design = design
        self.replications = replications
    }

    /// The metrics whose national and regional series are outcomes and fans.
    static let levelMetrics = ["capacity_pct", "unallocated", "upw_hours_outstanding"]

    /// Adds one replication of the set being accumulated (sets in order, replications in order).
    public func add(_ result: ReplicationResult) {
        let t = result.timeSeries
        if dates.isEmpty {
            dates = t.dates
            outcomeDates = design.dates.compactMap(CivilDate.init(iso:)).compactMap { d in
                t.dates.min { abs($0.dayNumber - d.dayNumber) < abs($1.dayNumber - d.dayNumber) }
            }
            var keys: [(String, String, String)] = []
            for metric in Self.levelMetrics where t.metrics.contains(metric) {
                for e in t.entities where e.level == .national { keys.append(("national", e.name, metric)) }
                if metric == "capacity_pct" {
                    for e in t.entities where e.level == .region { keys.append(("region", e.name, metric)) }
                }
            }
            seriesKeys = keys.map { (level: $0.0, entity: $0.1, metric: $0.2) }
            seriesMean = Array(repeating: [], count: seriesKeys.count)
            seriesVariance = Array(repeating: [], count: seriesKeys.count)
            var names: [String] = []
            for key in seriesKeys {
                for d in outcomeDates { names.append(Self.outcomeName(key, d)) }
            }
            names += design.crossings.map(\.name)
            outcomeNames = names
            neverCrossed = Array(repeating: [], count: design.crossings.count)
        }
        var outcomes: [Double] = []
        var series: [[Double]] = []
        for key in seriesKeys {
            let level: OutputSpec.Level = key.level == "national" ? .national : .region
            var s = t.series(key.metric, entity: key.entity, level: level)
            if s.count != dates.count { s = Array(repeating: .nan, count: dates.count) }
            series.append(s)
            for d in outcomeDates {
                let i = dates.firstIndex(of: d) ?? 0
                outcomes.append(s[i])
            }
        }
        var never: [Int] = []
        for c in design.crossings {
            let national = t.entities.first { $0.level == .national }?.name ?? ""
            let s = t.series(c.metric, entity: national, level: .national)
            let hit = s.indices.dropFirst().first { s[$0].isFinite && (c.below ? s[$0] < c.threshold : s[$0] > c.threshold) }
            if let hit {
                outcomes.append(Double(dates[hit].dayNumber - dates[0].dayNumber))
                never.append(0)
            } else {
                // Never within the horizon: counted at one output step after its end (censored), and as "never".
                let step = dates.count > 1 ? dates[dates.count - 1].dayNumber - dates[dates.count - 2].dayNumber : 7
                outcomes.append(Double((dates.last?.dayNumber ?? 0) + step - (dates.first?.dayNumber ?? 0)))
                never.append(1)
            }
        }
        if outcomeRange.isEmpty {
            outcomeRange = Array(repeating: (.infinity, -.infinity), count: outcomes.count)
            seriesRange = Array(repeating: Array(repeating: (.infinity, -.infinity), count: dates.count), count: series.count)
        }
        for (j, v) in outcomes.enumerated() where v.isFinite { outcomeRange[j] = (min(outcomeRange[j].0, v), max(outcomeRange[j].1, v)) }
        for (k, s) in series.enumerated() {
            for (d, v) in s.enumerated() where v.isFinite { seriesRange[k][d] = (min(seriesRange[k][d].0, v), max(seriesRange[k][d].1, v)) }
        }
        current.append(outcomes)
        currentSeries.append(series)
        if currentNever.isEmpty { currentNever = never } else { currentNever = zip(currentNever, never).map(+) }
        if current.count == replications { finishSet() }
    }

    static func outcomeName(_ key: (level: String, entity: String, metric: String), _ d: CivilDate) -> String {
        let who = key.level == "national" ? "national" : "region \(key.entity)"
        return "\(key.metric) \(who) \(d)"
    }

    private func finishSet() {
        let k = current[0].count
        var means = [Double](repeating: .nan, count: k), sds = [Double](repeating: .nan, count: k)
        for j in 0..<k {
            let v = current.map { $0[j] }.filter(\.isFinite)
            guard !v.isEmpty else { continue }
            let m = v.reduce(0, +) / Double(v.count)
            means[j] = m
            sds[j] = v.count > 1 ? (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot() : 0
        }
        outcomeMeans.append(means)
        outcomeSDs.append(sds)
        for (c, n) in currentNever.enumerated() { neverCrossed[c].append(n) }
        for s in seriesKeys.indices {
            var m = [Float](repeating: .nan, count: dates.count), v = [Float](repeating: .nan, count: dates.count)
            for d in dates.indices {
                let x = currentSeries.map { $0[s][d] }.filter(\.isFinite)
                guard !x.isEmpty else { continue }
                let mean = x.reduce(0, +) / Double(x.count)
                m[d] = Float(mean)
                v[d] = Float(x.count > 1 ? x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1) : 0)
            }
            seriesMean[s].append(m)
            seriesVariance[s].append(v)
        }
        current = []
        currentSeries = []
        currentNever = []
    }

    // MARK: Indices

    /// One row of sensitivity.csv.
    public struct Row: Sendable, Equatable {
        public var outcome: String
        public var parameter: String
        public var index: String
        public var estimate: SensitivityEstimate
    }

    /// The indices of every outcome: PRCC over the sets of an LHS study;
    /// first-order and total Sobol indices of a Sobol study.
    public func indices() -> [Row] {
        var rows: [Row] = []
        let d = design.parameters.count
        for (j, name) in outcomeNames.enumerated() {
            let y = outcomeMeans.map { $0[j] }
            guard y.count == design.values.count, y.allSatisfy(\.isFinite) else { continue }
            switch design.method {
            case .lhs:
                let p = SensitivityIndices.partialCorrelations(x: design.values, y: y)
                for (k, e) in p.enumerated() { rows.append(Row(outcome: name, parameter: design.parameters[k].path, index: "prcc", estimate: e)) }
            case .sobol:
                let s = SensitivityIndices.sobol(outputs: y, dimensions: d, resamples: design.bootstrap, seed: design.seed)
                for k in 0..<d {
                    rows.append(Row(outcome: name, parameter: design.parameters[k].path, index: "first_order", estimate: s.firstOrder[k]))
                }
                for k in 0..<d {
                    rows.append(Row(outcome: name, parameter: design.parameters[k].path, index: "total", estimate: s.total[k]))
                }
            }
        }
        return rows
    }

    // MARK: Distributions

    /// Quantiles of the outcome over parameter uncertainty alone (the sets'
    /// means) and over both sources (each set's replications as a normal with
    /// the set's mean and sd, mixed over the sets).
    public struct Spread: Sendable, Equatable {
        public var mean: Double
        public var parameter: (p5: Double, p50: Double, p95: Double)
        public var total: (p5: Double, p50: Double, p95: Double)
        /// Share of the total variance due to the parameters (variance of the
        /// sets' means over it plus the mean within-set variance).
        public var parameterShare: Double
        public static func == (a: Spread, b: Spread) -> Bool {
            a.mean == b.mean && a.parameter == b.parameter && a.total == b.total && a.parameterShare == b.parameterShare
        }
    }

    static func spread(means: [Double], sds: [Double], within range: (Double, Double) = (-.infinity, .infinity)) -> Spread? {
        let pairs = zip(means, sds).filter { $0.0.isFinite && $0.1.isFinite }
        guard !pairs.isEmpty else { return nil }
        let m = pairs.map(\.0), s = pairs.map(\.1)
        let sorted = m.sorted()
        let mean = m.reduce(0, +) / Double(m.count)
        let between = m.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(m.count - 1, 1))
        let within = s.reduce(0) { $0 + $1 * $1 } / Double(s.count)
        func mixture(_ p: Double) -> Double {
            guard within > 0 else { return ReplicationSummary.percentile(sorted, p) }
            func cdf(_ x: Double) -> Double {
                var total = 0.0
                for (mi, si) in zip(m, s) {
                    total += si > 0 ? 0.5 * erfc(-(x - mi) / (si * 2.0.squareRoot())) : (x >= mi ? 1 : 0)
                }
                return total / Double(m.count)
            }
            let spreadOut = 8 * (s.max() ?? 0)
            var lo = sorted.first! - spreadOut, hi = sorted.last! + spreadOut
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if cdf(mid) < p { lo = mid } else { hi = mid }
            }
            return (lo + hi) / 2
        }
        let q = (p5: ReplicationSummary.percentile(sorted, 0.05), p50: ReplicationSummary.percentile(sorted, 0.5),
                 p95: ReplicationSummary.percentile(sorted, 0.95))
        func clamped(_ x: Double) -> Double { min(max(x, range.0), range.1) }
        return Spread(mean: mean, parameter: q, total: (clamped(mixture(0.05)), clamped(mixture(0.5)), clamped(mixture(0.95))),
                      parameterShare: between + within > 0 ? between / (between + within) : .nan)
    }

    // MARK: Files

    /// Writes samples.csv, sensitivity.csv, outcomes.csv, uncertainty_summary.csv and report.html into `directory`.
    public func write(to directory: URL, title: String, scenarioPath: String, toolVersion: String) throws -> [(name: String, rows: Int)] {
        precondition(current.isEmpty, "a parameter set has replications missing")
        var written: [(String, Int)] = []
        func put(_ name: String, _ text: String, rows: Int) throws {
            try OutputFile.write(Data(text.utf8), to: directory.appendingPathComponent(name))
            written.append((name, rows))
        }
        let n = NumberFormat.format
        // samples.csv
        var s = (["set", "matrix", "base_row"] + design.parameters.map(\.path) + outcomeNames.map { "mean " + $0 }).map(CSVField.escape)
            .joined(separator: ",") + "\n"
        for (i, v) in design.values.enumerated() {
            let role = design.role(i)
            s += ([UncertaintyDesign.pointID(i, of: design.values.count), role.label, String(role.base + 1)] + v.map(n)
                  + outcomeMeans[i].map { $0.isFinite ? n($0) : "" }).joined(separator: ",") + "\n"
        }
        try put("samples.csv", s, rows: design.values.count)
        // sensitivity.csv
        let rows = indices()
        var t = "outcome,parameter,index,estimate,ci95_low,ci95_high\n"
        for r in rows {
            t += [CSVField.escape(r.outcome), CSVField.escape(r.parameter), r.index, n(r.estimate.estimate),
                  r.estimate.low.isFinite ? n(r.estimate.low) : "", r.estimate.high.isFinite ? n(r.estimate.high) : ""]
                .joined(separator: ",") + "\n"
        }
        try put("sensitivity.csv", t, rows: rows.count)
        // outcomes.csv
        var o = "outcome,mean,parameter_p5,parameter_p50,parameter_p95,total_p5,total_p50,total_p95,parameter_variance_share,never_share\n"
        var spreads: [String: Spread] = [:]
        for (j, name) in outcomeNames.enumerated() {
            guard let sp = Self.spread(means: outcomeMeans.map { $0[j] }, sds: outcomeSDs.map { $0[j] }, within: outcomeRange[j]) else { continue }
            spreads[name] = sp
            let c = design.crossings.firstIndex { $0.name == name }
            let never = c.map { n(Double(neverCrossed[$0].reduce(0, +)) / Double(max(1, neverCrossed[$0].count * replications))) } ?? ""
            o += ([CSVField.escape(name)] + [sp.mean, sp.parameter.p5, sp.parameter.p50, sp.parameter.p95, sp.total.p5, sp.total.p50,
                                             sp.total.p95, sp.parameterShare].map { $0.isFinite ? n($0) : "" } + [never])
                .joined(separator: ",") + "\n"
        }
        try put("outcomes.csv", o, rows: spreads.count)
        // uncertainty_summary.csv: every drawn series on every date.
        var u = "level,entity,metric,date,mean,parameter_p5,parameter_p50,parameter_p95,total_p5,total_p50,total_p95,parameter_variance_share\n"
        var fans: [(key: (level: String, entity: String, metric: String), spreads: [Spread?])] = []
        var uRows = 0
        for (k, key) in seriesKeys.enumerated() {
            var list: [Spread?] = []
            for d in dates.indices {
                let sp = Self.spread(means: seriesMean[k].map { Double($0[d]) },
                                     sds: seriesVariance[k].map { Double($0[d]).squareRoot() }, within: seriesRange[k][d])
                list.append(sp)
                guard let sp else { continue }
                u += [key.level, CSVField.escape(key.entity), key.metric, dates[d].description]
                    .joined(separator: ",") + ","
                    + [sp.mean, sp.parameter.p5, sp.parameter.p50, sp.parameter.p95, sp.total.p5, sp.total.p50, sp.total.p95,
                       sp.parameterShare].map { $0.isFinite ? n($0) : "" }.joined(separator: ",") + "\n"
                uRows += 1
            }
            fans.append((key, list))
        }
        try put("uncertainty_summary.csv", u, rows: uRows)
        let html = UncertaintyReport.page(self, title: title, scenarioPath: scenarioPath, toolVersion: toolVersion, rows: rows,
                                          spreads: spreads, fans: fans)
        try put("report.html", html, rows: 0)
        return written
    }

    var setCount: Int { outcomeMeans.count }

    /// The outcomes the report ranks: each crossing, and each national series at the last outcome date.
    var keyOutcomeNames: [String] {
        let national = seriesKeys.filter { $0.level == "national" }
        return design.crossings.map(\.name) + (outcomeDates.last.map { d in national.map { Self.outcomeName($0, d) } } ?? [])
    }
    var neverShares: [String: Double] {
        var out: [String: Double] = [:]
        for (c, crossing) in design.crossings.enumerated() {
            out[crossing.name] = Double(neverCrossed[c].reduce(0, +)) / Double(max(1, neverCrossed[c].count * replications))
        }
        return out
    }
}
