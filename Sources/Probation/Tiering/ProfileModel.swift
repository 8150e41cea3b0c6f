// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// How strongly an attribute of the profile follows the two latent factors of the profile
/// model: `harm` (risk of serious harm) and `reoffending` (likelihood of reoffending and
/// criminogenic need). See docs/tiering.md, "The profile model".
public struct Loadings: Sendable, Hashable {
    public var harm: Double
    public var reoffending: Double
    public init(harm: Double = 0, reoffending: Double = 0) { self.harm = harm; self.reoffending = reoffending }
}

/// An attribute's distribution among cases sentenced to community orders (custody-sentenced
/// cases are shifted by ``ProfileSpec/custodyShift``).
public enum Marginal: Sendable, Hashable {
    /// A yes/no attribute: the share with it.
    case share(Double)
    /// An ordered attribute: the share at each level, lowest level first (summing to 1).
    case levels([Double])
    /// A score: its quantile function through the points (probability, value), probabilities
    /// rising from 0 to 1, interpolated linearly on the normal scale between them.
    case quantiles(probabilities: [Double], values: [Double])
}

/// One attribute of the profile model.
public struct AttributeSpec: Sendable, Hashable {
    public var marginal: Marginal
    public var loadings: Loadings
    /// Re-drawn (with persistence) at each reassessment; static attributes keep their value.
    public var dynamic: Bool
    public init(_ marginal: Marginal, _ loadings: Loadings = Loadings(), dynamic: Bool = false) {
        self.marginal = marginal; self.loadings = loadings; self.dynamic = dynamic
    }
}

/// The register codes the profile model draws (the others: `INLL` comes from ``ProfileSpec/lifer``,
/// `PRC` from ``TieringSpec/unsupervisedFrom``, `REG30` is folded into `ADVP`).
public enum DrawnRegistration: String, Sendable, Hashable, CaseIterable {
    case RMDO, ALSH, RVLN, RCCO, RCPR, RCHD, RPIR, RVAD, STRG, RTAO, IIOM, ADVP, SPO
    public var flag: Registrations { Registrations(code: rawValue)! }
}

/// The distributions a case's risk and need profile is drawn from at sentence, with the
/// correlation between attributes expressed by two correlated latent factors.
public struct ProfileSpec: Sendable, Hashable {
    /// Correlation of the harm and reoffending factors.
    public var factorCorrelation: Double
    /// Mean of the factors for custody-sentenced cases (community-sentenced cases: 0).
    public var custodyShift: Loadings
    /// RoSH levels LOW, MEDIUM, HIGH, VERY_HIGH (there is always a RoSH in the model).
    public var rosh: AttributeSpec
    /// MAPPA levels none, M1, M2, M3.
    public var mappa: AttributeSpec
    public var rsr: AttributeSpec
    public var ogrs: AttributeSpec
    public var arp: AttributeSpec
    public var csrp: AttributeSpec
    /// Each of the eight needs: NO_NEED, STANDARD, SEVERE (drawn separately, same spec).
    public var needs: AttributeSpec
    /// Registrations drawn at sentence; their shares also weigh which is added at a new-registration event.
    public var registrations: [DrawnRegistration: AttributeSpec]
    /// Women's factors: OASys parenting responsibilities and self-control answered above 0.
    public var parenting: AttributeSpec
    public var selfControl: AttributeSpec
    /// A valid OASys assessment (without one the predictors are static).
    public var assessment: AttributeSpec
    /// Community sentences with a mandate for change (custody always has one).
    public var communityMandate: AttributeSpec
    /// Ever committed a sexual offence; such cases get a DC-SRP band.
    public var sexualOffence: AttributeSpec
    /// DC-SRP bands LOW, MEDIUM, HIGH, VERY_HIGH among those who committed a sexual offence.
    public var dcsrpBands: AttributeSpec
    /// Lifer or IPP (`INLL`), custody-sentenced cases only.
    public var lifer: AttributeSpec

