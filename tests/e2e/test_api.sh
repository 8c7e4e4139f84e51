#!/bin/sh
# test_api.sh - the REST API of vigil serve over the bundled example:
# every route, paging, filters, the error shape, a status change whose
# history names the acting user, and the OpenAPI document against the
# route table.
. "$VIGIL_SRC/tests/e2e/lib.sh"
. "$VIGIL_SRC/tests/e2e/api_lib.sh"

cd "$VIGIL_SRC/examples" || exit 1
"$VIGIL" run --config vigil.conf >/dev/null 2>&1 || nok "vigil run"
# two of its records are rejected on purpose: exit 1 is expected
"$VIGIL" import "$FIX/asff/ok_mixed_records.json" >/dev/null 2>&1
"$VIGIL" user add root --role admin --no-password >/dev/null
"$VIGIL" user add alice --role analyst --no-password >/dev/null
ADM=$("$VIGIL" token create root --name test 2>/dev/null)
ANA=$("$VIGIL" token create alice --name test 2>/dev/null)
start_server -v -v || { finish; exit 1; }
case "$URL" in http://127.0.0.1:[0-9]*) ok "prints the address bound";;
    *) nok "prints the address bound: $URL";; esac

# health, security headers, the one error shape
eq "GET /healthz" 200 "$(call GET /healthz)"
eq "nosniff on every answer" nosniff "$(header X-Content-Type-Options)"
eq "no-store on answers" no-store "$(header Cache-Control)"
eq "a strict CSP" "default-src 'none'; frame-ancestors 'none'" \
    "$(header Content-Security-Policy)"
eq "unknown path 404" 404 "$(call GET /api/v1/nothing "$ADM")"
is_error 404 && ok "404 has the error shape" || nok "404 has the error shape"
eq "wrong method 405" 405 "$(call DELETE /api/v1/updates "$ADM")"
eq "405 names the allowed methods" "GET, HEAD" "$(header Allow)"
is_error 405 && ok "405 has the error shape" || nok "405 has the error shape"

# the OpenAPI document lists exactly the routes the server has
eq "GET /api/v1/openapi.json without a token" 200 \
    "$(call GET /api/v1/openapi.json)"
"$VIGIL" serve --routes >"$T/routes"
/usr/bin/python3 - "$T/body" "$T/routes" <<'PY' && ok "OpenAPI paths equal the route table" || nok "OpenAPI paths equal the route table"
import json, re, sys
doc = json.load(open(sys.argv[1]))
have = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
want = set()
for line in open(sys.argv[2]):
    table, method, pattern, role, query = line.split()
    if table in ("core", "api"):
        want.add((method, pattern))
        op = doc["paths"].get(pattern, {}).get(method.lower(), {})
        if op.get("x-vigil-role") != role:
            print("role of", method, pattern, op.get("x-vigil-role"), role)
            sys.exit(1)
        names = set()
        for prm in op.get("parameters", []):
            if "$ref" in prm:
                prm = doc["components"]["parameters"][prm["$ref"].split("/")[-1]]
            if prm["in"] == "query":
                names.add(prm["name"])
        if names != (set() if query == "-" else set(query.split(","))):
            print("query of", method, pattern, sorted(names), query)
            sys.exit(1)
if have != want:
    print("doc only:", sorted(have - want), "routes only:", sorted(want - have))
    sys.exit(1)
PY

# advisories: paging, filters, any id or alias
eq "GET /api/v1/advisories" 200 "$(call GET '/api/v1/advisories?limit=500' "$ADM")"
cp "$T/body" "$T/all.json"
nadv=$(sqlite3 "$VIGIL_DB" 'SELECT count(*) FROM advisory' 2>/dev/null ||
       /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM advisory').fetchone()[0])" "$VIGIL_DB")
eq "total counts every advisory" "$nadv" "$(json "j['total']" "$T/all.json")"
call GET '/api/v1/advisories?limit=2&offset=3' "$ADM" >/dev/null
eq "limit and offset pick a page" \
    "$(json "[a['id'] for a in j['items'][3:5]]" "$T/all.json")" \
    "$(json "[a['id'] for a in j['items']]" "$T/body")"
eq "the page says its limit and offset" "2 3" \
    "$(json "'%d %d' % (j['limit'], j['offset'])" "$T/body")"
eq "default limit 50" 50 "$(call GET /api/v1/advisories "$ADM" >/dev/null;
    json "j['limit']" "$T/body")"
