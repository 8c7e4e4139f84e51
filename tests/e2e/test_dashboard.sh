#!/bin/sh
# test_dashboard.sh - the HTML dashboard in a real browser: Debian's
# headless Chromium driven over the W3C WebDriver protocol
# (tests/e2e/webdriver.py) logs in, filters the updates, changes a
# status through the form and finds it in the history; a viewer sees no
# form.  curl checks the CSRF refusal, cookie flags and the CSP.
# Screenshots go to a temporary folder whose path is printed.
. "$VIGIL_SRC/tests/e2e/lib.sh"

PY=/usr/bin/python3
CHROME=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver
if [ ! -x "$CHROME" ] || [ ! -x "$DRIVER" ]; then
    skip "$0: chromium or chromedriver not installed (scripts/deps.sh)"
    exit 0
fi
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
free_port() {
    $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0));
print(s.getsockname()[1])'
}

# a database from the bundled example, and one user of each kind
cd "$VIGIL_SRC/examples" || exit 1
V() { "$VIGIL" --db "$T/d.db" "$@"; }
V run --config vigil.conf >/dev/null 2>&1 || nok "vigil run"
echo 'alice-password-1' | V user add alice --role analyst --password-stdin \
    >/dev/null || nok "add alice"
echo 'vera-password-2' | V user add vera --role viewer --password-stdin \
    >/dev/null || nok "add vera"

"$VIGIL" --db "$T/d.db" serve --listen 127.0.0.1:0 >"$T/serve.out" \
    2>"$T/serve.err" &
pids="$pids $!"
i=0
until grep -q '^listening on ' "$T/serve.out" 2>/dev/null || [ $i -ge 100 ]
do sleep 0.1; i=$((i + 1)); done
BASE=$(sed -n 's/^listening on //p' "$T/serve.out")
case "$BASE" in http://127.0.0.1:*) ok "vigil serve listens on $BASE";;
    *) nok "vigil serve started: $(cat "$T/serve.err")"; finish; exit 1;;
esac

# --- the browser part ---
port=$(free_port)
"$DRIVER" --port="$port" >"$T/driver.log" 2>&1 &
pids="$pids $!"
SHOTS=$(mktemp -d "${TMPDIR:-/tmp}/vigil-dashboard-shots.XXXXXX")
mkdir "$T/profile"
$PY "$VIGIL_SRC/tests/e2e/dashboard_browser.py" "http://127.0.0.1:$port" \
    "$BASE" "$SHOTS" "$T/profile" >"$T/browser.out" 2>&1
rc=$?
cat "$T/browser.out"
grep -q '^ok - the history shows alice' "$T/browser.out" ||
    nok "the browser scenario ran (exit $rc)"
echo "# screenshots in $SHOTS"

# --- the same server seen by curl ---
C() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }
eq "a wrong password gives 401" 401 \
    "$(C -d 'name=alice&password=nope-nope' "$BASE/login")"
eq "an unknown user gives the same 401" 401 \
    "$(C -d 'name=nobody&password=nope-nope' "$BASE/login")"
grep -q 'invalid name or password' "$T/body" &&
    ok "one generic message for a failed login" ||
    nok "one generic message for a failed login"
curl -s -D "$T/h" -o /dev/null -c "$T/jar" \
    -d 'name=alice&password=alice-password-1&next=https://evil.example/' \
    "$BASE/login"
grep -qi '^set-cookie: vigil_session=.*HttpOnly.*SameSite=Strict' "$T/h" &&
    grep -qi '^set-cookie: .*Path=/.*Max-Age=' "$T/h" &&
    ok "the session cookie is HttpOnly, SameSite=Strict, Path=/" ||
    nok "session cookie flags: $(grep -i set-cookie "$T/h")"
eq "an absolute next URL is not followed" "/" \
    "$(sed -n 's/^[Ll]ocation: *//p' "$T/h" | tr -d '\r')"
