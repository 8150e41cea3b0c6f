// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Output dates and cadences, the headline, court reports, excessive
/// workload, and the queue when cases end or change type while waiting or held.
final class ModelOutputTests: XCTestCase {
    let start = Fixtures.start
    func d(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// Weekly: every 7 days from the start, plus the last day; monthly: the
    /// first of each month, plus the last day. Snapshot dates: every output,
    /// the first output of each month or quarter plus the last, the last only,
    /// or none.
    func testOutputAndSnapshotDates() {
        var spec = Fixtures.toy(days: 100)
        let cal = SimulationCalendar(epoch: start)
        let weekly = ProbationModel.outputDates(spec: spec, calendar: cal)
        XCTAssertEqual(weekly.count, 15)
        XCTAssertEqual(weekly.first, d("2021-07-05"))
        XCTAssertEqual(weekly[13], d("2021-10-04"))
        XCTAssertEqual(weekly.last, d("2021-10-06"), "the last day of the horizon")
        spec.outputs.cadence = .monthly
        let monthly = ProbationModel.outputDates(spec: spec, calendar: cal)
        XCTAssertEqual(monthly, ["2021-07-01", "2021-08-01", "2021-09-01", "2021-10-01", "2021-10-06"].map(d))
        spec.outputs.cadence = .weekly
        func snaps(_ c: OutputSpec.SnapshotCadence) -> [CivilDate] {
            spec.outputs.wmtSnapshot = c
            return ProbationModel.snapshotDates(spec: spec, outputDates: weekly).sorted()
        }
        XCTAssertEqual(snaps(.everyOutput), weekly)
        XCTAssertEqual(snaps(.monthly), ["2021-07-05", "2021-08-02", "2021-09-06", "2021-10-04", "2021-10-06"].map(d))
        XCTAssertEqual(snaps(.quarterly), ["2021-07-05", "2021-10-04", "2021-10-06"].map(d))
        XCTAssertEqual(snaps(.final), [d("2021-10-06")])
        XCTAssertEqual(snaps(.none), [])
    }

    /// Output cadence does not change the simulation: monthly flows add up to
    /// the weekly ones over the same horizon, and the final stock is the same.
    func testCadenceDoesNotChangeTheRun() {
        var spec = ModelDeterminismTests.busy(days: 120)
        spec.outputs.levels = [.national, .pdu]
        let weekly = ProbationModel(spec: spec, replication: 0).run()
        spec.outputs.cadence = .monthly
        let monthly = ProbationModel(spec: spec, replication: 0).run()
        let w = Book(weekly), m = Book(monthly)
        XCTAssertEqual(w.dates.last, m.dates.last)
        for metric in ["arrivals", "terminations", "allocations", "reallocations", "court_reports", "joiners", "leavers"] {
            XCTAssertEqual(w[metric].reduce(0, +), m[metric].reduce(0, +), metric)
        }
        for metric in Metrics.stock + ["unallocated"] {
            XCTAssertTrue(sameValues([w[metric].last!], [m[metric].last!]), metric)
        }
        XCTAssertEqual(weekly.events - w.dates.count, monthly.events - m.dates.count, "the same events but for outputs")
    }

    /// The headline: national end-of-run stock, and over-the-run flows
    /// (allocation-weighted means of the weekly means).
    func testHeadlineAgreesWithTheSeries() {
        let r = ModelConservationTests.run
        let b = ModelConservationTests.book
        let head = Dictionary(uniqueKeysWithValues: r.headline.map { ($0.name, $0.value) })
        for m in ["caseload", "unallocated", "capacity_pct", "practitioners_over_110", "excessive_workload", "staff_in_post"] {
            XCTAssertEqual(head[m], b[m].last, m)
        }
        let n = b["allocations"]
        XCTAssertEqual(head["allocations"], n.reduce(0, +))
        XCTAssertEqual(head["reallocations"], b["reallocations"].reduce(0, +))
        func weighted(_ metric: String) -> Double {
            zip(n, b[metric]).reduce(0.0) { $0 + ($1.0 > 0 ? $1.0 * $1.1 : 0) } / n.reduce(0, +)
        }
        XCTAssertEqual(head["mean_days_to_allocation"]!, weighted("mean_days_to_allocation"), accuracy: 1e-9)
        // Within the target: weighted by the cases whose target fell due in each period.
        let due = b["allocation_target_due"]
        let within = zip(due, b["allocated_within_5wd_pct"]).reduce(0.0) { $0 + ($1.0 > 0 ? $1.0 * $1.1 : 0) }
        XCTAssertEqual(head["allocated_within_5wd_pct"]!, within / due.reduce(0, +), accuracy: 1e-9)
        // Every first allocation has fallen due (in its period or earlier, if it waited past the target).
        XCTAssertGreaterThanOrEqual(due.reduce(0, +), n.reduce(0, +))
    }

    /// Reports go to the writer with the lowest capacity (ties to the
    /// earlier), count 138 points (SDR) or 65 (FDR) for 30 days, and SPOs
    /// write none. Three SDRs on Monday 28 June (9:00, 9:01, 9:02) for a PO,
    /// a PSO and an SPO: PO 138 + 138 (PO, PSO, then the PO again: 138 / 2176
    /// = PSO's 138 / 2176, tie to the earlier), PSO 138. They end on 28 July,
    /// 30 days on; an FDR on 2 August counts 65.
    func testCourtReportsHandWorked() {
        var spec = Fixtures.toy(po: 1, pso: 1, spo: 1, sentencesPerWeek: 0, days: 42)
        spec.demand.fastReportShare = 0
        let s = Stepper(spec)
        for k in 0..<3 { s.model.engine.schedule(.report(pdu: 0), at: s.tick(start, 9, k), priority: .arrival) }
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["court_reports"], [3, 0, 0, 0, 0, 0])
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PO-1"], [276, 276, 276, 276, 0, 0])
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-PSO-1"], [138, 138, 138, 138, 0, 0])
        XCTAssertEqual(b["workload_points", .practitioner, "1-T1-SPO-1"], [0, 0, 0, 0, 0, 0])
        let row = s.model.result().wmtSnapshots.first { $0.practitioner == "1-T1-PO-1" }!
        XCTAssertEqual(row.caseload.sdrCount, 2)
        XCTAssertEqual(row.caseload.fdrCount, 0)
        XCTAssertEqual(s.model.practitioners.reduce(0) { $0 + $1.caseload.sdrCount }, 0, "all ended")

        spec.demand.fastReportShare = 1
        let f = Stepper(spec)
        f.model.engine.schedule(.report(pdu: 0), at: f.tick(d("2021-08-02"), 9), priority: .arrival)
        let fb = Book(f.run(auditEvery: 1))
        XCTAssertEqual(fb["workload_points", .practitioner, "1-T1-PO-1"], [0, 0, 0, 0, 0, 65])
        XCTAssertEqual(fb["workload_points"], [0, 0, 0, 0, 0, 65], "SPOs hold no workload")
    }

