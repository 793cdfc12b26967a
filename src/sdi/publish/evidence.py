"""The check's evidence in words, in English or Kazakh: an `sdi.reproduction.evidence.Evidence` (a key and raw
values) worded by its catalogue entry `evidence.<key>`, whose placeholders say how each value is shown:

- a number: `{x:.4g}` (significant digits), `{x:g}` (six), `{x:.3f}` (decimals), `{x:,}` (a count, grouped),
  all through `catalogue.number` (a decimal comma in Kazakh);
- `{x:printed}`: the dissertation's printed text, its digits as printed (a decimal comma in Kazakh);
- `{x:region}`: a region id as the region's name (regions.csv); `{x:name}`: an indicator code as its name
  (indicators.csv); `{x:code}`: an indicator code, or a map's column or a criteria row that has none by its
  position ('column 10' as `evidence.position.column`);
- `{x:word.<section>}`: a name the check uses ('mean', 'high', 'negative') as the entry `evidence.<section>.<x>`;
- `{x:value}`: whatever the check compares (a region, a level, a number to four significant digits);
- `{x:s}`: the English plural ending of a count (nothing in Kazakh, which has no use for it);
- another Evidence, worded in turn; a list: its items in the item's format, joined by `evidence.join.<name>`
  (`{regions:region/comma}`, `{parts:printed/plus}`); `None` or "" is nothing.
"""

import re
import string
from decimal import Decimal, InvalidOperation

import numpy as np

from sdi.inputs.metadata import region_names
from sdi.publish import catalogue
from sdi.reproduction.evidence import Evidence

KEY = "evidence.{}"
POSITION = re.compile(r"(column|row) (\d+)")  # a column or row of a published table without an indicator code
SIGNIFICANT = 6  # Python's 'g' without a precision


def _decimals(text):
    """The decimals of a printed number ('5.6' -> 1, '17' -> 0); None for text that is no number."""
    try:
        exponent = Decimal(str(text).strip()).as_tuple().exponent
    except InvalidOperation:
        return None
    return max(0, -exponent) if isinstance(exponent, int) else None


class Wording(string.Formatter):
    """Words evidence in `language`: `Wording("kk", regions={id: name}, indicators={code: name}).word(evidence)`."""

    def __init__(self, language, *, regions, indicators):
        super().__init__()
        self.language = language
        self.regions = regions
        self.indicators = indicators

    def word(self, evidence):
        """The evidence as a sentence (or a part of one) in this language."""
        template = catalogue.entries()[KEY.format(evidence.key)][self.language]
        return self.vformat(template, (), evidence.values)

    def format_field(self, value, format_spec):
        item, _, join = format_spec.partition("/")
        if isinstance(value, (list, tuple)):
            separator = catalogue.entries()[KEY.format(f"join.{join or 'comma'}")][self.language]
            return separator.join(self.format_field(v, item) for v in value)
        return self._one(value, item)

    def _entry(self, section, name):
        return catalogue.entries()[KEY.format(f"{section}.{name}")][self.language]

    def _one(self, value, spec):
        if isinstance(value, Evidence):
            return self.word(value)
        if value is None or (isinstance(value, str) and value == ""):
            return ""
        if spec == "s":
            return "" if self.language != "en" or round(float(value), 2) == 1 else "s"
        if spec == "region":
            return self.regions.get(value, value)
        if spec == "name":
            return self.indicators.get(value, value)
        if spec == "code":
            position = POSITION.fullmatch(str(value))
            return self._entry("position", position[1]).format(number=position[2]) if position else str(value)
        if spec == "printed":
            return self._printed(value)
        if spec.startswith("word."):
            return self._entry(spec.removeprefix("word."), value)
        if spec == "value":
            return self._value(value)
        if spec:
            return self._number(value, spec)
        return str(value)

    def _printed(self, text):
        decimals = _decimals(text)
        return str(text) if decimals is None else catalogue.number(float(text), self.language, decimals)

    def _value(self, value):
        """A value the check compares: a region by its name, a level in words, a number to 4 significant digits."""
        if isinstance(value, str):
            if value in self.regions:
                return self.regions[value]
            if KEY.format(f"level.{value}") in catalogue.entries():
                return self._entry("level", value)
            return value
        if isinstance(value, (bool, int, np.integer)):
            return catalogue.number(int(value), self.language, 0)
        return catalogue.number(float(value), self.language, significant=4)

    def _number(self, value, spec):
        """A number by a format spec of Python's: ',' (grouped count), '.3f', '.4g', 'g'."""
        if spec == ",":
            return catalogue.number(value, self.language, 0, grouped=True)
        precision = spec.lstrip(".")[:-1]
        if spec.endswith("f"):
            return catalogue.number(value, self.language, int(precision))
        if spec.endswith("g"):
            return catalogue.number(value, self.language, significant=int(precision) if precision else SIGNIFICANT)
        raise ValueError(f"unknown format {spec!r} in an evidence entry")


def wording(regions, indicators, language):
    """The `Wording` of `language` with the names of regions.csv and indicators.csv (as read by `sdi.inputs`)."""
    return Wording(
        language,
        regions=region_names(regions, language),
        indicators=dict(zip(indicators["code"], indicators[f"name_{language}"])),
    )