    public init(factorCorrelation: Double, custodyShift: Loadings, rosh: AttributeSpec, mappa: AttributeSpec,
                rsr: AttributeSpec, ogrs: AttributeSpec, arp: AttributeSpec, csrp: AttributeSpec, needs: AttributeSpec,
                registrations: [DrawnRegistration: AttributeSpec], parenting: AttributeSpec, selfControl: AttributeSpec,
                assessment: AttributeSpec, communityMandate: AttributeSpec, sexualOffence: AttributeSpec,
                dcsrpBands: AttributeSpec, lifer: AttributeSpec) {
        self.factorCorrelation = factorCorrelation; self.custodyShift = custodyShift; self.rosh = rosh
        self.mappa = mappa; self.rsr = rsr; self.ogrs = ogrs; self.arp = arp; self.csrp = csrp; self.needs = needs
        self.registrations = registrations; self.parenting = parenting; self.selfControl = selfControl
        self.assessment = assessment; self.communityMandate = communityMandate; self.sexualOffence = sexualOffence
        self.dcsrpBands = dcsrpBands; self.lifer = lifer
    }

    /// The variance of an attribute's factor part, a² + b² + 2ρab (at most 1).
    public func factorVariance(_ l: Loadings) -> Double {
        l.harm * l.harm + l.reoffending * l.reoffending + 2 * factorCorrelation * l.harm * l.reoffending
    }
}

/// Which calculator's tier weighs a case in the WMT and decides which grades may hold it.
public enum TierModelVersion: String, Sendable, Hashable, CaseIterable {
    case v2, v3
}

/// The computed tiering model: profiles, reassessment, and the calculator in force.
public struct TieringSpec: Sendable, Hashable {
    public var profiles: ProfileSpec
    /// Days between scheduled reassessments (OASys reviews) of a case on the caseload.
    public var reassessmentIntervalDays: Double
    /// Correlation of a dynamic attribute's own part between one assessment and the next.
    public var persistence: Double
    /// Whether release from custody triggers a reassessment.
    public var reassessOnRelease: Bool
    /// Breaches and recalls per case per year on the caseload (each triggers a reassessment and
    /// sets `previousEnforcement`).
    public var enforcementPerYear: Double
    /// New registrations per case per year (each adds one and triggers a reassessment).
    public var registrationsPerYear: Double
    /// The calculator in force at the start.
    public var calculator: TierModelVersion
    /// The day v3 tiers start to weigh cases (nil: never).
    public var switchToV3: CivilDate?
    /// How each v3 tier A … G is weighted: as the v2 tier given (its WMT points, and the
    /// grades that may hold it). An assumption until HMPPS publishes v3 weightings.
    public var v3Weighting: [Tier]
    /// From this day licence cases past ``unsupervisedAfter`` of their licence carry `PRC` (the `S` tiers).
    public var unsupervisedFrom: CivilDate?
    public var unsupervisedAfter: Double

    public init(profiles: ProfileSpec, reassessmentIntervalDays: Double = 364, persistence: Double = 0.8,
                reassessOnRelease: Bool = true, enforcementPerYear: Double = 0, registrationsPerYear: Double = 0,
                calculator: TierModelVersion = .v2, switchToV3: CivilDate? = nil,
                v3Weighting: [Tier] = [.a2, .b2, .c3, .c2, .c1, .d2, .d1],
                unsupervisedFrom: CivilDate? = nil, unsupervisedAfter: Double = 2.0 / 3) {
        self.profiles = profiles; self.reassessmentIntervalDays = reassessmentIntervalDays
        self.persistence = persistence; self.reassessOnRelease = reassessOnRelease
        self.enforcementPerYear = enforcementPerYear; self.registrationsPerYear = registrationsPerYear
        self.calculator = calculator; self.switchToV3 = switchToV3; self.v3Weighting = v3Weighting
        self.unsupervisedFrom = unsupervisedFrom; self.unsupervisedAfter = unsupervisedAfter
    }
}

/// A yes/no or ordered attribute made ready for drawing: loadings, the residual standard
/// deviation and up to three thresholds on the normal scale (no arrays: drawing it touches
/// no reference counts).
struct CompiledAttribute {
    let harm: Double
    let reoffending: Double
    let residual: Double
    /// A draw x is at level k when it is above k of the thresholds (t0 < t1 < t2; nt of them).
    let t0: Double, t1: Double, t2: Double
    let nt: Int
    /// The share of a yes/no attribute.
    let share: Double

