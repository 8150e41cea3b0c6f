#!/usr/bin/env bash
# Installs what Caseflow needs on Debian when it is missing: GNU GSL's
# development package (libgsl-dev, with pkg-config), zlib's (zlib1g-dev, for
# the compressed output files), OpenSSL's (libssl-dev, whose libcrypto gives the
# SHA-256 digests in manifests) and, for the tests that load report.html in a
# real browser, Debian's chromium. Swift itself must already be on PATH. Needs
# root (or sudo) only when something is missing.
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  echo "caseflow: Swift is not on PATH; install Swift 6.0 or later first (https://www.swift.org/install/)" >&2
  exit 1
fi
missing=()
if ! pkg-config --exists gsl 2>/dev/null; then missing+=(libgsl-dev pkg-config); fi
if ! pkg-config --exists zlib 2>/dev/null; then missing+=(zlib1g-dev pkg-config); fi
if ! pkg-config --exists libcrypto 2>/dev/null; then missing+=(libssl-dev pkg-config); fi
if ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "caseflow: installing ${missing[*]}…" >&2
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >/dev/null
pkg-config --exists gsl && pkg-config --exists zlib && pkg-config --exists libcrypto && command -v chromium >/dev/null
