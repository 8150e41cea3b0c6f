// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: scenario YAML text → validated scenario (and, when it is
// small, a four-week run). Every input must give a scenario or diagnostics;
// a trap, a hang or running out of memory is a crash.
import Foundation
import Scenario

let scenarioDirectory: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-fuzz-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    // A file name in a directory of its own: a relative `extends:` looks there.
    if let scenario = try? ScenarioLoader.load(text: text, fileName: scenarioDirectory + "/s.yaml") {
        runShort(scenario)
        for point in scenario.points.prefix(3) {
            var s = scenario
            s.spec = point.spec
            runShort(s)
        }
    }
    return 0
}