eq "limit 501 refused" 400 "$(call GET '/api/v1/advisories?limit=501' "$ADM")"
is_error 400 && ok "400 has the error shape" || nok "400 has the error shape"
eq "limit 0 refused" 400 "$(call GET '/api/v1/advisories?limit=0' "$ADM")"
call GET '/api/v1/advisories?kev=1' "$ADM" >/dev/null
eq "kev=1 keeps KEV-listed ones only" \
    "$(json "sum(1 for a in j['items'] if a['kev'])" "$T/all.json")" \
    "$(json "sum(1 for a in j['items'] if a['kev'])" "$T/body")"
eq "kev=1 total" "$(json "j['total']" "$T/body")" \
    "$(json "len(j['items'])" "$T/body")"
call GET '/api/v1/advisories?q=log4j' "$ADM" >/dev/null
eq "q=log4j finds Log4Shell" True \
    "$(json "'CVE-2021-44228' in [a['id'] for a in j['items']]" "$T/body")"
call GET '/api/v1/advisories?since=2100-01-01' "$ADM" >/dev/null
eq "since in the future lists nothing" 0 "$(json "j['total']" "$T/body")"
eq "GET /api/v1/advisories/CVE-2021-44228" 200 \
    "$(call GET /api/v1/advisories/CVE-2021-44228 "$ADM")"
cp "$T/body" "$T/log4j.json"
ghsa=$(json "[a for a in j['aliases'] if a.startswith('GHSA')][0]" \
       "$T/log4j.json")
eq "the same advisory by its GHSA alias" CVE-2021-44228 \
    "$(call GET "/api/v1/advisories/$ghsa" "$ADM" >/dev/null;
       json "j['id']" "$T/body")"
eq "advisory has sources, scores, matches and its update" "True True True" \
    "$(json "'%s %s %s' % (len(j['sources']) > 1, len(j['matches']) > 0, \
j['update']['id'].startswith('VU-'))" "$T/log4j.json")"
eq "unknown advisory 404" 404 "$(call GET /api/v1/advisories/CVE-1999-0 "$ADM")"
# ids typed in another case than their source's find the advisory
up=$(echo "$ghsa" | tr 'a-z' 'A-Z')
for id in cve-2021-44228 Cve-2021-44228 "$up"; do
    eq "GET /api/v1/advisories/$id finds CVE-2021-44228" \
        "200 CVE-2021-44228" \
        "$(call GET "/api/v1/advisories/$id" "$ADM") $(json "j['id']" \
           "$T/body")"
done
eq "so does the dashboard" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADM" \
       "$URL/advisories/cve-2021-44228")"
eq "and vigil show" CVE-2021-44228 \
    "$("$VIGIL" show cve-2021-44228 --json | /usr/bin/python3 -c \
       'import json,sys; print(json.load(sys.stdin)["id"])')"
eq "a case that is no id's stays unknown" 404 \
    "$(call GET /api/v1/advisories/cve-1999-0 "$ADM")"

# updates: the filters of vigil list
"$VIGIL" list --json >"$T/list.json"
eq "GET /api/v1/updates" 200 "$(call GET '/api/v1/updates?limit=500' "$ADM")"
eq "the same updates as vigil list" \
    "$(json "[u['id'] for u in j]" "$T/list.json")" \
    "$(json "[u['id'] for u in j['items']]" "$T/body")"
for f in "priority=critical:--priority Critical" "kev=1:--kev" \
         "system=web-01:--system web-01" "status=open:--status open" \
         "sort=due:--sort due" "q=log4j:--text log4j" \
         "source=osv:--source osv" "overdue=1:--overdue" \
         "assignee=web-team:--owner web-team"; do
    qs=${f%%:*} opt=${f#*:}
    # shellcheck disable=SC2086
    "$VIGIL" list $opt --json >"$T/l.json"
    call GET "/api/v1/updates?$qs&limit=500" "$ADM" >/dev/null
    eq "filter $qs as vigil list $opt" \
        "$(json "[u['id'] for u in j]" "$T/l.json")" \
        "$(json "[u['id'] for u in j['items']]" "$T/body")"
done
# query parameters: each route takes its own, with checked values
call GET '/api/v1/updates?q=log4j&limit=500' "$ADM" >/dev/null
cp "$T/body" "$T/q.json"
eq "text is the alias of q" \
    "$(json "[u['id'] for u in j['items']]" "$T/q.json")" \
    "$(call GET '/api/v1/updates?text=log4j&limit=500' "$ADM" >/dev/null;
       json "[u['id'] for u in j['items']]" "$T/body")"
eq "text=zzzz finds nothing" 0 \
    "$(call GET '/api/v1/updates?text=zzzz' "$ADM" >/dev/null;
       json "j['total']" "$T/body")"
