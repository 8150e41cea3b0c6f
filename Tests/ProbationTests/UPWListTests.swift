// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import XCTest
import Simulation
@testable import Probation

/// `UPWList`: a region's unpaid work list with holes where done requirements were. Checked
/// against a plain array fed the same operations (the places, in order, and the count of
/// those that may work ETE hours), and after whole runs against the records themselves.
final class UPWListTests: XCTestCase {
    typealias F = InterventionFixtures

    /// What a session day may book: a hole never is, whatever the day and the places.
    private func bookable(_ e: UPWListEntry, today: Int32, places: Int) -> Bool {
        today >= e.notBefore && (places > 0 || e.mayUseETE)
    }

    private func check(_ list: UPWList, _ reference: [UPWListEntry], _ note: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(list.places.map(\.record), reference.map(\.record), note, file: file, line: line)
        XCTAssertEqual(list.places.map(\.notBefore), reference.map(\.notBefore), note, file: file, line: line)
        XCTAssertEqual(list.places.map(\.mayUseETE), reference.map(\.mayUseETE), note, file: file, line: line)
        XCTAssertEqual(list.count, reference.count, note, file: file, line: line)
        XCTAssertEqual(list.eteEntries, reference.filter(\.mayUseETE).count, note, file: file, line: line)
        XCTAssertEqual(list.entries.count - list.count, list.holes, note, file: file, line: line)
        for e in list.entries where e.record < 0 {
            XCTAssertFalse(bookable(e, today: .max - 1, places: 1), note, file: file, line: line)
            XCTAssertFalse(bookable(e, today: .max - 1, places: 0), note, file: file, line: line)
        }
    }

    /// Random appends, drops, replacements, compactions and lever resets, against an array
    /// that takes entries out at once.
    func testMatchesAnArrayThatTakesEntriesOutAtOnce() {
        var rng = SplitMix(seed: 20261204)
        var list = UPWList()
        var reference: [UPWListEntry] = []
        var next: Int32 = 0
        for step in 0..<20_000 {
            let op = rng.next() % 100
            if op < 40 || reference.isEmpty {
                let e = UPWListEntry(record: next, notBefore: Int32(rng.next() % 50), mayUseETE: rng.next() % 3 == 0)
                next += 1
                list.append(e); reference.append(e)
            } else if op < 65 {
                // Drop the j-th place: find its position among the entries, holes included.
                let j = Int(rng.next() % UInt64(reference.count))
                let k = position(ofPlace: j, in: list)
                list.withUnsafeParts { buffer, holes, ete in UPWList.drop(k, in: buffer, holes: &holes, ete: &ete) }
                reference.remove(at: j)
            } else if op < 95 {
                let j = Int(rng.next() % UInt64(reference.count))
                let k = position(ofPlace: j, in: list)
                var e = reference[j]
                e.notBefore = Int32(rng.next() % 50)
                e.mayUseETE = rng.next() % 2 == 0
                list.withUnsafeParts { buffer, holes, ete in UPWList.replace(k, with: e, in: buffer, holes: &holes, ete: &ete) }
                reference[j] = e
            } else if op < 99 {
                list.compactIfSparse(minimumHoles: 8)
            } else {
                list.clearNotBefore()
                for j in reference.indices { reference[j].notBefore = 0 }
            }
            if step % 97 == 0 { check(list, reference, "step \(step)") }
        }
        check(list, reference, "end")
        list.compact()
        XCTAssertEqual(list.holes, 0)
        XCTAssertEqual(list.entries.count, reference.count)
        check(list, reference, "compacted")
    }

