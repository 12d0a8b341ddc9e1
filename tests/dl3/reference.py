#!/usr/bin/env python3
"""Issue 16's fixed-parameter quick-look numbers for DL3 event lists, computed with
astropy + numpy, independently of voscope (tests/dl3_reference.rs compares the two).

Usage: reference.py FILE...   prints a JSON list, one object per file, in argument order.

Every rule is written out as the issue states it. Columns are widened to float64 before
any arithmetic, and each expression is the issue's own (floor((v + 1) / 0.05), not a
numpy histogram with its own edge handling), so equal inputs give equal bits.
"""
import json
import math
import sys

import numpy as np
from astropy.io import fits


def f64(column):
    return np.asarray(column, dtype=np.float64)


def energy_hist(energy):
    # Edges 10^(-1 + k/8) TeV, k = 0..24, with Python's pow on scalars (the C library's,
    # as Rust's powf); bin k holds edge[k] <= E < edge[k+1], the last bin closed at 100.
    edges = np.array([10.0 ** (-1 + k / 8) for k in range(25)])
    below = energy < edges[0]
    above = energy > edges[-1]
    inside = energy[~below & ~above]
    k = np.searchsorted(edges, inside, side="right") - 1
    k[inside == edges[-1]] = 23
    return {
        "counts": [int(c) for c in np.bincount(k, minlength=24)],
        "n_below": int(below.sum()),
        "n_above": int(above.sum()),
    }


def counts_map(ra, dec, ra_pnt, dec_pnt):
    # x = wrap(RA - RA_PNT into [-180, 180)) * cos(DEC_PNT), y = DEC - DEC_PNT;
    # pixel floor((v + 1) / 0.05), the last pixel closed at +1; pixels[iy][ix].
    d = ra - ra_pnt
    d = np.where(d >= 180.0, d - 360.0, np.where(d < -180.0, d + 360.0, d))
    x = d * math.cos(math.radians(dec_pnt))
    y = dec - dec_pnt
    keep = (x >= -1.0) & (x <= 1.0) & (y >= -1.0) & (y <= 1.0)
    ix = np.minimum(np.floor((x[keep] + 1.0) / 0.05), 39).astype(np.int64)
    iy = np.minimum(np.floor((y[keep] + 1.0) / 0.05), 39).astype(np.int64)
    pixels = np.zeros((40, 40), dtype=np.int64)
    np.add.at(pixels, (iy, ix), 1)
    return {"pixels": pixels.tolist()}


def light_curve(time, tstart, tstop, starts, stops):
    # 60 s bins from TSTART, n = ceil((TSTOP - TSTART)/60), k = floor((TIME - TSTART)/60);
    # only events with START <= TIME < STOP for some GTI.
    n = math.ceil((tstop - tstart) / 60.0)
    in_gti = np.zeros(time.shape, dtype=bool)
    for a, b in zip(starts, stops):
        in_gti |= (time >= a) & (time < b)
    k = np.floor((time[in_gti] - tstart) / 60.0)
    k = k[(k >= 0) & (k < n)].astype(np.int64)
    return {
        "counts": [int(c) for c in np.bincount(k, minlength=n)],
        "n_outside_gti": int((~in_gti).sum()),
    }


def aeff_at(hdu, energy):
    # EFFAREA at THETA index 0 (numpy shape [theta][energy]) in the bin with
    # ENERG_LO <= E < ENERG_HI, the stored float32 edges widened to float64.
    lo = f64(hdu.data["ENERG_LO"][0])
    hi = f64(hdu.data["ENERG_HI"][0])
    area = f64(hdu.data["EFFAREA"][0])
    (i,) = np.nonzero((lo <= energy) & (energy < hi))
    return float(area[0][i[0]])


def reference(path):
    with fits.open(path, memmap=False) as f:
        ev = f["EVENTS"]
        h = ev.header
        time, ra, dec, energy = (f64(ev.data[c]) for c in ("TIME", "RA", "DEC", "ENERGY"))
        gti = f["GTI"].data
        starts, stops = f64(gti["START"]), f64(gti["STOP"])
        ra_pnt, dec_pnt = float(h["RA_PNT"]), float(h["DEC_PNT"])
        return {
            "obs_id": int(h["OBS_ID"]),
            "n_events": int(len(ev.data)),
            "livetime_s": float(h["LIVETIME"]),
            "energy_hist": energy_hist(energy),
            "counts_map": counts_map(ra, dec, ra_pnt, dec_pnt),
            "light_curve": light_curve(time, float(h["TSTART"]), float(h["TSTOP"]), starts, stops),
            "gti": [[float(a), float(b)] for a, b in zip(starts, stops)],
            "aeff_m2": {"1": aeff_at(f["AEFF"], 1.0), "10": aeff_at(f["AEFF"], 10.0)},
        }


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: reference.py FILE...")
    json.dump([reference(p) for p in sys.argv[1:]], sys.stdout)
    sys.stdout.write("\n")
