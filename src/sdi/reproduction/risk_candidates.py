"""The candidate explanations of a mismatch in the risk maps and criteria (Tables 15-20) and the text
on the risks, per kind of printed number, in the order they are tried (see `index_candidates` for
what a candidate is). `ctx.rec` is a `risk_comparison.RiskRecomputation`; the kinds are those of
`risk_comparison.risk_kind`.
"""

from decimal import Decimal

import numpy as np
import pandas as pd

from sdi.inputs.metadata import NATIONAL_ID
from sdi.reproduction.evidence import Evidence
from sdi.reproduction.index_candidates import MOST_OF_COLUMN
from sdi.reproduction.matching import EPSILON, within
from sdi.reproduction.risk_comparison import band_side, claim_about, claim_value, rule_value
from sdi.risk.thresholds import STANDARD

SLIP_UNITS = 3  # a printed bound this many units of its last digit from the rule's value is a slip next to it
STATISTICS_OF_VALUES = {"mean": np.mean, "median": np.median}


def _decimals(printed):
    return max(0, -Decimal(printed).as_tuple().exponent)


def _map_column(ctx, table, code):
    """{region_id: printed value} of one map column, the national row (KZ) included."""
    cells = ctx.published[
        (ctx.published.table == table) & (ctx.published.indicator == code) & (ctx.published.kind == "map_value")
    ]
    return {r: float(p) for r, p in zip(cells.region_id, cells.published)}


def _regional(column):
    return np.array([v for r, v in column.items() if r != NATIONAL_ID])


def _recomputed_column(ctx, code):
    """{region_id: value} of one indicator over Tables 7-9, the national row included."""
    return {**ctx.rec.values[code].to_dict(), NATIONAL_ID: ctx.rec.national.get(code, np.nan)}


def _statistics_of(ctx, code):
    """What a map's cell of indicator `code` may be: its mean, median, national value and standards
    ({name: value}; a standard's name carries its number)."""
    stats = {
        "mean": ctx.rec.stats.at[code, "mean"],
        "median": ctx.rec.stats.at[code, "median"],
        "national": ctx.rec.national.get(code, np.nan),
    }
    medium = ctx.rec.band(code, "medium")
    for source in (medium["lower_source"], medium["upper_source"]):
        if source.startswith(STANDARD):
            stats[source] = float(source.split()[1])
    return stats


def _named(name, value):
    """'mean 48.38', 'standard 100' (a standard's name already says its number)."""
    if name.startswith(STANDARD):
        return Evidence("named_standard", number=float(name.split()[1]))
    return Evidence("named_statistic", statistic=name, value=float(value))


def _printed_map_text(ctx, table, code):
    cells = ctx.published[
        (ctx.published.table == table) & (ctx.published.indicator == code) & (ctx.published.kind == "map_value")
    ]
    return dict(zip(cells.region_id, cells.published))


def _copy_source(ctx, table, code):
    """The indicator this map column copies (every printed value is that indicator's value), or None."""
    printed = _printed_map_text(ctx, table, code)
    for other in ctx.rec.values.columns:
        values = _recomputed_column(ctx, other)
        if other != code and all(not np.isnan(values[r]) and within(values[r], p) for r, p in printed.items()):
            return other
    return None


def map_copy_of_column(ctx, row):
    """The map column holds another indicator's values (and its summary rows and bands that indicator's)."""
    other = ctx.once(("map_copy", row.table, row.indicator), _copy_source, row.table, row.indicator)
    if not other:
        return None
    where = row.indicator
    if row.kind == "map_value":
        count = len(_printed_map_text(ctx, row.table, row.indicator))
        return "copy_of_column", Evidence("map_copy_of_column", count=count, code=where, other=other)
    for name, value in _statistics_of(ctx, other).items():
        if not np.isnan(value) and within(value, row.published):
            return "copy_of_column", Evidence(
                "map_copy_of_column_statistic", code=where, other=other, statistic=_named(name, value)
            )
    return None


def _blank_as_zero(ctx, code):
    x = ctx.rec.values[code]
    return x.fillna(0.0) if x.isna().any() else None


