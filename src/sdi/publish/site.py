"""A small website for one year (or for the panel of all years): reports/<year>/html/.

    python -m sdi.publish.site YEAR        (or: python -m sdi.publish.site panel)

Pages:
- `index.html` (English) and `index_kk.html` (Kazakh): the front page. The verdict first
  (sdi.publish.front_page: the headline result, what holds and what does not under the robustness audit,
  Table 13 with rank intervals, the reproduction's verdict with a link to the corrections), then every table
  by its number and title, the figures, and every executed notebook of build/<year>/, in the method's order;
- `tables_<method>_<language>.html`: a method's Tables 7-14 (`tables_risk_…`: Tables 15-24) as HTML tables,
  in English and in Kazakh;
- `figures_<method>_<language>.html`: every figure with its caption;
- one page per executed notebook, titled with the notebook's heading, with a way back and on;
- `reproduction.html` and `reproduction_kk.html`: the reproduction report (README.md, README_kk.md);
- `trends_en.html` and `trends_kk.html`: the official trends from the SDG platform (notebook 10, the same on every
  year's site), each pillar's figure and table, and notebook 10's page, `10_trends.html`.
Every file a page shows or offers is copied into `files/`, and every link is relative and stays inside
the folder, so html/ can be zipped, moved and opened anywhere. (The exceptions: a year's site links the
panel's, reports/panel/html/, when there is one, and the panel's links each year's.)
"""

import functools
import html
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# nbconvert validates the notebook after each of its steps, and nbformat compiles its default
# (fastjsonschema) validator anew each time: 40 % of a page's time. jsonschema's costs nothing to build.
os.environ.setdefault("NBFORMAT_VALIDATOR", "jsonschema")


import pandas as pd

from sdi import PILLARS, paths
from sdi.inputs.metadata import load_year_regions, region_names
from sdi.io import write_text
from sdi.method import trends
from sdi.method.methods import METHODS
from sdi.publish import catalogue, explorer, front_page, profiles
from sdi.publish import trends as trend_report
from sdi.publish.catalogue import section
from sdi.publish.figures import CAPTIONS, LANGUAGES, STEP_FIGURES, caption
from sdi.publish.labels import METHOD_NAMES, pick
from sdi.publish.robustness_report import published_top

LANGUAGE_NAMES = {lang: catalogue.text(f"site.language.{lang}", lang) for lang in LANGUAGES}  # each in its own language
METHOD_ORDER = list(METHODS)  # thesis (the dissertation's) before corrected; other folders after them
# what a folder of tables or figures holds, in words: a method's, or the risk maps' (drawn by the thesis method)
FOLDER_NAMES = {**METHOD_NAMES, **section("site.folder")}


def folder_name(folder, language):
    """'thesis method', 'диссертация әдісі', 'risk maps', ...; an unknown folder by its own name."""
    return pick(FOLDER_NAMES.get(folder, (folder, folder)), language)


FIGURE_ORDER = [name for names in STEP_FIGURES.values() for name in names]  # the notebooks' order

