#!/bin/sh
# test_sync.sh - source subscriptions and syncs over HTTP against a
# scripted server on 127.0.0.1: first download, 304 on the second,
# retries on 503 and 429 (Retry-After), failures and truncated bodies
# that change nothing, compressed files and archives, checksums,
# credentials kept out of sight, and mirrors.
. "$VIGIL_SRC/tests/e2e/lib.sh"
. "$VIGIL_SRC/tests/e2e/sync_lib.sh"
V() { "$VIGIL" "$@"; }
FAST="--backoff 0.05 --max-wait 5 --connect-timeout 5 --timeout 60"

# ---- the source commands need no data ----
check "source add with a period" V source add local "$FIX/kev/ok_small.json" \
    --every 6h
V source add local "$FIX/kev/ok_small.json" >/dev/null 2>"$T/err"
eq "a second source of the same name is refused" 1 $?
V source add odd 'ftp://127.0.0.1/x.json' >/dev/null 2>&1
eq "an ftp URL is a usage error" 2 $?
V source add nohost 'http:///etc/passwd' >/dev/null 2>"$T/err"
eq "an http URL with no host is a usage error" 2 $?
grep -q "'http:///etc/passwd': the URL names no host" "$T/err" &&
    ok "saying it names no host" || nok "names no host: $(cat "$T/err")"
# a web URL libcurl's parser would refuse at each sync is refused now,
# with its reason; so is a port outside 1..65535 and white space
while IFS='|' read -r loc why; do
    V source add badurl "$loc" </dev/null >/dev/null 2>"$T/err"
    eq "source add '$loc' is a usage error" 2 $?
    grep -qF "cannot use '$loc': $why" "$T/err" && ok "'$loc': $why" ||
        nok "'$loc': $why: $(cat "$T/err")"
done <<'EOF'
http://[]/x|bad IPv6 address
http://host:abc/x|the port is not a number from 1 to 65535
hTTp://127.0.0.1:99999/x|the port is not a number from 1 to 65535
http://127.0.0.1:0/x|the port is not a number from 1 to 65535
http://exa mple.org/|a URL cannot hold white space
http:example.org/x|write a URL as scheme://host/path
HTTPS:/x|write a URL as scheme://host/path
EOF
eq "none of them was stored" "" "$(V source list 2>/dev/null |
    grep badurl)"
check "a file whose name starts 'http:' is written './http:...'" \
    V source add httpfile "./http:example.org/x"
eq "and stored as a path" "$(pwd -P)/http:example.org/x" \
    "$(source_field httpfile "s['location']")"
check "remove it" V source remove httpfile
check "a file URL in capitals is a file URL" V source add upfile \
    "FILE://$FIX/kev/ok_small.json"
check "and syncs" V sync upfile
check "remove it" V source remove upfile
V source add '../up' "$FIX/kev/ok_small.json" >/dev/null 2>&1
eq "a name with a slash is a usage error" 2 $?
V source add x "$FIX/kev/ok_small.json" --every 5y >/dev/null 2>&1
eq "a bad duration is a usage error" 2 $?
V source add x "$FIX/kev/ok_small.json" --format nope >/dev/null 2>&1
eq "an unknown format is a usage error" 2 $?
eq "the period is kept" 21600 "$(source_field local "s['every']")"
eq "the next due time is now" True \
    "$(source_field local "s['next_due'] is not None")"
check "sync of a local path" V sync
eq "the local path landed" 2 "$(stat_of advisories)"
eq "its success is recorded" True \
    "$(source_field local "s['last_success'] is not None and \
s['last_error'] is None and s['records']['last'] == 2")"
V sync >"$T/out" 2>&1
eq "a source synced 6h ago is not due" "no source is due" "$(cat "$T/out")"
check "disable" V source disable local
eq "disabled" False "$(source_field local "s['enabled']")"
check "enable" V source enable local
check "remove" V source remove local
V source remove local >/dev/null 2>&1
eq "removing an unknown source fails" 1 $?

# a bad name in an older store never names a file outside the state
# folder ($VIGIL_DB-sync): sync refuses it, remove deletes nothing
/usr/bin/python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO source (name, location, created) VALUES "
          "(?, ?, ?)", ("../escaped", "http://127.0.0.1:9/x.json",
                        "2026-01-01T00:00:00Z"))
c.commit()' "$VIGIL_DB"
echo keep >"$T/escaped.part"
V sync ../escaped >/dev/null 2>&1
[ -e "$T/escaped.lock" ] && nok "no lock file outside the state folder" ||
    ok "no lock file outside the state folder"
V source remove ../escaped >/dev/null 2>&1
eq "removing it deletes no file outside the state folder" keep \
    "$(cat "$T/escaped.part" 2>/dev/null)"

