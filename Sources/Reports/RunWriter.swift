// SPDX-License-Identifier: GPL-3.0-or-later
import CZlib
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
    /// The dated items `horizon.after_end: drop` left out, each as `FILE:LINE:COLUMN: PATH: … dropped`
    /// (recorded in the manifest, so a run directory says what its scenario did not include).
    public var dropped: [String] = []

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
            "horizon_start": info.start.description,
            "jobs": info.jobs,
            "started_at": iso.string(from: info.startedAt),
            "finished_at": iso.string(from: Date()),
            "files": files.map { ["name": $0.name, "rows": $0.rows, "bytes": $0.bytes, "sha256": $0.sha256] as [String: Any] },
        ]
        if let point = info.point { obj["point"] = point }
        if !info.extends.isEmpty { obj["extends"] = info.extends.map { ["file": $0.file, "sha256": $0.sha256] } }
        if !info.overrides.isEmpty { obj["overrides"] = info.overrides }
        if let d = info.description { obj["scenario_description"] = d }
        if !info.dropped.isEmpty { obj["dropped_after_horizon"] = info.dropped }
        return obj
    }
}

/// A run directory written as replications finish, in any order, from any
/// thread: ``add(_:)`` — called on the worker thread that ran the replication —
/// formats and compresses that replication's detail rows (`timeseries`,
/// `wmt_snapshot`) into its own chunk files in the directory's
/// `.replications/` folder, keeps what the summaries across replications need
/// compactly (per metric its final and horizon mean; the time series values
/// in a temporary file at the replication's own offset), and records the
/// replication as finished on disk. ``finish()`` joins the chunks in
/// replication order into the detail files (one gzip member: each chunk is a
/// run of deflate blocks ended by a sync flush), writes the summaries and
/// then `manifest.json`. So the bytes are the same whatever the order
/// replications finish in (any `--jobs`), and memory holds no replication's
/// results beyond the one being added.
///
/// A stream opened with `resume` keeps the replications an interrupted run
/// finished (``finishedReplications``) and needs only the others.
public final class RunStream: @unchecked Sendable {
    public let info: RunInfo
    public let directory: URL
    public let options: OutputOptions
    /// The finished replications' chunks and records: `.replications/`.
    let work: URL
    let lock = NSLock()
    var done: [Int: Finished] = [:]
    let spread: SpreadAccumulator
    var finished = false
    /// The summaries across replications, once ``finish()`` has run.
    var summary = SummaryAccumulator()
    /// The key list of the first replication summarised, shared by those with the same keys.
    var canonicalKeys: [SummaryAccumulator.Key] = []

    /// What is kept of a finished replication.
    struct Finished {
        var headline: [(name: String, value: Double)]
        var summary: SummaryAccumulator.Piece
        var record: Record
    }

    /// A finished replication as recorded on disk (`rNNNNNN.done`, written last).
    struct Record: Codable {
        var replication: Int
        var timeSeries: ChunkInfo
        var snapshots: ChunkInfo?
        /// The replication's time series and headline (``ReplicationCodec``, without snapshots), for a resume.
        var results: ChunkInfo
    }

    public static let workName = ".replications"

    /// Claims `directory` (refusing one that holds a finished run) and makes
    /// its `.replications/` folder; with `resume`, keeps the replications
    /// already finished there.
    public init(info: RunInfo, directory: URL, options: OutputOptions = OutputOptions(), resume: Bool = false) throws {
        self.info = info
        self.directory = directory
        self.options = options
        try RunWriter.prepare(directory)
        work = directory.appendingPathComponent(Self.workName)
        let fm = FileManager.default
        if !resume { try? fm.removeItem(at: work) }
        do { try fm.createDirectory(at: work, withIntermediateDirectories: true) }
        catch { throw ReportError.cannotWrite(work.path, reason: OutputFile.reason(error)) }
        spread = try SpreadAccumulator(directory: directory, replications: info.replications)
        if resume {
            do { try loadFinished() } catch { spread.close(); throw error }
        }
    }

    /// The replications finished so far (in order).
    public var finishedReplications: [Int] { lock.lock(); defer { lock.unlock() }; return done.keys.sorted() }

    /// The replications added so far.
    public var count: Int { lock.lock(); defer { lock.unlock() }; return done.count }

