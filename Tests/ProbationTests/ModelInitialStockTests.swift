// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// The caseload on day 0: its size and split, and its remaining lives (so
/// that a steady state stays steady).
final class ModelInitialStockTests: XCTestCase {
    let start = Fixtures.start

    /// Largest remainder, by hand: 6000 over weights 1 : 2 : 3.5 : 0.5 (sum
    /// 7) is 857.14, 1714.29, 3000, 428.57; the floors sum to 5999 and the
    /// spare case goes to the largest remainder, the fourth.
    func testApportionmentByLargestRemainder() {
        let m = ProbationModel(spec: Fixtures.toy(), replication: 0)
        XCTAssertEqual(m.apportion(total: 6000, weights: [1, 2, 3.5, 0.5]), [857, 1714, 3000, 429])
        XCTAssertEqual(m.apportion(total: 10, weights: [1, 1, 1]), [4, 3, 3], "ties go to the first")
        XCTAssertEqual(m.apportion(total: 1000, weights: [1, 2, 3.5]), [154, 308, 538])
        XCTAssertEqual(m.apportion(total: 7, weights: [0, 2, 0]), [0, 7, 0])
        XCTAssertEqual(m.apportion(total: 5, weights: [0, 0]), [0, 0])
        for total in [0, 1, 99, 223_000] {
            XCTAssertEqual(m.apportion(total: total, weights: [0.3, 1.7, 2.2, 0.01, 5]).reduce(0, +), total)
        }
    }

    /// On day 0, before any event, each PDU holds its apportioned share of
    /// the total, split by type roughly as asked (binomial, within 4 sd); all
    /// of it is allocated; and the first output is day 0 plus the first
    /// week's flows.
    func testStockOnDayZero() {
        var spec = Fixtures.threePDUs(staff: [.po: 12, .pso: 8, .spo: 1], days: 28)
        spec.initialCaseload = InitialCaseloadSpec(total: 3000, typeShares: [.community: 0.6, .licence: 0.3, .custody: 0.1],
                                                   pduWeights: [1: 1, 2: 2, 3: 3.5, 99: 4])
        let s = Stepper(spec)
        let m = s.model
        let expected = [1: 462, 2: 923, 3: 1615]   // 3000 × 1, 2, 3.5 / 6.5 = 461.5, 923.1, 1615.4 → +1 to the first
        var byType = [0, 0, 0]
        for (p, pdu) in m.pdus.enumerated() {
            XCTAssertEqual(pdu.counts.reduce(0, +), expected[pdu.number], pdu.name)
            XCTAssertEqual(pdu.unallocated, 0, pdu.name)
            for t in CaseType.allCases { byType[t.index] += (0..<16).reduce(0) { $0 + m.pdus[p].counts[t.index * 16 + $1] } }
        }
        XCTAssertEqual(m.practitioners.reduce(0) { $0 + $1.caseIndices.count }, 3000)
        for (t, share) in [(CaseType.community, 0.6), (.licence, 0.3), (.custody, 0.1)] {
            let sd = (3000 * share * (1 - share)).squareRoot()
            XCTAssertEqual(Double(byType[t.index]), 3000 * share, accuracy: 4 * sd, "\(t)")
        }
        XCTAssertEqual(audit(m), [])
        let b = Book(s.run(auditEvery: 10))
        XCTAssertEqual(s.problems, [])
        for (n, name) in [1: "PDU one", 2: "PDU two", 3: "PDU three"] {
            XCTAssertEqual(b["caseload", .pdu, name][0] - b["arrivals", .pdu, name][0] + b["terminations", .pdu, name][0],
                           Double(expected[n]!), name)
        }
        XCTAssertEqual(b["caseload"][0] - b["arrivals"][0] + b["terminations"][0], 3000)
    }

    /// Stock custody cases with long sentences (400 days to serve, over the
    /// 304-day short-sentence line) are within the handover window: each is
    /// released uniformly within 228 days, so (no new custody cases) the custody
    /// caseload is gone by the first output after day 228, and about half is
    /// left at day 112.
    func testStockCustodyIsReleasedWithinTheHandoverWindow() {
        var spec = Fixtures.toy(po: 30, pso: 0, spo: 0, sentencesPerWeek: 0, days: 238)
        spec.initialCaseload = InitialCaseloadSpec(total: 1000, typeShares: [.custody: 1], pduWeights: [1: 1])
        spec.cases.custodyTimeToServeDays = .constant(400)
        spec.cases.licenceLengthDays = .constant(1000)
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        let half = b.index(of: start.adding(days: 112))!, after = b.index(of: start.adding(days: 231))!
        XCTAssertEqual(b["caseload_custody"][half], 1000 * (1 - 112.0 / 228), accuracy: 4 * (1000 * 0.25).squareRoot())
        XCTAssertGreaterThan(b["caseload_custody"][after - 1], 0)
        XCTAssertEqual(b["caseload_custody"][after], 0)
        XCTAssertEqual(b["caseload_licence"][after], 1000, "released onto licence, none ended")
        XCTAssertEqual(b["reallocations"].reduce(0, +) + b["allocations"].reduce(0, +), 0, "they keep their practitioner")
    }

