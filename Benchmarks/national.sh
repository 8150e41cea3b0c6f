#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The national scenario benchmark: England and Wales (12 regions, 108 PDUs,
# 223,000 cases on Day 1) over 5 years with weekly output, ONE replication,
# single-threaded (--jobs 1), release build. Reports wall time and peak
# memory (GNU time's maximum resident set size) and writes them as JSON to
# Benchmarks/results/. Targets (issue 3): ≤ 10 s and ≤ 2 GB on a 2-core machine.
# REPEATS=n takes the best of n runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/Benchmarks/results"
REPEATS=${REPEATS:-3}
mkdir -p "$RESULTS"
swift build -c release >&2
CASEFLOW="$ROOT/.build/release/caseflow"
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq time >/dev/null; else echo "GNU time is needed: apt-get install -y time" >&2; exit 1; fi
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
best_wall=""; best_rss=""
for i in $(seq "$REPEATS"); do
  rm -rf "$TMP/run"
  "$TIME" -f "%e %M" -o "$TMP/time" "$CASEFLOW" run --replications 1 --jobs 1 --quiet --out "$TMP/run"
  read -r wall rss < "$TMP/time"
  echo "run $i: ${wall} s, peak ${rss} KiB" >&2
  if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; best_rss=$rss; fi
done
rows=$(python3 -c "import json;m=json.load(open('$TMP/run/manifest.json'));print(sum(f['rows'] for f in m['files']))")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
cat > "$RESULTS/national-$stamp.json" <<JSON
{"benchmark": "national-day1, 5 years, 1 replication, --jobs 1", "wall_seconds": $best_wall, "peak_rss_kib": $best_rss,
 "rows_written": $rows, "repeats": $REPEATS, "cpu": "$cpu", "cores": $(nproc), "date": "$stamp"}
JSON
printf 'national-day1, 5 years, 1 replication, 1 job: best of %s: %s s wall, peak memory %.0f MiB, %s rows written\n' \
  "$REPEATS" "$best_wall" "$(python3 -c "print($best_rss / 1024)")" "$rows"
echo "machine: $cpu, $(nproc) cores; $stamp"
