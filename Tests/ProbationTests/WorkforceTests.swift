// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Workforce dynamics (docs/workforce.md): trainees' stages to the day,
/// qualification, withdrawal, headcount conservation by grade, vacancies,
/// progression, recruitment, leave and the blended-caseload ramp.
final class WorkforceTests: XCTestCase {
    let start = Fixtures.start
    let national = Fixtures.national

    /// WMT available points of a PO-target grade at 37 hours with `reduction` hours off.
    func points(reduction: Double, contracted: Double = 37) -> Int {
        Int((2176 * (contracted - reduction) / 37).rounded(.down))
    }

    /// One team (3 PO, 2 PSO, 1 SPO), no sentences, and PQiP training with
    /// one trainee starting on day 0.
    func oneTrainee(days: Int = 900, pqip: PQiPSpec = PQiPSpec()) -> ModelSpec {
        var spec = Fixtures.toy(po: 3, pso: 2, pqip: 0, spo: 1, sentencesPerWeek: 0, days: days)
        var p = pqip
        p.intakes = [PQiPIntake(date: start, size: 1)]
        spec.workforce.pqip = p
        spec.grades[.pqip]?.reductionHours = 0   // as the loader does with pqip (the stages replace the stand-in)
        return spec
    }

    /// The trainee of `oneTrainee` (the last practitioner added).
    func trainee(_ m: ProbationModel) -> PractitionerState { m.practitioners.last! }

    // MARK: stages to the day

    func testATraineesReductionsFollowTheStageScheduleToTheDay() {
        let s = Stepper(oneTrainee())
        let m = s.model
        func at(day: Int, minute: Int = 0) -> PractitionerState {
            s.run(until: s.model.calendar.tick(at: start.adding(days: day)) + Tick(minute))
            return trainee(m)
        }
        // 80% of 37 hours off in the first 6 months (182 days), 60% to 12 months
        // (365 days), 40% to qualification at 18 months (547 days); then the
        // newly qualified 20% for 9 months (273 days).
        let expected: [(day: Int, minute: Int, grade: Grade, stage: WorkforceStage, reduction: Double, available: Int)] = [
            (0, 0, .pqip, .pqip1, 29.6, 435),
            (181, 1439, .pqip, .pqip1, 29.6, 435),
            (182, 0, .pqip, .pqip2, 22.2, 870),
            (364, 1439, .pqip, .pqip2, 22.2, 870),
            (365, 0, .pqip, .pqip3, 14.8, 1305),
            (546, 1439, .pqip, .pqip3, 14.8, 1305),
            (547, 0, .po, .nqo, 7.4, 1740),
            (819, 1439, .po, .nqo, 7.4, 1740),
            (820, 0, .po, .none, 0, 2176),
        ]
        for e in expected {
            let t = at(day: e.day, minute: e.minute)
            XCTAssertEqual(t.grade, e.grade, "day \(e.day)")
            XCTAssertEqual(t.wf.stage, e.stage, "day \(e.day)")
            XCTAssertEqual(t.reduction, e.reduction, accuracy: 1e-9, "day \(e.day)")
            XCTAssertEqual(t.available, e.available, "day \(e.day)")
            // The WMT formula by hand: floor(2176 × (37 − reduction) / 37).
            XCTAssertEqual(t.available, points(reduction: e.reduction), "day \(e.day)")
        }
    }

