// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation
import Testing
@testable import Probation

/// Hand-worked cases for every rule and boundary of hmpps-tier's v2 and v3 calculators
/// (docs/tiering.md). Each expected value is worked out from the rules, not from the code.
@Suite struct TierV2CalculatorTests {
    func d(_ s: String) -> FixedDecimal { FixedDecimal(parsing: s)! }

    /// A profile with a mandate and an assessment and nothing else.
    func base() -> RiskNeedProfile {
        var p = RiskNeedProfile()
        p.hasAssessment = true
        p.mandateForChange = true
        return p
    }

    @Test func fixedDecimalParsesExactly() {
        #expect(d("6.99").millionths == 6_990_000)
        #expect(d("7").millionths == 7_000_000)
        #expect(d("0.000001").millionths == 1)
        #expect(d("-0.5").millionths == -500_000)
        #expect(d("99.99").description == "99.99")
        for bad in ["", ".", "1e3", "nan", "inf", "1.2345678", "1,5", "0x10", "--1", "1.2.3"] {
            #expect(FixedDecimal(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func rsrBands() {
        // 3.00 ≤ RSR ≤ 6.99 → 10; 7.00 ≤ RSR ≤ 99.99 (binary) → 20; else 0.
        let cases: [(String, Int)] = [
            ("0", 0), ("2.99", 0), ("2.999999", 0), ("3.00", 10), ("3.1", 10), ("6.9", 10), ("6.99", 10),
            // hmpps-tier's gap: above 6.99 and below 7.00 scores 0.
            ("6.991", 0), ("6.999999", 0),
            ("7.00", 20), ("7.1", 20), ("50", 20), ("99.98", 20), ("99.989999", 20),
            // BigDecimal(99.99) is 99.98999999999999488…, so 99.99 itself scores 0.
            ("99.99", 0), ("100", 0), ("999.99", 0),
        ]
        for (rsr, points) in cases {
            #expect(TierV2Calculator.rsrPoints(d(rsr)) == points, "RSR \(rsr)")
            var p = base(); p.rsr = d(rsr)
            #expect(TierV2Calculator.protectPoints(p) == points, "RSR \(rsr) alone")
        }
        #expect(TierV2Calculator.rsrPoints(nil) == 0)
    }

    @Test func onlyTheHigherOfRSRAndRoSHCounts() {
        // (RSR, RoSH) → points: max(rsrPoints, roshPoints).
        let cases: [(String, RoSHLevel?, Int, Character)] = [
            ("7.0", nil, 20, "B"), ("7.0", .low, 20, "B"), ("7.0", .medium, 20, "B"), ("7.0", .high, 20, "B"),
            ("7.0", .veryHigh, 150, "A"), ("3.0", .medium, 10, "C"), ("3.0", .high, 20, "B"),
            ("2.99", .medium, 10, "C"), ("2.99", .low, 0, "D"), ("0", .veryHigh, 150, "A"),
        ]
        for (rsr, rosh, points, letter) in cases {
            var p = base(); p.rsr = d(rsr); p.rosh = rosh
            let r = TierV2Calculator.calculate(p)
            #expect(r.protectPoints == points, "RSR \(rsr) RoSH \(String(describing: rosh))")
            #expect(r.protectLevel == letter)
        }
    }

    @Test func mappaAndComplexityFactors() {
        var p = base()
        for (m, pts) in [(MAPPA.m1, 5), (.m2, 150), (.m3, 150), (.m4, 0)] {
            p.mappa = m
            #expect(TierV2Calculator.protectPoints(p) == pts, "\(m)")
        }
        p.mappa = nil
        // 2 points per distinct complexity factor: ten of them → 20 → B.
        p.registrations = Registrations.complexityFactors
        #expect(TierV2Calculator.protectPoints(p) == 20)
        #expect(TierV2Calculator.calculate(p).protectLevel == "B")
        // Nine → 18 → C; IOM, lifer and the v3-only registrations are not complexity factors.
        p.registrations.remove(.terrorism)
        p.registrations.formUnion([.iom, .lifer, .domesticAbuse, .stalking, .unsupervised])
        #expect(TierV2Calculator.protectPoints(p) == 18)
        #expect(TierV2Calculator.calculate(p).protectLevel == "C")
    }

    @Test func protectThresholds() {
        // 149 → B, 150 → A; 19 → C, 20 → B; 9 → D, 10 → C.
        #expect(TierV2Calculator.protectLevel(points: 150) == "A")
        #expect(TierV2Calculator.protectLevel(points: 149) == "B")
        #expect(TierV2Calculator.protectLevel(points: 20) == "B")
        #expect(TierV2Calculator.protectLevel(points: 19) == "C")
        #expect(TierV2Calculator.protectLevel(points: 10) == "C")
        #expect(TierV2Calculator.protectLevel(points: 9) == "D")
        #expect(TierV2Calculator.protectLevel(points: 0) == "D")
        // Built from factors: RoSH high (20) + M1 (5) + 2 factors (4) = 29 → B;
        // RSR 3.5 (10) + M1 (5) + 2 factors (4) = 19 → C; M1 + 2 factors = 9 → D.
        var p = base(); p.rosh = .high; p.mappa = .m1; p.registrations = [.mentalHealth, .streetGangs]
        #expect(TierV2Calculator.calculate(p).protectPoints == 29)
        p.rosh = nil; p.rsr = d("3.5")
        #expect(TierV2Calculator.calculate(p).protectPoints == 19)
        #expect(TierV2Calculator.calculate(p).protectLevel == "C")
        p.rsr = nil
        #expect(TierV2Calculator.calculate(p).protectPoints == 9)
        #expect(TierV2Calculator.calculate(p).protectLevel == "D")
        // RoSH medium (10) + M1 (5) + RSR 7 (20, replacing RoSH's 10) + 3 factors (6) = 31 → B.
        p.rosh = .medium; p.rsr = d("7"); p.registrations = [.mentalHealth, .streetGangs, .selfHarm]
        #expect(TierV2Calculator.calculate(p).protectPoints == 31)
        // RoSH very high (150) + M3 (150) = 300 → A.
        p = base(); p.rosh = .veryHigh; p.mappa = .m3
        #expect(TierV2Calculator.calculate(p).protectPoints == 300)
    }

    @Test func womensFactors() {
        var p = base()
        p.parentingResponsibilities = 1; p.impulsivity = 2; p.temperControl = 1; p.previousEnforcement = true
        // Men: none of it counts.
        #expect(TierV2Calculator.protectPoints(p) == 0)
        p.female = true
        // Parenting 2 + self-control once 2 + breach/recall 2 = 6.
        #expect(TierV2Calculator.protectPoints(p) == 6)
        p.impulsivity = 0
        #expect(TierV2Calculator.protectPoints(p) == 6)      // temper control alone still 2
        p.temperControl = 0
        #expect(TierV2Calculator.protectPoints(p) == 4)
        p.parentingResponsibilities = 0
        #expect(TierV2Calculator.protectPoints(p) == 2)      // score 0 is not "answered"
        p.previousEnforcement = false
        #expect(TierV2Calculator.protectPoints(p) == 0)
        // Without an assessment the OASys answers are not there; breach/recall (nDelius) still counts.
        p.parentingResponsibilities = 2; p.impulsivity = 2; p.previousEnforcement = true; p.hasAssessment = false
        #expect(TierV2Calculator.protectPoints(p) == 2)
        // Women's factors tip C to B: RSR 3 (10) + 4 factors (8) + 2 = 20.
        p.hasAssessment = true; p.rsr = d("3"); p.parentingResponsibilities = 0; p.impulsivity = 0
        p.registrations = [.mentalHealth, .selfHarm, .vulnerability, .childConcerns]
        #expect(TierV2Calculator.calculate(p).protectPoints == 20)
        #expect(TierV2Calculator.calculate(p).protectLevel == "B")
        p.female = false
        #expect(TierV2Calculator.calculate(p).protectLevel == "C")
    }

    @Test func ogrsPoints() {
        // OGRS ÷ 10, integer division.
        for (ogrs, pts) in [(0, 0), (9, 0), (10, 1), (19, 1), (50, 5), (51, 5), (59, 5), (60, 6), (99, 9), (100, 10)] {
            var p = base(); p.ogrs = ogrs
            #expect(TierV2Calculator.change(p).points == pts, "OGRS \(ogrs)")
        }
    }

    @Test func needsWeights() {
        var p = base()
        // All eight severe: 6 × 1 × 2 + 2 × 2 × 2 = 20 → 3.
        for n in Need.allCases { p.needs[n] = .severe }
        #expect(TierV2Calculator.change(p) == (3, 20))
        // All standard: 6 + 4 = 10 → 2.
        for n in Need.allCases { p.needs[n] = .standard }
        #expect(TierV2Calculator.change(p) == (2, 10))
        p = base()
        p.needs[.thinkingBehaviour] = .severe   // 4
        p.needs[.attitudes] = .standard         // 2
        p.needs[.drugs] = .severe               // 2
        #expect(TierV2Calculator.change(p).points == 8)
    }

    @Test func changeThresholds() {
        // needs 4 (T&B severe) + OGRS 50 (5) = 9 → 1; + IOM 2 → 11 → 2; OGRS 100 → 14 + 2 = 16 → 2; needs + 4 → 20 → 3.
        var p = base()
        p.needs[.thinkingBehaviour] = .severe; p.ogrs = 50
        #expect(TierV2Calculator.change(p) == (1, 9))
        p.registrations = [.iom]
        #expect(TierV2Calculator.change(p) == (2, 11))
        p.ogrs = 100
        #expect(TierV2Calculator.change(p) == (2, 16))
        p.needs[.attitudes] = .standard   // +2 → 18
        p.needs[.accommodation] = .standard  // +1 → 19
        #expect(TierV2Calculator.change(p) == (2, 19))
        p.needs[.ete] = .standard  // +1 → 20
        #expect(TierV2Calculator.change(p) == (3, 20))
        p = base(); p.ogrs = 100
        #expect(TierV2Calculator.change(p) == (2, 10))
        p.ogrs = 99
        #expect(TierV2Calculator.change(p) == (1, 9))
        p.ogrs = nil
        #expect(TierV2Calculator.change(p) == (1, 0))
    }

    @Test func noMandateAndNoAssessment() {
        var p = base()
        for n in Need.allCases { p.needs[n] = .severe }
        p.ogrs = 100; p.rosh = .high
        #expect(TierV2Calculator.calculate(p).label == "B3")
        // No assessment: level 2 with 0 points, whatever the needs.
        p.hasAssessment = false
        #expect(TierV2Calculator.change(p) == (2, 0))
        #expect(TierV2Calculator.calculate(p).label == "B2")
        // No mandate beats no assessment: level 0.
        p.mandateForChange = false
        #expect(TierV2Calculator.change(p) == (0, 0))
        #expect(TierV2Calculator.calculate(p).label == "B0")
        p.hasAssessment = true
        #expect(TierV2Calculator.calculate(p).label == "B0")
    }

    @Test func unsupervisedSuffix() {
        var p = base(); p.rosh = .veryHigh; p.registrations = [.unsupervised]
        let r = TierV2Calculator.calculate(p)
        #expect(r.label == "A1S")
        #expect(r.tier == .a1)
        #expect(r.unsupervised)
        p.registrations = []
        #expect(TierV2Calculator.calculate(p).label == "A1")
    }
}

@Suite struct TierV3CalculatorTests {
    func d(_ s: String) -> FixedDecimal { FixedDecimal(parsing: s)! }
    let day = CivilDate(year: 2026, month: 6, day: 15)!

