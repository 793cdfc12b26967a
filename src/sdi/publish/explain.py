"""The notebooks' words that depend on the data: a worked example written out with the run's own numbers, and
what the results show, in sentences read from the results.

A notebook's Markdown works one example by hand for the year it was written on and explains the step in
words that stay true for any year; the sentences here say what this run's numbers show, so they stay true
when the data change. Each worked example is computed by the library (`normalisation.worked_score`,
`index.worked_pillar_index`, `typology.worked_level`, `classification.worked_risk`); this module only writes
it down, in English, as the notebooks are written.
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sdi import PILLARS
from sdi.method.index import WorkedIndex
from sdi.method.normalisation import WorkedScore
from sdi.method.typology import LEVELS, THRESHOLDS, WorkedLevel
from sdi.risk.classification import UNCLASSIFIED, WorkedRisk

MINUS = "−"
DIRECTION_WORDS = {1: "higher is better (direction 1)", -1: "higher is worse (direction −1)"}
INDEX_NAMES = {"social": "social", "economic": "economic", "ecological": "ecological", "isdr": "ISDR"}
SIGN_TEXT = {True: "≤", False: "<"}


def number(x: float) -> str:
    """A raw value or a bound as a reader writes it: up to 6 significant digits, no trailing zeros."""
    return format(float(x), ".6g").replace("-", MINUS)


def _names(ids, names: Mapping[str, str]) -> str:
    ids = list(ids)
    shown = [names.get(i, i) for i in ids]
    return ", ".join(shown[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


def _agreement(found: float, table: float, file: str) -> str:
    return f"`{file}` says {found:.6f}: the same." if np.isclose(found, table) else f"`{file}` says {table:.6f}."


# --- the worked examples ----------------------------------------------------------------------------------------


def score_example(worked: WorkedScore, table_score: float, *, indicator: str, names: Mapping[str, str]) -> str:
    """Markdown: one score worked out from the indicator's min and max (names: region and indicator names)."""
    w = worked
    region = names.get(w.region_id, w.region_id)
    top, bottom = ("x", "min") if w.direction == 1 else ("max", "x")
    a, b = (number(w.value), number(w.minimum)) if w.direction == 1 else (number(w.maximum), number(w.value))
    lines = [
        f"**{indicator} {names.get(indicator, '')}, {region}**: {DIRECTION_WORDS[w.direction]}.",
        f"- x = {number(w.value)}" + (" (the cell is empty: the worst observed value)" if w.blank else ""),
        f"- min = {number(w.minimum)} ({_names(w.at_minimum, names)}), "
        f"max = {number(w.maximum)} ({_names(w.at_maximum, names)})",
    ]
    if w.span == 0:
        lines.append(f"- max = min: the indicator is constant, and every region scores {w.score:g}")
    elif np.isnan(w.score):
        lines.append("- the cell is empty and the run's policy leaves it unscored")
    else:
        lines.append(
            f"- score = 1 + 8 × ({top} {MINUS} {bottom}) / (max {MINUS} min) = 1 + 8 × ({a} {MINUS} {b}) / "
            f"({number(w.maximum)} {MINUS} {number(w.minimum)}) = 1 + 8 × {number(w.distance)} / {number(w.span)} "
            f"= **{w.score:.6f}**"
        )
    lines.append(f"- {_agreement(w.score, table_score, 'scores.csv')}")
    return "\n".join(lines)


def pillar_index_example(worked: WorkedIndex, table_index: float, *, names: Mapping[str, str]) -> str:
    """Markdown: one pillar index as the mean of its scores (names: region and indicator names)."""
    w = worked
    rows = "\n".join(
        f"| {code} | {names.get(code, '')} | {score:.6f} | {weight:g} |"
        for code, score, weight in zip(w.codes, w.scores, w.weights)
    )
    left_out = f" Not in the index: {', '.join(w.left_out)}." if w.left_out else ""
    blank = f" Without a score (left out of the mean): {', '.join(w.blank)}." if w.blank else ""
    equal = len(set(w.weights)) <= 1
    formula = (
        f"({' + '.join(f'{s:.2f}' for s in w.scores)}) / {len(w.scores)}"
        if equal and w.weights and w.weights[0] == 1
        else f"{w.total:.6f} / {w.weight_total:g}"
    )
    return (
        f"**The {w.pillar} index of {names.get(w.region_id, w.region_id)}**: the {len(w.codes)} scores of the "
        f"pillar's indicators in the index.{left_out}{blank}\n\n"
        f"| code | indicator | score | weight |\n|---|---|---:|---:|\n{rows}\n\n"
        f"index = {formula} = {w.total:.6f} / {w.weight_total:g} = **{w.index:.6f}**. "
        f"{_agreement(w.index, table_index, 'indices.csv')}"
    )


