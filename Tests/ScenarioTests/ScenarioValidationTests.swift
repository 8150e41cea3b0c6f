// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

/// Invalid scenarios: every problem reported at once, at the node it concerns.
/// Every position is counted by hand from the YAML literal (or the line of
/// `BaseScenario` named in the comment).
final class ScenarioValidationTests: XCTestCase {

    func testTenMistakesGiveExactlyTenDiagnosticsInOrder() {
        let yaml = """
            caseflow: 2
            seeds: 3
            metadata: { name: Ten mistakes }
            horizon: { start: 2021-06-28, length: 1 year }
            replications: 0
            organisation:
              regions:
                - code: A
                  name: North
                  pdus:
                    - { number: 1, name: One, staff: { PO: 7, PSO: 5 } }
                    - { number: 1, name: Two, staff: { PO: 3 } }
            demand:
              sentences_per_week: { 1: 5, 7: 4 }
            cases:
              custody_share: 1.5
              tier_mix:
                community: { b2: 1 }
                custody: { C2: 1 }
              community_length: { distribution: gama, shape: 2, scale: 6 months }
              custody_time_to_serve: { distribution: exponential, mean: 9 months }
              licence_length: { distribution: exponential, mean: 6 months }
            allocation: { policy: lowest-capacty }
            levers:
              - { date: 2023-01-02, inflow: { scale: 1.1 } }

            """
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            // 1:11 the value after "caseflow: ".
            "s.yaml:1:11: caseflow: expected 1 (the scenario format version), found \"2\"; this version of Caseflow reads format version 1 only",
            "s.yaml:2:1: seeds: unknown key; did you mean \"seed\"?",
            // "replications: " is 14 characters.
            "s.yaml:5:15: replications: expected a whole number between 1 and 10000, found \"0\"",
            // "        - { number: " is 20 characters, on both lines.
            "s.yaml:12:21: organisation.regions[0].pdus[1].number: expected a PDU number not used before, found \"1\"; already used at line 11, column 21",
            // "  sentences_per_week: { 1: 5, " is 30 characters.
            "s.yaml:14:31: demand.sentences_per_week.7: expected the number of a PDU in organisation, found \"7\"; the only PDU is 1",
            "s.yaml:16:18: cases.custody_share: expected a share from 0 to 1 (such as 0.35 or \"35%\"), found \"1.5\"",
            "s.yaml:18:18: cases.tier_mix.community.b2: expected a tier (A3, A2, A1, A0, B3, B2, B1, B0, C3, C2, C1, C0, D3, D2, D1 or D0), found \"b2\"; did you mean \"B2\"?",
            // "  community_length: { distribution: " is 36 characters.
            "s.yaml:20:37: cases.community_length.distribution: expected one of \"constant\", \"uniform\", \"exponential\", \"gamma\", \"lognormal\", \"weibull\", \"normal\", \"triangular\" or \"empirical\", found \"gama\"; did you mean \"gamma\"?",
            "s.yaml:23:23: allocation.policy: expected one of \"lowest-capacity\", \"fewest-cases\", \"round-robin\", \"best-fit-by-tier\", \"keep-within-team\", \"continuity-first\" or \"random\", found \"lowest-capacty\"; did you mean \"lowest-capacity\"?",
            // 1 year from 2021-06-28 is 365 days: the horizon ends on 2022-06-28.
            "s.yaml:25:13: levers[0].date: expected a date within the horizon (2021-06-28 to 2022-06-28), found \"2023-01-02\"; lever date after the end of the horizon",
        ])
    }

    func testUnknownKeysAreReportedWithASuggestionOrTheKeysAllowed() {
        // Line 8 "  team_size: 5" becomes "  team_sise: 5"; line 30 gains a misspelt neighbour.
        var yaml = BaseScenario.replacing("  team_size: 5", with: "  team_sise: 5")
        yaml = replacingLine("  custody_share: 0.3", with: "  custody_share: 0.3\n  custody_shares: 0.3", in: yaml)
        yaml += "colour: blue\n"  // line 38 (one line was added above)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:8:3: organisation.team_sise: unknown key; did you mean \"team_size\"?",
            "s.yaml:31:3: cases.custody_shares: unknown key; did you mean \"custody_share\"?",
            "s.yaml:38:1: colour: unknown key; expected one of \"caseflow\", \"metadata\", \"horizon\", \"seed\", \"replications\", \"calendar\", \"grades\", \"organisation\", \"demand\", \"cases\", \"initial_caseload\", \"workforce\", …",
        ])
    }

    func testFormatVersion() {
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.replacing("caseflow: 1", with: "caseflow: \"1\"")), [
            "s.yaml:1:11: caseflow: expected 1 (the scenario format version), found \"1\"; it is in quotes, so it is text: remove the quotes",
        ])
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.replacing("caseflow: 1", with: "caseflow: 1.1")), [
            "s.yaml:1:11: caseflow: expected 1 (the scenario format version), found \"1.1\"; this version of Caseflow reads format version 1 only",
        ])
        // A missing key is reported where the mapping starts: the document's first key.
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.replacing("caseflow: 1", with: "seed: 3")), [
            "s.yaml:1:1: caseflow: expected 1 (the scenario format version), found nothing (the key is missing)",
        ])
    }

    func testHorizonBounds() {
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.replacing("  length: 2 years", with: "  length: 51 years")), [
            "s.yaml:6:11: horizon.length: expected a duration above 0 and at most 50 years, found \"51 years\"",
        ])
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.replacing("  length: 2 years", with: "  length: 0 days")), [
            "s.yaml:6:11: horizon.length: expected a duration above 0 and at most 50 years, found \"0 days\"",
        ])
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.replacing("  length: 2 years", with: "  length: 104")), [
            "s.yaml:6:11: horizon.length: expected a duration above 0 and at most 50 years, found \"104\"; add a unit: days, weeks, months or years",
        ])
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.replacing("  length: 2 years", with: "  length: 2 years\n  warmup: 3 years")), [
            "s.yaml:7:11: horizon.warmup: expected a warm-up shorter than horizon.length (730 days), found \"3 years\"",
        ])
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.replacing("  length: 2 years", with: "  length: 2 yeers")), [
            "s.yaml:6:11: horizon.length: expected a duration above 0 and at most 50 years, found \"2 yeers\"; did you mean \"years\"?",
        ])
    }

    func testReplicationsAndSeed() {
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.appending("replications: 10001\nseed: -1\n")), [
            "s.yaml:37:15: replications: expected a whole number between 1 and 10000, found \"10001\"",
            "s.yaml:38:7: seed: expected a whole number ≥ 0, found \"-1\"",
        ])
    }

    func testAssumptionsNeedAUniqueIdASourceAndAQuality() {
        let yaml = BaseScenario.replacing("  name: Base", with: """
              name: Base
              assumptions:
                - { id: a, source: x, quality: high }
                - { id: a, source: y, quality: hihg }
                - { id: b, quality: low }
            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:6:13: metadata.assumptions[1].id: expected an assumption id not used before, found \"a\"; already used at line 5, column 13",
            "s.yaml:6:36: metadata.assumptions[1].quality: expected one of \"high\", \"medium\" or \"low\", found \"hihg\"; did you mean \"high\"?",
            // The missing source is reported where the entry's mapping starts.
            "s.yaml:7:7: metadata.assumptions[2].source: expected text, found nothing (the key is missing)",
        ])
    }

    // MARK: Organisation

    func testUniqueRegionCodesPDUNumbersAndNames() {
        var yaml = BaseScenario.replacing("    - code: B", with: "    - code: A")         // line 21
        yaml = replacingLine("      name: South", with: "      name: North", in: yaml)     // line 22
        yaml = replacingLine("        - number: 3", with: "        - number: 2", in: yaml)   // line 24
        yaml = replacingLine("          name: Three", with: "          name: One", in: yaml) // line 25
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:21:13: organisation.regions[1].code: expected a region code not used before, found \"A\"; already used at line 10, column 13",
            "s.yaml:22:13: organisation.regions[1].name: expected a region name not used before, found \"North\"; already used at line 11, column 13",
            "s.yaml:24:19: organisation.regions[1].pdus[0].number: expected a PDU number not used before, found \"2\"; already used at line 16, column 19",
            // PDU One's generated teams ("One team 1", "One team 2") come from line 15's staff.
            "s.yaml:25:17: organisation.regions[1].pdus[0].name: expected a PDU name not used before, found \"One\"; already used at line 14, column 17",
            "s.yaml:26:18: organisation.regions[1].pdus[0].staff: expected a team name not used before, found \"One team 1\" (the name given to a team without one); already used at line 15, column 18",
        ])
    }

    func testTeamNamesMayNotCollideWithGeneratedOnes() {
        // PDU One's staff makes "One team 1" and "One team 2"; PDU Two names its team "One team 2".
        let yaml = BaseScenario.replacing("            - name: Two A", with: "            - name: One team 2")
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:19:21: organisation.regions[0].pdus[1].teams[0].name: expected a team name not used before, found \"One team 2\"; already used at line 15, column 18",
        ])
        // A team without a name is "<PDU name> team N", N its place in the list:
        // here the second team (line 21 "-", its mapping on line 22 at column 15).
        let unnamed = BaseScenario.replacing("            - name: Two A", with: """
                        - name: Two team 2
                          staff: { PO: 1 }
                        -
            """)
        XCTAssertEqual(scenarioDiagnostics(unnamed), [
            "s.yaml:22:15: organisation.regions[0].pdus[1].teams[1]: expected a team name not used before, found \"Two team 2\" (the name given to a team without one); already used at line 19, column 21",
        ])
    }

    func testAPDUHasStaffOrTeamsNotBoth() {
        let both = BaseScenario.replacing("          staff: { PO: 3, PQiP: 1 }",
                                          with: "          staff: { PO: 3, PQiP: 1 }\n          teams: [{ staff: { PO: 1 } }]")
        XCTAssertEqual(scenarioDiagnostics(both), [
            "s.yaml:27:18: organisation.regions[1].pdus[0].teams: expected either staff or teams in a PDU, found both",
        ])
        let neither = BaseScenario.replacing("          staff: { PO: 3, PQiP: 1 }", with: "")
        XCTAssertEqual(scenarioDiagnostics(neither), [
            "s.yaml:24:11: organisation.regions[1].pdus[0]: expected a PDU with staff (split into teams of organisation.team_size) or a list of teams, found a mapping; add staff: { PO: …, PSO: …, PQiP: …, SPO: … } or teams",
        ])
    }

    func testGradeRules() {
        let yaml = BaseScenario.appending("""
            grades:
              PSO: { risk: [C, E, d], contracted_hours: 30, reduction_hours: 31 }
              PQiP: { max_cases: 0, holds_cases: yes }
              Spo: { holds_cases: false }

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            // "  PSO: { risk: [C, " is 19 characters.
            "s.yaml:38:20: grades.PSO.risk[1]: expected a risk letter (A, B, C or D), found \"E\"",
            "s.yaml:38:23: grades.PSO.risk[2]: expected a risk letter (A, B, C or D), found \"d\"; did you mean \"D\"?",
            "s.yaml:39:22: grades.PQiP.max_cases: expected a whole number between 1 and 10000, found \"0\"",
            "s.yaml:39:38: grades.PQiP.holds_cases: expected true or false, found \"yes\"",
            "s.yaml:40:3: grades.Spo: unknown key; did you mean \"SPO\"?",
        ])
        let spo = BaseScenario.appending("grades:\n  SPO: { holds_cases: true, case_types: [] }\n")
        XCTAssertEqual(scenarioDiagnostics(spo), [
            "s.yaml:38:8: grades.SPO: expected the risk letters a grade that holds cases may hold, found none; add risk: [A, B, C, D] or some of them",
        ])
        let nobody = BaseScenario.appending("grades:\n  PO: { holds_cases: false }\n  PSO: { holds_cases: false }\n  PQiP: { holds_cases: false }\n")
        XCTAssertEqual(scenarioDiagnostics(nobody), [
            "s.yaml:38:3: grades: expected at least one grade that holds cases, found none (every grade has holds_cases: false)",
        ])
        let hours = BaseScenario.appending("grades:\n  PSO: { contracted_hours: 30, reduction_hours: 31 }\n")
        XCTAssertEqual(scenarioDiagnostics(hours), [
            "s.yaml:38:49: grades.PSO.reduction_hours: expected reduction hours no more than the contracted hours (30), found \"31\"",
        ])
    }

    // MARK: Demand

    func testDemandByPDUMustNameEveryPDUAndOnlyThem() {
        let missing = BaseScenario.replacing("  sentences_per_week: { national: 30 }", with: "  sentences_per_week: { 1: 10, 3: 5 }")
        XCTAssertEqual(scenarioDiagnostics(missing), [
            // "  sentences_per_week: " is 22 characters: the mapping opens at column 23.
            "s.yaml:28:23: demand.sentences_per_week: expected a figure for every PDU in organisation (or national: N), found none for PDU 2",
        ])
        let both = BaseScenario.replacing("  sentences_per_week: { national: 30 }", with: "  sentences_per_week: { national: 30, 1: 5 }")
        XCTAssertEqual(scenarioDiagnostics(both), [
            "s.yaml:28:39: demand.sentences_per_week.1: expected either national or PDU numbers, found both; give one national figure or one figure for every PDU",
        ])
        let names = BaseScenario.replacing("  sentences_per_week: { national: 30 }", with: "  sentences_per_week: { One: 10, nationl: 5 }")
        XCTAssertEqual(scenarioDiagnostics(names), [
            "s.yaml:28:25: demand.sentences_per_week.One: expected a PDU number or \"national\", found \"One\"; PDUs are given by number: One is 1",
            "s.yaml:28:34: demand.sentences_per_week.nationl: expected a PDU number or \"national\", found \"nationl\"; did you mean \"national\"?",
        ])
        let weights = BaseScenario.replacing("  sentences_per_week: { national: 30 }",
                                             with: "  sentences_per_week: { 1: 10, 2: 5, 3: 5 }\n  pdu_weights: { 1: 1, 2: 1, 3: 1 }")
        XCTAssertEqual(scenarioDiagnostics(weights), [
            "s.yaml:29:16: demand.pdu_weights: expected no pdu_weights when no figure is national, found weights; pdu_weights splits national figures between PDUs",
        ])
    }

    func testDemandValues() {
        let yaml = BaseScenario.replacing("  sentences_per_week: { national: 30 }", with: """
              sentences_per_week: { national: -1 }
              monthly_factors: [1, 1, 1]
              growth_per_year: 150%
              fast_report_share: 60%
              report_window: 10 working days
            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:28:35: demand.sentences_per_week.national: expected a number between 0 and 100000, found \"-1\"",
            "s.yaml:29:20: demand.monthly_factors: expected 12 monthly factors (January to December), found 3",
            "s.yaml:30:20: demand.growth_per_year: expected a percentage from -100 to 100 (such as \"35%\"), found \"150%\"",
            "s.yaml:32:18: demand.report_window: expected a duration above 0 and at most 100 years, found \"10 working days\"; working days are only used by allocation.target, allocation.preparation and allocation.above_cap.after",
        ])
    }

    // MARK: Cases

    func testTierMixes() {
        var yaml = BaseScenario.replacing("    community: { B2: 1, C2: 3, D1: 4 }", with: "    community: { B4: 1, \"2b\": 1 }")
        yaml = replacingLine("    custody: { B2: 2, C2: 3, D1: 2 }", with: "    custody: { B2: 0, C2: -1 }\n    licence: {}", in: yaml)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:32:18: cases.tier_mix.community.B4: expected a tier (A3, A2, A1, A0, B3, B2, B1, B0, C3, C2, C1, C0, D3, D2, D1 or D0), found \"B4\"; a tier is a risk letter A–D then a complexity digit 3–0",
            "s.yaml:32:25: cases.tier_mix.community.2b: expected a tier (A3, A2, A1, A0, B3, B2, B1, B0, C3, C2, C1, C0, D3, D2, D1 or D0), found \"2b\"; did you mean \"B2\"?",
            "s.yaml:33:27: cases.tier_mix.custody.C2: expected a weight from 0 to 1000000000 (a number, or a percentage such as \"35%\"), found \"-1\"",
            "s.yaml:34:14: cases.tier_mix.licence: expected tier weights that are not all 0, found none",
        ])
        let zeros = BaseScenario.replacing("    custody: { B2: 2, C2: 3, D1: 2 }", with: "    custody: { B2: 0 }")
        XCTAssertEqual(scenarioDiagnostics(zeros), [
            "s.yaml:33:14: cases.tier_mix.custody: expected tier weights that are not all 0, found only zeros",
        ])
        let noCustody = BaseScenario.replacing("    custody: { B2: 2, C2: 3, D1: 2 }", with: "")
        XCTAssertEqual(scenarioDiagnostics(noCustody), [
            "s.yaml:32:5: cases.tier_mix.custody: expected a mapping, found nothing (the key is missing)",
        ])
    }

    func testDistributionsAreChecked() {
        func problems(_ flow: String) -> [String] {
            scenarioDiagnostics(BaseScenario.replacing(
                "  licence_length: { distribution: gamma, shape: 2, scale: 4 months }", with: "  licence_length: \(flow)"))
        }
        // "  licence_length: " is 18 characters: the mapping opens at column 19.
        XCTAssertEqual(problems("{ distribution: gamma, shape: 0, scale: 4 months }"), [
            "s.yaml:36:19: cases.licence_length: expected a valid gamma distribution, found parameters it cannot take: gamma needs shape > 0 and scale > 0 (found 0.0, 121.75) (lengths in days)",
        ])
        XCTAssertEqual(problems("{ distribution: uniform, lower: 2 years, upper: 1 year }"), [
            "s.yaml:36:19: cases.licence_length: expected a valid uniform distribution, found parameters it cannot take: uniform needs finite lower < upper (found 730.5, 365.25) (lengths in days)",
        ])
        XCTAssertEqual(problems("{ distribution: exponential, mean: 6 }"), [
            "s.yaml:36:54: cases.licence_length.mean: expected a duration such as \"26 weeks\" or \"7.5 months\", found \"6\"; add a unit: days, weeks, months or years",
        ])
        XCTAssertEqual(problems("{ distribution: exponential, mean: 6 months, sd: 1 month }"), [
            "s.yaml:36:64: cases.licence_length.sd: unknown key; expected one of \"distribution\" or \"mean\"",
        ])
        XCTAssertEqual(problems("{ distribution: lognormal, mean: 6 months, sd: 2 months, mu: 1, sigma: 1 }"), [
            "s.yaml:36:76: cases.licence_length.mu: expected either mean and sd (of the length) or mu and sigma (of its logarithm), found both",
        ])
        XCTAssertEqual(problems("{ distribution: empirical, values: [1 day, 2 days], weights: [1] }"), [
            "s.yaml:36:80: cases.licence_length.weights: expected as many weights as values (2), found 1",
        ])
        XCTAssertEqual(scenarioDiagnostics(BaseScenario.appending("  short_sentence_threshold: 0 months\n  handover_before_release: -1 months\n")), [
            "s.yaml:37:29: cases.short_sentence_threshold: expected a duration above 0 and at most 100 years, found \"0 months\"",
            "s.yaml:38:28: cases.handover_before_release: expected a duration such as \"26 weeks\" or \"7.5 months\", found \"-1 months\"; a duration cannot be negative",
        ])
    }

    func testInitialCaseload() {
        let yaml = BaseScenario.appending("""
            initial_caseload:
              total: 100
              type_shares: { community: 0, custody: 0 }
              pdu_weights: { 1: 1, 2: 1, 4: 1 }
              tier_mix: { licence: { A3: 1 }, lisence: { A3: 1 } }

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:39:16: initial_caseload.type_shares: expected type shares that are not all 0, found only zeros",
            "s.yaml:40:30: initial_caseload.pdu_weights.4: expected the number of a PDU in organisation, found \"4\"; the PDUs are 1, 2 and 3",
            "s.yaml:41:35: initial_caseload.tier_mix.lisence: unknown key; did you mean \"licence\"?",
        ])
        let word = BaseScenario.appending("initial_caseload: { total: 1, type_shares: { community: 1 }, pdu_weights: by-demand }\n")
        XCTAssertEqual(scenarioDiagnostics(word), [
            "s.yaml:37:75: initial_caseload.pdu_weights: expected one of \"proportional-to-demand\", found \"by-demand\"",
        ])
    }

    // MARK: Allocation, workforce, outputs

    func testAllocationWorkforceAndOutputs() {
        let yaml = BaseScenario.appending("""
            allocation:
              cap: 0
              target: 1 week
              meeting_time: "25:00"
              preparation: 1.5 working days
              queue_order: newest-first
            workforce:
              leaving_rate_per_year: { PO: 120% }
              recruitment_lead_time: 16 wks
            outputs:
              levels: []
              wmt_snapshot: yearly

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:38:8: allocation.cap: expected a percentage above 0 and at most 1000 (such as \"110%\"), found \"0\"",
            "s.yaml:39:11: allocation.target: expected a number of working days such as \"5 working days\", found \"1 week\"; allocation times are counted in working days: write \"1 working day\" or convert",
            "s.yaml:40:17: allocation.meeting_time: expected a time of day such as \"10:00\" (24-hour clock), found \"25:00\"",
            "s.yaml:41:16: allocation.preparation: expected a number of working days such as \"5 working days\", found \"1.5 working days\"; use a whole number",
            "s.yaml:42:16: allocation.queue_order: expected one of \"oldest-first\" or \"highest-tier-first\", found \"newest-first\"; did you mean \"oldest-first\"?",
            "s.yaml:44:32: workforce.leaving_rate_per_year.PO: expected a percentage from 0 to 100 (such as \"35%\"), found \"120%\"",
            "s.yaml:45:26: workforce.recruitment_lead_time: expected a duration such as \"26 weeks\" or \"7.5 months\", found \"16 wks\"",
            "s.yaml:47:11: outputs.levels: expected at least one level (national, region, pdu, team or practitioner), found an empty list",
            "s.yaml:48:17: outputs.wmt_snapshot: expected one of \"every-output\", \"monthly\", \"quarterly\", \"final\" or \"none\", found \"yearly\"",
        ])
    }

    // MARK: Levers

    func testLeverScopesAndDates() {
        let yaml = BaseScenario.appending("""
            levers:
              - { date: 2022-01-03, inflow: { scale: 1.1, region: C } }
              - { date: 2022-01-03, staff: { grade: PO, add: 2, pdu: 4 } }
              - { date: 2022-01-03, staff: { grade: PSO, add: -1, region: A, pdu: 1 } }
              - { date: 2021-01-04, inflow: { scale: 1.1 } }
              - { date: 2022-01-03, allocation: { cap: 0% } }
              - { date: 2022-01-03, allocation: { policy: fastest } }
              - { date: 2022-01-03 }
              - { date: 2022-01-03, staff: { grade: Trainee, add: 0 } }

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            // "  - { date: 2022-01-03, inflow: { scale: 1.1, region: " is 54 characters.
            "s.yaml:38:55: levers[0].inflow.region: expected the code of a region in organisation (\"A\" or \"B\"), found \"C\"",
            "s.yaml:39:58: levers[1].staff.pdu: expected the number of a PDU in organisation, found \"4\"; the PDUs are 1, 2 and 3",
            "s.yaml:40:71: levers[2].staff.pdu: expected either region or pdu, found both",
            // 2 years from 2021-06-28 is 730 days: the horizon ends on 2023-06-28.
            "s.yaml:41:13: levers[3].date: expected a date within the horizon (2021-06-28 to 2023-06-28), found \"2021-01-04\"; lever date before the start of the horizon",
            "s.yaml:42:44: levers[4].allocation.cap: expected a percentage above 0 and at most 1000 (such as \"110%\"), found \"0%\"",
            "s.yaml:43:47: levers[5].allocation.policy: expected one of \"lowest-capacity\", \"fewest-cases\", \"round-robin\", \"best-fit-by-tier\", \"keep-within-team\", \"continuity-first\" or \"random\", found \"fastest\"",
            "s.yaml:44:5: levers[6]: expected a lever with a change (inflow, staff, points, allocation, leave, establishment, early_release or supervision_reset), found only a date",
            "s.yaml:45:41: levers[7].staff.grade: expected one of \"PO\", \"PSO\", \"PQiP\" or \"SPO\", found \"Trainee\"",
            "s.yaml:45:55: levers[7].staff.add: expected a whole number other than 0 (negative to remove staff), found \"0\"",
        ])
    }

    func testALeverOnTheLastDayIsAllowed() throws {
        let yaml = BaseScenario.appending("levers:\n  - { date: 2023-06-28, inflow: { scale: 2, pdu: 3 } }\n")
        let spec = try loadScenario(yaml).spec
        XCTAssertEqual(spec.levers.map { describe($0.change) }, ["inflow ×2.0 pdu 3"])
    }

    // MARK: Limits

    func testManyProblemsAreCapped() {
        // 250 assumptions without a source or quality: 500 problems, the first 200 shown.
        let entries = (0..<250).map { "    - { id: a\($0) }" }.joined(separator: "\n")
        let yaml = BaseScenario.replacing("  name: Base", with: "  name: Base\n  assumptions:\n" + entries)
        let lines = scenarioDiagnostics(yaml)
        XCTAssertEqual(lines.count, 201)
        XCTAssertEqual(lines.last, "…and 300 more errors")
    }
}

