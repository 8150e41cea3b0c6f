// SPDX-License-Identifier: GPL-3.0-or-later

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
    public static let longest: Tick = 1 << 52

    /// Converts a duration in (possibly fractional) days to ticks, rounding to
    /// the nearest minute. Negative or non-finite input gives 0; at most ``longest``.
    @inlinable
    public static func days(_ d: Double) -> Tick {
        guard d.isFinite, d > 0 else { return 0 }
        return Tick(min((d * Double(day)).rounded(), Double(longest)))
    }

    /// Converts a duration in (possibly fractional) hours to ticks (at most ``longest``).
    @inlinable
    public static func hours(_ h: Double) -> Tick {
        guard h.isFinite, h > 0 else { return 0 }
        return Tick(min((h * Double(hour)).rounded(), Double(longest)))
    }

    /// Converts ticks to fractional days.
    @inlinable
    public static func toDays(_ t: Tick) -> Double { Double(t) / Double(day) }
}
