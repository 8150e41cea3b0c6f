// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

// Workforce dynamics (docs/workforce.md): trainee probation officers (PQiPs)
// in cohorts moving through the WMT's stage reductions to qualification and a
// newly qualified year; recruitment against an establishment; the PSO → PO
// progression pathway; sickness and leave as reductions of hours; and the
// blended-caseload transition of former CRC practitioners.
//
// Everything here is off unless a scenario asks for it: with the defaults a
// run is the same, draw for draw and byte for byte, as without this file.

// MARK: - What a scenario says

/// Trainee probation officers: training, stages, qualification and intakes.
public struct PQiPSpec: Sendable {
    /// Time from the start of training to qualification (days). Default 18
    /// months, the WMT's three 6-month reduction bands (HMPPS offers 15- and
    /// 21-month routes).
    public var trainingLengthDays: Distribution
    /// Length of each WMT stage band in days (6 months = 182.625): stage 2
    /// starts on the whole days of L (day 182), stage 3 on those of 2L (day
    /// 365), and lasts to qualification.
    public var stageLengthDays: Double
    /// Reductions of contracted hours in stages 1, 2 and 3, as fractions
    /// (WMT: 80%, 60%, 40%; wmt-and-tiering.md §2c).
    public var stageReductions: [Double]
    /// Who trainees may hold in stages 1, 2 and 3 (the protected caseload);
    /// nil: the PQiP grade's rules throughout.
    public var stageRules: [GradeRules]?
    /// Share of trainees who withdraw before qualifying, at a constant hazard
    /// over their training (they leave the service and are not replaced).
    public var withdrawalShare: Double
    /// Share of those who reach the end of training who qualify then; the
    /// rest qualify after `extensionDays` more (still in stage 3).
    public var onTimeShare: Double
    public var extensionDays: Int
    /// Newly qualified officers: a reduction of contracted hours (WMT: 20%)
    /// for `nqoDays` (WMT: 9 months), then an ordinary PO.
    public var nqoReduction: Double
    public var nqoDays: Int
    /// Who a newly qualified officer may hold; nil: the PO grade's rules.
    public var nqoRules: GradeRules?
    /// What a qualifier does when their region has no vacant PO post.
    public var beyondEstablishment: BeyondEstablishment
    /// How far into training the PQiPs in post on day 0 are (days); nil:
    /// uniform over each one's training length. A trainee further in than a
    /// drawn length draws their length again (they are on a longer route).
    public var inPostElapsedDays: Distribution?
    /// Cohorts starting on dates.
    public var intakes: [PQiPIntake]
    /// Multiplies every intake's size (0.5: half the intake).
    public var intakeScale: Double
    /// Hours a week each trainee in training takes from an SPO or practice
    /// tutor (reported, not a reduction: SPOs hold no cases) …
    public var spoSupervisionHours: Double
    /// … and from the experienced POs of their team (a reduction of those
    /// POs' hours, shared equally among them).
    public var poSupervisionHours: Double

    public static let defaultTrainingLengthDays = 18 * 365.25 / 12

    public init(trainingLengthDays: Distribution = .constant(PQiPSpec.defaultTrainingLengthDays),
                stageLengthDays: Double = 6 * 365.25 / 12, stageReductions: [Double] = [0.8, 0.6, 0.4],
                stageRules: [GradeRules]? = nil, withdrawalShare: Double = 0, onTimeShare: Double = 1,
                extensionDays: Int = 182, nqoReduction: Double = 0.2, nqoDays: Int = 273,
                nqoRules: GradeRules? = nil, beyondEstablishment: BeyondEstablishment = .stay, inPostElapsedDays: Distribution? = nil,
                intakes: [PQiPIntake] = [], intakeScale: Double = 1,
                spoSupervisionHours: Double = 0, poSupervisionHours: Double = 0) {
        self.trainingLengthDays = trainingLengthDays; self.stageLengthDays = stageLengthDays
        self.stageReductions = stageReductions; self.stageRules = stageRules
        self.withdrawalShare = withdrawalShare; self.onTimeShare = onTimeShare; self.extensionDays = extensionDays
        self.nqoReduction = nqoReduction; self.nqoDays = nqoDays; self.nqoRules = nqoRules
        self.beyondEstablishment = beyondEstablishment
        self.inPostElapsedDays = inPostElapsedDays; self.intakes = intakes; self.intakeScale = intakeScale
        self.spoSupervisionHours = spoSupervisionHours; self.poSupervisionHours = poSupervisionHours
    }
}

/// What a trainee who qualifies does when their region's PO posts are all filled.
public enum BeyondEstablishment: String, Sendable, CaseIterable {
    /// Stays in their team as a PO over the establishment (negative vacancies).
    case stay
    /// Takes a PO post outside the modelled teams (prisons, courts, other
    /// regions): they qualify and leave, counted as a PO leaver.
    case leave
}

/// A cohort of trainees starting on a date.
public struct PQiPIntake: Sendable {
    public var date: CivilDate
    /// Trainees (before `PQiPSpec.intakeScale`), split over the regions in
    /// scope, their PDUs and teams in proportion to practitioners in post.
    public var size: Int
    public var scope: Scope
    public init(date: CivilDate, size: Int, scope: Scope = .national) {
        self.date = date; self.size = size; self.scope = scope
    }
}

/// Recruitment of a grade into vacancies.
public struct RecruitmentSpec: Sendable, Hashable {
    /// From the recruitment round to the recruit's first day.
    public var leadTimeDays: Int
    /// Share of vacancies a round fills (the others wait for the next round).
    public var success: Double
    public init(leadTimeDays: Int = 112, success: Double = 1) { self.leadTimeDays = leadTimeDays; self.success = success }
}

