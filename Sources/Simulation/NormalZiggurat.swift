// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Foundation

/// A standard normal sampler by a 128-layer ziggurat (Marsaglia and Tsang, "The Ziggurat
/// Method for Generating Random Variables", Journal of Statistical Software 5(8), 2000), drawn
/// inline from a ``RandomStream``'s generator: about 97.2% of draws take one 32-bit output, a
/// table lookup and one multiplication, with no call into GSL. For code that draws many
/// normals per event (computed tiering draws some 30 a case); `RandomStream.standardNormal()`
/// (GSL's own ziggurat) is unchanged, so nothing that uses it draws different numbers.
///
/// The half density f(x) = e^(−x²/2), x ≥ 0, is covered by 128 layers of equal area `v`:
/// layer 0 is the base (a rectangle of width v / f(r) holding the tail beyond r = 3.4426…),
/// layers 1…127 are rectangles whose right edges x₁ < … < x₁₂₇ = r lie on the curve. Of the 32
/// bits of one generator output, the low 7 pick the layer, bit 7 the sign and the high 24 the
/// abscissa, so the three are independent (Doornik, 2005); the abscissa's resolution is 2⁻²⁴ of
/// the layer's width.
public struct NormalZiggurat {
    /// One layer: accept at once when `j < limit`; the abscissa is `j * scale`; `density` is
    /// f at the layer's right edge.
    @usableFromInline struct Layer {
        @usableFromInline var limit: UInt32
        @usableFromInline var scale: Double
        @usableFromInline var density: Double
    }

    /// Where the tail starts.
    static let r = 3.442619855899
    /// The area of every layer (of the unnormalised half density).
    static let v = 9.91256303526217e-3
    /// 2²⁴: the abscissa is a 24-bit integer.
    static let m = 16_777_216.0

    /// The 128 layers, allocated once for the process and never freed.
    nonisolated(unsafe) static let shared: UnsafeMutablePointer<Layer> = makeLayers()

    @usableFromInline let layers: UnsafeMutablePointer<Layer>

    /// A sampler (it holds only a pointer to the process's tables).
    public init() { layers = Self.shared }

    @inline(__always) static func f(_ x: Double) -> Double { exp(-0.5 * x * x) }

    /// Right edges of the layers: edges[i] for i in 1…127, and the base width at 0.
    static func edges() -> [Double] {
        var x = [Double](repeating: 0, count: 128)
        x[127] = r
        for i in stride(from: 126, through: 1, by: -1) {
            x[i] = (-2 * log(v / x[i + 1] + f(x[i + 1]))).squareRoot()
        }
        x[0] = v / f(r)
        return x
    }

    static func makeLayers() -> UnsafeMutablePointer<Layer> {
        let x = edges()
        let p = UnsafeMutablePointer<Layer>.allocate(capacity: 128)
        for i in 0..<128 {
            // Points of layer i under the curve for sure: those left of the next narrower
            // edge (the top layer has none; the base's sure part is [0, r]).
            let sure: Double
            switch i {
            case 0: sure = r / x[0]
            case 1: sure = 0
            default: sure = x[i - 1] / x[i]
            }
            p[i] = Layer(limit: UInt32(sure * m), scale: x[i] / m, density: f(i == 0 ? r : x[i]))
        }
        return p
    }

    /// A standard normal variate from the stream's generator.
    @inlinable @inline(__always) public func sample(_ s: RandomStream) -> Double {
        let u = s.next32()
        let layer = layers[Int(u & 0x7f)]
        let j = u >> 8
        if j < layer.limit {
            return Self.signed(Double(j) * layer.scale, u)
        }
        return slowPath(s, u)
    }

    /// `x` (≥ 0) when bit 7 of `u` is set, else `−x`, without a branch: the sign is a coin
    /// toss, so a branch on it would be mispredicted half the time. Negation flips the sign
    /// bit only (IEEE 754), so this is exactly `u & 0x80 != 0 ? x : -x`, zero included.
    @inlinable @inline(__always) static func signed(_ x: Double, _ u: UInt32) -> Double {
        Double(bitPattern: x.bitPattern ^ (UInt64(~u & 0x80) << 56))
    }

