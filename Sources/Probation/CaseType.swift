// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The three kinds of case the Workload Measurement Tool (WMT) counts, each with its own
/// points per tier.
public enum CaseType: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Community orders and suspended sentence orders supervised in the community.
    case community
    /// People released from custody on licence or on post-sentence supervision.
    case licence
    /// People still in custody (before release) whose case is held by a community practitioner.
    case custody

    /// Parses `community`, `licence` or `custody` (case-insensitive; HMPPS's American
    /// spelling `license` is accepted too).
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "license" { self = .licence; return }
        self.init(rawValue: t)
    }

    /// The 0-based position in ``allCases`` (community 0, licence 1, custody 2).
    @inlinable public var index: Int {
        switch self {
        case .community: 0
        case .licence: 1
        case .custody: 2
        }
    }

    public var description: String { rawValue }
}
