// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

/// The allocation component's index of practitioners: for each PDU, its practitioners in the
/// order allocation looks at them (the PDU's teams in order, each team's members in order),
/// with the figures allocation and court reports compare — rule set, cases held, workload and
/// available points — side by side in one small record each.
///
/// Allocation, court reports and the Day-1 stock look at every practitioner of a PDU for
/// every case; reading those figures from the practitioners' own records (which hold names,
/// caseloads and case lists) costs a cache miss or more per practitioner. The roster keeps
/// copies: the model calls ``update(_:_:)`` whenever a practitioner's workload, available
/// points, cases held, grade or rule set changes, and ``membershipChanged(pdu:)`` when a
/// team's members change (the PDU's list is rebuilt when next read).
///
/// Beside the list the roster keeps each PDU's practitioners **in capacity order** (capacity %
/// now, ties by position in the list): one order per rule set over those who may take a case
/// at all (available points above zero, fewer cases than the rule set's maximum), and one over
/// the report writers with available points. The lowest-capacity choices — allocation under
/// `lowest-capacity`, court reports, the Day-1 stock — are then the first entry in capacity
/// order that passes the case's tests, found without reading the whole PDU. A change of
/// figures keeps or forgets the remembered first report writer and marks the practitioner's
/// place in the open orders for settling when those are next read (`PDURoster`).
struct AllocationRoster {
    struct Entry: Equatable {
        var practitioner: Int32
        var team: Int32
        var rules: Int32
        var held: Int32
        var workload: Int
        var available: Int
        var grade: Grade
        var writesReports: Bool
    }

    /// Per PDU, its list and capacity orders; valid unless `stale[pdu]`. (Shared, not copied,
    /// when the roster is copied: the model owns one roster.) `refs` holds the same objects
    /// unretained, so that a read reaches a PDU's roster without a retain and a release.
    private var pdus: [PDURoster?] = []
    private var refs: [Unmanaged<PDURoster>?] = []
    private var stale: [Bool] = []
    /// Per practitioner: PDU and position in its list (position -1: in none), side by side so
    /// that finding a practitioner's entry costs one load (one cache miss), not two.
    struct Place { var pdu: Int32; var position: Int32 }
    private var place: [Place] = []
    /// Practitioners whose position changed since ``takeMovedPlaces()`` was last called (the
    /// model keeps a copy of each practitioner's position in their record: see
    /// ``update(pdu:position:workload:held:available:)``).
    private var moved: [Int32] = []
    /// The most cases each rule set may hold (`Int.max`: no limit).
    private(set) var maxCases: [Int] = []

    /// Sets the rule sets' limits on cases held (before any list is built).
    mutating func setMaxCases(_ limits: [Int]) {
        maxCases = limits
        for d in stale.indices { stale[d] = true }
    }

    /// A practitioner's figures changed: refreshes their copy (if their PDU's list is built).
    mutating func update(_ p: Int, _ entry: Entry) {
        guard p < place.count else { return }
        let k = Int(place[p].position), d = Int(place[p].pdu)
        guard k >= 0, !stale[d], let r = refs[d] else { return }
        r._withUnsafeGuaranteedRef { r in
            r.entries[k] = entry
            r.slot[k].rules = Int8(entry.rules)
            r.slot[k].writer = entry.writesReports
            r.reorder(k, workload: entry.workload, held: entry.held, available: entry.available)
        }
    }

    /// A practitioner's workload or cases held changed (the common case: a cheaper `update`),
    /// with their available points as they are now (passed in, so that the entry is written
    /// and not read: its line may be cold).
    mutating func update(_ p: Int, workload: Int, held: Int, available: Int) {
        guard p < place.count else { return }
        let k = Int(place[p].position), d = Int(place[p].pdu)
        guard k >= 0, !stale[d], let r = refs[d] else { return }
        r._withUnsafeGuaranteedRef { r in
            r.entries[k].workload = workload
            r.entries[k].held = Int32(held)
            r.entries[k].available = available
            r.reorder(k, workload: workload, held: Int32(held), available: available)
        }
    }

    /// ``update(_:workload:held:available:)`` for the practitioner at `position` of PDU `pdu`'s
    /// list (-1: in none) as the caller has it (a copy kept where the caller has just written,
    /// so that finding the entry does not wait on a load of `place`; it must be the
    /// practitioner's place: see ``takeMovedPlaces()``).
    @inline(__always)
    mutating func update(pdu d: Int, position k: Int, workload: Int, held: Int, available: Int) {
        guard k >= 0, !stale[d], let r = refs[d] else { return }
        r._withUnsafeGuaranteedRef { r in
            r.entries[k].workload = workload
            r.entries[k].held = Int32(held)
            r.entries[k].available = available
            r.reorder(k, workload: workload, held: Int32(held), available: available)
        }
    }

    /// Starts loading what the first read of PDU `d`'s open orders at a meeting touches —
    /// the slots, the dirty list, the open orders and their places, the entries — if its list
    /// is built. A hint only: nothing changes.
    /// (`mutating` so that the model calls it on its roster in place: a call on a copy retained
    /// and released each of the roster's arrays.)
    mutating func prefetchForMeeting(pdu d: Int) {
        guard d < stale.count, !stale[d], let r = refs[d] else { return }
        r._withUnsafeGuaranteedRef { $0.prefetchForMeeting() }
    }

    /// Practitioner `p`'s position in their PDU's list (-1: in none).
    func position(of p: Int) -> Int { p < place.count ? Int(place[p].position) : -1 }

    /// Practitioner `p`'s PDU as the roster has it (-1: never in a list).
    func pdu(of p: Int) -> Int { p < place.count ? Int(place[p].pdu) : -1 }

