// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// The release-timing lever (SDS40) and the supervision reset (the Probation
/// Reset), hand-worked with injected sentences and constant lengths.
/// Outputs are weekly from Monday 28 June 2021 (day 0), at 00:00 on days 7, 14, …
final class ModelLengthLeverTests: XCTestCase {
    let monday = Fixtures.start

    func custodyWorld(levers: [Lever]) -> ModelSpec {
        var spec = Fixtures.toy(po: 2, pso: 0, spo: 0, sentencesPerWeek: 0, days: 364, custodyShare: 1,
                                communityDays: 5000, levers: levers)
        spec.cases.custodyTimeToServeDays = .constant(400)
        spec.cases.licenceLengthDays = .constant(180)
        return spec
    }

    func value(_ b: Book, _ metric: String, day: Int) -> Double {
        b[metric][b.index(of: monday.adding(days: day))!]
    }

    /// Released at 50% of the custodial time instead of 100% (scale 0.5)
    /// from day 100, every sentence (share 1):
    /// - sentenced day 0 09:00 with 400 days to serve: release moves from day
    ///   400 to day 200 09:00, so its handover (228 days before release,
    ///   day 172) would be day −28: it hands over at the lever, day 100;
    /// - sentenced day 105 09:00: 400 × 0.5 = 200 days to serve, under the
    ///   10-month line, so on the caseload at once; released day 305 09:00.
    /// Without the lever the first is handed over on day 172 and released
    /// after the horizon, and the second hands over on day 277.
    func testEarlyReleaseMovesReleasesAndHandovers() {
        let lever = Lever(date: monday.adding(days: 100), change: .earlyRelease(custodyScale: 0.5, share: 1))
        let s = Stepper(custodyWorld(levers: [lever]))
        s.sentence(at: s.tick(monday, 9))
        s.sentence(at: s.tick(monday.adding(days: 105), 9))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(value(b, "prisoners_awaiting_handover", day: 98), 1)
        XCTAssertEqual(value(b, "caseload", day: 98), 0)
        XCTAssertEqual(value(b, "prisoners_awaiting_handover", day: 105), 0)
        XCTAssertEqual(value(b, "caseload_custody", day: 105), 1)
        XCTAssertEqual(value(b, "caseload_custody", day: 112), 2)
        XCTAssertEqual(value(b, "people_on_probation", day: 112), 2)
        XCTAssertEqual(value(b, "caseload_licence", day: 196), 0)
        XCTAssertEqual(value(b, "caseload_licence", day: 203), 1)
        XCTAssertEqual(value(b, "releases", day: 203), 1)
        XCTAssertEqual(value(b, "early_releases", day: 203), 1)
        XCTAssertEqual(value(b, "caseload_licence", day: 308), 2)
        XCTAssertEqual(value(b, "early_releases", day: 308), 1)
        XCTAssertEqual(b["releases"].reduce(0, +), 2)

        let without = Stepper(custodyWorld(levers: []))
        without.sentence(at: without.tick(monday, 9))
        without.sentence(at: without.tick(monday.adding(days: 105), 9))
        let w = Book(without.run())
        XCTAssertEqual(value(w, "prisoners_awaiting_handover", day: 168), 2)
        XCTAssertEqual(value(w, "prisoners_awaiting_handover", day: 175), 1)
        XCTAssertEqual(value(w, "caseload_custody", day: 280), 2)
        XCTAssertEqual(w["releases"].reduce(0, +), 0, "both released after the horizon")
    }

    /// With share 0 the lever changes nothing.
    func testEarlyReleaseWithShareZeroChangesNothing() {
        let lever = Lever(date: monday.adding(days: 100), change: .earlyRelease(custodyScale: 0.5, share: 0))
        let a = Stepper(custodyWorld(levers: [lever])), b = Stepper(custodyWorld(levers: []))
        for s in [a, b] { s.sentence(at: s.tick(monday, 9)); s.sentence(at: s.tick(monday.adding(days: 105), 9)) }
        let x = Book(a.run()), y = Book(b.run())
        for m in ["caseload", "prisoners_awaiting_handover", "releases"] { XCTAssertEqual(x[m], y[m], m) }
    }

    func communityWorld(levers: [Lever]) -> ModelSpec {
        Fixtures.toy(po: 3, pso: 0, spo: 0, sentencesPerWeek: 0, days: 364, communityDays: 300, levers: levers)
    }

    /// Supervision cut to half (scale 0.5) from day 100, tier A exempt:
    /// - day 0 C2, 300 days: cut to 150 days, ends day 150 09:00;
    /// - day 0 A2: exempt, ends day 300;
    /// - day 120 C2 (new, 150 days): ends day 270;
    /// - day 120 A2: exempt, ends day 420 (after the horizon).
    func testSupervisionResetCutsPeriodsWithExemptions() {
        let reset = Lever.SupervisionReset(scale: 0.5, caseTypes: [.community], exemptRisk: ["A"])
        let s = Stepper(communityWorld(levers: [Lever(date: monday.adding(days: 100), change: .supervisionReset(reset))]))
        s.script([.c2, .a2, .c2, .a2])
        s.sentences(2, at: s.tick(monday, 9))
        s.sentences(2, at: s.tick(monday.adding(days: 120), 9))
        let b = Book(s.run(auditEvery: 1))
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(value(b, "terminations", day: 154), 1)
        XCTAssertEqual(value(b, "caseload", day: 154), 3, "the day-0 A2 and both day-120 cases")
        XCTAssertEqual(value(b, "terminations", day: 273), 1)
        XCTAssertEqual(value(b, "terminations", day: 301), 1)
        XCTAssertEqual(b["terminations"].reduce(0, +), 3)
        XCTAssertEqual(b["caseload"].last, 1, "\(b["caseload"]) \(b["terminations"]) \(b["arrivals"])")
    }

    /// A period already past its new end on the lever's date ends on that
    /// date (`over` 0), or within `over` days of it.
    func testSupervisionResetEndsOverduePeriodsOverAWindow() {
        for over in [0, 28] {
            let reset = Lever.SupervisionReset(scale: 0.5, caseTypes: [.community, .licence], exemptRisk: [], overDays: over)
            let s = Stepper(communityWorld(levers: [Lever(date: monday.adding(days: 200), change: .supervisionReset(reset))]))
            s.sentences(5, at: s.tick(monday, 9))
            let b = Book(s.run(auditEvery: 1))
            XCTAssertEqual(s.problems, [])
            XCTAssertEqual(value(b, "caseload", day: 196), 5)
            if over == 0 {
                XCTAssertEqual(value(b, "terminations", day: 203), 5)
            } else {
                XCTAssertEqual(value(b, "caseload", day: 231), 0)
                XCTAssertEqual(value(b, "terminations", day: 203) + value(b, "terminations", day: 210)
                               + value(b, "terminations", day: 217) + value(b, "terminations", day: 224)
                               + value(b, "terminations", day: 231), 5)
            }
        }
    }

    /// Exempt share 1: nothing is cut.
    func testSupervisionResetWithEveryoneExempt() {
        let reset = Lever.SupervisionReset(scale: 0.5, exemptRisk: [], exemptShare: 1)
        let s = Stepper(communityWorld(levers: [Lever(date: monday.adding(days: 100), change: .supervisionReset(reset))]))
        s.sentences(3, at: s.tick(monday, 9))
        let b = Book(s.run())
        XCTAssertEqual(value(b, "terminations", day: 301), 3)
        XCTAssertEqual(b["terminations"].reduce(0, +), 3)
    }
}
