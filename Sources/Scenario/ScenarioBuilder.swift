// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario YAML → ModelSpec: reads every block of docs/scenario-format.md,
// checks types, ranges and cross-references, and reports every problem at the
// node it concerns. Blocks are read in full before their values are combined,
// so that one pass finds every problem (see YAMLReader).

import Foundation
import Probation
import Simulation
import Yams

/// What a scenario file holds besides its `ModelSpec`.
struct ScenarioContents {
    var spec: ModelSpec
    var name: String
    var description: String?
    var assumptions: [ScenarioAssumption]
    /// Dated items after the end of the horizon left out under `horizon.after_end: drop`, in file order.
    var dropped: [ScenarioDiagnostic] = []
}

/// Reads one scenario document. Use once: `build(_:)` on the reader's root.
final class ScenarioBuilder {
    let reader: YAMLReader

    init(reader: YAMLReader) {
        self.reader = reader
    }

    // What later blocks need from earlier ones.
    var start: CivilDate?
    var end: CivilDate?
    var grades: [Grade: GradeRules] = GradeRules.defaults
    var organisation: OrganisationDraft?
    /// Staff added (negative: removed) so far by staff levers, by grade and scope.
    private var staffAdded: [String: Int] = [:]
    /// `horizon.after_end: drop`: dated items after the end of the horizon are left
    /// out (and listed in ``dropped``) rather than refused.
    var dropAfterEnd = false
    /// What `dropAfterEnd` left out so far.
    var dropped: [ScenarioDiagnostic] = []

    // MARK: The document

    /// The document being read (uncertainty ranges check their paths against it).
    private(set) var rootNode: Node?

    /// The top-level blocks in the order they are read. A block may use what the blocks
    /// before it produced (and look at their text), never what later ones produce, so the
    /// state before block `i` depends only on blocks `0 ..< i`: a sweep point that changes
    /// only later blocks starts from the base scenario's state before the first block it
    /// changes, instead of reading the whole document again (ScenarioVariants.build).
    static let blockOrder = [
        "caseflow", "metadata", "horizon", "seed", "replications", "calendar", "grades", "organisation",
        "demand", "cases", "initial_caseload", "workforce", "points", "allocation", "levers", "outputs",
        "tiering", "interventions",
    ]

    /// The first block (an index into ``blockOrder``) that overrides with these paths
    /// change; ``blockOrder``'s count when they change none.
    static func firstBlock(changedBy paths: [[YAMLPath.Component]]) -> Int {
        paths.map { path -> Int in
            guard case .key(let key)? = path.first else { return 0 }
            return blockOrder.firstIndex(of: key) ?? 0
        }.min() ?? blockOrder.count
    }

    /// Everything the blocks read so far have produced. A value: taking one is cheap
    /// (its arrays and dictionaries are shared until changed).
    struct State {
        var start: CivilDate?
        var end: CivilDate?
        var grades: [Grade: GradeRules]
        var organisation: OrganisationDraft?
        var staffAdded: [String: Int]
        var horizonDays: Int?
        var warmupDays: Int?
        var dropAfterEnd: Bool
        var dropped: [ScenarioDiagnostic]
        var blocks: Blocks
    }

    /// What the blocks produced for the ModelSpec.
    struct Blocks {
        var metadata: Metadata?
        var seed: UInt64?
        var replications: Int?
        var closures: [CivilDate]?
        var demand: DemandSpec?
        var cases: CaseSpec?
        var hasInitial = false
        var initial: InitialCaseloadSpec?
        var workforce: WorkforceSpec?
        var points: [Dated<PointsTable>]?
        var allocation: AllocationSpec?
        var levers: [Lever]?
        var outputs: OutputSpec?
        var hasTiering = false
        var tiering: TieringSpec?
        var hasInterventions = false
        var interventions: InterventionsSpec?
    }

    private var blocks = Blocks()

    /// The state now.
    var state: State {
        get {
            State(start: start, end: end, grades: grades, organisation: organisation, staffAdded: staffAdded,
                  horizonDays: horizonDays, warmupDays: warmupDays, dropAfterEnd: dropAfterEnd, dropped: dropped,
                  blocks: blocks)
        }
        set {
            start = newValue.start; end = newValue.end; grades = newValue.grades; organisation = newValue.organisation
            staffAdded = newValue.staffAdded; horizonDays = newValue.horizonDays; warmupDays = newValue.warmupDays
            dropAfterEnd = newValue.dropAfterEnd; dropped = newValue.dropped
            blocks = newValue.blocks
        }
    }

    /// Reads the document from block `first` on (the blocks before it must have been read
    /// into ``state`` already); `record` gets the state before each block and at the end.
    func build(_ root: YAMLValue, from first: Int = 0, record: ((State) -> Void)? = nil) -> ScenarioContents? {
        rootNode = root.node
        guard let top = root.mapping(allowedKeys: ScenarioKeys.topLevel) else { return nil }
        // The assumptions' uncertainty paths are checked against the whole document, not
        // only the blocks before metadata: a point that keeps the base's metadata checks
        // them against its own document.
        if first > Self.blockOrder.firstIndex(of: "metadata")!,
           blocks.metadata?.assumptions.contains(where: { !$0.uncertainty.isEmpty }) == true {
            checkUncertaintyPaths(top)
        }
        for block in first..<Self.blockOrder.count {
            record?(state)
            read(block: Self.blockOrder[block], top)
        }
        record?(state)

        // Every reader returns nil only after reporting why (or after an
        // earlier block it depends on did), so with no errors all are set;
        // if not, YAMLReader.read reports an internal error.
        let b = blocks
        guard !reader.hasErrors, let metadata = b.metadata, let start, let lengthDays = horizonDays, let warmupDays,
              let seed = b.seed, let replications = b.replications, let closures = b.closures,
              let organisation = organisation?.spec, let demand = b.demand, let cases = b.cases,
              !b.hasInitial || b.initial != nil, let workforce = b.workforce, let points = b.points,
              let allocation = b.allocation, let levers = b.levers, let outputs = b.outputs,
              !b.hasInterventions || b.interventions != nil, !b.hasTiering || b.tiering != nil
        else { return nil }
        var spec = ModelSpec(
            name: metadata.name, start: start, lengthDays: lengthDays, warmupDays: warmupDays, seed: seed,
            replications: replications, extraClosures: closures, organisation: organisation, grades: grades,
            demand: demand, cases: cases, initialCaseload: b.initial, workforce: workforce, pointsTables: points,
            allocation: allocation, levers: levers, outputs: outputs)
        spec.interventions = b.interventions
        spec.tieringModel = b.tiering
        return ScenarioContents(spec: spec, name: metadata.name, description: metadata.description,
                                assumptions: metadata.assumptions, dropped: dropped)
    }

    /// Checks the paths of every assumption's `uncertainty` against this document.
    private func checkUncertaintyPaths(_ top: YAMLMapping) {
        // Which assumptions to check: every one, or, for a point built from the base's state
        // whose overrides leave `metadata` alone, only those whose ranges an override may
        // change (``changedPaths``), found from the base's own reading of them.
        var only: Set<Int>?
        if let changed = changedPaths, let assumptions = blocks.metadata?.assumptions,
           !changed.contains(where: { $0.isEmpty || $0.first == .key("metadata") }) {
            var indices = Set<Int>()
            for (i, a) in assumptions.enumerated()
            where a.uncertainty.contains(where: { Self.mayChange(path: $0.path, changedPaths: changed) }) {
                indices.insert(i)
            }
            if indices.isEmpty { return }
            only = indices
        }
        guard let list = top["metadata"]?.mapping(allowedKeys: nil)?["assumptions"]?.sequence() else { return }
        for (i, element) in list.enumerated() {
            if let only, !only.contains(i) { continue }
            guard let a = element.mapping(allowedKeys: nil), let value = a["uncertainty"] else { continue }
            _ = readUncertainty(value, assumption: a["id"]?.node?.scalar?.string, root: rootNode)
        }
    }

    /// The paths the overrides of the point being built set (a sweep's or a variant's point,
    /// built from the base's state), or nil: every assumption's uncertainty is checked.
    /// With them, and no override of `metadata`, an assumption is checked again only if one
    /// of its ranges' paths may be changed by an override: its check reads only its own
    /// entries (in `metadata`, which such a point keeps) and the value at each of its paths,
    /// which an override changes only when one path is a prefix of the other (an override
    /// replaces, or appends to, the value at its own path and nothing else); otherwise it
    /// gives what the base's check gave, and the base was checked in full. (Validating a
    /// 10,000-point sweep of the national model spent about 45% of its time re-reading the
    /// assumptions' unchanged uncertainty for every point.)
    var changedPaths: [[YAMLPath.Component]]?

