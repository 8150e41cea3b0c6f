// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import caseflow

/// `caseflow bench heuristics` on the shipped suite (Benchmarks/heuristics), kept quick: 2 seeds.
@Suite struct HeuristicsBenchTests {
    static let suite = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Benchmarks/heuristics").path

    func json(_ outcome: CommandOutcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    /// Mean of a KPI for a heuristic, from the JSON ranking.
    func mean(_ obj: [String: Any], _ heuristic: String, _ kpi: String) throws -> Double {
        let rows = try #require(obj["ranking"] as? [[String: Any]])
        let row = try #require(rows.first { $0["heuristic"] as? String == heuristic })
        let kpis = try #require(row["kpis"] as? [String: Any])
        return try #require((kpis[kpi] as? [String: Any])?["mean"] as? Double)
    }

    @Test func heuristicsThatIgnoreCapacityRankBelowLowestCapacityOnCapacityKPIs() throws {
        let outcome = HeuristicsBench.run(HeuristicsRequest(
            suite: Self.suite, seeds: 2, heuristics: ["random", "round-robin", "lowest-capacity"], jobs: 2, json: true))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let obj = try json(outcome)
        #expect(obj["scenarios"] as? [String] == ["mixed-grades", "tight-pdu", "two-pdus-leavers"])
        #expect(obj["primary_kpi"] as? String == "over_110_pct")
        let ranking = try #require(obj["ranking"] as? [[String: Any]])
        #expect(ranking.first?["heuristic"] as? String == "lowest-capacity")
        #expect(ranking.map { $0["rank"] as? Int } == [1, 2, 3])
        for kpi in ["over_110_pct", "capacity_max", "excessive_workload_pct", "capacity_gini"] {
            let best = try mean(obj, "lowest-capacity", kpi)
            for blind in ["random", "round-robin"] {
                #expect(try mean(obj, blind, kpi) > best, "\(blind) should be worse than lowest-capacity on \(kpi)")
            }
        }
        // Every scenario × seed gave each KPI a value.
        let row = ranking[0]["kpis"] as? [String: Any]
        #expect((row?["days_to_allocation_p95"] as? [String: Any])?["n"] as? Int == 6)
    }

    @Test func theTableIsOneRowPerHeuristicInRankOrder() throws {
        let outcome = HeuristicsBench.run(HeuristicsRequest(suite: Self.suite, seeds: 1, jobs: 2))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Allocation heuristics on 3 scenario(s) × 1 seed(s) (\(Self.suite): mixed-grades, tight-pdu, two-pdus-leavers), common random numbers")
        #expect(lines[2].hasPrefix("rank  heuristic"))
        #expect(lines[2].contains("over110%") && lines[2].contains("realloc/100"))
        let rows = lines[3..<10].map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { $0[0] } == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(Set(rows.map { $0[1] }) == Set(["lowest-capacity", "fewest-cases", "round-robin", "best-fit-by-tier",
                                                "keep-within-team", "continuity-first", "random"]))
        #expect(lines[10] == "KPIs (docs/heuristics.md):")
    }

    @Test func resultsAreTheSameForAnyJobs() throws {
        func run(_ jobs: Int) -> CommandOutcome {
            HeuristicsBench.run(HeuristicsRequest(suite: Self.suite, seeds: 2, heuristics: ["random", "best-fit-by-tier"],
                                                  jobs: jobs, failIf: ["random worse-than best-fit-by-tier on capacity_max"], json: true))
        }
        let one = run(1), three = run(3)
        #expect(one.stdout == three.stdout)
        #expect(one.status == three.status)
        #expect(!one.stdout.isEmpty)
    }

    @Test func failIfExitsWithStatusOneOnlyWhenTheHeuristicIsWorse() throws {
        // random is worse than lowest-capacity on the share of weeks over 110%: status 1, with the evidence.
        let worse = HeuristicsBench.run(HeuristicsRequest(
            suite: Self.suite, seeds: 2, heuristics: ["lowest-capacity"], jobs: 2,
            failIf: ["random", "worse-than", "lowest-capacity", "on", "over_110_pct"]))
        #expect(worse.status == 1)
        #expect(worse.stdout.contains("\n--fail-if random worse-than lowest-capacity on over_110_pct (lower is better; paired by scenario and seed)\n"))
        #expect(worse.stdout.contains("scenario          pairs  random        lowest-capacity  difference\n"))
        #expect(worse.stdout.contains(", 6 pair(s)\n"))
        #expect(worse.stdout.contains("FAIL: random is worse than lowest-capacity on over_110_pct (the interval excludes 0)"))
        // The other way round: status 0.
        let fine = HeuristicsBench.run(HeuristicsRequest(
            suite: Self.suite, seeds: 2, heuristics: ["lowest-capacity"], jobs: 2,
            failIf: ["lowest-capacity worse-than random on over_110_pct"]))
        #expect(fine.status == 0)
        #expect(fine.stdout.contains("pass: lowest-capacity is not shown worse than random on over_110_pct (not worse on average)"))
        // Several conditions: any failure fails; JSON records each.
        let both = HeuristicsBench.run(HeuristicsRequest(
            suite: Self.suite, seeds: 2, heuristics: ["lowest-capacity"], jobs: 2,
            failIf: ["lowest-capacity worse-than random on capacity_gini", "random worse-than lowest-capacity on capacity_gini"],
            json: true))
        #expect(both.status == 1)
        let checks = try #require(try json(both)["checks"] as? [[String: Any]])
        #expect(checks.map { $0["worse"] as? Bool } == [false, true])
        #expect(checks.map { $0["pairs"] as? Int } == [6, 6])
    }

    @Test func badFailIfConditionsAreUsageErrors() {
        func status(_ words: [String]) -> (Int32, String) {
            let o = HeuristicsBench.run(HeuristicsRequest(suite: Self.suite, seeds: 1, heuristics: ["random"], failIf: words))
            return (o.status, o.stderr)
        }
        var (s, e) = status(["random worse-than lowest-capacity"])
        #expect(s == 2 && e.contains("expected --fail-if HEURISTIC worse-than BASELINE on KPI"))
        (s, e) = status(["random better-than lowest-capacity on over_110_pct"])
        #expect(s == 2 && e.contains("expected --fail-if HEURISTIC worse-than BASELINE on KPI"))
        (s, e) = status(["random worse-than lowest-capacty on over_110_pct"])
        #expect(s == 2 && e.contains("lowest-capacty is not a registered allocation policy; did you mean lowest-capacity?"))
        (s, e) = status(["random worse-than lowest-capacity on cap_max"])
        #expect(s == 2 && e.contains("cap_max is not a KPI; did you mean capacity_max?"))
        (s, e) = status(["random worse-than lowest-capacity on capacity_mean"])
        #expect(s == 2 && e.contains("capacity_mean has no better direction"))
        (s, e) = status(["random worse-than random on over_110_pct"])
        #expect(s == 2 && e.contains("cannot be compared with itself"))
    }

    @Test func suiteProblemsAreUsageErrors() throws {
        let missing = HeuristicsBench.run(HeuristicsRequest(suite: "/nonexistent/suite", seeds: 1))
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/suite: no such suite directory"))
        let unknown = HeuristicsBench.run(HeuristicsRequest(suite: Self.suite, seeds: 1, heuristics: ["randon"]))
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--heuristics randon: not a registered allocation policy; did you mean random?"))

        // A suite scenario may not change the policy with a lever.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: Self.suite + "/tight-pdu.yaml", encoding: .utf8)
            + "levers:\n  - { date: 2022-01-01, allocation: { policy: random } }\n"
        try text.write(to: dir.appendingPathComponent("lever.yaml"), atomically: true, encoding: .utf8)
        let lever = HeuristicsBench.run(HeuristicsRequest(suite: dir.path, seeds: 1))
        #expect(lever.status == 2)
        #expect(lever.stderr.contains("lever.yaml: a lever changes the allocation policy"))
    }
}
