// SPDX-License-Identifier: GPL-3.0-or-later
// Global sensitivity analysis of a simulation's inputs: sampling designs
// (Latin hypercube, Saltelli's scheme on Sobol's quasi-random sequence),
// input distributions by their inverse CDFs, and the indices that say which
// input drives an output (partial rank correlation coefficients, Sobol
// first-order and total indices with bootstrap intervals).
//
// References: McKay, Beckman & Conover (1979) for the Latin hypercube;
// Saltelli et al. (2010), "Variance based sensitivity analysis of model
// output", Computer Physics Communications 181:259–270, for the sampling
// scheme and the first-order estimator; Jansen (1999) for the total-effect
// estimator; Marino et al. (2008), J. Theor. Biol. 254:178–196, for PRCC.
// GSL provides the inverse CDFs (gsl_cdf_*_Pinv), Sobol's sequence
// (gsl_qrng_sobol) and least squares (gsl_multifit_linear).

import CGSL
import Foundation

/// The distribution of one uncertain input.
///
/// Distributions with unbounded or open support (normal, lognormal, beta)
/// are truncated at their 0.1% and 99.9% points (``tail``), so that every
/// sampled value lies in a range that can be checked before anything runs.
public enum ParameterDistribution: Sendable, Hashable {
    case uniform(low: Double, high: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case normal(mean: Double, sd: Double)
    /// Mean and standard deviation of the variate (not of its logarithm).
    case lognormal(mean: Double, sd: Double)
    /// On [0, 1], by mean and standard deviation (sd² < mean·(1 − mean)).
    case beta(mean: Double, sd: Double)

    /// The probability cut from each tail of the truncated distributions.
    public static let tail = 0.001

    /// Whether the distribution is truncated at `tail` and 1 − `tail`.
    public var isTruncated: Bool {
        switch self {
        case .uniform, .triangular: return false
        case .normal, .lognormal, .beta: return true
        }
    }

    /// What is wrong with the parameters, or nil when they define a distribution.
    public var problem: String? {
        switch self {
        case .uniform(let low, let high):
            return low < high ? nil : "low below high"
        case .triangular(let a, let c, let b):
            return a < b && a <= c && c <= b ? nil : "min ≤ mode ≤ max with min below max"
        case .normal(_, let sd):
            return sd > 0 ? nil : "an sd above 0"
        case .lognormal(let mean, let sd):
            return mean > 0 && sd > 0 ? nil : "a mean and an sd above 0"
        case .beta(let mean, let sd):
            guard mean > 0, mean < 1 else { return "a mean strictly between 0 and 1" }
            return sd > 0 && sd * sd < mean * (1 - mean) ? nil : "an sd above 0 with sd² below mean × (1 − mean) (\(mean * (1 - mean)))"
        }
    }

    /// The value at probability `u` ∈ [0, 1] (after truncation for the
    /// truncated distributions): the inverse CDF.
    public func quantile(_ u: Double) -> Double {
        let p = min(max(u, 0), 1)
        switch self {
        case .uniform(let low, let high):
            return low + (high - low) * p
        case .triangular(let a, let c, let b):
            let f = (c - a) / (b - a)
            return p < f ? a + ((b - a) * (c - a) * p).squareRoot() : b - ((b - a) * (b - c) * (1 - p)).squareRoot()
        case .normal(let mean, let sd):
            return mean + sd * gsl_cdf_ugaussian_Pinv(Self.truncate(p))
        case .lognormal(let mean, let sd):
            let sigma2 = log(1 + sd * sd / (mean * mean))
            return gsl_cdf_lognormal_Pinv(Self.truncate(p), log(mean) - sigma2 / 2, sigma2.squareRoot())
        case .beta(let mean, let sd):
            let k = mean * (1 - mean) / (sd * sd) - 1
            return gsl_cdf_beta_Pinv(Self.truncate(p), mean * k, (1 - mean) * k)
        }
    }

    /// The smallest and largest values the distribution gives.
    public var range: (low: Double, high: Double) { (quantile(0), quantile(1)) }

    static func truncate(_ p: Double) -> Double { tail + (1 - 2 * tail) * p }
}

/// Sampling designs over the unit hypercube: each row is one parameter set,
/// each column a probability in [0, 1) that a ``ParameterDistribution``
/// turns into a value.
public enum SensitivityDesign {
    /// A Latin hypercube of `samples` rows and `dimensions` columns: each
    /// column has exactly one value in each of the `samples` equal strata of
    /// [0, 1), at a uniform position within it, and the strata of different
    /// columns are paired at random (an independent permutation per column).
    public static func latinHypercube(samples n: Int, dimensions d: Int, seed: UInt64) -> [[Double]] {
        precondition(n >= 1 && d >= 1)
        let stream = RandomStream(name: "sensitivity/latin-hypercube", seed: seed)
        var rows = [[Double]](repeating: [Double](repeating: 0, count: d), count: n)
        for j in 0..<d {
            var strata = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) {     // Fisher–Yates
                strata.swapAt(i, stream.integer(below: i + 1))
            }
            for i in 0..<n { rows[i][j] = (Double(strata[i]) + stream.uniform()) / Double(n) }
        }
        return rows
    }

