// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

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
    public static func womensFactorPoints(_ p: RiskNeedProfile) -> Int {
        guard p.female else { return 0 }
        var points = p.previousEnforcement ? 2 : 0
        if p.hasAssessment {
            if (p.parentingResponsibilities ?? 0) > 0 { points += 2 }
            if (p.impulsivity ?? 0) > 0 || (p.temperControl ?? 0) > 0 { points += 2 }
        }
        return points
    }

    /// Protect points: all factors added, then the lower of the RSR and RoSH points taken
    /// away (only the higher of the two counts).
    public static func protectPoints(_ p: RiskNeedProfile) -> Int {
        let rsr = rsrPoints(p.rsr), rosh = roshPoints(p.rosh)
        return rsr + rosh + mappaPoints(p.mappa) + 2 * p.registrations.complexityFactorCount
            + womensFactorPoints(p) - min(rsr, rosh)
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
    public static func change(_ p: RiskNeedProfile) -> (level: Int, points: Int) {
        guard p.mandateForChange else { return (0, 0) }
        guard p.hasAssessment else { return (2, 0) }
        let points = p.needs.weightedScore + (p.ogrs ?? 0) / 10 + (p.registrations.contains(.iom) ? 2 : 0)
        return (points >= 20 ? 3 : points >= 10 ? 2 : 1, points)
    }

    /// The v2 tier of a profile.
    public static func calculate(_ p: RiskNeedProfile) -> TierV2Result {
        let protect = protectPoints(p)
        let (level, changePoints) = change(p)
        return TierV2Result(protectLevel: protectLevel(points: protect), protectPoints: protect,
                            changeLevel: level, changePoints: changePoints,
                            unsupervised: p.registrations.contains(.unsupervised))
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

    /// The row (CSRP) and column (ARP) of the table: the first threshold met. Scores
    /// below 0 (which OASys does not produce) take the last row or column.
    public static func cell(arp: FixedDecimal?, csrp: FixedDecimal?) -> (row: Int, column: Int) {
        let row = csrp.map { c in csrpThresholds.firstIndex { c >= $0 } ?? 4 } ?? 0
        let column = arp.map { a in arpThresholds.firstIndex { a >= $0 } ?? 5 } ?? 0
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
        if mappa {
            switch rosh {
            case .veryHigh: return .a
            case .high: return .c
            case .medium: return .d
            case .low, nil: return .e
            }
        }
        switch rosh {
        case .veryHigh: return .c
        case .high: return .d
        default: return nil
        }
    }

    /// `date` less `years` years as Java's `LocalDate.minusYears` does it (29 February
    /// becomes 28 February in a common year).
    public static func minusYears(_ years: Int, from date: CivilDate) -> CivilDate {
        let y = date.year - years
        let d = min(date.day, CivilDate.daysInMonth(year: y, month: date.month))
        return CivilDate(year: y, month: date.month, day: d)!
    }

    /// Step 4: a lifer or IPP (`INLL`) with a latest release date: on or after the day one
    /// year before `asOf` (a future date included) B; on or after five years before D;
    /// earlier E.
    public static func lifer(registered: Bool, releaseDate: CivilDate?, asOf: CivilDate) -> TierV3? {
        guard registered, let releaseDate else { return nil }
        if releaseDate >= minusYears(1, from: asOf) { return .b }
        if releaseDate >= minusYears(5, from: asOf) { return .d }
        return .e
    }

    /// The steps' results, in hmpps-tier's order (nil: the step gives nothing).
    public struct Steps: Sendable, Hashable {
        public var reoffending: TierV3?
        public var sexualReoffending: TierV3?
        public var mappaRoSH: TierV3?
        public var lifer: TierV3?
        public var domesticAbuse: TierV3?
        public var stalking: TierV3?
        public var childProtection: TierV3?
        public var sexualOffence: TierV3?

        /// The highest result of every step but those excluded (G when none gives one).
        func highest(withoutReoffending: Bool = false, withoutMappaRoSH: Bool = false) -> TierV3 {
            var best = TierV3.g
            @inline(__always) func take(_ t: TierV3?) { if let t, t > best { best = t } }
            if !withoutReoffending { take(reoffending) }
            take(sexualReoffending)
            if !withoutMappaRoSH { take(mappaRoSH) }
            take(lifer); take(domesticAbuse); take(stalking); take(childProtection); take(sexualOffence)
            return best
        }
    }

    /// The v3 tier of a profile on the day `asOf`.
    /// - Throws: ``TierV3Failure`` where hmpps-tier fails.
    public static func calculate(_ p: RiskNeedProfile, asOf: CivilDate) throws(TierV3Failure) -> TierV3Result {
        guard p.activeEvent else { return TierV3Result(tier: .notSupervised) }
        guard let reoff = reoffending(arp: p.arp, csrp: p.csrp) else { return TierV3Result(tier: .missing) }
        let r = p.registrations
        let steps = Steps(
            reoffending: reoff,
            sexualReoffending: try sexualReoffending(score: p.dcsrpScore, band: p.dcsrpBand),
            mappaRoSH: mappaAndRoSH(mappa: p.mappa != nil, rosh: p.rosh),
            lifer: lifer(registered: r.contains(.lifer), releaseDate: p.liferReleaseDate, asOf: asOf),
            domesticAbuse: r.contains(.domesticAbuse) || r.contains(.domesticAbuseHistory) ? .e : nil,
            stalking: r.contains(.stalking) ? .f : nil,
            childProtection: r.contains(.childProtection) ? .f : nil,
            sexualOffence: p.everSexualOffence ? .e : nil)
        return TierV3Result(tier: steps.highest(), provisional: provisional(p, steps))
    }

    /// The provisional flag (hmpps-tier `ProvisionalStatusCalculator`):
    /// - static predictors: both static → provisional unless the other steps give A; ARP
    ///   static only → unless they reach the best tier of the CSRP's row (the ≥ 90 column);
    ///   CSRP static only → unless they reach the best tier of the ARP's column (the ≥ 6.9 row);
    /// - missing RoSH: with MAPPA → provisional unless the steps other than MAPPA/RoSH give
    ///   A; without MAPPA → unless they give C or higher; in both, the ARP × CSRP step
    ///   counts only when both predictors are dynamic.
    public static func provisional(_ p: RiskNeedProfile, _ steps: Steps) -> Bool {
        let withoutReoff = steps.highest(withoutReoffending: true)
        let (row, column) = cell(arp: p.arp, csrp: p.csrp)
        let staticRule: Bool
        if p.arpStatic && p.csrpStatic { staticRule = withoutReoff < .a }
        else if p.arpStatic { staticRule = withoutReoff < table[row][0] }
        else if p.csrpStatic { staticRule = withoutReoff < table[0][column] }
        else { staticRule = false }
        if staticRule { return true }
        guard p.rosh == nil else { return false }
        let bothDynamic = !p.arpStatic && !p.csrpStatic
        let others = steps.highest(withoutReoffending: !bothDynamic, withoutMappaRoSH: true)
        return p.mappa != nil ? others < .a : others < .c
    }
}
