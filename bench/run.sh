#!/bin/sh
# run.sh - the benchmarks; figures go to docs/PERFORMANCE.md by hand,
# with the command that made them.
set -e
echo "== reports over a generated history (bench/bench_report.sh)"
sh bench/bench_report.sh
shared=${SHARED:-../shared}
if [ ! -d "$shared/data/scale" ]; then
    echo "bench: $shared/data/scale not found; nothing to measure"
    exit 0
fi
db=$(mktemp -d)/bench.db
echo "== import of $shared/data/scale (cold database)"
build/bench/bench_import "$db" "$shared/data/scale"
rm -rf "$(dirname "$db")"
echo "== match: a PyPI SBOM (67 components) against"
echo "   the whole scale/ collection"
db=$(mktemp -d)/bench.db
build/bench/bench_match "$db" "$shared/data/sbom/cyclonedx/defectdojo/jake2.json" \
    "$shared/data/scale"
rm -rf "$(dirname "$db")"
echo "== HTTP: vigil serve under wrk (bench/bench_http.sh)"
sh bench/bench_http.sh
