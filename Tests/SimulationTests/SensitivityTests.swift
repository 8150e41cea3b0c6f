// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Simulation

/// Sampling designs and sensitivity indices against known answers.
final class SensitivityTests: XCTestCase {
    // MARK: Latin hypercube

    func testLatinHypercubeHasOneSamplePerStratumInEveryDimension() {
        for (n, d) in [(1, 3), (7, 2), (50, 5), (200, 1)] {
            let rows = SensitivityDesign.latinHypercube(samples: n, dimensions: d, seed: 42)
            XCTAssertEqual(rows.count, n)
            for j in 0..<d {
                let strata = rows.map { Int(($0[j] * Double(n)).rounded(.down)) }
                XCTAssertEqual(strata.sorted(), Array(0..<n), "dimension \(j) of \(n)×\(d)")
                XCTAssertTrue(rows.allSatisfy { $0[j] >= 0 && $0[j] < 1 })
            }
        }
    }

    func testLatinHypercubePairsStrataAtRandomAndRepeatsForASeed() {
        let a = SensitivityDesign.latinHypercube(samples: 100, dimensions: 2, seed: 1)
        XCTAssertEqual(a, SensitivityDesign.latinHypercube(samples: 100, dimensions: 2, seed: 1))
        XCTAssertNotEqual(a, SensitivityDesign.latinHypercube(samples: 100, dimensions: 2, seed: 2))
        // Random pairing: the columns' strata are not the same permutation, and
        // their rank correlation is small (|r| < 0.3 for 100 independent pairs).
        let r = SensitivityIndices.partialCorrelations(x: a.map { [$0[0]] }, y: a.map { $0[1] })[0].estimate
        XCTAssertLessThan(abs(r), 0.3)
    }

    // MARK: Distributions

    func testInverseCDFsAgreeWithClosedForms() {
        // Uniform and triangular: closed forms.
        XCTAssertEqual(ParameterDistribution.uniform(low: 10, high: 16).quantile(0.25), 11.5, accuracy: 1e-12)
        let tri = ParameterDistribution.triangular(min: 0, mode: 1, max: 4)
        // CDF at the mode is (mode − min)/(max − min) = 0.25.
        XCTAssertEqual(tri.quantile(0.25), 1, accuracy: 1e-12)
        // F(x) = 1 − (4 − x)²/12 for x ≥ 1: F(2) = 2/3.
        XCTAssertEqual(tri.quantile(2.0 / 3.0), 2, accuracy: 1e-12)
        // Normal, truncated at 0.1% / 99.9%: the median is the mean; the ends are mean ± 3.0902 sd.
        let normal = ParameterDistribution.normal(mean: 5, sd: 2)
        XCTAssertEqual(normal.quantile(0.5), 5, accuracy: 1e-12)
        XCTAssertEqual(normal.range.high, 5 + 2 * 3.090232306167813, accuracy: 1e-9)
        // Lognormal by the variate's mean and sd: the median is mean/√(1 + cv²).
        let logn = ParameterDistribution.lognormal(mean: 13, sd: 3)
        XCTAssertEqual(logn.quantile(0.5), 13 / (1 + 9.0 / 169).squareRoot(), accuracy: 1e-9)
        // Beta(mean 0.36, sd 0.03): the sample mean of many evenly spaced quantiles is the mean.
        let beta = ParameterDistribution.beta(mean: 0.36, sd: 0.03)
        let values = (0..<20_000).map { beta.quantile((Double($0) + 0.5) / 20_000) }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        XCTAssertEqual(mean, 0.36, accuracy: 1e-4)
        XCTAssertEqual(sd, 0.03, accuracy: 0.0005)   // slightly under 0.03: the 0.1% tails are cut
        XCTAssertNotNil(ParameterDistribution.beta(mean: 0.5, sd: 0.5).problem)
        XCTAssertNil(ParameterDistribution.beta(mean: 0.5, sd: 0.2).problem)
    }

    // MARK: Sobol indices

