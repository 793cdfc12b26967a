"""The reproduction report: verdicts, errata grouped by cause, consequences, and two rank figures.

Rendering only: every number it shows is computed in `sdi.reproduction`, `sdi.diagnosis` and
`sdi.inference`.
"""

import pandas as pd

from . import PILLARS
from .diagnosis import DIAGNOSES
from .inference import DECISIVE_SHARE, DIRECTION_NAMES, DIRECTION_TOLERANCE, NO_DIRECTION
from .labels import PILLAR_LABELS
from .methods import MISSING_VALUE_POLICIES
from .reference import SCORE_TABLES
from .reproduction import TABLE_NAMES

EXAMPLES_PER_CAUSE = 6
MOVED_RANKS = 3  # a rank move this large or larger is listed


def _moved(changes, shift, before, after, names):
    """The regions whose ISDR rank moves by MOVED_RANKS or more; `before`/`after` are (column prefix, heading word)."""
    moved = changes[changes[shift].abs() >= MOVED_RANKS]
    # ties on the new rank: the old rank, then the regions' order (a stable sort)
    moved = moved.sort_values([f"{after[0]}_rank", f"{before[0]}_rank"], kind="stable")
    if moved.empty:
        return f"No rank moves by {MOVED_RANKS} or more."
    return _table_md(pd.DataFrame({
        "region": [names[r] for r in moved.index],
        f"{before[1]} rank": moved[f"{before[0]}_rank"], f"{after[1]} rank": moved[f"{after[0]}_rank"],
        f"{before[1]} ISDR": moved[f"{before[0]}_isdr"].round(2), f"{after[1]} ISDR": moved[f"{after[0]}_isdr"].round(2)}))


def _table_md(df):
    return df.to_markdown(index=False)


def _level_changes_md(changes, names):
    if changes.empty:
        return "None."
    return _table_md(pd.DataFrame({"index": [PILLAR_LABELS[c][0] for c in changes["index"]],
                                   "region": [names[r] for r in changes.region_id], "from": changes["from"], "to": changes["to"]}))


def _cell(row, names):
    where = " ".join(str(v) for v in (names.get(row.region_id, row.region_id), row.indicator) if v)
    stat = "" if row.statistic == "score" else f" {row.statistic}"
    return f"{where}{stat}"


def _fmt(v):
    try:
        return f"{float(v):.4g}"
    except (TypeError, ValueError):
        return str(v)


def _group(levels, column, lv, names):
    ids = [r for r in levels.index if levels.at[r, f"level_{column}"] == lv]
    return f"{len(ids)}" + (f" ({', '.join(names[r] for r in ids)})" if 0 < len(ids) <= 9 else "")


def conclusions(table14_levels, published_levels_, thesis, corrected, names):
    """The dissertation's claims after Table 13, checked in the published, recomputed and corrected versions."""
    versions = {"published": published_levels_, "thesis": thesis, "corrected": corrected}
    out = []
    medium = {k: all(v.level_isdr == "medium") for k, v in versions.items()}
    out.append("Every region's ISDR is medium (the dissertation's main finding): " +
               "; ".join(f"{k}: {'yes' if ok else 'no'}" for k, ok in medium.items()) + ".")
    top = {k: ", ".join(names[r] for r in v.sort_values("rank_isdr", kind="stable").index[:3]) for k, v in versions.items()}
    out.append("The top three by ISDR: " + "; ".join(f"{k}: {v}" for k, v in top.items()) + ".")
    for column in PILLARS:
        out.append(f"{PILLAR_LABELS[column][0]}, regions low / high: Table 14 {_group(table14_levels, column, 'low', names)} / "
                   f"{_group(table14_levels, column, 'high', names)}; thesis {_group(thesis, column, 'low', names)} / "
                   f"{_group(thesis, column, 'high', names)}; corrected {_group(corrected, column, 'low', names)} / "
                   f"{_group(corrected, column, 'high', names)}.")
    return out


def _listing(items):
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _direction_fit(code, fit):
    """e.g. 'B8: negative 20 of 20 (largest difference 0.050), positive 0 of 20 (8.000)': the thesis's direction first."""
    shown = [f"{DIRECTION_NAMES[d]} {int(fit[f'reproduced_{DIRECTION_NAMES[d]}'])} of {int(fit.cells)} ("
             f"{'largest difference ' if d == fit.direction else ''}{fit[f'largest_difference_{DIRECTION_NAMES[d]}']:.3f})"
             for d in (fit.direction, -fit.direction)]
    return f"{code}: {shown[0]}, {shown[1]}"


