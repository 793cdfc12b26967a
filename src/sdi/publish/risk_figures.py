"""Figures of the risk maps, drawn for a 16 cm text width (fonts of 8 pt and more at that size).

- `risk_dashboard`: the traffic light of every indicator (rows, grouped by pillar) and region
  (columns), the level also written in each cell (H, M, L; ? unclassified, hatched; † decided by the
  rule for gaps and overlaps), in colours that differ in lightness as well as hue.
- `high_risk_maps`: per pillar, a map of the number of high-risk indicators, the number written on
  every region.
- `macro_region_map`: the four macro-regions (the Okabe-Ito colour-blind-safe palette, names written
  on the map) with their members' mean indices, and the cities on their own.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch, Rectangle

from sdi import PILLARS
from sdi.inputs.metadata import region_names
from sdi.publish.catalogue import section
from sdi.publish.figures import LABEL_BOX, Areas, number, place_labels
from sdi.publish.labels import PILLAR_LABELS, pick
from sdi.publish.maps import _draw, inner_points
from sdi.publish.risk_tables import LEVEL_MARKS, PILLAR_WORDS, RISK_COLOURS, RISK_LABELS, RULE_MARK
from sdi.risk.classification import UNCLASSIFIED

WIDTH = 16 / 2.54  # inches: the printed text width, so that font sizes are the printed sizes
FONT = 8
DARK = {"high"}  # levels whose colour needs white text
MACRO_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7")  # Okabe-Ito orange, sky blue, bluish green, reddish purple
CITY_COLOUR = "#ffffff"
WORDS = section("risk_figure.word")
COLUMN_WIDTHS = (  # the macro-region table's columns, (English, Kazakh)
    [0.24, 0.09, 0.08, 0.11, 0.11, 0.08, 0.14, 0.1],
    [0.29, 0.07, 0.095, 0.1, 0.1, 0.065, 0.14, 0.095],
)


def group_names(macro, language):
    """{macro-region: its name on the map}: 'West', ...; in Kazakh without the word «макроаймақ», which the
    caption says once: «Батыс», «Оңтүстік, оңтүстік-шығыс»."""
    if language == "en":
        return dict(zip(macro["macro_region"], macro["name_en"]))
    short = {g: g.replace(" макроаймақ", "") for g in macro["macro_region"]}
    return {g: name[:1].upper() + name[1:] for g, name in short.items()}


def short_region_names(regions, language):
    """{region_id: 'Abai', 'West Kaz.', ...; «Абай», «Батыс Қаз.»}: names short enough for a 16 cm figure (the
    three maps of `high_risk_maps` have room for no longer name in a region)."""
    names = region_names(regions, language)
    whole = " Kazakhstan" if language == "en" else " Қазақстан"
    return {r: name.replace(whole, " Kaz." if language == "en" else " Қаз.") for r, name in names.items()}


def risk_dashboard(risk, indicators, regions, *, short_names, language):
    """Indicators (rows, by pillar) x regions (columns), each cell coloured by its level and lettered; each row
    named by its code and short name (`short_names`: {language: {code: name}}, `Run.indicator_short_names`).
    `risk`: `classification.classify`'s table, whose `decided_by_rule` marks the cells the rule decided."""
    ids = [r for r in regions["region_id"] if r in set(risk["region_id"])]
    codes = [c for c in indicators["code"] if c in set(risk["indicator"])]
    level = risk.pivot(index="indicator", columns="region_id", values="risk").loc[codes, ids]
    ruled = risk.pivot(index="indicator", columns="region_id", values="decided_by_rule").loc[codes, ids]
    names = short_region_names(regions, language)
    ind = indicators.set_index("code")
    letters = LEVEL_MARKS[language]
    row_h = 0.14  # inches: 10 pt, room for an 8 pt letter
    fig = plt.figure(figsize=(WIDTH, row_h * len(codes) + 2.15))
    ax = fig.add_axes([0.37, 0.95 / fig.get_figheight(), 0.54, row_h * len(codes) / fig.get_figheight()])
    order = list(RISK_COLOURS)
    # one image of the cells' colours (a patch per cell costs a second per figure), white grid lines on top
    ax.imshow(
        level.map(order.index).to_numpy(),
        cmap=ListedColormap([RISK_COLOURS[lv] for lv in order]),
        vmin=-0.5,
        vmax=len(order) - 0.5,
        extent=(0, len(ids), len(codes), 0),
        aspect="auto",
        interpolation="none",
    )
    ax.vlines(range(1, len(ids)), 0, len(codes), color="white", lw=0.6)
    ax.hlines(range(1, len(codes)), 0, len(ids), color="white", lw=0.6)
    for i, code in enumerate(codes):
        for j, region_id in enumerate(ids):
            lv = level.at[code, region_id]
            if lv == UNCLASSIFIED:
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor="none", edgecolor="grey", lw=0, hatch="////"))
            text = letters[lv] + (RULE_MARK if ruled.at[code, region_id] else "")
            ax.text(
                j + 0.5,
                i + 0.55,
                text,
                ha="center",
                va="center",
                fontsize=FONT,
                color="white" if lv in DARK else "black",
            ).set_in_layout(False)  # inside its cell: the figure's trimmed box need not measure a thousand letters
    ax.set_xlim(0, len(ids))
    ax.set_ylim(len(codes), 0)
    ax.set_xticks(np.arange(len(ids)) + 0.5, [names[r] for r in ids], rotation=90, fontsize=FONT)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(codes)) + 0.5, [f"{c} {short_names[language][c]}" for c in codes], fontsize=FONT)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    start = 0
    for pillar in PILLARS:
        n = int((ind.loc[codes, "pillar"] == pillar).sum())
        if start:
            ax.axhline(start, color="black", lw=1.5)
        ax.text(
            len(ids) + 0.3,
            start + n / 2,
            pick(PILLAR_WORDS[pillar], language).capitalize(),
            rotation=270,
            ha="left",
            va="center",
            fontsize=FONT,
        )
        start += n
    handles = [
        Patch(
            facecolor=RISK_COLOURS[lv],
            edgecolor="grey",
            hatch="////" if lv == UNCLASSIFIED else None,
            label=f"{letters[lv]} {pick(RISK_LABELS[lv], language)}",
        )
        for lv in RISK_COLOURS
    ]
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=FONT, frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.text(
        0.5, 0.6 / fig.get_figheight(), pick(WORDS["rule"], language).format(mark=RULE_MARK), ha="center", fontsize=FONT
    )
    return fig


