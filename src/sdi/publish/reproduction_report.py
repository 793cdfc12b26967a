"""The reproduction report, written as a reviewer's memo: first what to correct in the dissertation,
table by table, one line per correction; then whether the conclusions stand, the verdict per table, the
causes, what the `thesis` method takes from the published tables, and the consequences. Also the errata
as a reader opens them (`readable_errata`: names beside the codes, the recomputed value as it would be
printed).

Rendering only: every number it shows is computed in `sdi.reproduction` (`check`, `comparison`, `diagnosis`,
`inference`). Regions are named as everywhere else (`sdi.inputs.metadata.region_names`), indicators by their
names, ranks as whole numbers, and recomputed numbers at the decimals the dissertation prints.
"""

from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from sdi import PILLARS
from sdi.io import write_csv, write_text
from sdi.method.methods import MISSING_VALUE_POLICIES
from sdi.publish import figures, reproduction_risk_report
from sdi.publish.labels import PILLAR_LABELS
from sdi.publish.robustness_report import conclusions_section
from sdi.reproduction.comparison import TABLE_NAMES
from sdi.reproduction.diagnosis import DIAGNOSES, causes_in_order
from sdi.reproduction.inference import DECISIVE_SHARE, DIRECTION_NAMES, DIRECTION_TOLERANCE, NO_DIRECTION
from sdi.reproduction.published_tables import SCORE_TABLES, STATS_TABLES
from sdi.reproduction.risk_comparison import TABLE_NAMES as RISK_TABLE_NAMES

MOVED_RANKS = 3  # a rank move this large or larger is listed
SPELLED_OUT = 10  # a correction lists every value to print up to this many cells, else one example


def _moved(changes, shift, before, *, after, names):
    """The regions whose ISDR rank moves by MOVED_RANKS or more; `before`/`after` are (column prefix, heading word)."""
    moved = changes[changes[shift].abs() >= MOVED_RANKS]
    # ties on the new rank: the old rank, then the regions' order (a stable sort)
    moved = moved.sort_values([f"{after[0]}_rank", f"{before[0]}_rank"], kind="stable")
    if moved.empty:
        return f"No rank moves by {MOVED_RANKS} or more."
    return _table_md(
        pd.DataFrame(
            {
                "region": [names[r] for r in moved.index],
                f"{before[1]} rank": moved[f"{before[0]}_rank"].astype("Int64"),
                f"{after[1]} rank": moved[f"{after[0]}_rank"].astype("Int64"),
                f"{before[1]} ISDR": moved[f"{before[0]}_isdr"],
                f"{after[1]} ISDR": moved[f"{after[0]}_isdr"],
            }
        )
    )


def _table_md(df):
    """A Markdown table, numbers with two decimals as Table 13 prints them (whole numbers stay whole)."""
    return df.to_markdown(index=False, floatfmt=".2f")


def _level_changes_md(changes, names):
    if changes.empty:
        return "None."
    return _table_md(
        pd.DataFrame(
            {
                "index": [PILLAR_LABELS[c][0] for c in changes["index"]],
                "region": [names[r] for r in changes.region_id],
                "from": changes["from"],
                "to": changes["to"],
            }
        )
    )


def printed_decimals(published):
    """The decimals of a printed number ('5.6' -> 1, '17' -> 0, '24600.8' -> 1); None for text."""
    try:
        exponent = Decimal(str(published).strip()).as_tuple().exponent
    except InvalidOperation:
        return None
    return max(0, -exponent) if isinstance(exponent, int) else None


def _whole(statistic):
    return statistic == "rank" or statistic.endswith("_count")


