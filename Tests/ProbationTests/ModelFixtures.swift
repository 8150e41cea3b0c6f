// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Small, hand-checkable worlds for model tests.
enum Fixtures {
    static let start = CivilDate(year: 2021, month: 6, day: 28)!   // a Monday
    static let national = "England and Wales"

    /// Every tier weight on one tier.
    static func only(_ tier: Tier) -> [Tier: Double] { [tier: 1] }

    /// The same tier weights for all three case types.
    static func mix(_ weights: [Tier: Double]) -> [CaseType: [Tier: Double]] {
        [.community: weights, .custody: weights, .licence: weights]
    }

    /// One region, one PDU, one team; deterministic lengths.
    static func toy(po: Int = 3, pso: Int = 2, pqip: Int = 0, spo: Int = 1,
                    sentencesPerWeek: Double = 5, days: Int = 364, custodyShare: Double = 0,
                    tier: Tier = .c2, communityDays: Double = 365, replications: Int = 1,
                    initial: InitialCaseloadSpec? = nil, levers: [Lever] = [],
                    workforce: WorkforceSpec = WorkforceSpec(),
                    levels: Set<OutputSpec.Level> = [.national, .region, .pdu, .team, .practitioner]) -> ModelSpec {
        let team = TeamSpec(name: "Toy team", staff: [.po: po, .pso: pso, .pqip: pqip, .spo: spo])
        let org = OrganisationSpec(regions: [RegionSpec(code: "Z", name: "Toy region",
                                                        pdus: [PDUSpec(number: 1, name: "Toy PDU", teams: [team])])])
        let demand = DemandSpec(sentencesPerWeek: [1: sentencesPerWeek])
        let cases = CaseSpec(custodyShare: custodyShare,
                             tierMix: [.community: only(tier), .custody: only(tier), .licence: only(tier)],
                             youngAdultShare: 0, femaleShare: 0.2,
                             communityLengthDays: .constant(communityDays),
                             custodyTimeToServeDays: .constant(200), licenceLengthDays: .constant(180))
        return ModelSpec(name: "toy", start: start, lengthDays: days, seed: 7, replications: replications,
                         organisation: org, demand: demand, cases: cases, initialCaseload: initial,
                         workforce: workforce, pointsTables: [Dated(start, .hmppsDefault)], levers: levers,
                         outputs: OutputSpec(cadence: .weekly, levels: levels, wmtSnapshot: .everyOutput))
    }

    /// Two regions; region R1 has PDUs 1 and 2 (two teams each), region R2 has
    /// PDU 3 (one team). Every team has the same staff.
    static func threePDUs(staff: [Grade: Int] = [.po: 4, .pso: 3, .pqip: 1, .spo: 1],
                          sentencesPerWeek: [Int: Double] = [1: 12, 2: 8, 3: 10],
                          days: Int = 364, seed: UInt64 = 11) -> ModelSpec {
        func team(_ name: String) -> TeamSpec { TeamSpec(name: name, staff: staff) }
        let org = OrganisationSpec(regions: [
            RegionSpec(code: "A", name: "Region one", pdus: [
                PDUSpec(number: 1, name: "PDU one", teams: [team("One A"), team("One B")]),
                PDUSpec(number: 2, name: "PDU two", teams: [team("Two A"), team("Two B")]),
            ]),
            RegionSpec(code: "B", name: "Region two", pdus: [
                PDUSpec(number: 3, name: "PDU three", teams: [team("Three A")]),
            ]),
        ])
        let weights: [Tier: Double] = [.a2: 1, .b2: 2, .b1: 2, .c3: 1, .c2: 3, .c1: 2, .d2: 1, .d0: 1]
        let cases = CaseSpec(custodyShare: 0, tierMix: mix(weights), youngAdultShare: 0.1, femaleShare: 0.2,
                             communityLengthDays: .gamma(shape: 2, scale: 90),
                             custodyTimeToServeDays: .constant(200), licenceLengthDays: .exponential(mean: 150))
        return ModelSpec(name: "three PDUs", start: start, lengthDays: days, seed: seed, replications: 1,
                         organisation: org, demand: DemandSpec(sentencesPerWeek: sentencesPerWeek), cases: cases,
                         pointsTables: [Dated(start, .hmppsDefault)],
                         outputs: OutputSpec(cadence: .weekly, levels: [.national, .region, .pdu, .team],
                                             wmtSnapshot: .everyOutput))
    }

