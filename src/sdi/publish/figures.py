"""Figures of the index, drawn for the page: what a reader would rather look at than a table.

Every figure is drawn at the size it is printed, for a 16 cm text width (`FULL_WIDTH`; half of it,
`HALF_WIDTH`, for a figure that shares a row), with no text under 8 pt (`FONT`) at that size, in one
language: `language="en"` or `"kk"`, each label from an (English, Kazakh) pair. A figure has no
title: its caption belongs under it in the thesis, and `caption(name, language, ...)` gives one.

Scores and indices are coloured on one fixed scale per kind of index (1-9 for scores and pillar
indices, 3-27 for ISDR) with viridis, which colour-blind readers and a grey-scale print both read in
order; the low / medium / high bands are marked on every scale. A missing value is grey and hatched,
never a colour of the scale.

Each function returns a matplotlib Figure; `save_figure` writes it as PNG (300 dpi) and SVG,
atomically and reproducibly (no dates or random ids in the files).
"""

import functools
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from sdi import PILLARS
from sdi.inputs.metadata import region_names
from sdi.io import atomic_path
from sdi.method.methods import MISSING_VALUE_POLICIES
from sdi.method.normalisation import scores_wide
from sdi.method.panel import same_territory_runs
from sdi.method.typology import LEVELS, THRESHOLDS
from sdi.publish import catalogue
from sdi.publish.catalogue import section
from sdi.publish.labels import LEVEL_COLOURS, LEVEL_LABELS, METHOD_NAMES, NO_INDEX_COLOUR, PILLAR_LABELS, pick

LANGUAGES = ("en", "kk")
TEXT_WIDTH_CM = 16.0
FULL_WIDTH = TEXT_WIDTH_CM / 2.54  # inches: figures are drawn at their printed size
HALF_WIDTH = FULL_WIDTH / 2 - 0.1  # two figures side by side, with a gap
DPI = 300  # print resolution
PNG_COMPRESSION = 3  # zlib level: a third faster to write than the default 6, files 7 % larger
FONT = 8  # the smallest text, in points at the printed size
HEADING = 9  # panel headings
SCALE = "viridis"  # perceptually uniform, colour-blind safe, and in order when printed grey
SCALES = {"pillar": (1, 9), "integral": (3, 27)}
NO_INDEX_STYLE = {
    "facecolor": NO_INDEX_COLOUR,
    "edgecolor": "#737373",
    "hatch": "////",
}  # the edge colour is the hatch's
# a label's light backing, legible on a dark fill; a box, not a halo (a path effect), keeps SVG text as text
LABEL_BOX = {"boxstyle": "round,pad=0.12,rounding_size=0.25", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
BAR_COLOUR = "#3b528b"  # viridis at 0.25: dark enough for the bands' tints
PAGE_STYLE = {
    "font.size": FONT,
    "axes.titlesize": HEADING,
    "axes.labelsize": FONT,
    "xtick.labelsize": FONT,
    "ytick.labelsize": FONT,
    "legend.fontsize": FONT,
    "legend.title_fontsize": FONT,
    "figure.titlesize": HEADING,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "hatch.linewidth": 0.6,
    "legend.frameon": False,
    "figure.dpi": 100,
    "figure.constrained_layout.h_pad": 0.03,
    "figure.constrained_layout.w_pad": 0.03,
}
mpl.rcParams["svg.hashsalt"] = "sdi"
mpl.rcParams["svg.fonttype"] = "none"  # text stays text in SVG: searchable and smaller

WORDS = section("figure.word")  # (English, Kazakh)
INDEX_MAP_COLUMNS = ("social", "economic", "ecological", "isdr")
STEP_FIGURES = {  # the figures each notebook draws, by name, in the order the site shows them (each in both languages)
    "03_normalisation": ["score_heatmap"],
    "04_index_construction": ["pillar_indices", "isdr_ranking"],
    "05_typology": [
        "pillar_scatter",
        *(f"index_map_{column}" for column in INDEX_MAP_COLUMNS),
        "rank_map_isdr",  # beside the ISDR map: the ranking its fixed scale cannot show
        *(f"typology_map_{column}" for column in INDEX_MAP_COLUMNS),
    ],
    "06_risk_maps": ["risk_dashboard", "high_risk_maps", "macro_regions"],
    "07_robustness": ["coherence", "rank_uncertainty", "sobol_indices", "leave_one_out"],
    "08_reproduction": ["rank_published_vs_recomputed", "rank_shift_thesis_vs_corrected"],
    "09_panel": ["isdr_over_time", "rank_change"],
    "10_trends": [f"trends_{pillar}" for pillar in PILLARS],  # sdi.publish.trends.trend_panels
}
CAPTIONS = section("figure.caption")  # per figure: (English, Kazakh); {year} and {method} filled in by `caption`


def word(name, language, **values):
    return pick(WORDS[name], language).format(**values)


def number(value, decimals, language):
    """A number as the language prints it: '16.36' in English, '16,36' in Kazakh (`catalogue.number`)."""
    return catalogue.number(value, language, decimals)


def decimal_commas(ax, language, axes="xy"):
    """Kazakh tick labels with a decimal comma, as the dissertation prints numbers, on `axes` ("x" leaves
    the y axis's labels, say words, as they are)."""
    if language == "kk":
        for axis in [a for name, a in (("x", ax.xaxis), ("y", ax.yaxis)) if name in axes]:
            axis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: catalogue.number(v, "kk")))


