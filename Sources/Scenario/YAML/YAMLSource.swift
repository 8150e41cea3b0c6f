// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a YAML file into a Yams node tree, turning every way that can fail
// into a positioned diagnostic.

import Foundation
import Yams

/// One YAML document, parsed, with where it came from.
///
/// Loading fails, throwing `ScenarioDiagnostics`, when nothing sensible can be
/// read: the file is missing or unreadable, is not UTF-8, has a YAML syntax
/// error, holds no document or more than one, or is absurdly large or deep.
/// Problems that leave a usable tree — duplicate keys — do not stop loading:
/// they are kept in `diagnostics`, and a `YAMLReader` over this source reports
/// them with everything else it finds.
///
/// Anchors and aliases are allowed: an alias stands for the anchored node
/// (positions inside it are those of the anchor). Merge keys (`<<`) are not
/// applied: `YAMLValue.mapping(allowedKeys:)` reports them as unknown keys,
/// with an explanation.
public struct YAMLSource {
    /// The name diagnostics show for this file.
    public let fileName: String
    /// The text, without a leading byte order mark.
    public let text: String
    /// The root node of the one document.
    public let root: Node
    /// Problems found while loading that did not stop it (duplicate keys), in document order.
    public let diagnostics: [ScenarioDiagnostic]
    /// For a composed document (Compose.swift): which file each position is in.
    let origins: ScenarioOrigins?

    /// Files larger than this are refused without being read (16 MiB).
    public static let maximumFileSize = 16 << 20
    /// Deepest nesting of mappings and sequences accepted.
    public static let maximumDepth = 100
    /// Most nodes a document may hold, counting every node an alias repeats.
    public static let maximumNodeCount = 1_000_000
    /// The cap on the cheap pre-parse estimate of nesting (see `TextChecks`).
    static let maximumEstimatedDepth = 500

