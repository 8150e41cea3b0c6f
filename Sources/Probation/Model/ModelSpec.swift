// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

// What a scenario compiles into: a complete, validated description of one
// simulated world. The Scenario module builds these from YAML; the model
// (`ProbationModel`) runs them. Nothing here knows about files.

/// A whole simulated probation world.
public struct ModelSpec: Sendable {
    public var name: String
    /// Day 0 of the run (midnight).
    public var start: CivilDate
    /// Length of the run in days.
    public var lengthDays: Int
    /// Days at the start whose outputs are written but excluded from horizon
    /// averages in the summary.
    public var warmupDays: Int
    public var seed: UInt64
    public var replications: Int
    /// Extra non-working days (closures) beyond England & Wales bank holidays.
    public var extraClosures: [CivilDate]

    public var organisation: OrganisationSpec
    public var grades: [Grade: GradeRules]
    public var demand: DemandSpec
    public var cases: CaseSpec
    public var initialCaseload: InitialCaseloadSpec?
    public var workforce: WorkforceSpec
    /// Points tables in effect from their dates (the first applies from the start).
    public var pointsTables: [Dated<PointsTable>]
    public var allocation: AllocationSpec
    public var levers: [Lever]
    public var outputs: OutputSpec
    /// Unpaid work, programmes and commissioned services per region
    /// (docs/interventions.md); nil: none, and outputs exactly as without.
    public var interventions: InterventionsSpec? = nil
    /// The computed tiering model (docs/tiering.md); used when `cases.tiering` is `computed`.
    public var tieringModel: TieringSpec? = nil

    public init(name: String, start: CivilDate, lengthDays: Int, warmupDays: Int = 0, seed: UInt64,
                replications: Int, extraClosures: [CivilDate] = [], organisation: OrganisationSpec,
                grades: [Grade: GradeRules] = GradeRules.defaults, demand: DemandSpec, cases: CaseSpec,
                initialCaseload: InitialCaseloadSpec? = nil, workforce: WorkforceSpec = WorkforceSpec(),
                pointsTables: [Dated<PointsTable>], allocation: AllocationSpec = AllocationSpec(),
                levers: [Lever] = [], outputs: OutputSpec = OutputSpec()) {
        self.name = name; self.start = start; self.lengthDays = lengthDays; self.warmupDays = warmupDays
        self.seed = seed; self.replications = replications; self.extraClosures = extraClosures
        self.organisation = organisation; self.grades = grades; self.demand = demand; self.cases = cases
        self.initialCaseload = initialCaseload; self.workforce = workforce; self.pointsTables = pointsTables
        self.allocation = allocation; self.levers = levers; self.outputs = outputs
    }
}

/// A value that takes effect on a date.
public struct Dated<Value: Sendable>: Sendable {
    public var effective: CivilDate
    public var value: Value
    public init(_ effective: CivilDate, _ value: Value) { self.effective = effective; self.value = value }
}

// MARK: organisation

public struct OrganisationSpec: Sendable {
    public var regions: [RegionSpec]
    public init(regions: [RegionSpec]) { self.regions = regions }
}

public struct RegionSpec: Sendable {
    /// The TOM's region letter (A–L) or any short code.
    public var code: String
    public var name: String
    public var pdus: [PDUSpec]
    public init(code: String, name: String, pdus: [PDUSpec]) { self.code = code; self.name = name; self.pdus = pdus }
}

public struct PDUSpec: Sendable {
    /// The PDU number from Annex C of the TOM (1–108), or any unique number.
    public var number: Int
    public var name: String
    public var teams: [TeamSpec]
    public init(number: Int, name: String, teams: [TeamSpec]) { self.number = number; self.name = name; self.teams = teams }
}

/// A team led by an SPO. Staff are given as head counts by grade; each
/// practitioner gets the grade's contracted and reduction hours unless the
/// team overrides them.
public struct TeamSpec: Sendable {
    public var name: String
    public var staff: [Grade: Int]
    /// Funded posts by grade (vacancies = establishment − staff in post);
    /// `nil` means "as staffed".
    public var establishment: [Grade: Int]?
    public var contractedHours: [Grade: Double]
    public var reductionHours: [Grade: Double]
    public init(name: String, staff: [Grade: Int], establishment: [Grade: Int]? = nil,
                contractedHours: [Grade: Double] = [:], reductionHours: [Grade: Double] = [:]) {
        self.name = name; self.staff = staff; self.establishment = establishment
        self.contractedHours = contractedHours; self.reductionHours = reductionHours
    }
}

