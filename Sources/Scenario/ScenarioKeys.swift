// SPDX-License-Identifier: GPL-3.0-or-later
// The keys each block of a scenario file may hold (docs/scenario-format.md).
//
// The loader passes these lists to `YAMLValue.mapping(allowedKeys:)`, and a
// test checks that schema/scenario.schema.json lists exactly the same keys,
// so the loader, the schema and the format document cannot drift apart.

/// The keys allowed in each block of a scenario file, in the order the format document lists them.
public enum ScenarioKeys {
    /// The top level of the file.
    public static let topLevel = [
        "caseflow", "metadata", "horizon", "seed", "replications", "calendar", "grades", "organisation",
        "demand", "cases", "initial_caseload", "workforce", "points", "allocation", "levers", "outputs",
        "interventions", "tiering", "variants", "sweep", "extends", "overrides",
    ]
    public static let metadata = ["name", "description", "assumptions"]
    /// One entry of `metadata.assumptions`.
    public static let assumption = ["id", "figure", "source", "quality", "reasoning", "uncertainty"]
    public static let horizon = ["start", "length", "warmup", "after_end"]
    public static let calendar = ["closures"]
    /// The grade names `grades` may hold (Grade raw values).
    public static let gradeNames = ["PO", "PSO", "PQiP", "SPO"]
    /// One grade's rules under `grades`.
    public static let grade = [
        "holds_cases", "risk", "case_types", "max_cases", "contracted_hours", "reduction_hours", "writes_reports",
    ]
    public static let organisation = ["team_size", "regions"]
    /// One entry of `organisation.regions`.
    public static let region = ["code", "name", "pdus"]
    /// One entry of a region's `pdus`.
    public static let pdu = ["number", "name", "staff", "teams", "establishment"]
    /// One entry of a PDU's `teams`.
    public static let team = ["name", "staff", "establishment", "contracted_hours", "reduction_hours"]
    public static let demand = [
        "sentences_per_week", "pdu_weights", "monthly_factors", "growth_per_year", "court_reports_per_week",
        "fast_report_share", "report_window",
    ]
    public static let cases = [
        "custody_share", "young_adult_share", "female_share", "tiering", "tier_mix", "community_length",
        "custody_time_to_serve", "licence_length", "short_sentence_threshold", "handover_before_release",
        "early_allocation", "tier_changes",
    ]
    /// The case types a `tier_mix` or `type_shares` may hold.
    public static let caseTypes = ["community", "licence", "custody"]
    public static let earlyAllocation = ["share", "handover_before_release"]
    public static let tierChanges = ["per_year", "escalation_share"]
    /// The computed tiering model (docs/tiering.md).
    public static let tiering = ["calculator", "switch_to_v3", "v3_weighting", "reassessment", "unsupervised", "profiles"]
    public static let v3Tiers = ["A", "B", "C", "D", "E", "F", "G"]
    public static let tieringReassessment = ["every", "persistence", "on_release", "enforcement_per_year", "registrations_per_year"]
    public static let tieringUnsupervised = ["from", "after"]
    public static let tieringProfiles = [
        "factor_correlation", "custody_shift", "rosh", "mappa", "rsr", "ogrs", "arp", "csrp", "needs", "registrations",
        "parenting", "self_control", "assessment", "community_mandate", "sexual_offence", "dcsrp_bands", "lifer",
    ]
    public static let tieringFactors = ["harm", "reoffending"]
    public static let tieringAttribute = ["share", "levels", "quantiles", "harm", "reoffending"]
    public static let tieringRegistrations = ["RMDO", "ALSH", "RVLN", "RCCO", "RCPR", "RCHD", "RPIR", "RVAD", "STRG", "RTAO", "IIOM", "ADVP", "SPO"]
    public static let initialCaseload = ["total", "type_shares", "pdu_weights", "tier_mix", "allocated", "prison_pipeline"]
    public static let workforce = [
        "leaving_rate_per_year", "replace_leavers", "recruitment_lead_time",
        "recruitment", "absence", "pqip", "progression", "blended_caseloads", "case_holding_share",
    ]
    /// Workforce dynamics (docs/workforce.md).
    /// The grades `workforce.recruitment` may hold (trainees join by `pqip.intakes`).
    public static let recruitedGrades = ["PO", "PSO", "SPO"]
    public static let recruitedGrade = ["lead_time", "success"]
    public static let absence = ["sickness_days_per_year", "annual_leave_days_per_year"]
    public static let pqip = [
        "training_length", "stage_length", "stage_reductions", "protected_caseload", "withdrawal", "on_time",
        "extension", "nqo", "beyond_establishment", "in_post_elapsed", "supervision", "intake_scale", "intakes",
    ]
    public static let pqipStages = ["stage1", "stage2", "stage3"]
    public static let protectedCaseload = ["risk", "case_types", "max_cases"]
    public static let nqo = ["reduction", "length", "risk", "case_types", "max_cases"]
    public static let supervision = ["spo_hours_per_week", "po_hours_per_week"]
    /// One entry of `workforce.pqip.intakes`.
    public static let intake = ["date", "size", "region", "pdu"]
    public static let progression = ["share_per_year", "regions", "start", "end", "rounds_per_year", "training_length"]
    public static let blendedCaseloads = ["former_crc", "regions", "restricted_risk", "from", "until"]
    /// One entry of `points`.
    public static let pointsEntry = ["effective", "table"]
    public static let allocation = ["policy", "cap", "target", "meeting_time", "preparation", "queue_order", "above_cap"]
    public static let aboveCap = ["after", "ceiling"]
    /// One entry of `levers`.
    public static let lever = ["date", "inflow", "staff", "points", "allocation", "leave", "establishment",
                               "early_release", "supervision_reset"]
    /// The changes a lever may make (its keys other than `date`).
    public static let leverChanges = ["inflow", "staff", "points", "allocation", "leave", "establishment",
                                      "early_release", "supervision_reset"]
    public static let leverEarlyRelease = ["custody_scale", "share"]
    public static let leverSupervisionReset = ["scale", "case_types", "exempt_risk", "exempt_share", "over"]
    public static let leverInflow = ["scale", "region", "pdu"]
    public static let leverStaff = ["grade", "add", "region", "pdu"]
    public static let leverPoints = ["table"]
    public static let leverAllocation = ["cap", "policy"]
    public static let leverLeave = ["extra_days", "until", "region", "pdu"]
    public static let leverEstablishment = ["grade", "add", "region", "pdu"]
    public static let outputs = ["cadence", "levels", "tier_breakdown_below_national", "wmt_snapshot"]
    /// One entry of `variants` or of `sweep.list` (Variants.swift).
    public static let point = ["name", "description", "set"]
    public static let sweep = ["grid", "list"]