STYLE = """*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:0 auto;padding:0 1rem 3rem;color:#222;line-height:1.45}
nav.site{position:sticky;top:0;z-index:10;background:#f4f6f8;border-bottom:1px solid #d5dbe1;margin:0 -1rem 1rem;padding:.45rem 1rem;font-size:.95rem}
nav.site a{margin-right:.9em;white-space:nowrap}nav.site .here{font-weight:600;margin-right:.9em}
nav.steps{display:flex;justify-content:space-between;gap:1em;flex-wrap:wrap;margin:2rem 0 0;padding-top:.6rem;border-top:1px solid #ddd}
h1{font-size:1.7rem;margin:.4rem 0 .2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
.subtitle{color:#555;margin-top:0}
.scroll{overflow-x:auto;max-width:100%;margin:.5em 0 1em}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#f4f6f8;text-align:left}td{text-align:right}td:first-child{text-align:left;white-space:nowrap}
table.list td{text-align:left}
table.data caption{display:none}table.data thead th{vertical-align:bottom;min-width:4.5em}
table.data tbody th{font-weight:normal;background:#fff;min-width:8em;max-width:18em}
table.data td.num{text-align:right;white-space:nowrap}table.data td.text{text-align:left;min-width:9em;max-width:24em}
@media print{table.data td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(320px,100%),1fr));gap:1.2em}.figs.two{grid-template-columns:repeat(auto-fill,minmax(min(420px,100%),1fr))}
figure{margin:0}figure img{width:100%;height:auto;border:1px solid #ddd}figcaption{font-size:.9rem;margin-top:.3em}
img{max-width:100%;height:auto}
.note{color:#555;font-size:.92rem}
@media (max-width:600px){body{padding:0 .6rem 2rem}nav.site{margin:0 -.6rem .8rem;padding:.4rem .6rem}h1{font-size:1.35rem}
.figs{grid-template-columns:1fr}}"""  # noqa: E501 (CSS, one rule a line; the site's bytes depend on it)
# added to each notebook page (nbconvert's lab template): the site's bar, and wide tables scroll
NOTEBOOK_STYLE = """nav.site{position:sticky;top:0;z-index:10;background:#f4f6f8;border-bottom:1px solid #d5dbe1;padding:.45rem 1rem;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}nav.site a{margin-right:.9em;white-space:nowrap}
nav.site .here{font-weight:600;margin-right:.9em}
nav.steps{display:flex;justify-content:space-between;gap:1em;flex-wrap:wrap;margin:2rem 1rem;padding-top:.6rem;border-top:1px solid #ddd;
font:15px/1.45 system-ui,sans-serif}
.jp-RenderedHTMLCommon table,.jp-RenderedMarkdown table{display:block;overflow-x:auto;max-width:100%}
.jp-OutputArea-output img{max-width:100%;height:auto}"""  # noqa: E501 (CSS, as above)


def _page(title, body, nav="", *, language="en"):
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n{nav}\n{body}\n</body></html>\n"
    )


def site_nav(heading, here=None):
    """The bar at the top of every page: the site's name, a link back to the index."""
    home = (
        f'<a href="index.html">← {html.escape(heading)}</a>'
        if here != "index"
        else f'<span class="here">{html.escape(heading)}</span>'
    )
    return f'<nav class="site">{home}</nav>'


def _heading(year, language="en"):
    """The site's name in `language`, on every page's bar: 'SDI 2023', or the panel's."""
    key = "site.heading_panel" if str(year) == "panel" else "site.heading"
    return catalogue.text(key, language, year=year)


# --- notebooks ---------------------------------------------------------------------------------------


