// SPDX-License-Identifier: GPL-3.0-or-later
// Checks made on the raw text before Yams sees it, so that bad input gets a
// positioned diagnostic rather than a crash, a hang or an unpositioned error.

import Foundation

/// Follows line and column through a text the way libyaml counts them:
/// columns in Unicode scalars; LF, CR, CR LF, NEL (U+0085), LS (U+2028) and
/// PS (U+2029) each end a line.
struct PositionTracker {
    private(set) var line = 1
    private(set) var column = 1
    private var afterCR = false

    var position: YAMLPosition { YAMLPosition(line: line, column: column) }

    /// Moves past `scalar`.
    mutating func advance(over scalar: Unicode.Scalar) {
        defer { afterCR = scalar == "\r" }
        if scalar == "\n" && afterCR { return }  // CR LF is one break
        if TextChecks.isBreak(scalar) {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    /// The position of the `offset`-th scalar of `text` (0-based).
    static func position(ofScalar offset: Int, in text: String) -> YAMLPosition {
        var tracker = PositionTracker()
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == offset { break }
            tracker.advance(over: scalar)
        }
        return tracker.position
    }

    /// The position of the `offset`-th `Character` of `text` (0-based).
    static func position(ofCharacter offset: Int, in text: String) -> YAMLPosition {
        let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) ?? text.endIndex
        return position(ofScalar: text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: index),
                        in: text)
    }
}

enum TextChecks {
    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// The characters libyaml's reader accepts (YAML 1.1 `c-printable`):
    /// tab, LF, CR, U+0020–U+007E, NEL, U+00A0–U+D7FF, U+E000–U+FFFD and U+10000 up.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
            return true
        default:
            return false
        }
    }

    enum DecodeProblem: Error {
        /// The file starts with a UTF-16 or UTF-32 byte order mark.
        case wrongEncoding(String)
        /// A byte sequence that is not UTF-8, at `position`, starting with `byte`.
        case invalidUTF8(position: YAMLPosition, byte: UInt8)
    }

    /// Decodes `data` as UTF-8, dropping a leading byte order mark, or says
    /// where the first byte that is not UTF-8 is.
    static func decodeUTF8(_ data: Data) -> Result<String, DecodeProblem> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(.wrongEncoding(
                bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) ? "UTF-32" : "UTF-16"))
        }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            return .failure(.wrongEncoding("UTF-32"))
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var iterator = bytes[start...].makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        var tracker = PositionTracker()
        var offset = start
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                tracker.advance(over: scalar)
                offset += UTF8.width(scalar)
            case .emptyInput:
                return .success(String(scalars))
            case .error:
                return .failure(.invalidUTF8(position: tracker.position, byte: bytes[offset]))
            }
        }
    }

    /// The first character libyaml would refuse, and where it is.
    static func firstDisallowedCharacter(in text: String) -> (scalar: Unicode.Scalar, position: YAMLPosition)? {
        var tracker = PositionTracker()
        for scalar in text.unicodeScalars {
            if !isAllowed(scalar) { return (scalar, tracker.position) }
            tracker.advance(over: scalar)
        }
        return nil
    }

    /// Where an upper estimate of the nesting depth first passes `limit`, if it does.
    ///
    /// libyaml takes time quadratic in the nesting depth and Yams composes
    /// nodes recursively, so a text nested a few thousand levels deep (a
    /// line of `[`) hangs or overflows the stack. This linear scan bounds the
    /// depth from above without parsing, before Yams runs:
    ///
    /// - block nesting on a line is at most `2 × indent + 4 × indicators + 4`,
    ///   where `indent` is the line's leading spaces and `indicators` the
    ///   `- `, `? ` and `: ` that open the line (`- - x`, `- key: x`): the
    ///   collections around the line start at columns up to `indent`, each
    ///   column holding at most a mapping and a sequence; on the line itself a
    ///   block collection can only start after such an indicator or at one
    ///   implicit key (libyaml stops with an error at any other). Inside a
    ///   flow collection the bound of the line where it opened holds;
    /// - flow nesting is at most twice the open brackets (`[a: [b: …]]` adds
    ///   an implicit mapping per bracket), plus one.
    ///
    /// The estimate is computed twice, once skipping quoted scalars and
    /// comments and once skipping only comments (every bracket and indicator
    /// counts), and the larger is taken, so that a bracket inside a string can
    /// neither hide nesting nor fake a closing one. Ordinary files stay far
    /// below the limit (it would take some 125 unclosed `[` or `{` inside
    /// strings to pass it); the exact depth is checked again on the composed tree.
    static func nestingEstimateExceeds(_ limit: Int, in text: String) -> YAMLPosition? {
        var tracker = PositionTracker()
        var aware = NestingCounter(skipsQuotesAndComments: true)
        var naive = NestingCounter(skipsQuotesAndComments: false)
        for scalar in text.unicodeScalars {
            aware.consume(scalar)
            naive.consume(scalar)
            if max(aware.estimate, naive.estimate) > limit { return tracker.position }
            tracker.advance(over: scalar)
        }
        return nil
    }
}

