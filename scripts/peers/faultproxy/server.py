#!/usr/bin/env python3
"""A fault-injecting proxy in front of the local DaCHS, and a hostile TAP service, for the
hostile-input tests (tests/e2e/hostile.spec.js). Python stdlib only; 127.0.0.1 only.

Faults, chosen per request by the first path segment (only `/sync` gets the fault; the
VOSI endpoints and everything else pass through, so the service still loads):
  /ok/tap/...        DaCHS as it is
  /slow/tap/sync     waits SLOW_SECONDS before answering (progress and Cancel)
  /trickle/tap/sync  DaCHS's answer, 200 bytes every 0.5 s
  /truncate/tap/sync DaCHS's VOTable cut in the middle, the connection closed cleanly
  /cut/tap/sync      the same, but with the full Content-Length declared (a network error)
  /500/tap/sync      HTTP 500 with an HTML page (with script in it); /503/, /404/ likewise
  /html/tap/sync     HTTP 200 text/html: a login page with script in it
  /htmlvot/tap/sync  DaCHS's VOTable, labelled text/html
  /json/tap/sync     HTTP 200 application/json
Hostile documents (generated here, never committed):
  /hostile/<case>/tap/{capabilities,availability,tables,sync}
     case: dl-<datalink case> (one row whose access_url is that DataLink document),
           script (HTML and script in cells, units, descriptions, INFOs, PARAMs, names;
           javascript:/data: URLs in access_url cells and LINK hrefs), laughs (billion
           laughs DTD), xxe (external entity SYSTEM file:///etc/passwd), deep (100 000
           nested elements), bigcell (one 100 MB cell), truncated (cut mid-TABLEDATA)
  /hostile/datalink/<case>   a DataLink document: script (javascript:/data: links,
                             script in descriptions), laughs, xxe, deep
Every answer carries Access-Control-Allow-Origin: <the request's Origin> (DaCHS's own
CORS header is replaced), so a page on any local port can use it.
"""
import argparse
import http.client
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM = ("127.0.0.1", 8081)
SLOW_SECONDS = 30
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1;alert(1)">'


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


P = esc(PAYLOAD)
XSS_URLS = [
    "javascript:window.__pwned=1",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>window.__pwned=1</script>",
    "vbscript:msgbox(1)",
]


def laughs_dtd(root):
    s = f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n<!ENTITY lol "lol">\n'
    s += '<!ENTITY lol1 "' + "&lol;" * 10 + '">\n'
    for i in range(2, 10):
        s += f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">\n'
    return s + "]>\n"


def xxe_dtd(root):
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'


def prolog(case, root):
    """The DTD of a laughs or xxe case, else nothing."""
    return {"laughs": laughs_dtd, "xxe": xxe_dtd}.get(case, lambda _: "")(root)


def votable(rows, fields, prolog="", extra_meta="", resource_extra=""):
    """A TABLEDATA VOTable; fields are (name, unit, description) of char columns."""
    out = [prolog, '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">',
           '<RESOURCE type="results">', '<INFO name="QUERY_STATUS" value="OK"/>', extra_meta,
           "<TABLE>"]
    for name, unit, desc in fields:
        u = f' unit="{unit}"' if unit is not None else ""
        out.append(f'<FIELD name="{name}"{u} datatype="char" arraysize="*">'
                   f"<DESCRIPTION>{desc}</DESCRIPTION></FIELD>")
    out.append("<DATA><TABLEDATA>")
    for r in rows:
        out.append("<TR>" + "".join(f"<TD>{c}</TD>" for c in r) + "</TR>")
    out.append("</TABLEDATA></DATA></TABLE>" + resource_extra + "</RESOURCE></VOTABLE>")
    return "\n".join(out)


def script_votable(base):
    fields = [("obs_id", None, P), (f"name{P}", P, P), ("access_url", None, "link"),
              ("access_format", None, "format")]
    dl = f"{base}/hostile/datalink/script"
    rows = [["hostile-1", P, XSS_URLS[0], "text/plain"],
            ["hostile-2", P, XSS_URLS[1], "text/plain"],
            ["hostile-3", P, esc(XSS_URLS[2]), "text/plain"],
            ["hostile-4", P, esc(XSS_URLS[3]), "text/plain"],
            ["hostile-5", P, XSS_URLS[4], "text/plain"],
            ["hostile-dl", P, esc(dl), "application/x-votable+xml;content=datalink"]]
    meta = (f'<DESCRIPTION>{P}</DESCRIPTION><INFO name="hostile_info" value="{P}">{P}</INFO>'
            f'<PARAM name="hostile_param{P}" value="{P}" unit="{P}" datatype="char" arraysize="*"/>'
            f'<LINK href="javascript:window.__pwned=1" content-role="doc"/>')
    return votable(rows, fields, extra_meta=meta)


