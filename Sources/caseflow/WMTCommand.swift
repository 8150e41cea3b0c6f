// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Dispatch
import Foundation
import Probation
import Reports

struct WMT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wmt",
        abstract: "Work out Workload Measurement Tool (WMT) points and capacity for a caseload file.",
        discussion: """
        The caseload file has one row per practitioner with the columns practitioner, grade \
        (PO, PSO, PQiP or SPO), contracted_hours and reduction_hours, and any count columns: \
        community_A3 … custody_D0, t2a_community_A3 … t2a_custody_D0, the unsupervised S tiers \
        community_A3S … t2a_custody_D0S (HMPPS's default weight 0), sdr and fdr (left out \
        = 0). Other columns are ignored; a gzip file (a run's wmt_snapshot.csv.gz) is read as \
        it is. Prints CSV: practitioner, grade, workload_points, available_points, capacity_pct \
        (one decimal place; empty when the practitioner has no available points), or writes it \
        to --out. The file is read and the report written a block at a time, so a file of any \
        size takes little memory. Every problem in the input is reported on stderr with its line \
        and column (the first 200, and how many there were), and the exit status is then 2: \
        nothing is printed and no --out file is created or replaced. See docs/wmt.md.

        \(ExitStatus.help)
        """
    )

    @Argument(help: ArgumentHelp("The caseload CSV file.", valueName: "caseload.csv")) var caseload: String?
    @Option(help: ArgumentHelp("A points table CSV of name,value rows; entries left out keep HMPPS's published weightings.",
                                valueName: "points.csv")) var points: String?
    @Option(name: [.customShort("o"), .long],
            help: ArgumentHelp("Write the report to this file instead of standard output (through a temporary name, renamed into place when complete).",
                               valueName: "report.csv"))
    var out: String?
    @Flag(name: .customLong("print-points"), help: "Print the points table in use as a points file, then stop.")
    var printPoints = false

    func validate() throws {
        if caseload == nil && !printPoints {
            throw ValidationError("give a caseload file (caseload.csv), or --print-points")
        }
    }

    func run() throws {
        let status = WMTRun.main(caseloadPath: printPoints ? nil : caseload, pointsPath: points, out: out)
        if status != 0 { throw ExitCode(status) }
    }
}

/// What a `caseflow wmt` run prints and its exit status.
struct WMTOutcome: Equatable {
    var stdout = ""
    var stderr = ""
    var status: Int32 = 0
}

/// The work of `caseflow wmt`, apart from the process, so tests can call it.
enum WMTRun {
    /// Exit status for bad input.
    static let inputError: Int32 = ExitStatus.invalidInput
    /// The size of the blocks read and written.
    static let blockSize = 1 << 20

    /// Where the report goes: `out`'s temporary file, or a spool that is copied to standard
    /// output once the whole input has been read (so a bad row near the end prints nothing).
    /// Returns the exit status; messages go to standard error.
    static func main(caseloadPath: String?, pointsPath: String?, out: String?) -> Int32 {
        let outcome: WMTOutcome
        if let out, caseloadPath != nil {
            outcome = runToFile(caseloadPath: caseloadPath, pointsPath: pointsPath, out: out)
        } else {
            let spool = Spool()
            outcome = run(caseloadPath: caseloadPath, pointsPath: pointsPath, into: spool)
            if outcome.status == 0 {
                do { try spool.copy(to: FileHandle.standardOutput) }
                catch { return report(WMTOutcome(stderr: "caseflow wmt: \(error)\n", status: ExitStatus.outputFailed)) }
            }
        }
        return report(outcome)
    }

    private static func report(_ outcome: WMTOutcome) -> Int32 {
        FileHandle.standardError.write(Data(outcome.stderr.utf8))
        return outcome.status
    }

    /// Reads the files and reports, returning what would be printed (tests).
    static func run(caseloadPath: String?, pointsPath: String?) -> WMTOutcome {
        let spool = Spool()
        var outcome = run(caseloadPath: caseloadPath, pointsPath: pointsPath, into: spool)
        if outcome.status == 0 { outcome.stdout = spool.text() }
        return outcome
    }

    /// Reports on file contents given as (name, text) (tests, fuzzing).
    static func run(caseload: (name: String, text: String)?, points: (name: String, text: String)?) -> WMTOutcome {
        let spool = Spool()
        var outcome = run(caseload: caseload.map { c in (c.name, TextChunks(c.text).next) },
                          points: points.map { ($0.name, $0.text) }, into: spool)
        if outcome.status == 0 { outcome.stdout = spool.text() }
        return outcome
    }

