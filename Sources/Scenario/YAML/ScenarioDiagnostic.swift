// SPDX-License-Identifier: GPL-3.0-or-later
// Diagnostics: what is wrong with an input file, where, and how to say it.
//
// Every problem found in a scenario file becomes one `ScenarioDiagnostic`,
// rendered as
//
//     FILE:LINE:COLUMN: PATH: expected WHAT, found WHAT
//
// e.g. `scenarios/pdu.yaml:14:9: demand.pdus[3].weekly_sentences: expected a
// number ≥ 0, found "lots"`. Validation collects every diagnostic in one pass
// (a `DiagnosticCollector`) and hands them over sorted by position as one
// `ScenarioDiagnostics` error. See docs/errors.md.

import Foundation

/// One problem in an input file.
///
/// `line` and `column` are 1-based, columns counted in Unicode scalars (as
/// libyaml counts them). A diagnostic about the file as a whole (it does not
/// exist, cannot be read) has `line == 0` and renders without a position.
/// `path` is the field path (`demand.pdus[3].weekly_sentences`), empty for
/// problems that belong to no field (syntax errors, an empty file).
public struct ScenarioDiagnostic: Hashable, Comparable, CustomStringConvertible, Sendable {
    /// The file name as it should be shown to the user (usually the path given on the command line).
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column in Unicode scalars; 0 when `line` is 0.
    public var column: Int
    /// The field path, `a.b[3].c`; empty when the problem belongs to no field.
    public var path: String
    /// What is wrong, usually `expected WHAT, found WHAT`.
    public var message: String

    public init(file: String, line: Int, column: Int, path: String = "", message: String) {
        self.file = file
        self.line = max(0, line)
        self.column = line > 0 ? max(1, column) : 0
        self.path = path
        self.message = message
    }

    public init(file: String, position: YAMLPosition?, path: YAMLPath = .root, message: String) {
        self.init(file: file, line: position?.line ?? 0, column: position?.column ?? 0,
                  path: path.description, message: message)
    }

    /// The position, or nil for a whole-file diagnostic.
    public var position: YAMLPosition? {
        line > 0 ? YAMLPosition(line: line, column: column) : nil
    }

    /// `FILE:LINE:COLUMN: PATH: MESSAGE`; the position is left out when
    /// `line` is 0 and the path when it is empty.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !path.isEmpty { text += path + ": " }
        return text + message
    }

    /// Orders by file, then line, then column (whole-file diagnostics first),
    /// then path and message so that the order is total and output is stable.
    public static func < (lhs: ScenarioDiagnostic, rhs: ScenarioDiagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        if lhs.column != rhs.column { return lhs.column < rhs.column }
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        return lhs.message < rhs.message
    }
}

/// The error thrown when an input file is invalid: every diagnostic found,
/// sorted by position, perhaps capped (`omittedCount` says how many more
/// there were). `description` renders one diagnostic per line, then
/// `…and N more errors` when some were left out.
public struct ScenarioDiagnostics: LocalizedError, CustomStringConvertible, Equatable, Sendable {
    /// The diagnostics, sorted by position, without repeats.
    public let diagnostics: [ScenarioDiagnostic]
    /// How many further diagnostics were found but left out (see `DiagnosticCollector.limit`).
    public let omittedCount: Int

    /// Sorts `diagnostics` and drops exact repeats.
    public init(_ diagnostics: [ScenarioDiagnostic], omittedCount: Int = 0) {
        self.diagnostics = ScenarioDiagnostics.sortedUnique(diagnostics)
        self.omittedCount = max(0, omittedCount)
    }

    /// Shorthand for a single diagnostic.
    public init(_ diagnostic: ScenarioDiagnostic) {
        self.init([diagnostic])
    }

    public var isEmpty: Bool { diagnostics.isEmpty && omittedCount == 0 }

    /// How many problems were found in all, shown or not.
    public var totalCount: Int { diagnostics.count + omittedCount }

    /// The rendered lines: one per diagnostic, then the `…and N more` line if any were left out.
    public var lines: [String] {
        var lines = diagnostics.map(\.description)
        if omittedCount > 0 {
            lines.append("…and \(omittedCount) more error\(omittedCount == 1 ? "" : "s")")
        }
        return lines
    }

    public var description: String { lines.joined(separator: "\n") }

    /// The same as `description`, for code that prints `localizedDescription`.
    public var errorDescription: String? { description }

    static func sortedUnique(_ diagnostics: [ScenarioDiagnostic]) -> [ScenarioDiagnostic] {
        var result: [ScenarioDiagnostic] = []
        result.reserveCapacity(diagnostics.count)
        for diagnostic in diagnostics.sorted() where diagnostic != result.last {
            result.append(diagnostic)
        }
        return result
    }
}

/// Collects diagnostics during one validation pass and keeps at most `limit`
/// of them: the first `limit` by position, the rest only counted.
///
/// Memory stays bounded however many problems a file has: whenever more than
/// `4 × limit` are held, the collector sorts them and keeps the first `limit`.
/// (Exact repeats are dropped, so the `…and N more` count can be a little
/// high if the same problem is reported twice beyond the limit.)
public final class DiagnosticCollector {
    /// The default cap on diagnostics shown to the user.
    public static let defaultLimit = 200

    /// The most diagnostics `result()` returns; the rest are counted.
    public let limit: Int
    private var held: [ScenarioDiagnostic] = []
    private var dropped = 0
    /// How many diagnostics were reported in all (repeats included).
    public private(set) var reportedCount = 0

    public init(limit: Int = DiagnosticCollector.defaultLimit) {
        self.limit = max(1, limit)
    }

    /// True once anything has been reported.
    public var hasErrors: Bool { reportedCount > 0 }

    public func report(_ diagnostic: ScenarioDiagnostic) {
        reportedCount += 1
        held.append(diagnostic)
        if held.count > 4 * limit { compact() }
    }

    public func report<S: Sequence>(contentsOf diagnostics: S) where S.Element == ScenarioDiagnostic {
        for diagnostic in diagnostics { report(diagnostic) }
    }

    /// Everything reported so far: sorted, without repeats, capped at `limit`.
    public func result() -> ScenarioDiagnostics {
        compact()
        return ScenarioDiagnostics(held, omittedCount: dropped)
    }

    private func compact() {
        held = ScenarioDiagnostics.sortedUnique(held)
        if held.count > limit {
            dropped += held.count - limit
            held.removeSubrange(limit...)
        }
    }
}