def index_name(column, language):
    """'Social sustainability index', 'Integral index ISDR' (and in Kazakh) for a pillar or `isdr`."""
    if column == "isdr":
        return pick(PILLAR_LABELS["isdr"], language)
    return pick(("{} index", "{} индексі"), language).format(pick(PILLAR_LABELS[column], language))


def caption(name, language, year=None, *, method=None, column=None):
    """A caption for figure `name` (a key of CAPTIONS), e.g. caption('isdr_ranking', 'en', 2023, 'thesis')."""
    if name == "index_map" and column == "isdr":
        name, column = "index_map_isdr", None
    index = index_name(column, language) if column else ""
    lower = index[:1].lower() + index[1:]
    return pick(CAPTIONS[name], language).format(
        year=year, method=pick(METHOD_NAMES.get(method, (method, method)), language), index=index, index_lower=lower
    )


def on_the_page(draw):
    """Run a figure function with the page's font sizes (`PAGE_STYLE`): each text takes its size when made."""

    @functools.wraps(draw)
    def drawn(*args, **kwargs):
        with plt.rc_context(PAGE_STYLE):
            return draw(*args, **kwargs)

    return drawn


def page_figure(width=FULL_WIDTH, height=FULL_WIDTH * 0.6, **kwargs):
    """A figure at its printed size, laid out by matplotlib's constrained layout (nothing falls off its edges)."""
    return plt.figure(figsize=(width, height), layout="constrained", **kwargs)


def _page_axes(*axes):
    """Tick labels at the page font whatever the global settings (ticks are made again at each draw)."""
    for ax in axes:
        ax.tick_params(labelsize=FONT)


def save_figure(fig, folder, name):
    """<folder>/<name>.png (300 dpi) and .svg; returns the two paths.

    A figure of this module (laid out by constrained layout) is saved at its own size, so its text is
    printed at the sizes it was given; any other figure is trimmed to what it draws, as before.
    """
    laid_out = isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    bbox = None
    if not laid_out and not getattr(fig, "sdi_at_size", False):
        # trimmed: the box found once, at the print resolution, for both formats (savefig's "tight" finds it
        # again for each, with a draw of its own: a third of the time of a figure with a thousand texts)
        screen, fig.dpi = fig.dpi, DPI
        fig.draw_without_rendering()
        bbox = fig.get_tightbbox().padded(mpl.rcParams["savefig.pad_inches"])
        fig.dpi = screen
    if not laid_out:
        # the layout is final: with no engine at all (not even the placeholder "none" leaves), savefig skips the
        # draw it otherwise makes before each format to lay the figure out (a third of a figure's saving time)
        fig.set_layout_engine(None)
    paths = []
    for ext, options in (
        ("png", {"metadata": {"Software": None}, "pil_kwargs": {"compress_level": PNG_COMPRESSION}}),
        ("svg", {"metadata": {"Date": None, "Creator": None}}),
    ):
        path = folder / f"{name}.{ext}"
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=ext, dpi=DPI, bbox_inches=bbox, **options)
        paths.append(path)
        if laid_out:
            fig.set_layout_engine(None)  # the PNG's layout serves the SVG too: one layout, not two (nor a draw for it)
    plt.close(fig)
    return paths


def save_figures(folder, name, draw, *args, **kwargs):
    """`draw(*args, language=..., **kwargs)` in each of LANGUAGES, saved as <folder>/<name>_<language>.png
    and .svg; returns {language: PNG path}."""
    return {
        language: save_figure(draw(*args, language=language, **kwargs), folder, f"{name}_{language}")[0]
        for language in LANGUAGES
    }


def freeze_layout(fig):
    """Lay the figure out once and keep that layout, so labels placed by measuring on screen stay where
    they were measured; `save_figure` still saves it at its own size. (A draw without rendering: the layout
    and the texts' sizes, not the pixels, which no one sees.)"""
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    fig.sdi_at_size = True


# --- level bands ------------------------------------------------------------------------------------


def band_ranges(scope):
    """[(level, from, to)] on the scale of `scope` ('pillar' 1-9 or 'integral' 3-27)."""
    lo, hi = SCALES[scope]
    medium_from, high_from = THRESHOLDS[scope]
    return list(zip(LEVELS, (lo, medium_from, high_from), (medium_from, high_from, hi)))


def level_label(lv, language, scope=None):
    """'Low', or with the range of `scope': 'Low (1–4)'."""
    text = pick(LEVEL_LABELS[lv], language)
    if scope:
        _, a, b = next(band for band in band_ranges(scope) if band[0] == lv)
        text += f" ({catalogue.number(a, language)}–{catalogue.number(b, language)})"
    return text


