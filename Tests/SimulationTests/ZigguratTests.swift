// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Foundation
import XCTest
@testable import Simulation

/// The ziggurat exponential sampler against the exponential distribution as
/// GSL computes it (`gsl_cdf_exponential_P`), its tables against their
/// defining equations, and its determinism.
final class ZigguratTests: XCTestCase {
    /// Every layer of the ziggurat has the same area v; the top layer reaches
    /// height 1 at x = 0, and the base holds the tail beyond r.
    func testEveryLayerHasTheSameArea() {
        let x = ExponentialZiggurat.edges()
        let v = ExponentialZiggurat.v, r = ExponentialZiggurat.r
        XCTAssertEqual(x[255], r)
        XCTAssertEqual(x[0] * exp(-r), v, accuracy: 1e-15)           // base rectangle
        XCTAssertEqual(r * exp(-r) + exp(-r), v, accuracy: 1e-12)     // = sure part + tail
        XCTAssertEqual(x[1] * (1 - exp(-x[1])), v, accuracy: 1e-9)    // top layer closes at height 1
        for i in 2...255 {
            XCTAssertEqual(x[i] * (exp(-x[i - 1]) - exp(-x[i])), v, accuracy: 1e-15, "layer \(i)")
            XCTAssertLessThan(x[i - 1], x[i])
        }
        XCTAssertGreaterThan(x[1], 0)
    }

    /// One-sample Kolmogorov–Smirnov test against GSL's exponential CDF, at
    /// the 0.1% level (D < 1.949/√n, n = 200,000). A broad check only: a
    /// defect confined to the wedges or to one layer moves the CDF by less
    /// than the test can see (a sampler that accepts every wedge point without
    /// the density test passes it, D ≈ 0.003). The moment and chi-square tests
    /// below are the sharp ones.
    func testKolmogorovSmirnovAgainstGSL() {
        for seed: UInt64 in [1, 2, 3] {
            let s = RandomStream(name: "ks", seed: seed)
            let n = 200_000
            var xs = (0..<n).map { _ in s.exponential(mean: 2) }
            xs.sort()
            var d = 0.0
            for (i, x) in xs.enumerated() {
                let f = gsl_cdf_exponential_P(x, 2)
                d = max(d, abs(f - Double(i) / Double(n)), abs(Double(i + 1) / Double(n) - f))
            }
            XCTAssertLessThan(d, 1.949 / Double(n).squareRoot(), "seed \(seed): D = \(d)")
        }
    }

    /// The first three raw moments of the standard exponential are 1, 2 and
    /// 6 (E Xᵏ = k!); with n = 2·10⁶ their standard errors are √(1/n), √(20/n)
    /// and √(684/n) (from E X⁴ = 24, E X⁶ = 720). Each must be within 5 of
    /// them. Checked against deliberately broken samplers: a sure region 1% too
    /// wide puts the mean about 6 standard errors off, and wedge points
    /// accepted without the density test put the second moment 11 off.
    func testMomentsAreThoseOfTheExponential() {
        let s = RandomStream(name: "moments", seed: 7)
        let n = 2_000_000
        var s1 = 0.0, s2 = 0.0, s3 = 0.0
        for _ in 0..<n {
            let x = s.standardExponential()
            s1 += x; s2 += x * x; s3 += x * x * x
        }
        let nn = Double(n)
        XCTAssertEqual(s1 / nn, 1, accuracy: 5 * (1 / nn).squareRoot())
        XCTAssertEqual(s2 / nn, 2, accuracy: 5 * (20 / nn).squareRoot())
        XCTAssertEqual(s3 / nn, 6, accuracy: 5 * (684 / nn).squareRoot())
        // The mean scales: exponential(mean:) is mean × a standard draw.
        let t = RandomStream(name: "moments", seed: 7)
        XCTAssertEqual(t.exponential(mean: 3.5), 3.5 * RandomStream(name: "moments", seed: 7).standardExponential())
    }

