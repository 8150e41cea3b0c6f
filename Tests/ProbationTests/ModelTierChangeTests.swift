// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Tier changes while supervised: escalations beyond a holder's grade force
/// reallocation; changes keep the caseload-by-tier counts and every
/// practitioner's points in step.
final class ModelTierChangeTests: XCTestCase {
    /// One step of risk moves the letter (D → C → B → A), one step of
    /// complexity the digit; steps past either end stay put.
    func testTierSteps() {
        XCTAssertEqual(Tier.c2.stepped(risk: 1, complexity: 0), .b2)
        XCTAssertEqual(Tier.c2.stepped(risk: -1, complexity: 0), .d2)
        XCTAssertEqual(Tier.c2.stepped(risk: 0, complexity: 1), .c3)
        XCTAssertEqual(Tier.c2.stepped(risk: 0, complexity: -1), .c1)
        XCTAssertEqual(Tier.a3.stepped(risk: 1, complexity: 0), .a3)
        XCTAssertEqual(Tier.a3.stepped(risk: 0, complexity: 1), .a3)
        XCTAssertEqual(Tier.d0.stepped(risk: -1, complexity: 0), .d0)
        XCTAssertEqual(Tier.d0.stepped(risk: 0, complexity: -1), .d0)
        XCTAssertEqual(Tier.b0.stepped(risk: 1, complexity: 0), .a0)
    }

    /// All cases start C2; every change is an escalation (half by risk: C2 →
    /// B2, half by complexity: C2 → C3). PSOs may hold C but not B, so each
    /// risk escalation of a PSO's case takes it from the PSO at once; it is
    /// reallocated to a PO at a later meeting. Counting those escalations from
    /// the events: reallocations = escalations off a PSO − cases still
    /// waiting at the end (nothing ends within the run).
    func testEscalationsMoveCasesFromPSOsToPOs() {
        var spec = Fixtures.toy(po: 4, pso: 4, spo: 1, sentencesPerWeek: 12, days: 182, tier: .c2, communityDays: 5000)
        spec.cases.tierChangesPerYear = 3
        spec.cases.tierEscalationShare = 1
        let s = Stepper(spec)
        let m = s.model
        var watched: Int? = nil
        var forced = 0
        let r = s.run(auditEvery: 1, before: { event in
            watched = nil
            if case .tierChange(let ref) = event, m.isLive(ref), m.cases[Int(ref.index)].practitioner >= 0,
               m.practitioners[Int(m.cases[Int(ref.index)].practitioner)].grade == .pso {
                watched = Int(ref.index)
            }
        }, after: { _ in
            if let i = watched, m.cases[i].practitioner < 0 {
                forced += 1
                XCTAssertEqual(m.cases[i].tier.riskLetter, "B")
                XCTAssertTrue(m.cases[i].queued)
            }
        })
        XCTAssertEqual(s.problems, [])
        let b = Book(r)
        let stillWaiting = m.cases.filter { $0.alive && $0.queued && $0.needsReallocation }.count
        XCTAssertGreaterThan(forced, 5)
        XCTAssertEqual(b["reallocations"].reduce(0, +), Double(forced - stillWaiting))
        for row in r.wmtSnapshots where row.grade == .pso {
            XCTAssertEqual(row.cases(riskLetter: "A") + row.cases(riskLetter: "B"), 0, "\(row.practitioner) on \(row.date)")
        }
        let poB = r.wmtSnapshots.filter { $0.grade == .po }.map { $0.cases(riskLetter: "B") }.max()!
        XCTAssertGreaterThan(poB, 0)
        // Escalations only: no tier below C2's risk letter or complexity ever appears.
        for tier in Tier.allCases where tier.riskLetter == "D" || tier.complexity < 2 {
            XCTAssertEqual(b["caseload_tier_\(tier.rawValue)"].max(), 0, tier.rawValue)
        }
        XCTAssertGreaterThan(b["caseload_tier_B2"].last!, 0)
        XCTAssertGreaterThan(b["caseload_tier_C3"].last!, 0)
    }

    /// De-escalations only, from B2, POs only: cases step down (to B1 or C2,
    /// then further) but a PO may hold anything, so nothing is reallocated and
    /// no tier above B2's letter or digit ever appears.
    func testDeescalationsNeverForceReallocation() {
        var spec = Fixtures.toy(po: 5, pso: 0, spo: 0, sentencesPerWeek: 10, days: 182, tier: .b2, communityDays: 5000)
        spec.cases.tierChangesPerYear = 4
        spec.cases.tierEscalationShare = 0
        let s = Stepper(spec)
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["reallocations"].reduce(0, +), 0)
        for tier in Tier.allCases where tier.riskLetter == "A" || tier.complexity == 3 {
            XCTAssertEqual(b["caseload_tier_\(tier.rawValue)"].max(), 0, tier.rawValue)
        }
        XCTAssertGreaterThan(b["caseload_tier_C2"].last! + b["caseload_tier_B1"].last!, 0)
        XCTAssertGreaterThan(b["caseload_tier_D2"].last! + b["caseload_tier_C1"].last! + b["caseload_tier_B0"].last!, 0)
    }

    /// Short custody cases (with a community practitioner from sentence) and
    /// the licence cases they become are supervised, so their tiers change
    /// too: at 12 changes a year, after 140 days the share of cases still on
    /// their starting tier should be about e^(−12 × 140 / 365) = 1%, and
    /// certainly below a half.
    func testShortCustodyAndLicenceCasesChangeTier() {
        var spec = Fixtures.toy(po: 8, pso: 0, spo: 0, sentencesPerWeek: 10, days: 364, custodyShare: 1, tier: .c2)
        spec.cases.tierChangesPerYear = 12
        spec.cases.custodyTimeToServeDays = .constant(140)
        spec.cases.licenceLengthDays = .constant(365)
        let s = Stepper(spec)
        let b = Book(s.run(auditEvery: 5))
        XCTAssertEqual(s.problems, [])
        let last = b.dates.count - 1
        // Cases sentenced over 140 days ago are on licence now.
        let licence = b["caseload_licence"][last]
        XCTAssertGreaterThan(licence, 200)
        let c2 = b["caseload_tier_C2"][last]
        XCTAssertLessThan(c2, 0.5 * b["caseload"][last], "tiers of custody and licence cases never change")
    }

    /// Cases that wait in the queue (preparation of ten working days) change
    /// tier while waiting; with only PSOs, those that reach B or A can never
    /// be allocated, so at every output unallocated ≥ the A and B caseload,
    /// and the difference is at most the cases still within their preparation
    /// (sentenced in the last three weeks) plus the few that stepped down from
    /// B to C since the last meeting.
    func testTierChangesWhileWaiting() {
        var spec = Fixtures.toy(po: 0, pso: 6, spo: 0, sentencesPerWeek: 10, days: 182, tier: .c2, communityDays: 5000)
        spec.cases.tierChangesPerYear = 6
        spec.allocation.preparationWorkingDays = 10
        let s = Stepper(spec)
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        for j in b.dates.indices {
            let high = Tier.allCases.filter { "AB".contains($0.riskLetter) }
                .reduce(0.0) { $0 + b["caseload_tier_\($1.rawValue)"][j] }
            let recent = b["arrivals"][max(0, j - 2)...j].reduce(0, +)
            XCTAssertGreaterThanOrEqual(b["unallocated"][j], high, "\(b.dates[j])")
            XCTAssertLessThanOrEqual(b["unallocated"][j] - high, recent + max(2, 0.05 * high), "\(b.dates[j])")
        }
        XCTAssertGreaterThan(b["caseload_tier_B2"].last!, 0)
    }
}