    /// The headline figures of the finished replications, in replication order.
    public var headlines: [[(name: String, value: Double)]] {
        lock.lock(); defer { lock.unlock() }
        return done.keys.sorted().map { done[$0]!.headline }
    }

    func chunkURL(_ r: Int, _ what: String) -> URL {
        work.appendingPathComponent(String(format: "r%06d.", r) + what)
    }

    /// Adds a replication's results (any replication, in any order, from any thread).
    public func add(_ r: ReplicationResult) throws {
        lock.lock()
        precondition(!finished, "RunStream.add after finish")
        let known = done[r.replication] != nil
        lock.unlock()
        guard (0..<info.replications).contains(r.replication), !known else {
            throw ReportError.cannotWrite(directory.path, reason: "replication \(r.replication + 1) is not one this run still needs")
        }
        let ts = try writeTimeSeries(r)
        let snaps = options.snapshots ? try writeSnapshots(r) : nil
        var kept = r
        kept.wmtSnapshots = []
        let bytes = ReplicationCodec.encode(kept)
        let resultsURL = chunkURL(r.replication, "results")
        try OutputFile.write(Data(bytes), to: resultsURL)
        let record = Record(replication: r.replication, timeSeries: ts, snapshots: snaps,
                            results: ChunkInfo(file: resultsURL.lastPathComponent, rows: 0, bytes: bytes.count, rawBytes: bytes.count, crc: 0))
        try take(r, record)
        let json = try JSONEncoder().encode(record)
        try OutputFile.write(json, to: chunkURL(r.replication, "done"))
    }

    /// Reduces a replication to what the summaries need and keeps it.
    func take(_ r: ReplicationResult, _ record: Record) throws {
        var piece = SummaryAccumulator.piece(r.timeSeries, start: info.start, warmupDays: info.warmupDays)
        try spread.add(r.timeSeries, replication: r.replication)
        lock.lock()
        defer { lock.unlock() }
        if canonicalKeys.isEmpty { canonicalKeys = piece.keys } else if piece.keys == canonicalKeys { piece.keys = canonicalKeys }
        done[r.replication] = Finished(headline: r.headline, summary: piece, record: record)
    }

