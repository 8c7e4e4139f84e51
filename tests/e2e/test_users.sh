#!/bin/sh
# test_users.sh - vigil user, token and search from the command line:
# passwords only from standard input or a prompt, tokens printed once
# and never stored, the last admin kept, every change an event, and
# search that no input can break.
. "$VIGIL_SRC/tests/e2e/lib.sh"
V() { "$VIGIL" "$@"; }
# runs a command and prints its exit status only
status() { "$@" >"$T/out" 2>"$T/err"; echo $?; }

echo "correct horse battery" | V user add alice --role admin \
    --password-stdin >/dev/null 2>&1
eq "user add with --password-stdin" 0 $?
eq "a taken name is refused" 1 \
    "$(echo "another password" | status V user add alice --role viewer)"
grep -q "'alice'" "$T/err" && ok "the message names the user" ||
    nok "the message names the user"
eq "an unknown role is a usage error" 2 \
    "$(status V user add bob --role root --no-password)"
eq "a bad name is refused" 1 \
    "$(status V user add "bad name" --role viewer --no-password)"
for n in Alice ALICE aLiCe; do
    eq "'$n' is taken by 'alice': names ignore case" 1 \
        "$(status V user add "$n" --role admin --no-password)"
done
grep -q "ignore case" "$T/err" && ok "and the message says so" ||
    nok "and the message says so: $(cat "$T/err")"
eq "a name starting with - is refused" 1 \
    "$(status V user add --role viewer --no-password -- -x)"
eq "a password on the command line is not an option" 2 \
    "$(status V user add bob --role viewer --password hunter22)"
eq "a short password is refused" 1 \
    "$(echo short | status V user add bob --role viewer)"
eq "empty standard input is refused" 1 \
    "$(status V user add bob --role viewer --password-stdin </dev/null)"
grep -q "standard input is empty" "$T/err" && ok "and says it is empty" ||
    nok "and says it is empty: $(cat "$T/err")"
eq "a NUL byte in the password line is refused" 1 \
    "$(printf 'long enough\000tail\n' | status V user add bob \
        --role viewer --password-stdin)"
grep -q "holds a NUL byte" "$T/err" && ok "and names the NUL byte" ||
    nok "and names the NUL byte: $(cat "$T/err")"
eq "standard input that cannot be read is refused" 1 \
    "$(status V user add bob --role viewer --password-stdin <"$T")"
grep -q "cannot read standard input: Is a directory" "$T/err" &&
    ok "with the reason" || nok "with the reason: $(cat "$T/err")"
head -c 2000 /dev/zero | tr '\0' x >"$T/longpw"
eq "an overlong password line is refused" 1 \
    "$(status V user add bob --role viewer --password-stdin <"$T/longpw")"
grep -q "too long (a password is at most 1024 bytes)" "$T/err" &&
    ok "and says how long it may be" ||
    nok "and says how long it may be: $(cat "$T/err")"
printf 'no line ending at all' | VIGIL_DB="$T/other.db" V user add frank \
    --role viewer --password-stdin >/dev/null 2>&1
eq "a last line without a line ending is the password" 0 $?
check "a token-only user" V user add bot --role viewer --no-password
echo "a line from a pipe" | V user add carol --role analyst >/dev/null 2>&1
eq "without a flag a pipe gives one line" 0 $?

# the prompt: twice, with echo off
/usr/bin/python3 - "$VIGIL" >"$T/pty" 2>&1 <<'PY'
import os, pty, signal, sys
signal.alarm(30)
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "user", "add", "dave", "--role",
                           "viewer"])
seen = b""
def until(s):
    global seen
    while s not in seen:
        seen += os.read(fd, 1024)
until(b"New password: "); os.write(fd, b"typed secret 1\n")
until(b"Repeat it: "); os.write(fd, b"typed secret 1\n")
try:
    while True:
        b = os.read(fd, 1024)
        if not b:
            break
        seen += b
except OSError:
    pass
_, st = os.waitpid(pid, 0)
print("exit", os.WEXITSTATUS(st), "echoed", b"typed secret" in seen)
PY
eq "the prompt asks twice and does not echo" "exit 0 echoed False" \
    "$(tail -n 1 "$T/pty")"
