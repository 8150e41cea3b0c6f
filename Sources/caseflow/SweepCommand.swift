// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports
import Scenario
import Simulation

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every point of a scenario — the base, its variants and its sweep — on common random numbers.",
        discussion: """
        Expands the scenario's `variants:` and `sweep:` blocks (docs/scenario-format.md) into \
        points: `base` (the scenario as written), each variant, each grid point (grid-1, grid-2, \
        …, the first path varying slowest) and each list entry. Every point runs the same \
        replications with the same seed, so replication r of every point shares its random \
        numbers (common random numbers) and points can be compared pair by pair with \
        `caseflow compare OUT/base OUT/<point>`. Writes one run directory per point, \
        OUT/<point>/, and last OUT/index.csv (point,overrides,run_directory). Data files and \
        index.csv are identical for any --jobs. --dry-run prints the points and runs nothing. \
        Invalid scenarios (any point) exit with status 2 and nothing is written. \
        Interrupted (Ctrl-C, SIGTERM), a sweep keeps its finished points and leaves \
        INTERRUPTED.txt; --resume DIR finishes it with the same bytes. \(ExitStatus.help)
        """
    )

    @Argument(help: "The scenario file (YAML).") var file: String
    @Option(help: "Output directory (default: runs/<scenario>-sweep-<UTC time>).") var out: String?
    @Option(help: "Runs (point × replication) at once (default: available cores).") var jobs: Int?
    @Option(help: "Replications per point (overrides the scenario).") var replications: Int?
    @Option(help: "Master random seed for every point (overrides the scenario).") var seed: UInt64?
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a value of the scenario: PATH=VALUE, the value read as YAML (allocation.cap=120%, 'levers[+]={date: 2022-04-01, staff: {grade: PQiP, add: 40}}'); repeatable, applied in order after the file's own overrides.",
        valueName: "path=value")) var set: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the points and their run directories; run nothing.") var dryRun = false
    @Flag(help: "No progress bar.") var quiet = false
    @Option(help: ArgumentHelp("Finish the interrupted sweep in DIR (same file and options), keeping the points it finished.",
                               valueName: "dir")) var resume: String?
    @Flag(help: "Run even when the estimate says the sweep needs more memory or disk than the machine has.") var force = false
    @OptionGroup var detail: DetailOptions

    func validate() throws {
        try detail.validate()
        try checkReplications(replications)
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1 (found \(j))") }
    }

    func run() throws {
        let request = SweepRequest(file: file, out: out, jobs: jobs, replications: replications, seed: seed,
                                   dryRun: dryRun, progress: ProgressBar.mode(quiet: quiet), outputs: detail.options, settings: set,
                                   resume: resume, force: force)
        let outcome = SweepRun.run(request)
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct SweepRequest {
    var file: String
    var out: String? = nil
    var jobs: Int? = nil
    var replications: Int? = nil
    var seed: UInt64? = nil
    var dryRun = false
    var progress = ProgressBar.Mode.off
    var outputs = OutputOptions()
    /// `--set PATH=VALUE` overrides, in order.
    var settings: [String] = []
    /// `--resume DIR`: finish the interrupted sweep in DIR, keeping its finished points.
    var resume: String? = nil
    /// `--force`: run even when the estimate exceeds the machine's memory or free disk.
    var force = false
}

/// The work of `caseflow sweep`, apart from the process, so tests can call it.
enum SweepRun {
    static let inputError: Int32 = 2

    static func run(_ request: SweepRequest) -> CommandOutcome {
        let scenario: LoadedScenario
        do { scenario = try ScenarioLoader.load(path: request.file, settings: request.settings) } catch let d {
            return CommandOutcome(stderr: d.description + "\n\(d.totalCount) problem(s); nothing was run.\n", status: inputError)
        }
        if !scenario.droppedNotes.isEmpty { FileHandle.standardError.write(Data(scenario.droppedNotes.utf8)) }
        let started = Date()
        if let resume = request.resume, let out = request.out, out != resume {
            return CommandOutcome(stderr: "caseflow sweep: --resume \(resume) and --out \(out) name different directories; give one\n", status: inputError)
        }
        let outPath = request.resume ?? request.out ?? defaultOutDirectory(for: scenario.name + " sweep", at: started)
        let out = URL(fileURLWithPath: outPath)
        let points = scenario.points.map { point -> ScenarioPoint in
            var p = point
            if let r = request.replications { p.spec.replications = r }
            if let s = request.seed { p.spec.seed = s }
            return p
        }
        let jobs = request.jobs ?? Replications.availableCores
        let runs = points.reduce(0) { $0 + $1.spec.replications }
        var text = "Sweep of \(scenario.name) (\(request.file)): \(points.count) point(s), \(runs) run(s) "
            + "(point × replication), seed \(scenario.spec.seed)\(request.seed.map { " → \($0)" } ?? ""), common random numbers\n"

        if request.dryRun {
            text += listing(points, out: outPath)
            return CommandOutcome(stdout: text)
        }

        // Refuse to overwrite: a finished sweep, or any point's finished run.
        let fm = FileManager.default
        if request.resume == nil {
            let problems = existingOutputs(out: outPath, pointIDs: points.map(\.id))
            guard problems.isEmpty else {
                return CommandOutcome(stderr: problems.map { "caseflow sweep: \($0)\n" }.joined(), status: ExitStatus.outputFailed)
            }
        }
        // Refuse, before anything is written, a sweep the machine cannot hold: points are
        // written one at a time, so memory is the largest point's, disk and CPU the sum.
        if !request.force {
            let estimates = points.map { RunEstimate($0.spec, jobs: jobs) }
            if var total = estimates.max(by: { $0.memoryBytes < $1.memoryBytes }) {
                total.diskBytes = estimates.reduce(0) { $0 + $1.diskBytes }
                total.cpuSeconds = estimates.reduce(0) { $0 + $1.cpuSeconds }
                if let refusal = MachineLimits.refusal(total, out: outPath, command: "sweep") {
                    return CommandOutcome(stdout: text, stderr: refusal, status: ExitStatus.outputFailed)
                }
            }
        }
        // Claim the directory: created atomically (or empty), locked against other processes.
        let sha = SHA256.hex(Array(scenario.sourceText.utf8))
        let marker = OutputDirectory.Marker(command: "sweep", scenarioSHA256: sha,
                                            options: resumeOptions(replications: request.replications, seed: request.seed,
                                                                   settings: request.settings, outputs: request.outputs, point: nil))
        let claimed: OutputDirectory
        do { claimed = try OutputDirectory.claim(out, marker: marker, resume: request.resume != nil) } catch {
            return CommandOutcome(stderr: "caseflow sweep: \(error)\n", status: ExitStatus.outputFailed)
        }
        if claimed.resuming { claimed.removeTemporaries(anyProcess: true) }
        // Points already finished (when resuming) are kept as they are.
        let done = Set(points.map(\.id).filter { fm.fileExists(atPath: out.appendingPathComponent($0).appendingPathComponent("manifest.json").path) })
        let todo = points.indices.filter { !done.contains(points[$0].id) }
        let resumeHint = "caseflow sweep \(shellQuoted(request.file)) --resume \(shellQuoted(outPath))" + commandOptions(request)
        Interruption.shared.watch(claimed, command: "sweep", resumeHint: resumeHint, total: points.count, unit: "point")
        for id in points.map(\.id) where done.contains(id) { Interruption.shared.completed(id) }
        defer { Interruption.shared.end() }
        if !done.isEmpty { text += "Resuming \(outPath): \(done.count) point(s) already finished are kept\n" }

        // Point × replication tasks, in point order.
        var tasks: [(point: Int, replication: Int)] = []
        for i in todo {
            for r in 0..<points[i].spec.replications { tasks.append((i, r)) }
        }
        let specs = points.map(\.spec)
        let frozenTasks = tasks
        let progress = ProgressBar(total: tasks.count, mode: request.progress, unit: "run")
        let chain = scenario.chainHashes
        var summaries: [[(name: String, summary: ReplicationSummary)]?] = Array(repeating: nil, count: points.count)
        // Each point's run directory is a RunStream, opened by its first
        // replication to finish; each replication is written on its worker thread.
        let streams = PointStreams { g in
            let p = points[g]
            var info = RunInfo(toolVersion: CaseflowVersion.string, scenarioName: p.spec.name,
                               scenarioPath: scenario.path, scenarioSHA256: sha, seed: p.spec.seed,
                               replications: p.spec.replications, jobs: jobs, startedAt: started,
                               start: p.spec.start, warmupDays: p.spec.warmupDays, point: p.id)
            info.extends = chain
            info.overrides = scenario.settings
            info.describe(scenario, p.spec, dropped: p.dropped)
            return try RunStream(info: info, directory: out.appendingPathComponent(p.id), options: request.outputs)
        }
        let failure = FirstError()
        do {
            try GroupedRunner.run(groupSizes: todo.map { specs[$0].replications }, jobs: jobs, { t in
                let (p, r) = frozenTasks[t]
                guard !failure.isSet else { return }
                let result = ProbationModel(spec: specs[p], replication: r).run { progress.update(replication: t, fraction: $0) }
                do { try streams.stream(p).add(result) } catch { failure.set(error) }
                progress.finished(t, label: "\(points[p].id) replication \(r + 1)")
            }, deliver: { k, _ in
                let g = todo[k]
                let p = points[g]
                if let e = failure.error { throw e }
                let stream = try streams.stream(g)
                _ = try stream.finish()
                streams.close(g)
                Interruption.shared.completed(p.id)
                summaries[g] = RunWriter.headlineSummaries(stream.headlines)
                progress.note("point \(p.id) written (\(k + 1) of \(todo.count))")
            })
        } catch {
            Interruption.shared.waitIfStopping()
            progress.finish()
            streams.abandonAll()
            claimed.release(finished: false)
            return CommandOutcome(stdout: text, stderr: "caseflow sweep: \(error)\n", status: ExitStatus.outputFailed)
        }
        progress.finish()

        // index.csv, last.
        do { try writeIndex(points.map { ($0.id, $0.overridesText) }, out: out) } catch {
            Interruption.shared.waitIfStopping()
            claimed.release(finished: false)
            return CommandOutcome(stdout: text, stderr: "caseflow sweep: \(error)\n", status: ExitStatus.outputFailed)
        }
        // report.html, after index.csv (the report reads it).
        let reportPath: String
        do { reportPath = try RunReport.write(outPath) } catch {
            Interruption.shared.waitIfStopping()
            claimed.release(finished: false)
            return CommandOutcome(stdout: text, stderr: "caseflow sweep: report.html: \(error)\n", status: ExitStatus.outputFailed)
        }
        claimed.release(finished: true)
        if let d = scenario.description, !d.isEmpty { text += d + "\n" }
        text += headlineTable(points, summaries)
        text += "Wrote \(outPath): \(points.count) run director\(points.count == 1 ? "y" : "ies"), index.csv and report.html\n"
        text += "Report: \(reportPath)\n"
        return CommandOutcome(stdout: text)
    }

    /// Why a sweep cannot be written to `out`: it holds a finished sweep
    /// (index.csv) or a point's finished run. Empty when it can.
    static func existingOutputs(out outPath: String, pointIDs: [String]) -> [String] {
        let fm = FileManager.default
        let out = URL(fileURLWithPath: outPath)
        var problems: [String] = []
        if fm.fileExists(atPath: out.appendingPathComponent("index.csv").path) {
            problems.append("\(outPath) already holds a sweep (index.csv); choose another --out")
        }
        for id in pointIDs where fm.fileExists(atPath: out.appendingPathComponent(id).appendingPathComponent("manifest.json").path) {
            problems.append("\(outPath)/\(id) already holds a run (manifest.json); choose another --out")
        }
        return problems
    }

    /// Writes a sweep's `index.csv` (point, overrides, run directory), the
    /// last file of a sweep — for `caseflow sweep` and `caseflow merge` alike.
    static func writeIndex(_ points: [(id: String, overrides: String)], out: URL) throws {
        let w = try CSVWriter(url: out.appendingPathComponent("index.csv"), header: ["point", "overrides", "run_directory"])
        for p in points { w.writeRow([p.id, p.overrides, p.id]) }
        try w.finish()
    }

    /// The points as a table: id, kind, run directory, overrides.
    static func listing(_ points: [ScenarioPoint], out: String) -> String {
        let idWidth = max(6, (points.map(\.id.count).max() ?? 0) + 2)
        let dirs = points.map { (out as NSString).appendingPathComponent($0.id) }
        let dirWidth = max(14, (dirs.map(\.count).max() ?? 0) + 2)
        var text = pad("point", idWidth) + pad("kind", 9) + pad("replications", 14) + pad("run directory", dirWidth) + "overrides\n"
        for (p, dir) in zip(points, dirs) {
            text += pad(p.id, idWidth) + pad(p.kind.rawValue, 9) + pad(String(p.spec.replications), 14) + pad(dir, dirWidth)
                + (p.overrides.isEmpty ? "—" : p.overridesText) + "\n"
        }
        return text
    }

    /// National headline figures by point (mean over replications).
    static func headlineTable(_ points: [ScenarioPoint], _ summaries: [[(name: String, summary: ReplicationSummary)]?]) -> String {
        let shown = ["capacity_pct", "practitioners_over_110", "unallocated", "allocated_within_5wd_pct", "mean_days_to_allocation"]
        let idWidth = max(6, (points.map(\.id.count).max() ?? 0) + 2)
        var text = (pad("point", idWidth) + shown.map { pad($0, max($0.count + 2, 12)) }.joined())
            .trimmingCharacters(in: .whitespaces) + "\n"
        for (p, s) in zip(points, summaries) {
            var line = pad(p.id, idWidth)
            for name in shown {
                let value = s?.first { $0.name == name }.map { fmtShort($0.summary.mean) } ?? "—"
                line += pad(value, max(name.count + 2, 12))
            }
            text += line.trimmingCharacters(in: .whitespaces) + "\n"
        }
        return "national headline at the end of the run, mean over replications:\n" + text
    }
}

/// A number to at most two decimals, for tables.
func fmtShort(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "—" : (x > 0 ? "∞" : "-∞") }
    let s = String(format: "%.2f", x)
    return s.contains(".") ? s.replacingOccurrences(of: "\\.?0+$", with: "", options: .regularExpression) : s
}

