// SPDX-License-Identifier: GPL-3.0-or-later
// Regression tests for issue 12, defects 3 and 9: values the validator used to
// accept (or not bound) and that then trapped (`validate` itself, or `run`),
// and messages that misled. Each is now refused with the field's range, or
// runs. The starting point is the shipped toy-team scenario.
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

final class ScenarioLimitsTests: XCTestCase {
    static let toy = try! String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/toy-team.yaml"), encoding: .utf8)

    /// The toy scenario with `old` (which must occur once) replaced by `new`.
    func toy(_ old: String, _ new: String) -> String {
        let text = Self.toy
        precondition(text.components(separatedBy: old).count == 2, "\(old) should occur once in toy-team.yaml")
        return text.replacingOccurrences(of: old, with: new)
    }

    /// The one diagnostic of the changed toy scenario, without its position.
    func problem(_ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let lines = scenarioDiagnostics(toy(old, new))
        XCTAssertEqual(lines.count, 1, "\(lines)", file: file, line: line)
        guard let first = lines.first, let r = first.range(of: #"^s\.yaml:\d+:\d+: "#, options: .regularExpression) else { return "" }
        return String(first[r.upperBound...])
    }

    // Crashed `validate` (Double → Int conversion of a huge length).
    func testHugeLengthsAreRefusedWithTheirRange() {
        XCTAssertEqual(problem("report_window: 30 days", "report_window: 99999999999999999999 days"),
                       #"demand.report_window: expected a duration above 0 and at most 100 years, found "99999999999999999999 days""#)
        XCTAssertEqual(problem("warmup: 0 weeks", "warmup: 99999999999999999999 days"),
                       #"horizon.warmup: expected a duration at most 100 years, found "99999999999999999999 days""#)
        XCTAssertEqual(problem("short_sentence_threshold: 10 months", "short_sentence_threshold: 99999999999999999999 days"),
                       #"cases.short_sentence_threshold: expected a duration above 0 and at most 100 years, found "99999999999999999999 days""#)
        XCTAssertEqual(problem("handover_before_release: 7.5 months ", "handover_before_release: 99999999999999999999 days "),
                       #"cases.handover_before_release: expected a duration at most 100 years, found "99999999999999999999 days""#)
        XCTAssertEqual(problem("recruitment_lead_time: 16 weeks", "recruitment_lead_time: 99999999999999999999 days"),
                       #"workforce.recruitment_lead_time: expected a duration at most 100 years, found "99999999999999999999 days""#)
        // The horizon keeps its own bound, and its message gives it.
        XCTAssertEqual(problem("length: 1 years", "length: 99999999999999999999 months"),
                       #"horizon.length: expected a duration above 0 and at most 50 years, found "99999999999999999999 months""#)
    }

    // Validated, then crashed `run`.
    /// Defect 9: `1e20 months` was refused as "expected a duration above 0", naming no
    /// upper bound and not why; a value that is no duration at all names the range too.
    func testAnExponentOrANonDurationIsRefusedWithTheRange() {
        XCTAssertEqual(problem("mean: 13 months, sd: 7 months", "mean: 1e20 months, sd: 7 months"),
                       #"cases.community_length.mean: expected a duration above 0 and at most 100 years, found "1e20 months"; write the number in full, without an exponent; a duration is at most 100 years"#)
        XCTAssertEqual(problem("short_sentence_threshold: 10 months", "short_sentence_threshold: 10 monts"),
                       #"cases.short_sentence_threshold: expected a duration above 0 and at most 100 years, found "10 monts"; did you mean "months"?"#)
    }

    func testValuesThatCrashedRunAreRefusedWithTheirRange() {
        XCTAssertEqual(problem("{ 900: 3.11 }", "{ 900: 1e308 }"),
                       #"demand.sentences_per_week.900: expected a number between 0 and 100000, found "1e308""#)
        XCTAssertEqual(problem("preparation: 1 working days", "preparation: 9223372036854775807 working days"),
                       #"allocation.preparation: expected a number of working days from 0 to 260, found "9223372036854775807 working days""#)
        XCTAssertEqual(problem("preparation: 1 working days", "preparation: 9223372036854775807"),
                       #"allocation.preparation: expected a number of working days from 0 to 260, found "9223372036854775807""#)
        XCTAssertEqual(problem("mean: 13 months, sd: 7 months", "mean: 99999999999999999999 months, sd: 7 months"),
                       #"cases.community_length.mean: expected a duration above 0 and at most 100 years, found "99999999999999999999 months""#)
        XCTAssertEqual(problem("shape: 6,", "shape: 1e300,"),
                       #"cases.licence_length.shape: expected a number between 0 and 10000, found "1e300""#)
    }

    // Defect 4: volume fields have upper bounds.
    func testVolumeFieldsAreBounded() {
        XCTAssertEqual(problem("total: 198 ", "total: 1000000000 "),
                       #"initial_caseload.total: expected a whole number between 0 and 10000000, found "1000000000""#)
        XCTAssertEqual(problem("staff: { PO: 3, PSO: 2, PQiP: 1, SPO: 1 }", "staff: { PO: 1000000000, PSO: 2, PQiP: 1, SPO: 1 }"),
                       #"organisation.regions[0].pdus[0].teams[0].staff.PO: expected a whole number between 0 and 10000, found "1000000000""#)
    }

    // Defect 9: a horizon past year 9999 wrote `+10000-06-25` into outputs.
    func testAHorizonPastTheYear9998IsRefused() {
        XCTAssertEqual(problem("start: 2021-06-26  ", "start: 9998-06-26  "),
                       #"horizon.length: expected a horizon that ends by 9998-12-31 (at most 188 days from 9998-06-26), found "1 years""#)
        XCTAssertEqual(problem("start: 2021-06-26  ", "start: 9999-06-26  "),
                       #"horizon.length: expected a horizon that ends by 9998-12-31, found "1 years""#)
    }

    /// The largest lengths and shapes the format accepts run without a trap
    /// (they used to overflow converting a draw to minutes).
    func testTheLargestAcceptedDistributionsRun() throws {
        var text = toy("mean: 13 months, sd: 7 months", "mean: 100 years, sd: 100 years")
        text = text.replacingOccurrences(of: "shape: 6, scale: 2.5 months", with: "shape: 10000, scale: 100 years")
        text = text.replacingOccurrences(of: "length: 1 years", with: "length: 8 weeks")
        var spec = try loadScenario(text).spec
        spec.replications = 1
        let result = ProbationModel(spec: spec, replication: 0).run()
        XCTAssertFalse(result.headline.isEmpty)
    }

    // Defect 7: control characters in names (a quoted "\0" or "\t") went into outputs.
    func testControlCharactersInNamesAreRefused() {
        XCTAssertEqual(problem("name: Toy team", #"name: "Toy\0team""#),
                       #"metadata.name: expected a name without control characters, found "Toy\u{0}team"; it holds U+0000"#)
        XCTAssertEqual(problem(#"name: "Teaching PDU""#, #"name: "Teaching\tPDU""#),
                       #"organisation.regions[0].pdus[0].name: expected a name without control characters, found "Teaching\tPDU"; it holds U+0009"#)
    }

    // Defect 2: a sweep point named index.csv lost the sweep's results.
    func testThePointNamesCaseflowWritesAreReserved() {
        let text = Self.toy + """

        variants:
          - name: INDEX.csv
            set: { replications: 1 }
        """
        XCTAssertEqual(scenarioDiagnostics(text).map { String($0.split(separator: " ", maxSplits: 1)[1]) },
                       [#"variants[0].name: expected a point name other than the names caseflow writes in a sweep directory (index.csv, report.html, INTERRUPTED.txt, .caseflow.lock, .caseflow-run), found "INDEX.csv"; "index.csv" is one of them"#])
    }
}

extension ScenarioLimitsTests {
    // Defect 9: a lever taking staff below zero was silently stopped at zero.
    func testALeverCannotTakeStaffBelowZero() {
        let levers = """

        levers:
          - { date: 2021-09-01, staff: { grade: PO, add: 2, pdu: 900 } }
          - { date: 2021-10-01, staff: { grade: PO, add: -6, pdu: 900 } }
        """
        let lines = scenarioDiagnostics(Self.toy + levers)
        XCTAssertEqual(lines.map { String($0.split(separator: " ", maxSplits: 1)[1]) }, [
            #"levers[1].staff.add: expected a removal of at most 5 PO staff (the 3 in the lever's scope on the start date, with the staff levers before this one), found "-6""#,
        ])
        XCTAssertEqual(scenarioDiagnostics(Self.toy + levers.replacingOccurrences(of: "add: -6", with: "add: -5")), [])
    }

    // Defect 9: the size limit blamed aliases in a file that has none.
    func testTheSizeLimitMentionsAliasesOnlyWhenThereAreSome() {
        let yaml = "a: [" + String(repeating: "1,", count: 1_000_001) + "1]\n"
        let lines = loadDiagnostics(yaml)
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines.first?.hasSuffix("the document is too large: more than 1000000 values") ?? false, "\(lines)")
    }
}