    /// The practitioners whose position changed since the last call, each with their position
    /// now (-1: in no list), in the order of the changes (a practitioner may appear more than
    /// once: the last is current).
    mutating func takeMovedPlaces() -> [(practitioner: Int, position: Int)] {
        var out: [(practitioner: Int, position: Int)] = []
        takeMovedPlaces { p, k in out.append((p, k)) }
        return out
    }

    /// ``takeMovedPlaces()`` handed to `body` one by one (practitioner, position now), in the
    /// same order, without making an array.
    mutating func takeMovedPlaces(_ body: (_ practitioner: Int, _ position: Int) -> Void) {
        guard !moved.isEmpty else { return }
        moved.withUnsafeBufferPointer { m in
            place.withUnsafeBufferPointer { place in
                for q in m { body(Int(q), Int(place[Int(q)].position)) }
            }
        }
        moved.removeAll(keepingCapacity: true)
    }

    /// A team of `pdu` gained or lost a member: its list is rebuilt when next read.
    mutating func membershipChanged(pdu d: Int) {
        if d < stale.count { stale[d] = true }
    }

    /// Practitioner `entry.practitioner` joined a team of `pdu` and is at `position` of its list
    /// now (the practitioners after them one place later): the list and orders are edited in
    /// place, in time linear in the PDU's size, without reading anyone's record or sorting (in
    /// the PDU roster's own buffers while they have room, else in a copy with more room).
    /// (A list not built yet, or due for a rebuild, is rebuilt when next read.)
    mutating func memberAdded(_ entry: Entry, pdu d: Int, at k: Int) {
        guard d < stale.count, !stale[d], let old = pdus[d], k <= old.count else { return membershipChanged(pdu: d) }
        let p = Int(entry.practitioner)
        grow(to: p)
        notePlaces(of: old, from: k, moving: 1)
        place[p] = Place(pdu: Int32(d), position: Int32(k))
        moved.append(Int32(p))
        if old.count < old.capacity {
            old.insert(entry, at: k)
        } else {
            set(d, PDURoster(old, inserting: entry, at: k))
        }
    }

    /// Practitioner `p` left their team in `pdu`: taken out of its list and orders (the
    /// practitioners after them one place earlier), in time linear in the PDU's size, in the
    /// PDU roster's own buffers.
    mutating func memberRemoved(_ p: Int, pdu d: Int) {
        guard d < stale.count, !stale[d], let old = pdus[d], p < place.count, Int(place[p].pdu) == d,
              case let k = Int(place[p].position), k >= 0 else { return membershipChanged(pdu: d) }
        notePlaces(of: old, from: k + 1, moving: -1)
        place[p].position = -1
        moved.append(Int32(p))
        old.remove(at: k)
    }

    /// The practitioners at positions `from` on of `r`'s list move `by` places: their places
    /// changed, and noted as moved in order of position.
    private mutating func notePlaces(of r: PDURoster, from: Int, moving by: Int32) {
        guard from < r.count else { return }
        moved.reserveCapacity(moved.count + (r.count - from) + 1)
        let entries = r.entries
        place.withUnsafeMutableBufferPointer { place in
            for j in from..<r.count {
                let q = entries[j].practitioner
                place[Int(q)].position += by
                moved.append(q)
            }
        }
    }

    /// Whether `pdu`'s list must be rebuilt before it is read.
    func needsRebuild(pdu d: Int) -> Bool { d >= stale.count || stale[d] }

    /// Replaces `pdu`'s list with `entries` (in allocation order) for `pdus` PDUs in all.
    mutating func rebuild(pdu d: Int, pdus count: Int, with entries: [Entry]) {
        if pdus.count < count {
            pdus += Array(repeating: nil, count: count - pdus.count)
            refs += Array(repeating: nil, count: count - refs.count)
            stale += Array(repeating: true, count: count - stale.count)
        }
        if let old = pdus[d] {
            for k in 0..<old.count {
                let p = Int(old.entries[k].practitioner)
                if p < place.count && Int(place[p].pdu) == d { place[p].position = -1; moved.append(Int32(p)) }
            }
        }
        for (k, e) in entries.enumerated() {
            let p = Int(e.practitioner)
            grow(to: p)
            place[p] = Place(pdu: Int32(d), position: Int32(k))
            moved.append(Int32(p))
        }
        set(d, PDURoster(entries, maxCases: maxCases))
        stale[d] = false
    }

    /// Makes room in `place` for practitioner `p`.
    private mutating func grow(to p: Int) {
        if p >= place.count { place += Array(repeating: Place(pdu: -1, position: -1), count: p + 1 - place.count) }
    }

    /// Makes `r` PDU `d`'s roster (owned in `pdus`, unretained in `refs`).
    private mutating func set(_ d: Int, _ r: PDURoster) {
        pdus[d] = r
        refs[d] = Unmanaged.passUnretained(r)
    }

    /// PDU `d`'s list and orders (which must be built).
    @inline(__always)
    private func built(_ d: Int) -> PDURoster {
        precondition(!stale[d], "AllocationRoster: PDU \(d) read before it was rebuilt")
        return pdus[d]!
    }

    /// Calls `body` with PDU `d`'s list and orders (which must be built), without retaining them.
    @inline(__always)
    private func withBuilt<R>(_ d: Int, _ body: (PDURoster) -> R) -> R {
        precondition(!stale[d], "AllocationRoster: PDU \(d) read before it was rebuilt")
        return refs[d].unsafelyUnwrapped._withUnsafeGuaranteedRef(body)
    }

    /// Calls `body` with `pdu`'s list (which must be built).
    func withEntries<R>(pdu d: Int, _ body: (UnsafeBufferPointer<Entry>) -> R) -> R {
        withBuilt(d) { r in body(UnsafeBufferPointer(start: r.entries, count: r.count)) }
    }

    // MARK: capacity order