def level_example(worked: WorkedLevel, table_level: str | None, *, region: str, column: str) -> str:
    """Markdown: the level of one region's (`region`: its name) index (`column`) from the two thresholds."""
    w = worked
    label = f"{region}, {INDEX_NAMES[column]} index"
    if w.level is None:
        steps = "the value is missing: no level"
    else:
        high = "≥" if w.compared >= w.high_from else "<"
        medium = "≥" if w.compared >= w.medium_from else "<"
        steps = f"{w.compared:.6f} {high} {w.high_from:g}"
        steps += " → **high**" if w.level == "high" else f"; {w.compared:.6f} {medium} {w.medium_from:g}"
        steps += {"high": "", "medium": " → **medium**", "low": " → **low**"}[w.level]
    same = "the same" if table_level == w.level else f"not the same: {table_level}"
    scale = "1–9" if w.scope == "pillar" else "3–27"
    return (
        f"**{label}** = {w.value:.6f} (on {scale}: medium from {w.medium_from:g}, high from {w.high_from:g}): "
        f"{steps}. `indices.csv` says {table_level}: {same}."
    )


def band_text(band) -> str:
    """'5.6 < B', '4.9 ≤ B ≤ 5.6', 'B < 4.9': a band as an inequality."""
    text = "B"
    if not np.isnan(band.lower):
        text = f"{number(band.lower)} {SIGN_TEXT[band.lower_inclusive]} {text}"
    if not np.isnan(band.upper):
        text = f"{text} {SIGN_TEXT[band.upper_inclusive]} {number(band.upper)}"
    return text


def _source_text(source: str, values: Mapping[str, float]) -> str:
    if not source:
        return ""
    if source.startswith("standard"):
        return f"a fixed standard, {number(values[source])}"
    what = {"national": "the national value", "median": "the median of the regions", "mean": "the regions' mean"}
    return f"{what.get(source, source)} (this year's: {number(values[source])})"


def risk_example(worked: WorkedRisk, table_risk: str, *, names: Mapping[str, str]) -> str:
    """Markdown: one value through one indicator's three bands (names: region and indicator names)."""
    w = worked
    rows = []
    for lv in ("high", "medium", "low"):
        sources = "; ".join(
            f"{side} bound: {_source_text(s, w.source_values)}"
            for side, s in zip(("lower", "upper"), w.sources[lv])
            if s
        )
        holds = "yes" if lv in w.holding else "no"
        rows.append(f"| {lv} | {band_text(w.bands[lv])} | {sources} | {holds} |")
    if len(w.holding) == 1:
        verdict = f"one band holds it: **{w.risk}** risk"
    elif w.by_rule:
        verdict = f"{'no band' if not w.holding else 'two bands'} hold it: **medium** by the rule for gaps and overlaps"
    else:
        verdict = f"**{UNCLASSIFIED}**"
    same = "the same" if table_risk == w.risk else f"not the same: {table_risk}"
    return (
        f"**{w.code} {names.get(w.code, '')}, {names.get(w.region_id, w.region_id)}**: B = {number(w.value)}.\n\n"
        "| level | band | what its bounds were set at | holds B? |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + f"\n\n{verdict}. `risk.csv` says {table_risk}: {same}."
    )


# --- what the results show -----------------------------------------------------------------------------------


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def score_findings(scores_wide: pd.DataFrame, indicators: pd.DataFrame, *, method, names: Mapping[str, str]) -> str:
    """What the scores show: how the regions' scores spread, who is best and worst most often, and how many
    indicators `method` scores against the direction their meaning implies."""
    against_meaning = int((indicators[method.direction_column] != indicators["direction"]).sum())
    regions, codes = scores_wide.shape
    constant = int((scores_wide.nunique() <= 1).sum())
    best = (scores_wide == 9).sum(axis=1)
    worst = (scores_wide == 1).sum(axis=1)
    mean = scores_wide.mean(axis=1)
    top, bottom = mean.idxmax(), mean.idxmin()
    parts = [
        f"{_count(codes, 'indicator')} scored for {_count(regions, 'region')}"
        + (f"; {_count(constant, 'indicator')} constant (every region 5)" if constant else "")
        + ".",
        f"{names.get(best.idxmax(), best.idxmax())} is the best region (score 9) on the most indicators "
        f"({best.max()}), {names.get(worst.idxmax(), worst.idxmax())} the worst (score 1) on the most "
        f"({worst.max()}).",
        f"A region's mean score runs from {mean.min():.2f} ({names.get(bottom, bottom)}) to {mean.max():.2f} "
        f"({names.get(top, top)}), on a scale of 1 to 9: no region is best or worst across the board.",
        (
            f"This method scores {_count(against_meaning, 'indicator')} in the direction the dissertation "
            "applied, against the indicator's meaning (the table above)."
            if against_meaning
            else "Every indicator is scored in the direction its meaning implies."
        ),
    ]
    return " ".join(parts)


