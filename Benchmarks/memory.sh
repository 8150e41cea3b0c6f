#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Memory flat in replications (issue 13): the peak resident memory of a whole `caseflow run`
# of the canonical national model (outputs included, --jobs 1) with N replications
# (default 10) against 1. Each replication's results are written or reduced as it finishes,
# so the peak should barely grow: target ≤ 1.3×. Peak memory from GNU time (%M, KiB);
# CPU time (user + system) printed beside it. Writes JSON to Benchmarks/results/.
# Usage: Benchmarks/memory.sh [CASEFLOW]   (N=n replications, default 10; JOBS=j, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/Benchmarks/results"
N=${N:-10}
JOBS=${JOBS:-1}
case "$N" in ''|*[!0-9]*|0) echo "Benchmarks/memory.sh: N must be a whole number of replications of 1 or more, found '$N'" >&2; exit 2;; esac
case "$JOBS" in ''|*[!0-9]*|0) echo "Benchmarks/memory.sh: JOBS must be a whole number of 1 or more, found '$JOBS'" >&2; exit 2;; esac
mkdir -p "$RESULTS"
. "$ROOT/Benchmarks/lib.sh"
caseflow_binary Benchmarks/memory.sh "$@"
require_gnu_time
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

measure() {   # replications -> "cpu_seconds peak_kib"
  rm -rf "$TMP/run"
  "$TIME" -f "%U %S %M" -o "$TMP/time" "$CASEFLOW" run --replications "$1" --jobs "$JOBS" --quiet --out "$TMP/run"
  read -r user sys rss < "$TMP/time"
  echo "$(python3 -c "print(round($user + $sys, 2))") $rss"
}
read -r cpu1 rss1 < <(measure 1)
echo "1 replication: ${cpu1} s CPU, peak $((rss1 / 1024)) MiB" >&2
read -r cpun rssn < <(measure "$N")
echo "$N replications: ${cpun} s CPU, peak $((rssn / 1024)) MiB" >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
machine=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
ratio=$(python3 -c "print(round($rssn / $rss1, 3))")
cat > "$RESULTS/memory-$stamp.json" <<JSON
{"benchmark": "national (built-in), peak memory of caseflow run, $N replications against 1, --jobs $JOBS",
 "replications": $N, "jobs": $JOBS, "peak_kib_1": $rss1, "peak_kib_n": $rssn, "ratio": $ratio,
 "cpu_seconds_1": $cpu1, "cpu_seconds_n": $cpun,
 "load_average_before": "$load_before", "load_average_after": "$load_after",
 "cpu": "$machine", "cores": $(nproc), "date": "$stamp"}
JSON
verdict=$(python3 -c "print('met' if $ratio <= 1.3 else 'not met')")
echo "peak memory, $N replications against 1 (--jobs $JOBS): $((rssn / 1024)) MiB against $((rss1 / 1024)) MiB = ${ratio}× (target ≤ 1.3×: $verdict)"
echo "machine: $machine, $(nproc) cores; $stamp; load average (1, 5, 15 min) $load_before before, $load_after after"