    /// Capacity % as allocation and court reports compute it.
    @inline(__always)
    static func capacityKey(_ e: Entry) -> Double {
        Double(e.workload) / Double(e.available) * 100
    }

    /// The first entry of PDU `d` under rule set `r`, open to cases, in capacity order, whose
    /// capacity % is at most `limit` and that passes `accept`: its position, capacity % and
    /// figures. Entries above `limit` are not looked at (the order stops there). (`mutating`
    /// because it settles the PDU's open orders first; and so that a caller holding the roster
    /// in a class reads it in place rather than copying it, a retain and a release for each of
    /// its arrays.)
    @inline(__always)
    mutating func firstOpen(pdu d: Int, ruleSet r: Int, upTo limit: Double,
                            where accept: (Entry, Double) -> Bool) -> (position: Int, key: Double, entry: Entry)? {
        withBuilt(d) { pr in
            pr.settleOpen()
            return Self.firstOpen(pr, ruleSet: r, upTo: limit, where: accept)
        }
    }

    /// ``firstOpen(pdu:ruleSet:upTo:where:)`` on a PDU's roster already settled (so a search over
    /// several rule sets takes and settles the PDU's roster once).
    @inline(__always)
    private static func firstOpen(_ pr: PDURoster, ruleSet r: Int, upTo limit: Double,
                                  where accept: (Entry, Double) -> Bool) -> (position: Int, key: Double, entry: Entry)? {
        let o = pr.open + r * pr.capacity
        for i in 0..<pr.openCount[r] {
            let k = Int(o[i])
            let kk = pr.slot[k].key
            if kk > limit { return nil }
            let e = pr.entries[k]
            if accept(e, kk) { return (k, kk, e) }
        }
        return nil
    }

    /// Among PDU `d`'s entries open to cases whose rule set is in `ruleSets` (bit r: rule set
    /// r), the first in capacity order — lowest capacity %, then position, which is what a scan
    /// of the list keeping the first lowest finds — whose capacity % is at most `limit` and that
    /// passes `accept`: its position, capacity % and figures. (`mutating`: see ``firstOpen``.)
    @inline(__always)
    mutating func lowestCapacityOpen(pdu d: Int, ruleSets: UInt64, upTo limit: Double,
                                     where accept: (Entry, Double) -> Bool) -> (position: Int, key: Double, entry: Entry)? {
        // (The closure captures locals only: one that read `self` captured a copy of the
        // roster, a retain and a release for each of its arrays.)
        let mask = ruleSets & (maxCases.count >= 64 ? ~0 : (1 << UInt64(maxCases.count)) - 1)
        return withBuilt(d) { pr in Self.lowestCapacityOpen(pr, ruleSets: mask, upTo: limit, where: accept) }
    }

    /// ``lowestCapacityOpen(pdu:ruleSets:upTo:where:)`` on PDU roster `pr`.
    @inline(__always)
    private static func lowestCapacityOpen(_ pr: PDURoster, ruleSets mask: UInt64, upTo limit: Double,
                                           where accept: (Entry, Double) -> Bool) -> (position: Int, key: Double, entry: Entry)? {
        // The PDU's roster is settled once for all its rule sets: nothing changes between them
        // (the tests are pure).
        pr.settleOpen()
        // The rule sets' orders merged by (capacity %, position): the first entry of the merge
        // that passes is the first that passes in any of them, and an entry's figures (a cache
        // miss, often) are read only for it and the entries before it. Each order's head is at
        // `open[cur[j]]`, its end at `open[end[j]]` (places in `open` itself, so that a head is
        // one load); `live` of them are left. (Places are below `capacity` × the rule sets, far
        // below Int32's range: the arithmetic wraps instead of checking each step.)
        let slot = pr.slot, open = pr.open, cur = pr.scratch, end = pr.scratch + pr.count
        var live = 0
        // (Only orders that hold anyone: at most `count` of them, each holds positions of its own.)
        var rest = mask & pr.occupied
        while rest != 0 {
            let r = rest.trailingZeroBitCount
            rest &= rest &- 1
            let o = r &* pr.capacity
            cur[live] = Int32(truncatingIfNeeded: o)
            end[live] = Int32(truncatingIfNeeded: o &+ pr.openCount[r])
            live &+= 1
        }
        while live > 0 {
            // The head of lowest (capacity %, position).
            var bj = 0
            var bq = Int(open[Int(cur[0])])
            var bk = slot[bq].key
            var j = 1
            while j < live {
                let q = Int(open[Int(cur[j])])
                let kq = slot[q].key
                if kq < bk || (kq == bk && q < bq) { bj = j; bq = q; bk = kq }
                j &+= 1
            }
            if bk > limit { return nil }
            let e = pr.entries[bq]
            if accept(e, bk) { return (bq, bk, e) }
            let next = cur[bj] &+ 1
            if next == end[bj] {
                live &-= 1
                cur[bj] = cur[live]
                end[bj] = end[live]
            } else {
                cur[bj] = next
            }
        }
        return nil
    }

    /// ``lowestCapacityOpen(pdu:ruleSets:upTo:where:)`` with the rule sets chosen by a test.
    @inline(__always)
    mutating func lowestCapacityOpen(pdu d: Int, ruleSets ruleSet: (Int) -> Bool, upTo limit: Double,
                                     where accept: (Entry, Double) -> Bool) -> (position: Int, key: Double, entry: Entry)? {
        lowestCapacityOpen(pdu: d, ruleSets: ruleSetMask(ruleSet), upTo: limit, where: accept)
    }

    /// The rule sets that pass `ruleSet`, as bits (bit r: rule set r; at most 64 rule sets).
    func ruleSetMask(_ ruleSet: (Int) -> Bool) -> UInt64 {
        precondition(maxCases.count <= 64, "AllocationRoster: at most 64 rule sets")
        var m: UInt64 = 0
        for r in 0..<maxCases.count where ruleSet(r) { m |= 1 << UInt64(r) }
        return m
    }