    /// The Ishigami function, a = 7, b = 0.1, inputs uniform on [−π, π].
    private func ishigami(_ x: [Double]) -> Double {
        sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0])
    }

    func testSobolIndicesOfTheIshigamiFunctionCoverTheClosedForm() {
        // Closed form (Ishigami & Homma 1990; Sobol' & Levitan 1999).
        let a = 7.0, b = 0.1, pi4 = pow(Double.pi, 4), pi8 = pow(Double.pi, 8)
        let v1 = 0.5 * pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225
        let v = v1 + v2 + v13
        let first = [v1 / v, v2 / v, 0, 0], total = [(v1 + v13) / v, v2 / v, v13 / v, 0]
        XCTAssertEqual(first[0], 0.3139, accuracy: 1e-4)   // the published values
        XCTAssertEqual(total[2], 0.2437, accuracy: 1e-4)

        // A fourth input the function ignores: its indices must come out near 0.
        let d = 4, base = 4096
        let rows = SensitivityDesign.saltelli(base: base, dimensions: d)
        XCTAssertEqual(rows.count, base * (d + 2))
        let inputs = ParameterDistribution.uniform(low: -.pi, high: .pi)
        let y = rows.map { ishigami($0.map(inputs.quantile)) }
        let s = SensitivityIndices.sobol(outputs: y, dimensions: d, resamples: 500, seed: 7)
        for j in 0..<d {
            XCTAssertLessThanOrEqual(s.firstOrder[j].low, first[j] + 0.01, "S\(j + 1) = \(s.firstOrder[j])")
            XCTAssertGreaterThanOrEqual(s.firstOrder[j].high, first[j] - 0.01, "S\(j + 1) = \(s.firstOrder[j])")
            XCTAssertEqual(s.firstOrder[j].estimate, first[j], accuracy: 0.03)
            XCTAssertLessThanOrEqual(s.total[j].low, total[j] + 0.01, "ST\(j + 1) = \(s.total[j])")
            XCTAssertGreaterThanOrEqual(s.total[j].high, total[j] - 0.01, "ST\(j + 1) = \(s.total[j])")
            XCTAssertEqual(s.total[j].estimate, total[j], accuracy: 0.03)
        }
        // The ignored input: exactly 0 (its A_B rows equal its A rows), with intervals at 0.
        XCTAssertEqual(s.firstOrder[3].estimate, 0, accuracy: 1e-12)
        XCTAssertEqual(s.total[3].high, 0, accuracy: 1e-12)
        // The same seed gives the same intervals.
        let again = SensitivityIndices.sobol(outputs: y, dimensions: d, resamples: 500, seed: 7)
        XCTAssertEqual(again.firstOrder, s.firstOrder)
        XCTAssertEqual(again.total, s.total)
    }

    func testSaltelliRowsAreLabelledByMatrix() {
        let d = 3
        let rows = SensitivityDesign.saltelli(base: 8, dimensions: d)
        for i in 0..<8 {
            let a = rows[i * (d + 2)], b = rows[i * (d + 2) + 1]
            XCTAssertEqual(SensitivityDesign.saltelliRow(i * (d + 2), dimensions: d), SaltelliRow(base: i, role: .a))
            for j in 0..<d {
                let ab = rows[i * (d + 2) + 2 + j]
                XCTAssertEqual(SensitivityDesign.saltelliRow(i * (d + 2) + 2 + j, dimensions: d).label, "AB\(j + 1)")
                for k in 0..<d { XCTAssertEqual(ab[k], k == j ? b[k] : a[k]) }
            }
        }
    }

    // MARK: Partial correlations

    func testPartialCorrelationsOfALinearModelWithKnownCoefficients() {
        // y = 3 x1 + 1 x2 + 0 x3 + ε, x uniform on [0, 1] (variance 1/12), ε ~ N(0, 0.5²):
        // the partial correlation of x_j is b_j σ_j / √(b_j² σ_j² + σ_ε²).
        let n = 2000
        let rows = SensitivityDesign.latinHypercube(samples: n, dimensions: 3, seed: 11)
        let noise = RandomStream(name: "test/noise", seed: 3)
        let y = rows.map { 3 * $0[0] + 1 * $0[1] + 0.5 * noise.standardNormal() }
        let sx = (1.0 / 12).squareRoot()
        let expected = [3.0, 1.0, 0.0].map { b in b * sx / (b * b * sx * sx + 0.25).squareRoot() }
        let pcc = SensitivityIndices.partialCorrelations(x: rows, y: y, rank: false)
        for j in 0..<3 {
            XCTAssertLessThanOrEqual(pcc[j].low, expected[j], "x\(j + 1): \(pcc[j]) against \(expected[j])")
            XCTAssertGreaterThanOrEqual(pcc[j].high, expected[j], "x\(j + 1): \(pcc[j]) against \(expected[j])")
        }
        // PRCC keeps the order and puts the input without effect near 0.
        let prcc = SensitivityIndices.partialCorrelations(x: rows, y: y)
        XCTAssertGreaterThan(prcc[0].estimate, prcc[1].estimate)
        XCTAssertGreaterThan(prcc[1].low, 0)
        XCTAssertLessThan(prcc[2].low, 0)
        XCTAssertGreaterThan(prcc[2].high, 0)
    }

    func testPRCCOfAMonotoneFunctionOfOneInputIsOne() {
        // y = exp(5 x1): ranks of y are ranks of x1, so after removing x2 from
        // both their residuals are equal: PRCC exactly 1 for x1; x2 gets 0.
        let rows = SensitivityDesign.latinHypercube(samples: 60, dimensions: 2, seed: 5)
        let prcc = SensitivityIndices.partialCorrelations(x: rows, y: rows.map { exp(5 * $0[0]) })
        XCTAssertEqual(prcc[0].estimate, 1, accuracy: 1e-9)
        XCTAssertEqual(prcc[1].estimate, 0, accuracy: 1e-9)
    }

    func testRanksShareTies() {
        XCTAssertEqual(SensitivityIndices.ranks([3, 1, 4, 1, 5]), [3, 1.5, 4, 1.5, 5])
    }

    func testAConstantOutputHasZeroIndices() {
        let rows = SensitivityDesign.saltelli(base: 16, dimensions: 2)
        let s = SensitivityIndices.sobol(outputs: Array(repeating: 4, count: rows.count), dimensions: 2, resamples: 10, seed: 1)
        XCTAssertEqual(s.firstOrder.map(\.estimate), [0, 0])
        XCTAssertEqual(s.total.map(\.estimate), [0, 0])
        let p = SensitivityIndices.partialCorrelations(x: rows, y: Array(repeating: 4, count: rows.count))
        XCTAssertEqual(p.map(\.estimate), [0, 0])
    }
}
