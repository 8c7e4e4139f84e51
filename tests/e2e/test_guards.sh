#!/bin/sh
# test_guards.sh - what protects data and terminals: no database made up
# by a typo, inventories cut short refused, control bytes and formulas
# kept off terminals and spreadsheets, EPSS files kept whole, special
# files not read, dates checked.
. "$VIGIL_SRC/tests/e2e/lib.sh"

"$VIGIL" --db "$T/typo.db" list >/dev/null 2>"$T/e"
eq "a read command on a missing database exits 1" 1 $?
[ ! -e "$T/typo.db" ] && ok "and creates no database" \
    || nok "and creates no database"

# nor a setting given twice in vigil.conf, in one section or two
printf '[system "web"]\nowner = a\n[system "db"]\n[system "web"]\nowner = b\n' \
    >"$T/twice.conf"
"$VIGIL" config show --config "$T/twice.conf" >/dev/null 2>"$T/e"
eq "an owner set twice for one system is an error" 1 $?
grep -q "twice.conf:5: 'owner' is set twice for \[system \"web\"\]" "$T/e" &&
    ok "naming the line" || nok "naming the line: $(cat "$T/e")"
printf '[vigil]\ndatabase = a.db\ndatabase = b.db\n' >"$T/twice.conf"
"$VIGIL" config show --config "$T/twice.conf" >/dev/null 2>&1
eq "so is a [vigil] setting given twice" 1 $?

# a global option given twice: the second would silently win
"$VIGIL" --db "$T/a.db" --db "$T/b.db" list >/dev/null 2>"$T/e"
eq "--db given twice is a usage error" 2 $?
"$VIGIL" --as alice list --as bob >/dev/null 2>"$T/e"
eq "--as before and after the command too" 2 $?
grep -q "option '--as' is given twice" "$T/e" && ok "saying so" ||
    nok "saying so: $(cat "$T/e")"

# an inventory cut inside a line, or shrunk to a fraction, is refused
"$VIGIL" system add h --distro bookworm --env Prod >/dev/null
eq "bookworm is Debian 12" debian-12 \
    "$("$VIGIL" system list --json | /usr/bin/python3 -c \
       'import json,sys; print(json.load(sys.stdin)[0]["distro"])')"

# an update lists its systems comma-separated: no comma in a name
"$VIGIL" system add "web,db" >/dev/null 2>"$T/e"
eq "a system name with a comma is a usage error" 2 $?
grep -q "cannot contain a comma" "$T/e" && ok "and the error says why" \
    || nok "and the error says why: $(cat "$T/e")"
for bad in " web" "web " "$(printf 'web\nx')" "$(printf 'web\302\240')"; do
    "$VIGIL" system add "$bad" >/dev/null 2>"$T/e"
    eq "a system name padded or on two lines is a usage error" 2 $?
done
grep -q "a system name cannot begin or end with white space" "$T/e" &&
    ok "saying why" || nok "saying why: $(cat "$T/e")"
printf '[system "web,db"]\nowner = ops\n' >"$T/comma.conf"
"$VIGIL" config show --config "$T/comma.conf" >/dev/null 2>"$T/e"
eq "so is a [system] section with one" 1 $?
grep -q "'web,db' cannot contain a comma" "$T/e" && ok "naming it" \
    || nok "naming it: $(cat "$T/e")"
sqlite3 "$VIGIL_DB" "INSERT INTO system(name, created) VALUES \
    ('old,name', '2026-01-01T00:00:00Z')"
"$VIGIL" system list >/dev/null 2>"$T/e"
grep -q "system 'old,name' has a comma" "$T/e" \
    && ok "a name stored before the rule is listed with a warning" \
    || nok "a name stored before the rule is listed with a warning"
sqlite3 "$VIGIL_DB" "DELETE FROM system WHERE name = 'old,name'"

# an owner becomes the assignee of the system's updates: the names people
# filter by are neither blank nor padded, Unicode white space included
nbsp=$(printf 'bob\302\240') ideo=$(printf '\343\200\200')
zwsp=$(printf '\342\200\213') tab=$(printf 'tab\there')
for o in ' padded' 'padded ' "$tab" '' "$nbsp" "$ideo" "$zwsp"; do
    "$VIGIL" system add x --owner "$o" >/dev/null 2>"$T/e"
    eq "--owner '$o' is a usage error" 2 $?
done
grep -q "an owner cannot be empty or blank" "$T/e" &&
    ok "and the error says why" || nok "and the error says why: $(cat "$T/e")"
"$VIGIL" system add x --owner 'web team' >/dev/null
# the fields of system x, space-separated
sys_x() {
    "$VIGIL" system list --json | /usr/bin/python3 -c 'import json,sys
s = [y for y in json.load(sys.stdin) if y["name"] == "x"][0]
print(s["name"], s["owner"], s["env"])'
}
eq "an owner with a space inside is taken" "x web team None" "$(sys_x)"
printf '[system "y"]\nowner = %s\n' "$nbsp" >"$T/owner.conf"
"$VIGIL" config show --config "$T/owner.conf" >/dev/null 2>"$T/e"
eq "so is a padded owner in [system]" 1 $?
grep -q "owner.conf:2: an owner cannot begin or end" "$T/e" &&
    ok "naming the line" || nok "naming the line: $(cat "$T/e")"
printf '[owner " ops"]\nenv = prod\n' >"$T/owner.conf"
"$VIGIL" config show --config "$T/owner.conf" >/dev/null 2>"$T/e"
eq "and a padded [owner] name" 1 $?
sqlite3 "$VIGIL_DB" "UPDATE system SET owner = ' old' WHERE name = 'x'"
"$VIGIL" system add x --env staging >/dev/null 2>"$T/e"
eq "a system stored with a padded owner still changes" 0 $?
eq "and lists" "x  old staging" "$(sys_x)"
sqlite3 "$VIGIL_DB" "DELETE FROM system WHERE name = 'x'"

