// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

final class InterventionConservationTests: XCTestCase {
    typealias F = InterventionFixtures

    /// Everything random switched on: stand-downs, non-attendance with
    /// enforcement and breach, ETE, intensive workers, extensions, a day-0
    /// backlog, programmes and services.
    static func busy(days: Int = 364) -> ModelSpec {
        var upw = F.upw(supervisors: 3, peoplePerSupervisor: 6, weeklyHours: 14, hours: .uniform(lower: 40, upper: 200),
                        share: 0.5, startAfter: 10, windowDays: 180)
        upw.intensiveShare = 0.1
        upw.eteShare = 0.3
        upw.standDownRate = 0.1
        upw.nonAttendanceRate = 0.15
        upw.extensionShare = 0.5
        upw.extensionDays = 60
        upw.enforcement = EnforcementSpec(hours: 1, windowDays: 14, breachShare: 0.2, breachHours: 3)
        upw.backlog = UPWBacklogSpec(people: ["Z": 60], hours: .uniform(lower: 10, upper: 150), startedShare: 0.5,
                                     pastWindowShare: 0.3, remainingDays: .uniform(lower: 1, upper: 200))
        let ap = ProgrammeSpec(share: 0.2, readyAfterDays: .exponential(mean: 30), sessions: 10, sessionsPerWeek: 2,
                               groupSize: 8, minimumGroup: 4, dropoutPerSession: 0.02)
        let si = ProgrammeSpec(share: 0.2, readyAfterDays: .uniform(lower: 10, upper: 40), sessions: 6, sessionsPerWeek: 1,
                               groupSize: 6, minimumGroup: 3, dropoutPerSession: 0.03)
        let lots = [
            ServiceLotSpec(name: "accommodation", referralShareMale: 0.2, referralShareFemale: 0.3, capacity: ["Z": 3],
                           durationDays: .exponential(mean: 60)),
            ServiceLotSpec(name: "ete", referralShareMale: 0.2, referralShareFemale: 0.2, capacity: [:], missing: ["Z"],
                           durationDays: .constant(60), coverHours: 4, coverDays: 28),
        ]
        let levers = [
            InterventionLever(date: Fixtures.start.adding(days: 100), change: .supervisors(.scale(2))),
            InterventionLever(date: Fixtures.start.adding(days: 150), change: .groupSize(5)),
            InterventionLever(date: Fixtures.start.adding(days: 200), change: .facilitators(.add(-1))),
        ]
        var spec = F.toy(InterventionsSpec(unpaidWork: upw,
                                           programmes: ProgrammesSpec(facilitators: ["Z": 3], groupsPerFacilitator: 1,
                                                                      accredited: ap, structured: si),
                                           services: lots, levers: levers),
                         sentencesPerWeek: 8, days: days, communityDays: 200)
        spec.cases.custodyShare = 0.3
        spec.cases.communityLengthDays = .uniform(lower: 60, upper: 400)
        spec.workforce = WorkforceSpec(leavingRatePerYear: [.po: 0.5, .pso: 0.5], replaceLeavers: true, recruitmentLeadTimeDays: 30)
        return spec
    }

