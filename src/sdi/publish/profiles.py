"""A profile of every region, the unit a regional reader (an akimat, a public council, the dissertation's
chapter on each region) looks for, as the SDG Index publishes one per country and COINr one per unit: where
it lies (a locator map), its ISDR and pillar indices with their ranks under both methods and, beside each rank,
the median rank and 5-95 % interval over the robustness audit's runs (rank_uncertainty.csv for ISDR,
pillar_rank_uncertainty.csv for the pillars), its five strongest and five weakest indicators, its risks, its
macro-region, its 52 scores against the median region, and the memo's corrections that concern it.

One HTML page per region and language in the site (reports/<year>/html/profile_<region>_<language>.html),
and the same profile as one page of a Word document per language, for the author's chapter on the regions.
"""

import html
import io as _io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdi import PILLARS
from sdi.inputs import cleaning
from sdi.inputs.metadata import NATIONAL_ID
from sdi.io import write_text
from sdi.method.context import load_run
from sdi.method.normalisation import scores_wide
from sdi.publish import region_svg, word
from sdi.publish.catalogue import number, text
from sdi.publish.labels import METHOD_NAMES, PILLAR_LABELS, pick
from sdi.publish.tables import LANGUAGES, indicator_heading
from sdi.publish.tables import _printed_decimals as printed_decimals
from sdi.publish.word import Cell

METHODS = ("thesis", "corrected")
SHOWN = 5  # strongest and weakest indicators
UNIT_COLUMNS = {"en": "unit", "kk": "unit_kk"}  # indicators.csv's unit in each language
CODE = re.compile(r"B\d+")  # an indicator's code (an erratum's other rows name an index, a rank, a column)
LOCATOR_TOLERANCE = 12000  # metres: about a pixel of the locator map (240 px for 3,000 km)
LOCATOR_COLOUR, OTHERS_COLOUR = "#3b528b", "#dde1e6"
PILLAR_COLOURS = {"social": "#3b528b", "economic": "#21918c", "ecological": "#5ec962"}  # the chart's bars
MEDIAN_COLOUR = "#d62728"  # the chart's marks of the median region
PROFILE_STYLE = (  # the profile's own rules, in its page: the site's style sheet stays the site's
    ".locator{width:100%;max-width:240px;height:auto;display:block;margin:.3em 0}"
    "@media (min-width:760px){.locator{float:right;margin:0 0 .5em 1.5em}}"
    "table.indices td:first-child{white-space:normal;min-width:8em}table.indices thead th{min-width:3em}"
    "@media (max-width:600px){.locator{max-width:200px}table.indices{font-size:.8rem}"
    "table.indices td,table.indices th{padding:.2em .3em}table.indices td:first-child{min-width:6.5em}}"
)


@dataclass(frozen=True)
class YearData:
    """What every profile of a year reads, loaded once."""

    run: object  # the year's `Run` (regions, indicators, names, folders)
    clean: pd.DataFrame
    scores: dict  # {method: regions x codes, 1-9}
    indices: dict  # {method: indices.csv by region_id}
    intervals: dict  # {method: rank_uncertainty.csv by region_id}
    risk: pd.DataFrame | None
    errata: pd.DataFrame | None
    pillar_intervals: dict = field(default_factory=dict)  # {method: pillar_rank_uncertainty.csv by (pillar, region)}
    errata_kk: pd.DataFrame | None = None  # errata_kk.csv: the Kazakh twin of `errata`, as text
    charts: dict = field(default_factory=dict)  # {region_id: the Word chart's PNG}, drawn once for both languages
    found: dict = field(default_factory=dict)  # {(region_id, language): `extremes`}, for the page and the Word document


