"""Step 5, typology: low / medium / high sustainability, and the pillar x level matrix.

Thresholds as the dissertation states them (text after Table 13; transcribed as printed in
data/reference/2023/levels.csv, which a test checks against these):
    pillar index (1-9):    low 1-3.99, medium 4-6.99, high 7-9
    integral ISDR (3-27):  low 3-10.99, medium 11-18.99, high 19-27
Read as lower bounds: a pillar index is medium from 4 on and high from 7 on, so 3.995 is low (it is
below 4) and 6.999 is medium; ISDR is medium from 11 and high from 19. The value compared is rounded
to `COMPARED_DECIMALS` (9) decimals, so an index that is exactly 4 but computes as 3.9999999999999996
(the mean of 1.2, 8.2 and 2.6) is medium, while 3.995 stays low. `worked_level` compares one value
with the thresholds step by step, for the notebook to check against the table.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdi import PILLARS
from sdi.method.scoring import COMPARED_DECIMALS

LEVELS = ("low", "medium", "high")
THRESHOLDS = {"pillar": (4.0, 7.0), "integral": (11.0, 19.0)}  # (medium from, high from)


def levels(values: pd.Series, scope: str = "pillar") -> pd.Series:
    """The level of every value of a Series (None where the value is missing)."""
    medium_from, high_from = THRESHOLDS[scope]
    v = np.round(values.to_numpy(dtype=float), COMPARED_DECIMALS)
    out = np.select([v >= high_from, v >= medium_from], ["high", "medium"], default="low")
    return pd.Series(out, index=values.index, dtype=object).where(~np.isnan(v), None)


def level(value: float, scope: str = "pillar") -> str | None:
    """The level of one value (None if it is missing)."""
    return levels(pd.Series([value], dtype=float), scope).iloc[0]


def add_levels(indices: pd.DataFrame) -> pd.DataFrame:
    """indices with level_social, level_economic, level_ecological, level_isdr added."""
    out = indices.copy()
    for column in PILLARS:
        out[f"level_{column}"] = levels(out[column], "pillar")
    out["level_isdr"] = levels(out["isdr"], "integral")
    return out


def typology_matrix(indices: pd.DataFrame) -> pd.DataFrame:
    """Long table pillar, level, region_id: which regions fall in each cell (Table 14), regions in
    the order of `indices`; the integral index is included as pillar `isdr`."""
    rows: list[tuple[str, str, str]] = []
    for column in (*PILLARS, "isdr"):
        for lv in LEVELS:
            for region_id in indices.loc[indices[f"level_{column}"] == lv, "region_id"]:
                rows.append((column, lv, region_id))
    return pd.DataFrame(rows, columns=["pillar", "level", "region_id"])


@dataclass(frozen=True)
class WorkedLevel:
    """One value's level, step by step (`worked_level`)."""

    value: float
    scope: str  # "pillar" (1-9) or "integral" (ISDR, 3-27)
    compared: float  # the value rounded to COMPARED_DECIMALS decimals: what is compared
    medium_from: float
    high_from: float
    level: str | None  # None where the value is missing


def worked_level(value: float, scope: str = "pillar") -> WorkedLevel:
    """The level of one index value, by comparing it with the two lower bounds in turn (high first)."""
    medium_from, high_from = THRESHOLDS[scope]
    compared = round(float(value), COMPARED_DECIMALS)
    if np.isnan(compared):
        found = None
    elif compared >= high_from:
        found = "high"
    elif compared >= medium_from:
        found = "medium"
    else:
        found = "low"
    return WorkedLevel(float(value), scope, compared, medium_from, high_from, found)