    /// The points table with every case and report weighting multiplied by `k`
    /// (targets and hours unchanged).
    static func scaled(_ t: PointsTable, by k: Int) -> PointsTable {
        var s = t
        for c in CaseCategory.allCases { s[c] = t[c] * k }
        s.sdr = t.sdr * k
        s.fdr = t.fdr * k
        return s
    }
}

// MARK: reading results

/// Every series of a result, indexed once (`TimeSeriesTable.series` scans the
/// whole table on each call).
struct Book {
    let dates: [CivilDate]
    private var values: [OutputEntity: [String: [Double]]] = [:]

    init(_ r: ReplicationResult) {
        let t = r.timeSeries
        dates = t.dates
        var v: [Int: [Int: [Double]]] = [:]
        for i in 0..<t.rowCount {
            let e = Int(t.entity[i]), m = Int(t.metric[i])
            if v[e]?[m] == nil { v[e, default: [:]][m] = [Double](repeating: .nan, count: t.dates.count) }
            v[e]![m]![Int(t.dateIndex[i])] = t.value[i]
        }
        for (e, byMetric) in v {
            var named: [String: [Double]] = [:]
            for (m, series) in byMetric { named[t.metrics[m]] = series }
            values[t.entities[e]] = named
        }
    }

    /// A series; empty when the entity or metric was never written.
    subscript(_ metric: String, _ level: OutputSpec.Level, _ name: String) -> [Double] {
        values[OutputEntity(level: level, name: name)]?[metric] ?? []
    }

    subscript(_ metric: String) -> [Double] { self[metric, .national, Fixtures.national] }

    func has(_ level: OutputSpec.Level, _ name: String) -> Bool { values[OutputEntity(level: level, name: name)] != nil }

    /// The output index of a date.
    func index(of date: CivilDate) -> Int? { dates.firstIndex(of: date) }
}

extension ReplicationResult {
    /// A national series.
    func national(_ metric: String) -> [Double] {
        timeSeries.series(metric, entity: Fixtures.national, level: .national)
    }

    func series(_ metric: String, _ level: OutputSpec.Level, _ name: String) -> [Double] {
        timeSeries.series(metric, entity: name, level: level)
    }

    /// Snapshot rows by date, in output-date order.
    var snapshotsByDate: [(date: CivilDate, rows: [WMTSnapshotRow])] {
        var order: [CivilDate] = []
        var rows: [CivilDate: [WMTSnapshotRow]] = [:]
        for s in wmtSnapshots {
            if rows[s.date] == nil { order.append(s.date) }
            rows[s.date, default: []].append(s)
        }
        return order.map { ($0, rows[$0]!) }
    }

    /// The output index of a date.
    func index(of date: CivilDate) -> Int? { timeSeries.dates.firstIndex(of: date) }
}

extension WMTSnapshotRow {
    /// Cases of any type held at a risk letter (standard and T2A weightings).
    func cases(riskLetter: Character) -> Int {
        var n = 0
        for c in CaseCategory.allCases where c.tier.riskLetter == riskLetter { n += caseload.count(c) }
        return n
    }

    /// Every case held, counted from the 192 category columns.
    var casesHeld: Int { CaseCategory.allCases.reduce(0) { $0 + caseload.count($1) } }
}

