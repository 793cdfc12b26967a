"""Risk step 1, thresholds: the bounds of high / medium / low risk per indicator, published or by the rule.

Two sources of thresholds, chosen per run (`make all THRESHOLDS=...`, recorded in risk.json):

`published`: the bands the dissertation prints above its risk maps (Tables 18-20), read into numbers
and signs in data/raw/risk_thresholds.csv (one row per indicator and level; the printed cell is kept
beside the numbers, and every reading that is not the plain text has a note). They were set on the
2023 data and are kept fixed for any year, so that years compare on one scale.

`rule`: the same kind of bands from the year's own data. The text (line 4619) says the criteria are
"median, mean values, standardised values"; the numbers agree: each cut point of a printed band is the
national value, the median or the mean of the column (the map's own summary rows), or a fixed standard
(30 m² of housing, 26 doctors per 10,000, ...). Which one, per cut, is recorded in the file
(`lower_source`, `upper_source`: `national`, `median`, `mean` or `standard <number>`; the evidence is
`cut_evidence`). The rule takes those sources from the year's data and writes the bands the way the
text states them for doctors (line 4983, "high below 26, medium 26-40, low above 40"): the medium band
includes both cut points, the outer bands exclude them. Which side is high risk is the published one.

`auto` picks `published` for a year whose risk maps are published (data/reference/<year>/ has them:
2023) and `rule` for any other year.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from sdi.errors import InputError
from sdi.inputs.readers import read_csv_rows

LEVELS = ("high", "medium", "low")
STATISTIC_SOURCES = ("national", "median", "mean")
STANDARD = "standard"
CHOICES = ("auto", "published", "rule")
THRESHOLD_COLUMNS = [
    "code",
    "level",
    "lower",
    "lower_sign",
    "upper",
    "upper_sign",
    "lower_source",
    "upper_source",
    "printed",
    "table",
    "source_line",
    "reading",
    "note",
]
SIGNS = ("<", "<=")  # lower <sign> value <sign> upper: '<' excludes the bound, '<=' includes it
COMPARED_DECIMALS = 9  # values and bounds are compared rounded to this many decimals (float noise)
PUBLISHED_MAP = "table18_social_risk_map.csv"  # a year with this reference file has published thresholds


# --- reading a printed band ----------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    lower: float = np.nan  # NaN: no lower bound
    lower_inclusive: bool = False
    upper: float = np.nan
    upper_inclusive: bool = False

    def contains(self, value):
        v = round(float(value), COMPARED_DECIMALS)
        if not np.isnan(self.lower):
            lo = round(self.lower, COMPARED_DECIMALS)
            if v < lo or (v == lo and not self.lower_inclusive):
                return False
        if not np.isnan(self.upper):
            hi = round(self.upper, COMPARED_DECIMALS)
            if v > hi or (v == hi and not self.upper_inclusive):
                return False
        return True


CHARACTER_READINGS = (  # (pattern in the printed cell, replacement, what the note says)
    ("³", "≥", "«³» (the Symbol-font code of ≥) read as ≥"),
    ("В", "B", "Cyrillic «В» read as B"),
    ("D", "B", "«D» read as B"),
    ("%", "", "«%» dropped"),
)
VARIABLE = re.compile(r"B\d+")
NUMBER = r"(\d+(?:\.\d+)?)"
LESS = {"<": False, "≤": True}
MORE = {">": False, "≥": True}


def normalise_band_text(printed):
    """(the cell with one variable `B`, decimal points and no spaces, [what was read as what])."""
    text, read = printed.strip(), []
    for pattern, replacement, note in CHARACTER_READINGS:
        if pattern in text:
            text = text.replace(pattern, replacement)
            read.append(note)
    names = sorted(set(VARIABLE.findall(text)))
    if names:
        text = VARIABLE.sub("B", text)
        read.append(f"variable {', '.join(names)} read as B")
    return text.replace(",", ".").replace(" ", ""), read


def band_numbers(printed):
    """The bounds of a printed band as text, with the printed digits: {'lower': ('100.01', False),
    'upper': ('106.69', True)} (the flag: the bound is included); None when the cell has no sign or
    no number ('41,27', 'B<', '')."""
    text, _ = normalise_band_text(printed)
    m = re.fullmatch(rf"B([<≤>≥]){NUMBER}", text)
    if m:
        sign, x = m.group(1), m.group(2)
        return {"upper": (x, LESS[sign])} if sign in LESS else {"lower": (x, MORE[sign])}
    m = re.fullmatch(rf"{NUMBER}([<≤])B([<≤]){NUMBER}", text)
    if m:
        return {"lower": (m.group(1), LESS[m.group(2)]), "upper": (m.group(4), LESS[m.group(3)])}
    m = re.fullmatch(rf"{NUMBER}([>≥])B([>≥]){NUMBER}", text)
    if m:
        return {"lower": (m.group(4), MORE[m.group(3)]), "upper": (m.group(1), MORE[m.group(2)])}
    return None


def read_band(printed):
    """A printed band ('B≤100%', '100,01<B≤106,69', '5,6≥B≥4,9', 'В³67') as a Band; None when the
    cell has no sign or no number. The characters read as others are listed by `normalise_band_text`."""
    numbers = band_numbers(printed)
    if numbers is None:
        return None
    lower, lower_in = numbers.get("lower", ("nan", False))
    upper, upper_in = numbers.get("upper", ("nan", False))
    return Band(float(lower), lower_in, float(upper), upper_in)


def _fmt(x):
    return format(x, "g")


def coverage_gaps(levels):
    """Where the bands of one indicator ({level: Band}) leave a value in no band or in two, as data: a list of
    (kind, low, high, signs, pair), `kind` one of 'gap' (low < B < high in no band), 'boundary' (B = low in no
    band), 'point_overlap' (B = low in two bands), 'overlap' (low < B < high in two bands); `signs` the gap's two
    signs ('<' or '≤'); `pair` the two levels on either side."""
    order = sorted(
        LEVELS,
        key=lambda lv: (not np.isnan(levels[lv].lower), levels[lv].lower if not np.isnan(levels[lv].lower) else 0),
    )
    found = []
    for a, b in zip(order, order[1:]):
        upper, upper_in = levels[a].upper, levels[a].upper_inclusive
        lower, lower_in = levels[b].lower, levels[b].lower_inclusive
        if upper < lower:
            found.append(("gap", upper, lower, ("<" if upper_in else "≤", "<" if lower_in else "≤"), (a, b)))
        elif upper == lower and not (upper_in or lower_in):
            found.append(("boundary", upper, upper, ("=", "="), (a, b)))
        elif upper == lower and upper_in and lower_in:
            found.append(("point_overlap", upper, upper, ("=", "="), (a, b)))
        elif upper > lower:
            found.append(("overlap", lower, upper, ("<", "<"), (a, b)))
    return found


def coverage_problems(levels):
    """`coverage_gaps` as texts, e.g. 'gap: 2.9 < B < 3 in no band (medium | low)', 'boundary: B = 2.8 in no band
    (high | medium)', 'overlap: 67 < B < 76 in two bands (low | medium)'."""
    problems = []
    for kind, low, high, (left, right), (a, b) in coverage_gaps(levels):
        pair = f"({a} | {b})"
        if kind == "gap":
            problems.append(f"gap: {_fmt(low)} {left} B {right} {_fmt(high)} in no band {pair}")
        elif kind == "boundary":
            problems.append(f"boundary: B = {_fmt(low)} in no band {pair}")
        elif kind == "point_overlap":
            problems.append(f"overlap: B = {_fmt(low)} in two bands {pair}")
        else:
            problems.append(f"overlap: {_fmt(low)} < B < {_fmt(high)} in two bands {pair}")
    return problems


