// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Simulation

struct TierCases: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tier",
        abstract: "Compute HMPPS's v2 and v3 tiers for a file of cases, as hmpps-tier computes them.",
        discussion: """
        The cases file has a header naming every input column, in any order: \
        \(CasesFile.columns.joined(separator: ", ")). A blank cell means absent or none \
        (false for booleans). Prints CSV (or writes it to --out): \(CasesFile.outputHeader). \
        Where hmpps-tier would fail on a case (a DC-SRP medium band with a score below 0.60) \
        its tier fields are left empty and the reason is printed on stderr with its line; \
        the other cases are still computed. Problems in the input are all reported on \
        stderr with line and column, nothing is written, and the exit status is 2. \
        See docs/tiering.md.
        """
    )

    @Argument(help: ArgumentHelp("The cases CSV file.", valueName: "cases.csv")) var cases: String
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day of calculation for rows with a blank as_of (YYYY-MM-DD).", valueName: "date"))
    var asOf: String?
    @Option(help: ArgumentHelp("Write the tiers to this file instead of stdout.", valueName: "file")) var out: String?

    func run() throws {
        let outcome = TierRun.run(casesPath: cases, asOf: asOf, out: out)
        FileHandle.standardOutput.write(Data(outcome.stdout.utf8))
        FileHandle.standardError.write(Data(outcome.stderr.utf8))
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

/// The work of `caseflow tier`, apart from the process, so tests can call it.
enum TierRun {
    static let inputError: Int32 = 2

    static func run(casesPath: String, asOf: String?, out: String?) -> WMTOutcome {
        guard let data = FileManager.default.contents(atPath: casesPath) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: casesPath, isDirectory: &isDir)
            let why = exists ? (isDir.boolValue ? "is a folder, not a file" : "cannot be read") : "no such file"
            return WMTOutcome(stderr: "\(casesPath): \(why)\n", status: inputError)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return WMTOutcome(stderr: "\(casesPath): is not UTF-8 text\n", status: inputError)
        }
        return run(text: text, name: casesPath, asOf: asOf, out: out)
    }

    static func run(text: String, name: String, asOf asOfText: String?, out: String?) -> WMTOutcome {
        var asOf: CivilDate?
        if let asOfText {
            guard let d = CivilDate(iso: asOfText.trimmingCharacters(in: .whitespaces)) else {
                return WMTOutcome(stderr: "--as-of: expected a date YYYY-MM-DD, found \"\(asOfText)\"\n", status: inputError)
            }
            asOf = d
        }
        let cases: [CasesFile.Case]
        do { cases = try CasesFile.read(text, file: name, asOf: asOf) } catch {
            let n = error.problems.count
            return WMTOutcome(stderr: error.description + "\ncaseflow tier: \(n) problem\(n == 1 ? "" : "s") in the input; nothing was computed\n",
                              status: inputError)
        }
        let outcomes = CasesFile.compute(cases)
        var stderr = ""
        for o in outcomes {
            if case .failure(let why) = o.result { stderr += "\(name):\(o.line): case \(o.id): \(why)\n" }
        }
        let csv = CasesFile.write(outcomes)
        guard let out else { return WMTOutcome(stdout: csv, stderr: stderr) }
        do {
            try Data(csv.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            return WMTOutcome(stderr: stderr + "\(out): cannot be written (\(error.localizedDescription))\n", status: 1)
        }
        return WMTOutcome(stderr: stderr)
    }
}
