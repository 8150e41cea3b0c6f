// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation
import XCTest
@testable import Reports

/// Work-unit files: what is written is read back exactly, and a damaged file
/// is an error naming the file, never a crash; run directories streamed one
/// replication at a time hold the hand-worked summaries.
final class ReplicationCodecTests: XCTestCase {
    /// Two output dates, two entities, two metrics; one snapshot; two headline figures.
    func sample(replication: Int, values: [Double]) -> ReplicationResult {
        var t = TimeSeriesTable()
        t.dates = [CivilDate(iso: "2021-06-28")!, CivilDate(iso: "2021-07-05")!, CivilDate(iso: "2021-07-12")!]
        t.entities = [OutputEntity(level: .national, name: "England and Wales"), OutputEntity(level: .pdu, name: "Sheffield, \"North\"")]
        t.metrics = ["caseload", "capacity_pct"]
        for (i, v) in values.enumerated() {
            t.dateIndex.append(Int32(i / 2)); t.entity.append(0); t.metric.append(Int16(i % 2)); t.value.append(v)
        }
        t.dateIndex.append(2); t.entity.append(1); t.metric.append(1); t.value.append(.nan)
        var caseload = Caseload()
        caseload.add(CaseCategory.allCases[3], count: 7)
        caseload.add(CaseCategory.allCases[50], count: 2)
        caseload.add(.standard, count: 4)
        caseload.add(.fast, count: 1)
        let snapshot = WMTSnapshotRow(date: t.dates[2], practitioner: "PO 1 (Sheffield)", grade: .pqip,
                                      contractedHours: 37, reductionHours: 3.5, caseload: caseload)
        return ReplicationResult(replication: replication, timeSeries: t, wmtSnapshots: [snapshot], events: 12_345,
                                 headline: [("capacity_pct", 101.25), ("unallocated", .nan)])
    }

    func testRoundTripKeepsEveryFieldAndTheBytes() throws {
        let r = sample(replication: 3, values: [10, 90, 20, 95, 30, 100])
        let bytes = ReplicationCodec.encode(r)
        XCTAssertEqual(Array(bytes.prefix(8)), Array("CFUNIT1\n".utf8))
        let back = try ReplicationCodec.decode(bytes, name: "u")
        XCTAssertEqual(back.replication, 3)
        XCTAssertEqual(back.events, 12_345)
        XCTAssertEqual(back.timeSeries.dates, r.timeSeries.dates)
        XCTAssertEqual(back.timeSeries.entities, r.timeSeries.entities)
        XCTAssertEqual(back.timeSeries.metrics, r.timeSeries.metrics)
        XCTAssertEqual(back.timeSeries.dateIndex, r.timeSeries.dateIndex)
        XCTAssertEqual(back.timeSeries.entity, r.timeSeries.entity)
        XCTAssertEqual(back.timeSeries.metric, r.timeSeries.metric)
        XCTAssertEqual(back.timeSeries.value.map(\.bitPattern), r.timeSeries.value.map(\.bitPattern))
        XCTAssertEqual(back.wmtSnapshots.count, 1)
        let s = back.wmtSnapshots[0]
        XCTAssertEqual(s.practitioner, "PO 1 (Sheffield)")
        XCTAssertEqual(s.grade, .pqip)
        XCTAssertEqual(s.contractedHours, 37)
        XCTAssertEqual(s.reductionHours, 3.5)
        for c in CaseCategory.allCases { XCTAssertEqual(s.caseload.count(c), r.wmtSnapshots[0].caseload.count(c)) }
        XCTAssertEqual(s.caseload.sdrCount, 4)
        XCTAssertEqual(s.caseload.fdrCount, 1)
        XCTAssertEqual(back.headline.map(\.name), ["capacity_pct", "unallocated"])
        XCTAssertEqual(back.headline[0].value, 101.25)
        XCTAssertTrue(back.headline[1].value.isNaN)
        XCTAssertEqual(ReplicationCodec.encode(back), bytes)
    }

    func testEveryTruncationAndExtensionIsAnErrorNamingTheFile() {
        let bytes = ReplicationCodec.encode(sample(replication: 0, values: [1, 2, 3, 4]))
        for n in 0..<bytes.count {
            XCTAssertThrowsError(try ReplicationCodec.decode(Array(bytes.prefix(n)), name: "units/unit-000007.cfu")) { error in
                XCTAssertTrue("\(error)".hasPrefix("units/unit-000007.cfu"), "\(error)")
            }
        }
        XCTAssertThrowsError(try ReplicationCodec.decode(bytes + [0], name: "u"))
        // A row pointing past the metrics.
        let r = sample(replication: 0, values: [1, 2])
        let bad = ReplicationCodec.encode(ReplicationResult(replication: 0, timeSeries: {
            var t = r.timeSeries
            t.metric[0] = 9
            return t
        }(), wmtSnapshots: [], events: 0, headline: []))
        XCTAssertThrowsError(try ReplicationCodec.decode(bad, name: "u")) { error in
            XCTAssertTrue("\(error)".contains("row 1 refers to a date, entity or metric that is not in the file"), "\(error)")
        }
    }