# --- the thresholds file -------------------------------------------------------------------------


def _number(text, path, line, *, column):
    if text == "":
        return np.nan
    try:
        return float(text)
    except ValueError:
        raise InputError(
            "is not a number (a bound is a plain number with a decimal point, or empty for none)",
            file=path,
            row=line,
            column=column,
            value=text,
        ) from None


def _source(text, path, line, *, column, bound):
    if np.isnan(bound):
        if text:
            raise InputError("names a source for a bound that is empty", file=path, row=line, column=column, value=text)
        return ""
    if text in STATISTIC_SOURCES:
        return text
    m = re.fullmatch(rf"{STANDARD} (-?\d+(?:\.\d+)?)", text)
    if not m:
        raise InputError(
            f"must be one of {', '.join(STATISTIC_SOURCES)} or '{STANDARD} <number>' (a fixed norm)",
            file=path,
            row=line,
            column=column,
            value=text,
        )
    return text


def load_thresholds(path, indicators):
    """data/raw/risk_thresholds.csv, validated: three bands per indicator, medium bounded on both sides,
    high and low on opposite sides of it, and each cut point named by the same source on both sides."""
    header, rows = read_csv_rows(path)
    if header != THRESHOLD_COLUMNS:
        raise InputError(f"header must be {', '.join(THRESHOLD_COLUMNS)}", file=path, row=1)
    known = set(indicators["code"])
    records, seen = [], {}
    for line, cells in rows:
        r = dict(zip(header, cells))
        if r["code"] not in known:
            raise InputError(
                "unknown indicator code (see data/raw/indicators.csv)",
                file=path,
                row=line,
                column="code",
                value=r["code"],
            )
        if r["level"] not in LEVELS:
            raise InputError(
                f"level must be one of {', '.join(LEVELS)}", file=path, row=line, column="level", value=r["level"]
            )
        if (r["code"], r["level"]) in seen:
            raise InputError(
                f"{r['code']} {r['level']} appears twice (also row {seen[r['code'], r['level']]})",
                file=path,
                row=line,
                column="level",
                value=r["level"],
            )
        seen[r["code"], r["level"]] = line
        for side in ("lower", "upper"):
            r[f"{side}_text"] = r[side]  # the digits as written, for the printed rounding
            r[side] = _number(r[side], path, line, column=side)
            sign = r[f"{side}_sign"]
            if np.isnan(r[side]) != (sign == "") or (sign and sign not in SIGNS):
                raise InputError(
                    f"must be {' or '.join(SIGNS)} when {side} is a number, and empty when it is empty",
                    file=path,
                    row=line,
                    column=f"{side}_sign",
                    value=sign,
                )
            r[f"{side}_source"] = _source(r[f"{side}_source"], path, line, column=f"{side}_source", bound=r[side])
        records.append((line, r))
    table = pd.DataFrame([r for _, r in records], columns=[*THRESHOLD_COLUMNS, "lower_text", "upper_text"])
    lines = {(r["code"], r["level"]): line for line, r in records}
    for code in indicators["code"]:
        if code not in set(table["code"]):
            raise InputError(
                f"has no thresholds for {code}: add its three rows (high, medium, low)", file=path, column="code"
            )
        _check_indicator(table[table["code"] == code].set_index("level"), code, path, lines=lines)
    return table


