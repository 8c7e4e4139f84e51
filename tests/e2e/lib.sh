# lib.sh - helpers for end-to-end tests, sourced by tests/e2e/test_*.sh.
# Each check prints "ok - DESC" or "not ok - DESC" (counted by run.sh);
# a script whose needs are missing prints "skip - DESC".
: "${VIGIL:?run through make check}"
: "${SHARED:=$VIGIL_SRC/../shared}"
DATA="$SHARED/data"
FIX="$VIGIL_SRC/tests/fixtures"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export VIGIL_DB="$T/vigil.db"
export VIGIL_USER=tester
export NO_COLOR=1
failures=0

ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; failures=$((failures + 1)); }
skip() { echo "skip - $*"; }

# check DESC CMD...: the command must exit 0
check() {
    d=$1; shift
    if "$@" >"$T/out" 2>"$T/err"; then ok "$d"; else
        nok "$d (exit $?)"; sed 's/^/#   /' "$T/err" | head -n 5; fi
}

# eq DESC EXPECTED ACTUAL
eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else
        nok "$1: expected '$2', got '$3'"; fi
}

# need_shared: skip the whole script when ../shared is absent
need_shared() {
    if [ ! -d "$DATA" ]; then
        skip "$0: ../shared/data not found; tests that read it are skipped"
        exit 0
    fi
}

# json EXPR FILE: evaluate a Python expression over the parsed JSON "j"
json() {
    /usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[2])); \
print(eval(sys.argv[1]))" "$1" "$2"
}

finish() { [ "$failures" -eq 0 ]; }
