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
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        var records: [CSVRecord] = []
        var errors: [CSVSyntaxError] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var recordHasContent = false  // false only for a record that is one empty unquoted field
        var i = 0
        let n = bytes.count

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if recordHasContent || fields.count > 1 { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
        }

        while i < n {
            let b = bytes[i]
            if b == quote && field.isEmpty {
                // A quoted field (a quote can only open one at the start of a field).
                recordHasContent = true
                let openLine = line
                i += 1
                var closed = false
                while i < n {
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < n && bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    if c == lf || (c == cr && !(i + 1 < n && bytes[i + 1] == lf)) { line += 1 }
                    field.append(c)
                    i += 1
                }
                if !closed {
                    errors.append(CSVSyntaxError(line: openLine, message: "a quoted field opened here is never closed"))
                    break
                }
                // After the closing quote: a comma, a line break or the end.
                if i < n && bytes[i] != comma && bytes[i] != cr && bytes[i] != lf {
                    errors.append(CSVSyntaxError(line: line, message: "text after a closing quote (a quote inside a field must be written twice, \"\")"))
                    while i < n && bytes[i] != comma && bytes[i] != cr && bytes[i] != lf { field.append(bytes[i]); i += 1 }
                }
                continue
            }
            switch b {
            case comma:
                endField()
                i += 1
            case cr, lf:
                endRecord()
                i += (b == cr && i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                line += 1
                recordLine = line
            default:
                if b == quote {
                    errors.append(CSVSyntaxError(line: line, message: "a quote inside an unquoted field (quote the whole field and write the quote twice, \"\")"))
                }
                recordHasContent = true
                field.append(b)
                i += 1
            }
        }
        if i >= n && (!field.isEmpty || !fields.isEmpty || recordHasContent) { endRecord() }
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
