// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Foundation

/// A probability distribution of a real-valued quantity, sampled through GSL.
///
/// Parameterisations follow the usual statistical conventions (and GSL's where
/// they agree): exponential by its mean; gamma by shape and scale; lognormal by
/// the mean and standard deviation of the underlying normal (`mu`, `sigma`);
/// Weibull by scale and shape; triangular by minimum, mode and maximum.
public enum Distribution: Sendable, Hashable {
    case constant(Double)
    case uniform(lower: Double, upper: Double)
    case exponential(mean: Double)
    case gamma(shape: Double, scale: Double)
    case lognormal(mu: Double, sigma: Double)
    case weibull(scale: Double, shape: Double)
    case normal(mean: Double, sd: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case poisson(mean: Double)
    case binomial(n: Int, p: Double)
    /// A finite distribution: `values[i]` with probability proportional to `weights[i]`.
    case empirical(values: [Double], weights: [Double])

    /// A lognormal with the given mean and standard deviation of the variate itself.
    public static func lognormal(mean m: Double, sd s: Double) -> Distribution {
        let sigma2 = log1p((s * s) / (m * m))
        return .lognormal(mu: log(m) - sigma2 / 2, sigma: sigma2.squareRoot())
    }

    /// Draws one variate from `stream`.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.gsl
        switch self {
        case .constant(let c): return c
        case .uniform(let a, let b): return gsl_ran_flat(r, a, b)
        case .exponential(let m): return stream.exponential(mean: m)
        case .gamma(let k, let theta): return gsl_ran_gamma(r, k, theta)
        case .lognormal(let mu, let sigma): return stream.lognormal(zeta: mu, sigma: sigma)
        // GSL's gsl_ran_weibull(r, a, b) takes a = scale, b = shape.
        case .weibull(let scale, let shape): return gsl_ran_weibull(r, scale, shape)
        case .normal(let m, let s): return m + gsl_ran_gaussian_ziggurat(r, s)
        case .triangular(let a, let c, let b):
            // Inversion on one uniform (keeps one draw per variate for CRN).
            let u = gsl_rng_uniform(r)
            let fc = (c - a) / (b - a)
            if u < fc { return a + ((b - a) * (c - a) * u).squareRoot() }
            return b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .poisson(let m): return m <= 0 ? 0 : Double(gsl_ran_poisson(r, m))
        case .binomial(let n, let p): return n <= 0 ? 0 : Double(gsl_ran_binomial(r, p, UInt32(clamping: n)))
        case .empirical(let values, let weights):
            // Linear scan; models that sample a categorical in a hot loop use
            // `CategoricalSampler` (Walker's alias method, O(1) per draw).
            let total = weights.reduce(0, +)
            var u = gsl_rng_uniform(r) * total
            for (i, w) in weights.enumerated() {
                if u < w { return values[i] }
                u -= w
            }
            return values[values.count - 1]
        }
    }

    /// The theoretical mean.
    public var mean: Double {
        switch self {
        case .constant(let c): return c
        case .uniform(let a, let b): return (a + b) / 2
        case .exponential(let m): return m
        case .gamma(let k, let theta): return k * theta
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .weibull(let scale, let shape): return scale * tgamma(1 + 1 / shape)
        case .normal(let m, _): return m
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        case .poisson(let m): return m
        case .binomial(let n, let p): return Double(n) * p
        case .empirical(let v, let w):
            let t = w.reduce(0, +)
            return zip(v, w).reduce(0) { $0 + $1.0 * $1.1 } / t
        }
    }

    /// The theoretical variance.
    public var variance: Double {
        switch self {
        case .constant: return 0
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .exponential(let m): return m * m
        case .gamma(let k, let theta): return k * theta * theta
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return (exp(s2) - 1) * exp(2 * mu + s2)
        case .weibull(let scale, let shape):
            let g1 = tgamma(1 + 1 / shape), g2 = tgamma(1 + 2 / shape)
            return scale * scale * (g2 - g1 * g1)
        case .normal(_, let s): return s * s
        case .triangular(let a, let c, let b):
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .poisson(let m): return m
        case .binomial(let n, let p): return Double(n) * p * (1 - p)
        case .empirical(let v, let w):
            let t = w.reduce(0, +)
            let m = mean
            return zip(v, w).reduce(0) { $0 + ($1.0 - m) * ($1.0 - m) * $1.1 } / t
        }
    }