    /// Pearson's chi-square over bins that follow the ziggurat's structure —
    /// one bin between each pair of neighbouring layer edges, [x_{i−1}, x_i),
    /// plus the tail [r, ∞) — against the exact probabilities e^(−a) − e^(−b),
    /// and over 1,000 bins of equal probability (GSL's CDF). 2·10⁶ draws each;
    /// the upper tail probability of the statistic (GSL's chi-square
    /// distribution) must exceed 0.1%.
    func testChiSquareOverLayersAndQuantiles() {
        let x = ExponentialZiggurat.edges()
        let n = 2_000_000
        var cuts = [0.0]
        for i in 1...255 { cuts.append(x[i]) }                 // bin k: [cuts[k], cuts[k+1]); bin 255: [r, ∞)
        var counts = [Int](repeating: 0, count: 256)
        let s = RandomStream(name: "chi-layers", seed: 11)
        for _ in 0..<n {
            let v = s.standardExponential()
            var lo = 0, hi = 255
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if cuts[mid] <= v { lo = mid } else { hi = mid - 1 }
            }
            counts[lo] += 1
        }
        var chi = 0.0
        for k in 0..<256 {
            let p = exp(-cuts[k]) - (k < 255 ? exp(-cuts[k + 1]) : 0)
            let e = Double(n) * p
            chi += (Double(counts[k]) - e) * (Double(counts[k]) - e) / e
        }
        XCTAssertGreaterThan(gsl_cdf_chisq_Q(chi, 255), 1e-3, "layer bins: chi-square \(chi) on 255 df")

        let k = 1_000
        var q = [Int](repeating: 0, count: k)
        let t = RandomStream(name: "chi-quantiles", seed: 13)
        for _ in 0..<n { q[min(k - 1, Int(gsl_cdf_exponential_P(t.standardExponential(), 1) * Double(k)))] += 1 }
        let e = Double(n) / Double(k)
        let chiQ = q.reduce(0.0) { $0 + (Double($1) - e) * (Double($1) - e) / e }
        XCTAssertGreaterThan(gsl_cdf_chisq_Q(chiQ, Double(k - 1)), 1e-3, "quantile bins: chi-square \(chiQ) on \(k - 1) df")
    }

    /// The tail beyond r (drawn on the slow path) has the right probability,
    /// e^(−r) ≈ 4.54·10⁻⁴, and is memoryless: the excess over r has mean 1.
    func testTailBeyondR() {
        let s = RandomStream(name: "tail", seed: 5)
        let n = 2_000_000
        let r = ExponentialZiggurat.r
        var count = 0, excess = 0.0
        for _ in 0..<n {
            let x = s.standardExponential()
            if x > r { count += 1; excess += x - r }
        }
        let expected = Double(n) * exp(-r)                       // 908.3
        XCTAssertLessThan(abs(Double(count) - expected), 5 * expected.squareRoot())
        // Mean excess 1, SE 1/√count ≈ 0.033.
        XCTAssertEqual(excess / Double(count), 1, accuracy: 5 / Double(count).squareRoot())
    }

    /// Mass in each of a few narrow bins near the top layer and across layer
    /// edges, against the exact probabilities (chi-square-style, each within
    /// 5 standard errors).
    func testMassAcrossLayerEdges() {
        let x = ExponentialZiggurat.edges()
        let s = RandomStream(name: "edges", seed: 9)
        let n = 1_000_000
        let cuts = [0, x[1] / 2, x[1], x[2], x[10], x[128], x[200], x[254], x[255]]
        var counts = [Int](repeating: 0, count: cuts.count)
        for _ in 0..<n {
            let v = s.standardExponential()
            // Bin k holds cuts[k] ≤ v < cuts[k+1]; the last bin holds v ≥ r.
            var k = cuts.count - 1
            while k > 0 && v < cuts[k] { k -= 1 }
            counts[k] += 1
        }
        for k in 0..<cuts.count {
            let hi = k + 1 < cuts.count ? cuts[k + 1] : Double.infinity
            let p = exp(-cuts[k]) - (hi.isFinite ? exp(-hi) : 0)
            let se = (Double(n) * p * (1 - p)).squareRoot()
            XCTAssertLessThan(abs(Double(counts[k]) - Double(n) * p), 5 * se, "bin \(k) [\(cuts[k]), \(hi))")
        }
    }

    func testSameSeedSameDraws() {
        let a = RandomStream(name: "a", seed: 42), b = RandomStream(name: "a", seed: 42)
        for _ in 0..<10_000 { XCTAssertEqual(a.exponential(mean: 3), b.exponential(mean: 3)) }
        let c = RandomStream(name: "c", seed: 43)
        let d = RandomStream(name: "a", seed: 42)
        XCTAssertNotEqual((0..<10).map { _ in c.exponential(mean: 1) }, (0..<10).map { _ in d.exponential(mean: 1) })
    }
}