def blank_read_as_zero(ctx, row):
    """A value Tables 7-9 leave blank is printed as 0, or a statistic or band counts it as 0."""
    if not row.indicator.startswith("B"):
        return None
    zeroed = _blank_as_zero(ctx, row.indicator)
    if zeroed is None:
        return None
    blanks = int(ctx.rec.values[row.indicator].isna().sum())
    if row.kind == "map_value":
        if (
            row.region_id != NATIONAL_ID
            and np.isnan(ctx.rec.values.at[row.region_id, row.indicator])
            and float(row.published) == 0
        ):
            return "blank_read_as_zero", Evidence(
                "blank_printed_as_zero", region=row.region_id, code=row.indicator, printed=row.published
            )
        return None
    if row.kind == "map_statistic" and row.statistic in STATISTICS_OF_VALUES:
        statistic = row.statistic
    elif row.kind == "map_band":
        level, side = row.statistic.rsplit("_", 1)
        statistic = ctx.rec.band(row.indicator, level)[f"{band_side(ctx.rec, row.indicator, level, side=side)}_source"]
    else:
        return None
    if statistic not in STATISTICS_OF_VALUES:
        return None
    value = float(STATISTICS_OF_VALUES[statistic](zeroed))
    if within(value, row.published):
        return "blank_read_as_zero", Evidence(
            "blank_counted_as_zero",
            statistic=statistic,
            regions=len(zeroed),
            blanks=blanks,
            value=value,
            values=len(zeroed) - blanks,
            own=float(ctx.rec.stats.at[row.indicator, statistic]),
        )
    return None


def more_digits_than_the_table(ctx, row):
    """The map prints a value with more digits than Tables 7-9, and it rounds to theirs."""
    if not row.indicator.startswith("B") or row.recomputed is None or pd.isna(row.recomputed):
        return None
    raw = (
        ctx.rec.national_text.get(row.indicator)
        if row.region_id == NATIONAL_ID
        else ctx.raw_text.at[row.region_id, row.indicator]
    )
    if raw and _decimals(row.published) > _decimals(raw) and within(float(row.published), raw):
        return "input_precision", Evidence(
            "more_digits_than_the_table", printed=row.published, raw=raw, decimals=_decimals(raw)
        )
    return None


def rounded_to_fewer_digits(ctx, row):
    """The printed number is the value rounded to fewer digits than it shows (263.00 for 262.84), or
    cut off after its last digit (40 for 40.57)."""
    value = row.recomputed
    if value is None or isinstance(value, str) or pd.isna(value):
        return None
    text = row.published
    shown = text.rstrip("0").rstrip(".") if "." in text else text
    if shown != text and within(value, shown):
        return "rounded_to_fewer_digits", Evidence(
            "rounded_to_fewer_digits", value=float(value), decimals=_decimals(shown), shown=shown, printed=text
        )
    step = 10.0 ** -_decimals(text)
    if float(text) != 0 and abs(np.trunc(value / step) * step - float(text)) < EPSILON:
        return "rounded_to_fewer_digits", Evidence(
            "cut_off", value=float(value), printed=text, decimals=_decimals(text)
        )
    return None


def _roughly(ctx, region_id, code, *, value, printed):
    """Whether a printed map value is Tables 7-9's, give or take the digits either prints."""
    if np.isnan(value):
        return False
    raw = ctx.rec.national_text.get(code) if region_id == NATIONAL_ID else ctx.raw_text.at[region_id, code]
    shown = printed.rstrip("0").rstrip(".") if "." in printed else printed
    return within(value, printed) or within(value, shown) or bool(raw) and within(float(printed), raw)


def _own_series(ctx, table, code):
    """(mismatched, count) when most of a map column is not Tables 7-9's and its printed mean and
    median rows are its own values' (another series, consistent in itself), else None."""
    printed = _printed_map_text(ctx, table, code)
    values = _recomputed_column(ctx, code)
    wrong = [r for r, p in printed.items() if not _roughly(ctx, r, code, value=values[r], printed=p)]
    if len(wrong) < MOST_OF_COLUMN * len(printed) or ctx.once(("map_copy", table, code), _copy_source, table, code):
        return None
    own = _regional({r: float(p) for r, p in printed.items()})
    for statistic, fn in STATISTICS_OF_VALUES.items():
        summary = ctx.lookup.get((table, "", code, statistic))
        if summary is None or not within(float(fn(own)), summary):
            return None
    return wrong, len(printed)


