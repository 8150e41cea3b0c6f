// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation

/// The roster's capacity orders (`AllocationRoster`): the first practitioner in capacity order
/// who passes a case's tests must be the one a scan of the PDU in roster order, keeping the
/// first lowest capacity %, finds — on hand-worked ties and on randomised rosters changed
/// figure by figure.
final class AllocationRosterTests: XCTestCase {
    typealias Entry = AllocationRoster.Entry

    func entry(_ p: Int, rules: Int = 0, held: Int = 0, workload: Int, available: Int,
               grade: Grade = .po, writes: Bool = true) -> Entry {
        Entry(practitioner: Int32(p), team: 0, rules: Int32(rules), held: Int32(held), workload: workload,
              available: available, grade: grade, writesReports: writes)
    }

    func roster(_ entries: [Entry], maxCases: [Int] = [.max]) -> AllocationRoster {
        var r = AllocationRoster()
        r.setMaxCases(maxCases)
        r.rebuild(pdu: 0, pdus: 1, with: entries)
        return r
    }

    /// The practitioner of the first pick in capacity order (no limit, everyone accepted).
    func lowest(_ r: AllocationRoster, ruleSets: Set<Int> = [0]) -> Int? {
        var r = r   // (a copy sharing the PDUs' rosters: reading settles them)
        return r.lowestCapacityOpen(pdu: 0, ruleSets: { ruleSets.contains($0) }, upTo: .infinity) { _, _ in true }
            .map { Int(r.entry(pdu: 0, $0.position).practitioner) }
    }

    /// 1000/2000 and 500/1000 are both 50%: the earlier in the roster wins whatever the order
    /// of updates; 499/1000 (49.9%) then beats both, and back at 50% it loses the tie again.
    func testEqualCapacityGoesToTheEarlierPractitioner() {
        var r = roster([entry(7, workload: 1200, available: 2000), entry(3, workload: 500, available: 1000),
                        entry(9, workload: 600, available: 1000)])
        XCTAssertEqual(lowest(r), 3)                         // 50% against 60% and 60%
        r.update(7, workload: 1000, held: 0, available: 2000)                 // 7 is now 50% too, and first in the roster
        XCTAssertEqual(lowest(r), 7)
        r.update(3, workload: 499, held: 0, available: 1000)
        XCTAssertEqual(lowest(r), 3)
        r.update(3, workload: 500, held: 0, available: 1000)
        XCTAssertEqual(lowest(r), 7)
        XCTAssertEqual(r.firstWriter(pdu: 0)?.practitioner, 7)
        r.update(9, workload: 0, held: 0, available: 1000)
        XCTAssertEqual(lowest(r), 9)
        XCTAssertTrue(r.capacityOrderIsCurrent(pdu: 0))
    }

    /// The lowest capacity % is not always the pick: a 63-point case takes a practitioner on
    /// 100 available points from 40% to 103% (over a 100% cap), so the next, at 45% of 2176
    /// points, gets it; a protected caseload at its maximum, a non-writer and nobody with
    /// available points are passed over.
    func testTheFirstWhoPassesTheCaseIsPicked() {
        let cap = 100.0
        var r = roster([entry(0, workload: 40, available: 100),
                        entry(1, rules: 1, held: 20, workload: 0, available: 1000, grade: .pqip, writes: false),
                        entry(2, workload: 979, available: 2176),            // 44.99%
                        entry(3, workload: 0, available: 0)],
                       maxCases: [.max, 20])
        func pick(_ points: Int) -> Int? {
            r.lowestCapacityOpen(pdu: 0, ruleSets: { _ in true }, upTo: cap) { e, _ in
                Double(e.workload + points) / Double(e.available) * 100 <= cap
            }.map { Int(r.entry(pdu: 0, $0.position).practitioner) }
        }
        XCTAssertEqual(pick(60), 0)         // 100%: still within the cap
        XCTAssertEqual(pick(63), 2)         // 103% for practitioner 0
        XCTAssertEqual(pick(1300), nil)     // over the cap for everyone
        XCTAssertEqual(r.firstWriter(pdu: 0)?.practitioner, 0)
        r.update(1, workload: 0, held: 19, available: 1000)  // the PQiP is below the maximum again: 0%
        XCTAssertEqual(pick(63), 1)
        r.update(1, workload: 0, held: 20, available: 1000)
        XCTAssertEqual(pick(63), 2)
        XCTAssertEqual(r.firstWriter(pdu: 0)?.practitioner, 0)   // the PQiP writes no reports
        var e = r.entry(pdu: 0, 0)
        e.available = 0                      // nobody available: out of every order
        r.update(0, e)
        XCTAssertEqual(pick(60), 2)
        XCTAssertEqual(r.firstWriter(pdu: 0)?.practitioner, 2)
        XCTAssertTrue(r.capacityOrderIsCurrent(pdu: 0))
    }