def notebook_title(notebook):
    """A notebook's first heading ('# 03 · Normalisation / Қалыпқа келтіру' -> '03 · Normalisation / ...')."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return Path(notebook).stem


def _number(stem):
    head = stem.split("_", 1)[0]
    return int(head) if head.isdigit() else 10**6


def notebook_label(heading, method, language):
    """A notebook's title in `language`: its first heading ('03 · Normalisation / Қалыпқа келтіру', English
    whole, Kazakh by its Kazakh half) and the folder it ran for ('— thesis method', '— диссертация әдісі')."""
    number, dot, names = heading.rpartition(" · ")
    if language != "en" and " / " in names:
        heading = number + dot + names.split(" / ", 1)[1]
    return (
        catalogue.text("site.notebook", language, title=heading, folder=folder_name(method, language))
        if method
        else heading
    )


def notebook_pages(build_dir):
    """[(notebook, page name, {language: title})] for every executed notebook under build_dir (build/<year>/),
    in the method's order: by the notebook's number, then thesis before corrected (then any other folder), then
    name. A notebook added to the pipeline is found, ordered and linked without a change here. (The notebooks
    are in English: their pages take the English title, the Kazakh front page the Kazakh one.)"""
    found = []
    for notebook in sorted(Path(build_dir).rglob("*.ipynb")):
        if notebook.name.endswith(".failed.ipynb") or notebook.name.startswith("."):
            continue
        method = "/".join(notebook.parent.relative_to(build_dir).parts)
        found.append((notebook, method))

    def order(item):
        notebook, method = item
        rank = METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER)
        return _number(notebook.stem), bool(method), rank, method, notebook.stem

    pages = []
    for notebook, method in sorted(found, key=order):
        name = f"{notebook.stem}{'_' + method.replace('/', '_') if method else ''}.html"
        heading = notebook_title(notebook)
        pages.append((notebook, name, {language: notebook_label(heading, method, language) for language in LANGUAGES}))
    return pages


def _steps(previous, following):
    left = f'<a href="{previous[0]}">‹ {html.escape(previous[1])}</a>' if previous else "<span></span>"
    right = f'<a href="{following[0]}">{html.escape(following[1])} ›</a>' if following else "<span></span>"
    return f'<nav class="steps">{left}{right}</nav>'


def parameters_once(cells):
    """The cells with the parameters shown once. papermill leaves the notebook's own `parameters` cell (its defaults)
    and adds an `injected-parameters` cell after it (the values the run was given): the page shows one cell, the
    notebook's, each default the run was given a value for replaced by that value's line."""

    def tagged(tag):
        return next((c for c in cells if tag in c.get("metadata", {}).get("tags", [])), None)

    own, injected = tagged("parameters"), tagged("injected-parameters")
    if injected is not None:  # papermill gives it a random id; a fixed one keeps the page reproducible
        injected["id"] = "injected-parameters"
    if own is None or injected is None:
        return cells
    assignment = re.compile(r"^(\w+)\s*=")
    given = {m.group(1): line for line in injected.source.splitlines() if (m := assignment.match(line))}
    lines = [given.pop(m.group(1), line) if (m := assignment.match(line)) else line for line in own.source.splitlines()]
    own.source = "\n".join(lines + list(given.values()))
    return [c for c in cells if c is not injected]


@functools.cache
def _html_exporter():
    """One exporter per process, its templates compiled once; a notebook validated once, after the last preprocessor,
    not after each of the dozen (nbformat compiles its schema anew for each check: two thirds of a page's time)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(optimistic_validation=True)


def render_notebook(notebook, page, title, *, heading, previous=None, following=None):
    """One executed notebook -> one HTML page with its title, the site's bar and links to the pages before and after."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    nb.cells = parameters_once(nb.cells)
    nb.metadata["title"] = f"{title} · {heading}"
    body, _ = _html_exporter().from_notebook_node(nb)
    # no script from the internet: the notebooks use no widgets (require.js) and no formulas (MathJax), and
    # without them the folder works offline (a notebook with $...$ formulas would show them as typed)
    body = re.sub(r'<script src="https://[^"]*/require\.js/[^"]*">\s*</script>', "", body)
    body = re.sub(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", "", body, flags=re.S)
    body = body.replace("</head>", f"<style>{NOTEBOOK_STYLE}</style></head>", 1)
    bar = site_nav(heading) + "\n"
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + bar, body, count=1)
    body = body.replace("</body>", _steps(previous, following) + "\n</body>", 1)
    write_text(body, page)


def render_notebooks(build_dir, out_dir, heading, *, pool):
    """Every executed notebook -> out_dir/<page>, in `pool` (a process per core), while the caller makes
    the other pages; returns ([(page name, {language: title})], a wait() that re-raises any page's error)."""
    pages = notebook_pages(build_dir)
    links = [(name, titles["en"]) for _, name, titles in pages]
    jobs = [
        pool.submit(
            render_notebook,
            notebook,
            out_dir / name,
            titles["en"],
            heading=heading,
            previous=links[i - 1] if i else None,
            following=links[i + 1] if i + 1 < len(links) else None,
        )
        for i, (notebook, name, titles) in enumerate(pages)
    ]
    return [(name, titles) for _, name, titles in pages], lambda: [job.result() for job in jobs]


# --- files copied into the site ------------------------------------------------------------------------


def copy_into(source, out_dir, folder):
    """Copy `source` to out_dir/files/<folder>/ and return its link, relative to the pages."""
    target = Path(out_dir, "files", folder, Path(source).name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target.relative_to(out_dir).as_posix()


# --- tables --------------------------------------------------------------------------------------------


def markdown_table_html(markdown_text):
    """A table written by `sdi.publish.tables.to_markdown` -> (caption, HTML of the table and its note); the table
    scrolls sideways instead of running off the page."""
    import mistune

    lines = markdown_text.strip().splitlines()
    title = lines[0].strip().strip("*") if lines and lines[0].startswith("**") else ""
    body = mistune.html("\n".join(lines[1:] if title else lines))
    body = body.replace("<table>", '<div class="scroll"><table>').replace("</table>", "</table></div>")
    return title, body


def table_title(caption_text):
    """'Table 13 – Sustainable development indices ..., 2023; method: thesis' -> (13, 'Sustainable development
    indices ...'): the number and the title without year and method, for the list on the index."""
    match = re.match(r"\D*(\d+)\s+–\s+(.*?)(?:, \d{4}(?: ж\.)?)?(?:; \S+: \w+)?$", caption_text)
    return (int(match.group(1)), match.group(2)) if match else (None, caption_text)


def method_tables(root, year):
    """{method: {language: [(number, caption, markdown path)]}} for the tables the pipeline wrote."""
    found = {}
    for method in _methods(Path(root, "reports", str(year))):
        for language in LANGUAGES:
            folder = Path(root, "reports", str(year), method, "tables", language)
            tables = []
            for md in sorted(folder.glob("table*.md")):
                title, _ = markdown_table_html(md.read_text(encoding="utf-8"))
                tables.append((table_title(title)[0], title, md))
            if tables:
                found.setdefault(method, {})[language] = tables
    return found


def _methods(folder):
    """The method folders under `folder`, thesis and corrected first."""
    names = (
        sorted(
            (p.name for p in Path(folder).iterdir() if p.is_dir()),
            key=lambda m: (m not in METHOD_ORDER, METHOD_ORDER.index(m) if m in METHOD_ORDER else 0, m),
        )
        if Path(folder).is_dir()
        else []
    )
    return [m for m in names if m not in ("html", "reproduction")]


def tables_page(year, method, language, *, tables, out_dir, downloads):
    heading = _heading(year, language)
    numbers = [number for number, _, _ in tables]
    span = f"{min(numbers)}–{max(numbers)}" if len(numbers) > 1 else f"{numbers[0]}"
    title = catalogue.text("site.tables_title", language, span=span, folder=folder_name(method, language), year=year)
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="subtitle">{_other_language_links("tables", method, language)} · {downloads}</p>',
    ]
    for number, title, md in tables:
        body = md.with_suffix(".html").read_text(encoding="utf-8")  # written by sdi.publish.tables.to_html
        parts.append(f'<section id="table-{number}"><h2>{html.escape(title)}</h2>{body}</section>')
    name = f"tables_{method}_{language}.html"
    write_text(_page(f"{title} · {heading}", "\n".join(parts), site_nav(heading), language=language), out_dir / name)
    return name


def _other_language_links(kind, method, language):
    return " · ".join(
        f'<a href="{kind}_{method}_{other}.html">{LANGUAGE_NAMES[other]}</a>'
        if other != language
        else f"<strong>{LANGUAGE_NAMES[other]}</strong>"
        for other in LANGUAGES
    )


# --- figures -------------------------------------------------------------------------------------------


def figure_parts(stem):
    """'index_map_social_kk' -> ('index_map_social', 'kk'); a figure without a language suffix -> (stem, None)."""
    for language in LANGUAGES:
        if stem.endswith(f"_{language}"):
            return stem[: -len(language) - 1], language
    return stem, None


def figure_caption(name, language, year, *, method):
    """The caption `sdi.publish.figures.caption` gives, or the file name in words for a figure it does not know."""
    for kind in ("index_map", "typology_map"):
        if name.startswith(kind + "_"):
            return caption(kind, language, year, method=method, column=name[len(kind) + 1 :])
    if name in CAPTIONS:
        return caption(name, language, year, method=method)
    return name.replace("_", " ").capitalize()


def figures_of(folder, language):
    """[(name, PNG)] of a figures folder in `language` (and those without a language), in the notebooks' order."""
    found = []
    for png in sorted(Path(folder).glob("*.png")):
        name, lang = figure_parts(png.stem)
        if lang in (language, None):
            found.append((name, png))
    return sorted(found, key=lambda f: (FIGURE_ORDER.index(f[0]) if f[0] in FIGURE_ORDER else len(FIGURE_ORDER), f[0]))


def _figure_html(out_dir, folder, name, *, png, text):
    src = copy_into(png, out_dir, folder)
    svg = png.with_suffix(".svg")
    extra = f' · <a href="{copy_into(svg, out_dir, folder)}">SVG</a>' if svg.is_file() else ""
    return (
        f'<figure><a href="{src}"><img src="{src}" alt="{html.escape(text)}" loading="lazy"></a>'
        f'<figcaption>{html.escape(text)} · <a href="{src}">PNG</a>{extra}</figcaption></figure>'
    )


def figures_page(year, method, language, *, folder, out_dir):
    heading = _heading(year, language)
    figures = figures_of(folder, language)
    if not figures:
        return None
    title = catalogue.text("site.figures_title", language, folder=folder_name(method, language), year=year)
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="subtitle">{_other_language_links("figures", method, language)} · '
        f"{catalogue.text('site.drawn_for_the_page', language)}</p>",
        '<div class="figs">',
    ]
    parts += [
        _figure_html(
            out_dir, f"figures/{method}", name, png=png, text=figure_caption(name, language, year, method=method)
        )
        for name, png in figures
    ]
    parts.append("</div>")
    name = f"figures_{method}_{language}.html"
    write_text(_page(f"{title} · {heading}", "\n".join(parts), site_nav(heading), language=language), out_dir / name)
    return name


# --- reproduction report --------------------------------------------------------------------------------


MEMO_PAGES = {"en": ("README.md", "reproduction.html"), "kk": ("README_kk.md", "reproduction_kk.html")}


def render_reproduction(report_dir, out_dir, year):
    """reproduction/README.md and README_kk.md -> out_dir/reproduction.html and reproduction_kk.html, their images
    and files copied into the site; returns {language: page} of the memos there are."""
    import mistune

    pages = {}
    for language, (name, page) in MEMO_PAGES.items():
        source = report_dir / name
        if not source.is_file():
            continue
        text = source.read_text(encoding="utf-8")
        for path in sorted(report_dir.iterdir()):
            if path.suffix in (".png", ".svg", ".csv"):
                link = copy_into(path, out_dir, "reproduction")
                text = text.replace(f"]({path.name})", f"]({link})")
                text = text.replace(f"`{path.name}`", f"[`{path.name}`]({link})")
        body = mistune.html(text).replace("<table>", '<div class="scroll"><table>')
        body = body.replace("</table>", "</table></div>")
        heading = _heading(year, language)
        title = f"{catalogue.text('front.reproduction', language)} · {heading}"
        write_text(_page(title, body, site_nav(heading), language=language), out_dir / page)
        pages[language] = page
    return pages


# --- the official trends (notebook 10) --------------------------------------------------------------------


TREND_PAGES = {"en": "trends_en.html", "kk": "trends_kk.html"}
TREND_NOTEBOOK = "10_trends"


def trend_pages(root, out_dir, year, *, notebook=None):
    """The official trends as a page per language: each pillar's figure and table, the workbook, the Word document
    and the CSVs to download, a link to notebook 10's page (`notebook`: (page, {language: title})); returns
    ({language: page}, first year, last year), or ({}, None, None) before notebook 10 has run."""
    root = Path(root)
    data = paths.processed_dir(root, trends.FOLDER)
    folder = trend_report.reports_folder(root)
    if not (data / trends.OUTPUT_FILES[0]).is_file() or not folder.is_dir():
        return {}, None, None
    years = pd.read_csv(data / trends.OUTPUT_FILES[0], usecols=["year"])["year"]
    first, last = int(years.min()), int(years.max())
    data_links = [(name, copy_into(data / name, out_dir, "trends")) for name in reversed(trends.OUTPUT_FILES)]
    pages = {}
    for language in LANGUAGES:
        heading = _heading(year, language)
        title = catalogue.text("site.trends_title", language, first=first, last=last)
        files = [f for f in sorted(folder.glob(f"trends_{language}.*")) if f.suffix in (".xlsx", ".docx")]
        downloads = [(f.name, copy_into(f, out_dir, "trends")) for f in files] + data_links
        languages = " · ".join(
            f'<a href="{TREND_PAGES[other]}">{LANGUAGE_NAMES[other]}</a>'
            if other != language
            else f"<strong>{LANGUAGE_NAMES[other]}</strong>"
            for other in LANGUAGES
        )
        links = " · ".join(f'<a href="{link}">{html.escape(name)}</a>' for name, link in downloads)
        parts = [f"<h1>{html.escape(title)}</h1>", f'<p class="subtitle">{languages} · {links}</p>']
        for pillar in PILLARS:
            name = f"trends_{pillar}"
            png = trend_report.figures_folder(root) / f"{name}_{language}.png"
            if png.is_file():
                text = figure_caption(name, language, None, method=None)
                parts.append(_figure_html(out_dir, "figures/trends", name, png=png, text=text))
            table = folder / language / f"{name}.html"
            if table.is_file():
                caption_text, _ = markdown_table_html(table.with_suffix(".md").read_text(encoding="utf-8"))
                body = table.read_text(encoding="utf-8")  # written by sdi.publish.tables.to_html
                parts.append(f'<section id="{name}"><h2>{html.escape(caption_text)}</h2>{body}</section>')
        if notebook:
            how = html.escape(catalogue.text("site.trends_how", language))
            parts.append(f'<p class="note">{how} <a href="{notebook[0]}">{html.escape(notebook[1][language])}</a></p>')
        page = TREND_PAGES[language]
        write_text(
            _page(f"{title} · {heading}", "\n".join(parts), site_nav(heading), language=language), out_dir / page
        )
        pages[language] = page
    return pages, first, last


# --- the index ------------------------------------------------------------------------------------------


INDEX_PAGES = explorer.HOME_PAGES  # the front page in each language


def index_page(
    root,
    year,
    notebooks,
    *,
    language="en",
    reproduction,
    profile_pages=None,
    tables,
    tables_pages,
    figure_pages,
    out_dir,
    trends_found=({}, None, None),
):
    """The front page in `language`: the verdict first (sdi.publish.front_page), then the way to everything
    else: region profiles, tables, figures, the official trends (`trends_found`: `trend_pages`' answer),
    notebooks, other years."""
    root = Path(root)
    heading = _heading(year, language)
    is_panel = str(year) == "panel"
    published = Path(root, "data", "reference", str(year)).is_dir()
    say = lambda key, **values: html.escape(catalogue.text(key, language, **values))  # noqa: E731
    other = "kk" if language == "en" else "en"
    title = catalogue.text("site.panel_title" if is_panel else "front.title", language, year=year)
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="subtitle"><a href="{INDEX_PAGES[other]}" hreflang="{other}">{say("front.other_language")}</a></p>',
    ]
    if is_panel:
        parts.append(f"<p>{say('site.panel_intro')}</p>")
    elif published:
        parts.append(f"<p>{say('site.published_intro', year=year)}</p>")
    else:
        source = (
            "site.provenance"
            if Path(root, "data", "raw", str(year), "PROVENANCE.md").is_file()
            else "site.no_provenance"
        )
        parts.append(f"<p>{say('site.unpublished_intro', year=year)} <strong>{say(source, year=year)}</strong></p>")
    if not is_panel:
        regions = load_year_regions(Path(root, "data", "raw"), int(year))  # the year's map of regions
        names = {lang: region_names(regions, lang) for lang in LANGUAGES}
        ranking = published_top(
            Path(root, "data", "reference", str(year), "table13_integral.csv"), regions, top=len(regions)
        )
        parts.append(
            front_page.verdict(
                (root, year, ranking),
                names,
                language=language,
                reproduction_link=(reproduction or {}).get(language) or (reproduction or {}).get("en", ""),
            )
        )
    if profile_pages:
        regions = load_year_regions(
            Path(root, "data", "raw"), None if is_panel else int(year)
        )  # the year's map of regions
        names = region_names(regions, language)
        links = " · ".join(
            f'<a href="{profile_pages[(r, language)]}">{html.escape(names[r])}</a>'
            for r in regions["region_id"]
            if (r, language) in profile_pages
        )
        document = f"files/profiles/profiles_{year}_{language}.docx"
        parts.append(
            f'<h2>{say("front.regions")}</h2><p class="regions">{links}</p>'
            f'<p class="note">{say("front.profiles_note")} <a href="{document}">{Path(document).name}</a></p>'
        )
    if (out_dir / explorer.PAGE).is_file():
        parts.append(explorer.front_page_link(language))
    if tables:
        parts.append(f"<h2>{say('front.tables')}</h2>")
        parts.append(
            '<div class="scroll"><table class="list">'
            f"<tr><th>{say('table.word.table')}</th><th>{say('site.title')}</th>"
            + "".join(f"<th>{html.escape(folder_name(m, language))}</th>" for m in tables)
            + "</tr>"
        )
        titles = {}  # every table any folder has (Tables 7-14 per method, 15-24 of the risk maps), by number
        for method in tables:
            for number, caption_text, _ in tables[method].get(language) or next(iter(tables[method].values())):
                titles.setdefault(number, caption_text)
        for number, caption_text in sorted(titles.items()):
            links = []
            for method in tables:
                links.append(
                    " · ".join(
                        f'<a href="{tables_pages[(method, lang)]}#table-{number}">{LANGUAGE_NAMES[lang]}</a>'
                        for lang in (language, other)
                        if (method, lang) in tables_pages
                        and any(n == number for n, _, _ in tables[method].get(lang, []))
                    )
                )
            parts.append(
                f"<tr><td>{say('table.word.table')} {number}</td><td>{html.escape(table_title(caption_text)[1])}</td>"
                + "".join(f"<td>{link}</td>" for link in links)
                + "</tr>"
            )
        parts.append("</table></div>")
        downloads = []
        for method in tables:
            folder = Path(root, "reports", str(year), method, "tables")
            files = sorted(folder.glob("*.xlsx")) + sorted(folder.glob("*.docx"))
            downloads += [
                f'<a href="{copy_into(f, out_dir, f"tables/{method}")}">{html.escape(f.name)}</a>' for f in files
            ]
        if downloads:
            parts.append(f'<p class="note">{say("front.downloads")} {" · ".join(downloads)}</p>')
    if figure_pages:
        parts.append(f"<h2>{say('front.figures')}</h2><ul>")
        for method in dict.fromkeys(m for m, _ in figure_pages):
            links = " · ".join(
                f'<a href="{figure_pages[(method, lang)]}">{LANGUAGE_NAMES[lang]}</a>'
                for lang in (language, other)
                if (method, lang) in figure_pages
            )
            parts.append(f"<li>{html.escape(folder_name(method, language))}: {links}</li>")
        parts.append(f'</ul><p class="note">{say("site.figures_note")}</p>')
    pages, first, last = trends_found
    if pages:
        links = " · ".join(
            f'<a href="{pages[lang]}">{LANGUAGE_NAMES[lang]}</a>' for lang in (language, other) if lang in pages
        )
        parts.append(f"<h2>{say('front.trends')}</h2><p>{say('front.trends_text', first=first, last=last)} {links}</p>")
    if notebooks:
        parts.append(f"<h2>{say('front.notebooks')}</h2><ol>")
        parts += [f'<li><a href="{name}">{html.escape(labels[language])}</a></li>' for name, labels in notebooks]
        parts.append("</ol>")
    if not is_panel and Path(root, "build", "panel").is_dir():
        parts.append(
            f'<h2>{say("site.other_years")}</h2><p><a href="../../panel/html/index.html">{say("site.all_years")}</a> '
            f"{say('site.panel_folder')}</p>"
        )
    if is_panel:
        years = sorted(p.name for p in Path(root, "build").iterdir() if p.name.isdigit())
        links = " · ".join(f'<a href="../../{y}/html/index.html">{y}</a>' for y in years)
        parts.append(f"<h2>{say('site.each_year')}</h2><p>{links} {say('site.year_folders')}</p>")
    return _page(f"{title}", "\n".join(parts), site_nav(heading, "index"), language=language)


