#!/usr/bin/env python3
"""Makes the real TOPCAT (scripts/peers/samp/start topcat, Xvfb :97) send a table to a named
SAMP client, the way a user does it: the table is loaded into TOPCAT by a `table.load.fits`
call (`table.load.votable` for a URL ending .xml, .vot or .votable), then TOPCAT's menu Interop > Send table to... > NAME is clicked with xdotool.

Why the GUI: TOPCAT 4.8.7 has no MType that makes it send a table on (it subscribes to
table.load.*, table.get.stil, table.highlight.row, table.select.rowList, coord.pointAt.sky,
voresource.loadlist*, client.env.get); STILTS (`topcat -stilts tpipe omode=samp
format=fits client=NAME`) sends `table.load.fits` itself but it is not TOPCAT, serves the
table from a server that stops when STILTS exits, and writes only the first table HDU.

What TOPCAT sends is chosen by TOPCAT: `table.load.votable` to a client subscribed to it
(even if it is subscribed to table.load.fits too), `table.load.fits` only to a client
subscribed to table.load.fits and not to table.load.votable. The url is TOPCAT's own
server (http://127.0.0.1:2525/dynamic/N/tN.vot or .fits, no CORS header: a web client
reads it through the hub's URL translator); table-id is the one TOPCAT was given.

  topcat_send.py --url URL [--to NAME]
      --to NAME: a client already on the hub (the web app, say): TOPCAT sends to it; the
                 output says what the hub lists and where it clicked.
      no --to:   a probe client of its own (--subscribe MTYPE..., default table.load.fits)
                 receives TOPCAT's message, fetches the URL it names, and prints the
                 message, the fetched length and first bytes as JSON; exit 1 if none came.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

from astropy.samp import SAMPIntegratedClient

RUN = "/tmp/voscope-peers/samp"
# TOPCAT's control window without a window manager sits at (0, 0); positions measured on
# TOPCAT 4.8.7 (Debian) with its default look and fonts on the 1280x900 Xvfb screen.
INTEROP_MENU = (355, 9)
SEND_TABLE_TO = (410, 123)
FIRST_CLIENT = (580, 118)
CLIENT_ROW = 19
# The MTypes TOPCAT can send a table with: a client subscribed to one of them is listed.
TABLE_LOAD = ("table.load.votable", "table.load.fits", "table.load.cdf", "table.load.pds4",
              "table.load.stil")


def xdotool(*args):
    env = dict(os.environ, DISPLAY=":" + os.environ.get("SAMP_DISPLAY", "97"),
               XAUTHORITY=os.path.join(RUN, "Xauthority"))
    subprocess.run(["xdotool", *args], env=env, check=True)


def click(xy, settle=0.8):
    xdotool("mousemove", str(xy[0]), str(xy[1]))
    time.sleep(0.3)
    xdotool("click", "1")
    time.sleep(settle)


def client_number(cid):
    m = re.search(r"(\d+)$", cid)
    return int(m.group(1)) if m else 0


def listed_in_topcat(client, topcat_id):
    """The clients TOPCAT lists under Send table to..., in its order (registration order)."""
    ids = set()
    for mtype in TABLE_LOAD:
        ids.update(client.get_subscribed_clients(mtype).keys())
    ids.discard(topcat_id)
    return sorted(ids, key=client_number)


def find(client, name):
    """The newest client of that name: a web page closed without unregistering (a
    browser killed by a test) stays listed under the same name for a while."""
    found = [cid for cid in client.get_registered_clients()
             if client.get_metadata(cid).get("samp.name", "").lower() == name.lower()]
    return max(found, key=client_number) if found else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True, help="the table TOPCAT loads (table.load.fits, or .votable by its name)")
    ap.add_argument("--to", help="name of the recipient (default: a probe of this script)")
    ap.add_argument("--subscribe", nargs="+", default=["table.load.fits"],
                    help="the probe's subscriptions (what TOPCAT then sends depends on them)")
    ap.add_argument("--timeout", type=float, default=30)
    args = ap.parse_args()

    got = []
    arrived = threading.Event()
    probe = SAMPIntegratedClient(name="voscope-topcat-driver" if args.to else "voscope-topcat-probe",
                                 description="Makes TOPCAT send a table (voscope's tests)")
    probe.connect()
    me = probe.get_public_id()

    def on_call(private_key, sender_id, msg_id, mtype, params, extra):
        rec = {"mtype": mtype, "params": params, "sender": probe.get_metadata(sender_id).get("samp.name")}
        try:  # fetch while TOPCAT still serves it; reply afterwards, as a careful client does
            with urllib.request.urlopen(params["url"], timeout=20) as r:
                body = r.read()
                rec["fetched"] = {"bytes": len(body), "head": body[:8].hex(), "ascii": body[:6].decode("latin-1"),
                                  "content_type": r.headers.get("Content-Type"),
                                  "cors": r.headers.get("Access-Control-Allow-Origin")}
        except Exception as e:  # reported, not hidden
            rec["fetched"] = {"error": str(e)}
        got.append(rec)
        probe.reply(msg_id, {"samp.status": "samp.ok", "samp.result": {}})
        arrived.set()

    try:
        if not args.to:
            for mtype in args.subscribe:
                probe.bind_receive_call(mtype, on_call)
        topcat = find(probe, "topcat")
        if topcat is None:
            sys.exit("TOPCAT is not on the hub: start it with scripts/peers/samp/start topcat")
        table_id = "topcat-send-%d" % int(time.time())
        load = "table.load.votable" if re.search(r"\.(xml|vot|votable)$", args.url) else "table.load.fits"
        answer = probe.call_and_wait(topcat, {"samp.mtype": load, "samp.params": {
            "url": args.url, "table-id": table_id, "name": os.path.basename(args.url)}}, "60")
        if answer.get("samp.status") != "samp.ok":
            sys.exit("TOPCAT did not load %s: %s" % (args.url, json.dumps(answer)))
        target = me if not args.to else find(probe, args.to)
        if target is None:
            sys.exit("no client named %r on the hub" % args.to)
        # The hub leaves the caller out of its own subscription queries.
        listed = listed_in_topcat(probe, topcat)
        if not args.to:
            listed = sorted(listed + [me], key=client_number)
        if target not in listed:
            sys.exit("%s is not subscribed to a table.load MType: TOPCAT does not list it" % (args.to or "the probe"))
        row = listed.index(target)
        time.sleep(2.0)  # TOPCAT makes the new table current (slower on a loaded machine)
        xdotool("key", "Escape")  # a menu left open by an earlier try would swallow the click
        time.sleep(0.3)
        click(INTEROP_MENU)
        click(SEND_TABLE_TO, settle=1.5)
        click((FIRST_CLIENT[0], FIRST_CLIENT[1] + row * CLIENT_ROW), settle=0.5)
        out = {"loaded": {"url": args.url, "table-id": table_id}, "listed": [
            probe.get_metadata(c).get("samp.name") for c in listed], "clicked_row": row}
        if not args.to:
            arrived.wait(args.timeout)
            out["received"] = got
        print(json.dumps(out, indent=1))
        if not args.to and not got:
            sys.exit(1)
    finally:
        probe.disconnect()


if __name__ == "__main__":
    main()
