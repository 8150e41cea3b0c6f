// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import caseflow

/// `caseflow sweep`, `caseflow run --variant`, and run → compare end to end, on a tiny scenario.
@Suite struct SweepCommandTests {
    /// A fresh folder for one test's files.
    func folder() throws -> URL { try freshFolder("sweep") }

    /// One PDU of 6, 12 weeks, 2 replications; a grid of 3 × 2 and one list entry (7 points and the base).
    static let scenario = TinyScenario.text(
        name: "Tiny sweep", horizon: "start: 2021-06-28, length: 12 weeks, warmup: 2 weeks", seed: 5, replications: 2,
        demand: ["sentences_per_week: { national: 4 }", "court_reports_per_week: { national: 2 }"],
        outputs: "cadence: weekly, levels: [national, pdu, team, practitioner], wmt_snapshot: every-output",
        extra: """
            sweep:
              grid:
                allocation.cap: [105%, 110%, 120%]
                allocation.policy: [lowest-capacity, round-robin]
              list:
                - { name: busier, set: { demand.sentences_per_week.national: 8 } }

            """)

    func writeScenario(in dir: URL, text: String = SweepCommandTests.scenario) throws -> String {
        let path = dir.appendingPathComponent("tiny.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every regular file under `dir`, by relative path.
    func files(under dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = dir.standardizedFileURL.path
        let e = FileManager.default.enumerator(atPath: base)!
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = (base as NSString).appendingPathComponent(rel)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: full)
            }
        }
        return out
    }

    static let ids = ["base", "grid-1", "grid-2", "grid-3", "grid-4", "grid-5", "grid-6", "busier"]

    @Test func dryRunPrintsTheExpansionAndRunsNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try writeScenario(in: dir)
        let out = dir.appendingPathComponent("out").path
        let outcome = SweepRun.run(SweepRequest(file: path, out: out, dryRun: true))
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 10)
        #expect(lines[0] == "Sweep of Tiny sweep (\(path)): 8 point(s), 16 run(s) (point × replication), seed 5, common random numbers")
        #expect(lines[1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                == ["point", "kind", "replications", "run", "directory", "overrides"])
        let rows = lines.dropFirst(2).map { $0.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(rows.map { $0[0] } == Self.ids)
        #expect(rows.map { $0[1] } == ["base", "grid", "grid", "grid", "grid", "grid", "grid", "list"])
        #expect(rows.allSatisfy { $0[2] == "2" })
        #expect(rows.map { $0[3] } == Self.ids.map { "\(out)/\($0)" })
        #expect(rows[0][4] == "—")
        #expect(rows[4][4] == "allocation.cap=110%; allocation.policy=round-robin")
        #expect(rows[7][4] == "demand.sentences_per_week.national=8")
        #expect(!FileManager.default.fileExists(atPath: out), "a dry run writes nothing")

        // --replications and --seed apply to every point.
        let again = SweepRun.run(SweepRequest(file: path, out: out, replications: 3, seed: 9, dryRun: true))
        #expect(again.stdout.hasPrefix("Sweep of Tiny sweep (\(path)): 8 point(s), 24 run(s) (point × replication), seed 5 → 9, common random numbers\n"))
    }

    @Test func writesARunDirectoryPerPointAndTheIndexIdenticallyForAnyJobs() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try writeScenario(in: dir)
        let one = dir.appendingPathComponent("one"), three = dir.appendingPathComponent("three")
        let a = SweepRun.run(SweepRequest(file: path, out: one.path, jobs: 1))
        let b = SweepRun.run(SweepRequest(file: path, out: three.path, jobs: 3))
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(a.stdout.hasSuffix("Wrote \(one.path): 8 run directories, index.csv and report.html\nReport: \(one.path)/report.html\n"))

        let index = try String(contentsOf: one.appendingPathComponent("index.csv"), encoding: .utf8)
        #expect(index == """
            point,overrides,run_directory
            base,,base
            grid-1,allocation.cap=105%; allocation.policy=lowest-capacity,grid-1
            grid-2,allocation.cap=105%; allocation.policy=round-robin,grid-2
            grid-3,allocation.cap=110%; allocation.policy=lowest-capacity,grid-3
            grid-4,allocation.cap=110%; allocation.policy=round-robin,grid-4
            grid-5,allocation.cap=120%; allocation.policy=lowest-capacity,grid-5
            grid-6,allocation.cap=120%; allocation.policy=round-robin,grid-6
            busier,demand.sentences_per_week.national=8,busier

            """)
        let filesOne = try files(under: one), filesThree = try files(under: three)
        #expect(Set(filesOne.keys) == Set(filesThree.keys))
        for id in Self.ids {
            for name in ["timeseries.csv.gz", "summary.csv", "timeseries_summary.csv", "wmt_snapshot.csv.gz", "headline.csv",
                         "assumptions.csv", "pdus.csv", "report.html", "manifest.json"] {
                #expect(filesOne["\(id)/\(name)"] != nil, "\(id)/\(name)")
            }
            let manifest = try JSONSerialization.jsonObject(with: filesOne["\(id)/manifest.json"]!) as? [String: Any]
            #expect(manifest?["point"] as? String == id)
            #expect(manifest?["seed"] as? Int == 5)
            #expect(manifest?["replications"] as? Int == 2)
        }
        // Byte for byte the same for --jobs 1 and 3, but for the manifests' times and job counts.
        for (name, data) in filesOne where !name.hasSuffix("manifest.json") {
            #expect(filesThree[name] == data, "\(name) differs between --jobs 1 and --jobs 3")
        }
        #expect(filesOne.count == 8 * 9 + 2)

        // The busier point really is busier; the policies really differ.
        let base = String(decoding: filesOne["base/timeseries.csv.gz"]!, as: UTF8.self)
        let busier = String(decoding: filesOne["busier/timeseries.csv.gz"]!, as: UTF8.self)
        #expect(base != busier)
        #expect(filesOne["grid-3/timeseries.csv.gz"] != filesOne["grid-4/timeseries.csv.gz"])

        // Points of one file compare without the "same scenario file and seed" warning.
        let compared = CompareRun.run(CompareRequest(baseline: one.appendingPathComponent("base").path,
                                                     others: [one.appendingPathComponent("busier").path]))
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(!compared.stderr.contains("expect every difference to be zero"), "\(compared.stderr)")

        // Refuses to write over a finished sweep.
        let again = SweepRun.run(SweepRequest(file: path, out: one.path, jobs: 1))
        #expect(again.status == 3)
        #expect(again.stderr.contains("already holds a sweep (index.csv)"))
    }

    @Test func anInvalidPointStopsTheSweepBeforeAnythingIsWritten() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try writeScenario(in: dir, text: Self.scenario.replacingOccurrences(of: "[105%, 110%, 120%]", with: "[105%, lots]"))
        let out = dir.appendingPathComponent("out")
        let outcome = SweepRun.run(SweepRequest(file: path, out: out.path))
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("\(path):27:28: allocation.cap: in 2 points (sweep point grid-3, sweep point grid-4): expected a percentage"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func runVariantRunsOnePointLikeTheSweep() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try writeScenario(in: dir)
        let sweep = dir.appendingPathComponent("sweep")
        #expect(SweepRun.run(SweepRequest(file: path, out: sweep.path, jobs: 2)).status == 0)
        let single = dir.appendingPathComponent("single")
        let run = try Run.parse([path, "--variant", "grid-4", "--out", single.path, "--quiet", "--jobs", "1"])
        try run.run()
        for name in ["timeseries.csv.gz", "summary.csv", "timeseries_summary.csv", "wmt_snapshot.csv.gz", "headline.csv"] {
            let a = FileManager.default.contents(atPath: single.appendingPathComponent(name).path)
            let b = FileManager.default.contents(atPath: sweep.appendingPathComponent("grid-4").appendingPathComponent(name).path)
            #expect(a != nil && a == b, "\(name)")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: single.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["point"] as? String == "grid-4")
    }

    /// `--set` and `extends` reach the same world as the sweep's grid point
    /// (cap 120%, round-robin is grid-6), byte for byte, and the manifest
    /// records the overrides and the chain with its SHA-256.
    @Test func setAndExtendsRunTheSameWorldAsTheGridPoint() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try writeScenario(in: dir)
        let sweep = dir.appendingPathComponent("sweep")
        #expect(SweepRun.run(SweepRequest(file: path, out: sweep.path, jobs: 2)).status == 0)

        let set = dir.appendingPathComponent("set")
        var run = try Run.parse([path, "--set", "allocation.cap=120%", "--set", "allocation.policy=round-robin",
                                 "--out", set.path, "--quiet", "--jobs", "1"])
        try run.run()
        let child = dir.appendingPathComponent("child.yaml")
        try """
            caseflow: 1
            extends: tiny.yaml
            metadata: { name: Tiny child }
            overrides:
              allocation: { cap: 120%, policy: round-robin }

            """.write(to: child, atomically: true, encoding: .utf8)
        let extended = dir.appendingPathComponent("extended")
        run = try Run.parse([child.path, "--out", extended.path, "--quiet", "--jobs", "1"])
        try run.run()

        for name in ["timeseries.csv.gz", "summary.csv", "timeseries_summary.csv", "wmt_snapshot.csv.gz", "headline.csv"] {
            let a = FileManager.default.contents(atPath: set.appendingPathComponent(name).path)
            let b = FileManager.default.contents(atPath: sweep.appendingPathComponent("grid-6").appendingPathComponent(name).path)
            let c = FileManager.default.contents(atPath: extended.appendingPathComponent(name).path)
            #expect(a != nil && a == b, "\(name)")
            #expect(c != nil && c == b, "\(name)")
        }
        let m1 = try JSONSerialization.jsonObject(with: Data(contentsOf: set.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(m1?["overrides"] as? [String] == ["allocation.cap=120%", "allocation.policy=round-robin"])
        #expect(m1?["extends"] == nil)
        let m2 = try JSONSerialization.jsonObject(with: Data(contentsOf: extended.appendingPathComponent("manifest.json"))) as? [String: Any]
        let chain = m2?["extends"] as? [[String: String]]
        #expect(chain?.count == 1)
        #expect(chain?.first?["file"] == path)
        // The SHA-256 as coreutils computes it.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        let sum = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        #expect(chain?.first?["sha256"] == String(sum))
    }

    @Test func aBadSetIsReportedByItsArgumentAndNothingRuns() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try writeScenario(in: dir)
        let out = dir.appendingPathComponent("out")
        let outcome = SweepRun.run(SweepRequest(file: path, out: out.path, settings: ["allocation.cap=110%", "allocation.cap=abc"]))
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix(#"--set #2 (allocation.cap=abc): allocation.cap: expected a percentage above 0 and at most 1000 (such as "110%"), found "abc"; `allocation.cap` overrides 110% at --set #1 (allocation.cap=110%)"#), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func twoRunsOfTheSameScenarioCompareWithZeroDifferences() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try writeScenario(in: dir)
        let first = dir.appendingPathComponent("first").path, second = dir.appendingPathComponent("second").path
        let a = try Run.parse([path, "--out", first, "--quiet", "--jobs", "1"])
        try a.run()
        let b = try Run.parse([path, "--out", second, "--quiet", "--jobs", "2"])
        try b.run()
        let outcome = CompareRun.run(CompareRequest(baseline: first, others: [second], all: true))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try String(contentsOfFile: "\(first)/compare-second/compare_summary.csv", encoding: .utf8)
        var rows = summary.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows.removeFirst()
        let diff = header.firstIndex(of: "diff_mean")!, low = header.firstIndex(of: "diff_ci95_low")!
        let high = header.firstIndex(of: "diff_ci95_high")!, distinguishable = header.firstIndex(of: "distinguishable")!
        #expect(rows.count > 100)
        var compared = 0
        for row in rows where row.count == header.count {   // entities with commas are quoted: none here
            guard !row[diff].isEmpty else { continue }   // no value in either run (e.g. no allocations)
            compared += 1
            #expect(row[distinguishable] == "no", "\(row)")
            #expect(row[diff] == "0" && row[low] == "0" && row[high] == "0", "\(row)")
        }
        #expect(compared > 100)
        let series = try String(contentsOfFile: "\(first)/compare-second/compare_series.csv", encoding: .utf8)
        for line in series.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(f.suffix(3).allSatisfy { $0 == "0" || $0.isEmpty }, "\(line)")
        }
    }
}
