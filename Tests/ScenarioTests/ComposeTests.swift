// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Yams
@testable import Scenario

/// `extends:` and `overrides:` (Compose.swift): composition, appends, errors
/// at the child's positions, chains, cycles and the built-in national model.
final class ComposeTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try write("base.yaml", BaseScenario.text.replacingOccurrences(of: "  name: Base\n", with: """
              name: Base
              description: the parent
              assumptions:
                - { id: inflow, figure: "30 a week", source: assumption, quality: low }
                - { id: staff, figure: "as written", source: assumption, quality: low }

            """))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Loads `name` from the test directory; file names in the result are
    /// relative to the directory.
    func load(_ name: String) throws -> LoadedScenario {
        var s = try ScenarioLoader.load(path: directory.appendingPathComponent(name).path)
        s.chain = s.chain.map { var f = $0; f.name = relative(f.name); return f }
        return s
    }

    func relative(_ text: String) -> String {
        text.replacingOccurrences(of: directory.path + "/", with: "")
    }

    func diagnostics(_ name: String) -> [String] {
        do {
            _ = try load(name)
            return []
        } catch let error as ScenarioDiagnostics {
            return error.lines.map(relative)
        } catch {
            return ["\(error)"]
        }
    }

    // MARK: Composition

    func testAChildReplacesBlocksMergesMetadataAndInheritsTheRest() throws {
        try write("child.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata:
              name: Child
              assumptions:
                - { id: inflow, figure: "45 a week", source: assumption, quality: medium }
                - { id: cap, figure: "120%", source: assumption, quality: low }
            demand:
              sentences_per_week: { national: 45 }
            allocation: { cap: 120% }

            """)
        let child = try load("child.yaml")
        let base = try load("base.yaml")
        XCTAssertEqual(child.name, "Child")
        XCTAssertEqual(child.description, "the parent", "metadata.description is inherited")
        // The assumptions: the parent's `inflow` replaced in place, `staff` kept, `cap` added.
        XCTAssertEqual(child.assumptions.map(\.id), ["inflow", "staff", "cap"])
        XCTAssertEqual(child.assumptions[0].figure, "45 a week")
        XCTAssertEqual(child.assumptions[0].quality, .medium)
        // `demand` replaced whole; `allocation` added; the rest inherited.
        XCTAssertEqual(child.spec.demand.sentencesPerWeek.values.reduce(0, +), 45, accuracy: 1e-9)
        XCTAssertEqual(base.spec.demand.sentencesPerWeek.values.reduce(0, +), 30, accuracy: 1e-9)
        XCTAssertEqual(child.spec.allocation.capPercent, 120)
        XCTAssertEqual(child.spec.start, base.spec.start)
        XCTAssertEqual(child.spec.lengthDays, base.spec.lengthDays)
        XCTAssertEqual(child.spec.organisation.regions.map(\.code), ["A", "B"])
        XCTAssertEqual(child.chain.map(\.name), ["base.yaml"])
        XCTAssertEqual(child.chain.first?.text, try String(contentsOfFile: directory.appendingPathComponent("base.yaml").path, encoding: .utf8))
    }

    func testABlockIsReplacedWholeNotMerged() throws {
        // The parent's cases have a tier mix for custody; the child's `cases`
        // block without it is the whole block, so the key is missing.
        try write("child.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata: { name: Child }
            cases:
              custody_share: 0.5

            """)
        let lines = diagnostics("child.yaml")
        XCTAssertFalse(lines.isEmpty)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("child.yaml:5:3: cases") || $0.hasPrefix("child.yaml:4:1: cases") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.allSatisfy { $0.contains("`cases` replaces the whole block of base.yaml:") }, lines.joined(separator: "\n"))
    }

    func testOverridesChangeOneValueAndAppendToLists() throws {
        try write("child.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata: { name: Child }
            overrides:
              - organisation.regions[1].pdus[0].staff.PO: 7
              - levers[+]: { date: 2022-01-04, staff: { grade: PO, add: 2 } }
              - levers[+]: { date: 2022-03-01, staff: { grade: PSO, add: 1, pdu: 1 } }
              - metadata.assumptions[+]: { id: more, source: assumption, quality: low }

            """)
        let s = try load("child.yaml")
        let pdu3 = s.spec.organisation.regions[1].pdus[0]
        XCTAssertEqual(pdu3.teams.reduce(0) { (sum: Int, team: TeamSpec) in sum + (team.staff[.po] ?? 0) }, 7)
        XCTAssertEqual(s.spec.levers.map(\.date.description), ["2022-01-04", "2022-03-01"])
        XCTAssertEqual(s.assumptions.map(\.id), ["inflow", "staff", "more"])

        // A third file appends one more lever to the two it inherits.
        try write("grandchild.yaml", """
            caseflow: 1
            extends: child.yaml
            metadata: { name: Grandchild }
            overrides:
              levers[+]: { date: 2022-06-01, allocation: { cap: 130% } }

            """)
        let g = try load("grandchild.yaml")
        XCTAssertEqual(g.spec.levers.map(\.date.description), ["2022-01-04", "2022-03-01", "2022-06-01"])
        XCTAssertEqual(g.chain.map(\.name), ["child.yaml", "base.yaml"])
    }

    func testAppendingTwiceInOneMappingIsADuplicateKeyWithAHint() throws {
        try write("child.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata: { name: Child }
            overrides:
              levers[+]: { date: 2022-01-04, staff: { grade: PO, add: 2 } }
              levers[+]: { date: 2022-03-01, staff: { grade: PO, add: 2 } }

            """)
        let lines = diagnostics("child.yaml")
        XCTAssertEqual(lines.count, 1, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("child.yaml:6:3: overrides[\"levers[+]\"]: duplicate key"), lines[0])
        XCTAssertTrue(lines[0].contains("write the overrides as a list of mappings"), lines[0])
    }

    // MARK: Errors at the child's positions

    func testOverrideErrorsPointAtTheChildAndNameTheParentValue() throws {
        try write("child.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata: { name: Child }
            overrides:
              organisation.team_size: many
              organisation.regions[5].code: Z
              cases.custody_shar: 0.2
              horizon.start[+]: 2021-07-01

            """)
        XCTAssertEqual(diagnostics("child.yaml"), [
            #"child.yaml:6:3: overrides["organisation.regions[5].code"]: index 5 is out of range: `organisation.regions` has 2 entries ([0] to [1])"#,
            #"child.yaml:7:3: overrides["cases.custody_shar"]: unknown key "custody_shar" in `cases`; did you mean "custody_share"?"#,
            #"child.yaml:8:3: overrides["horizon.start[+]"]: `horizon.start` is "2021-06-28", not a list, so `horizon.start[+]` cannot append to it"#,
        ])
        // Once the paths are right, a bad value is reported at the child's value,
        // saying which parent value it replaced (base.yaml line 12: `team_size: 5`, line 8 of BaseScenario after the four metadata lines).
        try write("child.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata: { name: Child }
            overrides:
              organisation.team_size: many

            """)
        XCTAssertEqual(diagnostics("child.yaml"), [
            #"child.yaml:5:27: organisation.team_size: expected a whole number between 1 and 1000, found "many"; `organisation.team_size` overrides 5 at base.yaml:12:14"#,
        ])
    }

    func testAProblemInAnInheritedValueIsReportedAtTheExtendsLine() throws {
        // Moving the horizon puts the parent's lever before its start.
        try write("child.yaml", """
            caseflow: 1
            extends: mid.yaml
            metadata: { name: Child }
            horizon: { start: 2023-01-02, length: 1 years }

            """)
        try write("mid.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata: { name: Mid }
            levers:
              - { date: 2022-01-04, staff: { grade: PO, add: 2 } }

            """)
        let lines = diagnostics("child.yaml")
        XCTAssertEqual(lines.count, 1, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("child.yaml:2:10: levers[0].date: expected a date within the horizon (2023-01-02 to"), lines[0])
        XCTAssertTrue(lines[0].hasSuffix("; the value is inherited from mid.yaml:5:13"), lines[0])
    }

    func testTheChildMustNameItselfAndGiveTheFormatVersion() throws {
        try write("child.yaml", """
            extends: base.yaml
            metadata: { description: no name }

            """)
        XCTAssertEqual(diagnostics("child.yaml"), [
            "child.yaml:1:1: caseflow: expected a value, found nothing (the key is missing)",
            "child.yaml:2:11: metadata: expected a `name` in metadata, found none; a file that extends another names itself",
        ])
    }

    // MARK: Chains and cycles

    func testRelativePathsStartFromTheFileThatWritesThem() throws {
        try write("studies/deep/a.yaml", """
            caseflow: 1
            extends: ../b.yaml
            metadata: { name: A }
            replications: 3

            """)
        try write("studies/b.yaml", """
            caseflow: 1
            extends: ../base.yaml
            metadata: { name: B }
            seed: 99

            """)
        let a = try load("studies/deep/a.yaml")
        XCTAssertEqual(a.chain.map(\.name), ["studies/b.yaml", "base.yaml"])
        XCTAssertEqual(a.spec.replications, 3)
        XCTAssertEqual(a.spec.seed, 99)
        XCTAssertEqual(a.name, "A")
    }

    func testACycleIsAnErrorNamingTheChain() throws {
        try write("a.yaml", "caseflow: 1\nextends: b.yaml\nmetadata: { name: A }\n")
        try write("b.yaml", "caseflow: 1\nextends: c.yaml\nmetadata: { name: B }\n")
        try write("c.yaml", "caseflow: 1\nextends: a.yaml\nmetadata: { name: C }\n")
        XCTAssertEqual(diagnostics("a.yaml"), [
            "c.yaml:2:10: extends: expected a file that does not extend itself, found a cycle: a.yaml → b.yaml → c.yaml → a.yaml",
        ])
        try write("self.yaml", "caseflow: 1\nextends: ./self.yaml\nmetadata: { name: S }\n")
        XCTAssertEqual(diagnostics("self.yaml"), [
            "self.yaml:2:10: extends: expected a file that does not extend itself, found a cycle: self.yaml → self.yaml",
        ])
    }

    func testAMissingParentIsReportedAtTheExtendsLine() throws {
        try write("child.yaml", "caseflow: 1\nextends: nowhere.yaml\nmetadata: { name: C }\n")
        XCTAssertEqual(diagnostics("child.yaml"), [
            #"child.yaml:2:10: extends: expected a scenario file to extend, found "nowhere.yaml": nowhere.yaml: cannot read the file: it does not exist"#,
        ])
        try write("child.yaml", "caseflow: 1\nextends: [a, b]\nmetadata: { name: C }\n")
        XCTAssertEqual(diagnostics("child.yaml"), [
            #"child.yaml:2:10: extends: expected a scenario file to extend (a path relative to this file, or "national" for the built-in national scenario), found a list"#,
        ])
    }

    // MARK: Variants and the national model

    func testTheChildsVariantsApplyOnTopOfTheComposedDocument() throws {
        try write("child.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata: { name: Child }
            overrides:
              levers[+]: { date: 2022-01-04, staff: { grade: PO, add: 2 } }
            variants:
              - name: more
                set:
                  levers[+]: { date: 2022-02-01, staff: { grade: PO, add: 3 } }
                  levers[0].staff.add: 4

            """)
        let s = try load("child.yaml")
        XCTAssertEqual(s.pointIDs, ["base", "more"])
        XCTAssertEqual(s.spec.levers.count, 1)
        let more = try XCTUnwrap(s.point("more"))
        XCTAssertEqual(more.spec.levers.map(\.date.description), ["2022-01-04", "2022-02-01"])
        guard case .staff(let grade, let add, _) = more.spec.levers[0].change else { return XCTFail("a staff lever") }
        XCTAssertEqual(grade, .po)
        XCTAssertEqual(add, 4)
    }

    func testExtendsNationalIsTheBuiltInModel() throws {
        try write("study.yaml", """
            caseflow: 1
            extends: national
            metadata:
              name: National with a higher cap
            overrides:
              allocation.cap: 130%

            """)
        let study = try load("study.yaml")
        let national = try ScenarioLoader.loadBuiltInNational()
        XCTAssertEqual(study.chain.map(\.name), [ScenarioLoader.builtInNationalName])
        XCTAssertNil(study.chain[0].path)
        XCTAssertEqual(study.spec.allocation.capPercent, 130)
        XCTAssertEqual(study.spec.organisation.regions.flatMap(\.pdus).count, national.spec.organisation.regions.flatMap(\.pdus).count)
        XCTAssertEqual(study.spec.start, national.spec.start)
        XCTAssertEqual(study.spec.lengthDays, national.spec.lengthDays)
        XCTAssertEqual(study.assumptions.map(\.id), national.assumptions.map(\.id))
        XCTAssertEqual(study.name, "National with a higher cap")
    }

    // MARK: --set

    func setDiagnostics(_ name: String, _ settings: [String]) -> [String] {
        do {
            _ = try ScenarioLoader.load(path: directory.appendingPathComponent(name).path, settings: settings)
            return []
        } catch {
            return error.lines.map(relative)
        }
    }

    func testSetAppliesAfterTheFilesOverridesAndBeforeItsVariants() throws {
        try write("child.yaml", """
            caseflow: 1
            extends: base.yaml
            metadata: { name: Child }
            overrides:
              allocation.cap: 120%
            variants:
              - { name: lower, set: { allocation.cap: 105% } }

            """)
        let s = try ScenarioLoader.load(path: directory.appendingPathComponent("child.yaml").path, settings: [
            "allocation.cap=130%",
            "levers[+]={date: 2022-04-01, staff: {grade: PQiP, add: 40}}",
            #"metadata.assumptions[+]={ id: "x=y", source: assumption, quality: low }"#,
        ])
        XCTAssertEqual(s.settings.count, 3)
        XCTAssertEqual(s.spec.allocation.capPercent, 130, "--set comes after the file's overrides")
        XCTAssertEqual(s.point("lower")?.spec.allocation.capPercent, 105, "the variants come after --set")
        XCTAssertEqual(s.spec.levers.count, 1)
        guard case .staff(let grade, let add, _) = s.spec.levers[0].change else { return XCTFail("a staff lever") }
        XCTAssertEqual(grade, .pqip)
        XCTAssertEqual(add, 40)
        XCTAssertEqual(s.assumptions.last?.id, "x=y", "the first = outside brackets splits path and value")
        // A file without extends takes --set too.
        let base = try ScenarioLoader.load(path: directory.appendingPathComponent("base.yaml").path, settings: ["seed=42"])
        XCTAssertEqual(base.spec.seed, 42)
    }

    func testABadSetIsReportedUnderItsArgument() throws {
        XCTAssertEqual(setDiagnostics("base.yaml", ["allocation.cap=abc"]), [
            #"--set #1 (allocation.cap=abc): allocation.cap: expected a percentage above 0 and at most 1000 (such as "110%"), found "abc""#,
        ])
        XCTAssertEqual(setDiagnostics("base.yaml", ["seed=3", "organisation.team_size=many"]), [
            #"--set #2 (organisation.team_size=many): organisation.team_size: expected a whole number between 1 and 1000, found "many"; `organisation.team_size` overrides 5 at "# + directory.path + "/base.yaml:12:14",
        ].map(relative))
        XCTAssertEqual(setDiagnostics("base.yaml", ["allocation.cap", "horizon.lenght=2 years", "seed=", "seed=[1", "variants[0].name=x"]), [
            #"--set #1 (allocation.cap): expected PATH=VALUE (such as allocation.cap=120%), found no "=" outside brackets"#,
            #"--set #2 (horizon.lenght=2 years): unknown key "lenght" in `horizon`; did you mean "length"?"#,
            #"--set #3 (seed=): expected a value after "=" (YAML: 120%, 40, "text", { key: value }, [a, b]), found nothing"#,
            #"--set #4 (seed=[1): invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 1, column 1)"#,
            #"--set #5 (variants[0].name=x): expected an override path, found "variants[0].name"; `variants` cannot be overridden"#,
        ])
    }

    func testMarksRoundTrip() {
        let mark = makeMark(line: 3 * ScenarioOrigins.stride + 17, column: 9)
        XCTAssertEqual(mark.line, 3 * ScenarioOrigins.stride + 17)
        XCTAssertEqual(mark.column, 9)
    }
}
