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
    /// `metadata.description`: what the scenario is about (the report's question).
    public var description: String?
    /// The scenario's assumptions log, written to `assumptions.csv`.
    public var assumptions: [AssumptionRecord] = []
    /// Which region holds each PDU, in the organisation's order, written to `pdus.csv`.
    public var pduRegions: [(pdu: String, region: String)] = []
    /// Whether `report.html` is written.
    public var report = true

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
///
/// Every writer of run directories — `caseflow run`, `caseflow sweep` and
/// `caseflow merge` — goes through ``RunStream``, which takes replications one
/// at a time, so the same results give the same bytes whichever wrote them.
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
        catch { throw ReportError.cannotWrite(directory.path, reason: OutputFile.reason(error)) }
    }

    /// Writes every replication's results (in replication order) to `directory`.
    public static func write(_ results: [ReplicationResult], info: RunInfo, to directory: URL,
                             options: OutputOptions = OutputOptions()) throws -> Written {
        let stream = try RunStream(info: info, directory: directory, options: options)
        do {
            for r in results { try stream.add(r) }
            return try stream.finish()
        } catch {
            stream.abandon()
            throw error
        }
    }

    /// The columns `caseflow wmt` reads, with `date` and `replication` in front.
    public static let snapshotHeader: [String] =
        ["replication", "date", "practitioner", "grade", "contracted_hours", "reduction_hours"]
        + CaseCategory.allCases.map(\.name) + ["sdr", "fdr"]

    static func writeHeadline(_ results: [ReplicationResult], _ dir: URL) throws -> WrittenFile {
        try writeHeadline(results.map(\.headline), dir)
    }

    static func writeHeadline(_ headlines: [[(name: String, value: Double)]], _ dir: URL) throws -> WrittenFile {
        let w = try CSVWriter(url: dir.appendingPathComponent("headline.csv"),
                              header: ["metric", "replications", "mean", "sd", "ci95_low", "ci95_high", "p10", "p50", "p90"])
        for s in headlineSummaries(headlines) {
            let ci = MetricKind.interval(s.summary, metric: s.name)
            w.writeRow([s.name, String(s.summary.count)] + [s.summary.mean, s.summary.sd, ci.low,
                        ci.high, s.summary.p10, s.summary.p50, s.summary.p90].map(NumberFormat.format))
        }
        try w.finish()
        return WrittenFile(w)
    }

    /// Each headline figure summarised across replications, in a fixed order.
    public static func headlineSummaries(_ results: [ReplicationResult]) -> [(name: String, summary: ReplicationSummary)] {
        headlineSummaries(results.map(\.headline))
    }

    /// Each headline figure summarised across replications' headline lists, in the first list's order.
    public static func headlineSummaries(_ headlines: [[(name: String, value: Double)]]) -> [(name: String, summary: ReplicationSummary)] {
        guard let first = headlines.first else { return [] }
        return first.indices.map { i in
            let name = first[i].name
            let values = headlines.map { $0[i].value }.filter { !$0.isNaN }
            return (name, ReplicationSummary(values))
        }
    }

    static func writePDUs(_ pdus: [(pdu: String, region: String)], _ dir: URL) throws -> WrittenFile {
        let w = try CSVWriter(url: dir.appendingPathComponent("pdus.csv"), header: ["pdu", "region"])
        for p in pdus { w.writeRow([p.pdu, p.region]) }
        try w.finish()
        return WrittenFile(w)
    }

    /// Writes `bytes` to `name` through a temporary file renamed into place.
    static func writeFile(_ bytes: [UInt8], _ name: String, _ dir: URL) throws -> WrittenFile {
        try OutputFile.write(Data(bytes), to: dir.appendingPathComponent(name))
        return WrittenFile(name: name, rows: 0, bytes: bytes.count, sha256: SHA256.hex(bytes))
    }

    static func writeManifest(info: RunInfo, files: [WrittenFile], _ dir: URL) throws {
        let obj = manifestObject(info: info, files: files)
        let data = try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])
        try OutputFile.write(data + Data("\n".utf8), to: dir.appendingPathComponent("manifest.json"))
    }

    static func manifestObject(info: RunInfo, files: [WrittenFile]) -> [String: Any] {
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
        if let d = info.description { obj["scenario_description"] = d }
        return obj
    }
}

/// A run directory written one replication at a time, in replication order:
/// the per-replication detail files (`timeseries`, `wmt_snapshot`) grow as
/// replications arrive; what summarises across replications (`summary.csv`,
/// `timeseries_summary.csv`, `headline.csv`) is gathered as replications
/// arrive and written by ``finish()``, with `manifest.json` last. Memory holds
/// one replication's results at a time: the values `timeseries_summary.csv`
/// needs from every replication wait in a temporary file.
public final class RunStream {
    public let info: RunInfo
    public let directory: URL
    public let options: OutputOptions
    let timeSeries: CSVWriter
    let snapshots: CSVWriter?
    var summary = SummaryAccumulator()
    let spread: SpreadAccumulator
    var headlines: [[(name: String, value: Double)]] = []
    var finished = false

