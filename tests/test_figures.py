"""Figures for the page: 16 cm wide at most, no text under 8 pt at that size, one language each, every
Kazakh letter in the font, missing values shown as missing."""

import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from conftest import RAW
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from PIL import Image
from test_trends import draw as trend_figure

from sdi.inputs import cleaning
from sdi.inputs.metadata import load_indicators, load_regions, load_short_names, region_names
from sdi.method import index, normalisation, typology
from sdi.method.methods import get_method
from sdi.publish import figures, maps, risk_figures
from sdi.publish import robustness_figures as rfig
from sdi.risk import classification, macro_regions
from sdi.risk.thresholds import load_thresholds

matplotlib.use("Agg")
REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
SHORT = load_short_names(RAW / "indicator_short_names.csv", INDICATORS)
SHORT_NAMES = {language: dict(SHORT[f"short_{language}"]) for language in ("en", "kk")}
CLEAN, _ = cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)
WIDE = normalisation.score_table(cleaning.regional_values(CLEAN), INDICATORS, "direction_thesis")
SCORES = normalisation.scores_long(CLEAN, WIDE)
INDICES = typology.add_levels(index.index_table(WIDE, INDICATORS, "in_thesis_index"))
SHAPES = maps.region_shapes(REGIONS)
RANKS = INDICES.set_index("region_id")["rank_isdr"]
PANEL = {
    bounds: pd.concat([INDICES.assign(year=2023), INDICES.assign(year=2024, isdr=INDICES.isdr + 0.5)])
    for bounds in ("year", "panel")
}
# the risk maps of 2023 with the published bands, and the robustness audit's tables in their shape
LEVELS = classification.classify(CLEAN, load_thresholds(RAW / "risk_thresholds.csv", INDICATORS))
ROLLUP = classification.rollup(LEVELS)
MACRO = macro_regions.load_macro_regions(RAW / "macro_regions.csv", REGIONS)
MACRO_SUMMARY = macro_regions.summary(INDICES, ROLLUP, REGIONS, macro=MACRO)
RANKED = INDICES.dropna(subset=["rank_isdr"]).sort_values("rank_isdr")
RANK_RUNS = pd.DataFrame(
    {
        "region_id": RANKED.region_id,
        "nominal_rank": RANKED.rank_isdr,
        "median_rank": RANKED.rank_isdr,
        "q05_rank": (RANKED.rank_isdr - 2).clip(lower=1),
        "q95_rank": (RANKED.rank_isdr + 3).clip(upper=20),
    }
)
SOBOL = pd.DataFrame(
    {
        "assumption": ["normalisation", "aggregation", "pillar_weight_spread"],
        **{
            f"{order}{end}": [0.5 + d, 0.2 + d, 0.1 + d]
            for order in ("first_order", "total_order")
            for end, d in (("", 0.0), ("_low", -0.05), ("_high", 0.05))
        },
    }
)
CODES = ["B1", "B2", "B22", "B43"]
LEFT_OUT = pd.DataFrame(
    [
        {
            "indicator": code,
            "pillar": INDICATORS.set_index("code").at[code, "pillar"],
            "region_id": r.region_id,
            "nominal_rank": r.rank_isdr,
            "moved_up_by": (i + k) % 5 - 2,
        }
        for i, code in enumerate(CODES)
        for k, r in enumerate(RANKED.itertuples())
    ]
)
CORRELATIONS = INDICATORS.assign(included=True, pearson_pillar=0.5, pearson_isdr=-0.1).rename(
    columns={"code": "indicator"}
)
THESIS = get_method("thesis")
B43_EXCLUDED = INDICATORS.assign(in_thesis_index=INDICATORS.code != "B43")  # as if the thesis left B43 out of its index
CM_PER_INCH = 2.54
KAZAKH_LETTERS = "ӘҒҚҢӨҰҮҺІәғқңөұүһі"

