// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Scenario

/// The built-in national scenario: embedded in the module, and the same bytes as scenarios/.
final class ScenarioResourceTests: XCTestCase {

    func testTheBuiltInScenarioLoads() throws {
        let scenario = try ScenarioLoader.loadBuiltInNational()
        XCTAssertNil(scenario.path)
        XCTAssertEqual(scenario.fileName, "national-day1.yaml")
        XCTAssertFalse(scenario.name.isEmpty)
        XCTAssertFalse(scenario.spec.organisation.regions.isEmpty)
    }

    func testTheResourceIsAByteIdenticalCopyOfTheShippedScenario() throws {
        let shipped = repositoryRoot.appendingPathComponent("scenarios/national-day1.yaml")
        let resource = repositoryRoot.appendingPathComponent("Sources/Scenario/Resources/national-day1.yaml")
        guard FileManager.default.fileExists(atPath: shipped.path) else {
            throw XCTSkip("scenarios/national-day1.yaml is not in this checkout yet")
        }
        let expected = try Data(contentsOf: shipped)
        XCTAssertEqual(try Data(contentsOf: resource), expected,
                       "Sources/Scenario/Resources/national-day1.yaml differs from scenarios/national-day1.yaml: copy it again")
        // And the bundle the program reads holds the same bytes.
        let bundled = try XCTUnwrap(ScenarioLoader.builtInNationalURL)
        XCTAssertEqual(try Data(contentsOf: bundled), expected)
    }
}
