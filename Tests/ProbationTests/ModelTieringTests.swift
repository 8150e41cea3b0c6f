// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Computed tiering in the model: profiles drawn at sentence, both calculators, reassessment
/// on a schedule and at events, the S tiers, the switch to v3, and the bookkeeping that must
/// stay in step (docs/tiering.md).
final class ModelTieringTests: XCTestCase {
    /// A profile model with moderate spread everywhere.
    static func profiles(rosh: [Double] = [0.3, 0.5, 0.18, 0.02]) -> ProfileSpec {
        func s(_ x: Double, h: Double = 0, r: Double = 0) -> AttributeSpec { AttributeSpec(.share(x), Loadings(harm: h, reoffending: r)) }
        func q(_ vs: [Double], h: Double = 0, r: Double = 0) -> AttributeSpec {
            AttributeSpec(.quantiles(probabilities: [0, 0.25, 0.5, 0.75, 1], values: vs), Loadings(harm: h, reoffending: r))
        }
        return ProfileSpec(
            factorCorrelation: 0.4, custodyShift: Loadings(harm: 0.5, reoffending: 0.3),
            rosh: AttributeSpec(.levels(rosh), Loadings(harm: 0.9)),
            mappa: AttributeSpec(.levels([0.95, 0.04, 0.008, 0.002]), Loadings(harm: 0.7)),
            rsr: q([0.1, 1, 2, 4, 30], h: 0.5, r: 0.5), ogrs: q([2, 20, 40, 60, 97], r: 0.9),
            arp: q([2, 20, 40, 60, 97], r: 0.9), csrp: q([0.05, 0.5, 1.1, 2.3, 20], h: 0.5, r: 0.5),
            needs: AttributeSpec(.levels([0.45, 0.35, 0.2]), Loadings(reoffending: 0.7)),
            registrations: [.RMDO: s(0.12), .ADVP: s(0.18, h: 0.4), .IIOM: s(0.04, r: 0.6), .RCPR: s(0.03, h: 0.3)],
            parenting: s(0.45), selfControl: s(0.55, r: 0.4), assessment: s(0.9), communityMandate: s(0.7),
            sexualOffence: s(0.05, h: 0.4), dcsrpBands: AttributeSpec(.levels([0.55, 0.3, 0.12, 0.03]), Loadings(harm: 0.5)),
            lifer: s(0.02, h: 0.5))
    }

    static func spec(days: Int = 364, persistence: Double = 0.5, every: Double = 91, enforcement: Double = 0.5,
                     registrations: Double = 0.3, custodyShare: Double = 0.3, tiering: TieringSpec? = nil,
                     po: Int = 6, pso: Int = 6) -> ModelSpec {
        var spec = Fixtures.toy(po: po, pso: pso, spo: 1, sentencesPerWeek: 15, days: days, custodyShare: custodyShare,
                                communityDays: 250)
        spec.cases.licenceLengthDays = .constant(180)
        spec.cases.tiering = .computed
        spec.tieringModel = tiering ?? TieringSpec(profiles: profiles(), reassessmentIntervalDays: every, persistence: persistence,
                                                   enforcementPerYear: enforcement, registrationsPerYear: registrations)
        return spec
    }

