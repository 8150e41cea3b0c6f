// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
import CGSL
@testable import Simulation

/// ``GeneratorCursor`` must draw exactly what the stream itself draws, output for output, and
/// leave the stream where the stream's own draws would have left it: computed tiering's
/// profiles are drawn through it, and every later draw of the run depends on that.
final class GeneratorCursorTests: XCTestCase {
    /// Random runs of cursor draws (raw outputs, uniforms, normals with their slow path),
    /// each written back and followed by draws from the stream itself (the inline generator
    /// and GSL's own samplers, which read the generator's index from memory), against the
    /// same sequence drawn from a twin stream directly; well over a thousand regenerations of
    /// the 624-word block, some of them in the middle of a cursor's run.
    func testCursorDrawsWhatTheStreamDraws() {
        let z = NormalZiggurat()
        let a = RandomStream(name: "cursor", seed: 99), b = RandomStream(name: "cursor", seed: 99)
        var pick = SystemRandomNumberGenerator()
        var outputs = 0
        for _ in 0..<40_000 {
            var c = GeneratorCursor(a)
            for _ in 0..<Int.random(in: 0...40, using: &pick) {
                switch Int.random(in: 0..<3, using: &pick) {
                case 0:
                    let got = c.next32(), want = b.next32()
                    if got != want { XCTFail("next32: \(got) against \(want)"); return }
                case 1:
                    let got = c.uniform(), want = b.uniform()
                    if got.bitPattern != want.bitPattern { XCTFail("uniform: \(got) against \(want)"); return }
                default:
                    let got = z.sample(&c), want = z.sample(b)
                    if got.bitPattern != want.bitPattern { XCTFail("normal: \(got) against \(want)"); return }
                }
                outputs += 1
            }
            c.commit()
            // The stream itself carries on from where the cursor left it.
            switch Int.random(in: 0..<4, using: &pick) {
            case 0: XCTAssertEqual(a.next32(), b.next32())
            case 1: XCTAssertEqual(a.standardNormal().bitPattern, b.standardNormal().bitPattern)
            case 2: XCTAssertEqual(a.uniformPositive().bitPattern, b.uniformPositive().bitPattern)
            default: break
            }
        }
        XCTAssertGreaterThan(outputs, 600_000)
        for _ in 0..<1_000 { XCTAssertEqual(a.next32(), b.next32()) }
    }

    /// A cursor made, drawn from and reloaded after the stream moved on by itself: reload
    /// picks up the stream's index (as the normal's slow path needs).
    func testReloadFollowsTheStream() {
        let a = RandomStream(name: "reload", seed: 5), b = RandomStream(name: "reload", seed: 5)
        var c = GeneratorCursor(a)
        for k in 0..<5_000 {
            XCTAssertEqual(c.next32(), b.next32())
            if k % 7 == 0 {
                c.commit()
                for _ in 0..<(k % 5) { XCTAssertEqual(a.next32(), b.next32()) }
                c.reload()
            }
        }
        c.commit()
        XCTAssertEqual(a.next32(), b.next32())
    }

    /// Against the published mt19937 output for the default seed (GSL's seed 4357 scheme):
    /// the cursor's tempering is the generator's, not only the same as some other code's.
    func testCursorMatchesGSLGetOverManyBlocks() {
        let a = RandomStream(name: "gsl", seed: 4357)
        let r = gsl_rng_alloc(cgsl_rng_mt19937())!
        defer { gsl_rng_free(r) }
        gsl_rng_set(r, 4357)
        var c = GeneratorCursor(a)
        for _ in 0..<10_000 {
            let want = UInt32(gsl_rng_get(r))
            let got = c.next32()
            if got != want { XCTFail("\(got) against \(want)"); return }
        }
        c.commit()
        XCTAssertEqual(a.next32(), UInt32(gsl_rng_get(r)))
    }

    /// The cursor's normal against the stream's on twin streams over 3·10⁶ draws, some 80,000
    /// of them through the slow path (wedges, and some 1,700 tails, which draw through GSL
    /// itself), with the stream drawn from directly every so often in between.
    func testCursorSlowPathDrawsWhatTheStreamDraws() {
        let z = NormalZiggurat()
        let a = RandomStream(name: "slow", seed: 23), b = RandomStream(name: "slow", seed: 23)
        var c = GeneratorCursor(a)
        var tails = 0
        for k in 0..<3_000_000 {
            let want = z.sample(b)
            let got = z.sample(&c)
            if got.bitPattern != want.bitPattern { XCTFail("draw \(k): \(got) against \(want)"); return }
            if want.magnitude > NormalZiggurat.r { tails += 1 }
            if k % 1_000 == 999 {
                c.commit()
                XCTAssertEqual(a.uniformPositive().bitPattern, b.uniformPositive().bitPattern)
                c.reload()
            }
        }
        c.commit()
        XCTAssertGreaterThan(tails, 1_000)
        XCTAssertEqual(a.next32(), b.next32())
    }