    /// Whether an override at one of `changedPaths` may change the value at `path` (a range's
    /// override path, as the base read it): one path is a prefix of the other. A path that
    /// does not parse is always checked again.
    static func mayChange(path: String, changedPaths: [[YAMLPath.Component]]) -> Bool {
        guard case .success(let parsed) = OverridePath.parse(path) else { return true }
        let u = parsed.components
        return changedPaths.contains { c in
            let n = min(c.count, u.count)
            return c.prefix(n).elementsEqual(u.prefix(n))
        }
    }

    /// Reads one top-level block.
    private func read(block: String, _ top: YAMLMapping) {
        switch block {
        case "caseflow": readVersion(top.required("caseflow"))
        case "metadata": blocks.metadata = readMetadata(top.required("metadata"))
        case "horizon": readHorizon(top.required("horizon"))
        case "seed": blocks.seed = top.optional("seed").map { $0.int(min: 0).map(UInt64.init) } ?? 1
        case "replications": blocks.replications = top.optional("replications").map { $0.int(min: 1, max: 10_000) } ?? 1
        case "calendar": blocks.closures = top.optional("calendar").map(readCalendar) ?? []
        case "grades": if let value = top.optional("grades"), let rules = readGrades(value) { grades = rules }
        case "organisation": organisation = readOrganisation(top.required("organisation"))
        case "demand": blocks.demand = readDemand(top.required("demand"))
        case "cases": blocks.cases = readCases(top.required("cases"))
        case "initial_caseload":
            let value = top.optional("initial_caseload")
            blocks.hasInitial = value != nil
            blocks.initial = value.flatMap { readInitialCaseload($0, demand: blocks.demand, cases: blocks.cases) }
        case "workforce":
            blocks.workforce = top.optional("workforce").map(readWorkforce) ?? WorkforceSpec()
            // With PQiP training the stage reductions replace the PQiP grade's
            // stand-in reduction, unless the file sets one for the grade itself.
            if blocks.workforce?.pqip != nil, top["grades"]?.node?["PQiP"]?["reduction_hours"] == nil {
                grades[.pqip]?.reductionHours = 0
            }
        case "points": blocks.points = readPointsList(top.optional("points"))
        case "allocation": blocks.allocation = top.optional("allocation").map(readAllocation) ?? AllocationSpec()
        case "levers": blocks.levers = top.optional("levers").map(readLevers) ?? []
        case "outputs": blocks.outputs = top.optional("outputs").map(readOutputs) ?? OutputSpec()
        case "tiering":
            let value = top.optional("tiering")
            blocks.hasTiering = value != nil
            blocks.tiering = value.flatMap(readTiering)
            if blocks.cases?.tiering == .computed, value == nil, let t = top["cases"]?.mapping(allowedKeys: nil)?["tiering"] {
                t.reportExpected("sampled-mix, or computed with a top-level tiering block", note: "the file has no tiering block")
            }
        case "interventions":
            let value = top.optional("interventions")
            blocks.hasInterventions = value != nil
            blocks.interventions = value.flatMap {
                readInterventions($0, context: InterventionContext(organisation: organisation?.spec, demand: blocks.demand,
                                                                   start: start, end: end))
            }
        default:
            break
        }
    }

    // MARK: Version and metadata

    /// The only format version this loader reads.
    static let formatVersion = 1

    private func readVersion(_ value: YAMLValue) {
        let expected = "\(ScenarioBuilder.formatVersion) (the scenario format version)"
        guard let scalar = value.resolvedScalar(expected: expected) else { return }
        if scalar.kind == .int, scalar.intValue == ScenarioBuilder.formatVersion { return }
        let note = scalar.kind == .int || scalar.kind == .float
            ? "this version of Caseflow reads format version \(ScenarioBuilder.formatVersion) only"
            : YAMLValue.quotedNote(scalar) { $0 == .int }
        value.reportExpected(expected, note: note)
    }

    struct Metadata {
        var name: String
        var description: String?
        var assumptions: [ScenarioAssumption]
    }