for qs in 'updates?colour=red' 'updates?q=a&text=b' 'updates?kev=yes' \
          'updates?overdue=2' 'updates?limit=1&limit=2' 'advisories?kev=on' \
          'advisories?since=2026-02-30' 'advisories?since=yesterday' \
          'advisories?limit=%00' 'advisories?offset=-1' 'advisories?limit=1x' \
          'advisories?offset=%zz' 'systems?q=x' 'me?x=1' 'search?q=curl&page=2' \
          'advisories?%00=1' 'findings?limit=' 'tokens?user=root&sort=x'; do
    eq "GET /api/v1/$qs is 400" 400 "$(call GET "/api/v1/$qs" "$ADM")"
    is_error 400 || nok "error shape for $qs"
done
call GET '/api/v1/updates?colour=red' "$ADM" >/dev/null
eq "the message names the parameter" True \
    "$(json "\"unknown parameter 'colour'\" in j['error']['message']" "$T/body")"
for qs in 'advisories?kev=true' 'advisories?kev=0' 'updates?overdue=false' \
          'advisories?since=2024-02-29' 'advisories?limit=500&offset=0'; do
    eq "GET $qs" 200 "$(call GET "/api/v1/$qs" "$ADM")"
done
eq "/healthz?x=1 is 400" 400 "$(call GET '/healthz?x=1')"
eq "a query value that is not UTF-8 is 400" 400 \
    "$(call GET '/api/v1/updates?text=%ff%fe' "$ADM")"
grep -q "not valid percent-encoded UTF-8" "$T/body" && ok "and says so" ||
    nok "and says so: $(cat "$T/body")"
eq "a valid UTF-8 query value is taken" 200 \
    "$(call GET '/api/v1/updates?text=%C3%A9t%C3%A9' "$ADM")"
eq "white space after a bearer token is not part of it" alice \
    "$(curl -s -H "Authorization: Bearer $ANA 	 " "$URL/api/v1/me" |
       /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])')"
eq "the dashboard has no yearly report: an HTML 404" "404 text/html" \
    "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' \
       -H "Authorization: Bearer $ADM" "$URL/reports/yearly" | cut -d';' -f1)"
eq "a page query that is not UTF-8 is an HTML 400" 400 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADM" \
       "$URL/updates?status=%ff")"
eq "a page path that is not UTF-8 is an HTML 400" "400 text/html" \
    "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' \
       -H "Authorization: Bearer $ADM" "$URL/systems/%ff" | cut -d';' -f1)"
eq "an API path that is not UTF-8 is a JSON 400" 400 \
    "$(call GET /api/v1/systems/%ff "$ADM")"
is_error 400 && grep -q "not valid percent-encoded UTF-8" "$T/body" &&
    ok "saying so" || nok "saying so: $(cat "$T/body")"
eq "search past the candidates echoes its offset" "2500 0 20" \
    "$(call GET '/api/v1/search?q=log4j&offset=2500&limit=20' "$ADM" >/dev/null;
       json "'%d %d %d' % (j['offset'], len(j['items']), j['limit'])" "$T/body")"

eq "unknown state refused" 400 "$(call GET '/api/v1/updates?status=bogus' "$ADM")"
eq "unknown sort refused" 400 "$(call GET '/api/v1/updates?sort=x' "$ADM")"