curl -s -D "$T/h4" -o /dev/null "$BASE/updates?priority=High"
eq "an anonymous visitor is sent to the login form and back" \
    "/login?next=%2Fupdates%3Fpriority%3DHigh" \
    "$(sed -n 's/^[Ll]ocation: *//p' "$T/h4" | tr -d '\r')"
curl -s -D "$T/h5" -o /dev/null -c "$T/jar2" \
    -d 'name=alice&password=alice-password-1&next=/updates?priority=High' \
    "$BASE/login"
eq "and after login lands where it asked" "/updates?priority=High" \
    "$(sed -n 's/^[Ll]ocation: *//p' "$T/h5" | tr -d '\r')"
eq "a form post without the CSRF token is refused" 403 \
    "$(C -b "$T/jar" -d 'status=closed' "$BASE/updates/VU-1/status")"
eq "a form post with a wrong CSRF token is refused" 403 \
    "$(C -b "$T/jar" -d 'csrf=AAAA&status=closed' \
       "$BASE/updates/VU-1/status")"
grep -q '<html' "$T/body" && grep -q 'CSRF' "$T/body" &&
    ok "as a page that says why" || nok "the CSRF refusal is a page"
eq "and nothing changed" new \
    "$(V show VU-1 --json | $PY -c \
       'import json,sys; print(json.load(sys.stdin)["status"])')"

# a form field or page parameter given twice is refused, not read as its
# first value; so is a page path that does not decode
C -b "$T/jar" "$BASE/updates/VU-1" >/dev/null
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" |
    head -n 1)
who() {
    V show VU-1 --json | $PY -c \
        'import json,sys; print(json.load(sys.stdin)["assignee"])'
}
before=$(who)
eq "an assignment with the assignee twice is a 400" 400 \
    "$(C -b "$T/jar" -d "csrf=$csrf&assignee=bob&assignee=carol" \
       "$BASE/updates/VU-1/assign")"
grep -q '<html' "$T/body" &&
    grep -q "form field &#39;assignee&#39; is given twice" "$T/body" &&
    ok "as a page naming the field" ||
    nok "as a page naming the field: $(grep -o '<p>[^<]*' "$T/body")"
eq "and nobody was assigned" "$before" "$(who)"
eq "the same form with the field once is taken" 303 \
    "$(C -b "$T/jar" -d "csrf=$csrf&assignee=bob" \
       "$BASE/updates/VU-1/assign")"
eq "bob is assigned" bob "$(who)"
eq "a page parameter given twice is a 400" 400 \
    "$(C -b "$T/jar" "$BASE/updates?status=new&status=closed")"
grep -q "query parameter &#39;status&#39; is given twice" "$T/body" &&
    ok "as a page naming the parameter" ||
    nok "as a page naming the parameter: $(grep -o '<p>[^<]*' "$T/body")"
eq "a page path that is not UTF-8 is an HTML 400" "400 text/html" \
    "$(curl -s -o "$T/body" -w '%{http_code} %{content_type}' -b "$T/jar" \
       "$BASE/systems/%ff" | cut -d';' -f1)"
curl -s -D "$T/h2" -o "$T/page" -b "$T/jar" "$BASE/"
grep -qi "^content-security-policy: default-src 'none'; style-src 'self'" \
    "$T/h2" && ok "pages carry the CSP" || nok "CSP: $(grep -i csp "$T/h2")"
if grep -q '<script\|style=' "$T/page"; then
    nok "the overview has no script and no inline style"
else ok "the overview has no script and no inline style"; fi
eq "the overview draws two charts" 2 "$(grep -o 'role="img"' "$T/page" |
    wc -l | tr -d ' ')"
eq "the stylesheet is served" 200 "$(C "$BASE/static/vigil.css")"
eq "no path escapes the static route" 404 \
    "$(C --path-as-is "$BASE/static/../vigil.db")"
eq "a weekly report in Markdown is a download" 200 \
    "$(C -D "$T/h3" -b "$T/jar" "$BASE/reports/weekly?format=markdown")"
