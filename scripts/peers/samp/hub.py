#!/usr/bin/env python3
"""astropy's SAMP hub with the Web Profile on http://localhost:21012, for the tests.

The Web Profile asks the user before a web page may register. astropy asks on the
terminal by default; a hub started for tests has nobody at a terminal, so with
--test-consent it answers itself: it accepts registrations from loopback origins ONLY
(http://127.0.0.1:…, http://localhost:…), and refuses every one while the policy file
says "refuse" (how the tests play a user who says no); "accept-any" accepts every origin
(the user who says yes to a deployed https site, for the one spec that plays it). Without --test-consent the hub
asks on the terminal, as astropy does. Every decision is a JSON line in --log.
"""
import argparse
import json
import signal
import sys
import threading
import time
import urllib.parse

from astropy.samp import SAMPHubServer, WebProfileDialog

LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def loopback(origin):
    try:
        return urllib.parse.urlsplit(origin).hostname in LOOPBACK
    except ValueError:
        return False


class TestConsent(WebProfileDialog):
    """Consent without a person: loopback origins, unless the policy file says refuse."""

    def __init__(self, policy, log):
        self.policy = policy
        self.log = log

    def show_dialog(self, samp_name, details, client, origin):
        try:
            with open(self.policy) as f:
                policy = f.read().strip() or "accept"
        except OSError:
            policy = "accept"
        accept = policy == "accept-any" or (loopback(origin) and policy != "refuse")
        with open(self.log, "a") as f:
            f.write(json.dumps({"t": time.time(), "event": "consent", "name": samp_name,
                                "origin": origin, "client": list(client), "policy": policy,
                                "accepted": accept}) + "\n")
        if accept:
            self.consent()
        else:
            self.reject()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--test-consent", metavar="POLICY_FILE",
                   help="answer the Web Profile consent dialog automatically (tests only)")
    p.add_argument("--log", default="/tmp/voscope-peers/samp/hub.jsonl")
    a = p.parse_args()
    dialog = TestConsent(a.test_consent, a.log) if a.test_consent else None
    hub = SAMPHubServer(addr="127.0.0.1", web_profile=True, web_profile_dialog=dialog,
                        mode="single", label="voscope test hub")
    hub.start(wait=False)
    with open(a.log, "a") as f:
        f.write(json.dumps({"t": time.time(), "event": "start", "url": hub._url}) + "\n")
    print(f"SAMP hub at {hub._url}, Web Profile on http://localhost:21012", flush=True)
    stopping = threading.Event()

    def stop(*_):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping.is_set() and hub.is_running:
        if dialog is not None:
            dialog.handle_queue()
        time.sleep(0.05)
    hub.stop()
    with open(a.log, "a") as f:
        f.write(json.dumps({"t": time.time(), "event": "stop"}) + "\n")
    sys.exit(0)


if __name__ == "__main__":
    main()
