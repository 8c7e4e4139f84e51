#!/bin/sh
# test_reports.sh - weekly, monthly and quarterly reports from a fixed
# database (report_oracle.py writes a known timeline of 120 updates),
# each figure checked against what the oracle computes from the raw
# rows; every format shows the same numbers; hostile advisory text
# stays inert; the daemon writes each period once and mails it.
. "$VIGIL_SRC/tests/e2e/lib.sh"

PY=/usr/bin/python3
ORACLE="$VIGIL_SRC/tests/e2e/report_oracle.py"
export VIGIL_NOW=2027-01-05T10:00:00Z
V() { "$VIGIL" --db "$T/r.db" "$@"; }

V status >/dev/null 2>&1 || V system add seed >/dev/null 2>&1
$PY -c "import sqlite3; sqlite3.connect('$T/r.db').execute(
    \"DELETE FROM system WHERE name = 'seed'\").connection.commit()"
$PY "$ORACLE" build "$T/r.db" || { nok "fixture built"; exit 1; }

# default periods: the last complete ones before 2027-01-05
for k in weekly monthly quarterly; do
    check "$k json" V report $k --format json --out "$T/$k.json"
done
eq "weekly period is ISO week 53 of 2026" "2026-W53 2026-12-28 2027-01-04" \
    "$(json "j['period'] + ' ' + j['from'] + ' ' + j['to']" "$T/weekly.json")"
eq "monthly period" "2026-12 2026-12-01 2027-01-01" \
    "$(json "j['period'] + ' ' + j['from'] + ' ' + j['to']" "$T/monthly.json")"
eq "quarterly period" "2026-Q4 2026-10-01 2027-01-01" \
    "$(json "j['period'] + ' ' + j['from'] + ' ' + j['to']" \
       "$T/quarterly.json")"

# figures against the oracle, for default and explicit periods
for k in weekly monthly quarterly; do
    $PY "$ORACLE" check "$T/r.db" "$T/$k.json" || failures=$((failures + 1))
done
V report weekly --from 2026-09-07 --to 2026-09-14 --json >"$T/w2.json"
$PY "$ORACLE" check "$T/r.db" "$T/w2.json" || failures=$((failures + 1))
V report monthly --from 2026-09-01 --to 2026-10-01 --json >"$T/m2.json"
$PY "$ORACLE" check "$T/r.db" "$T/m2.json" || failures=$((failures + 1))
# periods still running on 2027-01-05: states and overdue on that day
V report weekly --from 2027-01-04 --json >"$T/w3.json"
$PY "$ORACLE" check "$T/r.db" "$T/w3.json" || failures=$((failures + 1))
V report monthly --from 2026-12-15 --json >"$T/m3.json"
$PY "$ORACLE" check "$T/r.db" "$T/m3.json" || failures=$((failures + 1))
V report quarterly --from 2026-11-01 --json >"$T/q3.json"
$PY "$ORACLE" check "$T/r.db" "$T/q3.json" || failures=$((failures + 1))
eq "a running quarter trends only the weeks begun" 10 \
    "$(json "len(j['weeks'])" "$T/q3.json")"

# the other formats show the same numbers as the JSON
for k in weekly monthly quarterly; do
    for f in md html csv; do
        check "$k $f" V report $k --format $f --out "$T/$k.$f"
    done
done
csv_sla=$($PY - "$T/monthly.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
i = rows.index(["by_priority"])
head = rows[i + 1]
print([r[head.index("sla_pct")] for r in rows[i + 2:i + 7]])
EOF
)
eq "CSV SLA % agree with JSON" \
    "$(json "[('%g' % r['sla_pct']) if r['sla_pct'] is not None else '' \
for r in j['by_priority']]" "$T/monthly.json")" "$csv_sla"
md_line=$(grep '^| All |' "$T/monthly.md")
want=$(json "'| All | %d (%+d) |' % (j['by_priority'][4]['remediated'], \
j['by_priority'][4]['remediated_delta'])" "$T/monthly.json" | sed 's/(+0)/(0)/')
case "$md_line" in "$want"*) ok "Markdown All row agrees with JSON";;
    *) nok "Markdown All row: '$md_line' does not start '$want'";; esac
grep -q "^- Opened: $(json "j['summary']['opened']" "$T/quarterly.json") " \
    "$T/quarterly.md" && ok "Markdown quarterly summary agrees" \
    || nok "Markdown quarterly summary agrees"
grep -q ">$(json "j['summary']['open']" "$T/monthly.json") (" \
    "$T/monthly.html" && ok "HTML open count agrees" \
    || nok "HTML open count agrees"

# HTML: self-contained, charts with titles, no script, nothing fetched
for k in weekly monthly quarterly; do
    if grep -qiE '<script|src=|href=|url\(|@import|<link' \
        "$T/$k.html"; then
        nok "$k HTML has no script or external reference: \
$(grep -oiE '.{20}(<script|src=|href=|url\(|@import|<link).{20}' \
  "$T/$k.html" | head -n 2)"
    else
        ok "$k HTML has no script or external reference"
    fi