    /// The report writer of PDU `d` with the lowest capacity % (the earliest on ties), if any.
    func firstWriter(pdu d: Int) -> Entry? {
        withBuilt(d) { r in r.firstWriter.map { r.entries[$0] } }
    }

    /// The entry at position `k` of PDU `d`'s list.
    func entry(pdu d: Int, _ k: Int) -> Entry { withBuilt(d) { $0.entries[k] } }

    /// Whether PDU `d`'s capacity orders are what they would be if built from its list now
    /// (checked in debug builds).
    func capacityOrderIsCurrent(pdu d: Int) -> Bool {
        let r = built(d)
        let fresh = PDURoster(Array(UnsafeBufferPointer(start: r.entries, count: r.count)), maxCases: maxCases)
        return r.orders == fresh.orders
    }
}

/// One PDU's roster list and capacity orders, in memory of its own: an update writes in place
/// without the copy-on-write checks nested arrays would make at every level.
///
/// The orders are kept in two ways, by how often they are read:
/// * Of the report writers' order only the first entry is wanted, by court reports — about one
///   read for every ten changes of figures in a national run — so it is **remembered** (the
///   first lowest writer's key by position, `writerKey`, and the position and key of the best):
///   a change that beats the best (or is the best, going down) replaces it; a change that takes
///   the best up or out of the writers forgets it, and the next read scans the PDU's writer keys
///   (one small array) again. A change costs a comparison; a read at most one scan.
/// * The orders of those open to cases are read only at allocation meetings (and by the Day-1
///   stock), while workloads change all day, so they are **settled lazily**: a change marks the
///   entry dirty (its place in its order is then stale) and the orders are put right when next
///   read — one dirty entry moved along its order as before; several taken out of the orders
///   in one pass, sorted among themselves and merged back in. The sorted order by (capacity %,
///   position) is unique, so when it is settled does not change what is read.
final class PDURoster {
    typealias Entry = AllocationRoster.Entry
    /// Positions in the list; room for `capacity` in every buffer indexed by position, so that a
    /// joiner or leaver is edited in place (``insert(_:at:)``, ``remove(at:)``).
    private(set) var count: Int
    let capacity: Int
    let maxCases: [Int]
    /// The list, in allocation order.
    let entries: UnsafeMutablePointer<Entry>
    /// By position, what reordering reads, in one line: capacity %, the open orders' marks, rule
    /// set and whether a report writer (see ``Slot``).
    let slot: UnsafeMutablePointer<Slot>
    /// Per rule set, `capacity` places (rule set r's from `open + r * capacity`): positions of the entries open to cases (available points,
    /// fewer cases than the rule set's maximum) in capacity order; `openCount` in use. Entries
    /// marked in `dirty` may be out of place (or in the wrong order, or missing) until
    /// ``settleOpen()``.
    let open: UnsafeMutablePointer<Int32>
    let openCount: UnsafeMutablePointer<Int>
    /// Bit r set: rule set r's open order holds anyone (`openCount[r] > 0`).
    var occupied: UInt64 = 0
    /// By position: the entry's place in the order that holds it (-1: none).
    let openSlot: UnsafeMutablePointer<Int32>
    /// Positions whose figures changed since the open orders were last settled (`dirtyCount`
    /// of them; each marked `dirty` in its slot).
    let dirty: UnsafeMutablePointer<Int32>
    var dirtyCount = 0

    /// A position's figures for reordering, 16 bytes: a change of figures reads this and
    /// nothing else of the position (the entry is written, not read).
    struct Slot: Equatable {
        /// Capacity % now (as allocation computes it), +∞ without available points.
        var key: Double
        /// The rule set whose open order holds the entry (-1: none), and the one that should
        /// (-1: none; the same unless `dirty`).
        var openIn: Int16
        var target: Int16
        /// The entry's rule set, and whether its grade writes reports (copies of the entry's).
        var rules: Int8
        var writer: Bool
        /// Among `dirty`.
        var dirty: Bool
    }
    /// Working space for ``settleOpen()``: 2 × `capacity` positions or rule sets, and
    /// `maxCases.count + 1` group bounds.
    fileprivate let scratch: UnsafeMutablePointer<Int32>
    private let start: UnsafeMutablePointer<Int>
    /// By position: the writer's key (capacity % for a report writer with available points,
    /// else +∞).
    let writerKey: UnsafeMutablePointer<Double>
    /// The first report writer in capacity order, when `bestKnown`: its position (-1: none,
    /// every writer key +∞) and key. Forgotten (`bestKnown` false) when a change could have
    /// put someone else first without saying who; found by a scan when next read.
    var best = -1
    var bestKey = Double.infinity
    var bestKnown = false

    convenience init(_ list: [Entry], maxCases: [Int]) {
        self.init(allocating: list, maxCases: maxCases)
        var byRules = Array(repeating: [Int32](), count: maxCases.count)
        for (k, e) in list.enumerated() {
            slot[k].key = e.available > 0 ? AllocationRoster.capacityKey(e) : .infinity
            if isOpen(e) { byRules[Int(e.rules)].append(Int32(k)) }
            if Self.isWriter(e) { writerKey[k] = slot[k].key }
        }
        let slot = self.slot
        let before = { (a: Int32, b: Int32) -> Bool in
            slot[Int(a)].key < slot[Int(b)].key || (slot[Int(a)].key == slot[Int(b)].key && a < b)
        }
        for r in byRules.indices {
            byRules[r].sort(by: before)
            for (i, k) in byRules[r].enumerated() {
                open[r * capacity + i] = k
                slot[Int(k)].openIn = Int16(r)
                slot[Int(k)].target = Int16(r)
                openSlot[Int(k)] = Int32(i)
            }
            openCount[r] = byRules[r].count
            noteCount(r)
        }
    }

