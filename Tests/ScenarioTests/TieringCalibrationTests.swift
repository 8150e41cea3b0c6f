// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation
import XCTest
@testable import Probation
@testable import Scenario

/// The calibration of scenarios/national-tiering.yaml's profile model (assumption
/// `profile-calibration`): v2 tiers computed from drawn profiles match the national
/// scenario's assumed tier mix at sentence within the bands below. The targets are read
/// from the national scenario's own `cases.tier_mix`, not from the code under test.
final class TieringCalibrationTests: XCTestCase {
    static func mix(_ spec: TieringSpec, custody: Bool, n: Int, seed: UInt64) -> (letters: [Double], digits: [Double], v3: [Double], poOnly: Double) {
        let state = TieringState(spec: spec, reassessStream: StreamSeeder(masterSeed: seed, replication: 0).stream("r"))
        let stream = StreamSeeder(masterSeed: seed, replication: 0).stream("p")
        var letters = [Double](repeating: 0, count: 4), digits = [Double](repeating: 0, count: 4), v3 = [Double](repeating: 0, count: 9)
        var poOnly = 0.0
        let day = CivilDate(year: 2021, month: 6, day: 26)!
        for _ in 0..<n {
            let o = state.assign(0, type: custody ? .custody : .community, female: stream.bernoulli(0.15),
                                 custodyOrigin: custody, stream: stream, on: day)
            letters[o.v2.wmtColumnIndex / 4] += 1
            digits[3 - o.v2.complexity] += 1
            v3[TierV3.a.rawValue - o.v3.rawValue] += 1
            if o.v2.riskLetter == "A" || o.v2.riskLetter == "B" { poOnly += 1 }
        }
        let d = Double(n)
        return (letters.map { $0 / d }, digits.map { $0 / d }, v3.map { $0 / d }, poOnly / d)
    }

    func test_computedMixMatchesTheNationalAssumedMix() throws {
        let loaded = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/national-tiering.yaml").path)
        let spec = try XCTUnwrap(loaded.spec.tieringModel)
        XCTAssertTrue(loaded.spec.cases.tiering == .computed)
        for custody in [false, true] {
            let target = loaded.spec.cases.tierMix[custody ? .custody : .community]!
            let total = target.values.reduce(0, +)
            var tl = [Double](repeating: 0, count: 4), td = [Double](repeating: 0, count: 4)
            for (t, w) in target { tl[t.wmtColumnIndex / 4] += w / total; td[3 - t.complexity] += w / total }
            let got = Self.mix(spec, custody: custody, n: 50_000, seed: 7)
            let label = custody ? "custody" : "community"
            print("\(label): letters A–D \(got.letters.map { String(format: "%.3f", $0) }) target \(tl.map { String(format: "%.3f", $0) })")
            print("\(label): digits 3–0 \(got.digits.map { String(format: "%.3f", $0) }) target \(td.map { String(format: "%.3f", $0) })")
            print("\(label): v3 A…G, missing, not supervised \(got.v3.map { String(format: "%.3f", $0) }); A/B (PO only) \(String(format: "%.3f", got.poOnly))")
            for k in 0..<4 {
                XCTAssertTrue(abs(got.letters[k] - tl[k]) <= 0.05, "\(label) letter \(k): \(got.letters[k]) vs \(tl[k])")
                XCTAssertTrue(abs(got.digits[k] - td[k]) <= 0.05, "\(label) digit \(3 - k): \(got.digits[k]) vs \(td[k])")
            }
        }
    }
}

/// The `tiering` block is read like every other block: values checked, problems reported at
/// the value with line and column, all at once.
final class TieringBlockTests: XCTestCase {
    static let text = try! String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/national-tiering.yaml"), encoding: .utf8)

    func diagnostics(_ replacements: [(String, String)]) -> [String] {
        var t = Self.text
        for (a, b) in replacements {
            precondition(t.contains(a), a)
            t = t.replacingOccurrences(of: a, with: b)
        }
        return scenarioDiagnostics(t)
    }

