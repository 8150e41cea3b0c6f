#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds Caseflow's shipped scenario files from the seeds and stated assumptions.

    python3 scripts/make-national-scenario.py [--pdus PATH] [--out-dir DIR] [--check]

Writes, in DIR (default: scenarios/ in the repository):

  national-day1.yaml  England and Wales from Day 1 (26 June 2021): 12 regions, 108 PDUs,
                      223,000 cases, staff by PDU, HMPPS's default WMT points.
  single-pdu.yaml     Sheffield (PDU 15) alone, explicit teams, two levers, 2 years.
  toy-team.yaml       One region, one PDU, one team of six practitioners, 1 year.

The PDU list is read from PATH (default ../shared/data/pdus.csv relative to the
repository root, i.e. the shared data beside the worktree). The YAML written is
self-contained: it does not refer to the CSV.

How the numbers are made (docs/national-scenario.md has the full account):

 1. Little's law. Each new sentence spends an expected time E on the community
    caseload: community orders their length; custody cases their time in the
    pre-release window (all of the time to serve when it is under 10 months,
    otherwise the 7.5-month handover window, 15 months for the early-allocation
    share) plus their licence. The inflow that keeps 223,000 cases open in steady
    state is 223,000 / E. E is computed by numerical integration (scipy.quad).
 2. Day-1 type shares = the steady-state shares that inflow produces.
 3. Day-1 tier mix by type = the steady-state stock mix: a Monte Carlo of case
    journeys with tier changes at the scenario's rate, time-weighted by type.
 4. WMT points: Day-1 stock × mean points per case (HMPPS default table) plus
    court reports inside their 30-day window. Staff are sized so that national
    capacity (points / available points) is the target on Day 1.
 5. PDU split: regions by resident population, equal within a region; southern
    regions get a PO shortfall (HMIP: PO vacancies up to 35%, worst in the south).

`--check` also runs a fast Monte Carlo of the national caseload over the
5-year horizon with the model's own rules (stock with residual lives, Poisson
inflow) and prints the band it stays in.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import re
import sys
from collections import OrderedDict

import numpy as np
from scipy import integrate, stats

# ---------------------------------------------------------------------------
# Units (the scenario format's: a month is 365.25/12 days, a year 365.25 days)

DAY = 1.0
MONTH = 365.25 / 12
YEAR = 365.25
WEEK = 7.0

# ---------------------------------------------------------------------------
# Inputs. Each carries the id of its entry in the assumptions log.

DAY1 = dt.date(2021, 6, 26)                   # day1-date
DAY1_CASELOAD = 223_000                       # day1-caseload   004:113
CRC_CASELOAD = 112_723                        # crc-caseload    004:114
SENTENCES_2018 = 212_994                      # court-output-2018 003:562
PSRS_2018 = 113_228                           # psrs-2018       003:562
WORKFORCE_TOTAL = 16_333                      # workforce-total 004:110

CUSTODY_SHARE = 0.36                          # custody-share: replaced in main() by custody_share_from_releases()
RELEASES_APR_JUN_2021 = 11_623                # custody-share: OMSQ releases from custody, April to June 2021
RELEASES_QUARTER_DAYS = 91                    # 1 April to 30 June 2021
COMMUNITY_LENGTH = ("lognormal", 13.0, 7.0)   # community-length  (mean, sd) months
TIME_TO_SERVE = ("lognormal", 7.0, 10.0)      # custody-time-to-serve (mean, sd) months
LICENCE_LENGTH = ("gamma", 6.0, 2.5)          # licence-length (shape, scale months)
SHORT_THRESHOLD_MONTHS = 10.0                 # short-sentence-threshold 003:1009
HANDOVER_MONTHS = 7.5                         # handover 003:801
EARLY_SHARE = 0.02                            # early-allocation
EARLY_HANDOVER_MONTHS = 15.0                  # early-allocation 003:801
TIER_CHANGES_PER_YEAR = 0.25                  # tier-changes
ESCALATION_SHARE = 0.5                        # tier-changes
YOUNG_ADULT_SHARE = 0.0                       # t2a
FEMALE_SHARE = 0.15                           # female-share

FAST_REPORT_SHARE = 0.85                      # fast-report-share
REPORT_WINDOW_DAYS = 30                       # report-window (HMPPS WMT)

# Tier mix at sentence: risk-of-harm letter shares x complexity digit shares
# (independent within a case type).                                      tier-mix-*
RISK = {
    "community": {"A": 0.015, "B": 0.22, "C": 0.49, "D": 0.275},
    "custody":   {"A": 0.03,  "B": 0.35, "C": 0.44, "D": 0.18},
}
COMPLEXITY = {  # digit -> share
    "community": {3: 0.12, 2: 0.30, 1: 0.28, 0: 0.30},
    "custody":   {3: 0.25, 2: 0.45, 1: 0.30, 0: 0.00},
}

# HMPPS default WMT weightings (hmpps-workload V1_1__SEED_REF_DATA.sql,
# shared/reference/wmt-and-tiering.md §2c), columns A3..D0.
TIERS = ["A3", "A2", "A1", "A0", "B3", "B2", "B1", "B0",
         "C3", "C2", "C1", "C0", "D3", "D2", "D1", "D0"]
POINTS = {
    "community": [206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41, 29, 29],
    "custody":   [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0],
    "licence":   [219, 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0],
}
SDR_POINTS = 138
FDR_POINTS = 65
NOMINAL_TARGET = 2176          # PO (and PSO, PQiP) nominal target at 37 hours
DEFAULT_HOURS = 37.0
PQIP_REDUCTION_HOURS = 22.2    # 60% of 37 h: HMPPS reduction "PQiP 6-12 months" 60%

# Staff.
CAPACITY_TARGET = 1.16         # capacity-target: Day-1 national capacity incl. reports
PQIP_INTAKE_2020_21 = 1000     # 004:514, 003:2396
PQIP_ALREADY_TRAINING = 530    # 004:514 (at the strategy of 30 July 2020)
PQIP_STRATEGY_DATE = dt.date(2020, 7, 30)
PQIP_PROGRAMME_MONTHS = 18.0   # pqip-in-post (assumption)
PQIP_TRAINING_ATTRITION = 0.05 # pqip-in-post (assumption)
PO_SHARE_OF_QUALIFIED = 0.60   # po-pso-split: replaced in size_staff() by the published band split below
BAND4_FTE_SEP_2021 = 4_371 - 84          # po-pso-split: HMPPS workforce quarterly, Sep 2022 (4,371, "+84 since 30 Sep 2021")
BAND3_FTE_SEP_2021 = 6_374 - 641         # po-pso-split: (6,374 band 3 incl. trainees, "+641 since 30 Sep 2021")
BAND4_FTE_JUN_2022 = 4_371 + 170         # establishment: (4,371, "a decrease of 170 since 30 June 2022"): the band 4 peak
TEAM_SIZE = 10                 # team-size
LEAVING = {"PO": 7.4, "PSO": 11.8, "PQiP": 8, "SPO": 6}   # leaving-rates, % a year (PO, PSO: HMPPS workforce quarterly)
RECRUITMENT_WEEKS = 16         # recruitment-lead-time
ALLOCATION_CAP = 150           # allocation-cap, %

# Regions: resident population (millions, mid-2020, rounded; police-force areas
# making up each probation region). Assumption: regional demand and staff
# follow population; PDUs equal within a region.                          pdu-split
REGION_POPULATION_M = {
    "A": 2.68,   # Northumbria, Durham, Cleveland
    "B": 5.53,   # West, South and North Yorkshire, Humberside
    "C": 4.09,   # Nottinghamshire, Derbyshire, Leicestershire (with Rutland), Lincolnshire
    "D": 7.02,   # Essex, Suffolk, Norfolk, Hertfordshire, Bedfordshire, Cambridgeshire, Northamptonshire
    "E": 4.78,   # Kent, Surrey, Sussex
    "F": 4.43,   # Hampshire and the Isle of Wight, Thames Valley
    "G": 5.66,   # Avon and Somerset, Devon and Cornwall, Dorset, Gloucestershire, Wiltshire
    "H": 3.17,   # Wales
    "I": 5.96,   # West Midlands, Staffordshire, Warwickshire, West Mercia
    "J": 2.84,   # Greater Manchester
    "K": 4.53,   # Cheshire, Merseyside, Lancashire, Cumbria
    "L": 9.00,   # Metropolitan and City of London
}
SOUTHERN_REGIONS = ["E", "F", "G", "L"]     # po-vacancy-south
SOUTHERN_PO_FACTOR = 0.85                   # po-vacancy-south

SEED = 20210626
MC_SEED = 7

# ---------------------------------------------------------------------------
# Distributions (lengths in days)


def lognormal_params(mean: float, sd: float) -> tuple[float, float]:
    s2 = math.log(1 + (sd / mean) ** 2)
    return math.log(mean) - s2 / 2, math.sqrt(s2)


def frozen(spec) -> stats.rv_continuous:
    kind, a, b = spec
    if kind == "lognormal":
        mu, sigma = lognormal_params(a * MONTH, b * MONTH)
        return stats.lognorm(s=sigma, scale=math.exp(mu))
    if kind == "gamma":
        return stats.gamma(a, scale=b * MONTH)
    raise ValueError(kind)


def sample(spec, rng: np.random.Generator, n: int) -> np.ndarray:
    kind, a, b = spec
    if kind == "lognormal":
        mu, sigma = lognormal_params(a * MONTH, b * MONTH)
        return rng.lognormal(mu, sigma, n)
    if kind == "gamma":
        return rng.gamma(a, b * MONTH, n)
    raise ValueError(kind)


def sample_residual(spec, rng: np.random.Generator, n: int) -> np.ndarray:
    """The model's ResidualLife: U x length-biased draw."""
    kind, a, b = spec
    if kind == "lognormal":
        mu, sigma = lognormal_params(a * MONTH, b * MONTH)
        return rng.random(n) * rng.lognormal(mu + sigma * sigma, sigma, n)
    if kind == "gamma":
        return rng.random(n) * rng.gamma(a + 1, b * MONTH, n)
    raise ValueError(kind)


def expect(f, dist, lo=0.0, hi=np.inf) -> float:
    """E[f(X); lo <= X < hi] by adaptive quadrature."""
    val, _ = integrate.quad(lambda x: f(x) * dist.pdf(x), lo, hi, limit=400)
    return val


# The model floors every drawn length at 1 day: E[max(1, X)] = E[X] + E[(1-X)+].
def floored_mean(dist) -> float:
    return dist.mean() + expect(lambda x: 1.0 - x, dist, 0.0, 1.0)


# Thresholds as the model holds them (whole days; the loader converts months).
SHORT_THRESHOLD_DAYS = int(SHORT_THRESHOLD_MONTHS * MONTH)
HANDOVER_DAYS = int(HANDOVER_MONTHS * MONTH)
EARLY_HANDOVER_DAYS = int(EARLY_HANDOVER_MONTHS * MONTH)


# ---------------------------------------------------------------------------
# 1-2. Little's law


def custody_share_from_releases() -> float:
    """The custodial share of new sentences whose steady-state releases (one per custodial
    sentence) match the OMSQ's releases of April to June 2021, the quarter that ends on Day 1:
    s x lambda(s) = r with lambda(s) = caseload / ((1 - s) E[community] + s E[custody + licence]),
    so s = r E[community] / (caseload - r (E[custody + licence] - E[community]))."""
    tts = frozen(TIME_TO_SERVE)
    thr, w, ew = SHORT_THRESHOLD_DAYS, HANDOVER_DAYS, EARLY_HANDOVER_DAYS
    e_comm = floored_mean(frozen(COMMUNITY_LENGTH))
    p_short = tts.cdf(thr)
    stage = (expect(lambda x: max(x, 1.0), tts, 0.0, thr) + (1 - EARLY_SHARE) * (1 - p_short) * w
             + EARLY_SHARE * expect(lambda x: min(x, ew), tts, thr, np.inf))
    e_cc = stage + floored_mean(frozen(LICENCE_LENGTH))
    r = RELEASES_APR_JUN_2021 / RELEASES_QUARTER_DAYS
    return round(r * e_comm / (DAY1_CASELOAD - r * (e_cc - e_comm)), 4)


def calibrate_flows() -> dict:
    comm = frozen(COMMUNITY_LENGTH)
    tts = frozen(TIME_TO_SERVE)
    lic = frozen(LICENCE_LENGTH)
    thr, w, ew = SHORT_THRESHOLD_DAYS, HANDOVER_DAYS, EARLY_HANDOVER_DAYS

    e_comm = floored_mean(comm)
    e_lic = floored_mean(lic)
    p_short = tts.cdf(thr)
    # time to serve floored at 1 day; P(T<1 day) is negligible but counted.
    e_short_part = expect(lambda x: max(x, 1.0), tts, 0.0, thr)          # E[T; T < thr]
    e_long_min_ew = expect(lambda x: min(x, ew), tts, thr, np.inf)        # E[min(T, 15m); T >= thr]
    e_custody_stage = e_short_part + (1 - EARLY_SHARE) * (1 - p_short) * w + EARLY_SHARE * e_long_min_ew
    e_custody_case = e_custody_stage + e_lic

    e_per_sentence = (1 - CUSTODY_SHARE) * e_comm + CUSTODY_SHARE * e_custody_case   # days
    inflow_per_day = DAY1_CASELOAD / e_per_sentence
    inflow_per_week = inflow_per_day * WEEK

    stock = {
        "community": inflow_per_day * (1 - CUSTODY_SHARE) * e_comm,
        "licence": inflow_per_day * CUSTODY_SHARE * e_lic,
        "custody": inflow_per_day * CUSTODY_SHARE * e_custody_stage,
    }
    custody_parts = {
        "short (<10 months to serve)": inflow_per_day * CUSTODY_SHARE * e_short_part,
        "long, 7.5-month window": inflow_per_day * CUSTODY_SHARE * (1 - EARLY_SHARE) * (1 - p_short) * w,
        "long, early allocation": inflow_per_day * CUSTODY_SHARE * EARLY_SHARE * e_long_min_ew,
    }
    shares = {k: v / DAY1_CASELOAD for k, v in stock.items()}
    reports_per_week = inflow_per_week * PSRS_2018 / SENTENCES_2018
    return dict(
        e_comm=e_comm, e_lic=e_lic, p_short=p_short,
        e_short_given=e_short_part / p_short, e_custody_stage=e_custody_stage,
        e_per_sentence=e_per_sentence, inflow_per_week=inflow_per_week,
        inflow_per_year=inflow_per_day * YEAR,
        by_type_per_week={"community": inflow_per_week * (1 - CUSTODY_SHARE),
                          "custody": inflow_per_week * CUSTODY_SHARE,
                          "custody short": inflow_per_week * CUSTODY_SHARE * p_short,
                          "custody long": inflow_per_week * CUSTODY_SHARE * (1 - p_short)},
        stock=stock, custody_parts=custody_parts, shares=shares,
        reports_per_week=reports_per_week,
        ratio_to_2018=inflow_per_day * YEAR / SENTENCES_2018,
    )


# ---------------------------------------------------------------------------
# 3. Steady-state tier mix of the stock (Monte Carlo of case journeys)


def inflow_mix(kind: str) -> np.ndarray:
    m = np.zeros(16)
    for r, letter in enumerate("ABCD"):
        for digit, share in COMPLEXITY[kind].items():
            m[r * 4 + (3 - digit)] = RISK[kind][letter] * share
    return m / m.sum()