/// PSOs moving into PQiP training (the accelerated progression pathway).
public struct ProgressionSpec: Sendable {
    /// Share of PSOs in post who move a year.
    public var sharePerYear: Double
    /// Region codes where the pathway runs; nil: everywhere.
    public var regions: [String]?
    public var start: CivilDate
    /// Last day a round may happen; nil: to the end of the horizon.
    public var end: CivilDate?
    public var roundsPerYear: Int
    /// Training length on this route; nil: the PQiP training length.
    public var trainingLengthDays: Distribution?
    public init(sharePerYear: Double, regions: [String]? = nil, start: CivilDate, end: CivilDate? = nil,
                roundsPerYear: Int = 1, trainingLengthDays: Distribution? = nil) {
        self.sharePerYear = sharePerYear; self.regions = regions; self.start = start; self.end = end
        self.roundsPerYear = roundsPerYear; self.trainingLengthDays = trainingLengthDays
    }
}

/// Expected time off as a reduction of hours: days a year × contracted hours
/// / working days a year, for everyone.
public struct AbsenceSpec: Sendable, Hashable {
    public var sicknessDaysPerYear: Double
    public var annualLeaveDaysPerYear: Double
    /// Working days in a year: 365.25 × 5/7 weekdays less England and
    /// Wales's 8 bank holidays.
    public static let workingDaysPerYear = 365.25 * 5 / 7 - 8
    public init(sicknessDaysPerYear: Double = 0, annualLeaveDaysPerYear: Double = 0) {
        self.sicknessDaysPerYear = sicknessDaysPerYear; self.annualLeaveDaysPerYear = annualLeaveDaysPerYear
    }
    /// The share of contracted hours lost.
    public var fraction: Double { (sicknessDaysPerYear + annualLeaveDaysPerYear) / AbsenceSpec.workingDaysPerYear }
}

/// The blended-caseload transition: practitioners from the former CRCs hold
/// only lower risk of harm cases until their own date, spread uniformly over
/// the ramp.
public struct BlendedCaseloadSpec: Sendable {
    /// Share of each grade in post on day 0 who came from a CRC.
    public var formerCRCShare: [Grade: Double]
    /// Shares for particular regions, by region code (grades left out: 0).
    public var regionShares: [String: [Grade: Double]]
    /// The risk letters a former CRC practitioner may hold before their date
    /// (intersected with their grade's).
    public var restrictedRisk: Set<Character>
    /// Each becomes able to hold every tier their grade allows on a day drawn
    /// uniformly from `from` to `until` (both included).
    public var from: CivilDate
    public var until: CivilDate
    public init(formerCRCShare: [Grade: Double], regionShares: [String: [Grade: Double]] = [:],
                restrictedRisk: Set<Character> = ["C", "D"], from: CivilDate, until: CivilDate) {
        self.formerCRCShare = formerCRCShare; self.regionShares = regionShares
        self.restrictedRisk = restrictedRisk; self.from = from; self.until = until
    }
}

/// Where a practitioner is in training.
public enum WorkforceStage: Int, Sendable, CaseIterable {
    case none = 0, pqip1, pqip2, pqip3, nqo

    /// The metric suffix (`pqip_stage1`, `nqo`).
    var metricName: String {
        switch self {
        case .none: return ""
        case .pqip1: return "pqip_stage1"
        case .pqip2: return "pqip_stage2"
        case .pqip3: return "pqip_stage3"
        case .nqo: return "nqo"
        }
    }

    var isTraining: Bool { self == .pqip1 || self == .pqip2 || self == .pqip3 }
}

extension ModelSpec {
    /// Whether the scenario uses any workforce dynamics: PQiP training,
    /// recruitment, progression, absence, the blended-caseload transition,
    /// leave or establishment levers, or an establishment other than as
    /// staffed. The workforce metrics are written only then.
    public var usesWorkforceDynamics: Bool {
        let w = workforce
        if w.pqip != nil || !w.recruitment.isEmpty || w.progression != nil || w.absence.fraction > 0
            || w.blendedCaseloads != nil || !w.caseHoldingShare.isEmpty { return true }
        for l in levers {
            switch l.change {
            case .extraLeave, .establishment: return true
            default: continue
            }
        }
        return organisation.regions.contains { r in r.pdus.contains { p in p.teams.contains { $0.establishment != nil } } }
    }
}

// MARK: - State

/// A practitioner's workforce state.
struct PractitionerWorkforce {
    /// Index of the rule set they are held to (`ProbationModel.ruleSets`).
    var rules: Int32 = 0
    var stage = WorkforceStage.none
    /// Bumped whenever training or the newly qualified year starts, so that
    /// events scheduled for an earlier one are ignored.
    var epoch: UInt16 = 0
    var trainingStart: Tick = 0
    /// The tick of the practitioner's pending leaving event (-1: none), so a
    /// leaving event drawn for an earlier grade is ignored.
    var leaveAt: Tick = -1
    /// A former CRC practitioner not yet able to hold every tier their grade allows.
    var restricted = false
    var eligibleAt: Tick = 0
    /// The reduction hours the scenario gives the grade or team.
    var baseReduction: Double = 0
    /// Stage reduction hours (PQiP stage, newly qualified).
    var stageReduction: Double = 0
    /// Hours given to supervising trainees (experienced POs).
    var supervisionReduction: Double = 0
}

/// Workforce flows counted since the last output.
struct WorkforceFlow {
    /// By grade (`Grade.index`): held inline, so a PDU's `Flow` allocates nothing.
    var joiners = Fixed8<Int>()
    var leavers = Fixed8<Int>()
    var qualifications = 0
    var postedElsewhere = 0
    var progressions = 0
    var withdrawals = 0

    mutating func add(_ o: WorkforceFlow) {
        for g in 0..<4 { joiners[g] += o.joiners[g]; leavers[g] += o.leavers[g] }
        qualifications += o.qualifications; progressions += o.progressions; withdrawals += o.withdrawals
        postedElsewhere += o.postedElsewhere
    }
}