need_shared
KEV="$DATA/kev/known_exploited_vulnerabilities.json"
NKEV=$(json "len(j['vulnerabilities'])" "$KEV")
export VIGIL_DB="$T/http.db"
cp "$KEV" "$WWW/kev.json"
start_server

# ---- first download, then 304 ----
check "add an http source" V source add kev "$URL/kev.json" --every 1h
check "the first sync downloads" V sync $FAST
eq "every KEV entry landed" "$NKEV" "$(stat_of kev)"
eq "one request, answered 200" "[200]" \
    "$(requests /kev.json "[x['status'] for x in r]")"
V sync kev $FAST >"$T/out" 2>&1
eq "the second sync is not modified" "kev: not modified" "$(cat "$T/out")"
eq "it sent the ETag and got 304" "True 304" \
    "$(requests /kev.json "r[1]['if_none_match'] is not None, \
r[1]['status']" | tr -d '(),')"
eq "a 304 is a success" True \
    "$(source_field kev "s['last_error'] is None and s['etag'] is not None")"

# ---- retries ----
cp "$KEV" "$WWW/retry.json"
V source add retry "$URL/retry.json" >/dev/null
script '{"/retry.json": [{"status": 503}, {"status": 502}]}'
check "503 then 502 then 200 succeeds" V sync retry $FAST
eq "three tries" "[503, 502, 200]" \
    "$(requests /retry.json "[x['status'] for x in r]")"

cp "$KEV" "$WWW/slow.json"
V source add slow "$URL/slow.json" >/dev/null
script '{"/slow.json": [{"status": 429, "headers": {"Retry-After": "1"}}]}'
t0=$(now)
check "429 with Retry-After then 200 succeeds" V sync slow $FAST
t1=$(now)
eq "it waited at least the second asked" True \
    "$(/usr/bin/python3 -c "print($t1 - $t0 >= 1.0)")"

V source add gone "$URL/missing.json" >/dev/null
V sync gone $FAST >"$T/out" 2>&1
eq "a 404 fails the sync" 1 $?
eq "a 404 is not tried again" 1 "$(requests /missing.json "len(r)")"
grep -q "HTTP 404" "$T/out" && ok "the failure names the status" \
    || nok "the failure names the status: $(cat "$T/out")"

cp "$KEV" "$WWW/later.json"
V source add later "$URL/later.json" >/dev/null
script '{"/later.json": [{"status": 503, "headers": {"Retry-After": "3600"}}]}'
V sync later $FAST >"$T/out" 2>&1
eq "a Retry-After beyond --max-wait gives up" 1 $?
grep -q "asked to wait 3600 s" "$T/out" && ok "and says why" \
    || nok "and says why: $(cat "$T/out")"

# ---- failures change nothing ----
V stats --json >"$T/before.json"
cp "$KEV" "$WWW/trunc.json"
V source add trunc "$URL/trunc.json" >/dev/null
script '{"/trunc.json": [{"truncate": 5000}, {"truncate": 5000},
 {"truncate": 5000}]}'
V sync trunc --tries 3 $FAST >"$T/out" 2>&1
eq "a body shorter than its Content-Length fails" 1 $?
V stats --json >"$T/after.json"
eq "the database is unchanged" "$(cat "$T/before.json")" \
    "$(cat "$T/after.json")"
eq "the error is recorded on the source" True \
    "$(source_field trunc "s['last_error'] is not None and \
s['last_success'] is None")"

head -c 3000 "$KEV" >"$WWW/half.json"
V source add half "$URL/half.json" >/dev/null
V sync half $FAST >"$T/out" 2>&1
eq "a complete body that is truncated JSON fails" 1 $?
V stats --json >"$T/after.json"
eq "the database is unchanged" "$(cat "$T/before.json")" \
    "$(cat "$T/after.json")"
eq "the JSON error is recorded" True \
    "$(source_field half "'invalid JSON' in s['last_error']")"
for src in trunc half; do
    eq "the failure of '$src' raised a source.failed event" 1 \
        "$(sqlite3 "$VIGIL_DB" "SELECT count(*) > 0 FROM event WHERE \
type = 'source.failed' AND json_extract(detail, '\$.source') = '$src'")"
done

