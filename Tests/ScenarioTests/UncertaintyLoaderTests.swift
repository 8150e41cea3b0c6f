// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

/// `uncertainty:` blocks of assumptions-log entries and `--vary` (Uncertainty.swift).
final class UncertaintyLoaderTests: XCTestCase {
    /// The base scenario with an assumptions log whose entry carries `block`
    /// (lines 4–7 are the entry; `block`'s first line is line 8).
    func scenario(_ block: String) -> String {
        BaseScenario.replacing("  name: Base", with: """
              name: Base
              assumptions:
                - id: lengths
                  source: assumption
                  quality: low
            \(block)
            """)
    }

    func testRangesAndDistributionsAreReadWithTheirUnits() throws {
        let s = try loadScenario(scenario("""
                  uncertainty:
                    cases.community_length.mean: { low: 10 months, high: 16 months }
                    cases.custody_share: { distribution: beta, mean: 0.3, sd: 0.03 }
                    demand.sentences_per_week.national: { distribution: triangular, min: 25, mode: 30, max: 40 }
                    organisation.team_size: { low: 4, high: 6 }
                    cases.community_length.sd: { distribution: lognormal, mean: 5 months, sd: 1 months }
            """))
        let u = s.uncertainty
        XCTAssertEqual(u.map(\.path), ["cases.community_length.mean", "cases.custody_share", "demand.sentences_per_week.national",
                                       "organisation.team_size", "cases.community_length.sd"])
        XCTAssertEqual(Set(u.map(\.assumption)), ["lengths"])
        XCTAssertEqual(u[0].distribution, .uniform(low: 10, high: 16))
        XCTAssertEqual(u[0].unit, " months")
        XCTAssertEqual(u[0].text(u[0].value(at: 0.5)), "13 months")
        XCTAssertEqual(u[1].distribution, .beta(mean: 0.3, sd: 0.03))
        XCTAssertEqual(u[2].distribution, .triangular(min: 25, mode: 30, max: 40))
        XCTAssertTrue(u[2].whole, "the file writes 30, a whole number")
        XCTAssertTrue(u[3].whole)
        XCTAssertEqual(u[3].setting(u[3].value(at: 0.99)), "organisation.team_size=6")
        XCTAssertFalse(u[0].whole)
        XCTAssertEqual(u[0].position, YAMLPosition(line: 9, column: 9))
        // A value the sample gives reaches the model through --set.
        let at = try ScenarioLoader.load(text: scenario(""), fileName: "s.yaml", settings: [u[0].setting(14.5)])
        XCTAssertEqual(at.spec.cases.communityLengthDays.mean, 14.5 * 365.25 / 12, accuracy: 1e-6)
    }

