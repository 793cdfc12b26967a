"""The reproduction memo in both languages (issue 17, item 4): a Kazakh reader finds every correction of the
English memo in the Kazakh one, cell for cell; errata_kk.csv holds errata.csv's numbers with decimal commas, in
the format a Kazakh- or Russian-locale Excel opens; the headings' slips are listed; a list that is filtered says
its filter. Expected values come from the CSVs (tests/published.py), not from the code under test."""

import csv
import functools
import re
from collections import Counter

import pandas as pd
import pytest
from conftest import RAW, ROOT, run_2023
from published import REGION_IDS, raw_column

from sdi.errors import InputError
from sdi.inputs import cleaning
from sdi.inputs.metadata import load_heading_corrections, load_indicators, normalise_name
from sdi.method.methods import METHODS
from sdi.publish import reproduction_report
from sdi.reproduction.check import check
from sdi.reproduction.comparison import Recomputation

EXPECTED = ROOT / "data/reference/2023/expected_differences.csv"
LEVEL_WORDS = {"төмен": "low", "орташа": "medium", "жоғары": "high"}  # Table 14's headings in the dissertation
EMPTY = {"leave the cell empty", "ұяшықты бос қалдыру"}
WHAT = {"en": "## What to correct in the dissertation", "kk": "## Диссертацияда не түзету керек"}
TABLE = {"en": re.compile(r"### Table (\d+)$"), "kk": re.compile(r"### (\d+)-кесте$")}
WHY = {"en": " *Why:*", "kk": " *Себебі:*"}  # the check's evidence after a correction


@functools.cache
def written(folder):
    """The memo, errata and their twins written in `folder` from a check built in memory (the pipeline's
    indices are the recomputation's)."""
    run = run_2023()
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    thesis = Recomputation(clean, run.indicators, run.regions, METHODS["thesis"]).indices
    corrected = Recomputation(clean, run.indicators, run.regions, METHODS["corrected"]).indices
    checked = check(run, clean=clean, thesis=thesis, corrected=corrected)
    reproduction_report.write_report(checked, folder)
    return folder


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return written(tmp_path_factory.mktemp("memo"))


def memo(out, language):
    return (out / reproduction_report.MEMO_FILES[language]).read_text(encoding="utf-8")


def section(text, heading):
    return text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def normal(value):
    """A printed or recomputed value in one form for both languages: a decimal point, a region's id, a level's
    name, '' for an empty cell."""
    value = value.strip()
    if re.fullmatch(r"-?\d+(,\d+)?", value):
        return value.replace(",", ".")
    if value in EMPTY:
        return ""
    return LEVEL_WORDS.get(value, REGION_IDS.get(normalise_name(value), value))


TEXTS = {  # the headings of the text's statements, as the memos name them
    "Text after Table 13": "text",
    "13-кестеден кейінгі мәтін": "text",
    "Text on the risk maps": "text_risk",
    "Тәуекел карталары туралы мәтін": "text_risk",
}


def corrections(text, language):
    """Every cell of "What to correct": (table, region id, code, printed, to print); a statement of the text is
    one cell (its values may hold any words)."""
    items, table = [], None
    for line in section(text, WHAT[language]).splitlines():
        heading = TABLE[language].match(line)
        if line.startswith("### "):
            table = heading.group(1) if heading else TEXTS.get(line[4:])
        if not line.startswith("- **") or " — " not in line or table is None:
            continue
        column = line[4:].split("**", 1)[0]
        cells = line.split(" — ", 1)[1].split(WHY[language])[0].removesuffix(".")
        for cell in [cells] if table in TEXTS.values() else cells.split("; "):
            label, _, change = ("", "", cell) if table in TEXTS.values() else cell.rpartition(": ")
            printed, value = change.split(" → ", 1)
            code = re.search(r"\bB\d+\b", label) or re.search(r"^B\d+\b", column)
            region = REGION_IDS.get(normalise_name(label), "")
            items.append((table, region, code.group(0) if code else "", normal(printed), normal(value)))
    return Counter(items)


def test_a_kazakh_reader_finds_every_correction_of_the_english_memo(out):
    english, kazakh = corrections(memo(out, "en"), "en"), corrections(memo(out, "kk"), "kk")
    assert english == kazakh
    # every expected difference of Tables 7-20 that needs a change is a cell of the list, and no other
    rows = list(csv.DictReader(EXPECTED.open(encoding="utf-8")))
    to_change = [r for r in rows if r["diagnosis"] != "input_precision"]
    assert sum(english.values()) == len(to_change)
    assert {(t, r, c) for t, r, c, _, _ in english} >= {
        (r["table"], r["region_id"], r["indicator"])
        for r in to_change
        if r["indicator"].startswith("B") and r["table"].isdigit()
    }