/// What a grade may hold and its default hours.
public struct GradeRules: Sendable, Hashable {
    /// Whether practitioners of this grade hold cases at all (SPOs normally do not).
    public var holdsCases: Bool
    /// Risk-of-harm letters the grade may hold (A highest … D lowest).
    public var riskLetters: Set<Character>
    public var caseTypes: Set<CaseType>
    /// A protected caseload: at most this many cases (nil = no cap).
    public var maxCases: Int?
    public var contractedHours: Double
    public var reductionHours: Double
    /// Whether the grade writes pre-sentence reports.
    public var writesReports: Bool

    public init(holdsCases: Bool, riskLetters: Set<Character>, caseTypes: Set<CaseType> = Set(CaseType.allCases),
                maxCases: Int? = nil, contractedHours: Double = 37, reductionHours: Double = 0, writesReports: Bool = true) {
        self.holdsCases = holdsCases; self.riskLetters = riskLetters; self.caseTypes = caseTypes
        self.maxCases = maxCases; self.contractedHours = contractedHours; self.reductionHours = reductionHours
        self.writesReports = writesReports
    }

    /// The TOM's defaults: POs hold any risk level, PSOs medium and low (C, D)
    /// (003_221d2dc672802ff6.txt:817); PQiPs a protected caseload of lower-risk
    /// cases; SPOs lead teams and hold no cases.
    public static let defaults: [Grade: GradeRules] = [
        .po: GradeRules(holdsCases: true, riskLetters: ["A", "B", "C", "D"]),
        .pso: GradeRules(holdsCases: true, riskLetters: ["C", "D"]),
        // PQiP reduction: 60% of 37 hours, the middle of the WMT's stage
        // reductions (80% / 60% / 40% over 18 months; wmt-and-tiering.md §2c).
        .pqip: GradeRules(holdsCases: true, riskLetters: ["B", "C", "D"], maxCases: 20, reductionHours: 37 * 0.6),
        .spo: GradeRules(holdsCases: false, riskLetters: [], caseTypes: [], writesReports: false),
    ]

    public func mayHold(_ type: CaseType, _ tier: Tier) -> Bool {
        holdsCases && caseTypes.contains(type) && riskLetters.contains(tier.riskLetter)
    }
}

// MARK: demand

/// Sentences arriving at PDUs.
public struct DemandSpec: Sendable {
    /// Mean new sentences (all types) per week at each PDU, by PDU number.
    public var sentencesPerWeek: [Int: Double]
    /// Seasonal factors by calendar month (12 values, mean about 1); all 1 if absent.
    public var monthlyFactors: [Double]?
    /// Compound growth in inflow per year (0.02 = 2% a year).
    public var growthPerYear: Double
    /// Pre-sentence reports requested per week at each PDU, by PDU number.
    public var reportsPerWeek: [Int: Double]
    /// Share of reports that are fast delivery (the rest are standard).
    public var fastReportShare: Double
    /// How long a report counts in its writer's workload (WMT: last 30 days).
    public var reportWindowDays: Int

    public init(sentencesPerWeek: [Int: Double], monthlyFactors: [Double]? = nil, growthPerYear: Double = 0,
                reportsPerWeek: [Int: Double] = [:], fastReportShare: Double = 0.5, reportWindowDays: Int = 30) {
        self.sentencesPerWeek = sentencesPerWeek; self.monthlyFactors = monthlyFactors; self.growthPerYear = growthPerYear
        self.reportsPerWeek = reportsPerWeek; self.fastReportShare = fastReportShare; self.reportWindowDays = reportWindowDays
    }
}