def datalink_doc(case, base):
    fields = [("ID", None, "id"), ("access_url", None, "url"), ("service_def", None, "sd"),
              ("error_message", None, "err"), ("semantics", None, "sem"),
              ("description", None, P), ("content_type", None, "ct"),
              ("content_length", None, "cl")]
    if case == "script":
        rows = [["ivo://x?1", esc(u), "", "", "#this", P, "text/html", "10"] for u in XSS_URLS]
        rows.append(["ivo://x?2", "http://127.0.0.1:8083/ok-product", "", "", "#preview", P,
                     "image/png", "10"])
        return votable(rows, fields)
    if case == "laughs":
        return votable([["ivo://x?1", "http://127.0.0.1:8083/p", "", "", "#this", "&lol9;",
                         "x", "1"]], fields, prolog=laughs_dtd("VOTABLE"))
    if case == "xxe":
        return votable([["ivo://x?1", "http://127.0.0.1:8083/p", "", "", "#this", "&xxe;",
                         "x", "1"]], fields, prolog=xxe_dtd("VOTABLE"))
    if case == "deep":
        return deep_votable()
    return None


def deep_votable():
    n = 100_000
    return ('<VOTABLE version="1.4">' + "<RESOURCE>" * n + "</RESOURCE>" * n + "</VOTABLE>")


def hostile_sync(case, base):
    fields = [("obs_id", None, "id"), ("target_name", None, "name")]
    if case == "script":
        return script_votable(base)
    if case == "laughs":
        return votable([["laughs-1", "&lol9;"]], fields, prolog=laughs_dtd("VOTABLE"))
    if case == "xxe":
        return votable([["xxe-1", "&xxe;"]], fields, prolog=xxe_dtd("VOTABLE"))
    if case == "deep":
        return deep_votable()
    if case.startswith("dl-"):
        # One row whose product is a hostile DataLink document.
        return votable([[case, f"{esc(base)}/hostile/datalink/{case[3:]}",
                         "application/x-votable+xml;content=datalink"]],
                       [("obs_id", None, "id"), ("access_url", None, "url"),
                        ("access_format", None, "format")])
    if case == "truncated":
        doc = votable([[f"row-{i}", f"target {i}"] for i in range(200)], fields)
        return doc[: doc.index("<TR><TD>row-150")] + "<TR><TD>row-15"
    return None


def capabilities(case):
    body = ('<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:tr="http://www.ivoa.net/xml/TAPRegExt/v1.0">'
            '<capability standardID="ivo://ivoa.net/std/TAP" xsi:type="tr:TableAccess">'
            '<interface role="std"><accessURL use="base">http://127.0.0.1:8083/</accessURL></interface>'
            '<language><name>ADQL</name><version ivo-id="ivo://ivoa.net/std/ADQL#v2.0">2.0</version>'
            f'<description>{"&lol9;" if case == "laughs" else "&xxe;" if case == "xxe" else P}</description></language>'
            "</capability></vosi:capabilities>")
    if case == "deep":
        return "<capabilities>" + "<a>" * 100_000 + "</a>" * 100_000 + "</capabilities>"
    return prolog(case, "capabilities") + body


def tables(case):
    text = {"laughs": "&lol9;", "xxe": "&xxe;"}.get(case, P)
    body = ('<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0">'
            f'<schema><name>hostile</name><description>{text}</description>'
            f'<table><name>hostile.t{P}</name><description>{text}</description>'
            f'<column><name>c{P}</name><description>{text}</description><unit>{P}</unit></column>'
            "</table></schema></vosi:tableset>")
    if case == "deep":
        return "<tableset>" + "<schema>" * 100_000 + "</schema>" * 100_000 + "</tableset>"
    return prolog(case, "tableset") + body


