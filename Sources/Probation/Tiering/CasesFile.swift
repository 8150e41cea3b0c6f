// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// The cases file `caseflow tier` reads: one row per case with the inputs of HMPPS's
/// tiering service, and the tiers it writes (docs/tiering.md, "caseflow tier").
public enum CasesFile {
    /// The input columns, in the documented order (a file may put them in any order).
    public static let columns = [
        "case_id", "female", "rosh", "rsr", "mappa", "registrations", "parenting_responsibilities", "impulsivity",
        "temper_control", "previous_enforcement", "ogrs", "has_assessment", "mandate_for_change",
        "need_accommodation", "need_ete", "need_relationships", "need_lifestyle", "need_drugs", "need_alcohol",
        "need_thinking_behaviour", "need_attitudes", "arp", "arp_static", "csrp", "csrp_static", "dcsrp_score",
        "dcsrp_band", "lifer_release_date", "ever_sexual_offence", "active_event", "as_of",
    ]

    /// The output header.
    public static let outputHeader = "case_id,tier_v2,protect_points,change_points,tier_v3,provisional"

    /// One case read from the file.
    public struct Case: Sendable, Hashable {
        /// The line the row starts on.
        public var line: Int
        public var id: String
        public var profile: RiskNeedProfile
        /// The day of calculation (the row's `as_of`, else the command's `--as-of`); nil
        /// when neither is given (allowed only when no lifer release date needs it).
        public var asOf: CivilDate?
    }

    /// One output row: both tiers, or the reason hmpps-tier would give none.
    public struct Outcome: Sendable, Hashable {
        public var line: Int
        public var id: String
        public var result: Result<(v2: TierV2Result, v3: TierV3Result), TierV3Failure>

        public static func == (a: Outcome, b: Outcome) -> Bool { a.line == b.line && a.id == b.id && a.row == b.row }
        public func hash(into h: inout Hasher) { h.combine(line); h.combine(id); h.combine(row) }

        /// The CSV row (without a line break); the tier fields are empty for a failure.
        public var row: String {
            switch result {
            case .success(let r):
                return CSV.row([id, r.v2.label, String(r.v2.protectPoints), String(r.v2.changePoints),
                                r.v3.tier.name, r.v3.provisional ? "true" : "false"])
            case .failure:
                return CSV.row([id, "", "", "", "", ""])
            }
        }
    }

