// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// One (date, level, entity, metric) of a run summarised across replications:
/// what `timeseries_summary.csv` holds, one row each.
///
/// Replications without a value (an empty field, e.g. a mean over no
/// allocations that week) are left out, so `replications` may be smaller than
/// the run's; with none, every statistic is empty. `sd` is the sample standard
/// deviation (n − 1; empty with one value). The percentiles interpolate
/// linearly between order statistics — R's type 7, NumPy's default: with the
/// n values sorted x₀ ≤ … ≤ xₙ₋₁, pₖ at h = (n − 1)·k/100 is
/// x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋). So with 5 replications p50 is the middle
/// value, p25 the second, p5 lies a fifth of the way from the smallest to the
/// second smallest; they always lie within the values seen (never below zero
/// for a count).
public struct SpreadAcrossReplications: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var sd: Double
    public var p5: Double, p25: Double, p50: Double, p75: Double, p95: Double

    public init(_ values: [Double]) {
        let v = values.filter { !$0.isNaN }.sorted()
        count = v.count
        guard !v.isEmpty else {
            mean = .nan; sd = .nan; p5 = .nan; p25 = .nan; p50 = .nan; p75 = .nan; p95 = .nan
            return
        }
        var t = Tally()
        for x in v { t.record(x) }
        mean = t.mean
        sd = v.count > 1 ? t.standardDeviation : .nan
        p5 = ReplicationSummary.percentile(v, 0.05)
        p25 = ReplicationSummary.percentile(v, 0.25)
        p50 = ReplicationSummary.percentile(v, 0.50)
        p75 = ReplicationSummary.percentile(v, 0.75)
        p95 = ReplicationSummary.percentile(v, 0.95)
    }

    /// The CSV fields after `replications`.
    var fields: [String] { [mean, sd, p5, p25, p50, p75, p95].map(NumberFormat.format) }
}

/// Writes `timeseries_summary.csv`: per output date, level, entity and metric,
/// the spread across replications — what a planner charts in a spreadsheet.
public enum TimeSeriesSummary {
    public static let fileName = "timeseries_summary.csv"
    public static let header = ["date", "level", "entity", "metric", "replications",
                                "mean", "sd", "p5", "p25", "p50", "p75", "p95"]

    /// The rows in output order: by date, then in the model's order of entities
    /// and metrics (the order of `timeseries.csv` within one replication).
    /// Each row: (date, entity, metric, values across replications in replication order).
    public static func rows(_ results: [ReplicationResult]) -> [(date: CivilDate, entity: OutputEntity, metric: String, values: [Double])] {
        guard let first = results.first?.timeSeries else { return [] }
        let sameLayout = results.allSatisfy {
            let t = $0.timeSeries
            return t.dates == first.dates && t.entities == first.entities && t.metrics == first.metrics
                && t.dateIndex == first.dateIndex && t.entity == first.entity && t.metric == first.metric
        }
        if sameLayout {
            return (0..<first.rowCount).map { i in
                (first.dates[Int(first.dateIndex[i])], first.entities[Int(first.entity[i])],
                 first.metrics[Int(first.metric[i])], results.map { $0.timeSeries.value[i] })
            }
        }
        // Layouts differ (not the case for runs of one scenario, but a summary
        // must not depend on it): match rows by key; missing ones are "no value".
        struct Key: Hashable { var date: CivilDate; var entity: OutputEntity; var metric: String }
        var order: [Key] = []
        var values: [Key: [Double]] = [:]
        for (r, result) in results.enumerated() {
            let t = result.timeSeries
            for i in 0..<t.rowCount {
                let k = Key(date: t.dates[Int(t.dateIndex[i])], entity: t.entities[Int(t.entity[i])],
                            metric: t.metrics[Int(t.metric[i])])
                if values[k] == nil { order.append(k); values[k] = [Double](repeating: .nan, count: results.count) }
                values[k]![r] = t.value[i]
            }
        }
        let sorted = order.enumerated().sorted { a, b in
            a.element.date != b.element.date ? a.element.date < b.element.date : a.offset < b.offset
        }.map(\.element)
        return sorted.map { ($0.date, $0.entity, $0.metric, values[$0]!) }
    }