    /// Randomised rosters (up to 40 practitioners, then some of 200–400 so that entries move
    /// far along their orders; three rule sets, narrow ranges of figures so that ties are
    /// common), changed one figure at a time: after every change the orders are what a
    /// rebuild makes, and for random cases the pick under the cap, the pick above it within a
    /// ceiling (PQiPs excepted) and the report writer are the scan's.
    func testCapacityOrderAgreesWithAScanOnRandomRosters() {
        var g = SplitMix(seed: 20261204)
        let maxCases = [Int.max, 3, 6]
        let grades: [Grade] = [.po, .pso, .pqip]
        for round in 0..<162 {
            let n = round < 150 ? g.below(40) : 200 + g.below(201)
            var entries: [Entry] = []
            for p in 0..<n {
                let rules = g.below(3)
                entries.append(entry(p * 3 + 1, rules: rules, held: g.below(8), workload: 10 * g.below(30),
                                     available: [0, 100, 200, 300][g.below(4)], grade: grades[rules], writes: g.below(4) > 0))
            }
            var r = roster(entries, maxCases: maxCases)
            for _ in 0..<60 {
                if n > 0 {
                    // Change one practitioner's figures.
                    let k = g.below(n)
                    var e = entries[k]
                    switch g.below(4) {
                    case 0: e.workload = 10 * g.below(30)
                    case 1: e.held = Int32(g.below(8))
                    case 2: e.available = [0, 100, 200, 300][g.below(4)]
                    default: e.rules = Int32(g.below(3)); e.grade = grades[Int(e.rules)]; e.writesReports.toggle()
                    }
                    entries[k] = e
                    if g.below(2) == 0 { r.update(Int(e.practitioner), workload: e.workload, held: Int(e.held), available: e.available) }
                    if e != r.entry(pdu: 0, k) { r.update(Int(e.practitioner), e) }
                }
                XCTAssertTrue(r.capacityOrderIsCurrent(pdu: 0))
                let mayHold = [g.below(2) == 0, g.below(2) == 0, g.below(2) == 0]
                let points = 10 * g.below(12)
                let cap = Double(80 + 5 * g.below(8)), ceiling = cap + Double(10 * g.below(6))
                func after(_ e: Entry) -> Double { Double(e.workload + points) / Double(e.available) * 100 }
                func pick(upTo limit: Double, _ accept: @escaping (Entry) -> Bool) -> Int32? {
                    r.lowestCapacityOpen(pdu: 0, ruleSets: { mayHold[$0] }, upTo: limit) { e, _ in accept(e) }
                        .map { r.entry(pdu: 0, $0.position).practitioner }
                }
                XCTAssertEqual(pick(upTo: cap) { after($0) <= cap },
                               scan(entries, maxCases) { mayHold[Int($0.rules)] && after($0) <= cap })
                XCTAssertEqual(pick(upTo: ceiling) { $0.grade != .pqip && after($0) <= ceiling },
                               scan(entries, maxCases) { mayHold[Int($0.rules)] && $0.grade != .pqip && after($0) <= ceiling })
                XCTAssertEqual(pick(upTo: .infinity) { _ in true }, scan(entries, maxCases) { mayHold[Int($0.rules)] })
                XCTAssertEqual(r.firstWriter(pdu: 0)?.practitioner, scanWriters(entries))
            }
        }
    }

