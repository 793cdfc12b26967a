"""Every word from the catalogue (issue 17, item 1): the Kazakh memo (the check's evidence included), errata_kk.csv,
the robustness report's Kazakh lines and the Kazakh site pages carry no English prose, and the Kazakh memo has every
section of the English one.

"English prose" is an English function word ("the", "and", "of", ...) outside code spans, file names and links: a
word no Kazakh sentence and no name of regions.csv or indicators.csv contains. The memo is built in memory from the
committed reference data; the site pages need the pipeline (the session build `built`, end-to-end)."""

import html
import re

import pandas as pd
import pytest
from conftest import run_2023

from sdi.inputs import cleaning
from sdi.method.methods import METHODS
from sdi.publish import catalogue, reproduction_report, robustness_report
from sdi.reproduction.check import check
from sdi.reproduction.comparison import Recomputation
from sdi.reproduction.input_audit import audit_year

FUNCTION_WORDS = re.compile(r"\b(the|and|of|is|are|which|with|for)\b", re.IGNORECASE)


def english_words(text):
    """The English function words of `text` once code spans, links' targets, file names and HTML are gone."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"`[^`]*`", " ", text)  # code spans: file names, methods' and columns' names
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's or an image's target
    text = re.sub(r"[\w./-]+\.(csv|md|png|svg|docx|xlsx|html|json|toml)\b", " ", text)
    return sorted({m.group(0).lower() for m in FUNCTION_WORDS.finditer(text)})


def test_the_check_finds_english_prose_and_passes_kazakh():
    assert english_words("Әр аймақтың ISDR деңгейі орташа: the top three") == ["the"]
    assert english_words("`errata.csv` файлында; [сурет](rank_of_the_map.png); kazstat/sdg-data-kazstat") == []
    assert english_words("<p>Бастапқы</p><script>for (const x of y) {}</script>") == []


@pytest.fixture(scope="module")
def memos(tmp_path_factory):
    """Both memos written from a check built in memory, with the robustness section (two methods' conclusions,
    from a small audit table: rendering only) and the input audit."""
    run = run_2023()
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    thesis = Recomputation(clean, run.indicators, run.regions, METHODS["thesis"]).indices
    corrected = Recomputation(clean, run.indicators, run.regions, METHODS["corrected"]).indices
    checked = check(run, clean=clean, thesis=thesis, corrected=corrected)
    table = pd.DataFrame(
        {"region_id": ["KZ-11"], "nominal_rank": [1], "median_rank": [2], "q05_rank": [1], "q95_rank": [6]}
    ).assign(p_top3=0.693)
    summary = {
        "runs": 10000,
        "minmax_runs": 3391,
        "uncertain_assumptions": ["normalisation", "aggregation", "pillar_weight_spread"],
        "share_every_isdr_medium": 0.498,
        "share_every_isdr_medium_by_aggregation": {"arithmetic": 1.0, "geometric": 0.0},
        "mean_abs_rank_shift": {"mean": 1.8, "median": 1.0, "q95": 2.9},
    }
    robust = {
        method: {
            language: robustness_report.robust_conclusions(
                table, summary, run.region_names[language], top_three={"published": ["KZ-11"]}, language=language
            )
            for language in ("en", "kk")
        }
        for method in ("thesis", "corrected")
    }
    folder = tmp_path_factory.mktemp("memos")
    reproduction_report.write_report(checked, folder, robust=robust, inputs=audit_year(run))
    written = {
        language: (folder / name).read_text(encoding="utf-8")
        for language, name in reproduction_report.MEMO_FILES.items()
    }
    errata = reproduction_report.ERRATA_FILES
    written["errata"] = pd.read_csv(folder / errata["en"], dtype=str, keep_default_na=False)
    written["errata_kk"] = pd.read_csv(folder / errata["kk"], sep=";", encoding="utf-8-sig", dtype=str)
    return written


def test_the_kazakh_memo_has_no_english_prose(memos):
    assert english_words(memos["en"])  # the check sees English where there is some
    found = {
        line: words for line in memos["kk"].splitlines() if (words := english_words(line)) and not line.startswith("#")
    }
    assert not found, "\n".join(f"{words}: {line[:160]}" for line, words in list(found.items())[:10])


def test_the_checks_evidence_is_in_kazakh_in_the_memo_and_errata_kk(memos):
    """Every correction of the Kazakh memo gives its evidence (*Себебі:*) as the English one does (*Why:*), the
    statements on the risks their detail, and errata_kk.csv an evidence column: in Kazakh, no English prose."""
    assert memos["kk"].count(" *Себебі:* ") == memos["en"].count(" *Why:* ") > 100
    assert "| дәлел " in memos["kk"] and "| detail " in memos["en"]
    assert "README.md` береді" not in memos["kk"].split("## Тәуекел карталары", 1)[0]  # no pointer for the evidence
    evidence = memos["errata_kk"]["дәлел"]
    assert len(evidence) == len(memos["errata"]) and evidence.str.len().min() > 0
    found = {e: words for e in evidence if (words := english_words(e))}
    assert not found, list(found.items())[:5]
    # a sentence of each language, worded from the same evidence: Table 20's B46, blank in two regions
    # (West Kazakhstan, Astana), printed as 0.00 (data/raw/2023/ecological.csv, table20 of the reference)
    assert "Tables 7-9 leave Astana's B46 blank; the map prints 0.00" in set(memos["errata"].evidence)
    assert "7–9-кестелерде B46 мәні Астана қ. үшін бос; картада 0,00 басылған" in set(evidence)


def test_every_evidence_entry_is_kazakh_in_kazakh():
    """The catalogue's evidence entries: Kazakh words, the English ones only in English (codes such as STDEV.S and
    the dissertation's «Орта шама» are the same in both)."""
    entries = {key: entry for key, entry in catalogue.entries().items() if key.startswith("evidence.")}
    assert len(entries) > 100

    def words_of(template):  # the words outside the placeholders (whose formats name joins: {names:/and})
        while re.search(r"\{[^{}]*\}", template):
            template = re.sub(r"\{[^{}]*\}", " ", template)
        return english_words(template)

    found = {key: words_of(entry["kk"]) for key, entry in entries.items() if words_of(entry["kk"])}
    assert not found
    assert words_of("{x:.{decimals}f} of {names:/and}") == ["of"]