def change_tiers(tier: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One tier change each: up or down (escalation share), risk or complexity
    (half each), to the adjacent tier; none at the edge of the grid."""
    r, c = tier // 4, tier % 4            # r: 0=A..3=D; c: 0=digit 3 .. 3=digit 0
    up = rng.random(tier.size) < ESCALATION_SHARE
    by_risk = rng.random(tier.size) < 0.5
    dr = np.where(by_risk, np.where(up, -1, 1), 0)
    dc = np.where(by_risk, 0, np.where(up, -1, 1))
    r2 = np.clip(r + dr, 0, 3)
    c2 = np.clip(c + dc, 0, 3)
    return r2 * 4 + c2


def stock_tier_mix(n: int = 1_000_000) -> dict:
    """Time spent in each (type, tier) by journeys sentenced at the inflow mix."""
    rng = np.random.default_rng(MC_SEED)
    rate = TIER_CHANGES_PER_YEAR / YEAR
    acc = np.zeros((3, 16))            # community, licence, custody
    TYPE = {"community": 0, "licence": 1, "custody": 2}
    for kind, weight in (("community", 1 - CUSTODY_SHARE), ("custody", CUSTODY_SHARE)):
        mix = inflow_mix(kind)
        tier = rng.choice(16, n, p=mix)
        if kind == "community":
            first = np.maximum(1.0, sample(COMMUNITY_LENGTH, rng, n))
            second = np.zeros(n)
            t1, t2 = TYPE["community"], TYPE["community"]
        else:
            tts = np.maximum(1.0, sample(TIME_TO_SERVE, rng, n))
            early = rng.random(n) < EARLY_SHARE
            before = np.where(early, EARLY_HANDOVER_DAYS, HANDOVER_DAYS)
            first = np.where(tts < SHORT_THRESHOLD_DAYS, tts, np.minimum(tts, before))
            second = np.maximum(1.0, sample(LICENCE_LENGTH, rng, n))
            t1, t2 = TYPE["custody"], TYPE["licence"]
        end = first + second
        t = np.zeros(n)
        idx = np.arange(n)
        w = weight / n
        while idx.size:
            nxt = t[idx] + rng.exponential(1 / rate, idx.size)
            stop = np.minimum(nxt, end[idx])
            pre = np.clip(np.minimum(stop, first[idx]) - t[idx], 0, None)
            post = np.clip(stop - np.maximum(t[idx], first[idx]), 0, None)
            acc[t1] += np.bincount(tier[idx], weights=pre, minlength=16) * w
            acc[t2] += np.bincount(tier[idx], weights=post, minlength=16) * w
            go = nxt < end[idx]
            idx = idx[go]
            t[idx] = nxt[go]
            tier[idx] = change_tiers(tier[idx], rng)
    out = {}
    for kind, k in TYPE.items():
        out[kind] = acc[k] / acc[k].sum()
    time_shares = acc.sum(axis=1) / acc.sum()
    return {"mix": out, "time_shares": dict(zip(TYPE, time_shares))}


# ---------------------------------------------------------------------------
# 4. Points and staff


def available_points(grade: str) -> int:
    hours = DEFAULT_HOURS
    red = PQIP_REDUCTION_HOURS if grade == "PQiP" else 0.0
    return math.floor(NOMINAL_TARGET * (hours - red) / DEFAULT_HOURS)


def vacancy_share(staff: dict) -> float:
    """Share of available points vacant in steady state when leavers are replaced
    after the recruitment lead time: rate x lead / (1 + rate x lead) by grade."""
    lead = RECRUITMENT_WEEKS * WEEK / YEAR
    avail = {"PO": staff["n_po"] * staff["av_po"], "PSO": staff["n_pso"] * staff["av_po"],
             "PQiP": staff["n_pqip"] * staff["av_pqip"]}
    vacant = sum(a * (LEAVING[g] / 100 * lead) / (1 + LEAVING[g] / 100 * lead) for g, a in avail.items())
    return vacant / sum(avail.values())


def pqip_in_post() -> dict:
    elapsed = (DAY1 - PQIP_STRATEGY_DATE).days / MONTH
    remaining = max(0.0, (PQIP_PROGRAMME_MONTHS - elapsed) / PQIP_PROGRAMME_MONTHS)
    legacy = PQIP_ALREADY_TRAINING * remaining
    intake = PQIP_INTAKE_2020_21 * (1 - PQIP_TRAINING_ATTRITION)
    total = int(round((legacy + intake) / 10.0) * 10)
    return dict(elapsed_months=elapsed, legacy_remaining=legacy, intake=intake, total=total)


def size_staff(flows: dict, tiers: dict) -> dict:
    shares = flows["shares"]
    mix = tiers["mix"]
    avg = {k: float(mix[k] @ np.array(POINTS[k])) for k in mix}
    case_points = sum(DAY1_CASELOAD * shares[k] * avg[k] for k in shares)
    per_report = FAST_REPORT_SHARE * FDR_POINTS + (1 - FAST_REPORT_SHARE) * SDR_POINTS
    reports_in_window = flows["reports_per_week"] / WEEK * REPORT_WINDOW_DAYS
    report_points = reports_in_window * per_report
    total_points = case_points + report_points

    pq = pqip_in_post()
    n_pqip = pq["total"]
    av_po, av_pqip = available_points("PO"), available_points("PQiP")
    needed = total_points / CAPACITY_TARGET
    qualified = (needed - n_pqip * av_pqip) / av_po
    # The published band split (30 Sep 2021, the first figures after unification): band 4 POs
    # against band 3 PSOs less the trainees (band 3 while training); the same share of each
    # band holds cases, so the case-holding share is what the capacity target leaves.
    global PO_SHARE_OF_QUALIFIED, CASE_HOLDING_SHARE
    band3_qualified = BAND3_FTE_SEP_2021 - n_pqip
    PO_SHARE_OF_QUALIFIED = BAND4_FTE_SEP_2021 / (BAND4_FTE_SEP_2021 + band3_qualified)
    share = round(qualified / (BAND4_FTE_SEP_2021 + band3_qualified), 3)
    CASE_HOLDING_SHARE = {"PO": share, "PSO": share}
    n_po = int(round(qualified * PO_SHARE_OF_QUALIFIED))
    n_pso = int(round(qualified - n_po))
    available = (n_po + n_pso) * av_po + n_pqip * av_pqip

    a_points = sum(DAY1_CASELOAD * shares[k] * float(mix[k][0:4] @ np.array(POINTS[k][0:4])) for k in mix)
    b_points = sum(DAY1_CASELOAD * shares[k] * float(mix[k][4:8] @ np.array(POINTS[k][4:8])) for k in mix)
    cd_points = total_points - a_points - b_points
    return dict(
        avg_points=avg, case_points=case_points, report_points=report_points,
        reports_in_window=reports_in_window, per_report=per_report,
        total_points=total_points, pqip=pq, n_po=n_po, n_pso=n_pso, n_pqip=n_pqip,
        av_po=av_po, av_pqip=av_pqip, available=available,
        capacity=total_points / available, capacity_cases_only=case_points / available,
        a_points=a_points, b_points=b_points, cd_points=cd_points,
        po_available=n_po * av_po,
        ab_case_share=sum(shares[k] * float(mix[k][0:8].sum()) for k in mix),
    )


# ---------------------------------------------------------------------------
# 5. PDUs


def read_pdus(path: str) -> list[dict]:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        sys.exit(f"make-national-scenario: cannot read the PDU list {path}: {e.strerror} (use --pdus PATH)")
    need = {"region_code", "region_name", "pdu_number", "pdu_name"}
    if not rows or not need <= set(rows[0]):
        sys.exit(f"make-national-scenario: {path}: expected a CSV with columns {', '.join(sorted(need))}")
    regions: "OrderedDict[str, dict]" = OrderedDict()
    for r in rows:
        reg = regions.setdefault(r["region_code"], {"code": r["region_code"], "name": r["region_name"], "pdus": []})
        reg["pdus"].append({"number": int(r["pdu_number"]), "name": r["pdu_name"]})
    for reg in regions.values():
        reg["pdus"].sort(key=lambda p: p["number"])
    out = list(regions.values())
    n = sum(len(r["pdus"]) for r in out)
    if len(out) != 12 or n != 108:
        sys.exit(f"expected 12 regions and 108 PDUs in {path}, found {len(out)} and {n}")
    return out


def apportion(total: int, weights: list[float]) -> list[int]:
    """Largest remainder: whole numbers proportional to weights summing to total."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    counts = [int(math.floor(x)) for x in exact]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[:left]:
        counts[i] += 1
    return counts


def split_staff(regions: list[dict], staff: dict) -> None:
    """Sets region weights and per-PDU staff (PO, PSO, PQiP, SPO) in place."""
    pop_total = sum(REGION_POPULATION_M.values())
    for reg in regions:
        pop = REGION_POPULATION_M[reg["code"]]
        reg["population"] = pop
        reg["share"] = pop / pop_total
        for p in reg["pdus"]:
            p["weight"] = round(pop / len(reg["pdus"]), 4)
    po_weights = [r["share"] * (SOUTHERN_PO_FACTOR if r["code"] in SOUTHERN_REGIONS else 1.0) for r in regions]
    by_grade = {
        "PO": apportion(staff["n_po"], po_weights),
        "PSO": apportion(staff["n_pso"], [r["share"] for r in regions]),
        "PQiP": apportion(staff["n_pqip"], [r["share"] for r in regions]),
    }
    for i, reg in enumerate(regions):
        n = len(reg["pdus"])
        for g in ("PO", "PSO", "PQiP"):
            reg[g] = by_grade[g][i]
            for p, c in zip(reg["pdus"], apportion(by_grade[g][i], [1.0] * n)):
                p.setdefault("staff", {})[g] = c
        for p in reg["pdus"]:
            s = p["staff"]
            s["SPO"] = math.ceil((s["PO"] + s["PSO"] + s["PQiP"]) / TEAM_SIZE)
        reg["SPO"] = sum(p["staff"]["SPO"] for p in reg["pdus"])


def region_capacity(reg: dict, staff: dict) -> float:
    points = staff["total_points"] * reg["share"]
    avail = (reg["PO"] + reg["PSO"]) * staff["av_po"] + reg["PQiP"] * staff["av_pqip"]
    return points / avail


def simulate_day1_allocation(regions: list[dict], flows: dict, tiers: dict, seed: int = 5) -> dict:
    """The model's Day-1 stock allocation, PDU by PDU: each stock case, in random
    order, goes to the eligible practitioner with the lowest capacity (PQiPs up to
    20 cases; no cap). Returns case points and counts by grade (and A/B points
    held by POs), and case points by region."""
    rng = np.random.default_rng(seed)
    grades = ("PO", "PSO", "PQiP")
    letters_ok = {"PO": "ABCD", "PSO": "CD", "PQiP": "BCD"}
    av = {"PO": available_points("PO"), "PSO": available_points("PSO"), "PQiP": available_points("PQiP")}
    total_w = sum(p["weight"] for r in regions for p in r["pdus"])
    pdus = [(r, p) for r in regions for p in r["pdus"]]
    counts = apportion(DAY1_CASELOAD, [p["weight"] for _, p in pdus])
    kinds = ["community", "licence", "custody"]
    shares = [flows["shares"][k] for k in kinds]
    out = {g: {"points": 0.0, "cases": 0, "available": 0, "ab_points": 0.0} for g in grades}
    by_region = {r["code"]: 0.0 for r in regions}
    for (reg, p), n in zip(pdus, counts):
        g_of = [g for g in grades for _ in range(p["staff"][g])]
        avail = np.array([av[g] for g in g_of], float)
        cap = np.array([20 if g == "PQiP" else 1 << 30 for g in g_of])
        elig = np.array([[L in letters_ok[g] for g in g_of] for L in "ABCD"])
        load = np.zeros(len(g_of))
        cnt = np.zeros(len(g_of), int)
        ab = np.zeros(len(g_of))
        kind = rng.choice(3, n, p=shares)
        tier = np.empty(n, int)
        for k in range(3):
            m = kind == k
            tier[m] = rng.choice(16, m.sum(), p=tiers["mix"][kinds[k]])
        for k, t in zip(kind, tier):
            cand = elig[t // 4] & (cnt < cap)
            i = int(np.where(cand, load / avail, np.inf).argmin())
            pts = POINTS[kinds[k]][t]
            load[i] += pts
            cnt[i] += 1
            if t < 8:
                ab[i] += pts
        for g in grades:
            m = np.array([x == g for x in g_of])
            out[g]["points"] += load[m].sum()
            out[g]["cases"] += int(cnt[m].sum())
            out[g]["available"] += int(avail[m].sum())
            out[g]["ab_points"] += ab[m].sum()
        by_region[reg["code"]] += load.sum()
    return {"grades": out, "by_region": by_region}


# ---------------------------------------------------------------------------
# --check: the national caseload over the horizon, with the model's rules


def check_trajectory(flows: dict, years: float = 5.0, seed: int = 11) -> dict:
    rng = np.random.default_rng(seed)
    H = years * YEAR
    sh = flows["shares"]
    n0 = DAY1_CASELOAD
    types = rng.choice(3, n0, p=[sh["community"], sh["licence"], sh["custody"]])
    ends = np.empty(n0)
    k = types == 0
    ends[k] = np.maximum(sample_residual(COMMUNITY_LENGTH, rng, k.sum()), 1 / 1440)
    k = types == 1
    ends[k] = np.maximum(sample_residual(LICENCE_LENGTH, rng, k.sum()), 1 / 1440)
    k = types == 2
    # Custody stock as the model seeds it: a sentence drawn length-biased by its time on the
    # caseload before release (time to serve if short, else the handover window), released
    # uniformly within that time, then a fresh licence.
    nk, stage = int(k.sum()), np.empty(0)
    longest = max(SHORT_THRESHOLD_DAYS, HANDOVER_DAYS, EARLY_HANDOVER_DAYS)
    while stage.size < nk:
        tt = np.maximum(1.0, sample(TIME_TO_SERVE, rng, 2 * nk))
        st = np.where(tt < SHORT_THRESHOLD_DAYS, tt,
                      np.where(rng.random(2 * nk) < EARLY_SHARE, np.minimum(tt, EARLY_HANDOVER_DAYS), HANDOVER_DAYS))
        stage = np.concatenate([stage, st[rng.random(2 * nk) * longest < st]])
    ends[k] = rng.random(nk) * stage[:nk] + np.maximum(1.0, sample(LICENCE_LENGTH, rng, nk))
    starts = np.zeros(n0)

    lam = flows["inflow_per_week"] / WEEK
    na = rng.poisson(lam * H)
    t = rng.random(na) * H
    cust = rng.random(na) < CUSTODY_SHARE
    comm_end = t + np.maximum(1.0, sample(COMMUNITY_LENGTH, rng, na))
    tts = np.maximum(1.0, sample(TIME_TO_SERVE, rng, na))
    lic = np.maximum(1.0, sample(LICENCE_LENGTH, rng, na))
    early = rng.random(na) < EARLY_SHARE
    release = t + tts
    before = np.where(early, EARLY_HANDOVER_DAYS, HANDOVER_DAYS)
    join = np.where(tts < SHORT_THRESHOLD_DAYS, t, np.maximum(t, release - before))
    s = np.where(cust, join, t)
    e = np.where(cust, release + lic, comm_end)

    # What the format cannot seed: long-sentence prisoners sentenced before Day 1
    # whose handover falls after it (sentenced u days ago, hand over at T - before - u > 0).
    past = 25 * YEAR
    npast = rng.poisson(lam * CUSTODY_SHARE * past)
    u = rng.random(npast) * past
    tts_p = np.maximum(1.0, sample(TIME_TO_SERVE, rng, npast))
    early_p = rng.random(npast) < EARLY_SHARE
    before_p = np.where(early_p, EARLY_HANDOVER_DAYS, HANDOVER_DAYS)
    join_p = tts_p - before_p - u
    keep = (tts_p >= SHORT_THRESHOLD_DAYS) & (join_p > 0)
    ps = join_p[keep]
    pe = (tts_p - u)[keep] + np.maximum(1.0, sample(LICENCE_LENGTH, rng, int(keep.sum())))

    grid = np.arange(0, H + 1, WEEK)

    def count(starts_, ends_):
        S, E = np.sort(starts_), np.sort(ends_)
        return np.searchsorted(S, grid, side="right") - np.searchsorted(E, grid, side="right")

    c = count(np.concatenate([starts, s]), np.concatenate([ends, e]))
    c2 = c + count(ps, pe)
    return dict(weeks=grid / WEEK, caseload=c, min=int(c.min()), max=int(c.max()),
                argmin_week=int(grid[c.argmin()] / WEEK), final=int(c[-1]),
                prison_stock=int(keep.sum()), with_prison=c2)


# ---------------------------------------------------------------------------
# YAML writing


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def fmt(x: float, dp: int = 4) -> str:
    s = f"{x:.{dp}f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


def tier_map(mix: np.ndarray, dp: int = 4) -> str:
    return "{ " + ", ".join(f"{t}: {fmt(v, dp)}" for t, v in zip(TIERS, mix)) + " }"


def round_shares(shares: dict, dp: int = 4) -> dict:
    r = {k: round(v, dp) for k, v in shares.items()}
    big = max(r, key=r.get)
    r[big] = round(r[big] + (1.0 - sum(r.values())), dp)
    return r


def align_comments(text: str, column: int = 40) -> str:
    """Lines ending in a comment get the comment at `column` (or one gap after the code)."""
    out = []
    for line in text.split("\n"):
        i = line.find(" # ")
        if i > 0 and line[:i].strip() and line[:i].count('"') % 2 == 0:
            code, comment = line[:i].rstrip(), line[i + 1:]
            line = code.ljust(column - 1) + " " + comment if len(code) < column - 1 else code + "   " + comment
        out.append(line)
    return "\n".join(out)


class Log:
    """The assumptions log, in the order entries are added."""

    def __init__(self) -> None:
        self.entries: list[dict] = []

    def add(self, id: str, figure: str, source: str, quality: str, reasoning: str) -> str:
        assert quality in ("high", "medium", "low"), quality
        assert all(e["id"] != id for e in self.entries), id
        self.entries.append(dict(id=id, figure=figure, source=source, quality=quality, reasoning=reasoning))
        return id

    def yaml(self, indent: str = "    ", uncertainty: dict | None = None) -> list[str]:
        out = []
        for e in self.entries:
            out.append(f"{indent}- id: {e['id']}")
            ranges = (uncertainty or {}).get(e["id"])
            for k in ("figure", "source", "quality", "reasoning"):
                v = e[k] if k == "quality" else q(e[k] + (" Uncertainty range: " + ranges[1] if k == "reasoning" and ranges else ""))
                out.append(f"{indent}  {k}: {v}")
            if ranges:
                out.append(f"{indent}  uncertainty:")
                for path, spec in ranges[0].items():
                    key = f'"{path}"' if "[" in path else path
                    out.append(f"{indent}    {key}: {spec}")
        return out


# ---------------------------------------------------------------------------
# Uncertainty ranges of the national model's low- and medium-quality figures
# (docs/uncertainty.md): assumption id -> ({scenario path: range}, reasoning).
# A path `levers[@ID]...` names the first lever tagged [a:ID]; its index is
# filled in once the file is written (resolve_lever_paths). Only the national
# file carries them; the studies that extend it inherit them.

NATIONAL_UNCERTAINTY: dict[str, tuple[dict[str, str], str]] = {
    "custody-share": ({"cases.custody_share": "{ distribution: beta, mean: 0.2553, sd: 0.02 }"},
        "derived from the OMSQ's releases (11,623 in April-June 2021) with the assumed order, custody and licence "
        "lengths; releases move by a few per cent from quarter to quarter and the lengths are uncertain, so a beta "
        "with sd 2 points (95% of draws within about 21.5-29.5%)."),
    "community-length": ({"cases.community_length.mean": "{ low: 10 months, high: 16 months }"},
        "orders are made for 12-24 months but many end early (completion, revocation, breach); the mean time on "
        "the caseload is known to no better than a few months either side of 13."),
    "custody-time-to-serve": ({"cases.custody_time_to_serve.mean": "{ low: 5 months, high: 9 months }"},
        "the mix of short and long custodial sentences sets this; a fifth either way covers plausible mixes."),
    "licence-length": ({"cases.licence_length.scale": "{ low: 2 months, high: 3 months }"},
        "a mean licence of 12-18 months (gamma shape 6) around the assumed 15: licence length follows the "
        "sentence's second half and post-sentence supervision, neither published by PDU."),
    "tier-changes": ({"cases.tier_changes.per_year": "{ low: 0.1, high: 0.4 }"},
        "how often tiers change is not published; from a few reassessments a year to once every ten years. "
        "Used only with cases.tiering: sampled-mix: this model computes its tiers (tiering: block), so they change "
        "at reassessments and this rate draws nothing; its range is still varied in uncertainty studies, where it "
        "serves as a null control (README)."),
    "female-share": ({"cases.female_share": "{ low: 0.12, high: 0.17 }"},
        "women are 10-15% of those supervised in the offender management statistics; a little wider."),
    "court-reports": ({"demand.court_reports_per_week.national": "{ low: 1580, high: 2140 }"},
        "the number of pre-sentence reports is published for some years only; about ±15%."),
    "fast-report-share": ({"demand.fast_report_share": "{ low: 0.75, high: 0.92 }"},
        "oral and short-format reports have been most reports since 2015; the exact share by year is not in the seeds."),
    "leaving-rates": ({"workforce.leaving_rate_per_year.PO": "{ low: 6%, high: 9.5% }",
                       "workforce.leaving_rate_per_year.PSO": "{ low: 9.5%, high: 14% }"},
        "the published rates move by one or two points from year to year (HMPPS workforce statistics); the ranges "
        "cover 2019-2024."),
    "inflow": ({"demand.sentences_per_week.national": "{ low: 3327, high: 3677 }"},
        "±5% around the calibrated steady-state inflow: sentencing volumes moved by more than that in 2020-2022."),
    "case-holding-share": ({"workforce.case_holding_share.PO": "{ low: 55%, high: 72% }",
                            "workforce.case_holding_share.PSO": "{ low: 55%, high: 72% }"},
        "derived (63.4%) from the capacity target and the published band FTE; how many band 4 and band 3 staff "
        "hold cases (rather than work in courts, prisons or hubs) is not published by band, and the capacity "
        "target is itself a range (117-120% public figure): about ±8 points."),
    "recruitment": ({"workforce.recruitment.PO.success": "{ low: 0.05, high: 0.15 }"},
        "the rate of filling PO vacancies by recruitment is set to match the vacancy figures; a half either way."),
    "pqip-withdrawal": ({"workforce.pqip.withdrawal": "{ low: 5%, high: 15% }"},
        "attrition from the PQiP has been reported anywhere from a few per cent to about 15%."),
    "sickness": ({"workforce.absence.sickness_days_per_year": "{ low: 3, high: 10 }"},
        "HMPPS's average working days lost are about 10-13 a year, most of them short absences that the WMT does "
        "not record as reductions; long-term absence is 3-10 of them."),
    "early-allocation": ({"cases.early_allocation.share": "{ low: 0.01, high: 0.04 }"},
        "the Early Allocation criteria are narrow; a half to twice the assumed 2%."),
    "progression": ({"workforce.progression.share_per_year": "{ low: 3%, high: 8% }"},
        "the PSO-to-PO pathway's take-up is not published."),
    "upw-backlog-size": ({"interventions.unpaid_work.backlog.people.national": "{ low: 50000, high: 80000 }"},
        "the hours are published (about 5m) but not the requirements they sit on; 50,000-80,000 gives a mean of "
        "62-100 hours outstanding each."),
    "upw-share": ({"interventions.unpaid_work.share": "{ low: 38%, high: 52% }"},
        "unpaid work has been on 40-50% of community orders and SSOs in the sentencing statistics."),
    "upw-supervisors": ({"interventions.unpaid_work.supervisors.national": "{ low: 730, high: 970 }"},
        "the number of Community Payback Supervisors on Day 1 is not published; ±120 around 850."),
    "upw-party-size": ({"interventions.unpaid_work.people_per_supervisor": "{ low: 3, high: 5 }"},
        "Covid-secure parties were 3-5 people depending on the placement; whole numbers (3 and 5 each a quarter "
        "of draws, 4 a half)."),
    "upw-attendance": ({"interventions.unpaid_work.non_attendance_rate": "{ low: 10%, high: 20% }",
                        "interventions.unpaid_work.stand_down_rate": "{ low: 2%, high: 8% }"},
        "non-attendance and stand-downs are recorded locally and not published."),
    "upw-extension": ({"interventions.unpaid_work.extension.share": "{ low: 80%, high: 97% }"},
        "how often courts extended overdue requirements in 2021-22 is not published."),
    "iv-programmes": ({"interventions.programmes.facilitators.national": "{ low: 380, high: 580 }"},
        "programme facilitators are not counted in the seeds; ±100 around 480."),
    "probation-reset": ({"levers[@probation-reset].supervision_reset.scale": "{ low: 0.55, high: 0.8 }",
                         "levers[@probation-reset/2].supervision_reset.scale": "{ low: 0.55, high: 0.8 }"},
        "the Reset ends supervision early for eligible cases; how much of the licence (first) and community "
        "(second) period it removes on average is not published (0.667 is two-thirds)."),
    "covid-recovery": ({"levers[@covid-recovery].inflow.scale": "{ low: 1.03, high: 1.08 }"},
        "calibrated (+5.2%) to the 2021-24 caseload; the fit leaves a few points either way."),
    # Computed tiering's own assumptions (docs/tiering.md). The profile shares that were tuned
    # jointly to the assumed tier mix (RoSH, needs) are not varied one by one: a level's share
    # cannot move without the others. What is varied moves the tier mix within what the
    # (unpublished) mix allows, and how often and how far tiers move.
    "profile-factors": ({"tiering.profiles.factor_correlation": "{ low: 0.2, high: 0.6 }",
                         "tiering.profiles.custody_shift.harm": "{ low: 0.3, high: 0.6 }",
                         "tiering.profiles.custody_shift.reoffending": "{ low: 0.15, high: 0.45 }"},
        "no joint distribution of RoSH and OGRS among people on probation is published, so the correlation "
        "runs from weak to strong; the custody shift was tuned to an assumed tier mix that no published figure "
        "anchors (tier-mix-risk), so a third either way; it moves how many custody-sentenced cases are in "
        "protect levels A and B, which only a PO may hold."),
    "profile-assessment": ({"tiering.profiles.assessment.share": "{ low: 0.8, high: 0.95 }",
                            "tiering.profiles.community_mandate.share": "{ low: 0.6, high: 0.8 }"},
        "neither the share of cases with a current layer-3 OASys nor the share of community sentences without "
        "a mandate for change (unpaid work or restrictive requirements only) is in the seeds; ten points either "
        "way (fewer assessments put more cases at complexity 2, fewer mandates more at 0)."),
    "reassessment": ({"tiering.reassessment.every": "{ low: 26 weeks, high: 55 weeks }",
                      "tiering.reassessment.persistence": "{ low: 0.6, high: 0.9 }",
                      "tiering.reassessment.enforcement_per_year": "{ low: 0.1, high: 0.4 }",
                      "tiering.reassessment.registrations_per_year": "{ low: 0.05, high: 0.2 }"},
        "reviews from six-monthly (the TOM's minimum sentence plan review, 000_02da55404f0fcbd6.txt:76) to the "
        "55-week assessment age limit; persistence from 0.6 to 0.9 (at 0.8 about 23% of reassessments change "
        "the v2 tier); breach or recall and new-registration rates a half to twice the assumed ones."),
}


def resolve_lever_paths(text: str) -> str:
    """Replaces `levers[@ID]` in uncertainty paths by the index of the first lever tagged [a:ID]
    (`levers[@ID/2]`: the second)."""
    lines = text.split("\n")
    try:
        start = lines.index("levers:")
    except ValueError:
        return text
    index = {}
    k = -1
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        if line.startswith("  - "):
            k += 1
            for tag in re.findall(r"\[a:([a-z0-9-]+)\]", line):
                index.setdefault(tag, []).append(k)
    def sub(m):
        nth = int(m.group(2) or 1)
        assert len(index.get(m.group(1), [])) >= nth, f"no lever {nth} tagged [a:{m.group(1)}]"
        return f"levers[{index[m.group(1)][nth - 1]}]"
    return re.sub(r"levers\[@([a-z0-9-]+)(?:/([0-9]+))?\]", sub, text)


def n(x: float, dp: int = 0) -> str:
    return f"{x:,.{dp}f}"


# ---------------------------------------------------------------------------
# The assumptions shared by all three files


def common_log(log: Log, flows: dict, staff: dict, *, scale: float = 1.0) -> None:
    """Entries about cases, demand, grades, points and allocation, shared by the
    three files; `scale` is the file's share of the national service."""
    f, s = flows, staff
    log.add("custody-share", f"{CUSTODY_SHARE:.1%} of new sentences are custodial (immediate custody); "
            f"{1 - CUSTODY_SHARE:.1%} are community orders or suspended sentence orders",
            "derived from MoJ Offender Management Statistics Quarterly, April to June 2021: 11,623 releases "
            "from custody in the quarter (published-figures.md)", "medium",
            "Every custodial sentence ends in one release onto licence, so in the Day-1 steady state releases "
            "a day = inflow x custody share, and the inflow follows from the Day-1 caseload and the lengths "
            f"(Little's law); solving both gives {CUSTODY_SHARE:.1%} (11,623 / 91 days = "
            f"{RELEASES_APR_JUN_2021 / RELEASES_QUARTER_DAYS:.1f} releases a day). The seeds give only the "
            "total of custodial and community sentences (212,994 in 2018, 003_221d2dc672802ff6.txt:562). The "
            "former 36% (about a third of sentences, public sentencing statistics) gave releases 45-60% above "
            "the OMSQ's with these lengths. The later quarters (11,750 Jul-Sep 2021, 11,324 Jan-Mar 2022) and "
            "SDS40's 38,042 early releases are checks, not inputs.")
    log.add("community-length", "community orders and SSOs stay on the caseload a lognormal time, "
            "mean 13 months, sd 7 months",
            "assumption", "low",
            "The seeds give no order lengths (seeds-digest §6). Community orders run up to 3 years and SSO "
            "supervision up to 2 (CSTR maxima, 003_221d2dc672802ff6.txt:3443); 12 and 18 months are common "
            "lengths and some orders end early (breach, revocation, early termination for good progress). "
            "Mean 13 months with a right skew is a central guess.")
    log.add("custody-time-to-serve", "time left to serve at sentence: lognormal, mean 7 months, sd 10 "
            f"months (median {math.exp(lognormal_params(7, 10)[0]):.1f} months; "
            f"{f['p_short']:.1%} have under 10 months)",
            "assumption", "low",
            "Not in the seeds. Most custodial sentences are short and determinate sentences are served to "
            "the halfway point, less time on remand, so the median time left to serve is a few months; a long "
            "tail of multi-year sentences pulls the mean up. About four in five custodial sentences fall "
            "under the TOM's 10-month short-sentence line (003_221d2dc672802ff6.txt:1009), matching the "
            "seeds' picture of short sentences dominating receptions (83% for women, "
            "003_221d2dc672802ff6.txt:587).")
    log.add("licence-length", "licence and post-sentence supervision after release: gamma, shape 6, "
            "scale 2.5 months (mean 15 months, sd 6.1 months)",
            "assumption", "low",
            "Not in the seeds. Sentences under two years carry 12 months of licence plus post-sentence "
            "supervision after release; longer sentences carry the unexpired half of the sentence. Most "
            "custodial sentences are short, so supervision after release clusters at 12 months with a tail; "
            "mean 15 months. The model draws it independently of the time served.")
    log.add("short-sentence-threshold", "custody cases with less than 10 months left to serve go to a "
            "community practitioner from the day of sentence",
            "003_221d2dc672802ff6.txt:1009", "high",
            "TOM rule; also the glossary, 003_221d2dc672802ff6.txt:3508 (strict '< 10 months left to serve', "
            "seeds-digest §5 item 2).")
    log.add("handover", "longer custodial sentences hand over to the community practitioner 7.5 months "
            "before release", "003_221d2dc672802ff6.txt:801", "high",
            "Standardised transfer point for determinate sentences (also 003_221d2dc672802ff6.txt:1001).")
    log.add("early-allocation", f"{EARLY_SHARE:.0%} of long-sentence cases meet the Early Allocation "
            "criteria and hand over 15 months before release",
            "003_221d2dc672802ff6.txt:801 (15 months); share: assumption", "low",
            "The 15 months is the TOM's; the seeds give no share, only 'those critical few' "
            "(003_221d2dc672802ff6.txt:801). 2% is a token share.")
    log.add("tier-mix-risk", "risk-of-harm letter at sentence: community A 1.5%, B 22%, C 49%, D 27.5%; "
            f"custody A 3%, B 35%, C 44%, D 18%; giving {s['ab_case_share']:.1%} A/B in the Day-1 stock",
            "assumption (anchored on 004_57a3991b30581a3c.txt:113-114 and 003_221d2dc672802ff6.txt:2075)",
            "low",
            "No tier distribution is in the seeds (HMIP: the tiering framework 'had not yet been published', "
            "004_57a3991b30581a3c.txt:544). Anchor: before Day 1 the NPS managed high risk of serious harm "
            "and MAPPA cases and CRCs low and medium risk (003_221d2dc672802ff6.txt:2075); the CRC caseload "
            "was 112,723 of 223,000 (004_57a3991b30581a3c.txt:114), so about half the caseload was NPS. "
            "Tier letters A/B (very high or high RoSH, MAPPA 2/3, or RSR >= 7%, wmt-and-tiering.md §1b) "
            "are taken as about a third of cases, below the NPS share because NPS cases stayed with the NPS "
            "when risk fell and most cases are medium or low risk of harm. Custody and licence cases are "
            "riskier than community orders. The mix leaves the C/D work PSOs may hold "
            "(003_221d2dc672802ff6.txt:817) at about two thirds of cases.")
    log.add("tier-mix-complexity", "complexity digit at sentence: community 3: 12%, 2: 30%, 1: 28%, 0: 30%; "
            "custody 3: 25%, 2: 45%, 1: 30%, 0: none; independent of the risk letter",
            "assumption (rules: wmt-and-tiering.md §1c)", "low",
            "Digit 0 means no mandate for change: orders with only unpaid work or only restrictive "
            "requirements (hmpps-tier MandateForChange); custodial sentences always carry a mandate, and the "
            "default points give custody and licence x0 tiers 0 points. Cases without a valid OASys get "
            "digit 2, which makes 2 the commonest digit. Released prisoners have more needs than people on "
            "community orders.")
    log.add("tier-changes", f"{TIER_CHANGES_PER_YEAR} tier changes per case per year while on the caseload, "
            f"{ESCALATION_SHARE:.0%} of them upward",
            "assumption (rule: 003_221d2dc672802ff6.txt:777)", "low",
            "Risk reviews trigger tier reviews and escalation can force reallocation "
            "(003_221d2dc672802ff6.txt:777); the seeds give no rate (seeds-digest §6). One change per case "
            "every four years, equally often up and down. The Day-1 stock's tier mix "
            "(initial-tier-mix) already includes the drift these changes cause.")
    log.add("t2a", "no case is weighted as T2A (young_adult_share 0)",
            "HMPPS reference: hmpps-workload GetCombinedCaseload (wmt-and-tiering.md §2b)", "medium",
            "HMPPS's real-time workload service passes isT2A=false for every case, so no case earns the "
            "lower T2A weightings; 0 reproduces that. The seeds define young adults "
            "(003_221d2dc672802ff6.txt:3119) but give no share.")
    log.add("female-share", f"{FEMALE_SHARE:.0%} of cases are women", "assumption", "low",
            "Not in the seeds; women are a minority of the probation caseload (public statistics put them "
            "near one in seven). A cohort flag only: it changes no points in this model.")
    log.add("points-table", "HMPPS default WMT weightings (hmpps-default), effective from Day 1",
            "HMPPS reference: hmpps-workload V1_1__SEED_REF_DATA.sql (wmt-and-tiering.md §2c)", "high",
            "Points per case by type and tier, SDR 138, FDR 65, nominal target 2,176 points at 37 hours for "
            "PO, PSO and PQiP. These are HMPPS's shipped defaults, unchanged since 2 July 2021; the seeds say "
            "the existing WMT stays in place on Day 1 (003_221d2dc672802ff6.txt:386).")
    log.add("contracted-hours", "every practitioner works the default 37 hours (the file's head counts are "
            "full-time equivalents)", "HMPPS reference: wmt-and-tiering.md §2c (default contracted hours 37)",
            "medium",
            "Part-time working is not modelled: staff numbers are FTE. The seeds count heads and FTE "
            "differently (8,500 heads = 7,500 FTE for CRC staff, 004_57a3991b30581a3c.txt:238).")
    log.add("grade-rules", "POs hold any risk level; PSOs hold risk C and D; PQiPs hold B-D up to 20 cases; "
            "SPOs hold no cases; all but SPOs write court reports",
            "003_221d2dc672802ff6.txt:817; 004_57a3991b30581a3c.txt:202; 20-case cap: assumption", "medium",
            "The TOM: POs manage 'some high and some medium/low risk of harm cases', PSOs 'a mixture of "
            "medium and low risk of harm cases' (003_221d2dc672802ff6.txt:817). HMIP: PQiPs and new POs "
            "have 'protected caseloads and limited capacity' (004_57a3991b30581a3c.txt:202), size not given "
            "(seeds-digest §6); 20 cases is the format's default cap. PQiPs may hold B (the format's "
            "default: trainees take some higher-risk cases under supervision late in training). Caveat: "
            "because PSOs cannot take B, lowest-capacity allocation gives PQiPs mostly B work "
            f"({s['alloc']['grades']['PQiP']['ab_points'] / s['alloc']['grades']['PQiP']['points']:.0%} of "
            "their Day-1 points in the generator's simulation); restricting PQiPs to [C, D] fills them to "
            "the 20-case cap and leaves POs with about 90% A/B work. SPOs lead teams "
            "(003_221d2dc672802ff6.txt:857).")
    log.add("pqip-reduction", "PQiPs have 22.2 of 37 hours reduced (60%): 870 available points",
            "HMPPS reference: reduction reasons 'PQiP 6-12 months' 60% (wmt-and-tiering.md §2c)", "medium",
            "Trainees keep the PO nominal target with hours reduced for study: 80% in the first 6 months, "
            "60% at 6-12, 40% at 12-18. On Day 1 the trainees are spread over all three bands "
            "(pqip-in-post), so 60% is the middle band and a fair average.")
    log.add("court-reports", f"{n(f['reports_per_week'] * scale, 1)} court reports a week "
            f"({PSRS_2018 / SENTENCES_2018:.1%} of sentences)",
            "003_221d2dc672802ff6.txt:562 (113,228 PSRs and 212,994 sentences in 2018); "
            "003_221d2dc672802ff6.txt:611 (53%)", "medium",
            "Reports per sentence as in 2018 (113,228 / 212,994 = 53.2%, the TOM's 'around 53%'), applied to "
            "the calibrated sentence inflow, so reports fall with sentences. The 75% ambition "
            "(003_221d2dc672802ff6.txt:611) is a lever, not the baseline.")
    log.add("fast-report-share", f"{FAST_REPORT_SHARE:.0%} of reports are fast (oral or short format, "
            f"{FDR_POINTS} points); {1 - FAST_REPORT_SHARE:.0%} standard ({SDR_POINTS} points)",
            "assumption", "low",
            "The seeds give no split between oral, fast and standard reports (seeds-digest §6; the concern "
            "about oral and fast reports is 000_02da55404f0fcbd6.txt:52-56). Most reports are oral or fast; "
            "oral reports are counted at the fast-report weighting.")
    log.add("report-window", "a report counts in its writer's workload for 30 days",
            "HMPPS reference: WMT counts reports of the last 30 days (wmt-and-tiering.md §2a)", "high",
            "WMT's rule for standard and fast delivery reports.")
    log.add("allocation-target", "cases are allocated within 5 working days of sentence (target)",
            "003_221d2dc672802ff6.txt:775", "high", "TOM: 'within five working days of sentence'.")
    log.add("allocation-policy", "lowest-capacity allocation, highest tier first, daily meeting at 10:00, "
            "papers ready 1 working day after sentence",
            "HMPPS reference: manage-a-workforce-ui orders by tier A3 first and shows workload "
            "(wmt-and-tiering.md §2b); meeting time and preparation: assumption", "medium",
            "WMT exists to 'facilitate an even distribution of workload' (003_221d2dc672802ff6.txt:779): "
            "the practitioner with the lowest capacity takes the case. One working day for the court papers "
            "is a guess.")
    log.add("allocation-cap", f"nobody is given a case that would take them above {ALLOCATION_CAP}% capacity",
            "assumption", "medium",
            "In practice a case must be allocated whatever the workloads: 110% is a warning (red in WMT, "
            "'excessive' after four weeks, wmt-and-tiering.md §2a-2b), not a bar. With the service at about "
            "117% a 110% cap would stop almost all allocation; 150% only stops allocation where a PDU runs "
            "far above the national average.")
    log.add("leaving-rates", "leavers a year: PO 7.4%, PSO 11.8%, PQiP 8%, SPO 6%",
            "HMPPS workforce quarterly statistics: leaving rate of band 4 probation officers 7.4% (year to 30 June "
            "2023), of band 3 probation services officers 11.8% (year to 30 June 2023); PQiP and SPO: assumption",
            "medium",
            "Turnover is not in the seeds (seeds-digest §6). The PO and PSO rates are HMPPS's published leaving "
            "rates for the year to June 2023, the first published after Day 1 (the PO rate was 8.3% in the year "
            "to June 2024 and 6.3% in the year to June 2025: the three average 7.3%, so one constant rate is "
            "kept). The PQiP (withdrawal) and SPO rates are assumptions.")
    log.add("replacement", f"leavers are replaced after {RECRUITMENT_WEEKS} weeks", "assumption", "low",
            "Recruitment lead times are not in the seeds. 16 weeks covers advertising, vetting and "
            "notice. At these rates about 3% of posts are vacant at any time, raising capacity by about "
            "3 points above its Day-1 value.")
    log.add("no-seasonality", "no monthly pattern in sentencing; no growth", "assumption", "medium",
            "The baseline is the steady state that keeps the caseload at its Day-1 level, so inflow is flat. "
            "The Covid rebound (004_57a3991b30581a3c.txt:124) and the police uplift's 'up to ten per cent' "
            "(004_57a3991b30581a3c.txt:406) are levers for other scenarios.")


# ---------------------------------------------------------------------------
# The national file


def national_yaml(regions, flows, tiers, staff, log_class=None) -> str:
    f, s = flows, staff
    log = (log_class or Log)()
    log.add("day1-date", "Day 1 of the unified service: 26 June 2021", "003_221d2dc672802ff6.txt:3447",
            "high", "TOM glossary: 'Day 1 26th June 2021, the day of the transfer to the new unified model'.")
    log.add("day1-caseload", "223,000 cases on Day 1", "004_57a3991b30581a3c.txt:113", "high",
            "HMIP's estimate of the unified caseload on day one. Read here as the caseload held by "
            "community practitioners: Sentence Management's 'community orders, suspended sentence orders, "
            "licence and post-sentence supervision' (003_221d2dc672802ff6.txt:696) plus custody cases "
            "inside the pre-release window; the seeds do not give its composition (seeds-digest §6). It is "
            "below trend because of Covid (004_57a3991b30581a3c.txt:124).")
    log.add("structure", "12 regions and 108 PDUs (Annex C of the TOM)",
            "003_221d2dc672802ff6.txt:2192; 003_221d2dc672802ff6.txt:3537-3707 (shared/data/pdus.csv)", "high",
            "Region codes A-L, PDU numbers 1-108 and names as in Annex C.")
    log.add("horizon", "5 years from Day 1, no warm-up", "assumption", "medium",
            "HMIP expects transition to take 'potentially at least four years' (004_57a3991b30581a3c.txt:71) "
            "and the PQiP benefit to arrive by 2025 (004_57a3991b30581a3c.txt:412); 5 years covers both. No "
            "warm-up because the Day-1 stock is already in steady state (initial-type-shares).")
    common_log(log, flows, staff)
    by = f["by_type_per_week"]
    log.add("inflow", f"{n(f['inflow_per_week'], 1)} new sentences a week nationally "
            f"({n(by['community'], 0)} community, {n(by['custody'], 0)} custodial; "
            f"{n(f['inflow_per_year'], 0)} a year)",
            "derived from day1-caseload, custody-share, community-length, custody-time-to-serve, "
            "licence-length, short-sentence-threshold, handover, early-allocation (Little's law)", "medium",
            f"Steady state: caseload = inflow x expected time on the caseload per sentence "
            f"({f['e_per_sentence'] / MONTH:.2f} months = {f['e_per_sentence'] / WEEK:.1f} weeks), so inflow = "
            f"223,000 / {f['e_per_sentence'] / WEEK:.1f} weeks. Check: {f['ratio_to_2018']:.0%} of the 212,994 "
            "custodial or community sentences of 2018 (003_221d2dc672802ff6.txt:562); the gap fits the "
            "falling trend since 2010 (338,964) and the Covid fall in new community sentences of 'some 12 per "
            "cent' (004_57a3991b30581a3c.txt:408).")
    sh = round_shares(f["shares"])
    log.add("initial-type-shares", f"Day-1 stock: community {sh['community']:.1%}, licence {sh['licence']:.1%}, "
            f"custody {sh['custody']:.1%}",
            "derived from inflow and the length assumptions (steady state)", "medium",
            "The shares the calibrated inflow produces in steady state (inflow x mean time in each stage / "
            "223,000), so the mix does not drift as it settles. The seeds do not give the Day-1 mix "
            "(seeds-digest §6). Known transient: prisoners serving long sentences who are more than 7.5 "
            "months from release on Day 1 are not on the caseload and the format cannot seed them, so "
            "their later handovers are missing; the caseload dips about 3.5% in the second year and "
            "recovers by year 5 (docs/national-scenario.md).")
    log.add("initial-tier-mix", "Day-1 tier mix by case type = the steady-state stock mix",
            "derived from tier-mix-risk, tier-mix-complexity, tier-changes (Monte Carlo, 1,000,000 journeys "
            "per type)", "low",
            "Time-weighted tiers of case journeys sentenced at the inflow mix and changing tier at the "
            "tier-changes rate while on the caseload, so the stock's tiers do not drift either. Licence and "
            "pre-release custody cases inherit the custody mix at sentence.")
    log.add("initial-allocated", "the Day-1 stock is already allocated", "004_57a3991b30581a3c.txt:75",
            "high", "'Lift and shift': POs and PSOs take their existing caseloads into the unified service.")
    log.add("prison-pipeline", "long-sentence prisoners already in custody on Day 1 reach handover from day 1",
            "003_221d2dc672802ff6.txt:1001 (handover 7.5 months before release); volume derived from the inflow",
            "medium", "Prisoners sentenced before 26 June 2021 with more than 7.5 months still to serve are not on "
            "the community caseload on Day 1 but hand over to it from the first day. The model replays past "
            "custodial sentences at the Day-1 rate (steady state), so the handover flow is there from the start "
            "instead of building up over years, which would make the caseload dip.")
    pq = s["pqip"]
    ga = s["alloc"]["grades"]
    log.add("pqip-in-post", f"{s['n_pqip']:,} PQiPs in post on Day 1",
            "004_57a3991b30581a3c.txt:514 (530 training + 1,000 intake 2020/21); 003_221d2dc672802ff6.txt:2396; "
            "programme length and attrition: assumption", "medium",
            f"The 1,000 trainees recruited in 2020/21 started between April 2020 and March 2021 and are "
            f"still training on 26 June 2021; {PQIP_TRAINING_ATTRITION:.0%} are assumed to have left "
            f"({pq['intake']:.0f}). Of the 530 already training on 30 July 2020, with an "
            f"{PQIP_PROGRAMME_MONTHS:.0f}-month programme (the seeds give no length, seeds-digest §6) and "
            f"start dates spread evenly, {pq['elapsed_months']:.1f} months later "
            f"{pq['legacy_remaining'] / PQIP_ALREADY_TRAINING:.0%} are still training "
            f"({pq['legacy_remaining']:.0f}); the rest have qualified and are counted as POs. The 1,500 of "
            "2021/22 (003_221d2dc672802ff6.txt:2396) start after Day 1 and are a lever.")
    log.add("capacity-target", f"staff sized for {CAPACITY_TARGET:.0%} national capacity on Day 1 "
            "(case and report points / available points)",
            "HMPPS reference: public service-wide average about 117-120% (wmt-and-tiering.md §4)", "medium",
            "The seeds give no FTE by grade (seeds-digest §6), so the number of case-holding practitioners "
            "is set so that WMT capacity matches the public service-wide average. 116% once a month of "
            f"court reports is in the window ({s['capacity_cases_only']:.1%} on day 0, cases only), all "
            f"posts filled; about {s['capacity'] / (1 - vacancy_share(s)):.0%} once leavers' vacancies "
            f"({vacancy_share(s):.1%} of available points in steady state) open (replacement).")
    log.add("po-pso-split", f"qualified case holders: {PO_SHARE_OF_QUALIFIED:.1%} POs, "
            f"{1 - PO_SHARE_OF_QUALIFIED:.1%} PSOs ({s['n_po']:,} POs, {s['n_pso']:,} PSOs)",
            "HMPPS workforce quarterly statistics, September 2022 (published 17 November 2022): 4,371 band 4 "
            "probation officers FTE, 'an increase of 84 FTE since 30 September 2021', and 6,374 band 3 probation "
            "services officers FTE (trainees included), 'an increase of 641 FTE since 30 September 2021'", "medium",
            f"On 30 September 2021, the first quarter-end after unification (the CRC staff are in), band 4 was "
            f"{BAND4_FTE_SEP_2021:,} FTE and band 3 {BAND3_FTE_SEP_2021:,} FTE of whom the {s['n_pqip']:,} trainees "
            f"in post (pqip-in-post) are band 3 while training: POs are {BAND4_FTE_SEP_2021:,} / "
            f"({BAND4_FTE_SEP_2021:,} + {BAND3_FTE_SEP_2021 - s['n_pqip']:,}) = {PO_SHARE_OF_QUALIFIED:.1%} of "
            "qualified staff, taken as their share of qualified case holders (the same share of each band holds "
            "cases: case-holding-share). The former 60% (an assumption) put band 4 FTE 42% above the published "
            f"figure. Tier A/B work is {(s['a_points'] + s['b_points']) / s['case_points']:.0%} of Day-1 case points "
            "and only POs may hold A (PQiPs B-D, PSOs C-D), so POs must supply about half the available "
            f"points: with {PO_SHARE_OF_QUALIFIED:.0%} of qualified case holders they have "
            f"{s['po_available'] / s['available']:.0%}. Allocating the Day-1 stock as the model does (lowest "
            f"capacity first) then leaves POs at {ga['PO']['points'] / ga['PO']['available']:.0%}, PSOs at "
            f"{ga['PSO']['points'] / ga['PSO']['available']:.0%} and PQiPs at "
            f"{ga['PQiP']['points'] / ga['PQiP']['available']:.0%} on case points, with A/B work "
            f"{ga['PO']['ab_points'] / ga['PO']['points']:.0%} of a PO's points: 'some high and some "
            "medium/low' (003_221d2dc672802ff6.txt:817). Fewer POs would push them far above PSOs. The seeds "
            "give no grade split; in reality PSOs also hold medium-risk cases that tier B by RSR, which this "
            "model's letter-based rule cannot express.")
    log.add("staff-totals", f"case-holding staff: {s['n_po']:,} PO + {s['n_pso']:,} PSO + {s['n_pqip']:,} PQiP "
            f"= {s['n_po'] + s['n_pso'] + s['n_pqip']:,}, plus {s['n_spo']:,} SPOs",
            "derived from capacity-target, po-pso-split, pqip-in-post, team-size; check against "
            "004_57a3991b30581a3c.txt:110", "low",
            f"Available points needed = {n(s['total_points'])} points / {CAPACITY_TARGET:.2f} = "
            f"{n(s['total_points'] / CAPACITY_TARGET)}. The {s['n_po'] + s['n_pso'] + s['n_pqip'] + s['n_spo']:,} "
            f"modelled staff are {(s['n_po'] + s['n_pso'] + s['n_pqip'] + s['n_spo']) / WORKFORCE_TOTAL:.0%} of "
            "the 16,333 workforce (004_57a3991b30581a3c.txt:110); the rest work in courts, unpaid work, "
            "programmes, victims' teams, prisons (POMs), administration and management, which this model "
            "leaves out.")
    log.add("team-size", f"teams of {TEAM_SIZE} practitioners, each led by one SPO", "assumption", "low",
            "The TOM: 'several PODs within a team managed by one Senior Probation Officer', a POD being 'a "
            "small cross grade grouping' (003_221d2dc672802ff6.txt:857, 003_221d2dc672802ff6.txt:3485). "
            "Three PODs of three or four practitioners make about ten. SPO span of control is not in the "
            "seeds (seeds-digest §6).")
    log.add("pdu-split", "inflow, stock and staff split over regions by resident population (mid-2020, "
            "millions, rounded) and equally over the PDUs of a region",
            "assumption (populations: ONS mid-2020 estimates by police-force area, rounded, not in the seeds)",
            "low",
            "The seeds give no regional or PDU split (seeds-digest §6). PDU boundaries follow local "
            "authorities (003_221d2dc672802ff6.txt:2192) and regions police-force areas "
            "(003_221d2dc672802ff6.txt:2086), so population is the natural first proxy; splitting equally by "
            "PDU instead would give Kent, Surrey & Sussex (5 PDUs, 4.8m people) less than the North East "
            "(7 PDUs, 2.7m). Real demand per head is higher in the north and in cities, and PDUs within a "
            "region differ a lot in size: PDU-level figures are illustrative.")
    log.add("po-vacancy-south", f"Kent Surrey & Sussex, South Central, South West and London have "
            f"{1 - SOUTHERN_PO_FACTOR:.0%} fewer POs than their population share; the other regions share "
            "the difference", "004_57a3991b30581a3c.txt:246 (size and regions: assumption)", "low",
            "HMIP: PO vacancy rates 'as high as 35 per cent', 'most acute in southern regions'. If the south "
            "runs at 35% vacancy and the rest near 23%, southern POs in post are 0.65/0.77 = 85% of the "
            "others'. The national PO total is unchanged. Establishment is only expressible on explicit "
            "teams, so the vacancy itself is not in the file.")
    log.add("seed", "random seed 20210626 (Day 1's date), 5 replications", "assumption", "high",
            "A fixed seed makes runs reproducible; 5 replications give a first view of run-to-run spread.")

    organisation = [
        "organisation:",
        f"  team_size: {TEAM_SIZE}   # [a:team-size]",
        "  # Staff per PDU: national totals [a:staff-totals] from [a:capacity-target], [a:po-pso-split] and",
        "  # [a:pqip-in-post]; split over regions by [a:pdu-split], POs adjusted by [a:po-vacancy-south];",
        "  # SPO = one per team of team_size practitioners (rounded up).",
        "  regions:   # [a:structure]",
    ]
    for reg in regions:
        organisation += [
            f"    - code: {reg['code']}",
            f"      name: {q(reg['name'])}",
            f"      # {reg['population']:.2f}m people, {len(reg['pdus'])} PDUs; staff PO {reg['PO']}, PSO {reg['PSO']}, "
            f"PQiP {reg['PQiP']}, SPO {reg['SPO']}; expected Day-1 capacity {region_capacity(reg, s):.0%}",
            "      pdus:",
        ]
        for p in reg["pdus"]:
            organisation += [f"        - number: {p['number']}",
                             f"          name: {q(p['name'])}",
                             f"          staff: {staff_map(p['staff'])}"]
    sentences = ["  sentences_per_week:",
                 f"    national: {fmt(f['inflow_per_week'], 1)}   # [a:inflow]",
                 "  pdu_weights:   # [a:pdu-split] region population (millions) / PDUs in region"]
    for reg in regions:
        sentences.append(f"    # {reg['code']} {reg['name']}: {reg['population']:.2f}m / {len(reg['pdus'])}")
        sentences += [f"    {p['number']}: {fmt(p['weight'])}" for p in reg["pdus"]]
    return scenario_yaml(
        tiers,
        header=header_yaml(
            "England and Wales from Day 1 of the unified probation service (26 June 2021).",
            ["GENERATED by scripts/make-national-scenario.py from shared/data/pdus.csv: edit the script and",
             "rerun rather than editing this file. docs/national-scenario.md explains every figure."],
            "National Day 1",
            "England and Wales from unification day: 12 regions, 108 PDUs, 223,000 cases already allocated, "
            "baseline inflow calibrated so the caseload stays at its Day-1 level, staff sized for about 116% "
            "WMT capacity, HMPPS's default points.",
            log.yaml(uncertainty=NATIONAL_UNCERTAINTY)),
        horizon=horizon_yaml("5 years", SEED, 5, warmup_note="[a:horizon] the stock starts in steady state",
                             replications_note="[a:seed]"),
        organisation=organisation,
        demand=demand_yaml(sentences, "national", fmt(f["reports_per_week"], 1),
                           growth_note=" (no monthly_factors: flat)"),
        initial_caseload=initial_caseload_yaml(DAY1_CASELOAD, sh, tiers, national=True),
        rest=[["# No levers: this is the baseline. See scenarios/single-pdu.yaml for lever examples."],
              outputs_yaml("[national, region, pdu]", False, "quarterly",
                           levels_note=f"team level off: {staff['n_spo']} teams nationally")])


# ---------------------------------------------------------------------------
# The blocks of a scenario file. The three files share their layout and many of
# their blocks (scenario_yaml); the national file's pipeline and canonical
# rewrites (transform, canonical_yaml) match some of these lines word for word,
# so change them together. Comment columns need not line up here:
# align_comments sets every trailing comment in the written file.


def comment(note: str) -> str:
    """A trailing comment, or nothing when `note` is empty."""
    return f"   # {note}" if note else ""


def staff_map(st: dict, spo=None) -> str:
    """A staff (or establishment) map by grade, `{ PO: 3, PSO: 2, PQiP: 1, SPO: 1 }`; `spo` in
    place of st["SPO"] where given."""
    return f"{{ PO: {st['PO']}, PSO: {st['PSO']}, PQiP: {st['PQiP']}, SPO: {st['SPO'] if spo is None else spo} }}"


def header_yaml(title: str, generated: list[str], name: str, description: str,
                assumptions: list[str]) -> list[str]:
    """The file's opening: what it is, how it was made (comment lines), the format version
    and the metadata with its assumptions log."""
    return [f"# Caseflow scenario: {title}",
            *(f"# {line}" for line in generated),
            "# [a:ID] marks the entry in metadata.assumptions that gives a figure's source.",
            "caseflow: 1",
            "",
            "metadata:",
            f"  name: {name}",
            "  description: " + q(description),
            "  assumptions:",
            *assumptions]


def horizon_yaml(length: str, seed: int, replications: int, *,
                 warmup_note: str = "", replications_note: str = "") -> list[str]:
    """From Day 1 for `length`, no warm-up; then the seed and the number of replications."""
    return ["horizon:",
            f"  start: {DAY1.isoformat()}   # [a:day1-date]",
            f"  length: {length}   # [a:horizon]",
            "  warmup: 0 weeks" + comment(warmup_note),
            "",
            f"seed: {seed}   # [a:seed]",
            f"replications: {replications}" + comment(replications_note)]


def demand_yaml(sentences: list[str], where: str, reports: str, growth_note: str = "") -> list[str]:
    """The demand block: `sentences` (sentences_per_week and any PDU weights), flat growth
    (`growth_note` continues its comment), court reports at `where` (national or a PDU's
    number) and the reports' rules."""
    return ["demand:",
            *sentences,
            "  growth_per_year: 0%   # [a:no-seasonality]" + growth_note,
            f"  court_reports_per_week: {{ {where}: {reports} }}   # [a:court-reports]",
            f"  fast_report_share: {FAST_REPORT_SHARE}   # [a:fast-report-share]",
            f"  report_window: {REPORT_WINDOW_DAYS} days   # [a:report-window]"]


def pdu_demand_yaml(pdu: int, inflow: float, reports: float, share_id: str) -> list[str]:
    """The demand block of a file with one PDU, its national demand scaled by [a:share_id]."""
    return demand_yaml([f"  sentences_per_week: {{ {pdu}: {fmt(inflow, 2)} }}   # [a:inflow] [a:{share_id}]"],
                       str(pdu), fmt(reports, 2))


def initial_caseload_yaml(total: int, sh: dict, tiers: dict, *, national: bool = False) -> list[str]:
    """The Day-1 stock: `total` cases with the steady-state type shares `sh` and tier mix, already
    allocated; the national file also tags the PDU split and seeds the prison pipeline."""
    return ["initial_caseload:",
            f"  total: {total}   # [a:day1-caseload]",
            f"  type_shares: {{ community: {fmt(sh['community'])}, licence: {fmt(sh['licence'])}, "
            f"custody: {fmt(sh['custody'])} }}   # [a:initial-type-shares]",
            "  pdu_weights: proportional-to-demand" + comment("[a:pdu-split]" if national else ""),
            "  tier_mix:   # [a:initial-tier-mix]",
            *(f"    {k}: {tier_map(tiers['mix'][k])}" for k in ("community", "licence", "custody")),
            "  allocated: true   # [a:initial-allocated]",
            *(["  prison_pipeline: steady-state   # [a:prison-pipeline]"] if national else [])]


def outputs_yaml(levels: str, tier_breakdown: bool, wmt_snapshot: str, levels_note: str = "") -> list[str]:
    """Weekly outputs at `levels`, with or without tier breakdowns below national."""
    return ["outputs:",
            "  cadence: weekly",
            f"  levels: {levels}" + comment(levels_note),
            f"  tier_breakdown_below_national: {'true' if tier_breakdown else 'false'}",
            f"  wmt_snapshot: {wmt_snapshot}"]


def scenario_yaml(tiers: dict, *, header, horizon, organisation, demand, initial_caseload, rest) -> str:
    """A whole file: the given blocks in the format's order with the blocks all three files
    share (grades, cases, workforce, points, allocation) in their places, one blank line
    between blocks; `rest` (levers, variants, sweep, outputs) last."""
    blocks = [header, horizon, grades_yaml(), organisation, demand, cases_yaml(tiers), initial_caseload,
              workforce_yaml(), points_yaml(), allocation_yaml(), *rest]
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


def grades_yaml() -> list[str]:
    types = "[community, licence, custody]"
    return [
        "grades:                              # [a:grade-rules] [a:contracted-hours] [a:pqip-reduction]",
        f"  PO:   {{ holds_cases: true, risk: [A, B, C, D], case_types: {types}, contracted_hours: 37, "
        "reduction_hours: 0, writes_reports: true }",
        f"  PSO:  {{ holds_cases: true, risk: [C, D], case_types: {types}, contracted_hours: 37, "
        "reduction_hours: 0, writes_reports: true }",
        f"  PQiP: {{ holds_cases: true, risk: [B, C, D], case_types: {types}, max_cases: 20, contracted_hours: 37, "
        f"reduction_hours: {PQIP_REDUCTION_HOURS}, writes_reports: true }}",
        "  SPO:  { holds_cases: false, writes_reports: false }",
    ]


def dist_yaml(spec) -> str:
    kind, a, b = spec
    if kind == "lognormal":
        return f"{{ distribution: lognormal, mean: {fmt(a)} months, sd: {fmt(b)} months }}"
    return f"{{ distribution: gamma, shape: {fmt(a)}, scale: {fmt(b)} months }}"


def cases_yaml(tiers: dict) -> list[str]:
    return [
        "cases:",
        f"  custody_share: {CUSTODY_SHARE}                 # [a:custody-share]",
        f"  young_adult_share: {fmt(YOUNG_ADULT_SHARE)}                # [a:t2a]",
        f"  female_share: {FEMALE_SHARE}                 # [a:female-share]",
        "  tiering: sampled-mix",
        "  tier_mix:                           # at sentence: [a:tier-mix-risk] x [a:tier-mix-complexity]",
        f"    community: {tier_map(inflow_mix('community'))}",
        f"    custody: {tier_map(inflow_mix('custody'))}",
        f"  community_length: {dist_yaml(COMMUNITY_LENGTH)}   # [a:community-length]",
        f"  custody_time_to_serve: {dist_yaml(TIME_TO_SERVE)}   # [a:custody-time-to-serve]",
        f"  licence_length: {dist_yaml(LICENCE_LENGTH)}   # [a:licence-length]",
        f"  short_sentence_threshold: {fmt(SHORT_THRESHOLD_MONTHS)} months        # [a:short-sentence-threshold]",
        f"  handover_before_release: {fmt(HANDOVER_MONTHS)} months        # [a:handover]",
        f"  early_allocation: {{ share: {EARLY_SHARE}, handover_before_release: {fmt(EARLY_HANDOVER_MONTHS)} months }}"
        "   # [a:early-allocation]",
        f"  tier_changes: {{ per_year: {TIER_CHANGES_PER_YEAR}, escalation_share: {ESCALATION_SHARE} }}   # [a:tier-changes]",
    ]


def workforce_yaml() -> list[str]:
    rates = ", ".join(f"{g}: {v}%" for g, v in LEAVING.items())
    return [
        "workforce:",
        f"  leaving_rate_per_year: {{ {rates} }}   # [a:leaving-rates]",
        "  replace_leavers: true               # [a:replacement]",
        f"  recruitment_lead_time: {RECRUITMENT_WEEKS} weeks        # [a:replacement]",
    ]


def points_yaml() -> list[str]:
    return [
        "points:                              # [a:points-table]",
        f"  - effective: {DAY1.isoformat()}",
        "    table: hmpps-default",
    ]


def allocation_yaml() -> list[str]:
    return [
        "allocation:",
        "  policy: lowest-capacity             # [a:allocation-policy]",
        f"  cap: {ALLOCATION_CAP}%                           # [a:allocation-cap]",
        "  target: 5 working days              # [a:allocation-target]",
        "  meeting_time: \"10:00\"               # [a:allocation-policy]",
        "  preparation: 1 working days         # [a:allocation-policy]",
        "  queue_order: highest-tier-first     # [a:allocation-policy]",
    ]


# ---------------------------------------------------------------------------
# The single-PDU example: Sheffield (PDU 15), explicit teams, two levers


SINGLE_PDU = 15
SINGLE_TEAMS = 7


def scaled_log(log: Log, flows: dict, staff: dict, *, share: float, share_id: str, stock: int, inflow: float,
               quality: str, whose: str, inflow_reasoning: str, tier_mix_reasoning: str) -> None:
    """The entries of a file whose demand and Day-1 stock are the national ones times `share`
    (its log entry `share_id`, e.g. Sheffield's pdu-share): the stock, the shared entries, the
    inflow and how the stock is made up. `whose` says whose share it is ("Sheffield's")."""
    log.add("day1-caseload", f"{stock:,} cases on Day 1", f"derived from 004_57a3991b30581a3c.txt:113 x {share_id}",
            quality, f"The national 223,000 times {whose} share.")
    common_log(log, flows, staff, scale=share)
    log.add("inflow", f"{fmt(inflow, 2)} new sentences a week", f"derived: national inflow x {share_id}", quality,
            inflow_reasoning)
    sh = round_shares(flows["shares"])
    log.add("initial-type-shares", f"community {sh['community']:.1%}, licence {sh['licence']:.1%}, "
            f"custody {sh['custody']:.1%}", "derived (as national-day1.yaml)", "medium",
            "The steady-state shares of the calibrated inflow.")
    log.add("initial-tier-mix", "Day-1 tier mix = steady-state stock mix", "derived (as national-day1.yaml)",
            "low", tier_mix_reasoning)
    log.add("initial-allocated", "the Day-1 stock is already allocated", "004_57a3991b30581a3c.txt:75", "high",
            "'Lift and shift'.")


def scaled_day1_log(horizon: str, horizon_reasoning: str, about: tuple) -> Log:
    """A new log for a file smaller than the nation: Day 1, what the file covers (`about`: the
    arguments of its entry) and its horizon."""
    log = Log()
    log.add("day1-date", "starts on Day 1, 26 June 2021", "003_221d2dc672802ff6.txt:3447", "high",
            "Day 1 of the unified model.")
    log.add(*about)
    log.add("horizon", f"{horizon}, no warm-up", "assumption", "high", horizon_reasoning)
    return log


def quick_seed(log: Log, seed: int, replications: int) -> None:
    """The seed entry of the small files."""
    log.add("seed", f"random seed {seed}, {replications} replications", "assumption", "high", "Reproducible, quick.")


def single_pdu_yaml(regions, flows, tiers, staff) -> str:
    f = flows
    reg = next(r for r in regions if any(p["number"] == SINGLE_PDU for p in r["pdus"]))
    pdu = next(p for p in reg["pdus"] if p["number"] == SINGLE_PDU)
    total_weight = sum(p["weight"] for r in regions for p in r["pdus"])
    share = pdu["weight"] / total_weight
    stock = int(round(DAY1_CASELOAD * share))
    inflow = f["inflow_per_week"] * share
    reports = f["reports_per_week"] * share
    st = pdu["staff"]
    teams = []
    for i in range(SINGLE_TEAMS):
        teams.append({g: c[i] for g, c in (
            ("PO", apportion(st["PO"], [1] * SINGLE_TEAMS)),
            ("PSO", apportion(st["PSO"], [1] * SINGLE_TEAMS)[::-1]),
            ("PQiP", apportion(st["PQiP"], [1] * SINGLE_TEAMS)))})
    names = ["Sheffield North", "Sheffield North East", "Sheffield East", "Sheffield Central",
             "Sheffield South", "Sheffield South West", "Sheffield West"]

    log = scaled_day1_log("2 years", "Long enough to see both levers act; short enough to run in about a second.",
                          ("pdu", "Sheffield, PDU 15, in Yorkshire & the Humber (region B)",
                           "003_221d2dc672802ff6.txt:3550 (shared/data/pdus.csv)", "high", "Annex C of the TOM."))
    log.add("pdu-share", f"Sheffield is {share:.3%} of the national service",
            "derived from the national scenario's pdu-split (national-day1.yaml)", "low",
            "Yorkshire & the Humber's population share (5.53m of 59.69m) split equally over its 11 PDUs, as "
            "in national-day1.yaml. Sheffield's real share is not in the seeds.")
    scaled_log(log, flows, staff, share=share, share_id="pdu-share", stock=stock, inflow=inflow, quality="low",
               whose="Sheffield's",
               inflow_reasoning=f"The national steady-state inflow ({n(f['inflow_per_week'], 1)} a week, see "
               "national-day1.yaml) times Sheffield's share, so the PDU's caseload stays at its Day-1 level.",
               tier_mix_reasoning="Monte Carlo of case journeys with tier changes; see docs/national-scenario.md.")
    log.add("staff", f"{st['PO']} PO, {st['PSO']} PSO, {st['PQiP']} PQiP in {SINGLE_TEAMS} teams, one SPO each",
            "derived from the national staff-totals and pdu-split (national-day1.yaml)", "low",
            "Sheffield's staff in the national file, spread evenly over seven teams named after parts of the "
            "city (illustrative: the real team structure is not in the seeds).")
    log.add("establishment", "two teams each carry one unfilled PO post",
            "004_57a3991b30581a3c.txt:246 (vacancies exist); size: assumption", "low",
            "HMIP reports PO vacancies up to 35%, worst in the south; Sheffield is northern, so a small gap "
            "(2 posts of about 30) is shown, mainly to illustrate the establishment field.")
    log.add("lever-inflow", "+10% sentences from 1 April 2022", "004_57a3991b30581a3c.txt:406", "medium",
            "HMIP: the police uplift of 20,000 officers by 2023 'could increase probation caseloads by up to "
            "ten per cent'; the full 10% from the start of 2022/23 is the upper case.")
    log.add("lever-staff", "+3 POs from 1 October 2022",
            "003_221d2dc672802ff6.txt:2396; 004_57a3991b30581a3c.txt:412 (trainee pipeline); size and date: "
            "assumption", "low",
            "Three newly qualified officers, e.g. from the 2020/21 PQiP intake about 18 months after they "
            "started, joining Sheffield's teams in turn. The model has no PQiP-to-PO progression, so they "
            "come in as extra POs and the PQiPs stay.")
    log.add("what-ifs", "variants: 6 POs instead of 3 from October 2022; round-robin allocation. "
            "Sweep: allocation cap 110%, 130% or 150% x the inflow lever +5% or +10%",
            "assumption", "low",
            "Illustrative what-ifs for caseflow sweep and caseflow run --variant (docs/scenario-format.md, "
            "Variants and sweeps), not estimates: the base scenario's levers doubled or halved, another "
            "allocation policy, and caps from WMT's 110% warning to the national scenario's 150%.")
    quick_seed(log, 15, 3)

    organisation = ["organisation:",
                    "  regions:",
                    f"    - code: {reg['code']}",
                    f"      name: {q(reg['name'])}",
                    "      pdus:",
                    f"        - number: {SINGLE_PDU}   # [a:pdu]",
                    f"          name: {q(pdu['name'])}",
                    "          teams:   # [a:staff]"]
    for i, (t, nm) in enumerate(zip(teams, names)):
        organisation += [f"            - name: {q(nm)}",
                         f"              staff: {staff_map(t, spo=1)}"]
        if i in (1, 4):
            organisation.append(f"              establishment: {staff_map(dict(t, PO=t['PO'] + 1), spo=1)}"
                                "   # [a:establishment]")
    return scenario_yaml(
        tiers,
        header=header_yaml(
            "one PDU (Sheffield) with explicit teams and two levers; 2 years.",
            ["GENERATED by scripts/make-national-scenario.py; figures are the national scenario's, scaled."],
            "Sheffield PDU",
            "Sheffield (PDU 15) from Day 1 with explicit teams, +10% inflow from April 2022 "
            "and 3 more POs from October 2022. Small: runs in about a second.",
            log.yaml()),
        horizon=horizon_yaml("2 years", 15, 3),
        organisation=organisation,
        demand=pdu_demand_yaml(SINGLE_PDU, inflow, reports, "pdu-share"),
        initial_caseload=initial_caseload_yaml(stock, round_shares(f["shares"]), tiers),
        rest=[["levers:",
               "  - date: 2022-04-01   # [a:lever-inflow]",
               "    inflow: { scale: 1.10 }",
               "  - date: 2022-10-01   # [a:lever-staff]",
               f"    staff: {{ grade: PO, add: 3, pdu: {SINGLE_PDU} }}"],
              ["variants:   # [a:what-ifs]",
               "  - name: more-staff",
               "    description: \"6 POs from 1 October 2022 instead of 3\"",
               "    set: { \"levers[1].staff.add\": 6 }",
               "  - name: round-robin",
               "    description: \"Round-robin allocation instead of lowest capacity first\"",
               "    set: { allocation.policy: round-robin }"],
              ["sweep:   # [a:what-ifs]",
               "  grid:",
               "    allocation.cap: [110%, 130%, 150%]",
               "    levers[0].inflow.scale: [1.05, 1.10]"],
              outputs_yaml("[national, region, pdu, team]", False, "monthly")])


# ---------------------------------------------------------------------------
# The toy team: one region, one PDU, one team of six, 1 year


TOY_STAFF = {"PO": 3, "PSO": 2, "PQiP": 1, "SPO": 1}


def toy_yaml(flows, tiers, staff) -> str:
    f, s = flows, staff
    avail = (TOY_STAFF["PO"] + TOY_STAFF["PSO"]) * s["av_po"] + TOY_STAFF["PQiP"] * s["av_pqip"]
    share = avail / s["available"]               # the team's share of national available points
    stock = int(round(DAY1_CASELOAD * share))
    inflow = f["inflow_per_week"] * share
    reports = f["reports_per_week"] * share

    log = scaled_day1_log("1 year", "Short, for tests and teaching.",
                          ("toy-organisation", "one region, one PDU, one team: 3 PO, 2 PSO, 1 PQiP and an SPO",
                           "assumption", "high",
                           "A teaching and test fixture, not a real team: region code T and PDU 900 are fictional "
                           "so that nobody mistakes it for a real PDU."))
    log.add("toy-share", f"the team is {share:.4%} of the national service (its share of available points)",
            "derived from the national staff-totals (national-day1.yaml)", "medium",
            f"Six practitioners have {avail:,} available points of the national {n(s['available'])}; demand "
            "is scaled by the same share, so the team starts at the national Day-1 capacity.")
    scaled_log(log, flows, staff, share=share, share_id="toy-share", stock=stock, inflow=inflow, quality="medium",
               whose="the team's",
               inflow_reasoning="The national steady-state inflow times the team's share, so the caseload stays level.",
               tier_mix_reasoning="See docs/national-scenario.md.")
    quick_seed(log, 1, 2)

    text = scenario_yaml(
        tiers,
        header=header_yaml(
            "a toy team for tests and teaching (one region, one PDU, one team of six).",
            ["GENERATED by scripts/make-national-scenario.py; demand is the national scenario's, scaled to the team."],
            "Toy team",
            "One team of six practitioners (3 PO, 2 PSO, 1 PQiP) and an SPO for a year, with "
            "the national scenario's case mix and lengths and demand scaled to the team.",
            log.yaml()),
        horizon=horizon_yaml("1 years", 1, 2),
        organisation=["organisation:   # [a:toy-organisation]",
                      "  regions:",
                      "    - code: T",
                      "      name: \"Teaching region\"",
                      "      pdus:",
                      "        - number: 900",
                      "          name: \"Teaching PDU\"",
                      "          teams:",
                      "            - name: \"Team 1\"",
                      f"              staff: {staff_map(TOY_STAFF)}"],
        demand=pdu_demand_yaml(900, inflow, reports, "toy-share"),
        initial_caseload=initial_caseload_yaml(stock, round_shares(f["shares"]), tiers),
        rest=[outputs_yaml("[national, region, pdu, team, practitioner]", True, "monthly")])
    return text, dict(share=share, stock=stock, inflow=inflow, reports=reports, avail=avail)


# ---------------------------------------------------------------------------


def report(flows, tiers, staff, regions, toy, out=sys.stdout) -> None:
    f, s = flows, staff
    p = lambda *a: print(*a, file=out)
    p("== Calibration (Little's law) ==")
    p(f"E[community length]          {f['e_comm'] / MONTH:8.3f} months")
    p(f"P(time to serve < 10 months) {f['p_short']:8.4f}; E[T | short] {f['e_short_given'] / MONTH:.3f} months")
    p(f"E[custody stage on caseload] {f['e_custody_stage'] / MONTH:8.3f} months (per custodial sentence)")
    p(f"E[licence]                   {f['e_lic'] / MONTH:8.3f} months")
    p(f"E[time on caseload/sentence] {f['e_per_sentence'] / MONTH:8.3f} months = {f['e_per_sentence'] / WEEK:.2f} weeks")
    p(f"inflow                       {f['inflow_per_week']:8.1f} a week = {f['inflow_per_year']:,.0f} a year "
      f"({f['ratio_to_2018']:.1%} of 2018's 212,994)")
    for k, v in f["by_type_per_week"].items():
        p(f"   {k:<26}{v:8.1f} a week")
    p(f"court reports                {f['reports_per_week']:8.1f} a week")
    p("steady-state stock by type:")
    for k, v in f["stock"].items():
        p(f"   {k:<10}{v:10,.0f}  {f['shares'][k]:.4f}   (Monte Carlo time share {tiers['time_shares'][k]:.4f})")
    for k, v in f["custody_parts"].items():
        p(f"     custody {k:<30}{v:9,.0f}")
    p("== WMT points ==")
    for k in ("community", "licence", "custody"):
        p(f"   mean points per {k:<10} case {s['avg_points'][k]:7.2f}")
    p(f"case points {s['case_points']:,.0f}; reports in window {s['reports_in_window']:,.0f} x "
      f"{s['per_report']:.2f} = {s['report_points']:,.0f}; total {s['total_points']:,.0f}")
    p(f"A points {s['a_points']:,.0f}; B {s['b_points']:,.0f}; C/D+reports {s['cd_points']:,.0f}; "
      f"A/B cases {s['ab_case_share']:.1%}")
    p("== Staff ==")
    pq = s["pqip"]
    p(f"PQiP in post: 530 x {pq['legacy_remaining'] / 530:.3f} + {pq['intake']:.0f} = "
      f"{pq['legacy_remaining'] + pq['intake']:.0f} -> {s['n_pqip']}")
    p(f"PO {s['n_po']}, PSO {s['n_pso']}, PQiP {s['n_pqip']}, SPO {s['n_spo']}; available {s['available']:,} "
      f"(PO/PSO {s['av_po']}, PQiP {s['av_pqip']})")
    p(f"Day-1 capacity {s['capacity']:.1%} with reports in window, {s['capacity_cases_only']:.1%} on day 0 "
      f"(cases only)")
    p(f"A/B case points {(s['a_points'] + s['b_points']) / s['case_points']:.1%} of case points; POs hold "
      f"{s['po_available'] / s['available']:.1%} of available points")
    p(f"modelled staff {s['n_po'] + s['n_pso'] + s['n_pqip'] + s['n_spo']:,} of 16,333")
    p("simulated Day-1 stock allocation (lowest capacity first), case points only:")
    for g, v in s["alloc"]["grades"].items():
        p(f"   {g:<5} {v['cases']:7,d} cases ({v['cases'] / max(1, {'PO': s['n_po'], 'PSO': s['n_pso'], 'PQiP': s['n_pqip']}[g]):.1f} each)  "
          f"capacity {v['points'] / v['available']:.1%}  A/B share of points {v['ab_points'] / max(v['points'], 1):.1%}")
    vac = vacancy_share(s)
    p(f"steady-state vacancy share of available points {vac:.2%} -> capacity {s['capacity'] / (1 - vac):.1%}")
    p("== Regions ==")
    for r in regions:
        p(f"   {r['code']} {r['name']:<26} share {r['share']:.4f}  PO {r['PO']:5d} PSO {r['PSO']:5d} "
          f"PQiP {r['PQiP']:4d} SPO {r['SPO']:4d}  capacity {region_capacity(r, s):.1%}")
    p(f"toy team: share {toy['share']:.6f}, stock {toy['stock']}, inflow {toy['inflow']:.2f}/wk, "
      f"reports {toy['reports']:.2f}/wk, available {toy['avail']}")


def verify(path: str, expect_national: dict | None = None) -> list[str]:
    """Checks a written file: it parses, every [a:ID] is in the log and every log
    entry is complete and referenced; for the national file, the totals."""
    import re
    try:
        import yaml
    except ImportError:
        return ["PyYAML is not installed, so the written file was not checked (pip install pyyaml)"]
    text = open(path, encoding="utf-8").read()
    doc = yaml.safe_load(text)
    problems = []
    log = doc["metadata"]["assumptions"]
    ids = [e["id"] for e in log]
    if len(ids) != len(set(ids)):
        problems.append("duplicate assumption ids")
    for e in log:
        for k in ("figure", "source", "quality", "reasoning"):
            if not str(e.get(k, "")).strip():
                problems.append(f"{e['id']}: no {k}")
        if e.get("quality") not in ("high", "medium", "low"):
            problems.append(f"{e['id']}: quality {e.get('quality')}")
    refs = set(re.findall(r"\[a:([a-z0-9-]+)\]", text))
    for r in sorted(refs - set(ids)):
        problems.append(f"[a:{r}] is not in the log")
    for i in ids:
        if i not in refs:
            problems.append(f"log entry {i} is not referenced by any [a:...] comment")
    for k in ("community", "licence", "custody"):
        if set(doc["initial_caseload"]["tier_mix"][k]) != set(TIERS):
            problems.append(f"initial tier mix {k} lacks tiers")
    shares = doc["initial_caseload"]["type_shares"]
    if abs(sum(shares.values()) - 1) > 1e-9:
        problems.append(f"type shares sum to {sum(shares.values())}")
    if expect_national:
        regs = doc["organisation"]["regions"]
        pdus = [p for r in regs for p in r["pdus"]]
        nums = sorted(p["number"] for p in pdus)
        if len(regs) != 12 or nums != list(range(1, 109)):
            problems.append("not 12 regions with PDUs 1-108")
        for g in ("PO", "PSO", "PQiP", "SPO"):
            tot = sum(p["staff"][g] for p in pdus)
            if tot != expect_national[g]:
                problems.append(f"{g} total {tot} != {expect_national[g]}")
        for p in pdus:
            st = p["staff"]
            if st["SPO"] != math.ceil((st["PO"] + st["PSO"] + st["PQiP"]) / doc["organisation"]["team_size"]):
                problems.append(f"PDU {p['number']}: SPO is not one per team")
        if sorted(doc["demand"]["pdu_weights"]) != nums:
            problems.append("demand.pdu_weights does not cover the PDUs")
        if doc["initial_caseload"]["total"] != DAY1_CASELOAD:
            problems.append("initial total")
    return problems


# ===========================================================================
# The canonical national model: workforce dynamics (formerly make-pqip-pipeline.py),
# interventions (formerly make-intervention-scenarios.py) and the dated levers of 2021-2026.
# docs/national-scenario.md, docs/workforce.md and docs/interventions.md explain the figures.

# ---------------------------------------------------------------------------
# Workforce inputs (each with the id of its assumptions-log entry)

# pqip-intakes: published PQiP starters by financial year (2021 = 2021/22); 2020/21's 1,007 are in post on Day 1
PQIP_STARTERS = [(2021, 1518), (2022, 1514), (2023, 543), (2024, 1057), (2025, 1300)]
INTAKE_MONTHS = (10, 3)                           # pqip-intake-dates: two cohorts, October and March
TRAINING_MONTHS = (15, 21)                        # pqip-training-length (uniform between)
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
OTHER_RECRUITMENT_WEEKS = RECRUITMENT_WEEKS   # recruitment (as national replacement)
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
UPLIFT_TOTAL = 1.00                               # police-uplift  004:406 ("up to ten per cent"): none in the OMSQ record to 2024
UPLIFT_DATES = [dt.date(2021, 10, 1), dt.date(2022, 4, 1), dt.date(2022, 10, 1), dt.date(2023, 4, 1)]


def first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def intakes() -> list[tuple[dt.date, int]]:
    """The published starters of each financial year in two cohorts (the first takes any odd one)."""
    out = []
    for fy, total in PQIP_STARTERS:
        sizes = [total - total // 2, total // 2]
        for m, size in zip(INTAKE_MONTHS, sizes):
            out.append((first_monday(fy + (1 if m < 4 else 0), m), size))
    return out


def in_post_elapsed(staff: dict) -> list[tuple[float, float]]:
    """Months into training of the PQiPs in post on Day 1, in monthly bins (midpoint, weight):
    the 2020/21 intake started evenly over the financial year; the trainees left of the 530 are
    spread evenly over the months after the national file's elapsed time (national pqip-in-post)."""
    pq = staff["pqip"]
    a = (DAY1 - INTAKE_2020_21_END).days / MONTH
    b = (DAY1 - INTAKE_2020_21_START).days / MONTH
    c, d = pq["elapsed_months"], PQIP_PROGRAMME_MONTHS
    bins = []
    for m in range(int(math.floor(a)), int(math.ceil(d))):
        lo, hi = m, m + 1
        w = pq["intake"] * max(0.0, min(hi, b) - max(lo, a)) / (b - a)
        w += pq["legacy_remaining"] * max(0.0, min(hi, d) - max(lo, c)) / (d - c)
        if w > 0:
            bins.append((m + 0.5, round(w, 1)))
    return bins


def establishment(regions: list[dict]) -> dict:
    """PO posts by PDU: POs in post / (1 − the region's vacancy rate). The rates keep HMIP's
    shape (southern regions worst, 35 : 23) and are scaled so that the national posts are the
    POs in post x the published band 4 peak of June 2022 over September 2021 (sets PO_VACANCY)."""
    global PO_VACANCY
    po = {r["code"]: sum(p["staff"]["PO"] for p in r["pdus"]) for r in regions}
    south = sum(v for c, v in po.items() if c in SOUTHERN_REGIONS)
    other = sum(po.values()) - south
    target = sum(po.values()) * BAND4_FTE_JUN_2022 / BAND4_FTE_SEP_2021
    lo, hi = 0.0, 1.0 / 0.35
    for _ in range(100):
        k = (lo + hi) / 2
        if south / (1 - 0.35 * k) + other / (1 - 0.23 * k) < target:
            lo = k
        else:
            hi = k
    PO_VACANCY = {"south": round(0.35 * k, 4), "other": round(0.23 * k, 4)}
    out = {}
    for reg in regions:
        v = PO_VACANCY["south"] if reg["code"] in SOUTHERN_REGIONS else PO_VACANCY["other"]
        for p in reg["pdus"]:
            out[p["number"]] = int(round(p["staff"]["PO"] / (1 - v)))
    return out


class PipelineLog(Log):
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

    def yaml(self, indent: str = "    ", uncertainty: dict | None = None) -> list[str]:
        for e in self.extra:
            if all(x["id"] != e[0] for x in self.entries):
                super().add(*e)
        return super().yaml(indent, uncertainty)


def pipeline_log(staff: dict, regions: list[dict], est: dict) -> None:
    s = staff
    n_po = s["n_po"]
    posts = sum(est.values())
    vacant = posts - n_po
    leavers = LEAVING["PO"] / 100 * n_po
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
            "leavers a year: PO 7.4%, PSO 11.8%, SPO 6%; trainees leave by withdrawal (pqip-withdrawal)",
            "HMPPS workforce quarterly statistics: band 4 probation officers 7.4% (year to 30 June 2023; 8.3% to "
            "June 2024, 6.3% to June 2025), band 3 probation services officers 11.8% (year to 30 June 2023); SPO: "
            "assumption", "medium",
            "Published leaving rates, the first after Day 1; the later PO rates average to about the same (7.3%), "
            "so one constant rate is kept (the model has no dated leaving-rate lever). Trainees leave by the "
            "withdrawal share of each cohort instead of a rate. A newly qualified officer leaves at the PO rate."),
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
            f"Kent Surrey & Sussex, South Central, South West and London have {1 - SOUTHERN_PO_FACTOR:.0%} "
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
         "PQiP starters after Day 1 as published: 1,518 in 2021/22, 1,514 in 2022/23, 543 in 2023/24, 1,057 in "
         f"2024/25 and 1,300 committed for 2025/26 ({sum(x for _, x in intake_list):,} in {len(intake_list)} cohorts); "
         "split over regions, PDUs and teams in proportion to practitioners in post",
         "UK Parliament written answer 22021 (22 April 2024: 'for the two cohorts across 22/23 there were 1,514 "
         "starters, for the two cohorts across 21/22 there were 1,518 starters'); written answer HL7444 "
         "('onboarding 1,057 trainees' in 2024/25; 1,300 committed for 2025/26); 2023/24: a secondary copy of "
         "HMPPS workforce statistics (shared/reference/published-figures.md)", "high",
         "Published inputs, used as they are. The TOM planned 1,500 a year (003_221d2dc672802ff6.txt:2396; "
         "004_57a3991b30581a3c.txt:412): 2021/22 and 2022/23 met it, 2023/24 fell to about a third. The 2020/21 "
         "intake (1,007 starters, the TOM's '1,000', 004_57a3991b30581a3c.txt:514) started before Day 1 and is in "
         "pqip-in-post. The regional split is the model's default (proportional to staff); none is published "
         "here. intake_scale stays 1."),
        ("pqip-intake-dates",
         f"two cohorts a year, starting on the first Monday of {month_list}; an odd total puts the extra trainee "
         "in the first",
         "written answer 22021 ('the two cohorts across' each year); months: assumption", "low",
         "The answer gives two cohorts a year but not their dates; autumn and spring starts are taken."),
        ("pqip-training-length",
         f"training lasts between {TRAINING_MONTHS[0]} and {TRAINING_MONTHS[1]} months (uniform; mean 18 months)",
         "UK Parliament written answer, 27 March 2024: training takes 'around 15-21 months'", "medium",
         "The route depends on prior study (level 5 modules); with no split published, lengths are spread evenly "
         "over the stated range. Its mean, 18 months, is what the WMT's three 6-month reduction bands cover and "
         "what pqip-in-post assumes."),
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
         f"PO establishment = POs in post / (1 - vacancy rate): {PO_VACANCY['south']:.1%} in the southern regions "
         f"(E, F, G, L), {PO_VACANCY['other']:.1%} elsewhere: {posts:,} case-holding PO posts for {n_po:,} POs "
         f"({vacant:,} vacant, {vacant / posts:.1%}); PSOs and SPOs as staffed",
         "HMPPS workforce quarterly statistics, September 2022: band 4 POs 4,371 FTE, 'a decrease of 170 FTE "
         "since 30 June 2022' (so 4,541 on 30 June 2022, the highest of the series from September 2021 to June "
         "2023) against 4,287 on 30 September 2021; the southern shape: 004_57a3991b30581a3c.txt:246 ('as high as "
         "35 per cent', 'most acute in southern regions')", "medium",
         "Qualified trainees fill PO posts; beyond the establishment they are posted elsewhere (courts, prisons: "
         "beyond-establishment). The published band 4 FTE hardly grew after Day 1 (4,287 Sep 2021, 4,541 Jun "
         "2022, 4,371 Sep 2022, 4,418 Jun 2023) while over 1,000 trainees a year qualified: the posts that "
         "qualifiers could fill were about the leavers' posts plus 6% growth, not HMIP's 23-35% vacancies "
         "(the former assumption, which let POs in post grow 38% and band 4 FTE overshoot the published figure "
         "by 42%). So the case-holding posts are the POs in post x 4,541 / 4,287, shared with HMIP's shape "
         "(35 : 23, south worst). This sets the level of PO growth from the published series: band 4 on 30 "
         "September 2022 checks its timing, not its size."),
        ("recruitment",
         f"qualified POs are recruited against vacancies in monthly rounds: {success:.1%} of open PO posts a "
         f"round, starting {PO_RECRUITMENT_WEEKS} weeks later",
         "assumption (calibrated to leaving-rates and establishment)", "low",
         f"Qualified POs are scarce: HMIP expects the vacancy problem 'to continue to remain a challenge' "
         f"(004_57a3991b30581a3c.txt:246). The rate is set so that, at the Day-1 vacancies ({vacant:,}), external "
         f"recruits match PO leavers ({LEAVING['PO']}% of {n_po:,} = {leavers:.0f} a year): without trainees "
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
         f"({', '.join(f'{d:%d %b %Y}' for d in UPLIFT_DATES)}): the lever is kept at scale 1 (no rise); "
         "the upper bound is 1.0241 a step (+10%)",
         "004_57a3991b30581a3c.txt:406 ('could increase probation caseloads by up to ten per cent'); MoJ Offender "
         "Management Statistics Quarterly: 240,922 people on probation on 31 March 2022 and 239,015 on 31 March "
         "2024, 'virtually unchanged' from 31 March 2023 (OMSQ January to March 2024, published 25 July 2024)",
         "medium",
         "20,000 more police officers 'by 2023' could raise convictions by up to ten per cent (HMIP's upper figure). "
         "The record shows no such rise: people on probation were flat from March 2022 to March 2024. With the "
         "full 10% the model reached 271,000 people on probation in March 2024 (+13.5% on the OMSQ) and its "
         "capacity 134% by mid-2024; with none it stays within a few per cent of the record. So the steps are "
         "kept in the file at scale 1 (the timing is an assumption) and a study can put the uplift back with "
         "--set 'levers[2].inflow.scale=1.0241' and so on for levers 3-5."),
        ("pipeline-outputs",
         "weekly outputs at national and region level; the WMT snapshot at the end only",
         "assumption", "high",
         "Regional planners read regions; PDU series of every workforce metric over 5 years and 5 replications "
         "would make the run directory very large."),
    ]
    PipelineLog.drop = set()


def rewrite_lines(text: str, rules: list[tuple]) -> str:
    """`text` with each line that a rule matches replaced by that rule's lines. A rule is
    (match, new) or (match, new, following): `match` a line's beginning or a test of the whole
    line; `new` the lines to write instead, or a function of the line giving them; `following`
    how many lines after the matched one the new lines replace too (none unless given). The
    first rule that matches wins; lines no rule matches are kept."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        for match, new, *following in rules:
            if line.startswith(match) if isinstance(match, str) else match(line):
                out.extend(new(line) if callable(new) else new)
                i += following[0] if following else 0
                break
        else:
            out.append(line)
    return "\n".join(out)


def exactly(expected: str):
    """A rewrite_lines match for a whole line."""
    return lambda line: line == expected


def transform(text: str, regions: list[dict], staff: dict, est: dict, scale: float, variants_block: bool) -> str:
    """The national file's text turned into the pipeline's."""
    pdu = {}                                # the number of the PDU whose lines are being read

    def note_pdu(line: str) -> list[str]:
        pdu["number"] = int(line.split(":")[1])
        return [line]

    name = "PQiP pipeline" + (" (half intake)" if scale != 1 else "")
    desc = ("England and Wales from Day 1 for five years with the TOM's PQiP intake plan "
            "(1,500 trainees a year from 2021/22)" + (", halved" if scale != 1 else "") +
            ": trainees through the WMT's stage reductions to qualification, PO vacancies against an "
            "establishment, recruitment, the PSO to PO pathway, sickness and the extra 2021/22 leave, "
            "blended caseloads and the police uplift; otherwise as National Day 1.")
    text = rewrite_lines(text, [
        ("# Caseflow scenario: England and Wales from Day 1",
         ["# Caseflow scenario: the PQiP pipeline, England and Wales from Day 1 (26 June 2021) to June 2026."]),
        # The next line continues the national sentence: both go.
        ("# GENERATED by scripts/make-national-scenario.py",
         ["# GENERATED by scripts/make-pqip-pipeline.py (on top of scripts/make-national-scenario.py): edit",
          "# the scripts and rerun rather than editing this file. docs/workforce.md explains the workforce model."], 1),
        # The name and the description after it.
        (exactly("  name: National Day 1"), [f"  name: {name}", "  description: " + q(desc)], 1),
        ("  PQiP: { holds_cases: true",
         lambda line: [line.replace(f"reduction_hours: {PQIP_REDUCTION_HOURS}", "reduction_hours: 0")]),
        ("grades:", lambda line: [line.replace("[a:pqip-reduction]", "[a:pqip-reduction] [a:pqip-stages]")]),
        ("        - number: ", note_pdu),
        (lambda line: line.startswith("          staff: { PO: ") and "number" in pdu,
         lambda line: [line, f"          establishment: {{ PO: {est[pdu['number']]} }}   # [a:establishment]"]),
        # The national workforce block: four lines.
        (exactly("workforce:"), workforce_lines(staff, scale), 3),
        ("# No levers: this is the baseline.", lever_lines()),
        ("  levels: [national, region, pdu]", ["  levels: [national, region]          # [a:pipeline-outputs]"]),
        (exactly("  wmt_snapshot: quarterly"), ["  wmt_snapshot: final                 # [a:pipeline-outputs]"]),
    ])
    if variants_block:
        text = text.rstrip("\n") + "\n\n" + "\n".join(variant_lines()) + "\n"
    return text


def workforce_lines(staff: dict, scale: float) -> list[str]:
    rates = ", ".join(f"{g}: {v}%" for g, v in LEAVING.items() if g != "PQiP")
    success = PipelineLog.success
    L = [
        "workforce:",
        f"  leaving_rate_per_year: {{ {rates} }}   # [a:leaving-rates]",
        "  replace_leavers: true               # [a:replacement] (grades not recruited below)",
        f"  recruitment_lead_time: {RECRUITMENT_WEEKS} weeks",
        "  recruitment:                        # against the establishment, monthly rounds",
        f"    PO:  {{ lead_time: {PO_RECRUITMENT_WEEKS} weeks, success: {success} }}   # [a:recruitment] [a:establishment]",
        f"    PSO: {{ lead_time: {OTHER_RECRUITMENT_WEEKS} weeks, success: 1 }}   # [a:replacement]",
        f"    SPO: {{ lead_time: {OTHER_RECRUITMENT_WEEKS} weeks, success: 1 }}   # [a:replacement]",
        f"  absence: {{ sickness_days_per_year: {SICKNESS_DAYS} }}   # [a:sickness]",
        "  pqip:",
        f"    training_length: {{ distribution: uniform, lower: {TRAINING_MONTHS[0]} months, upper: {TRAINING_MONTHS[1]} months }}   # [a:pqip-training-length]",
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
    L.append(f"    intake_scale: {scale:g}                    # [a:pqip-intakes]")
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
    L.append(f"    from: {DAY1.isoformat()}")
    L.append(f"    until: {BLENDED_UNTIL.isoformat()}")
    return L


def lever_lines() -> list[str]:
    step = UPLIFT_TOTAL ** (1 / len(UPLIFT_DATES))
    L = ["levers:"]
    L.append(f"  - {{ date: {DAY1.isoformat()}, leave: {{ extra_days: {EXTRA_LEAVE_DAYS}, "
             f"until: {EXTRA_LEAVE_UNTIL.isoformat()} }} }}   # [a:extra-leave]")
    L.append(f"  - {{ date: {DAY1.isoformat()}, inflow: {{ scale: {RECOVERY_SCALE} }} }}   # [a:covid-recovery] calibrated")
    for d in UPLIFT_DATES:
        L.append(f"  - {{ date: {d.isoformat()}, inflow: {{ scale: {step:.4f} }} }}   # [a:police-uplift]")
    L.append(f"  - {{ date: {RESET_DATE.isoformat()}, supervision_reset: {{ scale: {RESET_SCALE}, case_types: [licence], "
             f"exempt_risk: [A], exempt_share: {RESET_EXEMPT_SHARE:.0%}, over: {RESET_OVER_WEEKS} weeks }} }}   # [a:probation-reset]")
    L.append(f"  - {{ date: {RESET_DATE.isoformat()}, supervision_reset: {{ scale: {RESET_SCALE}, case_types: [community], "
             f"exempt_risk: [A], exempt_share: {RESET_COMMUNITY_EXEMPT_SHARE:.0%}, over: {RESET_OVER_WEEKS} weeks }} }}   # [a:probation-reset]")
    L.append(f"  - {{ date: {SDS40_DATE.isoformat()}, early_release: {{ custody_scale: {SDS40_SCALE}, share: {SDS40_SHARE:.0%} }} }}   # [a:sds40]")
    return L


# ---------------------------------------------------------------------------
# Demand and policy events after Day 1 (levers) and allocation under pressure

RECOVERY_SCALE = 1.0521        # covid-recovery: calibrated to the OMSQ people on probation (docs/national-scenario.md)
RESET_DATE = dt.date(2024, 7, 1)      # probation-reset ("phased in mid-2024")
RESET_SCALE = 0.667                   # two-thirds point
RESET_EXEMPT_SHARE = 0.15             # probation-reset exemptions beyond risk A (assumption)
RESET_COMMUNITY_EXEMPT_SHARE = 0.50   # probation-reset: community orders whose other requirements run to term (assumption)
UPW_PARTY_RESTORED = (dt.date(2021, 9, 6), 6)   # upw-party-size: pre-Covid work parties again (assumption)
RESET_OVER_WEEKS = 13                 # phased in over a quarter (assumption)
SDS40_DATE = dt.date(2024, 9, 10)     # sds40
SDS40_SCALE = 0.8                     # 40% of the sentence instead of 50%
SDS40_SHARE = 0.75                    # sds40: share of custodial sentences that are eligible SDSs (assumption)
PRESSURE_CAP = 119.48                   # allocation-cap (calibrated to the MoJ's 1,655 awaiting allocation)
ABOVE_CAP_AFTER = 5                   # allocation-above-cap: working days (the TOM's target, 003:775)
CASE_HOLDING_SHARE = {"PO": 0.70, "PSO": 0.65}   # case-holding-share (assumption)
HORIZON_DAYS = 1830                   # horizon: Day 1 to 30 June 2026
NATIONAL_FACILITATORS = 480           # iv-programmes: Sheffield's 4 scaled to the nation (assumption)
ACCOMMODATION_PLACES = 6500           # iv-services
WOMENS_PLACES = 2400
ACCOMMODATION_MISSING = ["E", "F", "G"]   # 004:258: no compliant bids for accommodation in three regions (which: assumption)
ETE_MISSING = ["B"]                        # 004:258: and for ETE in one region (which: assumption)


def canonical_log_entries(staff: dict) -> list[tuple]:
    """Entries of the canonical national model beyond the workforce pipeline's."""
    return [
        ("covid-recovery",
         f"sentence inflow {RECOVERY_SCALE - 1:+.1%} above the Day-1 steady state from Day 1 (courts' recovery from "
         "Covid back towards the pre-Covid rate), so the caseload rises over the first year or so",
         "004_57a3991b30581a3c.txt:124 (HMIP expects the caseload to rise in the first 12 months as courts recover); "
         "size calibrated to MoJ Offender Management Statistics Quarterly people on probation (30 June 2021, 30 "
         "September 2021, 31 March 2022, 31 March 2024; validation/targets-2021-2022.csv)", "medium",
         "HMIP: the Day-1 caseload was below trend because of Covid (new community sentences fell 'some 12 per "
         "cent', 004_57a3991b30581a3c.txt:408) and was expected to rise over the first 12 months. The baseline "
         "inflow keeps 223,000 cases steady; the recovery is a permanent step back towards the pre-Covid rate, "
         "at most about +8% (64% community sentences x 12%). The seeds give no size: the factor is the demand "
         "parameter fitted to the OMSQ series (docs/national-scenario.md, 'Calibration')."),
        ("probation-reset",
         f"from {RESET_DATE:%d %B %Y}, licences (including post-sentence supervision) end at {RESET_SCALE:.3g} of their "
         f"length unless exempt (risk A cases and {RESET_EXEMPT_SHARE:.0%} of the others); community orders likewise, with "
         f"{RESET_COMMUNITY_EXEMPT_SHARE:.0%} of the others exempt; periods already past the new end close over "
         f"{RESET_OVER_WEEKS} weeks",
         "HMPPS Probation Reset guidance as summarised by local safeguarding partnerships (2024): supervision ends at "
         "the two-thirds point of most licences and rehabilitation activity requirements, post-sentence supervision "
         "largely ends; exemptions include MAPPA, very high risk of harm and child protection cases. Date, phasing "
         "and exempt share: assumption", "low",
         "The model has no MAPPA, RoSH or child-protection flags: risk letter A (very high or high RoSH, MAPPA "
         "2/3) stands for the first two exemptions and a further 15% of other cases for child protection and "
         "MAPPA level 1. For community orders the Reset cuts rehabilitation activity requirement days; the model "
         "does not separate requirements, so half of the other orders (those whose other requirements run to term) "
         "are taken as exempt and the rest end at two thirds (unpaid work keeps its own 12-month window). 'Phased in mid-2024': from 1 July, existing "
         "cases past their new end close over a quarter. Licence lengths include post-sentence supervision, so "
         "cutting licences also stands for PSS largely ending."),
        ("sds40",
         f"from {SDS40_DATE:%d %B %Y}, {SDS40_SHARE:.0%} of custodial sentences are released after {SDS40_SCALE:g} of "
         "their time in custody (40% of the sentence instead of 50%); those in custody then are released at once "
         "if already past that point",
         "MoJ SDS40 data: standard determinate sentences released at 40% rather than 50% from 10 September 2024; "
         "38,042 people released early between 10 September 2024 and 30 June 2025 (as summarised by Russell "
         "Webster, 31 October 2025); share eligible: assumption", "medium",
         "A release-timing lever (early_release). Sex offences, serious violent offences of four years or more and "
         "some domestic abuse offences are excluded, and extended and indeterminate sentences are not SDSs: 75% "
         "of custodial sentences eligible is an assumption. The 38,042 is a check, not an input "
         "(docs/national-scenario.md). The licence runs from the (earlier) release for the drawn licence length."),
        ("allocation-cap",
         f"a case is given to nobody it would take above {PRESSURE_CAP}% capacity unless it has waited "
         f"{ABOVE_CAP_AFTER} working days with nobody eligible under the cap (allocation-above-cap)",
         "assumption, calibrated to the MoJ's 1,655 people awaiting allocation on 25 January 2023 (written answer; "
         "the MoJ says there is no allocation target)", "medium",
         "HMPPS orders practitioners by capacity on the allocation screen (wmt-and-tiering.md §2b) and SPOs "
         "allocate above 100% when they must. A cap that binds makes cases wait when everyone suitable is full, "
         "so unallocated cases and days to allocation respond to staffing. The cap is the one allocation parameter "
         "fitted (docs/national-scenario.md)."),
        ("allocation-above-cap",
         f"after {ABOVE_CAP_AFTER} working days waiting, the SPO allocates above the cap to the eligible "
         "practitioner with the lowest capacity (no ceiling); trainees are never given cases above the cap",
         "003_221d2dc672802ff6.txt:775 (the TOM's 5-working-day allocation target); trainees: "
         "004_57a3991b30581a3c.txt:202 (protected caseloads)", "medium",
         "Cases cannot wait for ever: once the TOM's target is reached the SPO allocates to whoever is least "
         "loaded. Trainees' caseloads are protected, so they are never the ones taken over the cap."),
        ("upw-party-restored",
         f"work parties return to {UPW_PARTY_RESTORED[1]} people per supervisor from {UPW_PARTY_RESTORED[0]:%d %B %Y}",
         "assumption (England's Covid restrictions were lifted on 19 July 2021; not in the seeds)", "low",
         "Day 1 ran Covid-secure parties of 4 (upw-party-size). The date the service went back to pre-Covid "
         "party sizes is not in the seeds; early September 2021, after the lifting of restrictions, is taken. "
         "The unpaid work backlog study keeps HMIP's premise (parties of 4 throughout) by dropping this lever."),
        ("case-holding-share",
         f"of band 4 probation officers {CASE_HOLDING_SHARE['PO']:.1%} hold community cases; of band 3 probation "
         f"services officers (not trainees) {CASE_HOLDING_SHARE['PSO']:.1%}; every trainee holds cases",
         "derived from capacity-target and the published band FTE of 30 September 2021 (po-pso-split); equal "
         "for both bands: assumption", "low",
         "Not every post holds cases: court teams, prison offender managers (POs in prisons), victim liaison, "
         "approved premises, programmes and unpaid work. The capacity target fixes how many qualified case "
         f"holders the Day-1 caseload needs ({staff['n_po'] + staff['n_pso']:,}); the published band 4 and band 3 "
         f"(less trainees) FTE of 30 September 2021 are {BAND4_FTE_SEP_2021 + BAND3_FTE_SEP_2021 - staff['n_pqip']:,}; "
         f"the ratio is the case-holding share. No published split by band exists (the former 70% / 65% were "
         "guesses), so both bands get the same share. The model holds only case holders; fte_band4 and "
         "fte_band3 divide by these shares to compare with HMPPS's all-post FTE (validation/targets-2021-2022.csv)."),
        ("horizon",
         "Day 1 (26 June 2021) to 30 June 2026 (1,830 days), no warm-up",
         "assumption", "high",
         "Covers the published record from Day 1 to the last published quarter and the events of 2024 (the "
         "Probation Reset, SDS40). No warm-up: the stock starts in steady state and the prison pipeline is "
         "seeded."),
        ("national-outputs",
         "monthly outputs (the first of each month, as at 00:00: the end of the month before) at national, region "
         "and PDU level; the WMT snapshot quarterly",
         "assumption", "high",
         "Published statistics are month- and quarter-end stocks, which the first-of-month output dates give "
         "exactly (30 June is 00:00 on 1 July). Weekly outputs at every level would double a national replication's "
         "cost in writing alone; studies that need crossing dates to the week set outputs.cadence: weekly "
         "(scenarios/pqip-pipeline.yaml). Excessive workload is still checked weekly.",),
        ("iv-programmes",
         f"{NATIONAL_FACILITATORS} programme facilitators nationally (split by sentences); accredited programmes for 8% "
         "and structured interventions for 10% of community sentences",
         "assumption (Sheffield's interventions example scaled to the nation by its share of sentences)", "low",
         "The seeds give no facilitator numbers (seeds-digest §6). Facilitators are 'trained to deliver both' "
         "(003_221d2dc672802ff6.txt:1584); groups of up to 12 (003_221d2dc672802ff6.txt:1574)."),
        ("iv-services",
         f"commissioned services: accommodation ({ACCOMMODATION_PLACES:,} places nationally; no provider in "
         f"{', '.join(ACCOMMODATION_MISSING)}), women's services ({WOMENS_PLACES:,}), ETE (no provider in "
         f"{', '.join(ETE_MISSING)}; elsewhere practitioners' cover too)",
         "004_57a3991b30581a3c.txt:258 (no compliant bids for ETE in one region and for accommodation in three); "
         "which regions and places: assumption", "low",
         "HMIP names neither the regions nor the volumes; the regions are chosen for illustration and the places "
         "scale the Sheffield example. Where a lot has no provider, practitioners cover the work "
         "(004_57a3991b30581a3c.txt:260)."),
    ]


