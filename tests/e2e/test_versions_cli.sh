#!/bin/sh
# test_versions_cli.sh - the hand-checking commands, on cases that other
# trackers got wrong (each a real report), and their errors.
. "$VIGIL_SRC/tests/e2e/lib.sh"

cmp_is() {   # SCHEME A B EXPECTED WHY
    eq "$5" "$4" "$("$VIGIL" version compare "$1" "$2" "$3" 2>&1)"
}
sat_is() {   # SCHEME VERSION RANGE EXPECTED WHY
    eq "$5" "$4" "$("$VIGIL" version satisfies "$1" "$2" "$3" 2>&1)"
}
cmp_is generic 2.8.123e 2.8.75 '>' "generic: 2.8.123e is later than 2.8.75"
cmp_is rpm 1:1.8.0.302.b08-0.el7_9 1:1.8.0.302.b08-0.el7_9 '=' \
    "rpm: an epoch version equals itself"
cmp_is maven 2.414.2-cb-5 2.414.2 '>' "maven: 2.414.2-cb-5 is later"
cmp_is apk 1.6-r0 1.6_rc1-r0 '>' "apk: 1.6-r0 is later than 1.6_rc1-r0"
cmp_is pep440 3.0.10 3.0.1 '>' "pep440: 3.0.10 is later than 3.0.1"
cmp_is dpkg 2.7.15-4ubuntu4~18.04 2.7.15~rc1-1ubuntu0.1 '>' \
    "dpkg: ~18.04 backport is later than ~rc1"
cmp_is semver 1.45.1-lts.1 1.46.0 '<' "semver: 1.45.1-lts.1 < 1.46.0"
cmp_is semver 1.45.1-lts.1 1.0.0 '>' "semver: 1.45.1-lts.1 > 1.0.0"
sat_is npm 1.45.1-lts.1 '<1.46.0' no \
    "npm ranges exclude prereleases (advisories use precedence instead)"
sat_is pep440 1.11.0 '>=0,<1.11.27' yes "pep440 specifier"
sat_is gem 2.2.5 '~> 2.2' yes "gem pessimistic requirement"
sat_is maven 2.14.1 '[2.13.0,2.15.0)' yes "maven interval"

"$VIGIL" version compare dpkg a:1.0 1.0 >/dev/null 2>"$T/e"
eq "an invalid version exits 1" 1 $?
eq "with one line" 1 "$(wc -l <"$T/e" | tr -d ' ')"
"$VIGIL" version compare nosuch 1 2 >/dev/null 2>&1
eq "an unknown scheme is a usage error" 2 $?

"$VIGIL" purl parse 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12' \
    --json >"$T/p.json"
eq "purl: a Debian 12 package maps to Debian:12" "Debian:12" \
    "$(json "j['ecosystem']" "$T/p.json")"
eq "purl: the version is decoded" "3.0.11-1~deb12u2" \
    "$(json "j['version']" "$T/p.json")"
eq "purl: PyPI names are lowercased, _ becomes -" \
    "pkg:pypi/django-rest.framework@3.14" \
    "$("$VIGIL" purl parse 'pkg:PyPI/Django_REST.framework@3.14' 2>&1)"
finish
