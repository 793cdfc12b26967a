"""Step 5, typology: low / medium / high sustainability, and the pillar x level matrix.

Thresholds as the dissertation states them (text after Table 13):
    pillar index (1-9):    low 1-3.99, medium 4-6.99, high 7-9
    integral ISDR (3-27):  low 3-10.99, medium 11-18.99, high 19-27
Read as lower bounds on the full-precision value: a pillar index is medium from 4 on and high from
7 on, so 3.995 is low (it is below 4) and 6.999 is medium; ISDR is medium from 11 and high from 19.
"""

import numpy as np
import pandas as pd

from . import PILLARS

LEVELS = ("low", "medium", "high")
THRESHOLDS = {"pillar": (4.0, 7.0), "integral": (11.0, 19.0)}


def level(value, scope="pillar"):
    medium_from, high_from = THRESHOLDS[scope]
    if pd.isna(value):
        return None
    if value >= high_from:
        return "high"
    return "medium" if value >= medium_from else "low"


def levels(values, scope="pillar"):
    """`level` for a whole Series at once (None where the value is missing)."""
    medium_from, high_from = THRESHOLDS[scope]
    v = values.to_numpy(dtype=float)
    out = np.select([v >= high_from, v >= medium_from, v < medium_from], ["high", "medium", "low"], default="")
    return pd.Series(out, index=values.index, dtype=object).where(~np.isnan(v), None)


def add_levels(indices):
    """indices with level_social, level_economic, level_ecological, level_isdr added."""
    out = indices.copy()
    for column in PILLARS:
        out[f"level_{column}"] = levels(out[column], "pillar")
    out["level_isdr"] = levels(out["isdr"], "integral")
    return out


def typology_matrix(indices):
    """Long table pillar, level, region_id: which regions fall in each cell (Table 14), regions in
    the order of `indices`; the integral index is included as pillar `isdr`."""
    rows = []
    for column in (*PILLARS, "isdr"):
        for lv in LEVELS:
            for region_id in indices.loc[indices[f"level_{column}"] == lv, "region_id"]:
                rows.append((column, lv, region_id))
    return pd.DataFrame(rows, columns=["pillar", "level", "region_id"])
