// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

extension RunWriter {
    /// The files runs wrote before report.html, timeseries_summary.csv and
    /// compression — plain timeseries.csv and wmt_snapshot.csv, summary.csv,
    /// headline.csv and a manifest of names and rows — the way they were
    /// written (a `String` per field, each scanned for quoting, the summary
    /// keyed by a dictionary per row): the baseline of `caseflow bench outputs`.
    public static func writeFormerPlainCSV(_ results: [ReplicationResult], info: RunInfo, to dir: URL) throws {
        try prepare(dir)
        var files: [WrittenFile] = []
        let ts = try CSVWriter(url: dir.appendingPathComponent("timeseries.csv"), header: RunDirectory.timeSeriesHeader)
        for r in results {
            let t = r.timeSeries
            let dates = t.dates.map(\.description), levels = t.entities.map(\.level.rawValue), names = t.entities.map(\.name)
            let rep = String(r.replication + 1)
            for i in 0..<t.rowCount {
                let e = Int(t.entity[i])
                ts.writeFormerRow([rep, dates[Int(t.dateIndex[i])], levels[e], names[e], t.metrics[Int(t.metric[i])], NumberFormat.format(t.value[i])])
            }
        }
        try ts.finish()
        files.append(WrittenFile(ts))
        var summary = SummaryAccumulator()
        for r in results { summary.add(formerPiece(r.timeSeries, start: info.start, warmupDays: info.warmupDays)) }
        files.append(try summary.write(to: dir))
        let snap = try CSVWriter(url: dir.appendingPathComponent("wmt_snapshot.csv"), header: snapshotHeader)
        for r in results {
            let rep = String(r.replication + 1)
            for s in r.wmtSnapshots {
                var row = [rep, s.date.description, s.practitioner, s.grade.rawValue,
                           NumberFormat.format(s.contractedHours), NumberFormat.format(s.reductionHours)]
                s.withCategoryCounts { for n in $0 { row.append(String(n)) } }
                row.append(String(s.sdrCount))
                row.append(String(s.fdrCount))
                snap.writeFormerRow(row)
            }
        }
        try snap.finish()
        files.append(WrittenFile(snap))
        files.append(try writeHeadline(results, dir))
        let manifest: [String: Any] = ["replications": results.count, "files": files.map { ["name": $0.name, "rows": $0.rows] }]
        try OutputFile.write(try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]),
                             to: dir.appendingPathComponent("manifest.json"))
    }

    /// The summary's reduction of a replication as it was computed before (a dictionary lookup per row).
    static func formerPiece(_ t: TimeSeriesTable, start: CivilDate, warmupDays: Int) -> SummaryAccumulator.Piece {
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
        var piece = SummaryAccumulator.Piece(keys: [], finals: [], means: [])
        for k in seen {
            let e = t.entities[k / 65_536]
            piece.keys.append(SummaryAccumulator.Key(level: e.level, entity: e.name, metric: t.metrics[k % 65_536]))
            piece.finals.append(fin[k] ?? .nan)
            let s = sums[k]!
            piece.means.append(s.1 > 0 ? s.0 / Double(s.1) : .nan)
        }
        return piece
    }
}

extension CSVWriter {
    /// A row written as rows were before: each field neutralised, scanned byte by byte for quoting and appended.
    func writeFormerRow(_ fields: [String]) {
        for (i, raw) in fields.enumerated() {
            if i > 0 { row.comma() }
            let f = CSVCell.neutralised(raw)
            if f.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                row.byte(UInt8(ascii: "\""))
                for b in f.utf8 {
                    if b == UInt8(ascii: "\"") { row.byte(b) }
                    row.byte(b)
                }
                row.byte(UInt8(ascii: "\""))
            } else {
                for b in f.utf8 { row.byte(b) }
            }
        }
        endRow()
    }
}
