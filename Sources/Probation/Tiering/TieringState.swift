// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// Why a case was reassessed.
public enum ReassessmentReason: Int, Sendable, Hashable, CaseIterable {
    /// The scheduled review (OASys reassessment).
    case scheduled
    /// Release from custody.
    case release
    /// A breach or recall (enforcement).
    case enforcement
    /// A new registration.
    case registration
    /// The point of a licence after which the case is unsupervised (`PRC`).
    case unsupervised
}

/// A case's tiers as both calculators give them.
public struct TierOutcome: Sendable, Hashable {
    public var v2: Tier
    public var unsupervised: Bool
    public var v3: TierV3
    public var provisional: Bool
}

/// The computed tiering component: every case's risk and need profile (drawn at sentence
/// from ``ProfileSpec``), its reassessments, and its tiers by both calculators. It owns its
/// state, indexed by the model's case slot; the model asks it for tiers and event times and
/// applies what they mean for workloads and allocation (docs/tiering.md).
final class TieringState {
    let spec: TieringSpec
    /// The calculator whose tiers weigh cases now.
    var version: TierModelVersion
    private let rho: Double
    private let rhoResidual: Double
    private let rosh, mappa, needs, parenting, selfControl, assessment, mandate, sexualOffence, dcsrp, lifer: CompiledAttribute
    private let rsr, ogrs, arp, csrp: CompiledScore
    private let registrationFlags: [Registrations]
    private let registrationAttributes: [CompiledAttribute]
    /// Cumulative shares of the drawn registrations, for new-registration events.
    private let registrationWeights: [Double]

    // Per case slot.
    private(set) var profiles: [RiskNeedProfile] = []
    private(set) var outcomes: [TierOutcome] = []
    /// The two factors and the own parts of the dynamic attributes (stride ``stride``).
    private var latent: [Float] = []
    private var pending: [UInt8] = []
    /// When the case's current reassessment event is due (an event at another time is stale).
    var pendingTick: [Int64] = []
    static let stride = 2 + 13   // h, r, rosh, rsr, arp, csrp, 8 needs, self-control

    /// Draws at sentence and reassessment (the model's streams).
    let reassessStream: RandomStream

    init(spec: TieringSpec, reassessStream: RandomStream) {
        self.spec = spec
        self.version = spec.calculator
        self.reassessStream = reassessStream
        let p = spec.profiles
        rho = p.factorCorrelation
        rhoResidual = max(0, 1 - rho * rho).squareRoot()
        func c(_ a: AttributeSpec) -> CompiledAttribute { CompiledAttribute(a, correlation: p.factorCorrelation) }
        func q(_ a: AttributeSpec) -> CompiledScore { CompiledScore(a, correlation: p.factorCorrelation) }
        rosh = c(p.rosh); mappa = c(p.mappa); rsr = q(p.rsr); ogrs = q(p.ogrs); arp = q(p.arp); csrp = q(p.csrp)
        needs = c(p.needs); parenting = c(p.parenting); selfControl = c(p.selfControl); assessment = c(p.assessment)
        mandate = c(p.communityMandate); sexualOffence = c(p.sexualOffence); dcsrp = c(p.dcsrpBands); lifer = c(p.lifer)
        let drawn = DrawnRegistration.allCases.compactMap { r in p.registrations[r].map { (r.flag, $0) } }
        registrationFlags = drawn.map(\.0)
        registrationAttributes = drawn.map { c($0.1) }
        var cum = 0.0
        registrationWeights = drawn.map { r in
            if case .share(let s) = r.1.marginal { cum += s }
            return cum
        }
    }

    private func ensure(_ i: Int) {
        while profiles.count <= i {
            profiles.append(RiskNeedProfile())
            outcomes.append(TierOutcome(v2: .d0, unsupervised: false, v3: .g, provisional: false))
            latent.append(contentsOf: repeatElement(0, count: Self.stride))
            pending.append(0)
            pendingTick.append(-1)
        }
    }

    /// Draws a new profile for the case in slot `i` and computes its tiers.
    func assign(_ i: Int, type: CaseType, female: Bool, custodyOrigin: Bool, stream s: RandomStream,
                on date: CivilDate) -> TierOutcome {
        ensure(i)
        let shift = custodyOrigin ? spec.profiles.custodyShift : Loadings()
        let z1 = s.standardNormal(), z2 = s.standardNormal()
        let h = z1 + shift.harm, r = rho * z1 + rhoResidual * z2 + shift.reoffending
        let base = i * Self.stride
        latent[base] = Float(h); latent[base + 1] = Float(r)
        var p = RiskNeedProfile()
        p.female = female
        p.activeEvent = true
        for k in 0..<13 { latent[base + 2 + k] = Float(s.standardNormal()) }
        switch mappa.level(mappa.score(h, r, s.standardNormal())) {
        case 0: p.mappa = nil
        case 1: p.mappa = .m1
        case 2: p.mappa = .m2
        default: p.mappa = .m3
        }
        p.ogrs = Int(ogrs.value(ogrs.score(h, r, s.standardNormal())).rounded())
        for k in registrationAttributes.indices where registrationAttributes[k].draw(h, r, s) { p.registrations.insert(registrationFlags[k]) }
        p.hasAssessment = assessment.draw(h, r, s)
        p.mandateForChange = mandate.draw(h, r, s) || custodyOrigin
        p.parentingResponsibilities = parenting.draw(h, r, s) ? 1 : 0
        p.everSexualOffence = sexualOffence.draw(h, r, s)
        if p.everSexualOffence {
            let band = min(dcsrp.level(dcsrp.score(h, r, s.standardNormal())), 3)
            p.dcsrpBand = band == 0 ? .low : band == 1 ? .medium : band == 2 ? .high : .veryHigh
            // Medium: a score across the medium scale's range (0.60 … 4.00); other bands only need a score above 0.
            p.dcsrpScore = FixedDecimal(rounding: band == 1 ? 0.6 + 3.4 * s.uniform() : 1.0)
        }
        if custodyOrigin, lifer.draw(h, r, s) { p.registrations.insert(.lifer) }
        profiles[i] = p
        redrawDynamic(i)
        return recompute(i, on: date)
    }