def interventions_lines() -> list[str]:
    block = UPW_BLOCK.replace("SUPERVISORS", str(SUPERVISORS)).strip("\n").split("\n")
    block = [l.replace("# [a:upw-party-size]", "# [a:upw-party-size] Covid-secure on Day 1") for l in block]
    block = [l for l in block if not l.startswith("# The unpaid work backlog")]
    block.insert(0, "# Interventions: unpaid work with the backlog carried into unification, programmes, services.")
    block += [
        "  programmes:                                 # [a:iv-programmes]",
        f"    facilitators: {{ national: {NATIONAL_FACILITATORS} }}",
        "    groups_per_facilitator: 2",
        "    facilitators_per_group: 2",
        "    accredited:",
        "      share: 8%",
        "      ready_after: { distribution: exponential, mean: 6 weeks }",
        "      sessions: 19",
        "      sessions_per_week: 2",
        "      group_size: 12",
        "      minimum_group: 6",
        "      dropout_per_session: 1%",
        "    structured:",
        "      share: 10%",
        "      ready_after: { distribution: uniform, lower: 2 weeks, upper: 8 weeks }",
        "      sessions: 8",
        "      sessions_per_week: 1",
        "      group_size: 8",
        "      minimum_group: 4",
        "      dropout_per_session: 2%",
        "  services:                                   # [a:iv-services]",
        "    - name: accommodation",
        "      referral_share: { male: 15%, female: 25% }",
        f"      capacity: {{ national: {ACCOMMODATION_PLACES} }}",
        f"      missing: [{', '.join(ACCOMMODATION_MISSING)}]",
        "      duration: { distribution: constant, value: 12 weeks }",
        "      cover: { hours: 6, over: 12 weeks }",
        "    - name: womens_services",
        "      referral_share: { female: 30% }",
        f"      capacity: {{ national: {WOMENS_PLACES} }}",
        "      duration: { distribution: exponential, mean: 16 weeks }",
        "    - name: ete",
        "      referral_share: 10%",
        f"      missing: [{', '.join(ETE_MISSING)}]",
        "      capacity: { national: 1700 }",
        "      duration: { distribution: constant, value: 12 weeks }",
        "      cover: { hours: 6, over: 12 weeks }",
        "  levers:",
        f"    - {{ date: {UPW_PARTY_RESTORED[0].isoformat()}, people_per_supervisor: {UPW_PARTY_RESTORED[1]} }}   # [a:upw-party-restored]",
    ]
    return block


