// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Allocation rules: the capacity cap, what each grade may hold, protected
/// caseloads, queue order and the policies. Hand-worked with injected
/// sentences where possible (no Poisson arrivals: sentencesPerWeek 0).
///
/// Numbers used throughout (HMPPS default points, `PointsTable.hmppsDefault`):
/// community A3 206, B2 115, C2 63, D0 29 points; a PO or PSO on 37 hours
/// has ⌊2176 × 37/37⌋ = 2176 available points, so 110% is 2393.6 points.
final class ModelAllocationTests: XCTestCase {
    let monday = Fixtures.start                       // 2021-06-28
    var tuesday: CivilDate { monday.adding(days: 1) }

    /// A world of injected cases only: one PDU, one team, no arrivals, long
    /// community orders (nothing ends), one output a week.
    func quiet(po: Int = 1, pso: Int = 0, pqip: Int = 0, spo: Int = 0, days: Int = 28, tier: Tier = .c2) -> ModelSpec {
        Fixtures.toy(po: po, pso: pso, pqip: pqip, spo: spo, sentencesPerWeek: 0, days: days, tier: tier, communityDays: 5000)
    }

    // MARK: the cap

    /// 40 C2 cases for one PO under a 110% cap: 37 × 63 = 2331 (107.1%) fit,
    /// a 38th would make 2394 (110.02%); then two D0s still fit
    /// (2360, 2389 = 109.8%) and a third (2418) does not.
    func testCapOf110PercentHandWorked() {
        let s = Stepper(quiet())
        s.script(Array(repeating: .c2, count: 40) + Array(repeating: .d0, count: 3))
        s.sentences(43, at: s.tick(monday, 9))
        let r = s.run(auditEvery: 1)
        XCTAssertEqual(s.problems, [])
        let b = Book(r)
        XCTAssertEqual(b["caseload", .practitioner, "1-T1-PO-1"][0], 39)
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PO-1"][0], 37 * 63 + 2 * 29)
        XCTAssertEqual(b["available_points", .practitioner, "1-T1-PO-1"][0], 2176)
        XCTAssertEqual(b["capacity_pct", .practitioner, "1-T1-PO-1"][0], 2389.0 / 2176 * 100, accuracy: 1e-9)
        XCTAssertEqual(b["unallocated"], [4, 4, 4, 4])
        XCTAssertEqual(b["allocations"], [39, 0, 0, 0])
        XCTAssertEqual(b["caseload"], [43, 43, 43, 43])
        XCTAssertEqual(b["practitioners_over_100"][0], 1)
        XCTAssertEqual(b["practitioners_over_110"][0], 0)
    }

    /// With a 100% cap, ⌊2176 / 63⌋ = 34 C2 cases fit (2142); an
    /// allocation-cap lever raising it to 110% lets three more in (2331).
    func testCapOf100PercentThenACapLever() {
        var spec = quiet()
        spec.allocation.capPercent = 100
        spec.levers = [Lever(date: monday.adding(days: 9), change: .allocationCap(110))]   // Wednesday of week 2
        let s = Stepper(spec)
        s.sentences(40, at: s.tick(monday, 9))
        let r = s.run(auditEvery: 1)
        XCTAssertEqual(s.problems, [])
        let b = Book(r)
        XCTAssertEqual(b["caseload", .practitioner, "1-T1-PO-1"], [34, 37, 37, 37])
        XCTAssertEqual(b["unallocated"], [6, 3, 3, 3])
        XCTAssertEqual(b["workload_points", .team, "Toy team"], [2142, 2331, 2331, 2331])
    }

    /// A stochastic world where demand outruns capacity and nothing raises a
    /// workload except an allocation (community cases only, no tier changes,
    /// no reports): no snapshot ever shows anyone above the cap, and the
    /// queue grows.
    func testNobodyIsTakenAboveTheCapInAnySnapshot() {
        var spec = Fixtures.threePDUs(staff: [.po: 2, .pso: 2, .pqip: 1, .spo: 1],
                                      sentencesPerWeek: [1: 14, 2: 10, 3: 8], days: 273)
        spec.cases.communityLengthDays = .constant(400)
        for cap in [110.0, 95.0] {
            spec.allocation.capPercent = cap
            let r = ProbationModel(spec: spec, replication: 0).run()
            let table = PointsTable.hmppsDefault
            var rows = 0
            for row in r.wmtSnapshots {
                let available = table.availablePoints(grade: row.grade, contractedHours: row.contractedHours,
                                                      reductionHours: row.reductionHours)
                let pct = Double(table.workloadPoints(of: row.caseload)) / Double(available) * 100
                XCTAssertLessThanOrEqual(pct, cap, "\(row.practitioner) on \(row.date)")
                rows += 1
            }
            XCTAssertEqual(rows, 39 * 5 * 5)    // 39 dates × 5 teams × 5 holders
            let b = Book(r)
            XCTAssertEqual(b["practitioners_over_110"].max(), 0)
            XCTAssertGreaterThan(b["unallocated"].last!, 300, "demand outruns capacity, so cases wait")
            XCTAssertGreaterThan(b["capacity_pct"].last!, cap - 10, "the teams are nearly full")
        }
    }