    /// Every live case's tier is what the calculators give for its profile, the books stay
    /// consistent after every event, and the flows count what happened.
    func testTiersAreTheCalculatorsOfTheProfilesAndTheBooksBalance() throws {
        let s = Stepper(Self.spec())
        let m = s.model
        var reassessed = 0
        let r = s.run(auditEvery: 1, before: { event in
            // Count the day's due reassessments that are live (a release supersedes the case's
            // earlier one).
            if case .reassessments(let day) = event {
                let ts = m.tieringState!
                reassessed += ts.due(day: Int(day)).filter { m.isLive($0.ref) && ts.isCurrent($0) }.count
            }
        })
        XCTAssertEqual(s.problems, [])
        let ts = try XCTUnwrap(m.tieringState)
        var live = 0
        var v3Seen = Set<TierV3>(), provisionalSeen = Set<Bool>()
        // The v3 tier depends on the day only through a lifer's release date (B within a year
        // of the day of calculation). Every release in this run is less than a year (364 days)
        // before its end, so the tier computed at the case's last reassessment is the tier
        // the public calculator gives for its profile today.
        let today = m.calendar.date(at: m.engine.now)
        for i in m.cases.indices where m.cases[i].alive {
            live += 1
            let p = ts.profiles[i]
            let v2 = TierV2Calculator.calculate(p)
            XCTAssertEqual(m.cases[i].tier, v2.tier, "case \(i)")
            XCTAssertEqual(m.cases[i].unsupervised, v2.unsupervised)
            let v3 = try TierV3Calculator.calculate(p, asOf: today)
            XCTAssertEqual(ts.outcome(i).v3, v3.tier, "case \(i): v3")
            XCTAssertEqual(ts.outcome(i).provisional, v3.provisional, "case \(i): provisional")
            v3Seen.insert(v3.tier); provisionalSeen.insert(v3.provisional)
        }
        XCTAssertGreaterThan(live, 100)
        // The comparison covers most of the v3 scale and both provisional states.
        XCTAssertGreaterThanOrEqual(v3Seen.count, 5, "\(v3Seen)")
        XCTAssertEqual(provisionalSeen, [false, true])
        let book = Book(r)
        // Every reassessment event, and every release, was counted once.
        let releases = book["releases"].reduce(0, +)
        XCTAssertEqual(book["reassessments"].reduce(0, +), Double(reassessed) + releases)
        XCTAssertGreaterThan(book["tier_changes_up"].reduce(0, +), 0)
        XCTAssertGreaterThan(book["tier_changes_down"].reduce(0, +), 0)
        // The v2 mix on the caseload adds up to the caseload, and so does the v3 mix.
        let last = book["caseload"].count - 1
        let v2 = Metrics.tieringMix.prefix(16).map { book[$0][last] }.reduce(0, +)
        let v3 = Metrics.tieringMix.dropFirst(17).prefix(8).map { book[$0][last] }.reduce(0, +)
        XCTAssertEqual(v2, book["caseload"][last])
        XCTAssertEqual(v3, book["caseload"][last])
        // The workload tiers are the v2 tiers (calculator v2): the two breakdowns agree.
        for t in Tier.allCases { XCTAssertEqual(book["caseload_tier_\(t.rawValue)"][last], book["caseload_v2_\(t.rawValue)"][last]) }
    }

    /// The paths a profile draw keeps out of line for scores the fast paths cannot take: a
    /// CSRP table with a value too large for exact cuts (so the codes come from the scores'
    /// values) and an OGRS table with more inner points than the vector's eight lanes (so a
    /// score's segment is searched for). Every live case's tiers are still what the public
    /// calculators give for its profile, after draws and reassessments alike.
    func testOutOfLinePathsGiveTheCalculatorsTiers() throws {
        var profiles = Self.profiles()
        profiles.csrp = AttributeSpec(.quantiles(probabilities: [0, 0.25, 0.5, 0.75, 1], values: [0.05, 0.5, 1.1, 2.3, 1e7]),
                                      Loadings(harm: 0.5, reoffending: 0.5))
        let ps = (0...10).map { Double($0) / 10 }
        profiles.ogrs = AttributeSpec(.quantiles(probabilities: ps, values: ps.map { 2 + 95 * $0 }), Loadings(reoffending: 0.9))
        // The two paths are the ones taken.
        let rsr = CompiledScore(profiles.rsr, correlation: 0.4), arp = CompiledScore(profiles.arp, correlation: 0.4)
        XCTAssertNil(TieringState.ScoreCuts(rsr: rsr, arp: arp, csrp: CompiledScore(profiles.csrp, correlation: 0.4)))
        XCTAssertFalse(CompiledScore(profiles.ogrs, correlation: 0.4).fixedCount)
        let tiering = TieringSpec(profiles: profiles, reassessmentIntervalDays: 61, persistence: 0.5,
                                  enforcementPerYear: 0.5, registrationsPerYear: 0.3)
        let s = Stepper(Self.spec(tiering: tiering))
        let m = s.model
        let r = s.run(auditEvery: 1)
        XCTAssertEqual(s.problems, [])
        let ts = try XCTUnwrap(m.tieringState)
        let today = m.calendar.date(at: m.engine.now)
        var live = 0, csrpRows = Set<Int>()
        for i in m.cases.indices where m.cases[i].alive {
            live += 1
            let p = ts.profiles[i]
            XCTAssertEqual(m.cases[i].tier, TierV2Calculator.calculate(p).tier, "case \(i)")
            let v3 = try TierV3Calculator.calculate(p, asOf: today)
            XCTAssertEqual(ts.outcome(i).v3, v3.tier, "case \(i): v3")
            XCTAssertEqual(ts.outcome(i).provisional, v3.provisional, "case \(i): provisional")
            csrpRows.insert(TierV3Calculator.cell(arp: p.arp, csrp: p.csrp).row)
        }
        XCTAssertGreaterThan(live, 100)
        XCTAssertGreaterThan(Book(r)["reassessments"].reduce(0, +), 100)
        // The CSRP scores fall in several rows of the v3 table, so the codes were tested.
        XCTAssertGreaterThanOrEqual(csrpRows.count, 3, "\(csrpRows)")
    }

