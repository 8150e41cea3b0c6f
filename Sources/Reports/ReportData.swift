// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// Splits CSV text into records of fields (RFC 4180 quoting), over bytes, for
/// the large files the report reads. `body` gets each record's fields as
/// byte ranges of `bytes` (quoted fields without their quotes; doubled quotes
/// are undone by ``text(_:_:)``) and its line number.
enum FastCSV {
    static func forEachRecord(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (inout [Range<Int>], Int) throws -> Void) rethrows {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(16)
        var i = 0
        let n = bytes.count
        var line = 1
        while i < n {
            fields.removeAll(keepingCapacity: true)
            let startLine = line
            while true {
                if i < n && bytes[i] == UInt8(ascii: "\"") {
                    let s = i + 1
                    var j = s
                    while j < n {
                        if bytes[j] == UInt8(ascii: "\"") {
                            if j + 1 < n && bytes[j + 1] == UInt8(ascii: "\"") { j += 2; continue }
                            break
                        }
                        if bytes[j] == UInt8(ascii: "\n") { line += 1 }
                        j += 1
                    }
                    fields.append(s..<min(j, n))
                    i = min(j + 1, n)
                } else {
                    let s = i
                    while i < n && bytes[i] != UInt8(ascii: ",") && bytes[i] != UInt8(ascii: "\n") && bytes[i] != UInt8(ascii: "\r") { i += 1 }
                    fields.append(s..<i)
                }
                if i < n && bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if i < n && bytes[i] == UInt8(ascii: "\r") { i += 1 }
                if i < n && bytes[i] == UInt8(ascii: "\n") { i += 1; line += 1 }
                break
            }
            if fields.count == 1 && fields[0].isEmpty { continue }
            try body(&fields, startLine)
        }
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[r])
        let s = String(decoding: slice, as: UTF8.self)
        // Only a quoted field can hold a doubled quote: look at the bytes before asking Foundation.
        guard slice.contains(UInt8(ascii: "\"")) else { return s }
        return s.replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// The same strings for the same bytes, made once: a file repeats a few
    /// hundred names (levels, entities, metrics) in every row.
    struct Interner {
        /// The strings made so far, by id (0, 1, 2, … in order of first sight).
        private(set) var texts: [String] = []
        private var keys: [[UInt8]] = []
        /// Open addressing on the bytes' FNV-1a hash: id + 1 in each used slot, 0 in a free one
        /// (a power of two long, at most half full).
        private var slots = [Int32](repeating: 0, count: 256)
        private var hashes: [UInt64] = []

        /// The id of the string the bytes `r` spell (`text(_:_:)`'s string is `texts[id]`).
        mutating func id(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for i in r { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01b3 }
            let mask = slots.count - 1
            var k = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
            while slots[k] != 0 {
                let e = Int(slots[k]) - 1
                if hashes[e] == h && FastCSV.equals(bytes, r, keys[e]) { return e }
                k = (k + 1) & mask
            }
            let e = texts.count
            texts.append(FastCSV.text(bytes, r))
            keys.append(Array(UnsafeBufferPointer(rebasing: bytes[r])))
            hashes.append(h)
            slots[k] = Int32(e + 1)
            if 2 * texts.count > slots.count { rehash(slots.count * 2) }
            return e
        }

        /// The string the bytes `r` spell (unquoted), made once for the same bytes.
        mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
            texts[id(bytes, r)]
        }

        private mutating func rehash(_ n: Int) {
            slots = [Int32](repeating: 0, count: n)
            let mask = n - 1
            for (e, h) in hashes.enumerated() {
                var k = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
                while slots[k] != 0 { k = (k + 1) & mask }
                slots[k] = Int32(e + 1)
            }
        }
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ s: [UInt8]) -> Bool {
        guard r.count == s.count else { return false }
        for (k, b) in s.enumerated() where bytes[r.lowerBound + k] != b { return false }
        return true
    }

    static func double(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        if r.isEmpty { return .nan }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self))
    }
}