    /// Holes are taken out only past a quarter of the list (and at least the minimum), in one
    /// pass that keeps the places' order.
    func testCompactsPastAQuarterOfTheList() {
        var list = UPWList()
        for r in 0..<16 { list.append(UPWListEntry(record: Int32(r), notBefore: 0, mayUseETE: r % 4 == 0)) }
        // Drop 4 of 16 (exactly a quarter): kept as holes.
        for k in [1, 4, 9, 15] {
            list.withUnsafeParts { b, h, e in UPWList.drop(k, in: b, holes: &h, ete: &e) }
        }
        XCTAssertEqual(list.holes, 4)
        XCTAssertEqual(list.eteEntries, 3, "records 0, 8 and 12 (4 was dropped)")
        list.compactIfSparse(minimumHoles: 1)
        XCTAssertEqual(list.holes, 4, "a quarter is not more than a quarter")
        XCTAssertEqual(list.entries.count, 16)
        list.withUnsafeParts { b, h, e in UPWList.drop(0, in: b, holes: &h, ete: &e) }
        list.compactIfSparse(minimumHoles: 6)
        XCTAssertEqual(list.holes, 5, "fewer holes than the minimum")
        list.compactIfSparse(minimumHoles: 5)
        XCTAssertEqual(list.holes, 0)
        XCTAssertEqual(list.entries.map(\.record), [2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 14])
        XCTAssertEqual(list.eteEntries, 2, "records 8 and 12")
    }

    /// After runs with ETE hours, levers and a day-0 backlog: every requirement not done is
    /// in its region's list exactly once, in the order the records were made, and the list's
    /// ETE count is the number of its places that may work ETE hours.
    func testEveryOpenRequirementIsListedOnceInOrderAfterARun() {
        for days in [30, 182, 400] {
            var upw = F.upw(supervisors: 6, sessionHours: 7, weeklyHours: 7, hours: .uniform(lower: 20, upper: 200))
            upw.intensiveShare = 0.3
            upw.intensiveWeeklyHours = 21
            upw.eteShare = 0.5
            upw.eteMaxShareOfHours = 0.5
            upw.nonAttendanceRate = 0.2
            upw.standDownRate = 0.1
            upw.backlog = UPWBacklogSpec(people: ["Z": 300], hours: .uniform(lower: 20, upper: 300), startedShare: 0.5,
                                         remainingDays: .uniform(lower: 10, upper: 300))
            let s = Stepper(F.toy(InterventionsSpec(unpaidWork: upw), sentencesPerWeek: 30, days: days))
            s.run()
            let iv = s.model.interventionState!
            var listed = Set<Int32>()
            for g in iv.regions.indices {
                let list = iv.regions[g].upwList
                let places = list.places
                XCTAssertEqual(places.map(\.record), places.map(\.record).sorted(), "\(days) days: in order")
                XCTAssertEqual(list.eteEntries, places.filter(\.mayUseETE).count, "\(days) days")
                for e in places {
                    XCTAssertTrue(listed.insert(e.record).inserted, "\(days) days: record \(e.record) listed twice")
                    XCTAssertEqual(Int(iv.upw[Int(e.record)].region), g)
                }
            }
            var open = 0
            for r in iv.upw.indices where !iv.upw[r].done {
                open += 1
                XCTAssertTrue(listed.contains(Int32(r)), "\(days) days: open record \(r) is not listed")
            }
            XCTAssertGreaterThan(open, 0, "\(days) days")
        }
    }

