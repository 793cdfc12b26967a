"""Helpers to compare recomputed numbers with the dissertation's, as printed (data/reference)."""

from decimal import Decimal

import pandas as pd

from sdi.metadata import alias_map, normalise_name

from conftest import ROOT

REFERENCE = ROOT / "data" / "reference" / "2023"


def half_unit(printed):
    """Half a unit of the last printed digit: '8.66' -> 0.005, '5.6' -> 0.05, '17' -> 0.5."""
    return 0.5 * 10 ** Decimal(printed).as_tuple().exponent


def matches(recomputed, printed):
    # 1e-9 absorbs floating-point noise on a value exactly half a unit away
    return abs(recomputed - float(printed)) <= half_unit(printed) + 1e-9


def read_reference(name, regions=None):
    """A reference table as text (printed digits kept); with `regions`, indexed by region_id."""
    table = pd.read_csv(REFERENCE / f"{name}.csv", dtype=str, keep_default_na=False)
    if regions is not None:
        names = alias_map(regions)
        table.index = [names[normalise_name(r)] for r in table["region"]]
    return table
