// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Writes a CSV file (RFC 4180: comma-separated, CRLF-free — lines end in
/// `\n` —, fields quoted when they contain a comma, quote or newline) through a
/// buffer, to a temporary name that is renamed into place by ``finish()``, so
/// a reader never sees a half-written file under the real name.
public final class CSVWriter {
    public let url: URL
    let temporary: URL
    let handle: FileHandle
    var buffer: [UInt8] = []
    public private(set) var rows = 0

    public init(url: URL, header: [String]) throws {
        self.url = url
        self.temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let h = FileHandle(forWritingAtPath: temporary.path) else {
            throw ReportError.cannotWrite(temporary.path)
        }
        self.handle = h
        buffer.reserveCapacity(1 << 20)
        writeRow(header)
        rows = 0
    }

    /// Appends one row of already formatted fields.
    public func writeRow(_ fields: [String]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            append(field: f)
        }
        buffer.append(UInt8(ascii: "\n"))
        rows += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    func append(field f: String) {
        if f.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            buffer.append(UInt8(ascii: "\""))
            for b in f.utf8 {
                if b == UInt8(ascii: "\"") { buffer.append(b) }
                buffer.append(b)
            }
            buffer.append(UInt8(ascii: "\""))
        } else {
            buffer.append(contentsOf: f.utf8)
        }
    }

    func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the file into place.
    public func finish() throws {
        flush()
        try handle.close()
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: temporary, to: url)
    }

    /// Abandons the file (removes the temporary).
    public func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}

public enum ReportError: Error, CustomStringConvertible {
    case cannotWrite(String)
    case outputExists(String)

    public var description: String {
        switch self {
        case .cannotWrite(let p): return "cannot write \(p): check the directory exists and is writable"
        case .outputExists(let p): return "\(p) already holds a run (manifest.json); choose another --out or remove it"
        }
    }
}

/// Formats numbers the same way everywhere, so the same run gives the same bytes:
/// whole numbers without a decimal point, others to at most 4 decimal places
/// with trailing zeros removed, and NaN (no value, e.g. a mean of nothing) as
/// an empty field.
public enum NumberFormat {
    public static func format(_ v: Double) -> String {
        if v.isNaN { return "" }
        if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