    /// Reads every case, or throws every problem found (line and column each).
    public static func read(_ text: String, file: String, asOf: CivilDate?) throws(InputProblems) -> [Case] {
        var csv = try InputCSV(text, file: file, expectedHeader: columns.joined(separator: ","))
        var index: [String: Int] = [:]
        for (k, name) in csv.header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if index[key] != nil, columns.contains(key) {
                csv.problem(line: csv.header.line, column: key, "the column appears twice")
            }
            if index[key] == nil { index[key] = k }
        }
        try csv.requireColumns(columns.filter { index[$0] == nil },
                               rule: "a cases file has a header naming every input column, in any order")
        var cases: [Case] = []
        cases.reserveCapacity(csv.rows.count)
        var seen: [String: Int] = [:]
        for record in csv.rows {
            var row = RowReader(record: record, index: index)
            var p = RiskNeedProfile()
            let id = record.fields[index["case_id"]!].trimmingCharacters(in: .whitespaces)
            if id.isEmpty { row.fail("case_id", "expected a case identifier, found a blank") }
            else if let first = seen[id] { row.fail("case_id", "case \"\(id)\" already appears on line \(first)") }
            else { seen[id] = record.line }
            p.female = row.bool("female")
            p.rosh = row.choice("rosh", RoSHLevel.allCases.map { ($0.rawValue, $0) })
            p.rsr = row.decimal("rsr", min: FixedDecimal(0), what: "an RSR % ≥ 0")
            p.mappa = row.choice("mappa", MAPPA.allCases.map { ($0.rawValue, $0) })
            p.registrations = row.registrations("registrations")
            p.parentingResponsibilities = row.integer("parenting_responsibilities", 0...2, what: "an OASys answer score 0, 1 or 2")
            p.impulsivity = row.integer("impulsivity", 0...2, what: "an OASys answer score 0, 1 or 2")
            p.temperControl = row.integer("temper_control", 0...2, what: "an OASys answer score 0, 1 or 2")
            p.previousEnforcement = row.bool("previous_enforcement")
            p.ogrs = row.integer("ogrs", 0...100, what: "an OGRS % as a whole number 0 … 100")
            p.hasAssessment = row.bool("has_assessment")
            p.mandateForChange = row.bool("mandate_for_change")
            for need in Need.allCases {
                if let s = row.choice("need_" + need.key, NeedSeverity.allCases.map { ($0.name, $0) }) { p.needs[need] = s }
            }
            p.arp = row.decimal("arp", min: FixedDecimal(0), what: "an ARP % ≥ 0")
            p.arpStatic = row.bool("arp_static")
            p.csrp = row.decimal("csrp", min: FixedDecimal(0), what: "a CSRP % ≥ 0")
            p.csrpStatic = row.bool("csrp_static")
            p.dcsrpScore = row.decimal("dcsrp_score", min: nil, what: "a DC-SRP score")
            p.dcsrpBand = row.choice("dcsrp_band", DCSRPBand.allCases.map { ($0.rawValue, $0) })
            p.liferReleaseDate = row.date("lifer_release_date")
            p.everSexualOffence = row.bool("ever_sexual_offence")
            p.activeEvent = row.bool("active_event")
            let day = row.date("as_of") ?? asOf
            if day == nil, p.liferReleaseDate != nil, p.registrations.contains(.lifer) {
                row.fail("as_of", "expected the day of calculation (a lifer's tier depends on it), found a blank and no --as-of")
            }
            for (column, message) in row.problems { csv.problem(record, column: index[column]!, message) }
            cases.append(Case(line: record.line, id: id, profile: p, asOf: day))
        }
        if !csv.problems.isEmpty { throw InputProblems(csv.problems) }
        return cases
    }

    /// Both tiers of every case.
    public static func compute(_ cases: [Case]) -> [Outcome] {
        cases.map { c in
            let v2 = TierV2Calculator.calculate(c.profile)
            // Without a day (no lifer date to compare) any day gives the same tier.
            let day = c.asOf ?? CivilDate(year: 2000, month: 1, day: 1)!
            do throws(TierV3Failure) {
                let v3 = try TierV3Calculator.calculate(c.profile, asOf: day)
                return Outcome(line: c.line, id: c.id, result: .success((v2, v3)))
            } catch {
                return Outcome(line: c.line, id: c.id, result: .failure(error))
            }
        }
    }

    /// The output file's text.
    public static func write(_ outcomes: [Outcome]) -> String {
        var text = outputHeader + "\n"
        for o in outcomes { text += o.row; text += "\n" }
        return text
    }

    /// Reads one row's cells and collects what is wrong with them.
    struct RowReader {
        let record: CSVRecord
        let index: [String: Int]
        var problems: [(String, String)] = []

        init(record: CSVRecord, index: [String: Int]) { self.record = record; self.index = index }

        func text(_ column: String) -> String {
            record.fields[index[column]!].trimmingCharacters(in: .whitespaces)
        }

        mutating func fail(_ column: String, _ message: String) { problems.append((column, message)) }

        mutating func bool(_ column: String) -> Bool {
            let t = text(column).lowercased()
            switch t {
            case "", "false": return false
            case "true": return true
            default: fail(column, "expected true, false or a blank, found \"\(text(column))\""); return false
            }
        }

        mutating func choice<T>(_ column: String, _ options: [(String, T)]) -> T? {
            let t = text(column)
            guard !t.isEmpty else { return nil }
            if let hit = options.first(where: { $0.0 == t.uppercased() }) { return hit.1 }
            fail(column, "expected one of \(options.map(\.0).joined(separator: ", ")) or a blank, found \"\(t)\"")
            return nil
        }

        mutating func decimal(_ column: String, min: FixedDecimal?, what: String) -> FixedDecimal? {
            let t = text(column)
            guard !t.isEmpty else { return nil }
            guard let v = FixedDecimal(parsing: t) else {
                fail(column, "expected \(what) (a decimal with at most 6 decimal places) or a blank, found \"\(t)\"")
                return nil
            }
            if let min, v < min { fail(column, "expected \(what), found \(t)"); return nil }
            return v
        }

        mutating func integer(_ column: String, _ range: ClosedRange<Int>, what: String) -> Int? {
            let t = text(column)
            guard !t.isEmpty else { return nil }
            guard let v = InputNumber.count(t), range.contains(v) else {
                fail(column, "expected \(what) or a blank, found \"\(t)\"")
                return nil
            }
            return v
        }

        mutating func date(_ column: String) -> CivilDate? {
            let t = text(column)
            guard !t.isEmpty else { return nil }
            guard let d = CivilDate(iso: t) else {
                fail(column, "expected a date YYYY-MM-DD or a blank, found \"\(t)\"")
                return nil
            }
            return d
        }

        mutating func registrations(_ column: String) -> Registrations {
            var set: Registrations = []
            for part in text(column).split(separator: ";") {
                let code = part.trimmingCharacters(in: .whitespaces)
                if code.isEmpty { continue }
                if let f = Registrations(code: code) { set.insert(f) }
                else {
                    fail(column, "\"\(code)\" is not a register code tiering reads (expected \(Registrations.codes.map(\.code).joined(separator: ", ")), separated by ;)")
                }
            }
            return set
        }
    }
}
