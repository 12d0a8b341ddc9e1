#!/usr/bin/env python3
"""Builds the demo ObsCore table of very-high-energy gamma-ray observations.

Output: one CSV (all ObsCore 1.1 columns plus a few x_ columns) with
  * the 105 real H.E.S.S. DL3 DR1 runs (data/hess_dl3_dr1_obscore.csv, CC-BY-4.0 and the
    H.E.S.S. terms in data/HESS-DL3-DR1-README.txt), with s_fov and s_region derived;
  * deterministic synthetic runs and higher-level products of H.E.S.S., MAGIC, VERITAS,
    LST-1 and HAWC, pointed at real VHE sources with real coordinates, labelled
    SYNTH-* in obs_collection, with ivo://voscope.invalid/... identifiers and, having no
    file, an access_url to the table's description page on the local DaCHS.

Usage: make_data.py OUT.csv [--rows N]   (default N = 10000 rows in all)
"""
import csv
import math
import random
import sys

# Synthetic rows have no file: their access_url is the page of this demo's table on the
# local DaCHS (what these rows are and how they were made), so no link in the demo leads
# nowhere. make_data.py writes it relative; the resource descriptor makes it absolute.
SYNTHETIC_URL = "tableinfo/gammaobs.main"

HC_EV_M = 1.239841984e-6  # h*c in eV*m: wavelength of a photon of energy E is hc/E
TEV = 1e12

# Real VHE sources: name, RA, Dec (ICRS deg), class, relative observing interest.
SOURCES = [
    ("Crab Nebula", 83.63308, 22.01450, "PWN", 2),
    ("PKS 2155-304", 329.71694, -30.22559, "BLL", 6),
    ("RX J1713.7-3946", 258.3875, -39.7625, "SNR", 5),
    ("MSH 15-52", 228.5292, -59.1575, "PWN", 4),
    ("Vela X", 128.75, -45.6, "PWN", 4),
    ("Vela Pulsar", 128.83606, -45.17643, "PSR", 2),
    ("Galactic Centre", 266.41683, -29.00781, "GC", 6),
    ("Mrk 421", 166.11381, 38.20883, "BLL", 7),
    ("Mrk 501", 253.46757, 39.76017, "BLL", 6),
    ("1ES 1959+650", 299.99938, 65.14851, "BLL", 3),
    ("Cas A", 350.85, 58.815, "SNR", 3),
    ("W28", 270.4, -23.3, "SNR", 2),
    ("HESS J1825-137", 276.55, -13.58, "PWN", 3),
    ("Geminga", 98.47564, 17.77025, "PSR", 2),
    ("IC 443", 94.25, 22.53, "SNR", 3),
    ("M 87", 187.70593, 12.39112, "AGN", 3),
    ("Cen A", 201.36506, -43.01911, "AGN", 2),
    ("PKS 1510-089", 228.21055, -9.09995, "FSRQ", 2),
    ("3C 279", 194.04653, -5.78931, "FSRQ", 2),
    ("BL Lac", 330.68038, 42.27777, "BLL", 2),
    ("LS 5039", 276.56272, -14.84841, "XRB", 2),
    ("Westerlund 1", 251.7667, -45.8517, "SFR", 2),
    ("Tycho", 6.334, 64.136, "SNR", 1),
    ("SN 1006", 225.6, -41.9, "SNR", 2),
    ("Eta Carinae", 161.26517, -59.68442, "STAR", 1),
    ("PKS 2005-489", 302.35574, -48.83156, "BLL", 2),
    ("1ES 0229+200", 38.20256, 20.28819, "BLL", 1),
    ("NGC 1275", 49.95067, 41.51170, "AGN", 2),
]

