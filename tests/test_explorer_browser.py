"""The explorer page in a real browser: headless Chromium (Debian's `chromium`) opens it from file:// with an
address fragment, and the ranking it shows (the rows' data-region, data-rank, data-isdr) is read from the page as
the browser left it. Without chromium these tests are skipped, saying so; `.ci/run` installs it.

The fast tests build the page from the raw data in-process (the pipeline's own functions, a short Monte Carlo for
the ranges); the end-to-end test reads the page the pipeline built and checks it against indices.csv and
rank_uncertainty.csv of both methods."""

import html
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from test_explorer import INDICATORS, PLANTED, REGIONS, VALUES, pipeline_indices, python_core

from sdi.method.methods import METHODS
from sdi.publish import explorer
from sdi.publish.maps import region_shapes
from sdi.robustness import uncertainty

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="the browser test did not run: no chromium on this machine (Debian: apt-get install chromium)",
)
ROW = re.compile(r'<tr data-region="([^"]*)" data-rank="([^"]*)" data-isdr="([^"]*)"')


def open_page(page, fragment="", *, profile):
    """The page's DOM after Chromium has run its script: headless, from file://, a profile of its own (other
    runs may share the machine)."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            Path(page).resolve().as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def ranking(dom):
    """[(region_id, rank or None, ISDR or None)] of the table's rows, top to bottom."""
    return [(r, int(k) if k else None, float(x) if x else None) for r, k, x in ROW.findall(dom)]


