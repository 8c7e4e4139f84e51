#!/bin/sh
# run.sh - the benchmarks; figures go to docs/PERFORMANCE.md by hand,
# with the command that made them.
set -e
shared=${SHARED:-../shared}
if [ ! -d "$shared/data/scale" ]; then
    echo "bench: $shared/data/scale not found; nothing to measure"
    exit 0
fi
db=$(mktemp -d)/bench.db
echo "== import of $shared/data/scale (cold database)"
build/bench/bench_import "$db" "$shared/data/scale"
rm -rf "$(dirname "$db")"
echo "== match: the Debian 12 host (807 packages) and a PyPI SBOM against"
echo "   the whole scale/ collection"
db=$(mktemp -d)/bench.db
build/bench/bench_match "$db" "$shared/data/sbom/dpkg/debian-host.status" \
    "$shared/data/scale"
rm -rf "$(dirname "$db")"
