// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

extension RunWriter {
    /// The files runs wrote before report.html, timeseries_summary.csv and
    /// compression — plain timeseries.csv and wmt_snapshot.csv, summary.csv,
    /// headline.csv and a manifest of names and rows — the way they were
    /// written: the baseline of `caseflow bench outputs`.
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
                ts.writeRow([rep, dates[Int(t.dateIndex[i])], levels[e], names[e], t.metrics[Int(t.metric[i])], NumberFormat.format(t.value[i])])
            }
        }
        try ts.finish()
        files.append(WrittenFile(ts))
        var summary = SummaryAccumulator()
        for r in results { summary.add(r.timeSeries, start: info.start, warmupDays: info.warmupDays) }
        files.append(try summary.write(to: dir))
        let snap = try CSVWriter(url: dir.appendingPathComponent("wmt_snapshot.csv"), header: snapshotHeader)
        for r in results { RunStream.writeSnapshots(r, snap) }
        try snap.finish()
        files.append(WrittenFile(snap))
        files.append(try writeHeadline(results, dir))
        let manifest: [String: Any] = ["replications": results.count, "files": files.map { ["name": $0.name, "rows": $0.rows] }]
        try OutputFile.write(try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys]),
                             to: dir.appendingPathComponent("manifest.json"))
    }
}
