// SPDX-License-Identifier: GPL-3.0-or-later
// Walking a YAML tree with typed accessors that collect every error in one pass.
//
//     let horizon = try YAMLReader.read(source) { root in
//         let top = root.mapping(allowedKeys: ["horizon"])
//         let h = top?.required("horizon").mapping(allowedKeys: ["start", "length"])
//         let start = h?.required("start").date()
//         let length = h?.required("length").duration(defaultUnit: .weeks)
//         guard let start, let length else { return nil }
//         return (start, length)
//     }
//
// Accessors never throw: a value of the wrong kind is reported (`PATH:
// expected WHAT, found WHAT`) and the accessor returns nil, so the walk goes
// on and every error in the file is found. Read every field first, then
// combine them, as above: an early `guard … else { return nil }` after the
// first field would skip the rest and hide their errors.

import Yams

/// Reads one YAML document, collecting diagnostics. Start from `root` (or use
/// `read(_:limit:_:)`), then call `finish()` or `result()`.
public final class YAMLReader {
    /// The name diagnostics show for the file.
    public let fileName: String
    /// Where diagnostics go; at most `limit` are kept.
    public let collector: DiagnosticCollector
    private let rootNode: Node
    /// For a composed document: where each position is (Compose.swift).
    let origins: ScenarioOrigins?
    /// Required keys found missing and not yet reported by a typed accessor: path → position.
    private var pendingMissing: [YAMLPath: YAMLPosition] = [:]
    private var pendingMissingOrder: [YAMLPath] = []

    /// A reader over `source`; the source's own diagnostics (duplicate keys) are reported first.
    public init(source: YAMLSource, limit: Int = DiagnosticCollector.defaultLimit) {
        fileName = source.fileName
        rootNode = source.root
        origins = source.origins
        collector = DiagnosticCollector(limit: limit)
        collector.report(contentsOf: source.diagnostics)
    }

    /// The document's root value.
    public var root: YAMLValue {
        YAMLValue(node: rootNode, path: .root, position: rootNode.position ?? .start, reader: self)
    }

    /// Records a problem at `position`.
    public func report(at position: YAMLPosition?, path: YAMLPath, _ message: String) {
        let diagnostic = ScenarioDiagnostic(file: fileName, position: position, path: path, message: message)
        collector.report(origins?.place(diagnostic) ?? diagnostic)
    }

    /// True once any problem has been found (including pending missing keys).
    public var hasErrors: Bool { collector.hasErrors || !pendingMissing.isEmpty }

    /// Everything found so far, sorted and capped. Required keys that were
    /// found missing but never read are reported now, as `expected a value`.
    public func result() -> ScenarioDiagnostics {
        for path in pendingMissingOrder {
            if let position = pendingMissing.removeValue(forKey: path) {
                report(at: position, path: path, "expected a value, found nothing (the key is missing)")
            }
        }
        pendingMissingOrder.removeAll()
        return collector.result()
    }

    /// Throws everything found, if anything was.
    public func finish() throws(ScenarioDiagnostics) {
        let diagnostics = result()
        if !diagnostics.isEmpty { throw diagnostics }
    }

    /// Runs `body` on the root of `source` and returns its value, or throws
    /// every problem found. `body` returns nil when it could not build its
    /// value, which it may only do after something was reported.
    public static func read<T>(_ source: YAMLSource, limit: Int = DiagnosticCollector.defaultLimit,
                               _ body: (YAMLValue) -> T?) throws(ScenarioDiagnostics) -> T {
        let reader = YAMLReader(source: source, limit: limit)
        let value = body(reader.root)
        try reader.finish()
        guard let value else {
            throw ScenarioDiagnostics(ScenarioDiagnostic(
                file: source.fileName, position: .start,
                message: "internal error: the file could not be read, but no problem was reported"))
        }
        return value
    }

