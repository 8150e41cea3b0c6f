#!/usr/bin/env bash
# Fuzzing with libFuzzer (Swift's -sanitize=fuzzer on Linux).
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer options…]   fuzz one target for SECONDS
#   scripts/fuzz.sh build                                 build every target only
#   scripts/fuzz.sh ci SECONDS                            every target for SECONDS each (CI)
#   scripts/fuzz.sh replay TARGET FILE…                   run the target on FILEs once
# TARGET is scenario (YAML text → validated scenario, and a 4-week run when
# small), overrides (--set lines applied to scenarios/toy-team.yaml) or
# caseload (caseflow wmt's caseload and points readers).
#
# The package's modules are built into .build-fuzz with coverage
# instrumentation (swift build -Xswiftc -sanitize=fuzzer, only the library
# targets, so no second main), then Fuzz/Sources/TARGET.swift and
# Fuzz/Sources/Common.swift are compiled and linked against their objects.
# Seeds: Fuzz/corpus/TARGET (committed: the shipped scenarios and CSVs and
# every input that ever crashed, minimised). New inputs go to
# .build-fuzz/corpus/TARGET; crashes to Fuzz/crashes/TARGET-*: each one found
# becomes a regression test (Tests/*/FuzzRegressionTests.swift) and a seed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=.build-fuzz
TARGETS=(scenario overrides caseload)

build() {
    bash scripts/install-deps.sh >/dev/null
    swift build -c release --build-path "$BUILD" --target Scenario -Xswiftc -sanitize=fuzzer >&2
    local bin; bin=$(swift build -c release --build-path "$BUILD" --show-bin-path)
    local objects=()
    for module in Scenario Probation Simulation Yams CYaml; do
        while IFS= read -r o; do objects+=("$o"); done < <(find "$bin/$module.build" -name '*.o' | sort)
    done
    local yams; yams=$(dirname "$(find "$BUILD/checkouts" -path '*Sources/CYaml/include/module.modulemap' | head -1)")
    for t in "${TARGETS[@]}"; do
        if [[ ! -x "$bin/fuzz-$t" || -n "$(find Fuzz/Sources "$bin/Scenario.build" "$bin/Probation.build" -newer "$bin/fuzz-$t" -name '*.swift' -o -newer "$bin/fuzz-$t" -name '*.o' | head -1)" ]]; then
            echo "fuzz.sh: linking fuzz-$t" >&2
            swiftc -O -sanitize=fuzzer -parse-as-library -module-name "fuzz_$t" \
                -I "$bin/Modules" -I Sources/CGSL -I "$yams" \
                "Fuzz/Sources/$t.swift" Fuzz/Sources/Common.swift "${objects[@]}" \
                $(pkg-config --libs gsl) -o "$bin/fuzz-$t"
        fi
    done
    echo "$bin"
}

run() {
    local target=$1 seconds=$2; shift 2
    [[ " ${TARGETS[*]} " == *" $target "* ]] || { echo "fuzz.sh: unknown target $target (${TARGETS[*]})" >&2; exit 2; }
    local bin; bin=$(build)
    mkdir -p "$BUILD/corpus/$target" Fuzz/crashes
    echo "fuzz.sh: fuzzing $target for $seconds s" >&2
    # The Swift runtime's backtracer would take the trap's signal before libFuzzer.
    SWIFT_BACKTRACE=enable=no CASEFLOW_FUZZ_BASE="$ROOT/scenarios/toy-team.yaml" \
        "$bin/fuzz-$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="Fuzz/crashes/$target-" "$@" \
        "$BUILD/corpus/$target" "Fuzz/corpus/$target"
}

case "${1:-}" in
    build) build >/dev/null ;;
    ci)
        seconds=${2:-25}
        for t in "${TARGETS[@]}"; do run "$t" "$seconds"; done ;;
    replay)
        target=$2; shift 2
        bin=$(build)
        SWIFT_BACKTRACE=enable=no CASEFLOW_FUZZ_BASE="$ROOT/scenarios/toy-team.yaml" "$bin/fuzz-$target" -runs=1 "$@" ;;
    scenario|overrides|caseload)
        [[ $# -ge 2 ]] || { echo "usage: scripts/fuzz.sh TARGET SECONDS" >&2; exit 2; }
        run "$@" ;;
    *) sed -n '2,8p' "$0" >&2; exit 2 ;;
esac
