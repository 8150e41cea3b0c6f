// SPDX-License-Identifier: GPL-3.0-or-later
import Simulation

// What a scenario's `interventions` block compiles into: the regional
// Interventions Teams' unpaid work, accredited programmes and structured
// interventions, and the commissioned rehabilitative services (Dynamic
// Framework lots). `ModelSpec.interventions == nil` is the model without any
// of it (byte-identical outputs). docs/interventions.md describes the rules.

/// Interventions delivered per region (each region has one Interventions Team,
/// 003_221d2dc672802ff6.txt:1363). Figures "by region" are keyed by region code
/// and already split from any national total.
public struct InterventionsSpec: Sendable {
    public var unpaidWork: UnpaidWorkSpec?
    public var programmes: ProgrammesSpec?
    /// Commissioned rehabilitative services, one entry per lot.
    public var services: [ServiceLotSpec]
    /// Changes on dates (supervisors, placements, facilitators, intensity, group size).
    public var levers: [InterventionLever]

    public init(unpaidWork: UnpaidWorkSpec? = nil, programmes: ProgrammesSpec? = nil,
                services: [ServiceLotSpec] = [], levers: [InterventionLever] = []) {
        self.unpaidWork = unpaidWork; self.programmes = programmes; self.services = services; self.levers = levers
    }
}

// MARK: unpaid work

/// Unpaid work (Community Payback): requirements with hours, worked in
/// sessions on placements run by Community Payback Supervisors.
public struct UnpaidWorkSpec: Sendable {
    /// Share of new community sentences (COs and SSOs) with an unpaid work requirement.
    public var share: Double
    /// Hours ordered (a number of hours; each draw is rounded to whole hours, at least 1).
    public var hours: Distribution
    /// Working days from sentence before a first session can be booked
    /// (assessment within 10 working days and induction, 003_221d2dc672802ff6.txt:1448-1452).
    public var startAfterWorkingDays: Int
    /// The start target: a first session within this many working days of
    /// sentence (TOM: 15, 003_221d2dc672802ff6.txt:1452).
    public var startTargetWorkingDays: Int
    /// All hours are to be worked within this time of sentence (TOM: 12 months,
    /// 003_221d2dc672802ff6.txt:1474); at its end outstanding hours are written
    /// off, or the court extends the requirement.
    public var completionWindowDays: Double
    /// Share of requirements reaching the end of their window with hours
    /// outstanding that the court extends (the rest are written off).
    public var extensionShare: Double
    /// How long an extension adds.
    public var extensionDays: Double
    /// Community Payback Supervisors in post, by region code.
    public var supervisors: [String: Int]
    /// At most this many people placed per session day, by region code (work
    /// sites); a region left out has no limit beyond its supervisors.
    public var placements: [String: Int]
    /// People in a work party (one supervisor's session).
    public var peoplePerSupervisor: Int
    /// Hours credited for one session.
    public var sessionHours: Double
    /// Session days a week: the first N days of each week from Monday
    /// (5 = Monday to Friday); bank holidays and closures have no sessions.
    public var daysPerWeek: Int
    /// Weekly intensity: hours a week each person may be booked for (at most 28,
    /// 003_221d2dc672802ff6.txt:1398); at least one session a week.
    public var weeklyHours: Double
    /// Share of people working intensively (the unemployed, "build to the
    /// required intensive level of 28 hours per week", 003_221d2dc672802ff6.txt:1450)…
    public var intensiveShare: Double
    /// …at this many hours a week.
    public var intensiveWeeklyHours: Double
    /// Share of people with an education, training and employment need who may
    /// spend part of their hours on ETE (off placement, no supervisor place)…
    public var eteShare: Double
    /// …up to this share of their hours ordered (TOM: 20%, 003_221d2dc672802ff6.txt:1398).
    public var eteMaxShareOfHours: Double
    /// Probability that a work party's session is stood down (cancelled).
    public var standDownRate: Double
    /// Probability that a person booked for a session does not attend.
    public var nonAttendanceRate: Double
    /// The practitioner's enforcement work after a failure to attend.
    public var enforcement: EnforcementSpec
    /// People already waiting or working on day 0.
    public var backlog: UPWBacklogSpec?

    /// The most hours anyone may work in a week (003_221d2dc672802ff6.txt:1398).
    public static let maxHoursPerWeek = 28.0