    /// Loads the file at `path` and reads it with `body`: `load(path:)` then `read(_:limit:_:)`.
    public static func read<T>(path: String, displayName: String? = nil,
                               limit: Int = DiagnosticCollector.defaultLimit,
                               _ body: (YAMLValue) -> T?) throws(ScenarioDiagnostics) -> T {
        try read(YAMLSource.load(path: path, displayName: displayName), limit: limit, body)
    }

    fileprivate func noteMissing(_ path: YAMLPath, at position: YAMLPosition) {
        if pendingMissing.updateValue(position, forKey: path) == nil { pendingMissingOrder.append(path) }
    }

    fileprivate func clearMissing(_ path: YAMLPath) {
        pendingMissing.removeValue(forKey: path)
    }
}

/// A place in the document being read: a node (or a required key that is
/// absent), its path and its position. Typed accessors check the node,
/// report what is wrong and return nil.
///
/// For an absent required key `node` is nil and `position` is that of the
/// mapping that should hold it; its accessors report `expected WHAT, found
/// nothing (the key is missing)` there.
public struct YAMLValue {
    /// The node; nil when this is a required key that is absent.
    public let node: Node?
    /// Where the value is in the document: `demand.pdus[3].weekly_sentences`.
    public let path: YAMLPath
    /// Where the node starts; for an absent key, where its mapping starts.
    public let position: YAMLPosition
    /// The reader this value reports to.
    public let reader: YAMLReader

    init(node: Node?, path: YAMLPath, position: YAMLPosition, reader: YAMLReader) {
        self.node = node
        self.path = path
        self.position = position
        self.reader = reader
    }

    /// The position, as the `(line, column)` libyaml gave it.
    public var line: Int { position.line }
    public var column: Int { position.column }

    /// True for an absent required key.
    public var isMissing: Bool { node == nil }

    /// True for an absent key or a null (`~`, `null`, nothing).
    public var isNull: Bool {
        guard let node else { return true }
        if case .scalar(let scalar) = node { return ResolvedScalar(scalar).kind == .null }
        return false
    }

    /// How the value is described after "found": `"lots"`, `a mapping`, `a list`, `nothing`.
    public var found: String {
        guard let node else { return "nothing (the key is missing)" }
        return node.foundDescription
    }

    /// Reports `message` at this value.
    public func report(_ message: String) {
        reader.clearMissing(path)
        reader.report(at: position, path: path, message)
    }

    /// Reports `expected EXPECTED, found WHAT-IS-HERE` (then `; NOTE` if given) at this value.
    public func reportExpected(_ expected: String, note: String? = nil) {
        report("expected \(expected), found \(found)" + (note.map { "; " + $0 } ?? ""))
    }

    // MARK: Collections

    /// The mapping here, or nil (reported) if it is something else.
    ///
    /// - Parameter allowedKeys: the keys it may have; any other key is
    ///   reported, with a suggestion when one allowed key is close, and left
    ///   out of the result. Nil allows every key.
    ///
    /// Keys must be scalars (a non-scalar or null key is reported and left
    /// out). A repeated key keeps its first value; the repeat was reported
    /// when the source was loaded.
    public func mapping(allowedKeys: [String]? = nil) -> YAMLMapping? {
        guard case .mapping(let mapping)? = node else {
            reportExpected("a mapping")
            return nil
        }
        reader.clearMissing(path)
        let allowed = allowedKeys.map(Set.init)
        var entries: [YAMLMapping.Entry] = []
        var index: [String: Int] = [:]
        for (keyNode, valueNode) in mapping {
            let keyPosition = keyNode.position ?? position
            guard case .scalar(let keyScalar) = keyNode, ResolvedScalar(keyScalar).kind != .null else {
                reader.report(at: keyPosition, path: path, "expected a key name, found \(keyNode.foundDescription)")
                continue
            }
            let key = keyScalar.string
            if index[key] != nil { continue }  // duplicate: reported by YAMLSource
            if let allowed, let allowedKeys, !allowed.contains(key) {
                reader.report(at: keyPosition, path: path.appending(key: key),
                              YAMLValue.unknownKeyMessage(key, allowedKeys))
                continue
            }
            index[key] = entries.count
            entries.append(YAMLMapping.Entry(
                key: key, keyPosition: keyPosition,
                value: YAMLValue(node: valueNode, path: path.appending(key: key),
                                 position: valueNode.position ?? keyPosition, reader: reader)))
        }
        return YAMLMapping(value: self, entries: entries, index: index)
    }

