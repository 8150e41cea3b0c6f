#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Instructions executed by one national replication's simulation (`caseflow bench model
# --repeats 1`, the canonical model, or with the extra arguments given after `--`), counted by
# Valgrind's cachegrind (`--cache-sim=no`): a figure that does not move with the machine's
# neighbours, for comparing two builds side by side on a shared machine where CPU time varies
# by ±30% between runs. It is a proxy, not the target: it counts no cache miss or
# misprediction, and the code that stalls on memory (the allocation roster, cold case
# records) costs far more time per instruction than the arithmetic does. The budgets
# themselves are CPU time (Benchmarks/national.sh); docs/performance.md says how the two
# compare. Under Valgrind a replication takes 2–3 CPU-minutes.
#
# Usage: Benchmarks/instructions.sh [CASEFLOW [BASELINE]] [-- BENCH-ARGS…]
#   one binary: its count; two: both and the ratio CASEFLOW / BASELINE.
#   Without a binary the release product is built. TOP=n prints each build's n costliest
#   functions (default 0). Writes JSON to Benchmarks/results/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
TOP=${TOP:-0}
bins=(); extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = -- ]; then shift; extra=("$@"); break; fi
  bins+=("$1"); shift
done
[ ${#bins[@]} -le 2 ] || { echo "Benchmarks/instructions.sh: at most two programs (CASEFLOW and BASELINE), got ${#bins[@]}" >&2; exit 2; }
if [ ${#bins[@]} -eq 0 ]; then caseflow_binary Benchmarks/instructions.sh; bins=("$CASEFLOW"); fi
if ! command -v valgrind >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt-get -o DPkg::Lock::Timeout=900 install -y -qq valgrind >/dev/null
  else echo "Valgrind is needed: apt-get install -y valgrind" >&2; exit 1; fi
fi
scratch_dir

counts=(); events=""
for i in "${!bins[@]}"; do
  caseflow_binary Benchmarks/instructions.sh "${bins[$i]}"
  # Valgrind's reader gives up on the Swift toolchain's debug information; the code is the same without it.
  objcopy --strip-debug "$CASEFLOW" "$TMP/caseflow-$i"
  # CASEFLOW_HUGE_PAGES=0: caseflow must not start itself again (docs/performance.md, "Huge
  # pages"), which would leave Valgrind behind; under Valgrind the allocator is Valgrind's anyway.
  CASEFLOW_HUGE_PAGES=0 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$TMP/cg-$i.out" \
    "$TMP/caseflow-$i" bench model --repeats 1 "${extra[@]}" > "$TMP/bench-$i.txt" 2> "$TMP/valgrind-$i.txt" || {
      echo "Benchmarks/instructions.sh: the run under Valgrind failed:" >&2; tail -5 "$TMP/valgrind-$i.txt" >&2; exit 1; }
  n=$(sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$TMP/valgrind-$i.txt" | tr -d ,)
  e=$(sed -n 's/.*: \([0-9]*\) events.*/\1/p' "$TMP/bench-$i.txt" | head -1)
  [ -n "$n" ] && [ -n "$e" ] || { echo "Benchmarks/instructions.sh: no count in Valgrind's output" >&2; exit 1; }
  [ -z "$events" ] || [ "$events" = "$e" ] || echo "note: the two builds processed different numbers of events ($events, $e): they do not run the same model" >&2
  events=$e; counts+=("$n")
  echo "${bins[$i]}: $(printf "%'d" "$n") instructions, $e events, $((n / e)) instructions per event"
  if [ "$TOP" -gt 0 ]; then
    cg_annotate "$TMP/cg-$i.out" 2>/dev/null | grep -E '^ *[0-9,]+ +\(' | sed -n "2,$((TOP + 1))p" | { swift demangle --simplified 2>/dev/null || cat; } | cut -c1-150
  fi
done
stamp_machine
ratio=null
if [ ${#counts[@]} -eq 2 ]; then
  ratio=$(python3 -c "print(round(${counts[0]} / ${counts[1]}, 4))")
  echo "ratio ${bins[0]} / ${bins[1]}: $ratio"
fi
cat > "$RESULTS/instructions-$stamp.json" <<JSON
{"benchmark": "instructions executed by one national replication's simulation (cachegrind)", "args": "${extra[*]}",
 "instructions": [$(IFS=,; echo "${counts[*]}")], "events": $events, "ratio": $ratio, "cpu": "$cpu", "date": "$stamp"}
JSON
