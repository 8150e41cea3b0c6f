// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Probation
import Reports

struct WMT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wmt",
        abstract: "Work out Workload Measurement Tool (WMT) points and capacity for a caseload file.",
        discussion: """
        The caseload file has one row per practitioner with the columns practitioner, grade \
        (PO, PSO, PQiP or SPO), contracted_hours and reduction_hours, and any count columns: \
        community_A3 … custody_D0, t2a_community_A3 … t2a_custody_D0, the unsupervised S tiers \
        community_A3S … t2a_custody_D0S (HMPPS's default weight 0), sdr and fdr (left out \
        = 0). Other columns are ignored. Prints CSV: practitioner, grade, workload_points, \
        available_points, capacity_pct (one decimal place; empty when the practitioner has \
        no available points). Every problem in the input is reported on stderr with its line \
        and column, and the exit status is then 2. See docs/wmt.md.
        """
    )

    @Argument(help: ArgumentHelp("The caseload CSV file.", valueName: "caseload.csv")) var caseload: String?
    @Option(help: ArgumentHelp("A points table CSV of name,value rows; entries left out keep HMPPS's published weightings.",
                                valueName: "points.csv")) var points: String?
    @Flag(name: .customLong("print-points"), help: "Print the points table in use as a points file, then stop.")
    var printPoints = false

    func validate() throws {
        if caseload == nil && !printPoints {
            throw ValidationError("give a caseload file (caseload.csv), or --print-points")
        }
    }

    func run() throws {
        let outcome = WMTRun.run(caseloadPath: printPoints ? nil : caseload, pointsPath: points)
        FileHandle.standardOutput.write(Data(outcome.stdout.utf8))
        FileHandle.standardError.write(Data(outcome.stderr.utf8))
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

/// What a `caseflow wmt` run prints and its exit status.
struct WMTOutcome: Equatable {
    var stdout = ""
    var stderr = ""
    var status: Int32 = 0
}

/// The work of `caseflow wmt`, apart from the process, so tests can call it.
enum WMTRun {
    /// Exit status for bad input.
    static let inputError: Int32 = 2

    /// Reads the files and reports. With no caseload path, prints the points table in use.
    static func run(caseloadPath: String?, pointsPath: String?) -> WMTOutcome {
        var problems: [String] = []
        var pointsText: String?
        var caseloadText: String?
        if let p = pointsPath {
            do { pointsText = try readText(p) } catch { problems.append("\(p): \(error)") }
        }
        if let c = caseloadPath {
            do { caseloadText = try readText(c) } catch { problems.append("\(c): \(error)") }
        }
        guard problems.isEmpty else { return failure(problems) }
        return run(caseload: caseloadText.map { (caseloadPath!, $0) }, points: pointsText.map { (pointsPath!, $0) })
    }

    /// Reports on file contents given as (name, text).
    static func run(caseload: (name: String, text: String)?, points: (name: String, text: String)?) -> WMTOutcome {
        var problems: [String] = []
        var table = PointsTable.hmppsDefault
        if let points {
            do { table = try PointsFile.read(points.text, file: points.name) }
            catch { problems += error.problems.map(\.description) }
        }
        guard let caseload else {
            return problems.isEmpty ? WMTOutcome(stdout: PointsFile.write(table)) : failure(problems)
        }
        do {
            let rows = try CaseloadFile.read(caseload.text, file: caseload.name, table: table)
            return problems.isEmpty ? WMTOutcome(stdout: CaseloadFile.report(rows)) : failure(problems)
        } catch {
            return failure(problems + error.problems.map(\.description))
        }
    }

    private static func failure(_ problems: [String]) -> WMTOutcome {
        let summary = "caseflow wmt: \(problems.count) problem\(problems.count == 1 ? "" : "s") in the input; nothing was computed"
        return WMTOutcome(stderr: (problems + [summary]).joined(separator: "\n") + "\n", status: inputError)
    }

    private struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The file's text; a gzip file (such as a run's wmt_snapshot.csv.gz) is decompressed.
    private static func readText(_ path: String) throws -> String {
        let data: Data
        do { data = try GzipReader.contents(of: path) } catch let e as GzipError {
            let prefix = path + ": "
            throw ReadError(description: e.description.hasPrefix(prefix) ? String(e.description.dropFirst(prefix.count)) : e.description)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadError(description: "is not UTF-8 text")
        }
        return text
    }
}
