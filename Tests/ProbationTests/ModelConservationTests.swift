// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// Accounting identities that every run must satisfy, checked on a busy
/// three-PDU world with everything switched on: short custody (which joins the
/// caseload at sentence, so every arrival joins it), an allocated initial
/// stock, tier changes, leavers and their replacements, court reports and a
/// staff lever.
final class ModelConservationTests: XCTestCase {
    /// Team names by (PDU number, team position in the PDU), as practitioner
    /// identifiers `PDU-Tn-GRADE-k` name them.
    static let teamNames: [String: String] = [
        "1-T1": "One A", "1-T2": "One B", "2-T1": "Two A", "2-T2": "Two B", "3-T1": "Three A",
    ]
    static let pduNames = [1: "PDU one", 2: "PDU two", 3: "PDU three"]
    static let regionOfPDU = [1: "Region one", 2: "Region one", 3: "Region two"]

    static func busySpec() -> ModelSpec {
        var s = Fixtures.threePDUs(days: 364)
        s.cases.custodyShare = 0.4
        s.cases.custodyTimeToServeDays = .constant(200)   // < 304: with a community practitioner from sentence
        s.cases.tierChangesPerYear = 1.5
        s.demand.reportsPerWeek = [1: 3, 2: 2, 3: 2]
        s.workforce = WorkforceSpec(leavingRatePerYear: [.po: 0.4, .pso: 0.4, .pqip: 0.2], replaceLeavers: true,
                                    recruitmentLeadTimeDays: 56)
        // 601 over three equal weights: 200⅓ each, the spare case to the first PDU (largest remainder, ties to the first).
        s.initialCaseload = InitialCaseloadSpec(total: 601, typeShares: [.community: 0.6, .licence: 0.3, .custody: 0.1],
                                                pduWeights: [1: 1, 2: 1, 3: 1], allocated: true)
        s.levers = [Lever(date: Fixtures.start.adding(days: 100), change: .staff(.po, 2, .pdu(2)))]
        return s
    }

    /// The run (computed once for all the tests here) and what auditing it after every fifth event found.
    static let audited: (result: ReplicationResult, book: Book, problems: [String]) = {
        let stepper = Stepper(busySpec())
        let r = stepper.run(auditEvery: 5)
        return (r, Book(r), stepper.problems)
    }()
    static var run: ReplicationResult { audited.result }
    static var book: Book { audited.book }
    static let initialByPDU = [1: 201, 2: 200, 3: 200]

    func testBookkeepingStaysConsistentThroughTheRun() {
        XCTAssertEqual(Self.audited.problems, [], Self.audited.problems.joined(separator: "\n"))
    }

    /// caseload on each output date = caseload on the previous one + arrivals −
    /// terminations, starting from the initial stock, at national, region and
    /// PDU level; caseload = Σ by type = Σ by tier.
    func testCaseloadIsInitialStockPlusArrivalsMinusTerminations() {
        let r = Self.run, b = Self.book
        var entities: [(OutputSpec.Level, String, Int)] = [(.national, Fixtures.national, 601)]
        entities.append((.region, "Region one", 401))
        entities.append((.region, "Region two", 200))
        for (n, name) in Self.pduNames { entities.append((.pdu, name, Self.initialByPDU[n]!)) }
        for (level, name, initial) in entities {
            let caseload = b["caseload", level, name]
            let arrivals = b["arrivals", level, name]
            let terms = b["terminations", level, name]
            XCTAssertEqual(caseload.count, 52)
            var expected = Double(initial)
            for j in caseload.indices {
                expected += arrivals[j] - terms[j]
                XCTAssertEqual(caseload[j], expected, "\(name) caseload on \(r.timeSeries.dates[j])")
            }
            // Over the run: end = initial + Σ arrivals − Σ terminations.
            XCTAssertEqual(caseload.last!, Double(initial) + arrivals.reduce(0, +) - terms.reduce(0, +), name)
            let byType = zip(zip(b["caseload_community", level, name], b["caseload_licence", level, name]),
                             b["caseload_custody", level, name]).map { $0.0 + $0.1 + $1 }
            XCTAssertEqual(byType, caseload, "\(name): caseload = community + licence + custody")
        }
        let tiers = Metrics.tiers.map { b[$0] }
        for j in 0..<52 {
            XCTAssertEqual(tiers.reduce(0) { $0 + $1[j] }, b["caseload"][j], "Σ tiers on \(r.timeSeries.dates[j])")
        }
        XCTAssertGreaterThan(b["arrivals"].reduce(0, +), 1300)     // ~30 a week
        XCTAssertGreaterThan(b["terminations"].reduce(0, +), 1000)
        XCTAssertGreaterThan(b["caseload_custody"].max()!, 0)
    }

    /// Every case on the caseload is either held by one practitioner or
    /// waiting in the unallocated queue: Σ team caseloads + unallocated =
    /// caseload in each PDU; 0 ≤ unallocated ≤ caseload.
    func testHeldPlusUnallocatedIsTheCaseload() {
        let r = Self.run, b = Self.book
        for (n, pdu) in Self.pduNames {
            let teams = Self.teamNames.filter { $0.key.hasPrefix("\(n)-") }.map(\.value)
            let caseload = b["caseload", .pdu, pdu]
            let unallocated = b["unallocated", .pdu, pdu]
            for j in caseload.indices {
                let held = teams.reduce(0.0) { $0 + b["caseload", .team, $1][j] }
                XCTAssertEqual(held + unallocated[j], caseload[j], "\(pdu) on \(r.timeSeries.dates[j])")
                XCTAssertGreaterThanOrEqual(unallocated[j], 0)
                XCTAssertLessThanOrEqual(unallocated[j], caseload[j])
            }
        }
        // The snapshot holds the same cases as the team series.
        for (date, rows) in r.snapshotsByDate {
            let j = r.index(of: date)!
            let held = Self.teamNames.values.reduce(0.0) { $0 + b["caseload", .team, $1][j] }
            XCTAssertEqual(Double(rows.reduce(0) { $0 + $1.casesHeld }), held, "snapshot on \(date)")
        }
    }