    /// Excessive workload: over 110% at four consecutive weekly checks. One
    /// PO given 42 C2 cases of initial stock (2646 points, 121.6%; the stock
    /// ignores the cap) is over 110% from the first check, and excessive from
    /// the fourth (day 28).
    func testExcessiveWorkloadAfterFourWeeklyChecks() {
        var spec = Fixtures.toy(po: 1, pso: 0, spo: 0, sentencesPerWeek: 0, days: 42, communityDays: 5000)
        spec.initialCaseload = InitialCaseloadSpec(total: 42, typeShares: [.community: 1], pduWeights: [1: 1])
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        XCTAssertEqual(b["practitioners_over_110"], [1, 1, 1, 1, 1, 1])
        XCTAssertEqual(b["excessive_workload"], [0, 0, 0, 1, 1, 1])
        XCTAssertGreaterThan(b["capacity_pct"].last!, 110)
        XCTAssertEqual(b["allocations"].reduce(0, +), 0)
    }

    /// Nobody may hold the cases (an SPO-only team), and they end 14 days
    /// after sentence (two output weeks): unallocated on each date is exactly
    /// the arrivals of that week and the one before; case slots are reused
    /// while stale queue entries remain.
    func testCasesEndingWhileWaiting() {
        let spec = Fixtures.toy(po: 0, pso: 0, spo: 1, sentencesPerWeek: 20, days: 182, communityDays: 14)
        let s = Stepper(spec)
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        let a = b["arrivals"]
        for j in a.indices {
            XCTAssertEqual(b["unallocated"][j], a[j] + (j > 0 ? a[j - 1] : 0), "\(b.dates[j])")
            XCTAssertEqual(b["terminations"][j], j > 1 ? a[j - 2] : 0)
        }
        XCTAssertLessThan(s.model.cases.count, Int(a.reduce(0, +)) / 4, "ended cases' slots are reused")
    }

