// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// One replication of the probation service: sentences arrive at PDUs, cases
/// wait in the PDU's unallocated queue until an allocation meeting gives them
/// to a practitioner whose grade may hold them and who has headroom, they
/// change tier, end, or (custody) hand over before release and go onto
/// licence; practitioners leave and are replaced; WMT points and capacity are
/// kept up to date at every change.
///
/// Time is in minutes (ticks) from midnight at the start date. Random streams,
/// one per source of randomness, are named in `docs/model.md`; their seeds
/// depend only on (seed, replication, name), so a scenario that changes one
/// lever sees the same random numbers everywhere else.
public final class ProbationModel {
    public let spec: ModelSpec
    public let replication: Int
    let calendar: SimulationCalendar
    let engine = Engine<Event>()
    let horizon: Tick

    // Organisation (flat arrays; indices are stable for the run). The PDUs in a store, as the
    // practitioners and cases below (their counters change at every sentence, allocation and
    // end).
    var regions: [RegionState] = []
    let pdus = RecordStore<PDUState>()
    var teams: [TeamState] = []
    /// The practitioners and the cases (a case's slot is reused once it ends: ``freeCases``),
    /// in stores the model owns and frees in `deinit` (RecordStore.swift), not arrays: the hot
    /// paths change their records field by field, and each change of an array's element first
    /// checked that its buffer was not shared (a call into the runtime, some 60 million a
    /// national replication). A store is a reference, not a value: whatever needs a snapshot
    /// copies one (`Array(model.cases)`), and no store is handed to anything that outlives the
    /// model.
    let practitioners = RecordStore<PractitionerState>()
    let cases = RecordStore<CaseState>()
    let freeCases = RecordStore<Int32>()

    // Rules in force.
    var gradeRules: [GradeRules]          // indexed by Grade.index
    /// Flat lookup tables of the rules for the hot paths (no `Set`
    /// hashing, no struct copies): `eligible[r * 48 + type * 16 + tier]`
    /// for rule set r (the grades first, then stages and restrictions;
    /// `WorkforceState.ruleSets`).
    var eligible: [Bool] = []
    /// By case type and tier (`type.index * 16 + tier.wmtColumnIndex`), the rule sets that may
    /// hold such a case, as bits (bit r: rule set r): `eligible` read once per case kind.
    var holdingRuleSets: [UInt64] = []
    /// Reused by `allocate` so that each allocation does not allocate an array.
    var candidateBuffer: [AllocationCandidate] = []
    var escalationBuffer: [AllocationCandidate] = []
    var roster = AllocationRoster()        // AllocationRoster.swift
    /// Within one PDU's meeting, the case kinds (type, tier, T2A) for which
    /// nobody eligible was under the cap: workloads only rise during a
    /// meeting, so a later case of the same kind cannot be allocated under the
    /// cap either and is not tried again (unless it is due above the cap).
    var meetingFailures = CaseKindSet()
    /// The meeting's buffers (``readLiveQueue(pdu:)``): the live cases of the PDU whose queue
    /// was read last, in their first places, their tier priorities in the same places of
    /// `queuePriorities`, and room for them in priority order. Kept between meetings (as long
    /// as the longest queue read), so that a meeting makes no array.
    var meetingQueue: [CaseRef] = []
    var meetingSorted: [CaseRef] = []
    var queuePriorities: [UInt8] = []
    var writesReports: [Bool] = []
    /// Case type × tier cells (the `PDUState.counts` layout) that only a PO
    /// may hold under the grade rules: no PSO or PQiP may (`po_only_share`).
    var poOnlyCell: [Bool] = []
    var points: PointsTable
    /// Every practitioner's case counts by WMT category (CaseloadTable.swift).
    let caseloads: CaseloadTable
    /// Every PDU's community caseload counts by case type × tier (see `PDUState.counts`), in
    /// memory the table owns: changed in place, with no uniqueness check of an array.
    let pduCounts: PDUCountTable
    var availablePointsMemo: [AvailablePointsKey: Int] = [:]   // Workforce.swift
    var capPercent: Double
    var policy: any AllocationPolicy { didSet { lowestCapacityPolicy = policy is LowestCapacityFirst } }
    /// Whether `policy` is lowest capacity first: allocation then reads the roster's capacity
    /// orders instead of scanning the PDU (`lowestCapacityPick`).
    var lowestCapacityPolicy = false
    var tiering: any TieringModel         // a var so tests can script tiers
    /// Computed tiering (profiles, reassessment, both calculators); nil with the sampled mix.
    /// (`let`, so reading it in the hot paths retains and releases nothing.)
    let tieringState: TieringState?
    /// ``tieringState`` unretained, for ``withTiering(_:)`` (nil with the sampled mix).
    let tieringRef: Unmanaged<TieringState>?
    /// Computed tiering: each PDU's caseload by tier under both calculators, kept up to date as
    /// cases join and leave caseloads and are reassessed (``tierMixByPDU()``; flat,
    /// ``tierMixWidth`` a PDU; empty until the first case counts). A store (changed at every
    /// case's start, end and reassessment); ``tierMixByPDU()`` copies it.
    let tierMix = RecordStore<Int>()
    /// Profile draws at sentence (new cases) and for the Day-1 stock (own streams, so the
    /// stock's size does not shift new cases' draws).
    let profileStream: RandomStream?
    let stockProfileStream: RandomStream?
    /// Workforce dynamics: rule sets by stage, establishment, training (Workforce.swift).
    var workforce = WorkforceState()

    // Random streams (one per source).
    let sentenceStreams: [RandomStream]   // per PDU: arrival times
    let reportStreams: [RandomStream]     // per PDU: report arrival times
    /// The same streams unretained, for ``scheduleNextSentence(pdu:)`` and
    /// ``scheduleNextReport(pdu:)`` (the arrays above keep them alive): reading a stream out of
    /// its array retained and released it around each of the two calls that take it.
    let sentenceStreamRefs: [Unmanaged<RandomStream>]
    let reportStreamRefs: [Unmanaged<RandomStream>]
    let caseMix: RandomStream             // case type, tier, T2A, sex
    let lengths: RandomStream             // order, custody and licence lengths
    let tierChanges: RandomStream
    let staffFlows: RandomStream          // leaving times
    let stock: RandomStream               // the initial caseload
    let reportMix: RandomStream           // standard vs fast reports
    let policyStream: RandomStream        // for policies that draw (the random baseline)

    /// Per PDU, its sentences' and reports' arrival processes (in stores: each draw changes one).
    let sentenceArrivals = RecordStore<ArrivalProcess>()
    let reportArrivals = RecordStore<ArrivalProcess>()
    /// Per PDU, where its sentence and report streams' next draws will read (generator index
    /// and word, ``RandomStream/nextOutputAddresses()``, 0 until the first draw), noted after
    /// each arrival time is drawn, so that the look-ahead can prefetch them (``prefetch(_:)``):
    /// [4p, 4p + 1] sentences, [4p + 2, 4p + 3] reports. A PDU's streams are rarely in cache
    /// between its arrivals, and each draw waited for two cache misses in turn.
    let arrivalDrawHints = RecordStore<UInt>()

    // Output.
    var table = TimeSeriesTable()
    var snapshots: [WMTSnapshotRow] = []
    let outputDates: [CivilDate]
    let snapshotDates: Set<CivilDate>
    var metricIndex: [String: Int] = [:]
    /// Each written metric's column, looked up once (`registerOutputs`, Observations.swift).
    var metricColumns = MetricColumns()
    var runFlow = Flow()
    var lastNational: (StockTotals, Int, Int) = (StockTotals(), 0, 0)
    var entityIndex: [OutputEntity: Int] = [:]
    var observations = WorkloadObservations()   // HeuristicKPIs.swift

    /// Unpaid work, programmes and commissioned services (nil without `spec.interventions`).
    /// A `let`, set once in `init`: reading it on a hot path then needs no retain and release.
    let interventionState: InterventionsState?
    /// ``interventionState`` unretained, for the look-ahead (``prefetch(_:)``) and the
    /// component's hot paths (``withInterventions(_:)``), where binding the optional took a
    /// retain and a release per call.
    let interventionRef: Unmanaged<InterventionsState>?
    /// Early release and the supervision reset (ReleaseAndReset.swift).
    var lengthLevers = LengthLeverState()

    /// Builds a replication. The spec must have passed validation.
    public init(spec: ModelSpec, replication: Int) {
        self.spec = spec
        self.replication = replication
        self.calendar = SimulationCalendar(epoch: spec.start, additionalNonWorkingDays: spec.extraClosures)
        self.horizon = Tick(spec.lengthDays) * Ticks.day
        // Most pending events (ends, releases, tier changes) are months or years ahead:
        // buckets of 2048 minutes (about a day and a half) keep them out of the heap.
        engine.useFarBuckets(log2Width: 11)
        self.gradeRules = Grade.allCases.map { spec.grades[$0] ?? GradeRules.defaults[$0]! }
        for g in Grade.allCases {
            let rules = gradeRules[g.index]
            for t in CaseType.allCases {
                for tier in Tier.allCases { eligible.append(rules.mayHold(t, tier)) }
            }
            writesReports.append(rules.writesReports)
        }
        let (po, pso, pqip) = (gradeRules[Grade.po.index], gradeRules[Grade.pso.index], gradeRules[Grade.pqip.index])
        for t in CaseType.allCases {
            for tier in Tier.allCases.sorted(by: { $0.wmtColumnIndex < $1.wmtColumnIndex }) {
                poOnlyCell.append(po.mayHold(t, tier) && !pso.mayHold(t, tier) && !pqip.mayHold(t, tier))
            }
        }
        self.points = spec.pointsTables.first?.value ?? .hmppsDefault
        self.caseloads = CaseloadTable(points: points)
        self.pduCounts = PDUCountTable(pdus: spec.organisation.regions.reduce(0) { $0 + $1.pdus.count })
        self.capPercent = spec.allocation.capPercent
        self.policy = AllocationPolicies.make(spec.allocation.policy) ?? LowestCapacityFirst()
        self.lowestCapacityPolicy = policy is LowestCapacityFirst
        self.tiering = SampledTierMix(spec.cases.tierMix)

        let seeder = StreamSeeder(masterSeed: spec.seed, replication: replication)
        let allPDUs = spec.organisation.regions.flatMap(\.pdus)
        sentenceStreams = allPDUs.map { seeder.stream("sentences/pdu-\($0.number)") }
        reportStreams = allPDUs.map { seeder.stream("reports/pdu-\($0.number)") }
        sentenceStreamRefs = sentenceStreams.map { Unmanaged.passUnretained($0) }
        reportStreamRefs = reportStreams.map { Unmanaged.passUnretained($0) }
        caseMix = seeder.stream("case-mix")
        lengths = seeder.stream("case-lengths")
        tierChanges = seeder.stream("tier-changes")
        if spec.cases.tiering == .computed, let t = spec.tieringModel {
            let ts = TieringState(spec: t, reassessStream: seeder.stream("reassessments"))
            // A switch to v3 on or before the start: v3 from the first day.
            if let day = t.switchToV3, day <= spec.start { ts.version = .v3 }
            tieringState = ts
            tieringRef = Unmanaged.passUnretained(ts)
            profileStream = seeder.stream("risk-need-profiles")
            stockProfileStream = seeder.stream("initial-profiles")
        } else {
            tieringState = nil
            tieringRef = nil
            profileStream = nil
            stockProfileStream = nil
        }
        staffFlows = seeder.stream("staff-flows")
        stock = seeder.stream("initial-caseload")
        reportMix = seeder.stream("report-mix")
        policyStream = seeder.stream("allocation-policy")
        interventionState = Self.makeInterventions(spec: spec, replication: replication)
        interventionRef = interventionState.map { Unmanaged.passUnretained($0) }

        outputDates = Self.outputDates(spec: spec, calendar: calendar)
        snapshotDates = Self.snapshotDates(spec: spec, outputDates: outputDates)
        setUpWorkforce(seeder: seeder)
        setUpLengthLevers(seeder: seeder)
        buildOrganisation()
        setUpWorkforceStaff(seeder: seeder)
        buildInflow()
    }

    // MARK: running

