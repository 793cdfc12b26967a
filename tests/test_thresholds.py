"""Risk thresholds: reading the printed bands, the published file, the rule, and the evidence for it."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import RAW
from published import REFERENCE
from raw_edit import edited_copy

from sdi.errors import InputError
from sdi.inputs.cleaning import clean_year, regional_values
from sdi.inputs.metadata import load_indicators, load_regions
from sdi.method.statistics import describe
from sdi.reproduction.published_risk_maps import read_maps
from sdi.risk.thresholds import (
    Band,
    band_numbers,
    bands,
    coverage_problems,
    cut_evidence,
    cut_sources,
    high_side,
    load_thresholds,
    read_band,
    resolve_choice,
    rule_thresholds,
    source_agrees,
)

INDICATORS = load_indicators(RAW / "indicators.csv")
THRESHOLDS = load_thresholds(RAW / "risk_thresholds.csv", INDICATORS)


@pytest.mark.parametrize(
    "printed, lower, lower_in, upper, upper_in",
    [
        ("B≤100%", None, False, 100, True),
        ("100,01%<B1≤108,9%", 100.01, False, 108.9, True),
        ("5,6≥B≥4,9", 4.9, True, 5.6, True),
        ("30>B≥21,9", 21.9, True, 30, False),
        ("В³67", 67, True, None, False),  # Cyrillic ve, and the Symbol-font code of ≥
        ("B17<17688", None, False, 17688, False),
        ("D>143,9", 143.9, False, None, False),
        ("6,8<В<7,67", 6.8, False, 7.67, False),
    ],
)
def test_a_printed_band_is_read_with_its_signs(printed, lower, lower_in, upper, upper_in):
    band = read_band(printed)
    assert (math.isnan(band.lower) if lower is None else band.lower == lower) and band.lower_inclusive == lower_in
    assert (math.isnan(band.upper) if upper is None else band.upper == upper) and band.upper_inclusive == upper_in


@pytest.mark.parametrize("printed", ["41,27", "12,97", "B<", "≤B≤", ""])
def test_a_cell_without_a_sign_or_a_number_is_not_read(printed):
    assert read_band(printed) is None and band_numbers(printed) is None


def test_band_numbers_keep_the_printed_digits():
    assert band_numbers("B>106,70") == {"lower": ("106.70", False)}
    assert band_numbers("1,5≥В≥1") == {"lower": ("1", True), "upper": ("1.5", True)}


def test_a_band_follows_its_signs_at_the_boundaries():
    assert Band(upper=36, upper_inclusive=True).contains(36) and not Band(upper=36).contains(36)
    open_band = Band(36, False, 67, False)
    assert not open_band.contains(36) and not open_band.contains(67) and open_band.contains(36.01)
    assert Band(lower=0.3, lower_inclusive=True).contains(0.1 + 0.2)  # 0.30000000000000004 is 0.3


def test_the_published_file_has_three_bands_for_every_indicator():
    assert len(THRESHOLDS) == 3 * 52 and set(THRESHOLDS.level) == {"high", "medium", "low"}
    assert (THRESHOLDS.groupby("code").size() == 3).all()


def test_the_high_risk_side_follows_the_indicators_meaning_except_b28():
    # the maps print high risk below the medium band for "higher is better" indicators, e.g. B7
    # doctors B<26; B28 (growth of GRP per employed person) prints high risk B>104,7
    side = high_side(THRESHOLDS)
    against = [c for c, d in zip(INDICATORS.code, INDICATORS.direction) if (side[c] == "below") != (d == 1)]
    assert against == ["B28"]


def test_every_bound_is_the_printed_cell_unless_the_reading_says_otherwise():
    maps = read_maps(REFERENCE)
    printed_at = dict(zip(maps.source_line, zip(maps.printed, maps.indicator, maps.table)))
    for r in THRESHOLDS.itertuples():
        assert printed_at[r.source_line] == (r.printed, r.code, r.table)  # the cell of this indicator's column
        if r.reading:
            continue
        numbers = band_numbers(r.printed)
        for side in ("lower", "upper"):
            text = numbers.get(side, ("", False))[0]
            assert getattr(r, f"{side}_text") == text, (r.code, r.level, side)
            if text:
                assert getattr(r, f"{side}_sign") == ("<=" if numbers[side][1] else "<")
    assert {(r.code, r.level): r.reading for r in THRESHOLDS.itertuples() if r.reading} == {
        ("B37", "high"): "no sign",
        ("B37", "low"): "reversed sign",
        ("B39", "low"): "no sign",
    }


def test_every_gap_or_overlap_is_noted_on_the_medium_row():
    by_code = bands(THRESHOLDS)
    medium = THRESHOLDS[THRESHOLDS.level == "medium"].set_index("code").note
    for code, levels in by_code.items():
        problems = coverage_problems(levels)
        assert ("As read: " + "; ".join(problems) in medium[code]) if problems else ("As read" not in medium[code])
    assert coverage_problems(by_code["B2"]) == ["gap: 2.9 < B < 3 in no band (medium | low)"]
    assert coverage_problems(by_code["B49"])[0] == "overlap: 67 < B < 76 in two bands (low | medium)"
    assert coverage_problems(by_code["B52"])[0] == "overlap: 4.2 < B < 50 in two bands (high | medium)"
    assert (
        coverage_problems(by_code["B3"]) == coverage_problems(by_code["B6"]) == coverage_problems(by_code["B7"]) == []
    )


def evidence():
    """2023's statistics and national values as the pipeline computes them, and the maps' summary rows."""
    clean, _ = clean_year(RAW / "2023", load_regions(RAW / "regions.csv"), INDICATORS)
    stats = describe(regional_values(clean)).set_index("indicator")
    national = dict(zip(clean[clean.region_id == "KZ"].indicator, clean[clean.region_id == "KZ"].value))
    maps = read_maps(REFERENCE)
    summary = maps[(maps.kind == "summary") & (maps.indicator != "")]
    printed = {(r.indicator, r.label): r.printed for r in summary.itertuples()}
    return stats, national, printed


def test_each_cut_point_is_the_summary_statistic_the_file_names_except_ten_printed_slips():
    stats, national, printed = evidence()
    ev = cut_evidence(THRESHOLDS, stats, national, printed_summary=printed)
    assert len(ev) == 208  # 52 x (two medium bounds + two outer bounds)
    disagree = {(r.code, r.level, r.side) for r in ev[~ev.apply(source_agrees, axis=1)].itertuples()}
    # read off the maps: 100,01 for the cut 100; 2,9 for the median 3,0; 66,9 for the standard 66,98;
    # 104,34 for the median 104,35; 46,94 for the national 46,92; 0,049 for Table 8's median 0.05
    # (printed in the «Стандарт» row); 18,53 for the median 18,56; 67 for the median 76; 50 for 4,2
    assert disagree == {
        ("B1", "medium", "lower"),
        ("B2", "medium", "upper"),
        ("B15", "medium", "upper"),
        ("B28", "medium", "lower"),
        ("B32", "medium", "lower"),
        ("B34", "high", "upper"),
        ("B34", "medium", "lower"),
        ("B36", "high", "upper"),
        ("B49", "medium", "lower"),
        ("B52", "high", "upper"),
    }
    # the 104 cut points, counted on the maps: means for B6, B37, B45, B50; standards for one cut of B1, B2,
    # B3, B5, B6, B10, B15, B52 and both of B7, B8, B51; of the other 86, 46 medians and 40 national values
    kinds = pd.Series([s.split()[0] for pair in cut_sources(THRESHOLDS).values() for s in pair]).value_counts()
    assert kinds.to_dict() == {"median": 46, "national": 40, "standard": 14, "mean": 4}


def key(band):
    """A band as a tuple, None for a missing bound (NaN never equals NaN)."""
    return (
        None if math.isnan(band.lower) else band.lower,
        band.lower_inclusive,
        None if math.isnan(band.upper) else band.upper,
        band.upper_inclusive,
    )


def test_the_rule_gives_2023_bands_from_2023_statistics():
    stats, national, _ = evidence()
    rule = rule_thresholds(THRESHOLDS, stats, national, indicators=INDICATORS)
    assert len(rule) == 156 and list(rule.code.unique()) == list(INDICATORS.code)
    b = bands(rule)
    # B2: a fixed 2 and the median of Table 7's B2 (2.955): high B<2, medium 2<=B<=2.955, low B>2.955
    assert key(b["B2"]["medium"]) == (2.0, True, 2.955, True) and key(b["B2"]["high"]) == (None, False, 2.0, False)
    # B46: the median of the 18 values Table 9 prints is (8.9 + 9.4) / 2
    assert b["B46"]["medium"].lower == pytest.approx(9.15) and key(b["B46"]["low"]) == (12.0, False, None, False)
    # B28 keeps the published side: high risk above the national value 104.7
    assert key(b["B28"]["high"]) == (104.7, False, None, False) and key(b["B28"]["low"]) == (None, False, 104.35, False)
    for levels in b.values():
        assert coverage_problems(levels) == []  # the rule leaves no gap and no overlap


def test_the_rule_needs_the_national_row_when_a_source_is_national():
    stats, national, _ = evidence()
    national.pop("B3")
    with pytest.raises(InputError, match="national value of B3"):
        rule_thresholds(THRESHOLDS, stats, national, indicators=INDICATORS)


def test_auto_is_published_only_for_a_year_with_published_maps():
    assert resolve_choice("auto", True) == "published" and resolve_choice("auto", False) == "rule"
    assert resolve_choice("published", False) == "published"
    with pytest.raises(ValueError):
        resolve_choice("median", True)


def test_a_bad_sign_names_row_column_and_value(tmp_path):
    path = edited_copy(tmp_path, "risk_thresholds.csv", "B2,high,,,2,<,", "B2,high,,,2,=<,")
    with pytest.raises(InputError) as e:
        load_thresholds(path, INDICATORS)
    assert e.value.row == 5 and e.value.column == "upper_sign" and e.value.value == "=<"


def test_a_cut_with_two_sources_is_rejected(tmp_path):
    path = edited_copy(tmp_path, "risk_thresholds.csv", "B4,low,,,2.8,<,,median,", "B4,low,,,2.8,<,,mean,")
    with pytest.raises(InputError, match="the cut between low and medium has two sources"):
        load_thresholds(path, INDICATORS)


def test_an_indicator_without_its_three_rows_is_rejected(tmp_path):
    lines = (RAW / "risk_thresholds.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    b52 = "".join(line for line in lines if line.startswith("B52,"))
    with pytest.raises(InputError, match="no thresholds for B52"):
        load_thresholds(edited_copy(tmp_path, "risk_thresholds.csv", b52, ""), INDICATORS)
    assert np.isnan(THRESHOLDS.set_index(["code", "level"]).at[("B1", "high"), "lower"])
