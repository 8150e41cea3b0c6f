// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Foundation

/// The tables of a 256-layer ziggurat for the standard exponential
/// distribution (Marsaglia and Tsang, "The Ziggurat Method for Generating
/// Random Variables", Journal of Statistical Software 5(8), 2000).
///
/// The density e^(−x) is covered by 256 layers of equal area `v`: layer 0 is
/// the base (a rectangle of width v / e^(−r) holding the tail beyond
/// r = 7.697…), layers 1…255 are rectangles whose right edges x₁ < x₂ < … <
/// x₂₅₅ = r lie on the curve. A draw picks a layer and a point across it; the
/// point is accepted at once when it lies under the next narrower layer (about
/// 98.9% of draws), so most draws cost one 32-bit output of the generator and
/// one multiplication — no logarithm.
///
/// Unlike the original code, which takes the layer index and the abscissa from
/// the same 32 bits, the index here is the low 8 bits and the abscissa the
/// high 24 bits of the generator's output, so the two are independent (the
/// flaw Doornik pointed out in 2005). The price is an abscissa resolution of
/// 2⁻²⁴ of a layer's width.
@usableFromInline
struct ExponentialZiggurat {
    /// One layer: accept at once when `j < limit`; the abscissa is `j * scale`;
    /// `density` is e^(−x) at the layer's right edge.
    @usableFromInline struct Layer {
        @usableFromInline var limit: UInt32
        @usableFromInline var scale: Double
        @usableFromInline var density: Double
    }

    /// Where the tail starts.
    static let r = 7.697117470131487
    /// The area of every layer.
    static let v = 3.949659822581572e-3
    /// 2²⁴: the abscissa is a 24-bit integer.
    static let m = 16_777_216.0

    /// The 256 layers, allocated once for the process and never freed.
    @usableFromInline nonisolated(unsafe) static let layers: UnsafeMutablePointer<Layer> = makeLayers()

    /// Right edges of the layers: edges[i] for i in 1…255, and the base width at 0.
    static func edges() -> [Double] {
        var x = [Double](repeating: 0, count: 256)
        x[255] = r
        for i in stride(from: 254, through: 1, by: -1) {
            x[i] = -log(v / x[i + 1] + exp(-x[i + 1]))
        }
        x[0] = v / exp(-r)
        return x
    }

    static func makeLayers() -> UnsafeMutablePointer<Layer> {
        let x = edges()
        let p = UnsafeMutablePointer<Layer>.allocate(capacity: 256)
        for i in 0..<256 {
            // Points of layer i under the curve for sure: those left of the
            // next narrower edge (layer i−1's edge; the base's sure part is [0, r]).
            let sure: Double
            switch i {
            case 0: sure = r / x[0]
            case 1: sure = 0
            default: sure = x[i - 1] / x[i]
            }
            p[i] = Layer(limit: UInt32(sure * m), scale: x[i] / m,
                         density: i == 0 ? exp(-r) : exp(-x[i]))
        }
        return p
    }

    /// The rare draws: the tail beyond r, and the wedges between a layer's sure
    /// part and the curve. `u` is the generator output that missed.
    @usableFromInline
    static func slowPath(_ rng: UnsafeMutablePointer<gsl_rng>, _ first: UInt32) -> Double {
        var u = first
        while true {
            let i = Int(u & 0xff)
            let j = u >> 8
            let layer = layers[i]
            if j < layer.limit { return Double(j) * layer.scale }
            if i == 0 {
                // The exponential is memoryless: beyond r it is r + Exp(1).
                return r - log(gsl_rng_uniform_pos(rng))
            }
            let x = Double(j) * layer.scale
            // Layer i spans heights from e^(−x_i) up to e^(−x_{i−1}) (1 for the top layer).
            let top = i == 1 ? 1.0 : layers[i - 1].density
            let y = layer.density + gsl_rng_uniform(rng) * (top - layer.density)
            if y < exp(-x) { return x }
            u = UInt32(truncatingIfNeeded: cgsl_rng_get(rng))
        }
    }
}