    /// Reads back the replications an interrupted run finished.
    func loadFinished() throws {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: work.path)) ?? []).filter { $0.hasSuffix(".done") }.sorted()
        for name in names {
            guard let data = fm.contents(atPath: work.appendingPathComponent(name).path),
                  let record = try? JSONDecoder().decode(Record.self, from: data),
                  (0..<info.replications).contains(record.replication),
                  [record.timeSeries, record.results].allSatisfy({ chunkIsThere($0) }),
                  record.snapshots.map(chunkIsThere) ?? !options.snapshots else { continue }
            let path = work.appendingPathComponent(record.results.file).path
            guard let bytes = fm.contents(atPath: path),
                  let r = try? ReplicationCodec.decode([UInt8](bytes), name: path), r.replication == record.replication else { continue }
            try take(r, record)
        }
    }

    func chunkIsThere(_ c: ChunkInfo) -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: work.appendingPathComponent(c.file).path)[.size] as? Int) ?? nil
        return size == c.bytes
    }

    /// Writes the files that summarise across replications, then `manifest.json`.
    public func finish() throws -> RunWriter.Written {
        lock.lock()
        finished = true
        let missing = (0..<info.replications).filter { done[$0] == nil }
        let all = (0..<info.replications).compactMap { done[$0] }
        lock.unlock()
        guard missing.isEmpty else {
            throw ReportError.cannotWrite(directory.path, reason: "replication(s) \(missing.map { String($0 + 1) }.joined(separator: ", ")) not finished")
        }
        var files: [WrittenFile] = []
        files.append(try ChunkedFile.join(into: directory.appendingPathComponent(options.compress ? "timeseries.csv.gz" : "timeseries.csv"),
                                          header: RunDirectory.timeSeriesHeader, compressed: options.compress,
                                          chunks: all.map(\.record.timeSeries), from: work))
        summary = SummaryAccumulator()
        for f in all { summary.add(f.summary) }
        files.append(try summary.write(to: directory))
        files.append(try spread.write(to: directory))
        if options.snapshots {
            files.append(try ChunkedFile.join(into: directory.appendingPathComponent(options.compress ? "wmt_snapshot.csv.gz" : "wmt_snapshot.csv"),
                                              header: RunWriter.snapshotHeader, compressed: options.compress,
                                              chunks: all.compactMap(\.record.snapshots), from: work))
        }
        files.append(try RunWriter.writeHeadline(all.map(\.headline), directory))
        files.append(try AssumptionRecord.write(info.assumptions, directory))
        files.append(try RunWriter.writePDUs(info.pduRegions, directory))
        if info.report {
            // The report reads the files just written; the manifest it would read is the one about to be written.
            let manifestData = try JSONSerialization.data(withJSONObject: RunWriter.manifestObject(info: info, files: files))
            let manifest = try JSONDecoder().decode(RunManifest.self, from: manifestData)
            let html = try RunReport.build(run: directory.path, manifest: manifest)
            files.append(try RunWriter.writeFile(Array(html.utf8), RunReport.fileName, directory))
        }
        try? FileManager.default.removeItem(at: work)
        try RunWriter.writeManifest(info: info, files: files, directory)
        return RunWriter.Written(directory: directory, files: files)
    }

    /// The final values of a metric across replications (after ``finish()``), NaN where absent;
    /// an empty `entity` means the level's first (the country at the national level).
    public func finals(metric: String, entity: String, level: OutputSpec.Level) -> [Double]? {
        if entity.isEmpty {
            guard let key = summary.order.first(where: { $0.level == level && $0.metric == metric }) else { return nil }
            return summary.finals[key]
        }
        return summary.finals[SummaryAccumulator.Key(level: level, entity: entity, metric: metric)]
    }

    /// Abandons the run: removes the temporary files (no manifest is written);
    /// with `keepFinished`, the finished replications stay for a resume.
    public func abandon(keepFinished: Bool = false) {
        lock.lock(); finished = true; lock.unlock()
        spread.close()
        if keepFinished {
            OutputFile.removeTemporaries(in: work, depth: 0)
        } else {
            try? FileManager.default.removeItem(at: work)
        }
    }

    /// One replication's time series, at the levels `options` asks for, as a chunk.
    func writeTimeSeries(_ r: ReplicationResult) throws -> ChunkInfo {
        let t = r.timeSeries
        let w = try CSVWriter(url: chunkURL(r.replication, "timeseries"), header: nil, compressed: options.compress, chunk: true)
        // Each row is "rep,date," + "level,name," + "metric," + value: the text parts encoded once.
        let rep = String(r.replication + 1)
        let prefixes = t.dates.map { Array((rep + ",").utf8) + CSVCell.encoded($0.description) + [UInt8(ascii: ",")] }
        let entities = t.entities.map { CSVCell.encoded($0.level.rawValue) + [UInt8(ascii: ",")] + CSVCell.encoded($0.name) + [UInt8(ascii: ",")] }
        let metrics = t.metrics.map { CSVCell.encoded($0) + [UInt8(ascii: ",")] }
        let wanted = t.entities.map { options.detailLevels?.contains($0.level) ?? true }
        let b = w.row
        for i in 0..<t.rowCount {
            let e = Int(t.entity[i])
            guard wanted[e] else { continue }
            b.raw(prefixes[Int(t.dateIndex[i])])
            b.raw(entities[e])
            b.raw(metrics[Int(t.metric[i])])
            b.number(t.value[i])
            w.endRow()
        }
        do { try w.finish() } catch { w.abandon(); throw error }
        return ChunkInfo(w)
    }

    /// One replication's WMT snapshot rows, as a chunk.
    func writeSnapshots(_ r: ReplicationResult) throws -> ChunkInfo {
        let w = try CSVWriter(url: chunkURL(r.replication, "wmt_snapshot"), header: nil, compressed: options.compress, chunk: true)
        Self.writeSnapshots(r, w)
        do { try w.finish() } catch { w.abandon(); throw error }
        return ChunkInfo(w)
    }

    static func writeSnapshots(_ r: ReplicationResult, _ w: CSVWriter) {
        let rep = Array((String(r.replication + 1) + ",").utf8)
        var dateText: [CivilDate: [UInt8]] = [:]
        let grades = Dictionary(uniqueKeysWithValues: Grade.allCases.map { ($0, CSVCell.encoded($0.rawValue)) })
        let b = w.row
        for s in r.wmtSnapshots {
            b.raw(rep)
            if let d = dateText[s.date] { b.raw(d) } else {
                let d = CSVCell.encoded(s.date.description)
                dateText[s.date] = d
                b.raw(d)
            }
            b.comma()
            b.text(s.practitioner)
            b.comma()
            b.raw(grades[s.grade]!)
            b.comma()
            b.number(s.contractedHours)
            b.comma()
            b.number(s.reductionHours)
            s.withCategoryCounts { b.commaIntegers($0) }
            b.comma(); b.integer(s.sdrCount)
            b.comma(); b.integer(s.fdrCount)
            w.endRow()
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

    /// One replication reduced: its keys in order of first appearance, with their final and horizon mean.
    struct Piece {
        var keys: [Key]
        var finals: [Double]
        var means: [Double]
    }

    static func piece(_ t: TimeSeriesTable, start: CivilDate, warmupDays: Int) -> Piece {
        let lastDate = t.dates.count - 1
        let firstCounted = t.dates.firstIndex { $0.dayNumber - start.dayNumber > warmupDays } ?? t.dates.count
        let width = max(1, t.metrics.count)
        var slot = [Int32](repeating: -1, count: t.entities.count * width)
        var keys: [Key] = [], sums: [Double] = [], counts: [Int] = [], fin: [Double] = []
        for i in 0..<t.rowCount {
            let k = Int(t.entity[i]) * width + Int(t.metric[i])
            var s = Int(slot[k])
            if s < 0 {
                s = keys.count
                slot[k] = Int32(s)
                let e = t.entities[Int(t.entity[i])]
                keys.append(Key(level: e.level, entity: e.name, metric: t.metrics[Int(t.metric[i])]))
                sums.append(0); counts.append(0); fin.append(.nan)
            }
            let v = t.value[i]
            let d = Int(t.dateIndex[i])
            if d >= firstCounted, !v.isNaN { sums[s] += v; counts[s] += 1 }
            if d == lastDate { fin[s] = v }
        }
        return Piece(keys: keys, finals: fin, means: keys.indices.map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : .nan })
    }

    mutating func add(_ t: TimeSeriesTable, start: CivilDate, warmupDays: Int) {
        add(Self.piece(t, start: start, warmupDays: warmupDays))
    }

    /// Adds the next replication (in replication order).
    mutating func add(_ p: Piece) {
        for (j, key) in p.keys.enumerated() {
            if finals[key] == nil { order.append(key); finals[key] = []; means[key] = [] }
            finals[key]!.append(p.finals[j])
            means[key]!.append(p.means[j])
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
                let b = w.row
                b.text(key.level.rawValue); b.comma(); b.text(key.entity); b.comma(); b.text(key.metric); b.comma()
                b.text(stat); b.comma(); b.integer(v.count)
                for x in [s.mean, s.sd, ci.low, ci.high, s.p10, s.p50, s.p90] { b.comma(); b.number(x) }
                w.endRow()
            }
        }
        try w.finish()
        return WrittenFile(w)
    }
}

