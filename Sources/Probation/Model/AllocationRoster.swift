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
/// team's members change (the PDU's list is then rebuilt when next read).
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

    /// A practitioner's figures changed: refreshes their copy (if their PDU's list is built).
    mutating func update(_ p: Int, _ entry: Entry) {
        guard p < position.count else { return }
        let k = Int(position[p]), d = Int(pduOf[p])
        guard k >= 0, !stale[d] else { return }
        lists[d][k] = entry
    }

    /// A practitioner's workload or cases held changed (the common case: a cheaper `update`).
    mutating func update(_ p: Int, workload: Int, held: Int) {
        guard p < position.count else { return }
        let k = Int(position[p]), d = Int(pduOf[p])
        guard k >= 0, !stale[d] else { return }
        lists[d][k].workload = workload
        lists[d][k].held = Int32(held)
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
    }

    /// Calls `body` with `pdu`'s list (which must be built).
    func withEntries<R>(pdu d: Int, _ body: (UnsafeBufferPointer<Entry>) -> R) -> R {
        precondition(!stale[d], "AllocationRoster: PDU \(d) read before it was rebuilt")
        return lists[d].withUnsafeBufferPointer(body)
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

    /// Calls `body` with PDU `d`'s practitioners in allocation order, rebuilding the list
    /// first if its teams changed.
    func withRoster<R>(pdu d: Int, _ body: (UnsafeBufferPointer<AllocationRoster.Entry>) -> R) -> R {
        if roster.needsRebuild(pdu: d) {
            var entries: [AllocationRoster.Entry] = []
            for ti in pdus[d].teams { for p in teams[ti].members { entries.append(rosterEntry(p)) } }
            roster.rebuild(pdu: d, pdus: pdus.count, with: entries)
        }
        assert(rosterIsCurrent(pdu: d), "the allocation roster of PDU \(d) is out of date")
        return roster.withEntries(pdu: d, body)
    }

    /// Whether the roster's list for PDU `d` matches the practitioners (checked in debug builds).
    func rosterIsCurrent(pdu d: Int) -> Bool {
        var expected: [AllocationRoster.Entry] = []
        for ti in pdus[d].teams { for p in teams[ti].members { expected.append(rosterEntry(p)) } }
        return roster.withEntries(pdu: d) { Array($0) } == expected
    }
}
