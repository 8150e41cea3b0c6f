// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// What `manifest.json` says about a finished run (the fields the analysis
/// commands use; the others are ignored).
public struct RunManifest: Sendable, Decodable {
    public var toolVersion: String?
    public var scenarioName: String?
    public var scenarioPath: String?
    public var scenarioSHA256: String?
    public var seed: UInt64?
    public var replications: Int
    public var files: [File]?
    /// The scenario's point (variant or sweep point), when the run is one.
    public var point: String?
    /// `metadata.description` of the scenario.
    public var scenarioDescription: String?
    /// The files the scenario extends, nearest first (`extends` in the manifest).
    public var extends: [ScenarioFileHash]?
    /// Overrides given on the command line (`--set`), `path=value`, in order.
    public var overrides: [String]?
    /// The first day simulated (`horizon.start`, Day 1 for the national model), `YYYY-MM-DD`;
    /// manifests from before 4 December 2026 do not record it.
    public var horizonStart: String?

    public struct File: Sendable, Decodable {
        public var name: String
        public var rows: Int
        /// Size on disk and SHA-256 (manifests from before these were recorded have neither).
        public var bytes: Int?
        public var sha256: String?
    }

    enum CodingKeys: String, CodingKey {
        case toolVersion = "tool_version", scenarioName = "scenario_name", scenarioPath = "scenario_path"
        case scenarioSHA256 = "scenario_sha256", seed, replications, files, point
        case scenarioDescription = "scenario_description", extends, overrides
        case horizonStart = "horizon_start"
    }

    public init(toolVersion: String? = nil, scenarioName: String? = nil, scenarioPath: String? = nil,
                scenarioSHA256: String? = nil, seed: UInt64? = nil, replications: Int, files: [File]? = nil) {
        self.toolVersion = toolVersion; self.scenarioName = scenarioName; self.scenarioPath = scenarioPath
        self.scenarioSHA256 = scenarioSHA256; self.seed = seed; self.replications = replications; self.files = files
    }

    /// The row count the manifest records for `name`, if it lists it.
    public func rows(of name: String) -> Int? { files?.first { $0.name == name }?.rows }
}

/// One time series of a run: a metric of an entity at a level.
public struct SeriesKey: Hashable, Sendable, CustomStringConvertible {
    public var level: String
    public var entity: String
    public var metric: String

    public init(level: String, entity: String, metric: String) {
        self.level = level; self.entity = entity; self.metric = metric
    }

    public var description: String { "\(level)/\(entity)/\(metric)" }
}

/// Why a run directory cannot be read back.
public struct RunDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A finished run directory read back from disk: its manifest and its time
/// series (`timeseries.csv`), as a matrix of replications × output dates for
/// each (level, entity, metric). A value that is empty in the file, or whose
/// row is absent, is NaN ("no value").
///
/// Opening checks that the directory is a finished run: `manifest.json` is
/// written last by `caseflow run`, so a directory without it is an unfinished
/// run (or not a run at all); the time series' header, replication numbers,
/// dates and values must be well formed, and its row count must match the
/// manifest's.
public struct RunDirectory: Sendable {
    /// The path as given.
    public let path: String
    public let manifest: RunManifest
    /// The output dates found in the time series, in order.
    public let dates: [CivilDate]
    /// The series read (those the filter accepted), in the order they first appear in the file.
    public let keys: [SeriesKey]
    /// Every series in the file, read or not, in the order they first appear.
    public let allKeys: [SeriesKey]
    let index: [SeriesKey: Int]
    /// Per series: `replications × dates.count` values, replication-major.
    let storage: [[Double]]

    /// The number of replications (replications are numbered 1…n).
    public var replications: Int { manifest.replications }

    /// The directory's last path component (the run's usual name).
    public var name: String {
        let n = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        return n.isEmpty ? path : n
    }

    /// Builds a run in memory (for tests and tools). `values[key][r][d]` is
    /// replication r+1's value on `dates[d]`.
    public init(path: String, manifest: RunManifest, dates: [CivilDate], series: [(SeriesKey, [[Double]])]) {
        self.path = path
        self.manifest = manifest
        self.dates = dates
        self.keys = series.map(\.0)
        self.allKeys = keys
        var index: [SeriesKey: Int] = [:]
        for (i, k) in keys.enumerated() { index[k] = i }
        self.index = index
        self.storage = series.map { $0.1.flatMap { $0 } }
    }

