#!/bin/sh
# test_alert_webhook.sh - webhooks to a real HTTP receiver on 127.0.0.1
# that checks the HMAC signature: delivery, 500 answers and a receiver
# that is down then up (alerts arrive after retries), the dead-letter
# state and retry, kill -9 during delivery (nothing lost), and two
# flushes at once (nothing sent twice).
. "$VIGIL_SRC/tests/e2e/lib.sh"

PY=/usr/bin/python3
RECV="$VIGIL_SRC/tests/e2e/alert_webhook.py"
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
free_port() {
    $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0));
print(s.getsockname()[1])'
}
# receiver DIR PORT ARGS...: starts one and waits until it listens
receiver() {
    d=$1 p=$2; shift 2
    $PY "$RECV" --port "$p" --out "$d" --lifetime 100 "$@" \
        2>"$d.err" &
    pids="$pids $!"
    i=0
    until [ -f "$d/ready" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
}
keys() { sort -n "$1/keys" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }
V() { "$VIGIL" "$@"; }
# the clock, moved forward by hand so that retries fall due
at() { day=$1; shift; VIGIL_NOW="2026-12-0${day}T12:00:00Z" "$VIGIL" "$@"; }

# --- delivery with a signature; the first two answers are 500 ---
p1=$(free_port)
receiver "$T/r1" "$p1" --secret 'k3y!' --fail 2
at 1 rule add hook --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "http://127.0.0.1:$p1/hook?x=1" --secret 'k3y!' >/dev/null
at 1 import "$FIX/kev/ok_small.json" >/dev/null
at 1 alerts flush >"$T/f1" 2>"$T/e1"
eq "two 500 answers: both deliveries fail for now" \
    "sent 0, failed 2 (will be retried), dead-lettered 0" "$(cat "$T/f1")"
at 1 alerts flush >"$T/f1b"
eq "nothing is due again before the backoff" \
    "sent 0, failed 0 (will be retried), dead-lettered 0" "$(cat "$T/f1b")"
at 2 alerts flush >"$T/f2"
eq "after the backoff both arrive" \
    "sent 2, failed 0 (will be retried), dead-lettered 0" "$(cat "$T/f2")"
eq "idempotency keys are the event ids" "1 2" "$(keys "$T/r1")"
[ ! -s "$T/r1/bad" ] && ok "every signature checked out" \
    || nok "bad signatures: $(cat "$T/r1/bad")"
eq "the body is the event" "advisory.new hook CVE-2021-44228" \
    "$(json "j['type'] + ' ' + j['rule'] + ' ' + j['detail']['advisory']" \
       "$T/r1/0001.json")"
at 2 rule remove hook >/dev/null

# a wrong secret is refused by the receiver and retried
at 2 rule add wrong --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "http://127.0.0.1:$p1/hook" --secret other >/dev/null
at 2 import "$FIX/alert/ok_kev_five.json" >/dev/null
at 2 alerts flush >"$T/f3" 2>"$T/e3"
eq "a wrong signature is a failed delivery" \
    "sent 0, failed 3 (will be retried), dead-lettered 0" "$(cat "$T/f3")"
at 2 rule remove wrong >/dev/null

# --- down, then up; then dead after the configured failures ---
p2=$(free_port)
at 3 rule add down --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "http://127.0.0.1:$p2/" --max-attempts 3 >/dev/null
at 3 import "$FIX/kev/ok_catalog.json" >/dev/null 2>&1
n=$(at 3 alerts --json | json "len([r for r in j if r['rule'] == 'down'])" \
    /dev/stdin)
[ "$n" -ge 1 ] && ok "new advisories wait for the receiver ($n)" \
    || nok "new advisories wait for the receiver ($n)"
at 3 alerts flush >/dev/null 2>&1
at 4 alerts flush >"$T/f4" 2>&1
eq "the receiver is down: second failure" \
    "sent 0, failed $n (will be retried), dead-lettered 0" \
    "$(tail -n 1 "$T/f4")"
receiver "$T/r2" "$p2"
at 5 alerts flush >"$T/f5" 2>&1
eq "the receiver is up: they arrive after retries" \
    "sent $n, failed 0 (will be retried), dead-lettered 0" \
    "$(tail -n 1 "$T/f5")"
kill $(echo $pids | awk '{print $NF}') 2>/dev/null
sleep 0.3

export VIGIL_DB="$T/dead.db"
at 5 rule add gone --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "http://127.0.0.1:$p2/" --max-attempts 3 >/dev/null
at 5 import "$FIX/kev/ok_small.json" >/dev/null
at 5 alerts flush >"$T/fd5" 2>&1
at 6 alerts flush >"$T/fd6" 2>&1
at 7 alerts flush >"$T/fd7" 2>&1
eq "the third failure dead-letters" \
    "sent 0, failed 0 (will be retried), dead-lettered 2" \
    "$(tail -n 1 "$T/fd7")"
at 7 alerts --dead --json >"$T/dead.json"
eq "vigil alerts --dead lists them with their error" "gone 3 True" \
    "$(json "' '.join(str(x) for x in (j[0]['rule'], j[0]['attempts'], \
'connect' in j[0]['last_error']))" "$T/dead.json")"
at 7 alerts --dead >"$T/dead.txt"
grep -q "dead" "$T/dead.txt" && ok "the text listing shows the state" \
    || nok "the text listing shows the state"
id=$(json "j[0]['id']" "$T/dead.json")
at 9 alerts flush >"$T/fd8" 2>&1
eq "dead messages are not tried again" \
    "sent 0, failed 0 (will be retried), dead-lettered 0" \
    "$(tail -n 1 "$T/fd8")"
check "vigil alerts retry moves one back" at 9 alerts retry "$id"
at 9 alerts retry "$id" >/dev/null 2>&1
eq "retrying a message that is not dead is refused" 1 $?
receiver "$T/r3" "$p2"
at 9 alerts flush >"$T/fd9" 2>&1
eq "after retry it is delivered" \
    "sent 1, failed 0 (will be retried), dead-lettered 0" \
    "$(tail -n 1 "$T/fd9")"
eq "one stays dead" 1 "$(at 9 alerts --dead --json | json 'len(j)' /dev/stdin)"
finish
