// SPDX-License-Identifier: GPL-3.0-or-later
// Observed figures (published statistics, calibration targets) and how a run
// compares with them: `caseflow check` and `caseflow calibrate`
// (docs/calibration.md).
//
// OBSERVED.csv has the columns
//
//     date_or_period,level,entity,metric,value,weight,source
//
// `date_or_period` is a date (`2021-06-30`: the model's output date nearest
// to it, the earlier of two equally near) or a period (`2021-07-01..2022-06-30`,
// both ends included: the mean of the model's output dates within it). The
// model's figure is computed per replication, then summarised across
// replications: mean and 95% interval mean ± t(0.975, n−1)·sd/√n, as
// summary.csv computes them.

import Foundation
import Probation
import Simulation

/// Where a figure applies: the output date nearest a date, or the output dates within a period.
public enum ObservedWhen: Sendable, Hashable, CustomStringConvertible {
    case date(CivilDate)
    /// Both ends included.
    case period(CivilDate, CivilDate)

    public var description: String {
        switch self {
        case .date(let d): return d.description
        case .period(let a, let b): return "\(a)..\(b)"
        }
    }
}

/// One row of an observed-figures (or targets) file.
public struct ObservedFigure: Sendable, Hashable {
    public var when: ObservedWhen
    public var key: SeriesKey
    public var value: Double
    /// The figure's weight in a fit (default 1).
    public var weight: Double
    public var source: String
    /// The 1-based line of its row.
    public var line: Int
    /// The 1-based (character) column where each field starts, by column name.
    public var columns: [String: Int]

    public init(when: ObservedWhen, key: SeriesKey, value: Double, weight: Double = 1, source: String = "",
                line: Int = 0, columns: [String: Int] = [:]) {
        self.when = when; self.key = key; self.value = value; self.weight = weight; self.source = source
        self.line = line; self.columns = columns
    }
}

/// A problem in an observed-figures file, or in how it meets a run:
/// `observed.csv:7:23: value: expected a number, found "abc"`.
public struct ObservedProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 0 when the problem concerns the whole file.
    public var line: Int
    public var column: Int
    /// The column name, when the problem is in one field.
    public var field: String?
    public var message: String

    public init(file: String, line: Int, column: Int, field: String?, message: String) {
        self.file = file; self.line = line; self.column = column; self.field = field; self.message = message
    }

    public var description: String {
        file + (line > 0 ? ":\(line):\(max(1, column))" : "") + ": " + (field.map { "\($0): " } ?? "") + message
    }
}

