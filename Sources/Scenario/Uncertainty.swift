// SPDX-License-Identifier: GPL-3.0-or-later
// Uncertainty of the figures an assumptions-log entry sources
// (docs/uncertainty.md): `uncertainty:` maps scenario paths to a range
// (`{ low, high }`, uniform) or a distribution, in the units the format
// takes at that path. Every range is checked like the rest of the file: the
// path must hold a value of the scenario, and the scenario is read again with
// every uncertain value at its low end and at its high end, each problem
// reported at the range's own line.

import Foundation
import Probation
import Simulation
import Yams

/// One uncertain value of a scenario: where it is, how it is distributed, the
/// unit it is written in, and the assumption that declares it.
public struct UncertainParameter: Sendable, Hashable {
    /// The override path of the value (`cases.community_length.mean`).
    public var path: String
    /// The assumptions-log entry declaring it; nil for `--vary`.
    public var assumption: String?
    public var distribution: ParameterDistribution
    /// What follows the number when the value is written: "" (a plain number), "%" or " months".
    public var unit: String
    /// Sampled values are rounded to whole numbers (the scenario writes a whole number and the range is whole).
    public var whole: Bool
    /// Where the range is declared (nil for `--vary`).
    public var position: YAMLPosition?
    /// Where each end's value is reported: the `low`/`min`/`mean` and `high`/`max`/`mean` entries.
    var endPositions: (low: YAMLPosition?, high: YAMLPosition?) = (nil, nil)

    public init(path: String, assumption: String?, distribution: ParameterDistribution, unit: String, whole: Bool,
                position: YAMLPosition? = nil) {
        self.path = path; self.assumption = assumption; self.distribution = distribution; self.unit = unit
        self.whole = whole; self.position = position
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.path == b.path && a.assumption == b.assumption && a.distribution == b.distribution && a.unit == b.unit
            && a.whole == b.whole && a.position == b.position
    }

    public func hash(into h: inout Hasher) { h.combine(path); h.combine(assumption); h.combine(distribution) }

    /// The value at probability `u` (the distribution's inverse CDF), rounded
    /// to a whole number for whole values and to the 6 significant digits
    /// the scenario is given.
    public func value(at u: Double) -> Double {
        let x = distribution.quantile(u)
        return whole ? x.rounded() : Double(Self.format(x)) ?? x
    }

    /// The value as the scenario file takes it: `12.3457 months`, `36%`, `700`.
    public func text(_ x: Double) -> String { (whole ? String(Int(x.rounded())) : Self.format(x)) + unit }

    /// `PATH=VALUE`, as `--set` takes it.
    public func setting(_ x: Double) -> String { "\(path)=\(text(x))" }

    /// The range's ends as written: `10 months..16 months`, or for a
    /// distribution its name and parameters.
    public var summary: String {
        switch distribution {
        case .uniform(let l, let h): return "uniform \(text(l))..\(text(h))"
        case .triangular(let a, let c, let b): return "triangular min \(text(a)), mode \(text(c)), max \(text(b))"
        case .normal(let m, let s): return "normal mean \(text(m)), sd \(text(s))"
        case .lognormal(let m, let s): return "lognormal mean \(text(m)), sd \(text(s))"
        case .beta(let m, let s): return "beta mean \(text(m)), sd \(text(s))"
        }
    }

