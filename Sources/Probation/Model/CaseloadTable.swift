// SPDX-License-Identifier: GPL-3.0-or-later

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

    init(points: PointsTable) { tables = [points] }

    deinit { for b in blocks { b.deallocate() } }

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
            usedInLast = 0
        }
        let row = blocks[blocks.count - 1] + usedInLast * Self.width
        usedInLast += 1
        return row
    }
}
