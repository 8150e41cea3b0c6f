// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Simulation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark and check the simulation engine and the allocation heuristics.",
        subcommands: [BenchMMc.self, BenchHold.self, BenchHeuristics.self, BenchOutputs.self, BenchModel.self]
    )
}

struct BenchMMc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmc",
        abstract: "Simulate an M/M/c queue and compare it with Erlang C.",
        discussion: """
        One model time unit is 10^6 engine ticks. Customers numbered below --warmup \
        are not counted and time-weighted statistics restart when customer --warmup \
        arrives. With --replications R > 1 the replications run in parallel (--jobs) \
        and each figure is a mean with a Student-t 95% confidence interval; the \
        figures are identical for any --jobs.
        """
    )

    @Option(name: .customLong("arrival-rate"), help: "Arrivals per time unit (λ).") var arrivalRate: Double
    @Option(name: .customLong("service-rate"), help: "Services per time unit per server (μ).") var serviceRate: Double
    @Option(help: "Number of servers (c).") var servers: Int
    @Option(help: "Customers to simulate per replication.") var customers: Int
    @Option(help: "Master random seed.") var seed: UInt64 = 1
    @Option(help: "Customers to discard as warm-up.") var warmup: Int = 0
    @Option(help: "Independent replications.") var replications: Int = 1
    @Option(help: "Replications run at once (default: available cores).") var jobs: Int?
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        let p = MMcParameters(arrivalRate: arrivalRate, serviceRate: serviceRate, servers: servers,
                              customers: customers, warmup: warmup, seed: seed)
        var problems = p.problems
        if replications < 1 { problems.append("--replications must be at least 1 (found \(replications))") }
        if let j = jobs, j < 1 { problems.append("--jobs must be at least 1 (found \(j))") }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func run() throws {
        let p = MMcParameters(arrivalRate: arrivalRate, serviceRate: serviceRate, servers: servers,
                              customers: customers, warmup: warmup, seed: seed)
        let theory = MMcTheory(arrivalRate: arrivalRate, serviceRate: serviceRate, servers: servers)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = processCPUSeconds()
        let results = Replications.run(count: replications, jobs: jobs ?? Replications.availableCores) { r in
            MMcSimulation.run(p, replication: r)
        }
        let cpu = processCPUSeconds() - cpuStart
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let events = results.reduce(0) { $0 + $1.events }

        let metrics: [(String, [Double], Double)] = [
            ("mean_wait", results.map(\.meanWait), theory.meanWaitInQueue),
            ("mean_in_system", results.map(\.meanInSystem), theory.meanInSystem),
            ("mean_in_queue", results.map(\.meanInQueue), theory.meanInQueue),
            ("mean_time_in_system", results.map(\.meanTimeInSystem), theory.meanTimeInSystem),
            ("prob_wait", results.map(\.probWait), theory.probabilityOfWaiting),
            ("utilisation", results.map(\.utilisation), theory.utilisation),
        ]
        let littleRatio = results.map { r in r.meanInSystem / (r.observedArrivalRate * r.meanTimeInSystem) }

        if json {
            var obj: [String: Any] = [
                "model": "M/M/c",
                "arrival_rate": arrivalRate, "service_rate": serviceRate, "servers": servers,
                "customers": customers, "warmup": warmup, "seed": seed, "replications": replications,
                "events": events, "wall_seconds": wall,
                "events_per_second": wall > 0 ? Double(events) / wall : 0,
                "cpu_seconds": cpu, "events_per_cpu_second": cpu > 0 ? Double(events) / cpu : 0,
                "customers_per_cpu_second": cpu > 0 ? Double(customers * replications) / cpu : 0,
            ]
            var theoryObj: [String: Any] = ["stable": theory.isStable]
            for (name, values, th) in metrics {
                let s = ReplicationSummary(values)
                obj[name] = s.mean
                if replications > 1 {
                    obj[name + "_sd"] = s.sd
                    obj[name + "_ci95_low"] = s.ci95Low
                    obj[name + "_ci95_high"] = s.ci95High
                }
                theoryObj[name] = th.isFinite ? th : nil
            }
            obj["littles_law_ratio"] = ReplicationSummary(littleRatio).mean
            obj["theory"] = theoryObj
            print(JSONText.render(obj))
        } else {
            print("M/M/\(servers): λ=\(arrivalRate) μ=\(serviceRate), \(customers) customers × \(replications) replication(s), warm-up \(warmup), seed \(seed)")
            if !theory.isStable { print("note: ρ = \(theory.utilisation) ≥ 1, so the queue is unstable and has no steady state") }
            print(pad("metric", 22) + pad("simulated", 14) + pad("95% CI", 28) + "theory")
            for (name, values, th) in metrics {
                let s = ReplicationSummary(values)
                let ci = replications > 1 ? "[\(fmt(s.ci95Low)), \(fmt(s.ci95High))]" : "—"
                print(pad(name, 22) + pad(fmt(s.mean), 14) + pad(ci, 28) + (th.isFinite ? fmt(th) : "∞"))
            }
            print("Little's law L/(λW) = \(fmt(ReplicationSummary(littleRatio).mean))")
            print("\(events) events in \(fmt(wall)) s = \(fmt(Double(events) / max(wall, 1e-9) / 1e6)) million events per second"
                  + " (\(fmt(cpu)) CPU s = \(fmt(Double(events) / max(cpu, 1e-9) / 1e6)) million per CPU-second)")
        }
    }
}

struct BenchHold: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Time the event list with the classic hold model (pop the earliest, push one later)."
    )
    @Option(help: "Events kept pending in the list.") var pending: Int
    @Option(help: "Hold operations to time.") var operations: Int
    @Option(help: "Random seed for the increments.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        if pending < 1 { throw ValidationError("--pending must be at least 1 (found \(pending))") }
        if operations < 1 { throw ValidationError("--operations must be at least 1 (found \(operations))") }
    }

    func run() throws {
        let r = HoldBenchmark.run(pending: pending, operations: operations, seed: seed)
        if json {
            print(JSONText.render([
                "model": "hold", "pending": r.pending, "operations": r.operations,
                "wall_seconds": r.seconds, "ns_per_hold": r.nsPerHold, "checksum": String(r.checksum),
            ]))
        } else {
            print("hold model: \(r.pending) pending, \(r.operations) operations: \(fmt(r.nsPerHold)) ns per hold (\(fmt(r.seconds)) s)")
        }
    }
}

/// CPU time used so far by the whole process (user + system, every thread),
/// in seconds: what the benchmarks compare, since the machines are shared.
func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func fmt(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "-∞") }
    if x != 0 && (abs(x) >= 1e7 || abs(x) < 1e-4) { return String(format: "%.6g", x) }
    return String(format: "%.6f", x).replacingOccurrences(of: "\\.?0+$", with: "", options: .regularExpression)
}

func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
}

/// Renders JSON with sorted keys (stable output for scripts and diffs).
enum JSONText {
    static func render(_ obj: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]),
              let s = String(data: data, encoding: .utf8) else { return "{}" }
        return s
    }
}
