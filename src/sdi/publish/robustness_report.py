"""The robustness audit's tables (notebook 07) as files: CSV at full precision for machines, Markdown
with region names and a bilingual title for people, both in reports/<year>/<method>/robustness/.
"""

import json
import math

import pandas as pd

from sdi import paths
from sdi.inputs.metadata import alias_map, normalise_name, region_names
from sdi.io import write_csv, write_text
from sdi.publish.catalogue import section
from sdi.publish.labels import ASSUMPTION_LABELS
from sdi.robustness.sensitivity import CONFIDENCE, RESAMPLES

TITLES = section("robustness.title")


def with_names(table, regions):
    """`table` with the region's English name after region_id (when it has a region_id)."""
    if "region_id" not in table:
        return table
    names = region_names(regions, "en")
    out = table.copy()
    out.insert(out.columns.get_loc("region_id") + 1, "region", out["region_id"].map(names))
    return out


def write_table(table, folder, name, *, regions, note=""):
    """<folder>/<name>.csv (as computed) and <name>.md (region names added, a bilingual title); the paths."""
    en, kk = TITLES[name]
    shown = with_names(table, regions)
    shown = shown.astype(object).where(shown.notna(), None)  # tabulate leaves only None blank
    markdown = "\n".join(
        [f"## {en}", "", f"*{kk}*", "", shown.to_markdown(index=False, floatfmt=".2f", missingval=""), ""]
        + ([f"*{note}*", ""] if note else [])
    )
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


def top_threes(ranks, reference_table13, regions):
    """{whose: region ids}: the top threes whose survival the conclusions ask about: the dissertation's
    (Table 13, where the year has published numbers) and this method's own when it is another set."""
    recomputed = list(ranks.region_id[ranks.nominal_rank <= 3])
    published = published_top(reference_table13, regions)
    found = {"published": published} if published else {}
    if set(recomputed) != set(published):  # the same three regions need saying once
        found["recomputed"] = recomputed
    return found


def sobol_note(config, model):
    """The line under the Sobol' table: the design's size and the intervals' kind."""
    return (
        f"{config.sobol_samples:,} base samples, {config.sobol_samples * (len(model.assumptions) + 2):,} runs; "
        f"{CONFIDENCE:.0%} percentile bootstrap intervals ({RESAMPLES} resamples)"
    )


def with_assumption_names(sobol):
    """The Sobol' table with each assumption named in words (English)."""
    return sobol.assign(assumption=[ASSUMPTION_LABELS.get(a, (a,))[0] for a in sobol.assumption])


def coherence_summary(indicator_table, pairs):
    """What the coherence tables say, in a few lines: the effective weights, how many indicators pull
    against or barely move their pillar and ISDR, how many are skewed, how many pairs are redundant."""
    included = indicator_table[indicator_table.included]
    weights = included.groupby("pillar").effective_weight.first()
    lines = ["effective weight of one indicator in ISDR: " + ", ".join(f"{p} {w:.2%}" for p, w in weights.items())]
    for column, what in (("flag_pillar", "with its pillar"), ("flag_isdr", "with ISDR")):
        counts = included[column].value_counts()
        lines.append(
            f"{what}: {counts.get('negative', 0)} negative, {counts.get('weak', 0)} weak, of {len(included)} "
            "included indicators"
        )
    lines.append(
        f"skewed and heavy-tailed: {(included.flag_distribution != '').sum()}; pairs above 0.9 within a pillar: "
        f"{len(pairs)}"
    )
    return "\n".join(lines)


FLAGGED_COLUMNS = [
    "indicator",
    "pillar",
    "pearson_pillar",
    "spearman_pillar",
    "flag_pillar",
    "pearson_isdr",
    "skewness",
    "kurtosis",
    "flag_distribution",
]


def flagged_indicators(indicator_table):
    """The included indicators that pull against or barely move their pillar, or are skewed and heavy-tailed."""
    included = indicator_table[indicator_table.included]
    return included[(included.flag_pillar != "") | (included.flag_distribution != "")][FLAGGED_COLUMNS]


AUDITED_METHODS = ("thesis", "corrected")


def audited_conclusions(run):
    """{method: robust_conclusions lines} for the methods whose robustness audit (notebook 07) has run
    for `run.year`, asked about the dissertation's top three."""
    found = {}
    top = {"published": published_top(run.reference / "table13_integral.csv", run.regions)}
    for method in AUDITED_METHODS:
        audit = paths.reports_dir(run.root, run.year, method) / "robustness"
        if (audit / "rank_uncertainty.csv").is_file():
            found[method] = robust_conclusions(
                pd.read_csv(audit / "rank_uncertainty.csv"),
                json.loads((audit / "monte_carlo.json").read_text(encoding="utf-8")),
                run.region_names["en"],
                top_three=top,
            )
    return found


def conclusions_section(lines_by_method):
    """The reproduction report's section on which conclusions survive other reasonable choices:
    `lines_by_method` is {method: robust_conclusions(...) lines} for the methods audited."""
    if not lines_by_method:
        return ""
    out = [
        "## Which conclusions are robust",
        "",
        "The robustness audit (notebook 07) recomputes the index under other reasonable choices of "
        "normalisation, mean and pillar weights (`config/uncertainty.toml`); its tables are in "
        "`reports/<year>/<method>/robustness/`.",
        "",
    ]
    for method, lines in lines_by_method.items():
        out += [f"### The `{method}` method", "", *lines, ""]
    return "\n".join(out)


def _share(x):
    return f"{100 * x:.1f} %" if x is not None and not math.isnan(x) else "n/a"


def robust_conclusions(table, mc_summary, names, *, top_three):
    """Markdown lines: which conclusions survive the Monte Carlo runs. `table`: rank_uncertainty();
    `mc_summary`: summary() (or monte_carlo.json read back); `names`: {region_id: name};
    `top_three`: {whose: region ids}, e.g. {"published": [...]}: the top threes whose survival is asked about."""
    rows = table.set_index("region_id")
    varied = (
        ", ".join(ASSUMPTION_LABELS.get(a, (a,))[0] for a in mc_summary["uncertain_assumptions"]) or "nothing varied"
    )
    lines = [f"Over {mc_summary['runs']:,} Monte Carlo runs (varied: {varied}; settings in `monte_carlo.json`):", ""]
    by_aggregation = "; ".join(
        f"{_share(share)} of those with {a} means"
        for a, share in mc_summary["share_every_isdr_medium_by_aggregation"].items()
    )
    lines.append(
        f"- **Every region's ISDR is medium** in {_share(mc_summary['share_every_isdr_medium'])} of the "
        f"{mc_summary['minmax_runs']:,} runs scored min-max, the scale the 11 and 19 thresholds are for"
        f"{f' ({by_aggregation})' if by_aggregation else ''}."
    )
    for whose, region_ids in top_three.items():
        for region_id in region_ids:
            r = {
                k: ("–" if pd.isna(v) else int(v)) if k.endswith("rank") else v for k, v in rows.loc[region_id].items()
            }
            lines.append(
                f"- **{names[region_id]}** ({whose} top three) stays in the top three in {_share(r['p_top3'])} "
                f"of the runs; in 90 % of them its rank lies between {r['q05_rank']} and {r['q95_rank']} "
                f"(median {r['median_rank']}; nominal {r['nominal_rank']})."
            )
    shift = mc_summary["mean_abs_rank_shift"]
    lines.append(
        f"- On average a run moves a region {shift['mean']:.1f} places from the nominal ranking "
        f"(95 % of the runs: at most {shift['q95']:.1f})."
    )
    return lines
