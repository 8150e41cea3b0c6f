// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// Whether a paired 95% confidence interval for a difference excludes zero.
public enum Distinguishable: String, Sendable {
    /// The interval excludes zero.
    case yes
    /// The interval contains zero.
    case no
    /// No interval: fewer than two replications had a value in both runs.
    case notApplicable = "n/a"
}

/// One quantity compared between two runs replication by replication: the
/// difference d_r = other_r − baseline_r is formed for every replication r in
/// which both runs have a value (replications where either has none are
/// skipped, so n may be smaller than the runs' replication count), and
/// summarised across those replications with a Student-t 95% interval
/// (n − 1 degrees of freedom).
public struct PairedDifference: Sendable, Hashable {
    /// The mean of the baseline values over the paired replications.
    public let baselineMean: Double
    /// The mean of the other run's values over the paired replications.
    public let otherMean: Double
    /// The differences d_r summarised: mean, sd, interval.
    public let difference: ReplicationSummary

    /// The paired replications.
    public var count: Int { difference.count }

    public var distinguishable: Distinguishable {
        guard count >= 2 else { return .notApplicable }
        return difference.ci95Low > 0 || difference.ci95High < 0 ? .yes : .no
    }

    /// `baseline[i]` and `other[i]` are replication i+1's values (NaN: no value).
    public init<B: Collection, O: Collection>(baseline: B, other: O) where B.Element == Double, O.Element == Double {
        let pairs = zip(baseline, other).filter { !$0.0.isNaN && !$0.1.isNaN }
        self.init(pairs: pairs.map { ($0.0, $0.1, $0.1 - $0.0) })
    }

    /// Per paired replication: its baseline value, other value and difference
    /// (given separately so a difference of means can be formed as a mean of
    /// differences, which is exact for a constant shift).
    init(pairs: [(baseline: Double, other: Double, difference: Double)]) {
        var b = Tally(), o = Tally()
        for p in pairs { b.record(p.baseline); o.record(p.other) }
        baselineMean = pairs.isEmpty ? .nan : b.mean
        otherMean = pairs.isEmpty ? .nan : o.mean
        difference = ReplicationSummary(pairs.map(\.difference))
    }

    /// The CSV fields `diff_mean, diff_sd, diff_ci95_low, diff_ci95_high`; sd
    /// and interval are empty with fewer than two replications (no interval).
    func differenceFields(sd includeSD: Bool) -> [String] {
        let s = difference
        let spread = count >= 2 ? (includeSD ? [s.sd] : []) + [s.ci95Low, s.ci95High]
                                : [Double](repeating: .nan, count: includeSD ? 3 : 2)
        return ([s.mean] + spread).map(NumberFormat.format)
    }
}

/// A scenario run compared with a baseline run of the same replications and
/// output dates, series by series.
public struct Comparison: Sendable {
    public enum Statistic: String, Sendable, CaseIterable {
        /// The value on the last output date.
        case final
        /// The mean over output dates (after `after`, when given).
        case horizonMean = "horizon_mean"
    }

    /// The name written in the `scenario` column.
    public let label: String
    public let baseline: RunDirectory
    public let other: RunDirectory
    /// The series in both runs, in the baseline's order.
    public let keys: [SeriesKey]
    public let onlyInBaseline: [SeriesKey]
    public let onlyInOther: [SeriesKey]
    /// The indices of the output dates that count in `horizon_mean`.
    public let horizonDates: [Int]

    /// - Throws: ``RunDirectoryError`` when the runs are not comparable (see ``problems(baseline:other:)``)
    ///   or `after` leaves no output date.
    public init(baseline: RunDirectory, other: RunDirectory, label: String, after: CivilDate? = nil) throws {
        let p = Self.problems(baseline: baseline, other: other)
        if let e = p.errors.first { throw RunDirectoryError(e) }
        self.baseline = baseline
        self.other = other
        self.label = label
        keys = baseline.keys.filter(other.contains)
        onlyInBaseline = baseline.keys.filter { !other.contains($0) }
        onlyInOther = other.keys.filter { !baseline.contains($0) }
        horizonDates = baseline.dates.indices.filter { after == nil || baseline.dates[$0] > after! }
        if horizonDates.isEmpty, let after {
            throw RunDirectoryError("--after \(after) leaves no output date for horizon_mean (the last is \(baseline.dates.last.map(\.description) ?? "none"))")
        }
    }

    /// What stops a paired comparison (errors) and what weakens it (warnings).
    public static func problems(baseline: RunDirectory, other: RunDirectory) -> (errors: [String], warnings: [String]) {
        var errors: [String] = []
        var warnings: [String] = []
        let b = baseline.path, o = other.path
        if baseline.replications != other.replications {
            errors.append("\(o) has \(other.replications) replication(s) but the baseline \(b) has \(baseline.replications): "
                          + "a paired comparison needs the same replications in both runs")
        }
        if baseline.dates != other.dates {
            errors.append("\(o) and the baseline \(b) have different output dates: "
                          + describeDateDifference(baseline.dates, other.dates, b, o)
                          + "; runs are comparable only with the same start, horizon and cadence")
        }
        switch (baseline.manifest.seed, other.manifest.seed) {
        case let (sb?, so?) where sb != so:
            warnings.append("\(o) has seed \(so) but the baseline \(b) has seed \(sb): the runs do not share random numbers, "
                            + "so the pairing is not on common random numbers. The intervals are still valid paired-t intervals, "
                            + "but wider than necessary; run both scenarios with the same --seed for tighter ones")
        case (nil, _), (_, nil):
            warnings.append("the manifest of \(baseline.manifest.seed == nil ? b : o) records no seed: cannot tell whether the runs "
                            + "share common random numbers (the paired intervals are valid either way)")
        default:
            break
        }
        if let hb = baseline.manifest.scenarioSHA256, hb == other.manifest.scenarioSHA256,
           baseline.manifest.seed != nil, baseline.manifest.seed == other.manifest.seed,
           baseline.manifest.point == other.manifest.point, errors.isEmpty,
           baseline.manifest.extends ?? [] == other.manifest.extends ?? [],
           baseline.manifest.overrides ?? [] == other.manifest.overrides ?? [] {
            warnings.append("\(o) ran the same scenario file with the same seed as the baseline: expect every difference to be zero")
        }
        return (errors, warnings)
    }

