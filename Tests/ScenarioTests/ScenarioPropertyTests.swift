// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12: any scenario that validates can run. Random changes to the toy
// scenario's numeric fields — ordinary values, the bounds of each range and
// values far outside them — either give diagnostics or a scenario that runs
// four weeks without a trap (a trap would end the test process).
import Foundation
import Testing
import PropertyBased
import Probation
import Scenario

@Suite struct ScenarioPropertyTests {
    /// A line of toy-team.yaml (its text up to the value) and values to put there.
    static let fields: [(prefix: String, values: [String])] = {
        let lengths = ["0 days", "1 day", "0.5 days", "7.5 months", "50 years", "100 years", "100.1 years",
                       "99999999999999999999 days", "1e20 months", "-1 weeks", "3 fortnights"]
        let counts = ["0", "1", "10000", "10001", "1000000000", "-1", "9223372036854775807", "99999999999999999999", "1.5"]
        let numbers = ["0", "0.0001", "2.91", "100000", "100001", "1e308", "-0", ".inf", "1e-300"]
        return [
            ("  length: ", ["1 day", "8 weeks", "50 years", "51 years"] + lengths),
            ("  warmup: ", lengths),
            ("  sentences_per_week: ", numbers.map { "{ 900: \($0) }" } + ["{ national: 5 }"]),
            ("  court_reports_per_week: ", numbers.map { "{ 900: \($0) }" }),
            ("  report_window: ", lengths),
            ("  short_sentence_threshold: ", lengths),
            ("  handover_before_release: ", lengths),
            ("  recruitment_lead_time: ", lengths),
            ("  total: ", counts),
            ("  target: ", counts + counts.map { "\($0) working days" }),
            ("  preparation: ", counts.map { "\($0) working days" }),
            ("  cap: ", ["0%", "0.1%", "1000%", "1001%", "150%", "1e308%"]),
            ("  community_length: ", lengths.map { "{ distribution: lognormal, mean: \($0), sd: \($0) }" }
                + ["{ distribution: lognormal, mu: 20, sigma: 10 }", "{ distribution: lognormal, mu: -20, sigma: 0.001 }",
                   "{ distribution: exponential, mean: 100 years }", "{ distribution: constant, value: 0 days }"]),
            ("  licence_length: ", ["1e300", "10000", "0.0001", "0", "6"].map { "{ distribution: gamma, shape: \($0), scale: 100 years }" }
                + ["{ distribution: weibull, shape: 0.01, scale: 100 years }", "{ distribution: uniform, lower: 0 days, upper: 100 years }"]),
            ("  tier_changes: ", numbers.map { "{ per_year: \($0), escalation_share: 0.5 }" }),
            ("  leaving_rate_per_year: ", ["{ PO: 100%, PSO: 100%, PQiP: 100%, SPO: 100% }", "{ PO: 0%, PSO: 0%, PQiP: 0%, SPO: 0% }"]),
            ("              staff: ", counts.map { "{ PO: \($0), PSO: 2, PQiP: 1, SPO: 1 }" } + ["{ PO: 0, PSO: 0, PQiP: 0, SPO: 0 }"]),
            ("  team_size: ", counts),
        ]
    }()

    static let toy: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/toy-team.yaml")
        var text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        text = text.replacingOccurrences(of: "  length: 1 years", with: "  length: 4 weeks")
        return text
    }()

    /// The toy scenario with field `f`'s value replaced by its `v`-th value (a
    /// field that is not in the file is added under its block, and may be refused).
    static func apply(_ changes: [(Int, Int)]) -> String {
        var lines = toy.components(separatedBy: "\n")
        for (f, v) in changes {
            let field = fields[f % fields.count]
            let value = field.values[v % field.values.count]
            if let i = lines.firstIndex(where: { $0.hasPrefix(field.prefix) }) {
                lines[i] = field.prefix + value
            }
        }
        return lines.joined(separator: "\n")
    }

    /// How many generated scenarios validated and ran (so the property is not vacuous).
    final class Count: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add() { lock.lock(); value += 1; lock.unlock() }
        var total: Int { lock.lock(); defer { lock.unlock() }; return value }
    }

    @Test func anyScenarioThatValidatesRunsWithoutATrap() async {
        #expect(!Self.toy.isEmpty)
        let ran = Count()
        await propertyCheck(count: 60, input: zip(Gen.int(in: 0...999), Gen.int(in: 0...999)).array(of: 1...4)) { changes in
            let text = Self.apply(changes)
            guard let scenario = try? ScenarioLoader.load(text: text, fileName: "p.yaml") else { return }
            var spec = scenario.spec
            spec.replications = 1
            // A long horizon is valid but slow to run: four weeks of it are run.
            spec.lengthDays = min(spec.lengthDays, 28)
            spec.warmupDays = 0
            // Large volumes are valid but slow; the run estimate bounds them (RunEstimateTests).
            let staff = spec.organisation.regions.flatMap(\.pdus).flatMap(\.teams).reduce(0) { $0 + $1.staff.values.reduce(0, +) }
            let weekly = spec.demand.sentencesPerWeek.values.reduce(0, +) + spec.demand.reportsPerWeek.values.reduce(0, +)
            guard staff <= 400, (spec.initialCaseload?.total ?? 0) <= 5_000, weekly <= 500 else { return }
            let result = ProbationModel(spec: spec, replication: 0).run()
            #expect(result.events >= 0)
            #expect(!result.timeSeries.dates.isEmpty)
            ran.add()
        }
        // Some variations validate and run: the values include each field's ordinary ones.
        #expect(ran.total > 0)
    }
}