    /// The distributions a length may follow and the keys of each (besides
    /// `distribution`). Lognormal takes either `mean`/`sd` or `mu`/`sigma`.
    public static let distributions: [(name: String, keys: [String])] = [
        ("constant", ["value"]),
        ("uniform", ["lower", "upper"]),
        ("exponential", ["mean"]),
        ("gamma", ["shape", "scale"]),
        ("lognormal", ["mean", "sd", "mu", "sigma"]),
        ("weibull", ["scale", "shape"]),
        ("normal", ["mean", "sd"]),
        ("triangular", ["min", "mode", "max"]),
        ("empirical", ["values", "weights"]),
    ]

    /// The distribution names, in the order above.
    public static var distributionNames: [String] { distributions.map(\.name) }

    /// Every key a distribution mapping may hold, whatever its name.
    public static var distributionKeys: [String] {
        var keys = ["distribution"]
        for (_, names) in distributions { for key in names where !keys.contains(key) { keys.append(key) } }
        return keys
    }

    /// The names of the built-in points tables (`table: hmpps-default`).
    public static let builtInPointsTables = ["hmpps-default"]
    /// The value of `initial_caseload.pdu_weights` that weights PDUs by their sentences.
    public static let proportionalToDemand = "proportional-to-demand"
    /// The key of a national figure in `sentences_per_week` and `court_reports_per_week`.
    public static let national = "national"

