#!/bin/sh
# bench_http.sh - load test of vigil serve with wrk on 127.0.0.1:
# requests per second and latency percentiles for get-by-id, a list
# page and a search for a common word, over a database of more than
# 10,000 advisories (../shared/data/scale, the KEV catalog and the NVD
# samples).  Usage: sh bench/bench_http.sh [SECONDS] (default 10).
set -e
secs=${1:-10}
build=${BUILD:-build}
vigil="$PWD/$build/vigil"
shared=${SHARED:-../shared}
if [ ! -d "$shared/data/scale" ] || ! command -v wrk >/dev/null; then
    echo "bench_http: needs $shared/data/scale and wrk; nothing to measure"
    exit 0
fi
dir=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
export VIGIL_DB="$dir/bench.db"

"$vigil" import "$shared/data/scale" "$shared/data/kev" "$shared/data/nvd" \
    >/dev/null 2>&1 || true
n=$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(
sys.argv[1]).execute("SELECT count(*) FROM advisory").fetchone()[0])' \
    "$VIGIL_DB")
echo "== vigil serve on 127.0.0.1, $n advisories, wrk ${secs}s each"
"$vigil" user add bench --role viewer --no-password >/dev/null
tok=$("$vigil" token create bench 2>/dev/null)

# get-by-id asks for 1,000 different advisories in random order
/usr/bin/python3 - "$VIGIL_DB" >"$dir/ids.lua" <<'PY'
import sqlite3, sys
ids = [r[0] for r in sqlite3.connect(sys.argv[1]).execute(
    "SELECT primary_id FROM advisory ORDER BY random() LIMIT 1000")]
print("local ids = {" + ",".join('"%s"' % i for i in ids) + "}")
print("request = function() return wrk.format(nil, "
      "'/api/v1/advisories/' .. ids[math.random(#ids)]) end")
PY

"$vigil" serve --listen 127.0.0.1:0 --threads 4 >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    url=$(sed -n 's/^listening on //p' "$dir/out")
    [ -n "$url" ] && break
    sleep 0.2
done
[ -n "$url" ] || { cat "$dir/err"; exit 1; }

run() {
    name=$1; shift
    wrk -t2 -c16 -d"${secs}s" --latency \
        -H "Authorization: Bearer $tok" "$@" >"$dir/wrk" 2>&1
    awk -v name="$name" '
        /Requests\/sec/ { rps = $2 }
        /Non-2xx/ { bad = $NF }
        $1 == "50%" { p50 = $2 } $1 == "90%" { p90 = $2 }
        $1 == "99%" { p99 = $2 }
        END { printf "%-32s %9s req/s  p50 %-8s p90 %-8s p99 %-8s%s\n",
              name, rps, p50, p90, p99, bad ? "  non-2xx " bad : "" }' \
        "$dir/wrk"
}
run "get-by-id (1,000 ids)" -s "$dir/ids.lua" "$url"
run "list /advisories?limit=50" "$url/api/v1/advisories?limit=50"
run "list /advisories?offset=5000" \
    "$url/api/v1/advisories?limit=50&offset=5000"
run "search q=vulnerability" "$url/api/v1/search?q=vulnerability&limit=20"