def _direction_lines(indicators, directions, method):
    lines = []
    meta = indicators.set_index("code")
    flipped = meta[meta[method.direction_column] != meta["direction"]]
    for thesis_direction, group in flipped.groupby(method.direction_column, sort=True):
        applied, meaning = DIRECTION_NAMES[thesis_direction], DIRECTION_NAMES[-thesis_direction]
        worse = "higher is worse" if thesis_direction == -1 else "higher is better"
        lines.append(f"Directions: {', '.join(group.index)} ({'; '.join(group.name_en.str.lower())}) are scored as {applied} "
                     f"({worse}) because the published scores are {applied}-direction scores; their meaning is {meaning}. "
                     f"The `corrected` method scores them as {meaning}.")
    decided = directions[directions.direction != NO_DIRECTION]
    agree = int((decided.direction == meta.loc[decided.index, method.direction_column]).sum())
    shown = [_direction_fit(code, decided.loc[code]) for code in flipped.index if code in decided.index]
    undecided = directions.index[directions.direction == NO_DIRECTION]
    line = (f"Directions refitted from Tables 10–12: a direction is the thesis's when its min–max scores reproduce at least "
            f"{DECISIVE_SHARE:.0%} of the indicator's published scores within {DIRECTION_TOLERANCE} (and more than the other "
            f"direction does). It gives the direction recorded in `indicators.csv` for {agree} of the {len(decided)} "
            "indicators it decides")
    line += f"; published scores reproduced by each direction, of the regions with a value: {'; '.join(shown)}" if shown else ""
    if len(undecided):
        line += (f". No direction reproduces {DECISIVE_SHARE:.0%} of {_listing(undecided)} (see the errata), so the method "
                 "takes the direction their meaning implies")
    lines.append(line + ".")
    return lines


def _set_name(left_out, size):
    return f"all {size}" if not left_out else f"all but {_listing(left_out)}"


def _index_set_lines(indicators, index_sets, method):
    lines = []
    left_out = indicators[~indicators[method.include_column]]
    if len(left_out):
        one = len(left_out) == 1
        lines.append(f"Indicator sets: {', '.join(left_out.code)} {'is' if one else 'are'} scored but left out of "
                     f"{'its pillar index' if one else 'their pillar indices'}, because only then does the mean of the scores "
                     f"give the published index; Table 6 lists {'it' if one else 'them'}, and the text says all indicators "
                     "weigh the same.")
    fits = [f"{pillar} {_set_name(fit.left_out, fit.indicators)} (largest difference {fit.largest_difference:.3f}; the closest "
            f"other set, {_set_name(fit.closest_other_left_out, fit.indicators)}, is off by up to {fit.closest_other_difference:.3f})"
            for pillar, fit in index_sets.iterrows() if fit.left_out is not None]
    lines.append("Indicator sets refitted from Tables 10–12: of the sets of all of a pillar's indicators or all but up to "
                 "three, the one whose mean of the printed scores gives every printed pillar index within the printed "
                 "rounding, the fewest left out first: " + "; ".join(fits) + ".")
    return lines


def _missing_value_line(missing_scores, indicators, names, method):
    score = MISSING_VALUE_POLICIES[method.missing].score
    if missing_scores.empty:
        return (f"Missing values: no raw cell is blank, so the published tables cannot show how a missing value was scored; "
                f"the `{method.name}` method scores it {score:g}.")
    table_of = {pillar: table for table, pillar in SCORE_TABLES.items()}
    pillar_of = dict(zip(indicators.code, indicators.pillar))
    shown = []
    for code, cells in missing_scores.groupby("indicator", sort=False):
        printed = _listing(sorted(set(cells.printed)))
        count = "both" if len(cells) == 2 else f"all {len(cells)}" if len(cells) > 2 else "the"
        shown.append(f"Table {table_of[pillar_of[code]]} prints {printed} for {count} blank {code} "
                     f"cell{'s' if len(cells) > 1 else ''} ({', '.join(names[r] for r in cells.region_id)})")
    worst = " the worst score," if score == MISSING_VALUE_POLICIES["worst"].score else ""
    return f"Missing values: a blank cell scores {score:g},{worst} because {'; '.join(shown)}."


def thesis_choices(indicators, directions, index_sets, missing_scores, names, method):
    """What `method` takes from the published tables rather than from the text, with the refit's numbers, as report lines."""
    return (_direction_lines(indicators, directions, method) + _index_set_lines(indicators, index_sets, method)
            + [_missing_value_line(missing_scores, indicators, names, method)])


def _causes(errata):
    """The diagnoses found, the most frequent first; ties in the order of DIAGNOSES."""
    counts = errata.diagnosis.value_counts()
    return sorted(counts.index, key=lambda d: (-counts[d], list(DIAGNOSES).index(d)))


def without_figures(markdown):
    """The report without its image lines: for the notebook, which shows the figures itself (a relative image
    link would not resolve in its HTML page)."""
    return "\n".join(line for line in markdown.splitlines() if not (line.startswith("![") and line.endswith(")")))