def test_each_correction_is_as_the_author_finds_it(out):
    kazakh, english = section(memo(out, "kk"), WHAT["kk"]), section(memo(out, "en"), WHAT["en"])
    x = raw_column("social", "B1")
    lo, hi = min(v for v in x.values() if v is not None), max(v for v in x.values() if v is not None)
    score = 1 + 8 * (x["KZ-10"] - lo) / (hi - lo)  # B1's direction as the rest of Table 10 scores it
    b1 = next(line for line in kazakh.splitlines() if line.startswith("- **B1 «"))
    assert b1.startswith("- **B1 «2019 жылдан 2023 жылға дейін санның өзгеруі, %»**")  # code and name, not "column"
    assert f"Абай: 8,84 → {score:.2f}".replace(".", ",") in b1
    assert f"Abai: 8.84 → {score:.2f}" in english
    # the check's evidence in each language, the first cell's: Abai's B1 scored the other way is 10 - score
    opposite = 10 - score
    english_b1 = next(line for line in english.splitlines() if line.startswith("- **B1 ("))
    assert english_b1.endswith(
        f"*Why:* the opposite direction gives {opposite:.3f}, printed 8.84 (the first cell; the others alike)."
    )
    kazakh_opposite = f"{opposite:.3f}".replace(".", ",")
    assert b1.endswith(
        f"*Себебі:* қарама-қарсы бағыт {kazakh_opposite} береді, басылғаны 8,84 (бірінші ұяшық; қалғандары да солай)."
    )
    # nothing to print: the cell is left empty, in words
    assert "ұяшықты бос қалдыру" in kazakh and "leave the cell empty" in english and "→ none" not in english
    assert not re.search(r"\d\.\d", kazakh.replace("`", "")), "a decimal point in the Kazakh corrections"


def test_differences_that_need_no_change_are_apart(out):
    for language, heading in (("en", "## Differences that need no correction"), ("kk", "## Түзетуді қажет етпейтін")):
        text = memo(out, language)
        what = section(text, WHAT[language])
        apart = text.split(f"\n{heading}", 1)[1].split("\n## ", 1)[0]
        assert "B19" not in what and "B19" in apart  # Table 7's skewness of B19: the rounding of the inputs
        assert "B34" in apart


def test_the_headings_slips_are_listed_as_corrections(out):
    rows = list(csv.DictReader((RAW / "heading_corrections.csv").open(encoding="utf-8")))
    names = {r["code"]: r["name_kk"] for r in csv.DictReader((RAW / "indicators.csv").open(encoding="utf-8"))}
    assert {("B22", "еркетердің", "ерлердің"), ("B26", "қамтығандардың", "қамтылғандардың")} <= {
        (r["code"], r["as_printed"], r["should_read"]) for r in rows
    }
    for language in ("en", "kk"):
        what = section(memo(out, language), WHAT[language])
        for r in rows:
            assert r["as_printed"] in names[r["code"]]  # the transcription keeps the heading as printed
            assert f"**{r['code']}**: «{r['as_printed']}» → «{r['should_read']}»" in what


def test_a_filtered_list_says_its_filter(out):
    for language, pattern in (
        ("en", r"Regions whose rank moves by 3 places or more: (\d+) of the (\d+) that move"),
        ("kk", r"Рейтингтегі орны 3 немесе одан көп орынға ауысатын аймақтар: орны ауысатын (\d+) аймақтың (\d+)"),
    ):
        text = memo(out, language)
        found = re.search(pattern, text)
        shown, moving = (
            (int(found.group(1)), int(found.group(2)))
            if language == "en"
            else (
                int(found.group(2)),
                int(found.group(1)),
            )
        )
        table = text[found.end() :].split("\n\n", 2)[1].splitlines()
        assert len(table) - 2 == shown < moving
    # the conclusions name a group's regions only when it is small, and say so
    for language, filter_ in (("en", "(named when 9 or fewer)"), ("kk", "(аймақтар 9 немесе одан аз болса, аталады)")):
        groups = [line for line in memo(out, language).splitlines() if " / " in line and line.startswith("- ")]
        assert len(groups) == 3 and all(filter_ in line for line in groups)
    # the regions that move are those whose ISDR rank Table 13 is to correct
    table13 = section(memo(out, "en"), WHAT["en"]).split("### Table 13\n", 1)[1].split("\n### ", 1)[0]
    isdr = next(line for line in table13.splitlines() if line.startswith("- **ISDR rank**"))
    assert moving == isdr.count(" → ")