    func test_theShippedFileLoadsWithItsVariant() throws {
        let loaded = try ScenarioLoader.load(text: Self.text, fileName: "s.yaml")
        let t = try XCTUnwrap(loaded.spec.tieringModel)
        XCTAssertTrue(t.calculator == .v2 && t.switchToV3 == nil)
        XCTAssertTrue(t.reassessmentIntervalDays == 364)
        XCTAssertTrue(t.v3Weighting == [.a2, .b2, .c3, .c2, .c1, .d2, .d1])
        XCTAssertTrue(t.profiles.registrations.count == 13)
        if case .levels(let l) = t.profiles.rosh.marginal { XCTAssertTrue(abs(l.reduce(0, +) - 1) < 1e-12) } else { XCTFail("rosh") }
    }

    func test_badValuesAreReportedAllAtOnce() {
        let d = diagnostics([
            ("factor_correlation: 0.4", "factor_correlation: 1.5"),
            ("ogrs: { quantiles: { 0: 2, 0.25: 20, 0.5: 40, 0.75: 62, 0.9: 78, 1: 97 }, reoffending: 0.9 }",
             "ogrs: { quantiles: { 0: 2, 0.25: 20, 0.5: 10 }, reoffending: 0.9 }"),
            ("mappa: { levels: { none: 0.955, M1: 0.04, M2: 0.004, M3: 0.001 }, harm: 0.75 }",
             "mappa: { levels: { none: 0.955, M5: 0.04 }, harm: 0.75 }"),
            ("G: D1 }", "G: E1 }"),
            ("every: 52 weeks", "every: 52"),
            ("parenting: { share: 0.45 }", "parenting: { levels: { LOW: 1 } }"),
        ])
        let joined = d.joined(separator: "\n")
        XCTAssertTrue(d.count == 6, "\(joined)")
        XCTAssertTrue(joined.contains("s.yaml:55:25: tiering.profiles.factor_correlation: expected a number between -1 and 1, found \"1.5\""), "\(joined)")
        XCTAssertTrue(joined.contains("tiering.profiles.ogrs.quantiles[\"0.5\"]: expected values that do not fall as the probability rises, found \"10\"; 10 follows 20"), "\(joined)")
        XCTAssertTrue(joined.contains("tiering.profiles.mappa.levels.M5: unknown key"), "\(joined)")
        XCTAssertTrue(joined.contains("s.yaml:47:64: tiering.v3_weighting.G: expected a v2 tier (A3 … D0) to weigh v3 tier G as, found \"E1\"\n"), "\(joined)")
        XCTAssertTrue(joined.contains("tiering.reassessment.every: expected a duration above 0 and at most 100 years, found \"52\"; add a unit"), "\(joined)")
        XCTAssertTrue(joined.contains("tiering.profiles.parenting.levels: expected no levels for parenting"), "\(joined)")
    }

    func test_loadingsBeyondUnitVarianceAreRefused() {
        let d = diagnostics([("rsr: { quantiles: { 0: 0.1, 0.25: 0.8, 0.5: 1.8, 0.75: 3.5, 0.9: 6.0, 0.97: 9.0, 1: 40 }, harm: 0.5, reoffending: 0.6 }",
                              "rsr: { quantiles: { 0: 0.1, 1: 40 }, harm: 0.8, reoffending: 0.6 }")])
        // 0.64 + 0.36 + 2 × 0.4 × 0.48 = 1.384
        XCTAssertTrue(d.joined().contains("tiering.profiles.rsr: expected loadings whose factor variance"), "\(d)")
        XCTAssertTrue(d.joined().contains("found 1.384"), "\(d)")
    }

    func test_computedNeedsTheBlock() {
        var t = Self.text
        let start = t.range(of: "\ntiering:\n")!.lowerBound
        let end = t.range(of: "\nvariants:\n")!.lowerBound
        t.removeSubrange(start..<end)
        t = t.replacingOccurrences(of: "  - name: v3-switch\n    description: From 26 June 2023 the v3 tiers weigh cases (v3-switch-date, v3-weighting).\n    set: { tiering.switch_to_v3: 2023-06-26 }\n", with: "")
        t = t.replacingOccurrences(of: "\nvariants:\n", with: "\n")
        let d = scenarioDiagnostics(t).joined(separator: "\n")
        XCTAssertTrue(d.contains("cases.tiering: expected sampled-mix, or computed with a top-level tiering block"), "\(d)")
    }
}
