"""Why a published number differs: the candidate explanations of its kind, tried in order.

For every mismatched row of the compared table, `diagnose` tries the candidates listed for the row's
`kind` (`CANDIDATES`: those of `index_candidates` for Tables 7-14 and of `risk_candidates` for Tables
15-20) and keeps the first that fits, with its evidence; when none fits, the row is `unexplained`, with
the evidence `NO_FIT` gives for its kind. Evidence is data (`evidence.Evidence`), worded by
`sdi.publish.evidence`. The engine knows nothing about any kind or table: new kinds
and candidates are added to those lists.
"""

from dataclasses import dataclass, field

import pandas as pd

from sdi.reproduction import index_candidates, risk_candidates
from sdi.reproduction.evidence import Evidence

# every kind of printed number has its own list; the two modules' kinds are distinct
CANDIDATES = {**index_candidates.CANDIDATES, **risk_candidates.CANDIDATES}
NO_FIT = {**index_candidates.NO_FIT, **risk_candidates.NO_FIT}

ERRATA_COLUMNS = ["table", "region_id", "indicator", "statistic", "published", "recomputed", "diagnosis", "evidence"]

DIAGNOSES = {
    "copy_of_column": "the published column is a copy of another column",
    "raw_values": "the published cell is the raw value, not its score",
    "opposite_direction": "the published score uses the opposite direction",
    "other_bounds": "min-max scaling with other bounds than the regions' min and max",
    "input_precision": "follows from raw inputs printed with too few digits",
    "duplicated_raw_value": "the printed raw value is another region's; the score was computed from a different one",
    "different_statistic": "the printed statistic is a different statistic than its label",
    "different_indicator_set": "the pillar index is the mean of a different set of indicators",
    "propagated": "consistent with the published numbers it is computed from (the error is upstream)",
    "classification": "the class disagrees with the stated thresholds",
    "text_vs_table": "the text disagrees with the published table",
    "rounded_to_fewer_digits": "the printed number is the value rounded to fewer digits than it shows, or cut off",
    "blank_read_as_zero": "a value Tables 7-9 leave blank is counted as 0",
    "different_series": "the printed column is another series than Tables 7-9's",
    "slip_next_to_the_rule_value": "the printed bound is a slip next to the value the rule gives",
    "bound_of_the_other_cut": "the band ends at the medium band's other cut",
    "criteria_disagree_with_map": "the criteria table gives other bounds than the map",
    "code_mismatch": "the printed code is not the indicator's code",
    "text_vs_classification": "the text disagrees with the risk classification of the printed bands",
    "unexplained": "no candidate explanation fits",
}


@dataclass
class Context:
    """What a candidate may look at: the recomputation, the raw cells as text, the compared table."""

    rec: object  # reproduction.Recomputation
    raw_text: pd.DataFrame
    published: pd.DataFrame
    _memo: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.lookup = {
            (r.table, r.region_id, r.indicator, r.statistic): r.published for r in self.published.itertuples()
        }

    def once(self, key, fn, *args):
        """fn(self, *args), computed once per key: column-wide findings are shared by the column's cells."""
        if key not in self._memo:
            self._memo[key] = fn(self, *args)
        return self._memo[key]


def causes_in_order(errata):
    """The diagnoses found in `errata`, the most frequent first; ties in the order of DIAGNOSES."""
    counts = errata.diagnosis.value_counts()
    return sorted(counts.index, key=lambda d: (-counts[d], list(DIAGNOSES).index(d)))


def _no_fit_evidence(ctx, row, no_fit):
    if row.kind in no_fit:
        return no_fit[row.kind](ctx, row)
    return Evidence("recomputed", recomputed=row.recomputed)


def explain(ctx, row, candidates=CANDIDATES, *, no_fit=NO_FIT):
    """(diagnosis, evidence) of one mismatched row: the first candidate of its kind that fits."""
    for candidate in candidates.get(row.kind, ()):
        found = candidate(ctx, row)
        if found:
            if found[0] not in DIAGNOSES:
                raise ValueError(f"candidate {candidate.__name__} returned {found[0]!r}, which is not in DIAGNOSES")
            if not isinstance(found[1], Evidence):  # words are the presentation's: sdi.publish.evidence
                raise ValueError(f"candidate {candidate.__name__} returned evidence that is no Evidence: {found[1]!r}")
            return found
    return "unexplained", _no_fit_evidence(ctx, row, no_fit)


def diagnose(compared, rec, raw_text, *, candidates=CANDIDATES, no_fit=NO_FIT):
    """errata: one row per mismatch with its diagnosis and evidence (columns ERRATA_COLUMNS; `evidence` holds
    `evidence.Evidence`)."""
    ctx = Context(rec, raw_text, compared)
    rows = []
    for row in compared[~compared.match].itertuples():
        diagnosis, evidence = explain(ctx, row, candidates, no_fit=no_fit)
        recomputed = (
            row.recomputed if row.recomputed is None or isinstance(row.recomputed, str) else float(row.recomputed)
        )
        rows.append(
            (row.table, row.region_id, row.indicator, row.statistic, row.published, recomputed, diagnosis, evidence)
        )
    return pd.DataFrame(rows, columns=ERRATA_COLUMNS)