    public init(share: Double, hours: Distribution, startAfterWorkingDays: Int = 10, startTargetWorkingDays: Int = 15,
                completionWindowDays: Double = 365.25, extensionShare: Double = 0, extensionDays: Double = 182.625,
                supervisors: [String: Int], placements: [String: Int] = [:], peoplePerSupervisor: Int = 6,
                sessionHours: Double = 7, daysPerWeek: Int = 5, weeklyHours: Double = 7, intensiveShare: Double = 0,
                intensiveWeeklyHours: Double = 28, eteShare: Double = 0, eteMaxShareOfHours: Double = 0.2,
                standDownRate: Double = 0, nonAttendanceRate: Double = 0, enforcement: EnforcementSpec = EnforcementSpec(),
                backlog: UPWBacklogSpec? = nil) {
        self.share = share; self.hours = hours; self.startAfterWorkingDays = startAfterWorkingDays
        self.startTargetWorkingDays = startTargetWorkingDays; self.completionWindowDays = completionWindowDays
        self.extensionShare = extensionShare; self.extensionDays = extensionDays; self.supervisors = supervisors
        self.placements = placements; self.peoplePerSupervisor = peoplePerSupervisor; self.sessionHours = sessionHours
        self.daysPerWeek = daysPerWeek; self.weeklyHours = weeklyHours; self.intensiveShare = intensiveShare
        self.intensiveWeeklyHours = intensiveWeeklyHours; self.eteShare = eteShare; self.eteMaxShareOfHours = eteMaxShareOfHours
        self.standDownRate = standDownRate; self.nonAttendanceRate = nonAttendanceRate; self.enforcement = enforcement
        self.backlog = backlog
    }
}

/// Enforcement after a failure to attend unpaid work: "all risk and enforcement
/// decisions ... remain with the Probation Practitioner" (003_221d2dc672802ff6.txt:1472).
/// The WMT has no weighting for it, so it is added as practitioner hours
/// converted to WMT-equivalent points for a window (docs/interventions.md).
public struct EnforcementSpec: Sendable {
    /// Practitioner hours per failure to attend.
    public var hours: Double
    /// The time over which those hours count in the practitioner's workload.
    public var windowDays: Double
    /// Share of failures to attend that lead to breach action…
    public var breachShare: Double
    /// …which takes this many more practitioner hours (over the same window).
    public var breachHours: Double

    public init(hours: Double = 0, windowDays: Double = 30, breachShare: Double = 0, breachHours: Double = 0) {
        self.hours = hours; self.windowDays = windowDays; self.breachShare = breachShare; self.breachHours = breachHours
    }
}

/// People with unpaid work outstanding on day 0 (e.g. the Covid backlog
/// carried into unification, 004_57a3991b30581a3c.txt:410, :668).
public struct UPWBacklogSpec: Sendable {
    /// People by region code.
    public var people: [String: Int]
    /// Hours outstanding per person (rounded to whole hours, at least 1).
    public var hours: Distribution
    /// Share who have already worked a first session (the rest wait for one).
    public var startedShare: Double
    /// Share already past the end of their 12-month window, on an extension
    /// (HMPPS's "backlog": hours outstanding after 12 months).
    public var pastWindowShare: Double
    /// Time left before the end of the completion window (or extension), in days.
    public var remainingDays: Distribution

    public init(people: [String: Int], hours: Distribution, startedShare: Double = 0, pastWindowShare: Double = 0,
                remainingDays: Distribution) {
        self.people = people; self.hours = hours; self.startedShare = startedShare; self.pastWindowShare = pastWindowShare
        self.remainingDays = remainingDays
    }
}

// MARK: programmes

/// Accredited programmes and structured interventions, delivered in groups by
/// facilitators trained in both (003_221d2dc672802ff6.txt:1584).
public struct ProgrammesSpec: Sendable {
    /// Facilitators by region code.
    public var facilitators: [String: Int]
    /// Groups each facilitator can co-deliver at once.
    public var groupsPerFacilitator: Int
    /// Facilitators a group needs (a pair by default).
    public var facilitatorsPerGroup: Int
    public var accredited: ProgrammeSpec?
    public var structured: ProgrammeSpec?

    public init(facilitators: [String: Int], groupsPerFacilitator: Int = 2, facilitatorsPerGroup: Int = 2,
                accredited: ProgrammeSpec? = nil, structured: ProgrammeSpec? = nil) {
        self.facilitators = facilitators; self.groupsPerFacilitator = groupsPerFacilitator
        self.facilitatorsPerGroup = facilitatorsPerGroup; self.accredited = accredited; self.structured = structured
    }
}

