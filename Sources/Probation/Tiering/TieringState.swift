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

    /// Field by field, as the synthesised one, but inline (that one was a call at every
    /// reassessment).
    @inline(__always) public static func == (a: TierOutcome, b: TierOutcome) -> Bool {
        a.v2 == b.v2 && a.unsupervised == b.unsupervised && a.v3 == b.v3 && a.provisional == b.provisional
    }
}

/// The computed tiering component: every case's risk and need profile (drawn at sentence
/// from ``ProfileSpec``), its reassessments, and its tiers by both calculators. It owns its
/// state, indexed by the model's case slot; the model asks it for tiers and event times and
/// applies what they mean for workloads and allocation (docs/tiering.md).
///
/// Storage is compact: one fixed-size ``Slot`` a case (64 bytes, one cache line; no heap
/// objects, optionals or strings), holding the profile as the calculators' codes
/// (``TierInputs``), the latent parts the dynamic attributes are redrawn from as 16-bit
/// fixed-point numbers (the RSR, ARP and CSRP scores are recomputed from them for
/// ``profiles``), and the pending reassessment; the current tiers are kept apart (four bytes a
/// case). Days are day numbers; the lifer step's cut-off days are worked out once a day.
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
    /// The same, one to a lane, answered all at once (``RegistrationLanes``), when
    /// ``registrationLanesExact``; otherwise unused, and each is answered in turn.
    private let registrationLanes: RegistrationLanes
    private let registrationLanesExact: Bool
    private let registrationCount: Int
    /// How many numbers every profile draws first, in order (``draw``): the two factors, MAPPA,
    /// OGRS, the registrations, the assessment, the mandate, parenting and a sexual offence;
    /// bit k of ``firstDrawUniforms`` set where the k-th is a uniform.
    private let firstDrawCount: Int
    private let firstDrawUniforms: UInt64
    /// Room for the numbers a draw or a reassessment draws before it uses them (64 doubles).
    private let drawnNumbers: UnsafeMutablePointer<Double>
    /// Cumulative shares of the drawn registrations, for new-registration events.
    private let registrationWeights: [Double]
    /// The cuts that give the score codes from the scores (``ScoreCuts``), when
    /// ``scoreCutsExact``; otherwise unused, and the codes come from the scores' values.
    private let scoreCuts: ScoreCuts
    private let scoreCutsExact: Bool
    /// Whether the needs' thresholds are in order (t0 ≤ t1 ≤ t2, none NaN): then a need's level
    /// capped at 2 is the count of t0 and t1 below its score, and the eight are computed at
    /// once (``needsLevelsPacked(_:base:residual:t0:t1:)``).
    private let needsOrdered: Bool
    /// How each v3 tier A … G is weighted (``TieringSpec/v3Weighting``).
    private let v3Weighting: [Tier]

    /// One case's tiering state: 64 bytes, one cache line (the buffer is 64-byte aligned).
    struct Slot {
        /// The two factors h and r, then the own parts of the 13 dynamic attributes (RoSH, RSR,
        /// ARP, CSRP, the 8 needs, self-control), in units of 1/4096 (``TieringState/unit``);
        /// lane 15 holds the DC-SRP score as drawn, in hundredths (the codes keep only the step's tier).
        var latent = SIMD16<Int16>()
        /// The profile as the calculators read it.
        var inputs = TierInputs()
        /// The serial number of the case's current scheduling of a reassessment (0: none pending).
        var serial: UInt32 = 0
        /// OGRS % as drawn (the codes keep only its tens).
        var ogrs: UInt8 = 0
        /// 0 none, else 1 + ``DCSRPBand`` index (very high, high, medium, low).
        var dcsrpBand: UInt8 = 0
        /// Why the pending reassessment was scheduled (``ReassessmentReason`` raw value).
        var pending: UInt8 = 0
    }

    /// The latent parts are kept as 16-bit integers in units of 1/4096 (range ±8, far beyond
    /// any normal draw that matters; rounding moves a part by at most 1.2e-4).
    static let unit = 4096.0
    @inline(__always) static func quantised(_ x: Double) -> Int16 { rounded(x * unit) }

    /// `Int16(clamping: Int(y + (y < 0 ? -0.5 : 0.5)))`: `y` rounded, halves away from zero
    /// (but for the few doubles just below a half, which the addition carries up), clamped
    /// to 16 bits; without the conversions' checks (``truncatedClampedToInt16(_:)``, the
    /// same result for every finite `y` below 2⁶³ in magnitude: every value a normal draw,
    /// at most about 10, times 4096 can be). Was about a fifth of a draw's own time.
    @inline(__always) static func rounded(_ y: Double) -> Int16 {
        truncatedClampedToInt16(y + (y < 0 ? -0.5 : 0.5))
    }
    @inline(__always) static func value(_ q: Int16) -> Double { Double(q) * (1 / unit) }

    /// The slots, indexed by case slot, in a 64-byte-aligned buffer so each is one cache line.
    private var slots: UnsafeMutablePointer<Slot>
    private var slotCount = 0
    private var slotCapacity = 0
    /// Each case's current tiers (apart from ``Slot``: four bytes a case, read whenever a case
    /// joins or leaves a caseload), as many as ``slots`` (the same count and capacity): a plain
    /// buffer, so writing one needs no uniqueness check and reading one retains nothing.
    private var outcomes: UnsafeMutablePointer<TierOutcome>
    /// A reassessment waiting in its day's batch: the case, and which of its schedulings it is
    /// (a later scheduling, at a release, supersedes it).
    struct Due {
        var ref: CaseRef
        var serial: UInt32
    }
    /// Reassessments waiting, by day of the run: each day's are made by one engine event at the
    /// start of the day, so the engine's queue holds one event a day rather than one a case.
    /// Each day's batch is a buffer of its own, and every day's (buffer, count, capacity) is
    /// kept together in ``batches`` (16 bytes a day, in cache): adding to a batch of a day
    /// months ahead touches only the line at its end. (As an array of arrays, reading the
    /// day's array's own count and capacity, far from anything used lately, was a cache miss
    /// that two thirds of scheduling a reassessment waited for.)
    struct Batch {
        var base: UnsafeMutablePointer<Due>?
        var count: Int32 = 0
        var capacity: Int32 = 0
    }
    private var batches: UnsafeMutablePointer<Batch>
    private var batchDays = 0
    private var lastSerial: UInt32 = 0
    /// The lifer cut-offs of the last day asked for.
    private var cutoffDay = Int.min
    private var cutoffs = TierV3Calculator.LiferCutoffs(asOf: CivilDate(dayNumber: 0))

    /// Draws at sentence and reassessment (the model's streams).
    let reassessStream: RandomStream
    /// Normal draws, inline from the streams' generators (``NormalZiggurat``).
    private let normal = NormalZiggurat()
    /// √(1 − φ²) in units of the stored own parts.
    private let freshQ: Double
    /// The scalars of ``spec`` the hot paths read, kept apart so that reading them copies
    /// (and retains) none of the spec's arrays.
    let persistence: Double
    let custodyShift: Loadings
    let reassessmentIntervalDays: Double
    let enforcementPerYear: Double
    let registrationsPerYear: Double
    let reassessOnRelease: Bool
    let unsupervisedFrom: CivilDate?
    let unsupervisedAfter: Double

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
        registrationCount = drawn.count
        let packed = drawn.map { PackedYesNo(c($0.1), flag: $0.0.rawValue) }
        if let lanes = RegistrationLanes(packed) {
            registrationLanes = lanes; registrationLanesExact = true
        } else {
            registrationLanes = RegistrationLanes([])!; registrationLanesExact = false
        }
        // The numbers drawn first (see ``draw``): normals, but a uniform for a yes/no that loads
        // on neither factor.
        let firstKinds = [false, false, false, false] + registrationAttributes.map(\.drawsUniform)
            + [assessment.drawsUniform, mandate.drawsUniform, parenting.drawsUniform, sexualOffence.drawsUniform]
        precondition(firstKinds.count <= 48, "tiering: too many registrations drawn")
        firstDrawCount = firstKinds.count
        firstDrawUniforms = firstKinds.enumerated().reduce(0) { $0 | ($1.element ? 1 << UInt64($1.offset) : 0) }
        drawnNumbers = .allocate(capacity: 64)
        drawnNumbers.initialize(repeating: 0, count: 64)
        var cum = 0.0
        registrationWeights = drawn.map { r in
            if case .share(let s) = r.1.marginal { cum += s }
            return cum
        }
        v3Weighting = spec.v3Weighting
        needsOrdered = needs.t0 <= needs.t1 && needs.t1 <= needs.t2
        if let cuts = ScoreCuts(rsr: rsr, arp: arp, csrp: csrp) {
            scoreCuts = cuts; scoreCutsExact = true
        } else {
            scoreCuts = ScoreCuts(inexact: ()); scoreCutsExact = false
        }
        persistence = spec.persistence
        custodyShift = p.custodyShift
        reassessmentIntervalDays = spec.reassessmentIntervalDays
        enforcementPerYear = spec.enforcementPerYear
        registrationsPerYear = spec.registrationsPerYear
        reassessOnRelease = spec.reassessOnRelease
        unsupervisedFrom = spec.unsupervisedFrom
        unsupervisedAfter = spec.unsupervisedAfter
        freshQ = max(0, 1 - spec.persistence * spec.persistence).squareRoot() * Self.unit
        slots = Self.allocateSlots(16)
        outcomes = .allocate(capacity: 16)
        slotCapacity = 16
        batches = .allocate(capacity: 0)
    }

    deinit {
        slots.deallocate(); outcomes.deallocate(); drawnNumbers.deallocate()
        for d in 0..<batchDays { batches[d].base?.deallocate() }
        batches.deallocate()
    }

    private static func allocateSlots(_ n: Int) -> UnsafeMutablePointer<Slot> {
        UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<Slot>.stride, alignment: 64)
            .bindMemory(to: Slot.self, capacity: n)
    }

    /// The slot of case slot `i` (which must have been assigned).
    @inline(__always) private func slot(_ i: Int) -> UnsafeMutablePointer<Slot> {
        precondition(i >= 0 && i < slotCount, "tiering: no profile for case slot \(i)")
        return slots + i
    }

    private func ensure(_ i: Int) {
        if slotCount <= i {
            if slotCapacity <= i {
                var n = slotCapacity
                while n <= i { n *= 2 }
                grow(to: n)
            }
            (slots + slotCount).initialize(repeating: Slot(), count: i + 1 - slotCount)
            (outcomes + slotCount).initialize(repeating: TierOutcome(v2: .d0, unsupervised: false, v3: .g, provisional: false),
                                              count: i + 1 - slotCount)
            slotCount = i + 1
        }
    }

    /// Makes room for `n` case slots (the model reserves the run's likely peak before the
    /// Day-1 stock, so that the records do not grow by copying themselves; untouched room
    /// costs no memory).
    func reserve(cases n: Int) {
        if n > slotCapacity { grow(to: n) }
    }

    private func grow(to n: Int) {
        let grown = Self.allocateSlots(n)
        grown.moveInitialize(from: slots, count: slotCount)
        slots.deallocate()
        slots = grown
        let grownOutcomes = UnsafeMutablePointer<TierOutcome>.allocate(capacity: n)
        grownOutcomes.moveInitialize(from: outcomes, count: slotCount)
        outcomes.deallocate()
        outcomes = grownOutcomes
        slotCapacity = n
    }

    /// Starts loading case slot `i`'s record and current tiers, for a case about to be
    /// sentenced, released or reassessed (most were last touched weeks or months ago). A hint
    /// to the processor only: it changes nothing, and does nothing for a slot not yet assigned.
    @inline(__always) func prefetch(_ i: Int) {
        guard i >= 0 && i < slotCount else { return }
        prefetchForReading(UnsafeRawPointer(slots + i))
        prefetchForReading(UnsafeRawPointer(outcomes + i))
    }

    /// Starts loading case slot `i`'s current tiers only (a case about to leave its caseload).
    @inline(__always) func prefetchOutcome(_ i: Int) {
        guard i >= 0 && i < slotCount else { return }
        prefetchForReading(UnsafeRawPointer(outcomes + i))
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
        // The record and tiers are written at the end of the draw, some 300 ns on: their lines
        // are asked for now, for writing (the sentence's prefetch often has not brought them:
        // the first store to the record was a tenth of the draw's time).
        prefetchForWriting(UnsafeRawPointer(slots + i))
        prefetchForWriting(UnsafeRawPointer(outcomes + i))
        // The reassessment stream's index and next word, read soon after by ``nextEvent`` when
        // the sentence schedules the case's first reassessment: often cold by then (other
        // days' and cases' work in between), a third of that function's time.
        let next = reassessStream.nextOutputAddresses()
        if let a = UnsafeRawPointer(bitPattern: next.index), let b = UnsafeRawPointer(bitPattern: next.word) {
            prefetchForReading(a); prefetchForReading(b)
        }
        let c = cutoffs(onDay: day)
        let o = draw(slots + i, female: female, custodyOrigin: custodyOrigin, stream: s, cutoffs: c)
        outcomes[i] = o
        return o
    }

    /// ``assign(_:female:custodyOrigin:stream:day:)`` on a date.
    func assign(_ i: Int, type: CaseType, female: Bool, custodyOrigin: Bool, stream s: RandomStream,
                on date: CivilDate) -> TierOutcome {
        assign(i, female: female, custodyOrigin: custodyOrigin, stream: s, day: date.dayNumber)
    }

    /// Lanes of ``Slot/latent``: the factors, then the own parts of RoSH, RSR, ARP and CSRP
    /// (always read), the eight needs (read only with a mandate for change and a valid
    /// assessment: otherwise the change level is fixed), self-control (read only for women).
    ///
    /// The hot paths set lanes at constant indices only, written out: a lane set at an index
    /// known only at run time goes through memory (the vector stored, two bytes written, the
    /// vector loaded back: a failed store-to-load forwarding, some 15 cycles, one after
    /// another for each lane).
    private static let selfControlLane = 14

    /// Whether the calculators read the case's needs: the v2 change axis counts them only
    /// with a mandate for change and a valid assessment (and v3 does not read them).
    @inline(__always) private static func needsMatter(_ flags: UInt16) -> Bool {
        flags & (TierInputs.mandateForChange | TierInputs.hasAssessment) == (TierInputs.mandateForChange | TierInputs.hasAssessment)
    }

    private func draw(_ slot: UnsafeMutablePointer<Slot>, female: Bool, custodyOrigin: Bool, stream s: RandomStream,
                      cutoffs: TierV3Calculator.LiferCutoffs) -> TierOutcome {
        let shift = custodyOrigin ? custodyShift : Loadings()
        // Every number is drawn through a cursor on the stream (``GeneratorCursor``: the same
        // outputs in the same order, the generator's index in a register), written back below,
        // before anything else can draw from the stream. The numbers every profile draws come
        // first, all at once (``NormalZiggurat/fill(_:count:uniforms:_:)``), in the order they
        // were drawn one at a time: the two factors, MAPPA, OGRS, the registrations, the
        // assessment, the mandate, parenting, a sexual offence (``firstDrawCount``).
        var c = GeneratorCursor(s)
        let v = drawnNumbers
        normal.fill(v, count: firstDrawCount, uniforms: firstDrawUniforms, &c)
        let z1 = v[0], z2 = v[1]
        let hq = Self.quantised(z1 + shift.harm), rq = Self.quantised(rho * z1 + rhoResidual * z2 + shift.reoffending)
        // Every attribute reads the factors as stored.
        let h = Self.value(hq), r = Self.value(rq)
        var x = TierInputs()
        var flags = TierInputs.activeEvent
        if female { flags |= TierInputs.female }
        x.mappa = UInt8(mappa.counted(mappa.score(h, r, v[2])))   // 0 none, 1 … 3 for M1 … M3
        let ogrsValue = Int(Self.roundedHalfAway(ogrs.value(ogrs.score(h, r, v[3]))))
        let ogrsStored = UInt8(clamping: ogrsValue)
        x.ogrsTens = Int32(clamping: ogrsValue / 10)
        // The registrations, all at once (``RegistrationLanes``), else one at a time.
        let registered = _fastPath(registrationLanesExact)
            ? registrationLanes.flags(h, r, drawn: UnsafeRawPointer(v + 4).loadUnaligned(as: SIMD16<Double>.self))
            : registrationsOneByOne(h, r, v + 4)
        x.registrations = Registrations(rawValue: registered)
        let m = 4 + registrationCount
        flags |= assessment.yes(h, r, drawn: v[m]) ? TierInputs.hasAssessment : 0
        flags |= mandate.yes(h, r, drawn: v[m + 1]) || custodyOrigin ? TierInputs.mandateForChange : 0
        flags |= parenting.yes(h, r, drawn: v[m + 2]) ? TierInputs.parenting : 0
        var dcsrpBand: UInt8 = 0
        var dcsrpHundredths: Int16 = 0
        if sexualOffence.yes(h, r, drawn: v[m + 3]) {
            flags |= TierInputs.everSexualOffence
            let d = sexualReoffending(h, r, &c)
            dcsrpBand = d.band; dcsrpHundredths = d.hundredths; x.dcsrpStep = d.step
        }
        if custodyOrigin, lifer.draw(h, r, &c, normal) { x.registrations.insert(.lifer) }
        x.flags = flags
        // The own parts of the dynamic attributes the calculators read (the others stay 0 and
        // are never read: a case's mandate, assessment and sex do not change), drawn all at
        // once in lane order: RoSH, RSR, ARP, CSRP, the eight needs, self-control.
        // Lanes set at constant indices (see ``selfControlLane``).
        let needsIn = Self.needsMatter(flags)
        normal.fill(v, count: 4 + (needsIn ? 8 : 0) + (female ? 1 : 0), uniforms: 0, &c)
        var latent = SIMD16<Int16>()
        latent[0] = hq; latent[1] = rq
        latent[2] = Self.quantised(v[0]); latent[3] = Self.quantised(v[1])
        latent[4] = Self.quantised(v[2]); latent[5] = Self.quantised(v[3])
        if needsIn {
            latent[6] = Self.quantised(v[4]); latent[7] = Self.quantised(v[5])
            latent[8] = Self.quantised(v[6]); latent[9] = Self.quantised(v[7])
            latent[10] = Self.quantised(v[8]); latent[11] = Self.quantised(v[9])
            latent[12] = Self.quantised(v[10]); latent[13] = Self.quantised(v[11])
        }
        if female { latent[Self.selfControlLane] = Self.quantised(v[needsIn ? 12 : 4]) }
        c.commit()
        latent[15] = dcsrpHundredths
        x = redrawDynamic(x, latent)
        // The record is written once, at the end (it is usually cold: a slot freed long ago);
        // the pending scheduling is left as it is.
        slot.pointee.latent = latent
        slot.pointee.inputs = x
        slot.pointee.ogrs = ogrsStored
        slot.pointee.dcsrpBand = dcsrpBand
        return recompute(x, cutoffs)
    }

    /// ``draw``'s registrations one at a time, from the numbers drawn for them (`drawn`, in
    /// order), when the lanes cannot answer them exactly.
    @inline(never) private func registrationsOneByOne(_ h: Double, _ r: Double, _ drawn: UnsafePointer<Double>) -> UInt32 {
        var registered: UInt32 = 0
        for k in registrationAttributes.indices {
            registered |= registrationAttributes[k].yes(h, r, drawn: drawn[k]) ? registrationFlags[k].rawValue : 0
        }
        return registered
    }

    /// ``draw``'s DC-SRP for a case with a sexual offence (one in twenty): its band (0 none,
    /// else 1 + ``DCSRPBand`` index), its score in hundredths and the v3 step it gives, drawn
    /// through the draw's cursor. Out of line: inline, its code sat among the draw's hot path.
    @inline(never) private func sexualReoffending(_ h: Double, _ r: Double, _ c: inout GeneratorCursor)
        -> (band: UInt8, hundredths: Int16, step: UInt8) {
        let band = min(dcsrp.counted(dcsrp.score(h, r, normal.sample(&c))), 3)
        let b: DCSRPBand = band == 0 ? .low : band == 1 ? .medium : band == 2 ? .high : .veryHigh
        // Medium: a score across the medium scale's range (0.60 … 4.00); other bands only need a score above 0.
        // Two decimal places, as OASys reports it.
        let hundredths = band == 1 ? 60 + Int(340 * c.uniform() + 0.5) : 100
        let score = FixedDecimal(millionths: Int64(hundredths) * 10_000)
        // The model never draws a medium DC-SRP below 0.60, where hmpps-tier fails; were it
        // to, the step would give nothing.
        let step = UInt8((try? TierV3Calculator.sexualReoffending(score: score, band: b))?.rawValue ?? 0)
        return (UInt8(DCSRPBand.allCases.firstIndex(of: b)! + 1), Int16(hundredths), step)
    }

    /// The RSR, ARP and CSRP scores of the stored factors and own parts (two decimal places).
    @inline(__always) private func scores(_ l: SIMD16<Int16>) -> (rsr: FixedDecimal, arp: FixedDecimal, csrp: FixedDecimal) {
        let h = Self.value(l[0]), r = Self.value(l[1])
        @inline(__always) func e(_ k: Int) -> Double { Self.value(l[2 + k]) }
        return (Self.hundredths(rsr.value(rsr.score(h, r, e(1)))),
                Self.hundredths(arp.value(arp.score(h, r, e(2)))),
                Self.hundredths(csrp.value(csrp.score(h, r, e(3)))))
    }

    /// RSR's protect points and the v3 table's row and column for the scores: exactly what
    /// ``TierV2Calculator/rsrPoints(_:)`` and ``TierV3Calculator/cell(arp:csrp:)`` give for
    /// the scores to two places (``hundredths(_:)``), without rounding or building them.
    ///
    /// `hundredths(x)` is k/100 with k = R(y), y = x * 100, R rounding halves away from zero, for |y| below
    /// 2³⁰ (the scores are within their quantile tables' values, a few hundred at most); the
    /// thresholds are whole hundredths (RSR's upper end 99.989999 is k ≤ 9998). For a whole
    /// n ≥ 1, R(y) ≥ n exactly when y ≥ n − ½ (for y ≥ 0, R(y) is ⌊y + ½⌋ computed exactly; a
    /// negative y rounds to at most 0), so each comparison of k with a threshold is one of y
    /// with a half, which is exact in binary. Each is read from the sign of `y − t`: for finite
    /// y the rounded difference keeps the exact one's sign, and an exact 0 is +0 (the compiler
    /// would turn a comparison's 0 or 1 back into a branch). Beyond 2³⁰ (never, in practice) the
    /// scores are built and the calculators asked.
    @inline(__always) static func codes(rsr x: Double, arp xa: Double, csrp xc: Double) -> (rsrPoints: UInt8, row: UInt8, column: UInt8) {
        let rsr = x * 100, arp = xa * 100, csrp = xc * 100
        guard rsr.magnitude < 0x1p30, arp.magnitude < 0x1p30, csrp.magnitude < 0x1p30 else {
            let (row, column) = TierV3Calculator.cell(arp: hundredths(xa), csrp: hundredths(xc))
            return (UInt8(TierV2Calculator.rsrPoints(hundredths(x))), UInt8(row), UInt8(column))
        }
        @inline(__always) func below(_ y: Double, _ t: Double) -> UInt8 { UInt8(truncatingIfNeeded: (y - t).bitPattern >> 63) }
        // RSR: 10 points for 3.00 … 6.99 (k 300 … 699), 20 for 7.00 … 99.98 (k 700 … 9998), else 0.
        let points = 10 &* (2 &- below(rsr, 299.5) &- below(rsr, 699.5)) &- 20 &* (1 &- below(rsr, 9998.5))
        // CSRP's row: how many of 6.9, 3.0, 1.0, 0.5 the score is below; ARP's column: of 90, 75, 50, 25, 15.
        let row = below(csrp, 689.5) &+ below(csrp, 299.5) &+ below(csrp, 99.5) &+ below(csrp, 49.5)
        let column = below(arp, 8999.5) &+ below(arp, 7499.5) &+ below(arp, 4999.5) &+ below(arp, 2499.5) &+ below(arp, 1499.5)
        return (points, row, column)
    }

    /// RSR's points and the v3 table's row and column read from the scores themselves, before
    /// their quantile values are computed: ``codes(rsr:arp:csrp:)`` compares each value × 100
    /// with halves of hundredths, and each such comparison is one of the score with a cut
    /// worked out once (``CompiledScore/cut(hundredths:)``: exact for every finite score). That
    /// replaces, at every draw and reassessment, three segment searches, three interpolations
    /// and twelve subtractions by three vector comparisons.
    struct ScoreCuts {
        /// RSR's cuts for 299.5, 699.5 and 9998.5 hundredths, then −∞ (no score is below it).
        let rsr: SIMD4<Double>
        /// CSRP's for 689.5, 299.5, 99.5 and 49.5 (the row counts those the score is below).
        let csrp: SIMD4<Double>
        /// ARP's for 8999.5, 7499.5, 4999.5, 2499.5 and 1499.5, then −∞ (the column likewise).
        let arp: SIMD8<Double>

        /// Placeholders, never read (the state's flag says so).
        init(inexact: ()) {
            rsr = SIMD4(repeating: .nan); csrp = SIMD4(repeating: .nan); arp = SIMD8(repeating: .nan)
        }

        /// nil unless every cut is exact (``CompiledScore/cut(hundredths:)``).
        init?(rsr: CompiledScore, arp: CompiledScore, csrp: CompiledScore) {
            func cuts(_ c: CompiledScore, _ ts: [Double]) -> [Double]? {
                var out: [Double] = []
                for t in ts { guard let x = c.cut(hundredths: t) else { return nil }; out.append(x) }
                return out
            }
            guard let r = cuts(rsr, [299.5, 699.5, 9998.5]), let c = cuts(csrp, [689.5, 299.5, 99.5, 49.5]),
                  let a = cuts(arp, [8999.5, 7499.5, 4999.5, 2499.5, 1499.5]) else { return nil }
            self.rsr = SIMD4(r[0], r[1], r[2], -.infinity)
            self.csrp = SIMD4(c[0], c[1], c[2], c[3])
            self.arp = SIMD8(a[0], a[1], a[2], a[3], a[4], -.infinity, -.infinity, -.infinity)
        }

        /// What ``TieringState/codes(rsr:arp:csrp:)`` gives for the scores' values, from the
        /// finite scores `rsr`, `arp` and `csrp` themselves. RSR's points, `10·(2 − b₀ − b₁) −
        /// 20·(1 − b₂)` for the three "below" answers bᵢ, are `−10·b₀ − 10·b₁ + 20·b₂`: the
        /// weights of the lanes below their cuts added up.
        ///
        /// `s < c` is read from the sign of `s − c`, as ``CompiledScore/value(_:)`` counts its
        /// points: for a finite score the rounded difference keeps the exact one's sign, an
        /// exact 0 is +0, and ±∞ cuts give ∓∞; only −0 − (+0) is −0, and no cut is +0
        /// (``CompiledScore/cut(hundredths:)`` refuses it). (A comparison's mask made an
        /// eight-lane loop through memory of the eight-lane count.)
        @inline(__always) func codes(rsr: Double, arp: Double, csrp: Double) -> (rsrPoints: UInt8, row: UInt8, column: UInt8) {
            @inline(__always) func below4(_ x: Double, _ c: SIMD4<Double>) -> SIMD4<UInt64> {
                unsafeBitCast(SIMD4(repeating: x) - c, to: SIMD4<UInt64>.self) &>> 63
            }
            let weights = SIMD4<UInt64>(UInt64(bitPattern: -10), UInt64(bitPattern: -10), 20, 0)
            let points = ((SIMD4<UInt64>(repeating: 0) &- below4(rsr, self.rsr)) & weights).wrappedSum()
            let row = below4(csrp, self.csrp).wrappedSum()
            let column = (unsafeBitCast(SIMD8(repeating: arp) - self.arp, to: SIMD8<UInt64>.self) &>> 63).wrappedSum()
            return (UInt8(truncatingIfNeeded: points), UInt8(truncatingIfNeeded: row), UInt8(truncatingIfNeeded: column))
        }
    }

    /// `x` to two decimal places: `FixedDecimal(rounding: (x * 100).rounded() / 100)`, exactly,
    /// with one rounding instead of two, both inline. The whole number of hundredths k divided
    /// by 100 and multiplied by 10⁶ (both exact operands) is within 2.3·10⁻¹⁶·|k|·10⁴ of
    /// k·10⁴, under 0.003 for |k| < 2³⁰, so rounding it to millionths gives k·10⁴ exactly.
    @inline(__always) static func hundredths(_ x: Double) -> FixedDecimal {
        let k = roundedHalfAway(x * 100)
        guard k.magnitude < 0x1p30 else { return FixedDecimal(rounding: k / 100) }
        return FixedDecimal(millionths: Int64(k) * 10_000)
    }

    /// `x.rounded()` (to a whole number, halves away from zero), exactly, inline: on this
    /// target `rounded()` is a call to the C library's `round`. Below 2⁵² the fraction
    /// `a − trunc(a)` is exact, so comparing it with one half decides as `round` does.
    @inline(__always) static func roundedHalfAway(_ x: Double) -> Double {
        let a = x.magnitude
        guard a < 0x1p52 else { return x }   // whole already, infinite or NaN
        let t = Double(Int64(a))
        let r = a - t >= 0.5 ? t + 1 : t
        return x.sign == .minus ? -r : r
    }

    /// ``redrawDynamic(_:_:)``'s codes when the cuts are not exact: from the scores' values
    /// (``codes(rsr:arp:csrp:)``).
    @inline(never) private func codesFromValues(_ l: SIMD16<Int16>) -> (rsrPoints: UInt8, row: UInt8, column: UInt8) {
        let h = Self.value(l[0]), r = Self.value(l[1])
        @inline(__always) func e(_ k: Int) -> Double { Self.value(l[2 + k]) }
        return Self.codes(rsr: rsr.value(rsr.score(h, r, e(1))), arp: arp.value(arp.score(h, r, e(2))),
                          csrp: csrp.value(csrp.score(h, r, e(3))))
    }

    /// ``redrawDynamic(_:_:)``'s needs when their thresholds are not in order: each level in turn.
    @inline(never) private func needsOneByOne(_ l: SIMD16<Int16>) -> UInt16 {
        let h = Self.value(l[0]), r = Self.value(l[1])
        var packed: UInt16 = 0
        for k in 0..<8 { packed |= UInt16(min(needs.level(needs.score(h, r, Self.value(l[6 + k]))), 2)) << (2 * k) }
        return packed
    }

    /// Sets the dynamic attributes from the factors and their own parts.
    @inline(__always) private func redrawDynamic(_ inputs: TierInputs, _ l: SIMD16<Int16>) -> TierInputs {
        let h = Self.value(l[0]), r = Self.value(l[1])
        @inline(__always) func e(_ k: Int) -> Double { Self.value(l[2 + k]) }
        var x = inputs
        x.rosh = UInt8(1 + rosh.counted(rosh.score(h, r, e(0))))                 // 1 low … 4 very high
        // The codes straight from the scores × 100 (``codes(rsr:arp:csrp:)``): what rounding
        // them to hundredths and comparing those with the calculators' thresholds gives.
        // With the cuts (``ScoreCuts``), from the scores without their values.
        // (The paths for inexact cuts and unordered thresholds, never taken by the shipped
        // scenarios, are functions of their own, out of the way: inline, their code sat among
        // the hot path's; out of line, the draw, this redraw and the reassessment together miss
        // the instruction cache 30.1 million times a national replication, against 35.0.)
        let codes = _fastPath(scoreCutsExact)
            ? scoreCuts.codes(rsr: rsr.score(h, r, e(1)), arp: arp.score(h, r, e(2)), csrp: csrp.score(h, r, e(3)))
            : codesFromValues(l)
        x.rsrPoints = codes.rsrPoints; x.csrpRow = codes.row; x.arpColumn = codes.column
        var flags = x.flags & ~(TierInputs.selfControl | TierInputs.arpStatic | TierInputs.csrpStatic)
        if Self.needsMatter(flags) {
            if _fastPath(needsOrdered) {
                // All eight at once (``needsLevelsPacked``): the same scores and comparisons.
                let q = SIMD8<Int16>(l[6], l[7], l[8], l[9], l[10], l[11], l[12], l[13])
                x.needs = needsLevelsPacked(q, base: needs.harm * h + needs.reoffending * r, residual: needs.residual,
                                            t0: needs.t0, t1: needs.t1)
            } else {
                x.needs = needsOneByOne(l)
            }
        }
        flags |= TierInputs.hasARP | TierInputs.hasCSRP
        if flags & TierInputs.female != 0, selfControl.yes(selfControl.score(h, r, e(12))) { flags |= TierInputs.selfControl }
        // Without a full assessment the predictors are static (static factors only).
        if flags & TierInputs.hasAssessment == 0 { flags |= TierInputs.arpStatic | TierInputs.csrpStatic }
        x.flags = flags
        return x
    }

    @inline(__always) private func recompute(_ x: TierInputs, _ cutoffs: TierV3Calculator.LiferCutoffs) -> TierOutcome {
        let v3 = TierV3Calculator.calculate(x, cutoffs: cutoffs)
        let o = TierOutcome(v2: TierV2Calculator.tier(x), unsupervised: x.registrations.contains(.unsupervised),
                            v3: v3.tier, provisional: v3.provisional)
        return o
    }

    /// Reassesses a case on the given day: the dynamic attributes move on (own parts
    /// φ·e + √(1−φ²)·η), the event's effect is applied, and the tiers are recomputed.
    func reassess(_ i: Int, reason: ReassessmentReason, day: Int) -> TierOutcome {
        let c = cutoffs(onDay: day)
        let o = reassess(slot(i), reason: reason, cutoffs: c)
        outcomes[i] = o
        return o
    }

    private func reassess(_ slot: UnsafeMutablePointer<Slot>, reason: ReassessmentReason, cutoffs: TierV3Calculator.LiferCutoffs) -> TierOutcome {
        let phi = persistence, freshQ = freshQ
        var l = slot.pointee.latent
        var x = slot.pointee.inputs
        // Drawn through a cursor (see ``draw``), written back before the tiers are computed.
        var c = GeneratorCursor(reassessStream)
        // Only the own parts the calculators read move on (see ``draw``): their fresh parts
        // drawn all at once, in lane order (``NormalZiggurat/fill(_:count:uniforms:_:)``).
        let flags = x.flags
        let needsIn = Self.needsMatter(flags), female = flags & TierInputs.female != 0
        let v = drawnNumbers
        normal.fill(v, count: 4 + (needsIn ? 8 : 0) + (female ? 1 : 0), uniforms: 0, &c)
        @inline(__always) func move(_ k: Int, _ j: Int) {
            l[k] = Self.rounded(phi * Double(l[k]) + freshQ * v[j])
        }
        // At constant lanes (see ``selfControlLane``).
        move(2, 0); move(3, 1); move(4, 2); move(5, 3)
        if needsIn {
            move(6, 4); move(7, 5); move(8, 6); move(9, 7); move(10, 8); move(11, 9); move(12, 10); move(13, 11)
        }
        if female { move(Self.selfControlLane, needsIn ? 12 : 4) }
        switch reason {
        case .enforcement: x.flags |= TierInputs.previousEnforcement
        case .registration: x.registrations.insert(newRegistration(c.uniform()))
        case .unsupervised: x.registrations.insert(.unsupervised)
        case .scheduled, .release: break
        }
        c.commit()
        x = redrawDynamic(x, l)
        slot.pointee.latent = l
        slot.pointee.inputs = x
        return recompute(x, cutoffs)
    }

    /// The registration a new-registration event adds, for a uniform draw `u` (by the drawn
    /// registrations' shares; none without any). Out of line: the event is rare.
    @inline(never) private func newRegistration(_ u: Double) -> Registrations {
        let w = u * (registrationWeights.last ?? 0)
        guard let k = registrationWeights.firstIndex(where: { w < $0 }) else { return [] }
        return registrationFlags[k]
    }

    /// Records a release from custody on the given day (the lifer's latest release date).
    func released(_ i: Int, day: Int) {
        let sl = slot(i)
        if sl.pointee.inputs.registrations.contains(.lifer) { sl.pointee.inputs.liferReleaseDay = Int32(clamping: day) }
    }

    /// The tiers recomputed on the given day without reassessing (nothing redrawn).
    func recomputed(_ i: Int, day: Int) -> TierOutcome {
        let c = cutoffs(onDay: day)
        let o = recompute(slot(i).pointee.inputs, c)
        outcomes[i] = o
        return o
    }

    /// Days until the case's next reassessment event and why; `unsupervisedInDays` is when the
    /// case reaches the unsupervised part of its licence (nil: not applicable).
    func nextEvent(_ i: Int, unsupervisedInDays: Double?) -> Double {
        let s = reassessStream
        var best = reassessmentIntervalDays
        var why = ReassessmentReason.scheduled
        // The first of the two Poisson events (enforcement, registration) comes at the rate of
        // both, and is each with probability its share of the rate: one exponential draw, and a
        // uniform only when it comes before the scheduled review.
        let rate = enforcementPerYear + registrationsPerYear
        if rate > 0 {
            let t = s.exponential(mean: 365.25 / rate)
            if t < best {
                best = t
                why = s.uniform() * rate < enforcementPerYear ? .enforcement : .registration
            }
        }
        let sl = slot(i)
        if let u = unsupervisedInDays, u >= 0, u < best, !sl.pointee.inputs.registrations.contains(.unsupervised) {
            best = u; why = .unsupervised
        }
        sl.pointee.pending = UInt8(why.rawValue)
        return best
    }

    /// Puts the case's next reassessment in the batch of day `day` of the run (superseding any
    /// earlier one); true when that batch was empty, so its event is to be scheduled.
    func enqueue(_ ref: CaseRef, day: Int) -> Bool {
        precondition(day >= 0, "tiering: a reassessment before the run")
        let i = Int(ref.index)
        ensure(i)
        if batchDays <= day { addBatchDays(through: day) }
        lastSerial = lastSerial == .max ? 1 : lastSerial + 1
        slots[i].serial = lastSerial
        let b = batches + day
        if b.pointee.count == b.pointee.capacity { grow(b) }
        (b.pointee.base.unsafelyUnwrapped + Int(b.pointee.count)).initialize(to: Due(ref: ref, serial: lastSerial))
        b.pointee.count += 1
        return b.pointee.count == 1
    }

    /// Makes room for the batches of every day up to `day` (new days empty).
    private func addBatchDays(through day: Int) {
        let n = max(day + 1, 2 * batchDays, 64)
        let grown = UnsafeMutablePointer<Batch>.allocate(capacity: n)
        grown.moveInitialize(from: batches, count: batchDays)
        (grown + batchDays).initialize(repeating: Batch(), count: n - batchDays)
        batches.deallocate()
        batches = grown
        batchDays = n
    }

    /// Doubles a batch's buffer (16 entries at first), keeping its entries in order.
    private func grow(_ b: UnsafeMutablePointer<Batch>) {
        let n = max(16, 2 * Int(b.pointee.capacity))
        precondition(n <= Int(Int32.max), "tiering: too many reassessments in one day")
        let grown = UnsafeMutablePointer<Due>.allocate(capacity: n)
        if let old = b.pointee.base {
            grown.moveInitialize(from: old, count: Int(b.pointee.count))
            old.deallocate()
        }
        b.pointee.base = grown
        b.pointee.capacity = Int32(n)
    }

    /// Drops the case's pending reassessment, if any.
    func cancelPending(_ i: Int) {
        if i < slotCount { slots[i].serial = 0 }
    }

    /// Takes day `day`'s batch (in the order scheduled; entries superseded since, or of cases
    /// ended since, are the caller's to skip with ``isCurrent(_:)`` and the case's liveness).
    func takeDue(day: Int) -> [Due] {
        let due = self.due(day: day)
        if day >= 0 && day < batchDays {
            batches[day].base?.deallocate()
            batches[day] = Batch()
        }
        return due
    }

    /// Day `day`'s batch as it stands (for tests).
    func due(day: Int) -> [Due] {
        guard day >= 0 && day < batchDays, let base = batches[day].base else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: Int(batches[day].count)))
    }

    /// Whether a batch entry is its case's current scheduling.
    @inline(__always) func isCurrent(_ d: Due) -> Bool { slot(Int(d.ref.index)).pointee.serial == d.serial }

    /// Why the case's pending event was scheduled.
    func pendingReason(_ i: Int) -> ReassessmentReason { ReassessmentReason(rawValue: Int(slot(i).pointee.pending)) ?? .scheduled }

    /// The tier that weighs a case under the calculator in force: the v2 tier, or the v2 tier
    /// the scenario weighs its v3 tier as (a case with no v3 tier keeps its v2 tier).
    @inline(__always) func workloadTier(_ o: TierOutcome) -> Tier {
        guard version == .v3, o.v3.isTier else { return o.v2 }
        return v3Weighting[o.v3.tierIndex]
    }

    /// The case's current tiers.
    @inline(__always) func outcome(_ i: Int) -> TierOutcome {
        precondition(i >= 0 && i < slotCount, "tiering: no tiers for case slot \(i)")
        return outcomes[i]
    }

    /// Every case slot's profile, as the calculators' public API takes it (for checking and
    /// tests; the model itself works on the codes).
    struct Profiles {
        fileprivate unowned let state: TieringState
        var count: Int { state.slotCount }
        subscript(i: Int) -> RiskNeedProfile { state.profile(i) }
    }
    var profiles: Profiles { Profiles(state: self) }

    /// The profile of the case in slot `i`.
    func profile(_ i: Int) -> RiskNeedProfile {
        let slot = slot(i).pointee, x = slot.inputs
        let (rsr, arp, csrp) = scores(slot.latent)
        var p = RiskNeedProfile()
        p.female = x.has(TierInputs.female)
        p.rosh = x.rosh == 0 ? nil : [RoSHLevel.low, .medium, .high, .veryHigh][Int(x.rosh) - 1]
        p.rsr = rsr
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
        p.arp = arp; p.arpStatic = x.has(TierInputs.arpStatic)
        p.csrp = csrp; p.csrpStatic = x.has(TierInputs.csrpStatic)
        if slot.dcsrpBand > 0 {
            p.dcsrpBand = DCSRPBand.allCases[Int(slot.dcsrpBand) - 1]
            p.dcsrpScore = FixedDecimal(millionths: Int64(slot.latent[15]) * 10_000)
        }
        if x.liferReleaseDay != TierInputs.noDay { p.liferReleaseDate = CivilDate(dayNumber: Int(x.liferReleaseDay)) }
        p.everSexualOffence = x.has(TierInputs.everSexualOffence)
        p.activeEvent = x.has(TierInputs.activeEvent)
        return p
    }
}