# Facilities: name, instrument(s) with (start MJD, end MJD), site latitude, wobble (deg),
# field of view (deg, diameter), PSF (deg), threshold at zenith (TeV), collection.
FACILITIES = [
    dict(name="H.E.S.S.", instruments=[("H.E.S.S. Phase I", 53005, 56500), ("H.E.S.S. II", 56500, 60676)],
         lat=-23.27, wobble=0.5, fov=5.0, psf=0.1, e0=0.12, coll="SYNTH-HESS", weight=3, run_s=1680),
    dict(name="MAGIC", instruments=[("MAGIC stereo", 54935, 60676)],
         lat=28.76, wobble=0.4, fov=3.5, psf=0.08, e0=0.05, coll="SYNTH-MAGIC", weight=3, run_s=1200),
    dict(name="VERITAS", instruments=[("VERITAS", 54466, 60676)],
         lat=31.675, wobble=0.5, fov=3.5, psf=0.1, e0=0.1, coll="SYNTH-VERITAS", weight=3, run_s=1800),
    dict(name="CTAO-North", instruments=[("LST-1", 59215, 60676)],
         lat=28.76, wobble=0.4, fov=4.5, psf=0.1, e0=0.02, coll="SYNTH-LST1", weight=1, run_s=1200),
]

COLUMNS = [
    "dataproduct_type", "dataproduct_subtype", "calib_level", "obs_collection", "obs_id",
    "obs_title", "obs_publisher_did", "obs_creator_did", "access_url", "access_format",
    "access_estsize", "target_name", "target_class", "s_ra", "s_dec", "s_fov", "s_region_deg",
    "s_resolution", "s_xel1", "s_xel2", "s_pixel_scale", "t_min", "t_max", "t_exptime",
    "t_resolution", "t_xel", "em_min", "em_max", "em_res_power", "em_xel", "em_ucd", "o_ucd",
    "pol_states", "pol_xel", "facility_name", "instrument_name", "preview",
    "x_n_tels", "x_zen_pnt", "x_event_count", "x_product_url",
]

# The H.E.S.S. runs are published through DataLink (the RD's dl service lists the event
# file, its IRFs and the release notes); the RD turns this marker into the dlmeta URL.
DATALINK_FORMAT = "application/x-votable+xml;content=datalink"

# Where configure puts the project's copy of the release (data/hess-dl3-dr1/), relative to
# the RD's data/ directory: the RD makes it the product's getproduct URL on this DaCHS, so
# every file the demo lists is served from 127.0.0.1 (same origin and CORS as TAP).
HESS_RELEASE_DIR = "hess-dl3-dr1/"


def offset(ra, dec, dist, angle):
    """The point `dist` degrees from (ra, dec) towards position angle `angle` (deg)."""
    d, a = math.radians(dist), math.radians(angle)
    r0, d0 = math.radians(ra), math.radians(dec)
    d1 = math.asin(math.sin(d0) * math.cos(d) + math.cos(d0) * math.sin(d) * math.cos(a))
    r1 = r0 + math.atan2(math.sin(a) * math.sin(d) * math.cos(d0), math.cos(d) - math.sin(d0) * math.sin(d1))
    return math.degrees(r1) % 360.0, math.degrees(d1)


def circle_polygon(ra, dec, radius, n=12):
    """A field of view as an n-gon (DaCHS's obscore s_region is a pgsphere polygon)."""
    pts = [offset(ra, dec, radius, 360.0 * k / n) for k in range(n)]
    return " ".join(f"{p[0]:.5f} {p[1]:.5f}" for p in pts)


def wavelength(e_tev):
    return HC_EV_M / (e_tev * TEV)


def hess_rows():
    with open(sys.path[0] + "/data/hess_dl3_dr1_obscore.csv", newline="") as f:
        for r in csv.DictReader(f):
            ra, dec = float(r["s_ra"]), float(r["s_dec"])
            out = {c: "" for c in COLUMNS}
            for c in COLUMNS:
                if c in r:
                    out[c] = r[c]
            out["obs_title"] = f"H.E.S.S. run {r['obs_id']} on {r['target_name']}"
            out["x_product_url"] = HESS_RELEASE_DIR + r["access_url"]
            out["access_url"] = ""
            out["access_format"] = DATALINK_FORMAT
            out["s_fov"] = "5.0"
            out["s_region_deg"] = circle_polygon(ra, dec, 2.5)
            out["s_resolution"] = "0.1"
            out["x_n_tels"] = r["x_n_tels"]
            out["x_zen_pnt"] = r["x_zen_pnt"]
            out["x_event_count"] = r["x_event_count"]
            yield out