# one update, a status change and its history under the acting user
vu=$(json "j['update']['id']" "$T/log4j.json")
eq "GET /api/v1/updates/$vu" 200 "$(call GET "/api/v1/updates/$vu" "$ADM")"
eq "an update id in any case" 200 \
    "$(call GET "/api/v1/updates/Vu-${vu#VU-}" "$ADM")"
eq "the update has its history" True \
    "$(json "j['history'][0]['field'] == 'created'" "$T/body")"
eq "PATCH status triaged" 200 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" \
       '{"status": "triaged", "reason": "seen in the API test"}')"
eq "the answer is the changed update" triaged "$(json "j['status']" "$T/body")"
eq "history names the acting user" "alice status new triaged seen in the API test" \
    "$(json "' '.join(j['history'][-1][k] for k in \
('actor', 'field', 'old', 'new', 'reason'))" "$T/body")"
eq "vigil show sees the change" triaged \
    "$("$VIGIL" show "$vu" --json | /usr/bin/python3 -c \
       'import json,sys; print(json.load(sys.stdin)["status"])')"
eq "an illegal move is 409" 409 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" '{"status": "verified"}')"
is_error 409 && ok "409 has the error shape" || nok "409 has the error shape"
grep -q "allowed" "$T/body" && ok "409 gives the library's message" ||
    nok "409 gives the library's message: $(cat "$T/body")"
eq "POST assigns and notes" 200 \
    "$(call POST "/api/v1/updates/$vu" "$ANA" \
       '{"assignee": "bob", "note": "patch window friday"}')"
eq "assignee set" bob "$(json "j['assignee']" "$T/body")"
eq "note kept with its author" True \
    "$(json "'alice: patch window friday' in j['notes']" "$T/body")"
for who in 'bob\u00a0' '\u3000' '\u200bbob' ' bob'; do
    eq "assignee \"$who\" is 400" 400 \
        "$(call PATCH "/api/v1/updates/$vu" "$ANA" "{\"assignee\": \"$who\"}")"
done
grep -q "an assignee cannot begin or end with white space" "$T/body" &&
    ok "saying why" || nok "saying why: $(cat "$T/body")"
until=$(/usr/bin/python3 -c 'import datetime; print(datetime.date.today() +
datetime.timedelta(days=60))')
eq "accept_risk" 200 "$(call PATCH "/api/v1/updates/$vu" "$ANA" \
    "{\"accept_risk\": {\"until\": \"$until\", \"reason\": \"isolated\"}}")"
eq "risk accepted until" "risk_accepted $until" \
    "$(json "j['status'] + ' ' + j['risk_until']" "$T/body")"
eq "verify needs a method" 400 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" '{"verify": {}}')"
eq "unknown member refused" 400 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" '{"colour": "red"}')"
eq "an unknown member inside accept_risk is refused" 400 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" \
       "{\"accept_risk\": {\"until\": \"$until\", \"reason\": \"r\", \"extra\": 1}}")"
grep -q "unknown member 'accept_risk.extra'" "$T/body" &&
    ok "naming it with its object" || nok "naming it: $(cat "$T/body")"
eq "a member of verify given twice is refused" 400 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" \
       '{"verify": {"method": "a", "method": "b"}}')"
eq "status risk_accepted is a 400" 400 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" '{"status": "risk_accepted"}')"
grep -q 'accept the risk with \\"accept_risk\\"' "$T/body" &&
    ok "saying to use accept_risk" || nok "use accept_risk: $(cat "$T/body")"
eq "a body that is not JSON" 400 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" 'status=closed')"
before=$("$VIGIL" show "$vu" --json | /usr/bin/python3 -c \
    'import json,sys; j=json.load(sys.stdin); print(j["status"], j["assignee"])')
for b in '{"status": "closed"} trailing' '{"note": "a"}{"note": "b"}' \
         '{"status": "closed"},' '{"status": "closed", "status": "new"}' \
         '{"assignee": "x", "note": "y", "assignee": "z"}'; do
    eq "body '$b' refused" 400 "$(call PATCH "/api/v1/updates/$vu" "$ANA" "$b")"
    is_error 400 || nok "error shape for '$b'"
done
eq "and nothing was applied" "$before" \
    "$("$VIGIL" show "$vu" --json | /usr/bin/python3 -c \
    'import json,sys; j=json.load(sys.stdin); print(j["status"], j["assignee"])')"
big=$(/usr/bin/python3 -c 'print("{\"note\": \"" + "n" * 70000 + "\"}")')
eq "a note over 64 KiB is a bad value: 400" 400 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" "$big")"
is_error 400 && grep -q "at most 65536" "$T/body" && ok "400 says the limit" ||
    nok "400 says the limit: $(head -c 300 "$T/body")"
eq "white space after the object is fine" 200 \
    "$(call PATCH "/api/v1/updates/$vu" "$ANA" '{"note": "spaced"}
  ')"
eq "a NUL after the object is refused" 400 "$(printf '{"note": "n"}\0x' |
    curl -s -o "$T/body" -w '%{http_code}' -X PATCH \
    -H "Authorization: Bearer $ANA" -H "Content-Type: application/json" \
    --data-binary @- "$URL/api/v1/updates/$vu")"
# a body refused says what is wrong and where (offsets count from 0)
patch_body() {
    curl -s -o "$T/body" -w '%{http_code}' -X PATCH \
        -H "Authorization: Bearer $ANA" -H "Content-Type: application/json" \
        --data-binary "$1" "$URL/api/v1/updates/$vu"
}
/usr/bin/python3 -c 'print("[" * 100000 + "]" * 100000)' >"$T/deep.json"
printf '{"note": "a\377b"}' >"$T/latin1.json"
printf '{"note": "a\tb"}' >"$T/tab.json"
for case in "|the body is empty" \
    " |the body is empty" \
    '{"note":"x",}|the body is not valid JSON at offset 12' \
    '{"note":"a\ud800b"}|at offset 10: its \\u escape is a lone surrogate' \
    '{"note":"a\udc00"}|at offset 10: its \\u escape is a lone surrogate' \
    "@$T/deep.json|the body is nested deeper than 40 levels at offset 40" \
    "@$T/latin1.json|the body is not valid UTF-8 at offset 11" \
    "@$T/tab.json|at offset 11: a control character in a string" \
    '[{"note": "x"}]|the body is valid JSON but an array, not an object' \
    '"note"|the body is valid JSON but a string, not an object' \
    '{"note": "a"} x|the body has text after its JSON object, at offset 14'
