// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// A profile reduced to what the two calculators read: small integer codes and flags, no
/// optionals, strings or heap storage (20 bytes). The simulator keeps one for every case and
/// recomputes tiers from it; ``TierV2Calculator`` and ``TierV3Calculator`` compute every
/// profile (files given to `caseflow tier` too) through these codes, so there is one
/// implementation of the rules. Scores are reduced, exactly, to the band the calculators
/// compare them with: RSR's protect points, the v3 table's CSRP row and ARP column, and the
/// DC-SRP step's result.
public struct TierInputs: Sendable, Hashable {
    /// The registrations.
    public var registrations: Registrations
    /// Flags: the `static let` bit masks below.
    public var flags: UInt16
    /// RoSH: 0 none, 1 low, 2 medium, 3 high, 4 very high.
    public var rosh: UInt8
    /// MAPPA: 0 none, 1 … 4 for M1 … M4.
    public var mappa: UInt8
    /// The eight needs' severities, two bits each (``NeedSeverities/packed``).
    public var needs: UInt16
    /// Protect points for the RSR score: 0, 10 or 20.
    public var rsrPoints: UInt8
    /// The v3 table's row (CSRP: 0 is ≥ 6.9 … 4 is ≥ 0) and column (ARP: 0 is ≥ 90 … 5 is ≥ 0).
    public var csrpRow: UInt8
    public var arpColumn: UInt8
    /// Step 2 (DC-SRP) of the v3 calculation: its tier's raw value, 0 when it gives nothing.
    public var dcsrpStep: UInt8
    /// OGRS % ÷ 10 (integer division; absent = 0).
    public var ogrsTens: Int32
    /// The day number (days since 1970-01-01) of a lifer's latest release; ``noDay`` when absent.
    public var liferReleaseDay: Int32

    public static let female: UInt16 = 1 << 0
    public static let previousEnforcement: UInt16 = 1 << 1
    public static let hasAssessment: UInt16 = 1 << 2
    public static let mandateForChange: UInt16 = 1 << 3
    /// OASys Q6.9 parenting responsibilities scored above 0.
    public static let parenting: UInt16 = 1 << 4
    /// OASys Q11.2 impulsivity or Q11.4 temper control scored above 0.
    public static let selfControl: UInt16 = 1 << 5
    public static let everSexualOffence: UInt16 = 1 << 6
    public static let activeEvent: UInt16 = 1 << 7
    public static let arpStatic: UInt16 = 1 << 8
    public static let csrpStatic: UInt16 = 1 << 9
    public static let hasARP: UInt16 = 1 << 10
    public static let hasCSRP: UInt16 = 1 << 11
    /// No lifer release date.
    public static let noDay = Int32.min

    public init() {
        registrations = []; flags = 0; rosh = 0; mappa = 0; needs = 0; rsrPoints = 0; csrpRow = 0; arpColumn = 0
        dcsrpStep = 0; ogrsTens = 0; liferReleaseDay = Self.noDay
    }

    /// The codes of a profile; `dcsrpStep` is step 2's result (``TierV3Calculator/sexualReoffending(score:band:)``).
    public init(_ p: RiskNeedProfile, dcsrpStep: TierV3? = nil) {
        self.init()
        registrations = p.registrations
        var f: UInt16 = 0
        if p.female { f |= Self.female }
        if p.previousEnforcement { f |= Self.previousEnforcement }
        if p.hasAssessment { f |= Self.hasAssessment }
        if p.mandateForChange { f |= Self.mandateForChange }
        if (p.parentingResponsibilities ?? 0) > 0 { f |= Self.parenting }
        if (p.impulsivity ?? 0) > 0 || (p.temperControl ?? 0) > 0 { f |= Self.selfControl }
        if p.everSexualOffence { f |= Self.everSexualOffence }
        if p.activeEvent { f |= Self.activeEvent }
        if p.arpStatic { f |= Self.arpStatic }
        if p.csrpStatic { f |= Self.csrpStatic }
        if p.arp != nil { f |= Self.hasARP }
        if p.csrp != nil { f |= Self.hasCSRP }
        flags = f
        rosh = Self.roshCode(p.rosh)
        mappa = Self.mappaCode(p.mappa)
        needs = p.needs.packed
        rsrPoints = UInt8(TierV2Calculator.rsrPoints(p.rsr))
        let (row, column) = TierV3Calculator.cell(arp: p.arp, csrp: p.csrp)
        csrpRow = UInt8(row); arpColumn = UInt8(column)
        self.dcsrpStep = UInt8(dcsrpStep?.rawValue ?? 0)
        ogrsTens = Int32(clamping: (p.ogrs ?? 0) / 10)
        if let d = p.liferReleaseDate { liferReleaseDay = Int32(clamping: d.dayNumber) }
    }

