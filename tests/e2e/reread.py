"""Reads an exported file with astropy (not voscope) and prints it as JSON for the
end-to-end tests: column names, row count, a named column's values, and the INFOs.
Usage: reread.py FILE COLUMN   (FILE .vot or .csv)"""
import json
import sys

from astropy.io import ascii, votable

path, column = sys.argv[1], sys.argv[2]
if path.endswith(".csv"):
    t = ascii.read(path, format="csv")
    infos, params = [], []
else:
    doc = votable.parse(path)
    t = doc.get_first_table().to_table()
    res = doc.resources[0]
    infos = [[i.name, i.value] for i in res.infos]
    params = [[p.name, str(p.value)] for p in doc.get_first_table().params]
    serialization = doc.get_first_table().format
col = t[column]
mask = getattr(col, "mask", None)
values = [None if mask is not None and mask[i] else str(col[i]) for i in range(len(col))]
print(json.dumps({
    "columns": t.colnames,
    "rows": len(t),
    "values": values,
    "infos": infos,
    "params": params,
    "format": None if path.endswith(".csv") else serialization,
}))
