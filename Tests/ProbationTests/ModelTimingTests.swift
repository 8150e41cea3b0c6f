// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// The five-working-day allocation target: when cases can be allocated
/// (meetings at 10:00 on working days, after the preparation days) and how
/// the delay is measured.
final class ModelTimingTests: XCTestCase {
    func d(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// The calendar functions the model uses, by hand: +1 working day from a
    /// Friday is the Monday, or the Tuesday over a bank holiday Monday, or the
    /// Wednesday over 2021's Christmas (25 and 26 December fell on a weekend,
    /// so the 27th and 28th were substitute bank holidays); and the measure
    /// `workingDays(from:to:)` counts the working days after the first date up
    /// to and including the second.
    func testWorkingDayArithmetic() {
        let cal = SimulationCalendar(epoch: Fixtures.start)
        XCTAssertEqual(cal.addingWorkingDays(1, to: d("2021-07-02")), d("2021-07-05"))
        XCTAssertEqual(cal.addingWorkingDays(1, to: d("2021-07-03")), d("2021-07-05"), "Saturday + 1")
        XCTAssertEqual(cal.addingWorkingDays(1, to: d("2021-08-27")), d("2021-08-31"), "over the summer bank holiday")
        XCTAssertEqual(cal.addingWorkingDays(1, to: d("2021-12-24")), d("2021-12-29"), "over Christmas 2021")
        XCTAssertEqual(cal.addingWorkingDays(5, to: d("2021-06-29")), d("2021-07-06"))
        XCTAssertEqual(cal.workingDays(from: d("2021-07-02"), to: d("2021-07-05")), 1)
        XCTAssertEqual(cal.workingDays(from: d("2021-08-27"), to: d("2021-08-31")), 1)
        XCTAssertEqual(cal.workingDays(from: d("2021-06-29"), to: d("2021-07-12")), 9)
        XCTAssertEqual(cal.workingDays(from: d("2021-06-28"), to: d("2021-06-28")), 0)
        XCTAssertFalse(cal.isWorkingDay(d("2021-12-27")))
        XCTAssertFalse(cal.isWorkingDay(d("2021-12-28")))
        let closed = SimulationCalendar(epoch: Fixtures.start, additionalNonWorkingDays: [d("2021-07-05")])
        XCTAssertEqual(closed.addingWorkingDays(1, to: d("2021-07-02")), d("2021-07-06"))
    }

    /// Ample staff (three POs), preparation one working day. Hand-worked:
    ///
    /// | sentenced | allocated | calendar days | working days |
    /// |---|---|---|---|
    /// | Fri 2 Jul 15:00 | Mon 5 Jul 10:00 | 2 d 19 h = 2.7917 | 1 |
    /// | Mon 5 Jul 09:00 | Tue 6 Jul 10:00 (not Monday's meeting: not ready) | 1 d 1 h = 1.0417 | 1 |
    /// | Fri 27 Aug 15:00 | Tue 31 Aug 10:00 (bank holiday Monday) | 3 d 19 h = 3.7917 | 1 |
    /// | Fri 24 Dec 16:00 | Wed 29 Dec 10:00 | 4 d 18 h = 4.75 | 1 |
    ///
    /// Output dates are Mondays from 5 July; an allocation at 10:00 on a
    /// Monday counts in the week that output date closes… the next one.
    func testHandWorkedAllocationTimes() {
        let s = Stepper(Fixtures.toy(po: 3, pso: 0, spo: 0, sentencesPerWeek: 0, days: 210, communityDays: 5000))
        s.sentence(at: s.tick(d("2021-07-02"), 15))
        s.sentence(at: s.tick(d("2021-07-05"), 9))
        s.sentence(at: s.tick(d("2021-08-27"), 15))
        s.sentence(at: s.tick(d("2021-12-24"), 16))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        let week = { (date: String) in b.index(of: self.d(date))! }
        XCTAssertEqual(b["allocations"][week("2021-07-05")], 0, "Friday's case is not allocated before Monday's meeting")
        XCTAssertEqual(b["allocations"][week("2021-07-12")], 2)
        XCTAssertEqual(b["mean_days_to_allocation"][week("2021-07-12")], (67.0 / 24 + 25.0 / 24) / 2, accuracy: 1e-9)
        XCTAssertEqual(b["mean_working_days_to_allocation"][week("2021-07-12")], 1)
        XCTAssertEqual(b["allocated_within_5wd_pct"][week("2021-07-12")], 100)
        XCTAssertEqual(b["mean_days_to_allocation"][week("2021-09-06")], 91.0 / 24, accuracy: 1e-9)
        XCTAssertEqual(b["mean_working_days_to_allocation"][week("2021-09-06")], 1)
        XCTAssertEqual(b["mean_days_to_allocation"][week("2022-01-03")], 4.75, accuracy: 1e-9)
        XCTAssertEqual(b["mean_working_days_to_allocation"][week("2022-01-03")], 1)
        XCTAssertEqual(b["allocations"].reduce(0, +), 4)
        // Weeks without allocations have no mean and no percentage.
        XCTAssertTrue(b["mean_days_to_allocation"][week("2021-07-05")].isNaN)
        XCTAssertTrue(b["allocated_within_5wd_pct"][week("2021-07-05")].isNaN)
        let head = Dictionary(uniqueKeysWithValues: s.model.result().headline.map { ($0.name, $0.value) })
        XCTAssertEqual(head["allocations"], 4)
        XCTAssertEqual(head["allocated_within_5wd_pct"], 100)
        XCTAssertEqual(head["mean_days_to_allocation"]!, (67.0 + 25 + 91 + 114) / 24 / 4, accuracy: 1e-9)
    }

    /// Preparation 0: a case sentenced before a working day's meeting is
    /// allocated at it (0 working days); one sentenced after waits for the
    /// next working day's; one on a Saturday for Monday's. An office closure
    /// (extra non-working day) moves the meeting on.
    func testNoPreparationAndClosures() {
        var spec = Fixtures.toy(po: 3, pso: 0, spo: 0, sentencesPerWeek: 0, days: 21, communityDays: 5000)
        spec.allocation.preparationWorkingDays = 0
        spec.extraClosures = [d("2021-07-12")]
        let s = Stepper(spec)
        s.sentence(at: s.tick(d("2021-06-28"), 9))      // Mon 10:00 same day: 1 h, 0 wd
        s.sentence(at: s.tick(d("2021-06-28"), 11))     // Tue 10:00: 23 h, 1 wd
        s.sentence(at: s.tick(d("2021-07-03"), 12))     // Sat → Mon 5 Jul 10:00: 1 d 22 h, 1 wd
        s.sentence(at: s.tick(d("2021-07-09"), 12))     // Fri → Tue 13 Jul (12th closed): 3 d 22 h, 1 wd
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["allocations"], [2, 1, 1])
        XCTAssertEqual(b["mean_days_to_allocation"][0], (1.0 / 24 + 23.0 / 24) / 2, accuracy: 1e-9)
        XCTAssertEqual(b["mean_working_days_to_allocation"][0], 0.5)
        XCTAssertEqual(b["mean_days_to_allocation"][1], 46.0 / 24, accuracy: 1e-9)
        XCTAssertEqual(b["mean_days_to_allocation"][2], 94.0 / 24, accuracy: 1e-9)
        XCTAssertEqual(b["mean_working_days_to_allocation"][2], 1)
    }