def load_year(root, year):
    """A year's outputs, as the pipeline wrote them; None before its scores and indices exist."""
    processed = Path(root, "data", "processed", str(year))
    needed = [processed / "clean.csv"] + [
        processed / m / name for m in METHODS for name in ("scores.csv", "indices.csv")
    ]
    if not all(path.is_file() for path in needed):
        return None
    run = load_run(year, root=Path(root))
    reports = Path(root, "reports", str(year))

    def optional(path):
        return pd.read_csv(path) if path.is_file() else None

    return YearData(
        run=run,
        clean=pd.read_csv(processed / "clean.csv"),
        scores={m: scores_wide(pd.read_csv(processed / m / "scores.csv")) for m in METHODS},
        indices={m: pd.read_csv(processed / m / "indices.csv").set_index("region_id") for m in METHODS},
        intervals={
            m: frame.set_index("region_id")
            for m in METHODS
            if (frame := optional(reports / m / "robustness" / "rank_uncertainty.csv")) is not None
        },
        risk=optional(processed / "risk.csv"),
        errata=optional(reports / "reproduction" / "errata.csv"),
        errata_kk=kazakh_errata(reports / "reproduction" / "errata_kk.csv"),
        pillar_intervals={
            m: frame.set_index(["pillar", "region_id"])
            for m in METHODS
            if (frame := optional(reports / m / "robustness" / "pillar_rank_uncertainty.csv")) is not None
        },
    )


def kazakh_errata(path):
    """errata_kk.csv as written for a Kazakh Excel (semicolons, a byte-order mark), every cell as text; None
    without it."""
    return pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str) if path.is_file() else None


def page_name(region_id, language):
    """The profile's page in the site's folder (beside the front page, so the site's links work unchanged)."""
    return f"profile_{region_id}_{language}.html"


def _esc(value):
    return html.escape(str(value))


def _whole(value):
    return "–" if pd.isna(value) else str(int(value))


def rank_interval(data, region_id, *, method, column):
    """(median rank, '5 %–95 %' rank interval) of a region on a pillar or ISDR over the audit's runs of `method`;
    ('–', '–') where the audit has not run or never ranked the region."""
    if column == "isdr":
        table, key = data.intervals.get(method), region_id
    else:
        table, key = data.pillar_intervals.get(method), (column, region_id)
    if table is None or key not in table.index:
        return "–", "–"
    q = table.loc[key]
    if pd.isna(q["q05_rank"]):
        return "–", "–"
    return _whole(q["median_rank"]), f"{int(q['q05_rank'])}–{int(q['q95_rank'])}"


def indices_rows(data, region_id, language):
    """[(pillar or ISDR, per method: (index, rank, median rank, rank interval))] for the profile's indices; '–'
    where there is none."""
    rows = []
    for column in (*PILLARS, "isdr"):
        cells = []
        for method in METHODS:
            row = data.indices[method].loc[region_id]
            median, interval = rank_interval(data, region_id, method=method, column=column)
            cells.append((number(row[column], language, 2), _whole(row[f"rank_{column}"]), median, interval))
        rows.append((pick(PILLAR_LABELS[column], language), cells))
    return rows


def method_tables(data, region_id, language):
    """[(the method's name as a heading, rows)]: the indices of `indices_rows`, one table per method."""
    rows = indices_rows(data, region_id, language)
    return [
        (_capital(pick(METHOD_NAMES[method], language)), [[label, *cells[k]] for label, cells in rows])
        for k, method in enumerate(METHODS)
    ]


def _capital(words):
    return words[:1].upper() + words[1:]


def locator_map(data, region_id, language):
    """A small inline SVG of the country with the region picked out (a city: its disc); '' without the
    boundary file."""
    found = region_svg.shapes(str(data.run.root), LOCATOR_TOLERANCE)
    if found is None:
        return ""
    name = data.run.region_names[language][region_id]
    fill = dict.fromkeys(found[0]["regions"], OTHERS_COLOUR) | {region_id: LOCATOR_COLOUR}
    label = text("profile.locator", language, region=name)
    return region_svg.inline_map(found, fill=fill, css_class="locator", label=label, discs=[region_id])


def extremes(data, region_id, language):
    """(strongest, weakest): the SHOWN indicators of the thesis index with the region's highest and lowest
    scores (ties by code), each (code, name, score, value, national value, regional median, unit)."""
    if (region_id, language) not in data.found:
        data.found[(region_id, language)] = _extremes(data, region_id, language)
    return data.found[(region_id, language)]


