// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild report.html from a finished run or sweep directory.",
        discussion: """
        Reads only the files in DIR (a run directory with manifest.json, or a sweep directory \
        with index.csv) and writes one self-contained HTML page: charts, the sentences \
        under them and their data, with nothing loaded from elsewhere. The same directory \
        always gives the same bytes. Writes DIR/report.html unless --out is given. Errors \
        exit with status 2. See the README's "The report" section.
        """
    )

    @Argument(help: ArgumentHelp("The run or sweep directory.", valueName: "dir")) var directory: String
    @Option(help: ArgumentHelp("Where to write the page (default: DIR/report.html).", valueName: "file")) var out: String?

    func run() throws {
        let outcome = ReportRun.run(directory: directory, out: out)
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

/// The work of `caseflow report`, apart from the process, so tests can call it.
enum ReportRun {
    static func run(directory: String, out: String?) -> CommandOutcome {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return CommandOutcome(stderr: "caseflow report: \(directory): no such directory\n", status: 2)
        }
        do {
            let path = try RunReport.write(directory, to: out)
            return CommandOutcome(stdout: "Wrote \(path)\n")
        } catch {
            return CommandOutcome(stderr: "caseflow report: \(error)\n", status: 2)
        }
    }
}