    /// Runs the replication to the horizon and returns what it measured.
    public func run(progress: ((Double) -> Void)? = nil) -> ReplicationResult {
        prepare()
        guard let progress else {
            // (Closures that capture `self` strongly and do not escape: an `unowned` capture
            // cost an atomic retain and release of the model per event.)
            engine.run(until: horizon, lookAhead: { next in self.prefetch(next) }, { event in self.handle(event) })
            return result()
        }
        var lastReport = -1
        engine.run(until: horizon, lookAhead: { next in self.prefetch(next) }) { event in
            self.handle(event)
            let pct = Int(Double(self.engine.now) / Double(max(self.horizon, 1)) * 100)
            if pct != lastReport { lastReport = pct; progress(Double(pct) / 100) }
        }
        return result()
    }

    /// Starts loading the record that event `e` reads first (its case's, or its intervention
    /// record's), while the event before it is handled: most were last touched weeks or
    /// months ago, and waiting for them was most of the cost of dispatching an event.
    /// Changes nothing (``prefetchElement(at:)`` is a hint to the processor).
    @inline(__always)
    func prefetch(_ e: Event) {
        switch e {
        case .termination(let c):
            prefetchCase(Int(c.index))
            // Computed tiering: leaving the caseload reads the case's current tiers.
            if tieringRef != nil { withTiering { $0.prefetchOutcome(Int(c.index)) } }
        case .release(let c):
            prefetchCase(Int(c.index))
            // Computed tiering: a release writes the case's tiering record and reassesses it.
            if tieringRef != nil { withTiering { $0.prefetch(Int(c.index)) } }
        case .tierChange(let c), .handover(let c):
            prefetchCase(Int(c.index))
        case .sentence(let p):
            // The next arrival time's draw, first thing at a sentence (``scheduleNextSentence``).
            prefetchNextDraw(4 * Int(p))
            // Computed tiering: the new case's records (the slot it will probably take, the
            // last freed) are written at sentence; most were freed long ago.
            if tieringRef != nil, let free = freeCases.last {
                prefetchCase(Int(free))
                withTiering { $0.prefetch(Int(free)) }
            }
        case .report(let p):
            prefetchNextDraw(4 * Int(p) + 2)
        case .reportEnds(let pr, _):
            // The writer's record (its points table and report counts, then its workload),
            // last touched when the report was written, weeks ago: `countReport` waited for it.
            prefetchPractitioner(Int(pr))
        case .interventions(let ie):
            // (Unretained: the model holds the component in a `let` for its whole life.)
            interventionRef?._withUnsafeGuaranteedRef { iv in
                switch ie {
                case .upwDeadline(let r): Self.prefetch(iv.upw, Int(r))
                case .serviceEnds(let r): Self.prefetch(iv.services, Int(r))
                case .pointsEnd(let k):
                    // The case is what `pointsEnd` waits for (`isLive`): read its index from the
                    // pending record (a load, which may wait) and start loading the case.
                    let k = Int(k)
                    if k >= 0 && k < iv.pendingPoints.count { prefetchCase(Int(iv.pendingPoints[k].0.index)) }
                default: break
                }
            }
        default: break
        }
    }

    /// Prefetches record `i` of an interventions store (its first and last bytes' lines).
    @inline(__always)
    static func prefetch<T>(_ store: RecordStore<T>, _ i: Int) {
        guard i >= 0 && i < store.count else { return }
        let p = UnsafeRawPointer(store.base + i)
        prefetchForReading(p)
        if MemoryLayout<T>.size > 1 { prefetchForReading(p + (MemoryLayout<T>.size - 1)) }
    }

    deinit {
        for p in pdus.indices { pdus[p].queue.deallocate() }
        pdus.deallocate()
        practitioners.deallocate()
        cases.deallocate()
        freeCases.deallocate()
        sentenceArrivals.deallocate()
        reportArrivals.deallocate()
        arrivalDrawHints.deallocate()
        tierMix.deallocate()
    }

    /// Sets the run up (output registration, the initial caseload, the
    /// recurring and dated events) without running it. `run` calls this; tests
    /// call it to step the engine themselves.
    func prepare() {
        table.dates = outputDates
        registerOutputs()
        // Day 1's extra leave and allocation cap are in force when the stock is spread.
        for lever in spec.levers where isInForceForStock(lever) { applyLever(lever) }
        reserveCases()
        seedInitialCaseload()
        scheduleRecurring()
        prepareInterventions()
    }

    /// What the run has measured so far.
    func result() -> ReplicationResult {
        ReplicationResult(replication: replication, timeSeries: table, wmtSnapshots: snapshots,
                          events: engine.eventsProcessed, headline: headline(), workload: workloadObservations())
    }

    enum Event {
        case sentence(pdu: Int32)
        case report(pdu: Int32)
        case reportEnds(practitioner: Int32, fast: Bool)
        case handover(CaseRef)
        case release(CaseRef)
        case termination(CaseRef)
        case tierChange(CaseRef)
        /// Computed tiering: the reassessments due on a day of the run (``TieringState``'s batches).
        case reassessments(day: Int32)
        /// The day v3 tiers start to weigh cases (computed tiering).
        case tieringSwitch
        case allocationMeeting
        case leaves(practitioner: Int32)
        case joins(team: Int32, grade: Grade)
        case lever(Int32)
        case pointsTable(Int32)
        case weeklyCheck
        case output(Int32)
        /// Training stages, qualification, intakes, recruitment (Workforce.swift).
        case workforce(WorkforceEvent)
        case interventions(InterventionEvent)
    }

    /// Output is taken after everything else due at that instant, including the weekly check.
    static let outputPriority = EventPriority(rawValue: EventPriority.observation.rawValue + 1)

    func handle(_ event: Event) {
        switch event {
        case .sentence(let p): sentence(pdu: Int(p))
        case .report(let p): courtReport(pdu: Int(p))
        case .reportEnds(let pr, let fast): reportEnds(practitioner: Int(pr), fast: fast)
        case .handover(let c): if isLive(c) { handover(Int(c.index)) }
        // (A release or end moved earlier by a lever leaves a stale event at the old time.)
        case .release(let c): if isLive(c), cases[Int(c.index)].releaseTick == engine.now { release(Int(c.index)) }
        case .termination(let c): if isLive(c), cases[Int(c.index)].endTick == engine.now { terminate(Int(c.index)) }
        case .tierChange(let c): if isLive(c) { changeTier(Int(c.index)) }
        case .reassessments(let d): reassessments(day: Int(d))
        case .tieringSwitch: switchToV3()
        case .allocationMeeting: allocationMeeting()
        case .leaves(let pr): practitionerLeaves(Int(pr))
        case .joins(let t, let g): _ = addPractitioner(team: Int(t), grade: g, joining: true)
        case .lever(let i): applyLever(spec.levers[Int(i)])
        case .pointsTable(let k): setPoints(spec.pointsTables[Int(k)].value)
        case .weeklyCheck: weeklyCheck()
        case .output(let i): recordOutput(Int(i))
        case .workforce(let e): handleWorkforce(e)
        case .interventions(let e): handleIntervention(e)
        }
    }

    /// Whether a lever is applied before the Day-1 stock is spread (in `prepare`, instead of
    /// as an event at day 0): one dated on or before day 0 that changes what allocation sees —
    /// extra leave (available points) or the allocation cap — so the stock is spread on the
    /// capacity and cap in force on Day 1 (``stockHolder``).
    func isInForceForStock(_ lever: Lever) -> Bool {
        guard calendar.tick(at: lever.date) <= 0 else { return false }
        switch lever.change {
        case .extraLeave, .allocationCap: return true
        default: return false
        }
    }

    func scheduleRecurring() {
        for (i, p) in pdus.enumerated() {
            scheduleNextSentence(pdu: i)
            scheduleNextReport(pdu: i)
            _ = p
        }
        scheduleNextMeeting(after: -1)
        for (i, lever) in spec.levers.enumerated() where !isInForceForStock(lever) {
            engine.schedule(.lever(Int32(i)), at: calendar.tick(at: lever.date), priority: .capacityChange)
        }
        for (k, table) in spec.pointsTables.enumerated().dropFirst() {
            engine.schedule(.pointsTable(Int32(k)), at: calendar.tick(at: table.effective), priority: .capacityChange)
        }
        if let ts = tieringState, ts.version == .v2, let day = ts.spec.switchToV3 {
            let at = calendar.tick(at: day)
            if at > 0 && at <= horizon { engine.schedule(.tieringSwitch, at: at, priority: .capacityChange) }
        }
        var t: Tick = Ticks.week
        while t <= horizon {
            engine.schedule(.weeklyCheck, at: t, priority: .observation)
            t += Ticks.week
        }
        for (i, d) in outputDates.enumerated() {
            engine.schedule(.output(Int32(i)), at: calendar.tick(at: d), priority: Self.outputPriority)
        }
        for p in practitioners.indices { scheduleLeaving(p) }
        scheduleWorkforce()
    }

    // MARK: organisation

    func buildOrganisation() {
        for (ri, r) in spec.organisation.regions.enumerated() {
            regions.append(RegionState(code: r.code, name: r.name))
            for p in r.pdus {
                let pi = pdus.count
                pdus.append(PDUState(number: p.number, name: p.name, region: ri, counts: pduCounts.row(pi)))
                regions[ri].pdus.append(pi)
                for (k, t) in p.teams.enumerated() {
                    let ti = teams.count
                    let name = t.name.isEmpty ? "\(p.name) team \(k + 1)" : t.name
                    teams.append(TeamState(name: name, pdu: pi, spec: t))
                    pdus[pi].teams.append(ti)
                    for g in Grade.allCases {
                        for _ in 0..<(t.staff[g] ?? 0) { _ = addPractitioner(team: ti, grade: g, joining: false) }
                    }
                }
            }
        }
    }

    /// Adds a practitioner to a team; returns their index.
    func addPractitioner(team ti: Int, grade: Grade, joining: Bool) -> Int {
        // (Field by field: copying the team's record retained and released each of its arrays.)
        let pdu = teams[ti].pdu
        let contracted = teams[ti].spec.contractedHours[grade] ?? gradeRules[grade.index].contractedHours
        let reduction = teams[ti].spec.reductionHours[grade] ?? gradeRules[grade.index].reductionHours
        let index = practitioners.count
        teams[ti].serial[grade.index] += 1
        let name = "\(pdus[pdu].number)-T\(ti - pdus[pdu].teams[0] + 1)-\(grade.rawValue)-\(teams[ti].serial[grade.index])"
        var p = PractitionerState(name: name, grade: grade, team: ti, pdu: pdu, contracted: contracted, reduction: reduction,
                                  counts: caseloads.newRow(), list: caseloads.list(index), table: caseloads)
        p.pointsTable = caseloads.current
        p.wf.rules = Int32(grade.index)
        p.wf.baseReduction = reduction
        practitioners.append(p)
        teams[ti].members.append(index)
        if grade == .po { regions[pdus[pdu].region].posInPost += 1 }
        // Their place in the PDU's roster list: after the earlier teams' members and their own team's.
        var at = 0
        for t in pdus[pdu].teams {
            at += teams[t].members.count
            if t == ti { break }
        }
        roster.memberAdded(rosterEntry(index), pdu: pdu, at: at - 1)
        syncRosterPlaces()
        refreshReduction(index)
        if joining {
            pdus[pdu].flow.joiners += 1
            pdus[pdu].flow.wf.joiners[grade.index] += 1
            scheduleLeaving(index)
            refreshSupervision(team: ti)
        }
        return index
    }

    /// Draws when a practitioner leaves at their grade's rate (from `stream`,
    /// by default `staff-flows`); a leaving event drawn earlier is then void.
    func scheduleLeaving(_ p: Int, stream: RandomStream? = nil) {
        practitioners[p].wf.leaveAt = -1
        let rate = spec.workforce.leavingRatePerYear[practitioners[p].grade] ?? 0
        guard rate > 0 else { return }
        let days = (stream ?? staffFlows).exponential(mean: 365.25 / rate)
        let at = engine.now + Ticks.days(days)
        if at <= horizon {
            practitioners[p].wf.leaveAt = at
            engine.schedule(.leaves(practitioner: Int32(p)), at: at, priority: .release)
        }
    }

    func practitionerLeaves(_ p: Int) {
        // (A leaving event drawn for a grade the practitioner has since left is void.)
        guard practitioners[p].active, practitioners[p].wf.leaveAt == engine.now else { return }
        removePractitioner(p)
        if spec.workforce.replaceLeavers && spec.workforce.recruitment[practitioners[p].grade] == nil {
            let at = engine.now + Tick(spec.workforce.recruitmentLeadTimeDays) * Ticks.day
            if at <= horizon {
                engine.schedule(.joins(team: Int32(practitioners[p].team), grade: practitioners[p].grade), at: at, priority: .capacityChange)
            }
        }
    }

    // MARK: inflow

