"""The robustness audit's tables (notebook 07) as files: CSV at full precision for machines, Markdown
with region names and a bilingual title for people, both in reports/<year>/<method>/robustness/.
"""

import json
import math

import pandas as pd

from sdi import paths
from sdi.inputs.metadata import alias_map, normalise_name, region_names
from sdi.io import write_csv, write_text
from sdi.publish import catalogue
from sdi.publish.catalogue import LANGUAGES, section
from sdi.publish.labels import ASSUMPTION_LABELS, pick
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
    """<folder>/<name>.csv (as computed) and <name>.md (region names added, a bilingual title, the note under the
    table: one line, or a line per language as `sobol_notes` gives it); the paths."""
    en, kk = TITLES[name]
    shown = with_names(table, regions)
    shown = shown.astype(object).where(shown.notna(), None)  # tabulate leaves only None blank
    notes = [note] if isinstance(note, str) else list(note)
    markdown = "\n".join(
        [f"## {en}", "", f"*{kk}*", "", shown.to_markdown(index=False, floatfmt=".2f", missingval=""), ""]
        + [line for n in notes if n for line in (f"*{n}*", "")]
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


def _t(key, language, /, **values):
    return catalogue.text(f"robustness.{key}", language, **values)


def _count(n, language):
    return catalogue.number(n, language, 0, grouped=True)


def sobol_note(config, model, language="en"):
    """The line under the Sobol' table: the design's size and the intervals' kind."""
    return _t(
        "sobol_note",
        language,
        samples=_count(config.sobol_samples, language),
        runs=_count(config.sobol_samples * (len(model.assumptions) + 2), language),
        confidence=catalogue.number(100 * CONFIDENCE, language, 0),
        resamples=RESAMPLES,
    )


def sobol_notes(config, model):
    """The line under the Sobol' table in each language: what `write_table` puts under the bilingual title."""
    return tuple(sobol_note(config, model, language) for language in LANGUAGES)


def with_assumption_names(sobol, language="en"):
    """The Sobol' table with each assumption named in words."""
    return sobol.assign(assumption=[pick(ASSUMPTION_LABELS.get(a, (a, a)), language) for a in sobol.assumption])


def coherence_summary(indicator_table, pairs, language="en"):
    """What the coherence tables say, in a few lines: the effective weights, how many indicators pull
    against or barely move their pillar and ISDR, how many are skewed, how many pairs are redundant."""
    included = indicator_table[indicator_table.included]
    weights = included.groupby("pillar").effective_weight.first()
    shares = ", ".join(
        f"{catalogue.text(f'risk.pillar_word.{p}', language)} {catalogue.number(100 * w, language, 2)}%"
        for p, w in weights.items()
    )
    lines = [_t("coherence.weights", language, weights=shares)]
    for column, against in (("flag_pillar", "pillar"), ("flag_isdr", "isdr")):
        counts = included[column].value_counts()
        lines.append(
            _t(
                f"coherence.{against}",
                language,
                negative=counts.get("negative", 0),
                weak=counts.get("weak", 0),
                included=len(included),
            )
        )
    lines.append(_t("coherence.skewed", language, skewed=(included.flag_distribution != "").sum(), pairs=len(pairs)))
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
    """{method: {language: robust_conclusions lines}} for the methods whose robustness audit (notebook 07) has
    run for `run.year`, asked about the dissertation's top three."""
    found = {}
    top = {"published": published_top(run.reference / "table13_integral.csv", run.regions)}
    for method in AUDITED_METHODS:
        audit = paths.reports_dir(run.root, run.year, method) / "robustness"
        if (audit / "rank_uncertainty.csv").is_file():
            table = pd.read_csv(audit / "rank_uncertainty.csv")
            summary = json.loads((audit / "monte_carlo.json").read_text(encoding="utf-8"))
            found[method] = {
                language: robust_conclusions(
                    table, summary, run.region_names[language], top_three=top, language=language
                )
                for language in LANGUAGES
            }
    return found


def conclusions_section(lines_by_method, language="en"):
    """The reproduction report's section on which conclusions survive other reasonable choices, in `language`:
    `lines_by_method` is {method: robust_conclusions(...) lines in that language} for the methods audited."""
    if not lines_by_method:
        return ""
    out = [f"## {_t('conclusions_title', language)}", "", _t("conclusions_intro", language), ""]
    for method, lines in lines_by_method.items():
        out += [f"### {_t('method_title', language, method=method)}", "", *lines, ""]
    return "\n".join(out)


def _share(x, language="en"):
    if x is None or math.isnan(x):
        return _t("no_share", language)
    return _t("share", language, value=catalogue.number(100 * x, language, 1))


def robust_conclusions(table, mc_summary, names, *, top_three, language="en"):
    """Markdown lines in `language`: which conclusions survive the Monte Carlo runs. `table`: rank_uncertainty();
    `mc_summary`: summary() (or monte_carlo.json read back); `names`: {region_id: name} in `language`;
    `top_three`: {whose: region ids}, e.g. {"published": [...]}: the top threes whose survival is asked about."""
    rows = table.set_index("region_id")
    varied = ", ".join(
        pick(ASSUMPTION_LABELS.get(a, (a, a)), language) for a in mc_summary["uncertain_assumptions"]
    ) or _t("nothing_varied", language)
    lines = [_t("runs", language, runs=_count(mc_summary["runs"], language), varied=varied), ""]
    by_aggregation = "; ".join(
        _t("by_aggregation", language, share=_share(share, language), aggregation=_t(f"aggregation.{a}", language))
        for a, share in mc_summary["share_every_isdr_medium_by_aggregation"].items()
    )
    lines.append(
        _t(
            "every_medium",
            language,
            share=_share(mc_summary["share_every_isdr_medium"], language),
            runs=_count(mc_summary["minmax_runs"], language),
        )
        + (_t("every_medium_by", language, shares=by_aggregation) if by_aggregation else "")
        + "."
    )
    for whose, region_ids in top_three.items():
        for region_id in region_ids:
            r = {
                k: ("–" if pd.isna(v) else int(v)) if k.endswith("rank") else v for k, v in rows.loc[region_id].items()
            }
            lines.append(
                _t(
                    "top_three",
                    language,
                    region=names[region_id],
                    whose=_t(f"whose.{whose}", language),
                    share=_share(r["p_top3"], language),
                    low=r["q05_rank"],
                    high=r["q95_rank"],
                    median=r["median_rank"],
                    nominal=r["nominal_rank"],
                )
            )
    shift = mc_summary["mean_abs_rank_shift"]
    lines.append(
        _t(
            "mean_shift",
            language,
            mean=catalogue.number(shift["mean"], language, 1),
            q95=catalogue.number(shift["q95"], language, 1),
        )
    )
    return lines