def as_printed(value, published, statistic, *, names):
    """A recomputed value as the dissertation would print it: ranks and counts whole, numbers at the
    decimals of the printed number, a region id as the region's name; '' for no value."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, str):
        return names.get(value, value)
    if _whole(statistic):
        return str(int(round(float(value))))
    decimals = printed_decimals(published)
    text = f"{float(value):.{4 if decimals is None else decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text  # no '-0.00'


def shown_as_printed(published, statistic):
    """A printed number as the memo quotes it: a rank printed '17.0' is rank 17."""
    if _whole(statistic) and printed_decimals(published) is not None:
        return str(int(float(published)))
    return str(published)


# the risk section's cells in words (sdi.reproduction.risk_comparison): a band's bound, a criteria table's cell
STATISTIC_WORDS = {
    **{
        f"{level}_{end}": f"{end} bound of the {level}-risk band"
        for level in ("high", "medium", "low")
        for end in ("lower", "upper")
    },
    "mean": "«Орта шама» (mean)",
    "median": "«Медиана» (median)",
    "standard": "«Стандарт» (standard)",
    "code": "code",
    "value": "values",
}


def subject(table, indicator, statistic, *, indicator_names, claim_names):
    """What a cell is, in words: 'B12 (Share of ...)', 'Social sustainability index', 'ISDR rank',
    'skewness', 'Minimum of the integral index', 'B3 (Poverty rate) upper bound of the high-risk band'."""
    if str(table).startswith("text"):  # a statement of the text (on the index, or on the risks)
        what = claim_names.get(statistic, statistic)
        return what[:1].upper() + what[1:]
    if table in STATS_TABLES:
        return f"{indicator} ({indicator_names.get(indicator, indicator)}) {statistic}" if indicator else statistic
    if statistic == "score":
        return f"{indicator} ({indicator_names.get(indicator, indicator)})"
    if indicator in PILLAR_LABELS:
        index = "ISDR" if indicator == "isdr" else PILLAR_LABELS[indicator][0]
        return index + {"index": ("" if indicator == "isdr" else " index"), "rank": " rank", "level": " level"}.get(
            statistic, f" {statistic}"
        )
    # the risk section's cells: a map value, a band, a criterion, a code of one indicator
    named = f"{indicator} ({indicator_names[indicator]})" if indicator in indicator_names else str(indicator)
    return f"{named} {STATISTIC_WORDS.get(statistic, statistic)}".strip()


def readable_errata(errata, names, indicator_names, *, claim_names):
    """The errata for a reader: beside each code its name (`region`, `indicator_name`), and beside the
    full-precision `recomputed` the value as the dissertation would print it (`recomputed_as_printed`)."""
    out = errata.copy()
    out.insert(
        out.columns.get_loc("region_id") + 1,
        "region",
        [names.get(r, "") if isinstance(r, str) else "" for r in out.region_id],
    )
    out.insert(
        out.columns.get_loc("indicator") + 1,
        "indicator_name",
        [
            subject(t, i, s, indicator_names=indicator_names, claim_names=claim_names)
            if t in ("text",) or s != "score" and t not in STATS_TABLES
            else indicator_names.get(i, i)
            for t, i, s in zip(out.table, out.indicator, out.statistic)
        ],
    )
    out.insert(
        out.columns.get_loc("recomputed") + 1,
        "recomputed_as_printed",
        [as_printed(v, p, s, names=names) for v, p, s in zip(out.recomputed, out.published, out.statistic)],
    )
    return out


def _group(levels, column, lv, *, names):
    ids = [r for r in levels.index if levels.at[r, f"level_{column}"] == lv]
    return f"{len(ids)}" + (f" ({', '.join(names[r] for r in ids)})" if 0 < len(ids) <= 9 else "")


def conclusions(table14_levels, published_levels_, thesis, *, corrected, names):
    """The dissertation's claims after Table 13, checked in the published, recomputed and corrected versions."""
    versions = {"published": published_levels_, "thesis": thesis, "corrected": corrected}
    out = []
    medium = {k: all(v.level_isdr == "medium") for k, v in versions.items()}
    out.append(
        "Every region's ISDR is medium (the dissertation's main finding): "
        + "; ".join(f"{k}: {'yes' if ok else 'no'}" for k, ok in medium.items())
        + "."
    )
    top = {
        k: ", ".join(names[r] for r in v.sort_values("rank_isdr", kind="stable").index[:3]) for k, v in versions.items()
    }
    out.append("The top three by ISDR: " + "; ".join(f"{k}: {v}" for k, v in top.items()) + ".")
    for column in PILLARS:
        out.append(
            f"{PILLAR_LABELS[column][0]}, regions low / high: Table 14 "
            f"{_group(table14_levels, column, 'low', names=names)} / "
            f"{_group(table14_levels, column, 'high', names=names)}; thesis "
            f"{_group(thesis, column, 'low', names=names)} / "
            f"{_group(thesis, column, 'high', names=names)}; corrected {_group(corrected, column, 'low', names=names)} "
            "/ "
            f"{_group(corrected, column, 'high', names=names)}."
        )
    return out