    /// The rare draws: the tail beyond r, and the wedges between a layer's sure part and the
    /// curve. `first` is the generator output that missed. (About 2.8% of draws come here:
    /// the whole top layer, 1/128, and 1 − x_{i−1}/x_i of each other layer.)
    @usableFromInline func slowPath(_ s: RandomStream, _ first: UInt32) -> Double {
        var u = first
        while true {
            let i = Int(u & 0x7f)
            let j = u >> 8
            let layer = layers[i]
            if j < layer.limit {
                return Self.signed(Double(j) * layer.scale, u)
            }
            if i == 0 {
                // The tail beyond r (Marsaglia, 1964): r + a, with a = −ln(u₁)/r accepted when
                // −2 ln(u₂) > a².
                while true {
                    let a = -log(s.uniformPositive()) / Self.r
                    let b = -log(s.uniformPositive())
                    if b + b > a * a { return Self.signed(Self.r + a, u) }
                }
            }
            let x = Double(j) * layer.scale
            // Layer i spans heights from f(x_i) up to f(x_{i−1}) (1 for the top layer).
            let w = wedges[i]
            let y = layer.density + s.uniform() * (w.top - layer.density)
            if Self.under(y, x, w) { return Self.signed(x, u) }
            u = s.next32()
        }
    }

    /// What the wedge test needs of layer i (i ≥ 1): the height it reaches, f(x_{i−1}) (1 for
    /// the top layer), and the edge it starts from, x_{i−1} (0 for the top layer), squared.
    struct Wedge {
        var top: Double
        var innerSquare: Double
    }

    /// The 128 layers' wedge figures (layer 0's unused), allocated once for the process.
    nonisolated(unsafe) static let sharedWedges: UnsafeMutablePointer<Wedge> = makeWedges()

    let wedges: UnsafeMutablePointer<Wedge> = Self.sharedWedges

    static func makeWedges() -> UnsafeMutablePointer<Wedge> {
        let x = edges()
        let p = UnsafeMutablePointer<Wedge>.allocate(capacity: 128)
        p[0] = Wedge(top: 0, innerSquare: 0)
        p[1] = Wedge(top: 1, innerSquare: 0)
        for i in 2..<128 { p[i] = Wedge(top: f(x[i - 1]), innerSquare: x[i - 1] * x[i - 1]) }
        return p
    }

    /// `y < f(x)` for a point (x, y) of layer i's wedge, exactly as computed with `exp`, but
    /// deciding most points without it: f(x) = f(x_{i−1})·e^(−d), d = (x² − x_{i−1}²)/2, and
    /// e^(−d) is within |d|⁵/100 of its Taylor polynomial of degree 4 (the remainder is at most
    /// |d|⁵/120·e^max(0, −d), and here −10⁻⁶ < d < 0.75: x is at most one step of the
    /// abscissa left of x_{i−1}). A point below that band, less a margin of 10⁻¹² (relative
    /// to `top`: far more than the rounding of `top` (the stored f(x_{i−1}), within 10⁻¹⁵ of
    /// it), of d, of the polynomial and of `exp` itself, each within some 10⁻¹⁴), is under the
    /// curve as `exp` computes it; one above the band is not; only points within it call `exp`
    /// (3 in 100,000 of them in 10⁷ draws). The same decisions, so the same numbers drawn.
    @inline(__always) static func under(_ y: Double, _ x: Double, _ w: Wedge) -> Bool {
        let d = 0.5 * (x * x - w.innerSquare)
        let p = 1 - d * (1 - 0.5 * d * (1 - (1.0 / 3) * d * (1 - 0.25 * d)))
        let d2 = d * d
        let band = d2 * d2 * d.magnitude * (1.0 / 100) + 1e-12
        if y < w.top * (p - band) { return true }
        if y > w.top * (p + band) { return false }
        return y < f(x)
    }
}