    /// ``NormalZiggurat/fill(_:count:uniforms:_:)`` against the same numbers drawn one at a
    /// time from a twin stream: random counts (0 … 64) and random patterns of uniforms and
    /// normals, tens of thousands of slow paths (wedges, and tails drawn through GSL) and regenerations of
    /// the block, the stream drawn from directly between fills; then the two streams carry on
    /// alike. Also a pattern that is all uniforms and one with bits beyond the count set.
    func testFillDrawsWhatDrawingOneAtATimeDraws() {
        let z = NormalZiggurat()
        let a = RandomStream(name: "fill", seed: 77), b = RandomStream(name: "fill", seed: 77)
        var pick = SystemRandomNumberGenerator()
        let out = UnsafeMutablePointer<Double>.allocate(capacity: 64)
        defer { out.deallocate() }
        var drawn = 0, tails = 0
        for round in 0..<60_000 {
            let n = Int.random(in: 0...64, using: &pick)
            let uniforms: UInt64 = round % 97 == 0 ? .max : UInt64.random(in: 0 ... .max, using: &pick)
            var c = GeneratorCursor(a)
            z.fill(out, count: n, uniforms: uniforms, &c)
            c.commit()
            for k in 0..<n {
                let uniform = (uniforms >> UInt64(k)) & 1 != 0
                let want = uniform ? b.uniform() : z.sample(b)
                if out[k].bitPattern != want.bitPattern {
                    XCTFail("round \(round), draw \(k) of \(n) (\(uniform ? "uniform" : "normal")): \(out[k]) against \(want)")
                    return
                }
                if !uniform && want.magnitude > NormalZiggurat.r { tails += 1 }
            }
            drawn += n
            if round % 5 == 0 { XCTAssertEqual(a.next32(), b.next32()) }
        }
        XCTAssertGreaterThan(drawn, 1_500_000)
        XCTAssertGreaterThan(tails, 100)   // the tail, the slowest path, drawn through GSL itself
        for _ in 0..<1_000 { XCTAssertEqual(a.next32(), b.next32()) }
    }

    /// The two paths of the fill's C part (`cgsl_zig_fill_using`: one at a time, and four at a
    /// time with AVX2 where the processor has it) against the ziggurat's own fast path,
    /// written out here from the Swift table, on random blocks of outputs: the same values
    /// bit for bit, the same count made and the same index reached (stopping at a normal off
    /// the sure part of its layer, at the block's end or at the count), for random starts,
    /// counts and patterns of uniforms, and for words chosen to be on and off the sure parts.
    func testFillPathsMakeTheFastPathsNumbers() {
        let z = NormalZiggurat()
        var pick = SystemRandomNumberGenerator()
        let o = UnsafeMutablePointer<CUnsignedInt>.allocate(capacity: 624)
        let got = UnsafeMutablePointer<Double>.allocate(capacity: 700)
        defer { o.deallocate(); got.deallocate() }
        func expected(_ start: Int, _ count: Int, _ uniforms: UInt64) -> (values: [Double], index: Int) {
            var values: [Double] = [], i = start
            while values.count < count && i < 624 {
                let w = UInt32(o[i]), k = values.count
                if k < 64 && (uniforms >> UInt64(k)) & 1 != 0 {
                    values.append(Double(w) * 0x1p-32)
                } else {
                    let layer = z.layers[Int(w & 0x7f)]
                    guard w >> 8 < layer.limit else { break }
                    values.append(NormalZiggurat.signed(Double(w >> 8) * layer.scale, w))
                }
                i += 1
            }
            return (values, i)
        }
        let paths = [1, 2].filter { cgsl_zig_fill_paths() & Int32($0) != 0 }
        XCTAssertTrue(paths.contains(1))
        var made = 0, stoppedOff = 0
        for round in 0..<6_000 {
            // Mostly random words (about 2.8% off the sure part); every fifth block with more off it.
            for k in 0..<624 {
                var w = UInt32.random(in: 0 ... .max, using: &pick)
                if round % 5 == 0 && k % 3 == 0 { w |= 0xFFFF_FF00 }   // j near 2^24: off the sure part in most layers
                o[k] = CUnsignedInt(w)
            }
            let start = Int.random(in: 0...624, using: &pick)
            let count = Int.random(in: 0...70, using: &pick)
            let uniforms: UInt64 = round % 3 == 0 ? 0 : UInt64.random(in: 0 ... .max, using: &pick)
            let want = expected(start, count, uniforms)
            if want.values.count < count && want.index < 624 { stoppedOff += 1 }
            for path in paths {
                var index = Int32(start)
                let n = cgsl_zig_fill_using(Int32(path), o, &index, got, Int32(count), uniforms, UnsafeRawPointer(z.layers))
                XCTAssertEqual(Int(n), want.values.count, "path \(path), round \(round)")
                XCTAssertEqual(Int(index), want.index, "path \(path), round \(round)")
                for k in 0..<min(Int(n), want.values.count) where got[k].bitPattern != want.values[k].bitPattern {
                    XCTFail("path \(path), round \(round), value \(k): \(got[k]) against \(want.values[k])"); return
                }
            }
            made += want.values.count
        }
        XCTAssertGreaterThan(made, 50_000)
        XCTAssertGreaterThan(stoppedOff, 300)
    }
}