    func buildInflow() {
        let months = monthStarts()
        for (i, p) in pdus.enumerated() {
            let weekly = spec.demand.sentencesPerWeek[p.number] ?? 0
            let reports = spec.demand.reportsPerWeek[p.number] ?? 0
            sentenceArrivals.append(ArrivalProcess(rate: rateProfile(weekly: weekly, pdu: i, months: months), startingAt: 0))
            reportArrivals.append(ArrivalProcess(rate: rateProfile(weekly: reports, pdu: i, months: months), startingAt: 0))
        }
        for _ in 0..<(4 * pdus.count) { arrivalDrawHints.append(0) }
    }

    /// Ticks at which the inflow rate may change: month starts and inflow levers.
    func monthStarts() -> [Tick] {
        var ticks: Set<Tick> = [0]
        var d = spec.start
        while true {
            d = d.startOfNextMonth
            let t = calendar.tick(at: d)
            if t >= horizon { break }
            ticks.insert(t)
        }
        for l in spec.levers {
            if case .inflowScale = l.change {
                let t = calendar.tick(at: l.date)
                if t > 0 && t < horizon { ticks.insert(t) }
            }
        }
        return ticks.sorted()
    }

    /// Weekly rate × seasonal factor × growth × inflow levers, piecewise constant.
    func rateProfile(weekly: Double, pdu: Int, months: [Tick]) -> PiecewiseRate {
        let perTick = weekly / Double(Ticks.week)
        let region = regions[pdus[pdu].region].code
        let number = pdus[pdu].number
        var segments: [PiecewiseRate.Segment] = []
        for t in months {
            let date = calendar.date(at: t)
            let seasonal = spec.demand.monthlyFactors?[date.month - 1] ?? 1
            let years = Double(t) / Double(Ticks.day) / 365.25
            let growth = pow(1 + spec.demand.growthPerYear, years)
            var scale = 1.0
            for l in spec.levers where calendar.tick(at: l.date) <= t {
                if case .inflowScale(let f, let scope) = l.change, scope.covers(region: region, pdu: number) { scale *= f }
            }
            segments.append(.init(start: t, ratePerTick: perTick * seasonal * growth * scale))
        }
        return PiecewiseRate(segments: segments)
    }

    func scheduleNextSentence(pdu: Int) {
        sentenceStreamRefs[pdu]._withUnsafeGuaranteedRef { stream in
            if let t = sentenceArrivals[pdu].next(horizon: horizon, stream) {
                engine.schedule(.sentence(pdu: Int32(pdu)), at: t, priority: .arrival)
                noteNextDraw(stream, at: 4 * pdu)
            }
        }
    }

    func scheduleNextReport(pdu: Int) {
        reportStreamRefs[pdu]._withUnsafeGuaranteedRef { stream in
            if let t = reportArrivals[pdu].next(horizon: horizon, stream) {
                engine.schedule(.report(pdu: Int32(pdu)), at: t, priority: .arrival)
                noteNextDraw(stream, at: 4 * pdu + 2)
            }
        }
    }

    @inline(__always)
    func noteNextDraw(_ stream: RandomStream, at k: Int) {
        let (index, word) = stream.nextOutputAddresses()
        arrivalDrawHints[k] = index
        arrivalDrawHints[k + 1] = word
    }

    /// Prefetches what the draw noted at `arrivalDrawHints[k]` will read (a hint).
    @inline(__always)
    func prefetchNextDraw(_ k: Int) {
        guard k + 1 < arrivalDrawHints.count else { return }
        if let p = UnsafeRawPointer(bitPattern: arrivalDrawHints[k]) { prefetchForReading(p) }
        if let p = UnsafeRawPointer(bitPattern: arrivalDrawHints[k + 1]) { prefetchForReading(p) }
    }

    // MARK: cases

    /// A new case; its young-adult and sex flags are drawn from `stream`
    /// (the case-mix stream for sentences, the initial-caseload stream for the
    /// stock, so the size of the stock does not shift the new cases' draws).
    func newCase(pdu: Int, type: CaseType, tier: Tier, stream: RandomStream) -> Int {
        let c = CaseState(pdu: Int32(pdu), type: type, tier: tier,
                          t2a: stream.bernoulli(spec.cases.youngAdultShare),
                          female: stream.bernoulli(spec.cases.femaleShare))
        if let free = freeCases.popLast() {
            let i = Int(free)
            // The slot's next generation written with the record (one write of `cases`).
            var c = c
            c.generation = cases[i].generation &+ 1
            cases[i] = c
            return i
        }
        cases.append(c)
        return cases.count - 1
    }

    /// Reserves room for the cases the run will probably hold at once, before the Day-1
    /// stock: the stock and the sentences expected over the run (freed slots are reused, so
    /// this bounds the peak). The case table and computed tiering's records then do not grow
    /// by doubling — each doubling copied the table and touched fresh pages for the copy —
    /// and room never used is never touched, so it costs no memory. Changes no result.
    func reserveCases() {
        var n = spec.initialCaseload?.total ?? 0
        for a in sentenceArrivals { n += Int(a.rate.expectedArrivals(from: 0, to: horizon).rounded(.up)) }
        n = min(n, 1 << 24)
        cases.reserveCapacity(n)
        tieringState?.reserve(cases: n)
    }

    /// Starts loading case `i`'s record (every cache line it spans) for reading. A hint only.
    @inline(__always)
    func prefetchCase(_ i: Int) { cases.prefetchElement(at: i) }

    func ref(_ i: Int) -> CaseRef { CaseRef(index: Int32(i), generation: cases[i].generation) }

    /// Case `i`'s record, to change several of its fields with one check of the index (each
    /// `cases[i].x = …` checks it again). `body` must not add cases (the records may move).
    @inline(__always) func withCase<R>(_ i: Int, _ body: (inout CaseState) -> R) -> R { body(&cases[i]) }
    func isLive(_ r: CaseRef) -> Bool {
        let c = cases[Int(r.index)]
        return c.alive && c.generation == r.generation
    }

    func lengthDays(_ d: Distribution) -> Double { max(1, d.sample(lengths)) }

    /// A new sentence at a PDU.
    func sentence(pdu: Int) {
        scheduleNextSentence(pdu: pdu)
        pdus[pdu].flow.arrivals += 1
        let now = engine.now
        if caseMix.bernoulli(spec.cases.custodyShare) {
            var toServe = lengthDays(spec.cases.custodyTimeToServeDays)
            let tier = tieringState == nil ? tiering.tier(for: .custody, caseMix) : .d0
            let i = newCase(pdu: pdu, type: .custody, tier: tier, stream: caseMix)
            if tieringState != nil { tierAtSentence(i, custodyOrigin: true, stream: profileStream!) }
            if lengthLevers.earlyRelease != nil { toServe = scaledTimeToServe(toServe, case: i) }
            let release = now + Ticks.days(toServe)
            // (Both together: `scaledTimeToServe` reads neither.)
            withCase(i) { $0.sentencedTick = now; $0.releaseTick = release }
            if toServe < Double(spec.cases.shortSentenceThresholdDays) {
                // Less than 10 months to serve: community practitioner from sentence,
                // supervised (so its tier may change) from then on.
                joinCaseload(i, clockStart: now)
                scheduleTierChange(i)
            } else {
                let early = caseMix.bernoulli(spec.cases.earlyAllocationShare)
                let before = early ? spec.cases.earlyAllocationHandoverDays : spec.cases.handoverBeforeReleaseDays
                let at = max(now, release - Tick(before) * Ticks.day)
                if at <= horizon { engine.schedule(.handover(ref(i)), at: at) }
                cases[i].withPrisonOffenderManager = true
                pdus[pdu].awaitingHandover += 1
            }
            if release <= horizon { engine.schedule(.release(ref(i)), at: release, priority: .normal) }
        } else {
            let tier = tieringState == nil ? tiering.tier(for: .community, caseMix) : .d0
            let i = newCase(pdu: pdu, type: .community, tier: tier, stream: caseMix)
            if tieringState != nil { tierAtSentence(i, custodyOrigin: false, stream: profileStream!) }
            withCase(i) { $0.sentencedTick = now; $0.periodStart = now }
            var length = lengthDays(spec.cases.communityLengthDays)
            if lengthLevers.resetInForce { length = scaledSupervision(length, case: i) }
            let end = now + Ticks.days(length)
            cases[i].endTick = end
            joinCaseload(i, clockStart: now)
            if end <= horizon { engine.schedule(.termination(ref(i)), at: end, priority: .release) }
            scheduleTierChange(i)
            if interventionRef != nil { withInterventions { interventionsOnSentence(i, $0) } }
        }
    }

    /// A case enters the PDU's community caseload and its unallocated queue.
    func joinCaseload(_ i: Int, clockStart: Tick) {
        // The record's changes at once (nothing below reads the clock's start before `enqueue`).
        let (p, type, tier, withPOM) = withCase(i) { c -> (Int, CaseType, Tier, Bool) in
            let withPOM = c.withPrisonOffenderManager
            c.onCaseload = true
            c.withPrisonOffenderManager = false
            c.clockStart = clockStart
            return (Int(c.pdu), c.type, c.tier, withPOM)
        }
        if withPOM { pdus[p].awaitingHandover -= 1 }
        countCase(p, type, tier, +1)
        // (Unretained: binding `tieringState` retained and released it.)
        if tieringRef != nil { withTiering { ts in countTierMix(p, ts.outcome(i), +1) } }
        enqueue(i, readyAfterWorkingDays: spec.allocation.preparationWorkingDays)
    }

    /// Counts (`delta` +1) or stops counting (-1) a case of `type` and `tier` in PDU `p`'s
    /// community caseload (`PDUState.counts`).
    @inline(__always)
    func countCase(_ p: Int, _ type: CaseType, _ tier: Tier, _ delta: Int) {
        precondition(p >= 0 && p < pduCounts.pdus, "no PDU \(p)")
        // (48 = `PDUCountTable.width`, 16 tiers a type: literals, checked when the table is made.)
        pduCounts.rows[p &* 48 &+ type.index &* 16 &+ tier.wmtColumnIndex] += delta
    }

    func enqueue(_ i: Int, readyAfterWorkingDays wd: Int) {
        let now = engine.now
        let ready = wd > 0 ? calendar.midnightAddingWorkingDays(wd, to: now) : now
        let (p, r) = withCase(i) { c -> (Int, CaseRef) in
            c.queued = true
            c.queuedSince = now
            c.escalateAt = -1
            c.readyTick = ready
            return (Int(c.pdu), CaseRef(index: Int32(i), generation: c.generation))
        }
        pdus[p].queue.append(r)
        pdus[p].unallocated += 1
    }

    func handover(_ i: Int) {
        // A long-sentence custody case reaches the community practitioner
        // (once: if release already brought it onto the caseload, nothing to do).
        guard !cases[i].onCaseload else { return }
        joinCaseload(i, clockStart: engine.now)
        scheduleTierChange(i)
    }

    func release(_ i: Int) {
        // Custody → licence. The case keeps its practitioner; its WMT type changes.
        let wasOnCaseload = cases[i].onCaseload
        if !wasOnCaseload {
            // Released before its handover (only with a handover lead below zero,
            // which puts the handover after release; the handover then does nothing).
            joinCaseload(i, clockStart: engine.now)
        }
        retype(i, to: .licence)
        pdus[Int(cases[i].pdu)].flow.releases += 1
        if cases[i].earlyRelease { pdus[Int(cases[i].pdu)].flow.earlyReleases += 1 }
        var length = lengthDays(spec.cases.licenceLengthDays)
        if lengthLevers.resetInForce { length = scaledSupervision(length, case: i) }
        let now = engine.now
        let end = now + Ticks.days(length)
        // (Both together: `scaledSupervision` reads neither.)
        withCase(i) { $0.periodStart = now; $0.endTick = end }
        if end <= horizon { engine.schedule(.termination(ref(i)), at: end, priority: .release) }
        var unsupervisedRule = false
        if tieringRef != nil {
            withTiering { ts in
                ts.released(i, day: calendar.dayNumber(at: engine.now))
                if ts.reassessOnRelease { reassessCase(i, reason: .release, ts) }
                unsupervisedRule = ts.unsupervisedFrom != nil
            }
        }
        // Computed tiering with an unsupervised rule reschedules at release (the licence brings
        // the unsupervised point; the earlier event becomes stale).
        if !wasOnCaseload || unsupervisedRule { scheduleTierChange(i) }
        if interventionRef != nil { withInterventions { interventionsOnRelease(i, $0) } }
    }