def availability(case):
    note = {"laughs": "&lol9;", "xxe": "&xxe;"}.get(case, P)
    body = ('<vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">'
            f"<vosi:available>true</vosi:available><vosi:note>{note}</vosi:note></vosi:availability>")
    return prolog(case, "availability") + body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("faultproxy %s\n" % (fmt % args))

    def cors(self):
        origin = self.headers.get("Origin")
        self.send_header("Access-Control-Allow-Origin", origin or "*")
        self.send_header("Access-Control-Allow-Private-Network", "true")

    def answer(self, status, ctype, body, length=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.send_header("Connection", "close")
        self.cors()
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def do_OPTIONS(self):
        self.send_response(204)
        self.cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.handle_any(None)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.handle_any(self.rfile.read(n) if n else b"")

    def handle_any(self, body):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if url.path == "/health":
            return self.answer(200, "text/plain", "ok\n")
        base = f"http://{self.headers.get('Host') or '127.0.0.1:8083'}"
        if parts[0] == "hostile" and len(parts) >= 3:
            return self.hostile(parts[1:], base, body)
        if len(parts) >= 2 and parts[1] == "tap":
            return self.fault(parts[0], "/" + "/".join(parts[1:]), url.query, body)
        return self.answer(404, "text/plain", f"no such path here: {url.path}\n")

    def hostile(self, parts, base, body):
        votype = "application/x-votable+xml"
        if parts[0] == "datalink":
            doc = datalink_doc(parts[1], base)
            return self.answer(200, votype, doc) if doc else self.answer(404, "text/plain", "no such case\n")
        case, endpoint = parts[0], parts[-1]
        if endpoint == "capabilities":
            return self.answer(200, "text/xml", capabilities(case))
        if endpoint == "availability":
            return self.answer(200, "text/xml", availability(case))
        if len(parts) >= 3 and parts[-2] == "tables" or endpoint == "tables":
            return self.answer(200, "text/xml", tables(case))
        if endpoint == "sync":
            query = urllib.parse.parse_qs((body or b"").decode("utf-8", "replace")).get("QUERY", [""])[0]
            if case.startswith("bigcell"):
                if "DISTINCT" in query.upper():
                    return self.answer(200, votype, votable([], [("x", None, "x")]))
                # bigcell: 100 MB; bigcell-<n>: n MB.
                mb = int(case[8:]) if case[8:].isdigit() else 100
                return self.bigcell(mb)
            doc = hostile_sync(case, base)
            if doc is not None:
                return self.answer(200, votype, doc)
        return self.answer(404, "text/plain", "no such hostile case\n")

    def bigcell(self, mb):
        """One cell of `mb` MB, generated while sent."""
        head = votable([["big", "@@"]], [("obs_id", None, "id"), ("big", None, "100 MB")])
        pre, post = head.split("@@")
        size = mb * 1024 * 1024
        block = b"0123456789abcdef" * 4096
        total = len(pre.encode()) + size + len(post.encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/x-votable+xml")
        self.send_header("Content-Length", str(total))
        self.send_header("Connection", "close")
        self.cors()
        self.end_headers()
        try:
            self.wfile.write(pre.encode())
            for _ in range(size // len(block)):
                self.wfile.write(block)
            self.wfile.write(post.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def upstream(self, path, query, body):
        conn = http.client.HTTPConnection(*UPSTREAM, timeout=120)
        target = path + (f"?{query}" if query else "")
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("content-type", "accept", "user-agent")}
        headers["Origin"] = "http://127.0.0.1"
        conn.request(self.command, target, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r, data

    def fault(self, fault, path, query, body):
        is_sync = path.rstrip("/").endswith("/sync")
        if not is_sync or fault == "ok":
            return self.passthrough(path, query, body)
        if fault == "slow":
            time.sleep(SLOW_SECONDS)
            return self.passthrough(path, query, body)
        if fault in ("500", "503", "404"):
            page = (f"<!DOCTYPE html><html><head><title>{fault} Internal Error</title>"
                    f"<script>window.__pwned=1</script></head><body><h1>Server error {fault}</h1>"
                    f'<p>The database is on fire.</p><img src=x onerror="window.__pwned=1"></body></html>')
            return self.answer(int(fault), "text/html", page)
        if fault == "html":
            page = ("<!DOCTYPE html><html><head><title>Login</title><script>window.__pwned=1</script>"
                    '</head><body><form>Please log in</form><img src=x onerror="window.__pwned=1"></body></html>')
            return self.answer(200, "text/html; charset=utf-8", page)
        if fault == "json":
            return self.answer(200, "application/json", '{"error": "<script>window.__pwned=1</script>"}')
        r, data = self.upstream(path, query, body)
        if fault == "htmlvot":
            return self.answer(r.status, "text/html", data)
        if fault in ("truncate", "cut"):
            half = data[: len(data) // 2]
            self.send_response(r.status)
            self.send_header("Content-Type", r.getheader("Content-Type") or "application/x-votable+xml")
            if fault == "cut":
                self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.cors()
            self.end_headers()
            self.wfile.write(half)
            self.wfile.flush()
            self.close_connection = True
            return None
        if fault == "trickle":
            self.send_response(r.status)
            self.send_header("Content-Type", r.getheader("Content-Type") or "application/x-votable+xml")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.cors()
            self.end_headers()
            try:
                for i in range(0, len(data), 200):
                    self.wfile.write(data[i:i + 200])
                    self.wfile.flush()
                    time.sleep(0.5)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return None
        return self.answer(400, "text/plain", f"unknown fault {fault!r}\n")

    def passthrough(self, path, query, body):
        try:
            r, data = self.upstream(path, query, body)
        except OSError as e:
            return self.answer(502, "text/plain", f"DaCHS did not answer: {e}\n")
        status = r.status
        self.send_response(status)
        for k, v in r.getheaders():
            if k.lower() in ("content-type", "location"):
                if k.lower() == "location":
                    # Keep redirects (async job URLs) behind the proxy.
                    v = v.replace("http://127.0.0.1:8081", f"http://{self.headers.get('Host')}/ok")
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.cors()
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True
        return None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=8083)
    a = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print(f"faultproxy on http://127.0.0.1:{a.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
