"""The explorer page of a year's site, reports/<year>/html/explorer.html: a reader sets the method's choices (the
directions, the normalisation, the two aggregations, the pillar weights, each indicator's weight and inclusion,
the missing-value policy) and sees the ranking, the ISDR bars and the map change at once, each region's new rank
beside its nominal rank and the 5-95 % range of the robustness audit.

One self-contained file that works from file:// with no network: the year's raw values, the names, the audit's
ranges, the map's shapes (SVG paths simplified here, at build time) and the words of both languages are embedded
as JSON, and the JavaScript of `sdi.publish.explorer_script` computes from them with the definitions of
`sdi.method.scoring`. The settings live in the address after `#`, with the keys of `KEYS`
(`explorer.html#norm=rank&w=1,1,2&lang=kk`); the page says which part of an address it ignored.

Nothing in the data can break out of the page: the JSON is written with `<`, `>`, `&`, U+2028 and U+2029
escaped (`safe_json`), inside a `<script type="application/json">` that the script reads with JSON.parse, and
the script builds every element with textContent. The page holds no date or time: two builds give the same bytes.
"""

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from sdi import PILLARS
from sdi.inputs import cleaning, metadata
from sdi.io import write_text
from sdi.method import scoring
from sdi.method.methods import METHODS, MISSING_VALUE_POLICIES
from sdi.method.typology import LEVELS, THRESHOLDS
from sdi.publish.catalogue import LANGUAGES, entries, text
from sdi.publish.explorer_script import SCRIPT

PAGE = "explorer.html"
KEYS = ("method", "norm", "agg", "pagg", "w", "iw", "drop", "missing", "lang")  # the address's keys, for good
DISSERTATION = {  # the dissertation's choices: what the page opens with and what its reset button restores
    "method": "thesis",
    "norm": "minmax",
    "agg": "arithmetic",
    "pagg": "arithmetic",
    "w": [1.0] * len(PILLARS),
    "missing": METHODS["thesis"].missing,
    "lang": "en",
}
CHOICES = {
    "method": list(METHODS),
    "norm": list(scoring.NORMALISATIONS),
    "agg": list(scoring.AGGREGATIONS),
    "pagg": list(scoring.AGGREGATIONS),
    "missing": list(MISSING_VALUE_POLICIES),
    "lang": list(LANGUAGES),
}
WORD_SECTIONS = ("explorer.", "pillar.", "level.", "method.", "site.heading")  # the catalogue's entries the page shows
HOME_PAGES = {"en": "index.html", "kk": "index_kk.html"}  # the site's front page in each language
MAP_WIDTH = 1000  # the SVG's user units across
SIMPLIFY_METRES = 2500  # the map's tolerance: under a pixel of a 1,000-unit-wide Kazakhstan
COLOUR_STOPS = 11  # viridis, sampled; the script interpolates between them
NO_INDEX_COLOUR = "#bdbdbd"
ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_json(value):
    """JSON that can stand inside a <script> element whatever its strings hold: no `</script>`, no `<!--`, no
    line separator a parser could stop at (each of `<`, `>`, `&`, U+2028, U+2029 escaped as \\uXXXX, which
    JSON.parse reads back as the same character)."""
    text_ = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escaped in ESCAPES.items():
        text_ = text_.replace(character, escaped)
    return text_


def _finite(x):
    """A float for JSON, or None where it is missing."""
    return None if x is None or pd.isna(x) else float(x)


def _whole(x):
    return None if x is None or pd.isna(x) else int(x)


def words():
    """{language: {key: text}} of every catalogue entry the page shows."""
    return {
        language: {key: entry[language] for key, entry in entries().items() if key.startswith(WORD_SECTIONS)}
        for language in LANGUAGES
    }


def viridis_stops(count=COLOUR_STOPS):
    """[[r, g, b], ...] (0-255) of viridis at `count` evenly spaced points, low to high."""
    import matplotlib as mpl

    cmap = mpl.colormaps["viridis"]
    return [[round(255 * c) for c in cmap(i / (count - 1))[:3]] for i in range(count)]


