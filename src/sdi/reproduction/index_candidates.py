"""The candidate explanations of a mismatch in Tables 7-14 and the text after Table 13, per kind of
printed number, in the order they are tried.

A candidate is a function (context, row) -> (diagnosis, evidence) or None; `row` is one mismatched
row of the compared table, `context` a `diagnosis.Context`, the evidence an `evidence.Evidence` (a
catalogue key and the raw numbers, codes and region ids it needs; `sdi.publish.evidence` words it).
`CANDIDATES[kind]` lists them in the order `diagnosis.diagnose` tries them (the first that fits is
kept); `NO_FIT[kind]` gives the evidence when none fits. A new kind of table adds its own list; a
new explanation is a function added to a list, its diagnosis name to `diagnosis.DIAGNOSES` and its
evidence's wording to `evidence.*` of publish/catalogue.yml. The risk maps' candidates are in
`risk_candidates`.
"""

import warnings

import numpy as np
import pandas as pd
import scipy.stats

from sdi import PILLARS
from sdi.inputs.metadata import normalise_name
from sdi.method.normalisation import minmax_scores
from sdi.method.statistics import skewness
from sdi.method.typology import level
from sdi.reproduction.evidence import Evidence
from sdi.reproduction.matching import EPSILON, half_unit, is_match, within
from sdi.reproduction.published_tables import INTEGRAL, SCORE_TABLES

MOST_OF_COLUMN = 0.5  # a column-wide cause (raw values printed) must fit at least half of the column
MANY_WRONG = 0.25  # other scaling bounds are tried when at least a quarter of a column is wrong
MATERIAL_SHIFT = 0.01  # fitted bounds count only if one moves by more than 1 % of the regions' range
PRECISION_DRAWS = 4000  # draws of the raw inputs within their printed rounding, for a statistic
DRAW_SEED = 0  # fixed, so the draws (and the report) are the same on every run


# --- scores (Tables 10-12) ------------------------------------------------------------------------


def _printed_column(ctx, table, code):
    """{region_id: printed score} of one score column."""
    cells = ctx.published[
        (ctx.published.table == table) & (ctx.published.indicator == code) & (ctx.published.kind == "score")
    ]
    return dict(zip(cells.region_id, cells.published))


def _copied_from(ctx, table, code):
    """Another column of the same table whose printed cells are all the same as this one's, or None."""
    printed = _printed_column(ctx, table, code)
    table_cells = ctx.published[(ctx.published.table == table) & (ctx.published.kind == "score")]
    for other, group in table_cells.groupby("indicator", sort=False):
        if other != code and dict(zip(group.region_id, group.published)) == printed:
            return other
    return None


def copy_of_column(ctx, row):
    other = ctx.once(("copied_from", row.table, row.indicator), _copied_from, row.table, row.indicator)
    if other:
        count = len(_printed_column(ctx, row.table, row.indicator))
        return "copy_of_column", Evidence("copy_of_column", count=count, code=row.indicator, other=other)
    return None


def _raw_hits(ctx, table, code):
    """The regions whose printed score is their raw value, when that holds for MOST_OF_COLUMN."""
    printed = _printed_column(ctx, table, code)
    x = ctx.rec.values[code]
    hits = [r for r, p in printed.items() if within(x[r], p)]
    return hits if len(hits) >= MOST_OF_COLUMN * len(printed) else []


def raw_values(ctx, row):
    hits = ctx.once(("raw_hits", row.table, row.indicator), _raw_hits, row.table, row.indicator)
    if row.region_id in hits:
        x = ctx.rec.values[row.indicator]
        count = len(_printed_column(ctx, row.table, row.indicator))
        return "raw_values", Evidence(
            "raw_values", hits=len(hits), count=count, raw=float(x[row.region_id]), printed=row.published
        )
    return None


def _prints_within(lo, hi, printed):
    """Whether some value in [lo, hi] prints as `printed`."""
    h = half_unit(printed)
    return lo - h - EPSILON <= float(printed) <= hi + h + EPSILON


