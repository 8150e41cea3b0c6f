// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports
import Scenario
import Simulation

// `caseflow uncertainty`: parameter sets drawn over the ranges of the
// assumptions log (and --vary), each run with the same replications on common
// random numbers, through the plan / run-unit / merge contract of sweeps, so
// a large study runs on Slurm or Kubernetes unchanged (docs/uncertainty.md).

/// What an uncertainty study asks for, as `caseflow uncertainty`, `plan`, `slurm` and `kubernetes` take it.
struct UncertaintyRequest: Equatable {
    var method: UncertaintyDesign.Method = .lhs
    /// LHS: parameter sets; Sobol: base rows.
    var samples = 64
    var vary: [String] = []
    var dates: [String] = []
    var crossings: [String] = []
    var bootstrap = 1000
    /// Only the ranges of these assumptions-log entries (empty: all of them).
    var only: [String] = []
}

/// The options of a study, shared by `caseflow uncertainty` and the plan commands.
struct UncertaintyOptions: ParsableArguments {
    @Option(help: "Parameter sets (lhs), or base rows of Saltelli's scheme (sobol: sets = N × (inputs + 2)). Default 64.")
    var samples: Int = 64
    @Option(help: ArgumentHelp("An uncertain value from the command line, uniform over PATH=LOW..HIGH (units as in the file: '9 months..15 months', 100%..120%); repeatable.",
                               valueName: "path=low..high")) var vary: [String] = []
    @Option(name: .customLong("at"), help: ArgumentHelp("A date at which capacity, unallocated and unpaid work hours are outcomes (repeatable; default each anniversary of the start and the last date).",
                                                        valueName: "yyyy-mm-dd")) var at: [String] = []
    @Option(help: ArgumentHelp("A national threshold whose first crossing date is an outcome, METRIC<VALUE or METRIC>VALUE (repeatable; default capacity_pct<100).",
                               valueName: "metric<value")) var crossing: [String] = []
    @Option(help: "Bootstrap resamples for the Sobol indices' intervals (default 1000).") var bootstrap: Int = 1000
    @Option(help: ArgumentHelp("Vary only the ranges of these assumptions-log entries (comma-separated ids; default all). --vary ranges are always varied.",
                               valueName: "ids")) var only: String?

    func validate() throws {
        if samples < 2 || samples > 100_000 { throw ValidationError("--samples must be from 2 to 100000 (found \(samples))") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be at least 0") }
        for d in at where CivilDate(iso: d) == nil { throw ValidationError("--at \(d): expected a date YYYY-MM-DD") }
        for c in crossing where UncertaintyDesign.CrossingOutcome.parse(c) == nil {
            throw ValidationError("--crossing \(c): expected METRIC<VALUE or METRIC>VALUE, such as capacity_pct<100")
        }
    }

    func request(method: UncertaintyDesign.Method) -> UncertaintyRequest {
        UncertaintyRequest(method: method, samples: samples, vary: vary, dates: at, crossings: crossing, bootstrap: bootstrap,
                           only: only.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? [])
    }
}

extension UncertaintyDesign.Method: ExpressibleByArgument {}

enum UncertaintyPlan {
    /// What every parameter set writes into its work units: national and regional series, no WMT snapshots.
    static let outputSettings = ["outputs.levels=[national, region]", "outputs.wmt_snapshot=none"]

