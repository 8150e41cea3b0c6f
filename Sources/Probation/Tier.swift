// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A case's tier in HMPPS's v2 tiering model: a risk-of-harm letter (A highest … D lowest)
/// and a complexity ("change") digit (3 highest … 0 lowest), e.g. `B2`.
///
/// These 16 tiers are what the Workload Measurement Tool (WMT) weights cases by.
/// (HMPPS also has an "S" suffix for unsupervised cases, e.g. `B2S`, whose default
/// weightings are all 0; the WMT counts them as separate categories: `CaseCategory.isUnsupervised`.)
///
/// Two orders matter:
/// - ``allCases`` is the WMT column order A3, A2, A1, A0, B3, … D0, the order of the
///   `tier_1` … `tier_16` columns of HMPPS's weightings table (``wmtColumnIndex``).
/// - `Comparable` is the allocation-priority order of HMPPS's allocation screen,
///   lowest first: D0 < D1 < D2 < D3 < C0 < … < A3 (``priority``).
public enum Tier: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case a3 = "A3", a2 = "A2", a1 = "A1", a0 = "A0"
    case b3 = "B3", b2 = "B2", b1 = "B1", b0 = "B0"
    case c3 = "C3", c2 = "C2", c1 = "C1", c0 = "C0"
    case d3 = "D3", d2 = "D2", d1 = "D1", d0 = "D0"

    /// The sixteen tiers in WMT column order (``allCases``, built once).
    public static let inColumnOrder: [Tier] = allCases

    /// The risk-of-harm letters, highest risk first.
    public static let riskLetters: [Character] = ["A", "B", "C", "D"]

    /// The tier with this risk letter (A–D, either case) and complexity (0–3), or nil.
    public init?(riskLetter: Character, complexity: Int) {
        let upper = riskLetter.uppercased()
        guard let r = Tier.riskLetters.firstIndex(where: { String($0) == upper }),
              (0...3).contains(complexity) else { return nil }
        self = Tier.allCases[r * 4 + (3 - complexity)]
    }

    /// Parses a tier such as `B2` (case-insensitive, surrounding spaces ignored).
    /// - Throws: ``TierParseError`` naming the valid tiers when the text is not one.
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard let tier = Tier(rawValue: t) else { throw TierParseError(text: text) }
        self = tier
    }

    /// The risk-of-harm letter, `A` (highest) to `D` (lowest).
    public var riskLetter: Character { Tier.riskLetters[wmtColumnIndex / 4] }

    /// The complexity digit, 3 (highest) to 0 (lowest).
    public var complexity: Int { 3 - wmtColumnIndex % 4 }

    /// The tier's 0-based position in WMT column order (A3 = 0, A2 = 1, … D0 = 15).
    @inlinable public var wmtColumnIndex: Int {
        switch self {
        case .a3: 0
        case .a2: 1
        case .a1: 2
        case .a0: 3
        case .b3: 4
        case .b2: 5
        case .b1: 6
        case .b0: 7
        case .c3: 8
        case .c2: 9
        case .c1: 10
        case .c0: 11
        case .d3: 12
        case .d2: 13
        case .d1: 14
        case .d0: 15
        }
    }

    /// Allocation priority, 0 for D0 (lowest) to 15 for A3 (highest): risk letter first,
    /// then complexity.
    public var priority: Int { (3 - wmtColumnIndex / 4) * 4 + complexity }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.priority < rhs.priority }

    public var description: String { rawValue }
}

/// Text that is not one of the 16 tiers A3 … D0.
public struct TierParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that failed to parse.
    public let text: String
    public var description: String {
        "expected a tier (\(Tier.allCases.map(\.rawValue).joined(separator: ", "))), found \"\(text)\""
    }
}
