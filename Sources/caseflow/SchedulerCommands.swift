// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Reports

// `caseflow slurm`, `caseflow kubernetes` and `caseflow status`: a plan run by
// the schedulers people already have, as they are meant to be used — a job
// array (or an indexed job) of `caseflow run-unit`, then one `caseflow merge`
// (docs/scale-out.md).

/// The options of `caseflow plan` that the scheduler commands share.
struct PlanOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML).") var file: String
    @Option(help: "The plan directory to create.") var out: String
    @Option(help: "Replications per point (overrides the scenario).") var replications: Int?
    @Option(help: "Master random seed (overrides the scenario).") var seed: UInt64?
    @Option(name: .customLong("units-per-task"), help: "Work units (replications) per task (default 1). Aim for tasks of minutes.")
    var unitsPerTask: Int = 1
    @Option(help: "Plan only this variant or sweep point, merged as `caseflow run --variant` writes it.") var variant: String?
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a value of the scenario: PATH=VALUE, as caseflow run and sweep take it; repeatable, recorded in the plan.",
        valueName: "path=value")) var set: [String] = []
    @OptionGroup var detail: DetailOptions
    @Option(help: "Plan an uncertainty study instead (lhs or sobol), with the options below (docs/uncertainty.md).")
    var uncertainty: UncertaintyDesign.Method?
    @OptionGroup var study: UncertaintyOptions

    func validate() throws {
        try detail.validate()
        try checkReplications(replications)
        if unitsPerTask < 1 { throw ValidationError("--units-per-task must be at least 1 (found \(unitsPerTask))") }
    }

    func request(jobs: Int) -> PlanRequest {
        PlanRequest(file: file, out: out, replications: replications, seed: seed, unitsPerTask: unitsPerTask, jobs: jobs,
                    variant: variant, outputs: WorkPlan.Outputs(detail: detail.detail, compress: !detail.noCompress), settings: set,
                    uncertainty: uncertainty.map { study.request(method: $0) })
    }
}

/// The absolute path of this caseflow executable, for scripts that run it on other nodes.
func thisExecutable() -> String {
    let proc = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    if proc != "/proc/self/exe", FileManager.default.isExecutableFile(atPath: proc) { return proc }
    let arg = CommandLine.arguments.first ?? "caseflow"
    return arg.contains("/") ? URL(fileURLWithPath: arg).standardizedFileURL.path : arg
}