# ---------------------------------------------------------------------------
# Computed tiering (docs/tiering.md): the canonical national model computes every case's
# tiers from a drawn risk and need profile with HMPPS's v2 calculator (v3 alongside).
# Formerly scenarios/national-tiering.yaml, which now only switches v2 -> v3. Every figure is
# an assumption; the profile model is calibrated by hand to the assumed tier mix at sentence
# (profile-calibration; Tests/ScenarioTests/TieringCalibrationTests.swift).

TIERING_ASSUMPTIONS = [
    ('tiering-model', "tiers computed by hmpps-tier's v2 rules from drawn profiles (v3 computed alongside; v2 weighs cases)",
     'HMPPS reference: hmpps-tier calculation code (wmt-and-tiering.md §1; docs/tiering.md)', 'high',
     "The calculators are HMPPS's own rules, tested case by case; the profiles they read are assumptions (below). The v2 calculator weighs cases because HMPPS's WMT is keyed on v2 tiers. With computed tiering the assumed tier mixes (tier-mix-risk, tier-mix-complexity, initial-tier-mix) and the random tier steps (tier-changes) draw nothing: they stay in the file as the calibration target of the profiles (profile-calibration) and for studies that set cases.tiering: sampled-mix (the model before December 2026)."),
    ('profile-factors', 'two latent factors (harm, reoffending), correlation 0.4; custody-sentenced cases +0.45 harm, +0.3 reoffending',
     'assumption', 'low',
     'Risk of serious harm and likelihood of reoffending are related but distinct (many high-RoSH domestic abuse cases have moderate OGRS; many prolific acquisitive offenders are low RoSH), so a moderate correlation. Custody is given for the more serious and persistent offending, so custody-sentenced cases sit higher on both. No seed gives joint distributions; the shift (+0.45, +0.3) is the calibrated value, tuned by hand with the RoSH, needs and assessment shares below to the tier mix (profile-calibration).'),
    ('profile-rosh', 'RoSH among community-sentenced cases: low 28%, medium 51%, high 20%, very high 1%; loading 0.9 on harm',
     'assumption', 'low',
     "Most people on probation are assessed medium or low RoSH and a minority high; very high is rare. The RoSH register is the main driver of the protect axis (and of v3's MAPPA × RoSH step). These shares are the calibrated values (profile-calibration), tuned by hand so that protect letters A/B/C/D at sentence match the assumed mix; the loading was not tuned."),
    ('profile-mappa', 'MAPPA among community-sentenced cases: none 95.5%, level 1 4%, level 2 0.4%, level 3 0.1%; loading 0.75 on harm',
     'assumption', 'low',
     'MAPPA-eligible people are a small part of the probation caseload and almost all are managed at level 1; levels 2 and 3 (which put a case in protect level A) are a few per thousand.'),
    ('profile-rsr', 'RSR % quantiles 0.1 / 0.8 / 1.8 / 3.5 / 6.0 / 9.0 / 40 at 0 / 25 / 50 / 75 / 90 / 97 / 100%; loadings harm 0.5, reoffending 0.6',
     'assumption', 'low',
     'RSR (risk of serious recidivism) is mostly low: about a quarter at 3% or more (10 protect points) and about one in ten at 7% or more (20 points, protect B) among community-sentenced cases, more after custody. It predicts serious reoffending, so it loads on both factors.'),
    ('profile-ogrs', 'OGRS % quantiles 2 / 20 / 40 / 62 / 78 / 97 at 0 / 25 / 50 / 75 / 90 / 100%; loading 0.9 on reoffending',
     'assumption', 'low',
     'OGRS (two-year proven reoffending) spans the whole range on probation, with a median around 40%. It adds up to 10 change points.'),
    ('profile-arp-csrp', 'ARP % quantiles 2 / 18 / 38 / 60 / 76 / 97 (reoffending 0.9); CSRP % quantiles 0.05 / 0.5 / 1.1 / 2.3 / 4.0 / 7.0 / 25 at 0 / 25 / 50 / 75 / 90 / 97 / 100% (harm 0.55, reoffending 0.5)',
     'assumption', 'low',
     'The OGRS4 predictors (v3): ARP is the all-reoffending score, distributed like OGRS; CSRP, the combined serious reoffending predictor, like RSR. Static when there is no full assessment.'),
    ('profile-needs', 'each of the eight criminogenic needs: no need 45%, standard 33%, severe 22%; loading 0.7 on reoffending',
     'assumption', 'low',
     'OASys finds most people on probation with several needs; severe needs cluster in people with high likelihood of reoffending. The shares and the loading are the calibrated values, tuned by hand with OGRS to the complexity digits (profile-calibration).'),
    ('profile-registrations', 'registrations at sentence: RMDO 12%, ALSH 6%, RVLN 5%, RCCO 8%, RCPR 3%, RCHD 6%, RPIR 1%, RVAD 2%, STRG 2%, RTAO 0.2%, IIOM 4%, ADVP 18%, SPO 0.5%',
     'assumption', 'low',
     'Mental health and domestic abuse registrations are common, child-related ones less so, terrorism and stalking orders rare; IOM takes a few per cent of the most prolific. Child-related, terrorism and domestic abuse registrations load on harm, IOM and gangs on reoffending.'),
    ('profile-assessment', 'valid OASys assessment 90%; community sentences with a mandate for change 70%',
     'assumption', 'low',
     'Most cases have a current layer-3 assessment; without one the change level is 2 and the OGRS4 predictors are static (v3 provisional). About 30% of community sentences are unpaid work or restrictive requirements only (no mandate, change level 0), which matches the share of complexity 0 in the national tier mix (tier-mix-complexity). The assessment share (90%) is the calibrated value (profile-calibration); the mandate share was set from the complexity-0 share, not tuned.'),
    ('profile-women', 'women: parenting responsibilities 45%, impulsivity or temper control 55% (loading 0.4 on reoffending)',
     'assumption', 'low',
     "The women's factors add up to 6 protect points; many women on probation are mothers and OASys often records problems with self-control."),
    ('profile-sexual', 'ever committed a sexual offence 5% (harm 0.4); DC-SRP low 55%, medium 30%, high 12%, very high 3% (harm 0.5); lifers 1% of custody-sentenced cases (harm 0.5)',
     'assumption', 'low',
     'People convicted of sexual offences are a small part of the caseload; most score low on DC-SRP. Lifers and IPP prisoners are a small part of releases.'),
    ('reassessment', 'reassessment every 52 weeks, at release, at a breach or recall (0.2 a year) and at a new registration (0.1 a year); own parts of dynamic attributes persist with correlation 0.8',
     'assumption; HMPPS reference: hmpps-tier applied a 55-week assessment age limit until 2026 (wmt-and-tiering.md §1c)', 'low',
     'hmpps-tier recalculates on every change in nDelius or OASys; OASys reviews are at least annual (the 55-week limit), and release, enforcement and registrations are the events that prompt one. Rates of breach/recall and of new registrations are not in the seeds. Persistence 0.8 makes most reassessments leave the tier as it was.'),
    ('profile-calibration', 'calibrated: the computed v2 mix at sentence against the national tier mix (tier-mix-risk, tier-mix-complexity)',
     'assumption', 'low',
     "The RoSH shares, the assessment share, the needs and the custody shift were tuned by hand until the v2 tiers computed from 50,000 drawn profiles of each kind matched the scenario's assumed mix at sentence: community letters A/B/C/D 1.3/21.6/50.5/26.6% against 1.5/22/49/27.5%, digits 3/2/1/0 11.4/30.6/28.4/29.7% against 12/30/28/30%; custody letters 3.5/34.0/47.9/14.5% against 3/35/44/18% (the model puts a few points too many custody cases in C rather than D), digits 23.9/45.6/30.5/0% against 25/45/30/0%. Cases only a PO may hold (protect A or B): 22.9% of community and 37.6% of custody sentences, against 23.5% and 38% in the assumed mix. Tests/ScenarioTests/TieringCalibrationTests.swift holds the bands (5 points). That mix is itself an assumption (tier-mix-risk, tier-mix-complexity); nothing here was checked against HMPPS's published tier counts."),
    ('v3-weighting', 'v3 tiers weighted as v2 tiers: A as A2, B as B2, C as C3, D as C2, E as C1, F as D2, G as D1',
     'assumption', 'low',
     "HMPPS's WMT weightings are keyed on the v2 tiers and no v3 weightings are published. Each v3 tier takes the points (and the grades that may hold it) of a v2 tier of similar standing, falling monotonically from A to G; PSOs may hold C … G."),
]

