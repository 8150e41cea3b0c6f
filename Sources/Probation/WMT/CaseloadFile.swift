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

    private enum Count {
        case category(CaseCategory)
        case report(CourtReport)
    }

    /// Reads a caseload file's text.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the file's name, for messages.
    ///   - table: the weightings to weigh caseloads with.
    /// - Returns: the rows, in file order.
    /// - Throws: ``InputProblems`` listing every problem found (syntax, header, and every bad
    ///   cell with its line and column), when there is any.
    public static func read(_ text: String, file: String, table: PointsTable = .hmppsDefault) throws(InputProblems) -> [PractitionerCaseload] {
        var input = try InputCSV(text, file: file, expectedHeader:
            "one naming \(requiredColumns.joined(separator: ", ")) and count columns")
        let header = input.header

        // The header.
        var required: [String: Int] = [:]
        var counts: [(column: Int, what: Count)] = []
        var firstColumnOf: [String: Int] = [:]
        for (k, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            let key = name.lowercased()
            if let earlier = firstColumnOf[canonicalKey(key)] {
                input.problem(line: header.line, column: name, "appears more than once (columns \(earlier + 1) and \(k + 1))")
                continue
            }
            if !key.isEmpty { firstColumnOf[canonicalKey(key)] = k }
            if requiredColumns.contains(key) { required[key] = k; continue }
            if let report = CourtReport(rawValue: key) { counts.append((k, .report(report))); continue }
            switch CaseCategory.match(name) {
            case .category(let c): counts.append((k, .category(c)))
            case .malformed(let why):
                input.problem(line: header.line, column: name,
                              "not a count column: \(why); count columns are named \(CaseCategory.namePattern), sdr and fdr")
            case .unrelated: break
            }
        }
        try input.requireColumns(requiredColumns.filter { required[$0] == nil },
                                 rule: "the header must name \(requiredColumns.joined(separator: ", "))")
        let pk = required["practitioner"]!, gk = required["grade"]!
        let ck = required["contracted_hours"]!, rk = required["reduction_hours"]!

        // The rows.
        var rows: [PractitionerCaseload] = []
        for record in input.rows {
            let f = record.fields
            let before = input.problems.count
            func hours(_ column: Int) -> Double {
                guard let h = InputNumber.decimal(f[column]), h >= 0 else {
                    input.problem(record, column: column, "expected a number ≥ 0, found \"\(f[column])\"")
                    return 0
                }
                if h > hoursInWeek {
                    input.problem(record, column: column,
                                  "expected at most \(Int(hoursInWeek)) hours a week, found \(f[column].trimmingCharacters(in: .whitespaces))")
                }
                return h
            }

            let practitioner = f[pk].trimmingCharacters(in: .whitespaces)
            if practitioner.isEmpty { input.problem(record, column: pk, "expected a name, found nothing") }
            if let c = practitioner.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                input.problem(record, column: pk, "expected a name without control characters, found one (U+\(String(format: "%04X", c.value)))")
            }
            let grade = Grade(parsing: f[gk])
            if grade == nil {
                input.problem(record, column: gk, "expected one of \(Grade.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(f[gk])\"")
            }
            let contracted = hours(ck)
            let reduction = hours(rk)

            var caseload = Caseload(table: table)
            for (column, what) in counts {
                let cell = f[column]
                if cell.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard let n = InputNumber.count(cell) ?? InputNumber.countTooLarge(cell), n <= maxCount else {
                    let tooLarge = InputNumber.countTooLarge(cell) != nil || InputNumber.count(cell) != nil
                    input.problem(record, column: column, tooLarge
                                  ? "expected at most \(maxCount), found \(cell.trimmingCharacters(in: .whitespaces))"
                                  : "expected a whole number ≥ 0, found \"\(cell)\"")
                    continue
                }
                switch what {
                case .category(let c): caseload.add(c, count: n)
                case .report(let r): caseload.add(r, count: n)
                }
            }
            if input.problems.count == before, let grade {
                rows.append(PractitionerCaseload(line: record.line, practitioner: practitioner, grade: grade,
                                                 contractedHours: contracted, reductionHours: reduction, caseload: caseload))
            }
        }
        if !input.problems.isEmpty { throw InputProblems(input.problems) }
        return rows
    }

    /// The key two column names share when they mean the same column (`licence_B2` and
    /// `license_b2`).
    private static func canonicalKey(_ key: String) -> String {
        if case .category(let c) = CaseCategory.match(key) { return c.name }
        return key
    }

    /// The report `caseflow wmt` prints: a CSV with a header of ``reportColumns`` and one row
    /// per practitioner — workload points, available points, and capacity as a percentage
    /// with one decimal place rounded as HMPPS rounds it, left empty when the practitioner
    /// has no available points.
    public static func report(_ rows: [PractitionerCaseload]) -> String {
        var out = CSV.row(reportColumns) + "\n"
        for r in rows {
            let c = r.capacity
            out += CSV.row([r.practitioner, r.grade.rawValue, String(c.workloadPoints), String(c.availablePoints),
                            c.percentText]) + "\n"
        }
        return out
    }
}
