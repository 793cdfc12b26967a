"""The reproduction memo's corrections in each language: what to change in the dissertation, cell by cell, as
the author finds it (the table's number, the region as printed, the indicator's code and name, the printed value
→ the value to print, or «leave the cell empty»); the differences that need no change, apart; the slips of the
Kazakh indicator headings (`data/raw/heading_corrections.csv`); and the errata's Kazakh twin, `errata_kk.csv`.

Every word comes from the catalogue (`memo.*` entries), every number through `catalogue.number`, region and
indicator names from `regions.csv` / `indicators.csv`. Rendering only: the cells and their causes are the
check's (`sdi.reproduction.check`); each group's evidence, which the check gives as data, is worded in the memo's
language by `sdi.publish.evidence`.
"""

from decimal import Decimal, InvalidOperation

import pandas as pd

from sdi.inputs.metadata import region_names
from sdi.io import atomic_path
from sdi.publish import catalogue
from sdi.publish.evidence import Wording
from sdi.publish.labels import LEVEL_LABELS, PILLAR_LABELS, STAT_LABELS, pick
from sdi.reproduction.diagnosis import causes_in_order
from sdi.reproduction.published_risk_maps import read_criteria, read_maps
from sdi.reproduction.published_tables import STATS_TABLES

# a statement of the text on the risks: in English what the check reads it as (its full stop dropped before the
# memo's colon), in Kazakh the dissertation's sentence as printed: {language: (column, characters stripped)}
CLAIM_WORDING = {"en": ("meaning", "."), "kk": ("printed", "")}
NO_CORRECTION = {"input_precision"}  # a difference the rounding of the printed inputs explains: nothing to change
BOUNDS = {f"{level}_{end}" for level in ("high", "medium", "low") for end in ("lower", "upper")}
PRINTED_ROWS = ("mean", "median", "standard")  # the risk maps' statistics rows, named as printed
TEXT_TABLES = ("text", "text_risk")
EXCEL_CSV = {"sep": ";", "encoding": "utf-8-sig"}  # what a Kazakh- or Russian-locale Excel opens as a table


def t(key, language, /, **values):
    return catalogue.text(f"memo.{key}", language, **values)


def listing(items, language):
    """'a, b and c' / 'a, b және c'."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return t("list", language, first=", ".join(items[:-1]), last=items[-1])


def table_name(table, language):
    """'Table 10' / '10-кесте'; the text after Table 13 and the text on the risk maps by their names."""
    if table in TEXT_TABLES:
        return t(f"table_name.{table}", language)
    return t("table_name.table", language, number=table)


def printed_decimals(printed):
    """The decimals of a printed number ('5.6' -> 1, '17' -> 0); None for text."""
    try:
        exponent = Decimal(str(printed).strip()).as_tuple().exponent
    except InvalidOperation:
        return None
    return max(0, -exponent) if isinstance(exponent, int) else None


def _whole(statistic):
    return statistic == "rank" or statistic.endswith("_count")


class Words:
    """What the memo needs to name things in one language: regions, indicators, levels, printed headings."""

    def __init__(self, check, language):
        self.language = language
        self.regions = region_names(check.rec.regions, language)
        indicators = check.rec.indicators
        self.indicators = dict(zip(indicators.code, indicators[f"name_{language}"]))
        self.claims = dict(check.claim_names)
        if check.risk is not None:
            claims = check.risk.rec.claims
            # the Kazakh memo quotes the dissertation's own sentence; the English one says what it states
            column, stripped = CLAIM_WORDING[language]
            self.claims.update({c: w.rstrip(stripped) if stripped else w for c, w in claims[column].items()})
        self.printed_headings = _printed_headings(check.reference) if check.risk is not None else {}
        self.evidence = Wording(language, regions=self.regions, indicators=self.indicators)

    def region(self, region_id):
        return self.regions.get(region_id, region_id) if isinstance(region_id, str) else ""

    def indicator(self, code, table=None):
        """'B12 «name»', or a column or row of `table` without a code by its position and printed heading."""
        if code in self.indicators:
            return t("indicator", self.language, code=code, name=self.indicators[code])
        if (str(table), code) in self.printed_headings:
            kind, number = code.split()
            return t(f"unnamed_{kind}", self.language, number=number, heading=self.printed_headings[(str(table), code)])
        return code

    def claim(self, claim):
        key = f"memo.claim.{claim}"
        if self.language == "kk" and key in catalogue.entries():
            return catalogue.text(key, "kk")
        if key in catalogue.entries():
            return catalogue.text(key, "en")
        return self.claims.get(claim, claim)

    def value(self, value, printed, statistic):
        """A value as the dissertation prints it in this language: ranks and counts whole, numbers at the
        printed decimals (decimal comma in Kazakh), a region id as its name, a level in words; '' for none."""
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, str):
            if value in self.regions:
                return self.regions[value]
            if value in LEVEL_LABELS and statistic in ("level",) + tuple(f"{s}_all_level" for s in PILLAR_LABELS):
                return pick(LEVEL_LABELS[value], self.language).lower()
            number = _as_number(value)
            if number is None:
                return value
            value = number
        if _whole(statistic):
            return catalogue.number(round(float(value)), self.language, 0)
        decimals = printed_decimals(printed)
        text = catalogue.number(float(value), self.language, 4 if decimals is None else decimals)
        return text.lstrip("-") if float(text.replace(",", ".")) == 0 else text  # no '-0.00'

    def printed(self, printed, statistic):
        """A printed value as the author finds it: its digits, with the decimal comma in Kazakh."""
        number = _as_number(printed)
        if number is None:
            return self.value(printed, printed, statistic)
        return catalogue.number(number, self.language, printed_decimals(printed))


def _as_number(text):
    try:
        return float(str(text).strip())
    except ValueError:
        return None


def _printed_headings(reference):
    """{(table, 'column 10'): its printed heading, (table, 'row 9'): its printed name}: a map's column or a
    criteria table's row that is no indicator of Tables 7-9, to be named as the author finds it."""
    maps, criteria = read_maps(reference), read_criteria(reference)
    found = {(str(r.table), f"column {r.column}"): str(r.printed) for r in maps[maps.kind == "header"].itertuples()}
    found.update({(str(r.table), f"row {r.row}"): str(r.indicator_name) for r in criteria.itertuples()})
    return found


