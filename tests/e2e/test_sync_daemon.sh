#!/bin/sh
# test_sync_daemon.sh - vigil daemon: one round syncs and matches;
# SIGTERM in the middle of an import exits 0 and leaves a sound
# database with nothing half-imported, which the next run completes.
. "$VIGIL_SRC/tests/e2e/lib.sh"
. "$VIGIL_SRC/tests/e2e/sync_lib.sh"
V() { "$VIGIL" "$@"; }

V daemon --every often >/dev/null 2>&1
eq "a bad --every is a usage error" 2 $?
V daemon --tries 0 >/dev/null 2>&1
eq "a bad --tries is a usage error" 2 $?

# one round: the KEV fixture is synced, then matched
V system add web-01 --env production >/dev/null
V source add kev "$FIX/kev/ok_small.json" >/dev/null
V daemon --once >"$T/out" 2>"$T/err"
eq "daemon --once exits 0" 0 $?
grep -q "^kev: 2 records" "$T/err" && ok "the round synced the source" \
    || nok "the round synced the source: $(cat "$T/err")"
grep -q "components checked" "$T/err" && ok "then it matched" \
    || nok "then it matched: $(cat "$T/err")"

need_shared
SCALE="$DATA/scale"
if [ ! -d "$SCALE" ]; then
    skip "$0: $SCALE not found"
    finish
    exit $?
fi
NFILES=$(find "$SCALE" -name '*.json' | wc -l)
export VIGIL_DB="$T/d.db"
V source add scale "$SCALE" >/dev/null
"$VIGIL" -v daemon --every 1h 2>"$T/d.err" &
pid=$!
if wait_for grep -q "importing:" "$T/d.err"; then
    ok "the daemon is importing"
else
    nok "the daemon is importing"
fi
kill -TERM $pid
wait $pid
eq "SIGTERM makes it exit 0" 0 $?
grep -q "stopping on request" "$T/d.err" && ok "it says it stops" \
    || nok "it says it stops: $(tail -n 3 "$T/d.err")"
eq "PRAGMA integrity_check accepts the database" ok "$(integrity "$T/d.db")"
eq "the cut import left nothing behind" 0 "$(stat_of advisories)"
eq "the source says it was interrupted" True \
    "$(source_field scale "'interrupted' in s['last_error']")"
check "the next run completes" V sync
eq "every record is in" "$NFILES" \
    "$(source_field scale "s['records']['last']")"
eq "and the source is clean" None "$(source_field scale "s['last_error']")"
finish
