// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// One cell of the Workload Measurement Tool's points grid: a case type, a tier, whether the
/// tier carries HMPPS's unsupervised `S` suffix, and whether the case is on the T2A
/// (transition to adulthood, young adult) weightings.
///
/// There are 3 × 16 × 2 × 2 = 192 categories. Each has a flat ``index`` (0 … 191), used by
/// ``PointsTable`` and ``Caseload`` to keep their numbers in fixed-size arrays, and a
/// ``name`` such as `community_B2`, `licence_B2S` or `t2a_licence_A3`, used as a column name in
/// caseload files and as an entry name in points files (see docs/wmt.md). The `S` tiers
/// (A3S … D0S: people with a `PRC` registration, two-thirds / unsupervised) are HMPPS's case
/// categories 17–32 (hmpps-workload V1_69), weighted 0 by default (V1_64/V1_65).
public struct CaseCategory: Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Community, licence or custody.
    public var caseType: CaseType
    /// The case's tier.
    public var tier: Tier
    /// Whether the case is weighted with the T2A (young adult) points.
    public var isT2A: Bool
    /// Whether the tier carries the `S` suffix (unsupervised: a `PRC` registration).
    public var isUnsupervised: Bool

    /// The category of a `caseType` case in `tier` (with the `S` suffix when `unsupervised`
    /// is true), on the T2A points when `t2a` is true.
    public init(_ caseType: CaseType, _ tier: Tier, t2a: Bool = false, unsupervised: Bool = false) {
        self.caseType = caseType
        self.tier = tier
        self.isT2A = t2a
        self.isUnsupervised = unsupervised
    }

    /// The number of categories (192).
    public static let count = 192

    /// The position in a flat array of all categories: standard categories first
    /// (community A3 … D0, licence A3 … D0, custody A3 … D0, then the same with `S`), then the
    /// T2A ones in the same order.
    @inlinable public var index: Int {
        (isT2A ? 96 : 0) + (isUnsupervised ? 48 : 0) + caseType.index * 16 + tier.wmtColumnIndex
    }

    /// The category at a flat ``index`` (0 … 191).
    public init(index: Int) {
        precondition((0..<CaseCategory.count).contains(index), "CaseCategory index \(index) is outside 0…191")
        self.init(CaseType.allCases[(index % 48) / 16], Tier.allCases[index % 16], t2a: index >= 96,
                  unsupervised: index % 96 >= 48)
    }

    /// All 192 categories in ``index`` order.
    public static let allCases: [CaseCategory] = (0..<count).map { CaseCategory(index: $0) }

    /// The category's name: `{community|licence|custody}_{tier}`, the tier suffixed `S` for
    /// unsupervised categories and the whole prefixed `t2a_` for the T2A categories, e.g.
    /// `community_B2`, `licence_B2S`, `t2a_custody_D1`.
    public var name: String {
        (isT2A ? "t2a_" : "") + caseType.rawValue + "_" + tier.rawValue + (isUnsupervised ? "S" : "")
    }

    /// Parses a ``name`` (case-insensitive; `license` is accepted for `licence`), or nil.
    public init?(name: String) {
        switch CaseCategory.match(name) {
        case .category(let c): self = c
        default: return nil
        }
    }

    public var description: String { name }

    /// How a column or entry name relates to the category names.
    public enum NameMatch: Sendable, Hashable {
        /// The name of this category.
        case category(CaseCategory)
        /// Looks like a category name but is not one; the string says what is wrong.
        case malformed(String)
        /// Not meant as a category name (e.g. `date`, `community_total`).
        case unrelated
    }

    /// Classifies `name` (case-insensitively), so that readers can reject a misspelt count
    /// column such as `community_E2` instead of silently ignoring it.
    ///
    /// A name looks like a category name, and so must be a valid one, when it starts with
    /// `t2a_`, or starts with a case type and an underscore followed by at most 3 characters
    /// (`community_E2`, `custody_B2X`), or ends with an underscore, a letter and a digit
    /// (`comunity_B2`). Anything else, such as `community_total` or `date`, is unrelated.
    public static func match(_ name: String) -> NameMatch {
        let lower = name.trimmingCharacters(in: .whitespaces).lowercased()
        var rest = Substring(lower)
        let t2a = rest.hasPrefix("t2a_")
        if t2a { rest = rest.dropFirst(4) }
        let typeText = rest.prefix { $0 != "_" }
        let tierText = rest.dropFirst(typeText.count + 1)
        let type = CaseType(parsing: String(typeText))
        let hasUnderscore = typeText.count < rest.count
        let tierShaped = tierText.count == 2 && tierText.first!.isLetter && tierText.last!.isNumber
        let looksLike = t2a || (type != nil && hasUnderscore && tierText.count <= 3) || (hasUnderscore && tierShaped)
        guard looksLike else { return .unrelated }
        guard let type else {
            return .malformed("\"\(typeText)\" is not a case type (expected community, licence or custody)")
        }
        guard hasUnderscore, !tierText.isEmpty else { return .malformed("a tier is missing after \"\(typeText)\"") }
        let unsupervised = tierText.count == 3 && tierText.last == "s"
        guard let tier = try? Tier(parsing: String(unsupervised ? tierText.dropLast() : tierText)) else {
            return .malformed("\"\(name.trimmingCharacters(in: .whitespaces).suffix(tierText.count))\" is not a tier (expected one of \(Tier.allCases.map(\.rawValue).joined(separator: ", ")), each optionally with the unsupervised suffix S)")
        }
        return .category(CaseCategory(type, tier, t2a: t2a, unsupervised: unsupervised))
    }

    /// A one-line description of the category names, for error messages.
    public static let namePattern = "{community|licence|custody}_{A3…D0} or t2a_{community|licence|custody}_{A3…D0}, the tier optionally suffixed S (A3S…D0S)"
}
