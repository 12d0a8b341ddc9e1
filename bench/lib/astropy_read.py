#!/usr/bin/env python3
"""astropy's reading of a VOTable, as a user does it: parse + to_table. Prints JSON."""
import json
import sys
import time
import warnings

from astropy.io.votable import parse

warnings.simplefilter("ignore")
t0 = time.perf_counter()
table = parse(sys.argv[1]).get_first_table().to_table()
print(json.dumps({"parse_s": time.perf_counter() - t0, "rows": len(table)}))