    private func readMetadata(_ value: YAMLValue) -> Metadata? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.metadata) else { return nil }
        let name = m.required("name").string(allowEmpty: false)
        let description = m.optional("description")?.string()
        var assumptions: [ScenarioAssumption]? = []
        if let list = m.optional("assumptions") {
            var seen: [String: YAMLPosition] = [:]
            assumptions = list.sequence { element -> ScenarioAssumption? in
                guard let a = element.mapping(allowedKeys: ScenarioKeys.assumption) else { return nil }
                let idValue = a.required("id")
                var id = idValue.string(allowEmpty: false)
                if let text = id {
                    if let first = seen[text] {
                        idValue.reportExpected("an assumption id not used before", note: "already used at line \(first.line), column \(first.column)")
                        id = nil
                    } else {
                        seen[text] = idValue.position
                    }
                }
                let figure = a.optional("figure")?.string()
                let source = a.required("source").string(allowEmpty: false)
                let quality = a.required("quality").enumValue(ScenarioAssumption.Quality.self)
                let reasoning = a.optional("reasoning")?.string()
                let uncertaintyValue = a.optional("uncertainty")
                let uncertainty = uncertaintyValue.flatMap { readUncertainty($0, assumption: id, root: rootNode) }
                guard let id, let source, let quality, uncertaintyValue == nil || uncertainty != nil else { return nil }
                return ScenarioAssumption(id: id, figure: figure, source: source, quality: quality, reasoning: reasoning,
                                          uncertainty: uncertainty ?? [])
            }
        }
        guard let name, let assumptions else { return nil }
        return Metadata(name: name, description: description, assumptions: assumptions)
    }

    // MARK: Horizon and calendar

    private var horizonDays: Int?
    private var warmupDays: Int?

    private func readHorizon(_ value: YAMLValue) {
        guard let h = value.mapping(allowedKeys: ScenarioKeys.horizon) else { return }
        let startDate = h.required("start").date()
        let lengthValue = h.required("length")
        let length = lengthValue.lengthDays(above: 0, atMost: (50 * ScenarioLength.daysPerYear, "50 years"))
        var warmup: Double? = 0
        let warmupValue = h.optional("warmup")
        if let warmupValue { warmup = warmupValue.lengthDays() }
        if let v = h.optional("after_end") {
            switch v.string(allowEmpty: false) {
            case "refuse"?: dropAfterEnd = false
            case "drop"?: dropAfterEnd = true
            case nil: break
            default: v.reportExpected("refuse or drop", note: "what to do with dated items (levers, PQiP intakes, points tables) after the end of the horizon")
            }
        }

        if let startDate { start = CivilDate(startDate) }
        if let length {
            let days = ScenarioLength.wholeDays(length)
            if days < 1 {
                lengthValue.reportExpected("a duration of at least 1 day")
            } else if let start, start.adding(days: days).year > 9998 {
                // Dates are written YYYY-MM-DD: a run ends by 9998, so that its last output
                // (up to a month after the end) and any date it computes stay within year 9999.
                let most = CivilDate(year: 9998, month: 12, day: 31)!.dayNumber - start.dayNumber
                lengthValue.reportExpected("a horizon that ends by 9998-12-31" + (most > 0 ? " (at most \(most) days from \(start))" : ""))
            } else {
                horizonDays = days
                if let start { end = start.adding(days: days) }
            }
        }
        if let warmup {
            let days = ScenarioLength.wholeDays(warmup)
            if let total = horizonDays, days >= total, let warmupValue {
                warmupValue.reportExpected("a warm-up shorter than horizon.length (\(total) days)")
            } else {
                warmupDays = days
            }
        }
    }

    private func readCalendar(_ value: YAMLValue) -> [CivilDate]? {
        guard let c = value.mapping(allowedKeys: ScenarioKeys.calendar) else { return nil }
        guard let closures = c.optional("closures") else { return [] }
        return closures.sequence { $0.date().map(CivilDate.init) }
    }

    // MARK: Grades

    private func readGrades(_ value: YAMLValue) -> [Grade: GradeRules]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.gradeNames) else { return nil }
        var result = GradeRules.defaults
        var failed = false
        for entry in m.entries {
            guard let grade = Grade(rawValue: entry.key) else { continue }
            if let rules = readGradeRules(entry.value, base: GradeRules.defaults[grade]!) {
                result[grade] = rules
            } else {
                failed = true
            }
        }
        if !failed, !result.values.contains(where: \.holdsCases) {
            value.report("expected at least one grade that holds cases, found none (every grade has holds_cases: false)")
            return nil
        }
        return failed ? nil : result
    }

    /// A risk-of-harm letter, A to D (a lower-case letter is suggested in capitals;
    /// other letters are not suggested: E is not a misspelt D).
    static func riskLetter(_ value: YAMLValue) -> Character? {
        let expected = "a risk letter (A, B, C or D)"
        guard let scalar = value.resolvedScalar(expected: expected) else { return nil }
        if let letter = Tier.riskLetters.first(where: { String($0) == scalar.text }) { return letter }
        let upper = scalar.text.uppercased()
        value.reportExpected(expected, note: Tier.riskLetters.contains(where: { String($0) == upper })
            ? "did you mean \(quoted(upper))?" : nil)
        return nil
    }

    private func readGradeRules(_ value: YAMLValue, base: GradeRules) -> GradeRules? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.grade) else { return nil }
        var rules = base
        var failed = false
        func take<T>(_ key: String, _ read: (YAMLValue) -> T?, _ apply: (T) -> Void) {
            guard let v = m.optional(key) else { return }
            if let x = read(v) { apply(x) } else { failed = true }
        }
        take("holds_cases", { $0.bool() }) { rules.holdsCases = $0 }
        take("risk", { v in v.sequence(ScenarioBuilder.riskLetter) }) { rules.riskLetters = Set($0) }
        take("case_types", { v in v.sequence { $0.enumValue(CaseType.self) } }) { rules.caseTypes = Set($0) }
        if let v = m["max_cases"] {
            if case .scalar(let s)? = v.node, s.string == "none" || v.isNull {
                rules.maxCases = nil
            } else if let n = v.int(min: 1, max: ScenarioLimits.staffPerGrade) {
                rules.maxCases = n
            } else {
                failed = true
            }
        }
        take("contracted_hours", { $0.double(min: 0, max: 168) }) { rules.contractedHours = $0 }
        let reductionValue = m.optional("reduction_hours")
        take("reduction_hours", { $0.double(min: 0, max: 168) }) { rules.reductionHours = $0 }
        take("writes_reports", { $0.bool() }) { rules.writesReports = $0 }
        if failed { return nil }
        if rules.reductionHours > rules.contractedHours {
            (reductionValue ?? value).reportExpected("reduction hours no more than the contracted hours (\(YAMLValue.format(rules.contractedHours)))")
            return nil
        }
        // A grade that holds no cases by default (SPO) has no risk letters or case types to keep.
        if rules.holdsCases && rules.riskLetters.isEmpty {
            if let risk = m.optional("risk") {
                risk.report("expected at least one risk letter for a grade that holds cases, found none")
            } else {
                value.report("expected the risk letters a grade that holds cases may hold, found none; add risk: [A, B, C, D] or some of them")
            }
            return nil
        }
        if rules.holdsCases && rules.caseTypes.isEmpty {
            if let types = m.optional("case_types") {
                types.report("expected at least one case type for a grade that holds cases, found none")
            } else {
                value.report("expected the case types a grade that holds cases may hold, found none; add case_types: [community, licence, custody] or some of them")
            }
            return nil
        }
        return rules
    }

    // MARK: Organisation

    /// Where a team's name comes from, for diagnostics about it.
    private struct TeamOrigin {
        var position: YAMLPosition
        var path: YAMLPath
        /// The name was generated (`<PDU name> team N`) rather than written.
        var generated: Bool
    }

    private struct PDUDraft {
        var number: Int?
        var numberValue: YAMLValue
        var name: String?
        var nameValue: YAMLValue
        var teams: [TeamSpec]?
        var teamOrigins: [TeamOrigin]
        /// Practitioners (PO, PSO, PQiP) in post.
        var practitioners: Int
    }

    struct OrganisationDraft {
        var spec: OrganisationSpec?
        /// Every PDU's number, in document order; nil when some could not be read.
        var pduNumbers: [Int]?
        var pduNames: [Int: String]
        /// Practitioners (PO, PSO, PQiP) by PDU number.
        var practitioners: [Int: Int]
        /// Every region's code; nil when some could not be read.
        var regionCodes: [String]?
    }

    /// Remembers the first position of each value and reports repeats.
    private struct UniqueNames<Key: Hashable> {
        var first: [Key: YAMLPosition] = [:]

        /// True if `key` is new; otherwise reports `expected WHAT not used before` at `value`.
        mutating func check(_ key: Key, at value: YAMLValue, _ what: String) -> Bool {
            if let earlier = first[key] {
                value.reportExpected("\(what) not used before", note: "already used at line \(earlier.line), column \(earlier.column)")
                return false
            }
            first[key] = value.position
            return true
        }
    }

    private func readOrganisation(_ value: YAMLValue) -> OrganisationDraft? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.organisation) else { return nil }
        let teamSize = m.optional("team_size").map { $0.int(min: 1, max: ScenarioLimits.teamSize) } ?? 10
        let regionsValue = m.required("regions")
        guard let regionValues = regionsValue.sequence() else { return nil }
        var failed = false
        if regionValues.isEmpty {
            regionsValue.reportExpected("at least one region")
            failed = true
        }

        var draft = OrganisationDraft(spec: nil, pduNumbers: [], pduNames: [:], practitioners: [:], regionCodes: [])
        var regions: [RegionSpec] = []
        var codes = UniqueNames<String>(), regionNames = UniqueNames<String>()
        var numbers = UniqueNames<Int>(), pduNames = UniqueNames<String>()
        // Team names are unique across the organisation: outputs name teams.
        var teamNames: [String: YAMLPosition] = [:]

        for regionValue in regionValues {
            guard let r = regionValue.mapping(allowedKeys: ScenarioKeys.region) else {
                failed = true
                draft.pduNumbers = nil
                draft.regionCodes = nil
                continue
            }
            let codeValue = r.required("code")
            var code = codeValue.string(allowEmpty: false)
            if let c = code, codes.check(c, at: codeValue, "a region code") {
                draft.regionCodes?.append(c)
            } else {
                if code == nil { draft.regionCodes = nil }
                code = nil
            }
            let nameValue = r.required("name")
            var name = nameValue.string(allowEmpty: false)
            if let n = name, !regionNames.check(n, at: nameValue, "a region name") { name = nil }

            var pdus: [PDUSpec]? = []
            let pdusValue = r.required("pdus")
            if let pduValues = pdusValue.sequence() {
                if pduValues.isEmpty {
                    pdusValue.reportExpected("at least one PDU")
                    pdus = nil
                }
                for pduValue in pduValues {
                    guard let p = readPDU(pduValue, teamSize: teamSize) else {
                        pdus = nil
                        draft.pduNumbers = nil
                        continue
                    }
                    var ok = p.teams != nil
                    if let number = p.number {
                        if numbers.check(number, at: p.numberValue, "a PDU number") {
                            draft.pduNumbers?.append(number)
                            draft.practitioners[number] = p.practitioners
                            if let n = p.name { draft.pduNames[number] = n }
                        } else {
                            ok = false
                        }
                    } else {
                        draft.pduNumbers = nil
                        ok = false
                    }
                    if let n = p.name {
                        if !pduNames.check(n, at: p.nameValue, "a PDU name") { ok = false }
                    } else {
                        ok = false
                    }
                    for (team, origin) in zip(p.teams ?? [], p.teamOrigins) {
                        if let earlier = teamNames[team.name] {
                            reader.report(at: origin.position, path: origin.path,
                                          "expected a team name not used before, found \(quoted(team.name))"
                                          + (origin.generated ? " (the name given to a team without one)" : "")
                                          + "; already used at line \(earlier.line), column \(earlier.column)")
                            ok = false
                        } else {
                            teamNames[team.name] = origin.position
                        }
                    }
                    if ok, let number = p.number, let name = p.name, let teams = p.teams {
                        pdus?.append(PDUSpec(number: number, name: name, teams: teams))
                    } else {
                        pdus = nil
                    }
                }
            } else {
                pdus = nil
                draft.pduNumbers = nil
            }
            if let code, let name, let pdus {
                regions.append(RegionSpec(code: code, name: name, pdus: pdus))
            } else {
                failed = true
            }
        }
        if !failed { draft.spec = OrganisationSpec(regions: regions) }
        return draft
    }

    private func readPDU(_ value: YAMLValue, teamSize: Int?) -> PDUDraft? {
        guard let p = value.mapping(allowedKeys: ScenarioKeys.pdu) else { return nil }
        let numberValue = p.required("number")
        let number = numberValue.int(min: 1, max: ScenarioLimits.pduNumber)
        let nameValue = p.required("name")
        let name = nameValue.string(allowEmpty: false)
        var draft = PDUDraft(number: number, numberValue: numberValue, name: name, nameValue: nameValue,
                             teams: nil, teamOrigins: [], practitioners: 0)
        let generatedName = { (k: Int) in "\(name ?? "PDU") team \(k + 1)" }
        switch (p.optional("staff"), p.optional("teams")) {
        case (nil, nil):
            value.reportExpected("a PDU with staff (split into teams of organisation.team_size) or a list of teams",
                                 note: "add staff: { PO: …, PSO: …, PQiP: …, SPO: … } or teams")
        case (let staff?, let list?):
            (staff.position < list.position ? list : staff).report("expected either staff or teams in a PDU, found both")
        case (let staffValue?, nil):
            guard let staff = readGradeMap(staffValue, { $0.int(min: 0, max: ScenarioLimits.staffPerGrade) }), let teamSize else { break }
            let split = TeamSplitter.split(staff, teamSize: teamSize)
            draft.teams = split.indices.map { TeamSpec(name: generatedName($0), staff: split[$0]) }
            if let funded = p.optional("establishment"), !splitEstablishment(funded, teams: &draft.teams!) { draft.teams = nil }
            draft.teamOrigins = split.map { _ in TeamOrigin(position: staffValue.position, path: staffValue.path, generated: true) }
            draft.practitioners = TeamSplitter.practitioners(staff)
        case (nil, let list?):
            if let funded = p.optional("establishment") {
                funded.report("expected establishment on each team when a PDU lists teams, found it on the PDU")
            }
            guard let elements = list.sequence() else { break }
            var teams: [TeamSpec]? = []
            if elements.isEmpty {
                list.reportExpected("at least one team")
                teams = nil
            }
            for (k, element) in elements.enumerated() {
                let (team, origin) = readTeam(element, generatedName: generatedName(k))
                draft.teamOrigins.append(origin)
                if let team {
                    teams?.append(team)
                    draft.practitioners += TeamSplitter.practitioners(team.staff)
                } else {
                    teams = nil
                }
            }
            draft.teams = teams
        }
        return draft
    }

    private func readTeam(_ value: YAMLValue, generatedName: String) -> (TeamSpec?, TeamOrigin) {
        guard let t = value.mapping(allowedKeys: ScenarioKeys.team) else {
            return (nil, TeamOrigin(position: value.position, path: value.path, generated: true))
        }
        let nameValue = t.optional("name")
        let name = nameValue.map { $0.string(allowEmpty: false) } ?? generatedName
        let origin = TeamOrigin(position: nameValue?.position ?? value.position,
                                path: nameValue?.path ?? value.path, generated: nameValue == nil)
        let staff = readGradeMap(t.required("staff"), { $0.int(min: 0, max: ScenarioLimits.staffPerGrade) })
        let establishmentValue = t.optional("establishment")
        let establishment = establishmentValue.map { readGradeMap($0, { $0.int(min: 0, max: ScenarioLimits.staffPerGrade) }) }
        let contracted = t.optional("contracted_hours").map { readGradeMap($0, { $0.double(min: 0, max: 168) }) } ?? [:]
        var reduction = t.optional("reduction_hours").map { readGradeEntries($0, { $0.double(min: 0, max: 168) }) } ?? [:]
        if let entries = reduction {
            for (grade, entry) in entries {
                let limit = contracted?[grade] ?? grades[grade]?.contractedHours ?? 0
                if entry.value > limit {
                    entry.node.reportExpected("reduction hours no more than the contracted hours (\(YAMLValue.format(limit)))")
                    reduction = nil
                }
            }
        }
        guard let name, let staff, let contracted, let reduction, establishment == nil || establishment! != nil else {
            return (nil, origin)
        }
        // Grades left out of the establishment are as staffed.
        let funded = establishment.map { staff.merging($0!) { _, funded in funded } }
        return (TeamSpec(name: name, staff: staff, establishment: funded, contractedHours: contracted,
                         reductionHours: reduction.mapValues(\.value)), origin)
    }

    /// A mapping by grade name (`{ PO: 5, PSO: 4 }`), each value read with `read`.
    func readGradeMap<T>(_ value: YAMLValue, _ read: (YAMLValue) -> T?) -> [Grade: T]? {
        readGradeEntries(value, read)?.mapValues(\.value)
    }

    /// As `readGradeMap`, keeping each value's node for later diagnostics.
    private func readGradeEntries<T>(_ value: YAMLValue, _ read: (YAMLValue) -> T?)
        -> [Grade: (value: T, node: YAMLValue)]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.gradeNames) else { return nil }
        var result: [Grade: (value: T, node: YAMLValue)] = [:]
        var failed = false
        for entry in m.entries {
            guard let grade = Grade(rawValue: entry.key) else { continue }
            if let x = read(entry.value) { result[grade] = (x, entry.value) } else { failed = true }
        }
        return failed ? nil : result
    }

    // MARK: Figures by PDU

    /// A figure given nationally or by PDU number.
    private enum PDUFigures {
        case national(Double)
        case byPDU([Int: Double])
    }

    /// Reads `{ national: N }` (when `allowNational`) or `{ PDU number: N, … }`,
    /// checking the numbers against the organisation and that none is missing.
    private func readPDUFigures(_ value: YAMLValue, allowNational: Bool, read: (YAMLValue) -> Double?) -> PDUFigures? {
        guard let m = value.mapping(allowedKeys: nil) else { return nil }
        let known = organisation?.pduNumbers
        var national: Double?
        var nationalKey: YAMLMapping.Entry?
        var byPDU: [Int: Double] = [:]
        var firstPDUKey: YAMLMapping.Entry?
        var seen: [Int: YAMLPosition] = [:]
        var failed = false
        for entry in m.entries {
            let path = entry.value.path
            if allowNational && entry.key == ScenarioKeys.national {
                nationalKey = entry
                if let x = read(entry.value) { national = x } else { failed = true }
                continue
            }
            guard let number = Int(entry.key.trimmingWhitespace()) else {
                var note = ""
                if let match = organisation?.pduNames.first(where: { $0.value.lowercased() == entry.key.lowercased() }) {
                    note = "; PDUs are given by number: \(match.value) is \(match.key)"
                } else if allowNational, let s = Suggestions.closest(to: entry.key, in: [ScenarioKeys.national]) {
                    note = "; did you mean \(quoted(s))?"
                }
                reader.report(at: entry.keyPosition, path: path,
                              "expected a PDU number\(allowNational ? " or \"national\"" : ""), found \(quoted(entry.key))\(note)")
                failed = true
                continue
            }
            if firstPDUKey == nil { firstPDUKey = entry }
            if let first = seen[number] {
                reader.report(at: entry.keyPosition, path: path,
                              "expected a PDU number not given before, found \(quoted(entry.key)); PDU \(number) is already given at line \(first.line), column \(first.column)")
                failed = true
                continue
            }
            seen[number] = entry.keyPosition
            if let known, !known.contains(number) {
                reader.report(at: entry.keyPosition, path: path,
                              "expected the number of a PDU in organisation, found \(quoted(entry.key)); " + pduNumberHint(known))
                failed = true
            }
            if let x = read(entry.value) { byPDU[number] = x } else { failed = true }
        }
        if let nationalKey, let firstPDUKey {
            let later = nationalKey.keyPosition < firstPDUKey.keyPosition ? firstPDUKey : nationalKey
            reader.report(at: later.keyPosition, path: later.value.path,
                          "expected either national or PDU numbers, found both; give one national figure or one figure for every PDU")
            return nil
        }
        if failed { return nil }
        if nationalKey != nil, let national { return .national(national) }
        if let known {
            let missing = known.filter { byPDU[$0] == nil }
            if !missing.isEmpty {
                value.report("expected a figure for every PDU in organisation\(allowNational ? " (or national: N)" : ""), found none for PDU\(missing.count == 1 ? "" : "s") " + listNumbers(missing))
                return nil
            }
        }
        return .byPDU(byPDU)
    }

    /// What to say after an unknown PDU number: the numbers there are
    /// (numbers are not suggested by spelling: 7 is not a misspelt 1).
    private func pduNumberHint(_ known: [Int]) -> String {
        if known.count == 1 { return "the only PDU is \(known[0])" }
        if known.count <= 12 { return "the PDUs are " + listNumbers(known) }
        return "the organisation has \(known.count) PDUs, numbered from \(known.min()!) to \(known.max()!)"
    }

    /// `25, 26 and 27`; past 12 numbers, the first 12 then `…`.
    private func listNumbers(_ numbers: [Int]) -> String {
        let shown = numbers.prefix(12).map(String.init)
        if numbers.count > 12 { return shown.joined(separator: ", ") + ", …" }
        if shown.count == 1 { return shown[0] }
        return shown.dropLast().joined(separator: ", ") + " and " + shown.last!
    }

    // MARK: Demand

    private func readDemand(_ value: YAMLValue) -> DemandSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.demand) else { return nil }
        let sentences = readPDUFigures(m.required("sentences_per_week"), allowNational: true) { $0.double(min: 0, max: ScenarioLimits.perWeek) }
        let reportsValue = m.optional("court_reports_per_week")
        let reports = reportsValue.flatMap { readPDUFigures($0, allowNational: true) { $0.double(min: 0, max: ScenarioLimits.perWeek) } }
        let weightsValue = m.optional("pdu_weights")
        let weights = weightsValue.flatMap { readPDUFigures($0, allowNational: false) { $0.weight() } }
        let factorsValue = m.optional("monthly_factors")
        let factors = factorsValue.flatMap(readMonthlyFactors)
        let growth = m.optional("growth_per_year").map { $0.percent(min: -100, max: 100).map { $0 / 100 } } ?? 0
        let fast = m.optional("fast_report_share").map { $0.share() } ?? 0.5
        let window = m.optional("report_window").map { wholeDays($0, atLeastOne: true) } ?? 30

        // National figures are split by pdu_weights; without them, by
        // practitioners in post; with no practitioners anywhere, equally.
        var splitWeights: [Int: Double]?
        if let weightsValue {
            if case .byPDU(let w)? = weights {
                if w.values.reduce(0, +) > 0 {
                    splitWeights = w
                } else {
                    weightsValue.report("expected PDU weights that are not all 0, found only zeros")
                }
            }
            let sentencesByPDU = if case .byPDU? = sentences { true } else { false }
            let reportsByPDU = if case .byPDU? = reports { true } else { reportsValue == nil }
            if sentencesByPDU && reportsByPDU {
                weightsValue.report("expected no pdu_weights when no figure is national, found weights; pdu_weights splits national figures between PDUs")
            }
        } else if let org = organisation, let numbers = org.pduNumbers {
            let byStaff = Dictionary(uniqueKeysWithValues: numbers.map { ($0, Double(org.practitioners[$0] ?? 0)) })
            splitWeights = byStaff.values.reduce(0, +) > 0 ? byStaff
                : Dictionary(uniqueKeysWithValues: numbers.map { ($0, 1.0) })
        }

        func resolve(_ figures: PDUFigures?) -> [Int: Double]? {
            switch figures {
            case .byPDU(let map)?:
                return map
            case .national(let total)?:
                guard let w = splitWeights else { return nil }
                let sum = w.values.reduce(0, +)
                return w.mapValues { total * $0 / sum }
            case nil:
                return nil
            }
        }
        let sentencesPerPDU = resolve(sentences)
        let reportsPerPDU = reportsValue == nil ? [:] : resolve(reports)
        guard let sentencesPerPDU, let reportsPerPDU, factorsValue == nil || factors != nil,
              let growth, let fast, let window else { return nil }
        return DemandSpec(sentencesPerWeek: sentencesPerPDU, monthlyFactors: factors, growthPerYear: growth,
                          reportsPerWeek: reportsPerPDU, fastReportShare: fast, reportWindowDays: window)
    }

    private func readMonthlyFactors(_ value: YAMLValue) -> [Double]? {
        guard let list = value.sequence({ $0.double(min: 0, max: ScenarioLimits.scale) }) else { return nil }
        if list.count != 12 {
            value.report("expected 12 monthly factors (January to December), found \(list.count)")
            return nil
        }
        if list.allSatisfy({ $0 == 0 }) {
            value.report("expected monthly factors that are not all 0, found only zeros")
            return nil
        }
        return list
    }

    // MARK: Cases

    private func readCases(_ value: YAMLValue) -> CaseSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.cases) else { return nil }
        let custody = m.required("custody_share").share()
        let youngAdult = m.optional("young_adult_share").map { $0.share() } ?? 0.1
        let female = m.optional("female_share").map { $0.share() } ?? 0.15
        let tiering = m.optional("tiering").map { $0.enumValue(TieringModelKind.self) } ?? .sampledMix
        let mix = readTierMix(m.required("tier_mix"), required: [.community, .custody])
        let community = readDistribution(m.required("community_length"))
        let toServe = readDistribution(m.required("custody_time_to_serve"))
        let licence = readDistribution(m.required("licence_length"))
        let threshold = m.optional("short_sentence_threshold").map { wholeDays($0, atLeastOne: true) } ?? 304
        let handover = m.optional("handover_before_release").map { wholeDays($0, atLeastOne: false) } ?? 228
        var earlyShare: Double? = 0, earlyHandover: Int? = 456
        if let v = m.optional("early_allocation") {
            if let e = v.mapping(allowedKeys: ScenarioKeys.earlyAllocation) {
                earlyShare = e.optional("share").map { $0.share() } ?? 0
                earlyHandover = e.optional("handover_before_release").map { wholeDays($0, atLeastOne: false) } ?? 456
            } else {
                earlyShare = nil
            }
        }
        var changesPerYear: Double? = 0, escalation: Double? = 0.5
        if let v = m.optional("tier_changes") {
            if let t = v.mapping(allowedKeys: ScenarioKeys.tierChanges) {
                changesPerYear = t.optional("per_year").map { $0.double(min: 0, max: ScenarioLimits.perYear) } ?? 0
                escalation = t.optional("escalation_share").map { $0.share() } ?? 0.5
            } else {
                changesPerYear = nil
            }
        }
        guard let custody, let youngAdult, let female, let tiering, var mix, let community, let toServe, let licence,
              let threshold, let handover, let earlyShare, let earlyHandover, let changesPerYear, let escalation
        else { return nil }
        // Licence cases are released custody cases: without a mix of their own they keep the custody mix.
        if mix[.licence] == nil { mix[.licence] = mix[.custody] }
        return CaseSpec(custodyShare: custody, tierMix: mix, youngAdultShare: youngAdult, femaleShare: female,
                        communityLengthDays: community, custodyTimeToServeDays: toServe, licenceLengthDays: licence,
                        shortSentenceThresholdDays: threshold, handoverBeforeReleaseDays: handover,
                        earlyAllocationShare: earlyShare, earlyAllocationHandoverDays: earlyHandover,
                        tierChangesPerYear: changesPerYear, tierEscalationShare: escalation, tiering: tiering)
    }

    /// Whole days of a length (rounded down), at least 1 when `atLeastOne`.
    func wholeDays(_ value: YAMLValue, atLeastOne: Bool) -> Int? {
        guard let days = value.lengthDays(above: atLeastOne ? 0 : nil) else { return nil }
        let whole = ScenarioLength.wholeDays(days)
        if atLeastOne && whole < 1 {
            value.reportExpected("a duration of at least 1 day")
            return nil
        }
        return whole
    }

    /// Tier weights by case type; `required` types must be present.
    private func readTierMix(_ value: YAMLValue, required: [CaseType]) -> [CaseType: [Tier: Double]]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.caseTypes) else { return nil }
        var result: [CaseType: [Tier: Double]] = [:]
        var failed = false
        for type in CaseType.allCases {
            let v = required.contains(type) ? m.required(type.rawValue) : m.optional(type.rawValue)
            guard let v else { continue }
            if let weights = readTierWeights(v) { result[type] = weights } else { failed = true }
        }
        return failed ? nil : result
    }

    static let tierList = "A3, A2, A1, A0, B3, B2, B1, B0, C3, C2, C1, C0, D3, D2, D1 or D0"

    private func readTierWeights(_ value: YAMLValue) -> [Tier: Double]? {
        guard let m = value.mapping(allowedKeys: nil) else { return nil }
        var result: [Tier: Double] = [:]
        var failed = false
        for entry in m.entries {
            guard let tier = Tier(rawValue: entry.key) else {
                let upper = entry.key.trimmingWhitespace().uppercased()
                var note = "a tier is a risk letter A–D then a complexity digit 3–0"
                if let t = Tier(rawValue: upper) ?? Tier(rawValue: String(upper.reversed())) {
                    note = "did you mean \(quoted(t.rawValue))?"
                }
                reader.report(at: entry.keyPosition, path: entry.value.path,
                              "expected a tier (\(ScenarioBuilder.tierList)), found \(quoted(entry.key)); \(note)")
                failed = true
                continue
            }
            if let w = entry.value.weight() { result[tier] = w } else { failed = true }
        }
        if failed { return nil }
        if !result.values.contains(where: { $0 > 0 }) {
            value.report("expected tier weights that are not all 0, found \(m.entries.isEmpty ? "none" : "only zeros")")
            return nil
        }
        return result
    }

    // MARK: Distributions

    /// `{distribution: NAME, …}` with lengths in duration units, as days.
    func readDistribution(_ value: YAMLValue) -> Distribution? {
        readNumberDistribution(value, unit: .days)
    }

    enum DistributionUnit { case hours, days }

    /// `{distribution: NAME, …}` whose values are hours (plain numbers) or
    /// days (durations such as `6 weeks`).
    func readNumberDistribution(_ value: YAMLValue, unit: DistributionUnit) -> Distribution? {
        let peeked = value.node?["distribution"]?.scalar?.string
        let known = ScenarioKeys.distributions.first { $0.name == peeked }
        let allowed = known.map { ["distribution"] + $0.keys } ?? ScenarioKeys.distributionKeys
        guard let m = value.mapping(allowedKeys: allowed) else { return nil }
        guard let name = m.required("distribution").enumValue(of: ScenarioKeys.distributionNames) else { return nil }
        func amount(_ v: YAMLValue, above: Double? = nil) -> Double? {
            switch unit {
            case .hours:
                guard let x = v.double(min: 0, max: ScenarioLimits.hours) else { return nil }
                if let above, !(x > above) { v.reportExpected("a number above \(YAMLValue.format(above))"); return nil }
                return x
            case .days: return v.lengthDays(above: above)
            }
        }
        func param(_ key: String, above: Double? = nil) -> Double? { amount(m.required(key), above: above) }
        func number(_ key: String, _ range: ClosedRange<Double>) -> Double? { m.required(key).double(min: range.lowerBound, max: range.upperBound) }
        let shapes = 0...ScenarioLimits.shape, mus = -ScenarioLimits.logMu...ScenarioLimits.logMu, sigmas = 0...ScenarioLimits.logSigma
        var distribution: Distribution?
        switch name {
        case "constant": distribution = param("value").map { .constant($0) }
        case "uniform":
            let lo = param("lower"), hi = param("upper")
            if let lo, let hi { distribution = .uniform(lower: lo, upper: hi) }
        case "exponential": distribution = param("mean").map { .exponential(mean: $0) }
        case "gamma":
            let shape = number("shape", shapes), scale = param("scale")
            if let shape, let scale { distribution = .gamma(shape: shape, scale: scale) }
        case "lognormal":
            if m.contains("mu") || m.contains("sigma") {
                if m.contains("mean") || m.contains("sd") {
                    let later = m.entries.filter { ["mu", "sigma"].contains($0.key) }.min { $0.keyPosition < $1.keyPosition }!
                    reader.report(at: later.keyPosition, path: later.value.path, unit == .days
                                  ? "expected either mean and sd (of the length) or mu and sigma (of its logarithm), found both"
                                  : "expected either mean and sd or mu and sigma (of the logarithm), found both")
                    return nil
                }
                let mu = number("mu", mus), sigma = number("sigma", sigmas)
                if let mu, let sigma { distribution = .lognormal(mu: mu, sigma: sigma) }
            } else {
                let mean = param("mean", above: 0), sd = param("sd", above: 0)
                if let mean, let sd { distribution = .lognormal(mean: mean, sd: sd) }
            }
        case "weibull":
            let scale = param("scale"), shape = number("shape", shapes)
            if let scale, let shape { distribution = .weibull(scale: scale, shape: shape) }
        case "normal":
            let mean = param("mean"), sd = param("sd")
            if let mean, let sd { distribution = .normal(mean: mean, sd: sd) }
        case "triangular":
            let lo = param("min"), mode = param("mode"), hi = param("max")
            if let lo, let mode, let hi { distribution = .triangular(min: lo, mode: mode, max: hi) }
        case "empirical":
            let valuesValue = m.required("values")
            let values = valuesValue.sequence { amount($0) }
            var weights: [Double]?
            if let w = m.optional("weights") {
                weights = w.sequence { $0.double(min: 0, max: ScenarioLimits.weight) }
                if let count = weights?.count, let values, count != values.count {
                    w.report("expected as many weights as values (\(values.count)), found \(count)")
                    return nil
                }
            } else {
                weights = values.map { Array(repeating: 1, count: $0.count) }
            }
            if values?.isEmpty == true { valuesValue.reportExpected("at least one value"); return nil }
            if let values, let weights { distribution = .empirical(values: values, weights: weights) }
        default:
            return nil
        }
        guard let distribution else { return nil }
        if let problem = distribution.parameterProblems.first {
            value.report("expected a valid \(name) distribution, found parameters it cannot take: \(problem) (\(unit == .hours ? "hours" : "lengths in days"))")
            return nil
        }
        return distribution
    }

    // MARK: Initial caseload

    private func readInitialCaseload(_ value: YAMLValue, demand: DemandSpec?, cases: CaseSpec?) -> InitialCaseloadSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.initialCaseload) else { return nil }
        let total = m.required("total").int(min: 0, max: ScenarioLimits.day1Cases)
        let shares = readTypeShares(m.required("type_shares"))
        let allocated = m.optional("allocated").map { $0.bool() } ?? true
        let pipeline = m.optional("prison_pipeline").map { $0.enumValue(of: ["steady-state", "none"]) } ?? "none"
        let mixValue = m.optional("tier_mix")
        let mix = mixValue.flatMap { readTierMix($0, required: []) }

        var weights: [Int: Double]?
        var weightsByDemand = true
        if let weightsValue = m.optional("pdu_weights") {
            switch weightsValue.node {
            case .mapping?:
                weightsByDemand = false
                if case .byPDU(let w)? = readPDUFigures(weightsValue, allowNational: false, read: { $0.weight() }) {
                    if w.values.reduce(0, +) > 0 {
                        weights = w
                    } else {
                        weightsValue.report("expected PDU weights that are not all 0, found only zeros")
                    }
                }
            case .scalar?:
                weightsByDemand = weightsValue.enumValue(of: [ScenarioKeys.proportionalToDemand]) != nil
                if !weightsByDemand { weights = nil }
            default:
                weightsByDemand = false
                weightsValue.reportExpected("\"\(ScenarioKeys.proportionalToDemand)\" or weights by PDU number")
            }
        }
        if weightsByDemand, let demand {
            // Proportional to each PDU's sentences; equal if there are none anywhere.
            let sum = demand.sentencesPerWeek.values.reduce(0, +)
            weights = sum > 0 ? demand.sentencesPerWeek : demand.sentencesPerWeek.mapValues { _ in 1 }
        }
        guard let total, let shares, let allocated, let pipeline, let weights, let cases, mixValue == nil || mix != nil else {
            return nil
        }
        // Types left out of the stock's tier mix keep the inflow's mix.
        let stockMix = mix.map { given in
            given.merging(cases.tierMix) { stock, _ in stock }
        }
        return InitialCaseloadSpec(total: total, typeShares: shares, pduWeights: weights, tierMix: stockMix,
                                   allocated: allocated, prisonPipeline: pipeline == "steady-state")
    }

    private func readTypeShares(_ value: YAMLValue) -> [CaseType: Double]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.caseTypes) else { return nil }
        var result: [CaseType: Double] = [:]
        var failed = false
        for entry in m.entries {
            guard let type = CaseType(rawValue: entry.key) else { continue }
            if let w = entry.value.weight() { result[type] = w } else { failed = true }
        }
        if failed { return nil }
        if !result.values.contains(where: { $0 > 0 }) {
            value.report("expected type shares that are not all 0, found \(m.entries.isEmpty ? "none" : "only zeros")")
            return nil
        }
        return result
    }

    // MARK: Workforce

    private func readWorkforce(_ value: YAMLValue) -> WorkforceSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.workforce) else { return nil }
        var rates: [Grade: Double]? = [:]
        if let v = m.optional("leaving_rate_per_year") {
            if let r = v.mapping(allowedKeys: ScenarioKeys.gradeNames) {
                for entry in r.entries {
                    guard let grade = Grade(rawValue: entry.key) else { continue }
                    if let p = entry.value.percent(min: 0, max: 100) { rates?[grade] = p / 100 } else { rates = nil }
                }
            } else {
                rates = nil
            }
        }
        let replace = m.optional("replace_leavers").map { $0.bool() } ?? true
        let lead = m.optional("recruitment_lead_time").map { wholeDays($0, atLeastOne: false) } ?? 112
        guard let rates, let replace, let lead else { return nil }
        return readWorkforceDynamics(m, base: WorkforceSpec(leavingRatePerYear: rates, replaceLeavers: replace,
                                                            recruitmentLeadTimeDays: lead))
    }

    // MARK: Points tables

    private func readPointsList(_ value: YAMLValue?) -> [Dated<PointsTable>]? {
        guard let value else { return start.map { [Dated($0, .hmppsDefault)] } }
        guard let elements = value.sequence() else { return nil }
        if elements.isEmpty {
            value.reportExpected("at least one points table (leave points out for HMPPS's default)")
            return nil
        }
        var tables: [Dated<PointsTable>] = []
        var failed = false
        var previous: CivilDate?
        for (k, element) in elements.enumerated() {
            guard let m = element.mapping(allowedKeys: ScenarioKeys.pointsEntry) else { failed = true; continue }
            let dateValue = k == 0 ? m.optional("effective") : m.required("effective")
            var date: CivilDate? = dateValue == nil ? start : dateValue!.date().map(CivilDate.init)
            let table = readPointsTable(m.required("table"))
            if let d = date, let dateValue {
                if k == 0, let start, d > start {
                    dateValue.reportExpected("a date on or before the start of the horizon (\(start))",
                                             note: "the first points table is the one in force on the first day")
                    date = nil
                } else if let p = previous, d <= p {
                    dateValue.reportExpected("a date after the previous table's (\(p))")
                    date = nil
                } else if let end, d > end, drops(element, date: d, what: "points table") {
                    continue   // read (its mistakes reported) but not kept
                } else if let end, d > end {
                    dateValue.reportExpected("a date within the horizon (\(start.map { "\($0)" } ?? "its start") to \(end))",
                                             note: "the table takes effect after the end of the horizon")
                    date = nil
                }
            }
            if let d = date { previous = d }
            if let d = date, let table { tables.append(Dated(d, table)) } else { failed = true }
        }
        guard !failed, let start else { return nil }
        // The table in force on the first day is the last one effective by then; it applies from the start.
        let inForce = tables.lastIndex { $0.effective <= start } ?? 0
        var result = [Dated(start, tables[inForce].value)]
        result += tables[(inForce + 1)...]
        return result
    }

    /// `hmpps-default`, or an inline mapping of points entries over HMPPS's defaults.
    private func readPointsTable(_ value: YAMLValue) -> PointsTable? {
        switch value.node {
        case .mapping?:
            break
        case .scalar? where !value.isNull:
            return value.enumValue(of: ScenarioKeys.builtInPointsTables).map { _ in .hmppsDefault }
        default:
            value.reportExpected("\"hmpps-default\" or a mapping of points entries (docs/wmt.md)")
            return nil
        }
        guard let m = value.mapping(allowedKeys: nil) else { return nil }
        var table = PointsTable.hmppsDefault
        var failed = false
        var seen: [PointsTable.Entry: YAMLPosition] = [:]
        let allNames = PointsTable.Setting.allCases.map(\.rawValue) + CaseCategory.allCases.map(\.name)
        for entry in m.entries {
            switch PointsTable.Entry.named(entry.key) {
            case .failure:
                let note: String
                if case .malformed(let why) = CaseCategory.match(entry.key) {
                    note = why
                } else if let s = Suggestions.closest(to: entry.key, in: allNames) {
                    note = "did you mean \(quoted(s))?"
                } else {
                    note = "entries are sdr, fdr, nominal_target_po, nominal_target_pso, default_hours_po, default_hours_pso, default_hours_spo and \(CaseCategory.namePattern)"
                }
                reader.report(at: entry.keyPosition, path: entry.value.path,
                              "expected a points entry name, found \(quoted(entry.key)); \(note)")
                failed = true
            case .success(let e):
                if let first = seen[e] {
                    reader.report(at: entry.keyPosition, path: entry.value.path,
                                  "expected a points entry not given before, found \(quoted(entry.key)); \(e.name) is already given at line \(first.line), column \(first.column)")
                    failed = true
                    continue
                }
                seen[e] = entry.keyPosition
                let number = e.isWholeNumber ? entry.value.int(min: 0, max: Int(ScenarioLimits.points)).map(Double.init) : entry.value.double(min: 0, max: ScenarioLimits.points)
                guard let number else { failed = true; continue }
                if let problem = table.set(e, to: number) {
                    entry.value.report(problem.message)
                    failed = true
                }
            }
        }
        // The entries read are valid, so what the table as read lacks is real even if others failed.
        let holding = Set(Grade.allCases.filter { grades[$0]?.holdsCases == true })
        let problems = table.problems(gradesHoldingCases: holding)
        for problem in problems { value.report("expected a usable points table, found that \(problem)") }
        return problems.isEmpty && !failed ? table : nil
    }

    // MARK: Allocation

    private func readAllocation(_ value: YAMLValue) -> AllocationSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.allocation) else { return nil }
        let defaults = AllocationSpec()
        let policy = m.optional("policy").map { $0.enumValue(of: AllocationPolicies.names) } ?? defaults.policy
        let cap = m.optional("cap").map { $0.percent(min: 0, max: 1000, minExclusive: true) } ?? defaults.capPercent
        let target = m.optional("target").map { $0.workingDays() } ?? defaults.targetWorkingDays
        let meeting = m.optional("meeting_time").map { $0.minuteOfDay() } ?? defaults.meetingMinuteOfDay
        let preparation = m.optional("preparation").map { $0.workingDays() } ?? defaults.preparationWorkingDays
        let order = m.optional("queue_order").map { $0.enumValue(AllocationSpec.QueueOrder.self) } ?? defaults.queueOrder
        // `above_cap: { after, ceiling }`; nil after a problem, .some(nil) when absent.
        var aboveCap: AllocationSpec.AboveCapSpec?? = .some(nil)
        if let v = m.optional("above_cap") {
            aboveCap = nil
            if let a = v.mapping(allowedKeys: ScenarioKeys.aboveCap) {
                let after = a.required("after").workingDays()
                let ceilingValue = a.optional("ceiling")
                var ceiling: Double? = nil
                var ok = after != nil
                if let ceilingValue {
                    ceiling = ceilingValue.percent(min: 0, max: 1000, minExclusive: true)
                    if ceiling == nil { ok = false }
                    if let c = ceiling, let cap, c <= cap {
                        ceilingValue.reportExpected("a ceiling above allocation.cap (\(YAMLValue.format(cap))%)")
                        ok = false
                    }
                }
                if ok, let after { aboveCap = .some(AllocationSpec.AboveCapSpec(afterWorkingDays: after, ceilingPercent: ceiling)) }
            }
        }
        guard let policy, let cap, let target, let meeting, let preparation, let order, let aboveCap else { return nil }
        return AllocationSpec(policy: policy, capPercent: cap, targetWorkingDays: target, meetingMinuteOfDay: meeting,
                              preparationWorkingDays: preparation, queueOrder: order, aboveCap: aboveCap)
    }

    // MARK: Levers

    private func readLevers(_ value: YAMLValue) -> [Lever]? {
        guard let elements = value.sequence() else { return nil }
        var levers: [Lever] = []
        var failed = false
        for element in elements {
            guard let m = element.mapping(allowedKeys: ScenarioKeys.lever) else { failed = true; continue }
            let dateValue = m.required("date")
            var date = dateValue.date().map(CivilDate.init)
            var drop = false
            if let d = date, drops(element, date: d, what: "lever") {
                drop = true
            } else if let d = date, let start, let end, d < start || d > end {
                dateValue.reportExpected("a date within the horizon (\(start) to \(end))",
                                         note: "lever date \(d < start ? "before the start" : "after the end") of the horizon")
                date = nil
            }
            var changes: [Lever.Change]? = []
            if !ScenarioKeys.leverChanges.contains(where: m.contains) {
                element.report("expected a lever with a change (inflow, staff, points, allocation, leave, establishment, early_release or supervision_reset), found \(m.keys == ["date"] ? "only a date" : "none")")
                changes = nil
            }
            let readers: [(String, (YAMLValue) -> [Lever.Change]?)] = [
                ("inflow", readInflowLever), ("staff", readStaffLever),
                ("points", readPointsLever), ("allocation", readAllocationLever),
                ("leave", { self.readLeaveLever($0, date: date) }), ("establishment", readEstablishmentLever),
                ("early_release", readEarlyReleaseLever), ("supervision_reset", readSupervisionResetLever),
            ]
            for (key, read) in readers {
                guard let v = m[key] else { continue }
                if let read = read(v) { changes?.append(contentsOf: read) } else { changes = nil }
            }
            if let date, let changes {
                // A dropped lever is read (so its mistakes are still found) but not kept.
                if !drop { levers += changes.map { Lever(date: date, change: $0) } }
            } else {
                failed = true
            }
        }
        return failed ? nil : levers
    }

    /// Under `horizon.after_end: drop`, whether the item `element` dated `date`
    /// lies after the end of the horizon and is to be left out; if so it is
    /// recorded in ``dropped`` (where it is, what it is, its date).
    func drops(_ element: YAMLValue, date: CivilDate, what: String) -> Bool {
        guard dropAfterEnd, let end, date > end else { return false }
        let note = ScenarioDiagnostic(file: reader.fileName, position: element.position, path: element.path,
                                      message: "\(what) dated \(date), after the end of the horizon (\(end)): dropped (horizon.after_end: drop)")
        dropped.append(reader.origins?.place(note) ?? note)
        return true
    }

    /// `region: CODE` or `pdu: NUMBER` (neither: national).
    func readScope(_ m: YAMLMapping) -> Scope? {
        let regionValue = m.optional("region"), pduValue = m.optional("pdu")
        if let regionValue, let pduValue {
            let later = regionValue.position < pduValue.position ? pduValue : regionValue
            later.report("expected either region or pdu, found both")
            return nil
        }
        if let regionValue {
            guard let code = regionValue.string(allowEmpty: false) else { return nil }
            if let codes = organisation?.regionCodes, !codes.contains(code) {
                // Codes are usually single letters: suggest only for longer ones.
                let suggestion = code.count > 2 ? Suggestions.closest(to: code, in: codes) : nil
                regionValue.reportExpected("the code of a region in organisation (" + YAMLValue.listing(codes) + ")",
                                           note: suggestion.map { "did you mean \(quoted($0))?" })
                return nil
            }
            return .region(code)
        }
        if let pduValue {
            guard let number = pduValue.int(min: 1, max: ScenarioLimits.pduNumber) else { return nil }
            if let known = organisation?.pduNumbers, !known.contains(number) {
                pduValue.reportExpected("the number of a PDU in organisation", note: pduNumberHint(known))
                return nil
            }
            return .pdu(number)
        }
        return .national
    }

    private func readInflowLever(_ value: YAMLValue) -> [Lever.Change]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.leverInflow) else { return nil }
        let scale = m.required("scale").double(min: 0, max: ScenarioLimits.scale)
        let scope = readScope(m)
        guard let scale, let scope else { return nil }
        return [.inflowScale(scale, scope)]
    }

    private func readStaffLever(_ value: YAMLValue) -> [Lever.Change]? {
        guard let lever = readGradeCountLever(value, keys: ScenarioKeys.leverStaff, removing: "staff") else { return nil }
        if let staff = staffInScope(lever.grade, lever.scope) {
            // Staff levers of a grade in a scope, in file order, may not take it below
            // zero (a removal past zero used to be silently stopped there).
            let key = "\(lever.grade.rawValue)|\(lever.scope)"
            let before = staff + staffAdded[key, default: 0]
            if before + lever.add < 0, let addValue = value.mapping(allowedKeys: nil)?["add"] {
                addValue.reportExpected("a removal of at most \(max(0, before)) \(lever.grade.rawValue) staff "
                                        + "(the \(staff) in the lever's scope on the start date, with the staff levers before this one)")
                return nil
            }
            staffAdded[key] = staffAdded[key, default: 0] + lever.add
        }
        return [.staff(lever.grade, lever.add, lever.scope)]
    }

    /// Staff of `grade` in `scope` on the start date, when the organisation could be read.
    private func staffInScope(_ grade: Grade, _ scope: Scope) -> Int? {
        guard let regions = organisation?.spec?.regions else { return nil }
        var total = 0
        for region in regions {
            for pdu in region.pdus {
                switch scope {
                case .national: break
                case .region(let code): if region.code != code { continue }
                case .pdu(let number): if pdu.number != number { continue }
                }
                total += pdu.teams.reduce(0) { $0 + ($1.staff[grade] ?? 0) }
            }
        }
        return total
    }

    /// `{ grade, add, region | pdu }`: a grade, a whole number other than 0
    /// (negative to remove `removing`) and a scope.
    func readGradeCountLever(_ value: YAMLValue, keys: [String], removing: String) -> (grade: Grade, add: Int, scope: Scope)? {
        guard let m = value.mapping(allowedKeys: keys) else { return nil }
        let grade = m.required("grade").enumValue(Grade.self)
        let addValue = m.required("add")
        var add = addValue.int(min: -ScenarioLimits.leverAdd, max: ScenarioLimits.leverAdd)
        if add == 0 {
            addValue.reportExpected("a whole number other than 0 (negative to remove \(removing))")
            add = nil
        }
        let scope = readScope(m)
        guard let grade, let add, let scope else { return nil }
        return (grade, add, scope)
    }

    private func readPointsLever(_ value: YAMLValue) -> [Lever.Change]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.leverPoints) else { return nil }
        return readPointsTable(m.required("table")).map { [.points($0)] }
    }

    private func readAllocationLever(_ value: YAMLValue) -> [Lever.Change]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.leverAllocation) else { return nil }
        let capValue = m.optional("cap"), policyValue = m.optional("policy")
        if capValue == nil && policyValue == nil {
            value.reportExpected("a cap or a policy (or both)")
            return nil
        }
        let cap = capValue.map { $0.percent(min: 0, max: 1000, minExclusive: true) }
        let policy = policyValue.map { $0.enumValue(of: AllocationPolicies.names) }
        var changes: [Lever.Change] = []
        switch cap {
        case .some(nil): return nil
        case .some(let c?): changes.append(.allocationCap(c))
        case nil: break
        }
        switch policy {
        case .some(nil): return nil
        case .some(let p?): changes.append(.allocationPolicy(p))
        case nil: break
        }
        return changes
    }

    /// `early_release: { custody_scale, share }` (national).
    private func readEarlyReleaseLever(_ value: YAMLValue) -> [Lever.Change]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.leverEarlyRelease) else { return nil }
        let scaleValue = m.required("custody_scale")
        var scale = scaleValue.share()
        if let s = scale, s <= 0 {
            scaleValue.reportExpected("a share of the time in custody above 0 and at most 1 (SDS40: 0.8, 40% of the sentence instead of 50%)")
            scale = nil
        }
        let share = m.optional("share").map { $0.share() } ?? 1
        guard let scale, let share else { return nil }
        return [.earlyRelease(custodyScale: scale, share: share)]
    }

    /// `supervision_reset: { scale, case_types, exempt_risk, exempt_share, over }`.
    private func readSupervisionResetLever(_ value: YAMLValue) -> [Lever.Change]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.leverSupervisionReset) else { return nil }
        let defaults = Lever.SupervisionReset(scale: 1)
        let scaleValue = m.required("scale")
        var scale = scaleValue.share()
        if let s = scale, s <= 0 {
            scaleValue.reportExpected("a share of the supervision period above 0 and at most 1 (the Probation Reset: 0.667)")
            scale = nil
        }
        var types: Set<CaseType>? = defaults.caseTypes
        if let v = m.optional("case_types") {
            types = v.sequence { $0.enumValue(CaseType.self) }.map(Set.init)
            if types?.contains(.custody) == true {
                v.reportExpected("community or licence (custody is not a supervision period)")
                types = nil
            } else if types?.isEmpty == true {
                v.reportExpected("at least one case type (community or licence)")
                types = nil
            }
        }
        let exemptRisk = m.optional("exempt_risk").map { $0.sequence(ScenarioBuilder.riskLetter).map(Set.init) } ?? defaults.exemptRisk
        let exemptShare = m.optional("exempt_share").map { $0.share() } ?? defaults.exemptShare
        let over = m.optional("over").map { wholeDays($0, atLeastOne: false) } ?? 0
        guard let scale, let types, let exemptRisk, let exemptShare, let over else { return nil }
        return [.supervisionReset(.init(scale: scale, caseTypes: types, exemptRisk: exemptRisk,
                                        exemptShare: exemptShare, overDays: over))]
    }

    // MARK: Outputs

    private func readOutputs(_ value: YAMLValue) -> OutputSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.outputs) else { return nil }
        let defaults = OutputSpec()
        let cadence = m.optional("cadence").map { $0.enumValue(OutputSpec.Cadence.self) } ?? defaults.cadence
        var levels: Set<OutputSpec.Level>? = defaults.levels
        if let v = m.optional("levels") {
            levels = v.sequence { $0.enumValue(OutputSpec.Level.self) }.map(Set.init)
            if levels?.isEmpty == true {
                v.reportExpected("at least one level (national, region, pdu, team or practitioner)")
                levels = nil
            }
        }
        let tiers = m.optional("tier_breakdown_below_national").map { $0.bool() } ?? defaults.tierBreakdownBelowNational
        let snapshot = m.optional("wmt_snapshot").map { $0.enumValue(OutputSpec.SnapshotCadence.self) } ?? defaults.wmtSnapshot
        guard let cadence, let levels, let tiers, let snapshot else { return nil }
        return OutputSpec(cadence: cadence, levels: levels, tierBreakdownBelowNational: tiers, wmtSnapshot: snapshot)
    }
}

