// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// Simulation time as a whole number of ticks.
///
/// One tick is one **minute** of model time. Integer time makes simultaneity
/// exact: two events scheduled "five working days after sentence" for two
/// cases sentenced at the same instant fall at the same tick, and the
/// same-instant rules of ``EventPriority`` then decide their order, never
/// floating-point rounding. An `Int64` of minutes covers ±17 million years.
public typealias Tick = Int64

/// Named durations in ticks (minutes).
public enum Ticks {
    public static let minute: Tick = 1
    public static let hour: Tick = 60
    public static let day: Tick = 1_440
    public static let week: Tick = 10_080

    /// The longest duration a conversion gives: 2^52 minutes (about 8.5
    /// billion years), so that `now + duration` cannot overflow for any time
    /// a run reaches, whatever a random draw gives (a lognormal's tail, say).
    /// (A computed constant: a stored `static let` with this initialiser was a lazily
    /// initialised global, and every conversion called its accessor.)
    @inlinable public static var longest: Tick { 1 << 52 }

    /// Converts a duration in (possibly fractional) days to ticks, rounding to
    /// the nearest minute. Negative or non-finite input gives 0; at most ``longest``.
    /// (`0 < d < ∞` is the same test as `d.isFinite && d > 0`, NaN failing both comparisons, in
    /// two comparisons; inlined, as the call and the checks around it were most of the
    /// instructions of a conversion, five million a national replication.)
    @inlinable @inline(__always)
    public static func days(_ d: Double) -> Tick {
        guard d > 0 && d < .infinity else { return 0 }
        return roundedTicks(d * Double(day))
    }

    /// Converts a duration in (possibly fractional) hours to ticks (at most ``longest``).
    @inlinable
    public static func hours(_ h: Double) -> Tick {
        guard h > 0 && h < .infinity else { return 0 }
        return roundedTicks(h * Double(hour))
    }

    /// `Tick(min(x.rounded(), Double(longest)))` for `x` ≥ 0 (or +∞), without a call to the C
    /// library's `round` (`rounded()` is one on this target, with the work around it about
    /// 0.7% of a national replication). Exact: below 2^52, `t` is `x` truncated and `x - t`
    /// is computed exactly (Sterbenz's lemma, as t ≤ x < 2t once t ≥ 1; `x` itself when t is
    /// 0), so adding 1 when it is at least ½ is rounding half away from zero; from 2^52 up
    /// `x` is a whole number, so `rounded()` gives `x` itself and the `min` gives ``longest``.
    @inlinable @inline(__always)
    static func roundedTicks(_ x: Double) -> Tick {
        guard x < Double(longest) else { return longest }
        // 0 ≤ x < 2^52 here: truncated without `Tick(x)`'s checks for NaN and range.
        let t = Tick(cgsl_truncate(x))
        let up: Tick = x - Double(t) >= 0.5 ? 1 : 0   // (added, not chosen: no branch to mispredict)
        return t &+ up
    }

    /// Converts ticks to fractional days.
    @inlinable
    public static func toDays(_ t: Tick) -> Double { Double(t) / Double(day) }
}