    /// 0 none, 1 low … 4 very high.
    @inline(__always) public static func roshCode(_ r: RoSHLevel?) -> UInt8 {
        switch r {
        case nil: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .veryHigh: 4
        }
    }

    /// 0 none, 1 … 4 for M1 … M4.
    @inline(__always) public static func mappaCode(_ m: MAPPA?) -> UInt8 {
        switch m {
        case nil: 0
        case .m1: 1
        case .m2: 2
        case .m3: 3
        case .m4: 4
        }
    }

    @inline(__always) public func has(_ flag: UInt16) -> Bool { flags & flag != 0 }
}

/// The result of HMPPS's v2 tiering: a protect level A–D with its points, a change level
/// 0–3 with its points, and the `S` suffix for unsupervised (`PRC`) cases.
public struct TierV2Result: Sendable, Hashable {
    /// The protect (risk of harm) letter, `A` … `D`.
    public var protectLevel: Character
    /// Protect points (RSR or RoSH, whichever is higher, + MAPPA + complexity + women's factors).
    public var protectPoints: Int
    /// The change (complexity) level, 0 … 3.
    public var changeLevel: Int
    /// Change points (needs + OGRS ÷ 10 + IOM); 0 with no mandate or no assessment.
    public var changePoints: Int
    /// Whether the tier carries the `S` suffix (a `PRC` registration).
    public var unsupervised: Bool

    /// The tier without the suffix, e.g. `B2`.
    public var tier: Tier { Tier(riskLetter: protectLevel, complexity: changeLevel)! }
    /// The tier as hmpps-tier writes it, e.g. `B2` or `B2S`.
    public var label: String { tier.rawValue + (unsupervised ? "S" : "") }
}

/// HMPPS's v2 tier calculation (hmpps-tier `ProtectLevelCalculator`, `ChangeLevelCalculator`,
/// `AdditionalFactorsForWomen`, `TierV2Reader`), rule for rule. See docs/tiering.md.
public enum TierV2Calculator {
    /// The protect level A lower threshold (also the points for RoSH very high and MAPPA M2/M3).
    public static let levelAThreshold = 150

    // RSR bands. hmpps-tier builds its thresholds with `BigDecimal(double)`, i.e. the exact
    // binary values of 7.00, 99.99, 3.00 and 6.99: 99.99 becomes 99.98999999999999488…,
    // so an RSR of exactly 99.99 is outside the 20-point band, and 6.99 becomes
    // 6.99000000000000021…, so 6.99 is inside the 10-point band while 6.991 … 6.999 score 0.
    // At the six decimal places Caseflow reads, those bands are exactly these:
    /// 20 points: 7.000000 ≤ RSR ≤ 99.989999.
    public static let rsrBandB = FixedDecimal(millionths: 7_000_000)...FixedDecimal(millionths: 99_989_999)
    /// 10 points: 3.000000 ≤ RSR ≤ 6.990000.
    public static let rsrBandC = FixedDecimal(millionths: 3_000_000)...FixedDecimal(millionths: 6_990_000)

    /// Protect points for an RSR score (absent = 0, as hmpps-tier).
    public static func rsrPoints(_ rsr: FixedDecimal?) -> Int {
        let r = rsr ?? FixedDecimal(0)
        if rsrBandB.contains(r) { return 20 }
        if rsrBandC.contains(r) { return 10 }
        return 0
    }

    /// Protect points for a RoSH level: 150 / 20 / 10 / 0 (low or none).
    public static func roshPoints(_ rosh: RoSHLevel?) -> Int {
        switch rosh {
        case .veryHigh: levelAThreshold
        case .high: 20
        case .medium: 10
        case .low, nil: 0
        }
    }

