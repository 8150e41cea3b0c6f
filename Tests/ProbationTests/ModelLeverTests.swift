// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Levers: changes on a date to staff, inflow, points, the cap and the policy.
final class ModelLeverTests: XCTestCase {
    let start = Fixtures.start

    /// +3 POs nationally on day 100 (not an output date) go to the teams in
    /// turn (One A, One B, Two A); +2 PSOs in PDU 2 on day 140 (an output
    /// date, applied before that date's output) go to Two A and Two B. Staff in
    /// post rises by exactly those numbers from the first output on or after
    /// each date, and the joiners appear as practitioner entities from then.
    func testStaffLeverAddsPractitionersFromItsDate() {
        var spec = Fixtures.threePDUs(days: 210)
        spec.outputs.levels.insert(.practitioner)
        spec.levers = [Lever(date: start.adding(days: 100), change: .staff(.po, 3, .national)),
                       Lever(date: start.adding(days: 140), change: .staff(.pso, 2, .pdu(2)))]
        let s = Stepper(spec)
        let b = Book(s.run(auditEvery: 7))
        XCTAssertEqual(s.problems, [])
        let firstPO = b.index(of: start.adding(days: 105))!, firstPSO = b.index(of: start.adding(days: 140))!
        for j in b.dates.indices {
            XCTAssertEqual(b["staff_in_post_po"][j], 20 + (j >= firstPO ? 3 : 0), "\(b.dates[j])")
            XCTAssertEqual(b["staff_in_post_pso"][j], 15 + (j >= firstPSO ? 2 : 0), "\(b.dates[j])")
            XCTAssertEqual(b["staff_in_post"][j], 45 + (j >= firstPO ? 3 : 0) + (j >= firstPSO ? 2 : 0))
            for (team, extra) in [("One A", 1.0), ("One B", 1), ("Two A", 1), ("Two B", 0), ("Three A", 0)] {
                XCTAssertEqual(b["staff_in_post_po", .team, team][j], 4 + (j >= firstPO ? extra : 0), team)
            }
            for (team, extra) in [("Two A", 1.0), ("Two B", 1), ("One A", 0)] {
                XCTAssertEqual(b["staff_in_post_pso", .team, team][j], 3 + (j >= firstPSO ? extra : 0), team)
            }
            XCTAssertEqual(b["joiners"][j], j == firstPO ? 3 : j == firstPSO ? 2 : 0)
        }
        // Joiners' outputs start at their first output date; before it they have none.
        for name in ["1-T1-PO-5", "1-T2-PO-5", "2-T1-PO-5"] {
            let c = b["caseload", .practitioner, name]
            XCTAssertEqual(c.count, b.dates.count, name)
            XCTAssertTrue(c[..<firstPO].allSatisfy(\.isNaN), name)
            XCTAssertTrue(c[firstPO...].allSatisfy { !$0.isNaN }, name)
            XCTAssertEqual(b["available_points", .practitioner, name][firstPO], 2176)
            XCTAssertGreaterThan(c.last!, 0, "\(name) is given cases (lowest capacity first)")
        }
        XCTAssertTrue(b["caseload", .practitioner, "2-T2-PSO-4"][firstPSO...].allSatisfy { !$0.isNaN })
        XCTAssertFalse(b.has(.practitioner, "3-T1-PO-5"))
    }

    /// Inflow ×2 from day 182 in a 40-a-week PDU: 26 weeks at 40 then 26 at 80,
    /// so Poisson totals of mean 1040 (sd 32) and 2080 (sd 46); each within 4
    /// sd, for three seeds.
    func testInflowScaleDoublesArrivals() {
        for seed: UInt64 in [1, 2, 3] {
            var spec = Fixtures.toy(po: 0, pso: 0, spo: 0, sentencesPerWeek: 40, days: 364, communityDays: 30)
            spec.seed = seed
            spec.outputs.levels = [.national]
            spec.outputs.wmtSnapshot = .none
            spec.levers = [Lever(date: start.adding(days: 182), change: .inflowScale(2, .national))]
            let a = Book(ProbationModel(spec: spec, replication: 0).run())["arrivals"]
            let before = a[..<26].reduce(0, +), after = a[26...].reduce(0, +)
            XCTAssertEqual(before, 1040, accuracy: 4 * 1040.0.squareRoot(), "seed \(seed)")
            XCTAssertEqual(after, 2080, accuracy: 4 * 2080.0.squareRoot(), "seed \(seed)")
        }
    }

