// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Simulation

final class StatisticsTests: XCTestCase {
    func twoPass(_ xs: [Double]) -> (mean: Double, variance: Double) {
        let m = xs.reduce(0, +) / Double(xs.count)
        let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
        return (m, v)
    }

    func testTallyMatchesTwoPassComputation() {
        var t = Tally()
        XCTAssertEqual(t.variance, 0)
        let s = RandomStream(name: "tally", seed: 1)
        // A large offset makes naive sum-of-squares formulas lose every digit; Welford must not.
        let xs = (0..<10_000).map { _ in 1e9 + Distribution.gamma(shape: 2, scale: 3).sample(s) }
        for x in xs { t.record(x) }
        let (m, v) = twoPass(xs)
        XCTAssertEqual(t.count, 10_000)
        XCTAssertEqual(t.mean, m, accuracy: 1e-6)
        XCTAssertEqual(t.variance, v, accuracy: v * 1e-6)
        XCTAssertEqual(t.min, xs.min())
        XCTAssertEqual(t.max, xs.max())
        XCTAssertEqual(t.sum, xs.reduce(0, +), accuracy: 1e-3)
        XCTAssertEqual(t.standardDeviation, v.squareRoot(), accuracy: v.squareRoot() * 1e-6)
    }

    func testTallyByHand() {
        var t = Tally()
        for x in [2.0, 4, 4, 4, 5, 5, 7, 9] { t.record(x) }
        XCTAssertEqual(t.mean, 5)
        XCTAssertEqual(t.variance, 32.0 / 7, accuracy: 1e-12)   // Σ(x−5)² = 32, n−1 = 7
        XCTAssertEqual(t.min, 2); XCTAssertEqual(t.max, 9); XCTAssertEqual(t.sum, 40)
        t.reset()
        XCTAssertEqual(t.count, 0); XCTAssertEqual(t.sum, 0)
    }

    func testTallyMergedEqualsTallyOfAllObservations() {
        let xs = [1.0, 3, 3.5, 10, -2, 8]
        let ys = [100.0, 101, 99.5]
        var a = Tally(), b = Tally(), all = Tally()
        for x in xs { a.record(x); all.record(x) }
        for y in ys { b.record(y); all.record(y) }
        let m = a.merged(with: b)
        XCTAssertEqual(m.count, all.count)
        XCTAssertEqual(m.mean, all.mean, accuracy: 1e-12)
        XCTAssertEqual(m.variance, all.variance, accuracy: 1e-9)
        XCTAssertEqual(m.min, -2); XCTAssertEqual(m.max, 101)
        XCTAssertEqual(m.sum, all.sum, accuracy: 1e-12)
        XCTAssertEqual(a.merged(with: Tally()), a)
        XCTAssertEqual(Tally().merged(with: b), b)
    }

    func testCounter() {
        var c = Counter()
        c.increment(); c.increment(by: 4)
        XCTAssertEqual(c.count, 5)
        c.reset()
        XCTAssertEqual(c.count, 0)
    }

    /// Level 0 from t=0, 2 from t=10, 5 from 15, 4 from 20:
    /// integral to 30 = 0·10 + 2·5 + 5·5 + 4·10 = 75, mean 2.5.
    /// After reset(at: 20) the level 4 is kept; set 1 at 25:
    /// integral over [20,30] = 4·5 + 1·5 = 25, mean 2.5, min 1, max 4.
    func testTimeWeightedByAHandWorkedStepFunction() {
        var tw = TimeWeighted(level: 0, at: 0)
        tw.set(2, at: 10)
        tw.set(5, at: 15)
        tw.add(-1, at: 20)
        XCTAssertEqual(tw.level, 4)
        XCTAssertEqual(tw.integral(upTo: 30), 75)
        XCTAssertEqual(tw.mean(upTo: 30), 2.5)
        XCTAssertEqual(tw.mean(upTo: 20), 35.0 / 20)
        XCTAssertEqual(tw.min, 0); XCTAssertEqual(tw.max, 5)
        tw.reset(at: 20)
        XCTAssertEqual(tw.level, 4)
        XCTAssertEqual(tw.startTime, 20)
        XCTAssertEqual(tw.mean(upTo: 20), 4, "no time has passed: the current level")
        tw.set(1, at: 25)
        XCTAssertEqual(tw.integral(upTo: 30), 25)
        XCTAssertEqual(tw.mean(upTo: 30), 2.5)
        XCTAssertEqual(tw.min, 1); XCTAssertEqual(tw.max, 4)
        // Several changes at one instant: only the last level counts for the time after.
        tw.set(9, at: 30); tw.set(3, at: 30)
        XCTAssertEqual(tw.integral(upTo: 40), 25 + 30)
        XCTAssertEqual(tw.max, 9)
    }

    func testTimeWeightedStartingLate() {
        let tw = TimeWeighted(level: 3, at: 100)
        XCTAssertEqual(tw.mean(upTo: 200), 3)
        XCTAssertEqual(tw.integral(upTo: 150), 150)
    }