    /// Protect points for a MAPPA level: M3 or M2 → 150, M1 → 5, none (or M4, which is not a
    /// level in hmpps-tier) → 0.
    public static func mappaPoints(_ mappa: MAPPA?) -> Int {
        switch mappa {
        case .m3, .m2: levelAThreshold
        case .m1: 5
        case .m4, nil: 0
        }
    }

    /// The women's factors: for women only, 2 if OASys Q6.9 (parenting responsibilities)
    /// scores above 0, 2 if Q11.2 (impulsivity) or Q11.4 (temper control) does (once), and 2
    /// for previous enforcement activity (breach or recall). The OASys answers count only
    /// when there is an assessment to hold them.
    public static func womensFactorPoints(_ p: RiskNeedProfile) -> Int { womensFactorPoints(TierInputs(p)) }

    /// The women's factors from a profile's codes.
    @inline(__always) public static func womensFactorPoints(_ x: TierInputs) -> Int {
        guard x.has(TierInputs.female) else { return 0 }
        var points = x.has(TierInputs.previousEnforcement) ? 2 : 0
        if x.has(TierInputs.hasAssessment) {
            if x.has(TierInputs.parenting) { points += 2 }
            if x.has(TierInputs.selfControl) { points += 2 }
        }
        return points
    }

    /// Protect points by RoSH code (none, low, medium, high, very high) and by MAPPA code
    /// (none, M1 … M4): ``roshPoints(_:)`` and ``mappaPoints(_:)`` as lookups.
    @inline(__always) static func roshPoints(code k: UInt8) -> Int {
        switch k {
        case 2: 10
        case 3: 20
        case 4: levelAThreshold
        default: 0
        }
    }

    @inline(__always) static func mappaPoints(code k: UInt8) -> Int {
        switch k {
        case 1: 5
        case 2, 3: levelAThreshold
        default: 0
        }
    }

    /// Protect points: all factors added, then the lower of the RSR and RoSH points taken
    /// away (only the higher of the two counts).
    public static func protectPoints(_ p: RiskNeedProfile) -> Int { protectPoints(TierInputs(p)) }

    /// Protect points from a profile's codes.
    @inline(__always) public static func protectPoints(_ x: TierInputs) -> Int {
        max(Int(x.rsrPoints), roshPoints(code: x.rosh)) + mappaPoints(code: x.mappa)
            + 2 * x.registrations.complexityFactorCount + womensFactorPoints(x)
    }

    /// The protect letter for some points: ≥ 150 A, 20–149 B, 10–19 C, below 10 D.
    public static func protectLevel(points: Int) -> Character {
        if points >= levelAThreshold { return "A" }
        if points >= 20 { return "B" }
        if points >= 10 { return "C" }
        return "D"
    }

    /// Change points and level: no mandate for change → level 0 (0 points); no valid
    /// assessment → level 2 (0 points); otherwise needs (Σ weight × severity) + OGRS ÷ 10
    /// (integer division) + 2 for an IOM nominal, with ≥ 20 → 3, 10–19 → 2, below 10 → 1.
    public static func change(_ p: RiskNeedProfile) -> (level: Int, points: Int) { change(TierInputs(p)) }

    /// Change level and points from a profile's codes.
    @inline(__always) public static func change(_ x: TierInputs) -> (level: Int, points: Int) {
        guard x.has(TierInputs.mandateForChange) else { return (0, 0) }
        guard x.has(TierInputs.hasAssessment) else { return (2, 0) }
        let points = NeedSeverities.weightedScore(packed: x.needs) + Int(x.ogrsTens)
            + (x.registrations.contains(.iom) ? 2 : 0)
        return (points >= 20 ? 3 : points >= 10 ? 2 : 1, points)
    }

    /// The v2 tier of a profile.
    public static func calculate(_ p: RiskNeedProfile) -> TierV2Result { calculate(TierInputs(p)) }

    /// The v2 tier from a profile's codes.
    @inline(__always) public static func calculate(_ x: TierInputs) -> TierV2Result {
        let protect = protectPoints(x)
        let (level, changePoints) = change(x)
        return TierV2Result(protectLevel: protectLevel(points: protect), protectPoints: protect,
                            changeLevel: level, changePoints: changePoints,
                            unsupervised: x.registrations.contains(.unsupervised))
    }