    /// A lever scoped to one PDU or one region changes only that inflow; the
    /// other PDUs' arrivals are identical to a run without it (their sentence
    /// streams are their own).
    func testScopedInflowLever() {
        let base = Fixtures.threePDUs(sentencesPerWeek: [1: 20, 2: 20, 3: 20], days: 182)
        let plain = Book(ProbationModel(spec: base, replication: 0).run())
        for (scope, changed) in [(Scope.pdu(2), "PDU two"), (.region("B"), "PDU three")] {
            var spec = base
            spec.levers = [Lever(date: start.adding(days: 91), change: .inflowScale(3, scope))]
            let b = Book(ProbationModel(spec: spec, replication: 0).run())
            for pdu in ["PDU one", "PDU two", "PDU three"] {
                let a = b["arrivals", .pdu, pdu], p = plain["arrivals", .pdu, pdu]
                XCTAssertEqual(a[..<13], p[..<13], "\(pdu): the same before the lever")
                if pdu == changed {
                    // 13 weeks at 60 a week: mean 780, sd 28.
                    XCTAssertEqual(a[13...].reduce(0, +), 780, accuracy: 4 * 780.0.squareRoot(), pdu)
                } else {
                    XCTAssertEqual(a, p, "\(pdu): untouched by a lever scoped elsewhere")
                }
            }
        }
    }

    /// Growth of 100% a year doubles the rate over a year (applied month by
    /// month): the second year's arrivals are twice the first's, within 4 sd of
    /// the ratio of two Poisson totals (about 3000 and 6000: sd 0.045).
    func testGrowthPerYear() {
        var spec = Fixtures.toy(po: 0, pso: 0, spo: 0, sentencesPerWeek: 40, days: 728, communityDays: 7)
        spec.demand.growthPerYear = 1
        spec.outputs.levels = [.national]
        spec.outputs.wmtSnapshot = .none
        let a = Book(ProbationModel(spec: spec, replication: 0).run())["arrivals"]
        let first = a[..<52].reduce(0, +), second = a[52...].reduce(0, +)
        // The first year: 40 × 52.18 = 2087 a year at the start, × 1/ln 2 continuously (3011), or
        // × Σ 2^(m/12) / 12 = 1.4015 with each month's rate taken at its start (2925); ± 4 sd of 55.
        XCTAssertGreaterThan(first, 2925 - 220)
        XCTAssertLessThan(first, 3011 + 220)
        XCTAssertEqual(second / first, 2, accuracy: 4 * 2 * (1 / first + 1 / second).squareRoot())
    }

    /// Monthly factors: a factor of 0 for July leaves the three output weeks
    /// wholly inside July (ending 12, 19 and 26 July) with no arrivals.
    func testMonthlyFactors() {
        var spec = Fixtures.toy(po: 0, pso: 0, spo: 0, sentencesPerWeek: 40, days: 70, communityDays: 30)
        spec.demand.monthlyFactors = [1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1]
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        for j in b.dates.indices {
            let inJuly = ["2021-07-12", "2021-07-19", "2021-07-26"].contains(b.dates[j].description)
            if inJuly { XCTAssertEqual(b["arrivals"][j], 0, "\(b.dates[j])") } else { XCTAssertGreaterThan(b["arrivals"][j], 0, "\(b.dates[j])") }
        }
    }