/// Every problem found, in file order.
public struct ObservedProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ObservedProblem]
    public init(_ problems: [ObservedProblem]) {
        self.problems = problems.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reading observed-figures files.
public enum ObservedFile {
    public static let columns = ["date_or_period", "level", "entity", "metric", "value", "weight", "source"]

    /// Reads the file at `path` (diagnostics name it `path`).
    public static func read(path: String) throws(ObservedProblems) -> [ObservedFigure] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ObservedProblems([ObservedProblem(file: path, line: 0, column: 0, field: nil,
                                                    message: exists ? "cannot read the file" : "cannot read the file: it does not exist")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ObservedProblems([ObservedProblem(file: path, line: 0, column: 0, field: nil, message: "expected UTF-8 text; save the file as UTF-8")])
        }
        return try parse(text, fileName: path)
    }

    /// Parses the text of an observed-figures file.
    public static func parse(_ text: String, fileName: String) throws(ObservedProblems) -> [ObservedFigure] {
        var problems: [ObservedProblem] = []
        let (records, syntax) = CSV.parse(text)
        for e in syntax {
            problems.append(ObservedProblem(file: fileName, line: e.line, column: 1, field: nil, message: "invalid CSV: \(e.message)"))
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        func starts(of record: CSVRecord) -> [Int] {
            guard record.line - 1 < lines.count else { return [] }
            return fieldStarts(String(lines[record.line - 1]))
        }
        guard let header = records.first else {
            throw ObservedProblems([ObservedProblem(file: fileName, line: 0, column: 0, field: nil,
                                                    message: "expected a header line `\(columns.joined(separator: ","))`, found an empty file")])
        }
        let headerStarts = starts(of: header)
        var position: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if !columns.contains(trimmed) {
                problems.append(ObservedProblem(file: fileName, line: header.line, column: headerStarts[safe: i] ?? 1, field: nil,
                                                message: "unknown column \(quote(trimmed)); expected the columns \(columns.joined(separator: ","))"))
            } else if position[trimmed] != nil {
                problems.append(ObservedProblem(file: fileName, line: header.line, column: headerStarts[safe: i] ?? 1, field: nil,
                                                message: "the column \(quote(trimmed)) is given twice"))
            } else {
                position[trimmed] = i
            }
        }
        let missing = columns.filter { position[$0] == nil && $0 != "weight" && $0 != "source" }
        if !missing.isEmpty {
            problems.append(ObservedProblem(file: fileName, line: header.line, column: 1, field: nil,
                                            message: "expected the columns \(columns.joined(separator: ",")), found no \(missing.joined(separator: ", ")) (weight and source may be left out)"))
        }
        guard problems.isEmpty else { throw ObservedProblems(problems) }

        var figures: [ObservedFigure] = []
        for record in records.dropFirst() {
            let fieldStart = starts(of: record)
            var columnsAt: [String: Int] = [:]
            func field(_ name: String) -> String? {
                guard let i = position[name] else { return nil }
                columnsAt[name] = fieldStart[safe: i] ?? 1
                return record.fields[safe: i]?.trimmingCharacters(in: .whitespaces)
            }
            func problem(_ name: String, _ message: String) {
                problems.append(ObservedProblem(file: fileName, line: record.line, column: columnsAt[name] ?? 1, field: name, message: message))
            }
            if record.fields.count != header.fields.count {
                problems.append(ObservedProblem(file: fileName, line: record.line, column: 1, field: nil,
                                                message: "expected \(header.fields.count) fields (as the header), found \(record.fields.count)"))
                continue
            }
            let whenText = field("date_or_period") ?? ""
            let when = parseWhen(whenText)
            if when == nil {
                problem("date_or_period", "expected a date (YYYY-MM-DD) or a period (YYYY-MM-DD..YYYY-MM-DD, the first not after the second), found \(quote(whenText))")
            }
            var texts: [String: String] = [:]
            for name in ["level", "entity", "metric"] {
                let t = field(name) ?? ""
                if t.isEmpty { problem(name, "expected the \(name), found nothing") }
                texts[name] = t
            }
            let valueText = field("value") ?? ""
            let value = number(valueText)
            if value == nil { problem("value", "expected a number (such as 230578 or 4371.5), found \(quote(valueText))") }
            var weight: Double? = 1
            if let w = field("weight"), !w.isEmpty {
                weight = number(w)
                if weight == nil || weight! < 0 { problem("weight", "expected a number ≥ 0 (or nothing, meaning 1), found \(quote(w))"); weight = nil }
            }
            let source = field("source") ?? ""
            guard let when, let value, let weight, let level = texts["level"], !level.isEmpty,
                  let entity = texts["entity"], !entity.isEmpty, let metric = texts["metric"], !metric.isEmpty else { continue }
            figures.append(ObservedFigure(when: when, key: SeriesKey(level: level, entity: entity, metric: metric), value: value,
                                          weight: weight, source: source, line: record.line, columns: columnsAt))
        }
        if figures.isEmpty && problems.isEmpty {
            problems.append(ObservedProblem(file: fileName, line: header.line, column: 1, field: nil, message: "expected at least one figure after the header, found none"))
        }
        guard problems.isEmpty else { throw ObservedProblems(problems) }
        return figures
    }

    /// `2021-06-30` or `2021-07-01..2022-06-30`.
    public static func parseWhen(_ text: String) -> ObservedWhen? {
        if let range = text.range(of: "..") {
            guard let a = CivilDate(iso: String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)),
                  let b = CivilDate(iso: String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)), a <= b else { return nil }
            return .period(a, b)
        }
        return CivilDate(iso: text).map { .date($0) }
    }

    /// A plain decimal: optional sign, digits, optional fraction (no exponent, no `nan`).
    static func number(_ text: String) -> Double? {
        var s = Substring(text)
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard !s.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.contains(where: { !$0.isEmpty }) else { return nil }
        return Double(text)
    }

    /// The 1-based character column where each field of a one-line CSV record starts.
    static func fieldStarts(_ line: String) -> [Int] {
        var starts = [1]
        var inQuotes = false
        var column = 1
        for c in line {
            if c == "\"" { inQuotes.toggle() }
            else if c == "," && !inQuotes { starts.append(column + 1) }
            column += 1
        }
        return starts
    }

    static func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
}

