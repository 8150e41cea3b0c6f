// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Writes a CSV file (RFC 4180: comma-separated, CRLF-free — lines end in
/// `\n` —, fields quoted when they contain a comma, quote or newline) through a
/// buffer, to a temporary name that is renamed into place by ``finish()``, so
/// a reader never sees a half-written file under the real name. With
/// `compressed`, the file is written gzip-compressed (zlib). The bytes written
/// and their SHA-256 are known when it is finished, for the manifest.
public final class CSVWriter {
    public let url: URL
    let temporary: URL
    let handle: FileHandle
    var buffer: [UInt8] = []
    public private(set) var rows = 0
    let compressor: GzipCompressor?
    var hasher = SHA256Stream()
    /// The file's size in bytes (as stored: compressed when compressed), once finished.
    public private(set) var bytes = 0
    /// The SHA-256 of the file as stored, once finished.
    public private(set) var sha256 = ""

    public init(url: URL, header: [String], compressed: Bool = false) throws {
        self.url = url
        self.compressor = compressed ? try GzipCompressor() : nil
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

    func flush(finish: Bool = false) {
        if let compressor {
            // A failure to compress is a zlib bug or exhausted memory; report it at finish().
            do {
                try buffer.withUnsafeBytes { try compressor.compress($0, finish: finish) { store($0) } }
            } catch { compressionError = error }
        } else {
            buffer.withUnsafeBytes { store($0) }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    var compressionError: Error?

    private func store(_ out: UnsafeRawBufferPointer) {
        hasher.update(out)
        bytes += out.count
        handle.write(Data(out))
    }

    /// Flushes, closes and renames the file into place.
    public func finish() throws {
        flush(finish: true)
        sha256 = hasher.finalize()
        try handle.close()
        if let e = compressionError {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError.cannotWrite("\(url.path) (\(e))")
        }
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
        if let fast = fourDecimals(v) { return fast }
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// The same text as `%.4f` with trailing zeros removed, without going
    /// through `String(format:)` (a national run formats millions of numbers).
    /// Only when the rounding is unambiguous: v × 10⁴ is computed with a
    /// relative error under 2⁻⁵³, so when it is small and not within 10⁻⁴ of a
    /// half, rounding it gives the digits `%.4f` gives; otherwise nil.
    static func fourDecimals(_ v: Double) -> String? {
        let scaled = abs(v) * 10_000
        guard scaled < 1e11 else { return nil }
        let floor = scaled.rounded(.down)
        let fraction = scaled - floor
        guard abs(fraction - 0.5) > 1e-4 else { return nil }
        let r = Int64(fraction < 0.5 ? floor : floor + 1)
        if r == 0 { return "0" }
        var digits = r % 10_000
        var places = 4
        while places > 0 && digits % 10 == 0 { digits /= 10; places -= 1 }
        var s = v < 0 ? "-" : ""
        s += String(r / 10_000)
        if places > 0 {
            s += "."
            let text = String(digits)
            s += String(repeating: "0", count: places - text.count) + text
        }
        return s
    }
}
