#!/bin/sh
# test_sync_resume.sh - syncs that stop half-way: a download killed with
# SIGKILL resumes with an HTTP Range request; the NVD API is paged by
# startIndex, resumes from the page it stopped at, goes on
# incrementally by lastModified windows of at most 120 days, and sends
# the API key in a header only.
. "$VIGIL_SRC/tests/e2e/lib.sh"
. "$VIGIL_SRC/tests/e2e/sync_lib.sh"
V() { "$VIGIL" "$@"; }
FAST="--backoff 0.05 --max-wait 5 --connect-timeout 5 --timeout 60"

need_shared
KEV="$DATA/kev/known_exploited_vulnerabilities.json"
NKEV=$(json "len(j['vulnerabilities'])" "$KEV")
start_server

# ---- a download killed half-way ----
export VIGIL_DB="$T/kill.db"
cp "$KEV" "$WWW/big.json"
V source add big "$URL/big.json" >/dev/null
script '{"/big.json": [{"stall_after": 600000, "stall": 20}]}'
"$VIGIL" sync big $FAST >/dev/null 2>&1 &
pid=$!
part="$T/kill.db-sync/big.part"
if wait_for size_at_least "$part" 600000; then
    ok "the download reached the stall"
else
    nok "the download reached the stall"
fi
V sync big $FAST >"$T/out" 2>&1
eq "a second sync of the same source meanwhile fails" 1 $?
grep -q "being synced by another process" "$T/out" && ok "and says why" \
    || nok "and says why: $(cat "$T/out")"
kill -9 $pid
wait $pid 2>/dev/null
eq "the part is kept" 600000 "$(wc -c <"$part" | tr -d ' ')"
eq "the database is sound after SIGKILL" ok "$(integrity "$T/kill.db")"
eq "nothing was imported" 0 "$(stat_of advisories)"
# what a sync stopped during its import would leave behind
mkdir "$T/kill.db-sync/big.AbC123"
echo '{}' >"$T/kill.db-sync/big.AbC123/big.json"
check "the next sync completes" V sync big $FAST
eq "it asked for the rest with Range" "bytes=600000- 206" \
    "$(requests /big.json "r[1]['range'] + ' ' + str(r[1]['status'])")"
eq "with the validator of the part in If-Range" True \
    "$(requests /big.json "r[1]['if_range'] is not None")"
eq "every KEV entry landed" "$NKEV" "$(stat_of kev)"
eq "the state folder keeps only the lock" "big.lock" \
    "$(ls "$T/kill.db-sync" | tr '\n' ' ' | sed 's/ $//')"

# ---- NVD API 2.0 ----
# every CVE object of the shared NVD API responses, by id, each one
# once; the test server pages and filters them
/usr/bin/python3 - "$DATA/nvd" "$WWW/nvd-items.json" <<'PY'
import glob, json, os, sys
items = {}
for p in sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.json"))):
    try:
        d = json.load(open(p, encoding="utf-8"))
    except ValueError:
        continue
    for v in d.get("vulnerabilities", []) if isinstance(d, dict) else []:
        c = v.get("cve", {})
        if c.get("id") and c.get("lastModified") and \
                c.get("vulnStatus") != "Rejected":
            items.setdefault(c["id"], v)
json.dump([items[k] for k in sorted(items)], open(sys.argv[2], "w"))
PY
N=$(json "len(j)" "$WWW/nvd-items.json")
K=$(( (N + 2) / 3 ))
API="$URL/rest/json/cves/2.0"
P=/rest/json/cves/2.0
NVDOPTS="--page-size $K --nvd-pause 0 $FAST"
export VIGIL_DB="$T/nvd.db" VIGIL_NOW=2026-01-01T00:00:00Z
export NVD_API_KEY=test-key-not-secret
V source add nvd "$API" --format nvd >/dev/null
: >"$LOG"

