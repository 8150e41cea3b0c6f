// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser

@main
struct Caseflow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseflow",
        abstract: "Simulate probation caseload, allocation and workload (WMT) in England and Wales.",
        discussion: "Every command: \(ExitStatus.help)",
        version: CaseflowVersion.string,
        subcommands: [Run.self, Validate.self, Sweep.self, WMT.self, TierCases.self, Bench.self, Compare.self, Query.self,
                      Check.self, Calibrate.self, Uncertainty.self,
                      PlanCommand.self, RunUnitCommand.self, MergeCommand.self, StatusCommand.self,
                      SlurmCommand.self, KubernetesCommand.self, ReportCommand.self]
    )

    /// Asks for huge pages first (``HugePages``), then parses and runs the command.
    static func main() {
        HugePages.startAgainIfUseful()
        main(nil)
    }
}

enum CaseflowVersion {
    static let string = "0.1.0"
}