    /// Short sentences are held from sentence, so a steady-state stock case is
    /// uniformly far through its whole time to serve: with 200 days to serve
    /// (under the 304-day line) every stock case is released within 200 days,
    /// half by day 98 (not within the 228-day window, which would leave 57%
    /// at day 98 and some until day 228). Releases a week over the first 28
    /// weeks: 1000 / (200 / 7) = 35, the rate 35 custodial sentences a week
    /// would sustain.
    func testStockShortSentencesAreReleasedWithinTheirTimeToServe() {
        var spec = Fixtures.toy(po: 30, pso: 0, spo: 0, sentencesPerWeek: 0, days: 238)
        spec.initialCaseload = InitialCaseloadSpec(total: 1000, typeShares: [.custody: 1], pduWeights: [1: 1])
        spec.cases.licenceLengthDays = .constant(1000)
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        let half = b.index(of: start.adding(days: 98))!, after = b.index(of: start.adding(days: 203))!
        XCTAssertEqual(b["caseload_custody"][half], 1000 * (1 - 98.0 / 200), accuracy: 4 * (1000 * 0.25).squareRoot())
        XCTAssertGreaterThan(b["caseload_custody"][after - 1], 0)
        XCTAssertEqual(b["caseload_custody"][after], 0)
        XCTAssertEqual(b["releases"].reduce(0, +), 1000)
        let first = Array(b["releases"].prefix(28)).reduce(0, +) / 28
        XCTAssertEqual(first, 35, accuracy: 3)
    }

    /// With a mix, the stock is length-biased: time to serve 100 days (short)
    /// or 400 days (long, so 228 days on the caseload) with equal chance at
    /// sentence; in the stock long ones are 228 / (100 + 228) = 69.5% and all
    /// short ones are out by day 100: 305 ± 4σ of 1000 released by then plus
    /// the long ones' 100 / 228 share (305 + 695 × 0.4386 = 610).
    func testStockCustodyIsLengthBiased() {
        var spec = Fixtures.toy(po: 30, pso: 0, spo: 0, sentencesPerWeek: 0, days: 238)
        spec.initialCaseload = InitialCaseloadSpec(total: 1000, typeShares: [.custody: 1], pduWeights: [1: 1])
        spec.cases.custodyTimeToServeDays = .empirical(values: [100, 400], weights: [1, 1])
        spec.cases.licenceLengthDays = .constant(1000)
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        let k = b.index(of: start.adding(days: 105))!
        let released = 1000 - b["caseload_custody"][k]
        let expected = 1000 * (100.0 / 328) + 1000 * (228.0 / 328) * (105.0 / 228)
        XCTAssertEqual(released, expected, accuracy: 4 * (1000 * 0.25).squareRoot())
    }

    /// An unallocated stock is allocated at the first meeting (day 0 is a
    /// Monday: 10:00), measured from day 0: 0 working days, 10 hours.
    func testUnallocatedStockIsAllocatedAtTheFirstMeeting() {
        var spec = Fixtures.toy(po: 3, pso: 0, spo: 0, sentencesPerWeek: 0, days: 14, communityDays: 5000)
        spec.initialCaseload = InitialCaseloadSpec(total: 10, typeShares: [.community: 1], pduWeights: [1: 1], allocated: false)
        let s = Stepper(spec)
        XCTAssertEqual(s.model.pdus[0].unallocated, 10)
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(b["allocations"], [10, 0])
        XCTAssertEqual(b["mean_days_to_allocation"][0], 10.0 / 24, accuracy: 1e-9)
        XCTAssertEqual(b["mean_working_days_to_allocation"][0], 0)
        XCTAssertEqual(b["unallocated"], [0, 0])
        // Allocated stock goes to the lowest capacity first without a cap: 4 cases each, as 3 POs share 12.
        spec.initialCaseload = InitialCaseloadSpec(total: 12, typeShares: [.community: 1], pduWeights: [1: 1])
        let a = Book(ProbationModel(spec: spec, replication: 0).run())
        for k in 1...3 { XCTAssertEqual(a["caseload", .practitioner, "1-T1-PO-\(k)"], [4, 4]) }
        XCTAssertEqual(a["allocations"], [0, 0])
    }

