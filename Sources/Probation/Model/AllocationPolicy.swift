// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

/// A practitioner as an allocation policy sees them: one who may hold the
/// case and has headroom for it under the cap.
public struct AllocationCandidate: Sendable, Hashable {
    /// The practitioner's index in the model (stable for the run).
    public var practitioner: Int
    public var team: Int
    public var grade: Grade
    /// Capacity % now, and after taking this case.
    public var capacityPercent: Double
    public var capacityAfterPercent: Double
    /// Cases held now.
    public var cases: Int
    /// Whether this practitioner held the person's case before (on a
    /// reallocation this is the team's previous holder).
    public var heldBefore: Bool
}

/// The case being allocated.
public struct AllocationRequest: Sendable, Hashable {
    public var caseType: CaseType
    public var tier: Tier
    public var pdu: Int
    /// The team that held the case before (on reallocation), if any.
    public var previousTeam: Int?
    /// Whether this is a reallocation rather than a new case.
    public var isReallocation: Bool
}

/// Chooses a practitioner for a case from the eligible candidates.
///
/// The model does the filtering — grade rules, protected caseloads and the
/// capacity cap — so a policy only ranks. Candidates come in a fixed order
/// (practitioner index), so a policy that breaks ties by order is
/// deterministic. A policy may keep state (round robin does); each replication
/// gets its own instance from ``AllocationPolicies/make(_:)``.
public protocol AllocationPolicy: SendableMetatype {
    /// The name scenarios use to choose the policy.
    static var name: String { get }
    /// One line for `--help` and the docs.
    static var summary: String { get }
    init()
    /// Returns the index into `candidates` of the chosen practitioner.
    /// `candidates` is never empty. `random` is the policy's own stream
    /// (`allocation-policy`), so a policy that draws does not disturb any
    /// other source of randomness.
    mutating func choose(_ request: AllocationRequest, from candidates: [AllocationCandidate], random: RandomStream) -> Int
}

extension Array where Element == AllocationCandidate {
    /// The index of the candidate with the lowest capacity % among those that
    /// satisfy `include` (the first one on ties), or `nil` if none does.
    public func lowestCapacity(where include: (AllocationCandidate) -> Bool = { _ in true }) -> Int? {
        var best: Int?
        for i in indices where include(self[i]) {
            if best == nil || self[i].capacityPercent < self[best!].capacityPercent { best = i }
        }
        return best
    }
}

/// Lowest capacity % first: what HMPPS's allocation screen orders by. Ties go
/// to the earlier practitioner.
public struct LowestCapacityFirst: AllocationPolicy {
    public static let name = "lowest-capacity"
    public static let summary = "the eligible practitioner with the lowest capacity % (HMPPS's allocation screen order)"
    public init() {}
    public mutating func choose(_ request: AllocationRequest, from c: [AllocationCandidate], random: RandomStream) -> Int {
        c.lowestCapacity() ?? 0
    }
}

/// Round robin over the PDU's practitioners: the next eligible practitioner
/// after the one who last received a case in that PDU.
public struct RoundRobin: AllocationPolicy {
    public static let name = "round-robin"
    public static let summary = "the next eligible practitioner in turn within the PDU, ignoring workload"
    var last: [Int: Int] = [:]   // PDU → practitioner index last given a case
    public init() {}
    public mutating func choose(_ request: AllocationRequest, from c: [AllocationCandidate], random: RandomStream) -> Int {
        let after = last[request.pdu] ?? -1
        let pick = c.firstIndex { $0.practitioner > after } ?? 0
        last[request.pdu] = c[pick].practitioner
        return pick
    }
}