/// The spread across replications of one series, aligned with a list of dates.
public struct SummarySeries: Sendable {
    public var mean: [Double]
    public var p5: [Double], p25: [Double], p50: [Double], p75: [Double], p95: [Double]

    init(count: Int) {
        mean = .init(repeating: .nan, count: count)
        p5 = mean; p25 = mean; p50 = mean; p75 = mean; p95 = mean
    }
}

/// The parts of `timeseries_summary.csv` a report uses.
public struct SummaryTable: Sendable {
    public var dates: [CivilDate] = []
    public var series: [SeriesKey: SummarySeries] = [:]
    /// Entities in file order, per level.
    public var entities: [String: [String]] = [:]

    public func get(_ level: String, _ entity: String, _ metric: String) -> SummarySeries? {
        series[SeriesKey(level: level, entity: entity, metric: metric)]
    }

    /// Reads the rows `want(level, metric)` accepts.
    public static func read(_ path: String, want: (String, String) -> Bool) throws -> SummaryTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunDirectoryError("\(path): " + (FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"))
        }
        var table = SummaryTable()
        var rows: [(date: Int, key: SeriesKey, values: [Double])] = []
        var dateIDs: [String: Int] = [:]
        var interned = FastCSV.Interner()
        var currentMetric: [String?] = []
        var wantCache: [[Int8]] = []   // by level id, metric id: -1 not asked yet, 0 no, 1 yes
        var levelSeen: [Bool] = []
        var lastDate = -1
        var lastDateBytes: [UInt8] = []
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var header = true
            try FastCSV.forEachRecord(bytes) { f, line in
                if header {
                    header = false
                    let names = f.map { FastCSV.text(bytes, $0) }
                    guard names.starts(with: TimeSeriesSummary.header) else {
                        throw RunDirectoryError("\(path):\(line): expected the header \(TimeSeriesSummary.header.joined(separator: ","))")
                    }
                    return
                }
                guard f.count >= 12 else { throw RunDirectoryError("\(path):\(line): \(f.count) field(s), expected 12") }
                // Names by id (``FastCSV/Interner``), and what depends only on them worked out
                // once per name or pair: the current name of a metric, whether a (level,
                // metric) is wanted, a level's entry in `entities`.
                let levelID = interned.id(bytes, f[1]), metricID = interned.id(bytes, f[3])
                let entityID = interned.id(bytes, f[2])
                let level = interned.texts[levelID]
                while currentMetric.count < interned.texts.count { currentMetric.append(nil) }
                let metric = currentMetric[metricID] ?? {
                    let m = MetricNames.current(interned.texts[metricID]); currentMetric[metricID] = m; return m
                }()
                while wantCache.count <= levelID { wantCache.append([]) }
                while wantCache[levelID].count <= metricID { wantCache[levelID].append(-1) }
                var ok = wantCache[levelID][metricID] == 1
                if wantCache[levelID][metricID] < 0 {
                    ok = want(level, metric)
                    wantCache[levelID][metricID] = ok ? 1 : 0
                }
                let entity = interned.texts[entityID]
                while levelSeen.count <= levelID { levelSeen.append(false) }
                if !levelSeen[levelID] {
                    levelSeen[levelID] = true
                    if table.entities[level] == nil { table.entities[level] = [] }
                }
                if lastDate < 0 || !FastCSV.equals(bytes, f[0], lastDateBytes) {
                    let text = FastCSV.text(bytes, f[0])
                    if let id = dateIDs[text] { lastDate = id } else {
                        guard let d = CivilDate(iso: text) else {
                            throw RunDirectoryError("\(path):\(line): column date: expected YYYY-MM-DD, found \"\(text)\"")
                        }
                        lastDate = table.dates.count
                        dateIDs[text] = lastDate
                        table.dates.append(d)
                    }
                    lastDateBytes = Array(UnsafeBufferPointer(rebasing: bytes[f[0]]))
                }
                if lastDate == 0 { table.entities[level]!.append(entity) }
                guard ok else { return }
                var values: [Double] = []
                for c in [5, 7, 8, 9, 10, 11] {
                    guard let v = FastCSV.double(bytes, f[c]) else {
                        throw RunDirectoryError("\(path):\(line): column \(TimeSeriesSummary.header[c]): expected a number")
                    }
                    values.append(v)
                }
                rows.append((lastDate, SeriesKey(level: level, entity: entity, metric: metric), values))
            }
        }
        for (level, names) in table.entities {
            var seen = Set<String>()
            table.entities[level] = names.filter { seen.insert($0).inserted }
        }
        let n = table.dates.count
        for r in rows {
            var s = table.series[r.key] ?? SummarySeries(count: n)
            s.mean[r.date] = r.values[0]; s.p5[r.date] = r.values[1]; s.p25[r.date] = r.values[2]
            s.p50[r.date] = r.values[3]; s.p75[r.date] = r.values[4]; s.p95[r.date] = r.values[5]
            table.series[r.key] = s
        }
        return table
    }
}

