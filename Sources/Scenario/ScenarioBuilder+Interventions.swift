// SPDX-License-Identifier: GPL-3.0-or-later
// The `interventions` block (docs/interventions.md, docs/scenario-format.md):
// unpaid work, accredited programmes and structured interventions, and
// commissioned rehabilitative services per region, with their own levers.

import Foundation
import Probation
import Simulation

extension ScenarioKeys {
    public static let interventions = ["region_weights", "unpaid_work", "programmes", "services", "levers"]
    public static let unpaidWork = [
        "share", "hours", "start_after", "start_target", "completion_window", "extension", "supervisors", "placements",
        "people_per_supervisor", "session_hours", "days_per_week", "weekly_hours", "intensive", "ete",
        "stand_down_rate", "non_attendance_rate", "enforcement", "backlog",
    ]
    public static let upwExtension = ["share", "length"]
    public static let upwIntensive = ["share", "weekly_hours"]
    public static let upwETE = ["share", "max_share_of_hours"]
    public static let upwEnforcement = ["hours", "window", "breach_share", "breach_hours"]
    public static let upwBacklog = ["people", "hours", "started_share", "past_window_share", "remaining"]
    public static let programmes = ["facilitators", "groups_per_facilitator", "facilitators_per_group", "accredited", "structured"]
    public static let programme = [
        "share", "ready_after", "sessions", "sessions_per_week", "group_size", "minimum_group", "dropout_per_session", "backlog",
    ]
    public static let programmeBacklog = ["people", "remaining"]
    /// One entry of `interventions.services`.
    public static let service = ["name", "referral_share", "capacity", "missing", "duration", "cover"]
    public static let serviceReferralShare = ["male", "female"]
    public static let serviceCover = ["hours", "over"]
    /// One entry of `interventions.levers`.
    public static let interventionLever = [
        "date", "region", "supervisors", "placements", "facilitators", "people_per_supervisor", "weekly_hours", "group_size",
    ]
    /// The changes an intervention lever may make.
    public static let interventionLeverChanges = Array(interventionLever.dropFirst(2))
    public static let adjustment = ["add", "scale"]

    /// The interventions blocks with fixed keys, for the schema test.
    public static let interventionBlocks: [(path: String, keys: [String])] = [
        ("interventions", interventions),
        ("interventions.unpaid_work", unpaidWork),
        ("interventions.unpaid_work.hours", distributionKeys),
        ("interventions.unpaid_work.extension", upwExtension),
        ("interventions.unpaid_work.intensive", upwIntensive),
        ("interventions.unpaid_work.ete", upwETE),
        ("interventions.unpaid_work.enforcement", upwEnforcement),
        ("interventions.unpaid_work.backlog", upwBacklog),
        ("interventions.unpaid_work.backlog.hours", distributionKeys),
        ("interventions.unpaid_work.backlog.remaining", distributionKeys),
        ("interventions.programmes", programmes),
        ("interventions.programmes.accredited", programme),
        ("interventions.programmes.accredited.ready_after", distributionKeys),
        ("interventions.programmes.accredited.backlog", programmeBacklog),
        ("interventions.programmes.accredited.backlog.remaining", distributionKeys),
        ("interventions.programmes.structured", programme),
        ("interventions.programmes.structured.ready_after", distributionKeys),
        ("interventions.programmes.structured.backlog", programmeBacklog),
        ("interventions.programmes.structured.backlog.remaining", distributionKeys),
        ("interventions.services[]", service),
        ("interventions.services[].duration", distributionKeys),
        ("interventions.services[].cover", serviceCover),
        ("interventions.levers[]", interventionLever),
        ("interventions.levers[].supervisors", adjustment),
        ("interventions.levers[].placements", adjustment),
        ("interventions.levers[].facilitators", adjustment),
    ]
}

extension ScenarioBuilder {
    /// What the interventions block needs from the rest of the file.
    struct InterventionContext {
        /// Region codes in order, and each region's share of sentences; nil when
        /// the organisation or demand could not be read (cross-checks are then skipped).
        var regionCodes: [String]?
        var demandByRegion: [String: Double]?
        var start: CivilDate?
        var end: CivilDate?