    /// The design: the parameters (the scenario's ranges, then --vary), and
    /// the values of every parameter set.
    static func design(_ u: UncertaintyRequest, scenario: LoadedScenario, file: String, settings: [String],
                       replications: Int, seed: UInt64) throws -> UncertaintyDesign {
        var parameters = scenario.uncertainty
        if !u.only.isEmpty {
            let ids = Set(scenario.assumptions.filter { !$0.uncertainty.isEmpty }.map(\.id))
            for id in u.only where !ids.contains(id) {
                var message = "--only \(id): \(file) has no assumptions-log entry \(id) with an uncertainty range"
                if let s = Suggestions.closest(to: id, in: Array(ids)) { message += "; did you mean \"\(s)\"?" }
                throw PlanError(message)
            }
            parameters = parameters.filter { $0.assumption.map(u.only.contains) ?? true }
        }
        for text in u.vary {
            switch UncertainParameter.parseVary(text) {
            case .success(let p):
                if let i = parameters.firstIndex(where: { $0.path == p.path }) { parameters[i] = p } else { parameters.append(p) }
            case .failure(let e): throw PlanError(e.description)
            }
        }
        guard !parameters.isEmpty else {
            throw PlanError("\(file) declares no uncertainty ranges (an `uncertainty:` block in an assumptions-log entry) and no --vary was given; there is nothing to vary")
        }
        // --vary ranges are checked like the file's: the scenario read with each at both ends.
        let varied = parameters.filter { $0.assumption == nil }
        if !varied.isEmpty {
            for (end, u) in [("low", 0.0), ("high", 1.0)] {
                do {
                    _ = try ScenarioLoader.load(path: file, settings: settings + varied.map { $0.setting($0.value(at: u)) }, checkingRanges: false)
                } catch {
                    throw PlanError("with every --vary range at its \(end) end the scenario is not valid:\n\(error.description)")
                }
            }
        }
        let d = parameters.count
        let unit: [[Double]]
        switch u.method {
        case .lhs:
            unit = SensitivityDesign.latinHypercube(samples: u.samples, dimensions: d, seed: seed)
        case .sobol:
            guard d <= SensitivityDesign.maximumSobolInputs else {
                throw PlanError("--method sobol takes at most \(SensitivityDesign.maximumSobolInputs) uncertain values (GSL's Sobol sequence has 40 dimensions, two per input); this study has \(d): use --method lhs, or fewer ranges")
            }
            unit = SensitivityDesign.saltelli(base: u.samples, dimensions: d)
        }
        let values = unit.map { row in zip(parameters, row).map { $0.value(at: $1) } }
        let dates = u.dates.isEmpty ? defaultDates(scenario.spec) : u.dates
        let crossings = (u.crossings.isEmpty ? ["capacity_pct<100"] : u.crossings).compactMap(UncertaintyDesign.CrossingOutcome.parse)
        _ = replications
        return UncertaintyDesign(
            method: u.method, samples: u.samples, seed: seed,
            parameters: parameters.map {
                UncertaintyDesign.Parameter(path: $0.path, source: $0.assumption.map { "assumption \($0)" } ?? "--vary",
                                            range: $0.summary, unit: $0.unit)
            },
            values: values, dates: dates, crossings: crossings, bootstrap: u.bootstrap)
    }

    /// Each anniversary of the start within the horizon, and its last day.
    static func defaultDates(_ spec: ModelSpec) -> [String] {
        let start = spec.start.dayNumber, end = start + spec.lengthDays
        var out: [String] = []
        var k = 1
        while start + Int(Double(k) * 365.25) < end - 31 {
            out.append(CivilDate(dayNumber: start + Int(Double(k) * 365.25)).description)
            k += 1
        }
        out.append(CivilDate(dayNumber: end).description)
        return out
    }

    /// `PATH=VALUE` for every parameter of set `i`, as `--set` takes them.
    static func settings(_ design: UncertaintyDesign, set i: Int) -> [String] {
        zip(design.parameters, design.values[i]).map { p, v in
            "\(p.path)=\(UncertainParameter.format(v))\(p.unit)"
        }
    }

    static func describe(_ design: UncertaintyDesign, scenario: LoadedScenario, file: String, plan: WorkPlan, out: String) -> String {
        let perRun = RunEstimate(scenario.spec).cpuSeconds / Double(max(1, scenario.spec.replications))
        var text = "Uncertainty study of \(scenario.name) (\(file)): \(design.parameters.count) uncertain value(s), "
            + (design.method == .lhs ? "Latin hypercube of \(design.values.count) parameter set(s)"
               : "Saltelli's scheme, \(design.samples) base rows × (\(design.parameters.count) + 2) = \(design.values.count) parameter set(s)")
            + " × \(plan.points[0].replications) replication(s) = \(plan.units.count) run(s) in \(plan.tasks.count) task(s)\n"
        for p in design.parameters { text += "  \(p.path): \(p.range) (\(p.source))\n" }
        text += String(format: "Estimated CPU: about %.0f s a run, %.1f CPU-hours in all (the model's own estimate; timed runs refine it)\n",
                       perRun, perRun * Double(plan.units.count) / 3600)
        text += "Wrote \(out)/plan.json. Run each task with: caseflow run-unit \(out) --task I (I = 0…\(plan.tasks.count - 1), or from a job array); then: caseflow merge \(out)\n"
        return text
    }

