// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Reports
import Testing
@testable import caseflow

/// `caseflow plan`, `run-unit` and `merge` on the tiny sweep of SweepCommandTests:
/// plan expansion, task indices from each scheduler's variable, idempotence,
/// refusals, and merges that equal `caseflow sweep` and `caseflow run` byte for byte.
@Suite struct ScaleOutTests {
    let helper = SweepCommandTests()

    func folder() throws -> URL { try helper.folder() }

    /// Every file under `dir`, with each manifest's times (`started_at`, `finished_at`) removed.
    func contents(_ dir: URL) throws -> [String: Data] {
        var files = try helper.files(under: dir)
        for (name, data) in files where name.hasSuffix("manifest.json") {
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            object["started_at"] = nil
            object["finished_at"] = nil
            files[name] = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        return files
    }

    func expectSame(_ a: URL, _ b: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let x = try contents(a), y = try contents(b)
        #expect(x.keys.sorted() == y.keys.sorted(), sourceLocation: sourceLocation)
        for (name, data) in x { #expect(y[name] == data, "\(name) differs", sourceLocation: sourceLocation) }
    }

    func plan(_ path: String, _ out: URL, unitsPerTask: Int = 1, replications: Int? = nil, seed: UInt64? = nil,
              variant: String? = nil) throws -> WorkPlan {
        let outcome = PlanRun.make(PlanRequest(file: path, out: out.path, replications: replications, seed: seed,
                                               unitsPerTask: unitsPerTask, variant: variant))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try WorkPlan.load(directory: out.path)
    }

    func runTask(_ dir: URL, _ task: Int, jobs: Int? = nil) -> CommandOutcome {
        RunUnit.run(RunUnitRequest(directory: dir.path, task: task, jobs: jobs))
    }

    // MARK: plan expansion

    @Test func planExpandsPointsTimesReplicationsIntoUnitsAndTasks() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let p = try plan(path, dir.appendingPathComponent("plan"), unitsPerTask: 3)
        // 8 points × 2 replications = 16 units; tasks of 3, the last of 1.
        #expect(p.points.map(\.id) == SweepCommandTests.ids)
        #expect(p.layout == .sweep)
        #expect(p.units.count == 16)
        #expect(p.tasks == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11], [12, 13, 14], [15]])
        // Unit 5 is the second replication of the third point (grid-2: cap 105%, round-robin), seed 5.
        #expect(p.units[5] == WorkPlan.Unit(unit: 5, point: "grid-2", replication: 1, seed: 5))
        #expect(p.points[2].overrides == "allocation.cap=105%; allocation.policy=round-robin")
        #expect(p.unitIndex(point: 7, replication: 1) == 15)
        #expect(p.toolVersion == CaseflowVersion.string)
        // The copy is the file byte for byte and the fingerprint is its SHA-256.
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(p.scenario.copy == "scenario/tiny.yaml")
        let copy = try Data(contentsOf: dir.appendingPathComponent("plan/scenario/tiny.yaml"))
        #expect(copy == original)
        #expect(p.scenario.sha256 == SHA256.hex(original))
        #expect(p.scenario.path == path)

        // --replications and --seed override every point; --variant plans one point, merged as a run.
        let q = try plan(path, dir.appendingPathComponent("q"), unitsPerTask: 4, replications: 5, seed: 9, variant: "busier")
        #expect(q.layout == .run)
        #expect(q.points.map(\.id) == ["busier"])
        #expect(q.units.map(\.replication) == [0, 1, 2, 3, 4])
        #expect(q.units.allSatisfy { $0.seed == 9 && $0.point == "busier" })
        #expect(q.tasks == [[0, 1, 2, 3], [4]])
    }

    @Test func planRefusesAnExistingPlanAndAnUnknownVariant() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let out = dir.appendingPathComponent("plan")
        _ = try plan(path, out)
        let again = PlanRun.make(PlanRequest(file: path, out: out.path))
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds a plan"))
        let unknown = PlanRun.make(PlanRequest(file: path, out: dir.appendingPathComponent("x").path, variant: "busy"))
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--variant busy: \(path) has no such variant or sweep point"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
    }

