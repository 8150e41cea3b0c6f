// SPDX-License-Identifier: GPL-3.0-or-later
// What a replication observes for the allocation-heuristics benchmark
// (`caseflow bench heuristics`, docs/heuristics.md): practitioner-weeks over
// 110%, capacity within teams, and each first allocation's wait.
//
// The model collects these in every run (cheaply: one pass over the
// practitioners at each weekly check, and one record per allocation), after
// the warm-up only, and hands them back in `ReplicationResult.workload`.

import Simulation

/// Workload and allocation observations of one replication, after the warm-up.
public struct WorkloadObservations: Sendable, Hashable {
    /// Practitioner-weeks observed: at each weekly check, every practitioner
    /// in post whose grade holds cases or who holds workload.
    public internal(set) var practitionerWeeks = 0
    /// Of those, practitioner-weeks over 110% capacity (as `practitioners_over_110`).
    public internal(set) var weeksOver110 = 0
    /// Of those, practitioner-weeks in excessive workload (over 110% at 4 or more consecutive checks).
    public internal(set) var weeksExcessive = 0
    /// Practitioner-weeks with a capacity figure (available points above 0), their sum and maximum.
    public internal(set) var capacityObservations = 0
    public internal(set) var capacitySum = 0.0
    public internal(set) var capacityMax = -Double.infinity
    /// Team-weeks with at least two practitioners with a capacity figure, and the sum of their Gini coefficients.
    public internal(set) var teamWeeks = 0
    public internal(set) var giniSum = 0.0
    /// First allocations, those within the target, and their calendar days from sentence (or handover).
    public internal(set) var allocations = 0
    public internal(set) var allocatedWithinTarget = 0
    /// Cases that missed the allocation target without being allocated: those
    /// that ended while still waiting for their first allocation past the
    /// target, and those still waiting past it when the results were taken
    /// (the end of the run).
    public internal(set) var unallocatedPastTarget = 0
    /// Cases whose allocation target fell due: every first allocation (in
    /// time or late) and every case that missed the target unallocated. The
    /// denominator of `allocated_within_5wd_pct`, so that cases left waiting
    /// count as not allocated in time.
    public var targetDue: Int { allocations + unallocatedPastTarget }
    public internal(set) var daysToAllocationSum = 0.0
    /// Calendar days to first allocation, in bins of 0.1 day up to two years.
    public internal(set) var daysToAllocation = Histogram(lower: 0, upper: 730, binCount: 7300)
    /// Cases moved to another practitioner.
    public internal(set) var reallocations = 0

    public init() {}

    /// The Gini coefficient of non-negative values: Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean);
    /// 0 when all are equal or all are 0.
    public static func gini(_ values: [Double]) -> Double {
        values.count > 1 ? gini(ascending: values.sorted()) : 0
    }

    /// ``gini(_:)`` of values already in ascending order (the same arithmetic, the same result).
    static func gini<C: RandomAccessCollection<Double>>(ascending sorted: C) -> Double {
        let n = sorted.count
        guard n > 1 else { return 0 }
        let total = sorted.reduce(0, +)
        guard total > 0 else { return 0 }
        var weighted = 0.0
        for (i, x) in sorted.enumerated() { weighted += Double(2 * (i + 1) - n - 1) * x }
        return weighted / (Double(n) * total)
    }
}

/// The KPIs `caseflow bench heuristics` ranks allocation policies on, each
/// computed from one replication's `WorkloadObservations`. docs/heuristics.md
/// defines them.
public enum HeuristicKPI: String, CaseIterable, Sendable {
    case over110 = "over_110_pct"
    case capacityMean = "capacity_mean"
    case capacityMax = "capacity_max"
    case excessive = "excessive_workload_pct"
    case gini = "capacity_gini"
    case daysMean = "days_to_allocation_mean"
    case daysP95 = "days_to_allocation_p95"
    case withinTarget = "allocated_within_5wd_pct"
    case reallocations = "reallocations_per_100"

    /// Which way is better.
    public enum Direction: String, Sendable {
        case lowerIsBetter = "lower"
        case higherIsBetter = "higher"
        /// Reported, but neither better nor worse (`capacity_mean` mostly reflects demand and staffing).
        case none = "none"
    }

    /// The KPI the ranking orders by.
    public static let primary = HeuristicKPI.over110

    public var direction: Direction {
        switch self {
        case .withinTarget: return .higherIsBetter
        case .capacityMean: return .none
        default: return .lowerIsBetter
        }
    }

    /// One line for `--help` and the ranking table's legend.
    public var summary: String {
        switch self {
        case .over110: return "practitioner-weeks over 110% capacity, % of all practitioner-weeks"
        case .capacityMean: return "mean capacity % over practitioner-weeks (informational: no better direction)"
        case .capacityMax: return "highest capacity % of any practitioner at any weekly check"
        case .excessive: return "practitioner-weeks in excessive workload (over 110% for 4+ consecutive checks), %"
        case .gini: return "Gini coefficient of capacity % within each team, mean over team-weeks"
        case .daysMean: return "mean calendar days from sentence (or handover) to first allocation"
        case .daysP95: return "95th percentile of calendar days to first allocation"
        case .withinTarget: return "cases allocated within the target (5 working days), % of all whose target fell due (cases left waiting past it count as late)"
        case .reallocations: return "reallocations per 100 first allocations"
        }
    }

