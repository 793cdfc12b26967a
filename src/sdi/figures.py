"""Figures of the index: what a reader would rather look at than a table.

Each function returns a matplotlib Figure; `save_figure` writes it as PNG and SVG, atomically and
reproducibly (no dates or random ids in the files).
"""

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from . import PILLARS
from .io import atomic_path
from .labels import LEVEL_COLOURS, LEVEL_LABELS, NO_INDEX_COLOUR, NO_INDEX_LABEL, PILLAR_LABELS, region_labels, region_names
from .normalisation import scores_wide
from .typology import LEVELS, THRESHOLDS

SCORE_LABEL = "Score: 1 worst - 9 best  /  Балл: 1 ең нашар - 9 ең жақсы"
mpl.rcParams["svg.hashsalt"] = "sdi"
mpl.rcParams["svg.fonttype"] = "none"  # text stays text in SVG: searchable and smaller


def save_figure(fig, folder, name):
    """<folder>/<name>.png and .svg; returns the two paths."""
    paths = []
    for ext, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        path = folder / f"{name}.{ext}"
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=ext, dpi=150, bbox_inches="tight", metadata=metadata)
        paths.append(path)
    plt.close(fig)
    return paths


def _bands(ax, scope, orientation="vertical"):
    """Shade the low / medium / high ranges of a pillar (1-9) or integral (3-27) axis."""
    medium_from, high_from = THRESHOLDS[scope]
    lo, hi = (1, 9) if scope == "pillar" else (3, 27)
    span = ax.axvspan if orientation == "vertical" else ax.axhspan
    for lv, (a, b) in zip(LEVELS, ((lo, medium_from), (medium_from, high_from), (high_from, hi))):
        span(a, b, color=LEVEL_COLOURS[lv], alpha=0.18, lw=0, zorder=0)


def _band_legend(scope):
    medium_from, high_from = THRESHOLDS[scope]
    lo, hi = (1, 9) if scope == "pillar" else (3, 27)
    ranges = {"low": f"{lo}-{medium_from:g}", "medium": f"{medium_from:g}-{high_from:g}", "high": f"{high_from:g}-{hi}"}
    return [Patch(color=LEVEL_COLOURS[lv], alpha=0.35, label=f"{LEVEL_LABELS[lv][0]} / {LEVEL_LABELS[lv][1]} ({ranges[lv]})")
            for lv in LEVELS]


def score_heatmap(scores, indicators, regions, title, excluded=()):
    """Every score, regions x indicators, indicators grouped by pillar; `excluded` codes get a '*'."""
    wide = scores_wide(scores)
    ids = [r for r in regions["region_id"] if r in wide.index]
    codes = [c for c in indicators["code"] if c in wide.columns]
    names = region_labels(regions)
    fig, ax = plt.subplots(figsize=(20, 9.5))
    image = ax.imshow(wide.loc[ids, codes].to_numpy(dtype=float), cmap="RdYlGn", vmin=1, vmax=9, aspect="auto")
    ax.set_xticks(range(len(codes)), [f"{c}*" if c in set(excluded) else c for c in codes], rotation=90, fontsize=8)
    ax.set_yticks(range(len(ids)), [names[r] for r in ids], fontsize=9)
    pillar_of = dict(zip(indicators["code"], indicators["pillar"]))
    start = 0
    for pillar in PILLARS:
        n = sum(pillar_of[c] == pillar for c in codes)
        if start:
            ax.axvline(start - 0.5, color="black", lw=2)
        en, kk = PILLAR_LABELS[pillar]
        ax.text(start + n / 2 - 0.5, -0.8, f"{en}\n{kk}", ha="center", va="bottom", fontsize=10, fontweight="bold")
        start += n
    bar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    bar.set_label(SCORE_LABEL)
    note = "   (* scored but not in the pillar index / индекске кірмейді)" if len(excluded) else ""
    ax.set_xlabel(f"Indicator / Көрсеткіш{note}")
    ax.set_title(title, pad=45, fontsize=13)
    return fig


def _without_index(indices, columns, names):
    """A second axis-label line naming the regions that have no value in any of `columns`."""
    ids = indices.loc[indices[list(columns)].isna().any(axis=1), "region_id"]
    return f"\n{NO_INDEX_LABEL}: {', '.join(names[r] for r in ids)}" if len(ids) else ""


