"""The verdict at the top of the site's front page, in Kazakh and in English: the headline result, a map
whose regions lead to their profiles, what holds and what does not (each published conclusion with the share
of the robustness audit's Monte Carlo runs in which it holds, and the choice it depends on), Table 13 with
each region's rank interval, and the reproduction's verdict in one line. A reviewer who reads only this knows
what the thesis claims, what the package finds and how far to trust it.

Everything is read from the files the pipeline wrote (indices.csv, the audit's rank_uncertainty.csv and
monte_carlo.json, the reproduction's summary.csv) and the boundary file; every word comes from the catalogue.
"""

import html
import json
from pathlib import Path

import pandas as pd

from sdi import paths
from sdi.method.typology import LEVELS
from sdi.publish import catalogue, region_svg
from sdi.publish.catalogue import number, text
from sdi.publish.figures import SCALE
from sdi.publish.labels import LEVEL_LABELS, METHOD_NAMES, pick
from sdi.publish.profiles import page_name as profile_page
from sdi.publish.tables import LANGUAGES, Table, to_html

AUDITED = ("thesis", "corrected")
CLAIM_ORDER = ("all_medium", "top", "bottom")  # as the dissertation draws them: the levels, then the ranking's ends
MAP_TOLERANCE = 5000  # metres: about a pixel of the front page's map at its widest (600 px for 3,000 km)
MAP_STYLE = (  # the map's own rules, beside it: the site's style sheet stays the site's
    ".region-map{width:100%;max-width:600px;height:auto;display:block;margin:.4em 0}"
    ".region-map a:hover path,.region-map a:focus path{stroke:#d62728;stroke-width:7}"
    ".region-map a:focus{outline:none}.region-map text{font-family:system-ui,sans-serif;font-weight:600;"
    "pointer-events:none}.map-legend{display:flex;flex-wrap:wrap;align-items:center;gap:.4em;font-size:.9rem;"
    "margin:.2em 0}.map-legend .ramp{display:inline-block;width:10em;height:.8em}"
)


def read_indices(root, year, method):
    """A method's indices.csv, or None before the pipeline wrote it."""
    path = Path(root, "data", "processed", str(year), method, "indices.csv")
    return pd.read_csv(path) if path.is_file() else None


def read_audit(root, year, method):
    """(rank_uncertainty table, monte_carlo.json) of a method's robustness audit, or None before it ran."""
    folder = paths.reports_dir(root, year, method) / "robustness"
    if not (folder / "rank_uncertainty.csv").is_file() or not (folder / "monte_carlo.json").is_file():
        return None
    return pd.read_csv(folder / "rank_uncertainty.csv"), json.loads((folder / "monte_carlo.json").read_text("utf-8"))


def percent(share, language):
    """A share of runs for a sentence: '36 %', '99.6 %' (one decimal only where it tells 99.6 from 100, or 0.4
    from 0), '< 0.1 %' for a share that is not 0 but rounds to it."""
    if share is None or pd.isna(share):
        return "–"
    value = 100 * share
    if 0 < value < 0.05:
        return f"< {number(0.1, language, 1)} %"
    if 99.95 < value < 100:
        return f"> {number(99.9, language, 1)} %"
    decimals = 0 if value == round(value) or 1 <= value <= 99 else 1
    return f"{number(value, language, decimals)} %"


def headline(indices, names, *, method, language):
    """One sentence of what a method's indices say: ISDR's range, the regions at each end, the levels, the
    first three."""
    data = indices.dropna(subset=["isdr"]).sort_values(["rank_isdr", "region_id"], kind="stable")
    if data.empty:
        return ""
    top, bottom = data.iloc[0], data.iloc[-1]
    counts = data["level_isdr"].value_counts()
    if len(counts) == 1 and counts.index[0] == "medium":
        levels = text("front.every_medium", language)
    else:
        levels = ", ".join(f"{counts[lv]} {pick(LEVEL_LABELS[lv], language).lower()}" for lv in LEVELS if lv in counts)
    sentence = text(
        "front.headline_text",
        language,
        method=pick(METHOD_NAMES[method], language),
        low=number(bottom.isdr, language, 2),
        low_region=names[bottom.region_id],
        high=number(top.isdr, language, 2),
        high_region=names[top.region_id],
        levels=levels,
        first=", ".join(names[r] for r in data["region_id"].iloc[:3]),
    )
    return sentence[:1].upper() + sentence[1:]  # the Kazakh sentence opens with the method's name


def depends_clause(claim, language):
    """'; under the thesis method it depends on the aggregation: 100 % with arithmetic means, 0 % with …', or ''."""
    assumption = claim.get("depends_on")
    if not assumption:
        return ""
    shares = ", ".join(
        text(
            "front.share_with",
            language,
            share=percent(share, language),
            choice=text(f"front.choice.{assumption}.{choice}", language),
        )
        for choice, share in claim["by"][assumption].items()
    )
    return text(
        "front.depends",
        language,
        assumption=text(f"front.assumption_in_sentence.{assumption}", language),
        shares=shares,
    )