    /// At most 6 significant digits, no exponent.
    public static func format(_ x: Double) -> String {
        guard x != 0, x.isFinite else { return "0" }
        let digits = max(0, 6 - Int((log10(abs(x))).rounded(.down)) - 1)
        var s = String(format: "%.\(min(digits, 12))f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// A leading decimal number and the unit after it (`%` kept tight, words after one space).
    public static func number(_ text: String) -> (value: Double, unit: String)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        var end = t.startIndex
        var seenDigit = false
        for (k, c) in zip(t.indices, t) {
            if c.isASCII && c.isNumber { seenDigit = true; end = t.index(after: k); continue }
            if c == "." || ((c == "-" || c == "+") && k == t.startIndex) { end = t.index(after: k); continue }
            break
        }
        guard seenDigit, let value = Double(t[..<end]), value.isFinite else { return nil }
        let rest = t[end...].trimmingCharacters(in: .whitespaces)
        guard !rest.contains(where: { $0.isNumber }) else { return nil }
        return (value, rest.isEmpty ? "" : rest == "%" ? "%" : " " + rest.lowercased())
    }

    /// `--vary PATH=LOW..HIGH`: a uniform range from the command line, the
    /// bounds numbers with the same optional unit (`4..9`, `100%..150%`, `9 months..15 months`).
    public static func parseVary(_ text: String) -> Result<UncertainParameter, UncertaintyError> {
        func fail(_ m: String) -> Result<UncertainParameter, UncertaintyError> { .failure(UncertaintyError("--vary \(text): \(m)")) }
        guard let (path, bounds) = ScenarioComposer.splitSetting(text) else { return fail("expected PATH=LOW..HIGH, found no \"=\"") }
        let trimmedPath = path.trimmingCharacters(in: .whitespaces)
        if case .failure(let problem) = OverridePath.parse(trimmedPath) { return fail("expected a scenario path before \"=\"; \(problem.message)") }
        let parts = bounds.components(separatedBy: "..")
        guard parts.count == 2 else { return fail("expected bounds LOW..HIGH, found \(quoted(bounds))") }
        guard let low = number(parts[0]), let high = number(parts[1]) else {
            return fail("expected bounds that are numbers with an optional unit (4..9, 100%..150%, 9 months..15 months), found \(quoted(bounds))")
        }
        guard low.unit == high.unit else {
            return fail("expected both bounds in the same unit, found \(quoted(low.unit.trimmingCharacters(in: .whitespaces))) and \(quoted(high.unit.trimmingCharacters(in: .whitespaces)))")
        }
        guard low.value < high.value else { return fail("expected LOW below HIGH, found \(format(low.value))..\(format(high.value))") }
        let whole = !parts[0].contains(".") && !parts[1].contains(".") && low.unit.isEmpty
            && low.value == low.value.rounded() && high.value == high.value.rounded()
        return .success(UncertainParameter(path: trimmedPath, assumption: nil,
                                           distribution: .uniform(low: low.value, high: high.value), unit: low.unit,
                                           whole: whole && Self.wholeHint(trimmedPath)))
    }

    /// Paths whose values are counts (staff, supervisors, people, sizes):
    /// `--vary` rounds them when the bounds are whole. The scenario's own
    /// `uncertainty:` blocks decide from the value written in the file.
    static func wholeHint(_ path: String) -> Bool {
        let last = path.split(separator: ".").last.map(String.init) ?? path
        return ["PO", "PSO", "PQiP", "SPO", "national", "size", "people_per_supervisor", "group_size", "sessions",
                "minimum_group", "facilitators_per_group", "groups_per_facilitator", "days_per_week", "total", "add"]
            .contains(last) || Int(last) != nil
    }
}

public struct UncertaintyError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension ScenarioBuilder {
    /// The distribution names an `uncertainty:` entry takes.
    static let uncertaintyDistributions = ["uniform", "triangular", "normal", "lognormal", "beta"]

