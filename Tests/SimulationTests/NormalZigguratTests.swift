// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Foundation
import XCTest
@testable import Simulation

/// The inline normal ziggurat (``NormalZiggurat``) against the normal distribution as GSL
/// computes it (`gsl_cdf_ugaussian_P`), its tables against their defining equations, and its
/// determinism.
final class NormalZigguratTests: XCTestCase {
    /// Every layer has the same area v under f(x) = e^(−x²/2); the top layer reaches height 1
    /// at x = 0, and the base holds the tail beyond r (its area √(2π)·Q(r)).
    func testEveryLayerHasTheSameArea() {
        let x = NormalZiggurat.edges()
        let v = NormalZiggurat.v, r = NormalZiggurat.r
        func f(_ t: Double) -> Double { exp(-t * t / 2) }
        XCTAssertEqual(x[127], r)
        XCTAssertEqual(x[0] * f(r), v, accuracy: 1e-15)
        XCTAssertEqual(r * f(r) + (2 * Double.pi).squareRoot() * gsl_cdf_ugaussian_Q(r), v, accuracy: 1e-10)
        XCTAssertEqual(x[1] * (1 - f(x[1])), v, accuracy: 1e-8)       // the top layer closes at height 1
        for i in 2...127 {
            XCTAssertEqual(x[i] * (f(x[i - 1]) - f(x[i])), v, accuracy: 1e-14, "layer \(i)")
            XCTAssertLessThan(x[i - 1], x[i])
        }
        XCTAssertGreaterThan(x[1], 0)
    }

    /// The first raw moments of the standard normal are 0, 1, 0 and 3; with n = 2·10⁶ their
    /// standard errors are √(1/n), √(2/n), √(15/n) and √(96/n). Each must be within 5.
    func testMomentsAreThoseOfTheStandardNormal() {
        let z = NormalZiggurat()
        let s = RandomStream(name: "normal-moments", seed: 7)
        let n = 2_000_000
        var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0
        for _ in 0..<n {
            let x = z.sample(s)
            let x2 = x * x
            s1 += x; s2 += x2; s3 += x2 * x; s4 += x2 * x2
        }
        let nn = Double(n)
        XCTAssertEqual(s1 / nn, 0, accuracy: 5 * (1 / nn).squareRoot())
        XCTAssertEqual(s2 / nn, 1, accuracy: 5 * (2 / nn).squareRoot())
        XCTAssertEqual(s3 / nn, 0, accuracy: 5 * (15 / nn).squareRoot())
        XCTAssertEqual(s4 / nn, 3, accuracy: 5 * (96 / nn).squareRoot())
    }

    /// Pearson's chi-square over bins that follow the ziggurat's structure — between each pair
    /// of neighbouring layer edges on each side, and the two tails beyond ±r — against GSL's
    /// normal CDF, and over 1,000 bins of equal probability; 2·10⁶ draws each; the statistic's
    /// upper tail probability must exceed 0.1%.
    func testChiSquareOverLayersAndQuantiles() {
        let x = NormalZiggurat.edges()
        let n = 2_000_000
        var cuts = [0.0]
        for i in 1...127 { cuts.append(x[i]) }              // |v| bins: [cuts[k], cuts[k+1]); bin 127: [r, ∞)
        var counts = [Int](repeating: 0, count: 256)         // negative side at 128 + k
        let z = NormalZiggurat()
        let s = RandomStream(name: "normal-chi-layers", seed: 11)
        for _ in 0..<n {
            let v = z.sample(s)
            let a = abs(v)
            var lo = 0, hi = 127
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if cuts[mid] <= a { lo = mid } else { hi = mid - 1 }
            }
            counts[(v < 0 ? 128 : 0) + lo] += 1
        }
        var chi = 0.0
        for k in 0..<256 {
            let b = k % 128
            let p = gsl_cdf_ugaussian_Q(cuts[b]) - (b < 127 ? gsl_cdf_ugaussian_Q(cuts[b + 1]) : 0)
            let e = Double(n) * p
            chi += (Double(counts[k]) - e) * (Double(counts[k]) - e) / e
        }
        XCTAssertGreaterThan(gsl_cdf_chisq_Q(chi, 255), 1e-3, "layer bins: chi-square \(chi) on 255 df")

