// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import caseflow
@testable import Probation

@Suite struct TierCommandTests {
    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func text(_ relative: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(relative), encoding: .utf8)
    }

    static let header = CasesFile.columns.joined(separator: ",")

    /// A row with the given cells set and the rest blank.
    static func row(_ cells: [String: String]) -> String {
        CasesFile.columns.map { cells[$0] ?? "" }.joined(separator: ",")
    }

    @Test func exampleFileGivesTheHandWorkedTiers() throws {
        // examples/tiering/expected-tiers.csv was worked out by hand from the rules
        // (docs/tiering.md); the comments in the example's README say how.
        let outcome = TierRun.run(casesPath: Self.root.appendingPathComponent("examples/tiering/cases.csv").path,
                                  asOf: "2026-06-15", out: nil)
        #expect(outcome.status == 0)
        #expect(outcome.stdout == (try text("examples/tiering/expected-tiers.csv")))
        // T25 is the case where hmpps-tier fails: the message names its line (26) and the reason.
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix("cases.csv:26: case T25: DC-SRP band MEDIUM with score 0.55, below the lowest medium threshold 0.60: hmpps-tier fails here (\"Unexpected combination of DC-SRP score and band\") and gives no tier") == true)
    }

    @Test func columnsInAnyOrderAndOutFile() throws {
        // Reversed columns; one case, RoSH high with MAPPA M1 and an IOM nominal.
        let cols = CasesFile.columns.reversed()
        let cells = ["case_id": "X1", "rosh": "high", "mappa": "M1", "registrations": "iiom; RMDO",
                     "has_assessment": "TRUE", "mandate_for_change": "true", "ogrs": "80", "arp": "76", "csrp": "3.5",
                     "active_event": "true"]
        let input = cols.joined(separator: ",") + "\n" + cols.map { cells[$0] ?? "" }.joined(separator: ",") + "\n"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-tier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("tiers.csv").path
        let outcome = TierRun.run(text: input, name: "in.csv", asOf: nil, out: out)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.isEmpty)
        // Protect: 20 (RoSH high) + 5 (M1) + 2 (RMDO) = 27 → B. Change: 8 (OGRS 80) + 2 (IOM) = 10 → 2.
        // v3: ARP 76 / CSRP 3.5 → B; MAPPA × high → C; B.
        #expect(try String(contentsOfFile: out, encoding: .utf8) == CasesFile.outputHeader + "\nX1,B2,27,10,B,false\n")
    }

    @Test func badRowsAllReportedWithLineAndColumnAndNothingWritten() throws {
        let rows = [
            Self.row(["case_id": "A", "rosh": "SEVERE", "rsr": "\"7,5\""]),
            Self.row(["case_id": "B", "ogrs": "101", "need_drugs": "LOTS", "female": "yes"]),
            Self.row(["case_id": "A", "registrations": "RMDO;XYZ", "arp": "-1", "dcsrp_band": "HUGE"]),
            Self.row(["case_id": "C", "registrations": "INLL", "lifer_release_date": "2025-02-30"]),
            Self.row(["case_id": "D", "registrations": "INLL", "lifer_release_date": "2025-02-01"]),
            Self.row(["case_id": "", "parenting_responsibilities": "3", "rsr": "1.1234567"]),
        ]
        let input = Self.header + "\n" + rows.joined(separator: "\n") + "\n"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-tier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("tiers.csv").path
        let outcome = TierRun.run(text: input, name: "cases.csv", asOf: nil, out: out)
        #expect(outcome.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        let expectedStarts = [
            "cases.csv:2: column rosh: expected one of VERY_HIGH, HIGH, MEDIUM, LOW or a blank, found \"SEVERE\"",
            "cases.csv:2: column rsr: expected an RSR % ≥ 0 (a decimal with at most 6 decimal places)",
            "cases.csv:3: column female: expected true, false or a blank, found \"yes\"",
            "cases.csv:3: column ogrs: expected an OGRS % as a whole number 0 … 100 or a blank, found \"101\"",
            "cases.csv:3: column need_drugs: expected one of NO_NEED, STANDARD, SEVERE or a blank, found \"LOTS\"",
            "cases.csv:4: column case_id: case \"A\" already appears on line 2",
            "cases.csv:4: column registrations: \"XYZ\" is not a register code",
            "cases.csv:4: column arp: expected an ARP % ≥ 0, found -1",
            "cases.csv:4: column dcsrp_band: expected one of VERY_HIGH, HIGH, MEDIUM, LOW, NOT_APPLICABLE or a blank, found \"HUGE\"",
            "cases.csv:5: column lifer_release_date: expected a date YYYY-MM-DD or a blank, found \"2025-02-30\"",
            "cases.csv:6: column as_of: expected the day of calculation",
            "cases.csv:7: column case_id: expected a case identifier, found a blank",
            "cases.csv:7: column rsr: expected an RSR % ≥ 0 (a decimal with at most 6 decimal places) or a blank, found \"1.1234567\"",
            "cases.csv:7: column parenting_responsibilities: expected an OASys answer score 0, 1 or 2 or a blank, found \"3\"",
            "caseflow tier: 14 problems in the input; nothing was computed",
        ]
        #expect(lines.count == expectedStarts.count)
        for (line, start) in zip(lines, expectedStarts) { #expect(line.hasPrefix(start), "\(line)") }
    }

    @Test func missingColumnsAndBadAsOf() {
        let outcome = TierRun.run(text: "case_id,rosh,rsr\nA,HIGH,3\n", name: "c.csv", asOf: nil, out: nil)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("c.csv:1: missing required columns female, mappa, registrations"))
        let bad = TierRun.run(text: Self.header + "\n", name: "c.csv", asOf: "15/06/2026", out: nil)
        #expect(bad.status == 2)
        #expect(bad.stderr == "--as-of: expected a date YYYY-MM-DD, found \"15/06/2026\"\n")
    }

    @Test func asOfOptionFillsBlankDays() {
        // Released 1 March 2025: within a year of 15 June 2025 (B), not of 15 June 2026 (D).
        let input = Self.header + "\n"
            + Self.row(["case_id": "L1", "registrations": "INLL", "lifer_release_date": "2025-03-01",
                        "rosh": "LOW", "arp": "0", "csrp": "0", "active_event": "true"]) + "\n"
            + Self.row(["case_id": "L2", "registrations": "INLL", "lifer_release_date": "2025-03-01", "as_of": "2025-06-15",
                        "rosh": "LOW", "arp": "0", "csrp": "0", "active_event": "true"]) + "\n"
        let outcome = TierRun.run(text: input, name: "c.csv", asOf: "2026-06-15", out: nil)
        #expect(outcome.stdout == CasesFile.outputHeader + "\nL1,D0,0,0,D,false\nL2,D0,0,0,B,false\n")
    }

    @Test func thousandsOfCases() throws {
        // 5,000 copies of the example's rows (with fresh ids) all compute; the failing row
        // fails each time. (Speed is measured in Benchmarks/, not here.)
        let example = try text("examples/tiering/cases.csv").split(separator: "\n").map(String.init)
        var input = example[0] + "\n"
        var n = 0
        for k in 0..<125 {
            for line in example.dropFirst() { input += "R\(k)-" + line + "\n"; n += 1 }
        }
        let outcome = TierRun.run(text: input, name: "big.csv", asOf: "2026-06-15", out: nil)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.split(separator: "\n").count == n + 1)
        #expect(outcome.stderr.split(separator: "\n").count == 125)
    }
}