    func testARangeOutsideTheFieldsValidRangeIsAnErrorAtItsLine() {
        let lines = scenarioDiagnostics(scenario("""
                  uncertainty:
                    cases.custody_share: { low: 0.2, high: 1.3 }
                    organisation.team_size: { low: 0, high: 6 }
            """))
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("s.yaml:9:48: cases.custody_share: with every uncertainty range at its high end: expected a share") && $0.contains("\"1.3\"") },
                      lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("s.yaml:10:40: organisation.team_size: with every uncertainty range at its low end: expected a whole number") },
                      lines.joined(separator: "\n"))
    }

    func testAPathThatDoesNotExistIsAnErrorAtItsKey() {
        let lines = scenarioDiagnostics(scenario("""
                  uncertainty:
                    cases.custody_shar: { low: 0.2, high: 0.4 }
                    cases.tier_mix: { low: 1, high: 2 }
                    levers[+]: { low: 1, high: 2 }
            """))
        XCTAssertEqual(lines.count, 3, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("s.yaml:9:9: metadata.assumptions[0].uncertainty[\"cases.custody_shar\"]: expected a path to a value written in the scenario"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("s.yaml:10:9: metadata.assumptions[0].uncertainty[\"cases.tier_mix\"]: expected a path to a single value"), lines[1])
        XCTAssertTrue(lines[2].contains("`[+]` appends"), lines[2])
    }

    func testBadRangesAreReportedWhereWritten() {
        let lines = scenarioDiagnostics(scenario("""
                  uncertainty:
                    cases.community_length.mean: { low: 16 months, high: 10 months }
                    cases.custody_share: { distribution: beta, mean: 0.3, sd: 0.6 }
                    demand.sentences_per_week.national: { distribution: gamma, mean: 30, sd: 3 }
                    organisation.team_size: { low: 4 months, high: 6 }
                    cases.community_length.sd: { low: 4 months, top: 6 months }
            """))
        // `top` is an unknown key, and `high` is then missing: both are said.
        XCTAssertEqual(lines.count, 6, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("s.yaml:9:38: metadata.assumptions[0].uncertainty[\"cases.community_length.mean\"]: expected a uniform range with low below high"), lines[0])
        XCTAssertTrue(lines[1].contains("expected a beta range with an sd above 0 with sd² below mean × (1 − mean)"), lines[1])
        XCTAssertTrue(lines[2].contains("expected one of"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("s.yaml:12:56: "), lines[3])
        XCTAssertTrue(lines[3].contains("expected a value in the same unit as `low` (\"months\")"), lines[3])
        XCTAssertTrue(lines[5].hasPrefix("s.yaml:13:53: ") && lines[5].contains(".top: unknown key"), lines[5])
        XCTAssertTrue(lines[4].hasPrefix("s.yaml:13:36: metadata.assumptions[0].uncertainty[\"cases.community_length.sd\"].high: expected a number"), lines[4])
    }

    func testVaryParsesLikeFreeParameters() throws {
        let p = try UncertainParameter.parseVary("cases.community_length.mean=9 months..15 months").get()
        XCTAssertEqual(p.distribution, .uniform(low: 9, high: 15))
        XCTAssertEqual(p.unit, " months")
        XCTAssertNil(p.assumption)
        let staff = try UncertainParameter.parseVary("organisation.regions[0].pdus[0].staff.PO=30..50").get()
        XCTAssertTrue(staff.whole)
        XCTAssertEqual(try UncertainParameter.parseVary("allocation.cap=100%..120%").get().unit, "%")
        XCTAssertThrowsError(try UncertainParameter.parseVary("allocation.cap=120%..100%").get())
        XCTAssertThrowsError(try UncertainParameter.parseVary("allocation.cap=100%..1.2").get())
        XCTAssertThrowsError(try UncertainParameter.parseVary("allocation.cap").get())
    }

    func testTheNationalScenarioLoadsWithItsRanges() throws {
        let national = try ScenarioLoader.loadBuiltInNational()
        for p in national.uncertainty { XCTAssertNil(p.distribution.problem, p.path) }
    }

    /// Computed tiering's ranges in the national log (profile-factors, profile-assessment,
    /// reassessment) reach the fields of the tiering model they name: every one at its low
    /// end, then at its high end, read back from the built specification (a range on a path the
    /// model ignored would vary nothing and rank as a null effect).
    func testTheNationalTieringRangesReachTheTieringModel() throws {
        let national = try ScenarioLoader.loadBuiltInNational()
        let ranges = national.uncertainty.filter { $0.path.hasPrefix("tiering.") }
        XCTAssertEqual(Set(ranges.map(\.assumption)), ["profile-factors", "profile-assessment", "reassessment"])
        XCTAssertEqual(ranges.count, 9)
        let base = try XCTUnwrap(national.spec.tieringModel)
        for (end, q) in [("low", 0.0), ("high", 1.0)] {
            var expected: [String: Double] = [:]
            for r in ranges {
                guard case .uniform(let low, let high) = r.distribution else { return XCTFail("\(r.path): not a uniform range") }
                expected[r.path] = q == 0 ? low : high
                XCTAssertEqual(r.value(at: q), q == 0 ? low : high, accuracy: 1e-9, r.path)
            }
            let at = try ScenarioLoader.loadBuiltInNational(settings: ranges.map { $0.setting($0.value(at: q)) })
            let t = try XCTUnwrap(at.spec.tieringModel, end)
            func share(_ a: AttributeSpec) -> Double? { if case .share(let s) = a.marginal { return s }; return nil }
            func value(_ path: String) throws -> Double { try XCTUnwrap(expected[path], "no range at \(path)") }
            XCTAssertEqual(t.reassessmentIntervalDays, try value("tiering.reassessment.every") * 7, accuracy: 1e-9, end)
            XCTAssertEqual(t.persistence, try value("tiering.reassessment.persistence"), accuracy: 1e-12, end)
            XCTAssertEqual(t.enforcementPerYear, try value("tiering.reassessment.enforcement_per_year"), accuracy: 1e-12, end)
            XCTAssertEqual(t.registrationsPerYear, try value("tiering.reassessment.registrations_per_year"), accuracy: 1e-12, end)
            XCTAssertEqual(t.profiles.factorCorrelation, try value("tiering.profiles.factor_correlation"), accuracy: 1e-12, end)
            XCTAssertEqual(t.profiles.custodyShift.harm, try value("tiering.profiles.custody_shift.harm"), accuracy: 1e-12, end)
            XCTAssertEqual(t.profiles.custodyShift.reoffending, try value("tiering.profiles.custody_shift.reoffending"), accuracy: 1e-12, end)
            XCTAssertEqual(share(t.profiles.assessment) ?? .nan, try value("tiering.profiles.assessment.share"), accuracy: 1e-12, end)
            XCTAssertEqual(share(t.profiles.communityMandate) ?? .nan, try value("tiering.profiles.community_mandate.share"), accuracy: 1e-12, end)
            // Nothing else in the tiering model moved.
            var rest = t
            rest.reassessmentIntervalDays = base.reassessmentIntervalDays; rest.persistence = base.persistence
            rest.enforcementPerYear = base.enforcementPerYear; rest.registrationsPerYear = base.registrationsPerYear
            rest.profiles.factorCorrelation = base.profiles.factorCorrelation; rest.profiles.custodyShift = base.profiles.custodyShift
            rest.profiles.assessment = base.profiles.assessment; rest.profiles.communityMandate = base.profiles.communityMandate
            XCTAssertEqual(rest, base, end)
        }
    }
}