    /// Problems with the parameters, as sentences; empty when valid.
    public var parameterProblems: [String] {
        func finite(_ xs: Double...) -> Bool { xs.allSatisfy(\.isFinite) }
        switch self {
        case .constant(let c):
            return finite(c) ? [] : ["the constant must be a finite number"]
        case .uniform(let a, let b):
            return finite(a, b) && a < b ? [] : ["uniform needs finite lower < upper (found \(a), \(b))"]
        case .exponential(let m):
            return finite(m) && m > 0 ? [] : ["exponential needs a mean > 0 (found \(m))"]
        case .gamma(let k, let t):
            return finite(k, t) && k > 0 && t > 0 ? [] : ["gamma needs shape > 0 and scale > 0 (found \(k), \(t))"]
        case .lognormal(let mu, let s):
            return finite(mu, s) && s > 0 ? [] : ["lognormal needs a finite mu and sigma > 0 (found \(mu), \(s))"]
        case .weibull(let scale, let shape):
            return finite(scale, shape) && scale > 0 && shape > 0 ? [] : ["weibull needs scale > 0 and shape > 0 (found \(scale), \(shape))"]
        case .normal(let m, let s):
            return finite(m, s) && s > 0 ? [] : ["normal needs a finite mean and sd > 0 (found \(m), \(s))"]
        case .triangular(let a, let c, let b):
            return finite(a, b, c) && a <= c && c <= b && a < b ? [] : ["triangular needs min ≤ mode ≤ max and min < max (found \(a), \(c), \(b))"]
        case .poisson(let m):
            return finite(m) && m >= 0 ? [] : ["poisson needs a mean ≥ 0 (found \(m))"]
        case .binomial(let n, let p):
            return n >= 0 && p >= 0 && p <= 1 ? [] : ["binomial needs n ≥ 0 and 0 ≤ p ≤ 1 (found \(n), \(p))"]
        case .empirical(let v, let w):
            if v.isEmpty || v.count != w.count { return ["empirical needs as many weights as values, at least one"] }
            if !w.allSatisfy({ $0.isFinite && $0 >= 0 }) || w.reduce(0, +) <= 0 { return ["empirical weights must be ≥ 0 and not all 0"] }
            return v.allSatisfy(\.isFinite) ? [] : ["empirical values must be finite numbers"]
        }
    }
}

/// Samples an index from a finite distribution in O(1) per draw with GSL's
/// preprocessed discrete sampler (Walker's alias method). Use it for case-type
/// and tier mixes and for routing.
public final class CategoricalSampler {
    /// The (unnormalised) weights the sampler was built from.
    public let weights: [Double]
    let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// - Precondition: at least one weight, all ≥ 0, not all zero.
    public init(weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 && $0.isFinite } && weights.contains { $0 > 0 },
                     "CategoricalSampler needs non-negative weights, not all zero")
        GSLSetup.once()
        self.weights = weights
        guard let t = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            fatalError("GSL could not build a discrete sampler (out of memory)")
        }
        self.table = t
    }

    deinit { gsl_ran_discrete_free(table) }

    /// Draws an index in `0..<weights.count`.
    public func sample(_ stream: RandomStream) -> Int {
        Int(gsl_ran_discrete(stream.gsl, table))
    }

    /// The probability of index `i`.
    public func probability(_ i: Int) -> Double {
        gsl_ran_discrete_pdf(i, table)
    }
}

/// Student's t quantile and friends from GSL.
public enum StudentT {
    /// The quantile `P⁻¹(p)` of Student's t with `df` degrees of freedom.
    public static func quantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        GSLSetup.once()
        return gsl_cdf_tdist_Pinv(p, df)
    }
}

/// The standard normal distribution's quantile function Φ⁻¹(p) (GSL's
/// `gsl_cdf_ugaussian_Pinv`); −∞ at 0 and +∞ at 1.
public func standardNormalQuantile(_ p: Double) -> Double {
    if p <= 0 { return -.infinity }
    if p >= 1 { return .infinity }
    return gsl_cdf_ugaussian_Pinv(p)
}

/// The standard normal distribution function Φ(x) (GSL's `gsl_cdf_ugaussian_P`).
public func standardNormalCDF(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }
