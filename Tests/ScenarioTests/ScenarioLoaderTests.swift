// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

/// Valid scenarios: the exact ModelSpec a file gives, units converted.
final class ScenarioLoaderTests: XCTestCase {

    func testAMinimalScenarioGivesExactlyTheseValues() throws {
        let yaml = """
            caseflow: 1
            metadata:
              name: Minimal
            horizon: { start: 2021-06-28, length: 18 months }
            organisation:
              regions:
                - code: Z
                  name: Zed
                  pdus:
                    - number: 1
                      name: One
                      teams:
                        - name: Alpha
                          staff: { PO: 3, PSO: 2, SPO: 1 }
            demand:
              sentences_per_week: { 1: 6 }
            cases:
              custody_share: 30%
              tier_mix:
                community: { B2: 1, C2: 3 }
                custody: { B2: 2 }
              community_length: { distribution: lognormal, mean: 18 months, sd: 6 months }
              custody_time_to_serve: { distribution: constant, value: 10 weeks }
              licence_length: { distribution: gamma, shape: 2, scale: 4 months }
            allocation: { cap: 110%, target: 10 working days, meeting_time: "09:30" }

            """
        let scenario = try loadScenario(yaml)
        let spec = scenario.spec
        XCTAssertEqual(scenario.name, "Minimal")
        XCTAssertNil(scenario.description)
        XCTAssertEqual(scenario.assumptionCount, 0)
        XCTAssertNil(scenario.path)
        XCTAssertEqual(scenario.sourceText, yaml)

        XCTAssertEqual(spec.name, "Minimal")
        XCTAssertEqual(spec.start, CivilDate(year: 2021, month: 6, day: 28))
        XCTAssertEqual(spec.lengthDays, 547)  // 18 × 365.25/12 = 547.875 days, rounded down
        XCTAssertEqual(spec.warmupDays, 0)
        XCTAssertEqual(spec.seed, 1)
        XCTAssertEqual(spec.replications, 1)
        XCTAssertEqual(spec.extraClosures, [])
        XCTAssertEqual(spec.grades, GradeRules.defaults)

        let regions = spec.organisation.regions
        XCTAssertEqual(regions.map(\.code), ["Z"])
        XCTAssertEqual(regions.map(\.name), ["Zed"])
        XCTAssertEqual(regions[0].pdus.map(\.number), [1])
        XCTAssertEqual(regions[0].pdus.map(\.name), ["One"])
        let team = regions[0].pdus[0].teams[0]
        XCTAssertEqual(regions[0].pdus[0].teams.count, 1)
        XCTAssertEqual(team.name, "Alpha")
        XCTAssertEqual(team.staff, [.po: 3, .pso: 2, .spo: 1])
        XCTAssertNil(team.establishment)
        XCTAssertEqual(team.contractedHours, [:])
        XCTAssertEqual(team.reductionHours, [:])

        XCTAssertEqual(spec.demand.sentencesPerWeek, [1: 6])
        XCTAssertNil(spec.demand.monthlyFactors)
        XCTAssertEqual(spec.demand.growthPerYear, 0)
        XCTAssertEqual(spec.demand.reportsPerWeek, [:])
        XCTAssertEqual(spec.demand.fastReportShare, 0.5)
        XCTAssertEqual(spec.demand.reportWindowDays, 30)

        let cases = spec.cases
        XCTAssertEqual(cases.custodyShare, 0.3)  // 30% is the share 0.3
        XCTAssertEqual(cases.tierMix[.community], [.b2: 1, .c2: 3])
        XCTAssertEqual(cases.tierMix[.custody], [.b2: 2])
        XCTAssertEqual(cases.tierMix[.licence], [.b2: 2], "licence keeps the custody mix when it has none")
        XCTAssertEqual(cases.youngAdultShare, 0.1)
        XCTAssertEqual(cases.femaleShare, 0.15)
        XCTAssertEqual(cases.communityLengthDays, .lognormal(mean: 547.875, sd: 182.625))
        XCTAssertEqual(cases.custodyTimeToServeDays, .constant(70))
        XCTAssertEqual(cases.licenceLengthDays, .gamma(shape: 2, scale: 121.75))
        XCTAssertEqual(cases.shortSentenceThresholdDays, 304)
        XCTAssertEqual(cases.handoverBeforeReleaseDays, 228)
        XCTAssertEqual(cases.earlyAllocationShare, 0)
        XCTAssertEqual(cases.earlyAllocationHandoverDays, 456)
        XCTAssertEqual(cases.tierChangesPerYear, 0)
        XCTAssertEqual(cases.tierEscalationShare, 0.5)
        XCTAssertEqual(cases.tiering, .sampledMix)

        XCTAssertNil(spec.initialCaseload)
        XCTAssertEqual(spec.workforce.leavingRatePerYear, [:])
        XCTAssertTrue(spec.workforce.replaceLeavers)
        XCTAssertEqual(spec.workforce.recruitmentLeadTimeDays, 112)
        XCTAssertEqual(spec.pointsTables.map(\.effective), [spec.start])
        XCTAssertEqual(spec.pointsTables.map(\.value), [.hmppsDefault])

        XCTAssertEqual(spec.allocation.policy, "lowest-capacity")
        XCTAssertEqual(spec.allocation.capPercent, 110)  // percent, as AllocationSpec holds it
        XCTAssertEqual(spec.allocation.targetWorkingDays, 10)
        XCTAssertEqual(spec.allocation.meetingMinuteOfDay, 9 * 60 + 30)
        XCTAssertEqual(spec.allocation.preparationWorkingDays, 1)
        XCTAssertEqual(spec.allocation.queueOrder, .highestTierFirst)
        XCTAssertTrue(spec.levers.isEmpty)
        XCTAssertEqual(spec.outputs.cadence, .weekly)
        XCTAssertEqual(spec.outputs.levels, [.national, .region, .pdu, .team])
        XCTAssertFalse(spec.outputs.tierBreakdownBelowNational)
        XCTAssertEqual(spec.outputs.wmtSnapshot, .everyOutput)
    }