TIERING_BLOCK = """
# Computed tiering: a risk and need profile on every case, reassessed; HMPPS's v2 and v3
# calculators run on it (docs/tiering.md). Every figure below is an assumption in the log.
tiering:
  calculator: v2
  v3_weighting: { A: A2, B: B2, C: C3, D: C2, E: C1, F: D2, G: D1 }   # [a:v3-weighting]
  reassessment:                                                           # [a:reassessment]
    every: 52 weeks
    persistence: 0.8
    on_release: true
    enforcement_per_year: 0.2
    registrations_per_year: 0.1
  profiles:                         # [a:profile-calibration] tuned to the tier mix at sentence
    factor_correlation: 0.4                                               # [a:profile-factors]
    custody_shift: { harm: 0.45, reoffending: 0.3 }
    rosh: { levels: { LOW: 0.28, MEDIUM: 0.51, HIGH: 0.20, VERY_HIGH: 0.01 }, harm: 0.9 }   # [a:profile-rosh]
    mappa: { levels: { none: 0.955, M1: 0.04, M2: 0.004, M3: 0.001 }, harm: 0.75 }         # [a:profile-mappa]
    rsr: { quantiles: { 0: 0.1, 0.25: 0.8, 0.5: 1.8, 0.75: 3.5, 0.9: 6.0, 0.97: 9.0, 1: 40 }, harm: 0.5, reoffending: 0.6 }   # [a:profile-rsr]
    ogrs: { quantiles: { 0: 2, 0.25: 20, 0.5: 40, 0.75: 62, 0.9: 78, 1: 97 }, reoffending: 0.9 }   # [a:profile-ogrs]
    arp: { quantiles: { 0: 2, 0.25: 18, 0.5: 38, 0.75: 60, 0.9: 76, 1: 97 }, reoffending: 0.9 }     # [a:profile-arp-csrp]
    csrp: { quantiles: { 0: 0.05, 0.25: 0.5, 0.5: 1.1, 0.75: 2.3, 0.9: 4.0, 0.97: 7.0, 1: 25 }, harm: 0.55, reoffending: 0.5 }
    needs: { levels: { NO_NEED: 0.45, STANDARD: 0.33, SEVERE: 0.22 }, reoffending: 0.7 }   # [a:profile-needs]
    registrations:                                                        # [a:profile-registrations]
      RMDO: { share: 0.12, harm: 0.1 }
      ALSH: { share: 0.06, harm: 0.1 }
      RVLN: { share: 0.05 }
      RCCO: { share: 0.08, harm: 0.2 }
      RCPR: { share: 0.03, harm: 0.3 }
      RCHD: { share: 0.06, harm: 0.5 }
      RPIR: { share: 0.01, harm: 0.3 }
      RVAD: { share: 0.02 }
      STRG: { share: 0.02, reoffending: 0.3 }
      RTAO: { share: 0.002, harm: 0.5 }
      IIOM: { share: 0.04, reoffending: 0.6 }
      ADVP: { share: 0.18, harm: 0.4 }
      SPO: { share: 0.005, harm: 0.3 }
    parenting: { share: 0.45 }                                            # [a:profile-women]
    self_control: { share: 0.55, reoffending: 0.4 }
    assessment: { share: 0.90 }                                           # [a:profile-assessment]
    community_mandate: { share: 0.70 }
    sexual_offence: { share: 0.05, harm: 0.4 }                            # [a:profile-sexual]
    dcsrp_bands: { levels: { LOW: 0.55, MEDIUM: 0.30, HIGH: 0.12, VERY_HIGH: 0.03 }, harm: 0.5 }
    lifer: { share: 0.01, harm: 0.5 }
"""