def cells(dom, region):
    """The texts of a region's row."""
    row = re.search(rf'<tr data-region="{region}"[^>]*>(.*?)</tr>', dom, re.S).group(1)
    return [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def notes(dom):
    box = re.search(r'<div id="notes"[^>]*>(.*?)</div>', dom, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", " ", box))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An explorer page from the raw data: both methods' indices as the pipeline computes them and a short audit
    (500 runs of config/uncertainty.toml) for the ranges; and one with a name planted to break out of the page."""
    folder = tmp_path_factory.mktemp("explorer")
    config = uncertainty.load_config(ROOT / "config" / "uncertainty.toml")
    methods = {}
    for name, spec in METHODS.items():
        model = uncertainty.AuditModel(VALUES, INDICATORS, spec, config=config)
        ranges = uncertainty.rank_uncertainty(model, uncertainty.monte_carlo(model, runs=500))
        methods[name] = (pipeline_indices(name).reset_index(), ranges, 500)
    shapes = region_shapes(REGIONS)
    data = explorer.explorer_data(VALUES, INDICATORS, REGIONS, year=2023, methods=methods, shapes=shapes)
    (folder / "explorer.html").write_text(explorer.page(data), encoding="utf-8")
    regions = REGIONS.copy()
    regions.loc[regions["region_id"] == VALUES.index[0], ["name_en", "name_kk"]] = PLANTED
    planted = explorer.explorer_data(VALUES, INDICATORS, regions, year=2023, methods=methods, shapes=shapes)
    (folder / "planted.html").write_text(explorer.page(planted), encoding="utf-8")
    return folder, methods


@needs_chromium
@pytest.mark.parametrize("method", list(METHODS))
def test_the_dissertations_settings_show_table_13_as_recomputed(site, tmp_path, method):
    folder, methods = site
    dom = open_page(folder / "explorer.html", "" if method == "thesis" else f"#method={method}", profile=tmp_path)
    rows = ranking(dom)
    expected = pipeline_indices(method)
    assert len(rows) == len(VALUES)
    assert {r: (k, x) for r, k, x in rows} == {
        r: (int(row.rank_isdr), float(row.isdr)) for r, row in expected.iterrows()
    }
    assert [k for _, k, _ in rows] == sorted(k for _, k, _ in rows)  # shown in rank order
    # each row: its nominal rank and the audit's range, as the files give them
    ranges = methods[method][1].set_index("region_id")
    for region, _, _ in rows:
        text = cells(dom, region)
        low, high, rank = (
            ranges.loc[region, "q05_rank"],
            ranges.loc[region, "q95_rank"],
            expected.loc[region, "rank_isdr"],
        )
        assert text[-1] == f"{low}–{high}" + (" !" if not low <= rank <= high else "")
        assert text[-3] == str(expected.loc[region, "rank_isdr"]) and text[-2] == "="
    assert 'id="notes" class="notes" role="status" hidden' in dom  # nothing to say about the address


@needs_chromium
def test_a_changed_setting_reranks_and_a_bad_key_is_noted(site, tmp_path):
    folder, _ = site
    dom = open_page(folder / "explorer.html", "#norm=rank&w=1,1,2&colour=red&lang=kk", profile=tmp_path)
    expected = python_core({"norm": "rank", "w": [1, 1, 2]})
    shown = {r: (k, x) for r, k, x in ranking(dom)}
    assert shown == {r: (int(k), float(x)) for r, k, x in zip(VALUES.index, expected["ranks"], expected["isdr"])}
    assert "«colour=red»" in notes(dom) and "белгісіз кілт" in notes(dom)  # said, in Kazakh
    assert '<html lang="kk">' in dom
    # the way back: the site's heading in Kazakh, to the Kazakh front page (the catalogue's site.heading)
    assert (
        '<a href="index_kk.html" id="home">← <span data-word="site.heading">Тұрақты даму индексі, 2023</span></a>'
        in dom
    )
    # the address the page keeps holds every setting, so a link reopens this view
    assert (
        "#method=thesis&amp;norm=rank&amp;agg=arithmetic&amp;pagg=arithmetic&amp;w=1,1,2&amp;missing=worst&amp;lang=kk"
        in dom
    )
    timing = float(re.search(r'data-ms="([0-9.]+)"', dom).group(1))
    print(f"one recomputation in the browser (the first, JIT cold): {timing:.1f} ms")


@needs_chromium
def test_a_planted_name_is_shown_as_text_and_runs_nothing(site, tmp_path):
    folder, _ = site
    dom = open_page(folder / "planted.html", "#lang=en", profile=tmp_path)
    rows = ranking(dom)
    assert len(rows) == len(VALUES)  # the page still works
    assert cells(dom, VALUES.index[0])[1] == PLANTED  # shown as the text it is
    assert "window.PWNED" not in dom.split('<script type="application/json"')[0].replace(
        "&lt;/script&gt;&lt;script&gt;window.PWNED=1", ""
    )  # nowhere but as that text
    assert dom.count("<script") == 2  # no element was made from the name


@needs_chromium
def test_printing_gives_the_settings_and_the_ranking_on_one_sheet(site, tmp_path):
    folder, _ = site
    pdf = tmp_path / "explorer.pdf"
    fragment = "#norm=zscore&agg=geometric&w=1,1,2&iw=B3:2,B5:0.5&drop=B7,B8,B43&missing=available&lang=kk"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            (folder / "explorer.html").resolve().as_uri() + fragment,
        ],
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0 and pdf.is_file(), result.stderr[-2000:]
    pages = [int(n) for n in re.findall(rb"/Count (\d+)", pdf.read_bytes())]  # the page tree's count
    assert pages and max(pages) == 1


@pytest.mark.end_to_end
@needs_chromium
def test_the_built_site_links_an_explorer_that_shows_the_pipelines_table_13(built, tmp_path):
    """indices.csv's ranks, and its indices as Table 13 prints them (2 decimals) and to 1e-12: the pipeline's step 04
    reads scores.csv back with pandas' default float parser, which can be one unit off in the last digit, so the
    file's indices may differ from the exact computation (the page's, and the in-process tests') in the 16th."""
    html_dir = built.folder / "reports" / "2023" / "html"
    assert 'href="explorer.html#lang=en"' in (html_dir / "index.html").read_text(encoding="utf-8")
    for method in METHODS:
        dom = open_page(html_dir / "explorer.html", f"#method={method}", profile=tmp_path / method)
        indices = pd.read_csv(
            built.folder / "data" / "processed" / "2023" / method / "indices.csv", float_precision="round_trip"
        ).set_index("region_id")
        shown = ranking(dom)
        assert sorted(r for r, _, _ in shown) == sorted(indices.index)
        for region, rank, isdr in shown:
            assert rank == indices.loc[region, "rank_isdr"]
            assert abs(isdr - indices.loc[region, "isdr"]) < 1e-12
            assert cells(dom, region)[2] == f"{indices.loc[region, 'isdr']:.2f}"
        ranges = pd.read_csv(built.folder / "reports" / "2023" / method / "robustness" / "rank_uncertainty.csv")
        for row in ranges.itertuples():
            assert cells(dom, row.region_id)[-1].startswith(f"{row.q05_rank}–{row.q95_rank}")
