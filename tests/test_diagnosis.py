"""The reproduction check: its rules, its diagnoses on planted errors, and the expected-differences list."""

import copy
import shutil
import warnings

import pandas as pd
import pytest
from conftest import RAW, ROOT, copy_raw
from published import predicted_summary, printed_cells_per_table

from sdi.errors import InputError
from sdi.inputs import cleaning, metadata
from sdi.method.methods import METHODS
from sdi.publish import reproduction_report as report
from sdi.publish.evidence import wording
from sdi.reproduction import comparison as rp
from sdi.reproduction import diagnosis, index_candidates, inference, matching, published_tables
from sdi.reproduction.evidence import Evidence

REFERENCE = ROOT / "data" / "reference" / "2023"
REGIONS = metadata.load_regions(RAW / "regions.csv")
INDICATORS = metadata.load_indicators(RAW / "indicators.csv")
CLEAN, _ = cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)
REC = rp.Recomputation(CLEAN, INDICATORS, REGIONS)
RAW_TEXT = published_tables.raw_text_values(RAW / "2023", REGIONS, INDICATORS)
PUBLISHED = published_tables.published_numbers(REFERENCE, REGIONS, INDICATORS)
COMPARED = rp.compare(PUBLISHED, REC)
ERRATA = diagnosis.diagnose(COMPARED, REC, RAW_TEXT)
EN, KK = (wording(REGIONS, INDICATORS, language).word for language in ("en", "kk"))  # the evidence in words


@pytest.mark.parametrize(
    "printed, half", [("8.66", 0.005), ("5.6", 0.05), ("17", 0.5), ("24600.8", 0.05), ("-0.15", 0.005)]
)
def test_half_a_unit_of_the_last_printed_digit(printed, half):
    assert matching.half_unit(printed) == pytest.approx(half)


def test_match_rule():
    assert matching.is_match("8.66", 8.655, "score") and matching.is_match("8.66", 8.665, "score")
    assert not matching.is_match("8.66", 8.6546, "score")
    assert matching.is_match("17.0", 17, "rank") and not matching.is_match("17", 16, "rank")
    assert matching.is_match("low", "low", "level") and not matching.is_match("low", "medium", "level")


def test_rank_bounds_allow_ties_in_printed_values():
    values = pd.Series([5.9, 5.9, 6.1, 5.5])
    assert index_candidates._rank_bounds(values, 5.9) == (2, 3)
    assert index_candidates._rank_bounds(values, 6.1) == (1, 1)


def test_verdicts():
    assert rp.verdict(100, 100, 0) == "reproduced"
    assert rp.verdict(100, 97, 0) == "reproduced with minor issues"
    assert rp.verdict(100, 97, 1) == "partly reproduced"
    assert rp.verdict(100, 40, 0) == "not reproduced"


def test_every_published_number_is_compared():
    assert PUBLISHED.groupby("table").size().to_dict() == printed_cells_per_table()


def planted(table, indicator, new_values):
    """The published numbers with one score column replaced."""
    pub = PUBLISHED.copy()
    cells = (pub.table == table) & (pub.indicator == indicator) & (pub.statistic == "score")
    pub.loc[cells, "published"] = [new_values[r] for r in pub.loc[cells, "region_id"]]
    return pub


def diagnoses_of(pub, table, indicator):
    errata = diagnosis.diagnose(rp.compare(pub, REC), REC, RAW_TEXT)
    return errata[(errata.table == table) & (errata.indicator == indicator) & (errata.statistic == "score")]


def test_planted_copy_of_another_column_is_found():
    b45 = PUBLISHED[(PUBLISHED.table == "12") & (PUBLISHED.indicator == "B45")].set_index("region_id").published
    found = diagnoses_of(planted("12", "B44", b45), "12", "B44")
    assert len(found) >= 15 and set(found.diagnosis) == {"copy_of_column"}
    # Table 12 prints B44 for the 20 regions, every cell now B45's
    assert found.evidence.iloc[0] == Evidence("copy_of_column", count=20, code="B44", other="B45")
    assert EN(found.evidence.iloc[0]) == "every one of the 20 printed cells of B44 equals column B45"
    assert KK(found.evidence.iloc[0]) == "B44 бағанының басылған 20 ұяшығының бәрі B45 бағанымен бірдей"