/// Values equal, treating NaN as equal to NaN.
func sameValues(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

// MARK: stepping a run and checking its internal state

/// Runs a model event by event, so a test can inject events (deterministic
/// sentences) and check the model's internal bookkeeping as it goes.
final class Stepper {
    let model: ProbationModel
    /// Problems found by `audit`, with the time they were found.
    private(set) var problems: [String] = []

    init(_ spec: ModelSpec, replication: Int = 0) {
        model = ProbationModel(spec: spec, replication: replication)
        model.prepare()
    }

    var calendar: SimulationCalendar { model.calendar }

    /// The tick of a time of day on a date.
    func tick(_ date: CivilDate, _ hour: Int, _ minute: Int = 0) -> Tick {
        model.calendar.tick(at: date) + Tick(hour * 60 + minute)
    }

    /// Schedules one sentence at a PDU (by index) at a tick. Only for specs
    /// whose sentence rate is 0 at that PDU, or the extra event would start a
    /// second arrival chain.
    func sentence(pdu: Int = 0, at t: Tick) {
        model.engine.schedule(.sentence(pdu: Int32(pdu)), at: t, priority: .arrival)
    }

    /// Runs to the horizon (or `until`), auditing the model after every
    /// `auditEvery`-th event (0: never) and calling `before` and `after` with
    /// each event before and after the model handles it.
    @discardableResult
    func run(until: Tick? = nil, auditEvery: Int = 0,
             before: ((ProbationModel.Event) -> Void)? = nil,
             after: ((ProbationModel.Event) -> Void)? = nil) -> ReplicationResult {
        let end = until ?? model.horizon
        var n = 0
        while let (_, event) = model.engine.step(notAfter: end) {
            before?(event)
            model.handle(event)
            after?(event)
            n += 1
            if auditEvery > 0, n % auditEvery == 0, problems.isEmpty {
                let found = audit(model)
                if !found.isEmpty {
                    problems = ["after event \(n) (\(event)) at day \(Double(model.engine.now) / 1440):"] + found
                }
            }
        }
        if auditEvery > 0, problems.isEmpty {
            let found = audit(model)
            if !found.isEmpty { problems = ["at the end:"] + found }
        }
        return model.result()
    }
}

/// Everything that must hold of the model's bookkeeping at any moment between
/// events; returns what does not (at most a few lines).
func audit(_ m: ProbationModel) -> [String] {
    var out: [String] = []
    func fail(_ s: String) { if out.count < 12 { out.append(s) } }

    // Each live case is held by at most one practitioner, and exactly the one it names.
    var holder = [Int](repeating: -1, count: m.cases.count)
    var availableCache: [String: Int] = [:]
    var expected = [Int](repeating: 0, count: CaseCategory.count)
    for (p, s) in m.practitioners.enumerated() {
        if !s.active && !s.caseIndices.isEmpty { fail("inactive practitioner \(s.name) holds \(s.caseIndices.count) case(s)") }
        if !s.active && s.caseload.caseCount != 0 { fail("inactive practitioner \(s.name) has \(s.caseload.caseCount) cases in its Caseload") }
        if s.caseIndices.count != s.caseload.caseCount {
            fail("\(s.name): \(s.caseIndices.count) case indices but Caseload counts \(s.caseload.caseCount)")
        }
        for k in expected.indices { expected[k] = 0 }
        for ci in s.caseIndices {
            let i = Int(ci)
            if holder[i] >= 0 { fail("case \(i) is in the caseloads of \(m.practitioners[holder[i]].name) and \(s.name)") }
            holder[i] = p
            let c = m.cases[i]
            if !c.alive { fail("\(s.name) holds dead case \(i)") }
            if Int(c.practitioner) != p { fail("\(s.name) holds case \(i), which names practitioner \(c.practitioner)") }
            expected[c.category.index] += 1
            if s.active, !m.workforce.ruleSets[Int(s.wf.rules)].mayHold(c.type, c.tier) {
                fail("\(s.name) (\(s.grade)\(s.wf.restricted ? ", former CRC" : "")) holds a \(c.type) \(c.tier) case their rules may not hold")
            }
        }
        for k in expected.indices where expected[k] != s.caseload.count(atIndex: k) {
            fail("\(s.name): Caseload has \(s.caseload.count(atIndex: k)) \(CaseCategory(index: k).name) but holds \(expected[k])")
        }
        if s.workload != s.caseload.workloadPoints + s.extraPoints {
            fail("\(s.name): cached workload \(s.workload) ≠ Caseload's \(s.caseload.workloadPoints) + intervention points \(s.extraPoints)")
        }
        if s.caseload.workloadPoints != s.caseload.table.workloadPoints(of: s.caseload) {
            fail("\(s.name): running workload total \(s.caseload.workloadPoints) ≠ recomputed \(s.caseload.table.workloadPoints(of: s.caseload))")
        }
        if s.active {
            if s.caseload.table != m.points { fail("\(s.name) is weighed with a table other than the one in force") }
            let key = "\(s.grade) \(s.contracted) \(s.reduction)"
            let available = availableCache[key] ?? m.points.availablePoints(grade: s.grade, contractedHours: s.contracted, reductionHours: s.reduction)
            availableCache[key] = available
            if s.available != available { fail("\(s.name): available \(s.available) ≠ \(available)") }
            let expectedRules = m.ruleIndex(grade: s.grade, stage: s.wf.stage, restricted: s.wf.restricted)
            if Int(s.wf.rules) != expectedRules { fail("\(s.name): rule set \(s.wf.rules), expected \(expectedRules)") }
            if let cap = m.workforce.ruleSets[Int(s.wf.rules)].maxCases, s.caseIndices.count > cap {
                fail("\(s.name) holds \(s.caseIndices.count) cases, above the protected \(cap)")
            }
            if m.teams[s.team].members.filter({ $0 == p }).count != 1 { fail("\(s.name) is not a member of their team once") }
        } else if m.teams[s.team].members.contains(p) {
            fail("inactive \(s.name) is still a team member")
        }
        if s.caseload.sdrCount < 0 || s.caseload.fdrCount < 0 { fail("\(s.name) has negative report counts") }
    }

    // Cases: states that go together.
    var counts = [[Int]](repeating: [Int](repeating: 0, count: 48), count: m.pdus.count)
    var queued = [Int](repeating: 0, count: m.pdus.count)
    var liveRefs = [Int](repeating: 0, count: m.cases.count)
    for (p, pdu) in m.pdus.enumerated() {
        for r in pdu.queue {
            let c = m.cases[Int(r.index)]
            if c.alive && c.generation == r.generation && c.queued {
                if Int(c.pdu) != p { fail("case \(r.index) of PDU \(c.pdu) is in the queue of PDU \(p)") }
                liveRefs[Int(r.index)] += 1
            }
        }
    }
    let free = Set(m.freeCases.map(Int.init))
    for (i, c) in m.cases.enumerated() {
        if !c.alive {
            if !free.contains(i) { fail("dead case \(i) is not in the free list") }
            if holder[i] >= 0 { fail("dead case \(i) is held") }
            continue
        }
        if free.contains(i) { fail("live case \(i) is in the free list") }
        let p = Int(c.pdu)
        if c.practitioner >= 0 && holder[i] != Int(c.practitioner) {
            fail("case \(i) names practitioner \(c.practitioner), who does not hold it")
        }
        if c.practitioner < 0 && holder[i] >= 0 { fail("case \(i) is held by \(holder[i]) but names nobody") }
        if c.onCaseload {
            counts[p][c.type.index * 16 + c.tier.wmtColumnIndex] += 1
            if !c.queued && c.practitioner < 0 { fail("case \(i) is on the caseload, neither queued nor held") }
        } else {
            if c.type != .custody { fail("case \(i) is off the caseload but is \(c.type)") }
            if c.queued || c.practitioner >= 0 { fail("case \(i) is off the caseload but queued or held") }
        }
        if c.queued {
            queued[p] += 1
            if c.practitioner >= 0 { fail("case \(i) is both queued and held by \(m.practitioners[Int(c.practitioner)].name)") }
            if liveRefs[i] != 1 { fail("queued case \(i) has \(liveRefs[i]) live entries in its PDU queue") }
        }
    }
    for p in m.pdus.indices {
        if m.pdus[p].counts != counts[p] { fail("PDU \(m.pdus[p].number): caseload counts differ from the live cases") }
        if m.pdus[p].unallocated != queued[p] {
            fail("PDU \(m.pdus[p].number): unallocated \(m.pdus[p].unallocated) but \(queued[p]) cases are queued")
        }
    }
    // Computed tiering: the tier mix kept up to date is the mix counted afresh from the cases.
    if m.tieringState != nil, m.tierMixByPDU() != m.tierMixRecounted() {
        fail("tier mix kept \(m.tierMixByPDU().reduce(0, +)) entries, recounted \(m.tierMixRecounted().reduce(0, +))")
    }
    return out
}

/// Tiers handed out in a fixed order (then the last one forever), so a test
/// knows the tier of each case it injects.
final class ScriptedTiers: TieringModel {
    var tiers: [Tier]
    private var next = 0
    init(_ tiers: [Tier]) { self.tiers = tiers }
    func tier(for type: CaseType, _ stream: RandomStream) -> Tier {
        defer { next += 1 }
        return tiers[min(next, tiers.count - 1)]
    }
}

extension Stepper {
    /// Scripts the tiers of the next sentences.
    func script(_ tiers: [Tier]) { model.tiering = ScriptedTiers(tiers) }

    /// `n` sentences at one time (minute by minute from it, so their order is the order given).
    func sentences(_ n: Int, pdu: Int = 0, at t: Tick) {
        for k in 0..<n { sentence(pdu: pdu, at: t + Tick(k)) }
    }
}
