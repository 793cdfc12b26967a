"""The run context: what a notebook needs for one year and one method, loaded in one call.

Every notebook starts with `run = load_run(year, method)`. It holds the project root, the year, the
method with the run's missing-value policy, the regions of the year's map (16 units until 2017, 17 in
2018-2021, 20 from 2022: `metadata.regions_of_year`) and the indicators with their names in both
languages, and reaches the year's folders from them (`run.raw`, `run.processed`, `run.figures`, ...).
The missing-value policy is chosen once, by notebook 03, which records it in the method's
`method.json` (`write_method_settings`); every later step reads it back from there
(`read_method_settings`, the one reader of that file), so the steps of a run cannot disagree.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sdi import io, paths
from sdi.errors import InputError
from sdi.inputs import metadata
from sdi.method.methods import MISSING_VALUE_POLICIES, Method, get_method

LANGUAGES = ("en", "kk")
METHOD_SETTINGS = "method.json"


@dataclass(frozen=True)
class Run:
    """One year (or none, for the panel) and one method (or none, for the steps before scoring)."""

    root: Path
    year: int | None
    method: Method | None
    regions: pd.DataFrame  # the year's units, as regions.csv's columns and `territory` (metadata.regions_of_year)
    indicators: pd.DataFrame
    region_names: Mapping[str, Mapping[str, str]]  # {language: {region_id: the name every output prints}}
    indicator_names: Mapping[str, Mapping[str, str]]  # {language: {code: name}}
    indicator_short_names: Mapping[str, Mapping[str, str]]  # {language: {code: short name}}, beside a heat map's rows
    territories: pd.DataFrame  # territories.csv: which territory each unit covered in which years (the panel's breaks)

    @property
    def raw(self) -> Path:
        """data/raw/<year>/: the year's three indicator tables, read only."""
        return paths.raw_dir(self.root, self.year)

    @property
    def reference(self) -> Path:
        """data/reference/<year>/: the dissertation's published numbers, where the year has them."""
        return paths.reference_dir(self.root, self.year)

    @property
    def processed(self) -> Path:
        """data/processed/<year>/: what the steps before scoring write (clean.csv, statistics, risk)."""
        return paths.processed_dir(self.root, self.year)

    @property
    def method_dir(self) -> Path:
        """data/processed/<year>/<method>/: scores, indices, typology, method.json."""
        return paths.processed_dir(self.root, self.year, self._method_name())

    @property
    def reports(self) -> Path:
        """reports/<year>/<method>/: the method's tables and its robustness audit."""
        return paths.reports_dir(self.root, self.year, self._method_name())

    @property
    def figures(self) -> Path:
        """figures/<year>/<method>/."""
        return paths.figures_dir(self.root, self.year, self._method_name())

    def read(self, name: str, method: str | None = None) -> pd.DataFrame:
        """A CSV the pipeline wrote for the year: data/processed/<year>/<name>, or with `method` in that
        method's folder."""
        return pd.read_csv(paths.processed_dir(self.root, self.year, method) / name)

    def read_method(self, name: str) -> pd.DataFrame:
        """A CSV the pipeline wrote for this run's method: data/processed/<year>/<method>/<name>."""
        return self.read(name, self._method_name())

    def _method_name(self) -> str:
        if self.method is None:
            raise ValueError("this run has no method: load_run(year, method) for a step that scores")
        return self.method.name


def load_run(
    year: int | None = None, method: str | None = None, *, missing: str | None = None, root: Path | None = None
) -> Run:
    """The run context of `year` and `method`.

    `missing` is given by the step that chooses the missing-value policy (notebook 03; the panel);
    without it the policy is the one recorded in the method's method.json. Without `root`, the working
    folder becomes the project root (found upwards from where the notebook runs), so that every path
    a notebook prints or logs is relative to it.
    """
    root = paths.enter_project_root() if root is None else Path(root)
    raw = root / "data" / "raw"
    today = metadata.load_regions(raw / "regions.csv")
    territories = metadata.load_territories(raw / "territories.csv", today)
    if year is None:  # the panel: every unit of every year's map
        regions = metadata.every_unit(today, territories)
    else:
        regions = metadata.regions_of_year(today, territories, int(year))
    indicators = metadata.load_indicators(raw / "indicators.csv")
    short = metadata.load_short_names(raw / "indicator_short_names.csv", indicators)
    spec = None
    if method is not None:
        if missing is None:
            missing = read_method_settings(root, year, method)["missing"]
        spec = get_method(method, missing)
    return Run(
        root=root,
        year=year,
        method=spec,
        regions=regions,
        indicators=indicators,
        region_names={lang: metadata.region_names(regions, lang) for lang in LANGUAGES},
        indicator_names={lang: dict(zip(indicators.code, indicators[f"name_{lang}"])) for lang in LANGUAGES},
        indicator_short_names={lang: dict(short[f"short_{lang}"]) for lang in LANGUAGES},
        territories=territories,
    )


def read_method_settings(root: Path, year: int | None, method: str) -> dict:
    """The method's settings as the step that scored recorded them (data/processed/<year>/<method>/method.json)."""
    path = paths.processed_dir(root, year, method) / METHOD_SETTINGS
    if not path.is_file():
        raise InputError(
            "not found: run the scores first (make all, or notebook 03 for this year and method)", file=path
        )
    return json.loads(path.read_text(encoding="utf-8"))


def method_settings(run: Run, cells_missing: int) -> dict:
    """What method.json records: the year, the method's parameters, its missing-value policy in words and
    how many cells were missing."""
    assert run.method is not None, "method settings need a method"
    return {
        "year": run.year,
        **run.method.parameters(),
        "missing_description": MISSING_VALUE_POLICIES[run.method.missing].description,
        "cells_missing": cells_missing,
    }


def write_method_settings(run: Run, scores: pd.DataFrame) -> dict:
    """Record the run's method and missing-value policy beside its scores (method.json); the settings written."""
    settings = method_settings(run, cells_missing=int(scores["value"].isna().sum()))
    io.write_text(json.dumps(settings, indent=2, sort_keys=True) + "\n", run.method_dir / METHOD_SETTINGS)
    return settings
