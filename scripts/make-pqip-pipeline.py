#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds scenarios/pqip-pipeline.yaml (and its half-intake variant) from the national scenario.

    python3 scripts/make-pqip-pipeline.py [--pdus PATH] [--out-dir DIR] [--two-files]

England and Wales from Day 1 (26 June 2021) for 5 years, as scenarios/national-day1.yaml
(scripts/make-national-scenario.py builds the organisation, demand, cases, Day-1 caseload and
staff; this script reuses it unchanged), with the workforce dynamics of docs/workforce.md:

  - the TOM's PQiP intake plan: 1,500 trainees a year from 2021/22 (003_221d2dc672802ff6.txt:2396,
    004_57a3991b30581a3c.txt:412, 004_57a3991b30581a3c.txt:514), three cohorts a year; the 1,160
    PQiPs in post on Day 1 (the 2020/21 intake of 1,000 and what is left of the 530) are part way
    through training;
  - WMT stage reductions 80/60/40% and a newly qualified year at 20% for 9 months
    (wmt-and-tiering.md §2c), protected caseloads by stage, withdrawal, late qualification;
  - PO establishment with the southern vacancy rates (004_57a3991b30581a3c.txt:246), external PO
    recruitment, PSO and SPO recruitment, the PSO→PO pathway in four regions (003:2408);
  - long-term sickness and the extra leave carried into 2021/22 (004_57a3991b30581a3c.txt:510);
  - the blended-caseload transition of former CRC staff (004_57a3991b30581a3c.txt:542);
  - the police uplift's demand growth (004_57a3991b30581a3c.txt:406).

