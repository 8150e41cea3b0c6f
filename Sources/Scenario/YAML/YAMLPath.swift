// SPDX-License-Identifier: GPL-3.0-or-later
// Where a value is: its line and column, and its field path.

import Yams

/// A position in a YAML text: 1-based line and column, columns counted in
/// Unicode scalars, lines broken by LF, CR, CR LF, NEL, LS and PS (as libyaml does).
public struct YAMLPosition: Hashable, Comparable, CustomStringConvertible, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }

    /// The start of a text.
    public static let start = YAMLPosition(line: 1, column: 1)

    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }

    public static func < (lhs: YAMLPosition, rhs: YAMLPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

extension Node {
    /// Where the node starts, if Yams recorded it (it does for every parsed node).
    var position: YAMLPosition? { mark.map(YAMLPosition.init) }
}

/// A field path such as `demand.pdus[3].weekly_sentences`.
///
/// Keys are joined with `.`, sequence indices (0-based) written `[i]`. A key
/// that is empty or holds `.`, `[`, `]`, `"` or white space is written in
/// brackets and quotes, `rates["a.b"]`, so that a path always reads back
/// unambiguously.
public struct YAMLPath: Hashable, CustomStringConvertible, Sendable {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public private(set) var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The document root: renders as the empty string.
    public static let root = YAMLPath()

    public var isRoot: Bool { components.isEmpty }

    public func appending(key: String) -> YAMLPath {
        YAMLPath(components + [.key(key)])
    }

    public func appending(index: Int) -> YAMLPath {
        YAMLPath(components + [.index(index)])
    }

    /// The last key in the path, if the path ends with a key.
    public var lastKey: String? {
        if case .key(let key)? = components.last { return key }
        return nil
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                if YAMLPath.needsQuoting(key) {
                    text += "[" + quoted(key) + "]"
                } else {
                    if !text.isEmpty { text += "." }
                    text += key
                }
            }
        }
        return text
    }

    private static func needsQuoting(_ key: String) -> Bool {
        key.isEmpty || key.unicodeScalars.contains { scalar in
            scalar == "." || scalar == "[" || scalar == "]" || scalar == "\""
                || scalar.properties.isWhitespace || scalar.value < 0x20
        }
    }
}

/// `text` in double quotes with `"`, `\` and control characters escaped, cut
/// to about `limit` characters (with `…`) so that a diagnostic stays one short line.
func quoted(_ text: String, limit: Int = 60) -> String {
    var body = ""
    var count = 0
    for character in text {
        if count == limit {
            body += "…"
            break
        }
        count += 1
        switch character {
        case "\"": body += "\\\""
        case "\\": body += "\\\\"
        case "\n": body += "\\n"
        case "\r\n": body += "\\r\\n"
        case "\r": body += "\\r"
        case "\t": body += "\\t"
        default:
            if character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
               scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                body += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                body.append(character)
            }
        }
    }
    return "\"" + body + "\""
}