        let k = 1_000
        var q = [Int](repeating: 0, count: k)
        let t = RandomStream(name: "normal-chi-quantiles", seed: 13)
        for _ in 0..<n { q[min(k - 1, Int(gsl_cdf_ugaussian_P(z.sample(t)) * Double(k)))] += 1 }
        let e = Double(n) / Double(k)
        let chiQ = q.reduce(0.0) { $0 + (Double($1) - e) * (Double($1) - e) / e }
        XCTAssertGreaterThan(gsl_cdf_chisq_Q(chiQ, Double(k - 1)), 1e-3, "quantile bins: chi-square \(chiQ) on \(k - 1) df")
    }

    /// The tails beyond ±r (the slow path) have the right probability, 2·Q(r) ≈ 5.76·10⁻⁴, and
    /// the excess over r has the mean of the normal tail's, φ(r)/Q(r) − r.
    func testTailsBeyondR() {
        let z = NormalZiggurat()
        let s = RandomStream(name: "normal-tail", seed: 5)
        let n = 4_000_000
        let r = NormalZiggurat.r
        var up = 0, down = 0, excess = 0.0
        for _ in 0..<n {
            let x = z.sample(s)
            if x > r { up += 1; excess += x - r } else if x < -r { down += 1; excess += -x - r }
        }
        let q = gsl_cdf_ugaussian_Q(r)
        let expected = Double(n) * q                       // about 1,152 each side
        XCTAssertLessThan(abs(Double(up) - expected), 5 * expected.squareRoot())
        XCTAssertLessThan(abs(Double(down) - expected), 5 * expected.squareRoot())
        let meanExcess = gsl_ran_ugaussian_pdf(r) / q - r   // about 0.26; its SD is below the mean
        XCTAssertEqual(excess / Double(up + down), meanExcess, accuracy: 5 * meanExcess / Double(up + down).squareRoot())
    }

    func testSameSeedSameDraws() {
        let z = NormalZiggurat()
        let a = RandomStream(name: "a", seed: 42), b = RandomStream(name: "a", seed: 42)
        for _ in 0..<10_000 { XCTAssertEqual(z.sample(a), z.sample(b)) }
        let c = RandomStream(name: "c", seed: 43)
        XCTAssertNotEqual((0..<10).map { _ in z.sample(c) }, (0..<10).map { _ in z.sample(a) })
    }

    /// The sign is set without a branch; it must be exactly the sign the ternary gave, and
    /// the sampler must draw exactly what the ziggurat with a branch on the sign drew.
    func testBranchlessSignIsTheTernarysSign() {
        var xs: [Double] = [0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1e-300, 0.5, 1, 3.442619855899, 1e300,
                            .greatestFiniteMagnitude, .infinity]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<1000 { xs.append(Double.random(in: 0...5, using: &rng)) }
        for x in xs {
            for u: UInt32 in [0, 0x7f, 0x80, 0xff, 0xffff_ff7f, 0xffff_ffff, 0x1234_5680, 0x1234_5600] {
                let want = u & 0x80 != 0 ? x : -x
                XCTAssertEqual(NormalZiggurat.signed(x, u).bitPattern, want.bitPattern, "\(x), \(u)")
            }
        }
        XCTAssertEqual(NormalZiggurat.signed(0, 0).sign, .minus)
        XCTAssertEqual(NormalZiggurat.signed(2, 0x80), 2)
        XCTAssertEqual(NormalZiggurat.signed(2, 0x7f), -2)
        // The sampler against the ziggurat with the branch, on twin streams.
        let z = NormalZiggurat()
        let a = RandomStream(name: "a", seed: 7), b = RandomStream(name: "a", seed: 7)
        for _ in 0..<200_000 {
            let want = Self.referenceSample(z, b).value
            XCTAssertEqual(z.sample(a).bitPattern, want.bitPattern)
        }
    }

    /// One draw by the ziggurat with the branch (the fast path in a layer's rectangle, else
    /// ``referenceSlowPath(_:_:_:)``), and whether it took the slow path.
    static func referenceSample(_ z: NormalZiggurat, _ s: RandomStream) -> (value: Double, slow: Bool) {
        let u = s.next32()
        let layer = z.layers[Int(u & 0x7f)]
        let j = u >> 8
        if j < layer.limit {
            let x = Double(j) * layer.scale
            return (u & 0x80 != 0 ? x : -x, false)
        }
        return (referenceSlowPath(z, s, u), true)
    }

    /// The slow path as it was (the wedge test by `exp` alone, the sign by a branch), for
    /// checking the one that decides most wedge points without `exp`.
    static func referenceSlowPath(_ z: NormalZiggurat, _ s: RandomStream, _ first: UInt32) -> Double {
        var u = first
        while true {
            let i = Int(u & 0x7f)
            let j = u >> 8
            let negative = u & 0x80 == 0
            let layer = z.layers[i]
            if j < layer.limit {
                let x = Double(j) * layer.scale
                return negative ? -x : x
            }
            if i == 0 {
                while true {
                    let a = -log(s.uniformPositive()) / NormalZiggurat.r
                    let b = -log(s.uniformPositive())
                    if b + b > a * a { return negative ? -(NormalZiggurat.r + a) : NormalZiggurat.r + a }
                }
            }
            let x = Double(j) * layer.scale
            let top = i == 1 ? 1.0 : z.layers[i - 1].density
            let y = layer.density + s.uniform() * (top - layer.density)
            if y < exp(-0.5 * x * x) { return negative ? -x : x }
            u = s.next32()
        }
    }

    /// The wedge test decides as `y < f(x)` does for points of every layer's wedge: at the
    /// abscissae where the slow path starts (the sure part's limit) and ends, and between, at
    /// heights on the curve as `exp` computes it and the doubles either side, at the edges of
    /// the band where `exp` is called and either side of them, and at random heights.
    func testWedgeTestIsTheExpComparison() {
        let z = NormalZiggurat()
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for i in 1..<128 {
            let layer = z.layers[i], w = z.wedges[i]
            var js: [UInt32] = [layer.limit, layer.limit &+ 1, 0xff_ffff, 0xff_fffe]
            if layer.limit > 0 { js.append(layer.limit - 1) }
            for _ in 0..<300 { js.append(UInt32.random(in: layer.limit...0xff_ffff, using: &rng)) }
            for j in js {
                let x = Double(j) * layer.scale
                let fx = exp(-0.5 * x * x)
                let d = 0.5 * (x * x - w.innerSquare)
                let p = 1 - d * (1 - 0.5 * d * (1 - (1.0 / 3) * d * (1 - 0.25 * d)))
                let d2 = d * d
                let band = d2 * d2 * d.magnitude * (1.0 / 100) + 1e-12
                let lo = w.top * (p - band), hi = w.top * (p + band)
                var ys = [fx, fx.nextUp, fx.nextDown, lo, lo.nextUp, lo.nextDown, hi, hi.nextUp, hi.nextDown, layer.density, w.top]
                for _ in 0..<20 { ys.append(layer.density + Double.random(in: 0..<1, using: &rng) * (w.top - layer.density)) }
                for y in ys {
                    XCTAssertEqual(NormalZiggurat.under(y, x, w), y < fx, "layer \(i), x \(x), y \(y)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 1_000_000)
    }

    /// The sampler draws exactly what the slow path as it was gives, on twin streams: 3·10⁶
    /// draws, some 80,000 of them through the slow path (wedges and tails).
    func testSlowPathDrawsWhatItDrew() {
        let z = NormalZiggurat()
        let a = RandomStream(name: "slow", seed: 17), b = RandomStream(name: "slow", seed: 17)
        var slow = 0
        for _ in 0..<3_000_000 {
            let (want, tookSlowPath) = Self.referenceSample(z, b)
            if tookSlowPath { slow += 1 }
            let got = z.sample(a)
            if got.bitPattern != want.bitPattern { XCTFail("\(got) against \(want)"); return }
        }
        XCTAssertGreaterThan(slow, 70_000)
        XCTAssertEqual(a.next32(), b.next32())
    }
}
