"""alert_webhook.py - a webhook receiver for vigil's end-to-end tests.

  python3 alert_webhook.py --port P --out DIR [--secret S] [--fail N]
                           [--sleep SECONDS] [--lifetime SECONDS]

Listens on 127.0.0.1:P.  Each POST must carry X-Vigil-Signature equal
to sha256=HMAC-SHA256(secret, body) when --secret is given; a bad or
missing one is answered 401 and counted in DIR/bad.  The first N
requests are answered 500.  Others are recorded: the idempotency key is
appended to DIR/keys (one a line) and the body saved as DIR/NNNN.json,
then, after --sleep seconds, answered 200.  DIR/started gets a line
before each request is handled.  The server stops after --lifetime
seconds (120) whatever happens.
"""
import argparse
import hashlib
import hmac
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
state = {"n": 0, "saved": 0}


def append(path, line):
    with lock:
        with open(path, "a") as f:
            f.write(line + "\n")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        a = self.server.args
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        append(os.path.join(a.out, "started"), "request")
        with lock:
            state["n"] += 1
            n = state["n"]
        if a.secret is not None:
            want = "sha256=" + hmac.new(a.secret.encode(), body,
                                        hashlib.sha256).hexdigest()
            got = self.headers.get("X-Vigil-Signature", "")
            if not hmac.compare_digest(want, got):
                append(os.path.join(a.out, "bad"), got or "(none)")
                self.send_response(401)
                self.end_headers()
                return
        if n <= a.fail:
            self.send_response(500)
            self.end_headers()
            return
        key = self.headers.get("X-Vigil-Idempotency-Key", "(none)")
        with lock:
            state["saved"] += 1
            name = os.path.join(a.out, "%04d.json" % state["saved"])
        with open(name, "wb") as f:
            f.write(body)
        append(os.path.join(a.out, "keys"), key)
        time.sleep(a.sleep)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--secret")
    p.add_argument("--fail", type=int, default=0)
    p.add_argument("--sleep", type=float, default=0)
    p.add_argument("--lifetime", type=float, default=120)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.args = a
    threading.Timer(a.lifetime, srv.shutdown).start()
    open(os.path.join(a.out, "ready"), "w").close()
    srv.serve_forever()


if __name__ == "__main__":
    main()
