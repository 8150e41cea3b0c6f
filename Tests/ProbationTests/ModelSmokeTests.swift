// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

final class ModelSmokeTests: XCTestCase {
    func testToyRuns() {
        let r = ProbationModel(spec: Fixtures.toy(), replication: 0).run()
        let caseload = r.timeSeries.series("caseload", entity: "England and Wales", level: .national)
        print(caseload)
        print(r.headline)
        XCTAssertFalse(caseload.isEmpty)
    }
}
