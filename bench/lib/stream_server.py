#!/usr/bin/env python3
"""A TAP service that answers every sync query with one large file, as fast as the
client takes it: bench/table streams a 10^6-row answer through the app's own query path
(POST .../sync, read while it arrives) without timing a database.

POST or GET on a path ending in /sync answers the file (Content-Length set, CORS open),
except a query of TAP_SCHEMA (the app's fallback for a service without VOSI tables),
which gets a DALI error; every other path is a 404, as VOSI endpoints of a service that
lacks them are.
"""
import argparse
import http.server
import os
import sys
import urllib.parse

REFUSAL = b"""<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE xmlns="http://www.ivoa.net/xml/VOTable/v1.3" version="1.4"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="ERROR">this benchmark service has no TAP_SCHEMA</INFO>
</RESOURCE></VOTABLE>
"""


class Handler(http.server.BaseHTTPRequestHandler):
    file = None
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, query=""):
        if "tap_schema" in query.lower():
            self.send_response(400)
            self.send_header("Content-Type", "application/x-votable+xml")
            self.send_header("Content-Length", str(len(REFUSAL)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(REFUSAL)
            return
        if not self.path.split("?")[0].endswith("/sync"):
            self.send_response(404)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        size = os.path.getsize(self.file)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-votable+xml")
        self.send_header("Content-Length", str(size))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            with open(self.file, "rb") as f:
                while True:
                    block = f.read(1 << 20)
                    if not block:
                        break
                    self.wfile.write(block)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cancelled

    def do_GET(self):
        self.answer(urllib.parse.unquote_plus(self.path))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.answer(urllib.parse.unquote_plus(body.decode("latin-1")))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--file", required=True)
    p.add_argument("--port", type=int, required=True)
    a = p.parse_args()
    Handler.file = a.file
    server = http.server.ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    sys.stderr.write(f"stream server on {a.port}: {a.file}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()