/// Keep within team: on reallocation, stay in the previous team if anyone
/// there has headroom; a new case goes to the team with the lowest mean
/// capacity among candidates. Within the team, lowest capacity first.
public struct KeepWithinTeam: AllocationPolicy {
    public static let name = "keep-within-team"
    public static let summary = "stay in the case's team (new cases: the least loaded team), lowest capacity % within it"
    public init() {}
    public mutating func choose(_ request: AllocationRequest, from c: [AllocationCandidate], random: RandomStream) -> Int {
        var team: Int
        if let prev = request.previousTeam, c.contains(where: { $0.team == prev }) {
            team = prev
        } else {
            // Mean capacity per team over candidates, in team order.
            var sums: [Int: (Double, Int)] = [:]
            var order: [Int] = []
            for x in c {
                if sums[x.team] == nil { order.append(x.team) }
                let s = sums[x.team, default: (0, 0)]
                sums[x.team] = (s.0 + x.capacityPercent, s.1 + 1)
            }
            team = order[0]
            var bestMean = Double.infinity
            for t in order {
                let s = sums[t]!
                let m = s.0 / Double(s.1)
                if m < bestMean { bestMean = m; team = t }
            }
        }
        return c.lowestCapacity { $0.team == team } ?? 0
    }
}

/// Fewest cases first, whatever their weight. Ties go to the lower capacity %.
public struct FewestCases: AllocationPolicy {
    public static let name = "fewest-cases"
    public static let summary = "the eligible practitioner holding the fewest cases (ties: lowest capacity %)"
    public init() {}
    public mutating func choose(_ request: AllocationRequest, from c: [AllocationCandidate], random: RandomStream) -> Int {
        var best = 0
        for i in 1..<c.count where (c[i].cases, c[i].capacityPercent) < (c[best].cases, c[best].capacityPercent) { best = i }
        return best
    }
}

/// Best fit by tier: keeps the highest tiers with POs and balances the rest.
/// Risk-of-harm A and B cases go to the least loaded PO if any PO has
/// headroom; C and D cases go to the least loaded PSO (or PQiP) first, so POs'
/// time is kept for the work only they may do; within the preferred grades,
/// lowest capacity % first.
public struct BestFitByTier: AllocationPolicy {
    public static let name = "best-fit-by-tier"
    public static let summary = "A/B risk to POs, C/D to PSOs and PQiPs first; lowest capacity % within the preferred grades"
    public init() {}
    public mutating func choose(_ request: AllocationRequest, from c: [AllocationCandidate], random: RandomStream) -> Int {
        let high = request.tier.riskLetter == "A" || request.tier.riskLetter == "B"
        func preferred(_ g: Grade) -> Bool { high ? g == .po : (g == .pso || g == .pqip) }
        return c.lowestCapacity { preferred($0.grade) } ?? c.lowestCapacity() ?? 0
    }
}

/// Continuity first: the practitioner who held the person's case before, if
/// eligible with headroom (on reallocation and recall); otherwise the lowest
/// capacity % in the previous team, then in the PDU.
public struct ContinuityFirst: AllocationPolicy {
    public static let name = "continuity-first"
    public static let summary = "the person's previous practitioner if possible, then their team, then lowest capacity %"
    public init() {}
    public mutating func choose(_ request: AllocationRequest, from c: [AllocationCandidate], random: RandomStream) -> Int {
        if let i = c.firstIndex(where: \.heldBefore) { return i }
        if let team = request.previousTeam, let i = c.lowestCapacity(where: { $0.team == team }) { return i }
        return c.lowestCapacity() ?? 0
    }
}

/// A uniformly random eligible practitioner: the baseline any heuristic
/// should beat.
public struct UniformRandom: AllocationPolicy {
    public static let name = "random"
    public static let summary = "a uniformly random eligible practitioner (a baseline)"
    public init() {}
    public mutating func choose(_ request: AllocationRequest, from c: [AllocationCandidate], random: RandomStream) -> Int {
        random.integer(below: c.count)
    }
}

/// The registry of allocation policies by name.
public enum AllocationPolicies {
    /// Every registered policy type, in the order `--help` lists them.
    public static let all: [any AllocationPolicy.Type] = [
        LowestCapacityFirst.self, FewestCases.self, RoundRobin.self, BestFitByTier.self,
        KeepWithinTeam.self, ContinuityFirst.self, UniformRandom.self,
    ]

    public static var names: [String] { all.map { $0.name } }

    /// A fresh policy instance by name, or `nil` for an unknown name.
    public static func make(_ name: String) -> (any AllocationPolicy)? {
        all.first { $0.name == name }.map { $0.init() }
    }
}
