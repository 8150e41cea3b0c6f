// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Probation

@Suite struct PointsTableTests {
    let t = PointsTable.hmppsDefault

    @Test func hmppsSeedWeightings() {
        #expect(t.points(.community) == [206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41, 29, 29])
        #expect(t.points(.custody) == [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0])
        #expect(t.points(.licence) == [219, 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0])
        for type in CaseType.allCases {
            #expect(t.points(type, t2a: true) == [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0])
        }
        #expect(t[.community, .b2] == 115)
        #expect(t[.licence, .a3] == 219)
        #expect(t[.custody, .d1] == 13)
        #expect(t[.community, .a3, t2a: true] == 75)
        #expect(t.sdr == 138 && t.fdr == 65)
        #expect(t.points(.standard) == 138 && t.points(.fast) == 65)
        #expect(t.nominalTargetPO == 2176 && t.nominalTargetPSO == 2176)
        #expect(t.defaultHoursPO == 37 && t.defaultHoursPSO == 37 && t.defaultHoursSPO == 0)
        #expect(t.problems().isEmpty)
    }

    @Test func gradeMappings() {
        var u = t
        u.nominalTargetPO = 1000
        u.nominalTargetPSO = 2000
        u.defaultHoursPO = 36
        u.defaultHoursPSO = 35
        u.defaultHoursSPO = 30
        #expect(u.nominalTarget(for: .po) == 1000)
        #expect(u.nominalTarget(for: .pqip) == 1000)
        #expect(u.nominalTarget(for: .spo) == 1000)
        #expect(u.nominalTarget(for: .pso) == 2000)
        #expect(u.defaultContractedHours(for: .po) == 36)
        #expect(u.defaultContractedHours(for: .pqip) == 36)
        #expect(u.defaultContractedHours(for: .pso) == 35)
        #expect(u.defaultContractedHours(for: .spo) == 30)
    }

    @Test func validation() {
        var u = t
        u[.community, .b2] = -3
        u.sdr = -1
        u.defaultHoursPSO = 0
        u.defaultHoursPO = .nan
        let p = u.problems()
        #expect(p.contains { $0.contains("community_B2") && $0.contains("-3") })
        #expect(p.contains { $0.contains("sdr") })
        #expect(p.contains { $0 == "default_hours_pso is 0, so every PSO would have 0 available points" })
        #expect(p.contains { $0.contains("default_hours_po") })
        // SPO's 0 default hours are fine unless SPOs hold cases.
        #expect(t.problems(gradesHoldingCases: [.spo]).count == 1)
        var v = t
        v.nominalTargetPO = 0
        #expect(v.problems() == ["nominal_target_po is 0, so every PO and PQiP would have 0 available points"])
    }

    @Test func entriesRoundTripThroughNames() {
        var u = PointsTable(nominalTargetPO: 0, nominalTargetPSO: 0, defaultHoursPO: 0, defaultHoursPSO: 0, defaultHoursSPO: 0)
        for (name, value) in t.entries {
            guard case .success(let e) = PointsTable.Entry.named(name) else { Issue.record("\(name)"); continue }
            #expect(u.set(e, to: value) == nil)
        }
        #expect(u == t)
        #expect(t.entries.count == 7 + 192)
    }

    @Test func entryValueChecks() throws {
        var u = t
        let sdr = try PointsTable.Entry.named("SDR").get()
        #expect(u.set(sdr, to: 138.5) != nil)
        #expect(u.set(sdr, to: -1) != nil)
        #expect(u.set(sdr, to: 150) == nil && u.sdr == 150)
        let hours = try PointsTable.Entry.named("default_hours_pso").get()
        #expect(u.set(hours, to: 22.5) == nil && u.defaultHoursPSO == 22.5)
        #expect(u.set(hours, to: .infinity) != nil)
        #expect(throws: PointsTable.EntryError.self) { try PointsTable.Entry.named("community_E2").get() }
        #expect(throws: PointsTable.EntryError.self) { try PointsTable.Entry.named("parom").get() }
    }