def build(root, year):
    root = Path(root)
    out = root / "reports" / str(year) / "html"
    if (out / "files").is_dir():  # the last run's pages and copies: a page or file no longer made must not linger
        shutil.rmtree(out / "files")
    for page in out.glob("*.html"):
        page.unlink()
    heading = _heading(year)
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        notebooks, wait = render_notebooks(root / "build" / str(year), out, heading, pool=pool)
        trend_notebook = root / "build" / trends.FOLDER / f"{TREND_NOTEBOOK}.ipynb"
        trend_page = None
        if str(year) != "panel" and trend_notebook.is_file():
            title = notebook_title(trend_notebook)
            trend_page = (f"{TREND_NOTEBOOK}.html", {lang: notebook_label(title, "", lang) for lang in LANGUAGES})
            rendered = pool.submit(
                render_notebook, trend_notebook, out / trend_page[0], trend_page[1]["en"], heading=heading
            )
        profile_pages = _profiles(root, year, out)
        index = _other_pages(root, year, out, notebooks=notebooks, profile_pages=profile_pages, trend_page=trend_page)
        wait()  # the index last: if a page failed, there is none, and make runs this again
        if trend_page:
            rendered.result()
    write_text(index["kk"], out / INDEX_PAGES["kk"])
    return write_text(index["en"], out / INDEX_PAGES["en"])


