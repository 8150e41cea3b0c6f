// SPDX-License-Identifier: GPL-3.0-or-later
// Small value types the YAML reader returns: calendar dates and durations.

/// A calendar date read from a scenario file (`2021-06-26`), proleptic
/// Gregorian, years 1–9999. Only valid dates can be made: 2021-02-29 cannot.
///
/// Deliberately minimal; it is to be mapped onto the Simulation module's own
/// civil date type.
public struct YAMLDate: Hashable, Comparable, CustomStringConvertible, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the date exists.
    public init?(year: Int, month: Int, day: Int) {
        guard YAMLDate.problem(year: year, month: month, day: day) == nil else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else or a date that does not exist.
    public init?(isoString: String) {
        guard case .success(let date) = YAMLDate.parse(isoString) else { return nil }
        self = date
    }

    /// `YYYY-MM-DD`.
    public var isoString: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { isoString }

    public static func < (lhs: YAMLDate, rhs: YAMLDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Gregorian leap years: divisible by 4, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days in `month` (1–12) of `year`.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// Why the date does not exist, or nil if it does.
    static func problem(year: Int, month: Int, day: Int) -> String? {
        if !(1...9999).contains(year) { return "there is no year \(year)" }
        if !(1...12).contains(month) { return "there is no month \(month)" }
        let days = daysInMonth(month, year: year)
        if !(1...days).contains(day) {
            return day == 0 ? "there is no day 0" : "\(monthNames[month - 1]) \(year) has \(days) days"
        }
        return nil
    }

    enum ParseError: Error, Equatable {
        /// Not of the form `YYYY-MM-DD`.
        case notADate
        /// Of the form, but no such day; the reason.
        case noSuchDate(String)
    }

    static func parse(_ text: String) -> Result<YAMLDate, ParseError> {
        let scalars = Array(text.unicodeScalars)
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9]
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-",
              digitPositions.allSatisfy({ ("0"..."9").contains(scalars[$0]) })
        else { return .failure(.notADate) }
        func number(_ range: Range<Int>) -> Int {
            range.reduce(0) { $0 * 10 + Int(scalars[$1].value - 48) }
        }
        let year = number(0..<4), month = number(5..<7), day = number(8..<10)
        if let problem = problem(year: year, month: month, day: day) { return .failure(.noSuchDate(problem)) }
        return .success(YAMLDate(uncheckedYear: year, month: month, day: day))
    }

    private init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

/// A length of time read from a scenario file: `5 years`, `18 months`,
/// `26 weeks`, `10 days`, `10 working days`. Counts are whole and not negative.
/// Calendar units are kept as written (18 months is not 78 weeks); turning
/// them into simulated time is the caller's business.
public enum YAMLDuration: Hashable, Sendable, CustomStringConvertible {
    case days(Int)
    case workingDays(Int)
    case weeks(Int)
    case months(Int)
    case years(Int)

    /// The units a duration can be written in.
    public enum Unit: String, CaseIterable, Hashable, Sendable {
        case days = "days"
        case workingDays = "working days"
        case weeks = "weeks"
        case months = "months"
        case years = "years"

        /// The singular, `working day`.
        public var singular: String { String(rawValue.dropLast()) }
    }

    public init(_ count: Int, _ unit: Unit) {
        switch unit {
        case .days: self = .days(count)
        case .workingDays: self = .workingDays(count)
        case .weeks: self = .weeks(count)
        case .months: self = .months(count)
        case .years: self = .years(count)
        }
    }

    public var count: Int {
        switch self {
        case .days(let n), .workingDays(let n), .weeks(let n), .months(let n), .years(let n): return n
        }
    }

    public var unit: Unit {
        switch self {
        case .days: return .days
        case .workingDays: return .workingDays
        case .weeks: return .weeks
        case .months: return .months
        case .years: return .years
        }
    }

    /// `5 years`, `1 year`.
    public var description: String {
        "\(count) \(count == 1 ? unit.singular : unit.rawValue)"
    }

    enum ParseError: Error, Equatable {
        /// Not `N unit`; perhaps a close unit to suggest.
        case notADuration(suggestedUnit: String?)
        /// A number without a unit and no default unit.
        case missingUnit
        /// A count that is not a whole number (`1.5 years`).
        case fractional
    }

    /// Parses `N unit` (singular or plural, any case, spaces between words
    /// free), or a bare whole number in `defaultUnit`.
    static func parse(_ text: String, defaultUnit: Unit?) -> Result<YAMLDuration, ParseError> {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return .failure(.notADuration(suggestedUnit: nil)) }
        // "26weeks": split the number off the unit.
        var numberText = first
        var unitWords = Array(words.dropFirst())
        if let split = first.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) }),
           split != first.startIndex {
            numberText = String(first[..<split])
            unitWords.insert(String(first[split...]), at: 0)
        }
        guard numberText.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              numberText.contains(where: \.isNumber) else {
            return .failure(.notADuration(suggestedUnit: nil))
        }
        guard let count = Int(numberText) else {
            return numberText.filter({ $0 == "." }).count == 1 ? .failure(.fractional)
                : .failure(.notADuration(suggestedUnit: nil))
        }
        if unitWords.isEmpty {
            guard let defaultUnit else { return .failure(.missingUnit) }
            return .success(YAMLDuration(count, defaultUnit))
        }
        let unitText = unitWords.joined(separator: " ")
        for unit in Unit.allCases where unitText == unit.rawValue || unitText == unit.singular {
            return .success(YAMLDuration(count, unit))
        }
        let spellings = Unit.allCases.flatMap { [$0.rawValue, $0.singular] }
        let suggestion = Suggestions.closest(to: unitText, in: spellings).flatMap { spelling in
            Unit.allCases.first { $0.rawValue == spelling || $0.singular == spelling }?.rawValue
        }
        return .failure(.notADuration(suggestedUnit: suggestion))
    }
}