def test_planted_opposite_direction_and_raw_values_are_found():
    opposite = (10 - REC.scores["B49"]).map(lambda v: f"{v:.2f}")
    assert set(diagnoses_of(planted("12", "B49", opposite), "12", "B49").diagnosis) == {"opposite_direction"}
    raw = REC.values["B52"].map(lambda v: f"{v:.2f}")
    assert set(diagnoses_of(planted("12", "B52", raw), "12", "B52").diagnosis) == {"raw_values"}


def test_planted_bounds_0_to_100_are_found():
    x = REC.values["B44"]
    scaled = (1 + 8 * x / 100).map(lambda v: f"{v:.2f}")
    found = diagnoses_of(planted("12", "B44", scaled), "12", "B44")
    # B44 starts at 0, so "upper bound 100" is the same scaling and is named first
    evidence = found.evidence.iloc[0]
    assert set(found.diagnosis) == {"other_bounds"} and x.min() == 0
    assert (evidence["lower"], evidence["upper"], evidence["how"]) == (0, 100, "upper_100")
    assert (evidence["min"], evidence["max"]) == (x.min(), x.max())
    assert "bounds [0, 100] (upper bound 100)" in EN(evidence)
    assert "[0; 100] шектерімен (жоғарғы шегі 100)" in KK(evidence)  # a semicolon: the comma is the decimal one


def test_a_made_up_column_stays_unexplained():
    noise = {r: f"{1 + (i * 37 % 80) / 10:.1f}" for i, r in enumerate(REC.values.index)}
    found = diagnoses_of(planted("12", "B47", noise), "12", "B47")
    assert "unexplained" in set(found.diagnosis)


def test_errata_match_the_expected_differences_list():
    """Fails when a new unexplained or explained mismatch appears, or an expected one disappears,
    until data/reference/2023/expected_differences.csv is updated with its reason (Tables 7-14 and the
    text after Table 13 here, with the risk section's errata as notebook 08 adds them)."""
    from test_risk_comparison import RISK_ERRATA

    expected = published_tables.read_expected_differences(REFERENCE / "expected_differences.csv")
    new, gone = rp.expected_differences_check(pd.concat([ERRATA, RISK_ERRATA], ignore_index=True), expected)
    assert new == [] and gone == []
    assert (expected.reason.str.len() > 30).all()


def test_the_summary_follows_from_the_reference_files_and_the_expected_list():
    """compared: the cells the reference files print; matched: those the expected list does not name."""
    summary = rp.summary(COMPARED, ERRATA).set_index("table")
    for table, counts in predicted_summary(printed_cells_per_table()).items():
        assert summary.loc[table, ["compared", "matched", "explained", "unexplained"]].tolist() == counts, table


def test_a_planted_mismatch_changes_the_summary_as_predicted():
    pub = PUBLISHED.copy()
    # Table 7: B1's mean made up (no candidate gives 999.99): one match fewer, one unexplained more
    pub.loc[(pub.table == "7") & (pub.indicator == "B1") & (pub.statistic == "mean"), "published"] = "999.99"
    # Table 12: Abai's B49 as the positive-direction score, 1 + 8 (63 - 12) / (921 - 12) = 1.45: one explained more
    pub.loc[(pub.table == "12") & (pub.region_id == "KZ-10") & (pub.indicator == "B49"), "published"] = "1.45"
    compared = rp.compare(pub, REC)
    counts = ["compared", "matched", "explained", "unexplained"]
    before = rp.summary(COMPARED, ERRATA).set_index("table")
    after = rp.summary(compared, diagnosis.diagnose(compared, REC, RAW_TEXT)).set_index("table")
    change = after[counts] - before[counts]
    assert change.loc["7"].tolist() == [0, -1, 0, 1] and change.loc["12"].tolist() == [0, -1, 1, 0]
    assert (change.drop(index=["7", "12"]) == 0).all().all()
    # an unexplained cell takes Table 7 from "minor issues" to "partly reproduced"; Table 12 stays within 5 %
    assert (
        before.loc["7", "verdict"] == "reproduced with minor issues"
        and after.loc["7", "verdict"] == "partly reproduced"
    )
    assert after.loc["12", "verdict"] == "reproduced with minor issues"