    /// Dynamic ARP and CSRP, RoSH low (so the missing-RoSH rule stays out of the way).
    func base(arp: String = "0", csrp: String = "0") -> RiskNeedProfile {
        var p = RiskNeedProfile()
        p.arp = d(arp); p.csrp = d(csrp); p.rosh = .low; p.activeEvent = true
        return p
    }

    func tier(_ p: RiskNeedProfile, on day: CivilDate? = nil) throws -> TierV3Result {
        try TierV3Calculator.calculate(p, asOf: day ?? self.day)
    }

    @Test func everyARPxCSRPCell() throws {
        // The table written out by hand, rows CSRP 6.9, 3.0, 1.0, 0.5, 0; columns ARP 90, 75, 50, 25, 15, 0.
        let expected = ["AABBBB", "ABCCCC", "BCDEEE", "CDEEFF", "DDEFFG"]
        let csrps = ["6.9", "3.0", "1.0", "0.5", "0"], arps = ["90", "75", "50", "25", "15", "0"]
        // Just below each threshold falls to the next row / column.
        let csrpBelow = ["100", "6.899999", "2.999999", "0.999999", "0.499999"]
        let arpBelow = ["100", "89.999999", "74.999999", "49.999999", "24.999999", "14.999999"]
        for (r, row) in expected.enumerated() {
            for (c, letter) in row.enumerated() {
                let want = TierV3(name: String(letter))!
                #expect(try tier(base(arp: arps[c], csrp: csrps[r])).tier == want, "ARP \(arps[c]) CSRP \(csrps[r])")
                #expect(try tier(base(arp: arpBelow[c], csrp: csrpBelow[r])).tier == want,
                        "ARP \(arpBelow[c]) CSRP \(csrpBelow[r])")
            }
        }
    }