    init(_ a: AttributeSpec, correlation rho: Double) {
        harm = a.loadings.harm
        reoffending = a.loadings.reoffending
        let v = harm * harm + reoffending * reoffending + 2 * rho * harm * reoffending
        residual = max(0, 1 - v).squareRoot()
        var t: [Double] = []
        var sh = 0.0
        switch a.marginal {
        case .share(let s):
            t = [standardNormalQuantile(1 - s)]
            sh = s
        case .levels(let shares):
            var cum = 0.0
            for s in shares.dropLast().prefix(3) { cum += s; t.append(standardNormalQuantile(min(cum, 1))) }
        case .quantiles:
            break
        }
        share = sh
        nt = t.count
        t0 = t.count > 0 ? t[0] : .infinity
        t1 = t.count > 1 ? t[1] : .infinity
        t2 = t.count > 2 ? t[2] : .infinity
        thresholds = SIMD4(t0, t1, t2, .infinity)
    }

    /// t0, t1, t2 and +∞, for ``counted(_:)``.
    let thresholds: SIMD4<Double>

    /// The normal score of a draw with factors (h, r) and own part e.
    @inline(__always) func score(_ h: Double, _ r: Double, _ e: Double) -> Double {
        harm * h + reoffending * r + residual * e
    }

    /// The level (0 … 3) of a score.
    @inline(__always) func level(_ x: Double) -> Int {
        (x > t0 ? 1 : 0) + (x > t1 ? 1 : 0) + (x > t2 ? 1 : 0)
    }

    /// ``level(_:)`` without a branch: the thresholds below the score counted in one vector
    /// comparison (`t < x` is `x > t`, NaN and signed zeros included; the fourth lane, +∞, is
    /// below no score). The compiler made the three comparisons of ``level(_:)`` a tree of
    /// branches, mispredicted whenever a case's level differed from the last one's (RoSH at
    /// every draw and reassessment, MAPPA and the DC-SRP band at every draw).
    @inline(__always) func counted(_ x: Double) -> Int {
        let below = thresholds .< SIMD4(repeating: x)
        return Int(truncatingIfNeeded: SIMD4<Int64>(repeating: 0).replacing(with: 1, where: below).wrappedSum())
    }

    /// Yes or no for a score.
    @inline(__always) func yes(_ x: Double) -> Bool { x > t0 }

    /// Yes or no, drawn for factors (h, r): an attribute that loads on neither factor needs
    /// only a uniform draw (the same distribution as its normal score's threshold).
    @inline(__always) func draw(_ h: Double, _ r: Double, _ s: RandomStream, _ normal: NormalZiggurat) -> Bool {
        if harm == 0 && reoffending == 0 { return s.uniform() < share }
        return yes(score(h, r, normal.sample(s)))
    }

    /// Whether ``draw(_:_:_:_:)`` draws a uniform (the attribute loads on neither factor)
    /// rather than a normal own part.
    var drawsUniform: Bool { harm == 0 && reoffending == 0 }

    /// ``draw(_:_:_:_:)``'s answer for the number it drew, `e` (a uniform when
    /// ``drawsUniform``, else a standard normal): the same comparison on the same number.
    @inline(__always) func yes(_ h: Double, _ r: Double, drawn e: Double) -> Bool {
        if harm == 0 && reoffending == 0 { return e < share }
        return yes(score(h, r, e))
    }

    /// ``draw(_:_:_:_:)`` through a cursor on the stream: the same numbers, the same answer.
    @inline(__always) func draw(_ h: Double, _ r: Double, _ c: inout GeneratorCursor, _ normal: NormalZiggurat) -> Bool {
        if harm == 0 && reoffending == 0 { return c.uniform() < share }
        return yes(score(h, r, normal.sample(&c)))
    }
}

/// A yes/no attribute packed for the draw's loop over the registrations: what
/// ``CompiledAttribute/draw(_:_:_:_:)`` reads, and the flag a yes sets.
struct PackedYesNo {
    var harm: Double
    var reoffending: Double
    var residual: Double
    /// The threshold, with −0 made +0 (see ``flag(_:_:_:_:)``).
    var t0: Double
    var share: Double
    var flag: UInt32
    /// Loads on neither factor: one uniform draw against ``share``.
    var uniformOnly: Bool

    init(_ a: CompiledAttribute, flag: UInt32) {
        harm = a.harm; reoffending = a.reoffending; residual = a.residual
        t0 = a.t0 + 0.0   // −0 + 0 is +0; every other value is unchanged
        share = a.share
        self.flag = flag
        uniformOnly = a.harm == 0 && a.reoffending == 0
    }

