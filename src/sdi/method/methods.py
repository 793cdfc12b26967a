"""The two ways of computing the index, as data: which metadata columns each one reads.

`thesis` reproduces what the dissertation did: the directions it actually applied
(`direction_thesis`) and the indicators its pillar indices actually include (`in_thesis_index`).
`corrected` is the same except that each indicator's direction follows its meaning (`direction`).
"""

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotation: a method's definition needs no pandas
    import pandas as pd


@dataclass(frozen=True)
class Method:
    name: str
    direction_column: str
    include_column: str
    missing: str
    description: str
    min_coverage: float = 0.0

    def parameters(self) -> dict[str, str | float]:
        """The method's settings, for logging next to its outputs."""
        return asdict(self)


METHODS = {
    "thesis": Method(
        "thesis",
        "direction_thesis",
        "in_thesis_index",
        "worst",
        "the directions and indicator sets the dissertation applied",
    ),
    "corrected": Method(
        "corrected",
        "direction",
        "in_thesis_index",
        "worst",
        "as thesis, but every indicator's direction follows its meaning",
    ),
}


@dataclass(frozen=True)
class MissingValuePolicy:
    description: str
    description_kk: str
    score: float  # the score a missing value gets (NaN: none)
    min_coverage: float  # the share of a pillar's scores a region needs for an index


# How a missing value is treated; chosen per run (make all MISSING=...), recorded in method.json.
# The one list of policies: the Makefile's list of MISSING values is checked against it by a test.
MISSING_VALUE_POLICIES = {
    "worst": MissingValuePolicy(
        "a missing value scores 1, the worst score (the dissertation's treatment)",
        "бос мән 1 балл алады, ең төменгі балл (диссертациядағыдай)",
        1.0,
        0.0,
    ),
    "available": MissingValuePolicy(
        "a missing value gets no score; a pillar index is the mean of the scores that exist, "
        "and none is published for a region with less than 80 % of the pillar's scores "
        "(like the SDG Index)",
        "бос мән балл алмайды; тірек индексі бар балдардың орташа мәні, ал тірек балдарының "
        "80 %-нан азы бар аймаққа индекс берілмейді (ТДМ индексіндегідей)",
        float("nan"),
        0.8,
    ),
}


def get_method(name: str, missing: str = "worst") -> Method:
    """The method `name` with the run's missing-value policy."""
    if name not in METHODS:
        raise ValueError(f"unknown method {name!r}; choose one of {', '.join(METHODS)}")
    if missing not in MISSING_VALUE_POLICIES:
        raise ValueError(f"unknown missing-value policy {missing!r}; choose one of {', '.join(MISSING_VALUE_POLICIES)}")
    return replace(METHODS[name], missing=missing, min_coverage=MISSING_VALUE_POLICIES[missing].min_coverage)


def changed_directions(indicators: "pd.DataFrame") -> "pd.DataFrame":
    """The indicators whose direction differs between the methods: the thesis's and the one their meaning implies."""
    changed = indicators["direction"] != indicators["direction_thesis"]
    return indicators.loc[changed, ["code", "name_en", "direction_thesis", "direction"]]
