"""The labels of every figure that places them, measured after drawing: no two overlap, and on a map none sits across
a border where it could sit inside one area.

The check, on each label's text box on screen (`Text.get_window_extent` after `fig.canvas.draw()`, the leader line
left out) and the map's polygons taken to the same screen coordinates:

- no two label boxes of a figure overlap (touching is not overlapping);
- a label's box lies in one area, a region or the outside of the map: all of it but `ACROSS` (4 %) of its area in
  the one area that holds most of it. The tolerance is for the ink-free edges of a text box, where a border may pass
  under the box without touching a letter. No exception is made: in every figure of the package a place free of
  borders exists, on the map or off it beside its region (with a leader line), so the placement must find one;
- a label not inside its own region (less than half of it there: a city's, or one moved off a region too small to
  hold it) hangs on a leader line to its region's point.

The regions a label belongs to are found here from the label's text (the region's or macro-region's name at its
start) and regions.csv, not from the placement's own bookkeeping; macro-regions are unions of their members'
polygons, made here.

A figure that is not a map (a plot) is measured on every text it draws: its labels, panel titles, the tick labels
shown, the axis labels and the legends; no two may overlap. Beside 2023's figures: the panel's (notebook 09) on a
planted two-year panel (2023 and a synthetic 2024) and a three-year one that begins with a synthetic 2021 on its
own map of 17 units (`synthetic.write_year_on_map`), the official trends' small multiples (notebook 10, the
platform's files in data/external/opensdg/), and 2021's maps, East Kazakhstan drawn with Abai as one territory.
"""

import functools

import matplotlib
import pytest
import shapely
from conftest import ROOT, copy_raw
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.text import Text
from synthetic import write_year, write_year_on_map
from test_figures import (
    DRAWINGS,
    INDICATORS,
    INDICES,
    MACRO,
    MACRO_SUMMARY,
    REGIONS,
    ROLLUP,
    SHAPES,
    SHORT_NAMES,
)

from sdi import PILLARS
from sdi.inputs import cleaning, metadata
from sdi.inputs.metadata import region_names
from sdi.method import panel
from sdi.method import trends as official
from sdi.method.methods import get_method
from sdi.publish import figures, maps, risk_figures
from sdi.publish import trends as publish_trends

matplotlib.use("Agg")
ACROSS = 0.04
GEOMETRY = dict(zip(SHAPES["region_id"], SHAPES["geometry"]))
CITIES = set(REGIONS.loc[REGIONS["kind"] == "city", "region_id"])


def region_areas(language, regions=REGIONS, geometry=GEOMETRY):
    """{name as a label starts: polygon} of the year's regions (today's 20 by default), by their full, short and
    abbreviated names."""
    found = {}
    for names in (region_names(regions, language), risk_figures.short_region_names(regions, language)):
        found.update({name: geometry[r] for r, name in names.items() if r in geometry})
    return found


@functools.cache
def planted_years():
    """Years planted beside 2023, as tests/test_panel.py and test_year_maps.py plant them: a synthetic 2024 (20
    regions) and 2021 (17 units: East Kazakhstan with Abai, Almaty Region with Zhetisu, Karaganda with Ulytau),
    cleaned by the library; the panel's indices of 2023-2024 and of 2021, 2023 and 2024 by the thesis method."""
    import tempfile
    from pathlib import Path

    raw = copy_raw(Path(tempfile.mkdtemp(prefix="figure-labels-")) / "raw")
    write_year(raw, 2024)
    write_year_on_map(raw, 2021)
    indicators = metadata.load_indicators(raw / "indicators.csv")
    cleans = {
        year: cleaning.clean_year(raw / str(year), metadata.load_year_regions(raw, year), indicators)[0]
        for year in (2021, 2023, 2024)
    }
    method = get_method("thesis")
    panels = {
        n: panel.indices_by_bounds(panel.stacked_values({y: cleans[y] for y in years}), indicators, method)
        for n, years in (("two", (2023, 2024)), ("three", (2021, 2023, 2024)))
    }
    regions_2021 = metadata.load_year_regions(raw, 2021)
    every = metadata.load_year_regions(raw, None)
    territories = metadata.load_territories(raw / "territories.csv", metadata.load_regions(raw / "regions.csv"))
    indices_2021 = panels["three"]["year"].query("year == 2021").drop(columns="year")  # each year its own bounds
    return {
        "panels": panels,
        "every": every,
        "territories": territories,
        "regions_2021": regions_2021,
        "shapes_2021": maps.region_shapes(regions_2021),
        "indices_2021": indices_2021,
    }


def areas_2021(language):
    years = planted_years()
    shapes = years["shapes_2021"]
    return region_areas(language, years["regions_2021"], dict(zip(shapes["region_id"], shapes["geometry"])))


