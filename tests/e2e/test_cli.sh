#!/bin/sh
# test_cli.sh - the command line: help, usage errors and exit status,
# and every option that --help shows is documented in vigil(1).
. "$VIGIL_SRC/tests/e2e/lib.sh"

"$VIGIL" help >"$T/help" 2>&1; eq "vigil help exits 0" 0 $?
grep -q "^  import " "$T/help" && ok "help lists import" || nok "help lists import"
"$VIGIL" >"$T/o" 2>&1; eq "no command exits 2" 2 $?
"$VIGIL" frobnicate >"$T/o" 2>"$T/e"; eq "unknown command exits 2" 2 $?
eq "unknown command is one line plus hint" 2 "$(wc -l <"$T/e" | tr -d ' ')"
"$VIGIL" import --bogus x >"$T/o" 2>"$T/e"; eq "unknown option exits 2" 2 $?
grep -q "Try 'vigil import --help'" "$T/e" && ok "usage hint names command" \
    || nok "usage hint names command"
"$VIGIL" show VU-999 >"$T/o" 2>"$T/e"; eq "missing update exits 1" 1 $?

# every long option in every command's --help is in the man page
before=$failures
for c in $("$VIGIL" help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    "$VIGIL" "$c" --help >"$T/h" 2>&1 || { nok "$c --help exits 0"; continue; }
    awk '{ if (length($0) > 80) bad = 1 } END { exit bad }' "$T/h" \
        || nok "$c --help fits 80 columns"
    for o in $(grep -o -- '--[a-z][a-z-]*' "$T/h" | sort -u); do
        name=${o#--}
        grep -q -- "Fl -$name" "$VIGIL_SRC/docs/vigil.1" \
            || nok "option $o of '$c' is not in vigil.1"
    done
    grep -q "Cm $c" "$VIGIL_SRC/docs/vigil.1" \
        || nok "command $c is not in vigil.1"
done
[ "$failures" -eq "$before" ] && ok "every command's options are documented"

if command -v mandoc >/dev/null; then
    check "vigil.1 passes mandoc -Tlint" mandoc -Tlint -W warning \
        "$VIGIL_SRC/docs/vigil.1"
    check "vigil.conf.5 passes mandoc -Tlint" mandoc -Tlint -W warning \
        "$VIGIL_SRC/docs/vigil.conf.5"
fi
finish
