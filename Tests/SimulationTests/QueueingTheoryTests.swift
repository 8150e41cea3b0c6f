// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Simulation

/// `MMcTheory` against values computed by hand from the closed forms.
final class QueueingTheoryTests: XCTestCase {
    /// λ = 10, μ = 4, c = 3: a = λ/μ = 2.5, ρ = a/c = 5/6.
    /// Erlang C = [aᶜ/c! · c/(c−a)] / [Σₖ₌₀^{c−1} aᵏ/k! + aᶜ/c! · c/(c−a)]:
    ///   aᶜ/c! = 15.625/6 = 2.6041667, c/(c−a) = 3/0.5 = 6, product 15.625;
    ///   Σ = 1 + 2.5 + 3.125 = 6.625;
    ///   C = 15.625 / (6.625 + 15.625) = 15.625/22.25 = 125/178 = 0.7022472.
    /// Wq = C/(cμ − λ) = 0.7022472/2 = 0.3511236; W = Wq + 1/μ = 0.6011236;
    /// Lq = λWq = 3.511236; L = λW = 6.011236.
    func testErlangCForTheBenchmarkQueue() {
        let t = MMcTheory(arrivalRate: 10, serviceRate: 4, servers: 3)
        XCTAssertEqual(t.offeredLoad, 2.5)
        XCTAssertEqual(t.utilisation, 5.0 / 6, accuracy: 1e-15)
        XCTAssertTrue(t.isStable)
        XCTAssertEqual(t.probabilityOfWaiting, 125.0 / 178, accuracy: 1e-12)
        XCTAssertEqual(t.probabilityOfWaiting, 0.7022472, accuracy: 1e-7)
        XCTAssertEqual(t.meanWaitInQueue, 125.0 / 356, accuracy: 1e-12)
        XCTAssertEqual(t.meanTimeInSystem, 125.0 / 356 + 0.25, accuracy: 1e-12)
        XCTAssertEqual(t.meanInQueue, 1250.0 / 356, accuracy: 1e-12)
        XCTAssertEqual(t.meanInSystem, 6.011236, accuracy: 1e-6)
    }

    /// λ = 6, μ = 4, c = 3: a = 1.5, ρ = 0.5. aᶜ/c! = 3.375/6 = 0.5625,
    /// c/(c−a) = 2 → 1.125; Σ = 1 + 1.5 + 1.125 = 3.625; C = 1.125/4.75 = 9/38.
    /// Wq = (9/38)/(12 − 6) = 3/76.
    func testErlangCAtHalfLoad() {
        let t = MMcTheory(arrivalRate: 6, serviceRate: 4, servers: 3)
        XCTAssertEqual(t.utilisation, 0.5)
        XCTAssertEqual(t.probabilityOfWaiting, 9.0 / 38, accuracy: 1e-12)
        XCTAssertEqual(t.meanWaitInQueue, 3.0 / 76, accuracy: 1e-12)
    }

    /// M/M/1 with λ = 2, μ = 4 (ρ = 0.5): P(wait) = ρ = 0.5,
    /// Wq = ρ/(μ − λ) = 0.25, W = 1/(μ − λ) = 0.5, L = ρ/(1 − ρ) = 1, Lq = ρ²/(1 − ρ) = 0.5.
    func testMM1ClosedForms() {
        let t = MMcTheory(arrivalRate: 2, serviceRate: 4, servers: 1)
        XCTAssertEqual(t.probabilityOfWaiting, 0.5, accuracy: 1e-15)
        XCTAssertEqual(t.meanWaitInQueue, 0.25, accuracy: 1e-15)
        XCTAssertEqual(t.meanTimeInSystem, 0.5, accuracy: 1e-15)
        XCTAssertEqual(t.meanInSystem, 1, accuracy: 1e-15)
        XCTAssertEqual(t.meanInQueue, 0.5, accuracy: 1e-15)
    }

    func testUnstableAndManyServers() {
        let unstable = MMcTheory(arrivalRate: 12, serviceRate: 4, servers: 3)
        XCTAssertFalse(unstable.isStable)
        XCTAssertEqual(unstable.probabilityOfWaiting, 1)
        XCTAssertEqual(unstable.meanWaitInQueue, .infinity)
        // c = 50 servers for a = 2.5 Erlangs: waiting is astronomically rare.
        let wide = MMcTheory(arrivalRate: 10, serviceRate: 4, servers: 50)
        XCTAssertLessThan(wide.probabilityOfWaiting, 1e-30)
        XCTAssertEqual(wide.meanInSystem, 2.5, accuracy: 1e-12)
    }

    /// The Erlang-B recursion against the textbook sum for a range of loads.
    func testRecursionAgreesWithTheDirectFormula() {
        for c in 1...12 {
            for a in stride(from: 0.25, to: Double(c), by: 0.5) {
                var term = 1.0, sum = 0.0
                for k in 0..<c { sum += term; term *= a / Double(k + 1) }   // term = aᶜ/c! at the end
                let top = term * Double(c) / (Double(c) - a)
                let direct = top / (sum + top)
                let t = MMcTheory(arrivalRate: a, serviceRate: 1, servers: c)
                XCTAssertEqual(t.probabilityOfWaiting, direct, accuracy: 1e-12, "c=\(c) a=\(a)")
            }
        }
    }
}
