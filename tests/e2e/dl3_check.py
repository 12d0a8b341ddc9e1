"""Independent numbers for the quick-look e2e test, read with astropy + numpy from the
same event lists: events per run, and events within a θ² cut of a target (all energies,
no GTI cut, as the quick-look's ON count is defined).

Usage: dl3_check.py RA DEC THETA2_CUT FILE...   prints one JSON object."""
import json
import sys

import numpy as np
from astropy.io import fits

ra0, dec0, cut = (float(v) for v in sys.argv[1:4])
out = {"n_events": 0, "n_on": 0, "runs": []}
for name in sys.argv[4:]:
    with fits.open(name) as f:
        ev = f["EVENTS"].data
        ra = np.radians(ev["RA"].astype(np.float64))
        dec = np.radians(ev["DEC"].astype(np.float64))
    r0, d0 = np.radians(ra0), np.radians(dec0)
    cos_sep = np.sin(dec) * np.sin(d0) + np.cos(dec) * np.cos(d0) * np.cos(ra - r0)
    theta2 = np.degrees(np.arccos(np.clip(cos_sep, -1, 1))) ** 2
    n_on = int(np.count_nonzero(theta2 < cut))
    out["runs"].append({"file": name, "n_events": len(ra), "n_on": n_on})
    out["n_events"] += len(ra)
    out["n_on"] += n_on
print(json.dumps(out))
