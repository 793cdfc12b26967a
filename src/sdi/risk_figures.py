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

from . import PILLARS
from .figures import place_labels
from .labels import PILLAR_LABELS, region_names
from .maps import _draw
from .risk import UNCLASSIFIED
from .risk_publish import RISK_COLOURS, RISK_LABELS, RISK_LETTERS, RULE_MARK

WIDTH = 16 / 2.54  # inches: the printed text width, so that font sizes are the printed sizes
FONT = 8
DARK = {"high"}  # levels whose colour needs white text
MACRO_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7")  # Okabe-Ito orange, sky blue, bluish green, reddish purple
CITY_COLOUR = "#ffffff"


def short_names(regions):
    """{region_id: 'Abai', 'West Kaz.', ...}: names short enough for a 16 cm figure."""
    return {r: name.replace(" Kazakhstan", " Kaz.") for r, name in region_names(regions, "en").items()}


def _short(text, n):
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def risk_dashboard(risk, indicators, regions, title):
    """Indicators (rows, by pillar) x regions (columns), each cell coloured by its level and lettered."""
    ids = [r for r in regions["region_id"] if r in set(risk["region_id"])]
    codes = [c for c in indicators["code"] if c in set(risk["indicator"])]
    level = risk.pivot(index="indicator", columns="region_id", values="risk").loc[codes, ids]
    ruled = risk.assign(r=risk["note"].str.endswith("by the rule for gaps and overlaps")).pivot(
        index="indicator", columns="region_id", values="r").loc[codes, ids]
    names = short_names(regions)
    ind = indicators.set_index("code")
    row_h = 0.14  # inches: 10 pt, room for an 8 pt letter
    fig = plt.figure(figsize=(WIDTH, row_h * len(codes) + 2.15))
    ax = fig.add_axes([0.37, 0.95 / fig.get_figheight(), 0.54, row_h * len(codes) / fig.get_figheight()])
    for i, code in enumerate(codes):
        for j, region_id in enumerate(ids):
            lv = level.at[code, region_id]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=RISK_COLOURS[lv], edgecolor="white", lw=0.6,
                                   hatch="////" if lv == UNCLASSIFIED else None))
            text = RISK_LETTERS[lv] + (RULE_MARK if ruled.at[code, region_id] else "")
            ax.text(j + 0.5, i + 0.55, text, ha="center", va="center", fontsize=FONT, color="white" if lv in DARK else "black")
    ax.set_xlim(0, len(ids))
    ax.set_ylim(len(codes), 0)
    ax.set_xticks(np.arange(len(ids)) + 0.5, [names[r] for r in ids], rotation=90, fontsize=FONT)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(codes)) + 0.5,
                  [f"{c} {_short(ind.at[c, 'name_en'], 32)}" for c in codes], fontsize=FONT)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    start = 0
    for pillar in PILLARS:
        n = int((ind.loc[codes, "pillar"] == pillar).sum())
        if start:
            ax.axhline(start, color="black", lw=1.5)
        ax.text(len(ids) + 0.3, start + n / 2, "\n".join(PILLAR_LABELS[pillar]).replace(" sustainability", "")
                .replace(" тұрақтылық", ""), rotation=270, ha="left", va="center", fontsize=FONT)
        start += n
    handles = [Patch(facecolor=RISK_COLOURS[lv], edgecolor="grey", hatch="////" if lv == UNCLASSIFIED else None,
                     label=f"{RISK_LETTERS[lv]} {RISK_LABELS[lv][0]} / {RISK_LABELS[lv][1]}") for lv in RISK_COLOURS]
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=FONT, frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.text(0.5, 0.6 / fig.get_figheight(), f"{RULE_MARK} in a gap or an overlap of the bands: medium by the rule / "
             "шекаралар арасында: ереже бойынша орташа", ha="center", fontsize=FONT)
    fig.suptitle(title, fontsize=FONT + 2, y=1 - 0.05 / fig.get_figheight(), va="top")
    return fig


def _frame(ax):
    ax.set_axis_off()
    ax.set_aspect("equal")


def _inner_points(geometries):
    """(x, y) arrays of a point inside each geometry (for its label)."""
    import shapely

    inner = shapely.get_coordinates(shapely.point_on_surface(np.array(list(geometries))))
    return inner[:, 0], inner[:, 1]


def _fill_regions(ax, geometries, colours, **style):
    _draw(ax, geometries, facecolor=colours, **style)
    ax.autoscale_view()


def _label_regions(ax, data, regions, texts, fontsize=FONT):
    """A label per region at an inner point (cities, too small to see, get a marker)."""
    kind = dict(zip(regions["region_id"], regions["kind"]))
    x, y = _inner_points(data["geometry"])
    cities = np.array([kind[r] == "city" for r in data["region_id"]])
    ax.scatter(x[cities], y[cities], s=18, c="black", zorder=4)
    order = sorted(range(len(data)), key=lambda i: cities[i])
    place_labels(ax, [x[i] for i in order], [y[i] for i in order],
                 [texts[data["region_id"].iloc[i]] for i in order], fontsize=fontsize, centred_first=True,
                 keep_clear=list(zip(x[cities], y[cities])))