    /// The buffers for `list`, with no orders (every key +∞, nobody open, nobody dirty), and
    /// room for a few joiners (an eighth more, at least 4).
    private init(allocating list: [Entry], maxCases: [Int]) {
        count = list.count
        capacity = list.count + max(4, list.count / 8)
        self.maxCases = maxCases
        let n = capacity, rs = max(maxCases.count, 1)
        entries = .allocate(capacity: n)
        entries.initialize(from: list, count: count)
        precondition(maxCases.count <= 64, "PDURoster: at most 64 rule sets")
        slot = .allocate(capacity: n)
        for (k, e) in list.enumerated() {
            (slot + k).initialize(to: Slot(key: .infinity, openIn: -1, target: -1, rules: Int8(e.rules),
                                           writer: e.writesReports, dirty: false))
        }
        open = .allocate(capacity: n * rs)
        openCount = .allocate(capacity: rs)
        openCount.initialize(repeating: 0, count: rs)
        openSlot = .allocate(capacity: n)
        openSlot.initialize(repeating: -1, count: n)
        dirty = .allocate(capacity: n)
        scratch = .allocate(capacity: 2 * n)
        start = .allocate(capacity: rs + 1)
        writerKey = .allocate(capacity: n)
        writerKey.initialize(repeating: .infinity, count: n)
    }

    /// `old` with `entry` inserted at position `k` (positions from `k` on one later).
    convenience init(_ old: PDURoster, inserting entry: Entry, at k: Int) {
        var list = Array(UnsafeBufferPointer(start: old.entries, count: old.count))
        list.insert(entry, at: k)
        self.init(editing: old, list: list) { q in q < k ? q : q + 1 }
        // The newcomer is in no order yet: settled with the other changes when next read.
        let kk = entry.available > 0 ? AllocationRoster.capacityKey(entry) : .infinity
        slot[k].key = kk
        writerKey[k] = Self.isWriter(entry) ? kk : .infinity
        if isOpen(entry) {
            slot[k].target = Int16(entry.rules)
            slot[k].dirty = true
            dirty[dirtyCount] = Int32(k)
            dirtyCount += 1
        }
    }

    /// `old` without position `k` (positions after it one earlier).
    convenience init(_ old: PDURoster, removing k: Int) {
        var list = Array(UnsafeBufferPointer(start: old.entries, count: old.count))
        list.remove(at: k)
        self.init(editing: old, list: list) { q in q < k ? q : q == k ? -1 : q - 1 }
    }

    /// A copy of `old` over `list`, its positions moved by `map` (-1: gone; positions `map`
    /// reaches from none are in no order): the orders keep their sequence, so ties by position
    /// stay as they were. The first report writer is found when next read.
    private convenience init(editing old: PDURoster, list: [Entry], map: (Int) -> Int) {
        self.init(allocating: list, maxCases: old.maxCases)
        for q in 0..<old.count {
            let nq = map(q)
            guard nq >= 0 else { continue }
            // (Rule set and writer are the list's: the same as the old slot's.)
            slot[nq].key = old.slot[q].key
            slot[nq].target = old.slot[q].target
            writerKey[nq] = old.writerKey[q]
        }
        for r in 0..<maxCases.count {
            let o = old.open + r * old.capacity, n = open + r * capacity
            var w = 0
            for i in 0..<old.openCount[r] {
                let nq = map(Int(o[i]))
                guard nq >= 0 else { continue }
                n[w] = Int32(nq); slot[nq].openIn = Int16(r); openSlot[nq] = Int32(w)
                w += 1
            }
            openCount[r] = w
            noteCount(r)
        }
        for i in 0..<old.dirtyCount {
            let nq = map(Int(old.dirty[i]))
            guard nq >= 0 else { continue }
            slot[nq].dirty = true
            dirty[dirtyCount] = Int32(nq)
            dirtyCount += 1
        }
    }

    /// ``init(_:inserting:at:)`` in place (there must be room): `entry` at position `k`, the
    /// positions from `k` on one later.
    func insert(_ entry: Entry, at k: Int) {
        precondition(count < capacity && k >= 0 && k <= count, "PDURoster: no room to insert at \(k)")
        let tail = count - k
        (entries + k + 1).moveInitialize(from: entries + k, count: tail)
        (entries + k).initialize(to: entry)
        (slot + k + 1).moveInitialize(from: slot + k, count: tail)
        (writerKey + k + 1).moveInitialize(from: writerKey + k, count: tail)
        (openSlot + k + 1).moveInitialize(from: openSlot + k, count: tail)
        count += 1
        relabel { q in q < k ? q : q + 1 }
        // The newcomer is in no order yet: settled with the other changes when next read.
        let kk = entry.available > 0 ? AllocationRoster.capacityKey(entry) : .infinity
        let open = isOpen(entry)
        slot[k] = Slot(key: kk, openIn: -1, target: open ? Int16(entry.rules) : -1, rules: Int8(entry.rules),
                       writer: entry.writesReports, dirty: open)
        writerKey[k] = Self.isWriter(entry) ? kk : .infinity
        openSlot[k] = -1
        if open {
            dirty[dirtyCount] = Int32(k)
            dirtyCount += 1
        }
    }

    /// ``init(_:removing:)`` in place: position `k` taken out, the positions after it one earlier.
    func remove(at k: Int) {
        precondition(k >= 0 && k < count, "PDURoster: no position \(k)")
        let tail = count - k - 1
        (entries + k).deinitialize(count: 1)
        (entries + k).moveInitialize(from: entries + k + 1, count: tail)
        (slot + k).moveInitialize(from: slot + k + 1, count: tail)
        (writerKey + k).moveInitialize(from: writerKey + k + 1, count: tail)
        (openSlot + k).moveInitialize(from: openSlot + k + 1, count: tail)
        count -= 1
        relabel { q in q < k ? q : q == k ? -1 : q - 1 }
    }

