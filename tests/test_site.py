"""The HTML report as a small website: pages in the method's order with titles and a way back, every
table rendered, images copied in so the folder stands alone, wide tables scrolling, and a year without
published numbers described as its own results, not a reproduction."""

import html
import re
import shutil
from pathlib import Path

import matplotlib
import nbformat
import pytest
from conftest import RAW
from test_trends import ORDER, SHORT_NAMES, social_series

from sdi import io
from sdi.inputs import cleaning
from sdi.inputs.metadata import load_indicators, load_regions
from sdi.method import index, normalisation, statistics, trends, typology
from sdi.method.context import load_run
from sdi.publish import site as html_site
from sdi.publish import tables as publish_tables
from sdi.publish import trends as publish_trends

matplotlib.use("Agg")
REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
LINK = re.compile(r'(?:href|src)="([^"#]+)(?:#[^"]*)?"')
SIBLING_SITE = re.compile(
    r"^\.\./\.\./(panel|\d{4})/html/index\.html$"
)  # the panel's and the years' sites: the links that leave the folder


def notebook(path, heading):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {heading}\n\nWhat it does."), nbformat.v4.new_code_cell("1 + 1")]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def small_png(path):
    fig = matplotlib.pyplot.figure(figsize=(1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    fig.savefig(path.with_suffix(".svg"))
    matplotlib.pyplot.close(fig)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """project(root, year, published): what the pipeline leaves for a year, in `root`: executed notebooks
    (06_risk_maps and 07_robustness among them, as if those steps had landed), tables, figures, indices, and for
    a year with published numbers the reproduction report. Each year's outputs are made once in this module and
    copied into each test's folder (a test may change its copy)."""
    made = {}

    def copy(root, year, published):
        if year not in made:
            made[year] = year_outputs(tmp_path_factory.mktemp(f"outputs-{year}"), year)
        shutil.copytree(made[year], root, dirs_exist_ok=True)
        if published:
            reproduction_outputs(root, year)
        return root

    return copy


def year_outputs(root, year):
    """What `project` leaves but the reproduction report."""
    shutil.copytree(RAW, root / "data/raw", ignore=shutil.ignore_patterns("20*"))
    (root / "data/raw" / str(year)).mkdir()
    (root / "data/raw" / str(year) / "PROVENANCE.md").write_text("Where the numbers come from.\n", encoding="utf-8")
    clean, _ = cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)
    stats = statistics.describe(cleaning.regional_values(clean))
    build = root / "build" / str(year)
    notebook(build / "01_data_cleaning.ipynb", "01 · Data cleaning / Деректерді тазалау")
    notebook(build / "02_descriptive_statistics.ipynb", "02 · Descriptive statistics")
    notebook(build / "06_risk_maps.ipynb", "06 · Risk maps")
    for method, direction in (("thesis", "direction_thesis"), ("corrected", "direction")):
        wide = normalisation.score_table(cleaning.regional_values(clean), INDICATORS, direction)
        indices = typology.add_levels(index.index_table(wide, INDICATORS, "in_thesis_index"))
        io.write_csv(indices, root / "data/processed" / str(year) / method / "indices.csv")
        run = load_run(year, method, missing="worst", root=root)
        tables = publish_tables.dissertation_tables(
            run, clean=clean, stats=stats, scores=normalisation.scores_long(clean, wide), indices=indices
        )
        for language in ("en", "kk"):
            for table in tables:
                publish_tables.write_table(table, root / "reports" / str(year) / method / "tables" / language, language)
            publish_tables.write_workbook(
                tables,
                root / "reports" / str(year) / method / "tables" / f"tables_{year}_{method}_{language}.xlsx",
                language,
            )
            for name in ("isdr_ranking", "index_map_social", "score_heatmap"):
                small_png(root / "figures" / str(year) / method / f"{name}_{language}.png")
        for number, name in (
            ("05", "05_typology"),
            ("04", "04_index_construction"),
            ("03", "03_normalisation"),
            ("07", "07_robustness"),
        ):
            notebook(build / method / f"{name}.ipynb", f"{number} · {name[3:].replace('_', ' ').capitalize()}")
    risk_tables = (
        root / "reports" / str(year) / "risk" / "tables"
    )  # two of the risk maps' tables, as risk_publish writes them
    for language, captions in (
        ("en", ("Table 15 – Criteria of the social risks", "Table 21 – Scenarios of the West")),
        ("kk", ("Кесте 15 – Әлеуметтік тәуекелдер критерийлері", "Кесте 21 – Батыс сценарийлері")),
    ):
        for caption_text, name in zip(captions, ("table15_social_risk_criteria", "table21_west_scenarios")):
            io.write_text(
                f"**{caption_text}, {year}**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
                risk_tables / language / f"{name}.md",
            )
            io.write_text("<table><tr><td>1</td></tr></table>\n", risk_tables / language / f"{name}.html")
    trend_outputs(root)
    return root


def reproduction_outputs(root, year):
    """What notebook 08 leaves for a year with published numbers: its report, errata, summary and a figure."""
    (root / "data/reference" / str(year)).mkdir(parents=True)
    report = root / "reports" / str(year) / "reproduction"
    report.mkdir(parents=True)
    (report / "README.md").write_text(
        "# Reproduction report\n\n![ranks](rank_published_vs_recomputed_en.png)\n\nFiles: `errata.csv`.\n",
        encoding="utf-8",
    )
    (report / "errata.csv").write_text("table\n", encoding="utf-8")
    (report / "summary.csv").write_text(
        "table,compared,matched,explained,unexplained,verdict\n10,460,390,70,0,partly\n", encoding="utf-8"
    )
    small_png(report / "rank_published_vs_recomputed_en.png")
    return root


def trend_outputs(root):
    """What notebook 10 leaves (the official trends): its CSVs and tables from hand-made series, a figure per
    language, the executed notebook."""
    changes = trends.compute(social_series(), INDICATORS, ORDER, base_year=2015)
    found = trends.Trends(social_series(), changes, None, 2015)
    trends.write_outputs(found, root / "data/processed" / trends.FOLDER)
    made = publish_trends.trend_tables(
        changes, regions=REGIONS, indicators=INDICATORS, short_names=SHORT_NAMES, base_year=2015
    )
    publish_trends.write_trend_tables(made, publish_trends.reports_folder(root))
    for language in ("en", "kk"):
        small_png(publish_trends.figures_folder(root) / f"trends_social_{language}.png")
    notebook(root / "build" / trends.FOLDER / "10_trends.ipynb", "10 · Official trends from the SDG platform")


@pytest.fixture(scope="module")
def site(tmp_path_factory, project):
    root = project(tmp_path_factory.mktemp("site"), 2023, published=True)
    html_site.build(root, 2023)
    return root / "reports/2023/html"


def read(page):
    """A page's text as a reader sees it (entities such as &#x27; turned back into characters)."""
    return html.unescape(page.read_text(encoding="utf-8"))


def links(page):
    return LINK.findall(page.read_text(encoding="utf-8"))


def assert_self_contained(folder):
    """Every relative link and image of every page resolves to a file inside the folder."""
    pages = sorted(folder.glob("*.html"))
    assert pages
    for page in pages:
        for link in links(page):
            if link.startswith(("http://", "https://", "data:", "mailto:")) or SIBLING_SITE.match(link):
                continue
            target = (folder / link).resolve()
            assert target.is_file(), f"{page.name}: {link}"
            assert folder.resolve() in target.parents, f"{page.name}: {link} leaves the folder"
        images = re.findall(r'<img[^>]*src="([^"]+)"', page.read_text(encoding="utf-8"))
        assert not [i for i in images if i.startswith("../") or i.startswith("/")], page.name


def test_every_link_and_image_stays_inside_the_folder_so_it_can_be_zipped(site, tmp_path):
    assert_self_contained(site)
    moved = tmp_path / "elsewhere" / "html"
    shutil.copytree(site, moved)  # opened anywhere: the copy alone, nothing beside it
    assert_self_contained(moved)


def test_notebook_pages_come_in_the_methods_order_with_titles_and_a_way_back(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="([^"]+\.html)">', text.split("How it was computed")[1])
    assert listed == [
        "01_data_cleaning.html",
        "02_descriptive_statistics.html",
        "03_normalisation_thesis.html",
        "03_normalisation_corrected.html",
        "04_index_construction_thesis.html",
        "04_index_construction_corrected.html",
        "05_typology_thesis.html",
        "05_typology_corrected.html",
        "06_risk_maps.html",
        "07_robustness_thesis.html",
        "07_robustness_corrected.html",
    ]
    page = (site / "04_index_construction_thesis.html").read_text(encoding="utf-8")
    assert "<title>04 · Index construction — thesis method · SDI 2023</title>" in page
    assert (
        not re.findall(r'<script[^>]*src="https?://', page) and "MathJax" not in page
    )  # nothing loaded from the internet
    assert '<a href="index.html">← SDI 2023</a>' in page
    assert (
        '<a href="03_normalisation_corrected.html">‹ ' in page
        and '<a href="04_index_construction_corrected.html">' in page
    )


