#!/bin/sh
# test_alert_smtp.sh - alert mail through a real SMTP server (aiosmtpd on
# 127.0.0.1): one mail per event with a text and an HTML part that name
# the event ids, a daily digest that sends one mail for all, and no
# password in any listing or message.
. "$VIGIL_SRC/tests/e2e/lib.sh"
. "$VIGIL_SRC/tests/e2e/smtp_lib.sh"

V() { "$VIGIL" "$@"; }
url="smtp://127.0.0.1:$port/?to=sec@example.org&to=ops@example.org&from=vigil@example.org"
creds="smtp://alice:s3cr%40t@127.0.0.1:$port/?to=sec@example.org"
check "rule add with an smtp target" V rule add kev-mail \
    --pattern "$FIX/alert/ok_new_advisories.json" --target "$url"
# a rule whose pattern matches nothing, to check how its target is shown
printf '{"type": ["no.such.event"]}' >"$T/none.json"
check "rule add with credentials" V rule add creds-mail \
    --pattern "$T/none.json" --target "$creds"
check "a daily digest rule" V rule add kev-daily \
    --pattern "$FIX/alert/ok_new_advisories.json" --digest daily \
    --target "smtp://127.0.0.1:$port/?to=digest@example.org"
V rule list >"$T/rules" 2>&1
grep -q 's3cr' "$T/rules" && nok "rule list hides the password" \
    || ok "rule list hides the password"
grep -q 'smtp://\*\*\*@127.0.0.1' "$T/rules" \
    && ok "rule list shows the redacted target" \
    || nok "rule list shows the redacted target: $(cat "$T/rules")"

check "import five KEV entries" V import "$FIX/alert/ok_kev_five.json"
V alerts --json >"$T/pending.json"
eq "five immediate messages and one digest are pending" "5 1" \
    "$(json "' '.join(str(sum(1 for r in j if r['kind'] == k)) \
for k in ('event', 'digest'))" "$T/pending.json")"
V alerts flush >"$T/flush" 2>&1
eq "flush sends the five due now" "sent 5, failed 0 (will be retried), dead-lettered 0" \
    "$(cat "$T/flush")"
n=$(ls "$T/mail"/*.eml 2>/dev/null | wc -l)
eq "five mails arrived" 5 "$n"

# a password never goes to a server that offers no STARTTLS
before=$(ls "$T/mail"/*.eml 2>/dev/null | wc -l)
V --db "$T/creds.db" rule add creds \
    --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "$creds" >/dev/null
V --db "$T/creds.db" import "$FIX/alert/ok_kev_five.json" >/dev/null 2>&1
V --db "$T/creds.db" alerts flush >"$T/flush4" 2>&1
grep -q "STARTTLS" "$T/flush4" \
    && ok "with credentials, no STARTTLS means no mail" \
    || nok "with credentials, no STARTTLS means no mail: $(cat "$T/flush4")"
eq "and nothing was sent" "$before" "$(ls "$T/mail"/*.eml | wc -l)"

# every mail: both parts, the event id in a header and in the text
$PY - "$T/mail" >"$T/check" <<'PYEOF'
import email, glob, sys
from email import policy
ids = []
for path in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_bytes(open(path, "rb").read(),
                                 policy=policy.default)
    types = [p.get_content_type() for p in m.walk()]
    text = m.get_body(("plain",)).get_content()
    html = m.get_body(("html",)).get_content()
    key = m["X-Vigil-Idempotency-Key"]
    ok = (m.get_content_type() == "multipart/alternative"
          and "text/plain" in types and "text/html" in types
          and m["X-Vigil-Events"] == key
          and ("Events: %s" % key) in text and "advisory.new" in html
          and "CVE-" in m["Subject"])
    ids.append(key if ok else "bad:" + path)
env = open(sorted(glob.glob(sys.argv[1] + "/*.env"))[0]).read()
print(" ".join(sorted(ids, key=lambda x: (len(x), x))))
print(env.replace("\n", ";"))
PYEOF
eq "each mail has a text and an HTML part naming its event" "1 2 3 4 5" \
    "$(sed -n 1p "$T/check")"
eq "envelope sender and both recipients" \
    "from vigil@example.org;to sec@example.org;to ops@example.org;" \
    "$(sed -n 2p "$T/check")"

# the digest is due at midnight: one mail carrying all five events
VIGIL_NOW=$(date -u -d tomorrow +%Y-%m-%dT00:00:01Z) V alerts flush \
    >"$T/flush2" 2>&1
eq "the digest is one message" "sent 1, failed 0 (will be retried), dead-lettered 0" \
    "$(cat "$T/flush2")"
last=$(ls "$T/mail"/*.eml | tail -n 1)
grep -q '^X-Vigil-Events: 1-5' "$last" \
    && ok "the digest names events 1-5" \
    || nok "the digest names events 1-5: $(grep X-Vigil "$last")"
grep -q '^Subject: \[vigil\] digest for ' "$last" \
    && ok "the digest subject" || nok "the digest subject"

# a subject that is not ASCII arrives whole, as RFC 2047 encoded words
V --db "$T/utf.db" rule add utf --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "smtp://127.0.0.1:$port/?to=sec@example.org" >/dev/null
V --db "$T/utf.db" import "$FIX/alert/synthetic_kev_unicode.json" \
    >/dev/null 2>&1
V --db "$T/utf.db" alerts flush >/dev/null 2>&1
last=$(ls "$T/mail"/*.eml | tail -n 1)
eq "the subject decodes to the advisory's own words" True "$($PY - "$last" \
<<'PYEOF'
import email, sys
from email import policy
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=policy.default)
head = raw.split(b"\r\n\r\n")[0]
print("CVE-2099-0007" in m["Subject"]
      and "\u00dcberlauf im Parser \u2014 \u89e3\u6790\u5668" in m["Subject"]
      and max(len(x) for x in head.split(b"\r\n")) <= 78
      and all(b < 0x80 for b in head))
PYEOF
)"

# smtps:// requires TLS: a server that speaks plain SMTP is a failure
export VIGIL_DB="$T/tls.db"
V rule add tls --pattern "$FIX/alert/ok_new_advisories.json" \
    --target "smtps://127.0.0.1:$port/?to=sec@example.org" >/dev/null
V import "$FIX/kev/ok_small.json" >/dev/null
before=$(ls "$T/mail"/*.eml | wc -l)
V alerts flush --timeout 10 >"$T/tls.out" 2>"$T/tls.err"
eq "smtps:// to a plain server fails instead of sending in clear" \
    "sent 0, failed 2 (will be retried), dead-lettered 0" "$(cat "$T/tls.out")"
eq "and no mail arrived" "$before" "$(ls "$T/mail"/*.eml | wc -l)"
export VIGIL_DB="$T/vigil.db"

# a server that is gone: the failure names the server, not the password
kill $smtpd 2>/dev/null; wait $smtpd 2>/dev/null
V import "$FIX/kev/ok_catalog.json" >/dev/null 2>&1
V -v alerts flush >"$T/flush3" 2>&1
V alerts >"$T/list3" 2>&1
grep -q 's3cr' "$T/flush3" "$T/list3" \
    && nok "no password in failure messages" \
    || ok "no password in failure messages"
grep -q 'will be retried' "$T/flush3" \
    && ok "a failed mail is retried later" \
    || nok "a failed mail is retried later: $(cat "$T/flush3")"
finish
