#!/bin/sh
# test_demo.sh - the README's demo on the bundled example: the weekly
# report names real CVEs that affect the example systems, and the
# matches are exactly the ones examples/README.md lists.
. "$VIGIL_SRC/tests/e2e/lib.sh"

cd "$VIGIL_SRC" || exit 1
VIGIL_DEMO_DB="$T/demo.db" sh scripts/demo-run.sh "$VIGIL" >"$T/demo.out" \
    2>"$T/demo.err"
eq "the demo exits 0" 0 $?
for cve in CVE-2021-44228 CVE-2023-4863 CVE-2023-4911; do
    grep -q "$cve" "$T/demo.out" && ok "the report names $cve" \
        || nok "the report names $cve"
done

"$VIGIL" --db "$T/demo.db" match --json >"$T/m.json"
hit() {
    json "sum(1 for m in j['matches'] if m['verdict'] == 'affected' and \
m['system'] == '$1' and m['component'].startswith('$2') and \
m['advisory'] == '$3')" "$T/m.json"
}
while read -r sys comp adv want; do
    eq "$sys $comp $adv" "$want" "$(hit "$sys" "$comp" "$adv")"
done <<'ROWS'
payments-api org.apache.logging.log4j:log4j-core CVE-2021-44228 1
payments-api org.apache.logging.log4j:log4j-core CVE-2021-45046 1
payments-api org.apache.commons:commons-text CVE-2022-42889 1
payments-api requests CVE-2023-32681 1
payments-api requests CVE-2018-18074 0
payments-api org.apache.logging.log4j:log4j-api CVE-2021-44228 0
web-01 libwebp7 CVE-2023-4863 1
web-01 libc6 CVE-2023-4911 1
web-01 libc-bin CVE-2023-4911 1
web-01 curl CVE-2023-38545 1
web-01 libcurl4 CVE-2023-38545 1
web-01 libnghttp2-14 CVE-2023-44487 1
web-01 curl CVE-2023-28321 0
web-01 libcurl4 CVE-2023-28321 0
ROWS
eq "affected matches in all" 10 \
    "$(json "sum(1 for m in j['matches'] if m['verdict'] == 'affected')" \
       "$T/m.json")"
eq "one update per advisory" 8 \
    "$("$VIGIL" --db "$T/demo.db" list --json | \
       /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

# a re-run updates and never duplicates
VIGIL_DEMO_DB="$T/demo.db" "$VIGIL" --db "$T/demo.db" run \
    --config examples/vigil.conf >/dev/null 2>&1
eq "a second run creates no new update" 8 \
    "$("$VIGIL" --db "$T/demo.db" list --json | \
       /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
finish
