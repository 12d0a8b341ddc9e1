#!/usr/bin/env python3
"""Serves a built voscope bundle as a plain static web server would, on 127.0.0.1.

Used by the end-to-end tests (and the size benchmark) instead of `trunk serve`: it is
what observatories deploy. Extra response headers (e.g. a Content-Security-Policy) can
be added with --header to test the app under them; --tls CERT KEY serves https (the
SAMP spec's "deployed on an https site" case, on --bind 127.0.0.2).
"""
import argparse
import functools
import http.server
import mimetypes
import ssl
import sys

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/json", ".json")


class Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers = []

    def end_headers(self):
        for name, value in self.extra_headers:
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, fmt, *args):
        sys.stderr.write("static %s\n" % (fmt % args))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=8090)
    p.add_argument("--header", action="append", default=[], help="'Name: value'")
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve https with this PEM pair")
    a = p.parse_args()
    Handler.extra_headers = [tuple(h.split(": ", 1)) for h in a.header]
    handler = functools.partial(Handler, directory=a.dir)
    server = http.server.ThreadingHTTPServer((a.bind, a.port), handler)
    scheme = "http"
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    print(f"serving {a.dir} on {scheme}://{a.bind}:{a.port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