def _fits(scores, printed):
    return all(within(scores[r], p) for r, p in printed.items())


def _scaled(x, a, b, *, direction):
    share = ((x - a) / (b - a)).clip(0, 1)
    return 1 + 8 * (share if direction == 1 else 1 - share)


def _other_bounds(x, national, direction, *, printed):
    """(lower, upper, how) of a min-max scaling that reproduces every printed cell, or None."""
    lo, hi = x.min(), x.max()
    named = [  # how: an entry `evidence.bounds.<how>`
        (0.0, hi, "lower_0"),
        (lo, 100.0, "upper_100"),
        (0.0, 100.0, "both_0_100"),
        (min(lo, national), max(hi, national), "national_row"),
    ]
    for a, b, how in named:
        if b > a and not (a == lo and b == hi) and _fits(_scaled(x, a, b, direction=direction), printed):
            return a, b, how
    ids = list(printed)
    if x[ids].nunique() < 2:  # a line through fewer than two distinct points is not determined
        return None
    beta, alpha = np.polyfit(x[ids].to_numpy(), np.array([float(printed[r]) for r in ids]), 1)
    if beta == 0:
        return None
    a, b = sorted(((1 - alpha) / beta, (9 - alpha) / beta))
    material = max(abs(a - lo), abs(b - hi)) > MATERIAL_SHIFT * (hi - lo)
    if material and _fits(pd.Series(alpha + beta * x[ids], index=ids), printed):
        return a, b, "fitted"
    return None


def _bounds_fit(ctx, table, code):
    """(cells fitted, the wrong ones, evidence) when MANY_WRONG of the column fit other bounds, else None."""
    printed = _printed_column(ctx, table, code)
    x, direction = ctx.rec.values[code], ctx.rec.direction[code]
    raw = ctx.once(("raw_hits", table, code), _raw_hits, table, code)
    rest = [r for r in printed if r not in raw and not np.isnan(x[r])]
    wrong = [r for r in rest if not is_match(printed[r], ctx.rec.scores.at[r, code], "score")]
    if len(wrong) < MANY_WRONG * len(printed):
        return None
    bounds = _other_bounds(x, ctx.rec.national.get(code, np.nan), direction, printed={r: printed[r] for r in rest})
    if not bounds:
        return None
    a, b, how = bounds
    return wrong, Evidence(
        "other_bounds",
        cells=len(rest),
        direction="negative" if direction < 0 else "positive",
        lower=float(a),
        upper=float(b),
        how=how,
        min=float(x.min()),
        max=float(x.max()),
    )


def other_bounds(ctx, row):
    fit = ctx.once(("bounds", row.table, row.indicator), _bounds_fit, row.table, row.indicator)
    if fit and row.region_id in fit[0]:
        return "other_bounds", fit[1]
    return None


def opposite_direction(ctx, row):
    x = ctx.rec.values[row.indicator]
    if np.isnan(x[row.region_id]):
        return None
    opposite = float(minmax_scores(x, -ctx.rec.direction[row.indicator])[row.region_id])
    if within(opposite, row.published):
        return "opposite_direction", Evidence("opposite_direction", opposite=opposite, printed=row.published)
    return None


def _score_interval(x, lo, hi, *, direction, hx, hlo, hhi):
    """Range of a score when x, min and max may each be off by their printing half-unit."""
    corners = []
    for dx in (-hx, hx):
        for dl in (-hlo, hlo):
            for dh in (-hhi, hhi):
                a, b, v = lo + dl, hi + dh, x + dx
                if b <= a:
                    continue
                share = min(max((v - a) / (b - a), 0.0), 1.0)
                corners.append(1 + 8 * (share if direction == 1 else 1 - share))
    return (min(corners), max(corners)) if corners else (np.nan, np.nan)


def _printed_half_units(raw_text, code):
    """Half-unit of each region's printed raw value of one indicator (from the raw file's text)."""
    return {r: half_unit(t) if t else 0.0 for r, t in raw_text[code].items()}