def pillar_bars(indices, regions, title):
    """One panel per pillar: regions sorted by the index, on the 1-9 scale with the level bands."""
    names = region_labels(regions)
    fig, axes = plt.subplots(1, 3, figsize=(20, 8.5))
    for ax, pillar in zip(axes, PILLARS):
        data = indices.dropna(subset=[pillar]).sort_values(pillar)
        _bands(ax, "pillar")
        ax.barh([names[r] for r in data["region_id"]], data[pillar], color="#4a6fa5", height=0.7, zorder=2)
        for y, v in enumerate(data[pillar]):
            ax.text(v + 0.08, y, f"{v:.2f}", va="center", fontsize=8, zorder=3)
        ax.set_xlim(1, 9)
        ax.tick_params(axis="y", labelsize=8.5)
        en, kk = PILLAR_LABELS[pillar]
        ax.set_title(f"{en}\n{kk}", fontsize=11)
        ax.set_xlabel("Index, points (1-9) / Индекс, балл" + _without_index(indices, [pillar], names))
    fig.legend(handles=_band_legend("pillar"), loc="lower center", ncol=3, frameon=False, bbox_to_anchor=(0.5, -0.04))
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


def isdr_ranking(indices, regions, title):
    """Regions ranked by the integral index, on its 3-27 scale with the level bands."""
    names = region_labels(regions)
    data = indices.dropna(subset=["isdr"]).sort_values(["rank_isdr", "region_id"], ascending=[False, True])
    fig, ax = plt.subplots(figsize=(11, 8))
    _bands(ax, "integral")
    labels = [f"{rank}. {names[r]}" for rank, r in zip(data["rank_isdr"], data["region_id"])]
    ax.barh(labels, data["isdr"] - 3, left=3, color="#4a6fa5", height=0.7, zorder=2)
    for y, v in enumerate(data["isdr"]):
        ax.text(v + 0.2, y, f"{v:.2f}", va="center", fontsize=8.5, zorder=3)
    ax.set_xlim(3, 27)
    ax.set_xlabel("ISDR = social + economic + ecological index, points (3-27) / балл" + _without_index(indices, ["isdr"], names))
    ax.legend(handles=_band_legend("integral"), loc="lower right", fontsize=9)
    ax.set_title(title, fontsize=12)
    fig.tight_layout()
    return fig


ALL_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
RIGHT_ONLY = ((1, 0), (1, 1), (1, -1), (2, 1), (2, -1))


def place_labels(ax, xs, ys, texts, fontsize=8, centred_first=False, keep_clear=None, directions=ALL_DIRECTIONS):
    """Label points without overlaps: try offsets around each point, nearest first, keep the first free one.

    Labels never cover each other nor the markers at `keep_clear` (default: the labelled points).
    With `centred_first` (map labels at a region's inner point) a label is first tried centred on its point.
    Call it after the figure's layout is final, and after one `fig.canvas.draw()`: positions are
    measured on screen, so a later layout change would invalidate them.
    """
    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    markers = list(zip(xs, ys)) if keep_clear is None else list(keep_clear)
    points = [ax.transData.transform(xy) for xy in markers]
    occupied = [mpl.transforms.Bbox.from_extents(px - 7, py - 7, px + 7, py + 7) for px, py in points]
    offsets = [(dx * r, dy * r) for r in (6, 12, 18, 26, 36, 48) for dx, dy in directions]
    if centred_first:
        offsets.insert(0, (0, 0))
    for x, y, text in zip(xs, ys, texts):
        for dx, dy in offsets:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            style = {"xytext": (dx, dy), "textcoords": "offset points", "ha": ha, "va": va, "fontsize": fontsize}
            note = ax.annotate(text, (x, y), **style)  # measured without its leader line: faster, same text box
            box = note.get_window_extent(renderer).padded(1)
            note.remove()
            if not any(box.overlaps(o) for o in occupied) and inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1):
                far = max(abs(dx), abs(dy)) > 6 or (centred_first and (dx, dy) != (0, 0))  # a leader line unless beside its point
                ax.annotate(text, (x, y), **style, arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "grey"} if far else None)
                occupied.append(box)
                break
        else:
            occupied.append(ax.annotate(text, (x, y), xytext=(5, 5), textcoords="offset points", fontsize=fontsize)
                            .get_window_extent(renderer))