    /// Whether the sign-bit answer below is exact for this attribute: no NaN threshold or share.
    var exact: Bool { !t0.isNaN && !share.isNaN }

    /// ``flag`` when ``CompiledAttribute/draw(_:_:_:_:)`` says yes, else 0, drawing the same
    /// numbers, without a branch on the answer (a mispredicted branch about every other
    /// profile). `u < share` and `score > t0` are read from the sign of `u − share` and of
    /// `t0 − score`: a difference of two doubles is 0 only when they are equal (gradual
    /// underflow), and then it is +0, except −0 − (+0); with t0 never −0 (and u never −0)
    /// that cannot happen. Infinite thresholds give infinite differences of the right sign;
    /// scores and uniforms are finite. Only for ``exact`` attributes.
    @inline(__always) func flag(_ h: Double, _ r: Double, _ c: inout GeneratorCursor, _ normal: NormalZiggurat) -> UInt32 {
        let d: Double
        if uniformOnly {
            d = c.uniform() - share
        } else {
            d = t0 - (harm * h + reoffending * r + residual * normal.sample(&c))
        }
        return flag & UInt32(truncatingIfNeeded: Int64(bitPattern: d.bitPattern) >> 63)
    }
}

/// The drawn registrations side by side, one to a lane (at most 16), so that all of them are
/// answered at once from the numbers drawn for them: lane k does
/// ``PackedYesNo/flag(_:_:_:_:)``'s arithmetic for registration k on the number drawn for it
/// (the same operations in the same order on the same numbers, so the same answer), and the
/// flags of the lanes that say yes are added up. Lanes past the registrations carry no flag.
/// (One at a time, with a sampler inlined in each, the registrations were some 650
/// instructions of a profile's draw; this is about a tenth of that.)
struct RegistrationLanes {
    let harm, reoffending, residual, t0, share: SIMD16<Double>
    /// Lanes that draw a uniform (the attribute loads on neither factor).
    let uniform: SIMDMask<SIMD16<Int64>>
    let flags: SIMD16<UInt64>

    /// nil unless every entry is exact (``PackedYesNo/exact``), there are at most 16 and no
    /// two share a flag (the lanes' flags are added up: that is their union only then).
    init?(_ entries: [PackedYesNo]) {
        guard entries.count <= 16, entries.allSatisfy(\.exact) else { return nil }
        var seen: UInt32 = 0
        for e in entries {
            guard e.flag & seen == 0 else { return nil }
            seen |= e.flag
        }
        var h = SIMD16<Double>(), r = SIMD16<Double>(), res = SIMD16<Double>(), t = SIMD16<Double>(), sh = SIMD16<Double>()
        var u = SIMDMask<SIMD16<Int64>>(), f = SIMD16<UInt64>()
        for (k, e) in entries.enumerated() {
            h[k] = e.harm; r[k] = e.reoffending; res[k] = e.residual; t[k] = e.t0; sh[k] = e.share
            u[k] = e.uniformOnly; f[k] = UInt64(e.flag)
        }
        harm = h; reoffending = r; residual = res; t0 = t; share = sh; uniform = u; flags = f
    }

    /// The flags of the registrations that say yes, for factors (h, r) and the numbers drawn
    /// for them, `e` (lane k for registration k: a uniform where ``uniform``, else a normal
    /// own part). As ``PackedYesNo/flag(_:_:_:_:)``: yes when `u − share`, or `t0 − score`,
    /// has its sign bit set.
    @inline(__always) func flags(_ h: Double, _ r: Double, drawn e: SIMD16<Double>) -> UInt32 {
        let score = (harm * h + reoffending * r) + residual * e
        let d = (t0 - score).replacing(with: e - share, where: uniform)
        let yes = unsafeBitCast(d, to: SIMD16<UInt64>.self) &>> 63
        return UInt32(truncatingIfNeeded: (flags & (SIMD16<UInt64>() &- yes)).wrappedSum())
    }
}

/// A score attribute made ready for drawing: its quantile points on the normal scale.
struct CompiledScore {
    let harm: Double
    let reoffending: Double
    let residual: Double
    /// Value at normal score z by linear interpolation through (zs, values): segment k (between
    /// points k − 1 and k) is values[k − 1] + slopes[k]·(z − zs[k − 1]).
    let zs: [Double]
    let values: [Double]
    let slopes: [Double]