    /// The open orders are settled lazily (when next read) and the first report writer is
    /// remembered: several changes between reads (up to a dozen, or up to 90; often to the same
    /// practitioner), then the picks are the scan's — read first through the orders, so that the
    /// settling of many out-of-place entries at once is what is checked (up to 90 changes, so
    /// both ways of sorting the dirty entries are used) — and the orders are what a rebuild
    /// makes. Rosters of 0 to 70.
    func testOrdersSettledAfterManyChangesAgreeWithAScan() {
        var g = SplitMix(seed: 4122026)
        let maxCases = [Int.max, 3, 6]
        let grades: [Grade] = [.po, .pso, .pqip]
        for round in 0..<300 {
            let n = round % 71
            var entries: [Entry] = []
            for p in 0..<n {
                let rules = g.below(3)
                entries.append(entry(p * 2 + 5, rules: rules, held: g.below(8), workload: 10 * g.below(30),
                                     available: [0, 100, 200, 300][g.below(4)], grade: grades[rules], writes: g.below(4) > 0))
            }
            var r = roster(entries, maxCases: maxCases)
            for _ in 0..<25 {
                for _ in 0..<(n > 0 ? g.below(round % 2 == 0 ? 13 : 90) : 0) {
                    let k = g.below(min(n, 1 + g.below(2) * n))   // half the time practitioner 0 only
                    var e = entries[k]
                    switch g.below(4) {
                    case 0: e.workload = 10 * g.below(30)
                    case 1: e.held = Int32(g.below(8))
                    case 2: e.available = [0, 100, 200, 300][g.below(4)]
                    default: e.rules = Int32(g.below(3)); e.grade = grades[Int(e.rules)]; e.writesReports.toggle()
                    }
                    entries[k] = e
                    if e.rules == r.entry(pdu: 0, k).rules
                        && e.grade == r.entry(pdu: 0, k).grade && e.writesReports == r.entry(pdu: 0, k).writesReports {
                        r.update(Int(e.practitioner), workload: e.workload, held: Int(e.held), available: e.available)
                    } else {
                        r.update(Int(e.practitioner), e)
                    }
                    XCTAssertEqual(r.entry(pdu: 0, k), e)
                }
                checkPicks(r, entries, maxCases, &g)
            }
        }
    }

