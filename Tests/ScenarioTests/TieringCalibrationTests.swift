// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation
import XCTest
@testable import Probation
@testable import Scenario

/// The calibration of the national model's profile model (scenarios/national-day1.yaml, the
/// built-in scenario; assumption `profile-calibration`): v2 tiers computed from drawn profiles match the national
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
        let loaded = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/national-day1.yaml").path)
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
    /// The national model, whose tiers are computed (its `tiering` block is the file's last).
    static let text = try! String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/national-day1.yaml"), encoding: .utf8)

    func diagnostics(_ replacements: [(String, String)]) -> [String] {
        var t = Self.text
        for (a, b) in replacements {
            precondition(t.contains(a), a)
            t = t.replacingOccurrences(of: a, with: b)
        }
        return scenarioDiagnostics(t)
    }

    func test_theNationalModelComputesV2Tiers() throws {
        let loaded = try ScenarioLoader.load(text: Self.text, fileName: "s.yaml")
        XCTAssertTrue(loaded.spec.cases.tiering == .computed)
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
        // The national file's line of each (it is generated, so its lines move as the log grows).
        func line(_ text: String) -> Int {
            (Self.text.components(separatedBy: "\n").firstIndex { $0.contains(text) } ?? -1) + 1
        }
        XCTAssertTrue(d.count == 6, "\(joined)")
        XCTAssertTrue(joined.contains("s.yaml:\(line("factor_correlation: 0.4")):25: tiering.profiles.factor_correlation: expected a number between -1 and 1, found \"1.5\""), "\(joined)")
        XCTAssertTrue(joined.contains("tiering.profiles.ogrs.quantiles[\"0.5\"]: expected values that do not fall as the probability rises, found \"10\"; 10 follows 20"), "\(joined)")
        XCTAssertTrue(joined.contains("tiering.profiles.mappa.levels.M5: unknown key"), "\(joined)")
        XCTAssertTrue(joined.contains("s.yaml:\(line("G: D1 }")):64: tiering.v3_weighting.G: expected a v2 tier (A3 … D0) to weigh v3 tier G as, found \"E1\"\n"), "\(joined)")
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
        // The block runs to the end of the file.
        let start = t.range(of: "\ntiering:\n")!.lowerBound
        t.removeSubrange(start..<t.endIndex)
        let d = scenarioDiagnostics(t).joined(separator: "\n")
        XCTAssertTrue(d.contains("cases.tiering: expected sampled-mix, or computed with a top-level tiering block"), "\(d)")
    }
}

/// The national model's assumptions log states the profile model's figures in
/// words; these must be the values the file sets (a stale log once said RoSH 30/55/14/1% while
/// the file drew 28/51/20/1%). Each figure is read from the log's text and compared with the
/// loaded spec.
final class TieringAssumptionsLogTests: XCTestCase {
    /// The numbers captured by `pattern` in the figure of assumption `id`.
    func figures(_ loaded: LoadedScenario, _ id: String, _ pattern: String, file: StaticString = #filePath, line: UInt = #line) -> [Double] {
        guard let figure = loaded.assumptions.first(where: { $0.id == id })?.figure else {
            XCTFail("no assumption \(id) with a figure", file: file, line: line); return []
        }
        let re = try! NSRegularExpression(pattern: pattern)
        guard let m = re.firstMatch(in: figure, range: NSRange(figure.startIndex..., in: figure)) else {
            XCTFail("\(id): \"\(figure)\" does not match \(pattern)", file: file, line: line); return []
        }
        return (1..<m.numberOfRanges).map { Double(figure[Range(m.range(at: $0), in: figure)!])! }
    }

    func levels(_ a: AttributeSpec) -> [Double] {
        if case .levels(let l) = a.marginal { return l }
        XCTFail("not levels: \(a.marginal)"); return []
    }

    func share(_ a: AttributeSpec) -> Double {
        if case .share(let s) = a.marginal { return s }
        XCTFail("not a share: \(a.marginal)"); return .nan
    }

