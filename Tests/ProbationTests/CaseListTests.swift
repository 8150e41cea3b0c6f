// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation

/// The practitioners' case lists in the caseload table (`CaseloadTable.CaseList`): checked
/// against plain arrays kept the way the model kept `caseIndices` before (append; remove by
/// `firstIndex(of:)`, `swapAt` with the last, `removeLast`), over many random operations on
/// many lists, so that the order a leaver's cases are requeued in stays the same.
final class CaseListTests: XCTestCase {
    /// Changes of counts are noted and made in the rows in batches (`change`, `settle`): the
    /// rows read after a settle (or through `settledRow`) hold what counting in place would
    /// have, over random changes of random rows — more than a buffer's worth between some
    /// reads, a few between others.
    func testNotedChangesOfCountsMatchCountingInPlace() {
        let table = CaseloadTable(points: .hmppsDefault)
        let rows = 300
        for _ in 0..<rows { _ = table.newRow() }
        var reference = Array(repeating: [Int32](repeating: 0, count: CaseloadTable.width), count: rows)
        var g = SplitMix(seed: 51205)
        for round in 0..<60 {
            let changes = round % 3 == 0 ? 9000 + g.below(5000) : g.below(40)
            for _ in 0..<changes {
                let p = g.below(10) < 3 ? g.below(3) : g.below(rows)
                let i = g.below(CaseloadTable.width)
                // Removals only of what is counted (as the model does).
                let delta = reference[p][i] > 0 && g.below(2) == 0 ? -1 : 1
                table.change(p, i, by: delta)
                reference[p][i] += Int32(delta)
            }
            if round % 2 == 0 {
                let p = g.below(rows)
                XCTAssertEqual(Array(UnsafeBufferPointer(start: table.settledRow(p), count: CaseloadTable.width)), reference[p])
            } else {
                table.settle()
            }
            for p in stride(from: g.below(7), to: rows, by: 7) {
                XCTAssertEqual(Array(UnsafeBufferPointer(start: table.row(p), count: CaseloadTable.width)), reference[p],
                               "row \(p), round \(round)")
            }
        }
        XCTAssertGreaterThan(reference[0].max()!, 20, "counts did not grow")
    }

    /// `remove` searches four cases a step, then one by one: for lists of every length up to
    /// 19, the case at every place (and twice, where the first is taken; and not there), the
    /// list afterwards is the plain search's swap-remove.
    func testRemoveFindsTheFirstPlaceAtEveryPlaceAndLength() {
        let table = CaseloadTable(points: .hmppsDefault)
        _ = table.newRow()
        let l = table.list(0)
        for n in 0..<20 {
            for t in -1..<n {
                for twice in [false, true] where !(twice && t < 0) {
                    var reference = (0..<n).map { Int32(100 + $0) }
                    let wanted: Int32 = 7
                    if t >= 0 { reference[t] = wanted }
                    if twice { reference[(t + 1 + t * 3) % n] = wanted }
                    // Empty the list, then fill it.
                    while l.pointee.count > 0 { CaseloadTable.remove(CaseloadTable.array(l).last!, from: l) }
                    for c in reference { CaseloadTable.append(c, to: l) }
                    CaseloadTable.remove(wanted, from: l)
                    if let k = reference.firstIndex(of: wanted) {
                        reference.swapAt(k, reference.count - 1)
                        reference.removeLast()
                    }
                    XCTAssertEqual(CaseloadTable.array(l), reference, "length \(n), at \(t), twice \(twice)")
                }
            }
        }
    }

    func testListsMatchArraysKeptBySwapRemoveOverRandomOperations() {
        let table = CaseloadTable(points: .hmppsDefault)
        // More than a block of rows (256), so that lists in a second block are used too.
        let lists = 300
        var rows: [UnsafeMutablePointer<Int32>] = []
        for _ in 0..<lists { rows.append(table.newRow()) }
        var reference = Array(repeating: [Int32](), count: lists)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            // A fixed sequence (splitmix64), so that a failure can be replayed.
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Int(z % UInt64(n))
        }
        var nextCase: Int32 = 0
        for step in 0..<200_000 {
            // A few lists get long (growth past 16, 32, … 256), most stay short.
            let p = next(10) < 3 ? next(4) : next(lists)
            let l = table.list(p)
            let r = next(100)
            if r < 55 || reference[p].isEmpty {
                CaseloadTable.append(nextCase, to: l)
                reference[p].append(nextCase)
                nextCase += 1
            } else if r < 97 {
                // A case held, anywhere in the list.
                let i = reference[p][next(reference[p].count)]
                CaseloadTable.remove(i, from: l)
                let k = reference[p].firstIndex(of: i)!
                reference[p].swapAt(k, reference[p].count - 1)
                reference[p].removeLast()
            } else {
                // A case not held: nothing changes.
                CaseloadTable.remove(nextCase + 1_000_000, from: l)
            }
            if step % 997 == 0 || reference[p].count < 3 {
                XCTAssertEqual(CaseloadTable.array(l), reference[p], "list \(p) after step \(step)")
            }
            XCTAssertEqual(Int(l.pointee.count), reference[p].count)
            if Int(l.pointee.count) != reference[p].count { return }
        }
        for p in 0..<lists {
            XCTAssertEqual(CaseloadTable.array(table.list(p)), reference[p], "list \(p) at the end")
            // The list is the table's list `p`, next to row `p`.
            XCTAssertEqual(table.row(p), rows[p])
        }
        XCTAssertGreaterThan(reference.map(\.count).max()!, 256, "no list grew long")
        // A copy does not change with the list.
        let copy = CaseloadTable.array(table.list(0))
        CaseloadTable.append(-5, to: table.list(0))
        XCTAssertEqual(copy, reference[0])
        XCTAssertEqual(CaseloadTable.array(table.list(0)), reference[0] + [-5])
    }
}
