// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

/// The `interventions` block: every key read into the spec, national figures
/// split between regions, and mistakes reported at the node they concern.
final class InterventionLoaderTests: XCTestCase {
    /// BaseScenario has regions A (PDUs 1 and 2: 8 + 3 practitioners) and B
    /// (PDU 3: 4), and 30 sentences a week split by practitioners: A 22, B 8.
    static let full = """
        interventions:
          unpaid_work:
            share: 40%
            hours: { distribution: uniform, lower: 40, upper: 300 }
            start_after: 10 working days
            completion_window: 12 months
            extension: { share: 0.5, length: 6 months }
            supervisors: { national: 30 }
            placements: { A: 100 }
            people_per_supervisor: 6
            session_hours: 7
            days_per_week: 6
            weekly_hours: 14
            intensive: { share: 0.1, weekly_hours: 28 }
            ete: { share: 0.2, max_share_of_hours: 20% }
            stand_down_rate: 5%
            non_attendance_rate: 0.15
            enforcement: { hours: 1, window: 30 days, breach_share: 10%, breach_hours: 3 }
            backlog:
              people: { national: 1000 }
              hours: { distribution: exponential, mean: 60 }
              started_share: 0.6
              past_window_share: 20%
              remaining: { distribution: uniform, lower: 0 months, upper: 12 months }
          programmes:
            facilitators: { A: 6, B: 2 }
            accredited:
              share: 0.08
              ready_after: { distribution: exponential, mean: 6 weeks }
              sessions: 19
              group_size: 12
              minimum_group: 8
              dropout_per_session: 1%
              backlog: { people: { national: 100 }, remaining: { distribution: constant, value: 9 months } }
            structured: { share: 0.1, sessions: 8, sessions_per_week: 1, group_size: 8 }
          services:
            - name: accommodation
              referral_share: 0.2
              capacity: { national: 50 }
              missing: [B]
              duration: { distribution: constant, value: 12 weeks }
              cover: { hours: 6, over: 12 weeks }
            - name: womens_services
              referral_share: { female: 0.5 }
              capacity: { A: 10, B: 5 }
              duration: { distribution: exponential, mean: 8 weeks }
          levers:
            - { date: 2022-01-03, supervisors: { scale: 2 } }
            - { date: 2022-01-03, region: B, facilitators: { add: 2 }, group_size: 10 }

        """

