# sync_lib.sh - helpers of the test_sync*.sh scripts, sourced after
# lib.sh: a scripted HTTP server on 127.0.0.1 (sync_server.py) and ways
# to read its request log.  Nothing here reaches any other address.

# no proxy: every request goes straight to 127.0.0.1
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export NO_PROXY='*' no_proxy='*'
unset NVD_API_KEY

WWW="$T/www"
SCRIPT="$T/script.json"
LOG="$T/requests.log"
mkdir -p "$WWW"
echo '{}' >"$SCRIPT"
: >"$LOG"

# start_server: runs sync_server.py in the background, sets PORT and URL
start_server() {
    /usr/bin/python3 "$VIGIL_SRC/tests/e2e/sync_server.py" "$WWW" \
        "$T/port" "$LOG" "$SCRIPT" 2>"$T/server.err" &
    SERVER_PID=$!
    trap 'kill "$SERVER_PID" 2>/dev/null; rm -rf "$T"' EXIT
    i=0
    while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
        sleep 0.1; i=$((i + 1))
    done
    PORT=$(cat "$T/port" 2>/dev/null)
    if [ -z "$PORT" ]; then
        nok "the test server started"; cat "$T/server.err"; exit 1
    fi
    URL="http://127.0.0.1:$PORT"
}

# script JSON: the scripted responses, e.g. '{"/a.json": [{"status": 503}]}'
script() { printf '%s\n' "$1" >"$SCRIPT"; }

# requests PATH EXPR: a Python expression over the list "r" of logged
# requests for PATH (each a dict: status, range, query, ...)
requests() {
    /usr/bin/python3 -c "import json,sys
r=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
r=[x for x in r if x['path']==sys.argv[2]]
print(eval(sys.argv[3]))" "$LOG" "$1" "$2"
}

# stat_of FIELD: a field of 'vigil stats --json'
stat_of() {
    "$VIGIL" stats --json >"$T/stats.json" 2>/dev/null
    json "j['$1']" "$T/stats.json"
}

# source_field NAME EXPR: an expression over source NAME ("s") of
# 'vigil source list --json'
source_field() {
    "$VIGIL" source list --json >"$T/sources.json" 2>/dev/null
    /usr/bin/python3 -c "import json,sys
s=[x for x in json.load(open(sys.argv[1])) if x['name']==sys.argv[2]][0]
print(eval(sys.argv[3]))" "$T/sources.json" "$1" "$2"
}

# now: seconds since the epoch with a fraction
now() { /usr/bin/python3 -c 'import time; print(time.time())'; }

# integrity DB: prints what PRAGMA integrity_check says
integrity() {
    /usr/bin/python3 -c "import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" "$1"
}

# size_at_least FILE N: FILE holds N bytes or more
size_at_least() { [ -f "$1" ] && [ "$(wc -c <"$1")" -ge "$2" ]; }

# lines_at_least FILE N: FILE holds N lines or more
lines_at_least() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

# wait_for CMD...: polls up to 20 s until the command succeeds
wait_for() {
    i=0
    while ! "$@" 2>/dev/null; do
        [ $i -ge 200 ] && return 1
        sleep 0.1; i=$((i + 1))
    done
}