def _check_indicator(bands, code, path, *, lines):
    missing = [lv for lv in LEVELS if lv not in bands.index]
    if missing:
        raise InputError(f"{code} has no {', '.join(missing)} row", file=path, column="level")
    medium = bands.loc["medium"]
    if np.isnan(medium["lower"]) or np.isnan(medium["upper"]):
        raise InputError(f"{code}: the medium band needs both bounds", file=path, row=lines[code, "medium"])
    below = [lv for lv in ("high", "low") if np.isnan(bands.at[lv, "lower"])]
    above = [lv for lv in ("high", "low") if np.isnan(bands.at[lv, "upper"])]
    if len(below) != 1 or len(above) != 1 or below == above:
        raise InputError(
            f"{code}: one of high and low must be open below and the other open above",
            file=path,
            row=lines[code, "high"],
        )
    outer_below, outer_above = below[0], above[0]
    for outer, side, medium_side in ((outer_below, "upper", "lower"), (outer_above, "lower", "upper")):
        if bands.at[outer, f"{side}_source"] != medium[f"{medium_side}_source"]:
            raise InputError(
                f"{code}: the cut between {outer} and medium has two sources "
                f"({bands.at[outer, f'{side}_source']!r} and {medium[f'{medium_side}_source']!r})",
                file=path,
                row=lines[code, outer],
                column=f"{side}_source",
            )


