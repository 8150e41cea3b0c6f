// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

// The interventions component: unpaid work, accredited programmes and
// structured interventions, and commissioned rehabilitative services, one set
// per region (docs/interventions.md). The model calls in at a few points —
// set-up, sentence, release, termination, output — and hands it the
// `.interventions` events; with `spec.interventions == nil` none of this runs.

extension ProbationModel {
    // MARK: set-up

    /// The component's state for a replication (from `init`; nil without interventions).
    /// Regions are indexed as the organisation lists them (`buildOrganisation`).
    static func makeInterventions(spec: ModelSpec, replication: Int) -> InterventionsState? {
        guard let s = spec.interventions else { return nil }
        return InterventionsState(spec: s, seeder: StreamSeeder(masterSeed: spec.seed, replication: replication),
                                  regionCodes: spec.organisation.regions.map(\.code))
    }

    /// Seeds the day-0 backlogs and schedules the component's events (from `prepare`).
    func prepareInterventions() {
        guard let iv = interventionState else { return }
        // A case has one entry at most and one unpaid work requirement at most, and the case
        // table holds room for every case expected over the run (``reserveCases``): the two
        // stores that grow with sentences take that room once, so that they are not copied at
        // each doubling (the copies and the fresh pages they touched were about 0.4% of a
        // national replication). The backlog's requirements come on top.
        let backlog = iv.spec.unpaidWork?.backlog?.people.values.reduce(0, +) ?? 0
        iv.entries.reserveCapacity(cases.capacity + backlog)
        iv.upw.reserveCapacity(cases.capacity + backlog)
        seedUPWBacklog(iv)
        seedProgrammeBacklog(iv)
        if iv.spec.unpaidWork != nil { scheduleNextSessionDay(after: -1) }
        if iv.spec.programmes != nil { scheduleNextGroupPlanning(after: -1) }
        for (k, lever) in iv.spec.levers.enumerated() {
            engine.schedule(.interventions(.lever(Int32(k))), at: calendar.tick(at: lever.date), priority: .capacityChange)
        }
    }

    func handleIntervention(_ e: InterventionEvent) {
        withInterventions { iv in
            switch e {
            case .upwSessionDay: upwSessionDay(iv)
            case .upwDeadline(let r): upwDeadline(Int(r), iv)
            case .programmeReady(let r): programmeReady(Int(r), iv)
            case .programmeExpiry(let r): expireProgramme(Int(r), iv)
            case .groupPlanning: groupPlanning()
            case .groupSession(let g): groupSession(Int(g), iv)
            case .serviceEnds(let r): serviceEnds(Int(r), iv)
            case .coverEnds(let t): coverEnds(Int(t), iv)
            case .pointsEnd(let k): pointsEnd(Int(k), iv)
            case .lever(let k): applyInterventionLever(iv.spec.levers[Int(k)])
            }
        }
    }

    /// Runs `body` with the component, without retaining and releasing it (as ``withTiering``):
    /// the model holds it in a `let` for its whole life. The hot paths take it once, here, and
    /// pass it down; reading ``interventionState`` into a local took a retain and a release
    /// each time (about 2% of a national replication in all, sentences and session days most).
    /// - Precondition: the model has interventions (``interventionRef`` is not nil).
    @inline(__always) func withInterventions<R>(_ body: (InterventionsState) -> R) -> R {
        interventionRef.unsafelyUnwrapped._withUnsafeGuaranteedRef(body)
    }

    func regionOf(case i: Int) -> Int { pdus[Int(cases[i].pdu)].region }

    /// The case's entry, created on first use.
    func entry(for i: Int, _ iv: InterventionsState) -> Int {
        if cases[i].interventions >= 0 { return Int(cases[i].interventions) }
        iv.entries.append(CaseEntry(caseRef: ref(i)))
        iv.entryAdded()
        cases[i].interventions = Int32(iv.entries.count - 1)
        return iv.entries.count - 1
    }

    // MARK: hooks

    /// A new community sentence (case `i`): draws its requirements and referrals.
    func interventionsOnSentence(_ i: Int, _ iv: InterventionsState) {
        let region = regionOf(case: i)
        if iv.hasUnpaidWork {
            let u = iv.rates
            // The same draws for every sentence, whatever they give (common random numbers).
            let has = iv.upwDraws.uniform() < u.upwShare
            var hours = wholeHours(iv.upwHours.sample(iv.upwDraws))
            if has, !iv.scriptedHours.isEmpty { hours = iv.scriptedHours.removeFirst() }
            let intensive = iv.upwDraws.uniform() < u.upwIntensiveShare
            let ete = iv.upwDraws.uniform() < u.upwETEShare
            if has {
                let e = entry(for: i, iv)
                let now = engine.now
                let minutes = Int32(hours * 60)
                var record = UPWRecord(entry: Int32(e), region: Int32(region), ordered: minutes,
                                       eteAllowance: ete ? Int32((Double(minutes) * u.upwETEMaxShareOfHours).rounded(.down)) : 0,
                                       readyTick: calendar.tickAddingWorkingDays(u.upwStartAfterWorkingDays, to: now),
                                       sentenceTick: now, deadline: now + Ticks.days(u.upwCompletionWindowDays),
                                       intensive: intensive, started: false, initial: false)
                record.caseIndex = Int32(i)
                record.caseGeneration = cases[i].generation
                let r = addUPW(record, iv)
                iv.entries[e].upw = Int32(r)
                iv.regions[region].flow.upwOrdered += Int(minutes)
            }
        }
        if iv.hasProgrammes {
            let uAP = iv.programmeDraws.uniform(), uSI = iv.programmeDraws.uniform()
            var kind: ProgrammeKind?
            // (A share of -1: the kind is not modelled.)
            if uAP < iv.programmeShares[ProgrammeKind.accredited.rawValue] { kind = .accredited }
            else if uSI < iv.programmeShares[ProgrammeKind.structured.rawValue] { kind = .structured }
            if let kind {
                let e = entry(for: i, iv)
                let ready = engine.now + Ticks.days(max(0, iv.programmeReadyAfter[kind.rawValue].sample(iv.programmeDraws)))
                iv.programmes.append(ProgrammeRecord(entry: Int32(e), region: Int32(region), kind: kind, state: .notReady,
                                                     endTick: cases[i].endTick))
                let r = iv.programmes.count - 1
                iv.entries[e].programme = Int32(r)
                iv.markEndsWork(e)
                if ready <= horizon { engine.schedule(.interventions(.programmeReady(Int32(r))), at: ready) }
            }
        }
        refer(i, region: region, iv)
    }

