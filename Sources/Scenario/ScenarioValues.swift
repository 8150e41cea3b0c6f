// SPDX-License-Identifier: GPL-3.0-or-later
// Value kinds of the scenario format that the general YAML reader does not
// know: lengths with fractions (`7.5 months`) converted to days, working
// days, percentages beyond 100 or below 0, shares written as `35%`, times of
// day. Like the reader's own accessors they report what is wrong and return nil.

import Foundation

/// Lengths of time in the scenario format: `N days|weeks|months|years`, `N`
/// a whole or decimal number ≥ 0; a month is 365.25/12 days, a year 365.25 days.
enum ScenarioLength {
    static let daysPerYear = 365.25
    static let daysPerMonth = 365.25 / 12

    /// Spellings of each calendar unit and its length in days.
    static let units: [(spellings: [String], days: Double)] = [
        (["days", "day"], 1),
        (["weeks", "week"], 7),
        (["months", "month"], daysPerMonth),
        (["years", "year"], daysPerYear),
    ]

    enum ParseError: Error, Equatable {
        case notALength(suggestedUnit: String?)
        case missingUnit
        case negative
        case workingDays
    }

    /// Days in `text` (`18 months` → 547.875); any case, singular or plural,
    /// the space between number and unit optional.
    static func parse(_ text: String) -> Result<Double, ParseError> {
        var rest = Substring(text.lowercased().trimmingWhitespace())
        var negative = false
        if rest.hasPrefix("-") {
            negative = true
            rest = rest.dropFirst()
        }
        let numberText = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unitText = rest.dropFirst(numberText.count)
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        guard let number = decimal(numberText) else { return .failure(.notALength(suggestedUnit: nil)) }
        if negative { return .failure(.negative) }
        if unitText.isEmpty { return .failure(.missingUnit) }
        if unitText == "working days" || unitText == "working day" { return .failure(.workingDays) }
        for unit in units where unit.spellings.contains(unitText) {
            return .success(number * unit.days)
        }
        let suggestion = Suggestions.closest(to: unitText, in: units.flatMap(\.spellings))
            .flatMap { spelling in units.first { $0.spellings.contains(spelling) }?.spellings[0] }
        return .failure(.notALength(suggestedUnit: suggestion))
    }

    /// `12`, `7.5`: digits with at most one decimal point between digits.
    static func decimal<S: StringProtocol>(_ text: S) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        return Double(String(text))
    }

    /// Whole days in a length: rounded down, so 10 months (304.375 days) is 304 days.
    static func wholeDays(_ days: Double) -> Int {
        Int((days + 1e-9).rounded(.down))
    }

    /// `547.875 days`, `30 days`.
    static func describe(days: Double) -> String {
        "\(YAMLValue.format(days)) days"
    }
}

extension YAMLValue {
    /// A length in days from text such as `18 months` or `7.5 months`
    /// (fractions allowed). Bare numbers are refused: a length needs a unit.
    ///
    /// - Parameters:
    ///   - above: the length must be greater than this many days (nil: ≥ 0).
    ///   - atMost: the most days allowed, and how to say it (`50 years`).
    func lengthDays(above: Double? = nil, atMost: (days: Double, text: String)? = nil) -> Double? {
        var expected = "a duration such as \"26 weeks\" or \"7.5 months\""
        if above != nil || atMost != nil {
            var bounds: [String] = []
            if let above { bounds.append(above == 0 ? "above 0" : "above \(ScenarioLength.describe(days: above))") }
            // Every length has an upper bound (ScenarioLimits.lengthDays): say it.
            bounds.append("at most \((atMost ?? ScenarioLimits.lengthDays).text)")
            expected = "a duration " + bounds.joined(separator: " and ")
        }
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        switch ScenarioLength.parse(scalar.text) {
        case .success(let days):
            if let above, !(days > above) { reportExpected(expected); return nil }
            if let atMost, days > atMost.days + 1e-9 { reportExpected(expected); return nil }
            // Every length has an upper bound, so that no arithmetic on it can overflow.
            let limit = ScenarioLimits.lengthDays
            if atMost == nil, !(days <= limit.days + 1e-9) {
                let low = above.map { $0 == 0 ? "above 0 and " : "above \(ScenarioLength.describe(days: $0)) and " } ?? ""
                reportExpected("a duration \(low)at most \(limit.text)")
                return nil
            }
            return days
        case .failure(.missingUnit):
            reportExpected(expected, note: "add a unit: days, weeks, months or years")
        case .failure(.negative):
            reportExpected(expected, note: "a duration cannot be negative")
        case .failure(.workingDays):
            reportExpected(expected, note: "working days are only used by allocation.target, allocation.preparation and allocation.above_cap.after")
        case .failure(.notALength(let suggestion)):
            if scalar.text.range(of: #"^\s*[0-9.]+[eE][+-]?[0-9]+"#, options: .regularExpression) != nil {
                // `1e20 months`: too large, and written in a way durations are not.
                reportExpected(expected, note: "write the number in full, without an exponent; a duration is at most \(ScenarioLimits.lengthDays.text)")
            } else {
                reportExpected(expected, note: suggestion.map { "did you mean \(quoted($0))?" })
            }
        }
        return nil
    }

