#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Prints the tiny scenario the scale-out scripts run (scripts/slurm-test.sh,
# Benchmarks/scale-out.sh): one PDU of 7 staff, 12 weeks after a 2-week warm-up,
# 2 replications, every output level and a WMT snapshot at every output. The
# same world as the Swift command tests' TinyScenario (Tests/CaseflowTests).
# Usage: scripts/tiny-scenario.sh NAME [--sweep]
#   --sweep adds a 3 × 2 grid (allocation.cap × allocation.policy) and a list
#   entry, "busier": 8 points with the base, 16 work units.
set -euo pipefail
name=${1:?usage: scripts/tiny-scenario.sh NAME [--sweep]}
cat <<EOF
caseflow: 1
metadata: { name: $name }
horizon: { start: 2021-06-28, length: 12 weeks, warmup: 2 weeks }
seed: 5
replications: 2
organisation:
  regions:
    - code: Z
      name: Zed
      pdus:
        - { number: 1, name: One, staff: { PO: 3, PSO: 3, SPO: 1 } }
demand:
  sentences_per_week: { national: 4 }
  court_reports_per_week: { national: 2 }
cases:
  custody_share: 0.3
  tier_mix:
    community: { B2: 1, C2: 2, D1: 2 }
    custody: { B2: 1, C2: 1 }
  community_length: { distribution: lognormal, mean: 10 months, sd: 4 months }
  custody_time_to_serve: { distribution: lognormal, mean: 6 months, sd: 6 months }
  licence_length: { distribution: gamma, shape: 4, scale: 3 months }
initial_caseload: { total: 60, type_shares: { community: 0.6, licence: 0.3, custody: 0.1 } }
outputs: { cadence: weekly, levels: [national, pdu, team, practitioner], wmt_snapshot: every-output }
EOF
if [ "${2:-}" = "--sweep" ]; then
cat <<'EOF'
sweep:
  grid:
    allocation.cap: [105%, 110%, 120%]
    allocation.policy: [lowest-capacity, round-robin]
  list:
    - { name: busier, set: { demand.sentences_per_week.national: 8 } }
EOF
fi