    /// Changes a case's type, moving its points with it; if the holder's
    /// grade may not hold the new type, the case goes for reallocation.
    func retype(_ i: Int, to type: CaseType) {
        let c = cases[i]
        countCase(Int(c.pdu), c.type, c.tier, -1)
        countCase(Int(c.pdu), type, c.tier, +1)
        if c.practitioner >= 0 {
            let p = Int(c.practitioner)
            caseloadRemove(p, c.category)
            caseloadAdd(p, CaseCategory(type, c.tier, t2a: c.t2a, unsupervised: c.unsupervised))
            refreshWorkload(p)
        }
        cases[i].type = type
        if c.practitioner >= 0, !mayHold(practitioner: Int(c.practitioner), type, c.tier) {
            requeueForReallocation(i)
        }
    }

    func terminate(_ i: Int) {
        // The holder's records that `detach` reads and writes (their record, their row of the
        // caseload table) were last touched long ago: start loading them now, so that the
        // misses overlap the work before (a hint only: nothing changes).
        let holder = Int(cases[i].practitioner)
        if holder >= 0 { prefetchHolder(holder, category: cases[i].category) }
        if interventionRef != nil { withInterventions { interventionsOnTermination(i, $0) } }
        let c = cases[i]
        let p = Int(c.pdu)
        pdus[p].flow.terminations += 1
        if c.onCaseload {
            countCase(p, c.type, c.tier, -1)
            if tieringRef != nil { withTiering { ts in countTierMix(p, ts.outcome(i), -1) } }
        }
        if c.queued {
            pdus[p].unallocated -= 1
            // Ended while waiting past the target and not yet counted: a miss.
            if !c.needsReallocation && !c.countedLate && pastTarget(c) { pdus[p].flow.targetDue += 1 }
            observeEndWhileWaiting(c)
        }
        if c.practitioner >= 0 { detach(i) }
        withCase(i) { $0.alive = false; $0.queued = false }
        freeCases.append(Int32(i))
    }

    func scheduleTierChange(_ i: Int) {
        if tieringRef != nil {
            withTiering { ts in scheduleReassessment(i, ts) }
            return
        }
        let rate = spec.cases.tierChangesPerYear
        guard rate > 0 else { return }
        let at = engine.now + Ticks.days(tierChanges.exponential(mean: 365.25 / rate))
        let end = cases[i].endTick > 0 ? cases[i].endTick : horizon
        if at < end && at <= horizon { engine.schedule(.tierChange(ref(i)), at: at) }
    }

    /// Computed tiering: puts the case's next reassessment in its day's batch.
    @inline(__always) private func scheduleReassessment(_ i: Int, _ ts: TieringState) {
        let end = cases[i].endTick > 0 ? cases[i].endTick : horizon
        var unsupervisedIn: Double?
        if let at = unsupervisedPoint(i) { unsupervisedIn = Double(max(at, engine.now) - engine.now) / Double(Ticks.day) }
        let days = ts.nextEvent(i, unsupervisedInDays: unsupervisedIn)
        let at = engine.now + Ticks.days(days)
        // One pending reassessment per case: a later schedule (at release) supersedes the
        // earlier one. It is made at the start of the day after it falls due (the day's
        // batch: one engine event a day, not one a case).
        ts.cancelPending(i)
        let day = Int(at / Ticks.day) + 1
        if at < end && at <= horizon && Tick(day) * Ticks.day <= horizon {
            if ts.enqueue(ref(i), day: day) { engine.schedule(.reassessments(day: Int32(day)), at: Tick(day) * Ticks.day) }
        }
    }

    /// Computed tiering: makes the day's due reassessments, in the order they were scheduled
    /// (skipping those superseded or of cases ended since).
    func reassessments(day: Int) {
        guard tieringRef != nil else { return }
        withTiering { ts in reassessments(day: day, ts) }
    }

    private func reassessments(day: Int, _ ts: TieringState) {
        // Each entry's records (the case's record, its tiering record and tiers, usually cold:
        // last touched months ago) are asked for a few entries ahead, so that their misses
        // overlap with the work on the entries before and the lines are fresh when used. (It
        // was all of a batch's lines first, then all the work: by the time a case's turn came
        // in a batch of hundreds its lines had often gone again, and the check loop itself
        // waited on them.) Reassessing a case changes no other case's liveness or scheduling,
        // and none of this day's batch (a rescheduling falls on a later day), so checking
        // each entry just before making it is the same as checking them all first.
        let due = ts.takeDue(day: day)
        let ahead = 6
        due.withUnsafeBufferPointer { b in
            @inline(__always) func ask(_ k: Int) {
                guard k < b.count else { return }
                let i = Int(b[k].ref.index)
                prefetchCase(i)
                ts.prefetch(i)
            }
            for k in 0..<ahead { ask(k) }
            for k in b.indices {
                ask(k &+ ahead)
                let d = b[k]
                guard isLive(d.ref) && ts.isCurrent(d) else { continue }
                let i = Int(d.ref.index)
                ts.cancelPending(i)
                changeTier(i)
            }
        }
    }

    func changeTier(_ i: Int) {
        if tieringRef != nil {
            var reason = withTiering { ts in ts.pendingReason(i) }
            // A licence past its unsupervised point becomes unsupervised at its next reassessment
            // at the latest (the point itself is scheduled when it comes first).
            if let at = unsupervisedPoint(i), at <= engine.now, !cases[i].unsupervised { reason = .unsupervised }
            reassessCase(i, reason: reason)
            scheduleTierChange(i)
            return
        }
        let c = cases[i]
        let up = tierChanges.bernoulli(spec.cases.tierEscalationShare)
        let byRisk = tierChanges.bernoulli(0.5)
        let newTier = c.tier.stepped(risk: byRisk ? (up ? 1 : -1) : 0, complexity: byRisk ? 0 : (up ? 1 : -1))
        setTier(i, newTier, unsupervised: c.unsupervised, countChange: false)
        scheduleTierChange(i)
    }

    /// Computed tiering: when a licence case reaches the part of its licence that is
    /// unsupervised under the scenario's rule (nil: no rule, or not a licence case).
    func unsupervisedPoint(_ i: Int) -> Tick? {
        guard tieringRef != nil else { return nil }
        return withTiering { ts in
            guard let from = ts.unsupervisedFrom, cases[i].type == .licence,
                  cases[i].endTick > cases[i].periodStart else { return nil }
            let at = cases[i].periodStart + Tick(Double(cases[i].endTick - cases[i].periodStart) * ts.unsupervisedAfter)
            return max(at, calendar.tick(at: from))
        }
    }

    /// Gives a case a new tier (and `S` flag), moving its points; beyond the holder's grade
    /// the holder gives it up at once and it waits for reallocation (a PSO never keeps an
    /// escalated B case). `countChange`: count it as a tier change up or down (computed tiering).
    func setTier(_ i: Int, _ newTier: Tier, unsupervised: Bool, countChange: Bool) {
        let c = cases[i]
        guard newTier != c.tier || unsupervised != c.unsupervised else { return }
        let p = Int(c.pdu)
        if countChange && newTier != c.tier {
            if newTier > c.tier { pdus[p].flow.tierUps += 1 } else { pdus[p].flow.tierDowns += 1 }
        }
        if c.onCaseload {
            countCase(p, c.type, c.tier, -1)
            countCase(p, c.type, newTier, +1)
            if c.practitioner >= 0 {
                let pr = Int(c.practitioner)
                caseloadRemove(pr, c.category)
                caseloadAdd(pr, CaseCategory(c.type, newTier, t2a: c.t2a, unsupervised: unsupervised))
                refreshWorkload(pr)
            }
        }
        cases[i].tier = newTier
        cases[i].unsupervised = unsupervised
        if c.onCaseload, c.practitioner >= 0, !mayHold(practitioner: Int(c.practitioner), c.type, newTier) {
            if tieringState != nil { pdus[p].flow.tierReallocations += 1 }
            requeueForReallocation(i)
        }
    }

    /// Computed tiering: the case's profile and tiers at sentence (before it joins a caseload).
    func tierAtSentence(_ i: Int, custodyOrigin: Bool, stream: RandomStream) {
        withTiering { ts in tierAtSentence(i, custodyOrigin: custodyOrigin, stream: stream, ts) }
    }

    @inline(__always) private func tierAtSentence(_ i: Int, custodyOrigin: Bool, stream: RandomStream, _ ts: TieringState) {
        if cases[i].onCaseload { countTierMix(Int(cases[i].pdu), ts.outcome(i), -1) }
        let o = ts.assign(i, female: cases[i].female, custodyOrigin: custodyOrigin, stream: stream,
                          day: calendar.dayNumber(at: max(engine.now, 0)))
        if cases[i].onCaseload { countTierMix(Int(cases[i].pdu), o, +1) }
        cases[i].tier = ts.workloadTier(o)
        cases[i].unsupervised = o.unsupervised
    }

    /// Computed tiering: reassesses a case and applies its new tier.
    func reassessCase(_ i: Int, reason: ReassessmentReason) {
        withTiering { ts in reassessCase(i, reason: reason, ts) }
    }

    @inline(__always) private func reassessCase(_ i: Int, reason: ReassessmentReason, _ ts: TieringState) {
        let before = ts.outcome(i)
        let o = ts.reassess(i, reason: reason, day: calendar.dayNumber(at: engine.now))
        // Most reassessments leave both tiers as they were: then the tier mix is as it was.
        if o != before && cases[i].onCaseload {
            countTierMix(Int(cases[i].pdu), before, -1)
            countTierMix(Int(cases[i].pdu), o, +1)
        }
        pdus[Int(cases[i].pdu)].flow.reassessments += 1
        setTier(i, ts.workloadTier(o), unsupervised: o.unsupervised, countChange: true)
    }

    /// Computed tiering: from today v3 tiers weigh cases; every live case takes the tier its
    /// v3 tier is weighted as (reallocated if beyond its holder's grade). A change of model is
    /// not a change of risk, so these are not counted as tier changes up or down.
    func switchToV3() {
        guard let ts = tieringState, ts.version != .v3 else { return }
        ts.version = .v3
        for i in cases.indices where cases[i].alive {
            setTier(i, ts.workloadTier(ts.outcome(i)), unsupervised: cases[i].unsupervised, countChange: false)
        }
    }

    // MARK: court work

    func courtReport(pdu: Int) {
        scheduleNextReport(pdu: pdu)
        pdus[pdu].flow.reports += 1
        let fast = reportMix.bernoulli(spec.demand.fastReportShare)
        // The report goes to the eligible writer with the lowest capacity % (the first in
        // the roster's capacity order of report writers).
        prepareRoster(pdu: pdu)
        guard let writer = roster.firstWriter(pdu: pdu) else { return }
        let best = Int(writer.practitioner)
        countReport(best, fast: fast, +1)
        refreshWorkload(best)
        engine.schedule(.reportEnds(practitioner: Int32(best), fast: fast),
                        after: Tick(spec.demand.reportWindowDays) * Ticks.day, priority: .release)
    }

    func reportEnds(practitioner p: Int, fast: Bool) {
        countReport(p, fast: fast, -1)
        refreshWorkload(p)
    }

    // MARK: workload

    /// Whether grade `g` may hold a case of this type and tier.
    @inline(__always)
    func mayHold(_ g: Grade, _ type: CaseType, _ tier: Tier) -> Bool {
        eligible[g.index * 48 + type.index * 16 + tier.wmtColumnIndex]
    }

    /// Counts a case of `category` in practitioner `p`'s caseload: their row of the caseload
    /// table and the running totals in their record. O(1). (Only practitioners in post hold
    /// cases, and they are weighed with the table in force, `points`.)
    @inline(__always)
    func caseloadAdd(_ p: Int, _ category: CaseCategory) {
        let i = category.index
        // Practitioner `p`'s row is the table's row `p` (rows are handed out as practitioners
        // are added); computed from `p`, its load does not wait for the record's.
        // (The row's count changes when the table next settles: only reads see it, and they
        // settle first; the row, last touched long ago, is not waited on here.)
        assert(caseloads.row(p) == practitioners[p].counts, "practitioner \(p): not the caseload table's row \(p)")
        caseloads.change(p, i, by: +1)
        practitioners[p].caseCount += 1
        practitioners[p].casePoints += points.points(atIndex: i)
    }

