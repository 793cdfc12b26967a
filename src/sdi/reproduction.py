"""Step 6, reproduction: every published number against the recomputation, and why each differs.

`published_numbers` reads data/reference/<year>/ into one long table, one row per printed number.
`compare` adds the `thesis` recomputation and whether it matches: a number matches when the
recomputed value is within half a unit of the last printed digit (ranks, levels and names must be
equal). `diagnose` tests candidate explanations against the data for each mismatch and keeps the
first that fits, with its evidence; what none explains is `unexplained`.
"""

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from . import PILLARS
from .cleaning import regional_values
from .index import index_table
from .metadata import NATIONAL_ID, alias_map, normalise_name
from .normalisation import minmax_scores, score_table
from .statistics import describe, skewness
from .typology import add_levels, level

EPSILON = 1e-9  # floating-point noise on a value exactly half a unit away
ALL_REGIONS = "Барлық аймақтар"  # Table 14's "all regions"
SCORE_TABLES = {"10": "social", "11": "economic", "12": "ecological"}
STATS_TABLES = {"7": "social", "8": "economic", "9": "ecological"}
ERRATA_COLUMNS = ["table", "region_id", "indicator", "statistic", "published", "recomputed", "diagnosis", "evidence"]

DIAGNOSES = {
    "copy_of_column": "the published column is a copy of another column",
    "raw_values": "the published cell is the raw value, not its score",
    "opposite_direction": "the published score uses the opposite direction",
    "other_bounds": "min-max scaling with other bounds than the regions' min and max",
    "input_precision": "follows from raw inputs printed with too few digits",
    "different_statistic": "the printed statistic is a different statistic than its label",
    "different_indicator_set": "the pillar index is the mean of a different set of indicators",
    "propagated": "consistent with the published numbers it is computed from (the error is upstream)",
    "classification": "the class disagrees with the stated thresholds",
    "text_vs_table": "the text disagrees with the published table",
    "unexplained": "no candidate explanation fits",
}


# --- the published numbers --------------------------------------------------------------------

def half_unit(printed):
    """Half a unit of the last printed digit: '8.66' -> 0.005, '5.6' -> 0.05, '17' -> 0.5."""
    return 0.5 * 10 ** Decimal(printed).as_tuple().exponent


def _ids(names, regions):
    mapping = alias_map(regions)
    return [mapping[normalise_name(n)] for n in names]


def published_numbers(reference_dir, regions, indicators):
    """Every printed number of Tables 7-14 and the text, long: table, region_id, indicator, statistic, published."""
    rows = []
    for table, pillar in STATS_TABLES.items():
        ref = pd.read_csv(reference_dir / f"table{int(table):02d}_statistics.csv", dtype=str, keep_default_na=False)
        for _, r in ref.iterrows():
            rows += [(table, "", code, r["statistic"], r[code]) for code in ref.columns[1:]]
    for table, pillar in SCORE_TABLES.items():
        ref = pd.read_csv(reference_dir / f"table{int(table)}_{pillar}_scores.csv", dtype=str, keep_default_na=False)
        for region_id, (_, r) in zip(_ids(ref["region"], regions), ref.iterrows()):
            rows += [(table, region_id, code, "score", r[code]) for code in ref.columns if code.startswith("B")]
            rows += [(table, region_id, pillar, "index", r["index"]), (table, region_id, pillar, "rank", r["rank"])]
    ref = pd.read_csv(reference_dir / "table13_integral.csv", dtype=str, keep_default_na=False)
    for region_id, (_, r) in zip(_ids(ref["region"], regions), ref.iterrows()):
        for column in (*PILLARS, "isdr"):
            rows += [("13", region_id, column, "index", r[column]), ("13", region_id, column, "rank", r[f"rank_{column}"])]
    ref = pd.read_csv(reference_dir / "table14_typology.csv", dtype=str, keep_default_na=False)
    every = [r for r in regions["region_id"] if r != NATIONAL_ID]
    for _, r in ref.iterrows():
        ids = every if r["region"] == ALL_REGIONS else _ids([r["region"]], regions)
        rows += [("14", region_id, r["pillar"], "level", r["level"]) for region_id in ids]
    ref = pd.read_csv(reference_dir / "text_claims.csv", dtype=str, keep_default_na=False)
    rows += [("text", "", r["scope"], r["claim"], r["published"]) for _, r in ref.iterrows()]
    return pd.DataFrame(rows, columns=["table", "region_id", "indicator", "statistic", "published"])


