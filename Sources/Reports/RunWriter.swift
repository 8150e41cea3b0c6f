// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// A file a scenario extends and its SHA-256, as a manifest records it.
public struct ScenarioFileHash: Sendable, Codable, Hashable {
    public var file: String
    public var sha256: String

    public init(file: String, sha256: String) {
        self.file = file; self.sha256 = sha256
    }
}

/// What a run directory is about, for its manifest.
public struct RunInfo: Sendable {
    public var toolVersion: String
    public var scenarioName: String
    /// The scenario file's path, or `nil` for the built-in default.
    public var scenarioPath: String?
    public var scenarioSHA256: String
    public var seed: UInt64
    public var replications: Int
    public var jobs: Int
    public var startedAt: Date
    /// Output dates on or before `start + warmupDays` are left out of horizon means.
    public var start: CivilDate
    public var warmupDays: Int
    /// The scenario's point (variant or sweep point) when it is not the base scenario.
    public var point: String?
    /// The files the scenario extends, nearest first, with their SHA-256s.
    public var extends: [ScenarioFileHash] = []
    /// Overrides given on the command line (`--set PATH=VALUE`), in order.
    public var overrides: [String] = []

    public init(toolVersion: String, scenarioName: String, scenarioPath: String?, scenarioSHA256: String,
                seed: UInt64, replications: Int, jobs: Int, startedAt: Date, start: CivilDate, warmupDays: Int,
                point: String? = nil) {
        self.point = point
        self.start = start
        self.toolVersion = toolVersion; self.scenarioName = scenarioName; self.scenarioPath = scenarioPath
        self.scenarioSHA256 = scenarioSHA256; self.seed = seed; self.replications = replications
        self.jobs = jobs; self.startedAt = startedAt; self.warmupDays = warmupDays
    }
}

/// What a run writes beyond its summaries.
public struct OutputOptions: Sendable, Equatable {
    /// Per-replication detail files (`timeseries`, `wmt_snapshot`) gzip-compressed (`.csv.gz`).
    public var compress: Bool
    /// The levels of the per-replication time series; nil for every level the scenario writes.
    public var detailLevels: Set<OutputSpec.Level>?
    /// Whether `wmt_snapshot` is written.
    public var snapshots: Bool

    public init(compress: Bool = true, detailLevels: Set<OutputSpec.Level>? = nil, snapshots: Bool = true) {
        self.compress = compress; self.detailLevels = detailLevels; self.snapshots = snapshots
    }

    /// Parses `--detail`: `all`, `none`, or a comma-separated list of levels
    /// (national, region, pdu, team, practitioner) and `wmt` (the WMT snapshot).
    public static func parseDetail(_ text: String) -> (levels: Set<OutputSpec.Level>?, snapshots: Bool)? {
        let words = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if words == ["all"] { return (nil, true) }
        if words == ["none"] { return ([], false) }
        var levels: Set<OutputSpec.Level> = []
        var snapshots = false
        for w in words {
            if w == "wmt" { snapshots = true }
            else if let l = OutputSpec.Level(rawValue: w) { levels.insert(l) }
            else { return nil }
        }
        return words.isEmpty ? nil : (levels, snapshots)
    }
}

/// One file of a run directory, as the manifest lists it.
public struct WrittenFile: Sendable, Equatable {
    public var name: String
    /// Data rows (CSV rows after the header; for other files 0).
    public var rows: Int
    /// Size on disk (compressed files: compressed).
    public var bytes: Int
    /// SHA-256 of the bytes on disk.
    public var sha256: String

    public init(name: String, rows: Int, bytes: Int, sha256: String) {
        self.name = name; self.rows = rows; self.bytes = bytes; self.sha256 = sha256
    }

    init(_ w: CSVWriter) {
        self.init(name: w.url.lastPathComponent, rows: w.rows, bytes: w.bytes, sha256: w.sha256)
    }
}

/// Writes a run directory: `timeseries.csv.gz`, `summary.csv`,
/// `timeseries_summary.csv`, `wmt_snapshot.csv.gz`, `headline.csv`, and last
/// `manifest.json`, so a directory without a manifest is an unfinished run.
/// Data files are identical for the same scenario and seed whatever the number
/// of jobs (only the manifest's times differ).
public enum RunWriter {
    public struct Written: Sendable {
        public var directory: URL
        public var files: [WrittenFile]
    }

