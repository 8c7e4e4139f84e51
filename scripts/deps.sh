#!/bin/sh
# deps.sh - installs the Debian 12 packages that building and testing
# vigil need, only those that are missing.  Run as root.
set -e
pkgs="make gcc clang pkg-config libc6-dev
libsqlite3-dev sqlite3 libcjson-dev libarchive-dev libinih-dev
libcurl4-openssl-dev libxml2-dev libsodium-dev libmicrohttpd-dev
libpcre2-dev libpq-dev libcmocka-dev zlib1g-dev libyaml-dev
python3 python3-aiosmtpd postgresql mandoc ca-certificates
chromium chromium-driver fonts-dejavu-core wrk"

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "deps.sh: missing packages:$missing; run as root to install" >&2
    exit 1
fi
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