    func testStageLengthsAndReductionsAreScenarioParameters() {
        var pqip = PQiPSpec(trainingLengthDays: .constant(400), stageLengthDays: 100.5, stageReductions: [0.5, 0.25, 0.1])
        pqip.nqoReduction = 0.3
        pqip.nqoDays = 50
        let s = Stepper(oneTrainee(days: 500, pqip: pqip))
        func reduction(on day: Int) -> Double {
            s.run(until: s.model.calendar.tick(at: start.adding(days: day)))
            return trainee(s.model).reduction
        }
        XCTAssertEqual(reduction(on: 99), 18.5, accuracy: 1e-9)
        XCTAssertEqual(reduction(on: 100), 9.25, accuracy: 1e-9)
        // Stage 3 from whole days of 2 × 100.5 = 201.
        XCTAssertEqual(reduction(on: 200), 9.25, accuracy: 1e-9)
        XCTAssertEqual(reduction(on: 201), 3.7, accuracy: 1e-9)
        XCTAssertEqual(reduction(on: 399), 3.7, accuracy: 1e-9)
        XCTAssertEqual(reduction(on: 400), 11.1, accuracy: 1e-9)
        XCTAssertEqual(reduction(on: 449), 11.1, accuracy: 1e-9)
        XCTAssertEqual(reduction(on: 450), 0, accuracy: 1e-9)
    }

    // MARK: qualification

    func testQualificationHappensAtTheStatedLength() {
        // 15 months = 456.5625 days and 21 months = 639.1875 days: qualified on day 456 and day 639.
        for (months, day) in [(15.0, 456), (21.0, 639)] {
            let s = Stepper(oneTrainee(pqip: PQiPSpec(trainingLengthDays: .constant(months * 365.25 / 12))))
            s.run(until: s.model.calendar.tick(at: start.adding(days: day)) - 1)
            XCTAssertEqual(trainee(s.model).grade, .pqip, "\(months) months, the day before")
            s.run(until: s.model.calendar.tick(at: start.adding(days: day)))
            XCTAssertEqual(trainee(s.model).grade, .po, "\(months) months")
            XCTAssertEqual(trainee(s.model).wf.stage, .nqo)
            let r = s.run()
            let b = Book(r)
            XCTAssertEqual(b["qualifications"].reduce(0, +), 1)
            // The qualification is counted in the week that holds its day.
            let week = b.dates.firstIndex { $0 > start.adding(days: day) }!
            XCTAssertEqual(b["qualifications"][week], 1)
        }
    }

    func testLateQualifiersTakeTheExtension() {
        var pqip = PQiPSpec(trainingLengthDays: .constant(300), onTimeShare: 0, extensionDays: 60)
        pqip.nqoDays = 10
        let s = Stepper(oneTrainee(days: 400, pqip: pqip))
        s.run(until: s.model.calendar.tick(at: start.adding(days: 359)))
        XCTAssertEqual(trainee(s.model).grade, .pqip)
        XCTAssertEqual(trainee(s.model).wf.stage, .pqip2, "stage 3 would start on day 365")
        s.run(until: s.model.calendar.tick(at: start.adding(days: 360)))
        XCTAssertEqual(trainee(s.model).grade, .po)
    }

