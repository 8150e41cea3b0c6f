// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports
import Scenario
import Simulation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario and write its time series, summary, WMT snapshots and manifest.",
        discussion: """
        With no FILE, runs the built-in national scenario (England and Wales from \
        26 June 2021). Writes summary.csv, timeseries_summary.csv, headline.csv, the \
        per-replication detail timeseries.csv.gz and wmt_snapshot.csv.gz (gzip; --no-compress \
        for plain .csv, --detail to choose levels) and, last, manifest.json to --out (default \
        runs/<scenario>-<time>). Results are \
        identical for any --jobs. Invalid scenarios are reported with file:line:column \
        and exit status 2; nothing is written. --out must be new or empty (default names \
        are unique to the process). Interrupted (Ctrl-C, SIGTERM), a run leaves \
        INTERRUPTED.txt and no manifest; --resume DIR finishes it with the same bytes. \
        \(ExitStatus.help)
        """
    )

    @Argument(help: "The scenario file (YAML). Default: the built-in national scenario.") var file: String?
    @Option(help: "Output directory (default: runs/<scenario>-<UTC time>).") var out: String?
    @Option(help: "Replications (overrides the scenario).") var replications: Int?
    @Option(help: "Replications run at once (default: available cores).") var jobs: Int?
    @Option(help: "Master random seed (overrides the scenario).") var seed: UInt64?
    @Option(help: "Run this variant or sweep point of the scenario instead of the base (see caseflow sweep --dry-run).")
    var variant: String?
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a value of the scenario: PATH=VALUE, the value read as YAML (allocation.cap=120%, 'levers[+]={date: 2022-04-01, staff: {grade: PQiP, add: 40}}'); repeatable, applied in order after the file's own overrides.",
        valueName: "path=value")) var set: [String] = []
    @Flag(help: "No progress bar and no headline table.") var quiet = false
    @Option(help: ArgumentHelp("Finish the interrupted run in DIR (same file and options).", valueName: "dir")) var resume: String?
    @Flag(help: "Run even when the estimate says the run needs more memory or disk than the machine has.") var force = false
    @OptionGroup var detail: DetailOptions

    func validate() throws {
        try detail.validate()
        try checkReplications(replications)
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1 (found \(j))") }
    }

    func run() throws {
        let scenario = try loadOrExit(file, settings: set)
        var spec = try pointSpecOrExit(scenario, variant)
        if let r = replications { spec.replications = r }
        if let s = seed { spec.seed = s }
        let jobCount = jobs ?? Replications.availableCores
        let started = Date()
        if let resume, let out, out != resume {
            FileHandle.standardError.write(Data("caseflow run: --resume \(resume) and --out \(out) name different directories; give one\n".utf8))
            throw ExitCode(ExitStatus.invalidInput)
        }
        let outPath = resume ?? out ?? defaultOutDirectory(for: scenario.name + (variant.map { " " + $0 } ?? ""), at: started)
        let directory = URL(fileURLWithPath: outPath)
        // Refuse, before anything is written, a run the machine cannot hold.
        let estimate = RunEstimate(spec, jobs: jobCount)
        if !force, let refusal = MachineLimits.refusal(estimate, out: outPath, command: "run") {
            FileHandle.standardError.write(Data(refusal.utf8))
            throw ExitCode(ExitStatus.outputFailed)
        }
        // Claim the directory: created atomically (or empty), locked against other processes.
        let marker = OutputDirectory.Marker(
            command: "run", scenarioSHA256: SHA256.hex(Array(scenario.sourceText.utf8)),
            options: resumeOptions(replications: replications, seed: seed, settings: set, outputs: detail.options, point: variant))
        let claimed: OutputDirectory
        do { claimed = try OutputDirectory.claim(directory, marker: marker, resume: resume != nil) } catch { fail(error) }
        if claimed.resuming { claimed.removeTemporaries(anyProcess: true) }
        let resumeHint = "caseflow run" + (file.map { " " + shellQuoted($0) } ?? "") + " --resume \(shellQuoted(outPath))"
            + commandOptions(replications: replications, seed: seed, settings: set, outputs: detail.options, variant: variant)
        Interruption.shared.watch(claimed, command: "run", resumeHint: resumeHint, total: spec.replications, unit: "replication")
        defer { Interruption.shared.end() }

        var info = RunInfo(toolVersion: CaseflowVersion.string, scenarioName: scenario.name, scenarioPath: scenario.path,
                           scenarioSHA256: SHA256.hex(Array(scenario.sourceText.utf8)), seed: spec.seed,
                           replications: spec.replications, jobs: jobCount, startedAt: started,
                           start: spec.start, warmupDays: spec.warmupDays, point: variant)
        info.extends = scenario.chainHashes
        info.overrides = scenario.settings
        info.describe(scenario, spec, dropped: variant.flatMap { v in scenario.points.first { $0.id == v }?.dropped })
        // Each replication's results are written on its worker thread as it
        // finishes; when resuming, the replications already finished are kept.
        let stream: RunStream
        do { stream = try RunStream(info: info, directory: directory, options: detail.options, resume: claimed.resuming) } catch {
            claimed.release(finished: false)
            fail(error)
        }
        let kept = Set(stream.finishedReplications)
        let todo = (0..<spec.replications).filter { !kept.contains($0) }
        let progress = ProgressBar(total: spec.replications, mode: ProgressBar.mode(quiet: quiet))
        for r in kept.sorted() {
            Interruption.shared.completed("replication \(r + 1)")
            progress.kept(r)
        }
        if !kept.isEmpty { progress.note("resuming \(outPath): \(kept.count) of \(spec.replications) replication(s) already finished are kept") }
        let frozen = spec
        let failure = FirstError()
        _ = Replications.run(count: todo.count, jobs: jobCount) { k in
            let r = todo[k]
            guard !failure.isSet else { return }
            let result = ProbationModel(spec: frozen, replication: r).run { progress.update(replication: r, fraction: $0) }
            do {
                try stream.add(result)
                Interruption.shared.completed("replication \(r + 1)")
            } catch { failure.set(error) }
            progress.finished(r)
        }
        progress.finish()
        let written: RunWriter.Written
        do {
            if let e = failure.error { throw e }
            written = try stream.finish()
        } catch {
            Interruption.shared.waitIfStopping()
            stream.abandon(keepFinished: true)
            claimed.release(finished: false)
            fail(error)
        }
        claimed.release(finished: true)
        if !quiet {
            printHeadline(stream.headlines, spec: spec, description: scenario.description) { stream.finals(metric: $0, entity: $1, level: $2) }
            print("Wrote \(written.directory.path): " + written.files.map(\.name).joined(separator: ", ") + ", manifest.json")
            if written.files.contains(where: { $0.name == RunReport.fileName }) {
                print("Report: \(written.directory.appendingPathComponent(RunReport.fileName).path)")
            }
        }
    }

    func printHeadline(_ headlines: [[(name: String, value: Double)]], spec: ModelSpec, description: String?,
                       finals: (String, String, OutputSpec.Level) -> [Double]?) {
        let end = spec.start.adding(days: spec.lengthDays)
        print("\(spec.name): \(spec.start) to \(end), \(headlines.count) replication(s), seed \(spec.seed)")
        if let d = description, !d.isEmpty { print(d) }
        print(closingSummary(spec: spec, finals: finals), terminator: "")
        print(pad("headline (whole scenario, end)", 34) + pad("mean", 14) + "95% CI")
        for (name, s) in RunWriter.headlineSummaries(headlines) {
            let interval = MetricKind.interval(s, metric: name)
            let ci = s.count > 1 ? "[\(readable(interval.low)), \(readable(interval.high))]" : "—"
            print(pad(name, 34) + pad(readable(s.mean), 14) + ci)
        }
    }
}

