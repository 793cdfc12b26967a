"""The official trends (`sdi.method.trends`) for a reader: one small-multiples figure per pillar and one table per
pillar of each region's average annual change and its arrow, in English and Kazakh.

A figure has a panel per mapped indicator of the pillar: every region's series as a thin grey line (with small dots,
so that a year alone still shows), broken where the region's territory changed (the values before and after are
two lines, not one), the national total as a thick black line, and the trends' base year as a dotted line. Panels
share the years; each has its own scale, in the indicator's unit. A related series (another threshold or price
base than the dissertation's measure) is starred.

A table has a row per region (the national total first) and a column per mapped indicator of the pillar: the
compound annual growth rate in % a year at one decimal, followed by its arrow (↑ improving, → stagnating,
↓ worsening for the indicator's direction) and a light fill of the arrow's colour; ° where the period is not the
column's (a territory that begins later, or fewer years published); blank where it is not assessed. The tables are
written by the table model's writers (`sdi.publish.tables`, `sdi.publish.word`): CSV, Markdown and HTML per table and
language, a workbook and a Word document per language.
"""

import math
import textwrap
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from sdi import PILLARS
from sdi.inputs.metadata import NATIONAL_ID, region_names
from sdi.method.trends import ARROWS, FOLDER
from sdi.publish import catalogue, tables
from sdi.publish.figures import FONT, decimal_commas, on_the_page, page_figure
from sdi.publish.labels import PILLAR_LABELS, pick
from sdi.publish.word import write_docx

LANGUAGES = ("kk", "en")
TABLES = [f"trends_{pillar}" for pillar in PILLARS]
REGION_STYLE = {"color": "#a6a6a6", "lw": 0.7, "marker": "o", "ms": 1.4, "zorder": 2}
NATIONAL_STYLE = {"color": "black", "lw": 1.5, "marker": "o", "ms": 2.0, "zorder": 3}
BASE_STYLE = {"color": "#4d4d4d", "lw": 0.7, "ls": ":", "zorder": 1}
SYMBOLS = {"improving": "↑", "stagnating": "→", "worsening": "↓"}
FILLS = {"improving": "#d9efd3", "stagnating": "#fdf0c2", "worsening": "#f6d2d2"}  # light: the mark stays legible
OTHER_PERIOD = "°"
RELATED = "*"
NO_BREAK = "\u00a0"
CAGR_DECIMALS = 1
COLUMNS = 3  # panels per row
TITLE_WIDTH = 26  # characters a panel's title line holds at 8 pt in a third of 16 cm


def say(key, language, **values):
    return catalogue.text(f"trend.{key}", language, **values)


def _pillar_codes(series, indicators, pillar):
    """The mapped indicators of `pillar`, in indicators.csv's order."""
    mapped = set(series["indicator"])
    return [c for c in indicators.loc[indicators["pillar"] == pillar, "code"] if c in mapped]


def panel_title(code, short_name, *, related):
    """'B3 Poverty rate', wrapped to the panel's width; a related series starred (the star never on a line of its
    own: a no-break space holds it to the last word)."""
    return textwrap.fill(f"{code} {short_name}{NO_BREAK + RELATED if related else ''}", TITLE_WIDTH)


def broken_line(rows):
    """(years, values) of one unit's series with a NaN between two segments: the line is not joined across a
    territory change."""
    years, values = [], []
    for i, (year, value, segment) in enumerate(rows):
        if i and segment != rows[i - 1][2]:
            years.append(np.nan)
            values.append(np.nan)
        years.append(year)
        values.append(value)
    return np.array(years, dtype=float), np.array(values, dtype=float)


@on_the_page
def trend_panels(series, indicators, regions, *, pillar, short_names, base_year, language="en"):
    """The pillar's mapped indicators, a panel each: every region's series (grey, broken at territory changes) and
    the national one (black). `series`: `sdi.method.trends.Trends.series`; `short_names`: {language: {code:
    name}} (`Run.indicator_short_names`)."""
    codes = _pillar_codes(series, indicators, pillar)
    rows = math.ceil(len(codes) / COLUMNS)
    fig = page_figure(height=1.55 * rows + 0.55)
    # not sharex: every panel gets the same limits and ticks below, and a shared axis would have each panel's
    # labels placed by measuring all its siblings' (a third of the figure's drawing time)
    axes = np.atleast_1d(fig.subplots(rows, COLUMNS, squeeze=False)).ravel()
    first, last = int(series["year"].min()), int(series["year"].max())
    for ax, code in zip(axes, codes):
        of = series[series["indicator"] == code]
        related = of["relation"].iloc[0] == "related"
        for unit, mine in of.groupby("unit_id", sort=False):
            x, y = broken_line(list(mine[["year", "value", "segment"]].itertuples(index=False, name=None)))
            style = NATIONAL_STYLE if unit == NATIONAL_ID else REGION_STYLE
            ax.plot(x, y, label=unit, **style)
        ax.axvline(base_year, **BASE_STYLE)
        ax.set_title(panel_title(code, short_names[language][code], related=related), fontsize=FONT, loc="left")
        ax.set_xlim(first - 0.5, last + 0.5)
        ax.set_xticks([y for y in range(first, last + 1) if y % 5 == 0])
        decimal_commas(ax, language, axes="y")
        ax.tick_params(labelsize=FONT)
    for ax in axes[len(codes) :]:
        ax.set_visible(False)
    handles = [
        Line2D([], [], label=region_names(regions, language)[NATIONAL_ID], **NATIONAL_STYLE),
        Line2D([], [], label=say("legend.regions", language), **REGION_STYLE),
        Line2D([], [], label=say("legend.base_year", language, year=base_year), **BASE_STYLE),
    ]
    if (series.loc[series["indicator"].isin(codes), "relation"] == "related").any():
        handles.append(Line2D([], [], ls="none", label=say("legend.related", language)))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=2,
        fontsize=FONT,
        frameon=False,
        handlelength=1.8,
        columnspacing=1.2,
    )
    return fig


