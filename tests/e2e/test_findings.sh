#!/bin/sh
# test_findings.sh - ASFF and SARIF findings import as findings, with
# counts that agree with an independent count; other scanners' reports
# are refused as unknown format while the rest lands; each new finding
# raises one finding.imported event with the GuardDuty-scale severity.
. "$VIGIL_SRC/tests/e2e/lib.sh"
need_shared

/usr/bin/python3 - "$DATA/findings" >"$T/expect" <<'PY'
import json, os, sys
root = sys.argv[1]
asff = sarif = other = 0
for d, dirs, files in os.walk(root):
    dirs.sort()
    for f in sorted(files):
        if not f.endswith((".json", ".sarif")):
            continue
        try:
            j = json.load(open(os.path.join(d, f), encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(j, dict) and isinstance(j.get("runs"), list) and \
                str(j.get("version", "")).startswith("2"):
            sarif += sum(len(r.get("results") or []) for r in j["runs"])
            continue
        items = j if isinstance(j, list) else j.get("Findings", j.get(
            "findings", [j])) if isinstance(j, dict) else []
        n = sum(1 for x in items if isinstance(x, dict) and
                "SchemaVersion" in x and "ProductArn" in x)
        if n:
            asff += n
print(asff, sarif)
PY
read -r e_asff e_sarif <"$T/expect"
"$VIGIL" import --json "$DATA/findings" >"$T/i.json" 2>"$T/i.err"
eq "import exits 1 (other scanners' reports refused)" 1 $?
eq "ASFF findings read" "$e_asff" "$(json "j['formats']['asff']['read']" "$T/i.json")"
eq "SARIF results read" "$e_sarif" \
    "$(json "j['formats']['sarif']['read']" "$T/i.json")"
grep -q "trivy/.*unknown format" "$T/i.err" \
    && ok "a Trivy report is refused as unknown format" \
    || nok "a Trivy report is refused as unknown format"
eq "every refusal is one line" "$(json "j['total']['rejected']" "$T/i.json")" \
    "$(grep -c 'unknown format' "$T/i.err")"

# events: one per new finding, with severity = Product else Normalized/10
db=$VIGIL_DB
eq "one finding.imported event per stored finding" \
    "$(json "j['total']['stored'] + j['total']['updated']" "$T/i.json")" \
    "$(sqlite3 "$db" "SELECT count(*) FROM event WHERE type = 'finding.imported'")"
gd=$(sqlite3 "$db" "SELECT json_extract(detail, '\$.severity') FROM event \
WHERE json_extract(detail, '\$.tool') LIKE '%GuardDuty%' LIMIT 1")
[ -n "$gd" ] && ok "a GuardDuty finding carries severity ($gd)" \
    || nok "a GuardDuty finding carries severity"
n0=$(sqlite3 "$db" "SELECT count(*) FROM event")
"$VIGIL" import "$DATA/findings" >/dev/null 2>&1
eq "importing the whole folder again adds no event, though some ids \
repeat across files" "$n0" "$(sqlite3 "$db" "SELECT count(*) FROM event")"

export VIGIL_DB="$T/again.db"
"$VIGIL" import "$DATA/findings/defectdojo/awssecurityhub" >/dev/null 2>&1
n1=$(sqlite3 "$VIGIL_DB" "SELECT count(*) FROM event")
"$VIGIL" import "$DATA/findings/defectdojo/awssecurityhub" >/dev/null 2>&1
eq "importing the same findings again adds no event" "$n1" \
    "$(sqlite3 "$VIGIL_DB" "SELECT count(*) FROM event")"

# findings link to systems by resource id, whichever comes first
export VIGIL_DB="$T/link.db"
"$VIGIL" system add web --resources \
    "arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890" >/dev/null
"$VIGIL" import "$DATA/findings/defectdojo/awssecurityhub" >/dev/null 2>&1
"$VIGIL" system add bucket-host --resources \
    "arn:aws:s3:::zeta-reports-bucket, unrelated-id" >/dev/null
"$VIGIL" findings --json --limit 1000 >"$T/f.json"
expect=$(/usr/bin/python3 - "$DATA/findings/defectdojo/awssecurityhub" <<'PY'
import json, os, sys
want = {"arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890": "web",
        "arn:aws:s3:::zeta-reports-bucket": "bucket-host"}
n = {"web": 0, "bucket-host": 0}
for f in sorted(os.listdir(sys.argv[1])):
    j = json.load(open(os.path.join(sys.argv[1], f)))
    items = j if isinstance(j, list) else j.get("Findings", j.get("findings", [j]))
    for x in items:
        hit = {want[r["Id"]] for r in x.get("Resources", []) if r.get("Id") in want}
        for h in hit:
            n[h] += 1
print(n["web"], n["bucket-host"])
PY
)
eq "findings linked to each system (web, bucket-host)" "$expect" \
    "$(json "' '.join(str(sum(1 for f in j if s in f['systems'])) \
for s in ('web', 'bucket-host'))" "$T/f.json")"
eq "findings --system lists only that system's" \
    "$(echo "$expect" | cut -d' ' -f1)" \
    "$("$VIGIL" findings --system web --json | /usr/bin/python3 -c \
       'import json,sys; print(len(json.load(sys.stdin)))')"
finish
