"""Two years side by side: bounds per year or fixed across the years, and both missing-value policies."""

import numpy as np
import pandas as pd
import pytest
from conftest import copy_project, run_notebook
from synthetic import write_year

from sdi.method import panel

META = pd.DataFrame(
    {
        "code": ["S", "E", "G"],
        "pillar": ["social", "economic", "ecological"],
        "direction": [1, -1, 1],
        "in_thesis_index": True,
    }
)


def values(rows):
    index = pd.MultiIndex.from_tuples([(y, r) for y, r, *_ in rows], names=["year", "region_id"])
    return pd.DataFrame([v for *_, v in rows], index=index, columns=["S", "E", "G"], dtype=float)


PANEL = values([(2023, "a", (10, 1, 5)), (2023, "b", (20, 3, 6)), (2024, "a", (30, 1, 5)), (2024, "b", (40, 5, 7))])


def test_year_bounds_rescale_each_year_and_panel_bounds_keep_one_scale():
    by_year = panel.panel_scores(PANEL, META, "direction", bounds="year")
    assert list(by_year.S) == [1.0, 9.0, 1.0, 9.0]  # every year has its own 1 and 9
    by_panel = panel.panel_scores(PANEL, META, "direction", bounds="panel")
    assert list(by_panel.S) == [1.0, 1 + 8 * 10 / 30, 1 + 8 * 20 / 30, 9.0]  # min 10, max 40 over both years
    assert list(by_panel.E) == [9.0, 5.0, 9.0, 1.0]  # negative: 1 + 8 * (5 - x) / 4
    with pytest.raises(ValueError, match="bounds must be one of"):
        panel.panel_scores(PANEL, META, "direction", bounds="decade")


def test_panel_indices_rank_within_each_year():
    idx = panel.panel_indices(panel.panel_scores(PANEL, META, "direction", bounds="panel"), META, "in_thesis_index")
    assert list(idx.columns[:2]) == ["year", "region_id"] and len(idx) == 4
    assert sorted(idx[idx.year == 2024].rank_isdr) == [1, 2]
    effect = panel.bounds_effect(
        {
            b: panel.panel_indices(panel.panel_scores(PANEL, META, "direction", bounds=b), META, "in_thesis_index")
            for b in panel.BOUNDS
        }
    )
    # by hand: per-year bounds give ISDR a = 11, b = 19 in both years; panel bounds give 2023 a = 1 + 9 + 1,
    # b = (1 + 8 * 10 / 30) + 5 + 5 and 2024 a = (1 + 8 * 20 / 30) + 9 + 1, b = 9 + 1 + 9: b leads every time
    assert list(effect.year) == [2023, 2024] and list(effect.regions_ranked_under_both) == [2, 2]
    assert list(effect.largest_rank_difference) == [0, 0] and list(effect.regions_whose_rank_differs) == [0, 0]
    assert list(effect.mean_isdr_difference) == pytest.approx(
        [(19 - (1 + 80 / 30 + 10)) / 2, (1 + 160 / 30 + 10 - 11) / 2]
    )


def test_a_year_in_which_no_region_has_a_rank_is_reported_not_a_crash():
    by_bounds = {
        b: panel.panel_indices(panel.panel_scores(PANEL, META, "direction", bounds=b), META, "in_thesis_index")
        for b in panel.BOUNDS
    }
    for indices in by_bounds.values():  # as if every 2024 index fell below the coverage threshold
        indices.loc[indices.year == 2024, ["isdr", "rank_isdr"]] = np.nan
    effect = panel.bounds_effect(by_bounds).set_index("year")
    assert effect.at[2024, "regions_ranked_under_both"] == 0 and pd.isna(effect.at[2024, "largest_rank_difference"])
    change = panel.rank_change(by_bounds["panel"], 2023, 2024)
    assert list(change.rank_first) == [2, 1] and change.moved_up_by.isna().all()


# --- notebook 09 on two years, as make runs it (end to end) ---------------------------------------------------


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """2023 and a synthetic 2024, cleaned by the library as notebook 01 cleans them."""
    from sdi import io
    from sdi.inputs import cleaning, metadata

    folder = copy_project(tmp_path_factory.mktemp("two-years"), venv=False)
    write_year(folder / "data/raw")
    regions = metadata.load_regions(folder / "data/raw/regions.csv")
    indicators = metadata.load_indicators(folder / "data/raw/indicators.csv")
    for year in (2023, 2024):
        clean, _ = cleaning.clean_year(folder / f"data/raw/{year}", regions, indicators)
        io.write_csv(clean, folder / f"data/processed/{year}/clean.csv")
    return folder