/// How cases are made: mixes and lengths. Distributions of lengths are in days.
public struct CaseSpec: Sendable {
    /// Share of new sentences that are custodial (the rest are community
    /// orders or suspended sentence orders).
    public var custodyShare: Double
    /// Tier mix at sentence by case type (weights over the 16 tiers).
    public var tierMix: [CaseType: [Tier: Double]]
    public var youngAdultShare: Double
    public var femaleShare: Double
    /// Length of community orders and SSOs (days).
    public var communityLengthDays: Distribution
    /// Time left to serve in custody at sentence (days).
    public var custodyTimeToServeDays: Distribution
    /// Licence (and post-sentence supervision) length after release (days).
    public var licenceLengthDays: Distribution
    /// Custody with less than this to serve goes to a community practitioner
    /// from sentence (TOM: 10 months, 003_221d2dc672802ff6.txt:1009).
    public var shortSentenceThresholdDays: Int
    /// Longer sentences reach the community practitioner this long before
    /// release (TOM: 7.5 months, 003_221d2dc672802ff6.txt:1001).
    public var handoverBeforeReleaseDays: Int
    /// Share of long-sentence cases meeting the Early Allocation criteria…
    public var earlyAllocationShare: Double
    /// …who hand over this long before release (TOM: 15 months).
    public var earlyAllocationHandoverDays: Int
    /// Tier changes per case per year while supervised.
    public var tierChangesPerYear: Double
    /// Of tier changes, the share that raise risk or complexity (the rest lower it).
    public var tierEscalationShare: Double
    /// The tiering model: how a case's tier is decided at sentence.
    public var tiering: TieringModelKind

    public init(custodyShare: Double, tierMix: [CaseType: [Tier: Double]], youngAdultShare: Double = 0.1,
                femaleShare: Double = 0.15, communityLengthDays: Distribution, custodyTimeToServeDays: Distribution,
                licenceLengthDays: Distribution, shortSentenceThresholdDays: Int = 304, handoverBeforeReleaseDays: Int = 228,
                earlyAllocationShare: Double = 0, earlyAllocationHandoverDays: Int = 456,
                tierChangesPerYear: Double = 0, tierEscalationShare: Double = 0.5, tiering: TieringModelKind = .sampledMix) {
        self.custodyShare = custodyShare; self.tierMix = tierMix; self.youngAdultShare = youngAdultShare
        self.femaleShare = femaleShare; self.communityLengthDays = communityLengthDays
        self.custodyTimeToServeDays = custodyTimeToServeDays; self.licenceLengthDays = licenceLengthDays
        self.shortSentenceThresholdDays = shortSentenceThresholdDays; self.handoverBeforeReleaseDays = handoverBeforeReleaseDays
        self.earlyAllocationShare = earlyAllocationShare; self.earlyAllocationHandoverDays = earlyAllocationHandoverDays
        self.tierChangesPerYear = tierChangesPerYear; self.tierEscalationShare = tierEscalationShare; self.tiering = tiering
    }
}

/// Which tiering model assigns tiers: sampled from the scenario's tier mix (with random
/// tier steps), or computed from risk and need profiles as HMPPS's tiering service computes
/// them, with reassessment (``TieringSpec``, docs/tiering.md).
public enum TieringModelKind: String, Sendable, CaseIterable {
    case sampledMix = "sampled-mix"
    case computed
}

/// An existing caseload on day 0, so terminations flow from the first day.
public struct InitialCaseloadSpec: Sendable {
    /// Total cases nationally (e.g. 223,000 on Day 1 of unification).
    public var total: Int
    /// Shares of the stock by case type (community, licence, custody).
    public var typeShares: [CaseType: Double]
    /// Share of the stock at each PDU, by PDU number (weights, normalised).
    public var pduWeights: [Int: Double]
    /// Tier mix of the stock by case type; the inflow mix if absent.
    public var tierMix: [CaseType: [Tier: Double]]?
    /// Whether the stock is already allocated on day 0 (true: spread over
    /// eligible practitioners by the allocation policy without a cap).
    public var allocated: Bool
    /// Whether to start with the steady-state pipeline of long-sentence
    /// prisoners sentenced before day 0 who have not yet reached handover
    /// (they are not on the community caseload on day 0, but their handovers
    /// arrive from the first day, as they would in a service that has been
    /// running for years).
    public var prisonPipeline: Bool

    public init(total: Int, typeShares: [CaseType: Double], pduWeights: [Int: Double],
                tierMix: [CaseType: [Tier: Double]]? = nil, allocated: Bool = true, prisonPipeline: Bool = false) {
        self.total = total; self.typeShares = typeShares; self.pduWeights = pduWeights
        self.tierMix = tierMix; self.allocated = allocated; self.prisonPipeline = prisonPipeline
    }
}