    /// Creates `directory` if needed; refuses one that already holds a run.
    public static func prepare(_ directory: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory.appendingPathComponent("manifest.json").path) {
            throw ReportError.outputExists(directory.path)
        }
        do { try fm.createDirectory(at: directory, withIntermediateDirectories: true) }
        catch { throw ReportError.cannotWrite(directory.path) }
    }

    public static func write(_ results: [ReplicationResult], info: RunInfo, to directory: URL,
                             options: OutputOptions = OutputOptions()) throws -> Written {
        try prepare(directory)
        var files: [WrittenFile] = []
        files.append(try writeTimeSeries(results, directory, options))
        files.append(try writeSummary(results, start: info.start, warmupDays: info.warmupDays, directory))
        files.append(try TimeSeriesSummary.write(results, directory))
        if options.snapshots { files.append(try writeSnapshots(results, directory, compress: options.compress)) }
        files.append(try writeHeadline(results, directory))
        try writeManifest(info: info, files: files, directory)
        return Written(directory: directory, files: files)
    }

    /// The per-replication time series, at the levels `options` asks for.
    static func writeTimeSeries(_ results: [ReplicationResult], _ dir: URL, _ options: OutputOptions = OutputOptions()) throws -> WrittenFile {
        let w = try CSVWriter(url: dir.appendingPathComponent(options.compress ? "timeseries.csv.gz" : "timeseries.csv"),
                              header: RunDirectory.timeSeriesHeader, compressed: options.compress)
        for r in results {
            let t = r.timeSeries
            let dates = t.dates.map(\.description)
            let levels = t.entities.map(\.level.rawValue)
            let names = t.entities.map(\.name)
            let wanted = t.entities.map { options.detailLevels?.contains($0.level) ?? true }
            let rep = String(r.replication + 1)
            for i in 0..<t.rowCount {
                let e = Int(t.entity[i])
                guard wanted[e] else { continue }
                w.writeRow([rep, dates[Int(t.dateIndex[i])], levels[e], names[e], t.metrics[Int(t.metric[i])],
                            NumberFormat.format(t.value[i])])
            }
        }
        try w.finish()
        return WrittenFile(w)
    }

    /// One row per (level, entity, metric, statistic) with the spread of that
    /// statistic across replications. `final` is the value on the last output
    /// date; `horizon_mean` the mean over output dates after the warm-up.
    static func writeSummary(_ results: [ReplicationResult], start: CivilDate, warmupDays: Int, _ dir: URL) throws -> WrittenFile {
        let w = try CSVWriter(url: dir.appendingPathComponent("summary.csv"),
                              header: ["level", "entity", "metric", "statistic", "replications",
                                       "mean", "sd", "ci95_low", "ci95_high", "p10", "p50", "p90"])
        // Per replication: (entity name+level, metric) → (final, mean) values.
        struct Key: Hashable { var level: OutputSpec.Level; var entity: String; var metric: String }
        var order: [Key] = []
        var finals: [Key: [Double]] = [:]
        var means: [Key: [Double]] = [:]
        for r in results {
            let t = r.timeSeries
            let lastDate = t.dates.count - 1
            let firstCounted = t.dates.firstIndex { $0.dayNumber - start.dayNumber > warmupDays } ?? t.dates.count
            var sums: [Int: (Double, Int)] = [:]
            var fin: [Int: Double] = [:]
            var seen: [Int] = []
            for i in 0..<t.rowCount {
                let k = Int(t.entity[i]) * 65_536 + Int(t.metric[i])
                if sums[k] == nil { sums[k] = (0, 0); seen.append(k) }
                let v = t.value[i]
                if Int(t.dateIndex[i]) >= firstCounted, !v.isNaN {
                    let s = sums[k]!
                    sums[k] = (s.0 + v, s.1 + 1)
                }
                if Int(t.dateIndex[i]) == lastDate { fin[k] = v }
            }
            for k in seen {
                let e = t.entities[k / 65_536]
                let key = Key(level: e.level, entity: e.name, metric: t.metrics[k % 65_536])
                if finals[key] == nil { order.append(key); finals[key] = []; means[key] = [] }
                finals[key]!.append(fin[k] ?? .nan)
                let s = sums[k]!
                means[key]!.append(s.1 > 0 ? s.0 / Double(s.1) : .nan)
            }
        }
        for key in order {
            for (stat, values) in [("final", finals[key]!), ("horizon_mean", means[key]!)] {
                let v = values.filter { !$0.isNaN }
                let s = ReplicationSummary(v)
                let ci = MetricKind.interval(s, metric: key.metric)
                w.writeRow([key.level.rawValue, key.entity, key.metric, stat, String(v.count)]
                           + [s.mean, s.sd, ci.low, ci.high, s.p10, s.p50, s.p90].map(NumberFormat.format))
            }
        }
        try w.finish()
        return WrittenFile(w)
    }

    /// The columns `caseflow wmt` reads, with `date` and `replication` in front.
    public static let snapshotHeader: [String] =
        ["replication", "date", "practitioner", "grade", "contracted_hours", "reduction_hours"]
        + CaseCategory.allCases.map(\.name) + ["sdr", "fdr"]

    static func writeSnapshots(_ results: [ReplicationResult], _ dir: URL, compress: Bool = true) throws -> WrittenFile {
        let w = try CSVWriter(url: dir.appendingPathComponent(compress ? "wmt_snapshot.csv.gz" : "wmt_snapshot.csv"),
                              header: snapshotHeader, compressed: compress)
        for r in results {
            let rep = String(r.replication + 1)
            for s in r.wmtSnapshots {
                var row = [rep, s.date.description, s.practitioner, s.grade.rawValue,
                           NumberFormat.format(s.contractedHours), NumberFormat.format(s.reductionHours)]
                for c in CaseCategory.allCases { row.append(String(s.caseload.count(c))) }
                row.append(String(s.caseload.sdrCount))
                row.append(String(s.caseload.fdrCount))
                w.writeRow(row)
            }
        }
        try w.finish()
        return WrittenFile(w)
    }

    static func writeHeadline(_ results: [ReplicationResult], _ dir: URL) throws -> WrittenFile {
        let w = try CSVWriter(url: dir.appendingPathComponent("headline.csv"),
                              header: ["metric", "replications", "mean", "sd", "ci95_low", "ci95_high", "p10", "p50", "p90"])
        for s in headlineSummaries(results) {
            let ci = MetricKind.interval(s.summary, metric: s.name)
            w.writeRow([s.name, String(s.summary.count)] + [s.summary.mean, s.summary.sd, ci.low,
                        ci.high, s.summary.p10, s.summary.p50, s.summary.p90].map(NumberFormat.format))
        }
        try w.finish()
        return WrittenFile(w)
    }

    /// Each headline figure summarised across replications, in a fixed order.
    public static func headlineSummaries(_ results: [ReplicationResult]) -> [(name: String, summary: ReplicationSummary)] {
        guard let first = results.first else { return [] }
        return first.headline.indices.map { i in
            let name = first.headline[i].name
            let values = results.map { $0.headline[i].value }.filter { !$0.isNaN }
            return (name, ReplicationSummary(values))
        }
    }

    static func writeManifest(info: RunInfo, files: [WrittenFile], _ dir: URL) throws {
        let iso = ISO8601DateFormatter()
        var obj: [String: Any] = [
            "tool": "caseflow",
            "tool_version": info.toolVersion,
            "scenario_name": info.scenarioName,
            "scenario_path": info.scenarioPath ?? "(built-in national-day1)",
            "scenario_sha256": info.scenarioSHA256,
            "seed": info.seed,
            "replications": info.replications,
            "jobs": info.jobs,
            "started_at": iso.string(from: info.startedAt),
            "finished_at": iso.string(from: Date()),
            "files": files.map { ["name": $0.name, "rows": $0.rows, "bytes": $0.bytes, "sha256": $0.sha256] as [String: Any] },
        ]
        if let point = info.point { obj["point"] = point }
        if !info.extends.isEmpty { obj["extends"] = info.extends.map { ["file": $0.file, "sha256": $0.sha256] } }
        if !info.overrides.isEmpty { obj["overrides"] = info.overrides }
        let data = try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])
        let url = dir.appendingPathComponent("manifest.json")
        let tmp = dir.appendingPathComponent(".manifest.json.partial")
        guard FileManager.default.createFile(atPath: tmp.path, contents: data + Data("\n".utf8)) else {
            throw ReportError.cannotWrite(tmp.path)
        }
        try FileManager.default.moveItem(at: tmp, to: url)
    }
}
