"""The reproduction report, written as a reviewer's memo in English (README.md) and Kazakh (README_kk.md): first
what to correct in the dissertation, cell by cell (`sdi.publish.memo`), and apart what needs no correction; then
whether the conclusions stand, the verdict per table, the causes, what the `thesis` method takes from the published
tables, the consequences, the risk section and the robustness audit; both memos by one path, every section in each
language, the check's evidence too (`sdi.publish.evidence`). Also the
errata as a reader opens them, in each language (`memo.errata_twin`: names beside the codes, the value as it
would be printed).

Rendering only: every number it shows is computed in `sdi.reproduction` (`check`, `comparison`, `diagnosis`,
`inference`). Regions are named as everywhere else (`sdi.inputs.metadata.region_names`), indicators by their
codes and names, ranks as whole numbers, and recomputed numbers at the decimals the dissertation prints, through
`catalogue.number`; the words of the sections in both languages come from the catalogue (`memo.*`).
"""

import pandas as pd

from sdi import PILLARS
from sdi.inputs.metadata import load_heading_corrections, region_names
from sdi.io import write_csv, write_text
from sdi.method.methods import MISSING_VALUE_POLICIES
from sdi.publish import catalogue, figures, input_audit_report, memo, reproduction_risk_report
from sdi.publish.labels import LEVEL_LABELS, PILLAR_LABELS, pick
from sdi.publish.robustness_report import conclusions_section
from sdi.reproduction.comparison import TABLE_NAMES
from sdi.reproduction.inference import DECISIVE_SHARE, DIRECTION_NAMES, DIRECTION_TOLERANCE, NO_DIRECTION
from sdi.reproduction.published_tables import SCORE_TABLES
from sdi.reproduction.risk_comparison import TABLE_NAMES as RISK_TABLE_NAMES

MOVED_RANKS = 3  # a rank move this large or larger is listed (the list says so)
HEADING_CORRECTIONS = "heading_corrections.csv"  # in data/raw/: the slips of the Kazakh indicator headings


NAMED_UP_TO = 9  # a group of regions is named when it has this many or fewer (the line says so)


def _group(levels, column, lv, *, names):
    ids = [r for r in levels.index if levels.at[r, f"level_{column}"] == lv]
    return f"{len(ids)}" + (f" ({', '.join(names[r] for r in ids)})" if 0 < len(ids) <= NAMED_UP_TO else "")


def conclusions(table14_levels, published_levels_, thesis, *, corrected, names, language="en"):
    """The dissertation's claims after Table 13, checked in the published, recomputed and corrected versions."""
    t = memo.t
    versions = {"published": published_levels_, "thesis": thesis, "corrected": corrected}
    side = {k: t(f"side.{k}", language) for k in versions}
    out = []
    medium = {k: all(v.level_isdr == "medium") for k, v in versions.items()}
    answers = "; ".join(f"{side[k]}: {t('yes' if ok else 'no', language)}" for k, ok in medium.items())
    out.append(t("conclusion.all_medium", language, answers=answers))
    top = {
        k: ", ".join(names[r] for r in v.sort_values("rank_isdr", kind="stable").index[:3]) for k, v in versions.items()
    }
    out.append(t("conclusion.top3", language, tops="; ".join(f"{side[k]}: {v}" for k, v in top.items())))
    columns = {"table14": table14_levels, "thesis": thesis, "corrected": corrected}
    label = {"table14": memo.table_name("14", language), "thesis": side["thesis"], "corrected": side["corrected"]}
    for column in PILLARS:
        groups = "; ".join(
            f"{label[k]} {_group(v, column, 'low', names=names)} / {_group(v, column, 'high', names=names)}"
            for k, v in columns.items()
        )
        out.append(
            t(
                "conclusion.groups",
                language,
                pillar=pick(PILLAR_LABELS[column], language),
                most=NAMED_UP_TO,
                groups=groups,
            )
        )
    return out


def _direction_fit(code, fit, language):
    """e.g. 'B8: negative 20 of 20 (largest difference 0.050), positive 0 of 20 (8.000)': the thesis's
    direction first."""
    shown = [
        memo.t(
            "choices.fit_first" if d == fit.direction else "choices.fit_other",
            language,
            direction=memo.t(f"choices.direction.{DIRECTION_NAMES[d]}", language),
            reproduced=int(fit[f"reproduced_{DIRECTION_NAMES[d]}"]),
            cells=int(fit.cells),
            difference=catalogue.number(fit[f"largest_difference_{DIRECTION_NAMES[d]}"], language, 3),
        )
        for d in (fit.direction, -fit.direction)
    ]
    return f"{code}: {shown[0]}, {shown[1]}"


