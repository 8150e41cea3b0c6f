// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Same inputs, same outputs; and common random numbers: a change to one
/// thing leaves the random numbers of everything else alone.
final class ModelDeterminismTests: XCTestCase {
    /// A world with every source of randomness in play.
    static func busy(days: Int = 182) -> ModelSpec {
        var s = Fixtures.threePDUs(days: days)
        s.cases.custodyShare = 0.35
        s.cases.custodyTimeToServeDays = .lognormal(mean: 300, sd: 200)
        s.cases.earlyAllocationShare = 0.1
        s.cases.tierChangesPerYear = 1
        s.demand.reportsPerWeek = [1: 3, 2: 2, 3: 2]
        s.workforce = WorkforceSpec(leavingRatePerYear: [.po: 0.3, .pso: 0.3], replaceLeavers: true, recruitmentLeadTimeDays: 60)
        s.initialCaseload = InitialCaseloadSpec(total: 300, typeShares: [.community: 0.6, .licence: 0.3, .custody: 0.1],
                                                pduWeights: [1: 2, 2: 1, 3: 1])
        s.outputs.levels.insert(.practitioner)
        return s
    }

    func assertIdentical(_ a: ReplicationResult, _ b: ReplicationResult, _ what: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        let x = a.timeSeries, y = b.timeSeries
        XCTAssertEqual(x.dates, y.dates, what, file: file, line: line)
        XCTAssertEqual(x.entities, y.entities, what, file: file, line: line)
        XCTAssertEqual(x.metrics, y.metrics, what, file: file, line: line)
        XCTAssertEqual(x.dateIndex, y.dateIndex, what, file: file, line: line)
        XCTAssertEqual(x.entity, y.entity, what, file: file, line: line)
        XCTAssertEqual(x.metric, y.metric, what, file: file, line: line)
        XCTAssertTrue(sameValues(x.value, y.value), "\(what): values differ", file: file, line: line)
        XCTAssertEqual(a.wmtSnapshots.count, b.wmtSnapshots.count, what, file: file, line: line)
        for (s, t) in zip(a.wmtSnapshots, b.wmtSnapshots) {
            XCTAssertTrue(s.date == t.date && s.practitioner == t.practitioner && s.grade == t.grade
                          && s.contractedHours == t.contractedHours && s.reductionHours == t.reductionHours
                          && s.caseload == t.caseload, "\(what): snapshot \(s.practitioner) \(s.date)", file: file, line: line)
        }
        XCTAssertEqual(a.events, b.events, what, file: file, line: line)
        XCTAssertEqual(a.headline.map(\.name), b.headline.map(\.name), what, file: file, line: line)
        XCTAssertTrue(sameValues(a.headline.map(\.value), b.headline.map(\.value)), what, file: file, line: line)
    }

    func testSameSpecTwiceGivesIdenticalResults() {
        let spec = Self.busy()
        let a = ProbationModel(spec: spec, replication: 2).run()
        let b = ProbationModel(spec: spec, replication: 2).run()
        XCTAssertGreaterThan(a.timeSeries.rowCount, 10_000)
        assertIdentical(a, b, "the same spec and replication")
        // Another replication is another sample.
        let c = ProbationModel(spec: spec, replication: 3).run()
        XCTAssertNotEqual(Book(a)["arrivals"], Book(c)["arrivals"])
    }

    /// Replications in parallel give the same results, in the same order, as
    /// one after another.
    func testReplicationsDoNotDependOnJobs() {
        let spec = Self.busy(days: 91)
        let serial = Replications.run(count: 3, jobs: 1) { ProbationModel(spec: spec, replication: $0).run() }
        let parallel = Replications.run(count: 3, jobs: 3) { ProbationModel(spec: spec, replication: $0).run() }
        XCTAssertEqual(serial.map(\.replication), [0, 1, 2])
        XCTAssertEqual(parallel.map(\.replication), [0, 1, 2])
        for (a, b) in zip(serial, parallel) { assertIdentical(a, b, "replication \(a.replication)") }
    }

    /// A staff lever, a cap lever or a different policy change who holds
    /// what, never which cases exist: arrivals in every PDU are identical, and
    /// so (cases are on the caseload whether allocated or not, and their
    /// lengths and tier changes come from their own streams) are the caseload,
    /// its split by type and tier, and terminations. Workload differs.
    func testCommonRandomNumbersAcrossStaffingChanges() {
        let base = Self.busy()
        let a = Book(ProbationModel(spec: base, replication: 0).run())
        var variants: [(String, ModelSpec)] = []
        var more = base
        more.levers = [Lever(date: Fixtures.start.adding(days: 50), change: .staff(.po, 6, .national))]
        variants.append(("staff lever", more))
        var cap = base
        cap.levers = [Lever(date: Fixtures.start.adding(days: 30), change: .allocationCap(60))]
        variants.append(("cap lever", cap))
        var robin = base
        robin.allocation.policy = "round-robin"
        variants.append(("round robin", robin))
        let same = ["arrivals", "caseload", "caseload_community", "caseload_licence", "caseload_custody",
                    "terminations", "court_reports"] + Metrics.tiers
        for (what, spec) in variants {
            let b = Book(ProbationModel(spec: spec, replication: 0).run())
            for pdu in ["PDU one", "PDU two", "PDU three"] {
                for m in same { XCTAssertEqual(a[m, .pdu, pdu], b[m, .pdu, pdu], "\(what): \(m) in \(pdu)") }
            }
            for m in same { XCTAssertEqual(a[m], b[m], "\(what): national \(m)") }
            XCTAssertNotEqual(a["workload_points"], b["workload_points"], "\(what) changes who holds what")
        }
    }

    /// The initial caseload has its own stream: a bigger or smaller stock
    /// (here all licence cases, so they cannot be confused with new community
    /// cases) leaves the new cases exactly as they were.
    func testInitialStockDoesNotDisturbNewCases() {
        var spec = Fixtures.threePDUs(days: 182)
        spec.cases.custodyShare = 0.4
        spec.cases.youngAdultShare = 0.3
        let none = Book(ProbationModel(spec: spec, replication: 0).run())
        spec.initialCaseload = InitialCaseloadSpec(total: 250, typeShares: [.licence: 1], pduWeights: [1: 1, 2: 1, 3: 1])
        let some = Book(ProbationModel(spec: spec, replication: 0).run())
        XCTAssertEqual(none["arrivals"], some["arrivals"])
        XCTAssertEqual(none["caseload_community"], some["caseload_community"])
        XCTAssertEqual(none["caseload_custody"], some["caseload_custody"])
        XCTAssertNotEqual(none["caseload_licence"], some["caseload_licence"])
    }

    /// Different seeds are different samples.
    func testSeedsMatter() {
        var spec = Self.busy(days: 56)
        let a = Book(ProbationModel(spec: spec, replication: 0).run())
        spec.seed += 1
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        XCTAssertNotEqual(a["arrivals"], b["arrivals"])
    }
}