def _listing(items):
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _direction_fit(code, fit):
    """e.g. 'B8: negative 20 of 20 (largest difference 0.050), positive 0 of 20 (8.000)': the thesis's
    direction first."""
    shown = [
        f"{DIRECTION_NAMES[d]} {int(fit[f'reproduced_{DIRECTION_NAMES[d]}'])} of {int(fit.cells)} ("
        f"{'largest difference ' if d == fit.direction else ''}{fit[f'largest_difference_{DIRECTION_NAMES[d]}']:.3f})"
        for d in (fit.direction, -fit.direction)
    ]
    return f"{code}: {shown[0]}, {shown[1]}"


def _direction_lines(indicators, directions, method):
    lines = []
    meta = indicators.set_index("code")
    flipped = meta[meta[method.direction_column] != meta["direction"]]
    for thesis_direction, group in flipped.groupby(method.direction_column, sort=True):
        applied, meaning = DIRECTION_NAMES[thesis_direction], DIRECTION_NAMES[-thesis_direction]
        worse = "higher is worse" if thesis_direction == -1 else "higher is better"
        lines.append(
            f"Directions: {', '.join(group.index)} ({'; '.join(group.name_en.str.lower())}) are scored as {applied} "
            f"({worse}) because the published scores are {applied}-direction scores; their meaning is {meaning}. "
            f"The `corrected` method scores them as {meaning}."
        )
    decided = directions[directions.direction != NO_DIRECTION]
    agree = int((decided.direction == meta.loc[decided.index, method.direction_column]).sum())
    shown = [_direction_fit(code, decided.loc[code]) for code in flipped.index if code in decided.index]
    undecided = directions.index[directions.direction == NO_DIRECTION]
    line = (
        "Directions refitted from Tables 10–12: a direction is the thesis's when its min–max scores reproduce at "
        "least "
        f"{DECISIVE_SHARE:.0%} of the indicator's published scores within {DIRECTION_TOLERANCE} (and more than the "
        "other "
        f"direction does). It gives the direction recorded in `indicators.csv` for {agree} of the {len(decided)} "
        "indicators it decides"
    )
    line += (
        f"; published scores reproduced by each direction, of the regions with a value: {'; '.join(shown)}"
        if shown
        else ""
    )
    if len(undecided):
        line += (
            f". No direction reproduces {DECISIVE_SHARE:.0%} of {_listing(undecided)} (see the errata), so the method "
            "takes the direction their meaning implies"
        )
    lines.append(line + ".")
    return lines


def _set_name(left_out, size):
    return f"all {size}" if not left_out else f"all but {_listing(left_out)}"


def _index_set_lines(indicators, index_sets, method):
    lines = []
    left_out = indicators[~indicators[method.include_column]]
    if len(left_out):
        one = len(left_out) == 1
        lines.append(
            f"Indicator sets: {', '.join(left_out.code)} {'is' if one else 'are'} scored but left out of "
            f"{'its pillar index' if one else 'their pillar indices'}, because only then does the mean of the scores "
            f"give the published index; Table 6 lists {'it' if one else 'them'}, and the text says all indicators "
            "weigh the same."
        )
    fits = [
        f"{pillar} {_set_name(fit.left_out, fit.indicators)} (largest difference {fit.largest_difference:.3f}; the "
        "closest "
        f"other set, {_set_name(fit.closest_other_left_out, fit.indicators)}, is off by up to "
        f"{fit.closest_other_difference:.3f})"
        for pillar, fit in index_sets.iterrows()
        if fit.left_out is not None
    ]
    lines.append(
        "Indicator sets refitted from Tables 10–12: of the sets of all of a pillar's indicators or all but up to "
        "three, the one whose mean of the printed scores gives every printed pillar index within the printed "
        "rounding, the fewest left out first: " + "; ".join(fits) + "."
    )
    return lines