    /// Three PDUs' worth of trainees with no withdrawal: every one qualifies.
    func testACohortWithZeroWithdrawalAllQualify() {
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 0, 2: 0, 3: 0], days: 420)
        spec.workforce.pqip = PQiPSpec(trainingLengthDays: .constant(365), withdrawalShare: 0,
                                       intakes: [PQiPIntake(date: start.adding(days: 10), size: 200)])
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        XCTAssertEqual(b["joiners_pqip"].reduce(0, +), 200)
        XCTAssertEqual(b["qualifications"].reduce(0, +), 200 + 5, "the cohort and the 5 PQiPs in post on day 0")
        XCTAssertEqual(b["withdrawals"].reduce(0, +), 0)
        // Day-0 trainees who qualified more than 273 days before the end are POs by then.
        XCTAssertEqual(b["staff_in_post_nqo"].last!, 202.5, accuracy: 2.5)
        // The 5 PQiPs in post on day 0 qualify too (training spread over their length).
        XCTAssertEqual(b["staff_in_post_pqip"].last, 0)
        XCTAssertEqual(b["staff_in_post_po"].last, 20 + 200 + 5)
    }

    func testTheWithdrawalShareIsStatisticallyRight() {
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 0, 2: 0, 3: 0], days: 400)
        spec.organisation.regions[0].pdus[0].teams[0].staff[.pqip] = 0
        let n = 4000, share = 0.2
        spec.workforce.pqip = PQiPSpec(trainingLengthDays: .constant(360), withdrawalShare: share,
                                       intakes: [PQiPIntake(date: start, size: n)])
        var withdrawn = 0, early = 0
        let s = Stepper(spec)
        s.run(after: { event in
            if case .workforce(.withdraw) = event {
                withdrawn += 1
                if s.model.engine.now < 180 * Ticks.day { early += 1 }
            }
        })
        // Binomial(4000, 0.2): sd 25.3; allow 4 sd.
        XCTAssertEqual(Double(withdrawn), Double(n) * share, accuracy: 4 * (Double(n) * share * (1 - share)).squareRoot())
        // Constant hazard: of those who withdraw, (1 − 0.8^½) / 0.2 = 52.8% do so in the first half.
        let firstHalf = (1 - (1 - share).squareRoot()) / share
        XCTAssertEqual(Double(early) / Double(withdrawn), firstHalf, accuracy: 0.06)
        let b = Book(s.model.result())
        XCTAssertEqual(Int(b["withdrawals"].reduce(0, +)), withdrawn)
        XCTAssertEqual(Int(b["qualifications"].reduce(0, +)), n + 4 - withdrawn, "the rest qualify (4 PQiPs were in post)")
    }

    // MARK: conservation

    /// A busy world with every workforce flow: leavers, recruitment against an
    /// establishment, intakes, withdrawal, qualification, progression,
    /// staffing levers.
    static func busy(days: Int = 730) -> ModelSpec {
        var spec = Fixtures.threePDUs(days: days, seed: 5)
        for r in spec.organisation.regions.indices {
            for p in spec.organisation.regions[r].pdus.indices {
                for t in spec.organisation.regions[r].pdus[p].teams.indices {
                    spec.organisation.regions[r].pdus[p].teams[t].establishment = [.po: 6, .pso: 3, .pqip: 1, .spo: 1]
                }
            }
        }
        let d = { (n: Int) in Fixtures.start.adding(days: n) }
        spec.workforce = WorkforceSpec(
            leavingRatePerYear: [.po: 0.15, .pso: 0.2, .spo: 0.1],
            recruitmentLeadTimeDays: 30,
            pqip: PQiPSpec(trainingLengthDays: .empirical(values: [300, 420], weights: [1, 1]), withdrawalShare: 0.15,
                           onTimeShare: 0.8, extensionDays: 60, nqoDays: 120,
                           intakes: [PQiPIntake(date: d(20), size: 12), PQiPIntake(date: d(200), size: 5, scope: .region("B")),
                                     PQiPIntake(date: d(380), size: 9)],
                           spoSupervisionHours: 1.5, poSupervisionHours: 1),
            recruitment: [.po: RecruitmentSpec(leadTimeDays: 60, success: 0.5), .spo: RecruitmentSpec(leadTimeDays: 90)],
            progression: ProgressionSpec(sharePerYear: 0.2, regions: ["A"], start: d(50), roundsPerYear: 2),
            absence: AbsenceSpec(sicknessDaysPerYear: 5),
            blendedCaseloads: BlendedCaseloadSpec(formerCRCShare: [.po: 0.5, .pso: 0.7], from: d(0), until: d(150)))
        spec.grades[.pqip]?.reductionHours = 0
        spec.levers = [
            Lever(date: d(100), change: .staff(.pso, 3, .national)),
            Lever(date: d(300), change: .staff(.po, -2, .region("A"))),
            Lever(date: d(30), change: .extraLeave(days: 8, until: d(250), .national)),
            Lever(date: d(400), change: .establishment(.po, 2, .pdu(3))),
        ]
        return spec
    }

    func testHeadcountIsConservedPerGrade() {
        let spec = Self.busy()
        let r = ProbationModel(spec: spec, replication: 1).run()
        let b = Book(r)
        let grades: [(Grade, String)] = [(.po, "po"), (.pso, "pso"), (.pqip, "pqip"), (.spo, "spo")]
        var entities: [(OutputSpec.Level, String, [TeamSpec])] = [(.national, national, spec.organisation.regions.flatMap { $0.pdus.flatMap(\.teams) })]
        for region in spec.organisation.regions {
            entities.append((.region, region.name, region.pdus.flatMap(\.teams)))
            for pdu in region.pdus { entities.append((.pdu, pdu.name, pdu.teams)) }
        }
        var moved = (qualified: 0.0, progressed: 0.0, withdrawn: 0.0)
        for (level, name, teams) in entities {
            for (grade, g) in grades {
                let startCount = Double(teams.reduce(0) { $0 + ($1.staff[grade] ?? 0) })
                let inPost = b["staff_in_post_\(g)", level, name]
                let joiners = b["joiners_\(g)", level, name], leavers = b["leavers_\(g)", level, name]
                let q = b["qualifications", level, name], p = b["progressions", level, name]
                var count = startCount
                for k in inPost.indices {
                    count += joiners[k] - leavers[k]
                    switch grade {
                    case .po: count += q[k]
                    case .pqip: count += p[k] - q[k]
                    case .pso: count -= p[k]
                    case .spo: break
                    }
                    XCTAssertEqual(inPost[k], count, "\(name) \(grade) on \(b.dates[k])")
                }
            }
            if level == .national {
                moved = (b["qualifications"].reduce(0, +), b["progressions"].reduce(0, +), b["withdrawals"].reduce(0, +))
                // Joiners and leavers by grade add up to the totals.
                for k in b.dates.indices {
                    XCTAssertEqual(grades.reduce(0) { $0 + b["joiners_\($1.1)"][k] }, b["joiners"][k])
                    XCTAssertEqual(grades.reduce(0) { $0 + b["leavers_\($1.1)"][k] }, b["leavers"][k])
                }
            }
        }
        // Every flow happened.
        XCTAssertGreaterThan(moved.qualified, 10)
        XCTAssertGreaterThan(moved.progressed, 2)
        XCTAssertGreaterThan(moved.withdrawn, 1)
        XCTAssertGreaterThan(b["joiners_po"].reduce(0, +), 3, "recruited POs")
        XCTAssertGreaterThan(b["leavers_spo"].reduce(0, +) + b["joiners_spo"].reduce(0, +), 0)
    }

    func testEverythingAtOnceKeepsTheBookkeepingStraight() {
        let s = Stepper(Self.busy(days: 500), replication: 2)
        s.run(auditEvery: 97)
        XCTAssertEqual(s.problems, [])
    }

    // MARK: vacancies and recruitment

    func testVacanciesAreEstablishmentMinusStaffInPost() {
        let spec = Self.busy()
        let b = Book(ProbationModel(spec: spec, replication: 3).run())
        let lever = b.dates.firstIndex { $0 > start.adding(days: 400) }!
        for region in spec.organisation.regions {
            for pdu in region.pdus {
                for team in pdu.teams {
                    for (grade, g) in [(Grade.po, "po"), (.pso, "pso"), (.spo, "spo")] {
                        let posts = b["staff_in_post_\(g)", .team, team.name].indices.map { k -> Double in
                            // Two PO posts are added in PDU 3 (one team) on day 400.
                            let extra = grade == .po && pdu.number == 3 && k >= lever ? 2.0 : 0
                            return Double(team.establishment![grade]!) + extra
                        }
                        let inPost = b["staff_in_post_\(g)", .team, team.name]
                        let vacant = b["vacancies_\(g)", .team, team.name]
                        XCTAssertEqual(vacant, zip(posts, inPost).map { $0 - $1 }, "\(team.name) \(grade)")
                    }
                    let total = ["po", "pso", "spo"].map { b["vacancies_\($0)", .team, team.name] }
                    XCTAssertEqual(b["vacancies", .team, team.name], total[0].indices.map { total[0][$0] + total[1][$0] + total[2][$0] })
                }
            }
        }
        let pct = b["vacancy_pct_po"], vacant = b["vacancies_po"]
        XCTAssertEqual(pct[0], vacant[0] / 30 * 100, accuracy: 1e-9, "5 teams × 6 PO posts")
    }

    func testRecruitmentFillsVacanciesAfterTheLeadTime() {
        var spec = Fixtures.toy(po: 3, pso: 2, sentencesPerWeek: 0, days: 120)
        spec.organisation.regions[0].pdus[0].teams[0].establishment = [.po: 5, .pso: 2, .spo: 1]
        spec.workforce.recruitment = [.po: RecruitmentSpec(leadTimeDays: 28, success: 1)]
        let s = Stepper(spec)
        func pos(_ day: Int) -> Int {
            s.run(until: s.model.calendar.tick(at: start.adding(days: day)))
            return s.model.practitioners.filter { $0.active && $0.grade == .po }.count
        }
        XCTAssertEqual(pos(27), 3)
        XCTAssertEqual(pos(28), 5)
        XCTAssertEqual(pos(119), 5, "no more than the establishment")
    }

    func testRecruitmentSuccessIsTheShareOfVacanciesFilledPerRound() {
        // Two days: one round (day 0; the next is on 1 July, day 3), recruits start on day 1.
        var spec = Fixtures.threePDUs(staff: [.po: 0, .spo: 1], sentencesPerWeek: [1: 0, 2: 0, 3: 0], days: 2)
        for r in spec.organisation.regions.indices {
            for p in spec.organisation.regions[r].pdus.indices {
                for t in spec.organisation.regions[r].pdus[p].teams.indices {
                    spec.organisation.regions[r].pdus[p].teams[t].establishment = [.po: 400, .spo: 1]
                }
            }
        }
        spec.workforce.recruitment = [.po: RecruitmentSpec(leadTimeDays: 1, success: 0.3)]
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        // One round (day 0) over 2,000 vacancies: Binomial(2000, 0.3), sd 20.5.
        XCTAssertEqual(b["joiners_po"].reduce(0, +), 600, accuracy: 4 * 20.5)
    }

    func testBeyondTheEstablishmentQualifiersLeaveWhenTheScenarioSaysSo() {
        // One PO post vacant; two trainees qualify on day 100: the first fills the post, the second
        // takes a post outside the modelled teams (a qualification and a PO leaver).
        for (rule, expectedPOs) in [(BeyondEstablishment.leave, 4.0), (.stay, 5)] {
            var spec = Fixtures.toy(po: 3, pso: 1, sentencesPerWeek: 0, days: 120)
            spec.organisation.regions[0].pdus[0].teams[0].establishment = [.po: 4, .pso: 1, .spo: 1]
            spec.workforce.pqip = PQiPSpec(trainingLengthDays: .constant(100), beyondEstablishment: rule,
                                           intakes: [PQiPIntake(date: start, size: 2)])
            let b = Book(ProbationModel(spec: spec, replication: 0).run())
            XCTAssertEqual(b["qualifications"].reduce(0, +), 2, "\(rule)")
            XCTAssertEqual(b["qualified_posted_elsewhere"].reduce(0, +), rule == .leave ? 1 : 0, "\(rule)")
            XCTAssertEqual(b["leavers_po"].reduce(0, +), rule == .leave ? 1 : 0, "\(rule)")
            XCTAssertEqual(b["staff_in_post_po"].last, expectedPOs, "\(rule)")
            XCTAssertEqual(b["vacancies_po"].last, 4 - expectedPOs, "\(rule)")
        }
    }

    // MARK: progression

    func testProgressionMovesExactlyTheExpectedPeople() {
        // Region A: PDUs 1 and 2, two teams each, 3 PSOs per team = 12 PSOs;
        // 25% a year in one round on day 10 = 3 PSOs, one each from the teams
        // with the most PSOs (the first on a tie); region B is not on the pathway.
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 0, 2: 0, 3: 0], days: 30)
        spec.workforce.pqip = PQiPSpec(inPostElapsedDays: .constant(0))
        spec.workforce.progression = ProgressionSpec(sharePerYear: 0.25, regions: ["A"], start: start.adding(days: 10))
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        XCTAssertEqual(b["progressions"].reduce(0, +), 3)
        XCTAssertEqual(b["progressions", .region, "Region one"].reduce(0, +), 3)
        XCTAssertEqual(b["progressions", .region, "Region two"].reduce(0, +), 0)
        XCTAssertEqual(b["staff_in_post_pso", .region, "Region one"].last, 9)
        XCTAssertEqual(b["staff_in_post_pqip", .region, "Region one"].last, 4 + 3)
        XCTAssertEqual(b["staff_in_post_pqip_stage1", .region, "Region one"].last, 4 + 3)
        for (team, pso) in [("One A", 2.0), ("One B", 2), ("Two A", 2), ("Two B", 3), ("Three A", 3)] {
            XCTAssertEqual(b["staff_in_post_pso", .team, team].last, pso, team)
        }
        XCTAssertEqual(b["staff_in_post"].last, 45, "a transfer: nobody joins or leaves")
    }

    func testProgressionRoundsRepeatAndStopAtTheEnd() {
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 0, 2: 0, 3: 0], days: 730)
        spec.workforce.pqip = PQiPSpec(trainingLengthDays: .constant(2000))
        // 20% a year in 2 rounds (days 0, 182, 365; the pathway ends on day 400), region by region:
        // region A's 12 PSOs give round(1.2) = 1, then round(1.1) = 1, round(1.0) = 1; region B's 3 give round(0.3) = 0.
        spec.workforce.progression = ProgressionSpec(sharePerYear: 0.2, start: start, end: start.adding(days: 400), roundsPerYear: 2)
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        XCTAssertEqual(b["progressions"].reduce(0, +), 3)
        XCTAssertEqual(b["progressions", .region, "Region two"].reduce(0, +), 0)
        XCTAssertEqual(b["staff_in_post_pso"].last, 12)
    }

    // MARK: leave, absence, supervision

    func testTheLeaveLeverChangesAvailablePointsByTheHoursArithmetic() {
        // 10 extra days from Monday 5 July 2021 to Friday 30 July 2021: 20 working days,
        // so 37 × 10 / 20 = 18.5 hours a week off, for a PO 2176 → floor(2176 × 18.5 / 37) = 1088.
        let from = CivilDate(year: 2021, month: 7, day: 5)!, until = CivilDate(year: 2021, month: 7, day: 30)!
        var spec = Fixtures.toy(po: 1, pso: 0, sentencesPerWeek: 0, days: 60)
        spec.levers = [Lever(date: from, change: .extraLeave(days: 10, until: until, .national))]
        let s = Stepper(spec)
        let n = s.model.calendar.workingDays(from: from.adding(days: -1), to: until)
        XCTAssertEqual(n, 20)
        func po(on date: CivilDate, minute: Int = 0) -> PractitionerState {
            s.run(until: s.model.calendar.tick(at: date) + Tick(minute))
            return s.model.practitioners[0]
        }
        XCTAssertEqual(po(on: from, minute: -1).available, 2176)
        XCTAssertEqual(po(on: from).reduction, 37 * 10 / 20, accuracy: 1e-12)
        XCTAssertEqual(po(on: from).available, points(reduction: 18.5))
        XCTAssertEqual(po(on: from).available, 1088)
        XCTAssertEqual(po(on: until, minute: 1439).available, 1088)
        XCTAssertEqual(po(on: until.adding(days: 1)).available, 2176)
    }

    func testAbsenceAndLeaveComposeWithStageAndScenarioReductions() {
        // A trainee in stage 1 (29.6 h) with 2 scenario reduction hours and 12.645 days' sickness a
        // year (5% of 252.9 working days: 1.85 h) has 33.45 hours off.
        var pqip = PQiPSpec()
        pqip.intakes = [PQiPIntake(date: start, size: 1)]
        var spec = Fixtures.toy(po: 1, pso: 0, sentencesPerWeek: 0, days: 30)
        spec.organisation.regions[0].pdus[0].teams[0].reductionHours = [.pqip: 2]
        spec.workforce.pqip = pqip
        spec.workforce.absence = AbsenceSpec(sicknessDaysPerYear: AbsenceSpec.workingDaysPerYear * 0.05)
        let s = Stepper(spec)
        s.run(until: s.model.calendar.tick(at: start.adding(days: 1)))
        let t = s.model.practitioners.last!
        XCTAssertEqual(t.reduction, 29.6 + 2 + 1.85, accuracy: 1e-9)
        XCTAssertEqual(t.available, points(reduction: 33.45))
        XCTAssertEqual(s.model.practitioners[0].reduction, 1.85, accuracy: 1e-9, "the PO: absence only")
        // Capped at the contracted hours.
        spec.workforce.absence = AbsenceSpec(sicknessDaysPerYear: 100, annualLeaveDaysPerYear: 100)
        let capped = Stepper(spec)
        capped.run(until: capped.model.calendar.tick(at: start.adding(days: 1)))
        XCTAssertEqual(capped.model.practitioners.last!.reduction, 37)
        XCTAssertEqual(capped.model.practitioners.last!.available, 0)
    }

    func testTraineesSupervisionIsSharedAmongTheTeamsExperiencedPOs() {
        // 3 POs, 2 trainees at 1.5 hours each: 1 hour off for each PO → floor(2176 × 36 / 37) = 2117.
        var pqip = PQiPSpec(poSupervisionHours: 1.5)
        pqip.intakes = [PQiPIntake(date: start, size: 2)]
        pqip.spoSupervisionHours = 2
        var spec = Fixtures.toy(po: 3, pso: 1, sentencesPerWeek: 0, days: 30)
        spec.workforce.pqip = pqip
        spec.grades[.pqip]?.reductionHours = 0
        let r = ProbationModel(spec: spec, replication: 0).run()
        let b = Book(r)
        let pos = r.wmtSnapshots.filter { $0.date == b.dates[0] && $0.grade == .po }
        XCTAssertEqual(pos.map(\.reductionHours), [1, 1, 1])
        XCTAssertEqual(b["available_points"][0], Double(3 * 2117 + 2176 + 2 * 435))
        XCTAssertEqual(b["supervision_hours"][0], 2 * 3.5)
        XCTAssertEqual(b["trainees_per_spo"][0], 2)
    }

    // MARK: blended caseloads

    func testFormerCRCPractitionersNeverHoldAOrBBeforeTheirDate() {
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 25, 2: 20, 3: 20], days: 300, seed: 3)
        let weights: [Tier: Double] = [.a2: 2, .b2: 3, .b1: 2, .c2: 3, .d1: 2]
        spec.cases.tierMix = Fixtures.mix(weights)
        spec.initialCaseload = InitialCaseloadSpec(total: 600, typeShares: [.community: 1], pduWeights: [1: 1, 2: 1, 3: 1])
        let from = start.adding(days: 30), until = start.adding(days: 150)
        spec.workforce.blendedCaseloads = BlendedCaseloadSpec(formerCRCShare: [.po: 0.6, .pso: 0.5], from: from, until: until)
        spec.allocation.capPercent = 200
        let s = Stepper(spec, replication: 4)
        let m = s.model
        let restricted = m.practitioners.indices.filter { m.practitioners[$0].wf.restricted }
        XCTAssertGreaterThan(restricted.filter { m.practitioners[$0].grade == .po }.count, 5)
        // Eligibility days spread over the ramp, both ends included.
        let days = restricted.map { Int(m.practitioners[$0].wf.eligibleAt / Ticks.day) }
        XCTAssertGreaterThanOrEqual(days.min()!, 30)
        XCTAssertLessThanOrEqual(days.max()!, 150)
        XCTAssertGreaterThan(Set(days).count, 10)
        var violations: [String] = []
        var heldABAfterDate = 0
        func check() {
            for p in restricted where m.practitioners[p].active {
                let x = m.practitioners[p]
                let ab = x.caseIndices.filter { "AB".contains(m.cases[Int($0)].tier.riskLetter) }.count
                if m.engine.now < x.wf.eligibleAt {
                    if ab > 0 { violations.append("\(x.name) holds \(ab) A/B case(s) on day \(m.engine.now / Ticks.day)") }
                    if !x.wf.restricted { violations.append("\(x.name) unrestricted before their date") }
                } else {
                    if x.wf.restricted { violations.append("\(x.name) still restricted after their date") }
                    if ab > 0 { heldABAfterDate += 1 }
                }
            }
        }
        check()   // the Day-1 stock
        var n = 0
        s.run(auditEvery: 211, after: { _ in n += 1; if n % 50 == 0 { check() } })
        check()
        XCTAssertEqual(Array(violations.prefix(5)), [])
        XCTAssertEqual(s.problems, [])
        XCTAssertGreaterThan(heldABAfterDate, 0, "former CRC POs take A/B work once eligible")
        let b = Book(s.model.result())
        XCTAssertEqual(b["former_crc_restricted"][0], Double(restricted.count))
        XCTAssertEqual(b["former_crc_restricted"].last, 0)
    }

    func testRegionSharesOverrideTheNationalShare() {
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 0, 2: 0, 3: 0], days: 30)
        spec.workforce.blendedCaseloads = BlendedCaseloadSpec(formerCRCShare: [.po: 1, .pso: 1], regionShares: ["B": [:]],
                                                              from: start.adding(days: 10), until: start.adding(days: 20))
        let m = ProbationModel(spec: spec, replication: 0)
        let restricted = m.practitioners.filter { $0.wf.restricted }
        XCTAssertEqual(restricted.count, 4 * 7, "every PO and PSO of region A's four teams, none in region B")
        XCTAssertTrue(restricted.allSatisfy { m.pdus[$0.pdu].region == 0 })
    }

    // MARK: off by default

    func testWithoutWorkforceDynamicsNothingChanges() {
        let spec = ModelDeterminismTests.busy(days: 60)
        XCTAssertFalse(spec.usesWorkforceDynamics)
        let r = ProbationModel(spec: spec, replication: 0).run()
        XCTAssertEqual(Set(r.timeSeries.metrics), Set(Metrics.stock + Metrics.flows + Metrics.pressure + Metrics.tiers + Metrics.practitioner))
        XCTAssertTrue(Self.busy().usesWorkforceDynamics)
        let with = ProbationModel(spec: Self.busy(), replication: 0).run()
        XCTAssertTrue(Set(Metrics.workforceStock + Metrics.workforceFlows).isSubset(of: Set(with.timeSeries.metrics)))
    }

    func testTheHalfIntakeScaleHalvesEveryIntake() {
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 0, 2: 0, 3: 0], days: 60)
        spec.workforce.pqip = PQiPSpec(intakes: [PQiPIntake(date: start.adding(days: 3), size: 101),
                                                 PQiPIntake(date: start.adding(days: 30), size: 40, scope: .pdu(3))],
                                       intakeScale: 0.5)
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        XCTAssertEqual(b["joiners_pqip"].reduce(0, +), 51 + 20)
        XCTAssertEqual(b["joiners_pqip", .pdu, "PDU three"].reduce(0, +), 20 + 10, "a national intake is split by practitioners: PDU three has 8 of 40")
    }
}
