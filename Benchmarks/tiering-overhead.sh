#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What computing tiers costs a national replication (issue 10: at most 10%): the canonical
# national scenario (tiers computed from risk and need profiles, reassessed) against the same
# with `--set cases.tiering=sampled-mix` (tiers drawn from its assumed mix), one replication each, --jobs 1,
# release build, run alternately REPEATS times (default 5); the median of each and their
# ratio (and the median of the pairs' own ratios, and the best of each), also as JSON in
# Benchmarks/results/. The measure is CPU time (user + system, GNU time):
# on a shared machine wall time varies far more between runs than the difference measured.
# Usage: Benchmarks/tiering-overhead.sh [CASEFLOW]   (REPEATS=n; without CASEFLOW the release product is built)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
REPEATS=${REPEATS:-5}
caseflow_binary Benchmarks/tiering-overhead.sh "$@"
require_gnu_time
scratch_dir
times_s=(); times_c=()
for i in $(seq "$REPEATS"); do
  for kind in sampled computed; do
    args=()
    [ "$kind" = sampled ] && args+=(--set cases.tiering=sampled-mix)
    timed_run 1 1 "${args[@]}"
    wall=$run_cpu
    echo "run $i $kind: $wall s CPU ($run_wall s wall)" >&2
    if [ "$kind" = sampled ]; then times_s+=("$wall"); else times_c+=("$wall"); fi
  done
done
read -r med_s med_c ratio pair_ratio best_s best_c < <(python3 - "${times_s[*]}" "${times_c[*]}" <<'PY'
import statistics, sys
s = [float(x) for x in sys.argv[1].split()]; c = [float(x) for x in sys.argv[2].split()]
ms, mc = statistics.median(s), statistics.median(c)
print(round(ms, 2), round(mc, 2), round(mc / ms, 3), round(statistics.median(b / a for a, b in zip(s, c)), 3), min(s), min(c))
PY
)
stamp_machine
cat > "$RESULTS/tiering-overhead-$stamp.json" <<JSON
{"benchmark": "national replication, sampled vs computed tiers (CPU seconds)", "sampled_seconds": $med_s, "computed_seconds": $med_c,
 "ratio": $ratio, "median_pair_ratio": $pair_ratio, "best_sampled_seconds": $best_s, "best_computed_seconds": $best_c, "repeats": $REPEATS, $machine_json}
JSON
echo "national replication: sampled tiers $med_s s CPU, computed tiers $med_c s CPU (medians of $REPEATS alternating pairs): ratio $ratio, median of the pairs' ratios $pair_ratio (best of each: $best_s / $best_c s) (target ≤ 1.10)"