    @Test func notSupervisedAndMissing() throws {
        var p = base(arp: "95", csrp: "7")
        p.activeEvent = false
        #expect(try tier(p) == TierV3Result(tier: .notSupervised))
        p.activeEvent = true
        p.arp = nil
        #expect(try tier(p) == TierV3Result(tier: .missing))
        p.arp = d("95"); p.csrp = nil
        #expect(try tier(p) == TierV3Result(tier: .missing))
        // Missing predictors win over everything else, even MAPPA and RoSH very high.
        p.mappa = .m3; p.rosh = .veryHigh
        #expect(try tier(p).tier == .missing)
        // Not supervised wins over missing.
        p.activeEvent = false
        #expect(try tier(p).tier == .notSupervised)
        // The order puts them below G.
        #expect(TierV3.notSupervised < .missing && TierV3.missing < .g && TierV3.g < .a)
    }

    @Test func dcsrpBands() throws {
        let cases: [(String, DCSRPBand, TierV3)] = [
            ("5.31", .veryHigh, .a), ("0.01", .veryHigh, .a), ("2.11", .high, .b), ("1.50", .high, .b),
            ("0.02", .low, .e),
            // Medium: ≥ 3.36 C, ≥ 2.11 D, ≥ 1.12 C, ≥ 0.60 D.
            ("9", .medium, .c), ("3.36", .medium, .c), ("3.359999", .medium, .d), ("2.11", .medium, .d),
            ("2.109999", .medium, .c), ("1.12", .medium, .c), ("1.119999", .medium, .d), ("0.60", .medium, .d),
        ]
        for (score, band, want) in cases {
            var p = base(); p.dcsrpScore = d(score); p.dcsrpBand = band
            #expect(try tier(p).tier == want, "DC-SRP \(score) \(band)")
        }
        // Ignored: not applicable, no band, no score, a score of 0.
        for (score, band) in [("2.11", DCSRPBand.notApplicable), ("2.11", nil), (nil, .veryHigh), ("0", .veryHigh), ("0", .medium)] {
            var p = base(); p.dcsrpScore = score.map(d); p.dcsrpBand = band
            #expect(try tier(p).tier == .g)
        }
        // Medium below 0.60: hmpps-tier fails.
        var p = base(); p.dcsrpScore = d("0.59"); p.dcsrpBand = .medium
        #expect(throws: TierV3Failure.dcsrpMediumBelowThresholds(d("0.59"))) { try tier(p) }
        // ...but only once it gets that far: not supervised or missing predictors come first.
        p.activeEvent = false
        #expect(try tier(p).tier == .notSupervised)
    }

