// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

/// The metrics a run writes, by name. `docs/metrics.md` defines each one.
public enum Metrics {
    /// Stock metrics written at every level from national to team.
    public static let stock = [
        "caseload", "caseload_community", "caseload_licence", "caseload_custody",
        "workload_points", "available_points", "capacity_pct",
        "practitioners_over_100", "practitioners_over_110", "excessive_workload",
        "staff_in_post", "staff_in_post_po", "staff_in_post_pso", "staff_in_post_pqip", "staff_in_post_spo",
    ]
    /// Queue and flow metrics, written at national, region and PDU level
    /// (flows count what happened since the previous output date).
    public static let flows = [
        "unallocated", "arrivals", "terminations", "allocations", "reallocations",
        "mean_days_to_allocation", "mean_working_days_to_allocation", "allocated_within_5wd_pct",
        "court_reports", "joiners", "leavers",
    ]
    /// Workforce stock (docs/workforce.md), written after the stock metrics at
    /// every level from national to team when the scenario uses workforce
    /// dynamics (`ModelSpec.usesWorkforceDynamics`).
    public static let workforceStock = [
        "staff_in_post_pqip_stage1", "staff_in_post_pqip_stage2", "staff_in_post_pqip_stage3", "staff_in_post_nqo",
        "fte", "fte_po", "fte_pso", "fte_pqip", "fte_spo",
        "fte_pqip_stage1", "fte_pqip_stage2", "fte_pqip_stage3", "fte_nqo",
        "vacancies", "vacancies_po", "vacancies_pso", "vacancies_spo", "vacancy_pct_po",
        "trainees_per_spo", "supervision_hours", "former_crc_restricted",
        "staff_in_post_band4", "fte_band4", "staff_in_post_band3", "fte_band3",
    ]
    /// Workforce flows, written after the flow metrics (national, region, PDU)
    /// under the same condition.
    public static let workforceFlows = [
        "joiners_po", "joiners_pso", "joiners_pqip", "joiners_spo",
        "leavers_po", "leavers_pso", "leavers_pqip", "leavers_spo",
        "qualifications", "qualified_posted_elsewhere", "progressions", "withdrawals",
    ]
    /// Pressure by grade and on allocation (docs/metrics.md, "Grades and
    /// allocation under pressure"), written after the flows at national,
    /// region and PDU level.
    public static let pressure = [
        "mean_caseload_po", "mean_caseload_pso", "mean_caseload_pqip",
        "capacity_pct_po", "capacity_pct_pso", "capacity_pct_pqip",
        "po_only_share", "people_on_probation", "prisoners_awaiting_handover",
        "unallocated_over_5wd", "allocation_target_due", "allocations_holder_over_100", "allocations_holder_over_110", "allocations_above_cap",
        "releases", "early_releases",
    ]
    /// Caseload by tier: `caseload_tier_A3` … `caseload_tier_D0`.
    public static let tiers = Tier.allCases.map { "caseload_tier_\($0.rawValue)" }
    /// Computed tiering (docs/tiering.md): reassessments, changes of the tier that weighs
    /// cases by direction, and reallocations they caused; national, region and PDU level.
    public static let tieringFlows = ["reassessments", "tier_changes_up", "tier_changes_down", "tier_change_reallocations"]
    /// Computed tiering: the caseload's tiers by each calculator, national (and below with
    /// `tier_breakdown_below_national`).
    public static let tieringMix = Tier.allCases.map { "caseload_v2_\($0.rawValue)" } + ["caseload_v2_unsupervised"]
        + TierV3.tiers.map { "caseload_v3_\($0.name)" } + ["caseload_v3_missing", "caseload_v3_provisional"]
    /// Written for each practitioner when the practitioner level is on.
    public static let practitioner = ["caseload", "workload_points", "available_points", "capacity_pct"]
}

