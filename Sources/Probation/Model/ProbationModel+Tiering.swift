// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

/// Outputs of computed tiering (docs/metrics.md, "Tiering").
extension ProbationModel {
    /// Columns of a PDU's row of ``tierMixByPDU()``: 16 v2 tiers, unsupervised, 7 v3 tiers,
    /// missing, provisional.
    static let tierMixWidth = 16 + 1 + 7 + 2

    /// For each PDU, its caseload's tiers by each calculator (flat, ``tierMixWidth`` a PDU),
    /// as kept up to date in ``tierMix``.
    func tierMixByPDU() -> [Int] {
        guard tieringState != nil else { return [] }
        // (A copy: the store goes on changing.)
        return tierMix.isEmpty ? [Int](repeating: 0, count: pdus.count * Self.tierMixWidth) : Array(tierMix)
    }

    /// Runs `body` with the tiering component (computed tiering only), without retaining and
    /// releasing it: the model holds it in a `let` for its whole life, so it cannot go away
    /// meanwhile. (Reading ``tieringState`` in the hot paths took a retain and a release a
    /// call, atomic operations that also waited for the call's stores to cold records.)
    @inline(__always) func withTiering<R>(_ body: (TieringState) -> R) -> R {
        tieringRef.unsafelyUnwrapped._withUnsafeGuaranteedRef(body)
    }

    /// Adds `delta` cases of outcome `o` to PDU `p`'s row of ``tierMix``.
    @inline(__always) func countTierMix(_ p: Int, _ o: TierOutcome, _ delta: Int) {
        let w = Self.tierMixWidth
        if tierMix.isEmpty { for _ in 0..<(pdus.count * w) { tierMix.append(0) } }
        let base = p * w
        precondition(p >= 0 && base + w <= tierMix.count, "no PDU \(p)")
        // The up to four counts through the buffer (the row checked once).
        tierMix.withUnsafeMutableBufferPointer { m in
            m[base + o.v2.wmtColumnIndex] += delta
            if o.unsupervised { m[base + 16] += delta }
            if o.v3.isTier { m[base + 17 + o.v3.tierIndex] += delta } else { m[base + 24] += delta }
            if o.provisional { m[base + 25] += delta }
        }
    }

    /// ``tierMixByPDU()`` counted afresh from every case (for checking the kept counts).
    func tierMixRecounted() -> [Int] {
        guard let ts = tieringState else { return [] }
        let w = Self.tierMixWidth
        var mix = [Int](repeating: 0, count: pdus.count * w)
        for i in cases.indices where cases[i].alive && cases[i].onCaseload {
            let o = ts.outcome(i)
            let base = Int(cases[i].pdu) * w
            mix[base + o.v2.wmtColumnIndex] += 1
            if o.unsupervised { mix[base + 16] += 1 }
            if o.v3.isTier { mix[base + 17 + o.v3.tierIndex] += 1 } else { mix[base + 24] += 1 }
            if o.provisional { mix[base + 25] += 1 }
        }
        return mix
    }

    /// Writes the tiering flows, and the tier mix summed over `pdus` when `mix` is given.
    func writeTiering<S: Sequence>(_ di: Int, _ e: Int, _ f: Flow, mix: [Int]?, pdus: S) where S.Element == Int {
        let c = metricColumns.tieringFlows
        put(di, e, c[0], "reassessments", Double(f.reassessments))
        put(di, e, c[1], "tier_changes_up", Double(f.tierUps))
        put(di, e, c[2], "tier_changes_down", Double(f.tierDowns))
        put(di, e, c[3], "tier_change_reallocations", Double(f.tierReallocations))
        guard let mix else { return }
        let w = Self.tierMixWidth
        var sum = [Int](repeating: 0, count: w)
        for p in pdus { for k in 0..<w { sum[k] += mix[p * w + k] } }
        let columns = metricColumns.tieringMix
        for k in columns.indices { put(di, e, columns[k], Metrics.tieringMix[k], Double(sum[k])) }
    }
}