/// The first error any worker thread met.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }
    func set(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario file without running it.",
        discussion: "Prints every problem as FILE:LINE:COLUMN: PATH: message and exits with status 2 if there are any. Every variant and sweep point is validated (from the first top-level block its overrides change). Exit status: 0 valid, 2 invalid input, 64 a command-line option refused. See docs/errors.md."
    )
    @Argument(help: "The scenario file (YAML).") var file: String
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a value of the scenario: PATH=VALUE, the value read as YAML (allocation.cap=120%, 'levers[+]={date: 2022-04-01, staff: {grade: PQiP, add: 40}}'); repeatable, applied in order after the file's own overrides.",
        valueName: "path=value")) var set: [String] = []

    func run() throws {
        let s = try loadOrExit(file, settings: set)
        let pdus = s.spec.organisation.regions.reduce(0) { $0 + $1.pdus.count }
        let staff = s.spec.organisation.regions.flatMap(\.pdus).flatMap(\.teams).reduce(0) { $0 + $1.staff.values.reduce(0, +) }
        print("\(file): valid — \(s.name): \(s.spec.organisation.regions.count) region(s), \(pdus) PDU(s), \(staff) staff, \(s.spec.lengthDays) days, \(s.assumptionCount) assumption(s) logged" + pointsSummary(s))
        let cores = Replications.availableCores
        print("Estimated run of the base scenario, \(cores) job(s): " + RunEstimate(s.spec, jobs: cores).description
              + String(format: "; about %.1f s on %d core(s)", RunEstimate(s.spec).cpuSeconds / Double(min(cores, max(1, s.spec.replications))), cores))
    }
}

