// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Foundation

/// A named, independently seeded stream of random numbers backed by a GSL
/// generator: the Mersenne Twister, GSL's `gsl_rng_mt19937` output for output, with each
/// block of 624 outputs tempered at once when it is made (`cgsl_rng_mt19937_tempered` in
/// Sources/CGSL/shim.h, a GSL generator type).
///
/// Every source of randomness in a model draws from its own stream, and a
/// stream's seed depends only on (master seed, replication index, stream name)
/// — see ``StreamSeeder``. So:
///
/// * two scenarios that differ in one lever still see the same random numbers
///   in every other stream (common random numbers);
/// * results do not depend on how many threads run the replications;
/// * adding a new source of randomness does not disturb existing ones.
///
/// A stream is not thread-safe and not `Sendable`: each replication makes its
/// own streams.
public final class RandomStream {
    /// The stream's name (for example `"arrivals/pdu-17"`).
    public let name: String
    /// The seed handed to GSL.
    public let seed: UInt64
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// Whether the generator's state has the layout `cgsl_mtt_next` reads
    /// (checked once, at creation); if not, every raw output is asked of GSL.
    @usableFromInline let inlineGenerator: Bool
    /// The exponential ziggurat's layers, fetched once per stream so that a
    /// draw does not go through the lazy global's initialisation check.
    @usableFromInline let exponentialLayers: UnsafeMutablePointer<ExponentialZiggurat.Layer>

    /// Creates a stream with an explicit seed.
    public init(name: String, seed: UInt64) {
        GSLSetup.once()
        self.name = name
        self.seed = seed
        guard let r = gsl_rng_alloc(cgsl_rng_mt19937_tempered()) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        self.rng = r
        // The ziggurat samplers take 32 random bits from each raw output.
        precondition(gsl_rng_min(r) == 0 && gsl_rng_max(r) == 0xFFFF_FFFF, "the generator must give 32-bit outputs")
        self.inlineGenerator = cgsl_mtt_layout_matches(r) != 0
        self.exponentialLayers = ExponentialZiggurat.layers
        gsl_rng_set(r, UInt(truncatingIfNeeded: seed))
    }

    deinit { gsl_rng_free(rng) }

    /// One raw 32-bit output of the generator: the same number, and the same
    /// step of the stream, as `gsl_rng_get`, without a call for most outputs.
    @inlinable @inline(__always) public func next32() -> UInt32 {
        UInt32(truncatingIfNeeded: inlineGenerator ? cgsl_mtt_next(rng) : cgsl_rng_get(rng))
    }

    /// Where the stream's next raw output will be read (the generator's index and the
    /// tempered output it points at), as addresses for ``prefetchForReading(_:)``: a caller that draws from
    /// this stream again later can start loading them shortly before. Valid until the
    /// stream is next drawn from; (0, 0) when GSL draws the outputs itself. Changes nothing.
    @inlinable public func nextOutputAddresses() -> (index: UInt, word: UInt) {
        guard inlineGenerator else { return (0, 0) }
        return (UInt(bitPattern: cgsl_mtt_index_address(rng)), UInt(bitPattern: cgsl_mtt_next_output_address(rng)))
    }

    /// A uniform variate on [0, 1): exactly `gsl_rng_uniform` for mt19937
    /// (a 32-bit output divided by 2³²), without the call.
    @inlinable public func uniform() -> Double {
        inlineGenerator ? Double(next32()) * 0x1p-32 : gsl_rng_uniform(rng)
    }

    /// A uniform variate on (0, 1), never exactly 0.
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// A uniform integer in 0..<n (n ≥ 1).
    @inlinable public func integer(below n: Int) -> Int {
        precondition(n >= 1, "integer(below:) needs n ≥ 1")
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }

    /// Bernoulli trial: `true` with probability `p`.
    @inlinable public func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// An exponential variate with the given mean, by the ziggurat method
    /// (``ExponentialZiggurat``) on this stream's generator: about 99% of draws
    /// take one 32-bit output and one multiplication, where GSL's
    /// `gsl_ran_exponential` takes a logarithm for every draw.
    @inlinable @inline(__always) public func exponential(mean: Double) -> Double { mean * standardExponential() }

