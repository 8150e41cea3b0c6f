// SPDX-License-Identifier: GPL-3.0-or-later
// Variants and sweeps: named sets of overrides of a scenario
// (docs/scenario-format.md, "Variants and sweeps").
//
// An override sets one value of the scenario document, addressed by a path
// such as `allocation.cap` or `organisation.regions[0].pdus[2].staff.PO`.
// Overrides are applied to the YAML tree *before* it is read into a
// ModelSpec, so every point is validated by the same code as the base file;
// an override's value keeps its own position in the file, so a bad value is
// reported where the override is written, with the point it belongs to.
//
// Loading is in two passes. The first (`ScenarioVariants.prepare`, in the
// same reader as the base scenario) reads the `variants` and `sweep` blocks,
// expands the grid and resolves every override path against the document.
// The second (`ScenarioVariants.build`, once the base is valid) reads each
// point's document with a fresh reader and labels what it reports.

import Probation
import Yams

/// One override of a point: the path as written and the value as compact YAML.
public struct ScenarioOverride: Sendable, Hashable {
    /// The path as written in the file: `allocation.cap`.
    public var path: String
    /// The value in one line of flow YAML: `120%`, `{ cap: 105%, policy: round-robin }`.
    public var value: String
    /// Where the value is written.
    public var position: YAMLPosition

    /// `path=value`.
    public var description: String { "\(path)=\(value)" }
}

/// A point of a scenario: the base scenario, a variant, a grid point or a
/// list entry of the sweep, with its validated model.
public struct ScenarioPoint: Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case base, variant, grid, list
    }

    /// `base`, the variant's or list entry's name, or `grid-N`.
    public var id: String
    public var kind: Kind
    public var description: String?
    /// The overrides, in the order they are applied (empty for `base`).
    public var overrides: [ScenarioOverride]
    /// The point's world.
    public var spec: ModelSpec
    /// Dated items after the end of the horizon left out under `horizon.after_end: drop`.
    public var dropped: [ScenarioDiagnostic] = []

    /// How diagnostics name the point: `variant "x"`, `sweep point grid-3`, `the base scenario`.
    public var label: String { ScenarioVariants.label(kind: kind, id: id) }

    /// The overrides as one line, `path=value; path=value` (empty for none).
    public var overridesText: String { overrides.map(\.description).joined(separator: "; ") }
}

extension LoadedScenario {
    /// The point called `id` (`base`, a variant, a grid point or a list entry), if any.
    public func point(_ id: String) -> ScenarioPoint? {
        points.first { $0.id == id }
    }

    /// Every point id, in order (`base` first).
    public var pointIDs: [String] { points.map(\.id) }

    /// How many points of each kind the file defines.
    public func count(of kind: ScenarioPoint.Kind) -> Int {
        points.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) }
    }
}

/// Reading, expanding and applying `variants` and `sweep`.
public enum ScenarioVariants {
    /// The id of the base scenario as a point.
    public static let baseID = "base"
    /// The most points a grid may expand to.
    public static let maximumGridPoints = 10_000
    /// The blocks that define points, and those that compose files: they
    /// cannot be overridden themselves.
    static let pointBlocks = ["variants", "sweep", "extends", "overrides"]

    static func label(kind: ScenarioPoint.Kind, id: String) -> String {
        switch kind {
        case .base: return "the base scenario"
        case .variant: return "variant \(quoted(id))"
        case .grid: return "sweep point \(id)"
        case .list: return "sweep point \(quoted(id))"
        }
    }

    // MARK: First pass: definitions and paths

    /// An override as written in the file.
    struct Override {
        var pathText: String
        var components: [YAMLPath.Component]
        /// The path ends with `[+]`: the value is appended to the list `components` address.
        var append = false
        /// The key scalar as written (its mark and tag give a created key its position).
        var key: Node.Scalar
        var keyPosition: YAMLPosition
        var value: Node
        var valuePosition: YAMLPosition
        /// Where the override is written: `variants[0].set["allocation.cap"]`.
        var documentPath: YAMLPath