echo "typed secret 1" >"$T/pw"

# Ctrl-C at the prompt gives the terminal its echo back
/usr/bin/python3 - "$VIGIL" >"$T/pty2" 2>&1 <<'PY'
import os, pty, signal, sys, termios
signal.alarm(30)
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "user", "add", "erin", "--role",
                           "viewer"])
seen = b""
while b"New password: " not in seen:
    seen += os.read(fd, 1024)
off = not termios.tcgetattr(fd)[3] & termios.ECHO
os.write(fd, b"\x03")
_, st = os.waitpid(pid, 0)
print("off", off, "killed", os.WIFSIGNALED(st), "echo",
      bool(termios.tcgetattr(fd)[3] & termios.ECHO))
PY
eq "Ctrl-C at the prompt turns echo back on" "off True killed True echo True" \
    "$(tail -n 1 "$T/pty2")"

V user list --json >"$T/u.json"
eq "four users, by name" "['alice', 'bot', 'carol', 'dave']" \
    "$(json "[u['name'] for u in j]" "$T/u.json")"
eq "roles" "['admin', 'viewer', 'analyst', 'viewer']" \
    "$(json "[u['role'] for u in j]" "$T/u.json")"
eq "password flags" "[True, False, True, True]" \
    "$(json "[u['password'] for u in j]" "$T/u.json")"

check "set a role" V user set carol --role viewer
check "disable a user" V user set dave --disable
V user list --json >"$T/u.json"
eq "carol is a viewer now, dave disabled" "viewer True" \
    "$(json "[u['role'] for u in j if u['name'] == 'carol'][0] + ' ' + \
str([u['disabled'] for u in j if u['name'] == 'dave'][0])" "$T/u.json")"
eq "the last admin cannot become a viewer" 1 \
    "$(status V user set alice --role viewer)"
grep -q "last enabled admin" "$T/err" && ok "and the message says why" ||
    nok "and the message says why"
eq "nor be disabled" 1 "$(status V user set alice --disable)"
eq "nor removed" 1 "$(status V user remove alice)"
eq "set with nothing to set is a usage error" 2 \
    "$(status V user set carol)"
eq "--disable and --enable together are refused" 2 \
    "$(status V user set carol --disable --enable)"
eq "an unknown user" 1 "$(status V user set ghost --enable)"

# tokens
V token create bot --name ci --expires 30d >"$T/tok" 2>"$T/tokerr"
eq "token create exits 0" 0 $?
tok=$(cat "$T/tok")
case "$tok" in
vgl_???????????????????????????????????????????) ok "stdout holds only the token";;
*) nok "stdout holds only the token: '$tok'";;
esac
eq "one line on stdout" 1 "$(wc -l <"$T/tok")"
grep -q "shown this once" "$T/tokerr" && ok "the warning goes to stderr" ||
    nok "the warning goes to stderr"
found=0
for f in "$VIGIL_DB" "$VIGIL_DB-wal"; do
    [ -f "$f" ] && grep -qaF -e "${tok#vgl_}" "$f" && found=1
done
eq "the token is not in the database files" 0 "$found"
cat "$VIGIL_DB" "$VIGIL_DB-wal" 2>/dev/null | grep -qaF "typed secret"
eq "nor is a password" 1 $?

V token list --json >"$T/t.json"
eq "the list shows its first 8 characters" "$(printf %.8s "$tok")" \
    "$(json "j[0]['prefix']" "$T/t.json")"
eq "active, for bot, named ci" "active bot ci" \
    "$(json "j[0]['state'] + ' ' + j[0]['user'] + ' ' + j[0]['name']" "$T/t.json")"
eq "expires in 30 days" True \
    "$(json "j[0]['expires'] > j[0]['created'][:4]" "$T/t.json")"
grep -qF -e "$tok" "$T/t.json"
eq "the list never holds the token" 1 $?
V token create alice --expires never >"$T/tok2" 2>/dev/null
eq "a token that never expires" None \
    "$(V token list alice --json | /usr/bin/python3 -c \
       'import json,sys; print(json.load(sys.stdin)[0]["expires"])')"