    /// Claims `directory` (refusing one that holds a finished run) and opens the detail files.
    public init(info: RunInfo, directory: URL, options: OutputOptions = OutputOptions()) throws {
        self.info = info
        self.directory = directory
        self.options = options
        try RunWriter.prepare(directory)
        timeSeries = try CSVWriter(url: directory.appendingPathComponent(options.compress ? "timeseries.csv.gz" : "timeseries.csv"),
                                   header: RunDirectory.timeSeriesHeader, compressed: options.compress)
        do {
            snapshots = options.snapshots
                ? try CSVWriter(url: directory.appendingPathComponent(options.compress ? "wmt_snapshot.csv.gz" : "wmt_snapshot.csv"),
                                header: RunWriter.snapshotHeader, compressed: options.compress)
                : nil
            spread = try SpreadAccumulator(directory: directory)
        } catch {
            timeSeries.abandon()
            throw error
        }
    }

    /// The replications added so far.
    public var count: Int { headlines.count }

    /// Adds the next replication's results.
    public func add(_ r: ReplicationResult) throws {
        precondition(!finished, "RunStream.add after finish")
        writeTimeSeries(r)
        if let snapshots { Self.writeSnapshots(r, snapshots) }
        summary.add(r.timeSeries, start: info.start, warmupDays: info.warmupDays)
        try spread.add(r.timeSeries)
        headlines.append(r.headline)
    }

    /// Writes the files that summarise across replications, then `manifest.json`.
    public func finish() throws -> RunWriter.Written {
        finished = true
        var files: [WrittenFile] = []
        try timeSeries.finish()
        files.append(WrittenFile(timeSeries))
        files.append(try summary.write(to: directory))
        files.append(try spread.write(to: directory))
        if let snapshots {
            try snapshots.finish()
            files.append(WrittenFile(snapshots))
        }
        files.append(try RunWriter.writeHeadline(headlines, directory))
        files.append(try AssumptionRecord.write(info.assumptions, directory))
        files.append(try RunWriter.writePDUs(info.pduRegions, directory))
        if info.report {
            // The report reads the files just written; the manifest it would read is the one about to be written.
            let manifestData = try JSONSerialization.data(withJSONObject: RunWriter.manifestObject(info: info, files: files))
            let manifest = try JSONDecoder().decode(RunManifest.self, from: manifestData)
            let html = try RunReport.build(run: directory.path, manifest: manifest)
            files.append(try RunWriter.writeFile(Array(html.utf8), RunReport.fileName, directory))
        }
        try RunWriter.writeManifest(info: info, files: files, directory)
        return RunWriter.Written(directory: directory, files: files)
    }

    /// Abandons the run: removes the temporary files (no manifest is written).
    public func abandon() {
        finished = true
        timeSeries.abandon()
        snapshots?.abandon()
        spread.close()
    }

    /// One replication's time series, at the levels `options` asks for.
    func writeTimeSeries(_ r: ReplicationResult) {
        let t = r.timeSeries
        let dates = t.dates.map(\.description)
        let levels = t.entities.map(\.level.rawValue)
        let names = t.entities.map(\.name)
        let wanted = t.entities.map { options.detailLevels?.contains($0.level) ?? true }
        let rep = String(r.replication + 1)
        for i in 0..<t.rowCount {
            let e = Int(t.entity[i])
            guard wanted[e] else { continue }
            timeSeries.writeRow([rep, dates[Int(t.dateIndex[i])], levels[e], names[e], t.metrics[Int(t.metric[i])],
                                 NumberFormat.format(t.value[i])])
        }
    }

    static func writeSnapshots(_ r: ReplicationResult, _ w: CSVWriter) {
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
}

/// What `summary.csv` needs from each replication: per (level, entity,
/// metric), the value on the last output date (`final`) and the mean over
/// output dates after the warm-up (`horizon_mean`).
struct SummaryAccumulator {
    struct Key: Hashable { var level: OutputSpec.Level; var entity: String; var metric: String }
    var order: [Key] = []
    var finals: [Key: [Double]] = [:]
    var means: [Key: [Double]] = [:]