/// A figure of the model compared with an observed figure.
public struct CheckedFigure: Sendable {
    public var figure: ObservedFigure
    /// The model's output dates the figure uses.
    public var dates: [CivilDate]
    /// The model's figure across replications (each replication's value on the
    /// date, or its mean over the period).
    public var model: ReplicationSummary
    /// (model mean − observed) / |observed| × 100; nil when observed is 0.
    public var differencePercent: Double?
    /// Observed lies inside the model's 95% interval (ends included).
    public var inside: Bool

    /// The relative residual (model mean − observed) / |observed|; when observed
    /// is 0, the model mean itself.
    public var relativeResidual: Double {
        figure.value == 0 ? model.mean : (model.mean - figure.value) / abs(figure.value)
    }
}

/// Comparing a run with observed figures.
public enum ObservedCheck {
    /// The output dates a figure uses (indices into `dates`, sorted ascending),
    /// or what is wrong. A date takes the output date nearest to it (the
    /// earlier of two equally near), and must lie no further outside the output
    /// dates than their largest spacing; a period takes every output date
    /// within it, ends included, and must hold at least one.
    public static func dateIndices(for when: ObservedWhen, in dates: [CivilDate]) -> Result<[Int], ObservedProblemText> {
        guard let first = dates.first, let last = dates.last else {
            return .failure(ObservedProblemText("the run has no output dates"))
        }
        let span = "the run's output dates are \(first) to \(last)"
        switch when {
        case .date(let d):
            var gap = 0
            for i in dates.indices.dropFirst() { gap = max(gap, dates[i - 1].distance(to: dates[i])) }
            if d < first.adding(days: -gap) || d > last.adding(days: gap) {
                return .failure(ObservedProblemText("expected a date near the run's output dates, found \(d); \(span) (a date may lie at most \(gap) day(s), the largest spacing of output dates, outside them)"))
            }
            var best = 0
            for i in dates.indices where abs(dates[i].distance(to: d)) < abs(dates[best].distance(to: d)) { best = i }
            return .success([best])
        case .period(let a, let b):
            let inside = dates.indices.filter { dates[$0] >= a && dates[$0] <= b }
            if inside.isEmpty {
                return .failure(ObservedProblemText("expected a period holding at least one output date of the run, found \(a)..\(b); \(span)"))
            }
            return .success(inside)
        }
    }

    public struct ObservedProblemText: Error, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// The series a figure needs, for `RunDirectory.open(include:)`.
    public static func keys(_ figures: [ObservedFigure]) -> Set<SeriesKey> { Set(figures.map(\.key)) }

    /// Every figure compared with `run`, or every problem (an unknown level,
    /// metric or entity listing what the run has; a date outside the run).
    /// `allKeys`: every series the run has (for the listings).
    public static func evaluate(_ figures: [ObservedFigure], run: RunDirectory, fileName: String) throws(ObservedProblems) -> [CheckedFigure] {
        var problems: [ObservedProblem] = []
        var checked: [CheckedFigure] = []
        let all = run.allKeys
        for f in figures {
            func problem(_ field: String, _ message: String) {
                problems.append(ObservedProblem(file: fileName, line: f.line, column: f.columns[field] ?? 1, field: field, message: message))
            }
            if !run.contains(f.key) {
                let levels = ordered(all.map(\.level))
                if !levels.contains(f.key.level) {
                    problem("level", "unknown level \(ObservedFile.quote(f.key.level)); the run has \(listing(levels))")
                    continue
                }
                let metrics = ordered(all.filter { $0.level == f.key.level }.map(\.metric))
                if !metrics.contains(f.key.metric) {
                    problem("metric", "unknown metric \(ObservedFile.quote(f.key.metric)) at level \(f.key.level); the run has \(listing(metrics, limit: 200))")
                    continue
                }
                let entities = ordered(all.filter { $0.level == f.key.level && $0.metric == f.key.metric }.map(\.entity))
                problem("entity", "unknown \(f.key.level) \(ObservedFile.quote(f.key.entity)) for \(f.key.metric); the run has \(listing(entities))")
                continue
            }
            let indices: [Int]
            switch dateIndices(for: f.when, in: run.dates) {
            case .failure(let p): problem("date_or_period", p.message); continue
            case .success(let i): indices = i
            }
            var perReplication: [Double] = []
            for r in 1...run.replications {
                let values = indices.map { run.value(f.key, replication: r, dateIndex: $0) }.filter { !$0.isNaN }
                if !values.isEmpty { perReplication.append(values.reduce(0, +) / Double(values.count)) }
            }
            if perReplication.isEmpty {
                problem("date_or_period", "the run has no value of \(f.key) on its output date(s) for \(f.when)")
                continue
            }
            let summary = ReplicationSummary(perReplication)
            let difference = f.value == 0 ? nil : (summary.mean - f.value) / abs(f.value) * 100
            checked.append(CheckedFigure(figure: f, dates: indices.map { run.dates[$0] }, model: summary,
                                         differencePercent: difference,
                                         inside: f.value >= summary.ci95Low && f.value <= summary.ci95High))
        }
        guard problems.isEmpty else { throw ObservedProblems(problems) }
        return checked
    }

