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
