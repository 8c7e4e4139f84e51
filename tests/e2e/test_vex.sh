#!/bin/sh
# test_vex.sh - a CSAF VEX statement that a product is not affected
# becomes the not_affected decision of the update, with its reason; it
# sticks over re-runs, and the other advisories are untouched.
. "$VIGIL_SRC/tests/e2e/lib.sh"

cd "$VIGIL_SRC/examples" || exit 1
V() { "$VIGIL" --db "$T/x.db" "$@"; }
V run --config vigil.conf >/dev/null 2>&1
vu=$(V show CVE-2021-44228 --json | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)["update"])')
field() { V show "$vu" --json | /usr/bin/python3 -c \
    "import json,sys; print(json.load(sys.stdin)['$1'])"; }
eq "Log4Shell starts as new" new "$(field status)"

V import "$FIX/csaf/synthetic_vex_log4j_not_affected.json" >/dev/null
V match >/dev/null
eq "the VEX statement makes it not_affected" not_affected "$(field status)"
V show "$vu" --json >"$T/u.json"
json "[h['reason'] for h in j['history'] if h['field'] == 'status'][-1]" \
    "$T/u.json" >"$T/why"
grep -q "EXAMPLE-VEX-2021-0001" "$T/why" && \
    grep -q "vulnerable_code_not_in_execute_path" "$T/why" \
    && ok "the history names the statement and its justification" \
    || nok "the history names the statement: $(cat "$T/why")"
eq "the match stays on record as affected" 1 \
    "$(json "sum(1 for m in j['affected'] if m['verdict'] == 'affected')" \
       "$T/u.json")"

V run --config vigil.conf >/dev/null 2>&1
eq "the decision sticks over a re-run" not_affected "$(field status)"
other=$(V show CVE-2021-45046 --json | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)["update"])')
eq "another advisory on the same component is untouched" new \
    "$(V show "$other" --json | /usr/bin/python3 -c \
       'import json,sys; print(json.load(sys.stdin)["status"])')"
finish