def _direction_lines(indicators, directions, method, *, language="en"):
    lines = []
    meta = indicators.set_index("code")
    flipped = meta[meta[method.direction_column] != meta["direction"]]
    word = {d: memo.t(f"choices.direction.{name}", language) for d, name in DIRECTION_NAMES.items()}
    for thesis_direction, group in flipped.groupby(method.direction_column, sort=True):
        lines.append(
            memo.t(
                "choices.directions",
                language,
                codes=", ".join(group.index),
                names="; ".join(memo.mid_sentence(name) for name in group[f"name_{language}"]),
                applied=word[thesis_direction],
                worse=memo.t("choices.higher_worse" if thesis_direction == -1 else "choices.higher_better", language),
                meaning=word[-thesis_direction],
            )
        )
    decided = directions[directions.direction != NO_DIRECTION]
    agree = int((decided.direction == meta.loc[decided.index, method.direction_column]).sum())
    shown = [_direction_fit(code, decided.loc[code], language) for code in flipped.index if code in decided.index]
    undecided = directions.index[directions.direction == NO_DIRECTION]
    share = memo.percent(DECISIVE_SHARE, language)
    line = memo.t(
        "choices.refit",
        language,
        share=share,
        tolerance=catalogue.number(DIRECTION_TOLERANCE, language),
        agree=agree,
        decided=len(decided),
    )
    line += memo.t("choices.refit_fits", language, fits="; ".join(shown)) if shown else ""
    if len(undecided):
        line += memo.t("choices.undecided", language, share=share, codes=memo.listing(undecided, language))
    lines.append(line + ".")
    return lines


def _set_name(left_out, size, language):
    if not left_out:
        return memo.t("choices.set_all", language, size=size)
    return memo.t("choices.set_but", language, codes=memo.listing(left_out, language))


def _index_set_lines(indicators, index_sets, method, *, language="en"):
    lines = []
    left_out = indicators[~indicators[method.include_column]]
    if len(left_out):
        key = "choices.left_out_one" if len(left_out) == 1 else "choices.left_out_many"
        lines.append(memo.t(key, language, codes=", ".join(left_out.code)))
    fits = [
        memo.t(
            "choices.set_fit",
            language,
            pillar=catalogue.text(f"risk.pillar_word.{pillar}", language),
            set=_set_name(fit.left_out, fit.indicators, language),
            difference=catalogue.number(fit.largest_difference, language, 3),
            other=_set_name(fit.closest_other_left_out, fit.indicators, language),
            other_difference=catalogue.number(fit.closest_other_difference, language, 3),
        )
        for pillar, fit in index_sets.iterrows()
        if fit.left_out is not None
    ]
    lines.append(memo.t("choices.sets_refit", language, fits="; ".join(fits)))
    return lines


def _missing_value_line(missing_scores, indicators, names, *, method, language="en"):
    score = catalogue.number(MISSING_VALUE_POLICIES[method.missing].score, language)
    if missing_scores.empty:
        return memo.t("choices.missing_none", language, method=method.name, score=score)
    table_of = {pillar: table for table, pillar in SCORE_TABLES.items()}
    pillar_of = dict(zip(indicators.code, indicators.pillar))
    shown = []
    for code, cells in missing_scores.groupby("indicator", sort=False):
        printed = sorted(set(cells.printed))
        printed = [catalogue.number(float(p), language, memo.printed_decimals(p)) for p in printed]
        count = (
            memo.t("choices.count_both", language)
            if len(cells) == 2
            else memo.t("choices.count_all", language, n=len(cells))
            if len(cells) > 2
            else memo.t("choices.count_one", language)
        )
        shown.append(
            memo.t(
                "choices.blank_cells",
                language,
                table=memo.table_name(table_of[pillar_of[code]], language),
                printed=memo.listing(printed, language),
                count=count,
                code=code,
                s="s" if len(cells) > 1 else "",
                regions=", ".join(names[r] for r in cells.region_id),
            )
        )
    worst = MISSING_VALUE_POLICIES[method.missing].score == MISSING_VALUE_POLICIES["worst"].score
    key = "choices.missing_worst" if worst else "choices.missing"
    return memo.t(key, language, score=score, shown="; ".join(shown))


def thesis_choices(indicators, directions, index_sets, *, missing_scores, names, method, language="en"):
    """What `method` takes from the published tables rather than from the text, with the refit's numbers, as
    report lines in `language` (`names`: the regions' names in it)."""
    return (
        _direction_lines(indicators, directions, method, language=language)
        + _index_set_lines(indicators, index_sets, method, language=language)
        + [_missing_value_line(missing_scores, indicators, names, method=method, language=language)]
    )


# --- what to correct ------------------------------------------------------------------------------------


def without_figures(markdown):
    """The report without its image lines: for the notebook, which shows the figures itself (a relative image
    link would not resolve in its HTML page)."""
    return "\n".join(line for line in markdown.splitlines() if not (line.startswith("![") and line.endswith(")")))


