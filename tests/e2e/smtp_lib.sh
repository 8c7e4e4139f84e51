# smtp_lib.sh - a real SMTP server for e2e tests: aiosmtpd on a free
# loopback port, saving each message as a .eml file in $T/mail.
# After sourcing: $port is its port, $smtpd its process id, and an EXIT
# trap stops it.  A test without python3-aiosmtpd skips and exits.
PY=/usr/bin/python3
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
    skip "$0: python3-aiosmtpd is not installed (scripts/deps.sh)"
    exit 0
fi
port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0));
print(s.getsockname()[1])')
PYTHONPATH="$VIGIL_SRC/tests/e2e" timeout 120 $PY -m aiosmtpd -n \
    -l "127.0.0.1:$port" -c alert_smtpd.Saver "$T/mail" 2>"$T/smtpd.err" &
smtpd=$!
trap 'kill $smtpd 2>/dev/null; rm -rf "$T"' EXIT
i=0
until $PY -c "import socket; socket.create_connection(('127.0.0.1', $port))" \
    2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