/// What `timeseries_summary.csv` needs: every replication's value of every
/// row. While the replications share one layout (the same dates, entities,
/// metrics and rows — always so for the replications of one scenario), each
/// replication's column of values goes to a temporary file at its own offset
/// (so replications may arrive in any order), and the summary is written a
/// block of rows at a time; a replication whose layout differs is kept whole,
/// and then every replication is matched by key (``TimeSeriesSummary/rows(_:)``).
final class SpreadAccumulator: @unchecked Sendable {
    let spill: URL
    var fd: Int32
    let replications: Int
    let lock = NSLock()
    /// The first replication's table without its values.
    var layout: TimeSeriesTable?
    /// Rows per replication (the layout's).
    var rows: Int { layout?.dateIndex.count ?? 0 }
    /// Replications whose values are in the temporary file.
    var spilled: Set<Int> = []
    /// Replications whose layout differs from the first's, kept whole.
    var odd: [Int: TimeSeriesTable] = [:]

    init(directory: URL, replications: Int) throws {
        self.replications = replications
        spill = OutputFile.temporaryURL(for: directory.appendingPathComponent("timeseries_summary.values"))
        fd = open(spill.path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ReportError.cannotWrite(spill.path, reason: OutputFile.lastError()) }
    }

    /// Adds replication `r`'s time series (from any thread).
    func add(_ t: TimeSeriesTable, replication r: Int) throws {
        lock.lock()
        if layout == nil {
            var l = t
            l.value = []
            layout = l
        }
        let first = layout!
        lock.unlock()
        guard t.dates == first.dates, t.entities == first.entities, t.metrics == first.metrics,
              t.dateIndex == first.dateIndex, t.entity == first.entity, t.metric == first.metric else {
            lock.lock(); odd[r] = t; lock.unlock()
            return
        }
        let ok = t.value.withUnsafeBytes { b -> Bool in
            var written = 0
            while written < b.count {
                let n = pwrite(fd, b.baseAddress! + written, b.count - written, off_t(r * b.count + written))
                if n <= 0 { return false }
                written += n
            }
            return true
        }
        guard ok else { throw ReportError.cannotWrite(spill.path, reason: OutputFile.lastError()) }
        lock.lock(); spilled.insert(r); lock.unlock()
    }

