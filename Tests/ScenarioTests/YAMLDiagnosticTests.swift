// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Scenario

/// The diagnostic format, paths, suggestions and the small value types.
final class YAMLDiagnosticTests: XCTestCase {

    func testRendering() {
        XCTAssertEqual(ScenarioDiagnostic(file: "scenarios/pdu.yaml", line: 14, column: 9,
                                          path: "demand.pdus[3].weekly_sentences",
                                          message: "expected a number ≥ 0, found \"lots\"").description,
                       "scenarios/pdu.yaml:14:9: demand.pdus[3].weekly_sentences: expected a number ≥ 0, found \"lots\"")
        XCTAssertEqual(ScenarioDiagnostic(file: "a.yaml", line: 2, column: 1, message: "invalid YAML: x").description,
                       "a.yaml:2:1: invalid YAML: x")
        XCTAssertEqual(ScenarioDiagnostic(file: "a.yaml", line: 0, column: 0, message: "cannot read the file").description,
                       "a.yaml: cannot read the file")
    }

    func testOrderingIsByFileThenPosition() {
        let whole = ScenarioDiagnostic(file: "a.yaml", line: 0, column: 0, message: "z")
        let early = ScenarioDiagnostic(file: "a.yaml", line: 2, column: 9, message: "z")
        let late = ScenarioDiagnostic(file: "a.yaml", line: 10, column: 1, message: "a")
        let other = ScenarioDiagnostic(file: "b.yaml", line: 1, column: 1, message: "a")
        XCTAssertEqual([other, late, early, whole].sorted(), [whole, early, late, other])
        // Exact repeats are dropped.
        XCTAssertEqual(ScenarioDiagnostics([late, early, late]).diagnostics, [early, late])
    }

    func testOneOmittedErrorIsSingular() {
        let d = ScenarioDiagnostic(file: "a.yaml", line: 1, column: 1, message: "m")
        XCTAssertEqual(ScenarioDiagnostics([d], omittedCount: 1).description, "a.yaml:1:1: m\n…and 1 more error")
        XCTAssertEqual(ScenarioDiagnostics([d], omittedCount: 1).totalCount, 2)
    }

    func testPaths() {
        let path = YAMLPath.root.appending(key: "demand").appending(key: "pdus").appending(index: 3)
            .appending(key: "weekly_sentences")
        XCTAssertEqual(path.description, "demand.pdus[3].weekly_sentences")
        XCTAssertEqual(YAMLPath.root.description, "")
        XCTAssertEqual(YAMLPath.root.appending(index: 0).appending(key: "a").description, "[0].a")
        XCTAssertEqual(YAMLPath.root.appending(key: "rates").appending(key: "a.b").description, "rates[\"a.b\"]")
        XCTAssertEqual(YAMLPath.root.appending(key: "North East").appending(key: "x").description, "[\"North East\"].x")
        XCTAssertEqual(path.lastKey, "weekly_sentences")
    }

    func testQuotingOfFoundText() {
        XCTAssertEqual(quoted("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"")
        XCTAssertEqual(quoted(String(repeating: "x", count: 70)), "\"" + String(repeating: "x", count: 60) + "…\"")
    }

    func testDistance() {
        XCTAssertEqual(Suggestions.distance("regionz", "regions"), 1)
        XCTAssertEqual(Suggestions.distance("hgih", "high"), 1)  // one transposition
        XCTAssertEqual(Suggestions.distance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggestions.distance("", "abc"), 3)
        XCTAssertEqual(Suggestions.distance("same", "same"), 0)
    }

    func testSuggestOnlyWhenClose() {
        let keys = ["name", "regions", "weekly_sentences", "horizon"]
        XCTAssertEqual(Suggestions.closest(to: "regionz", in: keys), "regions")
        XCTAssertEqual(Suggestions.closest(to: "Weekly-Sentences", in: keys), "weekly_sentences")
        XCTAssertEqual(Suggestions.closest(to: "weekly_sentence", in: keys), "weekly_sentences")
        XCTAssertEqual(Suggestions.closest(to: "horizn", in: keys), "horizon")
        XCTAssertNil(Suggestions.closest(to: "colour", in: keys))
        XCTAssertNil(Suggestions.closest(to: "nm", in: keys))  // 2 edits on a short word is too far
        XCTAssertNil(Suggestions.closest(to: "x", in: []))
    }

    func testDates() {
        XCTAssertNil(YAMLDate(year: 2021, month: 2, day: 29))
        XCTAssertNotNil(YAMLDate(year: 2024, month: 2, day: 29))
        XCTAssertNil(YAMLDate(year: 2100, month: 2, day: 29))
        XCTAssertNotNil(YAMLDate(year: 2000, month: 2, day: 29))
        XCTAssertEqual(YAMLDate(isoString: "2021-06-26")?.isoString, "2021-06-26")
        XCTAssertEqual(YAMLDate(year: 987, month: 1, day: 2)?.isoString, "0987-01-02")
        XCTAssertNil(YAMLDate(isoString: "2021-6-26"))
        XCTAssertNil(YAMLDate(isoString: "2021-06-26T00:00"))
        XCTAssertNil(YAMLDate(isoString: "0000-01-01"))
        XCTAssertLessThan(YAMLDate(year: 2021, month: 12, day: 31)!, YAMLDate(year: 2022, month: 1, day: 1)!)
        XCTAssertEqual((1...12).map { YAMLDate.daysInMonth($0, year: 2023) },
                       [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    }

    func testCoreSchemaResolution() {
        XCTAssertEqual(ResolvedScalar.resolvePlain("12"), .int)
        XCTAssertEqual(ResolvedScalar.resolvePlain("+12"), .int)
        XCTAssertEqual(ResolvedScalar.resolvePlain("0o17"), .int)
        XCTAssertEqual(ResolvedScalar.resolvePlain("1_000"), .string)
        XCTAssertEqual(ResolvedScalar.resolvePlain(".5"), .float)
        XCTAssertEqual(ResolvedScalar.resolvePlain("1."), .float)
        XCTAssertEqual(ResolvedScalar.resolvePlain("1e"), .string)
        XCTAssertEqual(ResolvedScalar.resolvePlain("-.inf"), .float)
        XCTAssertEqual(ResolvedScalar.resolvePlain("NULL"), .null)
        XCTAssertEqual(ResolvedScalar.resolvePlain("yes"), .string)
        XCTAssertEqual(ResolvedScalar.resolvePlain("2021-06-26"), .string)
    }
}