def svg_map(shapes, regions, *, tolerance=SIMPLIFY_METRES):
    """{"viewBox": ..., "regions": {region_id: {"d": SVG path, "at": [x, y]}}}: each region's shape (projected
    as the figures' maps are, simplified to `tolerance` metres) in user units `MAP_WIDTH` across, north up, and
    a point inside it for its label (a city's marker)."""
    import shapely

    geometry = [g.simplify(tolerance) for g in shapes["geometry"]]
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(geometry))
    scale = MAP_WIDTH / (maxx - minx)

    def point(x, y):
        return round((x - minx) * scale), round((maxy - y) * scale)

    def path(g):
        rings = [r for p in getattr(g, "geoms", [g]) for r in (p.exterior, *p.interiors)]
        parts = []
        for ring in rings:
            xy = [point(x, y) for x, y in ring.coords[:-1]]
            xy = [p for i, p in enumerate(xy) if i == 0 or p != xy[i - 1]]
            if len(set(xy)) >= 3:  # an islet that rounds to a point or a line is not drawn
                parts.append("M" + "L".join(f"{x} {y}" for x, y in xy) + "Z")
        return "".join(parts)

    inner = shapely.point_on_surface(np.array(list(shapes["geometry"])))
    found = {}
    for region_id, g, p in zip(shapes["region_id"], geometry, inner):
        found[region_id] = {"d": path(g), "at": list(point(p.x, p.y))}
    known = set(regions["region_id"])
    height = round((maxy - miny) * scale)
    return {"viewBox": f"0 0 {MAP_WIDTH} {height}", "regions": {r: v for r, v in found.items() if r in known}}


def _method_data(region_ids, files):
    """A method's nominal ranks (indices.csv) and the audit's 5-95 % range and median (rank_uncertainty.csv), in
    the regions' order; `files`: (indices, rank_uncertainty, runs), None where a file is absent."""
    indices, uncertainty, runs = files

    def column(table, name):
        if table is None:
            return None
        values = table.set_index("region_id")[name].reindex(region_ids)
        return [_whole(v) for v in values]

    return {
        "rank": column(indices, "rank_isdr") or [None] * len(region_ids),
        "q05": column(uncertainty, "q05_rank"),
        "median": column(uncertainty, "median_rank"),
        "q95": column(uncertainty, "q95_rank"),
        "runs": runs,
    }


def explorer_data(values, indicators, regions, *, year, methods, shapes=None):
    """Everything the page embeds.

    `values`: the year's raw values, rows region_id, columns indicator codes (`cleaning.regional_values`);
    `indicators`, `regions`: the metadata tables; `methods`: {method: (indices, rank_uncertainty, runs)} with the
    pipeline's tables (None where absent); `shapes`: `maps.region_shapes` (None: no map)."""
    region_ids = list(values.index)
    codes = list(values.columns)
    meta = indicators.set_index("code").loc[codes]
    kind = dict(zip(regions["region_id"], regions["kind"]))
    names = {language: metadata.region_names(regions, language) for language in LANGUAGES}
    return {
        "year": year,
        "pillars": list(PILLARS),
        "levels": list(LEVELS),
        "regions": [
            {"id": r, "name": {language: names[language][r] for language in LANGUAGES}, "city": kind[r] == "city"}
            for r in region_ids
        ],
        "indicators": [
            {
                "code": code,
                "pillar": row.pillar,
                "name": {language: getattr(row, f"name_{language}") for language in LANGUAGES},
                "direction": {name: int(getattr(row, m.direction_column)) for name, m in METHODS.items()},
                "included": {name: bool(getattr(row, m.include_column)) for name, m in METHODS.items()},
                "weight": float(row.weight) if "weight" in meta else 1.0,
            }
            for code, row in zip(codes, meta.itertuples())
        ],
        "values": [[_finite(x) for x in row] for row in values.to_numpy(dtype=float)],
        "methods": {name: _method_data(region_ids, methods.get(name, (None, None, None))) for name in METHODS},
        "defaults": DISSERTATION,
        "choices": CHOICES,
        "constants": {
            "constantMinmax": scoring.CONSTANT_MINMAX,
            "zscoreMean": scoring.ZSCORE_MEAN,
            "zscoreSd": scoring.ZSCORE_SD,
            "decimals": scoring.COMPARED_DECIMALS,
            "minCoverage": {name: policy.min_coverage for name, policy in MISSING_VALUE_POLICIES.items()},
            "thresholds": {scope: list(bounds) for scope, bounds in THRESHOLDS.items()},
        },
        "map": None if shapes is None else svg_map(shapes, regions),
        "colours": viridis_stops(),
        "words": words(),
        "home": HOME_PAGES,
    }


