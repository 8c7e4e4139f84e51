#!/bin/sh
# test_search_cli.sh - vigil search on the bundled example: the README's
# example finds an advisory; an alias known to the store (a GHSA id)
# puts its advisory first; a query past 4 KiB is cut, not refused; and
# vigil run's summary says which days it covers.
. "$VIGIL_SRC/tests/e2e/lib.sh"

cd "$VIGIL_SRC" || exit 1
V() { "$VIGIL" --db "$T/demo.db" "$@"; }
V run --config examples/vigil.conf >"$T/run.out" 2>"$T/run.err"
eq "vigil run on the example exits 0" 0 $?
grep -q '^# Summary of the last 7 days' "$T/run.out" \
    && ok "vigil run's summary says it covers the last 7 days" \
    || nok "vigil run's summary heading: $(head -n 1 "$T/run.out")"
grep -q 'Weekly security summary' "$T/run.out" \
    && nok "vigil run's summary is not called weekly" \
    || ok "vigil run's summary is not called weekly"

# the README's example, taken from the README itself
q=$(sed -n "s/^vigil search '\(.*\)'  *#.*/\1/p" README.md)
[ -n "$q" ] && ok "the README has a search example" \
    || nok "the README has a search example"
V search --json "$q" >"$T/readme.json"
eq "the README's example finds CVE-2023-4863" "CVE-2023-4863" \
    "$(json "' '.join(h['id'] for h in j['hits'])" "$T/readme.json")"

# an alias is not indexed, but the store knows it
V search --json GHSA-jfh8-c2jp-5v3q >"$T/alias.json"
eq "a GHSA alias finds its advisory" "CVE-2021-44228 1" \
    "$(json "j['hits'][0]['id'] + ' ' + str(j['total'])" "$T/alias.json")"
for typed in ghsa-jfh8-c2jp-5v3q Ghsa-jfh8-c2jp-5v3q cve-2021-44228; do
    V search --json "$typed" >"$T/case.json"
    eq "$typed, in another case, pins its advisory" "CVE-2021-44228 1" \
        "$(json "j['hits'][0]['id'] + ' ' + str(j['total'])" "$T/case.json")"
done
V search --json ' CVE-2021-44228 ' >"$T/id.json"
eq "the id itself comes first, counted once" "CVE-2021-44228 1" \
    "$(json "j['hits'][0]['id'] + ' ' + str(j['total'])" "$T/id.json")"
V search --json CVE-2099-0001 >"$T/none.json"
eq "an unknown id is searched as words" 0 \
    "$(json "j['total']" "$T/none.json")"
V search --json log4j >"$T/words.json"
V search --json GHSA-jfh8-c2jp-5v3q --limit 1 --offset 1 >"$T/off.json"
eq "the next page of an alias query is empty" 0 \
    "$(json "len(j['hits'])" "$T/off.json")"

# a query longer than 4 KiB is cut to what search reads
long=$(head -c 5000 /dev/zero | tr '\0' x)
V search "log4j" "$long" >/dev/null 2>"$T/long.err"
eq "a query past 4 KiB exits 0" 0 $?
V search "$long" >/dev/null 2>"$T/long.err"
eq "one word past 4 KiB exits 0" 0 $?
words=$(i=0; while [ $i -lt 30 ]; do printf 'log4j '; i=$((i + 1)); done)
V search --json $words >"$T/many.json"
eq "many words: the first 16 are searched" 2 \
    "$(json "j['total']" "$T/many.json")"

# a snippet is one line on a terminal: breaks and tabs read as spaces
printf '%s\n' '{"schema_version": "1.6.0", "id": "TEST-SNIP-0001",' \
    ' "modified": "2026-11-01T00:00:00Z", "summary": "Snippet test",' \
    ' "details": "The zyxwq proxy\nhandshake\tfails on\r\nreconnect."}' \
    >"$T/snip.json"
V import "$T/snip.json" >/dev/null 2>&1
V search zyxwq >"$T/snip.out"
grep -q 'proxy handshake fails on  reconnect' "$T/snip.out" \
    && ok "a snippet shows line breaks and tabs as spaces" \
    || nok "a snippet shows breaks and tabs as spaces: $(cat "$T/snip.out")"
V search --json zyxwq >"$T/snip.json"
eq "the JSON keeps them" True \
    "$(json "'proxy\\nhandshake\\tfails' in j['hits'][0]['snippet']" \
       "$T/snip.json")"

finish
