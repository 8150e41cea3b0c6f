// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Small worlds for the interventions component: the toy region (code Z).
enum InterventionFixtures {
    /// Unpaid work in the toy region with everything random switched off.
    static func upw(supervisors: Int = 2, peoplePerSupervisor: Int = 5, sessionHours: Double = 7, weeklyHours: Double = 7,
                    hours: Distribution = .constant(14), share: Double = 1, startAfter: Int = 0,
                    windowDays: Double = 365.25, backlog: UPWBacklogSpec? = nil) -> UnpaidWorkSpec {
        UnpaidWorkSpec(share: share, hours: hours, startAfterWorkingDays: startAfter, completionWindowDays: windowDays,
                       supervisors: ["Z": supervisors], peoplePerSupervisor: peoplePerSupervisor, sessionHours: sessionHours,
                       daysPerWeek: 5, weeklyHours: weeklyHours, backlog: backlog)
    }

    /// The toy world (no random sentences unless asked) with interventions.
    static func toy(_ interventions: InterventionsSpec, sentencesPerWeek: Double = 0, days: Int = 70,
                    communityDays: Double = 365) -> ModelSpec {
        var spec = Fixtures.toy(sentencesPerWeek: sentencesPerWeek, days: days, communityDays: communityDays,
                                levels: [.national, .region, .pdu, .team])
        spec.interventions = interventions
        return spec
    }

    static let region = "Toy region"
}

extension Book {
    /// A national series as whole numbers where whole.
    func values(_ metric: String) -> [Double] { self[metric] }
}

final class InterventionUPWTests: XCTestCase {
    typealias F = InterventionFixtures

    func hours(_ b: Book, _ m: String) -> [Double] { b[m] }

    /// 100 people waiting on day 0 with 14 hours each; 2 supervisors × 5 people
    /// = 10 places a day, 50 sessions a week of 7 hours, one session a week
    /// each: the queue drains at exactly 350 hours a week.
    func testABacklogDrainsAtTheCapacityTheArithmeticGives() {
        let backlog = UPWBacklogSpec(people: ["Z": 100], hours: .constant(14), startedShare: 0, remainingDays: .constant(400))
        let result = ProbationModel(spec: F.toy(InterventionsSpec(unpaidWork: F.upw(backlog: backlog)), days: 42), replication: 1).run()
        let b = Book(result)
        XCTAssertEqual(Array(b["upw_hours_outstanding"].prefix(5)), [1050, 700, 350, 0, 0])
        XCTAssertEqual(Array(b["upw_hours_worked"].prefix(5)), [350, 350, 350, 350, 0])
        XCTAssertEqual(Array(b["upw_session_places"].prefix(2)), [50, 50])
        // The first 50 people start in week 1 and finish in week 2; the next 50 in weeks 3 and 4.
        XCTAssertEqual(Array(b["upw_starts"].prefix(4)), [50, 0, 50, 0])
        XCTAssertEqual(Array(b["upw_completions"].prefix(4)), [0, 50, 0, 50])
        XCTAssertEqual(Array(b["upw_people_waiting"].prefix(4)), [50, 50, 0, 0])
        XCTAssertEqual(Array(b["upw_initial_hours_outstanding"].prefix(4)), [1050, 700, 350, 0])
        XCTAssertEqual(Array(b["upw_backlog_hours_outstanding"].prefix(4)), [0, 0, 0, 0], "nobody is past a window")
        // Regional figures are the national ones (one region).
        XCTAssertEqual(b["upw_hours_outstanding", .region, F.region], b["upw_hours_outstanding"])
    }

