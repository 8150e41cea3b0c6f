// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// What one practitioner holds, as the Workload Measurement Tool counts it: cases by
/// ``CaseCategory`` (case type × tier × T2A) and court reports, weighed with a
/// ``PointsTable``.
///
/// Made for the simulator's hot path: counts live in one flat array of 192, and the workload
/// points and case count are running totals, so ``add(_:count:)``, ``remove(_:count:)``,
/// ``workloadPoints`` and ``capacity(availablePoints:)`` are all O(1). Available points
/// change only when hours or reductions change, so compute them then
/// (``PointsTable/availablePoints(grade:contractedHours:reductionHours:)``) and keep them.
public struct Caseload: Sendable, Hashable {
    /// The weightings the running total uses.
    public private(set) var table: PointsTable
    private var counts: [Int]
    /// Standard delivery reports counted.
    public private(set) var sdrCount: Int = 0
    /// Fast delivery reports counted.
    public private(set) var fdrCount: Int = 0
    /// Workload points: Σ count × points over the categories + SDRs × `sdr` + FDRs × `fdr`.
    public private(set) var workloadPoints: Int = 0
    /// Cases held (court reports are not cases).
    public private(set) var caseCount: Int = 0

    /// An empty caseload weighed with `table`.
    public init(table: PointsTable = .hmppsDefault) {
        self.table = table
        counts = Array(repeating: 0, count: CaseCategory.count)
    }

    /// The caseload whose category counts are `row[0..<192]` (a row of the model's
    /// caseload table) with `sdr` and `fdr` court reports, weighed with `table`.
    ///
    /// The counts are copied into an array made at its size (not zeroed first and then written
    /// cell by cell, with a uniqueness check each); the case count and points are summed over
    /// all 192 cells in one pass (integers: the same totals in any order; a row's counts and
    /// points are far too small to overflow, so the pass wraps instead of checking each step).
    /// - Precondition: no count is below zero (a row's counts never are: the table checks
    ///   every removal). Each is read as an unsigned 32-bit value, which is the same number for
    ///   a count of zero or more and lets the products be computed with one 32 × 64-bit
    ///   multiply fewer per pair of cells.
    init(table: PointsTable, counts row: UnsafePointer<Int32>, sdr: Int, fdr: Int) {
        self.table = table
        var cases = 0, points = 0
        counts = [Int](unsafeUninitializedCapacity: CaseCategory.count) { cells, n in
            table.withCasePoints { weights in
                for i in 0..<CaseCategory.count {
                    let k = Int(UInt32(bitPattern: row[i]))
                    cells[i] = k
                    cases &+= k
                    points &+= k &* weights[i]
                }
            }
            n = CaseCategory.count
        }
        caseCount = cases
        workloadPoints = points
        add(.standard, count: sdr)
        add(.fast, count: fdr)
    }

    /// Cases held in `category`.
    public func count(_ category: CaseCategory) -> Int { counts[category.index] }

    /// `type` cases held in `tier` (on the T2A points when `t2a` is true).
    public func count(_ type: CaseType, _ tier: Tier, t2a: Bool = false) -> Int {
        counts[CaseCategory(type, tier, t2a: t2a).index]
    }

    /// Court reports of one kind counted.
    public func count(_ report: CourtReport) -> Int {
        switch report {
        case .standard: sdrCount
        case .fast: fdrCount
        }
    }

    func count(atIndex i: Int) -> Int { counts[i] }

    /// Runs `body` with the 192 category counts in ``CaseCategory/index`` order (the order
    /// of ``CaseCategory/allCases``), read in place: for writers that put out every count
    /// (a WMT snapshot row asked ``count(_:)`` 192 times, a call and an index each).
    public func withCategoryCounts<R>(_ body: (UnsafeBufferPointer<Int>) throws -> R) rethrows -> R {
        try counts.withUnsafeBufferPointer(body)
    }

    /// Adds `count` (≥ 0) cases of `category`. O(1).
    public mutating func add(_ category: CaseCategory, count n: Int = 1) {
        precondition(n >= 0, "Caseload.add: count must be ≥ 0 (found \(n)); use remove")
        let i = category.index
        counts[i] += n
        caseCount += n
        workloadPoints += n * table.points(atIndex: i)
    }

