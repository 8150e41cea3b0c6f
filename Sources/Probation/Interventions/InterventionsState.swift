// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Simulation

// The bookkeeping of the interventions component: requirement records, the
// regional queues and pools, and what is counted between output dates. The
// rules that move records are in ProbationModel+Interventions.swift.

/// The component's events (inside `ProbationModel.Event.interventions`). Every
/// payload is one index, so the model's event stays small.
enum InterventionEvent {
    /// A day on which unpaid work sessions run (all regions).
    case upwSessionDay
    /// An unpaid work requirement reaches the end of its window (or extension).
    case upwDeadline(Int32)
    /// A person becomes programme-ready and is referred.
    case programmeReady(Int32)
    /// A day-0 programme referral's order ends (records without a case).
    case programmeExpiry(Int32)
    /// Weekly: groups start where a cohort and facilitators are available.
    case groupPlanning
    /// A group's next session.
    case groupSession(Int32)
    /// A commissioned service ends for a person.
    case serviceEnds(Int32)
    /// A practitioner's one-to-one cover for a missing service ends.
    case coverEnds(Int32)
    /// Enforcement points added to a case stop counting (an index into `pendingPoints`).
    case pointsEnd(Int32)
    /// An intervention lever (an index into `InterventionsSpec.levers`).
    case lever(Int32)
}

/// Programme kinds, as indices into the per-kind arrays.
enum ProgrammeKind: Int {
    case accredited = 0, structured = 1
    var prefix: String { self == .accredited ? "ap" : "si" }
}

/// What the component knows about one case with any requirement or referral.
struct CaseEntry {
    /// The case (its slot is reused after it ends: check with `isLive`).
    var caseRef: CaseRef
    var upw: Int32 = -1
    var programme: Int32 = -1
    /// The case's service referrals and covers, oldest first, as lists through the records'
    /// `nextOfEntry` (first and last index, -1 when none): no array of its own to reach
    /// through a pointer, retain and release when the case ends.
    var firstService: Int32 = -1, lastService: Int32 = -1
    var firstCover: Int32 = -1, lastCover: Int32 = -1
    /// Already counted in `orders_ended_with_requirement_outstanding`.
    var counted = false
}

/// One unpaid work requirement. Hours are kept in whole minutes so that the
/// conservation identity is exact.
///
/// Exactly one cache line (64 bytes, and a store's records start on a line): a session day
/// reads and changes a dozen fields of every record it books, and the records are scattered,
/// so each booking costs one cache miss. Times are kept as 32-bit minutes (the scenario
/// format bounds any time to 150 years, 79 million minutes; `Int32` holds 4,000 years) and
/// read as `Tick`s. The fields a session day reads come first (Swift lays a struct out in
/// declaration order).
struct UPWRecord {
    private var ready32: Int32
    /// Day number of the Monday of the week of the last booking, and that week's totals.
    var week: Int32 = -1
    var weekMinutes: Int32 = 0
    var weekSessions: Int32 = 0
    var lastDay: Int32 = -1
    /// Minutes that may still be worked as education, training and employment.
    var eteAllowance: Int32
    var ordered: Int32
    var worked: Int32 = 0
    var region: Int32
    private var sentence32: Int32
    /// The case that holds the requirement (index and generation, as in `CaseRef`), so that
    /// a failure to attend reaches it without reading the entry; index -1 for the day-0
    /// backlog, which has no case.
    var caseIndex: Int32 = -1
    var caseGeneration: UInt32 = 0
    var entry: Int32
    private var deadline32: Int32
    var intensive: Bool
    var started: Bool
    var done = false
    /// Open on day 0 (the initial backlog).
    var initial: Bool
    /// Past the end of its original window, on an extension (HMPPS's "backlog").
    var pastWindow = false

    init(entry: Int32, region: Int32, ordered: Int32, eteAllowance: Int32, readyTick: Tick, sentenceTick: Tick,
         deadline: Tick, intensive: Bool, started: Bool, initial: Bool) {
        self.ready32 = Int32(clamping: readyTick)
        self.eteAllowance = eteAllowance
        self.ordered = ordered
        self.region = region
        self.sentence32 = Int32(clamping: sentenceTick)
        self.entry = entry
        self.deadline32 = Int32(clamping: deadline)
        self.intensive = intensive
        self.started = started
        self.initial = initial
    }

