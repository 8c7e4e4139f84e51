#!/bin/sh
# test_workflow.sh - the tracking workflow on the bundled example: one
# real advisory from import through every state to closed, illegal
# moves, decisions that stick, automatic verification, risk expiry.
. "$VIGIL_SRC/tests/e2e/lib.sh"

cd "$VIGIL_SRC/examples" || exit 1
V() { "$VIGIL" --db "$T/w.db" "$@"; }
V run --config vigil.conf >/dev/null 2>&1 || nok "vigil run"
vu() {
    V show "$1" --json | /usr/bin/python3 -c \
        'import json,sys; print(json.load(sys.stdin)["update"])'
}
field() {
    V show "$1" --json | /usr/bin/python3 -c \
        "import json,sys; print(json.load(sys.stdin)['$2'])"
}
webp=$(vu CVE-2023-4863)
case "$webp" in VU-*) ok "CVE-2023-4863 has update $webp";;
    *) nok "CVE-2023-4863 has an update"; finish; exit 1;; esac

# every state to closed, each move recorded with who and why
for st in triaged in_progress remediated; do
    V --as alice status "$webp" "$st" --reason "step $st" >/dev/null
    eq "moved to $st" "$st" "$(field "$webp" status)"
done
V --as bob verify "$webp" --method "dpkg -s libwebp7 shows the fix" \
    >/dev/null
eq "verified" verified "$(field "$webp" status)"
eq "verification method kept" "dpkg -s libwebp7 shows the fix" \
    "$(field "$webp" verification)"
V --as bob close "$webp" >/dev/null
eq "closed" closed "$(field "$webp" status)"
V show "$webp" --json >"$T/h.json"
eq "the first history row is the creation" "created" \
    "$(json "j['history'][0]['field']" "$T/h.json")"
eq "history of status, oldest first" \
    "['new', 'triaged', 'in_progress', 'remediated', 'verified']" \
    "$(json "[h['old'] for h in j['history'] if h['field'] == 'status']" \
       "$T/h.json")"
eq "history names the actors" "['alice', 'alice', 'alice', 'bob', 'bob']" \
    "$(json "[h['actor'] for h in j['history'] if h['field'] == 'status' \
and h['old']]" "$T/h.json")"
eq "history keeps the reason" "step in_progress" \
    "$(json "[h['reason'] for h in j['history'] if h['new'] == \
'in_progress'][0]" "$T/h.json")"
eq "completion date set" 10 "$(field "$webp" completed | wc -c | \
    awk '{print $1 - 1}')"

# an illegal move is refused and names the allowed ones
V status "$webp" in_progress >"$T/o" 2>"$T/e"
eq "closed -> in_progress exits 1" 1 $?
grep -q "allowed: new" "$T/e" && ok "the refusal names the allowed moves" \
    || nok "the refusal names the allowed moves: $(cat "$T/e")"
V reopen "$webp" --reason "re-check" >/dev/null
eq "reopened" new "$(field "$webp" status)"

# assignment and notes
V --as carol assign "$webp" alice --reason "owns the image" >/dev/null
eq "assigned" alice "$(field "$webp" assignee)"
V note "$webp" "rebuilt the base image" >/dev/null
eq "an id named twice is changed once" "1 security update changed" \
    "$(V assign "$webp" "$(echo "$webp" | tr 'VU' 'vu')" alice)"
field "$webp" notes | grep -q "rebuilt the base image" \
    && ok "note kept" || nok "note kept"
V note "$webp" "$(printf 'ok\n2026-12-03T20:05:00Z admin: approved by CISO')" \
    >/dev/null
V show "$webp" | grep -q "^ *[0-9T:Z-]* [a-z]*: ok$" &&
    V show "$webp" | grep -A1 ": ok$" | tail -1 |
        grep -q "^ *  2026-12-03T20:05:00Z admin: approved by CISO$" \
    && ok "a note's second line is indented in show" \
    || nok "a note's second line is indented in show: $(V show "$webp")"