def group_key(row):
    """Cells listed together: a statistics row's cells with one cause; a column's (an indicator's, an index's, a
    rank's, a level's, a band's bound) cells with one cause; each statement of the text alone."""
    return row.table, row.diagnosis, "" if row.table in STATS_TABLES else row.indicator, row.statistic


def column_words(cells, words):
    """What the group's cells are, as the author finds them: 'B12 «name»', '«Асимметрия» row', 'ISDR rank',
    'B3 «name», upper bound of the high-risk band', a statement of the text."""
    first, language = cells.iloc[0], words.language
    table, indicator, statistic = first.table, first.indicator, first.statistic
    if table in TEXT_TABLES:
        return words.claim(statistic)
    if table in STATS_TABLES:
        return t("statistics_row", language, row=pick(STAT_LABELS.get(statistic, (statistic, statistic)), language))
    if indicator in PILLAR_LABELS:
        return index_column(indicator, statistic, language)
    named = words.indicator(indicator, table)
    if statistic in BOUNDS:
        return t("bound", language, indicator=named, bound=t(f"bound.{statistic}", language))
    if statistic in PRINTED_ROWS:
        return t("printed_row", language, indicator=named, row=t(f"printed_row.{statistic}", language))
    if statistic == "code":
        return t("code_row", language, indicator=named)
    return named


def index_column(indicator, statistic, language):
    """'Social sustainability index', 'ISDR rank', 'Экологиялық тұрақтылық деңгейі': a column of Tables 10-14."""
    if indicator == "isdr":
        return t(f"column.isdr_{statistic}", language)
    return t(f"column.{statistic}", language, index=pick(PILLAR_LABELS[indicator], language))


def cell_words(cell, words):
    """'Абай: 8,84 → 1,16', 'B43 «name»: 24600,8 → 1,1', or '108,9 → 106,7' for a cell with nothing to name."""
    language = words.language
    printed = words.printed(cell.published, cell.statistic)
    value = words.value(cell.recomputed, cell.published, cell.statistic)
    change = t("change", language, printed=printed, value=value or t("leave_empty", language))
    if cell.table in STATS_TABLES:
        return t("cell", language, where=words.indicator(cell.indicator), change=change)
    if isinstance(cell.region_id, str) and cell.region_id:
        return t("cell", language, where=words.region(cell.region_id), change=change)
    return change


def _cause(cells, words):
    first = cells.iloc[0]
    raw_table = RAW_TABLE.get(first.table)
    if first.diagnosis == "different_statistic" and first.statistic not in STAT_LABELS:
        # a map's statistics row or a statement of the text: no row label of Tables 7-9 to name
        return t("cause.different_statistic_elsewhere", words.language)
    return t(
        f"cause.{first.diagnosis}",
        words.language,
        raw_table=table_name(raw_table, words.language) if raw_table else t("raw_tables", words.language),
        statistic=pick(STAT_LABELS.get(first.statistic, (first.statistic, first.statistic)), words.language).lower(),
    )