    /// Capacity above demand: 20 people with 21 hours and 50 places a day; each
    /// may work one 7-hour session a week, so the queue drains at 20 × 7 = 140
    /// hours a week, whatever the spare places.
    func testWithCapacityAboveDemandTheWeeklyIntensitySetsTheRate() {
        let backlog = UPWBacklogSpec(people: ["Z": 20], hours: .constant(21), startedShare: 1, remainingDays: .constant(400))
        let upw = F.upw(supervisors: 10, backlog: backlog)
        let b = Book(ProbationModel(spec: F.toy(InterventionsSpec(unpaidWork: upw), days: 35), replication: 1).run())
        XCTAssertEqual(Array(b["upw_hours_outstanding"].prefix(4)), [280, 140, 0, 0])
        XCTAssertEqual(b["upw_people_active"].first, 20)
        XCTAssertEqual(b["upw_starts"].first, 0, "they had started before day 0")

        // Twice the intensity (14 hours a week: two sessions), twice the rate.
        var faster = upw
        faster.weeklyHours = 14
        let b2 = Book(ProbationModel(spec: F.toy(InterventionsSpec(unpaidWork: faster), days: 35), replication: 1).run())
        XCTAssertEqual(Array(b2["upw_hours_outstanding"].prefix(3)), [140, 0, 0])
    }

    /// Sentences injected on known days: hours outstanding, starts within 15
    /// working days and completions within the window, counted by hand.
    func testInjectedSentencesStartAndComplete() {
        // 4 people a Monday for 3 weeks, 14 hours each, assessment 10 working days.
        let s = Stepper(F.toy(InterventionsSpec(unpaidWork: F.upw(startAfter: 10)), days: 63))
        for week in 0..<3 { s.sentences(4, at: s.tick(Fixtures.start.adding(days: 7 * week), 8)) }
        let b = Book(s.run())
        // Ordered: 56 hours a week for three weeks.
        XCTAssertEqual(Array(b["upw_hours_ordered"].prefix(4)), [56, 56, 56, 0])
        // Ready 10 working days later (Monday two weeks on): first sessions in weeks 3, 4, 5.
        XCTAssertEqual(Array(b["upw_starts"].prefix(6)), [0, 0, 4, 4, 4, 0])
        XCTAssertEqual(Array(b["upw_started_within_15wd_pct"].prefix(5)).map { $0.isNaN ? -1 : $0 }, [-1, -1, 100, 100, 100])
        XCTAssertEqual(Array(b["upw_completions"].prefix(7)), [0, 0, 0, 4, 4, 4, 0])
        XCTAssertEqual(b["upw_completed_within_12m_pct"][3], 100)
        XCTAssertEqual(Array(b["upw_hours_outstanding"].prefix(7)), [56, 112, 140, 84, 28, 0, 0])
    }

    /// Nobody is booked for more than 28 hours in a week, whatever the intensity asked for.
    func testNobodyWorksMoreThan28HoursAWeek() {
        for (session, weekly) in [(7.0, 28.0), (9.0, 28.0), (28.0, 28.0), (6.5, 20.0)] {
            var upw = F.upw(supervisors: 50, sessionHours: session, weeklyHours: weekly, hours: .uniform(lower: 40, upper: 300))
            upw.intensiveShare = 0.5
            upw.intensiveWeeklyHours = 28
            upw.daysPerWeek = 7
            upw.eteShare = 0.5
            upw.backlog = UPWBacklogSpec(people: ["Z": 200], hours: .uniform(lower: 20, upper: 300), startedShare: 0.5,
                                         remainingDays: .uniform(lower: 10, upper: 300))
            let s = Stepper(F.toy(InterventionsSpec(unpaidWork: upw), sentencesPerWeek: 20, days: 182))
            s.run()
            let iv = s.model.interventionState!
            XCTAssertLessThanOrEqual(iv.maxWeekMinutes, 28 * 60, "session \(session) h, weekly \(weekly) h")
            XCTAssertGreaterThan(iv.maxWeekMinutes, 0)
            for r in iv.upw { XCTAssertLessThanOrEqual(r.weekMinutes, 28 * 60) }
        }
        // With 7-hour sessions and 28 hours asked for, the cap is reached exactly.
        var upw = F.upw(supervisors: 20, weeklyHours: 28, hours: .constant(100))
        upw.backlog = UPWBacklogSpec(people: ["Z": 5], hours: .constant(100), startedShare: 1, remainingDays: .constant(400))
        let s = Stepper(F.toy(InterventionsSpec(unpaidWork: upw), days: 14))
        s.run()
        XCTAssertEqual(s.model.interventionState!.maxWeekMinutes, 28 * 60)
    }

