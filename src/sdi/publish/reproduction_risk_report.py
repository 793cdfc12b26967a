"""The reproduction report's section on the risk maps (Tables 15-20) and the text on the risks.

Rendering only: every number it shows is computed in `sdi.reproduction.risk_comparison` and
`sdi.reproduction.diagnosis`.
"""

import pandas as pd

from sdi.publish import catalogue, memo
from sdi.publish.memo import t
from sdi.reproduction.diagnosis import DIAGNOSES, causes_in_order
from sdi.reproduction.risk_comparison import CRITERIA_TABLES, TABLE_NAMES, TEXT, claim_value

ACTIONS = {  # per diagnosis, where the risk section says it otherwise than Tables 7-14: what the author should do
    "copy_of_column": "the column is a copy of another column; print the indicator's own values: {values}",
    "different_statistic": "the printed number is another statistic than its label says; print {values}",
    "rounded_to_fewer_digits": "the value is rounded to fewer digits than printed, or cut off; print {values}",
    "blank_read_as_zero": "a blank of Tables 7–9 was counted as 0; leave the blanks out and print {values}",
    "different_series": "the column is another series than Tables 7–9's; use Tables 7–9's series (or say which series "
    "the map shows): {values}",
    "slip_next_to_the_rule_value": "a slip next to the value the rule gives; print {values}",
    "bound_of_the_other_cut": "the band ends at the medium band's other cut; print {values}",
    "criteria_disagree_with_map": "the criteria give another bound than the map; print the map's bound: {values}",
    "code_mismatch": "print the indicator's code: {values}",
    "text_vs_classification": "the statement does not hold by the printed bands; rewrite it (recomputed: {values})",
    "text_vs_table": "the statement contradicts the tables; rewrite it (recomputed: {values})",
}


def _table_md(df):
    return df.to_markdown(index=False)