    func testEveryKeyIsRead() throws {
        let spec = try loadScenario(BaseScenario.appending(Self.full)).spec
        let iv = try XCTUnwrap(spec.interventions)
        let u = try XCTUnwrap(iv.unpaidWork)
        XCTAssertEqual(u.share, 0.4)
        XCTAssertEqual(u.hours, .uniform(lower: 40, upper: 300))
        XCTAssertEqual(u.startAfterWorkingDays, 10)
        XCTAssertEqual(u.startTargetWorkingDays, 15)
        XCTAssertEqual(u.completionWindowDays, 365.25)
        XCTAssertEqual(u.extensionShare, 0.5)
        XCTAssertEqual(u.extensionDays, 182.625)
        XCTAssertEqual(u.supervisors, ["A": 22, "B": 8], "national split by the regions' sentences")
        XCTAssertEqual(u.placements, ["A": 100])
        XCTAssertEqual(u.peoplePerSupervisor, 6)
        XCTAssertEqual(u.sessionHours, 7)
        XCTAssertEqual(u.daysPerWeek, 6)
        XCTAssertEqual(u.weeklyHours, 14)
        XCTAssertEqual(u.intensiveShare, 0.1)
        XCTAssertEqual(u.intensiveWeeklyHours, 28)
        XCTAssertEqual(u.eteShare, 0.2)
        XCTAssertEqual(u.eteMaxShareOfHours, 0.2)
        XCTAssertEqual(u.standDownRate, 0.05)
        XCTAssertEqual(u.nonAttendanceRate, 0.15)
        XCTAssertEqual(u.enforcement.hours, 1)
        XCTAssertEqual(u.enforcement.windowDays, 30)
        XCTAssertEqual(u.enforcement.breachShare, 0.1)
        XCTAssertEqual(u.enforcement.breachHours, 3)
        let b = try XCTUnwrap(u.backlog)
        XCTAssertEqual(b.people, ["A": 733, "B": 267], "1000 × 22/30 = 733.3, × 8/30 = 266.7: largest remainder")
        XCTAssertEqual(b.hours, .exponential(mean: 60))
        XCTAssertEqual(b.startedShare, 0.6)
        XCTAssertEqual(b.pastWindowShare, 0.2)
        XCTAssertEqual(b.remainingDays, .uniform(lower: 0, upper: 365.25))

        let p = try XCTUnwrap(iv.programmes)
        XCTAssertEqual(p.facilitators, ["A": 6, "B": 2])
        XCTAssertEqual(p.groupsPerFacilitator, 2)
        XCTAssertEqual(p.facilitatorsPerGroup, 2)
        let ap = try XCTUnwrap(p.accredited)
        XCTAssertEqual(ap.share, 0.08)
        XCTAssertEqual(ap.readyAfterDays, .exponential(mean: 42))
        XCTAssertEqual(ap.sessions, 19)
        XCTAssertEqual(ap.sessionsPerWeek, 2)
        XCTAssertEqual(ap.groupSize, 12)
        XCTAssertEqual(ap.minimumGroup, 8)
        XCTAssertEqual(ap.dropoutPerSession, 0.01)
        XCTAssertEqual(ap.backlog?.people, ["A": 73, "B": 27])
        XCTAssertEqual(ap.backlog?.remainingDays, .constant(273.9375))
        let si = try XCTUnwrap(p.structured)
        XCTAssertEqual(si.sessions, 8)
        XCTAssertEqual(si.sessionsPerWeek, 1)
        XCTAssertEqual(si.groupSize, 8)
        XCTAssertEqual(si.minimumGroup, 6)
        XCTAssertEqual(si.readyAfterDays, .constant(0))

        XCTAssertEqual(iv.services.map(\.name), ["accommodation", "womens_services"])
        let acc = iv.services[0]
        XCTAssertEqual(acc.referralShareMale, 0.2)
        XCTAssertEqual(acc.referralShareFemale, 0.2)
        XCTAssertEqual(acc.capacity, ["A": 37, "B": 0], "50 split 36.7 / 13.3; B has no provider")
        XCTAssertEqual(acc.missing, ["B"])
        XCTAssertEqual(acc.durationDays, .constant(84))
        XCTAssertEqual(acc.coverHours, 6)
        XCTAssertEqual(acc.coverDays, 84)
        let women = iv.services[1]
        XCTAssertEqual(women.referralShareMale, 0)
        XCTAssertEqual(women.referralShareFemale, 0.5)
        XCTAssertEqual(women.capacity, ["A": 10, "B": 5])
        XCTAssertEqual(women.coverHours, 0)

        XCTAssertEqual(iv.levers.count, 3)
        XCTAssertEqual(iv.levers.map(\.date), Array(repeating: CivilDate(year: 2022, month: 1, day: 3)!, count: 3))
        XCTAssertEqual(iv.levers.map(\.region), [nil, "B", "B"])
        guard case .supervisors(.scale(2)) = iv.levers[0].change,
              case .facilitators(.add(2)) = iv.levers[1].change,
              case .groupSize(10) = iv.levers[2].change else { return XCTFail("levers: \(iv.levers)") }

        // The scenario runs, with the component's metrics.
        var short = spec
        short.lengthDays = 28
        let result = ProbationModel(spec: short, replication: 1).run()
        XCTAssertTrue(result.timeSeries.metrics.contains("upw_hours_outstanding"))
        XCTAssertTrue(result.timeSeries.metrics.contains("crs_waiting_womens_services"))
        XCTAssertTrue(result.timeSeries.metrics.contains("si_completed"))
    }

    func testWithoutTheBlockThereAreNoInterventions() throws {
        XCTAssertNil(try loadScenario(BaseScenario.text).spec.interventions)
        let empty = try loadScenario(BaseScenario.appending("interventions: {}\n")).spec
        XCTAssertNotNil(empty.interventions)
        XCTAssertNil(empty.interventions?.unpaidWork)
    }

    func testRegionWeights() throws {
        let yaml = BaseScenario.appending("""
            interventions:
              region_weights: { A: 1, B: 4 }
              unpaid_work: { share: 0.5, hours: { distribution: constant, value: 100 }, supervisors: { national: 10 } }

            """)
        XCTAssertEqual(try loadScenario(yaml).spec.interventions?.unpaidWork?.supervisors, ["A": 2, "B": 8])
    }