STYLE = """body{max-width:1320px}#explorer-top{display:flex;justify-content:space-between;flex-wrap:wrap;gap:.5em}
nav.site .langs a{margin:0 0 0 .6em}nav.site .langs a.here{font-weight:600;color:#222;text-decoration:none}
.layout{display:grid;grid-template-columns:minmax(0,330px) minmax(0,1fr);gap:1.5rem;align-items:start}
#controls{position:sticky;top:3rem;max-height:calc(100vh - 3.5rem);overflow:auto;padding-right:.4rem}
#controls h2{margin-top:.2em}#controls h3{font-size:1rem;margin:1em 0 .3em}
.field{display:block;margin:.45em 0;font-size:.92rem}.field span{display:block}.field select{width:100%;font-size:.9rem}
.field.inline{display:flex;justify-content:space-between;align-items:center;gap:.5em}.field.inline input{width:5.5em}
fieldset{border:1px solid #d5dbe1;margin:.8em 0;padding:.3em .7em}legend{font-weight:600;font-size:.95rem}
details{border-top:1px solid #e3e6ea;padding:.25em 0}summary{cursor:pointer;font-weight:600;font-size:.95rem}
summary .count{font-weight:400;color:#555}
.indicator{display:flex;justify-content:space-between;align-items:flex-start;gap:.5em;padding:.2em 0;
border-bottom:1px solid #f0f0f0;font-size:.84rem}.indicator label{flex:1}.indicator b{margin:0 .3em}
.indicator input[type=number]{width:4.2em;flex:none}
.actions{display:flex;flex-wrap:wrap;gap:.6em;align-items:center}button{font:inherit;padding:.3em .7em}
.notes{background:#fff4d6;border:1px solid #e0c36a;padding:.3em .8em;margin:.6em 0;font-size:.92rem}
.notes p{margin:.25em 0}
.summary{font-size:.88rem;color:#333;background:#f4f6f8;padding:.4em .7em;margin:.4em 0}
#ranking td.name{text-align:left;white-space:normal}#ranking td.level{text-align:left}
#ranking{font-size:.88rem}#ranking th{white-space:normal;vertical-align:bottom}#ranking tr.outside td{background:#fff1cc}
#ranking tr.outside td.interval{font-weight:700}#ranking td.interval{white-space:nowrap}#results>h2:first-child{margin-top:.2em}
.bar-row{display:grid;grid-template-columns:minmax(5.5em,10em) 1fr 3.2em;gap:.4em;align-items:center;
font-size:.84rem;margin:.12em 0}.bar-name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar-track{background:#eef0f2;height:.95em}.bar{display:block;height:100%}.bar-value{text-align:right}
#map svg{width:100%;max-width:760px;height:auto;display:block}
#map text{font:600 24px system-ui,sans-serif;pointer-events:none}#map text.city{font-size:19px}#address{word-break:break-all}
#map .on-dark{fill:#fff}#map .on-light{fill:#111}
.legend{display:flex;align-items:center;gap:.5em;font-size:.85rem;margin:.3em 0}.ramp{flex:1;max-width:16em;height:.8em}
@media (max-width:820px){.layout{grid-template-columns:minmax(0,1fr)}#controls{position:static;max-height:none}}
@media (max-width:600px){#ranking .pillar,#ranking .level{display:none}#ranking{font-size:.8rem}
#ranking td,#ranking th{padding:.2em .3em}}
@media print{nav.site,#controls,.chart,.map,.timing,noscript,.subtitle{display:none!important}
body{max-width:none;padding:0;font-size:9pt}h1{font-size:13pt;margin:0 0 .3em}h2{font-size:11pt;margin:.6em 0 .3em}
.layout{display:block}.summary{background:none;padding:0;font-size:8.5pt}.scroll{overflow:visible}
#ranking{font-size:8.5pt}#ranking td,#ranking th{padding:.1em .35em}
#ranking .pillar,#ranking .level{display:table-cell!important}
.note{font-size:8pt}@page{size:A4;margin:12mm}}"""  # noqa: E501 (CSS, one rule a line; the page's bytes depend on it)


def _word(key, language="en", **values):
    return html.escape(text(key, language, **values))


