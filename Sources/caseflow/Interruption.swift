// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch
import Foundation
import Probation
import Reports

/// SIGINT and SIGTERM during `run` and `sweep`: the process stops at once —
/// the simulation has no check to make, so a replication runs as fast as
/// without — after removing its temporary files and leaving a note,
/// `INTERRUPTED.txt`, saying what was and was not finished (never a
/// `manifest.json`), and exits with 130 (SIGINT) or 143 (SIGTERM). The
/// directory keeps its `.caseflow-run` marker, so `--resume DIR` can finish it.
final class Interruption: @unchecked Sendable {
    static let shared = Interruption()

    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var directory: OutputDirectory?
    private var command = ""
    private var resumeHint = ""
    private var total = 0
    private var unit = "replication"
    private var finished: [String] = []
    private var finishing = false
    private let queue = DispatchQueue(label: "caseflow.signals")

    /// Starts watching for SIGINT and SIGTERM while `directory` is being written.
    func watch(_ directory: OutputDirectory, command: String, resumeHint: String, total: Int, unit: String) {
        lock.lock()
        self.directory = directory; self.command = command; self.resumeHint = resumeHint
        self.total = total; self.unit = unit; finished = []
        lock.unlock()
        guard sources.isEmpty else { return }
        for (sig, status) in [(SIGINT, ExitStatus.interrupted), (SIGTERM, ExitStatus.terminated)] {
            signal(sig, SIG_IGN)   // the dispatch source receives it instead
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [unowned self] in self.stop(signal: sig == SIGINT ? "SIGINT" : "SIGTERM", status: status) }
            source.resume()
            sources.append(source)
        }
    }

    /// Records that one unit (a point of a sweep) is complete on disk.
    func completed(_ name: String) {
        lock.lock(); finished.append(name); lock.unlock()
    }

    /// Stops watching: the work is done (or failed in an ordinary way).
    func end() {
        lock.lock(); directory = nil; lock.unlock()
    }

    /// Whether the process is stopping: no new output may be finished.
    var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return finishing }

    /// A write that failed because the process is stopping is not an output
    /// failure: this thread waits while the signal handler leaves its note and
    /// exits with 130/143.
    func waitIfStopping() {
        guard isStopping else { return }
        while true { sleep(60) }
    }

    private func stop(signal name: String, status: Int32) {
        lock.lock()
        finishing = true
        let directory = self.directory
        let finished = self.finished
        lock.unlock()
        guard let directory else { Foundation.exit(status) }
        OutputFile.halt()
        directory.removeTemporaries()
        let when = ISO8601DateFormatter().string(from: Date())
        var note = "caseflow \(command) was interrupted (\(name)) at \(when), before it finished.\n\n"
        if unit == "point" {
            note += "Finished: \(finished.count) of \(total) points, each a complete run directory with its manifest.json"
            note += finished.isEmpty ? ".\n" : ": " + finished.joined(separator: ", ") + ".\n"
            note += "Not finished: the other \(total - finished.count) point(s) and index.csv.\n"
        } else {
            note += "Finished: \(finished.count) of \(total) replication(s)"
                + (finished.isEmpty ? ".\n" : " (" + finished.joined(separator: ", ") + "), kept in .replications/ for --resume.\n")
            note += "Not finished: the run (\(total - finished.count) replication(s) and the files across replications); "
                + "no manifest.json was written, so this is not a finished run and caseflow compare and query refuse it.\n"
        }
        note += "Temporary files were removed.\n\nTo finish it, with the same scenario and options:\n  \(resumeHint)\n"
        directory.writeNote(note)
        directory.release(finished: false)
        FileHandle.standardError.write(Data("\ncaseflow \(command): interrupted (\(name)); wrote \(directory.url.path)/\(OutputDirectory.noteName). Resume with: \(resumeHint)\n".utf8))
        Foundation.exit(status)
    }
}

/// The options that change what a run or sweep writes, as text for the
/// directory's marker: a resume must give the same.
func resumeOptions(replications: Int?, seed: UInt64?, settings: [String], outputs: OutputOptions, point: String?) -> String {
    var parts = ["replications=\(replications.map(String.init) ?? "file")", "seed=\(seed.map(String.init) ?? "file")"]
    if let point { parts.append("variant=\(point)") }
    parts.append("compress=\(outputs.compress)")
    parts.append("detail=" + (outputs.detailLevels.map { $0.map(\.rawValue).sorted().joined(separator: "+") } ?? "all")
                 + (outputs.snapshots ? "+wmt" : ""))
    for s in settings { parts.append("set=\(s)") }
    return parts.joined(separator: " ")
}

/// The options a resume command repeats (` --replications 3 --seed 7 --set …`).
func commandOptions(replications: Int?, seed: UInt64?, settings: [String], outputs: OutputOptions, variant: String?) -> String {
    var text = ""
    if let variant { text += " --variant \(shellQuoted(variant))" }
    if let replications { text += " --replications \(replications)" }
    if let seed { text += " --seed \(seed)" }
    for s in settings { text += " --set \(shellQuoted(s))" }
    if !outputs.compress { text += " --no-compress" }
    if outputs.detailLevels != nil || !outputs.snapshots {
        let levels = (outputs.detailLevels.map { $0.map(\.rawValue).sorted() } ?? []) + (outputs.snapshots ? ["wmt"] : [])
        text += " --detail " + (levels.isEmpty ? "none" : levels.joined(separator: ","))
    }
    return text
}

func commandOptions(_ request: SweepRequest) -> String {
    commandOptions(replications: request.replications, seed: request.seed, settings: request.settings,
                   outputs: request.outputs, variant: nil)
}

/// The machine's limits a run's estimate is held against.
enum MachineLimits {
    static var memoryBytes: Double {
        Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Free disk for an unprivileged user where `path` (or its nearest existing parent) is.
    static func freeDiskBytes(at path: String) -> Double? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" { url.deleteLastPathComponent() }
        var s = statvfs()
        guard statvfs(url.path, &s) == 0 else { return nil }
        return Double(s.f_bavail) * Double(s.f_frsize)
    }

    /// Nil when `estimate` fits the machine, else the refusal: the estimate, and how to reduce it.
    static func refusal(_ estimate: RunEstimate, out: String, command: String) -> String? {
        var over: [String] = []
        if estimate.memoryBytes > memoryBytes {
            over.append("about \(RunEstimate.bytes(estimate.memoryBytes)) of memory, more than this machine's \(RunEstimate.bytes(memoryBytes))")
        }
        if let free = freeDiskBytes(at: out), estimate.diskBytes > free {
            over.append("about \(RunEstimate.bytes(estimate.diskBytes)) of disk, more than the \(RunEstimate.bytes(free)) free where \(out) would be")
        }
        guard !over.isEmpty else { return nil }
        return "caseflow \(command): this run would need " + over.joined(separator: " and ") + ".\n"
            + "Estimate: \(estimate.description).\n"
            + "To reduce it: fewer replications (--replications), fewer output levels (outputs.levels without practitioner or team), "
            + "outputs.wmt_snapshot: monthly or none, outputs.cadence: monthly, --detail none, a shorter horizon, or a smaller scenario; "
            + "or run it anyway with --force.\n"
    }
}