    init(path: String, manifest: RunManifest, dates: [CivilDate], keys: [SeriesKey], allKeys: [SeriesKey], storage: [[Double]]) {
        self.path = path; self.manifest = manifest; self.dates = dates; self.keys = keys; self.allKeys = allKeys
        self.storage = storage
        var index: [SeriesKey: Int] = [:]
        for (i, k) in keys.enumerated() { index[k] = i }
        self.index = index
    }

    public func contains(_ key: SeriesKey) -> Bool { index[key] != nil }

    /// Replication `replication`'s value (replications counted from 1) on
    /// `dates[dateIndex]`; NaN for no value.
    public func value(_ key: SeriesKey, replication: Int, dateIndex: Int) -> Double {
        guard let i = index[key] else { return .nan }
        return storage[i][(replication - 1) * dates.count + dateIndex]
    }

    /// Replication `replication`'s whole series (one value per output date).
    public func series(_ key: SeriesKey, replication: Int) -> ArraySlice<Double> {
        guard let i = index[key] else { return ArraySlice(repeating: .nan, count: dates.count) }
        let start = (replication - 1) * dates.count
        return storage[i][start..<(start + dates.count)]
    }

    // MARK: Reading

    public static let timeSeriesHeader = ["replication", "date", "level", "entity", "metric", "value"]

    /// Reads the manifest only, checking the directory is a finished run.
    public static func readManifest(_ path: String) throws -> RunManifest {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RunDirectoryError("\(path): no such directory")
        }
        guard isDirectory.boolValue else {
            throw RunDirectoryError("\(path) is a file, not a run directory")
        }
        let manifestPath = (path as NSString).appendingPathComponent("manifest.json")
        guard fm.fileExists(atPath: manifestPath) else {
            throw RunDirectoryError("\(path) is an unfinished run or not a run directory: it has no manifest.json "
                                    + "(caseflow run writes the manifest last, after every data file)")
        }
        guard let data = fm.contents(atPath: manifestPath) else {
            throw RunDirectoryError("\(manifestPath) cannot be read")
        }
        let manifest: RunManifest
        do { manifest = try JSONDecoder().decode(RunManifest.self, from: data) }
        catch {
            throw RunDirectoryError("\(manifestPath) is not a caseflow run manifest (\(describe(error)))")
        }
        guard manifest.replications >= 1 else {
            throw RunDirectoryError("\(manifestPath): replications must be at least 1 (found \(manifest.replications))")
        }
        return manifest
    }

    /// Opens the run directory at `path`, keeping only the series `include` accepts.
    public static func open(_ path: String, include: @escaping (SeriesKey) -> Bool = { _ in true }) throws -> RunDirectory {
        try open(path, include: include, chunkBytes: TimeSeriesReader.defaultChunkBytes)
    }

    /// ``open(_:include:)`` reading the file `chunkBytes` at a time (for tests of the chunking).
    static func open(_ path: String, include: @escaping (SeriesKey) -> Bool, chunkBytes: Int) throws -> RunDirectory {
        let manifest = try readManifest(path)
        guard let csvPath = detailFile(path, "timeseries") else {
            throw RunDirectoryError("\((path as NSString).appendingPathComponent("timeseries.csv.gz")): no such file "
                                    + "(nor timeseries.csv): the run was written without per-replication detail (--detail), "
                                    + "or the directory has been changed since the run")
        }
        let source: GzipReader
        do { source = try GzipReader(path: csvPath) } catch { throw RunDirectoryError("\(error)") }
        var reader = TimeSeriesReader(file: csvPath, replications: manifest.replications, include: include, chunkBytes: chunkBytes)
        do { try reader.read(source) } catch let e as GzipError { throw RunDirectoryError(e.description) }
        let fileName = (csvPath as NSString).lastPathComponent
        if let expected = manifest.rows(of: fileName), expected != reader.dataRows {
            throw RunDirectoryError("\(csvPath) has \(reader.dataRows) data rows but manifest.json records \(expected): "
                                    + "the file has been changed or truncated since the run")
        }
        let (dates, storage) = reader.assemble()
        return RunDirectory(path: path, manifest: manifest, dates: dates, keys: reader.keys, allKeys: reader.allKeys, storage: storage)
    }

    /// The path of a run's detail file `stem` (`timeseries`, `wmt_snapshot`):
    /// `stem.csv.gz` as runs write it, or `stem.csv` (`--no-compress`, and runs
    /// from before compression); nil when neither exists.
    public static func detailFile(_ directory: String, _ stem: String) -> String? {
        for name in ["\(stem).csv.gz", "\(stem).csv"] {
            let p = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: p) { return p }
        }
        return nil
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "\"\(c.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "\(error)"
        }
    }
}