def _score_precision(rec, raw_text, region_id, *, code):
    """(lowest, highest) score with every raw input anywhere within its printed rounding; None if missing."""
    x = rec.values[code]
    h = _printed_half_units(raw_text, code)
    lo_id, hi_id = x.idxmin(), x.idxmax()
    if np.isnan(x[region_id]):
        return None
    if region_id in (lo_id, hi_id):
        return (float(rec.scores.at[region_id, code]),) * 2
    return _score_interval(
        x[region_id], x[lo_id], x[hi_id], direction=rec.direction[code], hx=h[region_id], hlo=h[lo_id], hhi=h[hi_id]
    )


def score_input_precision(ctx, row):
    interval = _score_precision(ctx.rec, ctx.raw_text, row.region_id, code=row.indicator)
    if interval and _prints_within(*interval, row.published):
        low, high = interval
        return "input_precision", Evidence("score_precision", low=float(low), high=float(high), printed=row.published)
    return None


def _implied_raw_value(ctx, row):
    """The raw value the printed score implies, inverting the formula with the regions' min and max."""
    x = ctx.rec.values[row.indicator]
    p = float(row.published)
    share = (p - 1) / 8 if ctx.rec.direction[row.indicator] == 1 else 1 - (p - 1) / 8
    return x.min() + share * (x.max() - x.min())


def duplicated_raw_value(ctx, row):
    """The region's printed raw value is another region's (whose published score it reproduces), and
    the published score implies a different raw value: the score was computed from a figure the raw
    table does not show."""
    x = ctx.rec.values[row.indicator]
    value = x[row.region_id]
    if np.isnan(value):
        return None
    owners = [
        r
        for r in x.index
        if r != row.region_id
        and x[r] == value
        and (row.table, r, row.indicator, "score") in ctx.lookup
        and is_match(ctx.lookup[(row.table, r, row.indicator, "score")], ctx.rec.scores.at[r, row.indicator], "score")
    ]
    implied = _implied_raw_value(ctx, row)
    # the score's own rounding, carried back to the raw scale
    slack = half_unit(row.published) / 8 * (x.max() - x.min()) + half_unit(
        ctx.raw_text.at[row.region_id, row.indicator]
    )
    if not owners or abs(implied - value) <= slack + EPSILON:
        return None
    return "duplicated_raw_value", Evidence(
        "duplicated_raw_value", value=float(value), owners=owners, printed=row.published, implied=float(implied)
    )


def score_no_fit(ctx, row):
    return Evidence(
        "score_no_fit",
        recomputed=float(row.recomputed),
        printed=row.published,
        implied=float(_implied_raw_value(ctx, row)),
    )


# --- indices (Tables 10-13) -----------------------------------------------------------------------


def _pillar_scores(ctx, row):
    """(codes of the pillar's index, their printed scores in this region, their mean, the mean of their half-units)."""
    table = {v: k for k, v in SCORE_TABLES.items()}[row.indicator]
    indicators = ctx.rec.indicators
    codes = list(
        indicators.loc[(indicators.pillar == row.indicator) & indicators[ctx.rec.method.include_column], "code"]
    )
    printed = [ctx.lookup[(table, row.region_id, c, "score")] for c in codes]
    mean = np.mean([float(v) for v in printed])
    slack = np.mean([half_unit(v) for v in printed])
    return codes, printed, mean, slack


def sum_of_printed_pillars(ctx, row):
    parts = [ctx.lookup[("13", row.region_id, c, "index")] for c in PILLARS]
    total = sum(float(v) for v in parts)
    if within(total, row.published, sum(half_unit(v) for v in parts)):
        return "propagated", Evidence("sum_of_printed_pillars", parts=parts, total=total)
    return None