    /// Two replications streamed: `final` is the last date's value, `horizon_mean`
    /// the mean over dates after the warm-up (6 days: the first date, on the start, is left out).
    func testStreamedSummaryIsTheHandWorkedOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = CivilDate(iso: "2021-06-28")!
        let info = RunInfo(toolVersion: "t", scenarioName: "s", scenarioPath: nil, scenarioSHA256: "x", seed: 1, replications: 2,
                           jobs: 1, startedAt: Date(), start: start, warmupDays: 6)
        let stream = try RunStream(info: info, directory: dir, options: OutputOptions(compress: false))
        // Replication 1 caseload 10, 20, 30; replication 2 caseload 20, 40, 60.
        try stream.add(sample(replication: 0, values: [10, 90, 20, 95, 30, 100]))
        try stream.add(sample(replication: 1, values: [20, 80, 40, 85, 60, 90]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("manifest.json").path))
        let written = try stream.finish()
        XCTAssertEqual(written.files.map(\.name), ["timeseries.csv", "summary.csv", "timeseries_summary.csv", "wmt_snapshot.csv",
                                                   "headline.csv", "assumptions.csv", "pdus.csv", "report.html"])
        XCTAssertEqual(written.files.map(\.rows), [14, 6, 7, 2, 2, 0, 0, 0])
        let summary = try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // final caseload: 30 and 60 → mean 45, sd 21.2132; horizon_mean: (20+30)/2 = 25 and (40+60)/2 = 50 → mean 37.5.
        XCTAssertTrue(summary[1].hasPrefix("national,England and Wales,caseload,final,2,45,21.2132,"), summary[1])
        XCTAssertTrue(summary[2].hasPrefix("national,England and Wales,caseload,horizon_mean,2,37.5,17.6777,"), summary[2])
        // The PDU's only value is empty: no replication counts.
        XCTAssertEqual(summary.count, 7)
        XCTAssertEqual(summary[6], "pdu,\"Sheffield, \"\"North\"\"\",capacity_pct,horizon_mean,0,,,,,,,")
        let timeSeries = try String(contentsOf: dir.appendingPathComponent("timeseries.csv"), encoding: .utf8)
        XCTAssertTrue(timeSeries.contains("\n2,2021-07-12,national,England and Wales,caseload,60\n"))
    }

    /// `timeseries_summary.csv` streamed (values parked in a temporary file, read
    /// back a block at a time) equals the in-memory summary of the same results,
    /// with the replications' layouts the same and, from the third, different.
    func testStreamedTimeSeriesSummaryEqualsTheInMemoryOne() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-spread-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        var odd = sample(replication: 2, values: [5, 70])
        odd.timeSeries.dates.append(CivilDate(iso: "2021-07-19")!)
        odd.timeSeries.dateIndex.append(3); odd.timeSeries.entity.append(0); odd.timeSeries.metric.append(0)
        odd.timeSeries.value.append(44)
        let same = [sample(replication: 0, values: [10, 90, 20, 95, 30, 100]), sample(replication: 1, values: [20, 80, 40, 85, 60, 90]),
                    sample(replication: 2, values: [15, 85, 25, 90, 35, 95])]
        for (n, results) in [same, Array(same.prefix(2)) + [odd]].enumerated() {
            let memory = base.appendingPathComponent("memory-\(n)"), streamed = base.appendingPathComponent("streamed-\(n)")
            try FileManager.default.createDirectory(at: memory, withIntermediateDirectories: true)
            let file = try TimeSeriesSummary.write(results, memory)
            let info = RunInfo(toolVersion: "t", scenarioName: "s", scenarioPath: nil, scenarioSHA256: "x", seed: 1,
                               replications: results.count, jobs: 1, startedAt: Date(), start: CivilDate(iso: "2021-06-28")!, warmupDays: 0)
            let written = try RunWriter.write(results, info: info, to: streamed)
            XCTAssertEqual(written.files.first { $0.name == TimeSeriesSummary.fileName }, file)
            XCTAssertEqual(try Data(contentsOf: streamed.appendingPathComponent(TimeSeriesSummary.fileName)),
                           try Data(contentsOf: memory.appendingPathComponent(TimeSeriesSummary.fileName)))
            XCTAssertEqual(file.rows, n == 0 ? 7 : 8)
            // The temporary file of values is gone.
            XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: streamed.path).contains { $0.hasPrefix(".") })
        }
    }
}
