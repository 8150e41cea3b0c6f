// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// An output directory claimed by this process for a run or a sweep.
///
/// Claiming creates the directory atomically (`mkdir`), or accepts an
/// existing one only when it is empty or is this kind of unfinished Caseflow
/// output being resumed; it takes an exclusive lock (`flock` on
/// `.caseflow.lock`, released by the system if the process dies), so two
/// processes never write into one directory; and it leaves a marker,
/// `.caseflow-run`, naming the scenario, so an unfinished run is recognised
/// as one (and resumed only with the same scenario). ``release(finished:)``
/// removes the marker of a finished run and the lock.
public final class OutputDirectory: @unchecked Sendable {
    public let url: URL
    public let marker: Marker
    /// Whether the directory held an unfinished run of the same scenario, now being resumed.
    public let resuming: Bool
    private var lockFD: Int32

    public static let lockName = ".caseflow.lock"
    public static let markerName = ".caseflow-run"
    public static let noteName = "INTERRUPTED.txt"

    /// What the marker records: enough to check a resume is of the same work.
    public struct Marker: Sendable, Equatable, Codable {
        /// `run` or `sweep`.
        public var command: String
        public var scenarioSHA256: String
        /// The options that change the results (seed, replications, point, --set, …), as text.
        public var options: String
        public init(command: String, scenarioSHA256: String, options: String) {
            self.command = command; self.scenarioSHA256 = scenarioSHA256; self.options = options
        }
    }

    /// Claims `url` for `marker`'s work. With `resume`, the directory must hold
    /// an unfinished run of the same command, scenario and options; without,
    /// it must not exist or be empty.
    public static func claim(_ url: URL, marker: Marker, resume: Bool) throws -> OutputDirectory {
        let fm = FileManager.default
        let path = url.path
        if !resume {
            do { try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) }
            catch { throw ReportError.cannotWrite(url.deletingLastPathComponent().path, reason: OutputFile.reason(error)) }
        }
        var created = false
        if !resume {
            if mkdir(path, 0o755) == 0 { created = true }
            else if errno != EEXIST { throw ReportError.cannotWrite(path, reason: OutputFile.lastError()) }
        }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReportError.cannotWrite(path, reason: "there is no such directory to resume")
        }
        guard isDirectory.boolValue else { throw ReportError.cannotWrite(path, reason: "it is a file, not a directory") }

        // The lock first, then the checks, so two processes cannot both pass them.
        let lockPath = url.appendingPathComponent(lockName).path
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReportError.cannotWrite(path, reason: OutputFile.lastError()) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, 31, 0)
            close(fd)
            let pid = Int32(String(decoding: buffer.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            throw ReportError.outputInUse(path, pid: pid)
        }
        let pidText = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pidText, pidText.count, 0)

        func refuse(_ error: ReportError) -> ReportError {
            unlink(lockPath)
            close(fd)
            if created { try? fm.removeItem(at: url) }
            return error
        }
        let markerURL = url.appendingPathComponent(markerName)
        let entries = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter { $0 != lockName }
        let finished = entries.contains("manifest.json") || (marker.command == "sweep" && entries.contains("index.csv"))
        if finished {
            throw refuse(.outputExists(path))
        }
        if resume {
            guard let data = fm.contents(atPath: markerURL.path),
                  let found = try? JSONDecoder().decode(Marker.self, from: data) else {
                throw refuse(.cannotWrite(path, reason: "it holds no unfinished caseflow \(marker.command) to resume (no \(markerName))"))
            }
            if found.command != marker.command {
                throw refuse(.cannotWrite(path, reason: "it holds an unfinished caseflow \(found.command), not a \(marker.command)"))
            }
            if found.scenarioSHA256 != marker.scenarioSHA256 {
                throw refuse(.cannotWrite(path, reason: "it was started with another scenario (the scenario file has changed since); resume with the same file or start afresh"))
            }
            if found.options != marker.options {
                throw refuse(.cannotWrite(path, reason: "it was started with other options (\(found.options)); resume with the same options (now \(marker.options))"))
            }
        } else if !entries.isEmpty {
            if entries.contains(markerName) {
                throw refuse(.cannotWrite(path, reason: "it holds an unfinished caseflow run (see \(noteName)); finish it with --resume \(path), or choose another --out"))
            }
            throw refuse(.outputNotARun(path))
        }
        let directory = OutputDirectory(url: url, marker: marker, resuming: resume, lockFD: fd)
        if !resume {
            do {
                let data = try JSONEncoder().encode(marker)
                try OutputFile.write(data + Data("\n".utf8), to: markerURL)
            } catch {
                throw refuse(error as? ReportError ?? .cannotWrite(markerURL.path, reason: OutputFile.reason(error)))
            }
        }
        return directory
    }

    private init(url: URL, marker: Marker, resuming: Bool, lockFD: Int32) {
        self.url = url; self.marker = marker; self.resuming = resuming; self.lockFD = lockFD
    }

    /// Ends the claim. A finished run loses its marker and the note of an
    /// earlier interruption; an unfinished one keeps its marker, to be resumed.
    public func release(finished: Bool) {
        if finished {
            try? FileManager.default.removeItem(at: url.appendingPathComponent(Self.markerName))
            try? FileManager.default.removeItem(at: url.appendingPathComponent(Self.noteName))
        }
        guard lockFD >= 0 else { return }
        unlink(url.appendingPathComponent(Self.lockName).path)
        close(lockFD)
        lockFD = -1
    }

    /// Writes the note an interruption leaves (never a manifest).
    public func writeNote(_ text: String) {
        // Not through OutputFile.write: that is halted once the process is stopping.
        try? Data(text.utf8).write(to: url.appendingPathComponent(Self.noteName), options: .atomic)
    }

    /// Removes this process's temporary files (`.NAME.PID.partial`) in the
    /// directory and its subdirectories one level down; with `anyProcess`, every
    /// process's (when resuming: the lock says no other process is writing here).
    public func removeTemporaries(anyProcess: Bool = false) {
        OutputFile.removeTemporaries(in: url, depth: 1, anyProcess: anyProcess)
    }
}

extension OutputFile {
    /// Removes this process's `.*.PID.partial` files (and `.*-PID.partial`) under `directory`.
    public static func removeTemporaries(in directory: URL, depth: Int, anyProcess: Bool = false) {
        let fm = FileManager.default
        let suffixes = anyProcess ? [".partial"] : [".\(getpid()).partial", "-\(getpid()).partial"]
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names {
            let child = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            let exists = fm.fileExists(atPath: child.path, isDirectory: &isDirectory)
            if name.hasPrefix("."), suffixes.contains(where: { name.hasSuffix($0) }), exists, !isDirectory.boolValue {
                unlink(child.path)
                continue
            }
            if depth > 0, exists, isDirectory.boolValue {
                removeTemporaries(in: child, depth: depth - 1, anyProcess: anyProcess)
            }
        }
    }
}
