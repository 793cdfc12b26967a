"""Tables 15-24 for a thesis (Kazakh, laid out as the dissertation prints them) and for reviewers (English).

Built as `sdi.publish.tables.Table`s and written by `sdi.publish.tables.write_tables` like Tables 7-14: per language
CSV and Markdown, one workbook and one Word document.

- Tables 15-17 (criteria): every indicator of the pillar with the bands this run used (published or by
  the rule) and where each cut point comes from.
- Tables 18-20 (maps): the bands in the first three rows, every region's value, then the national,
  mean, median and standard rows, as the dissertation prints them. Each region cell keeps its number,
  is filled red / yellow / green by its level (the dissertation's colours, line 4977) and carries the
  level's letter (Kazakh Ж / О / Т, English H / M / L; `?` unclassified; `†` when the rule for gaps
  and overlaps decided it), so the level reads without colour too.
- The macro-regions (indices and risk counts), a table the dissertation does not print, and Tables
  21-24 (the scenarios; Kazakh as printed, English summarised).
"""

import pandas as pd

from sdi import PILLARS
from sdi.inputs.metadata import NATIONAL_ID, region_names
from sdi.publish.catalogue import number, pair, section
from sdi.publish.labels import pick
from sdi.publish.tables import (
    LANGUAGES,
    Table,
    _caption,
    _printed_decimals,
    indicator_heading,
    method_label,
    write_tables,
)
from sdi.risk.classification import UNCLASSIFIED
from sdi.risk.macro_regions import SCENARIOS, groups
from sdi.risk.thresholds import LEVELS, STANDARD

RISK_COLOURS = {"high": "#b2182b", "medium": "#fddb6d", "low": "#5aae61", UNCLASSIFIED: "#bdbdbd"}  # figures
CELL_FILLS = {
    "high": "#fc8d59",
    "medium": "#fee08b",
    "low": "#91cf60",
    UNCLASSIFIED: "#d9d9d9",
}  # light: black text reads
LEVEL_MARKS = {lang: {level: pick(marks, lang) for level, marks in section("risk.mark").items()} for lang in LANGUAGES}
RISK_LETTERS = LEVEL_MARKS["en"]
RISK_LABELS = section("risk.level")
RULE_MARK = "†"
CRITERIA_NUMBERS = {"social": 15, "economic": 16, "ecological": 17}
MAP_NUMBERS = {"social": 18, "economic": 19, "ecological": 20}
PILLAR_WORDS = section("risk.pillar_word")
TITLES = section("risk.title")  # (English, Kazakh as printed, with the pillar's word)
CRITERIA_HEADINGS = pair("risk.table.criteria_headings")
SOURCE_WORDS = section("risk.source")
SUMMARY_LABELS = section("risk.summary")
# the decimals the dissertation prints in the mean and median rows of each map
SUMMARY_DECIMALS = {18: {"mean": 2, "median": 1}, 19: {"mean": 2, "median": 2}, 20: {"mean": 1, "median": 1}}
CHOICE_NOTES = section("risk.choice_note")
LEGEND = pair("risk.table.legend")


def number_text(x, language="en"):
    """A computed bound or statistic for print: at most three decimals, no trailing zeros; a decimal
    comma in Kazakh."""
    return number(x, language)


def band_text(row, language="en", variable="B"):
    """'100.01 < B ≤ 106.69', 'B > 106.70', 'B ≤ 100' from a thresholds row (with the printed digits
    when the row has them); '100,01 < B ≤ 106,69' in Kazakh."""

    def bound(side):
        printed = row.get(f"{side}_text")  # the digits the dissertation prints ('106.70'), kept
        if printed:
            return number(float(printed), language, len(printed.partition(".")[2]))
        return number_text(row[side], language)

    lower, upper = not pd.isna(row["lower"]), not pd.isna(row["upper"])
    less = {side: "≤" if row[f"{side}_sign"] == "<=" else "<" for side in ("lower", "upper")}
    if lower and upper:
        return f"{bound('lower')} {less['lower']} {variable} {less['upper']} {bound('upper')}"
    if lower:
        return f"{variable} {'≥' if less['lower'] == '≤' else '>'} {bound('lower')}"
    return f"{variable} {less['upper']} {bound('upper')}"


