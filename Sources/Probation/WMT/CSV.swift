// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// One record of a CSV file.
public struct CSVRecord: Sendable, Hashable {
    /// The 1-based line on which the record starts (records with quoted line breaks span
    /// several lines).
    public var line: Int
    /// The record's fields, unquoted.
    public var fields: [String]

    /// A record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A place where a CSV file breaks RFC 4180's rules.
public struct CSVSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the problem.
    public var line: Int
    /// What is wrong.
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// A small reader and writer for comma-separated values as RFC 4180 defines them.
///
/// Reading: fields are separated by commas and records by CRLF, LF or CR; a field may be
/// enclosed in double quotes, and a quoted field may hold commas, line breaks and quotes
/// (written twice, `""`). A UTF-8 byte-order mark at the start is skipped, a final line
/// break is optional and empty lines are skipped. Fields are not trimmed.
/// A quote inside an unquoted field, text after a closing quote and a quote left open at
/// the end of the file are syntax errors; the reader reports every one (the first two are
/// then read literally) and keeps going.
public enum CSV {
    /// Splits `text` into records.
    /// - Returns: the records, and the syntax errors found (empty when the text is valid).
    public static func parse(_ text: String) -> (records: [CSVRecord], errors: [CSVSyntaxError]) {
        var parser = CSVStreamParser()
        var records: [CSVRecord] = []
        var errors: [CSVSyntaxError] = []
        var text = text
        text.withUTF8 { bytes in
            parser.feed(bytes, onRecord: { records.append($0.record) }, onError: { errors.append($0) })
        }
        parser.finish(onRecord: { records.append($0.record) }, onError: { errors.append($0) })
        return (records, errors)
    }

    /// `value` as a CSV field: quoted (with quotes doubled) when it holds a comma, a quote,
    /// a line break, or leading or trailing spaces; unchanged otherwise. Text a spreadsheet
    /// would read as a formula (beginning `=`, `+`, `-`, `@`, a tab or a carriage return, and
    /// not a number) gets a `'` in front, the OWASP rule against CSV injection.
    public static func field(_ raw: String) -> String {
        let value = neutralised(raw)
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || value.first == " " || value.last == " "
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// `cell` with a `'` in front when a spreadsheet would read it as a formula.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.utf8.first else { return cell }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + cell
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return InputNumber.decimal(cell) != nil && !cell.hasPrefix(" ") ? cell : "'" + cell
        default: return cell
        }
    }

    /// One CSV line (without its line break) of `values`.
    public static func row(_ values: [String]) -> String {
        values.map(field).joined(separator: ",")
    }
}
