"""The one bilingual catalogue: every word a reader sees, in English and Kazakh, read from `catalogue.yml`
(a file a translator edits, one entry `section.name: {en: ..., kk: ...}` each), and the one function that
formats a number for each language.

Region and indicator names are not in the catalogue: they come from `regions.csv` and `indicators.csv`.
"""

import string
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib.resources import files

import pandas as pd
import yaml

LANGUAGES = ("en", "kk")
CATALOGUE = "catalogue.yml"


@cache
def entries():
    """{key: {"en": text, "kk": text}} in the file's order."""
    # libyaml's loader where PyYAML was built with it (its wheels are): the same entries, ten times faster than the
    # pure-Python one, which cost a third of a second in every notebook's kernel
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(files("sdi.publish").joinpath(CATALOGUE).read_text(encoding="utf-8"), Loader=loader)


def text(key, language, /, **values):
    """The entry `key` in `language` ("en" or "kk"), its {placeholders} filled from `values`."""
    entry = entries()[key][language]
    return entry.format(**values) if values else entry


def section(name):
    """{name: (English, Kazakh)} of every entry `<name>.<key>` (e.g. `section("pillar")["social"]`), in the
    file's order: the pairs the builders pick a language from."""
    prefix = f"{name}."
    return {
        key.removeprefix(prefix): (entry["en"], entry["kk"])
        for key, entry in entries().items()
        if key.startswith(prefix) and "." not in key.removeprefix(prefix)
    }


def pair(key):
    """(English, Kazakh) of one entry."""
    return entries()[key]["en"], entries()[key]["kk"]


GRAMMAR_ONLY = {"s"}  # an English plural ending ('cell{s}'), which a Kazakh text has no use for


CASE_FORMS = {"index_lower": "index"}  # the same value in lower case, as a Kazakh sentence has it mid-sentence


def placeholders(template):
    """The names of a text's {placeholders} that carry data: what a translation must keep."""
    fields = {field for _, field, _, _ in string.Formatter().parse(template) if field} - GRAMMAR_ONLY
    return {CASE_FORMS.get(field, field) for field in fields}


THOUSANDS = {"en": ",", "kk": "\u00a0"}  # with `grouped`: 10,000 / 10 000 (a space that does not break)


def number(value, language, decimals=None, *, grouped=False, significant=None):
    """A number as `language` prints it: `decimals` fixed decimals ('16.36'; Kazakh '16,36' with the decimal
    comma the dissertation prints), or with `decimals=None` at most three decimals without trailing zeros
    ('100.5', '30'), or with `decimals="full"` every digit of the float (repr: it reads back as the same number;
    the errata's recomputed values). Blank when missing.

    Halves round away from zero on the number as written (0.415 -> 0.42), as Excel and a person round, and as
    the workbook shows the same cell: Python's own formatting rounds the binary value, 0.41499999..., down.

    `grouped`: the thousands grouped, as running text prints a count ('10,000 runs'; Kazakh '10 000').
    `significant`: that many significant digits instead of `decimals`, without trailing zeros (as Python's
    `format(value, ".4g")` shows them, halves rounded up as above): the check's evidence ('44.61', '24600.8')."""
    if value is None or pd.isna(value):
        return ""
    if significant is not None:
        text_ = _significant(value, significant)
    elif decimals == "full":
        text_ = repr(float(value))
    else:
        written = Decimal(repr(float(value)))
        rounded = written.quantize(Decimal(1).scaleb(-(3 if decimals is None else decimals)), rounding=ROUND_HALF_UP)
        text_ = f"{rounded:f}"
        if decimals is None and "." in text_:
            text_ = text_.rstrip("0").rstrip(".")
    if grouped:
        whole, point, fraction = text_.partition(".")
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("-")
        groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
        text_ = sign + THOUSANDS[language].join(groups) + point + fraction
    return text_.replace(".", ",") if language == "kk" else text_


def _significant(value, digits):
    """`value` to `digits` significant digits as Python's 'g' format writes it: fixed notation from 1e-4 to
    10**digits, else an exponent; no trailing zeros; halves rounded away from zero on the number as written."""
    written = Decimal(repr(float(value)))
    if written == 0:
        return "0"
    rounded = written.quantize(Decimal(1).scaleb(written.adjusted() - digits + 1), rounding=ROUND_HALF_UP)
    exponent = rounded.adjusted()  # 9.9996 to 4 digits is 10.00: one more place
    if -4 <= exponent < digits:
        text_ = f"{rounded:f}"
        return text_.rstrip("0").rstrip(".") if "." in text_ else text_
    mantissa = f"{rounded.scaleb(-exponent):f}"
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