# --- the recomputation ---------------------------------------------------------------------------

@dataclass
class Recomputation:
    """Everything the thesis method computes for one year, plus what the diagnoses need."""

    clean: pd.DataFrame
    indicators: pd.DataFrame
    regions: pd.DataFrame

    def __post_init__(self):
        self.values = regional_values(self.clean)
        self.stats = describe(self.values).set_index("indicator")
        self.scores = score_table(self.values, self.indicators, "direction_thesis")
        self.indices = add_levels(index_table(self.scores, self.indicators, "in_thesis_index")).set_index("region_id")
        self.direction = dict(zip(self.indicators["code"], self.indicators["direction_thesis"]))
        self.names = dict(zip(self.regions["region_id"], self.regions["name_en"]))
        self.aliases = alias_map(self.regions)
        national = self.clean[self.clean["region_id"] == NATIONAL_ID]
        self.national = dict(zip(national["indicator"], national["value"]))


def _claim_value(rec, scope, claim):
    """What the recomputation says for one of the text's claims."""
    column = "isdr" if scope == "integral" else scope
    values = rec.indices[column]
    kind = claim.split("_", 1)[1]
    if kind == "min":
        return values.min()
    if kind in ("max", "leader_value"):
        return values.max()
    if kind == "leader":
        return values.idxmax()
    if kind.startswith("rank_"):
        return rec.indices.index[rec.indices[f"rank_{column}"] == int(kind[5:])][0]
    if kind == "all_level":
        levels = set(rec.indices[f"level_{column}"])
        return levels.pop() if len(levels) == 1 else "mixed: " + ", ".join(sorted(levels))
    if kind.endswith("_count"):
        return int((rec.indices[f"level_{column}"] == kind[: -len("_count")]).sum())
    if kind in ("low_min", "low_max"):
        low = values[rec.indices[f"level_{column}"] == "low"]
        return low.min() if kind == "low_min" else low.max()
    raise ValueError(f"unknown claim {claim}")


def recomputed_value(rec, row):
    table, region_id, indicator, statistic = row.table, row.region_id, row.indicator, row.statistic
    if table in STATS_TABLES:
        return rec.stats.at[indicator, statistic]
    if statistic == "score":
        return rec.scores.at[region_id, indicator]
    if statistic in ("index", "rank"):
        return rec.indices.at[region_id, indicator if statistic == "index" else f"rank_{indicator}"]
    if statistic == "level":
        return rec.indices.at[region_id, f"level_{indicator}"]
    return _claim_value(rec, indicator, statistic)


def is_match(published, recomputed, statistic, aliases=None):
    """Whether a printed number (or class, or region name) agrees with the recomputed one.
    `aliases` ({normalised name: region_id}) lets a printed region name match a recomputed region_id."""
    if isinstance(recomputed, str) or statistic == "level":
        return str(recomputed) == published or (aliases or {}).get(normalise_name(published)) == recomputed
    if statistic == "rank" or statistic.endswith("_count"):
        return int(float(published)) == int(recomputed)
    return abs(float(recomputed) - float(published)) <= half_unit(published) + EPSILON


def compare(published, rec):
    """published + recomputed + match (bool)."""
    out = published.copy()
    out["recomputed"] = [recomputed_value(rec, r) for r in out.itertuples()]
    out["match"] = [is_match(p, v, s, rec.aliases) for p, v, s in zip(out.published, out.recomputed, out.statistic)]
    return out


# --- diagnosis ----------------------------------------------------------------------------------

def _fmt(x):
    return f"{x:.4g}" if isinstance(x, (float, np.floating)) else str(x)


