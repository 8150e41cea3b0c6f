// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Probation

@Suite struct TierTests {
    @Test func sixteenTiersInWMTColumnOrder() {
        #expect(Tier.allCases.map(\.rawValue) == ["A3", "A2", "A1", "A0", "B3", "B2", "B1", "B0",
                                                  "C3", "C2", "C1", "C0", "D3", "D2", "D1", "D0"])
        #expect(Tier.allCases.enumerated().allSatisfy { $0.offset == $0.element.wmtColumnIndex })
    }

    @Test func lettersAndComplexity() throws {
        #expect(Tier.b2.riskLetter == "B")
        #expect(Tier.b2.complexity == 2)
        #expect(Tier.d0.riskLetter == "D" && Tier.d0.complexity == 0)
        #expect(Tier.a3.riskLetter == "A" && Tier.a3.complexity == 3)
        for t in Tier.allCases { #expect(Tier(riskLetter: t.riskLetter, complexity: t.complexity) == t) }
        #expect(Tier(riskLetter: "c", complexity: 1) == .c1)
        #expect(Tier(riskLetter: "E", complexity: 1) == nil)
        #expect(Tier(riskLetter: "A", complexity: 4) == nil)
        #expect(Tier(riskLetter: "ß", complexity: 1) == nil)  // uppercases to two letters
    }

    @Test func parsing() throws {
        #expect(try Tier(parsing: "B2") == .b2)
        #expect(try Tier(parsing: " c0 ") == .c0)
        for bad in ["E2", "B4", "", "B", "B2S", "2B", "thirty"] {
            #expect(throws: TierParseError.self) { try Tier(parsing: bad) }
        }
        let message = String(describing: TierParseError(text: "E2"))
        #expect(message.contains("A3") && message.contains("D0") && message.contains("\"E2\""))
    }

    @Test func priorityOrderIsD0LowestToA3Highest() {
        let sorted = Tier.allCases.sorted()
        #expect(sorted.map(\.rawValue) == ["D0", "D1", "D2", "D3", "C0", "C1", "C2", "C3",
                                           "B0", "B1", "B2", "B3", "A0", "A1", "A2", "A3"])
        #expect(Tier.d0.priority == 0 && Tier.a3.priority == 15)
        #expect(Tier.c3 < Tier.b0)
        #expect(Tier.a0 > Tier.b3)
    }

    @Test func codableAsItsName() throws {
        let data = try JSONEncoder().encode([Tier.b2])
        #expect(String(decoding: data, as: UTF8.self) == "[\"B2\"]")
        #expect(try JSONDecoder().decode([Tier].self, from: data) == [.b2])
    }
}

@Suite struct CaseTypeAndGradeTests {
    @Test func caseTypes() {
        #expect(CaseType.allCases == [.community, .licence, .custody])
        #expect(CaseType(parsing: "Licence") == .licence)
        #expect(CaseType(parsing: "LICENSE") == .licence)
        #expect(CaseType(parsing: "custody") == .custody)
        #expect(CaseType(parsing: "prison") == nil)
        #expect(CaseType.allCases.map(\.index) == [0, 1, 2])
    }

    @Test func grades() {
        #expect(Grade.allCases.map(\.rawValue) == ["PO", "PSO", "PQiP", "SPO"])
        #expect(Grade(parsing: "pqip") == .pqip)
        #expect(Grade(parsing: "PQIP") == .pqip)
        #expect(Grade(parsing: " spo") == .spo)
        #expect(Grade(parsing: "Pso") == .pso)
        #expect(Grade(parsing: "TPO") == nil)
        #expect(Grade(parsing: "") == nil)
    }
}

@Suite struct CaseCategoryTests {
    @Test func indexRoundTrips() {
        #expect(CaseCategory.allCases.count == 192)
        for (i, c) in CaseCategory.allCases.enumerated() {
            #expect(c.index == i)
            #expect(CaseCategory(index: i) == c)
            #expect(CaseCategory(name: c.name) == c)
        }
        #expect(Set(CaseCategory.allCases.map(\.name)).count == 192)
    }

    @Test func names() {
        #expect(CaseCategory(.community, .b2).name == "community_B2")
        #expect(CaseCategory(.licence, .a3, t2a: true).name == "t2a_licence_A3")
        #expect(CaseCategory(name: "LICENSE_b2") == CaseCategory(.licence, .b2))
        #expect(CaseCategory(name: "t2a_custody_D1") == CaseCategory(.custody, .d1, t2a: true))
    }

