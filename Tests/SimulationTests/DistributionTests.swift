// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Simulation

/// Sample moments of every ``Distribution`` against its theoretical mean and
/// variance, and those theoretical values against hand computation.
final class DistributionTests: XCTestCase {
    /// Draws `n` variates and checks the sample mean and variance against the
    /// distribution's `mean` and `variance`.
    ///
    /// Tolerance: the sample mean's standard error is σ/√n; the sample
    /// variance's is estimated from the draws as SD((x − x̄)²)/√n (this needs
    /// only a finite fourth moment, true for every case here). Both must be
    /// within k = 5 standard errors: a correct sampler fails with probability
    /// below 10⁻⁶ per check, while with n = 200,000 a 2% error in a mean of
    /// a distribution with CV ≤ 1 is ≥ 9 SE and is caught.
    func checkMoments(_ d: Distribution, n: Int = 200_000, seed: UInt64 = 17,
                      file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(d.parameterProblems, [], file: file, line: line)
        let s = RandomStream(name: "moments", seed: seed)
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n { xs[i] = d.sample(s) }
        let mean = xs.reduce(0, +) / Double(n)
        var m2 = 0.0, m4 = 0.0
        for x in xs { let dd = (x - mean) * (x - mean); m2 += dd; m4 += dd * dd }
        let variance = m2 / Double(n - 1)
        let seMean = (d.variance / Double(n)).squareRoot()
        let sdOfSquares = (m4 / Double(n) - (m2 / Double(n)) * (m2 / Double(n))).squareRoot()
        let seVar = sdOfSquares / Double(n).squareRoot()
        let k = 5.0
        XCTAssertLessThan(abs(mean - d.mean), k * seMean, "mean of \(d): \(mean) vs \(d.mean)", file: file, line: line)
        XCTAssertLessThan(abs(variance - d.variance), k * seVar, "variance of \(d): \(variance) vs \(d.variance)", file: file, line: line)
    }

    func testUniform() {
        let d = Distribution.uniform(lower: 2, upper: 5)
        XCTAssertEqual(d.mean, 3.5)                  // (2 + 5) / 2
        XCTAssertEqual(d.variance, 0.75)             // 3² / 12
        checkMoments(d)
        let s = RandomStream(name: "u", seed: 1)
        for _ in 0..<10_000 { let x = d.sample(s); XCTAssert(x >= 2 && x < 5) }
    }

    func testExponential() {
        let d = Distribution.exponential(mean: 2.5)
        XCTAssertEqual(d.mean, 2.5)
        XCTAssertEqual(d.variance, 6.25)             // mean²
        checkMoments(d)
        // P(X ≤ mean) = 1 − e⁻¹ ≈ 0.6321206; SE √(p(1−p)/n) ≈ 0.00108 at n = 200,000.
        let s = RandomStream(name: "e", seed: 2)
        let n = 200_000
        let below = (0..<n).reduce(0) { acc, _ in acc + (d.sample(s) <= 2.5 ? 1 : 0) }
        XCTAssertEqual(Double(below) / Double(n), 1 - exp(-1), accuracy: 5 * 0.00108)
    }

    func testGamma() {
        let d = Distribution.gamma(shape: 2, scale: 3)
        XCTAssertEqual(d.mean, 6)                    // kθ
        XCTAssertEqual(d.variance, 18)               // kθ²
        checkMoments(d)
        checkMoments(.gamma(shape: 0.5, scale: 4))   // the other GSL branch (shape < 1)
    }