    /// After the buffers indexed by position moved: the orders and the dirty list relabelled by
    /// `map` (old position → new, -1: gone), keeping their sequence, and what a copy by
    /// ``init(editing:list:map:)`` derives from them made so again — each position's order and
    /// place (`openIn`, `openSlot`: none unless an order holds it) and dirty mark (only those
    /// in the dirty list); the first report writer forgotten (found when next read).
    private func relabel(_ map: (Int) -> Int) {
        for q in 0..<count {
            slot[q].openIn = -1
            slot[q].dirty = false
            openSlot[q] = -1
        }
        for r in 0..<maxCases.count {
            let o = open + r * capacity
            var w = 0
            for i in 0..<openCount[r] {
                let nq = map(Int(o[i]))
                guard nq >= 0 else { continue }
                o[w] = Int32(nq); slot[nq].openIn = Int16(r); openSlot[nq] = Int32(w)
                w += 1
            }
            openCount[r] = w
            noteCount(r)
        }
        var w = 0
        for i in 0..<dirtyCount {
            let nq = map(Int(dirty[i]))
            guard nq >= 0 else { continue }
            slot[nq].dirty = true
            dirty[w] = Int32(nq)
            w += 1
        }
        dirtyCount = w
        best = -1
        bestKey = .infinity
        bestKnown = false
    }

    deinit {
        entries.deinitialize(count: count)
        entries.deallocate()
        slot.deallocate(); open.deallocate(); openCount.deallocate(); openSlot.deallocate()
        dirty.deallocate(); writerKey.deallocate()
        scratch.deallocate(); start.deallocate()
    }

    @inline(__always)
    func isOpen(_ e: Entry) -> Bool { e.available > 0 && Int(e.held) < maxCases[Int(e.rules)] }

    @inline(__always)
    static func isWriter(_ e: Entry) -> Bool { e.writesReports && e.available > 0 }

    /// The position of the report writer with available points of lowest capacity % (the
    /// earliest on ties), or nil when there is none: the one remembered, or found by a scan.
    @inline(__always)
    var firstWriter: Int? {
        if !bestKnown { findBestWriter() }
        return best >= 0 ? best : nil
    }

    /// Finds the first report writer by a scan of the writer keys: the first lowest — the
    /// lowest key (four running minima, which do not wait on each other), then the first
    /// position that holds it.
    private func findBestWriter() {
        let w = writerKey
        var m0 = Double.infinity, m1 = Double.infinity, m2 = Double.infinity, m3 = Double.infinity
        var k = 0
        while k + 4 <= count {
            m0 = min(m0, w[k]); m1 = min(m1, w[k + 1]); m2 = min(m2, w[k + 2]); m3 = min(m3, w[k + 3])
            k += 4
        }
        while k < count { m0 = min(m0, w[k]); k += 1 }
        let m = min(min(m0, m1), min(m2, m3))
        var b = -1
        if m < .infinity {
            // Four keys a step (two compares of two lanes) to the first four that hold the
            // minimum, then one by one within them (some key holds it: the scan stops there).
            b = 0
            let wanted = SIMD2<Double>(repeating: m)
            while b &+ 4 <= count {
                let lo = UnsafeRawPointer(w + b).loadUnaligned(as: SIMD2<Double>.self)
                let hi = UnsafeRawPointer(w + (b &+ 2)).loadUnaligned(as: SIMD2<Double>.self)
                if any((lo .== wanted) .| (hi .== wanted)) { break }
                b &+= 4
            }
            while !(w[b] == m) { b &+= 1 }
        }
        best = b
        bestKey = m
        bestKnown = true
    }

    /// The orders as arrays (for the debug check against a rebuild; settles the open orders).
    var orders: [[Double]] {
        settleOpen()
        var out: [[Double]] = [(0..<count).map { slot[$0].key }]
        for r in maxCases.indices { out.append((0..<openCount[r]).map { Double(open[r * capacity + $0]) }) }
        out.append(maxCases.indices.map { Double(occupied >> UInt64($0) & 1) })
        // (Settled: every target is the order that holds the entry, and no slot is dirty.)
        out.append((0..<count).map { Double(slot[$0].openIn) })
        out.append((0..<count).map { Double(slot[$0].target) })
        out.append((0..<count).map { Double(slot[$0].rules) })
        out.append((0..<count).map { slot[$0].writer ? 1 : 0 })
        out.append((0..<count).map { slot[$0].dirty ? 1 : 0 })
        out.append((0..<count).map { Double(openSlot[$0]) })
        out.append((0..<count).map { writerKey[$0] })
        // (The remembered first writer against a scan's: `fresh` has none remembered.)
        out.append([Double(firstWriter ?? -1)])
        return out
    }

    /// Position `k`'s figures changed: its capacity %, writer's key and the first writer now
    /// (or forgotten), its place in the open orders when they are next read.
    /// The figures are passed in (the entry's, as just written) so that only the slot is read.
    @inline(__always)
    func reorder(_ k: Int, workload: Int, held: Int32, available: Int) {
        var s = slot[k]
        // (As `AllocationRoster.capacityKey`: the same operations in the same order.)
        let kk = available > 0 ? Double(workload) / Double(available) * 100 : .infinity
        let wk = s.writer && available > 0 ? kk : .infinity
        writerKey[k] = wk
        if bestKnown {
            if k == best {
                // Still first if its key did not go up; otherwise someone else may be.
                if wk <= bestKey { bestKey = wk } else { bestKnown = false }
            } else if wk < bestKey || (wk == bestKey && k < best) {
                best = k
                bestKey = wk
            }
        }
        let now: Int16 = available > 0 && Int(held) < maxCases[Int(s.rules)] ? Int16(s.rules) : -1
        s.target = now
        // Unless capacity % and order are as they were, or it is outside every open order and
        // staying so (nothing to settle), its place is put right when the orders are next read.
        if !(kk == s.key && s.openIn == now) {
            s.key = kk
            if !s.dirty && !(now < 0 && s.openIn < 0) {
                s.dirty = true
                dirty[dirtyCount] = Int32(k)
                dirtyCount += 1
            }
        }
        slot[k] = s
    }