    /// Sets the dynamic attributes from the factors and their own parts.
    private func redrawDynamic(_ i: Int) {
        let base = i * Self.stride
        let h = Double(latent[base]), r = Double(latent[base + 1])
        func e(_ k: Int) -> Double { Double(latent[base + 2 + k]) }
        var p = profiles[i]
        switch rosh.level(rosh.score(h, r, e(0))) {
        case 0: p.rosh = .low
        case 1: p.rosh = .medium
        case 2: p.rosh = .high
        default: p.rosh = .veryHigh
        }
        p.rsr = FixedDecimal(rounding: (rsr.value(rsr.score(h, r, e(1))) * 100).rounded() / 100)
        p.arp = FixedDecimal(rounding: (arp.value(arp.score(h, r, e(2))) * 100).rounded() / 100)
        p.csrp = FixedDecimal(rounding: (csrp.value(csrp.score(h, r, e(3))) * 100).rounded() / 100)
        var packed: UInt16 = 0
        for k in 0..<8 { packed |= UInt16(min(needs.level(needs.score(h, r, e(4 + k))), 2)) << (2 * k) }
        p.needs.packed = packed
        let sc = selfControl.yes(selfControl.score(h, r, e(12)))
        p.impulsivity = sc ? 1 : 0
        p.temperControl = 0
        // Without a full assessment the predictors are static (static factors only).
        p.arpStatic = !p.hasAssessment
        p.csrpStatic = !p.hasAssessment
        profiles[i] = p
    }

    private func recompute(_ i: Int, on date: CivilDate) -> TierOutcome {
        let p = profiles[i]
        let v2 = TierV2Calculator.calculate(p)
        let v3: TierV3Result
        do { v3 = try TierV3Calculator.calculate(p, asOf: date) } catch {
            // The model never draws a medium DC-SRP below 0.60; treat a failure as a missing tier.
            v3 = TierV3Result(tier: .missing)
        }
        let o = TierOutcome(v2: v2.tier, unsupervised: v2.unsupervised, v3: v3.tier, provisional: v3.provisional)
        outcomes[i] = o
        return o
    }

    /// Reassesses a case: the dynamic attributes move on (own parts φ·e + √(1−φ²)·η), the
    /// event's effect is applied, and the tiers are recomputed.
    func reassess(_ i: Int, reason: ReassessmentReason, on date: CivilDate) -> TierOutcome {
        let s = reassessStream
        let phi = spec.persistence, fresh = max(0, 1 - phi * phi).squareRoot()
        let base = i * Self.stride
        for k in 0..<13 {
            latent[base + 2 + k] = Float(phi * Double(latent[base + 2 + k]) + fresh * s.standardNormal())
        }
        switch reason {
        case .enforcement: profiles[i].previousEnforcement = true
        case .registration:
            let u = s.uniform() * (registrationWeights.last ?? 0)
            if let k = registrationWeights.firstIndex(where: { u < $0 }) { profiles[i].registrations.insert(registrationFlags[k]) }
        case .unsupervised: profiles[i].registrations.insert(.unsupervised)
        case .scheduled, .release: break
        }
        redrawDynamic(i)
        return recompute(i, on: date)
    }

    /// Records a release from custody (the lifer's latest release date).
    func released(_ i: Int, on date: CivilDate) {
        if profiles[i].registrations.contains(.lifer) { profiles[i].liferReleaseDate = date }
    }

    /// The tiers recomputed on `date` without reassessing (nothing redrawn).
    func recomputed(_ i: Int, on date: CivilDate) -> TierOutcome { recompute(i, on: date) }

    /// Days until the case's next reassessment event and why; `unsupervisedInDays` is when the
    /// case reaches the unsupervised part of its licence (nil: not applicable).
    func nextEvent(_ i: Int, unsupervisedInDays: Double?) -> Double {
        let s = reassessStream
        var best = spec.reassessmentIntervalDays
        var why = ReassessmentReason.scheduled
        if spec.enforcementPerYear > 0 {
            let t = s.exponential(mean: 365.25 / spec.enforcementPerYear)
            if t < best { best = t; why = .enforcement }
        }
        if spec.registrationsPerYear > 0 {
            let t = s.exponential(mean: 365.25 / spec.registrationsPerYear)
            if t < best { best = t; why = .registration }
        }
        if let u = unsupervisedInDays, u >= 0, u < best, !profiles[i].registrations.contains(.unsupervised) {
            best = u; why = .unsupervised
        }
        pending[i] = UInt8(why.rawValue)
        return best
    }

    /// Why the case's pending event was scheduled.
    func pendingReason(_ i: Int) -> ReassessmentReason { ReassessmentReason(rawValue: Int(pending[i])) ?? .scheduled }

    /// The tier that weighs a case under the calculator in force: the v2 tier, or the v2 tier
    /// the scenario weighs its v3 tier as (a case with no v3 tier keeps its v2 tier).
    func workloadTier(_ o: TierOutcome) -> Tier {
        guard version == .v3, o.v3.isTier else { return o.v2 }
        return spec.v3Weighting[o.v3.tierIndex]
    }

    /// The case's current tiers.
    func outcome(_ i: Int) -> TierOutcome { outcomes[i] }
}