    /// Each block with fixed keys, by its path in the file (`[]` for "any
    /// entry of the list", `*` for "any key of the mapping"): what the schema
    /// test compares with schema/scenario.schema.json.
    public static let blocks: [(path: String, keys: [String])] = [
        ("", topLevel),
        ("metadata", metadata),
        ("metadata.assumptions[]", assumption),
        ("horizon", horizon),
        ("calendar", calendar),
        ("grades", gradeNames),
        ("grades.PO", grade),
        ("grades.PSO", grade),
        ("grades.PQiP", grade),
        ("grades.SPO", grade),
        ("organisation", organisation),
        ("organisation.regions[]", region),
        ("organisation.regions[].pdus[]", pdu),
        ("organisation.regions[].pdus[].staff", gradeNames),
        ("organisation.regions[].pdus[].establishment", gradeNames),
        ("organisation.regions[].pdus[].teams[]", team),
        ("organisation.regions[].pdus[].teams[].staff", gradeNames),
        ("organisation.regions[].pdus[].teams[].establishment", gradeNames),
        ("organisation.regions[].pdus[].teams[].contracted_hours", gradeNames),
        ("organisation.regions[].pdus[].teams[].reduction_hours", gradeNames),
        ("demand", demand),
        ("cases", cases),
        ("cases.tier_mix", caseTypes),
        ("cases.community_length", distributionKeys),
        ("cases.custody_time_to_serve", distributionKeys),
        ("cases.licence_length", distributionKeys),
        ("cases.early_allocation", earlyAllocation),
        ("cases.tier_changes", tierChanges),
        ("tiering", tiering),
        ("tiering.v3_weighting", v3Tiers),
        ("tiering.reassessment", tieringReassessment),
        ("tiering.unsupervised", tieringUnsupervised),
        ("tiering.profiles", tieringProfiles),
        ("tiering.profiles.custody_shift", tieringFactors),
        ("tiering.profiles.registrations", tieringRegistrations),
        ("tiering.profiles.rosh", tieringAttribute),
        ("tiering.profiles.rsr", tieringAttribute),
        ("tiering.profiles.needs", tieringAttribute),
        ("tiering.profiles.lifer", tieringAttribute),
        ("tiering.profiles.registrations.RMDO", tieringAttribute),
        ("initial_caseload", initialCaseload),
        ("initial_caseload.type_shares", caseTypes),
        ("initial_caseload.tier_mix", caseTypes),
        ("workforce", workforce),
        ("workforce.leaving_rate_per_year", gradeNames),
        ("workforce.recruitment", recruitedGrades),
        ("workforce.recruitment.PO", recruitedGrade),
        ("workforce.recruitment.PSO", recruitedGrade),
        ("workforce.recruitment.SPO", recruitedGrade),
        ("workforce.absence", absence),
        ("workforce.case_holding_share", ["PO", "PSO"]),
        ("workforce.pqip", pqip),
        ("workforce.pqip.protected_caseload", pqipStages),
        ("workforce.pqip.protected_caseload.stage1", protectedCaseload),
        ("workforce.pqip.protected_caseload.stage2", protectedCaseload),
        ("workforce.pqip.protected_caseload.stage3", protectedCaseload),
        ("workforce.pqip.nqo", nqo),
        ("workforce.pqip.supervision", supervision),
        ("workforce.pqip.intakes[]", intake),
        ("workforce.progression", progression),
        ("workforce.blended_caseloads", blendedCaseloads),
        ("workforce.blended_caseloads.former_crc", gradeNames),
        ("points[]", pointsEntry),
        ("allocation", allocation),
        ("allocation.above_cap", aboveCap),
        ("levers[]", lever),
        ("levers[].inflow", leverInflow),
        ("levers[].staff", leverStaff),
        ("levers[].points", leverPoints),
        ("levers[].allocation", leverAllocation),
        ("levers[].leave", leverLeave),
        ("levers[].establishment", leverEstablishment),
        ("levers[].early_release", leverEarlyRelease),
        ("levers[].supervision_reset", leverSupervisionReset),
        ("outputs", outputs),
        ("variants[]", point),
        ("sweep", sweep),
        ("sweep.list[]", point),
    ] + interventionBlocks
}
