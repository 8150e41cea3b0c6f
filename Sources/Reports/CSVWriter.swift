// SPDX-License-Identifier: GPL-3.0-or-later
import CZlib
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
    /// The rows not yet flushed: format fields straight into it, then ``endRow()``.
    public let row = CSVBytes(capacity: 1 << 21)
    public private(set) var rows = 0
    let compressor: GzipCompressor?
    /// A chunk: raw deflate (no gzip wrapper) ended by a sync flush, to be
    /// joined with others into one gzip file (``ChunkedFile``).
    let chunk: Bool
    var hasher = SHA256Stream()
    /// The file's size in bytes (as stored: compressed when compressed), once finished.
    public private(set) var bytes = 0
    /// The SHA-256 of the file as stored, once finished (not for chunks).
    public private(set) var sha256 = ""
    /// Bytes before compression, and their CRC-32 (zlib's), for chunks.
    public private(set) var rawBytes = 0
    public private(set) var crc: UInt32 = 0
    /// The first write that failed (a full disk, say); ``finish()`` throws it.
    private var writeError: ReportError?

    /// With `header` nil, no header row is written (a chunk of a file's rows).
    public init(url: URL, header: [String]?, compressed: Bool = false, chunk: Bool = false) throws {
        self.url = url
        self.chunk = chunk
        self.compressor = compressed ? try GzipCompressor(raw: chunk) : nil
        // The temporary name is unique to the process, so two processes writing
        // the same file never write into each other's temporary.
        self.temporary = OutputFile.temporaryURL(for: url)
        guard let h = OutputFile.create(temporary) else {
            throw ReportError.cannotWrite(url.path, reason: OutputFile.lastError())
        }
        self.handle = h
        if let header {
            writeRow(header)
            rows = 0
        }
    }

    public convenience init(url: URL, header: [String], compressed: Bool = false) throws {
        try self.init(url: url, header: header, compressed: compressed, chunk: false)
    }

    /// Appends one row of already formatted fields. Text that a spreadsheet
    /// would read as a formula is neutralised (``CSVCell/neutralised(_:)``).
    public func writeRow(_ fields: [String]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { row.comma() }
            row.text(f)
        }
        endRow()
    }

    /// Ends the row formatted into ``row``.
    @inline(__always) public func endRow() {
        row.newline()
        rows += 1
        if row.count >= 1 << 20 { flush() }
    }

    func flush(finish: Bool = false) {
        defer { row.removeAll() }
        guard writeError == nil else { return }
        let input = row.bytes
        if chunk {
            rawBytes += input.count
            if input.count > 0 {
                crc = UInt32(crc32(uLong(crc), input.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(input.count)))
            }
        }
        if let compressor {
            // A failure to compress is a zlib bug or exhausted memory; report it at finish().
            do {
                try compressor.compress(input, finish: finish) { store($0) }
            } catch { compressionError = error }
        } else {
            store(input)
        }
    }

    var compressionError: Error?

    private func store(_ out: UnsafeRawBufferPointer) {
        guard writeError == nil, out.count > 0 else { return }
        if !chunk { hasher.update(out) }
        bytes += out.count
        do { try handle.write(contentsOf: out) }
        catch { writeError = .cannotWrite(url.path, reason: OutputFile.reason(error)) }
    }

    /// Flushes, closes and renames the file into place (replacing a file of
    /// that name, never a directory). On a write error the temporary is
    /// removed and the error thrown: nothing half-written keeps a real name.
    public func finish() throws {
        flush(finish: true)
        if !chunk { sha256 = hasher.finalize() }
        if let writeError { abandon(); throw writeError }
        if let e = compressionError { abandon(); throw ReportError.cannotWrite(url.path, reason: "compression failed (\(e))") }
        do { try handle.synchronize() } catch { abandon(); throw ReportError.cannotWrite(url.path, reason: OutputFile.reason(error)) }
        do { try handle.close() } catch { abandon(); throw ReportError.cannotWrite(url.path, reason: OutputFile.reason(error)) }
        do { try OutputFile.rename(temporary, to: url) } catch { try? FileManager.default.removeItem(at: temporary); throw error }
    }

    /// Abandons the file (removes the temporary).
    public func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}