    /// The KPI's value for one replication; NaN when it has no observations
    /// (no practitioner-weeks, no allocations).
    public func value(_ o: WorkloadObservations) -> Double {
        func ratio(_ a: Double, _ b: Int) -> Double { b > 0 ? a / Double(b) : .nan }
        switch self {
        case .over110: return ratio(Double(o.weeksOver110) * 100, o.practitionerWeeks)
        case .capacityMean: return ratio(o.capacitySum, o.capacityObservations)
        case .capacityMax: return o.capacityObservations > 0 ? o.capacityMax : .nan
        case .excessive: return ratio(Double(o.weeksExcessive) * 100, o.practitionerWeeks)
        case .gini: return ratio(o.giniSum, o.teamWeeks)
        case .daysMean: return ratio(o.daysToAllocationSum, o.allocations)
        case .daysP95: return o.daysToAllocation.quantile(0.95) ?? .nan
        case .withinTarget: return ratio(Double(o.allocatedWithinTarget) * 100, o.targetDue)
        case .reallocations: return ratio(Double(o.reallocations) * 100, o.allocations)
        }
    }
}

extension ProbationModel {
    /// Whether `engine.now` is after the warm-up (observations before it are not kept).
    var pastWarmup: Bool { engine.now > Tick(spec.warmupDays) * Ticks.day }

    /// Called at each weekly check, after the over-110 streaks are updated.
    func observeWeek() {
        guard pastWarmup else { return }
        // One buffer for every team (as long as the largest), sorted in place for the Gini
        // coefficient (not copied into a new sorted array for each team-week), and written
        // through its pointer (an array's every append checked that its buffer was not shared);
        // the team's members read without copying its record.
        var largest = 1
        for t in teams.indices { largest = Swift.max(largest, teams[t].members.count) }
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: largest)
        defer { buffer.deallocate() }
        for t in teams.indices {
            var n = 0
            for p in teams[t].members where practitioners[p].active {
                // Fields one by one: copying a practitioner would copy their caseload.
                let workload = practitioners[p].workload, available = practitioners[p].available
                guard gradeRules[practitioners[p].grade.index].holdsCases || workload > 0 else { continue }
                observations.practitionerWeeks += 1
                if isOver(p, 110) { observations.weeksOver110 += 1 }
                if practitioners[p].weeksOver110 >= 4 { observations.weeksExcessive += 1 }
                guard available > 0 else { continue }
                let c = Double(workload) / Double(available) * 100
                observations.capacityObservations += 1
                observations.capacitySum += c
                observations.capacityMax = Swift.max(observations.capacityMax, c)
                buffer[n] = c
                n += 1
            }
            if n > 1 {
                var capacities = UnsafeMutableBufferPointer(rebasing: buffer[0..<n])
                observations.teamWeeks += 1
                capacities.sort()
                observations.giniSum += WorkloadObservations.gini(ascending: capacities)
            }
        }
    }

    /// Called when case `c` ends while it waits in a queue.
    func observeEndWhileWaiting(_ c: CaseState) {
        guard pastWarmup, !c.needsReallocation, pastTarget(c) else { return }
        observations.unallocatedPastTarget += 1
    }

    /// The observations as they stand, with the cases still waiting for their
    /// first allocation past the target counted as missing it (once each).
    func workloadObservations() -> WorkloadObservations {
        var o = observations
        guard pastWarmup else { return o }
        var seen = Set<Int32>()
        for p in pdus.indices {
            for r in pdus[p].queue {
                let c = cases[Int(r.index)]
                guard c.alive, c.generation == r.generation, c.queued, !c.needsReallocation,
                      pastTarget(c), seen.insert(r.index).inserted else { continue }
                o.unallocatedPastTarget += 1
            }
        }
        return o
    }

    /// Called when case `c` (as it was before allocation) is given to a practitioner.
    /// `wd` and `days`: a first allocation's working days and days since its clock started, as
    /// `allocate` has computed them (`calendar.workingDays(fromTick: c.clockStart, toTick: now)`
    /// and `(now - c.clockStart) / Ticks.day`); not read for a reallocation.
    func observeAllocation(_ c: CaseState, workingDays wd: Int, days: Double) {
        guard pastWarmup else { return }
        if c.needsReallocation {
            observations.reallocations += 1
            return
        }
        observations.allocations += 1
        observations.daysToAllocationSum += days
        observations.daysToAllocation.record(days)
        if wd <= spec.allocation.targetWorkingDays { observations.allocatedWithinTarget += 1 }
    }
}