        var summary: ScenarioOverride {
            ScenarioOverride(path: pathText, value: ScenarioVariants.render(value), position: valuePosition)
        }
    }

    /// A point with its overrides applied to the document, ready to be read.
    struct PreparedPoint {
        var id: String
        var kind: ScenarioPoint.Kind
        var description: String?
        var overrides: [Override]
        var document: Node
    }

    /// A point as defined, before its overrides are applied.
    private struct Definition {
        var id: String
        var kind: ScenarioPoint.Kind
        var description: String?
        var overrides: [Override]
        /// Who a path error is about: `variant "x"`, `the sweep grid`.
        var pathLabel: String
        /// Something in its definition was wrong (and reported): its valid
        /// overrides are still applied, to report their problems too.
        var failed = false
    }

    /// Reads `variants` and `sweep` from the document root, expands them and
    /// applies each point's overrides to the document. Problems are reported
    /// to the root's reader; returns nil when there were any (and the base
    /// point alone when the file has neither block).
    static func prepare(_ root: YAMLValue) -> [PreparedPoint]? {
        let reader = root.reader
        let before = reader.collector.reportedCount
        guard let rootNode = root.node, case .mapping = rootNode else { return nil }
        guard let top = root.mapping(allowedKeys: nil) else { return nil }

        var definitions: [Definition] = []
        var names: [String: YAMLPosition] = [baseID: root.position]
        func claim(_ nameValue: YAMLValue, _ name: String) -> Bool {
            if name == baseID {
                nameValue.reportExpected("a point name other than \"base\"", note: "the base scenario is point \"base\"")
                return false
            }
            if let first = names[name] {
                nameValue.reportExpected("a point name not used before",
                                         note: "already used at line \(first.line), column \(first.column)")
                return false
            }
            names[name] = nameValue.position
            return true
        }

        if let list = top.optional("variants") {
            if let entries = list.sequence() {
                for entry in entries {
                    definitions.append(readNamedPoint(entry, kind: .variant, claim: claim))
                }
            }
        }
        if let sweep = top.optional("sweep"), let s = sweep.mapping(allowedKeys: ScenarioKeys.sweep) {
            if s.optional("grid") == nil && s.optional("list") == nil {
                sweep.reportExpected("a sweep with a grid or a list", note: "write `grid:`, `list:` or both")
            }
            if let grid = s.optional("grid") {
                definitions += readGrid(grid, names: &names)
            }
            if let list = s.optional("list"), let entries = list.sequence() {
                for entry in entries {
                    definitions.append(readNamedPoint(entry, kind: .list, claim: claim))
                }
            }
        }

        var prepared = [PreparedPoint(id: baseID, kind: .base, description: nil, overrides: [], document: rootNode)]
        for d in definitions {
            var document = rootNode
            var failed = d.failed
            for o in d.overrides {
                switch apply(o, to: document) {
                case .success(let changed):
                    document = changed
                case .failure(let problem):
                    failed = true
                    reader.report(at: o.keyPosition, path: o.documentPath, "in \(d.pathLabel): \(problem.message)")
                }
            }
            if !failed {
                prepared.append(PreparedPoint(id: d.id, kind: d.kind, description: d.description,
                                              overrides: d.overrides, document: document))
            }
        }
        return reader.collector.reportedCount == before ? prepared : nil
    }

    /// A variant or a sweep list entry: `{ name, description, set }`.
    private static func readNamedPoint(_ value: YAMLValue, kind: ScenarioPoint.Kind,
                                       claim: (YAMLValue, String) -> Bool) -> Definition {
        let fallbackLabel = kind == .variant ? "a variant" : "a sweep point"
        guard let m = value.mapping(allowedKeys: ScenarioKeys.point) else {
            return Definition(id: "", kind: kind, description: nil, overrides: [], pathLabel: fallbackLabel, failed: true)
        }
        let nameValue = m.required("name")
        var name = pointName(nameValue)
        if let n = name, !claim(nameValue, n) { name = nil }
        let description = m.optional("description")?.string()
        let (overrides, setFailed) = readSet(m.required("set"))
        return Definition(id: name ?? "", kind: kind, description: description, overrides: overrides,
                          pathLabel: name.map { label(kind: kind, id: $0) } ?? fallbackLabel,
                          failed: name == nil || setFailed)
    }

