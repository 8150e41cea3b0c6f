// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Simulation

final class ArrivalsTests: XCTestCase {
    typealias Seg = PiecewiseRate.Segment

    func testRateAndExpectedArrivalsByHand() {
        // 1 per tick on [0,100), none on [100,200), 0.5 on [200,300), repeating every 300.
        let r = PiecewiseRate(segments: [Seg(start: 0, ratePerTick: 1), Seg(start: 100, ratePerTick: 0), Seg(start: 200, ratePerTick: 0.5)], cycle: 300)
        XCTAssertEqual(r.rate(at: 0), 1)
        XCTAssertEqual(r.rate(at: 150), 0)
        XCTAssertEqual(r.rate(at: 299), 0.5)
        XCTAssertEqual(r.rate(at: 300), 1)
        XCTAssertEqual(r.rate(at: 1_250), 1)         // 1250 − 4·300 = 50
        XCTAssertEqual(r.rate(at: 1_450), 0.5)       // 1450 − 4·300 = 250
        XCTAssertEqual(r.rate(at: -50), 0.5, "negative times wrap into the cycle (−50 ≡ 250)")
        XCTAssertEqual(r.expectedArrivals(from: 0, to: 300), 150)         // 100·1 + 100·0 + 100·0.5
        XCTAssertEqual(r.expectedArrivals(from: 50, to: 250), 75)         // 50·1 + 0 + 50·0.5
        XCTAssertEqual(r.expectedArrivals(from: 0, to: 60_000), 30_000)   // 200 cycles
        XCTAssertEqual(r.expectedArrivals(from: 250, to: 350), 75)        // 50·0.5 + 50·1 across the wrap
        XCTAssertEqual(r.expectedArrivals(from: 10, to: 10), 0)
        let flat = PiecewiseRate(ratePerTick: 0.25)
        XCTAssertEqual(flat.expectedArrivals(from: 0, to: 1_000), 250)
        XCTAssertEqual(flat.rate(at: 123_456), 0.25)
    }

    /// Counts over many disjoint windows of a constant-rate process: their
    /// mean must match `expectedArrivals` and, the process being Poisson,
    /// their variance must match their mean.
    ///
    /// 400 windows of expectation 50 (20,000 arrivals in all): the mean count
    /// has SE √(50/400) ≈ 0.354 and is checked to 5 SE. The dispersion
    /// statistic Σ(x − x̄)²/x̄ is χ² with 399 degrees of freedom (mean 399,
    /// SD ≈ 28.2); requiring it within 399 ± 5·28.2 rejects a process that
    /// is too regular (a deterministic spacing gives ≈ 0) or too bursty.
    func testConstantRateCountsArePoisson() {
        let rate = PiecewiseRate(ratePerTick: 0.05)
        let window: Tick = 1_000, windows = 400
        let expected = rate.expectedArrivals(from: 0, to: window)
        XCTAssertEqual(expected, 50)
        var process = ArrivalProcess(rate: rate, startingAt: 0)
        let stream = StreamSeeder(masterSeed: 3, replication: 0).stream("arrivals")
        var counts = [Int](repeating: 0, count: windows)
        var last: Tick = 0
        while let t = process.next(horizon: window * Tick(windows), stream) {
            XCTAssertGreaterThanOrEqual(t, last, "arrival ticks never go backwards")
            last = t
            // The exact time lies in ((t−1), t]; attribute it by the exact time.
            let w = Int((process.lastExact / Double(window)).rounded(.down))
            if w < windows { counts[w] += 1 }
        }
        let n = Double(windows)
        let mean = Double(counts.reduce(0, +)) / n
        XCTAssertEqual(mean, expected, accuracy: 5 * (expected / n).squareRoot())
        let dispersion = counts.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / mean
        XCTAssertEqual(dispersion, n - 1, accuracy: 5 * (2 * (n - 1)).squareRoot())
    }

    /// A cyclic profile with a zero-rate gap: no arrival falls in the gap,
    /// the total over 200 cycles matches `expectedArrivals` (30,000, SE √30000
    /// ≈ 173, checked to 5 SE), and each part of the cycle gets its share
    /// (20,000 and 10,000, each to 5 SE).
    func testCyclicProfileWithZeroRateGap() {
        let r = PiecewiseRate(segments: [Seg(start: 0, ratePerTick: 1), Seg(start: 100, ratePerTick: 0), Seg(start: 200, ratePerTick: 0.5)], cycle: 300)
        let horizon: Tick = 60_000
        var process = ArrivalProcess(rate: r, startingAt: 0)
        let stream = StreamSeeder(masterSeed: 4, replication: 0).stream("arrivals")
        var total = 0, first = 0, third = 0
        while let t = process.next(horizon: horizon, stream) {
            total += 1
            let phase = process.lastExact.truncatingRemainder(dividingBy: 300)
            XCTAssertFalse(phase >= 100 && phase < 200, "arrival at exact time \(process.lastExact) in the zero-rate gap")
            // Ticks round the exact time up, so a gap tick can only be its first (100).
            let tickPhase = t % 300
            XCTAssertFalse(tickPhase > 100 && tickPhase < 200, "arrival tick \(t) in the gap")
            if phase < 100 { first += 1 } else { third += 1 }
        }
        XCTAssertEqual(Double(total), 30_000, accuracy: 5 * 30_000.0.squareRoot())
        XCTAssertEqual(Double(first), 20_000, accuracy: 5 * 20_000.0.squareRoot())
        XCTAssertEqual(Double(third), 10_000, accuracy: 5 * 10_000.0.squareRoot())
    }