def _score_column_candidates(rec, published, table, code):
    """Column-level explanations for a score column: {region_id: (diagnosis, evidence)}."""
    cells = published[(published.table == table) & (published.indicator == code) & (published.statistic == "score")]
    printed = dict(zip(cells.region_id, cells.published))
    found = {}
    # another column of the same table, identical in every cell
    table_cells = published[(published.table == table) & (published.statistic == "score")]
    for other, group in table_cells.groupby("indicator", sort=False):
        if other != code and dict(zip(group.region_id, group.published)) == printed:
            return {r: ("copy_of_column", f"every one of the {len(printed)} printed cells of {code} equals column {other}") for r in printed}
    x = rec.values[code]
    raw_hits = [r for r, p in printed.items() if abs(x[r] - float(p)) <= half_unit(p) + EPSILON]
    if len(raw_hits) >= len(printed) / 2:
        for r in raw_hits:
            found[r] = ("raw_values", f"{len(raw_hits)} of {len(printed)} cells equal the raw value ({_fmt(x[r])} printed as {printed[r]})")
    # min-max scaling with other bounds, when most of the column disagrees with the regions' [min, max]
    direction = rec.direction[code]
    rest = [r for r in printed if r not in found and not np.isnan(x[r])]
    wrong = [r for r in rest if not is_match(printed[r], rec.scores.at[r, code], "score")]
    if len(wrong) >= len(printed) / 4:
        bounds = _other_bounds(x, rec.national.get(code, np.nan), direction, {r: printed[r] for r in rest})
        if bounds:
            a, b, how = bounds
            for r in wrong:
                found[r] = ("other_bounds", f"all {len(rest)} cells fit {'negative' if direction < 0 else 'positive'} min-max "
                                            f"scaling with bounds [{a:.4g}, {b:.4g}] ({how}) instead of [min, max] = "
                                            f"[{x.min():g}, {x.max():g}], within the printed rounding")
    return found


def _fits(scores, printed):
    return all(abs(scores[r] - float(p)) <= half_unit(p) + EPSILON for r, p in printed.items())


def _other_bounds(x, national, direction, printed):
    """(lower, upper, how) of a min-max scaling that reproduces every printed cell, or None."""
    lo, hi = x.min(), x.max()
    named = [(0.0, hi, "lower bound 0"), (lo, 100.0, "upper bound 100"), (0.0, 100.0, "bounds 0 and 100"),
             (min(lo, national), max(hi, national), "the national row counted among the regions")]
    for a, b, how in named:
        if b > a and not (a == lo and b == hi):
            share = ((x - a) / (b - a)).clip(0, 1)
            if _fits(1 + 8 * (share if direction == 1 else 1 - share), printed):
                return a, b, how
    ids = list(printed)
    beta, alpha = np.polyfit(x[ids].to_numpy(), np.array([float(printed[r]) for r in ids]), 1)
    a, b = sorted(((1 - alpha) / beta, (9 - alpha) / beta))
    material = max(abs(a - lo), abs(b - hi)) > 0.01 * (hi - lo)
    if material and _fits(pd.Series(alpha + beta * x[ids], index=ids), printed):
        return a, b, "fitted"
    return None


def _score_interval(x, lo, hi, direction, hx, hlo, hhi):
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


def _printed_half_units(clean_raw_text, code):
    """Half-unit of each region's printed raw value of one indicator (from the raw file's text)."""
    return {r: half_unit(t) if t else 0.0 for r, t in clean_raw_text[code].items()}


def _score_precision(rec, raw_text, region_id, code):
    x = rec.values[code]
    h = _printed_half_units(raw_text, code)
    lo_id, hi_id = x.idxmin(), x.idxmax()
    if np.isnan(x[region_id]):
        return None
    if region_id in (lo_id, hi_id):
        return (float(rec.scores.at[region_id, code]),) * 2
    return _score_interval(x[region_id], x[lo_id], x[hi_id], rec.direction[code], h[region_id], h[lo_id], h[hi_id])


def _diagnose_score(rec, raw_text, row, column_found):
    if row.region_id in column_found:
        return column_found[row.region_id]
    p, h = float(row.published), half_unit(row.published)
    x = rec.values[row.indicator]
    if not np.isnan(x[row.region_id]):
        opposite = float(minmax_scores(x, -rec.direction[row.indicator])[row.region_id])
        if abs(opposite - p) <= h + EPSILON:
            return "opposite_direction", f"the opposite direction gives {opposite:.3f}, printed {row.published}"
    interval = _score_precision(rec, raw_text, row.region_id, row.indicator)
    if interval and interval[0] - h - EPSILON <= p <= interval[1] + h + EPSILON:
        return "input_precision", (f"with the raw value and the bounds anywhere within their printed rounding the score lies in "
                                   f"[{interval[0]:.4f}, {interval[1]:.4f}], a range with values that print as {row.published}")
    lo, hi = x.min(), x.max()
    share = (p - 1) / 8 if rec.direction[row.indicator] == 1 else 1 - (p - 1) / 8
    implied = lo + share * (hi - lo)
    twins = [rec.names[r] for r in x.index if r != row.region_id and x[r] == x[row.region_id]]
    twin_note = f"; its printed raw value {x[row.region_id]:g} is the same as {', '.join(twins)}'s" if twins else ""
    return "unexplained", (f"recomputed {row.recomputed:.3f}; neither direction, the raw value, other bounds nor the input "
                           f"rounding gives {row.published}, which implies a raw value of {implied:.4g}{twin_note}")