    /// Every key of docs/scenario-format.md, given explicitly.
    func testEveryKeyOfTheFormat() throws {
        let yaml = """
            caseflow: 1
            metadata:
              name: Every key
              description: All of them
              assumptions:
                - id: day1-caseload
                  figure: "223,000 cases on 26 June 2021"
                  source: "004_57a3991b30581a3c.txt:113"
                  quality: high
                  reasoning: "HMIP's estimate."
                - { id: guess, source: assumption, quality: low }
            horizon: { start: 2021-06-26, length: 5 years, warmup: 4 weeks }
            seed: 20210626
            replications: 10
            calendar:
              closures: [2021-12-24, 2022-12-23]
            grades:
              PO:   { holds_cases: true, risk: [A, B, C, D], case_types: [community, licence, custody],
                      contracted_hours: 37, reduction_hours: 0, writes_reports: true }
              PSO:  { holds_cases: true, risk: [C, D], case_types: [community, licence] }
              PQiP: { holds_cases: true, risk: [B, C, D], max_cases: 15, reduction_hours: 22.2 }
              SPO:  { holds_cases: false, max_cases: none }
            organisation:
              team_size: 10
              regions:
                - code: A
                  name: North East
                  pdus:
                    - number: 25
                      name: County Durham and Darlington
                      staff: { PO: 40, PSO: 38, PQiP: 12, SPO: 9 }
                    - number: 26
                      name: Gateshead
                      teams:
                        - name: Durham North
                          staff: { PO: 5, PSO: 4, PQiP: 1, SPO: 1 }
                          establishment: { PO: 6, PSO: 4 }
                          contracted_hours: { PSO: 30 }
                          reduction_hours: { PO: 1.8 }
                        - staff: { PO: 2 }
            demand:
              sentences_per_week:
                national: 2400
              pdu_weights: { 25: 1.0, 26: 1.2 }
              monthly_factors: [1.02, 1.0, 1.05, 0.98, 1.0, 1.0, 1.0, 0.92, 1.0, 1.03, 1.02, 0.98]
              growth_per_year: 2%
              court_reports_per_week: { national: 2200 }
              fast_report_share: 0.6
              report_window: 30 days
            cases:
              custody_share: 0.35
              young_adult_share: 0.1
              female_share: 15%
              tiering: sampled-mix
              tier_mix:
                community: { A3: 0.5, D0: 8 }
                custody:   { B1: 1 }
                licence:   { C1: 2 }
              community_length: { distribution: lognormal, mean: 14 months, sd: 6 months }
              custody_time_to_serve: { distribution: lognormal, mu: 5.5, sigma: 0.8 }
              licence_length: { distribution: gamma, shape: 2, scale: 6 months }
              short_sentence_threshold: 10 months
              handover_before_release: 7.5 months
              early_allocation: { share: 0.02, handover_before_release: 15 months }
              tier_changes: { per_year: 0.25, escalation_share: 0.5 }
            initial_caseload:
              total: 223000
              type_shares: { community: 0.45, licence: 0.38, custody: 0.17 }
              pdu_weights: proportional-to-demand
              tier_mix: { licence: { A3: 1 } }
              allocated: false
            workforce:
              leaving_rate_per_year: { PO: 9%, PSO: 12, PQiP: 8%, SPO: 6% }
              replace_leavers: false
              recruitment_lead_time: 16 weeks
            points:
              - effective: 2021-06-26
                table: hmpps-default
              - effective: 2024-04-01
                table: { sdr: 140 }
            allocation:
              policy: keep-within-team
              cap: 110%
              target: 5 working days
              meeting_time: "10:00"
              preparation: 1 working days
              queue_order: oldest-first
            levers:
              - date: 2022-04-01
                inflow: { scale: 1.10 }
              - date: 2022-04-01
                inflow: { scale: 1.05, region: A }
              - date: 2023-01-01
                staff: { grade: PO, add: -2, pdu: 26 }
              - date: 2024-04-01
                points: { table: hmpps-default }
              - date: 2024-04-01
                allocation: { cap: 105%, policy: round-robin }
            outputs:
              cadence: monthly
              levels: [national, region, pdu, team, practitioner]
              tier_breakdown_below_national: true
              wmt_snapshot: quarterly

            """
        let scenario = try loadScenario(yaml)
        let spec = scenario.spec
        XCTAssertEqual(scenario.description, "All of them")
        XCTAssertEqual(scenario.assumptionCount, 2)
        XCTAssertEqual(scenario.assumptions, [
            ScenarioAssumption(id: "day1-caseload", figure: "223,000 cases on 26 June 2021",
                               source: "004_57a3991b30581a3c.txt:113", quality: .high, reasoning: "HMIP's estimate."),
            ScenarioAssumption(id: "guess", source: "assumption", quality: .low),
        ])
        XCTAssertEqual(spec.lengthDays, 1826)  // 5 × 365.25 = 1826.25
        XCTAssertEqual(spec.warmupDays, 28)
        XCTAssertEqual(spec.seed, 20_210_626)
        XCTAssertEqual(spec.replications, 10)
        XCTAssertEqual(spec.extraClosures, [CivilDate(year: 2021, month: 12, day: 24)!, CivilDate(year: 2022, month: 12, day: 23)!])

        XCTAssertEqual(spec.grades[.po], GradeRules.defaults[.po])
        XCTAssertEqual(spec.grades[.pso], GradeRules(holdsCases: true, riskLetters: ["C", "D"], caseTypes: [.community, .licence]))
        XCTAssertEqual(spec.grades[.pqip], GradeRules(holdsCases: true, riskLetters: ["B", "C", "D"], maxCases: 15, reductionHours: 22.2))
        XCTAssertEqual(spec.grades[.spo], GradeRules.defaults[.spo])

        let pdus = spec.organisation.regions[0].pdus
        XCTAssertEqual(pdus[0].teams.map(\.name), (1...9).map { "County Durham and Darlington team \($0)" })
        XCTAssertEqual(pdus[0].teams.map { $0.staff[.spo] }, Array(repeating: 1, count: 9))
        XCTAssertEqual(pdus[1].teams.map(\.name), ["Durham North", "Gateshead team 2"])
        XCTAssertEqual(pdus[1].teams[0].establishment, [.po: 6, .pso: 4, .pqip: 1, .spo: 1])
        XCTAssertEqual(pdus[1].teams[0].contractedHours, [.pso: 30])
        XCTAssertEqual(pdus[1].teams[0].reductionHours, [.po: 1.8])

        // 2400 a week split 1 : 1.2.
        XCTAssertEqual(spec.demand.sentencesPerWeek[25]!, 2400 / 2.2, accuracy: 1e-9)
        XCTAssertEqual(spec.demand.sentencesPerWeek[26]!, 2400 * 1.2 / 2.2, accuracy: 1e-9)
        XCTAssertEqual(spec.demand.reportsPerWeek[25]!, 1000, accuracy: 1e-9)
        XCTAssertEqual(spec.demand.reportsPerWeek[26]!, 1200, accuracy: 1e-9)
        XCTAssertEqual(spec.demand.monthlyFactors, [1.02, 1.0, 1.05, 0.98, 1.0, 1.0, 1.0, 0.92, 1.0, 1.03, 1.02, 0.98])
        XCTAssertEqual(spec.demand.growthPerYear, 0.02)
        XCTAssertEqual(spec.demand.fastReportShare, 0.6)
        XCTAssertEqual(spec.demand.reportWindowDays, 30)

        let cases = spec.cases
        XCTAssertEqual(cases.custodyShare, 0.35)
        XCTAssertEqual(cases.femaleShare, 0.15)
        XCTAssertEqual(cases.tierMix, [.community: [.a3: 0.5, .d0: 8], .custody: [.b1: 1], .licence: [.c1: 2]])
        XCTAssertEqual(cases.communityLengthDays, .lognormal(mean: 14 * 365.25 / 12, sd: 6 * 365.25 / 12))
        XCTAssertEqual(cases.custodyTimeToServeDays, .lognormal(mu: 5.5, sigma: 0.8))
        XCTAssertEqual(cases.licenceLengthDays, .gamma(shape: 2, scale: 182.625))
        XCTAssertEqual(cases.shortSentenceThresholdDays, 304)  // 304.375 days
        XCTAssertEqual(cases.handoverBeforeReleaseDays, 228)   // 228.28125 days
        XCTAssertEqual(cases.earlyAllocationShare, 0.02)
        XCTAssertEqual(cases.earlyAllocationHandoverDays, 456) // 456.5625 days
        XCTAssertEqual(cases.tierChangesPerYear, 0.25)
        XCTAssertEqual(cases.tierEscalationShare, 0.5)

        let initial = try XCTUnwrap(spec.initialCaseload)
        XCTAssertEqual(initial.total, 223_000)
        XCTAssertEqual(initial.typeShares, [.community: 0.45, .licence: 0.38, .custody: 0.17])
        XCTAssertEqual(initial.pduWeights, spec.demand.sentencesPerWeek)
        XCTAssertEqual(initial.tierMix, [.community: [.a3: 0.5, .d0: 8], .custody: [.b1: 1], .licence: [.a3: 1]])
        XCTAssertFalse(initial.allocated)

        XCTAssertEqual(spec.workforce.leavingRatePerYear, [.po: 0.09, .pso: 0.12, .pqip: 0.08, .spo: 0.06])
        XCTAssertFalse(spec.workforce.replaceLeavers)
        XCTAssertEqual(spec.workforce.recruitmentLeadTimeDays, 112)

        XCTAssertEqual(spec.pointsTables.map(\.effective.description), ["2021-06-26", "2024-04-01"])
        XCTAssertEqual(spec.pointsTables[0].value, .hmppsDefault)
        XCTAssertEqual(spec.pointsTables[1].value.sdr, 140)

        XCTAssertEqual(spec.allocation.policy, "keep-within-team")
        XCTAssertEqual(spec.allocation.capPercent, 110)
        XCTAssertEqual(spec.allocation.targetWorkingDays, 5)
        XCTAssertEqual(spec.allocation.meetingMinuteOfDay, 600)
        XCTAssertEqual(spec.allocation.preparationWorkingDays, 1)
        XCTAssertEqual(spec.allocation.queueOrder, .oldestFirst)

        XCTAssertEqual(spec.levers.map(\.date.description),
                       ["2022-04-01", "2022-04-01", "2023-01-01", "2024-04-01", "2024-04-01", "2024-04-01"])
        XCTAssertEqual(spec.levers.map { describe($0.change) }, [
            "inflow ×1.1 national", "inflow ×1.05 region A", "staff PO -2 pdu 26", "points sdr 138",
            "cap 105", "policy round-robin",
        ])

        XCTAssertEqual(spec.outputs.cadence, .monthly)
        XCTAssertEqual(spec.outputs.levels, Set(OutputSpec.Level.allCases))
        XCTAssertTrue(spec.outputs.tierBreakdownBelowNational)
        XCTAssertEqual(spec.outputs.wmtSnapshot, .quarterly)
    }