def over_time(n, language):
    years = planted_years()
    return figures.isdr_over_time(years["panels"][n], years["every"], language, territories=years["territories"])


def rank_change(n, language):
    years = planted_years()
    ranked = years["panels"][n]["panel"]
    first, last = int(ranked.year.min()), int(ranked.year.max())
    change = panel.rank_change(ranked, first, last, territories=years["territories"])
    return figures.slope_chart(
        change.rank_first,
        change.rank_last,
        years["every"],
        left_label=f"{first}",
        right_label=f"{last}",
        language=language,
        comparable=change.comparable,
    )


@functools.cache
def official_trends():
    """The trends notebook 10 draws, from the platform's files in data/external/opensdg/ (today's 20 regions)."""
    return official.read_trends(ROOT, REGIONS, INDICATORS, base_year=2015).series


def trend_figure(pillar, language):
    series = official_trends()
    return publish_trends.trend_panels(
        series, INDICATORS, REGIONS, pillar=pillar, short_names=SHORT_NAMES, base_year=2015, language=language
    )


def macro_areas(language):
    """{name: polygon}: the four macro-regions, each the union of its members' polygons, and the three cities."""
    groups = risk_figures.group_names(MACRO, language)
    members = REGIONS[REGIONS["macro_region"].isin(groups)].groupby("macro_region")["region_id"].apply(list)
    found = {groups[g].split(",")[0]: shapely.union_all([GEOMETRY[r] for r in ids]) for g, ids in members.items()}
    cities = risk_figures.short_region_names(REGIONS, language)
    found.update({cities[r]: GEOMETRY[r] for r in CITIES})
    return found


MAPS = {  # name: (drawing, the areas its labels name)
    **{
        f"index_map_{column}": (
            lambda language, c=column: maps.index_map(SHAPES, INDICES, REGIONS, column=c, language=language),
            region_areas,
        )
        for column in maps.INDEX_COLUMNS
    },
    **{
        f"typology_map_{column}": (
            lambda language, c=column: maps.typology_map(SHAPES, INDICES, REGIONS, column=c, language=language),
            region_areas,
        )
        for column in maps.INDEX_COLUMNS
    },
    "rank_map_isdr": (lambda language: maps.rank_map(SHAPES, INDICES, REGIONS, language=language), region_areas),
    "high_risk_maps": (
        lambda language: risk_figures.high_risk_maps(SHAPES, ROLLUP, REGIONS, language=language),
        region_areas,
    ),
    "macro_regions": (
        lambda language: risk_figures.macro_region_map(
            SHAPES, REGIONS, MACRO, macro_summary=MACRO_SUMMARY, language=language
        ),
        macro_areas,
    ),
    **{  # 2021's map of 17 units: East Kazakhstan with Abai, one territory
        f"{name}_2021": (
            lambda language, draw=draw: draw(
                planted_years()["shapes_2021"],
                planted_years()["indices_2021"],
                planted_years()["regions_2021"],
                language=language,
            ),
            areas_2021,
        )
        for name, draw in (
            ("index_map_isdr", functools.partial(maps.index_map, column="isdr")),
            ("typology_map_isdr", functools.partial(maps.typology_map, column="isdr")),
            ("rank_map_isdr", maps.rank_map),
        )
    },
}
PLOTS = {  # figures off a map: every text they draw, none over another
    **{name: DRAWINGS[name] for name in ("pillar_scatter", "isdr_ranking", "rank_shift", "isdr_over_time")},
    **{f"isdr_over_time_{n}": functools.partial(over_time, n) for n in ("two", "three")},
    **{f"rank_change_{n}": functools.partial(rank_change, n) for n in ("two", "three")},
    **{f"trends_{pillar}": functools.partial(trend_figure, pillar) for pillar in PILLARS},
}


def placed_labels(fig):
    """[(axes, label)] of every annotation drawn (the figures' placed labels are their only annotations)."""
    return [(ax, t) for ax in fig.axes for t in ax.texts if isinstance(t, matplotlib.text.Annotation)]