/// Workforce stock over a set of practitioners.
struct WorkforceTotals {
    /// By stage (`WorkforceStage.rawValue`, 5) and by grade (`Grade.index`, 4), held inline.
    var stage = Fixed8<Int>()
    var fte = Fixed8<Double>()
    var stageFTE = Fixed8<Double>()
    var establishment = Fixed8<Int>()
    var inTraining = 0
    var restricted = 0

    mutating func count(grade: Grade, contracted: Double, stage st: WorkforceStage, restricted r: Bool) {
        let fte = contracted / ProbationModel.fullTimeHours
        self.fte[grade.index] += fte
        stage[st.rawValue] += 1
        stageFTE[st.rawValue] += fte
        if st.isTraining { inTraining += 1 }
        if r { restricted += 1 }
    }

    static let stages = WorkforceStage.allCases.count

    mutating func add(_ o: WorkforceTotals) {
        for k in 0..<Self.stages { stage[k] += o.stage[k]; stageFTE[k] += o.stageFTE[k] }
        for g in 0..<4 { fte[g] += o.fte[g]; establishment[g] += o.establishment[g] }
        inTraining += o.inTraining; restricted += o.restricted
    }
}

/// Workforce events (one case of `ProbationModel.Event`).
enum WorkforceEvent {
    /// A trainee moves to their next stage.
    case stage(practitioner: Int32, epoch: UInt16)
    case withdraw(practitioner: Int32, epoch: UInt16)
    case qualify(practitioner: Int32, epoch: UInt16)
    /// The newly qualified year ends.
    case nqoEnds(practitioner: Int32, epoch: UInt16)
    /// A former CRC practitioner may now hold every tier their grade allows.
    case eligible(practitioner: Int32)
    case intake(Int32)
    case progression(Int32)
    case recruitmentRound
    case recruitJoins(team: Int32, grade: Grade)
    case leaveEnds(Int32)
}

/// The model's workforce bookkeeping.
struct AvailablePointsKey: Hashable {
    var grade: Grade
    var contracted: UInt64
    var reduction: UInt64
}

struct WorkforceState {
    /// Rule sets: 8 bases (PO, PSO, PQiP, SPO, PQiP stages 1–3, NQO), then
    /// the same restricted to the blended-caseload letters.
    var ruleSets: [GradeRules] = []
    var maxCases: [Int] = []
    /// Funded posts by team × grade.
    var establishment: [Int] = []
    /// Recruits on their way, by team × grade.
    var pending: [Int] = []
    /// The share of hours lost to absence (everyone) and to extra leave in force (by PDU).
    var absenceFraction = 0.0
    var leaveFraction: [Double] = []
    /// Open extra-leave windows: the fraction and the PDUs it covers.
    var leaveWindows: [(fraction: Double, pdus: [Int])] = []
    var progressionRounds: [Tick] = []
    /// Trainees' qualification and withdrawal ticks (Tick.max: no withdrawal).
    var trainingEnds: [Int: (qualifyAt: Tick, withdrawAt: Tick)] = [:]
    /// Whether the workforce metrics are written.
    var outputs = false
    var training: RandomStream?
    var recruiting: RandomStream?
    var leaving: RandomStream?
}

// MARK: - The model's workforce

extension ProbationModel {
    static let fullTimeHours = 37.0
    static let ruleBases = 8

    var pqipSpec: PQiPSpec? { spec.workforce.pqip }

    /// Rule sets, streams and the establishment; before the organisation is built.
    func setUpWorkforce(seeder: StreamSeeder) {
        let w = spec.workforce
        var bases = gradeRules
        let pqipRules = gradeRules[Grade.pqip.index]
        for k in 0..<3 { bases.append(w.pqip?.stageRules?[k] ?? pqipRules) }
        bases.append(w.pqip?.nqoRules ?? gradeRules[Grade.po.index])
        let restricted = w.blendedCaseloads?.restrictedRisk ?? ["C", "D"]
        var all = bases
        for b in bases {
            var r = b
            r.riskLetters = b.riskLetters.intersection(restricted)
            all.append(r)
        }
        workforce.outputs = spec.usesWorkforceDynamics
        workforce.ruleSets = all
        eligible = []
        for r in all {
            for t in CaseType.allCases { for tier in Tier.allCases { eligible.append(r.mayHold(t, tier)) } }
        }
        workforce.maxCases = all.map { $0.maxCases ?? .max }
        roster.setMaxCases(workforce.maxCases)
        precondition(all.count <= 64, "at most 64 rule sets")
        holdingRuleSets = [UInt64](repeating: 0, count: 48)
        for r in all.indices { for kind in 0..<48 where eligible[r * 48 + kind] { holdingRuleSets[kind] |= 1 << UInt64(r) } }
        workforce.absenceFraction = w.absence.fraction
        workforce.leaveFraction = [Double](repeating: 0, count: spec.organisation.regions.reduce(0) { $0 + $1.pdus.count })
        if w.pqip != nil || w.progression != nil { workforce.training = seeder.stream("workforce-training") }
        if !w.recruitment.isEmpty { workforce.recruiting = seeder.stream("workforce-recruitment") }
        if w.pqip != nil || !w.recruitment.isEmpty { workforce.leaving = seeder.stream("workforce-leaving") }
    }