    func testPointsTablesBeforeTheStartCollapseToTheOneInForce() throws {
        let yaml = BaseScenario.appending("""
            points:
              - { effective: 2019-01-01, table: { sdr: 100 } }
              - { effective: 2021-04-01, table: { sdr: 120 } }
              - { effective: 2022-04-01, table: hmpps-default }

            """)
        let spec = try loadScenario(yaml).spec
        XCTAssertEqual(spec.pointsTables.map(\.effective.description), ["2021-06-28", "2022-04-01"])
        XCTAssertEqual(spec.pointsTables.map(\.value.sdr), [120, 138])
    }

    func testTheFirstPointsTableMayLeaveOutItsDate() throws {
        let yaml = BaseScenario.appending("""
            points:
              - table: { fdr: 70 }

            """)
        let spec = try loadScenario(yaml).spec
        XCTAssertEqual(spec.pointsTables.map(\.effective.description), ["2021-06-28"])
        XCTAssertEqual(spec.pointsTables[0].value.fdr, 70)
    }

    func testDistributionsInDurationUnits() throws {
        func distribution(_ flow: String) throws -> Distribution {
            let yaml = BaseScenario.replacing(
                "  licence_length: { distribution: gamma, shape: 2, scale: 4 months }",
                with: "  licence_length: \(flow)")
            return try loadScenario(yaml).spec.cases.licenceLengthDays
        }
        XCTAssertEqual(try distribution("{ distribution: constant, value: 2 weeks }"), .constant(14))
        XCTAssertEqual(try distribution("{ distribution: uniform, lower: 1 year, upper: 2 years }"),
                       .uniform(lower: 365.25, upper: 730.5))
        XCTAssertEqual(try distribution("{ distribution: exponential, mean: 100 days }"), .exponential(mean: 100))
        XCTAssertEqual(try distribution("{ distribution: weibull, scale: 1 month, shape: 1.5 }"),
                       .weibull(scale: 30.4375, shape: 1.5))
        XCTAssertEqual(try distribution("{ distribution: normal, mean: 12 months, sd: 1.5 months }"),
                       .normal(mean: 365.25, sd: 45.65625))
        XCTAssertEqual(try distribution("{ distribution: triangular, min: 6 months, mode: 1 year, max: 2 years }"),
                       .triangular(min: 182.625, mode: 365.25, max: 730.5))
        XCTAssertEqual(try distribution("{ distribution: empirical, values: [6 months, 1 year], weights: [1, 3] }"),
                       .empirical(values: [182.625, 365.25], weights: [1, 3]))
        XCTAssertEqual(try distribution("{ distribution: empirical, values: [10 days, 20 days] }"),
                       .empirical(values: [10, 20], weights: [1, 1]))
    }