    // MARK: task index

    @Test func taskIndexComesFromTheOptionOrEachSchedulersVariable() throws {
        #expect(try TaskIndex.resolve(explicit: 3, environment: ["SLURM_ARRAY_TASK_ID": "1"], taskCount: 5) == 3)
        #expect(try TaskIndex.resolve(explicit: nil, environment: ["SLURM_ARRAY_TASK_ID": "4"], taskCount: 5) == 4)
        #expect(try TaskIndex.resolve(explicit: nil, environment: ["JOB_COMPLETION_INDEX": "2"], taskCount: 5) == 2)
        #expect(try TaskIndex.resolve(explicit: nil, environment: ["AWS_BATCH_JOB_ARRAY_INDEX": "0"], taskCount: 5) == 0)
        // Slurm's first when several are set.
        #expect(try TaskIndex.resolve(explicit: nil, environment: ["JOB_COMPLETION_INDEX": "2", "SLURM_ARRAY_TASK_ID": "1"],
                                      taskCount: 5) == 1)
        #expect(throws: PlanError("no task index: give --task I, or run under a job array that sets one of "
                                  + "SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX")) {
            try TaskIndex.resolve(explicit: nil, environment: ["HOME": "/root"], taskCount: 5)
        }
        #expect(throws: PlanError("JOB_COMPLETION_INDEX is \"two\", expected a whole number (the task index)")) {
            try TaskIndex.resolve(explicit: nil, environment: ["JOB_COMPLETION_INDEX": "two"], taskCount: 5)
        }
        #expect(throws: PlanError("SLURM_ARRAY_TASK_ID is 5, but the plan has 5 task(s), numbered 0 to 4")) {
            try TaskIndex.resolve(explicit: nil, environment: ["SLURM_ARRAY_TASK_ID": "5"], taskCount: 5)
        }
        #expect(throws: PlanError("--task is -1, but the plan has 5 task(s), numbered 0 to 4")) {
            try TaskIndex.resolve(explicit: -1, environment: [:], taskCount: 5)
        }
    }

    // MARK: merge equals sweep and run

    @Test func mergeWritesTheSameBytesAsTheSweep() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let planDir = dir.appendingPathComponent("plan")
        let p = try plan(path, planDir, unitsPerTask: 3)
        // Tasks out of order, with different thread counts: the bytes do not depend on either.
        for t in p.tasks.indices.reversed() { #expect(runTask(planDir, t, jobs: t % 2 + 1).status == 0) }
        let merged = Merge.run(directory: planDir.path, out: nil)
        #expect(merged.status == 0, "\(merged.stderr)")
        let sweep = dir.appendingPathComponent("sweep")
        #expect(SweepRun.run(SweepRequest(file: path, out: sweep.path, jobs: 1)).status == 0)
        try expectSame(sweep, planDir.appendingPathComponent("result"))
        // A second merge into the same place is refused.
        let again = Merge.run(directory: planDir.path, out: nil)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds a sweep"))
    }

    /// With `--set` overrides: recorded in the plan, applied by every task, in the merged manifest.
    @Test func mergeOfOnePointWritesTheSameBytesAsRun() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let planDir = dir.appendingPathComponent("plan")
        let settings = ["demand.sentences_per_week.national=6", "allocation.cap=115%"]
        #expect(PlanRun.make(PlanRequest(file: path, out: planDir.path, replications: 3, unitsPerTask: 2, variant: "grid-4",
                                         settings: settings)).status == 0)
        let p = try WorkPlan.load(directory: planDir.path)
        #expect(p.scenario.overrides == settings)
        for t in p.tasks.indices { #expect(runTask(planDir, t).status == 0) }
        let out = dir.appendingPathComponent("merged")
        #expect(Merge.run(directory: planDir.path, out: out.path).status == 0)
        let single = dir.appendingPathComponent("single")
        var run = try Run.parse([path, "--variant", "grid-4", "--replications", "3", "--out", single.path, "--quiet", "--jobs", "1",
                                 "--set", settings[0], "--set", settings[1]])
        try run.run()
        try expectSame(single, out)
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("allocation.cap=115%"))
    }

    // MARK: idempotence

    @Test func aDoneTaskIsNotRunAgainAndAKilledOneIsRedoneToTheSameBytes() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir, text: SweepCommandTests.scenario)
        let planDir = dir.appendingPathComponent("plan")
        let p = try plan(path, planDir, unitsPerTask: 4)
        for t in p.tasks.indices { #expect(runTask(planDir, t).status == 0) }
        let units = planDir.appendingPathComponent("units")
        let unitFile = units.appendingPathComponent(WorkPlan.unitFileName(5))
        let before = try Data(contentsOf: unitFile)
        let record = try Data(contentsOf: units.appendingPathComponent(WorkPlan.doneFileName(1)))

        // Done: nothing is run or rewritten.
        let again = runTask(planDir, 1)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already done"))
        #expect(try Data(contentsOf: units.appendingPathComponent(WorkPlan.doneFileName(1))) == record)

        // Killed part-way: no record, a unit file cut short, a started note. It is redone from scratch.
        try FileManager.default.removeItem(at: units.appendingPathComponent(WorkPlan.doneFileName(1)))
        try before.prefix(100).write(to: unitFile)
        try Data("started … on a node that died\n".utf8).write(to: units.appendingPathComponent(WorkPlan.startedFileName(1)))
        let incomplete = Merge.run(directory: planDir.path, out: nil)
        #expect(incomplete.status == 1)
        #expect(incomplete.stderr.contains("task 1 (units 4–7) has not finished: started … on a node that died"))
        #expect(runTask(planDir, 1).status == 0)
        #expect(try Data(contentsOf: unitFile) == before)
        #expect(!FileManager.default.fileExists(atPath: units.appendingPathComponent(WorkPlan.startedFileName(1)).path))

        // A record whose unit file has since been damaged is redone too.
        try before.prefix(100).write(to: unitFile)
        #expect(runTask(planDir, 1).stdout.contains("4 unit(s) done"))
        #expect(try Data(contentsOf: unitFile) == before)
        #expect(Merge.run(directory: planDir.path, out: nil).status == 0)
        let sweep = dir.appendingPathComponent("sweep")
        #expect(SweepRun.run(SweepRequest(file: path, out: sweep.path, jobs: 2)).status == 0)
        let merged = try contents(planDir.appendingPathComponent("result"))
        for (name, data) in try contents(sweep) where !name.hasSuffix("manifest.json") { #expect(merged[name] == data, "\(name)") }
    }

    // MARK: refusals

    @Test func mergeNamesMissingAndFailedTasksAndWritesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let planDir = dir.appendingPathComponent("plan")
        let p = try plan(path, planDir, unitsPerTask: 3)
        for t in p.tasks.indices where t != 3 && t != 5 { #expect(runTask(planDir, t).status == 0) }
        try Data("failed 2026-01-01T00:00:00Z on node7: out of memory\n".utf8)
            .write(to: planDir.appendingPathComponent("units").appendingPathComponent(WorkPlan.failedFileName(5)))
        let outcome = Merge.run(directory: planDir.path, out: nil)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("task 3 (units 9–11) is missing: it has not run"))
        #expect(outcome.stderr.contains("task 5 (unit 15) failed: failed 2026-01-01T00:00:00Z on node7: out of memory (logs: logs/task-5.out, logs/task-5.err)"))
        #expect(outcome.stderr.contains("2 of 6 task(s) not done"))
        #expect(!FileManager.default.fileExists(atPath: planDir.appendingPathComponent("result").path))

        // A unit file changed after its task finished (same size, other bytes) stops the merge with no manifest.
        for t in [3, 5] { #expect(runTask(planDir, t).status == 0) }
        let unitFile = planDir.appendingPathComponent("units").appendingPathComponent(WorkPlan.unitFileName(10))
        var bytes = [UInt8](try Data(contentsOf: unitFile))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: unitFile)
        let damaged = Merge.run(directory: planDir.path, out: nil)
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains("unit-000010.cfu is not the file its task wrote"))
        #expect(!FileManager.default.fileExists(atPath: planDir.appendingPathComponent("result/index.csv").path))
        #expect(!FileManager.default.fileExists(atPath: planDir.appendingPathComponent("result/grid-2/manifest.json").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: planDir.appendingPathComponent("result").path).isEmpty)
    }

    @Test func aPlanOfAnotherVersionOrWhoseScenarioChangedIsRefused() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let planDir = dir.appendingPathComponent("plan")
        _ = try plan(path, planDir)

        // The original edited after planning.
        try (SweepCommandTests.scenario.replacingOccurrences(of: "seed: 5", with: "seed: 6"))
            .write(toFile: path, atomically: true, encoding: .utf8)
        let changed = runTask(planDir, 0)
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("has changed since the plan was made"))
        #expect(changed.stderr.contains("make a new plan"))
        #expect(Merge.run(directory: planDir.path, out: nil).status == 2)
        #expect(!FileManager.default.fileExists(atPath: planDir.appendingPathComponent("units/unit-000000.cfu").path))

        // The original gone (a compute node without it): the copy is used.
        try FileManager.default.removeItem(atPath: path)
        #expect(runTask(planDir, 0).status == 0)

        // The plan's copy edited.
        let copy = planDir.appendingPathComponent("scenario/tiny.yaml")
        try (SweepCommandTests.scenario + "# edited\n").write(to: copy, atomically: true, encoding: .utf8)
        let edited = runTask(planDir, 1)
        #expect(edited.status == 2)
        #expect(edited.stderr.contains("scenario/tiny.yaml has changed since the plan was made"))
        try SweepCommandTests.scenario.write(to: copy, atomically: true, encoding: .utf8)

        // Another tool version.
        let planFile = planDir.appendingPathComponent("plan.json")
        let text = try String(contentsOf: planFile, encoding: .utf8)
        try text.replacingOccurrences(of: "\"tool_version\" : \"\(CaseflowVersion.string)\"", with: "\"tool_version\" : \"0.0.9\"")
            .write(to: planFile, atomically: true, encoding: .utf8)
        let version = runTask(planDir, 1)
        #expect(version.status == 2)
        #expect(version.stderr.contains("made by caseflow 0.0.9 and this is caseflow \(CaseflowVersion.string)"))
        #expect(Merge.run(directory: planDir.path, out: nil).stderr.contains("made by caseflow 0.0.9"))
    }

    /// A scenario that extends a file in another folder: both are copied with
    /// their places kept, the merge equals the sweep (whose manifests record the
    /// chain), and editing the parent refuses the plan.
    @Test func aScenarioThatExtendsAnotherFileIsPlannedWithItsParent() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parentPath = try helper.writeScenario(in: dir)
        let studies = dir.appendingPathComponent("studies")
        try FileManager.default.createDirectory(at: studies, withIntermediateDirectories: true)
        let child = studies.appendingPathComponent("child.yaml").path
        try """
            caseflow: 1
            extends: ../tiny.yaml
            metadata: { name: Tiny child }
            replications: 1
            sweep:
              list:
                - { name: quieter, set: { demand.sentences_per_week.national: 2 } }

            """.write(toFile: child, atomically: true, encoding: .utf8)
        let planDir = dir.appendingPathComponent("plan")
        let p = try plan(child, planDir)
        #expect(p.scenario.files.map(\.copy) == ["scenario/studies/child.yaml", "scenario/tiny.yaml"])
        #expect(p.scenario.extends.count == 1)
        #expect(p.points.map(\.id) == ["base", "quieter"])
        for t in p.tasks.indices { #expect(runTask(planDir, t).status == 0) }
        #expect(Merge.run(directory: planDir.path, out: nil).status == 0)
        let sweep = dir.appendingPathComponent("sweep")
        #expect(SweepRun.run(SweepRequest(file: child, out: sweep.path, jobs: 1)).status == 0)
        try expectSame(sweep, planDir.appendingPathComponent("result"))
        let manifest = try String(contentsOf: planDir.appendingPathComponent("result/base/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"extends\""))

        try (SweepCommandTests.scenario + "# the parent, edited\n").write(toFile: parentPath, atomically: true, encoding: .utf8)
        let refused = RunUnit.run(RunUnitRequest(directory: planDir.path, task: 0))
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("tiny.yaml has changed since the plan was made"))
        let merged = Merge.run(directory: planDir.path, out: dir.appendingPathComponent("again").path)
        #expect(merged.status == 2)
        #expect(merged.stderr.contains("tiny.yaml has changed since the plan was made"))
    }

    // MARK: schedulers

    @Test func slurmWritesAJobArrayAMergeJobThatDependsOnItAndASubmitScript() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let planDir = dir.appendingPathComponent("my plan")
        let outcome = SlurmRun.run(SlurmRequest(plan: PlanRequest(file: path, out: planDir.path, unitsPerTask: 3, jobs: 2),
                                                partition: "short", time: "00:20:00", maxConcurrent: 4, cpusPerTask: 2,
                                                mem: "2G", account: "proj42", executable: "/opt/caseflow/bin/caseflow"))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let slurm = planDir.appendingPathComponent("slurm")
        let array = try String(contentsOf: slurm.appendingPathComponent("array.sbatch"), encoding: .utf8)
        let dirPath = planDir.standardizedFileURL.path
        for line in ["#!/bin/bash", "#SBATCH --array=0-5%4", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=short",
                     "#SBATCH --time=00:20:00", "#SBATCH --mem=2G", "#SBATCH --account=proj42",
                     "#SBATCH --output=\(dirPath)/logs/task-%a.out", "#SBATCH --error=\(dirPath)/logs/task-%a.err",
                     "exec /opt/caseflow/bin/caseflow run-unit '\(dirPath)' --jobs \"${SLURM_CPUS_PER_TASK:-2}\""] {
            #expect(array.split(separator: "\n").contains(Substring(line)), "array.sbatch has no line \(line)")
        }
        let merge = try String(contentsOf: slurm.appendingPathComponent("merge.sbatch"), encoding: .utf8)
        #expect(merge.contains("exec /opt/caseflow/bin/caseflow merge '\(dirPath)'\n"))
        #expect(!merge.contains("--array"))
        let submit = try String(contentsOf: slurm.appendingPathComponent("submit.sh"), encoding: .utf8)
        #expect(submit.contains("merge=$(sbatch --parsable --dependency=afterok:\"$array\" '\(dirPath)/slurm'/merge.sbatch)"))
        #expect(try FileManager.default.attributesOfItem(atPath: slurm.appendingPathComponent("submit.sh").path)[.posixPermissions] as? Int == 0o755)
        // The plan records the threads for the merged manifests.
        #expect(try WorkPlan.load(directory: planDir.path).jobs == 2)
    }

    @Test func kubernetesWritesAnIndexedJobOfOneCompletionPerTask() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let planDir = dir.appendingPathComponent("plan")
        let outcome = KubernetesRun.run(KubernetesRequest(plan: PlanRequest(file: path, out: planDir.path, unitsPerTask: 5),
                                                          image: "registry.example/caseflow:0.1.0", parallelism: 3, memory: "1Gi"))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let job = try String(contentsOf: planDir.appendingPathComponent("kubernetes/job.yaml"), encoding: .utf8)
        for line in ["kind: Job", "  name: caseflow-tiny-sweep", "  completionMode: Indexed", "  completions: 4", "  parallelism: 3",
                     "          image: \"registry.example/caseflow:0.1.0\"",
                     "          command: [\"caseflow\", \"run-unit\", \"/plan\", \"--jobs\", \"1\"]",
                     "              memory: \"1Gi\"", "            claimName: \"caseflow-plans\"", "              mountPath: \"/plan\""] {
            #expect(job.split(separator: "\n").contains(Substring(line)), "job.yaml has no line \(line)")
        }
        let merge = try String(contentsOf: planDir.appendingPathComponent("kubernetes/merge-job.yaml"), encoding: .utf8)
        #expect(merge.contains("  name: caseflow-tiny-sweep-merge\n"))
        #expect(merge.contains("command: [\"caseflow\", \"merge\", \"/plan\"]"))
        #expect(!merge.contains("Indexed"))
    }

    @Test func statusSaysWhatIsDoneRunningFailedAndWaitingWithTheSchedulersWord() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try helper.writeScenario(in: dir)
        let planDir = dir.appendingPathComponent("plan")
        let p = try plan(path, planDir, unitsPerTask: 2)
        #expect(p.tasks.count == 8)
        #expect(runTask(planDir, 0).status == 0)
        #expect(runTask(planDir, 1).status == 0)
        let units = planDir.appendingPathComponent("units")
        try Data("failed 2026-01-01T00:00:00Z on node3: cannot write\n".utf8).write(to: units.appendingPathComponent(WorkPlan.failedFileName(2)))
        try Data("line 0\nline 1\nline 2\ncaseflow run-unit: task 2: cannot write\n".utf8)
            .write(to: planDir.appendingPathComponent("logs/task-2.err"))
        try Data("started 2026-01-01T00:00:00Z on node4, process 7\n".utf8).write(to: units.appendingPathComponent(WorkPlan.startedFileName(3)))
        try Data("started 2026-01-01T00:00:00Z on node5, process 8\n".utf8).write(to: units.appendingPathComponent(WorkPlan.startedFileName(4)))
        try FileManager.default.createDirectory(at: planDir.appendingPathComponent("slurm"), withIntermediateDirectories: true)
        try PlanRun.encode(SlurmJobs(arrayJob: "77", mergeJob: "78", submittedAt: "2026-01-01T00:00:00Z"))
            .write(to: planDir.appendingPathComponent("slurm/jobs.json"))
        let text = Status.run(directory: planDir.path) { jobs in
            #expect(jobs.arrayJob == "77")
            return [3: "RUNNING", 4: "TIMEOUT", 5: "RUNNING", 6: "PENDING", 7: "PENDING"]
        }.stdout
        #expect(text.contains("Slurm array job 77, merge job 78"))
        #expect(text.contains("done 2, running or started 2, failed 2, not started 2"))
        #expect(text.contains("task 2: failed 2026-01-01T00:00:00Z on node3: cannot write"))
        // The last three lines of the task's error log.
        #expect(text.contains("logs/task-2.err:\n        line 1\n        line 2\n        caseflow run-unit: task 2: cannot write"))
        #expect(!text.contains("line 0"))
        #expect(text.contains("task 3: started 2026-01-01T00:00:00Z on node4, process 7 [Slurm: RUNNING]"))
        #expect(text.contains("task 4: started 2026-01-01T00:00:00Z on node5, process 8, ended TIMEOUT without finishing"))
        #expect(text.contains("task 5: starting [Slurm: RUNNING]"))
        #expect(text.contains("not started: tasks 6–7"))
        #expect(text.contains("not merged yet"))
        #expect(Status.ranges([0, 1, 2, 3, 7, 9, 10]) == "0–3, 7, 9–10")
    }
}
