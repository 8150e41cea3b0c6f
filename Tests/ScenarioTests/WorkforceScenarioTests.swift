// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

/// The workforce keys of a scenario (docs/workforce.md): what they load into,
/// and every mistake reported at the value it concerns.
final class WorkforceScenarioTests: XCTestCase {
    static let full = """
            caseflow: 1
            metadata:
              name: Base
            horizon:
              start: 2021-06-28
              length: 2 years
            organisation:
              team_size: 5
              regions:
                - code: A
                  name: North
                  pdus:
                    - number: 1
                      name: One
                      staff: { PO: 4, PSO: 4, SPO: 2 }
                      establishment: { PO: 7, PSO: 3 }
                    - number: 2
                      name: Two
                      teams:
                        - name: Two A
                          staff: { PO: 2, PSO: 1, SPO: 1 }
                - code: B
                  name: South
                  pdus:
                    - number: 3
                      name: Three
                      staff: { PO: 3, PQiP: 1 }
            demand:
              sentences_per_week: { national: 30 }
            cases:
              custody_share: 0.3
              tier_mix:
                community: { B2: 1, C2: 3, D1: 4 }
                custody: { B2: 2, C2: 3, D1: 2 }
              community_length: { distribution: lognormal, mean: 12 months, sd: 5 months }
              custody_time_to_serve: { distribution: lognormal, mean: 8 months, sd: 8 months }
              licence_length: { distribution: gamma, shape: 2, scale: 4 months }
            workforce:
              leaving_rate_per_year: { PO: 9%, PSO: 12% }
              recruitment:
                PO: { lead_time: 16 weeks, success: 60% }
                SPO: { lead_time: 20 weeks }
              absence: { sickness_days_per_year: 6, annual_leave_days_per_year: 2 }
              pqip:
                training_length: { distribution: empirical, values: [15 months, 21 months] }
                stage_length: 6 months
                stage_reductions: [80%, 60%, 40%]
                protected_caseload:
                  stage1: { risk: [C, D], max_cases: 8 }
                  stage3: { max_cases: none }
                withdrawal: 10%
                on_time: 0.9
                extension: 3 months
                nqo: { reduction: 20%, length: 9 months, max_cases: 40 }
                beyond_establishment: leave
                in_post_elapsed: { distribution: uniform, lower: 0 months, upper: 12 months }
                supervision: { spo_hours_per_week: 1.5, po_hours_per_week: 1 }
                intake_scale: 0.5
                intakes:
                  - { date: 2021-09-06, size: 30 }
                  - { date: 2022-03-07, size: 10, region: B }
              progression: { share_per_year: 5%, regions: [A], start: 2021-10-01, end: 2022-12-31, rounds_per_year: 2, training_length: 12 months }
              blended_caseloads:
                former_crc: { PO: 30%, PSO: 65% }
                regions: { B: { PO: 0, PSO: 0 } }
                from: 2021-06-28
                until: 2022-06-27
            levers:
              - { date: 2021-06-28, leave: { extra_days: 8, until: 2022-03-31 } }
              - { date: 2022-04-01, establishment: { grade: PO, add: 3, region: A } }

            """

