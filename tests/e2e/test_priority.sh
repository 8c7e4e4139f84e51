#!/bin/sh
# test_priority.sh - a new EPSS file and then a KEV listing change an
# update's priority and due date, and its history names both causes.
. "$VIGIL_SRC/tests/e2e/lib.sh"
need_shared
export VIGIL_NOW=2026-12-01T09:00:00Z

"$VIGIL" import "$FIX/osv/synthetic_cve_1999_0002.json" >/dev/null
"$VIGIL" system add lab --owner lab-team --env production \
    --criticality medium >/dev/null
"$VIGIL" inventory import lab "$FIX/cyclonedx/ok_test_app.json" >/dev/null
"$VIGIL" match >/dev/null
id=$("$VIGIL" show CVE-1999-0002 --json | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)["update"])')
f() { "$VIGIL" show "$id" --json >"$T/u.json"; json "j['$1']" "$T/u.json"; }
eq "CVSS 5.0 alone gives Medium" Medium "$(f priority)"
eq "Medium: due in 90 days" 2027-03-01 "$(f due)"

"$VIGIL" import "$DATA/epss/lodestone-epss_scores-current-head.csv" \
    >/dev/null
eq "EPSS 0.27858 raises it to High" High "$(f priority)"
eq "High: due in 30 days" 2026-12-31 "$(f due)"

"$VIGIL" import "$FIX/kev/synthetic_cve_1999_0002.json" >/dev/null
eq "the KEV listing makes it Critical" Critical "$(f priority)"
eq "the earlier KEV due date wins" 2026-12-05 "$(f due)"

"$VIGIL" show "$id" --json >"$T/u.json"
eq "history: Medium -> High -> Critical" "[None, 'Medium', 'High']" \
    "$(json "[h['old'] for h in j['history'] if h['field'] == 'priority']" \
       "$T/u.json")"
json "[h['reason'] for h in j['history'] if h['field'] == 'priority'][1]" \
    "$T/u.json" >"$T/r1"
grep -q "EPSS" "$T/r1" && ok "the EPSS change names its cause" \
    || nok "the EPSS change names its cause: $(cat "$T/r1")"
json "[h['reason'] for h in j['history'] if h['field'] == 'priority'][2]" \
    "$T/u.json" >"$T/r2"
grep -q "kev" "$T/r2" && grep -q "KEV" "$T/r2" \
    && ok "the KEV change names its cause" \
    || nok "the KEV change names its cause: $(cat "$T/r2")"
eq "due date history" "[None, '2027-03-01', '2026-12-31']" \
    "$(json "[h['old'] for h in j['history'] if h['field'] == 'due']" \
       "$T/u.json")"
"$VIGIL" explain "$id" --json >"$T/x.json"
eq "explain shows the EPSS input" 0.27858 \
    "$(json "j['inputs']['epss']" "$T/x.json")"
finish