    /// When the person may first be booked.
    var readyTick: Tick { Tick(ready32) }
    /// The sentence, or -1 for day-0 backlog (left out of the target percentages).
    var sentenceTick: Tick { Tick(sentence32) }
    /// The end of the window (or of its extension).
    var deadline: Tick {
        get { Tick(deadline32) }
        set { deadline32 = Int32(clamping: newValue) }
    }

    var outstanding: Int32 { ordered - worked }
}

/// A place in a region's unpaid work list: the record, and what a session day needs to pass
/// it by without reading the record (the list is scanned every session day, the records are
/// scattered in memory). Both are safe bounds: a day before `notBefore` the record would be
/// passed by anyway, and a record with `mayUseETE` false would be passed by once the day's
/// places are gone.
struct UPWListEntry {
    var record: Int32
    /// A day number before which the record cannot be booked: not ready yet, or this week's
    /// sessions or hours used (a lever changing weekly hours clears it).
    var notBefore: Int32 = 0
    /// Whether the person may work ETE hours (started, with ETE allowance left). Only ever
    /// turns false once the record is read, so it is never wrongly false.
    var mayUseETE: Bool
}

/// A region's unpaid work list: its places in booking order (oldest first), with holes.
///
/// A session day reads the list from the front and books people until the day's places are
/// gone; then only people who may work ETE hours (no place needed) can still be booked. A
/// requirement found done leaves a hole in its place (an entry that is never booked, nor
/// read) instead of being taken out at once, so a session day writes only the entries it
/// books: taking entries out as it went moved every entry behind them, every day. The holes
/// are taken out in one pass, in order, when they are more than a quarter of the list
/// (``compactIfSparse(minimumHoles:)``). The list also counts its entries that may work ETE
/// hours (``eteEntries``), so that a session day whose places are gone stops reading the list
/// after the last of them.
///
/// The entries are kept as three dense arrays (record, `notBefore`, `mayUseETE`), not as an
/// array of ``UPWListEntry``: a session day passes by most entries on the strength of their
/// `notBefore` and `mayUseETE` alone, and reads them in fixed blocks without a branch per
/// entry (``fill(_:from:today:placesLeft:eteAhead:ring:first:queued:target:prefetch:)``).
struct UPWList {
    private(set) var records: [Int32] = []
    private(set) var notBefore: [Int32] = []
    private(set) var mayUseETE: [Bool] = []
    /// How many of the entries are holes.
    private(set) var holes = 0
    /// How many of the entries have `mayUseETE` set (holes never do).
    private(set) var eteEntries = 0

    /// A hole: no record, never ready, no ETE hours.
    static let hole = UPWListEntry(record: -1, notBefore: .max, mayUseETE: false)

    /// The places (not holes).
    var count: Int { records.count - holes }

    /// Every entry in order, holes included (tests, checks).
    var entries: [UPWListEntry] {
        records.indices.map { UPWListEntry(record: records[$0], notBefore: notBefore[$0], mayUseETE: mayUseETE[$0]) }
    }

    /// The places in order, without the holes (tests, checks).
    var places: [UPWListEntry] { entries.filter { $0.record >= 0 } }

    mutating func append(_ e: UPWListEntry) {
        precondition(e.record >= 0, "an unpaid work list entry needs a record")
        records.append(e.record)
        notBefore.append(e.notBefore)
        mayUseETE.append(e.mayUseETE)
        if e.mayUseETE { eteEntries += 1 }
    }

    /// The list's entries in place, for a session day (``withUnsafeParts(_:)``).
    struct Parts {
        let record: UnsafeMutableBufferPointer<Int32>
        let notBefore: UnsafeMutableBufferPointer<Int32>
        let mayUseETE: UnsafeMutableBufferPointer<Bool>
        var count: Int { record.count }

        subscript(k: Int) -> UPWListEntry {
            @inline(__always) get { UPWListEntry(record: record[k], notBefore: notBefore[k], mayUseETE: mayUseETE[k]) }
        }
    }