/// Reads chosen series from a run's per-replication time series
/// (`timeseries.csv.gz` or `.csv`) straight into a ``RunDirectory``, skipping
/// unwanted rows without parsing them: what the report needs for crossings
/// and paired comparisons, computed exactly as `query crossing` and `compare` do.
public enum DetailScan {
    public static func open(_ path: String, manifest given: RunManifest? = nil, want: @escaping (SeriesKey) -> Bool,
                            levels: Set<String>, metrics: Set<String>) throws -> RunDirectory? {
        let manifest = try given ?? RunDirectory.readManifest(path)
        guard let file = RunDirectory.detailFile(path, "timeseries") else { return nil }
        let reader: GzipReader
        do { reader = try GzipReader(path: file) } catch { throw RunDirectoryError("\(error)") }
        // Old names of the metrics asked for are matched too (runs written before a rename).
        let oldNames = MetricNames.renamed.filter { metrics.contains($0.value) }.map(\.key)
        let levelBytes = levels.map { Array($0.utf8) }, metricBytes = (Array(metrics) + oldNames).map { Array($0.utf8) }
        var dateIDs: [String: Int] = [:]
        var dates: [CivilDate] = []
        var keyIDs: [SeriesKey: Int] = [:]
        var keys: [SeriesKey] = []
        var cells: [(key: Int, rep: Int, date: Int, value: Double)] = []
        var pending: [UInt8] = []
        var header = true
        var lineBase = 0
        func consume(_ chunk: [UInt8]) throws {
            try chunk.withUnsafeBufferPointer { bytes in
                try FastCSV.forEachRecord(bytes) { f, line in
                    if header {
                        header = false
                        guard f.map({ FastCSV.text(bytes, $0) }) == RunDirectory.timeSeriesHeader else {
                            throw RunDirectoryError("\(file):1: expected the header \(RunDirectory.timeSeriesHeader.joined(separator: ","))")
                        }
                        return
                    }
                    guard f.count == 6 else { throw RunDirectoryError("\(file):\(lineBase + line): \(f.count) field(s), expected 6") }
                    guard levelBytes.contains(where: { FastCSV.equals(bytes, f[2], $0) }),
                          metricBytes.contains(where: { FastCSV.equals(bytes, f[4], $0) }) else { return }
                    let key = SeriesKey(level: FastCSV.text(bytes, f[2]), entity: FastCSV.text(bytes, f[3]),
                                        metric: MetricNames.current(FastCSV.text(bytes, f[4])))
                    guard want(key) else { return }
                    guard let rep = Int(FastCSV.text(bytes, f[0])), (1...manifest.replications).contains(rep),
                          let value = FastCSV.double(bytes, f[5]) else {
                        throw RunDirectoryError("\(file):\(lineBase + line): expected a replication from 1 to \(manifest.replications) and a number")
                    }
                    let dateText = FastCSV.text(bytes, f[1])
                    let d: Int
                    if let id = dateIDs[dateText] { d = id } else {
                        guard let date = CivilDate(iso: dateText) else { throw RunDirectoryError("\(file):\(lineBase + line): bad date \"\(dateText)\"") }
                        d = dates.count; dateIDs[dateText] = d; dates.append(date)
                    }
                    let k: Int
                    if let id = keyIDs[key] { k = id } else { k = keys.count; keyIDs[key] = k; keys.append(key) }
                    cells.append((k, rep, d, value))
                }
            }
            lineBase += chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }
        do {
            while let block = try reader.read(upToCount: 1 << 22) {
                pending.append(contentsOf: block)
                // Cut at the last line break (the files the run writes quote no line breaks in these columns).
                guard let cut = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
                try consume(Array(pending[...cut]))
                pending.removeFirst(cut + 1)
            }
            if !pending.isEmpty { try consume(pending) }
        } catch let e as GzipError { throw RunDirectoryError(e.description) }
        let order = dates.indices.sorted { dates[$0] < dates[$1] }
        var position = [Int](repeating: 0, count: dates.count)
        for (p, id) in order.enumerated() { position[id] = p }
        let n = dates.count, reps = manifest.replications
        var values = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: .nan, count: n), count: reps), count: keys.count)
        for c in cells { values[c.key][c.rep - 1][position[c.date]] = c.value }
        return RunDirectory(path: path, manifest: manifest, dates: order.map { dates[$0] },
                            series: keys.indices.map { (keys[$0], values[$0]) })
    }
}

