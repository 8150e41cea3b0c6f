// SPDX-License-Identifier: GPL-3.0-or-later
// What the command tests share: a fresh folder per test, and the tiny one-PDU
// scenario the sweep and calibration tests run.
import Foundation

/// A new, empty folder under the temporary directory for one test's files:
/// `caseflow-PREFIX-UUID`.
func freshFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A scenario small enough to run in a test: region Z with PDU 1 (3 PO, 3 PSO, 1 SPO),
/// 60 Day-1 cases, 30% custody and short sentences; the name, horizon, seed,
/// replications, demand and outputs are each test's own, and `extra` (variants,
/// a sweep) follows.
enum TinyScenario {
    static func text(name: String, horizon: String, seed: Int, replications: Int, demand: [String],
                     outputs: String, extra: String = "") -> String {
        """
        caseflow: 1
        metadata: { name: \(name) }
        horizon: { \(horizon) }
        seed: \(seed)
        replications: \(replications)
        organisation:
          regions:
            - code: Z
              name: Zed
              pdus:
                - { number: 1, name: One, staff: { PO: 3, PSO: 3, SPO: 1 } }
        demand:
        \(demand.map { "  " + $0 }.joined(separator: "\n"))
        cases:
          custody_share: 0.3
          tier_mix:
            community: { B2: 1, C2: 2, D1: 2 }
            custody: { B2: 1, C2: 1 }
          community_length: { distribution: lognormal, mean: 10 months, sd: 4 months }
          custody_time_to_serve: { distribution: lognormal, mean: 6 months, sd: 6 months }
          licence_length: { distribution: gamma, shape: 4, scale: 3 months }
        initial_caseload: { total: 60, type_shares: { community: 0.6, licence: 0.3, custody: 0.1 } }
        outputs: { \(outputs) }

        """ + extra
    }
}