def _bands(ax, scope, orientation="vertical"):
    """Shade the low / medium / high ranges of a pillar (1-9) or integral (3-27) axis."""
    span = ax.axvspan if orientation == "vertical" else ax.axhspan
    for lv, a, b in band_ranges(scope):
        span(a, b, color=LEVEL_COLOURS[lv], alpha=0.18, lw=0, zorder=0)


def _band_legend(scope, language):
    return [Patch(color=LEVEL_COLOURS[lv], alpha=0.35, label=level_label(lv, language, scope)) for lv in LEVELS]


def mark_bands(bar, scope, language):
    """A colour bar of a 1-9 or 3-27 scale with its level bands: lines at the thresholds, the level
    names centred on their ranges."""
    horizontal = bar.orientation == "horizontal"
    ax = bar.ax
    lo, hi = SCALES[scope]
    ticks = [lo, *THRESHOLDS[scope], hi]
    (ax.set_xticks if horizontal else ax.set_yticks)(ticks, [catalogue.number(t, language) for t in ticks])
    for t in THRESHOLDS[scope]:
        (ax.axvline if horizontal else ax.axhline)(t, color="white", lw=1.2)
    for lv, a, b in band_ranges(scope):
        if horizontal:
            ax.text(
                (a + b) / 2,
                1.15,
                pick(LEVEL_LABELS[lv], language),
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=FONT,
            )
        else:
            ax.text(
                1.6,
                (a + b) / 2,
                pick(LEVEL_LABELS[lv], language),
                transform=ax.get_yaxis_transform(),
                ha="left",
                va="center",
                rotation=90,
                fontsize=FONT,
            )
    _page_axes(ax)
    ax.tick_params(length=0)


def _without_index(indices, columns, names, *, language):
    """A second axis-label line naming the regions that have no value in any of `columns`."""
    ids = indices.loc[indices[list(columns)].isna().any(axis=1), "region_id"]
    return f"\n{word('no_index', language)}: {', '.join(names[r] for r in ids)}" if len(ids) else ""


# --- scores ----------------------------------------------------------------------------------------


@on_the_page
def score_heatmap(scores, indicators, regions, *, method, short_names, language="en"):
    """Every score on the 1-9 scale: indicators as rows, grouped by pillar, regions as columns (seaborn).

    Each row is named by its short name and code ('Poverty rate B3'; `short_names` {language: {code: name}},
    `Run.indicator_short_names`), the code beside the cells where a reader of the tables looks for it. The
    codes `method` scores but leaves out of their pillar index get a '*'. A cell whose raw value is
    missing is hatched: grey when it has no score, over its colour when the method's missing-value policy
    gave it one.
    """
    import seaborn as sns

    excluded = indicators.loc[~indicators[method.include_column].astype(bool), "code"]
    missing_score = MISSING_VALUE_POLICIES[method.missing].score

    wide = scores_wide(scores)
    values = scores.pivot(index="indicator", columns="region_id", values="value")
    ids = [r for r in regions["region_id"] if r in wide.index]
    codes = [c for c in indicators["code"] if c in wide.columns]
    names = region_names(regions, language)
    grid = wide.loc[ids, codes].T.astype(float)
    fig = page_figure(height=0.115 * len(codes) + 2.8)
    # a wider margin: the pillars' bold names at the right edge ink a little past the box they measure
    fig.get_layout_engine().set(w_pad=0.06)
    heat, bar = fig.subplots(2, 1, height_ratios=[len(codes), 0.6])
    sns.heatmap(
        grid,
        ax=heat,
        cmap=SCALE,
        vmin=1,
        vmax=9,
        cbar_ax=bar,
        cbar_kws={"orientation": "horizontal"},
        linewidths=0.3,
        linecolor="white",
        xticklabels=[names[r] for r in ids],
        yticklabels=[f"{short_names[language][c]} {c}{'*' if c in set(excluded) else ''}" for c in codes],
    )
    heat.set_facecolor(NO_INDEX_COLOUR)
    heat.xaxis.tick_top()
    heat.tick_params(axis="x", rotation=90, length=0, pad=2)
    heat.tick_params(axis="y", rotation=0, length=0, pad=2)
    heat.set_xlabel("")
    heat.set_ylabel("")
    _page_axes(heat)
    missing = values.loc[codes, ids].isna().to_numpy()
    scored = not np.isnan(grid.to_numpy()[missing]).all()  # the policy gave missing values a score
    hatch_colour = "white" if scored else "#4d4d4d"  # white shows on the dark of a score of 1
    for i, j in zip(*np.nonzero(missing)):
        heat.add_patch(Rectangle((j, i), 1, 1, fill=False, hatch="////", edgecolor=hatch_colour, lw=0))
    pillar_of = dict(zip(indicators["code"], indicators["pillar"]))
    start = 0
    for pillar in PILLARS:
        n = sum(pillar_of[c] == pillar for c in codes)
        if start:
            heat.axhline(start, color="black", lw=1.2)
        heat.text(  # on the right: the names take the left
            1.01,
            start + n / 2,
            pick(PILLAR_LABELS[pillar], language).replace(" ", "\n", 1),
            transform=heat.get_yaxis_transform(),
            rotation=270,
            ha="left",
            va="center",
            fontsize=FONT,
            fontweight="bold",
        )
        start += n
    colour_bar = heat.collections[0].colorbar
    colour_bar.set_ticks(range(1, 10))
    colour_bar.outline.set_visible(False)
    _page_axes(bar)
    bar.set_xlabel(word("score", language), fontsize=FONT)
    notes = []
    if missing.any():
        fill = mpl.colormaps[SCALE]((missing_score - 1) / 8) if scored else NO_INDEX_COLOUR
        notes.append(
            Patch(
                facecolor=fill,
                edgecolor=hatch_colour,
                hatch="////",
                lw=0,
                label=word("missing_scored", language, score=missing_score)
                if scored
                else word("missing_value", language),
            )
        )
    if len(excluded):
        notes.append(Line2D([], [], ls="none", label=word("excluded", language)))
    if notes:
        fig.legend(
            handles=notes, loc="outside lower center", ncol=len(notes), fontsize=FONT, frameon=False, handlelength=1.4
        )
    return fig


