#!/bin/sh
# demo.sh - the quick-start demo: installs what is missing, builds and
# runs "vigil run" on the bundled example (make demo).
set -e
cd "$(dirname "$0")/.."
sh scripts/deps.sh
make -j"$(nproc 2>/dev/null || echo 2)" build/vigil
make demo