def printed_scores_with_errors(ctx, row):
    codes, printed, mean, slack = _pillar_scores(ctx, row)
    errors = [c for c, p in zip(codes, printed) if not is_match(p, ctx.rec.scores.at[row.region_id, c], "score")]
    if within(mean, row.published, slack) and errors:
        return "propagated", Evidence("printed_scores_with_errors", mean=float(mean), codes=errors)
    return None


def different_indicator_set(ctx, row):
    """The mean of the pillar's recomputed scores with one indicator left out, or one more let in."""
    codes = _pillar_scores(ctx, row)[0]
    pillar_codes = list(ctx.rec.indicators.loc[ctx.rec.indicators.pillar == row.indicator, "code"])
    scores = ctx.rec.scores.loc[row.region_id]
    trials = [([c for c in codes if c != drop], "without", drop) for drop in codes if len(codes) > 1]
    trials += [(codes + [add], "with", add) for add in pillar_codes if add not in codes]
    for subset, how, code in trials:
        mean = scores[subset].mean()
        if within(mean, row.published):
            return "different_indicator_set", Evidence(
                f"indicator_set_{how}", code=code, mean=float(mean), printed=row.published
            )
    return None


def index_input_precision(ctx, row):
    intervals = [
        _score_precision(ctx.rec, ctx.raw_text, row.region_id, code=c) or (1.0, 1.0)
        for c in _pillar_scores(ctx, row)[0]
    ]
    lo, hi = np.mean([i[0] for i in intervals]), np.mean([i[1] for i in intervals])
    if _prints_within(lo, hi, row.published):
        return "input_precision", Evidence("index_precision", low=float(lo), high=float(hi), printed=row.published)
    return None


def mean_of_printed_scores(ctx, row):
    _, _, mean, slack = _pillar_scores(ctx, row)
    if within(mean, row.published, slack):
        return "propagated", Evidence("mean_of_printed_scores", mean=float(mean))
    return None


def integral_no_fit(ctx, row):
    total = sum(float(ctx.lookup[("13", row.region_id, c, "index")]) for c in PILLARS)
    return Evidence("integral_no_fit", total=total)


def index_no_fit(ctx, row):
    return Evidence("index_no_fit", recomputed=float(row.recomputed), mean=float(_pillar_scores(ctx, row)[2]))


# --- ranks, levels --------------------------------------------------------------------------------


def _rank_bounds(values, v):
    """Best and worst competition rank a value can have among printed values with ties."""
    return 1 + int((values > v + EPSILON).sum()), int((values >= v - EPSILON).sum())


def _printed_rank_range(ctx, row):
    """(printed index, best rank, worst rank, the ranks as evidence) of the row's printed index among the printed
    indices."""
    printed = ctx.lookup[(row.table, row.region_id, row.indicator, "index")]
    cells = ctx.published[
        (ctx.published.table == row.table)
        & (ctx.published.indicator == row.indicator)
        & (ctx.published.statistic == "index")
    ]
    best, worst = _rank_bounds(cells.published.astype(float), float(printed))
    shown = Evidence("rank", rank=best) if best == worst else Evidence("ranks", best=best, worst=worst)
    return printed, best, worst, shown


def consistent_with_printed_indices(ctx, row):
    printed, best, worst, shown = _printed_rank_range(ctx, row)
    if best <= int(float(row.published)) <= worst:
        return "propagated", Evidence(
            "consistent_with_printed_indices",
            printed=printed,
            ranks=shown,
            index=float(ctx.rec.indices.at[row.region_id, row.indicator]),
        )
    return None


def rank_disagrees_with_printed_indices(ctx, row):
    printed, _, _, shown = _printed_rank_range(ctx, row)
    return "classification", Evidence(
        "rank_disagrees_with_printed_indices", printed=printed, ranks=shown, rank=int(float(row.published))
    )


def _printed_index_level(ctx, row):
    printed = ctx.lookup.get(("13", row.region_id, row.indicator, "index"))
    return printed, (level(float(printed), "integral" if row.indicator == INTEGRAL else "pillar") if printed else None)