    static func unknownKeyMessage(_ key: String, _ allowedKeys: [String]) -> String {
        if key == "<<" {
            return "unknown key; merge keys (<<) are not supported: write the keys out, or alias the whole mapping"
        }
        if let suggestion = Suggestions.closest(to: key, in: allowedKeys) {
            return "unknown key; did you mean \(quoted(suggestion))?"
        }
        if allowedKeys.isEmpty { return "unknown key; no keys are allowed here" }
        return "unknown key; expected one of " + listing(allowedKeys)
    }

    /// The elements of the sequence here, with paths `[0]`, `[1]`, …, or nil (reported).
    public func sequence() -> [YAMLValue]? {
        guard case .sequence(let sequence)? = node else {
            reportExpected("a list")
            return nil
        }
        reader.clearMissing(path)
        return sequence.enumerated().map { index, element in
            YAMLValue(node: element, path: path.appending(index: index),
                      position: element.position ?? position, reader: reader)
        }
    }

    /// Reads every element with `transform`, in order. Nil if this is not a
    /// list or any element gave nil (every element is read regardless, so all
    /// their errors are reported).
    public func sequence<T>(_ transform: (YAMLValue) -> T?) -> [T]? {
        guard let elements = sequence() else { return nil }
        var result: [T] = []
        var failed = false
        for element in elements {
            if let value = transform(element) { result.append(value) } else { failed = true }
        }
        return failed ? nil : result
    }

    // MARK: Scalars

    /// The scalar here, resolved; reports `expected EXPECTED` and returns nil for anything else.
    func resolvedScalar(expected: @autoclosure () -> String) -> ResolvedScalar? {
        guard case .scalar(let scalar)? = node else {
            reportExpected(expected())
            return nil
        }
        let resolved = ResolvedScalar(scalar)
        if resolved.kind == .null {
            reportExpected(expected())
            return nil
        }
        reader.clearMissing(path)
        return resolved
    }

    /// A note for a quoted (or `!!str`) scalar that would have been right unquoted.
    static func quotedNote(_ scalar: ResolvedScalar, wouldFit: (ResolvedScalar.Kind) -> Bool) -> String? {
        guard scalar.isQuoted || scalar.isTaggedText, wouldFit(ResolvedScalar.resolvePlain(scalar.text)) else {
            return nil
        }
        return scalar.isQuoted ? "it is in quotes, so it is text: remove the quotes"
            : "it is tagged !!str, so it is text: remove the tag"
    }

    /// The text of the scalar here. Any non-null scalar is accepted, as
    /// written (`12` reads as "12"); mappings, lists and null are reported.
    /// With `allowEmpty: false` — names, codes and identifiers — the text
    /// must also hold no control characters (a quoted `"\0"` or `"\t"`):
    /// names are written into CSV files and terminals.
    public func string(allowEmpty: Bool = true) -> String? {
        guard let scalar = resolvedScalar(expected: "text") else { return nil }
        if !allowEmpty && scalar.text.trimmingWhitespace().isEmpty {
            reportExpected("non-empty text")
            return nil
        }
        if !allowEmpty, let c = scalar.text.unicodeScalars.first(where: YAMLValue.isControl) {
            reportExpected("a name without control characters",
                           note: "it holds U+\(String(String(c.value, radix: 16, uppercase: true).paddedLeft(to: 4)))")
            return nil
        }
        return scalar.text
    }