# --- indices ---------------------------------------------------------------------------------------


@on_the_page
def pillar_bars(indices, regions, language="en"):
    """The three pillar indices side by side, regions in the order of their ISDR rank (shared names),
    each on the 1-9 scale with its level bands."""
    names = region_names(regions, language)
    data = indices.sort_values(["rank_isdr", "region_id"], na_position="last", kind="stable")
    fig = page_figure(height=0.17 * len(data) + 1.6)
    axes = fig.subplots(1, 3, sharey=True)
    y = np.arange(len(data))
    for ax, pillar in zip(axes, PILLARS):
        _bands(ax, "pillar")
        ax.barh(y, data[pillar] - 1, left=1, color=BAR_COLOUR, height=0.7, zorder=2)
        ax.set_xlim(1, 9)
        ax.set_xticks([1, 4, 7, 9])
        ax.set_title(pick(PILLAR_LABELS[pillar], language).replace(" ", "\n", 1), fontsize=HEADING)
        ax.set_xlabel(word("pillar_points", language) + _without_index(indices, [pillar], names, language=language))
        ax.tick_params(axis="y", length=0)
        _page_axes(ax)
    axes[0].set_yticks(y, [names[r] for r in data["region_id"]])
    axes[0].set_ylim(len(data) - 0.5, -0.5)
    fig.legend(handles=_band_legend("pillar", language), loc="outside lower center", ncol=3, fontsize=FONT)
    return fig


@on_the_page
def isdr_ranking(indices, regions, language="en"):
    """Regions ranked by the integral index, on its 3-27 scale with the level bands, each bar labelled
    with its value."""
    names = region_names(regions, language)
    data = indices.dropna(subset=["isdr"]).sort_values(["rank_isdr", "region_id"])
    fig = page_figure(height=0.17 * len(data) + 1.3)
    ax = fig.subplots()
    _bands(ax, "integral")
    y = np.arange(len(data))
    ax.barh(y, data["isdr"] - 3, left=3, color=BAR_COLOUR, height=0.7, zorder=2)
    for i, v in enumerate(data["isdr"]):
        ax.text(v + 0.2, i, number(v, 2, language), va="center", fontsize=FONT, zorder=3)
    ax.set_yticks(y, [f"{int(rank)}. {names[r]}" for rank, r in zip(data["rank_isdr"], data["region_id"])])
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(3, 27)
    ax.set_xticks([3, 7, 11, 15, 19, 23, 27])
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(word("isdr_points", language) + _without_index(indices, ["isdr"], names, language=language))
    ax.legend(
        handles=_band_legend("integral", language), loc="lower right", fontsize=FONT, frameon=True, framealpha=0.9
    )
    _page_axes(ax)
    return fig


ALL_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
SIXTEEN_DIRECTIONS = ALL_DIRECTIONS + ((2, 1), (-2, 1), (2, -1), (-2, -1), (1, 2), (-1, 2), (1, -2), (-1, -2))
RADII = (6, 12, 18, 26, 36, 48)  # points from its point to a label's near corner or side, nearest first
# on a map, a label also slides about its region's inner point, centred (points across, points up), and may go
# further out, past the border, where no region has room for it
SLIDES = [(dx, dy) for dx in range(-36, 37, 6) for dy in range(-20, 21, 4)]
FAR_RADII = (60, 75, 90)
CITY_REACH = 40  # points from a city to its label's centre
POINT_LIKE = 0.25  # a region smaller than this share of its label's box is a point (a city) for its label
STRADDLE = 0.03  # the share of a label's box that may lie beyond the one area holding most of it (its edges' ink)


@dataclass(frozen=True)
class Areas:
    """The regions of a map, for `place_labels`: `shapes` every polygon drawn (shapely, data coordinates),
    `own` for each label the index in `shapes` of its region (None: a point of no region)."""

    shapes: list
    own: list


