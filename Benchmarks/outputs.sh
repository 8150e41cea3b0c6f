#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writing a national replication's outputs (issue 11): everything `caseflow run`
# writes now (report.html, summaries, gzip-compressed detail, manifest with
# SHA-256s) against the plain CSV runs wrote before, from the same results in
# memory, best of REPEATS (default 3), in CPU seconds (user + system) of the
# process. Target: no slower than the plain CSV.
# Writes the figures as JSON to Benchmarks/results/outputs.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p Benchmarks/results
swift build -c release >&2
.build/release/caseflow bench outputs --replications 1 --repeats "${REPEATS:-3}" --json | tee Benchmarks/results/outputs.json
