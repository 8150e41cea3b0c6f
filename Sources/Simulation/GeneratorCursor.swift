// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL

/// A cursor over a ``RandomStream``'s generator for code that draws many numbers in a row
/// (computed tiering draws some 33 a profile): the same outputs as ``RandomStream/next32()``,
/// in the same order, but with the generator's index kept in a register while the cursor is
/// in use, instead of loaded from the generator's state and stored back at every output
/// (through the stream and the state's pointer: three dependent loads and a store an output,
/// the store read again by the next output).
///
/// The rule: between making a cursor and ``commit()``, nothing else may draw from the stream
/// (its own index in memory is stale meanwhile); code that must (a sampler's rare slow path)
/// is called between ``commit()`` and ``reload()``. When the stream's generator is not the
/// inline mt19937 (``RandomStream``'s `inlineGenerator`), the cursor asks GSL for every output
/// and commit and reload do nothing.
public struct GeneratorCursor {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The state's 624 words, or nil when GSL draws the outputs itself.
    @usableFromInline let words: UnsafeMutablePointer<CUnsignedLong>?
    /// The index of the next unused word (624: the block is used up).
    @usableFromInline var index: Int
    /// The stream (unretained: the caller holds it for as long as the cursor lives).
    @usableFromInline unowned(unsafe) let stream: RandomStream

    /// A cursor at the stream's next output.
    @inlinable @inline(__always) public init(_ s: RandomStream) {
        rng = s.rng
        stream = s
        if s.inlineGenerator {
            words = cgsl_mt_words(s.rng)
            index = Int(cgsl_mt_index(s.rng).pointee)
        } else {
            words = nil
            index = 0
        }
    }

    /// The next raw 32-bit output: exactly what `stream.next32()` would give.
    @inlinable @inline(__always) public mutating func next32() -> UInt32 {
        guard let w = words else { return UInt32(truncatingIfNeeded: cgsl_rng_get(rng)) }
        if index >= 624 {
            cgsl_mt_refill(rng)
            index = 0
        }
        var k = UInt32(truncatingIfNeeded: w[index])
        index &+= 1
        k ^= k >> 11
        k ^= (k << 7) & 0x9d2c_5680
        k ^= (k << 15) & 0xefc6_0000
        k ^= k >> 18
        return k
    }

    /// A uniform variate on [0, 1): exactly `stream.uniform()`.
    @inlinable @inline(__always) public mutating func uniform() -> Double {
        guard words != nil else { return gsl_rng_uniform(rng) }
        return Double(next32()) * 0x1p-32
    }

    /// Writes the cursor's index back to the stream: after this the stream may be drawn from
    /// directly (and the cursor, after ``reload()``).
    @inlinable @inline(__always) public func commit() {
        if words != nil { cgsl_mt_index(rng).pointee = Int32(truncatingIfNeeded: index) }
    }

    /// Reads the stream's index again (after others drew from it since ``commit()``).
    @inlinable @inline(__always) public mutating func reload() {
        if words != nil { index = Int(cgsl_mt_index(rng).pointee) }
    }
}

extension NormalZiggurat {
    /// A standard normal variate drawn through a cursor: exactly ``sample(_:)-(RandomStream)``
    /// on the cursor's stream (the slow path, 2.8% of draws, is called with the cursor's index
    /// written back, and the index read again after).
    @inlinable @inline(__always) public func sample(_ c: inout GeneratorCursor) -> Double {
        let u = c.next32()
        let layer = layers[Int(u & 0x7f)]
        let j = u >> 8
        if j < layer.limit {
            return Self.signed(Double(j) * layer.scale, u)
        }
        c.commit()
        let x = slowPath(c.stream, u)
        c.reload()
        return x
    }
}
