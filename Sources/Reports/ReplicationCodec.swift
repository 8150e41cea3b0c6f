// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// One replication's results as bytes: the work-unit files that
/// `caseflow run-unit` writes and `caseflow merge` streams into run
/// directories through ``RunStream``, exactly as `caseflow run` and
/// `caseflow sweep` stream results held in memory. It carries everything run
/// directories are written from: the time series (column by column), the WMT
/// snapshots, the headline figures and the number of events.
///
/// Layout (little-endian): the 8 bytes `CFUNIT1\n`; the replication (Int64)
/// and events (Int64); the output dates (count, then day numbers as Int32);
/// the entities (count, then level and name); the metrics (count, names);
/// the rows (count, then the date, entity and metric indices as Int32, Int32,
/// Int16 and values as IEEE 754 bit patterns, column by column); the
/// snapshots (count, then per row date, practitioner, grade, contracted and
/// reduction hours, the number of case categories and their counts, SDRs and
/// FDRs); the headline figures (count, then name and value); and the 4 bytes
/// `END\n`. Strings are a UInt32 byte count and UTF-8.
public enum ReplicationCodec {
    static let magic = Array("CFUNIT1\n".utf8)
    static let trailer = Array("END\n".utf8)

    public struct DecodeError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    public static func encode(_ r: ReplicationResult) -> [UInt8] {
        var w = ByteWriter()
        let t = r.timeSeries
        w.bytes.reserveCapacity(64 + t.rowCount * 18 + r.wmtSnapshots.count * 600)
        w.bytes.append(contentsOf: magic)
        w.int64(Int64(r.replication))
        w.int64(Int64(r.events))
        w.count(t.dates.count)
        for d in t.dates { w.int32(Int32(truncatingIfNeeded: d.dayNumber)) }
        w.count(t.entities.count)
        for e in t.entities { w.string(e.level.rawValue); w.string(e.name) }
        w.count(t.metrics.count)
        for m in t.metrics { w.string(m) }
        w.count(t.rowCount)
        for x in t.dateIndex { w.int32(x) }
        for x in t.entity { w.int32(x) }
        for x in t.metric { w.int16(x) }
        for x in t.value { w.double(x) }
        w.count(r.wmtSnapshots.count)
        for s in r.wmtSnapshots {
            w.int32(Int32(truncatingIfNeeded: s.date.dayNumber))
            w.string(s.practitioner)
            w.string(s.grade.rawValue)
            w.double(s.contractedHours)
            w.double(s.reductionHours)
            w.count(CaseCategory.allCases.count)
            s.withCategoryCounts { for n in $0 { w.int64(Int64(n)) } }
            w.int64(Int64(s.sdrCount))
            w.int64(Int64(s.fdrCount))
        }
        w.count(r.headline.count)
        for h in r.headline { w.string(h.name); w.double(h.value) }
        w.bytes.append(contentsOf: trailer)
        return w.bytes
    }