def different_series(ctx, row):
    """The map column is another series than Tables 7-9's: most values differ, and its printed mean and
    median (and the bands from them) are those of its own values."""
    found = (
        ctx.once(("own_series", row.table, row.indicator), _own_series, row.table, row.indicator)
        if row.indicator.startswith("B")
        else None
    )
    if not found:
        return None
    wrong, count = found
    own = _map_column(ctx, row.table, row.indicator)
    summary = Evidence("different_series", wrong=len(wrong), count=count, code=row.indicator)
    if row.kind == "map_value":
        return ("different_series", summary) if row.region_id in wrong else None
    statistic = row.statistic if row.kind == "map_statistic" else None
    if row.kind == "map_band":
        level, side = row.statistic.rsplit("_", 1)
        statistic = ctx.rec.band(row.indicator, level)[f"{band_side(ctx.rec, row.indicator, level, side=side)}_source"]
    value = (
        own.get(NATIONAL_ID)
        if statistic == "national"
        else (float(STATISTICS_OF_VALUES[statistic](_regional(own))) if statistic in STATISTICS_OF_VALUES else None)
    )
    if value is not None and within(value, row.published):
        return "different_series", Evidence(
            "different_series_statistic", statistic=statistic, code=row.indicator, value=value, summary=summary
        )
    return None


def map_different_statistic(ctx, row):
    """A map's statistics row holds another statistic (Table 19's «Медиана» row the means), and so do
    most of the row's mismatched cells."""
    if row.kind != "map_statistic" or not row.indicator.startswith("B"):
        return None
    same_row = ctx.published[
        (ctx.published.table == row.table)
        & (ctx.published.statistic == row.statistic)
        & ~ctx.published.match
        & ctx.published.indicator.str.startswith("B")
    ]
    for name in STATISTICS_OF_VALUES:
        if name == row.statistic:
            continue
        hits = [
            _is_statistic(ctx, row.table, c, name=name, printed=p)
            for c, p in zip(same_row.indicator, same_row.published)
        ]
        found = _is_statistic(ctx, row.table, row.indicator, name=name, printed=row.published)
        if found and sum(map(bool, hits)) >= MOST_OF_COLUMN * len(hits):
            return "different_statistic", Evidence(
                "map_different_statistic",
                row=row.statistic,
                statistic=name,
                found=found,
                hits=sum(map(bool, hits)),
                cells=len(hits),
                table=row.table,
            )
    return None


def _is_statistic(ctx, table, code, *, name, printed):
    """How a printed cell is the statistic `name` of its column (977.16 over Tables 7-9, 0.0485 over the map's own
    values), as evidence; None if it is not."""
    value = ctx.rec.stats.at[code, name]
    if within(value, printed):
        return Evidence("over_tables", value=float(value))
    own = float(STATISTICS_OF_VALUES[name](_regional(_map_column(ctx, table, code))))
    return Evidence("over_own_values", value=own) if within(own, printed) else None


def statistic_of_printed_values(ctx, row):
    """A map's mean or median is that of the map's own printed values, which differ from Tables 7-9's."""
    if row.statistic not in STATISTICS_OF_VALUES:
        return None
    own = _regional(_map_column(ctx, row.table, row.indicator))
    value = float(STATISTICS_OF_VALUES[row.statistic](own)) if len(own) else np.nan
    if not np.isnan(value) and within(value, row.published):
        return "propagated", Evidence(
            "statistic_of_printed_values", statistic=row.statistic, value=value, code=row.indicator
        )
    return None


def band_from_printed_values(ctx, row):
    """A band's bound is its source statistic taken over the map's own printed values (or the map's
    printed national value), which differ from Tables 7-9 in their digits."""
    if not row.indicator.startswith("B"):
        return None
    level, side = row.statistic.rsplit("_", 1)
    source = ctx.rec.band(row.indicator, level)[f"{band_side(ctx.rec, row.indicator, level, side=side)}_source"]
    own = _map_column(ctx, row.table, row.indicator)
    if source == "national":
        value = own.get(NATIONAL_ID, np.nan)
    elif source in STATISTICS_OF_VALUES:
        value = float(STATISTICS_OF_VALUES[source](_regional(own)))
    else:
        return None
    if not np.isnan(value) and within(value, row.published):
        return "propagated", Evidence(
            "band_from_printed_values", statistic=source, value=float(value), recomputed=float(row.recomputed)
        )
    return None


