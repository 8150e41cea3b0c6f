#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Scale-out benchmark (issue 14, docs/scale-out.md), release build:
#   1. `caseflow plan` of 10,020 work units (a 50 × 10 grid plus the base, 20
#      replications): target a few seconds;
#   2. `caseflow merge` of 100 and of 1,000 work units (one PDU, 12 weeks):
#      peak memory (GNU time's maximum resident set size) must stay flat — the
#      merge streams one unit at a time.
# Writes the figures as JSON to Benchmarks/results/. Usage: Benchmarks/scale-out.sh [CASEFLOW]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
caseflow_binary Benchmarks/scale-out.sh "$@"
require_gnu_time
scratch_dir

"$ROOT/scripts/tiny-scenario.sh" "Scale-out benchmark" > "$TMP/tiny.yaml"
{
  cat "$TMP/tiny.yaml"
  printf 'sweep:\n  grid:\n    allocation.cap: [%s]\n' "$(seq -s ', ' -f '%g%%' 100 149)"
  printf '    demand.sentences_per_week.national: [%s]\n' "$(seq -s ', ' 2 11)"
} > "$TMP/grid.yaml"

"$TIME" -f "%e %M" -o "$TMP/time" "$CASEFLOW" plan "$TMP/grid.yaml" --replications 20 --out "$TMP/big" > "$TMP/plan.out"
read -r plan_s plan_rss < "$TMP/time"
units=$(grep -c '"replication"' "$TMP/big/plan.json")
echo "plan of $units units: $plan_s s, peak $plan_rss KiB" >&2

merge() {   # merge N_UNITS
  local dir="$TMP/m$1"
  "$CASEFLOW" plan "$TMP/tiny.yaml" --replications "$1" --units-per-task 100000 --out "$dir" > /dev/null
  "$CASEFLOW" run-unit "$dir" --task 0 --jobs "$(nproc)" > /dev/null 2>&1
  "$TIME" -f "%e %M" -o "$TMP/time" "$CASEFLOW" merge "$dir" > /dev/null
  cat "$TMP/time"
}
read -r m100_s m100_rss < <(merge 100)
read -r m1000_s m1000_rss < <(merge 1000)
echo "merge of 100 units: $m100_s s, peak $m100_rss KiB; of 1000 units: $m1000_s s, peak $m1000_rss KiB" >&2

stamp_machine
cat > "$RESULTS/scale-out-$stamp.json" <<JSON
{"benchmark": "scale-out: plan of $units units; merge of 100 and 1000 units",
 "plan_units": $units, "plan_seconds": $plan_s, "plan_peak_rss_kib": $plan_rss,
 "merge_100_seconds": $m100_s, "merge_100_peak_rss_kib": $m100_rss,
 "merge_1000_seconds": $m1000_s, "merge_1000_peak_rss_kib": $m1000_rss,
 $machine_json}
JSON
printf 'plan of %s units: %s s; merge of 100 units: %s s, peak %s KiB; of 1000 units: %s s, peak %s KiB\n' \
  "$units" "$plan_s" "$m100_s" "$m100_rss" "$m1000_s" "$m1000_rss"