# a zip whose second half is lost: the members before the cut parse,
# yet nothing of it may land
mkdir -p "$T/osv"
cp "$DATA"/osv/go/*.json "$T/osv/"
(cd "$T/osv" && /usr/bin/python3 -m zipfile -c "$WWW/osv.zip" ./*.json)
size=$(wc -c <"$WWW/osv.zip")
head -c $((size / 2)) "$WWW/osv.zip" >"$WWW/osvcut.zip"
V source add osvcut "$URL/osvcut.zip" >/dev/null
V sync osvcut $FAST >"$T/out" 2>&1
eq "a truncated zip fails" 1 $?
V stats --json >"$T/after.json"
eq "the database is unchanged" "$(cat "$T/before.json")" \
    "$(cat "$T/after.json")"

# ---- compressed files, archives and checksums ----
NOSV=$(ls "$T"/osv/*.json | wc -l)
V source add osvzip "$URL/osv.zip" >/dev/null
V sync osvzip $FAST --json >"$T/sync.json"
eq "a zip of OSV records syncs" "done $NOSV" \
    "$(json "j[0]['status'] + ' ' + str(j[0]['records']['read'])" \
       "$T/sync.json")"
V show GO-2021-0059 --json >"$T/show.json" 2>/dev/null
grep -q "127.0.0.1:$PORT/osv.zip:" "$T/show.json" \
    && ok "records are named after the URL and the member" \
    || nok "records are named after the URL and the member"

gzip -c "$KEV" >"$WWW/kev.json.gz"
mkdir -p "$WWW/dl"
cp "$WWW/kev.json.gz" "$WWW/dl/latest"
V source add kevgz "$URL/kev.json.gz" >/dev/null
V source add kevnoname "$URL/dl/latest" >/dev/null
V sync kevgz kevnoname $FAST --json >"$T/sync.json"
eq "a .gz file and a gzip body without a suffix sync" \
    "['done', 'done'] [$NKEV, $NKEV]" \
    "$(json "[x['status'] for x in j], [x['records']['read'] for x in j]" \
       "$T/sync.json" | sed 's/^(//; s/)$//; s/\], \[/] [/')"

cp "$KEV" "$WWW/summed.json"
(cd "$WWW" && sha256sum summed.json >summed.json.sha256)
cp "$KEV" "$WWW/badsum.json"
echo "0000000000000000000000000000000000000000000000000000000000000000  \
badsum.json" >"$WWW/badsum.json.sha256"
V source add summed "$URL/summed.json" --checksum sha256 >/dev/null
V source add badsum "$URL/badsum.json" --checksum sha256 >/dev/null
check "a download that matches its .sha256 syncs" V sync summed $FAST
eq "the .sha256 was fetched" 1 "$(requests /summed.json.sha256 "len(r)")"
V stats --json >"$T/before.json"
V sync badsum $FAST >"$T/out" 2>&1
eq "a checksum mismatch fails" 1 $?
V stats --json >"$T/after.json"
eq "and changes nothing" "$(cat "$T/before.json")" "$(cat "$T/after.json")"
grep -q "checksum mismatch" "$T/out" && ok "the error says checksum" \
    || nok "the error says checksum: $(cat "$T/out")"

# ---- a scheme in capitals is the same scheme ----
cp "$FIX/kev/ok_small.json" "$WWW/upper.json"
check "add a source whose scheme is in capitals" V source add upper \
    "HTTP://127.0.0.1:$PORT/upper.json"
check "it syncs over http" V sync upper $FAST
eq "one request for it, answered 200" "[200]" \
    "$(requests /upper.json "[x['status'] for x in r]")"

# ---- credentials ----
V source add secret "http://alice:s3cret@127.0.0.1:$PORT/nothere.json?apiKey=k3y&x=1" \
    >/dev/null
V -v sync secret $FAST >"$T/out" 2>&1
V source list >>"$T/out" 2>&1
V source list --json >>"$T/out" 2>&1
if grep -q -e s3cret -e k3y "$T/out"; then
    nok "no password or API key is shown"; grep -e s3cret -e k3y "$T/out"
else
    ok "no password or API key is shown"
fi
grep -q 'apiKey=\*\*\*&x=1' "$T/out" && ok "the redacted URL is shown" \
    || nok "the redacted URL is shown"

# ---- mirrors ----
export VIGIL_DB="$T/mirror.db"
mkdir -p "$T/mirror"
cp "$KEV" "$T/mirror/kev"
cp "$WWW/osv.zip" "$T/mirror/osvzip.zip"
V source add kev "$URL/kev.json" >/dev/null
V source add osvzip "$URL/osv.zip" >/dev/null
: >"$LOG"
check "a sync from a mirror" V sync --mirror "$T/mirror" $FAST
eq "KEV and OSV came from the mirror" "$((NKEV + NOSV))" \
    "$(stat_of advisories)"
eq "no request was made" 0 "$(wc -l <"$LOG" | tr -d ' ')"
V sync --mirror "$T/nowhere" kev >"$T/out" 2>&1
eq "a missing mirror entry fails" 1 $?
finish
