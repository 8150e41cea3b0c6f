// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Custody routing: under 10 months (304 days) to serve, a case joins the
/// community caseload at sentence; otherwise at handover, 7.5 months (228
/// days) before release (15 months, 456 days, for early allocation). At
/// release a custody case becomes a licence case, which ends after the
/// licence length. With constant lengths the stock on every date follows from
/// the arrival counts exactly.
final class ModelCustodyTests: XCTestCase {
    /// Custody only, constant lengths, ample staff.
    func custodyWorld(toServe: Double, licence: Double, perWeek: Double, days: Int) -> ModelSpec {
        var s = Fixtures.toy(po: 12, pso: 0, spo: 0, sentencesPerWeek: perWeek, days: days, custodyShare: 1)
        s.cases.custodyTimeToServeDays = .constant(toServe)
        s.cases.licenceLengthDays = .constant(licence)
        s.outputs.levels = [.national, .pdu]
        return s
    }

    /// Σ a[k] for k in lo...hi (clipped to the series).
    func sum(_ a: [Double], _ lo: Int, _ hi: Int) -> Double {
        let l = max(lo, 0), h = min(hi, a.count - 1)
        return l <= h ? a[l...h].reduce(0, +) : 0
    }

    /// 196 days to serve (< 304), 182 days' licence, both whole weeks, so with
    /// weekly outputs a case sentenced in output week k (arrivals counted in
    /// (T_k − 7 d, T_k]) is custody on the caseload at outputs k … k+27, licence
    /// at k+28 … k+53, and ends in week k+54:
    /// custody_j = Σ a[j−27 … j], licence_j = Σ a[j−53 … j−28], terminations_j = a[j−54].
    func testShortCustodyJoinsAtSentenceThenLicence() {
        let r = ProbationModel(spec: custodyWorld(toServe: 196, licence: 182, perWeek: 10, days: 728), replication: 0).run()
        let b = Book(r)
        let a = b["arrivals"]
        XCTAssertEqual(a.count, 104)
        for j in a.indices {
            let at = "week \(j) (\(b.dates[j]))"
            XCTAssertEqual(b["caseload_custody"][j], sum(a, j - 27, j), at)
            XCTAssertEqual(b["caseload_licence"][j], sum(a, j - 53, j - 28), at)
            XCTAssertEqual(b["caseload_community"][j], 0, at)
            XCTAssertEqual(b["terminations"][j], j >= 54 ? a[j - 54] : 0, at)
        }
        XCTAssertGreaterThan(a.reduce(0, +), 900)
    }

    /// 602 days to serve (≥ 304), handover 224 days before release (a whole
    /// number of weeks, set in the spec): the case joins the caseload 378 days
    /// (54 weeks) after sentence, is released at 602 (86 weeks) and ends at
    /// 784 (112 weeks): custody_j = Σ a[j−85 … j−54], licence_j =
    /// Σ a[j−111 … j−86], and the caseload moves by handovers − terminations,
    /// not by arrivals.
    func testLongCustodyJoinsAtHandover() {
        var spec = custodyWorld(toServe: 602, licence: 182, perWeek: 10, days: 896)
        spec.cases.handoverBeforeReleaseDays = 224
        let b = Book(ProbationModel(spec: spec, replication: 0).run())
        let a = b["arrivals"]
        XCTAssertEqual(a.count, 128)
        for j in a.indices {
            let at = "week \(j) (\(b.dates[j]))"
            XCTAssertEqual(b["caseload_custody"][j], sum(a, j - 85, j - 54), at)
            XCTAssertEqual(b["caseload_licence"][j], sum(a, j - 111, j - 86), at)
            let previous = j > 0 ? b["caseload"][j - 1] : 0
            XCTAssertEqual(b["caseload"][j] - previous, (j >= 54 ? a[j - 54] : 0) - b["terminations"][j], at)
            XCTAssertEqual(b["terminations"][j], j >= 112 ? a[j - 112] : 0, at)
        }
        XCTAssertEqual(b["caseload"][53], 0, "nobody on the caseload before the first handover")
        XCTAssertGreaterThan(b["caseload"][54], 0)
    }