def bands(thresholds):
    """{code: {level: Band}} from a thresholds table (published or by the rule)."""
    out = {}
    for r in thresholds.itertuples():
        out.setdefault(r.code, {})[r.level] = Band(r.lower, r.lower_sign == "<=", r.upper, r.upper_sign == "<=")
    return out


def high_side(thresholds):
    """{code: 'below' or 'above'}: where high risk lies (the published bands decide)."""
    high = thresholds[thresholds["level"] == "high"]
    return {r.code: "below" if np.isnan(r.lower) else "above" for r in high.itertuples()}


# --- the rule: thresholds from a year's own data ---------------------------------------------------


def cut_sources(thresholds):
    """{code: (source of the lower cut, source of the upper cut)}: the medium band's two bounds."""
    medium = thresholds[thresholds["level"] == "medium"]
    return {r.code: (r.lower_source, r.upper_source) for r in medium.itertuples()}


def source_value(source, code, statistics, *, national):
    """The value a source names for one indicator: a statistic of the year, or a standard's number."""
    if source.startswith(STANDARD):
        return float(source.split()[1])
    if source == "national":
        return national.get(code, np.nan)
    return statistics.at[code, source]


def rule_thresholds(published, statistics, national, *, indicators):
    """Thresholds from the year's data by the published sources: same layout as the published table.

    `statistics`: the year's descriptive statistics indexed by indicator (median, mean over the 20
    regions); `national`: {code: the year's national value}. A source the year cannot supply (no
    national row) is an InputError naming the indicator.
    """
    side = high_side(published)
    sources = cut_sources(published)
    pillar = dict(zip(indicators["code"], indicators["pillar"]))
    rows = []
    for code in [c for c in indicators["code"] if c in sources]:
        values = []
        for source in sources[code]:
            value = source_value(source, code, statistics, national=national)
            if np.isnan(value):
                raise InputError(
                    f"thresholds=rule needs the year's {source} value of {code}, and it is missing: add the "
                    f"national row (Қазақстан Республикасы) to the {pillar[code]} file, or run with "
                    "THRESHOLDS=published",
                    column=code,
                    value=source,
                )
            values.append((value, source))
        (lo, lo_source), (hi, hi_source) = sorted(values)
        outer_below, outer_above = ("high", "low") if side[code] == "below" else ("low", "high")
        band = {
            outer_below: (np.nan, "", lo, "<", "", lo_source),
            "medium": (lo, "<=", hi, "<=", lo_source, hi_source),
            outer_above: (hi, "<", np.nan, "", hi_source, ""),
        }
        rows += [[code, level, *band[level], "", "", "", "", "by the rule from this year's data"] for level in LEVELS]
    return pd.DataFrame(rows, columns=THRESHOLD_COLUMNS)


@dataclass(frozen=True)
class YearBands:
    """The bands one year's risk maps are classified by, and what they were made from."""

    setting: str  # the THRESHOLDS setting asked for: auto, published or rule
    choice: str  # what it is for this year: published or rule
    published: pd.DataFrame  # the bands printed above Tables 18-20 (data/raw/risk_thresholds.csv)
    used: pd.DataFrame  # the bands this run classifies by
    statistics: pd.DataFrame  # the year's descriptive statistics, indexed by indicator
    national: dict  # {code: the year's national value}
    has_published_maps: bool  # the dissertation printed this year's risk maps (data/reference/<year>/)


def year_bands(published, setting, *, statistics, national, indicators, has_published_maps):
    """The bands of a year: the printed ones, or the rule's from the year's own data (`resolve_choice`)."""
    choice = resolve_choice(setting, has_published_maps)
    statistics = statistics.set_index("indicator") if "indicator" in statistics.columns else statistics
    used = (
        published if choice == "published" else rule_thresholds(published, statistics, national, indicators=indicators)
    )
    return YearBands(setting, choice, published, used, statistics, national, has_published_maps)


def used_table(bands):
    """The bands a run used, as risk_thresholds_used.csv records them."""
    return bands.used.drop(columns=["lower_text", "upper_text"], errors="ignore")


def coverage_problem_table(published):
    """The indicators whose printed bands leave a value in no band or in two, with where."""
    problems = [
        (code, "; ".join(coverage_problems(levels)))
        for code, levels in bands(published).items()
        if coverage_problems(levels)
    ]
    return pd.DataFrame(problems, columns=["code", "gaps and overlaps as printed"])