def source_text(source, language):
    """'median' -> 'медиана'; 'standard 30' -> 'стандарт 30' in Kazakh."""
    word, *number = source.split()
    return " ".join([pick(SOURCE_WORDS[word], language), *(number_text(float(n), language) for n in number)])


def _codes(indicators, pillar):
    return list(indicators.loc[indicators["pillar"] == pillar, "code"])


def _title(kind, pillar, language):
    return pick(TITLES[kind], language).format(pillar=pick(PILLAR_WORDS[pillar], language))


def criteria_table(pillar, thresholds, indicators, *, year, choice):
    """Tables 15-17: per indicator of the pillar, the high / medium / low bands used and the cuts' sources."""
    ind = indicators.set_index("code")
    number = CRITERIA_NUMBERS[pillar]
    body = {}
    for lang in LANGUAGES:
        rows = []
        for code in _codes(indicators, pillar):
            mine = thresholds[thresholds["code"] == code].set_index("level")
            medium = mine.loc["medium"]
            cuts = "; ".join(source_text(medium[f"{side}_source"], lang) for side in ("lower", "upper"))
            rows.append(
                [
                    indicator_heading(ind.loc[code], lang, year),
                    code,
                    *(band_text(mine.loc[lv], lang) for lv in LEVELS),
                    cuts,
                ]
            )
        body[lang] = pd.DataFrame(rows, columns=range(6))
    return Table(
        number,
        f"{pillar}_risk_criteria",
        {lang: _caption(number, lang, _title("criteria", pillar, lang), year=year) for lang in LANGUAGES},
        {lang: pick(CRITERIA_HEADINGS, lang) for lang in LANGUAGES},
        body,
        [None] * 6,
        note={lang: pick(CHOICE_NOTES[choice], lang) for lang in LANGUAGES},
    )


def _standards(thresholds, code):
    """The fixed standards among an indicator's cut points, in the order of the medium band's bounds."""
    medium = thresholds[(thresholds["code"] == code) & (thresholds["level"] == "medium")].iloc[0]
    return [float(s.split()[1]) for s in (medium["lower_source"], medium["upper_source"]) if s.startswith(STANDARD)]