def synthetic_rows(n, rng):
    weights = [s[4] for s in SOURCES]
    runs = 0
    while runs < n:
        fac = rng.choices(FACILITIES, weights=[f["weight"] for f in FACILITIES])[0]
        src = rng.choices(SOURCES, weights=weights)[0]
        name, sra, sdec, cls, _ = src
        if abs(sdec - fac["lat"]) > 55:
            continue  # never above the horizon at a usable zenith angle
        inst, start, end = rng.choice(fac["instruments"])
        # A night of runs on the source: 2 to 6 consecutive runs.
        night = rng.uniform(start, end)
        night = math.floor(night) + rng.uniform(0.05, 0.35)
        zen0 = abs(sdec - fac["lat"]) + rng.uniform(0, 15)
        for k in range(rng.randint(2, 6)):
            if runs >= n:
                break
            runs += 1
            angle = [0, 90, 180, 270][k % 4]
            ra, dec = offset(sra, sdec, fac["wobble"], angle)
            t_min = night + k * (fac["run_s"] + 120) / 86400.0
            duration = fac["run_s"] * rng.uniform(0.6, 1.0)
            zen = min(zen0 + 3 * k * rng.uniform(-1, 1), 70)
            e_th = fac["e0"] / max(math.cos(math.radians(zen)), 0.3) ** 2.7
            events = int(duration * rng.uniform(5, 40))
            obs_id = f"{fac['coll'][6:].lower()}-{int(night)}-{runs:06d}"
            yield {
                "dataproduct_type": "event", "dataproduct_subtype": "", "calib_level": "2",
                "obs_collection": fac["coll"], "obs_id": obs_id,
                "obs_title": f"{inst} run on {name} (synthetic)",
                "obs_publisher_did": f"ivo://voscope.invalid/gammaobs?{obs_id}",
                "obs_creator_did": "",
                "access_url": SYNTHETIC_URL, "access_format": "text/html", "access_estsize": str(max(events // 20, 50)),
                "target_name": name, "target_class": cls,
                "s_ra": f"{ra:.6f}", "s_dec": f"{dec:.6f}", "s_fov": f"{fac['fov']}",
                "s_region_deg": circle_polygon(ra, dec, fac["fov"] / 2),
                "s_resolution": f"{fac['psf']}", "s_xel1": "", "s_xel2": "", "s_pixel_scale": "",
                "t_min": f"{t_min:.8f}", "t_max": f"{t_min + duration / 86400.0:.8f}",
                "t_exptime": f"{duration * 0.93:.1f}", "t_resolution": "1e-06", "t_xel": str(events),
                "em_min": f"{wavelength(100.0):.6e}", "em_max": f"{wavelength(e_th):.6e}",
                "em_res_power": "6.7", "em_xel": "", "em_ucd": "em.energy", "o_ucd": "phot.count",
                "pol_states": "", "pol_xel": "", "facility_name": fac["name"], "instrument_name": inst,
                "preview": "", "x_n_tels": str(rng.choice([2, 3, 4]) if fac["name"] != "MAGIC" else 2),
                "x_zen_pnt": f"{zen:.2f}", "x_event_count": str(events),
            }
        # Now and then a higher-level product for the source: a spectrum or a sky cube.
        if rng.random() < 0.08 and runs < n:
            runs += 1
            kind = rng.choice(["spectrum", "cube", "image"])
            level = {"spectrum": "3", "cube": "3", "image": "4"}[kind]
            obs_id = f"{fac['coll'][6:].lower()}-{kind}-{runs:06d}"
            t0 = rng.uniform(start, end - 400)
            yield {
                "dataproduct_type": kind, "dataproduct_subtype": "", "calib_level": level,
                "obs_collection": fac["coll"], "obs_id": obs_id,
                "obs_title": f"{inst} {kind} of {name} (synthetic)",
                "obs_publisher_did": f"ivo://voscope.invalid/gammaobs?{obs_id}",
                "obs_creator_did": "",
                "access_url": SYNTHETIC_URL, "access_format": "text/html", "access_estsize": str(rng.randint(200, 20000)),
                "target_name": name, "target_class": cls,
                "s_ra": f"{sra:.6f}", "s_dec": f"{sdec:.6f}", "s_fov": f"{fac['fov']}",
                "s_region_deg": circle_polygon(sra, sdec, fac["fov"] / 2),
                "s_resolution": f"{fac['psf']}",
                "s_xel1": "" if kind == "spectrum" else "200", "s_xel2": "" if kind == "spectrum" else "200",
                "s_pixel_scale": "" if kind == "spectrum" else "0.02",
                "t_min": f"{t0:.8f}", "t_max": f"{t0 + rng.uniform(30, 400):.8f}",
                "t_exptime": f"{rng.uniform(5, 120) * 3600:.1f}", "t_resolution": "", "t_xel": "",
                "em_min": f"{wavelength(100.0):.6e}", "em_max": f"{wavelength(fac['e0'] * 1.5):.6e}",
                "em_res_power": "6.7", "em_xel": "" if kind == "image" else str(rng.choice([12, 24, 30])),
                "em_ucd": "em.energy", "o_ucd": "phot.flux.density" if kind == "spectrum" else "phot.count",
                "pol_states": "", "pol_xel": "", "facility_name": fac["name"], "instrument_name": inst,
                "preview": "", "x_n_tels": "", "x_zen_pnt": "", "x_event_count": "",
            }


def hawc_rows(rng):
    """HAWC survey sky maps (a water-Cherenkov observatory: wide field, no pointing)."""
    for i, (name, ra, dec, cls, _) in enumerate(SOURCES):
        if not -26 < dec < 64:
            continue
        obs_id = f"hawc-map-{i:03d}"
        yield {
            "dataproduct_type": "image", "dataproduct_subtype": "", "calib_level": "4",
            "obs_collection": "SYNTH-HAWC", "obs_id": obs_id,
            "obs_title": f"HAWC significance map around {name} (synthetic)",
            "obs_publisher_did": f"ivo://voscope.invalid/gammaobs?{obs_id}", "obs_creator_did": "",
            "access_url": SYNTHETIC_URL, "access_format": "text/html",
            "access_estsize": "4200", "target_name": name, "target_class": cls,
            "s_ra": f"{ra:.6f}", "s_dec": f"{dec:.6f}", "s_fov": "10.0",
            "s_region_deg": circle_polygon(ra, dec, 5.0), "s_resolution": "0.3",
            "s_xel1": "500", "s_xel2": "500", "s_pixel_scale": "0.02",
            "t_min": "57188.0", "t_max": f"{57188.0 + rng.uniform(1500, 2400):.1f}",
            "t_exptime": f"{rng.uniform(1500, 2400) * 86400 * 0.2:.1f}", "t_resolution": "", "t_xel": "",
            "em_min": f"{wavelength(316.0):.6e}", "em_max": f"{wavelength(0.3):.6e}", "em_res_power": "2",
            "em_xel": "", "em_ucd": "em.energy", "o_ucd": "stat.value", "pol_states": "", "pol_xel": "",
            "facility_name": "HAWC", "instrument_name": "HAWC", "preview": "",
            "x_n_tels": "", "x_zen_pnt": "", "x_event_count": "",
        }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    total = 10000
    if "--rows" in sys.argv:
        total = int(sys.argv[sys.argv.index("--rows") + 1])
    rng = random.Random(20261124)
    rows = list(hess_rows()) + list(hawc_rows(rng))
    rows += list(synthetic_rows(total - len(rows), rng))
    with open(sys.argv[1], "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows -> {sys.argv[1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
