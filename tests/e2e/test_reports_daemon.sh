#!/bin/sh
# test_reports_daemon.sh - scheduled reports: vigil daemon --once under
# a fake clock writes each complete period once, in every format, named
# KIND-PERIOD.EXT; a second round (a restart) repeats nothing; a later
# clock writes the period it missed; the first format is mailed through
# a real SMTP server (aiosmtpd on 127.0.0.1).
. "$VIGIL_SRC/tests/e2e/lib.sh"
. "$VIGIL_SRC/tests/e2e/smtp_lib.sh"

mkdir "$T/out"
cat >"$T/vigil.conf" <<EOF
[report]
folder = out
kinds = weekly, monthly
formats = html, md, csv
mail = smtp://127.0.0.1:$port/?to=sec@example.org&from=vigil@example.org
EOF
V() { "$VIGIL" --db "$T/d.db" --config "$T/vigil.conf" "$@"; }
V system add web-01 >/dev/null

umask 022
VIGIL_NOW=2027-01-05T10:00:00Z V daemon --once >/dev/null 2>"$T/err1"
eq "first round exits 0" 0 $?
eq "the first round writes the last complete week and month" \
    "monthly-2026-12.csv monthly-2026-12.html monthly-2026-12.md \
weekly-2026-W53.csv weekly-2026-W53.html weekly-2026-W53.md" \
    "$(ls "$T/out" | tr '\n' ' ' | sed 's/ $//')"
grep -q '<title>Weekly security summary 2026-W53</title>' \
    "$T/out/weekly-2026-W53.html" && ok "the weekly HTML names its week" \
    || nok "the weekly HTML names its week"
eq "two mails, one per report" 2 "$(ls "$T/mail" | grep -c '\.eml$')"
grep -l 'Subject: Weekly security summary 2026-W53' "$T"/mail/*.eml \
    >/dev/null && ok "the weekly mail names the week" \
    || nok "the weekly mail names the week"
grep -q 'Content-Type: text/html' "$T/mail/0001.eml" \
    && ok "the first format (html) is mailed" \
    || nok "the first format (html) is mailed"
eq "report_run records both" "monthly 2026-12
weekly 2026-W53" "$($PY -c "import sqlite3
for r in sqlite3.connect('$T/d.db').execute(
    'SELECT kind, period FROM report_run ORDER BY kind'): print(*r)")"
eq "report_run stores an absolute path" \
    "$(cd "$T/out" && pwd -P)/weekly-2026-W53.html" "$($PY -c "import sqlite3
print(sqlite3.connect('$T/d.db').execute(
    \"SELECT path FROM report_run WHERE kind = 'weekly'\").fetchone()[0])")"
eq "report files get 0666 less the umask (022)" "644" \
    "$(stat -c %a "$T/out/weekly-2026-W53.md")"

# a restart in the same week repeats nothing
touch -d '2020-01-01' "$T"/out/*
VIGIL_NOW=2027-01-06T10:00:00Z V daemon --once >/dev/null 2>"$T/err2"
eq "second round exits 0" 0 $?
eq "nothing rewritten" 0 "$(find "$T/out" -type f -newermt 2021-01-01 | wc -l)"
eq "no new mail" 2 "$(ls "$T/mail" | grep -c '\.eml$')"

# two weeks later: both missed weeks come, oldest first; no month yet
VIGIL_NOW=2027-01-19T10:00:00Z V daemon --once >/dev/null 2>"$T/err3"
eq "the missed weeks are written" "weekly-2027-W01.html weekly-2027-W02.html" \
    "$(ls "$T/out" | grep -E 'W0[12]\.html' | tr '\n' ' ' | sed 's/ $//')"
eq "a mail for each" 4 "$(ls "$T/mail" | grep -c '\.eml$')"
eq "no monthly report twice" 3 "$(ls "$T/out" | grep -c '^monthly')"

# a mail target that refuses: the period is not recorded, tried again
kill $smtpd
wait $smtpd 2>/dev/null
VIGIL_NOW=2027-01-26T10:00:00Z V daemon --once >/dev/null 2>"$T/err4"
eq "--once exits 1 when a scheduled report failed" 1 $?
eq "every format is written before the mail fails" \
    "weekly-2027-W03.csv weekly-2027-W03.html weekly-2027-W03.md" \
    "$(ls "$T/out" | grep W03 | tr '\n' ' ' | sed 's/ $//')"
grep -q "cannot mail the weekly report '2027-W03'" "$T/err4" \
    && ok "a failed mail is reported" \
    || nok "a failed mail is reported: $(cat "$T/err4")"
eq "the period is left for the next round" 0 "$($PY -c "import sqlite3
print(sqlite3.connect('$T/d.db').execute(
    \"SELECT count(*) FROM report_run WHERE period = '2027-W03'\"
).fetchone()[0])")"

# [report] is checked when vigil.conf is read, not when the daemon runs
bad() {
    printf '[report]\n%s\n' "$2" >"$T/bad.conf"
    "$VIGIL" --db "$T/d.db" --config "$T/bad.conf" config show \
        >/dev/null 2>"$T/bad.err"
    eq "config show refuses $1 (exit 1)" 1 $?
    grep -q "$3" "$T/bad.err" && ok "the error says $3" \
        || nok "the error says $3: $(cat "$T/bad.err")"
}
bad "an http mail" "mail = http://127.0.0.1:9/x" "smtp:// or smtps://"
bad "an unknown kind" "kinds = weekly, yearly" "unknown report kind 'yearly'"
bad "an unknown format" "formats = html, pdf" "unknown report format 'pdf'"
bad "a missing folder" "folder = nowhere" "folder .*nowhere.* not an existing"
printf '[report]\nfolder = out\n' >"$T/good.conf"
"$VIGIL" --db "$T/d.db" --config "$T/good.conf" config show >/dev/null 2>&1
eq "config show accepts a folder that exists" 0 $?
"$VIGIL" --db "$T/d.db" --config "$T/bad.conf" daemon --once \
    >/dev/null 2>&1
eq "the daemon with a missing folder exits 1" 1 $?
"$VIGIL" daemon --help | grep -q "scheduled reports" \
    && ok "daemon --help mentions reports" \
    || nok "daemon --help mentions reports"

finish
