// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Probation
import Simulation

/// A plan directory's `plan.json`: the scenario (a copy beside it, with its
/// SHA-256 and overrides), the tool version, every work unit — one
/// replication of one point — and the tasks that run them (docs/scale-out.md).
public struct WorkPlan: Codable, Sendable, Equatable {
    public static let formatName = "caseflow-plan"
    public static let currentFormatVersion = 1
    public static let fileName = "plan.json"
    /// The folder of the plan directory holding the scenario's copies.
    public static let scenarioFolder = "scenario"

    public var format: String = WorkPlan.formatName
    public var formatVersion: Int = WorkPlan.currentFormatVersion
    public var toolVersion: String
    public var createdAt: String
    public var scenario: ScenarioRecord
    /// What `caseflow merge` writes: one run directory (as `caseflow run`)
    /// or a sweep (as `caseflow sweep`: a run directory per point and index.csv).
    public var layout: Layout
    /// Threads per task; recorded as `jobs` in the merged manifests.
    public var jobs: Int
    /// What the merge writes beyond summaries (`--detail`, `--no-compress`), as `caseflow run` takes them.
    public var outputs: Outputs
    public var points: [Point]
    public var units: [Unit]
    /// The units each task runs, by unit number; task i is array index i.
    public var tasks: [[Int]]
    /// An uncertainty study's design (layout `uncertainty`): its parameters and
    /// the values of every parameter set, one plan point each (docs/uncertainty.md).
    public var uncertainty: UncertaintyDesign?

    public enum Layout: String, Codable, Sendable { case run, sweep, uncertainty }

    public struct Outputs: Codable, Sendable, Equatable {
        /// `--detail`: all, none, or levels and wmt.
        public var detail: String
        public var compress: Bool
        public init(detail: String = "all", compress: Bool = true) { self.detail = detail; self.compress = compress }

        public var options: OutputOptions? {
            OutputOptions.parseDetail(detail).map { OutputOptions(compress: compress, detailLevels: $0.levels, snapshots: $0.snapshots) }
        }
    }

    public struct ScenarioRecord: Codable, Sendable, Equatable {
        /// The path as given to `caseflow plan` (what manifests record).
        public var path: String
        /// The copy of the scenario file in the plan directory that tasks load.
        public var copy: String
        /// SHA-256 of the scenario file's bytes (the copy's and the original's).
        public var sha256: String
        /// SHA-256 of the scenario text as `caseflow run` fingerprints it (manifests' `scenario_sha256`).
        public var textSHA256: String
        public var name: String
        /// The scenario file and every file it extends, each copied into the
        /// plan directory with their relative places kept, so `extends:` finds them.
        public var files: [FileRecord]
        /// The files the scenario extends, nearest first, as manifests record them.
        public var extends: [ScenarioFileHash]
        /// `--set PATH=VALUE` overrides given to `caseflow plan`, in order.
        public var overrides: [String]
        /// The single point planned with `--variant`, if any.
        public var variant: String?

        public init(path: String, copy: String, sha256: String, textSHA256: String, name: String, files: [FileRecord],
                    extends: [ScenarioFileHash], overrides: [String], variant: String?) {
            self.path = path; self.copy = copy; self.sha256 = sha256; self.textSHA256 = textSHA256; self.name = name
            self.files = files; self.extends = extends; self.overrides = overrides; self.variant = variant
        }

        enum CodingKeys: String, CodingKey {
            case path, copy, sha256, textSHA256 = "text_sha256", name, files, extends, overrides, variant
        }
    }

    /// A scenario file copied into the plan: where it was, where the copy is, its SHA-256.
    public struct FileRecord: Codable, Sendable, Equatable {
        /// The path as the scenario (or the command line) named it.
        public var path: String
        /// Its absolute path when the plan was made; checked again when it is still there.
        public var absolutePath: String
        /// The copy, relative to the plan directory.
        public var copy: String
        public var sha256: String

        public init(path: String, absolutePath: String, copy: String, sha256: String) {
            self.path = path; self.absolutePath = absolutePath; self.copy = copy; self.sha256 = sha256
        }

        enum CodingKeys: String, CodingKey { case path, absolutePath = "absolute_path", copy, sha256 }
    }

    public struct Point: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        /// The scenario name the point's manifest records.
        public var name: String
        /// The point's overrides as `caseflow sweep` writes them in index.csv.
        public var overrides: String
        public var seed: UInt64
        public var replications: Int
        public var start: String
        public var warmupDays: Int

