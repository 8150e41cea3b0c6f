// SPDX-License-Identifier: GPL-3.0-or-later

/// A growable array of records in memory the interventions component owns, for the records
/// that hot paths change field by field.
///
/// A Swift `Array` held in a class checks, before every change of an element, whether its
/// buffer is shared (a call into the runtime) and keeps the class alive around the possible
/// copy; a session day changes a dozen fields of each record it books, so those checks were
/// about 2% of a national replication. A store never copies on write: it has reference
/// semantics and is freed explicitly, once (``deallocate()``, from its owner's `deinit`).
/// Indices are checked. The records start on a cache line (64 bytes), so that a record of
/// 64 bytes is one line.
///
/// Where the records are, how many there are and room for how many are kept in one header
/// that every copy of the store shares: a copy is the same store, and a copy that appends
/// (and so may move the records) leaves no other copy pointing at freed memory or at a stale
/// count. Nothing is reference-counted, and no change needs exclusive access to the variable
/// holding the store (every operation is `nonmutating`), so an owner can hold it in a `let`.
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

    /// The first record (valid until the next `append`).
    var base: UnsafeMutablePointer<Element> { @inline(__always) get { header.pointee.base } }
    var count: Int { @inline(__always) get { header.pointee.count } }
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(i >= 0 && i < header.pointee.count, "RecordStore index out of range")
            return UnsafePointer(header.pointee.base + i)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            precondition(i >= 0 && i < header.pointee.count, "RecordStore index out of range")
            return header.pointee.base + i
        }
    }

    @inline(__always) func append(_ x: Element) {
        if header.pointee.count == header.pointee.capacity { grow() }
        (header.pointee.base + header.pointee.count).initialize(to: x)
        header.pointee.count += 1
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
