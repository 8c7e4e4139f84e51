#!/bin/sh
# demo-run.sh VIGIL - runs the bundled example end to end on a fresh
# database: import the example feeds, load the example systems, match,
# and print the weekly report and the tracked updates.
set -e
vigil=${1:-build/vigil}
db=${VIGIL_DEMO_DB:-build/demo.db}
rm -f "$db" "$db-wal" "$db-shm"
echo "== vigil run --config examples/vigil.conf"
"$vigil" --db "$db" run --config examples/vigil.conf
echo
echo "== vigil list"
"$vigil" --db "$db" list
