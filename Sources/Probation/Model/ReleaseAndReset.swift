// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

// Two policy levers on case lengths (docs/model.md, "Release timing and the
// Probation Reset"):
// - early release (SDS40 from 10 September 2024): a share of custodial
//   sentences serve a scaled time in custody; those in custody on the date
//   have their release (and handover) brought forward;
// - the Probation Reset: supervision periods end at a fraction of their
//   length, with exemptions; periods under way are cut from their start.
// Each draws from its own stream (`release-timing`, `supervision-reset`),
// made only when the scenario has such a lever, so nothing else moves.

/// The levers' state in force.
struct LengthLeverState {
    /// Early release in force: (custody scale, share of sentences).
    var earlyRelease: (scale: Double, share: Double)?
    /// The supervision reset in force.
    var reset: Lever.SupervisionReset? {
        didSet {
            resetTypes = 0
            resetExemptTiers = 0
            guard let r = reset else { return }
            resetScale = r.scale
            resetExemptShare = r.exemptShare
            for t in r.caseTypes { resetTypes |= 1 << UInt8(t.index) }
            for t in Tier.allCases where r.exemptRisk.contains(t.riskLetter) { resetExemptTiers |= 1 << UInt16(t.wmtColumnIndex) }
        }
    }
    /// The reset's case types (bit `CaseType.index`) and the tiers its risk letters exempt (bit
    /// `Tier.wmtColumnIndex`), as bits: the reset is asked about at every sentence and release,
    /// and asking its sets hashed a case type and a `Character` each time (and copying the
    /// reset out retained both sets).
    private(set) var resetTypes: UInt8 = 0
    /// Whether a reset that covers some case type is in force (without copying ``reset`` out to
    /// compare it with nil, which retained and released its two sets).
    var resetInForce: Bool { resetTypes != 0 }
    private(set) var resetExemptTiers: UInt16 = 0
    /// The reset's scale and exempt share (as in ``reset``).
    private(set) var resetScale = 1.0
    private(set) var resetExemptShare = 0.0
    var releaseStream: RandomStream? { didSet { releaseStreamRef = releaseStream.map { Unmanaged.passUnretained($0) } } }
    /// ``releaseStream`` unretained.
    private(set) var releaseStreamRef: Unmanaged<RandomStream>?
    var resetStream: RandomStream? { didSet { resetStreamRef = resetStream.map { Unmanaged.passUnretained($0) } } }
    /// ``resetStream`` unretained (binding the optional retained and released the stream).
    private(set) var resetStreamRef: Unmanaged<RandomStream>?
}

extension ProbationModel {
    func setUpLengthLevers(seeder: StreamSeeder) {
        for l in spec.levers {
            switch l.change {
            case .earlyRelease: if lengthLevers.releaseStream == nil { lengthLevers.releaseStream = seeder.stream("release-timing") }
            case .supervisionReset: if lengthLevers.resetStream == nil { lengthLevers.resetStream = seeder.stream("supervision-reset") }
            default: continue
            }
        }
    }

    /// Time to serve of a new custodial sentence under the release lever in force.
    func scaledTimeToServe(_ days: Double, case i: Int) -> Double {
        guard let er = lengthLevers.earlyRelease, let stream = lengthLevers.releaseStreamRef else { return days }
        guard stream._withUnsafeGuaranteedRef({ $0.bernoulli(er.share) }) else { return days }
        cases[i].earlyRelease = true
        return max(1, days * er.scale)
    }

    /// Length of a new supervision period (community order, licence) under the reset in force.
    func scaledSupervision(_ days: Double, case i: Int) -> Double {
        // (Read field by field: no copy of the reset, its sets or the stream is retained. No
        // reset in force: no case type's bit is set.)
        guard lengthLevers.resetStreamRef != nil,
              lengthLevers.resetTypes & (1 << UInt8(cases[i].type.index)) != 0 else { return days }
        guard !isExempt(i, exemptShare: lengthLevers.resetExemptShare) else { return days }
        return max(1, days * lengthLevers.resetScale)
    }

    /// Whether case `i` is exempt from the reset in force (whose stream exists).
    func isExempt(_ i: Int, exemptShare: Double) -> Bool {
        // The draw is made for every case, exempt by risk or not, so the
        // stream does not depend on the tier mix.
        let drawn = lengthLevers.resetStreamRef.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.bernoulli(exemptShare) }
        return lengthLevers.resetExemptTiers & (1 << UInt16(cases[i].tier.wmtColumnIndex)) != 0 || drawn
    }

    /// The early release lever on its date: those in custody (sentenced, not
    /// yet released) are released earlier.
    func applyEarlyRelease(scale: Double, share: Double) {
        lengthLevers.earlyRelease = (scale, share)
        guard let stream = lengthLevers.releaseStream else { return }
        let now = engine.now
        for i in cases.indices {
            let c = cases[i]
            guard c.alive, c.type == .custody, c.releaseTick > now, !c.earlyRelease else { continue }
            guard stream.bernoulli(share) else { continue }
            cases[i].earlyRelease = true
            let served = Double(c.releaseTick - c.sentencedTick) * scale
            let release = max(now, c.sentencedTick + Tick(served.rounded()))
            guard release < c.releaseTick else { continue }
            cases[i].releaseTick = release
            if release <= horizon { engine.schedule(.release(ref(i)), at: release, priority: .normal) }
            if c.withPrisonOffenderManager {
                let before = Tick(spec.cases.handoverBeforeReleaseDays) * Ticks.day
                let at = max(now, release - before)
                if at < release, at <= horizon { engine.schedule(.handover(ref(i)), at: at) }
            }
        }
    }

    /// The reset on its date: supervision periods under way are cut.
    func applySupervisionReset(_ reset: Lever.SupervisionReset) {
        lengthLevers.reset = reset
        guard let stream = lengthLevers.resetStream else { return }
        let now = engine.now
        for i in cases.indices {
            let c = cases[i]
            guard c.alive, c.onCaseload, lengthLevers.resetTypes & (1 << UInt8(c.type.index)) != 0, c.type != .custody,
                  c.endTick > now else { continue }
            guard !isExempt(i, exemptShare: reset.exemptShare) else { continue }
            let cut = c.periodStart + Tick((Double(c.endTick - c.periodStart) * reset.scale).rounded())
            var end = cut
            if cut <= now {
                end = now + (reset.overDays > 0 ? Tick((stream.uniform() * Double(Tick(reset.overDays) * Ticks.day)).rounded()) : 0)
            }
            guard end < c.endTick else { continue }
            cases[i].endTick = end
            if end <= horizon { engine.schedule(.termination(ref(i)), at: end, priority: .release) }
        }
    }
}