def test_planted_index_of_a_different_indicator_set_is_found():
    pub = PUBLISHED.copy()
    with_b43 = REC.scores[[f"B{i}" for i in range(43, 53)]].mean(axis=1)  # all ten, B43 included
    cells = (pub.table == "12") & (pub.statistic == "index")
    pub.loc[cells, "published"] = [f"{with_b43[r]:.2f}" for r in pub.loc[cells, "region_id"]]
    errata = diagnosis.diagnose(rp.compare(pub, REC), REC, RAW_TEXT)
    found = errata[(errata.table == "12") & (errata.statistic == "index")]
    assert len(found) >= 15 and set(found.diagnosis) == {"different_indicator_set"}
    first = found.iloc[0]
    assert found.evidence.iloc[0] == Evidence(
        "indicator_set_with", code="B43", mean=pytest.approx(with_b43[first.region_id]), printed=first.published
    )
    assert "the mean of the recomputed scores with B43 is" in EN(found.evidence.iloc[0])
    assert "B43 көрсеткішін қосқанда қайта есептелген балдардың орташа мәні" in KK(found.evidence.iloc[0])


def test_the_report_says_what_the_thesis_method_takes_from_the_published_tables():
    printed = published_tables.published_scores(PUBLISHED)
    directions = inference.infer_directions(REC.values, printed)
    sets = inference.infer_index_sets(printed, published_tables.published_pillar_indices(PUBLISHED), INDICATORS)
    missing = inference.missing_value_scores(RAW_TEXT, printed)
    names = {"KZ-27": "West Kazakhstan", "KZ-71": "Astana"}
    lines = report.thesis_choices(
        INDICATORS, directions, sets, missing_scores=missing, names=names, method=METHODS["thesis"]
    )
    assert len(lines) == 5
    assert lines[0].startswith("Directions: B7, B8, B15, B16, B19, B20 (doctors per 10,000 inhabitants;")
    # B7: the three duplicated raw values are the three cells the negative formula does not reproduce
    assert (
        "B7: negative 17 of 20 (largest difference" in lines[1]
        and "No direction reproduces 50% of B12, B25, B27, B31 and B34" in lines[1]
    )
    assert lines[2].startswith("Indicator sets: B43 is scored but left out")
    assert "social all 21 (" in lines[3] and "ecological all but B43 (largest difference 0.010;" in lines[3]
    assert lines[4] == (
        "Missing values: a blank cell scores 1, the worst score, because Table 12 prints 1.0 for both blank "
        "B46 cells (West Kazakhstan, Astana)."
    )


def test_the_missing_value_line_when_no_raw_cell_is_blank():
    no_blanks = pd.DataFrame(columns=["region_id", "indicator", "printed"])
    line = report._missing_value_line(no_blanks, INDICATORS, {}, method=METHODS["thesis"])
    assert line.startswith("Missing values: no raw cell is blank, so the published tables cannot show")


def test_a_printed_region_name_matches_its_id_only_through_the_alias_map():
    aliases = {"ақмола": "KZ-11"}
    assert matching.is_match("Ақмола", "KZ-11", "isdr_rank_1", aliases=aliases)
    assert not matching.is_match("Ақмола", "KZ-11", "isdr_rank_1")
    assert not matching.is_match("Алматы", "KZ-11", "isdr_rank_1", aliases=aliases)


