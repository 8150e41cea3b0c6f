// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

/// A growable array of records in memory its owner holds and frees, for the records that hot
/// paths change field by field: the model's cases and practitioners, and the interventions
/// component's records.
///
/// A Swift `Array` held in a class checks, before every change of an element, whether its
/// buffer is shared (a call into the runtime, `swift_isUniquelyReferenced_nonNull_native`) and
/// keeps the class alive around the possible copy. A store never copies on write:
/// `store[i].field = x` writes the field where it is.
///
/// **A store has reference semantics.** Where the records are, how many there are and room for
/// how many are kept in one header that every copy of the store shares: a copy is the same
/// store, not a snapshot (a change through either shows through both), and a copy that
/// appends (and so may move the records) leaves no other copy pointing at freed memory or at
/// a stale count. Whoever needs a snapshot makes one: `Array(store)`. Nothing is
/// reference-counted, and no change needs exclusive access to the variable holding the store
/// (every operation is `nonmutating`), so an owner can hold it in a `let`.
///
/// **Its owner frees it**, explicitly and once (``deallocate()``, from the owner's `deinit`);
/// no copy may be used after that, so a store is not handed to anything that may outlive its
/// owner.
///
/// **Indices are checked**, as an `Array`'s are: reading or writing at an index outside
/// `0..<count` traps (a precondition, kept in release builds). ``base`` and the buffer
/// pointers of ``withUnsafeBufferPointer(_:)`` and ``withUnsafeMutableBufferPointer(_:)`` are
/// unchecked, and valid only until the next `append` or `reserveCapacity`.
///
/// The records start on a cache line (64 bytes), so that a record of 64 bytes is one line.
struct RecordStore<Element>: RandomAccessCollection, MutableCollection {
    private struct Header {
        var base: UnsafeMutablePointer<Element>
        var count: Int
        var capacity: Int
    }

    private let header: UnsafeMutablePointer<Header>

    init() {
        header = .allocate(capacity: 1)
        header.initialize(to: Header(base: Self.allocate(16), count: 0, capacity: 16))
    }

    init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init()
        for x in elements { append(x) }
    }

    /// The first record (valid until the next `append` or `reserveCapacity`).
    var base: UnsafeMutablePointer<Element> { @inline(__always) get { header.pointee.base } }
    var count: Int { @inline(__always) get { header.pointee.count } }
    /// Room for how many records there is before the records move.
    var capacity: Int { @inline(__always) get { header.pointee.capacity } }
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            // (One unsigned comparison: a negative index is a huge one.)
            precondition(UInt(bitPattern: i) < UInt(bitPattern: header.pointee.count), "RecordStore index out of range")
            return UnsafePointer(header.pointee.base + i)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: header.pointee.count), "RecordStore index out of range")
            return header.pointee.base + i
        }
    }

    @inline(__always) func append(_ x: Element) {
        if header.pointee.count == header.pointee.capacity { grow() }
        (header.pointee.base + header.pointee.count).initialize(to: x)
        header.pointee.count += 1
    }

    /// Takes the last record out and returns it (`nil` when the store is empty).
    @inline(__always) func popLast() -> Element? {
        guard header.pointee.count > 0 else { return nil }
        header.pointee.count -= 1
        return (header.pointee.base + header.pointee.count).move()
    }

    /// The records as a buffer, for `body` alone (unchecked; it must not append).
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: header.pointee.base, count: header.pointee.count))
    }

    /// The records as a buffer to change in place, for `body` alone (unchecked; it must not
    /// append).
    @inline(__always)
    func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: header.pointee.base, count: header.pointee.count))
    }

    /// Asks the processor to start loading record `i` (every cache line it spans) for reading;
    /// nothing happens when `i` is out of range. A hint only, as `Array.prefetchElement(at:)`.
    @inline(__always)
    func prefetchElement(at i: Int) {
        guard UInt(bitPattern: i) < UInt(bitPattern: header.pointee.count) else { return }
        prefetchForReading(UnsafeRawPointer(header.pointee.base + i), bytes: MemoryLayout<Element>.size)
    }

    private static func allocate(_ n: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<Element>.stride,
                                         alignment: Swift.max(64, MemoryLayout<Element>.alignment))
            .bindMemory(to: Element.self, capacity: n)
    }

    /// Makes room for `n` records in all (the records move once, now, instead of at each
    /// doubling as they are appended). Room never used is never touched.
    func reserveCapacity(_ n: Int) {
        guard n > header.pointee.capacity else { return }
        let b = Self.allocate(n)
        b.moveInitialize(from: header.pointee.base, count: header.pointee.count)
        UnsafeMutableRawPointer(header.pointee.base).deallocate()
        header.pointee.base = b
        header.pointee.capacity = n
    }

    @inline(never) private func grow() {
        let c = header.pointee.capacity * 2
        let b = Self.allocate(c)
        b.moveInitialize(from: header.pointee.base, count: header.pointee.count)
        UnsafeMutableRawPointer(header.pointee.base).deallocate()
        header.pointee.base = b
        header.pointee.capacity = c
    }

    /// Empties the store, keeping its memory.
    func removeAll() {
        header.pointee.base.deinitialize(count: header.pointee.count)
        header.pointee.count = 0
    }

    /// Frees the records and the header (once, when the owner goes; no copy may be used after).
    func deallocate() {
        header.pointee.base.deinitialize(count: header.pointee.count)
        UnsafeMutableRawPointer(header.pointee.base).deallocate()
        header.deinitialize(count: 1)
        header.deallocate()
    }
}