def _missing_value_line(missing_scores, indicators, names, *, method):
    score = MISSING_VALUE_POLICIES[method.missing].score
    if missing_scores.empty:
        return (
            "Missing values: no raw cell is blank, so the published tables cannot show how a missing value was "
            "scored; "
            f"the `{method.name}` method scores it {score:g}."
        )
    table_of = {pillar: table for table, pillar in SCORE_TABLES.items()}
    pillar_of = dict(zip(indicators.code, indicators.pillar))
    shown = []
    for code, cells in missing_scores.groupby("indicator", sort=False):
        printed = _listing(sorted(set(cells.printed)))
        count = "both" if len(cells) == 2 else f"all {len(cells)}" if len(cells) > 2 else "the"
        shown.append(
            f"Table {table_of[pillar_of[code]]} prints {printed} for {count} blank {code} "
            f"cell{'s' if len(cells) > 1 else ''} ({', '.join(names[r] for r in cells.region_id)})"
        )
    worst = " the worst score," if score == MISSING_VALUE_POLICIES["worst"].score else ""
    return f"Missing values: a blank cell scores {score:g},{worst} because {'; '.join(shown)}."


def thesis_choices(indicators, directions, index_sets, *, missing_scores, names, method):
    """What `method` takes from the published tables rather than from the text, with the refit's numbers, as
    report lines."""
    return (
        _direction_lines(indicators, directions, method)
        + _index_set_lines(indicators, index_sets, method)
        + [_missing_value_line(missing_scores, indicators, names, method=method)]
    )


# --- what to correct ------------------------------------------------------------------------------------

ACTIONS = {  # per diagnosis: what the author should do; {values} are the recomputed values to print
    "copy_of_column": "the column is a copy of another column; print its own scores: {values}",
    "raw_values": "the cells are the raw values, not their scores; print the scores: {values}",
    "opposite_direction": "scored in the direction opposite to the rest of the column; print {values}",
    "other_bounds": "scaled between other bounds than the regions' minimum and maximum; rescale: {values}",
    "input_precision": "no correction needed: raw values more precise than {raw_table} prints explain it "
    "(the printed ones give {values})",
    "duplicated_raw_value": "{raw_table} prints another region's raw value, and the score comes from yet another: "
    "check the value in the source, correct {raw_table} and print its score (the printed raw value gives {values})",
    "different_statistic": "the row prints another statistic than its label; print the {statistic}: {values}",
    "different_indicator_set": "the index is the mean of another set of indicators; print the mean of the pillar's: "
    "{values}",
    "propagated": "follows from the errors above; print {values}",
    "classification": "the class contradicts the stated thresholds; print {values}",
    "text_vs_table": "the text contradicts the published Table 13; print {values}",
    "unexplained": "differs for no reason the data show; check it against the source (recomputed: {values})",
}
RAW_TABLE = {"7": "Table 7", "8": "Table 8", "9": "Table 9", **{t: f"Table {int(t) - 3}" for t in SCORE_TABLES}}
NO_CORRECTION = {"input_precision"}


def _correction_key(row):
    """Cells corrected together: a statistics row's cells with one cause; a column's (an index's, a rank's,
    a level's) cells with one cause; each claim of the text alone."""
    return row.table, row.diagnosis, "" if row.table in STATS_TABLES else row.indicator, row.statistic


def _values(cells, names, label_of):
    """'1.16 for Abai (printed 8.84), ...' for a few cells, else one example and where the rest are."""
    shown = [
        f"{as_printed(c.recomputed, c.published, c.statistic, names=names) or 'none'}"
        + (f" for {label_of(c)}" if label_of(c) else "")
        + f" (printed {shown_as_printed(c.published, c.statistic)})"
        for c in cells.itertuples()
    ]
    if len(shown) <= SPELLED_OUT:
        return ", ".join(shown)
    return f"e.g. {shown[0]}; all {len(shown)} in `errata.csv`"


