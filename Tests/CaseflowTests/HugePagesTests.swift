// SPDX-License-Identifier: GPL-3.0-or-later
// Huge pages (docs/performance.md, "Huge pages"): when caseflow starts itself again with
// glibc's huge-page tunable, and that doing so changes no output byte.
import Foundation
import Testing
@testable import caseflow

@Suite struct HugePagesTests {
    static let madvise = "always [madvise] never\n"

    @Test func startsAgainOnlyWhenTheKernelGivesHugePagesOnRequest() {
        #expect(HugePages.tunables(optOut: nil, current: nil, kernelMode: Self.madvise) == "glibc.malloc.hugetlb=1")
        // [always]: every program has them already; [never]: nobody does; unreadable: unknown.
        #expect(HugePages.tunables(optOut: nil, current: nil, kernelMode: "[always] madvise never\n") == nil)
        #expect(HugePages.tunables(optOut: nil, current: nil, kernelMode: "always madvise [never]\n") == nil)
        #expect(HugePages.tunables(optOut: nil, current: nil, kernelMode: nil) == nil)
    }

    @Test func keepsOtherTunablesAndNeverOverridesTheUsersChoice() {
        #expect(HugePages.tunables(optOut: nil, current: "glibc.malloc.arena_max=2", kernelMode: Self.madvise)
                == "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")
        #expect(HugePages.tunables(optOut: nil, current: "", kernelMode: Self.madvise) == "glibc.malloc.hugetlb=1")
        // Already set either way (so also: the started-again process does not start again).
        #expect(HugePages.tunables(optOut: nil, current: "glibc.malloc.hugetlb=0", kernelMode: Self.madvise) == nil)
        #expect(HugePages.tunables(optOut: nil, current: "glibc.malloc.hugetlb=1", kernelMode: Self.madvise) == nil)
        #expect(HugePages.tunables(optOut: "0", current: nil, kernelMode: Self.madvise) == nil)
        #expect(HugePages.tunables(optOut: "1", current: nil, kernelMode: Self.madvise) == "glibc.malloc.hugetlb=1")
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/caseflow")

    /// Runs the built binary on the toy scenario into `out` with the given environment
    /// additions; returns its exit status.
    func run(into out: URL, environment extra: [String: String]) throws -> Int32 {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = ["run", Self.root.appendingPathComponent("scenarios/toy-team.yaml").path,
                       "--replications", "2", "--jobs", "1", "--quiet", "--out", out.path]
        var env = ProcessInfo.processInfo.environment
        env["GLIBC_TUNABLES"] = nil
        for (k, v) in extra { env[k] = v }
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Every file of a run folder but the manifest (which records times), by relative path.
    func contents(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let e = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.path.dropFirst(folder.path.count))
            if url.lastPathComponent != "manifest.json" { files[relative] = try Data(contentsOf: url) }
        }
        return files
    }

    @Test func aRunWithHugePagesWritesTheSameBytesAsOneWithout() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-thp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let with = base.appendingPathComponent("with"), without = base.appendingPathComponent("without")
        #expect(try run(into: with, environment: [:]) == 0)
        #expect(try run(into: without, environment: ["CASEFLOW_HUGE_PAGES": "0"]) == 0)
        let a = try contents(with), b = try contents(without)
        #expect(a.count > 5)
        #expect(Set(a.keys) == Set(b.keys))
        for (name, data) in a { #expect(data == b[name], "\(name) differs") }
    }

    #if os(Linux)
    @Test func theStartedAgainProcessHasTheTunable() throws {
        guard HugePages.readKernelMode()?.contains("[madvise]") == true else { return }   // nothing to check here
        // An M/M/3 of 10⁸ customers runs for minutes, long enough to read its environment
        // from /proc; it is killed as soon as that is read (SIGKILL: a child of the test
        // process may inherit SIGTERM ignored, as `run` and `sweep` ignore it while they watch
        // for it). Its arguments must be complete: a usage error ends the program within
        // microseconds of its start, and the test then passed only when a poll happened to fall
        // inside that moment.
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = ["bench", "mmc", "--arrival-rate", "10", "--service-rate", "4", "--servers", "3",
                       "--customers", "100000000"]
        var env = ProcessInfo.processInfo.environment
        env["GLIBC_TUNABLES"] = nil
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        var seen: String?
        // Up to a minute (a busy machine, and the suite's other tests starting programs too,
        // once held the program back for 30 seconds: four seconds were not enough).
        let deadline = Date().addingTimeInterval(60)
        while seen == nil && p.isRunning && Date() < deadline {
            usleep(20_000)
            if let data = FileManager.default.contents(atPath: "/proc/\(p.processIdentifier)/environ") {
                let vars = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                seen = vars.first { $0.hasPrefix("GLIBC_TUNABLES=") && $0.contains("glibc.malloc.hugetlb=1") }
            }
        }
        #expect(seen == "GLIBC_TUNABLES=glibc.malloc.hugetlb=1",
                "still running: \(p.isRunning)\(p.isRunning ? "" : ", exit status \(p.terminationStatus)")")
    }
    #endif
}