    /// Runs `body` with the entries, the number of holes and the ETE count, for a session
    /// day to change in place; it must keep the counts true (``replace(_:with:in:holes:ete:)``
    /// and ``drop(_:in:holes:ete:)`` do).
    mutating func withUnsafeParts<R>(_ body: (Parts, inout Int, inout Int) -> R) -> R {
        var h = holes, e = eteEntries
        defer { holes = h; eteEntries = e }
        return records.withUnsafeMutableBufferPointer { r in
            notBefore.withUnsafeMutableBufferPointer { nb in
                mayUseETE.withUnsafeMutableBufferPointer { ete in
                    body(Parts(record: r, notBefore: nb, mayUseETE: ete), &h, &e)
                }
            }
        }
    }

    /// Entry `k` becomes `new`, the ETE count following.
    @inline(__always)
    static func replace(_ k: Int, with new: UPWListEntry, in list: Parts, holes: inout Int, ete: inout Int) {
        precondition(list.record[k] >= 0 && new.record >= 0, "unpaid work list: a hole cannot be replaced")
        let old = list.mayUseETE[k]
        if old != new.mayUseETE { ete += new.mayUseETE ? 1 : -1 }
        list.record[k] = new.record
        list.notBefore[k] = new.notBefore
        list.mayUseETE[k] = new.mayUseETE
    }

    /// Entry `k` (done) becomes a hole.
    @inline(__always)
    static func drop(_ k: Int, in list: Parts, holes: inout Int, ete: inout Int) {
        precondition(list.record[k] >= 0, "unpaid work list: entry \(k) is a hole already")
        if list.mayUseETE[k] { ete -= 1 }
        list.record[k] = hole.record
        list.notBefore[k] = hole.notBefore
        list.mayUseETE[k] = hole.mayUseETE
        holes += 1
    }

    /// How many entries ``fill(_:from:today:placesLeft:eteAhead:ring:first:queued:target:prefetch:)``
    /// reads at a time: a ring it fills needs room for `target + fillBlock - 1` positions.
    static let fillBlock = 8   // (`fill` reads whole blocks of 8 as a bit mask: keep it 8)

