// SPDX-License-Identifier: GPL-3.0-or-later

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
/// figures moves the practitioner along their order (usually a few places).
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

    /// Per PDU, in allocation order; valid unless `stale[pdu]`.
    private var lists: [[Entry]] = []
    private var stale: [Bool] = []
    /// Per practitioner: PDU and position in its list (-1: in none).
    private var pduOf: [Int32] = []
    private var position: [Int32] = []

    /// The capacity orders of one PDU (positions are into the PDU's list).
    struct CapacityOrder {
        /// By position: capacity % now (`workload / available × 100`, as allocation computes
        /// it), meaningful when available points are above zero.
        var key: [Double] = []
        /// Per rule set: positions of the entries open to cases, in capacity order.
        var open: [[Int32]] = []
        /// By position: the rule set whose order holds the entry and its place there (-1: none).
        var openIn: [Int32] = []
        var openSlot: [Int32] = []
        /// Positions of the report writers with available points, in capacity order.
        var writers: [Int32] = []
        var writerSlot: [Int32] = []

        /// Moves position `k`, whose figures are now `e`, to its place in the orders.
        mutating func reorder(_ k: Int, _ e: Entry, maxCases: [Int]) {
            key[k] = e.available > 0 ? AllocationRoster.capacityKey(e) : .infinity
            // The rule set's order of those open to cases.
            let was = Int(openIn[k])
            let now = AllocationRoster.isOpen(e, maxCases: maxCases) ? Int(e.rules) : -1
            if was >= 0 && was != now {
                let i = Int(openSlot[k])
                open[was].remove(at: i)
                for j in i..<open[was].count { openSlot[Int(open[was][j])] = Int32(j) }
                openIn[k] = -1
                openSlot[k] = -1
            }
            if now >= 0 {
                if was != now {
                    open[now].append(Int32(k))
                    openIn[k] = Int32(now)
                    openSlot[k] = Int32(open[now].count - 1)
                }
                AllocationRoster.settle(&open[now], &openSlot, key, at: Int(openSlot[k]))
            }
            // The report writers' order.
            let wasWriter = writerSlot[k] >= 0
            let isWriter = AllocationRoster.isWriter(e)
            if wasWriter && !isWriter {
                let i = Int(writerSlot[k])
                writers.remove(at: i)
                for j in i..<writers.count { writerSlot[Int(writers[j])] = Int32(j) }
                writerSlot[k] = -1
            } else if isWriter {
                if !wasWriter {
                    writers.append(Int32(k))
                    writerSlot[k] = Int32(writers.count - 1)
                }
                AllocationRoster.settle(&writers, &writerSlot, key, at: Int(writerSlot[k]))
            }
        }
    }
    private var orders: [CapacityOrder] = []
    /// The most cases each rule set may hold (`Int.max`: no limit).
    private(set) var maxCases: [Int] = []

    /// Sets the rule sets' limits on cases held (before any list is built).
    mutating func setMaxCases(_ limits: [Int]) {
        maxCases = limits
        for d in stale.indices { stale[d] = true }
    }

    /// A practitioner's figures changed: refreshes their copy (if their PDU's list is built).
    mutating func update(_ p: Int, _ entry: Entry) {
        guard p < position.count else { return }
        let k = Int(position[p]), d = Int(pduOf[p])
        guard k >= 0, !stale[d] else { return }
        lists[d][k] = entry
        reorder(pdu: d, k)
    }

    /// A practitioner's workload or cases held changed (the common case: a cheaper `update`).
    mutating func update(_ p: Int, workload: Int, held: Int) {
        guard p < position.count else { return }
        let k = Int(position[p]), d = Int(pduOf[p])
        guard k >= 0, !stale[d] else { return }
        lists[d][k].workload = workload
        lists[d][k].held = Int32(held)
        reorder(pdu: d, k)
    }

    /// A team of `pdu` gained or lost a member: its list is rebuilt when next read.
    mutating func membershipChanged(pdu d: Int) {
        if d < stale.count { stale[d] = true }
    }

    /// Whether `pdu`'s list must be rebuilt before it is read.
    func needsRebuild(pdu d: Int) -> Bool { d >= stale.count || stale[d] }

    /// Replaces `pdu`'s list with `entries` (in allocation order) for `pdus` PDUs in all.
    mutating func rebuild(pdu d: Int, pdus: Int, with entries: [Entry]) {
        if lists.count < pdus {
            lists += Array(repeating: [], count: pdus - lists.count)
            stale += Array(repeating: true, count: pdus - stale.count)
            orders += Array(repeating: CapacityOrder(), count: pdus - orders.count)
        }
        for e in lists[d] where Int(e.practitioner) < position.count && Int(pduOf[Int(e.practitioner)]) == d {
            position[Int(e.practitioner)] = -1
        }
        for (k, e) in entries.enumerated() {
            let p = Int(e.practitioner)
            if p >= position.count {
                position += Array(repeating: -1, count: p + 1 - position.count)
                pduOf += Array(repeating: -1, count: p + 1 - pduOf.count)
            }
            position[p] = Int32(k)
            pduOf[p] = Int32(d)
        }
        lists[d] = entries
        stale[d] = false
        orders[d] = Self.capacityOrder(of: entries, maxCases: maxCases)
    }

    /// Calls `body` with `pdu`'s list (which must be built).
    func withEntries<R>(pdu d: Int, _ body: (UnsafeBufferPointer<Entry>) -> R) -> R {
        precondition(!stale[d], "AllocationRoster: PDU \(d) read before it was rebuilt")
        return lists[d].withUnsafeBufferPointer(body)
    }

    // MARK: capacity order

    /// Capacity % as allocation and court reports compute it.
    @inline(__always)
    static func capacityKey(_ e: Entry) -> Double {
        Double(e.workload) / Double(e.available) * 100
    }

    @inline(__always)
    static func isOpen(_ e: Entry, maxCases: [Int]) -> Bool {
        e.available > 0 && Int(e.held) < maxCases[Int(e.rules)]
    }

    @inline(__always)
    static func isWriter(_ e: Entry) -> Bool { e.writesReports && e.available > 0 }

    /// The capacity orders of `entries`, built from scratch.
    static func capacityOrder(of entries: [Entry], maxCases: [Int]) -> CapacityOrder {
        var o = CapacityOrder()
        o.key = entries.map { $0.available > 0 ? capacityKey($0) : .infinity }
        o.open = Array(repeating: [], count: maxCases.count)
        o.openIn = Array(repeating: -1, count: entries.count)
        o.openSlot = Array(repeating: -1, count: entries.count)
        o.writerSlot = Array(repeating: -1, count: entries.count)
        for (k, e) in entries.enumerated() {
            if isOpen(e, maxCases: maxCases) { o.open[Int(e.rules)].append(Int32(k)) }
            if isWriter(e) { o.writers.append(Int32(k)) }
        }
        let key = o.key
        let before = { (a: Int32, b: Int32) -> Bool in key[Int(a)] < key[Int(b)] || (key[Int(a)] == key[Int(b)] && a < b) }
        for r in o.open.indices {
            o.open[r].sort(by: before)
            for (i, k) in o.open[r].enumerated() { o.openIn[Int(k)] = Int32(r); o.openSlot[Int(k)] = Int32(i) }
        }
        o.writers.sort(by: before)
        for (i, k) in o.writers.enumerated() { o.writerSlot[Int(k)] = Int32(i) }
        return o
    }

    /// Moves position `k` of PDU `d` to its place in the orders after its figures changed.
    private mutating func reorder(pdu d: Int, _ k: Int) {
        orders[d].reorder(k, lists[d][k], maxCases: maxCases)
    }

    /// Moves the entry at `i` of `order` left or right to its place by (key, position),
    /// keeping `slot` (position → place) up to date.
    fileprivate static func settle(_ order: inout [Int32], _ slot: inout [Int32], _ key: [Double], at start: Int) {
        order.withUnsafeMutableBufferPointer { o in
            slot.withUnsafeMutableBufferPointer { s in
                key.withUnsafeBufferPointer { key in
                    let k = o[start]
                    let kk = key[Int(k)]
                    var i = start
                    while i > 0 {
                        let q = o[i - 1], qk = key[Int(q)]
                        guard kk < qk || (kk == qk && k < q) else { break }
                        o[i] = q; s[Int(q)] = Int32(i); i -= 1
                    }
                    if i == start {
                        while i + 1 < o.count {
                            let q = o[i + 1], qk = key[Int(q)]
                            guard qk < kk || (qk == kk && q < k) else { break }
                            o[i] = q; s[Int(q)] = Int32(i); i += 1
                        }
                    }
                    o[i] = k; s[Int(k)] = Int32(i)
                }
            }
        }
    }

    /// The first entry of PDU `d` under rule set `r`, open to cases, in capacity order, whose
    /// capacity % is at most `limit` and that passes `accept`: its position and capacity %.
    /// Entries above `limit` are not looked at (the order stops there).
    @inline(__always)
    func firstOpen(pdu d: Int, ruleSet r: Int, upTo limit: Double,
                   where accept: (Entry, Double) -> Bool) -> (position: Int, key: Double)? {
        precondition(!stale[d], "AllocationRoster: PDU \(d) read before it was rebuilt")
        return orders[d].open[r].withUnsafeBufferPointer { o in
            orders[d].key.withUnsafeBufferPointer { key in
                lists[d].withUnsafeBufferPointer { list in
                    for k in o {
                        let kk = key[Int(k)]
                        if kk > limit { return nil }
                        if accept(list[Int(k)], kk) { return (Int(k), kk) }
                    }
                    return nil
                }
            }
        }
    }

    /// Among PDU `d`'s entries open to cases whose rule set passes `ruleSet`, the first in
    /// capacity order — lowest capacity %, then position, which is what a scan of the list
    /// keeping the first lowest finds — whose capacity % is at most `limit` and that passes
    /// `accept`: its position and capacity %.
    @inline(__always)
    func lowestCapacityOpen(pdu d: Int, ruleSets ruleSet: (Int) -> Bool, upTo limit: Double,
                            where accept: (Entry, Double) -> Bool) -> (position: Int, key: Double)? {
        var best: (position: Int, key: Double)? = nil
        for r in 0..<maxCases.count where ruleSet(r) {
            // Beyond the best so far nobody can win (an equal capacity % still can, if earlier).
            guard let f = firstOpen(pdu: d, ruleSet: r, upTo: best?.key ?? limit, where: accept) else { continue }
            if let b = best, b.key < f.key || (b.key == f.key && b.position < f.position) { continue }
            best = f
        }
        return best
    }

    /// The report writer of PDU `d` with the lowest capacity % (the earliest on ties), if any.
    func firstWriter(pdu d: Int) -> Entry? {
        precondition(!stale[d], "AllocationRoster: PDU \(d) read before it was rebuilt")
        guard let k = orders[d].writers.first else { return nil }
        return lists[d][Int(k)]
    }

    /// The entry at position `k` of PDU `d`'s list.
    func entry(pdu d: Int, _ k: Int) -> Entry { lists[d][k] }

    /// Number of rule sets with an order.
    var ruleSetCount: Int { maxCases.count }

    /// Whether PDU `d`'s capacity orders are what they would be if built from its list now
    /// (checked in debug builds).
    func capacityOrderIsCurrent(pdu d: Int) -> Bool {
        let fresh = Self.capacityOrder(of: lists[d], maxCases: maxCases)
        let o = orders[d]
        return o.open == fresh.open && o.openIn == fresh.openIn && o.openSlot == fresh.openSlot
            && o.writers == fresh.writers && o.writerSlot == fresh.writerSlot
            && zip(o.key, fresh.key).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } && o.key.count == fresh.key.count
    }
}

