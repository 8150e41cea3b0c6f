// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Practitioners leaving: their cases go back to the queue and are
/// reallocated; their posts are refilled after the recruitment lead time.
final class ModelLeaverTests: XCTestCase {
    let start = Fixtures.start

    /// High leaving rates, refilled after 56 days (8 weeks exactly), no tier
    /// changes (so every reallocation is a leaver's case), court reports on.
    func leaverWorld(policy: String = "lowest-capacity") -> ModelSpec {
        var spec = Fixtures.threePDUs(days: 364)
        spec.workforce = WorkforceSpec(leavingRatePerYear: [.po: 1.5, .pso: 1.5, .pqip: 1], replaceLeavers: true,
                                       recruitmentLeadTimeDays: 56)
        spec.demand.reportsPerWeek = [1: 4, 2: 3, 3: 3]
        spec.allocation.policy = policy
        return spec
    }

    /// Counting from the events: every case a leaver held is requeued, and is
    /// then reallocated, ends while waiting, or is still waiting at the end:
    /// reallocations = Σ leavers' cases − died waiting − still waiting. Staff
    /// in post dips and recovers: joiners in week j = leavers in week j − 8.
    func testEveryCaseOfALeaverIsReallocated() {
        let s = Stepper(leaverWorld())
        let m = s.model
        var requeued = 0, diedWaiting = 0, leaves = 0
        let r = s.run(auditEvery: 3, before: { event in
            switch event {
            case .leaves(let p) where m.practitioners[Int(p)].active:
                requeued += m.practitioners[Int(p)].caseIndices.count
                leaves += 1
            case .termination(let ref) where m.isLive(ref):
                let c = m.cases[Int(ref.index)]
                if c.queued && c.needsReallocation { diedWaiting += 1 }
            default: break
            }
        })
        XCTAssertEqual(s.problems, [])
        let b = Book(r)
        let stillWaiting = m.cases.filter { $0.alive && $0.queued && $0.needsReallocation }.count
        XCTAssertGreaterThan(leaves, 30)
        XCTAssertGreaterThan(requeued, 300)
        XCTAssertEqual(b["leavers"].reduce(0, +), Double(leaves))
        XCTAssertEqual(b["reallocations"].reduce(0, +), Double(requeued - diedWaiting - stillWaiting))
        // Most requeued cases are reallocated (the exact account is the line
        // above); a loose bound, since how many end or still wait depends on
        // the draws (with seed 1: 590 of 622, 94.9%; 11 ended, 21 still waiting).
        XCTAssertGreaterThanOrEqual(b["reallocations"].reduce(0, +), Double(requeued) * 0.9)
        // No leaver holds anything; their report counts have run out 30 days after they left.
        for p in m.practitioners where !p.active {
            XCTAssertEqual(p.caseIndices.count, 0, p.name)
            XCTAssertEqual(p.caseload.caseCount, 0, p.name)
        }
        for pdu in ["PDU one", "PDU two", "PDU three"] {
            let joiners = b["joiners", .pdu, pdu], leavers = b["leavers", .pdu, pdu]
            for j in joiners.indices {
                XCTAssertEqual(joiners[j], j >= 8 ? leavers[j - 8] : 0, "\(pdu) week \(j)")
            }
        }
        let po = b["staff_in_post_po"]
        XCTAssertLessThan(po.min()!, 20, "staff dips")
        XCTAssertGreaterThan(po.suffix(26).max()!, po.min()!, "and recovers")
    }

