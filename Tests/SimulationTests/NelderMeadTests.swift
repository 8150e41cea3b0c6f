// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Simulation

/// GSL's Nelder–Mead simplex through `NelderMead.minimize`: known minima and the budget.
final class NelderMeadTests: XCTestCase {
    func testAQuadraticBowlReachesItsMinimum() {
        // f(x, y) = (x − 1)² + 10 (y + 2)² + 3: minimum 3 at (1, −2).
        let r = NelderMead.minimize(start: [0, 0], steps: [1, 1], budget: 1000, sizeTolerance: 1e-6) { p in
            (p[0] - 1) * (p[0] - 1) + 10 * (p[1] + 2) * (p[1] + 2) + 3
        }
        XCTAssertEqual(r.stop, .converged)
        XCTAssertEqual(r.x[0], 1, accuracy: 1e-6)
        XCTAssertEqual(r.x[1], -2, accuracy: 1e-6)
        XCTAssertEqual(r.value, 3, accuracy: 1e-10)
        XCTAssertLessThanOrEqual(r.evaluations, 1000)
    }

    func testRosenbrocksValley() {
        // f = (1 − x)² + 100 (y − x²)²: minimum 0 at (1, 1), from the classic start (−1.2, 1).
        let r = NelderMead.minimize(start: [-1.2, 1], steps: [0.5, 0.5], budget: 2000, sizeTolerance: 1e-9) { p in
            (1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0])
        }
        XCTAssertEqual(r.x[0], 1, accuracy: 1e-4)
        XCTAssertEqual(r.x[1], 1, accuracy: 1e-4)
    }

    func testTheBudgetIsAHardLimitAndTheBestPointIsKept() {
        var calls = 0
        let r = NelderMead.minimize(start: [5], steps: [1], budget: 7, sizeTolerance: 1e-12) { p in
            calls += 1
            return abs(p[0] - 2)
        }
        XCTAssertEqual(r.stop, .budget)
        XCTAssertEqual(r.evaluations, 7)
        XCTAssertEqual(calls, 7)
        XCTAssertEqual(r.value, abs(r.x[0] - 2), "the best point and its value belong together")
        XCTAssertLessThan(r.value, 3, "it has moved from the start (value 3)")
    }

    func testTheFunctionCanStopTheSearch() {
        var calls = 0
        let r = NelderMead.minimize(start: [0, 0], steps: [1, 1], budget: 100, sizeTolerance: 1e-12) { p in
            calls += 1
            return calls == 5 ? nil : p[0] * p[0] + p[1] * p[1]
        }
        XCTAssertEqual(r.stop, .aborted)
        XCTAssertEqual(calls, 5)
    }
}