def _published_lookup(published):
    return {(r.table, r.region_id, r.indicator, r.statistic): r.published for r in published.itertuples()}


def _diagnose_index(rec, raw_text, row, lookup, published):
    """A pillar index (Tables 10-13) or ISDR (Table 13)."""
    p, h = float(row.published), half_unit(row.published)
    if row.indicator == "isdr":
        parts = [lookup[("13", row.region_id, c, "index")] for c in PILLARS]
        total = sum(float(v) for v in parts)
        slack = h + sum(half_unit(v) for v in parts)
        if abs(total - p) <= slack + EPSILON:
            return "propagated", f"equals the sum of the printed pillar indices {' + '.join(parts)} = {total:.2f} (within their rounding)"
        return "unexplained", f"the printed pillar indices sum to {total:.2f}"
    table = {v: k for k, v in SCORE_TABLES.items()}[row.indicator]
    codes = list(rec.indicators.loc[(rec.indicators.pillar == row.indicator) & rec.indicators.in_thesis_index, "code"])
    printed = [lookup[(table, row.region_id, c, "score")] for c in codes]
    mean = np.mean([float(v) for v in printed])
    slack = h + np.mean([half_unit(v) for v in printed])
    if abs(mean - p) <= slack + EPSILON:
        score_errors = [c for c in codes if not is_match(lookup[(table, row.region_id, c, "score")], rec.scores.at[row.region_id, c], "score")]
        if score_errors:
            return "propagated", (f"equals the mean of the printed scores ({mean:.3f}); the printed scores of "
                                  f"{', '.join(score_errors)} differ from the recomputation")
    other_set = _other_indicator_set(rec, row, codes, p, h)
    if other_set:
        return "different_indicator_set", other_set
    intervals = [_score_precision(rec, raw_text, row.region_id, c) or (1.0, 1.0) for c in codes]
    lo, hi = np.mean([i[0] for i in intervals]), np.mean([i[1] for i in intervals])
    if lo - h - EPSILON <= p <= hi + h + EPSILON:
        return "input_precision", (f"with every raw input anywhere within its printed rounding the index lies in "
                                   f"[{lo:.4f}, {hi:.4f}], a range with values that print as {row.published}")
    if abs(mean - p) <= slack + EPSILON:
        return "propagated", f"equals the mean of the printed scores ({mean:.3f})"
    return "unexplained", f"recomputed {row.recomputed:.3f}; mean of the printed scores {mean:.3f}"


def _other_indicator_set(rec, row, codes, p, h):
    """Evidence if the mean of the pillar's scores with one indicator left out, or one more let in, gives the printed index."""
    pillar_codes = list(rec.indicators.loc[rec.indicators.pillar == row.indicator, "code"])
    scores = rec.scores.loc[row.region_id]
    trials = [([c for c in codes if c != drop], f"without {drop}") for drop in codes if len(codes) > 1]
    trials += [(codes + [add], f"with {add}") for add in pillar_codes if add not in codes]
    for subset, how in trials:
        mean = scores[subset].mean()
        if abs(mean - p) <= h + EPSILON:
            return f"the mean of the recomputed scores {how} is {mean:.4f}, printed {row.published}"
    return None


def _rank_bounds(values, v):
    """Best and worst competition rank a value can have among printed values with ties."""
    return 1 + int((values > v + EPSILON).sum()), int((values >= v - EPSILON).sum())


def _diagnose_rank(rec, row, lookup, published):
    index_key = (row.table, row.region_id, row.indicator, "index")
    cells = published[(published.table == row.table) & (published.indicator == row.indicator) & (published.statistic == "index")]
    values = cells.published.astype(float)
    best, worst = _rank_bounds(values, float(lookup[index_key]))
    rank = int(float(row.published))
    if best <= rank <= worst:
        return "propagated", (f"consistent with the printed indices (printed {lookup[index_key]} ranks {best}"
                              f"{'' if best == worst else f'-{worst}'} among them); the recomputed index is {rec.indices.at[row.region_id, row.indicator]:.3f}")
    return "classification", f"the printed index {lookup[index_key]} ranks {best}{'' if best == worst else f'-{worst}'} among the printed indices, not {rank}"


