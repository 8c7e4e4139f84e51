#!/bin/sh
# test_alert_crash.sh - durable delivery: vigil killed with SIGKILL in
# the middle of a slow delivery loses no alert (the next flush sends the
# rest, a repeat carries the same idempotency key), and two flushes run
# at the same time never send the same message twice.
. "$VIGIL_SRC/tests/e2e/lib.sh"

PY=/usr/bin/python3
RECV="$VIGIL_SRC/tests/e2e/alert_webhook.py"
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
free_port() {
    $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0));
print(s.getsockname()[1])'
}
receiver() {
    d=$1 p=$2; shift 2
    $PY "$RECV" --port "$p" --out "$d" --lifetime 100 "$@" 2>"$d.err" &
    pids="$pids $!"
    i=0
    until [ -f "$d/ready" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
}
lines() { [ -f "$1" ] && wc -l <"$1" | tr -d ' ' || echo 0; }
V() { "$VIGIL" "$@"; }

# --- kill -9 during delivery ---
p=$(free_port)
receiver "$T/r" "$p" --sleep 1
V rule add slow --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "http://127.0.0.1:$p/" >/dev/null
V import "$FIX/alert/ok_kev_five.json" >/dev/null
"$VIGIL" alerts flush >"$T/f1" 2>&1 &
flusher=$!
i=0
until [ "$(lines "$T/r/started")" -ge 2 ] || [ $i -ge 100 ]; do
    sleep 0.1; i=$((i + 1)); done
kill -9 $flusher
wait $flusher 2>/dev/null
got=$(lines "$T/r/keys")
[ "$got" -ge 1 ] && [ "$got" -lt 5 ] \
    && ok "killed with SIGKILL after $got of 5 deliveries" \
    || nok "killed with SIGKILL mid-way (got $got of 5)"
eq "the killed flush left messages undelivered" "True" \
    "$(V alerts --json | json 'len(j) > 0' /dev/stdin)"
V alerts flush >"$T/f2" 2>&1
eq "the next flush takes over the dead process's lease" 0 \
    "$(V alerts --json | json 'len(j)' /dev/stdin)"
eq "every alert arrived" "1 2 3 4 5" \
    "$(sort -un "$T/r/keys" | tr '\n' ' ' | sed 's/ $//')"
dups=$(($(lines "$T/r/keys") - 5))
eq "the one in flight was sent again, with the same key" 1 "$dups"


# --- two flushes at the same time ---
export VIGIL_DB="$T/two.db"
p2=$(free_port)
receiver "$T/r2" "$p2" --sleep 0.3
V rule add both --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "http://127.0.0.1:$p2/" >/dev/null
V import "$FIX/alert/ok_kev_five.json" >/dev/null
V import "$FIX/kev/ok_catalog.json" >/dev/null 2>&1
total=$(V alerts --json | json 'len(j)' /dev/stdin)
V alerts flush --json >"$T/a.json" 2>&1 &
a=$!
V alerts flush --json >"$T/b.json" 2>&1 &
b=$!
wait $a $b
eq "the two flushes together sent each message once" "$total $total" \
    "$(lines "$T/r2/keys") $(sort -u "$T/r2/keys" | wc -l | tr -d ' ')"
eq "their counts add up" "$total" \
    "$(($(json "j['sent']" "$T/a.json") + $(json "j['sent']" "$T/b.json")))"
finish