def _source_name(source, value):
    """The rule's source of a cut with its value (the median 106.68, the standard 100), as evidence."""
    if source.startswith(STANDARD):
        return Evidence("source_standard", number=float(source.split()[1]))
    return Evidence("source_statistic", statistic=source, value=float(value))


def slip_next_to_the_rule_value(ctx, row):
    """The printed bound is a few units of its last digit from the rule's value (100.01 for 100), or
    has the rule value's digits swapped (67 for 76)."""
    if row.recomputed is None or pd.isna(row.recomputed):
        return None
    level, side = row.statistic.rsplit("_", 1)
    source = ctx.rec.band(row.indicator, level)[f"{band_side(ctx.rec, row.indicator, level, side=side)}_source"]
    printed, rule = float(row.published), float(row.recomputed)
    unit = 10.0 ** -_decimals(row.published)
    units = abs(printed - rule) / unit
    if units <= SLIP_UNITS + EPSILON:
        return "slip_next_to_the_rule_value", Evidence(
            "slip_units", printed=row.published, units=float(units), source=_source_name(source, rule)
        )
    rule_text = f"{rule:.{_decimals(row.published)}f}"  # a digit string to compare, never shown
    if sorted(rule_text) == sorted(row.published) and rule_text != row.published:
        return "slip_next_to_the_rule_value", Evidence(
            "slip_swapped", printed=row.published, source=_source_name(source, rule)
        )
    return None


def bound_of_the_other_cut(ctx, row):
    """An outer band ends at the medium band's far cut (B < 50 where medium is 4.2 < B < 50), not at
    the near one."""
    level, _ = row.statistic.rsplit("_", 1)
    if level == "medium" or not row.indicator.startswith("B"):
        return None
    medium = ctx.rec.band(row.indicator, "medium")
    for side in ("lower", "upper"):
        value = rule_value(ctx.rec, row.indicator, medium[f"{side}_source"])
        if not np.isnan(value) and within(value, row.published) and not within(row.recomputed, row.published):
            return "bound_of_the_other_cut", Evidence(
                "bound_of_the_other_cut",
                level=level,
                printed=row.published,
                source=_source_name(medium[f"{side}_source"], value),
                recomputed=float(row.recomputed),
            )
    return None


def _what_number(ctx, code, printed, *, text=True):
    """What a criteria number is, if anything (a statistic of Tables 7-9 or, with `text`, a number the text
    states), as evidence; None if nothing."""
    names = [
        _named(name, value)
        for name, value in _statistics_of(ctx, code).items()
        if not np.isnan(value) and within(value, printed)
    ]
    if text:
        claims = ctx.rec.claims
        lines = sorted(set(claims[(claims.indicator == code) & (claims.published == printed)].source_line))
        names += [Evidence("text_figure", line=line) for line in lines]
    return Evidence("equals", names=names) if names else None


def criteria_disagree_with_map(ctx, row):
    """The criteria table gives another bound for a cut than the map prints above its column."""
    level, _ = row.statistic.rsplit("_", 1)
    mine = set(ctx.published[(ctx.published.table == row.table) & (ctx.published.indicator == row.indicator)].statistic)
    criteria_below = "high_upper" in mine
    map_below = ctx.rec.high_side[row.indicator] == "below"
    swapped = (
        Evidence(
            "high_risk_sides",
            criteria="below" if criteria_below else "above",
            map="below" if map_below else "above",
        )
        if criteria_below != map_below
        else None
    )
    stats = _statistics_of(ctx, row.indicator)
    shown = [_named(name, value) for name, value in stats.items() if not np.isnan(value)]
    return "criteria_disagree_with_map", Evidence(
        "criteria_disagree_with_map",
        table=row.table,
        printed=row.published,
        what=_what_number(ctx, row.indicator, row.published),
        recomputed=float(row.recomputed),
        statistics=shown,
        swapped=swapped,
    )