def drawn_texts(fig):
    """Every text a plot shows: its labels (annotations and texts in the axes), the panels' titles, the tick labels
    within the axes' limits (matplotlib draws no others), the axis labels, the legends' texts and the figure's
    labels."""
    texts = []
    for ax in (ax for ax in fig.axes if ax.get_visible()):
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            shown = [tick for tick in axis.get_major_ticks() if lo <= tick.get_loc() <= hi]
            texts += [label for tick in shown for label in (tick.label1, tick.label2)]
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
    texts += [t for legend in fig.legends for t in legend.get_texts()]
    texts += [t for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


# the labels each plot places, counted from the data: 20 regions, every one with its indices in 2023 and in the
# planted 2024 (Astana's B46 is blank, but the thesis method scores a missing value and ranks every region)
PLOT_LABELS = {
    "pillar_scatter": 3 * 20,  # a name per point in each of the three panels
    "isdr_ranking": 20,  # a value per bar
    "rank_shift": 2 * 20,  # a name and rank on each side
    "isdr_over_time": 2 * 20,  # a name per line end in each of the two panels
    "isdr_over_time_two": 2 * 20,
    "isdr_over_time_three": 2 * 20,  # 2024's 20 line ends; 2021's 17 units end earlier, unnamed
    "rank_change_two": 2 * 20,
    "rank_change_three": 2 * 20,  # 2021's 17 units are today's ids (Abai, Zhetisu, Ulytau without a 2021 rank)
    **{f"trends_{pillar}": 0 for pillar in PILLARS},  # no labels: panel titles, ticks and a legend
}


def text_box(label, renderer):
    return shapely.box(*Text.get_window_extent(label, renderer).extents)


def overlapping(boxes):
    return [
        (a, b) for i, (a, box) in enumerate(boxes) for b, other in boxes[i + 1 :] if box.intersection(other).area > 0
    ]


def owner(text, areas):
    """The area whose name the label starts with (the longest such name: «Алматы қ.» before «Алматы»)."""
    names = sorted((n for n in areas if text.startswith(n)), key=len, reverse=True)
    assert names, f"no region named by the label {text!r}"
    return names[0]


# make check draws these (the figures the issue found labels colliding on, a plot, and the panel's chart a worker
# found two pairs of end labels colliding on); the rest, a few seconds each, are marked slow and run in make test
CHECKED_FIRST = {
    ("index_map_isdr", "kk"),
    ("rank_map_isdr", "en"),
    ("high_risk_maps", "kk"),
    ("macro_regions", "kk"),
    ("pillar_scatter", "en"),
    ("isdr_over_time_three", "kk"),
}


def label_count(name, language):
    """How many labels figure `name` places: a map one per unit drawn (7 on the macro-regions' map)."""
    if name in PLOT_LABELS:
        return PLOT_LABELS[name]
    if name == "macro_regions":
        return 7
    units = len(planted_years()["shapes_2021"]) if name.endswith("_2021") else len(SHAPES)
    return 3 * units if name == "high_risk_maps" else units  # a map per pillar


@pytest.mark.parametrize(
    "name, language",
    [
        pytest.param(name, language, marks=() if (name, language) in CHECKED_FIRST else pytest.mark.slow)
        for name in [*MAPS, *PLOTS]
        for language in figures.LANGUAGES
    ],
)
def test_no_two_labels_overlap_and_none_sits_across_a_border(name, language):
    draw, areas_of = MAPS.get(name, (PLOTS.get(name), None))
    fig = draw(language)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    if areas_of is None:  # a plot: its labels are its texts in the axes; none of its texts over another
        assert sum(len(ax.texts) for ax in fig.axes) == label_count(name, language)
        texts = drawn_texts(fig)
        assert len(texts) > label_count(name, language)  # the titles, ticks and legends measured too
        boxes = [(t.get_text(), text_box(t, renderer)) for t in texts]
        matplotlib.pyplot.close(fig)
        assert overlapping(boxes) == []
        return
    labels = placed_labels(fig)
    assert len(labels) == label_count(name, language)
    boxes = [(label.get_text(), text_box(label, renderer)) for _, label in labels]
    assert overlapping(boxes) == []
    areas = areas_of(language)
    across, astray = [], []
    polygons = {id(g): g for g in areas.values()}  # each once: a region has several names
    for ax, label in labels:
        box = text_box(label, renderer)
        inside = {
            key: box.intersection(shapely.transform(g, ax.transData.transform)).area for key, g in polygons.items()
        }
        outside = box.area - sum(inside.values())
        if box.area - max(max(inside.values()), outside) > ACROSS * box.area:
            across.append(label.get_text())
        if inside[id(areas[owner(label.get_text(), areas)])] < 0.5 * box.area and label.arrow_patch is None:
            astray.append(label.get_text())
    matplotlib.pyplot.close(fig)
    assert across == [], f"labels across a border: {across}"
    assert astray == [], f"labels off their region without a leader line: {astray}"


def test_the_check_finds_a_label_across_a_border_and_two_that_overlap():
    """The measures above on planted labels: one centred on the border of two regions, two on one point."""
    fig = maps.index_map(SHAPES, INDICES, REGIONS, column="isdr", language="en")
    ax = fig.axes[0]
    akmola, karaganda = GEOMETRY["KZ-11"], GEOMETRY["KZ-35"]
    on_border = shapely.get_coordinates(shapely.point_on_surface(akmola.intersection(karaganda)))[0]
    planted = [ax.annotate(t, on_border, ha="center", va="center", fontsize=8) for t in ("Akmola", "Akmolaa")]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), text_box(t, renderer)) for t in planted]
    assert ("Akmola", "Akmolaa") in overlapping(boxes)
    box = boxes[0][1]
    screen = [shapely.transform(g, ax.transData.transform) for g in GEOMETRY.values()]
    pieces = sorted((box.intersection(g).area for g in screen), reverse=True)
    assert box.area - pieces[0] > ACROSS * box.area  # what the test above would name
    matplotlib.pyplot.close(fig)