    /// Hand-built expiry: window 28 days, one 7-hour session a week, so at most
    /// 28 hours by the deadline; the orders for 35 and 70 hours end with 7 and
    /// 42 hours written off.
    func testExpiryIsCountedExactly() {
        let upw = F.upw(hours: .constant(7), windowDays: 28)
        let s = Stepper(F.toy(InterventionsSpec(unpaidWork: upw), days: 56))
        s.model.interventionState!.scriptedHours = [7, 14, 21, 35, 70]
        s.sentences(5, at: s.tick(Fixtures.start, 8))
        let b = Book(s.run())
        XCTAssertEqual(b["upw_hours_ordered"].first, 147)
        // Mondays 28 Jun, 5, 12, 19 Jul: 4 sessions each before the deadline on 26 Jul 08:00.
        XCTAssertEqual(b["upw_hours_written_off"].reduce(0, +), 49)
        XCTAssertEqual(b["upw_hours_written_off"][4], 49, "written off on 26 July, in the week to 2 August")
        XCTAssertEqual(b["orders_ended_with_requirement_outstanding"].reduce(0, +), 2)
        XCTAssertEqual(b["upw_completions"].reduce(0, +), 3)
        XCTAssertEqual(b["upw_hours_worked"].reduce(0, +), 98)
        XCTAssertEqual(b["upw_hours_outstanding"].last, 0)
        XCTAssertEqual(b["upw_completed_within_12m_pct"].filter { !$0.isNaN }, [100, 100, 100])
    }

    /// ETE hours take no place, but only once work on placements has started;
    /// at most the allowed share of the hours ordered is ETE.
    func testETEHoursFollowAFirstPlacementSession() {
        var upw = F.upw(supervisors: 0, weeklyHours: 14, hours: .constant(70))
        upw.eteShare = 1
        upw.eteMaxShareOfHours = 0.2
        upw.backlog = UPWBacklogSpec(people: ["Z": 3], hours: .constant(70), startedShare: 0, remainingDays: .constant(400))
        let none = Book(ProbationModel(spec: F.toy(InterventionsSpec(unpaidWork: upw), days: 28), replication: 1).run())
        XCTAssertEqual(none["upw_hours_worked"].reduce(0, +), 0, "no places: nobody starts, ETE or not")

        // With places: each works 14 hours a week (two sessions); ETE takes the second
        // session until 14 hours (20% of 70) are used, then placements only.
        upw.supervisors = ["Z": 1]
        let b = Book(ProbationModel(spec: F.toy(InterventionsSpec(unpaidWork: upw), days: 42), replication: 1).run())
        XCTAssertEqual(Array(b["upw_hours_worked"].prefix(5)), [42, 42, 42, 42, 42])
        XCTAssertEqual(Array(b["upw_ete_hours_worked"].prefix(5)), [21, 21, 0, 0, 0])
        XCTAssertEqual(b["upw_ete_hours_worked"].reduce(0, +), 3 * 14, "20% of 70 hours each")
    }

