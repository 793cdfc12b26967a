"""Figures of the index: what a reader would rather look at than a table.

Each function returns a matplotlib Figure; `save_figure` writes it as PNG and SVG, atomically and
reproducibly (no dates or random ids in the files).
"""

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from . import PILLARS
from .io import atomic_path
from .labels import LEVEL_COLOURS, LEVEL_LABELS, PILLAR_LABELS, region_labels, short_en
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
    wide = scores.pivot(index="region_id", columns="indicator", values="score")
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


def pillar_bars(indices, regions, title):
    """One panel per pillar: regions sorted by the index, on the 1-9 scale with the level bands."""
    names = region_labels(regions)
    fig, axes = plt.subplots(1, 3, figsize=(20, 8.5))
    for ax, pillar in zip(axes, PILLARS):
        data = indices.sort_values(pillar)
        _bands(ax, "pillar")
        ax.barh([names[r] for r in data["region_id"]], data[pillar], color="#4a6fa5", height=0.7, zorder=2)
        for y, v in enumerate(data[pillar]):
            ax.text(v + 0.08, y, f"{v:.2f}", va="center", fontsize=8, zorder=3)
        ax.set_xlim(1, 9)
        ax.tick_params(axis="y", labelsize=8.5)
        en, kk = PILLAR_LABELS[pillar]
        ax.set_title(f"{en}\n{kk}", fontsize=11)
        ax.set_xlabel("Index, points (1-9) / Индекс, балл")
    fig.legend(handles=_band_legend("pillar"), loc="lower center", ncol=3, frameon=False, bbox_to_anchor=(0.5, -0.04))
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


def isdr_ranking(indices, regions, title):
    """Regions ranked by the integral index, on its 3-27 scale with the level bands."""
    names = region_labels(regions)
    data = indices.sort_values(["rank_isdr", "region_id"], ascending=[False, True])
    fig, ax = plt.subplots(figsize=(11, 8))
    _bands(ax, "integral")
    labels = [f"{rank}. {names[r]}" for rank, r in zip(data["rank_isdr"], data["region_id"])]
    ax.barh(labels, data["isdr"] - 3, left=3, color="#4a6fa5", height=0.7, zorder=2)
    for y, v in enumerate(data["isdr"]):
        ax.text(v + 0.2, y, f"{v:.2f}", va="center", fontsize=8.5, zorder=3)
    ax.set_xlim(3, 27)
    ax.set_xlabel("ISDR = social + economic + ecological index, points (3-27) / балл")
    ax.legend(handles=_band_legend("integral"), loc="lower right", fontsize=9)
    ax.set_title(title, fontsize=12)
    fig.tight_layout()
    return fig


def place_labels(ax, xs, ys, texts, fontsize=8, centred_first=False, keep_clear=None):
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
    offsets = [(dx * r, dy * r) for r in (6, 12, 18, 26, 36, 48)
               for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))]
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
    names = {r.region_id: short_en(r.name_en) for r in regions.itertuples()}
    pairs = (("social", "economic"), ("social", "ecological"), ("economic", "ecological"))
    fig, axes = plt.subplots(1, 3, figsize=(21, 7.5))
    colours = indices["level_isdr"].map(LEVEL_COLOURS)
    for ax, (px, py) in zip(axes, pairs):
        ax.scatter(indices[px], indices[py], c=colours, edgecolor="black", s=40, zorder=3)
        for lo_hi in THRESHOLDS["pillar"]:
            ax.axvline(lo_hi, color="grey", ls="--", lw=1)
            ax.axhline(lo_hi, color="grey", ls="--", lw=1)
        pad_x = (indices[px].max() - indices[px].min()) * 0.25 + 0.3
        pad_y = (indices[py].max() - indices[py].min()) * 0.25 + 0.3
        ax.set_xlim(max(1, min(indices[px].min() - pad_x, 3.8)), min(9, indices[px].max() + pad_x))
        ax.set_ylim(max(1, min(indices[py].min() - pad_y, 3.8)), min(9, indices[py].max() + pad_y))
        ax.set_xlabel(f"{PILLAR_LABELS[px][0]} index / {PILLAR_LABELS[px][1]} индексі")
        ax.set_ylabel(f"{PILLAR_LABELS[py][0]} index / {PILLAR_LABELS[py][1]} индексі")
        ax.set_title(f"{px.capitalize()} vs {py} (dashed: level thresholds 4 and 7)", fontsize=10)
    handles = [Patch(color=LEVEL_COLOURS[lv], label=f"ISDR {LEVEL_LABELS[lv][0]} / {LEVEL_LABELS[lv][1]}") for lv in LEVELS]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, bbox_to_anchor=(0.5, -0.05))
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    fig.canvas.draw()
    for ax, (px, py) in zip(axes, pairs):
        place_labels(ax, list(indices[px]), list(indices[py]), [names[r] for r in indices["region_id"]])
    return fig