    /// A grade that may not hold licence cases (PSOs here): when a custody
    /// case a PSO holds is released onto licence, the PSO gives it up and a PO
    /// takes it.
    func testReleaseBeyondTheHoldersGrade() {
        var spec = Fixtures.toy(po: 4, pso: 4, spo: 0, sentencesPerWeek: 8, days: 364, custodyShare: 1)
        spec.grades[.pso] = GradeRules(holdsCases: true, riskLetters: ["C", "D"], caseTypes: [.community, .custody])
        let s = Stepper(spec)
        let r = s.run(auditEvery: 1)
        XCTAssertEqual(s.problems, [])
        for row in r.wmtSnapshots where row.grade == .pso {
            XCTAssertEqual(row.caseload.cases(of: .licence), 0, "\(row.practitioner) on \(row.date)")
        }
        XCTAssertGreaterThan(r.wmtSnapshots.filter { $0.grade == .pso }.map { $0.caseload.cases(of: .custody) }.max()!, 0)
        XCTAssertGreaterThan(Book(r)["reallocations"].reduce(0, +), 40)
    }

    /// A practitioner whose reductions take all their hours (37 of 37) has no
    /// available points and holds nothing: they have no capacity figure, so
    /// they are not over 100% or 110%, nor excessive; the PO beside them,
    /// holding 10 C2 cases (630 of 2176 points), is at 29%.
    func testNoAvailablePointsIsNotOverCapacity() {
        var spec = Fixtures.toy(po: 0, pso: 0, spo: 0, sentencesPerWeek: 0, days: 42, communityDays: 5000)
        spec.organisation.regions[0].pdus[0].teams = [
            TeamSpec(name: "Toy team", staff: [.po: 1, .pso: 1], reductionHours: [.pso: 37]),
        ]
        let s = Stepper(spec)
        s.sentences(10, at: s.tick(start, 9))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["available_points", .practitioner, "1-T1-PSO-1"], [0, 0, 0, 0, 0, 0])
        XCTAssertTrue(b["capacity_pct", .practitioner, "1-T1-PSO-1"].allSatisfy(\.isNaN))
        XCTAssertEqual(b["caseload", .practitioner, "1-T1-PO-1"], [10, 10, 10, 10, 10, 10])
        XCTAssertEqual(b["practitioners_over_100"], [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(b["practitioners_over_110"], [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(b["excessive_workload"], [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(b["capacity_pct"][0], 630.0 / 2176 * 100, accuracy: 1e-9)
    }

    /// Rows are in output order — by date, then entity, then metric — with
    /// no repeats, including for practitioners who join mid-run (a staff lever,
    /// replacements) and who leave; every (date, entity) has its level's full
    /// set of metrics; an entity first appears on its first output date.
    func testRowOrderAndCompleteness() {
        var spec = ModelDeterminismTests.busy(days: 140)
        spec.workforce.leavingRatePerYear = [.po: 2, .pso: 2, .pqip: 2]
        spec.workforce.recruitmentLeadTimeDays = 21
        spec.levers = [Lever(date: start.adding(days: 40), change: .staff(.pso, 4, .national))]
        spec.outputs.tierBreakdownBelowNational = true
        let t = ProbationModel(spec: spec, replication: 0).run().timeSeries
        var previous: (Int32, Int32, Int16) = (-1, -1, -1)
        var metricsOf: [Int: Set<Int16>] = [:]   // date × entity → metrics
        var firstDate: [Int32: Int32] = [:]
        for i in 0..<t.rowCount {
            let key = (t.dateIndex[i], t.entity[i], t.metric[i])
            XCTAssertTrue(key > previous, "row \(i) out of order")
            previous = key
            metricsOf[Int(key.0) * 100_000 + Int(key.1), default: []].insert(key.2)
            if firstDate[key.1] == nil { firstDate[key.1] = key.0 }
        }
        let index = Dictionary(uniqueKeysWithValues: t.metrics.enumerated().map { ($1, Int16($0)) })
        func ids(_ names: [String]) -> Set<Int16> { Set(names.map { index[$0]! }) }
        let expected: [OutputSpec.Level: Set<Int16>] = [
            .national: ids(Metrics.stock + Metrics.flows + Metrics.pressure + Metrics.tiers),
            .region: ids(Metrics.stock + Metrics.flows + Metrics.pressure + Metrics.tiers),
            .pdu: ids(Metrics.stock + Metrics.flows + Metrics.pressure + Metrics.tiers),
            .team: ids(Metrics.stock),
            .practitioner: ids(Metrics.practitioner),
        ]
        for (key, metrics) in metricsOf {
            let e = t.entities[key % 100_000]
            XCTAssertEqual(metrics, expected[e.level], "\(e.name)")
        }
        // Joiners are registered when they first appear, in order.
        let practitioners = t.entities.indices.filter { t.entities[$0].level == .practitioner }
        XCTAssertGreaterThan(practitioners.count, 45 + 4 + 10)
        let firsts = practitioners.map { firstDate[Int32($0)]! }
        XCTAssertEqual(firsts, firsts.sorted(), "entities are registered in the order they first appear")
        XCTAssertGreaterThan(Set(firsts).count, 5, "practitioners joined on several dates")
    }
}