def test_the_index_shows_the_headline_results_and_lists_every_table_by_number_and_title(site):
    text = read(site / "index.html")
    assert "<h2>Headline result</h2>" in text
    assert "By the thesis method the integral index ISDR runs from" in text
    # no audit in this project: the page says what holds is not known yet, and how to get it
    assert "<h2>What holds and what does not</h2>\n<p>The robustness audit has not run for this year" in text
    kazakh = read(site / "index_kk.html")
    assert '<html lang="kk">' in kazakh and "<h2>Негізгі нәтиже</h2>" in kazakh
    assert '<a href="index_kk.html" hreflang="kk">Қазақша</a>' in text
    assert '<a href="index.html" hreflang="en">English</a>' in kazakh
    for number, title in (
        (7, "Social sustainability indicators of Kazakhstan's regions"),
        (13, "Sustainable development indices and ranks of Kazakhstan's regions"),
        (14, "Sustainability levels of Kazakhstan's regions"),
    ):
        assert f"<tr><td>Table {number}</td><td>{title}</td>" in text
        assert (
            f'href="tables_thesis_kk.html#table-{number}"' in text
            and f'href="tables_corrected_en.html#table-{number}"' in text
        )
    # the risk maps' tables in their own column, linked to the anchors their page has, and no others
    assert (
        "<tr><td>Table 15</td><td>Criteria of the social risks</td><td></td><td></td><td><a "
        'href="tables_risk_en.html#table-15">' in text
    )
    assert "tables_risk_en.html#table-7" not in text and "tables_thesis_en.html#table-15" not in text
    risk = read(site / "tables_risk_kk.html")
    assert "<h1>Кестелер 15–21 · тәуекелдер картасы, 2023</h1>" in risk and '<html lang="kk">' in risk
    assert '<section id="table-15">' in risk and '<section id="table-21">' in risk
    kazakh = (site / "tables_thesis_kk.html").read_text(encoding="utf-8")
    assert "<h1>Кестелер 7–14 · диссертация әдісі, 2023</h1>" in kazakh and '<html lang="kk">' in kazakh
    assert kazakh.count("<table") == 8 and kazakh.count('<div class="scroll"><table class="data">') == 8  # they scroll
    assert (
        '<section id="table-7"><h2>Кесте 7 – Қазақстан аймақтарының әлеуметтік тұрақтылық көрсеткіштері, 2023 ж.</h2>'
        in kazakh
    )
    assert '<th scope="row" class="text">Алматы қ.</th>' in kazakh  # a region heads its row, left-aligned