    /// Settling many dirty entries at once (`settleMany`: grouped by the order that should hold
    /// them, each group sorted on its own — by insertion up to 32, else by the library's sort —
    /// and merged into its order from the first place that changes) with as many rule sets as
    /// the national model has (16) and rosters of up to 300: between reads, bursts of changes
    /// from one entry to every entry (so that groups of more than 32 occur), figures in narrow
    /// ranges (ties of capacity % are common), rule sets and availability changed too (entries
    /// move between orders and in and out of all of them). After every burst the orders, places
    /// and marks are what a rebuild makes, and picks for random sets of rule sets and limits are
    /// a scan's.
    func testSettlingManyDirtyEntriesOverSixteenRuleSetsAgreesWithARebuild() {
        var g = SplitMix(seed: 5122026_1700)
        let maxCases = (0..<16).map { r in r == 0 ? Int.max : 2 + r % 7 }
        var groupsAbove32 = 0
        for round in 0..<60 {
            let n = [0, 1, 2, 17, 69, 120, 300][round % 7]
            // Few rule sets in some rounds (big groups), all 16 in others.
            let ruleSets = round % 3 == 0 ? 2 : 16
            func random(_ p: Int) -> Entry {
                let rules = g.below(ruleSets)
                return entry(p * 2 + 1, rules: rules, held: g.below(9), workload: 10 * g.below(40),
                             available: [0, 100, 200, 400][g.below(4)], grade: [.po, .pso, .pqip][rules % 3],
                             writes: g.below(3) > 0)
            }
            var entries = (0..<n).map(random)
            var r = roster(entries, maxCases: maxCases)
            for _ in 0..<12 {
                let burst = n == 0 ? 0 : [1, 2, 5, n / 2, n, 2 * n][g.below(6)]
                var changed = Set<Int>()
                for _ in 0..<burst {
                    let k = g.below(n)
                    changed.insert(k)
                    var e = entries[k]
                    switch g.below(6) {
                    case 0, 1, 2: e.workload = 10 * g.below(40)
                    case 3: e.held = Int32(g.below(9))
                    case 4: e.available = [0, 100, 200, 400][g.below(4)]
                    default:
                        e.rules = Int32(g.below(ruleSets)); e.grade = [.po, .pso, .pqip][Int(e.rules) % 3]
                    }
                    entries[k] = e
                    if e.rules == r.entry(pdu: 0, k).rules && e.grade == r.entry(pdu: 0, k).grade {
                        r.update(Int(e.practitioner), workload: e.workload, held: Int(e.held), available: e.available)
                    } else {
                        r.update(Int(e.practitioner), e)
                    }
                }
                // The largest group this burst makes (those changed that are open, by rule set).
                var perRules = [Int](repeating: 0, count: 16)
                for k in changed where entries[k].available > 0 && Int(entries[k].held) < maxCases[Int(entries[k].rules)] {
                    perRules[Int(entries[k].rules)] += 1
                }
                if perRules.max()! > 32 { groupsAbove32 += 1 }
                // Picks first (they settle the orders), then the orders against a rebuild.
                for _ in 0..<4 {
                    let mask = UInt64(g.below(1 << 16)) | (g.below(4) == 0 ? 0xFFFF : 0)
                    let points = 10 * g.below(15)
                    let limit = [Double.infinity, 100, 80 + Double(g.below(60))][g.below(3)]
                    func after(_ e: Entry) -> Double { Double(e.workload + points) / Double(e.available) * 100 }
                    let found = r.lowestCapacityOpen(pdu: 0, ruleSets: mask, upTo: limit) { e, _ in after(e) <= limit }
                    if let f = found { XCTAssertEqual(f.entry, r.entry(pdu: 0, f.position)) }
                    XCTAssertEqual(found.map { r.entry(pdu: 0, $0.position).practitioner },
                                   scan(entries, maxCases) { mask >> UInt64($0.rules) & 1 == 1 && after($0) <= limit })
                }
                XCTAssertTrue(r.capacityOrderIsCurrent(pdu: 0))
                XCTAssertEqual(r.withEntries(pdu: 0) { Array($0) }, entries)
            }
        }
        // The library's sort of a group was used as well as the insertion sort.
        XCTAssertGreaterThan(groupsAbove32, 5)
    }

    /// The remembered first report writer, read after every change, with half the changes made
    /// to the writer who is first now (so that it goes up, down, stays, ties or leaves the
    /// writers — the cases that forget or keep it) and the rest to anyone: always a scan's.
    func testRememberedFirstWriterIsAScans() {
        var g = SplitMix(seed: 5122026)
        for round in 0..<200 {
            let n = 1 + round % 30
            var entries = (0..<n).map { p in
                entry(p + 1, workload: 10 * g.below(10), available: [0, 100, 200][g.below(3)], writes: g.below(4) > 0)
            }
            var r = roster(entries)
            for _ in 0..<100 {
                let first = r.firstWriter(pdu: 0).flatMap { w in entries.firstIndex { $0.practitioner == w.practitioner } }
                let k = g.below(2) == 0 ? (first ?? g.below(n)) : g.below(n)
                var e = entries[k]
                switch g.below(5) {
                case 0, 1: e.workload = 10 * g.below(10)
                case 2: e.workload = max(0, e.workload + 10 * (g.below(3) - 1))
                case 3: e.available = [0, 100, 200][g.below(3)]
                default: e.writesReports.toggle()
                }
                entries[k] = e
                if g.below(2) == 0 && e.writesReports == r.entry(pdu: 0, k).writesReports {
                    r.update(Int(e.practitioner), workload: e.workload, held: Int(e.held), available: e.available)
                } else {
                    r.update(Int(e.practitioner), e)
                }
                XCTAssertEqual(r.firstWriter(pdu: 0)?.practitioner, scanWriters(entries))
                XCTAssertEqual(r.firstWriter(pdu: 0), scanWriters(entries).map { w in entries.first { $0.practitioner == w }! })
            }
            XCTAssertTrue(r.capacityOrderIsCurrent(pdu: 0))
        }
    }

