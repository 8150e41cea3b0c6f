// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports
import Scenario
import Simulation

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit free parameters of a scenario so that the model's means match target figures.",
        discussion: """
        Minimises the weighted sum of squared relative residuals Σ w·((model mean − target)/|target|)² \
        over the --free parameters with GSL's Nelder–Mead simplex (nmsimplex2), on common random \
        numbers (the same seed and replications at every evaluation), each parameter kept within \
        its bounds by searching over the logit of its position in [LOW, HIGH]. TARGETS.csv has the \
        columns of caseflow check (date_or_period,level,entity,metric,value,weight,source). Writes \
        to --out: fitted.yaml (a scenario that extends FILE with the fitted values as overrides and \
        an assumptions-log entry recording the fit) and fit_report.csv; prints each target's \
        observed value, fitted mean, 95% CI and residual. FILE may be `national` for the built-in \
        national scenario. See docs/calibration.md.
        """
    )

    @Argument(help: "The scenario file (YAML), or `national`.") var file: String
    @Option(help: ArgumentHelp("The target figures (CSV).", valueName: "targets.csv")) var targets: String
    @Option(help: ArgumentHelp("A free parameter and its bounds: PATH=LOW..HIGH, e.g. demand.sentences_per_week.national=4..9 or 'cases.community_length.mean=9 months..15 months' (repeatable).",
                               valueName: "path=low..high")) var free: [String] = []
    @Option(help: "Replications per evaluation (default: the scenario's).") var replications: Int?
    @Option(help: "The most model evaluations (default 60).") var budget: Int = 60
    @Option(help: "Output directory (default: runs/<scenario>-calibrate-<UTC time>).") var out: String?
    @Option(help: "Replications run at once (default: available cores).") var jobs: Int?
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value of the scenario, as for caseflow run (repeatable); the fitted file repeats it.",
                                                         valueName: "path=value")) var set: [String] = []
    @Flag(help: "No progress lines.") var quiet = false

    func validate() throws {
        if free.isEmpty { throw ValidationError("give at least one --free PATH=LOW..HIGH") }
        try checkReplications(replications)
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1 (found \(j))") }
        if budget < free.count + 1 {
            throw ValidationError("--budget must be at least \(free.count + 1) (the simplex of \(free.count) free parameter(s) needs \(free.count + 1) evaluations), found \(budget)")
        }
    }

    func run() throws {
        let request = CalibrateRequest(file: file, targets: targets, free: free, replications: replications, budget: budget,
                                       out: out, jobs: jobs, settings: set,
                                       progress: quiet ? .none : (isatty(2) != 0 ? .terminal : .lines))
        let outcome = CalibrateRun.run(request)
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct CalibrateRequest {
    enum Progress { case none, lines, terminal }
    var file: String
    var targets: String
    var free: [String]
    var replications: Int? = nil
    var budget = 60
    var out: String? = nil
    var jobs: Int? = nil
    var settings: [String] = []
    var progress = Progress.none
    /// The date recorded in the assumptions log (today, UTC, when nil).
    var date: String? = nil
}

/// A free parameter: a scenario path and its bounds, with the unit its values are written in.
struct FreeParameter: Equatable {
    var path: String
    var low: Double
    var high: Double
    /// What follows the number: "" (a plain number), "%" or " months".
    var unit: String

    /// `PATH=LOW..HIGH`, the bounds numbers with the same unit (`9 months..15 months`, `100%..150%`, `4..9`).
    static func parse(_ text: String) -> Result<FreeParameter, CalibrationError> {
        func fail(_ message: String) -> Result<FreeParameter, CalibrationError> {
            .failure(CalibrationError("--free \(text): \(message)"))
        }
        var depth = 0
        var split: String.Index?
        for i in text.indices {
            switch text[i] {
            case "[": depth += 1
            case "]": depth -= 1
            case "=" where depth == 0: split = i
            default: break
            }
            if split != nil { break }
        }
        guard let split else { return fail("expected PATH=LOW..HIGH, found no \"=\"") }
        let path = String(text[..<split]).trimmingCharacters(in: .whitespaces)
        let bounds = String(text[text.index(after: split)...])
        guard !path.isEmpty else { return fail("expected a scenario path before \"=\"") }
        let parts = bounds.components(separatedBy: "..")
        guard parts.count == 2 else { return fail("expected bounds LOW..HIGH, found \(quoted(bounds))") }
        guard let (low, lowUnit) = number(parts[0]), let (high, highUnit) = number(parts[1]) else {
            return fail("expected bounds that are numbers with an optional unit (4..9, 100%..150%, 9 months..15 months), found \(quoted(bounds))")
        }
        guard lowUnit == highUnit else {
            return fail("expected both bounds in the same unit, found \(quoted(lowUnit.trimmingCharacters(in: .whitespaces))) and \(quoted(highUnit.trimmingCharacters(in: .whitespaces)))")
        }
        guard low < high else { return fail("expected LOW below HIGH, found \(UncertainParameter.format(low))..\(UncertainParameter.format(high))") }
        return .success(FreeParameter(path: path, low: low, high: high, unit: lowUnit))
    }

    /// A leading decimal number and the unit after it (`%` kept tight, words after one space).
    static func number(_ text: String) -> (Double, String)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        var end = t.startIndex
        var seenDigit = false
        for (k, c) in zip(t.indices, t) {
            if c.isASCII && c.isNumber { seenDigit = true; end = t.index(after: k); continue }
            if c == "." || ((c == "-" || c == "+") && k == t.startIndex) { end = t.index(after: k); continue }
            break
        }
        guard seenDigit, let value = Double(t[..<end]) else { return nil }
        let rest = t[end...].trimmingCharacters(in: .whitespaces)
        return (value, rest.isEmpty ? "" : rest == "%" ? "%" : " " + rest)
    }

    /// The value as the scenario reads it: 6 significant digits and the unit
    /// (one formatter with the uncertainty study's parameter values).
    func text(_ x: Double) -> String { UncertainParameter.format(x) + unit }

    /// The unbounded search variable of a value: logit of its position in [low, high].
    func unbounded(_ x: Double) -> Double {
        let p = min(max((x - low) / (high - low), 1e-9), 1 - 1e-9)
        return log(p / (1 - p))
    }

    /// The value of a search variable: low + (high − low) / (1 + e^−u).
    func bounded(_ u: Double) -> Double { low + (high - low) / (1 + exp(-u)) }

    /// Within 1% of the range from a bound: "lower", "upper" or nil.
    func bound(at x: Double) -> String? {
        if x - low <= 0.01 * (high - low) { return "lower" }
        if high - x <= 0.01 * (high - low) { return "upper" }
        return nil
    }
}