    /// C0 and C1 control characters and DEL.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || (0x7F...0x9F).contains(c.value)
    }

    /// The integer here, within `min...max` when given. Quoted digits are text
    /// and are reported; so are `1.5` and numbers too large for `Int`.
    public func int(min: Int? = nil, max: Int? = nil) -> Int? {
        let expected = "a whole number" + YAMLValue.range(min.map(String.init), max.map(String.init))
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        guard scalar.kind == .int, let value = scalar.intValue else {
            let note = scalar.kind == .int ? "it is too large"
                : YAMLValue.quotedNote(scalar) { $0 == .int }
            reportExpected(expected, note: note)
            return nil
        }
        if let min, value < min { reportExpected(expected); return nil }
        if let max, value > max { reportExpected(expected); return nil }
        return value
    }

    /// The number here (an integer or a float), finite and within
    /// `min...max` when given. Quoted numbers are text and are reported.
    public func double(min: Double? = nil, max: Double? = nil) -> Double? {
        let expected = "a number" + YAMLValue.range(min.map(YAMLValue.format), max.map(YAMLValue.format))
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        guard scalar.kind == .int || scalar.kind == .float, let value = scalar.doubleValue, value.isFinite else {
            reportExpected(expected, note: YAMLValue.quotedNote(scalar) { $0 == .int || $0 == .float })
            return nil
        }
        if let min, value < min { reportExpected(expected); return nil }
        if let max, value > max { reportExpected(expected); return nil }
        return value
    }

    /// `true` or `false` (YAML 1.2: `yes`, `no`, `on`, `off` are text, and reported).
    public func bool() -> Bool? {
        let expected = "true or false"
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        guard scalar.kind == .bool, let value = scalar.boolValue else {
            reportExpected(expected, note: YAMLValue.quotedNote(scalar) { $0 == .bool })
            return nil
        }
        return value
    }

    /// A calendar date written `YYYY-MM-DD`, quoted or not. Dates that do not
    /// exist (`2021-02-29`, `2021-13-01`) are reported with the reason.
    public func date() -> YAMLDate? {
        let expected = "a date (YYYY-MM-DD)"
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        switch YAMLDate.parse(scalar.text) {
        case .success(let date):
            return date
        case .failure(.notADate):
            reportExpected(expected)
        case .failure(.noSuchDate(let reason)):
            reportExpected(expected, note: reason)
        }
        return nil
    }

    /// A duration: `5 years`, `18 months`, `26 weeks`, `10 days`,
    /// `10 working days` (singular or plural). A bare whole number is read in
    /// `defaultUnit`, and is an error when that is nil.
    public func duration(defaultUnit: YAMLDuration.Unit? = nil) -> YAMLDuration? {
        let expected = defaultUnit.map { "a number of \($0.rawValue) or a duration such as \"18 months\"" }
            ?? "a duration such as \"26 weeks\" or \"5 years\""
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        if scalar.kind == .int, scalar.intValue.map({ $0 < 0 }) == true {
            reportExpected(expected, note: "a duration cannot be negative")
            return nil
        }
        switch YAMLDuration.parse(scalar.text, defaultUnit: defaultUnit) {
        case .success(let duration):
            return duration
        case .failure(.missingUnit):
            reportExpected(expected, note: "add a unit: days, working days, weeks, months or years")
        case .failure(.fractional):
            reportExpected(expected, note: "use a whole number, in a smaller unit if need be")
        case .failure(.notADuration(let suggestion)):
            reportExpected(expected, note: suggestion.map { "did you mean \(quoted($0))?" })
        }
        return nil
    }

    /// A percentage from 0 to 100: a number (`35`, `12.5`) or text ending in
    /// `%` (`35%`, `"12.5 %"`). Returns the percentage itself (35 for 35%),
    /// not a fraction.
    public func percentage() -> Double? {
        let expected = "a percentage from 0 to 100 (35 or \"35%\")"
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        var value: Double?
        switch scalar.kind {
        case .int, .float:
            value = scalar.doubleValue
        case .string:
            let text = scalar.text.trimmingWhitespace()
            if text.hasSuffix("%") {
                let number = String(text.dropLast()).trimmingWhitespace()
                if ResolvedScalar.parseInt(number) != nil || ResolvedScalar.parseFloat(number) != nil {
                    value = ResolvedScalar.parseFloat(number) ?? ResolvedScalar.parseInt(number)?.1
                }
            }
        case .bool, .null:
            break
        }
        guard let value, value.isFinite, value >= 0, value <= 100 else {
            reportExpected(expected, note: value == nil
                ? YAMLValue.quotedNote(scalar) { $0 == .int || $0 == .float } : nil)
            return nil
        }
        return value
    }

    /// One of `allowed`, exactly (case matters), quoted or not; anything else
    /// is reported, with a suggestion when one of `allowed` is close.
    public func enumValue(of allowed: [String]) -> String? {
        let expected = "one of " + YAMLValue.listing(allowed)
        guard let scalar = resolvedScalar(expected: expected) else { return nil }
        if allowed.contains(scalar.text) { return scalar.text }
        reportExpected(expected, note: Suggestions.closest(to: scalar.text, in: allowed)
            .map { "did you mean \(quoted($0))?" })
        return nil
    }

    /// A case of a string-valued enumeration, by raw value (see `enumValue(of:)`).
    public func enumValue<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> E? where E.RawValue == String {
        enumValue(of: E.allCases.map(\.rawValue)).flatMap(E.init(rawValue:))
    }

    // MARK: Wording

    static func range(_ min: String?, _ max: String?) -> String {
        switch (min, max) {
        case let (min?, max?): return " between \(min) and \(max)"
        case let (min?, nil): return " ≥ \(min)"
        case let (nil, max?): return " ≤ \(max)"
        case (nil, nil): return ""
        }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// `"a", "b" or "c"`; past 12 items, the first 12 then `…`.
    static func listing(_ items: [String]) -> String {
        let shown = items.prefix(12).map { quoted($0) }
        if items.count > 12 { return shown.joined(separator: ", ") + ", …" }
        if shown.count <= 1 { return shown.first ?? "nothing" }
        return shown.dropLast().joined(separator: ", ") + " or " + shown.last!
    }
}