    func testLognormalBothConstructors() {
        let d = Distribution.lognormal(mu: 0, sigma: 0.5)
        // mean e^{μ+σ²/2} = e^{0.125}; variance (e^{σ²} − 1)·e^{2μ+σ²} = (e^{0.25} − 1)·e^{0.25}
        XCTAssertEqual(d.mean, 1.1331484530668263, accuracy: 1e-12)
        XCTAssertEqual(d.variance, (1.2840254166877414 - 1) * 1.2840254166877414, accuracy: 1e-12)
        checkMoments(d)
        // By the variate's own mean and SD: 10 and 5 → σ² = ln(1 + 0.25), μ = ln 10 − σ²/2.
        let e = Distribution.lognormal(mean: 10, sd: 5)
        guard case .lognormal(let mu, let sigma) = e else { return XCTFail("not a lognormal") }
        XCTAssertEqual(sigma * sigma, log(1.25), accuracy: 1e-12)
        XCTAssertEqual(mu, log(10) - log(1.25) / 2, accuracy: 1e-12)
        XCTAssertEqual(e.mean, 10, accuracy: 1e-9)
        XCTAssertEqual(e.variance, 25, accuracy: 1e-9)
        checkMoments(e)
    }

    func testWeibull() {
        // Scale 2, shape 2: mean 2·Γ(1.5) = √π; variance 4·(Γ(2) − Γ(1.5)²) = 4 − π.
        let d = Distribution.weibull(scale: 2, shape: 2)
        XCTAssertEqual(d.mean, Double.pi.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(d.variance, 4 - Double.pi, accuracy: 1e-12)
        checkMoments(d)
        // Scale and shape must not be swapped: scale 3, shape 1.5 has mean 3·Γ(5/3) ≈ 2.708.
        checkMoments(.weibull(scale: 3, shape: 1.5))
        XCTAssertEqual(Distribution.weibull(scale: 3, shape: 1.5).mean, 2.7082, accuracy: 1e-4)
    }

    func testNormal() {
        let d = Distribution.normal(mean: 3, sd: 2)
        XCTAssertEqual(d.mean, 3)
        XCTAssertEqual(d.variance, 4)
        checkMoments(d)
    }

    func testTriangular() {
        // min 0, mode 1, max 4: mean (0+1+4)/3 = 5/3; variance (0+16+1−0−0−4)/18 = 13/18.
        let d = Distribution.triangular(min: 0, mode: 1, max: 4)
        XCTAssertEqual(d.mean, 5.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(d.variance, 13.0 / 18, accuracy: 1e-15)
        checkMoments(d)
        // P(X ≤ mode) = (c−a)/(b−a) = 1/4.
        let s = RandomStream(name: "tri", seed: 4)
        let n = 100_000
        var below = 0
        for _ in 0..<n { let x = d.sample(s); XCTAssert(x >= 0 && x <= 4); if x <= 1 { below += 1 } }
        XCTAssertEqual(Double(below) / Double(n), 0.25, accuracy: 5 * (0.25 * 0.75 / Double(n)).squareRoot())
        // Degenerate modes at either end.
        checkMoments(.triangular(min: 0, mode: 0, max: 1))
        checkMoments(.triangular(min: 0, mode: 1, max: 1))
    }

    func testPoisson() {
        let d = Distribution.poisson(mean: 4)
        XCTAssertEqual(d.mean, 4)
        XCTAssertEqual(d.variance, 4)                // Poisson: variance = mean
        checkMoments(d)
        checkMoments(.poisson(mean: 250))
        XCTAssertEqual(Distribution.poisson(mean: 0).sample(RandomStream(name: "p", seed: 1)), 0)
    }

    func testBinomial() {
        let d = Distribution.binomial(n: 20, p: 0.3)
        XCTAssertEqual(d.mean, 6, accuracy: 1e-12)               // np
        XCTAssertEqual(d.variance, 4.2, accuracy: 1e-12)         // np(1−p)
        checkMoments(d)
    }

    func testEmpirical() {
        // values 1, 2, 5 with weights 1, 2, 1: mean (1+4+5)/4 = 2.5;
        // variance (1.5²·1 + 0.5²·2 + 2.5²·1)/4 = 9/4.
        let d = Distribution.empirical(values: [1, 2, 5], weights: [1, 2, 1])
        XCTAssertEqual(d.mean, 2.5)
        XCTAssertEqual(d.variance, 2.25)
        checkMoments(d)
        // A zero-weight value is never drawn.
        let z = Distribution.empirical(values: [1, 2, 3], weights: [1, 0, 1])
        let s = RandomStream(name: "emp", seed: 6)
        for _ in 0..<20_000 { XCTAssertNotEqual(z.sample(s), 2) }
    }

    func testConstant() {
        let d = Distribution.constant(7)
        XCTAssertEqual(d.mean, 7)
        XCTAssertEqual(d.variance, 0)
        let s = RandomStream(name: "c", seed: 1)
        for _ in 0..<100 { XCTAssertEqual(d.sample(s), 7) }
    }

    func testCategoricalSamplerFrequencies() {
        let weights = [1.0, 2, 3, 4]
        let sampler = CategoricalSampler(weights: weights)
        for i in 0..<4 { XCTAssertEqual(sampler.probability(i), weights[i] / 10, accuracy: 1e-12) }
        let s = RandomStream(name: "cat", seed: 21)
        let n = 100_000
        var counts = [Int](repeating: 0, count: 4)
        for _ in 0..<n { counts[sampler.sample(s)] += 1 }
        // Pearson χ² with 3 degrees of freedom; P(χ²₃ > 21.1) ≈ 10⁻⁴.
        var chi2 = 0.0
        for i in 0..<4 {
            let e = Double(n) * weights[i] / 10
            chi2 += (Double(counts[i]) - e) * (Double(counts[i]) - e) / e
        }
        XCTAssertLessThan(chi2, 21.1, "counts \(counts)")
        // A zero weight is never drawn.
        let z = CategoricalSampler(weights: [0, 1, 0, 1])
        for _ in 0..<10_000 { let i = z.sample(s); XCTAssert(i == 1 || i == 3) }
    }

    func testParameterProblems() {
        let bad: [Distribution] = [
            .constant(.nan), .uniform(lower: 3, upper: 3), .uniform(lower: 0, upper: .infinity),
            .exponential(mean: 0), .exponential(mean: -1), .gamma(shape: 0, scale: 1), .gamma(shape: 1, scale: -1),
            .lognormal(mu: 0, sigma: 0), .lognormal(mu: .nan, sigma: 1), .lognormal(mean: -1, sd: 1),
            .weibull(scale: 0, shape: 1), .weibull(scale: 1, shape: 0), .normal(mean: 0, sd: 0),
            .triangular(min: 0, mode: 5, max: 4), .triangular(min: 2, mode: 2, max: 2),
            .poisson(mean: -1), .poisson(mean: .infinity), .binomial(n: -1, p: 0.5), .binomial(n: 5, p: 1.5),
            .binomial(n: 5, p: .nan), .empirical(values: [], weights: []), .empirical(values: [1, 2], weights: [1]),
            .empirical(values: [1, 2], weights: [0, 0]), .empirical(values: [1, 2], weights: [1, -1]),
            .empirical(values: [.nan, 2], weights: [1, 1]),
        ]
        for d in bad { XCTAssertFalse(d.parameterProblems.isEmpty, "\(d) should be rejected") }
        let good: [Distribution] = [
            .constant(0), .uniform(lower: -1, upper: 1), .exponential(mean: 1), .gamma(shape: 0.3, scale: 2),
            .lognormal(mu: -2, sigma: 0.1), .lognormal(mean: 3, sd: 1), .weibull(scale: 1, shape: 0.5),
            .normal(mean: -3, sd: 1), .triangular(min: 0, mode: 0, max: 1), .poisson(mean: 0),
            .binomial(n: 0, p: 0), .empirical(values: [1], weights: [2]),
        ]
        for d in good { XCTAssertEqual(d.parameterProblems, [], "\(d) is valid") }
    }

    func testStudentTQuantile() {
        // Tabulated values.
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 4), 2.7764451, accuracy: 1e-6)
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 9), 2.2621572, accuracy: 1e-6)
        XCTAssertEqual(StudentT.quantile(0.5, degreesOfFreedom: 3), 0, accuracy: 1e-12)
    }
}