    /// After the organisation is built: establishment, day-0 trainees and the former CRC flags.
    func setUpWorkforceStaff(seeder: StreamSeeder) {
        for t in teams {
            for g in Grade.allCases { workforce.establishment.append(t.spec.establishment?[g] ?? t.spec.staff[g] ?? 0) }
        }
        workforce.pending = [Int](repeating: 0, count: workforce.establishment.count)
        if let blended = spec.workforce.blendedCaseloads {
            let stream = seeder.stream("blended-caseloads")
            let from = calendar.tick(at: blended.from)
            let span = blended.until.dayNumber - blended.from.dayNumber
            for p in practitioners.indices {
                let region = regions[pdus[practitioners[p].pdu].region].code
                let share = (blended.regionShares[region] ?? blended.formerCRCShare)[practitioners[p].grade] ?? 0
                guard share > 0, stream.bernoulli(share) else { continue }
                let day = min(Int(stream.uniform() * Double(span + 1)), span)
                let at = from + Tick(day) * Ticks.day
                guard at > 0 else { continue }
                practitioners[p].wf.restricted = true
                practitioners[p].wf.eligibleAt = at
                applyRules(p)
            }
        }
        if let pqip = pqipSpec, let stream = workforce.training {
            for p in practitioners.indices where practitioners[p].grade == .pqip {
                var length = trainingLength(pqip.trainingLengthDays, stream)
                let elapsed: Double
                if let d = pqip.inPostElapsedDays {
                    // Someone this far in is on a route long enough: the length is
                    // drawn again until it is longer (at most 100 times).
                    elapsed = max(0, d.sample(stream))
                    var tries = 1
                    while length <= elapsed && tries < 100 { length = trainingLength(pqip.trainingLengthDays, stream); tries += 1 }
                } else {
                    elapsed = stream.uniform() * length
                }
                startTraining(p, elapsedDays: elapsed, lengthDays: length, scheduling: false)
            }
        }
    }

    /// The recurring and dated workforce events; from `scheduleRecurring`.
    func scheduleWorkforce() {
        let w = spec.workforce
        if let pqip = pqipSpec {
            for (k, intake) in pqip.intakes.enumerated() {
                let t = calendar.tick(at: intake.date)
                if t >= 0 && t <= horizon { engine.schedule(.workforce(.intake(Int32(k))), at: t, priority: .capacityChange) }
            }
            // Day-0 trainees' events (their training started before day 0).
            for p in practitioners.indices where practitioners[p].wf.stage.isTraining {
                scheduleTraining(p)
            }
        }
        if let prog = w.progression {
            let start = calendar.tick(at: prog.start)
            let end = min(prog.end.map { calendar.tick(at: $0) } ?? horizon, horizon)
            let step = 365.25 / Double(max(prog.roundsPerYear, 1))
            var k = 0
            while true {
                let t = start + Tick((Double(k) * step).rounded(.down)) * Ticks.day
                if t > end { break }
                if t >= 0 {
                    engine.schedule(.workforce(.progression(Int32(workforce.progressionRounds.count))), at: t, priority: .capacityChange)
                    workforce.progressionRounds.append(t)
                }
                k += 1
            }
        }
        if !w.recruitment.isEmpty {
            // A round on day 0 and on the first of every month.
            engine.schedule(.workforce(.recruitmentRound), at: 0, priority: .capacityChange)
            var d = spec.start.startOfNextMonth
            while calendar.tick(at: d) <= horizon {
                engine.schedule(.workforce(.recruitmentRound), at: calendar.tick(at: d), priority: .capacityChange)
                d = d.startOfNextMonth
            }
        }
        for p in practitioners.indices where practitioners[p].wf.restricted {
            let at = practitioners[p].wf.eligibleAt
            if at <= horizon { engine.schedule(.workforce(.eligible(practitioner: Int32(p))), at: at, priority: .capacityChange) }
        }
    }

    func handleWorkforce(_ e: WorkforceEvent) {
        switch e {
        case .stage(let p, let epoch):
            guard isCurrent(Int(p), epoch), practitioners[Int(p)].grade == .pqip else { return }
            updateStage(Int(p))
        case .withdraw(let p, let epoch):
            guard isCurrent(Int(p), epoch), practitioners[Int(p)].grade == .pqip else { return }
            pdus[practitioners[Int(p)].pdu].flow.wf.withdrawals += 1
            removePractitioner(Int(p))
            refreshSupervision(team: practitioners[Int(p)].team)
        case .qualify(let p, let epoch):
            guard isCurrent(Int(p), epoch), practitioners[Int(p)].grade == .pqip else { return }
            qualify(Int(p))
        case .nqoEnds(let p, let epoch):
            guard isCurrent(Int(p), epoch), practitioners[Int(p)].wf.stage == .nqo else { return }
            practitioners[Int(p)].wf.stage = .none
            practitioners[Int(p)].wf.stageReduction = 0
            applyRules(Int(p))
            refreshSupervision(team: practitioners[Int(p)].team)
            refreshReduction(Int(p))
        case .eligible(let p):
            let i = Int(p)
            guard practitioners[i].active, practitioners[i].wf.restricted else { return }
            practitioners[i].wf.restricted = false
            applyRules(i)
        case .intake(let k):
            intake(pqipSpec!.intakes[Int(k)])
        case .progression:
            progressionRound()
        case .recruitmentRound:
            recruitmentRound()
        case .recruitJoins(let t, let g):
            let ti = Int(t)
            workforce.pending[ti * 4 + g.index] -= 1
            _ = addPractitioner(team: ti, grade: g, joining: true)
            refreshSupervision(team: ti)
        case .leaveEnds(let k):
            let window = workforce.leaveWindows[Int(k)]
            for p in window.pdus { workforce.leaveFraction[p] -= window.fraction }
            refreshReductions(pdus: window.pdus)
        }
    }

    func isCurrent(_ p: Int, _ epoch: UInt16) -> Bool {
        practitioners[p].active && practitioners[p].wf.epoch == epoch
    }

    // MARK: rules

    /// The rule set for a grade, stage and restriction.
    func ruleIndex(grade: Grade, stage: WorkforceStage, restricted: Bool) -> Int {
        let base: Int
        switch stage {
        case .pqip1: base = 4
        case .pqip2: base = 5
        case .pqip3: base = 6
        case .nqo: base = 7
        case .none: base = grade.index
        }
        return base + (restricted ? Self.ruleBases : 0)
    }