done
grep -q '<svg class="chart" role="img"' "$T/quarterly.html" \
    && ok "quarterly HTML has an inline SVG chart" \
    || nok "quarterly HTML has an inline SVG chart"
grep -q '<title>Weekly trend</title>' "$T/quarterly.html" \
    && ok "the trend chart has a title" || nok "the trend chart has a title"
V report weekly --from 2026-06-01 --to 2026-12-31 --format html \
    >"$T/wide.html"
V report weekly --from 2026-06-01 --to 2026-12-31 --format md \
    >"$T/wide.md"
V report weekly --from 2026-06-01 --to 2026-12-31 --format csv \
    >"$T/wide.csv"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/wide.html" \
    && ok "hostile title escaped in HTML" || nok "hostile title escaped in HTML"
grep -qi '<script' "$T/wide.html" && nok "no script tag from advisory text" \
    || ok "no script tag from advisory text"
grep -q '&lt;script&gt;' "$T/wide.md" && grep -qF '\[l\](http' "$T/wide.md" \
    && ok "hostile title inert in Markdown" \
    || nok "hostile title inert in Markdown"
grep -q ",\"'-cmd| advisory 9\"," "$T/wide.csv" \
    && ok "CSV cell starting with - is neutralised" \
    || nok "CSV cell starting with - is neutralised: \
$(grep 'advisory 9' "$T/wide.csv" | head -n 1)"

# usage errors
V report yearly >/dev/null 2>&1
eq "unknown kind exits 2" 2 $?
V report weekly --from 2026-11-02 --from 2026-11-09 >/dev/null 2>"$T/e"
eq "--from given twice is a usage error" 2 $?
grep -q "option '--from' is given twice" "$T/e" && ok "saying so" ||
    nok "saying so: $(cat "$T/e")"
V report weekly --format pdf >/dev/null 2>&1
eq "unknown format exits 2" 2 $?
V report weekly --from 2026-02-30 --to 2026-03-05 >/dev/null 2>"$T/e"
eq "invalid date exits 2" 2 $?
grep -q "invalid date '2026-02-30'" "$T/e" && ok "the error names the date" \
    || nok "the error names the date: $(cat "$T/e")"
V report weekly --from 2026-1-1 >/dev/null 2>"$T/e"
eq "badly formatted date exits 2" 2 $?
grep -q "invalid date '2026-1-1'" "$T/e" && ok "the same error for 2026-1-1" \
    || nok "the same error for 2026-1-1: $(cat "$T/e")"
V report weekly --from 2027-01-11 --to 2027-01-18 >/dev/null 2>"$T/e"
eq "a period that starts after today exits 2" 2 $?
grep -q "starts after today" "$T/e" && ok "the error says it is future" \
    || nok "the error says it is future: $(cat "$T/e")"

# one of --from and --to: the other is the kind's length away
for c in "weekly --from 2026-12-01:2026-12-01 2026-12-08" \
         "monthly --from 2026-11-15:2026-11-15 2026-12-15" \
         "quarterly --from 2026-07-01:2026-07-01 2026-10-01" \
         "monthly --to 2026-12-01:2026-11-01 2026-12-01" \
         "weekly --to 2026-12-08:2026-12-01 2026-12-08"; do
    V report ${c%%:*} --json >"$T/p.json" 2>"$T/e"
    eq "report ${c%%:*}" "${c#*:}" \
        "$(json "j['from'] + ' ' + j['to']" "$T/p.json" 2>/dev/null)"
done

# a period still running: as of today, and no acceptance that ends
# after today is "expired"
V report quarterly --from 2027-01-01 --json >"$T/run.json"
eq "a running quarter is as of today" "2027-01-05 2027-04-01" \
    "$(json "j['as_of'] + ' ' + j['to']" "$T/run.json")"
eq "no risk accepted past today is expired" 0 \
    "$(json "sum(1 for r in j['accepted'] if r['flag'] == 'expired' and \
r['until'] > j['as_of'])" "$T/run.json")"
$PY "$ORACLE" check "$T/r.db" "$T/run.json" || failures=$((failures + 1))

# a row new in this period (June 2026: the first updates) shows its
# change from zero
V report monthly --from 2026-06-01 --json >"$T/first.json"
eq "rows absent from the previous period get a delta" "True" \
    "$(json "all(r['open_delta'] == r['open'] and r['open_prev'] == 0 \
for r in j['by_team'] + j['by_system']) and len(j['by_team']) > 0" \
       "$T/first.json")"
V report monthly --from 2026-06-01 >"$T/first.md"
grep -qE '^\| team-a \| [0-9]+ \(\+[0-9]+\) \|' "$T/first.md" \
    && ok "Markdown shows the change of a new row" \
    || nok "Markdown shows the change of a new row: \
$(grep '^| team-a' "$T/first.md")"

