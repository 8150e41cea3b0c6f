// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A probation practitioner's grade, as the Workload Measurement Tool (WMT) and HMPPS's
/// allocation service distinguish them.
public enum Grade: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Probation officer (qualified).
    case po = "PO"
    /// Probation services officer.
    case pso = "PSO"
    /// Trainee probation officer on the Professional Qualification in Probation.
    case pqip = "PQiP"
    /// Senior probation officer (team leader).
    case spo = "SPO"

    /// Parses `PO`, `PSO`, `PQiP` or `SPO`, ignoring case and surrounding spaces.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let g = Grade.allCases.first(where: { $0.rawValue.lowercased() == t }) else { return nil }
        self = g
    }

    public var description: String { rawValue }
}