/// The keys of allocation under pressure and the two case-length levers.
final class PressureAndLengthLeverScenarioTests: XCTestCase {
    func testTheKeysAreRead() throws {
        let yaml = BaseScenario.appending("""
            levers:
              - { date: 2022-01-03, early_release: { custody_scale: 0.8, share: 80% } }
              - { date: 2022-01-03, supervision_reset: { scale: 0.667, exempt_risk: [A], exempt_share: 0.1, over: 12 weeks } }

            """)
        let spec = try loadScenario(yaml).spec
        XCTAssertEqual(spec.levers.map { describe($0.change) },
                       ["early release ×0.8 share 0.8", "reset ×0.667 [\"community\", \"licence\"] exempt A +0.1 over 84 days"])
    }

    func testProblemsAreReportedWhereTheyAre() {
        let yaml = BaseScenario.appending("""
            levers:
              - { date: 2022-01-03, early_release: { custody_scale: 0, share: 2 } }
              - { date: 2022-01-03, supervision_reset: { scale: 0.5, case_types: [custody] } }

            """)
        // "  - { date: 2022-01-03, early_release: { custody_scale: " is 56 characters.
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:38:57: levers[0].early_release.custody_scale: expected a share of the time in custody above 0 and at most 1 (SDS40: 0.8, 40% of the sentence instead of 50%), found \"0\"",
            "s.yaml:38:67: levers[0].early_release.share: expected a share from 0 to 1 (such as 0.35 or \"35%\"), found \"2\"",
            "s.yaml:39:70: levers[1].supervision_reset.case_types: expected community or licence (custody is not a supervision period), found a list",
        ])
    }
}