def _correction(cells, names, indicator_names, *, claim_names, actions=ACTIONS):
    first = cells.iloc[0]
    table, diagnosis, statistic = first.table, first.diagnosis, first.statistic
    if table in STATS_TABLES:
        what = f"{statistic.capitalize()} row, {_listing(list(dict.fromkeys(cells.indicator)))}"

        def label_of(c):
            return c.indicator
    else:
        what = subject(table, first.indicator, statistic, indicator_names=indicator_names, claim_names=claim_names)
        ids = [r for r in dict.fromkeys(cells.region_id) if isinstance(r, str) and r]
        if ids:
            what += ", " + (
                _listing([names.get(r, r) for r in ids]) if len(ids) <= SPELLED_OUT else f"{len(ids)} regions"
            )

        def label_of(c):
            return names.get(c.region_id, "") if isinstance(c.region_id, str) else ""

    action = actions.get(diagnosis, "print {values}").format(
        statistic=statistic, raw_table=RAW_TABLE.get(table, "Tables 7–9"), values=_values(cells, names, label_of)
    )
    evidence = list(dict.fromkeys(cells.evidence))
    why = (
        evidence[0]
        if len(evidence) == 1
        else f"{evidence[0]} ({label_of(first) or 'the first cell'}; the others alike)"
    )
    return f"**{what}**: {action}. *Why:* {why.rstrip('.')}."


def _column_order(indicator_order):
    """Where a correction goes in its table: raw tables' and scores' columns in the dissertation's order,
    then the index, its rank and the level; a line that needs no correction last."""

    def order(key):
        table, diagnosis, indicator, statistic = key
        place = indicator_order.get(
            indicator,
            len(indicator_order) + ["index", "rank", "level"].index(statistic)
            if statistic in ("index", "rank", "level")
            else len(indicator_order) + 3,
        )
        return diagnosis in NO_CORRECTION, place

    return order


def _decimal_ranks(published):
    """{table: line} where the dissertation prints ranks with a decimal point (17.0)."""
    if published is None:
        return {}
    ranks = published[(published.statistic == "rank") & published.published.astype(str).str.contains(r"\.", regex=True)]
    lines = {}
    for table, cells in ranks.groupby("table", sort=False):
        columns = [
            ("ISDR" if i == "isdr" else PILLAR_LABELS[i][0].split()[0].lower()) for i in dict.fromkeys(cells.indicator)
        ]
        example = cells.published.iloc[0]
        lines[table] = (
            f"**Ranks**: the {_listing(columns)} ranks are printed with a decimal point ({example}); print whole "
            f"numbers ({int(float(example))})."
        )
    return lines


def corrections(
    errata, names, indicator_names, *, claim_names, published=None, table_names=TABLE_NAMES, actions=ACTIONS
):
    """[(table heading, [line, ...])]: every correction the errata call for, table by table in the
    dissertation's order (`table_names`: Tables 7-14 and their text, or the risk section's), in each
    table column by column (what needs no correction last), each line saying what to print and why."""
    presentation = _decimal_ranks(published)
    order = _column_order({code: i for i, code in enumerate(indicator_names)})
    out = []
    for table, heading in table_names.items():
        mine = errata[errata.table == table]
        lines = [presentation[table]] if table in presentation else []
        groups = mine.groupby(
            pd.Series([_correction_key(r) for r in mine.itertuples()], index=mine.index, dtype=object), sort=False
        )
        ordered = sorted(groups, key=lambda group: order(group[0]))  # stable: ties keep the errata's order
        lines += [
            _correction(cells, names, indicator_names, claim_names=claim_names, actions=actions) for _, cells in ordered
        ]
        if lines:
            out.append((heading, lines))
    return out


def risk_corrections(errata, names, indicator_names, *, claim_names):
    """[(table heading, [line, ...])] for Tables 15-20 and the text on the risks, one line per correction,
    for the memo's "What to correct in the dissertation"."""
    return corrections(
        errata,
        names,
        indicator_names,
        claim_names=claim_names,
        table_names=RISK_TABLE_NAMES,
        actions={**ACTIONS, **reproduction_risk_report.ACTIONS},
    )


def without_figures(markdown):
    """The report without its image lines: for the notebook, which shows the figures itself (a relative image
    link would not resolve in its HTML page)."""
    return "\n".join(line for line in markdown.splitlines() if not (line.startswith("![") and line.endswith(")")))


def findings(check):
    """The dissertation's claims after Table 13, checked in the published, recomputed and corrected versions;
    with a note first when the pipeline's indices used another missing-value policy than the dissertation."""
    found = conclusions(
        check.table14_levels, check.published_levels, check.thesis, corrected=check.corrected, names=check.names
    )
    if check.missing != "worst":
        found.insert(
            0,
            f"The consequences below use the pipeline's indices, computed with the missing-value policy "
            f"`{check.missing}` ({MISSING_VALUE_POLICIES[check.missing].description}); the comparison of "
            "published numbers always uses the dissertation's treatment.",
        )
    return found


