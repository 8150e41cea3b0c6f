// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
@testable import Scenario

/// `variants:` and `sweep:` — expansion, overrides applied to the document,
/// and diagnostics at the override's own position (Variants.swift).
final class VariantsTests: XCTestCase {
    /// PO in every team of the PDU numbered `number`.
    func staff(_ spec: ModelSpec, pdu number: Int, _ grade: Grade) -> Int {
        spec.organisation.regions.flatMap(\.pdus).first { $0.number == number }!.teams.reduce(0) { $0 + ($1.staff[grade] ?? 0) }
    }

    func teams(_ spec: ModelSpec, pdu number: Int) -> Int {
        spec.organisation.regions.flatMap(\.pdus).first { $0.number == number }!.teams.count
    }

    // MARK: Expansion

    func testAGridOfThreeByTwoAndOneListEntryIsSevenPointsAndTheBase() throws {
        let s = try loadScenario(BaseScenario.appending("""
            sweep:
              grid:
                allocation.cap: [105%, 110%, 120%]
                allocation.policy: [lowest-capacity, round-robin]
              list:
                - { name: custom, set: { "organisation.team_size": 8 } }

            """))
        XCTAssertEqual(s.points.count, 8)
        XCTAssertEqual(s.pointIDs, ["base", "grid-1", "grid-2", "grid-3", "grid-4", "grid-5", "grid-6", "custom"])
        XCTAssertEqual(s.points.map(\.kind), [.base] + Array(repeating: .grid, count: 6) + [.list])
        XCTAssertEqual(s.count(of: .grid), 6)
        XCTAssertEqual(s.count(of: .variant), 0)
        // The first path varies slowest.
        let grid = s.points.filter { $0.kind == .grid }
        XCTAssertEqual(grid.map(\.spec.allocation.capPercent), [105, 105, 110, 110, 120, 120])
        XCTAssertEqual(grid.map(\.spec.allocation.policy),
                       ["lowest-capacity", "round-robin", "lowest-capacity", "round-robin", "lowest-capacity", "round-robin"])
        XCTAssertEqual(grid[3].overridesText, "allocation.cap=110%; allocation.policy=round-robin")
        XCTAssertEqual(grid[3].overrides.map(\.position), [YAMLPosition(line: 39, column: 28), YAMLPosition(line: 40, column: 42)])
        // The base is the scenario as written.
        XCTAssertEqual(s.point("base")?.spec.allocation.capPercent, 110)
        XCTAssertEqual(s.point("base")?.overrides, [])
        XCTAssertEqual(teams(s.spec, pdu: 1), 2)
        XCTAssertEqual(teams(s.point("custom")!.spec, pdu: 1), 1, "team_size 8: PDU 1's 8 practitioners in one team")
        // Every point keeps the seed and the replications: common random numbers.
        XCTAssertEqual(Set(s.points.map(\.spec.seed)), [s.spec.seed])
    }

    func testAScenarioWithoutTheBlocksIsTheBaseAlone() throws {
        let s = try loadScenario(BaseScenario.text)
        XCTAssertEqual(s.pointIDs, ["base"])
        XCTAssertEqual(s.points[0].kind, .base)
        XCTAssertEqual(s.points[0].spec.name, s.spec.name)
    }

    func testGridIDsArePaddedToTheWidthOfTheCount() throws {
        let s = try loadScenario(BaseScenario.appending("""
            sweep:
              grid:
                seed: [1, 2, 3, 4]
                replications: [1, 2, 3]

            """))
        XCTAssertEqual(s.pointIDs.dropFirst().first, "grid-01")
        XCTAssertEqual(s.pointIDs.last, "grid-12")
        XCTAssertEqual(s.points.last?.spec.seed, 4)
        XCTAssertEqual(s.points.last?.spec.replications, 3)
    }

    // MARK: Overrides