    /// A session day's read of the list: from entry `scan` on, queues in `ring` (a power of two
    /// long, `queued` positions from `first`) the position of every entry that may be booked on
    /// day `today` — `notBefore` not after it, and, with no places left, one that may work ETE
    /// hours (holes never) — until at least `target` are queued or the list ends, and calls
    /// `prefetch` with each queued entry's record. `eteAhead` counts the entries that may work
    /// ETE hours from `scan` on: with no places left and none of those ahead, nobody further
    /// down may be booked, and the read stops at the end of the list.
    ///
    /// Entries are read `fillBlock` at a time without a branch on any entry (a branch on
    /// whether each one may be booked was mispredicted a quarter of the time): a whole block
    /// as a bit mask of the entries that may be booked, which alone are queued and prefetched;
    /// a last block shorter than `fillBlock` entry by entry, every position written to the
    /// ring and kept only if it may be booked, and `prefetch` called for every entry, with
    /// record 0 for those not kept.
    @inline(__always)
    static func fill(_ list: Parts, from scan: inout Int, today: Int32, placesLeft: Bool, eteAhead: inout Int,
                     ring: UnsafeMutableBufferPointer<Int32>, first: Int, queued: inout Int, target: Int,
                     prefetch: (Int32) -> Void) {
        let n = list.count, mask = ring.count - 1
        precondition(ring.count & mask == 0 && target + fillBlock - 1 <= ring.count, "unpaid work ring too small")
        let anyone: UInt8 = placesLeft ? 1 : 0
        var k = scan, q = queued, ahead = eteAhead
        guard q < target && k < n else { return }   // (below: the list is not empty)
        let notBefore = list.notBefore.baseAddress.unsafelyUnwrapped
        let ete = UnsafeRawPointer(list.mayUseETE.baseAddress.unsafelyUnwrapped).assumingMemoryBound(to: UInt8.self)
        while q < target && k < n {
            if !placesLeft && ahead == 0 { k = n; break }
            // A whole block is read at once into a bit mask of those that may be booked
            // (`cgsl_upw_block`: two vector compares and two byte masks), and only those are
            // queued and prefetched, one step per set bit: most of a day's entries (holes, and
            // people whose week is used up, gathered at the front of the list) cost no write to
            // the ring, no prefetch and no branch of their own. The same blocks are read as
            // entry by entry, so the read stops where it would have.
            if k &+ 8 <= n {
                var block = cgsl_upw_block(notBefore + k, ete + k, today, Int32(anyone))
                ahead &-= Int(block >> 8)
                // Blocks with nobody bookable (most of them) are passed by in a loop of their
                // own, which stops where the outer loop would: the end of the whole blocks, or
                // no places and no ETE entry ahead.
                while block & 0xFF == 0 {
                    k &+= 8
                    guard k &+ 8 <= n, placesLeft || ahead != 0 else { break }
                    block = cgsl_upw_block(notBefore + k, ete + k, today, Int32(anyone))
                    ahead &-= Int(block >> 8)
                }
                var bits = block & 0xFF
                if bits == 0 { continue }
                while bits != 0 {
                    let j = bits.trailingZeroBitCount
                    ring[(first &+ q) & mask] = Int32(truncatingIfNeeded: k &+ j)
                    prefetch(list.record[k &+ j])
                    q &+= 1
                    bits &= bits &- 1
                }
                k &+= 8
                continue
            }
            let end = min(k + fillBlock, n)
            while k < end {
                let ete: UInt8 = list.mayUseETE[k] ? 1 : 0
                let ready: UInt8 = list.notBefore[k] <= today ? 1 : 0
                let keep = ready & (ete | anyone)
                ahead &-= Int(ete)
                ring[(first &+ q) & mask] = Int32(truncatingIfNeeded: k)
                prefetch(list.record[k] & (0 &- Int32(keep)))   // (record 0 if not kept: no branch)
                q &+= Int(keep)
                k &+= 1
            }
        }
        scan = k; queued = q; eteAhead = ahead
    }

    /// Takes the holes out (the places keep their order) when there are at least
    /// `minimumHoles` and they are more than a quarter of the list.
    mutating func compactIfSparse(minimumHoles: Int = 1024) {
        guard holes >= minimumHoles, holes * 4 > records.count else { return }
        compact()
    }

    /// Takes the holes out; the places keep their order.
    mutating func compact() {
        var w = 0, ete = 0
        withUnsafeParts { list, _, _ in
            for k in 0..<list.count where list.record[k] >= 0 {
                if list.mayUseETE[k] { ete += 1 }
                list.record[w] = list.record[k]
                list.notBefore[w] = list.notBefore[k]
                list.mayUseETE[w] = list.mayUseETE[k]
                w += 1
            }
        }
        let gone = records.count - w
        records.removeLast(gone); notBefore.removeLast(gone); mayUseETE.removeLast(gone)
        precondition(ete == eteEntries, "unpaid work list: ETE entries counted \(eteEntries), found \(ete)")
        holes = 0
    }

    /// Every place may be looked at again (a lever changed the weekly hours); holes stay holes.
    mutating func clearNotBefore() {
        for k in records.indices where records[k] >= 0 { notBefore[k] = 0 }
    }
}

enum ProgrammeState: UInt8 { case notReady, waiting, inGroup, completed, droppedOut, expired }

struct ProgrammeRecord {
    var entry: Int32
    var region: Int32
    var kind: ProgrammeKind
    var state: ProgrammeState
    /// When the order ends (the requirement expires then if not completed).
    var endTick: Tick
}

struct ProgrammeGroup {
    var region: Int32
    var kind: ProgrammeKind
    var members: [Int32]
    var sessionsHeld = 0
    var sessions: Int
    var interval: Tick
    var slots: Int
    /// Members at the start, and when it started.
    var size: Int
    var startTick: Tick
}

enum ServiceState: UInt8 { case waiting, inService, ended }

struct ServiceRecord {
    var entry: Int32
    var region: Int32
    var lot: Int32
    var state: ServiceState
    /// The same case's next referral (`CaseEntry.firstService`), or -1.
    var nextOfEntry: Int32 = -1
}

