// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the fuzz targets (scripts/fuzz.sh compiles it with each).
import Foundation
import Probation
import Scenario
import Simulation

/// The input as text (invalid UTF-8 is replaced, as a file's bytes would be refused
/// by the loader anyway; the YAML target also feeds the raw bytes).
func fuzzText(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// Runs a scenario that validated over a short horizon (at most 4 weeks, one
/// replication), when it is small enough to run in a fuzzing loop: any trap is
/// a crash libFuzzer records.
func runShort(_ scenario: LoadedScenario) {
    var spec = scenario.spec
    let staff = spec.organisation.regions.flatMap(\.pdus).flatMap(\.teams)
        .reduce(0) { $0 + $1.staff.values.reduce(0, +) }
    let stock = spec.initialCaseload?.total ?? 0
    let weekly = spec.demand.sentencesPerWeek.values.reduce(0, +)
    guard staff <= 400, stock <= 5_000, weekly <= 500 else { return }
    spec.lengthDays = min(spec.lengthDays, 28)
    spec.warmupDays = 0
    spec.replications = 1
    _ = ProbationModel(spec: spec, replication: 0).run()
}
