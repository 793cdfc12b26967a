"""The reproduction report's section on the risk maps (Tables 15-20) and the text on the risks, in English or
Kazakh by one path: every word from the catalogue (`memo.*`), every number through `catalogue.number`.

Rendering only: every number it shows is computed in `sdi.reproduction.risk_comparison` and
`sdi.reproduction.diagnosis`; the detail of each statement, which the check gives as data, worded in the section's
language by `sdi.publish.evidence`.
"""

import pandas as pd

from sdi.publish import catalogue, memo
from sdi.publish.evidence import wording
from sdi.publish.memo import t
from sdi.reproduction.risk_comparison import CRITERIA_TABLES, TEXT, claim_value, level_counts

RISK_TABLES = ("15", "16", "17", "18", "19", "20")


def risk_table_name(table, language):
    """'Table 15 (social risk criteria)', '15-кесте (әлеуметтік тәуекел критерийлері)', 'Text on the risk maps'."""
    if table in RISK_TABLES:
        return t(
            "risk_table_name", language, table=memo.table_name(table, language), what=t(f"risk_table.{table}", language)
        )
    return memo.table_name(table, language)


def claim_value_words(value, language):
    """A statement's value as the report shows it: a level in words ('high' / 'жоғары тәуекел'), a mix of levels
    ('mixed: medium 5, low 3'), yes or no, a number through `catalogue.number`; '–' for none."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    counts = level_counts(value)
    if counts is not None:
        mix = ", ".join(f"{t(f'claim_level.{level}', language)} {n}" for level, n in counts.items())
        return t("claim_mixed", language, counts=mix)
    if value in ("yes", "no"):
        return t(value, language)
    if f"memo.claim_level.{value}" in catalogue.entries():
        return t(f"claim_level.{value}", language)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    decimals = memo.printed_decimals(value) if isinstance(value, str) else None
    return catalogue.number(number, language, decimals)


def claims_table(compared, rec, language="en"):
    """Every statement of the text on the risks: line, what it says (in English what the check reads it as; in
    Kazakh the dissertation's own sentence), what the text gives, what the recomputation gives, whether it holds,
    and the detail (the check's evidence)."""
    words = wording(rec.regions, rec.indicators, language)
    rows = []
    for r in compared[compared.table == TEXT].itertuples():
        claim = rec.claims.loc[r.statistic]
        row = {
            "line": claim.source_line,
            "statement": claim[memo.CLAIM_WORDING[language][0]],
            "text": claim_value_words(r.published, language),
            "recomputed": claim_value_words(r.recomputed, language),
            "holds": t("yes" if r.match else "no", language),
            "detail": words.word(claim_value(rec, claim)[1]),
        }
        rows.append(row)
    return pd.DataFrame(rows).rename(columns=lambda c: t(f"claims_column.{c}", language))


def unverifiable_standards(compared, rec):
    """The cut points whose source is a fixed number printed nowhere but in the band itself (no
    «Стандарт» cell, no statement of the text): the rule cannot test them. [(code, number)]"""
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
                    found.append((r.code, number))
    return found


def bands_without_numbers(compared, criteria):
    """Criteria rows printed with signs but no numbers (Table 16's B23: «B<», «≤B≤», «B>»): [(table, code)]."""
    numbered = set(compared[compared.table.isin(CRITERIA_TABLES) & (compared.statistic != "code")].indicator)
    signed = criteria[(criteria[["high", "medium", "low"]] != "").any(axis=1)]
    return [(str(r.table), r.indicator) for r in signed.itertuples() if r.indicator not in numbered]


def risk_section(year, check, language="en"):
    """Markdown in `language`: what was compared, the verdict per table, the text's statements, the differences
    grouped by cause, why the unexplained cells stay so, what the check cannot test, and the pipeline's own
    classification against it.

    `check`: a `reproduction.check.RiskCheck`; its `pipeline` is (the thresholds the pipeline's risk step
    used, cells of its risk.csv, cells that agree with the classification here), or None when the risk
    step has not run.
    """
    summary, compared, errata, rec = check.summary, check.compared, check.errata, check.rec
    criteria, pipeline = check.criteria, check.pipeline
    lines = [
        f"## {t('risk_title', language)}",
        "",
        t("risk_intro", language, year=year),
        "",
        f"### {t('verdict_title', language)}",
        "",
        memo.verdicts(summary, language, names=risk_table_name),
        "",
    ]
    total = {
        k: catalogue.number(v, language, 0, grouped=True)
        for k, v in summary[["compared", "matched", "explained", "unexplained"]].sum().items()
    }
    lines += [t("risk_total", language, **total), ""]
    claims = claims_table(compared, rec, language)
    if len(claims):
        holds = int((compared[compared.table == TEXT].match).sum())
        lines += [
            f"### {t('claims_title', language)}",
            "",
            t("claims_intro", language, holds=holds, statements=len(claims)) + " " + t("claims_reading", language),
            "",
            claims.to_markdown(index=False, disable_numparse=[2, 3]),  # the values as worded, never re-read
            "",
        ]
    lines += [
        f"### {t('causes_title', language)}",
        "",
        t("risk_causes_intro", language),
        "",
        memo.causes(errata, language, names=risk_table_name),
        "",
    ]
    if (errata.diagnosis == "unexplained").any():
        argument = memo.unexplained_argument(
            check.unexplained_note, language, file=f"data/reference/{year}/unexplained_risk.md"
        )
        lines += [f"### {t('unexplained_title', language)}", "", argument, ""]
    lines += [f"### {t('cannot_test_title', language)}", ""]
    standards = unverifiable_standards(compared, rec)
    if standards:
        cuts = ", ".join(f"{code} {catalogue.number(value, language)}" for code, value in standards)
        lines.append("- " + t("cannot_test.standards", language, cuts=cuts))
    unnumbered = bands_without_numbers(compared, criteria)
    if unnumbered:
        rows = ", ".join(f"{memo.table_name(table, language)} {code}" for table, code in unnumbered)
        lines.append("- " + t("cannot_test.signs", language, rows=rows))
    lines += ["- " + t("cannot_test.table20", language), ""]
    if pipeline is not None:
        used, cells, agree = pipeline
        line = t("pipeline_risk", language, used=used, agree=agree, cells=cells)
        lines += [
            f"### {t('pipeline_risk_title', language)}",
            "",
            line + ("" if used == "published" else " " + t("pipeline_risk_other", language)),
            "",
        ]
    return "\n".join(lines)