    /// Hours ordered (day-0 backlog included) = worked + outstanding + written
    /// off, exactly (whole minutes), at every output date; the running
    /// counters match the records; and the written series add up the same way.
    func testUnpaidWorkHoursAreConservedAtEveryOutputDate() {
        for replication in 1...3 {
            let s = Stepper(Self.busy(), replication: replication)
            var checked = 0
            let result = s.run(auditEvery: 997, after: { event in
                guard case .output = event else { return }
                let iv = s.model.interventionState!
                let outstanding = iv.regions.reduce(0) { $0 + $1.upwOutstanding }
                XCTAssertEqual(iv.totalOrdered, iv.totalWorked + outstanding + iv.totalWrittenOff)
                let fromRecords = iv.upw.reduce(0) { $0 + ($1.done ? 0 : Int($1.outstanding)) }
                XCTAssertEqual(outstanding, fromRecords)
                let written = iv.upw.reduce(0) { $0 + ($1.done ? Int($1.outstanding) : 0) }
                XCTAssertEqual(written, iv.totalWrittenOff)
                let waiting = iv.upw.filter { !$0.done && !$0.started }.count
                let active = iv.upw.filter { !$0.done && $0.started }.count
                XCTAssertEqual(iv.regions[0].upwWaiting, waiting)
                XCTAssertEqual(iv.regions[0].upwActive, active)
                let past = iv.upw.filter { !$0.done && $0.pastWindow }
                XCTAssertEqual(iv.regions[0].upwPastWindowPeople, past.count)
                XCTAssertEqual(iv.regions[0].upwPastWindowOutstanding, past.reduce(0) { $0 + Int($1.outstanding) })
                let initial = iv.upw.filter { !$0.done && $0.initial }
                XCTAssertEqual(iv.regions[0].upwInitialOutstanding, initial.reduce(0) { $0 + Int($1.outstanding) })
                checked += 1
            })
            XCTAssertEqual(s.problems, [])
            XCTAssertEqual(checked, result.timeSeries.dates.count)
            let b = Book(result)
            let start = s.model.interventionState!.upw.filter(\.initial).reduce(0) { $0 + Double($1.ordered) } / 60
            var ordered = start, worked = 0.0, writtenOff = 0.0
            for d in b.dates.indices {
                ordered += b["upw_hours_ordered"][d]
                worked += b["upw_hours_worked"][d]
                writtenOff += b["upw_hours_written_off"][d]
                XCTAssertEqual(ordered, worked + b["upw_hours_outstanding"][d] + writtenOff, accuracy: 1e-6, "date \(d)")
            }
            XCTAssertGreaterThan(b["upw_hours_written_off"].reduce(0, +), 0)
            XCTAssertGreaterThan(b["upw_extensions"].reduce(0, +), 0)
            XCTAssertGreaterThan(b["upw_stand_downs"].reduce(0, +), 0)
            XCTAssertGreaterThan(b["upw_breaches"].reduce(0, +), 0)
            XCTAssertGreaterThan(b["upw_ete_hours_worked"].reduce(0, +), 0)
            XCTAssertGreaterThan(b["ap_completed"].reduce(0, +), 0)
            XCTAssertGreaterThan(b["si_completed"].reduce(0, +), 0)
        }
    }

