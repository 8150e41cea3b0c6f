// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Reads a caseload file (``CaseloadFile``) a block at a time and hands over each
/// practitioner's row as soon as it is read, so `caseflow wmt` reads a file of any size in
/// bounded memory. Every row is checked; the problems are kept in file order (the first
/// ``maxProblemsKept``, and how many there were in all). Rows are handed over only while no
/// problem has been found: once one has, the output would be thrown away, so the rest of
/// the file is only checked.
public final class CaseloadReader {
    /// The file's name, for messages.
    public let file: String
    /// The weightings caseloads are weighed with.
    public let table: PointsTable
    /// The most problems kept (the count goes on).
    public let maxProblemsKept: Int
    /// The first ``maxProblemsKept`` problems found, in the order found.
    public private(set) var problems: [InputProblem] = []
    /// How many problems were found in all.
    public private(set) var problemCount = 0

    private enum Count {
        case category(CaseCategory)
        case report(CourtReport)
    }

    private var parser = CSVStreamParser()
    private var sawHeader = false
    /// The header's names, trimmed, for messages.
    private var names: [String] = []
    /// The columns of practitioner, grade, contracted and reduction hours; nil when the
    /// header lacks one (the rows are then only checked for their number of fields).
    private var required: (practitioner: Int, grade: Int, contracted: Int, reduction: Int)?
    private var counts: [(column: Int, what: Count)] = []

    /// A reader at the start of `file`.
    public init(file: String, table: PointsTable = .hmppsDefault, maxProblemsKept: Int = 200) {
        self.file = file
        self.table = table
        self.maxProblemsKept = maxProblemsKept
    }

    /// Reads the next part of the file; `onRow` gets each complete, valid row.
    public func feed(_ bytes: UnsafeBufferPointer<UInt8>, onRow: (PractitionerCaseload) throws -> Void) rethrows {
        try parser.feed(bytes, onRecord: { try handle($0, onRow) }, onError: syntax)
    }

    /// Ends the file. Returns the problems found (sorted by line, as ``InputProblems`` sorts),
    /// or nil when there were none.
    public func finish(onRow: (PractitionerCaseload) throws -> Void) rethrows -> InputProblems? {
        try parser.finish(onRecord: { try handle($0, onRow) }, onError: syntax)
        if !sawHeader {
            sawHeader = true
            problem(InputProblem(file: file, line: 1, message: "the file has no header line; expected one naming \(CaseloadFile.requiredColumns.joined(separator: ", ")) and count columns"))
        }
        return problemCount == 0 ? nil : InputProblems(problems)
    }

    private func syntax(_ e: CSVSyntaxError) {
        problem(InputProblem(file: file, line: e.line, message: e.message))
    }

    private func problem(_ p: InputProblem) {
        problemCount += 1
        if problems.count < maxProblemsKept { problems.append(p) }
    }

    private func problem(_ record: CSVRawRecord, column: Int, _ message: String) {
        problem(InputProblem(file: file, line: record.line, column: names[column], message: message))
    }

    private func handle(_ record: CSVRawRecord, _ onRow: (PractitionerCaseload) throws -> Void) rethrows {
        if let byte = record.firstInvalidByte {
            problem(InputProblem(file: file, line: record.line, message: String(format: "is not UTF-8 text (found the byte 0x%02X); save the file as UTF-8", byte)))
            if !sawHeader { sawHeader = true; names = record.fields.map { $0.trimmingCharacters(in: .whitespaces) } }
            return
        }
        guard sawHeader else { readHeader(record); return }
        guard record.count == names.count else {
            problem(InputProblem(file: file, line: record.line, message:
                "expected \(names.count) fields (one per header column), found \(record.count)"))
            return
        }
        guard let required else { return }
        if let row = readRow(record, required), problemCount == 0 { try onRow(row) }
    }

    private func readHeader(_ record: CSVRawRecord) {
        sawHeader = true
        let fields = record.fields
        names = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var found: [String: Int] = [:]
        var firstColumnOf: [String: Int] = [:]
        for (k, name) in names.enumerated() {
            let key = name.lowercased()
            if let earlier = firstColumnOf[CaseloadFile.canonicalKey(key)] {
                problem(InputProblem(file: file, line: record.line, column: name, message: "appears more than once (columns \(earlier + 1) and \(k + 1))"))
                continue
            }
            if !key.isEmpty { firstColumnOf[CaseloadFile.canonicalKey(key)] = k }
            if CaseloadFile.requiredColumns.contains(key) { found[key] = k; continue }
            if let report = CourtReport(rawValue: key) { counts.append((k, .report(report))); continue }
            switch CaseCategory.match(name) {
            case .category(let c): counts.append((k, .category(c)))
            case .malformed(let why):
                problem(InputProblem(file: file, line: record.line, column: name, message:
                    "not a count column: \(why); count columns are named \(CaseCategory.namePattern), sdr and fdr"))
            case .unrelated: break
            }
        }
        let missing = CaseloadFile.requiredColumns.filter { found[$0] == nil }
        guard missing.isEmpty else {
            problem(InputProblem(file: file, line: record.line, message:
                "missing required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (the header must name \(CaseloadFile.requiredColumns.joined(separator: ", ")))"))
            return
        }
        required = (found["practitioner"]!, found["grade"]!, found["contracted_hours"]!, found["reduction_hours"]!)
    }