    /// A session day's read (`UPWList.fill`) queues exactly the entries a plain loop would
    /// book-check, in order, from where it starts to where it stops; it stops only with the
    /// ring at its target, at the end of the list, or with no places and no ETE entry ahead;
    /// its ETE count is that of the entries from where it stopped; it prefetches the queued
    /// records (and record 0 for the rest).
    func testFillQueuesWhatAPlainLoopWould() {
        var rng = SplitMix(seed: 20261205)
        for trial in 0..<400 {
            var list = UPWList()
            let n = Int(rng.next() % 120)
            for r in 0..<n {
                list.append(UPWListEntry(record: Int32(r + 1), notBefore: Int32(rng.next() % 20), mayUseETE: rng.next() % 4 == 0))
            }
            for k in 0..<n where rng.next() % 5 == 0 {
                list.withUnsafeParts { b, h, e in UPWList.drop(k, in: b, holes: &h, ete: &e) }
            }
            let entries = list.entries
            let today = Int32(rng.next() % 22)
            let placesLeft = rng.next() % 2 == 0
            let target = 1 + Int(rng.next() % 24)
            let start = n == 0 ? 0 : Int(rng.next() % UInt64(n))
            let first = Int(rng.next() % 32)
            var eteAhead = entries[start...].filter(\.mayUseETE).count
            var scan = start, queued = 0
            var prefetched: [Int32] = []
            var ring = [Int32](repeating: -7, count: 32)
            list.withUnsafeParts { parts, _, _ in
                ring.withUnsafeMutableBufferPointer { ring in
                    UPWList.fill(parts, from: &scan, today: today, placesLeft: placesLeft, eteAhead: &eteAhead,
                                 ring: ring, first: first, queued: &queued, target: target) { prefetched.append($0) }
                }
            }
            let note = "trial \(trial): n \(n), start \(start), today \(today), places \(placesLeft), target \(target)"
            func bookable(_ e: UPWListEntry) -> Bool { e.notBefore <= today && (placesLeft || e.mayUseETE) }
            let noneAhead = !placesLeft && !entries[start...].contains { $0.mayUseETE }
            let read = noneAhead ? [] : Array(entries.indices[start..<min(scan, n)])
            let expected = read.filter { bookable(entries[$0]) }
            let got = (0..<queued).map { Int(ring[(first + $0) % 32]) }
            XCTAssertEqual(got, expected, note)
            XCTAssertTrue(got.allSatisfy { entries[$0].record >= 0 }, "\(note): a hole queued")
            XCTAssertTrue(queued >= target || scan == n, note)
            XCTAssertEqual(eteAhead, scan < n ? entries[scan...].filter(\.mayUseETE).count : 0, note)
            if !noneAhead {
                // Read a block at a time: past the target by less than a block.
                XCTAssertTrue(scan == n || scan - start <= UPWList.fillBlock
                              || (read.dropLast(UPWList.fillBlock).filter { bookable(entries[$0]) }.count < target), note)
                XCTAssertEqual(prefetched.filter { $0 != 0 }, expected.map { entries[$0].record }, note)
                XCTAssertLessThanOrEqual(prefetched.count, read.count, note)   // (none read past the last ETE entry without places)
            }
        }
    }

    /// `UPWList.fill` passes by whole blocks with nobody bookable without looking at each
    /// entry in turn; it must end exactly where the plain block-by-block read ends (same
    /// `scan`, same queue, same ETE count ahead, same records prefetched). Lists made of runs
    /// of entries not ready, ready, ETE and holes, so that many blocks have nobody bookable,
    /// some only people who need a place, and some one bookable entry at either end.
    func testFillPassesByBlocksWhereThePlainReadWouldStop() {
        var rng = SplitMix(seed: 5122026)
        var skippedBlocks = 0
        for trial in 0..<2000 {
            var list = UPWList()
            let n = Int(rng.next() % 300)
            let today = Int32(10)
            var r = 0
            while r < n {
                let run = 1 + Int(rng.next() % 40)
                let kind = rng.next() % 4   // 0: not ready, 1: ready, 2: mixed, 3: not ready, ETE
                for _ in 0..<min(run, n - r) {
                    let notBefore: Int32
                    switch kind {
                    case 0, 3: notBefore = today + 1 + Int32(rng.next() % 5)
                    case 1: notBefore = Int32(rng.next() % 11)
                    default: notBefore = Int32(rng.next() % 14)
                    }
                    let ete = kind == 3 ? rng.next() % 2 == 0 : rng.next() % 6 == 0
                    list.append(UPWListEntry(record: Int32(r + 1), notBefore: notBefore, mayUseETE: ete))
                    r += 1
                }
            }
            let holeRate = 1 + rng.next() % 4
            for k in 0..<n where rng.next() % (holeRate * 3) == 0 {
                list.withUnsafeParts { b, h, e in UPWList.drop(k, in: b, holes: &h, ete: &e) }
            }
            let entries = list.entries
            let placesLeft = rng.next() % 2 == 0
            let target = 1 + Int(rng.next() % 24)
            let start = n == 0 ? 0 : Int(rng.next() % UInt64(n))
            let first = Int(rng.next() % 32)
            let ete0 = entries[start...].filter(\.mayUseETE).count

            // The plain read: every entry of every block in turn.
            var pScan = start, pQueued = 0, pAhead = ete0
            var pRing = [Int32](repeating: -7, count: 32)
            var pPrefetched: [Int32] = []
            while pQueued < target && pScan < n {
                if !placesLeft && pAhead == 0 { pScan = n; break }
                let end = min(pScan + UPWList.fillBlock, n)
                while pScan < end {
                    let e = entries[pScan]
                    if e.mayUseETE { pAhead -= 1 }
                    if e.notBefore <= today && (placesLeft || e.mayUseETE) {
                        pRing[(first + pQueued) % 32] = Int32(pScan)
                        pPrefetched.append(e.record)
                        pQueued += 1
                    }
                    pScan += 1
                }
            }

            var scan = start, queued = 0, eteAhead = ete0
            var prefetched: [Int32] = []
            var ring = [Int32](repeating: -7, count: 32)
            list.withUnsafeParts { parts, _, _ in
                ring.withUnsafeMutableBufferPointer { ring in
                    UPWList.fill(parts, from: &scan, today: today, placesLeft: placesLeft, eteAhead: &eteAhead,
                                 ring: ring, first: first, queued: &queued, target: target) { prefetched.append($0) }
                }
            }
            let note = "trial \(trial): n \(n), start \(start), places \(placesLeft), target \(target)"
            XCTAssertEqual(scan, pScan, note)
            XCTAssertEqual(queued, pQueued, note)
            XCTAssertEqual(eteAhead, pAhead, note)
            XCTAssertEqual((0..<queued).map { ring[(first + $0) % 32] }, (0..<pQueued).map { pRing[(first + $0) % 32] }, note)
            XCTAssertEqual(prefetched.filter { $0 != 0 }, pPrefetched, note)
            // Blocks passed by whole: entries read without a prefetch call.
            if pScan > start && prefetched.count < min(pScan, n) - start { skippedBlocks += 1 }
        }
        XCTAssertGreaterThan(skippedBlocks, 500, "the lists should have blocks with nobody bookable")
    }

