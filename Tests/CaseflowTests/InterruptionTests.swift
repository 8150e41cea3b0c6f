// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12, defects 1, 5 and 6 and the interruption work: the built binary is
// started, interrupted on purpose with SIGINT or SIGTERM, and resumed; two
// processes are pointed at one directory.
import Foundation
import Testing
@testable import caseflow
import Reports

@Suite(.serialized) struct InterruptionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/caseflow")
    static let toy = root.appendingPathComponent("scenarios/toy-team.yaml").path

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-int-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = arguments
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return (p, err)
    }

    /// Runs the binary to the end: (status, stderr).
    func run(_ arguments: [String]) throws -> (Int32, String) {
        let (p, err) = try start(arguments)
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Waits (up to 60 s) until `path` exists.
    func waitFor(_ path: String) -> Bool {
        for _ in 0..<6000 {
            if FileManager.default.fileExists(atPath: path) { return true }
            usleep(10_000)
        }
        return false
    }

    /// Every file under `dir` but manifest.json (whose times differ), by relative path.
    func dataFiles(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir.path)!
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = dir.appendingPathComponent(rel).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
               !rel.hasSuffix("manifest.json") {
                out[rel] = FileManager.default.contents(atPath: full)
            }
        }
        return out
    }

    @Test func anInterruptedRunLeavesANoteAndResumesToTheSameBytes() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else { return }
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run")
        let args = ["run", Self.toy, "--replications", "8", "--jobs", "1", "--quiet"]
        let (p, err) = try start(args + ["--out", out.path])
        #expect(waitFor(out.appendingPathComponent(".caseflow-run").path))
        // Interrupted once two replications are finished (on disk, in .replications/).
        let work = out.appendingPathComponent(RunStream.workName)
        #expect(waitFor(work.appendingPathComponent("r000001.done").path))
        p.interrupt()   // SIGINT
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130, "\(stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!names.contains("manifest.json"))
        #expect(!names.contains { $0.hasSuffix(".partial") }, "\(names)")
        let note = try String(contentsOf: out.appendingPathComponent("INTERRUPTED.txt"), encoding: .utf8)
        #expect(note.contains("interrupted (SIGINT)"))
        #expect(note.contains("no manifest.json was written"))
        #expect(note.contains("--resume"))
        let finished = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".done") }
            .map { Int($0.dropFirst().prefix(6))! }.sorted()
        #expect(finished.count >= 2 && finished.count < 8, "\(finished)")
        #expect(note.contains("Finished: \(finished.count) of 8 replication(s)"), "\(note)")
        #expect(note.contains("kept in .replications/"))

        // Without --resume the directory is refused; with it, the run finishes.
        let (again, againErr) = try run(args + ["--out", out.path])
        #expect(again == 3)
        #expect(againErr.contains("holds an unfinished caseflow run"))
        let (other, otherErr) = try run(["run", Self.toy, "--replications", "7", "--quiet", "--resume", out.path])
        #expect(other == 3, "a resume with other options is refused")
        #expect(otherErr.contains("other options"))
        // The resume runs only the replications not finished (its progress lines, not on a terminal, say which ran).
        let (resumed, resumedErr) = try run(args.filter { $0 != "--quiet" } + ["--resume", out.path])
        #expect(resumed == 0, "\(resumedErr)")
        #expect(resumedErr.contains("\(finished.count) of 8 replication(s) already finished are kept"), "\(resumedErr)")
        for r in 0..<8 {
            #expect(resumedErr.contains("replication \(r + 1) finished") == !finished.contains(r), "replication \(r + 1): \(resumedErr)")
        }
        let full = dir.appendingPathComponent("full")
        let (whole, _) = try run(args + ["--out", full.path])
        #expect(whole == 0)
        let a = dataFiles(out), b = dataFiles(full)
        #expect(Set(a.keys) == Set(b.keys))
        #expect(a == b, "a resumed run gives the same bytes as an uninterrupted one")
        #expect(a["INTERRUPTED.txt"] == nil && a[".caseflow-run"] == nil && a[".caseflow.lock"] == nil)
    }

    @Test func anInterruptedSweepKeepsItsFinishedPointsAndResumesToTheSameBytes() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else { return }
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("tiny.yaml")
        try SweepCommandTests.scenario.write(to: scenario, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("sweep")
        let args = ["sweep", scenario.path, "--replications", "6", "--jobs", "1", "--quiet"]
        let (p, err) = try start(args + ["--out", out.path])
        #expect(waitFor(out.appendingPathComponent("base/manifest.json").path))
        p.terminate()   // SIGTERM
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143, "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("index.csv").path))
        let note = try String(contentsOf: out.appendingPathComponent("INTERRUPTED.txt"), encoding: .utf8)
        #expect(note.contains("interrupted (SIGTERM)"))
        #expect(note.contains("Finished: "))
        #expect(note.contains("base"))
        let kept = try Data(contentsOf: out.appendingPathComponent("base/manifest.json"))

        let (resumed, resumedErr) = try run(args + ["--resume", out.path])
        #expect(resumed == 0, "\(resumedErr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("base/manifest.json")) == kept, "the finished point is kept as it was")
        let full = dir.appendingPathComponent("full")
        let (whole, _) = try run(args + ["--out", full.path])
        #expect(whole == 0)
        let a = dataFiles(out), b = dataFiles(full)
        #expect(Set(a.keys) == Set(b.keys))
        #expect(a == b, "a resumed sweep gives the same bytes as an uninterrupted one")
    }

    // Defect 1: two runs into one directory corrupted it.
    @Test func twoRunsCannotShareADirectory() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else { return }
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run")
        let (first, _) = try start(["run", Self.toy, "--replications", "8", "--jobs", "1", "--quiet", "--out", out.path])
        #expect(waitFor(out.appendingPathComponent(".caseflow-run").path))
        let (second, secondErr) = try run(["run", Self.toy, "--replications", "8", "--quiet", "--out", out.path])
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second == 3)
        #expect(secondErr.contains("in use by another caseflow process (pid \(first.processIdentifier))")
                || secondErr.contains("already holds a run"), "\(secondErr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
    }

    // Defect 5: a non-empty directory that is not a run was written into.
    @Test func aDirectoryThatIsNotARunIsNotWrittenInto() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("mine".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        #expect(throws: (any Error).self) {
            _ = try Reports.OutputDirectory.claim(dir, marker: .init(command: "run", scenarioSHA256: "x", options: ""), resume: false)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.txt"])
    }

    // Defect 1: default names had one-second resolution.
    @Test func defaultNamesAreUniqueToTheProcess() {
        let name = defaultOutDirectory(for: "Toy team", at: Date(timeIntervalSince1970: 0))
        #expect(name == "runs/toy-team-19700101-000000-\(getpid())")
    }
}
