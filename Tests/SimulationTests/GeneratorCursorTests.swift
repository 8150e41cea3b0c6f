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
}