extension LoadedScenario {
    /// The files it extends, nearest first, with their SHA-256s (for manifests).
    var chainHashes: [ScenarioFileHash] {
        chain.map { ScenarioFileHash(file: $0.path ?? "(built-in national-day1)", sha256: SHA256.hex(Array($0.text.utf8))) }
    }
}

extension LoadedScenario {
    /// One `note: FILE:LINE:COLUMN: PATH: … dropped` line for each dated item
    /// after the end of the horizon that `horizon.after_end: drop` left out, in
    /// the base scenario or any of its points (each once); empty when none was.
    var droppedNotes: String {
        var seen = Set<ScenarioDiagnostic>()
        var text = ""
        for d in dropped + points.flatMap(\.dropped) where seen.insert(d).inserted { text += "note: \(d)\n" }
        return text
    }
}

/// Loads a scenario, or prints its diagnostics to stderr and exits with status 2.
/// Items `horizon.after_end: drop` left out are listed on stderr as notes.
func loadOrExit(_ path: String?, settings: [String] = []) throws -> LoadedScenario {
    do {
        let s: LoadedScenario
        if let path { s = try ScenarioLoader.load(path: path, settings: settings) } else {
            s = try ScenarioLoader.loadBuiltInNational(settings: settings)
        }
        if !s.droppedNotes.isEmpty { FileHandle.standardError.write(Data(s.droppedNotes.utf8)) }
        return s
    } catch let d {
        FileHandle.standardError.write(Data((d.description + "\n").utf8))
        FileHandle.standardError.write(Data("\(d.totalCount) problem(s); nothing was run.\n".utf8))
        throw ExitCode(2)
    }
}

/// A figure for people: thousands separated, one decimal place for large
/// numbers, three significant decimals for small ones.
func readable(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : "∞" }
    let f = NumberFormatter()
    f.locale = Locale(identifier: "en_GB")
    f.numberStyle = .decimal
    f.usesGroupingSeparator = true
    let whole = x == x.rounded()
    f.minimumFractionDigits = 0
    f.maximumFractionDigits = whole ? 0 : (abs(x) >= 100 ? 1 : 3)
    return f.string(from: NSNumber(value: x)) ?? fmt(x)
}