def _profiles(root, year, out):
    """Every region's profile page in both languages and one Word document per language (files/profiles/);
    returns {(region_id, language): page}, empty for the panel or before the indices exist."""
    data = None if str(year) == "panel" else profiles.load_year(root, year)
    if data is None:
        return {}

    def page(title, body, language):
        heading = _heading(year, language)
        return _page(f"{title} · {heading}", body, site_nav(heading), language=language)

    pages = profiles.write_profile_pages(data, out, page)
    for language in LANGUAGES:
        profiles.write_profile_document(data, out / "files" / "profiles" / f"profiles_{year}_{language}.docx", language)
    return pages


def _other_pages(root, year, out, *, notebooks, profile_pages, trend_page=None):
    """The reproduction report's, the tables', the figures' and the trends' pages; returns the front page's text in
    each language."""
    reproduction = render_reproduction(root / "reports" / str(year) / "reproduction", out, year)
    tables = method_tables(root, year)
    tables_pages = {}
    for method, by_language in tables.items():
        downloads = []
        for language, found in by_language.items():
            folder = Path(root, "reports", str(year), method, "tables")
            files = sorted(folder.glob(f"*_{language}.xlsx")) + sorted(folder.glob(f"*_{language}.docx"))
            downloads = " · ".join(
                f'<a href="{copy_into(f, out, f"tables/{method}")}">{f.suffix[1:]}</a>' for f in files
            )
            tables_pages[(method, language)] = tables_page(
                year, method, language, tables=found, out_dir=out, downloads=downloads
            )
    explorer.write_explorer(root, year, out, base_style=STYLE)  # before the index, which links it
    trends_found = trend_pages(root, out, year, notebook=trend_page) if str(year) != "panel" else ({}, None, None)
    figure_pages = {}
    for method in _methods(root / "figures" / str(year)):
        for language in LANGUAGES:
            name = figures_page(year, method, language, folder=root / "figures" / str(year) / method, out_dir=out)
            if name:
                figure_pages[(method, language)] = name
    return {
        language: index_page(
            root,
            year,
            notebooks,
            language=language,
            reproduction=reproduction,
            profile_pages=profile_pages,
            tables=tables,
            tables_pages=tables_pages,
            figure_pages=figure_pages,
            out_dir=out,
            trends_found=trends_found,
        )
        for language in LANGUAGES
    }


if __name__ == "__main__":
    print(build(".", sys.argv[1]))  # a year, or "panel"
