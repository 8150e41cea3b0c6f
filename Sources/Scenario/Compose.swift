// SPDX-License-Identifier: GPL-3.0-or-later
// Scenarios that compose: `extends:` and `overrides:` (docs/scenario-format.md,
// "Extending a scenario").
//
// A file with `extends: PARENT` is the parent's document with this file's
// top-level blocks put in place of the parent's (a block the file gives
// replaces the parent's block whole; `metadata` is merged: `name` and
// `description` replace, assumptions are added or replace the parent's entry
// with the same id), then this file's `overrides:` applied in order. The
// parent may itself extend another file. Composition works on the YAML trees,
// before anything is read, so the composed document is validated by the same
// reader as any file.
//
// Positions. Every node keeps the position where it was written. The nodes of
// the k-th file of the chain (0 = the file named on the command line) have
// their line numbers moved up by k × `ScenarioOrigins.stride`, so a position
// says which file it is in; `ScenarioOrigins.place` turns it back into
// FILE:LINE:COLUMN when a diagnostic is reported. A problem found in a value
// the file inherited is reported at the file's own `extends:` line, saying
// which parent value it concerns; a problem in a value the file wrote that
// replaced a parent value says which parent value it replaced.

import Foundation
import Yams

/// One file a scenario extends, directly or through another.
public struct ScenarioChainFile: Sendable, Hashable {
    /// The file as diagnostics name it (its path relative to where the chain
    /// was loaded, or `national-day1.yaml` for the built-in scenario).
    public var name: String
    /// The path it was read from; nil for the built-in national scenario.
    public var path: String?
    /// Its text (for its SHA-256 in a run's manifest).
    public var text: String
}

/// Which file of a composed document each position belongs to, and notes on
/// the parent values that a file's own values replace.
struct ScenarioOrigins {
    /// Lines of the k-th file are moved up by k × stride (files are at most 16 MiB,
    /// so fewer than 17 million lines).
    static let stride = 100_000_000

    enum Placement {
        /// Reported where it is (the file on the command line; and any file for
        /// problems in its own `extends` or `overrides`).
        case own
        /// A parent's value: reported at the first file's `extends:` line.
        case inherited
        /// A value from the command line (`--set`): reported under its name, without a line.
        case withoutPosition
    }

    struct File {
        var name: String
        var placement: Placement
    }

    var files: [File]
    /// Where the first file says `extends:`.
    var extendsPosition: YAMLPosition?
    /// Document paths (as text) whose value was replaced, with what to say.
    var notes: [(path: String, note: String)] = []

    /// The file index and the position within that file.
    func locate(_ position: YAMLPosition) -> (file: Int, position: YAMLPosition) {
        let k = position.line / Self.stride
        return (k, YAMLPosition(line: position.line - k * Self.stride, column: position.column))
    }

    /// `FILE:LINE:COLUMN` of a position, for messages.
    func describe(_ position: YAMLPosition) -> String {
        let (k, local) = locate(position)
        guard k < files.count else { return "line \(position.line), column \(position.column)" }
        if files[k].placement == .withoutPosition { return files[k].name }
        return "\(files[k].name):\(local.line):\(local.column)"
    }

    /// The diagnostic as the user should see it: in the file it belongs to;
    /// an inherited value's problem at the first file's `extends:` line.
    /// `composing`: a problem of composition itself (a file's own `extends`
    /// or `overrides`), always reported where it is written.
    func place(_ d: ScenarioDiagnostic, composing: Bool = false) -> ScenarioDiagnostic {
        var d = d
        d.message = rewriteLineReferences(d.message)
        guard let position = d.position else { return d }
        let (k, local) = locate(position)
        guard k < files.count else { return d }
        let file = files[k]
        switch composing ? (file.placement == .withoutPosition ? .withoutPosition : .own) : file.placement {
        case .own:
            d.file = file.name
            d.line = local.line
            d.column = local.column
            if !composing, let note = note(for: d.path) { d.message += "; " + note }
        case .withoutPosition:
            d.file = file.name
            d.line = 0
            d.column = 0
            if !composing, let note = note(for: d.path) { d.message += "; " + note }
        case .inherited:
            d.file = files[0].name
            let at = extendsPosition ?? .start
            d.line = at.line
            d.column = at.column
            d.message += "; the value is inherited from \(file.name):\(local.line):\(local.column)"
        }
        return d
    }