/// Up to eight numbers held in the struct itself: the per-grade (4), per-case-type (3) and
/// per-stage (5) figures of the output totals, without a heap buffer each (`StockTotals` had
/// nine arrays, each allocated, retained, released and freed for every team, PDU and region
/// on every output date).
struct Fixed8<T: AdditiveArithmetic> {
    private var v: (T, T, T, T, T, T, T, T) = (.zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero)

    init() {}

    subscript(i: Int) -> T {
        @inline(__always) get {
            precondition(i >= 0 && i < 8, "Fixed8: index \(i)")
            return withUnsafeBytes(of: v) { $0.load(fromByteOffset: i &* MemoryLayout<T>.stride, as: T.self) }
        }
        @inline(__always) set {
            precondition(i >= 0 && i < 8, "Fixed8: index \(i)")
            withUnsafeMutableBytes(of: &v) { $0.storeBytes(of: newValue, toByteOffset: i &* MemoryLayout<T>.stride, as: T.self) }
        }
    }

    /// The first `n` added in order from zero: `reduce(0, +)` over an array of them, so a sum
    /// of `Double`s rounds the same.
    func sum(_ n: Int) -> T {
        var s = T.zero
        for i in 0..<n { s += self[i] }
        return s
    }
}

/// The column (index in `TimeSeriesTable.metrics`) of every metric of `Metrics`' lists, in
/// each list's order (-1: not registered in this run), looked up once by `registerOutputs`:
/// the write functions put values by column instead of hashing a metric name for each value.
struct MetricColumns {
    var stock: [Int] = []
    var flows: [Int] = []
    var workforceStock: [Int] = []
    var workforceFlows: [Int] = []
    var pressure: [Int] = []
    var tiers: [Int] = []
    var tieringFlows: [Int] = []
    var tieringMix: [Int] = []
    var practitioner: [Int] = []

    init() {}

    init(_ index: [String: Int]) {
        func columns(_ names: [String]) -> [Int] { names.map { index[$0] ?? -1 } }
        stock = columns(Metrics.stock); flows = columns(Metrics.flows)
        workforceStock = columns(Metrics.workforceStock); workforceFlows = columns(Metrics.workforceFlows)
        pressure = columns(Metrics.pressure); tiers = columns(Metrics.tiers)
        tieringFlows = columns(Metrics.tieringFlows); tieringMix = columns(Metrics.tieringMix)
        practitioner = columns(Metrics.practitioner)
    }
}

extension ProbationModel {
    static func outputDates(spec: ModelSpec, calendar: SimulationCalendar) -> [CivilDate] {
        var dates: [CivilDate] = []
        let end = spec.start.adding(days: spec.lengthDays)
        switch spec.outputs.cadence {
        case .weekly:
            var d = spec.start.adding(days: 7)
            while d <= end { dates.append(d); d = d.adding(days: 7) }
        case .monthly:
            var d = spec.start.startOfNextMonth
            while d <= end { dates.append(d); d = d.startOfNextMonth }
        }
        if dates.last != end { dates.append(end) }
        return dates
    }

    static func snapshotDates(spec: ModelSpec, outputDates: [CivilDate]) -> Set<CivilDate> {
        switch spec.outputs.wmtSnapshot {
        case .none: return []
        case .final: return outputDates.last.map { [$0] } ?? []
        case .everyOutput: return Set(outputDates)
        case .monthly, .quarterly:
            // The first output date in each month (or quarter), and the last.
            var seen = Set<Int>()
            var out = Set<CivilDate>()
            for d in outputDates {
                let key = spec.outputs.wmtSnapshot == .monthly ? d.year * 12 + d.month : d.year * 4 + (d.month - 1) / 3
                if seen.insert(key).inserted { out.insert(d) }
            }
            if let last = outputDates.last { out.insert(last) }
            return out
        }
    }