def panel_notebook(folder, missing):
    result = run_notebook(
        folder, "09_panel", f"build/panel/thesis/09_panel_{missing}.ipynb", method="thesis", missing=missing
    )
    assert result.returncode == 0, result.stderr
    return pd.read_csv(folder / "data/processed/panel/thesis/panel_indices.csv")


def year_2024(folder, missing):
    """2024's scores and indices by the thesis method, as notebooks 03 and 04 compute them."""
    from sdi.inputs import cleaning, metadata
    from sdi.method import index, methods, normalisation, typology

    indicators = metadata.load_indicators(folder / "data/raw/indicators.csv")
    values = cleaning.regional_values(pd.read_csv(folder / "data/processed/2024/clean.csv"))
    method = methods.get_method("thesis", missing)
    scores = normalisation.score_table(values, indicators, method.direction_column, missing=method.missing)
    indices = typology.add_levels(
        index.index_table(scores, indicators, method.include_column, min_coverage=method.min_coverage)
    )
    return scores, indices.set_index("region_id")


def raw(folder, year, pillar):
    table = pd.read_csv(folder / f"data/raw/{year}/{pillar}.csv")
    return table[~table.region.isin(["ҚР", "Қазақстан Республикасы"])].set_index("region")


@pytest.mark.end_to_end
def test_two_years_with_the_worst_policy_both_bounds(two_years):
    result = panel_notebook(two_years, "worst")
    assert len(result) == 2 * 2 * 20 and set(result.bounds) == {"year", "panel"}
    # B3 (poverty, negative) by hand
    scores24, indices24 = year_2024(two_years, "worst")
    assert scores24.at["KZ-10", "B3"] == 1.0  # Abai's B3 is missing in the synthetic year: the worst score
    social = raw(two_years, 2024, "social")
    akmola_year = 1 + 8 * (social.B3.max() - social.at["Ақмола", "B3"]) / (social.B3.max() - social.B3.min())
    assert scores24.at["KZ-11", "B3"] == pytest.approx(akmola_year)  # per-year bounds, as notebook 03 scores
    # Akmola's 2024 social index with panel bounds, recomputed here from the raw files alone
    meta = pd.read_csv(two_years / "data/raw/indicators.csv").set_index("code")
    both = pd.concat([raw(two_years, y, "social") for y in (2023, 2024)])
    scores = []
    for code in social.columns:
        lo_c, hi_c, x = both[code].min(), both[code].max(), social.at["Ақмола", code]
        share = (x - lo_c) / (hi_c - lo_c)
        scores.append(1 + 8 * (share if meta.at[code, "direction_thesis"] == 1 else 1 - share))
    p = result.set_index(["bounds", "year", "region_id"])
    assert p.loc[("panel", 2024, "KZ-11"), "social"] == pytest.approx(np.mean(scores))
    assert p.loc[("panel", 2024, "KZ-11"), "social"] != pytest.approx(p.loc[("year", 2024, "KZ-11"), "social"])
    y = result[result.bounds == "year"].set_index(["year", "region_id"])
    assert np.allclose(y.loc[2024].social.loc[indices24.index], indices24.social)  # year bounds = notebook 04
    assert (two_years / "figures/panel/thesis/rank_change_en.png").stat().st_size > 10_000
    assert (two_years / "figures/panel/thesis/isdr_over_time_kk.svg").is_file()


@pytest.mark.end_to_end
def test_two_years_with_the_available_policy(two_years):
    from sdi.method.context import load_run, write_method_settings
    from sdi.method.normalisation import scores_long

    result = panel_notebook(two_years, "available")
    scores24, indices24 = year_2024(two_years, "available")
    abai = scores24.loc["KZ-10", [c for c in scores24.columns if c in raw(two_years, 2024, "social").columns]]
    assert np.isnan(abai["B3"])
    assert indices24.at["KZ-10", "social"] == pytest.approx(abai.drop("B3").mean())  # mean of the 20 that exist
    y = result[result.bounds == "year"].set_index(["year", "region_id"])
    assert y.loc[(2024, "KZ-10"), "social"] == pytest.approx(indices24.at["KZ-10", "social"])
    # Astana has 7 of 9 ecological scores in 2024 (B44 and B46 missing): below 80 %, so no index and no rank
    assert pd.isna(indices24.at["KZ-71", "ecological"]) and pd.isna(indices24.at["KZ-71", "rank_isdr"])
    assert pd.isna(y.loc[(2024, "KZ-71"), "isdr"])
    # what notebook 03 records: two cells emptied by the generator, and the two B46 cells already blank in 2023
    run = load_run(2024, "thesis", missing="available", root=two_years)
    clean = pd.read_csv(two_years / "data/processed/2024/clean.csv")
    settings = write_method_settings(run, scores_long(clean, scores24))
    assert settings["missing"] == "available" and settings["cells_missing"] == 4
    assert '"missing": "available"' in (two_years / "data/processed/2024/thesis/method.json").read_text(
        encoding="utf-8"
    )


