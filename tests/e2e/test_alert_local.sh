#!/bin/sh
# test_alert_local.sh - file: and exec: targets, rate limits and
# digests through the CLI, vigil rule test, refused rules, and the
# events that status changes write.
. "$VIGIL_SRC/tests/e2e/lib.sh"

V() { "$VIGIL" "$@"; }
PAT="$FIX/alert/ok_new_advisories.json"

# --- file: one JSON line per message, appended ---
check "a file: rule" V rule add to-file --pattern "$PAT" \
    --target "file:$T/alerts.jsonl"
check "an exec: rule" V rule add to-prog --pattern "$PAT" \
    --target "exec:$T/hook.sh"
cat >"$T/hook.sh" <<SH
#!/bin/sh
# reads the message, keeps it with the variables vigil sets
cat >>"$T/prog.jsonl"
echo "\$VIGIL_RULE \$VIGIL_IDEMPOTENCY_KEY \$VIGIL_EVENTS" >>"$T/prog.env"
SH
chmod +x "$T/hook.sh"
check "import five KEV entries" V import "$FIX/alert/ok_kev_five.json"
check "flush" V alerts flush
eq "five lines in the file" 5 "$(wc -l <"$T/alerts.jsonl" | tr -d ' ')"
eq "each line is an event of the rule" "1 2 3 4 5" \
    "$(/usr/bin/python3 -c 'import json, sys
print(" ".join(str(json.loads(l)["id"]) for l in open(sys.argv[1])
               if json.loads(l)["rule"] == "to-file"))' "$T/alerts.jsonl")"
eq "the program got each event on standard input" 5 \
    "$(wc -l <"$T/prog.jsonl" | tr -d ' ')"
eq "and the variables" "to-prog 3 3" "$(sed -n 3p "$T/prog.env")"
check "a second import of the same file" V import "$FIX/alert/ok_kev_five.json"
check "flush again" V alerts flush
eq "unchanged advisories send nothing" 5 \
    "$(wc -l <"$T/alerts.jsonl" | tr -d ' ')"

# --- the classic rule: imported findings of severity 4.0 to 8.9 ---
export VIGIL_DB="$T/asff.db"
V rule add mid --pattern "$FIX/alert/ok_severity_4_to_8_9.json" \
    --target "file:$T/mid.jsonl" >/dev/null
check "import ASFF findings of seven severities" \
    V import "$FIX/alert/synthetic_asff_severities.json"
V alerts flush >/dev/null
eq "exactly 4.0, 5.5 and 8.9 are delivered" \
    "severity 4.0 severity 5.5 severity 8.9" \
    "$(/usr/bin/python3 -c 'import json, sys
print(" ".join(json.loads(l)["detail"]["title"].split(", ")[1]
               for l in open(sys.argv[1])))
' "$T/mid.jsonl")"

# --- exec: a failing program is retried, its stderr kept ---
export VIGIL_DB="$T/fail.db"
printf '#!/bin/sh\necho "receiver full" >&2\nexit 3\n' >"$T/fail.sh"
chmod +x "$T/fail.sh"
V rule add failing --pattern "$PAT" --target "exec:$T/fail.sh" >/dev/null
V import "$FIX/kev/ok_small.json" >/dev/null
V alerts flush >/dev/null 2>&1
V alerts --json >"$T/f.json"
eq "a non-zero exit is a failure with its message" \
    "1 exec: '$T/fail.sh' exited with 3: receiver full" \
    "$(json "str(j[0]['attempts']) + ' ' + j[0]['last_error']" "$T/f.json")"

# --- rate limit: 5 events, at most 2 a hour: 2 messages, 1 summary ---
export VIGIL_DB="$T/rate.db"
V rule add limited --pattern "$PAT" --target "file:$T/rate.jsonl" \
    --max-per-hour 2 >/dev/null
V import "$FIX/alert/ok_kev_five.json" >/dev/null
V alerts --json >"$T/r.json"
eq "two messages and one summary of three" "event:1 event:1 summary:3" \
    "$(json "' '.join('%s:%d' % (r['kind'], r['events']) for r in j)" \
       "$T/r.json")"
V rule test limited >"$T/test.txt"
grep -q "^3 messages would have been sent; nothing was delivered" \
    "$T/test.txt" && ok "rule test shows the same three messages" \
    || nok "rule test shows the same three messages: $(tail -n 2 \
        "$T/test.txt")"
V rule test limited --json >"$T/test.json"
eq "rule test --json: the summary names its events" "[3, 4, 5]" \
    "$(json "j[2]['event_ids']" "$T/test.json")"
V alerts flush >/dev/null
eq "the summary waits for the end of the hour" 2 \
    "$(wc -l <"$T/rate.jsonl" | tr -d ' ')"
VIGIL_NOW=$(date -u -d '+1 hour' +%Y-%m-%dT%H:00:01Z) V alerts flush \
    >/dev/null
eq "then it is sent" "summary 3" "$(tail -n 1 "$T/rate.jsonl" | \
    json "j['kind'] + ' ' + str(j['count'])" /dev/stdin)"
check "rule test --since the future finds nothing" \
    V rule test limited --since 2999-01-01
grep -q "^0 messages" "$T/out" && ok "nothing from the future" \
    || nok "nothing from the future"

# --- refused rules ---
V rule add bad --pattern "$FIX/alert/bad_numeric_string.json" \
    --target "file:$T/x" >/dev/null 2>"$T/e1"
eq "a bad pattern is refused" 1 $?
grep -q 'numeric' "$T/e1" && ok "the error names the operator" \
    || nok "the error names the operator: $(cat "$T/e1")"
V rule add bad --pattern "$PAT" --target "smtp://h/?to=a@b.c" \
    --secret x >/dev/null 2>&1
eq "a secret on a mail target is refused" 1 $?
V rule add bad --pattern "$PAT" --target "gopher://h/" >/dev/null 2>&1
eq "an unknown scheme is refused" 1 $?
V rule add limited --pattern "$PAT" --target "file:$T/x" >/dev/null 2>&1
eq "a second rule of the same name is refused" 1 $?
V rule add bad --pattern "$PAT" >/dev/null 2>&1
eq "a rule without a target is a usage error" 2 $?
check "rule remove" V rule remove limited
V rule remove limited >/dev/null 2>&1
eq "removing it again fails" 1 $?
eq "its undelivered messages went with it" 0 \
    "$(V alerts --json | json 'len(j)' /dev/stdin)"

# --- every option of --help is in the man page ---
missing=""
for c in rule alerts; do
    for o in $(V $c --help | grep -o -- '--[a-z-]*' | sort -u); do
        grep -q -- "Fl ${o#-}" "$VIGIL_SRC/docs/vigil.1" \
            || missing="$missing $c:$o"
    done
done
eq "the man page names every option of rule and alerts" "" "$missing"
finish