/// The spec of `scenario`'s point `id` (the base for nil), or an error listing
/// the points on stderr and exit status 2.
func pointSpecOrExit(_ scenario: LoadedScenario, _ id: String?) throws -> ModelSpec {
    guard let id else { return scenario.spec }
    if let point = scenario.point(id) { return point.spec }
    var message = "caseflow: --variant \(id): \(scenario.fileName) has no such variant or sweep point"
    if let s = Suggestions.closest(to: id, in: scenario.pointIDs) { message += "; did you mean \"\(s)\"?" }
    let ids = scenario.pointIDs
    message += " (points: " + (ids.count <= 12 ? ids.joined(separator: ", ") : ids.prefix(12).joined(separator: ", ") + ", …") + ")"
    FileHandle.standardError.write(Data((message + "\n").utf8))
    throw ExitCode(2)
}

/// `, 2 variant(s), 7 sweep point(s), each valid` for `caseflow validate`; empty without them.
func pointsSummary(_ s: LoadedScenario) -> String {
    let variants = s.count(of: .variant), sweep = s.count(of: .grid) + s.count(of: .list)
    guard variants + sweep > 0 else { return "" }
    var parts: [String] = []
    if variants > 0 { parts.append("\(variants) variant(s)") }
    if sweep > 0 { parts.append("\(sweep) sweep point(s)") }
    return "; " + parts.joined(separator: " and ") + ", each valid"
}

