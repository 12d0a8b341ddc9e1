#!/usr/bin/env python3
"""Makes the real TOPCAT (scripts/peers/samp/start topcat, Xvfb :97) send a row highlight
and a row subset for its current table, the way a user does it, with xdotool:

  --highlight N: Activation Actions (toolbar) › tick "Send row index" (off for a new
     table), close; Table Browser (toolbar) › click row N: TOPCAT's activation sends
     table.highlight.row (the table-id and url it was loaded with) to every client;
  --select A B…: Table Browser › click row A (an activation too), ctrl-click the others,
     "Subset from selected rows" › name it › Transmit Subset (All Clients): TOPCAT sends
     table.select.rowList;
  then the Table Browser is closed.

The current table is the one loaded last (by a peer's table.load.votable, say). Row
numbers are 0-based, as SAMP's; only rows visible without scrolling (0-13) can be
clicked. Positions measured on TOPCAT 4.8.7 (Debian) with its default look and fonts on
the 1280x900 Xvfb screen, no window manager (windows open at TOPCAT's own places).

  topcat_rows.py --highlight 3; topcat_rows.py --select 1 4 7
"""
import argparse
import json
import time

import os
import subprocess

from topcat_send import RUN, click, xdotool


def xdotool_out(*args):
    env = dict(os.environ, DISPLAY=":" + os.environ.get("SAMP_DISPLAY", "97"),
               XAUTHORITY=os.path.join(RUN, "Xauthority"))
    return subprocess.run(["xdotool", *args], env=env, check=True, capture_output=True, text=True).stdout

ACTIVATION_BUTTON = (341, 39)
ACTIVATION_LIST = (170, 400)
SEND_ROW_INDEX_BOX = (100, 451)  # the last entry, with the list scrolled to its end
ACTIVATION_CLOSE = (515, 99)
BROWSER_BUTTON = (160, 39)
FIRST_ROW = (300, 173)
ROW_HEIGHT = 16
SUBSET_BUTTON = (89, 99)
# The "New Subset" dialog opens centred on the browser (which is as tall as the table):
# its Transmit Subset button, from the dialog's top left corner.
TRANSMIT_IN_DIALOG = (131, 111)
BROWSER_CLOSE = (243, 99)


def dialog_xy(title, offset):
    """A point in the visible window of that title (xdotool's geometry of it)."""
    wid = xdotool_out("search", "--onlyvisible", "--name", "^%s$" % title).split()
    if not wid:
        raise SystemExit("TOPCAT shows no %r window" % title)
    geo = dict(line.split("=", 1) for line in xdotool_out("getwindowgeometry", "--shell", wid[-1]).split())
    return (int(geo["X"]) + offset[0], int(geo["Y"]) + offset[1])


def row_xy(row):
    if not 0 <= row <= 13:
        raise SystemExit("row %d is not visible without scrolling (0-13)" % row)
    return (FIRST_ROW[0], FIRST_ROW[1] + row * ROW_HEIGHT)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--highlight", type=int, help="activate this row (ticks Send row index first)")
    ap.add_argument("--select", type=int, nargs="+", help="transmit these rows as a subset")
    ap.add_argument("--subset-name", default="from_topcat")
    a = ap.parse_args()
    if a.highlight is None and not a.select:
        ap.error("--highlight, --select or both")
    if a.highlight is not None:
        click(ACTIVATION_BUTTON, settle=1.5)
        xdotool("mousemove", str(ACTIVATION_LIST[0]), str(ACTIVATION_LIST[1]))
        for _ in range(8):
            xdotool("click", "5")
        time.sleep(0.5)
        click(SEND_ROW_INDEX_BOX)
        click(ACTIVATION_CLOSE)
    click(BROWSER_BUTTON, settle=1.5)
    if a.highlight is not None:
        click(row_xy(a.highlight), settle=1.5)
    if a.select:
        first, *rest = a.select
        click(row_xy(first), settle=1.0)
        xdotool("keydown", "ctrl")
        try:
            for r in rest:
                click(row_xy(r), settle=0.3)
        finally:
            xdotool("keyup", "ctrl")
        click(SUBSET_BUTTON, settle=1.5)
        xdotool("type", a.subset_name)
        click(dialog_xy("New Subset", TRANSMIT_IN_DIALOG), settle=1.5)
    click(BROWSER_CLOSE)
    print(json.dumps({"highlighted": a.highlight, "selected": a.select}))


if __name__ == "__main__":
    main()
