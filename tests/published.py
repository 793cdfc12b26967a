"""Helpers to compare recomputed numbers with the dissertation's, as printed (data/reference), and to
derive numbers by hand: plain Python on the CSV text, independent of the code under test."""

import csv
import re
from decimal import Decimal

import pandas as pd
from conftest import RAW, ROOT

from sdi.inputs.metadata import alias_map, load_regions, normalise_name

REFERENCE = ROOT / "data" / "reference" / "2023"
REGION_IDS = alias_map(load_regions(RAW / "regions.csv"))
NATIONAL = "KZ"


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


def csv_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def reference_rows(name):
    """{region_id: {column: printed text}} of a reference table with a `region` column."""
    return {REGION_IDS[normalise_name(r["region"])]: r for r in csv_rows(REFERENCE / f"{name}.csv")}


def raw_column(pillar, code):
    """{region_id: value or None (blank)} of one indicator over the 20 regions, from the raw CSV text."""
    rows = csv_rows(RAW / "2023" / f"{pillar}.csv")
    column = {REGION_IDS[normalise_name(r["region"])]: (float(r[code]) if r[code] else None) for r in rows}
    column.pop(NATIONAL)
    return column


def printed_cells_per_table():
    """How many numbers each published table prints, from the shapes of the reference files."""
    counts = {}
    for table, name in (
        ("7", "table07_statistics"),
        ("8", "table08_statistics"),
        ("9", "table09_statistics"),
        ("10", "table10_social_scores"),
        ("11", "table11_economic_scores"),
        ("12", "table12_ecological_scores"),
        ("13", "table13_integral"),
    ):
        rows = csv_rows(REFERENCE / f"{name}.csv")
        counts[table] = len(rows) * (len(rows[0]) - 1)  # every column but the row label
    regions = len([r for r in csv_rows(RAW / "regions.csv") if r["region_id"] != NATIONAL])
    # Table 14: one class per region and pillar; a cell printing "all regions" stands for every region
    counts["14"] = sum(
        regions if r["region"] == "Барлық аймақтар" else 1 for r in csv_rows(REFERENCE / "table14_typology.csv")
    )
    counts["text"] = len(csv_rows(REFERENCE / "text_claims.csv"))
    return counts


# a number in a printed band: digits, a decimal comma; not the digits of a variable name (B17, В5)
BAND_NUMBER = re.compile(r"(?<![A-Za-zА-Яа-я\d,])\d+(?:,\d+)?")


def printed_risk_cells_per_table():
    """How many numbers (and codes, and statements) Tables 15-20 and the text on the risks print, from the
    reference files' text: a code each, every number in a band cell, every non-blank map cell."""
    counts = {}
    for table, name in (
        ("15", "table15_social_risk_criteria"),
        ("16", "table16_economic_risk_criteria"),
        ("17", "table17_ecological_risk_criteria"),
    ):
        rows = csv_rows(REFERENCE / f"{name}.csv")
        counts[table] = sum(
            1 + sum(len(BAND_NUMBER.findall(r[level])) for level in ("high", "medium", "low")) for r in rows
        )
    for table, name in (
        ("18", "table18_social_risk_map"),
        ("19", "table19_economic_risk_map"),
        ("20", "table20_ecological_risk_map"),
    ):
        cells = csv_rows(REFERENCE / f"{name}.csv")
        counts[table] = sum(
            len(BAND_NUMBER.findall(c["printed"])) if c["kind"] == "threshold" else 1
            for c in cells
            if c["kind"] in ("threshold", "code", "region", "summary") and c["printed"].strip()
        )
    counts["text_risk"] = len(csv_rows(REFERENCE / "risk_text_claims.csv"))
    return counts


def expected_differences():
    return csv_rows(REFERENCE / "expected_differences.csv")


def predicted_summary(printed_counts):
    """{table: [compared, matched, explained, unexplained]}: what the summary must say, from the cells
    each table prints and the expected list (every listed cell a mismatch, explained unless listed so)."""
    listed = expected_differences()
    predicted = {}
    for table, printed in printed_counts.items():
        mine = [r for r in listed if r["table"] == table]
        unexplained = sum(r["diagnosis"] == "unexplained" for r in mine)
        predicted[table] = [printed, printed - len(mine), len(mine) - unexplained, unexplained]
    return predicted
