// SPDX-License-Identifier: GPL-3.0-or-later
// The `tiering` block of a scenario (docs/tiering.md, docs/scenario-format.md): the
// computed tiering model's profile distributions, reassessment and calculator. Like the
// rest of the builder, every problem is reported at the value it concerns, all at once.

import Foundation
import Probation
import Simulation

extension ScenarioBuilder {
    /// The level names of the ordered profile attributes, lowest first.
    static let tieringLevels: [String: [String]] = [
        "rosh": ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"],
        "mappa": ["none", "M1", "M2", "M3"],
        "needs": ["NO_NEED", "STANDARD", "SEVERE"],
        "dcsrp_bands": ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"],
    ]
    /// The marginal each profile attribute takes.
    enum AttributeKind { case share, levels, quantiles }
    static let tieringAttributeKinds: [String: AttributeKind] = [
        "rosh": .levels, "mappa": .levels, "needs": .levels, "dcsrp_bands": .levels,
        "rsr": .quantiles, "ogrs": .quantiles, "arp": .quantiles, "csrp": .quantiles,
        "parenting": .share, "self_control": .share, "assessment": .share, "community_mandate": .share,
        "sexual_offence": .share, "lifer": .share,
    ]

    func readTiering(_ value: YAMLValue) -> TieringSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.tiering) else { return nil }
        let calculator = m.optional("calculator").map { $0.enumValue(TierModelVersion.self) } ?? .v2
        let switchDate = m.optional("switch_to_v3").map { $0.date().map(CivilDate.init) }
        var weighting: [Tier]? = [.a2, .b2, .c3, .c2, .c1, .d2, .d1]
        if let v = m.optional("v3_weighting") {
            weighting = nil
            if let w = v.mapping(allowedKeys: ScenarioKeys.v3Tiers) {
                var tiers: [Tier] = []
                for name in ScenarioKeys.v3Tiers {
                    let tv = w.required(name)
                    guard let text = tv.string(allowEmpty: false) else { continue }
                    if let t = try? Tier(parsing: text) { tiers.append(t) } else {
                        tv.reportExpected("a v2 tier (A3 … D0) to weigh v3 tier \(name) as")
                    }
                }
                if tiers.count == 7 { weighting = tiers }
            }
        }
        var every: Double? = 364, persistence: Double? = 0.8, onRelease: Bool? = true
        var enforcement: Double? = 0, registrations: Double? = 0
        if let v = m.optional("reassessment") {
            if let r = v.mapping(allowedKeys: ScenarioKeys.tieringReassessment) {
                every = r.optional("every").map { $0.lengthDays(above: 0) } ?? 364
                persistence = r.optional("persistence").map { $0.double(min: 0, max: 1) } ?? 0.8
                onRelease = r.optional("on_release").map { $0.bool() } ?? true
                enforcement = r.optional("enforcement_per_year").map { $0.double(min: 0, max: 52) } ?? 0
                registrations = r.optional("registrations_per_year").map { $0.double(min: 0, max: 52) } ?? 0
            } else {
                every = nil
            }
        }
        var unsupervisedFrom: CivilDate?? = .some(nil), unsupervisedAfter: Double? = 2.0 / 3
        if let v = m.optional("unsupervised") {
            if let u = v.mapping(allowedKeys: ScenarioKeys.tieringUnsupervised) {
                unsupervisedFrom = u.required("from").date().map { .some(CivilDate($0)) } ?? nil
                unsupervisedAfter = u.optional("after").map { $0.share() } ?? 2.0 / 3
            } else {
                unsupervisedFrom = nil
            }
        }
        let profiles = readProfiles(m.required("profiles"))
        guard let calculator, switchDate ?? nil != nil || switchDate == nil, let weighting, let every, let persistence,
              let onRelease, let enforcement, let registrations, let unsupervisedFrom, let unsupervisedAfter, let profiles
        else { return nil }
        if calculator == .v3, let v = m["switch_to_v3"] {
            v.reportExpected("no switch_to_v3 when the calculator is already v3")
            return nil
        }
        return TieringSpec(profiles: profiles, reassessmentIntervalDays: every, persistence: persistence,
                           reassessOnRelease: onRelease, enforcementPerYear: enforcement,
                           registrationsPerYear: registrations, calculator: calculator, switchToV3: switchDate ?? nil,
                           v3Weighting: weighting, unsupervisedFrom: unsupervisedFrom, unsupervisedAfter: unsupervisedAfter)
    }

    private func readProfiles(_ value: YAMLValue) -> ProfileSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.tieringProfiles) else { return nil }
        let rho = m.required("factor_correlation").double(min: -1, max: 1)
        var shift: Loadings? = Loadings()
        if let v = m.optional("custody_shift") {
            shift = nil
            if let s = v.mapping(allowedKeys: ScenarioKeys.tieringFactors) {
                let h = s.optional("harm").map { $0.double(min: -3, max: 3) } ?? 0
                let r = s.optional("reoffending").map { $0.double(min: -3, max: 3) } ?? 0
                if let h, let r { shift = Loadings(harm: h, reoffending: r) }
            }
        }
        var attributes: [String: AttributeSpec] = [:]
        var failed = rho == nil || shift == nil
        for (name, kind) in Self.tieringAttributeKinds.sorted(by: { $0.key < $1.key }) {
            if let a = readAttribute(m.required(name), name: name, kind: kind, rho: rho) { attributes[name] = a } else { failed = true }
        }
        var registrations: [DrawnRegistration: AttributeSpec] = [:]
        if let v = m.optional("registrations") {
            if let r = v.mapping(allowedKeys: ScenarioKeys.tieringRegistrations) {
                for entry in r.entries {
                    guard let code = DrawnRegistration(rawValue: entry.key) else { continue }
                    if let a = readAttribute(entry.value, name: entry.key, kind: .share, rho: rho) { registrations[code] = a } else { failed = true }
                }
            } else {
                failed = true
            }
        }
        guard !failed, let rho, let shift else { return nil }
        func a(_ k: String) -> AttributeSpec { attributes[k]! }
        return ProfileSpec(factorCorrelation: rho, custodyShift: shift, rosh: a("rosh"), mappa: a("mappa"), rsr: a("rsr"),
                           ogrs: a("ogrs"), arp: a("arp"), csrp: a("csrp"), needs: a("needs"), registrations: registrations,
                           parenting: a("parenting"), selfControl: a("self_control"), assessment: a("assessment"),
                           communityMandate: a("community_mandate"), sexualOffence: a("sexual_offence"),
                           dcsrpBands: a("dcsrp_bands"), lifer: a("lifer"))
    }

    /// One attribute: its marginal (`share`, `levels` or `quantiles`, as the attribute takes)
    /// and its loadings on the two factors, whose variance a² + b² + 2ρab may not exceed 1.
    private func readAttribute(_ value: YAMLValue, name: String, kind: AttributeKind, rho: Double?) -> AttributeSpec? {
        guard let m = value.mapping(allowedKeys: ScenarioKeys.tieringAttribute) else { return nil }
        let harm = m.optional("harm").map { $0.double(min: -1, max: 1) } ?? 0
        let reoff = m.optional("reoffending").map { $0.double(min: -1, max: 1) } ?? 0
        let keyOf: [AttributeKind: String] = [.share: "share", .levels: "levels", .quantiles: "quantiles"]
        for (k, key) in keyOf where k != kind {
            if let v = m[key] {
                v.reportExpected("no \(key) for \(name)", note: "\(name) takes \(keyOf[kind]!)")
                return nil
            }
        }
        var marginal: Marginal?
        switch kind {
        case .share:
            marginal = m.required("share").share().map { .share($0) }
        case .levels:
            let names = Self.tieringLevels[name]!
            let v = m.required("levels")
            if let l = v.mapping(allowedKeys: names) {
                let weights = names.map { n in l.optional(n).map { $0.weight() } ?? 0 }
                if weights.allSatisfy({ $0 != nil }) {
                    let w = weights.map { $0! }, total = w.reduce(0, +)
                    if total > 0 { marginal = .levels(w.map { $0 / total }) } else {
                        v.reportExpected("level weights that are not all 0 (\(names.joined(separator: ", ")); normalised)")
                    }
                }
            }
        case .quantiles:
            let v = m.required("quantiles")
            if let q = v.mapping(allowedKeys: nil) {
                var ps: [Double] = [], vs: [Double] = []
                var ok = true
                for entry in q.entries {
                    guard let p = Double(entry.key), p >= 0, p <= 1 else {
                        entry.value.reportExpected("a probability from 0 to 1 as the key", note: "found \"\(entry.key)\"")
                        ok = false; continue
                    }
                    guard let x = entry.value.double(min: 0) else { ok = false; continue }
                    if let lp = ps.last, p <= lp {
                        entry.value.reportExpected("probabilities rising from one point to the next", note: "\(entry.key) follows \(YAMLValue.format(lp))")
                        ok = false; continue
                    }
                    if let lx = vs.last, x < lx {
                        entry.value.reportExpected("values that do not fall as the probability rises", note: "\(YAMLValue.format(x)) follows \(YAMLValue.format(lx))")
                        ok = false; continue
                    }
                    ps.append(p); vs.append(x)
                }
                if ok && ps.count < 2 { v.reportExpected("at least 2 quantile points (probability: value)"); ok = false }
                if ok { marginal = .quantiles(probabilities: ps, values: vs) }
            }
        }
        guard let harm, let reoff, let marginal else { return nil }
        let l = Loadings(harm: harm, reoffending: reoff)
        if let rho {
            let variance = harm * harm + reoff * reoff + 2 * rho * harm * reoff
            if variance > 1 + 1e-12 {
                value.reportExpected("loadings whose factor variance harm² + reoffending² + 2 × correlation × harm × reoffending is at most 1",
                                     note: "found \(YAMLValue.format(variance))")
                return nil
            }
        }
        return AttributeSpec(marginal, l)
    }
}