    func registerOutputs() {
        let wf = spec.usesWorkforceDynamics
        var names = Metrics.stock + (wf ? Metrics.workforceStock : []) + Metrics.flows
            + (wf ? Metrics.workforceFlows : []) + Metrics.pressure + Metrics.tiers
        for m in Metrics.practitioner where !names.contains(m) { names.append(m) }
        if tieringState != nil { names += Metrics.tieringFlows + Metrics.tieringMix }
        if let iv = interventionState { iv.metricBase = names.count; names += iv.metricNames }
        table.metrics = names
        for (i, m) in names.enumerated() { metricIndex[m] = i }
        metricColumns = MetricColumns(metricIndex)
        // The fixed-size totals (`Fixed8`) count grades, case types and stages by index.
        precondition(Grade.allCases.count == StockTotals.grades && Grade.allCases.map(\.index) == [0, 1, 2, 3]
                     && CaseType.allCases.count == StockTotals.types && CaseType.allCases.map(\.index) == [0, 1, 2]
                     && WorkforceStage.allCases.count <= 8 && Self.tierColumns == Array(0..<16),
                     "registerOutputs: the output totals' grades, case types, stages or tiers changed")
        func entity(_ level: OutputSpec.Level, _ name: String) {
            let e = OutputEntity(level: level, name: name)
            if entityIndex[e] == nil { entityIndex[e] = table.entities.count; table.entities.append(e) }
        }
        let levels = spec.outputs.levels
        if levels.contains(.national) { entity(.national, Self.nationalName) }
        if levels.contains(.region) { for r in regions { entity(.region, r.name) } }
        if levels.contains(.pdu) { for p in pdus { entity(.pdu, p.name) } }
        if levels.contains(.team) { for t in teams { entity(.team, t.name) } }
    }

    static let nationalName = "England and Wales"

    func weeklyCheck() {
        // Every practitioner's record, in order, once a week: each was a cache miss (the
        // records are 256 bytes apart and cold since last week). Through the buffer, starting
        // to load the record eight ahead (its first line: all that is read here), with
        // `isOver(p, 110)` written out (the same arithmetic) since the buffer is held.
        practitioners.withUnsafeMutableBufferPointer { ps in
            guard let base = ps.baseAddress else { return }
            let n = ps.count
            for p in 0..<n {
                if p &+ 8 < n { prefetchForReading(base + (p &+ 8)) }
                guard base[p].active else { continue }
                let a = base[p].available
                let over = a > 0 ? Double(base[p].workload) / Double(a) * 100 > 110 : base[p].workload > 0
                if over { base[p].weeksOver110 += 1 } else { base[p].weeksOver110 = 0 }
            }
        }
        observeWeek()
    }

    /// Whether a practitioner's capacity is over `percent`. One with no
    /// available points has no capacity figure (reductions take all their
    /// hours, or an SPO): they count as over only if they hold workload anyway.
    func isOver(_ p: Int, _ percent: Double) -> Bool {
        practitioners[p].available > 0 ? capacity(p) > percent : practitioners[p].workload > 0
    }

    /// Aggregates of practitioner-level stock over a set of practitioners.
    struct StockTotals {
        var workload = 0
        var available = 0
        var over100 = 0
        var over110 = 0
        var excessive = 0
        /// Staff in post by grade (`Grade.index`, 4), cases held by type (`CaseType.index`, 3).
        var staff = Fixed8<Int>()
        var held = Fixed8<Int>()
        /// Cases held, workload and available points by grade.
        var gradeCases = Fixed8<Int>()
        var gradeWorkload = Fixed8<Int>()
        var gradeAvailable = Fixed8<Int>()
        /// Stages, FTE, establishment (Workforce.swift).
        var wf = WorkforceTotals()

        static let grades = 4, types = 3

        mutating func add(_ o: StockTotals) {
            wf.add(o.wf)
            workload += o.workload; available += o.available; over100 += o.over100; over110 += o.over110
            excessive += o.excessive
            for g in 0..<Self.grades { staff[g] += o.staff[g] }
            for t in 0..<Self.types { held[t] += o.held[t] }
            for g in 0..<Self.grades {
                gradeCases[g] += o.gradeCases[g]; gradeWorkload[g] += o.gradeWorkload[g]; gradeAvailable[g] += o.gradeAvailable[g]
            }
        }
    }

