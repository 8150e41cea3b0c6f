// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

/// Staff totals split into teams; national demand split between PDUs; points tables inline.
final class ScenarioOrganisationTests: XCTestCase {

    /// A scenario with one region whose PDUs are `pdus` (YAML list items, indented 8).
    func scenario(team_size: Int = 7, pdus: String, demand: String = "  sentences_per_week: { national: 100 }",
                  extra: String = "") -> String {
        """
        caseflow: 1
        metadata: { name: Split }
        horizon: { start: 2021-06-28, length: 1 year }
        organisation:
          team_size: \(team_size)
          regions:
            - code: A
              name: North
              pdus:
        \(pdus)
        demand:
        \(demand)
        cases:
          custody_share: 0.3
          tier_mix: { community: { C2: 1 }, custody: { C2: 1 } }
          community_length: { distribution: constant, value: 1 year }
          custody_time_to_serve: { distribution: constant, value: 6 months }
          licence_length: { distribution: constant, value: 6 months }
        \(extra)
        """
    }

    // MARK: Teams from staff totals

    func testSevenPOsFivePSOsTwoPQiPsAndTwoSPOsMakeTwoTeamsOfSeven() throws {
        let yaml = scenario(team_size: 7, pdus: "        - { number: 1, name: Leeds, staff: { PO: 7, PSO: 5, PQiP: 2, SPO: 2 } }")
        let teams = try loadScenario(yaml).spec.organisation.regions[0].pdus[0].teams
        // 14 practitioners / 7 = 2 teams. POs: 3 each, the 7th to team 1 (4, 3). PSOs: 2 each,
        // the 5th to the smaller team, team 2 (2, 3): both now 6. PQiPs: 1 each. SPOs: 1 each.
        XCTAssertEqual(teams.map(\.name), ["Leeds team 1", "Leeds team 2"])
        XCTAssertEqual(teams.map(\.staff), [
            [.po: 4, .pso: 2, .pqip: 1, .spo: 1],
            [.po: 3, .pso: 3, .pqip: 1, .spo: 1],
        ])
        XCTAssertEqual(teams.map { TeamSplitter.practitioners($0.staff) }, [7, 7])
    }

    func testSplittingRulesDirectly() {
        // ceil(90 / 10) = 9 teams: POs 40 = 4 each + 4 to teams 1–4; PSOs 38 = 4 each + 2 to the
        // smallest teams (5, 6); PQiPs 12 = 1 each + 3 to the smallest (7, 8, 9); SPOs 9: one each.
        let teams = TeamSplitter.split([.po: 40, .pso: 38, .pqip: 12, .spo: 9], teamSize: 10)
        XCTAssertEqual(teams.map { $0[.po]! }, [5, 5, 5, 5, 4, 4, 4, 4, 4])
        XCTAssertEqual(teams.map { $0[.pso]! }, [4, 4, 4, 4, 5, 5, 4, 4, 4])
        XCTAssertEqual(teams.map { $0[.pqip]! }, [1, 1, 1, 1, 1, 1, 2, 2, 2])
        XCTAssertEqual(teams.map { $0[.spo]! }, Array(repeating: 1, count: 9))
        XCTAssertEqual(teams.map { TeamSplitter.practitioners($0) }, [10, 10, 10, 10, 10, 10, 10, 10, 10])

        // Fewer SPOs than teams: the first teams get them. Grades not given stay out.
        XCTAssertEqual(TeamSplitter.split([.po: 9, .spo: 1], teamSize: 4),
                       [[.po: 3, .spo: 1], [.po: 3, .spo: 0], [.po: 3, .spo: 0]])
        // More SPOs than teams: dealt evenly, the extra to the first teams.
        XCTAssertEqual(TeamSplitter.split([.pso: 3, .spo: 3], teamSize: 2),
                       [[.pso: 2, .spo: 2], [.pso: 1, .spo: 1]])
        // No practitioners: one team (holding the SPOs, if any).
        XCTAssertEqual(TeamSplitter.split([.spo: 1], teamSize: 10), [[.spo: 1]])
        XCTAssertEqual(TeamSplitter.split([:], teamSize: 10), [[:]])
        // Exactly full teams.
        XCTAssertEqual(TeamSplitter.split([.po: 10, .pso: 10], teamSize: 10),
                       [[.po: 5, .pso: 5], [.po: 5, .pso: 5]])
    }