def test_the_kazakh_memo_has_every_section_of_the_english_one(memos):
    """The same headings, level by level and in the same order (their words differ), and the sections the Kazakh
    memo once left to the English one are there."""

    def levels(text):
        return [line.split(" ", 1)[0] for line in text.splitlines() if re.match(r"#{1,3} ", line)]

    assert levels(memos["kk"]) == levels(memos["en"])
    for heading in (
        "## `thesis` әдісі жарияланған кестелерден не алады",
        "## Тәуекел карталары (15–20-кестелер) және тәуекелдер туралы мәтін",
        "### Түсіндірілмеген ұяшықтар неге түсіндірілмеген күйде қалады",
        "## Қай қорытындылар орнықты",
        "## Бастапқы деректер дұрыс па?",
    ):
        assert f"\n{heading}\n" in memos["kk"], heading


def test_the_kazakh_memo_writes_its_numbers_with_decimal_commas(memos):
    """Outside code spans and the verdict tables' counts, no number of the Kazakh memo has a decimal point: the
    refit's differences (Tables 10-12 print 0.050 as 0,050), the audit's shares, the input audit's values."""
    kazakh = re.sub(r"`[^`]*`", " ", memos["kk"])
    kazakh = re.sub(r"\]\([^)]*\)|[\w./-]+\.(csv|md|png)\b", " ", kazakh)
    assert not re.findall(r"\d\.\d", kazakh)
    # B8's refit as printed by the dissertation's own method: 20 of 20 negative within 0.050 (Table 10 prints
    # B8 to two decimals, so every score is within half a unit of 0.01 of the min-max score)
    assert "теріс бағыт 20 ұяшықтың 20 ұяшығын (ең үлкен айырма 0,050)" in memos["kk"]
    assert "negative 20 of 20 (largest difference 0.050)" in memos["en"]
    # the input audit's B3 (Zhambyl 7.00 in the dissertation, 5.2 on the platform: data/raw and the platform file)
    assert "диссертацияда 7,00, платформада 5,2" in memos["kk"] and "(7.00 in the dissertation, 5.2" in memos["en"]


def test_the_robustness_tables_notes_and_summary_in_kazakh():
    class Config:
        sobol_samples = 4096

    class Model:
        assumptions = ("normalisation", "aggregation", "pillar_weight_spread")

    en, kk = robustness_report.sobol_notes(Config, Model)
    # 4,096 base samples and 4,096 x (3 + 2) runs
    assert en == "4,096 base samples, 20,480 runs; 95% percentile bootstrap intervals (999 resamples)"
    assert kk.startswith("4\u00a0096 негізгі іріктеме, 20\u00a0480 есептеу; 95%") and not english_words(kk)
    indicators = pd.DataFrame(
        {
            "included": [True, True, False],
            "pillar": ["social", "social", "economic"],
            "effective_weight": [0.0163, 0.0163, 0.0],
            "flag_pillar": ["weak", "", "negative"],
            "flag_isdr": ["negative", "weak", ""],
            "flag_distribution": ["", "skewed", ""],
        }
    )
    summary = robustness_report.coherence_summary(indicators, pairs=[("B45", "B47")], language="kk")
    assert "әлеуметтік 1,63%" in summary and "енгізілген 2 көрсеткіштің 0 теріс, 1 әлсіз" in summary
    assert not english_words(summary)


def test_a_kazakh_profile_has_no_english_prose(tmp_path):
    """A Kazakh profile page built in memory from the committed tables: its units (unit_kk) and words are Kazakh;
    the English page, with its English units, is seen by the check."""
    from test_profiles import year_data

    from sdi.publish import profiles

    pages = profiles.write_profile_pages(year_data(), tmp_path, lambda title, body, language: body)
    kazakh = {
        name: english_words((tmp_path / name).read_text(encoding="utf-8"))
        for (_, lang), name in pages.items()
        if lang == "kk"
    }
    assert not {name: words for name, words in kazakh.items() if words}
    english = (tmp_path / pages[("KZ-10", "en")]).read_text(encoding="utf-8")
    assert english_words(english)


@pytest.mark.end_to_end
def test_the_kazakh_site_pages_have_no_english_prose(built):
    """The Kazakh pages: the front page, the tables, the figures, the memo, the 20 region profiles (their units from
    indicators.csv's unit_kk, their corrections from errata_kk.csv; the notebooks are English teaching material)."""
    folder = built.folder / "reports/2023/html"
    pages = sorted(folder.glob("tables_*_kk.html")) + sorted(folder.glob("figures_*_kk.html"))
    pages += [folder / "reproduction_kk.html", folder / "index_kk.html"]
    profiles = sorted(folder.glob("profile_*_kk.html"))
    assert len(pages) >= 8 and len(profiles) == 20
    pages += profiles
    found = {page.name: words for page in pages if (words := english_words(page.read_text(encoding="utf-8")))}
    assert not found
    index = (folder / "index_kk.html").read_text(encoding="utf-8")
    # the notebooks listed on the Kazakh front page by their Kazakh titles and the method in Kazakh
    assert "03 · Қалыпқа келтіру — диссертация әдісі" in index and "— thesis method" not in index