    @inline(__always)
    func mayHold(rules r: Int, _ type: CaseType, _ tier: Tier) -> Bool {
        eligible[r &* 48 &+ type.index &* 16 &+ tier.wmtColumnIndex]
    }

    /// The rule sets that may hold a case of this type and tier, as bits (bit r: rule set r).
    @inline(__always)
    func ruleSetsHolding(_ type: CaseType, _ tier: Tier) -> UInt64 {
        holdingRuleSets[type.index &* 16 &+ tier.wmtColumnIndex]
    }

    /// Whether practitioner `p` may hold a case of this type and tier now.
    func mayHold(practitioner p: Int, _ type: CaseType, _ tier: Tier) -> Bool {
        mayHold(rules: Int(practitioners[p].wf.rules), type, tier)
    }

    /// Puts a practitioner under the rules of their grade, stage and
    /// restriction; cases they may no longer hold, and any beyond a new
    /// protected-caseload cap (the latest taken first), go for reallocation.
    func applyRules(_ p: Int) {
        // (Field by field: copying the whole record retained and released each of its arrays.)
        let r = ruleIndex(grade: practitioners[p].grade, stage: practitioners[p].wf.stage,
                          restricted: practitioners[p].wf.restricted)
        practitioners[p].wf.rules = Int32(r)
        rosterUpdate(p)
        guard practitioners[p].caseCount > 0 else { return }
        // (Over a copy of the list as it was: each requeue detaches a case from it.)
        for ci in practitioners[p].caseIndices {
            let c = cases[Int(ci)]
            if !mayHold(rules: r, c.type, c.tier) { requeueForReallocation(Int(ci)) }
        }
        let cap = workforce.maxCases[r]
        while practitioners[p].caseIndices.count > cap {
            requeueForReallocation(Int(practitioners[p].caseIndices.last!))
        }
    }

    // MARK: hours

    /// The practitioner's reduction hours: the scenario's, the stage's, the
    /// supervision they give and expected absence, capped at contracted hours;
    /// and their available points from it.
    func refreshReduction(_ p: Int) {
        let s = practitioners[p]
        let absence = s.contracted * (workforce.absenceFraction + workforce.leaveFraction[s.pdu])
        let reduction = min(s.contracted, s.wf.baseReduction + s.wf.stageReduction + s.wf.supervisionReduction + absence)
        practitioners[p].reduction = reduction
        practitioners[p].available = availablePoints(grade: s.grade, contractedHours: s.contracted, reductionHours: reduction)
        rosterUpdate(p)
    }

    /// `points.availablePoints(…)`, remembered: reductions are recomputed whenever supervision,
    /// leave or a stage changes, and the WMT's decimal arithmetic is slow, while the distinct
    /// (grade, hours, reduction) triples are few. `setPoints` forgets them.
    func availablePoints(grade: Grade, contractedHours: Double, reductionHours: Double) -> Int {
        let key = AvailablePointsKey(grade: grade, contracted: contractedHours.bitPattern, reduction: reductionHours.bitPattern)
        if let known = availablePointsMemo[key] { return known }
        let value = points.availablePoints(grade: grade, contractedHours: contractedHours, reductionHours: reductionHours)
        if availablePointsMemo.count >= 1 << 16 { availablePointsMemo.removeAll(keepingCapacity: true) }
        availablePointsMemo[key] = value
        return value
    }

    func refreshReductions(pdus list: [Int]) {
        for pi in list {
            for ti in pdus[pi].teams { for p in teams[ti].members { refreshReduction(p) } }
        }
    }

    /// Shares the team's trainees' supervision hours among its experienced POs.
    /// (The supervisors — experienced POs — are counted, not listed: nothing here changes a
    /// grade or stage, so whether a member is one is the same test before and in the loop.)
    func refreshSupervision(team ti: Int) {
        guard let hours = pqipSpec?.poSupervisionHours, hours > 0 else { return }
        let members = teams[ti].members
        @inline(__always) func supervises(_ p: Int) -> Bool {
            practitioners[p].grade == .po && practitioners[p].wf.stage == .none
        }
        var trainees = 0, supervisors = 0
        for p in members {
            if practitioners[p].wf.stage.isTraining { trainees += 1 }
            if supervises(p) { supervisors += 1 }
        }
        let share = supervisors == 0 ? 0 : Double(trainees) * hours / Double(supervisors)
        for p in members {
            let s = supervises(p) ? share : 0
            if practitioners[p].wf.supervisionReduction != s {
                practitioners[p].wf.supervisionReduction = s
                refreshReduction(p)
            }
        }
    }

    /// A transfer between grades: the scenario's reduction hours follow the
    /// new grade (the team's, else the grade's); contracted hours are the
    /// practitioner's own and stay.
    func changeGrade(_ p: Int, to grade: Grade) {
        if practitioners[p].active {
            let region = pdus[practitioners[p].pdu].region
            if practitioners[p].grade == .po { regions[region].posInPost -= 1 }
            if grade == .po { regions[region].posInPost += 1 }
        }
        practitioners[p].grade = grade
        rosterUpdate(p)
        let team = teams[practitioners[p].team]
        practitioners[p].wf.baseReduction = team.spec.reductionHours[grade] ?? gradeRules[grade.index].reductionHours
    }

    // MARK: training

    func trainingLength(_ d: Distribution, _ stream: RandomStream) -> Double { max(1, d.sample(stream)) }

