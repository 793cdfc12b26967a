"""Tables 15-20 regenerated: band texts, the map layout with levels, the workbook's fills, reproducibility."""

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from sdi import risk
from sdi.metadata import load_indicators, load_regions
from sdi.risk_publish import (RISK_COLOURS, band_text, criteria_table, map_table, number_text,
                              write_risk_tables)
from sdi.risk_thresholds import load_thresholds

from conftest import RAW

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
THRESHOLDS = load_thresholds(RAW / "risk_thresholds.csv", INDICATORS)


def test_bands_print_with_their_signs_and_printed_digits():
    row = {"lower": 100.01, "lower_sign": "<", "upper": 106.69, "upper_sign": "<=", "lower_text": "100.01", "upper_text": "106.69"}
    assert band_text(row) == "100.01 < B ≤ 106.69"
    assert band_text({"lower": 67.0, "lower_sign": "<=", "upper": np.nan, "upper_sign": ""}) == "B ≥ 67"
    assert band_text({"lower": np.nan, "lower_sign": "", "upper": 2.955, "upper_sign": "<"}) == "B < 2.955"
    low = THRESHOLDS[(THRESHOLDS.code == "B1") & (THRESHOLDS.level == "low")].iloc[0]
    assert band_text(low) == "B > 106.70"  # the printed «B>106,70» keeps its zero
    assert number_text(106.68000000000001) == "106.68" and number_text(10950.35) == "10950.35" and number_text(5.0) == "5"


def test_the_criteria_table_lists_every_indicator_of_the_pillar_with_its_cuts():
    table = criteria_table("ecological", THRESHOLDS, INDICATORS, 2023, "published")
    assert table.number == 17 and list(table.body.code) == [f"B{i}" for i in range(43, 53)]
    b49 = table.body.set_index("code").loc["B49"]
    assert (b49.high, b49.medium, b49.low, b49.cuts) == ("B > 113", "67 < B < 113", "B < 76", "median; national")


def toy():
    """Two regions, B1 and B2: Abai 95.82 (high) and 2.95 (in B2's gap, medium by the rule); Akmola
    106.69 (medium) and 3.2 (low)."""
    clean = pd.DataFrame([("KZ", "B1", "social", 108.91), ("KZ", "B2", "social", 2.8),
                          ("KZ-10", "B1", "social", 95.82), ("KZ-10", "B2", "social", 2.95),
                          ("KZ-11", "B1", "social", 106.69), ("KZ-11", "B2", "social", 3.2)],
                         columns=["region_id", "indicator", "pillar", "value"])
    thresholds = THRESHOLDS[THRESHOLDS.code.isin(["B1", "B2"])]
    stats = pd.DataFrame({"indicator": ["B1", "B2"], "mean": [101.255, 3.075], "median": [101.255, 3.075]})
    indicators = INDICATORS[INDICATORS.code.isin(["B1", "B2"])]
    table = map_table("social", risk.classify(clean, thresholds), thresholds, clean, stats, REGIONS, indicators, 2023, "published")
    return table


def test_the_map_prints_bands_then_regions_with_their_levels_then_the_summary_rows():
    table = toy()
    assert list(table.body.region) == ["High risk", "Medium risk", "Low risk", "Abai Region", "Akmola Region",
                                       "Kazakhstan", "Mean", "Median"]
    shown = table.display().body.set_index("region")
    assert shown.at["High risk", "B1"] == "B ≤ 100" and shown.at["Low risk", "B2"] == "B ≥ 3"
    assert shown.at["Abai Region", "B1"] == "95.82 H" and shown.at["Abai Region", "B2"] == "2.95 M†"
    assert shown.at["Akmola Region", "B1"] == "106.69 M" and shown.at["Akmola Region", "B2"] == "3.2 L"
    assert shown.at["Kazakhstan", "B1"] == "108.91" and shown.at["Median", "B2"] == "3.075"


def test_the_workbook_fills_each_region_cell_by_level_and_is_reproducible(tmp_path):
    table = toy()
    a = write_risk_tables([table], tmp_path / "a", "risk.xlsx")[-1]
    b = write_risk_tables([table], tmp_path / "b", "risk.xlsx")[-1]
    assert a.read_bytes() == b.read_bytes()
    ws = load_workbook(a)["Table 18"]
    # body row 3 (Abai) is sheet row 9; B1 is the fourth column
    abai_b1, abai_b2 = ws.cell(9, 4), ws.cell(9, 5)
    assert abai_b1.value == 95.82 and abai_b1.fill.fgColor.rgb == "00" + RISK_COLOURS["high"].lstrip("#").upper()
    assert abai_b1.number_format == 'General" H"' and abai_b2.number_format == 'General" M†"'
    assert ws.cell(6, 4).value == "B ≤ 100" and ws.cell(6, 4).fill.fgColor.rgb == "00000000"
    assert (tmp_path / "a" / "table18_social_risk_map.csv").read_text(encoding="utf-8").count("M†") == 1
