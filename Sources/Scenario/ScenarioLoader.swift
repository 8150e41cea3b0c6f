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

public struct ScenarioDiagnostics: Error, CustomStringConvertible {
    public var messages: [String]
    public var count: Int { messages.count }
    public var description: String { messages.joined(separator: "\n") }
}

public enum ScenarioLoader {
    public static func load(path: String) throws -> LoadedScenario {
        throw ScenarioDiagnostics(messages: ["\(path): scenario loading is not implemented yet"])
    }
    public static func loadBuiltInNational() throws -> LoadedScenario {
        throw ScenarioDiagnostics(messages: ["built-in scenario is not available yet"])
    }
}
