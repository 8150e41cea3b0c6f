// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A reason a practitioner's contracted hours are reduced before their available points are
/// worked out (training, leave, union duties, …), with HMPPS's default allowance.
///
/// ``hmppsDefaults`` is the `app.reduction_reason` seed data of hmpps-workload
/// `V1_1__SEED_REF_DATA.sql`. Reasons with no allowance have hours agreed case by case.
public struct ReductionReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The group HMPPS files a reason under.
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        case personalCircumstances = "Personal Circumstances"
        case communityJusticeLearning = "Community Justice Learning"
        case workCircumstances = "Work Circumstances"
    }

    /// The reason as HMPPS's tool names it.
    public var name: String
    /// HMPPS's short name for it.
    public var shortName: String
    /// The group it belongs to.
    public var category: Category
    /// The default reduction as a percentage of contracted hours, if there is one.
    public var allowancePercent: Double?
    /// The most that may be reduced, as a percentage of contracted hours, if capped.
    public var maxAllowancePercent: Double?
    /// How many months the reduction lasts by default, if it expires.
    public var monthsToExpiry: Int?

    /// A reduction reason.
    public init(name: String, shortName: String? = nil, category: Category, allowancePercent: Double? = nil,
                maxAllowancePercent: Double? = nil, monthsToExpiry: Int? = nil) {
        self.name = name
        self.shortName = shortName ?? name
        self.category = category
        self.allowancePercent = allowancePercent
        self.maxAllowancePercent = maxAllowancePercent
        self.monthsToExpiry = monthsToExpiry
    }

    /// The reduction hours HMPPS's tool suggests for someone contracted for `contractedHours`
    /// a week: contracted × allowance% / 100, capped at the contracted hours (wmt-web
    /// `reduction-hours-calculator.js`). Nil when the reason has no default allowance.
    public func suggestedHours(contractedHours: Double) -> Double? {
        guard let pct = allowancePercent else { return nil }
        return min(contractedHours * pct / 100, contractedHours)
    }

    public var description: String { shortName }

    /// The reason called `name` or `shortName` in ``hmppsDefaults`` (case-insensitive).
    public static func named(_ name: String) -> ReductionReason? {
        let n = name.lowercased()
        return hmppsDefaults.first { $0.name.lowercased() == n || $0.shortName.lowercased() == n }
    }

    /// Trainee probation officer (PQiP), first 6 months: 80% for 6 months.
    public static let pqipFirst6Months = ReductionReason(
        name: "Probation Qualification Framework/Professional Qualification in Probation - 1st 6 months",
        shortName: "PQiP - 1st 6 months", category: .communityJusticeLearning, allowancePercent: 80, monthsToExpiry: 6)
    /// PQiP, months 6 to 12: 60% for 6 months.
    public static let pqip6To12Months = ReductionReason(
        name: "Probation Qualification Framework/Professional Qualification in Probation - 6 to 12 months",
        shortName: "PQiP - 6 to 12 months", category: .communityJusticeLearning, allowancePercent: 60, monthsToExpiry: 6)
    /// PQiP, months 12 to 18: 40% for 6 months.
    public static let pqip12To18Months = ReductionReason(
        name: "Probation Qualification Framework/Professional Qualification in Probation - 12 to 18 months",
        shortName: "PQiP - 12 to 18 months", category: .communityJusticeLearning, allowancePercent: 40, monthsToExpiry: 6)
    /// Newly qualified probation officer (NQO): 20% for 9 months.
    public static let newlyQualifiedOfficer = ReductionReason(
        name: "Newly Qualified Probation Officers", shortName: "NQO", category: .communityJusticeLearning,
        allowancePercent: 20, monthsToExpiry: 9)

    /// HMPPS's default reduction reasons, in the seed file's order (hmpps-workload
    /// `V1_1__SEED_REF_DATA.sql`, `app.reduction_reason`).
    public static let hmppsDefaults: [ReductionReason] = [
        ReductionReason(name: "Disability", category: .personalCircumstances),
        ReductionReason(name: "Long Term Sickness Absence", category: .personalCircumstances, allowancePercent: 100),
        ReductionReason(name: "Phased Return to Work", category: .personalCircumstances),
        ReductionReason(name: "Pregnancy", category: .personalCircumstances),
        ReductionReason(name: "Maternity Leave", category: .personalCircumstances, allowancePercent: 100, monthsToExpiry: 6),
        ReductionReason(name: "Adoption Leave", category: .personalCircumstances, allowancePercent: 100, monthsToExpiry: 6),
        ReductionReason(name: "Special Leave", category: .personalCircumstances, allowancePercent: 100),
        ReductionReason(name: "Trade Union Facility Time", category: .personalCircumstances, maxAllowancePercent: 50),
        ReductionReason(name: "Other Paid Leave (e.g. Jury Service)", category: .personalCircumstances, allowancePercent: 100),
        ReductionReason(name: "Other Unpaid Leave", category: .personalCircumstances, allowancePercent: 100),
        ReductionReason(name: "Other", category: .personalCircumstances),
        pqipFirst6Months,
        pqip6To12Months,
        pqip12To18Months,
        newlyQualifiedOfficer,
        ReductionReason(name: "PSO Learning & Development", category: .communityJusticeLearning, allowancePercent: 20, monthsToExpiry: 6),
        ReductionReason(name: "Vocational Qualification Level 3 (VQ3)", shortName: "VQ3", category: .communityJusticeLearning,
                        allowancePercent: 5, monthsToExpiry: 6),
        ReductionReason(name: "Level 4 and Level 5 Access", category: .communityJusticeLearning, allowancePercent: 10, monthsToExpiry: 6),
        ReductionReason(name: "Co-Worked Cases", category: .workCircumstances),
        ReductionReason(name: "Groups (Group Supervision)", category: .workCircumstances),
        ReductionReason(name: "Groups (Induction)", category: .workCircumstances),
        ReductionReason(name: "Court Duty", category: .workCircumstances),
        ReductionReason(name: "Pre Sentence Reports – Court Duty / Sessional", category: .workCircumstances),
        ReductionReason(name: "Split Role", category: .workCircumstances),
        ReductionReason(name: "OM in Custody - Transactional work", shortName: "OM Custody", category: .workCircumstances),
        ReductionReason(name: "Single Point of Contact (SPOC) leads", shortName: "SPOC lead", category: .workCircumstances,
                        maxAllowancePercent: 5),
    ]
}
