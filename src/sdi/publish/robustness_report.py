"""The robustness audit's tables (notebook 08) as files: CSV at full precision for machines, Markdown
with region names and a bilingual title for people, both in reports/<year>/<method>/robustness/.
"""

import json
import math

import pandas as pd

from sdi.io import write_csv, write_text
from sdi.inputs.metadata import alias_map, normalise_name, region_names
from sdi.publish.labels import ASSUMPTION_LABELS

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
    `lines_by_method` is {method: robust_conclusions(...) lines} for the methods audited."""
    if not lines_by_method:
        return ""
    out = ["## Which conclusions are robust", "",
           "The robustness audit (notebook 08) recomputes the index under other reasonable choices of "
           "normalisation, mean and pillar weights (`config/uncertainty.toml`); its tables are in "
           "`reports/<year>/<method>/robustness/`.", ""]
    for method, lines in lines_by_method.items():
        out += [f"### The `{method}` method", "", *lines, ""]
    return "\n".join(out)


def _share(x):
    return f"{100 * x:.1f} %" if x is not None and not math.isnan(x) else "n/a"


def robust_conclusions(table, mc_summary, names, top_three):
    """Markdown lines: which conclusions survive the Monte Carlo runs. `table`: rank_uncertainty();
    `mc_summary`: summary() (or monte_carlo.json read back); `names`: {region_id: name};
    `top_three`: {whose: region ids}, e.g. {"published": [...]}: the top threes whose survival is asked about."""
    rows = table.set_index("region_id")
    varied = ", ".join(ASSUMPTION_LABELS.get(a, (a,))[0] for a in mc_summary["uncertain_assumptions"]) or "nothing varied"
    lines = [f"Over {mc_summary['runs']:,} Monte Carlo runs (varied: {varied}; settings in `monte_carlo.json`):", ""]
    by_aggregation = "; ".join(f"{_share(share)} of those with {a} means"
                               for a, share in mc_summary["share_every_isdr_medium_by_aggregation"].items())
    lines.append(f"- **Every region's ISDR is medium** in {_share(mc_summary['share_every_isdr_medium'])} of the "
                 f"{mc_summary['minmax_runs']:,} runs scored min-max, the scale the 11 and 19 thresholds are for"
                 f"{f' ({by_aggregation})' if by_aggregation else ''}.")
    for whose, region_ids in top_three.items():
        for region_id in region_ids:
            r = {k: ("–" if pd.isna(v) else int(v)) if k.endswith("rank") else v for k, v in rows.loc[region_id].items()}
            lines.append(f"- **{names[region_id]}** ({whose} top three) stays in the top three in {_share(r['p_top3'])} "
                         f"of the runs; in 90 % of them its rank lies between {r['q05_rank']} and {r['q95_rank']} "
                         f"(median {r['median_rank']}; nominal {r['nominal_rank']}).")
    shift = mc_summary["mean_abs_rank_shift"]
    lines.append(f"- On average a run moves a region {shift['mean']:.1f} places from the nominal ranking "
                 f"(95 % of the runs: at most {shift['q95']:.1f}).")
    return lines