def claim_lines(audits, names, *, published, language):
    """One sentence per conclusion the audits asked (all medium, top three, bottom three), with the share
    under each method and what it depends on under the thesis method; under the top and bottom three, one
    line per region with its share and rank interval. `audits`: {method: (ranks, summary)};
    `published`: the published ranking, region ids first to last ([] where the year has none)."""
    thesis = audits.get("thesis")
    if thesis is None:
        return []
    ranks = thesis[0].set_index("region_id")
    lines = []
    claims = thesis[1].get("claims", {})
    for name, claim in sorted(claims.items(), key=lambda item: CLAIM_ORDER.index(item[1]["kind"])):
        shares = {
            m: percent(audits[m][1]["claims"].get(name, {}).get("share"), language) if m in audits else "–"
            for m in AUDITED
        }
        regions = ", ".join(names[r] for r in claim["regions"])
        sentence = text(
            f"front.claim.{claim['kind']}",
            language,
            regions=regions,
            thesis=shares["thesis"],
            corrected=shares["corrected"],
            depends=depends_clause(claim, language),
        )
        details = []
        if claim["kind"] in ("top", "bottom"):
            for region in claim["regions"]:
                row = ranks.loc[region]
                share = row["p_top3" if claim["kind"] == "top" else "p_bottom3"]
                details.append(
                    text(
                        "front.region_in_group",
                        language,
                        region=names[region],
                        rank=published.index(region) + 1 if region in published else int(row["nominal_rank"]),
                        group=text(f"front.group.{claim['kind']}", language),
                        share=percent(share, language),
                        low=_whole(row["q05_rank"]),
                        high=_whole(row["q95_rank"]),
                    )
                )
        lines.append((sentence, details))
    return lines


def _whole(value):
    return "–" if pd.isna(value) else str(int(value))


def rank_colours(ranks):
    """{rank: '#rrggbb'} for ranks 1..n: one colour of the figures' scale per rank, reversed so that rank 1 is
    the brightest, as on the rank map (maps.rank_map) and as the highest ISDR on the index map."""
    import matplotlib as mpl
    from matplotlib.colors import to_hex

    n = max(ranks, default=1)
    colours = mpl.colormaps[SCALE]([1 - i / max(n - 1, 1) for i in range(n)])
    return {rank: to_hex(colours[rank - 1]) for rank in range(1, n + 1)}


def region_map(root, indices, names, *, language):
    """The front page's map in `language`: every region a link to its profile, coloured and numbered by its ISDR
    rank under the thesis method, with its name, ISDR and rank on hover (a <title>); a legend and a note. '' when
    the boundary file is absent."""
    found = region_svg.shapes(str(root), MAP_TOLERANCE)
    if found is None:
        return ""
    ranked = indices.dropna(subset=["rank_isdr"])
    rank = {r: int(k) for r, k in zip(ranked["region_id"], ranked["rank_isdr"])}
    colours = rank_colours(rank.values())
    isdr = dict(zip(indices["region_id"], indices["isdr"]))
    titles = {
        region: text(
            "front.map_region",
            language,
            region=names[region],
            isdr=number(isdr[region], language, 2),
            rank=rank.get(region, "–"),
        )
        for region in indices["region_id"]
    }
    svg = region_svg.inline_map(
        found,
        fill={region: colours[k] for region, k in rank.items()},
        css_class="region-map",
        label=text("front.map_label", language),
        titles=titles,
        links={region: profile_page(region, language) for region in indices["region_id"]},
        marks={region: str(k) for region, k in rank.items()},
    )
    ramp = ",".join(colours[k] for k in sorted(colours))
    esc = html.escape
    legend = (
        f'<p class="map-legend"><span>1</span><span class="ramp" style="background:linear-gradient(to right,{ramp})">'
        f"</span><span>{max(colours)}</span><span>{esc(text('front.map_legend', language))}</span></p>"
    )
    return (
        f"<style>{MAP_STYLE}</style><h2>{esc(text('front.map', language))}</h2>{svg}{legend}"
        f'<p class="note">{esc(text("front.map_note", language))}</p>'
    )


def table13_with_intervals(indices, ranks, names, *, year, runs):
    """Table 13's ISDR and rank (thesis method) with each region's median rank and 5-95 % interval over the
    audit's runs, as a `Table` in both languages (rendered like every other table)."""
    merged = indices.merge(ranks, on="region_id", how="left").sort_values(["rank_isdr", "region_id"])
    body, headings, caption, note = {}, {}, {}, {}
    for language in LANGUAGES:
        body[language] = pd.DataFrame(
            {
                0: [names[language][r] for r in merged["region_id"]],
                1: merged["isdr"].to_numpy(),
                2: merged["rank_isdr"].astype("Int64").array,
                3: merged["median_rank"].astype("Int64").array,
                4: merged["q05_rank"].astype("Int64").array,
                5: merged["q95_rank"].astype("Int64").array,
                6: [pick(LEVEL_LABELS[lv], language) if isinstance(lv, str) else "" for lv in merged["level_isdr"]],
            }
        )
        headings[language] = text("front.table13_headings", language)
        caption[language] = text("front.table13_caption", language, year=year)
        note[language] = text("front.table13_note", language, runs=number(runs, language, 0))
    links = {
        language: {(i, 0): profile_page(region, language) for i, region in enumerate(merged["region_id"])}
        for language in LANGUAGES
    }
    return Table(13, "front_table13", caption, headings, body, [None, 2, 0, 0, 0, 0, None], note=note, links=links)