/// The OWASP rule against CSV (formula) injection: a text cell that begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is read by spreadsheets
/// as a formula, so it is written with a `'` in front. Numbers (`-3`,
/// `+1.5`, `-Inf`) are left as they are: they are not text.
public enum CSVCell {
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.utf8.first else { return cell }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return "'" + cell
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            return isNumber(cell) ? cell : "'" + cell
        default:
            return cell
        }
    }

    /// A number as Caseflow writes one: an optional sign, digits, at most
    /// one decimal point, an optional exponent; or ±Inf.
    static func isNumber(_ cell: String) -> Bool {
        if cell == "-Inf" || cell == "+Inf" { return true }
        var digits = 0, dots = 0, sawE = false, afterE = 0
        for (k, b) in cell.utf8.enumerated() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawE { afterE += 1 } else { digits += 1 }
            case UInt8(ascii: "."):
                if sawE { return false }
                dots += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                if k != 0 && !(sawE && afterE == 0) { return false }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if sawE || digits == 0 { return false }
                sawE = true
            default:
                return false
            }
        }
        return digits > 0 && dots <= 1 && (!sawE || afterE > 0)
    }
}

/// Creating, renaming and reporting on output files.
public enum OutputFile {
    /// `.NAME.PID.partial` beside `url`.
    public static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
    }

    /// Creates (or truncates) `url` and opens it for writing; nil with `errno` set on failure.
    static func create(_ url: URL) -> FileHandle? {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    private static let haltLock = NSLock()
    nonisolated(unsafe) private static var halted = false

    /// Stops every later rename into place (an interrupted process finishes no file).
    public static func halt() { haltLock.lock(); halted = true; haltLock.unlock() }

    /// Renames `from` to `to` atomically, replacing a file at `to` but never a directory.
    public static func rename(_ from: URL, to: URL) throws {
        haltLock.lock(); let stop = halted; haltLock.unlock()
        if stop { throw ReportError.cannotWrite(to.path, reason: "the process is stopping (interrupted)") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: to.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ReportError.cannotWrite(to.path, reason: "a directory of that name is in the way (it is left as it is)")
        }
        guard Foundation.rename(from.path, to.path) == 0 else {
            throw ReportError.cannotWrite(to.path, reason: lastError())
        }
    }

    /// Writes `data` to `url` through a temporary name.
    public static func write(_ data: Data, to url: URL) throws {
        let tmp = temporaryURL(for: url)
        guard let h = create(tmp) else { throw ReportError.cannotWrite(url.path, reason: lastError()) }
        do {
            try h.write(contentsOf: data)
            try h.synchronize()
            try h.close()
        } catch {
            try? h.close()
            try? FileManager.default.removeItem(at: tmp)
            throw ReportError.cannotWrite(url.path, reason: reason(error))
        }
        do { try rename(tmp, to: url) } catch { try? FileManager.default.removeItem(at: tmp); throw error }
    }

    /// The text of the current `errno` (`No space left on device`).
    public static func lastError() -> String { String(cString: strerror(errno)) }

    /// A short reason for a Foundation or POSIX error.
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}

/// Why an output could not be written, or why the output directory may not
/// be used; either way the exit status is 3 (docs/errors.md).
public enum ReportError: Error, CustomStringConvertible {
    case cannotWrite(String, reason: String)
    case outputExists(String)
    case outputNotARun(String)
    case outputInUse(String, pid: Int32)

    public var description: String {
        switch self {
        case .cannotWrite(let p, let reason): return "cannot write \(p): \(reason)"
        case .outputExists(let p): return "\(p) already holds a run (manifest.json); choose another --out or remove it"
        case .outputNotARun(let p):
            return "\(p) is not empty and is not a Caseflow run directory; choose an empty or new directory for --out"
        case .outputInUse(let p, let pid):
            return "\(p) is in use by another caseflow process (pid \(pid)); choose another --out"
        }
    }

    /// A write failure whose cause is not known.
    public static func cannotWrite(_ path: String) -> ReportError {
        .cannotWrite(path, reason: "check the directory exists and is writable")
    }

    /// The exit status for this error: 3, the output could not be written.
    public var exitStatus: Int32 {
        switch self {
        case .cannotWrite, .outputExists, .outputNotARun, .outputInUse: return 3
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
