#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writing a national replication's outputs (issue 11): everything `caseflow run`
# writes now (report.html, summaries, gzip-compressed detail, manifest with
# SHA-256s) against the plain CSV runs wrote before, from the same results in
# memory, best of REPEATS (default 3), in CPU seconds (user + system) of the
# process. Target: no slower than the plain CSV.
# Writes the figures as JSON to Benchmarks/results/outputs.json.
# Usage: Benchmarks/outputs.sh [CASEFLOW]   (without CASEFLOW the release product is built)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init
caseflow_binary Benchmarks/outputs.sh "$@"
"$CASEFLOW" bench outputs --replications 1 --repeats "${REPEATS:-3}" --json | tee Benchmarks/results/outputs.json