def _diagnose_level(rec, row, lookup):
    printed_index = lookup.get(("13", row.region_id, row.indicator, "index"))
    expected = level(float(printed_index), "pillar") if printed_index else None
    if expected == row.published:
        return "propagated", (f"the printed index {printed_index} is {expected} by the stated thresholds; "
                              f"the recomputed index {rec.indices.at[row.region_id, row.indicator]:.3f} is {row.recomputed}")
    return "classification", f"the printed index {printed_index} is {expected} by the stated thresholds, but Table 14 puts it in {row.published}"


def _diagnose_claim(rec, row, published):
    t13 = published[(published.table == "13") & (published.statistic == "index")]
    scope = "isdr" if row.indicator == "integral" else row.indicator
    values = t13[t13.indicator == scope].set_index("region_id").published.astype(float)
    levels = values.map(lambda v: level(v, "integral" if scope == "isdr" else "pillar"))
    table_says = {"min": values.min(), "max": values.max(), "leader_value": values.max(), "leader": values.idxmax(),
                  "low_min": values[levels == "low"].min() if (levels == "low").any() else np.nan,
                  "low_max": values[levels == "low"].max() if (levels == "low").any() else np.nan}
    kind = row.statistic.split("_", 1)[1]
    if kind.endswith("_count"):
        table_says[kind] = int((levels == kind[: -len("_count")]).sum())
    if kind.startswith("rank_"):
        rank_rows = published[(published.table == "13") & (published.indicator == scope) & (published.statistic == "rank")]
        hits = rank_rows[rank_rows.published.astype(float).astype(int) == int(kind[5:])].region_id
        table_says[kind] = hits.iloc[0] if len(hits) else None
    if kind not in table_says:
        return "unexplained", f"recomputed {_fmt(row.recomputed)}"
    said = table_says[kind]
    agrees = (rec.aliases.get(normalise_name(row.published)) == said) if isinstance(said, str) else (
        not pd.isna(said) and is_match(row.published, said, row.statistic))
    shown = rec.names.get(said, said) if isinstance(said, str) else _fmt(said)
    if kind.endswith("_count"):
        t14 = published[(published.table == "14") & (published.indicator == scope) & (published.statistic == "level")]
        shown = f"{shown} by the stated thresholds; Table 14 lists {int((t14.published == kind[: -len('_count')]).sum())}"
    if agrees:
        return "propagated", f"agrees with the published Table 13 ({shown}); the recomputation gives {_fmt(rec.names.get(row.recomputed, row.recomputed))}"
    return "text_vs_table", f"the published Table 13 gives {shown}; the recomputation gives {_fmt(rec.names.get(row.recomputed, row.recomputed))}"


STATISTIC_CANDIDATES = {
    "the sample standard deviation (STDEV.S)": lambda v: v.std(ddof=1),
    "the population standard deviation (STDEV.P)": lambda v: v.std(ddof=0),
    "the sample variance": lambda v: v.var(ddof=1),
    "the population skewness (SKEW.P)": lambda v: skewness(v, bias=True),
    "the mean": lambda v: v.mean(),
    "the median": lambda v: v.median(),
}


def _diagnose_statistic(rec, raw_text, row, published, seed=2023):
    p, h = float(row.published), half_unit(row.published)
    v = rec.values[row.indicator].dropna()
    same_row = published[(published.table == row.table) & (published.statistic == row.statistic)]
    for name, fn in STATISTIC_CANDIDATES.items():
        hits = [abs(fn(rec.values[c].dropna()) - float(t)) <= half_unit(t) + EPSILON for c, t in zip(same_row.indicator, same_row.published)]
        if abs(fn(v) - p) <= h + EPSILON and sum(hits) >= len(hits) / 2:
            return "different_statistic", f"equals {name} of the 20 regions ({fn(v):.6g}), as do {sum(hits)} of the {len(hits)} cells of this row"
    # raw inputs printed with too few digits: draw them within their printed rounding (fixed seed)
    halves = np.array([_printed_half_units(raw_text, row.indicator)[r] for r in v.index])
    rng = np.random.default_rng(seed)
    fn = {"skewness": skewness, "min": np.min, "max": np.max, "mean": np.mean, "median": np.median}[row.statistic]
    draws = [fn(v.to_numpy() + rng.uniform(-halves, halves)) for _ in range(4000)]
    lo, hi = float(np.min(draws)), float(np.max(draws))
    if lo - h - EPSILON <= p <= hi + h + EPSILON:
        return "input_precision", (f"with each raw value anywhere within its printed rounding (4,000 draws) the {row.statistic} "
                                   f"ranges over [{lo:.4f}, {hi:.4f}], a range with values that print as {row.published}")
    return "unexplained", f"recomputed {row.recomputed:.4f}; no other statistic and no rounding of the inputs gives {row.published}"


