// SPDX-License-Identifier: GPL-3.0-or-later

/// An arrival rate that is constant between breakpoints (a non-homogeneous
/// Poisson process with a piecewise-constant intensity), optionally repeating
/// with a fixed cycle (seasonality), and optionally scaled by a growth factor
/// per cycle.
///
/// Arrival times are drawn by inverting the cumulative intensity: draw
/// E ~ Exp(1) and walk forward through the segments until their accumulated
/// intensity reaches E. This uses exactly one uniform per arrival (good for
/// common random numbers), and is exact — no thinning, no rejected draws.
public struct PiecewiseRate: Sendable, Hashable {
    /// A segment: from `start` (ticks from the origin, or from the start of the
    /// cycle when the profile repeats), arrivals occur at `ratePerTick`.
    public struct Segment: Sendable, Hashable {
        public var start: Tick
        public var ratePerTick: Double
        public init(start: Tick, ratePerTick: Double) { self.start = start; self.ratePerTick = ratePerTick }
    }

    /// Segments in increasing `start` order; the first starts at 0.
    public let segments: [Segment]
    /// When set, the profile repeats with this period.
    public let cycle: Tick?

    /// A constant rate.
    public init(ratePerTick: Double) {
        self.segments = [Segment(start: 0, ratePerTick: ratePerTick)]
        self.cycle = nil
    }

    /// - Precondition: segments sorted by start, the first at 0, rates ≥ 0
    ///   and finite; if `cycle` is set, every start is below it.
    public init(segments: [Segment], cycle: Tick? = nil) {
        precondition(!segments.isEmpty && segments[0].start == 0, "the first segment must start at 0")
        precondition(zip(segments, segments.dropFirst()).allSatisfy { $0.start < $1.start }, "segment starts must increase")
        precondition(segments.allSatisfy { $0.ratePerTick >= 0 && $0.ratePerTick.isFinite }, "rates must be finite and ≥ 0")
        if let c = cycle { precondition(c > 0 && segments.last!.start < c, "segments must start within the cycle") }
        self.segments = segments
        self.cycle = cycle
    }

    /// The rate (per tick) at time `t` (ticks from the origin).
    public func rate(at t: Tick) -> Double {
        let local = cycle.map { ((t % $0) + $0) % $0 } ?? t
        var r = segments[0].ratePerTick
        for s in segments where s.start <= local { r = s.ratePerTick }
        return r
    }

    /// The expected number of arrivals in [from, to).
    public func expectedArrivals(from: Tick, to: Tick) -> Double {
        guard to > from else { return 0 }
        var total = 0.0
        var t = from
        while t < to {
            let (rate, end) = segmentAt(t)
            let e = min(end, to)
            total += rate * Double(e - t)
            t = e
        }
        return total
    }

    /// The exact (fractional-tick) time of the next arrival after the exact
    /// time `t`, or `nil` if the rate is zero from `t` onward or the arrival
    /// would fall after `horizon`.
    public func nextArrival(after t: Double, horizon: Tick = .max, _ stream: RandomStream) -> Double? {
        // The hinted search finds the same segment whatever the hint (``segmentAt(_:hint:)``).
        var hint = 0
        return nextArrival(after: t, horizon: horizon, stream, hint: &hint)
    }

    /// ``nextArrival(after:horizon:_:)`` with the index of the segment the last search found
    /// kept in `hint` (``segmentAt(_:hint:)``): the same arithmetic, the same draw, the same
    /// answer. An arrival process asks again from where its last arrival fell, so the segment
    /// is almost always the one before or the next.
    @inlinable
    public func nextArrival(after t: Double, horizon: Tick = .max, _ stream: RandomStream, hint: inout Int) -> Double? {
        var need = stream.exponential(mean: 1)   // unit-rate exponential "work" to cover
        var now = t
        var cursor = Tick(t.rounded(.down))
        while cursor < horizon {
            let (rate, end) = segmentAt(cursor, hint: &hint)
            let segEnd = end == .max ? Double.infinity : Double(end)
            if rate > 0 {
                let capacity = rate * (segEnd - now)
                if need <= capacity {
                    let at = now + need / rate
                    return at <= Double(horizon) ? at : nil
                }
                need -= capacity
            }
            if end == .max { return nil }
            now = segEnd
            cursor = end
        }
        return nil
    }