    /// The note of the longest replaced path that `path` is in.
    private func note(for path: String) -> String? {
        var best: (Int, String)?
        for (p, note) in notes where Self.isWithin(path, p) {
            if best == nil || p.count > best!.0 { best = (p.count, note) }
        }
        return best?.1
    }

    static func isWithin(_ path: String, _ prefix: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        if path.count == prefix.count { return true }
        let next = path[path.index(path.startIndex, offsetBy: prefix.count)]
        return next == "." || next == "["
    }

    /// "line N, column M" in a message, where N is a moved line, becomes "FILE:LINE:COLUMN".
    private func rewriteLineReferences(_ message: String) -> String {
        guard message.contains("line ") else { return message }
        var out = ""
        var rest = Substring(message)
        while let range = rest.range(of: "line ") {
            out += rest[..<range.lowerBound]
            var after = rest[range.upperBound...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            after = after.dropFirst(digits.count)
            if let line = Int(digits), line >= Self.stride, after.hasPrefix(", column ") {
                let columnText = after.dropFirst(", column ".count).prefix { $0.isASCII && $0.isNumber }
                if let column = Int(columnText) {
                    out += describe(YAMLPosition(line: line, column: column))
                    rest = after.dropFirst(", column ".count + columnText.count)
                    continue
                }
            }
            out += "line " + digits
            rest = after
        }
        return out + rest
    }
}

/// Reading `extends:` chains and composing them into one document.
enum ScenarioComposer {
    /// The value of `extends:` that names the built-in national scenario.
    static let nationalName = "national"
    /// The longest chain of files (a file, its parent, …).
    static let maximumChain = 16
    /// Keys that compose a file rather than describe the scenario.
    static let compositionKeys = ["extends", "overrides"]

    struct Composed {
        /// The composed document (the first file's name and text).
        var source: YAMLSource
        /// The files it extends, nearest first.
        var chain: [ScenarioChainFile]
    }

    /// A file of the chain while it is being read.
    private struct Link {
        var source: YAMLSource
        var path: String?
        /// Identity for cycle detection: the resolved absolute path, or `built-in national`.
        var identity: String
        /// Its root, lines moved up by index × stride.
        var root: Node = .scalar(.init(""))
    }