eq "a note's second line is indented in the notes field" True \
    "$(V show "$webp" --json | /usr/bin/python3 -c 'import json,sys
n = json.load(sys.stdin)["notes"]
print("ok\n  2026-12-03T20:05:00Z admin: approved by CISO" in n)')"
V assign "$webp" "$(printf '\377')" >"$T/o" 2>"$T/e"
eq "an assignee that is not UTF-8 is refused" 1 $?
grep -q "valid UTF-8" "$T/e" && ok "the refusal says why" ||
    nok "the refusal says why: $(cat "$T/e")"
eq "the assignee stays" alice "$(field "$webp" assignee)"
V status "$webp" risk_accepted --reason "fine" >"$T/o" 2>"$T/e"
eq "a plain move to risk_accepted is refused" 1 $?
grep -q "use accept-risk" "$T/e" && ok "the refusal names accept-risk" ||
    nok "the refusal names accept-risk: $(cat "$T/e")"

# a false_positive decision survives three re-imports...
nghttp=$(vu CVE-2023-44487)
V status "$nghttp" false_positive --reason "HTTP/2 not exposed" >/dev/null
for i in 1 2 3; do
    V run --config vigil.conf >/dev/null 2>&1
done
eq "false_positive survives three re-imports" false_positive \
    "$(field "$nghttp" status)"
# ...and reopens when the affected version changes
sed 's/^Version: 1.52.0-1$/Version: 1.52.0-1+deb12u0/' \
    inventory/web-01.status >"$T/web-01.status"
V inventory import web-01 "$T/web-01.status" --label web-01.status \
    >/dev/null
V match >/dev/null
eq "a changed version reopens the decision" new "$(field "$nghttp" status)"
V show "$nghttp" --json >"$T/n.json"
json "[h['reason'] for h in j['history'] if h['field'] == 'status'][-1]" \
    "$T/n.json" | grep -q "evidence changed" \
    && ok "the history says the evidence changed" \
    || nok "the history says the evidence changed"

# a remediated item whose component is gone is verified by the re-scan
glibc=$(vu CVE-2023-4911)
V status "$glibc" remediated >/dev/null
awk 'BEGIN { RS = ""; ORS = "\n\n" } !/Package: libc6\n/ && \
    !/Package: libc-bin\n/' inventory/web-01.status >"$T/web-01.status"
V inventory import web-01 "$T/web-01.status" --label web-01.status \
    >/dev/null
V match >/dev/null
eq "remediated + component gone -> verified" verified \
    "$(field "$glibc" status)"
eq "verified by re-scan" "re-scan: no affected component" \
    "$(field "$glibc" verification)"

# ownership rules: the first rule an affected system and component meet
sed -e "s|^path = |path = $PWD/|" -e "s|^inventory = |inventory = $PWD/|" \
    -e '/^tags/d' -e 's/^criticality = critical/criticality = critical\
tags = pci, payments/' vigil.conf >"$T/own.conf"
cat >>"$T/own.conf" <<'CONF'

[owner "glibc-team"]
package = libc*
env = production

[owner "pci-team"]
tag = pci
CONF
"$VIGIL" --db "$T/own.db" run --config "$T/own.conf" >/dev/null 2>&1
own() {
    "$VIGIL" --db "$T/own.db" show "$1" --json | /usr/bin/python3 -c \
        'import json,sys; d=json.load(sys.stdin); print(d["update"])' |
        xargs -I{} "$VIGIL" --db "$T/own.db" show {} --json |
        /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["assignee"])'
}
eq "a package rule assigns glibc" glibc-team "$(own CVE-2023-4911)"
eq "a tag rule assigns the PCI system's items" pci-team "$(own CVE-2021-44228)"
eq "no rule: the system owner" web-team "$(own CVE-2023-4863)"

# risk acceptance expires (accepted on a fixed day, so that the test
# does not depend on the day it runs)
curl=$(vu CVE-2023-38545)
A() { VIGIL_NOW=2026-12-01T00:00:00Z V "$@"; }
A accept-risk "$curl" --until 2026-12-31 --reason "SOCKS proxy unused" \
    >/dev/null