def printed_index_level(ctx, row):
    printed, expected = _printed_index_level(ctx, row)
    if expected == row.published:
        return "propagated", Evidence(
            "printed_index_level",
            printed=printed,
            expected=expected,
            index=float(ctx.rec.indices.at[row.region_id, row.indicator]),
            level=row.recomputed,
        )
    return None


def level_disagrees_with_thresholds(ctx, row):
    printed, expected = _printed_index_level(ctx, row)
    return "classification", Evidence(
        "level_disagrees_with_thresholds", printed=printed, expected=expected, level=row.published
    )


# --- statistics rows (Tables 7-9) -----------------------------------------------------------------

STATISTIC_CANDIDATES = {  # each named by the entry `evidence.candidate_statistic.<name>`
    "stdev_s": lambda v: v.std(ddof=1),
    "stdev_p": lambda v: v.std(ddof=0),
    "var_s": lambda v: v.var(ddof=1),
    "skew_p": lambda v: skewness(v, bias=True),
    "mean": lambda v: v.mean(),
    "median": lambda v: v.median(),
}


def _skewness_of_rows(a):
    """Excel's SKEW of every row at once (statistics.skewness, vectorised)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Precision loss occurred", RuntimeWarning)
        return scipy.stats.skew(a, axis=1, bias=False)


# each printed statistic of every row of an array: all the draws within the printed rounding in one call
# (one call per draw cost 4 s of the 2023 run; this costs 0.01 s)
STATISTIC_FUNCTIONS = {
    "skewness": _skewness_of_rows,
    "min": lambda a: a.min(axis=1),
    "max": lambda a: a.max(axis=1),
    "mean": lambda a: a.mean(axis=1),
    "median": lambda a: np.median(a, axis=1),
    "std": lambda a: a.std(axis=1, ddof=1),
}


def _regions_with_a_value(ctx, v):
    n = len(ctx.rec.values)
    return Evidence("all_regions", n=n) if len(v) == n else Evidence("regions_with_a_value", with_value=len(v), n=n)


def different_statistic(ctx, row):
    """Another statistic gives the cell, and it gives most of the cells of the same row."""
    v = ctx.rec.values[row.indicator].dropna()
    same_row = ctx.published[(ctx.published.table == row.table) & (ctx.published.statistic == row.statistic)]
    for name, fn in STATISTIC_CANDIDATES.items():
        hits = [within(fn(ctx.rec.values[c].dropna()), t) for c, t in zip(same_row.indicator, same_row.published)]
        if within(fn(v), row.published) and sum(hits) >= MOST_OF_COLUMN * len(hits):
            return "different_statistic", Evidence(
                "different_statistic",
                statistic=name,
                regions=_regions_with_a_value(ctx, v),
                value=float(fn(v)),
                hits=sum(hits),
                cells=len(hits),
            )
    return None


def statistic_input_precision(ctx, row, draws=PRECISION_DRAWS, *, seed=DRAW_SEED):
    """Raw inputs printed with too few digits: each drawn anywhere within its printed rounding."""
    fn = STATISTIC_FUNCTIONS.get(row.statistic)
    if fn is None:
        return None
    v = ctx.rec.values[row.indicator].dropna()
    halves = np.array([_printed_half_units(ctx.raw_text, row.indicator)[r] for r in v.index])
    rng = np.random.default_rng(seed)
    drawn = fn(v.to_numpy() + rng.uniform(-halves, halves, size=(draws, len(halves))))  # a draw per row
    lo, hi = float(np.min(drawn)), float(np.max(drawn))
    if _prints_within(lo, hi, row.published):
        return "input_precision", Evidence(
            "statistic_precision", draws=draws, statistic=row.statistic, low=lo, high=hi, printed=row.published
        )
    return None


def statistic_no_fit(ctx, row):
    return Evidence("statistic_no_fit", recomputed=float(row.recomputed), printed=row.published)


# --- the text's claims ----------------------------------------------------------------------------


def _shown(value, kind):
    """What a claim's value is, as evidence: the value (a region id, a number), or that no region has the rank."""
    if value is None and kind.startswith("rank_"):
        return Evidence("no_region_with_rank", rank=int(kind[5:]))
    return value