    /// The v2 tier (without the suffix) from a profile's codes: ``calculate(_:)-(TierInputs)``'s
    /// tier without building its letter.
    ///
    /// The same rules without branches on the answers (the simulator computes a tier at every
    /// sentence and reassessment, and branches on a case's attributes were mispredicted): RoSH's
    /// and MAPPA's points read from a byte of a constant each (codes 0 … 4; a code beyond
    /// shifts out to 0, as the lookups' default), the women's factors and the change level
    /// from the flags' bits, the thresholds counted.
    @inline(__always) public static func tier(_ x: TierInputs) -> Tier {
        let f = Int(x.flags)
        @inline(__always) func bit(_ mask: UInt16) -> Int { f & Int(mask) == 0 ? 0 : 1 }
        @inline(__always) func atLeast(_ v: Int, _ t: Int) -> Int { v >= t ? 1 : 0 }
        // Protect points (``protectPoints(_:)-(TierInputs)``): RoSH none, low 0, medium 10,
        // high 20, very high 150; MAPPA none 0, M1 5, M2 and M3 150, M4 0.
        let roshPoints = Int(truncatingIfNeeded: (0x96_14_0A_00_00 as UInt64) >> (8 &* UInt64(x.rosh))) & 0xFF
        let mappaPoints = Int(truncatingIfNeeded: (0x96_96_05_00 as UInt64) >> (8 &* UInt64(x.mappa))) & 0xFF
        let women = 2 &* bit(TierInputs.female) &* (bit(TierInputs.previousEnforcement)
            &+ bit(TierInputs.hasAssessment) &* (bit(TierInputs.parenting) &+ bit(TierInputs.selfControl)))
        let protect = max(Int(x.rsrPoints), roshPoints) &+ mappaPoints &+ 2 &* x.registrations.complexityFactorCount &+ women
        let letter = 3 &- atLeast(protect, 10) &- atLeast(protect, 20) &- atLeast(protect, levelAThreshold)
        // Change level (``change(_:)-(TierInputs)``): 0 without a mandate, 2 without an
        // assessment, else 1, 2 or 3 by points.
        let points = NeedSeverities.weightedScore(packed: x.needs) &+ Int(x.ogrsTens)
            &+ 2 &* (x.registrations.contains(.iom) ? 1 : 0)
        let assessed = bit(TierInputs.hasAssessment)
        let level = bit(TierInputs.mandateForChange) &* (assessed &* (1 &+ atLeast(points, 10) &+ atLeast(points, 20))
            &+ (1 &- assessed) &* 2)
        return Tier.inColumnOrder[letter &* 4 &+ 3 &- level]
    }
}

/// A tier of HMPPS's v3 model: A (highest) … G, or one of the two outcomes that are not
/// tiers. `Comparable` in hmpps-tier's order: NOT_SUPERVISED < MISSING < G < F < … < A.
public enum TierV3: Int, Sendable, Hashable, CaseIterable, Comparable, Codable, CustomStringConvertible {
    case notSupervised = 0, missing, g, f, e, d, c, b, a

    /// The seven tiers A … G, highest first.
    public static let tiers: [TierV3] = [.a, .b, .c, .d, .e, .f, .g]

    /// `A` … `G`, `NOT_SUPERVISED` or `MISSING`.
    public var name: String {
        switch self {
        case .notSupervised: "NOT_SUPERVISED"
        case .missing: "MISSING"
        case .g: "G"
        case .f: "F"
        case .e: "E"
        case .d: "D"
        case .c: "C"
        case .b: "B"
        case .a: "A"
        }
    }

    /// Parses ``name`` (case-insensitive), or nil.
    public init?(name: String) {
        let t = name.trimmingCharacters(in: .whitespaces).uppercased()
        guard let v = TierV3.allCases.first(where: { $0.name == t }) else { return nil }
        self = v
    }

    /// `TierV3(rawValue: Int(r))!` inline for the seven tiers (raw values 2 … 8, the only ones
    /// ``TierV3Calculator/calculate(_:cutoffs:)`` makes): the initialiser was a call at every
    /// reassessment.
    @inline(__always) static func tier(raw r: UInt8) -> TierV3 {
        switch r {
        case 2: .g
        case 3: .f
        case 4: .e
        case 5: .d
        case 6: .c
        case 7: .b
        case 8: .a
        default: TierV3(rawValue: Int(r))!
        }
    }