    /// Starts (or, for day-0 trainees, resumes) training: `elapsedDays` into
    /// a programme of `lengthDays`. Draws come from the training stream.
    func startTraining(_ p: Int, elapsedDays: Double, lengthDays: Double, scheduling: Bool = true) {
        guard let pqip = pqipSpec, let stream = workforce.training else { return }
        practitioners[p].wf.epoch &+= 1
        let start = engine.now - Ticks.days(elapsedDays)
        practitioners[p].wf.trainingStart = start
        let onTime = stream.bernoulli(pqip.onTimeShare)
        let length = Ticks.days(Double(ScenarioDays.whole(lengthDays))) + (onTime ? 0 : Tick(pqip.extensionDays) * Ticks.day)
        // Withdrawal at a constant hazard h with P(before the training length) = share.
        var withdrawAt = Tick.max
        if pqip.withdrawalShare > 0 {
            let t = pqip.withdrawalShare >= 1 ? 0 : stream.exponential(mean: lengthDays / -log(1 - pqip.withdrawalShare))
            let at = engine.now + Ticks.days(t)
            if at - start < Ticks.days(lengthDays) { withdrawAt = at }
        }
        workforce.trainingEnds[p] = (start + length, withdrawAt)
        practitioners[p].wf.leaveAt = -1
        updateStage(p)
        if scheduling { scheduleTraining(p) }
    }

    /// Schedules a trainee's next stage changes, withdrawal and qualification.
    func scheduleTraining(_ p: Int) {
        guard let pqip = pqipSpec, let (qualifyAt, withdrawAt) = workforce.trainingEnds[p] else { return }
        let s = practitioners[p].wf
        let id = Int32(p)
        for k in 1...2 {
            let t = s.trainingStart + stageStart(k, pqip)
            if t > engine.now && t < qualifyAt && t <= horizon {
                engine.schedule(.workforce(.stage(practitioner: id, epoch: s.epoch)), at: t, priority: .capacityChange)
            }
        }
        if withdrawAt < qualifyAt && withdrawAt <= horizon {
            engine.schedule(.workforce(.withdraw(practitioner: id, epoch: s.epoch)), at: max(withdrawAt, engine.now), priority: .capacityChange)
        } else if qualifyAt <= horizon {
            engine.schedule(.workforce(.qualify(practitioner: id, epoch: s.epoch)), at: max(qualifyAt, engine.now), priority: .capacityChange)
        }
    }

    /// When stage `k + 1` starts, from the start of training: the whole days of k × the stage length.
    func stageStart(_ k: Int, _ pqip: PQiPSpec) -> Tick {
        Tick(ScenarioDays.whole(Double(k) * pqip.stageLengthDays)) * Ticks.day
    }

    /// Sets a trainee's stage from the time since their training started.
    func updateStage(_ p: Int) {
        guard let pqip = pqipSpec else { return }
        let elapsed = engine.now - practitioners[p].wf.trainingStart
        let k = elapsed >= stageStart(2, pqip) ? 2 : elapsed >= stageStart(1, pqip) ? 1 : 0
        let stage: WorkforceStage = [.pqip1, .pqip2, .pqip3][k]
        practitioners[p].wf.stage = stage
        practitioners[p].wf.stageReduction = practitioners[p].contracted * pqip.stageReductions[k]
        applyRules(p)
        refreshReduction(p)
    }

    /// A trainee qualifies: a PO in the same team, newly qualified for
    /// `nqoDays`; or, with `beyond_establishment: leave` and no vacant PO post
    /// in their region, a PO who leaves for a post outside the modelled teams.
    func qualify(_ p: Int) {
        guard let pqip = pqipSpec else { return }
        workforce.trainingEnds[p] = nil
        if pqip.beyondEstablishment == .leave {
            let region = pdus[practitioners[p].pdu].region
            var posts = 0
            for pi in regions[region].pdus {
                for ti in pdus[pi].teams { posts += workforce.establishment[ti * 4 + Grade.po.index] }
            }
            // (The region's POs in post are counted as they join, leave and qualify.)
            let inPost = regions[region].posInPost
            assert(inPost == regions[region].pdus.reduce(0) { n, pi in
                pdus[pi].teams.reduce(n) { n, ti in n + teams[ti].members.reduce(0) { $0 + (practitioners[$1].grade == .po ? 1 : 0) } }
            }, "region \(region): POs in post miscounted")
            if inPost >= posts {
                changeGrade(p, to: .po)
                pdus[practitioners[p].pdu].flow.wf.qualifications += 1
                pdus[practitioners[p].pdu].flow.wf.postedElsewhere += 1
                practitioners[p].wf.stage = .none
                removePractitioner(p)
                return
            }
        }
        changeGrade(p, to: .po)
        practitioners[p].wf.epoch &+= 1
        practitioners[p].wf.stage = .nqo
        practitioners[p].wf.stageReduction = practitioners[p].contracted * pqip.nqoReduction
        pdus[practitioners[p].pdu].flow.wf.qualifications += 1
        applyRules(p)
        refreshReduction(p)
        refreshSupervision(team: practitioners[p].team)
        let end = engine.now + Tick(pqip.nqoDays) * Ticks.day
        if end <= horizon {
            engine.schedule(.workforce(.nqoEnds(practitioner: Int32(p), epoch: practitioners[p].wf.epoch)), at: end, priority: .capacityChange)
        }
        scheduleLeaving(p, stream: workforce.leaving)
    }