    /// Joiners and leavers edit a PDU's list and orders in place (`memberAdded`,
    /// `memberRemoved`) instead of a rebuild: after random joins at any place, leaves and changes
    /// of figures (several between reads), the list is the expected one, every practitioner's
    /// update reaches their entry, and the picks, the report writer and the orders are a
    /// rebuild's and a scan's. The positions handed out by `takeMovedPlaces` (the model's copies
    /// in the practitioners' records) stay every practitioner's place, and an update through a
    /// copied position reaches the right entry.
    func testJoinersAndLeaversEditTheListAndOrdersInPlace() {
        var g = SplitMix(seed: 20261205)
        let maxCases = [Int.max, 3, 6]
        let grades: [Grade] = [.po, .pso, .pqip]
        var nextID = 0
        func random() -> Entry {
            let rules = g.below(3)
            nextID += 1
            return entry(nextID, rules: rules, held: g.below(8), workload: 10 * g.below(30),
                         available: [0, 100, 200, 300][g.below(4)], grade: grades[rules], writes: g.below(4) > 0)
        }
        for round in 0..<120 {
            var entries = (0..<(round % 40)).map { _ in random() }
            var r = roster(entries, maxCases: maxCases)
            var copy: [Int: Int] = [:]   // practitioner → position, as the model's records keep it
            func takeMoved() { for (p, k) in r.takeMovedPlaces() { copy[p] = k } }
            takeMoved()
            var gone: [Int] = []
            for _ in 0..<40 {
                for _ in 0..<(1 + g.below(4)) {
                    switch g.below(3) {
                    case 0:
                        let e = random(), k = g.below(entries.count + 1)
                        entries.insert(e, at: k)
                        r.memberAdded(e, pdu: 0, at: k)
                        takeMoved()
                    case 1 where !entries.isEmpty:
                        let k = g.below(entries.count)
                        r.memberRemoved(Int(entries[k].practitioner), pdu: 0)
                        takeMoved()
                        gone.append(Int(entries[k].practitioner))
                        entries.remove(at: k)
                    default:
                        guard !entries.isEmpty else { continue }
                        let k = g.below(entries.count)
                        entries[k].workload = 10 * g.below(30)
                        entries[k].held = Int32(g.below(8))
                        if g.below(3) == 0 { entries[k].available = [0, 100, 200, 300][g.below(4)] }
                        let p = Int(entries[k].practitioner)
                        if g.below(2) == 0 {
                            r.update(p, entries[k])
                        } else {
                            // The cheaper update, through the copied position.
                            r.update(pdu: 0, position: copy[p] ?? -99, workload: entries[k].workload,
                                     held: Int(entries[k].held), available: entries[k].available)
                        }
                    }
                }
                for (k, e) in entries.enumerated() {
                    XCTAssertEqual(copy[Int(e.practitioner)], k)
                    XCTAssertEqual(r.position(of: Int(e.practitioner)), k)
                    XCTAssertEqual(r.pdu(of: Int(e.practitioner)), 0)
                }
                for p in gone { XCTAssertEqual(copy[p], -1); XCTAssertEqual(r.position(of: p), -1) }
                XCTAssertEqual(r.withEntries(pdu: 0) { Array($0) }, entries)
                checkPicks(r, entries, maxCases, &g)
            }
        }
    }

