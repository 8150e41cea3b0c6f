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