# --- years on two maps of regions (data/raw/territories.csv) -------------------------------------------------------


@pytest.fixture(scope="module")
def territories():
    from conftest import RAW

    from sdi.inputs import metadata

    return metadata.load_territories(RAW / "territories.csv", metadata.load_regions(RAW / "regions.csv"))


def test_a_region_whose_territory_changed_is_not_compared(territories):
    # East Kazakhstan with Abai in 2021 and without it in 2023; Akmola the same place; Abai only in 2023
    indices = pd.DataFrame(
        {
            "year": [2021, 2021, 2023, 2023, 2023],
            "region_id": ["KZ-63", "KZ-11", "KZ-63", "KZ-11", "KZ-10"],
            "rank_isdr": [1, 2, 3, 1, 2],
        }
    )
    change = panel.rank_change(indices, 2021, 2023, territories=territories)
    assert change.comparable.to_dict() == {"KZ-10": False, "KZ-11": True, "KZ-63": False}
    assert change.at["KZ-11", "moved_up_by"] == 1  # 2 -> 1
    assert pd.isna(change.at["KZ-63", "moved_up_by"]) and change.at["KZ-63", "rank_first"] == 1
    # without the map, as before: every region compared
    assert "comparable" not in panel.rank_change(indices, 2021, 2023)
    assert panel.rank_change(indices, 2021, 2023).at["KZ-63", "moved_up_by"] == -2


def test_a_line_across_the_years_breaks_where_the_territory_changed(territories):
    years = [2016, 2017, 2018, 2021, 2022, 2023]
    assert panel.same_territory_runs(territories, "KZ-63", years) == [[2016, 2017, 2018, 2021], [2022, 2023]]
    assert panel.same_territory_runs(territories, "KZ-11", years) == [years]
    assert panel.same_territory_runs(territories, "KZ-61", years) == [[2016, 2017], [2018, 2021, 2022, 2023]]


def test_the_slope_chart_draws_no_line_for_a_region_not_compared():
    import matplotlib.pyplot as plt
    from conftest import RAW

    from sdi.inputs import metadata
    from sdi.publish import figures

    regions = metadata.load_regions(RAW / "regions.csv")
    first, last = pd.Series({"KZ-63": 1, "KZ-11": 2}), pd.Series({"KZ-63": 2, "KZ-11": 1})
    for language, note in (("en", "its two ranks are of two territories"), ("kk", "екі түрлі аумаққа қатысты")):
        fig = figures.slope_chart(
            first,
            last,
            regions,
            left_label="2021",
            right_label="2023",
            language=language,
            comparable=pd.Series({"KZ-63": False, "KZ-11": True}),
        )
        ax = fig.axes[0]
        assert len(ax.lines) == 1  # Akmola's only
        texts = [t.get_text() for t in ax.texts]
        assert any(t.startswith(("East Kazakhstan ×", "Шығыс Қазақстан ×")) for t in texts)
        assert note in ax.get_xlabel()
        plt.close(fig)


def test_years_on_two_maps_are_scored_and_ranked_each_on_its_own_units():
    # 2021 with two units, 2023 with three (a region made in 2022): by hand, each year its own min and max
    two_maps = values(
        [
            (2021, "a", (10, 1, 5)),
            (2021, "b", (20, 3, 6)),
            (2023, "a", (30, 1, 5)),
            (2023, "b", (40, 5, 7)),
            (2023, "c", (35, 3, 9)),
        ]
    )
    scores = panel.panel_scores(two_maps, META, "direction", bounds="year")
    assert list(scores.S) == [1.0, 9.0, 1.0, 9.0, 5.0]
    assert list(scores.G) == [1.0, 9.0, 1.0, 1 + 8 * 2 / 4, 9.0]
    indices = panel.panel_indices(scores, META, "in_thesis_index")
    # 2023: a = 1 + 9 + 1 = 11, b = 9 + 1 + 5 = 15, c = 5 + 5 + 9 = 19
    assert list(indices[indices.year == 2023].isdr) == [11.0, 15.0, 19.0]
    assert list(indices.rank_isdr) == [2, 1, 3, 2, 1]
    assert list(panel.panel_scores(two_maps, META, "direction", bounds="panel").S) == [
        1.0,
        1 + 8 * 10 / 30,
        1 + 8 * 20 / 30,
        9.0,
        1 + 8 * 25 / 30,
    ]