def test_errata_kk_holds_the_errata_numbers_with_decimal_commas_for_excel(out):
    raw = (out / "errata_kk.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, so that Excel reads UTF-8
    english = pd.read_csv(out / "errata.csv", dtype=str, keep_default_na=False)
    kazakh = pd.read_csv(out / "errata_kk.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(kazakh) == len(english) and len(kazakh.columns) == 12
    columns = dict(zip(["table", "region_id", "region", "indicator", "indicator_name", "statistic"], kazakh.columns))
    for key in ("table", "region_id", "indicator", "statistic"):
        assert list(kazakh[columns[key]]) == list(english[key])
    regions = [REGION_IDS.get(normalise_name(n), "") for n in kazakh[columns["region"]]]
    assert regions == list(english.region_id)
    for position, name in ((6, "published"), (7, "recomputed"), (8, "recomputed_as_printed")):
        for kk, en in zip(kazakh.iloc[:, position], english[name]):
            assert "." not in kk or not re.fullmatch(r"-?\d+\.\d+", kk)
            if re.fullmatch(r"-?\d+(,\d+)?(e-?\d+)?", kk):
                assert float(kk.replace(",", ".")) == float(en), (name, kk, en)
    assert "Абай" in set(kazakh[columns["region"]])
    # a statistics row's cell is named by its indicator, in Kazakh as indicators.csv writes it
    name_kk = {r["code"]: r["name_kk"] for r in csv.DictReader((RAW / "indicators.csv").open(encoding="utf-8"))}
    seven = kazakh[kazakh[columns["table"]] == "7"]
    assert [f"{c} «{name_kk[c]}»" for c in seven[columns["indicator"]]] == list(seven[columns["indicator_name"]])
    # the check's evidence, in Kazakh, beside the cause: every row has it, none in English
    evidence = kazakh[kazakh.columns[-1]]
    assert kazakh.columns[-2:].tolist() == ["себебі", "дәлел"] and (evidence != "").all()
    assert (evidence != english.evidence).all()
    assert not any(re.search(r"\b(the|of|and|is)\b", e) for e in evidence)


def test_a_heading_correction_that_no_longer_matches_stops_with_one_line(tmp_path):
    path = tmp_path / "heading_corrections.csv"
    text = (RAW / "heading_corrections.csv").read_text(encoding="utf-8")
    path.write_text(text.replace("B22,еркетердің,", "B22,еркектердің,"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_heading_corrections(path, load_indicators(RAW / "indicators.csv"))
    message = str(raised.value)
    assert "\n" not in message and "row 6" in message and "is not in B22's name_kk" in message


def test_every_risk_correction_is_listed_table_by_table_in_words(out):
    """(Moved from test_risk_comparison: the corrections are rendered from the whole check.)"""
    rows = [r for r in csv.DictReader(EXPECTED.open(encoding="utf-8")) if r["diagnosis"] != "input_precision"]
    what = section(memo(out, "en"), WHAT["en"])
    risk = "\n### Table 15\n" + what.split("\n### Table 15\n", 1)[1]
    tables = [line[4:] for line in risk.splitlines() if line.startswith("### ")]
    assert tables == [f"Table {n}" for n in range(15, 21)] + ["Text on the risk maps"]
    lines = [line for line in risk.splitlines() if line.startswith("- **")]
    # one line per table, cause and column (a band's bound, a map column, a statement): none left out
    groups = {
        (r["table"], r["diagnosis"], r["indicator"], r["statistic"])
        for r in rows
        if r["table"] in {str(n) for n in range(15, 21)} | {"text_risk"}
    }
    assert len(lines) == len(groups)
    assert not [line for line in lines if re.search(r"_lower|_upper|_national|_high_risk|_medium\b|\.\.", line)]
    # Table 15 prints 4.6 as the high band's upper bound of poverty (B3); the map above Table 18 cuts it at 5.6
    assert (
        "- **B3 (Poverty rate), upper bound of the high-risk band**: the criteria give another bound than the map; "
        "print the map's bound — 4.6 → 5.6. *Why:* Table 15 prints 4.6;"
    ) in risk
    assert "- **Almaty (city) has high unemployment" in risk
