import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sdi.errors import InputError
from sdi.method.normalisation import minmax_scores, score_table, scores_long, scores_wide

X = pd.Series([10.0, 20.0, 30.0, 50.0], index=list("abcd"), name="B1")


def test_positive_direction_by_hand():
    assert list(minmax_scores(X, 1)) == [1.0, 3.0, 5.0, 9.0]  # 1 + 8 * (x - 10) / 40


def test_negative_direction_by_hand():
    assert list(minmax_scores(X, -1)) == [9.0, 7.0, 5.0, 1.0]  # 1 + 8 * (50 - x) / 40


def test_constant_indicator_scores_5_for_everyone():
    assert list(minmax_scores(pd.Series([3.0, 3.0, 3.0]), 1)) == [5.0, 5.0, 5.0]


def test_missing_value_scores_1_and_does_not_move_the_bounds():
    x = pd.Series([10.0, np.nan, 30.0, 50.0])
    assert list(minmax_scores(x, 1)) == [1.0, 1.0, 5.0, 9.0]
    assert list(minmax_scores(x, -1)) == [9.0, 1.0, 5.0, 1.0]


def test_an_indicator_with_no_value_at_all_is_an_input_error():
    with pytest.raises(InputError, match="column B9: no region has a value"):
        minmax_scores(pd.Series([np.nan, np.nan], name="B9"), 1)


def test_bad_direction_and_policy_are_refused():
    with pytest.raises(ValueError):
        minmax_scores(X, 0)
    with pytest.raises(ValueError, match="missing-value policy"):
        minmax_scores(X, 1, missing="zero")  # neither worst nor available


def test_score_table_uses_the_named_direction_column():
    wide = pd.DataFrame({"B1": X.values, "B2": X.values}, index=X.index)
    meta = pd.DataFrame({"code": ["B1", "B2"], "direction_thesis": [-1, 1], "direction": [1, 1]})
    thesis = score_table(wide, meta, "direction_thesis")
    assert list(thesis["B1"]) == [9.0, 7.0, 5.0, 1.0] and list(thesis["B2"]) == [1.0, 3.0, 5.0, 9.0]
    assert list(score_table(wide, meta, "direction")["B1"]) == [1.0, 3.0, 5.0, 9.0]


values = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=40)


@given(values, st.sampled_from([1, -1]))
def test_scores_lie_in_1_to_9_and_the_extremes_get_1_and_9(xs, direction):
    x = pd.Series(xs)
    assume(x.max() - x.min() > 1e-6 * max(1.0, x.abs().max()))
    s = minmax_scores(x, direction)
    assert ((s >= 1 - 1e-9) & (s <= 9 + 1e-9)).all()
    best, worst = (x.idxmax(), x.idxmin()) if direction == 1 else (x.idxmin(), x.idxmax())
    assert s[best] == pytest.approx(9) and s[worst] == pytest.approx(1)


@given(values)
def test_order_is_kept_when_positive_and_reversed_when_negative(xs):
    x = pd.Series(xs)
    assume(x.max() > x.min())
    pos, neg = minmax_scores(x, 1), minmax_scores(x, -1)
    for i in range(len(x) - 1):
        if x[i] < x[i + 1]:
            assert pos[i] <= pos[i + 1] and neg[i] >= neg[i + 1]
    assert np.allclose(neg, 10 - pos)  # the negative score mirrors the positive one


@given(values, st.floats(0.01, 1000), st.floats(-1000, 1000))
def test_scores_do_not_depend_on_the_unit(xs, scale, shift):
    x = pd.Series(xs)
    assume(x.max() - x.min() > 1e-3 * max(1.0, x.abs().max()))
    assert np.allclose(minmax_scores(x, 1), minmax_scores(x * scale + shift, 1), atol=1e-6)


def test_available_policy_leaves_a_missing_value_unscored():
    x = pd.Series([10.0, np.nan, 30.0, 50.0])
    s = minmax_scores(x, 1, missing="available")
    assert list(s[[0, 2, 3]]) == [1.0, 5.0, 9.0] and np.isnan(s[1])


def test_scores_wide_inverts_scores_long():
    clean = pd.DataFrame(
        {
            "region_id": ["KZ", "r2", "r2", "r1", "r1"],
            "indicator": ["B10", "B10", "B2", "B10", "B2"],
            "pillar": "social",
            "value": [9.0, 1.0, 2.0, 3.0, 4.0],
        }
    )
    wide = pd.DataFrame({"B10": [0.5, 0.25], "B2": [1.0, 2.0]}, index=["r2", "r1"])
    back = scores_wide(scores_long(clean, wide))
    assert list(back.index) == ["r2", "r1"] and list(back.columns) == ["B10", "B2"]  # clean's order, not sorted
    assert back.equals(wide.rename_axis(index="region_id", columns="indicator"))
