// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Reports
import Simulation

/// Observed figures against a run (Observed.swift): the date and period
/// rules, the intervals worked by hand, and the file's errors.
final class ObservedTests: XCTestCase {
    func date(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    let key = SeriesKey(level: "national", entity: "England and Wales", metric: "caseload")

    /// Weekly output dates 5, 12 and 19 July 2021; caseload by replication:
    ///   r1: 10 20 30
    ///   r2: 12 18 31
    ///   r3: 14 22  —   (no value on 19 July)
    func run() -> RunDirectory {
        RunDirectory(path: "r", manifest: RunManifest(replications: 3),
                     dates: ["2021-07-05", "2021-07-12", "2021-07-19"].map(date),
                     series: [(key, [[10, 20, 30], [12, 18, 31], [14, 22, .nan]]),
                              (SeriesKey(level: "pdu", entity: "Sheffield", metric: "caseload"), [[1, 1, 1], [1, 1, 1], [1, 1, 1]])])
    }

    func figure(_ when: String, _ value: Double, key: SeriesKey? = nil) -> ObservedFigure {
        ObservedFigure(when: ObservedFile.parseWhen(when)!, key: key ?? self.key, value: value, line: 2)
    }

    func testADateTakesTheNearestOutputDateAndTheIntervalIsStudentT() throws {
        // 6 July is nearest 5 July: 10, 12, 14 → mean 12, sd 2,
        // half-width t(0.975, 2)·2/√3 = 4.302653 × 1.154701 = 4.968275.
        let c = try ObservedCheck.evaluate([figure("2021-07-06", 15)], run: run(), fileName: "o.csv")[0]
        XCTAssertEqual(c.dates, [date("2021-07-05")])
        XCTAssertEqual(c.model.count, 3)
        XCTAssertEqual(c.model.mean, 12, accuracy: 1e-12)
        XCTAssertEqual(c.model.sd, 2, accuracy: 1e-12)
        XCTAssertEqual(c.model.ci95Low, 12 - 4.968275, accuracy: 1e-6)
        XCTAssertEqual(c.model.ci95High, 12 + 4.968275, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(c.differencePercent), -20, accuracy: 1e-12)   // (12 − 15) / 15
        XCTAssertEqual(c.relativeResidual, -0.2, accuracy: 1e-12)
        XCTAssertTrue(c.inside)
    }

    func testAPeriodAveragesItsOutputDatesPerReplicationFirst() throws {
        // 5..12 July: r1 (10+20)/2 = 15, r2 (12+18)/2 = 15, r3 (14+22)/2 = 18
        // → mean 16, sd √3, half-width t(0.975, 2)·√3/√3 = 4.302653.
        let c = try ObservedCheck.evaluate([figure("2021-07-05..2021-07-12", 21)], run: run(), fileName: "o.csv")[0]
        XCTAssertEqual(c.dates, [date("2021-07-05"), date("2021-07-12")])
        XCTAssertEqual(c.model.mean, 16, accuracy: 1e-12)
        XCTAssertEqual(c.model.sd, 3.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(c.model.ci95Low, 16 - 4.302653, accuracy: 1e-6)
        XCTAssertEqual(c.model.ci95High, 16 + 4.302653, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(c.differencePercent), -100.0 * 5 / 21, accuracy: 1e-9)
        XCTAssertFalse(c.inside, "21 is above 20.30")

        // 12..19 July: r3 has no value on the 19th, so its mean is its one value, 22:
        // r1 25, r2 24.5, r3 22 → mean 23.8333…
        let d = try ObservedCheck.evaluate([figure("2021-07-12..2021-07-31", 0)], run: run(), fileName: "o.csv")[0]
        XCTAssertEqual(d.model.mean, (25 + 24.5 + 22) / 3, accuracy: 1e-12)
        XCTAssertNil(d.differencePercent, "observed 0: no relative difference")
        XCTAssertEqual(d.relativeResidual, d.model.mean, accuracy: 1e-12)

        // 19 July alone: r3 has no value, so two replications: 30, 31 → mean 30.5,
        // sd 0.7071, half-width t(0.975, 1)·0.7071/√2 = 12.706205 × 0.5 = 6.353102.
        let e = try ObservedCheck.evaluate([figure("2021-07-19", 30)], run: run(), fileName: "o.csv")[0]
        XCTAssertEqual(e.model.count, 2)
        XCTAssertEqual(e.model.ci95High, 30.5 + 6.353102, accuracy: 1e-6)
    }

    func testTheNearestDateRule() {
        let dates = ["2021-07-05", "2021-07-13", "2021-07-20"].map(date)
        func pick(_ s: String) -> [Int]? { try? ObservedCheck.dateIndices(for: .date(date(s)), in: dates).get() }
        XCTAssertEqual(pick("2021-07-09"), [0], "4 days from each: the earlier")
        XCTAssertEqual(pick("2021-07-10"), [1])
        XCTAssertEqual(pick("2021-06-27"), [0], "8 days before the first: the largest spacing is 8")
        XCTAssertNil(pick("2021-06-26"), "9 days before the first")
        XCTAssertEqual(pick("2021-07-28"), [2])
        XCTAssertNil(pick("2021-07-29"))
        XCTAssertNil(try? ObservedCheck.dateIndices(for: .period(date("2021-07-06"), date("2021-07-12")), in: dates).get(),
                     "a period without an output date")
        XCTAssertEqual(try? ObservedCheck.dateIndices(for: .period(date("2021-07-13"), date("2021-07-20")), in: dates).get(), [1, 2],
                       "both ends included")
    }

    func testUnknownLevelsMetricsAndEntitiesListWhatExists() {
        let text = """
            date_or_period,level,entity,metric,value,weight,source
            2021-07-05,national,England and Wales,caseloads,1,1,x
            2021-07-05,nation,England and Wales,caseload,1,1,x
            2021-07-05,pdu,Leeds,caseload,1,1,x
            2022-07-05,national,England and Wales,caseload,1,1,x

            """
        do {
            let figures = try ObservedFile.parse(text, fileName: "o.csv")
            _ = try ObservedCheck.evaluate(figures, run: run(), fileName: "o.csv")
            XCTFail("expected problems")
        } catch {
            XCTAssertEqual(error.problems.map(\.description), [
                #"o.csv:2:39: metric: unknown metric "caseloads" at level national; the run has "caseload""#,
                #"o.csv:3:12: level: unknown level "nation"; the run has "national", "pdu""#,
                #"o.csv:4:16: entity: unknown pdu "Leeds" for caseload; the run has "Sheffield""#,
                "o.csv:5:1: date_or_period: expected a date near the run's output dates, found 2022-07-05; the run's output dates are 2021-07-05 to 2021-07-19 (a date may lie at most 7 day(s), the largest spacing of output dates, outside them)",
            ])
        }
    }

    func testBadRowsAreReportedAtTheirField() {
        let text = """
            date_or_period,level,entity,metric,value,weight,source
            2021-07-05,national,England and Wales,caseload,1.5e3,1,x
            2021-07-32,national,,caseload,12,-2,"a, b"
            2021-07-05,national,England and Wales,caseload,12
            2021-07-05..2021-07-01,national,England and Wales,caseload,12,,

            """
        XCTAssertThrowsError(try ObservedFile.parse(text, fileName: "o.csv")) { error in
            XCTAssertEqual((error as? ObservedProblems)?.problems.map(\.description), [
                #"o.csv:2:48: value: expected a number (such as 230578 or 4371.5), found "1.5e3""#,
                #"o.csv:3:1: date_or_period: expected a date (YYYY-MM-DD) or a period (YYYY-MM-DD..YYYY-MM-DD, the first not after the second), found "2021-07-32""#,
                "o.csv:3:21: entity: expected the entity, found nothing",
                #"o.csv:3:34: weight: expected a number ≥ 0 (or nothing, meaning 1), found "-2""#,
                "o.csv:4:1: expected 7 fields (as the header), found 5",
                #"o.csv:5:1: date_or_period: expected a date (YYYY-MM-DD) or a period (YYYY-MM-DD..YYYY-MM-DD, the first not after the second), found "2021-07-05..2021-07-01""#,
            ])
        }
        XCTAssertThrowsError(try ObservedFile.parse("date,level,entity,metric,value\n", fileName: "o.csv")) { error in
            XCTAssertEqual((error as? ObservedProblems)?.problems.map(\.description), [
                #"o.csv:1:1: unknown column "date"; expected the columns date_or_period,level,entity,metric,value,weight,source"#,
                "o.csv:1:1: expected the columns date_or_period,level,entity,metric,value,weight,source, found no date_or_period (weight and source may be left out)",
            ])
        }
        // weight and source may be left out; weight defaults to 1.
        let figures = try? ObservedFile.parse("date_or_period,level,entity,metric,value\n2021-07-05,national,E,caseload,7\n", fileName: "o.csv")
        XCTAssertEqual(figures?.first?.weight, 1)
        XCTAssertEqual(figures?.first?.value, 7)
    }
}
