# api_lib.sh - starting vigil serve and calling it, for the API tests.
# Sourced after lib.sh.  start_server [OPTIONS...] runs the server on a
# free loopback port (--listen 127.0.0.1:0) against $VIGIL_DB and sets
# URL; the EXIT trap stops it.  call METHOD PATH [TOKEN] [BODY] stores
# the body in $T/body and the headers in $T/head and prints the status.
SRV_PID=""
trap 'stop_server; rm -rf "$T"' EXIT

stop_server() {
    [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID"
    SRV_PID=""
}

start_server() {
    "$VIGIL" serve --listen 127.0.0.1:0 "$@" >"$T/serve.out" \
        2>"$T/serve.err" &
    SRV_PID=$!
    i=0
    while [ $i -lt 100 ]; do
        URL=$(sed -n 's/^listening on \(http:.*\)$/\1/p' "$T/serve.out")
        [ -n "$URL" ] && return 0
        kill -0 "$SRV_PID" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    nok "vigil serve started: $(cat "$T/serve.err")"
    return 1
}

call() {
    m=$1 p=$2 tok=${3:-} data=${4:-}
    set -- -s -o "$T/body" -D "$T/head" -w '%{http_code}' -X "$m"
    [ -n "$tok" ] && set -- "$@" -H "Authorization: Bearer $tok"
    [ -n "$data" ] && set -- "$@" -H "Content-Type: application/json" \
        --data-binary "$data"
    curl "$@" "$URL$p"
}

# header NAME: the value of a response header of the last call
header() {
    tr -d '\r' <"$T/head" | awk -v n="$1" 'BEGIN { IGNORECASE = 1 }
        tolower($0) ~ "^" tolower(n) ":" { sub(/^[^:]*: */, ""); print }'
}

# is_error STATUS: the last body is the one error shape with STATUS
is_error() {
    /usr/bin/python3 - "$1" "$T/body" <<'PY'
import json, sys
e = json.load(open(sys.argv[2]))["error"]
ok = (set(e) == {"status", "code", "message"} and e["status"] ==
      int(sys.argv[1]) and e["code"] and e["message"])
sys.exit(0 if ok else 1)
PY
}