    /// Team stock metrics from the WMT snapshot, recomputed with WMT
    /// arithmetic: workload = Σ PointsTable.workloadPoints of the members'
    /// caseloads; available = Σ available points from grade and hours;
    /// capacity = workload / available; staff by grade = snapshot rows by grade
    /// (+ the SPO); over-100/110 counts. Higher levels are sums of lower ones.
    func testTeamStockMatchesTheSnapshotUnderWMTArithmetic() {
        let r = Self.run, b = Self.book
        let table = PointsTable.hmppsDefault
        XCTAssertEqual(r.snapshotsByDate.count, 52)
        for (date, rows) in r.snapshotsByDate {
            let j = r.index(of: date)!
            var byTeam: [String: [WMTSnapshotRow]] = [:]
            for row in rows {
                let parts = row.practitioner.split(separator: "-")
                byTeam[Self.teamNames["\(parts[0])-\(parts[1])"]!, default: []].append(row)
            }
            for team in Self.teamNames.values {
                let members = byTeam[team] ?? []
                let workload = members.reduce(0) { $0 + table.workloadPoints(of: $1.caseload) }
                let available = members.reduce(0) {
                    $0 + table.availablePoints(grade: $1.grade, contractedHours: $1.contractedHours, reductionHours: $1.reductionHours)
                }
                let over110 = members.filter {
                    let a = table.availablePoints(grade: $0.grade, contractedHours: $0.contractedHours, reductionHours: $0.reductionHours)
                    return Double(table.workloadPoints(of: $0.caseload)) / Double(a) * 100 > 110
                }.count
                let at = "\(team) on \(date)"
                XCTAssertEqual(b["workload_points", .team, team][j], Double(workload), at)
                XCTAssertEqual(b["available_points", .team, team][j], Double(available), at)
                XCTAssertEqual(b["capacity_pct", .team, team][j], Double(workload) / Double(available) * 100, accuracy: 1e-9, at)
                XCTAssertEqual(b["practitioners_over_110", .team, team][j], Double(over110), at)
                for (metric, grade) in [("staff_in_post_po", Grade.po), ("staff_in_post_pso", .pso), ("staff_in_post_pqip", .pqip)] {
                    XCTAssertEqual(b[metric, .team, team][j], Double(members.filter { $0.grade == grade }.count), "\(metric) \(at)")
                }
                XCTAssertEqual(b["staff_in_post_spo", .team, team][j], 1, at)
                let grades = ["staff_in_post_po", "staff_in_post_pso", "staff_in_post_pqip", "staff_in_post_spo"]
                XCTAssertEqual(b["staff_in_post", .team, team][j],
                               grades.reduce(0.0) { $0 + b[$1, .team, team][j] }, at)
            }
        }
        // Sums up the levels, for stock metrics (teams → PDU) and everything (PDU → region → nation).
        let additive = ["workload_points", "available_points", "practitioners_over_100", "practitioners_over_110",
                        "excessive_workload", "staff_in_post", "staff_in_post_po", "staff_in_post_pso",
                        "staff_in_post_pqip", "staff_in_post_spo"]
        let flows = ["caseload", "unallocated", "arrivals", "terminations", "allocations", "reallocations",
                     "court_reports", "joiners", "leavers"]
        for j in 0..<52 {
            for m in additive {
                for (n, pdu) in Self.pduNames {
                    let teams = Self.teamNames.filter { $0.key.hasPrefix("\(n)-") }.map(\.value)
                    XCTAssertEqual(b[m, .pdu, pdu][j], teams.reduce(0.0) { $0 + b[m, .team, $1][j] }, "\(m) \(pdu)")
                }
            }
            for m in additive + flows {
                let regions = ["Region one", "Region two"].map { b[m, .region, $0][j] }
                let pdus = Self.pduNames.values.reduce(0.0) { $0 + b[m, .pdu, $1][j] }
                XCTAssertEqual(b[m][j], regions.reduce(0, +), m)
                XCTAssertEqual(b[m][j], pdus, m)
                XCTAssertEqual(b[m, .region, "Region one"][j],
                               b[m, .pdu, "PDU one"][j] + b[m, .pdu, "PDU two"][j], m)
            }
        }
        // The things the identities are exercised on actually happened.
        XCTAssertGreaterThan(b["leavers"].reduce(0, +), 5)
        XCTAssertGreaterThan(b["joiners"].reduce(0, +), 5)
        XCTAssertGreaterThan(b["reallocations"].reduce(0, +), 10)
        XCTAssertGreaterThan(b["court_reports"].reduce(0, +), 300)
    }

    /// Staff in post moves only by joiners and leavers:
    /// staff(t) = staff(t−1) + joiners − leavers, from the establishment.
    func testStaffInPostMovesByJoinersAndLeavers() {
        let r = Self.run, b = Self.book
        for (n, pdu) in Self.pduNames {
            let teams = Double(Self.teamNames.keys.filter { $0.hasPrefix("\(n)-") }.count)
            var staff = 9 * teams      // 4 PO + 3 PSO + 1 PQiP + 1 SPO a team
            let series = b["staff_in_post", .pdu, pdu]
            let joiners = b["joiners", .pdu, pdu], leavers = b["leavers", .pdu, pdu]
            for j in series.indices {
                staff += joiners[j] - leavers[j]
                XCTAssertEqual(series[j], staff, "\(pdu) on \(r.timeSeries.dates[j])")
            }
        }
    }
}
