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
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdi import PILLARS
from sdi.inputs import cleaning
from sdi.inputs.metadata import NATIONAL_ID
from sdi.io import FIXED_TIME, write_text, write_zip_reproducibly
from sdi.method.context import load_run
from sdi.method.normalisation import scores_wide
from sdi.publish import region_svg
from sdi.publish.catalogue import number, text
from sdi.publish.labels import METHOD_NAMES, PILLAR_LABELS, pick
from sdi.publish.tables import LANGUAGES, indicator_heading
from sdi.publish.tables import _printed_decimals as printed_decimals

METHODS = ("thesis", "corrected")
SHOWN = 5  # strongest and weakest indicators
LOCATOR_TOLERANCE = 12000  # metres: about a pixel of the locator map (240 px for 3,000 km)
LOCATOR_COLOUR, OTHERS_COLOUR = "#3b528b", "#dde1e6"
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
        pillar_intervals={
            m: frame.set_index(["pillar", "region_id"])
            for m in METHODS
            if (frame := optional(reports / m / "robustness" / "pillar_rank_uncertainty.csv")) is not None
        },
    )


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
            indicators.loc[code, "unit"],
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


def corrections(data, region_id):
    """The memo's errata that name this region: (table, indicator, statistic, published, recomputed as printed)."""
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
    colours = {"social": "#3b528b", "economic": "#21918c", "ecological": "#5ec962"}
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
    fixes = corrections(data, region_id)
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


INDEX_WIDTHS = (5.8, 2.5, 2.5, 3.1, 3.1)  # cm: the Word tables' columns, the names widest
EXTREME_WIDTHS = (1.4, 6.0, 1.6, 1.6, 2.1, 1.9, 2.4)
RISK_WIDTHS = (5.9, 3.7, 3.7, 3.7)


def write_profile_document(data, path, language):
    """Every region's profile in one Word document, a page each (the chart left out: it is on the site)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    doc = Document()
    doc.core_properties.author = doc.core_properties.last_modified_by = "sdi"
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]  # A4, 2 cm margins: a text 17 cm wide, so that a region fits on a page
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)

    def table(headings, rows, widths):
        """A grid with columns `widths` cm wide (the page's 17 cm shared by what each column holds) in 10 pt."""
        grid = doc.add_table(rows=1, cols=len(headings))
        grid.style = "Table Grid"
        grid.autofit = False
        for column, width in zip(grid.columns, widths):  # the grid, as LibreOffice reads it; the cells, as Word
            column.width = Cm(width)
        for cells in [grid.rows[0].cells, *(grid.add_row().cells for _ in rows)]:
            for cell, width in zip(cells, widths):
                cell.width = Cm(width)
        for cells, values in zip((r.cells for r in grid.rows), [headings, *rows]):
            for cell, value in zip(cells, values):
                cell.text = str(value)
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(10)

    for k, region_id in enumerate(data.indices["thesis"].index):
        if k:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(data.run.region_names[language][region_id], level=1)
        doc.add_paragraph(f"{text('profile.macro_region', language)}: {macro_region(data, region_id, language)}")
        for method_name, rows in method_tables(data, region_id, language):
            doc.add_paragraph(method_name)
            table(text("profile.method_headings", language), rows, INDEX_WIDTHS)
        doc.add_paragraph().add_run(text("profile.intervals_note", language)).font.size = Pt(9)
        strongest, weakest = extremes(data, region_id, language)
        for key, rows in (("profile.strongest", strongest), ("profile.weakest", weakest)):
            doc.add_paragraph(text(key, language, n=SHOWN))
            table(text("profile.extreme_headings", language), rows, EXTREME_WIDTHS)
        counts, high = risk_summary(data, region_id, language)
        if counts:
            doc.add_paragraph(text("profile.risks", language))
            table(text("profile.risk_headings", language), counts, RISK_WIDTHS)
            listed = doc.add_paragraph().add_run(
                f"{text('profile.high_risk', language)}: {'; '.join(high) or text('profile.none', language)}"
            )
            listed.font.size = Pt(10)
    buffer = _io.BytesIO()
    doc.save(buffer)
    return write_zip_reproducibly(buffer, path)
