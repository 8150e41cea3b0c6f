// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Everything at once, on a few seeds, with the bookkeeping audited as the
/// run goes: custody of every length (short, long, early allocation), tier
/// changes both ways, leavers and replacements, court reports, an initial
/// stock, and every kind of lever (staff up and down, cap, policy, points,
/// inflow), under capacity pressure so that queues form.
final class ModelStressTests: XCTestCase {
    func stressSpec(seed: UInt64, allocatedStock: Bool, order: AllocationSpec.QueueOrder) -> ModelSpec {
        var s = Fixtures.threePDUs(staff: [.po: 3, .pso: 2, .pqip: 1, .spo: 1], sentencesPerWeek: [1: 14, 2: 9, 3: 9],
                                   days: 182, seed: seed)
        s.cases.custodyShare = 0.4
        s.cases.custodyTimeToServeDays = .uniform(lower: 20, upper: 900)
        s.cases.earlyAllocationShare = 0.2
        s.cases.licenceLengthDays = .exponential(mean: 120)
        s.cases.communityLengthDays = .gamma(shape: 1.5, scale: 80)
        s.cases.tierChangesPerYear = 3
        s.cases.tierEscalationShare = 0.6
        s.demand.reportsPerWeek = [1: 5, 2: 4, 3: 4]
        s.workforce = WorkforceSpec(leavingRatePerYear: [.po: 1, .pso: 1, .pqip: 1, .spo: 0.5], replaceLeavers: true,
                                    recruitmentLeadTimeDays: 35)
        s.initialCaseload = InitialCaseloadSpec(total: 350, typeShares: [.community: 0.5, .licence: 0.3, .custody: 0.2],
                                                pduWeights: [1: 2, 2: 1, 3: 1], allocated: allocatedStock)
        s.allocation.queueOrder = order
        let day = { (n: Int) in Fixtures.start.adding(days: n) }
        s.levers = [
            Lever(date: day(20), change: .staff(.po, -2, .pdu(1))),
            Lever(date: day(30), change: .allocationCap(90)),
            Lever(date: day(45), change: .allocationPolicy("keep-within-team")),
            Lever(date: day(60), change: .points(Fixtures.scaled(.hmppsDefault, by: 2))),
            Lever(date: day(75), change: .staff(.pso, 3, .region("A"))),
            Lever(date: day(90), change: .inflowScale(1.5, .national)),
            Lever(date: day(100), change: .allocationCap(130)),
            Lever(date: day(120), change: .staff(.pqip, -1, .national)),
            Lever(date: day(140), change: .allocationPolicy("round-robin")),
        ]
        s.pointsTables.append(Dated(day(150), .hmppsDefault))
        s.outputs.levels.insert(.practitioner)
        return s
    }

    func testSeed1AllocatedStockHighestTierFirst() { check(seed: 1, allocated: true, order: .highestTierFirst) }
    func testSeed2UnallocatedStockOldestFirst() { check(seed: 2, allocated: false, order: .oldestFirst) }
    func testSeed3AllocatedStockOldestFirst() { check(seed: 3, allocated: true, order: .oldestFirst) }

    func check(seed: UInt64, allocated: Bool, order: AllocationSpec.QueueOrder) {
        let s = Stepper(stressSpec(seed: seed, allocatedStock: allocated, order: order))
        let m = s.model
        // Whoever is given a case at a meeting is at or under the cap in force afterwards.
        var heldBefore: [Int] = []
        var given = 0
        let r = s.run(auditEvery: 2, before: { event in
            if case .allocationMeeting = event { heldBefore = m.practitioners.map(\.caseIndices.count) }
        }, after: { event in
            guard case .allocationMeeting = event else { return }
            for p in heldBefore.indices where m.practitioners[p].caseIndices.count > heldBefore[p] {
                given += 1
                XCTAssertLessThanOrEqual(m.capacity(p), m.capPercent + 1e-9, "seed \(seed): \(m.practitioners[p].name)")
            }
        })
        XCTAssertEqual(s.problems, [], "seed \(seed):\n" + s.problems.joined(separator: "\n"))
        XCTAssertGreaterThan(given, 200)
        let b = Book(r)
        // Queues formed and were worked, under every rule in turn.
        XCTAssertGreaterThan(b["unallocated"].max()!, 20, "seed \(seed)")
        XCTAssertGreaterThan(b["reallocations"].reduce(0, +), 50, "seed \(seed)")
        XCTAssertGreaterThan(b["leavers"].reduce(0, +), 10, "seed \(seed)")
        // Identities that hold whatever happened.
        var caseload = 350.0
        for j in b.dates.indices {
            caseload += b["arrivals"][j] - b["terminations"][j]
            let joinedLater = b["caseload"][j] - caseload   // long custody not yet handed over is not on it
            XCTAssertLessThanOrEqual(joinedLater, 0, "seed \(seed) \(b.dates[j])")
            XCTAssertLessThanOrEqual(b["unallocated"][j], b["caseload"][j])
            let held = ["One A", "One B", "Two A", "Two B", "Three A"].reduce(0.0) { $0 + b["caseload", .team, $1][j] }
            XCTAssertEqual(held + b["unallocated"][j], b["caseload"][j], "seed \(seed) \(b.dates[j])")
        }
        for row in r.wmtSnapshots {
            if row.grade == .pso { XCTAssertEqual(row.cases(riskLetter: "A") + row.cases(riskLetter: "B"), 0) }
            if row.grade == .pqip { XCTAssertEqual(row.cases(riskLetter: "A"), 0); XCTAssertLessThanOrEqual(row.casesHeld, 20) }
        }
    }
}
