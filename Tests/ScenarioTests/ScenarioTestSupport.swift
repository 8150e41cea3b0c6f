// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
import Simulation
@testable import Scenario

/// Loads scenario text as file `s.yaml`; fails the test with the diagnostics if it is invalid.
func loadScenario(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) throws -> LoadedScenario {
    do {
        return try ScenarioLoader.load(text: yaml, fileName: "s.yaml")
    } catch {
        XCTFail("the scenario should load, but:\n\(error.description)", file: file, line: line)
        throw error
    }
}

/// The rendered diagnostics of scenario text loaded as `s.yaml`; [] if it loads.
func scenarioDiagnostics(_ yaml: String) -> [String] {
    do {
        _ = try ScenarioLoader.load(text: yaml, fileName: "s.yaml")
        return []
    } catch {
        return error.lines
    }
}

/// The repository's root directory, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // ScenarioTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// `text` with the one line equal to `old` replaced by `new` (which may hold several lines).
func replacingLine(_ old: String, with new: String, in text: String) -> String {
    var lines = text.components(separatedBy: "\n")
    let matches = lines.indices.filter { lines[$0] == old }
    precondition(matches.count == 1, "expected exactly one line \(old.debugDescription), found \(matches.count)")
    lines[matches[0]] = new
    return lines.joined(separator: "\n")
}

/// A small valid scenario that validation tests change one line at a time.
/// Line numbers (for hand-computed positions) are in the comments of `BaseScenario`.
enum BaseScenario {
    // line  1 caseflow
    // line  8 team_size: 5
    // line 15 PDU 1's staff (8 practitioners: 2 teams)
    // line 19 PDU 2's only team, "Two A"
    // line 26 PDU 3's staff
    // line 28 sentences_per_week
    // line 30 custody_share
    // line 36 licence_length (the last line); a text appended starts on line 37
    static let text = """
        caseflow: 1
        metadata:
          name: Base
        horizon:
          start: 2021-06-28
          length: 2 years
        organisation:
          team_size: 5
          regions:
            - code: A
              name: North
              pdus:
                - number: 1
                  name: One
                  staff: { PO: 4, PSO: 4, SPO: 2 }
                - number: 2
                  name: Two
                  teams:
                    - name: Two A
                      staff: { PO: 2, PSO: 1, SPO: 1 }
            - code: B
              name: South
              pdus:
                - number: 3
                  name: Three
                  staff: { PO: 3, PQiP: 1 }
        demand:
          sentences_per_week: { national: 30 }
        cases:
          custody_share: 0.3
          tier_mix:
            community: { B2: 1, C2: 3, D1: 4 }
            custody: { B2: 2, C2: 3, D1: 2 }
          community_length: { distribution: lognormal, mean: 12 months, sd: 5 months }
          custody_time_to_serve: { distribution: lognormal, mean: 8 months, sd: 8 months }
          licence_length: { distribution: gamma, shape: 2, scale: 4 months }

        """

    /// The base with one line replaced.
    static func replacing(_ old: String, with new: String) -> String {
        replacingLine(old, with: new, in: text)
    }

    /// The base with `extra` appended (its first line is line 37).
    static func appending(_ extra: String) -> String {
        text + extra
    }
}
