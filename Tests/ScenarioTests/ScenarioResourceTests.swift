// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Scenario

/// The built-in national scenario: embedded in the module; scenarios/ links to it.
final class ScenarioResourceTests: XCTestCase {

    func testTheBuiltInScenarioLoads() throws {
        let scenario = try ScenarioLoader.loadBuiltInNational()
        XCTAssertNil(scenario.path)
        XCTAssertEqual(scenario.fileName, "national-day1.yaml")
        XCTAssertFalse(scenario.name.isEmpty)
        XCTAssertFalse(scenario.spec.organisation.regions.isEmpty)
    }

    /// One file, not two copies: `scenarios/national-day1.yaml` is a symbolic link to the
    /// module's resource, so the figures live in one place, and the bundle the program reads
    /// holds the same bytes as the file users open.
    func testTheShippedScenarioIsTheResourceItself() throws {
        let shipped = repositoryRoot.appendingPathComponent("scenarios/national-day1.yaml")
        let resource = repositoryRoot.appendingPathComponent("Sources/Scenario/Resources/national-day1.yaml")
        guard FileManager.default.fileExists(atPath: shipped.path) else {
            throw XCTSkip("scenarios/national-day1.yaml is not in this checkout yet")
        }
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: shipped.path)
        XCTAssertEqual(target, "../Sources/Scenario/Resources/national-day1.yaml",
                       "scenarios/national-day1.yaml must be a link to the built-in resource, not a copy")
        XCTAssertEqual(shipped.resolvingSymlinksInPath().path, resource.resolvingSymlinksInPath().path)
        let bundled = try XCTUnwrap(ScenarioLoader.builtInNationalURL)
        XCTAssertEqual(try Data(contentsOf: bundled), try Data(contentsOf: resource))
    }
}