    /// The most inputs Saltelli's scheme takes here: GSL's Sobol sequence has
    /// at most 40 dimensions, and the scheme needs two per input.
    public static let maximumSobolInputs = 20

    /// The first `count` points of Sobol's sequence in `dimensions`
    /// dimensions (GSL's `gsl_qrng_sobol`), skipping the origin.
    public static func sobolSequence(count: Int, dimensions: Int) -> [[Double]] {
        precondition(dimensions >= 1 && dimensions <= 40)
        guard let q = gsl_qrng_alloc(cgsl_qrng_sobol(), UInt32(dimensions)) else {
            fatalError("GSL could not allocate a Sobol sequence (out of memory)")
        }
        defer { gsl_qrng_free(q) }
        var point = [Double](repeating: 0, count: dimensions)
        _ = gsl_qrng_get(q, &point)   // the origin
        var out: [[Double]] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            _ = gsl_qrng_get(q, &point)
            out.append(point)
        }
        return out
    }

    /// Saltelli's scheme for `base` base rows and `d` inputs: matrices A and
    /// B (the two halves of a 2d-dimensional Sobol sequence) and, for each
    /// input j, A with column j taken from B (A_B^j). Rows are grouped by base
    /// row i: A_i, B_i, A_B^1_i, …, A_B^d_i — base × (d + 2) rows in all
    /// (see ``SaltelliRow``).
    public static func saltelli(base: Int, dimensions d: Int) -> [[Double]] {
        precondition(d >= 1 && d <= maximumSobolInputs && base >= 2)
        let sequence = sobolSequence(count: base, dimensions: 2 * d)
        var rows: [[Double]] = []
        rows.reserveCapacity(base * (d + 2))
        for point in sequence {
            let a = Array(point[0..<d])
            let b = Array(point[d..<(2 * d)])
            rows.append(a)
            rows.append(b)
            for j in 0..<d {
                var ab = a
                ab[j] = b[j]
                rows.append(ab)
            }
        }
        return rows
    }

    /// What row `row` of a Saltelli design of `d` inputs is.
    public static func saltelliRow(_ row: Int, dimensions d: Int) -> SaltelliRow {
        let k = row % (d + 2)
        switch k {
        case 0: return SaltelliRow(base: row / (d + 2), role: .a)
        case 1: return SaltelliRow(base: row / (d + 2), role: .b)
        default: return SaltelliRow(base: row / (d + 2), role: .ab(k - 2))
        }
    }
}