    static func describeDateDifference(_ a: [CivilDate], _ b: [CivilDate], _ an: String, _ bn: String) -> String {
        func span(_ d: [CivilDate]) -> String {
            guard let f = d.first, let l = d.last else { return "no dates" }
            return "\(d.count) date(s) from \(f) to \(l)"
        }
        var text = "\(an) has \(span(a)), \(bn) has \(span(b))"
        let sa = Set(a), sb = Set(b)
        let onlyA = a.first { !sb.contains($0) }, onlyB = b.first { !sa.contains($0) }
        switch (onlyA, onlyB) {
        case let (x?, y?): text += x < y ? "; \(x) is only in \(an)" : "; \(y) is only in \(bn)"
        case let (x?, nil): text += "; \(x) is only in \(an)"
        case let (nil, y?): text += "; \(y) is only in \(bn)"
        case (nil, nil): break
        }
        return text
    }

    /// The paired difference of `key` on each output date.
    public func series(_ key: SeriesKey) -> [PairedDifference] {
        let reps = 1...baseline.replications
        return baseline.dates.indices.map { d in
            PairedDifference(baseline: reps.map { baseline.value(key, replication: $0, dateIndex: d) },
                             other: reps.map { other.value(key, replication: $0, dateIndex: d) })
        }
    }

    /// The paired difference of a per-replication statistic of `key`.
    ///
    /// `final`: each replication's value on the last output date. `horizon_mean`:
    /// each replication's mean over the horizon dates on which both runs have a
    /// value, so d_r is the mean of that replication's difference series.
    public func summary(_ key: SeriesKey, _ statistic: Statistic) -> PairedDifference {
        let reps = 1...baseline.replications
        switch statistic {
        case .final:
            let last = baseline.dates.count - 1
            return PairedDifference(baseline: reps.map { baseline.value(key, replication: $0, dateIndex: last) },
                                    other: reps.map { other.value(key, replication: $0, dateIndex: last) })
        case .horizonMean:
            var pairs: [(baseline: Double, other: Double, difference: Double)] = []
            for r in reps {
                let bs = baseline.series(key, replication: r), os = other.series(key, replication: r)
                var sb = 0.0, so = 0.0, sd = 0.0, n = 0
                for d in horizonDates {
                    let x = bs[bs.startIndex + d], y = os[os.startIndex + d]
                    if x.isNaN || y.isNaN { continue }
                    sb += x; so += y; sd += y - x; n += 1
                }
                if n > 0 { pairs.append((sb / Double(n), so / Double(n), sd / Double(n))) }
            }
            return PairedDifference(pairs: pairs)
        }
    }
}

/// Writes `compare_series.csv` and `compare_summary.csv`.
public enum ComparisonWriter {
    public static let seriesHeader = ["scenario", "date", "level", "entity", "metric", "baseline_mean", "other_mean",
                                      "diff_mean", "diff_ci95_low", "diff_ci95_high"]
    public static let summaryHeader = ["scenario", "level", "entity", "metric", "statistic", "baseline_mean", "other_mean",
                                       "diff_mean", "diff_sd", "diff_ci95_low", "diff_ci95_high", "distinguishable"]

    /// Writes both files into `directory` (created if needed), each under a
    /// temporary name renamed into place when complete.
    public static func write(_ comparisons: [Comparison], to directory: URL) throws -> [(name: String, rows: Int)] {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        catch { throw ReportError.cannotWrite(directory.path, reason: OutputFile.reason(error)) }
        let series = try CSVWriter(url: directory.appendingPathComponent("compare_series.csv"), header: seriesHeader)
        let summary: CSVWriter
        do { summary = try CSVWriter(url: directory.appendingPathComponent("compare_summary.csv"), header: summaryHeader) }
        catch { series.abandon(); throw error }
        for c in comparisons {
            let dates = c.baseline.dates.map(\.description)
            for key in c.keys {
                for (d, p) in c.series(key).enumerated() {
                    series.writeRow([c.label, dates[d], key.level, key.entity, key.metric,
                                     NumberFormat.format(p.baselineMean), NumberFormat.format(p.otherMean)]
                                    + p.differenceFields(sd: false))
                }
                for stat in Comparison.Statistic.allCases {
                    let p = c.summary(key, stat)
                    summary.writeRow([c.label, key.level, key.entity, key.metric, stat.rawValue,
                                      NumberFormat.format(p.baselineMean), NumberFormat.format(p.otherMean)]
                                     + p.differenceFields(sd: true) + [p.distinguishable.rawValue])
                }
            }
        }
        do {
            try series.finish()
            try summary.finish()
        } catch {
            series.abandon(); summary.abandon()
            throw error
        }
        return [("compare_series.csv", series.rows), ("compare_summary.csv", summary.rows)]
    }
}
