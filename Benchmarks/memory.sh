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
. "$(dirname "$0")/lib.sh"
bench_init
N=${N:-10}
JOBS=${JOBS:-1}
case "$N" in ''|*[!0-9]*|0) echo "Benchmarks/memory.sh: N must be a whole number of replications of 1 or more, found '$N'" >&2; exit 2;; esac
case "$JOBS" in ''|*[!0-9]*|0) echo "Benchmarks/memory.sh: JOBS must be a whole number of 1 or more, found '$JOBS'" >&2; exit 2;; esac
caseflow_binary Benchmarks/memory.sh "$@"
require_gnu_time
scratch_dir
load_before=$(load_average)

timed_run 1 "$JOBS"; cpu1=$run_cpu; rss1=$run_rss
echo "1 replication: ${cpu1} s CPU, peak $((rss1 / 1024)) MiB" >&2
timed_run "$N" "$JOBS"; cpun=$run_cpu; rssn=$run_rss
echo "$N replications: ${cpun} s CPU, peak $((rssn / 1024)) MiB" >&2
load_after=$(load_average)
stamp_machine
ratio=$(python3 -c "print(round($rssn / $rss1, 3))")
cat > "$RESULTS/memory-$stamp.json" <<JSON
{"benchmark": "national (built-in), peak memory of caseflow run, $N replications against 1, --jobs $JOBS",
 "replications": $N, "jobs": $JOBS, "peak_kib_1": $rss1, "peak_kib_n": $rssn, "ratio": $ratio,
 "cpu_seconds_1": $cpu1, "cpu_seconds_n": $cpun,
 "load_average_before": "$load_before", "load_average_after": "$load_after",
 $machine_json}
JSON
verdict=$(python3 -c "print('met' if $ratio <= 1.3 else 'not met')")
echo "peak memory, $N replications against 1 (--jobs $JOBS): $((rssn / 1024)) MiB against $((rss1 / 1024)) MiB = ${ratio}× (target ≤ 1.3×: $verdict)"
machine_line
