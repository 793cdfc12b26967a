"""Refitting the thesis's choices from its published tables: on small made-up tables whose answer is
known, and on the 2023 tables, where the refit must find what data/raw/indicators.csv records."""

import csv
import dataclasses

import pandas as pd
import pytest
from conftest import RAW, ROOT

from sdi.inputs import cleaning, metadata
from sdi.method.methods import METHODS
from sdi.reproduction import inference, published_tables

REFERENCE = ROOT / "data" / "reference" / "2023"
REGIONS = metadata.load_regions(RAW / "regions.csv")
INDICATORS = metadata.load_indicators(RAW / "indicators.csv")
VALUES = cleaning.regional_values(cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)[0])
PUBLISHED = published_tables.published_numbers(REFERENCE, REGIONS, INDICATORS)
PRINTED_SCORES = published_tables.published_scores(PUBLISHED)
PRINTED_INDICES = published_tables.published_pillar_indices(PUBLISHED)
RAW_TEXT = published_tables.raw_text_values(RAW / "2023", REGIONS, INDICATORS)
THESIS = METHODS["thesis"]


def refit(indicators=INDICATORS, method=THESIS, printed_indices=PRINTED_INDICES):
    directions = inference.infer_directions(VALUES, PRINTED_SCORES)
    sets = inference.infer_index_sets(PRINTED_SCORES, printed_indices, indicators)
    missing = inference.missing_value_scores(RAW_TEXT, PRINTED_SCORES)
    return (
        directions,
        sets,
        missing,
        inference.disagreements(directions, sets, missing, indicators=indicators, method=method),
    )


def test_directions_of_made_up_columns():
    values = pd.DataFrame(
        {"up": [0.0, 2.0, 5.0, 10.0], "down": [0.0, 2.0, 5.0, 10.0], "neither": [0.0, 2.0, 5.0, 10.0]},
        index=list("abcd"),
    )
    # 1 + 8 (x - 0) / 10 = 1, 2.6, 5, 9; the negative formula gives 9, 7.4, 5, 1
    printed = pd.DataFrame(
        {
            "up": ["1.00", "2.60", "5.00", "9.00"],
            "down": ["9.0", "7.4", "5.0", "1.0"],
            "neither": ["3.00", "3.00", "3.00", "3.00"],
        },
        index=list("abcd"),
    )
    fit = inference.infer_directions(values, printed)
    assert fit.direction.to_dict() == {"up": 1, "down": -1, "neither": inference.NO_DIRECTION}
    assert fit.at["up", "reproduced_positive"] == 4 and fit.at["up", "reproduced_negative"] == 1  # only 5.0 both ways
    assert fit.at["down", "largest_difference_positive"] == pytest.approx(8.0)


def test_index_set_of_made_up_scores():
    indicators = pd.DataFrame({"code": ["A", "B", "C"], "pillar": ["social"] * 3})
    scores = pd.DataFrame({"A": ["2.0", "4.0"], "B": ["4.0", "8.0"], "C": ["9.0", "1.0"]}, index=["r1", "r2"])
    indices = pd.DataFrame({"social": ["3.0", "6.0"]}, index=["r1", "r2"])  # the mean of A and B
    fit = inference.infer_index_sets(scores, indices, indicators)
    assert fit.at["social", "left_out"] == ("C",) and fit.at["social", "largest_difference"] == 0
    # the closest set that keeps C: all three, (2 + 4 + 9) / 3 = 5 against 3, (4 + 8 + 1) / 3 = 4.33 against 6
    assert fit.at["social", "closest_other_left_out"] == () and fit.at[
        "social", "closest_other_difference"
    ] == pytest.approx(2.0)


def test_the_refit_from_the_2023_tables_finds_what_indicators_csv_records():
    directions, sets, _, disagreements = refit()
    meta = INDICATORS.set_index("code")
    decided = directions[directions.direction != inference.NO_DIRECTION]
    # data/README.md: the thesis scored these six positive indicators as negative
    assert set(decided.index[decided.direction != meta.direction[decided.index]]) == {
        "B7",
        "B8",
        "B15",
        "B16",
        "B19",
        "B20",
    }
    assert (decided.direction == meta.direction_thesis[decided.index]).all()
    # their notes: B12 a copy of B13, B25 and B27 raw values, B31 bounds [0, max], B34 inputs with two decimals
    assert set(directions.index[directions.direction == inference.NO_DIRECTION]) == {"B12", "B25", "B27", "B31", "B34"}
    # data/README.md: social and economic use all 21; ecological all but B43, within 0.01 of every published
    # value, and no set with B43 comes within 0.12
    assert sets.left_out.to_dict() == {"social": (), "economic": (), "ecological": ("B43",)}
    assert sets.at["ecological", "largest_difference"] <= 0.01 + 1e-9
    assert (
        "B43" not in sets.at["ecological", "closest_other_left_out"]
        and sets.at["ecological", "closest_other_difference"] > 0.12
    )
    assert disagreements == []


def test_the_blank_raw_cells_and_what_the_published_tables_print_for_them():
    with open(RAW / "2023" / "ecological.csv", encoding="utf-8") as f:
        blank = [(row["region"], code) for row in csv.DictReader(f) for code, text in row.items() if text == ""]
    assert blank == [("Батыс Қазақстан", "B46"), ("Астана қаласы", "B46")]
    with open(REFERENCE / "table12_ecological_scores.csv", encoding="utf-8") as f:
        printed = {row["region"]: row["B46"] for row in csv.DictReader(f)}
    assert printed["Батыс Қазақстан"] == printed["Астана қаласы"] == "1.0"
    missing = inference.missing_value_scores(RAW_TEXT, PRINTED_SCORES)
    assert missing.values.tolist() == [["KZ-27", "B46", "1.0"], ["KZ-71", "B46", "1.0"]]


def with_metadata(code, column, value):
    indicators = INDICATORS.copy()
    indicators.loc[indicators.code == code, column] = value
    return indicators


@pytest.mark.parametrize(
    "indicators, method, starts",
    [
        (
            with_metadata("B9", "direction_thesis", 1),
            THESIS,
            "B9: the published scores are negative-direction scores (20 of 20 cells)",
        ),
        (with_metadata("B12", "direction_thesis", 1), THESIS, "B12: the published scores show no direction"),
        (
            with_metadata("B43", "in_thesis_index", True),
            THESIS,
            "ecological: the published indices leave out B43, but in_thesis_index leaves out nothing",
        ),
        (
            INDICATORS,
            dataclasses.replace(THESIS, missing="available"),
            "KZ-27 B46: the raw cell is blank and the published score is 1.0",
        ),
    ],
)
def test_a_record_the_published_tables_contradict_is_named(indicators, method, starts):
    disagreements = refit(indicators, method)[3]
    assert disagreements and disagreements[0].startswith(starts)


def test_no_index_set_that_fits_is_said():
    indices = PRINTED_INDICES.copy()
    indices["social"] = "1.0"  # no mean of social scores is 1 in every region
    sets, disagreements = refit(printed_indices=indices)[1::2]
    assert sets.at["social", "left_out"] is None
    assert disagreements[0].startswith("social: no set of all but up to 3 indicators gives the published indices")