    func testZeroRateForeverEndsTheProcess() {
        let r = PiecewiseRate(segments: [Seg(start: 0, ratePerTick: 0.5), Seg(start: 100, ratePerTick: 0)])
        var p = ArrivalProcess(rate: r, startingAt: 0)
        let s = RandomStream(name: "z", seed: 1)
        var n = 0
        while let t = p.next(s) { XCTAssertLessThanOrEqual(t, 100); n += 1 }
        XCTAssertGreaterThan(n, 20)
        XCTAssertNil(p.next(s), "stays finished")
        var none = ArrivalProcess(rate: PiecewiseRate(ratePerTick: 0), startingAt: 0)
        XCTAssertNil(none.next(s))
    }

    /// After a `nil` at a horizon, a later call with a larger horizon
    /// continues from that horizon: it never returns an arrival before it.
    func testNilAtAHorizonIsFinalUpToThatHorizon() {
        let s = RandomStream(name: "resume", seed: 5)
        var resumed = 0
        for _ in 0..<200 {
            var p = ArrivalProcess(rate: PiecewiseRate(ratePerTick: 0.01), startingAt: 0)
            // Step the horizon 10 ticks at a time; each answer must lie after the previous horizon.
            var h: Tick = 0
            while h < 1_000 {
                let previous = h
                h += 10
                while let t = p.next(horizon: h, s) {
                    XCTAssertGreaterThan(t, previous)
                    XCTAssertLessThanOrEqual(t, h)
                    resumed += 1
                }
            }
        }
        // 200 runs × 1,000 ticks × 0.01 = 2,000 expected, SD ≈ 44.7; chopping
        // the horizon must not change the rate.
        XCTAssertEqual(Double(resumed), 2_000, accuracy: 5 * 44.7)
    }

    func testHorizonIsRespectedAndStartCounts() {
        var p = ArrivalProcess(rate: PiecewiseRate(ratePerTick: 2), startingAt: 1_000)
        let s = RandomStream(name: "h", seed: 2)
        var n = 0
        while let t = p.next(horizon: 1_500, s) { XCTAssert(t > 1_000 && t <= 1_500); n += 1 }
        // Expectation 1,000, SD ≈ 31.6.
        XCTAssertEqual(Double(n), 1_000, accuracy: 5 * 31.7)
    }

    /// The segment search that starts from a remembered index (``PiecewiseRate/segmentAt(_:hint:)``)
    /// against the plain search, for any hint, and arrival processes (which keep the hint
    /// between draws) against the same draws made by the plain ``PiecewiseRate/nextArrival(after:horizon:_:)``:
    /// the same times from twin streams, on monthly-like, cyclic and one-segment profiles, with
    /// horizons that cut the process short and resume it.
    func testRememberedSegmentGivesThePlainSearchesAnswers() {
        let g = RandomStream(name: "profiles", seed: 11)
        for trial in 0..<300 {
            let n = 1 + g.integer(below: trial % 3 == 0 ? 3 : 70)
            var starts: [Tick] = [0]
            for _ in 1..<n { starts.append(starts.last! + 1 + Tick(g.integer(below: 5_000))) }
            let segs = starts.map { Seg(start: $0, ratePerTick: g.uniform() < 0.2 ? 0 : g.uniform() * 0.05) }
            let cycle: Tick? = trial % 4 == 1 ? starts.last! + 1 + Tick(g.integer(below: 3_000)) : nil
            let r = PiecewiseRate(segments: segs, cycle: cycle)
            // Any hint (good, stale, out of range) gives the plain answer.
            for _ in 0..<200 {
                let t = Tick(g.integer(below: Int(starts.last! + 20_000))) - 1_000
                var hint = g.integer(below: n + 3) - 1
                let plain = r.segmentAt(t), hinted = r.segmentAt(t, hint: &hint)
                XCTAssertEqual(plain.rate, hinted.rate)
                XCTAssertEqual(plain.end, hinted.end)
                XCTAssertEqual(r.segments[hint].ratePerTick, plain.rate, "the hint left is the segment found")
            }
            // A process against the plain draws on a twin stream.
            let seed = UInt64(100 + trial)
            let a = RandomStream(name: "a", seed: seed), b = RandomStream(name: "a", seed: seed)
            var p = ArrivalProcess(rate: r, startingAt: 0)
            var last = 0.0, hint = 0, draws = 0
            var horizon: Tick = 0
            let end = starts.last! + 30_000
            while horizon < end && draws < 3_000 {
                horizon += 1 + Tick(g.integer(below: 4_000))
                while true {
                    let expected = r.nextArrival(after: last, horizon: horizon, b)
                    let got = r.nextArrival(after: last, horizon: horizon, a, hint: &hint)
                    XCTAssertEqual(got?.bitPattern, expected?.bitPattern)
                    guard let e = expected else { break }
                    last = e
                    draws += 1
                }
                last = max(last, Double(horizon))
            }
            // And through ArrivalProcess itself (which now keeps its hint) against a plain replay.
            let c = RandomStream(name: "c", seed: seed), d = RandomStream(name: "c", seed: seed)
            var exact = 0.0
            for _ in 0..<500 {
                guard let t = p.next(horizon: end, c) else {
                    XCTAssertNil(r.nextArrival(after: exact, horizon: end, d))
                    break
                }
                let e = r.nextArrival(after: exact, horizon: end, d)!
                XCTAssertEqual(p.lastExact.bitPattern, e.bitPattern)
                XCTAssertEqual(t, Tick(e.rounded(.up)))
                exact = e
            }
        }
    }
}
