# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034  # the variables these functions set are the callers'
#
# Shared by the benchmarks (sourced, not run): where they work, the program to measure, GNU
# time, SimPy, and the machine and load recorded beside every figure. A benchmark starts
#
#   set -euo pipefail
#   . "$(dirname "$0")/lib.sh"
#   bench_init

# bench_init: goes to the repository root (the benchmark's own folder's parent) and sets ROOT,
# BENCH (Benchmarks/) and RESULTS (Benchmarks/results/, made if missing).
bench_init() {
  cd "$(dirname "$0")/.." || exit 1
  ROOT=$(pwd)
  BENCH="$ROOT/Benchmarks"
  RESULTS="$BENCH/results"
  mkdir -p "$RESULTS"
}

# scratch_dir: sets TMP to a new scratch folder, removed when the script exits.
scratch_dir() {
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
}

# caseflow_binary SCRIPT [PATH]: sets CASEFLOW to PATH (a built caseflow binary) or, without
# one, builds the release product and uses it; stops with a clear message if there is no
# program there.
caseflow_binary() {
  local script=$1; shift
  if [ $# -ge 1 ]; then CASEFLOW=$(readlink -f "$1"); else swift build -c release --product caseflow >&2; CASEFLOW="$ROOT/.build/release/caseflow"; fi
  [ -x "$CASEFLOW" ] || { echo "$script: no caseflow program at '$CASEFLOW' (the argument, if given, must be the path of a built caseflow binary)" >&2; exit 2; }
}

# require_gnu_time: sets TIME to GNU time (peak memory and CPU time of a process),
# installing it when missing and run as root.
require_gnu_time() {
  TIME=/usr/bin/time
  if [ ! -x "$TIME" ]; then
    if [ "$(id -u)" -eq 0 ]; then apt-get -o DPkg::Lock::Timeout=900 install -y -qq time >/dev/null; else echo "GNU time is needed: apt-get install -y time" >&2; exit 1; fi
  fi
}

# timed_run REPLICATIONS JOBS [ARGS…]: one `caseflow run` of the built-in national model
# (--quiet, into a fresh $TMP/run, ARGS last) under GNU time (require_gnu_time first). Sets
# run_cpu (user + system CPU seconds, to 0.01 s), run_rss (peak resident memory, KiB) and
# run_wall (elapsed seconds).
timed_run() {
  local replications=$1 jobs=$2 user sys; shift 2
  rm -rf "$TMP/run"
  "$TIME" -f "%U %S %M %e" -o "$TMP/time" "$CASEFLOW" run --replications "$replications" --jobs "$jobs" --quiet --out "$TMP/run" "$@"
  read -r user sys run_rss run_wall < "$TMP/time"
  run_cpu=$(python3 -c "print(round($user + $sys, 2))")
}

# improves VALUE BEST: true when there is no BEST yet or VALUE (a decimal number) is below it.
improves() {
  [ -z "$2" ] || awk "BEGIN{exit !($1 < $2)}"
}

# simpy_python VENV VERSION: sets PY to a Python with SimPy VERSION: the one in the virtual
# environment VENV, installed there from PyPI when missing or another version; offline, an
# already installed SimPy VERSION of python3's.
simpy_python() {
  local venv=$1 version=$2
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import simpy, sys; sys.exit(simpy.__version__ != '$version')" 2>/dev/null; then
    PY="$venv/bin/python"
    return
  fi
  echo "== installing SimPy $version into $venv" >&2
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  if "$venv/bin/pip" install --quiet "simpy==$version" >&2; then
    PY="$venv/bin/python"
  elif python3 -c "import simpy, sys; sys.exit(simpy.__version__ != '$version')" 2>/dev/null; then
    PY=python3
  else
    echo "error: SimPy $version is not installed and could not be installed from PyPI (offline?)" >&2
    exit 1
  fi
}

# load_average: the load averages over 1, 5 and 15 minutes ("0.52 0.61 0.70").
load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# cpu_model: the processor's model name (/proc/cpuinfo; where it has none, what Python's
# platform module says, or "unknown").
cpu_model() {
  local name
  name=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//') || true
  [ -n "$name" ] || name=$(python3 -c 'import platform; print(platform.processor() or "unknown")')
  echo "$name"
}

# stamp_machine: sets stamp (the time now, UTC, as the results' file names carry it), cpu
# (cpu_model), cores, and machine_json, the three as a results file ends:
#   "cpu": "…", "cores": 2, "date": "2026-12-05T101500Z"
stamp_machine() {
  stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
  cpu=$(cpu_model)
  cores=$(nproc)
  machine_json="\"cpu\": \"$cpu\", \"cores\": $cores, \"date\": \"$stamp\""
}

# machine_line: the last line of a CPU-time benchmark's report: the machine (stamp_machine)
# and the load average before and after the measurement (load_before, load_after).
machine_line() {
  # shellcheck disable=SC2154  # load_before and load_after are the caller's
  echo "machine: $cpu, $cores cores; $stamp; load average (1, 5, 15 min) $load_before before, $load_after after"
}
