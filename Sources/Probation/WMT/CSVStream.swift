// SPDX-License-Identifier: GPL-3.0-or-later

/// One record of a CSV file as ``CSVStreamParser`` delivers it: the unquoted bytes of its
/// fields, one after another, and where each field ends. The parser reuses one record for
/// the whole file, so read what you need from it in the callback (or copy it).
public struct CSVRawRecord: Sendable {
    /// The 1-based line on which the record starts.
    public internal(set) var line = 1
    /// The fields' bytes, concatenated.
    var bytes: [UInt8] = []
    /// `ends[i]` is the offset in `bytes` just after field `i`.
    var ends: [Int] = []
    /// Some byte of the record is not ASCII.
    var nonASCII = false

    /// The number of fields.
    public var count: Int { ends.count }

    /// The byte range of field `i` in `bytes`.
    func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    /// Field `i` as text (bytes that are not UTF-8 become U+FFFD; see ``isUTF8``).
    public func string(_ i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    /// Every field as text.
    public var fields: [String] { (0..<count).map(string) }

    /// Whether the record's bytes are UTF-8 text (always, for a record read from a `String`).
    public var isUTF8: Bool { !nonASCII || String(validating: bytes, as: UTF8.self) != nil }

    /// The first byte of the record that is not UTF-8 text, if any.
    public var firstInvalidByte: UInt8? {
        guard !isUTF8 else { return nil }
        var k = 0
        while k < bytes.count {
            // Find the longest valid prefix by growing one scalar at a time.
            let b = bytes[k]
            let width = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            guard width > 0, k + width <= bytes.count,
                  String(validating: bytes[k..<k + width], as: UTF8.self) != nil else { return b }
            k += width
        }
        return nil
    }

    /// Calls `body` with the bytes of field `i`.
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = range(i)
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
    }

    /// The record with its fields as text.
    public var record: CSVRecord { CSVRecord(line: line, fields: fields) }
}

/// A CSV reader that takes its input a block at a time and hands over each record as soon
/// as it is complete, so a file of any size is read in bounded memory. It follows the same
/// rules as ``CSV/parse(_:)`` (which is built on it): RFC 4180 fields, CRLF, LF or CR line
/// ends, a UTF-8 byte-order mark skipped, empty lines skipped, and every syntax error
/// reported (the record then read as ``CSV`` describes) with its line.
public struct CSVStreamParser: Sendable {
    private enum State: Sendable { case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoted, trailing }
    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    private var state = State.fieldStart
    private var line = 1
    private var recordHasContent = false   // false only for a record that is one empty unquoted field
    private var skipLF = false             // the previous byte was a CR that ended a record
    private var crInQuote = false          // the previous byte was a CR inside a quoted field
    private var openLine = 1
    private var head: [UInt8] = []         // the first bytes, until the byte-order mark is ruled in or out
    private var started = false
    private var record = CSVRawRecord()

    /// A parser at the start of a file.
    public init() {}

