#!/usr/bin/env python3
"""A local replay of CDS Sesame, for the demo and the tests (there is no internet here).

Answers the real URL shapes, on the CDS path and the CfA mirror path:
  /cgi-bin/nph-sesame/-oxp/SNV?Crab      XML (x) with plain positions (p); resolvers S, N, V
  /cgi-bin/nph-sesame/-oxpI/~SNV?M1      I: all identifiers as <alias>; ~: ask every resolver
  /cgi-bin/nph-sesame/-op/A?castor       plain text (the recorded astropy answers)
  /viz-bin/nph-sesame/...                the same, as the CfA mirror spells it
Names are matched case-insensitively with blanks normalised. Unknown names get Sesame's
real "Nothing found" answer, with HTTP 200 as the real service does. Every answer carries
Access-Control-Allow-Origin: * (as CDS sends).

Records: records/composed.json (real format, composed values; see SOURCES.md) and the
recorded plain-text answers records/astropy_sesame_*.txt.
"""
import argparse
import datetime
import json
import pathlib
import re
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

HERE = pathlib.Path(__file__).resolve().parent
RESOLVER_ORDER = "SNV"


def norm(name):
    return re.sub(r"\s+", "", name).lower()


def load_records():
    targets = {}
    for t in json.loads((HERE / "records" / "composed.json").read_text())["targets"]:
        for n in t["names"]:
            targets[norm(n)] = t
    # Recorded plain-text answers (astropy test data): castor, ngc3642.
    plain = {}
    for f in sorted((HERE / "records").glob("astropy_sesame_*.txt")):
        name, kind = f.stem.replace("astropy_sesame_", "").rsplit("_", 1)
        plain.setdefault(norm(name), {})[kind] = f.read_text()
    return targets, plain


TARGETS, PLAIN = load_records()


def done_comment():
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%b-%d,%H:%M:%Sz")
    return f"<!-- - ====Done ({now})====  -->"


def plain_to_resolver(text):
    """The XML resolver block for a recorded plain-text answer (%J, %I.0, %C.0, %@)."""
    m = re.search(r"^#=(\w+)=([^:]+):", text, re.M)
    name = f"{m.group(1)}={m.group(2).strip()}" if m else "S=Simbad (via url)"
    out = {"name": name}
    j = re.search(r"^%J ([-+\d.]+) ([-+\d.]+)(?: = (.*))?$", text, re.M)
    if j:
        out["jradeg"], out["jdedeg"] = j.group(1), j.group(2)
        if j.group(3):
            out["jpos"] = j.group(3).strip()
    i = re.search(r"^%I\.0 (.*)$", text, re.M)
    if i:
        out["oname"] = i.group(1).strip()
    c = re.search(r"^%C\.0 (.*)$", text, re.M)
    if c:
        out["otype"] = c.group(1).strip()
    return out


def resolver_xml(r, with_aliases):
    lines = [f'  <Resolver name="{escape(r["name"])}">']
    for key in ("INFO", "otype", "jpos", "jradeg", "jdedeg", "oname"):
        if key in r:
            lines.append(f"    <{key}>{escape(r[key])}</{key}>")
    if with_aliases:
        for a in r.get("aliases", []):
            lines.append(f"    <alias>{escape(a)}</alias>")
    lines.append("  </Resolver>")
    return lines


def xml_answer(name, options, resolvers):
    every = "~" in resolvers or "A" in resolvers
    wanted = [c for c in resolvers if c in RESOLVER_ORDER] or list(RESOLVER_ORDER)
    if "A" in resolvers:
        wanted = list(RESOLVER_ORDER)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<Sesame xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:noNamespaceSchemaLocation="http://vizier.u-strasbg.fr/xml/sesame_4x.xsd">',
             f'<Target option="{escape(resolvers)}">',
             f"  <name>{escape(name)}</name>",
             "  <!--  Q0 #1  -->"]
    found = []
    t = TARGETS.get(norm(name))
    if t:
        for c in wanted:
            if c in t["resolvers"]:
                found.append(t["resolvers"][c])
                if not every:
                    break  # Sesame stops at the first resolver that knows the name
    elif norm(name) in PLAIN:
        rec = PLAIN[norm(name)]
        text = rec.get("simbad") or rec.get("all") or next(iter(rec.values()))
        found.append(plain_to_resolver(text))
    if found:
        for r in found:
            lines += resolver_xml(r, "I" in options)
    else:
        lines.append("  <INFO>*** Nothing found ***</INFO>")
    lines += ["</Target>", "</Sesame>", done_comment(), ""]
    return "\n".join(lines)


def plain_answer(name, resolvers):
    rec = PLAIN.get(norm(name))
    if rec:
        if "V" in resolvers and "vizier" in rec and "S" not in resolvers:
            return rec["vizier"]
        return rec.get("all") or rec.get("simbad") or next(iter(rec.values()))
    t = TARGETS.get(norm(name))
    if t:
        r = next(iter(t["resolvers"].values()))
        return (f"# {name}\n#={r['name']}:    1\n%J {r['jradeg']} {r['jdedeg']} = {r.get('jpos', '')}\n"
                f"%I.0 {r.get('oname', name)}\n\n{done_comment()}\n")
    return f"# {name}\n#! *** Nothing found *** \n\n{done_comment()}\n"


class Handler(BaseHTTPRequestHandler):
    server_version = "sesame-replay/1"

    def _send(self, status, body, ctype):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/health":
            return self._send(200, "ok\n", "text/plain")
        m = re.match(r"^/(?:cgi-bin|viz-bin)/nph-sesame(?:/-o([a-zA-Z]*))?(?:/([~A-Z]*))?/?$", url.path)
        if not m:
            return self._send(404, "not a Sesame URL\n", "text/plain")
        options = m.group(1) or ""
        resolvers = m.group(2) or "SNV"
        query = urllib.parse.unquote_plus(url.query)
        if query.startswith("name=") or query.startswith("object="):
            query = query.split("=", 1)[1]
        name = query.strip()
        if not name:
            return self._send(200, f"# (empty)\n#! *** Nothing found *** \n\n{done_comment()}\n", "text/plain")
        if "x" in options:
            return self._send(200, xml_answer(name, options, resolvers), "text/xml;charset=UTF-8")
        return self._send(200, plain_answer(name, resolvers), "text/plain;charset=UTF-8")

    def log_message(self, fmt, *args):
        sys.stderr.write("sesame-replay %s\n" % (fmt % args))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=8082)
    a = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    print(f"Sesame replay on http://127.0.0.1:{a.port}/cgi-bin/nph-sesame", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
