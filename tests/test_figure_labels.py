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
"""

import matplotlib
import pytest
import shapely
from matplotlib.text import Text
from test_figures import INDICES, MACRO, MACRO_SUMMARY, PANEL, REGIONS, ROLLUP, SHAPES

from sdi.inputs.metadata import region_names
from sdi.publish import figures, maps, risk_figures

matplotlib.use("Agg")
ACROSS = 0.04
GEOMETRY = dict(zip(SHAPES["region_id"], SHAPES["geometry"]))
CITIES = set(REGIONS.loc[REGIONS["kind"] == "city", "region_id"])


def region_areas(language):
    """{name as a label starts: polygon} of the 20 regions, by their full, short and abbreviated names."""
    found = {}
    for names in (region_names(REGIONS, language), risk_figures.short_region_names(REGIONS, language)):
        found.update({name: GEOMETRY[r] for r, name in names.items() if r in GEOMETRY})
    return found


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
}
PLOTS = {  # figures that place labels off a map: only the overlap applies
    "pillar_scatter": lambda language: figures.pillar_scatter(INDICES, REGIONS, language),
    "isdr_over_time": lambda language: figures.isdr_over_time(PANEL, REGIONS, language),
}


def placed_labels(fig):
    """[(axes, label)] of every annotation drawn (the figures' placed labels are their only annotations)."""
    return [(ax, t) for ax in fig.axes for t in ax.texts if isinstance(t, matplotlib.text.Annotation)]


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


# make check draws these (the figures the issue found labels colliding on, and a plot); the rest, a few seconds
# each, are marked slow and run in make test
CHECKED_FIRST = {
    ("index_map_isdr", "kk"),
    ("rank_map_isdr", "en"),
    ("high_risk_maps", "kk"),
    ("macro_regions", "kk"),
    ("pillar_scatter", "en"),
}


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
    labels = placed_labels(fig)
    assert len(labels) >= 20 if name != "macro_regions" else len(labels) == 7
    boxes = [(label.get_text(), text_box(label, renderer)) for _, label in labels]
    assert overlapping(boxes) == []
    if areas_of is None:
        matplotlib.pyplot.close(fig)
        return
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
