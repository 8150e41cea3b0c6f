// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The points file `caseflow wmt --points` reads (format in docs/wmt.md): a CSV whose header
/// names at least `name` and `value`, with one row per entry of a ``PointsTable`` —
/// a ``PointsTable/Setting`` (`sdr`, `fdr`, `nominal_target_po`, `nominal_target_pso`,
/// `default_hours_po`, `default_hours_pso`, `default_hours_spo`) or a ``CaseCategory`` name
/// (`community_B2`, `t2a_licence_A3`, …). Entries left out keep their value in the base
/// table (HMPPS's defaults unless told otherwise). Other columns, such as `source`, are
/// ignored.
public enum PointsFile {
    /// Reads a points file's text over `base`.
    /// - Throws: ``InputProblems`` listing every problem: syntax, header, unknown or repeated
    ///   names, bad values (with line and column), and what ``PointsTable/problems(gradesHoldingCases:)``
    ///   finds in the resulting table.
    public static func read(_ text: String, file: String, base: PointsTable = .hmppsDefault) throws(InputProblems) -> PointsTable {
        let (records, syntaxErrors) = CSV.parse(text)
        var problems = syntaxErrors.map { InputProblem(file: file, line: $0.line, message: $0.message) }
        guard let header = records.first else {
            problems.append(InputProblem(file: file, line: 1, message: "the file has no header line; expected name,value"))
            throw InputProblems(problems)
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let nk = columns.firstIndex(of: "name"), let vk = columns.firstIndex(of: "value") else {
            let missing = ["name", "value"].filter { !columns.contains($0) }
            problems.append(InputProblem(file: file, line: header.line, message:
                "missing required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (the header must have name and value columns)"))
            throw InputProblems(problems)
        }

        var table = base
        var seen: [PointsTable.Entry: Int] = [:]
        for record in records.dropFirst() {
            let f = record.fields
            guard f.count == header.fields.count else {
                problems.append(InputProblem(file: file, line: record.line, message:
                    "expected \(header.fields.count) fields (one per header column), found \(f.count)"))
                continue
            }
            let name = f[nk].trimmingCharacters(in: .whitespaces)
            let entry: PointsTable.Entry?
            switch PointsTable.Entry.named(name) {
            case .success(let e):
                entry = e
                if let earlier = seen[e] {
                    problems.append(InputProblem(file: file, line: record.line, column: "name",
                                                 message: "\(e.name) is already given on line \(earlier)"))
                    continue
                }
                seen[e] = record.line
            case .failure(let error):
                entry = nil
                problems.append(InputProblem(file: file, line: record.line, column: "name", message: error.message))
            }
            guard let value = InputNumber.decimal(f[vk]) else {
                let what = entry?.isWholeNumber == false ? "a number" : "a whole number"
                problems.append(InputProblem(file: file, line: record.line, column: "value",
                                             message: "expected \(what) ≥ 0, found \"\(f[vk])\""))
                continue
            }
            if let entry, let error = table.set(entry, to: value) {
                problems.append(InputProblem(file: file, line: record.line, column: "value", message: "\(entry.name): \(error.message)"))
            }
        }
        for p in table.problems() { problems.append(InputProblem(file: file, line: nil, message: p)) }
        if !problems.isEmpty { throw InputProblems(problems) }
        return table
    }

    /// `table` as a complete points file: a `name,value` header, then every entry in
    /// ``PointsTable/entries`` order.
    public static func write(_ table: PointsTable) -> String {
        var out = "name,value\n"
        for (name, value) in table.entries { out += CSV.row([name, formatNumber(value)]) + "\n" }
        return out
    }
}
