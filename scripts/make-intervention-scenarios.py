#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the interventions scenarios (docs/interventions.md):

- scenarios/upw-backlog-recovery.yaml, from scenarios/national-day1.yaml: the
  national Day-1 world plus the unpaid work backlog carried into unification,
  with a variant that doubles the supervisors (HMIP's question);
- scenarios/interventions-sheffield.yaml, from scenarios/single-pdu.yaml: one
  PDU with every part of the component (unpaid work, programmes, services, a
  missing lot, levers), small enough to read and run in seconds.

    scripts/make-intervention-scenarios.py

Rerun it after changing the national scenario or the figures below; do not
edit the generated files by hand.
"""
import pathlib, re

ROOT = pathlib.Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "scenarios" / "national-day1.yaml"

SUPERVISORS = 700          # [a:upw-supervisors]
PARTY = 4                  # [a:upw-party-size]

ASSUMPTIONS = [
    ("upw-backlog-size",
     "about 5.0 million hours of unpaid work outstanding on Day 1, on 65,000 requirements (mean 77 hours outstanding); 20% of the hours past the 12-month window",
     "UK Parliament written answer HL1610, 14 July 2021 (not in the seeds): 'There are approximately 5m hours of unpaid work on the caseload currently, 4m (80%) are in relation to requirements that are still within their normal delivery window or agreed extension'; backlog carried into the new model: 004_57a3991b30581a3c.txt:410, :668",
     "low",
     "The seeds say there is a 'considerable backlog' (004_57a3991b30581a3c.txt:668) but not its size (seeds-digest section 6). The Ministry of Justice's answer of 14 July 2021, three weeks after Day 1, gives the hours: about 5m outstanding, of which about 1m (20%) were on requirements past their 12-month window with no agreed extension (HMPPS's 'backlog': hours outstanding after 12 months must go back to court). The number of requirements is not given: 65,000 is an assumption (about 15 months of new requirements at the inflow below, i.e. a year's orders plus the Covid build-up), which with 5.0m hours gives a mean of 77 hours outstanding each; the spread (gamma, shape 2) is a guess. The figure is an official 'approximately', not an audited count, and is not in the seeds: quality low. Check: HMIP's 'even if staff resource doubled, it would take over a year to clear backlogs' (004_57a3991b30581a3c.txt:668) is compared with the model's answer in docs/interventions.md; it was not used to fit any figure."),
    ("upw-backlog-state",
     "of the Day-1 requirements 60% have started work; time left before the end of the window (or extension) uniform from 0 to 12 months",
     "assumption",
     "low",
     "Not in the seeds. Covid stopped or slowed group work for most of 2020-21, so many requirements had started and stalled; 60% is a guess. Requirements were imposed steadily over the year before Day 1, so the time left is spread evenly over the window."),
    ("upw-share",
     "45% of new community orders and suspended sentence orders carry an unpaid work requirement (964 a week at the national inflow)",
     "assumption (public sentencing statistics, not in the seeds)",
     "low",
     "The seeds give no requirement mix (seeds-digest section 6). Unpaid work is one of the most common requirements of community orders and SSOs; somewhat under half of new orders is taken. BAME people have 'disproportionately high referral rates for Unpaid Work' (003_221d2dc672802ff6.txt:589), which the model does not distinguish."),
    ("upw-hours",
     "hours ordered: 40 to 300 (empirical: 40 h 10%, 60 h 15%, 80 h 20%, 100 h 15%, 120 h 12%, 150 h 12%, 200 h 10%, 250 h 4%, 300 h 2%; mean 112.4 h), so about 108,000 hours ordered a week",
     "assumption (the 40-300 hour range is the Criminal Justice Act 2003's, not in the seeds)",
     "low",
     "The seeds give no hours per order (seeds-digest section 6). Courts order whole tens of hours between the statutory 40 and 300, mostly at the lower end."),
    ("upw-timings",
     "a first session can be booked 10 working days after sentence (assessment and induction); target: first session within 15 working days; all hours within 12 months",
     "003_221d2dc672802ff6.txt:1448, :1452, :1474, :1874",
     "medium",
     "The TOM's timings. Induction is taken to happen within the 10 working days (no separate induction capacity)."),
    ("upw-extension",
     "at the end of the 12-month window (or an extension) with hours outstanding, 90% of requirements are extended by 6 months; 10% are written off (revoked)",
     "assumption; extensions: UK Parliament written answer HL1610 (MoJ applies 'for unpaid work orders to be extended so that hours can be completed after the original 12-month period'); 003_221d2dc672802ff6.txt:1474",
     "low",
     "The seeds mention court appearances 'to extend the order' (003_221d2dc672802ff6.txt:1474) but no rates. During the backlog most requirements were extended rather than revoked; 90% and 6 months are guesses."),
    ("upw-supervisors",
     f"{SUPERVISORS} Community Payback Supervisors nationally, split over regions by sentences; each runs one work party a day, Monday to Friday, sessions of 7 hours",
     "assumption",
     "low",
     "The seeds give no UPW staffing (seeds-digest section 6; HMIP: recruiting unpaid work staff 'has been challenging', 004_57a3991b30581a3c.txt:668). Sized so that before Covid, with work parties of 6, the service had about 10% more effective places than hours ordered (700 x 6 x 7 h x 5 days x 0.95 sessions not stood down x 0.85 attendance, less bank holidays, is about 120,000 hours a week against 108,000 ordered)."),
    ("upw-doubled",
     f"variant doubled-supervisors: {2 * SUPERVISORS} supervisors from Day 1, everything else the same",
     "004_57a3991b30581a3c.txt:668",
     "high",
     "HMIP: 'even if staff resource doubled, it would take over a year to clear backlogs'. The variant doubles the supervisors (the staff who run work parties) and nothing else: same work parties of 4, same placements, same attendance."),
    ("upw-party-size",
     f"{PARTY} people per supervisor on Day 1 (Covid-secure work parties, against 6 before the pandemic), for the whole horizon",
     "assumption",
     "low",
     "Not in the seeds. HMIP's modelling of the backlog was done under the constraints in force before Day 1; with parties of 4 the service's effective places are about 71% of the hours ordered each week, so with today's supervisors the backlog cannot clear. A lever (people_per_supervisor) can restore parties of 6 on a date in other scenarios."),
    ("upw-intensity",
     "7 hours a week (one session) each; 10% work intensively at 28 hours a week; 20% may spend up to 20% of their hours on education, training and employment",
     "003_221d2dc672802ff6.txt:1398, :1450 (28 hours, 20% ETE); shares: assumption",
     "low",
     "The TOM allows up to 28 hours a week, with the unemployed building up to it, and up to 20% of hours as ETE. Which share work intensively or use ETE is not in the seeds."),
    ("upw-attendance",
     "5% of work-party sessions stood down; 15% of booked sessions not attended; each failure to attend takes the practitioner 1 hour over 30 days, and 10% lead to breach action of 4 more hours",
     "assumption; enforcement stays with the practitioner (003_221d2dc672802ff6.txt:1472, :765)",
     "low",
     "The seeds give no stand-down, attendance or breach rates (seeds-digest section 6); the TOM wants stand-downs minimised (003_221d2dc672802ff6.txt:1874). Enforcement hours are counted as WMT-equivalent points on the case (docs/interventions.md)."),
]

INTERVENTIONS = f"""
# The unpaid work backlog carried into unification (docs/interventions.md).
interventions:
  region_weights: proportional-to-demand
  unpaid_work:
    share: 45%                                  # [a:upw-share]
    hours:                                      # [a:upw-hours]
      distribution: empirical
      values: [40, 60, 80, 100, 120, 150, 200, 250, 300]
      weights: [10, 15, 20, 15, 12, 12, 10, 4, 2]
    start_after: 10 working days                # [a:upw-timings]
    start_target: 15 working days               # [a:upw-timings]
    completion_window: 12 months                # [a:upw-timings]
    extension: {{ share: 90%, length: 6 months }} # [a:upw-extension]
    supervisors: {{ national: SUPERVISORS }}       # [a:upw-supervisors]
    people_per_supervisor: {PARTY}                     # [a:upw-party-size]
    session_hours: 7                            # [a:upw-supervisors]
    days_per_week: 5                            # [a:upw-supervisors]
    weekly_hours: 7                             # [a:upw-intensity]
    intensive: {{ share: 10%, weekly_hours: 28 }} # [a:upw-intensity]
    ete: {{ share: 20%, max_share_of_hours: 20% }} # [a:upw-intensity]
    stand_down_rate: 5%                         # [a:upw-attendance]
    non_attendance_rate: 15%                    # [a:upw-attendance]
    enforcement: {{ hours: 1, window: 30 days, breach_share: 10%, breach_hours: 4 }}   # [a:upw-attendance]
    backlog:                                    # [a:upw-backlog-size] [a:upw-backlog-state]
      people: {{ national: 65000 }}
      hours: {{ distribution: gamma, shape: 2, scale: 38.5 }}
      started_share: 60%
      past_window_share: 20%
      remaining: {{ distribution: uniform, lower: 0 months, upper: 12 months }}
"""

VARIANTS = """
# HMIP's question: `caseflow sweep` runs both points on common random numbers
# (or `caseflow run FILE --variant doubled-supervisors`).
variants:                                       # [a:upw-doubled]
  - name: doubled-supervisors
    description: "Twice the Day-1 Community Payback Supervisors: HMIP, 'even if staff resource doubled, it would take over a year to clear backlogs' (004_57a3991b30581a3c.txt:668)"
    set:
      interventions.unpaid_work.supervisors.national: DOUBLED
"""


def yaml_text(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make(doubled=False):
    text = NATIONAL.read_text()
    lines = text.split("\n")
    assert lines[0].startswith("# Caseflow scenario"), lines[0]
    header = [
        "# Caseflow scenario: the unpaid work backlog carried into unification (26 June 2021),"
        + (" with Community Payback Supervisors doubled." if doubled else " Day-1 supervisors, and doubled as a variant."),
        "# GENERATED by scripts/make-intervention-scenarios.py from scenarios/national-day1.yaml: edit the script",
        "# and rerun rather than editing this file. docs/interventions.md explains the interventions figures;",
        "# docs/national-scenario.md the rest.",
    ]
    i = 0
    while lines[i].startswith("#"):
        i += 1
    body = "\n".join(lines[i:])
    name = "UPW backlog recovery" + (" (supervisors doubled)" if doubled else "")
    body = body.replace("  name: National Day 1\n", f"  name: {name}\n", 1)
    body = re.sub(r'  description: ".*"\n',
                  '  description: ' + yaml_text(
                      "The national Day-1 world (scenarios/national-day1.yaml) with unpaid work: about 5 million hours "
                      "outstanding on Day 1 and " + ("twice the Day-1 number of Community Payback Supervisors (HMIP's question)"
                                                      if doubled else "the Day-1 number of Community Payback Supervisors; variant doubled-supervisors has twice as many (HMIP's question)")
                      + ". How long does the backlog take to clear?") + "\n", body, count=1)
    entries = []
    for (aid, figure, source, quality, reasoning) in ASSUMPTIONS:
        if aid == "upw-supervisors" and doubled:
            figure = figure.replace(f"{SUPERVISORS} Community", f"{2 * SUPERVISORS} Community") \
                + f" (twice the Day-1 {SUPERVISORS}: HMIP's 'even if staff resource doubled')"
        entries.append(f"    - id: {aid}\n      figure: {yaml_text(figure)}\n      source: {yaml_text(source)}\n"
                       f"      quality: {quality}\n      reasoning: {yaml_text(reasoning)}")
    marker = "\nhorizon:\n"
    assert body.count(marker) == 1
    body = body.replace(marker, "\n" + "\n".join(entries) + "\n" + marker, 1)
    body = body.replace("replications: 5                         # [a:seed]",
                        "replications: 10                        # [a:seed] 10 for the crossing-time intervals", 1)
    body = re.sub(r"  levels: \[national, region, pdu\].*\n", "  levels: [national, region]       # PDU and team levels off: the question is national\n", body, count=1)
    body = re.sub(r"  wmt_snapshot: quarterly.*\n", "  wmt_snapshot: none\n", body, count=1)
    block = INTERVENTIONS.replace("SUPERVISORS", str(2 * SUPERVISORS if doubled else SUPERVISORS))
    if doubled:
        block = block.replace("# [a:upw-supervisors]\n    people_per", "# [a:upw-supervisors] doubled\n    people_per", 1)
    out = "\n".join(header) + "\n" + body.rstrip("\n") + "\n" + block
    if not doubled:
        out += VARIANTS.replace("DOUBLED", str(2 * SUPERVISORS))
    return out


SHEFFIELD_ASSUMPTIONS = [
    ("iv-upw",
     "unpaid work as in scenarios/upw-backlog-recovery.yaml (45% of community sentences, 40-300 hours), 8 supervisors with parties of 6 (pre-Covid size), 550 requirements outstanding on day 1",
     "assumptions upw-share, upw-hours, upw-timings, upw-supervisors, upw-backlog-size of scenarios/upw-backlog-recovery.yaml, scaled by sentences (28.19 / 3,347.4 a week)",
     "low",
     "A one-PDU illustration of the component. The national 700 supervisors scaled to Sheffield's share of sentences (28.19 / 3,347.4 a week) is 6; 8, with parties of 6, give it about 45% more effective places than hours ordered, so its day-1 backlog (the national 65,000 scaled) can clear within the two years; compare the national file."),
    ("iv-programmes",
     "accredited programmes for 8% of community sentences (19 sessions, twice a week, groups of 6 to 12), structured interventions for 10% of the rest (8 weekly sessions, groups of 4 to 8); 4 facilitators, each in 2 groups at once, 2 per group; 40 referrals waiting on day 1",
     "group size up to 12: 003_221d2dc672802ff6.txt:1574; facilitators deliver both: 003_221d2dc672802ff6.txt:1584; the rest: assumption",
     "low",
     "The seeds give no programme lengths, referral rates, readiness delays or facilitator numbers (seeds-digest section 6). Thinking Skills-like length; programme-ready after an exponential 6 weeks."),
    ("iv-services",
     "accommodation (15% of men, 25% of women referred; 55 places; 12 weeks), women's services (30% of women; 20 places; 16 weeks); no ETE provider in the region: 10% referred, covered by the practitioner at 6 hours over 12 weeks each",
     "Dynamic Framework lots: 003_221d2dc672802ff6.txt:1202-1217; 'no compliant bids for ETE in one region': 004_57a3991b30581a3c.txt:258; practitioners cover gaps: 004_57a3991b30581a3c.txt:412; figures: assumption",
     "low",
     "Referral rates, capacities and durations are not in the seeds. Which region lacked an ETE provider is not said; Yorkshire and the Humber is used for illustration only."),
    ("iv-levers",
     "2 more supervisors from 4 April 2022; groups of at most 10 from 3 October 2022; variant ete-provided gives the region an ETE provider with 20 places",
     "assumption",
     "low",
     "Examples of the interventions levers."),
]

SHEFFIELD_BLOCK = """
# Every part of the interventions component, for one PDU (docs/interventions.md).
interventions:
  unpaid_work:                                  # [a:iv-upw]
    share: 45%
    hours: { distribution: empirical, values: [40, 60, 80, 100, 120, 150, 200, 250, 300], weights: [10, 15, 20, 15, 12, 12, 10, 4, 2] }
    start_after: 10 working days
    completion_window: 12 months
    extension: { share: 90%, length: 6 months }
    supervisors: { B: 8 }
    people_per_supervisor: 6
    session_hours: 7
    days_per_week: 5
    weekly_hours: 7
    intensive: { share: 10%, weekly_hours: 28 }
    ete: { share: 20%, max_share_of_hours: 20% }
    stand_down_rate: 5%
    non_attendance_rate: 15%
    enforcement: { hours: 1, window: 30 days, breach_share: 10%, breach_hours: 4 }
    backlog:
      people: { B: 550 }
      hours: { distribution: gamma, shape: 2, scale: 38.5 }
      started_share: 60%
      past_window_share: 20%
      remaining: { distribution: uniform, lower: 0 months, upper: 12 months }
  programmes:                                   # [a:iv-programmes]
    facilitators: { B: 4 }
    groups_per_facilitator: 2
    facilitators_per_group: 2
    accredited:
      share: 8%
      ready_after: { distribution: exponential, mean: 6 weeks }
      sessions: 19
      sessions_per_week: 2
      group_size: 12
      minimum_group: 6
      dropout_per_session: 1%
      backlog: { people: { B: 40 }, remaining: { distribution: uniform, lower: 3 months, upper: 18 months } }
    structured:
      share: 10%
      ready_after: { distribution: uniform, lower: 2 weeks, upper: 8 weeks }
      sessions: 8
      sessions_per_week: 1
      group_size: 8
      minimum_group: 4
      dropout_per_session: 2%
  services:                                     # [a:iv-services]
    - name: accommodation
      referral_share: { male: 15%, female: 25% }
      capacity: { B: 55 }
      duration: { distribution: constant, value: 12 weeks }
    - name: womens_services
      referral_share: { female: 30% }
      capacity: { B: 20 }
      duration: { distribution: exponential, mean: 16 weeks }
    - name: ete
      referral_share: 10%
      missing: [B]
      duration: { distribution: constant, value: 12 weeks }
      cover: { hours: 6, over: 12 weeks }
  levers:                                       # [a:iv-levers]
    - { date: 2022-04-04, supervisors: { add: 2 } }
    - { date: 2022-10-03, group_size: 10 }

variants:                                       # [a:iv-services]
  - name: ete-provided
    description: "An ETE provider with 20 places instead of practitioners' cover"
    set: { "interventions.services[2].missing": [], "interventions.services[2].capacity": { B: 20 } }
"""


def make_sheffield():
    text = (ROOT / "scenarios" / "single-pdu.yaml").read_text()
    lines = text.split("\n")
    i = 0
    while lines[i].startswith("#"):
        i += 1
    body = "\n".join(lines[i:])
    header = [
        "# Caseflow scenario: one PDU (Sheffield) with unpaid work, programmes and commissioned services; 2 years.",
        "# GENERATED by scripts/make-intervention-scenarios.py from scenarios/single-pdu.yaml: edit the script",
        "# and rerun. docs/interventions.md explains the interventions figures.",
        "# [a:ID] marks the entry in metadata.assumptions that gives a figure's source.",
    ]
    body = body.replace("  name: Sheffield PDU\n", "  name: Sheffield PDU with interventions\n", 1)
    # single-pdu.yaml's own variants and sweep (and their assumption) are not carried over.
    body = re.sub(r"    - id: what-ifs\n(      .*\n)+?(?=    - id: )", "", body, count=1)
    body = re.sub(r"\nvariants:.*?\n(?=outputs:)", "\n", body, count=1, flags=re.S)
    body = re.sub(r'  description: ".*"\n', '  description: ' + yaml_text(
        "Sheffield (PDU 15) from Day 1, as scenarios/single-pdu.yaml, with every part of the interventions component: "
        "unpaid work with a day-1 backlog, accredited programmes and structured interventions, three commissioned "
        "service lots of which one (ETE) has no provider, and two interventions levers. Runs in seconds.") + "\n", body, count=1)
    entries = [f"    - id: {a}\n      figure: {yaml_text(f)}\n      source: {yaml_text(src)}\n      quality: {q}\n      reasoning: {yaml_text(r)}"
               for (a, f, src, q, r) in SHEFFIELD_ASSUMPTIONS]
    marker = "\nhorizon:\n"
    assert body.count(marker) == 1
    body = body.replace(marker, "\n" + "\n".join(entries) + "\n" + marker, 1)
    return "\n".join(header) + "\n" + body.rstrip("\n") + "\n" + SHEFFIELD_BLOCK


(ROOT / "scenarios" / "upw-backlog-recovery.yaml").write_text(make())
print("wrote scenarios/upw-backlog-recovery.yaml")
(ROOT / "scenarios" / "interventions-sheffield.yaml").write_text(make_sheffield())
print("wrote scenarios/interventions-sheffield.yaml")
