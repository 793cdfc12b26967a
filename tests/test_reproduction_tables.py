"""Issue acceptance: the recomputation reproduces the published statistics rows of Tables 7-8 and,
with the thesis method, Table 12 and the ecological column of Table 13, within half a unit of the
last printed digit. The few cells that do not are listed with their cause; each must still differ
(a fix upstream must update this list)."""


import pytest

from sdi import cleaning, index, normalisation, statistics
from sdi.metadata import load_indicators, load_regions

from conftest import RAW
from published import matches, read_reference

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
CLEAN, _ = cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)
WIDE = cleaning.regional_values(CLEAN)
STATS = statistics.describe(WIDE).set_index("indicator")
THESIS_SCORES = normalisation.score_table(WIDE, INDICATORS, "direction_thesis")
THESIS_INDEX = index.index_table(THESIS_SCORES, INDICATORS, "in_thesis_index").set_index("region_id")

# cell -> why it differs (the reproduction report gives the evidence)
KNOWN_STATISTICS = {
    ("table07", "skewness", "B19"): "recomputed -0.15504 is 0.00004 past the rounding boundary of the printed -0.15",
    ("table08", "skewness", "B34"): "B34 (R&D, % of GRP) is printed with two decimals on a 0-0.31 range; the printed skewness used the unrounded values",
}
KNOWN_TABLE12 = {
    ("KZ-75", "B50"): "Almaty city's B50 (1.95) is printed with too few digits: 8.6546 vs 8.66",
    ("KZ-59", "index"): "North Kazakhstan's B46 (0.9) is printed with one decimal on a 0-98.4 range: 4.47503 vs 4.47",
}


def mismatches_of_statistics(table):
    ref = read_reference(f"{table}_statistics").set_index("statistic")
    return {(table, stat, code) for stat in ref.index for code in ref.columns
            if not matches(STATS.at[code, stat], ref.at[stat, code])}


@pytest.mark.parametrize("table", ["table07", "table08"])
def test_statistics_rows_of_tables_7_and_8_are_reproduced(table):
    known = {k for k in KNOWN_STATISTICS if k[0] == table}
    assert mismatches_of_statistics(table) == known


def test_thesis_method_reproduces_table_12():
    ref = read_reference("table12_ecological_scores", REGIONS)
    found = set()
    for region_id in ref.index:
        for code in [c for c in ref.columns if c.startswith("B")]:
            if not matches(THESIS_SCORES.at[region_id, code], ref.at[region_id, code]):
                found.add((region_id, code))
        if not matches(THESIS_INDEX.at[region_id, "ecological"], ref.at[region_id, "index"]):
            found.add((region_id, "index"))
        assert THESIS_INDEX.at[region_id, "rank_ecological"] == int(ref.at[region_id, "rank"])
    assert found == set(KNOWN_TABLE12)
    # the two blank B46 cells score exactly what Table 12 prints
    assert THESIS_SCORES.at["KZ-27", "B46"] == 1.0 == float(ref.at["KZ-27", "B46"])
    assert THESIS_SCORES.at["KZ-71", "B46"] == 1.0 == float(ref.at["KZ-71", "B46"])


def test_thesis_method_reproduces_the_ecological_column_of_table_13():
    ref = read_reference("table13_integral", REGIONS)
    wrong = [r for r in ref.index if not matches(THESIS_INDEX.at[r, "ecological"], ref.at[r, "ecological"])]
    assert wrong == ["KZ-59"]  # the same boundary case as Table 12
    assert all(THESIS_INDEX.at[r, "rank_ecological"] == round(float(ref.at[r, "rank_ecological"])) for r in ref.index)