    /// Whether this is one of the seven tiers (not NOT_SUPERVISED or MISSING).
    public var isTier: Bool { rawValue >= TierV3.g.rawValue }
    /// 0 for A … 6 for G (only for tiers).
    public var tierIndex: Int { TierV3.a.rawValue - rawValue }

    public static func < (a: TierV3, b: TierV3) -> Bool { a.rawValue < b.rawValue }
    public var description: String { name }
}

/// The result of HMPPS's v3 tiering.
public struct TierV3Result: Sendable, Hashable {
    public var tier: TierV3
    /// Whether the tier is provisional (static predictors, or a missing RoSH, that other
    /// steps do not override).
    public var provisional: Bool
    public init(tier: TierV3, provisional: Bool = false) { self.tier = tier; self.provisional = provisional }
}

/// Where hmpps-tier's v3 calculation fails instead of giving a tier.
public enum TierV3Failure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A DC-SRP in the medium band with a score below 0.60, the lowest medium threshold
    /// (hmpps-tier: "Unexpected combination of DC-SRP score and band").
    case dcsrpMediumBelowThresholds(FixedDecimal)

    public var description: String {
        switch self {
        case .dcsrpMediumBelowThresholds(let s):
            "DC-SRP band MEDIUM with score \(s), below the lowest medium threshold 0.60: hmpps-tier fails here (\"Unexpected combination of DC-SRP score and band\") and gives no tier"
        }
    }
}

/// HMPPS's v3 tier calculation (hmpps-tier `TierCalculator`, `ReoffendingPredictorTable`,
/// `ProvisionalStatusCalculator`), rule for rule. See docs/tiering.md.
public enum TierV3Calculator {
    /// CSRP row thresholds, highest first: 6.9, 3.0, 1.0, 0.5, 0.
    public static let csrpThresholds = [6_900_000, 3_000_000, 1_000_000, 500_000, 0].map { FixedDecimal(millionths: Int64($0)) }
    /// ARP column thresholds, highest first: 90, 75, 50, 25, 15, 0.
    public static let arpThresholds = [90, 75, 50, 25, 15, 0].map { FixedDecimal($0) }
    /// The ARP × CSRP table: rows CSRP (≥ 6.9 … ≥ 0), columns ARP (≥ 90 … ≥ 0).
    public static let table: [[TierV3]] = [
        [.a, .a, .b, .b, .b, .b],
        [.a, .b, .c, .c, .c, .c],
        [.b, .c, .d, .e, .e, .e],
        [.c, .d, .e, .e, .f, .f],
        [.d, .d, .e, .f, .f, .g],
    ]
    /// ``table`` flattened to raw values (row × 6 + column).
    static let tableRaw: [UInt8] = table.flatMap { $0.map { UInt8($0.rawValue) } }

    /// ``tableRaw``[k] for k in 0 ..< 30, from two constants, 4 bits an entry (entries 0 … 15
    /// and 16 … 29): the array is a lazily made global, which cost a `swift_once` call and a
    /// bounds check at every reassessment.
    @inline(__always) static func tableEntry(_ k: Int) -> UInt8 {
        let word: UInt64 = k < 16 ? 0x4567_6666_7877_7788 : 0x0023_3455_3344_5644
        return UInt8(truncatingIfNeeded: word >> (4 &* UInt64(truncatingIfNeeded: k & 15))) & 0xF
    }

    /// The row (CSRP) and column (ARP) of the table: the first threshold met (``csrpThresholds``,
    /// ``arpThresholds``). Scores below 0 (which OASys does not produce) take the last row or
    /// column; an absent score row or column 0.
    ///
    /// The thresholds fall, so the row is the number of them a score is below (and so is the
    /// column), counted without branching: the simulator finds a cell at every reassessment,
    /// and the chain of comparisons was mispredicted there, the scores falling all over the table.
    public static func cell(arp: FixedDecimal?, csrp: FixedDecimal?) -> (row: Int, column: Int) {
        @inline(__always) func below(_ x: Int64, _ t: Int64) -> Int { x < t ? 1 : 0 }
        var row = 0, column = 0
        if let c = csrp?.millionths {
            row = below(c, 6_900_000) + below(c, 3_000_000) + below(c, 1_000_000) + below(c, 500_000)
        }
        if let a = arp?.millionths {
            column = below(a, 90_000_000) + below(a, 75_000_000) + below(a, 50_000_000) + below(a, 25_000_000)
                + below(a, 15_000_000)
        }
        return (row, column)
    }

