// SPDX-License-Identifier: GPL-3.0-or-later

// Calendar dates without Foundation: no `Calendar`, no `TimeZone`, no locale.
// A model date is a day on the proleptic Gregorian calendar and nothing else,
// so the same scenario gives the same dates on every machine.

/// A day of the week, numbered as in ISO 8601 (Monday = 1 … Sunday = 7).
public enum Weekday: Int, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Whether this is Saturday or Sunday.
    @inlinable public var isWeekend: Bool { rawValue >= 6 }

    /// The English name, e.g. "Monday".
    public var description: String {
        switch self {
        case .monday: return "Monday"
        case .tuesday: return "Tuesday"
        case .wednesday: return "Wednesday"
        case .thursday: return "Thursday"
        case .friday: return "Friday"
        case .saturday: return "Saturday"
        case .sunday: return "Sunday"
        }
    }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// A calendar date (year, month, day) on the proleptic Gregorian calendar.
///
/// Dates convert exactly to and from a *day number*, the count of days since
/// 1970-01-01 (day 0; earlier dates are negative), which is what arithmetic
/// uses. The conversion follows Howard Hinnant's `days_from_civil` and
/// `civil_from_days` (http://howardhinnant.github.io/date_algorithms.html):
/// shift the year to start on 1 March so the leap day is the last day of the
/// year, then count whole 400-year eras (146 097 days each) and the days
/// within the era.
///
/// The text form, used by ``description``, ``init(iso:)`` and `Codable`, is
/// ISO 8601 `YYYY-MM-DD`. Arithmetic is exact for any year within ±1 000 000,
/// far beyond any model run.
public struct CivilDate: Hashable, Comparable, Strideable, Sendable, CustomStringConvertible, Codable {
    /// The year (astronomical numbering: 1 BC is year 0).
    public let year: Int
    /// The month, 1 (January) … 12 (December).
    public let month: Int
    /// The day of the month, 1 … 31.
    public let day: Int

    /// A date, or `nil` if `month` or `day` is out of range for that month
    /// (30 February, 29 February outside a leap year, month 13, …) or the year
    /// is outside ±1 000 000.
    public init?(year: Int, month: Int, day: Int) {
        guard (-1_000_000...1_000_000).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date with the given day number (days since 1970-01-01).
    public init(dayNumber: Int) {
        // Hinnant's civil_from_days: days since 0000-03-01, split into 400-year
        // eras, then year-of-era, then day-of-year counted from 1 March.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097                                             // 0 … 146096
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365 // 0 … 399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100) // 0 … 365
        let shiftedMonth = (5 * dayOfYear + 2) / 153                                  // 0 = March … 11 = February
        self.day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        self.month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (self.month <= 2 ? 1 : 0)
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day,
    /// ASCII digits and hyphens, nothing else). Returns `nil` for any other
    /// text and for dates that do not exist, such as `2021-02-29` or `2021-13-01`.
    public init?(iso text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                let c = b[i]
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(c - UInt8(ascii: "0"))
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Hinnant's days_from_civil: the inverse of init(dayNumber:).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400                                                 // 0 … 399
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1 // 0 … 365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // 0 … 146096
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the week.
    public var weekday: Weekday { CivilDate.weekday(ofDayNumber: dayNumber) }

    /// The day of the year, 1 (1 January) … 366.
    public var dayOfYear: Int { dayNumber - CivilDate.firstOfJanuary(year).dayNumber + 1 }

    /// The ISO 8601 week-numbering year and week (1 … 53). Weeks start on
    /// Monday and week 1 is the week containing the year's first Thursday, so
    /// 2021-01-03 is in 2020-W53 and 2024-12-30 in 2025-W01.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: Weekday.thursday.rawValue - weekday.rawValue)
        return (thursday.year, (thursday.dayOfYear - 1) / 7 + 1)
    }

    /// The date `n` days later (earlier if `n` is negative).
    public func adding(days n: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + n) }

    /// The Monday on or before this date (the start of its ISO week).
    public var startOfISOWeek: CivilDate { adding(days: 1 - weekday.rawValue) }

    /// The first day of this date's month.
    public var startOfMonth: CivilDate { CivilDate(unchecked: year, month, 1) }

    /// The first day of the following month.
    public var startOfNextMonth: CivilDate {
        month == 12 ? CivilDate(unchecked: year + 1, 1, 1) : CivilDate(unchecked: year, month + 1, 1)
    }

    /// `YYYY-MM-DD` (a year outside 0 … 9999 is written with its sign and as
    /// many digits as it needs; ``init(iso:)`` reads back only four-digit years).
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count < width ? String(repeating: "0", count: width - s.count) + s : s
        }
        let y = year < 0 ? "-" + pad(-year, 4) : (year > 9999 ? "+" + String(year) : pad(year, 4))
        return "\(y)-\(pad(month, 2))-\(pad(day, 2))"
    }

    // MARK: Comparable, Strideable

    public static func == (a: CivilDate, b: CivilDate) -> Bool {
        a.year == b.year && a.month == b.month && a.day == b.day
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Days from this date to `other` (`Strideable`, so `a..<b` can be iterated).
    public func distance(to other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// The date `n` days later (`Strideable`); same as ``adding(days:)``.
    public func advanced(by n: Int) -> CivilDate { adding(days: n) }

    // MARK: Codable — a single ISO string

    /// Decodes from a single `YYYY-MM-DD` string; any other text, or a date
    /// that does not exist, is a `DecodingError.dataCorrupted` naming the text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date YYYY-MM-DD that exists, found \"\(text)\"")
        }
        self = date
    }

    /// Encodes as a single `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Helpers

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` of `year` (0 if `month` is not 1 … 12).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// The weekday of a day number (1970-01-01, day 0, was a Thursday).
    @inlinable
    public static func weekday(ofDayNumber n: Int) -> Weekday {
        // Day 0 is Thursday (ISO 4): (n + 3) mod 7 is 0 for Monday.
        let r = (n + 3) % 7
        return Weekday(rawValue: (r < 0 ? r + 7 : r) + 1)!
    }

    /// 1 January of `year`.
    static func firstOfJanuary(_ year: Int) -> CivilDate { CivilDate(unchecked: year, 1, 1) }

    /// A date known to be valid (library constants and derived dates).
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        precondition((1...12).contains(month) && day >= 1 && day <= CivilDate.daysInMonth(year: year, month: month),
                     "invalid date \(year)-\(month)-\(day)")
        self.year = year
        self.month = month
        self.day = day
    }
}
