"""The worked examples the notebooks check their tables with: one score, one pillar index, one level, one risk level,
each worked out term by term, must agree with the vectorised library on the cases where the rules decide
(a constant indicator, a blank, a value on a threshold, a value in a gap or an overlap of the bands); and the
sentences that say what the results show are read from the results."""

import numpy as np
import pandas as pd
import pytest
from conftest import RAW, run_2023
from published import csv_rows

from sdi import PILLARS
from sdi.method import index, normalisation, typology
from sdi.publish import explain
from sdi.risk import classification
from sdi.risk.thresholds import YearBands

REGIONS = [f"R{i}" for i in range(6)]


@pytest.mark.parametrize("direction", [1, -1])
@pytest.mark.parametrize("missing", ["worst", "available"])
@pytest.mark.parametrize(
    "values",
    [[3.0, 7.5, 1.0, 9.0, 4.2, 6.0], [2.0, np.nan, 8.0, 5.0, 5.0, 3.3], [4.0, 4.0, np.nan, 4.0, 4.0, 4.0]],
    ids=["plain", "a blank", "constant"],
)
def test_a_score_worked_by_hand_is_the_library_s(values, direction, missing):
    series = pd.Series(values, index=REGIONS, name="B1")
    table = normalisation.minmax_scores(series, direction, missing)
    for region in REGIONS:
        worked = normalisation.worked_score(series, direction, region, missing=missing)
        assert worked.matches(table[region]), (region, worked)
    worked = normalisation.worked_score(series, direction, "R0", missing=missing)
    present = series.dropna()
    lo, hi = present.min(), present.max()
    assert (worked.minimum, worked.maximum, worked.span) == (lo, hi, hi - lo)


def test_the_worked_score_of_the_notebook_is_written_out_with_its_terms():
    series = pd.Series([5.9, 2.7, 9.6, 2.7], index=["KZ-11", "KZ-35", "KZ-61", "KZ-71"], name="B3")
    worked = normalisation.worked_score(series, -1, "KZ-11")
    assert (worked.at_minimum, worked.at_maximum) == (("KZ-35", "KZ-71"), ("KZ-61",))
    text = explain.score_example(worked, 5.289855072463768, indicator="B3", names={"KZ-11": "Akmola", "B3": "Poverty"})
    assert "= 1 + 8 × (9.6 − 5.9) / (9.6 − 2.7) = 1 + 8 × 3.7 / 6.9 = **5.289855**" in text
    assert "`scores.csv` says 5.289855: the same." in text


