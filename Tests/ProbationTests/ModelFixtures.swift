// SPDX-License-Identifier: GPL-3.0-or-later
import Probation
import Simulation

/// Small, hand-checkable worlds for model tests.
enum Fixtures {
    static let start = CivilDate(year: 2021, month: 6, day: 28)!   // a Monday

    /// Every tier weight on one tier.
    static func only(_ tier: Tier) -> [Tier: Double] { [tier: 1] }

    /// One region, one PDU, one team; deterministic lengths.
    static func toy(po: Int = 3, pso: Int = 2, pqip: Int = 0, spo: Int = 1,
                    sentencesPerWeek: Double = 5, days: Int = 364, custodyShare: Double = 0,
                    tier: Tier = .c2, communityDays: Double = 365, replications: Int = 1,
                    initial: InitialCaseloadSpec? = nil, levers: [Lever] = [],
                    workforce: WorkforceSpec = WorkforceSpec(),
                    levels: Set<OutputSpec.Level> = [.national, .region, .pdu, .team, .practitioner]) -> ModelSpec {
        let team = TeamSpec(name: "Toy team", staff: [.po: po, .pso: pso, .pqip: pqip, .spo: spo])
        let org = OrganisationSpec(regions: [RegionSpec(code: "Z", name: "Toy region",
                                                        pdus: [PDUSpec(number: 1, name: "Toy PDU", teams: [team])])])
        let demand = DemandSpec(sentencesPerWeek: [1: sentencesPerWeek])
        let cases = CaseSpec(custodyShare: custodyShare,
                             tierMix: [.community: only(tier), .custody: only(tier), .licence: only(tier)],
                             youngAdultShare: 0, femaleShare: 0.2,
                             communityLengthDays: .constant(communityDays),
                             custodyTimeToServeDays: .constant(200), licenceLengthDays: .constant(180))
        return ModelSpec(name: "toy", start: start, lengthDays: days, seed: 7, replications: replications,
                         organisation: org, demand: demand, cases: cases, initialCaseload: initial,
                         workforce: workforce, pointsTables: [Dated(start, .hmppsDefault)], levers: levers,
                         outputs: OutputSpec(cadence: .weekly, levels: levels, wmtSnapshot: .everyOutput))
    }
}
