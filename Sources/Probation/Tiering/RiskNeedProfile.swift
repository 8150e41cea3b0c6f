// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// A decimal score held exactly, to six decimal places (in millionths).
///
/// HMPPS's tiering service compares scores as Java `BigDecimal`s, so a threshold such as
/// RSR 7.00 or CSRP 6.9 must be compared exactly, not as a binary `Double`. Scores read
/// from files keep their decimal digits (up to six places); scores drawn by the simulator
/// are rounded to the nearest millionth.
public struct FixedDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value in millionths.
    public var millionths: Int64

    /// The value `millionths` / 1,000,000.
    public init(millionths: Int64) { self.millionths = millionths }

    /// A whole number.
    public init(_ whole: Int) { millionths = Int64(whole) * 1_000_000 }

    /// The nearest millionth to `value` (finite).
    public init(rounding value: Double) { millionths = Int64((value * 1_000_000).rounded()) }

    /// Parses a plain decimal such as `6.99`, `-0.5` or `100` with at most six decimal
    /// places (no exponents, `nan` or `inf`); nil otherwise.
    public init?(parsing text: String) {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if t.hasPrefix("-") { negative = true; t = t.dropFirst() } else if t.hasPrefix("+") { t = t.dropFirst() }
        let parts = t.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0], frac = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && frac.isEmpty), whole.count <= 12, frac.count <= 6,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), frac.allSatisfy({ $0.isASCII && $0.isNumber }),
              parts.count == 1 || !frac.isEmpty || !whole.isEmpty else { return nil }
        let w = Int64(whole) ?? 0
        let f = Int64(frac + String(repeating: "0", count: 6 - frac.count)) ?? 0
        millionths = (w * 1_000_000 + f) * (negative ? -1 : 1)
    }

    /// The value as a `Double` (for reports).
    public var doubleValue: Double { Double(millionths) / 1_000_000 }

    public static func < (a: FixedDecimal, b: FixedDecimal) -> Bool { a.millionths < b.millionths }

    /// The shortest exact decimal text (`6.99`, `7`, `0.000001`).
    public var description: String {
        let sign = millionths < 0 ? "-" : ""
        let m = millionths.magnitude
        let whole = m / 1_000_000, frac = m % 1_000_000
        if frac == 0 { return sign + String(whole) }
        var f = String(frac)
        f = String(repeating: "0", count: 6 - f.count) + f
        while f.hasSuffix("0") { f.removeLast() }
        return sign + String(whole) + "." + f
    }
}

/// Risk of serious harm (RoSH) level, from the nDelius RoSH registers (`RVHR`, `RHRH`,
/// `RMRH`, `RLRH`).
public enum RoSHLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case veryHigh = "VERY_HIGH", high = "HIGH", medium = "MEDIUM", low = "LOW"
}

/// A MAPPA registration's level or category, `M1` … `M4`. The v2 calculator scores the
/// level (M3 and M2 → 150, M1 → 5; hmpps-tier has no level M4, so M4 scores 0); the v3
/// calculator asks only whether there is a MAPPA registration.
public enum MAPPA: String, Sendable, Hashable, CaseIterable, Codable {
    case m1 = "M1", m2 = "M2", m3 = "M3", m4 = "M4"
}