/// Prints an output failure and exits with status 3 (the output could not be written).
/// `--replications` is bounded as in a scenario file (1 to 10,000).
func checkReplications(_ r: Int?) throws {
    if let r, !(1...10_000).contains(r) {
        throw ValidationError("--replications must be from 1 to 10000, as in a scenario file (found \(r))")
    }
}

func fail(_ error: Error) -> Never {
    FileHandle.standardError.write(Data("caseflow: \(error)\n".utf8))
    Foundation.exit(ExitStatus.outputFailed)
}

/// The exit statuses of every command (docs/errors.md, "Exit status").
enum ExitStatus {
    static let success: Int32 = 0
    /// A gate failed (`--fail-if`, `check`).
    static let gateFailed: Int32 = 1
    /// Invalid input: fix the input file and run again.
    static let invalidInput: Int32 = 2
    /// An output could not be written (full disk, permissions, an output directory in use or not a run).
    static let outputFailed: Int32 = 3
    /// Interrupted by SIGINT (128 + 2) or SIGTERM (128 + 15).
    static let interrupted: Int32 = 130
    static let terminated: Int32 = 143

    /// The text the `--help` of every command that writes ends with.
    static let help = "Exit status: 0 success, 1 a gate failed, 2 invalid input (nothing written), 3 an output could not be written, 130/143 interrupted (SIGINT/SIGTERM; see --resume). See docs/errors.md."
}

func defaultOutDirectory(for name: String, at date: Date) -> String {
    let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") { s, c in
        if !(c == "-" && s.hasSuffix("-")) { s.append(c) }
    }.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_GB_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyyMMdd-HHmmss"
    // The process id makes the name unique to the process: two runs started in
    // the same second no longer share (and corrupt) one directory.
    return "runs/\(slug.isEmpty ? "run" : slug)-\(f.string(from: date))-\(getpid())"
}

/// Progress on stderr, shared by replications running on several threads: on
/// a terminal, a bar with the time elapsed and an estimate of the time left;
/// otherwise (a log, CI) a line per finished replication or point with the
/// same times, so long runs are never silent.
final class ProgressBar: @unchecked Sendable {
    enum Mode { case off, bar, lines }
    let lock = NSLock()
    var fractions: [Double]
    let mode: Mode
    let started = Date()
    var lastDrawn = -1
    var finishedCount = 0
    /// What a unit of work is called in the lines ("replication", "run").
    let unit: String

    init(total: Int, mode: Mode, unit: String = "replication") {
        fractions = Array(repeating: 0, count: total)
        self.mode = mode
        self.unit = unit
    }

    convenience init(total: Int, enabled: Bool) {
        self.init(total: total, mode: enabled ? .bar : .off)
    }

    /// `.bar` on a terminal, `.lines` otherwise, `.off` when quiet.
    static func mode(quiet: Bool) -> Mode { quiet ? .off : (isatty(2) != 0 ? .bar : .lines) }