def code_mismatch(ctx, row):
    """The printed code is not the row's indicator's code."""
    printed = row.published.strip().replace("\u0412", "B")
    codes = ctx.rec.indicators.set_index("code")
    known = printed in codes.index
    if not row.indicator.startswith("B"):
        return "code_mismatch", Evidence(
            "code_of_no_indicator", printed=printed, owner=printed if known else Evidence("nothing")
        )
    same = ctx.published[
        (ctx.published.table == row.table)
        & (ctx.published.statistic == "code")
        & (ctx.published.published == row.published)
        & (ctx.published.indicator != row.indicator)
    ]
    twice = Evidence("same_code_twice", row=same.indicator.iloc[0]) if len(same) else None
    other = Evidence("code_of", code=printed) if known else Evidence("no_indicators_code")
    return "code_mismatch", Evidence("code_mismatch", printed=printed, other=other, code=row.indicator, twice=twice)


def _claim(ctx, row):
    claim = ctx.rec.claims.loc[row.statistic]
    return claim, claim_value(ctx.rec, claim)[1]


def claim_other_statistic(ctx, row):
    """The text's figure is another statistic of Tables 7-9 than the one it names (the mean for the
    national value)."""
    if claim_about(row.statistic) != "table" or not row.indicator.startswith("B"):
        return None
    for name, value in _statistics_of(ctx, row.indicator).items():
        if not np.isnan(value) and within(value, row.published) and name != "national":
            return "different_statistic", Evidence(
                "claim_other_statistic",
                printed=row.published,
                statistic=_named(name, value),
                detail=_claim(ctx, row)[1],
            )
    return None


def _printed_elsewhere(ctx, row):
    """Where Tables 15-20 print the same number for the claim's indicator, or print its national value: [Evidence]."""
    same = ctx.published[
        (ctx.published.indicator == row.indicator)
        & (ctx.published.published == row.published)
        & ctx.published.table.isin(["15", "16", "17", "18", "19", "20"])
    ]
    said = [Evidence("printed_too", table=t, printed=row.published) for t in sorted(set(same.table))]
    national = ctx.published[
        (ctx.published.indicator == row.indicator)
        & (ctx.published.region_id == NATIONAL_ID)
        & (ctx.published.kind == "map_value")
    ]
    said += [Evidence("map_prints_national", printed=p) for p in national.published]
    return said


def claim_vs_table(ctx, row):
    if claim_about(row.statistic) == "table":
        what = _what_number(ctx, row.indicator, row.published, text=False)
        said = _printed_elsewhere(ctx, row)
        return "text_vs_table", Evidence(
            "claim_vs_table",
            detail=_claim(ctx, row)[1],
            what=what,
            elsewhere=Evidence("elsewhere", items=said) if said else None,
        )
    return None


def claim_vs_classification(ctx, row):
    if claim_about(row.statistic) == "classification":
        return "text_vs_classification", _claim(ctx, row)[1]
    return None


def map_no_fit(ctx, row):
    return Evidence("map_no_fit", recomputed=row.recomputed, printed=row.published)


# --- the order they are tried in ------------------------------------------------------------------

CANDIDATES = {
    "map_value": [
        map_copy_of_column,
        blank_read_as_zero,
        more_digits_than_the_table,
        rounded_to_fewer_digits,
        different_series,
    ],
    "map_statistic": [
        map_copy_of_column,
        blank_read_as_zero,
        different_series,
        map_different_statistic,
        statistic_of_printed_values,
    ],
    "map_band": [
        map_copy_of_column,
        blank_read_as_zero,
        different_series,
        band_from_printed_values,
        slip_next_to_the_rule_value,
        bound_of_the_other_cut,
    ],
    "criteria_band": [criteria_disagree_with_map],
    "code": [code_mismatch],
    "risk_claim": [claim_other_statistic, rounded_to_fewer_digits, claim_vs_table, claim_vs_classification],
}
NO_FIT = {"map_value": map_no_fit, "map_statistic": map_no_fit, "map_band": map_no_fit}
