"""The reproduction check of one year, in one call: every published number against the recomputation.

`check_year(run)` reads what the pipeline wrote for the year (clean.csv, both methods' indices, the
risk step's risk.csv and risk.json) and hands it to `check`, which does the rest:

1. the choices the `thesis` method takes from the published tables are refitted from them
   (`inference`) and must agree with data/raw/indicators.csv;
2. every number of Tables 7-14 and the text after Table 13 is compared with the recomputation by the
   `thesis` method and each mismatch diagnosed (`comparison`, `diagnosis`); for a year with published
   risk maps, the same for Tables 15-20 and the text on the risks (`risk_comparison`), and the
   pipeline's own risk maps against the classification by the printed bands;
3. the errata must be the expected ones (data/reference/<year>/expected_differences.csv), and an
   argument for unexplained cells (`unexplained.md`, `unexplained_risk.md`) must have cells to argue for;
4. the consequences: published, recomputed and corrected ranks and classes.

A disagreement in 1 or 3 stops the check with one line naming the file to look at. The result, a
`Check`, is what the memo (`sdi.publish.reproduction_report`) is written from.
"""

import json
from dataclasses import dataclass

import pandas as pd

from sdi.errors import InputError
from sdi.method.context import read_method_settings
from sdi.method.methods import METHODS
from sdi.reproduction import comparison, diagnosis, inference, published_risk_maps, published_tables, risk_comparison
from sdi.risk import thresholds as risk_thresholds
from sdi.risk.classification import RECORD_FILE

EXPECTED_DIFFERENCES = "expected_differences.csv"
UNEXPLAINED_NOTES = {"index": "unexplained.md", "risk": "unexplained_risk.md"}
# the argument in each language: the English file, and its Kazakh twin beside it (`unexplained_kk.md`)
NOTE_LANGUAGES = {"en": "", "kk": "_kk"}


@dataclass
class RiskCheck:
    """The check of Tables 15-20 and the text on the risks."""

    rec: risk_comparison.RiskRecomputation
    compared: pd.DataFrame
    errata: pd.DataFrame
    summary: pd.DataFrame
    criteria: pd.DataFrame  # the criteria tables as printed
    pipeline: tuple | None  # (the thresholds the risk step used, cells of its risk.csv, cells that agree), or None
    unexplained_note: dict  # {language: the argument for the unexplained cells, "" where none is written}


@dataclass
class Check:
    """Everything the reproduction check finds for one year."""

    year: int
    reference: object  # the folder of the published numbers (a Path)
    names: dict  # {region_id: the English name every output prints}
    indicator_names: dict  # {code: English name}
    claim_names: dict  # {claim: what the text states, in words}
    published: pd.DataFrame
    rec: comparison.Recomputation
    directions: pd.DataFrame  # the refit of the thesis's directions
    index_sets: pd.DataFrame  # the refit of its indicator sets
    missing_scores: pd.DataFrame  # how the published tables score a blank cell
    compared: pd.DataFrame
    errata: pd.DataFrame
    summary: pd.DataFrame
    unexplained_note: dict  # {language: the argument for the unexplained cells, "" where none is written}
    risk: RiskCheck | None
    thesis: pd.DataFrame  # the pipeline's indices by region, thesis method
    corrected: pd.DataFrame  # and corrected method
    missing: str  # the missing-value policy the pipeline's indices were computed with
    table13: pd.DataFrame
    published_levels: pd.DataFrame
    table14_levels: pd.DataFrame
    changes: pd.DataFrame  # published, thesis and corrected ranks side by side
    class_changes: dict  # {"thesis": levels that change from the published ones, "corrected": from thesis}

    @property
    def all_errata(self):
        """The errata of every section, Tables 7-14 first."""
        return pd.concat([self.errata, self.risk.errata if self.risk else pd.DataFrame()], ignore_index=True)

    @property
    def directions_unlike_meaning(self):
        """The refitted directions that differ from the indicators' meaning (indicators.csv's `direction`)."""
        meaning = self.rec.indicators.set_index("code")["direction"]
        return self.directions[self.directions["direction"] != meaning[self.directions.index]]

    @property
    def all_summary(self):
        return pd.concat([self.summary, self.risk.summary if self.risk else pd.DataFrame()], ignore_index=True)


def check_year(run):
    """The check of `run.year` from what the pipeline wrote (see the module's docstring)."""
    risk_file, record_file = run.processed / "risk.csv", run.processed / RECORD_FILE
    pipeline_risk = None
    if risk_file.is_file() and record_file.is_file():
        pipeline_risk = (
            json.loads(record_file.read_text(encoding="utf-8"))["thresholds"],
            pd.read_csv(risk_file, keep_default_na=False),
        )
    return check(
        run,
        clean=run.read("clean.csv"),
        thesis=run.read("indices.csv", "thesis").set_index("region_id"),
        corrected=run.read("indices.csv", "corrected").set_index("region_id"),
        missing=read_method_settings(run.root, run.year, "thesis")["missing"],
        pipeline_risk=pipeline_risk,
    )