    /// Stops counting a case of `category` in practitioner `p`'s caseload. O(1).
    /// - Precondition: they hold such a case (removing one that is not there is a bug).
    @inline(__always)
    func caseloadRemove(_ p: Int, _ category: CaseCategory) {
        let i = category.index
        // (Checked that the count stays at or above zero when the change is made in the row.)
        assert(caseloads.row(p) == practitioners[p].counts, "practitioner \(p): not the caseload table's row \(p)")
        caseloads.change(p, i, by: -1)
        practitioners[p].caseCount -= 1
        practitioners[p].casePoints -= points.points(atIndex: i)
    }

    /// Counts (`delta` +1) or stops counting (-1) a court report of practitioner `p`, at the
    /// points of their table (a leaver's reports end under the table they left with).
    func countReport(_ p: Int, fast: Bool, _ delta: Int) {
        let t = Int(practitioners[p].pointsTable)
        if fast {
            practitioners[p].fdrCount += delta
            precondition(practitioners[p].fdrCount >= 0, "practitioner \(p): no fast delivery report to remove")
            practitioners[p].casePoints += delta * caseloads.tables[t].fdr
        } else {
            practitioners[p].sdrCount += delta
            precondition(practitioners[p].sdrCount >= 0, "practitioner \(p): no standard delivery report to remove")
            practitioners[p].casePoints += delta * caseloads.tables[t].sdr
        }
    }

    /// Workload points of the caseload are kept as a running total (`casePoints`); this
    /// copies the total into `workload` for quick comparisons, with any intervention work
    /// (enforcement, cover for missing services) on top.
    func refreshWorkload(_ p: Int) {
        let workload = practitioners[p].casePoints + practitioners[p].extraPoints
        practitioners[p].workload = workload
        // Cases held from the running total in the record (the case list's own count is in
        // its heap buffer: a cache miss more); they are the same (checked in debug builds).
        assert(practitioners[p].caseCount == Int(caseloads.list(p).pointee.count),
               "practitioner \(p): cases counted differ from cases listed")
        // The roster entry's position from the record (just written: in cache), not the roster's
        // table of places (a load that would wait); the same (checked in debug builds).
        assert(roster.position(of: p) == Int(practitioners[p].rosterPosition)
               && (practitioners[p].rosterPosition < 0 || roster.pdu(of: p) == practitioners[p].pdu),
               "practitioner \(p): roster position copied wrongly")
        roster.update(pdu: practitioners[p].pdu, position: Int(practitioners[p].rosterPosition),
                      workload: workload, held: practitioners[p].caseCount, available: practitioners[p].available)
    }

    func capacity(_ p: Int) -> Double {
        let a = practitioners[p].available
        return a > 0 ? Double(practitioners[p].workload) / Double(a) * 100 : .infinity
    }

    // MARK: allocation

    func scheduleNextMeeting(after tick: Tick) {
        var d = calendar.date(at: max(tick, 0))
        var t = calendar.tick(at: d) + Tick(spec.allocation.meetingMinuteOfDay)
        while t <= tick || !calendar.isWorkingDay(d) {
            d = d.adding(days: 1)
            t = calendar.tick(at: d) + Tick(spec.allocation.meetingMinuteOfDay)
        }
        if t <= horizon { engine.schedule(.allocationMeeting, at: t, priority: .postRelease) }
    }

    /// Every PDU's allocation meeting: the queue in order, each case to the
    /// practitioner the policy picks among those eligible with headroom.
    ///
    /// The queue is read into a buffer the meeting keeps (``readLiveQueue(pdu:)``, ordered by
    /// ``orderMeetingQueueByTierPriority()``), and the cases that wait go back into the PDU's
    /// own queue, emptied with its storage kept: no array is made or grown at a meeting once the
    /// buffers have reached a PDU's largest queue. (`allocate` neither reads nor changes a
    /// queue, so emptying the PDU's queue before the cases are tried changes nothing.)
    func allocationMeeting() {
        let now = engine.now
        let tierFirst = spec.allocation.queueOrder == .highestTierFirst
        for p in pdus.indices {
            guard !pdus[p].queue.isEmpty else { continue }
            // The next PDU with a queue: start loading what its first read of the roster will
            // touch (the orders, last settled a day ago), while this PDU's meeting runs.
            var next = p + 1
            while next < pdus.count && pdus[next].queue.isEmpty { next += 1 }
            if next < pdus.count { roster.prefetchForMeeting(pdu: next) }
            let n = readLiveQueue(pdu: p)
            if tierFirst { orderMeetingQueueByTierPriority(count: n) }
            meetingFailures.removeAll()
            pdus[p].queue.removeAll()
            let queue = meetingQueue
            for j in 0..<n {
                let r = queue[j]
                let i = Int(r.index)
                if cases[i].readyTick > now || !allocate(i, pdu: p) { pdus[p].queue.append(r) }
            }
        }
        scheduleNextMeeting(after: now)
    }

    /// Cases in a PDU's queue that have waited longer than the allocation
    /// target: working days from sentence or handover (from the requeue for a
    /// reallocation) to today, counted as for the target.
    func waitingBeyondTarget(pdu p: Int) -> Int {
        let today = calendar.dayNumber(at: engine.now)
        var n = 0
        for r in pdus[p].queue {
            let c = cases[Int(r.index)]
            guard c.alive, c.generation == r.generation, c.queued else { continue }
            let since = c.needsReallocation ? c.queuedSince : c.clockStart
            if calendar.workingDays(fromDayNumber: calendar.dayNumber(at: since), toDayNumber: today) > spec.allocation.targetWorkingDays { n += 1 }
        }
        return n
    }

    /// Whether a case waiting for its first allocation has passed the target
    /// (more than `target` working days from sentence or handover to today).
    func pastTarget(_ c: CaseState) -> Bool {
        calendar.workingDays(fromTick: c.clockStart, toTick: engine.now) > spec.allocation.targetWorkingDays
    }

    /// At each output date: cases still waiting for their first allocation past
    /// the target count once as missing it, in the period they are first seen
    /// past it, so `allocated_within_5wd_pct` is not computed over the allocated
    /// cases alone (a case that never gets allocated would otherwise never count).
    func countLateWaits() {
        for p in pdus.indices {
            for r in pdus[p].queue {
                let i = Int(r.index)
                let c = cases[i]
                guard c.alive, c.generation == r.generation, c.queued, !c.needsReallocation, !c.countedLate,
                      pastTarget(c) else { continue }
                cases[i].countedLate = true
                pdus[p].flow.targetDue += 1
            }
        }
    }

    /// PDU `p`'s queue without the cases that ended or were allocated since they joined it, in
    /// queue order (a copy: see ``readLiveQueue(pdu:)``).
    func liveQueue(pdu p: Int) -> [CaseRef] {
        let n = readLiveQueue(pdu: p)
        return Array(meetingQueue[0..<n])
    }

    /// Reads PDU `p`'s queue without the cases that ended or were allocated since they joined
    /// it, in queue order, into the first places of `meetingQueue` (a buffer kept between
    /// meetings, at least as long as the longest queue read, so that a meeting neither makes
    /// nor grows an array); returns how many. Their tiers' priorities (`Tier.priority`, 0–15)
    /// are left in the same places of `queuePriorities`, read from the case records while the
    /// records are at hand.
    func readLiveQueue(pdu p: Int) -> Int {
        let length = pdus[p].queue.count
        if meetingQueue.count < length {
            let room = max(length, 2 * meetingQueue.count, 64)
            meetingQueue = Array(repeating: CaseRef(index: 0, generation: 0), count: room)
            meetingSorted = meetingQueue
            queuePriorities = Array(repeating: 0, count: room)
        }
        var live = 0
        cases.withUnsafeBufferPointer { cb in
          pdus[p].queue.withUnsafeBufferPointer { queue in
          meetingQueue.withUnsafeMutableBufferPointer { out in
          queuePriorities.withUnsafeMutableBufferPointer { priorities in
            // The queued cases' records are scattered and cold: each is asked for `ahead` cases
            // before it is read, so that their misses overlap (a hint: nothing changes).
            let ahead = 8
            for j in 0..<min(ahead, queue.count) {
                prefetchForReading(UnsafeRawPointer(cb.baseAddress! + Int(queue[j].index)))
            }
            for j in queue.indices {
                if j + ahead < queue.count {
                    prefetchForReading(UnsafeRawPointer(cb.baseAddress! + Int(queue[j + ahead].index)))
                }
                let r = queue[j]
                let c = cb[Int(r.index)]
                guard c.alive && c.generation == r.generation && c.queued else { continue }
                out[live] = r
                priorities[live] = UInt8(truncatingIfNeeded: c.tier.priority)
                live += 1
                // (The whole record is one cache line, read above: what the meeting reads of
                // it later, in `allocate`, is already loaded.)
            }
          }
          }
          }
        }
        return live
    }

    /// `queue` (from ``liveQueue(pdu:)``) highest tier priority first, in queue order within a
    /// priority (a copy: see ``orderMeetingQueueByTierPriority(count:)``).
    func byTierPriority(_ queue: [CaseRef]) -> [CaseRef] {
        var sorted = queue
        queue.withUnsafeBufferPointer { q in
            queuePriorities.withUnsafeBufferPointer { pr in
                sorted.withUnsafeMutableBufferPointer { out in
                    Self.orderByTierPriority(q, priorities: UnsafeBufferPointer(rebasing: pr[0..<q.count]), into: out)
                }
            }
        }
        return sorted
    }

    /// Puts the first `n` cases of `meetingQueue` (from ``readLiveQueue(pdu:)``) highest tier
    /// priority first, in queue order within a priority (through `meetingSorted`, the buffers
    /// then swapped: no array is made).
    func orderMeetingQueueByTierPriority(count n: Int) {
        meetingQueue.withUnsafeBufferPointer { q in
            queuePriorities.withUnsafeBufferPointer { pr in
                meetingSorted.withUnsafeMutableBufferPointer { out in
                    Self.orderByTierPriority(UnsafeBufferPointer(rebasing: q[0..<n]),
                                             priorities: UnsafeBufferPointer(rebasing: pr[0..<n]), into: out)
                }
            }
        }
        swap(&meetingQueue, &meetingSorted)
    }

