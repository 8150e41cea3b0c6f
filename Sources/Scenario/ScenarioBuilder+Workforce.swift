// SPDX-License-Identifier: GPL-3.0-or-later
// The workforce blocks of a scenario (docs/workforce.md, docs/scenario-format.md):
// `workforce.recruitment`, `absence`, `pqip`, `progression`,
// `blended_caseloads`, a PDU's `establishment`, and the `leave` and
// `establishment` levers. Like the rest of the builder, every problem is
// reported at the value it concerns and all of them at once.

import Foundation
import Probation
import Simulation

extension ScenarioBuilder {
    // MARK: workforce

    /// Reads the workforce dynamics keys of `workforce` on top of `base`
    /// (the leaving rates and replacement already read).
    func readWorkforceDynamics(_ m: YAMLMapping, base: WorkforceSpec) -> WorkforceSpec? {
        var spec = base
        var failed = false

        if let v = m.optional("recruitment") {
            if let r = v.mapping(allowedKeys: ScenarioKeys.recruitedGrades) {
                for entry in r.entries {
                    guard let grade = Grade(rawValue: entry.key) else { continue }
                    if let x = readRecruitment(entry.value) { spec.recruitment[grade] = x } else { failed = true }
                }
            } else {
                failed = true
            }
        }
        if let v = m.optional("absence") {
            if let a = v.mapping(allowedKeys: ScenarioKeys.absence) {
                let sick = a.optional("sickness_days_per_year").map { $0.double(min: 0, max: 260) } ?? 0
                let leave = a.optional("annual_leave_days_per_year").map { $0.double(min: 0, max: 260) } ?? 0
                if let sick, let leave {
                    spec.absence = AbsenceSpec(sicknessDaysPerYear: sick, annualLeaveDaysPerYear: leave)
                    if spec.absence.fraction > 1 {
                        v.report("expected absence of at most \(YAMLValue.format(AbsenceSpec.workingDaysPerYear.rounded())) working days a year in all, found \(YAMLValue.format(sick + leave))")
                        failed = true
                    }
                } else {
                    failed = true
                }
            } else {
                failed = true
            }
        }
        if let v = m.optional("case_holding_share") {
            if let shares = v.mapping(allowedKeys: ["PO", "PSO"]) {
                for entry in shares.entries {
                    guard let grade = Grade(rawValue: entry.key) else { continue }
                    if let x = entry.value.share(), x > 0 {
                        spec.caseHoldingShare[grade] = x
                    } else {
                        if entry.value.share() != nil { entry.value.reportExpected("a share above 0 and at most 1") }
                        failed = true
                    }
                }
            } else {
                failed = true
            }
        }
        let pqipValue = m.optional("pqip")
        if let v = pqipValue {
            if let p = readPQiP(v) { spec.pqip = p } else { failed = true }
            // Trainees leave by withdrawal; a PQiP leaving rate as well would count them twice.
            if let rate = spec.leavingRatePerYear[.pqip], rate > 0,
               let rateValue = m["leaving_rate_per_year"]?.mapping(allowedKeys: nil)?["PQiP"] {
                rateValue.reportExpected("no PQiP leaving rate when workforce.pqip is given",
                                         note: "trainees leave by pqip.withdrawal (a share of each cohort)")
                failed = true
            }
        }
        if let v = m.optional("progression") {
            if pqipValue == nil {
                v.reportExpected("no progression without workforce.pqip",
                                 note: "PSOs on the pathway start PQiP training; give workforce.pqip")
                failed = true
            } else if let p = readProgression(v) {
                spec.progression = p
            } else {
                failed = true
            }
        }
        if let v = m.optional("blended_caseloads") {
            if let b = readBlended(v) { spec.blendedCaseloads = b } else { failed = true }
        }
        return failed ? nil : spec
    }

    private func readRecruitment(_ value: YAMLValue) -> RecruitmentSpec? {
        guard let r = value.mapping(allowedKeys: ScenarioKeys.recruitedGrade) else { return nil }
        let lead = r.optional("lead_time").map { wholeDays($0, atLeastOne: false) } ?? 112
        let success = r.optional("success").map { $0.share() } ?? 1
        guard let lead, let success else { return nil }
        if success == 0, let v = r["success"] {
            v.reportExpected("a success share above 0", note: "with 0 no vacancy is ever filled; leave the grade out instead")
            return nil
        }
        return RecruitmentSpec(leadTimeDays: lead, success: success)
    }

