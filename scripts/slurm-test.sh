#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Caseflow on a real Slurm (docs/scale-out.md, "Testing on a real Slurm").
#
# On one machine, as root (or with sudo): installs Debian's slurm-wlm and munge
# when missing, writes a minimal one-node slurm.conf (this host, its real CPUs
# and memory; proctrack/linuxproc, task/none, select/cons_tres) in a private
# directory, starts munged (unless one is running), slurmctld and slurmd on
# their own ports, and checks:
#   1. `caseflow slurm --submit` of a small sweep: the job array and the merge
#      job (afterok) run, and the merged directory equals a local
#      `caseflow sweep` of the same file byte for byte (manifest times aside);
#   2. `caseflow merge` refuses while a task is missing, naming it;
#   3. an array task killed part-way (scancel) leaves the plan unmergeable,
#      names the unfinished task, and run again gives the same bytes;
#   4. a plan whose scenario file changed is refused by the array task.
# Stops the daemons it started when it ends. Usage:
#   scripts/slurm-test.sh [CASEFLOW_BINARY]     (default: builds .build/debug/caseflow)
# Environment: SLURM_TEST_DIR (work directory; default a new one under /tmp),
# SLURM_TEST_TIMEOUT (seconds to wait for each set of jobs; default 600),
# SLURM_TEST_KEEP=1 (keep the work directory after a success; it is always kept after a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

say() { printf 'slurm-test: %s\n' "$*"; }
die() { printf 'slurm-test: FAILED: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "run as root or install sudo (slurmd runs jobs as root here)"
    SUDO="sudo"
fi

# 1. Packages.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null; then
    say "installing slurm-wlm and munge"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
        --no-install-recommends slurm-wlm munge >/dev/null
fi

# 2. The caseflow binary.
if [ $# -ge 1 ]; then
    CASEFLOW=$(readlink -f "$1")
else
    swift build --product caseflow >/dev/null
    CASEFLOW="$REPO/.build/debug/caseflow"
fi
[ -x "$CASEFLOW" ] || die "no caseflow binary at $CASEFLOW"

WORK=${SLURM_TEST_DIR:-}
OWN_WORK=0
if [ -z "$WORK" ]; then WORK=$(mktemp -d /tmp/caseflow-slurm-test.XXXXXX); OWN_WORK=1; fi
mkdir -p "$WORK"
WORK=$(readlink -f "$WORK")
TIMEOUT=${SLURM_TEST_TIMEOUT:-600}
say "working in $WORK"

# 3. munge: reuse a running munged, or start one (and stop it at the end).
STARTED_PIDS=()
cleanup() {
    local status=$?
    for pid in "${STARTED_PIDS[@]}"; do $SUDO kill "$pid" 2>/dev/null || true; done
    if [ $status -ne 0 ]; then
        for log in "$WORK"/slurm/*.log; do
            [ -f "$log" ] && { echo "---- $log (last lines)"; tail -n 20 "$log"; }
        done
        say "the work directory is kept: $WORK"
    elif [ "$OWN_WORK" = 1 ] && [ -z "${SLURM_TEST_KEEP:-}" ]; then
        sleep 1    # let the daemons exit before their directory goes
        rm -rf "$WORK"
    fi
    exit $status
}
trap cleanup EXIT

if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    [ -f /etc/munge/munge.key ] || $SUDO /usr/sbin/mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null \
        || $SUDO sh -c 'dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null'
    $SUDO chown munge:munge /etc/munge/munge.key
    $SUDO chmod 0400 /etc/munge/munge.key
    $SUDO mkdir -p /run/munge /var/lib/munge /var/log/munge
    $SUDO chown munge:munge /run/munge /var/lib/munge /var/log/munge
    $SUDO chmod 0755 /run/munge
    $SUDO runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 1 50); do [ -f /run/munge/munged.pid ] && break; sleep 0.1; done
    [ -f /run/munge/munged.pid ] && STARTED_PIDS+=("$(cat /run/munge/munged.pid)")
    munge -n | unmunge >/dev/null || die "munged does not answer"
    say "started munged"
fi

# 4. A one-node cluster of this host, in a private directory, on its own ports.
SL="$WORK/slurm"
mkdir -p "$SL/state" "$SL/spool"
HOST=$(hostname -s)
NODE=$(slurmd -C | head -n 1)    # NodeName=HOST CPUs=… RealMemory=… as slurmd sees them
case "$NODE" in NodeName=*) ;; *) die "slurmd -C printed \"$NODE\"";; esac
CPUS=$(printf '%s\n' "$NODE" | sed -n 's/.* CPUs=\([0-9]*\).*/\1/p')
cat > "$SL/slurm.conf" <<EOF
# A one-node cluster for scripts/slurm-test.sh.
ClusterName=caseflowtest
SlurmctldHost=$HOST
SlurmctldPort=${SLURM_TEST_CTLD_PORT:-6917}
SlurmdPort=${SLURM_TEST_SLURMD_PORT:-6918}
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$SL/state
SlurmdSpoolDir=$SL/spool
SlurmctldPidFile=$SL/slurmctld.pid
SlurmdPidFile=$SL/slurmd.pid
SlurmctldLogFile=$SL/slurmctld.log
SlurmdLogFile=$SL/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=300
$NODE State=UNKNOWN
PartitionName=caseflow Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$SL/slurm.conf"
$SUDO env SLURM_CONF="$SLURM_CONF" /usr/sbin/slurmctld -f "$SLURM_CONF" -i
$SUDO env SLURM_CONF="$SLURM_CONF" /usr/sbin/slurmd -f "$SLURM_CONF"
for f in slurmctld slurmd; do
    for _ in $(seq 1 100); do [ -s "$SL/$f.pid" ] && break; sleep 0.1; done
    [ -s "$SL/$f.pid" ] || die "$f did not start (see $SL/$f.log)"
    STARTED_PIDS+=("$(cat "$SL/$f.pid")")
done
for _ in $(seq 1 100); do
    state=$(sinfo -h -n "$HOST" -o %t 2>/dev/null || true)
    case "$state" in idle*|mix*|alloc*) break;; esac
    sleep 0.3
done
case "$state" in idle*|mix*|alloc*) ;; *) die "node $HOST is \"$state\", not idle (see $SL/slurmd.log)";; esac
say "slurmctld and slurmd up: $NODE"

