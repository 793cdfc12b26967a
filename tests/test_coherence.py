"""Statistical coherence against values computed by hand on a small example."""

import math

import numpy as np
import pandas as pd
import pytest
from test_uncertainty import INDICATORS

from sdi.method.index import index_table
from sdi.robustness import coherence

# x and y: deviations from the mean 2.5 are -1.5 -0.5 0.5 1.5 and -1.5 0.5 -0.5 1.5, so the sum of
# products is 4 and each sum of squares 5: r = 0.8 (Spearman too: the values are their ranks)
X = [1.0, 2.0, 3.0, 4.0]
Y = [1.0, 3.0, 2.0, 4.0]


def test_cronbach_alpha_by_hand():
    # variances 5/3 each; x + y = 2 5 5 8 has variance 18/3 = 6: alpha = 2 * (1 - (10/3) / 6) = 8/9
    assert coherence.cronbach_alpha(np.array([X, Y]).T) == pytest.approx(8 / 9)
    assert coherence.cronbach_alpha(np.array([X, X, X]).T) == pytest.approx(1.0)  # identical items
    assert math.isnan(coherence.cronbach_alpha(np.array([X]).T))  # one item


def test_principal_components_by_hand():
    # the correlation matrix [[1, .8], [.8, 1]] has eigenvalues 1.8 and 0.2: the first carries 90 %
    assert coherence.principal_components(np.array([X, Y]).T) == pytest.approx([1.8, 0.2])
    # three items, two of them identical: r = 1, .8, .8; eigenvalues sum to 3
    eigen = coherence.principal_components(np.array([X, X, Y]).T)
    assert eigen.sum() == pytest.approx(3) and (eigen > 1).sum() == 1


def test_kurtosis_is_excel_s_kurt():
    assert coherence.kurtosis([1, 2, 3, 4, 5]) == pytest.approx(-1.2)  # KURT(1,2,3,4,5)
    # KURT(1,1,1,1,10): n = 5, deviations -1.8 x4 and 7.2, s^2 = 64.8/4 = 16.2; the sum of (d/s)^4 is
    # (4 * 1.8^4 + 7.2^4) / 16.2^2 = 2729.376 / 262.44 = 10.4; KURT = 5*6/(4*3*2) * 10.4 - 3*16/(3*2) = 5
    assert coherence.kurtosis([1, 1, 1, 1, 10]) == pytest.approx(5.0)
    assert math.isnan(coherence.kurtosis([2, 2, 2, 2]))


def test_the_indicator_table_by_hand():
    # four regions: social = mean(x, y) = 1 2.5 2.5 4; economic and ecological z = 4 3 2 1
    scores = pd.DataFrame({"S1": X, "S2": Y, "E": [4.0, 3, 2, 1], "G": [4.0, 3, 2, 1]}, index=list("abcd"))
    meta = pd.DataFrame(
        {
            "code": ["S1", "S2", "E", "G"],
            "pillar": ["social", "social", "economic", "ecological"],
            "in_thesis_index": True,
            "weight": 1.0,
        }
    )
    indices = index_table(scores, meta, "in_thesis_index")  # ISDR = social + 2 z = 9 8.5 6.5 6
    table = coherence.indicator_table(
        scores, scores, indices, indicators=meta, include_column="in_thesis_index"
    ).set_index("indicator")
    # S1 against social (1 2.5 2.5 4): deviations -1.5 0 0 1.5, products with x's 2.25 0 0 2.25 = 4.5;
    # squares 4.5 and 5: r = 4.5 / sqrt(22.5) = 0.9487
    assert table.at["S1", "pearson_pillar"] == pytest.approx(4.5 / math.sqrt(22.5))
    # against ISDR (deviations from 7.5: 1.5 1 -1 -1.5): products -5.5, squares 5 and 6.5
    assert table.at["S1", "pearson_isdr"] == pytest.approx(-5.5 / math.sqrt(32.5))
    assert table.at["S1", "flag_isdr"] == "negative" and table.at["S1", "flag_pillar"] == ""
    assert table.at["E", "pearson_pillar"] == pytest.approx(1.0) and table.at["E", "spearman_pillar"] == pytest.approx(
        1.0
    )
    # each social indicator carries 1/2 of 1/3 of ISDR, E and G 1/3 each
    assert table.effective_weight.tolist() == pytest.approx([1 / 6, 1 / 6, 1 / 3, 1 / 3])


def test_redundant_pairs_and_pillar_statistics_by_hand():
    scores = pd.DataFrame({"S1": X, "S2": Y, "S3": [2.0, 4, 6, 8], "E": X, "G": X})
    meta = pd.DataFrame(
        {
            "code": list(scores.columns),
            "pillar": ["social"] * 3 + ["economic", "ecological"],
            "in_thesis_index": True,
            "weight": 1.0,
        }
    )
    pairs = coherence.redundant_pairs(scores, meta, "in_thesis_index")
    assert pairs[["indicator_a", "indicator_b"]].values.tolist() == [["S1", "S3"]] and pairs.pearson.iloc[
        0
    ] == pytest.approx(1)
    social = coherence.pillar_table(scores, meta, "in_thesis_index").set_index("pillar").loc["social"]
    assert social.indicators == 3 and social.eigenvalues_above_1 == 1
    # correlations S1-S2 0.8, S1-S3 1, S2-S3 0.8: [[1,.8,1],[.8,1,.8],[1,.8,1]] has eigenvalue 0 on (1, 0, -1);
    # on (1, 0, 1)/sqrt(2) and (0, 1, 0) it is [[2, .8 sqrt(2)], [.8 sqrt(2), 1]]: largest (3 + sqrt(1 + 4 * 1.28)) / 2
    assert social.first_component_share == pytest.approx((3 + math.sqrt(1 + 4 * 1.28)) / 2 / 3)


def test_one_ecological_indicator_counts_7_3_times_as_much_as_a_social_one_in_2023():
    weights = coherence.effective_weights(INDICATORS, "in_thesis_index")
    by_code = dict(zip(INDICATORS.code, weights))
    assert by_code["B1"] == pytest.approx(1 / 63) and by_code["B22"] == pytest.approx(1 / 63)
    assert by_code["B44"] == pytest.approx(1 / 27) and by_code["B43"] == 0
    assert by_code["B44"] / by_code["B1"] == pytest.approx(21 / 9) and sum(weights) == pytest.approx(1)


def test_skewed_and_heavy_tailed_is_flagged_only_when_both_limits_are_passed():
    assert coherence.distribution_flag(2.5, 4.0) == "skewed, heavy-tailed"
    assert coherence.distribution_flag(-2.5, 4.0) == "skewed, heavy-tailed"
    assert coherence.distribution_flag(2.5, 3.0) == "" and coherence.distribution_flag(1.9, 9.0) == ""
    assert [coherence.correlation_flag(r) for r in (-0.1, 0.0, 0.29, 0.3, float("nan"))] == [
        "negative",
        "weak",
        "weak",
        "",
        "",
    ]