def test_the_first_candidate_that_fits_is_kept_in_the_order_listed():
    """The engine knows no kind: a new kind, or a new candidate, is a list entry."""
    row = rp.compare(PUBLISHED, REC).iloc[[0]].assign(kind="new kind", match=False)
    said = []

    def does_not_fit(ctx, r):
        said.append("first")
        return None

    def fits(ctx, r):
        said.append("second")
        return "propagated", Evidence("planted")

    def never_tried(ctx, r):
        said.append("third")
        return "classification", Evidence("should not be reached")

    errata = diagnosis.diagnose(row, REC, RAW_TEXT, candidates={"new kind": [does_not_fit, fits, never_tried]})
    assert (
        said == ["first", "second"]
        and list(errata.diagnosis) == ["propagated"]
        and list(errata.evidence) == [Evidence("planted")]
    )
    assert list(diagnosis.diagnose(row, REC, RAW_TEXT, candidates={}).diagnosis) == ["unexplained"]


def test_a_candidate_with_a_diagnosis_not_listed_in_DIAGNOSES_is_refused():
    row = rp.compare(PUBLISHED, REC).iloc[[0]].assign(match=False)
    with pytest.raises(ValueError, match="not in DIAGNOSES"):
        diagnosis.diagnose(row, REC, RAW_TEXT, candidates={row.kind.iloc[0]: [lambda ctx, r: ("made_up", "")]})


def test_a_candidate_that_words_its_evidence_is_refused():
    """Words are the presentation's: a candidate gives an Evidence (a key and values), never a sentence."""
    row = rp.compare(PUBLISHED, REC).iloc[[0]].assign(match=False)
    with pytest.raises(ValueError, match="no Evidence"):
        diagnosis.diagnose(row, REC, RAW_TEXT, candidates={row.kind.iloc[0]: [lambda ctx, r: ("propagated", "why")]})


def test_the_recomputation_follows_the_method_it_is_given():
    corrected = rp.Recomputation(CLEAN, INDICATORS, REGIONS, METHODS["corrected"])
    b7 = REC.values["B7"]
    assert corrected.scores.at["KZ-10", "B7"] == pytest.approx(1 + 8 * (b7["KZ-10"] - b7.min()) / (b7.max() - b7.min()))
    assert REC.scores.at["KZ-10", "B7"] == pytest.approx(1 + 8 * (b7.max() - b7["KZ-10"]) / (b7.max() - b7.min()))


def test_a_statistic_of_an_indicator_with_blank_cells_says_how_many_regions_it_covers():
    b46 = ERRATA[(ERRATA.table == "9") & (ERRATA.indicator == "B46")].evidence.iloc[0]
    assert b46["regions"] == Evidence("regions_with_a_value", with_value=18, n=20)  # B46 is blank for two regions
    assert "of the 18 of 20 regions with a value" in EN(b46)
    assert "20 аймақтың мәні бар 18 аймағы бойынша" in KK(b46)


# --- edge cases ------------------------------------------------------------------------------------


def claim_of(pub, rec, claim):
    """(the compared row of one claim, its diagnosis and evidence), against all the published numbers."""
    compared = rp.compare(pub, rec)
    row = next(compared[compared.statistic == claim].itertuples())
    return row, diagnosis.explain(diagnosis.Context(rec, RAW_TEXT, compared), row)


def test_a_claimed_rank_no_region_has_because_of_ties_is_none_and_diagnosed():
    tied = copy.copy(REC)
    tied.indices = REC.indices.copy()
    second = tied.indices.index[tied.indices.rank_isdr == 2][0]
    tied.indices.loc[second, "rank_isdr"] = 1  # two regions share rank 1, so no region has rank 2
    row, (found, evidence) = claim_of(PUBLISHED, tied, "isdr_rank_2")
    assert row.recomputed is None and not row.match
    assert evidence["recomputed"] == Evidence("no_region_with_rank", rank=2)
    assert EN(evidence).endswith("the recomputation gives no region with rank 2")
    assert KK(evidence).endswith("қайта есептеу бойынша: 2-орындағы аймақ жоқ")
    claims = rp.compare(PUBLISHED[PUBLISHED.kind == "claim"], tied)
    errata = diagnosis.diagnose(claims, tied, RAW_TEXT, candidates={})  # the errata row keeps "no value"
    assert errata.set_index("statistic").at["isdr_rank_2", "recomputed"] is None