do
    b=${case%%|*} want=${case#*|}
    eq "body '$b' is 400" 400 "$(patch_body "$b")"
    is_error 400 && grep -qF "$want" "$T/body" && ok "saying: $want" ||
        nok "saying: $want: $(head -c 300 "$T/body")"
done
eq "a surrogate pair is one character, taken" 200 \
    "$(patch_body '{"note":"smile \ud83d\ude00"}')"
curl -s -o "$T/body" -w '%{http_code}' -X PATCH \
    -H "Authorization: Bearer $ANA" -H "Content-Type: text/plain" \
    --data '{"note": "x"}' "$URL/api/v1/updates/$vu" >"$T/code"
eq "a write without application/json is 415" 415 "$(cat "$T/code")"
eq "unknown update 404" 404 "$(call GET /api/v1/updates/VU-999999 "$ADM")"
eq "not an update id 404" 404 "$(call GET /api/v1/updates/12 "$ADM")"

# systems, sources, rules, findings
eq "GET /api/v1/systems" 200 "$(call GET /api/v1/systems "$ADM")"
eq "both systems" "['payments-api', 'web-01']" \
    "$(json "sorted(s['name'] for s in j['items'])" "$T/body")"
eq "GET /api/v1/systems/web-01" 200 "$(call GET /api/v1/systems/web-01 "$ADM")"
eq "with components and open updates" "True True" \
    "$(json "'%s %s' % (len(j['components']) > 0, all(u['status'] not in \
('closed', 'verified') for u in j['open_updates']))" "$T/body")"
eq "unknown system 404" 404 "$(call GET /api/v1/systems/nope "$ADM")"
eq "POST /api/v1/sources" 201 "$(call POST /api/v1/sources "$ADM" \
    '{"name": "nvd-api", "location": "https://services.nvd.nist.gov/rest/json/cves/2.0", "format": "nvd", "api_key": "very-secret-key", "every": 21600}')"
eq "the new source" "nvd-api 21600 True" \
    "$(json "'%s %s %s' % (j['name'], j['every'], j['has_api_key'])" "$T/body")"
eq "GET /api/v1/sources" 200 "$(call GET /api/v1/sources "$ADM")"
grep -q very-secret-key "$T/body" && nok "no API key in the sources" ||
    ok "no API key in the sources"
eq "the same name twice is 409" 409 "$(call POST /api/v1/sources "$ADM" \
    '{"name": "nvd-api", "location": "https://example.org/x.json"}')"
eq "a scheme in capitals is the same scheme" 201 \
    "$(call POST /api/v1/sources "$ADM" \
       '{"name": "caps", "location": "HTTPS://example.org/feed.json"}')"
for loc in http:///etc/passwd HTTPS:///etc/passwd 'http://user@:80/x' \
           'https://?q=1'; do
    eq "source location $loc names no host: 400" 400 \
        "$(call POST /api/v1/sources "$ADM" \
           "{\"name\": \"s7\", \"location\": \"$loc\"}")"
    is_error 400 && grep -q "names no host" "$T/body" && ok "and says so" ||
        nok "and says so: $(cat "$T/body")"
done
# a web URL libcurl cannot read is a 400 with its reason, not a
# failure at each sync; an http scheme without "//" is not a file name
while IFS='|' read -r loc why; do
    eq "source location $loc: 400" 400 "$(call POST /api/v1/sources \
        "$ADM" "{\"name\": \"s8\", \"location\": \"$loc\"}")"
    is_error 400 && grep -qF "'$loc': $why" "$T/body" &&
        ok "saying: $why" || nok "saying: $why: $(cat "$T/body")"
done <<'EOF'
http://[]/x|bad IPv6 address
http://host:abc/x|the port is not a number from 1 to 65535
hTTp://127.0.0.1:99999/x|the port is not a number from 1 to 65535
https://example.org:0/x|the port is not a number from 1 to 65535
http://exa mple.org/|a URL cannot hold white space
http:example.org/x|write a URL as scheme://host/path
https:/x|write a URL as scheme://host/path
EOF
# local files and programs stay with the CLI (a shell on the host)
for loc in /etc/shadow file:///etc/shadow FILE:/etc/passwd ./feeds \
           ftp://example.org/x; do
    eq "source location $loc refused" 403 "$(call POST /api/v1/sources \
        "$ADM" "{\"name\": \"local\", \"location\": \"$loc\"}")"
    is_error 403 && grep -q "command line" "$T/body" &&
        ok "and the message points to the CLI" ||
        nok "and the message points to the CLI: $(cat "$T/body")"
done
# the checks of vigil source add hold in the API too
for b in '"name": "../../../../etc/hostname", "location": "https://example.org/x"' \
         '"name": ".hidden", "location": "https://example.org/x"' \
         '"name": "a/b", "location": "https://example.org/x"' \
         '"name": "nl", "location": "https://example.org/x\nHost: y"' \
         '"name": "fmt", "location": "https://example.org/x", "format": "bogus"' \
         '"name": "sum", "location": "https://example.org/x", "checksum": "md5"'; do
    eq "source {$b} is 400" 400 "$(call POST /api/v1/sources "$ADM" "{$b}")"
    is_error 400 && ok "in the error shape" || nok "in the error shape: \
$(cat "$T/body")"
done
eq "no bad source was stored" "" \
    "$("$VIGIL" source list 2>/dev/null |
       grep -wE 'hostname|hidden|nl|fmt|sum|s7|s8')"
