#!/usr/bin/env python3
"""A standard-profile SAMP client for the tests (astropy SAMPIntegratedClient).

It subscribes to everything, records every message it receives as a JSON line (--log),
answers calls with samp.ok, and does what it is told on a small HTTP control port on
127.0.0.1 (never elsewhere):

  GET  /health    {"connected": bool, "hub": url}
  GET  /records   every message received so far (a JSON list)
  GET  /clients   the hub's other clients: id, samp.name, subscriptions
  POST /call      {"to": name-or-id, "mtype": ..., "params": {...}, "timeout": s}
                  -> the recipient's SAMP response (call_and_wait), or {"error": ...}
  POST /notify    {"to": name-or-id, "mtype": ..., "params": {...}}
  POST /silent    {"mtypes": [...]}: record calls of these MTypes but never answer them
                  (a hung peer, for the callers' time limits); [] answers everything again
  GET  /files/F   file F of --files, with NO CORS header (what a web client must fetch
                  through the hub's URL translator)

It reconnects by itself when the hub restarts.
"""
import argparse
import json
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from astropy.samp import SAMPIntegratedClient

lock = threading.Lock()
records = []


class Recorder:
    def __init__(self, log):
        self.log = log
        self.client = None
        self.silent = set()

    def record(self, kind, private_key, sender_id, msg_id, mtype, params, extra):
        rec = {"t": time.time(), "kind": kind, "sender": sender_id, "msg_id": msg_id,
               "mtype": mtype, "params": params}
        try:
            rec["sender_name"] = self.client.get_metadata(sender_id).get("samp.name")
        except Exception:  # the sender may be gone already
            rec["sender_name"] = None
        with lock:
            records.append(rec)
            with open(self.log, "a") as f:
                f.write(json.dumps(rec) + "\n")

    def on_call(self, private_key, sender_id, msg_id, mtype, params, extra):
        self.record("call", private_key, sender_id, msg_id, mtype, params, extra)
        if mtype in self.silent:
            return
        self.client.reply(msg_id, {"samp.status": "samp.ok", "samp.result": {}})

    def on_notification(self, private_key, sender_id, mtype, params, extra):
        self.record("notification", private_key, sender_id, None, mtype, params, extra)

    def connected(self):
        try:
            return self.client is not None and self.client.is_connected and self.client.ping() is not None
        except Exception:
            return False

    def connect(self):
        c = SAMPIntegratedClient(name="voscope-test-recorder",
                                 description="Records what it receives (voscope's tests)")
        c.connect()
        self.client = c
        c.bind_receive_call("*", self.on_call)
        c.bind_receive_notification("*", self.on_notification)

    def keep_connected(self):
        while True:
            if not self.connected():
                try:
                    if self.client is not None:
                        try:
                            self.client.disconnect()
                        except Exception:
                            pass
                        self.client = None
                    self.connect()
                except Exception:
                    self.client = None
            time.sleep(1)

    def find(self, to):
        ids = self.client.get_registered_clients()
        if to in ids:
            return to
        # The newest of that name: a client killed without unregistering stays listed.
        for i in reversed(ids):
            try:
                if self.client.get_metadata(i).get("samp.name") == to:
                    return i
            except Exception:
                pass
        raise KeyError(f"no client named {to!r}")

    def clients(self):
        out = []
        for i in self.client.get_registered_clients():
            md = self.client.get_metadata(i)
            out.append({"id": i, "name": md.get("samp.name"),
                        "subscriptions": sorted(self.client.get_subscriptions(i).keys())})
        return out


def handler_for(rec, files):
    class Handler(BaseHTTPRequestHandler):
        def send_json(self, status, obj):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path == "/health":
                ok = rec.connected()
                return self.send_json(200 if ok else 503, {"connected": ok})
            if self.path == "/records":
                with lock:
                    return self.send_json(200, list(records))
            if self.path.startswith("/files/") and files:
                name = os.path.basename(self.path[len("/files/"):])
                path = os.path.join(files, name)
                if name and os.path.isfile(path):
                    with open(path, "rb") as f:
                        body = f.read()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/x-votable+xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                return self.send_json(404, {"error": "no such file"})
            if self.path == "/clients":
                try:
                    return self.send_json(200, rec.clients())
                except Exception as e:
                    return self.send_json(503, {"error": str(e)})
            self.send_json(404, {"error": "unknown path"})

        def do_POST(self):
            try:
                n = int(self.headers.get("Content-Length", "0"))
                req = json.loads(self.rfile.read(n) or b"{}")
                if self.path == "/silent":
                    rec.silent = set(req.get("mtypes", []))
                    return self.send_json(200, {"silent": sorted(rec.silent)})
                to = rec.find(req["to"])
                message = {"samp.mtype": req["mtype"], "samp.params": req.get("params", {})}
                if self.path == "/call":
                    r = rec.client.call_and_wait(to, message, str(req.get("timeout", 10)))
                    return self.send_json(200, r)
                if self.path == "/notify":
                    rec.client.notify(to, message)
                    return self.send_json(200, {})
                self.send_json(404, {"error": "unknown path"})
            except Exception as e:
                self.send_json(500, {"error": f"{type(e).__name__}: {e}"})

        def log_message(self, fmt, *args):
            pass

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=21099)
    p.add_argument("--log", default="/tmp/voscope-peers/samp/recorder.jsonl")
    p.add_argument("--files", help="a directory whose files GET /files/ serves")
    a = p.parse_args()
    rec = Recorder(a.log)
    threading.Thread(target=rec.keep_connected, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", a.port), handler_for(rec, a.files))

    def stop(*_):
        # Unregister, or the hub keeps listing a client that no longer answers.
        try:
            rec.client.disconnect()
        except Exception:
            pass
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"SAMP recorder, control on http://127.0.0.1:{a.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