def high_risk_maps(shapes, rollup, regions, title):
    """One map per pillar: the number of the pillar's indicators at high risk in each region."""
    data = shapes.merge(rollup.pivot(index="region_id", columns="pillar", values="n_high").reset_index(), on="region_id")
    totals = rollup.groupby("pillar")["n"].max()
    fig, axes = plt.subplots(3, 1, figsize=(WIDTH, 9.2))
    cmap = ListedColormap(plt.get_cmap("YlOrRd")(np.linspace(0.0, 0.75, 256)))  # the darkest reds would hide the numbers
    names = short_names(regions)
    for ax, pillar in zip(axes, PILLARS):
        n = int(totals[pillar])
        bins = np.arange(-0.5, n + 1.5, 1)
        norm = BoundaryNorm(bins, cmap.N)
        _fill_regions(ax, data["geometry"], [cmap(norm(v)) for v in data[pillar]], edgecolor="grey", linewidth=0.5)
        bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.03, pad=0.01,
                           ticks=range(0, n + 1, 2 if n > 12 else 1))
        bar.ax.tick_params(labelsize=FONT)
        bar.set_label(f"of {n} indicators / {n} көрсеткіштің", fontsize=FONT)
        en, kk = PILLAR_LABELS[pillar]
        ax.set_title(f"{en}: indicators at high risk / {kk}: жоғары тәуекел", fontsize=FONT + 1)
        _frame(ax)
    fig.suptitle(title, fontsize=FONT + 2)
    fig.tight_layout()
    fig.canvas.draw()
    for ax, pillar in zip(axes, PILLARS):
        counts = dict(zip(data["region_id"], data[pillar]))
        _label_regions(ax, data, regions, {r: f"{names[r]} {int(counts[r])}" for r in data["region_id"]})
    return fig


def macro_region_map(shapes, regions, macro, macro_summary, title):
    """The four macro-regions, each named on the map with its members' mean ISDR, the cities with their
    own; below the map, each group's mean pillar indices, ISDR range and share of high-risk values."""
    group_of = dict(zip(regions["region_id"], regions["macro_region"]))
    data = shapes.assign(group=shapes["region_id"].map(group_of))
    colours = dict(zip(macro["macro_region"], MACRO_COLOURS))
    fig, (ax, tab) = plt.subplots(2, 1, figsize=(WIDTH, 6.6), gridspec_kw={"height_ratios": [3, 1.25]})
    import shapely

    in_group = data[data["group"].isin(colours)]
    _fill_regions(ax, in_group["geometry"], list(in_group["group"].map(colours)), edgecolor="white", linewidth=0.5)
    merged = {group: shapely.union_all(np.array(list(g["geometry"]))) for group, g in in_group.groupby("group", sort=True)}
    _draw(ax, merged.values(), facecolor="none", edgecolor="black", linewidth=0.9)
    _frame(ax)
    summary = macro_summary.set_index("group")
    english = dict(zip(macro["macro_region"], macro["name_en"]))
    fig.tight_layout()
    fig.canvas.draw()
    gx, gy = _inner_points(merged.values())
    xs, ys = list(gx), list(gy)
    texts = [f"{english[group]}\nISDR {summary.at[group, 'isdr_mean']:.2f}" for group in merged]
    cities = data[~data["group"].isin(colours)]
    cx, cy = _inner_points(cities["geometry"])
    ax.scatter(cx, cy, s=30, c=CITY_COLOUR, edgecolor="black", linewidth=0.9, zorder=4)
    names = dict(zip(regions["region_id"], regions["name_kk"]))
    for region_id, x, y in zip(cities["region_id"], cx, cy):
        s = summary.loc[names[region_id]]
        xs.append(x), ys.append(y)
        texts.append(f"{s.group_en} {s.isdr_mean:.2f}")
    place_labels(ax, xs, ys, texts, fontsize=FONT, centred_first=True, keep_clear=list(zip(cx, cy)))
    rows = []
    for group in summary.index:
        s = summary.loc[group]
        rows.append([s.group_en, f"{s.n_regions}", *(f"{s[f'{c}_mean']:.2f}" for c in (*PILLARS, "isdr")),
                     f"{s.isdr_min:.2f}–{s.isdr_max:.2f}", f"{100 * s.share_high:.0f} %"])
    header = ["", "regions", "social", "economic", "ecological", "ISDR", "ISDR range", "high risk"]
    table = tab.table(cellText=rows, colLabels=header, loc="center", cellLoc="center",
                      colWidths=[0.24, 0.09, 0.08, 0.11, 0.11, 0.08, 0.14, 0.1])
    table.auto_set_font_size(False)
    table.set_fontsize(FONT)
    table.scale(1, 1.1)
    for (r, c), cell in table.get_celld().items():
        cell.set_linewidth(0.4)
        if r > 0 and c == 0 and r <= len(colours):
            cell.set_facecolor(list(colours.values())[r - 1])
    tab.set_axis_off()
    tab.set_title("Members' mean indices (thesis method), ISDR range, share of indicator values at high risk;\n"
                  "cities (white dots) belong to no macro-region / мүшелерінің орташа индекстері; қалалар бөлек",
                  fontsize=FONT)
    fig.suptitle(title, fontsize=FONT + 2)
    return fig