def test_the_rank_map_labels_each_region_with_its_isdr_rank_and_colours_rank_1_brightest():
    fig = maps.rank_map(SHAPES, INDICES, REGIONS, language="en")
    fig.canvas.draw()
    names = region_names(REGIONS, "en")
    by_isdr = INDICES.dropna(subset=["isdr"]).sort_values("isdr", ascending=False)["region_id"]
    expected = {names[r]: rank for rank, r in enumerate(by_isdr, start=1)}  # ranked here from the ISDR values
    shown = dict(t.get_text().rsplit("\n", 1) for _, t in placed_labels(fig))
    assert {name: int(rank) for name, rank in shown.items()} == expected
    fills = fig.axes[0].collections[0].get_facecolors()[:, :3]  # the regions in the shapes' order
    lightness = dict(zip(SHAPES["region_id"], fills @ [0.2126, 0.7152, 0.0722]))
    assert [lightness[r] for r in by_isdr] == sorted(lightness.values(), reverse=True)
    matplotlib.pyplot.close(fig)


@pytest.mark.parametrize("language", figures.LANGUAGES)
def test_a_city_in_the_macro_region_table_shows_one_isdr_not_a_range_of_one(language):
    fig = risk_figures.macro_region_map(SHAPES, REGIONS, MACRO, macro_summary=MACRO_SUMMARY, language=language)
    table = fig.axes[1].tables[0]
    rows = {}
    for (r, c), cell in table.get_celld().items():
        rows.setdefault(r, {})[c] = cell.get_text().get_text()
    point = "," if language == "kk" else "."
    by_name = {row[0]: row for r, row in rows.items() if r > 0}
    names = risk_figures.short_region_names(REGIONS, language)
    for city in sorted(CITIES):
        isdr = INDICES.set_index("region_id").at[city, "isdr"]
        assert by_name[names[city]][6] == f"{isdr:.2f}".replace(".", point)
    groups = [row for name, row in by_name.items() if name not in {names[c] for c in CITIES}]
    assert len(groups) == 4 and all("–" in row[6] for row in groups)
    matplotlib.pyplot.close(fig)


@settings(max_examples=25)
@given(st.lists(st.floats(0, 10, allow_nan=False), min_size=1, max_size=20))
def test_end_labels_never_overlap_keep_their_points_order_and_hang_on_a_line_where_moved(ys):
    """Names at the ends of lines, their points anywhere from crowded on one height to spread: the names do not
    overlap, read top to bottom in their points' order (ties: as given), stay inside the axes, and a name off its
    point's height (by more than 1.5 pixels) hangs on a leader line; a name alone is at its point's height."""
    fig = matplotlib.pyplot.figure(figsize=(3.0, 3.5))  # room for 20 names in a column
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.plot([0] * len(ys), ys, "o")
    ax.set_xlim(-1, 0.2)
    ax.set_ylim(-0.5, 10.5)
    texts = [f"Region {i}" for i in range(len(ys))]
    labels = figures.end_labels(ax, [0] * len(ys), ys, texts=texts, fontsize=figures.FONT)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [Text.get_window_extent(label, renderer) for label in labels]
    frame = ax.get_window_extent(renderer)
    points = ax.transData.transform([(0, y) for y in ys])[:, 1]
    matplotlib.pyplot.close(fig)
    assert [t.get_text() for t in labels] == texts
    assert overlapping([(t, shapely.box(*b.extents)) for t, b in zip(texts, boxes)]) == []
    centres = [(b.y0 + b.y1) / 2 for b in boxes]
    by_point = sorted(range(len(ys)), key=lambda i: (points[i], -i))  # bottom up; on one height, as given from the top
    assert [centres[i] for i in by_point] == sorted(centres)
    assert all(frame.y0 - 0.5 <= b.y0 and b.y1 <= frame.y1 + 0.5 and b.x1 <= frame.x1 + 0.5 for b in boxes)
    moved = [abs(c - p) for c, p in zip(centres, points)]
    assert all(label.arrow_patch is not None for label, m in zip(labels, moved) if m > figures.MOVED + 0.5)
    assert all(label.arrow_patch is None for label, m in zip(labels, moved) if m < figures.MOVED - 0.5)
    if len(ys) == 1:
        assert labels[0].arrow_patch is None and abs(centres[0] - points[0]) < 1