DRAWINGS = {
    "score_heatmap": lambda language: figures.score_heatmap(
        SCORES, B43_EXCLUDED, REGIONS, method=THESIS, short_names=SHORT_NAMES, language=language
    ),
    "pillar_indices": lambda language: figures.pillar_bars(INDICES, REGIONS, language),
    "isdr_ranking": lambda language: figures.isdr_ranking(INDICES, REGIONS, language),
    "pillar_scatter": lambda language: figures.pillar_scatter(INDICES, REGIONS, language),
    "index_map_social": lambda language: maps.index_map(SHAPES, INDICES, REGIONS, column="social", language=language),
    "typology_map_isdr": lambda language: maps.typology_map(SHAPES, INDICES, REGIONS, column="isdr", language=language),
    "rank_map_isdr": lambda language: maps.rank_map(SHAPES, INDICES, REGIONS, language=language),
    "rank_shift": lambda language: figures.slope_chart(
        RANKS,
        RANKS.iloc[::-1].set_axis(RANKS.index),
        REGIONS,
        left_label=figures.RANK_SIDES["thesis"],
        right_label=figures.RANK_SIDES["corrected"],
        language=language,
    ),
    "isdr_over_time": lambda language: figures.isdr_over_time(PANEL, REGIONS, language),
    "risk_dashboard": lambda language: risk_figures.risk_dashboard(
        LEVELS, INDICATORS, REGIONS, short_names=SHORT_NAMES, language=language
    ),
    "high_risk_maps": lambda language: risk_figures.high_risk_maps(SHAPES, ROLLUP, REGIONS, language=language),
    "macro_regions": lambda language: risk_figures.macro_region_map(
        SHAPES, REGIONS, MACRO, macro_summary=MACRO_SUMMARY, language=language
    ),
    "rank_uncertainty": lambda language: rfig.rank_uncertainty(RANK_RUNS, REGIONS, language=language),
    "sobol_indices": lambda language: rfig.sobol_indices(SOBOL, 0.95, language=language),
    "leave_one_out": lambda language: rfig.leave_one_out(LEFT_OUT, REGIONS, language=language),
    "coherence": lambda language: rfig.correlations(CORRELATIONS, 0.3, language=language),
    "trends_social": lambda language: trend_figure(language),  # hand-made series (test_trends)
}
TRIMMED = {
    "risk_dashboard",
    "high_risk_maps",
    "macro_regions",
    "rank_uncertainty",
    "sobol_indices",
    "leave_one_out",
    "coherence",
}
WITHOUT_EVERY_REGION = {
    "score_heatmap",
    "pillar_scatter",
    "sobol_indices",
    "coherence",
    "macro_regions",
    "trends_social",  # a grey line per region, none named: the table names them
}


def png_width_and_dpi(path):
    """(width in pixels, dots per inch) from a PNG's IHDR and pHYs chunks (the PNG specification)."""
    data = Path(path).read_bytes()
    width = struct.unpack(">I", data[16:20])[0]
    at = data.index(b"pHYs")
    per_metre = struct.unpack(">I", data[at + 4 : at + 8])[0]
    return width, per_metre * 0.0254


def visible_texts(fig):
    """Every visible, non-empty text of a figure already drawn (tick labels exist only once it is drawn)."""
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]


def texts(fig):
    """Every visible, non-empty text of a figure, drawn first."""
    fig.canvas.draw()
    return visible_texts(fig)


@dataclass(frozen=True)
class Drawing:
    """What the tests below look at of one figure in one language, drawn once: at its own size, its texts (with
    their sizes) and the ink at its edges; saved, its PNG's width and resolution and its SVG's size."""

    width_cm: float
    texts: tuple  # ((text, font size), ...)
    inked_edges: tuple
    png_width_cm: float
    png_dpi: float
    svg_bytes: int


@pytest.fixture(scope="module")
def drawing(tmp_path_factory):
    folder, done = tmp_path_factory.mktemp("figures"), {}

    def drawn(name, language):
        if (name, language) not in done:
            fig = DRAWINGS[name](language)
            width_cm = fig.get_size_inches()[0] * CM_PER_INCH
            # saving draws the figure (and closes it): its texts are then all there, and the PNG's edges are the
            # printed figure's, with no draw of the tests' own
            png, svg = figures.save_figure(fig, folder, f"{name}_{language}")
            shown = tuple((t.get_text(), t.get_fontsize()) for t in visible_texts(fig))
            with Image.open(png) as image:
                pixels = np.asarray(image.convert("RGB"))
            edges = {"left": pixels[:, 0], "right": pixels[:, -1], "top": pixels[0], "bottom": pixels[-1]}
            width, dpi = png_width_and_dpi(png)
            done[name, language] = Drawing(
                width_cm,
                shown,
                tuple(side for side, strip in edges.items() if (strip < 250).any()),
                width / dpi * CM_PER_INCH,
                dpi,
                svg.stat().st_size,
            )
        return done[name, language]

    return drawn


@pytest.mark.parametrize("language", figures.LANGUAGES)
@pytest.mark.parametrize("name", DRAWINGS)
def test_a_figure_is_printed_at_most_16_cm_wide_with_no_text_under_8_pt(name, language, drawing):
    drawn = drawing(name, language)
    assert drawn.width_cm <= 16.0 + 1e-9
    sizes = dict(drawn.texts)
    assert min(sizes.values()) >= 8, {t: s for t, s in sizes.items() if s < 8}
    # saved at its own size, so the fonts are the printed sizes; the risk and robustness figures are trimmed to what
    # they draw
    assert round(drawn.png_dpi) == 300 and (12.0 if name in TRIMMED else 15.0) < drawn.png_width_cm <= 16.0
    assert drawn.svg_bytes > 1000


@pytest.mark.parametrize("language", figures.LANGUAGES)
@pytest.mark.parametrize("name", sorted(set(DRAWINGS) - TRIMMED))
def test_no_text_runs_off_a_figure_saved_at_its_own_size(name, language, drawing):
    """Nothing is cut at the edges: the outermost rows and columns of pixels are the white page."""
    assert drawing(name, language).inked_edges == ()


