#!/bin/sh
# check.sh - the test command: installs what is missing, builds, and
# runs every test (make check).  Works on a fresh Debian 12 as root.
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" all
make check
