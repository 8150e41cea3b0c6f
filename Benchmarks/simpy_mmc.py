#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The M/M/c benchmark model in SimPy, for comparison with `caseflow bench mmc`.

Same model: Poisson arrivals at rate LAMBDA, exponential service at rate MU
per server, C servers, one FIFO line, N customers; the run ends at the last
arrival. Written the way a SimPy user would write it (a generator process
per customer, a `simpy.Resource`), because that is what Caseflow is
compared against.

"Events processed" counts what SimPy's core processes: every event popped
from its event list by `Environment.step` (timeouts, resource requests and
releases, process initialisations and ends). Caseflow's count is its own
(one per arrival and per departure); both are reported, and the ratio of
wall times per *customer* is reported as well, since that comparison does
not depend on what each system calls an event.

Prints one JSON object.
"""
import argparse
import json
import random
import time

import simpy


def run(lam: float, mu: float, c: int, n: int, seed: int) -> dict:
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=c)
    rng_arr = random.Random(seed)
    rng_svc = random.Random(seed + 1_000_003)
    waits_sum = 0.0
    waited = 0
    started = 0
    steps = 0

    def customer(env):
        nonlocal waits_sum, waited, started
        arrived = env.now
        # Every server busy on arrival (checked before asking: a request for a
        # free server is granted as it is made).
        if servers.count >= servers.capacity:
            waited += 1
        with servers.request() as req:
            yield req
            waits_sum += env.now - arrived
            started += 1
            yield env.timeout(rng_svc.expovariate(mu))

    def source(env):
        for _ in range(n):
            yield env.timeout(rng_arr.expovariate(lam))
            env.process(customer(env))

    src = env.process(source(env))
    t0 = time.perf_counter()
    c0 = time.process_time()
    # Step until the source has created the last customer (the run ends at
    # the last arrival, as in Caseflow), counting the events processed.
    while not src.triggered:
        env.step()
        steps += 1
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "model": "M/M/c",
        "engine": "simpy " + simpy.__version__,
        "arrival_rate": lam, "service_rate": mu, "servers": c, "customers": n, "seed": seed,
        "events": steps,
        "wall_seconds": wall,
        "events_per_second": steps / wall if wall > 0 else 0.0,
        "customers_per_second": n / wall if wall > 0 else 0.0,
        "cpu_seconds": cpu,
        "events_per_cpu_second": steps / cpu if cpu > 0 else 0.0,
        "customers_per_cpu_second": n / cpu if cpu > 0 else 0.0,
        "mean_wait": waits_sum / started if started else 0.0,
        "prob_wait": waited / n,
        "end_time": env.now,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arrival-rate", type=float, default=10.0)
    ap.add_argument("--service-rate", type=float, default=4.0)
    ap.add_argument("--servers", type=int, default=3)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    print(json.dumps(run(a.arrival_rate, a.service_rate, a.servers, a.customers, a.seed), sort_keys=True))


if __name__ == "__main__":
    main()