    /// Step 1: the ARP × CSRP table (nil when either is absent).
    public static func reoffending(arp: FixedDecimal?, csrp: FixedDecimal?) -> TierV3? {
        guard arp != nil, csrp != nil else { return nil }
        let (r, c) = cell(arp: arp, csrp: csrp)
        return table[r][c]
    }

    /// Step 2: DC-SRP, used when its score is above 0 and it has a band other than not
    /// applicable: very high A, high B, low E; medium C at ≥ 3.36, D at ≥ 2.11, C at ≥ 1.12,
    /// D at ≥ 0.60 (the lower pair is the "with risk reduction" scale) and a failure below.
    public static func sexualReoffending(score: FixedDecimal?, band: DCSRPBand?) throws(TierV3Failure) -> TierV3? {
        guard let score, score > FixedDecimal(0), let band, band != .notApplicable else { return nil }
        switch band {
        case .veryHigh: return .a
        case .high: return .b
        case .low: return .e
        case .notApplicable: return nil
        case .medium:
            if score >= FixedDecimal(millionths: 3_360_000) { return .c }
            if score >= FixedDecimal(millionths: 2_110_000) { return .d }
            if score >= FixedDecimal(millionths: 1_120_000) { return .c }
            if score >= FixedDecimal(millionths: 600_000) { return .d }
            throw .dcsrpMediumBelowThresholds(score)
        }
    }

    /// Step 3: MAPPA and RoSH. With a MAPPA registration: very high A, high C, medium D,
    /// low or none E; without: very high C, high D, otherwise nothing.
    public static func mappaAndRoSH(mappa: Bool, rosh: RoSHLevel?) -> TierV3? {
        let raw = mappaAndRoSH(mappa: mappa, roshCode: TierInputs.roshCode(rosh))
        return raw == 0 ? nil : TierV3(rawValue: Int(raw))
    }

    /// Step 3 on a RoSH code (``TierInputs/rosh``): the tier's raw value, 0 for nothing.
    @inline(__always) static func mappaAndRoSH(mappa: Bool, roshCode: UInt8) -> UInt8 {
        if mappa {
            switch roshCode {
            case 4: return UInt8(TierV3.a.rawValue)
            case 3: return UInt8(TierV3.c.rawValue)
            case 2: return UInt8(TierV3.d.rawValue)
            default: return UInt8(TierV3.e.rawValue)
            }
        }
        switch roshCode {
        case 4: return UInt8(TierV3.c.rawValue)
        case 3: return UInt8(TierV3.d.rawValue)
        default: return 0
        }
    }

    /// `date` less `years` years as Java's `LocalDate.minusYears` does it (29 February
    /// becomes 28 February in a common year).
    public static func minusYears(_ years: Int, from date: CivilDate) -> CivilDate {
        let y = date.year - years
        let d = min(date.day, CivilDate.daysInMonth(year: y, month: date.month))
        return CivilDate(year: y, month: date.month, day: d)!
    }

    /// The days a lifer's latest release is compared with on the day of calculation: one year
    /// and five years before it (``minusYears(_:from:)``), as day numbers.
    public struct LiferCutoffs: Sendable, Hashable {
        public let oneYearBefore: Int32
        public let fiveYearsBefore: Int32
        public init(asOf: CivilDate) {
            oneYearBefore = Int32(clamping: TierV3Calculator.minusYears(1, from: asOf).dayNumber)
            fiveYearsBefore = Int32(clamping: TierV3Calculator.minusYears(5, from: asOf).dayNumber)
        }
    }

    /// Step 4: a lifer or IPP (`INLL`) with a latest release date: on or after the day one
    /// year before `asOf` (a future date included) B; on or after five years before D;
    /// earlier E.
    public static func lifer(registered: Bool, releaseDate: CivilDate?, asOf: CivilDate) -> TierV3? {
        guard let releaseDate else { return nil }
        let raw = lifer(registered: registered, releaseDay: Int32(clamping: releaseDate.dayNumber),
                        cutoffs: LiferCutoffs(asOf: asOf))
        return raw == 0 ? nil : TierV3(rawValue: Int(raw))
    }

