// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// Asks the processor to start loading the cache line holding `address` for reading,
/// without waiting for it. A hint only: it never faults, even for an address that is not
/// mapped, and never changes a result. Worth it for records that will be read soon and
/// are probably not in cache (an event's records, touched for the first time in months).
@inlinable @inline(__always)
public func prefetchForReading(_ address: UnsafeRawPointer) {
    cgsl_prefetch(address)
}

/// Asks the processor to start loading the cache line holding `address` ready for writing
/// (owned, so that the first store to it does not wait), without waiting for it. A hint only,
/// as ``prefetchForReading(_:)``.
@inlinable @inline(__always)
public func prefetchForWriting(_ address: UnsafeRawPointer) {
    cgsl_prefetch_write(address)
}

/// Asks the processor to start loading every cache line of the `size` bytes at `address` for
/// reading (a record may straddle one line more than its size suggests, so the last byte's line
/// is asked for too). A hint only, as ``prefetchForReading(_:)``.
@inlinable @inline(__always)
public func prefetchForReading(_ address: UnsafeRawPointer, bytes size: Int) {
    var offset = 0
    while offset < size { prefetchForReading(address + offset); offset &+= 64 }
    if size > 1 { prefetchForReading(address + (size &- 1)) }
}

extension Array {
    /// Asks the processor to start loading element `i` (every cache line it spans) for
    /// reading; nothing happens when `i` is out of range. A hint only, as
    /// ``prefetchForReading(_:)``.
    @inlinable @inline(__always)
    public func prefetchElement(at i: Int) {
        withUnsafeBufferPointer { b in
            guard i >= 0, i < b.count, let base = b.baseAddress else { return }
            prefetchForReading(UnsafeRawPointer(base + i), bytes: MemoryLayout<Element>.size)
        }
    }
}