    /// A new points table on day 140 (an output date) doubling every case and
    /// report weighting: workload on that date is exactly twice the snapshot's
    /// caseloads weighed with the old table, and available points are
    /// unchanged. The same table given as a dated `pointsTables` entry instead
    /// of a lever gives the same run. A table with halved nominal targets
    /// halves available points: a team of 4 POs, 3 PSOs (1088 each) and a
    /// PQiP (⌊1088 × 14.8/37⌋ = 435) has 8051.
    func testPointsTableChangesWorkloadByWMTArithmetic() {
        var spec = Fixtures.threePDUs(days: 168)
        spec.demand.reportsPerWeek = [1: 4, 2: 4, 3: 4]
        let doubled = Fixtures.scaled(.hmppsDefault, by: 2)
        let day = start.adding(days: 140)
        var byLever = spec
        byLever.levers = [Lever(date: day, change: .points(doubled))]
        var byTable = spec
        byTable.pointsTables.append(Dated(day, doubled))
        let r = ProbationModel(spec: byLever, replication: 0).run()
        let b = Book(r)
        let j = b.index(of: day)!
        let rows = r.wmtSnapshots.filter { $0.date == day }
        let oldWeights = rows.reduce(0) { $0 + PointsTable.hmppsDefault.workloadPoints(of: $1.caseload) }
        XCTAssertGreaterThan(oldWeights, 10_000)
        XCTAssertEqual(b["workload_points"][j], Double(2 * oldWeights))
        XCTAssertEqual(b["available_points"][j], b["available_points"][j - 1])
        let previous = r.wmtSnapshots.filter { $0.date == b.dates[j - 1] }
        XCTAssertEqual(b["workload_points"][j - 1], Double(previous.reduce(0) { $0 + PointsTable.hmppsDefault.workloadPoints(of: $1.caseload) }))
        let t = ProbationModel(spec: byTable, replication: 0).run()
        XCTAssertTrue(sameValues(t.timeSeries.value, r.timeSeries.value), "a dated table and a points lever are the same change")

        var halved = PointsTable.hmppsDefault
        halved.nominalTargetPO = 1088
        halved.nominalTargetPSO = 1088
        var h = spec
        h.levers = [Lever(date: day, change: .points(halved))]
        let hb = Book(ProbationModel(spec: h, replication: 0).run())
        XCTAssertEqual(hb["available_points", .team, "One A"][j - 1], 4 * 2176 + 3 * 2176 + 870)
        XCTAssertEqual(hb["available_points", .team, "One A"][j], 4 * 1088 + 3 * 1088 + 435)
        XCTAssertEqual(hb["available_points"][j], 5 * 8051)
    }

    /// Two POs; Monday's three cases go PO-1, PO-2, PO-1 (lowest capacity,
    /// ties to the earlier). A policy lever to round robin on Wednesday: the
    /// case waiting for Wednesday's meeting goes to PO-1 (round robin starts
    /// afresh), where lowest capacity would have given it to PO-2.
    func testPolicyLever() {
        func run(_ levers: [Lever]) -> Book {
            var spec = Fixtures.toy(po: 2, pso: 0, spo: 0, sentencesPerWeek: 0, days: 7, communityDays: 5000)
            spec.levers = levers
            let s = Stepper(spec)
            s.sentences(3, at: s.tick(start, 9))
            s.sentence(at: s.tick(start.adding(days: 1), 12))
            return Book(s.run(auditEvery: 1))
        }
        let lowest = run([])
        let robin = run([Lever(date: start.adding(days: 2), change: .allocationPolicy("round-robin"))])
        XCTAssertEqual(lowest["caseload", .practitioner, "1-T1-PO-1"], [2])
        XCTAssertEqual(lowest["caseload", .practitioner, "1-T1-PO-2"], [2])
        XCTAssertEqual(robin["caseload", .practitioner, "1-T1-PO-1"], [3])
        XCTAssertEqual(robin["caseload", .practitioner, "1-T1-PO-2"], [1])
    }
}