    /// "1:05", "12 s".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return String(format: "%d:%02d", s / 60, s % 60) }
        return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }

    func times(done: Double) -> String {
        let elapsed = Date().timeIntervalSince(started)
        let left = done > 0 ? elapsed / done * (1 - done) : .nan
        return "elapsed \(Self.duration(elapsed))" + (done > 0 && done < 1 ? ", about \(Self.duration(left)) left" : "")
    }

    func update(replication r: Int, fraction: Double) {
        guard mode == .bar else { return }
        lock.lock(); defer { lock.unlock() }
        fractions[r] = fraction
        let done = fractions.reduce(0, +) / Double(fractions.count)
        let pct = Int(done * 100)
        guard pct != lastDrawn else { return }
        lastDrawn = pct
        let width = 40
        let filled = width * pct / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(bar) \(pct)% of \(fractions.count) \(unit)(s), \(times(done: done))".utf8))
    }

    /// Replication (or task) `r` has finished: in line mode, a line saying so.
    func finished(_ r: Int, label: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        fractions[r] = 1
        finishedCount += 1
        guard mode == .lines else { return }
        let done = fractions.reduce(0, +) / Double(fractions.count)
        let what = label ?? "\(unit) \(r + 1)"
        FileHandle.standardError.write(Data("\(what) finished (\(finishedCount) of \(fractions.count)), \(times(done: done))\n".utf8))
    }

    /// Replication `r` was finished by an earlier, interrupted run and is kept.
    func kept(_ r: Int) {
        lock.lock(); fractions[r] = 1; finishedCount += 1; lock.unlock()
    }

    /// A line in line mode (e.g. a sweep point written).
    func note(_ text: String) {
        guard mode == .lines else { return }
        lock.lock(); defer { lock.unlock() }
        let done = fractions.reduce(0, +) / Double(fractions.count)
        FileHandle.standardError.write(Data("\(text), \(times(done: done))\n".utf8))
    }

    func finish() {
        guard mode == .bar else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// `--detail` and `--no-compress`, shared by `run` and `sweep`.
struct DetailOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Per-replication detail to write: all (default), none, or a comma-separated list of \
        levels (national, region, pdu, team, practitioner) and wmt (the WMT snapshot). \
        Summaries always cover every level.
        """, valueName: "levels"))
    var detail: String = "all"
    @Flag(name: .customLong("no-compress"), help: "Write the detail files as plain .csv instead of .csv.gz.")
    var noCompress = false

    func validate() throws {
        if OutputOptions.parseDetail(detail) == nil {
            throw ValidationError("--detail \(detail): expected all, none, or a comma-separated list of national, region, pdu, team, practitioner and wmt")
        }
    }

    var options: OutputOptions {
        let d = OutputOptions.parseDetail(detail) ?? (nil, true)
        return OutputOptions(compress: !noCompress, detailLevels: d.levels, snapshots: d.snapshots)
    }
}

extension RunInfo {
    /// What the report says about the scenario: its description, assumptions log and which region
    /// holds each PDU; and, for the manifest, the dated items `horizon.after_end: drop` left out
    /// (`dropped`: the point's own list; the base scenario's by default).
    mutating func describe(_ scenario: LoadedScenario, _ spec: ModelSpec, dropped: [ScenarioDiagnostic]? = nil) {
        description = scenario.description
        self.dropped = (dropped ?? scenario.dropped).map(\.description)
        assumptions = scenario.assumptions.map {
            AssumptionRecord(id: $0.id, figure: $0.figure ?? "", source: $0.source, quality: $0.quality.rawValue, reasoning: $0.reasoning ?? "")
        }
        pduRegions = spec.organisation.regions.flatMap { r in r.pdus.map { (pdu: $0.name, region: r.name) } }
    }
}

/// What the scenario is about, at the end of the run: capacity % by region, and
/// unpaid work hours outstanding when interventions are on (means across
/// replications of the values on the last output date, from `finals`; an empty
/// entity is the level's first).
func closingSummary(spec: ModelSpec, finals: (String, String, OutputSpec.Level) -> [Double]?) -> String {
    func endMean(_ metric: String, _ entity: String, _ level: OutputSpec.Level) -> Double? {
        let values = (finals(metric, entity, level) ?? []).filter(\.isFinite)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
    var text = ""
    let regions = spec.organisation.regions.map(\.name)
    let capacity = regions.compactMap { r in endMean("capacity_pct", r, .region).map { (r, $0) } }
    if capacity.count > 1 {
        let sorted = capacity.sorted { $0.1 > $1.1 }
        text += "capacity % by region at the end (mean across replications): "
            + sorted.map { "\($0.0) \(String(format: "%.1f", $0.1))" }.joined(separator: ", ") + "\n"
    }
    if let hours = endMean("upw_hours_outstanding", "", .national) {
        text += "unpaid work hours outstanding at the end: \(readable(hours.rounded()))\n"
    }
    return text
}