    /// A release onto licence (case `i`): referrals to commissioned services.
    func interventionsOnRelease(_ i: Int, _ iv: InterventionsState) {
        refer(i, region: regionOf(case: i), iv)
    }

    /// A case ends: programme requirements not completed expire, services and
    /// cover stop; the order counts once if a requirement is outstanding.
    /// (Unpaid work runs to the end of its own window: see `upwDeadline`.)
    func interventionsOnTermination(_ i: Int, _ iv: InterventionsState) {
        guard cases[i].interventions >= 0 else { return }
        let e = Int(cases[i].interventions)
        // Unpaid work alone: nothing to stop.
        guard iv.endsWork(e) else { return }
        let region = regionOf(case: i)
        var outstanding = false
        let p = Int(iv.entries[e].programme)
        if p >= 0 {
            switch iv.programmes[p].state {
            case .completed: break
            case .droppedOut: outstanding = true
            default: expireProgramme(p, iv); outstanding = true
            }
        }
        if outstanding { countOrderEnded(entry: e, region: region, iv) }
        var s = Int(iv.entries[e].firstService)
        while s >= 0 {
            endService(s, iv)
            s = Int(iv.services[s].nextOfEntry)
        }
        var t = Int(iv.entries[e].firstCover)
        while t >= 0 {
            if iv.covers[t].active {
                creditCover(t, iv)
                iv.covers[t].active = false
            }
            t = Int(iv.covers[t].nextOfEntry)
        }
        iv.entries[e].firstCover = -1
        iv.entries[e].lastCover = -1
    }

    func countOrderEnded(entry e: Int, region: Int, _ iv: InterventionsState) {
        if e >= 0 {
            guard !iv.entries[e].counted else { return }
            iv.entries[e].counted = true
        }
        iv.regions[region].flow.ordersEndedOutstanding += 1
    }

    // MARK: practitioner workload

    /// Hours a week of practitioner time as WMT-equivalent points: hours ×
    /// nominal target / default hours (a PO's, in the points table in force).
    func pointsForHoursPerWeek(_ hours: Double) -> Int {
        guard points.defaultHoursPO > 0, hours > 0 else { return 0 }
        return Int((hours * Double(points.nominalTargetPO) / points.defaultHoursPO).rounded())
    }

    /// Adds (or removes) points to a case's extra workload; its holder's workload follows.
    func addExtraPoints(case i: Int, _ delta: Int) {
        guard delta != 0 else { return }
        cases[i].extraPoints += Int32(delta)
        let p = Int(cases[i].practitioner)
        if p >= 0 {
            practitioners[p].extraPoints += delta
            refreshWorkload(p)
        }
    }

    /// `hours` of practitioner work on a live case, counting for `days`.
    func addTemporaryWork(case i: Int, hours: Double, days: Double, _ iv: InterventionsState) {
        let pts = pointsForHoursPerWeek(hours * 7 / max(days, 1.0 / 1440))
        guard pts > 0, cases[i].alive else { return }
        addExtraPoints(case: i, pts)
        let item = (ref(i), Int32(pts))
        let k: Int
        if let free = iv.freePending.popLast() { k = Int(free); iv.pendingPoints[k] = item }
        else { iv.pendingPoints.append(item); k = iv.pendingPoints.count - 1 }
        engine.schedule(.interventions(.pointsEnd(Int32(k))), after: Ticks.days(days), priority: .release)
    }

    func pointsEnd(_ k: Int, _ iv: InterventionsState) {
        let (r, pts) = iv.pendingPoints[k]
        iv.freePending.append(Int32(k))
        if isLive(r) { addExtraPoints(case: Int(r.index), -Int(pts)) }
    }

    // MARK: unpaid work

    func wholeHours(_ x: Double) -> Int {
        guard x.isFinite else { return 1 }
        return Int(min(max(x.rounded(), 1), 100_000))
    }

    func addUPW(_ record: UPWRecord, _ iv: InterventionsState) -> Int {
        iv.upw.append(record)
        let r = iv.upw.count - 1
        let g = Int(record.region)
        iv.regions[g].upwList.append(UPWListEntry(record: Int32(r), mayUseETE: record.eteAllowance > 0 && record.started))
        iv.regions[g].upwOutstanding += Int(record.ordered)
        if record.initial { iv.regions[g].upwInitialOutstanding += Int(record.ordered) }
        if record.pastWindow {
            iv.regions[g].upwPastWindowOutstanding += Int(record.ordered)
            iv.regions[g].upwPastWindowPeople += 1
        }
        if record.started { iv.regions[g].upwActive += 1 } else { iv.regions[g].upwWaiting += 1 }
        iv.totalOrdered += Int(record.ordered)
        if record.deadline <= horizon {
            engine.schedule(.interventions(.upwDeadline(Int32(r))), at: record.deadline, priority: .release)
        }
        return r
    }