It writes pqip-pipeline.yaml: the TOM's intake, with a `variants:` block holding the half-intake
variant (`workforce.pqip.intake_scale: 0.5`), so `caseflow sweep` runs both on common random
numbers. With --two-files it writes pqip-pipeline.yaml without the block and
pqip-pipeline-half-intake.yaml beside it, for Caseflow versions without variants. Every figure
is in the assumptions log with its source and quality.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_national():
    spec = importlib.util.spec_from_file_location("national", os.path.join(HERE, "make-national-scenario.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


nat = load_national()
MONTH = nat.MONTH

# ---------------------------------------------------------------------------
# Inputs (each with the id of its assumptions-log entry)

INTAKE_PER_YEAR = 1500                            # pqip-intakes  003:2396, 004:412
INTAKE_MONTHS = (7, 11, 3)                        # pqip-intake-dates: July, November, March
FIRST_FY, LAST_FY = 2021, 2025                    # financial years 2021/22 … 2025/26 (the horizon ends June 2026)
TRAINING_MONTHS = (15, 21)                        # pqip-training-length (equal shares)
STAGE1 = ("C, D", 10)                             # pqip-protected-caseload
STAGE2 = ("C, D", 15)
WITHDRAWAL = 0.10                                 # pqip-withdrawal
ON_TIME = 0.90                                    # pqip-completion
EXTENSION_MONTHS = 3
NQO_REDUCTION, NQO_MONTHS = 20, 9                 # nqo  (wmt-and-tiering.md §2c)
SUPERVISION_SPO, SUPERVISION_PO = 1.0, 1.0        # pqip-supervision (hours a week per trainee)
INTAKE_2020_21_START = dt.date(2020, 4, 1)        # pqip-in-post-elapsed
INTAKE_2020_21_END = dt.date(2021, 3, 31)
PO_VACANCY = {"south": 0.35, "other": 0.23}       # establishment  004:246 (and national po-vacancy-south)
PO_RECRUITMENT_WEEKS = 16                         # recruitment
OTHER_RECRUITMENT_WEEKS = nat.RECRUITMENT_WEEKS   # recruitment (as national replacement)
SICKNESS_DAYS = 5                                 # sickness
EXTRA_LEAVE_DAYS = 5                              # extra-leave 004:510
EXTRA_LEAVE_UNTIL = dt.date(2022, 3, 31)
FORMER_CRC = {"PO": 0.30, "PSO": 0.65}            # former-crc  004:112-114
BLENDED_UNTIL = dt.date(2022, 6, 25)              # blended-ramp (12 months; Wales took 4, 004:542)
WALES = "H"
PATHWAY_REGIONS = ["A", "B", "I", "K"]            # progression  003:2408 (which four: assumption)
PATHWAY_SHARE = 5                                 # % of PSOs a year
PATHWAY_START = dt.date(2021, 10, 1)
PATHWAY_TRAINING_MONTHS = 15
UPLIFT_TOTAL = 1.10                               # police-uplift  004:406 ("up to ten per cent")
UPLIFT_DATES = [dt.date(2021, 10, 1), dt.date(2022, 4, 1), dt.date(2022, 10, 1), dt.date(2023, 4, 1)]


def first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def intakes() -> list[tuple[dt.date, int]]:
    out = []
    per = INTAKE_PER_YEAR // len(INTAKE_MONTHS)
    for fy in range(FIRST_FY, LAST_FY + 1):
        for m in INTAKE_MONTHS:
            out.append((first_monday(fy + (1 if m < 4 else 0), m), per))
    return out


def in_post_elapsed(staff: dict) -> list[tuple[float, float]]:
    """Months into training of the PQiPs in post on Day 1, in monthly bins (midpoint, weight):
    the 2020/21 intake started evenly over the financial year; the trainees left of the 530 are
    spread evenly over the months after the national file's elapsed time (national pqip-in-post)."""
    pq = staff["pqip"]
    a = (nat.DAY1 - INTAKE_2020_21_END).days / MONTH
    b = (nat.DAY1 - INTAKE_2020_21_START).days / MONTH
    c, d = pq["elapsed_months"], nat.PQIP_PROGRAMME_MONTHS
    bins = []
    for m in range(int(math.floor(a)), int(math.ceil(d))):
        lo, hi = m, m + 1
        w = pq["intake"] * max(0.0, min(hi, b) - max(lo, a)) / (b - a)
        w += pq["legacy_remaining"] * max(0.0, min(hi, d) - max(lo, c)) / (d - c)
        if w > 0:
            bins.append((m + 0.5, round(w, 1)))
    return bins


def establishment(regions: list[dict]) -> dict:
    """PO posts by PDU: POs in post / (1 − the region's vacancy rate)."""
    out = {}
    for reg in regions:
        v = PO_VACANCY["south"] if reg["code"] in nat.SOUTHERN_REGIONS else PO_VACANCY["other"]
        for p in reg["pdus"]:
            out[p["number"]] = int(round(p["staff"]["PO"] / (1 - v)))
    return out


class PipelineLog(nat.Log):
    """The national log with some entries replaced or dropped and the pipeline's appended."""

    replace: dict = {}
    drop: set = set()
    extra: list = []

    def add(self, id, figure, source, quality, reasoning):
        if id in self.drop:
            return id
        if id in self.replace:
            figure, source, quality, reasoning = self.replace[id]
        return super().add(id, figure, source, quality, reasoning)

    def yaml(self, indent: str = "    ") -> list[str]:
        for e in self.extra:
            if all(x["id"] != e[0] for x in self.entries):
                super().add(*e)
        return super().yaml(indent)


def pipeline_log(staff: dict, regions: list[dict], est: dict) -> None:
    s = staff
    n_po = s["n_po"]
    posts = sum(est.values())
    vacant = posts - n_po
    leavers = nat.LEAVING["PO"] / 100 * n_po
    success = leavers / 12 / vacant
    spo = s["n_spo"]
    intake_list = intakes()
    PipelineLog.success = round(success, 3)
    PipelineLog.replace = {
        "pqip-reduction": (
            "PQiPs' hours are reduced by the WMT's stage allowances (pqip-stages), not by a fixed 22.2 hours",
            "HMPPS reference: reduction reasons 'PQiP first 6 months' 80%, '6-12 months' 60%, '12-18 months' 40% "
            "(wmt-and-tiering.md §2c)", "high",
            "grades.PQiP.reduction_hours is 0: the national file's 60% stand-in gives way to the stage of each "
            "trainee."),
        "leaving-rates": (
            "leavers a year: PO 9%, PSO 12%, SPO 6%; trainees leave by withdrawal (pqip-withdrawal)",
            "assumption", "low",
            "As the national file (turnover is not in the seeds, seeds-digest §6), except that the PQiP rate "
            "gives way to the withdrawal share of each cohort. A newly qualified officer leaves at the PO rate."),
        "replacement": (
            f"leavers' posts are filled by recruitment against the establishment: PSOs and SPOs "
            f"{OTHER_RECRUITMENT_WEEKS} weeks after the monthly round, every round filling every vacancy",
            "assumption", "low",
            "As the national file's replacement after 16 weeks, but through the establishment, so that a PSO "
            "who moves onto the PO pathway (progression) is replaced too."),
        "no-seasonality": (
            "no monthly pattern in sentencing; no underlying growth (the police uplift is a lever, police-uplift)",
            "assumption", "medium",
            "As the national file; the demand growth from the police uplift is added as levers."),
        "po-vacancy-south": (
            f"Kent Surrey & Sussex, South Central, South West and London have {1 - nat.SOUTHERN_PO_FACTOR:.0%} "
            "fewer POs than their population share; the other regions share the difference",
            "004_57a3991b30581a3c.txt:246 (size and regions: assumption)", "low",
            "As the national file. Here the vacancy itself is in the file too: see establishment."),
        "seed": (
            "random seed 20210626 (Day 1's date), 5 replications; the half-intake variant shares the seed",
            "assumption", "high",
            "A fixed seed makes runs reproducible; the two intake plans use common random numbers, so their "
            "replication-by-replication differences are paired (caseflow compare)."),
    }
    month_list = ", ".join(dt.date(2000, m, 1).strftime("%B") for m in INTAKE_MONTHS)
    elapsed = in_post_elapsed(staff)
    PipelineLog.extra = [
        ("pqip-intakes",
         f"{INTAKE_PER_YEAR:,} trainees a year from 2021/22 to 2025/26 ({len(intake_list)} cohorts of "
         f"{intake_list[0][1]}, {len(intake_list) * intake_list[0][1]:,} in all); split over regions, PDUs "
         "and teams in proportion to practitioners in post",
         "003_221d2dc672802ff6.txt:2396; 004_57a3991b30581a3c.txt:412; 004_57a3991b30581a3c.txt:514", "high",
         "TOM: 'in the following financial year (2021/22), we will increase our recruitment even further to "
         "1,500 trainee probation staff'; HMIP: 'the additional 1,500 PQiP staff being recruited each year "
         "from 2021/2022'. The 2020/21 intake of 1,000 started before Day 1 and is in pqip-in-post. The "
         "regional split is the model's default (proportional to staff); the seeds give none. The half-intake "
         "variant sets intake_scale 0.5."),
        ("pqip-intake-dates",
         f"three cohorts a year, starting on the first Monday of {month_list}",
         "assumption", "low",
         "The seeds give no intake dates; HMPPS has run several PQiP starts a year. Three equal cohorts place "
         "every 2021/22 trainee after Day 1 (the first on 5 July 2021)."),
        ("pqip-training-length",
         f"training lasts {TRAINING_MONTHS[0]} or {TRAINING_MONTHS[1]} months, each for half the trainees "
         "(mean 18 months)",
         "HMPPS recruitment pages (prisonandprobationjobs.gov.uk, 'Probation officer training (PQiP)': '15 or 21 "
         "months to complete'); the equal split: assumption", "medium",
         "The seeds give no length (seeds-digest §6). The route depends on prior study (level 5 modules). An "
         "even split makes the mean 18 months, the length the WMT's three 6-month reduction bands cover and "
         "the national file's pqip-in-post assumes."),
        ("pqip-stages",
         "stage reductions of contracted hours: 80% in months 0-6, 60% in months 6-12, 40% from month 12 to "
         "qualification (stage 3 runs on to 21 months on the long route)",
         "HMPPS reference: hmpps-workload reduction reasons (wmt-and-tiering.md §2c)", "high",
         "The WMT's allowances for trainees, each for 6 months. The WMT lists no allowance after 18 months; "
         "the 40% is taken to last to qualification on the 21-month route (the allowance's expiry is a "
         "default that managers extend)."),
        ("pqip-protected-caseload",
         f"protected caseloads: stage 1 risk {STAGE1[0]}, at most {STAGE1[1]} cases; stage 2 risk {STAGE2[0]}, "
         f"at most {STAGE2[1]}; stage 3 as the PQiP grade (risk B-D, at most 20)",
         "004_57a3991b30581a3c.txt:202 (protected caseloads exist); sizes and tiers: assumption", "low",
         "HMIP: trainees and newly qualified officers have 'protected caseloads and limited capacity', which "
         "pushes work onto SPOs and experienced POs. The seeds give no sizes (seeds-digest §6): trainees start "
         "with lower-risk cases and build up to the national file's PQiP rule in their last stage."),
        ("pqip-withdrawal",
         f"{WITHDRAWAL:.0%} of trainees withdraw before qualifying, at a constant hazard over their training",
         "assumption", "low",
         "Not in the seeds. The national file assumed 5% had left the 2020/21 intake within its first year; "
         "over a whole programme 10% is taken. Withdrawn trainees leave the service and are not replaced."),
        ("pqip-completion",
         f"{ON_TIME:.0%} of those who reach the end of training qualify then; the rest {EXTENSION_MONTHS} months "
         "later (still in stage 3)",
         "assumption", "low",
         "Not in the seeds: a small share of trainees take longer (resubmissions, absence)."),
        ("nqo",
         f"newly qualified officers: {NQO_REDUCTION}% of contracted hours reduced for {NQO_MONTHS} months, then "
         "an ordinary PO; they may hold any tier a PO may",
         "HMPPS reference: reduction reason 'newly qualified PO' 20% for 9 months (wmt-and-tiering.md §2c)",
         "high",
         "The WMT's allowance. HMIP's 'protected caseloads' (004_57a3991b30581a3c.txt:202) are taken to be the "
         "reduction itself; the PO grade's cap (none) applies."),
        ("beyond-establishment",
         "a trainee who qualifies when every PO post in their region is filled takes a PO post outside the "
         "modelled teams (prisons, courts, other regions) and leaves the model",
         "assumption (posts: establishment)", "low",
         "Trainees are recruited to fill PO vacancies ('sufficient qualified probation officers need to be in "
         "place', 004_57a3991b30581a3c.txt:246). The modelled teams are community sentence management only, "
         "about half the 16,333 staff (staff-totals); newly qualified POs are also needed in prisons (OMiC), "
         "courts and specialist teams, which the model leaves out. So community PO numbers are capped at the "
         "funded posts rather than growing without limit; qualified_posted_elsewhere counts the others."),
        ("pqip-in-post-elapsed",
         "the PQiPs in post on Day 1 are " + ", ".join(f"{w:g} at {m:g}" for m, w in elapsed) +
         " months into training",
         "derived from pqip-in-post: the 2020/21 intake started evenly from April 2020 to March 2021 "
         "(004_57a3991b30581a3c.txt:514); the trainees left of the 530 evenly over the rest of an 18-month "
         "programme", "medium",
         "Monthly bins (midpoints). A trainee further in than their drawn route length is on the 21-month "
         "route. The 1,160 total is the national file's."),
        ("pqip-supervision",
         f"each trainee in training takes {SUPERVISION_SPO:g} hour a week of an SPO's or practice tutor's time "
         f"and {SUPERVISION_PO:g} hour a week of the experienced POs' in their team (shared equally; a "
         "reduction of those POs' hours)",
         "004_57a3991b30581a3c.txt:202, 004_57a3991b30581a3c.txt:246, 004_57a3991b30581a3c.txt:516 (the burden "
         "exists); hours: assumption", "low",
         "HMIP: the impact of trainees' needs 'will fall on senior probation officers (SPOs) and more "
         "experienced probation officers'; 'a balance to be struck between the number of PQiPs ... and the "
         "necessary infrastructure, including managers and assessors'. No hours in the seeds. trainees_per_spo "
         f"shows the load on the {spo:,} SPOs."),
        ("establishment",
         f"PO establishment = POs in post / (1 - vacancy rate): {PO_VACANCY['south']:.0%} in the southern regions "
         f"(E, F, G, L), {PO_VACANCY['other']:.0%} elsewhere: {posts:,} PO posts for {n_po:,} POs "
         f"({vacant:,} vacant, {vacant / posts:.0%}); PSOs and SPOs as staffed",
         "004_57a3991b30581a3c.txt:246 ('as high as 35 per cent', 'most acute in southern regions'); the other "
         "regions' rate: assumption (national po-vacancy-south)", "low",
         "The national file's southern PO shortfall (po-vacancy-south) is read as vacancy against an "
         "establishment: 35% in the south, 23% elsewhere (the rates that make southern POs in post 85% of the "
         "others'). Qualified trainees fill PO posts; beyond the establishment they are over establishment "
         "(negative vacancies)."),
        ("recruitment",
         f"qualified POs are recruited against vacancies in monthly rounds: {success:.1%} of open PO posts a "
         f"round, starting {PO_RECRUITMENT_WEEKS} weeks later",
         "assumption (calibrated to leaving-rates and establishment)", "low",
         f"Qualified POs are scarce: HMIP expects the vacancy problem 'to continue to remain a challenge' "
         f"(004_57a3991b30581a3c.txt:246). The rate is set so that, at the Day-1 vacancies ({vacant:,}), external "
         f"recruits match PO leavers ({nat.LEAVING['PO']}% of {n_po:,} = {leavers:.0f} a year): without trainees "
         "the PO vacancy rate would hold."),
        ("progression",
         f"PSO to PO pathway: {PATHWAY_SHARE}% of PSOs a year in four regions ({', '.join(PATHWAY_REGIONS)}) start "
         f"PQiP training on the {PATHWAY_TRAINING_MONTHS}-month route, in two rounds a year from "
         f"{PATHWAY_START:%d %B %Y}",
         "003_221d2dc672802ff6.txt:2408 ('piloting an accelerated progression pathway from Probation Service "
         "Officer to Probation Officer in four regions'); 004_57a3991b30581a3c.txt:530; regions, share, timing: "
         "assumption", "low",
         "The seeds do not name the four regions or give volumes. The pathway is a route into PO training, so "
         "those moving start PQiP stage 1 (a transfer between grades) and their PSO posts are recruited to. "
         "Experienced PSOs are taken to be on the shorter route."),
        ("sickness",
         f"long-term sickness takes {SICKNESS_DAYS} working days a year per practitioner "
         f"({SICKNESS_DAYS / (365.25 * 5 / 7 - 8):.1%} of hours), a reduction of hours as the WMT records it",
         "assumption (rule: hmpps-workload reduction reason 'long-term sickness' 100%, wmt-and-tiering.md §2c)",
         "low",
         "The WMT counts long-term sickness as a reduction while it lasts; short absences and ordinary annual "
         "leave are not reductions (the nominal target allows for them), so only long-term sickness is "
         "modelled, as an expected loss spread evenly. The seeds give no sickness figures (seeds-digest §6). "
         "It raises Day-1 capacity by about 2 points, within the public 117-120% (capacity-target)."),
        ("extra-leave",
         f"the extra leave carried into 2021/22: {EXTRA_LEAVE_DAYS} days per practitioner taken between Day 1 "
         f"and {EXTRA_LEAVE_UNTIL:%d %B %Y}, spread evenly over the working days",
         "004_57a3991b30581a3c.txt:510 (carry-over of double the usual leave, up to 20 days); days taken "
         "after Day 1: assumption", "low",
         "Staff could carry over double the usual amount, up to 20 days, so up to about 10 days more than "
         "usual. Not all staff carried the maximum and some was taken before Day 1: 5 extra days each after "
         "Day 1 is taken. Ordinary leave is in the nominal target; this extra leave is not."),
        ("former-crc",
         f"former CRC practitioners: {FORMER_CRC['PO']:.0%} of POs and {FORMER_CRC['PSO']:.0%} of PSOs in post on "
         "Day 1 outside Wales",
         "004_57a3991b30581a3c.txt:112-114 (7,500 CRC FTE of 16,333; 112,723 of 223,000 cases from CRCs); "
         "shares: assumption", "low",
         "About half the caseload came from CRCs, all of it low or medium risk of harm "
         "(003_221d2dc672802ff6.txt:2075). CRC case managers were mostly PSO grade; with these shares the "
         "former CRC staff hold about half the C/D caseload on Day 1. Wales's CRC staff joined the NPS in "
         "December 2019 and had blended caseloads within four months (004_57a3991b30581a3c.txt:542), so none "
         "are restricted there."),
        ("blended-ramp",
         f"blended caseloads: until their own date, former CRC practitioners hold only risk C and D; the dates "
         f"are spread evenly from Day 1 to {BLENDED_UNTIL:%d %B %Y}",
         "004_57a3991b30581a3c.txt:202 (staff to be trained for higher risk first); 004_57a3991b30581a3c.txt:542 "
         "(Wales took four months; England 'will take many months'); 12 months: assumption", "low",
         "On Day 1 practitioners keep their caseloads and ex-CRC staff manage low and medium risk until trained; "
         "England's transition is larger than Wales's four months."),
        ("police-uplift",
         f"sentence inflow rises {UPLIFT_TOTAL - 1:.0%} by April 2023 in four equal steps "
         f"({', '.join(f'{d:%d %b %Y}' for d in UPLIFT_DATES)})",
         "004_57a3991b30581a3c.txt:406 ('could increase probation caseloads by up to ten per cent'); timing: "
         "assumption", "low",
         "20,000 more police officers 'by 2023' raise convictions; HMIP's upper figure is used, phased over the "
         "uplift's last 18 months. The caseload follows the inflow with the lengths of orders and licences."),
        ("pipeline-outputs",
         "weekly outputs at national and region level; the WMT snapshot at the end only",
         "assumption", "high",
         "Regional planners read regions; PDU series of every workforce metric over 5 years and 5 replications "
         "would make the run directory very large."),
    ]
    PipelineLog.drop = set()


def transform(text: str, regions: list[dict], staff: dict, est: dict, scale: float, variants_block: bool) -> str:
    """The national file's text turned into the pipeline's."""
    lines = text.split("\n")
    out = []
    pdu_number = None
    i = 0

    def expect(old: str, new: list[str]) -> None:
        nonlocal i
        assert lines[i] == old, (i, lines[i], old)
        out.extend(new)
        i += 1

    while i < len(lines):
        line = lines[i]
        if line.startswith("# Caseflow scenario: England and Wales from Day 1"):
            out.append("# Caseflow scenario: the PQiP pipeline, England and Wales from Day 1 (26 June 2021) to June 2026.")
            i += 1
            continue
        if line.startswith("# GENERATED by scripts/make-national-scenario.py"):
            out.append("# GENERATED by scripts/make-pqip-pipeline.py (on top of scripts/make-national-scenario.py): edit")
            out.append("# the scripts and rerun rather than editing this file. docs/workforce.md explains the workforce model.")
            i += 2  # the next line continues the national sentence
            continue
        if line == "  name: National Day 1":
            name = "PQiP pipeline" + (" (half intake)" if scale != 1 else "")
            out.append(f"  name: {name}")
            desc = ("England and Wales from Day 1 for five years with the TOM's PQiP intake plan "
                    "(1,500 trainees a year from 2021/22)" + (", halved" if scale != 1 else "") +
                    ": trainees through the WMT's stage reductions to qualification, PO vacancies against an "
                    "establishment, recruitment, the PSO to PO pathway, sickness and the extra 2021/22 leave, "
                    "blended caseloads and the police uplift; otherwise as National Day 1.")
            out.append("  description: " + nat.q(desc))
            i += 2
            continue
        if line.startswith("  PQiP: { holds_cases: true"):
            out.append(line.replace(f"reduction_hours: {nat.PQIP_REDUCTION_HOURS}", "reduction_hours: 0"))
            i += 1
            continue
        if line.startswith("grades:"):
            out.append(line.replace("[a:pqip-reduction]", "[a:pqip-reduction] [a:pqip-stages]"))
            i += 1
            continue
        if line.startswith("        - number: "):
            pdu_number = int(line.split(":")[1])
        if line.startswith("          staff: { PO: ") and pdu_number is not None:
            out.append(line)
            out.append(f"          establishment: {{ PO: {est[pdu_number]} }}   # [a:establishment]")
            i += 1
            continue
        if line == "workforce:":
            # The national workforce block: four lines.
            i += 4
            out.extend(workforce_lines(staff, scale))
            continue
        if line.startswith("# No levers: this is the baseline."):
            out.extend(lever_lines())
            i += 1
            continue
        if line.startswith("  levels: [national, region, pdu]"):
            out.append("  levels: [national, region]          # [a:pipeline-outputs]")
            i += 1
            continue
        if line == "  wmt_snapshot: quarterly":
            out.append("  wmt_snapshot: final                 # [a:pipeline-outputs]")
            i += 1
            continue
        out.append(line)
        i += 1
    text = "\n".join(out)
    if variants_block:
        text = text.rstrip("\n") + "\n\n" + "\n".join(variant_lines()) + "\n"
    return text


def workforce_lines(staff: dict, scale: float) -> list[str]:
    rates = ", ".join(f"{g}: {v}%" for g, v in nat.LEAVING.items() if g != "PQiP")
    success = PipelineLog.success
    L = [
        "workforce:",
        f"  leaving_rate_per_year: {{ {rates} }}   # [a:leaving-rates]",
        "  replace_leavers: true               # [a:replacement] (grades not recruited below)",
        f"  recruitment_lead_time: {nat.RECRUITMENT_WEEKS} weeks",
        "  recruitment:                        # against the establishment, monthly rounds",
        f"    PO:  {{ lead_time: {PO_RECRUITMENT_WEEKS} weeks, success: {success} }}   # [a:recruitment] [a:establishment]",
        f"    PSO: {{ lead_time: {OTHER_RECRUITMENT_WEEKS} weeks, success: 1 }}   # [a:replacement]",
        f"    SPO: {{ lead_time: {OTHER_RECRUITMENT_WEEKS} weeks, success: 1 }}   # [a:replacement]",
        f"  absence: {{ sickness_days_per_year: {SICKNESS_DAYS} }}   # [a:sickness]",
        "  pqip:",
        f"    training_length: {{ distribution: empirical, values: [{TRAINING_MONTHS[0]} months, {TRAINING_MONTHS[1]} months] }}   # [a:pqip-training-length]",
        "    stage_length: 6 months             # [a:pqip-stages]",
        "    stage_reductions: [80%, 60%, 40%]   # [a:pqip-stages]",
        "    protected_caseload:                # [a:pqip-protected-caseload]",
        f"      stage1: {{ risk: [{STAGE1[0]}], max_cases: {STAGE1[1]} }}",
        f"      stage2: {{ risk: [{STAGE2[0]}], max_cases: {STAGE2[1]} }}",
        f"    withdrawal: {WITHDRAWAL:.0%}                    # [a:pqip-withdrawal]",
        f"    on_time: {ON_TIME:.0%}                       # [a:pqip-completion]",
        f"    extension: {EXTENSION_MONTHS} months                # [a:pqip-completion]",
        f"    nqo: {{ reduction: {NQO_REDUCTION}%, length: {NQO_MONTHS} months }}   # [a:nqo]",
        "    beyond_establishment: leave         # [a:beyond-establishment]",
    ]
    elapsed = in_post_elapsed(staff)
    L.append("    in_post_elapsed:                   # [a:pqip-in-post-elapsed] [a:pqip-in-post]")
    L.append("      distribution: empirical")
    L.append("      values: [" + ", ".join(f"{m:g} months" for m, _ in elapsed) + "]")
    L.append("      weights: [" + ", ".join(f"{w:g}" for _, w in elapsed) + "]")
    L.append(f"    supervision: {{ spo_hours_per_week: {SUPERVISION_SPO:g}, po_hours_per_week: {SUPERVISION_PO:g} }}   # [a:pqip-supervision]")
    L.append(f"    intake_scale: {scale:g}                    # [a:pqip-intakes]" + (" half the TOM's intake" if scale != 1 else ""))
    L.append("    intakes:                           # [a:pqip-intakes] [a:pqip-intake-dates]")
    for d, size in intakes():
        L.append(f"      - {{ date: {d.isoformat()}, size: {size} }}")
    L.append("  progression:                        # [a:progression]")
    L.append(f"    share_per_year: {PATHWAY_SHARE}%")
    L.append(f"    regions: [{', '.join(PATHWAY_REGIONS)}]")
    L.append(f"    start: {PATHWAY_START.isoformat()}")
    L.append("    rounds_per_year: 2")
    L.append(f"    training_length: {PATHWAY_TRAINING_MONTHS} months")
    L.append("  blended_caseloads:                  # [a:former-crc] [a:blended-ramp]")
    L.append(f"    former_crc: {{ PO: {FORMER_CRC['PO']:.0%}, PSO: {FORMER_CRC['PSO']:.0%} }}")
    L.append(f"    regions: {{ {WALES}: {{ PO: 0, PSO: 0 }} }}          # Wales: blended since 2020")
    L.append("    restricted_risk: [C, D]")
    L.append(f"    from: {nat.DAY1.isoformat()}")
    L.append(f"    until: {BLENDED_UNTIL.isoformat()}")
    return L


def lever_lines() -> list[str]:
    step = UPLIFT_TOTAL ** (1 / len(UPLIFT_DATES))
    L = ["levers:"]
    L.append(f"  - {{ date: {nat.DAY1.isoformat()}, leave: {{ extra_days: {EXTRA_LEAVE_DAYS}, "
             f"until: {EXTRA_LEAVE_UNTIL.isoformat()} }} }}   # [a:extra-leave]")
    for d in UPLIFT_DATES:
        L.append(f"  - {{ date: {d.isoformat()}, inflow: {{ scale: {step:.4f} }} }}   # [a:police-uplift]")
    return L


def variant_lines() -> list[str]:
    return [
        "variants:                            # [a:pqip-intakes]",
        "  - name: half-intake",
        "    description: \"The TOM's PQiP intake halved: 750 trainees a year from 2021/22.\"",
        "    set: { \"workforce.pqip.intake_scale\": 0.5 }",
        "  - name: stay-beyond-establishment      # [a:beyond-establishment] sensitivity",
        "    description: \"The TOM's intake, every qualifier staying in their team even beyond the funded PO posts.\"",
        "    set: { \"workforce.pqip.beyond_establishment\": stay }",
        "  - name: half-intake-stay-beyond-establishment",
        "    description: \"Half the intake, every qualifier staying in their team even beyond the funded PO posts.\"",
        "    set: { \"workforce.pqip.intake_scale\": 0.5, \"workforce.pqip.beyond_establishment\": stay }",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pdus", default=os.path.join(ROOT, "..", "shared", "data", "pdus.csv"))
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "scenarios"))
    ap.add_argument("--two-files", action="store_true",
                    help="write the half intake as a second file instead of a variants: block")
    args = ap.parse_args()

    regions = nat.read_pdus(args.pdus)
    flows = nat.calibrate_flows()
    tiers = nat.stock_tier_mix()
    staff = nat.size_staff(flows, tiers)
    nat.split_staff(regions, staff)
    staff["n_spo"] = sum(r["SPO"] for r in regions)
    staff["alloc"] = nat.simulate_day1_allocation(regions, flows, tiers)
    est = establishment(regions)
    pipeline_log(staff, regions, est)

    nat.Log = PipelineLog
    base = nat.national_yaml(regions, flows, tiers, staff)
    files = {}
    if not args.two_files:
        files["pqip-pipeline.yaml"] = transform(base, regions, staff, est, 1.0, True)
    else:
        files["pqip-pipeline.yaml"] = transform(base, regions, staff, est, 1.0, False)
        files["pqip-pipeline-half-intake.yaml"] = transform(base, regions, staff, est, 0.5, False)
    os.makedirs(args.out_dir, exist_ok=True)
    bad = False
    for name, text in files.items():
        path = os.path.join(args.out_dir, name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(nat.align_comments(text))
        problems = nat.verify(path)
        for pr in problems:
            print(f"{name}: {pr}", file=sys.stderr)
        bad = bad or bool(problems)
    if bad:
        sys.exit(1)
    vacant = sum(est.values()) - staff["n_po"]
    print(f"PO posts {sum(est.values()):,} for {staff['n_po']:,} POs: {vacant:,} vacant; "
          f"recruitment success {PipelineLog.success} a round")
    print("wrote " + ", ".join(os.path.join(args.out_dir, k) for k in files))


if __name__ == "__main__":
    main()