    /// Writes the file into `directory`; returns its data rows.
    static func write(_ results: [ReplicationResult], _ directory: URL) throws -> WrittenFile {
        let w = try CSVWriter(url: directory.appendingPathComponent(fileName), header: header)
        var dateText: [CivilDate: [UInt8]] = [:]
        var scratch: [Double] = []
        for row in rows(results) {
            let d = dateText[row.date] ?? { let s = CSVCell.encoded(row.date.description); dateText[row.date] = s; return s }()
            writeRow(w, date: d, entity: row.entity, metric: row.metric, values: row.values, scratch: &scratch)
        }
        try w.finish()
        return WrittenFile(w)
    }

    /// One row: a date (encoded), entity and metric with its values across replications.
    static func writeRow(_ w: CSVWriter, date: [UInt8], entity: OutputEntity, metric: String, values: [Double],
                         scratch: inout [Double]) {
        let b = w.row
        b.raw(date); b.comma()
        b.text(entity.level.rawValue); b.comma()
        b.text(entity.name); b.comma()
        b.text(metric); b.comma()
        spread(b, values, &scratch)
        w.endRow()
    }

    /// One row with the entity and metric cells already encoded (each followed by a comma).
    static func writeRow(_ w: CSVWriter, encodedDate: [UInt8], entityAndMetric entity: [UInt8], _ metric: [UInt8],
                         values: [Double], scratch: inout [Double]) {
        let b = w.row
        b.raw(encodedDate); b.comma()
        b.raw(entity)
        b.raw(metric)
        spread(b, values, &scratch)
        w.endRow()
    }

    static let percentiles = [0.05, 0.25, 0.50, 0.75, 0.95]

    /// `replications,mean,sd,p5,p25,p50,p75,p95` — what ``SpreadAcrossReplications`` gives,
    /// computed in one reused buffer (sorted once) and formatted straight into bytes.
    static func spread(_ b: CSVBytes, _ values: [Double], _ v: inout [Double]) {
        v.removeAll(keepingCapacity: true)
        for x in values where !x.isNaN { v.append(x) }
        b.integer(v.count)
        guard !v.isEmpty else {
            for _ in 0..<7 { b.comma() }
            return
        }
        if v.count > 1 { v.sort() }
        var t = Tally()
        for x in v { t.record(x) }
        b.comma(); b.number(t.mean)
        b.comma(); if v.count > 1 { b.number(t.standardDeviation) }
        for p in percentiles { b.comma(); b.number(ReplicationSummary.percentile(v, p)) }
    }
}

/// Metric names that changed, so runs written before still read (for one
/// release): the old name is read as the new one everywhere runs are read,
/// and given on the command line it means the new one.
public enum MetricNames {
    /// Old name → new name. `practitioners_over_100_pct` and `_110_pct` are
    /// counts of practitioners, and `allocations_over_100_pct` and `_110_pct`
    /// counts of allocations after which the holder was over 100% / 110%:
    /// counts whose names read as percentages.
    public static let renamed = ["practitioners_over_100_pct": "practitioners_over_100",
                                 "practitioners_over_110_pct": "practitioners_over_110",
                                 "allocations_over_100_pct": "allocations_holder_over_100",
                                 "allocations_over_110_pct": "allocations_holder_over_110"]

    /// The current name of `name`.
    public static func current(_ name: String) -> String { renamed[name] ?? name }
}

/// What is known about a metric's values, for intervals.
public enum MetricKind {
    /// Metrics that can be negative: vacancies (funded posts minus staff in
    /// post: negative when over establishment) and their percentage. Every
    /// other metric is a count, a stock, hours, points or a percentage of
    /// non-negative quantities, so it cannot be below zero.
    public static func canBeNegative(_ metric: String) -> Bool {
        metric.hasPrefix("vacancies") || metric.hasPrefix("vacancy_")
    }

    /// The 95% interval for the mean of a metric's replication values:
    /// mean ± t(0.975, n − 1)·sd/√n, with the lower end raised to 0 when the
    /// metric cannot be negative (its mean cannot be either, so the truncated
    /// interval covers the true mean at least as often as the untruncated one).
    public static func interval(_ s: ReplicationSummary, metric: String) -> (low: Double, high: Double) {
        guard !canBeNegative(metric), !s.ci95Low.isNaN else { return (s.ci95Low, s.ci95High) }
        return (max(0, s.ci95Low), max(0, s.ci95High))
    }
}