extension ProbationModel {
    /// The roster's record of practitioner `p`, from their own.
    func rosterEntry(_ p: Int) -> AllocationRoster.Entry {
        let grade = practitioners[p].grade
        return AllocationRoster.Entry(practitioner: Int32(p), team: Int32(practitioners[p].team), rules: practitioners[p].wf.rules,
                                      held: Int32(practitioners[p].caseIndices.count), workload: practitioners[p].workload,
                                      available: practitioners[p].available, grade: grade,
                                      writesReports: writesReports[grade.index])
    }

    /// Tells the roster that practitioner `p`'s figures changed.
    func rosterUpdate(_ p: Int) {
        roster.update(p, rosterEntry(p))
    }

    /// Rebuilds PDU `d`'s roster list first if its teams changed (debug builds: and checks it
    /// and its capacity orders against the practitioners).
    func prepareRoster(pdu d: Int) {
        if roster.needsRebuild(pdu: d) {
            var entries: [AllocationRoster.Entry] = []
            for ti in pdus[d].teams { for p in teams[ti].members { entries.append(rosterEntry(p)) } }
            roster.rebuild(pdu: d, pdus: pdus.count, with: entries)
        }
        assert(rosterIsCurrent(pdu: d), "the allocation roster of PDU \(d) is out of date")
        assert(roster.capacityOrderIsCurrent(pdu: d), "the capacity order of PDU \(d) is out of date")
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