    func testEveryWorkforceKeyLoads() throws {
        let spec = try loadScenario(Self.full).spec
        let d = { (y: Int, m: Int, day: Int) in CivilDate(year: y, month: m, day: day)! }
        let w = spec.workforce
        XCTAssertEqual(w.recruitment[.po], RecruitmentSpec(leadTimeDays: 112, success: 0.6))
        XCTAssertEqual(w.recruitment[.spo], RecruitmentSpec(leadTimeDays: 140, success: 1))
        XCTAssertNil(w.recruitment[.pso])
        XCTAssertEqual(w.absence, AbsenceSpec(sicknessDaysPerYear: 6, annualLeaveDaysPerYear: 2))
        let p = try XCTUnwrap(w.pqip)
        let month = 365.25 / 12
        XCTAssertEqual(p.trainingLengthDays, .empirical(values: [15 * month, 21 * month], weights: [1, 1]))
        XCTAssertEqual(p.stageLengthDays, 6 * month)
        XCTAssertEqual(p.stageReductions, [0.8, 0.6, 0.4])
        let stages = try XCTUnwrap(p.stageRules)
        XCTAssertEqual(stages[0].riskLetters, ["C", "D"])
        XCTAssertEqual(stages[0].maxCases, 8)
        XCTAssertEqual(stages[1].riskLetters, spec.grades[.pqip]?.riskLetters, "a stage left out keeps the PQiP grade's rules")
        XCTAssertEqual(stages[1].maxCases, 20)
        XCTAssertEqual(stages[2].riskLetters, ["B", "C", "D"])
        XCTAssertNil(stages[2].maxCases)
        XCTAssertEqual(p.withdrawalShare, 0.1)
        XCTAssertEqual(p.onTimeShare, 0.9)
        XCTAssertEqual(p.extensionDays, 91)
        XCTAssertEqual(p.nqoReduction, 0.2)
        XCTAssertEqual(p.nqoDays, 273)
        XCTAssertEqual(p.nqoRules?.maxCases, 40)
        XCTAssertEqual(p.nqoRules?.riskLetters, ["A", "B", "C", "D"])
        XCTAssertEqual(p.beyondEstablishment, .leave)
        XCTAssertEqual(p.inPostElapsedDays, .uniform(lower: 0, upper: 12 * month))
        XCTAssertEqual(p.spoSupervisionHours, 1.5)
        XCTAssertEqual(p.poSupervisionHours, 1)
        XCTAssertEqual(p.intakeScale, 0.5)
        XCTAssertEqual(p.intakes.map(\.date), [d(2021, 9, 6), d(2022, 3, 7)])
        XCTAssertEqual(p.intakes.map(\.size), [30, 10])
        XCTAssertEqual(p.intakes.map(\.scope), [.national, .region("B")])
        let prog = try XCTUnwrap(w.progression)
        XCTAssertEqual(prog.sharePerYear, 0.05)
        XCTAssertEqual(prog.regions, ["A"])
        XCTAssertEqual(prog.start, d(2021, 10, 1))
        XCTAssertEqual(prog.end, d(2022, 12, 31))
        XCTAssertEqual(prog.roundsPerYear, 2)
        XCTAssertEqual(prog.trainingLengthDays, .constant(12 * month))
        let b = try XCTUnwrap(w.blendedCaseloads)
        XCTAssertEqual(b.formerCRCShare, [.po: 0.3, .pso: 0.65])
        XCTAssertEqual(b.regionShares, ["B": [.po: 0, .pso: 0]])
        XCTAssertEqual(b.restrictedRisk, ["C", "D"])
        XCTAssertEqual(b.from, d(2021, 6, 28))
        XCTAssertEqual(b.until, d(2022, 6, 27))
        XCTAssertEqual(spec.levers.map { describe($0.change) },
                       ["leave 8 days until 2022-03-31 national", "establishment PO 3 region A"])
        // With pqip, the PQiP grade's stand-in reduction (22.2 hours) gives way to the stages.
        XCTAssertEqual(spec.grades[.pqip]?.reductionHours, 0)
        XCTAssertTrue(spec.usesWorkforceDynamics)
    }

    func testAPDUsEstablishmentIsSplitOverItsTeams() throws {
        // PDU 1: PO 4, PSO 4, SPO 2 in teams of 5 → two teams {PO 2, PSO 2, SPO 1};
        // 7 PO posts: one more each, then one more to the first; 3 PSO posts: one fewer from the first.
        let spec = try loadScenario(Self.full).spec
        let teams = spec.organisation.regions[0].pdus[0].teams
        XCTAssertEqual(teams.map { $0.establishment?[.po] }, [4, 3])
        XCTAssertEqual(teams.map { $0.establishment?[.pso] }, [1, 2])
        XCTAssertEqual(teams.map { $0.establishment?[.spo] }, [1, 1], "grades left out are as staffed")
        XCTAssertNil(spec.organisation.regions[1].pdus[0].teams[0].establishment)
    }

    func testAnExplicitPQiPReductionIsKept() throws {
        let yaml = Self.full.replacingOccurrences(of: "workforce:\n", with: "grades:\n  PQiP: { reduction_hours: 3 }\nworkforce:\n")
        XCTAssertEqual(try loadScenario(yaml).spec.grades[.pqip]?.reductionHours, 3)
        let without = Self.full.components(separatedBy: "\n").prefix { $0 != "workforce:" }.joined(separator: "\n") + "\n"
        XCTAssertEqual(try loadScenario(without).spec.grades[.pqip]?.reductionHours, 22.2, "no pqip: the grade's default stays")
        XCTAssertFalse(try loadScenario(BaseScenario.text).spec.usesWorkforceDynamics)
    }

