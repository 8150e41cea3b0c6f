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
# PARTS=1 adds a third run to each round, the canonical model with its profiles drawn but never
# reassessed (`--set tiering.reassessment.every='100 years'`, no event-driven reassessments): what
# drawing profiles costs alone, and so what the reassessments add (docs/tiering.md, "What each
# part costs"). A measuring aid, not a model anyone should run.
# Usage: Benchmarks/tiering-overhead.sh [CASEFLOW]   (REPEATS=n, PARTS=1; without CASEFLOW the release product is built)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
REPEATS=${REPEATS:-5}
PARTS=${PARTS:-0}
case $PARTS in 0|1) ;; *) echo "Benchmarks/tiering-overhead.sh: PARTS must be 0 or 1, found \"$PARTS\"" >&2; exit 2 ;; esac
kinds="sampled computed"
[ "$PARTS" = 1 ] && kinds="sampled computed profiles-only"
caseflow_binary Benchmarks/tiering-overhead.sh "$@"
require_gnu_time
scratch_dir
times_s=(); times_c=(); times_p=()
for i in $(seq "$REPEATS"); do
  for kind in $kinds; do
    args=()
    [ "$kind" = sampled ] && args+=(--set cases.tiering=sampled-mix)
    [ "$kind" = profiles-only ] && args+=(--set "tiering.reassessment.every=100 years" --set tiering.reassessment.on_release=false
                                          --set tiering.reassessment.enforcement_per_year=0 --set tiering.reassessment.registrations_per_year=0)
    timed_run 1 1 "${args[@]}"
    wall=$run_cpu
    echo "run $i $kind: $wall s CPU ($run_wall s wall)" >&2
    case $kind in
      sampled) times_s+=("$wall") ;;
      computed) times_c+=("$wall") ;;
      *) times_p+=("$wall") ;;
    esac
  done
done
read -r med_s med_c ratio pair_ratio best_s best_c < <(python3 - "${times_s[*]}" "${times_c[*]}" <<'PY'
import statistics, sys
s = [float(x) for x in sys.argv[1].split()]; c = [float(x) for x in sys.argv[2].split()]
ms, mc = statistics.median(s), statistics.median(c)
print(round(ms, 2), round(mc, 2), round(mc / ms, 3), round(statistics.median(b / a for a, b in zip(s, c)), 3), min(s), min(c))
PY
)
parts_json=""
if [ "$PARTS" = 1 ]; then
  read -r med_p ratio_p pair_ratio_p < <(python3 - "${times_s[*]}" "${times_p[*]}" <<'PY'
import statistics, sys
s = [float(x) for x in sys.argv[1].split()]; p = [float(x) for x in sys.argv[2].split()]
print(round(statistics.median(p), 2), round(statistics.median(p) / statistics.median(s), 3),
      round(statistics.median(b / a for a, b in zip(s, p)), 3))
PY
)
  parts_json=", \"profiles_only_seconds\": $med_p, \"profiles_only_ratio\": $ratio_p, \"profiles_only_median_pair_ratio\": $pair_ratio_p"
fi
stamp_machine
cat > "$RESULTS/tiering-overhead-$stamp.json" <<JSON
{"benchmark": "national replication, sampled vs computed tiers (CPU seconds)", "sampled_seconds": $med_s, "computed_seconds": $med_c,
 "ratio": $ratio, "median_pair_ratio": $pair_ratio, "best_sampled_seconds": $best_s, "best_computed_seconds": $best_c$parts_json, "repeats": $REPEATS, $machine_json}
JSON
echo "national replication: sampled tiers $med_s s CPU, computed tiers $med_c s CPU (medians of $REPEATS alternating pairs): ratio $ratio, median of the pairs' ratios $pair_ratio (best of each: $best_s / $best_c s) (target ≤ 1.10)"
if [ "$PARTS" = 1 ]; then
  echo "profiles drawn, never reassessed: $med_p s CPU: ratio $ratio_p to the sampled tiers, median of the pairs' ratios $pair_ratio_p (the reassessments: the rest)"
fi