struct CalibrationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The work of `caseflow calibrate`, apart from the process, so tests can call it.
enum CalibrateRun {
    struct Evaluation {
        var values: [Double]
        var objective: Double
        var checked: [CheckedFigure]
    }

    static func run(_ request: CalibrateRequest) -> CommandOutcome {
        do { return try calibrate(request) } catch let e as CalibrationError {
            return CommandOutcome(stderr: e.description + "\n", status: 2)
        } catch {
            return CommandOutcome(stderr: "caseflow calibrate: \(error)\n", status: 2)
        }
    }

    static func calibrate(_ request: CalibrateRequest) throws -> CommandOutcome {
        var free: [FreeParameter] = []
        for f in request.free {
            switch FreeParameter.parse(f) {
            case .success(let p): free.append(p)
            case .failure(let e): throw e
            }
        }
        if let repeated = Dictionary(grouping: free, by: \.path).first(where: { $0.value.count > 1 }) {
            throw CalibrationError("--free \(repeated.key) is given \(repeated.value.count) times; give each free parameter once")
        }
        let builtIn = request.file == "national" && !FileManager.default.fileExists(atPath: request.file)
        func load(_ values: [Double]) throws -> LoadedScenario {
            let settings = request.settings + zip(free, values).map { "\($0.path)=\($0.text($1))" }
            do {
                return builtIn ? try ScenarioLoader.loadBuiltInNational(settings: settings)
                    : try ScenarioLoader.load(path: request.file, settings: settings)
            } catch {
                throw CalibrationError(error.description + "\n\(error.totalCount) problem(s); nothing was calibrated.")
            }
        }
        // Every value between the bounds must be valid: check both bounds and an inner point.
        for probe in [0.0, 1.0, 0.3183] {
            let values = free.map { $0.low + probe * ($0.high - $0.low) }
            do { _ = try load(values) } catch let e as CalibrationError {
                let at = zip(free, values).map { "\($0.path)=\($0.text($1))" }.joined(separator: ", ")
                let numbering = request.settings.isEmpty ? "" : " (the --set numbers count calibrate's own --set first)"
                throw CalibrationError("caseflow calibrate: every value within the --free bounds must be valid, but the scenario is not at \(at)\(numbering):\n" + e.description)
            }
        }
        let targets: [ObservedFigure]
        do { targets = try ObservedFile.read(path: request.targets) } catch {
            throw CalibrationError(error.description + "\n\(error.problems.count) problem(s); nothing was calibrated.")
        }
        let targetKeys = ObservedCheck.keys(targets)
        // Start from the scenario's own value where it lies inside the bounds (in the
        // same unit), otherwise from the middle of the range.
        var startsFromScenario: [Bool] = []
        let start = free.map { p -> Double in
            let text = try? ScenarioLoader.valueText(at: p.path, path: builtIn ? nil : request.file, settings: request.settings)
            if let text = text ?? nil, let (x, unit) = FreeParameter.number(text), unit == p.unit, x > p.low, x < p.high {
                startsFromScenario.append(true)
                return x
            }
            startsFromScenario.append(false)
            return (p.low + p.high) / 2
        }
        let base = try load(start)
        let replications = request.replications ?? base.spec.replications
        let jobs = request.jobs ?? Replications.availableCores
        let started = Date()
        let outPath = request.out ?? defaultOutDirectory(for: base.name + " calibrate", at: started)
        let outURL = URL(fileURLWithPath: outPath)
        for name in ["fitted.yaml", "fit_report.csv"] where FileManager.default.fileExists(atPath: outURL.appendingPathComponent(name).path) {
            throw CalibrationError("caseflow calibrate: \(outPath) already holds a calibration (\(name)); choose another --out")
        }

        // One evaluation: the model at `values`, on common random numbers.
        var cache: [String: Evaluation] = [:]
        var evaluations = 0
        var best: Evaluation?
        func evaluate(_ values: [Double]) throws -> Evaluation {
            let texts = zip(free, values).map { $0.text($1) }
            let key = texts.joined(separator: "\u{1F}")
            if let hit = cache[key] { return hit }
            var spec = try load(values).spec
            spec.replications = replications
            let frozen = spec
            let results = Replications.run(count: replications, jobs: jobs) { r in ProbationModel(spec: frozen, replication: r).run() }
            let run = RunDirectory(results: results, include: { targetKeys.contains($0) })
            let checked: [CheckedFigure]
            do { checked = try ObservedCheck.evaluate(targets, run: run, fileName: request.targets) } catch {
                throw CalibrationError(error.description + "\n\(error.problems.count) problem(s); nothing was calibrated.")
            }
            let objective = checked.reduce(0) { $0 + $1.figure.weight * $1.relativeResidual * $1.relativeResidual }
            // The value as written (so the fitted file reproduces it exactly).
            let written = zip(free, texts).map { p, t in FreeParameter.number(t).map(\.0) ?? p.low }
            let e = Evaluation(values: written, objective: objective, checked: checked)
            cache[key] = e
            evaluations += 1
            if best == nil || objective < best!.objective { best = e }
            report(request.progress, "evaluation \(evaluations)/\(request.budget): "
                   + zip(free, texts).map { "\($0.path)=\($1)" }.joined(separator: ", ")
                   + " → \(String(format: "%.6g", objective)) (best \(String(format: "%.6g", best!.objective)))")
            return e
        }

        // The first evaluation reports problems with the targets before the search starts.
        _ = try evaluate(start)
        var failure: Error?
        var budgetSpent = false
        var revisits = 0
        let maximumRevisits = 20
        // The search's own count includes repeated points (answered from the cache, not
        // run again); the budget counts model evaluations.
        let result = NelderMead.minimize(start: zip(free, start).map { $0.unbounded($1) },
                                         steps: free.map { _ in 1.0 }, budget: 20 * request.budget + 100, sizeTolerance: 1e-3) { u in
            let values = zip(free, u).map { $0.bounded($1) }
            let key = zip(free, values).map { $0.text($1) }.joined(separator: "\u{1F}")
            if cache[key] == nil {
                revisits = 0
                if evaluations >= request.budget {
                    budgetSpent = true
                    return nil
                }
            } else {
                // Values are written to 6 significant digits, and a parameter pressed
                // against a bound saturates: the search then only revisits points.
                revisits += 1
                if revisits >= maximumRevisits { return nil }
            }
            do { return try evaluate(values).objective } catch {
                failure = error
                return nil
            }
        }
        if request.progress == .terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if let failure { throw failure }
        guard let fit = best else { throw CalibrationError("caseflow calibrate: no evaluation finished") }

        let stopText: String
        switch result.stop {
        case .converged: stopText = "converged (simplex size below 0.001 on the logit scale)"
        case .budget: stopText = "stopped at the search's own limit"
        case .aborted: stopText = budgetSpent ? "stopped at the budget of \(request.budget) evaluations"
            : revisits >= maximumRevisits ? "stopped: the search only revisited points already evaluated (\(maximumRevisits) in a row)" : "stopped"
        case .noProgress(let code): stopText = "stopped: the simplex could not improve (GSL status \(code))"
        }
        let onBounds = zip(free, fit.values).compactMap { p, x in p.bound(at: x).map { "\(p.path) = \(p.text(x)) sits on its \($0) bound (within 1% of the range \(p.text(p.low))..\(p.text(p.high)))" } }

        // Outputs.
        do { try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true) } catch {
            throw CalibrationError("caseflow calibrate: cannot create \(outPath): \(error)")
        }
        try ObservedCheck.write(fit.checked, to: outURL.appendingPathComponent("fit_report.csv"))
        let targetsData = FileManager.default.contents(atPath: request.targets) ?? Data()
        let day = request.date ?? {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_GB_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd"
            return f.string(from: started)
        }()
        let extendsPath = builtIn ? "national" : relativePath(from: outURL.path, to: request.file)
        let fitted = fittedYAML(name: base.name, extends: extendsPath, settings: request.settings, free: free, fit: fit,
                                targetsPath: request.targets, targetsSHA: SHA256.hex(Array(targetsData)), day: day,
                                replications: replications, seed: base.spec.seed, evaluations: evaluations,
                                stop: stopText, onBounds: onBounds,
                                starts: zip(free, start).map { "\($0.path) = \($0.text($1))" }.joined(separator: "; "))
        let fittedURL = outURL.appendingPathComponent("fitted.yaml")
        guard FileManager.default.createFile(atPath: fittedURL.path, contents: Data(fitted.utf8)) else {
            throw CalibrationError("caseflow calibrate: cannot write \(fittedURL.path)")
        }