def indicators_table():
    return pd.DataFrame(
        {
            "code": ["A1", "A2", "A3", "B1", "B2", "C1", "C2"],
            "pillar": ["social", "social", "social", "economic", "economic", "ecological", "ecological"],
            "included": [True, True, False, True, True, True, True],
            "weight": [1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        }
    )


@pytest.mark.parametrize("min_coverage", [0.0, 0.8])
def test_a_pillar_index_worked_by_hand_is_the_library_s(min_coverage):
    rng = np.random.default_rng(18)
    scores = pd.DataFrame(rng.uniform(1, 9, (5, 7)), index=REGIONS[:5], columns=indicators_table().code)
    scores.iloc[1, 0] = np.nan  # a blank on an included indicator: left out of the mean, or no index below 80 %
    table = index.index_table(scores, indicators_table(), "included", min_coverage=min_coverage).set_index("region_id")
    for region in scores.index:
        for pillar in PILLARS:
            worked = index.worked_pillar_index(
                scores, indicators_table(), "included", region_id=region, pillar=pillar, min_coverage=min_coverage
            )
            assert worked.matches(table.at[region, pillar]), (region, pillar, worked)
    worked = index.worked_pillar_index(scores, indicators_table(), "included", region_id="R0", pillar="social")
    assert worked.left_out == ("A3",) and worked.weights == (1.0, 2.0)
    assert worked.index == pytest.approx((scores.at["R0", "A1"] + 2 * scores.at["R0", "A2"]) / 3)


@pytest.mark.parametrize(
    "value, scope, expected",
    [
        (3.995, "pillar", "low"),
        (3.9999999999999996, "pillar", "medium"),  # exactly 4 but for the last bit: medium, as the table
        (6.999, "pillar", "medium"),
        (7.0, "pillar", "high"),
        (10.99, "integral", "low"),
        (16.36, "integral", "medium"),
        (19.0, "integral", "high"),
        (np.nan, "pillar", None),
    ],
)
def test_a_level_worked_by_hand_is_the_library_s(value, scope, expected):
    worked = typology.worked_level(value, scope)
    assert worked.level == expected == typology.level(value, scope)


def year_bands(rows):
    columns = ["code", "level", "lower", "lower_sign", "upper", "upper_sign", "lower_source", "upper_source"]
    used = pd.DataFrame(rows, columns=columns)
    statistics = pd.DataFrame({"median": [5.0]}, index=pd.Index(["B3"], name="indicator"))
    return YearBands("published", "published", used, used, statistics, {"B3": 5.6}, True)


@pytest.mark.parametrize("resolve", ["medium", "none"])
def test_a_risk_level_worked_by_hand_is_the_library_s_in_a_band_a_gap_and_an_overlap(resolve):
    nan = np.nan
    bands = year_bands(
        [
            ["B3", "high", 5.6, "<", nan, "", "national", ""],
            ["B3", "medium", 5.0, "<=", 5.7, "<=", "median", "standard 5.7"],  # overlaps high from 5.6 to 5.7
            ["B3", "low", nan, "", 4.9, "<", "", "standard 4.9"],  # a gap from 4.9 to 5.0
        ]
    )
    values = [5.9, 5.65, 5.3, 4.95, 4.0, nan]
    clean = pd.DataFrame(
        {"region_id": REGIONS, "indicator": "B3", "pillar": "social", "value": values},
    )
    table = classification.classify(clean, bands.used, resolve).set_index("region_id")
    for region, value in zip(REGIONS, values):
        worked = classification.worked_risk(bands, "B3", value, region_id=region, resolve=resolve)
        assert worked.risk == table.at[region, "risk"], (region, value, worked)
        assert worked.by_rule == table.at[region, "decided_by_rule"]
    worked = classification.worked_risk(bands, "B3", 5.9, region_id="R0")
    assert worked.holding == ("high",) and worked.source_values == {
        "national": 5.6,
        "median": 5.0,
        "standard 5.7": 5.7,
        "standard 4.9": 4.9,
    }
    text = explain.risk_example(worked, "high", names={})
    assert "| high | 5.6 < B | lower bound: the national value (this year's: 5.6) | yes |" in text
    assert "| medium | 5 ≤ B ≤ 5.7 |" in text and "| low | B < 4.9 |" in text


# --- what the results show, read from the results -----------------------------------------------------------------


def test_the_findings_are_read_from_the_results():
    names = explain.reader_names(run_2023())
    indices = pd.DataFrame(
        {
            "region_id": ["KZ-11", "KZ-23", "KZ-19", "KZ-43"],
            "social": [5.0, 6.0, 4.5, 3.0],
            "economic": [4.0, 5.0, 3.5, 3.9],
            "ecological": [7.5, 4.4, 5.0, 3.0],
        }
    )
    indices["isdr"] = indices[list(PILLARS)].sum(axis=1)
    for column in (*PILLARS, "isdr"):
        indices[f"rank_{column}"] = indices[column].rank(ascending=False, method="min").astype(int)
    indices = typology.add_levels(indices)
    text = explain.index_findings(indices, names=names)
    assert text.startswith("On ISDR, Akmola (16.50) comes first, then Atyrau (15.40) and Almaty Region (13.00);")
    assert "Kyzylorda is last (9.90)" in text and "within 6.60 points" in text
    assert "First on each pillar: social: Atyrau; economic: Atyrau; ecological: Akmola." in text
    levels = explain.level_findings(indices, names=names)
    assert "ecological: 1 low, 2 medium, 1 high." in levels and "ISDR: 1 low, 3 medium." in levels
    assert levels.endswith("High: Akmola (ecological).")
    assert explain.level_findings(indices.assign(level_ecological="medium"), names=names).endswith(
        "No region reaches the high threshold on any index (7 for a pillar, 19 for ISDR)."
    )


def test_the_score_findings_count_the_directions_taken_against_the_meaning():
    against = sum(r["direction_thesis"] != r["direction"] for r in csv_rows(RAW / "indicators.csv"))
    scores = pd.DataFrame([[9.0, 9.0], [1.0, 1.0], [5.0, 9.0]], index=["KZ-11", "KZ-23", "KZ-43"], columns=["B7", "B3"])
    for method, expected in (
        ("thesis", f"This method scores {against} indicators in the direction the dissertation applied"),
        ("corrected", "Every indicator is scored in the direction its meaning implies."),
    ):
        run = run_2023(method)
        text = explain.score_findings(scores, run.indicators, method=run.method, names=explain.reader_names(run))
        assert expected in text
        assert (
            "Akmola is the best region (score 9) on the most indicators (2), Atyrau the worst (score 1) on the most (2)"
            in text
        )
        assert "runs from 1.00 (Atyrau) to 9.00 (Akmola)" in text