def _extremes(data, region_id, language):
    indicators = data.run.indicators.set_index("code")
    included = [c for c in indicators.index if bool(indicators.loc[c, "in_thesis_index"])]
    scores = data.scores["thesis"].loc[region_id, included]
    values = data.clean.pivot(index="region_id", columns="indicator", values="value")
    national = cleaning.national_values(data.clean)
    regional = values.drop(index=NATIONAL_ID, errors="ignore")

    def row(code):
        decimals = printed_decimals(regional[code])  # as Table 7-9 print the column
        return (
            code,
            indicator_heading(indicators.loc[code], language, data.run.year),
            number(scores[code], language, 2),
            number(values.loc[region_id, code], language, decimals),
            number(national.get(code), language, decimals),
            number(regional[code].median(), language, decimals),
            indicators.loc[code, UNIT_COLUMNS[language]],
        )

    order = sorted(included, key=lambda c: (-scores[c], c))
    return [row(c) for c in order[:SHOWN]], [row(c) for c in order[::-1][:SHOWN]]


def risk_summary(data, region_id, language):
    """([(pillar, high, medium, low)], [indicators at high risk as 'B3 name']) from risk.csv; ([], []) without."""
    if data.risk is None:
        return [], []
    mine = data.risk[data.risk["region_id"] == region_id]
    counts = [
        (
            pick(PILLAR_LABELS[p], language),
            *(int((mine[mine.pillar == p].risk == lv).sum()) for lv in ("high", "medium", "low")),
        )
        for p in PILLARS
    ]
    names = data.run.indicator_names[language]
    high = [f"{code} {names[code]}" for code in mine.loc[mine.risk == "high", "indicator"]]
    return counts, high


def macro_region(data, region_id, language):
    row = data.run.regions.set_index("region_id").loc[region_id]
    name = row["macro_region"] if isinstance(row["macro_region"], str) else ""
    if not name or row["kind"] == "city":
        return text("profile.no_macro_region", language)
    if language == "kk":
        return name
    macro = pd.read_csv(Path(data.run.root, "data", "raw", "macro_regions.csv"))
    english = dict(zip(macro["macro_region"], macro["name_en"]))
    return english.get(name, name)


def corrections(data, region_id, language="en"):
    """The memo's errata that name this region: (table, indicator, published, recomputed as printed); in Kazakh
    from errata_kk.csv where it was read (an indicator by its code, any other row by its Kazakh name, the values
    with decimal commas and Kazakh words)."""
    if language == "kk" and data.errata_kk is not None:
        mine = data.errata_kk[data.errata_kk["аймақ_коды"] == region_id]
        return [
            (int(t), code if CODE.fullmatch(str(code)) else name, printed, to_print)
            for t, code, name, printed, to_print in zip(
                mine["кесте"], mine["көрсеткіш_коды"], mine["көрсеткіш"], mine["басылған"], mine["басылатын_мән"]
            )
        ]
    if data.errata is None or "region_id" not in data.errata:
        return []
    mine = data.errata[data.errata["region_id"] == region_id]
    return [
        (r.table, r.indicator if isinstance(r.indicator, str) else "", r.published, r.recomputed_as_printed)
        for r in mine.itertuples()
    ]


def scores_chart(data, region_id, language):
    """An inline SVG: the region's score on every indicator (bars, 1-9) against the median region's (marks),
    pillar by pillar. Drawn as SVG text so the page needs no image and prints sharp."""
    codes = list(data.run.indicators["code"])
    mine = data.scores["thesis"].loc[region_id, codes]
    median = data.scores["thesis"].drop(index=NATIONAL_ID, errors="ignore")[codes].median()
    width, height, left, bottom = 8 * len(codes) + 40, 150, 30, 20
    scale = (height - bottom - 10) / 8

    def y(score):
        return height - bottom - (score - 1) * scale

    parts = [
        f'<svg class="scores" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_esc(text("profile.chart_label", language))}">'
    ]
    for tick in (1, 5, 9):
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y(tick) + 3:.1f}" font-size="8" text-anchor="end">{tick}</text>'
        )
    pillar_of = dict(zip(data.run.indicators["code"], data.run.indicators["pillar"]))
    colours = PILLAR_COLOURS
    for i, code in enumerate(codes):
        x = left + 4 + 8 * i
        score = mine[code]
        if not pd.isna(score):
            parts.append(
                f'<rect x="{x}" y="{y(score):.1f}" width="6" height="{(score - 1) * scale + 0.5:.1f}" '
                f'fill="{colours[pillar_of[code]]}"><title>{code}: {number(score, language, 2)}</title></rect>'
            )
        middle = f"{y(median[code]):.1f}"
        parts.append(
            f'<line x1="{x - 1}" x2="{x + 7}" y1="{middle}" y2="{middle}" stroke="#d62728" stroke-width="1.5"/>'
        )
        if i % 5 == 0:
            parts.append(f'<text x="{x + 3}" y="{height - 6}" font-size="7" text-anchor="middle">{code}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(headings, rows, numeric, *, kind=""):
    head = "".join(f"<th>{_esc(h)}</th>" for h in headings)
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if n else "text"}">{_esc(c)}</td>' for c, n in zip(row, numeric)) + "</tr>"
        for row in rows
    )
    table = f'<table class="{f"data {kind}".strip()}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return f'<div class="scroll">{table}</div>'