def straddle(box, shapes, bounds=None):
    """(across, pieces): the area of `box` (shapely) beyond the one area holding most of it, a region of `shapes`
    (which tile and do not overlap) or the outside of all of them (0 for a label inside one region or off the map),
    and the area of `box` in each shape. `bounds` (shapely.bounds(shapes)) spares the shapes far from the box."""
    import shapely

    x0, y0, x1, y1 = box.bounds
    near = (
        np.ones(len(shapes), bool)
        if bounds is None
        else ((bounds[:, 0] < x1) & (bounds[:, 2] > x0) & (bounds[:, 1] < y1) & (bounds[:, 3] > y0))
    )
    pieces = np.zeros(len(shapes))
    # clipping to a rectangle is many times faster than a general intersection, and as exact for an area
    pieces[near] = shapely.area(shapely.clip_by_rect(shapes[near], x0, y0, x1, y1))
    outside = max(box.area - pieces.sum(), 0.0)
    return box.area - max(pieces.max(initial=0.0), outside), pieces


def _candidates(size, *, directions, centred_first, on_map):
    """(distance, ha, va, dx, dy): offsets in points for a label of `size` (width, height in points), nearest first,
    with the distance of the label's centre from its point.

    Beside the point: the label's near corner or side `RADII` away in each of `directions`. On a map
    (`centred_first`), also centred on the point and slid about it, nearest centre first; with `on_map`, further
    out (`FAR_RADII`) for a label its region cannot hold."""
    w, h = size
    beside = [(dx * r, dy * r) for r in RADII for dx, dy in directions]
    if on_map:
        beside += [(dx * r, dy * r) for r in FAR_RADII for dx, dy in SIXTEEN_DIRECTIONS]
    found = []
    for dx, dy in beside:
        ha = "left" if dx > 0 else "right" if dx < 0 else "center"
        va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
        centre = (dx + np.sign(dx) * w / 2, dy + np.sign(dy) * h / 2)
        found.append((np.hypot(*centre), ha, va, dx, dy))
    if not centred_first:
        return found  # in the order given, as labels off a map have always been placed
    if not on_map:
        return [(0, "center", "center", 0, 0), *found]
    found += [(np.hypot(dx, dy), "center", "center", dx, dy) for dx, dy in SLIDES]
    return sorted(found, key=lambda c: c[0])  # sorted is stable: ties keep their order


def _measurer(ax, xy, text, *, fontsize):
    """at(ha, va, (dx, dy)): the screen box (x0, y0, x1, y1) of `text` at `xy`, aligned `ha`, `va` and offset
    (dx, dy) points, padded by a pixel. Measured once, centred and without a leader line: an alignment only moves
    the box by half its size (left: its left edge at the point), an offset moves it on."""
    note = ax.annotate(text, xy, xytext=(0, 0), textcoords="offset points", ha="center", va="center", fontsize=fontsize)
    x0, y0, x1, y1 = note.get_window_extent(ax.figure.canvas.get_renderer()).padded(1).extents
    note.remove()
    half_width, half_height = (x1 - x0) / 2, (y1 - y0) / 2
    shift_x = {"left": half_width, "right": -half_width, "center": 0}
    shift_y = {"bottom": half_height, "top": -half_height, "center": 0}
    points_to_pixels = ax.figure.dpi / 72

    def at(ha, va, offset):
        sx, sy = shift_x[ha] + offset[0] * points_to_pixels, shift_y[va] + offset[1] * points_to_pixels
        return (x0 + sx, y0 + sy, x1 + sx, y1 + sy)

    return at


LEADER_GAP = 3  # points between a label's box and the start of its leader line


def leader_line(box, point):
    """A leader line's `arrowprops` from the label whose screen box is `box` (x0, y0, x1, y1) to `point` (on screen):
    it starts where the line from the box's centre to the point leaves the box, `LEADER_GAP` further on. Found here
    rather than by matplotlib clipping the line to the label's box, which was a tenth of the pipeline's figure time."""
    x0, y0, x1, y1 = box
    u, v = (point[0] - (x0 + x1) / 2) / (x1 - x0), (point[1] - (y0 + y1) / 2) / (y1 - y0)  # in box widths, heights
    reach = max(abs(u), abs(v), 0.5)  # a point inside the box: the line starts at the point
    return {
        "arrowstyle": "-",
        "lw": 0.5,
        "color": "grey",
        "relpos": (0.5 + 0.5 * u / reach, 0.5 + 0.5 * v / reach),
        "patchA": None,
        "shrinkA": LEADER_GAP,
        "shrinkB": 2,
    }