    @Test func mappaTimesRoSH() throws {
        let cases: [(MAPPA?, RoSHLevel?, TierV3)] = [
            (.m1, .veryHigh, .a), (.m2, .high, .c), (.m3, .medium, .d), (.m4, .low, .e), (.m1, nil, .e),
            (nil, .veryHigh, .c), (nil, .high, .d), (nil, .medium, .g), (nil, .low, .g),
        ]
        for (m, rosh, want) in cases {
            var p = base(); p.mappa = m; p.rosh = rosh
            #expect(try tier(p).tier == want, "\(String(describing: m)) \(String(describing: rosh))")
        }
        // A lower step does not pull a higher tier down: ARP 90 CSRP 1.0 (B) with RoSH medium.
        var p = base(arp: "90", csrp: "1.0"); p.rosh = .medium
        #expect(try tier(p).tier == .b)
    }

    @Test func liferReleaseDates() throws {
        // As of 15 June 2026: on or after 15 June 2025 → B; on or after 15 June 2021 → D; else E.
        let cases: [(String, TierV3)] = [
            ("2026-12-01", .b), ("2026-06-14", .b), ("2025-06-16", .b), ("2025-06-15", .b), ("2025-06-14", .d),
            ("2024-06-15", .d), ("2021-06-16", .d), ("2021-06-15", .d), ("2021-06-14", .e), ("2020-06-15", .e),
        ]
        for (date, want) in cases {
            var p = base(); p.registrations = [.lifer]; p.liferReleaseDate = CivilDate(iso: date)
            #expect(try tier(p).tier == want, "released \(date)")
        }
        // No release date, or a date without the INLL registration: nothing.
        var p = base(); p.registrations = [.lifer]
        #expect(try tier(p).tier == .g)
        p.registrations = []; p.liferReleaseDate = CivilDate(iso: "2026-06-01")
        #expect(try tier(p).tier == .g)
        // 29 February: a year before 29 Feb 2028 is 28 Feb 2027 (Java's minusYears).
        let leap = CivilDate(iso: "2028-02-29")!
        #expect(TierV3Calculator.minusYears(1, from: leap) == CivilDate(iso: "2027-02-28"))
        p.registrations = [.lifer]; p.liferReleaseDate = CivilDate(iso: "2027-02-28")
        #expect(try tier(p, on: leap).tier == .b)
        p.liferReleaseDate = CivilDate(iso: "2027-02-27")
        #expect(try tier(p, on: leap).tier == .d)
    }