    /// `uncertainty:` of an assumptions-log entry: path → range or distribution.
    func readUncertainty(_ value: YAMLValue, assumption id: String?, root: Node?) -> [UncertainParameter]? {
        guard let m = value.mapping(allowedKeys: nil) else { return nil }
        if m.entries.isEmpty {
            value.reportExpected("at least one path with its range, such as `cases.custody_share: { low: 0.3, high: 0.4 }`")
            return nil
        }
        var out: [UncertainParameter] = []
        var failed = false
        for entry in m.entries {
            let keyPath = value.path.appending(key: entry.key)
            // The path: an override path that names a single value written in the scenario.
            let parsed: OverridePath.Parsed
            switch OverridePath.parse(entry.key) {
            case .failure(let problem):
                reader.report(at: entry.keyPosition, path: keyPath,
                              "expected a scenario path such as cases.custody_share, found \(quoted(entry.key)); \(problem.message)")
                failed = true
                continue
            case .success(let p):
                parsed = p
            }
            if parsed.append {
                reader.report(at: entry.keyPosition, path: keyPath, "expected a path to one value, found \(quoted(entry.key)); `[+]` appends, it names no value")
                failed = true
                continue
            }
            if case .key(let first)? = parsed.components.first, ScenarioVariants.pointBlocks.contains(first) || first == "metadata" {
                reader.report(at: entry.keyPosition, path: keyPath, "expected a path to a value of the model, found \(quoted(entry.key)); `\(first)` holds no model value")
                failed = true
                continue
            }
            var baseScalar: Node.Scalar?
            if let root {
                switch ScenarioComposer.node(at: parsed.components, in: root) {
                case .scalar(let s)?:
                    baseScalar = s
                case let other?:
                    reader.report(at: entry.keyPosition, path: keyPath,
                                  "expected a path to a single value, found \(quoted(entry.key)), which holds \(other.foundDescription)")
                    failed = true
                    continue
                case nil:
                    reader.report(at: entry.keyPosition, path: keyPath,
                                  "expected a path to a value written in the scenario, found \(quoted(entry.key)), which is not in it; write the value (its default, if need be) where the format takes it")
                    failed = true
                    continue
                }
            }
            guard let p = readRange(entry.value, path: entry.key, assumption: id, base: baseScalar) else { failed = true; continue }
            if let first = out.first(where: { $0.path == p.path }) {
                reader.report(at: entry.keyPosition, path: keyPath,
                              "expected a path not given a range before in this entry, found \(quoted(entry.key)) (line \(first.position?.line ?? 0))")
                failed = true
                continue
            }
            var q = p
            q.position = entry.keyPosition
            out.append(q)
        }
        return failed ? nil : out
    }