def place_labels(
    ax,
    xs,
    ys,
    *,
    texts,
    fontsize=8,
    centred_first=False,
    keep_clear=None,
    directions=ALL_DIRECTIONS,
    areas=None,
    **style,
):
    """Label points without overlaps: try offsets around each point, nearest first, keep the first free one.

    Labels never cover each other nor the markers at `keep_clear` (default: the labelled points).
    With `centred_first` (map labels at a region's inner point) a label is first tried centred on its point.
    With `areas` (`Areas`: the map's regions) a map label also slides about its point, and takes the first place
    where it sits inside its own region, no more than `STRADDLE` of it across a border. A label its region cannot
    hold moves off the map, on a leader line, to the nearest free place; where there is none, to the place crossing
    borders least. A city's label (its region holds none) takes the nearest place inside any one area within
    `CITY_REACH`, else the nearest place off the map, else the one within reach crossing least.
    `style` goes to every label (e.g. `bbox`). Returns the labels (Annotations).
    Call it after the figure's layout is final, and after one draw (`fig.draw_without_rendering()`): positions are
    measured on screen, so a later layout change would invalidate them (`freeze_layout` keeps it).
    """
    import shapely

    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    markers = list(zip(xs, ys)) if keep_clear is None else list(keep_clear)
    points = [ax.transData.transform(xy) for xy in markers]
    occupied = np.array([(px - 7, py - 7, px + 7, py + 7) for px, py in points]).reshape(-1, 4)
    points_to_pixels = ax.figure.dpi / 72
    if areas is not None:  # the regions on screen, where the labels are measured
        shapes = shapely.transform(np.array(areas.shapes), ax.transData.transform)
        shapely.prepare(shapes)
        bounds = shapely.bounds(shapes)
        owns = areas.own
    else:
        owns = [None] * len(texts)
    placed = []
    for x, y, text, own in zip(xs, ys, texts, owns):
        at = _measurer(ax, (x, y), text, fontsize=fontsize)
        centred = at("center", "center", (0, 0)) if areas is not None else None
        width, height = (centred[2] - centred[0], centred[3] - centred[1]) if centred else (0, 0)
        size = (width / points_to_pixels, height / points_to_pixels)
        home = None if own is None else shapes[own]
        # a city, a fraction of its label's size, is no home for it: its label goes by its point wherever it fits;
        # an oblast's label that does not fit goes off the map
        roomy = home is not None and home.area > POINT_LIKE * width * height
        best = aside = None  # the place crossing least; the nearest place in one area but off its own region
        on_map = areas is not None
        for far, ha, va, dx, dy in _candidates(size, directions=directions, centred_first=centred_first, on_map=on_map):
            beyond = on_map and not roomy and far > CITY_REACH  # a city's label stays by its point if it can
            x0, y0, x1, y1 = at(ha, va, (dx, dy))
            if (
                not (inside.x0 <= x0 and x1 <= inside.x1 and inside.y0 <= y0 and y1 <= inside.y1)
                or ((occupied[:, 0] < x1) & (x0 < occupied[:, 2]) & (occupied[:, 1] < y1) & (y0 < occupied[:, 3])).any()
            ):
                continue
            if areas is None:
                best = (0, ha, va, dx, dy, max(abs(dx), abs(dy)) > 6 or (centred_first and (dx, dy) != (0, 0)))
                break
            rectangle = shapely.box(x0, y0, x1, y1)
            # at home (all but STRADDLE of it in its own region, so no more across a border): no line needed
            if roomy and shapely.area(shapely.clip_by_rect(home, x0, y0, x1, y1)) >= (1 - STRADDLE) * rectangle.area:
                best = (0, ha, va, dx, dy, False)
                break
            if aside is not None and (roomy or beyond):
                continue  # only a place at home (or by its city) would now do better
            across, pieces = straddle(rectangle, shapes, bounds)
            at_home = roomy and pieces[own] >= (1 - STRADDLE) * rectangle.area
            if across <= STRADDLE * rectangle.area:
                if at_home or (not roomy and not beyond):
                    best = (0, ha, va, dx, dy, not at_home)
                    break
                if pieces.sum() <= STRADDLE * rectangle.area:  # off the map: never on a region it does not name
                    aside = aside or (0, ha, va, dx, dy, True)
            if not beyond and (best is None or across < best[0]):
                best = (across, ha, va, dx, dy, not at_home)
        else:
            best = aside or best  # no place in its own region: the nearest clean one, else the least crossing
        if best is None:
            placed.append(
                ax.annotate(text, (x, y), xytext=(5, 5), textcoords="offset points", fontsize=fontsize, **style)
            )
            occupied = np.vstack([occupied, placed[-1].get_window_extent(renderer).extents])
            continue
        _, ha, va, dx, dy, leader = best
        placed.append(
            ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                **style,
                arrowprops=leader_line(at(ha, va, (dx, dy)), ax.transData.transform((x, y))) if leader else None,
            )
        )
        occupied = np.vstack([occupied, at(ha, va, (dx, dy))])
    return placed


END_GAP = 10  # points from a line's last point to its label's left edge: room for the leader line of a moved label
MOVED = 1.5  # pixels a label may sit off its point's height without a leader line


