// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

/// `horizon.after_end`: dated items after the end of a (shortened) horizon are
/// refused by default, or dropped — and listed — with `drop`.
final class HorizonAfterEndTests: XCTestCase {
    /// The base scenario with a 1-year horizon (2021-06-28 to 2022-06-28, 365
    /// days), `after_end` as given (nil: absent) on line 7, and `levers:` on line
    /// 38 (37 with `after_end` absent) with three levers: on 3 January 2022, on
    /// the last day, the day after.
    func scenario(afterEnd: String?, lastLever: String = "staff: { grade: PO, add: 1 }") -> String {
        let horizon = "  length: 1 years" + (afterEnd.map { "\n  after_end: \($0)" } ?? "")
        return replacingLine("  length: 2 years", with: horizon, in: BaseScenario.text) + """
            levers:
              - { date: 2022-01-03, inflow: { scale: 1.1 } }
              - { date: 2022-06-28, inflow: { scale: 1.2 } }
              - { date: 2022-06-29, \(lastLever) }

            """
    }

    func testByDefaultAnItemAfterTheEndIsRefused() {
        XCTAssertEqual(scenarioDiagnostics(scenario(afterEnd: nil)), [
            // Line 37 "levers:", 38–40 the levers; "  - { date: " is 12 characters.
            "s.yaml:40:13: levers[2].date: expected a date within the horizon (2021-06-28 to 2022-06-28), found \"2022-06-29\"; lever date after the end of the horizon",
        ])
        XCTAssertEqual(scenarioDiagnostics(scenario(afterEnd: "refuse")).count, 1)
    }

    func testDropLeavesItOutAndSaysWhere() throws {
        let s = try loadScenario(scenario(afterEnd: "drop"))
        // The lever on the last day is within the horizon (both ends included) and kept.
        XCTAssertEqual(s.spec.levers.map(\.date.description), ["2022-01-03", "2022-06-28"])
        // With after_end on line 7 the levers are on lines 39–41; "  - " is 4 characters.
        XCTAssertEqual(s.dropped.map(\.description), [
            "s.yaml:41:5: levers[2]: lever dated 2022-06-29, after the end of the horizon (2022-06-28): dropped (horizon.after_end: drop)",
        ])
        XCTAssertEqual(s.points.map(\.dropped.count), [1], "the base point carries the list too")
        // Without anything after the end nothing is listed.
        let none = try loadScenario(replacingLine("  length: 2 years", with: "  length: 2 years\n  after_end: drop", in: BaseScenario.text))
        XCTAssertEqual(none.dropped, [])
    }

    func testADroppedItemIsStillChecked() {
        XCTAssertEqual(scenarioDiagnostics(scenario(afterEnd: "drop", lastLever: "staff: { grade: Trainee, add: 1 }")).count, 1)
        XCTAssertTrue(scenarioDiagnostics(scenario(afterEnd: "drop", lastLever: "staff: { grade: Trainee, add: 1 }"))[0]
            .hasPrefix("s.yaml:41:"))
    }

    func testItemsBeforeTheStartAreStillErrors() {
        let yaml = scenario(afterEnd: "drop").replacingOccurrences(of: "2022-01-03", with: "2021-01-04")
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:39:13: levers[0].date: expected a date within the horizon (2021-06-28 to 2022-06-28), found \"2021-01-04\"; lever date before the start of the horizon",
        ])
    }

    func testAnotherValueIsReported() {
        XCTAssertEqual(scenarioDiagnostics(scenario(afterEnd: "keep")).first,
                       "s.yaml:7:14: horizon.after_end: expected refuse or drop, found \"keep\"; what to do with dated items (levers, PQiP intakes, points tables) after the end of the horizon")
    }

    /// The national model shortened to 3 years (to 25 June 2024): what `drop`
    /// leaves out is exactly what the default refuses — the four PQiP intakes
    /// from October 2024 and the three levers from July 2024 (the Probation
    /// Reset's two and SDS40) — at the same places, and nothing else.
    func testTheShortenedNationalModelDropsExactlyWhatItWouldRefuse() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/national-day1.yaml").path
        var refused: [ScenarioDiagnostic] = []
        do {
            _ = try ScenarioLoader.load(path: path, settings: ["horizon.length=3 years"])
            XCTFail("the shortened national model should be refused without after_end: drop")
        } catch { refused = error.diagnostics }
        let full = try ScenarioLoader.load(path: path)
        let s = try ScenarioLoader.load(path: path, settings: ["horizon.length=3 years", "horizon.after_end=drop"])
        XCTAssertEqual(refused.count, 7)
        XCTAssertEqual(s.dropped.count, 7)
        XCTAssertEqual(s.dropped.map(\.line), refused.map(\.line))
        XCTAssertEqual(s.spec.workforce.pqip?.intakes.count, (full.spec.workforce.pqip?.intakes.count ?? 0) - 4)
        let end = CivilDate(iso: "2024-06-25")!
        XCTAssertTrue(s.spec.workforce.pqip!.intakes.allSatisfy { $0.date <= end })
        // The levers kept are the full model's up to the end (a lever with two changes counts twice).
        XCTAssertEqual(s.spec.levers.map(\.date), full.spec.levers.map(\.date).filter { $0 <= end })
        XCTAssertLessThan(s.spec.levers.count, full.spec.levers.count)
    }
}