    /// Decodes a unit file's bytes; `name` (the file) is used in errors.
    public static func decode(_ bytes: [UInt8], name: String) throws -> ReplicationResult {
        var r = ByteReader(bytes: bytes, name: name)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw DecodeError(description: "\(name) is not a caseflow work-unit file (it does not begin with CFUNIT1)")
        }
        r.offset = magic.count
        let replication = try r.nonNegative("replication")
        let events = try r.nonNegative("events")
        var t = TimeSeriesTable()
        let dateCount = try r.count("dates", elementBytes: 4)
        t.dates.reserveCapacity(dateCount)
        for _ in 0..<dateCount { t.dates.append(CivilDate(dayNumber: Int(try r.int32()))) }
        let entityCount = try r.count("entities", elementBytes: 8)
        for _ in 0..<entityCount {
            let levelText = try r.string()
            guard let level = OutputSpec.Level(rawValue: levelText) else { throw r.error("unknown output level \"\(levelText)\"") }
            t.entities.append(OutputEntity(level: level, name: try r.string()))
        }
        let metricCount = try r.count("metrics", elementBytes: 4)
        for _ in 0..<metricCount { t.metrics.append(try r.string()) }
        let rows = try r.count("rows", elementBytes: 18)
        t.dateIndex = try r.array(rows, Int32.self)
        t.entity = try r.array(rows, Int32.self)
        t.metric = try r.array(rows, Int16.self)
        t.value = try r.array(rows, UInt64.self).map(Double.init(bitPattern:))
        for i in 0..<rows {
            guard t.dateIndex[i] >= 0, Int(t.dateIndex[i]) < dateCount, t.entity[i] >= 0, Int(t.entity[i]) < entityCount,
                  t.metric[i] >= 0, Int(t.metric[i]) < metricCount else {
                throw r.error("row \(i + 1) refers to a date, entity or metric that is not in the file")
            }
        }
        let snapshotCount = try r.count("snapshots", elementBytes: 40)
        var snapshots: [WMTSnapshotRow] = []
        snapshots.reserveCapacity(snapshotCount)
        for _ in 0..<snapshotCount {
            let date = CivilDate(dayNumber: Int(try r.int32()))
            let practitioner = try r.string()
            let gradeText = try r.string()
            guard let grade = Grade(rawValue: gradeText) else { throw r.error("unknown grade \"\(gradeText)\"") }
            let contracted = try r.double(), reduction = try r.double()
            let categories = try r.count("case categories", elementBytes: 8)
            guard categories == CaseCategory.allCases.count else {
                throw r.error("\(categories) case categories, expected \(CaseCategory.allCases.count)")
            }
            var caseload = Caseload()
            for c in CaseCategory.allCases {
                let n = try r.nonNegative("a case count")
                if n > 0 { caseload.add(c, count: n) }
            }
            let sdr = try r.nonNegative("SDRs"), fdr = try r.nonNegative("FDRs")
            if sdr > 0 { caseload.add(.standard, count: sdr) }
            if fdr > 0 { caseload.add(.fast, count: fdr) }
            snapshots.append(WMTSnapshotRow(date: date, practitioner: practitioner, grade: grade,
                                            contractedHours: contracted, reductionHours: reduction, caseload: caseload))
        }
        let headlineCount = try r.count("headline figures", elementBytes: 12)
        var headline: [(name: String, value: Double)] = []
        for _ in 0..<headlineCount { headline.append((try r.string(), try r.double())) }
        guard r.offset + trailer.count == bytes.count, Array(bytes[r.offset...]) == trailer else {
            throw r.error("the file does not end where its contents do (truncated or extended)")
        }
        return ReplicationResult(replication: replication, timeSeries: t, wmtSnapshots: snapshots, events: events,
                                 headline: headline)
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int64(_ x: Int64) { withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int32(_ x: Int32) { withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int16(_ x: Int16) { withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func double(_ x: Double) { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func count(_ n: Int) { int64(Int64(n)) }
    mutating func string(_ s: String) {
        let u = Array(s.utf8)
        withUnsafeBytes(of: UInt32(u.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: u)
    }
}

struct ByteReader {
    let bytes: [UInt8]
    let name: String
    var offset = 0

    func error(_ message: String) -> ReplicationCodec.DecodeError {
        ReplicationCodec.DecodeError(description: "\(name): byte \(offset): \(message)")
    }

    mutating func fixed<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { throw error("the file ends early (truncated)") }
        var x: T = 0
        for i in 0..<size { x |= T(truncatingIfNeeded: bytes[offset + i]) << (8 * i) }
        offset += size
        return x
    }

    mutating func int64() throws -> Int64 { try fixed(Int64.self) }
    mutating func int32() throws -> Int32 { try fixed(Int32.self) }
    mutating func double() throws -> Double { Double(bitPattern: try fixed(UInt64.self)) }

    mutating func nonNegative(_ what: String) throws -> Int {
        let x = try int64()
        guard x >= 0 else { throw error("\(what) is negative (\(x))") }
        return Int(x)
    }

    /// A count of elements each taking at least `elementBytes` bytes, checked against what is left.
    mutating func count(_ what: String, elementBytes: Int) throws -> Int {
        let n = try int64()
        guard n >= 0, n <= Int64((bytes.count - offset) / max(1, elementBytes)) else {
            throw error("\(what): count \(n) does not fit in the file (truncated or not a unit file)")
        }
        return Int(n)
    }

    mutating func string() throws -> String {
        let n = Int(try fixed(UInt32.self))
        guard offset + n <= bytes.count else { throw error("the file ends early (truncated)") }
        guard let s = String(bytes: bytes[offset..<(offset + n)], encoding: .utf8) else { throw error("a name is not UTF-8") }
        offset += n
        return s
    }

    mutating func array<T: FixedWidthInteger>(_ n: Int, _: T.Type) throws -> [T] {
        let size = MemoryLayout<T>.size
        guard offset + n * size <= bytes.count else { throw error("the file ends early (truncated)") }
        var out = [T](repeating: 0, count: n)
        out.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<(offset + n * size)]))
            }
        }
        offset += n * size
        if T(littleEndian: 1) != 1 { out = out.map { T(littleEndian: $0) } }
        return out
    }
}