/// Reads `timeseries.csv` a block at a time; the text up to the last line
/// break outside quotes is parsed with ``CSV/parse(_:)`` and the rest carried
/// to the next block, so memory holds one block's records at a time. Values go
/// straight into one replications × dates matrix per series read, with dates
/// in the order first met (the columns grow by doubling) and sorted at the end.
struct TimeSeriesReader {
    let file: String
    let replications: Int
    let include: (SeriesKey) -> Bool
    let chunkBytes: Int
    var dataRows = 0

    var column: [Int] = []              // index of each header column in a record
    var headerSeen = false
    var dateIDs: [String: Int] = [:]
    var dateList: [CivilDate] = []
    var keyIDs: [SeriesKey: Int] = [:]  // −1 = not read (the filter refused it)
    var keys: [SeriesKey] = []
    var allKeys: [SeriesKey] = []
    /// Per series read: `replications × capacity` values, date ids as columns.
    var matrices: [[Double]] = []
    /// Per series read: which cells a row has filled (to catch duplicates).
    var filled: [[Bool]] = []
    var capacity = 64

    static let defaultChunkBytes = 4 << 20

    init(file: String, replications: Int, include: @escaping (SeriesKey) -> Bool, chunkBytes: Int = defaultChunkBytes) {
        self.file = file; self.replications = replications; self.include = include; self.chunkBytes = max(1, chunkBytes)
    }

    mutating func read(_ handle: GzipReader) throws {
        var pending: [UInt8] = []
        var scanned = 0          // bytes of `pending` whose quoting is known
        var inQuotes = false     // quoting after `scanned` bytes
        var lineOffset = 0
        var atEnd = false
        while !atEnd {
            let block: Data?
            do { block = try handle.read(upToCount: chunkBytes) }
            catch let e as GzipError { throw RunDirectoryError(e.description) }
            catch { throw RunDirectoryError("\(file) cannot be read (\(error))") }
            if let block, !block.isEmpty { pending.append(contentsOf: block) } else { atEnd = true }
            var cut = -1
            while scanned < pending.count {
                let b = pending[scanned]
                if b == UInt8(ascii: "\"") { inQuotes.toggle() }
                else if b == UInt8(ascii: "\n"), !inQuotes { cut = scanned }
                scanned += 1
            }
            if atEnd { cut = pending.count - 1 }
            if cut >= 0 {
                lineOffset = try parseChunk(pending[...cut], lineOffset: lineOffset)
                pending.removeFirst(cut + 1)
                scanned = pending.count
            }
        }
        if !headerSeen { throw RunDirectoryError("\(file) is empty (no header)") }
    }

    /// Parses one chunk; returns the line offset for the next.
    mutating func parseChunk(_ chunk: ArraySlice<UInt8>, lineOffset: Int) throws -> Int {
        guard !chunk.isEmpty else { return lineOffset }
        guard let text = String(bytes: chunk, encoding: .utf8) else {
            throw RunDirectoryError("\(file) is not UTF-8 text")
        }
        let (records, errors) = CSV.parse(text)
        if let e = errors.first {
            throw RunDirectoryError("\(file):\(e.line + lineOffset): \(e.message)")
        }
        for r in records { try take(r.fields, line: r.line + lineOffset) }
        // Line breaks as CSV.parse counts them: LF, CRLF (once) and a lone CR.
        var lines = 0
        var j = chunk.startIndex
        while j < chunk.endIndex {
            let b = chunk[j]
            if b == UInt8(ascii: "\n") { lines += 1 }
            else if b == UInt8(ascii: "\r"), j + 1 == chunk.endIndex || chunk[j + 1] != UInt8(ascii: "\n") { lines += 1 }
            j += 1
        }
        return lineOffset + lines
    }