    func assertSame(_ logged: [Double], _ set: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(logged.count, set.count, what, file: file, line: line)
        for (a, b) in zip(logged, set) {
            XCTAssertEqual(a, b, accuracy: 1e-9, "\(what): logged \(logged), set \(set)", file: file, line: line)
        }
    }

    func test_theLogStatesTheValuesTheFileSets() throws {
        let loaded = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/national-day1.yaml").path)
        let p = try XCTUnwrap(loaded.spec.tieringModel).profiles
        let n = #"([0-9]+(?:\.[0-9]+)?)"#

        let factors = figures(loaded, "profile-factors", "correlation \(n); custody-sentenced cases \\+\(n) harm, \\+\(n) reoffending")
        assertSame(factors, [p.factorCorrelation, p.custodyShift.harm, p.custodyShift.reoffending], "profile-factors")

        let rosh = figures(loaded, "profile-rosh", "low \(n)%, medium \(n)%, high \(n)%, very high \(n)%; loading \(n) on harm")
        assertSame(rosh, levels(p.rosh).map { $0 * 100 } + [p.rosh.loadings.harm], "profile-rosh")

        let mappa = figures(loaded, "profile-mappa", "none \(n)%, level 1 \(n)%, level 2 \(n)%, level 3 \(n)%; loading \(n) on harm")
        assertSame(mappa, levels(p.mappa).map { $0 * 100 } + [p.mappa.loadings.harm], "profile-mappa")

        let needs = figures(loaded, "profile-needs", "no need \(n)%, standard \(n)%, severe \(n)%; loading \(n) on reoffending")
        assertSame(needs, levels(p.needs).map { $0 * 100 } + [p.needs.loadings.reoffending], "profile-needs")

        let assessment = figures(loaded, "profile-assessment", "valid OASys assessment \(n)%; community sentences with a mandate for change \(n)%")
        assertSame(assessment, [share(p.assessment) * 100, share(p.communityMandate) * 100], "profile-assessment")

        let women = figures(loaded, "profile-women", "parenting responsibilities \(n)%, impulsivity or temper control \(n)% \\(loading \(n) on reoffending\\)")
        assertSame(women, [share(p.parenting) * 100, share(p.selfControl) * 100, p.selfControl.loadings.reoffending], "profile-women")

        let sexual = figures(loaded, "profile-sexual", "sexual offence \(n)% \\(harm \(n)\\); DC-SRP low \(n)%, medium \(n)%, high \(n)%, very high \(n)% \\(harm \(n)\\); lifers \(n)% of custody-sentenced cases \\(harm \(n)\\)")
        assertSame(sexual, [share(p.sexualOffence) * 100, p.sexualOffence.loadings.harm] + levels(p.dcsrpBands).map { $0 * 100 }
                   + [p.dcsrpBands.loadings.harm, share(p.lifer) * 100, p.lifer.loadings.harm], "profile-sexual")

        // Registrations: every code the log names, with its share, and no drawn code left out.
        let regFigure = try XCTUnwrap(loaded.assumptions.first { $0.id == "profile-registrations" }?.figure)
        let re = try NSRegularExpression(pattern: "([A-Z]{3,4}) \(n)%")
        var logged: [DrawnRegistration: Double] = [:]
        for m in re.matches(in: regFigure, range: NSRange(regFigure.startIndex..., in: regFigure)) {
            let code = DrawnRegistration(rawValue: String(regFigure[Range(m.range(at: 1), in: regFigure)!]))
            logged[try XCTUnwrap(code)] = Double(regFigure[Range(m.range(at: 2), in: regFigure)!])!
        }
        XCTAssertEqual(Set(logged.keys), Set(p.registrations.keys), "profile-registrations: codes logged vs drawn")
        for (code, spec) in p.registrations {
            XCTAssertEqual(logged[code] ?? .nan, share(spec) * 100, accuracy: 1e-9, "profile-registrations \(code)")
        }
    }
}