    /// A point name: it names a run directory, so letters, digits, `.`, `_`
    /// and `-`, starting with a letter or digit, at most 100 characters.
    private static func pointName(_ value: YAMLValue) -> String? {
        guard let text = value.string(allowEmpty: false) else { return nil }
        let expected = "a point name (letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit)"
        guard isPointName(text) else {
            value.reportExpected(expected, note: "it names the point's run directory")
            return nil
        }
        if let reserved = reservedPointNames.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) {
            value.reportExpected("a point name other than the names caseflow writes in a sweep directory (\(reservedPointNames.joined(separator: ", ")))",
                                 note: "\(quoted(reserved)) is one of them")
            return nil
        }
        return text
    }

    /// Names a sweep directory holds besides its points' run directories (any case, for
    /// file systems that ignore it).
    public static let reservedPointNames = ["index.csv", "report.html", "INTERRUPTED.txt", ".caseflow.lock", ".caseflow-run"]

    static func isPointName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 100 else { return false }
        func plain(_ s: Unicode.Scalar) -> Bool {
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
        }
        return plain(first) && text.unicodeScalars.allSatisfy { plain($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// `set:` (and a file's `overrides:`) — a mapping of override paths to
    /// values (at least one), or a list of such mappings, applied in order
    /// (so that one path, such as `levers[+]`, can be given twice): the
    /// overrides that could be read, and whether anything was wrong.
    static func readSet(_ value: YAMLValue) -> (overrides: [Override], failed: Bool) {
        if case .sequence? = value.node {
            guard let elements = value.sequence() else { return ([], true) }
            if elements.isEmpty {
                value.reportExpected("at least one override (`path: value`)")
                return ([], true)
            }
            var overrides: [Override] = []
            var failed = false
            for element in elements {
                let (some, bad) = readSet(element)
                overrides += some
                failed = failed || bad
            }
            return (overrides, failed)
        }
        guard value.mapping(allowedKeys: nil) != nil, case .mapping(let mapping)? = value.node else { return ([], true) }
        if mapping.isEmpty {
            value.reportExpected("at least one override (`path: value`)")
            return ([], true)
        }
        var overrides: [Override] = []
        var failed = false
        for (keyNode, valueNode) in entries(of: mapping) {
            if let o = readOverride(key: keyNode, value: valueNode, in: value) { overrides.append(o) } else { failed = true }
        }
        return (overrides, failed)
    }

    /// The mapping's entries with a text key, first of any repeats (the
    /// others were reported by `YAMLValue.mapping`).
    private static func entries(of mapping: Node.Mapping) -> [(Node.Scalar, Node)] {
        var seen = Set<String>()
        var result: [(Node.Scalar, Node)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode, ResolvedScalar(key).kind != .null,
                  seen.insert(key.string).inserted else { continue }
            result.append((key, valueNode))
        }
        return result
    }

    private static func readOverride(key: Node.Scalar, value: Node, in container: YAMLValue) -> Override? {
        let keyPosition = key.mark.map(YAMLPosition.init) ?? container.position
        let documentPath = container.path.appending(key: key.string)
        switch OverridePath.parse(key.string) {
        case .failure(let problem):
            container.reader.report(at: keyPosition, path: documentPath,
                                    "expected an override path such as allocation.cap, levers[0].staff.add or levers[+], found \(quoted(key.string)); \(problem.message)")
            return nil
        case .success(let parsed):
            if case .key(let first)? = parsed.components.first, pointBlocks.contains(first) {
                container.reader.report(at: keyPosition, path: documentPath,
                                        "expected an override path, found \(quoted(key.string)); `\(first)` cannot be overridden")
                return nil
            }
            return Override(pathText: key.string, components: parsed.components, append: parsed.append,
                            key: key, keyPosition: keyPosition,
                            value: value, valuePosition: value.position ?? keyPosition, documentPath: documentPath)
        }
    }

    /// `grid:` — paths to lists of values; the points are their Cartesian
    /// product, the first path varying slowest, named `grid-1`, `grid-2`, …
    private static func readGrid(_ value: YAMLValue, names: inout [String: YAMLPosition]) -> [Definition] {
        guard value.mapping(allowedKeys: nil) != nil, case .mapping(let mapping)? = value.node else { return [] }
        if mapping.isEmpty {
            value.reportExpected("at least one path with a list of values")
            return []
        }
        var axes: [(template: Override, values: [Node])] = []
        var failed = false
        for (keyNode, valueNode) in entries(of: mapping) {
            let keyPosition = keyNode.mark.map(YAMLPosition.init) ?? value.position
            let path = value.path.appending(key: keyNode.string)
            let list = YAMLValue(node: valueNode, path: path, position: valueNode.position ?? keyPosition, reader: value.reader)
            let override = readOverride(key: keyNode, value: valueNode, in: value)
            guard case .sequence(let sequence) = valueNode, !sequence.isEmpty else {
                list.reportExpected("a non-empty list of values", note: "a grid takes every combination of its lists; to sweep over lists, write a list of lists")
                failed = true
                continue
            }
            guard let override else { failed = true; continue }
            axes.append((override, Array(sequence)))
        }
        guard !failed else { return [] }
        let total = axes.reduce(1) { product, axis in
            product > maximumGridPoints ? product : product * axis.values.count
        }
        if total > maximumGridPoints {
            value.report("the grid has more than \(maximumGridPoints) points (the product of its lists' lengths); split the sweep")
            return []
        }
        let width = String(total).count
        var result: [Definition] = []
        var index = [Int](repeating: 0, count: axes.count)
        for n in 1...total {
            let digits = String(n)
            let id = "grid-" + String(repeating: "0", count: width - digits.count) + digits
            var overrides: [Override] = []
            for (a, axis) in axes.enumerated() {
                var o = axis.template
                o.value = axis.values[index[a]]
                o.valuePosition = o.value.position ?? o.keyPosition
                overrides.append(o)
            }
            if let first = names[id] {
                value.report("the grid's point \(id) has the name of another point (line \(first.line), column \(first.column)); rename that point")
            } else {
                names[id] = value.position
            }
            result.append(Definition(id: id, kind: .grid, description: nil, overrides: overrides,
                                     pathLabel: "the sweep grid"))
            // The next combination: the last axis varies fastest.
            var a = axes.count - 1
            while a >= 0 {
                index[a] += 1
                if index[a] < axes[a].values.count { break }
                index[a] = 0
                a -= 1
            }
        }
        return result
    }

    // MARK: Applying an override to the document

    struct Problem: Error {
        var message: String
    }

    /// The document with `override` applied, or what is wrong with its path.
    static func apply(_ override: Override, to root: Node) -> Result<Node, Problem> {
        do {
            return .success(try set(root, override.components[...], walked: [], override))
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(Problem(message: "\(error)"))
        }
    }

    private static func set(_ node: Node, _ rest: ArraySlice<YAMLPath.Component>, walked: [YAMLPath.Component],
                            _ override: Override) throws -> Node {
        let here = YAMLPath(walked)
        guard let component = rest.first else {
            guard override.append else { return override.value }
            guard case .sequence(let sequence) = node else {
                throw Problem(message: "`\(here)` is \(node.foundDescription), not a list, so `\(override.pathText)` cannot append to it")
            }
            return .sequence(Node.Sequence(Array(sequence) + [override.value], sequence.tag, sequence.style, sequence.mark))
        }
        let hereText = walked.isEmpty ? "the top level" : "`\(here)`"
        let remaining = rest.dropFirst()
        switch (component, node) {
        case (.key(let key), .mapping(let mapping)):
            var pairs = Array(mapping).map { ($0.key, $0.value) }
            if let i = pairs.firstIndex(where: { $0.0.scalar?.string == key }) {
                pairs[i].1 = try set(pairs[i].1, remaining, walked: walked + [component], override)
                return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
            }
            let existing = pairs.compactMap { $0.0.scalar?.string }
            let allowed = schemaKeys(at: walked)
            let keyNode = Node.scalar(Node.Scalar(key, override.key.tag, .plain, override.key.mark))
            if !remaining.isEmpty, allowed?.contains(key) == true,
               case .key? = remaining.first, schemaKeys(at: walked + [component]) != nil {
                // A missing block of the schema (`allocation`, `workforce`, …): create it.
                let empty = Node.mapping(Node.Mapping([], .implicit, .any, override.key.mark))
                pairs.append((keyNode, try set(empty, remaining, walked: walked + [component], override)))
                return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
            }
            guard remaining.isEmpty else {
                let missing = here.appending(key: key)
                var message = "`\(missing)` is not in the base scenario, so `\(override.pathText)` cannot be set on its own; set `\(missing)` to a whole value instead"
                if let suggestion = Suggestions.closest(to: key, in: existing) {
                    message = "unknown key \(quoted(key)) in \(hereText); did you mean \(quoted(suggestion))?"
                } else if let allowed, !allowed.contains(key) {
                    message = unknownKey(key, in: hereText, existing: existing, allowed: allowed)
                }
                throw Problem(message: message)
            }
            if let allowed, !allowed.contains(key) {
                throw Problem(message: unknownKey(key, in: hereText, existing: existing, allowed: allowed))
            }
            // A key the schema allows (or a free-form mapping): create it, at
            // the override's position (a list of one value for `[+]`).
            let created = override.append
                ? Node.sequence(Node.Sequence([override.value], .implicit, .any, override.value.mark ?? override.key.mark))
                : override.value
            pairs.append((keyNode, created))
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case (.index(let index), .sequence(let sequence)):
            guard index < sequence.count else {
                throw Problem(message: sequence.isEmpty
                    ? "index \(index) is out of range: `\(here)` is an empty list"
                    : "index \(index) is out of range: `\(here)` has \(sequence.count) entr\(sequence.count == 1 ? "y" : "ies") ([0] to [\(sequence.count - 1)])")
            }
            var nodes = Array(sequence)
            nodes[index] = try set(nodes[index], remaining, walked: walked + [component], override)
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark))
        case (.key(let key), .sequence):
            throw Problem(message: "\(hereText) is a list, so it has no key \(quoted(key)); write an index such as `\(here)[0]`")
        case (.index(let index), .mapping(let mapping)):
            let keys = mapping.compactMap { $0.key.scalar?.string }
            let example = keys.first.map { " such as `\(here.appending(key: $0))`" } ?? ""
            throw Problem(message: "\(hereText) is a mapping, not a list, so it has no entry [\(index)]; write a key\(example)")
        case (_, .scalar):
            throw Problem(message: "\(hereText) is a single value (\(node.foundDescription)), so `\(override.pathText)` goes inside nothing; set `\(here)` itself")
        }
    }

    private static func unknownKey(_ key: String, in hereText: String, existing: [String], allowed: [String]) -> String {
        let candidates = existing + allowed.filter { !existing.contains($0) }
        if let suggestion = Suggestions.closest(to: key, in: candidates) {
            return "unknown key \(quoted(key)) in \(hereText); did you mean \(quoted(suggestion))?"
        }
        return "unknown key \(quoted(key)) in \(hereText); expected one of " + YAMLValue.listing(allowed)
    }

    /// The keys the schema allows in the mapping at `path`, or nil when the
    /// mapping is free-form (PDU figures, tier weights, points tables), whose
    /// keys the reader checks.
    static func schemaKeys(at path: [YAMLPath.Component]) -> [String]? {
        var pattern = ""
        for component in path {
            switch component {
            case .key(let key): pattern += (pattern.isEmpty ? "" : ".") + key
            case .index: pattern += "[]"
            }
        }
        if pattern.isEmpty { return ScenarioKeys.topLevel.filter { !pointBlocks.contains($0) } }
        return blockKeys[pattern]
    }

    private static let blockKeys: [String: [String]] = {
        var keys: [String: [String]] = [:]
        for (path, names) in ScenarioKeys.blocks where !path.isEmpty { keys[path] = names }
        return keys
    }()

    // MARK: Second pass: reading each point

    /// Reads every prepared point's document; throws every problem found,
    /// each labelled with the point (or points) it arises in.
    ///
    /// Every point is validated, but not every block of it is read again: `states`
    /// holds the valid base scenario's reading state before each top-level block
    /// (`ScenarioBuilder.blockOrder`), and a point starts from the state before the
    /// first block its overrides change — the blocks before it are the base's, which
    /// were valid, and nothing in them depends on later blocks. A grid over
    /// `allocation` and `levers` so reads only those blocks and the ones after them,
    /// and shares the rest of the base's model (and its memory). With no states,
    /// each point is read in full.
    static func build(_ prepared: [PreparedPoint], source: YAMLSource, base: ModelSpec, baseDropped: [ScenarioDiagnostic] = [],
                      states: [ScenarioBuilder.State] = []) throws(ScenarioDiagnostics) -> [ScenarioPoint] {
        var points: [ScenarioPoint] = []
        // Diagnostic (as the reader gives it) → the points it arises in.
        var found: [ScenarioDiagnostic: [String]] = [:]
        var order: [ScenarioDiagnostic] = []
        for p in prepared {
            if p.kind == .base {
                points.append(ScenarioPoint(id: p.id, kind: .base, description: nil, overrides: [], spec: base, dropped: baseDropped))
                continue
            }
            let reader = YAMLReader(source: YAMLSource(root: p.document, basedOn: source))
            let builder = ScenarioBuilder(reader: reader)
            var first = 0
            if states.count == ScenarioBuilder.blockOrder.count + 1 {
                first = ScenarioBuilder.firstBlock(changedBy: p.overrides.map(\.components))
                builder.state = states[first]
                builder.changedPaths = p.overrides.map(\.components)
            }
            let contents = builder.build(reader.root, from: first)
            var diagnostics = reader.result().diagnostics
            if diagnostics.isEmpty && contents == nil {
                diagnostics = [ScenarioDiagnostic(file: source.fileName, position: .start,
                                                  message: "internal error: the point could not be read, but no problem was reported")]
            }
            for d in diagnostics {
                if found[d] == nil { order.append(d) }
                found[d, default: []].append(label(kind: p.kind, id: p.id))
            }
            if diagnostics.isEmpty, let contents {
                points.append(ScenarioPoint(id: p.id, kind: p.kind, description: p.description,
                                            overrides: p.overrides.map(\.summary), spec: contents.spec, dropped: contents.dropped))
            }
        }
        guard order.isEmpty else {
            let collector = DiagnosticCollector()
            for d in order {
                var labelled = d
                let labels = found[d]!
                let who = labels.count == 1 ? labels[0]
                    : "\(labels.count) points (" + (labels.count <= 4 ? labels.joined(separator: ", ")
                                                    : labels.prefix(3).joined(separator: ", ") + ", …") + ")"
                labelled.message = "in \(who): " + d.message
                collector.report(labelled)
            }
            throw collector.result()
        }
        return points
    }

    // MARK: Rendering values

    /// A value as one line of flow YAML, for listings and index.csv.
    static func render(_ node: Node, nested: Bool = false) -> String {
        switch node {
        case .scalar(let scalar):
            let resolved = ResolvedScalar(scalar)
            if resolved.kind == .null { return "null" }
            let text = scalar.string
            let quoteNeeded = scalar.style != .plain && scalar.style != .any
                || text.isEmpty || text.first == " " || text.last == " "
                || text.contains(where: { $0 == "\n" || $0 == "\"" || $0 == "#" })
                || (nested && text.contains(where: { ",[]{}:".contains($0) }))
            return quoteNeeded ? doubleQuoted(text) : text
        case .mapping(let mapping):
            let items = mapping.map { render($0.key, nested: true) + ": " + render($0.value, nested: true) }
            return items.isEmpty ? "{}" : "{ " + items.joined(separator: ", ") + " }"
        case .sequence(let sequence):
            return "[" + sequence.map { render($0, nested: true) }.joined(separator: ", ") + "]"
        }
    }

    private static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Override paths: `allocation.cap`, `organisation.regions[0].pdus[2].staff.PO`,