def _frame(ax):
    ax.set_axis_off()
    ax.set_aspect("equal")


def _inner_points(geometries):
    """(x, y) arrays of a point inside each geometry (for its label), the farthest from its border."""
    inner = inner_points(geometries)
    return inner[:, 0], inner[:, 1]


def _fill_regions(ax, geometries, colours, **style):
    _draw(ax, geometries, facecolor=colours, **style)
    ax.autoscale_view()


def _label_regions(ax, data, regions, *, texts, fontsize=FONT):
    """A label per region at an inner point (cities, too small to see, get a marker)."""
    kind = dict(zip(regions["region_id"], regions["kind"]))
    x, y = _inner_points(data["geometry"])
    cities = np.array([kind[r] == "city" for r in data["region_id"]])
    ax.scatter(x[cities], y[cities], s=18, c="black", zorder=4)
    order = sorted(range(len(data)), key=lambda i: cities[i])
    place_labels(
        ax,
        [x[i] for i in order],
        [y[i] for i in order],
        texts=[texts[data["region_id"].iloc[i]] for i in order],
        fontsize=fontsize,
        centred_first=True,
        keep_clear=list(zip(x[cities], y[cities])),
        areas=Areas(list(data["geometry"]), own=order),
        bbox=LABEL_BOX,
    )


def high_risk_maps(shapes, rollup, regions, *, language):
    """One map per pillar: the number of the pillar's indicators at high risk in each region."""
    data = shapes.merge(
        rollup.pivot(index="region_id", columns="pillar", values="n_high").reset_index(), on="region_id"
    )
    totals = rollup.groupby("pillar")["n"].max()
    fig, axes = plt.subplots(3, 1, figsize=(WIDTH, 9.2))
    cmap = ListedColormap(
        plt.get_cmap("YlOrRd")(np.linspace(0.0, 0.75, 256))
    )  # the darkest reds would hide the numbers
    names = short_region_names(regions, language)
    for ax, pillar in zip(axes, PILLARS):
        n = int(totals[pillar])
        bins = np.arange(-0.5, n + 1.5, 1)
        norm = BoundaryNorm(bins, cmap.N)
        ax.margins(x=0.1, y=0.1)  # room off the map for the labels of regions too small to hold them
        _fill_regions(ax, data["geometry"], [cmap(norm(v)) for v in data[pillar]], edgecolor="grey", linewidth=0.5)
        bar = fig.colorbar(
            plt.cm.ScalarMappable(norm=norm, cmap=cmap),
            ax=ax,
            fraction=0.03,
            pad=0.01,
            ticks=range(0, n + 1, 2 if n > 12 else 1),
        )
        bar.ax.tick_params(labelsize=FONT)
        bar.set_label(pick(WORDS["of_n"], language).format(n=n), fontsize=FONT)
        ax.set_title(
            pick(WORDS["at_high_risk"], language).format(pillar=pick(PILLAR_LABELS[pillar], language)),
            fontsize=FONT + 1,
        )
        _frame(ax)
    fig.tight_layout()
    fig.draw_without_rendering()
    for ax, pillar in zip(axes, PILLARS):
        counts = dict(zip(data["region_id"], data[pillar]))
        _label_regions(ax, data, regions, texts={r: f"{names[r]}\n{int(counts[r])}" for r in data["region_id"]})
    return fig


