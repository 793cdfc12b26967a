"""A browsable report for one year: every executed notebook as HTML, and an index page.

    python -m sdi.html_report YEAR

reads build/<year>/ (the executed notebooks) and writes reports/<year>/html/: one page per notebook,
`reproduction.html` (the reproduction report) and `index.html`, which links them, the tables, the
workbooks and the figures. Links are relative, so the folder can be opened from disk.
"""

import html
import sys
from pathlib import Path

from .io import write_text
from .methods import METHODS

STYLE = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1em}
.figs figure{margin:0}.figs img{width:100%;border:1px solid #ddd}.figs figcaption{font-size:.9em}
img{max-width:100%}"""


def _page(title, body):
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def render_notebook(notebook, page):
    """One executed notebook -> one HTML page."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:  # papermill gives this cell a random id; a fixed one keeps the page reproducible
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    body, _ = HTMLExporter().from_notebook_node(nb)
    write_text(body, page)


def render_notebooks(build_dir, out_dir):
    """build/<year>/**.ipynb -> out_dir/<method>_<name>.html, one process per core; returns [(label, file name)]."""
    from concurrent.futures import ProcessPoolExecutor

    jobs, pages = [], []
    for notebook in sorted(build_dir.rglob("*.ipynb")):
        if notebook.name.endswith(".failed.ipynb") or notebook.name.startswith("."):
            continue
        method = notebook.parent.name if notebook.parent != build_dir else ""
        name = f"{method + '_' if method else ''}{notebook.stem}.html"
        jobs.append((notebook, out_dir / name))
        pages.append((f"{notebook.stem}{f' ({method})' if method else ''}", name))
    with ProcessPoolExecutor() as pool:
        list(pool.map(render_notebook, *zip(*jobs)))  # list() re-raises any worker's error
    return pages


def render_reproduction(report_dir, out_dir):
    """reproduction/README.md -> out_dir/reproduction.html, its images pointing back to the report folder."""
    import mistune

    source = report_dir / "README.md"
    if not source.is_file():
        return None
    text = source.read_text(encoding="utf-8").replace("](rank_", "](../reproduction/rank_")
    write_text(_page("Reproduction report", mistune.html(text)), out_dir / "reproduction.html")
    return "reproduction.html"


def index_page(root, year, notebooks, reproduction):
    rel = Path("..")  # reports/<year>/html -> reports/<year>
    figures_rel = Path("..", "..", "..", "figures", str(year))
    heading = "all years side by side" if year == "panel" else year
    parts = [f"<h1>Sustainable development index of Kazakhstan's regions, {heading}</h1>",
             "<p>Қазақстан аймақтарының тұрақты даму индексі. A reproduction of the dissertation's Tables 7–14 "
             "from the raw indicator tables; <code>thesis</code> applies the dissertation's own directions, "
             "<code>corrected</code> the directions the indicators' meanings imply.</p>"]
    if reproduction:
        parts.append(f'<h2>Reproduction report</h2><p><a href="{reproduction}">What the recomputation confirms, what it does '
                     f'not, and why</a> · <a href="{rel}/reproduction/errata.csv">errata.csv</a> · '
                     f'<a href="{rel}/reproduction/summary.csv">summary.csv</a></p>')
    for method in METHODS:
        tables = Path(root, "reports", str(year), method, "tables")
        pngs = sorted(Path(root, "figures", str(year), method).glob("*.png"))
        if not tables.is_dir() and not pngs:
            continue
        parts.append(f"<h2>Method <code>{method}</code></h2><p>{html.escape(METHODS[method].description)}</p>")
        if tables.is_dir():
            parts.append("<h3>Tables</h3><table><tr><th>table</th><th>files</th></tr>")
            for csv in sorted(tables.glob("table*.csv")):
                link = f"{rel}/{method}/tables/{csv.stem}"
                parts.append(f"<tr><td>{html.escape(csv.stem)}</td><td><a href=\"{link}.csv\">CSV</a> · <a href=\"{link}.md\">Markdown</a></td></tr>")
            for book in sorted(tables.glob("*.xlsx")):
                parts.append(f"<tr><td>all tables, Excel</td><td><a href=\"{rel}/{method}/tables/{book.name}\">{book.name}</a></td></tr>")
            parts.append("</table>")
        parts.append("<h3>Figures</h3><div class=\"figs\">")
        for png in pngs:
            src = f"{figures_rel}/{method}/{png.name}"
            parts.append(f'<figure><a href="{src}"><img src="{src}" alt="{png.stem}"></a>'
                         f'<figcaption>{png.stem} · <a href="{figures_rel}/{method}/{png.stem}.svg">SVG</a></figcaption></figure>')
        parts.append("</div>")
    parts.append("<h2>Notebooks, executed</h2><ul>")
    parts += [f'<li><a href="{name}">{html.escape(label)}</a></li>' for label, name in notebooks]
    parts.append("</ul>")
    return _page(f"SDI {year}", "\n".join(parts))


def build(root, year):
    root = Path(root)
    out = root / "reports" / str(year) / "html"
    notebooks = render_notebooks(root / "build" / str(year), out)
    reproduction = render_reproduction(root / "reports" / str(year) / "reproduction", out)
    return write_text(index_page(root, year, notebooks, reproduction), out / "index.html")


if __name__ == "__main__":
    print(build(".", sys.argv[1]))  # a year, or "panel"