    /// Reads `bytes`, the next part of the file; calls `onRecord` for each record completed
    /// and `onError` for each syntax error, in file order.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>,
                              onRecord: (CSVRawRecord) throws -> Void,
                              onError: (CSVSyntaxError) -> Void) rethrows {
        if started {
            try process(bytes, onRecord, onError)
            return
        }
        head.append(contentsOf: bytes)
        guard head.count >= 3 else { return }
        try startHead(onRecord, onError)
    }

    /// Ends the file: completes the last record (a final line break is optional) and
    /// reports a quoted field left open.
    public mutating func finish(onRecord: (CSVRawRecord) throws -> Void, onError: (CSVSyntaxError) -> Void) rethrows {
        if !started { try startHead(onRecord, onError) }
        switch state {
        case .quoted:
            onError(CSVSyntaxError(line: openLine, message: "a quoted field opened here is never closed"))
        default:
            break
        }
        let fieldHasBytes = record.bytes.count > (record.ends.last ?? 0)
        if fieldHasBytes || !record.ends.isEmpty || recordHasContent { try endRecord(onRecord) }
        state = .fieldStart
    }

    private mutating func startHead(_ onRecord: (CSVRawRecord) throws -> Void, _ onError: (CSVSyntaxError) -> Void) rethrows {
        started = true
        var bytes = head
        head = []
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        try bytes.withUnsafeBufferPointer { try process($0, onRecord, onError) }
    }

    private mutating func endField() { record.ends.append(record.bytes.count) }

    private mutating func endRecord(_ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        endField()
        if recordHasContent || record.ends.count > 1 { try onRecord(record) }
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        record.nonASCII = false
        recordHasContent = false
    }

    /// A line break outside quotes: the record ends.
    private mutating func lineBreak(_ b: UInt8, _ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        try endRecord(onRecord)
        line += 1
        record.line = line
        skipLF = b == Self.cr
        state = .fieldStart
    }

    private mutating func process(_ p: UnsafeBufferPointer<UInt8>, _ onRecord: (CSVRawRecord) throws -> Void,
                                  _ onError: (CSVSyntaxError) -> Void) rethrows {
        let quote = Self.quote, comma = Self.comma, cr = Self.cr, lf = Self.lf
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if skipLF {
                skipLF = false
                if b == lf { i += 1; continue }
            }
            switch state {
            case .fieldStart where b == quote:
                // A quoted field (a quote can only open one at the start of a field).
                recordHasContent = true
                openLine = line
                state = .quoted
                crInQuote = false
                i += 1
            case .fieldStart, .unquoted, .trailing:
                if b == comma { endField(); state = .fieldStart; i += 1; continue }
                if b == cr || b == lf { try lineBreak(b, onRecord); i += 1; continue }
                if b == quote && state != .trailing {
                    onError(CSVSyntaxError(line: line, message: "a quote inside an unquoted field (quote the whole field and write the quote twice, \"\")"))
                }
                if state == .fieldStart { state = .unquoted }
                recordHasContent = true
                // The rest of the field up to the next byte that means something.
                var j = i, high: UInt8 = 0
                while j < n {
                    let c = p[j]
                    if c == comma || c == cr || c == lf || (c == quote && state != .trailing && j > i) { break }
                    high |= c
                    j += 1
                }
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                if high >= 0x80 { record.nonASCII = true }
                i = j
            case .quoted:
                // Up to the next quote; line breaks inside count lines.
                var j = i, high: UInt8 = 0
                while j < n {
                    let c = p[j]
                    if c == quote { break }
                    if c == cr { line += 1; crInQuote = true }
                    else { if c == lf && !crInQuote { line += 1 }; crInQuote = false }
                    high |= c
                    j += 1
                }
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                if high >= 0x80 { record.nonASCII = true }
                if j < n { state = .quoteInQuoted; crInQuote = false; j += 1 }
                i = j
            case .quoteInQuoted:
                if b == quote {
                    record.bytes.append(quote)
                    state = .quoted
                    i += 1
                } else {
                    state = .afterQuoted   // the field was closed; look at b again
                }
            case .afterQuoted:
                // After the closing quote: a comma, a line break or the end.
                if b == comma { endField(); state = .fieldStart; i += 1; continue }
                if b == cr || b == lf { try lineBreak(b, onRecord); i += 1; continue }
                onError(CSVSyntaxError(line: line, message: "text after a closing quote (a quote inside a field must be written twice, \"\")"))
                state = .trailing
                // the bytes up to the next comma or line break are read literally (quotes too)
                var j = i, high: UInt8 = 0
                while j < n {
                    let c = p[j]
                    if c == comma || c == cr || c == lf { break }
                    high |= c
                    j += 1
                }
                record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                if high >= 0x80 { record.nonASCII = true }
                i = j
            }
        }
    }
}