# the second page stalls and the sync is killed
script '{"/rest/json/cves/2.0": [{"pass": true},
 {"stall_after": 100, "stall": 20}]}'
"$VIGIL" sync nvd $NVDOPTS >/dev/null 2>&1 &
pid=$!
wait_for lines_at_least "$LOG" 2 || nok "the second page was asked"
kill -9 $pid
wait $pid 2>/dev/null
eq "the first page is committed" "$K" "$(stat_of advisories)"
eq "the source resumes at the second page" "$K" \
    "$(source_field nvd "s['resume_index']")"
check "the next sync completes" V sync nvd $NVDOPTS
eq "three pages in all, the second asked again" \
    "[0, $K, $K, $((2 * K))]" \
    "$(requests $P "[int(dict(p.split('=') for p in x['query'].split('&'))\
['startIndex']) for x in r]")"
eq "each page asked for $K results" True \
    "$(requests $P "all('resultsPerPage=$K' in x['query'] for x in r)")"
eq "every CVE landed" "$N" "$(stat_of advisories)"
eq "the key went in the apiKey header" "test-key-not-secret" \
    "$(requests $P "set(x['apikey'] for x in r).pop()")"
eq "and never in the URL" False \
    "$(requests $P "any('test-key' in x['query'] for x in r)")"
eq "the first sync was a full download" False \
    "$(requests $P "any('lastMod' in x['query'] for x in r)")"
eq "the sync is recorded up to its start" "2026-01-01T00:00:00Z None" \
    "$(source_field nvd "s['synced_until'] + ' ' + str(s['resume_index'])")"

# one CVE changes a month later; the next sync asks for what changed
# since the last one, in windows of at most 120 days up to now
/usr/bin/python3 - "$WWW/nvd-items.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))
items[0]["cve"]["lastModified"] = "2026-02-01T00:00:00.000"
items[0]["cve"]["descriptions"] = [{"lang": "en",
                                    "value": "changed for the sync test"}]
json.dump(items, open(sys.argv[1], "w"))
PY
CHANGED=$(json "j[0]['cve']['id']" "$WWW/nvd-items.json")
IN2026=$(json "sum(1 for i in j if '2026-01-01' <= i['cve']['lastModified'] \
<= '2026-12-01')" "$WWW/nvd-items.json")
: >"$LOG"
export VIGIL_NOW=2026-12-01T00:00:00Z
V sync nvd $NVDOPTS --json >"$T/sync.json" 2>"$T/err"
eq "the incremental sync reads what changed" "done $IN2026 1" \
    "$(json "j[0]['status'] + ' ' + str(j[0]['records']['read']) + ' ' + \
str(j[0]['records']['updated'])" "$T/sync.json")"
/usr/bin/python3 - "$LOG" >"$T/windows" <<'PY'
import json, sys, urllib.parse
from datetime import datetime
w = []
for line in open(sys.argv[1]):
    q = urllib.parse.parse_qs(json.loads(line)["query"])
    w.append([datetime.fromisoformat(q[k][0]).timestamp()
              for k in ("lastModStartDate", "lastModEndDate")])
start = datetime.fromisoformat("2026-01-01T00:00:00+00:00").timestamp()
end = datetime.fromisoformat("2026-12-01T00:00:00+00:00").timestamp()
print(len(w), w[0][0] == start, w[-1][1] == end,
      all(b - a <= 120 * 86400 for a, b in w),
      all(w[i][1] == w[i + 1][0] for i in range(len(w) - 1)))
PY
eq "three windows of at most 120 days cover the year, end to end" \
    "3 True True True True" "$(cat "$T/windows")"
V show "$CHANGED" --json >"$T/show.json"
grep -q "changed for the sync test" "$T/show.json" \
    && ok "the changed CVE was updated" || nok "the changed CVE was updated"
grep -q test-key "$T/err" && nok "the key is not logged" \
    || ok "the key is not logged"
finish
