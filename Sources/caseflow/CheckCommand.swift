// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Reports
import Simulation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a finished run with observed figures (back-testing; a CI gate with --fail-over).",
        discussion: """
        OBSERVED.csv has the columns date_or_period,level,entity,metric,value,weight,source. \
        A date compares the model's output date nearest to it (the earlier of two equally near); \
        a period FROM..TO (ends included) compares the mean of the model's output dates within it, \
        computed per replication. For each figure prints the observed value, the model's mean and \
        95% interval across replications (Student t), the difference in % of the observed value \
        and whether the observed value lies inside the interval, and writes check.csv \
        (default RUN/check.csv). --fail-over PCT exits with status 1 when any |difference| exceeds \
        PCT. Bad rows, unknown levels, metrics or entities are reported as FILE:LINE:COLUMN with \
        what exists; exit status 2. See docs/calibration.md.
        """
    )

    @Argument(help: ArgumentHelp("A finished run directory.", valueName: "run")) var runDirectory: String
    @Option(help: ArgumentHelp("The observed figures (CSV).", valueName: "observed.csv")) var observed: String
    @Option(name: .customLong("fail-over"), help: ArgumentHelp("Exit with status 1 when any |difference| exceeds PCT %.", valueName: "pct"))
    var failOver: Double?
    @Option(help: "Where to write the comparison (default: RUN/check.csv).") var out: String?

    func validate() throws {
        if let p = failOver, !(p >= 0) { throw ValidationError("--fail-over must be a percentage ≥ 0 (found \(p))") }
    }

    func run() throws {
        let outcome = CheckRun.run(CheckRequest(run: runDirectory, observed: observed, failOver: failOver, out: out))
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct CheckRequest {
    var run: String
    var observed: String
    var failOver: Double? = nil
    var out: String? = nil
}

/// The work of `caseflow check`, apart from the process, so tests can call it.
enum CheckRun {
    static func run(_ request: CheckRequest) -> CommandOutcome {
        let figures: [ObservedFigure]
        do { figures = try ObservedFile.read(path: request.observed) } catch {
            return CommandOutcome(stderr: error.description + "\n\(error.problems.count) problem(s); nothing was checked.\n", status: 2)
        }
        let keys = ObservedCheck.keys(figures)
        let run: RunDirectory
        do { run = try RunDirectory.open(request.run, include: { keys.contains($0) }) } catch {
            return CommandOutcome(stderr: "caseflow check: \(error)\n", status: 2)
        }
        let checked: [CheckedFigure]
        do { checked = try ObservedCheck.evaluate(figures, run: run, fileName: request.observed) } catch {
            return CommandOutcome(stderr: error.description + "\n\(error.problems.count) problem(s); nothing was checked.\n", status: 2)
        }
        let outPath = request.out ?? (request.run as NSString).appendingPathComponent("check.csv")
        do { try ObservedCheck.write(checked, to: URL(fileURLWithPath: outPath)) } catch {
            return CommandOutcome(stderr: "caseflow check: \(error)\n", status: 2)
        }
        var text = "\(request.run) (scenario \(run.manifest.scenarioName ?? "?"), \(run.replications) replication(s)) against \(request.observed)\n\n"
        text += table(checked)
        let inside = checked.filter(\.inside).count
        text += "\n\(inside) of \(checked.count) observed figure(s) inside the model's 95% interval.\n"
        text += "Wrote \(outPath) (\(checked.count) rows)\n"
        var status: Int32 = 0
        if let limit = request.failOver {
            let over = checked.filter { exceeds($0, limit) }
            if over.isEmpty {
                text += "Every |difference| is within \(readable(limit))%.\n"
            } else {
                text += "\(over.count) figure(s) differ by more than \(readable(limit))%: "
                    + over.map { "\($0.figure.when) \($0.figure.key.level)/\($0.figure.key.entity)/\($0.figure.key.metric) (line \($0.figure.line))" }
                        .joined(separator: "; ") + "\n"
                status = 1
            }
        }
        return CommandOutcome(stdout: text, status: status)
    }

    /// |difference| > limit; an observed 0 counts as exceeding unless the model mean is 0 too.
    static func exceeds(_ c: CheckedFigure, _ limit: Double) -> Bool {
        guard let d = c.differencePercent else { return c.model.mean != 0 }
        return abs(d) > limit
    }

    /// The comparison as a table, one figure a line.
    static func table(_ checked: [CheckedFigure], residual: Bool = false) -> String {
        var rows: [[String]] = [["figure", "observed", "model mean", "95% CI", "difference", residual ? "residual" : "inside"]]
        for c in checked {
            let f = c.figure
            let ci = c.model.count > 1 ? "[\(readable(c.model.ci95Low)), \(readable(c.model.ci95High))]" : "— (1 replication)"
            let diff = c.differencePercent.map { ($0 >= 0 ? "+" : "") + String(format: "%.1f%%", $0) } ?? "n/a"
            rows.append(["\(f.when) \(f.key.level) \(f.key.entity) \(f.key.metric)", readable(f.value), readable(c.model.mean), ci, diff,
                         residual ? String(format: "%+.4f", c.relativeResidual) : (c.inside ? "yes" : "no")])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for r in rows { for (i, cell) in r.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { r in
            r.enumerated().map { i, cell in i == r.count - 1 ? cell : pad(cell, widths[i] + 2) }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