    /// Replication r's values of rows `range`.
    func column(_ r: Int, _ range: Range<Int>) throws -> [Double] {
        var values = [Double](repeating: 0, count: range.count)
        let ok = values.withUnsafeMutableBytes { b -> Bool in
            var read = 0
            while read < b.count {
                let n = pread(fd, b.baseAddress! + read, b.count - read, off_t((r * rows + range.lowerBound) * 8 + read))
                if n <= 0 { return false }
                read += n
            }
            return true
        }
        guard ok else { throw ReportError.cannotWrite(spill.path) }
        return values
    }

    func write(to directory: URL) throws -> WrittenFile {
        defer { close() }
        let w = try CSVWriter(url: directory.appendingPathComponent(TimeSeriesSummary.fileName), header: TimeSeriesSummary.header)
        var dateText: [CivilDate: [UInt8]] = [:]
        var scratch: [Double] = []
        func row(_ date: CivilDate, _ entity: OutputEntity, _ metric: String, _ values: [Double]) {
            let d = dateText[date] ?? { let s = CSVCell.encoded(date.description); dateText[date] = s; return s }()
            TimeSeriesSummary.writeRow(w, date: d, entity: entity, metric: metric, values: values, scratch: &scratch)
        }
        if !odd.isEmpty {
            var all: [ReplicationResult] = []
            for r in 0..<replications {
                var table: TimeSeriesTable
                if let t = odd[r] { table = t } else { table = layout!; table.value = try column(r, 0..<rows) }
                all.append(ReplicationResult(replication: r, timeSeries: table, wmtSnapshots: [], events: 0, headline: []))
            }
            for r in TimeSeriesSummary.rows(all) { row(r.date, r.entity, r.metric, r.values) }
        } else if let t = layout, replications > 0 {
            // The text of each entity and metric, encoded once.
            let entityText = t.entities.map { CSVCell.encoded($0.level.rawValue) + [UInt8(ascii: ",")] + CSVCell.encoded($0.name) + [UInt8(ascii: ",")] }
            let metricText = t.metrics.map { CSVCell.encoded($0) + [UInt8(ascii: ",")] }
            let block = max(1, (8 << 20) / (8 * replications))
            var start = 0
            var values = [Double](repeating: 0, count: replications)
            while start < rows {
                let range = start..<min(start + block, rows)
                let columns = try (0..<replications).map { try column($0, range) }
                for (j, i) in range.enumerated() {
                    let date = t.dates[Int(t.dateIndex[i])]
                    let d = dateText[date] ?? { let s = CSVCell.encoded(date.description); dateText[date] = s; return s }()
                    for r in 0..<replications { values[r] = columns[r][j] }
                    TimeSeriesSummary.writeRow(w, encodedDate: d, entityAndMetric: entityText[Int(t.entity[i])],
                                               metricText[Int(t.metric[i])], values: values, scratch: &scratch)
                }
                start = range.upperBound
            }
        }
        try w.finish()
        return WrittenFile(w)
    }

    func close() {
        lock.lock(); defer { lock.unlock() }
        if fd >= 0 { Foundation.close(fd); fd = -1 }
        unlink(spill.path)
    }
}

/// One chunk of a detail file's rows (one replication's), as ``ChunkedFile`` joins them.
struct ChunkInfo: Codable, Equatable {
    /// The chunk's file name in `.replications/`.
    var file: String
    var rows: Int
    /// Bytes as stored (compressed: a raw deflate stream ended by a sync flush).
    var bytes: Int
    /// Bytes of CSV before compression, and their CRC-32.
    var rawBytes: Int
    var crc: UInt32