def _fmt(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "–"
    try:
        return f"{float(v):.6g}"
    except (TypeError, ValueError):
        return str(v)


def claims_table(compared, rec):
    """Every statement of the text on the risks: line, what it says, what the recomputation gives, and
    whether it holds, with the detail."""
    rows = []
    for r in compared[compared.table == TEXT].itertuples():
        claim = rec.claims.loc[r.statistic]
        rows.append(
            {
                "line": claim.source_line,
                "statement": claim.meaning,
                "text": r.published,
                "recomputed": _fmt(r.recomputed),
                "holds": "yes" if r.match else "no",
                "detail": claim_value(rec, claim)[1],
            }
        )
    return pd.DataFrame(rows)


def unverifiable_standards(compared, rec):
    """The cut points whose source is a fixed number printed nowhere but in the band itself (no
    «Стандарт» cell, no statement of the text): the rule cannot test them."""
    printed = {(r.indicator, float(r.published)) for r in compared[compared.statistic == "standard"].itertuples()}
    stated = {
        (r.indicator, float(r.published)) for r in rec.claims.itertuples() if r.published.replace(".", "", 1).isdigit()
    }
    found = []
    for r in rec.thresholds[rec.thresholds.level == "medium"].itertuples():
        for source in (r.lower_source, r.upper_source):
            if source.startswith("standard"):
                number = float(source.split()[1])
                if (r.code, number) not in printed | stated:
                    found.append(f"{r.code} {number:g}")
    return found


def kazakh_section(check):
    """The Kazakh memo's part of this section: the text's statements on the risks as the dissertation prints
    them, with what the recomputation gives and whether each holds; what the check cannot test. (The detail of
    each statement is worded by the check, in English: `README.md` has it.)"""
    language = "kk"
    rows = []
    for r in check.compared[check.compared.table == TEXT].itertuples():
        claim = check.rec.claims.loc[r.statistic]

        def shown(value):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                return "–"
            if value in ("yes", "no"):
                return t(value, language)
            if f"risk.level.{value}" in catalogue.entries():
                return catalogue.text(f"risk.level.{value}", language).lower()
            try:
                return catalogue.number(float(value), language)
            except (TypeError, ValueError):
                return str(value)

        rows.append(
            {
                t("claims_column.line", language): claim.source_line,
                t("claims_column.statement", language): claim.printed,
                t("claims_column.text", language): shown(r.published),
                t("claims_column.recomputed", language): shown(r.recomputed),
                t("claims_column.holds", language): t("yes" if r.match else "no", language),
            }
        )
    lines = [f"## {t('risk_title', language)}", ""]
    if rows:
        holds = sum(row[t("claims_column.holds", language)] == t("yes", language) for row in rows)
        lines += [
            f"### {t('claims_title', language)}",
            "",
            t("claims_intro", language, holds=holds, statements=len(rows)),
            "",
            pd.DataFrame(rows).to_markdown(index=False, disable_numparse=True),
            "",
        ]
    lines += [f"### {t('cannot_test_title', language)}", ""]
    standards = unverifiable_standards(check.compared, check.rec)
    if standards:
        cuts = [(cut.split()[0], float(cut.split()[1])) for cut in standards]  # 'B3 4.9': a code and its cut
        cuts = ", ".join(f"{code} {catalogue.number(value, language)}" for code, value in cuts)
        lines.append("- " + t("cannot_test.standards", language, cuts=cuts))
    unnumbered = [row.split() for row in bands_without_numbers(check.compared, check.criteria)]  # 'Table 16 B23'
    if unnumbered:
        rows = ", ".join(f"{memo.table_name(table, language)} {code}" for _, table, code in unnumbered)
        lines.append("- " + t("cannot_test.signs", language, rows=rows))
    lines += ["- " + t("cannot_test.table20", language), ""]
    return "\n".join(lines)


def bands_without_numbers(compared, criteria):
    """Criteria rows printed with signs but no numbers (Table 16's B23: «B<», «≤B≤», «B>»)."""
    numbered = set(compared[compared.table.isin(CRITERIA_TABLES) & (compared.statistic != "code")].indicator)
    signed = criteria[(criteria[["high", "medium", "low"]] != "").any(axis=1)]
    return [f"Table {r.table} {r.indicator}" for r in signed.itertuples() if r.indicator not in numbered]


def risk_section(year, check):
    """Markdown: what was compared, the verdict per table, the text's statements, the differences
    grouped by cause, what the check cannot test, and the pipeline's own classification against it.

    `check`: a `reproduction.check.RiskCheck`; its `pipeline` is (the thresholds the pipeline's risk step
    used, cells of its risk.csv, cells that agree with the classification here), or None when the risk
    step has not run.
    """
    summary, compared, errata, rec = check.summary, check.compared, check.errata, check.rec
    criteria, pipeline, unexplained_note = check.criteria, check.pipeline, check.unexplained_note
    lines = [
        "## The risk maps (Tables 15–20) and the text on the risks",
        "",
        f"The sections above cover Tables 7–14 and the text after Table 13. This one applies the same check to the "
        f"risk section of {year}, every printed number against the recomputation by the `thesis` method: each map "
        "value (Tables 18–20) against Tables 7–9; each «Орта шама», «Медиана» and "
        "«Стандарт» cell against the mean, the median and the fixed standard of the bands; each bound of the bands "
        "printed above a map against the rule: the national value, median, mean or standard that "
        "`data/raw/risk_thresholds.csv` records as the cut's source, taken from Tables 7–9; each bound of the "
        "criteria Tables 15–17 against the map's bound of the same cut (high | medium or medium | low); each printed "
        "code against the indicator's; and the text's statements on the risks "
        f"(`data/reference/{year}/risk_text_claims.csv`, with their lines) against the values and their "
        "classification by the printed bands. The rule for a match and the candidate explanations work as above; "
        "the rows are in `errata.csv` and `summary.csv` with the tables below.",
        "",
        "### Verdict per table",
        "",
    ]
    lines += [_table_md(summary.assign(table=summary.table.map(TABLE_NAMES))), ""]
    total = summary[["compared", "matched", "explained", "unexplained"]].sum()
    lines += [
        f"In all, {total.compared:,} printed numbers and statements: {total.matched:,} match, {total.explained} differ "
        f"for a reason shown below, {total.unexplained} for no reason the data can show.",
        "",
    ]
    claims = claims_table(compared, rec)
    if len(claims):
        lines += [
            "### Do the text's statements on the risks stand?",
            "",
            f"{int((claims.holds == 'yes').sum())} of {len(claims)} hold. Where the text names no number, the "
            "statement is read as the check says in `statement`.",
            "",
            _table_md(claims),
            "",
        ]
    lines += [
        "### Causes of the differences",
        "",
        "Each cause, with the number of cells it explains and where. Every correction, with its evidence, is "
        'listed under "What to correct in the dissertation" at the top.',
        "",
    ]
    causes = pd.DataFrame(
        [
            {
                "cause": DIAGNOSES[d][:1].upper() + DIAGNOSES[d][1:],
                "cells": int((errata.diagnosis == d).sum()),
                "tables": ", ".join(
                    TABLE_NAMES[t]
                    for t in sorted(set(errata.table[errata.diagnosis == d]), key=lambda t: (t == TEXT, t))
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
            unexplained_note or f"No argument is written yet: add it as `data/reference/{year}/unexplained_risk.md`.",
            "",
        ]
    lines += ["### What this check cannot test", ""]
    standards = unverifiable_standards(compared, rec)
    if standards:
        lines.append(
            f"- Cut points whose source is a fixed number printed only in the band itself ({', '.join(standards)}): "
            "the rule gives back the printed number, so these bands agree by construction."
        )
    unnumbered = bands_without_numbers(compared, criteria)
    if unnumbered:
        lines.append(f"- Criteria printed with signs but no numbers ({', '.join(unnumbered)}): nothing to compare.")
    lines.append(
        "- Table 20 prints no code row; its columns are matched to Tables 7–9 by their names "
        "(`data/reference/<year>/PROVENANCE.md`)."
    )
    lines.append("")
    if pipeline is not None:
        used, cells, agree = pipeline
        lines += [
            "### The pipeline's own risk maps",
            "",
            f"Notebook `06_risk_maps` classified with `THRESHOLDS` → `{used}`; its `risk.csv` agrees with the "
            f"classification by the printed bands used here in {agree} of {cells} cells."
            + ("" if used == "published" else " (It used other bands, so differences are expected.)"),
            "",
        ]
    return "\n".join(lines)
