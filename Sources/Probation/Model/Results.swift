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
///
/// A national replication keeps some 156,000 of these (every practitioner on every snapshot
/// date) until its outputs are written. A practitioner holds cases in a few of the 192
/// categories, so a row keeps only the categories it holds, as (category index, count)
/// pairs, with the court reports and the weightings: about 300 bytes a row, where a whole
/// ``Caseload`` (192 counts) took 1.6 KB, and half of a replication's memory was its
/// snapshots (docs/performance.md, "the WMT snapshots kept small"). ``caseload`` gives the
/// whole caseload back, equal to the one the row was made from; writers that put out every
/// count read them with ``withCategoryCounts(_:)``.
public struct WMTSnapshotRow: Sendable {
    public var date: CivilDate
    public var practitioner: String
    public var grade: Grade
    public var contractedHours: Double
    public var reductionHours: Double
    /// The weightings the caseload's points are counted with.
    public private(set) var table: PointsTable
    /// The categories held, in ``CaseCategory/index`` order: index, count, index, count, …
    /// (counts above zero only).
    private var held: [Int]
    /// Standard and fast delivery reports counted.
    public private(set) var sdrCount: Int
    public private(set) var fdrCount: Int

    public init(date: CivilDate, practitioner: String, grade: Grade, contractedHours: Double, reductionHours: Double,
                caseload: Caseload) {
        self.date = date; self.practitioner = practitioner; self.grade = grade
        self.contractedHours = contractedHours; self.reductionHours = reductionHours
        (table, held, sdrCount, fdrCount) = Self.parts(of: caseload)
    }

    /// A row from a row of the model's caseload table (`counts[0..<192]`, none below zero),
    /// without making the whole caseload first.
    init(date: CivilDate, practitioner: String, grade: Grade, contractedHours: Double, reductionHours: Double,
         table: PointsTable, counts: UnsafePointer<Int32>, sdr: Int, fdr: Int) {
        self.date = date; self.practitioner = practitioner; self.grade = grade
        self.contractedHours = contractedHours; self.reductionHours = reductionHours
        self.table = table; sdrCount = sdr; fdrCount = fdr
        var nonZero = 0
        for i in 0..<CaseCategory.count where counts[i] != 0 { nonZero &+= 1 }
        held = [Int](unsafeUninitializedCapacity: 2 * nonZero) { cells, n in
            var k = 0
            for i in 0..<CaseCategory.count where counts[i] != 0 {
                cells[k] = i; cells[k + 1] = Int(counts[i]); k += 2
            }
            n = k
        }
    }

    private static func parts(of c: Caseload) -> (PointsTable, [Int], Int, Int) {
        var held: [Int] = []
        for i in 0..<CaseCategory.count {
            let n = c.count(atIndex: i)
            if n != 0 { held.append(i); held.append(n) }
        }
        return (c.table, held, c.sdrCount, c.fdrCount)
    }

    /// The whole caseload: equal (``Caseload``'s `==`) to the one the row was made from, or
    /// last set.
    public var caseload: Caseload {
        get {
            var c = Caseload(table: table)
            var k = 0
            while k < held.count { c.add(CaseCategory(index: held[k]), count: held[k + 1]); k += 2 }
            c.add(.standard, count: sdrCount)
            c.add(.fast, count: fdrCount)
            return c
        }
        set { (table, held, sdrCount, fdrCount) = Self.parts(of: newValue) }
    }

    /// Cases held in `category`.
    public func count(_ category: CaseCategory) -> Int {
        let i = category.index
        var k = 0
        while k < held.count {
            if held[k] == i { return held[k + 1] }
            if held[k] > i { break }
            k += 2
        }
        return 0
    }

    /// Runs `body` with the 192 category counts in ``CaseCategory/index`` order (zeros
    /// included), in a buffer that lives for the call.
    public func withCategoryCounts<R>(_ body: (UnsafeBufferPointer<Int>) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: CaseCategory.count) { cells in
            cells.initialize(repeating: 0)
            var k = 0
            while k < held.count { cells[held[k]] = held[k + 1]; k += 2 }
            return try body(UnsafeBufferPointer(cells))
        }
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
