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

CUSTODY_SHARE = 0.36                          # custody-share
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
PO_SHARE_OF_QUALIFIED = 0.60   # po-pso-split: POs as a share of PO+PSO
TEAM_SIZE = 10                 # team-size
LEAVING = {"PO": 9, "PSO": 12, "PQiP": 8, "SPO": 6}   # leaving-rates, % a year
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
    ends[k] = rng.random(k.sum()) * HANDOVER_DAYS + np.maximum(1.0, sample(LICENCE_LENGTH, rng, k.sum()))
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

    def yaml(self, indent: str = "    ") -> list[str]:
        out = []
        for e in self.entries:
            out.append(f"{indent}- id: {e['id']}")
            for k in ("figure", "source", "quality", "reasoning"):
                v = e[k] if k == "quality" else q(e[k])
                out.append(f"{indent}  {k}: {v}")
        return out


def n(x: float, dp: int = 0) -> str:
    return f"{x:,.{dp}f}"


# ---------------------------------------------------------------------------
# The assumptions shared by all three files


def common_log(log: Log, flows: dict, staff: dict, *, scale: float = 1.0) -> None:
    """Entries about cases, demand, grades, points and allocation, shared by the
    three files; `scale` is the file's share of the national service."""
    f, s = flows, staff
    log.add("custody-share", f"{CUSTODY_SHARE:.0%} of new sentences are custodial (immediate custody); "
            f"{1 - CUSTODY_SHARE:.0%} are community orders or suspended sentence orders",
            "assumption", "medium",
            "The seeds give only the total of custodial and community sentences (212,994 in 2018, "
            "003_221d2dc672802ff6.txt:562), not the split. Immediate custody has been roughly a third of "
            "that total in the years before 2021 (public sentencing statistics, not in the seeds); 36% is "
            "taken. It sets the licence and pre-release share of the caseload.")
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
    log.add("leaving-rates", "leavers a year: PO 9%, PSO 12%, PQiP 8%, SPO 6%", "assumption", "low",
            "Turnover is not in the seeds (seeds-digest §6). Rates of this order are typical of the civil "
            "service and probation grades; PSOs leave more often than POs.")
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