    func testVariantOverridesReachTheModelSpec() throws {
        let s = try loadScenario(BaseScenario.appending("""
            variants:
              - name: bigger
                description: more staff in PDU 3
                set:
                  organisation.regions[1].pdus[0].staff.PO: 6
                  allocation.policy: round-robin
                  demand.sentences_per_week.national: 40
                  "organisation.regions[0].pdus[1].teams[0].staff": { PO: 5, PSO: 1, SPO: 1 }
              - name: whole-block
                set: { allocation: { cap: 120%, policy: random }, workforce.replace_leavers: false }

            """))
        XCTAssertEqual(s.pointIDs, ["base", "bigger", "whole-block"])
        let bigger = try XCTUnwrap(s.point("bigger"))
        XCTAssertEqual(bigger.kind, .variant)
        XCTAssertEqual(bigger.description, "more staff in PDU 3")
        XCTAssertEqual(staff(bigger.spec, pdu: 3, .po), 6)
        XCTAssertEqual(staff(s.spec, pdu: 3, .po), 3)
        XCTAssertEqual(teams(bigger.spec, pdu: 3), 2, "7 practitioners in teams of 5")
        XCTAssertEqual(bigger.spec.allocation.policy, "round-robin")
        XCTAssertEqual(bigger.spec.demand.sentencesPerWeek.values.reduce(0, +), 40, accuracy: 1e-9)
        XCTAssertEqual(staff(bigger.spec, pdu: 2, .po), 5)
        XCTAssertEqual(bigger.overrides.map(\.path), [
            "organisation.regions[1].pdus[0].staff.PO", "allocation.policy", "demand.sentences_per_week.national",
            "organisation.regions[0].pdus[1].teams[0].staff",
        ])
        XCTAssertEqual(bigger.overrides.last?.value, "{ PO: 5, PSO: 1, SPO: 1 }")
        let whole = try XCTUnwrap(s.point("whole-block"))
        XCTAssertEqual(whole.spec.allocation.capPercent, 120)
        XCTAssertEqual(whole.spec.allocation.policy, "random")
        XCTAssertEqual(whole.spec.workforce.replaceLeavers, false)
        XCTAssertEqual(whole.overridesText, "allocation={ cap: 120%, policy: random }; workforce.replace_leavers=false")
        // The base is untouched.
        XCTAssertEqual(s.spec.allocation.policy, "lowest-capacity")
    }

    func testLeverOverridesAndAllowedMissingKeys() throws {
        let s = try loadScenario(BaseScenario.appending("""
            levers:
              - date: 2022-01-01
                staff: { grade: PO, add: 2, region: A }
            variants:
              - name: more
                set: { "levers[0].staff.add": 5, "levers[0].staff.grade": PSO, cases.young_adult_share: 0.3 }

            """))
        let more = try XCTUnwrap(s.point("more"))
        guard case .staff(let grade, let add, _) = more.spec.levers.first?.change else { return XCTFail("a staff lever") }
        XCTAssertEqual(grade, .pso)
        XCTAssertEqual(add, 5)
        XCTAssertEqual(more.spec.cases.youngAdultShare, 0.3, "young_adult_share is not in the base but the schema allows it")
    }

    // MARK: Bad paths

    func testBadPathsAreReportedAtTheOverrideWithASuggestion() {
        let lines = scenarioDiagnostics(BaseScenario.appending("""
            variants:
              - name: bad
                set:
                  allocation.pollicy: round-robin
                  demnd.sentences_per_week.national: 3
                  organisation.regions[2].code: C
                  levers[0].date: 2022-01-01
                  organisation.team_size.x: 1
                  organisation.regions.code: C
                  allocation..cap: 1
                  variants[0].name: x

            """))
        XCTAssertEqual(lines, [
            #"s.yaml:40:7: variants[0].set["allocation.pollicy"]: in variant "bad": unknown key "pollicy" in `allocation`; did you mean "policy"?"#,
            #"s.yaml:41:7: variants[0].set["demnd.sentences_per_week.national"]: in variant "bad": unknown key "demnd" in the top level; did you mean "demand"?"#,
            #"s.yaml:42:7: variants[0].set["organisation.regions[2].code"]: in variant "bad": index 2 is out of range: `organisation.regions` has 2 entries ([0] to [1])"#,
            #"s.yaml:43:7: variants[0].set["levers[0].date"]: in variant "bad": `levers` is not in the base scenario, so `levers[0].date` cannot be set on its own; set `levers` to a whole value instead"#,
            #"s.yaml:44:7: variants[0].set["organisation.team_size.x"]: in variant "bad": `organisation.team_size` is a single value ("5"), so `organisation.team_size.x` goes inside nothing; set `organisation.team_size` itself"#,
            #"s.yaml:45:7: variants[0].set["organisation.regions.code"]: in variant "bad": `organisation.regions` is a list, so it has no key "code"; write an index such as `organisation.regions[0]`"#,
            #"s.yaml:46:7: variants[0].set["allocation..cap"]: expected an override path such as allocation.cap, levers[0].staff.add or levers[+], found "allocation..cap"; two dots in a row"#,
            #"s.yaml:47:7: variants[0].set["variants[0].name"]: expected an override path, found "variants[0].name"; `variants` cannot be overridden"#,
        ])
    }

