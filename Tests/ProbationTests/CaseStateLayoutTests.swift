// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// A case's record is one cache line, and its packed fields (ten flags in one word, eight
/// times as 32-bit minutes) read back what was written, each independently of the others.
/// A practitioner's record is four lines, with the figures allocation changes in the first.
final class CaseStateLayoutTests: XCTestCase {
    func testAPractitionersRecordIsFourLinesWithTheBusyFiguresInTheFirst() {
        XCTAssertEqual(MemoryLayout<PractitionerState>.size, 256)
        XCTAssertEqual(MemoryLayout<PractitionerState>.stride, 256)
        let first: [PartialKeyPath<PractitionerState>] = [
            \.workload, \.available, \.casePoints, \.extraPoints, \.caseCount, \.rosterPosition, \.pointsTable,
            \.active, \.grade,
        ]
        for k in first {
            let at = MemoryLayout<PractitionerState>.offset(of: k)
            XCTAssertNotNil(at)
            XCTAssertLessThan(at ?? 64, 64, "\(k) is not in the record's first line")
        }
        // The PDU, the team and the weeks over 110%, kept in 32 bits there, read back as written.
        let table = CaseloadTable(points: .hmppsDefault)
        let row = table.newRow()
        var x = PractitionerState(name: "PO 1", grade: .po, team: 1_234, pdu: 107, contracted: 37, reduction: 0,
                                  counts: row, list: table.list(0), table: table)
        XCTAssertEqual([x.pdu, x.team, x.weeksOver110], [107, 1_234, 0])
        x.weeksOver110 += 5; x.team = 99_999; x.pdu = 3
        XCTAssertEqual([x.pdu, x.team, x.weeksOver110], [3, 99_999, 5])
        XCTAssertEqual(x.grade, .po)
        XCTAssertTrue(x.active)
    }

    func testTheRecordIsOneCacheLine() {
        XCTAssertEqual(MemoryLayout<CaseState>.size, 64)
        XCTAssertEqual(MemoryLayout<CaseState>.stride, 64)
        XCTAssertLessThanOrEqual(MemoryLayout<CaseState>.alignment, 64)
    }

    func testANewCaseIsAliveWithNothingElseSet() {
        for female in [false, true] {
            for t2a in [false, true] {
                let c = CaseState(pdu: 7, type: .licence, tier: .b2, t2a: t2a, female: female)
                XCTAssertTrue(c.alive)
                XCTAssertEqual(c.female, female)
                XCTAssertEqual(c.t2a, t2a)
                XCTAssertFalse(c.unsupervised || c.queued || c.needsReallocation || c.countedLate || c.onCaseload
                               || c.withPrisonOffenderManager || c.earlyRelease)
                XCTAssertEqual(c.pdu, 7)
                XCTAssertEqual(c.type, .licence)
                XCTAssertEqual(c.tier, .b2)
                XCTAssertEqual([c.practitioner, c.previousTeam, c.lastPractitioner, c.interventions], [-1, -1, -1, -1])
                XCTAssertEqual(c.escalateAt, -1)
                XCTAssertEqual([c.queuedSince, c.readyTick, c.clockStart, c.releaseTick, c.endTick, c.sentencedTick,
                                c.periodStart], [0, 0, 0, 0, 0, 0, 0])
            }
        }
    }

    /// The flags against ten plain Booleans, through random changes.
    func testFlagsAgainstPlainBooleans() {
        let flags: [WritableKeyPath<CaseState, Bool>] = [
            \.alive, \.unsupervised, \.t2a, \.female, \.queued, \.needsReallocation, \.countedLate, \.onCaseload,
            \.withPrisonOffenderManager, \.earlyRelease,
        ]
        var rng = SystemRandomNumberGenerator()
        var c = CaseState(pdu: 0, type: .community, tier: .d0, t2a: false, female: false)
        var plain = [true] + [Bool](repeating: false, count: flags.count - 1)
        for _ in 0..<5_000 {
            let k = Int.random(in: 0..<flags.count, using: &rng)
            let v = Bool.random(using: &rng)
            c[keyPath: flags[k]] = v
            plain[k] = v
            XCTAssertEqual(flags.map { c[keyPath: $0] }, plain)
        }
        XCTAssertEqual(c.type, .community)
        XCTAssertEqual(c.tier, .d0)
    }

    /// The times against plain `Tick`s through random changes (any time the model sets is
    /// within 32 bits of minutes, about 4,000 years either side of the start), and beyond
    /// that range clamped to it.
    func testTimesAgainstPlainTicks() {
        let times: [WritableKeyPath<CaseState, Tick>] = [
            \.queuedSince, \.escalateAt, \.readyTick, \.clockStart, \.releaseTick, \.endTick, \.sentencedTick, \.periodStart,
        ]
        var rng = SystemRandomNumberGenerator()
        var c = CaseState(pdu: 3, type: .custody, tier: .a3, t2a: true, female: true)
        var plain: [Tick] = [0, -1, 0, 0, 0, 0, 0, 0]
        let limit = Tick(Int32.max)
        for _ in 0..<5_000 {
            let k = Int.random(in: 0..<times.count, using: &rng)
            let v: Tick = [Tick.random(in: -limit...limit, using: &rng), Tick.random(in: -1...1, using: &rng),
                           Ticks.days(Double.random(in: 0...(150 * 365.25), using: &rng)), limit, -limit][Int.random(in: 0...4, using: &rng)]
            c[keyPath: times[k]] = v
            plain[k] = v
            XCTAssertEqual(times.map { c[keyPath: $0] }, plain)
        }
        XCTAssertTrue(c.alive && c.t2a && c.female)
        XCTAssertEqual(c.pdu, 3)
        c.endTick = Ticks.longest
        XCTAssertEqual(c.endTick, limit)
        c.sentencedTick = -Ticks.longest
        XCTAssertEqual(c.sentencedTick, Tick(Int32.min))
    }
}