    /// A length (`18 months`) or a distribution of lengths, in days.
    func readLengthOrDistribution(_ value: YAMLValue) -> Distribution? {
        if case .mapping? = value.node { return readDistribution(value) }
        guard let days = value.lengthDays(above: 0) else { return nil }
        return .constant(days)
    }

    private func readPQiP(_ value: YAMLValue) -> PQiPSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.pqip) else { return nil }
        var spec = PQiPSpec()
        var failed = false
        func take<T>(_ key: String, _ read: (YAMLValue) -> T?, _ apply: (T) -> Void) {
            guard let v = m.optional(key) else { return }
            if let x = read(v) { apply(x) } else { failed = true }
        }
        take("training_length", readLengthOrDistribution) { spec.trainingLengthDays = $0 }
        take("stage_length", { $0.lengthDays(above: 0) }) { spec.stageLengthDays = $0 }
        if let v = m.optional("stage_reductions") {
            if let list = v.sequence({ $0.percent(min: 0, max: 100) }) {
                if list.count == 3 { spec.stageReductions = list.map { $0 / 100 } } else {
                    v.report("expected 3 stage reductions (stages 1, 2 and 3), found \(list.count)")
                    failed = true
                }
            } else {
                failed = true
            }
        }
        let pqipRules = grades[.pqip] ?? GradeRules.defaults[.pqip]!
        if let v = m.optional("protected_caseload") {
            if let stages = v.mapping(allowedKeys: ScenarioKeys.pqipStages) {
                var rules: [GradeRules]? = [pqipRules, pqipRules, pqipRules]
                for (k, key) in ScenarioKeys.pqipStages.enumerated() {
                    guard let s = stages.optional(key) else { continue }
                    if let r = readProtectedCaseload(s, base: pqipRules, allowed: ScenarioKeys.protectedCaseload) {
                        rules?[k] = r
                    } else {
                        rules = nil
                    }
                }
                if let rules { spec.stageRules = rules } else { failed = true }
            } else {
                failed = true
            }
        }
        take("withdrawal", { $0.share() }) { spec.withdrawalShare = $0 }
        take("on_time", { $0.share() }) { spec.onTimeShare = $0 }
        take("extension", { self.wholeDays($0, atLeastOne: false) }) { spec.extensionDays = $0 }
        if let v = m.optional("nqo") {
            if let n = v.mapping(allowedKeys: ScenarioKeys.nqo) {
                let reduction = n.optional("reduction").map { $0.percent(min: 0, max: 100).map { $0 / 100 } } ?? 0.2
                let length = n.optional("length").map { wholeDays($0, atLeastOne: false) } ?? 273
                let poRules = grades[.po] ?? GradeRules.defaults[.po]!
                var rules: GradeRules?? = .some(nil)
                if ["risk", "case_types", "max_cases"].contains(where: n.contains) {
                    rules = readProtectedCaseload(v, base: poRules, allowed: ScenarioKeys.nqo).map { .some($0) } ?? .none
                }
                if let reduction, let length, case .some(let r) = rules {
                    spec.nqoReduction = reduction; spec.nqoDays = length; spec.nqoRules = r
                } else {
                    failed = true
                }
            } else {
                failed = true
            }
        }
        take("beyond_establishment", { $0.enumValue(BeyondEstablishment.self) }) { spec.beyondEstablishment = $0 }
        take("in_post_elapsed", readLengthOrDistribution) { spec.inPostElapsedDays = $0 }
        if let v = m.optional("supervision") {
            if let s = v.mapping(allowedKeys: ScenarioKeys.supervision) {
                let spo = s.optional("spo_hours_per_week").map { $0.double(min: 0, max: 37) } ?? 0
                let po = s.optional("po_hours_per_week").map { $0.double(min: 0, max: 37) } ?? 0
                if let spo, let po { spec.spoSupervisionHours = spo; spec.poSupervisionHours = po } else { failed = true }
            } else {
                failed = true
            }
        }
        take("intake_scale", { $0.double(min: 0, max: ScenarioLimits.scale) }) { spec.intakeScale = $0 }
        if let v = m.optional("intakes") {
            // Under horizon.after_end: drop, an intake after the end is read but not kept.
            if let list = v.sequence({ e -> PQiPIntake?? in
                guard let intake = readIntake(e) else { return nil }
                return drops(e, date: intake.date, what: "PQiP intake") ? .some(nil) : .some(intake)
            }) { spec.intakes = list.compactMap { $0 } } else { failed = true }
        }
        return failed ? nil : spec
    }

    /// `{ risk, case_types, max_cases }` over a grade's rules.
    private func readProtectedCaseload(_ value: YAMLValue, base: GradeRules, allowed: [String]) -> GradeRules? {
        guard let m = value.mapping(allowedKeys: allowed) else { return nil }
        var rules = base
        var failed = false
        if let v = m.optional("risk") {
            if let letters = v.sequence(ScenarioBuilder.riskLetter) {
                if letters.isEmpty {
                    v.reportExpected("at least one risk letter")
                    failed = true
                } else {
                    rules.riskLetters = Set(letters)
                }
            } else {
                failed = true
            }
        }
        if let v = m.optional("case_types") {
            if let types = v.sequence({ $0.enumValue(CaseType.self) }) {
                if types.isEmpty {
                    v.reportExpected("at least one case type")
                    failed = true
                } else {
                    rules.caseTypes = Set(types)
                }
            } else {
                failed = true
            }
        }
        if let v = m["max_cases"] {
            if case .scalar(let s)? = v.node, s.string == "none" || v.isNull {
                rules.maxCases = nil
            } else if let n = v.int(min: 1, max: ScenarioLimits.staffPerGrade) {
                rules.maxCases = n
            } else {
                failed = true
            }
        }
        return failed ? nil : rules
    }

    private func readIntake(_ value: YAMLValue) -> PQiPIntake? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.intake) else { return nil }
        let date = readDateInHorizon(m.required("date"), what: "an intake", mayBeDropped: true)
        let size = m.required("size").int(min: 0, max: ScenarioLimits.intakeSize)
        let scope = readScope(m)
        guard let date, let size, let scope else { return nil }
        return PQiPIntake(date: date, size: size, scope: scope)
    }

    /// A date from the start of the horizon to its end, both included.
    /// With `mayBeDropped`, a date after the end is returned under
    /// `horizon.after_end: drop` (the caller drops the item).
    private func readDateInHorizon(_ value: YAMLValue, what: String, mayBeDropped: Bool = false) -> CivilDate? {
        guard let d = value.date().map(CivilDate.init) else { return nil }
        if mayBeDropped, dropAfterEnd, let end, d > end { return d }
        if let start, let end, d < start || d > end {
            value.reportExpected("a date within the horizon (\(start) to \(end))",
                                 note: "\(what) \(d < start ? "before the start" : "after the end") of the horizon")
            return nil
        }
        return d
    }

    /// Region codes, each one in organisation.
    private func readRegionCodes(_ value: YAMLValue) -> [String]? {
        value.sequence { v -> String? in
            guard let code = v.string(allowEmpty: false) else { return nil }
            if let codes = organisation?.regionCodes, !codes.contains(code) {
                v.reportExpected("the code of a region in organisation (" + YAMLValue.listing(codes) + ")")
                return nil
            }
            return code
        }
    }

    private func readProgression(_ value: YAMLValue) -> ProgressionSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.progression) else { return nil }
        let share = m.required("share_per_year").percent(min: 0, max: 100).map { $0 / 100 }
        var regions: [String]?? = .some(nil)
        if let v = m.optional("regions") { regions = readRegionCodes(v).map { .some($0) } ?? .none }
        let startDate = readDateInHorizon(m.required("start"), what: "the pathway's start")
        var endDate: CivilDate?? = .some(nil)
        if let v = m.optional("end") {
            if let d = v.date().map(CivilDate.init) {
                if let s = startDate, d < s {
                    v.reportExpected("an end on or after the start (\(s))")
                    endDate = .none
                } else {
                    endDate = .some(d)
                }
            } else {
                endDate = .none
            }
        }
        let rounds = m.optional("rounds_per_year").map { $0.int(min: 1, max: 52) } ?? 1
        var length: Distribution?? = .some(nil)
        if let v = m.optional("training_length") { length = readLengthOrDistribution(v).map { .some($0) } ?? .none }
        guard let share, case .some(let r) = regions, let startDate, case .some(let e) = endDate, let rounds,
              case .some(let l) = length else { return nil }
        return ProgressionSpec(sharePerYear: share, regions: r, start: startDate, end: e, roundsPerYear: rounds,
                               trainingLengthDays: l)
    }

    private func readBlended(_ value: YAMLValue) -> BlendedCaseloadSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.blendedCaseloads) else { return nil }
        let shares = readGradeMap(m.required("former_crc"), { $0.share() })
        var regionShares: [String: [Grade: Double]]? = [:]
        if let v = m.optional("regions") {
            if let r = v.mapping(allowedKeys: nil) {
                for entry in r.entries {
                    var ok = true
                    if let codes = organisation?.regionCodes, !codes.contains(entry.key) {
                        reader.report(at: entry.keyPosition, path: entry.value.path,
                                      "expected the code of a region in organisation (" + YAMLValue.listing(codes) + "), found \(quoted(entry.key))")
                        ok = false
                    }
                    if let g = readGradeMap(entry.value, { $0.share() }), ok { regionShares?[entry.key] = g } else { regionShares = nil }
                }
            } else {
                regionShares = nil
            }
        }
        var restricted: Set<Character>? = ["C", "D"]
        if let v = m.optional("restricted_risk") {
            restricted = v.sequence(ScenarioBuilder.riskLetter).map(Set.init)
        }
        let from = readDateInHorizon(m.required("from"), what: "the ramp's start")
        var until = m.required("until").date().map(CivilDate.init)
        if let f = from, let u = until, u < f {
            m.required("until").reportExpected("a date on or after from (\(f))")
            until = nil
        }
        guard let shares, let regionShares, let restricted, let from, let until else { return nil }
        return BlendedCaseloadSpec(formerCRCShare: shares, regionShares: regionShares, restrictedRisk: restricted,
                                   from: from, until: until)
    }

    // MARK: organisation

    /// Splits a PDU's `establishment` over the teams made from its `staff`:
    /// each team's posts are its staff, and the difference between the
    /// PDU's establishment and its staff is dealt one post at a time to the
    /// teams in turn (removed in turn, never below 0, when it is negative).
    func splitEstablishment(_ value: YAMLValue, teams: inout [TeamSpec]) -> Bool {
        guard let funded = readGradeMap(value, { $0.int(min: 0, max: ScenarioLimits.staffPerGrade) }) else { return false }
        guard !teams.isEmpty else { return true }
        for k in teams.indices { teams[k].establishment = teams[k].staff }
        for (grade, posts) in funded {
            let staff = teams.reduce(0) { $0 + ($1.staff[grade] ?? 0) }
            var left = posts - staff
            var k = 0, stalled = 0
            while left != 0 && stalled < teams.count {
                let i = k % teams.count
                k += 1
                let now = teams[i].establishment?[grade] ?? 0
                if left < 0 && now == 0 { stalled += 1; continue }
                teams[i].establishment?[grade] = now + (left > 0 ? 1 : -1)
                left += left > 0 ? -1 : 1
                stalled = 0
            }
        }
        return true
    }

    // MARK: levers

    /// `leave: { extra_days, until, region | pdu }`.
    func readLeaveLever(_ value: YAMLValue, date: CivilDate?) -> [Lever.Change]? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.leverLeave) else { return nil }
        let daysValue = m.required("extra_days")
        var days = daysValue.double(min: 0, max: 260)
        if days == 0 {
            daysValue.reportExpected("a number of days above 0")
            days = nil
        }
        let untilValue = m.required("until")
        var until = untilValue.date().map(CivilDate.init)
        if let u = until, let d = date {
            // A calendar tabulating the lever's year only: the rest comes from the rules
            // (bank holidays from a table made once), with no 32-year table built per lever.
            let working = SimulationCalendar(epoch: d, precomputedYears: d.year...d.year).workingDays(from: d.adding(days: -1), to: u)
            if u < d {
                untilValue.reportExpected("a last day on or after the lever's date (\(d))")
                until = nil
            } else if working < 1 {
                untilValue.reportExpected("a window from the lever's date with at least one working day", note: "the leave is spread over its working days")
                until = nil
            }
        }
        let scope = readScope(m)
        guard let days, let until, let scope else { return nil }
        return [.extraLeave(days: days, until: until, scope)]
    }

    /// `establishment: { grade, add, region | pdu }`.
    func readEstablishmentLever(_ value: YAMLValue) -> [Lever.Change]? {
        readGradeCountLever(value, keys: ScenarioKeys.leverEstablishment, removing: "posts")
            .map { [.establishment($0.grade, $0.add, $0.scope)] }
    }
}