def findings(check, language="en"):
    """The dissertation's claims after Table 13, checked in the published, recomputed and corrected versions;
    with a note first when the pipeline's indices used another missing-value policy than the dissertation."""
    found = conclusions(
        check.table14_levels,
        check.published_levels,
        check.thesis,
        corrected=check.corrected,
        names=region_names(check.rec.regions, language),
        language=language,
    )
    if check.missing != "worst":
        found.insert(0, memo.t("conclusion.missing_note", language, policy=check.missing))
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


def _figure_file(key, language):
    return f"{RANK_FIGURES[key][0]}_{language}.png"


def moved(changes, shift, before, *, after, names, language="en"):
    """The filter's sentence and the table of the regions whose ISDR rank moves by MOVED_RANKS or more;
    `before`/`after` are (column prefix, side: a `memo.side` key)."""
    moving = changes[changes[shift] != 0]
    shown = moving[moving[shift].abs() >= MOVED_RANKS]
    # ties on the new rank: the old rank, then the regions' order (a stable sort)
    shown = shown.sort_values([f"{after[0]}_rank", f"{before[0]}_rank"], kind="stable")
    if shown.empty:
        return memo.t("no_moves", language, places=MOVED_RANKS, moved=len(moving))
    side = {key: memo.t(f"side.{name}", language) for key, name in (("before", before[1]), ("after", after[1]))}
    columns = {
        "region": [names[r] for r in shown.index],
        "rank_before": shown[f"{before[0]}_rank"].astype("Int64"),
        "rank_after": shown[f"{after[0]}_rank"].astype("Int64"),
        "isdr_before": [catalogue.number(v, language, 2) for v in shown[f"{before[0]}_isdr"]],
        "isdr_after": [catalogue.number(v, language, 2) for v in shown[f"{after[0]}_isdr"]],
    }
    heading = {
        key: memo.t(f"moved_column.{key}", language, side=side[key.rsplit("_", 1)[1]])
        if "_" in key
        else memo.t(f"moved_column.{key}", language)
        for key in columns
    }
    table = pd.DataFrame({heading[key]: values for key, values in columns.items()}).to_markdown(
        index=False, disable_numparse=True
    )
    sentence = memo.t("moved_filter", language, places=MOVED_RANKS, shown=len(shown), moved=len(moving))
    return sentence + "\n\n" + table


def level_changes(changes, names, language="en"):
    """Every class that changes, as a Markdown table in `language`."""
    if changes.empty:
        return memo.t("none", language)
    return pd.DataFrame(
        {
            memo.t("level_column.index", language): [memo.index_column(c, "index", language) for c in changes["index"]],
            memo.t("level_column.region", language): [names[r] for r in changes.region_id],
            memo.t("level_column.from", language): [pick(LEVEL_LABELS[v], language) for v in changes["from"]],
            memo.t("level_column.to", language): [pick(LEVEL_LABELS[v], language) for v in changes["to"]],
        }
    ).to_markdown(index=False)


MEMO_FILES = {"en": "README.md", "kk": "README_kk.md"}  # the memo in each language
ERRATA_FILES = {"en": "errata.csv", "kk": "errata_kk.csv"}


def heading_corrections(check):
    """The slips of the Kazakh indicator headings (data/raw/heading_corrections.csv of the checked project)."""
    path = check.reference.parents[1] / "raw" / HEADING_CORRECTIONS
    return load_heading_corrections(path, check.rec.indicators)


def write_report(check, folder, *, robust=None, inputs=None):
    """The memo in English (README.md) and Kazakh (README_kk.md), errata.csv and its Kazakh twin errata_kk.csv
    (semicolons, UTF-8 with a BOM, for a Kazakh- or Russian-locale Excel), and summary.csv of a
    `reproduction.check.Check` in `folder`; `robust`: {method: {language: lines}} of the robustness audit's
    conclusions (`robustness_report.audited_conclusions`); `inputs`: the input audit
    (`reproduction.input_audit.audit_year`), whose section "Are the inputs right?" goes into both memos. Both memos
    are built by one path, every section in each language. The English memo's text is returned."""
    headings = heading_corrections(check)
    texts = {}
    for language in MEMO_FILES:
        text = write_markdown(check, language, headings=headings)
        if check.risk is not None:
            text += "\n" + reproduction_risk_report.risk_section(check.year, check.risk, language)
        by_method = {method: lines[language] for method, lines in (robust or {}).items()}
        text += "\n" + conclusions_section(by_method, language)
        if inputs is not None:
            names = region_names(check.rec.regions, language)
            codes = check.rec.indicators.set_index("code")[f"name_{language}"].to_dict()
            section = input_audit_report.section(inputs, names, indicator_names=codes, language=language)
            text += "\n" + "\n".join(section) + "\n"
        texts[language] = text
    write_csv(memo.errata_twin(check.all_errata, check, "en"), folder / ERRATA_FILES["en"])
    memo.write_excel_csv(memo.errata_twin(check.all_errata, check, "kk"), folder / ERRATA_FILES["kk"])
    write_csv(check.all_summary, folder / "summary.csv")
    for language, name in MEMO_FILES.items():
        write_text(texts[language], folder / name)
    return texts["en"]


