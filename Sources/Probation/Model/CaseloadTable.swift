// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

/// Every practitioner's WMT case counts (by ``CaseCategory``) in one table owned by the
/// model: a row of 192 counts per practitioner, rows side by side in blocks that never
/// move, so that a practitioner's record keeps a plain pointer to its row for the run.
///
/// A case joining or leaving a caseload changes one count in place: no heap object per
/// practitioner, no uniqueness check or copy-on-write on every change (each practitioner
/// used to hold a ``Caseload`` whose counts were a separate array). The running totals
/// (cases held, workload points, court reports) live in the practitioner's record
/// (`PractitionerState`); ``Caseload`` values — for WMT snapshots, tests and anything
/// else that wants one — are copied out of the row (`PractitionerState.caseload`).
final class CaseloadTable {
    /// Counts per row (the case categories).
    static let width = CaseCategory.count
    static let rowsPerBlock = 256

    /// The points tables that have been in force, the last the current one. A practitioner
    /// is weighed with one of them (`PractitionerState.pointsTable`): the current one while
    /// in post; a leaver keeps the one in force when they left (their court reports still
    /// count until their window ends, as they would in a ``Caseload`` of their own).
    private(set) var tables: [PointsTable]
    /// The index of the current table in ``tables``.
    var current: Int32 { Int32(tables.count - 1) }

    /// A new table comes into force.
    func append(_ table: PointsTable) { tables.append(table) }

    private var blocks: [UnsafeMutablePointer<Int32>] = []
    private var usedInLast = rowsPerBlock

    /// Row `n`'s holder's case list (see ``CaseList``), in blocks beside the rows' that never
    /// move either.
    private var listBlocks: [UnsafeMutablePointer<CaseList>] = []

    init(points: PointsTable) {
        tables = [points]
        pending = .allocate(capacity: Self.pendingCapacity)
    }

    deinit {
        pending.deallocate()
        for b in blocks { b.deallocate() }
        for (k, b) in listBlocks.enumerated() {
            let used = k == listBlocks.count - 1 ? usedInLast : Self.rowsPerBlock
            for j in 0..<used { b[j].items?.deallocate() }
            b.deallocate()
        }
    }

    /// A new row of zero counts, valid as long as the table lives.
    /// The `n`th row handed out by ``newRow()`` (from 0), found from `n` alone: a caller that
    /// knows the row's number need not first read the record that holds its pointer (two
    /// cache misses in a row become two at once).
    @inline(__always)
    func row(_ n: Int) -> UnsafeMutablePointer<Int32> {
        blocks[n / Self.rowsPerBlock] + (n % Self.rowsPerBlock) * Self.width
    }

    func newRow() -> UnsafeMutablePointer<Int32> {
        if usedInLast == Self.rowsPerBlock {
            let b = UnsafeMutablePointer<Int32>.allocate(capacity: Self.rowsPerBlock * Self.width)
            b.initialize(repeating: 0, count: Self.rowsPerBlock * Self.width)
            blocks.append(b)
            let l = UnsafeMutablePointer<CaseList>.allocate(capacity: Self.rowsPerBlock)
            l.initialize(repeating: CaseList(items: nil, count: 0, capacity: 0), count: Self.rowsPerBlock)
            listBlocks.append(l)
            usedInLast = 0
        }
        let row = blocks[blocks.count - 1] + usedInLast * Self.width
        usedInLast += 1
        return row
    }

    // MARK: changes of counts, applied in batches

    /// A change of one count: row `row`, category `index`, by `delta`.
    struct Change {
        var row: Int32
        var index: Int16
        var delta: Int16
    }
    static let pendingCapacity = 4096
    /// Changes of counts not yet made in the rows, in the order they happened (`pendingCount`
    /// of them). A change is noted here, in memory that stays in cache, rather than made in a
    /// row that was last touched long ago (a cache miss that the change waited on); they are
    /// made in a batch, reading the rows ahead so that their misses overlap, when the buffer is
    /// full and before anything reads a row (``settle()``). Only reads see the rows, so the
    /// counts read are the same.
    private let pending: UnsafeMutablePointer<Change>
    private var pendingCount = 0

    /// Notes that row `n`'s count of category `index` changes by `delta` (+1 or -1); made in the
    /// row by the next ``settle()``.
    @inline(__always)
    func change(_ n: Int, _ index: Int, by delta: Int) {
        if pendingCount == Self.pendingCapacity { settle() }
        pending[pendingCount] = Change(row: Int32(truncatingIfNeeded: n), index: Int16(truncatingIfNeeded: index),
                                       delta: Int16(truncatingIfNeeded: delta))
        pendingCount &+= 1
    }