_PUBLISHED_VS_THESIS, _THESIS_VS_CORRECTED = figures.STEP_FIGURES["08_reproduction"]
# the memo's two figures: {what they compare: (name, left column, right column, left side, right side)}
RANK_FIGURES = {
    "published_vs_thesis": (_PUBLISHED_VS_THESIS, "published_rank", "thesis_rank", "published", "recomputed"),
    "thesis_vs_corrected": (_THESIS_VS_CORRECTED, "thesis_rank", "corrected_rank", "thesis", "corrected"),
}


def draw_rank_figures(check, folder):
    """The memo's two slope charts of ranks, in each language: {what they compare: {language: PNG path}}."""
    drawn = {}
    for key, (name, left, right, left_side, right_side) in RANK_FIGURES.items():
        drawn[key] = figures.save_figures(
            folder,
            name,
            figures.slope_chart,
            check.changes[left],
            check.changes[right],
            check.rec.regions,
            left_label=figures.RANK_SIDES[left_side],
            right_label=figures.RANK_SIDES[right_side],
        )
    return drawn


def _figure_file(key):
    return f"{RANK_FIGURES[key][0]}_en.png"


def write_report(check, folder, *, robust=None):
    """The memo (README.md), errata.csv and summary.csv of a `reproduction.check.Check` in `folder`;
    `robust`: {method: lines} of the robustness audit's conclusions (`robustness_report.audited_conclusions`).
    The memo's text is returned."""
    text = write_markdown(check)
    if check.risk is not None:
        text += "\n" + reproduction_risk_report.risk_section(check.year, check.risk)
    text += "\n" + conclusions_section(robust or {})
    write_csv(
        readable_errata(check.all_errata, check.names, check.indicator_names, claim_names=check.claim_names),
        folder / "errata.csv",
    )
    write_csv(check.all_summary, folder / "summary.csv")
    write_text(text, folder / "README.md")
    return text