    /// A leaver's court reports leave their workload with them and stop
    /// counting when their 30-day window ends, though they are no longer in
    /// post (a `reportEnds` event for an inactive practitioner).
    func testReportsOfLeaversRunOut() {
        var spec = leaverWorld()
        spec.demand.reportsPerWeek = [1: 20, 2: 20, 3: 20]
        let s = Stepper(spec)
        let m = s.model
        var leftAt: [Int: Tick] = [:]
        var reportEndsForLeavers = 0
        let r = s.run(auditEvery: 5, before: { event in
            switch event {
            case .leaves(let p) where m.practitioners[Int(p)].active: leftAt[Int(p)] = m.engine.now
            case .reportEnds(let p, _) where !m.practitioners[Int(p)].active: reportEndsForLeavers += 1
            default: break
            }
        })
        XCTAssertEqual(s.problems, [])
        XCTAssertGreaterThan(reportEndsForLeavers, 10)
        for (p, t) in leftAt where t + 30 * Ticks.day < m.horizon {
            let c = m.practitioners[p].caseload
            XCTAssertEqual(c.sdrCount + c.fdrCount, 0, m.practitioners[p].name)
            XCTAssertEqual(m.practitioners[p].workload, 0, m.practitioners[p].name)
        }
        _ = r
    }

    /// Keep within team: a leaver's cases go to others in the same team
    /// (capacity is ample, so someone there always has headroom).
    func testKeepWithinTeamReallocatesInsideTheTeam() {
        let s = Stepper(leaverWorld(policy: "keep-within-team"))
        let m = s.model
        var teamOf: [CaseRef: Int] = [:]
        var checked = 0
        s.run(auditEvery: 10, before: { event in
            if case .leaves(let p) = event, m.practitioners[Int(p)].active {
                for ci in m.practitioners[Int(p)].caseIndices { teamOf[m.ref(Int(ci))] = m.practitioners[Int(p)].team }
            }
        }, after: { event in
            guard case .allocationMeeting = event else { return }
            for (ref, team) in teamOf where m.isLive(ref) && m.cases[Int(ref.index)].practitioner >= 0 {
                XCTAssertEqual(m.practitioners[Int(m.cases[Int(ref.index)].practitioner)].team, team)
                teamOf[ref] = nil
                checked += 1
            }
        })
        XCTAssertEqual(s.problems, [])
        XCTAssertGreaterThan(checked, 300)
    }

    /// A staff lever removing two POs from PDU 1 on day 100 (a Wednesday):
    /// staff falls by 2 from then; their cases are reallocated at that day's
    /// meeting (reallocations that week = the cases they held), and their
    /// outputs stop.
    func testStaffLeverRemovingPractitioners() {
        var spec = Fixtures.threePDUs(days: 182)
        spec.outputs.levels.insert(.practitioner)
        spec.levers = [Lever(date: start.adding(days: 100), change: .staff(.po, -2, .pdu(1)))]
        let s = Stepper(spec)
        let m = s.model
        var before: [Int: Int] = [:]
        var removedCases = 0
        var removed: [String] = []
        let r = s.run(auditEvery: 3, before: { event in
            if case .lever = event {
                before = Dictionary(uniqueKeysWithValues: m.practitioners.indices.filter { m.practitioners[$0].active }
                    .map { ($0, m.practitioners[$0].caseIndices.count) })
            }
        }, after: { event in
            if case .lever = event {
                for (p, n) in before where !m.practitioners[p].active {
                    removedCases += n
                    removed.append(m.practitioners[p].name)
                }
            }
        })
        XCTAssertEqual(s.problems, [])
        let b = Book(r)
        XCTAssertEqual(removed.sorted(), ["1-T1-PO-4", "1-T2-PO-4"], "the most recent PO of each team in turn")
        XCTAssertGreaterThan(removedCases, 10)
        let j = b.index(of: start.adding(days: 105))!
        for k in b.dates.indices {
            XCTAssertEqual(b["staff_in_post_po", .pdu, "PDU one"][k], k >= j ? 6 : 8)
            XCTAssertEqual(b["reallocations", .pdu, "PDU one"][k], k == j ? Double(removedCases) : 0)
            XCTAssertEqual(b["leavers", .pdu, "PDU one"][k], k == j ? 2 : 0)
        }
        for name in removed {
            let c = b["caseload", .practitioner, name]
            XCTAssertTrue(c[j...].allSatisfy(\.isNaN), name)
            XCTAssertFalse(c[j - 1].isNaN, name)
        }
    }
}