def test_a_claimed_rank_the_published_table_13_does_not_give_is_diagnosed():
    pub = PUBLISHED.copy()
    ranks = (pub.table == "13") & (pub.indicator == "isdr") & (pub.statistic == "rank")
    pub.loc[ranks & (pub.published == "3"), "published"] = "2"  # a tie at 2: no region has rank 3 in Table 13
    _, (found, evidence) = claim_of(pub, REC, "isdr_rank_3")
    assert found == "text_vs_table" and evidence.key == "disagrees_with_table13"
    assert evidence["table13"] == Evidence("no_region_with_rank", rank=3)
    assert EN(evidence).startswith("the published Table 13 gives no region with rank 3")


def test_a_standard_deviation_row_is_compared_and_diagnosed():
    b44 = REC.values["B44"].dropna()
    sample_std = (sum((v - b44.mean()) ** 2 for v in b44) / (len(b44) - 1)) ** 0.5
    rows = pd.DataFrame(
        [("9", "", "B44", "std", f"{sample_std:.2f}", "statistic"), ("9", "", "B45", "std", "1.0", "statistic")],
        columns=PUBLISHED.columns,
    )
    compared = rp.compare(rows, REC)
    assert compared.match.tolist() == [True, False]
    assert diagnosis.diagnose(compared, REC, RAW_TEXT).diagnosis.tolist() == ["unexplained"]


