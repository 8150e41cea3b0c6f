// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports
import Scenario
import Simulation

/// How long writing a run's outputs takes: today's outputs (report.html,
/// summaries, compressed detail) against the plain CSV runs wrote before
/// (timeseries.csv, summary.csv, wmt_snapshot.csv, headline.csv and the
/// manifest), from the same replication results held in memory.
struct BenchOutputs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outputs",
        abstract: "Time writing a run's outputs against writing the former plain CSV, for the same results.",
        discussion: """
        Runs FILE (default: the built-in national scenario) for --replications (default 1) \
        once, then writes its run directory --repeats times each way into a temporary folder: \
        "plain CSV" (the files runs wrote before report.html, timeseries_summary.csv and \
        compression: timeseries.csv, summary.csv, wmt_snapshot.csv, headline.csv, manifest.json) \
        and "all outputs" (what caseflow run writes now). Prints the best time and the bytes of \
        each, in CPU seconds (user + system) of this process. A benchmark, not a test: see Benchmarks/outputs.sh.
        """
    )

    @Argument(help: "The scenario file (default: the built-in national scenario).") var file: String?
    @Option(help: "Replications to simulate and write.") var replications: Int = 1
    @Option(help: "Times to write each way (the best is reported).") var repeats: Int = 3
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        let scenario = try loadOrExit(file)
        var spec = scenario.spec
        spec.replications = replications
        let frozen = spec
        FileHandle.standardError.write(Data("simulating \(spec.name), \(replications) replication(s)…\n".utf8))
        let results = Replications.run(count: replications, jobs: Replications.availableCores) { r in
            ProbationModel(spec: frozen, replication: r).run { _ in }
        }
        var info = RunInfo(toolVersion: CaseflowVersion.string, scenarioName: scenario.name, scenarioPath: scenario.path,
                           scenarioSHA256: SHA256.hex(Array(scenario.sourceText.utf8)), seed: spec.seed,
                           replications: replications, jobs: 1, startedAt: Date(), start: spec.start, warmupDays: spec.warmupDays)
        info.describe(scenario, spec)
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-bench-outputs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        // CPU time (user + system) of this process: the machines these run on are shared.
        func cpu() -> Double {
            var u = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
            return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6
        }
        func bytes(_ dir: URL) -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).reduce(0) { sum, name in
                sum + ((try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)[.size] as? Int) ?? 0)
            }
        }
        var plainBest = Double.infinity, allBest = Double.infinity
        var plainBytes = 0, allBytes = 0
        for i in 0..<max(1, repeats) {
            let plain = tmp.appendingPathComponent("plain-\(i)")
            let t0 = cpu()
            try RunWriter.writeFormerPlainCSV(results, info: info, to: plain)
            plainBest = min(plainBest, cpu() - t0)
            plainBytes = bytes(plain)
            try? FileManager.default.removeItem(at: plain)
            let all = tmp.appendingPathComponent("all-\(i)")
            let t1 = cpu()
            _ = try RunWriter.write(results, info: info, to: all)
            allBest = min(allBest, cpu() - t1)
            allBytes = bytes(all)
            try? FileManager.default.removeItem(at: all)
            FileHandle.standardError.write(Data("repeat \(i + 1): plain CSV \(String(format: "%.2f", plainBest)) CPU s, all outputs \(String(format: "%.2f", allBest)) CPU s (best so far)\n".utf8))
        }
        if json {
            let obj: [String: Any] = ["scenario": spec.name, "replications": replications, "plain_csv_seconds": plainBest,
                                      "plain_csv_bytes": plainBytes, "all_outputs_seconds": allBest, "all_outputs_bytes": allBytes]
            print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("writing \(replications) replication(s) of \(spec.name), best of \(repeats):")
            print("  plain CSV (before):  \(String(format: "%6.2f", plainBest)) CPU s, \(readable(Double(plainBytes))) bytes")
            print("  all outputs (now):   \(String(format: "%6.2f", allBest)) CPU s, \(readable(Double(allBytes))) bytes")
        }
    }

}