/// One entry of a scenario's assumptions log, as `assumptions.csv` holds it.
public struct AssumptionRecord: Sendable, Equatable {
    public var id: String
    public var figure: String
    public var source: String
    public var quality: String
    public var reasoning: String

    public init(id: String, figure: String, source: String, quality: String, reasoning: String) {
        self.id = id; self.figure = figure; self.source = source; self.quality = quality; self.reasoning = reasoning
    }

    public static let header = ["id", "figure", "source", "quality", "reasoning"]

    static func write(_ records: [AssumptionRecord], _ dir: URL) throws -> WrittenFile {
        let w = try CSVWriter(url: dir.appendingPathComponent("assumptions.csv"), header: header)
        for r in records { w.writeRow([r.id, r.figure, r.source, r.quality, r.reasoning]) }
        try w.finish()
        return WrittenFile(w)
    }

    /// Reads `assumptions.csv`; an empty list when the run has none (runs from before it was written).
    static func read(_ dir: String) throws -> [AssumptionRecord] {
        let path = (dir as NSString).appendingPathComponent("assumptions.csv")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let (records, errors) = CSV.parse(String(decoding: data, as: UTF8.self))
        if let e = errors.first { throw RunDirectoryError("\(path):\(e.line): \(e.message)") }
        guard let head = records.first?.fields, head == header else {
            throw RunDirectoryError("\(path):1: expected the header \(header.joined(separator: ","))")
        }
        return records.dropFirst().map { r in
            let f = r.fields + Array(repeating: "", count: max(0, 5 - r.fields.count))
            return AssumptionRecord(id: f[0], figure: f[1], source: f[2], quality: f[3], reasoning: f[4])
        }
    }
}

/// `headline.csv` read back.
struct HeadlineRow {
    var metric: String
    var replications: Int
    var mean: Double, low: Double, high: Double

    static func read(_ dir: String) throws -> [HeadlineRow] {
        let path = (dir as NSString).appendingPathComponent("headline.csv")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let (records, errors) = CSV.parse(String(decoding: data, as: UTF8.self))
        if let e = errors.first { throw RunDirectoryError("\(path):\(e.line): \(e.message)") }
        guard let head = records.first?.fields else { return [] }
        func col(_ n: String) -> Int? { head.firstIndex(of: n) }
        guard let m = col("metric"), let r = col("replications"), let mean = col("mean"), let lo = col("ci95_low"),
              let hi = col("ci95_high") else { throw RunDirectoryError("\(path):1: not a headline file") }
        return records.dropFirst().compactMap { rec in
            guard rec.fields.count == head.count else { return nil }
            func d(_ i: Int) -> Double { Double(rec.fields[i]) ?? .nan }
            return HeadlineRow(metric: MetricNames.current(rec.fields[m]), replications: Int(rec.fields[r]) ?? 0, mean: d(mean), low: d(lo), high: d(hi))
        }
    }
}