/// A row of a Saltelli design: its base row and which matrix it belongs to.
public struct SaltelliRow: Sendable, Hashable {
    public enum Role: Sendable, Hashable { case a, b, ab(Int) }
    public var base: Int
    public var role: Role
    public var label: String {
        switch role {
        case .a: return "A"
        case .b: return "B"
        case .ab(let j): return "AB\(j + 1)"
        }
    }
}

/// An index's estimate with a 95% interval.
public struct SensitivityEstimate: Sendable, Hashable {
    public var estimate: Double
    public var low: Double
    public var high: Double
    public init(estimate: Double, low: Double, high: Double) { self.estimate = estimate; self.low = low; self.high = high }
}

/// The indices themselves.
public enum SensitivityIndices {
    /// Sobol first-order and total indices from the outputs of a Saltelli
    /// design (``SensitivityDesign/saltelli(base:dimensions:)``, rows in its
    /// order; NaN outputs are not allowed). First order:
    /// S_j = mean(f(B)·(f(A_B^j) − f(A))) / V (Saltelli 2010); total:
    /// S_Tj = mean((f(A) − f(A_B^j))²) / 2V (Jansen 1999); V is the variance
    /// of f over the rows of A and B together. Intervals: percentile
    /// bootstrap over the base rows (`resamples` resamples, seeded by `seed`).
    /// A constant output has no variance to share out: every index is 0.
    public static func sobol(outputs y: [Double], dimensions d: Int, resamples: Int = 1000, seed: UInt64)
        -> (firstOrder: [SensitivityEstimate], total: [SensitivityEstimate]) {
        precondition(y.count % (d + 2) == 0)
        let n = y.count / (d + 2)
        func estimate(_ rows: [Int]) -> (first: [Double], total: [Double]) {
            var sum = 0.0, sum2 = 0.0
            for i in rows {
                let a = y[i * (d + 2)], b = y[i * (d + 2) + 1]
                sum += a + b
                sum2 += a * a + b * b
            }
            let m = Double(2 * rows.count)
            let mean = sum / m
            let variance = max(sum2 / m - mean * mean, 0)
            var first = [Double](repeating: 0, count: d), total = [Double](repeating: 0, count: d)
            guard variance > 1e-12 * max(1, mean * mean) else { return (first, total) }
            for j in 0..<d {
                var s = 0.0, t = 0.0
                for i in rows {
                    let a = y[i * (d + 2)], b = y[i * (d + 2) + 1], ab = y[i * (d + 2) + 2 + j]
                    s += b * (ab - a)
                    t += (a - ab) * (a - ab)
                }
                first[j] = s / Double(rows.count) / variance
                total[j] = t / Double(2 * rows.count) / variance
            }
            return (first, total)
        }
        let full = estimate(Array(0..<n))
        let stream = RandomStream(name: "sensitivity/bootstrap", seed: seed)
        var firstSamples = [[Double]](repeating: [], count: d), totalSamples = [[Double]](repeating: [], count: d)
        for _ in 0..<resamples {
            let rows = (0..<n).map { _ in stream.integer(below: n) }
            let e = estimate(rows)
            for j in 0..<d { firstSamples[j].append(e.first[j]); totalSamples[j].append(e.total[j]) }
        }
        func interval(_ x: Double, _ samples: [Double]) -> SensitivityEstimate {
            guard !samples.isEmpty else { return SensitivityEstimate(estimate: x, low: .nan, high: .nan) }
            let s = samples.sorted()
            return SensitivityEstimate(estimate: x, low: ReplicationSummary.percentile(s, 0.025),
                                       high: ReplicationSummary.percentile(s, 0.975))
        }
        return ((0..<d).map { interval(full.first[$0], firstSamples[$0]) },
                (0..<d).map { interval(full.total[$0], totalSamples[$0]) })
    }

