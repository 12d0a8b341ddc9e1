#!/usr/bin/env python3
"""Writes astropy's reading of every VOTable fixture as JSON, for the Rust comparison.

For each file under tests/fixtures/{votable,tap,obscore,datalink} that astropy reads as
a VOTable, tests/fixtures/expected/<dir>/<file>.json holds the first table in document
order as {"fields": [names...], "columns": [[values...], ...]} with null for masked
cells; files astropy rejects get {"astropy_error": "..."}. Files that are not VOTables
at all (VOSI capabilities, tables, ...) are skipped.

Regenerate with:  scripts/lib/venv-python tests/astropy/expected_votables.py
"""
import gzip
import json
import math
import pathlib
import sys
import warnings

import numpy as np
import astropy
from astropy.io.votable import parse

ROOT = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
OUT = ROOT / "expected"
DIRS = ["votable", "tap", "obscore", "datalink"]


def value(v):
    if v is np.ma.masked or v is None:
        return None
    if isinstance(v, np.ma.MaskedArray):
        return [value(x) for x in v.ravel()] if not np.all(v.mask) else None
    if isinstance(v, np.ndarray):
        return [value(x) for x in v.ravel()]
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8", "replace")
    if isinstance(v, (str, np.str_)):
        return str(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (complex, np.complexfloating)):
        return [value(float(v.real)), value(float(v.imag))]
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    return str(v)


def is_votable(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        head = f.read(4096)
    return b"VOTABLE" in head


def main():
    written = 0
    for d in DIRS:
        for path in sorted((ROOT / d).iterdir()):
            if path.suffix in (".json", ".csv", ".htm", ".html", ".parquet", ".txt"):
                continue
            if not is_votable(path):
                continue
            target = OUT / d / (path.name + ".json")
            target.parent.mkdir(parents=True, exist_ok=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    vot = parse(str(path), verify="ignore")
                    tables = list(vot.iter_tables())
                    if not tables:
                        result = {"fields": [], "columns": []}
                    else:
                        t = tables[0]
                        arr = t.array
                        names = arr.dtype.names or ()
                        result = {
                            "fields": [f.name for f in t.fields],
                            "columns": [[value(arr[n][i]) for i in range(len(arr))] for n in names],
                        }
                except Exception as e:  # astropy rejects the file
                    result = {"astropy_error": f"{type(e).__name__}: {e}"}
            result["astropy"] = astropy.__version__
            target.write_text(json.dumps(result, ensure_ascii=False, allow_nan=False) + "\n")
            written += 1
    print(f"wrote {written} expected files under {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