    private func position(ofPlace j: Int, in list: UPWList) -> Int {
        var seen = 0
        for (k, e) in list.entries.enumerated() where e.record >= 0 {
            if seen == j { return k }
            seen += 1
        }
        fatalError("place \(j) not found")
    }

    /// `cgsl_upw_block`, the session day's read of eight entries at once, against the entry-by-
    /// entry answer: random blocks with dates across Int32's whole range and near `today`
    /// (equal, one either side), holes (Int32.max), every pattern of ETE bytes, with and
    /// without places left; the mask in bits 0 … 7 and the ETE count above them.
    func testBlockReadIsTheEntryByEntryRead() {
        var rng = SplitMix(seed: 808)
        let specials: [Int32] = [.min, .min + 1, -1, 0, 1, .max - 1, .max]
        for trial in 0..<200_000 {
            let today: Int32 = trial % 7 == 0 ? specials[Int(rng.next() % UInt64(specials.count))] : Int32(truncatingIfNeeded: Int64(rng.next() % 2000) - 1000)
            let notBefore: [Int32] = (0..<8).map { _ in
                switch rng.next() % 5 {
                case 0: return specials[Int(rng.next() % UInt64(specials.count))]
                case 1: return Int32(truncatingIfNeeded: rng.next())
                default: return today &+ Int32(truncatingIfNeeded: Int64(rng.next() % 3) - 1)
                }
            }
            let ete: [Bool] = (0..<8).map { _ in rng.next() % 2 == 0 }
            let anyone = rng.next() % 2 == 0
            var wantBits: UInt32 = 0
            for j in 0..<8 where notBefore[j] <= today && (anyone || ete[j]) { wantBits |= 1 << UInt32(j) }
            let wantCount = UInt32(ete.filter { $0 }.count)
            let got = notBefore.withUnsafeBufferPointer { nb in
                ete.withUnsafeBufferPointer { e in
                    cgsl_upw_block(nb.baseAddress, UnsafeRawPointer(e.baseAddress!).assumingMemoryBound(to: UInt8.self), today, anyone ? 1 : 0)
                }
            }
            if got != wantBits | (wantCount << 8) {
                XCTFail("trial \(trial): today \(today), notBefore \(notBefore), ete \(ete), anyone \(anyone): got \(String(got, radix: 2)), want \(String(wantBits | (wantCount << 8), radix: 2))")
                return
            }
        }
    }
}