for tgt in exec:/bin/sh file:/tmp/alerts.jsonl file:///tmp/x EXEC:///bin/id \
           syslog: syslog:/dev/log syslog:///dev/log http:/tmp/x \
           https:///etc/passwd HTTPS:///etc/passwd; do
    eq "rule target $tgt refused" 403 "$(call POST /api/v1/rules/local \
        "$ADM" "{\"pattern\": {\"type\": [\"update.created\"]}, \
\"target\": \"$tgt\"}")"
    is_error 403 && grep -q "command line" "$T/body" &&
        ok "and the message points to the CLI" ||
        nok "and the message points to the CLI: $(cat "$T/body")"
done
for tgt in syslog://127.0.0.1:5514 smtp://mail.example.org/?to=a@example.org \
           HTTPS://hooks.example.com/x; do
    eq "rule target $tgt taken" 201 "$(call POST /api/v1/rules/net \
        "$ADM" "{\"pattern\": {\"type\": [\"update.created\"]}, \
\"target\": \"$tgt\"}")"
    call DELETE /api/v1/rules/net "$ADM" >/dev/null
done
eq "no local source or rule was stored" "" \
    "$("$VIGIL" source list 2>/dev/null | grep -w local; \
       "$VIGIL" rule list 2>/dev/null | grep -w local)"
eq "POST /api/v1/rules/{name}" 201 "$(call POST /api/v1/rules/crit "$ADM" \
    '{"pattern": {"type": ["update.created"]}, "target": "https://ops:hunter22@hooks.example.com/services/T0/B0/tok123"}')"
eq "GET /api/v1/rules" 200 "$(call GET /api/v1/rules "$ADM")"
eq "the rule is listed" crit "$(json "j['items'][0]['name']" "$T/body")"
grep -q 'hunter22\|tok123' "$T/body" && nok "targets are redacted" ||
    ok "targets are redacted"
eq "a bad pattern is 400" 400 "$(call POST /api/v1/rules/bad "$ADM" \
    '{"pattern": {"type": 5}, "target": "https://hooks.example.com/x"}')"
eq "a pattern that is not JSON is 400" 400 "$(call POST /api/v1/rules/bad \
    "$ADM" '{"pattern": "str", "target": "https://hooks.example.com/x"}')"
is_error 400 && ok "with the error shape" || nok "with the error shape"
eq "DELETE /api/v1/rules/crit" 200 "$(call DELETE /api/v1/rules/crit "$ADM")"
eq "DELETE it again 404" 404 "$(call DELETE /api/v1/rules/crit "$ADM")"
eq "GET /api/v1/findings" 200 "$(call GET '/api/v1/findings?limit=1' "$ADM")"
eq "findings paged" "1 True" \
    "$(json "'%d %s' % (len(j['items']), j['total'] >= 1)" "$T/body")"

# reports in every format, with the right type
for f in "json:application/json" "markdown:text/markdown; charset=utf-8" \
         "html:text/html; charset=utf-8" "csv:text/csv; charset=utf-8"; do
    eq "weekly report as ${f%%:*}" 200 \
        "$(call GET "/api/v1/reports/weekly?format=${f%%:*}" "$ADM")"
    eq "its type ${f#*:}" "${f#*:}" "$(header Content-Type)"
done
eq "monthly with from and to" 200 \
    "$(call GET '/api/v1/reports/monthly?from=2026-10-01&to=2026-11-01' "$ADM")"
/usr/bin/python3 -c "import json,sys; json.load(open(sys.argv[1]))" \
    "$T/body" && ok "the JSON report parses" || nok "the JSON report parses"