/// Simple staff flows (the workforce issue deepens these).
public struct WorkforceSpec: Sendable {
    /// Leavers per head per year by grade.
    public var leavingRatePerYear: [Grade: Double]
    /// Whether a leaver's post is refilled, and after how long (days).
    public var replaceLeavers: Bool
    public var recruitmentLeadTimeDays: Int
    /// Trainee probation officers' training: intakes, stages, qualification
    /// (nil: PQiP is a grade without stages whose members never qualify).
    /// The workforce types are in Workforce.swift; docs/workforce.md.
    public var pqip: PQiPSpec?
    /// Recruitment against the establishment by grade (a grade given here is
    /// recruited into vacancies rather than by `replaceLeavers`).
    public var recruitment: [Grade: RecruitmentSpec]
    /// PSO → PQiP progression (the accelerated pathway).
    public var progression: ProgressionSpec?
    /// Expected sickness and leave, as a reduction of every practitioner's hours.
    public var absence: AbsenceSpec
    /// Former CRC practitioners restricted to lower risk until their date.
    public var blendedCaseloads: BlendedCaseloadSpec?
    /// Share of all band 4 (PO) and band 3 (PSO) posts that hold community
    /// cases (the modelled practitioners); the band metrics divide by it to
    /// estimate staff in all posts (`fte_band4`, `fte_band3`). Default 1.
    public var caseHoldingShare: [Grade: Double] = [:]

    public init(leavingRatePerYear: [Grade: Double] = [:], replaceLeavers: Bool = true, recruitmentLeadTimeDays: Int = 112,
                pqip: PQiPSpec? = nil, recruitment: [Grade: RecruitmentSpec] = [:], progression: ProgressionSpec? = nil,
                absence: AbsenceSpec = AbsenceSpec(), blendedCaseloads: BlendedCaseloadSpec? = nil) {
        self.leavingRatePerYear = leavingRatePerYear; self.replaceLeavers = replaceLeavers
        self.recruitmentLeadTimeDays = recruitmentLeadTimeDays
        self.pqip = pqip; self.recruitment = recruitment; self.progression = progression
        self.absence = absence; self.blendedCaseloads = blendedCaseloads
    }
}

// MARK: allocation

public struct AllocationSpec: Sendable {
    /// The allocation policy's registered name (see `AllocationPolicies`).
    public var policy: String
    /// Nobody is given a case that would take them above this capacity %.
    public var capPercent: Double
    /// The target: allocated within this many working days of sentence
    /// (TOM: five, 003_221d2dc672802ff6.txt:775).
    public var targetWorkingDays: Int
    /// Allocation meetings happen on working days at this minute of the day.
    public var meetingMinuteOfDay: Int
    /// A case can be allocated from this many working days after it arrives
    /// (papers from court, checks); 0 = at the next meeting.
    public var preparationWorkingDays: Int
    /// Order of the unallocated queue at a meeting.
    public var queueOrder: QueueOrder
    /// Allocation above the cap when nobody is under it (docs/model.md,
    /// "Allocation under pressure"); nil: a case waits until someone is.
    public var aboveCap: AboveCapSpec?

    /// When a senior probation officer allocates above the cap: a case that
    /// has waited `afterWorkingDays` (from sentence or handover; from the
    /// requeue for a reallocation) with nobody eligible under the cap goes
    /// to an eligible practitioner whose capacity after taking it stays
    /// within `ceilingPercent` (nil: no ceiling), chosen by the policy.
    /// Trainees in training are never given a case above the cap (their
    /// caseloads are protected, 004_57a3991b30581a3c.txt:202).
    public struct AboveCapSpec: Sendable, Hashable {
        public var afterWorkingDays: Int
        public var ceilingPercent: Double?
        public init(afterWorkingDays: Int, ceilingPercent: Double? = nil) {
            self.afterWorkingDays = afterWorkingDays; self.ceilingPercent = ceilingPercent
        }
    }

    public enum QueueOrder: String, Sendable, CaseIterable {
        /// Oldest sentence first.
        case oldestFirst = "oldest-first"
        /// Highest tier first (A3 … D0), then oldest.
        case highestTierFirst = "highest-tier-first"
    }

