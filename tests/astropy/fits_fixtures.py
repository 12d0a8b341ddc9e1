#!/usr/bin/env python3
"""Writes the FITS reader's fixtures with astropy, and what astropy reads back from them.

tests/fixtures/fits/*.fits are made here (nothing else writes them); for each,
tests/fixtures/expected/fits/<file>.json holds, per HDU, its kind, EXTNAME, a few header
values, and for binary tables every column's cells as astropy's Table.read gives them
(TSCAL/TZERO applied, TNULL masked -> null, NaN -> null, arrays flattened in storage
order, complex as [re, im], strings stripped). tests/fixtures/expected/fits/dl3_runs.json
holds EVENTS statistics of three real H.E.S.S. runs (row count, per column sum/min/max/
first/last) for tests/fits_dl3.rs. tests/fixtures/fits/seeds/ holds small files for
the fuzzer (fuzz/run fits).

Regenerate with:  ~/.cache/voscope/venv/bin/python tests/astropy/fits_fixtures.py
"""
import gzip
import io
import json
import math
import pathlib
import struct

import numpy as np
import astropy
from astropy.io import fits
from astropy.table import Table

from expected_votables import value

TESTS = pathlib.Path(__file__).resolve().parents[1]
FIX = TESTS / "fixtures" / "fits"
OUT = TESTS / "fixtures" / "expected" / "fits"
DL3 = TESTS.parent / "data" / "hess-dl3-dr1" / "data"
RUNS = ["023523", "023592", "047802"]


def all_tforms():
    """One table with every TFORM code, repeats, TDIM, unsigned TZERO, TNULL, scaling,
    P and Q arrays, in rows that are not aligned (a 1-byte column comes first)."""
    n = 5
    cols = [
        fits.Column("flag", "L", array=np.array([True, False, True, True, False])),
        fits.Column("flags3", "3L", array=np.array([[True, False, True]] * n)),
        fits.Column("bits", "11X", array=np.array([[i % 2 == 0, True] + [j == i for j in range(9)] for i in range(n)])),
        fits.Column("bit1", "1X", array=np.array([[i % 2 == 1] for i in range(n)])),
        fits.Column("ubyte", "B", array=np.array([0, 1, 127, 200, 255], dtype=np.uint8)),
        fits.Column("sbyte", "B", bzero=-128, array=np.array([-128, -1, 0, 1, 127], dtype=np.int16)),
        fits.Column("short", "I", null=-999, array=np.array([-32768, -999, 0, 7, 32767], dtype=np.int16)),
        fits.Column("ushort", "I", bzero=32768, array=np.array([0, 1, 32768, 40000, 65535], dtype=np.uint16)),
        fits.Column("int3", "3J", dim="(3)", array=np.arange(15, dtype=np.int32).reshape(5, 3) - 7),
        fits.Column("uint", "J", bzero=2**31, array=np.array([0, 1, 2**31, 3_000_000_000, 2**32 - 1], dtype=np.uint32)),
        fits.Column("long", "K", null=-1, unit="count", array=np.array([-(2**63), -1, 0, 2**53 + 1, 2**63 - 1], dtype=np.int64)),
        fits.Column("ulong", "K", bzero=2**63, array=np.array([0, 1, 2**63, 2**63 + 12345, 2**64 - 1], dtype=np.uint64)),
        fits.Column("name", "10A", array=np.array(["Crab", "", "PKS 2155", "a b  ", "1234567890"])),
        fits.Column("grid", "12A", dim="(4,3)", array=np.array([["ab", "cdef", ""]] * n)),
        fits.Column("energy", "E", unit="TeV", array=np.array([1.5, np.nan, -0.0, 3.4e38, 1e-30], dtype=np.float32)),
        fits.Column("matrix", "6E", dim="(3,2)", array=(np.arange(30, dtype=np.float32).reshape(5, 2, 3) / 4)),
        fits.Column("time", "D", unit="s", array=np.array([123890826.0, 0.1, -1e300, np.inf, 5e-324])),
        fits.Column("cplx", "C", array=np.array([1 + 2j, -1j, 0, 3.5, 1e10 + 1e-10j], dtype=np.complex64)),
        fits.Column("dcplx2", "2M", array=np.array([[1 + 2j, 3 - 4j]] * n, dtype=np.complex128)),
        # TSCAL/TZERO are added after writing (see scale_after_writing): astropy cannot
        # write float values into a scaled integer column.
        fits.Column("scaled", "I", null=-32768, array=np.array([0, 1, -32768, 32, 2], dtype=np.int16)),
        fits.Column("fscaled", "E", bscale=2.0, bzero=1.0, array=np.array([1.0, 3.0, 5.0, 7.0, 9.0])),
        fits.Column("vla_e", "PE()", array=np.array([np.array([], dtype=np.float32), np.array([1.5], dtype=np.float32),
                                                     np.array([1, 2, 3], dtype=np.float32), np.array([np.nan, 4], dtype=np.float32),
                                                     np.arange(12, dtype=np.float32)], dtype=object)),
        fits.Column("vla_d", "QD()", array=np.array([np.array([0.25]), np.array([]), np.array([1e100, -2.0]),
                                                     np.array([7.0]), np.array([1.0, 2.0, 3.0, 4.0])], dtype=object)),
        fits.Column("vla_j", "PJ()", array=np.array([np.array([1, 2], dtype=np.int32), np.array([-5], dtype=np.int32),
                                                     np.array([], dtype=np.int32), np.array([2**31 - 1], dtype=np.int32),
                                                     np.array([0, 0, 0], dtype=np.int32)], dtype=object)),
        fits.Column("vla_a", "PA()", array=np.array(["short", "", "a longer string", "x", "Crab Nebula"], dtype=object)),
    ]
    hdu = fits.BinTableHDU.from_columns(cols, name="ALLTYPES")
    h = hdu.header
    h["TTYPE13"] = ("name", "the source name")
    h["TCOMM15"] = "reconstructed energy"
    h["TUCD15"] = "phys.energy"
    h["LONGSTR"] = "This value is longer than one card can hold, so astropy writes it with the long-string convention, CONTINUE after CONTINUE, to the end."
    h["HIERARCH ESO DET CHIP NAME"] = "CCD #1"
    h["TSTART"] = (123890826.0, "[s] start")
    h["BIGEXP"] = 1.0e-300
    h["ISTRUE"] = (True, "a logical")
    h["CPLXKEY"] = (1.5 + 2j)
    h["QUOTED"] = "O'Hara"
    h["COMMENT"] = "a comment card"
    h["HISTORY"] = "made by tests/astropy/fits_fixtures.py"
    return fits.HDUList([fits.PrimaryHDU(), hdu])


