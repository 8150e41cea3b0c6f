// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports
import Scenario
import Simulation

// `caseflow plan`, `caseflow run-unit`, `caseflow merge`: a run or sweep cut
// into work units that a scheduler runs anywhere, merged into the same bytes
// `caseflow run` or `caseflow sweep` would have written (docs/scale-out.md).

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Cut a run or sweep into work units and tasks for a scheduler (Slurm, Kubernetes).",
        discussion: """
        Expands the scenario's points (base, variants, sweep) × replications into work units \
        (one replication of one point each) and groups them into tasks (--units-per-task). \
        Writes DIR/plan.json and copies of FILE and the files it extends under DIR/scenario/ \
        (fingerprinted with SHA-256). \
        Run task I with `caseflow run-unit DIR --task I` (or from a job array), then \
        `caseflow merge DIR`. A scenario with variants or a sweep merges as `caseflow sweep` \
        writes it; one point (no variants, or --variant) as `caseflow run` writes it.
        """
    )

    @OptionGroup var plan: PlanOptions
    @Option(help: "Threads each task uses (default 1); merged manifests record it as jobs.") var jobs: Int = 1

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1 (found \(jobs))") }
    }

    func run() throws {
        let outcome = PlanRun.make(plan.request(jobs: jobs))
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct PlanRequest {
    var file: String
    var out: String
    var replications: Int? = nil
    var seed: UInt64? = nil
    var unitsPerTask = 1
    var jobs = 1
    var variant: String? = nil
    var outputs = WorkPlan.Outputs()
    /// `--set PATH=VALUE` overrides, in order.
    var settings: [String] = []
    /// An uncertainty study: parameter sets drawn over the scenario's ranges (docs/uncertainty.md).
    var uncertainty: UncertaintyRequest? = nil
}

enum PlanRun {
    static let inputError: Int32 = 2
    static let incomplete: Int32 = 1
    static let writeError: Int32 = 3

    /// `caseflow plan`: writes DIR/plan.json and the scenario's copies under DIR/scenario/.
    static func make(_ request: PlanRequest, now: Date = Date()) -> CommandOutcome {
        let made: (plan: WorkPlan, text: String)
        do { made = try makePlan(request, now: now) } catch let e as PlanError {
            return CommandOutcome(stderr: "caseflow plan: \(e.description)\n", status: inputError)
        } catch let d as ScenarioDiagnostics {
            return CommandOutcome(stderr: d.description + "\n\(d.totalCount) problem(s); no plan was made.\n", status: inputError)
        } catch {
            return CommandOutcome(stderr: "caseflow plan: \(error)\n", status: writeError)
        }
        return CommandOutcome(stdout: made.text)
    }

    /// The plan `request` makes, without writing anything.
    static func makePlanInMemory(_ request: PlanRequest) throws -> WorkPlan {
        try makePlan(request, now: Date(), write: false).plan
    }

    static func makePlan(_ request: PlanRequest, now: Date, write: Bool = true) throws -> (plan: WorkPlan, text: String) {
        var request = request
        if request.uncertainty != nil { request.settings += UncertaintyPlan.outputSettings }
        let scenario = try ScenarioLoader.load(path: request.file, settings: request.settings)
        if write, !scenario.droppedNotes.isEmpty { FileHandle.standardError.write(Data(scenario.droppedNotes.utf8)) }
        guard let bytes = FileManager.default.contents(atPath: request.file) else {
            throw PlanError("\(request.file) cannot be read")
        }
        var points: [ScenarioPoint]
        var design: UncertaintyDesign?
        if let u = request.uncertainty {
            guard request.variant == nil else { throw PlanError("--variant cannot be combined with an uncertainty study; use --set") }
            design = try UncertaintyPlan.design(u, scenario: scenario, file: request.file, settings: request.settings,
                                                replications: request.replications ?? scenario.spec.replications,
                                                seed: request.seed ?? scenario.spec.seed)
            points = [scenario.points[0]]
        } else if let id = request.variant {
            guard let p = scenario.point(id) else {
                var message = "--variant \(id): \(scenario.fileName) has no such variant or sweep point"
                if let s = Suggestions.closest(to: id, in: scenario.pointIDs) { message += "; did you mean \"\(s)\"?" }
                throw PlanError(message)
            }
            points = [p]
        } else {
            points = scenario.points
        }
        for i in points.indices {
            if let r = request.replications { points[i].spec.replications = r }
            if let s = request.seed { points[i].spec.seed = s }
        }
        let layout: WorkPlan.Layout = design != nil ? .uncertainty : request.variant != nil || points.count == 1 ? .run : .sweep
        // The scenario file and the files it extends, copied with their places
        // relative to one another kept (from their nearest common folder).
        var sources = [(path: request.file, bytes: bytes)]
        for link in scenario.chain {
            guard let path = link.path else { continue }   // the built-in national scenario
            guard let data = FileManager.default.contents(atPath: path) else { throw PlanError("\(path) cannot be read") }
            sources.append((path, data))
        }
        let absolutes = sources.map { URL(fileURLWithPath: $0.path).standardizedFileURL.pathComponents }
        var root = Array(absolutes[0].dropLast())
        for a in absolutes.dropFirst() {
            let folder = Array(a.dropLast())
            var n = 0
            while n < min(root.count, folder.count), root[n] == folder[n] { n += 1 }
            root = Array(root.prefix(n))
        }
        let files = zip(sources, absolutes).map { source, components in
            WorkPlan.FileRecord(path: source.path, absolutePath: NSString.path(withComponents: components),
                                copy: ([WorkPlan.scenarioFolder] + components.dropFirst(root.count)).joined(separator: "/"),
                                sha256: SHA256.hex(source.bytes))
        }
        let iso = ISO8601DateFormatter()
        let record = WorkPlan.ScenarioRecord(
            path: request.file, copy: files[0].copy, sha256: files[0].sha256,
            textSHA256: SHA256.hex(Array(scenario.sourceText.utf8)), name: scenario.name, files: files,
            extends: scenario.chainHashes, overrides: scenario.settings, variant: request.variant)
        var planPoints = points.map {
            WorkPlan.Point(id: $0.id, kind: $0.kind.rawValue, name: layout == .run ? scenario.name : $0.spec.name,
                           overrides: $0.overridesText, seed: $0.spec.seed, replications: $0.spec.replications,
                           start: $0.spec.start.description, warmupDays: $0.spec.warmupDays)
        }
        if let design {
            let base = points[0].spec
            planPoints = design.values.indices.map { i in
                WorkPlan.Point(id: UncertaintyDesign.pointID(i, of: design.values.count), kind: "sample", name: scenario.name,
                               overrides: UncertaintyPlan.settings(design, set: i).joined(separator: "; "), seed: base.seed,
                               replications: base.replications, start: base.start.description, warmupDays: base.warmupDays)
            }
        }
        var plan = WorkPlan(toolVersion: CaseflowVersion.string, createdAt: iso.string(from: now), scenario: record,
                            layout: layout, jobs: request.jobs, outputs: request.outputs, points: planPoints, unitsPerTask: request.unitsPerTask)
        plan.uncertainty = design
        if !write { return (plan, "") }

        // The directory: refuse one that holds a plan; create units/ and logs/.
        let fm = FileManager.default
        let dir = URL(fileURLWithPath: request.out)
        if fm.fileExists(atPath: dir.appendingPathComponent(WorkPlan.fileName).path) {
            throw PlanError("\(request.out) already holds a plan (plan.json); choose another --out")
        }
        do {
            for sub in ["units", "logs"] {
                try fm.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
        } catch { throw ReportError.cannotWrite(request.out) }
        for (file, source) in zip(files, sources) {
            let url = dir.appendingPathComponent(file.copy)
            do { try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) }
            catch { throw ReportError.cannotWrite(url.deletingLastPathComponent().path) }
            try writeAtomically(source.bytes, to: url)
        }
        try writeAtomically(try encode(plan), to: dir.appendingPathComponent(WorkPlan.fileName))

        let replicationsText = Set(points.map(\.spec.replications)).count == 1 ? "\(points[0].spec.replications)" : "varying"
        if let design {
            let text = UncertaintyPlan.describe(design, scenario: scenario, file: request.file, plan: plan, out: request.out)
            return (plan, text)
        }
        let text = """
            Plan of \(scenario.name) (\(request.file)): \(points.count) point(s) × \(replicationsText) replication(s) = \
            \(plan.units.count) unit(s) in \(plan.tasks.count) task(s) of up to \(request.unitsPerTask) unit(s), \
            merged as caseflow \(layout == .run ? "run" : "sweep") writes it
            Wrote \(request.out)/plan.json and the scenario's cop\(files.count == 1 ? "y" : "ies") (\(files.map(\.copy).joined(separator: ", ")))
            Run each task with: caseflow run-unit \(request.out) --task I   (I = 0…\(plan.tasks.count - 1), or from a job array)
            Then: caseflow merge \(request.out)

            """
        return (plan, text)
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(value) + Data("\n".utf8)
    }
}

// MARK: - run-unit

struct RunUnitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-unit",
        abstract: "Run one task of a plan (idempotent; for a job array).",
        discussion: """
        Runs the work units of task I of the plan in DIR and writes each to DIR/units/ \
        atomically, then the task's record (DIR/units/task-NNNNNN.done). Without --task, the \
        index comes from SLURM_ARRAY_TASK_ID (Slurm job arrays), JOB_COMPLETION_INDEX \
        (Kubernetes indexed jobs) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array jobs). A task \
        already done is not run again; one that stopped part-way is run again from the start. \
        Refuses a plan made by another caseflow version or whose scenario has changed.
        """
    )

    @Argument(help: "The plan directory (caseflow plan --out).") var directory: String
    @Option(help: "The task index (default: from the scheduler's environment).") var task: Int?
    @Option(help: "Threads (default: the plan's jobs). Results do not depend on it.") var jobs: Int?

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1 (found \(j))") }
    }

    func run() throws {
        let outcome = RunUnit.run(RunUnitRequest(directory: directory, task: task, jobs: jobs,
                                                 environment: ProcessInfo.processInfo.environment,
                                                 log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }))
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct RunUnitRequest {
    var directory: String
    var task: Int? = nil
    var jobs: Int? = nil
    var environment: [String: String] = [:]
    var log: (String) -> Void = { _ in }
}

