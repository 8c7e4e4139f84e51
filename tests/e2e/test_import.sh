#!/bin/sh
# test_import.sh - importing the shared real data: counts agree with an
# independent count, a second import changes nothing, and a truncated
# file among valid ones is reported on one line while the rest lands.
. "$VIGIL_SRC/tests/e2e/lib.sh"

# the truncated fixture needs no shared data
mkdir -p "$T/batch"
cp "$FIX/kev/ok_small.json" "$T/batch/a.json"
cp "$FIX/kev/bad_truncated.json" "$T/batch/b.json"
printf '{"id": "GHSA-test-0001", "modified": "2024-01-01T00:00:00Z",
 "aliases": ["CVE-2099-0001"], "affected": []}\n' >"$T/batch/c.json"
"$VIGIL" --db "$T/b.db" import "$T/batch" >"$T/out" 2>"$T/err"
eq "a batch with a truncated file exits 1" 1 $?
eq "one error line" 1 "$(wc -l <"$T/err" | tr -d ' ')"
grep -q "b.json" "$T/err" && grep -q "byte 700" "$T/err" \
    && ok "the error names the file and the byte offset" \
    || nok "the error names the file and the byte offset: $(cat "$T/err")"
"$VIGIL" --db "$T/b.db" show CVE-2023-4863 >/dev/null 2>&1 \
    && ok "the valid KEV file landed" || nok "the valid KEV file landed"
"$VIGIL" --db "$T/b.db" show GHSA-test-0001 >/dev/null 2>&1 \
    && ok "the valid OSV file landed" || nok "the valid OSV file landed"

need_shared

# the KEV catalog's CSV holds the same rows as its JSON
"$VIGIL" --db "$T/kev.db" import --json "$DATA/kev" >"$T/kev.json" 2>&1
eq "the kev folder (JSON, CSV, schema) imports" 0 $?
eq "the CSV rows equal the JSON rows" \
    "$(json "len(json.load(open('$DATA/kev/known_exploited_vulnerabilities.json'))['vulnerabilities'])" "$T/kev.json")" \
    "$(json "j['total']['unchanged']" "$T/kev.json")"

set -- "$DATA/kev/known_exploited_vulnerabilities.json" \
    "$DATA/nvd/api2-osvdev" "$DATA/cve5" "$DATA/osv"

# counts computed without vigil: one record per KEV entry, per NVD
# vulnerabilities[] item, per CVE 5 record, per OSV record (JSON only)
/usr/bin/python3 - "$DATA" >"$T/expect" <<'PY'
import json, os, sys
data = sys.argv[1]
def jsons(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x != "schema")
        for f in sorted(files):
            if f.endswith(".json") and not f.startswith("."):
                yield os.path.join(d, f)
def load(p):
    with open(p, encoding="utf-8") as f:
        return json.load(f)
kev = len(load(os.path.join(data, "kev/known_exploited_vulnerabilities.json"))["vulnerabilities"])
nvd = 0
for p in jsons(os.path.join(data, "nvd/api2-osvdev")):
    d = load(p)
    if isinstance(d, dict) and "vulnerabilities" in d:
        nvd += len(d["vulnerabilities"])
    elif isinstance(d, dict) and isinstance(d.get("cve"), dict):
        nvd += 1
cve5 = sum(1 for p in jsons(os.path.join(data, "cve5"))
           if isinstance(load(p), dict) and "cveMetadata" in load(p))
def is_osv(d):
    return isinstance(d, dict) and "id" in d and (
        "affected" in d or "modified" in d or "schema_version" in d)
osv = 0
for p in jsons(os.path.join(data, "osv")):
    d = load(p)
    if isinstance(d, list):
        osv += sum(1 for x in d if is_osv(x))
    elif is_osv(d):
        osv += 1
print(kev, nvd, cve5, osv)
PY
read -r e_kev e_nvd e_cve5 e_osv <"$T/expect"

"$VIGIL" import --json "$@" >"$T/imp.json" 2>"$T/imp.err"
rc=$?
got() { json "j['formats'].get('$1', {}).get('read', 0)" "$T/imp.json"; }
eq "KEV records read" "$e_kev" "$(got kev)"
eq "NVD records read" "$e_nvd" "$(got nvd)"
eq "CVE 5 records read" "$e_cve5" "$(got cve5)"
eq "OSV records read" "$e_osv" "$(got osv)"
eq "no document rejected" 0 "$(json "j['total']['rejected']" "$T/imp.json")"
eq "import exits 0" 0 "$rc"
[ -s "$T/imp.err" ] && sed 's/^/#   /' "$T/imp.err" | head -n 5

"$VIGIL" stats --json >"$T/s1.json"
"$VIGIL" import --json "$@" >"$T/imp2.json" 2>/dev/null
"$VIGIL" stats --json >"$T/s2.json"
eq "second import: same advisories" \
    "$(json "j['advisories']" "$T/s1.json")" \
    "$(json "j['advisories']" "$T/s2.json")"
eq "second import: no duplicated sources" \
    "$(json "j['sources']" "$T/s1.json")" \
    "$(json "j['sources']" "$T/s2.json")"
eq "second import: nothing new" 0 \
    "$(json "j['total']['stored'] + j['total']['merged']" "$T/imp2.json")"

# one threat, four sources: KEV, NVD, CVE 5 and the GHSA record
"$VIGIL" import "$FIX/nvd/ok_log4shell.json" \
    "$VIGIL_SRC/examples/feeds/osv" >/dev/null 2>&1
"$VIGIL" show CVE-2021-44228 --json >"$T/l4.json"
eq "Log4Shell has KEV, NVD, CVE 5 and OSV sources" "cve5 kev nvd osv" \
    "$(json "' '.join(sorted(set(s['format'] for s in j['sources'])))" \
       "$T/l4.json")"
eq "Log4Shell keeps the KEV date" "2021-12-10" \
    "$(json "j['kev']['date_added']" "$T/l4.json")"
eq "Log4Shell is found by its GHSA id" "CVE-2021-44228" \
    "$("$VIGIL" show GHSA-jfh8-c2jp-5v3q --json | \
       /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
eq "NVD's 10.0 is recomputed, not trusted" "10.0" \
    "$(json "[s['computed'] for s in j['scores'] if s['format'] == 'nvd' \
        and s['version'] == '3.1'][0]" "$T/l4.json")"
finish