    /// A cohort joins: split over regions, PDUs and teams by practitioners in post.
    func intake(_ intake: PQiPIntake) {
        guard let pqip = pqipSpec else { return }
        let total = Int((Double(intake.size) * pqip.intakeScale).rounded())
        guard total > 0 else { return }
        let inScope = pdus.indices.filter { intake.scope.covers(region: regions[pdus[$0].region].code, pdu: pdus[$0].number) }
        guard !inScope.isEmpty else { return }
        func practitionersIn(_ pi: Int) -> Int {
            pdus[pi].teams.reduce(0) { n, ti in n + members(of: ti) { gradeRules[practitioners[$0].grade.index].holdsCases } }
        }
        // Regions first (for a national intake), then PDUs within each region.
        var perPDU = [Int](repeating: 0, count: pdus.count)
        let regionIndices = Array(Set(inScope.map { pdus[$0].region })).sorted()
        let regionWeights = regionIndices.map { r in Double(inScope.filter { pdus[$0].region == r }.reduce(0) { $0 + practitionersIn($1) }) }
        let regionCounts = apportion(total: total, weights: regionWeights.reduce(0, +) > 0 ? regionWeights : regionWeights.map { _ in 1 })
        for (k, r) in regionIndices.enumerated() {
            let list = inScope.filter { pdus[$0].region == r }
            let w = list.map { Double(practitionersIn($0)) }
            let counts = apportion(total: regionCounts[k], weights: w.reduce(0, +) > 0 ? w : w.map { _ in 1 })
            for (j, pi) in list.enumerated() { perPDU[pi] = counts[j] }
        }
        for pi in inScope where perPDU[pi] > 0 {
            var touched = Set<Int>()
            for _ in 0..<perPDU[pi] {
                // The team with the fewest trainees, then the fewest members.
                let ti = pdus[pi].teams.min { a, b in
                    let ka = members(of: a) { practitioners[$0].grade == .pqip }
                    let kb = members(of: b) { practitioners[$0].grade == .pqip }
                    return (ka, teams[a].members.count, a) < (kb, teams[b].members.count, b)
                }!
                let p = addPractitioner(team: ti, grade: .pqip, joining: true)
                let length = trainingLength(pqip.trainingLengthDays, workforce.training!)
                startTraining(p, elapsedDays: 0, lengthDays: length)
                touched.insert(ti)
            }
            for ti in touched.sorted() { refreshSupervision(team: ti) }
        }
    }

    /// How many of team `ti`'s members pass `test` (counted: no array is made).
    @inline(__always)
    func members(of ti: Int, _ test: (Int) -> Bool) -> Int {
        var n = 0
        for p in teams[ti].members where test(p) { n += 1 }
        return n
    }

    /// PSOs in the pathway's regions start PQiP training: in each region the
    /// rounded share of its PSOs in post, taken one at a time from the team
    /// with the most PSOs (its longest-serving PSO).
    func progressionRound() {
        guard let prog = spec.workforce.progression, let pqip = pqipSpec, let stream = workforce.training else { return }
        for region in regions {
            if let only = prog.regions, !only.contains(region.code) { continue }
            let regionTeams = region.pdus.flatMap { pdus[$0].teams }
            // Each team's PSOs, counted once and kept as they move (only `changeGrade` below
            // changes a grade here; training changes no one's team).
            var psoCount = regionTeams.map { members(of: $0) { practitioners[$0].grade == .pso } }
            let inPost = psoCount.reduce(0, +)
            let moves = Int((Double(inPost) * prog.sharePerYear / Double(max(prog.roundsPerYear, 1))).rounded())
            var touched = Set<Int>()
            for _ in 0..<moves {
                // The team with the most PSOs, the first of equals (`max(by:)` on (count, -team)).
                guard !regionTeams.isEmpty else { break }
                var j = 0
                for q in 1..<regionTeams.count
                where (psoCount[j], -regionTeams[j]) < (psoCount[q], -regionTeams[q]) { j = q }
                let ti = regionTeams[j]
                assert(psoCount[j] == members(of: ti) { practitioners[$0].grade == .pso }, "team \(ti): PSOs miscounted")
                // Its longest-serving PSO: the lowest index.
                var first = -1
                for q in teams[ti].members where practitioners[q].grade == .pso && (first < 0 || q < first) { first = q }
                guard first >= 0 else { break }
                let p = first
                changeGrade(p, to: .pqip)
                psoCount[j] -= 1
                pdus[practitioners[p].pdu].flow.wf.progressions += 1
                let length = trainingLength(prog.trainingLengthDays ?? pqip.trainingLengthDays, stream)
                startTraining(p, elapsedDays: 0, lengthDays: length)
                touched.insert(ti)
            }
            for ti in touched.sorted() { refreshSupervision(team: ti) }
        }
    }

    // MARK: recruitment

    /// Every vacancy of a recruited grade not already being filled is
    /// advertised; each is filled with the grade's success share, the
    /// recruit starting after the lead time.
    func recruitmentRound() {
        guard let stream = workforce.recruiting else { return }
        // Each grade's recruitment looked up once, not once a team.
        var recruitment = [RecruitmentSpec?](repeating: nil, count: Grade.allCases.count)
        for g in Grade.allCases { recruitment[g.index] = spec.workforce.recruitment[g] }
        for ti in teams.indices {
            for g in Grade.allCases {
                guard let r = recruitment[g.index] else { continue }
                let k = ti * 4 + g.index
                let inPost = teams[ti].members.reduce(0) { $0 + (practitioners[$1].grade == g ? 1 : 0) }
                let open = workforce.establishment[k] - inPost - workforce.pending[k]
                guard open > 0 else { continue }
                for _ in 0..<open where stream.bernoulli(r.success) {
                    let at = engine.now + Tick(r.leadTimeDays) * Ticks.day
                    guard at <= horizon else { continue }
                    workforce.pending[k] += 1
                    engine.schedule(.workforce(.recruitJoins(team: Int32(ti), grade: g)), at: at, priority: .capacityChange)
                }
            }
        }
    }

    // MARK: levers

