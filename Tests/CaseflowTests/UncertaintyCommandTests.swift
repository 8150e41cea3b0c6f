// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Reports
import Testing
@testable import caseflow

/// `caseflow uncertainty` on the tiny one-PDU scenario of SweepCommandTests:
/// the plan / run-unit / merge contract, the same bytes for any --jobs, a
/// parameter without effect, and the files' shapes.
@Suite struct UncertaintyCommandTests {
    let helper = SweepCommandTests()

    /// The tiny scenario without its sweep, with an assumptions log that gives
    /// the inflow a range, and a parameter the model never reads: the share of
    /// tier changes that are escalations, with tier changes switched off.
    static let scenario: String = {
        var text = SweepCommandTests.scenario
        if let sweep = text.range(of: "\nvariants:") ?? text.range(of: "\nsweep:") { text = String(text[..<sweep.lowerBound]) + "\n" }
        text = text.replacingOccurrences(of: "metadata: { name: Tiny sweep }", with: """
            metadata:
              name: Tiny study
              assumptions:
                - id: inflow
                  source: assumption
                  quality: low
                  uncertainty:
                    demand.sentences_per_week.national: { low: 2, high: 8 }
            """)
        return text.replacingOccurrences(of: "  licence_length: { distribution: gamma, shape: 4, scale: 3 months }\n",
                                         with: "  licence_length: { distribution: gamma, shape: 4, scale: 3 months }\n  tier_changes: { per_year: 0, escalation_share: 0.5 }\n")
    }()

    static let vary = ["cases.tier_changes.escalation_share=0.1..0.9", "cases.custody_share=0.2..0.4"]

    func study(_ dir: URL, jobs: Int, method: UncertaintyDesign.Method = .lhs, samples: Int = 12) throws -> CommandOutcome {
        let path = try helper.writeScenario(in: dir, text: Self.scenario)
        return UncertaintyRun.run(file: path, request: UncertaintyRequest(method: method, samples: samples, vary: Self.vary, bootstrap: 50),
                                  replications: 2, seed: nil, settings: [], out: dir.appendingPathComponent("out").path, jobs: jobs,
                                  planOnly: false, log: { _ in })
    }

    func csv(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func aStudyWritesItsFilesAndTheSameBytesForAnyJobs() throws {
        let one = try helper.folder(), two = try helper.folder()
        defer { try? FileManager.default.removeItem(at: one); try? FileManager.default.removeItem(at: two) }
        let a = try study(one, jobs: 1), b = try study(two, jobs: 2)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(b.status == 0, "\(b.stderr)")
        let names = ["samples.csv", "sensitivity.csv", "outcomes.csv", "uncertainty_summary.csv", "report.html"]
        for name in names {
            // The report names the scenario file, which lives in each test's own folder.
            func read(_ dir: URL) -> String? {
                (try? String(contentsOf: dir.appendingPathComponent("out/\(name)"), encoding: .utf8))?.replacingOccurrences(of: dir.path, with: "DIR")
            }
            #expect(read(one) != nil && read(one) == read(two), "\(name) differs between --jobs 1 and 2")
        }
        // samples.csv: 12 sets, each value within its range, one per stratum (LHS).
        let samples = try csv(one.appendingPathComponent("out/samples.csv"))
        #expect(samples[0].prefix(6) == ["set", "matrix", "base_row", "demand.sentences_per_week.national",
                                          "cases.tier_changes.escalation_share", "cases.custody_share"])
        #expect(samples.count == 13)
        let inflow = samples.dropFirst().map { Double($0[3])! }
        #expect(inflow.allSatisfy { $0 >= 2 && $0 <= 8 && $0 == $0.rounded() }, "the file writes a whole number: whole values")
        let share = samples.dropFirst().map { Double($0[4])! }
        let strata = share.map { Int((($0 - 0.1) / 0.8 * 12).rounded(.down)) }.sorted()
        #expect(strata == Array(0..<12), "one escalation share per twelfth of its range")

