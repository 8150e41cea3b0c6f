// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// The tiering component's inline arithmetic (docs/tiering.md, "What it costs"): it must give
/// exactly what the C library's rounding gives, since the scores it rounds decide tiers, and
/// the tiers of every case must survive the component's buffers growing.
final class TieringStateArithmeticTests: XCTestCase {
    /// Values where rounding is delicate: halves, the doubles either side of them, the
    /// largest double below one half (where adding 0.5 and truncating goes wrong), signed
    /// zeros, the edges of the fast path, and values past 2⁵² (all whole).
    static var awkward: [Double] {
        var xs: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                            4503599627370495.5, -4503599627370495.5, 0x1p52, -0x1p52, 0x1p52 + 1, 0x1p60, -0x1p60,
                            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 1e-300,
                            699.5, 700.5, 298.5, 299.5, 6.985 * 100, 2.675 * 100, 1.005 * 100]
        for k in -2000...2000 {
            let h = Double(k) + 0.5
            xs += [h, h.nextUp, h.nextDown, Double(k), Double(k).nextUp, Double(k).nextDown]
        }
        return xs
    }

    func testRoundedHalfAwayIsTheCLibrarysRound() {
        for x in Self.awkward {
            let got = TieringState.roundedHalfAway(x), want = x.rounded()
            XCTAssertEqual(got.bitPattern, want.bitPattern, "\(x): \(got) against \(want)")
        }
        XCTAssertEqual(TieringState.roundedHalfAway(2.5), 3)
        XCTAssertEqual(TieringState.roundedHalfAway(-2.5), -3)
        XCTAssertEqual(TieringState.roundedHalfAway(0.49999999999999994), 0)
        XCTAssertTrue(TieringState.roundedHalfAway(.infinity) == .infinity)
        XCTAssertTrue(TieringState.roundedHalfAway(.nan).isNaN)
        // Random values over the ranges the scores take, and far beyond.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let x = Double.random(in: -1e6...1e6, using: &rng)
            XCTAssertEqual(TieringState.roundedHalfAway(x).bitPattern, x.rounded().bitPattern, "\(x)")
            let y = Double.random(in: -120...120, using: &rng)
            XCTAssertEqual(TieringState.roundedHalfAway(y * 100).bitPattern, (y * 100).rounded().bitPattern, "\(y)")
        }
    }

    func testHundredthsIsRoundingToTwoPlacesThenToMillionths() {
        func reference(_ x: Double) -> FixedDecimal { FixedDecimal(rounding: (x * 100).rounded() / 100) }
        for x in Self.awkward where x.magnitude < 1e12 {
            XCTAssertEqual(TieringState.hundredths(x), reference(x), "\(x)")
            XCTAssertEqual(TieringState.hundredths(x / 100), reference(x / 100), "\(x / 100)")
        }
        // Hand-worked: 6.995 × 100 is 699.5 exactly in binary, a half, so away from zero: 7.00
        // (the RSR band edge); 1.005 is stored as 1.00499999999999989…, and 1.005 × 100 as
        // 100.49999999999998579…, so 1.00, not 1.01.
        XCTAssertEqual(TieringState.hundredths(6.995), FixedDecimal(millionths: 7_000_000))
        XCTAssertEqual(TieringState.hundredths(1.005), FixedDecimal(millionths: 1_000_000))
        XCTAssertEqual(TieringState.hundredths(6.989), FixedDecimal(millionths: 6_990_000))
        XCTAssertEqual(TieringState.hundredths(-0.004), FixedDecimal(millionths: 0))
        XCTAssertEqual(TieringState.hundredths(-0.005), FixedDecimal(millionths: -10_000))
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let x = Double.random(in: -150...150, using: &rng)
            XCTAssertEqual(TieringState.hundredths(x), reference(x), "\(x)")
        }
        // Past the fast path's bound (2³⁰ hundredths) the reference's own arithmetic is used.
        for x in [1.5e7, -1.5e7, 123_456_789.125, 1e12] { XCTAssertEqual(TieringState.hundredths(x), reference(x), "\(x)") }
    }

    /// Each case slot keeps the tiers it was given while the component's buffers grow many
    /// times over (slots assigned out of order, so growth also fills gaps), and a slot never
    /// assigned reads as the initial outcome.
    func testOutcomesSurviveGrowth() {
        let spec = TieringSpec(profiles: ModelTieringTests.profiles())
        let seeder = StreamSeeder(masterSeed: 7, replication: 0)
        let ts = TieringState(spec: spec, reassessStream: seeder.stream("reassessments"))
        let s = seeder.stream("profiles")
        var given: [Int: TierOutcome] = [:]
        var order = Array(0..<3000).filter { $0 % 3 != 1 }
        order.reverse()
        order.swapAt(0, 1500)
        for i in order {
            given[i] = ts.assign(i, female: i % 2 == 0, custodyOrigin: i % 5 == 0, stream: s, day: 19_000)
            ts.prefetch(i)
            ts.prefetchOutcome(i + 10_000)   // beyond the slots: nothing happens
        }
        for (i, o) in given { XCTAssertEqual(ts.outcome(i), o, "slot \(i)") }
        let initial = TierOutcome(v2: .d0, unsupervised: false, v3: .g, provisional: false)
        for i in 0..<3000 where i % 3 == 1 { XCTAssertEqual(ts.outcome(i), initial, "slot \(i)") }
        // The stored codes still give the tiers kept for them.
        for (i, o) in given { XCTAssertEqual(ts.recomputed(i, day: 19_000), o, "slot \(i)") }
    }
}
