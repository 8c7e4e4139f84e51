#!/bin/sh
# bench_report.sh [N] - time each report kind over a database of N
# security updates (20000 unless given) with their history, as the
# reports replay it.  Prints wall time and peak memory per kind.
set -e
n=${1:-20000}
vigil=${VIGIL:-build/vigil}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export VIGIL_NOW=2027-01-05T10:00:00Z

# a database with vigil's schema: adding a system creates it
"$vigil" --db "$dir/r.db" system add bench >/dev/null
/usr/bin/python3 bench/report_db.py "$dir/r.db" "$n"
echo "reports over $n updates (VIGIL_NOW=$VIGIL_NOW)"
for k in weekly monthly quarterly; do
    /usr/bin/time -f "$k: %e s, %M KiB peak RSS" "$vigil" --db "$dir/r.db" \
        report "$k" --format json --out "$dir/$k.json"
done