/// A practitioner's one-to-one work standing in for a missing service.
struct CoverTask {
    var caseRef: CaseRef
    var region: Int32
    var points: Int32
    /// Hours per tick.
    var rate: Double
    var creditedUntil: Tick
    var active = true
    /// The same case's next cover (`CaseEntry.firstCover`), or -1; a cover that has ended
    /// stays in the list, inactive.
    var nextOfEntry: Int32 = -1
}

/// Counts since the previous output date, per region.
struct InterventionFlow {
    var upwOrdered = 0, upwWorked = 0, upwETE = 0, upwWrittenOff = 0   // minutes
    var upwStarts = 0, upwStartsCounted = 0, upwStartsWithinTarget = 0
    var upwCompletions = 0, upwCompletionsCounted = 0, upwCompletionsWithinWindow = 0
    var upwExtensions = 0, upwStandDowns = 0, upwNonAttendances = 0, upwBreaches = 0, upwPlaces = 0
    var started = [0, 0], completed = [0, 0], droppedOut = [0, 0], expired = [0, 0]
    var ordersEndedOutstanding = 0
    var referrals: [Int]
    var coverHours = 0.0

    init(lots: Int) { referrals = [Int](repeating: 0, count: lots) }
}

/// One region's Interventions Team and commissioned services.
struct RegionInterventions {
    // Unpaid work.
    var supervisors = 0
    /// Places per session day from work sites; nil: no limit beyond the supervisors.
    var placements: Int?
    var peoplePerSupervisor = 0
    var weeklyMinutes = 0
    /// Records not yet done, oldest first (a done one leaves a hole when the session day next
    /// looks at it: ``UPWList``).
    var upwList = UPWList()
    var upwOutstanding = 0          // minutes
    var upwInitialOutstanding = 0     // minutes, requirements open on day 0
    var upwPastWindowOutstanding = 0  // minutes, requirements past their original window
    var upwPastWindowPeople = 0
    var upwWaiting = 0
    var upwActive = 0
    // Programmes.
    var facilitators = 0
    var slotsInUse = 0
    var groupSize = [0, 0]
    var waitingList: [[Int32]] = [[], []]
    var waiting = [0, 0]
    var inGroups = [0, 0]
    var groupsRunning = 0
    // Services, by lot.
    var lotCapacity: [Int] = []
    var lotAvailable: [Bool] = []
    var lotInService: [Int] = []
    /// Referrals waiting for each lot, oldest first from `lotWaitingHead` (a queue without shifting).
    var lotWaitingList: [[Int32]] = []
    var lotWaitingHead: [Int] = []
    var lotWaiting: [Int] = []
    var activeCovers: [Int32] = []

    var flow: InterventionFlow
}

/// The interventions component's state for one replication.
final class InterventionsState {
    let spec: InterventionsSpec
    /// Whether `spec` has unpaid work, and programmes: read at every sentence, where the
    /// optionals' tests were calls (`outlined enum get tag`).
    let hasUnpaidWork: Bool
    let hasProgrammes: Bool
    let upwDraws: RandomStream        // requirement, hours, intensity, ETE at sentence
    let upwSessions: RandomStream     // stand-downs, non-attendance, breach
    let upwCourts: RandomStream       // extensions at the end of the window
    let programmeDraws: RandomStream  // AP/SI requirement and programme-ready delay at sentence
    let programmeGroups: RandomStream // drop-out
    let serviceReferrals: RandomStream
    let serviceDurations: RandomStream
    let backlogDraws: RandomStream    // day-0 backlogs