    /// Two regions, everything random in unpaid work switched on: across each session day, what
    /// each region's counters gain (minutes worked, minutes worked as ETE, non-attendances) is
    /// what its own records show (a session day adds its minutes to the region's counters once,
    /// after its bookings); the open counts match the records after every day; and the most
    /// minutes anyone worked in a week is the largest week seen in the records after any day.
    func testSessionDaysCountPerRegionWhatTheRecordsShow() {
        var spec = Fixtures.threePDUs(sentencesPerWeek: [1: 10, 2: 6, 3: 8], days: 300)
        var upw = InterventionFixtures.upw(hours: .uniform(lower: 40, upper: 200), share: 0.6, startAfter: 5, windowDays: 150)
        upw.supervisors = ["A": 2, "B": 1]
        upw.peoplePerSupervisor = 4
        upw.weeklyHours = 14
        upw.intensiveShare = 0.2
        upw.eteShare = 0.4
        upw.standDownRate = 0.1
        upw.nonAttendanceRate = 0.2
        upw.extensionShare = 0.5
        upw.extensionDays = 60
        upw.enforcement = EnforcementSpec(hours: 1, windowDays: 14, breachShare: 0.3, breachHours: 2)
        upw.backlog = UPWBacklogSpec(people: ["A": 40, "B": 25], hours: .uniform(lower: 10, upper: 150), startedShare: 0.5,
                                     pastWindowShare: 0.3, remainingDays: .uniform(lower: 1, upper: 200))
        spec.interventions = InterventionsSpec(unpaidWork: upw)
        let s = Stepper(spec, replication: 3)
        var workedBefore: [Int32] = [], eteBefore: [Int32] = []
        var flowBefore: [InterventionFlow] = []
        var largestWeek = 0, days = 0, attendances = 0, nonAttendances = 0, eteMinutes = 0
        s.run(before: { event in
            guard case .interventions(.upwSessionDay) = event else { return }
            let iv = s.model.interventionState!
            workedBefore = iv.upw.map(\.worked)
            eteBefore = iv.upw.map(\.eteAllowance)
            flowBefore = iv.regions.map(\.flow)
        }, after: { event in
            guard case .interventions(.upwSessionDay) = event else { return }
            let iv = s.model.interventionState!
            XCTAssertEqual(iv.upw.count, workedBefore.count, "a session day adds no requirement")
            let today = Int32(s.model.calendar.dayNumber(at: s.model.engine.now))
            let n = iv.regions.count
            var worked = [Int](repeating: 0, count: n), ete = worked, attended = worked, failed = worked
            for (i, r) in iv.upw.enumerated() {
                let g = Int(r.region)
                worked[g] += Int(r.worked - workedBefore[i])
                ete[g] += Int(eteBefore[i] - r.eteAllowance)
                // Booked today: every booking that was attended credited at least a minute.
                if r.lastDay == today {
                    if r.worked > workedBefore[i] { attended[g] += 1 } else { failed[g] += 1 }
                } else {
                    XCTAssertEqual(r.worked, workedBefore[i], "worked without a booking")
                }
                largestWeek = max(largestWeek, Int(r.weekMinutes))
            }
            for g in 0..<n {
                let flow = iv.regions[g].flow, before = flowBefore[g]
                XCTAssertEqual(flow.upwWorked - before.upwWorked, worked[g], "region \(g), day \(today)")
                XCTAssertEqual(flow.upwETE - before.upwETE, ete[g], "region \(g), day \(today)")
                XCTAssertEqual(flow.upwNonAttendances - before.upwNonAttendances, failed[g], "region \(g), day \(today)")
                let open = iv.upw.filter { Int($0.region) == g && !$0.done }
                XCTAssertEqual(iv.regions[g].upwOutstanding, open.reduce(0) { $0 + Int($1.outstanding) })
                XCTAssertEqual(iv.regions[g].upwInitialOutstanding, open.filter(\.initial).reduce(0) { $0 + Int($1.outstanding) })
                XCTAssertEqual(iv.regions[g].upwPastWindowOutstanding, open.filter(\.pastWindow).reduce(0) { $0 + Int($1.outstanding) })
                XCTAssertEqual(iv.regions[g].upwPastWindowPeople, open.filter(\.pastWindow).count)
                XCTAssertEqual(iv.regions[g].upwWaiting, open.filter { !$0.started }.count)
                XCTAssertEqual(iv.regions[g].upwActive, open.filter(\.started).count)
            }
            XCTAssertEqual(iv.totalWorked, iv.upw.reduce(0) { $0 + Int($1.worked) })
            XCTAssertEqual(iv.maxWeekMinutes, largestWeek)
            attendances += attended.reduce(0, +); nonAttendances += failed.reduce(0, +); eteMinutes += ete.reduce(0, +)
            days += 1
        })
        XCTAssertGreaterThan(days, 150)
        XCTAssertGreaterThan(nonAttendances, 0)
        XCTAssertGreaterThan(attendances, nonAttendances)
        XCTAssertGreaterThan(eteMinutes, 0)
        let iv = s.model.interventionState!
        for g in 0..<2 {
            XCTAssertTrue(iv.upw.contains { Int($0.region) == g && $0.done }, "region \(g) completes requirements")
            XCTAssertTrue(iv.upw.contains { Int($0.region) == g && !$0.initial && $0.worked > 0 }, "region \(g) works")
        }
    }