    /// The report into `out` through `.out.PID.partial`, renamed into place when complete;
    /// on any problem the temporary is removed and `out` is left as it was.
    static func runToFile(caseloadPath: String?, pointsPath: String?, out: String) -> WMTOutcome {
        let url = URL(fileURLWithPath: out)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue {
            return WMTOutcome(stderr: "caseflow wmt: cannot write \(out): it is a directory (it is left as it is)\n",
                              status: ExitStatus.outputFailed)
        }
        let temporary = OutputFile.temporaryURL(for: url)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            return WMTOutcome(stderr: "caseflow wmt: cannot write \(out): \(OutputFile.lastError())\n", status: ExitStatus.outputFailed)
        }
        let file = FileSink(handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true), path: out)
        let cleanup = TemporaryCleanup(temporary.path)
        defer { cleanup.end() }
        var outcome = run(caseloadPath: caseloadPath, pointsPath: pointsPath, into: file)
        if outcome.status == 0 {
            do {
                try file.close()
                try OutputFile.rename(temporary, to: url)
            } catch {
                outcome = WMTOutcome(stderr: "caseflow wmt: \(error)\n", status: ExitStatus.outputFailed)
            }
        }
        if outcome.status != 0 {
            file.abandon()
            unlink(temporary.path)
        }
        return outcome
    }

    /// Reads the points file, then streams the caseload file into `sink`.
    private static func run(caseloadPath: String?, pointsPath: String?, into sink: some ReportSink) -> WMTOutcome {
        var problems: [String] = []
        var pointsText: String?
        var reader: GzipReader?
        if let p = pointsPath {
            do { pointsText = try readText(p) } catch { problems.append("\(p): \(error)") }
        }
        if let c = caseloadPath {
            do { reader = try GzipReader(path: c) } catch { problems.append(shortened(error, path: c)) }
        }
        guard problems.isEmpty else { return failure(problems) }
        let chunks = reader.map { r in
            (caseloadPath!, { () throws -> Data? in try r.read(upToCount: blockSize) })
        }
        return run(caseload: chunks, points: pointsText.map { (pointsPath!, $0) }, into: sink)
    }

    /// The caseload as blocks of bytes (`next` returns nil at the end), weighed with the
    /// points file's table (HMPPS's when there is none); with no caseload, the table itself.
    private static func run(caseload: (name: String, next: () throws -> Data?)?, points: (name: String, text: String)?,
                            into sink: some ReportSink) -> WMTOutcome {
        var problems: [String] = []
        var table = PointsTable.hmppsDefault
        if let points {
            do { table = try PointsFile.read(points.text, file: points.name) }
            catch { problems += error.problems.map(\.description) }
        }
        guard let caseload else {
            guard problems.isEmpty else { return failure(problems) }
            do { try sink.write(Array(PointsFile.write(table).utf8)) } catch { return outputFailure(error) }
            return WMTOutcome()
        }
        let reader = CaseloadReader(file: caseload.name, table: table)
        var writer = CaseloadReportWriter()
        var buffer = Array(CaseloadReportWriter.header.utf8)
        buffer.reserveCapacity(blockSize + 4096)
        let writing = problems.isEmpty
        func row(_ r: PractitionerCaseload) throws {
            guard writing else { return }
            buffer.append(contentsOf: writer.line(r).utf8)
            if buffer.count >= blockSize {
                try sink.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        var found: InputProblems?
        do {
            while true {
                let block: Data?
                do { block = try caseload.next() } catch {
                    return failure(problems + reader.problems.map(\.description) + [shortened(error, path: caseload.name)],
                                   count: problems.count + reader.problemCount + 1)
                }
                guard let block else { break }
                try block.withUnsafeBytes { raw in try reader.feed(raw.bindMemory(to: UInt8.self), onRow: row) }
            }
            found = try reader.finish(onRow: row)
            if found == nil && writing { try sink.write(buffer) }
        } catch {
            return outputFailure(error)
        }
        if let found {
            return failure(problems + found.problems.map(\.description), count: problems.count + reader.problemCount)
        }
        return problems.isEmpty ? WMTOutcome() : failure(problems)
    }

    private static func failure(_ problems: [String], count: Int? = nil) -> WMTOutcome {
        let total = count ?? problems.count
        var lines = problems
        if total > problems.count { lines.append("…and \(total - problems.count) more problem\(total - problems.count == 1 ? "" : "s")") }
        let summary = "caseflow wmt: \(total) problem\(total == 1 ? "" : "s") in the input; nothing was computed"
        return WMTOutcome(stderr: (lines + [summary]).joined(separator: "\n") + "\n", status: inputError)
    }

    private static func outputFailure(_ error: Error) -> WMTOutcome {
        WMTOutcome(stderr: "caseflow wmt: \(error)\n", status: ExitStatus.outputFailed)
    }

    private struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// `PATH: reason` for a read error (a GzipError already names the path).
    private static func shortened(_ error: Error, path: String) -> String {
        let text = "\(error)"
        return text.hasPrefix(path + ": ") ? text : "\(path): \(text)"
    }

    /// The file's text; a gzip file is decompressed.
    private static func readText(_ path: String) throws -> String {
        let data: Data
        do { data = try GzipReader.contents(of: path) } catch let e as GzipError {
            let prefix = path + ": "
            throw ReadError(description: e.description.hasPrefix(prefix) ? String(e.description.dropFirst(prefix.count)) : e.description)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadError(description: "is not UTF-8 text")
        }
        return text
    }
}

/// Text handed over in blocks, as a file would be.
private final class TextChunks {
    private let bytes: [UInt8]
    private var offset = 0
    init(_ text: String) { bytes = Array(text.utf8) }
    func next() -> Data? {
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + WMTRun.blockSize)
        defer { offset = end }
        return Data(bytes[offset..<end])
    }
}