def test_figures_are_listed_with_captions_in_each_language(site):
    english, kazakh = read(site / "figures_thesis_en.html"), read(site / "figures_thesis_kk.html")
    assert (
        english.index("score_heatmap_en.png")
        < english.index("isdr_ranking_en.png")
        < english.index("index_map_social_en.png")
    )
    assert "Social sustainability index of Kazakhstan's regions, 2023 (thesis method)" in english
    assert "Қазақстан аймақтарының әлеуметтік тұрақтылық индексі, 2023 ж. (диссертация әдісі)" in kazakh
    assert "_en.png" not in kazakh


def test_the_reproduction_report_is_a_page_with_its_images_copied(site):
    text = (site / "reproduction.html").read_text(encoding="utf-8")
    assert '<img src="files/reproduction/rank_published_vs_recomputed_en.png"' in text
    assert '<a href="files/reproduction/errata.csv"><code>errata.csv</code></a>' in text
    front = read(site / "index.html")
    assert "A reproduction of the dissertation's tables for 2023, recomputed from the raw indicator tables" in front
    assert "Of the 460 numbers the dissertation prints in Table 10 and its text, 390 are reproduced" in front
    assert '<a href="reproduction.html">What to correct, and why</a>' in front


def test_a_year_without_published_numbers_describes_its_own_results(tmp_path, project):
    root = project(tmp_path, 2025, published=False)
    html_site.build(root, 2025)
    text = read(root / "reports/2025/html/index.html")
    assert "The index for 2025, computed from the indicator tables in data/raw/2025/" in text
    assert "<strong>Their source is in data/raw/2025/PROVENANCE.md.</strong>" in text
    assert "The dissertation publishes no numbers for this year" in text
    assert "reproduction" not in text.lower().replace("reproduction report", "")
    assert not (root / "reports/2025/html/reproduction.html").exists()
    assert_self_contained(root / "reports/2025/html")
    (root / "data/raw/2025/PROVENANCE.md").unlink()  # without it, the page says so
    html_site.build(root, 2025)
    assert "Where they come from is not recorded: data/raw/2025/ has no PROVENANCE.md." in read(
        root / "reports/2025/html/index.html"
    )