    /// Reads and parses the file at `path`.
    ///
    /// - Parameter displayName: the name to show in diagnostics; `path` if nil.
    /// - Throws: `ScenarioDiagnostics` when the file cannot be read or parsed.
    public static func load(path: String, displayName: String? = nil) throws(ScenarioDiagnostics) -> YAMLSource {
        let name = displayName ?? path
        func fail(_ message: String) -> ScenarioDiagnostics {
            ScenarioDiagnostics(ScenarioDiagnostic(file: name, line: 0, column: 0, message: message))
        }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("cannot read the file: it does not exist")
        }
        if isDirectory.boolValue {
            throw fail("cannot read the file: it is a directory")
        }
        // Refuse anything but a regular file (a FIFO or a device could block or never end).
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let attributes = try? manager.attributesOfItem(atPath: resolved) {
            if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
                throw fail("cannot read the file: it is not a regular file")
            }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? (attributes[.size] as? UInt64).map(Int.init)
            if let size, size > maximumFileSize {
                throw fail(tooLarge(size))
            }
        }
        guard manager.isReadableFile(atPath: path) else {
            throw fail("cannot read the file: permission denied")
        }
        guard let data = manager.contents(atPath: path) else {
            throw fail("cannot read the file: read error")
        }
        return try YAMLSource(data: data, fileName: name)
    }

    /// Parses `data`, which must be UTF-8 (a leading byte order mark is dropped).
    public init(data: Data, fileName: String) throws(ScenarioDiagnostics) {
        if data.count > YAMLSource.maximumFileSize {
            throw ScenarioDiagnostics(ScenarioDiagnostic(
                file: fileName, line: 0, column: 0, message: YAMLSource.tooLarge(data.count)))
        }
        switch TextChecks.decodeUTF8(data) {
        case .success(let text):
            try self.init(text: text, fileName: fileName)
        case .failure(.wrongEncoding(let encoding)):
            throw ScenarioDiagnostics(ScenarioDiagnostic(
                file: fileName, line: 0, column: 0,
                message: "the file is \(encoding) text; save it as UTF-8"))
        case .failure(.invalidUTF8(let position, let byte)):
            throw ScenarioDiagnostics(ScenarioDiagnostic(
                file: fileName, position: position,
                message: "expected UTF-8 text, found the byte 0x\(String(byte, radix: 16, uppercase: true)); save the file as UTF-8"))
        }
    }

    /// Parses `text`. `fileName` is only used in diagnostics.
    public init(text: String, fileName: String) throws(ScenarioDiagnostics) {
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        func fail(_ position: YAMLPosition?, _ message: String) -> ScenarioDiagnostics {
            ScenarioDiagnostics(ScenarioDiagnostic(file: fileName, position: position, message: message))
        }

        if let (scalar, position) = TextChecks.firstDisallowedCharacter(in: text) {
            throw fail(position, "invalid YAML: control character \(YAMLSource.codePoint(scalar)) is not allowed")
        }
        if let position = TextChecks.nestingEstimateExceeds(YAMLSource.maximumEstimatedDepth, in: text) {
            throw fail(position, "invalid YAML: nested too deeply (at most \(YAMLSource.maximumDepth) levels are read)")
        }

        let root: Node
        do {
            let parser = try Parser(yaml: text, encoding: .utf8)
            guard let first = try parser.nextRoot() else {
                let onlyBlank = text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
                throw fail(.start, "expected a YAML document, found \(onlyBlank ? "an empty file" : "only comments")")
            }
            if let second = try parser.nextRoot() {
                throw fail(second.position,
                           "expected one YAML document, found a second one (remove the extra `---` or split the file)")
            }
            root = first
        } catch let error as ScenarioDiagnostics {
            throw error
        } catch {
            throw ScenarioDiagnostics(YAMLSource.diagnostic(forParseError: error, text: text, fileName: fileName))
        }

        // Aliases need anchors (`&name`): without one, the size is the file's own.
        let diagnostics = YAMLSource.checkTree(root, fileName: fileName, hasAliases: text.utf8.contains(UInt8(ascii: "&")))
        if let fatal = diagnostics.fatal { throw ScenarioDiagnostics(fatal) }
        self.fileName = fileName
        self.text = text
        self.root = root
        self.diagnostics = diagnostics.duplicates
        self.origins = nil
    }

    /// A composed document: `root` built from several files, named and
    /// texted as the first; `origins` places its positions.
    init(root: Node, fileName: String, text: String, diagnostics: [ScenarioDiagnostic], origins: ScenarioOrigins?) {
        self.fileName = fileName
        self.text = text
        self.root = root
        self.diagnostics = diagnostics
        self.origins = origins
    }

    static func tooLarge(_ size: Int) -> String {
        "the file is too large: \(size) bytes, more than the limit of \(maximumFileSize >> 20) MiB"
    }

    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    // MARK: Yams errors

    /// Turns an error thrown by Yams into a positioned diagnostic, keeping libyaml's wording.
    static func diagnostic(forParseError error: Error, text: String, fileName: String) -> ScenarioDiagnostic {
        func located(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ScenarioDiagnostic {
            var message = "invalid YAML: " + problem
            let position = YAMLPosition(mark)
            if let context {
                let contextPosition = YAMLPosition(context.mark)
                message += contextPosition == position
                    ? " (\(context.text))"
                    : " (\(context.text) that starts at line \(contextPosition.line), column \(contextPosition.column))"
            }
            if scalar(at: position, in: text) == "\t" {
                message += "; YAML does not allow tabs here: indent with spaces"
            }
            return ScenarioDiagnostic(file: fileName, position: position, message: message)
        }
        guard let yamlError = error as? YamlError else {
            return ScenarioDiagnostic(file: fileName, position: .start, message: "invalid YAML: \(error)")
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            return located(context, problem, mark)
        case let .reader(problem, offset, value, _):
            let position = offset.map { PositionTracker.position(ofCharacter: $0, in: text) } ?? .start
            var message = "invalid YAML: " + problem
            if value >= 0, let scalar = Unicode.Scalar(UInt32(value)) { message += " (\(codePoint(scalar)))" }
            return ScenarioDiagnostic(file: fileName, position: position, message: message)
        case .memory:
            return ScenarioDiagnostic(file: fileName, position: .start, message: "invalid YAML: out of memory while parsing")
        default:
            return ScenarioDiagnostic(file: fileName, position: .start, message: "invalid YAML: \(yamlError)")
        }
    }

    private static func scalar(at position: YAMLPosition, in text: String) -> Unicode.Scalar? {
        var tracker = PositionTracker()
        for scalar in text.unicodeScalars {
            if tracker.position == position { return scalar }
            if tracker.line > position.line { return nil }
            tracker.advance(over: scalar)
        }
        return nil
    }

    // MARK: Checks on the tree

    /// Walks the whole tree once (without recursion, every alias expanded, at
    /// most `maximumNodeCount` nodes): finds duplicate keys, and a depth or
    /// size past the limits (`fatal`).
    static func checkTree(_ root: Node, fileName: String, hasAliases: Bool = true)
        -> (duplicates: [ScenarioDiagnostic], fatal: ScenarioDiagnostic?) {
        var duplicates: [ScenarioDiagnostic] = []
        var checkedMappings = Set<YAMLPosition>()  // an aliased mapping is checked once
        var stack: [(node: Node, path: YAMLPath, depth: Int)] = [(root, .root, 0)]
        var count = 0
        while let (node, path, depth) = stack.popLast() {
            count += 1
            if count > maximumNodeCount {
                return (duplicates, ScenarioDiagnostic(
                    file: fileName, position: node.position, path: path,
                    message: "the document is too large: more than \(maximumNodeCount) values"
                        + (hasAliases ? " once aliases are expanded" : "")))
            }
            switch node {
            case .scalar:
                continue
            case .sequence(let sequence):
                if depth >= maximumDepth { return (duplicates, tooDeep(node, path, fileName)) }
                for (index, element) in sequence.enumerated().reversed() {
                    stack.append((element, path.appending(index: index), depth + 1))
                }
            case .mapping(let mapping):
                if depth >= maximumDepth { return (duplicates, tooDeep(node, path, fileName)) }
                let firstVisit = node.position.map { checkedMappings.insert($0).inserted } ?? true
                var seen: [String: YAMLPosition] = [:]
                for (key, value) in mapping.reversed() {
                    let name = key.scalar?.string
                    stack.append((value, path.appending(key: name ?? "?"), depth + 1))
                    stack.append((key, path, depth + 1))
                }
                guard firstVisit else { continue }
                for (key, _) in mapping {
                    guard case .scalar(let scalar) = key else { continue }
                    if let first = seen[scalar.string] {
                        duplicates.append(ScenarioDiagnostic(
                            file: fileName, position: key.position, path: path.appending(key: scalar.string),
                            message: "duplicate key; \(quoted(scalar.string)) is already set at line \(first.line), column \(first.column)"
                                + (scalar.string.hasSuffix("[+]") ? "; to append twice, write the overrides as a list of mappings (`- \(scalar.string): …`)" : "")))
                    } else {
                        seen[scalar.string] = key.position ?? .start
                    }
                }
            }
        }
        return (duplicates.sorted(), nil)
    }

    private static func tooDeep(_ node: Node, _ path: YAMLPath, _ fileName: String) -> ScenarioDiagnostic {
        ScenarioDiagnostic(file: fileName, position: node.position, path: path,
                           message: "nested too deeply (at most \(maximumDepth) levels are read)")
    }
}
