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

    /// `Int.max` for digits only that are too many for an `Int`, else nil.
    static func countTooLarge(_ text: String) -> Int? {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        if t.hasPrefix("+") { t = t.dropFirst() }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }), Int(t) == nil else { return nil }
        return Int.max
    }
}

/// A CSV input file split into its header and its well-formed rows, with the problems
/// every reader reports the same way: CSV syntax, no header, and rows whose field count
/// differs from the header's.
struct InputCSV {
    /// The file's name, for messages.
    let file: String
    /// The header record.
    let header: CSVRecord
    /// The records after the header that have one field per header column.
    let rows: [CSVRecord]
    /// Problems found so far, in file order.
    var problems: [InputProblem]

    /// Reads `text`; throws when there is no header line, saying it should be `expectedHeader`.
    init(_ text: String, file: String, expectedHeader: String) throws(InputProblems) {
        let (records, syntaxErrors) = CSV.parse(text)
        var problems = syntaxErrors.map { InputProblem(file: file, line: $0.line, message: $0.message) }
        guard let header = records.first else {
            problems.append(InputProblem(file: file, line: 1, message: "the file has no header line; expected \(expectedHeader)"))
            throw InputProblems(problems)
        }
        var rows: [CSVRecord] = []
        for record in records.dropFirst() {
            if record.fields.count == header.fields.count {
                rows.append(record)
            } else {
                problems.append(InputProblem(file: file, line: record.line, message:
                    "expected \(header.fields.count) fields (one per header column), found \(record.fields.count)"))
            }
        }
        self.file = file
        self.header = header
        self.rows = rows
        self.problems = problems
    }

    /// Records a problem in one cell of `record`, naming the column as the header does.
    mutating func problem(_ record: CSVRecord, column: Int, _ message: String) {
        problems.append(InputProblem(file: file, line: record.line,
                                     column: header.fields[column].trimmingCharacters(in: .whitespaces), message: message))
    }

    /// Records a problem on a whole line (nil: the whole file).
    mutating func problem(line: Int?, column: String? = nil, _ message: String) {
        problems.append(InputProblem(file: file, line: line, column: column, message: message))
    }

    /// Throws everything found when any required column is missing from the header;
    /// `rule` says what the header needs.
    func requireColumns(_ missing: [String], rule: String) throws(InputProblems) {
        guard !missing.isEmpty else { return }
        let message = "missing required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (\(rule))"
        throw InputProblems(problems + [InputProblem(file: file, line: header.line, message: message)])
    }
}
