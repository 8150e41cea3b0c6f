// SPDX-License-Identifier: GPL-3.0-or-later
import CZlib
import Foundation

/// Why a compressed file cannot be written or read.
public struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Compresses a byte stream to gzip (RFC 1952) with zlib's deflate. The
/// header carries no time or name, so the same input gives the same bytes.
final class GzipCompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8]
    private var finished = false
    /// Raw deflate (no gzip header or trailer), ended by a sync flush rather
    /// than a final block: a chunk that ``ChunkedFile`` joins with others.
    let raw: Bool

    /// zlib level 1 to 9. Caseflow writes at 3: national detail files shrink
    /// about tenfold while compressing no slower than the CSV is formatted.
    init(level: Int32 = GzipCompressor.level, raw: Bool = false) throws {
        self.raw = raw
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = [UInt8](repeating: 0, count: 1 << 18)
        let status = raw ? czlib_deflate_init_raw(stream, level) : czlib_deflate_init_gzip(stream, level)
        guard status == Z_OK else {
            stream.deinitialize(count: 1); stream.deallocate()
            throw GzipError("zlib could not start compressing (deflateInit2 returned \(status))")
        }
    }

    deinit {
        if !finished { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `input`, passing compressed bytes to `sink` as they come.
    func compress(_ input: UnsafeRawBufferPointer, finish: Bool, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(!finished)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        let flush = finish ? (raw ? Z_SYNC_FLUSH : Z_FINISH) : Z_NO_FLUSH
        try output.withUnsafeMutableBytes { out in
            while true {
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(out.count)
                let status = deflate(stream, flush)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw GzipError("zlib failed while compressing (deflate returned \(status))")
                }
                let produced = out.count - Int(stream.pointee.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: out[0..<produced])) }
                if finish && !raw {
                    if status == Z_STREAM_END { break }
                } else if finish {
                    // A sync flush is complete when deflate leaves output space unused.
                    if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { break }
                } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 {
                    break
                }
            }
        }
        stream.pointee.next_in = nil
        if finish {
            deflateEnd(stream)
            finished = true
        }
    }

    /// The zlib level of every compressed file Caseflow writes.
    static let level: Int32 = 3

    /// Compresses a whole buffer in one go (for tests and small files).
    static func compress(_ bytes: [UInt8], level: Int32 = 3) throws -> [UInt8] {
        let c = try GzipCompressor(level: level)
        var out: [UInt8] = []
        try bytes.withUnsafeBytes { try c.compress($0, finish: true) { out.append(contentsOf: $0) } }
        return out
    }
}

/// Reads a gzip file (or a plain file, passed through) a block at a time.
/// Concatenated gzip members are read one after another, as gzip(1) does.
public final class GzipReader {
    public let path: String
    private let handle: FileHandle
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var sawEndOfFile = false
    private var memberEnded = false
    private var anyMember = false
    private let compressed: Bool
    private var done = false

    /// The gzip magic number.
    static func isGzip(_ prefix: some Collection<UInt8>) -> Bool {
        prefix.count >= 2 && prefix[prefix.startIndex] == 0x1f && prefix[prefix.index(after: prefix.startIndex)] == 0x8b
    }

    /// Opens `path`; a file starting with the gzip magic number is decompressed, any other is read as is.
    public init(path: String) throws {
        self.path = path
        guard let h = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw GzipError("\(path): " + (exists ? (isDirectory.boolValue ? "is a folder, not a file" : "cannot be read") : "no such file"))
        }
        handle = h
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let head: Data
        do { head = try h.read(upToCount: 1 << 18) ?? Data() } catch {
            stream.deinitialize(count: 1); stream.deallocate(); try? h.close()
            throw GzipError("\(path): cannot be read (\(error))")
        }
        input = [UInt8](head)
        sawEndOfFile = head.isEmpty
        compressed = Self.isGzip(input)
        if compressed {
            let status = czlib_inflate_init_auto(stream)
            guard status == Z_OK else {
                stream.deinitialize(count: 1); stream.deallocate(); try? h.close()
                throw GzipError("\(path): zlib could not start decompressing (inflateInit2 returned \(status))")
            }
        }
    }

    deinit {
        if compressed { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        try? handle.close()
    }

    private func refill() throws {
        if inputOffset < input.count || sawEndOfFile { return }
        let block: Data?
        do { block = try handle.read(upToCount: 1 << 18) } catch { throw GzipError("\(path): cannot be read (\(error))") }
        input = block.map { [UInt8]($0) } ?? []
        inputOffset = 0
        if input.isEmpty { sawEndOfFile = true }
    }

    /// Up to about `count` bytes of the (decompressed) content; nil at the end.
    public func read(upToCount count: Int) throws -> Data? {
        if done { return nil }
        if !compressed {
            if inputOffset < input.count {
                let d = Data(input[inputOffset...])
                inputOffset = input.count
                return d
            }
            try refill()
            if sawEndOfFile { done = true; return nil }
            inputOffset = input.count
            return Data(input)
        }
        var out = Data(count: max(count, 1 << 16))
        var produced = 0
        while produced < out.count {
            try refill()
            if inputOffset >= input.count {
                // End of the file: fine only after a complete member.
                if memberEnded && anyMember { break }
                throw GzipError("\(path): the compressed data ends early (the file is truncated)")
            }
            if memberEnded {
                // Another member follows (or padding zeros, which gzip(1) ignores).
                if input[inputOffset...].allSatisfy({ $0 == 0 }) { inputOffset = input.count; continue }
                inflateReset(stream)
                memberEnded = false
            }
            let status: Int32 = input.withUnsafeMutableBytes { inBuf in
                out.withUnsafeMutableBytes { outBuf in
                    stream.pointee.next_in = inBuf.baseAddress!.assumingMemoryBound(to: Bytef.self) + inputOffset
                    stream.pointee.avail_in = uInt(inBuf.count - inputOffset)
                    stream.pointee.next_out = outBuf.baseAddress!.assumingMemoryBound(to: Bytef.self) + produced
                    stream.pointee.avail_out = uInt(outBuf.count - produced)
                    let s = inflate(stream, Z_NO_FLUSH)
                    inputOffset = inBuf.count - Int(stream.pointee.avail_in)
                    produced = outBuf.count - Int(stream.pointee.avail_out)
                    stream.pointee.next_in = nil; stream.pointee.next_out = nil
                    return s
                }
            }
            switch status {
            case Z_OK, Z_BUF_ERROR: continue
            case Z_STREAM_END: memberEnded = true; anyMember = true
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw GzipError("\(path): not valid gzip data (zlib: \(message))")
            }
        }
        if produced == 0 { done = true; return nil }
        out.count = produced
        return out
    }

    /// The whole (decompressed) content.
    public func readAll() throws -> Data {
        var all = Data()
        while let block = try read(upToCount: 1 << 20) { all.append(block) }
        return all
    }

    /// The whole content of `path`, decompressed when it is gzip.
    public static func contents(of path: String) throws -> Data {
        try GzipReader(path: path).readAll()
    }
}
