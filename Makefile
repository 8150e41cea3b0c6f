# Caseflow — the two commands the README documents, plus helpers.
# `make run`  installs what is missing (libgsl-dev), builds a release binary and
#             runs the main job: the built-in national scenario (England and
#             Wales from 26 June 2021, 5 replications) into runs/.
# `make test` installs what is missing, runs the whole test suite, then each
#             fuzz target for FUZZ_SECONDS (scripts/fuzz.sh).
SHELL := /bin/bash
SWIFT ?= swift
OUT ?= runs/national-day1-$(shell date -u +%Y%m%d-%H%M%S)

.PHONY: run test slurm-test deps build release bench clean fuzz

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	.build/release/caseflow run --out $(OUT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	bash scripts/fuzz.sh ci $(FUZZ_SECONDS)

# Seconds each fuzz target runs in `make test` (scripts/fuzz.sh; docs/errors.md, Fuzzing).
FUZZ_SECONDS ?= 20

fuzz: deps
	bash scripts/fuzz.sh ci $(FUZZ_SECONDS)

# plan / run-unit / merge on a real one-node Slurm (installs slurm-wlm and munge; root or sudo).
slurm-test: build
	bash scripts/slurm-test.sh

bench: release
	bash Benchmarks/run.sh
	CASEFLOW=.build/release/caseflow bash Benchmarks/mmc-vs-simpy.sh
	bash Benchmarks/national.sh
	bash Benchmarks/memory.sh
	bash Benchmarks/scaling.sh
	bash Benchmarks/outputs.sh
	bash Benchmarks/tier.sh
	bash Benchmarks/tiering-overhead.sh

clean:
	rm -rf .build