    /// Stock totals over `members`. Cases held by type (`held`: 96 counts of the
    /// practitioner's row of the caseload table, six cache lines) are only written at team
    /// level, so they are summed only when `byType` is set. Cases held come from the record's running
    /// total (`caseCount`), not the case list's count (a cache miss on the list's buffer).
    func stock(of members: [Int], byType: Bool) -> StockTotals {
        var s = StockTotals()
        let types = CaseType.allCases
        for p in members {
            let g = practitioners[p].grade.index
            let workload = practitioners[p].workload
            s.staff[g] += 1
            guard gradeRules[g].holdsCases || workload > 0 else { continue }
            s.workload += workload
            s.available += practitioners[p].available
            assert(practitioners[p].caseCount == Int(practitioners[p].caseList.pointee.count), "practitioner \(p): cases held")
            s.gradeCases[g] += practitioners[p].caseCount
            s.gradeWorkload[g] += workload
            s.gradeAvailable[g] += practitioners[p].available
            if isOver(p, 100) { s.over100 += 1 }
            if isOver(p, 110) { s.over110 += 1 }
            if practitioners[p].weeksOver110 >= 4 { s.excessive += 1 }
            if byType { for t in types { s.held[t.index] += practitioners[p].cases(of: t) } }
        }
        return s
    }