    @Test func codableAsNamedEntries() throws {
        var u = t
        u[.custody, .b2, t2a: true] = 7
        u.defaultHoursSPO = 18.5
        let back = try JSONDecoder().decode(PointsTable.self, from: JSONEncoder().encode(u))
        #expect(back == u)
        let partial = try JSONDecoder().decode(PointsTable.self, from: Data(#"{"sdr": 150, "licence_A3": 200}"#.utf8))
        #expect(partial.sdr == 150 && partial[.licence, .a3] == 200 && partial[.community, .a3] == 206)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PointsTable.self, from: Data(#"{"parom": 120}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PointsTable.self, from: Data(#"{"sdr": 1.5}"#.utf8)) }
    }
}

@Suite struct AvailablePointsTests {
    let t = PointsTable.hmppsDefault

    @Test func poOn37HoursWith1Point8ReductionHasHMPPSs2070() {
        // hmpps-workload CapacityCalculatorTest: ⌊2176 × 35.2 / 37⌋ = ⌊2070.13⌋ = 2070.
        #expect(t.availablePoints(grade: .po, contractedHours: 37, reductionHours: 1.8) == 2070)
        // Same test file, 30 hours: ⌊2176 × 28.2 / 37⌋ = ⌊1658.46⌋ = 1658.
        #expect(t.availablePoints(grade: .po, contractedHours: 30, reductionHours: 1.8) == 1658)
    }

    @Test func psoOn22Point5Hours() {
        // ⌊2176 × 22.5 / 37⌋ = ⌊1323.24⌋ = 1323.
        #expect(t.availablePoints(grade: .pso, contractedHours: 22.5, reductionHours: 0) == 1323)
    }

    @Test func fullTimeGetsTheNominalTarget() {
        #expect(t.availablePoints(grade: .po, contractedHours: 37, reductionHours: 0) == 2176)
        #expect(t.availablePoints(grade: .pqip, contractedHours: 37, reductionHours: 0) == 2176)
        #expect(t.availablePoints(grade: .pso, contractedHours: 18.5, reductionHours: 0) == 1088)
    }

    @Test func noHoursNoPointsNoCrash() {
        #expect(t.availablePoints(grade: .po, contractedHours: 0, reductionHours: 0) == 0)
        #expect(t.availablePoints(grade: .po, contractedHours: 37, reductionHours: 37) == 0)
        #expect(t.availablePoints(grade: .po, contractedHours: 20, reductionHours: 25) == 0)
        #expect(t.availablePoints(grade: .spo, contractedHours: 37, reductionHours: 0) == 0)  // default hours 0
        #expect(t.availablePoints(grade: .po, contractedHours: .nan, reductionHours: 0) == 0)
        #expect(t.availablePoints(grade: .po, contractedHours: .infinity, reductionHours: 0) == 0)
        #expect(t.availablePoints(grade: .po, contractedHours: 37, reductionHours: 1e-5) == 2175)  // "1e-05" parses
        #expect(t.availablePoints(grade: .po, contractedHours: 37, reductionHours: .leastNonzeroMagnitude) == 2176)
        #expect(WMTArithmetic.availablePoints(nominalTarget: 2176, defaultContractedHours: -37, availableHours: 37) == 0)
        #expect(WMTArithmetic.availablePoints(nominalTarget: -5, defaultContractedHours: 37, availableHours: 37) == 0)
    }

    @Test func decimalNotBinaryHours() {
        // A 2000-point target on 37.5 default hours, 20.2 − 0.1 hours: in HMPPS's BigDecimal
        // arithmetic exactly 20.1 hours, a share of exactly 0.536, so 1072 points. Binary
        // doubles make it 20.099999999999998 hours and would floor to 1071.
        #expect(WMTArithmetic.availablePoints(nominalTarget: 2000, defaultContractedHours: 37.5,
                                              contractedHours: 20.2, reductionHours: 0.1) == 1072)
        #expect(Int((2000 * (20.2 - 0.1) / 37.5).rounded(.down)) == 1071)
    }

    @Test func hmppsRoundsTheHoursShareTo15Places() {
        // 1800 × 17.9 / 36 is exactly 895, but HMPPS first rounds the share 17.9 / 36 to
        // 0.497222222222222 and 1800 × that = 894.9999999999996 truncates to 894.
        #expect(WMTArithmetic.availablePoints(nominalTarget: 1800, defaultContractedHours: 36, availableHours: 17.9) == 894)
        // 1 / 3 is kept as 0.333333333333333, so 3 × it truncates to 0, not 1 …
        #expect(WMTArithmetic.availablePoints(nominalTarget: 3, defaultContractedHours: 3, availableHours: 1) == 0)
        // … while 2/3 rounds up to 0.666666666666667 and 3 × it = 2.000000000000001 → 2.
        #expect(WMTArithmetic.availablePoints(nominalTarget: 3, defaultContractedHours: 3, availableHours: 2) == 2)
    }

    @Test func matchesTheTextbookFormulaOnAGrid() {
        // With HMPPS's default target and hours (2176 on 37) the 15-place rounding never
        // matters: the exact result is a whole number only when the share terminates.
        for q in 0...160 {
            for r in stride(from: 0, through: q, by: 7) {
                let hours = Double(q) / 4, reduction = Double(r) / 4
                let expected = Int((2176 * (Double(q - r) / 4) / 37).rounded(.down))
                #expect(t.availablePoints(grade: .po, contractedHours: hours, reductionHours: reduction) == expected)
            }
        }
    }
}

@Suite struct CapacityTests {
    @Test func hmppsRounding() {
        #expect(Capacity(workloadPoints: 1064, availablePoints: 2070).percentText == "51.4")
        #expect(Capacity(workloadPoints: 1064, availablePoints: 2070).tenthsOfPercent == 514)
        // 1 / 8 = 0.125 exactly: half up → 0.125 → 12.5%; 1/16 = 0.0625 → 0.063 → 6.3%.
        #expect(Capacity(workloadPoints: 1, availablePoints: 8).percentText == "12.5")
        #expect(Capacity(workloadPoints: 1, availablePoints: 16).percentText == "6.3")
        #expect(Capacity(workloadPoints: 2500, availablePoints: 2176).percentText == "114.9")
        #expect(Capacity(workloadPoints: 0, availablePoints: 2176).percentText == "0.0")
        #expect(Capacity(workloadPoints: 2176, availablePoints: 2176).percent == 100)
        let p = Capacity(workloadPoints: 1064, availablePoints: 2070).percent!
        #expect(abs(p - 51.40096618) < 1e-6)
    }