    /// A standard exponential variate (mean 1), by the ziggurat method.
    @inlinable @inline(__always) public func standardExponential() -> Double {
        let u = next32()
        let layer = exponentialLayers[Int(u & 0xff)]
        let j = u >> 8
        if j < layer.limit { return Double(j) * layer.scale }
        return ExponentialZiggurat.slowPath(rng, u)
    }

    /// A lognormal variate, `exp(zeta + sigma * N)`: exactly GSL's `gsl_ran_lognormal(r, zeta, sigma)`
    /// (GSL 2.7, randist/lognormal.c) on this stream, the same uniforms in the same order and
    /// the same arithmetic (the polar method: a point drawn in the square until it falls
    /// inside the unit circle, but not at its centre, then one logarithm, one square root and
    /// one exponential, the C library's `log` and `exp`), without GSL's indirect call for each
    /// uniform (two or more a variate; that call and the generator's, through its type, were
    /// half of a variate's instructions). The uniforms are read through a cursor
    /// (``GeneratorCursor``), written back before `log` and `exp`. Without the inline
    /// generator it asks GSL.
    @inlinable public func lognormal(zeta: Double, sigma: Double) -> Double {
        guard inlineGenerator else { return gsl_ran_lognormal(rng, zeta, sigma) }
        var c = GeneratorCursor(self)
        var u: Double, v: Double, r2: Double
        repeat {
            u = -1 + 2 * c.uniform()
            v = -1 + 2 * c.uniform()
            r2 = u * u + v * v
        } while r2 > 1.0 || r2 == 0
        c.commit()
        let normal = u * (-2.0 * log(r2) / r2).squareRoot()
        return exp(sigma * normal + zeta)
    }

    /// A Poisson count with the given mean.
    @inlinable public func poisson(mean: Double) -> Int {
        mean <= 0 ? 0 : Int(gsl_ran_poisson(rng, mean))
    }

    /// A binomial count of `n` trials with success probability `p`.
    @inlinable public func binomial(n: Int, p: Double) -> Int {
        n <= 0 ? 0 : Int(gsl_ran_binomial(rng, min(max(p, 0), 1), UInt32(clamping: n)))
    }

    /// A standard normal variate (GSL's ziggurat).
    @inlinable public func standardNormal() -> Double { gsl_ran_gaussian_ziggurat(rng, 1) }

    /// Low-level access for samplers in this module.
    @usableFromInline var gsl: UnsafeMutablePointer<gsl_rng> { rng }
}

/// Derives a stream's seed from (master seed, replication index, stream name).
///
/// The name is hashed with 64-bit FNV-1a over its UTF-8 bytes (stable across
/// processes and platforms, unlike Swift's randomly seeded `Hasher`), and the
/// three parts are mixed with SplitMix64's finaliser. GSL's `mt19937` takes the
/// low 32 bits of the seed, so two distinct streams collide with probability
/// about k²/2³³ for k streams in one replication (under 10⁻³ for 3,000 streams);
/// a collision makes two streams identical, not wrong.
public struct StreamSeeder: Sendable, Hashable {
    public let masterSeed: UInt64
    public let replication: Int

    public init(masterSeed: UInt64, replication: Int) {
        self.masterSeed = masterSeed
        self.replication = replication
    }

    /// The seed for the named stream.
    public func seed(for name: String) -> UInt64 {
        var h = StreamSeeder.splitmix(masterSeed ^ 0x6361_7365_666c_6f77) // "caseflow"
        h = StreamSeeder.splitmix(h ^ UInt64(bitPattern: Int64(replication)))
        h = StreamSeeder.splitmix(h ^ StreamSeeder.fnv1a(name))
        return h
    }

    /// A new stream with the seed for `name`.
    public func stream(_ name: String) -> RandomStream {
        RandomStream(name: name, seed: seed(for: name))
    }

    /// 64-bit FNV-1a over UTF-8 bytes.
    public static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// SplitMix64's output function (Steele, Lea and Flood 2014).
    public static func splitmix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// One-time process set-up for GSL.
enum GSLSetup {
    /// GSL's default error handler aborts the process; Caseflow checks
    /// parameters before calling GSL and turns the handler off so that a
    /// numerical edge case returns an error value instead of killing a run.
    static let done: Bool = {
        cgsl_disable_abort_on_error()
        return true
    }()
    static func once() { _ = done }
}