    /// People are conserved in programmes and services too: everyone referred
    /// is waiting, in a group, completed, dropped out or expired.
    func testProgrammePeopleAreConserved() {
        let s = Stepper(Self.busy(), replication: 2)
        s.run(after: { event in
            guard case .output = event else { return }
            let iv = s.model.interventionState!
            for kind in [ProgrammeKind.accredited, .structured] {
                let records = iv.programmes.filter { $0.kind == kind }
                XCTAssertEqual(iv.regions[0].waiting[kind.rawValue], records.filter { $0.state == .waiting }.count)
                XCTAssertEqual(iv.regions[0].inGroups[kind.rawValue], records.filter { $0.state == .inGroup }.count)
            }
            let running = iv.groups.filter { !$0.members.isEmpty }
            XCTAssertEqual(iv.regions[0].groupsRunning, running.count)
            XCTAssertEqual(iv.regions[0].slotsInUse, running.reduce(0) { $0 + $1.slots })
            for lot in iv.spec.services.indices {
                let records = iv.services.filter { $0.lot == Int32(lot) }
                XCTAssertEqual(iv.regions[0].lotWaiting[lot], records.filter { $0.state == .waiting }.count)
                XCTAssertEqual(iv.regions[0].lotInService[lot], records.filter { $0.state == .inService }.count)
                XCTAssertLessThanOrEqual(iv.regions[0].lotInService[lot], iv.regions[0].lotCapacity[lot])
            }
        })
    }

    /// Without interventions, and with an empty interventions block, the time
    /// series are exactly as before; unpaid work and programmes that create no
    /// practitioner work leave every other metric exactly as it was (they draw
    /// from their own streams).
    func testOutputsAreUnchangedWithoutInterventions() {
        let base = Fixtures.threePDUs(days: 182)
        let before = ProbationModel(spec: base, replication: 1).run()
        var empty = base
        empty.interventions = InterventionsSpec()
        let withEmpty = ProbationModel(spec: empty, replication: 1).run()
        XCTAssertEqual(before.timeSeries.metrics, withEmpty.timeSeries.metrics)
        XCTAssertEqual(before.timeSeries.entities, withEmpty.timeSeries.entities)
        XCTAssertEqual(before.timeSeries.dateIndex, withEmpty.timeSeries.dateIndex)
        XCTAssertEqual(before.timeSeries.metric, withEmpty.timeSeries.metric)
        XCTAssertTrue(sameValues(before.timeSeries.value, withEmpty.timeSeries.value))
        XCTAssertEqual(before.events, withEmpty.events)

        var quiet = base
        var upw = InterventionFixtures.upw(hours: .uniform(lower: 40, upper: 200), share: 0.4, startAfter: 10)
        upw.supervisors = ["A": 2, "B": 1]
        upw.nonAttendanceRate = 0.1   // enforcement hours 0: no practitioner work
        quiet.interventions = InterventionsSpec(
            unpaidWork: upw,
            programmes: ProgrammesSpec(facilitators: ["A": 2, "B": 2],
                                       accredited: ProgrammeSpec(share: 0.1, sessions: 8, minimumGroup: 3)))
        let withUPW = ProbationModel(spec: quiet, replication: 1).run()
        let b0 = Book(before), b1 = Book(withUPW)
        XCTAssertEqual(b0.dates, b1.dates)
        for entity in before.timeSeries.entities {
            for m in before.timeSeries.metrics {
                XCTAssertTrue(sameValues(b0[m, entity.level, entity.name], b1[m, entity.level, entity.name]), "\(m) of \(entity.name)")
            }
        }
        XCTAssertGreaterThan(b1["upw_hours_worked"].reduce(0, +), 0)
        XCTAssertFalse(withUPW.timeSeries.entities.contains { $0.level == .pdu && b1.has(.pdu, $0.name) && !b1["upw_hours_worked", .pdu, $0.name].isEmpty },
                       "intervention metrics are written at national and region level only")
    }
}
