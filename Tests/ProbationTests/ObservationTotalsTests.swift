// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation
import Simulation

/// The output totals (`StockTotals`, `WorkforceTotals`, held in `Fixed8`s, and written by
/// metric column) against a plain recount with arrays, summed in the order the model always
/// summed them (members, then teams in order, PDUs, regions), on every output date of a busy
/// world.
final class ObservationTotalsTests: XCTestCase {
    func testFixed8AgainstAnArray() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let n = Int.random(in: 1...8, using: &rng)
            var f = Fixed8<Double>(), a = [Double](repeating: 0, count: n)
            var fi = Fixed8<Int>(), ai = [Int](repeating: 0, count: n)
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                let k = Int.random(in: 0..<n, using: &rng)
                let x = Double.random(in: 0...1, using: &rng) * [1, 1e-9, 1e9][Int.random(in: 0...2, using: &rng)]
                f[k] += x; a[k] += x
                let y = Int.random(in: -1_000...1_000, using: &rng)
                fi[k] += y; ai[k] += y
            }
            for k in 0..<n { XCTAssertEqual(f[k].bitPattern, a[k].bitPattern); XCTAssertEqual(fi[k], ai[k]) }
            for k in n..<8 { XCTAssertEqual(f[k], 0); XCTAssertEqual(fi[k], 0) }
            XCTAssertEqual(f.sum(n).bitPattern, a.reduce(0, +).bitPattern)
            XCTAssertEqual(fi.sum(n), ai.reduce(0, +))
        }
    }

    /// A points table with about a quarter of its case weights changed at random, and these
    /// points for court reports.
    private static func randomTable(sdr: Int, fdr: Int, using rng: inout SystemRandomNumberGenerator) -> PointsTable {
        var table = PointsTable.hmppsDefault
        for c in CaseCategory.allCases where Int.random(in: 0..<4, using: &rng) == 0 { table[c] = Int.random(in: 0...500, using: &rng) }
        table.sdr = sdr; table.fdr = fdr
        return table
    }

    /// Fills `row` (192 counts) with one category in `density` held, `counts` cases each, and
    /// returns the same caseload built a category at a time, with `sdr` and `fdr` reports.
    private static func fillRandomRow(_ row: UnsafeMutablePointer<Int32>, table: PointsTable, density: Int,
                                      counts: ClosedRange<Int>, sdr: Int, fdr: Int,
                                      using rng: inout SystemRandomNumberGenerator) -> Caseload {
        var reference = Caseload(table: table)
        for i in 0..<CaseCategory.count {
            let n = Int.random(in: 0..<density, using: &rng) == 0 ? Int.random(in: counts, using: &rng) : 0
            row[i] = Int32(n)
            reference.add(CaseCategory.allCases[i], count: n)
        }
        reference.add(.standard, count: sdr)
        reference.add(.fast, count: fdr)
        return reference
    }

    /// A caseload made from a row of counts (WMT snapshots) against one built a category at a time.
    func testCaseloadFromARowAgainstAddingEachCategory() {
        var rng = SystemRandomNumberGenerator()
        let table = Self.randomTable(sdr: 17, fdr: 5, using: &rng)
        let row = UnsafeMutablePointer<Int32>.allocate(capacity: CaseCategory.count)
        defer { row.deallocate() }
        for _ in 0..<300 {
            let sdr = Int.random(in: 0...3, using: &rng), fdr = Int.random(in: 0...3, using: &rng)
            let reference = Self.fillRandomRow(row, table: table, density: Int.random(in: 1...20, using: &rng), counts: 0...30,
                                               sdr: sdr, fdr: fdr, using: &rng)
            let made = Caseload(table: table, counts: UnsafePointer(row), sdr: sdr, fdr: fdr)
            XCTAssertEqual(made, reference)
            XCTAssertEqual(made.workloadPoints, reference.workloadPoints)
            XCTAssertEqual(made.caseCount, reference.caseCount)
            XCTAssertEqual(CaseCategory.allCases.map { made.count($0) }, CaseCategory.allCases.map { reference.count($0) })
            // The counts in place are the categories' counts in the order of `allCases` (the
            // order of a WMT snapshot's columns).
            XCTAssertEqual(made.withCategoryCounts { Array($0) }, CaseCategory.allCases.map { reference.count($0) })
            XCTAssertEqual(reference.withCategoryCounts { Array($0) }, (0..<CaseCategory.count).map { Int(row[$0]) })
        }
    }

    /// A WMT snapshot row keeps only the categories held: made from a row of the caseload
    /// table or from a whole caseload (sparse, dense, empty, huge counts), it gives back a
    /// caseload equal to the one a category at a time builds, every count, the 192 counts in
    /// the columns' order, and the court reports; setting its caseload replaces all of them.
    func testSnapshotRowKeepsTheCaseloadItWasMadeFrom() {
        var rng = SystemRandomNumberGenerator()
        let table = Self.randomTable(sdr: 11, fdr: 3, using: &rng)
        let row = UnsafeMutablePointer<Int32>.allocate(capacity: CaseCategory.count)
        defer { row.deallocate() }
        let date = CivilDate(year: 2024, month: 3, day: 31)!
        var previous: Caseload?
        for round in 0..<400 {
            // Rounds 0 and 1: nothing held and every category held; then sparser and denser rows.
            let density = round == 0 ? Int.max : round == 1 ? 1 : Int.random(in: 1...40, using: &rng)
            let sdr = Int.random(in: 0...4, using: &rng), fdr = Int.random(in: 0...4, using: &rng)
            let reference = Self.fillRandomRow(row, table: table, density: density, counts: 1...60, sdr: sdr, fdr: fdr, using: &rng)
            let counts = CaseCategory.allCases.map { reference.count($0) }
            let fromRow = WMTSnapshotRow(date: date, practitioner: "PO \(round)", grade: .po, contractedHours: 37,
                                         reductionHours: 2.5, table: table, counts: UnsafePointer(row), sdr: sdr, fdr: fdr)
            var fromCaseload = WMTSnapshotRow(date: date, practitioner: "PO \(round)", grade: .po, contractedHours: 37,
                                              reductionHours: 2.5, caseload: reference)
            for made in [fromRow, fromCaseload] {
                XCTAssertEqual(made.caseload, reference)
                XCTAssertEqual(made.caseload.workloadPoints, reference.workloadPoints)
                XCTAssertEqual(made.caseload.caseCount, reference.caseCount)
                XCTAssertEqual(CaseCategory.allCases.map { made.count($0) }, counts)
                XCTAssertEqual(made.withCategoryCounts { Array($0) }, counts)
                XCTAssertEqual(made.sdrCount, sdr)
                XCTAssertEqual(made.fdrCount, fdr)
                XCTAssertEqual(made.table, table)
            }
            if let previous {
                fromCaseload.caseload = previous
                XCTAssertEqual(fromCaseload.caseload, previous)
                XCTAssertEqual(fromCaseload.withCategoryCounts { Array($0) }, CaseCategory.allCases.map { previous.count($0) })
                XCTAssertEqual(fromCaseload.sdrCount, previous.count(.standard))
            }
            previous = reference
        }
        // Counts far beyond any practitioner's, in the first and last categories.
        var big = Caseload(table: .hmppsDefault)
        big.add(CaseCategory.allCases[0], count: 1 << 40)
        big.add(CaseCategory.allCases[CaseCategory.count - 1], count: 3)
        let made = WMTSnapshotRow(date: date, practitioner: "PSO", grade: .pso, contractedHours: 37, reductionHours: 0, caseload: big)
        XCTAssertEqual(made.caseload, big)
        XCTAssertEqual(made.count(CaseCategory.allCases[0]), 1 << 40)
        XCTAssertEqual(made.count(CaseCategory.allCases[1]), 0)
        XCTAssertEqual(made.count(CaseCategory.allCases[CaseCategory.count - 1]), 3)
    }

    /// The weekly Gini coefficients (each team's capacities sorted in place in one buffer)
    /// against `gini(_:)` of each team's capacities, summed in the same order, bit for bit.
    func testWeeklyGiniSumAgainstAPlainRecount() {
        var spec = Fixtures.threePDUs(days: 300, seed: 3)
        spec.warmupDays = 28
        let s = Stepper(spec)
        let m = s.model
        var sum = 0.0, weeks = 0
        s.run(after: { event in
            guard case .weeklyCheck = event, m.pastWarmup else { return }
            weeks += 1
            for t in m.teams.indices {
                var capacities: [Double] = []
                for p in m.teams[t].members where m.practitioners[p].active {
                    let x = m.practitioners[p]
                    guard m.gradeRules[x.grade.index].holdsCases || x.workload > 0, x.available > 0 else { continue }
                    capacities.append(Double(x.workload) / Double(x.available) * 100)
                }
                if capacities.count > 1 { sum += WorkloadObservations.gini(capacities) }
            }
        })
        XCTAssertGreaterThan(weeks, 30)
        XCTAssertGreaterThan(sum, 0)
        XCTAssertEqual(m.observations.giniSum.bitPattern, sum.bitPattern, "\(m.observations.giniSum) against \(sum)")
    }

    /// The old way's totals of one set of practitioners, in plain arrays.
    struct Reference {
        var workload = 0, available = 0, over100 = 0, over110 = 0, excessive = 0
        var staff = [Int](repeating: 0, count: 4), held = [Int](repeating: 0, count: 3)
        var gradeCases = [Int](repeating: 0, count: 4), gradeWorkload = [Int](repeating: 0, count: 4)
        var gradeAvailable = [Int](repeating: 0, count: 4)
        var stage = [Int](repeating: 0, count: 5), fte = [Double](repeating: 0, count: 4)
        var stageFTE = [Double](repeating: 0, count: 5), establishment = [Int](repeating: 0, count: 4)
        var inTraining = 0, restricted = 0

        mutating func add(_ o: Reference) {
            workload += o.workload; available += o.available; over100 += o.over100; over110 += o.over110
            excessive += o.excessive; inTraining += o.inTraining; restricted += o.restricted
            for g in 0..<4 {
                staff[g] += o.staff[g]; gradeCases[g] += o.gradeCases[g]; gradeWorkload[g] += o.gradeWorkload[g]
                gradeAvailable[g] += o.gradeAvailable[g]; fte[g] += o.fte[g]; establishment[g] += o.establishment[g]
            }
            for t in 0..<3 { held[t] += o.held[t] }
            for k in 0..<5 { stage[k] += o.stage[k]; stageFTE[k] += o.stageFTE[k] }
        }

        /// The values the stock metrics should have (team level: cases by type from `held`).
        func expected(_ m: ProbationModel, caseload: Int?) -> [String: Double] {
            func ratio(_ a: Int, _ b: Int, _ k: Double = 1) -> Double { b > 0 ? Double(a) / Double(b) * k : .nan }
            let grades = ["po", "pso", "pqip", "spo"]
            var v: [String: Double] = [
                "workload_points": Double(workload), "available_points": Double(available),
                "capacity_pct": ratio(workload, available, 100), "practitioners_over_100": Double(over100),
                "practitioners_over_110": Double(over110), "excessive_workload": Double(excessive),
                "staff_in_post": Double(staff.reduce(0, +)), "fte": fte.reduce(0, +),
                "supervision_hours": Double(inTraining) * 2.5, "former_crc_restricted": Double(restricted),
                "vacancies": Double(establishment[0] - staff[0] + establishment[1] - staff[1] + establishment[3] - staff[3]),
            ]
            if let caseload { v["caseload"] = Double(caseload) } else {
                v["caseload"] = Double(held.reduce(0, +))
                v["caseload_community"] = Double(held[CaseType.community.index])
                v["caseload_licence"] = Double(held[CaseType.licence.index])
                v["caseload_custody"] = Double(held[CaseType.custody.index])
            }
            for g in 0..<4 {
                v["staff_in_post_\(grades[g])"] = Double(staff[g])
                v["fte_\(grades[g])"] = fte[g]
            }
            for k in 1..<5 {
                let name = WorkforceStage(rawValue: k)!.metricName
                v["staff_in_post_\(name)"] = Double(stage[k])
                v["fte_\(name)"] = stageFTE[k]
            }
            return v
        }

        /// Pressure by grade (national, region and PDU levels).
        func pressure() -> [String: Double] {
            var v: [String: Double] = [:]
            for (g, name) in ["po", "pso", "pqip"].enumerated() {
                v["mean_caseload_\(name)"] = staff[g] > 0 ? Double(gradeCases[g]) / Double(staff[g]) : .nan
                v["capacity_pct_\(name)"] = gradeAvailable[g] > 0 ? Double(gradeWorkload[g]) / Double(gradeAvailable[g]) * 100 : .nan
            }
            return v
        }
    }

    func reference(_ m: ProbationModel, team ti: Int) -> Reference {
        var r = Reference()
        for p in m.teams[ti].members {
            let x = m.practitioners[p]
            let g = x.grade.index
            r.staff[g] += 1
            let fte = x.contracted / ProbationModel.fullTimeHours
            r.fte[g] += fte
            r.stage[x.wf.stage.rawValue] += 1
            r.stageFTE[x.wf.stage.rawValue] += fte
            if x.wf.stage.isTraining { r.inTraining += 1 }
            if x.wf.restricted { r.restricted += 1 }
            guard m.gradeRules[g].holdsCases || x.workload > 0 else { continue }
            r.workload += x.workload
            r.available += x.available
            r.gradeCases[g] += x.caseCount
            r.gradeWorkload[g] += x.workload
            r.gradeAvailable[g] += x.available
            if m.isOver(p, 100) { r.over100 += 1 }
            if m.isOver(p, 110) { r.over110 += 1 }
            if x.weeksOver110 >= 4 { r.excessive += 1 }
            for t in CaseType.allCases { r.held[t.index] += m.practitioners[p].cases(of: t) }
        }
        for g in 0..<4 { r.establishment[g] = m.workforce.establishment[ti * 4 + g] }
        return r
    }

    func testTotalsAgainstAPlainRecountOnEveryOutputDate() {
        var spec = WorkforceTests.busy(days: 500)
        spec.outputs = OutputSpec(cadence: .weekly, levels: [.national, .region, .pdu, .team], wmtSnapshot: .none)
        let s = Stepper(spec)
        let m = s.model
        var checked = 0, dates = 0
        s.run(after: { event in
            guard case .output(let di) = event else { return }
            dates += 1
            // This date's rows, by entity and metric name.
            var rows: [OutputEntity: [String: Double]] = [:]
            let t = m.table
            for i in 0..<t.rowCount where Int(t.dateIndex[i]) == Int(di) {
                rows[t.entities[Int(t.entity[i])], default: [:]][t.metrics[Int(t.metric[i])]] = t.value[i]
            }
            func check(_ level: OutputSpec.Level, _ name: String, _ expected: [String: Double]) {
                let got = rows[OutputEntity(level: level, name: name)] ?? [:]
                for (metric, v) in expected {
                    guard let g = got[metric] else { XCTFail("\(level) \(name): no \(metric) on date \(di)"); continue }
                    XCTAssertTrue(g.bitPattern == v.bitPattern || (g.isNaN && v.isNaN),
                                  "\(level) \(name) \(metric) on date \(di): \(g), recounted \(v)")
                    checked += 1
                }
            }
            let team = m.teams.indices.map { self.reference(m, team: $0) }
            var pdu = [Reference](repeating: Reference(), count: m.pdus.count)
            for ti in m.teams.indices { pdu[m.teams[ti].pdu].add(team[ti]) }
            var region = [Reference](repeating: Reference(), count: m.regions.count)
            for p in m.pdus.indices { region[m.pdus[p].region].add(pdu[p]) }
            var national = Reference()
            for r in m.regions.indices { national.add(region[r]) }
            func cases(_ pdus: [Int]) -> Int { pdus.reduce(0) { $0 + m.pdus[$1].counts.reduce(0, +) } }
            for ti in m.teams.indices { check(.team, m.teams[ti].name, team[ti].expected(m, caseload: nil)) }
            for p in m.pdus.indices {
                check(.pdu, m.pdus[p].name, pdu[p].expected(m, caseload: cases([p])).merging(pdu[p].pressure()) { a, _ in a })
            }
            for r in m.regions.indices {
                check(.region, m.regions[r].name,
                      region[r].expected(m, caseload: cases(m.regions[r].pdus)).merging(region[r].pressure()) { a, _ in a })
            }
            check(.national, Fixtures.national,
                  national.expected(m, caseload: cases(Array(m.pdus.indices))).merging(national.pressure()) { a, _ in a })
        })
        XCTAssertGreaterThan(dates, 70)
        XCTAssertGreaterThan(checked, dates * 8 * 30)
        XCTAssertTrue(s.problems.isEmpty, s.problems.joined(separator: "\n"))
    }
}