/// Which array task this process is, from `--task` or the scheduler's environment.
enum TaskIndex {
    /// The variables read, in order: Slurm, Kubernetes indexed jobs, AWS Batch.
    static let variables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"]

    static func resolve(explicit: Int?, environment: [String: String], taskCount: Int) throws -> Int {
        let index: Int
        let source: String
        if let explicit {
            index = explicit
            source = "--task"
        } else if let name = variables.first(where: { environment[$0] != nil }) {
            let text = environment[name]!.trimmingCharacters(in: .whitespaces)
            guard let i = Int(text) else {
                throw PlanError("\(name) is \"\(text)\", expected a whole number (the task index)")
            }
            index = i
            source = name
        } else {
            throw PlanError("no task index: give --task I, or run under a job array that sets one of "
                            + variables.joined(separator: ", "))
        }
        guard index >= 0, index < taskCount else {
            throw PlanError("\(source) is \(index), but the plan has \(taskCount) task(s), numbered 0 to \(taskCount - 1)")
        }
        return index
    }
}

enum RunUnit {
    static func run(_ request: RunUnitRequest) -> CommandOutcome {
        let dir = request.directory
        let plan: WorkPlan
        let task: Int
        do {
            plan = try WorkPlan.load(directory: dir)
            try plan.checkRunnable(directory: dir, toolVersion: CaseflowVersion.string)
            task = try TaskIndex.resolve(explicit: request.task, environment: request.environment, taskCount: plan.tasks.count)
        } catch {
            return CommandOutcome(stderr: "caseflow run-unit: \(error)\n", status: PlanRun.inputError)
        }
        if case .done(let record) = plan.state(ofTask: task, directory: dir) {
            return CommandOutcome(stdout: "Task \(task) of \(dir) is already done (\(record.units.count) unit(s), "
                                  + "finished \(record.finishedAt) on \(record.host)); nothing to do\n")
        }
        let units = URL(fileURLWithPath: dir).appendingPathComponent("units")
        let iso = ISO8601DateFormatter()
        let started = Date()
        let host = ProcessInfo.processInfo.hostName
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: units, withIntermediateDirectories: true)
            try? fm.removeItem(at: units.appendingPathComponent(WorkPlan.failedFileName(task)))
            try writeAtomically(Data("started \(iso.string(from: started)) on \(host), process \(ProcessInfo.processInfo.processIdentifier)\n".utf8),
                                to: units.appendingPathComponent(WorkPlan.startedFileName(task)))
        } catch {
            return CommandOutcome(stderr: "caseflow run-unit: \(error)\n", status: PlanRun.writeError)
        }
        do {
            let record = try runTask(task, plan: plan, directory: dir, jobs: request.jobs ?? plan.jobs, started: started,
                                     host: host, log: request.log)
            try writeAtomically(try PlanRun.encode(record), to: units.appendingPathComponent(WorkPlan.doneFileName(task)))
            try? fm.removeItem(at: units.appendingPathComponent(WorkPlan.startedFileName(task)))
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            return CommandOutcome(stdout: "Task \(task) of \(dir): \(record.units.count) unit(s) done in \(seconds) s\n")
        } catch {
            let status = error is PlanError || error is ScenarioDiagnostics ? PlanRun.inputError : PlanRun.writeError
            let message = "\(error)"
            try? writeAtomically(Data("failed \(iso.string(from: Date())) on \(host): \(message)\n".utf8),
                                 to: units.appendingPathComponent(WorkPlan.failedFileName(task)))
            try? fm.removeItem(at: units.appendingPathComponent(WorkPlan.startedFileName(task)))
            return CommandOutcome(stderr: "caseflow run-unit: task \(task): \(message)\n", status: status)
        }
    }

    /// The model specs of the plan's points, from the plan's copy of the
    /// scenario, checked against what the plan recorded.
    static func specs(_ plan: WorkPlan, directory: String, only needed: Set<String>? = nil) throws -> [String: ModelSpec] {
        let copy = (directory as NSString).appendingPathComponent(plan.scenario.copy)
        let scenario = try ScenarioLoader.load(path: copy, settings: plan.scenario.overrides)
        guard SHA256.hex(Array(scenario.sourceText.utf8)) == plan.scenario.textSHA256,
              scenario.chainHashes.map(\.sha256) == plan.scenario.extends.map(\.sha256) else {
            throw PlanError("\(copy): it, or a file it extends, does not match the plan's fingerprints; make a new plan")
        }
        if plan.layout == .uncertainty, let design = plan.uncertainty {
            var out: [String: ModelSpec] = [:]
            for (i, p) in plan.points.enumerated() where needed == nil || needed!.contains(p.id) {
                let settings = UncertaintyPlan.settings(design, set: i)
                guard settings.joined(separator: "; ") == p.overrides else {
                    throw PlanError("point \(p.id) of the plan does not match its design; make a new plan")
                }
                var spec = try ScenarioLoader.load(path: copy, settings: plan.scenario.overrides + settings, checkingRanges: false).spec
                spec.seed = p.seed
                spec.replications = p.replications
                out[p.id] = spec
            }
            return out
        }
        var out: [String: ModelSpec] = [:]
        for p in plan.points where needed == nil || needed!.contains(p.id) {
            guard let point = scenario.point(p.id) else {
                throw PlanError("\(copy) has no point \(p.id), which the plan lists; make a new plan")
            }
            var spec = point.spec
            spec.seed = p.seed
            spec.replications = p.replications
            guard point.overridesText == p.overrides, spec.start.description == p.start, spec.warmupDays == p.warmupDays else {
                throw PlanError("point \(p.id) of \(copy) is not the one the plan records; make a new plan")
            }
            out[p.id] = spec
        }
        return out
    }

    static func runTask(_ task: Int, plan: WorkPlan, directory: String, jobs: Int, started: Date, host: String,
                        log: (String) -> Void) throws -> TaskRecord {
        let units = plan.tasks[task].map { plan.units[$0] }
        let specs = try specs(plan, directory: directory, only: Set(units.map(\.point)))
        let unitsDir = URL(fileURLWithPath: directory).appendingPathComponent("units")
        var files: [TaskRecord.UnitFile] = []
        let clock = Date()
        try GroupedRunner<[UInt8]>.run(groupSizes: Array(repeating: 1, count: units.count), jobs: jobs, { i in
            let u = units[i]
            let result = ProbationModel(spec: specs[u.point]!, replication: u.replication).run { _ in }
            return ReplicationCodec.encode(result)
        }, deliver: { i, encoded in
            let u = units[i]
            let bytes = encoded[0]
            let name = WorkPlan.unitFileName(u.unit)
            try writeAtomically(Data(bytes), to: unitsDir.appendingPathComponent(name))
            files.append(TaskRecord.UnitFile(unit: u.unit, file: name, bytes: bytes.count, sha256: SHA256.hex(bytes)))
            log("unit \(u.unit): point \(u.point), replication \(u.replication + 1): \(bytes.count) bytes, "
                + String(format: "%.1f s since the task started", Date().timeIntervalSince(clock)))
        })
        let iso = ISO8601DateFormatter()
        return TaskRecord(task: task, toolVersion: CaseflowVersion.string, host: host, startedAt: iso.string(from: started),
                          finishedAt: iso.string(from: Date()), units: files)
    }
}

