#!/usr/bin/env python3
"""Runs a command and prints {"wall_s", "peak_rss_kb", "exit", "stdout"} as JSON: the
peak resident memory of that one child (a fresh interpreter per measurement)."""
import json
import resource
import subprocess
import sys
import time

t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall_s": wall, "peak_rss_kb": peak, "exit": p.returncode,
                  "stdout": p.stdout.strip()[-2000:], "stderr": p.stderr.strip()[-2000:]}))