        init(organisation: OrganisationSpec?, demand: DemandSpec?, start: CivilDate?, end: CivilDate?) {
            regionCodes = organisation?.regions.map(\.code)
            if let organisation, let demand {
                var byRegion: [String: Double] = [:]
                for r in organisation.regions {
                    byRegion[r.code] = r.pdus.reduce(0) { $0 + (demand.sentencesPerWeek[$1.number] ?? 0) }
                }
                demandByRegion = byRegion
            }
            self.start = start; self.end = end
        }
    }

    func readInterventions(_ value: YAMLValue, context: InterventionContext) -> InterventionsSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.interventions) else { return nil }
        var failed = false
        let weights = readRegionWeights(m.optional("region_weights"), context: context)
        if m.optional("region_weights") != nil && weights == nil { failed = true }
        let split = RegionSplit(codes: context.regionCodes, weights: weights ?? context.demandByRegion)

        var spec = InterventionsSpec()
        if let v = m.optional("unpaid_work") {
            if let u = readUnpaidWork(v, split: split) { spec.unpaidWork = u } else { failed = true }
        }
        if let v = m.optional("programmes") {
            if let p = readProgrammes(v, split: split) { spec.programmes = p } else { failed = true }
        }
        if let v = m.optional("services") {
            if let s = readServices(v, split: split, context: context) { spec.services = s } else { failed = true }
        }
        if let v = m.optional("levers") {
            // A block that is there but has mistakes still counts as there (no second error for its levers).
            if let l = readInterventionLevers(v, context: context, unpaidWork: m.contains("unpaid_work"),
                                              programmes: m.contains("programmes")) { spec.levers = l } else { failed = true }
        }
        return failed ? nil : spec
    }

    // MARK: Figures by region

    /// How national figures are split between regions (largest remainder, in proportion to weights).
    struct RegionSplit {
        var codes: [String]?
        var weights: [String: Double]?

        func split(_ total: Int) -> [String: Int]? {
            guard let codes else { return nil }
            var w = codes.map { weights?[$0] ?? 0 }
            if !w.contains(where: { $0 > 0 }) { w = codes.map { _ in 1 } }
            let sum = w.reduce(0, +)
            let exact = w.map { Double(total) * $0 / sum }
            var counts = exact.map { Int($0.rounded(.down)) }
            var left = total - counts.reduce(0, +)
            let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
            for k in order where left > 0 { counts[k] += 1; left -= 1 }
            return Dictionary(uniqueKeysWithValues: zip(codes, counts))
        }
    }

    private func readRegionWeights(_ value: YAMLValue?, context: InterventionContext) -> [String: Double]? {
        guard let value else { return nil }
        if case .scalar? = value.node {
            return value.enumValue(of: [ScenarioKeys.proportionalToDemand]) != nil ? context.demandByRegion ?? [:] : nil
        }
        guard let figures = readRegionMap(value, codes: context.regionCodes, every: true, read: { $0.weight() }) else { return nil }
        if !figures.values.contains(where: { $0 > 0 }) {
            value.report("expected region weights that are not all 0, found only zeros")
            return nil
        }
        return figures
    }

    /// `{ CODE: x, … }` with region codes of the organisation; with `every`, every region must be given.
    private func readRegionMap<T>(_ value: YAMLValue, codes regionCodes: [String]?, every: Bool, read: (YAMLValue) -> T?) -> [String: T]? {
        guard let m = value.mapping(allowedKeys: nil) else { return nil }
        var result: [String: T] = [:]
        var failed = false
        for entry in m.entries {
            if let codes = regionCodes, !codes.contains(entry.key) {
                let suggestion = entry.key.count > 2 ? Suggestions.closest(to: entry.key, in: codes) : nil
                reader.report(at: entry.keyPosition, path: entry.value.path,
                              "expected the code of a region in organisation (" + YAMLValue.listing(codes) + "), found \(quoted(entry.key))"
                              + (suggestion.map { "; did you mean \(quoted($0))?" } ?? ""))
                failed = true
                continue
            }
            if let x = read(entry.value) { result[entry.key] = x } else { failed = true }
        }
        if failed { return nil }
        if every, let codes = regionCodes {
            let missing = codes.filter { result[$0] == nil }
            if !missing.isEmpty {
                value.report("expected a figure for every region in organisation (or national: N), found none for "
                             + YAMLValue.listing(missing))
                return nil
            }
        }
        return result
    }

    /// `{ national: N }` split between regions, or `{ CODE: N, … }`.
    private func readRegionCounts(_ value: YAMLValue, split: RegionSplit, every: Bool) -> [String: Int]? {
        if case .mapping? = value.node, let mapping = value.mapping(allowedKeys: nil), mapping.contains(ScenarioKeys.national) {
            if let other = mapping.entries.first(where: { $0.key != ScenarioKeys.national }) {
                reader.report(at: other.keyPosition, path: other.value.path,
                              "expected either national or region codes, found both; give one national figure or one figure for every region")
                return nil
            }
            guard let total = mapping.required(ScenarioKeys.national).int(min: 0, max: ScenarioLimits.day1Cases) else { return nil }
            return split.split(total) ?? [:]
        }
        return readRegionMap(value, codes: split.codes, every: every) { $0.int(min: 0, max: ScenarioLimits.day1Cases) }
    }

    // MARK: Unpaid work

    private func readUnpaidWork(_ value: YAMLValue, split: RegionSplit) -> UnpaidWorkSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.unpaidWork) else { return nil }
        var failed = false
        func opt<T>(_ key: String, _ read: (YAMLValue) -> T?) -> T?? {
            guard let v = m.optional(key) else { return .some(nil) }
            let x = read(v)
            if x == nil { failed = true }
            return x.map { .some($0) } ?? nil
        }
        let share = m.required("share").share()
        let hours = readNumberDistribution(m.required("hours"), unit: .hours)
        let supervisors = readRegionCounts(m.required("supervisors"), split: split, every: true)
        var u = UnpaidWorkSpec(share: share ?? 0, hours: hours ?? .constant(1), supervisors: supervisors ?? [:])
        if share == nil || hours == nil || supervisors == nil { failed = true }
        if let x = opt("start_after", { $0.workingDays() }), let x { u.startAfterWorkingDays = x }
        if let x = opt("start_target", { $0.workingDays() }), let x { u.startTargetWorkingDays = x }
        if let x = opt("completion_window", { $0.lengthDays(above: 0) }), let x { u.completionWindowDays = x }
        if let v = m.optional("extension") {
            if let e = v.mapping(allowedKeys: ScenarioKeys.upwExtension) {
                if let x = e.optional("share") { if let s = x.share() { u.extensionShare = s } else { failed = true } }
                if let x = e.optional("length") { if let d = x.lengthDays(above: 0) { u.extensionDays = d } else { failed = true } }
            } else { failed = true }
        }
        if let x = opt("placements", { readRegionCounts($0, split: split, every: false) }), let x { u.placements = x }
        if let x = opt("people_per_supervisor", { $0.int(min: 1, max: 100) }), let x { u.peoplePerSupervisor = x }
        if let x = opt("session_hours", { hoursValue($0) }), let x { u.sessionHours = x }
        if let x = opt("days_per_week", { $0.int(min: 1, max: 7) }), let x { u.daysPerWeek = x }
        if let x = opt("weekly_hours", { hoursValue($0) }), let x { u.weeklyHours = x }
        if let v = m.optional("intensive") {
            if let e = v.mapping(allowedKeys: ScenarioKeys.upwIntensive) {
                if let x = e.optional("share") { if let s = x.share() { u.intensiveShare = s } else { failed = true } }
                if let x = e.optional("weekly_hours") { if let h = hoursValue(x) { u.intensiveWeeklyHours = h } else { failed = true } }
            } else { failed = true }
        }
        if let v = m.optional("ete") {
            if let e = v.mapping(allowedKeys: ScenarioKeys.upwETE) {
                if let x = e.optional("share") { if let s = x.share() { u.eteShare = s } else { failed = true } }
                if let x = e.optional("max_share_of_hours") {
                    if let s = x.share() {
                        if s > 0.2 + 1e-12 {
                            x.reportExpected("a share from 0 to 20% (the TOM allows up to 20% of hours as ETE, 003_221d2dc672802ff6.txt:1398)")
                            failed = true
                        } else { u.eteMaxShareOfHours = s }
                    } else { failed = true }
                }
            } else { failed = true }
        }
        if let x = opt("stand_down_rate", { $0.share() }), let x { u.standDownRate = x }
        if let x = opt("non_attendance_rate", { $0.share() }), let x { u.nonAttendanceRate = x }
        if let v = m.optional("enforcement") {
            if let e = v.mapping(allowedKeys: ScenarioKeys.upwEnforcement) {
                if let x = e.optional("hours") { if let h = x.double(min: 0, max: 1000) { u.enforcement.hours = h } else { failed = true } }
                if let x = e.optional("window") { if let d = x.lengthDays(above: 0) { u.enforcement.windowDays = d } else { failed = true } }
                if let x = e.optional("breach_share") { if let s = x.share() { u.enforcement.breachShare = s } else { failed = true } }
                if let x = e.optional("breach_hours") { if let h = x.double(min: 0, max: 1000) { u.enforcement.breachHours = h } else { failed = true } }
            } else { failed = true }
        }
        if let v = m.optional("backlog") {
            if let b = readUPWBacklog(v, split: split) { u.backlog = b } else { failed = true }
        }
        return failed ? nil : u
    }

    /// Hours in a week: a number above 0 and at most 28 (the TOM's weekly maximum).
    private func hoursValue(_ value: YAMLValue) -> Double? {
        let expected = "a number of hours above 0 and at most 28 (the most anyone may work in a week, 003_221d2dc672802ff6.txt:1398)"
        guard let scalar = value.resolvedScalar(expected: expected) else { return nil }
        guard scalar.kind == .int || scalar.kind == .float, let x = scalar.doubleValue, x.isFinite, x > 0,
              x <= UnpaidWorkSpec.maxHoursPerWeek else {
            value.reportExpected(expected, note: YAMLValue.quotedNote(scalar) { $0 == .int || $0 == .float })
            return nil
        }
        return x
    }

    private func readUPWBacklog(_ value: YAMLValue, split: RegionSplit) -> UPWBacklogSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.upwBacklog) else { return nil }
        let people = readRegionCounts(m.required("people"), split: split, every: false)
        let hours = readNumberDistribution(m.required("hours"), unit: .hours)
        let started = m.optional("started_share").map { $0.share() } ?? 0
        let pastWindow = m.optional("past_window_share").map { $0.share() } ?? 0
        let remaining = readNumberDistribution(m.required("remaining"), unit: .days)
        guard let people, let hours, let started, let pastWindow, let remaining else { return nil }
        return UPWBacklogSpec(people: people, hours: hours, startedShare: started, pastWindowShare: pastWindow,
                              remainingDays: remaining)
    }

    // MARK: Programmes

    private func readProgrammes(_ value: YAMLValue, split: RegionSplit) -> ProgrammesSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.programmes) else { return nil }
        let facilitators = readRegionCounts(m.required("facilitators"), split: split, every: true)
        let perFacilitator = m.optional("groups_per_facilitator").map { $0.int(min: 1, max: 20) } ?? 2
        let perGroup = m.optional("facilitators_per_group").map { $0.int(min: 1, max: 10) } ?? 2
        let apValue = m.optional("accredited"), siValue = m.optional("structured")
        let ap = apValue.flatMap { readProgramme($0, split: split, maxGroup: 12) }
        let si = siValue.flatMap { readProgramme($0, split: split, maxGroup: nil) }
        guard let facilitators, let perFacilitator, let perGroup, apValue == nil || ap != nil, siValue == nil || si != nil
        else { return nil }
        return ProgrammesSpec(facilitators: facilitators, groupsPerFacilitator: perFacilitator, facilitatorsPerGroup: perGroup,
                              accredited: ap, structured: si)
    }

    private func readProgramme(_ value: YAMLValue, split: RegionSplit, maxGroup: Int?) -> ProgrammeSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.programme) else { return nil }
        let share = m.required("share").share()
        let ready = m.optional("ready_after").map { readNumberDistribution($0, unit: .days) } ?? .constant(0)
        let sessions = m.required("sessions").int(min: 1, max: 1000)
        let perWeek = m.optional("sessions_per_week").map { $0.int(min: 1, max: 7) } ?? 2
        let sizeValue = m.optional("group_size")
        var size = sizeValue.map { $0.int(min: 1, max: 100) } ?? 12
        if let s = size, let maxGroup, s > maxGroup, let sizeValue {
            sizeValue.reportExpected("a group size of at most \(maxGroup) (accredited programmes are delivered to groups of up to 12, 003_221d2dc672802ff6.txt:1574)")
            size = nil
        }
        let minimumValue = m.optional("minimum_group")
        var minimum = minimumValue.map { $0.int(min: 1, max: 100) } ?? 6
        if let mn = minimum, let s = size, mn > s, let minimumValue {
            minimumValue.reportExpected("a minimum group of at most group_size (\(s))")
            minimum = nil
        } else if minimum == 6, minimumValue == nil, let s = size, s < 6 {
            minimum = s
        }
        let dropout = m.optional("dropout_per_session").map { $0.share() } ?? 0
        let backlogValue = m.optional("backlog")
        let backlog = backlogValue.flatMap { readProgrammeBacklog($0, split: split) }
        guard let share, let ready, let sessions, let perWeek, let size, let minimum, let dropout,
              backlogValue == nil || backlog != nil else { return nil }
        return ProgrammeSpec(share: share, readyAfterDays: ready, sessions: sessions, sessionsPerWeek: perWeek,
                             groupSize: size, minimumGroup: minimum, dropoutPerSession: dropout, backlog: backlog)
    }

    private func readProgrammeBacklog(_ value: YAMLValue, split: RegionSplit) -> ProgrammeBacklogSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.programmeBacklog) else { return nil }
        let people = readRegionCounts(m.required("people"), split: split, every: false)
        let remaining = readNumberDistribution(m.required("remaining"), unit: .days)
        guard let people, let remaining else { return nil }
        return ProgrammeBacklogSpec(people: people, remainingDays: remaining)
    }

    // MARK: Services

    private func readServices(_ value: YAMLValue, split: RegionSplit, context: InterventionContext) -> [ServiceLotSpec]? {
        var seen: [String: YAMLPosition] = [:]
        return value.sequence { element -> ServiceLotSpec? in
            guard let m = element.mapping(allowedKeys: ScenarioKeys.service) else { return nil }
            let nameValue = m.required("name")
            var name = nameValue.string(allowEmpty: false)
            if let n = name {
                let valid = n.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
                if !valid {
                    let slug = n.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "_" }.joined()
                    nameValue.reportExpected("a lot name of lower-case letters, digits and _ (it is part of metric names)",
                                             note: "did you mean \(quoted(slug))?")
                    name = nil
                } else if let first = seen[n] {
                    nameValue.reportExpected("a lot name not used before", note: "already used at line \(first.line), column \(first.column)")
                    name = nil
                } else {
                    seen[n] = nameValue.position
                }
            }
            var male: Double?, female: Double?
            let shareValue = m.required("referral_share")
            if case .mapping? = shareValue.node {
                if let s = shareValue.mapping(allowedKeys: ScenarioKeys.serviceReferralShare) {
                    male = s.optional("male").map { $0.share() } ?? 0
                    female = s.optional("female").map { $0.share() } ?? 0
                }
            } else {
                male = shareValue.share(); female = male
            }
            var missing: Set<String>? = []
            if let v = m.optional("missing") {
                missing = v.sequence { element -> String? in
                    guard let code = element.string(allowEmpty: false) else { return nil }
                    if let codes = context.regionCodes, !codes.contains(code) {
                        element.reportExpected("the code of a region in organisation (" + YAMLValue.listing(codes) + ")")
                        return nil
                    }
                    return code
                }.map(Set.init)
            }
            let capacity = m.optional("capacity").map { readRegionCounts($0, split: split, every: false) } ?? [:]
            let duration = readNumberDistribution(m.required("duration"), unit: .days)
            var coverHours: Double? = 0, coverDays: Double? = 84
            if let v = m.optional("cover") {
                if let c = v.mapping(allowedKeys: ScenarioKeys.serviceCover) {
                    coverHours = c.required("hours").double(min: 0, max: 10_000)
                    coverDays = c.optional("over").map { $0.lengthDays(above: 0) } ?? 84
                } else { coverHours = nil }
            }
            guard let name, let male, let female, var missing, var capacity, let duration, let coverHours, let coverDays
            else { return nil }
            // Missing regions have no places.
            for code in missing { capacity[code] = 0 }
            if let codes = context.regionCodes {
                missing.formIntersection(codes)
            }
            return ServiceLotSpec(name: name, referralShareMale: male, referralShareFemale: female, capacity: capacity,
                                  missing: missing, durationDays: duration, coverHours: coverHours, coverDays: coverDays)
        }
    }

    // MARK: Levers

    private func readInterventionLevers(_ value: YAMLValue, context: InterventionContext, unpaidWork: Bool,
                                        programmes: Bool) -> [InterventionLever]? {
        guard let elements = value.sequence() else { return nil }
        var levers: [InterventionLever] = []
        var failed = false
        for element in elements {
            guard let m = element.mapping(allowedKeys: ScenarioKeys.interventionLever) else { failed = true; continue }
            let dateValue = m.required("date")
            var date = dateValue.date().map(CivilDate.init)
            var drop = false
            if let d = date, drops(element, date: d, what: "interventions lever") {
                drop = true
            } else if let d = date, let start = context.start, let end = context.end, d < start || d > end {
                dateValue.reportExpected("a date within the horizon (\(start) to \(end))",
                                         note: "lever date \(d < start ? "before the start" : "after the end") of the horizon")
                date = nil
            }
            var region: String?? = .some(nil)
            if let v = m.optional("region") {
                if let code = v.string(allowEmpty: false) {
                    if let codes = context.regionCodes, !codes.contains(code) {
                        v.reportExpected("the code of a region in organisation (" + YAMLValue.listing(codes) + ")")
                        region = nil
                    } else { region = .some(code) }
                } else { region = nil }
            }
            var changes: [InterventionLever.Change]? = []
            if !ScenarioKeys.interventionLeverChanges.contains(where: m.contains) {
                element.report("expected a lever with a change (" + YAMLValue.listing(ScenarioKeys.interventionLeverChanges) + "), found none")
                changes = nil
            }
            func need(_ present: Bool, _ key: String, _ block: String) {
                if !present, let v = m[key] {
                    v.report("expected interventions.\(block) for a \(key) lever, found no such block")
                    changes = nil
                }
            }
            need(unpaidWork, "supervisors", "unpaid_work")
            need(unpaidWork, "placements", "unpaid_work")
            need(unpaidWork, "people_per_supervisor", "unpaid_work")
            need(unpaidWork, "weekly_hours", "unpaid_work")
            need(programmes, "facilitators", "programmes")
            need(programmes, "group_size", "programmes")
            let adjustable: [(String, (InterventionLever.Adjustment) -> InterventionLever.Change)] = [
                ("supervisors", { .supervisors($0) }), ("placements", { .placements($0) }), ("facilitators", { .facilitators($0) }),
            ]
            for (key, make) in adjustable {
                guard let v = m[key] else { continue }
                if let a = readAdjustment(v) { changes?.append(make(a)) } else { changes = nil }
            }
            if let v = m["people_per_supervisor"] {
                if let n = v.int(min: 1, max: 100) { changes?.append(.peoplePerSupervisor(n)) } else { changes = nil }
            }
            if let v = m["weekly_hours"] {
                if let h = hoursValue(v) { changes?.append(.weeklyHours(h)) } else { changes = nil }
            }
            if let v = m["group_size"] {
                if let n = v.int(min: 1, max: 12) { changes?.append(.groupSize(n)) } else { changes = nil }
            }
            if let date, let region, let changes {
                // A dropped lever is read (so its mistakes are still found) but not kept.
                if !drop { levers += changes.map { InterventionLever(date: date, region: region, change: $0) } }
            } else {
                failed = true
            }
        }
        return failed ? nil : levers
    }

    /// `{ add: N }` (a whole number other than 0) or `{ scale: F }` (≥ 0).
    private func readAdjustment(_ value: YAMLValue) -> InterventionLever.Adjustment? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.adjustment) else { return nil }
        let add = m.optional("add"), scale = m.optional("scale")
        switch (add, scale) {
        case (nil, nil):
            value.reportExpected("add: N or scale: F")
            return nil
        case let (a?, s?):
            let later = a.position < s.position ? s : a
            later.report("expected either add or scale, found both")
            return nil
        case let (a?, nil):
            guard let n = a.int(min: -ScenarioLimits.leverAdd, max: ScenarioLimits.leverAdd) else { return nil }
            if n == 0 { a.reportExpected("a whole number other than 0 (negative to remove)"); return nil }
            return .add(n)
        case let (nil, s?):
            return s.double(min: 0, max: ScenarioLimits.scale).map { .scale($0) }
        }
    }
}
