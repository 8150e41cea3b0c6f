// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports
import Simulation

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask questions of a finished run directory.",
        subcommands: [QueryCrossing.self]
    )
}

struct QueryCrossing: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossing",
        abstract: "When a metric first falls below (or rises above) a threshold, across replications.",
        discussion: """
        For each replication of RUN_DIR, the first output date on which the metric is strictly \
        below (--below) or above (--above) the threshold, considering only dates after --after \
        when given. --below-fraction-of-start F sets each replication's threshold to F × its \
        own value on the first output date. Reports the replications that never crossed within \
        the horizon, and over those that crossed the mean crossing date with a Student-t 95% \
        confidence interval (on day numbers), the median and p10/p90. With some replications \
        never crossing, those figures are conditional on crossing. A negative threshold is \
        written --below=-5. See docs/compare.md.
        """
    )

    @Argument(help: ArgumentHelp("A finished run directory.", valueName: "run-dir")) var runDirectory: String
    @Option(help: "The metric, e.g. unallocated.") var metric: String
    @Option(help: "The level: national (default), region, pdu, team, practitioner.") var level: String?
    @Option(help: "The entity (needed below national level when the level has several).") var entity: String?
    @Option(help: "Threshold: the first date the value is strictly below X.") var below: Double?
    @Option(help: "Threshold: the first date the value is strictly above X.") var above: Double?
    @Option(name: .customLong("below-fraction-of-start"),
            help: "Threshold: below F × the replication's value on the first output date.") var belowFraction: Double?
    @Option(name: .customLong("above-fraction-of-start"),
            help: "Threshold: above F × the replication's value on the first output date.") var aboveFraction: Double?
    @Option(help: ArgumentHelp("Consider only output dates after this date.", valueName: "YYYY-MM-DD")) var after: String?
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        let given = [below, above, belowFraction, aboveFraction].compactMap { $0 }.count
        if given != 1 {
            throw ValidationError("give exactly one of --below, --above, --below-fraction-of-start, --above-fraction-of-start")
        }
    }

    var request: CrossingRequest {
        let threshold: (CrossingQuery.Direction, CrossingQuery.Threshold)
        if let x = below { threshold = (.below, .value(x)) }
        else if let x = above { threshold = (.above, .value(x)) }
        else if let f = belowFraction { threshold = (.below, .fractionOfStart(f)) }
        else { threshold = (.above, .fractionOfStart(aboveFraction ?? .nan)) }
        return CrossingRequest(run: runDirectory, metric: metric, level: level, entity: entity,
                               direction: threshold.0, threshold: threshold.1, after: after, json: json)
    }

    func run() throws {
        let outcome = CrossingRun.run(request)
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct CrossingRequest {
    var run: String
    var metric: String
    var level: String? = nil
    var entity: String? = nil
    var direction: CrossingQuery.Direction
    var threshold: CrossingQuery.Threshold
    var after: String? = nil
    var json = false
}

/// The work of `caseflow query crossing`, apart from the process, so tests can call it.
enum CrossingRun {
    static func run(_ request: CrossingRequest) -> CommandOutcome {
        func failure(_ e: [String]) -> CommandOutcome {
            CommandOutcome(stderr: e.map { "caseflow query crossing: \($0)\n" }.joined(), status: CompareRun.inputError)
        }
        var errors: [String] = []
        let knownLevels = OutputSpec.Level.allCases.map(\.rawValue)
        if let l = request.level, !knownLevels.contains(l) {
            errors.append("--level \(l): not a level (levels: \(knownLevels.joined(separator: ", ")))")
        }
        var after: CivilDate?
        if let a = request.after {
            after = CivilDate(iso: a)
            if after == nil { errors.append("--after \(a): expected a date YYYY-MM-DD") }
        }
        switch request.threshold {
        case .value(let x) where !x.isFinite, .fractionOfStart(let x) where !x.isFinite:
            errors.append("the threshold must be a finite number")
        default: break
        }
        guard errors.isEmpty else { return failure(errors) }

        // A renamed metric's old name means the new one (MetricNames).
        let metric = MetricNames.current(request.metric)
        let run: RunDirectory
        do { run = try RunDirectory.open(request.run, include: { $0.metric == metric }) }
        catch { return failure(["\(error)"]) }

        // Which series.
        let candidates = run.keys
        if candidates.isEmpty {
            return failure(["--metric \(metric): \(run.path) has no such metric" + CompareRun.suggest(metric, in: run.allKeys.map(\.metric))])
        }
        var pool = candidates
        if let l = request.level {
            pool = pool.filter { $0.level == l }
            if pool.isEmpty {
                let levels = Set(candidates.map(\.level)).sorted()
                return failure(["\(metric) is not written at level \(l) in \(run.path) (it is at: \(levels.joined(separator: ", ")))"])
            }
        }
        if let e = request.entity {
            let named = pool.filter { $0.entity == e }
            if named.isEmpty {
                return failure(["--entity \(e): \(run.path) has no \(metric) for that entity" + (request.level.map { " at level \($0)" } ?? "")
                                + CompareRun.suggest(e, in: pool.map(\.entity))])
            }
            if named.count > 1 {
                return failure(["--entity \(e) names series at several levels (\(named.map(\.level).joined(separator: ", "))): add --level"])
            }
            pool = named
        } else {
            let l = request.level ?? OutputSpec.Level.national.rawValue
            pool = pool.filter { $0.level == l }
            if pool.isEmpty {
                return failure(["\(metric) is not written at level \(l) in \(run.path): give --level (and --entity)"])
            }
            if pool.count > 1 {
                let some = pool.prefix(5).map(\.entity).joined(separator: ", ")
                return failure(["level \(l) has \(pool.count) entities with \(metric): choose one with --entity (for example \(some))"])
            }
        }
        let query = CrossingQuery(key: pool[0], direction: request.direction, threshold: request.threshold, after: after)
        let result: CrossingResult
        do { result = try Crossing.find(query, in: run) } catch { return failure(["\(error)"]) }
        return CommandOutcome(stdout: request.json ? json(result, run: run) + "\n" : text(result, run: run))
    }

    static func verb(_ d: CrossingQuery.Direction, past: Bool) -> String {
        switch d {
        case .below: return past ? "fell below" : "fall below"
        case .above: return past ? "rose above" : "rise above"
        }
    }

    static func thresholdText(_ q: CrossingQuery, start: CivilDate) -> String {
        switch q.threshold {
        case .value(let x): return CompareRun.short(x)
        case .fractionOfStart(let f): return "\(CompareRun.short(f * 100))% of its value on \(start)"
        }
    }

    static func text(_ r: CrossingResult, run: RunDirectory) -> String {
        let q = r.query
        var lines: [String] = []
        var about: [String] = []
        if let s = run.manifest.scenarioName { about.append("scenario \(s)") }
        about.append("\(run.replications) replication(s)")
        if let s = run.manifest.seed { about.append("seed \(s)") }
        lines.append("\(run.path): \(about.joined(separator: ", ")); output dates \(r.start) to \(r.horizonEnd)")
        lines.append("When does \(q.key.metric) (\(q.key.level), \(q.key.entity)) first \(verb(q.direction, past: false)) "
                     + "\(thresholdText(q, start: r.start))?")
        var scope = "the first output date on which the value is strictly \(q.direction.rawValue) the threshold"
        if let a = q.after { scope += ", among the \(r.datesConsidered) output date(s) after \(a)" }
        lines.append("(" + scope + ")")
        lines.append("")
        let fraction: Bool
        if case .fractionOfStart = q.threshold { fraction = true } else { fraction = false }
        lines.append(pad("replication", 13) + pad("first date", 20) + pad("value", 12) + pad("threshold", 12)
                     + (fraction ? "start value" : ""))
        for c in r.replications {
            let date: String
            switch c.outcome {
            case .crossed: date = c.date!.description + (c.onFirstDate ? " (a)" : "")
            case .never: date = "never"
            case .noStartValue: date = "no start value"
            }
            lines.append(pad(String(c.replication), 13) + pad(date, 20) + pad(c.value.map(CompareRun.short) ?? "—", 12)
                         + pad(CompareRun.short(c.threshold), 12) + (fraction ? c.startValue.map(CompareRun.short) ?? "—" : ""))
        }
        if r.replications.contains(where: \.onFirstDate) {
            lines.append("(a) already \(q.direction.rawValue) the threshold on the first date considered (\(r.firstConsidered)): "
                         + "a state at the start, not a change")
        }
        lines.append("")
        let n = r.replications.count, k = r.crossed.count, never = r.neverCount, noStart = r.noStartValueCount
        let threshold = thresholdText(q, start: r.start)
        if noStart > 0 {
            lines.append("\(noStart) replication(s) have no value on the first output date (\(r.start)), so no threshold; they are left out.")
        }
        if k == 0 {
            lines.append("NO REPLICATION \(verb(q.direction, past: true).uppercased()) \(threshold) by \(r.horizonEnd), the end of the horizon: "
                         + "no crossing date can be estimated (it is after the horizon, if it happens at all).")
            return lines.map(CompareRun.trimmedRight).joined(separator: "\n") + "\n"
        }
        if never > 0 {
            let which = r.replications.filter { $0.outcome == .never }.map { String($0.replication) }.joined(separator: ", ")
            lines.append("WARNING: \(never) of \(n - noStart) replications (\(which)) never \(verb(q.direction, past: true)) \(threshold) "
                         + "by \(r.horizonEnd), the end of the horizon.")
            lines.append("The figures below are over the \(k) replication\(k == 1 ? "" : "s") that did: they are conditional on crossing within the horizon, and "
                         + "biased towards earlier dates (the others would cross later, if at all).")
        } else {
            lines.append("All \(k) replications \(verb(q.direction, past: true)) \(threshold) by \(r.horizonEnd).")
        }
        if let half = r.ci95HalfWidthDays, let lo = r.ci95LowDate, let hi = r.ci95HighDate {
            lines.append("mean crossing date \(r.meanDate!) ± \(String(format: "%.1f", half)) days "
                         + "(95% CI \(lo) to \(hi); Student t with \(k - 1) df over the \(k) replications that crossed)")
        } else {
            lines.append("mean crossing date \(r.meanDate!) (one replication crossed: no confidence interval)")
        }
        lines.append("median \(r.medianDate!), p10 \(r.p10Date!), p90 \(r.p90Date!) (dates rounded to the nearest day)")
        return lines.map(CompareRun.trimmedRight).joined(separator: "\n") + "\n"
    }

    static func json(_ r: CrossingResult, run: RunDirectory) -> String {
        let q = r.query
        func d(_ x: CivilDate?) -> Any { x.map(\.description) ?? NSNull() }
        func v(_ x: Double?) -> Any { x.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        var obj: [String: Any] = [
            "run": run.path, "metric": q.key.metric, "level": q.key.level, "entity": q.key.entity,
            "direction": q.direction.rawValue, "after": d(q.after),
            "first_output_date": r.start.description, "first_date_considered": r.firstConsidered.description,
            "horizon_end": r.horizonEnd.description, "dates_considered": r.datesConsidered,
            "replications": r.replications.count, "crossed": r.crossed.count, "never_crossed": r.neverCount,
            "no_start_value": r.noStartValueCount,
            "conditional_on_crossing": r.neverCount > 0,
            "mean_date": d(r.meanDate), "mean_days_from_start": v(r.crossed.isEmpty ? nil : r.meanDaysFromStart),
            "ci95_low_date": d(r.ci95LowDate), "ci95_high_date": d(r.ci95HighDate),
            "ci95_half_width_days": v(r.ci95HalfWidthDays),
            "median_date": d(r.medianDate), "p10_date": d(r.p10Date), "p90_date": d(r.p90Date),
        ]
        switch q.threshold {
        case .value(let x): obj["threshold"] = x; obj["fraction_of_start"] = NSNull()
        case .fractionOfStart(let f): obj["threshold"] = NSNull(); obj["fraction_of_start"] = f
        }
        obj["per_replication"] = r.replications.map { c -> [String: Any] in
            ["replication": c.replication, "outcome": c.outcome.rawValue, "date": d(c.date), "value": v(c.value),
             "threshold": v(c.threshold), "start_value": v(c.startValue), "on_first_date": c.onFirstDate]
        }
        return JSONText.render(obj)
    }
}
