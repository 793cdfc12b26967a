"""The check's evidence as data: what a diagnosis rests on, never worded here.

An `Evidence` is a key (the entry `evidence.<key>` of `sdi/publish/catalogue.yml`, which says it in English and
Kazakh) and the values its sentence needs, raw: numbers as computed, the dissertation's printed text as printed,
indicator codes, region ids, the names of statistics and levels as the check knows them ('mean', 'high'), other
`Evidence` and lists of them. `sdi.publish.evidence` words it in either language; the entry's placeholders say how
each value is shown there (`{value:.4g}`, `{region:region}`, `{regions:region/comma}`, ...).

A candidate explanation (`index_candidates`, `risk_candidates`) returns (diagnosis, Evidence); a statement of the
text on the risks (`risk_comparison.CLAIMS`) returns (value, Evidence).
"""

from dataclasses import dataclass


@dataclass(frozen=True, init=False)
class Evidence:
    """`Evidence("opposite_direction", opposite=8.844, printed="8.84")`: a catalogue key and its values."""

    key: str
    values: dict

    def __init__(self, key, /, **values):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", values)

    def __getitem__(self, name):
        return self.values[name]

    def keys(self):
        """The keys of this evidence and of every evidence inside it, outermost first."""
        found = [self.key]
        for value in self.values.values():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, Evidence):
                    found += item.keys()
        return found
