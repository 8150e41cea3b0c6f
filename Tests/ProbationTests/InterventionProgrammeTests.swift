// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

final class InterventionProgrammeTests: XCTestCase {
    typealias F = InterventionFixtures

    static func programmes(facilitators: Int, waiting: Int, groupSize: Int = 12, minimum: Int = 6, sessions: Int = 4,
                           remaining: Distribution = .constant(365), structured: ProgrammeSpec? = nil) -> InterventionsSpec {
        let ap = ProgrammeSpec(share: 0, sessions: sessions, sessionsPerWeek: 2, groupSize: groupSize, minimumGroup: minimum,
                               backlog: ProgrammeBacklogSpec(people: ["Z": waiting], remainingDays: remaining))
        return InterventionsSpec(programmes: ProgrammesSpec(facilitators: ["Z": facilitators], groupsPerFacilitator: 1,
                                                            facilitatorsPerGroup: 2, accredited: ap, structured: structured))
    }

    /// 15 waiting on day 0, one facilitator pair, groups of up to 12 from 6:
    /// Monday 28 June a group of the first 12 starts (sessions 28 Jun 09:00,
    /// 1 Jul 21:00, 5 Jul 09:00, 8 Jul 21:00); the 3 left never make a group.
    func testGroupFormationByHand() {
        let s = Stepper(F.toy(Self.programmes(facilitators: 2, waiting: 15), days: 28))
        let b = Book(s.run())
        XCTAssertEqual(Array(b["ap_started"].prefix(4)), [12, 0, 0, 0])
        XCTAssertEqual(Array(b["ap_waiting"].prefix(4)), [3, 3, 3, 3])
        XCTAssertEqual(Array(b["ap_in_groups"].prefix(4)), [12, 0, 0, 0])
        XCTAssertEqual(Array(b["ap_completed"].prefix(4)), [0, 12, 0, 0])
        XCTAssertEqual(Array(b["programme_groups_running"].prefix(2)), [1, 0])
        let iv = s.model.interventionState!
        XCTAssertEqual(iv.groups.count, 1)
        // Oldest referral first: the first 12 records.
        XCTAssertEqual(iv.programmes.prefix(12).map(\.state), Array(repeating: .completed, count: 12))
        XCTAssertEqual(iv.programmes.suffix(3).map(\.state), Array(repeating: .waiting, count: 3))

        // 20 waiting and two pairs: 12 and 8 start together; with one pair the 8 start after the first group ends.
        let two = Book(Stepper(F.toy(Self.programmes(facilitators: 4, waiting: 20), days: 28)).run())
        XCTAssertEqual(Array(two["ap_started"].prefix(3)), [20, 0, 0])
        XCTAssertEqual(Array(two["programme_groups_running"].prefix(2)), [2, 0])
        let one = Book(Stepper(F.toy(Self.programmes(facilitators: 2, waiting: 20), days: 28)).run())
        XCTAssertEqual(Array(one["ap_started"].prefix(3)), [12, 0, 8], "the pair is busy until 8 July; the next planning is Monday 12 July, after the 12 July output")
        XCTAssertEqual(Array(one["ap_completed"].prefix(4)), [0, 12, 0, 8])
    }

    /// No group is larger than the group size in force when it starts.
    func testNoGroupExceedsItsCap() {
        var spec = F.toy(Self.programmes(facilitators: 6, waiting: 100, groupSize: 12, minimum: 2,
                                         structured: ProgrammeSpec(share: 0.5, sessions: 3, groupSize: 7, minimumGroup: 1)),
                         sentencesPerWeek: 30, days: 120)
        spec.interventions!.programmes!.accredited!.share = 0.4
        spec.interventions!.levers = [InterventionLever(date: Fixtures.start.adding(days: 49), change: .groupSize(5))]
        let s = Stepper(spec)
        s.run()
        let iv = s.model.interventionState!
        let leverTick = s.model.calendar.tick(at: Fixtures.start.adding(days: 49))
        XCTAssertGreaterThan(iv.groups.count, 10)
        XCTAssertLessThanOrEqual(iv.maxGroup, 12)
        XCTAssertEqual(iv.maxGroup, 12, "the day-0 queue fills whole groups")
        for (k, g) in iv.groups.enumerated() {
            XCTAssertGreaterThan(g.size, 0)
            let cap = g.startTick >= leverTick ? 5 : (g.kind == .accredited ? 12 : 7)
            XCTAssertLessThanOrEqual(g.size, cap, "group \(k) of kind \(g.kind)")
        }
        XCTAssertTrue(iv.groups.contains { $0.startTick >= leverTick })
    }

    /// A referral whose order ends before a group could finish is not placed
    /// and expires at the end of its order; the order counts once.
    func testProgrammeExpiryIsCounted() {
        // 8 waiting with 365 days left, 4 with 5 days left: the group takes the 8 (minimum 6); the 4 expire.
        let remaining = Distribution.empirical(values: [365, 5], weights: [2, 1])
        let s = Stepper(F.toy(Self.programmes(facilitators: 2, waiting: 12, remaining: remaining), days: 28))
        let b = Book(s.run())
        let iv = s.model.interventionState!
        let short = iv.programmes.filter { $0.endTick < Ticks.days(10) }.count
        XCTAssertEqual(b["ap_started"].first, Double(12 - short))
        XCTAssertEqual(b["ap_expired"].first, Double(short))
        XCTAssertEqual(b["orders_ended_with_requirement_outstanding"].first, Double(short))
        XCTAssertGreaterThan(short, 0)

        // A case whose order ends while it waits: expired, counted once.
        var spec = F.toy(InterventionsSpec(programmes: ProgrammesSpec(
            facilitators: ["Z": 2], accredited: ProgrammeSpec(share: 1, readyAfterDays: .constant(3), sessions: 4, minimumGroup: 6))),
            days: 70, communityDays: 30)
        spec.interventions!.unpaidWork = InterventionFixtures.upw(hours: .constant(500), windowDays: 20)
        let s2 = Stepper(spec)
        s2.sentences(2, at: s2.tick(Fixtures.start, 8))
        let b2 = Book(s2.run())
        XCTAssertEqual(b2["ap_expired"].reduce(0, +), 2)
        XCTAssertEqual(b2["upw_hours_written_off"].reduce(0, +), 2 * (500 - 21))
        XCTAssertEqual(b2["orders_ended_with_requirement_outstanding"].reduce(0, +), 2, "UPW and AP outstanding: each order once")
    }
}