    @Test func registrationsAndSexualOffence() throws {
        let cases: [(Registrations, Bool, TierV3)] = [
            ([], false, .g), ([.domesticAbuse], false, .e), ([.domesticAbuseHistory], false, .e),
            ([.stalking], false, .f), ([.childProtection], false, .f), ([.stalking, .childProtection], false, .f),
            ([.domesticAbuse, .stalking, .childProtection], false, .e), ([], true, .e),
            // v2-only registrations do nothing in v3.
            ([.mentalHealth, .iom, .streetGangs, .unsupervised], false, .g),
        ]
        for (regs, sexual, want) in cases {
            var p = base(); p.registrations = regs; p.everSexualOffence = sexual
            #expect(try tier(p).tier == want, "\(regs.codeList) sexual \(sexual)")
        }
    }

    @Test func provisionalStaticPredictors() throws {
        // Both static: provisional unless another step gives A.
        var p = base(arp: "90", csrp: "6.9"); p.arpStatic = true; p.csrpStatic = true; p.rosh = .high
        #expect(try tier(p) == TierV3Result(tier: .a, provisional: true))
        p.dcsrpScore = d("0.01"); p.dcsrpBand = .veryHigh
        #expect(try tier(p) == TierV3Result(tier: .a, provisional: false))
        p.dcsrpScore = nil; p.mappa = .m1; p.rosh = .veryHigh
        #expect(try tier(p) == TierV3Result(tier: .a, provisional: false))
        // ARP static: the best of the CSRP's row (CSRP 0.5 → C) must be reached by another step.
        p = base(arp: "0", csrp: "0.5"); p.arpStatic = true; p.rosh = .medium
        #expect(try tier(p) == TierV3Result(tier: .f, provisional: true))
        p.mappa = .m1; p.rosh = .high   // MAPPA × RoSH high → C
        #expect(try tier(p) == TierV3Result(tier: .c, provisional: false))
        p.rosh = .medium                 // → D, below C
        #expect(try tier(p) == TierV3Result(tier: .d, provisional: true))
        // CSRP static: the best of the ARP's column (ARP 25 → B) must be reached.
        p = base(arp: "25", csrp: "0"); p.csrpStatic = true; p.rosh = .medium
        #expect(try tier(p) == TierV3Result(tier: .f, provisional: true))
        p.dcsrpScore = d("2.11"); p.dcsrpBand = .high
        #expect(try tier(p) == TierV3Result(tier: .b, provisional: false))
        // Dynamic both, RoSH present: never provisional.
        p = base(arp: "0", csrp: "0")
        #expect(try tier(p).provisional == false)
    }