    /// One week of sentences (an inflow lever sets the rate to 0 from day 7),
    /// then follow the cohort: N cases sentenced at s ∈ (0, 7] days join at s +
    /// J (J = 0 under 304 days to serve, else to-serve − 228, or − 456 for early
    /// allocation, not before sentence), are custody until s + to-serve, and
    /// licence for 180 days after. On output day T the count is N when every
    /// s ∈ (0, 7] qualifies, 0 when none does, and in between otherwise.
    func testACohortThroughCustodyAndLicence() {
        let cases: [(toServe: Double, early: Bool, join: Double)] = [
            (200, false, 0), (303, false, 0), (304, false, 76), (600, false, 372),
            (600, true, 144), (400, true, 0), (1000, false, 772),
        ]
        for (toServe, early, join) in cases {
            var spec = custodyWorld(toServe: toServe, licence: 180, perWeek: 30, days: Int(toServe) + 180 + 21)
            spec.cases.earlyAllocationShare = early ? 1 : 0
            spec.levers = [Lever(date: Fixtures.start.adding(days: 7), change: .inflowScale(0, .national))]
            let b = Book(ProbationModel(spec: spec, replication: 0).run())
            let label = "to serve \(toServe)\(early ? ", early allocation" : "")"
            let n = b["arrivals"][0]
            XCTAssertGreaterThan(n, 10, label)
            XCTAssertEqual(b["arrivals"].reduce(0, +), n, "\(label): arrivals only in the first week")
            /// N, 0 or nil (partial) for "s + from ≤ T < s + to" over s ∈ (0, 7].
            func expected(_ t: Double, from: Double, to: Double) -> Double? {
                if from + 7 <= t && t <= to { return n }
                if from >= t || t >= to + 7 || from >= to { return 0 }
                return nil
            }
            for j in b.dates.indices {
                let t = Double(b.dates[j].dayNumber - Fixtures.start.dayNumber)
                let custody = b["caseload_custody"][j], licence = b["caseload_licence"][j]
                let at = "\(label), day \(Int(t))"
                if let e = expected(t, from: join, to: toServe) { XCTAssertEqual(custody, e, at) } else {
                    XCTAssertTrue((0...n).contains(custody), at)
                }
                if let e = expected(t, from: toServe, to: toServe + 180) { XCTAssertEqual(licence, e, at) } else {
                    XCTAssertTrue((0...n).contains(licence), at)
                }
                XCTAssertEqual(b["caseload"][j], custody + licence, at)
                XCTAssertLessThanOrEqual(b["caseload"][j], n, at)
            }
            XCTAssertEqual(b["caseload"].last, 0, label)
            XCTAssertEqual(b["terminations"].reduce(0, +), n, label)
            // Every case was allocated once, measured from when it joined the
            // caseload (within a week of it), not from sentence.
            XCTAssertEqual(b["allocations"].reduce(0, +), n, label)
            XCTAssertEqual(b["reallocations"].reduce(0, +), 0, label)
            for (j, m) in b["mean_days_to_allocation"].enumerated() where !m.isNaN {
                XCTAssertLessThan(m, 6, "\(label): allocation \(m) days after joining, week \(j)")
                XCTAssertGreaterThan(Double(b.dates[j].dayNumber - Fixtures.start.dayNumber), join, label)
            }
        }
    }

    /// A handover lead shorter than zero (handover due after release) is not
    /// something a scenario should ask for, but the model must stay
    /// consistent: the case joins the caseload once, at release, as a licence
    /// case, and the later handover does nothing.
    func testReleaseBeforeHandoverJoinsOnce() {
        var spec = custodyWorld(toServe: 400, licence: 180, perWeek: 30, days: 620)
        spec.cases.handoverBeforeReleaseDays = -14
        spec.levers = [Lever(date: Fixtures.start.adding(days: 7), change: .inflowScale(0, .national))]
        let s = Stepper(spec)
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        let n = b["arrivals"][0]
        XCTAssertEqual(b["caseload_custody"].max(), 0)
        XCTAssertEqual(b["caseload"].max(), n)
        XCTAssertEqual(b["caseload_licence"][b.index(of: Fixtures.start.adding(days: 413))!], n)
        XCTAssertEqual(b["allocations"].reduce(0, +), n)
        XCTAssertEqual(b["caseload"].last, 0)
    }
}