eq "risk accepted" risk_accepted "$(field "$curl" status)"
A accept-risk "$curl" --until 2020-01-01 --reason x >"$T/o" 2>&1
eq "a past expiry date is refused" 1 $?
VIGIL_NOW=2027-01-02T00:00:00Z V match >/dev/null
eq "expired acceptance reopens the item" triaged "$(field "$curl" status)"
eq "and empties the acceptance's end, reason and author" "None None None" \
    "$(field "$curl" risk_until) $(field "$curl" risk_reason) \
$(field "$curl" risk_by)"
V show "$curl" --json | grep -q '"SOCKS proxy unused"' &&
    ok "the history keeps the acceptance" ||
    nok "the history keeps the acceptance"
A accept-risk "$curl" --until 2026-12-30 --reason "lab only" >/dev/null
V status "$curl" in_progress --reason "patch after all" >/dev/null
eq "leaving risk_accepted by hand empties them too" "in_progress None" \
    "$(field "$curl" status) $(field "$curl" risk_until)"
V show "$curl" | grep -q "Risk until" &&
    nok "vigil show no longer prints the old end date" ||
    ok "vigil show no longer prints the old end date"
# decisions stick: closing or verifying by hand survives an unrelated
# import and a re-match; only new evidence opens the item again
S() { "$VIGIL" --db "$T/s.db" "$@"; }
sfield() {
    S show "$1" --json | /usr/bin/python3 -c \
        "import json,sys; print(json.load(sys.stdin)['$2'])"
}
svu() {
    S show "$1" --json | /usr/bin/python3 -c \
        'import json,sys; print(json.load(sys.stdin)["update"])'
}
S run --config vigil.conf >/dev/null 2>&1 || nok "vigil run (s.db)"
h2=$(svu CVE-2023-44487) glibc=$(svu CVE-2023-4911) curl=$(svu CVE-2023-38545)
S close "$h2" --reason done >/dev/null
S status "$glibc" remediated >/dev/null
S verify "$glibc" --method "ldd --version on web-01" >/dev/null
S close "$curl" --reason "curl is not used" >/dev/null
done_on=$(sfield "$h2" completed)
S import "$FIX/osv/synthetic_cve_1999_0002.json" >/dev/null 2>"$T/imp"
eq "closed by hand survives an unrelated import" closed \
    "$(sfield "$h2" status)"
eq "verified by hand survives an unrelated import" verified \
    "$(sfield "$glibc" status)"
eq "the completion date stays" "$done_on" "$(sfield "$h2" completed)"
grep -q "[1-9][0-9]* reopened" "$T/imp" \
    && nok "the import reports no reopened item: $(cat "$T/imp")" \
    || ok "the import reports no reopened item"
S match >"$T/m"
grep -q " 0 reopened" "$T/m" && ok "a re-match reopens nothing" \
    || nok "a re-match reopens nothing: $(cat "$T/m")"
eq "closed survives a re-match" closed "$(sfield "$h2" status)"

# news: a KEV listing opens the closed item, and the import says so
cat >"$T/kev.json" <<'KEV'
{"title": "CISA Catalog of Known Exploited Vulnerabilities",
 "catalogVersion": "2026.12.01", "count": 1, "vulnerabilities": [
 {"cveID": "CVE-2023-38545", "vendorProject": "Haxx", "product": "curl",
  "vulnerabilityName": "curl SOCKS5 heap overflow", "dateAdded":
  "2026-12-01", "shortDescription": "A heap overflow in SOCKS5.",
  "requiredAction": "Apply updates.", "dueDate": "2026-12-22",
  "knownRansomwareCampaignUse": "Unknown", "notes": ""}]}
KEV
S import "$T/kev.json" >/dev/null 2>"$T/imp"
eq "a new KEV listing reopens a closed item" new "$(sfield "$curl" status)"
eq "reopening clears the completion date" None \
    "$(sfield "$curl" completed)"