    mutating func add(_ t: TimeSeriesTable, start: CivilDate, warmupDays: Int) {
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

    /// One row per (level, entity, metric, statistic) with the spread of that
    /// statistic across replications.
    func write(to dir: URL) throws -> WrittenFile {
        let w = try CSVWriter(url: dir.appendingPathComponent("summary.csv"),
                              header: ["level", "entity", "metric", "statistic", "replications",
                                       "mean", "sd", "ci95_low", "ci95_high", "p10", "p50", "p90"])
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
}

/// What `timeseries_summary.csv` needs: every replication's value of every
/// row. While the replications share one layout (the same dates, entities,
/// metrics and rows — always so for the replications of one scenario), each
/// replication's column of values goes to a temporary file, and the summary is
/// written a block of rows at a time; otherwise the time series are kept and
/// matched by key (``TimeSeriesSummary/rows(_:)``).
final class SpreadAccumulator {
    let spill: URL
    var handle: FileHandle?
    /// The first replication's table without its values.
    var layout: TimeSeriesTable?
    /// Rows per replication (the layout's).
    var rows: Int { layout?.dateIndex.count ?? 0 }
    var replications = 0
    /// Set when a replication's layout differs from the first's.
    var kept: [ReplicationResult]?

    init(directory: URL) throws {
        spill = directory.appendingPathComponent(".timeseries_summary.values-\(ProcessInfo.processInfo.processIdentifier).partial")
        guard FileManager.default.createFile(atPath: spill.path, contents: nil),
              let h = FileHandle(forUpdatingAtPath: spill.path) else {
            throw ReportError.cannotWrite(spill.path)
        }
        handle = h
    }

    func add(_ t: TimeSeriesTable) throws {
        if kept != nil {
            kept!.append(Self.result(t, replications))
            replications += 1
            return
        }
        if let first = layout {
            guard t.dates == first.dates, t.entities == first.entities, t.metrics == first.metrics,
                  t.dateIndex == first.dateIndex, t.entity == first.entity, t.metric == first.metric else {
                try switchToKeyed(adding: t)
                return
            }
        } else {
            var l = t
            l.value = []
            layout = l
        }
        do {
            try t.value.withUnsafeBytes { try handle!.write(contentsOf: Data($0)) }
        } catch { throw ReportError.cannotWrite(spill.path) }
        replications += 1
    }

    static func result(_ t: TimeSeriesTable, _ r: Int) -> ReplicationResult {
        ReplicationResult(replication: r, timeSeries: t, wmtSnapshots: [], events: 0, headline: [])
    }

    /// Reads the replications so far back from the temporary file and keeps them whole from now on.
    func switchToKeyed(adding t: TimeSeriesTable) throws {
        var all: [ReplicationResult] = []
        for r in 0..<replications {
            var table = layout!
            table.value = try column(r, 0..<rows)
            all.append(Self.result(table, r))
        }
        all.append(Self.result(t, replications))
        replications += 1
        kept = all
    }

    /// Replication r's values of rows `range`.
    func column(_ r: Int, _ range: Range<Int>) throws -> [Double] {
        do {
            try handle!.seek(toOffset: UInt64((r * rows + range.lowerBound) * 8))
            let data = try handle!.read(upToCount: range.count * 8) ?? Data()
            guard data.count == range.count * 8 else { throw ReportError.cannotWrite(spill.path) }
            var values = [Double](repeating: 0, count: range.count)
            values.withUnsafeMutableBytes { dst in data.withUnsafeBytes { dst.copyMemory(from: $0) } }
            return values
        } catch { throw ReportError.cannotWrite(spill.path) }
    }

    func write(to directory: URL) throws -> WrittenFile {
        defer { close() }
        let w = try CSVWriter(url: directory.appendingPathComponent(TimeSeriesSummary.fileName), header: TimeSeriesSummary.header)
        var dateText: [CivilDate: String] = [:]
        func row(_ date: CivilDate, _ entity: OutputEntity, _ metric: String, _ values: [Double]) {
            let d = dateText[date] ?? { let s = date.description; dateText[date] = s; return s }()
            TimeSeriesSummary.writeRow(w, date: d, entity: entity, metric: metric, values: values)
        }
        if let kept {
            for r in TimeSeriesSummary.rows(kept) { row(r.date, r.entity, r.metric, r.values) }
        } else if let t = layout, replications > 0 {
            let block = max(1, (8 << 20) / (8 * replications))
            var start = 0
            while start < rows {
                let range = start..<min(start + block, rows)
                let columns = try (0..<replications).map { try column($0, range) }
                for (j, i) in range.enumerated() {
                    row(t.dates[Int(t.dateIndex[i])], t.entities[Int(t.entity[i])], t.metrics[Int(t.metric[i])],
                        columns.map { $0[j] })
                }
                start = range.upperBound
            }
        }
        try w.finish()
        return WrittenFile(w)
    }

    func close() {
        try? handle?.close()
        handle = nil
        try? FileManager.default.removeItem(at: spill)
    }
}