    // MARK: what each grade may hold

    /// B2 cases go to the PO even though the PSOs have far lower capacity; C2
    /// cases go to the PSOs (lowest capacity, ties to the earlier).
    func testPSOsNeverGetHighRiskCases() {
        let s = Stepper(quiet(po: 1, pso: 2))
        s.script(Array(repeating: .b2, count: 6) + Array(repeating: .c2, count: 4))
        s.sentences(10, at: s.tick(monday, 9))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        // Highest tier first: the six B2s (to the PO: 6 × 115 = 690 = 31.7%), then the C2s to the PSOs in turn.
        XCTAssertEqual(b["caseload", .practitioner, "1-T1-PO-1"][0], 6)
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PO-1"][0], 690)
        XCTAssertEqual(b["caseload", .practitioner, "1-T1-PSO-1"][0], 2)
        XCTAssertEqual(b["caseload", .practitioner, "1-T1-PSO-2"][0], 2)
    }

    /// In a stochastic world with the whole tier range, PSOs hold no A or B
    /// case and PQiPs no A case in any snapshot, and SPOs hold nothing.
    func testGradeRulesHoldInEverySnapshot() {
        var spec = Fixtures.threePDUs(days: 182)
        spec.cases.tierMix = Fixtures.mix([.a3: 1, .a1: 1, .b3: 2, .b1: 2, .c2: 3, .c0: 2, .d2: 2, .d0: 2])
        spec.cases.custodyShare = 0.3
        spec.cases.custodyTimeToServeDays = .uniform(lower: 30, upper: 700)
        spec.outputs.levels.insert(.practitioner)
        let s = Stepper(spec)
        let r = s.run(auditEvery: 3)
        XCTAssertEqual(s.problems, [])
        var held: [Grade: Int] = [:]
        for row in r.wmtSnapshots {
            XCTAssertNotEqual(row.grade, .spo, "SPOs hold nothing, so have no snapshot row")
            if row.grade == .pso {
                XCTAssertEqual(row.cases(riskLetter: "A") + row.cases(riskLetter: "B"), 0, row.practitioner)
            }
            if row.grade == .pqip {
                XCTAssertEqual(row.cases(riskLetter: "A"), 0, row.practitioner)
                XCTAssertLessThanOrEqual(row.casesHeld, 20, row.practitioner)
            }
            held[row.grade, default: 0] += row.casesHeld
        }
        XCTAssertGreaterThan(held[.pso] ?? 0, 0)
        XCTAssertGreaterThan(held[.pqip] ?? 0, 0)
        let b = Book(r)
        for name in ["1-T1-SPO-1", "2-T2-SPO-1", "3-T1-SPO-1"] {
            XCTAssertEqual(Set(b["caseload", .practitioner, name]), [0], name)
        }
    }