    /// Makes every noted change in the rows, in the order noted. Called before any row is read.
    /// - Precondition: no count goes below zero (a case removed that was not counted is a bug).
    func settle() {
        let n = pendingCount
        guard n > 0 else { return }
        pendingCount = 0
        let ahead = 16
        for j in 0..<min(ahead, n) { prefetchForWriting(UnsafeRawPointer(address(pending[j]))) }
        for j in 0..<n {
            if j + ahead < n { prefetchForWriting(UnsafeRawPointer(address(pending[j + ahead]))) }
            let c = pending[j]
            let a = address(c)
            let v = a.pointee + Int32(c.delta)
            precondition(v >= 0, "caseload row \(c.row): cannot remove a case of category \(c.index) when none is held")
            a.pointee = v
        }
    }

    /// The count a change is to.
    @inline(__always)
    private func address(_ c: Change) -> UnsafeMutablePointer<Int32> {
        row(Int(c.row)) + Int(c.index)
    }

    /// Row `n` with every noted change made (for reading).
    func settledRow(_ n: Int) -> UnsafeMutablePointer<Int32> {
        settle()
        return row(n)
    }

    // MARK: case lists

    /// A practitioner's list of the cases they hold (case indices), in the order an array
    /// kept by appending and by swapping the last into a removed case's place would hold them
    /// (that order is read: a leaver's cases are requeued in it). Kept here, in memory the
    /// table owns and frees, rather than as an array in the practitioner's record: a change
    /// makes no uniqueness check, and the list's storage is found from the practitioner's
    /// index alone (`list(_:)`), so that it can be loaded ahead without the record.
    struct CaseList {
        var items: UnsafeMutablePointer<Int32>?
        var count: Int32
        var capacity: Int32
    }

    /// The case list of row `n`'s holder (row `n`: see ``row(_:)``).
    @inline(__always)
    func list(_ n: Int) -> UnsafeMutablePointer<CaseList> {
        listBlocks[n / Self.rowsPerBlock] + n % Self.rowsPerBlock
    }

    /// Adds case `i` at the end of list `l`.
    @inline(__always)
    static func append(_ i: Int32, to l: UnsafeMutablePointer<CaseList>) {
        if l.pointee.count == l.pointee.capacity { grow(l) }
        l.pointee.items.unsafelyUnwrapped[Int(l.pointee.count)] = i
        l.pointee.count += 1
    }

    /// Doubles list `l`'s room (at least 16).
    private static func grow(_ l: UnsafeMutablePointer<CaseList>) {
        let n = Int(l.pointee.count)
        let capacity = max(16, 2 * Int(l.pointee.capacity))
        precondition(capacity <= Int(Int32.max), "CaseloadTable: case list too long")
        let items = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        if let old = l.pointee.items {
            items.moveInitialize(from: old, count: n)
            old.deallocate()
        }
        l.pointee.items = items
        l.pointee.capacity = Int32(capacity)
    }

    /// Takes case `i` out of list `l` (if there): the last case takes its place.
    @inline(__always)
    static func remove(_ i: Int32, from l: UnsafeMutablePointer<CaseList>) {
        let n = Int(l.pointee.count)
        guard n > 0, let items = l.pointee.items else { return }
        // Four cases a step (one compare of four lanes) to the first four that hold `i`, then one
        // by one within them: the first place that holds it, as a plain search finds.
        var k = 0
        let wanted = SIMD4<Int32>(repeating: i)
        while k &+ 4 <= n {
            let four = UnsafeRawPointer(items + k).loadUnaligned(as: SIMD4<Int32>.self)
            if any(four .== wanted) { break }
            k &+= 4
        }
        while k < n && items[k] != i { k &+= 1 }
        guard k < n else { return }
        items[k] = items[n - 1]
        l.pointee.count = Int32(n - 1)
    }

    /// List `l` as an array (a copy: unchanged by later changes of the list).
    static func array(_ l: UnsafeMutablePointer<CaseList>) -> [Int32] {
        guard let items = l.pointee.items else { return [] }
        return Array(UnsafeBufferPointer(start: items, count: Int(l.pointee.count)))
    }

    /// Starts loading the start and the end of list `l` (what `remove` searches first and
    /// `append` writes). A hint only.
    @inline(__always)
    static func prefetch(_ l: UnsafeMutablePointer<CaseList>) {
        guard let items = l.pointee.items else { return }
        prefetchForReading(UnsafeRawPointer(items))
        prefetchForReading(UnsafeRawPointer(items + Int(l.pointee.count)))
    }
}