    init(file: String, rows: Int, bytes: Int, rawBytes: Int, crc: UInt32) {
        self.file = file; self.rows = rows; self.bytes = bytes; self.rawBytes = rawBytes; self.crc = crc
    }

    init(_ w: CSVWriter) {
        self.init(file: w.url.lastPathComponent, rows: w.rows, bytes: w.bytes, rawBytes: w.rawBytes, crc: w.crc)
    }
}

/// Joins chunks of rows, in order, under a header into one detail file. A
/// compressed file is one gzip member (RFC 1952): the header (no name, time 0),
/// the header row's deflate blocks, each chunk's (every chunk is compressed
/// afresh and ends with a sync flush, so they follow one another as one deflate
/// stream), an empty final block, and the CRC-32 and length of the whole CSV,
/// combined from the chunks' (zlib's `crc32_combine`). A plain file is the
/// header row and the chunks one after another.
enum ChunkedFile {
    static let gzipHeader: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]
    /// An empty final block with fixed Huffman codes: BFINAL 1, BTYPE 01, end-of-block.
    static let finalBlock: [UInt8] = [0x03, 0x00]

    static func join(into url: URL, header: [String], compressed: Bool, chunks: [ChunkInfo], from dir: URL) throws -> WrittenFile {
        let headerRow = CSVBytes(capacity: 4096)
        for (i, h) in header.enumerated() {
            if i > 0 { headerRow.comma() }
            headerRow.text(h)
        }
        headerRow.newline()
        let temporary = OutputFile.temporaryURL(for: url)
        guard let handle = OutputFile.create(temporary) else { throw ReportError.cannotWrite(url.path, reason: OutputFile.lastError()) }
        var hasher = SHA256Stream()
        var bytes = 0
        func put(_ b: UnsafeRawBufferPointer) throws {
            guard b.count > 0 else { return }
            hasher.update(b)
            bytes += b.count
            do { try handle.write(contentsOf: b) } catch { throw ReportError.cannotWrite(url.path, reason: OutputFile.reason(error)) }
        }
        do {
            var crc = UInt32(crc32(0, nil, 0))
            var total = headerRow.count
            if compressed {
                try gzipHeader.withUnsafeBytes { try put($0) }
                let c = try GzipCompressor(raw: true)
                try c.compress(headerRow.bytes, finish: true) { try put($0) }
                crc = UInt32(crc32(uLong(crc), headerRow.bytes.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(headerRow.count)))
            } else {
                try put(headerRow.bytes)
            }
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            for c in chunks {
                let path = dir.appendingPathComponent(c.file).path
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw ReportError.cannotWrite(url.path, reason: "\(path): \(OutputFile.lastError())") }
                defer { Foundation.close(fd) }
                var read = 0
                while true {
                    let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
                    if n < 0 { throw ReportError.cannotWrite(url.path, reason: "\(path): \(OutputFile.lastError())") }
                    if n == 0 { break }
                    read += n
                    try buffer.withUnsafeBytes { try put(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                }
                guard read == c.bytes else {
                    throw ReportError.cannotWrite(url.path, reason: "\(path) holds \(read) bytes, \(c.bytes) were written")
                }
                if compressed { crc = UInt32(czlib_crc32_combine(UInt(crc), UInt(c.crc), Int64(c.rawBytes))) }
                total += c.rawBytes
            }
            if compressed {
                var trailer = finalBlock
                for k in 0..<4 { trailer.append(UInt8(truncatingIfNeeded: crc >> (8 * k))) }
                for k in 0..<4 { trailer.append(UInt8(truncatingIfNeeded: UInt32(truncatingIfNeeded: total) >> (8 * k))) }
                try trailer.withUnsafeBytes { try put($0) }
            }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error as? ReportError ?? ReportError.cannotWrite(url.path, reason: OutputFile.reason(error))
        }
        do { try OutputFile.rename(temporary, to: url) } catch { try? FileManager.default.removeItem(at: temporary); throw error }
        return WrittenFile(name: url.lastPathComponent, rows: chunks.reduce(0) { $0 + $1.rows }, bytes: bytes, sha256: hasher.finalize())
    }
}
