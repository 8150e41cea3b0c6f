// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Scenario
import Simulation

struct BenchHeuristics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heuristics",
        abstract: "Rank the allocation heuristics on a fixed suite of scenarios (a CI gate with --fail-if).",
        discussion: """
        Runs every scenario of SUITE_DIR (*.yaml, default Benchmarks/heuristics) × K seeds \
        (replications 1…K of each scenario's seed) for every registered allocation policy, \
        on common random numbers: a scenario and seed give every heuristic the same world. \
        Prints one row per heuristic with each KPI's mean over scenarios × seeds and its \
        95% confidence interval, ranked by over_110_pct (lower is better). \
        --fail-if "HEURISTIC worse-than BASELINE on KPI" (repeatable; the words may also be \
        given unquoted, after SUITE_DIR) exits with status 1 and prints the evidence when the \
        paired differences HEURISTIC − BASELINE (same scenario and seed) are worse on \
        average and their 95% confidence interval excludes 0. See docs/heuristics.md.
        """
    )

    @Argument(help: "The suite: a directory of scenario files (default: Benchmarks/heuristics).") var suite: String?
    @Option(help: "Seeds (replications) per scenario.") var seeds = 5
    @Option(help: "Only these heuristics, comma-separated (default: every registered one).") var heuristics: String?
    @Option(help: "Runs at once (default: available cores).") var jobs: Int?
    @Option(name: .customLong("fail-if"), parsing: .upToNextOption,
            help: ArgumentHelp("Fail (exit 1) if HEURISTIC is worse than BASELINE on KPI.",
                               valueName: "HEURISTIC worse-than BASELINE on KPI"))
    var failIf: [String] = []
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        if seeds < 1 { throw ValidationError("--seeds must be at least 1 (found \(seeds))") }
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1 (found \(j))") }
    }

    func run() throws {
        let request = HeuristicsRequest(
            suite: suite ?? HeuristicsBench.defaultSuite, seeds: seeds,
            heuristics: heuristics.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            jobs: jobs ?? Replications.availableCores, failIf: failIf, json: json)
        let outcome = HeuristicsBench.run(request)
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct HeuristicsRequest {
    var suite: String = HeuristicsBench.defaultSuite
    var seeds = 5
    /// Nil: every registered policy.
    var heuristics: [String]? = nil
    var jobs = 1
    /// `--fail-if` words, as given (joined and split on white space).
    var failIf: [String] = []
    var json = false
}

/// One `--fail-if` condition.
struct HeuristicCheck: Equatable {
    var heuristic: String
    var baseline: String
    var kpi: HeuristicKPI
}

/// The work of `caseflow bench heuristics`, apart from the process, so tests can call it.
enum HeuristicsBench {
    static let defaultSuite = "Benchmarks/heuristics"
    static let usageError: Int32 = 2
    static let gateFailed: Int32 = 1

    /// KPI values of one run.
    typealias KPIValues = [Double]   // indexed like HeuristicKPI.allCases

    static func run(_ request: HeuristicsRequest) -> CommandOutcome {
        var errors: [String] = []
        let known = AllocationPolicies.names

        // --fail-if conditions.
        let checks: [HeuristicCheck]
        switch parseChecks(request.failIf) {
        case .success(let c): checks = c
        case .failure(let e): errors.append(e.message); checks = []
        }

        // Heuristics: those asked for (or all), plus any a check names, in registry order.
        var wanted = Set(request.heuristics ?? known)
        for name in request.heuristics ?? [] where !known.contains(name) {
            errors.append("--heuristics \(name): not a registered allocation policy" + suggestion(name, known)
                          + " (registered: \(known.joined(separator: ", ")))")
        }
        for c in checks { wanted.insert(c.heuristic); wanted.insert(c.baseline) }
        let heuristics = known.filter { wanted.contains($0) }
        if heuristics.isEmpty && errors.isEmpty { errors.append("--heuristics: no heuristic to run") }

        // The suite.
        var scenarios: [(file: String, scenario: LoadedScenario)] = []
        var diagnostics = ""
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if !fm.fileExists(atPath: request.suite, isDirectory: &isDirectory) || !isDirectory.boolValue {
            errors.append("\(request.suite): no such suite directory (give SUITE_DIR, e.g. Benchmarks/heuristics)")
        } else {
            let files = ((try? fm.contentsOfDirectory(atPath: request.suite)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            if files.isEmpty { errors.append("\(request.suite): no scenario files (*.yaml) in the suite") }
            for f in files {
                let path = (request.suite as NSString).appendingPathComponent(f)
                do {
                    let s = try ScenarioLoader.load(path: path)
                    if s.spec.levers.contains(where: { if case .allocationPolicy = $0.change { return true } else { return false } }) {
                        errors.append("\(path): a lever changes the allocation policy; the benchmark sets the policy itself, so a suite scenario may not")
                    }
                    scenarios.append((f, s))
                } catch let d {
                    diagnostics += d.description + "\n"
                    errors.append("\(path): \(d.totalCount) problem(s)")
                }
            }
        }
        guard errors.isEmpty else {
            return CommandOutcome(stderr: diagnostics + errors.map { "caseflow bench heuristics: \($0)\n" }.joined(),
                                  status: usageError)
        }

        // Scenario × heuristic × seed, every heuristic on the same worlds.
        let kpis = HeuristicKPI.allCases
        let seeds = request.seeds
        var tasks: [(scenario: Int, heuristic: Int, seed: Int)] = []
        for s in scenarios.indices { for h in heuristics.indices { for k in 0..<seeds { tasks.append((s, h, k)) } } }
        let specs = scenarios.map(\.scenario.spec)
        let frozenTasks = tasks, frozenHeuristics = heuristics
        let values: [KPIValues] = Replications.run(count: tasks.count, jobs: request.jobs) { t in
            let (s, h, k) = frozenTasks[t]
            var spec = specs[s]
            spec.allocation.policy = frozenHeuristics[h]
            let result = ProbationModel(spec: spec, replication: k).run()
            return kpis.map { $0.value(result.workload) }
        }
        // value[scenario][heuristic][seed][kpi]
        var table = Array(repeating: Array(repeating: [KPIValues](), count: heuristics.count), count: scenarios.count)
        for (t, v) in values.enumerated() { table[tasks[t].scenario][tasks[t].heuristic].append(v) }

        let results = Results(scenarios: scenarios.map { ($0.file as NSString).deletingPathExtension },
                              heuristics: heuristics, seeds: seeds, values: table)
        let evaluated = checks.map { results.evaluate($0) }
        let failed = evaluated.contains { $0.worse }
        let stdout = request.json
            ? results.json(suite: request.suite, checks: evaluated) + "\n"
            : results.text(suite: request.suite) + evaluated.map { $0.text(results) }.joined()
        return CommandOutcome(stdout: stdout, status: failed ? gateFailed : 0)
    }

    struct UsageError: Error { var message: String }

    /// `H worse-than B on KPI`, as one or several arguments, repeated.
    static func parseChecks(_ words: [String]) -> Result<[HeuristicCheck], UsageError> {
        let tokens = words.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
        guard !tokens.isEmpty else { return .success([]) }
        let syntax = "expected --fail-if HEURISTIC worse-than BASELINE on KPI"
        guard tokens.count % 5 == 0 else {
            return .failure(UsageError(message: "--fail-if \(tokens.joined(separator: " ")): \(syntax)"))
        }
        let known = AllocationPolicies.names
        let kpiNames = HeuristicKPI.allCases.map(\.rawValue)
        var checks: [HeuristicCheck] = []
        var problems: [String] = []
        for i in stride(from: 0, to: tokens.count, by: 5) {
            let w = Array(tokens[i..<(i + 5)])
            let text = "--fail-if \(w.joined(separator: " "))"
            guard w[1] == "worse-than", w[3] == "on" else { problems.append("\(text): \(syntax)"); continue }
            for name in [w[0], w[2]] where !known.contains(name) {
                problems.append("\(text): \(name) is not a registered allocation policy" + suggestion(name, known))
            }
            guard let kpi = HeuristicKPI(rawValue: w[4]) else {
                let label = Results.labels.first { $0.value == w[4] }.map { "; did you mean \($0.key.rawValue)?" }
                problems.append("\(text): \(w[4]) is not a KPI" + (label ?? suggestion(w[4], kpiNames))
                                + " (KPIs: \(kpiNames.joined(separator: ", ")))")
                continue
            }
            if kpi.direction == .none {
                problems.append("\(text): \(kpi.rawValue) has no better direction, so nothing is worse on it")
                continue
            }
            if w[0] == w[2] { problems.append("\(text): a heuristic cannot be compared with itself"); continue }
            if known.contains(w[0]) && known.contains(w[2]) { checks.append(HeuristicCheck(heuristic: w[0], baseline: w[2], kpi: kpi)) }
        }
        return problems.isEmpty ? .success(checks) : .failure(UsageError(message: problems.joined(separator: "\ncaseflow bench heuristics: ")))
    }

    static func suggestion(_ word: String, _ candidates: [String]) -> String {
        Suggestions.closest(to: word, in: candidates).map { "; did you mean \($0)?" } ?? ""
    }

    // MARK: Results

    struct Results {
        var scenarios: [String]
        var heuristics: [String]
        var seeds: Int
        /// values[scenario][heuristic][seed][kpi]
        var values: [[[KPIValues]]]

        var kpis: [HeuristicKPI] { HeuristicKPI.allCases }

        /// Every (scenario, seed) value of a heuristic's KPI, NaN left out.
        func pooled(_ h: Int, _ k: Int) -> [Double] {
            values.flatMap { $0[h].map { $0[k] } }.filter { !$0.isNaN }
        }

        func summary(_ h: Int, _ kpi: HeuristicKPI) -> ReplicationSummary {
            ReplicationSummary(pooled(h, kpis.firstIndex(of: kpi)!))
        }

        /// Heuristic indices, best first: by the primary KPI's mean, then the
        /// Gini of capacity, then registry order.
        var ranking: [Int] {
            let primary = HeuristicKPI.primary
            return heuristics.indices.sorted { a, b in
                let (pa, pb) = (summary(a, primary).mean, summary(b, primary).mean)
                if pa != pb { return better(pa, than: pb, primary) }
                let (ga, gb) = (summary(a, .gini).mean, summary(b, .gini).mean)
                if ga != gb { return better(ga, than: gb, .gini) }
                return a < b
            }
        }

        func better(_ x: Double, than y: Double, _ kpi: HeuristicKPI) -> Bool {
            if x.isNaN { return false }
            if y.isNaN { return true }
            return kpi.direction == .higherIsBetter ? x > y : x < y
        }

        static let labels: [HeuristicKPI: String] = [
            .over110: "over110%", .capacityMean: "cap_mean", .capacityMax: "cap_max", .excessive: "excess%",
            .gini: "gini", .daysMean: "days", .daysP95: "days_p95", .withinTarget: "5wd%", .reallocations: "realloc/100",
        ]

        func cell(_ s: ReplicationSummary, _ kpi: HeuristicKPI) -> String {
            guard s.count > 0 else { return "—" }
            let digits = kpi == .gini ? 3 : 2
            return number(s.mean, digits) + " ±" + number(s.halfWidth, digits)
        }

        func number(_ x: Double, _ digits: Int) -> String {
            guard x.isFinite else { return "—" }
            return String(format: "%.\(digits)f", x)
        }

        func text(suite: String) -> String {
            let primary = HeuristicKPI.primary
            var out = "Allocation heuristics on \(scenarios.count) scenario(s) × \(seeds) seed(s) (\(suite): "
                + scenarios.joined(separator: ", ") + "), common random numbers\n"
            out += "ranked by \(primary.rawValue) (\(primary.direction.rawValue) is better); each cell: mean ± 95% CI half-width over scenarios × seeds\n"
            let nameWidth = max(11, (heuristics.map(\.count).max() ?? 0) + 2)
            let width = 16
            var header = pad("rank", 6) + pad("heuristic", nameWidth)
            for k in kpis { header += pad(Self.labels[k]!, width) }
            out += header.trimmingCharacters(in: .whitespaces) + "\n"
            for (rank, h) in ranking.enumerated() {
                var line = pad(String(rank + 1), 6) + pad(heuristics[h], nameWidth)
                for k in kpis { line += pad(cell(summary(h, k), k), width) }
                out += line.trimmingCharacters(in: .whitespaces) + "\n"
            }
            out += "KPIs (docs/heuristics.md):\n"
            for k in kpis {
                let direction = k.direction == .none ? "" : ", \(k.direction.rawValue) is better"
                out += "  " + pad(Self.labels[k]!, 13) + "\(k.rawValue): \(k.summary)\(direction)\n"
            }
            return out
        }

        func json(suite: String, checks: [CheckResult]) -> String {
            func n(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
            func summaryObject(_ s: ReplicationSummary) -> [String: Any] {
                ["mean": n(s.mean), "ci95_low": n(s.ci95Low), "ci95_high": n(s.ci95High), "n": s.count]
            }
            var rows: [[String: Any]] = []
            for (rank, h) in ranking.enumerated() {
                var kpiObject: [String: Any] = [:]
                var byScenario: [String: Any] = [:]
                for kpi in kpis {
                    kpiObject[kpi.rawValue] = summaryObject(summary(h, kpi))
                }
                for (s, name) in scenarios.enumerated() {
                    var per: [String: Any] = [:]
                    for (k, kpi) in kpis.enumerated() {
                        per[kpi.rawValue] = summaryObject(ReplicationSummary(values[s][h].map { $0[k] }.filter { !$0.isNaN }))
                    }
                    byScenario[name] = per
                }
                rows.append(["rank": rank + 1, "heuristic": heuristics[h], "kpis": kpiObject, "by_scenario": byScenario])
            }
            let obj: [String: Any] = [
                "benchmark": "heuristics",
                "suite": suite,
                "scenarios": scenarios,
                "seeds": seeds,
                "primary_kpi": HeuristicKPI.primary.rawValue,
                "kpis": kpis.map { ["name": $0.rawValue, "direction": $0.direction.rawValue, "definition": $0.summary] },
                "ranking": rows,
                "checks": checks.map { c -> [String: Any] in
                    ["heuristic": c.check.heuristic, "baseline": c.check.baseline, "kpi": c.check.kpi.rawValue,
                     "pairs": c.differences.count, "mean_difference": n(c.summary.mean),
                     "ci95_low": n(c.summary.ci95Low), "ci95_high": n(c.summary.ci95High), "worse": c.worse]
                },
            ]
            return JSONText.render(obj)
        }

        /// The paired comparison behind a `--fail-if`.
        func evaluate(_ check: HeuristicCheck) -> CheckResult {
            let h = heuristics.firstIndex(of: check.heuristic)!, b = heuristics.firstIndex(of: check.baseline)!
            let k = kpis.firstIndex(of: check.kpi)!
            var differences: [Double] = []
            var perScenario: [(scenario: String, heuristic: Double, baseline: Double, difference: Double, pairs: Int)] = []
            for (s, name) in scenarios.enumerated() {
                var hs: [Double] = [], bs: [Double] = [], ds: [Double] = []
                for seed in 0..<seeds {
                    let x = values[s][h][seed][k], y = values[s][b][seed][k]
                    guard !x.isNaN, !y.isNaN else { continue }
                    hs.append(x); bs.append(y); ds.append(x - y)
                }
                differences += ds
                func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }
                perScenario.append((name, mean(hs), mean(bs), mean(ds), ds.count))
            }
            let summary = ReplicationSummary(differences)
            // Worse: the mean difference is in the bad direction and the 95% CI excludes 0.
            let worse: Bool
            if differences.count < 2 {
                worse = false   // no interval without two pairs
            } else {
                switch check.kpi.direction {
                case .lowerIsBetter: worse = summary.ci95Low > 0
                case .higherIsBetter: worse = summary.ci95High < 0
                case .none: worse = false
                }
            }
            return CheckResult(check: check, differences: differences, summary: summary, perScenario: perScenario, worse: worse)
        }
    }

    struct CheckResult {
        var check: HeuristicCheck
        var differences: [Double]
        var summary: ReplicationSummary
        var perScenario: [(scenario: String, heuristic: Double, baseline: Double, difference: Double, pairs: Int)]
        var worse: Bool

        func text(_ results: Results) -> String {
            let c = check
            let digits = c.kpi == .gini ? 4 : 3
            func f(_ x: Double) -> String { x.isFinite ? String(format: "%+.\(digits)f", x) : "—" }
            func g(_ x: Double) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "—" }
            var out = "\n--fail-if \(c.heuristic) worse-than \(c.baseline) on \(c.kpi.rawValue) "
                + "(\(c.kpi.direction.rawValue) is better; paired by scenario and seed)\n"
            let width = max(10, (perScenario.map(\.scenario.count).max() ?? 0) + 2)
            out += pad("scenario", width) + pad("pairs", 7) + pad(c.heuristic, max(14, c.heuristic.count + 2))
                + pad(c.baseline, max(14, c.baseline.count + 2)) + "difference\n"
            for p in perScenario {
                out += pad(p.scenario, width) + pad(String(p.pairs), 7) + pad(g(p.heuristic), max(14, c.heuristic.count + 2))
                    + pad(g(p.baseline), max(14, c.baseline.count + 2)) + f(p.difference) + "\n"
            }
            let s = summary
            out += "mean paired difference \(f(s.mean)), 95% CI [\(f(s.ci95Low)), \(f(s.ci95High))], \(differences.count) pair(s)\n"
            if worse {
                out += "FAIL: \(c.heuristic) is worse than \(c.baseline) on \(c.kpi.rawValue) (the interval excludes 0)\n"
            } else if differences.count < 2 {
                out += "pass: too few pairs for an interval\n"
            } else {
                let direction = s.mean == 0 ? "no difference" : ((c.kpi.direction == .lowerIsBetter) == (s.mean > 0)
                    ? "worse on average, but the interval includes 0" : "not worse on average")
                out += "pass: \(c.heuristic) is not shown worse than \(c.baseline) on \(c.kpi.rawValue) (\(direction))\n"
            }
            return out
        }
    }
}
