"""Two years side by side: bounds per year or fixed across the years, and both missing-value policies."""

import shutil

import numpy as np
import pandas as pd
import pytest

from sdi.method import panel

from conftest import ROOT, copy_raw, run_notebook
from synthetic import write_year

META = pd.DataFrame({"code": ["S", "E", "G"], "pillar": ["social", "economic", "ecological"],
                     "direction": [1, -1, 1], "in_thesis_index": True})


def values(rows):
    index = pd.MultiIndex.from_tuples([(y, r) for y, r, *_ in rows], names=["year", "region_id"])
    return pd.DataFrame([v for *_, v in rows], index=index, columns=["S", "E", "G"], dtype=float)


PANEL = values([(2023, "a", (10, 1, 5)), (2023, "b", (20, 3, 6)), (2024, "a", (30, 1, 5)), (2024, "b", (40, 5, 7))])


def test_year_bounds_rescale_each_year_and_panel_bounds_keep_one_scale():
    by_year = panel.panel_scores(PANEL, META, "direction", bounds="year")
    assert list(by_year.S) == [1.0, 9.0, 1.0, 9.0]            # every year has its own 1 and 9
    by_panel = panel.panel_scores(PANEL, META, "direction", bounds="panel")
    assert list(by_panel.S) == [1.0, 1 + 8 * 10 / 30, 1 + 8 * 20 / 30, 9.0]   # min 10, max 40 over both years
    assert list(by_panel.E) == [9.0, 5.0, 9.0, 1.0]            # negative: 1 + 8 * (5 - x) / 4
    with pytest.raises(ValueError, match="bounds must be one of"):
        panel.panel_scores(PANEL, META, "direction", bounds="decade")


def test_panel_indices_rank_within_each_year():
    idx = panel.panel_indices(panel.panel_scores(PANEL, META, "direction", bounds="panel"), META, "in_thesis_index")
    assert list(idx.columns[:2]) == ["year", "region_id"] and len(idx) == 4
    assert sorted(idx[idx.year == 2024].rank_isdr) == [1, 2]
    effect = panel.bounds_effect({b: panel.panel_indices(panel.panel_scores(PANEL, META, "direction", bounds=b),
                                                          META, "in_thesis_index") for b in panel.BOUNDS})
    # by hand: per-year bounds give ISDR a = 11, b = 19 in both years; panel bounds give 2023 a = 1 + 9 + 1,
    # b = (1 + 8 * 10 / 30) + 5 + 5 and 2024 a = (1 + 8 * 20 / 30) + 9 + 1, b = 9 + 1 + 9: b leads every time
    assert list(effect.year) == [2023, 2024] and list(effect.regions_ranked_under_both) == [2, 2]
    assert list(effect.largest_rank_difference) == [0, 0] and list(effect.regions_whose_rank_differs) == [0, 0]
    assert list(effect.mean_isdr_difference) == pytest.approx([(19 - (1 + 80 / 30 + 10)) / 2, (1 + 160 / 30 + 10 - 11) / 2])


def test_a_year_in_which_no_region_has_a_rank_is_reported_not_a_crash():
    by_bounds = {b: panel.panel_indices(panel.panel_scores(PANEL, META, "direction", bounds=b), META, "in_thesis_index")
                 for b in panel.BOUNDS}
    for indices in by_bounds.values():  # as if every 2024 index fell below the coverage threshold
        indices.loc[indices.year == 2024, ["isdr", "rank_isdr"]] = np.nan
    effect = panel.bounds_effect(by_bounds).set_index("year")
    assert effect.at[2024, "regions_ranked_under_both"] == 0 and pd.isna(effect.at[2024, "largest_rank_difference"])
    change = panel.rank_change(by_bounds["panel"], 2023, 2024)
    assert list(change.rank_first) == [2, 1] and change.moved_up_by.isna().all()


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-years")
    copy_raw(folder / "data/raw")
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    write_year(folder / "data/raw")
    return folder


def run(folder, name, **params):
    out = f"build/{params.get('year', 'panel')}/{name}.ipynb"
    result = run_notebook(folder, name, out, **params)
    assert result.returncode == 0, f"{name} {params}: {result.stderr}"


def pipeline(folder, missing):
    for year in (2023, 2024):
        if not (folder / f"data/processed/{year}/clean.csv").exists():
            run(folder, "01_data_cleaning", year=year)
        run(folder, "03_normalisation", year=year, method="thesis", missing=missing)
        run(folder, "04_index_construction", year=year, method="thesis")
    run(folder, "09_panel", method="thesis", missing=missing)
    return pd.read_csv(folder / "data/processed/panel/thesis/panel_indices.csv")


def raw(folder, year, pillar):
    table = pd.read_csv(folder / f"data/raw/{year}/{pillar}.csv")
    return table[~table.region.isin(["ҚР", "Қазақстан Республикасы"])].set_index("region")


def test_two_years_with_the_worst_policy_both_bounds(two_years):
    result = pipeline(two_years, "worst")
    assert len(result) == 2 * 2 * 20 and set(result.bounds) == {"year", "panel"}
    # B3 (poverty, negative) by hand, with panel bounds over both years
    scores24 = pd.read_csv(two_years / "data/processed/2024/thesis/scores.csv").set_index(["region_id", "indicator"]).score
    assert scores24["KZ-10", "B3"] == 1.0  # Abai's B3 is missing in the synthetic year: the worst score
    social = raw(two_years, 2024, "social")
    akmola_year = 1 + 8 * (social.B3.max() - social.at["Ақмола", "B3"]) / (social.B3.max() - social.B3.min())
    assert scores24["KZ-11", "B3"] == pytest.approx(akmola_year)  # per-year bounds in notebook 03
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
    indices24 = pd.read_csv(two_years / "data/processed/2024/thesis/indices.csv").set_index("region_id")
    assert np.allclose(y.loc[2024].social.loc[indices24.index], indices24.social)  # year bounds = notebook 04
    assert (two_years / "figures/panel/thesis/rank_change_en.png").stat().st_size > 10_000
    assert (two_years / "figures/panel/thesis/isdr_over_time_kk.svg").is_file()


def test_two_years_with_the_available_policy(two_years):
    result = pipeline(two_years, "available")
    scores24 = pd.read_csv(two_years / "data/processed/2024/thesis/scores.csv")
    abai = scores24[(scores24.region_id == "KZ-10") & (scores24.pillar == "social")].set_index("indicator").score
    assert np.isnan(abai["B3"])
    indices24 = pd.read_csv(two_years / "data/processed/2024/thesis/indices.csv").set_index("region_id")
    assert indices24.at["KZ-10", "social"] == pytest.approx(abai.drop("B3").mean())  # mean of the 20 that exist
    settings = (two_years / "data/processed/2024/thesis/method.json").read_text(encoding="utf-8")
    # two cells emptied by the generator, and the two B46 cells already blank in 2023
    assert '"missing": "available"' in settings and '"cells_missing": 4' in settings
    y = result[result.bounds == "year"].set_index(["year", "region_id"])
    assert y.loc[(2024, "KZ-10"), "social"] == pytest.approx(indices24.at["KZ-10", "social"])
    # Astana has 7 of 9 ecological scores in 2024 (B44 and B46 missing): below 80 %, so no index and no rank
    assert pd.isna(indices24.at["KZ-71", "ecological"]) and pd.isna(indices24.at["KZ-71", "rank_isdr"])
    assert pd.isna(y.loc[(2024, "KZ-71"), "isdr"])