RAW_TABLE = {"7": "7", "8": "8", "9": "9", "10": "7", "11": "8", "12": "9"}  # where a table's raw values are printed


def correction_line(cells, words, *, evidence=True):
    """One Markdown bullet: the column in bold, what to do, every cell 'printed → to print'; then the check's
    evidence after *Why:* (that of the first cell, saying so when the others' differs)."""
    line = t(
        "line",
        words.language,
        column=column_words(cells, words),
        cause=_cause(cells, words),
        cells="; ".join(cell_words(c, words) for c in cells.itertuples()),
    )
    if evidence:
        found = list(dict.fromkeys(words.evidence.word(e) for e in cells.evidence))
        why = found[0] if len(found) == 1 else t("first_of_many", words.language, evidence=found[0])
        line += " " + t("why", words.language, evidence=why.rstrip("."))
    return line


def _column_order(indicator_order):
    """Where a group goes in its table: the raw tables' and scores' columns in the dissertation's order, then
    the index, its rank and the level."""

    def order(key):
        _, _, indicator, statistic = key
        if indicator in indicator_order:
            return indicator_order[indicator]
        extra = ["index", "rank", "level"]
        return len(indicator_order) + (extra.index(statistic) if statistic in extra else len(extra))

    return order


def grouped(errata, table_names, words, *, keep):
    """[(table, [groups of cells])] in the dissertation's order of tables (`table_names`) and of columns;
    `keep(diagnosis)` picks the groups."""
    order = _column_order({code: i for i, code in enumerate(words.indicators)})
    out = []
    for table in table_names:
        mine = errata[(errata.table == table) & errata.diagnosis.map(keep)]
        if mine.empty:
            continue
        keys = pd.Series([group_key(r) for r in mine.itertuples()], index=mine.index, dtype=object)
        groups = sorted(mine.groupby(keys, sort=False), key=lambda group: order(group[0]))  # stable
        out.append((table, [cells for _, cells in groups]))
    return out


def decimal_ranks(published, language):
    """{table: line} where the dissertation prints whole ranks with a decimal (17.0): print them whole."""
    if published is None:
        return {}
    ranks = published[(published.statistic == "rank") & published.published.astype(str).str.contains(r"\.", regex=True)]
    lines = {}
    for table, cells in ranks.groupby("table", sort=False):
        columns = [mid_sentence(index_column(i, "rank", language)) for i in dict.fromkeys(cells.indicator)]
        example = cells.published.iloc[0]
        lines[table] = t(
            "decimal_ranks",
            language,
            columns=listing(columns, language),
            printed=catalogue.number(float(example), language, printed_decimals(example)),
            value=catalogue.number(float(example), language, 0),
        )
    return lines


def verdicts(summary, language, *, names=table_name):
    """The verdict per table as a Markdown table in `language`; `names(table, language)` names a table."""
    out = summary.assign(
        table=[names(t_, language) for t_ in summary.table],
        verdict=[t(f"verdict.{v.replace(' ', '_')}", language) for v in summary.verdict],
    )
    return out.rename(columns={c: t(f"summary_column.{c}", language) for c in out.columns}).to_markdown(index=False)


def causes(errata, language, *, names=table_name):
    """Each cause with the cells it explains and the tables it explains them in, the most frequent first, as a
    Markdown table in `language` ('None.' when there is none); `names(table, language)` names a table."""
    rows = [
        {
            t("causes_column.cause", language): t(f"diagnosis.{d}", language),
            t("causes_column.cells", language): int((errata.diagnosis == d).sum()),
            t("causes_column.tables", language): ", ".join(
                names(table, language)
                for table in sorted(
                    set(errata.table[errata.diagnosis == d]), key=lambda x: (not x.isdigit(), x.zfill(2))
                )
            ),
        }
        for d in causes_in_order(errata)
    ]
    return pd.DataFrame(rows).to_markdown(index=False) if rows else t("none", language)


ARGUMENT_SUFFIX = {"en": "", "kk": "_kk"}  # the argument's file in each language: unexplained.md, unexplained_kk.md


def unexplained_argument(note, language, *, file):
    """The written argument for the unexplained cells in `language` (`note`: {language: text}), or the line
    saying where to write it (`file`: the English argument's path, e.g. `data/reference/2023/unexplained.md`)."""
    if (note or {}).get(language):
        return note[language]
    stem, _, suffix = file.rpartition(".")
    return t("no_argument", language, file=f"{stem}{ARGUMENT_SUFFIX[language]}.{suffix}")


