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
///
/// Storage is compact: one fixed-size ``Slot`` a case (two cache lines, no heap objects,
/// optionals or strings), holding the profile as the calculators' codes (``TierInputs``), the
/// latent parts the dynamic attributes are redrawn from, the scores as drawn (for
/// ``profiles``), and the tiers. Days are day numbers; the lifer step's cut-off days are
/// worked out once a day.
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
    /// How each v3 tier A … G is weighted (``TieringSpec/v3Weighting``).
    private let v3Weighting: [Tier]

    /// One case's tiering state.
    struct Slot {
        /// The two factors h and r, then the own parts of the 13 dynamic attributes (RoSH, RSR,
        /// ARP, CSRP, the 8 needs, self-control); lane 15 unused.
        var latent = SIMD16<Float>()
        /// The profile as the calculators read it.
        var inputs = TierInputs()
        /// The scores as drawn (the codes keep only their bands): for ``TieringState/profiles``.
        var rsr: Int64 = 0, arp: Int64 = 0, csrp: Int64 = 0, dcsrpScore: Int64 = 0
        var ogrs: Int32 = 0
        /// 0 none, else 1 + ``DCSRPBand`` index (very high, high, medium, low).
        var dcsrpBand: UInt8 = 0
        /// Why the pending reassessment was scheduled (``ReassessmentReason`` raw value).
        var pending: UInt8 = 0
    }

    private var slots: [Slot] = []
    /// Each case's current tiers (apart from ``Slot``: four bytes a case, read whenever a case
    /// joins or leaves a caseload).
    private var outcomes: [TierOutcome] = []
    /// A reassessment waiting in its day's batch: the case, and which of its schedulings it is
    /// (a later scheduling, at a release, supersedes it).
    struct Due {
        var ref: CaseRef
        var serial: UInt32
    }
    /// Reassessments waiting, by day of the run: each day's are made by one engine event at the
    /// start of the day, so the engine's queue holds one event a day rather than one a case.
    private var dueByDay: [[Due]] = []
    /// The serial number of each case slot's current scheduling (0: none pending).
    private var pendingSerial: [UInt32] = []
    private var lastSerial: UInt32 = 0
    /// The lifer cut-offs of the last day asked for.
    private var cutoffDay = Int.min
    private var cutoffs = TierV3Calculator.LiferCutoffs(asOf: CivilDate(dayNumber: 0))

    /// Draws at sentence and reassessment (the model's streams).
    let reassessStream: RandomStream
    /// Normal draws, inline from the streams' generators (``NormalZiggurat``).
    private let normal = NormalZiggurat()

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
        v3Weighting = spec.v3Weighting
    }

    private func ensure(_ i: Int) {
        if slots.count <= i {
            slots.append(contentsOf: repeatElement(Slot(), count: i + 1 - slots.count))
            outcomes.append(contentsOf: repeatElement(TierOutcome(v2: .d0, unsupervised: false, v3: .g, provisional: false),
                                                      count: i + 1 - outcomes.count))
            pendingSerial.append(contentsOf: repeatElement(0, count: i + 1 - pendingSerial.count))
        }
    }

    private func cutoffs(onDay day: Int) -> TierV3Calculator.LiferCutoffs {
        if day != cutoffDay {
            cutoffDay = day
            cutoffs = TierV3Calculator.LiferCutoffs(asOf: CivilDate(dayNumber: day))
        }
        return cutoffs
    }

    /// Draws a new profile for the case in slot `i` and computes its tiers on the given day
    /// (days since 1970-01-01).
    func assign(_ i: Int, female: Bool, custodyOrigin: Bool, stream s: RandomStream, day: Int) -> TierOutcome {
        ensure(i)
        let c = cutoffs(onDay: day)
        let o = draw(&slots[i], female: female, custodyOrigin: custodyOrigin, stream: s, cutoffs: c)
        outcomes[i] = o
        return o
    }

    /// ``assign(_:female:custodyOrigin:stream:day:)`` on a date.
    func assign(_ i: Int, type: CaseType, female: Bool, custodyOrigin: Bool, stream s: RandomStream,
                on date: CivilDate) -> TierOutcome {
        assign(i, female: female, custodyOrigin: custodyOrigin, stream: s, day: date.dayNumber)
    }

    private func draw(_ slot: inout Slot, female: Bool, custodyOrigin: Bool, stream s: RandomStream,
                      cutoffs: TierV3Calculator.LiferCutoffs) -> TierOutcome {
        let shift = custodyOrigin ? spec.profiles.custodyShift : Loadings()
        let z1 = normal.sample(s), z2 = normal.sample(s)
        let h = z1 + shift.harm, r = rho * z1 + rhoResidual * z2 + shift.reoffending
        var latent = SIMD16<Float>()
        latent[0] = Float(h); latent[1] = Float(r)
        for k in 0..<13 { latent[2 + k] = Float(normal.sample(s)) }
        slot.latent = latent
        var x = TierInputs()
        var flags = TierInputs.activeEvent
        if female { flags |= TierInputs.female }
        x.mappa = UInt8(mappa.level(mappa.score(h, r, normal.sample(s))))   // 0 none, 1 … 3 for M1 … M3
        let ogrsValue = Int(ogrs.value(ogrs.score(h, r, normal.sample(s))).rounded())
        slot.ogrs = Int32(clamping: ogrsValue)
        x.ogrsTens = Int32(clamping: ogrsValue / 10)
        for k in registrationAttributes.indices where registrationAttributes[k].draw(h, r, s, normal) { x.registrations.insert(registrationFlags[k]) }
        if assessment.draw(h, r, s, normal) { flags |= TierInputs.hasAssessment }
        if mandate.draw(h, r, s, normal) || custodyOrigin { flags |= TierInputs.mandateForChange }
        if parenting.draw(h, r, s, normal) { flags |= TierInputs.parenting }
        slot.dcsrpBand = 0; slot.dcsrpScore = 0
        if sexualOffence.draw(h, r, s, normal) {
            flags |= TierInputs.everSexualOffence
            let band = min(dcsrp.level(dcsrp.score(h, r, normal.sample(s))), 3)
            let b: DCSRPBand = band == 0 ? .low : band == 1 ? .medium : band == 2 ? .high : .veryHigh
            // Medium: a score across the medium scale's range (0.60 … 4.00); other bands only need a score above 0.
            let score = FixedDecimal(rounding: band == 1 ? 0.6 + 3.4 * s.uniform() : 1.0)
            slot.dcsrpBand = UInt8(DCSRPBand.allCases.firstIndex(of: b)! + 1)
            slot.dcsrpScore = score.millionths
            // The model never draws a medium DC-SRP below 0.60, where hmpps-tier fails; were it
            // to, the step would give nothing.
            x.dcsrpStep = UInt8((try? TierV3Calculator.sexualReoffending(score: score, band: b))?.rawValue ?? 0)
        }
        if custodyOrigin, lifer.draw(h, r, s, normal) { x.registrations.insert(.lifer) }
        x.flags = flags
        slot.inputs = x
        redrawDynamic(&slot)
        return recompute(&slot, cutoffs)
    }

    /// Sets the dynamic attributes from the factors and their own parts.
    private func redrawDynamic(_ slot: inout Slot) {
        let l = slot.latent
        let h = Double(l[0]), r = Double(l[1])
        @inline(__always) func e(_ k: Int) -> Double { Double(l[2 + k]) }
        var x = slot.inputs
        x.rosh = UInt8(1 + rosh.level(rosh.score(h, r, e(0))))                 // 1 low … 4 very high
        let rsrScore = FixedDecimal(rounding: (rsr.value(rsr.score(h, r, e(1))) * 100).rounded() / 100)
        let arpScore = FixedDecimal(rounding: (arp.value(arp.score(h, r, e(2))) * 100).rounded() / 100)
        let csrpScore = FixedDecimal(rounding: (csrp.value(csrp.score(h, r, e(3))) * 100).rounded() / 100)
        slot.rsr = rsrScore.millionths; slot.arp = arpScore.millionths; slot.csrp = csrpScore.millionths
        x.rsrPoints = UInt8(TierV2Calculator.rsrPoints(rsrScore))
        let (row, column) = TierV3Calculator.cell(arp: arpScore, csrp: csrpScore)
        x.csrpRow = UInt8(row); x.arpColumn = UInt8(column)
        var packed: UInt16 = 0
        for k in 0..<8 { packed |= UInt16(min(needs.level(needs.score(h, r, e(4 + k))), 2)) << (2 * k) }
        x.needs = packed
        var flags = x.flags & ~(TierInputs.selfControl | TierInputs.arpStatic | TierInputs.csrpStatic)
        flags |= TierInputs.hasARP | TierInputs.hasCSRP
        if selfControl.yes(selfControl.score(h, r, e(12))) { flags |= TierInputs.selfControl }
        // Without a full assessment the predictors are static (static factors only).
        if flags & TierInputs.hasAssessment == 0 { flags |= TierInputs.arpStatic | TierInputs.csrpStatic }
        x.flags = flags
        slot.inputs = x
    }

    private func recompute(_ slot: inout Slot, _ cutoffs: TierV3Calculator.LiferCutoffs) -> TierOutcome {
        let x = slot.inputs
        let v3 = TierV3Calculator.calculate(x, cutoffs: cutoffs)
        let o = TierOutcome(v2: TierV2Calculator.tier(x), unsupervised: x.registrations.contains(.unsupervised),
                            v3: v3.tier, provisional: v3.provisional)
        return o
    }

    /// Reassesses a case on the given day: the dynamic attributes move on (own parts
    /// φ·e + √(1−φ²)·η), the event's effect is applied, and the tiers are recomputed.
    func reassess(_ i: Int, reason: ReassessmentReason, day: Int) -> TierOutcome {
        let c = cutoffs(onDay: day)
        let o = reassess(&slots[i], reason: reason, cutoffs: c)
        outcomes[i] = o
        return o
    }

    private func reassess(_ slot: inout Slot, reason: ReassessmentReason, cutoffs: TierV3Calculator.LiferCutoffs) -> TierOutcome {
        let s = reassessStream
        let phi = spec.persistence, fresh = max(0, 1 - phi * phi).squareRoot()
        var l = slot.latent
        for k in 2..<15 { l[k] = Float(phi * Double(l[k]) + fresh * normal.sample(s)) }
        slot.latent = l
        switch reason {
        case .enforcement: slot.inputs.flags |= TierInputs.previousEnforcement
        case .registration:
            let u = s.uniform() * (registrationWeights.last ?? 0)
            if let k = registrationWeights.firstIndex(where: { u < $0 }) { slot.inputs.registrations.insert(registrationFlags[k]) }
        case .unsupervised: slot.inputs.registrations.insert(.unsupervised)
        case .scheduled, .release: break
        }
        redrawDynamic(&slot)
        return recompute(&slot, cutoffs)
    }

    /// Records a release from custody on the given day (the lifer's latest release date).
    func released(_ i: Int, day: Int) {
        if slots[i].inputs.registrations.contains(.lifer) { slots[i].inputs.liferReleaseDay = Int32(clamping: day) }
    }

    /// The tiers recomputed on the given day without reassessing (nothing redrawn).
    func recomputed(_ i: Int, day: Int) -> TierOutcome {
        let c = cutoffs(onDay: day)
        let o = recompute(&slots[i], c)
        outcomes[i] = o
        return o
    }

    /// Days until the case's next reassessment event and why; `unsupervisedInDays` is when the
    /// case reaches the unsupervised part of its licence (nil: not applicable).
    func nextEvent(_ i: Int, unsupervisedInDays: Double?) -> Double {
        let s = reassessStream
        var best = spec.reassessmentIntervalDays
        var why = ReassessmentReason.scheduled
        // The first of the two Poisson events (enforcement, registration) comes at the rate of
        // both, and is each with probability its share of the rate: one exponential draw, and a
        // uniform only when it comes before the scheduled review.
        let rate = spec.enforcementPerYear + spec.registrationsPerYear
        if rate > 0 {
            let t = s.exponential(mean: 365.25 / rate)
            if t < best {
                best = t
                why = s.uniform() * rate < spec.enforcementPerYear ? .enforcement : .registration
            }
        }
        if let u = unsupervisedInDays, u >= 0, u < best, !slots[i].inputs.registrations.contains(.unsupervised) {
            best = u; why = .unsupervised
        }
        slots[i].pending = UInt8(why.rawValue)
        return best
    }

    /// Puts the case's next reassessment in the batch of day `day` of the run (superseding any
    /// earlier one); true when that batch was empty, so its event is to be scheduled.
    func enqueue(_ ref: CaseRef, day: Int) -> Bool {
        let i = Int(ref.index)
        ensure(i)
        if dueByDay.count <= day { dueByDay.append(contentsOf: repeatElement([], count: day + 1 - dueByDay.count)) }
        lastSerial = lastSerial == .max ? 1 : lastSerial + 1
        pendingSerial[i] = lastSerial
        let first = dueByDay[day].isEmpty
        dueByDay[day].append(Due(ref: ref, serial: lastSerial))
        return first
    }

    /// Drops the case's pending reassessment, if any.
    func cancelPending(_ i: Int) {
        if i < pendingSerial.count { pendingSerial[i] = 0 }
    }

    /// Takes day `day`'s batch (in the order scheduled; entries superseded since, or of cases
    /// ended since, are the caller's to skip with ``isCurrent(_:)`` and the case's liveness).
    func takeDue(day: Int) -> [Due] {
        guard day < dueByDay.count else { return [] }
        let due = dueByDay[day]
        dueByDay[day] = []
        return due
    }

    /// Day `day`'s batch as it stands (for tests).
    func due(day: Int) -> [Due] { day < dueByDay.count ? dueByDay[day] : [] }

    /// Whether a batch entry is its case's current scheduling.
    @inline(__always) func isCurrent(_ d: Due) -> Bool { pendingSerial[Int(d.ref.index)] == d.serial }

    /// Why the case's pending event was scheduled.
    func pendingReason(_ i: Int) -> ReassessmentReason { ReassessmentReason(rawValue: Int(slots[i].pending)) ?? .scheduled }

    /// The tier that weighs a case under the calculator in force: the v2 tier, or the v2 tier
    /// the scenario weighs its v3 tier as (a case with no v3 tier keeps its v2 tier).
    @inline(__always) func workloadTier(_ o: TierOutcome) -> Tier {
        guard version == .v3, o.v3.isTier else { return o.v2 }
        return v3Weighting[o.v3.tierIndex]
    }

    /// The case's current tiers.
    @inline(__always) func outcome(_ i: Int) -> TierOutcome { outcomes[i] }

    /// Every case slot's profile, as the calculators' public API takes it (for checking and
    /// tests; the model itself works on the codes).
    struct Profiles {
        fileprivate unowned let state: TieringState
        var count: Int { state.slots.count }
        subscript(i: Int) -> RiskNeedProfile { state.profile(i) }
    }
    var profiles: Profiles { Profiles(state: self) }

    /// The profile of the case in slot `i`.
    func profile(_ i: Int) -> RiskNeedProfile {
        let slot = slots[i], x = slot.inputs
        var p = RiskNeedProfile()
        p.female = x.has(TierInputs.female)
        p.rosh = x.rosh == 0 ? nil : [RoSHLevel.low, .medium, .high, .veryHigh][Int(x.rosh) - 1]
        p.rsr = FixedDecimal(millionths: slot.rsr)
        p.mappa = x.mappa == 0 ? nil : [MAPPA.m1, .m2, .m3, .m4][Int(x.mappa) - 1]
        p.registrations = x.registrations
        p.parentingResponsibilities = x.has(TierInputs.parenting) ? 1 : 0
        p.impulsivity = x.has(TierInputs.selfControl) ? 1 : 0
        p.temperControl = 0
        p.previousEnforcement = x.has(TierInputs.previousEnforcement)
        p.ogrs = Int(slot.ogrs)
        p.hasAssessment = x.has(TierInputs.hasAssessment)
        p.mandateForChange = x.has(TierInputs.mandateForChange)
        p.needs.packed = x.needs
        p.arp = FixedDecimal(millionths: slot.arp); p.arpStatic = x.has(TierInputs.arpStatic)
        p.csrp = FixedDecimal(millionths: slot.csrp); p.csrpStatic = x.has(TierInputs.csrpStatic)
        if slot.dcsrpBand > 0 {
            p.dcsrpBand = DCSRPBand.allCases[Int(slot.dcsrpBand) - 1]
            p.dcsrpScore = FixedDecimal(millionths: slot.dcsrpScore)
        }
        if x.liferReleaseDay != TierInputs.noDay { p.liferReleaseDate = CivilDate(dayNumber: Int(x.liferReleaseDay)) }
        p.everSexualOffence = x.has(TierInputs.everSexualOffence)
        p.activeEvent = x.has(TierInputs.activeEvent)
        return p
    }
}