/// One kind of group programme.
public struct ProgrammeSpec: Sendable {
    /// Share of new community sentences with this requirement (for structured
    /// interventions: of those without an accredited programme).
    public var share: Double
    /// Time from sentence until the person is "programme-ready" and referred
    /// (003_221d2dc672802ff6.txt:1604), in days.
    public var readyAfterDays: Distribution
    /// Sessions in the programme, held at `sessionsPerWeek`.
    public var sessions: Int
    public var sessionsPerWeek: Int
    /// At most this many people in a group (AP: up to 12, 003_221d2dc672802ff6.txt:1574)…
    public var groupSize: Int
    /// …and a group starts only with at least this many waiting.
    public var minimumGroup: Int
    /// Probability of dropping out at each session.
    public var dropoutPerSession: Double
    /// People already referred and waiting on day 0.
    public var backlog: ProgrammeBacklogSpec?

    public init(share: Double, readyAfterDays: Distribution = .constant(0), sessions: Int, sessionsPerWeek: Int = 2,
                groupSize: Int = 12, minimumGroup: Int = 6, dropoutPerSession: Double = 0, backlog: ProgrammeBacklogSpec? = nil) {
        self.share = share; self.readyAfterDays = readyAfterDays; self.sessions = sessions
        self.sessionsPerWeek = sessionsPerWeek; self.groupSize = groupSize; self.minimumGroup = minimumGroup
        self.dropoutPerSession = dropoutPerSession; self.backlog = backlog
    }

    /// Days from the first session to the last.
    public var durationDays: Double { Double(max(sessions - 1, 0)) * 7 / Double(max(sessionsPerWeek, 1)) }
}

/// People waiting for a programme on day 0.
public struct ProgrammeBacklogSpec: Sendable {
    /// People by region code.
    public var people: [String: Int]
    /// Time left on their order, in days.
    public var remainingDays: Distribution

    public init(people: [String: Int], remainingDays: Distribution) {
        self.people = people; self.remainingDays = remainingDays
    }
}

// MARK: commissioned services

/// One Dynamic Framework lot (accommodation, ETE, personal wellbeing, women's
/// services, …) as a capacity-limited service in each region.
public struct ServiceLotSpec: Sendable {
    /// The lot's name as it appears in metric names (`crs_referrals_<name>`):
    /// lower-case letters, digits and `_`.
    public var name: String
    /// Probability that a new community case (at sentence) or licence case (at
    /// release) is referred, for men and for women.
    public var referralShareMale: Double
    public var referralShareFemale: Double
    /// Places (people in service at once) by region code.
    public var capacity: [String: Int]
    /// Regions with no provider for the lot (HMIP: no compliant bids for ETE in
    /// one region and accommodation in three, 004_57a3991b30581a3c.txt:258).
    public var missing: Set<String>
    /// How long a person is in the service, in days.
    public var durationDays: Distribution
    /// Where the lot is missing, the practitioner covers the need with
    /// one-to-one work: this many hours per referral…
    public var coverHours: Double
    /// …spread over this many days.
    public var coverDays: Double

    public init(name: String, referralShareMale: Double, referralShareFemale: Double, capacity: [String: Int],
                missing: Set<String> = [], durationDays: Distribution, coverHours: Double = 0, coverDays: Double = 84) {
        self.name = name; self.referralShareMale = referralShareMale; self.referralShareFemale = referralShareFemale
        self.capacity = capacity; self.missing = missing; self.durationDays = durationDays
        self.coverHours = coverHours; self.coverDays = coverDays
    }
}

// MARK: levers

/// A change to intervention capacity on a date, in one region or (nil) all.
public struct InterventionLever: Sendable {
    public var date: CivilDate
    /// A region code, or nil for every region.
    public var region: String?
    public var change: Change

    public enum Adjustment: Sendable, Equatable {
        /// Add (negative: remove) this many; a national figure is split over
        /// regions in proportion to what they have (largest remainder).
        case add(Int)
        /// Multiply each region's figure (rounded to the nearest whole number).
        case scale(Double)
    }

    public enum Change: Sendable {
        case supervisors(Adjustment)
        case placements(Adjustment)
        case facilitators(Adjustment)
        case peoplePerSupervisor(Int)
        case weeklyHours(Double)
        /// The largest group for programmes starting from the date (both kinds).
        case groupSize(Int)
    }

    public init(date: CivilDate, region: String? = nil, change: Change) {
        self.date = date; self.region = region; self.change = change
    }
}
