"""The robustness audit's tables (notebook 08) as files: CSV at full precision for machines, Markdown
with region names and a bilingual title for people, both in reports/<year>/<method>/robustness/.
"""

import json

import pandas as pd

from .io import write_csv, write_text
from .metadata import alias_map, normalise_name
from .labels import region_names

TITLES = {
    "coherence_indicators": ("Statistical coherence of every indicator", "Әр көрсеткіштің статистикалық үйлесімділігі"),
    "coherence_pillars": ("Internal consistency of each pillar", "Әр тіректің ішкі үйлесімділігі"),
    "redundant_pairs": ("Pairs of indicators correlating above 0.9 within a pillar", "Бір тіректегі корреляциясы 0,9-дан жоғары жұптар"),
    "rank_uncertainty": ("ISDR rank over the Monte Carlo runs", "Монте-Карло бойынша ISDR орны"),
    "sobol_indices": ("Sobol' sensitivity indices of the mean absolute rank shift", "Ортақ орын ауытқуының Соболь индекстері"),
    "leave_one_out": ("Rank change of every region with one indicator left out", "Бір көрсеткішсіз әр аймақтың орын өзгерісі"),
    "leave_one_out_summary": ("Indicators whose removal moves a region", "Алынып тасталғанда аймақтың орнын өзгертетін көрсеткіштер"),
}


def with_names(table, regions):
    """`table` with the region's English name after region_id (when it has a region_id)."""
    if "region_id" not in table:
        return table
    names = region_names(regions, "en")
    out = table.copy()
    out.insert(out.columns.get_loc("region_id") + 1, "region", out["region_id"].map(names))
    return out


def write_table(table, folder, name, regions, note=""):
    """<folder>/<name>.csv (as computed) and <name>.md (region names added, a bilingual title); the paths."""
    en, kk = TITLES[name]
    shown = with_names(table, regions)
    shown = shown.astype(object).where(shown.notna(), None)  # tabulate leaves only None blank
    markdown = "\n".join([f"## {en}", "", f"*{kk}*", "", shown.to_markdown(index=False, floatfmt=".2f", missingval=""), ""]
                          + ([f"*{note}*", ""] if note else []))
    return write_csv(table, folder / f"{name}.csv"), write_text(markdown, folder / f"{name}.md")


def write_json(data, path):
    return write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", path)


def published_top(reference_table13, regions, top=3):
    """The region ids the dissertation's Table 13 ranks 1..top on ISDR (names as printed, mapped through
    regions.csv's aliases), in rank order; [] when the year has no published numbers."""
    if not reference_table13.is_file():
        return []
    printed = pd.read_csv(reference_table13, dtype={"region": str})
    aliases = alias_map(regions)
    ids = printed["region"].map(lambda name: aliases.get(normalise_name(name)))
    ranked = printed.assign(region_id=ids).sort_values("rank_isdr", kind="stable")
    return list(ranked.loc[ranked["rank_isdr"] <= top, "region_id"])


def conclusions_section(lines_by_method):
    """The reproduction report's section on which conclusions survive other reasonable choices:
    `lines_by_method` is {method: uncertainty.robust_conclusions(...) lines} for the methods audited."""
    if not lines_by_method:
        return ""
    out = ["## Which conclusions are robust", "",
           "The robustness audit (notebook 08) recomputes the index under other reasonable choices of "
           "normalisation, mean and pillar weights (`config/uncertainty.toml`); its tables are in "
           "`reports/<year>/<method>/robustness/`.", ""]
    for method, lines in lines_by_method.items():
        out += [f"### The `{method}` method", "", *lines, ""]
    return "\n".join(out)