def write_markdown(check, language="en", *, headings=None):
    """The memo in `language`: what to correct (every cell to change, the headings' slips first, Tables 7-20 and
    the text), what needs no correction, the conclusions, the verdicts and causes, why the unexplained cells stay
    so, what the `thesis` method takes from the published tables, and the consequences for Tables 13 and 14. The
    risk section and the robustness audit are added by `write_report`."""
    year, summary, errata = check.year, check.all_summary, check.all_errata
    headings = heading_corrections(check) if headings is None else headings
    t = memo.t
    names = region_names(check.rec.regions, language)
    tables = {**TABLE_NAMES, **(RISK_TABLE_NAMES if check.risk is not None else {})}
    total = summary[["compared", "matched", "explained", "unexplained"]].sum()
    lines = [
        f"# {t('title', language, year=year)}",
        "",
        t("twin", language),  # a line in the other language, pointing to the twin
        "",
        t("intro", language, **{k: catalogue.number(v, language, 0) for k, v in total.items()}),
        "",
        t("files", language),
        "",
        f"## {t('what_title', language)}",
        "",
        t("what_intro", language, year=year) + " " + t("evidence_note", language),
        "",
    ]
    corrections = memo.what_to_correct(check, language, headings=headings, table_names=tables)
    lines += corrections or [t("nothing", language), ""]
    no_change = memo.no_correction(check, language, table_names=tables)
    if no_change:
        lines += [f"## {t('no_change_title', language)}", "", t("no_change_intro", language), ""] + no_change
    lines += [f"## {t('conclusions_title', language)}", ""] + [f"- {f}" for f in findings(check, language)] + [""]
    lines += [f"## {t('verdict_title', language)}", "", memo.verdicts(summary, language), ""]
    lines += [f"## {t('causes_title', language)}", "", t("causes_intro", language), "", memo.causes(errata, language)]
    lines += [""] + _unexplained_and_choices(check, language, names=names)
    figure = {key: _figure_file(key, language) for key in RANK_FIGURES}
    changes = check.changes
    rho = changes[["published_rank", "thesis_rank"]].corr(method="spearman").iloc[0, 1]
    lines += [
        f"## {t('consequences_title', language)}",
        "",
        f"### {t('table13_title', language)}",
        "",
        t("table13_intro", language),
        "",
        f"![{t('figure.published_vs_thesis', language)}]({figure['published_vs_thesis']})",
        "",
        moved(
            changes,
            "shift_errors_removed",
            ("published", "published"),
            after=("thesis", "recomputed"),
            names=names,
            language=language,
        ),
        "",
        t(
            "spearman",
            language,
            rho=catalogue.number(rho, language, 2),
            changed=int((changes.shift_errors_removed != 0).sum()),
            regions=len(changes),
        ),
        "",
        f"### {t('table14_title', language)}",
        "",
        t("table14_intro", language),
        "",
        level_changes(check.class_changes["thesis"], names, language),
        "",
        f"### {t('corrected_title', language)}",
        "",
        t("corrected_intro", language),
        "",
        f"![{t('figure.thesis_vs_corrected', language)}]({figure['thesis_vs_corrected']})",
        "",
        moved(
            changes,
            "shift_corrected",
            ("thesis", "thesis"),
            after=("corrected", "corrected"),
            names=names,
            language=language,
        ),
        "",
        t("corrected_classes", language),
        "",
        level_changes(check.class_changes["corrected"], names, language),
        "",
    ]
    return "\n".join(lines)


def _unexplained_and_choices(check, language, *, names):
    """Why the unexplained cells stay unexplained (or that none is left), and what the `thesis` method reads
    off the published tables."""
    t = memo.t
    lines = []
    if (check.errata.diagnosis == "unexplained").any():
        argument = memo.unexplained_argument(
            check.unexplained_note, language, file=f"data/reference/{check.year}/unexplained.md"
        )
        lines += [f"### {t('unexplained_title', language)}", "", argument, ""]
    else:
        lines += [t("all_explained", language), ""]
    choices = thesis_choices(
        check.rec.indicators,
        check.directions,
        check.index_sets,
        missing_scores=check.missing_scores,
        names=names,
        method=check.rec.method,
        language=language,
    )
    if choices:
        lines += [f"## {t('choices_title', language)}", "", t("choices_intro", language), ""]
        lines += [f"- {c}" for c in choices] + [""]
    return lines