eq "an expiry in the past is refused" 1 \
    "$(status V token create bot --expires 2020-01-01)"
eq "a bad expiry is a usage error" 2 \
    "$(status V token create bot --expires soon)"
eq "no token for a disabled user" 1 "$(status V token create dave)"
eq "no token for an unknown user" 1 "$(status V token create ghost)"
eq "tokens of an unknown user" 1 "$(status V token list ghost)"
id=$(json "j[0]['id']" "$T/t.json")
check "revoke" V token revoke "$id"
eq "revoked shows in the list" revoked \
    "$(V token list bot --json | /usr/bin/python3 -c \
       'import json,sys; print(json.load(sys.stdin)[0]["state"])')"
eq "revoking twice is refused" 1 "$(status V token revoke "$id")"
eq "a bad id is a usage error" 2 "$(status V token revoke x1)"

echo "a new long password" | V user passwd carol --password-stdin \
    >/dev/null 2>&1
eq "passwd" 0 $?
eq "passwd of an unknown user" 1 \
    "$(echo "a new long password" | status V user passwd ghost)"
check "remove a user" V user remove bot
eq "their tokens went with them" 1 \
    "$(V token list --json | /usr/bin/python3 -c \
       'import json,sys; print(len(json.load(sys.stdin)))')"

eq "every change is an event, by the acting user" \
    "user.added:4 user.changed:3 token.created:2 token.revoked:1 user.removed:1 by:11" \
    "$(sqlite3 "$VIGIL_DB" "SELECT type || ':' || count(*) FROM event WHERE type LIKE 'user.%' OR type LIKE 'token.%' GROUP BY type ORDER BY min(id)" | tr '\n' ' ')by:$(sqlite3 "$VIGIL_DB" "SELECT count(*) FROM event WHERE json_extract(detail, '$.by') = 'tester'")"

# search
if [ ! -d "$DATA" ]; then
    skip "search: ../shared/data not found"
    finish
    exit
fi
V import "$DATA/kev/known_exploited_vulnerabilities.json" >/dev/null 2>&1
V search log4j2 remote --json >"$T/s.json"
eq "the title hit ranks first" CVE-2021-44228 \
    "$(json "j['hits'][0]['id']" "$T/s.json")"
eq "with its KEV flag" True "$(json "j['hits'][0]['kev']" "$T/s.json")"
eq "the excerpt marks the terms" True \
    "$(json "'[' in j['hits'][0]['snippet']" "$T/s.json")"
V search 'log4j*' --json >"$T/p.json"
eq "a prefix finds both Log4j2 entries" True \
    "$(json "j['total'] >= 2 and not j['total_capped']" "$T/p.json")"
for q in 'title:x' 'NEAR(' 'a OR' '-x ^y' '"unbalanced phrase' 'x" AND "'; do
    eq "hostile query '$q' is not an error" 0 "$(status V search -- "$q")"
done
for q in '***' '"' '- ^ :'; do
    eq "query '$q' has no word: a usage error" 2 \
        "$(status V search -- "$q")"
done
eq "--limit 0 is a usage error" 2 "$(status V search x --limit 0)"
V search vulnerability --limit 3 --json >"$T/a.json"
V search vulnerability --limit 3 --offset 3 --json >"$T/b.json"
eq "pages do not overlap" "[]" \
    "$(/usr/bin/python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); print(sorted(set(h['id'] for h in a['hits']) & set(h['id'] for h in b['hits'])))" "$T/a.json" "$T/b.json")"
# the count, against one made here from the stored text
want=$(/usr/bin/python3 - "$VIGIL_DB" <<'PY'
import re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
w = re.compile(r"(?<![0-9A-Za-z])vulnerability(?![0-9A-Za-z])", re.I)
print(sum(1 for r in db.execute(
    "SELECT primary_id, title, description FROM advisory")
    if any(w.search(c or "") for c in r)))
PY
)
eq "the total is every advisory with the word" "$want False" \
    "$(json "str(j['total']) + ' ' + str(j['total_capped'])" "$T/a.json")"
finish
