// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Closed-form results for the M/M/c queue (Poisson arrivals at rate λ,
/// exponential service at rate μ per server, c servers, FIFO, unlimited line),
/// used as the oracle the engine is tested and benchmarked against.
public struct MMcTheory: Sendable, Hashable {
    public let arrivalRate: Double
    public let serviceRate: Double
    public let servers: Int

    public init(arrivalRate: Double, serviceRate: Double, servers: Int) {
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
        self.servers = servers
    }

    /// Offered load a = λ/μ (in Erlangs).
    public var offeredLoad: Double { arrivalRate / serviceRate }
    /// Server utilisation ρ = λ/(cμ).
    public var utilisation: Double { arrivalRate / (Double(servers) * serviceRate) }
    /// Whether the queue is stable (ρ < 1).
    public var isStable: Bool { utilisation < 1 }

    /// Erlang C: the probability that an arrival has to wait,
    /// C(c, a) = [aᶜ/c! · c/(c−a)] / [Σₖ₌₀^{c−1} aᵏ/k! + aᶜ/c! · c/(c−a)],
    /// computed with the stable Erlang B recursion B(k) = a·B(k−1)/(k + a·B(k−1)),
    /// C = B/(1 − ρ(1 − B)).
    public var probabilityOfWaiting: Double {
        guard isStable else { return 1 }
        let a = offeredLoad
        var b = 1.0
        for k in 1...servers { b = a * b / (Double(k) + a * b) }
        let rho = utilisation
        return b / (1 - rho * (1 - b))
    }

    /// Mean time in the queue, Wq = C(c, a) / (cμ − λ).
    public var meanWaitInQueue: Double {
        guard isStable else { return .infinity }
        return probabilityOfWaiting / (Double(servers) * serviceRate - arrivalRate)
    }

    /// Mean time in the system, W = Wq + 1/μ.
    public var meanTimeInSystem: Double { meanWaitInQueue + 1 / serviceRate }

    /// Time-average number in the queue, Lq = λ·Wq (Little's law).
    public var meanInQueue: Double { arrivalRate * meanWaitInQueue }

    /// Time-average number in the system, L = λ·W.
    public var meanInSystem: Double { arrivalRate * meanTimeInSystem }
}