@pytest.mark.parametrize("name", DRAWINGS)
def test_the_kazakh_figure_is_in_kazakh_and_the_english_one_in_english(name, drawing):
    english, kazakh = region_names(REGIONS, "en"), region_names(REGIONS, "kk")
    for language, own, other in (("en", english, kazakh), ("kk", kazakh, english)):
        shown = [text for text, _ in drawing(name, language).texts]
        joined = "\n".join(shown)
        foreign = [
            n
            for n in other.values()
            if n not in own.values() and any(n in s.split("\n") or s.endswith(n) for s in shown)
        ]
        assert not foreign, foreign
        if language == "kk":
            assert any(c in joined for c in KAZAKH_LETTERS)
            assert not any(
                word in joined for word in ("Region", "index", "Score", "points", "Low", "Medium", "High", "level")
            )
        else:
            assert not any(c in joined for c in KAZAKH_LETTERS + "абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
        if name not in WITHOUT_EVERY_REGION:  # the region names appear on the others
            assert ("Almaty Region" in joined) == (language == "en") and ("Almaty (city)" in joined) == (
                language == "en"
            )
            assert "Almaty" not in [s.split(". ", 1)[-1].strip() for s in shown]  # never the bare, ambiguous name


def test_every_kazakh_letter_has_a_glyph_in_the_figures_font(tmp_path):
    fig = DRAWINGS["typology_map_isdr"]("kk")
    font = FT2Font(findfont(FontProperties(family=matplotlib.rcParams["font.family"])))
    letters = {c for t in texts(fig) for c in t.get_text() if not c.isspace()} | set(KAZAKH_LETTERS)
    assert [c for c in letters if font.get_char_index(ord(c)) == 0] == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        figures.save_figure(fig, tmp_path, "kk")


def test_the_heat_map_hatches_missing_values_and_stars_excluded_indicators():
    fig = figures.score_heatmap(SCORES, B43_EXCLUDED, REGIONS, method=THESIS, short_names=SHORT_NAMES, language="en")
    heat = fig.axes[0]
    hatched = [p for p in heat.patches if p.get_hatch()]
    missing = SCORES[SCORES["value"].isna()]
    assert len(hatched) == len(missing) == 2  # the two blank B46 cells
    rows = [t.get_text() for t in heat.get_yticklabels()]
    regions = [t.get_text() for t in heat.get_xticklabels()]
    # each row its short name and code, the code last, beside the cells
    assert rows[:3] == ["Population change B1", "Total fertility rate B2", "Poverty rate B3"] and len(rows) == 52
    assert "Water, sewers, waste p.c. B43*" in rows
    codes = [row.rsplit(" ", 1)[1] for row in rows]
    for patch, (region_id, code) in zip(hatched, zip(missing["region_id"], missing["indicator"])):
        assert (regions[int(patch.get_x())], codes[int(patch.get_y())]) == (
            region_names(REGIONS, "en")[region_id],
            code,
        )
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert labels == ["missing value, scored 1", "* scored, but not in the pillar index"]
    matplotlib.pyplot.close(fig)


def test_kazakh_numbers_have_a_decimal_comma():
    fig = figures.isdr_ranking(INDICES, REGIONS, "kk")
    values = [t.get_text() for t in fig.axes[0].texts]
    assert values[0] == f"{INDICES.isdr.max():.2f}".replace(".", ",")
    matplotlib.pyplot.close(fig)


def test_captions_name_the_year_and_method_in_each_language():
    assert (
        figures.caption("isdr_ranking", "en", 2023, method="thesis")
        == "Integral sustainable development index ISDR and rank of the regions, 2023 (thesis method)"
    )
    assert (
        figures.caption("index_map", "kk", 2023, method="corrected", column="social")
        == "Қазақстан аймақтарының әлеуметтік тұрақтылық индексі, 2023 ж. (түзетілген әдіс)"
    )


def test_save_figures_writes_each_language_and_a_figure_made_elsewhere_is_still_trimmed(tmp_path):
    pngs = figures.save_figures(tmp_path, "ranking", figures.isdr_ranking, INDICES, REGIONS)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ranking_en.png",
        "ranking_en.svg",
        "ranking_kk.png",
        "ranking_kk.svg",
    ]
    assert set(pngs) == {"en", "kk"}
    fig = matplotlib.pyplot.figure(figsize=(10, 4))  # no layout engine: trimmed to what it draws, as before
    fig.text(0.4, 0.5, "only this")
    png, _ = figures.save_figure(fig, tmp_path, "plain")
    width, _ = png_width_and_dpi(png)
    assert width < 0.5 * 10 * figures.DPI


def test_a_test_that_leaves_a_figure_open_fails(pytester):
    """conftest's no_figure_left_open fixture, on two planted tests: the one that forgets plt.close fails (an error
    at teardown, naming the figure left open), the one that closes its figure passes."""
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        test_planted="""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

def test_leaves_a_figure_open():
    plt.figure()

def test_closes_its_figure():
    plt.close(plt.figure())
"""
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:xdist")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        ["*ERROR at teardown of test_leaves_a_figure_open*", "*1 matplotlib figure(s) left open*"]
    )
