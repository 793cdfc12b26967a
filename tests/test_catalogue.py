"""The bilingual catalogue: every key in both languages with the same placeholders; the number format."""

import math

import pytest
import yaml

from sdi.publish import catalogue


def test_every_entry_has_both_languages_and_nothing_else():
    for key, entry in catalogue.entries().items():
        assert set(entry) == {"en", "kk"}, key
        for language in ("en", "kk"):
            assert entry[language] not in (None, "", []), (key, language)


def test_a_translation_keeps_the_placeholders_and_the_number_of_headings():
    for key, entry in catalogue.entries().items():
        en, kk = entry["en"], entry["kk"]
        if isinstance(en, list):
            assert isinstance(kk, list) and len(kk) == len(en), key
            continue
        assert catalogue.placeholders(en) == catalogue.placeholders(kk), key


def test_no_key_is_written_twice(tmp_path):
    """YAML keeps the last of two equal keys silently: a second entry would hide the first."""
    path = catalogue.files("sdi.publish").joinpath(catalogue.CATALOGUE)
    keys = [
        line.split(":")[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith((" ", "#", "-"))
    ]
    assert len(keys) == len(set(keys)) == len(catalogue.entries())


def test_section_and_text_read_the_file():
    text = "\n".join(
        ["pillar.social:", "  en: Social sustainability", "  kk: Әлеуметтік тұрақтылық"],
    )
    expected = yaml.safe_load(text)["pillar.social"]
    assert catalogue.section("pillar")["social"] == (expected["en"], expected["kk"])
    assert catalogue.text("table.word.index", "kk", pillar="P", key="K") == "P индексі, K"


@pytest.mark.parametrize(
    ("value", "language", "decimals", "printed"),
    [
        (16.356, "en", 2, "16.36"),
        (16.356, "kk", 2, "16,36"),
        (3.0, "kk", 0, "3"),
        (100.5, "kk", None, "100,5"),
        (30.0, "en", None, "30"),
        (0.12345, "en", None, "0.123"),
        ((0.41 + 0.42) / 2, "en", 2, "0.42"),  # a median of two printed values: the half rounds up, as in Excel
        (2.675, "kk", 2, "2,68"),  # binary 2.67499999...: Python's format would print 2.67
        (-1.005, "en", 2, "-1.01"),
        (None, "kk", 2, ""),
        (math.nan, "en", 1, ""),
    ],
)
def test_a_number_as_each_language_prints_it(value, language, decimals, printed):
    assert catalogue.number(value, language, decimals) == printed