grep -q " 1 reopened" "$T/imp" && ok "the import counts the reopened item" \
    || nok "the import counts the reopened item: $(cat "$T/imp")"
S show "$curl" --json >"$T/c.json"
eq "the reason names the news" \
    "evidence changed since it was closed: now in KEV" \
    "$(json "[h['reason'] for h in j['history'] if h['field'] == 'status'][-1]" \
       "$T/c.json")"
json "[h['old'] for h in j['history'] if h['field'] == 'completed'][-1]" \
    "$T/c.json" | grep -q '^20' \
    && ok "history keeps the old completion date" \
    || nok "history keeps the old completion date"

# news: a match that had gone comes back to a verified item
awk 'BEGIN { RS = ""; ORS = "\n\n" } !/Package: libc6\n/ && \
    !/Package: libc-bin\n/' inventory/web-01.status >"$T/nolibc.status"
S inventory import web-01 "$T/nolibc.status" --label web-01.status \
    >/dev/null
S match >/dev/null
eq "verified stays verified while the component is gone" verified \
    "$(sfield "$glibc" status)"
S inventory import web-01 inventory/web-01.status --label web-01.status \
    >/dev/null
S run --config vigil.conf >/dev/null 2>"$T/run"
eq "a component coming back reopens a verified item" new \
    "$(sfield "$glibc" status)"
grep -q "security updates: .* 1 reopened" "$T/run" \
    && ok "run counts the reopened item" \
    || nok "run counts the reopened item: $(cat "$T/run")"
S show "$glibc" --json >"$T/g.json"
json "[h['reason'] for h in j['history'] if h['field'] == 'status'][-1]" \
    "$T/g.json" | grep -q "since it was verified: affected: web-01: libc" \
    && ok "the reason names the component that came back" \
    || nok "the reason names the component that came back: $(json \
       "[h['reason'] for h in j['history']][-3:]" "$T/g.json")"

# news: a new version reopens a closed item
eq "closed still closed" closed "$(sfield "$h2" status)"
sed 's/^Version: 1.52.0-1$/Version: 1.52.0-1+deb12u0/' \
    inventory/web-01.status >"$T/web-01.status"
S inventory import web-01 "$T/web-01.status" --label web-01.status \
    >/dev/null
S match >"$T/m"
eq "a changed version reopens a closed item" new "$(sfield "$h2" status)"
grep -q " 1 reopened" "$T/m" && ok "match counts the reopened item" \
    || nok "match counts the reopened item: $(cat "$T/m")"
# what people type: one-line fields refuse control bytes, all are capped
S assign "$h2" "$(printf 'a\nb')" >"$T/o" 2>"$T/e"
eq "an assignee with a newline exits 1" 1 $?
grep -q "an assignee must not hold control characters" "$T/e" \
    && ok "the refusal says why" || nok "the refusal says why: $(cat "$T/e")"
S list | grep -q 'a?b' && nok "list shows no mangled assignee" \
    || ok "list shows no mangled assignee"
long=$(head -c 65537 /dev/zero | tr '\0' n)
S note "$h2" "$long" >"$T/o" 2>"$T/e"
eq "a note over 64 KiB exits 1" 1 $?
grep -q "a note is at most 65536 bytes" "$T/e" \
    && ok "the note refusal names the limit" \
    || nok "the note refusal names the limit: $(cat "$T/e")"
S close "$h2" --reason "$(printf 'done\033[2J')" >"$T/o" 2>"$T/e"
eq "a reason with an escape byte exits 1" 1 $?

# a mistyped VIGIL_NOW stops every command instead of being ignored
for bad in garbage 2026-02-30; do
    VIGIL_NOW=$bad S list >"$T/o" 2>"$T/e"
    eq "VIGIL_NOW=$bad exits 1" 1 $?
    eq "VIGIL_NOW=$bad is named" \
        "vigil: VIGIL_NOW '$bad' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)" \
        "$(cat "$T/e")"
done
VIGIL_NOW=2026-02-28 S list >/dev/null
eq "a valid VIGIL_NOW runs" 0 $?
finish
