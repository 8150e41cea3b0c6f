// SPDX-License-Identifier: GPL-3.0-or-later
// The largest values the scenario format accepts, in one place. Every
// numeric field has a range (docs/errors.md, "Ranges"); these bound the ones
// that the format itself does not (a share is at most 1 by its nature), so
// that any scenario that validates can run: no arithmetic on its values can
// overflow, and no single field can ask for an absurd amount of work. How
// much work a whole scenario asks for is estimated before a run
// (`RunEstimate`), since several fields multiply.

/// The bounds of the scenario format's numeric fields.
public enum ScenarioLimits {
    /// Any length of time (durations and distribution parameters in days):
    /// at most 100 years. `horizon.length` has its own, 50 years.
    public static let lengthDays: (days: Double, text: String) = (100 * ScenarioLength.daysPerYear, "100 years")
    /// Working days (allocation target and preparation, unpaid work's start times): at most 260 (a year).
    public static let workingDays = 260
    /// Staff (or funded posts) of one grade in one team or PDU, and a grade's `max_cases`.
    public static let staffPerGrade = 10_000
    /// `organisation.team_size`.
    public static let teamSize = 1_000
    /// PDU numbers.
    public static let pduNumber = 1_000_000
    /// Weekly figures (sentences, court reports), nationally or for one PDU.
    public static let perWeek = 100_000.0
    /// `initial_caseload.total` and the interventions' Day-1 totals.
    public static let day1Cases = 10_000_000
    /// A lever's `add` (staff, places, …), either way.
    public static let leverAdd = 100_000
    /// A lever's `scale`, a PQiP `intake_scale`, a monthly factor.
    public static let scale = 100.0
    /// A PQiP intake's size.
    public static let intakeSize = 100_000
    /// Tier changes per case per year.
    public static let perYear = 52.0
    /// Hours drawn from a distribution (unpaid work hours and the like).
    public static let hours = 10_000.0
    /// Shape parameters (gamma, Weibull).
    public static let shape = 10_000.0
    /// A lognormal's `mu` (either way) and `sigma` (of the logarithm of days or hours).
    public static let logMu = 20.0
    public static let logSigma = 10.0
    /// Relative weights (tier mixes, PDU weights, empirical weights).
    public static let weight = 1e9
    /// A value in a points table.
    public static let points = 1_000_000.0
}
