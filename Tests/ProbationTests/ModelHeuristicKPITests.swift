// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// The workload observations behind `caseflow bench heuristics` (HeuristicKPIs.swift).
final class ModelHeuristicKPITests: XCTestCase {
    func testGini() {
        XCTAssertEqual(WorkloadObservations.gini([]), 0)
        XCTAssertEqual(WorkloadObservations.gini([50]), 0)
        XCTAssertEqual(WorkloadObservations.gini([80, 80, 80]), 0)
        XCTAssertEqual(WorkloadObservations.gini([0, 0]), 0)
        // Σ|xi − xj| over ordered pairs / (2 n² mean): {0, 100}: 200 / (2·4·50) = 0.5.
        XCTAssertEqual(WorkloadObservations.gini([100, 0]), 0.5, accuracy: 1e-12)
        // {1, 2, 3, 4}: Σ|xi − xj| = 20 over ordered pairs; 20 / (2·16·2.5) = 0.25.
        XCTAssertEqual(WorkloadObservations.gini([4, 1, 3, 2]), 0.25, accuracy: 1e-12)
    }

    func testObservationsCountPractitionerWeeksAfterTheWarmup() {
        // 3 PO + 2 PSO hold cases (the SPO does not): 5 practitioner-weeks a week, one team.
        var spec = Fixtures.toy(days: 364)
        spec.warmupDays = 7 * 10
        let o = ProbationModel(spec: spec, replication: 0).run().workload
        XCTAssertEqual(o.practitionerWeeks, 5 * (52 - 10))
        XCTAssertEqual(o.capacityObservations, o.practitionerWeeks)
        XCTAssertEqual(o.teamWeeks, 52 - 10)
        XCTAssertGreaterThan(o.allocations, 0)
        XCTAssertEqual(o.daysToAllocation.count, o.allocations)
        XCTAssertLessThanOrEqual(o.allocatedWithinTarget, o.allocations)
        XCTAssertGreaterThanOrEqual(o.capacityMax, o.capacitySum / Double(o.capacityObservations))

        // Without the warm-up there are more weeks and more allocations.
        spec.warmupDays = 0
        let all = ProbationModel(spec: spec, replication: 0).run().workload
        XCTAssertEqual(all.practitionerWeeks, 5 * 52)
        XCTAssertGreaterThan(all.allocations, o.allocations)
    }

    func testKPIsFromObservations() {
        var o = WorkloadObservations()
        XCTAssertTrue(HeuristicKPI.over110.value(o).isNaN, "no practitioner-weeks: no value")
        XCTAssertTrue(HeuristicKPI.daysP95.value(o).isNaN)
        o.practitionerWeeks = 40; o.weeksOver110 = 10; o.weeksExcessive = 4
        o.capacityObservations = 40; o.capacitySum = 4000; o.capacityMax = 130
        o.teamWeeks = 4; o.giniSum = 0.4
        o.allocations = 20; o.allocatedWithinTarget = 15; o.daysToAllocationSum = 60; o.reallocations = 3
        for d in 1...20 { o.daysToAllocation.record(Double(d)) }
        XCTAssertEqual(HeuristicKPI.over110.value(o), 25)
        XCTAssertEqual(HeuristicKPI.excessive.value(o), 10)
        XCTAssertEqual(HeuristicKPI.capacityMean.value(o), 100)
        XCTAssertEqual(HeuristicKPI.capacityMax.value(o), 130)
        XCTAssertEqual(HeuristicKPI.gini.value(o), 0.1, accuracy: 1e-12)
        XCTAssertEqual(HeuristicKPI.daysMean.value(o), 3)
        XCTAssertEqual(HeuristicKPI.daysP95.value(o), 19.1, accuracy: 0.11)
        XCTAssertEqual(HeuristicKPI.withinTarget.value(o), 75)
        XCTAssertEqual(HeuristicKPI.reallocations.value(o), 15)
        // 5 more cases missed the target without an allocation: 15 of 25 in
        // time; the other KPIs over allocations are unchanged.
        o.unallocatedPastTarget = 5
        XCTAssertEqual(o.targetDue, 25)
        XCTAssertEqual(HeuristicKPI.withinTarget.value(o), 60)
        XCTAssertEqual(HeuristicKPI.daysMean.value(o), 3)
        XCTAssertEqual(HeuristicKPI.reallocations.value(o), 15)
        XCTAssertEqual(HeuristicKPI.withinTarget.direction, .higherIsBetter)
        XCTAssertEqual(HeuristicKPI.capacityMean.direction, .none)
        XCTAssertEqual(HeuristicKPI.primary, .over110)
    }
}
