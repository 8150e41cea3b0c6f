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

    /// RSR's points and the v3 table's cell read from the scores × 100 (``TieringState/codes(rsr:arp:csrp:)``)
    /// are what the calculators give for the scores rounded to hundredths: at every whole
    /// number of hundredths from −2.00 to 120.00, at the halves between them (where rounding
    /// decides), the doubles either side of both, beyond the fast path's bound, and at random.
    func testCodesFromScoresAreTheCalculatorsOnHundredths() {
        func reference(_ x: Double, _ xa: Double, _ xc: Double) -> (UInt8, UInt8, UInt8) {
            let (row, column) = TierV3Calculator.cell(arp: TieringState.hundredths(xa), csrp: TieringState.hundredths(xc))
            return (UInt8(TierV2Calculator.rsrPoints(TieringState.hundredths(x))), UInt8(row), UInt8(column))
        }
        var xs: [Double] = [0, -0.0, 1e-300, -1e-300, 6.995, 6.994999999, 99.985, 99.99, 99.995, 0.495, 0.005, 14.995, 89.995,
                            1.5e7, -1.5e7, 1e12, -1e12, 123_456_789.125]
        for k in -200...12_000 {
            for y in [Double(k), Double(k) + 0.5] {
                // x with x * 100 at y or either side of it, and the doubles around y / 100.
                let x = y / 100
                xs += [x, x.nextUp, x.nextDown, x.nextUp.nextUp, x.nextDown.nextDown]
                for z in [y, y.nextUp, y.nextDown] {
                    var c = z / 100
                    while c * 100 < z { c = c.nextUp }
                    while c * 100 > z { c = c.nextDown }
                    xs.append(c)
                }
            }
        }
        var checked = 0
        for x in xs {
            let got = TieringState.codes(rsr: x, arp: x, csrp: x), want = reference(x, x, x)
            XCTAssertTrue(got.rsrPoints == want.0 && got.row == want.1 && got.column == want.2,
                          "\(x): \(got) against \(want)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 190_000)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let x = Double.random(in: -1...110, using: &rng), xa = Double.random(in: -1...110, using: &rng)
            let xc = Double.random(in: -1...30, using: &rng)
            let got = TieringState.codes(rsr: x, arp: xa, csrp: xc), want = reference(x, xa, xc)
            XCTAssertTrue(got.rsrPoints == want.0 && got.row == want.1 && got.column == want.2, "\(x), \(xa), \(xc)")
        }
        // Hand-worked: RSR 6.995 × 100 is 699.5 in binary, a half, so 7.00: 20 points; RSR
        // 3.00 10 points, 99.99 none (beyond 99.989999); CSRP 0.495 × 100 is 49.5 → 0.50 (row
        // 3, ≥ 0.5); ARP 14.994 → 14.99 (column 5, below 15), 74.995 × 100 is 7499.5 → 75.00
        // (column 1) and 74.994 → 74.99 (column 2).
        XCTAssertEqual(TieringState.codes(rsr: 6.995, arp: 0, csrp: 0).rsrPoints, 20)
        XCTAssertEqual(TieringState.codes(rsr: 3.00, arp: 0, csrp: 0).rsrPoints, 10)
        XCTAssertEqual(TieringState.codes(rsr: 99.99, arp: 0, csrp: 0).rsrPoints, 0)
        XCTAssertEqual(TieringState.codes(rsr: 0, arp: 0, csrp: 0.495).row, 3)
        XCTAssertEqual(TieringState.codes(rsr: 0, arp: 14.994, csrp: 0).column, 5)
        XCTAssertEqual(TieringState.codes(rsr: 0, arp: 74.995, csrp: 0).column, 1)
        XCTAssertEqual(TieringState.codes(rsr: 0, arp: 74.994, csrp: 0).column, 2)
    }

    /// The own parts' rounding without the conversions' checks (``TieringState/rounded(_:)``)
    /// is the checked expression it replaced, on every half and whole number across and beyond
    /// 16 bits, the doubles either side of them, the largest double below a half (which the
    /// addition carries up to 1), signed zeros, far beyond the range, and at random.
    func testOwnPartRoundingIsTheCheckedConversion() {
        func reference(_ y: Double) -> Int16 { Int16(clamping: Int(y + (y < 0 ? -0.5 : 0.5))) }
        var ys: [Double] = [0, -0.0, 0.49999999999999994, -0.49999999999999994, 1e-300, -1e-300, 1e18, -1e18, 0x1p62, -0x1p62,
                            4503599627370495.5, -4503599627370495.5, 0x1p52, 0x1p53 + 2, 32767.499999999996, -32768.49999999999]
        for k in -70_000...70_000 {
            let y = Double(k) / 2
            ys += [y, y.nextUp, y.nextDown]
        }
        for y in ys {
            XCTAssertEqual(TieringState.rounded(y), reference(y), "\(y)")
            XCTAssertEqual(truncatedClampedToInt16(y), Int16(clamping: Int(y)), "\(y)")
        }
        XCTAssertEqual(TieringState.rounded(0.49999999999999994), 1)
        XCTAssertEqual(TieringState.rounded(-2.5), -3)
        XCTAssertEqual(TieringState.rounded(32767.5), 32767)
        XCTAssertEqual(TieringState.rounded(-40_000), -32768)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let x = Double.random(in: -10...10, using: &rng)
            XCTAssertEqual(TieringState.quantised(x), reference(x * TieringState.unit), "\(x)")
            let y = Double.random(in: -1e6...1e6, using: &rng)
            XCTAssertEqual(TieringState.rounded(y), reference(y), "\(y)")
        }
    }

    /// The needs' weighted score added up in the register is the count of bits it was, for
    /// every one of the 65,536 packed values (code 3 included, which counts 0).
    func testWeightedScoreIsTheBitCountOnEveryPackedValue() {
        for v in 0...0xFFFF {
            let p = UInt16(v)
            let both = p & (p >> 1) & 0x5555
            let x = p & ~(both | both << 1)
            let want = (x & 0x5555).nonzeroBitCount + 2 * (x & 0xAAAA).nonzeroBitCount
                + (x & 0x5000).nonzeroBitCount + 2 * (x & 0xA000).nonzeroBitCount
            XCTAssertEqual(NeedSeverities.weightedScore(packed: p), want, "\(v)")
        }
        // Hand-worked: every need severe (code 2) is 6 × 2 + 2 × 2 × 2 = 20; all code 3: 0;
        // 0x5001 is need 0 standard (1) and needs 6 and 7, of weight 2, standard (2 each): 5.
        XCTAssertEqual(NeedSeverities.weightedScore(packed: 0xAAAA), 20)
        XCTAssertEqual(NeedSeverities.weightedScore(packed: 0xFFFF), 0)
        XCTAssertEqual(NeedSeverities.weightedScore(packed: 0x5001), 5)
    }

    /// The v2 tier without branches is the calculation it shortens (`calculate(_:)`'s tier,
    /// built from ``TierV2Calculator/protectPoints(_:)-(TierInputs)`` and
    /// ``TierV2Calculator/change(_:)-(TierInputs)``): on every combination of RoSH and MAPPA
    /// codes (beyond the valid ones too), RSR points and the flags the rules read, and on
    /// random codes.
    func testV2TierIsTheCalculation() {
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        let flagBits: [UInt16] = [TierInputs.female, TierInputs.previousEnforcement, TierInputs.hasAssessment,
                                  TierInputs.mandateForChange, TierInputs.parenting, TierInputs.selfControl]
        for rosh in [0, 1, 2, 3, 4, 5, 7, 8, 9, 255] as [UInt8] {
            for mappa in [0, 1, 2, 3, 4, 5, 8, 200] as [UInt8] {
                for rsrPoints in [0, 10, 20] as [UInt8] {
                    for combo in 0..<(1 << flagBits.count) {
                        var x = TierInputs()
                        x.rosh = rosh; x.mappa = mappa; x.rsrPoints = rsrPoints
                        x.flags = flagBits.enumerated().reduce(0) { combo & (1 << $1.offset) != 0 ? $0 | $1.element : $0 }
                        x.registrations = Registrations(rawValue: UInt32.random(in: 0...0xFFFF, using: &rng))
                        x.needs = UInt16.random(in: 0...0xFFFF, using: &rng)
                        x.ogrsTens = Int32.random(in: -3...12, using: &rng)
                        XCTAssertEqual(TierV2Calculator.tier(x), TierV2Calculator.calculate(x).tier, "\(x)")
                        checked += 1
                    }
                }
            }
        }
        for _ in 0..<200_000 {
            var x = TierInputs()
            x.rosh = UInt8.random(in: 0...6, using: &rng); x.mappa = UInt8.random(in: 0...6, using: &rng)
            x.rsrPoints = [0, 10, 20][Int.random(in: 0..<3, using: &rng)]
            x.flags = UInt16.random(in: 0...0xFFFF, using: &rng)
            x.registrations = Registrations(rawValue: UInt32.random(in: 0...0xFFFF, using: &rng))
            x.needs = UInt16.random(in: 0...0xFFFF, using: &rng)
            x.ogrsTens = Int32.random(in: -20...20, using: &rng)
            XCTAssertEqual(TierV2Calculator.tier(x), TierV2Calculator.calculate(x).tier, "\(x)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 210_000)
    }

    /// The v3 table read from its two constants is the table.
    func testV3TableEntriesAreTheTable() {
        for row in 0..<5 {
            for column in 0..<6 {
                XCTAssertEqual(TierV3Calculator.tableEntry(row * 6 + column), UInt8(TierV3Calculator.table[row][column].rawValue),
                               "row \(row), column \(column)")
                XCTAssertEqual(TierV3Calculator.tableEntry(row * 6 + column), TierV3Calculator.tableRaw[row * 6 + column])
            }
        }
        XCTAssertEqual(TierV3Calculator.tableEntry(0), UInt8(TierV3.a.rawValue))
        XCTAssertEqual(TierV3Calculator.tableEntry(29), UInt8(TierV3.g.rawValue))
    }

    /// The inline raw-value conversion is the initialiser's, for every tier; outcomes compare
    /// equal exactly when every field does.
    func testV3RawTierAndOutcomeEquality() {
        for t in TierV3.allCases where t.isTier { XCTAssertEqual(TierV3.tier(raw: UInt8(t.rawValue)), t) }
        let tiers = Tier.allCases, v3s = TierV3.allCases
        var outcomes: [TierOutcome] = []
        for v2 in [tiers[0], tiers[5], tiers[15]] {
            for u in [false, true] { for v3 in [v3s[0], v3s[2], v3s[8]] { for p in [false, true] {
                outcomes.append(TierOutcome(v2: v2, unsupervised: u, v3: v3, provisional: p))
            } } }
        }
        for (i, a) in outcomes.enumerated() {
            for (j, b) in outcomes.enumerated() { XCTAssertEqual(a == b, i == j, "\(a) \(b)") }
        }
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

    /// The score value function, which finds a score's segment by counting the inner points
    /// below it, gives exactly what searching for the segment gave (the formula as it was,
    /// written out here), for the national scenario's score quantiles, for quantiles whose
    /// clamped end points tie (flat segments), for two points only, for many points and for
    /// points out of order (where the search is kept): at every point, either side of it,
    /// between points, beyond the ends, at infinities and NaN, and at random normal scores.
    func testScoreValueCountsSegmentsAsTheSearchFoundThem() {
        func searched(_ c: CompiledScore, _ x: Double) -> Double {
            let zs = c.zs, values = c.values, slopes = c.slopes, n = zs.count
            if x <= zs[0] { return values[0] }
            if x >= zs[n - 1] { return values[n - 1] }
            var k = 1
            while zs[k] < x { k += 1 }
            return zs[k] > zs[k - 1] ? values[k - 1] + slopes[k] * (x - zs[k - 1]) : values[k]
        }
        let national: [([Double], [Double])] = [
            ([0, 0.25, 0.5, 0.75, 0.9, 0.97, 1], [0.1, 0.8, 1.8, 3.5, 6.0, 9.0, 40]),   // RSR
            ([0, 0.25, 0.5, 0.75, 0.9, 1], [2, 20, 40, 62, 78, 97]),                  // OGRS
            ([0, 0.25, 0.5, 0.75, 0.9, 1], [2, 18, 38, 60, 76, 97]),                  // ARP
            ([0, 0.25, 0.5, 0.75, 0.9, 0.97, 1], [0.05, 0.5, 1.1, 2.3, 4.0, 7.0, 25]), // CSRP
        ]
        let many = (0...20).map { Double($0) / 20 }
        let ten = (0...9).map { Double($0) / 9 }, eleven = (0...10).map { Double($0) / 10 }
        let cases: [([Double], [Double])] = national + [
            ([0, 0.0002, 0.0005, 0.5, 0.9995, 0.9999, 1], [-3, -2, -1, 0, 1, 2, 3]),   // ties at both ends
            ([0, 1], [5, 10]),
            ([0.3, 0.7], [-0.0, 0.0]),
            (many, many.map { $0 * $0 * 100 }),
            (ten, ten.map { $0 * 7 }),                                                 // 8 inner points: the vector's lanes exactly
            (eleven, eleven.map { -$0 }),                                              // 9: counted in a loop
            ([0, 0.6, 0.4, 1], [1, 2, 3, 4]),                                          // out of order
        ]
        // Which of them count over the vector's eight lanes.
        func compiled(_ ps: [Double], _ vs: [Double]) -> CompiledScore {
            CompiledScore(AttributeSpec(.quantiles(probabilities: ps, values: vs)), correlation: 0)
        }
        XCTAssertTrue(national.allSatisfy { compiled($0.0, $0.1).fixedCount })
        XCTAssertTrue(compiled(ten, ten).fixedCount)
        XCTAssertTrue(compiled([0, 1], [5, 10]).fixedCount)
        XCTAssertFalse(compiled(eleven, eleven).fixedCount)
        XCTAssertFalse(compiled(many, many).fixedCount)
        XCTAssertFalse(compiled([0, 0.6, 0.4, 1], [1, 2, 3, 4]).fixedCount)
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for (ps, vs) in cases {
            for (h, r) in [(0.0, 0.0), (0.5, 0.6), (0.55, 0.5)] {
                let c = CompiledScore(AttributeSpec(.quantiles(probabilities: ps, values: vs), Loadings(harm: h, reoffending: r)),
                                      correlation: 0.4)
                var xs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                    .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
                for (k, z) in c.zs.enumerated() {
                    xs += [z, z.nextUp, z.nextDown, z.nextUp.nextUp, z.nextDown.nextDown]
                    if k > 0 { xs += [(z + c.zs[k - 1]) / 2] }
                }
                for _ in 0..<20_000 { xs.append(Double.random(in: -4...4, using: &rng)) }
                for x in xs {
                    let got = c.value(x), want = searched(c, x)
                    if want.isNaN { XCTAssertTrue(got.isNaN, "\(ps) at \(x)") } else {
                        XCTAssertEqual(got.bitPattern, want.bitPattern, "\(ps) at \(x): \(got) against \(want)")
                    }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 500_000)
        // Hand-worked: OGRS at the median score (z = 0) is its median, 40; a quarter of the
        // way along the segment from the 50th to the 75th percentile, a quarter of 40 → 62.
        let ogrs = CompiledScore(AttributeSpec(.quantiles(probabilities: national[1].0, values: national[1].1)), correlation: 0)
        XCTAssertEqual(ogrs.value(0), 40, accuracy: 1e-9)
        XCTAssertEqual(ogrs.value(ogrs.zs[3] / 4), 40 + 22.0 / 4, accuracy: 1e-12)
        XCTAssertEqual(ogrs.value(-9), 2)
        XCTAssertEqual(ogrs.value(9), 97)
    }

    /// The v3 table's cell, counted without branching, is the chain of comparisons it was:
    /// at every threshold, a millionth either side, far beyond, and at random scores.
    func testCellCountsThresholdsAsTheChainDid() {
        func chain(_ a: Int64?, _ c: Int64?) -> (Int, Int) {
            var row = 0, column = 0
            if let c { row = c >= 6_900_000 ? 0 : c >= 3_000_000 ? 1 : c >= 1_000_000 ? 2 : c >= 500_000 ? 3 : 4 }
            if let a {
                column = a >= 90_000_000 ? 0 : a >= 75_000_000 ? 1 : a >= 50_000_000 ? 2 : a >= 25_000_000 ? 3
                    : a >= 15_000_000 ? 4 : 5
            }
            return (row, column)
        }
        var xs: [Int64] = [0, -1, 1, .min, .max, -500_000, 100_000_000, 1_000_000_000]
        for t: Int64 in [6_900_000, 3_000_000, 1_000_000, 500_000, 90_000_000, 75_000_000, 50_000_000, 25_000_000, 15_000_000] {
            xs += [t - 1, t, t + 1]
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 { xs.append(Int64.random(in: -1_000_000...110_000_000, using: &rng)) }
        let optional: [Int64?] = [nil] + xs.map { $0 }
        for a in optional {
            for c in optional.prefix(40) + xs.suffix(200).map({ $0 }) {
                let got = TierV3Calculator.cell(arp: a.map { FixedDecimal(millionths: $0) }, csrp: c.map { FixedDecimal(millionths: $0) })
                let want = chain(a, c)
                XCTAssertTrue(got.row == want.0 && got.column == want.1, "arp \(String(describing: a)), csrp \(String(describing: c))")
            }
        }
        // Hand-worked: ARP 75.00 and CSRP 2.99 → row 2 (≥ 1.0), column 1 (≥ 75).
        let hand = TierV3Calculator.cell(arp: FixedDecimal(75), csrp: FixedDecimal(millionths: 2_990_000))
        XCTAssertEqual(hand.row, 2)
        XCTAssertEqual(hand.column, 1)
    }

    /// Each day's batch of reassessments keeps the order they were scheduled in while its
    /// buffer and the table of days grow (days scheduled out of order, far ahead first); the
    /// first entry of a day says so, taking a batch empties it, and a day never scheduled or
    /// beyond the table is empty.
    func testBatchesKeepTheirOrderWhileGrowing() {
        let spec = TieringSpec(profiles: ModelTieringTests.profiles())
        let seeder = StreamSeeder(masterSeed: 11, replication: 0)
        let ts = TieringState(spec: spec, reassessStream: seeder.stream("reassessments"))
        var want: [Int: [Int32]] = [:]
        var firsts = 0
        let days = [900, 3, 3, 77, 1, 900, 64, 65, 0]
        for k in 0..<5000 {
            let day = days[k % days.count] + (k % 7 == 0 ? 1200 : 0)
            let case_ = Int32(k % 700)
            if ts.enqueue(CaseRef(index: case_, generation: 0), day: day) { firsts += 1; XCTAssertNil(want[day], "day \(day)") }
            want[day, default: []].append(case_)
        }
        XCTAssertEqual(firsts, want.count)
        for (day, cases) in want {
            XCTAssertEqual(ts.due(day: day).map(\.ref.index), cases, "day \(day)")
            // Only a case's latest scheduling is current.
            let due = ts.takeDue(day: day)
            XCTAssertEqual(due.map(\.ref.index), cases, "day \(day)")
            XCTAssertTrue(ts.due(day: day).isEmpty)
            XCTAssertTrue(ts.takeDue(day: day).isEmpty)
            XCTAssertEqual(Set(due.map(\.serial)).count, due.count)
        }
        for day in [2, 5000, 1_000_000, -1] { XCTAssertTrue(ts.due(day: day).isEmpty); XCTAssertTrue(ts.takeDue(day: day).isEmpty) }
        // A day taken can be scheduled again, afresh.
        XCTAssertTrue(ts.enqueue(CaseRef(index: 3, generation: 0), day: 3))
        XCTAssertEqual(ts.due(day: 3).map(\.ref.index), [3])
        XCTAssertTrue(ts.isCurrent(ts.due(day: 3)[0]))
    }

    /// The registrations' packed yes/no (``PackedYesNo/flag(_:_:_:_:)``, through a cursor)
    /// against ``CompiledAttribute/draw(_:_:_:_:)`` on the stream, on twin streams: shares from
    /// 0 to 1 (thresholds ±∞ and near ±0), loadings on neither, one or both factors, random
    /// factors; the same answer and the streams in step after every draw.
    func testPackedYesNoIsTheAttributesDraw() {
        let z = NormalZiggurat()
        let a = RandomStream(name: "yesno", seed: 3), b = RandomStream(name: "yesno", seed: 3)
        var rng = SystemRandomNumberGenerator()
        let shares = [0, 1, 0.5, 0.5.nextUp, 0.5.nextDown, 1e-9, 1 - 1e-9, 0.02, 0.3, 0.97]
        let loadings = [Loadings(), Loadings(harm: 0.4, reoffending: 0), Loadings(harm: 0, reoffending: 0.6),
                        Loadings(harm: 0.3, reoffending: 0.5), Loadings(harm: -0.2, reoffending: 0.1)]
        var yes = 0, no = 0
        for share in shares {
            for l in loadings {
                let attr = CompiledAttribute(AttributeSpec(.share(share), l), correlation: 0.3)
                let packed = PackedYesNo(attr, flag: 1 << 9)
                XCTAssertTrue(packed.exact)
                for _ in 0..<4_000 {
                    let h = Double.random(in: -4...4, using: &rng), r = Double.random(in: -4...4, using: &rng)
                    var c = GeneratorCursor(a)
                    let got = packed.flag(h, r, &c, z)
                    c.commit()
                    let want: UInt32 = attr.draw(h, r, b, z) ? 1 << 9 : 0
                    if got != want { XCTFail("share \(share), \(l), h \(h), r \(r): \(got) against \(want)"); return }
                    if got != 0 { yes += 1 } else { no += 1 }
                    XCTAssertEqual(a.next32(), b.next32())
                }
            }
        }
        XCTAssertGreaterThan(yes, 10_000)
        XCTAssertGreaterThan(no, 10_000)
    }

    /// The sign of the difference at the edges: a score equal to the threshold (no), either
    /// side of it, signed zeros (a threshold of −0 is stored as +0), infinities. The score is
    /// made exactly h (harm 1, no other loading), against `score > t0` as the attribute asks.
    func testPackedYesNoAtTheThreshold() {
        let z = NormalZiggurat()
        let s = RandomStream(name: "edge", seed: 8)
        var base = PackedYesNo(CompiledAttribute(AttributeSpec(.share(0.5), Loadings(harm: 1, reoffending: 0)), correlation: 0), flag: 4)
        base.harm = 1; base.reoffending = 0; base.residual = 0; base.uniformOnly = false
        let thresholds: [Double] = [0, -0.0, 1.5, -1.5, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 0x1p-1030]
        for t in thresholds {
            var p = base
            p.t0 = t + 0.0
            for h in [t, t.nextUp, t.nextDown, 0, -0.0, 2, -2, .leastNonzeroMagnitude, -.leastNonzeroMagnitude] where h.isFinite {
                var c = GeneratorCursor(s)
                let got = p.flag(h, 0, &c, z)
                c.commit()
                // The attribute's own comparison with the threshold as given (−0 included).
                let score = 1 * h + 0 * 0.0 + 0 * 1.0
                XCTAssertEqual(got, score > t ? 4 : 0, "threshold \(t), h \(h)")
            }
        }
    }

    /// ``CompiledAttribute/counted(_:)`` (the level by one vector comparison) against
    /// ``CompiledAttribute/level(_:)`` for attributes of 1 to 4 levels, shares summing to at
    /// most 1 (thresholds equal, ±∞, near 0), at every threshold and its neighbours, signed
    /// zeros, infinities, NaN and random scores.
    func testCountedLevelIsTheLevel() {
        var rng = SystemRandomNumberGenerator()
        var marginals: [Marginal] = [.share(0.3), .share(0), .share(1), .share(0.5),
                                     .levels([0.5, 0.5]), .levels([0.25, 0.25, 0.25, 0.25]), .levels([0.6, 0.3, 0.08, 0.02]),
                                     .levels([0, 0.5, 0, 0.5]), .levels([0.5, 0.5, 0, 0]), .levels([1, 0, 0, 0]), .levels([0, 0, 0, 1]),
                                     .quantiles(probabilities: [0, 1], values: [0, 1])]
        marginals += Self.randomLevels(200, levels: 4, &rng)
        var checked = 0
        for m in marginals {
            let a = CompiledAttribute(AttributeSpec(m, Loadings(harm: 0.3, reoffending: 0.2)), correlation: 0.4)
            var xs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1e-300, -1e-300, 40, -40]
            for t in [a.t0, a.t1, a.t2] where t.isFinite { xs += [t, t.nextUp, t.nextDown, -t] }
            for _ in 0..<2_000 { xs.append(Double.random(in: -5...5, using: &rng)) }
            for x in xs {
                XCTAssertEqual(a.counted(x), a.level(x), "\(m), score \(x)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 400_000)
    }
    /// ``CompiledScore/cut(hundredths:)``: for every score quantile table it accepts, `s < cut`
    /// is exactly "value(s) × 100 − t is negative" (the codes' comparison), at the cut and the
    /// doubles either side, at every quantile point and its neighbours, signed zeros,
    /// infinities' neighbours and 20,000 random scores each; the national tables are all
    /// accepted (so the model takes the cuts), and tables it cannot vouch for (falling values,
    /// points out of order) are refused.
    func testScoreCutsAreTheValuesComparison() {
        let national: [([Double], [Double])] = [
            ([0, 0.25, 0.5, 0.75, 0.9, 0.97, 1], [0.1, 0.8, 1.8, 3.5, 6.0, 9.0, 40]),   // RSR
            ([0, 0.25, 0.5, 0.75, 0.9, 1], [2, 18, 38, 60, 76, 97]),                  // ARP
            ([0, 0.25, 0.5, 0.75, 0.9, 0.97, 1], [0.05, 0.5, 1.1, 2.3, 4.0, 7.0, 25]), // CSRP
        ]
        let many = (0...20).map { Double($0) / 20 }
        let cases: [([Double], [Double])] = national + [
            ([0, 0.0002, 0.0005, 0.5, 0.9995, 0.9999, 1], [-3, -2, -1, 0, 1, 2, 3]),   // ties at both ends
            ([0, 1], [5, 10]),
            ([0.3, 0.7], [-0.0, 0.0]),
            ([0, 0.5, 1], [2.995, 2.995, 7.0]),                                        // a flat segment on a threshold
            ([0, 0.4, 0.6, 1], [0.0, 6.995, 6.995, 120]),
            (many, many.map { $0 * $0 * 100 }),
            (many, many.map { $0 * 150 - 20 }),
        ]
        let thresholds: [Double] = [299.5, 699.5, 9998.5, 689.5, 99.5, 49.5, 8999.5, 7499.5, 4999.5, 2499.5, 1499.5, 0.5, -0.5]
        var rng = SystemRandomNumberGenerator()
        var checked = 0, accepted = 0
        for (ps, vs) in cases {
            let c = CompiledScore(AttributeSpec(.quantiles(probabilities: ps, values: vs)), correlation: 0)
            for t in thresholds {
                guard let cut = c.cut(hundredths: t) else { continue }
                accepted += 1
                var xs: [Double] = [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e300, -1e300,
                                    .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
                if cut.isFinite {
                    var a = cut, b = cut
                    for _ in 0..<4 { a = a.nextUp; b = b.nextDown; xs += [a, b] }
                    xs.append(cut)
                }
                for z in c.zs { xs += [z, z.nextUp, z.nextDown, z.nextUp.nextUp, z.nextDown.nextDown] }
                for _ in 0..<20_000 { xs.append(Double.random(in: -5...5, using: &rng)) }
                for x in xs {
                    let below = (c.value(x) * 100 - t).sign == .minus
                    XCTAssertEqual(x < cut, below, "\(ps) \(vs) t \(t) at \(x) (cut \(cut))")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(accepted, 60)
        XCTAssertGreaterThan(checked, 1_200_000)
        for (ps, vs) in national {
            let c = CompiledScore(AttributeSpec(.quantiles(probabilities: ps, values: vs), Loadings(harm: 0.5, reoffending: 0.6)),
                                  correlation: 0.4)
            for t in thresholds { XCTAssertNotNil(c.cut(hundredths: t), "\(vs) at \(t)") }
        }
        // Refused: falling values, points out of order, a zero threshold.
        let falling = CompiledScore(AttributeSpec(.quantiles(probabilities: [0, 0.5, 1], values: [9, 5, 1])), correlation: 0)
        XCTAssertNil(falling.cut(hundredths: 299.5))
        let disordered = CompiledScore(AttributeSpec(.quantiles(probabilities: [0, 0.6, 0.4, 1], values: [1, 2, 3, 4])), correlation: 0)
        XCTAssertNil(disordered.cut(hundredths: 299.5))
        XCTAssertNil(national.first.map { CompiledScore(AttributeSpec(.quantiles(probabilities: $0.0, values: $0.1)), correlation: 0) }?
            .cut(hundredths: 0))
        // Below everywhere: +∞; below nowhere: −∞ or the table's lowest score.
        let small = CompiledScore(AttributeSpec(.quantiles(probabilities: [0, 1], values: [1, 2])), correlation: 0)
        XCTAssertEqual(small.cut(hundredths: 299.5), .infinity)
        XCTAssertEqual(small.cut(hundredths: 49.5), -.infinity)
        // The order keys: −0 just below +0, and back.
        XCTAssertEqual(CompiledScore.orderKey(-0.0), -1)
        XCTAssertEqual(CompiledScore.orderKey(0.0), 0)
        XCTAssertLessThan(CompiledScore.orderKey(-.leastNonzeroMagnitude), CompiledScore.orderKey(-0.0))
        for x in [0.0, -0.0, 1.5, -1.5, .infinity, -.infinity, .leastNonzeroMagnitude, -.greatestFiniteMagnitude] {
            XCTAssertEqual(CompiledScore.double(orderKey: CompiledScore.orderKey(x)).bitPattern, x.bitPattern)
        }
    }

    /// ``TieringState/ScoreCuts/codes(rsr:arp:csrp:)`` against
    /// ``TieringState/codes(rsr:arp:csrp:)`` on the scores' values, for the national tables
    /// with their loadings: at every cut and the doubles either side, combined with each
    /// other, and at 300,000 random scores (normal-sized and wide).
    func testScoreCutsCodesAreTheValuesCodes() throws {
        func q(_ ps: [Double], _ vs: [Double]) -> CompiledScore {
            CompiledScore(AttributeSpec(.quantiles(probabilities: ps, values: vs), Loadings(harm: 0.5, reoffending: 0.6)), correlation: 0.4)
        }
        let rsr = q([0, 0.25, 0.5, 0.75, 0.9, 0.97, 1], [0.1, 0.8, 1.8, 3.5, 6.0, 9.0, 40])
        let arp = q([0, 0.25, 0.5, 0.75, 0.9, 1], [2, 18, 38, 60, 76, 97])
        let csrp = q([0, 0.25, 0.5, 0.75, 0.9, 0.97, 1], [0.05, 0.5, 1.1, 2.3, 4.0, 7.0, 25])
        let cuts = try XCTUnwrap(TieringState.ScoreCuts(rsr: rsr, arp: arp, csrp: csrp))
        func check(_ a: Double, _ b: Double, _ c: Double) {
            let got = cuts.codes(rsr: a, arp: b, csrp: c)
            let want = TieringState.codes(rsr: rsr.value(a), arp: arp.value(b), csrp: csrp.value(c))
            XCTAssertTrue(got == want, "scores \(a) \(b) \(c): \(got) against \(want)")
        }
        func near(_ v: [Double]) -> [Double] {
            v.filter(\.isFinite).flatMap { [$0, $0.nextUp, $0.nextDown, $0.nextUp.nextUp, $0.nextDown.nextDown] } + [0, -0.0, 3, -3]
        }
        let r = near([cuts.rsr[0], cuts.rsr[1], cuts.rsr[2]])
        let c = near([cuts.csrp[0], cuts.csrp[1], cuts.csrp[2], cuts.csrp[3]])
        let a = near([cuts.arp[0], cuts.arp[1], cuts.arp[2], cuts.arp[3], cuts.arp[4]])
        for x in r { for y in a { for z in c { check(x, y, z) } } }
        // The RSR points take all their values: 0 (low), 10, 20 and 0 (beyond 99.98) where reachable.
        var seen = Set<UInt8>()
        var rng = SystemRandomNumberGenerator()
        for k in 0..<300_000 {
            let w = k % 2 == 0 ? 4.0 : 40.0
            let x = Double.random(in: -w...w, using: &rng), y = Double.random(in: -w...w, using: &rng),
                z = Double.random(in: -w...w, using: &rng)
            check(x, y, z)
            seen.insert(cuts.codes(rsr: x, arp: y, csrp: z).rsrPoints)
        }
        XCTAssertTrue(seen.isSuperset(of: [0, 10, 20]), "\(seen)")
    }
    /// ``needsLevelsPacked(_:base:residual:t0:t1:)`` (the eight needs' levels at once, SSE2)
    /// against the scalar loop it replaced, `min(level(score), 2)` two bits each, for the
    /// national needs' attribute and others (one to four levels, equal, infinite and zero
    /// thresholds): own parts at random over the whole Int16 range and near 0, factors at
    /// random and at values that put scores exactly on a threshold's neighbours.
    func testNeedsLevelsPackedIsTheLoop() {
        var rng = SystemRandomNumberGenerator()
        var marginals: [Marginal] = [.levels([0.45, 0.35, 0.2]), .levels([0.5, 0.5]), .levels([0.25, 0.25, 0.25, 0.25]),
                                     .levels([0.6, 0.3, 0.08, 0.02]), .levels([0, 0.5, 0, 0.5]), .levels([1, 0, 0, 0]),
                                     .levels([0, 0, 0, 1]), .levels([0.5, 0, 0.5]), .share(0.3), .share(0.5)]
        marginals += Self.randomLevels(40, levels: 3, &rng)
        var checked = 0
        for m in marginals {
            for (lh, lr) in [(0.3, 0.2), (0.0, 0.0), (0.5, 0.6), (-0.4, 0.7)] {
                let a = CompiledAttribute(AttributeSpec(m, Loadings(harm: lh, reoffending: lr)), correlation: 0.4)
                XCTAssertTrue(a.t0 <= a.t1 && a.t1 <= a.t2)
                for trial in 0..<3_000 {
                    let h = trial % 3 == 0 ? 0 : Double.random(in: -4...4, using: &rng)
                    let r = trial % 5 == 0 ? 0 : Double.random(in: -4...4, using: &rng)
                    var q = SIMD8<Int16>()
                    for k in 0..<8 {
                        q[k] = trial % 2 == 0 ? Int16.random(in: .min ... .max, using: &rng) : Int16.random(in: -12_000...12_000, using: &rng)
                    }
                    if trial % 7 == 0 {
                        // Own parts that put a score at or next to a threshold, where one can be hit.
                        for k in 0..<8 where a.residual > 0 {
                            let t = [a.t0, a.t1][k % 2]
                            guard t.isFinite else { continue }
                            let e = (t - (a.harm * h + a.reoffending * r)) / a.residual * 4096
                            if e.magnitude < 32_000 { q[k] = Int16(e.rounded()) &+ Int16(k % 3) &- 1 }
                        }
                    }
                    var want: UInt16 = 0
                    for k in 0..<8 {
                        want |= UInt16(min(a.level(a.score(h, r, TieringState.value(q[k]))), 2)) << (2 * k)
                    }
                    let got = needsLevelsPacked(q, base: a.harm * h + a.reoffending * r, residual: a.residual, t0: a.t0, t1: a.t1)
                    XCTAssertEqual(got, want, "\(m) h \(h) r \(r) q \(q)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 500_000)
        // Hand-worked: thresholds 0 and 1, residual 1, base 0; own parts −1, 0, 1 (four
        // times), 4096 (a score of exactly 1) and 4097 → levels 0, 0, 1, 1, 1, 1, 1, 2.
        let q = SIMD8<Int16>(-1, 0, 1, 1, 1, 1, 4096, 4097)
        XCTAssertEqual(needsLevelsPacked(q, base: 0, residual: 1, t0: 0, t1: 1), 0b10_01_01_01_01_01_00_00)
    }

    /// `count` ordered marginals of `levels` random shares each (summing to 1).
    static func randomLevels(_ count: Int, levels: Int, _ rng: inout SystemRandomNumberGenerator) -> [Marginal] {
        (0..<count).map { _ in
            let w = (0..<levels).map { _ in Double.random(in: 0...1, using: &rng) }
            let total = w.reduce(0, +)
            return .levels(w.map { $0 / total })
        }
    }

    /// The registrations answered all at once (``RegistrationLanes``, from numbers drawn by
    /// ``NormalZiggurat/fill(_:count:uniforms:_:)``) against each answered in turn by
    /// ``PackedYesNo/flag(_:_:_:_:)`` through a cursor on a twin stream: random sets of 0 to
    /// 16 registrations (shares from 0 to 1, loadings on neither, one or both factors; the
    /// national scenario's among them), random factors; the same flags and the streams in step.
    /// Also what makes the lanes refuse: a NaN share, two registrations with one flag, more than 16.
    func testRegistrationLanesAnswerAsEachInTurn() {
        let z = NormalZiggurat()
        let a = RandomStream(name: "lanes", seed: 12), b = RandomStream(name: "lanes", seed: 12)
        var rng = SystemRandomNumberGenerator()
        let shares = [0, 1, 0.5, 0.5.nextUp, 1e-9, 1 - 1e-9, 0.02, 0.3, 0.97]
        let loadings = [Loadings(), Loadings(harm: 0.4, reoffending: 0), Loadings(harm: 0, reoffending: 0.6),
                        Loadings(harm: 0.3, reoffending: 0.5), Loadings(harm: -0.2, reoffending: 0.1)]
        let national = ModelTieringTests.profiles().registrations.values.map { CompiledAttribute($0, correlation: 0.3) }
        let out = UnsafeMutablePointer<Double>.allocate(capacity: 64)
        defer { out.deallocate() }
        var yes = 0, no = 0
        for round in 0..<20_000 {
            let n = round % 7 == 0 ? national.count : Int.random(in: 0...16, using: &rng)
            let attrs = round % 7 == 0 ? national : (0..<n).map { _ in
                CompiledAttribute(AttributeSpec(.share(shares.randomElement(using: &rng)!), loadings.randomElement(using: &rng)!),
                                  correlation: 0.3)
            }
            let packed = attrs.enumerated().map { PackedYesNo($1, flag: 1 << UInt32($0)) }
            guard let lanes = RegistrationLanes(packed) else { XCTFail("lanes refused \(n) exact registrations"); return }
            let h = Double.random(in: -4...4, using: &rng), r = Double.random(in: -4...4, using: &rng)
            var c = GeneratorCursor(a)
            let uniforms = attrs.enumerated().reduce(UInt64(0)) { $0 | ($1.element.drawsUniform ? 1 << UInt64($1.offset) : 0) }
            for k in 0..<16 { out[k] = .nan }
            z.fill(out, count: n, uniforms: uniforms, &c)
            c.commit()
            let got = lanes.flags(h, r, drawn: UnsafeRawPointer(out).loadUnaligned(as: SIMD16<Double>.self))
            var cb = GeneratorCursor(b)
            var want: UInt32 = 0
            for p in packed { want |= p.flag(h, r, &cb, z) }
            cb.commit()
            if got != want { XCTFail("round \(round): \(String(got, radix: 2)) against \(String(want, radix: 2))"); return }
            yes += got.nonzeroBitCount; no += n - got.nonzeroBitCount
            XCTAssertEqual(a.next32(), b.next32())
        }
        XCTAssertGreaterThan(yes, 20_000)
        XCTAssertGreaterThan(no, 20_000)
        // Refused: not exact, a flag twice, too many.
        let one = PackedYesNo(CompiledAttribute(AttributeSpec(.share(0.3), Loadings(harm: 0.2)), correlation: 0), flag: 1)
        XCTAssertNotNil(RegistrationLanes([one]))
        XCTAssertNil(RegistrationLanes([PackedYesNo(CompiledAttribute(AttributeSpec(.share(.nan)), correlation: 0), flag: 2)]))
        XCTAssertNil(RegistrationLanes([one, one]))
        XCTAssertNil(RegistrationLanes((0..<17).map { k in var p = one; p.flag = 1 << UInt32(k); return p }))
    }
}
