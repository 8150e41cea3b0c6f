#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What computing tiers costs a national replication (issue 10: at most 10%): the canonical
# national scenario (sampled tiers) against scenarios/national-tiering.yaml (the same with
# tiers computed from risk and need profiles, reassessed), one replication each, --jobs 1,
# release build, run alternately REPEATS times (default 3); best of each and their ratio,
# also as JSON in Benchmarks/results/. The measure is CPU time (user + system, GNU time):
# on a shared machine wall time varies far more between runs than the difference measured.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/Benchmarks/results"
REPEATS=${REPEATS:-3}
mkdir -p "$RESULTS"
swift build -c release >&2
CASEFLOW="$ROOT/.build/release/caseflow"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
best_s=""; best_c=""
for i in $(seq "$REPEATS"); do
  for kind in sampled computed; do
    rm -rf "$TMP/run"
    args=(run --replications 1 --jobs 1 --quiet --out "$TMP/run")
    [ "$kind" = computed ] && args=(run scenarios/national-tiering.yaml --replications 1 --jobs 1 --quiet --out "$TMP/run")
    /usr/bin/time -f "%e %U %S" -o "$TMP/time" "$CASEFLOW" "${args[@]}"
    read -r elapsed user sys < "$TMP/time"
    wall=$(python3 -c "print(round($user + $sys, 2))")
    echo "run $i $kind: $wall s CPU ($elapsed s wall)" >&2
    if [ "$kind" = sampled ]; then
      if [ -z "$best_s" ] || awk "BEGIN{exit !($wall < $best_s)}"; then best_s=$wall; fi
    else
      if [ -z "$best_c" ] || awk "BEGIN{exit !($wall < $best_c)}"; then best_c=$wall; fi
    fi
  done
done
ratio=$(python3 -c "print(round($best_c / $best_s, 3))")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
cat > "$RESULTS/tiering-overhead-$stamp.json" <<JSON
{"benchmark": "national replication, sampled vs computed tiers (CPU seconds)", "sampled_seconds": $best_s, "computed_seconds": $best_c,
 "ratio": $ratio, "repeats": $REPEATS, "cpu": "$cpu", "cores": $(nproc), "date": "$stamp"}
JSON
echo "national replication: sampled tiers $best_s s CPU, computed tiers $best_c s CPU (best of $REPEATS): ratio $ratio (target ≤ 1.10)"