    private func readRow(_ record: CSVRawRecord, _ columns: (practitioner: Int, grade: Int, contracted: Int, reduction: Int))
        -> PractitionerCaseload? {
        let before = problemCount
        func hours(_ column: Int) -> Double {
            let text = record.string(column)
            guard let h = InputNumber.decimal(text), h >= 0 else {
                problem(record, column: column, "expected a number ≥ 0, found \"\(text)\"")
                return 0
            }
            if h > CaseloadFile.hoursInWeek {
                problem(record, column: column,
                        "expected at most \(Int(CaseloadFile.hoursInWeek)) hours a week, found \(text.trimmingCharacters(in: .whitespaces))")
            }
            return h
        }

        let practitioner = record.string(columns.practitioner).trimmingCharacters(in: .whitespaces)
        if practitioner.isEmpty { problem(record, column: columns.practitioner, "expected a name, found nothing") }
        if let c = practitioner.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            problem(record, column: columns.practitioner, "expected a name without control characters, found one (U+\(String(format: "%04X", c.value)))")
        }
        let gradeText = record.string(columns.grade)
        let grade = Grade(parsing: gradeText)
        if grade == nil {
            problem(record, column: columns.grade, "expected one of \(Grade.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(gradeText)\"")
        }
        let contracted = hours(columns.contracted)
        let reduction = hours(columns.reduction)

        var caseload = Caseload(table: table)
        for (column, what) in counts {
            let n: Int
            switch record.withField(column, CaseloadFile.countCell) {
            case .empty: continue
            case .count(let c): n = c
            case .other:
                // Not plain digits (or not ASCII): the careful reading, which also words the problem.
                let cell = record.string(column)
                if cell.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard let c = InputNumber.count(cell) ?? InputNumber.countTooLarge(cell), c <= CaseloadFile.maxCount else {
                    let tooLarge = InputNumber.countTooLarge(cell) != nil || InputNumber.count(cell) != nil
                    problem(record, column: column, tooLarge
                            ? "expected at most \(CaseloadFile.maxCount), found \(cell.trimmingCharacters(in: .whitespaces))"
                            : "expected a whole number ≥ 0, found \"\(cell)\"")
                    continue
                }
                n = c
            }
            switch what {
            case .category(let c): caseload.add(c, count: n)
            case .report(let r): caseload.add(r, count: n)
            }
        }
        guard problemCount == before, let grade else { return nil }
        return PractitionerCaseload(line: record.line, practitioner: practitioner, grade: grade,
                                    contractedHours: contracted, reductionHours: reduction, caseload: caseload)
    }
}

/// Writes the report `caseflow wmt` prints (``CaseloadFile/report(_:)``) a row at a time,
/// keeping the available points of each grade and hours seen (HMPPS's exact decimal
/// arithmetic is slow, and a caseload file repeats a few combinations many times; the
/// figures kept are those it gives, so the report is the same byte for byte).
public struct CaseloadReportWriter {
    private struct Hours: Hashable {
        var grade: Grade
        var contracted: UInt64
        var reduction: UInt64
    }
    private var available: [Hours: Int] = [:]
    /// The table the kept figures were worked out with.
    private var table: PointsTable?

    public init() {}

    /// The report's header line.
    public static var header: String { CSV.row(CaseloadFile.reportColumns) + "\n" }

    /// The report's line for `row`.
    public mutating func line(_ row: PractitionerCaseload) -> String {
        if table != row.caseload.table {   // rows of one file share their table's storage, so this is quick
            table = row.caseload.table
            available.removeAll()
        }
        let key = Hours(grade: row.grade, contracted: row.contractedHours.bitPattern, reduction: row.reductionHours.bitPattern)
        let points: Int
        if let known = available[key] {
            points = known
        } else {
            points = row.caseload.table.availablePoints(grade: row.grade, contractedHours: row.contractedHours,
                                                         reductionHours: row.reductionHours)
            if available.count >= 4096 { available.removeAll(keepingCapacity: true) }
            available[key] = points
        }
        let c = row.caseload.capacity(availablePoints: points)
        return CSV.row([row.practitioner, row.grade.rawValue, String(c.workloadPoints), String(c.availablePoints),
                        c.percentText]) + "\n"
    }
}