def profile_html(data, region_id, language):
    """One region's profile as the body of a page in `language`."""
    name = data.run.region_names[language][region_id]
    say = lambda key, **values: _esc(text(key, language, **values))  # noqa: E731
    parts = [
        f"<style>{PROFILE_STYLE}</style>",
        locator_map(data, region_id, language),
        f"<h1>{_esc(name)}</h1>",
        f'<p class="subtitle">{say("profile.macro_region")}: {_esc(macro_region(data, region_id, language))}</p>',
    ]
    parts.append(f"<h2>{say('profile.indices')}</h2>")
    headings = text("profile.method_headings", language)
    for method_name, rows in method_tables(data, region_id, language):
        parts.append(f"<h3>{_esc(method_name)}</h3>")
        parts.append(_table(headings, rows, [False] + [True] * 4, kind="indices"))
    parts.append(f'<p class="note">{say("profile.intervals_note")}</p>')
    strongest, weakest = extremes(data, region_id, language)
    extreme_headings = text("profile.extreme_headings", language)
    for key, rows in (("profile.strongest", strongest), ("profile.weakest", weakest)):
        parts.append(f"<h2>{say(key, n=SHOWN)}</h2>")
        parts.append(_table(extreme_headings, rows, [False, False, True, True, True, True, False]))
    parts.append(f"<h2>{say('profile.scores')}</h2>{scores_chart(data, region_id, language)}")
    parts.append(f'<p class="note">{say("profile.chart_note")}</p>')
    counts, high = risk_summary(data, region_id, language)
    if counts:
        parts.append(f"<h2>{say('profile.risks')}</h2>")
        parts.append(_table(text("profile.risk_headings", language), counts, [False, True, True, True]))
        parts.append(f"<p>{say('profile.high_risk')}: {_esc('; '.join(high)) if high else say('profile.none')}</p>")
    fixes = corrections(data, region_id, language)
    parts.append(f"<h2>{say('profile.corrections')}</h2>")
    if fixes:
        rows = [
            (
                t,
                c,
                number(p, language) if not isinstance(p, str) else p,
                number(r, language) if not isinstance(r, str) else r,
            )
            for t, c, p, r in fixes
        ]
        parts.append(_table(text("profile.correction_headings", language), rows, [False, False, True, True]))
    else:
        parts.append(f"<p>{say('profile.no_corrections')}</p>")
    return "\n".join(parts)


def write_profile_pages(data, out_dir, page):
    """Every region's profile in both languages under out_dir/profiles/; `page(title, body, language)` wraps
    a body in the site's page. Returns {(region_id, language): page name}."""
    written = {}
    for region_id in data.indices["thesis"].index:
        for language in LANGUAGES:
            name = page_name(region_id, language)
            body = profile_html(data, region_id, language)
            write_text(page(data.run.region_names[language][region_id], body, language), Path(out_dir, name))
            written[(region_id, language)] = name
    return written


# --- the Word document: a region a page ---------------------------------------------------------------------

TITLE_SIZE, SECTION_SIZE, TEXT_SIZE = 13, 10, 10  # pt: the region's name, a part's heading, the macro-region line
BODY_SIZE = NOTE_SIZE = 9  # pt: the tables' cells, the notes (no number under 9 pt)
HEAD_SIZE = 8  # pt: the tables' headings (no heading under 8 pt)
CHART_CM = (16.0, 2.5)  # the chart of the 52 scores: the text's width, low enough for the page
CHART_DPI = 200
CHART_AXES = (0.035, 0.2, 0.96, 0.72)  # the plot's left, bottom, width, height in the chart: room for the ticks
POSITION = re.compile(r"(column|row) (\d+)")  # an erratum of a table's column or row without an indicator
UNIT_MIN_CM = 3.0  # the unit column: room for a unit's words on one or two lines