/// Where the report's bytes go.
protocol ReportSink: AnyObject {
    func write(_ bytes: [UInt8]) throws
}

/// A file being written; the first failure is thrown (with the path and the reason).
final class FileSink: ReportSink {
    private let handle: FileHandle
    private let path: String
    private var closed = false

    init(handle: FileHandle, path: String) {
        self.handle = handle
        self.path = path
    }

    func write(_ bytes: [UInt8]) throws {
        do { try bytes.withUnsafeBytes { try handle.write(contentsOf: $0) } }
        catch { throw ReportError.cannotWrite(path, reason: OutputFile.reason(error)) }
    }

    func close() throws {
        guard !closed else { return }
        closed = true
        do {
            try handle.synchronize()
            try handle.close()
        } catch { throw ReportError.cannotWrite(path, reason: OutputFile.reason(error)) }
    }

    func abandon() {
        guard !closed else { return }
        closed = true
        try? handle.close()
    }
}

/// The report held until the input has been read in full: in memory while small, then in
/// an unnamed temporary file (so memory stays bounded whatever the size).
final class Spool: ReportSink {
    /// The most bytes held in memory.
    let memoryLimit: Int
    private var memory: [UInt8] = []
    private var file: FileHandle?

    init(memoryLimit: Int = 8 << 20) {
        self.memoryLimit = memoryLimit
    }

    /// Whether the report has gone to a temporary file.
    var onDisk: Bool { file != nil }

    func write(_ bytes: [UInt8]) throws {
        if file == nil && memory.count + bytes.count <= memoryLimit {
            memory.append(contentsOf: bytes)
            return
        }
        if file == nil {
            let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array((directory + "/caseflow-wmt-XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else {
                throw ReportError.cannotWrite(directory, reason: "cannot hold the report in a temporary file: \(OutputFile.lastError())")
            }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            file = handle
            try put(memory, directory)
            memory = []
        }
        try put(bytes, "the temporary file")
    }

    private func put(_ bytes: [UInt8], _ place: String) throws {
        do { try bytes.withUnsafeBytes { try file!.write(contentsOf: $0) } }
        catch { throw ReportError.cannotWrite(place, reason: OutputFile.reason(error)) }
    }

    /// Copies everything written to `handle`, a block at a time.
    func copy(to handle: FileHandle) throws {
        guard let file else {
            do { try memory.withUnsafeBytes { try handle.write(contentsOf: $0) } }
            catch { throw ReportError.cannotWrite("standard output", reason: OutputFile.reason(error)) }
            return
        }
        try file.seek(toOffset: 0)
        while let block = try file.read(upToCount: WMTRun.blockSize), !block.isEmpty {
            do { try handle.write(contentsOf: block) }
            catch { throw ReportError.cannotWrite("standard output", reason: OutputFile.reason(error)) }
        }
    }

    /// Everything written, as text (tests).
    func text() -> String {
        if let file {
            try? file.seek(toOffset: 0)
            return String(decoding: (try? file.readToEnd()) ?? Data(), as: UTF8.self)
        }
        return String(decoding: memory, as: UTF8.self)
    }
}

/// Removes a temporary file if the process is stopped by SIGINT or SIGTERM while it is
/// being written, and exits with 130 or 143 (docs/errors.md).
final class TemporaryCleanup: @unchecked Sendable {
    private let path: String
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var active = true

    init(_ path: String) {
        self.path = path
        for (sig, status) in [(SIGINT, ExitStatus.interrupted), (SIGTERM, ExitStatus.terminated)] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [path, lock] in
                lock.lock()
                unlink(path)
                FileHandle.standardError.write(Data("\ncaseflow wmt: interrupted; nothing was written\n".utf8))
                Foundation.exit(status)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The file is finished (or removed): signals act as usual again.
    func end() {
        lock.lock()
        for s in sources { s.cancel() }
        sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        lock.unlock()
    }
}