def page(data, *, base_style=""):
    """The explorer page's HTML: the words in English until the script shows the address's language."""
    year, count = data["year"], len(data["regions"])
    ramp = ",".join("#{:02x}{:02x}{:02x}".format(*c) for c in data["colours"])
    heads = [
        ("explorer.col.rank", "num"),
        ("explorer.col.region", "name"),
        ("explorer.col.isdr", "num"),
        *((f"explorer.col.{p}", "num pillar") for p in PILLARS),
        ("explorer.col.level", "level"),
        ("explorer.col.nominal", "num"),
        ("explorer.col.change", "num change"),
        ("explorer.col.interval", "num interval"),
    ]
    header = "".join(f'<th class="{c}" data-word="{k}">{_word(k)}</th>' for k, c in heads)
    languages = " · ".join(
        f'<a data-lang="{language}" href="#lang={language}">{_word("explorer.language_name", language)}</a>'
        for language in LANGUAGES
    )
    body = f"""<nav class="site" id="explorer-top"><a href="{HOME_PAGES["en"]}" id="home">← <span data-word="site.heading">{_word("site.heading", year=year)}</span></a><span class="langs">{languages}</span></nav>
<h1 data-word="explorer.title">{_word("explorer.title", year=year)}</h1>
<p class="subtitle" data-word="explorer.lede">{_word("explorer.lede", year=year, count=count)}</p>
<noscript><p class="notes">{_word("explorer.noscript")}</p></noscript>
<div id="notes" class="notes" role="status" hidden></div>
<div class="layout">
<form id="controls" autocomplete="off"></form>
<main id="results">
<h2 data-word="explorer.ranking">{_word("explorer.ranking")}</h2>
<p class="summary" id="summary"></p>
<div class="scroll"><table id="ranking"><thead><tr>{header}</tr></thead><tbody id="ranking-body"></tbody></table></div>
<p class="note" id="interval-note"></p>
<p class="note"><span class="timing"><span id="timing"></span> · </span><span id="address"></span></p>
<section class="chart"><h2 data-word="explorer.chart">{_word("explorer.chart")}</h2><div id="bars"></div></section>
<section class="map"><h2 data-word="explorer.map_title">{_word("explorer.map_title")}</h2><div id="map"></div>
<p class="legend"><span id="legend-low"></span><span class="ramp" style="background:linear-gradient(to right,{ramp})"></span><span id="legend-high"></span></p>
<p class="note" data-word="explorer.map">{_word("explorer.map")}</p></section>
</main>
</div>
<script type="application/json" id="explorer-data">{safe_json(data)}</script>
<script>{SCRIPT}</script>"""  # noqa: E501 (the page's HTML, one element a line)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_word('explorer.title', year=year)}</title><style>{base_style}\n{STYLE}</style></head><body>\n"
        f"{body}\n</body></html>\n"
    )


def front_page_link(language="en"):
    """The front page's line that leads to the explorer, in the page's language (the explorer opens in it)."""
    return f'<p><a href="{PAGE}#lang={language}">{_word("explorer.link", language)}</a></p>'


def _read(path, reader):
    return reader(path) if Path(path).is_file() else None


def project_data(root, year):
    """explorer_data of a year from the files the pipeline wrote under `root`; None without clean.csv (a year
    not yet computed)."""
    root = Path(root)
    clean = Path(root, "data", "processed", str(year), "clean.csv")
    if not clean.is_file():
        return None
    raw = root / "data" / "raw"
    regions = metadata.load_year_regions(raw, int(year))  # the year's map of regions
    indicators = metadata.load_indicators(raw / "indicators.csv")
    values = cleaning.regional_values(pd.read_csv(clean))
    methods = {}
    for name in METHODS:
        audit = root / "reports" / str(year) / name / "robustness"
        summary = _read(audit / "monte_carlo.json", lambda p: json.loads(Path(p).read_text(encoding="utf-8")))
        methods[name] = (
            _read(root / "data" / "processed" / str(year) / name / "indices.csv", pd.read_csv),
            _read(audit / "rank_uncertainty.csv", pd.read_csv),
            summary["runs"] if summary else None,
        )
    boundaries = root / "data" / "external" / "kz_adm1.geojson"
    shapes = None
    if boundaries.is_file():
        from sdi.publish.maps import region_shapes

        shapes = region_shapes(regions, boundaries, today=metadata.load_regions(raw / "regions.csv"))
    return explorer_data(values, indicators, regions, year=int(year), methods=methods, shapes=shapes)


def write_explorer(root, year, out_dir, *, base_style=""):
    """out_dir/explorer.html for `year`; its name, or None for a year the pipeline has not computed."""
    data = project_data(root, year)
    if data is None:
        return None
    write_text(page(data, base_style=base_style), Path(out_dir) / PAGE)
    return PAGE