def canonical_yaml(regions, flows, tiers, staff) -> str:
    """The canonical national model: the Day-1 world with every component on."""
    est = establishment(regions)
    pipeline_log(staff, regions, est)
    drop = {"pipeline-outputs", "allocation-cap"}
    extra = [e for e in PipelineLog.extra if e[0] not in drop]
    new = canonical_log_entries(staff)
    PipelineLog.replace.update({e[0]: e[1:] for e in new if e[0] in ("allocation-cap", "horizon")})
    extra += [e for e in new if e[0] not in ("allocation-cap", "horizon")]
    extra += [(a, f, src, qual, r) for (a, f, src, qual, r) in UPW_ASSUMPTIONS if a != "upw-doubled"]
    extra += TIERING_ASSUMPTIONS
    PipelineLog.extra = extra
    base = national_yaml(regions, flows, tiers, staff, log_class=PipelineLog)
    text = rewrite_lines(transform(base, regions, staff, est, 1.0, False), [
        ("# Caseflow scenario: the PQiP pipeline",
         ["# Caseflow scenario: the national model, England and Wales from Day 1 (26 June 2021) to 30 June 2026."]),
        ("# GENERATED by scripts/make-pqip-pipeline.py",
         ["# GENERATED by scripts/make-national-scenario.py (the one generator): edit the script and rerun"]),
        ("# the scripts and rerun rather than editing this file. docs/workforce.md",
         ["# rather than editing this file. docs/national-scenario.md explains every figure; studies extend it."]),
        (exactly("  name: PQiP pipeline"), ["  name: National"]),
        (lambda line: line.startswith("  description: ") and "PQiP intake plan" in line,
         ["  description: " + q(
             "England and Wales from Day 1 (26 June 2021) to 30 June 2026 with every component on: demand with "
             "the courts' Covid recovery (the police uplift's steps kept at none), court reports, custody and licence with the "
             "prison pipeline, workforce dynamics (published PQiP intakes, training, the newly qualified year, "
             "published leaving rates, recruitment against the establishment, PSO progression, blended caseloads), "
             "interventions (unpaid work with the Day-1 backlog, programmes, commissioned services), allocation "
             "under pressure, the Probation Reset (mid-2024) and SDS40 early release (10 September 2024).")]),
        ("  length: 5 years", [f"  length: {HORIZON_DAYS} days                   # [a:horizon]"]),
        ("  levels: [national, region]", ["  levels: [national, region, pdu]       # [a:national-outputs]"]),
        ("  cadence: weekly", ["  cadence: monthly                    # [a:national-outputs]"]),
        (exactly("  tiering: sampled-mix"),
         ["  tiering: computed                   # [a:tiering-model] the tiering block at the end"]),
        ("  wmt_snapshot: final", ["  wmt_snapshot: quarterly"]),
        (lambda line: line.startswith("  cap: ") and "allocation-cap" in line,
         [f"  cap: {PRESSURE_CAP}%                           # [a:allocation-cap] calibrated",
          f"  above_cap: {{ after: {ABOVE_CAP_AFTER} working days }}   # [a:allocation-above-cap]"]),
        ("  absence: ",
         lambda line: [line, f"  case_holding_share: {{ PO: {CASE_HOLDING_SHARE['PO']:.1%}, "
                             f"PSO: {CASE_HOLDING_SHARE['PSO']:.1%} }}   # [a:case-holding-share]"]),
    ])
    return (text.rstrip("\n") + "\n\n" + "\n".join(interventions_lines()) + "\n\n"
            + TIERING_BLOCK.strip("\n") + "\n")


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