    func applyWorkforceLever(_ lever: Lever) {
        switch lever.change {
        case .extraLeave(let days, let until, let scope):
            let n = calendar.workingDays(from: lever.date.adding(days: -1), to: until)
            guard n > 0 else { return }
            let list = pdus.indices.filter { scope.covers(region: regions[pdus[$0].region].code, pdu: pdus[$0].number) }
            let fraction = days / Double(n)
            for p in list { workforce.leaveFraction[p] += fraction }
            let k = workforce.leaveWindows.count
            workforce.leaveWindows.append((fraction, list))
            let end = calendar.tick(at: until.adding(days: 1))
            if end <= horizon { engine.schedule(.workforce(.leaveEnds(Int32(k))), at: end, priority: .capacityChange) }
            refreshReductions(pdus: list)
        case .establishment(let grade, let n, let scope):
            let targets = teams.indices.filter { ti in
                let p = pdus[teams[ti].pdu]
                return scope.covers(region: regions[p.region].code, pdu: p.number)
            }
            guard !targets.isEmpty else { return }
            var k = 0, left = abs(n), stalled = 0
            while left > 0 && stalled < targets.count {
                let i = targets[k % targets.count] * 4 + grade.index
                k += 1
                if n < 0 && workforce.establishment[i] == 0 { stalled += 1; continue }
                workforce.establishment[i] += n > 0 ? 1 : -1
                left -= 1
                stalled = 0
            }
        default:
            break
        }
    }

    // MARK: output

    /// Workforce stock of a team, establishment included.
    func workforceTotals(team ti: Int) -> WorkforceTotals {
        var w = WorkforceTotals()
        for p in teams[ti].members {
            // Field by field: copying a whole practitioner record costs a retain per array.
            w.count(grade: practitioners[p].grade, contracted: practitioners[p].contracted,
                    stage: practitioners[p].wf.stage, restricted: practitioners[p].wf.restricted)
        }
        for g in 0..<4 { w.establishment[g] = workforce.establishment[ti * 4 + g] }
        return w
    }

    func writeWorkforceStock(_ di: Int, _ e: Int, _ s: StockTotals) {
        guard workforce.outputs else { return }
        let w = s.wf
        let c = metricColumns.workforceStock
        // Stages pqip1 … nqo are raw values 1 … 4; grades PO, PSO, PQiP, SPO indices 0 … 3
        // (the order of `Metrics.workforceStock`).
        for k in 1..<WorkforceTotals.stages {
            put(di, e, c[k - 1], "staff_in_post_\(WorkforceStage(rawValue: k)!.metricName)", Double(w.stage[k]))
        }
        put(di, e, c[4], "fte", w.fte.sum(StockTotals.grades))
        for g in 0..<StockTotals.grades { put(di, e, c[5 + g], "fte_\(Grade.allCases[g].rawValue.lowercased())", w.fte[g]) }
        for k in 1..<WorkforceTotals.stages {
            put(di, e, c[8 + k], "fte_\(WorkforceStage(rawValue: k)!.metricName)", w.stageFTE[k])
        }
        var vacant = Fixed8<Int>()
        for g in 0..<StockTotals.grades { vacant[g] = w.establishment[g] - s.staff[g] }
        put(di, e, c[13], "vacancies", Double(vacant[Grade.po.index] + vacant[Grade.pso.index] + vacant[Grade.spo.index]))
        put(di, e, c[14], "vacancies_po", Double(vacant[Grade.po.index]))
        put(di, e, c[15], "vacancies_pso", Double(vacant[Grade.pso.index]))
        put(di, e, c[16], "vacancies_spo", Double(vacant[Grade.spo.index]))
        let poPosts = w.establishment[Grade.po.index]
        put(di, e, c[17], "vacancy_pct_po", poPosts > 0 ? Double(vacant[Grade.po.index]) / Double(poPosts) * 100 : .nan)
        let spos = s.staff[Grade.spo.index]
        put(di, e, c[18], "trainees_per_spo", spos > 0 ? Double(s.staff[Grade.pqip.index]) / Double(spos) : .nan)
        let perTrainee = (pqipSpec?.spoSupervisionHours ?? 0) + (pqipSpec?.poSupervisionHours ?? 0)
        put(di, e, c[19], "supervision_hours", Double(w.inTraining) * perTrainee)
        put(di, e, c[20], "former_crc_restricted", Double(w.restricted))
        // Band 4 (POs) and band 3 (PSOs and trainees) in all posts: case
        // holders divided by the share of posts that hold cases.
        let po = spec.workforce.caseHoldingShare[.po] ?? 1, pso = spec.workforce.caseHoldingShare[.pso] ?? 1
        put(di, e, c[21], "staff_in_post_band4", Double(s.staff[Grade.po.index]) / po)
        put(di, e, c[22], "fte_band4", w.fte[Grade.po.index] / po)
        put(di, e, c[23], "staff_in_post_band3", Double(s.staff[Grade.pso.index]) / pso + Double(s.staff[Grade.pqip.index]))
        put(di, e, c[24], "fte_band3", w.fte[Grade.pso.index] / pso + w.fte[Grade.pqip.index])
    }

    func writeWorkforceFlow(_ di: Int, _ e: Int, _ f: WorkforceFlow) {
        guard workforce.outputs else { return }
        let c = metricColumns.workforceFlows
        for g in 0..<StockTotals.grades { put(di, e, c[g], "joiners_\(Grade.allCases[g].rawValue.lowercased())", Double(f.joiners[g])) }
        for g in 0..<StockTotals.grades { put(di, e, c[4 + g], "leavers_\(Grade.allCases[g].rawValue.lowercased())", Double(f.leavers[g])) }
        put(di, e, c[8], "qualifications", Double(f.qualifications))
        put(di, e, c[9], "qualified_posted_elsewhere", Double(f.postedElsewhere))
        put(di, e, c[10], "progressions", Double(f.progressions))
        put(di, e, c[11], "withdrawals", Double(f.withdrawals))
    }
}

/// Whole days of a length, as the scenario format rounds them.
enum ScenarioDays {
    static func whole(_ days: Double) -> Int { Int((days + 1e-9).rounded(.down)) }
}
