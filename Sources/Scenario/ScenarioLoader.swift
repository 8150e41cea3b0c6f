// SPDX-License-Identifier: GPL-3.0-or-later
// Loading a scenario file: YAML text → validated ModelSpec, or every problem
// in the file as positioned diagnostics (docs/scenario-format.md, docs/errors.md).

import Foundation
import Probation

/// One entry of a scenario's assumptions log (`metadata.assumptions`).
public struct ScenarioAssumption: Sendable, Hashable {
    /// How much the figure can be trusted.
    public enum Quality: String, Sendable, Hashable, CaseIterable {
        case high, medium, low
    }

    /// Unique within the file; other entries and comments refer to it.
    public var id: String
    /// The figure as a sentence (`223,000 cases on 26 June 2021`).
    public var figure: String?
    /// Where it comes from: a document and line, `assumption`, `derived from …`.
    public var source: String
    public var quality: Quality
    public var reasoning: String?
    /// The uncertainty of the figures it sources (`uncertainty:`), by scenario path.
    public var uncertainty: [UncertainParameter] = []

    public init(id: String, figure: String? = nil, source: String, quality: Quality, reasoning: String? = nil,
                uncertainty: [UncertainParameter] = []) {
        self.id = id; self.figure = figure; self.source = source; self.quality = quality; self.reasoning = reasoning
        self.uncertainty = uncertainty
    }
}

/// A scenario read from a file and validated.
public struct LoadedScenario: Sendable {
    /// The world to simulate.
    public var spec: ModelSpec
    /// `metadata.name`.
    public var name: String
    /// The path it was loaded from; nil for text and for the built-in scenario.
    public var path: String?
    /// The text of the file (without a byte order mark).
    public var sourceText: String
    /// How many entries the assumptions log has.
    public var assumptionCount: Int
    /// `metadata.description`.
    public var description: String?
    /// The assumptions log, in file order.
    public var assumptions: [ScenarioAssumption]
    /// The name diagnostics use for the file.
    public var fileName: String
    /// The base scenario (point `base`, first), then its variants and sweep
    /// points, each validated (Variants.swift).
    public var points: [ScenarioPoint] = []
    /// The files it extends (`extends:`), nearest first; empty when it extends none.
    public var chain: [ScenarioChainFile] = []
    /// The `--set PATH=VALUE` arguments applied, in order.
    public var settings: [String] = []
    /// Dated items after the end of the horizon that `horizon.after_end: drop` left
    /// out (levers, interventions levers, PQiP intakes, points tables), each as
    /// `FILE:LINE:COLUMN: PATH: … dropped`; empty unless the file asks for it.
    public var dropped: [ScenarioDiagnostic] = []

    /// Every uncertain value the assumptions log declares, in file order (docs/uncertainty.md).
    public var uncertainty: [UncertainParameter] { assumptions.flatMap(\.uncertainty) }
}

/// Reads scenario files. Every entry point throws `ScenarioDiagnostics`
/// listing every problem in the file, sorted by position.
public enum ScenarioLoader {
    /// Loads and validates the scenario file at `path` (diagnostics name it `path`).
    /// `settings`: `PATH=VALUE` overrides from the command line (`--set`),
    /// applied after the file's own, before its variants and sweep.
    /// `checkingRanges: false` skips reading the scenario again at the ends of
    /// its uncertainty ranges (for the parameter sets of a study, checked once).
    public static func load(path: String, settings: [String] = [], checkingRanges: Bool = true) throws(ScenarioDiagnostics) -> LoadedScenario {
        let source = try YAMLSource.load(path: path)
        var scenario = try load(source, path: path, settings: settings, checkingRanges: checkingRanges)
        scenario.path = path
        return scenario
    }

    /// Loads and validates scenario text; `fileName` is used in diagnostics,
    /// and a relative `extends:` path starts from its directory.
    public static func load(text: String, fileName: String, settings: [String] = []) throws(ScenarioDiagnostics) -> LoadedScenario {
        try load(YAMLSource(text: text, fileName: fileName), path: fileName, settings: settings)
    }

    /// The text of the single value at `overridePath` (such as `allocation.cap`)
    /// in the composed document of the file at `path` (nil: the built-in
    /// national scenario) with `settings` applied; nil when the path holds no
    /// single value (it is missing, or a mapping or a list).
    public static func valueText(at overridePath: String, path: String?, settings: [String] = []) throws(ScenarioDiagnostics) -> String? {
        let source: YAMLSource
        if let path {
            source = try YAMLSource.load(path: path)
        } else {
            guard let url = builtInNationalURL, let data = FileManager.default.contents(atPath: url.path) else { return nil }
            source = try YAMLSource(data: data, fileName: builtInNationalName)
        }
        let composed = try ScenarioComposer.compose(source, path: path, settings: settings)
        guard case .success(let parsed) = OverridePath.parse(overridePath), !parsed.append,
              case .scalar(let scalar)? = ScenarioComposer.node(at: parsed.components, in: composed.source.root) else { return nil }
        return scalar.string
    }

    /// The file name of the built-in national scenario, as diagnostics show it.
    public static let builtInNationalName = "national-day1.yaml"

    /// The built-in national scenario (`Resources/national-day1.yaml`, a copy of
    /// `scenarios/national-day1.yaml` embedded in the module).
    public static func loadBuiltInNational(settings: [String] = [], checkingRanges: Bool = true) throws(ScenarioDiagnostics) -> LoadedScenario {
        guard let url = builtInNationalURL, let data = FileManager.default.contents(atPath: url.path) else {
            throw ScenarioDiagnostics(ScenarioDiagnostic(
                file: builtInNationalName, line: 0, column: 0,
                message: "the built-in scenario is missing from the installation (Scenario module resources)"))
        }
        return try load(YAMLSource(data: data, fileName: builtInNationalName), path: nil, settings: settings, checkingRanges: checkingRanges)
    }

    /// Where the built-in national scenario is, if the module's resources are installed.
    public static var builtInNationalURL: URL? {
        Bundle.module.url(forResource: "national-day1", withExtension: "yaml", subdirectory: "Resources")
    }

    static func load(_ original: YAMLSource, path: String?, settings: [String] = [], checkingRanges: Bool = true) throws(ScenarioDiagnostics) -> LoadedScenario {
        let composed = try ScenarioComposer.compose(original, path: path, settings: settings)
        let source = composed.source
        let (contents, prepared, states) = try YAMLReader.read(source) {
            root -> (ScenarioContents, [ScenarioVariants.PreparedPoint], [ScenarioBuilder.State])? in
            var states: [ScenarioBuilder.State] = []
            let contents = ScenarioBuilder(reader: root.reader).build(root, record: { states.append($0) })
            let prepared = ScenarioVariants.prepare(root)
            guard let contents, let prepared else { return nil }
            return (contents, prepared, prepared.count > 1 ? states : [])
        }
        if checkingRanges { try ScenarioUncertainty.check(contents.assumptions.flatMap(\.uncertainty), source: source) }
        let points = try ScenarioVariants.build(prepared, source: source, base: contents.spec, baseDropped: contents.dropped,
                                                states: states)
        return LoadedScenario(spec: contents.spec, name: contents.name, path: nil, sourceText: source.text,
                              assumptionCount: contents.assumptions.count, description: contents.description,
                              assumptions: contents.assumptions, fileName: source.fileName, points: points,
                              chain: composed.chain, settings: settings, dropped: contents.dropped)
    }
}
