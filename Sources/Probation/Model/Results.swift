// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

/// A thing a time series is about: the country, a region, a PDU, a team or a
/// practitioner.
public struct OutputEntity: Sendable, Hashable {
    public var level: OutputSpec.Level
    public var name: String
    public init(level: OutputSpec.Level, name: String) { self.level = level; self.name = name }
}

/// The tidy time series of one replication, stored column-wise:
/// row i says that on `dates[dateIndex[i]]`, `metrics[metric[i]]` of
/// `entities[entity[i]]` was `value[i]`. Rows are in output order (date,
/// then entity, then metric), which is the order files are written in.
public struct TimeSeriesTable: Sendable {
    public var dates: [CivilDate] = []
    public var entities: [OutputEntity] = []
    public var metrics: [String] = []
    public var dateIndex: [Int32] = []
    public var entity: [Int32] = []
    public var metric: [Int16] = []
    public var value: [Double] = []

    public init() {}

    public var rowCount: Int { value.count }

    /// Makes room for `rows` rows in all, so that appending up to that many copies nothing.
    mutating func reserveCapacity(rows: Int) {
        dateIndex.reserveCapacity(rows); entity.reserveCapacity(rows); metric.reserveCapacity(rows); value.reserveCapacity(rows)
    }

    mutating func append(date: Int, entity e: Int, metric m: Int, _ v: Double) {
        dateIndex.append(Int32(date)); entity.append(Int32(e)); metric.append(Int16(m)); value.append(v)
    }

    /// The value of a metric for an entity on each output date (NaN where absent).
    public func series(_ metricName: String, entity entityName: String, level: OutputSpec.Level) -> [Double] {
        guard let m = metrics.firstIndex(of: metricName),
              let e = entities.firstIndex(of: OutputEntity(level: level, name: entityName)) else { return [] }
        var out = [Double](repeating: .nan, count: dates.count)
        for i in 0..<value.count where Int(metric[i]) == m && Int(entity[i]) == e {
            out[Int(dateIndex[i])] = value[i]
        }
        return out
    }
}

/// One practitioner's caseload at a snapshot date, in the columns `caseflow wmt` reads.
public struct WMTSnapshotRow: Sendable {
    public var date: CivilDate
    public var practitioner: String
    public var grade: Grade
    public var contractedHours: Double
    public var reductionHours: Double
    public var caseload: Caseload

    public init(date: CivilDate, practitioner: String, grade: Grade, contractedHours: Double, reductionHours: Double,
                caseload: Caseload) {
        self.date = date; self.practitioner = practitioner; self.grade = grade
        self.contractedHours = contractedHours; self.reductionHours = reductionHours; self.caseload = caseload
    }
}

/// Everything one replication produced.
public struct ReplicationResult: Sendable {
    public var replication: Int
    public var timeSeries: TimeSeriesTable
    public var wmtSnapshots: [WMTSnapshotRow]
    /// Events the engine processed.
    public var events: Int
    /// End-of-run headline figures by name (see docs/metrics.md).
    public var headline: [(name: String, value: Double)]
    /// Workload and allocation observations after the warm-up, for the
    /// heuristics benchmark (HeuristicKPIs.swift).
    public var workload = WorkloadObservations()

    /// A replication's result rebuilt from its parts (the work-unit files of
    /// `caseflow run-unit` carry everything run directories are written from;
    /// `workload`, which only the heuristics benchmark reads, starts empty).
    public init(replication: Int, timeSeries: TimeSeriesTable, wmtSnapshots: [WMTSnapshotRow], events: Int,
                headline: [(name: String, value: Double)], workload: WorkloadObservations = WorkloadObservations()) {
        self.replication = replication; self.timeSeries = timeSeries; self.wmtSnapshots = wmtSnapshots
        self.events = events; self.headline = headline; self.workload = workload
    }
}