/// The nDelius registrations tiering reads, as a set of flags.
public struct Registrations: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    // The ten complexity factors (v2 protect axis, 2 points each).
    /// `RMDO` mental health issues.
    public static let mentalHealth = Registrations(rawValue: 1 << 0)
    /// `ALSH` attempted suicide or self-harm.
    public static let selfHarm = Registrations(rawValue: 1 << 1)
    /// `RVLN` vulnerability issue.
    public static let vulnerability = Registrations(rawValue: 1 << 2)
    /// `RCCO` child concerns.
    public static let childConcerns = Registrations(rawValue: 1 << 3)
    /// `RCPR` child protection (also a v3 step: F).
    public static let childProtection = Registrations(rawValue: 1 << 4)
    /// `RCHD` risk to children.
    public static let riskToChildren = Registrations(rawValue: 1 << 5)
    /// `RPIR` public interest.
    public static let publicInterest = Registrations(rawValue: 1 << 6)
    /// `RVAD` adult at risk.
    public static let adultAtRisk = Registrations(rawValue: 1 << 7)
    /// `STRG` street gangs.
    public static let streetGangs = Registrations(rawValue: 1 << 8)
    /// `RTAO` terrorism.
    public static let terrorism = Registrations(rawValue: 1 << 9)
    // The others.
    /// `IIOM` integrated offender management nominal (v2 change axis, 2 points).
    public static let iom = Registrations(rawValue: 1 << 10)
    /// `ADVP` domestic abuse perpetrator (v3: E).
    public static let domesticAbuse = Registrations(rawValue: 1 << 11)
    /// `REG30` domestic abuse history (v3: E, as `ADVP`).
    public static let domesticAbuseHistory = Registrations(rawValue: 1 << 12)
    /// `SPO` stalking protection order (v3: F).
    public static let stalking = Registrations(rawValue: 1 << 13)
    /// `INLL` lifer or IPP (v3: by latest release date).
    public static let lifer = Registrations(rawValue: 1 << 14)
    /// `PRC` two-thirds / unsupervised: the v2 tier takes the suffix `S`.
    public static let unsupervised = Registrations(rawValue: 1 << 15)

    /// The ten complexity factors of the v2 protect axis.
    public static let complexityFactors: Registrations = [.mentalHealth, .selfHarm, .vulnerability, .childConcerns,
        .childProtection, .riskToChildren, .publicInterest, .adultAtRisk, .streetGangs, .terrorism]

    /// The nDelius register code of each flag, in the order the `registrations` column lists them.
    public static let codes: [(code: String, flag: Registrations)] = [
        ("RMDO", .mentalHealth), ("ALSH", .selfHarm), ("RVLN", .vulnerability), ("RCCO", .childConcerns),
        ("RCPR", .childProtection), ("RCHD", .riskToChildren), ("RPIR", .publicInterest), ("RVAD", .adultAtRisk),
        ("STRG", .streetGangs), ("RTAO", .terrorism), ("IIOM", .iom), ("ADVP", .domesticAbuse),
        ("REG30", .domesticAbuseHistory), ("SPO", .stalking), ("INLL", .lifer), ("PRC", .unsupervised),
    ]

    /// The flag of a register code (case-insensitive), or nil.
    public init?(code: String) {
        let c = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard let f = Registrations.codes.first(where: { $0.code == c }) else { return nil }
        self = f.flag
    }

    /// The register codes set, `;`-separated, in ``codes`` order.
    public var codeList: String { Registrations.codes.filter { contains($0.flag) }.map(\.code).joined(separator: ";") }

    /// How many distinct complexity factors are registered (0 … 10).
    public var complexityFactorCount: Int { (rawValue & Registrations.complexityFactors.rawValue).nonzeroBitCount }
}

/// An OASys criminogenic need's severity, scored 0 / 1 / 2 by the v2 change axis.
public enum NeedSeverity: UInt8, Sendable, Hashable, CaseIterable, Codable {
    case noNeed = 0, standard = 1, severe = 2

    /// `NO_NEED`, `STANDARD` or `SEVERE`.
    public var name: String {
        switch self {
        case .noNeed: "NO_NEED"
        case .standard: "STANDARD"
        case .severe: "SEVERE"
        }
    }

    /// Parses ``name`` (case-insensitive), or nil.
    public init?(name: String) {
        let t = name.trimmingCharacters(in: .whitespaces).uppercased()
        guard let s = NeedSeverity.allCases.first(where: { $0.name == t }) else { return nil }
        self = s
    }
}

/// The eight criminogenic needs the v2 change axis weighs (financial management and
/// emotional wellbeing have weight 0 in hmpps-tier and are left out).
public enum Need: Int, Sendable, Hashable, CaseIterable, Codable {
    case accommodation, ete, relationships, lifestyle, drugs, alcohol, thinkingBehaviour, attitudes

    /// hmpps-tier's weighting: 2 for thinking and behaviour and for attitudes, 1 otherwise.
    public var weight: Int { self == .thinkingBehaviour || self == .attitudes ? 2 : 1 }

    /// The column/key name: `accommodation`, `ete`, … `thinking_behaviour`, `attitudes`.
    public var key: String {
        switch self {
        case .accommodation: "accommodation"
        case .ete: "ete"
        case .relationships: "relationships"
        case .lifestyle: "lifestyle"
        case .drugs: "drugs"
        case .alcohol: "alcohol"
        case .thinkingBehaviour: "thinking_behaviour"
        case .attitudes: "attitudes"
        }
    }
}