    func testTheDefaultTeamSizeIsTen() throws {
        let yaml = scenario(pdus: "        - { number: 1, name: Leeds, staff: { PO: 11 } }")
            .replacingOccurrences(of: "  team_size: 7\n", with: "")
        let teams = try loadScenario(yaml).spec.organisation.regions[0].pdus[0].teams
        XCTAssertEqual(teams.map(\.staff), [[.po: 6], [.po: 5]])
    }

    // MARK: National demand split between PDUs

    func testNationalDemandIsSplitByPractitionersByDefault() throws {
        // Practitioners: PDU 1 has 10 (SPOs do not count), PDU 2 has 30.
        let yaml = scenario(pdus: """
                    - { number: 1, name: One, staff: { PO: 6, PSO: 4, SPO: 5 } }
                    - { number: 2, name: Two, staff: { PO: 20, PQiP: 10, SPO: 1 } }
            """, demand: "  sentences_per_week: { national: 100 }\n  court_reports_per_week: { national: 40 }")
        let demand = try loadScenario(yaml).spec.demand
        XCTAssertEqual(demand.sentencesPerWeek, [1: 25, 2: 75])
        XCTAssertEqual(demand.reportsPerWeek, [1: 10, 2: 30])
    }

    func testNationalDemandIsSplitByPDUWeightsWhenGiven() throws {
        let yaml = scenario(pdus: """
                    - { number: 1, name: One, staff: { PO: 6, PSO: 4 } }
                    - { number: 2, name: Two, staff: { PO: 20, PQiP: 10 } }
            """, demand: """
              sentences_per_week: { national: 100 }
              pdu_weights: { 1: 3, 2: 1 }
              court_reports_per_week: { 1: 7, 2: 3 }
            """)
        let demand = try loadScenario(yaml).spec.demand
        XCTAssertEqual(demand.sentencesPerWeek, [1: 75, 2: 25])
        XCTAssertEqual(demand.reportsPerWeek, [1: 7, 2: 3])
    }

    func testNationalDemandIsSplitEquallyWithoutPractitioners() throws {
        let yaml = scenario(pdus: """
                    - { number: 1, name: One, staff: { SPO: 1 } }
                    - { number: 2, name: Two, staff: { SPO: 1 } }
                    - { number: 5, name: Five, staff: {} }
                    - { number: 9, name: Nine, teams: [{ name: Nine A, staff: { SPO: 1 } }] }
            """)
        let demand = try loadScenario(yaml).spec.demand
        XCTAssertEqual(demand.sentencesPerWeek, [1: 25, 2: 25, 5: 25, 9: 25])
    }

    func testPDUWeightsMustCoverEveryPDUAndNotBeAllZero() {
        let missing = scenario(pdus: """
                    - { number: 1, name: One, staff: { PO: 1 } }
                    - { number: 2, name: Two, staff: { PO: 1 } }
            """, demand: "  sentences_per_week: { national: 100 }\n  pdu_weights: { 1: 1 }")
        // Line 14 (after two PDU lines, demand: and sentences_per_week): "  pdu_weights: " is 15 characters.
        XCTAssertEqual(scenarioDiagnostics(missing), [
            "s.yaml:14:16: demand.pdu_weights: expected a figure for every PDU in organisation, found none for PDU 2",
        ])
        let zeros = scenario(pdus: """
                    - { number: 1, name: One, staff: { PO: 1 } }
                    - { number: 2, name: Two, staff: { PO: 1 } }
            """, demand: "  sentences_per_week: { national: 100 }\n  pdu_weights: { 1: 0, 2: 0 }")
        XCTAssertEqual(scenarioDiagnostics(zeros), [
            "s.yaml:14:16: demand.pdu_weights: expected PDU weights that are not all 0, found only zeros",
        ])
    }

    func testInitialCaseloadIsSpreadInProportionToDemand() throws {
        let pdus = """
                    - { number: 1, name: One, staff: { PO: 6, PSO: 4 } }
                    - { number: 2, name: Two, staff: { PO: 20, PQiP: 10 } }
            """
        let byDemand = scenario(pdus: pdus, extra: """
            initial_caseload:
              total: 1000
              type_shares: { community: 5, licence: 3, custody: 2 }
              pdu_weights: proportional-to-demand

            """)
        let initial = try XCTUnwrap(try loadScenario(byDemand).spec.initialCaseload)
        XCTAssertEqual(initial.pduWeights, [1: 25, 2: 75])
        XCTAssertEqual(initial.typeShares, [.community: 5, .licence: 3, .custody: 2])
        XCTAssertNil(initial.tierMix)
        XCTAssertTrue(initial.allocated)
        // The default is the same.
        let byDefault = scenario(pdus: pdus, extra: "initial_caseload: { total: 1000, type_shares: { community: 1 } }\n")
        XCTAssertEqual(try loadScenario(byDefault).spec.initialCaseload?.pduWeights, [1: 25, 2: 75])
        let given = scenario(pdus: pdus, extra: "initial_caseload: { total: 10, type_shares: { community: 1 }, pdu_weights: { 1: 1, 2: 4 } }\n")
        XCTAssertEqual(try loadScenario(given).spec.initialCaseload?.pduWeights, [1: 1, 2: 4])
    }