    /// Mistakes in the block, each at its node (positions counted by hand: the
    /// block starts on line 37, after BaseScenario's 36 lines).
    func testMistakesAreReportedWhereTheyAre() {
        let yaml = BaseScenario.appending("""
            interventions:
              unpaid_work:
                share: 1.4
                hours: { distribution: constant, value: 10 hours }
                supervisors: { A: 3 }
                weekly_hours: 35
                ete: { max_share_of_hours: 30% }
                sesion_hours: 7
              programmes:
                facilitators: { national: 4, C: 1 }
                accredited: { share: 0.1, sessions: 10, group_size: 14 }
              services:
                - { name: Accommodation, referral_share: 0.2, duration: { distribution: constant, value: 4 weeks }, missing: [Z] }
              levers:
                - { date: 2022-01-03, region: C, supervisors: { add: 0 } }

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            // "    share: " is 11 characters.
            "s.yaml:39:12: interventions.unpaid_work.share: expected a share from 0 to 1 (such as 0.35 or \"35%\"), found \"1.4\"",
            // "    hours: { distribution: constant, value: " is 44 characters.
            "s.yaml:40:45: interventions.unpaid_work.hours.value: expected a number between 0 and 10000, found \"10 hours\"",
            // "    supervisors: " is 17 characters.
            "s.yaml:41:18: interventions.unpaid_work.supervisors: expected a figure for every region in organisation (or national: N), found none for \"B\"",
            "s.yaml:42:19: interventions.unpaid_work.weekly_hours: expected a number of hours above 0 and at most 28 (the most anyone may work in a week, 003_221d2dc672802ff6.txt:1398), found \"35\"",
            // "    ete: { max_share_of_hours: " is 31 characters.
            "s.yaml:43:32: interventions.unpaid_work.ete.max_share_of_hours: expected a share from 0 to 20% (the TOM allows up to 20% of hours as ETE, 003_221d2dc672802ff6.txt:1398), found \"30%\"",
            "s.yaml:44:5: interventions.unpaid_work.sesion_hours: unknown key; did you mean \"session_hours\"?",
            // "    facilitators: { national: 4, " is 33 characters.
            "s.yaml:46:34: interventions.programmes.facilitators.C: expected either national or region codes, found both; give one national figure or one figure for every region",
            // "    accredited: { share: 0.1, sessions: 10, group_size: " is 56 characters.
            "s.yaml:47:57: interventions.programmes.accredited.group_size: expected a group size of at most 12 (accredited programmes are delivered to groups of up to 12, 003_221d2dc672802ff6.txt:1574), found \"14\"",
            // "    - { name: " is 14 characters.
            "s.yaml:49:15: interventions.services[0].name: expected a lot name of lower-case letters, digits and _ (it is part of metric names), found \"Accommodation\"; did you mean \"accommodation\"?",
            "s.yaml:49:115: interventions.services[0].missing[0]: expected the code of a region in organisation (\"A\" or \"B\"), found \"Z\"",
            // "    - { date: 2022-01-03, region: " is 34 characters.
            "s.yaml:51:35: interventions.levers[0].region: expected the code of a region in organisation (\"A\" or \"B\"), found \"C\"",
            "s.yaml:51:58: interventions.levers[0].supervisors.add: expected a whole number other than 0 (negative to remove), found \"0\"",
        ])
    }

    func testLeversNeedTheirBlockAndADate() {
        let yaml = BaseScenario.appending("""
            interventions:
              unpaid_work: { share: 0.5, hours: { distribution: constant, value: 100 }, supervisors: { national: 10 } }
              levers:
                - { date: 2030-01-01, weekly_hours: 7 }
                - { date: 2022-01-03, facilitators: { add: 1, scale: 2 } }
                - { date: 2022-01-03 }

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:40:15: interventions.levers[0].date: expected a date within the horizon (2021-06-28 to 2023-06-28), found \"2030-01-01\"; lever date after the end of the horizon",
            "s.yaml:41:41: interventions.levers[1].facilitators: expected interventions.programmes for a facilitators lever, found no such block",
            "s.yaml:41:58: interventions.levers[1].facilitators.scale: expected either add or scale, found both",
            "s.yaml:42:7: interventions.levers[2]: expected a lever with a change (\"supervisors\", \"placements\", \"facilitators\", \"people_per_supervisor\", \"weekly_hours\" or \"group_size\"), found none",
        ])
    }

    /// Variants override interventions keys like any other (the backlog scenario's doubled supervisors).
    func testVariantsOverrideInterventions() throws {
        let yaml = BaseScenario.appending("""
            interventions:
              unpaid_work: { share: 0.5, hours: { distribution: constant, value: 100 }, supervisors: { national: 10 } }
            variants:
              - name: doubled-supervisors
                set: { interventions.unpaid_work.supervisors.national: 20, interventions.unpaid_work.extension.share: 0.9 }

            """)
        let s = try loadScenario(yaml)
        XCTAssertEqual(s.pointIDs, ["base", "doubled-supervisors"])
        XCTAssertEqual(s.spec.interventions?.unpaidWork?.supervisors, ["A": 7, "B": 3])
        let doubled = try XCTUnwrap(s.point("doubled-supervisors")?.spec.interventions?.unpaidWork)
        XCTAssertEqual(doubled.supervisors, ["A": 15, "B": 5], "20 split 14.67 / 5.33")
        XCTAssertEqual(doubled.extensionShare, 0.9, "a block left out of the base is created")
    }

    /// Distributions of hours take plain numbers; of times, durations.
    func testDistributionUnits() {
        let yaml = BaseScenario.appending("""
            interventions:
              unpaid_work:
                share: 0.5
                hours: { distribution: lognormal, mean: 100 hours, sd: 40 }
                supervisors: { national: 10 }
                backlog: { people: { national: 5 }, hours: { distribution: constant, value: 50 }, remaining: { distribution: constant, value: 30 } }

            """)
        XCTAssertEqual(scenarioDiagnostics(yaml), [
            "s.yaml:40:45: interventions.unpaid_work.hours.mean: expected a number between 0 and 10000, found \"100 hours\"",
            "s.yaml:42:131: interventions.unpaid_work.backlog.remaining.value: expected a duration such as \"26 weeks\" or \"7.5 months\", found \"30\"; add a unit: days, weeks, months or years",
        ])
    }
}