    /// Puts the open orders right after changes of figures (see the type's notes).
    func settleOpen() {
        if dirtyCount == 0 { return }
        if dirtyCount == 1 {
            let k = Int(dirty[0])
            slot[k].dirty = false
            dirtyCount = 0
            settleOne(k)
            return
        }
        settleMany()
    }

    /// ``settleOpen()`` with several dirty entries (a PDU's first read of the day, mostly):
    /// they are grouped by the order that should hold them (by counting), each group sorted by
    /// (capacity %, position) on its own (small groups by insertion), and each order that loses
    /// or gains entries is rebuilt in one pass that drops its dirty entries and merges its group
    /// in, from the first place that changes. The orders by (capacity %, position) are unique,
    /// so this is the order any other way of settling makes.
    private func settleMany() {
        let d = dirty, n = dirtyCount, slot = self.slot, start = self.start, R = maxCases.count
        // Group sizes (rule set r's in `start[r + 1]`) and the orders that change (bits).
        for r in 0...R { start[r] = 0 }
        var changed: UInt64 = 0
        for i in 0..<n {
            let s = slot[Int(d[i])]
            if s.openIn >= 0 { changed |= 1 &<< UInt64(s.openIn) }
            if s.target >= 0 {
                changed |= 1 &<< UInt64(s.target)
                start[Int(s.target) &+ 1] &+= 1
            }
        }
        for r in 0..<R { start[r &+ 1] &+= start[r] }
        // The groups, in `scratch`: rule set r's at `start[r]..<start[r + 1]` (after this pass,
        // `start[r]` is its group's end, and so the next group's beginning).
        let grouped = scratch
        for i in 0..<n {
            let q = d[i]
            let t = Int(slot[Int(q)].target)
            if t >= 0 { grouped[start[t]] = q; start[t] &+= 1 }
        }
        @inline(__always) func before(_ a: Int32, _ ak: Double, _ b: Int32, _ bk: Double) -> Bool {
            ak < bk || (ak == bk && a < b)
        }
        // Merged orders are written after the groups (the groups take `n` places, an order at
        // most `count`: the scratch holds 2 × `capacity`).
        let merged = scratch + n
        var rest = changed
        while rest != 0 {
            let r = rest.trailingZeroBitCount
            rest &= rest &- 1
            let from = r == 0 ? 0 : start[r &- 1], end = start[r]
            // The group sorted by (capacity %, position).
            if end &- from <= 32 {
                var i = from &+ 1
                while i < end {
                    let q = grouped[i], qk = slot[Int(q)].key
                    var j = i
                    while j > from {
                        let p = grouped[j &- 1]
                        guard before(q, qk, p, slot[Int(p)].key) else { break }
                        grouped[j] = p
                        j &-= 1
                    }
                    grouped[j] = q
                    i &+= 1
                }
            } else {
                var big = UnsafeMutableBufferPointer(start: grouped + from, count: end &- from)
                big.sort { a, b in before(a, slot[Int(a)].key, b, slot[Int(b)].key) }
            }
            // The order: the places before the first dirty entry or the group's first stay.
            let o = open + r &* capacity
            let m = openCount[r]
            var i = 0
            if from < end {
                let h = grouped[from], hk = slot[Int(h)].key
                while i < m {
                    let q = o[i], s = slot[Int(q)]
                    guard !s.dirty && before(q, s.key, h, hk) else { break }
                    i &+= 1
                }
            } else {
                while i < m && !slot[Int(o[i])].dirty { i &+= 1 }
            }
            let kept = i
            // The rest: the order's clean entries merged with the group.
            var w = 0, j = from
            while j < end {
                let h = grouped[j], hk = slot[Int(h)].key
                while i < m {
                    let q = o[i], s = slot[Int(q)]
                    if s.dirty { i &+= 1; continue }
                    guard before(q, s.key, h, hk) else { break }
                    merged[w] = q; w &+= 1; i &+= 1
                }
                merged[w] = h; w &+= 1; j &+= 1
            }
            while i < m {
                let q = o[i]
                if !slot[Int(q)].dirty { merged[w] = q; w &+= 1 }
                i &+= 1
            }
            for t in 0..<w {
                let q = merged[t]
                o[kept &+ t] = q
                openSlot[Int(q)] = Int32(truncatingIfNeeded: kept &+ t)
            }
            openCount[r] = kept &+ w
            noteCount(r)
        }
        // Each entry is where it belongs now: in its target's order (placed above) or in none.
        for i in 0..<n {
            let q = Int(d[i])
            let t = slot[q].target
            slot[q].dirty = false
            slot[q].openIn = t
            if t < 0 { openSlot[q] = -1 }
        }
        dirtyCount = 0
    }

    /// Moves position `k`, the only one out of place, to its place in the open orders.
    private func settleOne(_ k: Int) {
        let was = Int(slot[k].openIn)
        let now = Int(slot[k].target)
        if was >= 0 && was != now {
            Self.remove(k, from: open + was * capacity, &openCount[was], slot: openSlot)
            noteCount(was)
            slot[k].openIn = -1
        }
        if now >= 0 {
            let o = open + now * capacity
            if was != now {
                o[openCount[now]] = Int32(k)
                openSlot[k] = Int32(openCount[now])
                openCount[now] += 1
                noteCount(now)
                slot[k].openIn = Int16(now)
            }
            settle(o, openCount[now], slot: openSlot, at: Int(openSlot[k]))
        }
    }