    /// The remaining life of a steady-state case, U × (length-biased L), has
    /// mean E[L²] / (2 E[L]): for a constant c, c/2; for gamma(k, θ),
    /// (k + 1)θ/2; for uniform(a, b) (rejection), (a² + ab + b²) / (3(a + b));
    /// for lognormal(μ, σ), e^(μ + 3σ²/2) / 2.
    func testResidualLifeMeans() {
        let stream = RandomStream(name: "residual test", seed: 99)
        let n = 40_000
        func mean(_ d: Distribution) -> Double { (0..<n).reduce(0.0) { sum, _ in sum + ResidualLife.sample(d, stream) } / Double(n) }
        XCTAssertEqual(mean(.constant(300)), 150, accuracy: 150 * 0.02)
        XCTAssertEqual(mean(.gamma(shape: 2, scale: 182)), 273, accuracy: 273 * 0.02)
        XCTAssertEqual(mean(.exponential(mean: 200)), 200, accuracy: 200 * 0.02)
        XCTAssertEqual(mean(.uniform(lower: 100, upper: 500)), (1e4 + 5e4 + 25e4) / (3 * 600), accuracy: 2)
        let (mu, sigma) = (5.5, 0.4)
        XCTAssertEqual(mean(.lognormal(mu: mu, sigma: sigma)), exp(mu + 1.5 * sigma * sigma) / 2, accuracy: 3)
    }

    /// Little's law: a stock of N = 6000 community cases with steady-state
    /// remaining lives and an inflow of N / mean length (gamma lengths, mean
    /// 364 days) stays at N on average on every date. Its spread is at most
    /// √N (surviving stock is binomial, surviving inflow Poisson, variance
    /// N(1 − p²)), 1.3%, so every output over two years is within 5%.
    /// Terminations in the first four weeks flow at the steady rate N/364 a
    /// day: 461.5 (sd 21); starting every case afresh would give 64, and
    /// residual lives without the length bias about 900.
    func testSteadyStateStaysSteady() {
        let weights: [Int: Double] = [1: 1, 2: 2, 3: 3.5, 4: 0.5]
        let shares = [1: 857, 2: 1714, 3: 3000, 4: 429]
        func team(_ n: Int) -> TeamSpec {
            TeamSpec(name: "Team \(n)", staff: [.po: Int((Double(shares[n]!) * 29 / 2176 / 0.85).rounded(.up))])
        }
        let org = OrganisationSpec(regions: [RegionSpec(code: "X", name: "Region", pdus: (1...4).map {
            PDUSpec(number: $0, name: "PDU \($0)", teams: [team($0)])
        })])
        var perWeek: [Int: Double] = [:]
        for (n, share) in shares { perWeek[n] = Double(share) / 52 }
        let cases = CaseSpec(custodyShare: 0, tierMix: Fixtures.mix(Fixtures.only(.d0)), youngAdultShare: 0,
                             communityLengthDays: .gamma(shape: 2, scale: 182),
                             custodyTimeToServeDays: .constant(100), licenceLengthDays: .constant(100))
        let spec = ModelSpec(name: "steady", start: start, lengthDays: 728, seed: 5, replications: 1, organisation: org,
                             demand: DemandSpec(sentencesPerWeek: perWeek), cases: cases,
                             initialCaseload: InitialCaseloadSpec(total: 6000, typeShares: [.community: 1], pduWeights: weights),
                             pointsTables: [Dated(start, .hmppsDefault)],
                             outputs: OutputSpec(cadence: .weekly, levels: [.national, .pdu], wmtSnapshot: .none))
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        let caseload = b["caseload"]
        XCTAssertEqual(caseload.count, 104)
        for (j, c) in caseload.enumerated() {
            XCTAssertEqual(c, 6000, accuracy: 300, "\(b.dates[j])")
        }
        let mean = caseload.reduce(0, +) / Double(caseload.count)
        XCTAssertEqual(mean, 6000, accuracy: 150)
        let firstFourWeeks: Double = b["terminations"][..<4].reduce(0, +)
        let steadyRate: Double = 6000.0 * 28 / 364
        XCTAssertEqual(firstFourWeeks, steadyRate, accuracy: 4 * steadyRate.squareRoot())
        for (n, share) in shares {
            let name = "PDU \(n)"
            let dayZero: Double = b["caseload", .pdu, name][0] - b["arrivals", .pdu, name][0] + b["terminations", .pdu, name][0]
            XCTAssertEqual(dayZero, Double(share), "\(name) on day 0")
        }
        XCTAssertLessThanOrEqual(b["unallocated"].last!, b["arrivals"].last!, "staffed for the steady state: only the newest wait")
    }
}
