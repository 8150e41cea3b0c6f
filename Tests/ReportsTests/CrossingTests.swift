// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Reports
import Simulation

final class CrossingTests: XCTestCase {
    var parent: URL!
    override func setUpWithError() throws { parent = try RunFixture.folder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: parent) }

    /// Weekly from Monday 1 January 2024: days 0, 7, 14, 21, 28.
    let dates = ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29"]
    let key = RunFixture.key("unallocated")

    /// unallocated by replication (nil = an empty value):
    ///   r1: 100  40  30  20  10   below 50 first on 2024-01-08 (day 7)
    ///   r2: 200 150  45  30   8   below 50 first on 2024-01-15 (day 14)
    ///   r3: 120 110   —  49  30   below 50 first on 2024-01-22 (day 21; the empty value is skipped)
    ///   r4:  90  80  70  60  55   never below 50
    func run() throws -> RunDirectory {
        try RunDirectory.open(RunFixture.write("run", in: parent, replications: 4, dates: dates, series: [(key, [
            [100, 40, 30, 20, 10], [200, 150, 45, 30, 8], [120, 110, nil, 49, 30], [90, 80, 70, 60, 55],
        ])]))
    }

    func day(_ iso: String) -> Double { Double(CivilDate(iso: iso)!.dayNumber) }

    /// Over the three that crossed, days 7, 14, 21: mean 14 → 2024-01-15;
    /// sd √((49 + 0 + 49)/2) = 7; half-width t(0.975, 2)·7/√3 = 4.302653 × 4.041452 = 17.388965 days
    /// → [−3.39, 31.39] days → 2023-12-29 to 2024-02-01 (rounded to the nearest day).
    /// Percentiles (linear): p10 = 7 + 0.2 × 7 = 8.4 → 2024-01-09; p50 = 14 → 2024-01-15; p90 = 14 + 0.8 × 7 = 19.6 → 2024-01-21.
    func testFirstCrossingBelowWithOneReplicationThatNeverCrosses() throws {
        let r = try Crossing.find(CrossingQuery(key: key, direction: .below, threshold: .value(50)), in: run())
        XCTAssertEqual(r.replications.map { $0.date?.description }, ["2024-01-08", "2024-01-15", "2024-01-22", nil])
        XCTAssertEqual(r.replications.map(\.outcome), [.crossed, .crossed, .crossed, .never])
        XCTAssertEqual(r.replications.compactMap(\.value), [40, 45, 49])
        XCTAssertEqual(r.crossed.count, 3)
        XCTAssertEqual(r.neverCount, 1)
        XCTAssertEqual(r.days.count, 3)
        XCTAssertEqual(r.meanDate?.description, "2024-01-15")
        XCTAssertEqual(r.meanDaysFromStart, 14)
        XCTAssertEqual(r.days.sd, 7, accuracy: 1e-12)
        XCTAssertEqual(r.ci95HalfWidthDays!, 17.388965, accuracy: 1e-5)
        XCTAssertEqual(r.ci95LowDate?.description, "2023-12-29")
        XCTAssertEqual(r.ci95HighDate?.description, "2024-02-01")
        XCTAssertEqual(r.days.p10 - day("2024-01-01"), 8.4, accuracy: 1e-9)
        XCTAssertEqual(r.p10Date?.description, "2024-01-09")
        XCTAssertEqual(r.medianDate?.description, "2024-01-15")
        XCTAssertEqual(r.p90Date?.description, "2024-01-21")
        XCTAssertEqual(r.horizonEnd.description, "2024-01-29")
        XCTAssertFalse(r.replications.contains(where: \.onFirstDate))
    }

    /// Below 25% of each replication's value on 2024-01-01: thresholds 25, 50, 30, 22.5.
    ///   r1: first below 25 is 20 on 2024-01-22 (day 21)
    ///   r2: first below 50 is 45 on 2024-01-15 (day 14)
    ///   r3: never — its lowest value is 30, which is not strictly below 30
    ///   r4: never
    /// Over the two that crossed: mean 17.5 days → 2024-01-19 (rounded); sd 4.949747;
    /// half-width t(0.975, 1)·sd/√2 = 12.706205 × 3.5 = 44.471717 days.
    func testFractionOfStart() throws {
        let r = try Crossing.find(CrossingQuery(key: key, direction: .below, threshold: .fractionOfStart(0.25)), in: run())
        XCTAssertEqual(r.replications.map(\.threshold), [25, 50, 30, 22.5])
        XCTAssertEqual(r.replications.map(\.startValue), [100, 200, 120, 90])
        XCTAssertEqual(r.replications.map { $0.date?.description }, ["2024-01-22", "2024-01-15", nil, nil])
        XCTAssertEqual(r.neverCount, 2)
        XCTAssertEqual(r.meanDaysFromStart, 17.5)
        XCTAssertEqual(r.meanDate?.description, "2024-01-19")
        XCTAssertEqual(r.ci95HalfWidthDays!, 44.471717, accuracy: 1e-5)
    }

    /// With no value on the first date, a fraction of the start has no meaning:
    /// that replication is set aside, not counted as never crossing.
    func testFractionOfStartWithoutAStartValue() throws {
        let run = try RunDirectory.open(RunFixture.write("gap", in: parent, replications: 2, dates: dates, series: [(key, [
            [nil, 40, 30, 20, 10], [200, 150, 45, 30, 8],
        ])]))
        let r = try Crossing.find(CrossingQuery(key: key, direction: .below, threshold: .fractionOfStart(0.05)), in: run)
        XCTAssertEqual(r.replications.map(\.outcome), [.noStartValue, .crossed])
        XCTAssertEqual(r.replications[1].date?.description, "2024-01-29")   // 8 < 0.05 × 200 = 10
        XCTAssertEqual(r.noStartValueCount, 1)
        XCTAssertEqual(r.neverCount, 0)
        XCTAssertNil(r.ci95HalfWidthDays, "one crossing: no interval")
    }

    /// Above 85: replications 1–4 are all above it on the first date already.
    func testAboveAndAlreadyCrossedAtTheStart() throws {
        let r = try Crossing.find(CrossingQuery(key: key, direction: .above, threshold: .value(85)), in: run())
        XCTAssertEqual(r.replications.map { $0.date?.description }, Array(repeating: "2024-01-01", count: 4))
        XCTAssertTrue(r.replications.allSatisfy(\.onFirstDate))
        XCTAssertEqual(r.ci95HalfWidthDays, 0)
    }

    /// After 2024-01-08: only 2024-01-15 onwards. r1 is 30 on 2024-01-15 (its
    /// earlier crossing on 2024-01-08 is not considered); r2 45 on 2024-01-15; r3 49 on 2024-01-22.
    func testAfterADate() throws {
        let r = try Crossing.find(CrossingQuery(key: key, direction: .below, threshold: .value(50),
                                                after: CivilDate(iso: "2024-01-08")), in: run())
        XCTAssertEqual(r.replications.map { $0.date?.description }, ["2024-01-15", "2024-01-15", "2024-01-22", nil])
        XCTAssertEqual(r.firstConsidered.description, "2024-01-15")
        XCTAssertEqual(r.datesConsidered, 3)
        XCTAssertEqual(r.replications.map(\.onFirstDate), [true, true, false, false])
        XCTAssertThrowsError(try Crossing.find(CrossingQuery(key: key, direction: .below, threshold: .value(50),
                                                             after: CivilDate(iso: "2024-01-29")), in: run()))
    }

    func testNoReplicationCrosses() throws {
        let r = try Crossing.find(CrossingQuery(key: key, direction: .below, threshold: .value(5)), in: run())
        XCTAssertEqual(r.neverCount, 4)
        XCTAssertNil(r.meanDate)
        XCTAssertNil(r.ci95HalfWidthDays)
    }

    func testUnknownSeries() throws {
        XCTAssertThrowsError(try Crossing.find(CrossingQuery(key: RunFixture.key("backlog"), direction: .below, threshold: .value(5)), in: run())) {
            XCTAssertTrue("\($0)".contains("has no series national / England and Wales / backlog"), "\($0)")
        }
    }
}