def scale_after_writing(path):
    """TSCAL/TZERO on the raw integer column `scaled` (value = 0.5 * stored + 10)."""
    with fits.open(path, mode="update") as hl:
        h = hl[1].header
        i = [h[k] for k in h if k.startswith("TTYPE")].index("scaled") + 1
        h.set(f"TSCAL{i}", 0.5, after=f"TNULL{i}")
        h.set(f"TZERO{i}", 10.0, after=f"TSCAL{i}")


def images_and_tables():
    """A primary image, an IMAGE extension, an empty table and a one-row table: the data
    of the images must be sized and skipped."""
    prim = fits.PrimaryHDU(np.arange(70, dtype=np.int16).reshape(7, 10))
    img = fits.ImageHDU(np.ones((2, 3, 5), dtype=np.float32), name="CUBE")
    empty = fits.BinTableHDU.from_columns([fits.Column("x", "D", array=np.array([]))], name="EMPTY")
    one = fits.BinTableHDU.from_columns([fits.Column("START", "D", unit="s", array=np.array([1.0])),
                                         fits.Column("STOP", "D", unit="s", array=np.array([2.5]))], name="GTI")
    return fits.HDUList([prim, img, empty, one])


def seeds():
    """Small files for the fuzzer (fuzz/run fits, at most 3 blocks each): the columns of
    all_tforms.fits four at a time, so each header fits in one block."""
    (FIX / "seeds").mkdir(exist_ok=True)
    cols = all_tforms()[1].columns
    for k in range(0, len(cols), 4):
        part = [cols[n] for n in cols.names[k:k + 4]]
        hdu = fits.BinTableHDU.from_columns(part, nrows=3, name=f"PART{k // 4}")
        fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(FIX / "seeds" / f"part{k // 4}.fits", overwrite=True)