    /// Writes `queue` into the first places of `out` highest tier priority first (`priorities[k]`
    /// is `queue[k]`'s, 0–15), in queue order within a priority: a stable counting sort over
    /// the 16 priorities, on the priorities read with the queue (no case record is read again).
    static func orderByTierPriority(_ queue: UnsafeBufferPointer<CaseRef>, priorities: UnsafeBufferPointer<UInt8>,
                                    into out: UnsafeMutableBufferPointer<CaseRef>) {
        precondition(priorities.count == queue.count && out.count >= queue.count,
                     "the queue's priorities were not read with it")
        // start[15 - priority]: where that priority's cases begin (a tuple: no array is made).
        var start: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &start) { raw in
            let start = raw.bindMemory(to: Int.self)
            for q in priorities { start[15 &- Int(q & 15)] &+= 1 }
            var at = 0
            for b in 0..<16 { let n = start[b]; start[b] = at; at &+= n }
            for k in 0..<queue.count {
                let b = 15 &- Int(priorities[k] & 15)
                out[start[b]] = queue[k]
                start[b] &+= 1
            }
        }
    }

    /// Tries to allocate a queued case; returns whether it was.
    func allocate(_ i: Int, pdu p: Int) -> Bool {
        let c = cases[i]
        // Queued cases are held by nobody (see `requeueForReallocation`).
        guard c.practitioner < 0 else { preconditionFailure("case \(i) is queued while held") }
        let casePoints = points[c.category]
        // Above the cap only once the case has waited long enough (the SPO
        // allocates over 100% when they must); otherwise it waits.
        var overCap = false
        var ceiling = Double.infinity
        if let above = spec.allocation.aboveCap {
            // Due once `after` working days have passed since the wait began:
            // from midnight of that working day (computed once per wait).
            if c.escalateAt < 0 {
                cases[i].escalateAt = calendar.midnightAddingWorkingDays(above.afterWorkingDays,
                                                                         to: c.needsReallocation ? c.queuedSince : c.clockStart)
            }
            overCap = engine.now >= cases[i].escalateAt
            ceiling = above.ceilingPercent ?? .infinity
        }
        let kind = (c.type.index * 16 + c.tier.wmtColumnIndex) * 2 + (c.t2a ? 1 : 0)
        if !overCap && meetingFailures.contains(kind) { return false }
        let chosen: AllocationCandidate
        let aboveCap: Bool
        if lowestCapacityPolicy {
            // Lowest capacity first: the first practitioner in capacity order who may hold the
            // case and stays under the cap (above it, the first within the ceiling who is not
            // a PQiP) is the one the policy would pick from the scan's candidates.
            guard let (pick, isAboveCap) = lowestCapacityPick(c, pdu: p, casePoints: casePoints, overCap: overCap,
                                                             ceiling: ceiling, kind: kind) else { return false }
            chosen = pick
            aboveCap = isAboveCap
        } else {
            guard let (pick, isAboveCap) = scanPick(c, pdu: p, casePoints: casePoints, overCap: overCap,
                                                   ceiling: ceiling, kind: kind) else { return false }
            chosen = pick
            aboveCap = isAboveCap
        }
        let pick = chosen.practitioner
        // `attach` below reads the practitioner's record and caseload row: start loading them.
        prefetchHolder(pick, category: c.category)
        // The PDU's counters, changed through one access to `pdus` (one check of the index, not
        // one a counter).
        // A first allocation's working days and days waited (computed once, for the PDU's
        // counters and the KPIs' observations).
        let wd = c.needsReallocation ? 0 : calendar.workingDays(fromTick: c.clockStart, toTick: engine.now)
        let days = c.needsReallocation ? 0 : Double(engine.now - c.clockStart) / Double(Ticks.day)
        @inline(__always) func count(_ flow: inout Flow) {
            if chosen.capacityAfterPercent > 100 { flow.over100 += 1 }
            if chosen.capacityAfterPercent > 110 { flow.over110 += 1 }
            if aboveCap { flow.aboveCap += 1 }
            if c.needsReallocation {
                flow.reallocations += 1
            } else {
                // First allocation: measure against the five-working-day target.
                flow.allocations += 1
                flow.workingDaysToAllocation += Double(wd)
                flow.daysToAllocation += days
                if wd <= spec.allocation.targetWorkingDays {
                    flow.allocatedWithinTarget += 1
                    flow.targetDue += 1
                } else if !c.countedLate {
                    flow.targetDue += 1
                }
            }
        }
        count(&pdus[p].flow)
        observeAllocation(c, workingDays: wd, days: days)
        attach(i, to: pick)
        withCase(i) { $0.queued = false; $0.needsReallocation = false }
        pdus[p].unallocated -= 1
        return true
    }

    /// The practitioner the policy picks for queued case `c` from the scan of PDU `p`'s roster:
    /// everyone who may hold it under the cap, or (when none is and the case is due above the
    /// cap) everyone but PQiPs within the ceiling; and whether it is above the cap. `nil` when
    /// there is nobody (a failure under the cap is remembered for the meeting).
    func scanPick(_ c: CaseState, pdu p: Int, casePoints: Int, overCap: Bool, ceiling: Double, kind: Int,
                  policy choose: ((AllocationRequest, [AllocationCandidate]) -> Int)? = nil) -> (AllocationCandidate, Bool)? {
        var candidates = candidateBuffer
        candidateBuffer = []   // (so that `candidates` is the buffer's only owner and keeps its storage)
        candidates.removeAll(keepingCapacity: true)
        defer { candidateBuffer = candidates }
        var escalation = escalationBuffer
        escalationBuffer = []
        escalation.removeAll(keepingCapacity: true)
        defer { escalationBuffer = escalation }
        let last = Int(c.lastPractitioner)
        withRoster(pdu: p) { list in
            for e in list {
                let rules = Int(e.rules)
                guard mayHold(rules: rules, c.type, c.tier) else { continue }
                let held = Int(e.held)
                if held >= workforce.maxCases[rules] { continue }
                let available = e.available
                guard available > 0 else { continue }
                let workload = e.workload
                let add = casePoints
                let now = Double(workload) / Double(available) * 100
                let after = Double(workload + add) / Double(available) * 100
                let pr = Int(e.practitioner)
                guard after <= capPercent else {
                    if overCap, after <= ceiling, e.grade != .pqip {
                        escalation.append(AllocationCandidate(practitioner: pr, team: Int(e.team), grade: e.grade, capacityPercent: now,
                                                              capacityAfterPercent: after, cases: held,
                                                              heldBefore: pr == last))
                    }
                    continue
                }
                candidates.append(AllocationCandidate(practitioner: pr, team: Int(e.team), grade: e.grade, capacityPercent: now,
                                                      capacityAfterPercent: after, cases: held,
                                                      heldBefore: pr == last))
            }
        }
        let aboveCap = candidates.isEmpty
        if aboveCap { meetingFailures.insert(kind) }
        let pool = aboveCap ? escalation : candidates
        guard !pool.isEmpty else { return nil }
        let request = AllocationRequest(caseType: c.type, tier: c.tier, pdu: p,
                                        previousTeam: c.previousTeam >= 0 ? Int(c.previousTeam) : nil,
                                        isReallocation: c.needsReallocation)
        let k = choose.map { $0(request, pool) } ?? policy.choose(request, from: pool, random: policyStream)
        return (pool[min(max(k, 0), pool.count - 1)], aboveCap)
    }

    /// `lowest-capacity`'s pick for queued case `c` in PDU `p` from the roster's capacity
    /// orders, without a scan: the same practitioner and figures as ``scanPick`` (checked in
    /// debug builds).
    func lowestCapacityPick(_ c: CaseState, pdu p: Int, casePoints: Int, overCap: Bool, ceiling: Double,
                            kind: Int) -> (AllocationCandidate, Bool)? {
        prepareRoster(pdu: p)
        let cap = capPercent
        @inline(__always) func after(_ e: AllocationRoster.Entry) -> Double {
            Double(e.workload + casePoints) / Double(e.available) * 100
        }
        let rules = ruleSetsHolding(c.type, c.tier)
        // The capacity % after the case of the entry last tested: the pick's, once one passes
        // (kept, not computed again).
        var afterPick = 0.0
        var found = roster.lowestCapacityOpen(pdu: p, ruleSets: rules, upTo: cap) { e, _ in
            afterPick = after(e)
            return afterPick <= cap
        }
        let aboveCap = found == nil
        if aboveCap {
            meetingFailures.insert(kind)
            // Nobody stays under the cap: the first within the ceiling, PQiPs excepted.
            if overCap {
                found = roster.lowestCapacityOpen(pdu: p, ruleSets: rules, upTo: ceiling) { e, _ in
                    guard e.grade != .pqip else { return false }
                    afterPick = after(e)
                    return afterPick <= ceiling
                }
            }
        }
        let pick: (AllocationCandidate, Bool)? = found.map { _, now, e in
            let pr = Int(e.practitioner)
            return (AllocationCandidate(practitioner: pr, team: Int(e.team), grade: e.grade, capacityPercent: now,
                                        capacityAfterPercent: afterPick, cases: Int(e.held),
                                        heldBefore: pr == Int(c.lastPractitioner)), aboveCap)
        }
        assert({
            let scan = scanPick(c, pdu: p, casePoints: casePoints, overCap: overCap, ceiling: ceiling, kind: kind) { _, pool in
                pool.lowestCapacity() ?? 0
            }
            return scan?.0 == pick?.0 && scan?.1 == pick?.1
        }(), "the capacity order's pick differs from the roster scan's")
        return pick
    }

    /// Starts loading practitioner `p`'s record (every line). A hint only.
    @inline(__always)
    func prefetchPractitioner(_ p: Int) { practitioners.prefetchElement(at: p) }

    /// Starts loading practitioner `p`'s record and the line of their caseload row that counts
    /// `category` (what `attach` and `detach` touch). A hint to the processor: changes nothing.
    @inline(__always)
    func prefetchHolder(_ p: Int, category: CaseCategory) {
        prefetchPractitioner(p)
        CaseloadTable.prefetch(caseloads.list(p))
    }

    func attach(_ i: Int, to p: Int) {
        let c = cases[i]
        cases[i].practitioner = Int32(p)
        cases[i].previousTeam = Int32(practitioners[p].team)
        caseloadAdd(p, c.category)
        CaseloadTable.append(Int32(i), to: caseloads.list(p))
        practitioners[p].extraPoints += Int(c.extraPoints)
        refreshWorkload(p)
    }

    func detach(_ i: Int) {
        let c = cases[i]
        let p = Int(c.practitioner)
        guard p >= 0 else { return }
        caseloadRemove(p, c.category)
        CaseloadTable.remove(Int32(i), from: caseloads.list(p))
        practitioners[p].extraPoints -= Int(c.extraPoints)
        refreshWorkload(p)
        cases[i].practitioner = -1
        cases[i].lastPractitioner = Int32(p)
    }

    /// Takes a case from its holder (who left, or whose grade may no longer
    /// hold it) and puts it in its PDU's queue for reallocation. A case is
    /// never both held and queued: every case on the caseload is either in
    /// exactly one practitioner's caseload or waiting unallocated.
    func requeueForReallocation(_ i: Int) {
        guard cases[i].alive else { return }
        if cases[i].practitioner >= 0 { detach(i) }
        cases[i].needsReallocation = true
        if !cases[i].queued { enqueue(i, readyAfterWorkingDays: 0) }
    }

    // MARK: levers

    func applyLever(_ lever: Lever) {
        switch lever.change {
        case .inflowScale:
            break // built into the arrival rate profiles
        case .staff(let grade, let n, let scope):
            let targetTeams = teams.indices.filter { ti in
                let p = pdus[teams[ti].pdu]
                return scope.covers(region: regions[p.region].code, pdu: p.number)
            }
            guard !targetTeams.isEmpty else { return }
            if n > 0 {
                for k in 0..<n { _ = addPractitioner(team: targetTeams[k % targetTeams.count], grade: grade, joining: true) }
            } else {
                // Remove the most recently added of the grade, taking teams in turn.
                for k in 0..<(-n) {
                    let order = targetTeams[(k % targetTeams.count)...] + targetTeams[..<(k % targetTeams.count)]
                    guard let ti = order.first(where: { ti in teams[ti].members.contains { practitioners[$0].grade == grade } }),
                          let p = teams[ti].members.last(where: { practitioners[$0].grade == grade }) else { break }
                    removePractitioner(p)
                }
            }
        case .points(let table):
            setPoints(table)
        case .allocationCap(let cap):
            capPercent = cap
        case .allocationPolicy(let name):
            if let p = AllocationPolicies.make(name) { policy = p }
        case .extraLeave, .establishment:
            applyWorkforceLever(lever)
        case .earlyRelease(let scale, let share):
            applyEarlyRelease(scale: scale, share: share)
        case .supervisionReset(let reset):
            applySupervisionReset(reset)
        }
    }

    /// Takes a practitioner out of post (a leaver, or a staffing lever);
    /// their cases go back to the PDU's queue for reallocation.
    func removePractitioner(_ p: Int) {
        guard practitioners[p].active else { return }
        practitioners[p].active = false
        teams[practitioners[p].team].members.removeAll { $0 == p }
        if practitioners[p].grade == .po { regions[pdus[practitioners[p].pdu].region].posInPost -= 1 }
        roster.memberRemoved(p, pdu: practitioners[p].pdu)
        syncRosterPlaces()
        pdus[practitioners[p].pdu].flow.leavers += 1
        pdus[practitioners[p].pdu].flow.wf.leavers[practitioners[p].grade.index] += 1
        // (Iterates over a copy: each requeue detaches the case from `caseIndices`.)
        for ci in practitioners[p].caseIndices { requeueForReallocation(Int(ci)) }
        assert(practitioners[p].caseIndices.isEmpty && practitioners[p].caseCount == 0)
        refreshSupervision(team: practitioners[p].team)
    }

    func setPoints(_ table: PointsTable) {
        points = table
        caseloads.append(table)
        availablePointsMemo.removeAll()
        caseloads.settle()   // (the rows are read below)
        for p in practitioners.indices where practitioners[p].active {
            let s = practitioners[p]
            practitioners[p].available = table.availablePoints(grade: s.grade, contractedHours: s.contracted, reductionHours: s.reduction)
            // The caseload's points afresh under the new table.
            var total = s.sdrCount * table.sdr + s.fdrCount * table.fdr
            for i in 0..<CaseloadTable.width { total += Int(s.counts[i]) * table.points(atIndex: i) }
            practitioners[p].casePoints = total
            practitioners[p].pointsTable = caseloads.current
            refreshWorkload(p)
            rosterUpdate(p)   // available points changed too
        }
    }

    // MARK: initial caseload

    /// The time on the caseload before release of a custodial sentence found in the
    /// steady-state stock: the whole time to serve under the short-sentence threshold (held
    /// from sentence), otherwise the handover window (the early-allocation window, at most
    /// the time to serve, for that share). A sentence is found with probability proportional
    /// to that time, so it is drawn length-biased by rejection against the longest stage.
    /// (Drawing every stock case's release uniformly over the 7.5-month window, as before,
    /// released the short sentences — two thirds of the stock — too slowly: releases in the
    /// first quarter came out about a fifth low and the custody stock swelled.)
    func custodyStockStageDays() -> Double {
        let c = spec.cases
        let threshold = Double(c.shortSentenceThresholdDays)
        let window = Double(c.handoverBeforeReleaseDays)
        let earlyWindow = Double(c.earlyAllocationHandoverDays)
        let longest = max(threshold, window, c.earlyAllocationShare > 0 ? earlyWindow : 0)
        guard longest > 0 else { return window }
        for _ in 0..<10_000 {
            let t = max(1, c.custodyTimeToServeDays.sample(stock))
            let stage: Double
            if t < threshold {
                stage = t
            } else if c.earlyAllocationShare > 0 && stock.bernoulli(c.earlyAllocationShare) {
                stage = min(t, earlyWindow)
            } else {
                stage = window
            }
            if stage > 0 && stock.uniform() * longest < stage { return stage }
        }
        return window
    }

    func seedInitialCaseload() {
        guard let initial = spec.initialCaseload else { return }
        if initial.prisonPipeline { seedPrisonPipeline() }
        guard initial.total > 0 else { return }
        let pduCounts = apportion(total: initial.total, weights: pdus.map { initial.pduWeights[$0.number] ?? 0 })
        let types: [CaseType] = [.community, .licence, .custody]
        let typeSampler = CategoricalSampler(weights: types.map { initial.typeShares[$0] ?? 0 })
        let stockTiering = initial.tierMix.map { SampledTierMix($0) } ?? (tiering as? SampledTierMix) ?? SampledTierMix(spec.cases.tierMix)
        for p in pdus.indices {
            for _ in 0..<pduCounts[p] {
                let type = types[typeSampler.sample(stock)]
                var tier = tieringState == nil ? stockTiering.tier(for: type, stock) : .d0
                let i = newCase(pdu: p, type: type, tier: tier, stream: stock)
                if let ts = tieringState {
                    tierAtSentence(i, custodyOrigin: type != .community, stream: stockProfileStream!)
                    if type == .licence {
                        // Released before day 0: a lifer's release within the last three years.
                        let ago = Int(stockProfileStream!.uniform() * 3 * 365.25)
                        ts.released(i, day: spec.start.dayNumber - ago)
                        let o = ts.recomputed(i, day: spec.start.dayNumber)
                        cases[i].tier = ts.workloadTier(o)
                        cases[i].unsupervised = o.unsupervised
                    }
                    tier = cases[i].tier
                }
                cases[i].onCaseload = true
                countCase(p, type, tier, +1)
                if let ts = tieringState { countTierMix(p, ts.outcome(i), +1) }
                switch type {
                case .community:
                    let remaining = ResidualLife.sample(spec.cases.communityLengthDays, stock)
                    cases[i].endTick = Ticks.days(max(remaining, 1.0 / 1440))
                    if cases[i].endTick <= horizon { engine.schedule(.termination(ref(i)), at: cases[i].endTick, priority: .release) }
                case .licence:
                    let remaining = ResidualLife.sample(spec.cases.licenceLengthDays, stock)
                    cases[i].endTick = Ticks.days(max(remaining, 1.0 / 1440))
                    if cases[i].endTick <= horizon { engine.schedule(.termination(ref(i)), at: cases[i].endTick, priority: .release) }
                case .custody:
                    // Pre-release cases held in the community: found in proportion to
                    // their time on the caseload before release, uniformly far through it.
                    let stage = custodyStockStageDays()
                    let release = Ticks.days(max(stock.uniform() * stage, 1.0 / 1440))
                    cases[i].releaseTick = release
                    // (For a long sentence the sentence date is unknown: taken as the start
                    // of the window, which matters only to an early-release lever within it.)
                    cases[i].sentencedTick = release - Ticks.days(stage)
                    if release <= horizon { engine.schedule(.release(ref(i)), at: release) }
                }
                scheduleTierChange(i)
                if initial.allocated {
                    if let pr = stockHolder(for: i, pdu: p) {
                        attach(i, to: pr)
                    } else {
                        cases[i].clockStart = 0
                        enqueue(i, readyAfterWorkingDays: 0)
                        cases[i].needsReallocation = true
                    }
                } else {
                    cases[i].clockStart = 0
                    enqueue(i, readyAfterWorkingDays: 0)
                }
            }
        }
    }

    /// Long-sentence prisoners sentenced before day 0 who reach handover after
    /// it: past sentences are replayed as a Poisson process at each PDU's
    /// day-0 custodial rate over a look-back long enough to cover almost any
    /// time to serve (mean + 10 sd, at most 30 years), and those whose
    /// handover date falls after day 0 are kept, with their handover and
    /// release scheduled. Draws come from their own stream (`prison-pipeline`).
    func seedPrisonPipeline() {
        let stream = StreamSeeder(masterSeed: spec.seed, replication: replication).stream("prison-pipeline")
        let toServe = spec.cases.custodyTimeToServeDays
        let lookback = min(toServe.mean + 10 * toServe.variance.squareRoot(), 30 * 365.25)
        guard lookback.isFinite, lookback > 0 else { return }
        for p in pdus.indices {
            let perDay = sentenceArrivals[p].rate.rate(at: 0) * Double(Ticks.day) * spec.cases.custodyShare
            let n = stream.poisson(mean: perDay * lookback)
            for _ in 0..<n {
                let ago = stream.uniform() * lookback
                let t = max(1, toServe.sample(stream))
                guard t >= Double(spec.cases.shortSentenceThresholdDays) else { continue }
                let early = stream.bernoulli(spec.cases.earlyAllocationShare)
                let before = Double(early ? spec.cases.earlyAllocationHandoverDays : spec.cases.handoverBeforeReleaseDays)
                let handoverIn = t - before - ago
                guard handoverIn > 0 else { continue }
                let i = newCase(pdu: p, type: .custody, tier: tieringState == nil ? tiering.tier(for: .custody, stream) : .d0, stream: stream)
                if tieringState != nil { tierAtSentence(i, custodyOrigin: true, stream: stockProfileStream!) }
                cases[i].withPrisonOffenderManager = true
                pdus[p].awaitingHandover += 1
                cases[i].sentencedTick = -Ticks.days(ago)
                cases[i].releaseTick = Ticks.days(t - ago)
                let at = Ticks.days(handoverIn)
                if at <= horizon { engine.schedule(.handover(ref(i)), at: at) }
                if cases[i].releaseTick <= horizon { engine.schedule(.release(ref(i)), at: cases[i].releaseTick) }
            }
        }
    }

    /// The practitioner who holds a stock case on day 0: the one an allocation meeting would
    /// give it to with the whole stock in hand (docs/model.md, *Initial stock*).
    /// 1. The eligible practitioner with the lowest capacity % who stays within the cap
    ///    after taking it (a trainee's stage rules and case-count cap apply, as always).
    /// 2. If nobody does: the eligible practitioner with the lowest capacity % who is not a
    ///    trainee, above the cap and without a ceiling (the stock was held by someone on
    ///    Day 1; trainees' caseloads are protected, 004_57a3991b30581a3c.txt:202, and
    ///    allocation never takes a trainee above the cap).
    /// 3. If only trainees may hold it: nobody (`nil`); it waits to be allocated.
    func stockHolder(for i: Int, pdu p: Int) -> Int? {
        let c = cases[i]
        prepareRoster(pdu: p)
        let casePoints = points[c.category]
        let cap = capPercent
        @inline(__always) func after(_ e: AllocationRoster.Entry) -> Double {
            Double(e.workload + casePoints) / Double(e.available) * 100
        }
        // The first in capacity order of the rule sets that may hold the case.
        let rules = ruleSetsHolding(c.type, c.tier)
        let found = roster.lowestCapacityOpen(pdu: p, ruleSets: rules, upTo: cap) { e, _ in after(e) <= cap }
            ?? roster.lowestCapacityOpen(pdu: p, ruleSets: rules, upTo: .infinity) { e, _ in e.grade != .pqip }
        guard let (_, _, e) = found else { return nil }
        return Int(e.practitioner)
    }

    /// Splits a total into whole numbers proportional to weights (largest remainder).
    func apportion(total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0.rounded(.down)) }
        var left = total - counts.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
        for k in order where left > 0 { counts[k] += 1; left -= 1 }
        return counts
    }
}

