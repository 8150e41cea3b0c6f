// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation

/// `RecordStore` (the store of the model's cases and practitioners and of the interventions
/// component's records) against a plain `Array` fed the same random operations: appends that
/// grow it, whole-record and field-by-field writes in place, reads, `popLast`, `removeAll`,
/// `reserveCapacity`, iteration, the buffer views, prefetch hints, and a copy of the store
/// (which is the same store, not a snapshot). The records hold a string and a counted object,
/// so a record leaked, released twice or left behind by a move shows.
///
/// An index outside `0..<count` traps, as an `Array`'s does (a precondition, kept in release
/// builds; RecordStore.swift). A trap cannot be caught in XCTest, so it is not exercised here;
/// `testTheIndicesAreTheCountNotTheRoom` checks that the room reserved past the count is no
/// index.
final class RecordStoreAgainstArrayTests: XCTestCase {
    final class Token {
        nonisolated(unsafe) static var alive = 0
        let value: Int
        init(_ value: Int) { self.value = value; Token.alive += 1 }
        deinit { Token.alive -= 1 }
    }

    /// A record with a trivial part, a string (reference-counted storage past 15 bytes) and an
    /// object, as `PractitionerState` holds a name.
    struct Record: Equatable {
        var a: Int
        var b: Int32
        var name: String
        var token: Token
        static func == (l: Record, r: Record) -> Bool {
            l.a == r.a && l.b == r.b && l.name == r.name && l.token.value == r.token.value
        }
    }


    func record(_ k: Int) -> Record {
        Record(a: k, b: Int32(truncatingIfNeeded: k &* 31), name: "record number \(k) with a long name", token: Token(k))
    }

    func testRandomOperationsMatchAnArray() {
        let before = Token.alive
        for seed in 1...8 as ClosedRange<UInt64> {
            var rng = SplitMix(seed: seed)   // (AllocationRosterTests.swift: the same operations on every run)
            let store = RecordStore<Record>()
            let copy = store   // the same store: every change below shows through it
            var reference: [Record] = []
            var next = 0
            var operations = [Int](repeating: 0, count: 10)
            for step in 0..<20_000 {
                let op = Int.random(in: 0..<100, using: &rng)
                switch op {
                case 0..<40:   // append (grows past 16, 32, 64, … and past a reservation)
                    let r = record(next); next += 1
                    store.append(r); reference.append(r)
                    operations[0] += 1
                case 40..<55 where !reference.isEmpty:   // a field written in place
                    let i = Int.random(in: 0..<reference.count, using: &rng)
                    let x = Int.random(in: -1000...1000, using: &rng)
                    store[i].a += x; reference[i].a += x
                    store[i].b = Int32(x); reference[i].b = Int32(x)
                    operations[1] += 1
                case 55..<62 where !reference.isEmpty:   // a whole record replaced
                    let i = Int.random(in: 0..<reference.count, using: &rng)
                    let r = record(next); next += 1
                    store[i] = r; reference[i] = r
                    operations[2] += 1
                case 62..<67 where !reference.isEmpty:   // a record changed through inout
                    let i = Int.random(in: 0..<reference.count, using: &rng)
                    func change(_ r: inout Record) { r.name += "!"; r.token = Token(-r.a) }
                    change(&store[i]); change(&reference[i])
                    operations[3] += 1
                case 67..<80 where !reference.isEmpty:   // a read
                    let i = Int.random(in: 0..<reference.count, using: &rng)
                    XCTAssertEqual(store[i], reference[i])
                    XCTAssertEqual(copy[i].token.value, reference[i].token.value)
                    store.prefetchElement(at: i)
                    store.prefetchElement(at: -1)             // (out of range: nothing happens)
                    store.prefetchElement(at: reference.count)
                    operations[4] += 1
                case 80..<88:   // popLast
                    let popped = store.popLast()
                    let expected = reference.popLast()
                    XCTAssertEqual(popped, expected)
                    operations[5] += 1
                case 88..<91:   // reserveCapacity (more or less than held and than room)
                    let n = Int.random(in: 0...(2 * reference.count + 40), using: &rng)
                    let room = store.capacity
                    store.reserveCapacity(n)
                    XCTAssertEqual(store.capacity, max(room, n))
                    operations[6] += 1
                case 91..<93:   // the buffer views
                    let sum = store.withUnsafeBufferPointer { $0.reduce(0) { $0 &+ $1.a } }
                    XCTAssertEqual(sum, reference.reduce(0) { $0 &+ $1.a })
                    store.withUnsafeMutableBufferPointer { b in for k in b.indices { b[k].b &+= 1 } }
                    for k in reference.indices { reference[k].b &+= 1 }
                    operations[7] += 1
                case 93..<94:   // removeAll (keeping the memory)
                    let room = store.capacity
                    store.removeAll(); reference.removeAll()
                    XCTAssertEqual(store.capacity, room)
                    operations[8] += 1
                default:   // iteration and the collection's view of the count
                    XCTAssertEqual(Array(store), reference, "seed \(seed), step \(step)")
                    XCTAssertEqual(store.indices, reference.indices)
                    XCTAssertEqual(store.isEmpty, reference.isEmpty)
                    XCTAssertEqual(store.first, reference.first)
                    XCTAssertEqual(store.last, reference.last)
                    var n = 0
                    for (x, y) in zip(copy, reference) { XCTAssertEqual(x, y); n += 1 }
                    XCTAssertEqual(n, reference.count)
                    operations[9] += 1
                }
                XCTAssertEqual(store.count, reference.count)
                XCTAssertEqual(copy.count, reference.count)
                XCTAssertGreaterThanOrEqual(store.capacity, store.count)
            }
            XCTAssertEqual(Array(copy), reference, "seed \(seed)")
            XCTAssertEqual(store.base, copy.base)
            // Every token held by a record of either is alive, and no other (a changed record's
            // new token is made twice, once for each, so they are counted as a set).
            let held = Set(store.map { ObjectIdentifier($0.token) } + reference.map { ObjectIdentifier($0.token) })
            XCTAssertEqual(Token.alive - before, held.count)
            XCTAssertTrue(operations.allSatisfy { $0 > 0 }, "seed \(seed): an operation never ran: \(operations)")
            store.deallocate()
            reference.removeAll()
            XCTAssertEqual(Token.alive, before, "seed \(seed): a record leaked or was released twice")
        }
    }

    /// A snapshot is an explicit copy: `Array(store)` does not change when the store does.
    func testAnArrayMadeFromTheStoreIsASnapshot() {
        let store = RecordStore<Int>(0..<100)
        let snapshot = Array(store)
        for k in store.indices { store[k] = -k }
        store.append(7)
        XCTAssertEqual(snapshot, Array(0..<100))
        XCTAssertEqual(Array(store), (0..<100).map { -$0 } + [7])
        store.deallocate()
    }

    /// The indices the subscript accepts are `0..<count`, the same as an array's, whatever the
    /// capacity: room reserved beyond the count is not an index.
    func testTheIndicesAreTheCountNotTheRoom() {
        let store = RecordStore<Int>(0..<10)
        store.reserveCapacity(1000)
        XCTAssertEqual(store.indices, 0..<10)
        XCTAssertEqual(store.endIndex, 10)
        XCTAssertEqual(store.popLast(), 9, "popLast takes the last record")
        XCTAssertEqual(store.indices, 0..<9)
        store.deallocate()
    }
}