    /// With persistence 1 and no events, a reassessment redraws nothing: tiers never change.
    /// (Releases still reassess, and the lifer's release date is the one thing that moves,
    /// so no custody here.)
    func testFullPersistenceAndNoEventsMeansNoTierChanges() {
        let r = ProbationModel(spec: Self.spec(persistence: 1, enforcement: 0, registrations: 0, custodyShare: 0), replication: 0).run()
        let book = Book(r)
        XCTAssertGreaterThan(book["reassessments"].reduce(0, +), 100)
        XCTAssertEqual(book["tier_changes_up"].reduce(0, +), 0)
        XCTAssertEqual(book["tier_changes_down"].reduce(0, +), 0)
        XCTAssertEqual(book["tier_change_reallocations"].reduce(0, +), 0)
    }

    /// A tier raised to A or B takes the case from the PSO holding it (PSOs hold C and D),
    /// and that reallocation is counted.
    func testEscalationsBeyondAPSOsGradeAreReallocated() {
        let s = Stepper(Self.spec(persistence: 0, every: 30, po: 8, pso: 8))
        var forced = 0
        let m = s.model
        // The cases a PSO holds among those reassessed in each day's batch.
        var heldByPSO: [CaseRef] = []
        s.run(auditEvery: 1, before: { event in
            heldByPSO = []
            guard case .reassessments(let day) = event, let ts = m.tieringState else { return }
            for d in ts.due(day: Int(day)) where m.isLive(d.ref) && ts.isCurrent(d) {
                let c = m.cases[Int(d.ref.index)]
                if c.practitioner >= 0, m.practitioners[Int(c.practitioner)].grade == .pso { heldByPSO.append(d.ref) }
            }
        }, after: { _ in
            for ref in heldByPSO where m.isLive(ref) && m.cases[Int(ref.index)].practitioner < 0
                && m.cases[Int(ref.index)].needsReallocation { forced += 1 }
        })
        XCTAssertEqual(s.problems, [])
        XCTAssertGreaterThan(forced, 0)
        let book = Book(s.model.result())
        XCTAssertGreaterThanOrEqual(book["tier_change_reallocations"].reduce(0, +), Double(forced))
    }

