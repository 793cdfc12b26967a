"""The vectorised scoring core: each normaliser and aggregator against hand-computed values, their
mathematical properties, any leading shape, and the default pipeline's outputs byte for byte."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import RAW
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sdi import PILLARS
from sdi.inputs import cleaning, metadata
from sdi.method import scoring
from sdi.method.index import index_table
from sdi.method.methods import METHODS
from sdi.method.normalisation import score_table

X = np.array([[10.0], [20.0], [30.0], [50.0]])  # four regions, one indicator


def test_minmax_by_hand():
    assert scoring.normalise(X, [1], "minmax")[:, 0].tolist() == [1.0, 3.0, 5.0, 9.0]
    assert scoring.normalise(X, [-1], "minmax")[:, 0].tolist() == [9.0, 7.0, 5.0, 1.0]


def test_zscore_by_hand():
    # mean 27.5, sample sd sqrt((17.5² + 7.5² + 2.5² + 22.5²) / 3) = sqrt(875 / 3)
    sd = math.sqrt(875 / 3)
    expected = [10 + 2 * (x - 27.5) / sd for x in (10, 20, 30, 50)]
    assert scoring.normalise(X, [1], "zscore")[:, 0] == pytest.approx(expected)
    assert scoring.normalise(X, [-1], "zscore")[:, 0] == pytest.approx([20 - e for e in expected])


def test_rank_by_hand_ties_share_the_lowest_rank():
    x = np.array([[3.0], [1.0], [3.0], [2.0], [5.0]])
    assert scoring.normalise(x, [1], "rank")[:, 0].tolist() == [3, 1, 3, 2, 5]  # 1 for the worst
    assert scoring.normalise(x, [-1], "rank")[:, 0].tolist() == [2, 5, 2, 4, 1]  # higher is worse


def test_a_constant_indicator_scores_the_middle_of_each_scale():
    x = np.full((20, 1), 95.82)  # its computed sample sd is not exactly 0
    assert set(scoring.normalise(x, [1], "minmax")[:, 0]) == {5.0}
    assert set(scoring.normalise(x, [1], "zscore")[:, 0]) == {10.0}
    assert set(scoring.normalise(x, [1], "rank")[:, 0]) == {1.0}  # all tied at the lowest rank


def test_worst_gives_a_blank_the_worst_observed_value_so_minmax_scores_it_exactly_1():
    x = np.array([[10.0, 10.0], [np.nan, np.nan], [30.0, 30.0], [50.0, 50.0]])
    filled = scoring.fill_worst(x, [1, -1])
    assert filled[1].tolist() == [10.0, 50.0]  # the lowest where higher is better, the highest where worse
    assert scoring.normalise(x, [1, -1], "minmax", missing="worst")[1].tolist() == [1.0, 1.0]
    assert scoring.normalise(x, [1, -1], "rank", missing="worst")[:, 0].tolist() == [1, 1, 3, 4]  # tied with the worst
    available = scoring.normalise(x, [1, -1], "rank", missing="available")
    assert np.isnan(available[1]).all() and available[[0, 2, 3], 0].tolist() == [1, 2, 3]


values_strategy = st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=3, max_size=25)


@given(values_strategy, st.sampled_from([1, -1]))
def test_zscores_have_mean_10_and_sd_2(xs, direction):
    x = np.array(xs)[:, None]
    assume(x.std() > 1e-3 * max(1.0, np.abs(x).max()))
    z = scoring.normalise(x, [direction], "zscore")[:, 0]
    assert z.mean() == pytest.approx(10, abs=1e-9) and z.std(ddof=1) == pytest.approx(2, abs=1e-9)


@given(values_strategy, st.sampled_from([1, -1]))
def test_rank_scores_do_not_change_under_a_monotone_transformation(xs, direction):
    x = np.array(xs)[:, None]
    transformed = np.exp(x / 1e4) * 7 + 3  # strictly increasing, and far from linear
    assume(len(np.unique(transformed)) == len(np.unique(x)))  # floating point keeps every distinction
    assert np.array_equal(
        scoring.normalise(x, [direction], "rank"), scoring.normalise(transformed, [direction], "rank")
    )


def test_weighted_means_by_hand():
    scores = np.array([[2.0, 8.0], [4.0, 4.0]])
    weights = [1.0, 3.0]
    assert scoring.weighted_mean(scores, weights).tolist() == [(2 + 24) / 4, 4.0]
    assert scoring.weighted_mean(scores, weights, "geometric") == pytest.approx([2 ** ((1 + 9) / 4), 4.0])


def test_a_blank_is_left_out_of_the_mean_and_coverage_counts_weighted_indicators():
    scores = np.array([[2.0, np.nan, 6.0, 9.0], [1.0, np.nan, np.nan, 9.0]])
    weights = [1.0, 1.0, 1.0, 0.0]  # the last one is not included
    assert scoring.weighted_mean(scores, weights).tolist() == [4.0, 1.0]
    covered = scoring.weighted_mean(scores, weights, min_coverage=0.6)  # 2 of 3 and 1 of 3
    assert covered[0] == 4.0 and np.isnan(covered[1])


@settings(max_examples=200)
@given(st.lists(st.floats(0.01, 100), min_size=1, max_size=12), st.data())
def test_the_geometric_mean_never_exceeds_the_arithmetic_one(xs, data):
    weights = data.draw(st.lists(st.floats(0.01, 10), min_size=len(xs), max_size=len(xs)))
    scores = np.array([xs])
    geometric = scoring.weighted_mean(scores, weights, "geometric")[0]
    arithmetic = scoring.weighted_mean(scores, weights, "arithmetic")[0]
    assert geometric <= arithmetic * (1 + 1e-12)


def test_isdr_is_3_times_the_weighted_mean_of_the_pillars():
    pillars = np.array([[2.0, 4.0, 9.0]])
    assert scoring.integral_index(pillars).tolist() == [15.0]  # equal weights: the sum
    assert scoring.integral_index(pillars, [2, 1, 1]).tolist() == [3 * (4 + 4 + 9) / 4]
    assert scoring.integral_index(pillars, method="geometric") == pytest.approx([3 * 72 ** (1 / 3)])


def test_any_leading_shape_gives_what_separate_calls_give():
    rng = np.random.default_rng(5)
    batch = rng.normal(50, 10, size=(4, 3, 6, 5))  # 4 x 3 batches of 6 regions x 5 indicators
    directions = np.array([1, -1, 1, 1, -1])
    columns = [[0, 1], [2], [3, 4]]
    for method in scoring.NORMALISATIONS:
        whole = scoring.normalise(batch, directions, method)
        one_by_one = np.array([[scoring.normalise(b, directions, method) for b in row] for row in batch])
        assert np.array_equal(whole, one_by_one)
        pillars = scoring.pillar_indices(whole, np.ones(5), columns, method="geometric")
        assert pillars.shape == (4, 3, 6, 3)
        assert np.array_equal(
            pillars[2, 1], scoring.pillar_indices(whole[2, 1], np.ones(5), columns, method="geometric")
        )


def test_competition_ranks_and_levels_compare_nine_decimals():
    a, b = 0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1  # equal, but not in the last bit
    assert scoring.competition_ranks([[a, b, 0.5, np.nan, 7.0]]).tolist()[0][:3] == [2, 2, 4]
    assert np.isnan(scoring.competition_ranks([a, np.nan])[1])
    assert scoring.level_codes([3.995, 3.9999999999999996, 6.999, 7.0, np.nan], 4, 7).tolist() == [0, 1, 1, 2, -1]


# --- the default pipeline, byte for byte: the pandas formulas sdi used before the core, kept as the reference


def reference_scores(wide, indicators, direction_column, missing):
    directions = indicators.set_index("code")[direction_column].reindex(wide.columns).to_numpy()
    values = wide.to_numpy(dtype=float)
    lo, hi = np.nanmin(values, axis=0), np.nanmax(values, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (values - lo) / (hi - lo)
    scores = 1 + 8 * np.where(directions == 1, share, 1 - share)
    scores[:, hi == lo] = 5.0
    scores[np.isnan(values)] = 1.0 if missing == "worst" else np.nan
    return pd.DataFrame(scores, index=wide.index, columns=wide.columns)


def reference_indices(scores_wide, indicators, include_column, min_coverage):
    included = indicators[indicators[include_column]]
    table = pd.DataFrame(index=scores_wide.index)
    for pillar in PILLARS:
        codes = list(included.loc[included["pillar"] == pillar, "code"])
        scores = scores_wide[codes]
        table[pillar] = scores.mean(axis=1).where(scores.notna().sum(axis=1) / len(codes) >= min_coverage)
    table["isdr"] = table[list(PILLARS)].sum(axis=1, min_count=len(PILLARS))
    for column in (*PILLARS, "isdr"):
        table[f"rank_{column}"] = table[column].round(9).rank(method="min", ascending=False).astype("Int64")
    return table.rename_axis("region_id").reset_index()


REGIONS = metadata.load_regions(RAW / "regions.csv")
INDICATORS = metadata.load_indicators(RAW / "indicators.csv")
VALUES_2023 = cleaning.regional_values(cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)[0])


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("missing, coverage", [("worst", 0.0), ("available", 0.8)])
def test_2023_scores_and_indices_are_byte_identical_to_the_pandas_formulas(method, missing, coverage):
    spec = METHODS[method]
    scores = score_table(VALUES_2023, INDICATORS, spec.direction_column, missing=missing)
    expected = reference_scores(VALUES_2023, INDICATORS, spec.direction_column, missing)
    assert scores.to_csv() == expected.to_csv() and scores.equals(expected)
    indices = index_table(scores, INDICATORS, spec.include_column, min_coverage=coverage)
    reference = reference_indices(expected, INDICATORS, spec.include_column, coverage)
    assert indices.to_csv(index=False) == reference[indices.columns].to_csv(index=False)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 30), st.booleans())
def test_random_tables_are_byte_identical_to_the_pandas_formulas(seed, regions, blanks):
    rng = np.random.default_rng(seed)
    codes = [f"B{i}" for i in range(1, 14)]
    meta = pd.DataFrame(
        {
            "code": codes,
            "pillar": ["social"] * 5 + ["economic"] * 5 + ["ecological"] * 3,
            "direction": rng.choice([1, -1], len(codes)),
            "in_thesis_index": [True] * 12 + [False],
        }
    )
    wide = pd.DataFrame(rng.normal(50, 20, size=(regions, len(codes))).round(int(rng.integers(0, 4))), columns=codes)
    if blanks:
        wide = wide.mask(rng.random(wide.shape) < 0.1)
        assume(wide.notna().any().all())
        # the one deliberate change (test below): a blank in an otherwise constant indicator
        assume(not any(wide[c].isna().any() and wide[c].nunique() == 1 for c in codes))
    for missing in ("worst", "available"):
        scores = score_table(wide, meta, "direction", missing=missing)
        expected = reference_scores(wide, meta, "direction", missing)
        assert scores.to_csv() == expected.to_csv()
        indices = index_table(scores, meta, "in_thesis_index", min_coverage=0.5)
        assert indices.to_csv(index=False) == reference_indices(expected, meta, "in_thesis_index", 0.5)[
            indices.columns
        ].to_csv(index=False)


def test_the_one_change_a_blank_in_an_otherwise_constant_indicator_now_scores_5_like_the_rest():
    # it takes the worst observed value, which every region has: the blank is no worse than anyone
    # (the old formulas gave it 1; the cleaning log already said "every region will score 5")
    x = np.array([[7.0], [np.nan], [7.0]])
    assert scoring.normalise(x, [1], "minmax", missing="worst")[:, 0].tolist() == [5.0, 5.0, 5.0]


def test_a_panel_goes_through_the_core_in_one_call_and_each_year_equals_that_year_alone():
    from sdi.method import panel

    moved = VALUES_2023 * np.random.default_rng(2).uniform(0.9, 1.1, VALUES_2023.shape)
    values = pd.concat({2022: moved, 2023: VALUES_2023}, names=["year", "region_id"])
    indices = panel.panel_indices(
        panel.panel_scores(values, INDICATORS, "direction_thesis"), INDICATORS, "in_thesis_index"
    )
    alone = index_table(score_table(VALUES_2023, INDICATORS, "direction_thesis"), INDICATORS, "in_thesis_index")
    this_year = indices[indices.year == 2023].reset_index(drop=True)[alone.columns]
    assert this_year.to_csv(index=False) == alone.to_csv(index=False)


def test_groups_must_be_contiguous_blocks_of_equal_size():
    assert scoring.equal_blocks([2022, 2022, 2023, 2023]) == 2
    for labels in ([2022, 2023, 2022, 2023], [2022, 2022, 2023]):
        with pytest.raises(ValueError, match="contiguous blocks"):
            scoring.equal_blocks(labels)
