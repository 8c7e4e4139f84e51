#!/bin/sh
# test_cpe.sh - matching by CPE against NVD configurations: a component
# known only by its CPE is matched (confidence "cpe only"); components of
# a package ecosystem are matched by CPE only when the user turns it on.
. "$VIGIL_SRC/tests/e2e/lib.sh"

"$VIGIL" import "$FIX/nvd/ok_log4shell.json" >/dev/null 2>&1
"$VIGIL" system add appliance --owner ops --criticality high >/dev/null
"$VIGIL" inventory import appliance "$FIX/cyclonedx/ok_cpe_only.json" \
    >/dev/null
"$VIGIL" match --json >"$T/m.json"
cpe_hits() {
    json "sorted((m['component'], m['version'], m['confidence']) for m in \
j['matches'] if m['verdict'] == 'affected')" "$T/m.json"
}
eq "only the CPE-only component matches by default" \
    "[('log4j', '2.14.1', 'cpe only')]" "$(cpe_hits)"
ev=$(json "[m['evidence'] for m in j['matches']][0]" "$T/m.json")
case "$ev" in *2.15.0*) ok "evidence names the NVD range";;
    *) nok "evidence names the NVD range: $ev";; esac

printf '[match]\ncpe_for_packages = yes\n' >"$T/vigil.conf"
"$VIGIL" match --json >"$T/m.json"
eq "without the setting nothing changes" \
    "[('log4j', '2.14.1', 'cpe only')]" "$(cpe_hits)"
VIGIL_CONFIG="$T/vigil.conf" "$VIGIL" match --json >"$T/m.json"
eq "with cpe_for_packages the Maven 2.14.0 matches, 2.12.2 does not" \
    "[('log4j', '2.14.1', 'cpe only'), ('org.apache.logging.log4j:log4j-core', '2.14.0', 'cpe only')]" \
    "$(cpe_hits)"

check "vigil cpe match: NA version does not match 2.4.57" sh -c \
    "test \"\$('$VIGIL' cpe match 'cpe:2.3:a:apache:http_server:-:*:*:*:*:*:*:*' \
'cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*')\" = no"
check "vigil cpe match: ANY version matches 2.4.57" sh -c \
    "test \"\$('$VIGIL' cpe match 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*' \
'cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*')\" = yes"
finish