/// The severities of the eight needs, two bits each.
public struct NeedSeverities: Sendable, Hashable {
    public var packed: UInt16 = 0
    public init() {}
    public subscript(need: Need) -> NeedSeverity {
        get { NeedSeverity(rawValue: UInt8((packed >> (2 * need.rawValue)) & 3)) ?? .noNeed }
        set {
            let shift = UInt16(2 * need.rawValue)
            packed = (packed & ~(3 << shift)) | (UInt16(newValue.rawValue) << shift)
        }
    }
    /// Σ weight × severity over the eight needs (0 … 20).
    public var weightedScore: Int { Self.weightedScore(packed: packed) }

    /// Σ weight × severity over packed severities, by counting bits: a severity's low bit
    /// counts 1 and its high bit 2, and the needs of weight 2 (thinking and behaviour,
    /// attitudes: bits 12 … 15) count again. A code 3 (not a severity) counts 0, as the
    /// subscript reads it.
    ///
    /// Added up in the register, not by counting bits (`nonzeroBitCount` is emulated on the
    /// baseline x86-64 target, which has no POPCNT): with code 3 cleared, the eight 2-bit
    /// severities are added in pairs into nibbles (each at most 4), the nibbles in pairs
    /// into bytes (each at most 8), then the two bytes and the last nibble (the two needs
    /// of weight 2) once more.
    @inline(__always) public static func weightedScore(packed p: UInt16) -> Int {
        let both = p & (p >> 1) & 0x5555
        let x = p & ~(both | both << 1)
        let nibbles = (x & 0x3333) &+ ((x >> 2) & 0x3333)
        let bytes = (nibbles &+ (nibbles >> 4)) & 0x0F0F
        return Int((bytes & 0xFF) &+ (bytes >> 8) &+ (nibbles >> 12))
    }
}

/// The band of the direct-contact sexual reoffending predictor (DC-SRP).
public enum DCSRPBand: String, Sendable, Hashable, CaseIterable, Codable {
    case veryHigh = "VERY_HIGH", high = "HIGH", medium = "MEDIUM", low = "LOW", notApplicable = "NOT_APPLICABLE"
}

/// Everything HMPPS's tiering service reads about a person on probation: the nDelius
/// registrations and scores, the OASys assessment's needs and answers and, for the v3
/// model, the OGRS4-family predictors. Fields left `nil` are absent, as in hmpps-tier.
public struct RiskNeedProfile: Sendable, Hashable {
    /// Whether nDelius records the person as female (the women's factors apply only then).
    public var female = false
    /// RoSH level; nil when there is no RoSH registration.
    public var rosh: RoSHLevel?
    /// RSR %, nil when absent (hmpps-tier then uses 0).
    public var rsr: FixedDecimal?
    /// MAPPA registration level/category; nil when not MAPPA-managed.
    public var mappa: MAPPA?
    /// The registrations.
    public var registrations: Registrations = []
    /// OASys answers scored 0 … 2 (women's factors): Q6.9 parenting responsibilities,
    /// Q11.2 impulsivity and Q11.4 temper control; nil when unanswered.
    public var parentingResponsibilities: Int?
    public var impulsivity: Int?
    public var temperControl: Int?
    /// nDelius `previousEnforcementActivity`: a breach or recall (women's factor).
    public var previousEnforcement = false
    /// OGRS % (0 … 100), nil when absent (hmpps-tier then uses 0).
    public var ogrs: Int?
    /// Whether a valid OASys assessment exists (v2: without one the change level is 2).
    public var hasAssessment = false
    /// Whether the sentence gives a mandate for change (custody, or a non-restrictive
    /// requirement other than unpaid work); v2: without one the change level is 0.
    public var mandateForChange = true
    /// Criminogenic need severities (absent needs count as no need).
    public var needs = NeedSeverities()
    /// All reoffending predictor (ARP) %, and whether it is static.
    public var arp: FixedDecimal?
    public var arpStatic = false
    /// Combined serious reoffending predictor (CSRP) %, and whether it is static.
    public var csrp: FixedDecimal?
    public var csrpStatic = false
    /// Direct-contact sexual reoffending predictor score and band.
    public var dcsrpScore: FixedDecimal?
    public var dcsrpBand: DCSRPBand?
    /// Latest release date of a lifer or IPP prisoner (with the `INLL` registration).
    public var liferReleaseDate: CivilDate?
    /// OASys: ever committed a sexual offence.
    public var everSexualOffence = false
    /// Whether the person has an active event (v3: otherwise `NOT_SUPERVISED`).
    public var activeEvent = true

    public init() {}
}