    func recordOutput(_ di: Int) {
        let levels = spec.outputs.levels
        let date = outputDates[di]
        creditCoversForOutput()
        countLateWaits()
        // Cases held by type are written only at team level (above it the PDUs' counts are).
        let byType = levels.contains(.team)
        // Teams by index, not `enumerated()`: each copy of a team's record retained and released its arrays.
        var teamStock: [StockTotals] = []
        teamStock.reserveCapacity(teams.count)
        for ti in teams.indices {
            var s = stock(of: teams[ti].members, byType: byType)
            if workforce.outputs { s.wf = workforceTotals(team: ti) }
            teamStock.append(s)
        }
        var pduStock = [StockTotals](repeating: StockTotals(), count: pdus.count)
        for ti in teams.indices { pduStock[teams[ti].pdu].add(teamStock[ti]) }
        var regionStock = [StockTotals](repeating: StockTotals(), count: regions.count)
        var regionFlow = [Flow](repeating: Flow(), count: regions.count)
        var regionCounts = [[Int]](repeating: [Int](repeating: 0, count: pdus.first?.counts.count ?? 0), count: regions.count)
        var regionUnallocated = [Int](repeating: 0, count: regions.count)
        for (pi, p) in pdus.enumerated() {
            regionStock[p.region].add(pduStock[pi])
            regionFlow[p.region].add(p.flow)
            regionUnallocated[p.region] += p.unallocated
            for k in p.counts.indices { regionCounts[p.region][k] += p.counts[k] }
        }
        var nationalStock = StockTotals(), nationalFlow = Flow(), nationalUnallocated = 0
        var nationalCounts = [Int](repeating: 0, count: pdus.first?.counts.count ?? 0)
        for r in regions.indices {
            nationalStock.add(regionStock[r]); nationalFlow.add(regionFlow[r]); nationalUnallocated += regionUnallocated[r]
            for k in regionCounts[r].indices { nationalCounts[k] += regionCounts[r][k] }
        }
        runFlow.add(nationalFlow)
        let mix = tieringState == nil ? nil : tierMixByPDU()

        if levels.contains(.national) {
            let e = entityIndex[OutputEntity(level: .national, name: Self.nationalName)]!
            writeStock(di, e, nationalStock, caseCounts: nationalCounts)
            writeFlow(di, e, nationalFlow, unallocated: nationalUnallocated)
            writePressure(di, e, nationalStock, nationalFlow, counts: nationalCounts, pdus: pdus.indices)
            writeTiers(di, e, nationalCounts)
            if let mix { writeTiering(di, e, nationalFlow, mix: mix, pdus: pdus.indices) }
            writeInterventions(di, e, region: nil)
        }
        if levels.contains(.region) {
            for (ri, r) in regions.enumerated() {
                let e = entityIndex[OutputEntity(level: .region, name: r.name)]!
                writeStock(di, e, regionStock[ri], caseCounts: regionCounts[ri])
                writeFlow(di, e, regionFlow[ri], unallocated: regionUnallocated[ri])
                writePressure(di, e, regionStock[ri], regionFlow[ri], counts: regionCounts[ri], pdus: r.pdus)
                if spec.outputs.tierBreakdownBelowNational { writeTiers(di, e, regionCounts[ri]) }
                if let mix { writeTiering(di, e, regionFlow[ri], mix: spec.outputs.tierBreakdownBelowNational ? mix : nil, pdus: r.pdus) }
                writeInterventions(di, e, region: ri)
            }
        }
        if levels.contains(.pdu) {
            for (pi, p) in pdus.enumerated() {
                let e = entityIndex[OutputEntity(level: .pdu, name: p.name)]!
                writeStock(di, e, pduStock[pi], caseCounts: p.counts)
                writeFlow(di, e, p.flow, unallocated: p.unallocated)
                writePressure(di, e, pduStock[pi], p.flow, counts: p.counts, pdus: [pi])
                if spec.outputs.tierBreakdownBelowNational { writeTiers(di, e, p.counts) }
                if let mix { writeTiering(di, e, p.flow, mix: spec.outputs.tierBreakdownBelowNational ? mix : nil, pdus: [pi]) }
            }
        }
        if levels.contains(.team) {
            for ti in teams.indices {
                let e = entityIndex[OutputEntity(level: .team, name: teams[ti].name)]!
                writeStock(di, e, teamStock[ti], caseCounts: nil)
            }
        }
        if levels.contains(.practitioner) {
            for p in practitioners.indices where practitioners[p].active {
                let x = practitioners[p]
                let key = OutputEntity(level: .practitioner, name: x.name)
                let e: Int
                if let k = entityIndex[key] { e = k } else { e = table.entities.count; entityIndex[key] = e; table.entities.append(key) }
                let c = metricColumns.practitioner
                put(di, e, c[0], "caseload", Double(x.caseList.pointee.count))
                put(di, e, c[1], "workload_points", Double(x.workload))
                put(di, e, c[2], "available_points", Double(x.available))
                put(di, e, c[3], "capacity_pct", x.available > 0 ? capacity(p) : .nan)
            }
        }
        teamStock.removeAll()
        for p in pdus.indices { pdus[p].flow = Flow() }
        resetInterventionFlows()
        if snapshotDates.contains(date) {
            // Room for a row per practitioner (in post or not) on every snapshot date, made once.
            if snapshots.isEmpty { snapshots.reserveCapacity(practitioners.count * snapshotDates.count) }
            // Fields one by one: copying a practitioner's record retains and releases all it holds.
            for p in practitioners.indices where practitioners[p].active {
                let grade = practitioners[p].grade
                guard gradeRules[grade.index].holdsCases || practitioners[p].workload > 0 else { continue }
                assert(practitioners[p].caseloadTable === caseloads && practitioners[p].counts == caseloads.row(p))
                snapshots.append(WMTSnapshotRow(date: date, practitioner: practitioners[p].name, grade: grade,
                                                contractedHours: practitioners[p].contracted,
                                                reductionHours: practitioners[p].reduction,
                                                table: caseloads.tables[Int(practitioners[p].pointsTable)],
                                                counts: caseloads.settledRow(p),
                                                sdr: practitioners[p].sdrCount, fdr: practitioners[p].fdrCount))
            }
        }
        lastNational = (nationalStock, nationalUnallocated, nationalCounts.reduce(0, +))
        // Every output date writes as many rows as the first (the same entities and metrics;
        // only the practitioner level varies, with the staff in post): room for the whole run
        // is made once, after the first, instead of the arrays doubling (and copying) a dozen
        // times as the run goes on.
        if di == 0 { table.reserveCapacity(rows: table.rowCount * outputDates.count) }
    }