    // MARK: The README's example and the shipped files

    /// Copied from README.md ("Scenario files"); the test below checks the copy is current.
    static let readmeExample = """
        caseflow: 1
        metadata:
          name: Toy team
          assumptions:
            - { id: inflow, figure: "6 sentences a week", source: assumption, quality: low,
                reasoning: "A small team's share of a PDU's sentences, for teaching." }
        horizon: { start: 2021-06-28, length: 1 years }
        seed: 7
        replications: 5
        organisation:
          regions:
            - code: Z
              name: Toy region
              pdus:
                - number: 1
                  name: Toy PDU
                  teams:
                    - name: Toy team
                      staff: { PO: 3, PSO: 2, SPO: 1 }
        demand:
          sentences_per_week: { 1: 6 }                 # assumption: inflow
        cases:
          custody_share: 0.3
          tier_mix:
            community: { B2: 1, C2: 3, D1: 4 }
            custody:   { B2: 2, C2: 3, D1: 2 }
          community_length: { distribution: lognormal, mean: 12 months, sd: 5 months }
          custody_time_to_serve: { distribution: lognormal, mean: 8 months, sd: 8 months }
          licence_length: { distribution: gamma, shape: 2, scale: 4 months }
        allocation: { policy: lowest-capacity, cap: 110% }
        levers:
          - { date: 2022-01-04, staff: { grade: PO, add: 1 } }

        """

