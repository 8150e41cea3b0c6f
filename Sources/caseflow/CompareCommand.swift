// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports
import Scenario
import Simulation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare scenario runs with a baseline run, replication by replication.",
        discussion: """
        Reads finished run directories (it never simulates). Each OTHER must have the same \
        replications and output dates as BASELINE. For every series in both runs, the \
        difference other − baseline is formed per replication (paired: with the same seed, \
        replication r of both runs shares its random numbers) and summarised with a Student-t \
        95% confidence interval. Writes compare_series.csv (per output date) and \
        compare_summary.csv (final value and mean over output dates) to --out, default \
        BASELINE/compare-<name of OTHER>, and prints the national headline metrics. \
        Errors exit with status 2 and write nothing. See docs/compare.md.
        """
    )

    @Argument(help: ArgumentHelp("The baseline run directory.", valueName: "baseline")) var baseline: String
    @Argument(help: ArgumentHelp("One or more run directories to compare with the baseline.", valueName: "other"))
    var others: [String]
    @Option(help: "Output directory (default: BASELINE/compare-<name of OTHER>).") var out: String?
    @Option(help: "Only this level (repeat for several): national, region, pdu, team, practitioner.") var level: [String] = []
    @Option(help: "Only this metric (repeat for several).") var metric: [String] = []
    @Option(help: "Only this entity (repeat for several).") var entity: [String] = []
    @Flag(help: "Print every national metric, not just the headline ones.") var all = false
    @Option(help: ArgumentHelp("horizon_mean counts only output dates after this date (e.g. the end of the warm-up).",
                               valueName: "YYYY-MM-DD")) var after: String?

    func run() throws {
        let outcome = CompareRun.run(CompareRequest(baseline: baseline, others: others, out: out, levels: level,
                                                    metrics: metric, entities: entity, all: all, after: after))
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

/// What an analysis command prints and its exit status.
struct CommandOutcome: Equatable {
    var stdout = ""
    var stderr = ""
    var status: Int32 = 0

    func emit() {
        FileHandle.standardOutput.write(Data(stdout.utf8))
        FileHandle.standardError.write(Data(stderr.utf8))
    }
}

struct CompareRequest {
    var baseline: String
    var others: [String]
    var out: String? = nil
    var levels: [String] = []
    var metrics: [String] = []
    var entities: [String] = []
    var all = false
    var after: String? = nil
}

/// The work of `caseflow compare`, apart from the process, so tests can call it.
enum CompareRun {
    static let inputError: Int32 = 2

    /// National metrics printed by default, when the runs have them.
    static let headlineMetrics = ["caseload", "unallocated", "capacity_pct", "practitioners_over_110",
                                  "excessive_workload", "allocated_within_5wd_pct", "mean_days_to_allocation",
                                  "staff_in_post"]

    static func run(_ request: CompareRequest) -> CommandOutcome {
        var errors: [String] = []
        var warnings: [String] = []

        // Options.
        let knownLevels = OutputSpec.Level.allCases.map(\.rawValue)
        for l in request.levels where !knownLevels.contains(l) {
            errors.append("--level \(l): not a level (levels: \(knownLevels.joined(separator: ", ")))")
        }
        var after: CivilDate?
        if let a = request.after {
            after = CivilDate(iso: a)
            if after == nil { errors.append("--after \(a): expected a date YYYY-MM-DD") }
        }
        guard errors.isEmpty else { return failure(errors) }

        // Runs.
        let levels = Set(request.levels), metrics = Set(request.metrics.map(MetricNames.current)), entities = Set(request.entities)
        let include: @Sendable (SeriesKey) -> Bool = { k in
            (levels.isEmpty || levels.contains(k.level)) && (metrics.isEmpty || metrics.contains(k.metric))
                && (entities.isEmpty || entities.contains(k.entity))
        }
        var runs: [RunDirectory] = []
        for path in [request.baseline] + request.others {
            do { runs.append(try RunDirectory.open(path, include: include)) }
            catch { errors.append("\(error)") }
        }
        guard errors.isEmpty else { return failure(errors) }
        let base = runs[0], others = Array(runs.dropFirst())

        // Filters must each match something in the baseline.
        for m in request.metrics where !base.allKeys.contains(where: { $0.metric == MetricNames.current(m) }) {
            errors.append("--metric \(m): \(base.path) has no such metric" + suggest(m, in: base.allKeys.map(\.metric)))
        }
        for e in request.entities where !base.allKeys.contains(where: { $0.entity == e }) {
            errors.append("--entity \(e): \(base.path) has no such entity" + suggest(e, in: base.allKeys.map(\.entity)))
        }
        for l in request.levels where knownLevels.contains(l) && !base.allKeys.contains(where: { $0.level == l }) {
            errors.append("--level \(l): \(base.path) has no series at that level")
        }
        if errors.isEmpty && base.allKeys.isEmpty {
            errors.append("\(base.path)/timeseries.csv has no rows: nothing to compare")
        } else if errors.isEmpty && base.keys.isEmpty {
            errors.append("no series in \(base.path) matches --level, --metric and --entity together")
        }
        guard errors.isEmpty else { return failure(errors) }

        // Comparability, labels, comparisons.
        let names = others.map(\.name)
        var comparisons: [Comparison] = []
        for (i, o) in others.enumerated() {
            let label = names.filter { $0 == names[i] }.count > 1 ? o.path : names[i]
            let p = Comparison.problems(baseline: base, other: o)
            errors += p.errors
            warnings += p.warnings
            guard p.errors.isEmpty else { continue }
            do {
                let c = try Comparison(baseline: base, other: o, label: label, after: after)
                if c.keys.isEmpty { errors.append("\(o.path) has none of the baseline's series (after --level, --metric, --entity)") }
                if !c.onlyInBaseline.isEmpty {
                    warnings.append("\(c.onlyInBaseline.count) series of the baseline are not in \(o.path) and are left out "
                                    + "(for example \(c.onlyInBaseline[0]))")
                }
                if !c.onlyInOther.isEmpty {
                    warnings.append("\(c.onlyInOther.count) series of \(o.path) are not in the baseline and are left out "
                                    + "(for example \(c.onlyInOther[0]))")
                }
                comparisons.append(c)
            } catch { errors.append("\(error)") }
        }
        guard errors.isEmpty else { return failure(errors, warnings: warnings) }

        // Where to write.
        let outPath = request.out ?? defaultOut(baseline: base.path, labels: comparisons.map(\.label))
        let outURL = URL(fileURLWithPath: outPath)
        if FileManager.default.fileExists(atPath: outURL.appendingPathComponent("manifest.json").path) {
            return failure(["--out \(outPath) is a run directory (it has manifest.json); choose another --out"], warnings: warnings)
        }
        let written: [(name: String, rows: Int)]
        do { written = try ComparisonWriter.write(comparisons, to: outURL) }
        catch {
            var outcome = failure(["\(error)"], warnings: warnings)
            outcome.status = ExitStatus.outputFailed
            return outcome
        }

        var text = ""
        for c in comparisons { text += table(c, all: request.all, metrics: request.metrics, after: after) + "\n" }
        text += "Wrote \(outPath): " + written.map { "\($0.name) (\($0.rows) rows)" }.joined(separator: ", ") + "\n"
        return CommandOutcome(stdout: text, stderr: warnings.map { "caseflow compare: warning: \($0)\n" }.joined())
    }

    /// `BASELINE/compare-<name>` for one run, `BASELINE/compare-<a>+<b>…` for several.
    static func defaultOut(baseline: String, labels: [String]) -> String {
        let safe = labels.map { $0.replacingOccurrences(of: "/", with: "_") }
        var name = "compare-" + safe.joined(separator: "+")
        if name.utf8.count > 200, let first = safe.first {
            name = "compare-\(first)+\(safe.count - 1)-more-" + String(SHA256.hex(Array(safe.joined(separator: "\n").utf8)).prefix(8))
        }
        return (baseline as NSString).appendingPathComponent(name)
    }

    /// The national table for one comparison.
    static func table(_ c: Comparison, all: Bool, metrics: [String], after: CivilDate?) -> String {
        let national = c.keys.filter { $0.level == OutputSpec.Level.national.rawValue }
        let shown: [SeriesKey]
        if all { shown = national }
        else if !metrics.isEmpty { shown = national.filter { metrics.contains($0.metric) } }
        else { shown = headlineMetrics.compactMap { m in national.first { $0.metric == m } } }

        func describe(_ r: RunDirectory) -> String {
            var parts: [String] = []
            if let s = r.manifest.scenarioName { parts.append("scenario \(s)") }
            if let s = r.manifest.seed { parts.append("seed \(s)") }
            return parts.isEmpty ? r.path : "\(r.path) (\(parts.joined(separator: ", ")))"
        }
        var lines: [String] = []
        lines.append("\(describe(c.other)) against baseline \(describe(c.baseline))")
        let dates = c.baseline.dates
        lines.append("\(c.baseline.replications) paired replication(s); output dates \(dates.first!) to \(dates.last!)")
        guard !shown.isEmpty else {
            lines.append("(no national metric in the selection: see compare_summary.csv)")
            return lines.joined(separator: "\n") + "\n"
        }
        let header = pad("metric", 30) + lpad("baseline", 12) + lpad("scenario", 12) + lpad("difference", 12)
            + "  " + pad("95% CI", 26) + "distinguishable"
        var anyN1 = false
        for stat in Comparison.Statistic.allCases {
            lines.append("")
            switch stat {
            case .final: lines.append("national, on the last output date (\(dates.last!))")
            case .horizonMean:
                lines.append("national, mean over output dates" + (after.map { " after \($0)" } ?? ""))
            }
            lines.append(header)
            for key in shown {
                let p = c.summary(key, stat)
                let ci = p.count >= 2 ? "[\(signed(p.difference.ci95Low)), \(signed(p.difference.ci95High))]" : "—"
                let mark: String
                switch p.distinguishable {
                case .yes: mark = "yes *"
                case .no: mark = "no"
                case .notApplicable: mark = "n/a"; anyN1 = true
                }
                let n = p.count < c.baseline.replications ? " (n=\(p.count))" : ""
                lines.append(pad(key.metric + n, 30) + lpad(short(p.baselineMean), 12) + lpad(short(p.otherMean), 12)
                             + lpad(signed(p.difference.mean), 12) + "  " + pad(ci, 26) + mark)
            }
        }
        lines.append("")
        lines.append("* the paired 95% confidence interval of the difference excludes zero (see docs/compare.md)")
        if anyN1 { lines.append("n/a: fewer than two replications with a value in both runs, so no interval") }
        return lines.map(trimmedRight).joined(separator: "\n") + "\n"
    }

    static func trimmedRight(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    /// A compact number for tables: 1 decimal from 100, 2 from 1, 3 significant digits below.
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "—" : (x > 0 ? "∞" : "-∞") }
        let a = abs(x)
        let decimals = a >= 100 ? 1 : a >= 1 ? 2 : a == 0 ? 0 : min(8, Int((-log10(a)).rounded(.down)) + 3)
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    static func signed(_ x: Double) -> String {
        let s = short(x)
        return x > 0 && s != "0" ? "+" + s : s
    }

    static func lpad(_ s: String, _ n: Int) -> String {
        s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s
    }

    /// "; did you mean …?" for a close name (Scenario's suggestions), else a short list of what there is.
    static func suggest(_ name: String, in candidates: [String]) -> String {
        var seen = Set<String>(), unique: [String] = []
        for c in candidates where seen.insert(c).inserted { unique.append(c) }
        if unique.isEmpty { return " (its time series has no rows)" }
        if let best = Suggestions.closest(to: name, in: unique) { return "; did you mean \(best)?" }
        let shown = unique.prefix(12).joined(separator: ", ")
        return " (it has \(shown)\(unique.count > 12 ? ", … \(unique.count) in all" : ""))"
    }

    static func failure(_ errors: [String], warnings: [String] = [], command: String = "compare") -> CommandOutcome {
        let w = warnings.map { "caseflow \(command): warning: \($0)\n" }.joined()
        let e = errors.map { "caseflow \(command): \($0)\n" }.joined()
        return CommandOutcome(stderr: w + e + "caseflow \(command): nothing was written\n", status: inputError)
    }
}