def reproduction_line(summary_csv, language, *, link):
    """The reproduction's verdict in one sentence, with a link to the corrections; '' before it ran."""
    if not Path(summary_csv).is_file():
        return ""
    summary = pd.read_csv(summary_csv, dtype={"table": str})
    total = summary[["compared", "matched", "explained", "unexplained"]].sum()
    tables = sorted(int(t) for t in summary.table if t.isdigit())
    unexplained = (
        text("front.unexplained", language, n=number(total.unexplained, language, 0)) if total.unexplained else ""
    )
    return text(
        "front.reproduction_text",
        language,
        compared=number(total.compared, language, 0),
        tables=text("front.tables_span", language, first=tables[0], last=tables[-1])
        if tables[0] != tables[-1]
        else text("front.table_single", language, number=tables[0]),
        matched=number(total.matched, language, 0),
        explained=number(total.explained, language, 0),
        unexplained=html.escape(unexplained),
        link=link,
    )


def inputs_line(folder, language):
    """The input audit in one sentence (reports/<year>/reproduction/input_audit_*.csv); '' before it ran."""
    indicators, consequence = folder / "input_audit_indicators.csv", folder / "input_audit_consequence.csv"
    if not indicators.is_file() or not consequence.is_file():
        return ""
    table, moves = pd.read_csv(indicators), pd.read_csv(consequence)
    same = table[(table["relation"] == "same") & (table["differs"] > 0)]
    if same.empty:  # nothing to put in place (a year imported from the platform): the ranking stands
        related = table[table["differs"] > 0]
        return text(
            "front.inputs_related" if len(related) else "front.inputs_none",
            language,
            equal=number(table["equal"].sum(), language, 0),
            differs=number(table["differs"].sum(), language, 0),
            indicators=", ".join(related["indicator"]),
            not_published=number(table["not_published"].sum(), language, 0),
        )
    return text(
        "front.inputs",
        language,
        equal=number(table["equal"].sum(), language, 0),
        differs=number(table["differs"].sum(), language, 0),
        same=number(same["differs"].sum(), language, 0),
        indicators=", ".join(same["indicator"]),
        ranks=number((moves["rank_change"] != 0).sum(), language, 0),
        levels=number((moves["raw_level"] != moves["platform_level"]).sum(), language, 0),
    )


def verdict(run_files, names, *, language, reproduction_link):
    """The front page's verdict as HTML, in `language`. `run_files`: (root, year, published ranking);
    `names`: {language: {region_id: name}}."""
    root, year, published = run_files
    esc = html.escape
    audits = {m: a for m in AUDITED if (a := read_audit(root, year, m)) is not None}
    indices = {m: i for m in AUDITED if (i := read_indices(root, year, m)) is not None}
    parts = []
    if indices:
        parts.append(f"<h2>{esc(text('front.headline', language))}</h2>")
        parts += [
            f"<p>{esc(headline(i, names[language], method=m, language=language))}</p>" for m, i in indices.items()
        ]
    parts.append(f"<h2>{esc(text('front.holds', language))}</h2>")
    lines = claim_lines(audits, names[language], published=published, language=language)
    if not lines:
        parts.append(f"<p>{esc(text('front.not_audited', language))}</p>")
    else:
        settings = audits["thesis"][1]
        varied = ", ".join(
            catalogue.text(f"assumption.{a}", language) for a in settings.get("uncertain_assumptions", [])
        )
        intro = text(
            "front.holds_intro", language, runs=number(settings["runs"], language, 0, grouped=True), varied=varied
        )
        parts.append(f'<p>{esc(intro)}</p><ul class="claims">')
        for sentence, details in lines:
            sub = "".join(f"<li>{esc(d)}</li>" for d in details)
            parts.append(f"<li>{esc(sentence)}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
        parts.append("</ul>")
    if "thesis" in indices and "thesis" in audits:
        table = table13_with_intervals(
            indices["thesis"], audits["thesis"][0], names, year=year, runs=audits["thesis"][1]["runs"]
        )
        parts.append(f"<h2>{esc(text('front.table13', language))}</h2>{to_html(table, language)}")
    # the map, a second way to the profiles, after the verdict and Table 13: what holds comes first (issue 18)
    if "thesis" in indices and (clickable := region_map(root, indices["thesis"], names[language], language=language)):
        parts.append(clickable)
    line = reproduction_line(
        Path(root, "reports", str(year), "reproduction", "summary.csv"), language, link=reproduction_link
    )
    if line:
        parts.append(f"<h2>{esc(text('front.reproduction', language))}</h2><p>{line}</p>")
    inputs = inputs_line(Path(root, "reports", str(year), "reproduction"), language)
    if inputs:
        parts.append(f"<p>{esc(inputs)}</p>")
    return "\n".join(parts)