def map_table(pillar, risk, thresholds, *, clean, statistics, regions, indicators, year, choice):
    """Tables 18-20: band rows, region rows (value, level as fill and mark), national, mean, median and
    standard rows. `risk`: `classification.classify`'s table, whose `decided_by_rule` marks the rule's cells."""
    codes = _codes(indicators, pillar)
    ids = [r for r in regions["region_id"] if r in set(risk["region_id"])]
    mine = risk[risk["pillar"] == pillar]
    value = mine.pivot(index="region_id", columns="indicator", values="value").loc[ids, codes]
    level = mine.pivot(index="region_id", columns="indicator", values="risk").loc[ids, codes]
    ruled = mine.pivot(index="region_id", columns="indicator", values="decided_by_rule").loc[ids, codes]
    national = clean[clean["region_id"] == NATIONAL_ID].set_index("indicator")["value"]
    stat = statistics.set_index("indicator")
    by_level = {lv: thresholds[thresholds["level"] == lv].set_index("code") for lv in LEVELS}
    number = MAP_NUMBERS[pillar]
    first = len(LEVELS)  # the body row of the first region
    body = {}
    for lang in LANGUAGES:
        names = region_names(regions, lang)
        rows = [[pick(RISK_LABELS[lv], lang), *(band_text(by_level[lv].loc[c], lang) for c in codes)] for lv in LEVELS]
        rows += [[names[r], *value.loc[r]] for r in ids]
        rows.append([names[NATIONAL_ID], *(national.get(c) for c in codes)])
        rows += [[pick(SUMMARY_LABELS[s], lang), *stat.loc[codes, s]] for s in ("mean", "median")]
        rows.append(
            [
                pick(SUMMARY_LABELS["standard"], lang),
                *("; ".join(number_text(x, lang) for x in _standards(thresholds, c)) for c in codes),
            ]
        )
        body[lang] = pd.DataFrame(rows, columns=range(len(codes) + 1)).astype(object)
    summary = first + len(ids) + 1
    row_decimals = dict.fromkeys(range(first))
    row_decimals.update(
        {summary: SUMMARY_DECIMALS[number]["mean"], summary + 1: SUMMARY_DECIMALS[number]["median"], summary + 2: None}
    )
    fills, marks = {}, {lang: {} for lang in LANGUAGES}
    for i, r in enumerate(ids, start=first):
        for j, c in enumerate(codes, start=1):
            lv = level.at[r, c]
            fills[i, j] = CELL_FILLS[lv]
            for lang in LANGUAGES:
                marks[lang][i, j] = LEVEL_MARKS[lang][lv] + (RULE_MARK if ruled.at[r, c] else "")
    headings = {
        lang: [
            pick(("Region", "Аймақ"), lang),
            *(indicator_heading(indicators.set_index("code").loc[c], lang, year) for c in codes),
        ]
        for lang in LANGUAGES
    }
    return Table(
        number,
        f"{pillar}_risk_map",
        {lang: _caption(number, lang, _title("map", pillar, lang), year=year) for lang in LANGUAGES},
        headings,
        body,
        [None, *(_printed_decimals(value[c]) for c in codes)],
        ["", *codes],
        note={lang: f"{pick(LEGEND, lang)} {pick(CHOICE_NOTES[choice], lang)}" for lang in LANGUAGES},
        row_decimals=row_decimals,
        fills=fills,
        marks=marks,
    )


MACRO_HEADINGS = pair("macro.headings")
MACRO_CAPTION = pair("macro.caption")
MACRO_NOTE = pair("macro.note")


def macro_region_table(macro_summary, regions, macro, *, year, method):
    """The macro-regions (and each city): members, mean pillar indices, ISDR mean / min / max, risk counts."""
    members = {group: ids for group, _, ids in groups(regions, macro)}
    english = dict(zip(macro_summary["group"], macro_summary["group_en"]))
    columns = [
        "n_regions",
        "social_mean",
        "economic_mean",
        "ecological_mean",
        "isdr_mean",
        "isdr_min",
        "isdr_max",
        "n_high",
        "n_medium",
        "n_low",
        "n_unclassified",
    ]
    body = {}
    for lang in LANGUAGES:
        names = region_names(regions, lang)
        rows = []
        for r in macro_summary.itertuples():
            row = r._asdict()
            rows.append(
                [
                    r.group if lang == "kk" else english[r.group],
                    row["n_regions"],
                    ", ".join(names[m] for m in members[r.group]),
                    *(row[c] for c in columns[1:]),
                    100 * r.share_high,
                ]
            )
        body[lang] = pd.DataFrame(rows, columns=range(14)).astype(object)
    return Table(
        None,
        "macro_regions",
        {lang: pick(MACRO_CAPTION, lang).format(method=method_label(method, lang), year=year) for lang in LANGUAGES},
        {lang: pick(MACRO_HEADINGS, lang) for lang in LANGUAGES},
        body,
        [None, 0, None, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 1],
        note={lang: pick(MACRO_NOTE, lang) for lang in LANGUAGES},
        sheet={"en": "Macro-regions", "kk": "Макроаймақтар"},
    )


SCENARIO_LABELS = section("scenario.label")
SCENARIO_HEADINGS = pair("scenario.headings")
SCENARIO_CAPTION = pair("scenario.caption")
SCENARIO_NOTE = pair("scenario.note")


def scenario_slug(name_en):
    """'East and Centre' -> 'east_centre_scenarios'."""
    return name_en.lower().replace(" and ", "_").replace(" ", "_") + "_scenarios"