    /// Appends `v` as metric `column` (from `metricColumns`) of entity `e` on output date `di`.
    /// `name` is the metric's name, checked against the column in debug builds only.
    @inline(__always) func put(_ di: Int, _ e: Int, _ column: Int, _ name: @autoclosure () -> String, _ v: Double) {
        assert(column >= 0 && column < table.metrics.count && table.metrics[column] == name(),
               "metric column \(column) is not \(name())")
        table.append(date: di, entity: e, metric: column, v)
    }

    func writeStock(_ di: Int, _ e: Int, _ s: StockTotals, caseCounts: [Int]?) {
        var perType = Fixed8<Int>()
        if let counts = caseCounts {
            let tiers = Tier.allCases.count
            for t in 0..<StockTotals.types {
                var n = 0
                for k in 0..<tiers { n += counts[t * tiers + k] }
                perType[t] = n
            }
        } else {
            perType = s.held
        }
        let c = metricColumns.stock
        put(di, e, c[0], "caseload", Double(perType.sum(StockTotals.types)))
        put(di, e, c[1], "caseload_community", Double(perType[CaseType.community.index]))
        put(di, e, c[2], "caseload_licence", Double(perType[CaseType.licence.index]))
        put(di, e, c[3], "caseload_custody", Double(perType[CaseType.custody.index]))
        put(di, e, c[4], "workload_points", Double(s.workload))
        put(di, e, c[5], "available_points", Double(s.available))
        put(di, e, c[6], "capacity_pct", s.available > 0 ? Double(s.workload) / Double(s.available) * 100 : .nan)
        put(di, e, c[7], "practitioners_over_100", Double(s.over100))
        put(di, e, c[8], "practitioners_over_110", Double(s.over110))
        put(di, e, c[9], "excessive_workload", Double(s.excessive))
        put(di, e, c[10], "staff_in_post", Double(s.staff.sum(StockTotals.grades)))
        put(di, e, c[11], "staff_in_post_po", Double(s.staff[Grade.po.index]))
        put(di, e, c[12], "staff_in_post_pso", Double(s.staff[Grade.pso.index]))
        put(di, e, c[13], "staff_in_post_pqip", Double(s.staff[Grade.pqip.index]))
        put(di, e, c[14], "staff_in_post_spo", Double(s.staff[Grade.spo.index]))
        writeWorkforceStock(di, e, s)
    }

    func writeFlow(_ di: Int, _ e: Int, _ f: Flow, unallocated: Int) {
        let c = metricColumns.flows
        put(di, e, c[0], "unallocated", Double(unallocated))
        put(di, e, c[1], "arrivals", Double(f.arrivals))
        put(di, e, c[2], "terminations", Double(f.terminations))
        put(di, e, c[3], "allocations", Double(f.allocations))
        put(di, e, c[4], "reallocations", Double(f.reallocations))
        put(di, e, c[5], "mean_days_to_allocation", f.allocations > 0 ? f.daysToAllocation / Double(f.allocations) : .nan)
        put(di, e, c[6], "mean_working_days_to_allocation", f.allocations > 0 ? f.workingDaysToAllocation / Double(f.allocations) : .nan)
        put(di, e, c[7], "allocated_within_5wd_pct", f.targetDue > 0 ? Double(f.allocatedWithinTarget) / Double(f.targetDue) * 100 : .nan)
        put(di, e, c[8], "court_reports", Double(f.reports))
        put(di, e, c[9], "joiners", Double(f.joiners))
        put(di, e, c[10], "leavers", Double(f.leavers))
        writeWorkforceFlow(di, e, f.wf)
    }