    init(_ a: AttributeSpec, correlation rho: Double) {
        harm = a.loadings.harm
        reoffending = a.loadings.reoffending
        let v = harm * harm + reoffending * reoffending + 2 * rho * harm * reoffending
        residual = max(0, 1 - v).squareRoot()
        if case .quantiles(let ps, let vs) = a.marginal {
            // Probabilities 0 and 1 stand for the 0.1st and 99.9th percentiles: draws beyond take the end values.
            zs = ps.map { standardNormalQuantile(min(max($0, 0.001), 0.999)) }
            values = vs
        } else {
            zs = [0]; values = [0]
        }
        var sl = [Double](repeating: 0, count: zs.count)
        for k in zs.indices.dropFirst() where zs[k] > zs[k - 1] { sl[k] = (values[k] - values[k - 1]) / (zs[k] - zs[k - 1]) }
        slopes = sl
        ordered = zs.allSatisfy(\.isFinite) && zip(zs, zs.dropFirst()).allSatisfy { $0 <= $1 }
        table = zs + values + sl
        pointCount = zs.count
        var inner = SIMD8<Double>(repeating: .infinity)
        let n = zs.count
        fixedCount = ordered && n >= 2 && n - 2 <= 8
        if fixedCount { for i in 1..<(n - 1) { inner[i - 1] = zs[i] } }
        innerPoints = inner
    }

    /// ``zs``, ``values`` and ``slopes`` one after another in one array (read through one
    /// buffer pointer: no bounds check or retain per element).
    let table: [Double]
    /// The number of points (``zs``'s count).
    let pointCount: Int
    /// The inner points zs[1] … zs[n − 2], the lanes beyond them +∞, when ``fixedCount``.
    let innerPoints: SIMD8<Double>
    /// Whether the points are in order and there are at most 8 inner points: then the
    /// segment is counted over the eight lanes of ``innerPoints`` at once (a lane of +∞ is
    /// never below a finite score), with no loop.
    let fixedCount: Bool

    /// Whether `zs` is finite and never falls (so ``value(_:)`` may find a score's segment by
    /// counting).
    let ordered: Bool

    @inline(__always) func score(_ h: Double, _ r: Double, _ e: Double) -> Double {
        harm * h + reoffending * r + residual * e
    }

    /// The value of a score: below the first point the first value, above the last the last
    /// value, else on segment k, the first k ≥ 1 with zs[k] ≥ x (a flat segment, zs[k] equal
    /// to zs[k − 1], gives values[k]).
    ///
    /// With `zs` in order, k is 1 plus the number of inner points zs[1] … zs[n − 2] below x
    /// (those are the first of them), counted without a branch on each: searching for it
    /// branched on where the score fell, a different place each draw, so the search's exit
    /// was mispredicted about once a call. zs[i] < x is read from the sign of zs[i] − x (for
    /// finite x, rounding keeps the sign of the exact difference, and an exact 0 is +0),
    /// since the compiler turns a comparison's 0 or 1 back into a branch.
    ///
    /// With at most 8 inner points (``fixedCount``; the national scores have 4 and 5) the
    /// count is made over a vector of eight lanes at once, and the points, values and slopes
    /// are read from one buffer (``table``) without bounds checks: the same k and the same
    /// arithmetic on the same numbers.
    @inline(__always) func value(_ x: Double) -> Double {
        table.withUnsafeBufferPointer { t in
            let n = pointCount
            let z = t.baseAddress.unsafelyUnwrapped, v = z + n, sl = v + n
            if x <= z[0] { return v[0] }
            if x >= z[n - 1] { return v[n - 1] }
            var k = 1
            if _fastPath(fixedCount && x.isFinite) {
                let d = innerPoints - SIMD8(repeating: x)
                k &+= Int(truncatingIfNeeded: (unsafeBitCast(d, to: SIMD8<UInt64>.self) &>> 63).wrappedSum())
            } else {
                k = Self.segment(x, z, n, ordered: ordered)
            }
            return z[k] > z[k - 1] ? v[k - 1] + sl[k] * (x - z[k - 1]) : v[k]
        }
    }