def _english_parts(summary_en):
    """(factors, outcomes) of an English summary written 'Factors: … Outcomes: …'."""
    factors, _, outcomes = summary_en.partition(" Outcomes: ")
    return factors.removeprefix("Factors: "), outcomes


def scenario_tables(scenarios, macro):
    """Tables 21-24: per macro-region its pessimistic, realistic and optimistic scenario. The scenario
    labels are written as they should read (Table 23 prints «Пессимистік» for its optimistic row and
    Table 24 Russian labels; data/raw/scenarios.csv keeps the printed ones)."""
    tables = []
    for m in macro.itertuples():
        number = int(m.table)
        mine = scenarios[scenarios["macro_region"] == m.macro_region].set_index("scenario").loc[list(SCENARIOS)]
        body = {
            "kk": pd.DataFrame(
                [
                    [pick(SCENARIO_LABELS[s], "kk"), r.factors_risks, r.outcomes]
                    for s, r in zip(SCENARIOS, mine.itertuples())
                ],
                columns=range(3),
            ),
            "en": pd.DataFrame(
                [
                    [pick(SCENARIO_LABELS[s], "en"), *_english_parts(r.summary_en)]
                    for s, r in zip(SCENARIOS, mine.itertuples())
                ],
                columns=range(3),
            ),
        }
        printed = [
            f"{pick(SCENARIO_LABELS[s], 'en')}: {r.note}"
            for s, r in zip(SCENARIOS, mine.itertuples())
            if isinstance(r.note, str) and r.note
        ]
        caption = {
            lang: pick(SCENARIO_CAPTION, lang).format(number=number, name=m.title_kk if lang == "kk" else m.name_en)
            for lang in LANGUAGES
        }
        note = {"kk": pick(SCENARIO_NOTE, "kk"), "en": " ".join([pick(SCENARIO_NOTE, "en"), *printed])}
        tables.append(
            Table(
                number,
                scenario_slug(m.name_en),
                caption,
                {lang: pick(SCENARIO_HEADINGS, lang) for lang in LANGUAGES},
                body,
                [None] * 3,
                note=note,
            )
        )
    return tables


def risk_tables(
    thresholds, risk, clean, *, statistics, regions, indicators, macro_summary, macro, scenarios, year, choice, method
):
    """Tables 15-20, the macro-regions and Tables 21-24, in the order a reader meets them."""
    tables = [criteria_table(p, thresholds, indicators, year=year, choice=choice) for p in PILLARS]
    tables += [
        map_table(
            p,
            risk,
            thresholds,
            clean=clean,
            statistics=statistics,
            regions=regions,
            indicators=indicators,
            year=year,
            choice=choice,
        )
        for p in PILLARS
    ]
    return (
        tables
        + [macro_region_table(macro_summary, regions, macro, year=year, method=method)]
        + scenario_tables(scenarios, macro)
    )


RISK_METHOD = "risk"  # in the workbook's and the document's names: tables_<year>_risk_<language>


def write_risk_tables(tables, folder, year):
    """<folder>/<language>/<name>.csv and .md, and per language tables_<year>_risk_<language>.xlsx and .docx."""
    return write_tables(tables, folder, year, method=RISK_METHOD)


RISK_TABLE_NAMES = [
    f"table{n:02d}_{p}_risk_{kind}"
    for kind, numbers in (("criteria", CRITERIA_NUMBERS), ("map", MAP_NUMBERS))
    for p, n in numbers.items()
]


def output_files(year, macro):
    """Where `write_risk_tables` writes, relative to its folder (the Makefile lists the same)."""
    names = RISK_TABLE_NAMES + ["macro_regions"]
    names += [f"table{int(m.table):02d}_{scenario_slug(m.name_en)}" for m in macro.itertuples()]
    files = [f"{lang}/{n}.{ext}" for lang in LANGUAGES for n in names for ext in ("csv", "md", "html")]
    return files + [f"tables_{year}_{RISK_METHOD}_{lang}.{ext}" for lang in LANGUAGES for ext in ("xlsx", "docx")]
