#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# M/M/3 (λ=10, μ=4, c=3) on 10^6 customers: Caseflow (`caseflow bench mmc`)
# against SimPy 4.1.2 (Benchmarks/simpy_mmc.py, the same model written as a
# SimPy user would), run alternately A B A B … so that both see the same
# load on a shared machine. Each program measures the CPU time (user +
# system) of its own simulation loop, not process start-up or imports.
# Reports, over the pairs: the median ratio of customers per CPU-second
# (Caseflow / SimPy; target ≥ 100) and Caseflow's median events per
# CPU-second (target ≥ 20 million; Caseflow counts 2 events per customer,
# an arrival and a departure), both from the simulation loops' CPU time, and
# the same two figures counting each whole process (start-up, Python's
# imports, exit). Writes the runs as JSON lines to Benchmarks/results/.
#
# Environment: PAIRS=n (default 7, at least 5), CUSTOMERS=n (default 10^6),
# CASEFLOW=path (default: a release build made here). SimPy comes from PyPI
# into Benchmarks/.venv (pinned to 4.1.2); offline, an already installed
# SimPy 4.1.2 is used if python3 has one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
PAIRS=${PAIRS:-7}
CUSTOMERS=${CUSTOMERS:-1000000}

if [ -z "${CASEFLOW:-}" ]; then
  echo "== building caseflow (release)" >&2
  caseflow_binary Benchmarks/mmc-vs-simpy.sh
fi
simpy_python "$BENCH/.venv" 4.1.2

stamp_machine
OUT="$RESULTS/mmc-vs-simpy-$stamp.jsonl"
python3 - "$OUT" "$stamp" "$PAIRS" "$CUSTOMERS" "$CASEFLOW" "$PY" "$BENCH/simpy_mmc.py" "$cpu" <<'PYEOF'
import json, os, platform, resource, statistics, subprocess, sys
out, stamp, pairs_n, customers, caseflow, py, simpy_script, cpu = sys.argv[1:]
args = ["--arrival-rate", "10", "--service-rate", "4", "--servers", "3", "--customers", customers, "--seed", "1"]

def run(cmd):
    """Runs one program; returns its JSON and the CPU time of the whole process
    (user + system, from start-up to exit, as the kernel counts it)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = json.loads(text)
    r["process_cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return r

pairs = []
with open(out, "w") as f:
    for i in range(1, int(pairs_n) + 1):
        print(f"== pair {i} of {pairs_n}", file=sys.stderr)
        c = run([caseflow, "bench", "mmc", *args, "--jobs", "1", "--json"])
        s = run([py, simpy_script, *args])
        pairs.append({"pair": i, "caseflow": c, "simpy": s})
        f.write(json.dumps(pairs[-1], sort_keys=True) + "\n")

n = int(customers)
print(f"M/M/3 (λ=10, μ=4) on {n:,} customers, Caseflow against {pairs[0]['simpy']['engine']}, "
      f"{len(pairs)} alternating pairs — {stamp}")
print(f"machine: {os.cpu_count()} cores, {cpu}, load average {os.getloadavg()[0]:.1f}; Python {platform.python_version()}")
print("CPU seconds of the simulation loop (each program times its own), and of the whole process (start-up, imports, exit):")
print(f"{'pair':>4} {'Caseflow loop':>14} {'SimPy loop':>11} {'ratio':>7} {'Caseflow M ev/CPU-s':>20}"
      f" {'Caseflow process':>17} {'SimPy process':>14} {'ratio':>7}")
ratios, evs, pratios, pevs = [], [], [], []
for p in pairs:
    c, s = p["caseflow"], p["simpy"]
    ratio = s["cpu_seconds"] / c["cpu_seconds"]                    # = customers per CPU-second, Caseflow / SimPy
    pratio = s["process_cpu_seconds"] / c["process_cpu_seconds"]
    ratios.append(ratio); evs.append(c["events_per_cpu_second"])
    pratios.append(pratio); pevs.append(c["events"] / c["process_cpu_seconds"])
    print(f"{p['pair']:>4} {c['cpu_seconds']:>14.4f} {s['cpu_seconds']:>11.3f} {ratio:>6.1f}× {c['events_per_cpu_second']/1e6:>20.2f}"
          f" {c['process_cpu_seconds']:>17.4f} {s['process_cpu_seconds']:>14.3f} {pratio:>6.1f}×")
c0, s0 = pairs[0]["caseflow"], pairs[0]["simpy"]
print(f"mean wait in queue: Caseflow {c0['mean_wait']:.6f}, SimPy {s0['mean_wait']:.6f}, Erlang C {c0['theory']['mean_wait']:.6f};"
      f" events per customer: Caseflow {c0['events']/n:.2f}, SimPy {s0['events']/n:.2f}")
mr, me = statistics.median(ratios), statistics.median(evs)
print(f"median ratio of customers per CPU-second, Caseflow / SimPy: {mr:.1f}× (range {min(ratios):.1f}–{max(ratios):.1f};"
      f" target ≥ 100×: {'met' if mr >= 100 else 'NOT met'})")
print(f"Caseflow median events per CPU-second: {me/1e6:.2f} M (range {min(evs)/1e6:.2f}–{max(evs)/1e6:.2f};"
      f" target ≥ 20 M: {'met' if me >= 20e6 else 'NOT met'})")
print(f"counting whole processes instead: median ratio {statistics.median(pratios):.1f}×, "
      f"Caseflow {statistics.median(pevs)/1e6:.2f} M events per CPU-second")
print(f"runs written to {os.path.relpath(out)}")
PYEOF
