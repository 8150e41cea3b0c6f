// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Probation
@testable import Scenario

/// schema/scenario.schema.json describes what the loader reads: the same keys
/// in every block, the same choices. (scripts/check-schema.sh validates the
/// shipped files against it with Python's jsonschema.)
final class ScenarioSchemaTests: XCTestCase {
    typealias Object = [String: Any]

    var schema: Object!

    override func setUpWithError() throws {
        let url = repositoryRoot.appendingPathComponent("schema/scenario.schema.json")
        let data = try Data(contentsOf: url)
        schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? Object, "the schema is not a JSON object")
    }

    func testTheSchemaIsDraft2020_12() {
        XCTAssertEqual(schema["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
        XCTAssertEqual(schema["type"] as? String, "object")
        XCTAssertEqual(schema["additionalProperties"] as? Bool, false)
    }

    func testEveryBlockHasExactlyTheKeysTheLoaderAccepts() throws {
        for (path, keys) in ScenarioKeys.blocks {
            let node = try XCTUnwrap(resolve(path), "the schema has no block \(path.isEmpty ? "(top level)" : path)")
            XCTAssertEqual(Set(propertyNames(of: node)), Set(keys), "keys of \(path.isEmpty ? "the top level" : path)")
        }
    }

    func testRequiredTopLevelBlocks() {
        // Every file says its format and names itself; a file that extends
        // another inherits the other blocks.
        XCTAssertEqual(Set(schema["required"] as? [String] ?? []), ["caseflow", "metadata"])
        XCTAssertEqual((schema["if"] as? Object)?["required"] as? [String], ["extends"])
        XCTAssertEqual(Set((schema["else"] as? Object)?["required"] as? [String] ?? []),
                       ["horizon", "organisation", "demand", "cases"])
    }

    func testChoicesMatchTheModel() throws {
        XCTAssertEqual(try enumValues("allocation.policy"), AllocationPolicies.names)
        XCTAssertEqual(try enumValues("levers[].allocation.policy"), AllocationPolicies.names)
        XCTAssertEqual(try enumValues("allocation.queue_order"), AllocationSpec.QueueOrder.allCases.map(\.rawValue))
        XCTAssertEqual(try enumValues("outputs.cadence"), OutputSpec.Cadence.allCases.map(\.rawValue))
        XCTAssertEqual(try enumValues("outputs.levels[]"), OutputSpec.Level.allCases.map(\.rawValue))
        XCTAssertEqual(try enumValues("outputs.wmt_snapshot"), OutputSpec.SnapshotCadence.allCases.map(\.rawValue))
        XCTAssertEqual(try enumValues("cases.tiering"), TieringModelKind.allCases.map(\.rawValue))
        XCTAssertEqual(try enumValues("levers[].staff.grade"), Grade.allCases.map(\.rawValue))
        XCTAssertEqual(try enumValues("metadata.assumptions[].quality"), ScenarioAssumption.Quality.allCases.map(\.rawValue))
        XCTAssertEqual(try enumValues("grades.PO.risk[]"), ["A", "B", "C", "D"])
        XCTAssertEqual(try enumValues("grades.PO.case_types[]"), CaseType.allCases.map(\.rawValue).sorted { a, b in
            ScenarioKeys.caseTypes.firstIndex(of: a)! < ScenarioKeys.caseTypes.firstIndex(of: b)! })

        // Distribution names: the `const` of each branch.
        let distribution = try XCTUnwrap(resolve("cases.community_length"))
        let names = branches(of: distribution).compactMap { ($0["properties"] as? Object)?["distribution"] as? Object }
            .compactMap { $0["const"] as? String }
        XCTAssertEqual(Set(names), Set(ScenarioKeys.distributionNames))

        // Tier keys of a tier mix.
        let weights = try XCTUnwrap(resolve("cases.tier_mix.community"))
        let tiers = (weights["propertyNames"] as? Object)?["enum"] as? [String]
        XCTAssertEqual(tiers, Tier.allCases.map(\.rawValue))
    }

    func testEveryPointsEntryNameMatchesTheSchemasPattern() throws {
        let table = try XCTUnwrap(resolve("points[].table"))
        let inline = try XCTUnwrap(branches(of: table).first { $0["type"] as? String == "object" })
        let pattern = try XCTUnwrap((inline["propertyNames"] as? Object)?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        let names = PointsTable.hmppsDefault.entries.map(\.name)
        XCTAssertEqual(names.count, 199)
        for name in names + ["t2a_custody_D0", "t2a_custody_D0S"] {
            let range = NSRange(name.startIndex..., in: name)
            XCTAssertNotNil(regex.firstMatch(in: name, range: range), name)
        }
        for name in ["community_E2", "sdrr", "t2a_sdr", "community_B2X", "community_B2s"] {
            XCTAssertNil(regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)), name)
        }
    }

    func testUnitPatternsAcceptWhatTheLoaderAccepts() throws {
        let duration = try XCTUnwrap(definition("duration")["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: duration)
        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        for text in ["18 months", "7.5 months", "1 year", "5 years", "26 weeks", "0 days", "1 day"] {
            XCTAssertTrue(matches(text), text)
            XCTAssertNotNil(try? ScenarioLength.parse(text).get(), text)
        }
        for text in ["18", "-1 days", "10 working days", "3 fortnights", "1.5"] {
            XCTAssertFalse(matches(text), text)
            XCTAssertNil(try? ScenarioLength.parse(text).get(), text)
        }
    }

    // MARK: Walking the schema

    /// The definition `#/$defs/NAME`.
    func definition(_ name: String) -> Object {
        ((schema["$defs"] as? Object)?[name] as? Object) ?? [:]
    }

    /// `node` with its `$ref` followed (the referenced schema merged under the node's own keys).
    func dereferenced(_ node: Object) -> Object {
        guard let ref = node["$ref"] as? String, ref.hasPrefix("#/$defs/") else { return node }
        var merged = dereferenced(definition(String(ref.dropFirst("#/$defs/".count))))
        for (key, value) in node where key != "$ref" { merged[key] = value }
        return merged
    }

    /// The node and the branches of its `oneOf`, `anyOf` and `allOf`, recursively, dereferenced.
    func branches(of node: Object) -> [Object] {
        let node = dereferenced(node)
        var result = [node]
        for keyword in ["oneOf", "anyOf", "allOf"] {
            for branch in node[keyword] as? [Object] ?? [] { result += branches(of: branch) }
        }
        return result
    }

    /// Every property name the node (or any of its branches) declares.
    func propertyNames(of node: Object) -> [String] {
        var names: [String] = []
        for branch in branches(of: node) {
            for key in (branch["properties"] as? Object)?.keys ?? [:].keys where !names.contains(key) { names.append(key) }
        }
        return names
    }

    /// The schema of the block at `path` (`a.b[].c`, as in `ScenarioKeys.blocks`).
    func resolve(_ path: String) -> Object? {
        var node: Object = schema
        guard !path.isEmpty else { return node }
        for part in path.split(separator: ".") {
            var key = Substring(part)
            var items = 0
            while key.hasSuffix("[]") {
                key = key.dropLast(2)
                items += 1
            }
            guard let child = branches(of: node).lazy.compactMap({ ($0["properties"] as? Object)?[String(key)] as? Object }).first
            else { return nil }
            node = child
            for _ in 0..<items {
                guard let element = branches(of: node).lazy.compactMap({ $0["items"] as? Object }).first else { return nil }
                node = element
            }
        }
        return dereferenced(node)
    }

    /// The `enum` of the node at `path` (in any branch).
    func enumValues(_ path: String) throws -> [String] {
        let node = try XCTUnwrap(resolve(path), path)
        return try XCTUnwrap(branches(of: node).lazy.compactMap { $0["enum"] as? [String] }.first, "no enum at \(path)")
    }
}