    // The records, in stores that never copy on write (RecordStore.swift; freed in `deinit`).
    let regions: RecordStore<RegionInterventions>
    let entries = RecordStore<CaseEntry>()
    let upw = RecordStore<UPWRecord>()
    /// One bit per entry: set once the case has a programme requirement, a service referral
    /// or a cover, the things its end must stop. Most entries hold unpaid work alone, which
    /// runs on after the order ends: their case's end then need not read the entry (a cache
    /// miss; these bits are few enough to stay in cache).
    var endsWork: [UInt64] = []
    let programmes = RecordStore<ProgrammeRecord>()
    let groups = RecordStore<ProgrammeGroup>()
    let services = RecordStore<ServiceRecord>()
    let covers = RecordStore<CoverTask>()
    let pendingPoints = RecordStore<(CaseRef, Int32)>()
    /// A session day's failures to attend whose enforcement work is still to be added: the
    /// case (index, generation) and the hours. Added together at the end of the day
    /// (`addEnforcementWork`), in the order they happened.
    let enforcementDue = RecordStore<(Int32, UInt32, Double)>()
    /// Slots of `pendingPoints` free for reuse.
    let freePending = RecordStore<Int32>()

    /// Cumulative minutes, for the conservation identity
    /// ordered (day-0 backlog included) = worked + outstanding + written off.
    var totalOrdered = 0, totalWorked = 0, totalWrittenOff = 0
    /// The most minutes anyone has worked in one week, and the largest group formed.
    var maxWeekMinutes = 0
    var maxGroup = 0

    /// Tests: hours for the next unpaid work requirements, in order (the draws
    /// are still made, so the streams advance as they would).
    var scriptedHours: [Int] = []

    var metricNames: [String] = []
    var metricBase = 0

    /// What sentences, releases and deadlines read of the spec, copied out once: binding one
    /// of the spec's structs on a hot path (`if let u = spec.unpaidWork`, a lot of
    /// `spec.services`) copied it whole, retaining and releasing its dictionaries, at every
    /// sentence and release.
    let rates: HotRates
    /// Unpaid work hours ordered (a placeholder without unpaid work).
    let upwHours: Distribution
    /// Per programme kind: the share of sentences with the requirement (-1 where the kind is
    /// not modelled, so that no draw is below it) and the delay before the person is ready.
    let programmeShares: [Double]
    let programmeReadyAfter: [Distribution]
    /// Per programme kind: the chance of dropping out at each session (0 where not modelled).
    let programmeDropout: [Double]
    /// Per commissioned service lot.
    let lots: [LotRates]
    let lotDurations: [Distribution]

    struct HotRates {
        var upwShare = 0.0, upwIntensiveShare = 0.0, upwETEShare = 0.0, upwETEMaxShareOfHours = 0.0
        var upwStartAfterWorkingDays = 0
        var upwCompletionWindowDays = 0.0, upwExtensionShare = 0.0, upwExtensionDays = 0.0
    }

    struct LotRates {
        var referralShareMale: Double, referralShareFemale: Double, coverHours: Double, coverDays: Double
    }

    deinit {
        regions.deallocate(); entries.deallocate(); upw.deallocate(); programmes.deallocate()
        services.deallocate(); covers.deallocate(); pendingPoints.deallocate(); enforcementDue.deallocate()
        groups.deallocate(); freePending.deallocate()
    }

    /// A new entry (index `entries.count - 1`) has no bit set.
    func entryAdded() {
        if entries.count > endsWork.count * 64 { endsWork.append(0) }
    }

    /// Entry `e` now has something its case's end must stop.
    func markEndsWork(_ e: Int) { endsWork[e >> 6] |= 1 << UInt64(e & 63) }

    func endsWork(_ e: Int) -> Bool { endsWork[e >> 6] & (1 << UInt64(e & 63)) != 0 }