# --- the tables ---------------------------------------------------------------------------------------------


def _main_period(column):
    """The period most cells of a column share: (base year, last year); on a tie, the latest and longest."""
    periods = Counter(
        (int(b), int(e)) for b, e, a in zip(column["base_year"], column["last_year"], column["arrow"]) if a in ARROWS
    )
    return max(periods, key=lambda p: (periods[p], p[1], -p[0])) if periods else None


def trend_table(pillar, changes, *, regions, indicators, short_names, base_year):
    """The average annual change (CAGR, % a year) of each region and the nation in `pillar`'s mapped indicators,
    with the arrows (`changes`: `sdi.method.trends.Trends.changes`)."""
    codes = [c for c in indicators.loc[indicators["pillar"] == pillar, "code"] if c in set(changes["indicator"])]
    units = [NATIONAL_ID, *(r for r in regions["region_id"] if r != NATIONAL_ID)]
    values = pd.DataFrame(np.nan, index=range(len(units)), columns=range(1, len(codes) + 1))
    marks, fills = {lang: {} for lang in LANGUAGES}, {}
    headings = {lang: [tables.word("region", lang)] for lang in LANGUAGES}
    for j, code in enumerate(codes, start=1):
        column = changes[changes["indicator"] == code].set_index("unit_id")
        period = _main_period(column)
        related = column["relation"].iloc[0] == "related"
        for lang in LANGUAGES:
            name = short_names[lang][code] + (f" {RELATED}" if related else "")
            headings[lang].append(f"{name}, {period[0]}–{period[1]}" if period else name)
        for i, unit in enumerate(units):
            if unit not in column.index or column.at[unit, "arrow"] not in ARROWS:
                continue
            row = column.loc[unit]
            values.at[i, j] = 100 * row["cagr"]
            other = period is not None and (int(row["base_year"]), int(row["last_year"])) != period
            for lang in LANGUAGES:
                marks[lang][(i, j)] = SYMBOLS[row["arrow"]] + (f" {OTHER_PERIOD}" if other else "")
            fills[(i, j)] = FILLS[row["arrow"]]
    body = {}
    for lang in LANGUAGES:
        frame = values.copy()
        frame.insert(0, 0, [region_names(regions, lang)[u] for u in units])
        body[lang] = frame
    pillar_name = {lang: pick(PILLAR_LABELS[pillar], lang) for lang in LANGUAGES}
    return tables.Table(
        None,
        f"trends_{pillar}",
        {
            lang: say("table.caption", lang, pillar_lower=pillar_name[lang].lower(), base_year=base_year)
            for lang in LANGUAGES
        },
        headings,
        body,
        [None, *[CAGR_DECIMALS] * len(codes)],
        codes=["", *codes],
        note={lang: say("table.note", lang, base_year=base_year) for lang in LANGUAGES},
        fills=fills,
        marks=marks,
        sheet={lang: pillar_name[lang] for lang in LANGUAGES},
    )


def trend_tables(changes, *, regions, indicators, short_names, base_year):
    """The three pillars' tables, in the pillars' order (a pillar without a mapped indicator has none)."""
    return [
        trend_table(p, changes, regions=regions, indicators=indicators, short_names=short_names, base_year=base_year)
        for p in PILLARS
        if set(indicators.loc[indicators["pillar"] == p, "code"]) & set(changes["indicator"])
    ]


def figures_folder(root):
    """figures/trends/: where notebook 10 saves the figures."""
    return Path(root) / "figures" / FOLDER


def reports_folder(root):
    """reports/trends/tables/: where `write_trend_tables` writes."""
    return Path(root) / "reports" / FOLDER / "tables"


def output_files(pillars=PILLARS):
    """What `write_trend_tables` writes, relative to `reports_folder`."""
    names = [f"trends_{p}" for p in pillars]
    files = [f"{lang}/{n}.{ext}" for lang in LANGUAGES for n in names for ext in ("csv", "md", "html")]
    return files + [f"trends_{lang}.{ext}" for lang in LANGUAGES for ext in ("xlsx", "docx")]


def write_trend_tables(made, folder):
    """Every table in both languages: <folder>/<language>/<name>.csv, .md and .html, and per language one workbook
    and one Word document (trends_<language>.xlsx, .docx)."""
    written = []
    for lang in LANGUAGES:
        for table in made:
            written += tables.write_table(table, Path(folder) / lang, lang)
        written.append(tables.write_workbook(made, Path(folder) / f"trends_{lang}.xlsx", lang))
        written.append(write_docx(made, Path(folder) / f"trends_{lang}.docx", lang))
    return written
