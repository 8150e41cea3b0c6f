// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Something wrong in an input file, located as precisely as possible:
/// `caseload.csv:7: column contracted_hours: expected a number ≥ 0, found "thirty"`.
public struct InputProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file's name as the user gave it.
    public var file: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    /// The column's name, when the problem is in one cell.
    public var column: String?
    /// What is wrong and what was expected.
    public var message: String

    /// A problem.
    public init(file: String, line: Int?, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        file + (line.map { ":\($0)" } ?? "") + ": " + (column.map { "column \($0): " } ?? "") + message
    }
}

/// Every problem found in an input file, in file order.
public struct InputProblems: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems (never empty when thrown).
    public var problems: [InputProblem]

    /// The problems, sorted by line (problems without a line last); the order within a line is kept.
    public init(_ problems: [InputProblem]) {
        self.problems = problems.enumerated().sorted { a, b in
            let la = a.element.line ?? .max, lb = b.element.line ?? .max
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }

    /// One problem a line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Strict parsing of numbers in input files: plain decimals only (no `nan`, `inf`, hex or
/// exponents), surrounding spaces ignored.
enum InputNumber {
    /// A decimal number such as `37`, `22.5`, `-1` or `.5`, or nil.
    static func decimal(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        var digits = 0, dots = 0
        for (k, ch) in t.enumerated() {
            if ch.isASCII && ch.isNumber { digits += 1 }
            else if ch == "." { dots += 1 }
            else if (ch == "-" || ch == "+") && k == 0 { continue }
            else { return nil }
        }
        guard digits > 0, dots <= 1 else { return nil }
        return Double(t)
    }

    /// A whole number ≥ 0 written with digits only (an optional `+`), or nil.
    static func count(_ text: String) -> Int? {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        if t.hasPrefix("+") { t = t.dropFirst() }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(t)
    }
}
