// SPDX-License-Identifier: GPL-3.0-or-later
// TEMPORARY interface placeholder: replaced by the real loader (YAML → ModelSpec).
import Foundation
import Probation

/// A scenario read from a file and validated.
public struct LoadedScenario: Sendable {
    public var spec: ModelSpec
    public var name: String
    public var path: String?
    public var sourceText: String
    public var assumptionCount: Int
}


public enum ScenarioLoader {
    public static func load(path: String) throws -> LoadedScenario {
        throw ScenarioDiagnostics(ScenarioDiagnostic(file: path, line: 0, column: 0, message: "scenario loading is not implemented yet"))
    }
    public static func loadBuiltInNational() throws -> LoadedScenario {
        throw ScenarioDiagnostics(ScenarioDiagnostic(file: "national-day1.yaml", line: 0, column: 0, message: "the built-in scenario is not available yet"))
    }
}
