#!/bin/sh
# test_watch.sh - a watch on a product name flags a CVE 5 record that
# has no CPE and no package, before any range could match it.
. "$VIGIL_SRC/tests/e2e/lib.sh"
need_shared
rec="$DATA/cve5/vulnrichment/2023/21xxx/CVE-2023-21989.json"

"$VIGIL" watch add --product "VM VirtualBox" >/dev/null
"$VIGIL" watch add --vendor forgerock >/dev/null
"$VIGIL" watch add --keyword zzzznomatch >/dev/null
check "importing the record" "$VIGIL" import "$rec"
"$VIGIL" watch hits --json >"$T/h.json"
eq "the product watch caught CVE-2023-21989" "CVE-2023-21989" \
    "$(json "[h['advisory'] for h in j if h['watch'] == 1][0]" "$T/h.json")"
eq "through the CVE 5 affected list" affected \
    "$(json "[h['field'] for h in j if h['watch'] == 1][0]" "$T/h.json")"
eq "the record has no CPE" 0 \
    "$("$VIGIL" show CVE-2023-21989 --json | /usr/bin/python3 -c \
       'import json,sys; print(sum(1 for a in json.load(sys.stdin)["affected"] if a.get("cpe")))')"
eq "the other watches caught nothing" 1 "$(json "len(j)" "$T/h.json")"
eq "one watch.matched event" 1 \
    "$(sqlite3 "$VIGIL_DB" "SELECT count(*) FROM event WHERE type = 'watch.matched'")"
"$VIGIL" import "$rec" >/dev/null 2>&1
"$VIGIL" import "$DATA/cve5/vulnrichment/2023/0xxx/CVE-2023-0582.json" \
    >/dev/null 2>&1
eq "an unchanged record does not fire again; a new one does" 2 \
    "$(sqlite3 "$VIGIL_DB" "SELECT count(*) FROM event WHERE type = 'watch.matched'")"
"$VIGIL" watch list --json >"$T/l.json"
eq "hit counts per watch" "[1, 1, 0]" "$(json "[w['hits'] for w in j]" "$T/l.json")"
finish