# Waits for Slurm jobs to leave the queue (bounded).
wait_for_jobs() {
    local deadline=$((SECONDS + TIMEOUT))
    while [ -n "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; do
        [ $SECONDS -lt $deadline ] || die "jobs $1 still queued after ${TIMEOUT}s: $(squeue -h -j "$1" -o '%i %T %r' | tr '\n' ' ')"
        sleep 1
    done
}

# Compares two run or sweep directories byte for byte, manifest times aside.
same_outputs() {
    local a=$1 b=$2
    diff -r -x manifest.json "$a" "$b" >/dev/null || { diff -r -q -x manifest.json "$a" "$b" | head; die "$a and $b differ"; }
    (cd "$a" && find . -name manifest.json | sort) > "$WORK/manifests-a"
    (cd "$b" && find . -name manifest.json | sort) > "$WORK/manifests-b"
    cmp -s "$WORK/manifests-a" "$WORK/manifests-b" || die "$a and $b have different manifests"
    while read -r m; do
        diff <(grep -v -e '"started_at"' -e '"finished_at"' "$a/$m") <(grep -v -e '"started_at"' -e '"finished_at"' "$b/$m") \
            || die "$a/$m and $b/$m differ beyond their times"
    done < "$WORK/manifests-a"
}

# The small sweep: one PDU, 12 weeks, 2 replications, a 3 × 2 grid and a list entry (8 points, 16 units).
scripts/tiny-scenario.sh "Slurm test sweep" --sweep > "$WORK/tiny.yaml"

# ---- 1. caseflow slurm --submit, then compare with a local sweep.
say "1. caseflow slurm --submit (8 points × 2 replications, 3 units per task)"
"$CASEFLOW" slurm "$WORK/tiny.yaml" --out "$WORK/plan" --units-per-task 3 --max-concurrent 4 --time 00:10:00 --submit \
    > "$WORK/submit.out"
cat "$WORK/submit.out"
grep -q -- '--array=0-5%4' "$WORK/plan/slurm/array.sbatch" || die "array.sbatch has no --array=0-5%4"
ARRAY=$(sed -n 's/.*"array_job" : "\([0-9]*\)".*/\1/p' "$WORK/plan/slurm/jobs.json")
MERGE=$(sed -n 's/.*"merge_job" : "\([0-9]*\)".*/\1/p' "$WORK/plan/slurm/jobs.json")
[ -n "$ARRAY" ] && [ -n "$MERGE" ] || die "no job ids in $WORK/plan/slurm/jobs.json"
"$CASEFLOW" status "$WORK/plan" || true
wait_for_jobs "$ARRAY,$MERGE"
[ -f "$WORK/plan/result/index.csv" ] || { cat "$WORK/plan/logs/"*.err 2>/dev/null | tail -n 20; die "the merge job wrote no result/index.csv"; }
"$CASEFLOW" status "$WORK/plan" | tee "$WORK/status.out"
grep -q "done 6," "$WORK/status.out" || die "status does not say 6 tasks are done"
"$CASEFLOW" sweep "$WORK/tiny.yaml" --out "$WORK/local" --jobs 1 --quiet > /dev/null
same_outputs "$WORK/local" "$WORK/plan/result"
say "1. passed: the Slurm merge equals the local sweep ($(find "$WORK/plan/result" -type f | wc -l) files)"

# ---- 2 and 3. A task killed part-way; merge refuses, naming it; run again, same bytes.
say "2. merge refuses while a task is missing; 3. a task killed part-way and run again"
sed -e 's/length: 12 weeks/length: 3 years/' -e 's/national: 4 }/national: 40 }/' -e 's/total: 60/total: 600/' \
    -e 's/PO: 3, PSO: 3, SPO: 1/PO: 30, PSO: 30, SPO: 4/' -e 's/name: Slurm test sweep/name: Slurm kill test/' \
    "$WORK/tiny.yaml" > "$WORK/longer.yaml"
"$CASEFLOW" slurm "$WORK/longer.yaml" --out "$WORK/plan2" --replications 1 --units-per-task 4 > /dev/null
if "$CASEFLOW" merge "$WORK/plan2" 2> "$WORK/merge2.err"; then die "merge of a plan with no task run succeeded"; fi
grep -q "task 0 (units 0–3) is missing: it has not run" "$WORK/merge2.err" || { cat "$WORK/merge2.err"; die "merge did not name the missing task 0"; }
[ ! -e "$WORK/plan2/result/index.csv" ] || die "a refused merge wrote index.csv"
JOB=$(sbatch --parsable --array=0 "$WORK/plan2/slurm/array.sbatch"); JOB=${JOB%%;*}
deadline=$((SECONDS + TIMEOUT))
until [ -f "$WORK/plan2/units/unit-000000.cfu" ]; do
    [ $SECONDS -lt $deadline ] || die "task 0 wrote no unit in ${TIMEOUT}s"
    [ -n "$(squeue -h -j "$JOB" -o %i)" ] || die "task 0 ended before it could be killed; lengthen longer.yaml"
    sleep 0.2
done
scancel --signal=KILL --full "$JOB"
wait_for_jobs "$JOB"
[ ! -f "$WORK/plan2/units/task-000000.done" ] || die "task 0 finished before it was killed; lengthen longer.yaml"
say "killed task 0 after $(ls "$WORK/plan2/units"/unit-*.cfu | wc -l) of its 4 units"
if "$CASEFLOW" merge "$WORK/plan2" 2> "$WORK/merge3.err"; then die "merge of a killed task succeeded"; fi
grep -q "task 0 (units 0–3) has not finished" "$WORK/merge3.err" || { cat "$WORK/merge3.err"; die "merge did not name the killed task 0"; }
"$CASEFLOW" status "$WORK/plan2" || true
sbatch --wait --array=0-1 "$WORK/plan2/slurm/array.sbatch" > /dev/null || die "the rerun of plan2's array failed"
sbatch --wait "$WORK/plan2/slurm/merge.sbatch" > /dev/null || die "plan2's merge job failed: $(cat "$WORK/plan2/logs/merge.err")"
"$CASEFLOW" sweep "$WORK/longer.yaml" --out "$WORK/local2" --replications 1 --jobs 1 --quiet > /dev/null
same_outputs "$WORK/local2" "$WORK/plan2/result"
say "2, 3. passed: merge named the missing and the killed task; the rerun equals the local sweep"

# ---- 4. A plan whose scenario changed is refused.
say "4. a plan whose scenario file changed is refused"
cp "$WORK/tiny.yaml" "$WORK/edited.yaml"
"$CASEFLOW" slurm "$WORK/edited.yaml" --out "$WORK/plan3" --units-per-task 16 > /dev/null
sed -i 's/seed: 5/seed: 6/' "$WORK/edited.yaml"
if sbatch --wait "$WORK/plan3/slurm/array.sbatch" > /dev/null 2>&1; then die "a task of a plan whose scenario changed succeeded"; fi
grep -q "has changed since the plan was made" "$WORK/plan3/logs/task-0.err" \
    || { cat "$WORK/plan3/logs/task-0.err"; die "the task did not say the scenario changed"; }
[ -z "$(ls "$WORK/plan3/units")" ] || die "a refused task wrote units"
say "4. passed: $(head -n 1 "$WORK/plan3/logs/task-0.err")"

say "all passed"
