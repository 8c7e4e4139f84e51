#!/bin/sh
# test_concurrency.sh - two vigil processes changing items in the same
# SQLite file at the same time lose no change.
. "$VIGIL_SRC/tests/e2e/lib.sh"

cd "$VIGIL_SRC/examples" || exit 1
V() { "$VIGIL" --db "$T/c.db" "$@"; }
V run --config vigil.conf >/dev/null 2>&1
n=40
writer() {
    i=1
    while [ $i -le $n ]; do
        V --as "$1" note VU-1 VU-2 "$1 note $i" >/dev/null 2>>"$T/err.$1" \
            || echo "fail $1 $i" >>"$T/fails"
        V --as "$1" assign VU-3 "$1-$i" >/dev/null 2>>"$T/err.$1" \
            || echo "fail $1 assign $i" >>"$T/fails"
        i=$((i + 1))
    done
}
writer alice &
a=$!
writer bob &
b=$!
wait $a
wait $b
[ -s "$T/fails" ] && { nok "every command succeeded"; head -3 "$T/fails"; } \
    || ok "every command succeeded"
for id in VU-1 VU-2; do
    V show $id --json >"$T/s.json"
    eq "$id keeps all $((2 * n)) notes" $((2 * n)) \
        "$(json "len(j['notes'].splitlines())" "$T/s.json")"
    eq "$id has $((2 * n)) note history rows" $((2 * n)) \
        "$(json "sum(1 for h in j['history'] if h['field'] == 'notes')" \
           "$T/s.json")"
done
V show VU-3 --json >"$T/s.json"
eq "every reassignment is in the history" $((2 * n)) \
    "$(json "sum(1 for h in j['history'] if h['field'] == 'assignee' \
and h['actor'] in ('alice', 'bob'))" "$T/s.json")"
check "the database passes integrity_check" sh -c \
    "test \"\$(sqlite3 '$T/c.db' 'PRAGMA integrity_check')\" = ok"
finish
