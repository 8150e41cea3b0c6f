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
        var input = try InputCSV(text, file: file, expectedHeader: "name,value")
        let columns = input.header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        try input.requireColumns(["name", "value"].filter { !columns.contains($0) }, rule: "the header must have name and value columns")
        let nk = columns.firstIndex(of: "name")!, vk = columns.firstIndex(of: "value")!

        var table = base
        var seen: [PointsTable.Entry: Int] = [:]
        for record in input.rows {
            let f = record.fields
            let name = f[nk].trimmingCharacters(in: .whitespaces)
            let entry: PointsTable.Entry?
            switch PointsTable.Entry.named(name) {
            case .success(let e):
                entry = e
                if let earlier = seen[e] {
                    input.problem(line: record.line, column: "name", "\(e.name) is already given on line \(earlier)")
                    continue
                }
                seen[e] = record.line
            case .failure(let error):
                entry = nil
                input.problem(line: record.line, column: "name", error.message)
            }
            guard let value = InputNumber.decimal(f[vk]) else {
                let what = entry?.isWholeNumber == false ? "a number" : "a whole number"
                input.problem(line: record.line, column: "value", "expected \(what) ≥ 0, found \"\(f[vk])\"")
                continue
            }
            if let entry, value > PointsTable.maxValue {
                // Quoted as written: a large whole number is not reprinted as 9.2e+18.
                input.problem(line: record.line, column: "value",
                              "\(entry.name): expected at most \(formatNumber(PointsTable.maxValue)), found \(f[vk].trimmingCharacters(in: .whitespaces))")
            } else if let entry, let error = table.set(entry, to: value) {
                input.problem(line: record.line, column: "value", "\(entry.name): \(error.message)")
            }
        }
        for p in table.problems() { input.problem(line: nil, p) }
        if !input.problems.isEmpty { throw InputProblems(input.problems) }
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