    private func readRange(_ value: YAMLValue, path: String, assumption: String?, base: Node.Scalar?) -> UncertainParameter? {
        guard let m = value.mapping(allowedKeys: ["distribution", "low", "high", "mean", "sd", "min", "mode", "max"]) else { return nil }
        let name: String
        if let d = m.optional("distribution") {
            guard let n = d.enumValue(of: Self.uncertaintyDistributions) else { return nil }
            name = n
        } else {
            name = "uniform"
        }
        let keys: [String]
        switch name {
        case "uniform": keys = ["low", "high"]
        case "triangular": keys = ["min", "mode", "max"]
        default: keys = ["mean", "sd"]
        }
        for k in m.keys where k != "distribution" && !keys.contains(k) {
            m[k]!.report("unexpected key \(quoted(k)) for a \(name) range; it takes " + keys.map { "`\($0)`" }.joined(separator: ", "))
            return nil
        }
        var numbers: [Double] = []
        var units: [String] = []
        var marks: [YAMLPosition?] = []
        for k in keys {
            let v = m.required(k)
            guard let scalar = v.resolvedScalar(expected: "a number with an optional unit (0.36, 35%, 13 months)") else { return nil }
            guard let (x, unit) = UncertainParameter.number(scalar.text) else {
                v.reportExpected("a number with an optional unit (0.36, 35%, 13 months)")
                return nil
            }
            numbers.append(x); units.append(unit); marks.append(v.node?.position)
        }
        // The sd may be written without the unit's words when it is a plain number; otherwise all agree.
        guard Set(units).count == 1 else {
            let k = keys[units.firstIndex { $0 != units[0] }!]
            m.required(k).reportExpected("a value in the same unit as `\(keys[0])` (\(units[0].isEmpty ? "a plain number" : quoted(units[0].trimmingCharacters(in: .whitespaces))))")
            return nil
        }
        let distribution: ParameterDistribution
        switch name {
        case "uniform": distribution = .uniform(low: numbers[0], high: numbers[1])
        case "triangular": distribution = .triangular(min: numbers[0], mode: numbers[1], max: numbers[2])
        case "normal": distribution = .normal(mean: numbers[0], sd: numbers[1])
        case "lognormal": distribution = .lognormal(mean: numbers[0], sd: numbers[1])
        default:
            let scale = units[0] == "%" ? 100.0 : 1.0
            distribution = .beta(mean: numbers[0] / scale, sd: numbers[1] / scale)
        }
        if let problem = distribution.problem {
            value.reportExpected("a \(name) range with \(problem)")
            return nil
        }
        if name == "beta", !(units[0].isEmpty || units[0] == "%") {
            value.reportExpected("a beta range of a share (plain numbers 0–1 or percentages)")
            return nil
        }
        // Whole: the scenario writes a whole number there and the range's figures are whole.
        let baseIsInt = base.map { ResolvedScalar($0).kind == .int } ?? false
        let whole = baseIsInt && units[0].isEmpty && name != "beta" && numbers.allSatisfy { $0 == $0.rounded() }
        var p = UncertainParameter(path: path, assumption: assumption,
                                   distribution: name == "beta" && units[0] == "%"
                                       ? .beta(mean: numbers[0] / 100, sd: numbers[1] / 100) : distribution,
                                   unit: name == "beta" ? "" : units[0], whole: whole)
        p.endPositions = (marks.first ?? nil, marks.count == 3 ? marks[2] : marks.last ?? nil)
        if name == "normal" || name == "lognormal" || name == "beta" { p.endPositions = (marks[0], marks[0]) }
        return p
    }
}

/// Checking ranges by reading the scenario with every uncertain value at its ends.
enum ScenarioUncertainty {
    /// Reads `root` (the composed document) twice — every parameter at the
    /// low end of its range, then at the high end — and throws every problem,
    /// at the range's line, labelled with the end.
    static func check(_ parameters: [UncertainParameter], source: YAMLSource) throws(ScenarioDiagnostics) {
        guard !parameters.isEmpty else { return }
        var found: [ScenarioDiagnostic] = []
        for end in ["low", "high"] {
            var document = source.root
            for p in parameters {
                let x = end == "low" ? p.distribution.range.low : p.distribution.range.high
                let valuePosition = (end == "low" ? p.endPositions.low : p.endPositions.high) ?? p.position ?? .start
                let mark = makeMark(line: valuePosition.line, column: valuePosition.column)
                guard case .success(let parsed) = OverridePath.parse(p.path) else { continue }
                let key = Node.Scalar(p.path, .implicit, .plain, mark)
                let valueNode = Node.scalar(Node.Scalar(p.text(p.whole ? x.rounded() : x), .implicit, .plain, mark))
                let override = ScenarioVariants.Override(pathText: p.path, components: parsed.components, append: false,
                                                         key: key, keyPosition: valuePosition, value: valueNode,
                                                         valuePosition: valuePosition, documentPath: YAMLPath([]))
                if case .success(let changed) = ScenarioVariants.apply(override, to: document) { document = changed }
            }
            let reader = YAMLReader(source: YAMLSource(root: document, basedOn: source))
            _ = ScenarioBuilder(reader: reader).build(reader.root)
            for d in reader.result().diagnostics {
                var labelled = d
                labelled.message = "with every uncertainty range at its \(end) end: " + d.message
                if !found.contains(labelled) { found.append(labelled) }
            }
        }
        guard found.isEmpty else {
            let collector = DiagnosticCollector()
            for d in found { collector.report(d) }
            throw collector.result()
        }
    }
}