def test_the_panel_links_each_year_and_each_year_the_panel(tmp_path, project):
    root = project(tmp_path, 2023, published=False)
    (root / "build/panel/thesis").mkdir(parents=True)
    notebook(root / "build/panel/thesis/09_panel.ipynb", "09 · Years side by side")
    html_site.build(root, "panel")
    html_site.build(root, 2023)
    panel = read(root / "reports/panel/html/index.html")
    assert '<a href="../../2023/html/index.html">2023</a>' in panel and "09_panel_thesis.html" in panel
    assert '<a href="../../panel/html/index.html">All years side by side</a>' in read(
        root / "reports/2023/html/index.html"
    )
    assert_self_contained(root / "reports/panel/html")


def test_a_page_no_longer_made_is_removed(site):
    stale = site / "thesis_03_normalisation.html"  # the old name of a page
    stale.write_text("old", encoding="utf-8")
    html_site.build(site.parents[2], 2023)
    assert not stale.exists() and (site / "03_normalisation_thesis.html").is_file()


@pytest.mark.parametrize(
    "caption, expected",
    [
        (
            "Table 13 – Sustainable development indices and ranks of Kazakhstan's regions, 2023; method: thesis",
            (13, "Sustainable development indices and ranks of Kazakhstan's regions"),
        ),
        (
            "Кесте 7 – Қазақстан аймақтарының әлеуметтік тұрақтылық көрсеткіштері, 2023 ж.",
            (7, "Қазақстан аймақтарының әлеуметтік тұрақтылық көрсеткіштері"),
        ),
        (
            "Table 10 – Social sustainability: scores (1 worst – 9 best), index and rank, 2025; method: corrected",
            (10, "Social sustainability: scores (1 worst – 9 best), index and rank"),
        ),
    ],
)
def test_table_titles_lose_their_year_and_method(caption, expected):
    assert html_site.table_title(caption) == expected