def end_labels(ax, xs, ys, *, texts, fontsize=FONT):
    """Name lines at their end points: each label in a column `END_GAP` right of the rightmost point, at its point's
    height where it has room; where labels would overlap they are stacked, each as near its point as the others allow
    (the least squares of the moves, `scipy.optimize.isotonic_regression`), kept inside the axes, and hung on a leader
    line to its point where moved. The axes' right limit is widened so the column fits. Call it after the figure's
    layout is final (`freeze_layout`), as `place_labels`. Returns the labels (Annotations)."""
    from scipy.optimize import isotonic_regression

    renderer = ax.figure.canvas.get_renderer()
    points_to_pixels = ax.figure.dpi / 72
    if not len(texts):
        return []
    measured = [
        ax.annotate(text, xy, ha="left", va="center", fontsize=fontsize) for text, xy in zip(texts, zip(xs, ys))
    ]
    boxes = np.array([label.get_window_extent(renderer).padded(1).extents for label in measured])
    for label in measured:
        label.remove()
    widths, heights = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    # the right limit that leaves the column its room: right of the last point, END_GAP and the widest label
    frame = ax.get_window_extent(renderer)
    left, right = ax.get_xlim()
    last = max(xs)
    share = (END_GAP * points_to_pixels + widths.max() + 2) / frame.width
    ax.set_xlim(left, max(right, (last - share * left) / (1 - share)))
    points = ax.transData.transform(np.column_stack([xs, ys]))
    column = ax.transData.transform((last, 0))[0] + END_GAP * points_to_pixels
    order = np.lexsort((-np.arange(len(texts)), points[:, 1]))  # bottom up; on one height, the first given on top
    h = heights[order]
    # label i's centre must be (h[i-1] + h[i]) / 2 above label i-1's: less that, and what is left must only rise
    steps = np.concatenate([[0.0], np.cumsum((h[:-1] + h[1:]) / 2)])
    free = isotonic_regression(points[order, 1] - steps).x
    free = np.clip(free, frame.y0 + h[0] / 2, max(frame.y0 + h[0] / 2, frame.y1 - h[-1] / 2 - steps[-1]))
    centres = np.empty(len(texts))
    centres[order] = free + steps
    # from the left middle of the label, not clipped to its box (a clip is most of a leader line's drawing time)
    leader = {
        "arrowstyle": "-",
        "lw": 0.5,
        "color": "grey",
        "shrinkA": 1.5,
        "shrinkB": 2,
        "relpos": (0, 0.5),
        "patchA": None,
    }
    return [
        ax.annotate(
            text,
            (x, y),
            xytext=((column - px) / points_to_pixels, (centre - py) / points_to_pixels),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=fontsize,
            arrowprops=leader if abs(centre - py) > MOVED else None,
        )
        for x, y, text, (px, py), centre in zip(xs, ys, texts, points, centres)
    ]


@on_the_page
def pillar_scatter(indices, regions, language="en"):
    """The three pillars against each other, one wide panel per pair (names need room across), with the
    4 and 7 level thresholds; points coloured by ISDR level, every region named."""
    names = region_names(regions, language)
    pairs = (("social", "economic"), ("social", "ecological"), ("economic", "ecological"))
    fig = page_figure(height=FULL_WIDTH * 1.3)
    axes = fig.subplots(3, 1)
    colours = indices["level_isdr"].map(LEVEL_COLOURS).fillna(NO_INDEX_COLOUR)
    shown = {pair: indices.dropna(subset=list(pair)) for pair in pairs}
    for ax, (px, py) in zip(axes, pairs):
        data = shown[(px, py)]
        ax.scatter(data[px], data[py], c=list(colours[data.index]), edgecolor="black", linewidth=0.5, s=22, zorder=3)
        for t in THRESHOLDS["pillar"]:
            ax.axvline(t, color="grey", ls="--", lw=0.7)
            ax.axhline(t, color="grey", ls="--", lw=0.7)
        for axis, column, room in ((ax.set_xlim, px, 0.45), (ax.set_ylim, py, 0.2)):
            lo, hi = indices[column].min(), indices[column].max()
            pad = (hi - lo) * room + 0.3  # room for the names, most of it across
            axis(max(1, min(lo - pad, 3.8)), min(9, hi + pad))
        ax.set_xlabel(index_name(px, language) + _without_index(indices, [px, py], names, language=language))
        ax.set_ylabel(index_name(py, language).replace(" ", "\n", 1))
        decimal_commas(ax, language)
        _page_axes(ax)
    handles = [
        Patch(
            facecolor=LEVEL_COLOURS[lv],
            edgecolor="black",
            lw=0.5,
            label=f"ISDR {level_label(lv, language, 'integral').lower()}",
        )
        for lv in LEVELS
    ]
    if indices["level_isdr"].isna().any():
        handles.append(
            Patch(facecolor=NO_INDEX_COLOUR, edgecolor="black", lw=0.5, label=f"ISDR: {word('no_index', language)}")
        )
    handles.append(Line2D([], [], color="grey", ls="--", lw=0.7, label=word("threshold_lines", language)))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=2,  # in one row the Kazakh labels run off the page
        fontsize=FONT,
        handlelength=1.4,
        columnspacing=1.2,
    )
    freeze_layout(fig)
    for ax, pair in zip(axes, pairs):
        data = shown[pair]
        xy = ax.transData.transform(data[list(pair)].to_numpy(dtype=float))
        crowd = (np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) < 40).sum(axis=1)
        data = data.iloc[np.argsort(-crowd, kind="stable")]  # crowded points first: they need the near places
        place_labels(
            ax,
            list(data[pair[0]]),
            list(data[pair[1]]),
            texts=[names[r] for r in data["region_id"]],
            fontsize=FONT,
            directions=SIXTEEN_DIRECTIONS,
        )
    return fig