    /// The document of `source` with its `extends` chain and `overrides` applied;
    /// the source itself when it has neither. `directory`: where relative
    /// `extends` paths of the first file start (its own directory).
    static func compose(_ source: YAMLSource, path: String?, settings: [String] = []) throws(ScenarioDiagnostics) -> Composed {
        guard case .mapping(let top) = source.root,
              !settings.isEmpty || top.contains(where: { compositionKeys.contains($0.key.scalar?.string ?? "") }) else {
            return Composed(source: source, chain: [])
        }

        // 1. Read the chain, first file to last ancestor.
        var links = [Link(source: source, path: path, identity: identity(of: path ?? source.fileName))]
        while true {
            let k = links.count - 1
            let current = links[k]
            guard case .mapping(let mapping) = current.source.root,
                  let (keyNode, value) = mapping.first(where: { $0.key.scalar?.string == "extends" }) else { break }
            let at = value.position ?? keyNode.position ?? .start
            func fail(_ message: String) -> ScenarioDiagnostics {
                ScenarioDiagnostics(ScenarioDiagnostic(file: current.source.fileName, position: at, path: YAMLPath([.key("extends")]),
                                                       message: message))
            }
            guard case .scalar(let scalar) = value, ResolvedScalar(scalar).kind == .string || ResolvedScalar(scalar).kind == .null,
                  !scalar.string.isEmpty else {
                throw fail("expected a scenario file to extend (a path relative to this file, or \"national\" for the built-in national scenario), found \(value.foundDescription)")
            }
            let target = scalar.string
            var parent: Link
            if target == nationalName {
                guard let url = ScenarioLoader.builtInNationalURL, let data = FileManager.default.contents(atPath: url.path) else {
                    throw fail("the built-in national scenario is missing from the installation (Scenario module resources)")
                }
                let loaded: YAMLSource
                do { loaded = try YAMLSource(data: data, fileName: ScenarioLoader.builtInNationalName) }
                catch { throw fail("the built-in national scenario cannot be read: \(error.description)") }
                parent = Link(source: loaded, path: nil, identity: "built-in national")
            } else {
                let base = current.path.map { ($0 as NSString).deletingLastPathComponent } ?? ""
                let joined = target.hasPrefix("/") || base.isEmpty ? target : (base as NSString).appendingPathComponent(target)
                let display = (joined as NSString).standardizingPath
                let loaded: YAMLSource
                do { loaded = try YAMLSource.load(path: display) }
                catch let problems {
                    if problems.diagnostics.count == 1, problems.diagnostics[0].line == 0 {
                        throw fail("expected a scenario file to extend, found \(quoted(target)): \(display): \(problems.diagnostics[0].message)")
                    }
                    var all = problems.diagnostics
                    all.append(fail("the file it extends, \(display), cannot be read (its problems are listed)").diagnostics[0])
                    throw ScenarioDiagnostics(all)
                }
                parent = Link(source: loaded, path: display, identity: identity(of: display))
            }
            if let repeated = links.firstIndex(where: { $0.identity == parent.identity }) {
                let names = links[repeated...].map(\.source.fileName) + [parent.source.fileName]
                throw fail("expected a file that does not extend itself, found a cycle: " + names.joined(separator: " → "))
            }
            if links.count >= maximumChain {
                throw fail("expected at most \(maximumChain) files in a chain of `extends`, found more (\(links.first!.source.fileName) → … → \(parent.source.fileName))")
            }
            if !parent.source.diagnostics.isEmpty {
                // A parent's duplicate keys are its own problems.
                throw ScenarioDiagnostics(parent.source.diagnostics + fail("the file it extends, \(parent.source.fileName), has problems (listed)").diagnostics)
            }
            links.append(parent)
        }

        // 2. Move each file's lines so that positions say which file they are in.
        var origins = ScenarioOrigins(files: [])
        for k in links.indices {
            links[k].root = k == 0 ? links[k].source.root : relocate(links[k].source.root, by: k * ScenarioOrigins.stride)
            origins.files.append(.init(name: links[k].source.fileName, placement: k == 0 ? .own : .inherited))
        }
        if case .mapping(let m) = source.root, let e = m.first(where: { $0.key.scalar?.string == "extends" }) {
            origins.extendsPosition = e.value.position
        }

        // 3. Fold from the last ancestor down to the first file.
        let collector = DiagnosticCollector()
        var document: Node?
        for k in links.indices.reversed() {
            let link = links[k]
            let linkSource = YAMLSource(root: link.root, basedOn: link.source)
            let reader = YAMLReader(source: linkSource)
            guard case .mapping = link.root else {
                reader.root.reportExpected("a mapping of scenario blocks")
                document = link.root
                for d in reader.result().diagnostics { collector.report(origins.place(d, composing: true)) }
                continue
            }
            var composed = link.root
            if let parent = document {
                requireOwnHeader(link, reader: reader)
                composed = merge(child: link.root, into: parent, origins: &origins)
            }
            composed = applyOverrides(of: reader.root, to: composed, origins: &origins)
            document = composed
            for d in reader.result().diagnostics { collector.report(origins.place(d, composing: true)) }
        }
        // 4. The command line's `--set PATH=VALUE`, in order, after the files.
        if !collector.hasErrors, !settings.isEmpty, let composed = document {
            document = applySettings(settings, to: composed, origins: &origins, collector: collector)
        }
        let problems = collector.result()
        if !problems.isEmpty { throw problems }

        var root = document!
        if case .mapping(let m) = root {
            let kept = m.filter { !compositionKeys.contains($0.key.scalar?.string ?? "") }.map { ($0.key, $0.value) }
            root = .mapping(Node.Mapping(kept, m.tag, m.style, m.mark))
        }
        let composed = YAMLSource(root: root, fileName: source.fileName, text: source.text,
                                  diagnostics: source.diagnostics, origins: origins)
        let chain = links.dropFirst().map { ScenarioChainFile(name: $0.source.fileName, path: $0.path, text: $0.source.text) }
        return Composed(source: composed, chain: chain)
    }