def index_findings(indices: pd.DataFrame, *, names: Mapping[str, str]) -> str:
    """What the indices show: the first three and the last on ISDR, how close the regions are, the leader
    of each pillar."""
    ranked = indices.dropna(subset=["isdr"]).sort_values(["rank_isdr", "region_id"])
    first = [f"{names.get(r, r)} ({v:.2f})" for r, v in zip(ranked.region_id[:3], ranked.isdr[:3])]
    last = ranked.iloc[-1]
    gaps = -ranked.isdr.diff().dropna()
    leaders = "; ".join(
        f"{p}: {names.get(r, r)}"
        for p in PILLARS
        for r in [indices.sort_values([f"rank_{p}", "region_id"]).region_id.iloc[0]]
    )
    unranked = len(indices) - len(ranked)
    return (
        f"On ISDR, {first[0]} comes first, then {' and '.join(first[1:])}; {names.get(last.region_id)} is last "
        f"({last.isdr:.2f}). All {len(ranked)} ranked regions lie within {ranked.isdr.max() - ranked.isdr.min():.2f} "
        f"points of each other on a scale of 3 to 27, and neighbouring ranks are {gaps.median():.2f} points apart "
        f"(the median gap; the smallest {gaps.min():.3f}), so a small change in a few scores can swap "
        f"neighbours: notebook 07 measures how far. First on each pillar: {leaders}."
        + (f" {_count(unranked, 'region')} without an ISDR (too few scores)." if unranked else "")
    )


def level_findings(indices: pd.DataFrame, *, names: Mapping[str, str]) -> str:
    """What the levels show: how many regions are low, medium and high on each index, and which are high."""
    sentences = []
    for column in (*PILLARS, "isdr"):
        counts = indices[f"level_{column}"].value_counts()
        present = [(lv, int(counts.get(lv, 0))) for lv in LEVELS if counts.get(lv, 0)]
        name = INDEX_NAMES[column]
        if len(present) == 1:
            sentences.append(f"{name}: all {present[0][1]} regions are {present[0][0]}.")
        else:
            sentences.append(f"{name}: " + ", ".join(f"{n} {lv}" for lv, n in present) + ".")
    high = [
        f"{names.get(r, r)} ({INDEX_NAMES[c]})"
        for c in (*PILLARS, "isdr")
        for r in indices.loc[indices[f"level_{c}"] == "high", "region_id"]
    ]
    tail = (
        f"High: {', '.join(high)}."
        if high
        else "No region reaches the high threshold on any index "
        f"({THRESHOLDS['pillar'][1]:g} for a pillar, {THRESHOLDS['integral'][1]:g} for ISDR)."
    )
    return " ".join(sentences) + " " + tail


def risk_findings(levels: pd.DataFrame, rollup: pd.DataFrame, *, names: Mapping[str, str]) -> str:
    """What the risk levels show: how the values fall into high, medium and low risk, which regions have the most
    and the fewest indicators at high risk, and the pillar levels."""
    counts = levels["risk"].value_counts()
    total = len(levels)
    per_region = rollup.groupby("region_id", sort=False)["n_high"].sum()
    most, fewest = per_region.idxmax(), per_region.idxmin()
    indicators = levels.groupby("region_id").size().max()
    pillar_levels = rollup["pillar_risk"].value_counts()
    return (
        f"Of the {total:,} values, {int(counts.get('high', 0))} are at high risk, {int(counts.get('medium', 0))} "
        f"medium, {int(counts.get('low', 0))} low and {int(counts.get(UNCLASSIFIED, 0))} unclassified. "
        f"{names.get(most, most)} has the most indicators at high risk ({per_region.max()} of {indicators}), "
        f"{names.get(fewest, fewest)} the fewest ({per_region.min()}). Of the {len(rollup)} region × pillar "
        "levels, " + ", ".join(f"{int(pillar_levels.get(lv, 0))} are {lv}" for lv in ("high", "medium", "low")) + "."
    )


def reader_names(run, language: str = "en") -> dict[str, str]:
    """{region id or indicator code: its name}: what the examples and findings print for an id."""
    return {**run.region_names[language], **run.indicator_names[language]}
