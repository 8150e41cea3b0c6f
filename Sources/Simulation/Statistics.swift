// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

// Streaming statistics: every accumulator here uses O(1) memory however long
// the run (salabim's always-on monitors reached 32 GB; these never grow).

/// Counts occurrences.
public struct Counter: Sendable, Hashable {
    public internal(set) var count: Int = 0
    public init() {}
    public mutating func increment(by n: Int = 1) { count += n }
    public mutating func reset() { count = 0 }
}

/// Mean, variance, minimum and maximum of observations (Welford's method).
public struct Tally: Sendable, Hashable {
    public internal(set) var count: Int = 0
    public internal(set) var mean: Double = 0
    var m2: Double = 0
    public internal(set) var min: Double = .infinity
    public internal(set) var max: Double = -.infinity
    public internal(set) var sum: Double = 0

    public init() {}

    public mutating func record(_ x: Double) {
        count += 1
        sum += x
        let d = x - mean
        mean += d / Double(count)
        m2 += d * (x - mean)
        if x < min { min = x }
        if x > max { max = x }
    }

    /// The sample variance (n − 1 denominator); 0 with fewer than two observations.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }

    public mutating func reset() { self = Tally() }

    /// Combines two tallies as if all observations had been recorded in one
    /// (Chan et al.'s parallel update).
    public func merged(with o: Tally) -> Tally {
        guard o.count > 0 else { return self }
        guard count > 0 else { return o }
        var r = Tally()
        r.count = count + o.count
        let d = o.mean - mean
        r.mean = mean + d * Double(o.count) / Double(r.count)
        r.m2 = m2 + o.m2 + d * d * Double(count) * Double(o.count) / Double(r.count)
        r.min = Swift.min(min, o.min)
        r.max = Swift.max(max, o.max)
        r.sum = sum + o.sum
        return r
    }
}

/// A level that changes at instants (queue length, caseload, busy servers),
/// with its time-weighted mean: the integral of the level over time divided by
/// the time observed. ``reset(at:)`` discards everything before a warm-up point
/// while keeping the current level.
public struct TimeWeighted: Sendable, Hashable {
    public internal(set) var level: Double
    public internal(set) var startTime: Tick
    var lastChange: Tick
    var area: Double = 0
    public internal(set) var min: Double
    public internal(set) var max: Double

    public init(level: Double = 0, at time: Tick = 0) {
        self.level = level
        self.startTime = time
        self.lastChange = time
        self.min = level
        self.max = level
    }

    /// Sets the level at `time` (not before the last change).
    public mutating func set(_ newLevel: Double, at time: Tick) {
        area += level * Double(time - lastChange)
        lastChange = time
        level = newLevel
        if newLevel < min { min = newLevel }
        if newLevel > max { max = newLevel }
    }

    /// Adds `delta` to the level at `time`.
    public mutating func add(_ delta: Double, at time: Tick) { set(level + delta, at: time) }

    /// The integral of the level from the start (or last reset) to `time`.
    public func integral(upTo time: Tick) -> Double {
        area + level * Double(time - lastChange)
    }

    /// The time-weighted mean from the start (or last reset) to `time`; the
    /// current level if no time has passed.
    public func mean(upTo time: Tick) -> Double {
        let span = time - startTime
        return span > 0 ? integral(upTo: time) / Double(span) : level
    }

    /// Forgets the history before `time` (warm-up deletion), keeping the level.
    public mutating func reset(at time: Tick) {
        area = 0
        startTime = time
        lastChange = time
        min = level
        max = level
    }
}

/// A histogram with fixed, equal-width bins on [lower, upper), plus underflow
/// and overflow counts; quantiles by linear interpolation within a bin.
public struct Histogram: Sendable, Hashable {
    public let lower: Double
    public let upper: Double
    public internal(set) var bins: [Int]
    public internal(set) var underflow: Int = 0
    public internal(set) var overflow: Int = 0
    public internal(set) var count: Int = 0

    /// - Precondition: `lower < upper`, `binCount ≥ 1`.
    public init(lower: Double, upper: Double, binCount: Int) {
        precondition(lower < upper && binCount >= 1, "Histogram needs lower < upper and at least one bin")
        self.lower = lower
        self.upper = upper
        self.bins = Array(repeating: 0, count: binCount)
    }

    public var binWidth: Double { (upper - lower) / Double(bins.count) }

    public mutating func record(_ x: Double) {
        count += 1
        if x < lower { underflow += 1; return }
        if x >= upper { overflow += 1; return }
        let i = Swift.min(Int((x - lower) / (upper - lower) * Double(bins.count)), bins.count - 1)
        bins[i] += 1
    }

    /// The `p`-quantile (0 ≤ p ≤ 1). Mass below `lower` is placed at `lower`
    /// and mass above `upper` at `upper`, so quantiles that fall there are
    /// clamped to the range. `nil` when empty.
    public func quantile(_ p: Double) -> Double? {
        guard count > 0 else { return nil }
        let target = Swift.min(Swift.max(p, 0), 1) * Double(count)
        var cumulative = Double(underflow)
        if target <= cumulative && underflow > 0 { return lower }
        for (i, c) in bins.enumerated() where c > 0 {
            if cumulative + Double(c) >= target {
                let frac = (target - cumulative) / Double(c)
                return lower + (Double(i) + frac) * binWidth
            }
            cumulative += Double(c)
        }
        return upper
    }

    public mutating func reset() {
        bins = Array(repeating: 0, count: bins.count)
        underflow = 0; overflow = 0; count = 0
    }
}

/// A summary of one quantity across independent replications: mean, standard
/// deviation, a Student-t 95% confidence interval for the mean, and the 10th,
/// 50th and 90th percentiles of the replication values.
public struct ReplicationSummary: Sendable, Hashable, Codable {
    public let count: Int
    public let mean: Double
    public let sd: Double
    public let ci95Low: Double
    public let ci95High: Double
    public let p10: Double
    public let p50: Double
    public let p90: Double

    /// Summarises `values` (one per replication). The interval is
    /// mean ± t(0.975, n−1)·sd/√n; with one value it has zero width.
    public init(_ values: [Double]) {
        let n = values.count
        count = n
        guard n > 0 else {
            mean = .nan; sd = .nan; ci95Low = .nan; ci95High = .nan; p10 = .nan; p50 = .nan; p90 = .nan
            return
        }
        var t = Tally()
        for v in values { t.record(v) }
        mean = t.mean
        sd = t.standardDeviation
        if n > 1 {
            let half = StudentT.quantile(0.975, degreesOfFreedom: Double(n - 1)) * sd / Double(n).squareRoot()
            ci95Low = mean - half
            ci95High = mean + half
        } else {
            ci95Low = mean; ci95High = mean
        }
        let sorted = values.sorted()
        p10 = Self.percentile(sorted, 0.10)
        p50 = Self.percentile(sorted, 0.50)
        p90 = Self.percentile(sorted, 0.90)
    }

    /// The half-width of the 95% interval.
    public var halfWidth: Double { (ci95High - ci95Low) / 2 }

    /// Linear interpolation between closest ranks (R's type 7, NumPy's default).
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