    @Test func provisionalMissingRoSH() throws {
        // With MAPPA: provisional unless the other steps (dynamic ARP × CSRP, DC-SRP, …) give A.
        var p = base(arp: "50", csrp: "6.9"); p.rosh = nil; p.mappa = .m1
        #expect(try tier(p) == TierV3Result(tier: .b, provisional: true))
        p.arp = d("90")
        #expect(try tier(p) == TierV3Result(tier: .a, provisional: false))
        p = base(); p.rosh = nil; p.mappa = .m1; p.dcsrpScore = d("0.01"); p.dcsrpBand = .veryHigh
        #expect(try tier(p) == TierV3Result(tier: .a, provisional: false))
        p = base(arp: "90", csrp: "0.5"); p.rosh = nil; p.mappa = .m1
        p.registrations = [.lifer]; p.liferReleaseDate = day; p.dcsrpScore = d("1.12"); p.dcsrpBand = .medium
        #expect(try tier(p) == TierV3Result(tier: .b, provisional: true))
        // Without MAPPA: provisional unless they give C or higher.
        p = base(arp: "75", csrp: "0"); p.rosh = nil
        #expect(try tier(p) == TierV3Result(tier: .d, provisional: true))
        p = base(arp: "90", csrp: "0.5"); p.rosh = nil
        #expect(try tier(p) == TierV3Result(tier: .c, provisional: false))
        p = base(arp: "50", csrp: "6.9"); p.rosh = nil
        #expect(try tier(p) == TierV3Result(tier: .b, provisional: false))
        p = base(); p.rosh = nil; p.dcsrpScore = d("1.12"); p.dcsrpBand = .medium
        #expect(try tier(p) == TierV3Result(tier: .c, provisional: false))
        p.dcsrpScore = d("0.60")
        #expect(try tier(p) == TierV3Result(tier: .d, provisional: true))
        p = base(); p.rosh = nil; p.registrations = [.lifer]; p.liferReleaseDate = day
        #expect(try tier(p) == TierV3Result(tier: .b, provisional: false))
        p = base(); p.rosh = nil; p.everSexualOffence = true
        #expect(try tier(p) == TierV3Result(tier: .e, provisional: true))
        // A static predictor's table result does not lift the missing-RoSH rule: ARP 90 CSRP 6.9
        // gives A, but with a static CSRP it does not count, so MAPPA + no RoSH is provisional.
        p = base(arp: "90", csrp: "6.9"); p.rosh = nil; p.mappa = .m1; p.csrpStatic = true
        #expect(try tier(p) == TierV3Result(tier: .a, provisional: true))
    }
}
