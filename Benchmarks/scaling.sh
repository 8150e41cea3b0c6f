#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Linear in the size of the service (issue 13): the national scenario against the same
# scenario scaled to 4× — demand (sentences and court reports a week), the Day-1 caseload,
# staff in every PDU (so 4× the teams), PQiP intakes and the interventions' national
# capacities (unpaid work supervisors and the Day-1 backlog, programme facilitators,
# commissioned services) — timed by `caseflow bench model` in ONE process that alternates
# the two (1× 4× 1× 4× …), CPU time of the simulation only (no outputs written).
# Target: 4× costs at most 4.4× the CPU of 1×. Writes JSON to Benchmarks/results/.
# Usage: Benchmarks/scaling.sh [CASEFLOW]   (REPEATS=n, default 3; FACTOR=f, default 4)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
REPEATS=${REPEATS:-3}
FACTOR=${FACTOR:-4}
caseflow_binary Benchmarks/scaling.sh "$@"
scratch_dir
SRC="$ROOT/Sources/Scenario/Resources/national-day1.yaml"   # the built-in national scenario
cp "$SRC" "$TMP/national-1x.yaml"
python3 - "$SRC" "$TMP/national-${FACTOR}x.yaml" "$FACTOR" <<'PY'
import re, sys
src, dst, k = sys.argv[1], sys.argv[2], float(sys.argv[3])
def num(x):
    v = float(x) * k
    return str(int(round(v))) if '.' not in x else f"{v:.4f}".rstrip('0').rstrip('.')
lines = open(src).read().split('\n')
out, changed, section = [], 0, None
for line in lines:
    top = re.match(r'^([a-z_]+):', line)
    if top: section = top.group(1)
    new = line
    if section == 'organisation' and re.match(r'^\s+staff: \{', line):
        new = re.sub(r'(\b(?:PO|PSO|PQiP|SPO): )(\d+)', lambda m: m.group(1) + num(m.group(2)), line)
    elif section == 'demand' and re.match(r'^\s+(national: |court_reports_per_week: \{ national: )', line):
        new = re.sub(r'(national: )([0-9.]+)', lambda m: m.group(1) + num(m.group(2)), line)
    elif section == 'initial_caseload' and re.match(r'^  total: \d+', line):
        new = re.sub(r'(total: )(\d+)', lambda m: m.group(1) + num(m.group(2)), line)
    elif section == 'workforce' and re.match(r'^\s+- \{ date: [0-9-]+, size: \d+ \}', line):
        new = re.sub(r'(size: )(\d+)', lambda m: m.group(1) + num(m.group(2)), line)
    elif section == 'interventions' and re.match(r'^\s+(supervisors|people|facilitators|capacity): \{ national: \d+ \}', line):
        new = re.sub(r'(national: )(\d+)', lambda m: m.group(1) + num(m.group(2)), line)
    if new != line: changed += 1
    out.append(new)
if changed < 108 + 2 + 1 + 1:
    sys.exit(f"scaling.sh: only {changed} lines of {src} scaled; has the national scenario's layout changed?")
open(dst, 'w').write('\n'.join(out))
print(f"scaled {changed} lines by {k:g}", file=sys.stderr)
PY
"$CASEFLOW" validate "$TMP/national-1x.yaml" | head -1 >&2
"$CASEFLOW" validate "$TMP/national-${FACTOR}x.yaml" | head -1 >&2
"$CASEFLOW" bench model "$TMP/national-1x.yaml" "$TMP/national-${FACTOR}x.yaml" --repeats "$REPEATS" --json > "$TMP/out.json"
stamp_machine
python3 - "$TMP/out.json" "$FACTOR" "$cpu" "$cores" "$stamp" "$RESULTS/scaling-$stamp.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); k = sys.argv[2]
a, b = r["scenarios"]
ratio = b["cpu_seconds"] / a["cpu_seconds"]
runs = list(zip(a["cpu_seconds_all"], b["cpu_seconds_all"]))
pair = sorted(y / x for x, y in runs)[len(runs) // 2]
print(f"1x: {a['events']} events, best {a['cpu_seconds']:.2f} s CPU ({a['us_per_event']:.3f} µs/event)")
print(f"{k}x: {b['events']} events, best {b['cpu_seconds']:.2f} s CPU ({b['us_per_event']:.3f} µs/event)")
print(f"{k}x / 1x CPU: {ratio:.2f} (best against best; median of the {len(runs)} alternating pairs {pair:.2f}); target ≤ {1.1 * float(k):.2f}")
print(f"peak memory {r['peak_rss_kib'] // 1024} MiB (the {k}x run)")
print(f"machine: {sys.argv[3]}, {sys.argv[4]} cores; {sys.argv[5]}")
json.dump({"benchmark": f"national 1x against {k}x, bench model, alternating", "factor": float(k),
           "ratio_best": ratio, "ratio_median_pair": pair, "one": a, "scaled": b,
           "peak_rss_kib": r["peak_rss_kib"], "cpu": sys.argv[3], "cores": int(sys.argv[4]), "date": sys.argv[5]},
          open(sys.argv[6], "w"))
PY
