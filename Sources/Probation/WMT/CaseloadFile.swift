// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// One practitioner's row of a caseload file, with their caseload weighed.
public struct PractitionerCaseload: Sendable, Hashable {
    /// The line the row starts on.
    public var line: Int
    /// The practitioner's name or identifier.
    public var practitioner: String
    /// Their grade.
    public var grade: Grade
    /// Contracted hours a week.
    public var contractedHours: Double
    /// Reduction hours a week.
    public var reductionHours: Double
    /// Their cases and court reports, weighed with the table the file was read with.
    public var caseload: Caseload

    /// A row.
    public init(line: Int, practitioner: String, grade: Grade, contractedHours: Double, reductionHours: Double,
                caseload: Caseload) {
        self.line = line
        self.practitioner = practitioner
        self.grade = grade
        self.contractedHours = contractedHours
        self.reductionHours = reductionHours
        self.caseload = caseload
    }

    /// Workload against available points, under the caseload's table.
    public var capacity: Capacity {
        caseload.capacity(grade: grade, contractedHours: contractedHours, reductionHours: reductionHours)
    }
}

/// The caseload file `caseflow wmt` reads (format in docs/wmt.md): a CSV with one row per
/// practitioner and a header naming at least `practitioner`, `grade`, `contracted_hours` and
/// `reduction_hours`, plus any count columns — ``CaseCategory`` names such as `community_B2`
/// or `t2a_licence_A3`, and `sdr` and `fdr`. Count columns left out count 0, as do empty
/// count cells; other columns (e.g. `date`, `replication`) are ignored. Column names are
/// matched case-insensitively.
public enum CaseloadFile {
    /// The columns every caseload file needs.
    public static let requiredColumns = ["practitioner", "grade", "contracted_hours", "reduction_hours"]

    /// The most cases (or reports) one cell may count.
    public static let maxCount = 1_000_000

    /// The most hours in a week, the upper limit for contracted and reduction hours.
    public static let hoursInWeek = 168.0

    /// The columns of ``report(_:)``.
    public static let reportColumns = ["practitioner", "grade", "workload_points", "available_points", "capacity_pct"]

    /// Reads a caseload file's text (``CaseloadReader`` reads a file a block at a time).
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the file's name, for messages.
    ///   - table: the weightings to weigh caseloads with.
    /// - Returns: the rows, in file order.
    /// - Throws: ``InputProblems`` listing every problem found (syntax, header, and every bad
    ///   cell with its line and column), when there is any.
    public static func read(_ text: String, file: String, table: PointsTable = .hmppsDefault) throws(InputProblems) -> [PractitionerCaseload] {
        let reader = CaseloadReader(file: file, table: table, maxProblemsKept: .max)
        var rows: [PractitionerCaseload] = []
        var text = text
        text.withUTF8 { reader.feed($0) { rows.append($0) } }
        if let problems = reader.finish(onRow: { rows.append($0) }) { throw problems }
        return rows
    }

    /// A count cell read from its bytes: empty (spaces and tabs at most), a count from 0 to
    /// ``maxCount`` written in digits (spaces, tabs and a `+` allowed around them), or
    /// anything else, which ``InputNumber`` then reads (and words the problem for).
    enum CountCell: Equatable {
        case empty
        case count(Int)
        case other
    }

    static func countCell(_ p: UnsafeBufferPointer<UInt8>) -> CountCell {
        var lo = 0, hi = p.count
        while lo < hi && (p[lo] == 0x20 || p[lo] == 0x09) { lo += 1 }
        while hi > lo && (p[hi - 1] == 0x20 || p[hi - 1] == 0x09) { hi -= 1 }
        if lo == hi { return .empty }
        if p[lo] == UInt8(ascii: "+") { lo += 1 }
        if lo == hi { return .other }
        var value = 0
        for k in lo..<hi {
            let digit = p[k] &- UInt8(ascii: "0")
            guard digit <= 9 else { return .other }
            value = value * 10 + Int(digit)
            if value > maxCount { return .other }
        }
        return .count(value)
    }

    /// The key two column names share when they mean the same column (`licence_B2` and
    /// `license_b2`).
    static func canonicalKey(_ key: String) -> String {
        if case .category(let c) = CaseCategory.match(key) { return c.name }
        return key
    }

    /// The report `caseflow wmt` prints: a CSV with a header of ``reportColumns`` and one row
    /// per practitioner — workload points, available points, and capacity as a percentage
    /// with one decimal place rounded as HMPPS rounds it, left empty when the practitioner
    /// has no available points.
    public static func report(_ rows: [PractitionerCaseload]) -> String {
        var writer = CaseloadReportWriter()
        var out = CaseloadReportWriter.header
        for r in rows { out += writer.line(r) }
        return out
    }
}