        public init(id: String, kind: String, name: String, overrides: String, seed: UInt64, replications: Int,
                    start: String, warmupDays: Int) {
            self.id = id; self.kind = kind; self.name = name; self.overrides = overrides; self.seed = seed
            self.replications = replications; self.start = start; self.warmupDays = warmupDays
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, name, overrides, seed, replications, start, warmupDays = "warmup_days"
        }
    }

    /// One replication of one point. Its random streams are seeded from
    /// (seed, replication, stream name), so it gives the same results on any machine.
    public struct Unit: Codable, Sendable, Equatable {
        public var unit: Int
        public var point: String
        /// Counted from 0 (the files number replications from 1).
        public var replication: Int
        public var seed: UInt64

        public init(unit: Int, point: String, replication: Int, seed: UInt64) {
            self.unit = unit; self.point = point; self.replication = replication; self.seed = seed
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", toolVersion = "tool_version", createdAt = "created_at"
        case scenario, layout, jobs, outputs, points, units, tasks, uncertainty
    }

    public init(toolVersion: String, createdAt: String, scenario: ScenarioRecord, layout: Layout, jobs: Int,
                outputs: Outputs = Outputs(), points: [Point], unitsPerTask: Int) {
        self.toolVersion = toolVersion; self.createdAt = createdAt; self.scenario = scenario
        self.layout = layout; self.jobs = jobs; self.outputs = outputs; self.points = points
        var units: [Unit] = []
        for p in points {
            for r in 0..<p.replications { units.append(Unit(unit: units.count, point: p.id, replication: r, seed: p.seed)) }
        }
        self.units = units
        let k = max(1, unitsPerTask)
        self.tasks = stride(from: 0, to: units.count, by: k).map { Array($0..<min($0 + k, units.count)) }
    }

    /// The unit that runs `replication` of point `point` (index into `points`).
    public func unitIndex(point: Int, replication: Int) -> Int {
        points[..<point].reduce(0) { $0 + $1.replications } + replication
    }

    // MARK: files of a plan directory

    public static func unitFileName(_ unit: Int) -> String { String(format: "unit-%06d.cfu", unit) }
    public static func doneFileName(_ task: Int) -> String { String(format: "task-%06d.done", task) }
    public static func failedFileName(_ task: Int) -> String { String(format: "task-%06d.failed", task) }
    public static func startedFileName(_ task: Int) -> String { String(format: "task-%06d.started", task) }

    /// Reads `DIR/plan.json`, with a clear error for anything that is not a plan.
    public static func load(directory: String) throws -> WorkPlan {
        let path = (directory as NSString).appendingPathComponent(fileName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PlanError("\(directory): no such plan directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanError("\(path): no such file; \(directory) is not a plan directory (make one with caseflow plan FILE --out \(directory))")
        }
        let plan: WorkPlan
        do { plan = try JSONDecoder().decode(WorkPlan.self, from: data) } catch {
            throw PlanError("\(path) is not a caseflow plan (\(RunDirectory.describe(error)))")
        }
        guard plan.format == formatName else { throw PlanError("\(path): format is \"\(plan.format)\", expected \"\(formatName)\"") }
        guard plan.formatVersion == currentFormatVersion else {
            throw PlanError("\(path): plan format version \(plan.formatVersion); this caseflow reads version \(currentFormatVersion)")
        }
        try plan.checkConsistency(path)
        return plan
    }

    /// The plan's own arithmetic: units numbered in order, each point's
    /// replications present once, every unit in exactly one task.
    func checkConsistency(_ path: String) throws {
        guard !points.isEmpty else { throw PlanError("\(path): the plan has no points") }
        var next = 0
        for p in points {
            guard p.replications >= 1 else { throw PlanError("\(path): point \(p.id) has \(p.replications) replications") }
            for r in 0..<p.replications {
                guard next < units.count, units[next].unit == next, units[next].point == p.id, units[next].replication == r,
                      units[next].seed == p.seed else {
                    throw PlanError("\(path): unit \(next) is not replication \(r + 1) of point \(p.id): the plan has been edited or damaged")
                }
                next += 1
            }
        }
        guard next == units.count else { throw PlanError("\(path): \(units.count - next) unit(s) belong to no point") }
        var seen = [Bool](repeating: false, count: units.count)
        for (t, list) in tasks.enumerated() {
            guard !list.isEmpty else { throw PlanError("\(path): task \(t) has no units") }
            for u in list {
                guard u >= 0, u < units.count, !seen[u] else {
                    throw PlanError("\(path): task \(t) lists unit \(u), which does not exist or is in another task")
                }
                seen[u] = true
            }
        }
        if let missing = seen.firstIndex(of: false) { throw PlanError("\(path): unit \(missing) is in no task") }
        guard jobs >= 1 else { throw PlanError("\(path): jobs must be at least 1") }
        guard outputs.options != nil else { throw PlanError("\(path): outputs.detail \"\(outputs.detail)\" is not a --detail value") }
        if layout == .uncertainty {
            guard let u = uncertainty, u.values.count == points.count, u.values.allSatisfy({ $0.count == u.parameters.count }) else {
                throw PlanError("\(path): an uncertainty plan needs its design, with one parameter set per point")
            }
        }
    }

    /// Refuses a plan made by another version of caseflow, or whose scenario
    /// copy — or original, when it is still where it was — has changed since.
    public func checkRunnable(directory: String, toolVersion: String) throws {
        guard self.toolVersion == toolVersion else {
            throw PlanError("\(directory): the plan was made by caseflow \(self.toolVersion) and this is caseflow \(toolVersion); "
                            + "results of different versions are not comparable, so make a new plan with this version")
        }
        for file in scenario.files {
            let copy = (directory as NSString).appendingPathComponent(file.copy)
            guard let data = FileManager.default.contents(atPath: copy) else {
                throw PlanError("\(copy): the plan's copy of \(file.path) is missing")
            }
            let copySHA = SHA256.hex(data)
            guard copySHA == file.sha256 else {
                throw PlanError("\(copy) has changed since the plan was made (SHA-256 \(copySHA), the plan records \(file.sha256)); "
                                + "make a new plan rather than editing a plan's scenario")
            }
            if let original = FileManager.default.contents(atPath: file.absolutePath) {
                let sha = SHA256.hex(original)
                guard sha == file.sha256 else {
                    throw PlanError("\(file.absolutePath) has changed since the plan was made (SHA-256 \(sha), the plan records "
                                    + "\(file.sha256)); make a new plan (caseflow plan) so the results are of the scenario as it is now")
                }
            }
        }
    }
}

/// A record of a finished task (`units/task-NNNNNN.done`): each unit file with its size and SHA-256.
public struct TaskRecord: Codable, Sendable, Equatable {
    public var task: Int
    public var toolVersion: String
    public var host: String
    public var startedAt: String
    public var finishedAt: String
    public var units: [UnitFile]

    public struct UnitFile: Codable, Sendable, Equatable {
        public var unit: Int
        public var file: String
        public var bytes: Int
        public var sha256: String
        public init(unit: Int, file: String, bytes: Int, sha256: String) {
            self.unit = unit; self.file = file; self.bytes = bytes; self.sha256 = sha256
        }
    }

    public init(task: Int, toolVersion: String, host: String, startedAt: String, finishedAt: String, units: [UnitFile]) {
        self.task = task; self.toolVersion = toolVersion; self.host = host
        self.startedAt = startedAt; self.finishedAt = finishedAt; self.units = units
    }

    enum CodingKeys: String, CodingKey {
        case task, toolVersion = "tool_version", host, startedAt = "started_at", finishedAt = "finished_at", units
    }
}

/// What is known of a task from the files in `units/`.
public enum TaskState: Equatable, Sendable {
    /// Its record and every unit file it lists (with the recorded size) are present.
    case done(TaskRecord)
    /// It stopped with an error (the text of `task-N.failed`).
    case failed(String)
    /// It started (host, time) and has not finished: running, killed or lost.
    case started(String)
    /// Nothing of it is there.
    case notStarted
    /// Its record is there but a unit file is missing, of another size, or the record is unreadable.
    case damaged(String)
}

extension WorkPlan {
    /// The state of task `task` from the files in `DIR/units/`.
    public func state(ofTask task: Int, directory: String) -> TaskState {
        let units = (directory as NSString).appendingPathComponent("units")
        let fm = FileManager.default
        let donePath = (units as NSString).appendingPathComponent(Self.doneFileName(task))
        if let data = fm.contents(atPath: donePath) {
            guard let record = try? JSONDecoder().decode(TaskRecord.self, from: data) else {
                return .damaged("\(donePath) is not a task record")
            }
            guard record.task == task, record.units.map(\.unit) == tasks[task] else {
                return .damaged("\(donePath) lists units \(record.units.map(\.unit)), the plan's task \(task) has \(tasks[task])")
            }
            for u in record.units {
                let path = (units as NSString).appendingPathComponent(u.file)
                guard u.file == Self.unitFileName(u.unit),
                      let attributes = try? fm.attributesOfItem(atPath: path),
                      (attributes[.size] as? NSNumber)?.intValue == u.bytes else {
                    return .damaged("\(path) is missing or not the \(u.bytes) bytes the task recorded")
                }
            }
            return .done(record)
        }
        let failedPath = (units as NSString).appendingPathComponent(Self.failedFileName(task))
        if let data = fm.contents(atPath: failedPath) {
            return .failed(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let startedPath = (units as NSString).appendingPathComponent(Self.startedFileName(task))
        if let data = fm.contents(atPath: startedPath) {
            return .started(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return .notStarted
    }
}

/// A plan that cannot be made, run or merged, with what to do about it.
public struct PlanError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes `data` to `url` atomically: to a temporary name unique to this
/// process in the same directory, flushed to disk, then renamed into place,
/// so a reader (or a task killed part-way) never leaves a half-written file
/// under the real name.
public func writeAtomically(_ data: Data, to url: URL) throws {
    let dir = url.deletingLastPathComponent()
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
    guard FileManager.default.createFile(atPath: tmp.path, contents: nil),
          let handle = FileHandle(forWritingAtPath: tmp.path) else {
        throw ReportError.cannotWrite(tmp.path)
    }
    do {
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
    } catch {
        try? handle.close()
        try? FileManager.default.removeItem(at: tmp)
        throw ReportError.cannotWrite(url.path)
    }
    if rename(tmp.path, url.path) != 0 {
        try? FileManager.default.removeItem(at: tmp)
        throw ReportError.cannotWrite(url.path)
    }
}
