"""The check's evidence as data and its wording (issue 17, item 1): an Evidence is a catalogue key and raw values;
`sdi.publish.evidence` words it in English and Kazakh by the formats its entry's placeholders give."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdi.publish import catalogue
from sdi.publish.evidence import Wording
from sdi.reproduction.evidence import Evidence

REGIONS = {"en": {"KZ-10": "Abai", "KZ-75": "Almaty (city)"}, "kk": {"KZ-10": "Абай", "KZ-75": "Алматы қ."}}
INDICATORS = {"en": {"B4": "Poverty"}, "kk": {"B4": "Кедейлік"}}


def word(evidence, language):
    return Wording(language, regions=REGIONS[language], indicators=INDICATORS[language]).word(evidence)


def test_an_evidence_holds_its_key_and_values_and_the_keys_inside_it():
    inner = Evidence("source_statistic", statistic="median", value=76.0)
    outer = Evidence("slip_swapped", printed="67", source=inner)
    assert outer["source"] == inner and outer == Evidence("slip_swapped", printed="67", source=inner)
    assert outer.keys() == ["slip_swapped", "source_statistic"]
    assert Evidence("items", items=[inner, inner]).keys() == ["items", "source_statistic", "source_statistic"]


def test_numbers_regions_lists_and_words_in_each_language():
    share = Evidence("share_sum", code="B50", regions=["KZ-10", "KZ-75"], values=[30.76, 20.16], share=50.92)
    assert word(share, "en") == "B50 of Abai, Almaty (city): 30.76 + 20.16 = 50.92 %"
    assert word(share, "kk") == "B50 мәні (Абай, Алматы қ.): 30,76 + 20,16 = 50,92 %"
    # a printed number keeps its printed digits (8.0 stays 8.0), a computed one its format (.3f)
    opposite = Evidence("opposite_direction", opposite=8.0, printed="8.0")
    assert word(opposite, "en") == "the opposite direction gives 8.000, printed 8.0"
    assert word(opposite, "kk") == "қарама-қарсы бағыт 8,000 береді, басылғаны 8,0"
    # a count grouped, a statistic's name from the catalogue
    draws = Evidence("statistic_precision", draws=4000, statistic="std", low=1.0, high=2.0, printed="1.5")
    assert word(draws, "en").startswith(
        "with each raw value anywhere within its printed rounding (4,000 draws) the std"
    )
    assert "(4\u00a0000 таңдау) стандартты ауытқу [1,0000; 2,0000]" in word(draws, "kk")


def test_an_english_plural_a_position_an_indicator_name_and_nothing():
    one = Evidence("more_digits_than_the_table", printed="36.19", raw="36.2", decimals=1)
    two = Evidence("more_digits_than_the_table", printed="0.221", raw="0.22", decimals=2)
    assert word(one, "en").endswith("print with 1 decimal") and word(two, "en").endswith("print with 2 decimals")
    assert word(two, "kk").endswith("7–9-кестелер 2 ондық таңбамен басқан мән")
    copy = Evidence("map_copy_of_column", count=21, code="column 10", other="B51")
    assert word(copy, "en").startswith("every one of the 21 printed values of column 10 ")
    assert word(copy, "kk").startswith("10-баған: ")
    code = Evidence("code_mismatch", printed="B4", other=Evidence("code_of", code="B4"), code="B4", twice=None)
    assert word(code, "en") == "B4 is the code of Poverty; this row is Poverty (B4)"
    assert word(code, "kk") == "B4 — мына көрсеткіштің коды: Кедейлік; бұл жол — Кедейлік (B4)"


def test_every_evidence_key_the_code_names_has_an_entry_in_both_languages():
    """The keys the reproduction layer writes (`Evidence("<key>"` and `f"indicator_set_{how}"`), read from its
    source, each have a catalogue entry; the entries' placeholders agree (test_catalogue)."""
    import re
    from pathlib import Path

    import sdi.reproduction as reproduction

    source = "".join(p.read_text(encoding="utf-8") for p in Path(reproduction.__file__).parent.glob("*.py"))
    keys = set(re.findall(r'Evidence\(\s*"([a-z_0-9]+)"', source)) | {"indicator_set_with", "indicator_set_without"}
    keys |= {f"coverage_{kind}" for kind in ("gap", "boundary", "point_overlap", "overlap")}
    assert len(keys) > 70
    missing = sorted(k for k in keys if f"evidence.{k}" not in catalogue.entries())
    assert not missing


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=1, max_value=8))
def test_significant_digits_are_the_number_as_written_rounded_half_up(value, digits):
    """`catalogue.number(significant=)` is the number as written (its repr) rounded to `digits` significant digits,
    halves up (Decimal's own 'g' format in a ROUND_HALF_UP context, compared as numbers), written as Python's 'g'
    writes it: no trailing zero, and a decimal comma in Kazakh."""
    ours = catalogue.number(value, "en", significant=digits)
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        expected = Decimal(format(Decimal(repr(value)), f".{digits}g"))
    assert Decimal(ours) == expected
    mantissa = ours.split("e")[0]
    assert not ("." in mantissa and mantissa.endswith("0"))
    assert len(mantissa.replace("-", "").replace(".", "").lstrip("0")) <= digits
    assert catalogue.number(value, "kk", significant=digits) == ours.replace(".", ",")


@pytest.mark.parametrize(
    ("value", "digits", "printed"),
    [
        (38315.95, 6, "38316"),
        (44.6149, 4, "44.61"),
        (24600.8, 6, "24600.8"),
        (0.00004851, 3, "4.85e-05"),
        (0.0, 4, "0"),
    ],
)
def test_significant_digits(value, digits, printed):
    assert catalogue.number(value, "en", significant=digits) == printed
