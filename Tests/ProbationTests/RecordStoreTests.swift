// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation

/// `RecordStore`: the interventions component's growable store of records (no copy on
/// write). Checked against an `Array` fed the same operations, and for the lifetime of the
/// records it holds: every record stored is released exactly once.
final class RecordStoreTests: XCTestCase {
    /// A record whose instances are counted, so a leak or a double release shows.
    final class Counted {
        nonisolated(unsafe) static var alive = 0
        let value: Int
        init(_ value: Int) { self.value = value; Counted.alive += 1 }
        deinit { Counted.alive -= 1 }
    }

    func testGrowingKeepsEveryRecordInOrderAndChangesInPlace() {
        var store = RecordStore<Int>()
        var reference: [Int] = []
        // 16 is the first capacity: 1,000 appends grow it six times.
        for k in 0..<1000 { store.append(k * 7); reference.append(k * 7) }
        XCTAssertEqual(store.count, 1000)
        XCTAssertEqual(Array(store), reference)
        // Field-by-field changes through the subscript land in place.
        for k in stride(from: 0, to: 1000, by: 3) { store[k] += 1; reference[k] += 1 }
        XCTAssertEqual(Array(store), reference)
        XCTAssertEqual(store.reduce(0, +), reference.reduce(0, +))
        // MutableCollection's algorithms work on it.
        store.reverse(); reference.reverse()
        XCTAssertEqual(Array(store), reference)
        store.deallocate()
    }

    /// `reserveCapacity` moves the records once, keeps them in order and alive (counted
    /// records), and appends up to the room reserved then leave them where they are; a smaller
    /// reservation changes nothing; past the room the store grows as before.
    func testReservingMovesTheRecordsOnceAndKeepsThem() {
        let before = Counted.alive
        do {
            let store = RecordStore<Counted>()
            for k in 0..<10 { store.append(Counted(k)) }
            let base0 = store.base
            store.reserveCapacity(5)   // (less than it holds: nothing happens)
            XCTAssertEqual(store.base, base0)
            store.reserveCapacity(1000)
            XCTAssertEqual(store.map(\.value), Array(0..<10))
            XCTAssertEqual(Counted.alive - before, 10)
            let base1 = store.base
            for k in 10..<1000 { store.append(Counted(k)) }
            XCTAssertEqual(store.base, base1, "appends within the room reserved moved the records")
            store.append(Counted(1000))
            XCTAssertEqual(store.map(\.value), Array(0...1000))
            XCTAssertEqual(Counted.alive - before, 1001)
            store.deallocate()
        }
        XCTAssertEqual(Counted.alive, before)
    }

    func testRemoveAllEmptiesAndTheStoreCanBeRefilled() {
        var store = RecordStore<Int>(0..<40)
        XCTAssertEqual(store.count, 40)
        store.removeAll()
        XCTAssertTrue(store.isEmpty)
        store.append(5); store.append(6)
        XCTAssertEqual(Array(store), [5, 6])
        store.deallocate()
    }

    func testEveryRecordIsReleasedExactlyOnce() {
        let before = Counted.alive
        var store = RecordStore<Counted>()
        for k in 0..<100 { store.append(Counted(k)) }   // grows past 16, 32, 64
        XCTAssertEqual(Counted.alive - before, 100)
        XCTAssertEqual(store.map(\.value), Array(0..<100), "moved, not copied, when the store grew")
        store[10] = Counted(-1)                          // the replaced record is released
        XCTAssertEqual(Counted.alive - before, 100)
        store.removeAll()
        XCTAssertEqual(Counted.alive - before, 0)
        for k in 0..<20 { store.append(Counted(k)) }
        XCTAssertEqual(Counted.alive - before, 20)
        store.deallocate()
        XCTAssertEqual(Counted.alive - before, 0)
    }

    /// Copies are the same store: one that grows it (moving the records to new memory) leaves
    /// the others seeing the moved records and the new count, not freed memory and a stale
    /// count, and a change through either shows through both.
    func testACopyThatGrowsTheStoreLeavesNoCopyBehind() {
        let before = Counted.alive
        let store = RecordStore<Counted>()
        for k in 0..<10 { store.append(Counted(k)) }
        let copy = store
        for k in 10..<1000 { copy.append(Counted(k)) }   // grows past 16 several times
        XCTAssertEqual(store.count, 1000)
        XCTAssertEqual(store.map(\.value), Array(0..<1000))
        XCTAssertEqual(store.base, copy.base)
        store[3] = Counted(-3)
        XCTAssertEqual(copy[3].value, -3)
        copy.removeAll()
        XCTAssertTrue(store.isEmpty)
        XCTAssertEqual(Counted.alive - before, 0)
        store.append(Counted(7))
        XCTAssertEqual(copy.map(\.value), [7])
        store.deallocate()
        XCTAssertEqual(Counted.alive - before, 0)
    }
}