# --- ranks -----------------------------------------------------------------------------------------

RANK_SIDES = section("figure.rank_side")  # the two sides of a slope chart, (English, Kazakh)


def _text(label, language):
    """A label given as one text, or as an (English, Kazakh) pair."""
    return label if isinstance(label, str) else pick(label, language)


@on_the_page
def slope_chart(left, right, regions, *, left_label, right_label, language="en", moved_from=3, comparable=None):
    """Ranks before (left) and after (right), one line per region; lines that move by `moved_from` or
    more are drawn darker. The labels are texts or (English, Kazakh) pairs (`RANK_SIDES`). `comparable`: {region_id:
    False} for a region whose territory changed between the two years (`panel.rank_change`): no line joins its two
    ranks, its name is marked ×, and the note says why."""
    names = region_names(regions, language)
    apart = {r for r, ok in (comparable if comparable is not None else {}).items() if not ok}
    left_label, right_label = (_text(label, language).replace(" (", "\n(", 1) for label in (left_label, right_label))
    n = len(left)
    fig = page_figure(height=0.17 * n + 1.2)
    ax = fig.subplots()

    # place by order, not by rank value, so tied ranks never print on top of each other; a region
    # without a rank (no index under the `available` missing-value policy) goes last, marked "–"
    def order(ranks):
        ranked = sorted(ranks.index, key=lambda r: (pd.isna(ranks[r]), 0 if pd.isna(ranks[r]) else ranks[r], r))
        return {r: i + 1 for i, r in enumerate(ranked)}

    y_left, y_right = order(left), order(right)
    for region_id in left.index:
        a, b = left[region_id], right[region_id]
        shown_a, shown_b = ("–" if pd.isna(v) else f"{int(v)}" for v in (a, b))
        name = f"{names[region_id]} ×" if region_id in apart else names[region_id]
        if not (pd.isna(a) or pd.isna(b) or region_id in apart):
            moved = abs(a - b) >= moved_from
            ax.plot(
                [0, 1],
                [y_left[region_id], y_right[region_id]],
                color="#21318c" if moved else "#b0b0b0",
                lw=1.6 if moved else 0.8,
                zorder=2 if moved else 1,
            )
        ax.text(-0.03, y_left[region_id], f"{name}  {shown_a}", ha="right", va="center", fontsize=FONT)
        ax.text(1.03, y_right[region_id], f"{shown_b}  {name}", ha="left", va="center", fontsize=FONT)
    ax.set_xlim(-1.0, 2.0)
    ax.set_ylim(n + 0.6, 0.4)
    ax.set_xticks([0, 1], [left_label, right_label], fontsize=FONT)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0)
    ax.set_yticks([])
    for side in ("left", "right", "top", "bottom"):
        ax.spines[side].set_visible(False)
    note = word("moved", language, n=moved_from)
    if left.isna().any() or right.isna().any():
        note += "\n" + word("no_rank", language)
    if apart:
        note += "\n" + word("not_comparable", language)
    ax.set_xlabel(note, fontsize=FONT)
    _page_axes(ax)
    return fig


@on_the_page
def isdr_over_time(by_bounds, regions, language="en", *, territories=None):
    """ISDR per region across the years: one panel per bounds choice, each region named at its line's end in the last
    year (`end_labels`: a column of names, stacked where the ends crowd, on leader lines where moved). With
    `territories` (territories.csv), a region's line breaks where its territory changed (East Kazakhstan between
    2021 and 2022), and the note under the panels says so."""
    names = region_names(regions, language)
    fig = page_figure(height=FULL_WIDTH * 0.75)
    axes = fig.subplots(1, 2, sharey=True)
    broken = False
    for ax, (bounds, indices) in zip(axes, by_bounds.items()):
        wide = indices.pivot(index="year", columns="region_id", values="isdr")
        for region_id in wide.columns:
            years = list(wide.index)
            runs = [years] if territories is None else same_territory_runs(territories, region_id, years)
            broken = broken or len(runs) > 1
            for run in runs:
                ax.plot(run, wide.loc[run, region_id], marker="o", ms=2.5, lw=0.8, color=BAR_COLOUR, alpha=0.8)
        ax.set_xticks(list(wide.index), [str(y) for y in wide.index])
        ax.set_xlim(wide.index.min() - 0.2, wide.index.max() + 0.2)  # widened by end_labels for the names
        ax.set_title(word(f"bounds_{bounds}", language), fontsize=FONT)
        ax.set_xlabel(word("year", language))
        _page_axes(ax)
    axes[0].set_ylabel(word("isdr_short", language))
    if broken:
        fig.supxlabel(word("territory_break", language), fontsize=FONT)
    freeze_layout(fig)
    for ax, indices in zip(axes, by_bounds.values()):
        last = indices[indices.year == indices.year.max()].dropna(subset=["isdr"])
        end_labels(ax, list(last.year), list(last.isdr), texts=[names[r] for r in last.region_id], fontsize=FONT)
    return fig