    func testTheREADMEExampleLoads() throws {
        let scenario = try loadScenario(ScenarioLoaderTests.readmeExample)
        XCTAssertEqual(scenario.name, "Toy team")
        XCTAssertEqual(scenario.assumptionCount, 1)
        XCTAssertEqual(scenario.spec.lengthDays, 365)
        XCTAssertEqual(scenario.spec.seed, 7)
        XCTAssertEqual(scenario.spec.replications, 5)
        XCTAssertEqual(scenario.spec.levers.map { describe($0.change) }, ["staff PO 1 national"])
    }

    func testTheREADMEStillHoldsThisExample() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains("```yaml\n" + ScenarioLoaderTests.readmeExample + "```"),
                      "README.md's scenario example changed: copy it into ScenarioLoaderTests.readmeExample")
    }

    func testEveryShippedScenarioLoads() throws {
        let folder = repositoryRoot.appendingPathComponent("scenarios")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        if files.isEmpty { throw XCTSkip("scenarios/ holds no scenario files yet") }
        for file in files {
            let path = folder.appendingPathComponent(file).path
            XCTAssertNoThrow(try ScenarioLoader.load(path: path), file)
            if let scenario = try? ScenarioLoader.load(path: path) {
                XCTAssertEqual(scenario.path, path)
                XCTAssertFalse(scenario.spec.organisation.regions.isEmpty)
            }
        }
    }

    func testLoadingAPathNamesTheFileInDiagnostics() throws {
        XCTAssertThrowsError(try ScenarioLoader.load(path: "/nonexistent/scenario.yaml")) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.lines,
                           ["/nonexistent/scenario.yaml: cannot read the file: it does not exist"])
        }
    }
}