def value_range(low, high, language, *, decimals=2):
    """'13.23–16.10'; one number where the two print alike (a city, a group of one: '14.68', not '14.68–14.68')."""
    low, high = number(low, decimals, language), number(high, decimals, language)
    return low if low == high else f"{low}–{high}"


def macro_region_map(shapes, regions, macro, *, macro_summary, language):
    """The four macro-regions, each named on the map with its members' mean ISDR, the cities with their
    own; below the map, each group's mean pillar indices, ISDR range and share of high-risk values."""
    group_of = dict(zip(regions["region_id"], regions["macro_region"]))
    data = shapes.assign(group=shapes["region_id"].map(group_of))
    colours = dict(zip(macro["macro_region"], MACRO_COLOURS))
    fig, (ax, tab) = plt.subplots(2, 1, figsize=(WIDTH, 6.6), gridspec_kw={"height_ratios": [3, 1.25]})
    import shapely

    in_group = data[data["group"].isin(colours)]
    _fill_regions(ax, in_group["geometry"], list(in_group["group"].map(colours)), edgecolor="white", linewidth=0.5)
    merged = {
        group: shapely.union_all(np.array(list(g["geometry"]))) for group, g in in_group.groupby("group", sort=True)
    }
    _draw(ax, merged.values(), facecolor="none", edgecolor="black", linewidth=0.9)
    ax.margins(x=0.06, y=0.1)  # room off the map for a label its group or city cannot hold
    ax.autoscale_view()
    _frame(ax)
    summary = macro_summary.set_index("group")
    shown = group_names(macro, language)
    fig.tight_layout()
    fig.draw_without_rendering()
    gx, gy = _inner_points(merged.values())
    xs, ys = list(gx), list(gy)
    # a name of two parts on two lines («Оңтүстік,\nоңтүстік-шығыс»): a narrower label has room inside its group
    texts = [
        f"{shown[group].replace(', ', ',' + chr(10))}\nISDR {number(summary.at[group, 'isdr_mean'], 2, language)}"
        for group in merged
    ]
    cities = data[~data["group"].isin(colours)]
    cx, cy = _inner_points(cities["geometry"])
    ax.scatter(cx, cy, s=30, c=CITY_COLOUR, edgecolor="black", linewidth=0.9, zorder=4)
    full_names = dict(zip(regions["region_id"], regions["name_kk"]))  # a city's group is its Kazakh name
    names = short_region_names(regions, language)
    for region_id, x, y in zip(cities["region_id"], cx, cy):
        xs.append(x), ys.append(y)
        texts.append(f"{names[region_id]} {number(summary.at[full_names[region_id], 'isdr_mean'], 2, language)}")
    areas = Areas([*merged.values(), *cities["geometry"]], own=list(range(len(xs))))
    place_labels(
        ax,
        xs,
        ys,
        texts=texts,
        fontsize=FONT,
        centred_first=True,
        keep_clear=list(zip(cx, cy)),
        areas=areas,
        bbox=LABEL_BOX,
    )
    rows = []
    city_names = {full_names[r]: names[r] for r in full_names}  # a city's group is its Kazakh name
    for group in summary.index:
        s = summary.loc[group]
        means = [number(s[f"{c}_mean"], 2, language) for c in (*PILLARS, "isdr")]
        rows.append(
            [
                shown.get(group) or city_names[group],
                f"{s.n_regions}",
                *means,
                value_range(s.isdr_min, s.isdr_max, language),
                f"{number(100 * s.share_high, 0, language)} %",
            ]
        )
    header = pick(WORDS["columns"], language)
    table = tab.table(
        cellText=rows, colLabels=header, cellLoc="center", colWidths=pick(COLUMN_WIDTHS, language), bbox=(0, 0, 1, 1)
    )  # the table fills the panel: the whole text width
    table.auto_set_font_size(False)
    table.set_fontsize(FONT)
    for (r, c), cell in table.get_celld().items():
        cell.set_linewidth(0.4)
        if r == 0 and any("\n" in h for h in header):  # a header of two lines: a row of twice the height
            cell.set_height(2 * cell.get_height())
        if r > 0 and c == 0 and r <= len(colours):
            cell.set_facecolor(list(colours.values())[r - 1])
    tab.set_axis_off()
    tab.set_title(pick(WORDS["table_title"], language).replace("; ", ";\n", 1), fontsize=FONT)
    return fig
