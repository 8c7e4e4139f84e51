#!/usr/bin/python3
"""sync_server.py - the HTTP server of tests/e2e/test_sync.sh.

Usage: sync_server.py ROOT PORTFILE LOGFILE SCRIPT

Listens on 127.0.0.1 only, on a free port that it writes to PORTFILE.
Serves the files under ROOT with ETag and Last-Modified validators,
answers conditional requests with 304 and "Range: bytes=N-" requests
(with If-Range) with 206.  /rest/json/cves/2.0 imitates the NVD CVE API
2.0 over the vulnerabilities listed in ROOT/nvd-items.json: paging by
resultsPerPage and startIndex, filtering by lastModStartDate and
lastModEndDate, gzip-compressed for clients that accept it.

SCRIPT is a JSON file {"/path": [response, ...]} read at each request:
the first response listed for the path is used up and the file written
back, so a test scripts failures by writing it.  A response is an object
with any of:
  "pass": true          serve the request normally
  "status", "headers", "body"   answer exactly this
  "truncate": N         announce the whole file, send N bytes, hang up
  "stall_after": N, "stall": S  send N bytes, wait S seconds, hang up
Every request is appended to LOGFILE as one JSON line.
"""
import email.utils
import gzip
import hashlib
import json
import os
import sys
import threading
import time
import urllib.parse
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT, PORTFILE, LOGFILE, SCRIPT = sys.argv[1:5]
LOCK = threading.Lock()
NVD_PATH = "/rest/json/cves/2.0"


def next_scripted(path):
    """Takes the first scripted response for path, or None."""
    with LOCK:
        try:
            with open(SCRIPT, encoding="utf-8") as f:
                script = json.load(f)
        except (OSError, ValueError):
            return None
        todo = script.get(path) or []
        if not todo:
            return None
        first = todo.pop(0)
        script[path] = todo
        tmp = SCRIPT + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(script, f)
        os.replace(tmp, SCRIPT)
        return first


def log(entry):
    with LOCK:
        with open(LOGFILE, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")


def parse_api_time(s):
    # "2024-04-01T13:00:00.000+00:00" and NVD's "2021-12-10T10:15:09.143"
    s = s.replace("Z", "+00:00")
    if "+" not in s[10:] and "-" not in s[10:]:
        s += "+00:00"
    return datetime.fromisoformat(s).timestamp()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        entry = {"path": url.path, "query": url.query,
                 "range": self.headers.get("Range"),
                 "if_range": self.headers.get("If-Range"),
                 "if_none_match": self.headers.get("If-None-Match"),
                 "if_modified_since": self.headers.get("If-Modified-Since"),
                 "apikey": self.headers.get("apiKey")}
        step = next_scripted(url.path) or {"pass": True}
        if not step.get("pass") and "status" in step:
            entry["status"] = step["status"]
            log(entry)
            body = step.get("body", "scripted").encode()
            self.send(step["status"], step.get("headers", {}), body)
            return
        if url.path == NVD_PATH:
            status, head, body = self.nvd(url.query)
        else:
            status, head, body = self.file(url.path)
        # logged before the body goes out, so a stalled request shows
        entry["status"] = status
        log(entry)
        self.reply(status, head, body, step)

    def reply(self, status, head, body, step):
        """Sends body whole, cut short or stalled, as step says."""
        head["Content-Length"] = str(len(body))
        self.send_response(status)
        for k, v in head.items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if "truncate" in step:
            self.wfile.write(body[:step["truncate"]])
        elif "stall_after" in step:
            self.wfile.write(body[:step["stall_after"]])
            self.wfile.flush()
            time.sleep(step.get("stall", 30))
        else:
            self.wfile.write(body)

    def nvd(self, query):
        q = urllib.parse.parse_qs(query)
        with open(os.path.join(ROOT, "nvd-items.json"), encoding="utf-8") as f:
            items = json.load(f)
        if "lastModStartDate" in q:
            a = parse_api_time(q["lastModStartDate"][0])
            z = parse_api_time(q["lastModEndDate"][0])
            items = [i for i in items
                     if a <= parse_api_time(i["cve"]["lastModified"]) <= z]
        per = int(q.get("resultsPerPage", ["2000"])[0])
        start = int(q.get("startIndex", ["0"])[0])
        page = {"resultsPerPage": len(items[start:start + per]),
                "startIndex": start, "totalResults": len(items),
                "format": "NVD_CVE", "version": "2.0",
                "timestamp": "2026-12-01T00:00:00.000",
                "vulnerabilities": items[start:start + per]}
        body = json.dumps(page).encode()
        # API pages go compressed to clients that accept it, as NVD's do
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            return 200, {"Content-Type": "application/json",
                         "Content-Encoding": "gzip"}, gzip.compress(body)
        return 200, {"Content-Type": "application/json"}, body

    def file(self, path):
        """The status, headers and body that serve path."""
        full = os.path.join(ROOT, path.lstrip("/"))
        if ".." in path or not os.path.isfile(full):
            return 404, {}, b"not found"
        with open(full, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
        mtime = int(os.path.getmtime(full))
        lm = email.utils.formatdate(mtime, usegmt=True)
        head = {"ETag": etag, "Last-Modified": lm, "Accept-Ranges": "bytes"}
        if self.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        ims = self.headers.get("If-Modified-Since")
        if (ims and not self.headers.get("If-None-Match") and
                email.utils.parsedate_to_datetime(ims).timestamp() >= mtime):
            return 304, {"ETag": etag}, b""
        status, start = 200, 0
        rng = self.headers.get("Range", "")
        if_range = self.headers.get("If-Range")
        if rng.startswith("bytes=") and rng.endswith("-") and (
                not if_range or if_range in (etag, lm)):
            start = int(rng[6:-1])
            if start >= len(data):
                return 416, {"Content-Range": "bytes */%d" % len(data)}, b""
            status = 206
            head["Content-Range"] = "bytes %d-%d/%d" % (
                start, len(data) - 1, len(data))
        return status, head, data[start:]


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(PORTFILE + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(PORTFILE + ".tmp", PORTFILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
