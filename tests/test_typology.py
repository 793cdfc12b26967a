import pandas as pd
import pytest

from sdi.typology import add_levels, level, levels, typology_matrix


@pytest.mark.parametrize("value, expected", [
    (1.0, "low"), (3.99, "low"), (3.995, "low"), (3.99999, "low"), (4.0, "medium"), (6.99, "medium"),
    (6.995, "medium"), (7.0, "high"), (9.0, "high"),
])
def test_pillar_levels(value, expected):
    assert level(value, "pillar") == expected


@pytest.mark.parametrize("value, expected", [
    (3.0, "low"), (10.99, "low"), (10.995, "low"), (11.0, "medium"), (18.99, "medium"), (18.995, "medium"),
    (19.0, "high"), (27.0, "high"),
])
def test_integral_levels(value, expected):
    assert level(value, "integral") == expected


def test_matrix_lists_regions_per_pillar_and_level_in_order():
    idx = pd.DataFrame({"region_id": ["a", "b", "c"], "social": [3.0, 7.5, 5.0], "economic": [4.0, 4.0, 1.0],
                        "ecological": [9.0, 2.0, 6.99], "isdr": [16.0, 13.5, 12.99]})
    m = typology_matrix(add_levels(idx))
    cell = lambda p, lv: list(m.region_id[(m.pillar == p) & (m.level == lv)])
    assert cell("social", "low") == ["a"] and cell("social", "medium") == ["c"] and cell("social", "high") == ["b"]
    assert cell("economic", "medium") == ["a", "b"] and cell("economic", "low") == ["c"]
    assert cell("isdr", "medium") == ["a", "b", "c"]
    assert len(m) == 12


def test_levels_of_a_series_agree_with_level_of_each_value():
    values = pd.Series([1.0, 3.995, 4.0, 6.999, 7.0, 9.0, float("nan")])
    assert list(levels(values, "pillar")) == ["low", "low", "medium", "medium", "high", "high", None]
    isdr = pd.Series([3.0, 10.995, 11.0, 19.0])
    assert list(levels(isdr, "integral")) == [level(v, "integral") for v in isdr]
