#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Caseflow engine benchmarks:
#   1. the hold model (event list alone) at 10^3 … 10^6 pending events;
#   2. the M/M/c benchmark model (λ=10, μ=4, c=3) at 10^5, 10^6, 10^7 customers;
#   3. the same M/M/c model in SimPy (from PyPI, in Benchmarks/.venv) at
#      10^5 and 10^6 customers, side by side with Caseflow.
# Prints a table and writes everything as JSON to Benchmarks/results/.
# Takes about two minutes on the 2-core CI machine (SimPy at 10^6 customers
# is most of it). Environment: QUICK=1 skips 10^7 and SimPy at 10^6;
# REPEATS=n takes the best of n Caseflow runs (default 3).
# Usage: Benchmarks/run.sh [CASEFLOW]   (without CASEFLOW the release product is built)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
REPEATS=${REPEATS:-3}
QUICK=${QUICK:-0}

echo "== building caseflow (release)" >&2
caseflow_binary Benchmarks/run.sh "$@"
simpy_python "$BENCH/.venv" 4.1.2

stamp_machine
scratch_dir

# Best (fastest) of $REPEATS runs of a caseflow command printing JSON; the
# key says which field is "best" (lower or higher is better).
best_of() {  # best_of <min|max> <field> <outfile> <command...>
  local mode=$1 field=$2 out=$3; shift 3
  local i
  for i in $(seq "$REPEATS"); do "$@" > "$TMP/run.$i.json"; done
  python3 - "$mode" "$field" "$out" "$TMP"/run.*.json <<'EOF'
import json, sys
mode, field, out, *files = sys.argv[1:]
runs = [json.load(open(f)) for f in files]
pick = (min if mode == "min" else max)(runs, key=lambda r: r[field])
pick["repeats"] = len(runs)
json.dump(pick, open(out, "w"))
EOF
  rm -f "$TMP"/run.*.json
}

echo "== hold model" >&2
for n in 1000 10000 100000 1000000; do
  best_of min ns_per_hold "$TMP/hold-$n.json" "$CASEFLOW" bench hold --pending "$n" --operations 3000000 --seed 1 --json
done

MMC_SIZES="100000 1000000"
[ "$QUICK" = 1 ] || MMC_SIZES="$MMC_SIZES 10000000"
echo "== M/M/3 in Caseflow" >&2
for n in $MMC_SIZES; do
  best_of max events_per_second "$TMP/mmc-$n.json" "$CASEFLOW" bench mmc --arrival-rate 10 --service-rate 4 --servers 3 --customers "$n" --seed 1 --jobs 1 --json
done

SIMPY_SIZES="100000 1000000"
[ "$QUICK" = 1 ] && SIMPY_SIZES="100000"
echo "== M/M/3 in SimPy" >&2
for n in $SIMPY_SIZES; do
  "$PY" "$BENCH/simpy_mmc.py" --arrival-rate 10 --service-rate 4 --servers 3 --customers "$n" --seed 1 > "$TMP/simpy-$n.json"
done

python3 - "$TMP" "$RESULTS/bench-$stamp.json" "$stamp" "$cpu" <<'EOF'
import glob, json, os, platform, subprocess, sys
tmp, out, stamp, cpu = sys.argv[1:]

def load(pattern):
    rows = {}
    for f in glob.glob(os.path.join(tmp, pattern)):
        r = json.load(open(f))
        rows[int(f.rsplit("-", 1)[1].split(".")[0])] = r
    return dict(sorted(rows.items()))

hold, mmc, simpy = load("hold-*.json"), load("mmc-*.json"), load("simpy-*.json")
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
machine = {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
           "swift": swift[0] if swift else "unknown", "python": platform.python_version()}
theory_wait = next(iter(mmc.values()))["theory"]["mean_wait"] if mmc else float("nan")

print(f"Caseflow engine benchmarks — {stamp}")
print(f"machine: {machine['nproc']} cores, {machine['cpu']}; {machine['swift']}; Python {machine['python']}")
print()
print("Hold model (pop the earliest event, push one later; event list only)")
print(f"{'pending':>10} {'ns per hold':>12}")
for n, r in hold.items():
    print(f"{n:>10} {r['ns_per_hold']:>12.1f}")
print()
print(f"M/M/3, λ=10, μ=4 — mean wait in queue: Erlang C gives {theory_wait:.6f}")
print("Events are counted by each engine's own definition: Caseflow processes 2 per")
print("customer (arrival, departure), SimPy about 6 (timeouts, requests, releases,")
print("process starts and ends). The speed ratio compares wall time for the same")
print("model and the same number of customers, which does not depend on that.")
hdr = (f"{'customers':>10} {'Caseflow ev/s':>14} {'SimPy ev/s':>12} {'Caseflow cust/s':>16} {'SimPy cust/s':>13}"
       f" {'speed ratio':>12} {'wait Caseflow':>14} {'wait SimPy':>11}")
print(hdr)
rows = []
for n, c in mmc.items():
    s = simpy.get(n)
    c_cps = n / c["wall_seconds"]
    row = {"customers": n, "caseflow_events": c["events"], "caseflow_wall_seconds": c["wall_seconds"],
           "caseflow_events_per_second": c["events_per_second"], "caseflow_customers_per_second": c_cps,
           "caseflow_mean_wait": c["mean_wait"], "theory_mean_wait": theory_wait}
    line = f"{n:>10} {c['events_per_second']:>14.3e}"
    if s:
        ratio = s["wall_seconds"] / c["wall_seconds"]
        row.update({"simpy_events": s["events"], "simpy_wall_seconds": s["wall_seconds"],
                    "simpy_events_per_second": s["events_per_second"],
                    "simpy_customers_per_second": s["customers_per_second"],
                    "simpy_mean_wait": s["mean_wait"], "speed_ratio": ratio,
                    "events_per_second_ratio": c["events_per_second"] / s["events_per_second"]})
        line += (f" {s['events_per_second']:>12.3e} {c_cps:>16.3e} {s['customers_per_second']:>13.3e}"
                 f" {ratio:>11.0f}× {c['mean_wait']:>14.6f} {s['mean_wait']:>11.6f}")
    else:
        line += f" {'—':>12} {c_cps:>16.3e} {'—':>13} {'—':>12} {c['mean_wait']:>14.6f} {'—':>11}"
    print(line)
    rows.append(row)
for r in rows:
    if "speed_ratio" in r:
        print(f"  {r['customers']} customers: Caseflow is {r['speed_ratio']:.0f}× faster than SimPy for the same model"
              f" ({r['events_per_second_ratio']:.0f}× in events per second)")
json.dump({"date": stamp, "machine": machine, "hold": list(hold.values()), "mmc_caseflow": list(mmc.values()),
           "mmc_simpy": list(simpy.values()), "comparison": rows}, open(out, "w"), indent=2, sort_keys=True)
print()
print(f"results written to {os.path.relpath(out)}")
EOF