grep -qi '^content-disposition: attachment; filename="vigil-weekly-' \
    "$T/h3" && ok "with a file name" || nok "report download headers"
eq "the HTML weekly report is a page of the dashboard" 200 \
    "$(C -b "$T/jar" "$BASE/reports/weekly")"
grep -q 'aria-current="page">Reports' "$T/body" &&
    ! grep -q '<style\|<script' "$T/body" &&
    ok "framed by the navigation, with no inline style" ||
    nok "the HTML report in the dashboard frame"
eq "an unknown status filter is refused with 400" 400 \
    "$(C -b "$T/jar" "$BASE/updates?status=bogus")"
grep -q 'role="alert">unknown status' "$T/body" &&
    ok "and the page says why" || nok "the page says why the filter failed"
for bad in 'foo=1' 'sort=bogus' 'kev=2' 'overdue=yes' 'kev=1&colour=red'; do
    eq "the list refuses $bad with 400, as the API does" 400 \
        "$(C -b "$T/jar" "$BASE/updates?$bad")"
    grep -q 'role="alert">' "$T/body" && ok "and the page says why ($bad)" ||
        nok "the page says why $bad is refused"
done
grep -q "unknown parameter &#39;colour&#39;\|unknown parameter 'colour'" \
    "$T/body" && ok "the unknown parameter is named" ||
    nok "the unknown parameter is named: $(grep alert "$T/body")"
for good in 'kev=true&overdue=0&sort=due' 'kev=&overdue=false' \
    'sort=id&page=1&q=webp'; do
    eq "the list takes $good" 200 "$(C -b "$T/jar" "$BASE/updates?$good")"
done
# reports: the period is resolved as the CLI resolves it
from=$($PY -c 'import datetime; print(datetime.date.today() -
datetime.timedelta(days=10))')
want=$($PY -c 'import datetime; print(datetime.date.today() -
datetime.timedelta(days=3))')
month=$($PY -c 'import datetime; d = datetime.date.today().replace(day=1)
print((d - datetime.timedelta(days=1)).replace(day=1))')
eq "a weekly report from a date alone" 200 \
    "$(C -b "$T/jar" "$BASE/reports/weekly?from=$from&to=&format=")"
grep -q "Report: weekly, $from to $want" "$T/body" &&
    ok "runs seven days from it" ||
    nok "seven days from $from: $(grep -o 'Report: [^<]*' "$T/body")"
eq "a weekly report from the first of a month" 200 \
    "$(C -b "$T/jar" "$BASE/reports/weekly?from=$month")"
grep -q "Report: weekly, $month to " "$T/body" &&
    ! grep -q "Report: weekly, $month to .*-01<" "$T/body" &&
    ok "is a week, not a month" ||
    nok "a week from $month: $(grep -o 'Report: [^<]*' "$T/body")"
eq "a period past the year 9999 is refused" 400 \
    "$(C -b "$T/jar" "$BASE/reports/weekly?from=9999-12-31")"
grep -q 'role="alert">invalid period' "$T/body" && ok "and the page says why" ||
    nok "the report page says why: $(grep alert "$T/body")"
# the status form does not offer risk_accepted: accept-risk has its own
C -b "$T/jar" "$BASE/updates/VU-1" >/dev/null
grep -q 'id="st-status"' "$T/body" &&
    ! sed -n '/id="st-status"/,/<\/select>/p' "$T/body" |
        grep -q 'value="risk_accepted"' &&
    ok "the status select leaves risk_accepted to its own form" ||
    nok "the status select offers risk_accepted"
eq "a page past the last one answers 200" 200 \
    "$(C -b "$T/jar" "$BASE/updates?page=2")"
grep -q 'matching updates, page 1 of 1<' "$T/body" &&
    grep -q 'href="/updates/VU-1"' "$T/body" &&
    ok "and shows the last page" ||
    nok "a page past the last: $(grep -o '[0-9]* matching[^<]*' "$T/body")"
finish