/// `demand.sentences_per_week.900`, and keys in quotes where they hold `.`
/// or brackets: `rates["a.b"]` (as `YAMLPath` writes them). A path may end
/// with `[+]`, which appends its value to the list before it: `levers[+]`.
enum OverridePath {
    struct Problem: Error {
        var message: String
    }

    struct Parsed: Equatable {
        var components: [YAMLPath.Component]
        /// The path ended with `[+]` (not among `components`).
        var append: Bool
    }

    static func parse(_ text: String) -> Result<Parsed, Problem> {
        let s = Array(text.unicodeScalars)
        var components: [YAMLPath.Component] = []
        var i = 0
        var append = false
        func fail(_ message: String) -> Result<Parsed, Problem> { .failure(Problem(message: message)) }
        if s.isEmpty { return fail("the path is empty") }
        var expectKey = true   // at the start and after a dot
        while i < s.count {
            let c = s[i]
            if append { return fail("`[+]` appends to a list, so it must end the path") }
            if c == "[" {
                if expectKey && !components.isEmpty { return fail("a key is missing before \"[\" (column \(i + 1) of the path)") }
                i += 1
                if i < s.count, s[i] == "\"" {
                    // A quoted key.
                    i += 1
                    var key = ""
                    var closed = false
                    while i < s.count {
                        if s[i] == "\\", i + 1 < s.count { key.unicodeScalars.append(s[i + 1]); i += 2; continue }
                        if s[i] == "\"" { closed = true; i += 1; break }
                        key.unicodeScalars.append(s[i]); i += 1
                    }
                    guard closed, i < s.count, s[i] == "]" else { return fail("a quoted key in brackets must end with \"]") }
                    i += 1
                    components.append(.key(key))
                } else {
                    var digits = ""
                    while i < s.count, s[i] != "]" { digits.unicodeScalars.append(s[i]); i += 1 }
                    guard i < s.count else { return fail("\"[\" without a closing \"]\"") }
                    i += 1
                    if digits == "+" {
                        if components.isEmpty { return fail("`[+]` needs a list before it, such as `levers[+]`") }
                        append = true
                        expectKey = false
                        continue
                    }
                    guard !digits.isEmpty, digits.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }),
                          let index = Int(digits) else {
                        return fail("expected a list index (a whole number ≥ 0, or + to append) in brackets, found \(quoted("[" + digits + "]"))")
                    }
                    components.append(.index(index))
                }
                expectKey = false
            } else if c == "." {
                if expectKey { return fail(components.isEmpty ? "the path starts with \".\"" : "two dots in a row") }
                expectKey = true
                i += 1
            } else if c == "]" {
                return fail("\"]\" without an opening \"[\"")
            } else {
                if !expectKey { return fail("a \".\" is missing before \(quoted(String(c))) (column \(i + 1) of the path)") }
                var key = ""
                while i < s.count, s[i] != ".", s[i] != "[", s[i] != "]" { key.unicodeScalars.append(s[i]); i += 1 }
                let trimmed = key.trimmingWhitespace()
                if trimmed != key { return fail("a key has spaces around it") }
                components.append(.key(key))
                expectKey = false
            }
        }
        if expectKey { return fail("the path ends with \".\"") }
        guard case .key = components.first else { return fail("a path starts with a key of the top level, such as `levers[0]`") }
        return .success(Parsed(components: components, append: append))
    }
}

extension YAMLSource {
    /// `source` with another document tree (a point's): same file name and
    /// text; the load-time diagnostics stay with the original.
    init(root: Node, basedOn source: YAMLSource) {
        self.init(root: root, fileName: source.fileName, text: source.text, diagnostics: [], origins: source.origins)
    }
}
