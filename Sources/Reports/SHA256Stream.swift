// SPDX-License-Identifier: GPL-3.0-or-later
import CCrypto

/// SHA-256 (FIPS 180-4) fed a piece at a time, so a file's digest is formed
/// as it is written, without reading it back. The digest is OpenSSL's
/// (libcrypto's EVP interface), which uses the processor's SHA extensions where
/// it has them: a national run hashes some 60 MB of output, and the digest
/// written by hand in Swift took about a tenth of the run's instructions.
///
/// A value: a copy goes on from the digest so far, apart from the original
/// (the context is copied on the first change after a copy).
public struct SHA256Stream {
    /// Owns one libcrypto digest context.
    private final class Context {
        let pointer: OpaquePointer
        init(_ p: OpaquePointer) { pointer = p }
        deinit { ccrypto_free(pointer) }
    }

    private var context: Context
    /// Bytes fed so far.
    public private(set) var length: UInt64 = 0

    public init() {
        guard let p = ccrypto_sha256_new() else {
            preconditionFailure("SHA-256: libcrypto could not start a digest (out of memory, or SHA-256 unavailable in its configuration)")
        }
        context = Context(p)
    }

    /// The context, made this value's own first if a copy shares it.
    private mutating func uniqueContext() -> OpaquePointer {
        if !isKnownUniquelyReferenced(&context) {
            guard let p = ccrypto_sha256_copy(context.pointer) else {
                preconditionFailure("SHA-256: libcrypto could not copy a digest (out of memory)")
            }
            context = Context(p)
        }
        return context.pointer
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let c = uniqueContext()
        guard ccrypto_sha256_update(c, base, bytes.count) == 1 else {
            preconditionFailure("SHA-256: libcrypto could not take \(bytes.count) bytes")
        }
        length &+= UInt64(bytes.count)
    }

    /// The digest of everything fed so far, as 64 lower-case hexadecimal digits. The digest is
    /// finished on a copy of the context, so the stream may be fed more and asked again.
    public mutating func finalize() -> String {
        guard let c = ccrypto_sha256_copy(context.pointer) else {
            preconditionFailure("SHA-256: libcrypto could not copy a digest (out of memory)")
        }
        defer { ccrypto_free(c) }
        var digest = [UInt8](repeating: 0, count: 32)
        guard digest.withUnsafeMutableBufferPointer({ ccrypto_sha256_final(c, $0.baseAddress!) }) == 1 else {
            preconditionFailure("SHA-256: libcrypto could not finish a digest")
        }
        return SHA256.hexDigits(digest)
    }
}