/// A reference to a case that survives the case's slot being reused.
struct CaseRef: Hashable {
    var index: Int32
    var generation: UInt32
}

/// A case's record: one cache line (64 bytes; `CaseStateLayoutTests`).
///
/// A national replication reads some 200,000 live case records in no useful order, each
/// last touched days or weeks of simulated time before: nearly every read waits for memory.
/// Laid out plainly (Int64 times, one byte a flag) the record took 116 bytes every 120, so
/// three cases in four sat across three cache lines and the rest across two. Here the eight
/// times are kept as 32-bit minutes and the ten flags as bits of one 16-bit word, read and
/// written through properties with the plain names and types, so the record fills one line
/// and the store aligns it on one.
///
/// A time is kept in 32 bits of minutes, clamped to their range (about 4,000 years either
/// side of the start): scenarios last at most 50 years and no duration exceeds 100
/// (`ScenarioLimits`), so every time the model sets is far inside; one that was not could
/// only lie thousands of years past the horizon or before the start, never reached.
struct CaseState {
    var generation: UInt32 = 0
    var pdu: Int32
    var practitioner: Int32 = -1
    var previousTeam: Int32 = -1
    var lastPractitioner: Int32 = -1
    /// The case's entry in the interventions component (-1: none) and the
    /// WMT-equivalent points of its intervention work, which count in its holder's workload.
    var interventions: Int32 = -1
    var extraPoints: Int32 = 0
    private var queuedSinceMinutes: Int32 = 0
    private var escalateAtMinutes: Int32 = -1
    private var readyMinutes: Int32 = 0
    private var clockStartMinutes: Int32 = 0
    private var releaseMinutes: Int32 = 0
    private var endMinutes: Int32 = 0
    private var sentencedMinutes: Int32 = 0
    private var periodStartMinutes: Int32 = 0
    var type: CaseType
    var tier: Tier
    private var flags: UInt16 = Flag.alive

    private enum Flag {
        static let alive: UInt16 = 1 << 0
        static let unsupervised: UInt16 = 1 << 1
        static let t2a: UInt16 = 1 << 2
        static let female: UInt16 = 1 << 3
        static let queued: UInt16 = 1 << 4
        static let needsReallocation: UInt16 = 1 << 5
        static let countedLate: UInt16 = 1 << 6
        static let onCaseload: UInt16 = 1 << 7
        static let withPrisonOffenderManager: UInt16 = 1 << 8
        static let earlyRelease: UInt16 = 1 << 9
    }

    @inline(__always) private func flag(_ f: UInt16) -> Bool { flags & f != 0 }
    @inline(__always) private mutating func set(_ f: UInt16, _ on: Bool) {
        flags = on ? flags | f : flags & ~f
    }
    @inline(__always) private static func minutes(_ t: Tick) -> Int32 { Int32(clamping: t) }

    var alive: Bool { get { flag(Flag.alive) } set { set(Flag.alive, newValue) } }
    /// Whether the tier carries the `S` suffix (a `PRC` registration; computed tiering).
    var unsupervised: Bool { get { flag(Flag.unsupervised) } set { set(Flag.unsupervised, newValue) } }
    var t2a: Bool { get { flag(Flag.t2a) } set { set(Flag.t2a, newValue) } }
    var female: Bool { get { flag(Flag.female) } set { set(Flag.female, newValue) } }
    var queued: Bool { get { flag(Flag.queued) } set { set(Flag.queued, newValue) } }
    var needsReallocation: Bool { get { flag(Flag.needsReallocation) } set { set(Flag.needsReallocation, newValue) } }
    /// Still waiting for its first allocation past the allocation target, and
    /// already counted as missing it (`Flow.targetDue`), so its late allocation
    /// is not counted again.
    var countedLate: Bool { get { flag(Flag.countedLate) } set { set(Flag.countedLate, newValue) } }
    var onCaseload: Bool { get { flag(Flag.onCaseload) } set { set(Flag.onCaseload, newValue) } }
    var withPrisonOffenderManager: Bool {
        get { flag(Flag.withPrisonOffenderManager) } set { set(Flag.withPrisonOffenderManager, newValue) }
    }
    /// Released (or to be released) early under the release-timing lever.
    var earlyRelease: Bool { get { flag(Flag.earlyRelease) } set { set(Flag.earlyRelease, newValue) } }

