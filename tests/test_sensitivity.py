"""Sobol' indices against analytic ones, and leave-one-out against a hand-made index."""

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from test_uncertainty import TOY, TOY_META, config

from sdi.method.methods import get_method
from sdi.robustness import sensitivity, uncertainty


def ishigami(u, a=7.0, b=0.1):
    x = -math.pi + 2 * math.pi * u  # U(-pi, pi)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a=7.0, b=0.1):
    """Analytic first-order and total indices (Ishigami and Homma 1990; Sobol' and Levitan 1999)."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = 8 * b**2 * math.pi**8 / 225
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def test_the_estimator_recovers_the_ishigami_indices_within_its_confidence_intervals():
    table = sensitivity.sobol_indices(ishigami, {"x1": 1, "x2": 1, "x3": 1}, 4096, seed=2023).set_index("assumption")
    first, total = ishigami_indices()
    assert first == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4) and total[2] == pytest.approx(0.2437, abs=1e-4)
    for name, s, st in zip(table.index, first, total):
        row = table.loc[name]
        assert row.first_order_low <= s <= row.first_order_high, (name, s, row)
        assert row.total_order_low <= st <= row.total_order_high, (name, st, row)
        assert row.first_order_high - row.first_order_low < 0.1  # and the intervals are informative


def test_a_linear_model_with_a_group_of_inputs():
    # y = x1 + 2 x2 + 3 x3, x uniform: variances 1, 4, 9 (over 12); the group {x1, x2} explains 5/14, x3 9/14
    def linear(u):
        return u @ np.array([1.0, 2.0, 3.0])

    table = sensitivity.sobol_indices(linear, {"x1 and x2": 2, "x3": 1}, 2048, seed=1).set_index("assumption")
    for name, exact in (("x1 and x2", 5 / 14), ("x3", 9 / 14)):
        row = table.loc[name]
        assert row.first_order == pytest.approx(exact, abs=0.02) and row.total_order == pytest.approx(exact, abs=0.02)
        assert (
            row.first_order_low <= exact <= row.first_order_high
            and row.total_order_low <= exact <= row.total_order_high
        )


def test_the_bootstrap_statistic_is_scipy_s_estimator():
    rng = np.random.default_rng(4)
    f_A, f_B, f_AB = rng.normal(size=64), rng.normal(size=64), rng.normal(size=(3, 64))
    first, total = sensitivity.saltelli_2010(f_A, f_B, f_AB)
    res = scipy.stats.sobol_indices(func={"f_A": f_A[None], "f_B": f_B[None], "f_AB": f_AB[:, None]}, n=64)
    assert first == pytest.approx(res.first_order) and total == pytest.approx(res.total_order)


def test_the_same_seed_gives_the_same_table():
    a = sensitivity.sobol_indices(ishigami, {"x1": 1, "x2": 1, "x3": 1}, 256, seed=5)
    b = sensitivity.sobol_indices(ishigami, {"x1": 1, "x2": 1, "x3": 1}, 256, seed=5)
    assert a.to_csv() == b.to_csv()


def test_rank_shift_indices_of_the_toy_index_put_everything_on_normalisation():
    # the toy's ranking changes with the normalisation (see test_uncertainty); under the thesis method the
    # "thesis" directions are the nominal ones, so that choice changes nothing: its indices are exactly 0
    c = config(normalisation=("minmax", "rank"), directions=("nominal", "thesis"), sobol_samples=256)
    model = uncertainty.AuditModel(TOY, TOY_META, get_method("thesis"), config=c)
    table = sensitivity.rank_shift_indices(model).set_index("assumption")
    assert list(table.index) == ["normalisation", "directions"]
    assert table.at["normalisation", "first_order"] == pytest.approx(1, abs=0.05)
    assert table.at["normalisation", "total_order"] == pytest.approx(1, abs=0.05)
    assert table.loc["directions"].drop("assumption", errors="ignore").tolist() == [0.0] * 6  # intervals too


# two indicators per pillar; values 0, 1, 2, 4 score 1, 3, 5, 9 under min-max
PAIRS = pd.DataFrame(
    {
        "S1": [0, 1, 2, 4],
        "S2": [4, 2, 1, 0],
        "E1": [2, 0, 4, 1],
        "E2": [1, 4, 0, 2],
        "G1": [0, 4, 2, 1],
        "G2": [4, 1, 0, 2],
    },
    index=["r1", "r2", "r3", "r4"],
    dtype=float,
)
PAIRS_META = pd.DataFrame(
    {
        "code": list(PAIRS.columns),
        "pillar": np.repeat(["social", "economic", "ecological"], 2),
        "direction": 1,
        "direction_thesis": 1,
        "in_thesis_index": True,
        "weight": 1.0,
    }
)


def test_leave_one_out_by_hand():
    # pillars: social 5 4 4 5, economic 4 5 5 4, ecological 5 6 3 4; ISDR 14 15 12 13 -> ranks 2 1 4 3.
    # Without S1, social is S2 (9 5 3 1): ISDR 18 16 11 9 -> ranks 1 2 3 4.
    # Without G2, ecological is G1 (1 9 5 3): ISDR 10 18 14 12 -> ranks 4 1 2 3.
    model = uncertainty.AuditModel(PAIRS, PAIRS_META, get_method("thesis"), config=config())
    table = sensitivity.leave_one_out(model).set_index(["indicator", "region_id"])
    assert table.loc["S1"].nominal_rank.tolist() == [2, 1, 4, 3]
    assert table.loc["S1"].rank_without.tolist() == [1, 2, 3, 4] and table.loc["S1"].moved_up_by.tolist() == [
        1,
        -1,
        1,
        -1,
    ]
    assert table.loc["G2"].rank_without.tolist() == [4, 1, 2, 3] and table.loc["G2"].moved_up_by.tolist() == [
        -2,
        0,
        2,
        0,
    ]
    summary = sensitivity.leave_one_out_summary(
        table.reset_index(), {"r1": "One", "r2": "Two", "r3": "Three", "r4": "Four"}, moved=2
    ).set_index("indicator")
    g2 = summary.loc["G2"]
    assert (g2.largest_move, g2.regions_moved, g2.mean_abs_move) == (2, 2, 1.0)
    assert g2.regions_moved_2_or_more == "One 2 -> 4; Three 4 -> 2" and summary.loc["S1"].regions_moved_2_or_more == ""


def test_leaving_out_the_only_indicator_of_a_pillar_is_refused():
    with pytest.raises(ValueError, match="two or more included indicators in every pillar"):
        sensitivity.leave_one_out(uncertainty.AuditModel(TOY, TOY_META, get_method("thesis"), config=config()))


def test_leave_one_out_covers_every_included_2023_indicator():
    from test_uncertainty import INDICATORS, VALUES

    model = uncertainty.AuditModel(VALUES, INDICATORS, get_method("thesis"), config=config())
    table = sensitivity.leave_one_out(model)
    assert table.indicator.nunique() == 51 and "B43" not in set(table.indicator) and len(table) == 51 * 20
    assert isinstance(table, pd.DataFrame) and table.rank_without.notna().all()
