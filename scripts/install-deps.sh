#!/usr/bin/env bash
# Installs what Caseflow needs to build on Debian when it is missing:
# GNU GSL's development package (libgsl-dev, with pkg-config) and zlib's
# (zlib1g-dev, for the compressed output files). Swift itself
# must already be on PATH. Needs root (or sudo) only when something is missing.
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  echo "caseflow: Swift is not on PATH; install Swift 6.0 or later first (https://www.swift.org/install/)" >&2
  exit 1
fi
if pkg-config --exists gsl 2>/dev/null && pkg-config --exists zlib 2>/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "caseflow: installing libgsl-dev, zlib1g-dev and pkg-config (GNU Scientific Library, zlib)…" >&2
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq libgsl-dev zlib1g-dev pkg-config >/dev/null
pkg-config --exists gsl && pkg-config --exists zlib