    init(spec: InterventionsSpec, seeder: StreamSeeder, regionCodes: [String]) {
        self.spec = spec
        self.hasUnpaidWork = spec.unpaidWork != nil
        self.hasProgrammes = spec.programmes != nil
        var rates = HotRates()
        if let u = spec.unpaidWork {
            rates.upwShare = u.share
            rates.upwIntensiveShare = u.intensiveShare
            rates.upwETEShare = u.eteShare
            rates.upwETEMaxShareOfHours = u.eteMaxShareOfHours
            rates.upwStartAfterWorkingDays = u.startAfterWorkingDays
            rates.upwCompletionWindowDays = u.completionWindowDays
            rates.upwExtensionShare = u.extensionShare
            rates.upwExtensionDays = u.extensionDays
        }
        self.rates = rates
        upwHours = spec.unpaidWork?.hours ?? .constant(0)
        let kinds = [spec.programmes?.accredited, spec.programmes?.structured]
        programmeShares = kinds.map { $0?.share ?? -1 }
        programmeReadyAfter = kinds.map { $0?.readyAfterDays ?? .constant(0) }
        programmeDropout = kinds.map { $0?.dropoutPerSession ?? 0 }
        lots = spec.services.map {
            LotRates(referralShareMale: $0.referralShareMale, referralShareFemale: $0.referralShareFemale,
                     coverHours: $0.coverHours, coverDays: $0.coverDays)
        }
        lotDurations = spec.services.map(\.durationDays)
        upwDraws = seeder.stream("upw-requirements")
        upwSessions = seeder.stream("upw-sessions")
        upwCourts = seeder.stream("upw-extensions")
        programmeDraws = seeder.stream("programme-requirements")
        programmeGroups = seeder.stream("programme-groups")
        serviceReferrals = seeder.stream("crs-referrals")
        serviceDurations = seeder.stream("crs-durations")
        backlogDraws = seeder.stream("intervention-backlog")
        let lots = spec.services.count
        regions = RecordStore(regionCodes.lazy.map { code in
            var r = RegionInterventions(flow: InterventionFlow(lots: lots))
            if let u = spec.unpaidWork {
                r.supervisors = u.supervisors[code] ?? 0
                r.placements = u.placements[code]
                r.peoplePerSupervisor = u.peoplePerSupervisor
                r.weeklyMinutes = Int((u.weeklyHours * 60).rounded())
            }
            if let p = spec.programmes {
                r.facilitators = p.facilitators[code] ?? 0
                r.groupSize = [p.accredited?.groupSize ?? 0, p.structured?.groupSize ?? 0]
            }
            r.lotCapacity = spec.services.map { $0.capacity[code] ?? 0 }
            r.lotAvailable = spec.services.map { !$0.missing.contains(code) }
            r.lotInService = [Int](repeating: 0, count: lots)
            r.lotWaitingList = [[Int32]](repeating: [], count: lots)
            r.lotWaitingHead = [Int](repeating: 0, count: lots)
            r.lotWaiting = [Int](repeating: 0, count: lots)
            return r
        })
        metricNames = InterventionsState.metricNames(for: spec)
    }

    func programme(_ kind: ProgrammeKind) -> ProgrammeSpec? {
        kind == .accredited ? spec.programmes?.accredited : spec.programmes?.structured
    }

    /// The metrics written for a spec, in output order (docs/metrics.md).
    static func metricNames(for spec: InterventionsSpec) -> [String] {
        var names: [String] = []
        if spec.unpaidWork != nil {
            names += [
                "upw_hours_ordered", "upw_hours_worked", "upw_ete_hours_worked", "upw_hours_written_off",
                "upw_hours_outstanding", "upw_backlog_hours_outstanding", "upw_backlog_people", "upw_initial_hours_outstanding",
                "upw_people_waiting", "upw_people_active",
                "upw_starts", "upw_started_within_15wd_pct", "upw_completions", "upw_completed_within_12m_pct",
                "upw_extensions", "upw_stand_downs", "upw_non_attendances", "upw_breaches", "upw_session_places",
                "upw_supervisors",
            ]
        }
        if let p = spec.programmes {
            names += ["facilitators", "programme_groups_running"]
            for (kind, given) in [(ProgrammeKind.accredited, p.accredited != nil), (.structured, p.structured != nil)] where given {
                let k = kind.prefix
                names += ["\(k)_waiting", "\(k)_started", "\(k)_completed", "\(k)_dropped_out", "\(k)_expired", "\(k)_in_groups"]
            }
        }
        if spec.unpaidWork != nil || spec.programmes != nil { names.append("orders_ended_with_requirement_outstanding") }
        for lot in spec.services {
            names += ["crs_referrals_\(lot.name)", "crs_waiting_\(lot.name)", "crs_in_service_\(lot.name)"]
        }
        if !spec.services.isEmpty { names.append("practitioner_hours_covering_missing_services") }
        return names
    }
}
