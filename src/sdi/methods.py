"""The two ways of computing the index, as data: which metadata columns each one reads.

`thesis` reproduces what the dissertation did: the directions it actually applied
(`direction_thesis`) and the indicators its pillar indices actually include (`in_thesis_index`).
`corrected` is the same except that each indicator's direction follows its meaning (`direction`).
"""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Method:
    name: str
    direction_column: str
    include_column: str
    missing: str
    description: str

    def parameters(self):
        """The method's settings, for logging next to its outputs."""
        return asdict(self)


METHODS = {
    "thesis": Method("thesis", "direction_thesis", "in_thesis_index", "worst",
                     "the directions and indicator sets the dissertation applied"),
    "corrected": Method("corrected", "direction", "in_thesis_index", "worst",
                        "as thesis, but every indicator's direction follows its meaning"),
}


def get_method(name):
    try:
        return METHODS[name]
    except KeyError:
        raise ValueError(f"unknown method {name!r}; choose one of {', '.join(METHODS)}") from None