def write_markdown(year, summary, errata, changes, class_changes, names, figures, unexplained_note, findings, choices=()):
    lines = [f"# Reproduction report, {year}", "",
             "Every number the dissertation prints in Tables 7–14 and in the text after Table 13 was compared with the "
             "recomputation from the raw indicator tables (Tables 7–9) by the `thesis` method, which applies the directions "
             "and indicator sets the dissertation applied. A number **matches** when the recomputed value is within half a "
             "unit of the last printed digit (ranks, classes and names must be equal). Each mismatch was tested against "
             "candidate explanations; the first that fits is kept, with its evidence. Files: `errata.csv` (every mismatch), "
             "`summary.csv` (the table below).", "",
             "## Verdict per table", ""]
    view = summary.assign(table=summary.table.map(TABLE_NAMES))
    lines += [_table_md(view), ""]
    total = summary[["compared", "matched", "explained", "unexplained"]].sum()
    lines += [f"In all, {total.compared} numbers: {total.matched} match, {total.explained} differ for a reason shown below, "
              f"{total.unexplained} differ for no reason the data can show.", ""]
    lines += ["## Do the conclusions stand?", ""] + [f"- {f}" for f in findings] + [""]
    if choices:
        lines += ["## What the `thesis` method takes from the published tables", "",
                  "The dissertation's formulas were images and are lost; the text names the method but not every choice. "
                  "These choices were therefore read off the published numbers: `data/raw/indicators.csv` records them "
                  "(column `note` says how), and each run refits them from the published tables (`sdi.inference`) and stops "
                  "if the two disagree. They make the `thesis` method reproduce what the dissertation did; they are not "
                  "independent confirmation of it.", ""] + [f"- {c}" for c in choices] + [""]
    lines += ["## The errata, grouped by cause", ""]
    for diagnosis in _causes(errata):
        group = errata[errata.diagnosis == diagnosis]
        tables = ", ".join(TABLE_NAMES[t] for t in sorted(set(group.table), key=lambda t: (t == "text", t.zfill(2))))
        lines += [f"### {DIAGNOSES[diagnosis].capitalize()} ({len(group)}: {tables})", ""]
        by_column = group.groupby(["table", "indicator", "statistic"], sort=False)
        shown = 0
        for (table, indicator, statistic), cells in by_column:
            if shown >= EXAMPLES_PER_CAUSE:
                lines.append(f"- … and {len(by_column) - shown} more groups in `errata.csv`.")
                break
            first = cells.iloc[0]
            source = "Text" if table == "text" else f"Table {table}"
            lines.append(f"- {source}, {indicator} {statistic} ({len(cells)} cell{'s' if len(cells) > 1 else ''}; e.g. "
                         f"{_cell(first, names)}: printed {first.published}, recomputed {_fmt(first.recomputed)}): {first.evidence}")
            shown += 1
        lines.append("")
    if (errata.diagnosis == "unexplained").any():
        lines += ["### Why the unexplained cells stay unexplained", "",
                  unexplained_note or f"No argument is written yet: add it as `data/reference/{year}/unexplained.md`.", ""]
    else:
        lines += ["No mismatch is left unexplained.", ""]
    lines += ["## Consequences", "",
              "### Table 13 once the errors are removed", "",
              "Published ISDR ranks against the recomputation by the `thesis` method (same directions and indicator sets, "
              "without the errors above):", "",
              f"![published vs recomputed ranks]({figures['published_vs_thesis']})", ""]
    lines += [_moved(changes, "shift_errors_removed", ("published", "published"), ("thesis", "recomputed"), names), ""]
    rho = changes[["published_rank", "thesis_rank"]].corr(method="spearman").iloc[0, 1]
    lines += [f"Spearman's rank correlation, published vs recomputed: {rho:.2f}. "
              f"Regions whose rank changes at all: {int((changes.shift_errors_removed != 0).sum())} of {len(changes)}.", "",
              "### Table 14 once the errors are removed", "",
              "Classes that change between the published tables (Table 14, and the ISDR level implied by Table 13) and "
              "the `thesis` recomputation:", "", _level_changes_md(class_changes["thesis"], names), "",
              "### And again under the `corrected` method", "",
              "The `corrected` method is the same as `thesis` except that every indicator's direction follows its meaning: "
              "the directions listed under \"What the `thesis` method takes from the published tables\" are turned round.", "",
              f"![rank shift thesis vs corrected]({figures['thesis_vs_corrected']})", ""]
    lines += [_moved(changes, "shift_corrected", ("thesis", "thesis"), ("corrected", "corrected"), names), "",
              "Classes that change between `thesis` and `corrected`:", "",
              _level_changes_md(class_changes["corrected"], names), ""]
    return "\n".join(lines)
