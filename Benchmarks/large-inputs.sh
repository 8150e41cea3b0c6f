#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Large inputs (issue 12), release build, CPU time (user + sys) and peak memory
# (GNU time's maximum resident set size):
#   1. `caseflow validate` of a 10,000-point sweep (a 100 × 100 grid over
#      allocation.cap and a lever's inflow scale) on the national scenario and
#      on scenarios/single-pdu.yaml: every point validated, in seconds;
#   2. `caseflow wmt` of a caseload file in the format of a run's
#      wmt_snapshot.csv (200 columns) with 200,000 and 2,000,000 rows: seconds,
#      and memory that does not grow with the file (it is read and written a
#      block at a time).
# Usage: Benchmarks/large-inputs.sh [CASEFLOW] [ROWS...]   (default rows: 200000 2000000)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
caseflow_binary Benchmarks/large-inputs.sh "${@:1:1}"
[ $# -eq 0 ] || shift
ROWS=("$@"); [ ${#ROWS[@]} -gt 0 ] || ROWS=(200000 2000000)
require_gnu_time
scratch_dir

measure() {   # LABEL COMMAND… : prints LABEL, CPU seconds and peak MiB
  local label=$1; shift
  "$TIME" -f "%U %S %M" -o "$TMP/time" "$@" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err" >&2; exit 1; }
  read -r user sys rss < "$TMP/time"
  awk -v l="$label" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN { printf "%-58s %7.2f s CPU  %7.1f MiB peak\n", l, u + s, r / 1024 }'
}

python3 - "$TMP" "$ROOT" <<'EOF'
import sys
tmp, root = sys.argv[1], sys.argv[2]
caps = ", ".join(f"{100 + i * 0.5:g}%" for i in range(100))
scales = ", ".join(f"{0.9 + i * 0.002:.3f}" for i in range(100))
open(f"{tmp}/sweep-national.yaml", "w").write(f"""caseflow: 1
extends: national
metadata:
  name: 10,000-point sweep
sweep:
  grid:
    allocation.cap: [{caps}]
    levers[1].inflow.scale: [{scales}]
""")
pdu = open(f"{root}/scenarios/single-pdu.yaml").read()
old = "    allocation.cap: [110%, 130%, 150%]\n    levers[0].inflow.scale: [1.05, 1.10]"
assert old in pdu
open(f"{tmp}/sweep-pdu.yaml", "w").write(pdu.replace(old, f"    allocation.cap: [{caps}]\n    levers[0].inflow.scale: [{scales}]"))
EOF
measure "validate, national, 10,000-point sweep" "$CASEFLOW" validate "$TMP/sweep-national.yaml"
measure "validate, single-pdu, 10,000-point sweep" "$CASEFLOW" validate "$TMP/sweep-pdu.yaml"

for n in "${ROWS[@]}"; do
  python3 - "$n" "$TMP/caseload.csv" <<'EOF'
import sys, random
n, out = int(sys.argv[1]), sys.argv[2]
random.seed(1)
cats = [("t2a_" if t2a else "") + ty + "_" + l + d + s
        for t2a in (False, True) for s in ("", "S") for ty in ("community", "licence", "custody")
        for l in "ABCD" for d in "3210"]
grades, hours, red = ["PO", "PSO", "PQiP", "SPO"], ["37", "22.5", "30", "18.5", "37", "37"], ["0", "1.8", "0", "3.7", "7.4", "0"]
with open(out, "w") as f:
    f.write(",".join(["replication", "date", "practitioner", "grade", "contracted_hours", "reduction_hours"] + cats + ["sdr", "fdr"]) + "\n")
    for i in range(n):
        counts = ["0"] * len(cats)
        for _ in range(6):
            counts[random.randrange(0, 48)] = str(random.randrange(1, 12))
        f.write(",".join(["1", "2024-04-01", "P%07d" % i, grades[i % 4], hours[i % 6], red[(i // 6) % 6]]
                         + counts + [str(i % 3), str(i % 2)]) + "\n")
EOF
  measure "wmt, $n rows ($(du -m "$TMP/caseload.csv" | cut -f1) MB)" "$CASEFLOW" wmt "$TMP/caseload.csv" --out "$TMP/report.csv"
  rm -f "$TMP/caseload.csv" "$TMP/report.csv"
done