    func testAnUnknownKeyInAnExistingBlockSuggestsFromTheSchema() {
        let lines = scenarioDiagnostics(BaseScenario.appending("""
            sweep:
              grid:
                cases.custody_shar: [0.2, 0.4]

            """))
        XCTAssertEqual(lines, [
            #"s.yaml:39:5: sweep.grid["cases.custody_shar"]: in the sweep grid: unknown key "custody_shar" in `cases`; did you mean "custody_share"?"#,
        ])
    }

    func testOverridePathSyntax() {
        func parse(_ s: String) -> [YAMLPath.Component]? {
            guard let parsed = try? OverridePath.parse(s).get(), !parsed.append else { return nil }
            return parsed.components
        }
        XCTAssertEqual(parse("allocation.cap"), [.key("allocation"), .key("cap")])
        XCTAssertEqual(parse("organisation.regions[0].pdus[12].staff.PO"),
                       [.key("organisation"), .key("regions"), .index(0), .key("pdus"), .index(12), .key("staff"), .key("PO")])
        XCTAssertEqual(parse(#"demand["a.b"].c"#), [.key("demand"), .key("a.b"), .key("c")])
        XCTAssertEqual(parse("levers[0][1]"), [.key("levers"), .index(0), .index(1)])
        for bad in ["", ".a", "a.", "a..b", "a[", "a[x]", "a[-1]", "a]", "[0].a", "a.[0]", "a[0]b", " a"] {
            XCTAssertNil(parse(bad), bad)
        }
        // `[+]` appends, and only at the end of a path.
        XCTAssertEqual(try? OverridePath.parse("workforce.pqip.intakes[+]").get(),
                       OverridePath.Parsed(components: [.key("workforce"), .key("pqip"), .key("intakes")], append: true))
        XCTAssertEqual(try? OverridePath.parse("levers[0].x[+]").get(),
                       OverridePath.Parsed(components: [.key("levers"), .index(0), .key("x")], append: true))
        for bad in ["[+]", "levers[+].date", "levers[+][0]", "levers[++]", "levers[+1]"] {
            XCTAssertNil(try? OverridePath.parse(bad).get(), bad)
        }
    }

    // MARK: Bad values

    /// Issue 12: a point is read from the first top-level block its overrides change,
    /// starting from the base's state before it. A later block that depends on an earlier
    /// one must still see the point's own value: a staff lever removing 3 PO in region B is
    /// fine in the base (3 PO there) but too many where a point lowers PDU 3's PO to 1 —
    /// reported at the lever, for that point only — and a point changing only the lever is
    /// checked against the base's (reused) organisation.
    func testPointsReuseTheBaseBlocksBeforeTheirFirstChangeAndStillCheckLaterOnes() throws {
        let text = BaseScenario.appending("""
            levers:
              - date: 2022-01-01
                staff: { grade: PO, add: -3, region: B }
            variants:
              - name: fewer
                set: { "organisation.regions[1].pdus[0].staff.PO": 1 }
              - name: lever-only
                set: { "levers[0].staff.add": -4 }
              - name: cap-only
                set: { allocation.cap: 120% }

            """)
        let lines = scenarioDiagnostics(text)
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        guard lines.count == 2 else { return }
        XCTAssertEqual(lines[0], #"s.yaml:39:30: levers[0].staff.add: in variant "fewer": expected a removal of at most 1 PO staff (the 1 in the lever's scope on the start date, with the staff levers before this one), found "-3""#)
        XCTAssertEqual(lines[1], #"s.yaml:44:35: levers[0].staff.add: in variant "lever-only": expected a removal of at most 3 PO staff (the 3 in the lever's scope on the start date, with the staff levers before this one), found "-4""#)

        // Valid points: the reused blocks are the base's, the changed ones the point's own.
        let s = try loadScenario(text.replacingOccurrences(of: "PO\": 1 }", with: "PO\": 5 }")
                                     .replacingOccurrences(of: "add\": -4", with: "add\": -2"))
        let fewer = try XCTUnwrap(s.point("fewer")), cap = try XCTUnwrap(s.point("cap-only"))
        XCTAssertEqual(staff(fewer.spec, pdu: 3, .po), 5)
        XCTAssertEqual(staff(cap.spec, pdu: 3, .po), 3)
        XCTAssertEqual(cap.spec.allocation.capPercent, 120)
        XCTAssertNotEqual(s.spec.allocation.capPercent, 120)
        XCTAssertEqual(cap.spec.lengthDays, s.spec.lengthDays)
        XCTAssertEqual(cap.spec.levers.count, 1)
        guard case .staff(_, let add, _)? = s.point("lever-only")?.spec.levers.first?.change else { return XCTFail("a staff lever") }
        XCTAssertEqual(add, -2)
        XCTAssertEqual(ScenarioBuilder.firstBlock(changedBy: [[.key("levers"), .index(0)], [.key("allocation"), .key("cap")]]),
                       ScenarioBuilder.blockOrder.firstIndex(of: "allocation"))
        XCTAssertEqual(ScenarioBuilder.firstBlock(changedBy: [[.key("interventions")], [.key("metadata"), .key("name")]]), 1)
    }

    /// The base scenario with one assumption that gives `cases.custody_share` a range.
    static let rangedShareBase = BaseScenario.replacing("  name: Base", with: """
          name: Base
          assumptions:
            - id: share
              source: assumption
              quality: low
              uncertainty:
                cases.custody_share: { low: 0.2, high: 0.4 }
        """)

    /// A variant (list entry, indented for a `variants:` block) that gives `cases` whole without
    /// `custody_share`, so the ranged value is no longer written.
    static let droppedShareVariant = """
          - name: dropped
            set:
              cases:
                tier_mix: { community: { B2: 1 }, custody: { B2: 1 } }
                community_length: { distribution: lognormal, mean: 12 months, sd: 5 months }
                custody_time_to_serve: { distribution: lognormal, mean: 8 months, sd: 8 months }
                licence_length: { distribution: gamma, shape: 2, scale: 4 months }
        """

    /// The assumptions' uncertainty paths are checked against the whole document, so a
    /// point that keeps the base's metadata but replaces a block still has them checked
    /// against its own document: `cases` given whole without `custody_share` leaves the
    /// range on `cases.custody_share` with nothing to vary.
    func testUncertaintyPathsAreCheckedAgainstEachPointsDocument() {
        let text = Self.rangedShareBase.appending("""
            variants:
              - name: fine
                set: { cases.custody_share: 0.35 }
            \(Self.droppedShareVariant)

            """)
        let lines = scenarioDiagnostics(text)
        // (custody_share is required, so the block is also reported as missing it.)
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.last?.hasPrefix(#"s.yaml:49:9: cases.custody_share: in variant "dropped": expected a share"#) == true)
        XCTAssertTrue(lines.first?.hasPrefix(#"s.yaml:9:9: metadata.assumptions[0].uncertainty["cases.custody_share"]: in variant "dropped": expected a path to a value written in the scenario"#) == true,
                      lines.first ?? "")
    }

    /// Which ranges a point's overrides may change (``ScenarioBuilder/mayChange(path:changedPaths:)``),
    /// so that their assumptions are checked again for the point: a path that an override's
    /// path is a prefix of, or that is a prefix of an override's path; a path that does not
    /// parse always. (The builder also checks every assumption when an override changes
    /// `metadata`: `testUncertaintyPathsAreCheckedAgainstEachPointsDocument` and the variants
    /// below show points whose overrides reach a range being checked again.)
    func testOnlyUncertaintyThatAnOverrideMayChangeIsCheckedAgain() {
        func may(_ path: String, _ paths: [[YAMLPath.Component]]) -> Bool {
            ScenarioBuilder.mayChange(path: path, changedPaths: paths)
        }
        let share = "cases.custody_share", scale = "levers[1].inflow.scale"
        XCTAssertFalse(may(share, []))
        XCTAssertFalse(may(share, [[.key("allocation"), .key("cap")]]))
        XCTAssertFalse(may(scale, [[.key("levers"), .index(0), .key("inflow"), .key("scale")]]), "another lever")
        XCTAssertFalse(may(scale, [[.key("levers"), .index(1), .key("inflow"), .key("start")]]), "a sibling")
        XCTAssertFalse(may(share, [[.key("cases"), .key("custody_shares")]]), "a key that only starts alike")
        XCTAssertTrue(may(share, [[.key("allocation"), .key("cap")], [.key("cases"), .key("custody_share")]]), "the path itself")
        XCTAssertTrue(may(share, [[.key("cases")]]), "a block above it")
        XCTAssertTrue(may(scale, [[.key("levers")]]), "the list above it (an append too)")
        XCTAssertTrue(may(scale, [[.key("levers"), .index(1)]]), "the lever above it")
        XCTAssertTrue(may(share, [[.key("cases"), .key("custody_share"), .key("deeper")]]), "below it")
        XCTAssertTrue(may("not a [path", [[.key("allocation"), .key("cap")]]))
    }

    /// Points built from the base's state with overrides that reach a ranged path, and
    /// points with overrides that do not, in one scenario: only the point whose document
    /// loses the ranged value is reported (once), the sweep's points (over the ranged value
    /// and over another path) pass.
    func testPointsWhoseOverridesReachARangeAreCheckedAgain() {
        let text = Self.rangedShareBase.appending("""
            variants:
              - name: other
                set: { allocation.cap: 120% }
            \(Self.droppedShareVariant)
            sweep:
              grid:
                cases.custody_share: [0.3, 0.35]
                allocation.cap: [110%, 130%]

            """)
        let lines = scenarioDiagnostics(text)
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.allSatisfy { $0.contains(#"in variant "dropped""#) }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("expected a path to a value written in the scenario") }, lines.joined(separator: "\n"))
    }

    func testABadValueIsReportedAtTheOverrideAndNamesThePoint() {
        let lines = scenarioDiagnostics(BaseScenario.appending("""
            variants:
              - name: bad
                set:
                  allocation.cap: lots
            sweep:
              grid:
                allocation.cap: [105%, 2000%]
                allocation.policy: [lowest-capacity, round-robbin]

            """))
        XCTAssertEqual(lines.count, 3, lines.joined(separator: "\n"))
        XCTAssertEqual(lines[0], #"s.yaml:40:23: allocation.cap: in variant "bad": expected a percentage above 0 and at most 1000 (such as "110%"), found "lots""#)
        XCTAssertTrue(lines[1].hasPrefix(#"s.yaml:43:28: allocation.cap: in 2 points (sweep point grid-3, sweep point grid-4): expected a percentage"#), lines[1])
        XCTAssertTrue(lines[2].hasPrefix(#"s.yaml:44:42: allocation.policy: in 2 points (sweep point grid-2, sweep point grid-4): expected one of"#), lines[2])
        XCTAssertTrue(lines[2].hasSuffix(#"found "round-robbin"; did you mean "round-robin"?"#), lines[2])
    }

    func testACreatedKeyIsCheckedByTheLoaderAtTheOverridesPosition() {
        let lines = scenarioDiagnostics(BaseScenario.appending("""
            variants:
              - name: pdu-figure
                set: { demand.sentences_per_week.7: 3 }

            """))
        XCTAssertEqual(lines, [
            #"s.yaml:39:12: demand.sentences_per_week.7: in variant "pdu-figure": expected either national or PDU numbers, found both; give one national figure or one figure for every PDU"#,
            #"s.yaml:39:12: demand.sentences_per_week.7: in variant "pdu-figure": expected the number of a PDU in organisation, found "7"; the PDUs are 1, 2 and 3"#,
        ])
    }

    // MARK: Names and structure

    func testPointNamesAreUniqueSafeAndNotBase() {
        let lines = scenarioDiagnostics(BaseScenario.appending("""
            variants:
              - { name: base, set: { seed: 2 } }
              - { name: a, set: { seed: 2 } }
              - { name: "a b", set: { seed: 2 } }
            sweep:
              list:
                - { name: a, set: { seed: 3 } }
                - { name: b, set: {} }
                - { name: c }

            """))
        XCTAssertEqual(lines, [
            #"s.yaml:38:13: variants[0].name: expected a point name other than "base", found "base"; the base scenario is point "base""#,
            #"s.yaml:40:13: variants[2].name: expected a point name (letters, digits, ".", "_" and "-", starting with a letter or digit), found "a b"; it names the point's run directory"#,
            #"s.yaml:43:15: sweep.list[0].name: expected a point name not used before, found "a"; already used at line 39, column 13"#,
            #"s.yaml:44:23: sweep.list[1].set: expected at least one override (`path: value`), found an empty mapping"#,
            #"s.yaml:45:7: sweep.list[2].set: expected a mapping, found nothing (the key is missing)"#,
        ])
    }

    func testGridValuesMustBeNonEmptyLists() {
        let lines = scenarioDiagnostics(BaseScenario.appending("""
            sweep:
              grid:
                seed: 3
                replications: []

            """))
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix(#"s.yaml:39:11: sweep.grid.seed: expected a non-empty list of values, found "3""#), lines[0])
        XCTAssertTrue(lines[1].hasPrefix(#"s.yaml:40:19: sweep.grid.replications: expected a non-empty list of values, found an empty list"#), lines[1])
    }

    func testBaseErrorsAndVariantErrorsAreReportedTogether() {
        let text = BaseScenario.replacing("  custody_share: 0.3", with: "  custody_share: 3") + """
            variants:
              - { name: v, set: { allocation.kap: 1 } }

            """
        let lines = scenarioDiagnostics(text)
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("s.yaml:30:18: cases.custody_share:"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix(#"s.yaml:38:23: variants[0].set["allocation.kap"]: in variant "v": unknown key "kap""#), lines[1])
    }
}
