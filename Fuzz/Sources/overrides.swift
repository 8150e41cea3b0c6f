// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the override parser. Each line of the input is one
// `--set PATH=VALUE` applied to the toy scenario (scenarios/toy-team.yaml,
// embedded below at build time by scripts/fuzz.sh); a scenario that
// validates then runs four weeks.
import Foundation
import Scenario

let toyScenario: String = {
    let path = ProcessInfo.processInfo.environment["CASEFLOW_FUZZ_BASE"] ?? "scenarios/toy-team.yaml"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        fatalError("fuzz-overrides: cannot read the base scenario \(path) (set CASEFLOW_FUZZ_BASE)")
    }
    return text
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOverrides(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let settings = fuzzText(data, size).split(separator: "\n", omittingEmptySubsequences: true).prefix(16).map(String.init)
    if let scenario = try? ScenarioLoader.load(text: toyScenario, fileName: "toy-team.yaml", settings: settings) {
        runShort(scenario)
    }
    return 0
}
