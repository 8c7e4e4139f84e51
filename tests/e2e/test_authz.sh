#!/bin/sh
# test_authz.sh - every route of the API with no token and with a
# viewer, an analyst and an admin token: each answer as the role
# allows.  The expectations below are this test's own; a route the
# server lists (core and api tables) without a row here fails the test.
# Wrong, revoked, expired and disabled users' tokens are refused.
. "$VIGIL_SRC/tests/e2e/lib.sh"
. "$VIGIL_SRC/tests/e2e/api_lib.sh"

cd "$VIGIL_SRC/examples" || exit 1
"$VIGIL" run --config vigil.conf >/dev/null 2>&1 || nok "vigil run"
for u in viewer analyst admin; do
    "$VIGIL" user add "u-$u" --role "$u" --no-password >/dev/null
done
"$VIGIL" user add gone --role admin --no-password >/dev/null
PAT_PW="pat's long password"
echo "$PAT_PW" | "$VIGIL" user add pat --role viewer --password-stdin \
    >/dev/null 2>&1
echo "$PAT_PW" | "$VIGIL" user add kim --role viewer --password-stdin \
    >/dev/null 2>&1
VIE=$("$VIGIL" token create u-viewer 2>/dev/null)
ANA=$("$VIGIL" token create u-analyst 2>/dev/null)
ADM=$("$VIGIL" token create u-admin 2>/dev/null)
OLD=$(VIGIL_NOW=2020-01-01 "$VIGIL" token create u-admin --expires 1d \
      2>/dev/null)
DIS=$("$VIGIL" token create gone 2>/dev/null)
"$VIGIL" user set gone --disable >/dev/null 2>&1
SPARE=$("$VIGIL" token create u-viewer --name spare 2>/dev/null)
tokid=$("$VIGIL" token list u-viewer --json | /usr/bin/python3 -c \
    'import json,sys; print([t["id"] for t in json.load(sys.stdin) if t["name"] == "spare"][0])')
vu=$("$VIGIL" show CVE-2021-44228 --json | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)["update"])')
[ -n "$SPARE" ] && [ -n "$OLD" ] || nok "tokens created"
start_server || { finish; exit 1; }

# METHOD PATTERN | PATH | BODY | none viewer analyst admin
cat >"$T/expect" <<'TABLE'
GET /healthz|/healthz|-|200 200 200 200
GET /static/{name}|/static/vigil.css|-|200 200 200 200
GET /api/v1/openapi.json|/api/v1/openapi.json|-|200 200 200 200
GET /api/v1/me|/api/v1/me|-|401 200 200 200
GET /api/v1/advisories|/api/v1/advisories?kev=1|-|401 200 200 200
GET /api/v1/advisories/{id}|/api/v1/advisories/CVE-2021-44228|-|401 200 200 200
GET /api/v1/search|/api/v1/search?q=log4j|-|401 200 200 200
GET /api/v1/updates|/api/v1/updates?status=open|-|401 200 200 200
GET /api/v1/updates/{id}|/api/v1/updates/@VU@|-|401 200 200 200
PATCH /api/v1/updates/{id}|/api/v1/updates/@VU@|{"note": "authz patch"}|401 403 200 200
POST /api/v1/updates/{id}|/api/v1/updates/@VU@|{"note": "authz post"}|401 403 200 200
GET /api/v1/systems|/api/v1/systems|-|401 200 200 200
GET /api/v1/systems/{name}|/api/v1/systems/web-01|-|401 200 200 200
GET /api/v1/sources|/api/v1/sources|-|401 200 200 200
POST /api/v1/sources|/api/v1/sources|{"name": "s1", "location": "https://feeds.example.org/kev.json"}|401 403 403 201
GET /api/v1/rules|/api/v1/rules|-|401 200 200 200
POST /api/v1/rules/{name}|/api/v1/rules/r1|{"pattern": {"type": ["update.created"]}, "target": "https://hooks.example.org/vigil"}|401 403 403 201
DELETE /api/v1/rules/{name}|/api/v1/rules/r1|-|401 403 403 200
GET /api/v1/findings|/api/v1/findings|-|401 200 200 200
GET /api/v1/reports/{kind}|/api/v1/reports/weekly?format=markdown|-|401 200 200 200
GET /api/v1/users|/api/v1/users|-|401 403 403 200
POST /api/v1/users|/api/v1/users|{"name": "dave", "role": "viewer"}|401 403 403 201
GET /api/v1/tokens|/api/v1/tokens|-|401 200 200 200
POST /api/v1/tokens|/api/v1/tokens|{"name": "ci"}|401 403 403 201
DELETE /api/v1/tokens/{id}|/api/v1/tokens/@TOKID@|-|401 200 404 409
TABLE