def write_markdown(check):
    """The memo's sections on Tables 7-14 and the text after Table 13, with the risk section's corrections
    (Tables 15-20 and the text on the risks) listed under "What to correct" after Tables 7-14's."""
    year, summary, errata, names = check.year, check.summary, check.errata, check.names
    changes, class_changes = check.changes, check.class_changes
    indicator_names, claim_names, published = check.indicator_names, check.claim_names, check.published
    unexplained_note = check.unexplained_note
    choices = thesis_choices(
        check.rec.indicators,
        check.directions,
        check.index_sets,
        missing_scores=check.missing_scores,
        names=names,
        method=check.rec.method,
    )
    more_corrections = (
        risk_corrections(check.risk.errata, names, indicator_names, claim_names=claim_names)
        if check.risk is not None
        else []
    )
    figure_files = {key: _figure_file(key) for key in RANK_FIGURES}
    total = summary[["compared", "matched", "explained", "unexplained"]].sum()
    lines = [
        f"# Reproduction report, {year}",
        "",
        f"Every number the dissertation prints in Tables 7–14 and in the text after Table 13 ({total.compared:,}) was "
        "compared with the recomputation from the raw indicator tables (Tables 7–9) by the `thesis` method, which "
        "applies "
        f"the directions and indicator sets the dissertation applied: {total.matched:,} match, {total.explained:,} "
        "differ "
        "for a reason the data show"
        + (f", {total.unexplained:,} for no reason found" if total.unexplained else "")
        + ". A number **matches** when the recomputed value is within half a unit of the last printed digit (ranks, "
        "classes and names must be equal). Each mismatch was tested against candidate explanations; the first that "
        "fits "
        "is kept, with its evidence. Files: `errata.csv` (every mismatch, the region and indicator named, the "
        "recomputed "
        "value at full precision and as it would be printed), `summary.csv` (the verdict per table).",
        "",
        "## What to correct in the dissertation",
        "",
        "Table by table, one line per correction. The values to print are the recomputation by the dissertation's own "
        "method (`thesis`), at the decimals the dissertation prints; `errata.csv` lists every cell, and the recomputed "
        f"tables are in `reports/{year}/thesis/tables/` (Kazakh in `kk/`, as the dissertation prints them). Lines "
        "saying "
        "*no correction needed* are differences the rounding of the printed inputs explains."
        + (
            " Tables 15–20 and the text on the risks follow Tables 7–14; the section on the risk maps below says how "
            "they were checked."
            if more_corrections
            else ""
        ),
        "",
    ]
    for heading, items in corrections(
        errata, names, indicator_names, claim_names=claim_names, published=published
    ) + list(more_corrections):
        lines += [f"### {heading}", ""] + [f"- {item}" for item in items] + [""]
    if errata.empty and not more_corrections:
        lines += ["Nothing: every published number is reproduced.", ""]
    lines += ["## Do the conclusions stand?", ""] + [f"- {f}" for f in findings(check)] + [""]
    lines += ["## Verdict per table", "", _table_md(summary.assign(table=summary.table.map(TABLE_NAMES))), ""]
    lines += [
        "## Causes of the differences",
        "",
        "Each cause, with the number of cells it explains and where. The evidence for each is in the lines above.",
        "",
    ]
    causes = pd.DataFrame(
        [
            {
                "cause": DIAGNOSES[d].capitalize(),
                "cells": int((errata.diagnosis == d).sum()),
                "tables": ", ".join(
                    TABLE_NAMES[t]
                    for t in sorted(set(errata.table[errata.diagnosis == d]), key=lambda t: (t == "text", t.zfill(2)))
                ),
            }
            for d in causes_in_order(errata)
        ],
        columns=["cause", "cells", "tables"],
    )
    lines += [_table_md(causes) if len(causes) else "None.", ""]
    if (errata.diagnosis == "unexplained").any():
        lines += [
            "### Why the unexplained cells stay unexplained",
            "",
            unexplained_note or f"No argument is written yet: add it as `data/reference/{year}/unexplained.md`.",
            "",
        ]
    else:
        lines += ["No mismatch is left unexplained.", ""]
    if choices:
        lines += (
            [
                "## What the `thesis` method takes from the published tables",
                "",
                "The dissertation's formulas were images and are lost; the text names the method but not every choice. "
                "These choices were therefore read off the published numbers: `data/raw/indicators.csv` records them "
                "(column `note` says how), and each run refits them from the published tables "
                "(`sdi.reproduction.inference`) and stops "
                "if the two disagree. They make the `thesis` method reproduce what the dissertation did; they are not "
                "independent confirmation of it.",
                "",
            ]
            + [f"- {c}" for c in choices]
            + [""]
        )
    lines += [
        "## Consequences",
        "",
        "### Table 13 once the errors are removed",
        "",
        "Published ISDR ranks against the recomputation by the `thesis` method (same directions and indicator sets, "
        "without the errors above):",
        "",
        f"![published vs recomputed ranks]({figure_files['published_vs_thesis']})",
        "",
    ]
    lines += [
        _moved(
            changes, "shift_errors_removed", ("published", "published"), after=("thesis", "recomputed"), names=names
        ),
        "",
    ]
    rho = changes[["published_rank", "thesis_rank"]].corr(method="spearman").iloc[0, 1]
    lines += [
        f"Spearman's rank correlation, published vs recomputed: {rho:.2f}. "
        f"Regions whose rank changes at all: {int((changes.shift_errors_removed != 0).sum())} of {len(changes)}.",
        "",
        "### Table 14 once the errors are removed",
        "",
        "Classes that change between the published tables (Table 14, and the ISDR level implied by Table 13) and "
        "the `thesis` recomputation:",
        "",
        _level_changes_md(class_changes["thesis"], names),
        "",
        "### And again under the `corrected` method",
        "",
        "The `corrected` method is the same as `thesis` except that every indicator's direction follows its meaning: "
        'the directions listed under "What the `thesis` method takes from the published tables" are turned round.',
        "",
        f"![rank shift thesis vs corrected]({figure_files['thesis_vs_corrected']})",
        "",
    ]
    lines += [
        _moved(changes, "shift_corrected", ("thesis", "thesis"), after=("corrected", "corrected"), names=names),
        "",
        "Classes that change between `thesis` and `corrected`:",
        "",
        _level_changes_md(class_changes["corrected"], names),
        "",
    ]
    return "\n".join(lines)