    @Test func noAvailablePointsMeansNoFigure() {
        let c = Capacity(workloadPoints: 300, availablePoints: 0)
        #expect(c.percent == nil)
        #expect(c.tenthsOfPercent == nil)
        #expect(c.percentText == "")
        #expect(Capacity(workloadPoints: 0, availablePoints: 0).percent == nil)
        #expect(Capacity(workloadPoints: 5, availablePoints: -3).percent == nil)
    }
}

@Suite struct CaseloadTests {
    /// 3 community B2 + 2 licence A3 + 1 custody D1 + 1 SDR + 2 FDR.
    func example() -> Caseload {
        var c = Caseload()
        c.add(.community, .b2, count: 3)
        c.add(.licence, .a3, count: 2)
        c.add(.custody, .d1)
        c.add(.standard)
        c.add(.fast, count: 2)
        return c
    }

    @Test func handWorkedExample() {
        let c = example()
        // 3×115 + 2×219 + 13 + 138 + 2×65 = 345 + 438 + 13 + 138 + 130 = 1064.
        #expect(c.workloadPoints == 1064)
        #expect(PointsTable.hmppsDefault.workloadPoints(of: c) == 1064)
        #expect(c.caseCount == 6)
        #expect(c.count(.community, .b2) == 3 && c.count(.standard) == 1 && c.count(.fast) == 2)
        let cap = c.capacity(grade: .po, contractedHours: 37, reductionHours: 1.8)
        #expect(cap.availablePoints == 2070)
        #expect(cap.percentText == "51.4")
        #expect(c.capacity(availablePoints: 2070) == cap)
    }

    @Test func t2aCasesUseTheT2ATable() {
        var c = Caseload()
        c.add(.community, .a3, t2a: true)
        #expect(c.workloadPoints == 75)  // not 206
        c.add(.licence, .b2, t2a: true, count: 2)
        #expect(c.workloadPoints == 75 + 2 * 48)
        #expect(c.count(.licence, .b2) == 0 && c.count(.licence, .b2, t2a: true) == 2)
    }

    @Test func removeUndoesAdd() {
        var c = example()
        c.remove(.community, .b2)
        #expect(c.workloadPoints == 1064 - 115)
        c.remove(.fast, count: 2)
        #expect(c.workloadPoints == 1064 - 115 - 130)
        c.remove(.community, .b2, count: 2)
        c.remove(.licence, .a3, count: 2)
        c.remove(.custody, .d1)
        c.remove(.standard)
        #expect(c == Caseload())
        #expect(c.workloadPoints == 0 && c.caseCount == 0)
    }

    @Test func zeroHoursNoCrash() {
        let c = example()
        let cap = c.capacity(grade: .po, contractedHours: 0, reductionHours: 0)
        #expect(cap.availablePoints == 0 && cap.percent == nil && cap.workloadPoints == 1064)
        #expect(c.capacity(grade: .spo, contractedHours: 37, reductionHours: 0).percent == nil)
    }

    @Test func runningTotalMatchesRecomputationUnderRandomUpdates() {
        var rng = SystemRandomNumberGenerator()
        var c = Caseload()
        var held: [CaseCategory] = []
        for _ in 0..<2000 {
            if held.isEmpty || Bool.random(using: &rng) {
                let cat = CaseCategory.allCases.randomElement(using: &rng)!
                c.add(cat)
                held.append(cat)
            } else {
                c.remove(held.remove(at: Int.random(in: 0..<held.count, using: &rng)))
            }
        }
        #expect(c.workloadPoints == PointsTable.hmppsDefault.workloadPoints(of: c))
        #expect(c.caseCount == held.count)
    }

    @Test func reweigh() {
        var c = example()
        var doubled = PointsTable.hmppsDefault
        for cat in CaseCategory.allCases { doubled[cat] *= 2 }
        doubled.sdr *= 2
        doubled.fdr *= 2
        c.reweigh(with: doubled)
        #expect(c.workloadPoints == 2128)
        #expect(c.table == doubled)
        c.add(.community, .b2)
        #expect(c.workloadPoints == 2128 + 230)
    }

    @Test func codableRecomputesTotals() throws {
        let c = example()
        let back = try JSONDecoder().decode(Caseload.self, from: JSONEncoder().encode(c))
        #expect(back == c && back.workloadPoints == 1064)
        let json = #"{"cases": {"community_B2": 2, "t2a_custody_A3": 1}, "sdr": 1}"#
        let d = try JSONDecoder().decode(Caseload.self, from: Data(json.utf8))
        #expect(d.workloadPoints == 2 * 115 + 75 + 138)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Caseload.self, from: Data(#"{"cases": {"community_E2": 1}}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Caseload.self, from: Data(#"{"cases": {"community_B2": -1}}"#.utf8))
        }
    }
}
