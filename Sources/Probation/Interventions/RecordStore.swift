// SPDX-License-Identifier: GPL-3.0-or-later

/// A growable array of records in memory the interventions component owns, for the records
/// that hot paths change field by field.
///
/// A Swift `Array` held in a class checks, before every change of an element, whether its
/// buffer is shared (a call into the runtime) and keeps the class alive around the possible
/// copy; a session day changes a dozen fields of each record it books, so those checks were
/// about 2% of a national replication. A store never copies on write: it has reference
/// semantics (copies of the value share the records) and is freed explicitly
/// (``deallocate()``, from its owner's `deinit`). Indices are checked.
struct RecordStore<Element>: RandomAccessCollection, MutableCollection {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 16
        base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
    }

    init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init()
        for x in elements { append(x) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(i >= 0 && i < count, "RecordStore index out of range")
            return UnsafePointer(base + i)
        }
        @inline(__always) unsafeMutableAddress {
            precondition(i >= 0 && i < count, "RecordStore index out of range")
            return base + i
        }
    }

    @inline(__always) mutating func append(_ x: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: x)
        count += 1
    }

    @inline(never) private mutating func grow() {
        let c = capacity * 2
        let b = UnsafeMutablePointer<Element>.allocate(capacity: c)
        b.moveInitialize(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    /// Empties the store, keeping its memory.
    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// Frees the records (once, when the owner goes).
    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