# every route the server lists has a row, and every row a route
"$VIGIL" serve --routes | awk '$1 == "core" || $1 == "api" \
    { print $2 " " $3 }' | sort >"$T/routes"
cut -d'|' -f1 "$T/expect" | sort >"$T/rows"
if cmp -s "$T/routes" "$T/rows"; then ok "the table covers every route"
else nok "the table covers every route: $(diff "$T/routes" "$T/rows" |
    grep '^[<>]' | tr '\n' ' ')"; fi

while IFS='|' read -r route path body codes; do
    path=$(echo "$path" | sed "s/@VU@/$vu/; s/@TOKID@/$tokid/")
    [ "$body" = "-" ] && body=""
    set -- $codes
    i=0
    for tok in "" "$VIE" "$ANA" "$ADM"; do
        i=$((i + 1))
        eval "want=\${$i}"
        role=$(echo "none viewer analyst admin" | cut -d' ' -f$i)
        got=$(call "${route%% *}" "$path" "$tok" "$body")
        eq "$route as $role" "$want" "$got"
        case "$got" in
            401|403) is_error "$got" || nok "$route as $role: error shape";;
        esac
    done
done <"$T/expect"

# tokens: each user lists and revokes their own; an admin anyone's
call GET /api/v1/tokens "$VIE" >/dev/null
eq "a viewer lists only their own tokens" "['u-viewer']" \
    "$(json "sorted(set(t['user'] for t in j['items']))" "$T/body")"
eq "an admin lists everyone's" True \
    "$(call GET '/api/v1/tokens?limit=500' "$ADM" >/dev/null;
       json "len(set(t['user'] for t in j['items'])) > 2" "$T/body")"
eq "a viewer asking for another user's tokens: 403" 403 \
    "$(call GET '/api/v1/tokens?user=u-admin' "$VIE")"
eq "a viewer naming themself: 200" 200 \
    "$(call GET '/api/v1/tokens?user=u-viewer' "$VIE")"
eq "a viewer naming themself in another case: 200, their own" \
    "200 ['u-viewer']" \
    "$(call GET '/api/v1/tokens?user=U-Viewer' "$VIE") $(json \
       "sorted(set(t['user'] for t in j['items']))" "$T/body")"
admid=$("$VIGIL" token list u-admin --json | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)[0]["id"])')
eq "a viewer revoking an admin's token: 404" 404 \
    "$(call DELETE "/api/v1/tokens/$admid" "$VIE")"
eq "which still works" 200 "$(call GET /api/v1/me "$ADM")"

# credentials that must not work
eq "401 asks for a bearer token" Bearer \
    "$(call GET /api/v1/me >/dev/null; header WWW-Authenticate)"
eq "a wrong token" 401 "$(call GET /api/v1/me "vgl_${ADM#vgl_}x")"
eq "a made-up token" 401 "$(call GET /api/v1/me vgl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA)"
eq "an expired token" 401 "$(call GET /api/v1/me "$OLD")"
eq "a disabled user's token" 401 "$(call GET /api/v1/me "$DIS")"
eq "the revoked spare token" 401 "$(call GET /api/v1/me "$SPARE")"
eq "another scheme" 401 "$(curl -s -o /dev/null -w '%{http_code}' \
    -H 'Authorization: Basic dTpw' "$URL/api/v1/me")"
eq "a bad session cookie" 401 "$(curl -s -o /dev/null -w '%{http_code}' \
    -b 'vigil_session=nope' "$URL/api/v1/me")"
eq "a wrong token on a public route is ignored" 200 \
    "$(call GET /healthz vgl_wrong)"
eq "two Authorization headers are a 400 rather than the first acting" 400 \
    "$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $ADM" \
       -H "Authorization: Bearer $VIE" "$URL/api/v1/users")"
is_error 400 && grep -q "more than one Authorization header" "$T/body" &&
    ok "saying so, in the error shape" ||
    nok "saying so, in the error shape: $(cat "$T/body")"
eq "so are two on a page, as a page" "400 text/html" \
    "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' \
       -H "Authorization: Bearer $ADM" -H "Authorization: Bearer $ADM" \
       "$URL/updates" | cut -d';' -f1)"