/// One pass of `TextChecks.nestingEstimateExceeds`.
private struct NestingCounter {
    enum Quote { case none, single, double }

    let skipsQuotesAndComments: Bool
    private var indent = 0
    private var atLineStart = true
    private var indicators = 0
    private var inLeadingRun = true
    private var flow = 0
    private var blockBoundWhereFlowOpened = 0
    private var previous: Unicode.Scalar?
    private var quote = Quote.none
    private var escaped = false
    private var justClosedSingleQuote = false
    private var inComment = false

    /// - Parameter skipsQuotesAndComments: skip quoted scalars as well as
    ///   comments; if false, only comments are skipped.
    init(skipsQuotesAndComments: Bool) {
        self.skipsQuotesAndComments = skipsQuotesAndComments
    }

    private var lineBlockBound: Int { 2 * indent + 4 * indicators + 4 }

    var estimate: Int {
        (flow > 0 ? blockBoundWhereFlowOpened : lineBlockBound) + 2 * flow + 1
    }

    mutating func consume(_ scalar: Unicode.Scalar) {
        defer { previous = TextChecks.isBreak(scalar) ? nil : scalar }
        let isSpace = scalar == " " || scalar == "\t"
        let isBreak = TextChecks.isBreak(scalar)

        if skipsQuotesAndComments {
            if justClosedSingleQuote {
                justClosedSingleQuote = false
                if scalar == "'" { quote = .single; return }  // '' inside a single-quoted scalar
            }
            switch quote {
            case .double:
                if isBreak { endLine() }
                if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { quote = .none }
                return
            case .single:
                if isBreak { endLine() }
                if scalar == "'" { quote = .none; justClosedSingleQuote = true }
                return
            case .none:
                break
            }
        }
        if inComment {
            if isBreak { endLine() }
            return
        }

        // Count the indicators that open the line: `-`, `?` or `:` followed by
        // white space or the line end, before anything else.
        if inLeadingRun {
            func isIndicator(_ scalar: Unicode.Scalar?) -> Bool { scalar == "-" || scalar == "?" || scalar == ":" }
            if isSpace || isBreak {
                if flow == 0, isIndicator(previous) { indicators += 1 }
            } else if !isIndicator(scalar) || isIndicator(previous) {
                inLeadingRun = false
            }
        }
        if isBreak {
            endLine()
            return
        }
        if atLineStart {
            if scalar == " " || scalar == "\t" {
                indent += 1
                return
            }
            atLineStart = false
        }
        let atTokenStart = previous == nil || previous == " " || previous == "\t"
            || previous == "[" || previous == "{" || previous == ","
            || (flow > 0 && previous == ":")
        if scalar == "#", previous == nil || previous == " " || previous == "\t" {
            inComment = true
            return
        }
        if skipsQuotesAndComments && atTokenStart {
            if scalar == "'" { quote = .single; return }
            if scalar == "\"" { quote = .double; return }
        }
        switch scalar {
        case "[", "{":
            if flow == 0 { blockBoundWhereFlowOpened = lineBlockBound }
            flow += 1
        case "]", "}":
            flow = max(0, flow - 1)
        default:
            break
        }
    }

    private mutating func endLine() {
        indent = 0
        indicators = 0
        inLeadingRun = true
        atLineStart = true
        inComment = false
    }
}