extension CivilDate {
    /// The same day as a date read from YAML (always valid: both are proleptic Gregorian).
    init(_ date: YAMLDate) {
        self.init(year: date.year, month: date.month, day: date.day)!
    }
}

/// Splits a PDU's staff into teams (docs/scenario-format.md, "Teams from staff totals").
enum TeamSplitter {
    /// The grades that count towards a team's size.
    static let practitionerGrades: [Grade] = [.po, .pso, .pqip]

    static func practitioners(_ staff: [Grade: Int]) -> Int {
        practitionerGrades.reduce(0) { $0 + (staff[$1] ?? 0) }
    }

    /// `ceil(practitioners / teamSize)` teams (at least one). Each grade in
    /// turn (PO, PSO, PQiP) is dealt evenly: every team gets the whole part
    /// of its equal share, and the rest go one each to the teams with the
    /// fewest practitioners so far, the first such team on a tie (so team
    /// sizes never differ by more than one). SPOs are dealt the same way on
    /// their own: the whole part each, the rest to the first teams.
    static func split(_ staff: [Grade: Int], teamSize: Int) -> [[Grade: Int]] {
        let total = practitioners(staff)
        let count = max(1, (total + teamSize - 1) / teamSize)
        var teams = Array(repeating: [Grade: Int](), count: count)
        var sizes = Array(repeating: 0, count: count)
        for grade in practitionerGrades {
            guard let n = staff[grade] else { continue }
            for k in 0..<count { teams[k][grade] = n / count }
            let rest = n % count
            let order = (0..<count).sorted { (sizes[$0], $0) < (sizes[$1], $1) }
            for k in order.prefix(rest) { teams[k][grade]! += 1 }
            for k in 0..<count { sizes[k] += teams[k][grade]! }
        }
        if let spo = staff[.spo] {
            for k in 0..<count { teams[k][.spo] = spo / count + (k < spo % count ? 1 : 0) }
        }
        return teams
    }
}