    func seedUPWBacklog(_ iv: InterventionsState) {
        guard let u = iv.spec.unpaidWork, let b = u.backlog else { return }
        let draws = iv.backlogDraws
        for (g, region) in regions.enumerated() {
            let n = b.people[region.code] ?? 0
            var started: [UPWRecord] = [], waiting: [UPWRecord] = []
            for _ in 0..<n {
                let minutes = Int32(wholeHours(b.hours.sample(draws)) * 60)
                let hasStarted = draws.uniform() < b.startedShare
                let remaining = max(Ticks.days(b.remainingDays.sample(draws)), 1)
                let intensive = draws.uniform() < u.intensiveShare
                let ete = draws.uniform() < u.eteShare
                let pastWindow = draws.uniform() < b.pastWindowShare
                var record = UPWRecord(entry: -1, region: Int32(g), ordered: minutes,
                                       eteAllowance: ete ? Int32((Double(minutes) * u.eteMaxShareOfHours).rounded(.down)) : 0,
                                       readyTick: 0, sentenceTick: -1, deadline: remaining,
                                       intensive: intensive, started: hasStarted, initial: true)
                record.pastWindow = pastWindow
                if hasStarted { started.append(record) } else { waiting.append(record) }
            }
            // Those already working keep their places ahead of those waiting for a first session.
            for record in started + waiting { _ = addUPW(record, iv) }
        }
    }

    /// Whether day `n` has sessions: one of the first `daysPerWeek` days from
    /// Monday, and not a bank holiday or closure.
    func isSessionDay(_ n: Int) -> Bool {
        guard let u = interventionState?.spec.unpaidWork else { return false }
        let weekday = CivilDate.weekday(ofDayNumber: n)
        guard weekday.rawValue <= u.daysPerWeek else { return false }
        return weekday.isWeekend || calendar.isWorkingDay(dayNumber: n)
    }

    /// Sessions are booked at 09:00 on session days.
    static let sessionMinuteOfDay: Tick = 9 * 60

    func scheduleNextSessionDay(after tick: Tick) {
        var n = calendar.dayNumber(at: max(tick, 0))
        var t = calendar.tick(at: CivilDate(dayNumber: n)) + Self.sessionMinuteOfDay
        var guardDays = 0
        while t <= tick || !isSessionDay(n) {
            n += 1
            t = calendar.tick(at: CivilDate(dayNumber: n)) + Self.sessionMinuteOfDay
            guardDays += 1
            if guardDays > 14 { return }   // no session days at all
        }
        if t <= horizon { engine.schedule(.interventions(.upwSessionDay), at: t) }
    }