# ---------------------------------------------------------------------------
# Interventions inputs

SUPERVISORS = 850          # [a:upw-supervisors] (700 x the community inflow's rise with custody-share: 2,607.7 / 2,142.3 a week)
PARTY = 4                  # [a:upw-party-size]

UPW_ASSUMPTIONS = [
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
     "The seeds give no UPW staffing (seeds-digest section 6; HMIP: recruiting unpaid work staff 'has been challenging', 004_57a3991b30581a3c.txt:668). Sized so that before Covid, with work parties of 6, the service had about 10% more effective places than hours ordered (850 x 6 x 7 h x 5 days x 0.95 sessions not stood down x 0.85 attendance, less bank holidays, is about 140,000 hours a week against 132,000 ordered: 45% of 2,607.7 community sentences a week x 112.4 hours). It was 700 when the custody share was 36% and community sentences 2,142 a week; scaled with them so the sizing keeps its meaning."),
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

UPW_BLOCK = f"""
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



def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pdus", default=os.path.join(root, "..", "shared", "data", "pdus.csv"),
                    help="PDU list (default: ../shared/data/pdus.csv from the repository root)")
    ap.add_argument("--out-dir", default=os.path.join(root, "scenarios"))
    ap.add_argument("--check", action="store_true", help="Monte Carlo the national caseload over 5 years")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()

    regions = read_pdus(args.pdus)
    global CUSTODY_SHARE
    CUSTODY_SHARE = custody_share_from_releases()
    flows = calibrate_flows()
    tiers = stock_tier_mix()
    staff = size_staff(flows, tiers)
    split_staff(regions, staff)
    staff["n_spo"] = sum(r["SPO"] for r in regions)
    staff["alloc"] = simulate_day1_allocation(regions, flows, tiers)

    os.makedirs(args.out_dir, exist_ok=True)
    files = {
        "national-day1.yaml": canonical_yaml(regions, flows, tiers, staff),
        "single-pdu.yaml": single_pdu_yaml(regions, flows, tiers, staff),
    }
    toy_text, toy = toy_yaml(flows, tiers, staff)
    files["toy-team.yaml"] = toy_text
    files["national-day1.yaml"] = resolve_lever_paths(files["national-day1.yaml"])
    for name, text in files.items():
        text = align_comments(text)
        with open(os.path.join(args.out_dir, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    expect = {"PO": staff["n_po"], "PSO": staff["n_pso"], "PQiP": staff["n_pqip"], "SPO": staff["n_spo"]}
    bad = False
    for name in files:
        problems = verify(os.path.join(args.out_dir, name), expect if name == "national-day1.yaml" else None)
        for pr in problems:
            print(f"{name}: {pr}", file=sys.stderr)
        bad = bad or bool(problems)
    if bad:
        sys.exit(1)
    if not args.quiet:
        report(flows, tiers, staff, regions, toy)
        print("wrote " + ", ".join(os.path.join(args.out_dir, k) for k in files))
    if args.check:
        c = check_trajectory(flows)
        base = DAY1_CASELOAD
        print("== 5-year check (model rules, one Monte Carlo run) ==")
        for wk in range(0, len(c["caseload"]), 13):
            print(f"   week {int(c['weeks'][wk]):3d}  {c['caseload'][wk]:8,d}  {c['caseload'][wk] / base - 1:+.2%}")
        print(f"   min {c['min']:,} ({c['min'] / base - 1:+.2%}) at week {c['argmin_week']}; max {c['max']:,} "
              f"({c['max'] / base - 1:+.2%}); final {c['final']:,} ({c['final'] / base - 1:+.2%})")
        w2 = c["with_prison"]
        print(f"   if the {c['prison_stock']:,} long-sentence prisoners due to hand over after Day 1 could be "
              f"seeded: min {w2.min() / base - 1:+.2%}, max {w2.max() / base - 1:+.2%}, final {w2[-1] / base - 1:+.2%}")


if __name__ == "__main__":
    main()