def copy_reference(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    return folder


def test_a_statistics_row_with_an_unknown_name_stops_with_one_line(tmp_path):
    folder = copy_reference(tmp_path)
    path = folder / "table09_statistics.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nmedian,", "\nvariance,"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        published_tables.published_numbers(folder, REGIONS, INDICATORS)
    assert str(error.value).startswith(f"{path}, row 5, column statistic, value 'variance': unknown statistic")


@pytest.mark.parametrize(
    "name, old, new, row, column, value",
    [
        ("table14_typology.csv", "economic,low,Абай", "economic,lowest,Абай", 5, "level", "lowest"),
        ("text_claims.csv", "isdr_min,integral", "isdr_min,overall", 2, "scope", "overall"),
        ("table12_ecological_scores.csv", "region,B43,", "region,B3,", 1, "B3", "B3"),
        ("table13_integral.csv", "\nАбай,", "\nАбайская,", 2, "region", "Абайская"),
    ],
)
def test_a_malformed_reference_file_stops_with_one_line(tmp_path, name, old, new, row, column, value):
    folder = copy_reference(tmp_path)
    path = folder / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as error:
        published_tables.published_numbers(folder, REGIONS, INDICATORS)
    assert str(error.value).startswith(f"{path}, row {row}, column {column}, value {value!r}: ")


def test_other_bounds_are_not_fitted_through_a_single_distinct_value():
    x = pd.Series([5.0, 5.0, 5.0, 7.0], index=["a", "b", "c", "d"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert index_candidates._other_bounds(x, float("nan"), 1, printed={"a": "3.0", "b": "3.0", "c": "3.1"}) is None
    assert caught == []


@pytest.mark.parametrize("old, new", [(",26.31,61.17,", ",26.31,sixty,"), ("\nАбай,", "\nАбайская,")])
def test_the_raw_text_is_read_by_the_validating_reader(tmp_path, old, new):
    raw = copy_raw(tmp_path / "raw")
    path = raw / "2023" / "social.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as from_cleaning:
        cleaning.clean_year(raw / "2023", REGIONS, INDICATORS)
    with pytest.raises(InputError) as from_reference:
        published_tables.raw_text_values(raw / "2023", REGIONS, INDICATORS)
    assert str(from_reference.value) == str(from_cleaning.value)


def test_planted_duplicate_of_another_regions_raw_value_is_found():
    """Abai's B49 (63) replaced by Atyrau's (199): Abai's printed score 8.55 now implies a raw value
    the raw table no longer shows, while Atyrau's printed score is reproduced by 199."""
    clean = CLEAN.copy()

    def cell(region_id):
        return (clean.region_id == region_id) & (clean.indicator == "B49")

    clean.loc[cell("KZ-10"), "value"] = clean.loc[cell("KZ-23"), "value"].iloc[0]
    raw_text = RAW_TEXT.copy()
    raw_text.at["KZ-10", "B49"] = raw_text.at["KZ-23", "B49"]
    rec = rp.Recomputation(clean, INDICATORS, REGIONS)
    compared = rp.compare(PUBLISHED, rec)
    row = next(
        compared[
            (compared.table == "12") & (compared.region_id == "KZ-10") & (compared.indicator == "B49")
        ].itertuples()
    )
    found, evidence = diagnosis.explain(diagnosis.Context(rec, raw_text, compared), row)
    # by hand: B49 is negative, min 12, max 921; 8.55 = 1 + 8 * (921 - v) / 909 gives v = 921 - 7.55 * 909 / 8 = 63.13
    assert found == "duplicated_raw_value"
    assert evidence == Evidence(
        "duplicated_raw_value", value=199, owners=["KZ-23"], printed="8.55", implied=pytest.approx(63.13, abs=0.005)
    )
    assert EN(evidence) == (
        "its printed raw value 199 is also Atyrau's, whose published score it reproduces; "
        "the published score 8.55 implies a raw value of 63.13"
    )
    assert KK(evidence) == (
        "оның басылған бастапқы мәні 199 Атырау үшін басылған мәнмен бірдей, ал ол аймақтың жарияланған баллын бұл мән "
        "қайталап береді; жарияланған 8,55 балы 63,13 бастапқы мәнге сәйкес келеді"
    )


# --- the report's order does not depend on the order of its input rows ---------------------------


def test_causes_with_as_many_cells_come_in_the_order_of_DIAGNOSES():
    errata = pd.DataFrame({"diagnosis": ["text_vs_table", "opposite_direction", "propagated", "propagated"]})
    expected = ["propagated", "opposite_direction", "text_vs_table"]  # opposite_direction is listed first in DIAGNOSES
    assert diagnosis.causes_in_order(errata) == expected and diagnosis.causes_in_order(errata[::-1]) == expected


def test_regions_moving_to_the_same_rank_are_listed_by_their_old_rank():
    changes = pd.DataFrame(
        {
            "published_rank": [9, 8, 5],
            "thesis_rank": [4, 4, 1],
            "published_isdr": [14.0, 16.0, 15.0],
            "thesis_isdr": [15.0, 15.0, 16.5],
        },
        index=["KZ-10", "KZ-11", "KZ-15"],
    )
    changes["shift_errors_removed"] = changes.published_rank - changes.thesis_rank
    names = {"KZ-10": "Abai", "KZ-11": "Akmola", "KZ-15": "Aktobe"}
    table = report.moved(
        changes, "shift_errors_removed", ("published", "published"), after=("thesis", "recomputed"), names=names
    )
    sentence, rows = table.split("\n\n")
    assert sentence == "Regions whose rank moves by 3 places or more: 3 of the 3 that move (all 3 are in the figure)."
    regions = [line.split("|")[1].strip() for line in rows.splitlines()[2:]]
    assert regions == ["Aktobe", "Akmola", "Abai"]  # rank 1; then rank 4, from 8 before from 9
    assert (
        report.moved(
            changes.iloc[::-1],
            "shift_errors_removed",
            ("published", "published"),
            after=("thesis", "recomputed"),
            names=names,
        )
        == table
    )
