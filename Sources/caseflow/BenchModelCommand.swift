// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Scenario
import Simulation

/// `caseflow bench model`: the simulation part of a replication alone (building the model,
/// seeding the Day-1 caseload and running to the horizon), timed in CPU seconds of the
/// thread that runs it, with the events the engine processed. Nothing is written, so the
/// figure leaves out what `run` spends on outputs (`caseflow bench outputs` times those).
struct BenchModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Time one replication of a scenario's model (no outputs written): events, CPU seconds, µs per event.",
        discussion: """
        With no FILE, the built-in national scenario. Runs replication 0 --repeats times in \
        this process, one after another, and prints each run's events, CPU seconds (the \
        running thread's CPU time, from building the model to the horizon) and µs per event, \
        then the best. With several FILEs the runs alternate (A B A B …) so that both see the \
        same machine load, and the ratio of each file's best CPU time to the first file's is \
        printed. Peak memory is the process's maximum resident set size.
        """
    )

    @Argument(help: "Scenario files (YAML). Default: the built-in national scenario.") var files: [String] = []
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value of every scenario, as for caseflow run (repeatable).",
                                                       valueName: "path=value")) var set: [String] = []
    @Option(help: "Runs of each scenario (the best is reported).") var repeats: Int = 1
    @Option(help: "Master random seed (overrides the scenarios).") var seed: UInt64?
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats must be at least 1 (found \(repeats))") }
    }

    struct Timing { var events: Int; var cpuSeconds: Double }

    func run() throws {
        let names = files.isEmpty ? ["national (built-in)"] : files
        var specs: [ModelSpec] = []
        for f in (files.isEmpty ? [nil] : files.map { Optional($0) }) {
            var spec = try loadOrExit(f, settings: set).spec
            if let seed { spec.seed = seed }
            specs.append(spec)
        }
        var timings = Array(repeating: [Timing](), count: specs.count)
        for round in 1...repeats {
            for (k, spec) in specs.enumerated() {
                let t = Self.time(spec)
                timings[k].append(t)
                if !json {
                    FileHandle.standardError.write(Data("run \(round) \(names[k]): \(t.events) events, \(fmt3(t.cpuSeconds)) s CPU, \(fmt3(t.cpuSeconds / Double(max(t.events, 1)) * 1e6)) µs/event\n".utf8))
                }
            }
        }
        let best = timings.map { $0.min { $0.cpuSeconds < $1.cpuSeconds }! }
        let peakKiB = Self.peakResidentKiB()
        if json {
            var rows: [[String: Any]] = []
            for (k, b) in best.enumerated() {
                rows.append(["scenario": names[k], "events": b.events, "cpu_seconds": b.cpuSeconds,
                             "us_per_event": b.cpuSeconds / Double(max(b.events, 1)) * 1e6,
                             "cpu_seconds_all": timings[k].map(\.cpuSeconds),
                             "ratio_to_first": b.cpuSeconds / best[0].cpuSeconds])
            }
            print(JSONText.render(["benchmark": "model", "repeats": repeats, "peak_rss_kib": peakKiB, "scenarios": rows]))
        } else {
            for (k, b) in best.enumerated() {
                var line = "\(names[k]): \(b.events) events, best of \(repeats): \(fmt3(b.cpuSeconds)) s CPU, \(fmt3(b.cpuSeconds / Double(max(b.events, 1)) * 1e6)) µs/event"
                if k > 0 { line += ", \(fmt3(b.cpuSeconds / best[0].cpuSeconds))× the CPU of \(names[0])" }
                print(line)
            }
            print("peak memory \(peakKiB / 1024) MiB")
        }
    }

    /// One replication's model, timed on this thread's CPU clock.
    static func time(_ spec: ModelSpec) -> Timing {
        let start = threadCPUSeconds()
        let result = ProbationModel(spec: spec, replication: 0).run()
        let cpu = threadCPUSeconds() - start
        return Timing(events: result.events, cpuSeconds: cpu)
    }

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func peakResidentKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}

private func fmt3(_ x: Double) -> String { String(format: "%.3f", x) }