/// A mapping being read: its entries in document order, looked up by key.
public struct YAMLMapping {
    /// One key and its value.
    public struct Entry {
        public let key: String
        /// Where the key is written.
        public let keyPosition: YAMLPosition
        public let value: YAMLValue
    }

    /// The mapping itself (its path and position).
    public let value: YAMLValue
    /// The entries, in document order: allowed keys only, first of any repeats.
    public let entries: [Entry]
    private let index: [String: Int]

    init(value: YAMLValue, entries: [Entry], index: [String: Int]) {
        self.value = value
        self.entries = entries
        self.index = index
    }

    public var path: YAMLPath { value.path }
    public var position: YAMLPosition { value.position }

    /// The keys, in document order.
    public var keys: [String] { entries.map(\.key) }

    public func contains(_ key: String) -> Bool { index[key] != nil }

    /// The value under `key`, null included, or nil when the key is absent. Reports nothing.
    public subscript(key: String) -> YAMLValue? {
        index[key].map { entries[$0].value }
    }

    /// The value under `key`. When the key is absent the returned value has
    /// no node and sits at this mapping's position; the accessor then called
    /// on it reports `expected WHAT, found nothing (the key is missing)`.
    public func required(_ key: String) -> YAMLValue {
        if let value = self[key] { return value }
        let path = self.path.appending(key: key)
        value.reader.noteMissing(path, at: position)
        return YAMLValue(node: nil, path: path, position: position, reader: value.reader)
    }

    /// The value under `key`, or nil when the key is absent or its value is
    /// null (`key:` with nothing after it, `~`).
    public func optional(_ key: String) -> YAMLValue? {
        guard let value = self[key], !value.isNull else { return nil }
        return value
    }
}

extension String {
    /// The string with `0`s in front up to `width` characters.
    func paddedLeft(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