    private static func identity(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// A file that extends another still says which format it is in and names itself.
    private static func requireOwnHeader(_ link: Link, reader: YAMLReader) {
        guard let top = reader.root.mapping(allowedKeys: nil) else { return }
        _ = top.required("caseflow")  // reported as missing when absent; read with the composed document
        if let metadata = top.optional("metadata") {
            if let m = metadata.mapping(allowedKeys: nil), m.optional("name") == nil {
                metadata.report("expected a `name` in metadata, found none; a file that extends another names itself")
            }
        } else {
            reader.root.report("expected `metadata` with the scenario's `name`, found none; a file that extends another names itself")
        }
    }

    // MARK: Merging blocks

    /// The parent's document with the child's top-level blocks in place of its own.
    private static func merge(child: Node, into parent: Node, origins: inout ScenarioOrigins) -> Node {
        guard case .mapping(let childMapping) = child, case .mapping(let parentMapping) = parent else { return child }
        var pairs = parentMapping.map { ($0.key, $0.value) }.filter { !compositionKeys.contains($0.0.scalar?.string ?? "") }
        for (key, value) in childMapping {
            guard let name = key.scalar?.string, !compositionKeys.contains(name) else { continue }
            if let i = pairs.firstIndex(where: { $0.0.scalar?.string == name }) {
                let old = pairs[i].1
                if name == "metadata" {
                    pairs[i] = (key, mergeMetadata(child: value, into: old, origins: &origins))
                } else {
                    pairs[i] = (key, value)
                    origins.notes.append((name, "`\(name)` replaces the whole block of \(origins.describe(old.position ?? .start))"))
                }
            } else {
                pairs.append((key, value))
            }
        }
        return .mapping(Node.Mapping(pairs, childMapping.tag, childMapping.style, childMapping.mark))
    }

    /// `metadata`: the child's `name` and `description` replace the parent's;
    /// its assumptions are added, or replace the parent's entry with the same id.
    private static func mergeMetadata(child: Node, into parent: Node, origins: inout ScenarioOrigins) -> Node {
        guard case .mapping(let c) = child, case .mapping(let p) = parent else { return child }
        var pairs = p.map { ($0.key, $0.value) }
        for (key, value) in c {
            let name = key.scalar?.string
            guard let i = pairs.firstIndex(where: { $0.0.scalar?.string == name }) else {
                pairs.append((key, value))
                continue
            }
            guard name == "assumptions", case .sequence(let childList) = value, case .sequence(let parentList) = pairs[i].1 else {
                pairs[i] = (key, value)
                continue
            }
            var entries = Array(parentList)
            var replacedHere = Set<String>()
            func id(_ node: Node) -> String? {
                guard case .mapping(let m) = node else { return nil }
                return m.first { $0.key.scalar?.string == "id" }?.value.scalar?.string
            }
            let parentCount = entries.count
            for entry in childList {
                // An id the child gives twice is appended, for the reader to report.
                if let entryID = id(entry), !replacedHere.contains(entryID),
                   let j = entries[..<parentCount].firstIndex(where: { id($0) == entryID }) {
                    let where_ = origins.describe(entries[j].position ?? .start)
                    entries[j] = entry
                    replacedHere.insert(entryID)
                    origins.notes.append(("metadata.assumptions[\(j)]", "the entry replaces assumption \(quoted(entryID)) of \(where_)"))
                } else {
                    if let entryID = id(entry) { replacedHere.insert(entryID) }
                    entries.append(entry)
                }
            }
            pairs[i] = (key, .sequence(Node.Sequence(entries, childList.tag, childList.style, childList.mark)))
        }
        return .mapping(Node.Mapping(pairs, c.tag, c.style, c.mark))
    }

    // MARK: Overrides

    /// `overrides:` of the file at `root`, applied in order to `document`.
    private static func applyOverrides(of root: YAMLValue, to document: Node, origins: inout ScenarioOrigins) -> Node {
        guard case .mapping(let m) = root.node, let (keyNode, valueNode) = m.first(where: { $0.key.scalar?.string == "overrides" }) else {
            return document
        }
        let path = YAMLPath([.key("overrides")])
        let value = YAMLValue(node: valueNode, path: path, position: valueNode.position ?? keyNode.position ?? root.position,
                              reader: root.reader)
        let (overrides, _) = ScenarioVariants.readSet(value)
        return apply(overrides, to: document, origins: &origins) { position, path, message in
            root.reader.report(at: position, path: path, message)
        }
    }

    /// Applies overrides in order; each failure is reported at its key, and notes say
    /// which earlier value each replaced.
    static func apply(_ overrides: [ScenarioVariants.Override], to document: Node, origins: inout ScenarioOrigins,
                      report: (YAMLPosition, YAMLPath, String) -> Void) -> Node {
        var document = document
        for o in overrides {
            let old = node(at: o.components, in: document)
            switch ScenarioVariants.apply(o, to: document) {
            case .success(let changed):
                document = changed
                var target = YAMLPath(o.components)
                if o.append, case .sequence(let list)? = old {
                    target = target.appending(index: list.count)
                    let entries = list.count == 1 ? "1 entry" : "\(list.count) entries"
                    origins.notes.append((target.description, "`\(o.pathText)` appends entry [\(list.count)] to `\(YAMLPath(o.components))` (\(entries), at \(origins.describe(old?.position ?? .start)))"))
                } else if !o.append, let old, let position = old.position, origins.locate(position).file != origins.locate(o.valuePosition).file {
                    origins.notes.append((target.description, "`\(o.pathText)` overrides \(ScenarioVariants.render(old)) at \(origins.describe(position))"))
                }
            case .failure(let problem):
                report(o.keyPosition, o.documentPath, problem.message)
            }
        }
        return document
    }

    /// `--set PATH=VALUE` arguments: each value is read as YAML and applied
    /// like an override; its problems are reported under the argument's name,
    /// `--set #2 (allocation.cap=abc)`.
    private static func applySettings(_ settings: [String], to document: Node, origins: inout ScenarioOrigins,
                                      collector: DiagnosticCollector) -> Node {
        var overrides: [ScenarioVariants.Override] = []
        for (i, argument) in settings.enumerated() {
            let name = "--set #\(i + 1) (\(argument))"
            let k = origins.files.count
            origins.files.append(.init(name: name, placement: .withoutPosition))
            func fail(_ message: String) {
                collector.report(ScenarioDiagnostic(file: name, line: 0, column: 0, message: message))
            }
            guard let (pathText, valueText) = splitSetting(argument) else {
                fail("expected PATH=VALUE (such as allocation.cap=120%), found no \"=\" outside brackets")
                continue
            }
            let parsed: OverridePath.Parsed
            switch OverridePath.parse(pathText) {
            case .failure(let problem):
                fail("expected an override path such as allocation.cap, levers[0].staff.add or levers[+], found \(quoted(pathText)); \(problem.message)")
                continue
            case .success(let p):
                parsed = p
            }
            if case .key(let first)? = parsed.components.first, ScenarioVariants.pointBlocks.contains(first) {
                fail("expected an override path, found \(quoted(pathText)); `\(first)` cannot be overridden")
                continue
            }
            if valueText.trimmingWhitespace().isEmpty {
                fail("expected a value after \"=\" (YAML: 120%, 40, \"text\", { key: value }, [a, b]), found nothing")
                continue
            }
            let value: Node
            do {
                value = relocate(try YAMLSource(text: valueText, fileName: name).root, by: k * ScenarioOrigins.stride)
            } catch let problems {
                for d in problems.diagnostics {
                    var d = d
                    d.line = 0; d.column = 0
                    collector.report(d)
                }
                continue
            }
            let at = YAMLPosition(line: k * ScenarioOrigins.stride + 1, column: 1)
            let key = Node.Scalar(pathText, .implicit, .plain, makeMark(line: at.line, column: at.column))
            overrides.append(ScenarioVariants.Override(
                pathText: pathText, components: parsed.components, append: parsed.append, key: key, keyPosition: at,
                value: value, valuePosition: value.position ?? at, documentPath: .root))
        }
        let placed = origins
        return apply(overrides, to: document, origins: &origins) { position, path, message in
            collector.report(placed.place(ScenarioDiagnostic(file: "", position: position, path: path, message: message), composing: true))
        }
    }

    /// `PATH=VALUE` split at the first `=` outside brackets (a quoted key may hold one).
    static func splitSetting(_ text: String) -> (String, String)? {
        var depth = 0
        var inQuotes = false
        var previous: Character = " "
        for i in text.indices {
            let c = text[i]
            if inQuotes {
                if c == "\"" && previous != "\\" { inQuotes = false }
            } else if c == "\"" && depth > 0 {
                inQuotes = true
            } else if c == "[" {
                depth += 1
            } else if c == "]" {
                depth = max(0, depth - 1)
            } else if c == "=" && depth == 0 {
                return (String(text[..<i]), String(text[text.index(after: i)...]))
            }
            previous = c
        }
        return nil
    }

    /// The node at `components`, if there is one.
    static func node(at components: [YAMLPath.Component], in root: Node) -> Node? {
        var node = root
        for c in components {
            switch (c, node) {
            case (.key(let k), .mapping(let m)):
                guard let v = m.first(where: { $0.key.scalar?.string == k })?.value else { return nil }
                node = v
            case (.index(let i), .sequence(let s)):
                guard i < s.count else { return nil }
                node = s[i]
            default:
                return nil
            }
        }
        return node
    }

    // MARK: Moving positions

    /// `node` with every line moved up by `offset`.
    static func relocate(_ node: Node, by offset: Int) -> Node {
        func mark(_ m: Mark?) -> Mark? { m.map { makeMark(line: $0.line + offset, column: $0.column) } }
        switch node {
        case .scalar(let s):
            return .scalar(Node.Scalar(s.string, s.tag, s.style, mark(s.mark)))
        case .mapping(let m):
            return .mapping(Node.Mapping(m.map { (relocate($0.key, by: offset), relocate($0.value, by: offset)) }, m.tag, m.style, mark(m.mark)))
        case .sequence(let s):
            return .sequence(Node.Sequence(s.map { relocate($0, by: offset) }, s.tag, s.style, mark(s.mark)))
        }
    }
}

/// A Yams `Mark` at a line and column. (Yams declares `Mark` as two `Int`s
/// without a public initialiser; `ScenarioComposeTests` checks the round trip.)
func makeMark(line: Int, column: Int) -> Mark {
    unsafeBitCast((line, column), to: Mark.self)
}