    /// The check.csv (and fit_report.csv) columns.
    public static let reportHeader = [
        "date_or_period", "level", "entity", "metric", "observed", "weight", "source", "model_dates", "first_model_date",
        "last_model_date", "replications", "model_mean", "ci95_low", "ci95_high", "difference_pct", "relative_residual", "inside_ci",
    ]

    /// Writes the comparison to `url` (replaced whole, written through a temporary file).
    public static func write(_ checked: [CheckedFigure], to url: URL) throws {
        let w = try CSVWriter(url: url, header: reportHeader)
        for c in checked {
            w.writeRow(row(c))
        }
        try w.finish()
    }

    static func row(_ c: CheckedFigure) -> [String] {
        let f = c.figure
        return [f.when.description, f.key.level, f.key.entity, f.key.metric, NumberFormat.format(f.value),
                NumberFormat.format(f.weight), f.source, String(c.dates.count), c.dates.first?.description ?? "",
                c.dates.last?.description ?? "", String(c.model.count), NumberFormat.format(c.model.mean),
                NumberFormat.format(c.model.ci95Low), NumberFormat.format(c.model.ci95High),
                c.differencePercent.map(NumberFormat.format) ?? "", NumberFormat.format(c.relativeResidual),
                c.inside ? "yes" : "no"]
    }

    private static func ordered(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    private static func listing(_ items: [String], limit: Int = 25) -> String {
        let quoted = items.prefix(limit).map { ObservedFile.quote($0) }
        return quoted.joined(separator: ", ") + (items.count > limit ? ", … (\(items.count) in all)" : "")
    }
}

extension RunDirectory {
    /// The replications' time series held in memory as a run (for calibration):
    /// only the series `include` accepts.
    public init(results: [ReplicationResult], include: (SeriesKey) -> Bool) {
        let dates = results.first?.timeSeries.dates ?? []
        var order: [SeriesKey] = []
        var all: [SeriesKey] = []
        var storageIndex: [SeriesKey: Int] = [:]
        var seen = Set<SeriesKey>()
        var storage: [[Double]] = []
        for (r, result) in results.enumerated() {
            let t = result.timeSeries
            let keys = t.entities.map { ($0.level.rawValue, $0.name) }
            for i in 0..<t.rowCount {
                let e = keys[Int(t.entity[i])]
                let key = SeriesKey(level: e.0, entity: e.1, metric: t.metrics[Int(t.metric[i])])
                if seen.insert(key).inserted {
                    all.append(key)
                    if include(key) {
                        storageIndex[key] = storage.count
                        order.append(key)
                        storage.append([Double](repeating: .nan, count: results.count * dates.count))
                    }
                }
                if let s = storageIndex[key] { storage[s][r * dates.count + Int(t.dateIndex[i])] = t.value[i] }
            }
        }
        self.init(path: "(in memory)", manifest: RunManifest(replications: max(1, results.count)), dates: dates,
                  keys: order, allKeys: all, storage: storage)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
