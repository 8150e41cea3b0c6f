// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Foundation

/// A cursor over a ``RandomStream``'s generator for code that draws many numbers in a row
/// (computed tiering draws some 33 a profile): the same outputs as ``RandomStream/next32()``,
/// in the same order, but with the generator's index kept in a register while the cursor is
/// in use, instead of loaded from the generator's state and stored back at every output
/// (through the stream and the state's pointer: three dependent loads and a store an output,
/// the store read again by the next output).
///
/// The rule: between making a cursor and ``commit()``, nothing else may draw from the stream
/// (its own index in memory is stale meanwhile); code that must (a sampler's rare slow path)
/// is called between ``commit()`` and ``reload()``. The cursor holds no reference to the
/// stream: the caller keeps the stream alive while it uses the cursor. When the stream's
/// generator is not the inline mt19937 (``RandomStream``'s `inlineGenerator`), the cursor asks GSL for every output
/// and commit and reload do nothing.
public struct GeneratorCursor {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The block's 624 tempered outputs, or nil when GSL draws the outputs itself.
    @usableFromInline let outputs: UnsafeMutablePointer<CUnsignedInt>?
    /// The index of the next unused output (624: the block is used up).
    @usableFromInline var index: Int

    /// A cursor at the stream's next output.
    @inlinable @inline(__always) public init(_ s: RandomStream) {
        rng = s.rng
        if s.inlineGenerator {
            outputs = cgsl_mtt_outputs(s.rng)
            index = Int(cgsl_mtt_index(s.rng).pointee)
        } else {
            outputs = nil
            index = 0
        }
    }

    /// The next raw 32-bit output: exactly what `stream.next32()` would give (the block's
    /// outputs are tempered when it is made: ``RandomStream``).
    @inlinable @inline(__always) public mutating func next32() -> UInt32 {
        guard let o = outputs else { return UInt32(truncatingIfNeeded: cgsl_rng_get(rng)) }
        if index >= 624 {
            cgsl_mtt_refill(rng)
            index = 0
        }
        let k = o[index]
        index &+= 1
        return k
    }

    /// A uniform variate on [0, 1): exactly `stream.uniform()`.
    @inlinable @inline(__always) public mutating func uniform() -> Double {
        guard outputs != nil else { return gsl_rng_uniform(rng) }
        return Double(next32()) * 0x1p-32
    }

    /// Writes the cursor's index back to the stream: after this the stream may be drawn from
    /// directly (and the cursor, after ``reload()``).
    @inlinable @inline(__always) public func commit() {
        if outputs != nil { cgsl_mtt_index(rng).pointee = Int32(truncatingIfNeeded: index) }
    }

    /// Reads the stream's index again (after others drew from it since ``commit()``).
    @inlinable @inline(__always) public mutating func reload() {
        if outputs != nil { index = Int(cgsl_mtt_index(rng).pointee) }
    }
}

extension NormalZiggurat {
    /// A standard normal variate drawn through a cursor: exactly ``sample(_:)-(RandomStream)``
    /// on the cursor's stream.
    @inlinable @inline(__always) public func sample(_ c: inout GeneratorCursor) -> Double {
        let u = c.next32()
        let layer = layers[Int(u & 0x7f)]
        let j = u >> 8
        if j < layer.limit {
            return Self.signed(Double(j) * layer.scale, u)
        }
        let (x, index) = slowPath(c, u)
        c.index = index
        return x
    }

    /// ``slowPath(_:_:)`` through a cursor, passed by value and its index handed back (so the
    /// caller's cursor stays in registers, and no reference to the stream is taken: reaching
    /// the stream from the cursor retained and released it around every slow path, some
    /// 25 pairs of calls in a profile's draw). The same draws, step for step: the stream's
    /// `uniform()` and `next32()` are the cursor's; `uniformPositive()` is GSL's own
    /// (`gsl_rng_uniform_pos`), called with the cursor's index written back and read again after.
    @inline(never) @usableFromInline func slowPath(_ cursor: GeneratorCursor, _ first: UInt32) -> (Double, Int) {
        var c = cursor
        var u = first
        while true {
            let i = Int(u & 0x7f)
            let j = u >> 8
            let layer = layers[i]
            if j < layer.limit {
                return (Self.signed(Double(j) * layer.scale, u), c.index)
            }
            if i == 0 {
                c.commit()
                while true {
                    let a = -log(gsl_rng_uniform_pos(c.rng)) / Self.r
                    let b = -log(gsl_rng_uniform_pos(c.rng))
                    if b + b > a * a {
                        c.reload()
                        return (Self.signed(Self.r + a, u), c.index)
                    }
                }
            }
            let x = Double(j) * layer.scale
            let w = wedges[i]
            let y = layer.density + c.uniform() * (w.top - layer.density)
            if Self.under(y, x, w) { return (Self.signed(x, u), c.index) }
            u = c.next32()
        }
    }
}

extension NormalZiggurat {
    /// Draws `count` numbers in a row through the cursor into `out[0 ..< count]`: the k-th a
    /// uniform on [0, 1) (``GeneratorCursor/uniform()``) where bit k of `uniforms` is set (none
    /// from bit 64 on), else a standard normal (``sample(_:)-(GeneratorCursor)``). Exactly the
    /// numbers, drawn in the same order, that drawing them one at a time gives.
    ///
    /// For code that draws many numbers before it uses them (computed tiering draws some 30 a
    /// profile): one short loop, with the cursor and the tables in registers, in place of a
    /// copy of the sampler for every draw. Inlined at each draw, the copies made the profile's
    /// draw 10 KB of code (it missed the instruction cache on some 33 lines a call) and left
    /// too few registers, so each draw reloaded the cursor and the tables from the stack.
    @inline(never)
    public func fill(_ out: UnsafeMutablePointer<Double>, count: Int, uniforms: UInt64, _ c: inout GeneratorCursor) {
        guard let o = c.outputs else {
            // GSL draws every output itself: one at a time.
            for k in 0..<max(count, 0) {
                out[k] = (uniforms >> UInt64(truncatingIfNeeded: k)) & 1 != 0 ? c.uniform() : sample(&c)
            }
            return
        }
        // The inline generator: runs of draws on the sure parts of their layers (and uniforms)
        // in C (`cgsl_zig_fill`, Sources/CGSL/shim.h), and between them the end of a block or
        // a draw's slow path, as ``sample(_:)-(GeneratorCursor)`` takes it.
        var index = Int32(truncatingIfNeeded: c.index)
        var k = 0
        while k < count {
            k += Int(cgsl_zig_fill(o, &index, out + k, Int32(truncatingIfNeeded: count - k),
                                   k < 64 ? uniforms >> UInt64(k) : 0, UnsafeRawPointer(layers)))
            guard k < count else { break }
            if index >= 624 {
                cgsl_mtt_refill(c.rng)
                index = 0
                continue
            }
            // A normal off the sure part of its layer.
            let u = o[Int(index)]
            var at = c
            at.index = Int(index) + 1
            let (x, next) = slowPath(at, u)
            out[k] = x
            index = Int32(truncatingIfNeeded: next)
            k += 1
        }
        c.index = Int(index)
    }
}
