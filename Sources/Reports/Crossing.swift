// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// When a metric first crosses a threshold: the question `caseflow query crossing` asks.
public struct CrossingQuery: Sendable, Hashable {
    public enum Direction: String, Sendable {
        /// The value is strictly below the threshold.
        case below
        /// The value is strictly above the threshold.
        case above
    }

    public enum Threshold: Sendable, Hashable {
        /// The same threshold in every replication.
        case value(Double)
        /// This fraction of the replication's own value on the first output
        /// date (so 0.05 asks when the metric falls below 5% of where it started).
        case fractionOfStart(Double)
    }

    public var key: SeriesKey
    public var direction: Direction
    public var threshold: Threshold
    /// Only output dates strictly after this date are considered.
    public var after: CivilDate?

    public init(key: SeriesKey, direction: Direction, threshold: Threshold, after: CivilDate? = nil) {
        self.key = key; self.direction = direction; self.threshold = threshold; self.after = after
    }

    func crosses(_ v: Double, _ threshold: Double) -> Bool {
        direction == .below ? v < threshold : v > threshold
    }

    /// "below 500", "below 5% of its value on 2024-01-01".
    public func describeThreshold(start: CivilDate?) -> String {
        switch threshold {
        case .value(let x): return "\(direction.rawValue) \(NumberFormat.format(x))"
        case .fractionOfStart(let f):
            return "\(direction.rawValue) \(NumberFormat.format(f)) × its value on \(start.map(\.description) ?? "the first output date")"
        }
    }
}

/// One replication's answer.
public struct ReplicationCrossing: Sendable, Hashable {
    public enum Outcome: String, Sendable {
        /// Crossed on `date`.
        case crossed
        /// Never crossed on the dates considered.
        case never
        /// The threshold is a fraction of the start and the replication has no
        /// value on the first output date, so it has no threshold.
        case noStartValue = "no_start_value"
    }

    public var replication: Int
    public var outcome: Outcome
    /// The threshold this replication was held to (NaN for `noStartValue`).
    public var threshold: Double
    /// The replication's value on the first output date (fraction-of-start thresholds only).
    public var startValue: Double?
    /// The first date considered on which the value crossed.
    public var date: CivilDate?
    /// The value on that date.
    public var value: Double?
    /// Whether it had already crossed on the first date considered (so the
    /// "crossing" is a state at the start rather than a change).
    public var onFirstDate: Bool
}

/// The crossing dates of every replication, and their spread.
public struct CrossingResult: Sendable {
    public let query: CrossingQuery
    /// The first output date of the run.
    public let start: CivilDate
    /// The first and last output dates considered.
    public let firstConsidered: CivilDate
    public let horizonEnd: CivilDate
    /// The number of output dates considered.
    public let datesConsidered: Int
    public let replications: [ReplicationCrossing]
    /// The crossing dates' day numbers (days since 1970-01-01) over the
    /// replications that crossed: mean, Student-t 95% interval (n − 1 degrees of
    /// freedom, n = replications that crossed), percentiles.
    public let days: ReplicationSummary

    public var crossed: [ReplicationCrossing] { replications.filter { $0.outcome == .crossed } }
    public var neverCount: Int { replications.filter { $0.outcome == .never }.count }
    public var noStartValueCount: Int { replications.filter { $0.outcome == .noStartValue }.count }

    /// A day number as a date (rounded to the nearest day); nil for NaN.
    public static func date(_ dayNumber: Double) -> CivilDate? {
        dayNumber.isFinite ? CivilDate(dayNumber: Int(dayNumber.rounded())) : nil
    }

    public var meanDate: CivilDate? { Self.date(days.mean) }
    public var ci95LowDate: CivilDate? { days.count >= 2 ? Self.date(days.ci95Low) : nil }
    public var ci95HighDate: CivilDate? { days.count >= 2 ? Self.date(days.ci95High) : nil }
    /// The interval's half-width in days (nil with fewer than two crossings).
    public var ci95HalfWidthDays: Double? { days.count >= 2 ? days.halfWidth : nil }
    public var medianDate: CivilDate? { Self.date(days.p50) }
    public var p10Date: CivilDate? { Self.date(days.p10) }
    public var p90Date: CivilDate? { Self.date(days.p90) }
    /// The mean crossing date in days after the first output date.
    public var meanDaysFromStart: Double { days.mean - Double(start.dayNumber) }
}

public enum Crossing {
    /// Finds each replication's first crossing in `run`.
    /// - Throws: ``RunDirectoryError`` if the series is not in the run or no output date is left to consider.
    public static func find(_ query: CrossingQuery, in run: RunDirectory) throws -> CrossingResult {
        guard run.contains(query.key) else {
            throw RunDirectoryError("\(run.path) has no series \(query.key.level) / \(query.key.entity) / \(query.key.metric)")
        }
        guard let start = run.dates.first, let end = run.dates.last else {
            throw RunDirectoryError("\(run.path) has no output dates")
        }
        let considered = run.dates.indices.filter { query.after == nil || run.dates[$0] > query.after! }
        guard let firstConsidered = considered.first else {
            throw RunDirectoryError("--after \(query.after!) leaves no output date to consider (the last is \(end))")
        }
        var out: [ReplicationCrossing] = []
        for r in 1...run.replications {
            let s = run.series(query.key, replication: r)
            let values = Array(s)
            let threshold: Double
            var startValue: Double?
            switch query.threshold {
            case .value(let x): threshold = x
            case .fractionOfStart(let f):
                startValue = values[0]
                guard !values[0].isNaN else {
                    out.append(ReplicationCrossing(replication: r, outcome: .noStartValue, threshold: .nan, startValue: nil,
                                                   date: nil, value: nil, onFirstDate: false))
                    continue
                }
                threshold = f * values[0]
            }
            var hit: Int?
            for d in considered where !values[d].isNaN && query.crosses(values[d], threshold) {
                hit = d
                break
            }
            out.append(ReplicationCrossing(replication: r, outcome: hit == nil ? .never : .crossed, threshold: threshold,
                                           startValue: startValue, date: hit.map { run.dates[$0] },
                                           value: hit.map { values[$0] }, onFirstDate: hit == firstConsidered))
        }
        let days = ReplicationSummary(out.compactMap { $0.date.map { Double($0.dayNumber) } })
        return CrossingResult(query: query, start: start, firstConsidered: run.dates[firstConsidered], horizonEnd: end,
                              datesConsidered: considered.count, replications: out, days: days)
    }
}