    /// A team of one SPO: nothing is ever allocated; every case waits.
    func testSPOsHoldNoCases() {
        let s = Stepper(quiet(po: 0, spo: 1))
        s.sentences(5, at: s.tick(monday, 9))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["unallocated"], [5, 5, 5, 5])
        XCTAssertEqual(b["allocations"], [0, 0, 0, 0])
        XCTAssertEqual(b["caseload", .practitioner, "1-T1-SPO-1"], [0, 0, 0, 0])
        XCTAssertEqual(b["staff_in_post_spo"], [1, 1, 1, 1])
        XCTAssertEqual(b["available_points"], [0, 0, 0, 0], "SPOs have no available points (default hours 0)")
        XCTAssertEqual(b["workload_points"], [0, 0, 0, 0])
    }

    /// A PQiP (37 h less 22.2 h reduction: ⌊2176 × 14.8 / 37⌋ = 870 available
    /// points) takes D0 cases (29 points; 33 would fit under 110%) up to the
    /// protected 20, and no further.
    func testPQiPProtectedCaseload() {
        let s = Stepper(quiet(po: 0, pqip: 1, tier: .d0))
        s.sentences(25, at: s.tick(monday, 9))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["available_points", .practitioner, "1-T1-PQiP-1"][0], 870)
        XCTAssertEqual(b["caseload", .practitioner, "1-T1-PQiP-1"][0], 20)
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PQiP-1"][0], 20 * 29)
        XCTAssertEqual(b["unallocated"][0], 5)
        // A PQiP may not hold risk A: an A3 case waits.
        let a = Stepper(quiet(po: 0, pqip: 1, tier: .a3))
        a.sentences(1, at: a.tick(monday, 9))
        XCTAssertEqual(Book(a.run())["unallocated"], [1, 1, 1, 1])
    }

    // MARK: queue order

    /// One PO filled to 2171 points (34 C2 + 1 D0) has 222.6 points of
    /// headroom: room for an A3 (206) or a D0 (29) but not both. Highest tier
    /// first takes the A3 although the D0 is older; oldest first the D0.
    func testQueueOrder() {
        for order in AllocationSpec.QueueOrder.allCases {
            var spec = quiet()
            spec.allocation.queueOrder = order
            let s = Stepper(spec)
            s.script(Array(repeating: .c2, count: 34) + [.d0, .d0, .a3])
            s.sentences(35, at: s.tick(monday, 9))         // allocated on Tuesday
            s.sentence(at: s.tick(tuesday, 12))            // D0, then
            s.sentence(at: s.tick(tuesday, 13))            // A3; both ready on Wednesday
            let b = Book(s.run(auditEvery: 1))
            XCTAssertEqual(s.problems, [])
            let expected = order == .highestTierFirst ? 2171.0 + 206 : 2171.0 + 29
            XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PO-1"][0], expected, order.rawValue)
            XCTAssertEqual(b["caseload_tier_A3"][0], 1)
            XCTAssertEqual(b["unallocated"][0], 1)
        }
    }

    // MARK: policies

    /// Two full-time POs (2176 points) and two half-time (18.5 h: 1088); C2
    /// cases only, none ending, capacity ample. Lowest capacity first keeps
    /// every snapshot's capacities within one case's increment of each other
    /// (at most 63 / 1088 = 5.79 points of %: each case goes to the current
    /// minimum). Round robin ignores workload: case counts stay within one of
    /// each other, so the half-timers run at twice the others' capacity, and its
    /// highest capacity is above lowest-capacity's.
    func testLowestCapacityVersusRoundRobin() {
        func spec(_ policy: String) -> ModelSpec {
            var s = Fixtures.toy(po: 0, pso: 0, spo: 0, sentencesPerWeek: 3, days: 91, tier: .c2, communityDays: 5000)
            s.organisation.regions[0].pdus[0].teams = [
                TeamSpec(name: "Full", staff: [.po: 2]),
                TeamSpec(name: "Part", staff: [.po: 2], contractedHours: [.po: 18.5]),
            ]
            s.allocation.policy = policy
            return s
        }
        let names = ["1-T1-PO-1", "1-T1-PO-2", "1-T2-PO-1", "1-T2-PO-2"]
        let lowest = ProbationModel(spec: spec("lowest-capacity"), replication: 0).run()
        let robin = ProbationModel(spec: spec("round-robin"), replication: 0).run()
        let lb = Book(lowest), rb = Book(robin)
        XCTAssertEqual(lb["available_points", .practitioner, "1-T2-PO-1"][0], 1088)
        XCTAssertEqual(lb["arrivals"], rb["arrivals"], "both see the same sentences")
        let increment = 63.0 / 1088 * 100
        for j in lb.dates.indices {
            let caps = names.map { lb["capacity_pct", .practitioner, $0][j] }
            XCTAssertLessThanOrEqual(caps.max()! - caps.min()!, increment + 1e-9, "lowest capacity on \(lb.dates[j])")
            let counts = names.map { rb["caseload", .practitioner, $0][j] }
            XCTAssertLessThanOrEqual(counts.max()! - counts.min()!, 1, "round robin on \(rb.dates[j])")
        }
        let last = lb.dates.count - 1
        let lowestMax = names.map { lb["capacity_pct", .practitioner, $0][last] }.max()!
        let robinMax = names.map { rb["capacity_pct", .practitioner, $0][last] }.max()!
        XCTAssertGreaterThan(lb["caseload"][last], 30)
        XCTAssertGreaterThan(robinMax, lowestMax)
        // The same total workload either way.
        XCTAssertEqual(lb["workload_points"][last], rb["workload_points"][last])
    }

    /// Round robin goes through the eligible practitioners in index order,
    /// wrapping, skipping those who may not hold the case.
    func testRoundRobinTurnOrder() {
        var spec = quiet(po: 2, pso: 1)
        spec.allocation.policy = "round-robin"
        spec.allocation.queueOrder = .oldestFirst
        let s = Stepper(spec)
        // Practitioners 0 PO-1, 1 PO-2, 2 PSO-1. C2 → PO-1; C2 → PO-2; B2 (candidates PO-1, PO-2;
        // none after PO-2) wraps to PO-1; C2 → the next after PO-1, PO-2; C2 → PSO-1.
        s.script([.c2, .c2, .b2, .c2, .c2])
        s.sentences(5, at: s.tick(monday, 9))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PO-1"][0], 63 + 115)
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PO-2"][0], 63 + 63)
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PSO-1"][0], 63)
    }

    /// Every registered policy name makes a policy; unknown names do not.
    func testPolicyRegistry() {
        XCTAssertEqual(AllocationPolicies.names, ["lowest-capacity", "fewest-cases", "round-robin", "best-fit-by-tier",
                                                  "keep-within-team", "continuity-first", "random"])
        for name in AllocationPolicies.names { XCTAssertNotNil(AllocationPolicies.make(name), name) }
        XCTAssertNil(AllocationPolicies.make("nobody"))
    }
}