# past states come from the history vigil writes: an update closed in
# one week and reopened in the next is closed at the end of the first
# and open at the end of the second
cd "$VIGIL_SRC/examples" || exit 1
W() { "$VIGIL" --db "$T/wf.db" "$@"; }
VIGIL_NOW=2026-11-02T10:00:00Z W run --config vigil.conf >/dev/null 2>&1
vu=$(W show CVE-2023-4863 --json | json "j['update']" /dev/stdin)
VIGIL_NOW=2026-11-04T10:00:00Z W close "$vu" --reason fixed >/dev/null
VIGIL_NOW=2026-11-11T10:00:00Z W reopen "$vu" --reason "came back" \
    >/dev/null
cd "$T" || exit 1
W report weekly --from 2026-11-02 --json >"$T/wf1.json"
W report weekly --from 2026-11-09 --json >"$T/wf2.json"
eq "$vu closed in its first week" "True" \
    "$(json "'$vu' in [r['id'] for r in j['closed_updates']]" "$T/wf1.json")"
eq "the only one closed that week" 1 \
    "$(json "j['summary']['closed_updates']" "$T/wf1.json")"
eq "one more open at the second week's end than the first" 1 \
    "$(($(json "j['summary']['open']" "$T/wf2.json") - \
        $(json "j['summary']['open']" "$T/wf1.json")))"
eq "nothing closed in the second week" 0 \
    "$(json "j['summary']['closed_updates']" "$T/wf2.json")"

# the report never replaces a database
cp "$T/r.db" "$T/copy.db"
V report weekly --out "$T/r.db" >/dev/null 2>"$T/e"
eq "--out the database in use exits 1" 1 $?
grep -q "SQLite database" "$T/e" && ok "the error says why" \
    || nok "the error says why: $(cat "$T/e")"
cmp -s "$T/r.db" "$T/copy.db" && ok "the database is untouched" \
    || nok "the database is untouched"
ln "$T/r.db" "$T/hard.link"
V report weekly --out "$T/hard.link" >/dev/null 2>&1
eq "--out a hard link to the database exits 1" 1 $?
V report weekly --out "$T/copy.db" >/dev/null 2>&1
eq "--out another SQLite file exits 1" 1 $?
eq "the other SQLite file is untouched" "SQLite format 3" \
    "$(head -c 15 "$T/copy.db")"

# nor a pipe, device or folder (renaming over /dev/null would make it a
# plain file); a symbolic link is written through and kept
mkfifo "$T/pipe"
V report weekly --out "$T/pipe" >/dev/null 2>"$T/e"
eq "--out a FIFO exits 1" 1 $?
grep -q "not a regular file" "$T/e" && ok "the error says why" \
    || nok "the error says why: $(cat "$T/e")"
[ -p "$T/pipe" ] && ok "the FIFO is still a FIFO" || nok "the FIFO is kept"
mkdir "$T/folder"
V report weekly --out "$T/folder" >/dev/null 2>&1
eq "--out a folder exits 1" 1 $?
echo old >"$T/kept.md"
ln -s kept.md "$T/link.md"
check "--out a symbolic link" V report weekly --out "$T/link.md"
[ -L "$T/link.md" ] && ok "the link stays a link" || nok "the link stays"
grep -q "^# " "$T/kept.md" && ok "and the file it names has the report" \
    || nok "and the file it names has the report"
chmod 600 "$T/kept.md"
check "again through the link" V report weekly --out "$T/link.md"
eq "a report someone made private stays private" 600 \
    "$(stat -c %a "$T/kept.md")"
ln -s missing.md "$T/dangling.md"
V report weekly --out "$T/dangling.md" >/dev/null 2>"$T/e"
eq "--out a link to nothing exits 1" 1 $?

# nor the files SQLite keeps beside a database, present or not
printf 'wal frames' >"$T/r.db-wal"
for sfx in -wal -shm -journal; do
    V report weekly --out "$T/r.db$sfx" >/dev/null 2>"$T/e"
    eq "--out the database's $sfx file exits 1" 1 $?
    V report weekly --out "$T/copy.db$sfx" >/dev/null 2>&1
    eq "--out another database's $sfx file exits 1" 1 $?
done
grep -q -- "-wal, -shm or -journal" "$T/e" && ok "the sidecar error says why" \
    || nok "the sidecar error says why: $(cat "$T/e")"
eq "the database's WAL is untouched" "wal frames" "$(cat "$T/r.db-wal")"
[ ! -e "$T/copy.db-shm" ] && ok "no -shm file written" \
    || nok "no -shm file written"
V report weekly --out "$T/notes-wal" >/dev/null 2>&1
eq "a name ending in -wal without a database beside it is fine" 0 $?
rm -f "$T/r.db-wal"

finish