/// A lever's change in a few words, for comparisons.
func describe(_ change: Lever.Change) -> String {
    func scope(_ s: Scope) -> String {
        switch s {
        case .national: "national"
        case .region(let code): "region \(code)"
        case .pdu(let number): "pdu \(number)"
        }
    }
    switch change {
    case .inflowScale(let f, let s): return "inflow ×\(f) \(scope(s))"
    case .staff(let g, let n, let s): return "staff \(g) \(n) \(scope(s))"
    case .points(let t): return "points sdr \(t.sdr)"
    case .allocationCap(let c): return "cap \(YAMLValue.format(c))"
    case .allocationPolicy(let p): return "policy \(p)"
    case .extraLeave(let d, let until, let s): return "leave \(YAMLValue.format(d)) days until \(until) \(scope(s))"
    case .establishment(let g, let n, let s): return "establishment \(g) \(n) \(scope(s))"
    case .earlyRelease(let k, let share): return "early release ×\(YAMLValue.format(k)) share \(YAMLValue.format(share))"
    case .supervisionReset(let r):
        return "reset ×\(YAMLValue.format(r.scale)) \(r.caseTypes.map(\.rawValue).sorted()) exempt \(String(r.exemptRisk.sorted())) +\(YAMLValue.format(r.exemptShare)) over \(r.overDays) days"
    }
}