    /// One session day in every region: work parties not stood down offer
    /// places; people ready to work are booked oldest first, each at most once
    /// a day and within their weekly intensity (never above 28 hours a week);
    /// ETE hours take no place; a booked person may not attend.
    func upwSessionDay(_ iv: InterventionsState) {
        let u = iv.spec.unpaidWork!
        let now = engine.now
        let today = calendar.dayNumber(at: now)
        let weekKey = Int32(CivilDate(dayNumber: today).startOfISOWeek.dayNumber)
        let sessionMinutes = Int32((u.sessionHours * 60).rounded())
        let maxWeek = Int32(UnpaidWorkSpec.maxHoursPerWeek * 60)
        let intensiveMinutes = Int32((u.intensiveWeeklyHours * 60).rounded())
        let nonAttendance = u.nonAttendanceRate
        let draws = iv.upwSessions
        for g in iv.regions.indices {
            let parties = iv.regions[g].supervisors
            let stood = u.standDownRate > 0 && parties > 0 ? draws.binomial(n: parties, p: u.standDownRate) : 0
            iv.regions[g].flow.upwStandDowns += stood
            var places = (parties - stood) * iv.regions[g].peoplePerSupervisor
            if let cap = iv.regions[g].placements { places = min(places, cap) }
            iv.regions[g].flow.upwPlaces += places
            let weeklyMinutes = Int32(iv.regions[g].weeklyMinutes)
            // Sessions a week, worked out once for the region's two intensities (a division per
            // booking was about a tenth of the day's own time).
            let maxSessionsIntensive = max(1, intensiveMinutes / max(sessionMinutes, 1))
            let maxSessionsWeekly = max(1, weeklyMinutes / max(sessionMinutes, 1))
            var list = iv.regions[g].upwList
            iv.regions[g].upwList = UPWList()
            list.compactIfSparse()
            let today32 = Int32(today)
            let records = iv.upw.base, recordCount = iv.upw.count
            // The region's minutes worked this day, added to its counters once, after the
            // bookings (nothing reads them in between): kept in locals, the sums cost an add
            // each instead of a read and a write through the region's record.
            var worked = 0, eteWorked = 0, initialWorked = 0, pastWindowWorked = 0
            var mostInAWeek = 0
            // The day reads the list once, ahead of the bookings, for the people it may book
            // (`UPWList.fill`), and keeps the next `upwPrefetchDistance` or more of them in a ring
            // (`queue`, `queued` positions from `first`) with their records prefetched; the
            // bookings are made in list order, as if every entry were read in turn. `eteAhead`
            // counts the entries from `scan` on that may work ETE hours: once the places are gone
            // and none is left, nobody further down can be booked.
            // (Through the list's buffers: an array's element change checks uniqueness first.)
            list.withUnsafeParts { list, holes, ete in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.upwQueueCapacity) { queue in
            let mask = Self.upwQueueCapacity - 1
            var first = 0, queued = 0, scan = 0
            var eteAhead = ete
            // (A copy: the closures' captures kept the day's counters in memory.)
            var placesLeft = places
            while true {
                if queued < Self.upwPrefetchDistance && scan < list.count {
                    UPWList.fill(list, from: &scan, today: today32, placesLeft: placesLeft > 0, eteAhead: &eteAhead,
                                 ring: queue, first: first, queued: &queued, target: Self.upwPrefetchDistance) {
                        Self.prefetchUPW(records + Int($0))
                    }
                }
                guard queued > 0 else { break }
                let k = Int(queue[first])
                first = (first + 1) & mask; queued -= 1
                // Queued while places were left: passed by now if it needs one. (Never a hole.)
                let listedETE = list.mayUseETE[k]
                guard today32 >= list.notBefore[k] && (placesLeft > 0 || listedETE) else { continue }
                let r = Int(list.record[k])
                precondition(UInt(bitPattern: r) < UInt(bitPattern: recordCount), "unpaid work record out of range")
                let rec = records + r
                assert(Int(rec.pointee.region) == g, "unpaid work record listed in another region")
                if rec.pointee.done { UPWList.drop(k, in: list, holes: &holes, ete: &ete); continue }
                // Each way out writes the entry's fields that change, and keeps the list's ETE
                // count true (as `UPWList.replace` would).
                if rec.pointee.readyTick > now {
                    list.notBefore[k] = Int32(calendar.dayNumber(at: rec.pointee.readyTick))
                    continue
                }
                // ETE hours (no place needed) once work on placements has started.
                let useETE = rec.pointee.eteAllowance > 0 && rec.pointee.started
                if useETE != listedETE { list.mayUseETE[k] = useETE; ete += useETE ? 1 : -1 }
                if !useETE && placesLeft == 0 { continue }
                if rec.pointee.week != weekKey {
                    rec.pointee.week = weekKey; rec.pointee.weekMinutes = 0; rec.pointee.weekSessions = 0
                }
                let maxSessions = rec.pointee.intensive ? maxSessionsIntensive : maxSessionsWeekly
                let room = maxWeek - rec.pointee.weekMinutes
                guard rec.pointee.weekSessions < maxSessions, room > 0 else { list.notBefore[k] = weekKey + 7; continue }
                guard rec.pointee.lastDay != today32 else { list.notBefore[k] = today32 + 1; continue }
                if !useETE {
                    placesLeft -= 1
                    if placesLeft == 0 {
                        // The places are gone: those queued that need one are passed by, so the
                        // ring keeps only those who may work ETE hours (and prefetches further ahead).
                        var kept = 0
                        for j in 0..<queued {
                            let q = queue[(first + j) & mask]
                            if today32 >= list.notBefore[Int(q)] && list.mayUseETE[Int(q)] {
                                queue[(first + kept) & mask] = q; kept += 1
                            }
                        }
                        queued = kept
                    }
                }
                rec.pointee.weekSessions += 1
                rec.pointee.lastDay = today32
                if nonAttendance > 0, draws.uniform() < nonAttendance {
                    failedToAttend(rec, g, u, iv)
                } else {
                    // The minutes worked (credited to the region's counters after the bookings);
                    // a first session is a start, the last a completion (`upwStartOrCompletion`).
                    var credit = min(sessionMinutes, rec.pointee.outstanding, room)
                    if useETE {
                        credit = min(credit, rec.pointee.eteAllowance)
                        rec.pointee.eteAllowance -= credit
                        eteWorked += Int(credit)
                    }
                    rec.pointee.worked += credit
                    rec.pointee.weekMinutes += credit
                    mostInAWeek = max(mostInAWeek, Int(rec.pointee.weekMinutes))
                    worked += Int(credit)
                    if rec.pointee.initial { initialWorked += Int(credit) }
                    if rec.pointee.pastWindow { pastWindowWorked += Int(credit) }
                    if !rec.pointee.started || rec.pointee.outstanding == 0 { upwStartOrCompletion(rec, g, u, iv) }
                    let nowETE = rec.pointee.eteAllowance > 0 && rec.pointee.started
                    if nowETE != useETE { list.mayUseETE[k] = nowETE; ete += nowETE ? 1 : -1 }
                }
                list.notBefore[k] = rec.pointee.weekSessions >= maxSessions || rec.pointee.weekMinutes >= maxWeek ? weekKey + 7 : today32 + 1
            }
            }
            }
            iv.regions[g].upwList = list
            iv.regions[g].flow.upwWorked += worked
            iv.regions[g].flow.upwETE += eteWorked
            iv.regions[g].upwOutstanding -= worked
            iv.regions[g].upwInitialOutstanding -= initialWorked
            iv.regions[g].upwPastWindowOutstanding -= pastWindowWorked
            iv.totalWorked += worked
            iv.maxWeekMinutes = max(iv.maxWeekMinutes, mostInAWeek)
        }
        addEnforcementWork(days: u.enforcement.windowDays, iv)
        scheduleNextSessionDay(after: now)
    }
    /// How many of the next candidates a session day keeps prefetched, in a ring of
    /// `upwQueueCapacity` places (a power of two).
    static let upwPrefetchDistance = 24
    static let upwQueueCapacity = 32

    /// The records a session day reads are scattered in memory, and reading each one stalled
    /// on a cache miss (most of a session day). The day keeps the records of the next
    /// `upwPrefetchDistance` people it may book prefetched: a prefetch retires at once, unlike
    /// a load that misses, so that many misses overlap however many list entries are passed
    /// by between them. A record is one cache line (`UPWRecord`). A hint: it changes nothing.
    @inline(__always)
    static func prefetchUPW(_ record: UnsafeMutablePointer<UPWRecord>) {
        prefetchForReading(UnsafeRawPointer(record))
    }

    /// A requirement's first session (a start) or last (a completion), after a session day has
    /// credited the minutes worked to its record `rec` in region `g`: the region's counts of
    /// people and the target percentages. (`u` is the unpaid work spec, passed in so that it is
    /// not copied for every session.)
    @inline(never)
    func upwStartOrCompletion(_ rec: UnsafeMutablePointer<UPWRecord>, _ g: Int, _ u: UnpaidWorkSpec, _ iv: InterventionsState) {
        let sentence = rec.pointee.sentenceTick
        if !rec.pointee.started {
            rec.pointee.started = true
            iv.regions[g].upwWaiting -= 1
            iv.regions[g].upwActive += 1
            iv.regions[g].flow.upwStarts += 1
            if sentence >= 0 {
                iv.regions[g].flow.upwStartsCounted += 1
                let wd = calendar.workingDays(fromDayNumber: calendar.dayNumber(at: sentence), toDayNumber: calendar.dayNumber(at: engine.now))
                if wd <= u.startTargetWorkingDays { iv.regions[g].flow.upwStartsWithinTarget += 1 }
            }
        }
        if rec.pointee.outstanding == 0 {
            rec.pointee.done = true
            iv.regions[g].upwActive -= 1
            if rec.pointee.pastWindow { iv.regions[g].upwPastWindowPeople -= 1 }
            iv.regions[g].flow.upwCompletions += 1
            if sentence >= 0 {
                iv.regions[g].flow.upwCompletionsCounted += 1
                if engine.now <= sentence + Ticks.days(u.completionWindowDays) {
                    iv.regions[g].flow.upwCompletionsWithinWindow += 1
                }
            }
        }
    }

    /// A failure to attend by the person with record `rec` in region `g`: the practitioner's
    /// enforcement work, and perhaps breach action.
    @inline(never)
    func failedToAttend(_ rec: UnsafeMutablePointer<UPWRecord>, _ g: Int, _ u: UnpaidWorkSpec, _ iv: InterventionsState) {
        iv.regions[g].flow.upwNonAttendances += 1
        let breach = u.enforcement.breachShare > 0 && iv.upwSessions.uniform() < u.enforcement.breachShare
        if breach { iv.regions[g].flow.upwBreaches += 1 }
        // The case that holds the requirement (the day-0 backlog has none) gets the work at
        // the end of the day, if it is still supervised.
        let c = rec.pointee.caseIndex
        guard c >= 0 else { return }
        let hours = u.enforcement.hours + (breach ? u.enforcement.breachHours : 0)
        if hours > 0 { iv.enforcementDue.append((c, rec.pointee.caseGeneration, hours)) }
    }
    /// The enforcement work of a session day's failures to attend, in the order they happened.
    /// Nothing else in a session day reads the cases' or practitioners' workload, nor schedules
    /// an event, so adding it at the end of the day gives the same workloads and the same
    /// events in the same order as adding it at each failure. Together, the cases and then
    /// their practitioners (scattered in memory: a cache miss each) are read ahead, sixteen at
    /// a time, in tight loops of independent loads that the processor overlaps.
    func addEnforcementWork(days: Double, _ iv: InterventionsState) {
        let n = iv.enforcementDue.count
        guard n > 0 else { return }
        var k = 0
        while k < n {
            let end = min(k + 16, n)
            // The cases' records, every line (the case's generation is on its first, the points
            // on its last); then each case's practitioner, whose record the work changes.
            for j in k..<end { cases.prefetchElement(at: Int(iv.enforcementDue[j].0)) }
            for j in k..<end {
                let c = Int(iv.enforcementDue[j].0)
                let p = Int(cases[c].practitioner)
                if p >= 0 { practitioners.prefetchElement(at: p) }
            }
            for j in k..<end {
                let (c, generation, hours) = iv.enforcementDue[j]
                if isLive(CaseRef(index: c, generation: generation)) { addTemporaryWork(case: Int(c), hours: hours, days: days, iv) }
            }
            k = end
        }
        iv.enforcementDue.removeAll()
    }

    /// The end of a requirement's window: extended by the court, or the
    /// outstanding hours are written off and the order counts as ended with
    /// its requirement outstanding.
    func upwDeadline(_ r: Int, _ iv: InterventionsState) {
        let u = iv.rates
        guard !iv.upw[r].done, engine.now >= iv.upw[r].deadline else { return }
        let g = Int(iv.upw[r].region)
        if u.upwExtensionShare > 0, iv.upwCourts.uniform() < u.upwExtensionShare {
            iv.upw[r].deadline = engine.now + Ticks.days(u.upwExtensionDays)
            iv.regions[g].flow.upwExtensions += 1
            if !iv.upw[r].pastWindow {
                iv.upw[r].pastWindow = true
                iv.regions[g].upwPastWindowOutstanding += Int(iv.upw[r].outstanding)
                iv.regions[g].upwPastWindowPeople += 1
            }
            if iv.upw[r].deadline <= horizon {
                engine.schedule(.interventions(.upwDeadline(Int32(r))), at: iv.upw[r].deadline, priority: .release)
            }
            return
        }
        let left = Int(iv.upw[r].outstanding)
        iv.upw[r].done = true
        iv.regions[g].flow.upwWrittenOff += left
        iv.regions[g].upwOutstanding -= left
        if iv.upw[r].initial { iv.regions[g].upwInitialOutstanding -= left }
        if iv.upw[r].pastWindow {
            iv.regions[g].upwPastWindowOutstanding -= left
            iv.regions[g].upwPastWindowPeople -= 1
        }
        iv.totalWrittenOff += left
        if iv.upw[r].started { iv.regions[g].upwActive -= 1 } else { iv.regions[g].upwWaiting -= 1 }
        countOrderEnded(entry: Int(iv.upw[r].entry), region: g, iv)
    }

    // MARK: programmes

    func seedProgrammeBacklog(_ iv: InterventionsState) {
        for kind in [ProgrammeKind.accredited, .structured] {
            guard let p = iv.programme(kind), let b = p.backlog else { continue }
            for (g, region) in regions.enumerated() {
                for _ in 0..<(b.people[region.code] ?? 0) {
                    let end = max(Ticks.days(b.remainingDays.sample(iv.backlogDraws)), 1)
                    iv.programmes.append(ProgrammeRecord(entry: -1, region: Int32(g), kind: kind, state: .waiting, endTick: end))
                    let r = iv.programmes.count - 1
                    iv.regions[g].waitingList[kind.rawValue].append(Int32(r))
                    iv.regions[g].waiting[kind.rawValue] += 1
                    if end <= horizon { engine.schedule(.interventions(.programmeExpiry(Int32(r))), at: end, priority: .release) }
                }
            }
        }
    }

    func programmeReady(_ r: Int, _ iv: InterventionsState) {
        guard iv.programmes[r].state == .notReady else { return }
        let g = Int(iv.programmes[r].region), k = iv.programmes[r].kind.rawValue
        iv.programmes[r].state = .waiting
        iv.regions[g].waitingList[k].append(Int32(r))
        iv.regions[g].waiting[k] += 1
    }

    /// A programme requirement not completed when its order ends.
    func expireProgramme(_ r: Int, _ iv: InterventionsState) {
        let g = Int(iv.programmes[r].region), k = iv.programmes[r].kind.rawValue
        switch iv.programmes[r].state {
        case .waiting: iv.regions[g].waiting[k] -= 1
        case .inGroup: iv.regions[g].inGroups[k] -= 1
        case .notReady: break
        case .completed, .droppedOut, .expired: return
        }
        iv.programmes[r].state = .expired
        iv.regions[g].flow.expired[k] += 1
        if iv.programmes[r].entry < 0 { countOrderEnded(entry: -1, region: g, iv) }
    }

    /// Groups are planned weekly, on Mondays at 09:00.
    func scheduleNextGroupPlanning(after tick: Tick) {
        let day = calendar.dayNumber(at: max(tick, 0))
        var monday = CivilDate(dayNumber: day).startOfISOWeek
        var t = calendar.tick(at: monday) + Self.sessionMinuteOfDay
        while t <= tick { monday = monday.adding(days: 7); t = calendar.tick(at: monday) + Self.sessionMinuteOfDay }
        if t <= horizon { engine.schedule(.interventions(.groupPlanning), at: t) }
    }

    /// Starts every group that can start: at least the minimum number waiting
    /// whose orders last until the group's last session, and a facilitator
    /// pair free. Accredited programmes first (the "intervention of choice",
    /// 003_221d2dc672802ff6.txt:1574), each kind oldest referral first.
    func groupPlanning() {
        let iv = interventionState!
        let ps = iv.spec.programmes!
        let now = engine.now
        for g in iv.regions.indices {
            for kind in [ProgrammeKind.accredited, .structured] {
                guard let p = iv.programme(kind) else { continue }
                let k = kind.rawValue
                let lastSession = now + Tick(max(p.sessions - 1, 0)) * interval(p)
                while true {
                    let free = iv.regions[g].facilitators * ps.groupsPerFacilitator - iv.regions[g].slotsInUse
                    guard free >= ps.facilitatorsPerGroup else { break }
                    iv.regions[g].waitingList[k].removeAll { iv.programmes[Int($0)].state != .waiting }
                    let size = max(iv.regions[g].groupSize[k], 1)
                    var members: [Int32] = []
                    var eligible = 0
                    for r in iv.regions[g].waitingList[k] where iv.programmes[Int(r)].endTick >= lastSession {
                        eligible += 1
                        if members.count < size { members.append(r) }
                    }
                    guard eligible >= max(p.minimumGroup, 1) else { break }
                    startGroup(region: g, kind: kind, members: members, spec: p, slots: ps.facilitatorsPerGroup)
                }
            }
        }
        scheduleNextGroupPlanning(after: now)
    }

    func interval(_ p: ProgrammeSpec) -> Tick { Ticks.week / Tick(max(p.sessionsPerWeek, 1)) }

    func startGroup(region g: Int, kind: ProgrammeKind, members: [Int32], spec p: ProgrammeSpec, slots: Int) {
        let iv = interventionState!
        let k = kind.rawValue
        for r in members { iv.programmes[Int(r)].state = .inGroup }
        iv.regions[g].waiting[k] -= members.count
        iv.regions[g].inGroups[k] += members.count
        iv.regions[g].flow.started[k] += members.count
        iv.regions[g].slotsInUse += slots
        iv.regions[g].groupsRunning += 1
        iv.maxGroup = max(iv.maxGroup, members.count)
        iv.groups.append(ProgrammeGroup(region: Int32(g), kind: kind, members: members, sessions: max(p.sessions, 1),
                                        interval: interval(p), slots: slots, size: members.count, startTick: engine.now))
        engine.schedule(.interventions(.groupSession(Int32(iv.groups.count - 1))), at: engine.now)
    }

    /// A session: each member still in the group may drop out; after the last
    /// session the rest complete and the facilitators are free.
    func groupSession(_ gi: Int, _ iv: InterventionsState) {
        // (The group is read in place, field by field: a copy of it retained its members.)
        let g = Int(iv.groups[gi].region), k = iv.groups[gi].kind.rawValue
        let dropout = iv.programmeDropout[k]
        let programmes = iv.programmes.base, count = iv.programmes.count
        iv.groups[gi].members.withUnsafeBufferPointer { members in
            // The members' records are scattered: start loading them all, then read them.
            for r in members { if r >= 0 && Int(r) < count { prefetchForReading(programmes + Int(r)) } }
            for r in members where iv.programmes[Int(r)].state == .inGroup {
                if dropout > 0, iv.programmeGroups.uniform() < dropout {
                    iv.programmes[Int(r)].state = .droppedOut
                    iv.regions[g].inGroups[k] -= 1
                    iv.regions[g].flow.droppedOut[k] += 1
                }
            }
        }
        iv.groups[gi].sessionsHeld += 1
        if iv.groups[gi].sessionsHeld >= iv.groups[gi].sessions {
            iv.groups[gi].members.withUnsafeBufferPointer { members in
                for r in members where iv.programmes[Int(r)].state == .inGroup {
                    iv.programmes[Int(r)].state = .completed
                    iv.regions[g].inGroups[k] -= 1
                    iv.regions[g].flow.completed[k] += 1
                }
            }
            iv.regions[g].slotsInUse -= iv.groups[gi].slots
            iv.regions[g].groupsRunning -= 1
            iv.groups[gi].members = []
        } else {
            engine.schedule(.interventions(.groupSession(Int32(gi))), after: iv.groups[gi].interval)
        }
    }

    // MARK: commissioned services

    /// Draws a referral to each lot; a referral where the region has no
    /// provider becomes practitioner cover.
    func refer(_ i: Int, region g: Int, _ iv: InterventionsState) {
        guard !iv.lots.isEmpty else { return }
        for lot in iv.lots.indices {
            let s = iv.lots[lot]
            let u = iv.serviceReferrals.uniform()
            guard u < (cases[i].female ? s.referralShareFemale : s.referralShareMale) else { continue }
            iv.regions[g].flow.referrals[lot] += 1
            let e = entry(for: i, iv)
            if iv.regions[g].lotAvailable[lot] {
                iv.services.append(ServiceRecord(entry: Int32(e), region: Int32(g), lot: Int32(lot), state: .waiting))
                let r = iv.services.count - 1
                let last = Int(iv.entries[e].lastService)
                if last >= 0 { iv.services[last].nextOfEntry = Int32(r) } else { iv.entries[e].firstService = Int32(r) }
                iv.entries[e].lastService = Int32(r)
                iv.markEndsWork(e)
                if iv.regions[g].lotInService[lot] < iv.regions[g].lotCapacity[lot] {
                    startService(r, iv)
                } else {
                    iv.regions[g].lotWaitingList[lot].append(Int32(r))
                    iv.regions[g].lotWaiting[lot] += 1
                }
            } else if s.coverHours > 0 {
                startCover(case: i, entry: e, region: g, lot: lot, iv)
            }
        }
    }

    func startService(_ r: Int, _ iv: InterventionsState) {
        let s = iv.services[r]
        let g = Int(s.region), lot = Int(s.lot)
        iv.services[r].state = .inService
        iv.regions[g].lotInService[lot] += 1
        let days = max(iv.lotDurations[lot].sample(iv.serviceDurations), 0)
        let end = engine.now + max(Ticks.days(days), 1)
        if end <= horizon { engine.schedule(.interventions(.serviceEnds(Int32(r))), at: end, priority: .release) }
    }

    func serviceEnds(_ r: Int, _ iv: InterventionsState) {
        guard iv.services[r].state == .inService else { return }
        endService(r, iv)
    }

    /// A person leaves a service (it ended, or their order did), or its queue.
    func endService(_ r: Int, _ iv: InterventionsState) {
        let s = iv.services[r]
        let g = Int(s.region), lot = Int(s.lot)
        switch s.state {
        case .ended: return
        case .waiting:
            iv.services[r].state = .ended
            iv.regions[g].lotWaiting[lot] -= 1
        case .inService:
            iv.services[r].state = .ended
            iv.regions[g].lotInService[lot] -= 1
            // The place goes to the longest waiting. Referrals that ended while waiting are
            // passed by: their records are scattered, so the next few are loaded ahead.
            var ahead = iv.regions[g].lotWaitingHead[lot]
            while iv.regions[g].lotInService[lot] < iv.regions[g].lotCapacity[lot],
                  iv.regions[g].lotWaitingHead[lot] < iv.regions[g].lotWaitingList[lot].count {
                let head = iv.regions[g].lotWaitingHead[lot]
                let waiting = iv.regions[g].lotWaitingList[lot].count
                ahead = max(ahead, head)
                while ahead < min(head + Self.serviceLookAhead, waiting) {
                    Self.prefetch(iv.services, Int(iv.regions[g].lotWaitingList[lot][ahead]))
                    ahead += 1
                }
                let next = Int(iv.regions[g].lotWaitingList[lot][head])
                iv.regions[g].lotWaitingHead[lot] += 1
                guard iv.services[next].state == .waiting else { continue }
                iv.regions[g].lotWaiting[lot] -= 1
                startService(next, iv)
            }
            let head = iv.regions[g].lotWaitingHead[lot]
            if head > 1024, head * 2 > iv.regions[g].lotWaitingList[lot].count {
                iv.regions[g].lotWaitingList[lot].removeFirst(head)
                iv.regions[g].lotWaitingHead[lot] = 0
            }
        }
    }

    /// How many referrals ahead in a lot's waiting list ``endService`` keeps loading.
    static let serviceLookAhead = 4

    func startCover(case i: Int, entry e: Int, region g: Int, lot: Int, _ iv: InterventionsState) {
        let s = iv.lots[lot]
        let span = max(Ticks.days(s.coverDays), 1)
        let pts = pointsForHoursPerWeek(s.coverHours * 7 / s.coverDays)
        iv.covers.append(CoverTask(caseRef: ref(i), region: Int32(g), points: Int32(pts),
                                   rate: s.coverHours / Double(span), creditedUntil: engine.now))
        let t = iv.covers.count - 1
        let last = Int(iv.entries[e].lastCover)
        if last >= 0 { iv.covers[last].nextOfEntry = Int32(t) } else { iv.entries[e].firstCover = Int32(t) }
        iv.entries[e].lastCover = Int32(t)
        iv.markEndsWork(e)
        iv.regions[g].activeCovers.append(Int32(t))
        addExtraPoints(case: i, pts)
        engine.schedule(.interventions(.coverEnds(Int32(t))), after: span, priority: .release)
    }

    /// Credits the cover's hours from where it was last credited up to now.
    func creditCover(_ t: Int, _ iv: InterventionsState) {
        let c = iv.covers[t]
        guard c.active else { return }
        let dt = engine.now - c.creditedUntil
        if dt > 0 { iv.regions[Int(c.region)].flow.coverHours += Double(dt) * c.rate }
        iv.covers[t].creditedUntil = engine.now
    }

    func coverEnds(_ t: Int, _ iv: InterventionsState) {
        guard iv.covers[t].active else { return }
        creditCover(t, iv)
        iv.covers[t].active = false
        let r = iv.covers[t].caseRef
        if isLive(r) {
            // (The cover stays in its case's list, inactive.)
            addExtraPoints(case: Int(r.index), -Int(iv.covers[t].points))
        }
    }

    // MARK: levers

    func applyInterventionLever(_ lever: InterventionLever) {
        let iv = interventionState!
        let targets = iv.regions.indices.filter { lever.region == nil || regions[$0].code == lever.region }
        guard !targets.isEmpty else { return }
        func adjust(_ get: (Int) -> Int?, _ set: (Int, Int) -> Void, _ a: InterventionLever.Adjustment) {
            let have = targets.filter { get($0) != nil }
            switch a {
            case .scale(let f):
                for g in have { set(g, max(0, Int((Double(get(g)!) * f).rounded()))) }
            case .add(let n):
                let current = have.map { Double(get($0)!) }
                let weights = current.contains { $0 > 0 } ? current : current.map { _ in 1.0 }
                let parts = apportion(total: abs(n), weights: weights)
                for (k, g) in have.enumerated() { set(g, max(0, get(g)! + (n < 0 ? -parts[k] : parts[k]))) }
            }
        }
        switch lever.change {
        case .supervisors(let a):
            adjust({ iv.regions[$0].supervisors }, { iv.regions[$0].supervisors = $1 }, a)
        case .placements(let a):
            adjust({ iv.regions[$0].placements }, { iv.regions[$0].placements = $1 }, a)
        case .facilitators(let a):
            adjust({ iv.regions[$0].facilitators }, { iv.regions[$0].facilitators = $1 }, a)
        case .peoplePerSupervisor(let n):
            for g in targets { iv.regions[g].peoplePerSupervisor = n }
        case .weeklyHours(let h):
            for g in targets {
                iv.regions[g].weeklyMinutes = Int((h * 60).rounded())
                // More sessions a week may now be allowed: look at everyone again.
                iv.regions[g].upwList.clearNotBefore()
            }
        case .groupSize(let n):
            for g in targets { iv.regions[g].groupSize = [n, n] }
        }
    }

    // MARK: output

    /// The component's values for one region, or (nil) the country, in the
    /// order of `InterventionsState.metricNames`.
    func interventionValues(region: Int?) -> [Double] {
        let iv = interventionState!
        let rs = region.map { [iv.regions[$0]] } ?? Array(iv.regions)
        func sum(_ f: (RegionInterventions) -> Int) -> Double { Double(rs.reduce(0) { $0 + f($1) }) }
        func hours(_ f: (RegionInterventions) -> Int) -> Double { sum(f) / 60 }
        func pct(_ num: (RegionInterventions) -> Int, _ den: (RegionInterventions) -> Int) -> Double {
            let d = sum(den)
            return d > 0 ? sum(num) / d * 100 : .nan
        }
        var v: [Double] = []
        if iv.spec.unpaidWork != nil {
            v += [
                hours { $0.flow.upwOrdered }, hours { $0.flow.upwWorked }, hours { $0.flow.upwETE },
                hours { $0.flow.upwWrittenOff }, hours { $0.upwOutstanding }, hours { $0.upwPastWindowOutstanding },
                sum { $0.upwPastWindowPeople }, hours { $0.upwInitialOutstanding },
                sum { $0.upwWaiting }, sum { $0.upwActive }, sum { $0.flow.upwStarts },
                pct({ $0.flow.upwStartsWithinTarget }, { $0.flow.upwStartsCounted }),
                sum { $0.flow.upwCompletions },
                pct({ $0.flow.upwCompletionsWithinWindow }, { $0.flow.upwCompletionsCounted }),
                sum { $0.flow.upwExtensions }, sum { $0.flow.upwStandDowns }, sum { $0.flow.upwNonAttendances },
                sum { $0.flow.upwBreaches }, sum { $0.flow.upwPlaces }, sum { $0.supervisors },
            ]
        }
        if let p = iv.spec.programmes {
            v += [sum { $0.facilitators }, sum { $0.groupsRunning }]
            for (kind, given) in [(ProgrammeKind.accredited, p.accredited != nil), (.structured, p.structured != nil)] where given {
                let k = kind.rawValue
                v += [sum { $0.waiting[k] }, sum { $0.flow.started[k] }, sum { $0.flow.completed[k] },
                      sum { $0.flow.droppedOut[k] }, sum { $0.flow.expired[k] }, sum { $0.inGroups[k] }]
            }
        }
        if iv.spec.unpaidWork != nil || iv.spec.programmes != nil { v.append(sum { $0.flow.ordersEndedOutstanding }) }
        for lot in iv.spec.services.indices {
            v += [sum { $0.flow.referrals[lot] }, sum { $0.lotWaiting[lot] }, sum { $0.lotInService[lot] }]
        }
        if !iv.spec.services.isEmpty { v.append(rs.reduce(0) { $0 + $1.flow.coverHours }) }
        return v
    }

    /// Brings cover hours up to the output instant (called before values are read).
    func creditCoversForOutput() {
        guard let iv = interventionState else { return }
        for g in iv.regions.indices {
            iv.regions[g].activeCovers.removeAll { !iv.covers[Int($0)].active }
            for t in iv.regions[g].activeCovers { creditCover(Int(t), iv) }
        }
    }

    /// Writes the component's rows for entity `e` (national: region nil).
    func writeInterventions(_ di: Int, _ e: Int, region: Int?) {
        guard let iv = interventionState else { return }
        for (k, value) in interventionValues(region: region).enumerated() {
            table.append(date: di, entity: e, metric: iv.metricBase + k, value)
        }
    }

    /// Starts the next period's counts (after every entity is written).
    func resetInterventionFlows() {
        guard let iv = interventionState else { return }
        for g in iv.regions.indices { iv.regions[g].flow = InterventionFlow(lots: iv.spec.services.count) }
    }
}
