import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sdi.method.index import competition_rank, index_table, pillar_indices

META = pd.DataFrame(
    {
        "code": ["B1", "B2", "B3", "B4", "B5"],
        "pillar": ["social", "social", "economic", "ecological", "ecological"],
        "in_thesis_index": [True, True, True, False, True],
    }
)
SCORES = pd.DataFrame(
    {"B1": [1.0, 9.0, 5.0], "B2": [3.0, 9.0, 5.0], "B3": [9.0, 1.0, 5.0], "B4": [9.0, 9.0, 1.0], "B5": [2.0, 4.0, 6.0]},
    index=["r1", "r2", "r3"],
)


def test_pillar_index_is_the_mean_of_the_included_scores_only():
    p = pillar_indices(SCORES, META, "in_thesis_index")
    assert list(p.social) == [2.0, 9.0, 5.0]
    assert list(p.economic) == [9.0, 1.0, 5.0]
    assert list(p.ecological) == [2.0, 4.0, 6.0]  # B4 is left out


def test_isdr_is_the_sum_and_ranks_put_the_highest_first():
    t = index_table(SCORES, META, "in_thesis_index").set_index("region_id")
    assert list(t.isdr) == [13.0, 14.0, 16.0]
    assert list(t.rank_isdr) == [3, 2, 1]
    assert list(t.rank_social) == [3, 1, 2]
    assert list(t.columns) == [
        "social",
        "economic",
        "ecological",
        "isdr",
        "rank_social",
        "rank_economic",
        "rank_ecological",
        "rank_isdr",
    ]


def test_competition_ranking_with_ties():
    assert list(competition_rank(pd.Series([5.0, 7.0, 7.0, 3.0]))) == [3, 1, 1, 4]
    assert list(competition_rank(pd.Series([2.0, 2.0, 2.0]))) == [1, 1, 1]


def test_ranks_use_full_precision_not_rounded_values():
    # 5.004 and 4.996 both print as 5.00; the ranks still tell them apart
    assert list(competition_rank(pd.Series([4.996, 5.004]))) == [2, 1]


@given(st.lists(st.integers(0, 5), min_size=1, max_size=30))
def test_ranks_are_a_competition_ranking(xs):
    r = competition_rank(pd.Series(xs, dtype=float))
    for i, x in enumerate(xs):
        assert r[i] == 1 + sum(y > x for y in xs)


@given(st.lists(st.floats(1, 9), min_size=2, max_size=20))
def test_pillar_index_lies_between_its_scores(xs):
    scores = pd.DataFrame({f"B{i + 1}": [x] for i, x in enumerate(xs)})
    meta = pd.DataFrame({"code": scores.columns, "pillar": "social", "in_thesis_index": True})
    meta = pd.concat(
        [meta, pd.DataFrame({"code": ["E", "G"], "pillar": ["economic", "ecological"], "in_thesis_index": True})]
    )
    scores["E"] = 1.0
    scores["G"] = 1.0
    value = pillar_indices(scores, meta, "in_thesis_index").social.iloc[0]
    assert min(xs) - 1e-9 <= value <= max(xs) + 1e-9


def test_available_policy_averages_the_scores_that_exist_and_needs_80_percent():
    meta = pd.DataFrame(
        {
            "code": [f"S{i}" for i in range(5)] + ["E", "G"],
            "pillar": ["social"] * 5 + ["economic", "ecological"],
            "in_thesis_index": True,
        }
    )
    scores = pd.DataFrame(
        {
            "S0": [2.0, 2.0],
            "S1": [4.0, float("nan")],
            "S2": [6.0, float("nan")],
            "S3": [8.0, 6.0],
            "S4": [float("nan"), 7.0],
            "E": [5.0, 5.0],
            "G": [5.0, 5.0],
        },
        index=["has 4 of 5", "has 3 of 5"],
    )
    t = index_table(scores, meta, "in_thesis_index", min_coverage=0.8).set_index("region_id")
    assert t.at["has 4 of 5", "social"] == 5.0  # (2 + 4 + 6 + 8) / 4
    assert pd.isna(t.at["has 3 of 5", "social"])  # 60 % < 80 %: no index
    assert pd.isna(t.at["has 3 of 5", "isdr"]) and pd.isna(t.at["has 3 of 5", "rank_isdr"])
    assert t.at["has 4 of 5", "rank_isdr"] == 1
    # without a coverage threshold the mean of what exists is used
    assert index_table(scores, meta, "in_thesis_index").set_index("region_id").at["has 3 of 5", "social"] == 5.0


def test_indices_equal_but_summed_in_another_order_share_a_rank():
    a, b = 0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1  # 0.6000000000000001 and 0.6
    assert a != b
    assert list(competition_rank(pd.Series([a, b, 0.5]))) == [1, 1, 3]