eq "weekly from the last Monday alone" 200 \
    "$(call GET '/api/v1/reports/weekly?from=2026-11-30' "$ADM")"
eq "runs a week, as vigil report does" "2026-11-30 2026-12-07" \
    "$(json "'%s %s' % (j['from'][:10], j['to'][:10])" "$T/body")"
eq "weekly from 2026-11-01 alone" 200 \
    "$(call GET '/api/v1/reports/weekly?from=2026-11-01' "$ADM")"
eq "is 7 days, not up to the last week's end" "2026-11-01 2026-11-08" \
    "$(json "'%s %s' % (j['from'][:10], j['to'][:10])" "$T/body")"
eq "monthly to alone" 200 \
    "$(call GET '/api/v1/reports/monthly?to=2026-11-01' "$ADM")"
eq "starts a month before" "2026-10-01 2026-11-01" \
    "$(json "'%s %s' % (j['from'][:10], j['to'][:10])" "$T/body")"
eq "unknown report 404" 404 "$(call GET /api/v1/reports/daily "$ADM")"
eq "unknown format 400" 400 "$(call GET '/api/v1/reports/weekly?format=pdf' "$ADM")"
eq "bad date 400" 400 "$(call GET '/api/v1/reports/weekly?from=yesterday' "$ADM")"

# search, me, users and tokens
eq "GET /api/v1/search" 200 "$(call GET '/api/v1/search?q=log4j&limit=5' "$ADM")"
eq "search finds Log4Shell" True \
    "$(json "'CVE-2021-44228' in [h['id'] for h in j['items']]" "$T/body")"
eq "search without q 400" 400 "$(call GET /api/v1/search "$ADM")"
eq "GET /api/v1/me" "alice analyst" \
    "$(call GET /api/v1/me "$ANA" >/dev/null;
       json "j['name'] + ' ' + j['role']" "$T/body")"
eq "POST /api/v1/users" 201 "$(call POST /api/v1/users "$ADM" \
    '{"name": "carol", "role": "viewer"}')"
eq "POST /api/v1/users CAROL: names ignore case" 409 \
    "$(call POST /api/v1/users "$ADM" '{"name": "CAROL", "role": "admin"}')"
eq "POST /api/v1/users -carol: no leading -" 400 \
    "$(call POST /api/v1/users "$ADM" '{"name": "-carol", "role": "viewer"}')"
eq "POST /api/v1/users with an unknown role" 400 \
    "$(call POST /api/v1/users "$ADM" '{"name": "dan", "role": "root"}')"
grep -q "unknown role 'root'" "$T/body" && ok "names the role" ||
    nok "names the role: $(cat "$T/body")"
eq "POST /api/v1/users with an unknown member" 400 \
    "$(call POST /api/v1/users "$ADM" \
       '{"name": "dan", "role": "viewer", "email": "d@x"}')"
eq "the user.added event names the admin who acted" root \
    "$(/usr/bin/python3 -c 'import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
d = db.execute("SELECT detail FROM event WHERE type = ? ORDER BY id DESC",
               ("user.added",)).fetchone()[0]
print(json.loads(d).get("by"))' "$VIGIL_DB")"
eq "GET /api/v1/users" "['alice', 'carol', 'root']" \
    "$(call GET /api/v1/users "$ADM" >/dev/null;
       json "sorted(u['name'] for u in j['items'])" "$T/body")"
eq "POST /api/v1/tokens for CAROL" 201 "$(call POST /api/v1/tokens "$ADM" \
    '{"user": "CAROL", "name": "upper"}')"
eq "answers with the stored name" carol "$(json "j['user']" "$T/body")"
eq "POST /api/v1/tokens" 201 "$(call POST /api/v1/tokens "$ADM" \
    '{"user": "carol", "name": "ci"}')"
ctok=$(json "j['token']" "$T/body")
cid=$(json "j['id']" "$T/body")
in90=$(/usr/bin/python3 -c 'import datetime; print(datetime.date.today() +
datetime.timedelta(days=90))')
eq "a token without expires lasts 90 days, as in the CLI" "$in90" \
    "$(json "(j['expires'] or 'never')[:10]" "$T/body")"
eq "expires 30d" 201 "$(call POST /api/v1/tokens "$ADM" \
    '{"user": "carol", "name": "d30", "expires": "30d"}')"
eq "30 days on" "$(/usr/bin/python3 -c 'import datetime; print(
datetime.date.today() + datetime.timedelta(days=30))')" \
    "$(json "(j['expires'] or 'never')[:10]" "$T/body")"
eq "expires never" 201 "$(call POST /api/v1/tokens "$ADM" \
    '{"user": "carol", "name": "forever", "expires": "never"}')"