def pillar_scatter(indices, regions, title):
    """The three pillars against each other, with the 4 and 7 level thresholds; points coloured by ISDR level."""
    names = region_names(regions, "en")
    pairs = (("social", "economic"), ("social", "ecological"), ("economic", "ecological"))
    fig, axes = plt.subplots(1, 3, figsize=(21, 7.5))
    indices = indices.assign(colour=indices["level_isdr"].map(LEVEL_COLOURS).fillna(NO_INDEX_COLOUR))
    shown = {pair: indices.dropna(subset=list(pair)) for pair in pairs}
    for ax, (px, py) in zip(axes, pairs):
        data = shown[(px, py)]
        ax.scatter(data[px], data[py], c=list(data["colour"]), edgecolor="black", s=40, zorder=3)
        for lo_hi in THRESHOLDS["pillar"]:
            ax.axvline(lo_hi, color="grey", ls="--", lw=1)
            ax.axhline(lo_hi, color="grey", ls="--", lw=1)
        pad_x = (indices[px].max() - indices[px].min()) * 0.25 + 0.3
        pad_y = (indices[py].max() - indices[py].min()) * 0.25 + 0.3
        ax.set_xlim(max(1, min(indices[px].min() - pad_x, 3.8)), min(9, indices[px].max() + pad_x))
        ax.set_ylim(max(1, min(indices[py].min() - pad_y, 3.8)), min(9, indices[py].max() + pad_y))
        ax.set_xlabel(f"{PILLAR_LABELS[px][0]} index / {PILLAR_LABELS[px][1]} индексі"
                      + _without_index(indices, [px, py], names))
        ax.set_ylabel(f"{PILLAR_LABELS[py][0]} index / {PILLAR_LABELS[py][1]} индексі")
        ax.set_title(f"{px.capitalize()} vs {py} (dashed: level thresholds 4 and 7)", fontsize=10)
    handles = [Patch(color=LEVEL_COLOURS[lv], label=f"ISDR {LEVEL_LABELS[lv][0]} / {LEVEL_LABELS[lv][1]}") for lv in LEVELS]
    if indices["level_isdr"].isna().any():
        handles.append(Patch(color=NO_INDEX_COLOUR, label=f"ISDR {NO_INDEX_LABEL}"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, bbox_to_anchor=(0.5, -0.05))
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    fig.canvas.draw()
    for ax, pair in zip(axes, pairs):
        data = shown[pair]
        place_labels(ax, list(data[pair[0]]), list(data[pair[1]]), [names[r] for r in data["region_id"]])
    return fig


def slope_chart(left, right, names, left_label, right_label, title):
    """Ranks before (left) and after (right), one line per region; lines that move are drawn darker."""
    fig, ax = plt.subplots(figsize=(10, 9))
    n = len(left)
    # place by order, not by rank value, so tied ranks never print on top of each other; a region
    # without a rank (no index under the `available` missing-value policy) goes last, marked "–"
    def order(ranks):
        ranked = sorted(ranks.index, key=lambda r: (pd.isna(ranks[r]), 0 if pd.isna(ranks[r]) else ranks[r], r))
        return {r: i + 1 for i, r in enumerate(ranked)}

    y_left, y_right = order(left), order(right)
    for region_id in left.index:
        a, b = left[region_id], right[region_id]
        shown_a, shown_b = ("–" if pd.isna(v) else v for v in (a, b))
        if not (pd.isna(a) or pd.isna(b)):
            moved = abs(a - b) >= 3
            ax.plot([0, 1], [y_left[region_id], y_right[region_id]], color="#b2182b" if moved else "#8c8c8c",
                    lw=2.2 if moved else 1, zorder=2 if moved else 1)
        ax.text(-0.03, y_left[region_id], f"{names[region_id]}  {shown_a}", ha="right", va="center", fontsize=9)
        ax.text(1.03, y_right[region_id], f"{shown_b}  {names[region_id]}", ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.9, 1.9)
    ax.set_ylim(n + 0.8, 0.2)
    ax.set_xticks([0, 1], [left_label, right_label], fontsize=10)
    ax.tick_params(axis="x", length=0)
    ax.set_yticks([])
    for side in ("left", "right", "top", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, fontsize=12)
    note = "red: rank moves by 3 or more / қызыл: орны 3 және одан көп өзгерді"
    if left.isna().any() or right.isna().any():
        note += f"\n–: {NO_INDEX_LABEL}"
    ax.set_xlabel(note, fontsize=8.5, color="#b2182b", labelpad=10)
    fig.tight_layout()
    return fig


def isdr_over_time(by_bounds, regions, title):
    """ISDR per region across the years: one panel per bounds choice, each region named at its last point."""
    names = region_names(regions, "en")
    fig, axes = plt.subplots(1, 2, figsize=(18, 8), sharey=True)
    captions = {"year": "bounds per year (the dissertation's way)\nшектер жыл сайын",
                "panel": "bounds fixed across the years (comparable over time)\nшектер барлық жылдарға ортақ"}
    for ax, (bounds, indices) in zip(axes, by_bounds.items()):
        wide = indices.pivot(index="year", columns="region_id", values="isdr")
        for region_id in wide.columns:
            ax.plot(wide.index, wide[region_id], marker="o", lw=1.2, color="#4a6fa5", alpha=0.8)
        ax.set_xticks(list(wide.index), [str(y) for y in wide.index])
        ax.set_xlim(wide.index.min() - 0.2, wide.index.max() + 0.9)
        ax.set_title(captions[bounds], fontsize=11)
        ax.set_xlabel("year / жыл")
        ax.set_ylabel("ISDR, points (3-27) / балл")
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    fig.canvas.draw()
    for ax, indices in zip(axes, by_bounds.values()):
        last = indices[indices.year == indices.year.max()].dropna(subset=["isdr"])
        place_labels(ax, list(last.year), list(last.isdr), [names[r] for r in last.region_id], fontsize=7.5,
                     directions=RIGHT_ONLY)
    return fig
