// SPDX-License-Identifier: GPL-3.0-or-later
// What a scalar means: YAML 1.2 core-schema resolution of Yams' scalars.

import Yams

/// A scalar resolved by the YAML 1.2 core schema.
///
/// Only plain (unquoted) scalars without a tag are resolved: `~`, `null` and
/// nothing are null; `true`/`false` (also `True`, `TRUE`, …) are booleans;
/// `12`, `-3`, `0x1F`, `0o17` are integers; `1.5`, `2e3`, `.inf` are floats.
/// Anything else — and every quoted or block scalar — is text, so `"12"` is
/// the text 12, not a number, and `yes`/`no`/`on`/`off` are text (they are
/// booleans only in YAML 1.1). The standard tags `!!str`, `!!int`,
/// `!!float`, `!!bool` and `!!null` are honoured; other tags are ignored.
struct ResolvedScalar {
    enum Kind: Equatable {
        case null, bool, int, float, string
    }

    let text: String
    let kind: Kind
    /// The scalar was written in quotes (single or double).
    let isQuoted: Bool
    /// The scalar carries an explicit `!!str` tag.
    let isTaggedText: Bool
    let boolValue: Bool?
    /// The integer, when `kind == .int` and it fits in an `Int`.
    let intValue: Int?
    /// The number, for `.int` and `.float`.
    let doubleValue: Double?

    init(_ scalar: Node.Scalar) {
        text = scalar.string
        isQuoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        let tag = scalar.tag.description
        isTaggedText = tag == "tag:yaml.org,2002:str" && scalar.style == .plain
        var kind: Kind
        switch tag {
        case "tag:yaml.org,2002:str": kind = .string
        case "tag:yaml.org,2002:null": kind = .null
        case "tag:yaml.org,2002:bool": kind = .bool
        case "tag:yaml.org,2002:int": kind = .int
        case "tag:yaml.org,2002:float": kind = .float
        case "", "?":
            kind = scalar.style == .plain ? ResolvedScalar.resolvePlain(text) : .string
        default:
            kind = .string
        }
        var boolValue: Bool?, intValue: Int?, doubleValue: Double?
        switch kind {
        case .bool:
            boolValue = ResolvedScalar.parseBool(text)
            if boolValue == nil { kind = .string }
        case .int:
            if let (int, double) = ResolvedScalar.parseInt(text) {
                intValue = int
                doubleValue = double
            } else if let double = ResolvedScalar.parseFloat(text) {
                kind = .float
                doubleValue = double
            } else {
                kind = .string
            }
        case .float:
            doubleValue = ResolvedScalar.parseFloat(text) ?? ResolvedScalar.parseInt(text)?.1
            if doubleValue == nil { kind = .string }
        case .null, .string:
            break
        }
        self.kind = kind
        self.boolValue = boolValue
        self.intValue = intValue
        self.doubleValue = doubleValue
    }

    static func resolvePlain(_ text: String) -> Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        default:
            if parseInt(text) != nil { return .int }
            if parseFloat(text) != nil { return .float }
            return .string
        }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// Core-schema integers: `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
    /// Returns the `Int` (nil if it does not fit) and the value as a `Double`.
    static func parseInt(_ text: String) -> (Int?, Double)? {
        var digits = Substring(text)
        var radix = 10
        var negative = false
        if digits.hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0o") {
            radix = 8
            digits = digits.dropFirst(2)
        } else if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty,
              digits.unicodeScalars.allSatisfy({ $0.isASCII && Int(String($0), radix: radix) != nil })
        else { return nil }
        let magnitude = Int(digits, radix: radix)
        let int = magnitude.map { negative ? -$0 : $0 }
        // Digits beyond Int's range: still a valid integer literal, only too large.
        let double = int.map(Double.init) ?? digits.unicodeScalars.reduce(0.0) {
            $0 * Double(radix) + Double(Int(String($1), radix: radix)!)
        } * (negative ? -1 : 1)
        return (int, double)
    }

    /// Core-schema floats: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`,
    /// `[-+]?.inf` and `.nan` (any of their three spellings).
    static func parseFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            return index - start
        }
        if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" { index += 1 }
        let integerDigits = digits()
        var fractionDigits = 0
        if index < scalars.count, scalars[index] == "." {
            index += 1
            fractionDigits = digits()
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return nil }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard index == scalars.count else { return nil }
        return Double(text)
    }
}

extension Node {
    /// How a diagnostic names this node after "found": the scalar's text in
    /// quotes, `nothing` for null, `a mapping`, `a list`.
    var foundDescription: String {
        switch self {
        case .scalar(let scalar):
            let resolved = ResolvedScalar(scalar)
            return resolved.kind == .null ? "nothing" : quoted(resolved.text)
        case .mapping(let mapping):
            return mapping.isEmpty ? "an empty mapping" : "a mapping"
        case .sequence(let sequence):
            return sequence.isEmpty ? "an empty list" : "a list"
        }
    }
}