def source_counts(published):
    """{source kind: how many cut points}: national, median, mean, standard."""
    return pd.Series([s.split()[0] for pair in cut_sources(published).values() for s in pair]).value_counts().to_dict()


def has_published_maps(reference_dir):
    """Whether the dissertation printed the risk maps of the year whose published numbers are in `reference_dir`."""
    return (Path(reference_dir) / PUBLISHED_MAP).is_file()


def resolve_choice(choice, has_published_maps):
    """'auto' -> 'published' for a year with published risk maps, else 'rule'; the others as given."""
    if choice not in CHOICES:
        raise ValueError(f"unknown thresholds choice {choice!r}; choose one of {', '.join(CHOICES)}")
    if choice == "auto":
        return "published" if has_published_maps else "rule"
    return choice


# --- evidence: which summary statistic each published cut point is -------------------------------


def half_unit(printed):
    """Half a unit of the last printed digit: '8.66' -> 0.005, '17' -> 0.5."""
    return float(0.5 * 10 ** Decimal(printed).as_tuple().exponent)


def _printed_number(x):
    """A bound as the shortest text that round-trips, for its printed precision ('106.69', '36')."""
    return format(float(x), ".10g")


def cut_evidence(published, statistics, national, *, printed_summary=None):
    """One row per published cut point (the medium band's bounds, and the outer bands' bounds where they
    differ): the source the file names, the year's national value, median and mean, which of them
    equals the printed cut within its printed rounding, and which of the map's own printed summary
    rows (`printed_summary`: {(code, row label): printed text}) equals it within the coarser rounding."""
    rows = []
    for r in published.itertuples():
        for side in ("lower", "upper"):
            bound = getattr(r, side)
            if np.isnan(bound):
                continue
            text = getattr(r, f"{side}_text", "") or _printed_number(bound)
            stats = {
                "national": national.get(r.code, np.nan),
                "median": statistics.at[r.code, "median"],
                "mean": statistics.at[r.code, "mean"],
            }
            equal = [k for k, v in stats.items() if abs(v - bound) <= half_unit(text) + 1e-9]
            printed_rows = []
            for (code, label), value in (printed_summary or {}).items():
                if code == r.code and value and re.fullmatch(r"-?\d+(\.\d+)?", value):
                    if abs(float(value) - bound) <= max(half_unit(text), half_unit(value)) + 1e-9:
                        printed_rows.append(label)
            rows.append(
                {
                    "code": r.code,
                    "level": r.level,
                    "side": side,
                    "bound": bound,
                    "printed_bound": text,
                    "source": getattr(r, f"{side}_source"),
                    **stats,
                    "equals_statistic": " ".join(equal),
                    "equals_printed_row": " | ".join(printed_rows),
                }
            )
    return pd.DataFrame(rows)


def source_agrees(row):
    """Whether a cut's recorded source is what the evidence shows: a statistic the cut equals (in the
    year's recomputation or in the map's printed summary row of that name), or a standard's number."""
    if row["source"].startswith(STANDARD):
        return abs(float(row["source"].split()[1]) - row["bound"]) <= half_unit(row["printed_bound"]) + 1e-9
    label = {"national": "Қазақстан Республикасы", "median": "Медиана", "mean": "Орта шама"}[row["source"]]
    return row["source"] in row["equals_statistic"].split() or label in row["equals_printed_row"].split(" | ")


def compare_thresholds(published, rule):
    """Published against rule cut points, one row per indicator and source (the medium band's bounds):
    the published and the rule value and their difference."""
    pub = published[published["level"] == "medium"].set_index("code")
    by_source = {
        (r.code, src): val
        for r in rule[rule["level"] == "medium"].itertuples()
        for src, val in ((r.lower_source, r.lower), (r.upper_source, r.upper))
    }
    out = []
    for code, r in pub.iterrows():
        for side in ("lower", "upper"):
            source = r[f"{side}_source"]
            value = by_source[code, source]
            out.append(
                {
                    "code": code,
                    "cut": side,
                    "source": source,
                    "published": r[side],
                    "rule": value,
                    "difference": value - r[side],
                }
            )
    return pd.DataFrame(out)