# who acts is written into every history: the same rule
for a in ' x' 'x ' "$nbsp" "$zwsp"; do
    "$VIGIL" --as "$a" system list >/dev/null 2>"$T/e"
    eq "--as '$a' is a usage error" 2 $?
done
grep -q "the acting user cannot be empty or blank" "$T/e" &&
    ok "and the error says why" || nok "and the error says why: $(cat "$T/e")"
"$VIGIL" system list --as ' x' >/dev/null 2>&1
eq "after the command too" 2 $?
"$VIGIL" --as 'Jo Smith' system list >/dev/null
eq "a name with a space inside acts" 0 $?
st="$VIGIL_SRC/examples/inventory/web-01.status"
"$VIGIL" inventory import h "$st" >/dev/null
n0=$("$VIGIL" inventory list h | wc -l)
head -c 2000 "$st" >"$T/cut.status"
"$VIGIL" inventory import h "$T/cut.status" --label web-01.status \
    >/dev/null 2>"$T/e"
eq "a dpkg file cut inside a line is refused" 1 $?
grep -q "cut short" "$T/e" && ok "and the error says so" \
    || nok "and the error says so: $(cat "$T/e")"
awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 3' "$st" >"$T/small.status"
"$VIGIL" inventory import h "$T/small.status" --label web-01.status \
    >/dev/null 2>"$T/e"
eq "an inventory shrunk from $n0 to 3 is refused" 1 $?
eq "nothing changed" "$n0" "$("$VIGIL" inventory list h | wc -l)"
"$VIGIL" inventory import h "$T/small.status" --label web-01.status \
    --force >/dev/null 2>&1
eq "--force imports it" 3 "$("$VIGIL" inventory list h | wc -l)"

# control bytes and formulas from an advisory
"$VIGIL" system add app --env production >/dev/null
"$VIGIL" inventory import app "$FIX/cyclonedx/ok_test_app.json" >/dev/null
"$VIGIL" import "$FIX/osv/synthetic_control_bytes.json" >/dev/null
"$VIGIL" match >/dev/null
"$VIGIL" show CVE-2099-0002 >"$T/show" 2>&1
id=$("$VIGIL" show CVE-2099-0002 --json | /usr/bin/python3 -c \
    'import json,sys; print(json.load(sys.stdin)["update"])')
"$VIGIL" show "$id" >>"$T/show" 2>&1
"$VIGIL" report weekly >>"$T/show" 2>&1
"$VIGIL" list >>"$T/show" 2>&1
if LC_ALL=C grep -q "$(printf '\033')" "$T/show" || \
   LC_ALL=C grep -q "$(printf '\r')" "$T/show"; then
    nok "no escape or carriage return reaches the terminal"
else
    ok "no escape or carriage return reaches the terminal"
fi
"$VIGIL" list --csv | grep -q "^VU-[0-9]*,CVE-2099-0002,no,\"'=HYPERLINK" \
    && ok "a formula-like CSV cell is defused" \
    || nok "a formula-like CSV cell is defused"
"$VIGIL" explain "$id" --json >"$T/x.json"
eq "env 'production' counts as production" True \
    "$(json "j['inputs']['production']" "$T/x.json")"

# an EPSS file with one bad row changes nothing
printf '#model_version:v1,score_date:2026-01-01T00:00:00Z\ncve,epss,percentile\nCVE-2099-0002,0.5,0.9\nCVE-2099-0003,1.5,0.9\n' \
    >"$T/bad.csv"
"$VIGIL" import "$T/bad.csv" >"$T/o" 2>"$T/e"
eq "a bad EPSS file exits 1" 1 $?
eq "and stores none of its rows" None \
    "$("$VIGIL" show CVE-2099-0002 --json | /usr/bin/python3 -c \
       'import json,sys; e=json.load(sys.stdin)["epss"]; print(e[0] if e else None)')"

# special files are not read
mkdir "$T/feeds" && mkfifo "$T/feeds/pipe"
timeout 20 "$VIGIL" import "$T/feeds" >/dev/null 2>"$T/e"
eq "a FIFO in a folder is reported, not read" 1 $?
grep -q "not a regular file" "$T/e" && ok "with a clear line" \
    || nok "with a clear line: $(cat "$T/e")"

# bytes that are not UTF-8 never break a JSON document
printf '{"id": "GO-2099-0001", "modified": "2026-01-01T00:00:00Z", "summary": "bad \377 byte", "affected": []}' \
    >"$T/bad8.json"
"$VIGIL" import "$T/bad8.json" >/dev/null 2>&1
"$VIGIL" show GO-2099-0001 --json | /usr/bin/python3 -m json.tool \
    >/dev/null 2>&1 && ok "invalid UTF-8 in a record still gives valid JSON" \
    || nok "invalid UTF-8 in a record still gives valid JSON"
eq "a new database is readable by its owner only" "600" \
    "$(stat -c %a "$VIGIL_DB")"

# dates
"$VIGIL" accept-risk "$id" --until 2027-02-30 --reason x >/dev/null 2>&1
eq "February 30th is not a date" 2 $?
"$VIGIL" accept-risk "$id" --reason x >/dev/null 2>&1
eq "accept-risk without --until is a usage error" 2 $?
"$VIGIL" accept-risk "$id" --until 9999-12-31 --reason x >/dev/null 2>&1
eq "a risk acceptance for ever is refused" 1 $?
finish