def percent(share, language, decimals=0):
    """A share as a percentage: '50%' ('{share}%' in the catalogue); `decimals` printed."""
    return t("percent", language, value=catalogue.number(100 * share, language, decimals))


def mid_sentence(name):
    """A column's name inside a sentence: 'social sustainability rank', but 'ISDR rank'."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def heading_lines(headings, language):
    """One bullet per slip of a Kazakh indicator heading: the indicator, the words as printed → as they should
    read, where the heading is printed, and why."""
    lines = []
    for r in headings.itertuples():
        tables = r.tables.split("|")
        where = t(
            "heading_where",
            language,
            tables=listing(tables, language) if language == "en" else ", ".join(tables),
            lines=", ".join(r.lines.split("|")),
            s="s" if len(tables) > 1 else "",
        )
        lines.append(
            t(
                "heading_line",
                language,
                code=r.code,
                printed=r.as_printed,
                should=r.should_read,
                where=where,
                evidence=getattr(r, f"evidence_{language}"),
            )
        )
    return lines


def what_to_correct(check, language, *, headings, table_names):
    """The memo's "What to correct" body in `language`: Markdown lines, the headings' slips first, then table
    by table every cell to change."""
    words = Words(check, language)
    lines = []
    if len(headings):
        lines += [f"### {t('headings_title', language)}", "", t("headings_intro", language), ""]
        lines += [f"- {line}" for line in heading_lines(headings, language)] + [""]
    presentation = decimal_ranks(check.published, language)
    groups = dict(grouped(check.all_errata, table_names, words, keep=lambda d: d not in NO_CORRECTION))
    for table in table_names:
        items = ([presentation[table]] if table in presentation else []) + [
            correction_line(cells, words) for cells in groups.get(table, [])
        ]
        if items:
            lines += [f"### {table_name(table, language)}", ""] + [f"- {item}" for item in items] + [""]
    return lines


def no_correction(check, language, *, table_names):
    """The differences that need no change, table by table, in the same form as the corrections."""
    words = Words(check, language)
    lines = []
    for table, groups in grouped(check.all_errata, table_names, words, keep=lambda d: d in NO_CORRECTION):
        lines += [f"### {table_name(table, language)}", ""]
        lines += [f"- {correction_line(cells, words)}" for cells in groups] + [""]
    return lines


def errata_twin(errata, check, language):
    """The errata for a reader of `language` (errata.csv, errata_kk.csv): the codes kept (table, region_id,
    indicator, statistic, diagnosis) for a program, beside them the region's name and what the column is (the
    indicator's code and name, a row or a band, a statement), the printed value and the value to print as the
    author finds them, the recomputed value at full precision; then (in Kazakh) the cause in words, and the check's
    evidence in the reader's language. Column headings from the catalogue."""
    words = Words(check, language)
    out = pd.DataFrame(
        {
            "table": errata.table,
            "region_id": errata.region_id,
            "region": [words.region(r) for r in errata.region_id],
            "indicator": errata.indicator,
            # a cell of a statistics row is named by its indicator (the row is in `statistic`), any other as in the memo
            "indicator_name": [
                words.indicator(errata.indicator.iat[i])
                if errata.table.iat[i] in STATS_TABLES
                else column_words(errata.iloc[[i]], words)
                for i in range(len(errata))
            ],
            "statistic": errata.statistic,
            "published": [words.printed(p, s) for p, s in zip(errata.published, errata.statistic)],
            "recomputed": [
                v if isinstance(v, str) or v is None else catalogue.number(v, language, "full")
                for v in errata.recomputed
            ],
            "recomputed_as_printed": [
                words.value(v, p, s) for v, p, s in zip(errata.recomputed, errata.published, errata.statistic)
            ],
            "diagnosis": errata.diagnosis,
        }
    )
    if language != "en":
        out["cause"] = [t(f"diagnosis.{d}", language) for d in errata.diagnosis]
    out["evidence"] = [words.evidence.word(e) for e in errata.evidence]
    return out.rename(columns={c: t(f"errata_column.{c}", language) for c in out.columns})


def write_excel_csv(df, path):
    """A CSV a Kazakh- or Russian-locale Excel opens as a table: semicolon-separated, UTF-8 with a BOM (without
    it Excel reads the Cyrillic as another code page), '\\n' line ends."""
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, lineterminator="\n", **EXCEL_CSV)
    return path