    /// A whole number of working days: `5 working days`, or a bare whole number.
    func workingDays() -> Int? {
        let expected = "a number of working days such as \"5 working days\""
        let limit = ScenarioLimits.workingDays
        let tooMany = "a number of working days from 0 to \(limit)"
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        if scalar.kind == .int {
            guard let value = scalar.intValue, value <= limit else { reportExpected(tooMany); return nil }
            if value < 0 { reportExpected(expected, note: "a duration cannot be negative"); return nil }
            return value
        }
        let words = scalar.text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        if let first = words.first, first.count > 9, first.allSatisfy({ $0.isASCII && $0.isNumber }) {
            reportExpected(tooMany)   // too many digits for any count
            return nil
        }
        switch YAMLDuration.parse(scalar.text, defaultUnit: .workingDays) {
        case .success(.workingDays(let count)):
            if count > limit { reportExpected(tooMany); return nil }
            return count
        case .success(let other):
            reportExpected(expected, note: "allocation times are counted in working days: write \"\(other.count) working day\(other.count == 1 ? "" : "s")\" or convert")
        case .failure(.fractional):
            reportExpected(expected, note: "use a whole number")
        case .failure:
            reportExpected(expected)
        }
        return nil
    }

    /// A percentage written as a number (`110`) or text ending in `%`
    /// (`110%`, `-2 %`), within `min...max` (or above `min` when
    /// `minExclusive`). Returns the percentage itself (110 for 110%).
    func percent(min: Double, max: Double, minExclusive: Bool = false) -> Double? {
        let range = minExclusive ? "above \(YAMLValue.format(min)) and at most \(YAMLValue.format(max))"
            : "from \(YAMLValue.format(min)) to \(YAMLValue.format(max))"
        let expected = "a percentage \(range) (such as \"\(YAMLValue.format(max >= 110 ? 110 : 35))%\")"
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        guard let value = YAMLValue.percentNumber(scalar) else {
            reportExpected(expected, note: YAMLValue.quotedNote(scalar) { $0 == .int || $0 == .float })
            return nil
        }
        let aboveMin = minExclusive ? value > min : value >= min
        guard value.isFinite, aboveMin, value <= max else {
            reportExpected(expected)
            return nil
        }
        return value
    }

    /// The number in a scalar that is a number, or text `N%` / `N %`.
    static func percentNumber(_ scalar: ResolvedScalar) -> Double? {
        switch scalar.kind {
        case .int, .float:
            return scalar.doubleValue
        case .string:
            let text = scalar.text.trimmingWhitespace()
            guard text.hasSuffix("%") else { return nil }
            let number = String(text.dropLast()).trimmingWhitespace()
            return ResolvedScalar.parseFloat(number) ?? ResolvedScalar.parseInt(number)?.1
        case .bool, .null:
            return nil
        }
    }

    /// A share from 0 to 1: a number (`0.35`) or a percentage in text (`35%`).
    func share() -> Double? {
        fraction(expected: "a share from 0 to 1 (such as 0.35 or \"35%\")", atMost: 1)
    }

    /// A weight: a number ≥ 0, or a percentage in text (`35%` is 0.35).
    func weight() -> Double? {
        fraction(expected: "a weight from 0 to 1000000000 (a number, or a percentage such as \"35%\")",
                 atMost: ScenarioLimits.weight)
    }

    /// A number ≥ 0 (at most `atMost`), written as a number or as a
    /// percentage in text (`35%` is 0.35).
    private func fraction(expected: String, atMost: Double?) -> Double? {
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        var value: Double?
        switch scalar.kind {
        case .int, .float:
            value = scalar.doubleValue
        case .string:
            value = YAMLValue.percentNumber(scalar).map { $0 / 100 }
        case .bool, .null:
            break
        }
        guard let value, value.isFinite, value >= 0, value <= (atMost ?? .infinity) else {
            reportExpected(expected, note: value == nil ? YAMLValue.quotedNote(scalar) { $0 == .int || $0 == .float } : nil)
            return nil
        }
        return value
    }

    /// A time of day `HH:MM` (24-hour clock, `9:30` allowed) as minutes after midnight.
    func minuteOfDay() -> Int? {
        let expected = "a time of day such as \"10:00\" (24-hour clock)"
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        let parts = scalar.text.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), hours < 24, minutes < 60 else {
            reportExpected(expected, note: scalar.kind == .int ? "put the time in quotes: \"10:00\"" : nil)
            return nil
        }
        return hours * 60 + minutes
    }
}
