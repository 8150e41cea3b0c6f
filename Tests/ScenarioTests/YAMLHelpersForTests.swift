// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Scenario

/// Loads `yaml` as file `s.yaml`, runs `body` on its root, and returns the
/// rendered diagnostics (load failures included), one string per line.
func diagnostics(_ yaml: String, limit: Int = DiagnosticCollector.defaultLimit,
                 _ body: (YAMLValue) -> Void = { _ in }) -> [String] {
    do {
        let source = try YAMLSource(text: yaml, fileName: "s.yaml")
        let reader = YAMLReader(source: source, limit: limit)
        body(reader.root)
        return reader.result().lines
    } catch {
        return error.lines
    }
}

/// The rendered diagnostics of a source that fails to load; [] if it loads.
func loadDiagnostics(_ yaml: String) -> [String] {
    do {
        _ = try YAMLSource(text: yaml, fileName: "s.yaml")
        return []
    } catch {
        return error.lines
    }
}

/// A fresh directory under the temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("caseflow-yaml-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