    var queuedSince: Tick { get { Tick(queuedSinceMinutes) } set { queuedSinceMinutes = Self.minutes(newValue) } }
    /// When a waiting case may be allocated above the cap (-1: not yet computed).
    var escalateAt: Tick { get { Tick(escalateAtMinutes) } set { escalateAtMinutes = Self.minutes(newValue) } }
    var readyTick: Tick { get { Tick(readyMinutes) } set { readyMinutes = Self.minutes(newValue) } }
    var clockStart: Tick { get { Tick(clockStartMinutes) } set { clockStartMinutes = Self.minutes(newValue) } }
    var releaseTick: Tick { get { Tick(releaseMinutes) } set { releaseMinutes = Self.minutes(newValue) } }
    var endTick: Tick { get { Tick(endMinutes) } set { endMinutes = Self.minutes(newValue) } }
    /// When the person was sentenced (stock: see `seedInitialCaseload`) and
    /// when the current supervision period (order or licence) started.
    var sentencedTick: Tick { get { Tick(sentencedMinutes) } set { sentencedMinutes = Self.minutes(newValue) } }
    var periodStart: Tick { get { Tick(periodStartMinutes) } set { periodStartMinutes = Self.minutes(newValue) } }

    init(pdu: Int32, type: CaseType, tier: Tier, t2a: Bool, female: Bool) {
        self.pdu = pdu; self.type = type; self.tier = tier
        self.t2a = t2a; self.female = female
    }

    /// The WMT category the case counts in.
    var category: CaseCategory { CaseCategory(type, tier, t2a: t2a, unsupervised: unsupervised) }
}

/// A practitioner's record: 256 bytes, four cache lines (`CaseStateLayoutTests`), with what a
/// case's allocation or end changes and what the weekly check reads in the first.
///
/// Allocating a case, ending one or moving one reads and writes a handful of its holder's
/// figures (the running totals, the workload, the available points, the roster position);
/// the weekly check and the output dates read the workload, the available points, the grade,
/// the weeks over 110% and whether the practitioner is in post. The 12,000 records of a national replication take 3 MiB, more than a core's
/// second-level cache, and were 224 bytes each in declaration order: those figures lay
/// across three of a record's lines, and most records started partway through a line. Here
/// they come first (Swift lays a struct out in declaration order), the record is padded to
/// a whole number of lines and the store aligns it on one, so they are one line a
/// practitioner: 750 KB for all of them.
struct PractitionerState {
    // The first line (64 bytes).
    var workload: Int = 0
    var available: Int = 0
    /// Running totals of the caseload: cases held, court reports counted, and their WMT
    /// points under the table in force (without intervention work: `workload`).
    var casePoints = 0
    /// Points of intervention work on the cases held (see `CaseState.extraPoints`).
    var extraPoints = 0
    var caseCount = 0
    private var pdu32: Int32
    private var team32: Int32
    /// The practitioner's position in their PDU's allocation roster list (-1: in none): a copy
    /// of the roster's, kept by ``ProbationModel/syncRosterPlaces()``, beside the figures a
    /// change of workload writes.
    var rosterPosition: Int32 = -1
    /// The points table the caseload is weighed with (an index into `CaseloadTable.tables`).
    var pointsTable: Int32 = 0
    private var weeksOver110_32: Int32 = 0
    var active = true
    var grade: Grade
    // The rest.
    var sdrCount = 0
    var fdrCount = 0
    /// The practitioner's row of case counts by WMT category in the model's caseload table
    /// (`ProbationModel.caseloads`), and that table (not retained: the model owns it).
    let counts: UnsafeMutablePointer<Int32>
    unowned(unsafe) let caseloadTable: CaseloadTable
    /// The cases held (indices), in the caseload table (``CaseloadTable/CaseList``; the
    /// practitioner's list is the table's list `p`, as their row is its row `p`).
    let caseList: UnsafeMutablePointer<CaseloadTable.CaseList>
    var contracted: Double
    var reduction: Double
    var name: String
    /// Training stage, rules in force, reduction components (Workforce.swift).
    var wf = PractitionerWorkforce()
    /// To a whole number of cache lines (200 bytes of fields).
    private var padding: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)

    /// The PDU and team (indices), and the weeks in a row over 110% capacity, kept in 32 bits
    /// in the first line.
    var pdu: Int { get { Int(pdu32) } set { pdu32 = Int32(newValue) } }
    var team: Int { get { Int(team32) } set { team32 = Int32(newValue) } }
    var weeksOver110: Int { get { Int(weeksOver110_32) } set { weeksOver110_32 = Int32(newValue) } }

    /// The cases held, as an array (a copy).
    var caseIndices: [Int32] { CaseloadTable.array(caseList) }

    init(name: String, grade: Grade, team: Int, pdu: Int, contracted: Double, reduction: Double,
         counts: UnsafeMutablePointer<Int32>, list: UnsafeMutablePointer<CaseloadTable.CaseList>, table: CaseloadTable) {
        self.name = name; self.grade = grade; pdu32 = Int32(pdu); team32 = Int32(team)
        self.contracted = contracted; self.reduction = reduction
        self.counts = counts; self.caseList = list; self.caseloadTable = table
    }

    /// The caseload as the WMT counts it, copied out of the caseload table. O(192).
    var caseload: Caseload {
        caseloadTable.settle()
        return Caseload(table: caseloadTable.tables[Int(pointsTable)], counts: counts, sdr: sdrCount, fdr: fdrCount)
    }

    /// Cases of one type held, whatever their tier, young adult or not (as
    /// `Caseload.cases(of:)`: the unsupervised categories are not counted).
    func cases(of type: CaseType) -> Int {
        caseloadTable.settle()
        var n: Int32 = 0
        let base = type.index * 16
        for k in base..<(base + 16) { n += counts[k] + counts[96 + k] }
        return Int(n)
    }
}

struct TeamState {
    var name: String
    var pdu: Int
    var spec: TeamSpec
    var members: [Int] = []
    var serial = [Int](repeating: 0, count: Grade.allCases.count)
}

struct RegionState {
    var code: String
    var name: String
    var pdus: [Int] = []
    /// POs in post in the region's teams (kept by `addPractitioner`, `removePractitioner` and
    /// `changeGrade`, so that a qualification need not count the region's staff).
    var posInPost = 0
}

/// A set of case kinds (type, tier, T2A: `(type.index * 16 + tier.wmtColumnIndex) * 2 + t2a`,
/// under 128) as two words of bits: no hashing, no heap buffer.
struct CaseKindSet {
    private var low: UInt64 = 0, high: UInt64 = 0
    @inline(__always)
    func contains(_ kind: Int) -> Bool {
        precondition(kind >= 0 && kind < 128, "case kind \(kind) out of range")
        return (kind < 64 ? low >> UInt64(kind) : high >> UInt64(kind - 64)) & 1 != 0
    }
    @inline(__always)
    mutating func insert(_ kind: Int) {
        precondition(kind >= 0 && kind < 128, "case kind \(kind) out of range")
        if kind < 64 { low |= 1 << UInt64(kind) } else { high |= 1 << UInt64(kind - 64) }
    }
    mutating func removeAll() { low = 0; high = 0 }
}

/// Flows counted since the last output.
struct Flow {
    var arrivals = 0
    var terminations = 0
    var allocations = 0
    var allocatedWithinTarget = 0
    /// First allocations whose target fell due in the period: allocated in
    /// time, allocated late (unless already counted), or still waiting past
    /// the target at an output date or when the case ended (counted once).
    var targetDue = 0
    var daysToAllocation = 0.0
    var workingDaysToAllocation = 0.0
    var reallocations = 0
    /// Computed tiering: reassessments, tier changes up and down, and reallocations a tier
    /// change (or the switch to v3) caused.
    var reassessments = 0
    var tierUps = 0
    var tierDowns = 0
    var tierReallocations = 0
    /// Allocations (first and re-) that took the holder over 100% / 110%, or
    /// above the allocation cap (escalated by the SPO).
    var over100 = 0
    var over110 = 0
    var aboveCap = 0
    /// Releases from custody onto licence, and of them early releases.
    var releases = 0
    var earlyReleases = 0
    var reports = 0
    var joiners = 0
    var leavers = 0
    /// Joiners and leavers by grade, qualifications, progressions, withdrawals (Workforce.swift).
    var wf = WorkforceFlow()

    mutating func add(_ o: Flow) {
        wf.add(o.wf)
        arrivals += o.arrivals; terminations += o.terminations; allocations += o.allocations
        allocatedWithinTarget += o.allocatedWithinTarget; targetDue += o.targetDue; daysToAllocation += o.daysToAllocation
        workingDaysToAllocation += o.workingDaysToAllocation; reallocations += o.reallocations
        over100 += o.over100; over110 += o.over110; aboveCap += o.aboveCap
        releases += o.releases; earlyReleases += o.earlyReleases
        reports += o.reports; joiners += o.joiners; leavers += o.leavers
        reassessments += o.reassessments; tierUps += o.tierUps; tierDowns += o.tierDowns
        tierReallocations += o.tierReallocations
    }
}

struct PDUState {
    var number: Int
    var name: String
    var region: Int
    var teams: [Int] = []
    /// The unallocated queue, in a store (a reference: copies of the record share it) that the
    /// model frees in its `deinit`: cases join it at every enqueue and meeting.
    let queue = RecordStore<CaseRef>()
    var unallocated = 0
    /// Long-sentence prisoners sentenced here, held by a prison offender
    /// manager, not yet handed over (they count in `people_on_probation`).
    var awaitingHandover = 0
    /// Community caseload counts by case type × tier (index type.index * 16 + tier.index):
    /// the PDU's row of the model's `PDUCountTable` (changed through
    /// `ProbationModel.countCase`), and a copy of it.
    let countsRow: UnsafeMutablePointer<Int>
    var counts: [Int] { Array(UnsafeBufferPointer(start: countsRow, count: PDUCountTable.width)) }
    var flow = Flow()

    init(number: Int, name: String, region: Int, counts: UnsafeMutablePointer<Int>) {
        self.number = number; self.name = name; self.region = region; self.countsRow = counts
    }
}

/// Every PDU's community caseload counts by case type × tier (`PDUState.counts`), one row
/// each, in one buffer the table owns and frees: a count changes in place, without the
/// uniqueness checks of the PDUs' array and a counts array in each.
final class PDUCountTable {
    static let width = CaseType.allCases.count * Tier.allCases.count
    let rows: UnsafeMutablePointer<Int>
    let pdus: Int

    init(pdus: Int) {
        precondition(Self.width == 48 && Tier.allCases.count == 16, "PDUCountTable: the caseload cells changed")
        self.pdus = pdus
        rows = .allocate(capacity: max(pdus, 1) * Self.width)
        rows.initialize(repeating: 0, count: max(pdus, 1) * Self.width)
    }

    deinit { rows.deallocate() }

    /// PDU `p`'s row.
    func row(_ p: Int) -> UnsafeMutablePointer<Int> {
        precondition(p >= 0 && p < pdus, "PDUCountTable: no PDU \(p)")
        return rows + p * Self.width
    }
}

extension Grade {
    /// Position in `Grade.allCases`, for flat per-grade arrays.
    var index: Int {
        switch self {
        case .po: return 0
        case .pso: return 1
        case .pqip: return 2
        case .spo: return 3
        }
    }
}

extension Tier {
    /// The tier one step away: `risk` +1 raises the risk-of-harm letter
    /// (D → C → B → A), `complexity` +1 raises the digit (0 → 1 → 2 → 3).
    /// Steps past the ends stay at the end.
    func stepped(risk: Int, complexity dc: Int) -> Tier {
        let letters: [Character] = ["D", "C", "B", "A"]
        let r = min(max((letters.firstIndex(of: riskLetter) ?? 0) + risk, 0), 3)
        let c = min(max(complexity + dc, 0), 3)
        return Tier(riskLetter: letters[r], complexity: c) ?? self
    }
}

extension Caseload {
    /// Cases of one type, whatever their tier, young adult or not.
    func cases(of type: CaseType) -> Int {
        Tier.allCases.reduce(0) { $0 + count(type, $1) + count(type, $1, t2a: true) }
    }
}

extension Scope {
    func covers(region: String, pdu: Int) -> Bool {
        switch self {
        case .national: return true
        case .region(let r): return r == region
        case .pdu(let n): return n == pdu
        }
    }
}
