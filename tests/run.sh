#!/bin/sh
# run.sh - runs every unit test binary, fuzz corpus replay and end-to-end
# script, and prints one closing line: "check: N passed, N failed,
# N skipped".  Usage: sh tests/run.sh BUILD-DIR
build=${1:-build}
pass=0 fail=0 skip=0
failed=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

export VIGIL="$PWD/$build/vigil"
export VIGIL_SRC="$PWD"
export SHARED="${SHARED:-$PWD/../shared}"

count_cmocka() {
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
    skip=$((skip + ${s:-0}))
}

count_tap() {
    p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
    s=$(grep -c '^skip ' "$log")
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
}

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    count_cmocka
    if [ $rc -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$log"; then
        fail=$((fail + 1)); failed="$failed $t"
    elif [ $rc -ne 0 ]; then
        failed="$failed $t"
    fi
done

for r in "$build"/fuzz/replay_*; do
    [ -x "$r" ] || continue
    name=${r##*/replay_}
    if [ -d "fuzz/corpus/$name" ] && "$r" "fuzz/corpus/$name" >"$log" 2>&1
    then
        echo "ok fuzz replay $name: $(cat "$log")"
        pass=$((pass + 1))
    else
        cat "$log"
        echo "not ok fuzz replay $name"
        fail=$((fail + 1)); failed="$failed $r"
    fi
done

for e in tests/e2e/test_*.sh; do
    [ -f "$e" ] || continue
    echo "# $e"
    sh "$e" >"$log" 2>&1
    rc=$?
    cat "$log"
    count_tap
    if [ $rc -ne 0 ]; then
        grep -q '^not ok ' "$log" || fail=$((fail + 1))
        failed="$failed $e"
    fi
done

[ -n "$failed" ] && echo "failing:$failed"
echo "check: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] && [ -z "$failed" ]
