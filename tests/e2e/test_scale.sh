#!/bin/sh
# test_scale.sh - vigil run on the whole PyPI OSV collection and the KEV
# catalog against a real CycloneDX SBOM (a Python tool's dependencies).
# The expected matches and non-matches below were checked by hand
# against each advisory's ranges; the comment on each row says why.
. "$VIGIL_SRC/tests/e2e/lib.sh"
need_shared

cat >"$T/vigil.conf" <<CONF
[vigil]
database = $T/scale.db

[source "pypi"]
path = $DATA/scale/osv-pypi-json

[source "kev"]
path = $DATA/kev/known_exploited_vulnerabilities.json

[system "jake"]
owner = tools-team
env = staging
criticality = medium
inventory = $DATA/sbom/cyclonedx/defectdojo/jake2.json
CONF

"$VIGIL" --db "$T/scale.db" run --config "$T/vigil.conf" >"$T/report.md" 2>"$T/run.err"
eq "vigil run exits 0" 0 $?
grep -q "^# Summary of the last 7 days" "$T/report.md" \
    && ok "the weekly report is printed" || nok "the weekly report is printed"
"$VIGIL" --db "$T/scale.db" match --json >"$T/m.json"
"$VIGIL" --db "$T/scale.db" list --json >"$T/l.json"
n=$(json "len(j)" "$T/l.json")
[ "$n" -gt 10 ] && ok "security updates created ($n)" \
    || nok "security updates created ($n)"

# verdict SOURCE-ID COMPONENT: affected, unknown or none
verdict() {
    json "([m['verdict'] for m in j['matches'] if m['source'] == '$1' \
and m['component'].lower() == '$2'] + ['none'])[0]" "$T/m.json"
}

# record, component, expected, why
while read -r rec comp want why; do
    eq "$comp vs $rec: $why" "$want" "$(verdict "$rec" "$comp")"
done <<'ROWS'
PYSEC-2023-192 urllib3 affected 1.26.8 in [0, 1.26.17), second pair of one range
PYSEC-2023-212 urllib3 affected 1.26.8 in [0, 1.26.18)
PYSEC-2021-108 urllib3 none fixed in 1.26.5 < 1.26.8
PYSEC-2021-59 urllib3 none range [1.26.0, 1.26.4) ends before 1.26.8
PYSEC-2023-11 cryptography affected 36.0.1 in [1.8, 39.0.1)
PYSEC-2023-254 cryptography affected 36.0.1 in [3.1, 41.0.6)
PYSEC-2023-112 cryptography none range [40.0.0, 41.0.2) starts after 36.0.1
PYSEC-2022-43012 setuptools affected 58.1.0 < 65.5.1
PYSEC-2023-228 pip affected 21.2.4 < 23.3
PYSEC-2021-437 pip none fixed in 21.1 < 21.2.4
PYSEC-2023-117 pygments affected 2.11.2 < 2.15.1
PYSEC-2021-141 pygments none fixed in 2.7.4 < 2.11.2
PYSEC-2022-42969 py affected last_affected 1.11.0 includes 1.11.0
PYSEC-2020-92 py none fixed in 1.10.0 < 1.11.0
PYSEC-2022-42986 certifi affected 2021.10.8 in [2017.11.5, 2022.12.7)
PYSEC-2024-60 idna affected 3.3 in [0.1, 3.7)
PYSEC-2023-74 requests affected 2.27.1 in [2.3.0, 2.31.0) beside a GIT range
PYSEC-2018-28 requests none fixed in 2.20.0 < 2.27.1
PYSEC-2022-234 poetry none fixed in 1.1.9 < 1.1.12
PYSEC-2011-23 virtualenv none fixed in 1.5 < 20.13.0
ROWS

# evidence: the matching range is named
ev=$(json "[m['evidence'] for m in j['matches'] if m['source'] == \
'PYSEC-2023-192'][0]" "$T/m.json")
case "$ev" in *1.26.17*) ok "evidence names the matching range";;
    *) nok "evidence names the matching range: $ev";; esac
finish