    /// Step 4 on day numbers: the tier's raw value, 0 for nothing.
    @inline(__always) static func lifer(registered: Bool, releaseDay: Int32, cutoffs: LiferCutoffs) -> UInt8 {
        guard registered, releaseDay != TierInputs.noDay else { return 0 }
        if releaseDay >= cutoffs.oneYearBefore { return UInt8(TierV3.b.rawValue) }
        if releaseDay >= cutoffs.fiveYearsBefore { return UInt8(TierV3.d.rawValue) }
        return UInt8(TierV3.e.rawValue)
    }

    /// The v3 tier of a profile on the day `asOf`.
    /// - Throws: ``TierV3Failure`` where hmpps-tier fails.
    public static func calculate(_ p: RiskNeedProfile, asOf: CivilDate) throws(TierV3Failure) -> TierV3Result {
        guard p.activeEvent else { return TierV3Result(tier: .notSupervised) }
        guard p.arp != nil, p.csrp != nil else { return TierV3Result(tier: .missing) }
        let dcsrp = try sexualReoffending(score: p.dcsrpScore, band: p.dcsrpBand)
        return calculate(TierInputs(p, dcsrpStep: dcsrp), cutoffs: LiferCutoffs(asOf: asOf))
    }

    /// The v3 tier from a profile's codes, on the day whose ``LiferCutoffs`` are given. No active
    /// event → `NOT_SUPERVISED`; no ARP or CSRP → `MISSING`; otherwise the highest result of the
    /// steps (G when none gives one), and the provisional flag (hmpps-tier
    /// `ProvisionalStatusCalculator`):
    /// - static predictors: both static → provisional unless the other steps give A; ARP
    ///   static only → unless they reach the best tier of the CSRP's row (the ≥ 90 column);
    ///   CSRP static only → unless they reach the best tier of the ARP's column (the ≥ 6.9 row);
    /// - missing RoSH: with MAPPA → provisional unless the steps other than MAPPA/RoSH give
    ///   A; without MAPPA → unless they give C or higher; in both, the ARP × CSRP step
    ///   counts only when both predictors are dynamic.
    @inline(__always) public static func calculate(_ x: TierInputs, cutoffs: LiferCutoffs) -> TierV3Result {
        guard x.has(TierInputs.activeEvent) else { return TierV3Result(tier: .notSupervised) }
        guard x.has(TierInputs.hasARP), x.has(TierInputs.hasCSRP) else { return TierV3Result(tier: .missing) }
        let g = UInt8(TierV3.g.rawValue), a = UInt8(TierV3.a.rawValue), c = UInt8(TierV3.c.rawValue)
        let row = Int(x.csrpRow), column = Int(x.arpColumn)
        let reoffending = tableEntry(row &* 6 &+ column)
        let r = x.registrations
        // Steps 2 and 4 … 8 (all but the ARP × CSRP table and MAPPA × RoSH).
        var others = max(g, x.dcsrpStep)
        others = max(others, lifer(registered: r.contains(.lifer), releaseDay: x.liferReleaseDay, cutoffs: cutoffs))
        if !r.isDisjoint(with: [.domesticAbuse, .domesticAbuseHistory]) { others = max(others, UInt8(TierV3.e.rawValue)) }
        if !r.isDisjoint(with: [.stalking, .childProtection]) { others = max(others, UInt8(TierV3.f.rawValue)) }
        if x.has(TierInputs.everSexualOffence) { others = max(others, UInt8(TierV3.e.rawValue)) }
        let mappaRoSH = mappaAndRoSH(mappa: x.mappa != 0, roshCode: x.rosh)
        let withoutReoffending = max(others, mappaRoSH)
        let tier = max(withoutReoffending, reoffending)
        // Provisional.
        let arpStatic = x.has(TierInputs.arpStatic), csrpStatic = x.has(TierInputs.csrpStatic)
        var provisional: Bool
        if arpStatic && csrpStatic { provisional = withoutReoffending < a }
        else if arpStatic { provisional = withoutReoffending < tableEntry(row &* 6) }
        else if csrpStatic { provisional = withoutReoffending < tableEntry(column) }
        else { provisional = false }
        if !provisional && x.rosh == 0 {
            let counted = !arpStatic && !csrpStatic ? max(others, reoffending) : others
            provisional = x.mappa != 0 ? counted < a : counted < c
        }
        return TierV3Result(tier: TierV3.tier(raw: tier), provisional: provisional)
    }
}