/// The run directories of a sweep's points being written, each opened once,
/// by whichever worker thread first needs it.
final class PointStreams: @unchecked Sendable {
    private let lock = NSLock()
    private var open: [Int: RunStream] = [:]
    private let make: (Int) throws -> RunStream

    init(_ make: @escaping (Int) throws -> RunStream) { self.make = make }

    func stream(_ point: Int) throws -> RunStream {
        lock.lock(); defer { lock.unlock() }
        if let s = open[point] { return s }
        let s = try make(point)
        open[point] = s
        return s
    }

    /// Forgets a finished point's stream.
    func close(_ point: Int) { lock.lock(); open[point] = nil; lock.unlock() }

    /// Abandons every stream still open (a failure or an interruption).
    func abandonAll() {
        lock.lock(); let all = Array(open.values); open = [:]; lock.unlock()
        for s in all { s.abandon() }
    }
}

/// Runs tasks 0..<Σ groupSizes on up to `jobs` threads and hands each group's
/// results, in task order, to `deliver` on the calling thread, group by group
/// in order, as soon as each group is complete. Workers run at most a window
/// of tasks ahead of the first undelivered group, so memory stays bounded.
/// What `deliver` sees is the same for any `jobs`.
final class GroupedRunner<R: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [R?]
    private var next = 0
    private var firstPending = 0   // first task of the first undelivered group
    private var cancelled = false
    private let window: Int

    private init(total: Int, window: Int) {
        slots = Array(repeating: nil, count: total)
        self.window = window
    }

    static func run(groupSizes: [Int], jobs: Int, _ body: @escaping @Sendable (Int) -> R,
                    deliver: (Int, [R]) throws -> Void) throws {
        let total = groupSizes.reduce(0, +)
        let workers = max(1, min(jobs, total))
        if workers == 1 {
            var t = 0
            for (g, size) in groupSizes.enumerated() {
                let results = (t..<(t + size)).map(body)
                t += size
                try deliver(g, results)
            }
            return
        }
        let runner = GroupedRunner(total: total, window: max(groupSizes.max() ?? 1, 2 * workers))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in runner.work(body) }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        var start = 0
        do {
            for (g, size) in groupSizes.enumerated() {
                let results = runner.take(start..<(start + size))
                start += size
                try deliver(g, results)
            }
        } catch {
            runner.cancel()
            done.wait()
            throw error
        }
        done.wait()
    }

    private func work(_ body: @Sendable (Int) -> R) {
        while true {
            condition.lock()
            while !cancelled && next < slots.count && next >= firstPending + window { condition.wait() }
            guard !cancelled, next < slots.count else { condition.unlock(); return }
            let t = next
            next += 1
            condition.unlock()
            let r = body(t)
            condition.lock()
            slots[t] = r
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits for the tasks of one group, takes their results and lets the workers move on.
    private func take(_ range: Range<Int>) -> [R] {
        condition.lock()
        defer { condition.unlock() }
        while range.contains(where: { slots[$0] == nil }) { condition.wait() }
        let results = range.map { slots[$0]! }
        for t in range { slots[t] = nil }
        firstPending = range.upperBound
        condition.broadcast()
        return results
    }

    private func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