    /// ``value(_:)``'s segment for a score within the points when they are more than
    /// ``fixedCount`` allows or `x` is not finite (never, for the shipped scenarios): out of
    /// line, so the common path's code stays short where it is inlined.
    @inline(never) private static func segment(_ x: Double, _ z: UnsafePointer<Double>, _ n: Int, ordered: Bool) -> Int {
        var k = 1
        if ordered && x.isFinite {
            for i in stride(from: 1, to: n - 1, by: 1) { k &+= Int(truncatingIfNeeded: (z[i] - x).bitPattern >> 63) }
        } else {
            while z[k] < x { k += 1 }
        }
        return k
    }

    /// The score at which ``value(_:)`` × 100 stops being below `t`: a double `c` such that,
    /// for every finite score `s`, `s < c` exactly when `value(s) * 100 - t` is negative (its
    /// sign bit set, as ``TieringState/codes(rsr:arp:csrp:)`` reads it); nil when no single
    /// cut says so, or when it cannot be shown here.
    ///
    /// Why one comparison can stand for the value's arithmetic. Order the doubles totally,
    /// −0 just below +0 (``orderKey(_:)``). ``value(_:)`` counts the inner points below a score
    /// by the sign of `z − x`, which is that total order exactly (−0 − (+0) is −0), so it splits
    /// the doubles into pieces: up to the first point, each segment between points, from the
    /// last point on. On each piece it is one formula, `v + s·(x − z)` or a constant, and with
    /// slopes s ≥ 0 every operation in it (a rounded subtraction, product and sum, then × 100
    /// and − t) is monotone: so on each piece "not below t" is false up to some double and
    /// true from it on, found exactly by bisection over the piece's doubles. If from the first
    /// double where it holds it holds at the start of every later piece (so on the whole of
    /// each), it holds exactly from that double on. The cut is then that double; the total
    /// order and `<` agree except at ±0, so a cut at +0 (where −0 would be below it in the one
    /// and not the other) is refused. The values must be finite and below 2²⁹/100 in size, so
    /// that the codes never take their path for huge scores, and the end points must not be
    /// zero (``value(_:)`` tests them with `<=` and `>=`, which do not tell ±0 apart).
    func cut(hundredths t: Double) -> Double? {
        let n = pointCount
        guard ordered, n >= 2, t.isFinite, t != 0, zs[0] != 0, zs[n - 1] != 0,
              values.allSatisfy({ $0.isFinite && $0.magnitude * 100 < 0x1p29 }), slopes.allSatisfy({ $0 >= 0 })
        else { return nil }
        @inline(__always) func notBelow(_ key: Int64) -> Bool {
            (value(Self.double(orderKey: key)) * 100 - t).sign == .plus
        }
        // The pieces, as ranges of keys.
        var pieces: [(Int64, Int64)] = [(Self.orderKey(-.infinity), Self.orderKey(zs[0]))]
        if n >= 3 { for k in 1...(n - 2) { pieces.append((Self.orderKey(zs[k - 1]) + 1, Self.orderKey(zs[k]))) } }
        pieces.append((Self.orderKey(zs[n - 2]) + 1, Self.orderKey(zs[n - 1]) - 1))
        pieces.append((Self.orderKey(zs[n - 1]), Self.orderKey(.infinity)))
        var cut: Int64?
        for (a, b) in pieces where a <= b {
            if cut != nil {
                guard notBelow(a) else { return nil }
                continue
            }
            guard notBelow(b) else { continue }
            var lo = a, hi = b   // the least key of lo … hi where it holds (it holds at hi)
            while lo < hi {
                let mid = lo &+ Int64(bitPattern: UInt64(bitPattern: hi &- lo) / 2)
                if notBelow(mid) { hi = mid } else { lo = mid &+ 1 }
            }
            cut = lo
        }
        guard let c = cut else { return .infinity }   // below t everywhere
        guard c != 0 else { return nil }              // +0: see above
        return Self.double(orderKey: c)
    }

    /// The doubles in a total order as integers: −∞ … −0, then +0 … +∞ (NaN beyond).
    static func orderKey(_ x: Double) -> Int64 {
        let b = Int64(bitPattern: x.bitPattern & 0x7FFF_FFFF_FFFF_FFFF)
        return x.sign == .minus ? -1 - b : b
    }

    /// The double of ``orderKey(_:)``.
    static func double(orderKey k: Int64) -> Double {
        k >= 0 ? Double(bitPattern: UInt64(k)) : -Double(bitPattern: UInt64(-1 - k))
    }
}
