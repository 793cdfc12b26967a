import math

import numpy as np
import pandas as pd
import pytest

from sdi.method.statistics import describe, skewness


@pytest.mark.parametrize(
    "values, expected",
    [
        ([3, 4, 5, 2, 3, 4, 5, 6, 4, 7], 0.359543),  # Excel's documented example
        ([12, 34, 78], 0.935219529582824),  # a published SKEW reference value
        ([12, 34, 56], 0.0),  # symmetric
        ([1, 2, 6], 1.5 * 18 / 7**1.5),  # by hand: n/((n-1)(n-2)) * sum(z^3), s^2 = 7
    ],
)
def test_excel_skew_reference_values(values, expected):
    assert skewness(values) == pytest.approx(expected, abs=5e-7)


def test_population_skewness_is_excel_skew_p():
    # by hand for 1, 2, 6: m2 = 14/3, m3 = 6, SKEW.P = m3 / m2 ** 1.5
    assert skewness([1, 2, 6], bias=True) == pytest.approx(6 / (14 / 3) ** 1.5)


def test_excel_skew_is_undefined_where_excel_gives_div0():
    assert math.isnan(skewness([1.0, 2.0]))  # fewer than 3 values
    assert math.isnan(skewness([4.0, 4.0, 4.0, 4.0]))  # zero standard deviation
    assert skewness([1, 2, 6, np.nan]) == pytest.approx(skewness([1, 2, 6]))  # blanks are left out


@pytest.mark.parametrize("constant", [[95.82] * 20, [0.1] * 3, [1e6 + 0.1] * 7])
def test_a_constant_whose_mean_is_inexact_has_no_skewness(constant):
    # the mean of twenty 95.82 is not exactly 95.82, so a naive sample sd is about 1e-14, not 0
    assert np.std(constant, ddof=1) > 0  # the case that fooled a check for sd == 0
    assert math.isnan(skewness(constant)) and math.isnan(skewness(constant, bias=True))


def test_describe_hand_computed():
    wide = pd.DataFrame({"B1": [1.0, 2.0, 6.0, np.nan], "B2": [5.0, 5.0, 5.0, 5.0]}, index=list("abcd"))
    stats = describe(wide).set_index("indicator")
    b1 = stats.loc["B1"]
    assert (b1.n, b1.missing, b1["min"], b1["max"], b1["mean"], b1["median"]) == (3, 1, 1.0, 6.0, 3.0, 2.0)
    assert b1["std"] == pytest.approx(math.sqrt(7))
    assert b1.skewness == pytest.approx(1.5 * 18 / 7**1.5)
    b2 = stats.loc["B2"]
    assert b2["std"] == 0 and math.isnan(b2.skewness)
    assert list(describe(wide).columns) == [
        "indicator",
        "n",
        "missing",
        "min",
        "max",
        "mean",
        "median",
        "skewness",
        "std",
    ]