def test_notebook_pages_are_ordered_by_number_then_method(tmp_path):
    for path in (
        "10_later.ipynb",
        "corrected/03_b.ipynb",
        "thesis/03_b.ipynb",
        "02_a.ipynb",
        "risk/06_c.ipynb",
        "06_reproduction.ipynb",
        "thesis/.03_b.ipynb.tmp.ipynb",
        "02_a.failed.ipynb",
    ):
        notebook(tmp_path / path, Path(path).stem)
    names = [name for _, name, _ in html_site.notebook_pages(tmp_path)]
    assert names == [
        "02_a.html",
        "03_b_thesis.html",
        "03_b_corrected.html",
        "06_reproduction.html",
        "06_c_risk.html",
        "10_later.html",
    ]


def test_a_notebook_page_shows_the_parameters_once_with_the_values_the_run_was_given(tmp_path):
    """papermill keeps the notebook's parameters cell (the defaults) and adds its own after it (the values given): the
    page shows one cell, the defaults replaced by the values given, the rest kept."""
    nb = nbformat.v4.new_notebook()
    own = nbformat.v4.new_code_cell('year = 2023\nthresholds = "auto"\nresolve = "medium"  # or "none"')
    own.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell('# Parameters\nyear = 2024\nthresholds = "rule"\n')
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 06 · Risk maps"), own, injected, nbformat.v4.new_code_cell("year")]
    cells = html_site.parameters_once(nb.cells)
    assert [c.source for c in cells] == [
        "# 06 · Risk maps",
        'year = 2024\nthresholds = "rule"\nresolve = "medium"  # or "none"',
        "year",
    ]
    path = tmp_path / "06.ipynb"
    nb.cells = [nbformat.v4.new_markdown_cell("# 06 · Risk maps"), own, injected]
    own.source = 'year = 2023\nthresholds = "auto"'
    nbformat.write(nb, path)
    html_site.render_notebook(path, tmp_path / "06.html", "06 · Risk maps", heading="SDI 2024")
    page = read(tmp_path / "06.html")
    assert page.count("thresholds") == 1 and page.count("2024") >= 1 and "2023" not in page
    alone = nbformat.v4.new_code_cell("year = 2024")
    alone.metadata["tags"] = ["injected-parameters"]
    assert html_site.parameters_once([alone]) == [alone] and alone.id == "injected-parameters"  # a fixed id


def test_the_kazakh_memo_is_a_page_too_and_the_kazakh_front_page_links_it(tmp_path, project):
    root = project(tmp_path, 2023, published=True)
    report = root / "reports/2023/reproduction"
    (report / "README_kk.md").write_text("# Қайта есептеу\n\nФайлдар: `errata.csv`.\n", encoding="utf-8")
    html_site.build(root, 2023)
    page = read(root / "reports/2023/html/reproduction_kk.html")
    assert '<html lang="kk">' in page and "<h1>Қайта есептеу</h1>" in page
    assert '<a href="reproduction_kk.html">' in read(root / "reports/2023/html/index_kk.html")
    assert '<a href="reproduction.html">' in read(root / "reports/2023/html/index.html")


def test_the_front_page_links_the_official_trends_a_page_per_language(site):
    index, kazakh = read(site / "index.html"), read(site / "index_kk.html")
    assert "<h2>Official trends from the SDG platform</h2>" in index and "from 2010 to 2023" in index
    assert 'href="trends_en.html"' in index and 'href="trends_kk.html"' in index and 'href="trends_kk.html"' in kazakh
    assert "<h2>ТДМ платформасы бойынша ресми үрдістер</h2>" in kazakh
    page = read(site / "trends_en.html")
    assert "<h1>Official trends from the SDG platform, 2010–2023</h1>" in page
    assert "<h2>Average annual change of the social sustainability indicators" in page and "↑" in page
    assert 'src="files/figures/trends/trends_social_en.png"' in page and "trends_social_kk.png" not in page
    for name in ("trends_en.xlsx", "trends_en.docx", "trends.csv", "trend_series.csv"):
        assert f'href="files/trends/{name}"' in page
    assert 'href="10_trends.html"' in page and (site / "10_trends.html").is_file()
    kazakh_page = read(site / "trends_kk.html")
    assert "ТДМ платформасы бойынша ресми үрдістер, 2010–2023 жж." in kazakh_page and "-10,0 ↑" in kazakh_page