        var text = "Calibration of \(base.name) (\(request.file)) to \(request.targets): \(targets.count) target(s), "
            + "\(free.count) free parameter(s), \(replications) replication(s) per evaluation, seed \(base.spec.seed)\n"
        text += "\(evaluations) evaluation(s); \(stopText). Weighted sum of squared relative residuals: \(String(format: "%.6g", fit.objective))\n\n"
        for (i, (p, x)) in zip(free, fit.values).enumerated() {
            text += "  \(p.path) = \(p.text(x))   (bounds \(p.text(p.low))..\(p.text(p.high)); started at \(p.text(start[i])), "
                + (startsFromScenario[i] ? "the scenario's value)\n" : "the middle of the range)\n")
        }
        for note in onBounds { text += "warning: \(note)\n" }
        text += "\n" + CheckRun.table(fit.checked, residual: true)
        text += "\nWrote \(fittedURL.path) and \(outURL.appendingPathComponent("fit_report.csv").path) (\(fit.checked.count) rows)\n"
        return CommandOutcome(stdout: text)
    }

    static func report(_ progress: CalibrateRequest.Progress, _ line: String) {
        switch progress {
        case .none: break
        case .lines: FileHandle.standardError.write(Data((line + "\n").utf8))
        case .terminal: FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        }
    }

    /// The fitted scenario: a small file that extends the calibrated one.
    static func fittedYAML(name: String, extends: String, settings: [String], free: [FreeParameter], fit: Evaluation,
                           targetsPath: String, targetsSHA: String, day: String, replications: Int, seed: UInt64,
                           evaluations: Int, stop: String, onBounds: [String], starts: String) -> String {
        let values = zip(free, fit.values).map { "\($0.path) = \($0.text($1))" }.joined(separator: "; ")
        let bounds = free.map { "\($0.path) in \($0.text($0.low))..\($0.text($0.high))" }.joined(separator: "; ")
        let residuals = fit.checked.map { c in
            "\(c.figure.when) \(c.figure.key.metric) \(c.figure.key.entity): observed \(NumberFormat.format(c.figure.value)), fitted \(NumberFormat.format(c.model.mean)) [\(NumberFormat.format(c.model.ci95Low)), \(NumberFormat.format(c.model.ci95High))]"
        }.joined(separator: "; ")
        let reasoning = "Fitted by caseflow calibrate on \(day): GSL's Nelder–Mead simplex (nmsimplex2) on the logit of each parameter's position within its bounds (\(bounds)), "
            + "from \(starts), minimising the weighted sum of squared relative residuals to \(fit.checked.count) target(s) on common random numbers (\(replications) replication(s), seed \(seed)); "
            + "\(evaluations) evaluation(s), \(stop); residual \(String(format: "%.6g", fit.objective)). "
            + (onBounds.isEmpty ? "" : "On a bound: " + onBounds.joined(separator: "; ") + ". ")
            + "Fit: " + residuals + "."
        var lines = [
            "# Calibrated by caseflow calibrate on \(day); see fit_report.csv beside this file.",
            "caseflow: 1",
            "extends: \(yamlQuoted(extends))",
            "metadata:",
            "  name: \(yamlQuoted(name + " (calibrated)"))",
            "  assumptions:",
            "    - id: calibration-fit",
            "      figure: \(yamlQuoted(values))",
            "      source: \(yamlQuoted("caseflow calibrate: targets \(targetsPath) (SHA-256 \(targetsSHA))"))",
            "      quality: medium",
            "      reasoning: \(yamlQuoted(reasoning))",
            "overrides:",
        ]
        for s in settings {
            if let eq = s.firstIndex(of: "=") {
                lines.append("  - \(yamlQuoted(String(s[..<eq]))): \(String(s[s.index(after: eq)...]))")
            }
        }
        for (p, x) in zip(free, fit.values) {
            lines.append("  - \(yamlQuoted(p.path)): \(p.text(x))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func yamlQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The path of `target` relative to the directory `from` (both made absolute).
    static func relativePath(from directory: String, to target: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> [String] {
            let full = p.hasPrefix("/") ? p : (cwd as NSString).appendingPathComponent(p)
            return (full as NSString).standardizingPath.split(separator: "/").map(String.init)
        }
        let a = absolute(directory), b = absolute(target)
        var common = 0
        while common < a.count, common < b.count - 1, a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
    }
}

private func quoted(_ s: String) -> String { "\"" + s + "\"" }