    /// The switch to v3: from its day every case weighs as the v2 tier its v3 tier maps to.
    func testSwitchToV3ReweighsEveryCase() throws {
        var t = TieringSpec(profiles: Self.profiles(), reassessmentIntervalDays: 91, persistence: 0.5)
        let day = Fixtures.start.adding(days: 182)
        t.switchToV3 = day
        let s = Stepper(Self.spec(tiering: t))
        let m = s.model
        let ts = try XCTUnwrap(m.tieringState)
        s.run(until: m.calendar.tick(at: day) - 1, auditEvery: 50)
        XCTAssertEqual(ts.version, .v2)
        let before = m.cases.indices.filter { m.cases[$0].alive }.map { m.cases[$0].tier }
        XCTAssertTrue(m.cases.indices.filter { m.cases[$0].alive }.allSatisfy { m.cases[$0].tier == ts.outcome($0).v2 })
        s.run(auditEvery: 1)
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(ts.version, .v3)
        for i in m.cases.indices where m.cases[i].alive {
            let o = ts.outcome(i)
            XCTAssertEqual(m.cases[i].tier, o.v3.isTier ? t.v3Weighting[o.v3.tierIndex] : o.v2)
        }
        XCTAssertFalse(before.isEmpty)
    }

    /// The S tiers: from the rule's day, licence cases past two-thirds of their licence carry
    /// PRC and count in the S categories, at HMPPS's default weight 0.
    func testUnsupervisedLicencesCountInTheSTiersAtZeroPoints() throws {
        var t = TieringSpec(profiles: Self.profiles(), reassessmentIntervalDays: 364, persistence: 0.8)
        t.unsupervisedFrom = Fixtures.start
        let s = Stepper(Self.spec(custodyShare: 0.8, tiering: t))
        let m = s.model
        s.run(auditEvery: 5)
        XCTAssertEqual(s.problems, [])
        var sCases = 0
        for p in m.practitioners where p.active {
            for c in CaseCategory.allCases where c.isUnsupervised {
                let n = p.caseload.count(c)
                sCases += n
                XCTAssertEqual(m.points[c], 0)
            }
        }
        XCTAssertGreaterThan(sCases, 0)
        // Every unsupervised live case is a licence past 120 of its 180 days, and vice versa
        // (licences reach that point at a scheduled event, so allow the event's own instant).
        let now = m.engine.now
        for i in m.cases.indices where m.cases[i].alive && m.cases[i].type == .licence {
            let c = m.cases[i]
            let point = c.periodStart + Tick(Double(c.endTick - c.periodStart) * 2 / 3)
            XCTAssertEqual(c.unsupervised, point <= now, "case \(i)")
        }
    }

    /// The model keeps each profile as the calculators' codes (`TierInputs`, bands instead of
    /// scores); on any day those codes give the tiers the calculators' public API gives for the
    /// profile they stand for (lifers' tiers move with the day).
    func testStoredCodesGiveTheCalculatorsTiersOnAnyDay() throws {
        let m = ProbationModel(spec: Self.spec(custodyShare: 0.5), replication: 2)
        _ = m.run()
        let ts = try XCTUnwrap(m.tieringState)
        let today = m.calendar.dayNumber(at: m.engine.now)
        var checked = 0
        for i in m.cases.indices where m.cases[i].alive {
            let p = ts.profiles[i]
            for day in [today, today + 400, today + 2000] {
                let o = ts.recomputed(i, day: day)
                let v2 = TierV2Calculator.calculate(p)
                let v3 = try TierV3Calculator.calculate(p, asOf: CivilDate(dayNumber: day))
                XCTAssertEqual(o.v2, v2.tier, "case \(i)")
                XCTAssertEqual(o.unsupervised, v2.unsupervised, "case \(i)")
                XCTAssertEqual(o.v3, v3.tier, "case \(i) on day \(day)")
                XCTAssertEqual(o.provisional, v3.provisional, "case \(i) on day \(day)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 300)
    }

    /// Same seed, same run.
    func testDeterministic() {
        let a = ProbationModel(spec: Self.spec(), replication: 1).run()
        let b = ProbationModel(spec: Self.spec(), replication: 1).run()
        XCTAssertEqual(a.timeSeries.value.map(\.bitPattern), b.timeSeries.value.map(\.bitPattern))
        XCTAssertEqual(a.events, b.events)
    }
}