    /// Mean caseload and capacity % by grade, the PO-only share of the
    /// caseload, people on probation (caseload + long-sentence prisoners
    /// not yet handed over), cases waiting beyond the target, and
    /// allocations that took their holder over 100% / 110% or above the cap.
    func writePressure<S: Sequence>(_ di: Int, _ e: Int, _ s: StockTotals, _ f: Flow, counts: [Int], pdus members: S) where S.Element == Int {
        let c = metricColumns.pressure
        // PO, PSO, PQiP: grade indices 0, 1, 2, the order of `Metrics.pressure`.
        for g in 0..<3 {
            let staff = s.staff[g]
            put(di, e, c[g], "mean_caseload_\(Grade.allCases[g].rawValue.lowercased())",
                staff > 0 ? Double(s.gradeCases[g]) / Double(staff) : .nan)
        }
        for g in 0..<3 {
            let a = s.gradeAvailable[g]
            put(di, e, c[3 + g], "capacity_pct_\(Grade.allCases[g].rawValue.lowercased())",
                a > 0 ? Double(s.gradeWorkload[g]) / Double(a) * 100 : .nan)
        }
        var total = 0, poOnly = 0
        for k in counts.indices { total += counts[k]; if poOnlyCell[k] { poOnly += counts[k] } }
        put(di, e, c[6], "po_only_share", total > 0 ? Double(poOnly) / Double(total) : .nan)
        var prisoners = 0, late = 0
        for p in members { prisoners += self.pdus[p].awaitingHandover; late += waitingBeyondTarget(pdu: p) }
        put(di, e, c[7], "people_on_probation", Double(total + prisoners))
        put(di, e, c[8], "prisoners_awaiting_handover", Double(prisoners))
        put(di, e, c[9], "unallocated_over_5wd", Double(late))
        put(di, e, c[10], "allocation_target_due", Double(f.targetDue))
        put(di, e, c[11], "allocations_holder_over_100", Double(f.over100))
        put(di, e, c[12], "allocations_holder_over_110", Double(f.over110))
        put(di, e, c[13], "allocations_above_cap", Double(f.aboveCap))
        put(di, e, c[14], "releases", Double(f.releases))
        put(di, e, c[15], "early_releases", Double(f.earlyReleases))
    }

    /// `Tier.allCases`' WMT columns (each tier's position: the cases are in WMT column order).
    static let tierColumns = Tier.allCases.map(\.wmtColumnIndex)

    func writeTiers(_ di: Int, _ e: Int, _ counts: [Int]) {
        let c = metricColumns.tiers
        let tiers = Tier.allCases.count
        for (k, column) in Self.tierColumns.enumerated() {
            var n = 0
            for t in 0..<StockTotals.types { n += counts[t * tiers + column] }
            put(di, e, c[k], "caseload_tier_\(Tier.allCases[k].rawValue)", Double(n))
        }
    }

    func headline() -> [(name: String, value: Double)] {
        let (s, unallocated, caseload) = lastNational
        return [
            ("caseload", Double(caseload)),
            ("unallocated", Double(unallocated)),
            ("capacity_pct", s.available > 0 ? Double(s.workload) / Double(s.available) * 100 : .nan),
            ("practitioners_over_110", Double(s.over110)),
            ("excessive_workload", Double(s.excessive)),
            ("staff_in_post", Double(s.staff.sum(StockTotals.grades))),
            ("allocations", Double(runFlow.allocations)),
            ("allocated_within_5wd_pct", runFlow.targetDue > 0 ? Double(runFlow.allocatedWithinTarget) / Double(runFlow.targetDue) * 100 : .nan),
            ("mean_days_to_allocation", runFlow.allocations > 0 ? runFlow.daysToAllocation / Double(runFlow.allocations) : .nan),
            ("reallocations", Double(runFlow.reallocations)),
        ]
    }
}