def _table13_says(ctx, row):
    """(what the published Table 13 says for the claim, how to show it), or None for a claim it cannot check."""
    t13 = ctx.published[(ctx.published.table == "13") & (ctx.published.statistic == "index")]
    scope = INTEGRAL if row.indicator == "integral" else row.indicator
    values = t13[t13.indicator == scope].set_index("region_id").published.astype(float)
    levels = values.map(lambda v: level(v, "integral" if scope == INTEGRAL else "pillar"))
    table_says = {
        "min": values.min(),
        "max": values.max(),
        "leader_value": values.max(),
        "leader": values.idxmax(),
        "low_min": values[levels == "low"].min() if (levels == "low").any() else np.nan,
        "low_max": values[levels == "low"].max() if (levels == "low").any() else np.nan,
    }
    kind = row.statistic.split("_", 1)[1]
    if kind.endswith("_count"):
        table_says[kind] = int((levels == kind[: -len("_count")]).sum())
    if kind.startswith("rank_"):
        ranks = ctx.published[
            (ctx.published.table == "13") & (ctx.published.indicator == scope) & (ctx.published.statistic == "rank")
        ]
        hits = ranks[ranks.published.astype(float).astype(int) == int(kind[5:])].region_id
        table_says[kind] = hits.iloc[0] if len(hits) else None
    if kind not in table_says:
        return None
    said = table_says[kind]
    shown = _shown(said, kind)
    if kind.endswith("_count"):
        t14 = ctx.published[
            (ctx.published.table == "14") & (ctx.published.indicator == scope) & (ctx.published.statistic == "level")
        ]
        listed = int((t14.published == kind[: -len("_count")]).sum())
        shown = Evidence("count_by_thresholds", count=said, listed=listed)
    return said, shown


def _claim_agrees(ctx, row, said):
    if isinstance(said, str):
        return ctx.rec.aliases.get(normalise_name(row.published)) == said
    return said is not None and not pd.isna(said) and is_match(row.published, said, row.statistic)


def agrees_with_table13(ctx, row):
    found = _table13_says(ctx, row)
    if found and _claim_agrees(ctx, row, found[0]):
        return "propagated", Evidence(
            "agrees_with_table13", table13=found[1], recomputed=_shown(row.recomputed, row.statistic.split("_", 1)[1])
        )
    return None


def disagrees_with_table13(ctx, row):
    found = _table13_says(ctx, row)
    if found and not _claim_agrees(ctx, row, found[0]):
        return "text_vs_table", Evidence(
            "disagrees_with_table13",
            table13=found[1],
            recomputed=_shown(row.recomputed, row.statistic.split("_", 1)[1]),
        )
    return None


def claim_no_fit(ctx, row):
    return Evidence("recomputed", recomputed=_shown(row.recomputed, row.statistic.split("_", 1)[1]))


# --- the order they are tried in ------------------------------------------------------------------

CANDIDATES = {
    "score": [
        copy_of_column,
        raw_values,
        other_bounds,
        opposite_direction,
        score_input_precision,
        duplicated_raw_value,
    ],
    "index": [printed_scores_with_errors, different_indicator_set, index_input_precision, mean_of_printed_scores],
    "integral": [sum_of_printed_pillars],
    "rank": [consistent_with_printed_indices, rank_disagrees_with_printed_indices],
    "level": [printed_index_level, level_disagrees_with_thresholds],
    "statistic": [different_statistic, statistic_input_precision],
    "claim": [agrees_with_table13, disagrees_with_table13],
}
NO_FIT = {
    "score": score_no_fit,
    "index": index_no_fit,
    "integral": integral_no_fit,
    "statistic": statistic_no_fit,
    "claim": claim_no_fit,
}