    /// `caseflow merge` of an uncertainty plan: streams every unit, set by
    /// set, into the study's accumulators and writes its files into `stage`.
    static func merge(_ plan: WorkPlan, recorded: [Int: TaskRecord.UnitFile], unitsDir: URL, into stage: URL) throws -> String {
        guard let design = plan.uncertainty else { throw PlanError("plan.json: an uncertainty plan without its design") }
        let study = UncertaintyStudy(design: design, replications: plan.points[0].replications)
        var unit = 0
        for p in plan.points {
            guard p.replications == plan.points[0].replications else { throw PlanError("plan.json: point \(p.id) has other replications") }
            for r in 0..<p.replications {
                guard let file = recorded[unit] else { throw PlanError("unit \(unit) is in no finished task's record") }
                let result = try Merge.readUnit(unit, file, unitsDir)
                guard result.replication == r else {
                    throw PlanError("\(unitsDir.path)/\(file.file) holds replication \(result.replication + 1), the plan's unit \(unit) is replication \(r + 1) of \(p.id)")
                }
                study.add(result)
                unit += 1
            }
        }
        let files = try study.write(to: stage, title: plan.scenario.name, scenarioPath: plan.scenario.path, toolVersion: plan.toolVersion)
        return files.map { "\($0.name): \($0.rows) row(s)\n" }.joined()
    }
}

struct Uncertainty: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uncertainty",
        abstract: "Which assumptions drive the answers: parameter sets over the assumptions log's ranges, sensitivity indices and fans.",
        discussion: """
        Draws parameter sets over the ranges of the scenario's assumptions log (`uncertainty:` \
        blocks) and --vary: a Latin hypercube (--method lhs, PRCC indices) or Saltelli's scheme on \
        Sobol's sequence (--method sobol, first-order and total Sobol indices with bootstrap \
        intervals). Each set runs with the same replications on common random numbers, through \
        the plan / run-unit / merge contract (the plan is OUT/plan; an interrupted study resumes \
        where it stopped). Writes OUT/samples.csv, sensitivity.csv, outcomes.csv, \
        uncertainty_summary.csv and report.html. For Slurm or Kubernetes, give the same options to \
        caseflow slurm / kubernetes with --uncertainty lhs|sobol. See docs/uncertainty.md.
        """
    )

    @Argument(help: "The scenario file (YAML).") var file: String
    @Option(help: "lhs (Latin hypercube, PRCC) or sobol (Saltelli's scheme, Sobol indices).") var method: UncertaintyDesign.Method = .lhs
    @OptionGroup var study: UncertaintyOptions
    @Option(help: "Replications per parameter set (default: the scenario's).") var replications: Int?
    @Option(help: "Master random seed (default: the scenario's); it also seeds the design and the bootstrap.") var seed: UInt64?
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value of the scenario, as for caseflow run (repeatable).",
                                                         valueName: "path=value")) var set: [String] = []
    @Option(help: "Output directory.") var out: String
    @Option(help: "Runs at once (default: every core).") var jobs: Int?
    @Flag(help: "Write the plan (OUT/plan) and stop, to run its tasks elsewhere.") var planOnly = false

    func validate() throws {
        try checkReplications(replications)
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1 (found \(j))") }
    }

    func run() throws {
        let outcome = UncertaintyRun.run(file: file, request: study.request(method: method), replications: replications, seed: seed,
                                         settings: set, out: out, jobs: jobs ?? Replications.availableCores, planOnly: planOnly,
                                         log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

enum UncertaintyRun {
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Plans (or resumes the plan in OUT/plan), runs every task here on `jobs` cores, and merges into OUT.
    static func run(file: String, request: UncertaintyRequest, replications: Int?, seed: UInt64?, settings: [String],
                    out: String, jobs: Int, planOnly: Bool, log: @escaping (String) -> Void) -> CommandOutcome {
        let planDir = (out as NSString).appendingPathComponent("plan")
        var text = ""
        let plan: WorkPlan
        let planRequest = PlanRequest(file: file, out: planDir, replications: replications, seed: seed,
                                      unitsPerTask: 1, jobs: jobs, settings: settings, uncertainty: request)
        var sized = planRequest
        if FileManager.default.fileExists(atPath: (planDir as NSString).appendingPathComponent(WorkPlan.fileName)) {
            do {
                let existing = try WorkPlan.load(directory: planDir)
                try existing.checkRunnable(directory: planDir, toolVersion: CaseflowVersion.string)
                sized.unitsPerTask = existing.tasks.first?.count ?? 1
                let fresh = try PlanRun.makePlanInMemory(sized)
                guard fresh.uncertainty == existing.uncertainty, fresh.points == existing.points, fresh.tasks == existing.tasks else {
                    return CommandOutcome(stderr: "caseflow uncertainty: \(planDir) holds the plan of another study (other options or scenario); choose another --out\n",
                                          status: PlanRun.inputError)
                }
                plan = existing
                text += "Resuming the study in \(out)\n"
            } catch {
                return CommandOutcome(stderr: "caseflow uncertainty: \(error)\n", status: PlanRun.inputError)
            }
        } else {
            // Tasks of several runs each, so that each keeps every core busy.
            do {
                let probe = try PlanRun.makePlanInMemory(planRequest)
                sized.unitsPerTask = max(probe.points[0].replications, 2 * jobs)
            } catch let d as ScenarioDiagnostics {
                return CommandOutcome(stderr: d.description + "\n\(d.totalCount) problem(s); nothing was run.\n", status: PlanRun.inputError)
            } catch {
                return CommandOutcome(stderr: "caseflow uncertainty: \(error)\n", status: PlanRun.inputError)
            }
            let made = PlanRun.make(sized)
            guard made.status == 0 else { return CommandOutcome(stdout: made.stdout, stderr: made.stderr, status: made.status) }
            text += made.stdout
            do { plan = try WorkPlan.load(directory: planDir) } catch {
                return CommandOutcome(stderr: "caseflow uncertainty: \(error)\n", status: PlanRun.writeError)
            }
        }
        if planOnly { return CommandOutcome(stdout: text) }
        log(text.trimmingCharacters(in: .newlines))
        text = ""
        let total = plan.tasks.count
        var cpuPerUnit: Double?
        var unitsDone = 0
        let started = Date()
        for t in 0..<total {
            if case .done = plan.state(ofTask: t, directory: planDir) { unitsDone += plan.tasks[t].count; continue }
            let before = cpuSeconds()
            let outcome = RunUnit.run(RunUnitRequest(directory: planDir, task: t, jobs: jobs))
            guard outcome.status == 0 else { return CommandOutcome(stdout: text, stderr: outcome.stderr, status: outcome.status) }
            unitsDone += plan.tasks[t].count
            let used = (cpuSeconds() - before) / Double(plan.tasks[t].count)
            if cpuPerUnit == nil {
                cpuPerUnit = used
                let all = used * Double(plan.units.count)
                log(String(format: "Timed: %.1f CPU-s a run, so about %.2f CPU-hours for the %d run(s): about %.1f hours on %d core(s)",
                           used, all / 3600, plan.units.count, all / 3600 / Double(jobs), jobs))
            }
            let elapsed = Date().timeIntervalSince(started)
            log(String(format: "task %d of %d done: %d of %d run(s), %.0f s so far", t + 1, total, unitsDone, plan.units.count, elapsed))
        }
        let merged = Merge.run(directory: planDir, out: out)
        guard merged.status == 0 else { return CommandOutcome(stdout: text + merged.stdout, stderr: merged.stderr, status: merged.status) }
        text += merged.stdout
        text += "Report: \((out as NSString).appendingPathComponent("report.html"))\n"
        return CommandOutcome(stdout: text)
    }
}