    @Test func unsupervisedSTiers() {
        // HMPPS's categories 17–32 are A3S … D0S; every case type has them, T2A too.
        #expect(CaseCategory(.community, .a3, unsupervised: true).name == "community_A3S")
        #expect(CaseCategory(.licence, .d0, t2a: true, unsupervised: true).name == "t2a_licence_D0S")
        #expect(CaseCategory(name: "custody_b2s") == CaseCategory(.custody, .b2, unsupervised: true))
        #expect(CaseCategory(name: "community_B2S") != CaseCategory(name: "community_B2"))
        #expect(CaseCategory.allCases.filter(\.isUnsupervised).count == 96)
        // HMPPS's default weight for every S tier is 0; the unsuffixed tiers keep theirs.
        for c in CaseCategory.allCases where c.isUnsupervised { #expect(PointsTable.hmppsDefault[c] == 0, "\(c)") }
        #expect(PointsTable.hmppsDefault[CaseCategory(.community, .a3)] == 206)
        #expect(PointsTable.hmppsDefault[CaseCategory(.community, .a3, unsupervised: true)] == 0)
    }

    @Test func namesThatLookLikeCategoriesButAreNot() {
        for bad in ["community_E2", "custody_B2X", "community_B4S", "t2a_community", "t2a_foo_B2", "comunity_B2", "licence_", "t2a_licence_Z9"] {
            guard case .malformed = CaseCategory.match(bad) else {
                Issue.record("\(bad) should be malformed, got \(CaseCategory.match(bad))")
                continue
            }
        }
        for other in ["date", "replication", "community_total", "practitioner", "community", "sdr", "team_name"] {
            #expect(CaseCategory.match(other) == .unrelated, "\(other)")
        }
        guard case .malformed(let why) = CaseCategory.match("community_E2") else { return }
        #expect(why.contains("\"E2\"") && why.contains("A3") && why.contains("D0"))
    }
}

@Suite struct ReductionReasonTests {
    @Test func defaultsFromHMPPSSeedData() throws {
        #expect(ReductionReason.hmppsDefaults.count == 26)
        #expect(ReductionReason.pqipFirst6Months.allowancePercent == 80)
        #expect(ReductionReason.pqip6To12Months.allowancePercent == 60)
        #expect(ReductionReason.pqip12To18Months.allowancePercent == 40)
        #expect(ReductionReason.newlyQualifiedOfficer.allowancePercent == 20)
        #expect(ReductionReason.newlyQualifiedOfficer.monthsToExpiry == 9)
        let union = try #require(ReductionReason.named("Trade Union Facility Time"))
        #expect(union.allowancePercent == nil && union.maxAllowancePercent == 50)
        #expect(ReductionReason.named("vq3")?.allowancePercent == 5)
        #expect(ReductionReason.named("SPOC lead")?.maxAllowancePercent == 5)
        #expect(ReductionReason.named("Maternity Leave")?.monthsToExpiry == 6)
        #expect(ReductionReason.named("no such reason") == nil)
        #expect(Set(ReductionReason.hmppsDefaults.map(\.shortName)).count == 26)
    }

    @Test func suggestedHours() {
        #expect(ReductionReason.pqipFirst6Months.suggestedHours(contractedHours: 37) == 29.6)
        #expect(ReductionReason.newlyQualifiedOfficer.suggestedHours(contractedHours: 37) == 7.4)
        #expect(ReductionReason.named("Long Term Sickness Absence")?.suggestedHours(contractedHours: 30) == 30)
        #expect(ReductionReason.named("Disability")?.suggestedHours(contractedHours: 37) == nil)
        let odd = ReductionReason(name: "Over the top", category: .workCircumstances, allowancePercent: 150)
        #expect(odd.suggestedHours(contractedHours: 20) == 20)
    }

    @Test func pqipFirstSixMonthsLeavesAFifthOfTheTarget() {
        // A PQiP on 37 hours with the 80% reduction: ⌊2176 × 7.4 / 37⌋ = 435.
        let hours = ReductionReason.pqipFirst6Months.suggestedHours(contractedHours: 37)!
        #expect(PointsTable.hmppsDefault.availablePoints(grade: .pqip, contractedHours: 37, reductionHours: hours) == 435)
    }
}
