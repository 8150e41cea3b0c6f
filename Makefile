# Caseflow — the two commands the README documents, plus helpers.
# `make run`  installs what is missing (libgsl-dev), builds a release binary and
#             runs the main job.
# `make test` installs what is missing and runs the whole test suite.
SHELL := /bin/bash
SWIFT ?= swift
OUT ?= runs/latest

.PHONY: run test deps build release bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	.build/release/caseflow bench mmc --arrival-rate 10 --service-rate 4 --servers 3 --customers 1000000 --seed 1

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	bash Benchmarks/run.sh

clean:
	rm -rf .build