def national_yaml(regions, flows, tiers, staff) -> str:
    f, s = flows, staff
    log = Log()
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
    log.add("po-pso-split", f"qualified case holders: {PO_SHARE_OF_QUALIFIED:.0%} POs, "
            f"{1 - PO_SHARE_OF_QUALIFIED:.0%} PSOs ({s['n_po']:,} POs, {s['n_pso']:,} PSOs)",
            "assumption", "low",
            f"Tier A/B work is {(s['a_points'] + s['b_points']) / s['case_points']:.0%} of Day-1 case points "
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

    L = []
    w = L.append
    w("# Caseflow scenario: England and Wales from Day 1 of the unified probation service (26 June 2021).")
    w("# GENERATED by scripts/make-national-scenario.py from shared/data/pdus.csv: edit the script and")
    w("# rerun rather than editing this file. docs/national-scenario.md explains every figure.")
    w("# [a:ID] marks the entry in metadata.assumptions that gives a figure's source.")
    w("caseflow: 1")
    w("")
    w("metadata:")
    w("  name: National Day 1")
    w("  description: " + q(
        "England and Wales from unification day: 12 regions, 108 PDUs, 223,000 cases already allocated, "
        "baseline inflow calibrated so the caseload stays at its Day-1 level, staff sized for about 116% "
        "WMT capacity, HMPPS's default points."))
    w("  assumptions:")
    L.extend(log.yaml())
    w("")
    w("horizon:")
    w(f"  start: {DAY1.isoformat()}                   # [a:day1-date]")
    w("  length: 5 years                     # [a:horizon]")
    w("  warmup: 0 weeks                     # [a:horizon] the stock starts in steady state")
    w("")
    w(f"seed: {SEED}                         # [a:seed]")
    w("replications: 5                       # [a:seed]")
    w("")
    L.extend(grades_yaml())
    w("")
    w("organisation:")
    w(f"  team_size: {TEAM_SIZE}                        # [a:team-size]")
    w("  # Staff per PDU: national totals [a:staff-totals] from [a:capacity-target], [a:po-pso-split] and")
    w("  # [a:pqip-in-post]; split over regions by [a:pdu-split], POs adjusted by [a:po-vacancy-south];")
    w("  # SPO = one per team of team_size practitioners (rounded up).")
    w("  regions:                            # [a:structure]")
    for reg in regions:
        w(f"    - code: {reg['code']}")
        w(f"      name: {q(reg['name'])}")
        w(f"      # {reg['population']:.2f}m people, {len(reg['pdus'])} PDUs; staff PO {reg['PO']}, PSO {reg['PSO']}, "
          f"PQiP {reg['PQiP']}, SPO {reg['SPO']}; expected Day-1 capacity {region_capacity(reg, s):.0%}")
        w("      pdus:")
        for p in reg["pdus"]:
            st = p["staff"]
            w(f"        - number: {p['number']}")
            w(f"          name: {q(p['name'])}")
            w(f"          staff: {{ PO: {st['PO']}, PSO: {st['PSO']}, PQiP: {st['PQiP']}, SPO: {st['SPO']} }}")
    w("")
    w("demand:")
    w("  sentences_per_week:")
    w(f"    national: {fmt(f['inflow_per_week'], 1)}                   # [a:inflow]")
    w("  pdu_weights:                        # [a:pdu-split] region population (millions) / PDUs in region")
    for reg in regions:
        w(f"    # {reg['code']} {reg['name']}: {reg['population']:.2f}m / {len(reg['pdus'])}")
        for p in reg["pdus"]:
            w(f"    {p['number']}: {fmt(p['weight'])}")
    w("  growth_per_year: 0%                 # [a:no-seasonality] (no monthly_factors: flat)")
    w(f"  court_reports_per_week: {{ national: {fmt(f['reports_per_week'], 1)} }}   # [a:court-reports]")
    w(f"  fast_report_share: {FAST_REPORT_SHARE}              # [a:fast-report-share]")
    w(f"  report_window: {REPORT_WINDOW_DAYS} days                 # [a:report-window]")
    w("")
    L.extend(cases_yaml(tiers))
    w("")
    w("initial_caseload:")
    w(f"  total: {DAY1_CASELOAD}                       # [a:day1-caseload]")
    w(f"  type_shares: {{ community: {fmt(sh['community'])}, licence: {fmt(sh['licence'])}, "
      f"custody: {fmt(sh['custody'])} }}   # [a:initial-type-shares]")
    w("  pdu_weights: proportional-to-demand   # [a:pdu-split]")
    w("  tier_mix:                           # [a:initial-tier-mix]")
    for k in ("community", "licence", "custody"):
        w(f"    {k}: {tier_map(tiers['mix'][k])}")
    w("  allocated: true                     # [a:initial-allocated]")
    w("  prison_pipeline: steady-state       # [a:prison-pipeline]")
    w("")
    L.extend(workforce_yaml())
    w("")
    L.extend(points_yaml())
    w("")
    L.extend(allocation_yaml())
    w("")
    w("# No levers: this is the baseline. See scenarios/single-pdu.yaml for lever examples.")
    w("")
    w("outputs:")
    w("  cadence: weekly")
    w(f"  levels: [national, region, pdu]     # team level off: {staff['n_spo']} teams nationally")
    w("  tier_breakdown_below_national: false")
    w("  wmt_snapshot: quarterly")
    return "\n".join(L) + "\n"


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


def single_pdu_yaml(regions, flows, tiers, staff) -> str:
    f, s = flows, staff
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

    log = Log()
    log.add("day1-date", "starts on Day 1, 26 June 2021", "003_221d2dc672802ff6.txt:3447", "high",
            "Day 1 of the unified model.")
    log.add("pdu", "Sheffield, PDU 15, in Yorkshire & the Humber (region B)",
            "003_221d2dc672802ff6.txt:3550 (shared/data/pdus.csv)", "high", "Annex C of the TOM.")
    log.add("horizon", "2 years, no warm-up", "assumption", "high",
            "Long enough to see both levers act; short enough to run in about a second.")
    log.add("pdu-share", f"Sheffield is {share:.3%} of the national service",
            "derived from the national scenario's pdu-split (national-day1.yaml)", "low",
            "Yorkshire & the Humber's population share (5.53m of 59.69m) split equally over its 11 PDUs, as "
            "in national-day1.yaml. Sheffield's real share is not in the seeds.")
    log.add("day1-caseload", f"{stock:,} cases on Day 1", "derived from 004_57a3991b30581a3c.txt:113 x pdu-share",
            "low", "The national 223,000 times Sheffield's share.")
    common_log(log, flows, staff, scale=share)
    log.add("inflow", f"{fmt(inflow, 2)} new sentences a week", "derived: national inflow x pdu-share",
            "low", f"The national steady-state inflow ({n(f['inflow_per_week'], 1)} a week, see "
            "national-day1.yaml) times Sheffield's share, so the PDU's caseload stays at its Day-1 level.")
    sh = round_shares(f["shares"])
    log.add("initial-type-shares", f"community {sh['community']:.1%}, licence {sh['licence']:.1%}, "
            f"custody {sh['custody']:.1%}", "derived (as national-day1.yaml)", "medium",
            "The steady-state shares of the calibrated inflow.")
    log.add("initial-tier-mix", "Day-1 tier mix = steady-state stock mix", "derived (as national-day1.yaml)",
            "low", "Monte Carlo of case journeys with tier changes; see docs/national-scenario.md.")
    log.add("initial-allocated", "the Day-1 stock is already allocated", "004_57a3991b30581a3c.txt:75", "high",
            "'Lift and shift'.")
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
    log.add("seed", "random seed 15, 3 replications", "assumption", "high", "Reproducible, quick.")

    L = []
    w = L.append
    w("# Caseflow scenario: one PDU (Sheffield) with explicit teams and two levers; 2 years.")
    w("# GENERATED by scripts/make-national-scenario.py; figures are the national scenario's, scaled.")
    w("# [a:ID] marks the entry in metadata.assumptions that gives a figure's source.")
    w("caseflow: 1")
    w("")
    w("metadata:")
    w("  name: Sheffield PDU")
    w("  description: " + q("Sheffield (PDU 15) from Day 1 with explicit teams, +10% inflow from April 2022 "
                            "and 3 more POs from October 2022. Small: runs in about a second."))
    w("  assumptions:")
    L.extend(log.yaml())
    w("")
    w("horizon:")
    w(f"  start: {DAY1.isoformat()}                   # [a:day1-date]")
    w("  length: 2 years                     # [a:horizon]")
    w("  warmup: 0 weeks")
    w("")
    w("seed: 15                              # [a:seed]")
    w("replications: 3")
    w("")
    L.extend(grades_yaml())
    w("")
    w("organisation:")
    w("  regions:")
    w(f"    - code: {reg['code']}")
    w(f"      name: {q(reg['name'])}")
    w("      pdus:")
    w(f"        - number: {SINGLE_PDU}                  # [a:pdu]")
    w(f"          name: {q(pdu['name'])}")
    w("          teams:                      # [a:staff]")
    for i, (t, nm) in enumerate(zip(teams, names)):
        w(f"            - name: {q(nm)}")
        w(f"              staff: {{ PO: {t['PO']}, PSO: {t['PSO']}, PQiP: {t['PQiP']}, SPO: 1 }}")
        if i in (1, 4):
            w(f"              establishment: {{ PO: {t['PO'] + 1}, PSO: {t['PSO']}, PQiP: {t['PQiP']}, SPO: 1 }}"
              "   # [a:establishment]")
    w("")
    w("demand:")
    w(f"  sentences_per_week: {{ {SINGLE_PDU}: {fmt(inflow, 2)} }}   # [a:inflow] [a:pdu-share]")
    w("  growth_per_year: 0%                 # [a:no-seasonality]")
    w(f"  court_reports_per_week: {{ {SINGLE_PDU}: {fmt(reports, 2)} }}   # [a:court-reports]")
    w(f"  fast_report_share: {FAST_REPORT_SHARE}              # [a:fast-report-share]")
    w(f"  report_window: {REPORT_WINDOW_DAYS} days                 # [a:report-window]")
    w("")
    L.extend(cases_yaml(tiers))
    w("")
    w("initial_caseload:")
    w(f"  total: {stock}                         # [a:day1-caseload]")
    w(f"  type_shares: {{ community: {fmt(sh['community'])}, licence: {fmt(sh['licence'])}, "
      f"custody: {fmt(sh['custody'])} }}   # [a:initial-type-shares]")
    w("  pdu_weights: proportional-to-demand")
    w("  tier_mix:                           # [a:initial-tier-mix]")
    for k in ("community", "licence", "custody"):
        w(f"    {k}: {tier_map(tiers['mix'][k])}")
    w("  allocated: true                     # [a:initial-allocated]")
    w("")
    L.extend(workforce_yaml())
    w("")
    L.extend(points_yaml())
    w("")
    L.extend(allocation_yaml())
    w("")
    w("levers:")
    w("  - date: 2022-04-01                  # [a:lever-inflow]")
    w("    inflow: { scale: 1.10 }")
    w("  - date: 2022-10-01                  # [a:lever-staff]")
    w(f"    staff: {{ grade: PO, add: 3, pdu: {SINGLE_PDU} }}")
    w("")
    w("variants:                              # [a:what-ifs]")
    w("  - name: more-staff")
    w("    description: \"6 POs from 1 October 2022 instead of 3\"")
    w("    set: { \"levers[1].staff.add\": 6 }")
    w("  - name: round-robin")
    w("    description: \"Round-robin allocation instead of lowest capacity first\"")
    w("    set: { allocation.policy: round-robin }")
    w("")
    w("sweep:                                 # [a:what-ifs]")
    w("  grid:")
    w("    allocation.cap: [110%, 130%, 150%]")
    w("    levers[0].inflow.scale: [1.05, 1.10]")
    w("")
    w("outputs:")
    w("  cadence: weekly")
    w("  levels: [national, region, pdu, team]")
    w("  tier_breakdown_below_national: false")
    w("  wmt_snapshot: monthly")
    return "\n".join(L) + "\n"


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
    sh = round_shares(f["shares"])

    log = Log()
    log.add("day1-date", "starts on Day 1, 26 June 2021", "003_221d2dc672802ff6.txt:3447", "high",
            "Day 1 of the unified model.")
    log.add("toy-organisation", "one region, one PDU, one team: 3 PO, 2 PSO, 1 PQiP and an SPO",
            "assumption", "high",
            "A teaching and test fixture, not a real team: region code T and PDU 900 are fictional so that "
            "nobody mistakes it for a real PDU.")
    log.add("horizon", "1 year, no warm-up", "assumption", "high", "Short, for tests and teaching.")
    log.add("toy-share", f"the team is {share:.4%} of the national service (its share of available points)",
            "derived from the national staff-totals (national-day1.yaml)", "medium",
            f"Six practitioners have {avail:,} available points of the national {n(s['available'])}; demand "
            "is scaled by the same share, so the team starts at the national Day-1 capacity.")
    log.add("day1-caseload", f"{stock} cases on Day 1", "derived from 004_57a3991b30581a3c.txt:113 x toy-share",
            "medium", "The national 223,000 times the team's share.")
    common_log(log, flows, staff, scale=share)
    log.add("inflow", f"{fmt(inflow, 2)} new sentences a week", "derived: national inflow x toy-share", "medium",
            "The national steady-state inflow times the team's share, so the caseload stays level.")
    log.add("initial-type-shares", f"community {sh['community']:.1%}, licence {sh['licence']:.1%}, "
            f"custody {sh['custody']:.1%}", "derived (as national-day1.yaml)", "medium",
            "The steady-state shares of the calibrated inflow.")
    log.add("initial-tier-mix", "Day-1 tier mix = steady-state stock mix", "derived (as national-day1.yaml)",
            "low", "See docs/national-scenario.md.")
    log.add("initial-allocated", "the Day-1 stock is already allocated", "004_57a3991b30581a3c.txt:75", "high",
            "'Lift and shift'.")
    log.add("seed", "random seed 1, 2 replications", "assumption", "high", "Reproducible, quick.")

    L = []
    w = L.append
    w("# Caseflow scenario: a toy team for tests and teaching (one region, one PDU, one team of six).")
    w("# GENERATED by scripts/make-national-scenario.py; demand is the national scenario's, scaled to the team.")
    w("# [a:ID] marks the entry in metadata.assumptions that gives a figure's source.")
    w("caseflow: 1")
    w("")
    w("metadata:")
    w("  name: Toy team")
    w("  description: " + q("One team of six practitioners (3 PO, 2 PSO, 1 PQiP) and an SPO for a year, with "
                            "the national scenario's case mix and lengths and demand scaled to the team."))
    w("  assumptions:")
    L.extend(log.yaml())
    w("")
    w("horizon:")
    w(f"  start: {DAY1.isoformat()}                   # [a:day1-date]")
    w("  length: 1 years                     # [a:horizon]")
    w("  warmup: 0 weeks")
    w("")
    w("seed: 1                               # [a:seed]")
    w("replications: 2")
    w("")
    L.extend(grades_yaml())
    w("")
    w("organisation:                         # [a:toy-organisation]")
    w("  regions:")
    w("    - code: T")
    w("      name: \"Teaching region\"")
    w("      pdus:")
    w("        - number: 900")
    w("          name: \"Teaching PDU\"")
    w("          teams:")
    w("            - name: \"Team 1\"")
    w(f"              staff: {{ PO: {TOY_STAFF['PO']}, PSO: {TOY_STAFF['PSO']}, PQiP: {TOY_STAFF['PQiP']}, "
      f"SPO: {TOY_STAFF['SPO']} }}")
    w("")
    w("demand:")
    w(f"  sentences_per_week: {{ 900: {fmt(inflow, 2)} }}   # [a:inflow] [a:toy-share]")
    w("  growth_per_year: 0%                 # [a:no-seasonality]")
    w(f"  court_reports_per_week: {{ 900: {fmt(reports, 2)} }}   # [a:court-reports]")
    w(f"  fast_report_share: {FAST_REPORT_SHARE}              # [a:fast-report-share]")
    w(f"  report_window: {REPORT_WINDOW_DAYS} days                 # [a:report-window]")
    w("")
    L.extend(cases_yaml(tiers))
    w("")
    w("initial_caseload:")
    w(f"  total: {stock}                          # [a:day1-caseload]")
    w(f"  type_shares: {{ community: {fmt(sh['community'])}, licence: {fmt(sh['licence'])}, "
      f"custody: {fmt(sh['custody'])} }}   # [a:initial-type-shares]")
    w("  pdu_weights: proportional-to-demand")
    w("  tier_mix:                           # [a:initial-tier-mix]")
    for k in ("community", "licence", "custody"):
        w(f"    {k}: {tier_map(tiers['mix'][k])}")
    w("  allocated: true                     # [a:initial-allocated]")
    w("")
    L.extend(workforce_yaml())
    w("")
    L.extend(points_yaml())
    w("")
    L.extend(allocation_yaml())
    w("")
    w("outputs:")
    w("  cadence: weekly")
    w("  levels: [national, region, pdu, team, practitioner]")
    w("  tier_breakdown_below_national: true")
    w("  wmt_snapshot: monthly")
    return "\n".join(L) + "\n", dict(share=share, stock=stock, inflow=inflow, reports=reports, avail=avail)


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
    flows = calibrate_flows()
    tiers = stock_tier_mix()
    staff = size_staff(flows, tiers)
    split_staff(regions, staff)
    staff["n_spo"] = sum(r["SPO"] for r in regions)
    staff["alloc"] = simulate_day1_allocation(regions, flows, tiers)

    os.makedirs(args.out_dir, exist_ok=True)
    files = {
        "national-day1.yaml": national_yaml(regions, flows, tiers, staff),
        "single-pdu.yaml": single_pdu_yaml(regions, flows, tiers, staff),
    }
    toy_text, toy = toy_yaml(flows, tiers, staff)
    files["toy-team.yaml"] = toy_text
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