    /// Adds `count` `type` cases in `tier` (T2A when `t2a` is true). O(1).
    public mutating func add(_ type: CaseType, _ tier: Tier, t2a: Bool = false, count n: Int = 1) {
        add(CaseCategory(type, tier, t2a: t2a), count: n)
    }

    /// Removes `count` cases of `category`. O(1).
    /// - Precondition: at least `count` such cases are held (removing a case that is not
    ///   there is a bug in the caller).
    public mutating func remove(_ category: CaseCategory, count n: Int = 1) {
        let i = category.index
        precondition(n >= 0 && counts[i] >= n,
                     "Caseload.remove: cannot remove \(n) \(category.name) case(s) when \(counts[i]) are held")
        counts[i] -= n
        caseCount -= n
        workloadPoints -= n * table.points(atIndex: i)
    }

    /// Removes `count` `type` cases in `tier` (T2A when `t2a` is true). O(1).
    public mutating func remove(_ type: CaseType, _ tier: Tier, t2a: Bool = false, count n: Int = 1) {
        remove(CaseCategory(type, tier, t2a: t2a), count: n)
    }

    /// Counts `count` (≥ 0) more court reports. O(1).
    public mutating func add(_ report: CourtReport, count n: Int = 1) {
        precondition(n >= 0, "Caseload.add: count must be ≥ 0 (found \(n)); use remove")
        adjust(report, by: n)
    }

    /// Stops counting `count` court reports (e.g. when they fall out of the counting window).
    /// - Precondition: at least `count` such reports are counted.
    public mutating func remove(_ report: CourtReport, count n: Int = 1) {
        precondition(n >= 0 && count(report) >= n,
                     "Caseload.remove: cannot remove \(n) \(report.rawValue) report(s) when \(count(report)) are counted")
        adjust(report, by: -n)
    }

    private mutating func adjust(_ report: CourtReport, by n: Int) {
        switch report {
        case .standard: sdrCount += n
        case .fast: fdrCount += n
        }
        workloadPoints += n * table.points(report)
    }

    /// Switches to another table (e.g. when new weightings take effect) and recomputes the
    /// running total. O(192).
    public mutating func reweigh(with newTable: PointsTable) {
        table = newTable
        workloadPoints = newTable.workloadPoints(of: self)
    }

    /// Workload against `availablePoints`. O(1).
    public func capacity(availablePoints: Int) -> Capacity {
        Capacity(workloadPoints: workloadPoints, availablePoints: availablePoints)
    }

    /// Workload against the available points of a practitioner of `grade` on
    /// `contractedHours` a week less `reductionHours`, under this caseload's table.
    /// (Computes the available points each call; in a hot loop keep them and use
    /// ``capacity(availablePoints:)``.)
    public func capacity(grade: Grade, contractedHours: Double, reductionHours: Double) -> Capacity {
        capacity(availablePoints: table.availablePoints(grade: grade, contractedHours: contractedHours,
                                                        reductionHours: reductionHours))
    }
}

extension Caseload: Codable {
    private enum CodingKeys: String, CodingKey { case table, cases, sdr, fdr }

    /// Encodes the table, the non-zero case counts by category name, and the report counts.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(table, forKey: .table)
        var cases: [String: Int] = [:]
        for (i, n) in counts.enumerated() where n != 0 { cases[CaseCategory(index: i).name] = n }
        try c.encode(cases, forKey: .cases)
        try c.encode(sdrCount, forKey: .sdr)
        try c.encode(fdrCount, forKey: .fdr)
    }

    /// Decodes what ``encode(to:)`` writes and recomputes the running totals.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(table: try c.decodeIfPresent(PointsTable.self, forKey: .table) ?? .hmppsDefault)
        for (name, n) in try c.decodeIfPresent([String: Int].self, forKey: .cases) ?? [:] {
            guard let cat = CaseCategory(name: name) else {
                throw DecodingError.dataCorruptedError(forKey: .cases, in: c, debugDescription: "\"\(name)\" is not a case category (expected \(CaseCategory.namePattern))")
            }
            guard n >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .cases, in: c, debugDescription: "\(name) count is \(n): counts cannot be negative")
            }
            add(cat, count: n)
        }
        for (key, report) in [(CodingKeys.sdr, CourtReport.standard), (.fdr, .fast)] {
            let n = try c.decodeIfPresent(Int.self, forKey: key) ?? 0
            guard n >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.rawValue) count is \(n): counts cannot be negative")
            }
            add(report, count: n)
        }
    }
}
