#!/usr/bin/env python3
"""astropy's decoding of DL3 event lists, in-process, as a user does it: gunzip, open,
EVENTS columns EVENT_ID, TIME, RA, DEC, ENERGY as float64. Two ways, both timed, best
of N passes over all files each:
  memory  gzip.decompress of the bytes (read before timing) + fits.open(BytesIO)
  path    fits.open(path of the .fits.gz) (astropy's own gzip handling, reading the file)
Per file it also gives [rows, checksum]: the wrapping uint64 sum of the float64 bit
patterns of the five columns, masked to 53 bits (what bench/fits-wasm computes).

Usage: astropy_fits_read.py REPEAT FILE...   → one JSON object on stdout."""
import gzip
import io
import json
import sys
import time
import warnings

import astropy
import numpy as np
from astropy.io import fits

COLUMNS = ["EVENT_ID", "TIME", "RA", "DEC", "ENERGY"]
MASK53 = (1 << 53) - 1


def columns(hdul):
    data = hdul["EVENTS"].data
    return [np.asarray(data[c]).astype(np.float64) for c in COLUMNS]


def checksum(cols):
    total = np.uint64(0)
    for c in cols:
        total = total + np.sum(c.view(np.uint64), dtype=np.uint64)
    return len(cols[0]), int(total) & MASK53


def from_memory(blob):
    with fits.open(io.BytesIO(gzip.decompress(blob))) as hdul:
        return checksum(columns(hdul))


def from_path(path):
    with fits.open(path) as hdul:
        return checksum(columns(hdul))


def best(fn, items, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = [fn(x) for x in items]
        times.append(time.perf_counter() - t0)
    return min(times), times, out


def main():
    warnings.simplefilter("ignore")
    np.seterr(over="ignore")
    repeat, paths = int(sys.argv[1]), sys.argv[2:]
    blobs = [open(p, "rb").read() for p in paths]
    mem_s, mem_all, checks = best(from_memory, blobs, repeat)
    path_s, path_all, checks_path = best(from_path, paths, repeat)
    if checks != checks_path:
        sys.exit("astropy: the two ways of reading gave different columns")
    print(json.dumps({"astropy": astropy.__version__, "numpy": np.__version__,
                      "memory_s": mem_s, "memory_all_s": mem_all,
                      "path_s": path_s, "path_all_s": path_all, "checks": checks}))


if __name__ == "__main__":
    main()