    /// ``segmentAt(_:)``, trying the segment `hint` and the one after it before searching,
    /// and leaving the index found in `hint`. The segment is fixed by `t` alone (the last
    /// one starting at or before it), so a good hint only saves the search.
    @inlinable @inline(__always)
    func segmentAt(_ t: Tick, hint: inout Int) -> (rate: Double, end: Tick) {
        let base: Tick, local: Tick, period: Tick
        if let c = cycle {
            base = t - (((t % c) + c) % c)
            local = t - base
            period = c
        } else {
            base = 0
            local = t
            period = .max
        }
        let i = segmentIndex(local, hint: hint)
        hint = i
        let end = i + 1 < segments.count ? base + segments[i + 1].start : (cycle == nil ? Tick.max : base + period)
        return (segments[i].ratePerTick, end)
    }

    /// ``lastSegment(startingAtOrBefore:)``, checking `hint` and `hint + 1` first.
    @inlinable @inline(__always)
    func segmentIndex(_ t: Tick, hint h: Int) -> Int {
        segments.withUnsafeBufferPointer { s in
            let n = s.count
            if h >= 0 && h < n && s[h].start <= t {
                if h + 1 == n || t < s[h + 1].start { return h }
                if h + 2 == n || t < s[h + 2].start { return h + 1 }
            }
            return lastSegment(startingAtOrBefore: t)
        }
    }

    /// The rate in force at `t` and the end of its segment (`.max` if it never ends).
    func segmentAt(_ t: Tick) -> (rate: Double, end: Tick) {
        guard let c = cycle else {
            let i = lastSegment(startingAtOrBefore: t)
            let end = i + 1 < segments.count ? segments[i + 1].start : Tick.max
            return (segments[i].ratePerTick, end)
        }
        let base = t - (((t % c) + c) % c)
        let local = t - base
        let i = lastSegment(startingAtOrBefore: local)
        let end = base + (i + 1 < segments.count ? segments[i + 1].start : c)
        return (segments[i].ratePerTick, end)
    }

    /// The last segment starting at or before `t` (the first if none does), by bisection:
    /// starts increase, so this is where a walk from the first segment would stop.
    /// (A national profile has a segment a month; walking them cost a few % of a run.)
    @usableFromInline
    func lastSegment(startingAtOrBefore t: Tick) -> Int {
        var lo = 0, hi = segments.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if segments[mid].start <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}

/// A stream of arrival times from a ``PiecewiseRate``, kept exact between
/// arrivals (the fractional part is carried, so rounding to whole ticks adds
/// no drift to the rate).
public struct ArrivalProcess: Sendable {
    public let rate: PiecewiseRate
    /// The exact time of the last arrival (fractional ticks).
    public private(set) var lastExact: Double

    /// Set once the rate is zero for ever after `lastExact`.
    var exhausted = false
    /// The segment the last draw ended in (``PiecewiseRate/segmentAt(_:hint:)``): a hint only.
    var segmentHint = 0

    public init(rate: PiecewiseRate, startingAt start: Tick) {
        self.rate = rate
        self.lastExact = Double(start)
    }

    /// The tick of the next arrival (the exact time rounded up, so never before
    /// the previous one), or `nil` when there are no more before `horizon`.
    ///
    /// A `nil` is final up to `horizon`: the process moves on to the horizon
    /// (exact, because the process is memoryless), so a later call with a
    /// larger horizon never returns an arrival before the earlier one.
    public mutating func next(horizon: Tick = .max, _ stream: RandomStream) -> Tick? {
        guard !exhausted else { return nil }
        guard let at = rate.nextArrival(after: lastExact, horizon: horizon, stream, hint: &segmentHint) else {
            if horizon == .max {
                exhausted = true
            } else if Double(horizon) > lastExact {
                lastExact = Double(horizon)
            }
            return nil
        }
        lastExact = at
        return Tick(at.rounded(.up))
    }
}