    /// Levers change capacity from their dates: places a week follow supervisors ×
    /// people per supervisor (capped by placements), and intensity follows weekly hours.
    func testLeversChangeCapacityOnTheirDates() {
        var upw = F.upw(supervisors: 2, peoplePerSupervisor: 5)
        upw.backlog = UPWBacklogSpec(people: ["Z": 400], hours: .constant(70), startedShare: 1, remainingDays: .constant(400))
        let monday = { (weeks: Int) in Fixtures.start.adding(days: 7 * weeks) }
        let levers = [
            InterventionLever(date: monday(1), change: .supervisors(.scale(2))),          // 4 × 5 = 20 a day
            InterventionLever(date: monday(2), change: .peoplePerSupervisor(6)),           // 24 a day
            InterventionLever(date: monday(3), region: "Z", change: .placements(.add(1))), // no limit set: no change
            InterventionLever(date: monday(4), change: .supervisors(.add(-1))),           // 3 × 6 = 18
            InterventionLever(date: monday(5), change: .weeklyHours(14)),
        ]
        var spec = F.toy(InterventionsSpec(unpaidWork: upw, levers: levers), days: 42)
        spec.interventions!.unpaidWork!.placements = [:]
        let b = Book(ProbationModel(spec: spec, replication: 1).run())
        XCTAssertEqual(Array(b["upw_session_places"].prefix(6)), [50, 100, 120, 120, 90, 90])
        // A stock is as at its output date, after a lever dated that day.
        XCTAssertEqual(Array(b["upw_supervisors"].prefix(6)), [4, 4, 4, 3, 3, 3])
        // 400 people want a session a week (two from week 6): places bind throughout.
        XCTAssertEqual(Array(b["upw_hours_worked"].prefix(6)), [350, 700, 840, 840, 630, 630])

        // A placements limit caps the places a day.
        var capped = spec
        capped.interventions!.unpaidWork!.placements = ["Z": 7]
        capped.interventions!.levers = [InterventionLever(date: monday(1), change: .placements(.scale(2)))]
        let c = Book(ProbationModel(spec: capped, replication: 1).run())
        XCTAssertEqual(Array(c["upw_session_places"].prefix(3)), [35, 50, 50], "7 a day, then 14 but only 10 from the parties")
    }

    /// A national `add` is split over regions in proportion to what they have.
    func testANationalAddIsSplitByWhatRegionsHave() {
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 0, 2: 0, 3: 0], days: 21)
        var upw = F.upw(supervisors: 0)
        upw.supervisors = ["A": 6, "B": 2]
        spec.interventions = InterventionsSpec(unpaidWork: upw, levers: [
            InterventionLever(date: Fixtures.start.adding(days: 7), change: .supervisors(.add(5))),
            InterventionLever(date: Fixtures.start.adding(days: 14), change: .supervisors(.add(-20))),
        ])
        let b = Book(ProbationModel(spec: spec, replication: 1).run())
        XCTAssertEqual(Array(b["upw_supervisors", .region, "Region one"].prefix(3)), [10, 0, 0], "6 + 3.75 → 10 (largest remainder)")
        XCTAssertEqual(Array(b["upw_supervisors", .region, "Region two"].prefix(3)), [3, 0, 0], "2 + 1.25 → 3; never below 0")
    }

    /// A court extension moves the deadline instead of writing hours off.
    func testExtensionsKeepHoursOutstanding() {
        var upw = F.upw(hours: .constant(70), windowDays: 28)
        upw.extensionShare = 1
        upw.extensionDays = 28
        let s = Stepper(F.toy(InterventionsSpec(unpaidWork: upw), days: 91))
        s.sentences(1, at: s.tick(Fixtures.start, 8))
        let b = Book(s.run())
        XCTAssertEqual(b["upw_hours_written_off"].reduce(0, +), 0)
        XCTAssertEqual(b["upw_extensions"].reduce(0, +), 2, "at 28 and 56 days; done before 84")
        XCTAssertEqual(b["upw_completions"].reduce(0, +), 1)
        XCTAssertEqual(b["orders_ended_with_requirement_outstanding"].reduce(0, +), 0)
        // Past its window from day 28 (26 July 08:00, after 4 sessions: 42 hours left) until done.
        XCTAssertEqual(Array(b["upw_backlog_hours_outstanding"].prefix(6)), [0, 0, 0, 0, 35, 28])
        XCTAssertEqual(Array(b["upw_backlog_people"].prefix(6)), [0, 0, 0, 0, 1, 1])
        XCTAssertEqual(b["upw_backlog_people"].last, 0)
    }
}