    // MARK: Points tables

    func testAnInlinePointsTableKeepsHMPPSDefaultsForEntriesLeftOut() throws {
        let yaml = scenario(pdus: "        - { number: 1, name: One, staff: { PO: 1 } }", extra: """
            points:
              - effective: 2021-06-01
                table:
                  community_B2: 120
                  t2a_licence_A3: 80
                  sdr: 150
                  nominal_target_pso: 2000
                  default_hours_pso: 36.5
              - effective: 2022-01-03
                table: hmpps-default
            levers:
              - date: 2022-04-04
                points: { table: { fdr: 70 } }

            """)
        let spec = try loadScenario(yaml).spec
        XCTAssertEqual(spec.pointsTables.map(\.effective.description), ["2021-06-28", "2022-01-03"])
        var expected = PointsTable.hmppsDefault
        expected[.community, .b2] = 120
        expected[.licence, .a3, t2a: true] = 80
        expected.sdr = 150
        expected.nominalTargetPSO = 2000
        expected.defaultHoursPSO = 36.5
        XCTAssertEqual(spec.pointsTables[0].value, expected)
        XCTAssertEqual(spec.pointsTables[1].value, .hmppsDefault)
        var lever = PointsTable.hmppsDefault
        lever.fdr = 70
        guard case .points(let table)? = spec.levers.first?.change else { return XCTFail("expected a points lever") }
        XCTAssertEqual(table, lever)
    }

    func testInlinePointsTablesAreChecked() {
        let yaml = scenario(pdus: "        - { number: 1, name: One, staff: { PO: 1 } }", extra: """
            points:
              - effective: 2021-06-28
                table:
                  comunity_B2: 120
                  community_B2: -3
                  sdr: 1.5
                  sdrr: 1
                  nominal_target_pso: 0
                  Community_B2: 5
              - { effective: 2021-06-28, table: wmt-2019 }
              - { effective: 2023-01-01, table: hmpps-default }

            """)
        // The extra text starts on line 19; the table's mapping starts at its first key (22:7);
        // "  - { effective: " is 17 characters.
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:22:7: points[0].table: expected a usable points table, found that nominal_target_pso is 0, so every PSO would have 0 available points",
            "s.yaml:22:7: points[0].table.comunity_B2: expected a points entry name, found \"comunity_B2\"; \"comunity\" is not a case type (expected community, licence or custody)",
            "s.yaml:23:21: points[0].table.community_B2: expected a whole number between 0 and 1000000, found \"-3\"",
            "s.yaml:24:12: points[0].table.sdr: expected a whole number between 0 and 1000000, found \"1.5\"",
            "s.yaml:25:7: points[0].table.sdrr: expected a points entry name, found \"sdrr\"; did you mean \"sdr\"?",
            "s.yaml:27:7: points[0].table.Community_B2: expected a points entry not given before, found \"Community_B2\"; community_B2 is already given at line 23, column 7",
            "s.yaml:28:18: points[1].effective: expected a date after the previous table's (2021-06-28), found \"2021-06-28\"",
            "s.yaml:28:37: points[1].table: expected one of \"hmpps-default\", found \"wmt-2019\"",
            "s.yaml:29:18: points[2].effective: expected a date within the horizon (2021-06-28 to 2022-06-28), found \"2023-01-01\"; the table takes effect after the end of the horizon",
        ])
    }

    func testTheFirstPointsTableMustBeInForceOnTheFirstDay() {
        let yaml = scenario(pdus: "        - { number: 1, name: One, staff: { PO: 1 } }",
                            extra: "points: [{ effective: 2021-07-01, table: hmpps-default }]\n")
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            // "points: [{ effective: " is 22 characters.
            "s.yaml:19:23: points[0].effective: expected a date on or before the start of the horizon (2021-06-28), found \"2021-07-01\"; the first points table is the one in force on the first day",
        ])
    }
}
