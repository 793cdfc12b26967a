"""Risk classification and roll-up: the bands' signs at the boundaries, the rule for gaps and overlaps,
the SDG-dashboard roll-up to a pillar."""

import numpy as np
import pandas as pd
import pytest
from conftest import RAW

from sdi.inputs.cleaning import clean_year
from sdi.inputs.metadata import load_indicators, load_regions
from sdi.risk import classification
from sdi.risk.thresholds import THRESHOLD_COLUMNS, load_thresholds

INDICATORS = load_indicators(RAW / "indicators.csv")
THRESHOLDS = load_thresholds(RAW / "risk_thresholds.csv", INDICATORS)


def band(code, level, lower, lower_sign, upper, upper_sign):
    return [code, level, lower, lower_sign, upper, upper_sign, "", "", "", "", "", "", ""]


# B2's printed bands (high B<2, medium 2≤B≤2,9, low B≥3: a gap 2.9-3) and B52's (high B<50, medium
# 4,2<B<50, low B>50: an overlap 4.2-50 and 50 in no band)
TOY = pd.DataFrame(
    [
        band("B2", "high", np.nan, "", 2, "<"),
        band("B2", "medium", 2, "<=", 2.9, "<="),
        band("B2", "low", 3, "<=", np.nan, ""),
        band("B52", "high", np.nan, "", 50, "<"),
        band("B52", "medium", 4.2, "<", 50, "<"),
        band("B52", "low", 50, "<", np.nan, ""),
    ],
    columns=THRESHOLD_COLUMNS,
)


def toy_clean(values):
    return pd.DataFrame(
        [(f"R{i}", code, "social", v) for i, (code, v) in enumerate(values)],
        columns=["region_id", "indicator", "pillar", "value"],
    )


VALUES = [
    ("B2", 1.9),
    ("B2", 2.0),
    ("B2", 2.9),
    ("B2", 2.95),
    ("B2", 3.0),
    ("B2", np.nan),
    ("B52", 4.0),
    ("B52", 7.0),
    ("B52", 50.0),
    ("B52", 60.0),
]


def test_values_follow_the_printed_signs_and_the_rule_decides_gaps_and_overlaps():
    out = classification.classify(toy_clean(VALUES), TOY)
    assert list(out.risk) == [
        "high",
        "medium",
        "medium",
        "medium",
        "low",
        "unclassified",
        "high",
        "medium",
        "medium",
        "low",
    ]
    assert list(out.bands) == ["high", "medium", "medium", "", "low", "", "high", "high|medium", "", "low"]
    assert out.note[3].startswith("2.95 is in no band") and out.note[3].endswith(
        "medium by the rule for gaps and overlaps"
    )
    assert out.note[7].startswith("7 is in 2 bands (high and medium)") and out.note[5] == "no value"
    assert (out.note[[0, 1, 2, 4, 6, 9]] == "").all()


def test_without_the_rule_gaps_and_overlaps_stay_unclassified_and_are_counted():
    out = classification.classify(toy_clean(VALUES), TOY, resolve="none")
    assert list(out.risk[[3, 7, 8]]) == ["unclassified"] * 3
    counts = classification.resolution_counts(out).set_index(["case", "risk"])["values"].to_dict()
    assert counts == {
        ("in no band", "unclassified"): 2,
        ("in two bands", "unclassified"): 1,
        ("no value", "unclassified"): 1,
    }
    with pytest.raises(ValueError):
        classification.classify(toy_clean(VALUES), TOY, resolve="high")


def test_2023_by_the_published_bands():
    regions = load_regions(RAW / "regions.csv")
    clean, _ = clean_year(RAW / "2023", regions, INDICATORS)
    out = classification.classify(clean, THRESHOLDS)
    assert len(out) == 20 * 52 and "KZ" not in set(out.region_id)
    counts = classification.resolution_counts(out).set_index("case")["values"].to_dict()
    # in no band, read off Tables 7-9 against the bands: B2 Abai 2.96 and Aktobe 2.95 (2.9-3); B25's eight
    # 4.8 and two 4.7 (both cut points excluded); B1 Pavlodar 100.01; B14 Almaty 0.40; B17 Karaganda 0.70;
    # B18 North Kazakhstan 0.40; B19 East Kazakhstan 86.30 (86-86.5); B20 Pavlodar 39.80; B24 Mangystau
    # 103.0 and Shymkent 105.1
    # in two bands: B52's ten values above its median 4.2 (all below 50); no value: B46's two blanks
    assert counts == {"in no band": 20, "in two bands": 10, "no value": 2}
    unplaced = out[out.bands == ""]
    assert sorted(unplaced.indicator.value_counts().to_dict().items()) == sorted(
        {"B1": 1, "B2": 2, "B14": 1, "B17": 1, "B18": 1, "B19": 1, "B20": 1, "B24": 2, "B25": 10, "B46": 2}.items()
    )
    assert set(out[out.bands.str.contains("|", regex=False)].indicator) == {"B52"}


@pytest.mark.parametrize(
    "levels, expected",
    [
        (["high", "high", "low", "low"], "high"),
        (["high", "medium", "low"], "medium"),
        (["high", "low", "low"], "medium"),
        (["low", "low", "low"], "low"),
        (["medium", "low", "low"], "medium"),
        (["unclassified", "high", "high"], "high"),
        (["unclassified", "high"], None),
    ],
)
def test_a_pillar_is_as_risky_as_its_two_riskiest_indicators(levels, expected):
    assert classification.pillar_level(levels) == expected


def test_the_rollup_counts_and_shares_per_region_and_pillar():
    clean = pd.DataFrame(
        [
            ("R1", c, p, v)
            for c, p, v in [
                ("B2", "social", 1.0),
                ("B52", "social", 7.0),
                ("B2", "economic", 2.5),
                ("B52", "ecological", np.nan),
            ]
        ],
        columns=["region_id", "indicator", "pillar", "value"],
    )
    out = classification.rollup(classification.classify(clean, TOY)).set_index("pillar")
    assert out.loc["social", ["n", "n_high", "n_medium", "n_low", "n_unclassified"]].tolist() == [2, 1, 1, 0, 0]
    assert out.at["social", "share_high"] == 0.5 and out.at["social", "pillar_risk"] == "medium"
    assert out.at["economic", "pillar_risk"] is None  # one indicator: no two riskiest
    assert out.at["ecological", "n_unclassified"] == 1 and np.isnan(out.at["ecological", "share_high"])


def test_the_printed_signs_include_a_bound_in_the_medium_band_more_often_than_in_an_outer_one():
    # counted on the maps: ≤ ≥ ³ in the medium bands of B1 (1), B2, B3, B5, B7, B48, B51 (2 each), B6 (1);
    # in the outer bands of B1 (≤100), B2 (≥3), B6 (≥30), B8 (≤36, ³67), B21 (³6,0)
    assert classification.inclusive_bounds(THRESHOLDS) == {"medium": 14, "outer": 6}