    func testMistakesAreReportedWhereTheyAre() {
        let yaml = """
            caseflow: 1
            metadata:
              name: Base
            horizon:
              start: 2021-06-28
              length: 2 years
            organisation:
              team_size: 5
              regions:
                - code: A
                  name: North
                  pdus:
                    - number: 1
                      name: One
                      staff: { PO: 4, PSO: 4, SPO: 2 }
                    - number: 2
                      name: Two
                      establishment: { PO: 3 }
                      teams:
                        - name: Two A
                          staff: { PO: 2, PSO: 1, SPO: 1 }
                - code: B
                  name: South
                  pdus:
                    - number: 3
                      name: Three
                      staff: { PO: 3, PQiP: 1 }
            demand:
              sentences_per_week: { national: 30 }
            cases:
              custody_share: 0.3
              tier_mix:
                community: { B2: 1, C2: 3, D1: 4 }
                custody: { B2: 2, C2: 3, D1: 2 }
              community_length: { distribution: lognormal, mean: 12 months, sd: 5 months }
              custody_time_to_serve: { distribution: lognormal, mean: 8 months, sd: 8 months }
              licence_length: { distribution: gamma, shape: 2, scale: 4 months }
            workforce:
              leaving_rate_per_year: { PO: 9%, PQiP: 8% }
              recruitment:
                PQiP: { lead_time: 16 weeks }
                PO: { success: 0 }
              absence: { sickness_days_per_year: -1 }
              pqip:
                training_length: 18
                stage_reductions: [80%, 60%]
                protected_caseload: { stage4: { max_cases: 3 }, stage2: { risk: [E] } }
                nqo: { reduction: 120% }
                intakes:
                  - { date: 2021-01-04, size: 30 }
                  - { date: 2022-03-07, size: 10, region: Z }
              blended_caseloads:
                former_crc: { PO: 1.3 }
                regions: { Q: { PO: 0 } }
                from: 2021-07-01
                until: 2021-06-30
            levers:
              - { date: 2021-09-01, leave: { extra_days: 8, until: 2021-08-31 } }
              - { date: 2022-04-01, establishment: { grade: PO, add: 0 } }

            """
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:18:26: organisation.regions[0].pdus[1].establishment: expected establishment on each team when a PDU lists teams, found it on the PDU",
            "s.yaml:39:42: workforce.leaving_rate_per_year.PQiP: expected no PQiP leaving rate when workforce.pqip is given, found \"8%\"; trainees leave by pqip.withdrawal (a share of each cohort)",
            "s.yaml:41:5: workforce.recruitment.PQiP: unknown key; expected one of \"PO\", \"PSO\" or \"SPO\"",
            "s.yaml:42:20: workforce.recruitment.PO.success: expected a success share above 0, found \"0\"; with 0 no vacancy is ever filled; leave the grade out instead",
            "s.yaml:43:38: workforce.absence.sickness_days_per_year: expected a number between 0 and 260, found \"-1\"",
            "s.yaml:45:22: workforce.pqip.training_length: expected a duration above 0 and at most 100 years, found \"18\"; add a unit: days, weeks, months or years",
            "s.yaml:46:23: workforce.pqip.stage_reductions: expected 3 stage reductions (stages 1, 2 and 3), found 2",
            "s.yaml:47:27: workforce.pqip.protected_caseload.stage4: unknown key; did you mean \"stage1\"?",
            "s.yaml:47:70: workforce.pqip.protected_caseload.stage2.risk[0]: expected a risk letter (A, B, C or D), found \"E\"",
            "s.yaml:48:23: workforce.pqip.nqo.reduction: expected a percentage from 0 to 100 (such as \"35%\"), found \"120%\"",
            "s.yaml:50:17: workforce.pqip.intakes[0].date: expected a date within the horizon (2021-06-28 to 2023-06-28), found \"2021-01-04\"; an intake before the start of the horizon",
            "s.yaml:51:47: workforce.pqip.intakes[1].region: expected the code of a region in organisation (\"A\" or \"B\"), found \"Z\"",
            "s.yaml:53:23: workforce.blended_caseloads.former_crc.PO: expected a share from 0 to 1 (such as 0.35 or \"35%\"), found \"1.3\"",
            "s.yaml:54:16: workforce.blended_caseloads.regions.Q: expected the code of a region in organisation (\"A\" or \"B\"), found \"Q\"",
            "s.yaml:56:12: workforce.blended_caseloads.until: expected a date on or after from (2021-07-01), found \"2021-06-30\"",
            "s.yaml:58:56: levers[0].leave.until: expected a last day on or after the lever's date (2021-09-01), found \"2021-08-31\"",
            "s.yaml:59:58: levers[1].establishment.add: expected a whole number other than 0 (negative to remove posts), found \"0\"",
        ])
    }

    func testProgressionNeedsPQiPTraining() {
        let yaml = BaseScenario.appending("""
            workforce:
              progression: { share_per_year: 5%, start: 2021-10-01 }

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            // Line 38, after "  progression: ".
            "s.yaml:38:16: workforce.progression: expected no progression without workforce.pqip, found a mapping; PSOs on the pathway start PQiP training; give workforce.pqip",
        ])
    }

    func testProgressionAndLeaveDetails() {
        let yaml = BaseScenario.appending("""
            workforce:
              pqip: {}
              progression: { share_per_year: 5%, regions: [A, C], start: 2021-10-01, end: 2021-09-01, rounds_per_year: 0 }
            levers:
              - { date: 2021-12-25, leave: { extra_days: 3, until: 2021-12-28 } }

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:39:51: workforce.progression.regions[1]: expected the code of a region in organisation (\"A\" or \"B\"), found \"C\"",
            "s.yaml:39:79: workforce.progression.end: expected an end on or after the start (2021-10-01), found \"2021-09-01\"",
            "s.yaml:39:108: workforce.progression.rounds_per_year: expected a whole number between 1 and 52, found \"0\"",
            // 25–28 December 2021: a Saturday, a Sunday and two bank holidays.
            "s.yaml:41:56: levers[0].leave.until: expected a window from the lever's date with at least one working day, found \"2021-12-28\"; the leave is spread over its working days",
        ])
    }
}
