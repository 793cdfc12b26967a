"""The thesis's choices its text does not state, refitted from its published tables.

The dissertation's formulas were images and are lost, so the `thesis` method takes three choices
from the published numbers; `data/raw/indicators.csv` records the first two, and this module finds
them again from the tables, so that the record can be checked:

- the direction of each indicator: the one whose min-max scores (over the regions with a value)
  reproduce the published score column of Tables 10-12 within DIRECTION_TOLERANCE, for at least
  DECISIVE_SHARE of its cells; a column neither direction reproduces that well (a copied column,
  raw values printed as scores) shows no direction;
- the indicators each pillar index averages: of all the pillar's indicators, or all but up to
  MAX_LEFT_OUT, the set whose mean of the *printed* scores gives every printed pillar index within
  the printed rounding (the index was computed from the scores as printed, errors included), the
  fewest left out first;
- the score of a missing value: what the published tables print where the raw cell is blank.

`disagreements` lists where indicators.csv and a method's settings differ from the refit.
"""

from itertools import combinations

import numpy as np
import pandas as pd

from sdi.method.methods import MISSING_VALUE_POLICIES
from sdi.method.normalisation import minmax_scores
from sdi.reproduction.matching import EPSILON, half_unit, within

DIRECTION_TOLERANCE = 0.05  # a score printed with one decimal is within 0.05 of its value
DECISIVE_SHARE = 0.5  # a direction must reproduce at least this share of the column's cells
MAX_LEFT_OUT = 3  # index sets tried: all of a pillar's indicators, or all but up to three
DIRECTION_NAMES = {1: "positive", -1: "negative"}
NO_DIRECTION = 0


def infer_directions(values, printed_scores):
    """Per indicator (column of `printed_scores`, text): the cells with a raw value, and for each
    direction how many of them its scores reproduce and the largest difference; `direction` is 1, -1,
    or NO_DIRECTION where neither reproduces DECISIVE_SHARE of the cells (and more than the other)."""
    rows = []
    for code in printed_scores.columns:
        x = values[code].dropna()
        printed = printed_scores.loc[x.index, code].astype(float)
        row = {"indicator": code, "cells": len(x)}
        for direction, name in DIRECTION_NAMES.items():
            difference = (minmax_scores(x, direction) - printed).abs()
            row[f"reproduced_{name}"] = int((difference <= DIRECTION_TOLERANCE + EPSILON).sum())
            row[f"largest_difference_{name}"] = float(difference.max())
        positive, negative = row["reproduced_positive"], row["reproduced_negative"]
        best, count, other = (1, positive, negative) if positive >= negative else (-1, negative, positive)
        row["direction"] = best if count >= DECISIVE_SHARE * len(x) and count > other else NO_DIRECTION
        rows.append(row)
    return pd.DataFrame(rows).set_index("indicator")


def _set_trials(scores, halves, index, *, index_halves, codes):
    """(left_out, largest difference, fits) for every set of all but up to MAX_LEFT_OUT of `codes`."""
    trials = []
    for k in range(min(MAX_LEFT_OUT, len(codes) - 1) + 1):
        for left_out in combinations(range(len(codes)), k):
            kept = [i for i in range(len(codes)) if i not in left_out]
            difference = np.abs(scores[:, kept].mean(axis=1) - index)
            slack = index_halves + halves[:, kept].mean(axis=1)
            trials.append(
                (
                    tuple(codes[i] for i in left_out),
                    float(difference.max()),
                    bool((difference <= slack + EPSILON).all()),
                )
            )
    return trials


def infer_index_sets(printed_scores, printed_indices, indicators):
    """Per pillar (column of `printed_indices`, text): `left_out` (the indicators the best fitting set leaves
    out; None if no set fits), its `largest_difference` from the printed indices, and the closest other set
    that keeps what the best leaves out (`closest_other_left_out`, `closest_other_difference`)."""
    rows = []
    for pillar in printed_indices.columns:
        codes = list(indicators.loc[indicators["pillar"] == pillar, "code"])
        text = printed_scores.loc[printed_indices.index, codes]
        index = printed_indices[pillar]
        trials = _set_trials(
            text.astype(float).to_numpy(),
            text.map(half_unit).astype(float).to_numpy(),
            index.astype(float).to_numpy(),
            index_halves=index.map(half_unit).astype(float).to_numpy(),
            codes=codes,
        )
        fitting = [t for t in trials if t[2]]
        best = min(fitting, key=lambda t: (len(t[0]), t[1])) if fitting else min(trials, key=lambda t: t[1])
        others = [t for t in trials if t is not best and not set(best[0]) & set(t[0])]
        closest = min(others, key=lambda t: t[1]) if others else ((), np.nan, False)
        rows.append(
            {
                "pillar": pillar,
                "indicators": len(codes),
                "left_out": best[0] if fitting else None,
                "largest_difference": best[1],
                "closest_other_left_out": closest[0],
                "closest_other_difference": closest[1],
            }
        )
    return pd.DataFrame(rows).set_index("pillar")


def missing_value_scores(raw_text, printed_scores):
    """The published score of every raw cell left blank: region_id, indicator, printed."""
    blank = raw_text.eq("").stack()
    cells = [(r, c) for r, c in blank[blank].index if c in printed_scores.columns]
    return pd.DataFrame(
        [(r, c, printed_scores.at[r, c]) for r, c in cells], columns=["region_id", "indicator", "printed"]
    )


def disagreements(directions, index_sets, missing_scores, *, indicators, method):
    """Where indicators.csv (through `method`'s columns) and `method`'s missing-value policy differ
    from the refit, one sentence each; [] when they agree."""
    meta = indicators.set_index("code")
    out = []
    for code, fit in directions.iterrows():
        recorded, meaning = int(meta.at[code, method.direction_column]), int(meta.at[code, "direction"])
        if fit.direction != NO_DIRECTION and fit.direction != recorded:
            out.append(
                f"{code}: the published scores are {DIRECTION_NAMES[fit.direction]}-direction scores "
                f"({int(fit[f'reproduced_{DIRECTION_NAMES[fit.direction]}'])} of {int(fit.cells)} cells), but "
                f"{method.direction_column} is {recorded}"
            )
        if fit.direction == NO_DIRECTION and recorded != meaning:
            out.append(
                f"{code}: the published scores show no direction, yet {method.direction_column} ({recorded}) "
                f"differs from the direction its meaning implies ({meaning})"
            )
    for pillar, fit in index_sets.iterrows():
        codes = meta.index[meta["pillar"] == pillar]
        recorded = tuple(c for c in codes if not meta.at[c, method.include_column])
        if fit.left_out is None:
            out.append(
                f"{pillar}: no set of all but up to {MAX_LEFT_OUT} indicators gives the published indices "
                f"within the printed rounding (closest off by {fit.largest_difference:.3f})"
            )
        elif tuple(fit.left_out) != recorded:
            out.append(
                f"{pillar}: the published indices leave out {', '.join(fit.left_out) or 'nothing'}, but "
                f"{method.include_column} leaves out {', '.join(recorded) or 'nothing'}"
            )
    missing_score = MISSING_VALUE_POLICIES[method.missing].score
    for cell in missing_scores.itertuples():
        if not within(missing_score, cell.printed):
            out.append(
                f"{cell.region_id} {cell.indicator}: the raw cell is blank and the published score is "
                f"{cell.printed}, but the {method.missing!r} policy scores a missing value {missing_score:g}"
            )
    return out
