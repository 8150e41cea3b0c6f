// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// `Int16(clamping: Int(t))` — `t` truncated toward zero and clamped to `Int16`'s range —
/// without the checks of the two conversions (three comparisons and branches, then two
/// more for the clamp): a clamp in floating point and one conversion instruction
/// (`cgsl_trunc_clamp_i16`). The same result for every `t` where `Int(t)` is defined
/// (finite, |t| < 2⁶³); for the others `Int(t)` stops the program and this gives the bound
/// (or 0 for a NaN). For hot paths that quantise many numbers (computed tiering).
@inlinable @inline(__always)
public func truncatedClampedToInt16(_ t: Double) -> Int16 {
    cgsl_trunc_clamp_i16(t)
}

/// The eight needs' levels of computed tiering, packed two bits each (`cgsl_needs_levels` in
/// Sources/CGSL/shim.h): for own parts `q` (units of 1/4096), need k's score is
/// `base + residual * (Double(q[k]) * 0x1p-12)` and its level the number of `t0`, `t1` below
/// it (with `t0 ≤ t1 ≤ t2`, the level of three thresholds capped at 2). The same arithmetic
/// on each score as one at a time, two at a time in SSE2.
@inlinable @inline(__always)
public func needsLevelsPacked(_ q: SIMD8<Int16>, base: Double, residual: Double, t0: Double, t1: Double) -> UInt16 {
    withUnsafeBytes(of: q) { b in
        cgsl_needs_levels(b.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: Int16.self), base, residual, t0, t1)
    }
}
