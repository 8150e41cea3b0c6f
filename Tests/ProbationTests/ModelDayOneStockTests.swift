// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Who holds the Day-1 stock: the allocation rules with the stock in hand — the
/// lowest capacity within the cap first, trainees never above it, the rest above the
/// cap to the lowest-capacity practitioner who is not a trainee, and a case only
/// trainees may hold and none can take within the cap waits (docs/model.md, *Initial stock*).
final class ModelDayOneStockTests: XCTestCase {

    /// Cases held on day 0 (before any event) by grade.
    private func held(_ m: ProbationModel) -> [Grade: Int] {
        var byGrade: [Grade: Int] = [:]
        for s in m.practitioners { byGrade[s.grade, default: 0] += s.caseIndices.count }
        return byGrade
    }

    /// One PO (2,176 available points) and one trainee (22.2 of 37 hours reduced:
    /// floor(2,176 × 14.8 / 37) = 870), cap 110%, 60 community C2 cases of 63 points.
    /// By hand: within the cap the trainee can take floor(1.10 × 870 / 63) = 15 cases
    /// (945 points, 108.6%; a 16th would be 115.9%), the PO floor(1.10 × 2,176 / 63) = 37
    /// (2,331 points, 107.1%). The other 60 − 52 = 8 go above the cap to the PO, the one
    /// holder who is not a trainee: PO 45 cases (2,835 points, 130.3%), trainee 15.
    /// (Without the cap, lowest capacity first would level both near 124% and give the
    /// trainee 17.)
    func testTraineeTakesStockOnlyWithinTheCapAndTheRestGoesAboveItToThePO() {
        var spec = Fixtures.toy(po: 1, pso: 0, pqip: 1, spo: 0, sentencesPerWeek: 0, days: 7, tier: .c2, communityDays: 5000)
        spec.initialCaseload = InitialCaseloadSpec(total: 60, typeShares: [.community: 1], pduWeights: [1: 1])
        let s = Stepper(spec)
        let m = s.model
        XCTAssertEqual(held(m)[.pqip], 15)
        XCTAssertEqual(held(m)[.po], 45)
        XCTAssertEqual(m.pdus[0].unallocated, 0)
        for p in m.practitioners where p.grade == .pqip {
            XCTAssertEqual(p.available, 870)
            XCTAssertEqual(p.workload, 945)
        }
        for p in m.practitioners where p.grade == .po {
            XCTAssertEqual(p.available, 2176)
            XCTAssertEqual(p.workload, 2835)
        }
        s.run(auditEvery: 1)
        XCTAssertEqual(s.problems, [])
    }

    /// Within the cap, lowest capacity first decides: two POs and a trainee, cap 150%,
    /// 40 community C2 cases (63 points). Nobody reaches the cap (40 × 63 = 2,520 points
    /// over 5,222 available is 48%), so the spread is as it was before the cap applied to
    /// the stock. By hand: a practitioner takes their k-th case at (k − 1) × 63 / available,
    /// PO 0, 2.90%, 5.79% …, trainee 0, 7.24%, 14.48% …; each case goes to whoever is lowest
    /// (ties to the first in the list), so the 40 cases are the 40 lowest of these levels.
    /// Up to 46.32% (a PO's 17th) there are 17 + 17 PO levels and 7 trainee ones (the 7th at
    /// 43.45%; the 8th would be 50.69%): 41, one too many, and the last of them is the
    /// second PO's 17th (the tie goes to the first PO). So: 17, 16 and 7 cases.
        func testBelowTheCapTheStockLevelsCapacity() {
        var spec = Fixtures.toy(po: 2, pso: 0, pqip: 1, spo: 0, sentencesPerWeek: 0, days: 7, tier: .c2, communityDays: 5000)
        spec.allocation.capPercent = 150
        spec.initialCaseload = InitialCaseloadSpec(total: 40, typeShares: [.community: 1], pduWeights: [1: 1])
        let m = Stepper(spec).model
        XCTAssertEqual(held(m)[.pqip], 7)
        XCTAssertEqual(m.practitioners.filter { $0.grade == .po }.map(\.caseIndices.count), [17, 16])
    }

    /// A case only trainees may hold (tier B: PSOs hold C and D only) that no trainee can
    /// take within the cap waits, as a new case would. One PSO and one trainee, cap 110%,
    /// 12 community B2 cases of 115 points: the trainee takes floor(1.10 × 870 / 115) = 8
    /// (920 points, 105.7%), the PSO none, and 4 wait for the first allocation meeting —
    /// where they stay unallocated, because nobody may take them within the cap and the
    /// senior probation officer never allocates a trainee above it.
    func testStockOnlyATraineeMayHoldWaitsBeyondTheCap() {
        var spec = Fixtures.toy(po: 0, pso: 1, pqip: 1, spo: 1, sentencesPerWeek: 0, days: 14, tier: .b2, communityDays: 5000)
        spec.allocation.aboveCap = .init(afterWorkingDays: 5)
        spec.initialCaseload = InitialCaseloadSpec(total: 12, typeShares: [.community: 1], pduWeights: [1: 1])
        let s = Stepper(spec)
        let m = s.model
        XCTAssertEqual(held(m)[.pqip], 8)
        XCTAssertEqual(held(m)[.pso] ?? 0, 0)
        XCTAssertEqual(m.pdus[0].unallocated, 4)
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["unallocated"].last, 4)
        XCTAssertEqual(b["caseload"].last, 12)
    }

    /// The stock is spread on the capacity in force on Day 1: extra leave dated on day 0 is
    /// taken before the stock, not after it. 4 extra days over the 20 working days from
    /// Monday 28 June to Friday 23 July 2021 take a fifth of everyone's 37 hours, 7.4 more
    /// hours of reduction: the trainee has floor(2,176 × (37 − 22.2 − 7.4) / 37) = 435
    /// available points, the PO floor(2,176 × 29.6 / 37) = 1,740. Cap 110%, 40 community C2
    /// cases (63 points): the trainee takes floor(1.10 × 435 / 63) = 7 (441 points, 101.4%),
    /// the PO floor(1.10 × 1,740 / 63) = 30 within the cap and the other 3 above it: 33.
    /// (Spread before the leave, the trainee would take 15 and stand at 217% once it began.)
    func testExtraLeaveInForceOnDayOneIsTakenBeforeTheStock() {
        var spec = Fixtures.toy(po: 1, pso: 0, pqip: 1, spo: 0, sentencesPerWeek: 0, days: 7, tier: .c2, communityDays: 5000)
        spec.levers = [Lever(date: Fixtures.start, change: .extraLeave(days: 4, until: Fixtures.start.adding(days: 25), .national))]
        spec.initialCaseload = InitialCaseloadSpec(total: 40, typeShares: [.community: 1], pduWeights: [1: 1])
        let s = Stepper(spec)
        let m = s.model
        for p in m.practitioners { XCTAssertEqual(p.available, p.grade == .pqip ? 435 : 1740, p.name) }
        XCTAssertEqual(held(m)[.pqip], 7)
        XCTAssertEqual(held(m)[.po], 33)
        s.run(auditEvery: 1)
        XCTAssertEqual(s.problems, [])
        for p in m.practitioners where p.grade == .pqip { XCTAssertEqual(p.available, 435, "the leave is applied once") }
    }
}