def cell(v):
    """A cell as JSON: expected_votables.value's conventions (null for masked and NaN,
    "inf", complex as [re, im]), arrays flat, strings without trailing blanks."""
    if isinstance(v, np.ma.MaskedArray) and v.ndim == 0:
        return None if v.mask else cell(v.item())
    if isinstance(v, np.ndarray):
        return [cell(x) for x in v.ravel()]
    if isinstance(v, (bytes, np.bytes_, str)):
        return value(v).rstrip()
    return value(v)


def expected(path):
    out = {"astropy": astropy.__version__, "hdus": []}
    with fits.open(path) as hl:
        for i, h in enumerate(hl):
            d = {"kind": type(h).__name__, "extname": h.header.get("EXTNAME"), "header": {}}
            for key in ["NAXIS", "NAXIS1", "NAXIS2", "NAXIS3", "BITPIX", "PCOUNT", "LONGSTR", "ESO DET CHIP NAME",
                        "TSTART", "BIGEXP", "ISTRUE", "QUOTED"]:
                if key in h.header:
                    d["header"][key] = h.header[key]
            if "CPLXKEY" in h.header:
                c = h.header["CPLXKEY"]
                d["header"]["CPLXKEY"] = [c.real, c.imag]
            if isinstance(h, fits.BinTableHDU):
                t = Table.read(path, hdu=i, mask_invalid=False)
                d["columns"] = []
                for i, name in enumerate(t.colnames, start=1):
                    col = t[name]
                    if h.header[f"TFORM{i}"].lstrip("0123456789").startswith(("PA", "QA")):
                        # A variable-length string: astropy gives its characters.
                        raw = h.data.field(name)
                        vals = ["".join(raw[r].view(np.ndarray).tolist()).rstrip() for r in range(len(t))]
                    else:
                        vals = [cell(col[r]) for r in range(len(t))]
                    d["columns"].append({
                        "name": name,
                        "tform": h.header[f"TFORM{i}"],
                        "unit": h.header.get(f"TUNIT{i}"),
                        "cells": vals,
                    })
            out["hdus"].append(d)
    return out


def dl3_stats():
    out = {"astropy": astropy.__version__, "runs": {}}
    for run in RUNS:
        raw = gzip.decompress((DL3 / f"hess_dl3_dr1_obs_id_{run}.fits.gz").read_bytes())
        with fits.open(io.BytesIO(raw)) as hl:
            ev = hl["EVENTS"]
            cols = {}
            for name in ev.columns.names:
                a = np.asarray(ev.data[name], dtype=np.float64)
                # min/max/first/last also as the bits of the double, for an exact comparison.
                exact = {k: float(v) for k, v in [("min", a.min()), ("max", a.max()), ("first", a[0]), ("last", a[-1])]}
                cols[name] = {"sum": float(a.sum()), **exact,
                              "bits": {k: struct.unpack("<Q", struct.pack("<d", v))[0] for k, v in exact.items()}}
            aeff = np.asarray(hl["AEFF"].data["EFFAREA"][0], dtype=np.float64)
            out["runs"][run] = {
                "naxis2": ev.header["NAXIS2"], "hdus": len(hl), "columns": cols,
                "ra_pnt": ev.header["RA_PNT"], "object": ev.header["OBJECT"],
                "gti": [[float(r["START"]), float(r["STOP"])] for r in hl["GTI"].data],
                "effarea_sum": float(aeff.sum()), "effarea_len": int(aeff.size),
                "effarea_0_47": float(aeff[0, 47]),
            }
    return out


def main():
    FIX.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in [("all_tforms.fits", all_tforms), ("images_and_tables.fits", images_and_tables)]:
        make().writeto(FIX / name, overwrite=True, checksum=False)
        if name == "all_tforms.fits":
            scale_after_writing(FIX / name)
        (OUT / f"{name}.json").write_text(json.dumps(expected(FIX / name), indent=1) + "\n")
    seeds()
    (OUT / "dl3_runs.json").write_text(json.dumps(dl3_stats(), indent=1) + "\n")


if __name__ == "__main__":
    main()