def diagnose(compared, rec, raw_text):
    """errata: one row per mismatch with its diagnosis and evidence (columns ERRATA_COLUMNS)."""
    lookup = _published_lookup(compared)
    column_found = {}
    rows = []
    for row in compared[~compared.match].itertuples():
        if row.statistic == "score":
            key = (row.table, row.indicator)
            if key not in column_found:
                column_found[key] = _score_column_candidates(rec, compared, row.table, row.indicator)
            diagnosis, evidence = _diagnose_score(rec, raw_text, row, column_found[key])
        elif row.table in STATS_TABLES:
            diagnosis, evidence = _diagnose_statistic(rec, raw_text, row, compared)
        elif row.statistic == "index":
            diagnosis, evidence = _diagnose_index(rec, raw_text, row, lookup, compared)
        elif row.statistic == "rank":
            diagnosis, evidence = _diagnose_rank(rec, row, lookup, compared)
        elif row.statistic == "level":
            diagnosis, evidence = _diagnose_level(rec, row, lookup)
        else:
            diagnosis, evidence = _diagnose_claim(rec, row, compared)
        recomputed = row.recomputed if isinstance(row.recomputed, str) else float(row.recomputed)
        rows.append((row.table, row.region_id, row.indicator, row.statistic, row.published, recomputed, diagnosis, evidence))
    return pd.DataFrame(rows, columns=ERRATA_COLUMNS)


def raw_text_values(raw_dir, regions, indicators):
    """The raw files' cells as printed text, wide (regions x codes): the digits tell their precision."""
    frames = []
    names = alias_map(regions)
    for pillar in PILLARS:
        table = pd.read_csv(raw_dir / f"{pillar}.csv", dtype=str, keep_default_na=False)
        table.index = [names[normalise_name(n)] for n in table["region"]]
        frames.append(table.drop(columns="region"))
    wide = pd.concat(frames, axis=1)
    return wide.drop(index=NATIONAL_ID, errors="ignore")


# --- summary and verdicts -------------------------------------------------------------------------

TABLE_NAMES = {"7": "Table 7 statistics rows", "8": "Table 8 statistics rows", "9": "Table 9 statistics rows",
               "10": "Table 10", "11": "Table 11", "12": "Table 12", "13": "Table 13", "14": "Table 14",
               "text": "Text after Table 13"}


def verdict(compared_n, matched, unexplained):
    mismatched = compared_n - matched
    if mismatched == 0:
        return "reproduced"
    if unexplained == 0 and mismatched <= 0.05 * compared_n:
        return "reproduced with minor issues"
    if matched >= 0.5 * compared_n:
        return "partly reproduced"
    return "not reproduced"


def summary(compared, errata):
    rows = []
    for table in TABLE_NAMES:
        n = int((compared.table == table).sum())
        matched = int(((compared.table == table) & compared.match).sum())
        mine = errata[errata.table == table]
        unexplained = int((mine.diagnosis == "unexplained").sum())
        rows.append({"table": table, "compared": n, "matched": matched, "explained": len(mine) - unexplained,
                     "unexplained": unexplained, "verdict": verdict(n, matched, unexplained)})
    return pd.DataFrame(rows)


def rank_changes(published_t13, thesis, corrected):
    """Per region: published ISDR rank and level vs the thesis and the corrected recomputation."""
    out = pd.DataFrame({
        "published_rank": published_t13.set_index("region_id").rank_isdr,
        "thesis_rank": thesis.rank_isdr, "corrected_rank": corrected.rank_isdr,
        "published_isdr": published_t13.set_index("region_id").isdr,
        "thesis_isdr": thesis.isdr, "corrected_isdr": corrected.isdr,
    })
    out["shift_errors_removed"] = out.published_rank - out.thesis_rank
    out["shift_corrected"] = out.thesis_rank - out.corrected_rank
    return out
