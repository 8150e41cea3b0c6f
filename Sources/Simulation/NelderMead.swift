// SPDX-License-Identifier: GPL-3.0-or-later
// Derivative-free minimisation with GSL's Nelder–Mead simplex
// (`gsl_multimin_fminimizer_nmsimplex2`), with a hard budget of function
// evaluations. Used by `caseflow calibrate` (docs/calibration.md).

import CGSL

/// Minimises a function of n real variables with GSL's Nelder–Mead simplex.
public enum NelderMead {
    public struct Result: Sendable {
        /// The best point evaluated.
        public var x: [Double]
        /// The function's value there.
        public var value: Double
        /// How many times the function was evaluated.
        public var evaluations: Int
        public var stop: Stop
    }

    public enum Stop: Sendable, Equatable {
        /// The simplex's size fell below the tolerance.
        case converged
        /// The budget of evaluations was spent.
        case budget
        /// The function asked to stop (returned nil).
        case aborted
        /// GSL could not improve the simplex (it reports an error code).
        case noProgress(Int32)
    }

    /// Minimises `f`, starting from `start` with an initial simplex of `steps`
    /// along each axis. `f` is evaluated at most `budget` times (at least n + 1
    /// are needed to build the simplex); it returns nil to stop the search.
    /// Stops when the simplex's characteristic size (GSL's mean distance from
    /// its centre) is below `sizeTolerance`. Returns the best point evaluated.
    public static func minimize(start: [Double], steps: [Double], budget: Int, sizeTolerance: Double,
                                _ f: @escaping ([Double]) -> Double?) -> Result {
        let n = start.count
        precondition(n >= 1 && steps.count == n, "NelderMead: start and steps must have the same, positive, length")
        let context = Context(f: f, budget: budget)
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }

        var function = gsl_multimin_function(
            f: { x, params in
                let context = Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
                guard let x else { return .greatestFiniteMagnitude }
                let point = (0..<x.pointee.size).map { gsl_vector_get(x, $0) }
                return context.evaluate(point)
            },
            n: n, params: unmanaged.toOpaque())

        let minimizer = gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), n)!
        let x0 = gsl_vector_alloc(n)!
        let step = gsl_vector_alloc(n)!
        defer {
            gsl_multimin_fminimizer_free(minimizer)
            gsl_vector_free(x0)
            gsl_vector_free(step)
        }
        for i in 0..<n {
            gsl_vector_set(x0, i, start[i])
            gsl_vector_set(step, i, steps[i])
        }
        var stop = Stop.budget
        let status = gsl_multimin_fminimizer_set(minimizer, &function, x0, step)
        if context.aborted {
            stop = .aborted
        } else if status != GSL_SUCCESS {
            stop = .noProgress(status)
        } else {
            while true {
                if context.aborted { stop = .aborted; break }
                if context.evaluations >= budget { stop = .budget; break }
                let status = gsl_multimin_fminimizer_iterate(minimizer)
                if context.aborted { stop = .aborted; break }
                if status != GSL_SUCCESS { stop = .noProgress(status); break }
                if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimizer), sizeTolerance) == GSL_SUCCESS {
                    stop = .converged
                    break
                }
            }
        }
        return Result(x: context.best?.x ?? start, value: context.best?.value ?? .nan,
                      evaluations: context.evaluations, stop: stop)
    }

    /// What the C callback reaches through GSL's `params` pointer.
    private final class Context {
        let f: ([Double]) -> Double?
        let budget: Int
        var evaluations = 0
        var aborted = false
        var best: (x: [Double], value: Double)?

        init(f: @escaping ([Double]) -> Double?, budget: Int) {
            self.f = f
            self.budget = budget
        }

        /// The function's value; past the budget or after an abort, the largest
        /// finite number (so GSL moves away, and the search stops at once).
        func evaluate(_ x: [Double]) -> Double {
            guard !aborted, evaluations < budget else { return .greatestFiniteMagnitude }
            evaluations += 1
            guard let y = f(x) else {
                aborted = true
                return .greatestFiniteMagnitude
            }
            let value = y.isNaN ? .greatestFiniteMagnitude : y
            if best == nil || value < best!.value { best = (x, value) }
            return value
        }
    }
}
