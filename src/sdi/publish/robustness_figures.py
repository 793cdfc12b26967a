"""Figures of the robustness audit (notebook 07), drawn at print size: 16 cm wide, no text under 8 pt.

Each function draws one figure in one `language` ("en" or "kk") and returns it; `figures.save_figures`
draws and writes it in each language, as PNG and SVG. Like every figure of the package it has no title:
its caption (`figures.caption`) goes under it in the thesis.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm
from matplotlib.lines import Line2D

from sdi import PILLARS
from sdi.inputs.metadata import region_names
from sdi.publish.catalogue import section
from sdi.publish.figures import FULL_WIDTH, HEADING, decimal_commas, number, on_the_page
from sdi.publish.labels import ASSUMPTION_LABELS, PILLAR_LABELS, pick

WIDTH = FULL_WIDTH  # the printed width, so font sizes are the printed ones
WORDS = section("robustness_figure.word")  # (English, Kazakh)


def _word(name, language, **values):
    return pick(WORDS[name], language).format(**values)


@on_the_page
def rank_uncertainty(table, regions, language):
    """The JRC's chart: regions in nominal order, the median rank over the runs as a dot, the 5-95 %
    range of ranks as a bar, the nominal rank as a red cross."""
    names = region_names(regions, language)
    data = table.dropna(subset=["nominal_rank"])
    n = len(table)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.21 * len(data) + 1.4))
    y = np.arange(len(data))
    ax.hlines(y, data["q05_rank"].astype(float), data["q95_rank"].astype(float), color="#9ecae1", lw=5, zorder=1)
    ax.plot(data["median_rank"].astype(float), y, "o", color="#08519c", ms=5, zorder=2)
    ax.plot(data["nominal_rank"].astype(float), y, "x", color="#cb181d", ms=6, mew=1.6, zorder=3)
    ax.set_yticks(y, [names[r] for r in data["region_id"]])
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(0.5, n + 0.5)
    ax.set_xticks(range(1, n + 1))
    ax.grid(axis="x", color="#e0e0e0", lw=0.6, zorder=0)
    ax.set_xlabel(_word("rank_axis", language))
    handles = [
        Line2D([], [], color="#9ecae1", lw=5, label=_word("runs_range", language)),
        Line2D([], [], marker="o", ls="", color="#08519c", label=_word("median", language)),
        Line2D([], [], marker="x", ls="", color="#cb181d", mew=1.6, label=_word("nominal", language)),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


@on_the_page
def sobol_indices(table, confidence, language):
    """First-order and total Sobol' index of each assumption, with their confidence intervals."""
    fig, ax = plt.subplots(figsize=(WIDTH, 0.45 * len(table) + 1.3))
    y = np.arange(len(table))
    for column, offset, colour in (("first_order", -0.13, "#08519c"), ("total_order", 0.13, "#fd8d3c")):
        value = table[column].to_numpy()
        error = np.abs(np.vstack([value - table[f"{column}_low"], table[f"{column}_high"] - value]))
        ax.barh(y + offset, value, height=0.24, color=colour, label=_word(column, language), zorder=2)
        ax.errorbar(value, y + offset, xerr=error, fmt="none", ecolor="black", elinewidth=0.8, capsize=2, zorder=3)
    ax.set_yticks(
        y, [pick(ASSUMPTION_LABELS[a], language) if a in ASSUMPTION_LABELS else a for a in table["assumption"]]
    )
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.grid(axis="x", color="#e0e0e0", lw=0.6, zorder=0)
    decimal_commas(ax, language, "x")  # the y axis names the assumptions
    ax.set_xlabel(_word("sobol_axis", language, confidence=f"{100 * confidence:.0f} %"))
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig


@on_the_page
def leave_one_out(table, regions, language):
    """Places each region moves when one indicator is left out: indicators as rows (by pillar),
    regions as columns (in nominal order); blue up, red down."""
    names = region_names(regions, language)
    codes = list(dict.fromkeys(table["indicator"]))
    ids = list(table.drop_duplicates("region_id").sort_values(["nominal_rank"], kind="stable")["region_id"])
    grid = table.pivot(index="indicator", columns="region_id", values="moved_up_by").loc[codes, ids].astype(float)
    limit = int(max(1, np.nanmax(np.abs(grid.to_numpy()))))
    steps = np.arange(-limit, limit + 1)  # whole places: one colour each, white for 0
    norm = BoundaryNorm(np.append(steps - 0.5, limit + 0.5), plt.get_cmap("RdBu").N)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.125 * len(codes) + 2.2))
    image = ax.imshow(grid.to_numpy(), cmap="RdBu", norm=norm, aspect="auto", interpolation="none")
    ax.set_xticks(
        range(len(ids)),
        [f"{names[r]} ({int(table.loc[table.region_id == r, 'nominal_rank'].iloc[0])})" for r in ids],
        rotation=90,
    )
    ax.set_yticks(range(len(codes)), codes)
    pillar_of = dict(zip(table["indicator"], table["pillar"]))
    for i in range(1, len(codes)):
        if pillar_of[codes[i]] != pillar_of[codes[i - 1]]:
            ax.axhline(i - 0.5, color="black", lw=1.2)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, ticks=steps)
    bar.ax.set_yticklabels([f"{v:+d}" if v else "0" for v in steps])
    bar.set_label(_word("moved", language))
    ax.set_xlabel(_word("region_rank", language))
    ax.set_ylabel(_word("left_out", language))
    fig.tight_layout()
    return fig


@on_the_page
def correlations(table, weak, language):
    """Each included indicator's Pearson correlation with its pillar index (dot) and with ISDR (ring),
    one panel per pillar; shaded: negative (red) and weak (grey)."""
    included = table[table["included"]]
    counts = [int((included["pillar"] == p).sum()) for p in PILLARS]
    fig, axes = plt.subplots(1, 3, figsize=(WIDTH, 0.16 * max(counts) + 1.6), sharex=True)
    for ax, pillar in zip(axes, PILLARS):
        rows = included[included["pillar"] == pillar]
        y = np.arange(len(rows))
        ax.axvspan(-1, 0, color="#fcbba1", alpha=0.5, lw=0)
        ax.axvspan(0, weak, color="#d9d9d9", alpha=0.6, lw=0)
        ax.plot(rows["pearson_pillar"], y, "o", color="#08519c", ms=4)
        ax.plot(rows["pearson_isdr"], y, "o", mfc="none", color="#cb181d", ms=4)
        ax.set_yticks(y, rows["indicator"])
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(-1, 1)
        ticks = [-1, -0.5, 0, weak, 1]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        decimal_commas(ax, language, "x")
        ax.set_title(pick(PILLAR_LABELS[pillar], language).split()[0], fontsize=HEADING)
    axes[1].set_xlabel(_word("correlation_axis", language))
    weak_text = number(weak, len(f"{weak:g}".partition(".")[2]), language)
    handles = [
        Line2D([], [], marker="o", ls="", color="#08519c", label=_word("with_pillar", language)),
        Line2D([], [], marker="o", ls="", mfc="none", color="#cb181d", label=_word("with_isdr", language)),
        Line2D([], [], color="#fcbba1", lw=6, label=_word("negative", language)),
        Line2D([], [], color="#d9d9d9", lw=6, label=_word("weak", language, weak=weak_text)),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=4, frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