    public init(policy: String = "lowest-capacity", capPercent: Double = 110, targetWorkingDays: Int = 5,
                meetingMinuteOfDay: Int = 10 * 60, preparationWorkingDays: Int = 1, queueOrder: QueueOrder = .highestTierFirst,
                aboveCap: AboveCapSpec? = nil) {
        self.aboveCap = aboveCap
        self.policy = policy; self.capPercent = capPercent; self.targetWorkingDays = targetWorkingDays
        self.meetingMinuteOfDay = meetingMinuteOfDay; self.preparationWorkingDays = preparationWorkingDays
        self.queueOrder = queueOrder
    }
}

// MARK: levers

/// Where a lever applies.
public enum Scope: Sendable, Hashable {
    case national
    case region(String)
    case pdu(Int)
}

/// A change on a date.
public struct Lever: Sendable {
    public var date: CivilDate
    public var change: Change

    public enum Change: Sendable {
        /// Multiply sentence inflow in the scope by a factor (1.10 = +10%) from the date.
        case inflowScale(Double, Scope)
        /// Add (or, negative, remove) practitioners of a grade in the scope,
        /// spread over its teams in turn.
        case staff(Grade, Int, Scope)
        /// A new points table from the date.
        case points(PointsTable)
        /// A new allocation cap from the date.
        case allocationCap(Double)
        /// A new allocation policy from the date.
        case allocationPolicy(String)
        /// Extra annual leave taken from the date until a last day (inclusive):
        /// `days` per practitioner, spread evenly over the working days of the
        /// window as a reduction of hours (docs/workforce.md).
        case extraLeave(days: Double, until: CivilDate, Scope)
        /// Add (or, negative, remove) funded posts of a grade in the scope,
        /// spread over its teams in turn.
        case establishment(Grade, Int, Scope)
        /// Earlier release from custody (SDS40: released at 40% of the
        /// sentence rather than 50%): from the date a `share` of custodial
        /// sentences serve `custodyScale` × their time in custody (0.8). Those
        /// in custody on the date are released at sentence + scale × (release
        /// − sentence), at once if that has passed; their handover moves with
        /// their release (docs/model.md).
        case earlyRelease(custodyScale: Double, share: Double)
        /// Shorter supervision (the Probation Reset): from the date,
        /// supervision periods of the case types given end at `scale` of
        /// their length (2/3) unless exempt — cases at an exempt risk letter
        /// and a further `exemptShare` of the others. Periods under way on the
        /// date are cut the same way from their start; those already past the
        /// new end end uniformly over the next `overDays` (0: at once).
        case supervisionReset(SupervisionReset)
    }

    /// The Probation Reset's rule (see `Change.supervisionReset`).
    public struct SupervisionReset: Sendable, Hashable {
        public var scale: Double
        public var caseTypes: Set<CaseType>
        public var exemptRisk: Set<Character>
        public var exemptShare: Double
        public var overDays: Int
        public init(scale: Double, caseTypes: Set<CaseType> = [.community, .licence], exemptRisk: Set<Character> = ["A"],
                    exemptShare: Double = 0, overDays: Int = 0) {
            self.scale = scale; self.caseTypes = caseTypes; self.exemptRisk = exemptRisk
            self.exemptShare = exemptShare; self.overDays = overDays
        }
    }

    public init(date: CivilDate, change: Change) { self.date = date; self.change = change }
}

// MARK: outputs

public struct OutputSpec: Sendable {
    public enum Cadence: String, Sendable, CaseIterable { case weekly, monthly }
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case national, region, pdu, team, practitioner
        public static func < (a: Level, b: Level) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }
    public enum SnapshotCadence: String, Sendable, CaseIterable {
        case everyOutput = "every-output", monthly, quarterly, final, none
    }

    public var cadence: Cadence
    public var levels: Set<Level>
    /// Whether caseload by tier (16 series) is written below national level.
    public var tierBreakdownBelowNational: Bool
    public var wmtSnapshot: SnapshotCadence

    public init(cadence: Cadence = .weekly, levels: Set<Level> = [.national, .region, .pdu, .team],
                tierBreakdownBelowNational: Bool = false, wmtSnapshot: SnapshotCadence = .everyOutput) {
        self.cadence = cadence; self.levels = levels
        self.tierBreakdownBelowNational = tierBreakdownBelowNational; self.wmtSnapshot = wmtSnapshot
    }
}