    /// Ranks 1…n, ties sharing their average rank.
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        var r = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var k = i
            while k + 1 < order.count && x[order[k + 1]] == x[order[i]] { k += 1 }
            let average = Double(i + k + 2) / 2
            for m in i...k { r[order[m]] = average }
            i = k + 1
        }
        return r
    }

    /// Partial correlation of each input (column of `x`) with `y`, the other
    /// inputs held fixed: the correlation of the residuals of x_j and of y,
    /// each regressed (with an intercept, least squares) on the other inputs.
    /// With `rank: true` every column and y are first replaced by their ranks
    /// (PRCC). Interval: Fisher's z, tanh(atanh(r) ± 1.96/√(n − 3 − (d − 1))).
    /// An input or an output without variation gets 0 with an empty interval
    /// (NaN ends).
    public static func partialCorrelations(x: [[Double]], y: [Double], rank: Bool = true) -> [SensitivityEstimate] {
        let n = y.count
        precondition(x.count == n && n >= 1)
        let d = x.first?.count ?? 0
        var columns = (0..<d).map { j in x.map { $0[j] } }
        var out = y
        if rank {
            columns = columns.map(ranks)
            out = ranks(y)
        }
        let dof = Double(n - 3 - (d - 1))
        return (0..<d).map { j in
            let others = (0..<d).filter { $0 != j }.map { columns[$0] }
            guard let rx = residuals(columns[j], on: others), let ry = residuals(out, on: others) else {
                return SensitivityEstimate(estimate: 0, low: .nan, high: .nan)
            }
            let sxy = zip(rx, ry).reduce(0) { $0 + $1.0 * $1.1 }
            let sxx = rx.reduce(0) { $0 + $1 * $1 }, syy = ry.reduce(0) { $0 + $1 * $1 }
            let scale = columns[j].reduce(0) { max($0, abs($1)) }
            let yscale = out.reduce(0) { max($0, abs($1)) }
            guard sxx > 1e-20 * Double(n) * max(scale * scale, 1e-300), syy > 1e-20 * Double(n) * max(yscale * yscale, 1e-300) else {
                return SensitivityEstimate(estimate: 0, low: .nan, high: .nan)
            }
            let r = min(max(sxy / (sxx * syy).squareRoot(), -1), 1)
            guard dof > 0, abs(r) < 1 else { return SensitivityEstimate(estimate: r, low: dof > 0 ? r : .nan, high: dof > 0 ? r : .nan) }
            let z = atanh(r), half = 1.959963984540054 / dof.squareRoot()
            return SensitivityEstimate(estimate: r, low: tanh(z - half), high: tanh(z + half))
        }
    }

    /// Residuals of `target` regressed on `predictors` with an intercept
    /// (GSL's gsl_multifit_linear); nil when GSL reports a failure.
    static func residuals(_ target: [Double], on predictors: [[Double]]) -> [Double]? {
        let n = target.count
        let p = predictors.count + 1
        if predictors.isEmpty || n <= p {
            let mean = target.reduce(0, +) / Double(n)
            return target.map { $0 - mean }
        }
        guard let X = gsl_matrix_alloc(n, p), let yv = gsl_vector_alloc(n), let c = gsl_vector_alloc(p),
              let cov = gsl_matrix_alloc(p, p), let work = gsl_multifit_linear_alloc(n, p), let r = gsl_vector_alloc(n) else {
            return nil
        }
        defer {
            gsl_matrix_free(X); gsl_vector_free(yv); gsl_vector_free(c); gsl_matrix_free(cov)
            gsl_multifit_linear_free(work); gsl_vector_free(r)
        }
        for i in 0..<n {
            gsl_matrix_set(X, i, 0, 1)
            for k in 0..<(p - 1) { gsl_matrix_set(X, i, k + 1, predictors[k][i]) }
            gsl_vector_set(yv, i, target[i])
        }
        var chisq = 0.0
        guard gsl_multifit_linear(X, yv, c, cov, &chisq, work) == 0,
              gsl_multifit_linear_residuals(X, yv, c, r) == 0 else { return nil }
        return (0..<n).map { gsl_vector_get(r, $0) }
    }
}