        // sensitivity.csv: PRCC for every outcome and parameter.
        let rows = try csv(one.appendingPathComponent("out/sensitivity.csv"))
        #expect(rows[0] == ["outcome", "parameter", "index", "estimate", "ci95_low", "ci95_high"])
        #expect(Set(rows.dropFirst().map { $0[2] }) == ["prcc"])
        // The parameter the model never reads changes no run (common random
        // numbers), so it explains nothing: every interval covers 0.
        let idle = rows.dropFirst().filter { $0[1] == "cases.tier_changes.escalation_share" && !$0[4].isEmpty }
        #expect(!idle.isEmpty)
        for r in idle { #expect(Double(r[4])! <= 0 && Double(r[5])! >= 0, "\(r)") }
        // The inflow drives the caseload's capacity at the end: a strong positive PRCC.
        let inflowCapacity = rows.first { $0[0].hasPrefix("capacity_pct national") && $0[1] == "demand.sentences_per_week.national" }!
        #expect(Double(inflowCapacity[3])! > 0.5, "\(inflowCapacity)")

        // The same study through plan / run-unit / merge, task by task, gives the same files.
        let planned = try helper.folder()
        defer { try? FileManager.default.removeItem(at: planned) }
        let path = try helper.writeScenario(in: planned, text: Self.scenario)
        let made = PlanRun.make(PlanRequest(file: path, out: planned.appendingPathComponent("plan").path, replications: 2,
                                            unitsPerTask: 5, uncertainty: UncertaintyRequest(samples: 12, vary: Self.vary, bootstrap: 50)))
        #expect(made.status == 0, "\(made.stderr)")
        let plan = try WorkPlan.load(directory: planned.appendingPathComponent("plan").path)
        #expect(plan.layout == .uncertainty)
        #expect(plan.units.count == 24)
        for t in plan.tasks.indices.reversed() {
            let r = RunUnit.run(RunUnitRequest(directory: planned.appendingPathComponent("plan").path, task: t))
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merged = Merge.run(directory: planned.appendingPathComponent("plan").path, out: planned.appendingPathComponent("result").path)
        #expect(merged.status == 0, "\(merged.stderr)")
        for name in names where name != "report.html" {
            let x = FileManager.default.contents(atPath: one.appendingPathComponent("out/\(name)").path)
            let y = FileManager.default.contents(atPath: planned.appendingPathComponent("result/\(name)").path)
            #expect(x == y, "\(name): a merged plan differs from caseflow uncertainty")
        }
    }

    @Test func aSobolStudyGivesFirstOrderAndTotalIndices() throws {
        let dir = try helper.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try study(dir, jobs: 2, method: .sobol, samples: 4)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let samples = try csv(dir.appendingPathComponent("out/samples.csv"))
        // 4 base rows × (3 inputs + 2) = 20 sets: A, B, AB1, AB2, AB3 for each base row.
        #expect(samples.count == 21)
        #expect(samples.dropFirst().prefix(5).map { $0[1] } == ["A", "B", "AB1", "AB2", "AB3"])
        let rows = try csv(dir.appendingPathComponent("out/sensitivity.csv"))
        #expect(Set(rows.dropFirst().map { $0[2] }) == ["first_order", "total"])
        // The parameter without effect: AB2 rows equal A rows, so both its indices are exactly 0.
        for r in rows.dropFirst() where r[1] == "cases.tier_changes.escalation_share" { #expect(Double(r[3])! == 0, "\(r)") }
    }

    @Test func aStudyWithoutRangesOrABadVaryIsRefused() throws {
        let dir = try helper.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try helper.writeScenario(in: dir)
        let none = UncertaintyRun.run(file: plain, request: UncertaintyRequest(samples: 4), replications: 1, seed: nil, settings: [],
                                      out: dir.appendingPathComponent("a").path, jobs: 1, planOnly: false, log: { _ in })
        #expect(none.status == 2)
        #expect(none.stderr.contains("declares no uncertainty ranges"), "\(none.stderr)")
        let bad = UncertaintyRun.run(file: plain, request: UncertaintyRequest(samples: 4, vary: ["cases.custody_share=0.5..1.5"]),
                                     replications: 1, seed: nil, settings: [], out: dir.appendingPathComponent("b").path, jobs: 1,
                                     planOnly: false, log: { _ in })
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("at its high end") && bad.stderr.contains("\"1.5\""), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b/plan/plan.json").path))
        let ranged = try helper.writeScenario(in: dir, text: Self.scenario)
        let only = UncertaintyRun.run(file: ranged, request: UncertaintyRequest(samples: 4, only: ["inflw"]), replications: 1, seed: nil,
                                      settings: [], out: dir.appendingPathComponent("c").path, jobs: 1, planOnly: false, log: { _ in })
        #expect(only.status == 2)
        #expect(only.stderr.contains("--only inflw") && only.stderr.contains("did you mean \"inflow\"?"), "\(only.stderr)")
    }
}
