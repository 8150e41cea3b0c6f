# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared by the national benchmarks (sourced, not run): the program to measure and GNU time.

# caseflow_binary SCRIPT [PATH]: sets CASEFLOW to PATH (a built caseflow binary) or, without
# one, builds the release product and uses it; stops with a clear message if there is no
# program there.
caseflow_binary() {
  local script=$1; shift
  if [ $# -ge 1 ]; then CASEFLOW=$(readlink -f "$1"); else swift build -c release --product caseflow >&2; CASEFLOW="$ROOT/.build/release/caseflow"; fi
  [ -x "$CASEFLOW" ] || { echo "$script: no caseflow program at '$CASEFLOW' (the argument, if given, must be the path of a built caseflow binary)" >&2; exit 2; }
}

# require_gnu_time: sets TIME to GNU time (peak memory and CPU time of a process),
# installing it when missing and run as root.
require_gnu_time() {
  TIME=/usr/bin/time
  if [ ! -x "$TIME" ]; then
    if [ "$(id -u)" -eq 0 ]; then apt-get -o DPkg::Lock::Timeout=900 install -y -qq time >/dev/null; else echo "GNU time is needed: apt-get install -y time" >&2; exit 1; fi
  fi
}
