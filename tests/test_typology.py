import pandas as pd
import pytest

from sdi.method.typology import add_levels, level, levels, typology_matrix


@pytest.mark.parametrize(
    "value, expected",
    [
        (1.0, "low"),
        (3.99, "low"),
        (3.995, "low"),
        (3.99999, "low"),
        (4.0, "medium"),
        (6.99, "medium"),
        (6.995, "medium"),
        (7.0, "high"),
        (9.0, "high"),
    ],
)
def test_pillar_levels(value, expected):
    assert level(value, "pillar") == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (3.0, "low"),
        (10.99, "low"),
        (10.995, "low"),
        (11.0, "medium"),
        (18.99, "medium"),
        (18.995, "medium"),
        (19.0, "high"),
        (27.0, "high"),
    ],
)
def test_integral_levels(value, expected):
    assert level(value, "integral") == expected


def test_matrix_lists_regions_per_pillar_and_level_in_order():
    idx = pd.DataFrame(
        {
            "region_id": ["a", "b", "c"],
            "social": [3.0, 7.5, 5.0],
            "economic": [4.0, 4.0, 1.0],
            "ecological": [9.0, 2.0, 6.99],
            "isdr": [16.0, 13.5, 12.99],
        }
    )
    m = typology_matrix(add_levels(idx))

    def cell(p, lv):
        return list(m.region_id[(m.pillar == p) & (m.level == lv)])

    assert cell("social", "low") == ["a"] and cell("social", "medium") == ["c"] and cell("social", "high") == ["b"]
    assert cell("economic", "medium") == ["a", "b"] and cell("economic", "low") == ["c"]
    assert cell("isdr", "medium") == ["a", "b", "c"]
    assert len(m) == 12


def test_levels_of_a_series_agree_with_level_of_each_value():
    values = pd.Series([1.0, 3.995, 4.0, 6.999, 7.0, 9.0, float("nan")])
    assert list(levels(values, "pillar")) == ["low", "low", "medium", "medium", "high", "high", None]
    isdr = pd.Series([3.0, 10.995, 11.0, 19.0])
    assert list(levels(isdr, "integral")) == [level(v, "integral") for v in isdr]


def test_an_index_that_is_exactly_a_threshold_but_computes_just_below_it_gets_the_higher_level():
    value = (1.2 + 8.2 + 2.6) / 3
    assert value < 4  # 3.9999999999999996 in floating point
    assert level(value, "pillar") == "medium"
    assert list(levels(pd.Series([value, 3.995]), "pillar")) == ["medium", "low"]
    assert sum([2.3, 6.1, 2.6]) < 11 and level(sum([2.3, 6.1, 2.6]), "integral") == "medium"  # 10.999999999999998


def test_thresholds_are_the_ones_the_dissertation_prints():
    """The code's lower bounds against data/reference/2023/levels.csv, transcribed as printed."""
    from conftest import ROOT

    from sdi.method.typology import THRESHOLDS

    printed = pd.read_csv(ROOT / "data/reference/2023/levels.csv").set_index(["scope", "level"])
    for scope, (medium_from, high_from) in THRESHOLDS.items():
        assert printed.at[(scope, "medium"), "lower"] == medium_from
        assert printed.at[(scope, "high"), "lower"] == high_from
        # each printed band ends one printed step (0.01) below the next band's lower bound
        assert printed.at[(scope, "low"), "upper"] == pytest.approx(medium_from - 0.01)
        assert printed.at[(scope, "medium"), "upper"] == pytest.approx(high_from - 0.01)