eq "never is no expiry" None "$(json "j['expires']" "$T/body")"
in5y=$(/usr/bin/python3 -c 'import datetime; print(datetime.date.today() +
datetime.timedelta(days=5 * 365))')
eq "expires a date" 201 "$(call POST /api/v1/tokens "$ADM" \
    "{\"user\": \"carol\", \"name\": \"dated\", \"expires\": \"$in5y\"}")"
eq "the date kept" "$in5y" "$(json "j['expires'][:10]" "$T/body")"
eq "expires 2w" 201 "$(call POST /api/v1/tokens "$ADM" \
    '{"user": "carol", "name": "w2", "expires": "2w"}')"
eq "two weeks on" "$(/usr/bin/python3 -c 'import datetime; print(
datetime.date.today() + datetime.timedelta(days=14))')" \
    "$(json "(j['expires'] or 'never')[:10]" "$T/body")"
for bad in '"soon"' '"2099-02-30"' '"2020-01-01"' '5' 'null' '"3m"' \
           '"90s"' '"0d"' '"2099-01-31"' '"3661d"'; do
    eq "expires $bad refused" 400 "$(call POST /api/v1/tokens "$ADM" \
        "{\"user\": \"carol\", \"name\": \"x\", \"expires\": $bad}")"
done
call POST /api/v1/tokens "$ADM" \
    '{"user": "carol", "name": "x", "expires": "3m"}' >/dev/null
grep -q "unit h, d or w" "$T/body" && ok "3m: the message gives the units" ||
    nok "3m: the message gives the units: $(cat "$T/body")"
call POST /api/v1/tokens "$ADM" \
    '{"user": "carol", "name": "x", "expires": "2099-01-31"}' >/dev/null
grep -q "at most 3660 days" "$T/body" && ok "too far: the message says so" ||
    nok "too far: the message says so: $(cat "$T/body")"
eq "a name with \\u0000 is 400" 400 "$(call POST /api/v1/tokens "$ADM" \
    '{"user": "carol", "name": "a\u0000b"}')"
is_error 400 && ok "with the error shape" || nok "with the error shape"
eq "an escaped backslash before u0000 is taken" 201 \
    "$(call POST /api/v1/tokens "$ADM" '{"user": "carol", "name": "q\\u0000"}')"
eq "no token named a was made" "" \
    "$("$VIGIL" token list carol --json | /usr/bin/python3 -c \
'import json,sys; print(" ".join(t["name"] for t in json.load(sys.stdin) if t["name"] == "a"))')"
eq "the store holds the same expiry" "$in90" \
    "$("$VIGIL" token list carol --json | /usr/bin/python3 -c \
'import json,sys; print([t["expires"] for t in json.load(sys.stdin) if t["name"] == "ci"][0][:10])')"
eq "the new token works" carol \
    "$(call GET /api/v1/me "$ctok" >/dev/null; json "j['name']" "$T/body")"
eq "GET /api/v1/tokens shows no token" 200 "$(call GET /api/v1/tokens "$ADM")"
grep -q "$ctok" "$T/body" && nok "token list hides tokens" ||
    ok "token list hides tokens"
eq "DELETE /api/v1/tokens/$cid" 200 "$(call DELETE "/api/v1/tokens/$cid" "$ADM")"
eq "a revoked token is refused" 401 "$(call GET /api/v1/me "$ctok")"
eq "DELETE it again is 409" 409 "$(call DELETE "/api/v1/tokens/$cid" "$ADM")"
grep -q "revoked already" "$T/body" && ok "saying it was revoked already" ||
    nok "saying it was revoked already: $(cat "$T/body")"

# HEAD answers like GET without a body; SIGTERM stops the server
eq "HEAD /healthz" "200 0" "$(curl -s -o /dev/null --head \
    -w '%{http_code} %{size_download}' "$URL/healthz")"
kill -TERM "$SRV_PID"
wait "$SRV_PID"
eq "SIGTERM: exit 0" 0 $?
SRV_PID=""
eq "with -vv every stderr line is vigil's own (MHD logs through it)" "" \
    "$(grep -v '^vigil: ' "$T/serve.err" | head -n 3)"
grep -q "MHD logger" "$T/serve.err" && nok "no MHD logger warning" ||
    ok "no MHD logger warning"
grep -q "^vigil: info: 127.0.0.1 PATCH /api/v1/updates/VU-[0-9]* 200 [0-9]*ms alice$" \
    "$T/serve.err" && ok "the access log names method, path, status, user" ||
    nok "the access log names method, path, status, user"
grep -q "?limit\|hunter22" "$T/serve.err" &&
    nok "the access log holds no query" || ok "the access log holds no query"
finish