    /// A full PO (37 C2 cases, 2331 points) cannot take a 38th until cases
    /// end: the 37 end 14 days after sentence (Mon 12 Jul 09:00), and the
    /// waiting case, sentenced Tue 29 Jun 12:00, is allocated at that
    /// Monday's meeting: 12 d 22 h and 9 working days later — outside the
    /// target. (It ends itself on Tue 13 Jul 12:00, 14 days after sentence.)
    func testLateAllocationMissesTheTarget() {
        let s = Stepper(Fixtures.toy(po: 1, pso: 0, spo: 0, sentencesPerWeek: 0, days: 28, communityDays: 14))
        s.sentences(37, at: s.tick(d("2021-06-28"), 9))
        s.sentence(at: s.tick(d("2021-06-29"), 12))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["allocations"], [37, 0, 1, 0])
        XCTAssertEqual(b["unallocated"], [1, 1, 0, 0])
        XCTAssertEqual(b["terminations"], [0, 0, 38, 0])
        XCTAssertEqual(b["mean_days_to_allocation"][2], 12 + 22.0 / 24, accuracy: 1e-9)
        XCTAssertEqual(b["mean_working_days_to_allocation"][2], 9)
        // The waiting case is past the target at the output of 12 July (9 working
        // days): it counts as a miss then, and not again when allocated that day.
        XCTAssertEqual(b["allocated_within_5wd_pct"][1], 0)
        XCTAssertTrue(b["allocated_within_5wd_pct"][2].isNaN)
        XCTAssertEqual(b["allocation_target_due"], [37, 1, 0, 0])
        XCTAssertEqual(b["allocated_within_5wd_pct"][0], 100)
    }

    /// Poisson arrivals, ample capacity, preparation one working day: every
    /// case is allocated at the meeting of the first working day after the
    /// day of sentence, so exactly 1 working day after it by the calendar's
    /// counting rule, and 100% within five; calendar days are between 10 h
    /// (sentenced just before midnight) and 5 d 10 h (the Thursday before
    /// Easter).
    func testAmpleCapacityMeetsTheTarget() {
        var spec = Fixtures.threePDUs(staff: [.po: 20, .pso: 10, .spo: 1], days: 364)
        spec.cases.custodyShare = 0.3
        let r = ProbationModel(spec: spec, replication: 0).run()
        let b = Book(r)
        for name in ["PDU one", "PDU two", "PDU three"] {
            let n = b["allocations", .pdu, name]
            for j in n.indices where n[j] > 0 {
                XCTAssertEqual(b["allocated_within_5wd_pct", .pdu, name][j], 100)
                XCTAssertEqual(b["mean_working_days_to_allocation", .pdu, name][j], 1)
                let days = b["mean_days_to_allocation", .pdu, name][j]
                XCTAssertGreaterThanOrEqual(days, 10.0 / 24)
                XCTAssertLessThanOrEqual(days, 5 + 10.0 / 24)
            }
        }
        XCTAssertEqual(b["practitioners_over_100"].max(), 0)
        let head = Dictionary(uniqueKeysWithValues: r.headline.map { ($0.name, $0.value) })
        XCTAssertEqual(head["allocated_within_5wd_pct"], 100)
        XCTAssertEqual(head["allocations"], b["allocations"].reduce(0, +))
        XCTAssertGreaterThan(head["allocations"]!, 1000)
        // Mean over all cases, for sentences spread evenly over the week:
        // Mon–Thu and Sun 1 + 10/24 − 1/2, Fri 3 + …, Sat 2 + … days, so
        // (5 × 0.917 + 2.917 + 1.917) / 7 = 1.35 (bank holidays add a little).
        XCTAssertEqual(head["mean_days_to_allocation"]!, 1.35, accuracy: 0.08)
    }

    /// Nobody may hold the cases (risk A, and only PSOs): they wait for
    /// ever. Unallocated is every arrival so far (nothing ends within the
    /// run), no allocations, and the 5-working-day share is 0 once any case has
    /// waited past the target (none has by the first output: no value then).
    func testCasesNobodyMayHoldWaitForever() {
        let spec = Fixtures.toy(po: 0, pso: 4, spo: 1, sentencesPerWeek: 10, days: 182, tier: .a2, communityDays: 5000)
        let r = ProbationModel(spec: spec, replication: 0).run()
        let b = Book(r)
        var arrived = 0.0
        for j in b.dates.indices {
            arrived += b["arrivals"][j]
            XCTAssertEqual(b["unallocated"][j], arrived)
            XCTAssertEqual(b["caseload"][j], arrived)
            XCTAssertEqual(b["allocations"][j], 0)
            if b["allocation_target_due"][j] > 0 {
                XCTAssertEqual(b["allocated_within_5wd_pct"][j], 0)
            } else {
                XCTAssertTrue(b["allocated_within_5wd_pct"][j].isNaN)
            }
            XCTAssertTrue(b["mean_days_to_allocation"][j].isNaN)
        }
        XCTAssertGreaterThan(arrived, 200)
        XCTAssertEqual(b["workload_points"].max(), 0)
        let head = Dictionary(uniqueKeysWithValues: r.headline.map { ($0.name, $0.value) })
        XCTAssertEqual(head["allocations"], 0)
        XCTAssertTrue(b["allocated_within_5wd_pct"][0].isNaN, "nobody past the target by the first output")
        // Every case that has waited more than 5 working days by the end has counted as a miss.
        XCTAssertEqual(b["allocation_target_due"].reduce(0, +), arrived - b["unallocated"].last! + b["unallocated_over_5wd"].last!)
        XCTAssertEqual(head["allocated_within_5wd_pct"], 0)
        XCTAssertEqual(head["unallocated"], arrived)
    }
}