    /// See ``AllocationRoster/prefetchForMeeting(pdu:)``.
    func prefetchForMeeting() {
        @inline(__always) func lines(_ p: UnsafeRawPointer, _ bytes: Int) {
            var o = 0
            while o < bytes { prefetchForReading(p + o); o &+= 64 }
        }
        lines(UnsafeRawPointer(slot), count &* MemoryLayout<Slot>.stride)
        lines(UnsafeRawPointer(dirty), dirtyCount &* 4)
        lines(UnsafeRawPointer(openSlot), count &* 4)
        var rest = occupied
        while rest != 0 {
            let r = rest.trailingZeroBitCount
            rest &= rest - 1
            lines(UnsafeRawPointer(open + r &* capacity), openCount[r] &* 4)
        }
        lines(UnsafeRawPointer(entries), count &* MemoryLayout<Entry>.stride)
    }

    /// Keeps rule set `r`'s bit of `occupied` after a change of `openCount[r]`.
    @inline(__always)
    private func noteCount(_ r: Int) {
        if openCount[r] > 0 { occupied |= 1 << UInt64(r) } else { occupied &= ~(1 << UInt64(r)) }
    }

    /// Takes position `k` out of an order of `n` entries, closing the gap.
    private static func remove(_ k: Int, from o: UnsafeMutablePointer<Int32>, _ n: inout Int, slot: UnsafeMutablePointer<Int32>) {
        var i = Int(slot[k])
        while i + 1 < n { o[i] = o[i + 1]; slot[Int(o[i])] = Int32(i); i += 1 }
        n -= 1
        slot[k] = -1
    }

    /// Moves the entry at `start` of the order `o` of `n` entries left or right to its place
    /// by (capacity %, position), keeping `slot` (position → place) up to date.
    @inline(__always)
    private func settle(_ o: UnsafeMutablePointer<Int32>, _ n: Int, slot s: UnsafeMutablePointer<Int32>, at start: Int) {
        let k = o[start]
        let kk = slot[Int(k)].key
        // (Places are below `n`, an Int32: the arithmetic wraps instead of checking each step.)
        var i = start
        while i > 0 {
            let q = o[i &- 1], qk = slot[Int(q)].key
            guard kk < qk || (kk == qk && k < q) else { break }
            o[i] = q; s[Int(q)] = Int32(truncatingIfNeeded: i); i &-= 1
        }
        if i == start {
            while i &+ 1 < n {
                let q = o[i &+ 1], qk = slot[Int(q)].key
                guard qk < kk || (qk == kk && q < k) else { break }
                o[i] = q; s[Int(q)] = Int32(truncatingIfNeeded: i); i &+= 1
            }
        }
        o[i] = k; s[Int(k)] = Int32(truncatingIfNeeded: i)
    }
}

extension ProbationModel {
    /// The roster's record of practitioner `p`, from their own.
    func rosterEntry(_ p: Int) -> AllocationRoster.Entry {
        let grade = practitioners[p].grade
        return AllocationRoster.Entry(practitioner: Int32(p), team: Int32(practitioners[p].team), rules: practitioners[p].wf.rules,
                                      held: Int32(practitioners[p].caseCount), workload: practitioners[p].workload,
                                      available: practitioners[p].available, grade: grade,
                                      writesReports: writesReports[grade.index])
    }

    /// Copies the positions the roster moved into the practitioners' records
    /// (`PractitionerState.rosterPosition`).
    func syncRosterPlaces() {
        practitioners.withUnsafeMutableBufferPointer { records in
            roster.takeMovedPlaces { p, k in records[p].rosterPosition = Int32(k) }
        }
    }

    /// Tells the roster that practitioner `p`'s figures changed.
    func rosterUpdate(_ p: Int) {
        roster.update(p, rosterEntry(p))
    }

    /// Rebuilds PDU `d`'s roster list first if its teams changed (debug builds: and checks it
    /// and its capacity orders against the practitioners).
    /// (Inlined: every pick and court report calls it, and the list is rarely due for a rebuild.)
    @inline(__always)
    func prepareRoster(pdu d: Int) {
        if roster.needsRebuild(pdu: d) { rebuildRoster(pdu: d) }
        assert(rosterIsCurrent(pdu: d), "the allocation roster of PDU \(d) is out of date")
        assert(roster.capacityOrderIsCurrent(pdu: d), "the capacity order of PDU \(d) is out of date")
    }

    /// Rebuilds PDU `d`'s roster list from its teams' members.
    @inline(never)
    func rebuildRoster(pdu d: Int) {
        var entries: [AllocationRoster.Entry] = []
        for ti in pdus[d].teams { for p in teams[ti].members { entries.append(rosterEntry(p)) } }
        roster.rebuild(pdu: d, pdus: pdus.count, with: entries)
        syncRosterPlaces()
    }

    /// Calls `body` with PDU `d`'s practitioners in allocation order, rebuilding the list
    /// first if its teams changed.
    func withRoster<R>(pdu d: Int, _ body: (UnsafeBufferPointer<AllocationRoster.Entry>) -> R) -> R {
        prepareRoster(pdu: d)
        return roster.withEntries(pdu: d, body)
    }

    /// Whether the roster's list for PDU `d` matches the practitioners (checked in debug builds).
    func rosterIsCurrent(pdu d: Int) -> Bool {
        var expected: [AllocationRoster.Entry] = []
        for ti in pdus[d].teams { for p in teams[ti].members { expected.append(rosterEntry(p)) } }
        return roster.withEntries(pdu: d) { Array($0) } == expected
    }
}
