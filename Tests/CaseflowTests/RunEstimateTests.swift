// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12, defect 4: no upper bound on volume. A run too large for the
// machine is refused before it starts, with its estimate and how to reduce it.
import Foundation
import Testing
import Probation
import Scenario
@testable import caseflow

@Suite struct RunEstimateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The toy scenario at the largest volume its fields allow for one team.
    static func huge() throws -> LoadedScenario {
        var text = try String(contentsOf: root.appendingPathComponent("scenarios/toy-team.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "length: 1 years", with: "length: 50 years")
            .replacingOccurrences(of: "staff: { PO: 3, PSO: 2, PQiP: 1, SPO: 1 }", with: "staff: { PO: 10000, PSO: 10000, PQiP: 10000, SPO: 10000 }")
            .replacingOccurrences(of: "cadence: monthly", with: "cadence: weekly")
            .replacingOccurrences(of: "replications: 2", with: "replications: 10000")
        return try ScenarioLoader.load(text: text, fileName: "huge.yaml")
    }

    @Test func theEstimateGrowsWithTheScenario() throws {
        let toy = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/toy-team.yaml").path)
        let small = RunEstimate(toy.spec)
        let big = RunEstimate(try Self.huge().spec)
        // The toy: 198 Day-1 cases + (3.11 + 1.65) a week for a year.
        #expect(abs(small.casesPerReplication - (198 + 4.76 * 365 / 7)) < 1)
        #expect(small.memoryBytes < 1_073_741_824.0)
        #expect(big.memoryBytes > 1e13, "10,000 replications of 40,000 practitioners, weekly for 50 years")
        #expect(big.cpuSeconds > small.cpuSeconds * 1e6)
        #expect(RunEstimate(toy.spec, replications: 4).diskBytes > RunEstimate(toy.spec, replications: 2).diskBytes)
    }

    @Test func aRunTooLargeForTheMachineIsRefusedWithHowToReduceIt() throws {
        let estimate = RunEstimate(try Self.huge().spec)
        let refusal = try #require(MachineLimits.refusal(estimate, out: "/tmp/x", command: "run"))
        #expect(refusal.hasPrefix("caseflow run: this run would need about "))
        #expect(refusal.contains("more than this machine's"))
        #expect(refusal.contains("--replications"))
        #expect(refusal.contains("--force"))
        let toy = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/toy-team.yaml").path)
        #expect(MachineLimits.refusal(RunEstimate(toy.spec), out: "/tmp/x", command: "run") == nil)
    }

    @Test func theBinaryRefusesBeforeWritingAnything() throws {
        let binary = Self.root.appendingPathComponent(".build/debug/caseflow")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-est-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("huge.yaml")
        try try Self.huge().sourceText.write(to: file, atomically: true, encoding: .utf8)
        func run(_ args: [String]) throws -> (Int32, String, String) {
            let p = Process(); p.executableURL = binary; p.arguments = args
            let out = Pipe(), err = Pipe(); p.standardOutput = out; p.standardError = err
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        }
        let out = dir.appendingPathComponent("out")
        let (status, _, stderr) = try run(["run", file.path, "--out", out.path, "--quiet"])
        #expect(status == 3)
        #expect(stderr.contains("this run would need about"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
        let (vstatus, vout, _) = try run(["validate", file.path])
        #expect(vstatus == 0)
        #expect(vout.contains("Estimated run of the base scenario"))
        // --replications on the command line is bounded as in a file.
        let (rstatus, _, rerr) = try run(["run", file.path, "--replications", "100000", "--out", out.path])
        #expect(rstatus == 64)
        #expect(rerr.contains("--replications must be from 1 to 10000"))
    }
}