def check(run, *, clean, thesis, corrected, missing="worst", pipeline_risk=None, risk=True):
    """The check of `run.year` from the year's clean values and the pipeline's indices of both methods
    (by region). `pipeline_risk`: (the thresholds setting used, risk.csv) of the risk step, if it ran;
    `risk=False` leaves the risk section out."""
    regions, indicators, reference = run.regions, run.indicators, run.reference
    names = run.region_names["en"]
    published = published_tables.published_numbers(reference, regions, indicators)
    raw_text = published_tables.raw_text_values(run.raw, regions, indicators)
    rec = comparison.Recomputation(clean, indicators, regions, METHODS["thesis"])

    printed_scores = published_tables.published_scores(published)
    directions = inference.infer_directions(rec.values, printed_scores)
    index_sets = inference.infer_index_sets(
        printed_scores, published_tables.published_pillar_indices(published), indicators
    )
    missing_scores = inference.missing_value_scores(raw_text, printed_scores)
    disagreements = inference.disagreements(
        directions, index_sets, missing_scores, indicators=indicators, method=rec.method
    )
    if disagreements:
        raise InputError(
            "the refit from the published tables disagrees with it: " + "; ".join(disagreements),
            file=run.root / "data" / "raw" / "indicators.csv",
        )

    compared = comparison.compare(published, rec)
    errata = diagnosis.diagnose(compared, rec, raw_text)
    claim_names = published_tables.claim_quantities(reference)
    risk_check = None
    if risk and risk_thresholds.has_published_maps(reference):
        risk_check = _risk_check(run, rec, raw_text, pipeline_risk=pipeline_risk)
        # the text's statements on the risks by what they say; their corrections are listed with Tables 7-14's
        claim_names.update({claim: meaning.rstrip(".") for claim, meaning in risk_check.rec.claims.meaning.items()})

    found = Check(
        year=run.year,
        reference=reference,
        names=names,
        indicator_names=run.indicator_names["en"],
        claim_names=claim_names,
        published=published,
        rec=rec,
        directions=directions,
        index_sets=index_sets,
        missing_scores=missing_scores,
        compared=compared,
        errata=errata,
        summary=comparison.summary(compared, errata),
        unexplained_note=_argument(reference / UNEXPLAINED_NOTES["index"], errata),
        risk=risk_check,
        thesis=thesis,
        corrected=corrected,
        missing=missing,
        **_consequences(published, thesis, corrected),
    )
    if risk:
        _check_expected_differences(reference / EXPECTED_DIFFERENCES, found.all_errata)
    return found


def _risk_check(run, rec, raw_text, *, pipeline_risk):
    reference = run.reference
    risk_rec = risk_comparison.RiskRecomputation(
        rec.clean,
        run.indicators,
        run.regions,
        rec.method,
        thresholds=risk_thresholds.load_thresholds(run.root / "data" / "raw" / "risk_thresholds.csv", run.indicators),
        national_text=risk_comparison.national_text(run.raw, run.regions),
        claims=risk_comparison.read_claims(reference / risk_comparison.CLAIMS_FILE, run.regions),
    )
    compared = risk_comparison.compare(risk_comparison.published_risk(reference, run.regions), risk_rec)
    errata = diagnosis.diagnose(compared, risk_rec, raw_text)
    pipeline = None
    if pipeline_risk is not None:
        used, cells = pipeline_risk
        pipeline = (used, *risk_comparison.pipeline_agreement(risk_rec, cells))
    return RiskCheck(
        rec=risk_rec,
        compared=compared,
        errata=errata,
        summary=comparison.summary(compared, errata, risk_comparison.TABLE_NAMES),
        criteria=published_risk_maps.read_criteria(reference),
        pipeline=pipeline,
        unexplained_note=_argument(reference / UNEXPLAINED_NOTES["risk"], errata),
    )


def _argument(path, errata):
    """Why the unexplained cells stay unexplained: {language: the argument written for this year's data} (the
    English file and its Kazakh twin, `<name>_kk.md`), "" where none is. An argument with nothing left to argue
    for is stale, and stops the check."""
    notes = {}
    for language, suffix in NOTE_LANGUAGES.items():
        file = path.with_name(f"{path.stem}{suffix}{path.suffix}")
        notes[language] = file.read_text(encoding="utf-8").strip() if file.is_file() else ""
        if notes[language] and not (errata.diagnosis == "unexplained").any():
            raise InputError("argues for unexplained cells, but every mismatch is explained: delete it", file=file)
    return notes


def _check_expected_differences(path, errata):
    expected = published_tables.read_expected_differences(path)
    new, gone = comparison.expected_differences_check(errata, expected)
    if new or gone:
        raise InputError(
            f"the errata disagree with it: {len(new)} new (e.g. {new[:3]}), {len(gone)} gone (e.g. {gone[:3]}); "
            "a change of the data or the code changed a diagnosis: check it, then update the file",
            file=path,
        )


def _consequences(published, thesis, corrected):
    table13 = published_tables.published_table13(published)
    published_levels = comparison.published_levels(table13)
    table14_levels = comparison.table14_levels(published, published_levels)
    return {
        "table13": table13,
        "published_levels": published_levels,
        "table14_levels": table14_levels,
        "changes": comparison.rank_changes(table13.reset_index(), thesis, corrected),
        "class_changes": {
            "thesis": comparison.level_changes(table14_levels, thesis),
            "corrected": comparison.level_changes(thesis, corrected),
        },
    }