# logins: five failures lock the name from that address, even against
# the right password
login() {
    curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' \
        --data-urlencode "name=$1" --data-urlencode "password=$2" \
        ${3:+--interface "$3"} "$URL/login"
}
for i in 1 2 3 4 5; do
    eq "failed login $i" 401 "$(login pat "wrong password $i")"
done
eq "the sixth, with the right password, is refused" 429 \
    "$(login pat "$PAT_PW")"
case $(header Retry-After) in
    [0-9]*) [ "$(header Retry-After)" -le 900 ] &&
        ok "429 says when to retry" || nok "Retry-After $(header Retry-After)";;
    *) nok "429 says when to retry: '$(header Retry-After)'";;
esac
eq "the lock ignores case" 429 "$(login PAT "$PAT_PW")"
eq "each failure is logged with name and address" 5 \
    "$(grep -c "warning: failed login for 'pat' from 127.0.0.1" "$T/serve.err")"
grep -q "refused: too many failed attempts" "$T/serve.err" &&
    ok "refusals are logged" || nok "refusals are logged"
grep -qF "$PAT_PW" "$T/serve.err" && nok "no password in the log" ||
    ok "no password in the log"
# the lock is of the name from this address: guessing cannot lock pat
# out from everywhere, nor lock other names from the same address
eq "the same name from another address" 303 \
    "$(login pat "$PAT_PW" 127.0.0.2)"
eq "the same address, another name" 303 "$(login kim "$PAT_PW")"
eq "but still not pat from here" 429 "$(login pat "$PAT_PW")"

# the address over all names: 50 failures lock every name from it
for i in $(seq 50); do login "guess$i" "wrong" >/dev/null; done
eq "after 50 failures from an address, any name from it" 429 \
    "$(login kim "$PAT_PW")"
eq "while another address logs in" 303 "$(login kim "$PAT_PW" 127.0.0.3)"
stop_server
start_server -v || { finish; exit 1; }
eq "a restart forgets the counts; a good login" 303 \
    "$(login pat "$PAT_PW")"
grep -q "info: login of 'pat' from 127.0.0.1" "$T/serve.err" &&
    ok "a login is logged at info" || nok "a login is logged at info"
sid=$(header Set-Cookie | sed -n 's/^vigil_session=\([^;]*\);.*/\1/p')
sleep 1   # sessions are ordered by their start, in seconds
for i in $(seq 16); do login pat "$PAT_PW" >/dev/null; done
eq "the 18th session ended the first" 401 \
    "$(curl -s -o /dev/null -w '%{http_code}' -b "vigil_session=$sid" \
       "$URL/api/v1/me")"
eq "sessions kept per user" 16 "$(sqlite3 "$VIGIL_DB" \
    "SELECT count(*) FROM session s JOIN app_user u ON u.id = s.user_id \
     WHERE u.name = 'pat'" 2>/dev/null ||
    /usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM session s JOIN app_user u ON u.id = s.user_id WHERE u.name = ?", ("pat",)).fetchone()[0])' "$VIGIL_DB")"
call GET /api/v1/me "$VIE" >/dev/null
grep -q "info: 127.0.0.1 GET /api/v1/me 200 [0-9]*ms u-viewer$" \
    "$T/serve.err" &&
    ok "an access line per request with -v" ||
    nok "an access line per request with -v: $(tail -n 3 "$T/serve.err")"
# parallel guesses: the check and the count are one step, so at most
# VIGIL_LOGIN_FAILS (5) of 40 at once reach the password check
stop_server
start_server --per-ip 64 || { finish; exit 1; }
pids=""
for i in $(seq 40); do
    curl -s -o /dev/null -w '%{http_code}\n' --data-urlencode name=pat \
        --data-urlencode "password=guess $i" "$URL/login" >"$T/par.$i" &
    pids="$pids $!"
done
wait $pids    # not the server's
got="$(cat "$T"/par.* | grep -c '^401$') $(cat "$T"/par.* | grep -c '^429$')"
eq "40 parallel wrong logins: 5 checked, 35 refused" "5 35" "$got"
if [ "$got" != "5 35" ]; then
    # what the clients saw and what the server said, to tell a slow
    # machine from a server that stopped answering
    echo "# answers: $(cat "$T"/par.* | sort | uniq -c | tr '\n' ' ')"
    kill -0 "$SRV_PID" 2>/dev/null && echo "# the server is running" ||
        echo "# the server has exited"
    tail -n 5 "$T/serve.err" | sed 's/^/# /'
fi
finish