/// A word for a POSIX shell: single-quoted unless it is plainly safe.
func shellQuoted(_ s: String) -> String {
    let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@%")
    if !s.isEmpty, s.unicodeScalars.allSatisfy({ safe.contains($0) }) { return s }
    return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// A lower-case name of letters, digits and hyphens (Slurm job names, Kubernetes object names).
func schedulerName(_ text: String, limit: Int = 40) -> String {
    var out = ""
    for c in text.lowercased() {
        if c.isASCII, c.isLetter || c.isNumber { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
    }
    let trimmed = String(out.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(limit))
        .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    return trimmed.isEmpty ? "run" : trimmed
}

// MARK: - slurm

struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Plan a run or sweep and write (and with --submit, submit) a Slurm job array and its merge job.",
        discussion: """
        Writes the plan (as caseflow plan), DIR/slurm/array.sbatch (a job array, one array task \
        per plan task, each `caseflow run-unit`), DIR/slurm/merge.sbatch (`caseflow merge`, \
        submitted with --dependency=afterok on the array) and DIR/slurm/submit.sh, which submits \
        both. --submit runs sbatch now and records the job ids in DIR/slurm/jobs.json (for \
        caseflow status). Logs go to DIR/logs/. Size tasks with --units-per-task so each runs \
        for minutes: schedulers throttle floods of tiny jobs.
        """
    )

    @OptionGroup var plan: PlanOptions
    @Option(help: "The partition (queue) to submit to (default: the cluster's default).") var partition: String?
    @Option(help: "Time limit of each array task (sbatch --time, e.g. 00:30:00).") var time: String?
    @Option(name: .customLong("max-concurrent"), help: "At most this many array tasks at once (--array=0-N%M).")
    var maxConcurrent: Int?
    @Option(name: .customLong("cpus-per-task"), help: "CPUs (and threads) per array task (default 1).") var cpusPerTask: Int = 1
    @Option(help: "Memory per array task (sbatch --mem, e.g. 4G); default: the cluster's default.") var mem: String?
    @Option(help: "Slurm account to charge (sbatch --account).") var account: String?
    @Option(help: "The caseflow executable as the compute nodes see it (default: this one).") var caseflow: String?
    @Flag(help: "Submit the array and the merge job with sbatch now.") var submit = false

    func validate() throws {
        if let m = maxConcurrent, m < 1 { throw ValidationError("--max-concurrent must be at least 1 (found \(m))") }
        if cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1 (found \(cpusPerTask))") }
    }

    func run() throws {
        let request = SlurmRequest(plan: plan.request(jobs: cpusPerTask), partition: partition, time: time,
                                   maxConcurrent: maxConcurrent, cpusPerTask: cpusPerTask, mem: mem, account: account,
                                   executable: caseflow ?? thisExecutable(), submit: submit)
        let outcome = SlurmRun.run(request)
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct SlurmRequest {
    var plan: PlanRequest
    var partition: String? = nil
    var time: String? = nil
    var maxConcurrent: Int? = nil
    var cpusPerTask = 1
    var mem: String? = nil
    var account: String? = nil
    var executable = "caseflow"
    var submit = false
}

/// The job ids of a submitted plan (`DIR/slurm/jobs.json`).
struct SlurmJobs: Codable, Equatable {
    var arrayJob: String
    var mergeJob: String
    var submittedAt: String

    enum CodingKeys: String, CodingKey { case arrayJob = "array_job", mergeJob = "merge_job", submittedAt = "submitted_at" }

    static func load(directory: String) -> SlurmJobs? {
        let path = (directory as NSString).appendingPathComponent("slurm/jobs.json")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(SlurmJobs.self, from: data)
    }
}

/// Slurm's default MaxArraySize (the largest array index is one less).
let slurmDefaultMaxArraySize = 1001

enum SlurmRun {
    static func run(_ request: SlurmRequest, now: Date = Date()) -> CommandOutcome {
        let made = PlanRun.make(request.plan, now: now)
        guard made.status == 0 else { return made }
        var text = made.stdout
        let dir = URL(fileURLWithPath: request.plan.out).standardizedFileURL
        let plan: WorkPlan
        do { plan = try WorkPlan.load(directory: dir.path) } catch {
            return CommandOutcome(stdout: text, stderr: "caseflow slurm: \(error)\n", status: PlanRun.writeError)
        }
        let scripts = self.scripts(plan, directory: dir.path, request)
        let slurmDir = dir.appendingPathComponent("slurm")
        do {
            try FileManager.default.createDirectory(at: slurmDir, withIntermediateDirectories: true)
            for (name, body) in [("array.sbatch", scripts.array), ("merge.sbatch", scripts.merge), ("submit.sh", scripts.submit)] {
                let url = slurmDir.appendingPathComponent(name)
                try writeAtomically(Data(body.utf8), to: url)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            }
        } catch {
            return CommandOutcome(stdout: text, stderr: "caseflow slurm: \(error)\n", status: PlanRun.writeError)
        }
        text += "Wrote \(slurmDir.path)/array.sbatch (\(plan.tasks.count) array task(s)), merge.sbatch and submit.sh\n"
        var warnings = ""
        if plan.tasks.count > slurmDefaultMaxArraySize {
            warnings += "caseflow slurm: warning: \(plan.tasks.count) array tasks is more than Slurm's default MaxArraySize "
                + "(\(slurmDefaultMaxArraySize)); use a larger --units-per-task, or check your cluster's limit with "
                + "`scontrol show config | grep MaxArraySize`\n"
        }
        guard request.submit else {
            text += "Submit with: sh \(shellQuoted(slurmDir.path + "/submit.sh"))   (or again with --submit)\n"
            return CommandOutcome(stdout: text, stderr: warnings)
        }
        do {
            let array = try sbatch(["--parsable", slurmDir.appendingPathComponent("array.sbatch").path])
            let merge = try sbatch(["--parsable", "--dependency=afterok:\(array)", slurmDir.appendingPathComponent("merge.sbatch").path])
            let jobs = SlurmJobs(arrayJob: array, mergeJob: merge, submittedAt: ISO8601DateFormatter().string(from: now))
            try writeAtomically(try PlanRun.encode(jobs), to: slurmDir.appendingPathComponent("jobs.json"))
            text += "Submitted array job \(array) (\(plan.tasks.count) task(s)) and merge job \(merge) (after the array succeeds)\n"
                + "Follow with: caseflow status \(shellQuoted(dir.path))\n"
        } catch {
            return CommandOutcome(stdout: text, stderr: warnings + "caseflow slurm: \(error)\n", status: PlanRun.writeError)
        }
        return CommandOutcome(stdout: text, stderr: warnings)
    }

    /// Runs `sbatch ARGS` and returns the job id it prints (`--parsable`: `ID` or `ID;CLUSTER`).
    static func sbatch(_ arguments: [String]) throws -> String {
        let result = try runTool("sbatch", arguments)
        guard result.status == 0 else {
            throw PlanError("sbatch \(arguments.last ?? "") failed (exit status \(result.status)): "
                            + result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let id = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else { throw PlanError("sbatch printed \"\(result.stdout)\", expected a job id") }
        return id
    }

    static func scripts(_ plan: WorkPlan, directory dir: String, _ r: SlurmRequest) -> (array: String, merge: String, submit: String) {
        let name = "caseflow-" + schedulerName(plan.scenario.name, limit: 30)
        let logs = dir + "/logs"
        var common: [String] = []
        if let p = r.partition { common.append("#SBATCH --partition=\(p)") }
        if let a = r.account { common.append("#SBATCH --account=\(a)") }
        let last = plan.tasks.count - 1
        var array = """
            #!/bin/bash
            # Caseflow: the work units of \(plan.scenario.path) (\(plan.units.count) unit(s) in \(plan.tasks.count) task(s)),
            # one array task per plan task. Written by caseflow slurm; see docs/scale-out.md.
            #SBATCH --job-name=\(name)
            #SBATCH --array=0-\(last)\(r.maxConcurrent.map { "%\($0)" } ?? "")
            #SBATCH --ntasks=1
            #SBATCH --cpus-per-task=\(r.cpusPerTask)

            """
        if let t = r.time { array += "#SBATCH --time=\(t)\n" }
        if let m = r.mem { array += "#SBATCH --mem=\(m)\n" }
        array += common.map { $0 + "\n" }.joined()
        array += """
            #SBATCH --output=\(logs)/task-%a.out
            #SBATCH --error=\(logs)/task-%a.err
            set -euo pipefail
            # run-unit reads the task index from SLURM_ARRAY_TASK_ID; a task already done is not run again.
            exec \(shellQuoted(r.executable)) run-unit \(shellQuoted(dir)) --jobs "${SLURM_CPUS_PER_TASK:-\(r.cpusPerTask)}"

            """
        var merge = """
            #!/bin/bash
            # Caseflow: merge the work units of \(plan.scenario.path) into \(dir)/result once every array task
            # has succeeded (submitted with --dependency=afterok:<array job>). Written by caseflow slurm.
            #SBATCH --job-name=\(name)-merge
            #SBATCH --ntasks=1
            #SBATCH --cpus-per-task=1

            """
        if let t = r.time { merge += "#SBATCH --time=\(t)\n" }
        merge += common.map { $0 + "\n" }.joined()
        merge += """
            #SBATCH --output=\(logs)/merge.out
            #SBATCH --error=\(logs)/merge.err
            set -euo pipefail
            exec \(shellQuoted(r.executable)) merge \(shellQuoted(dir))

            """
        let slurm = shellQuoted(dir + "/slurm")
        let submit = """
            #!/bin/sh
            # Submits the job array, then the merge job to run once every array task has succeeded.
            set -eu
            array=$(sbatch --parsable \(slurm)/array.sbatch)
            array=${array%%;*}
            merge=$(sbatch --parsable --dependency=afterok:"$array" \(slurm)/merge.sbatch)
            merge=${merge%%;*}
            printf '{\\n  "array_job" : "%s",\\n  "merge_job" : "%s",\\n  "submitted_at" : "%s"\\n}\\n' "$array" "$merge" \
              "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > \(slurm)/jobs.json
            echo "Submitted array job $array and merge job $merge; follow with: caseflow status \(shellQuoted(dir))"

            """
        return (array, merge, submit)
    }
}

/// Runs a program found on the PATH; its exit status and output.
func runTool(_ name: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else { throw PlanError("\(name) is not on the PATH (is this a Slurm login node?)") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

// MARK: - kubernetes

struct KubernetesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubernetes",
        abstract: "Plan a run or sweep and write a Kubernetes Indexed Job for it, and the merge Job.",
        discussion: """
        Writes the plan (as caseflow plan), DIR/kubernetes/job.yaml (an Indexed Job: one \
        completion per plan task, each `caseflow run-unit`, which reads JOB_COMPLETION_INDEX) \
        and DIR/kubernetes/merge-job.yaml (`caseflow merge`). The plan directory must be on the \
        volume --claim names, mounted at --mount in every pod. See docs/scale-out.md.
        """
    )

    @OptionGroup var plan: PlanOptions
    @Option(help: "The container image with caseflow on its PATH.") var image: String
    @Option(help: "Pods at once (default: min(tasks, 10)).") var parallelism: Int?
    @Option(name: .customLong("cpus-per-task"), help: "CPUs (and threads) per pod (default 1).") var cpusPerTask: Int = 1
    @Option(help: "Memory per pod (e.g. 4Gi); default: none requested.") var memory: String?
    @Option(help: "The PersistentVolumeClaim holding the plan directory.") var claim: String = "caseflow-plans"
    @Option(help: "Where the plan directory is in the pods.") var mount: String = "/plan"

    func validate() throws {
        if let p = parallelism, p < 1 { throw ValidationError("--parallelism must be at least 1 (found \(p))") }
        if cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1 (found \(cpusPerTask))") }
        if !mount.hasPrefix("/") { throw ValidationError("--mount must be an absolute path (found \(mount))") }
    }

    func run() throws {
        let outcome = KubernetesRun.run(KubernetesRequest(plan: plan.request(jobs: cpusPerTask), image: image, parallelism: parallelism,
                                                          cpusPerTask: cpusPerTask, memory: memory, claim: claim, mount: mount))
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

struct KubernetesRequest {
    var plan: PlanRequest
    var image: String
    var parallelism: Int? = nil
    var cpusPerTask = 1
    var memory: String? = nil
    var claim = "caseflow-plans"
    var mount = "/plan"
}

enum KubernetesRun {
    static func run(_ request: KubernetesRequest, now: Date = Date()) -> CommandOutcome {
        let made = PlanRun.make(request.plan, now: now)
        guard made.status == 0 else { return made }
        let dir = URL(fileURLWithPath: request.plan.out).standardizedFileURL
        let plan: WorkPlan
        do { plan = try WorkPlan.load(directory: dir.path) } catch {
            return CommandOutcome(stdout: made.stdout, stderr: "caseflow kubernetes: \(error)\n", status: PlanRun.writeError)
        }
        let manifests = self.manifests(plan, request)
        let k8s = dir.appendingPathComponent("kubernetes")
        do {
            try FileManager.default.createDirectory(at: k8s, withIntermediateDirectories: true)
            try writeAtomically(Data(manifests.job.utf8), to: k8s.appendingPathComponent("job.yaml"))
            try writeAtomically(Data(manifests.merge.utf8), to: k8s.appendingPathComponent("merge-job.yaml"))
        } catch {
            return CommandOutcome(stdout: made.stdout, stderr: "caseflow kubernetes: \(error)\n", status: PlanRun.writeError)
        }
        let name = jobName(plan)
        return CommandOutcome(stdout: made.stdout + """
            Wrote \(k8s.path)/job.yaml (an Indexed Job of \(plan.tasks.count) completion(s)) and merge-job.yaml
            Copy \(dir.path) to the volume \(request.claim) (mounted at \(request.mount)), then:
              kubectl apply -f \(k8s.path)/job.yaml
              kubectl wait --for=condition=complete --timeout=24h job/\(name)
              kubectl apply -f \(k8s.path)/merge-job.yaml

            """)
    }

    static func jobName(_ plan: WorkPlan) -> String { "caseflow-" + schedulerName(plan.scenario.name, limit: 40) }

    /// A YAML double-quoted string.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func manifests(_ plan: WorkPlan, _ r: KubernetesRequest) -> (job: String, merge: String) {
        let name = jobName(plan)
        let parallelism = r.parallelism ?? min(plan.tasks.count, 10)
        var resources = "          resources:\n            requests:\n              cpu: \(quoted(String(r.cpusPerTask)))\n"
        if let m = r.memory { resources += "              memory: \(quoted(m))\n" }
        resources += "            limits:\n              cpu: \(quoted(String(r.cpusPerTask)))\n"
        if let m = r.memory { resources += "              memory: \(quoted(m))\n" }
        func pod(_ container: String, _ command: [String], _ resources: String) -> String {
            """
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: caseflow
                spec:
                  restartPolicy: Never
                  containers:
                    - name: \(container)
                      image: \(quoted(r.image))
                      command: [\(command.map(quoted).joined(separator: ", "))]
            \(resources)          volumeMounts:
                        - name: plan
                          mountPath: \(quoted(r.mount))
                  volumes:
                    - name: plan
                      persistentVolumeClaim:
                        claimName: \(quoted(r.claim))

            """
        }
        let job = """
            # Caseflow: the work units of \(plan.scenario.path) (\(plan.units.count) unit(s) in \(plan.tasks.count) task(s))
            # as an Indexed Job: completion i runs plan task i (caseflow run-unit reads JOB_COMPLETION_INDEX).
            # A task already done is not run again, so a retried pod is harmless. Written by caseflow kubernetes;
            # see docs/scale-out.md. backoffLimitPerIndex needs Kubernetes 1.29 or later.
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: \(name)
              labels:
                app.kubernetes.io/name: caseflow
            spec:
              completionMode: Indexed
              completions: \(plan.tasks.count)
              parallelism: \(parallelism)
              backoffLimitPerIndex: 2
              maxFailedIndexes: \(plan.tasks.count)

            """ + pod("run-unit", ["caseflow", "run-unit", r.mount, "--jobs", String(r.cpusPerTask)], resources)
        let merge = """
            # Caseflow: merge the work units into \(r.mount)/result once \(name) has completed. Written by caseflow kubernetes.
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: \(name)-merge
              labels:
                app.kubernetes.io/name: caseflow
            spec:
              completions: 1
              backoffLimit: 0

            """ + pod("merge", ["caseflow", "merge", r.mount], "")
        return (job, merge)
    }
}

// MARK: - status

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "How far a plan has got: tasks done, running, failed (with their logs), not started.",
        discussion: """
        Reads DIR/units/ and, when the plan was submitted with caseflow slurm --submit and \
        squeue or sacct are on the PATH, asks Slurm which array tasks are pending or running \
        and which ended badly.
        """
    )

    @Argument(help: "The plan directory.") var directory: String

    func run() throws {
        let outcome = Status.run(directory: directory, scheduler: Status.slurmStates)
        outcome.emit()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

enum Status {
    /// Slurm's view of each array task (PENDING, RUNNING, FAILED, …), from
    /// squeue (waiting and running tasks) and sacct (finished ones, when
    /// accounting is on); empty when neither answers.
    static func slurmStates(_ jobs: SlurmJobs) -> [Int: String] {
        var states: [Int: String] = [:]
        if let r = try? runTool("sacct", ["-n", "-X", "-P", "-j", jobs.arrayJob, "-o", "JobID,State"]), r.status == 0 {
            for line in r.stdout.split(separator: "\n") {
                let parts = line.split(separator: "|")
                guard parts.count >= 2, let underscore = parts[0].firstIndex(of: "_"),
                      let task = Int(parts[0][parts[0].index(after: underscore)...]) else { continue }
                states[task] = String(parts[1].split(separator: " ").first ?? "")
            }
        }
        if let r = try? runTool("squeue", ["-h", "-r", "-j", jobs.arrayJob, "-o", "%K %T"]), r.status == 0 {
            for line in r.stdout.split(separator: "\n") {
                let parts = line.split(separator: " ")
                if parts.count >= 2, let task = Int(parts[0]) { states[task] = String(parts[1]) }
            }
        }
        return states
    }

    static func run(directory: String, scheduler: (SlurmJobs) -> [Int: String]) -> CommandOutcome {
        let plan: WorkPlan
        do { plan = try WorkPlan.load(directory: directory) } catch {
            return CommandOutcome(stderr: "caseflow status: \(error)\n", status: PlanRun.inputError)
        }
        let jobs = SlurmJobs.load(directory: directory)
        let slurm = jobs.map(scheduler) ?? [:]
        var done = 0, failed: [String] = [], running: [String] = [], waiting: [Int] = [], damaged: [String] = []
        let logs = (directory as NSString).appendingPathComponent("logs")
        func logNote(_ t: Int) -> String {
            let err = (logs as NSString).appendingPathComponent("task-\(t).err")
            guard let data = FileManager.default.contents(atPath: err), !data.isEmpty else { return "" }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(3)
            return "\n      " + err + ":\n" + lines.map { "        " + $0 }.joined(separator: "\n")
        }
        for t in plan.tasks.indices {
            let scheduled = slurm[t].map { " [Slurm: \($0)]" } ?? ""
            switch plan.state(ofTask: t, directory: directory) {
            case .done: done += 1
            case .failed(let message): failed.append("    task \(t): \(message)\(scheduled)" + logNote(t))
            case .damaged(let why): damaged.append("    task \(t): \(why)\(scheduled)")
            case .started(let note):
                let state = slurm[t]
                if let state, ["FAILED", "TIMEOUT", "OUT_OF_MEMORY", "CANCELLED", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE"].contains(state) {
                    failed.append("    task \(t): \(note), ended \(state) without finishing" + logNote(t))
                } else {
                    running.append("    task \(t): \(note)\(scheduled)")
                }
            case .notStarted:
                if let state = slurm[t], state == "RUNNING" { running.append("    task \(t): starting [Slurm: RUNNING]") }
                else if let state = slurm[t], state != "PENDING" { failed.append("    task \(t): never started, Slurm says \(state)" + logNote(t)) }
                else { waiting.append(t) }
            }
        }
        var text = "\(directory): \(plan.scenario.name) — \(plan.units.count) unit(s) in \(plan.tasks.count) task(s)"
        if let jobs { text += "; Slurm array job \(jobs.arrayJob), merge job \(jobs.mergeJob)" }
        text += "\n  done \(done), running or started \(running.count), failed \(failed.count + damaged.count), "
            + "not started \(waiting.count)\(jobs != nil && !slurm.isEmpty ? " (pending in Slurm)" : "")\n"
        if !failed.isEmpty { text += "  failed (run them again with caseflow run-unit \(directory) --task I):\n" + failed.joined(separator: "\n") + "\n" }
        if !damaged.isEmpty { text += "  damaged (run them again):\n" + damaged.joined(separator: "\n") + "\n" }
        if !running.isEmpty { text += "  running or started:\n" + running.joined(separator: "\n") + "\n" }
        if !waiting.isEmpty { text += "  not started: tasks " + ranges(waiting) + "\n" }
        let result = (directory as NSString).appendingPathComponent("result")
        let merged = FileManager.default.fileExists(atPath: (result as NSString).appendingPathComponent(plan.layout == .sweep ? "index.csv" : "manifest.json"))
        text += merged ? "  merged: \(result)\n"
            : (done == plan.tasks.count ? "  every task is done; merge with: caseflow merge \(directory)\n" : "  not merged yet\n")
        return CommandOutcome(stdout: text)
    }

    /// 0–3, 7, 9–10.
    static func ranges(_ xs: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < xs.count {
            var j = i
            while j + 1 < xs.count, xs[j + 1] == xs[j] + 1 { j += 1 }
            parts.append(i == j ? "\(xs[i])" : "\(xs[i])–\(xs[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