def scores_png(data, region_id):
    """The chart of `scores_chart` as a PNG for Word, at its printed size: the region's score on every indicator
    (bars, coloured by pillar) against the median region's (red marks), its ticks in 9 pt. It has no words (codes
    and scores), so both languages share it: every region's drawn on the first call and kept in `data.charts`."""
    if not data.charts:
        data.charts.update(_score_charts(data))
    return data.charts[region_id]


def _score_charts(data):
    """{region_id: the PNG of its chart}: one figure, its bars changed for each region in turn (a figure of its own
    for each would cost twice the time)."""
    import matplotlib.pyplot as plt
    import numpy as np

    codes = list(data.run.indicators["code"])
    median = data.scores["thesis"].drop(index=NATIONAL_ID, errors="ignore")[codes].median().to_numpy()
    pillar_of = dict(zip(data.run.indicators["code"], data.run.indicators["pillar"]))
    x = np.arange(len(codes))
    width_cm, height_cm = CHART_CM
    bar_points = CHART_AXES[2] * width_cm / 2.54 * 72 / (len(codes) + 0.4) * 0.72  # 72 % of an indicator's room
    charts = {}
    with plt.rc_context({"font.family": "serif", "font.serif": ["Liberation Serif", "DejaVu Serif"], "font.size": 9}):
        fig = plt.figure(figsize=(width_cm / 2.54, height_cm / 2.54))
        ax = fig.add_axes(CHART_AXES)  # fixed margins: a layout engine would cost a second a chart
        # bars as one collection of thick lines (52 rectangles would cost a third of a second), under the median's marks
        bars = ax.vlines([], 1, [], linewidth=bar_points, capstyle="butt")
        ax.hlines(median, x - 0.45, x + 0.45, color=MEDIAN_COLOUR, linewidth=1.3)
        ax.set_ylim(1, 9)
        ax.set_yticks([1, 5, 9])
        ax.set_xticks(x[::5], codes[::5])
        ax.set_xlim(-0.7, len(codes) - 0.3)
        ax.tick_params(labelsize=9, length=2, width=0.5)
        ax.grid(axis="y", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_linewidth(0.5)
        for region_id in data.indices["thesis"].index:
            mine = data.scores["thesis"].loc[region_id, codes].astype(float).to_numpy()
            shown = ~np.isnan(mine)
            bars.set_segments([[(i, 1), (i, score)] for i, score in zip(x[shown], mine[shown])])
            bars.set_color([PILLAR_COLOURS[pillar_of[c]] for c, s in zip(codes, shown) if s])
            buffer = _io.BytesIO()
            fig.savefig(buffer, format="png", dpi=CHART_DPI, metadata={"Software": None})
            charts[region_id] = buffer.getvalue()
    plt.close(fig)
    return charts


def high_risk_codes(data, region_id):
    """{pillar: the codes of the region's indicators at high risk, in risk.csv's order}; {} without risk.csv."""
    if data.risk is None:
        return {}
    mine = data.risk[(data.risk["region_id"] == region_id) & (data.risk["risk"] == "high")]
    return {p: list(mine.loc[mine["pillar"] == p, "indicator"]) for p in PILLARS}


def _printed(value, language):
    """A published or recomputed value of the errata as printed: its text, a number in the language's format,
    «leave the cell empty» where nothing is to be printed."""
    if isinstance(value, str):
        return value
    if pd.isna(value):
        return text("memo.leave_empty", language)
    return number(value, language)


def correction_items(data, region_id, language):
    """{table number: [«B1: 6.53 → 3.47», ...]}: the memo's corrections of the region, each cell as «indicator:
    printed → to print», an indicator by its code, any other row (an index, a rank, a level, a column) by its
    name; in Kazakh from errata_kk.csv (Kazakh names and words, decimal commas) where it was read."""
    kazakh = language == "kk" and data.errata_kk is not None
    if kazakh:
        table = data.errata_kk
        mine = table[table["аймақ_коды"] == region_id]
        rows = zip(mine["кесте"], mine["көрсеткіш_коды"], mine["көрсеткіш"], mine["басылған"], mine["басылатын_мән"])
    elif data.errata is not None and "region_id" in data.errata:
        mine = data.errata[data.errata["region_id"] == region_id]
        names = mine["indicator_name"] if "indicator_name" in mine else mine["indicator"]
        rows = zip(mine["table"], mine["indicator"], names, mine["published"], mine["recomputed_as_printed"])
    else:
        return {}
    items = {}
    for number_, code, name, printed, to_print in rows:
        label = _label(code, name, language)
        items.setdefault(int(number_), []).append(
            f"{label}: {_printed(printed, language)} → {_printed(to_print, language)}"
        )
    return dict(sorted(items.items()))


def _label(code, name, language):
    """An erratum's cell named briefly: an indicator by its code, a column or row of a table by its number
    («10-баған»; the memo gives its heading), any other row (an index, a rank, a level) by its name."""
    code = str(code)
    if CODE.fullmatch(code):
        return code
    position = POSITION.fullmatch(code)
    if position:
        return text(f"evidence.position.{position[1]}", language, number=position[2])
    return name


def _fit(column):
    """The width (twips) of a column (its heading, then its cells) that keeps its widest word on one line."""
    heading, *cells = (str(t) for t in column)
    widest = max([word.widest_word(heading, HEAD_SIZE), *(word.widest_word(t, BODY_SIZE) for t in cells)])
    return word.column_width(widest)


def _line(texts, size):
    """The width (twips) of a column that sets every text on one line."""
    return word.column_width(max((word.longest_line(str(t), size) for t in texts), default=0))


def _fill(widths, at):
    """`widths` with the column `at` given what the text's width leaves."""
    return [
        word.TEXT_WIDTH - sum(w for j, w in enumerate(widths) if j != at) if j == at else w
        for j, w in enumerate(widths)
    ]


def _indices_grid(data, region_id, language, *, style):
    headings = text("profile.method_headings", language)
    tables = method_tables(data, region_id, language)
    names = [Cell(method, span=4, align="center", bold=True) for method, _ in tables]
    body = [[label, *tables[0][1][i][1:], *tables[1][1][i][1:]] for i, (label, *_) in enumerate(tables[0][1])]
    columns = list(zip(*([headings[0], *headings[1:] * 2], *body)))
    # the names on one line where 36 % of the width holds them; the rest shared by the eight numbers' columns
    first = max(_fit(columns[0]), min(_line(columns[0][1:], BODY_SIZE), int(0.36 * word.TEXT_WIDTH)))
    share = (word.TEXT_WIDTH - first) // 8
    widths = _fill([first] + [max(share, _fit(column)) for column in columns[1:]], 0)
    rows = [
        [Cell(""), *names],
        [Cell(h, align="center") for h in [headings[0], *headings[1:] * 2]],
        *([Cell(row[0]), *(Cell(v, align="right") for v in row[1:])] for row in body),
    ]
    return word.grid_xml(rows, widths, style=style, size=BODY_SIZE, heading_size=HEAD_SIZE, header=2)


def _extremes_grid(data, region_id, language, *, style):
    """The strongest and the weakest indicators in one table, the code before the name (a column the less)."""
    headings = text("profile.extreme_headings", language)
    headings = [headings[1], *headings[2:]]
    strongest, weakest = extremes(data, region_id, language)
    strongest, weakest = ([[f"{r[0]} {r[1]}", *r[2:]] for r in rows] for rows in (strongest, weakest))
    columns = list(zip(headings, *strongest, *weakest))
    widths = [_fit(column) for column in columns]
    widths[5] = max(widths[5], int(UNIT_MIN_CM * word.TWIPS_PER_CM))
    widths = _fill(widths, 0)
    aligns = ["left", "right", "right", "right", "right", "left"]
    rows = [[Cell(h, align="center") for h in headings]]
    for key, found in (("profile.strongest", strongest), ("profile.weakest", weakest)):
        rows.append([Cell(text(key, language, n=SHOWN), span=len(headings), bold=True)])
        rows += [[Cell(str(v), align=a) for v, a in zip(row, aligns)] for row in found]
    return word.grid_xml(rows, widths, style=style, size=BODY_SIZE, heading_size=HEAD_SIZE)


def _risk_grid(data, region_id, language, *, style):
    counts, _ = risk_summary(data, region_id, language)
    high = high_risk_codes(data, region_id)
    headings = [*text("profile.risk_headings", language), text("profile.high_risk", language)]
    listed = [", ".join(high[p]) or text("profile.none", language) for p in PILLARS]
    columns = list(zip(headings[:4], *counts))
    widths = _fill([_line([c[0] for c in counts], BODY_SIZE)] + [_fit(c) for c in columns[1:]] + [0], 4)
    rows = [[Cell(h, align="center") for h in headings]]
    rows += [[Cell(c[0]), *(Cell(str(n), align="right") for n in c[1:]), Cell(x)] for c, x in zip(counts, listed)]
    return word.grid_xml(rows, widths, style=style, size=BODY_SIZE, heading_size=HEAD_SIZE)


def _corrections_paragraph(items, language):
    """The corrections as one paragraph, table by table («10-кесте:» in bold, then its cells): a table's cells
    flow on where the last ended, which a table of rows would not (a page holds the 25 cells of the region with
    the most)."""
    runs = []
    for k, (number_, cells) in enumerate(items.items()):
        runs += [(("  " if k else "") + text("front.table_single", language, number=number_) + ": ", True)]
        runs += [("; ".join(cells) + ".", False)]
    return word.paragraph(runs, size=BODY_SIZE)


def _heading_styles(doc):
    """Word's Heading 1 (a region's name) and Heading 2 (a part of its profile) in the document's font, black,
    tight: {1: style id, 2: style id}. Headings, so that Word's navigation pane lists the regions."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    ids = {}
    for level, size, before, after in ((1, TITLE_SIZE, 0, 1), (2, SECTION_SIZE, 3, 1)):
        style = doc.styles[f"Heading {level}"]
        properties = style.element.get_or_add_rPr()
        for fonts in properties.findall(qn("w:rFonts")):
            properties.remove(fonts)
        properties.insert(
            0, OxmlElement("w:rFonts", {qn(f"w:{a}"): word.FONT for a in ("ascii", "hAnsi", "eastAsia", "cs")})
        )
        style.font.size, style.font.bold, style.font.italic = Pt(size), True, False
        style.font.color.rgb = RGBColor(0, 0, 0)
        spacing = style.paragraph_format
        spacing.space_before, spacing.space_after, spacing.keep_with_next = Pt(before), Pt(after), True
        spacing.line_spacing = 1.0
        ids[level] = style.style_id
    return ids


def profile_fragments(data, region_id, language, *, styles, first):
    """One region's page of the Word document: WordprocessingML strings and the chart's PNG, in order; a page
    break before its name unless it is the `first`."""
    say = lambda key, **values: text(key, language, **values)  # noqa: E731
    cell, heading = styles["cell"], styles["heading"]
    name = data.run.region_names[language][region_id]
    parts = [
        word.paragraph(name, style=heading[1], new_page=not first),
        word.paragraph(f"{say('profile.macro_region')}: {macro_region(data, region_id, language)}", size=TEXT_SIZE),
        word.paragraph(say("profile.indices"), style=heading[2]),
        _indices_grid(data, region_id, language, style=cell),
        word.paragraph(say("profile.word_intervals_note"), size=NOTE_SIZE),
        word.paragraph(say("profile.extremes_heading"), style=heading[2]),
        _extremes_grid(data, region_id, language, style=cell),
        word.paragraph(say("profile.scores"), style=heading[2]),
        scores_png(data, region_id),
        word.paragraph(say("profile.chart_note"), size=NOTE_SIZE),
    ]
    if data.risk is not None:
        parts += [
            word.paragraph(say("profile.risks"), style=heading[2]),
            _risk_grid(data, region_id, language, style=cell),
        ]
    parts.append(word.paragraph(say("profile.corrections"), style=heading[2]))
    items = correction_items(data, region_id, language)
    parts.append(
        _corrections_paragraph(items, language)
        if items
        else word.paragraph(say("profile.no_corrections"), size=NOTE_SIZE)
    )
    return parts


def write_profile_document(data, path, language):
    """Every region's profile in one Word document in `language`, a page each (A4 portrait, the tables' 16 cm text
    width, fonts and language tags: `sdi.publish.word`), written reproducibly to `path`."""
    doc, styles = word.new_document(language)
    styles = {**styles, "heading": _heading_styles(doc)}
    fragments = []
    for k, region_id in enumerate(data.indices["thesis"].index):
        fragments += profile_fragments(data, region_id, language, styles=styles, first=k == 0)
    word.append_body(doc, fragments, picture_width_cm=CHART_CM[0])
    return word.save(doc, path)
