#!/usr/bin/env bash
# Installs what Caseflow needs to build on Debian when it is missing:
# GNU GSL's development package (libgsl-dev, with pkg-config). Swift itself
# must already be on PATH. Needs root (or sudo) only when something is missing.
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  echo "caseflow: Swift is not on PATH; install Swift 6.0 or later first (https://www.swift.org/install/)" >&2
  exit 1
fi
if pkg-config --exists gsl 2>/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "caseflow: installing libgsl-dev and pkg-config (GNU Scientific Library)…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgsl-dev pkg-config >/dev/null
pkg-config --exists gsl