    /// Bins of width 1 on [0, 10); observations −1 (underflow), 0.5, 1.5,
    /// 1.5, 2.5, 9.5, 12 (overflow): count 7.
    /// Median: target 3.5; underflow 1, bin 0 brings 2, bin 1 has 2 →
    /// 1 + (3.5 − 2)/2 = 1.75. p = 0 and p = 0.1 (target 0.7 ≤ 1 underflow)
    /// clamp to 0; p = 1 (target 7, the overflow) clamps to 10.
    /// p = 5/7: target 5 falls at the end of bin 2 → 3.
    func testHistogramQuantilesByHand() {
        var h = Histogram(lower: 0, upper: 10, binCount: 10)
        XCTAssertNil(h.quantile(0.5))
        for x in [-1.0, 0.5, 1.5, 1.5, 2.5, 9.5, 12] { h.record(x) }
        XCTAssertEqual(h.count, 7); XCTAssertEqual(h.underflow, 1); XCTAssertEqual(h.overflow, 1)
        XCTAssertEqual(h.bins, [1, 2, 1, 0, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(h.quantile(0.5)!, 1.75, accuracy: 1e-12)
        XCTAssertEqual(h.quantile(0), 0)
        XCTAssertEqual(h.quantile(0.1), 0)
        XCTAssertEqual(h.quantile(1), 10)
        XCTAssertEqual(h.quantile(5.0 / 7)!, 3, accuracy: 1e-12)
        XCTAssertEqual(h.binWidth, 1)
        h.record(10)  // the upper edge is overflow
        XCTAssertEqual(h.overflow, 2)
        h.reset()
        XCTAssertEqual(h.count, 0); XCTAssertEqual(h.bins, [Int](repeating: 0, count: 10))
    }

    func testHistogramWithoutUnderflowStartsAtTheFirstNonEmptyBin() {
        var h = Histogram(lower: 0, upper: 4, binCount: 4)
        for x in [2.2, 2.4, 3.1, 3.9] { h.record(x) }
        XCTAssertEqual(h.quantile(0), 2)
        XCTAssertEqual(h.quantile(0.25)!, 2.5, accuracy: 1e-12)  // target 1 of bin 2's 2
        XCTAssertEqual(h.quantile(0.5)!, 3, accuracy: 1e-12)
        XCTAssertEqual(h.quantile(1)!, 4, accuracy: 1e-12)
    }

    /// Values 1, 2, 3, 4, 10: mean 4; Σ(x − 4)² = 9+4+1+0+36 = 50, variance
    /// 12.5, SD 3.5355339; half-width t₀.₉₇₅,₄ · SD/√5 = 2.7764451 · 1.5811388
    /// = 4.3899; percentiles (type 7): p10 = 1 + 0.4·1 = 1.4, p50 = 3,
    /// p90 = 4 + 0.6·6 = 7.6.
    func testReplicationSummaryByHand() {
        let s = ReplicationSummary([4, 10, 1, 3, 2])
        XCTAssertEqual(s.count, 5)
        XCTAssertEqual(s.mean, 4, accuracy: 1e-12)
        XCTAssertEqual(s.sd, 12.5.squareRoot(), accuracy: 1e-12)
        let half = 2.7764451 * 12.5.squareRoot() / 5.0.squareRoot()
        XCTAssertEqual(s.halfWidth, half, accuracy: 1e-6)
        XCTAssertEqual(s.ci95Low, 4 - half, accuracy: 1e-6)
        XCTAssertEqual(s.ci95High, 4 + half, accuracy: 1e-6)
        XCTAssertEqual(s.p10, 1.4, accuracy: 1e-12)
        XCTAssertEqual(s.p50, 3, accuracy: 1e-12)
        XCTAssertEqual(s.p90, 7.6, accuracy: 1e-12)
    }

    func testReplicationSummaryEdgeCases() {
        let one = ReplicationSummary([2.5])
        XCTAssertEqual(one.mean, 2.5); XCTAssertEqual(one.halfWidth, 0); XCTAssertEqual(one.p90, 2.5)
        let none = ReplicationSummary([])
        XCTAssertEqual(none.count, 0); XCTAssertTrue(none.mean.isNaN)
        XCTAssertTrue(ReplicationSummary.percentile([], 0.5).isNaN)
    }

    /// The interval's coverage: 400 sets of 5 normal values with mean 10; a
    /// correct 95% interval covers 10 in 380 of them on average (SD √(400·0.95·0.05)
    /// ≈ 4.4). Within 5 SD: [358, 400]. A z-interval instead of t would cover
    /// only ~88% (≈ 352) and fail.
    func testReplicationSummaryIntervalCoverage() {
        let s = RandomStream(name: "coverage", seed: 12)
        let d = Distribution.normal(mean: 10, sd: 3)
        var covered = 0
        for _ in 0..<400 {
            let r = ReplicationSummary((0..<5).map { _ in d.sample(s) })
            if r.ci95Low <= 10 && 10 <= r.ci95High { covered += 1 }
        }
        XCTAssertGreaterThanOrEqual(covered, 358)
    }
}