    mutating func take(_ fields: [String], line: Int) throws {
        if !headerSeen {
            headerSeen = true
            for name in RunDirectory.timeSeriesHeader {
                guard let c = fields.firstIndex(of: name) else {
                    throw RunDirectoryError("\(file):\(line): the header has no \(name) column (expected "
                                            + RunDirectory.timeSeriesHeader.joined(separator: ",") + ")")
                }
                column.append(c)
            }
            return
        }
        dataRows += 1
        guard fields.count >= column.max()! + 1 else {
            throw RunDirectoryError("\(file):\(line): \(fields.count) field(s), expected \(RunDirectory.timeSeriesHeader.count)")
        }
        let repText = fields[column[0]]
        guard let rep = Int(repText), (1...replications).contains(rep) else {
            throw RunDirectoryError("\(file):\(line): column replication: expected a whole number from 1 to \(replications) "
                                    + "(the manifest's replications), found \"\(repText)\"")
        }
        // Dates are collected whatever the filter, so every run has its full list of output dates.
        let dateText = fields[column[1]]
        let dateID: Int
        if let d = dateIDs[dateText] { dateID = d } else {
            guard let d = CivilDate(iso: dateText) else {
                throw RunDirectoryError("\(file):\(line): column date: expected an ISO date YYYY-MM-DD, found \"\(dateText)\"")
            }
            dateID = dateList.count
            dateIDs[dateText] = dateID
            dateList.append(d)
            if dateID >= capacity { grow() }
        }
        let key = SeriesKey(level: fields[column[2]], entity: fields[column[3]], metric: MetricNames.current(fields[column[4]]))
        let keyID: Int
        if let k = keyIDs[key] { keyID = k } else {
            keyID = include(key) ? keys.count : -1
            keyIDs[key] = keyID
            allKeys.append(key)
            if keyID >= 0 {
                keys.append(key)
                matrices.append([Double](repeating: .nan, count: replications * capacity))
                filled.append([Bool](repeating: false, count: replications * capacity))
            }
        }
        guard keyID >= 0 else { return }
        let valueText = fields[column[5]]
        let value: Double
        if valueText.isEmpty { value = .nan }
        else if let v = Double(valueText), !v.isNaN { value = v }
        else {
            throw RunDirectoryError("\(file):\(line): column value: expected a number or nothing, found \"\(valueText)\"")
        }
        let slot = (rep - 1) * capacity + dateID
        if filled[keyID][slot] {
            throw RunDirectoryError("\(file):\(line): a second row for replication \(rep), date \(dateText), \(key)")
        }
        filled[keyID][slot] = true
        matrices[keyID][slot] = value
    }

    /// Doubles the date columns of every matrix.
    mutating func grow() {
        let old = capacity
        capacity *= 2
        for k in matrices.indices {
            var m = [Double](repeating: .nan, count: replications * capacity)
            var f = [Bool](repeating: false, count: replications * capacity)
            for r in 0..<replications {
                for d in 0..<old {
                    m[r * capacity + d] = matrices[k][r * old + d]
                    f[r * capacity + d] = filled[k][r * old + d]
                }
            }
            matrices[k] = m
            filled[k] = f
        }
    }

    /// The dates in order and each series' matrix with its columns in date order.
    mutating func assemble() -> ([CivilDate], [[Double]]) {
        let order = dateList.indices.sorted { dateList[$0] < dateList[$1] }
        let dates = order.map { dateList[$0] }
        let width = dates.count
        var storage: [[Double]] = []
        storage.reserveCapacity(keys.count)
        filled = []
        for k in matrices.indices {
            var m = [Double](repeating: .nan, count: replications * width)
            for r in 0..<replications {
                for (p, id) in order.enumerated() { m[r * width + p] = matrices[k][r * capacity + id] }
            }
            matrices[k] = []
            storage.append(m)
        }
        return (dates, storage)
    }
}
