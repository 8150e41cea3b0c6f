// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

final class InterventionServiceTests: XCTestCase {
    typealias F = InterventionFixtures

    static func lot(_ name: String = "ete", male: Double = 1, female: Double = 1, capacity: Int = 0, missing: Bool = false,
                    days: Double = 10, coverHours: Double = 6, coverDays: Double = 42) -> ServiceLotSpec {
        ServiceLotSpec(name: name, referralShareMale: male, referralShareFemale: female,
                       capacity: missing ? [:] : ["Z": capacity], missing: missing ? ["Z"] : [],
                       durationDays: .constant(days), coverHours: coverHours, coverDays: coverDays)
    }

    /// One referral in a region without the lot: the case's practitioner
    /// carries 6 hours over 6 weeks (1 hour a week = round(2176 / 37) = 59
    /// WMT-equivalent points) and the metric adds up to exactly 6 hours.
    func testAMissingLotAddsExactlyTheStatedPractitionerHours() {
        let s = Stepper(F.toy(InterventionsSpec(services: [Self.lot(missing: true)]), days: 70))
        s.sentences(1, at: s.tick(Fixtures.start, 8))
        let m = s.model
        s.run(until: s.tick(Fixtures.start.adding(days: 7), 12))
        let c = m.cases[0]
        XCTAssertGreaterThanOrEqual(c.practitioner, 0, "allocated on 29 June")
        let holder = m.practitioners[Int(c.practitioner)]
        XCTAssertEqual(c.extraPoints, 59)
        XCTAssertEqual(holder.extraPoints, 59)
        XCTAssertEqual(holder.workload, holder.caseload.workloadPoints + 59)
        XCTAssertEqual(holder.workload, m.points[.community, .c2] + 59)
        let pr = Int(c.practitioner)
        // 42 days after 28 June 08:00 the cover ends.
        s.run(until: s.tick(Fixtures.start.adding(days: 42), 7))
        XCTAssertEqual(m.practitioners[pr].extraPoints, 59)
        let result = s.run(until: s.tick(Fixtures.start.adding(days: 42), 9))
        _ = result
        XCTAssertEqual(m.practitioners[pr].extraPoints, 0)
        XCTAssertEqual(m.practitioners[pr].workload, m.points[.community, .c2])
        let b = Book(s.run())
        XCTAssertEqual(b["practitioner_hours_covering_missing_services"].reduce(0, +), 6, accuracy: 1e-9)
        // One week of the six is 1 hour; the first output (5 July 00:00) sees 28 June 08:00 onwards.
        XCTAssertEqual(b["practitioner_hours_covering_missing_services"][1], 1, accuracy: 1e-9)
        XCTAssertEqual(b["practitioner_hours_covering_missing_services"][0], 1.0 * Double(7 * 1440 - 8 * 60) / Double(7 * 1440), accuracy: 1e-9)
        XCTAssertEqual(b["crs_referrals_ete"].reduce(0, +), 1)
        XCTAssertEqual(b["crs_waiting_ete"].reduce(0, +), 0)
        // The WMT-equivalent points show in capacity: national workload is above the case's own points while covering.
        XCTAssertEqual(b["workload_points"][1], Double(m.points[.community, .c2] + 59))
        XCTAssertEqual(b["workload_points"][7], Double(m.points[.community, .c2]))
    }

    /// Cover stops when the order ends: the hours delivered are those up to then.
    func testCoverStopsWhenTheOrderEnds() {
        let s = Stepper(F.toy(InterventionsSpec(services: [Self.lot(missing: true, coverHours: 6, coverDays: 42)]),
                              days: 70, communityDays: 21))
        s.sentences(1, at: s.tick(Fixtures.start, 8))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["practitioner_hours_covering_missing_services"].reduce(0, +), 3, accuracy: 1e-9, "21 of 42 days")
        XCTAssertTrue(s.model.practitioners.allSatisfy { $0.extraPoints == 0 && $0.workload == 0 })
    }

    /// A lot with one place: the first referral is served, the others wait in order.
    func testACapacityLimitedLotQueues() {
        let s = Stepper(F.toy(InterventionsSpec(services: [Self.lot("accommodation", capacity: 1, days: 10)]), days: 42))
        s.sentences(3, at: s.tick(Fixtures.start, 8))
        let b = Book(s.run())
        XCTAssertEqual(Array(b["crs_referrals_accommodation"].prefix(2)), [3, 0])
        // In service 28 Jun–8 Jul, 8–18 Jul, 18–28 Jul.
        XCTAssertEqual(Array(b["crs_waiting_accommodation"].prefix(5)), [2, 1, 0, 0, 0])
        XCTAssertEqual(Array(b["crs_in_service_accommodation"].prefix(5)), [1, 1, 1, 1, 0])
        XCTAssertNil(b.values("practitioner_hours_covering_missing_services").first { $0 != 0 })
    }

    /// Women's services: only women are referred.
    func testReferralsBySex() {
        let s = Stepper(F.toy(InterventionsSpec(services: [Self.lot("womens_services", male: 0, female: 1, capacity: 100)]),
                              sentencesPerWeek: 20, days: 56, communityDays: 400))
        let b = Book(s.run())
        let iv = s.model.interventionState!
        let women = s.model.cases.filter { $0.alive && $0.female && $0.type == .community }.count
        XCTAssertGreaterThan(women, 0)
        XCTAssertEqual(b["crs_referrals_womens_services"].reduce(0, +), Double(women))
        for r in iv.services { XCTAssertTrue(s.model.cases[Int(iv.entries[Int(r.entry)].caseRef.index)].female) }
    }

    /// A failure to attend unpaid work adds the enforcement hours to the
    /// practitioner's workload for the window (2 hours over 14 days = 1 hour a week = 59 points).
    func testNonAttendanceAddsEnforcementWork() {
        var upw = F.upw(hours: .constant(7), startAfter: 2)
        upw.nonAttendanceRate = 1
        upw.enforcement = EnforcementSpec(hours: 2, windowDays: 14)
        let s = Stepper(F.toy(InterventionsSpec(unpaidWork: upw), days: 28))
        s.sentences(1, at: s.tick(Fixtures.start, 8))
        // Ready on 30 June; booked and absent 30 June 09:00 (Wednesday), then Monday 5 July.
        s.run(until: s.tick(Fixtures.start.adding(days: 2), 10))
        let m = s.model
        XCTAssertEqual(m.cases[0].extraPoints, 59)
        let p = Int(m.cases[0].practitioner)
        XCTAssertEqual(m.practitioners[p].workload, m.points[.community, .c2] + 59)
        s.run(until: s.tick(Fixtures.start.adding(days: 7), 10))
        XCTAssertEqual(m.cases[0].extraPoints, 118, "two failures within 14 days")
        // Absent again on 12 July; the first failure's window ends on 14 July at 09:00.
        s.run(until: s.tick(Fixtures.start.adding(days: 16), 8))
        XCTAssertEqual(m.cases[0].extraPoints, 177)
        s.run(until: s.tick(Fixtures.start.adding(days: 16), 10))
        XCTAssertEqual(m.cases[0].extraPoints, 118, "the first has dropped out of the window")
        XCTAssertEqual(m.practitioners[p].workload, m.points[.community, .c2] + 118)
        let b = Book(s.run())
        XCTAssertEqual(b["upw_non_attendances"].reduce(0, +), 4)
        XCTAssertEqual(b["upw_hours_worked"].reduce(0, +), 0)
    }
}