// MARK: - merge

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a plan's finished work units into what caseflow run or sweep writes.",
        discussion: """
        Checks that every task of the plan in DIR is done and its unit files are intact (lists \
        any missing or failed task and exits with status 1, writing nothing), then writes \
        --out (default DIR/result): for a sweep, a run directory per point and index.csv, as \
        `caseflow sweep` writes them; for one point, a run directory as `caseflow run` writes \
        it — the same bytes, manifest times aside. Reads one unit at a time.
        """
    )

    @Argument(help: "The plan directory.") var directory: String
    @Option(help: "Output directory (default: DIR/result).") var out: String?

    func run() throws {
        let outcome = Merge.run(directory: directory, out: out)
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

enum Merge {
    /// Why the plan cannot be merged yet: a line per task that is not done.
    static func incompleteTasks(_ plan: WorkPlan, directory: String) -> [String] {
        var lines: [String] = []
        for t in plan.tasks.indices {
            let units = plan.tasks[t]
            let what = units.count == 1 ? "unit \(units[0])" : "units \(units.first!)–\(units.last!)"
            let logs = "logs/task-\(t).out, logs/task-\(t).err"
            switch plan.state(ofTask: t, directory: directory) {
            case .done: continue
            case .failed(let message): lines.append("task \(t) (\(what)) failed: \(message) (logs: \(logs))")
            case .started(let note): lines.append("task \(t) (\(what)) has not finished: \(note) — still running, or killed (logs: \(logs))")
            case .notStarted: lines.append("task \(t) (\(what)) is missing: it has not run")
            case .damaged(let why): lines.append("task \(t) (\(what)) is damaged: \(why); run it again")
            }
        }
        return lines
    }

    static func run(directory: String, out: String?, now: Date = Date()) -> CommandOutcome {
        let plan: WorkPlan
        do {
            plan = try WorkPlan.load(directory: directory)
            try plan.checkRunnable(directory: directory, toolVersion: CaseflowVersion.string)
        } catch {
            return CommandOutcome(stderr: "caseflow merge: \(error)\n", status: PlanRun.inputError)
        }
        let missing = incompleteTasks(plan, directory: directory)
        guard missing.isEmpty else {
            let rerun = missing.count == 1 ? "run it" : "run them"
            return CommandOutcome(stderr: missing.map { "caseflow merge: \($0)\n" }.joined()
                                  + "caseflow merge: \(missing.count) of \(plan.tasks.count) task(s) not done; \(rerun) "
                                  + "(caseflow run-unit \(directory) --task I) and merge again; nothing was written\n",
                                  status: PlanRun.incomplete)
        }
        let outPath = out ?? (directory as NSString).appendingPathComponent("result")
        let outURL = URL(fileURLWithPath: outPath)
        if plan.layout == .uncertainty {
            if FileManager.default.fileExists(atPath: outURL.appendingPathComponent("sensitivity.csv").path) {
                return CommandOutcome(stderr: "caseflow merge: \(outPath) already holds an uncertainty study's results (sensitivity.csv); choose another --out\n",
                                      status: PlanRun.inputError)
            }
        } else if plan.layout == .sweep {
            let problems = SweepRun.existingOutputs(out: outPath, pointIDs: plan.points.map(\.id))
            guard problems.isEmpty else {
                return CommandOutcome(stderr: problems.map { "caseflow merge: \($0)\n" }.joined(), status: PlanRun.inputError)
            }
        } else if FileManager.default.fileExists(atPath: outURL.appendingPathComponent("manifest.json").path) {
            return CommandOutcome(stderr: "caseflow merge: \(ReportError.outputExists(outPath))\n", status: PlanRun.inputError)
        }

        // Each unit's file as its task recorded it.
        var recorded: [Int: TaskRecord.UnitFile] = [:]
        for t in plan.tasks.indices {
            if case .done(let record) = plan.state(ofTask: t, directory: directory) {
                for u in record.units { recorded[u.unit] = u }
            }
        }
        // Everything is written under OUT/.merge-partial-PID and moved into
        // place only when every unit has been read and checked, so a merge
        // stopped by a damaged unit leaves nothing half-written.
        let fm = FileManager.default
        let stage = outURL.appendingPathComponent(".merge-partial-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try fm.createDirectory(at: outURL, withIntermediateDirectories: true)
            if fm.fileExists(atPath: stage.path) { try fm.removeItem(at: stage) }
            try fm.createDirectory(at: stage, withIntermediateDirectories: true)
        } catch {
            return CommandOutcome(stderr: "caseflow merge: \(ReportError.cannotWrite(outPath))\n", status: PlanRun.writeError)
        }
        var text = ""
        do {
            text = try write(plan, directory: directory, recorded: recorded, into: stage, now: now)
            try publish(stage, into: outURL, last: plan.layout == .sweep ? "index.csv" : plan.layout == .uncertainty ? "sensitivity.csv" : "manifest.json")
        } catch {
            try? fm.removeItem(at: stage)
            let status = error is PlanError ? PlanRun.incomplete : PlanRun.writeError
            return CommandOutcome(stdout: text, stderr: "caseflow merge: \(error); nothing was written\n", status: status)
        }
        text += "Merged \(plan.units.count) unit(s) of \(plan.tasks.count) task(s) into \(outPath)"
            + (plan.layout == .uncertainty ? " (samples.csv, sensitivity.csv, outcomes.csv, uncertainty_summary.csv, report.html)\n" : plan.layout == .sweep ? " (\(plan.points.count) run directories and index.csv)\n" : "\n")
        return CommandOutcome(stdout: text)
    }

    /// Streams every unit, point by point, into run directories under `stage`
    /// through ``RunStream`` (as `caseflow run` and `caseflow sweep` write
    /// theirs), then the sweep's index.csv. Returns a line per point.
    static func write(_ plan: WorkPlan, directory: String, recorded: [Int: TaskRecord.UnitFile], into stage: URL,
                      now: Date) throws -> String {
        let unitsDir = URL(fileURLWithPath: directory).appendingPathComponent("units")
        if plan.layout == .uncertainty {
            return try UncertaintyPlan.merge(plan, recorded: recorded, unitsDir: unitsDir, into: stage)
        }
        // What the report says about the scenario, from the plan's copy (as run and sweep take it from the file).
        let scenario = try ScenarioLoader.load(path: (directory as NSString).appendingPathComponent(plan.scenario.copy),
                                               settings: plan.scenario.overrides)
        let pointSpecs = try RunUnit.specs(plan, directory: directory)
        var text = ""
        var unit = 0
        for p in plan.points {
            let target = plan.layout == .sweep ? stage.appendingPathComponent(p.id) : stage
            guard let start = CivilDate(iso: p.start) else {
                throw PlanError("plan.json: point \(p.id): start \"\(p.start)\" is not a date")
            }
            var info = RunInfo(toolVersion: plan.toolVersion, scenarioName: p.name, scenarioPath: plan.scenario.path,
                               scenarioSHA256: plan.scenario.textSHA256, seed: p.seed, replications: p.replications,
                               jobs: plan.jobs, startedAt: now, start: start, warmupDays: p.warmupDays,
                               point: plan.layout == .sweep ? p.id : plan.scenario.variant)
            info.extends = plan.scenario.extends
            info.overrides = plan.scenario.overrides
            info.describe(scenario, pointSpecs[p.id]!, dropped: scenario.points.first { $0.id == p.id }?.dropped)
            let stream = try RunStream(info: info, directory: target, options: plan.outputs.options ?? OutputOptions())
            var headlines: [[(name: String, value: Double)]] = []
            do {
                for r in 0..<p.replications {
                    guard let file = recorded[unit] else { throw PlanError("unit \(unit) is in no finished task's record") }
                    let result = try readUnit(unit, file, unitsDir)
                    guard result.replication == r else {
                        throw PlanError("\(unitsDir.path)/\(file.file) holds replication \(result.replication + 1), "
                                        + "the plan's unit \(unit) is replication \(r + 1) of \(p.id)")
                    }
                    try stream.add(result)
                    headlines.append(result.headline)
                    unit += 1
                }
                _ = try stream.finish()
            } catch {
                stream.abandon()
                throw error
            }
            let national = RunWriter.headlineSummaries(headlines)
            let capacity = national.first { $0.name == "capacity_pct" }.map { ", capacity_pct \(fmtShort($0.summary.mean))" } ?? ""
            text += "\(p.id): \(p.replications) replication(s)\(capacity)\n"
        }
        if plan.layout == .sweep {
            try SweepRun.writeIndex(plan.points.map { ($0.id, $0.overrides) }, out: stage)
            try RunReport.write(stage.path)
        }
        return text
    }

    /// Moves everything in `stage` into `out` (replacing what an unfinished
    /// run left there), `last` last, and removes `stage`.
    static func publish(_ stage: URL, into out: URL, last: String) throws {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: stage.path).sorted()
        for name in names.filter({ $0 != last }) + names.filter({ $0 == last }) {
            let destination = out.appendingPathComponent(name)
            if fm.fileExists(atPath: destination.path) { try fm.removeItem(at: destination) }
            try fm.moveItem(at: stage.appendingPathComponent(name), to: destination)
        }
        try fm.removeItem(at: stage)
    }

    /// Reads one unit file, checks it is the one its task recorded, and decodes it.
    static func readUnit(_ unit: Int, _ file: TaskRecord.UnitFile, _ dir: URL) throws -> ReplicationResult {
        let path = dir.appendingPathComponent(file.file).path
        guard let data = FileManager.default.contents(atPath: path) else { throw PlanError("\(path) cannot be read") }
        let bytes = [UInt8](data)
        guard bytes.count == file.bytes, SHA256.hex(bytes) == file.sha256 else {
            throw PlanError("\(path) is not the file its task wrote (size or SHA-256 differs); run its task again")
        }
        do { return try ReplicationCodec.decode(bytes, name: path) } catch let e as ReplicationCodec.DecodeError {
            throw PlanError(e.description)
        }
    }
}