    /// What allocation did before the capacity orders: every entry in roster order, the first
    /// lowest capacity % among those with available points, under their maximum, passing `accept`.
    func scan(_ entries: [Entry], _ maxCases: [Int], _ accept: (Entry) -> Bool) -> Int32? {
        var best: Int32?
        var bestCap = Double.infinity
        for e in entries where e.available > 0 && Int(e.held) < maxCases[Int(e.rules)] && accept(e) {
            let c = Double(e.workload) / Double(e.available) * 100
            if best == nil || c < bestCap { best = e.practitioner; bestCap = c }
        }
        return best
    }

    /// What court reports did: the first lowest capacity % among writers with available points.
    /// The report writer, and a lowest-capacity pick with rule sets, case points and cap drawn
    /// from `g`, on PDU 0 of `r` against scans of `entries`; and the orders against a rebuild.
    func checkPicks(_ r: AllocationRoster, _ entries: [Entry], _ maxCases: [Int], _ g: inout SplitMix,
                    file: StaticString = #filePath, line: UInt = #line) {
        var r = r   // (a copy sharing the PDUs' rosters: reading settles them)
        XCTAssertEqual(r.firstWriter(pdu: 0)?.practitioner, scanWriters(entries), file: file, line: line)
        let mayHold = [g.below(2) == 0, g.below(2) == 0, g.below(2) == 0]
        let points = 10 * g.below(12)
        let cap = Double(80 + 5 * g.below(8))
        func after(_ e: Entry) -> Double { Double(e.workload + points) / Double(e.available) * 100 }
        // The rule sets as bits (as the model passes them), and the figures returned with the pick
        // against the list's.
        let mask = (0..<3).reduce(UInt64(0)) { m, k in mayHold[k] ? m | 1 << UInt64(k) : m }
        XCTAssertEqual(mask, r.ruleSetMask { mayHold[$0] }, file: file, line: line)
        let found = r.lowestCapacityOpen(pdu: 0, ruleSets: mask, upTo: cap) { e, _ in after(e) <= cap }
        if let f = found { XCTAssertEqual(f.entry, r.entry(pdu: 0, f.position), file: file, line: line) }
        let pick = found.map { r.entry(pdu: 0, $0.position).practitioner }
        XCTAssertEqual(pick, scan(entries, maxCases) { mayHold[Int($0.rules)] && after($0) <= cap }, file: file, line: line)
        XCTAssertTrue(r.capacityOrderIsCurrent(pdu: 0), file: file, line: line)
    }

    func scanWriters(_ entries: [Entry]) -> Int32? {
        var best: Int32?
        var bestCap = Double.infinity
        for e in entries where e.writesReports && e.available > 0 {
            let c = Double(e.workload) / Double(e.available) * 100
            if c < bestCap { best = e.practitioner; bestCap = c }
        }
        return best
    }
}

/// A small deterministic generator for the randomised tests (SplitMix64): the same operations on
/// every run; usable wherever the standard library takes a generator.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}

/// The meeting's set of failed case kinds (`CaseKindSet`, two words of bits) against a `Set`
/// fed the same inserts and clears, over every kind 0–127 (both words and their edges).
final class CaseKindSetTests: XCTestCase {
    func testAgreesWithASetOverEveryKind() {
        var g = SplitMix(seed: 128)
        var bits = CaseKindSet()
        var set = Set<Int>()
        for step in 0..<2000 {
            if step % 300 == 299 { bits.removeAll(); set.removeAll() }
            let k = [0, 63, 64, 127][g.below(4)] + (g.below(3) == 0 ? 0 : g.below(128)) 
            let kind = min(k, 127)
            bits.insert(kind); set.insert(kind)
            for q in 0..<128 { XCTAssertEqual(bits.contains(q), set.contains(q), "kind \(q) at step \(step)") }
        }
    }
}
