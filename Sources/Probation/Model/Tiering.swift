// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// Decides a case's tier at sentence under `cases.tiering: sampled-mix`: samples from the
/// scenario's tier mix. (`computed` tiering draws risk and need profiles and computes tiers
/// as HMPPS's tiering service does instead: `TieringState`, docs/tiering.md.)
protocol TieringModel {
    func tier(for type: CaseType, _ stream: RandomStream) -> Tier
}

/// Samples tiers from a mix by case type (Walker's alias method, O(1) a draw).
struct SampledTierMix: TieringModel {
    let samplers: [CaseType: CategoricalSampler]
    let tiers = Tier.allCases

    init(_ mix: [CaseType: [Tier: Double]]) {
        var s: [CaseType: CategoricalSampler] = [:]
        for type in CaseType.allCases {
            let weights = Tier.allCases.map { mix[type]?[$0] ?? 0 }
            // A type with no mix falls back to the community mix, then to uniform.
            if weights.contains(where: { $0 > 0 }) { s[type] = CategoricalSampler(weights: weights) }
        }
        let fallback = s[.community] ?? CategoricalSampler(weights: Tier.allCases.map { _ in 1 })
        for type in CaseType.allCases where s[type] == nil { s[type] = fallback }
        samplers = s
    }

    func tier(for type: CaseType, _ stream: RandomStream) -> Tier {
        tiers[samplers[type]!.sample(stream)]
    }
}

/// Remaining time of a case that is part of a steady-state caseload.
///
/// If new cases of length L (density f, mean μ) have been arriving at a
/// steady rate for a long time, the cases open on a given day are
/// length-biased (a case twice as long is twice as likely to be open), and
/// the time each has left is U·L' with U uniform and L' length-biased: the
/// equilibrium residual-life density (1 − F(r))/μ. Starting the stock this way
/// makes terminations flow at the steady-state rate from day one instead of
/// all cases starting fresh.
enum ResidualLife {
    static func sample(_ d: Distribution, _ stream: RandomStream) -> Double {
        stream.uniform() * lengthBiased(d, stream)
    }

    /// One draw from the length-biased version of `d`.
    static func lengthBiased(_ d: Distribution, _ stream: RandomStream) -> Double {
        switch d {
        case .constant(let c): return c
        case .exponential(let m): return Distribution.gamma(shape: 2, scale: m).sample(stream)
        case .gamma(let k, let theta): return Distribution.gamma(shape: k + 1, scale: theta).sample(stream)
        case .lognormal(let mu, let sigma): return Distribution.lognormal(mu: mu + sigma * sigma, sigma: sigma).sample(stream)
        default:
            // Rejection: accept a draw x from d with probability x / bound.
            let bound = upperBound(d)
            for _ in 0..<10_000 {
                let x = max(d.sample(stream), 0)
                if x >= bound || stream.uniform() * bound < x { return x }
            }
            return d.mean
        }
    }

    /// A bound that draws from `d` rarely exceed, for the rejection step.
    static func upperBound(_ d: Distribution) -> Double {
        switch d {
        case .uniform(_, let b): return b
        case .triangular(_, _, let b): return b
        case .empirical(let v, _): return v.max() ?? 1
        default: return max(d.mean + 6 * d.variance.squareRoot(), 1e-9)
        }
    }
}
