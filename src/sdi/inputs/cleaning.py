"""Step 1, cleaning: load a year's three raw pillar files, map region names to ids, validate.

The result is one long table `region_id, indicator, pillar, value` (the national row kept as KZ)
and a log of what was done: names mapped, cells missing.
"""

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sdi import PILLARS
from sdi.errors import InputError
from sdi.inputs.metadata import (
    NATIONAL_ID,
    alias_map,
    closest_regions,
    every_unit_names,
    load_regions,
    load_territories,
    normalise_name,
    not_on_the_map,
)
from sdi.inputs.readers import number_text, parse_number, read_csv_table, readable
from sdi.io import write_csv

CLEAN_COLUMNS = ["region_id", "indicator", "pillar", "value"]
LOG_COLUMNS = ["file", "row", "column", "event", "detail"]


def pillar_file(raw_dir: Path, pillar: str) -> Path:
    return raw_dir / f"{pillar}.csv"


def _check_header(path: str | Path, header: list[str], pillar: str, *, indicators: pd.DataFrame) -> None:
    if not header or header[0] != "region":
        raise InputError(
            "the first column must be called 'region'", file=path, row=1, column=1, value=header[0] if header else ""
        )
    own = list(indicators.loc[indicators["pillar"] == pillar, "code"])
    pillar_of = dict(zip(indicators["code"], indicators["pillar"]))
    seen: set[str] = set()
    for position, code in enumerate(header[1:], start=2):
        if code in seen:
            raise InputError("indicator column appears twice", file=path, row=1, column=position, value=code)
        seen.add(code)
        if code not in pillar_of:
            hint = " (it starts with a Cyrillic В; use the Latin letter B)" if re.fullmatch(r"В\d+", code) else ""
            raise InputError(
                f"unknown indicator column{hint}; expected {own[0]}..{own[-1]}",
                file=path,
                row=1,
                column=position,
                value=code,
            )
        if pillar_of[code] != pillar:
            raise InputError(
                f"indicator belongs to the {pillar_of[code]} pillar, not {pillar}",
                file=path,
                row=1,
                column=position,
                value=code,
            )
    missing = [c for c in own if c not in seen]
    if missing:
        raise InputError(f"indicator column(s) missing: {', '.join(missing)}", file=path, row=1)


def _check_plausible(
    value: float,
    code: str,
    ranges: Mapping[str, tuple[float, float, str]],
    *,
    indicators: pd.DataFrame,
    where: Mapping[str, Any],
) -> None:
    if code in ranges and not pd.isna(value):
        lower, upper, why = ranges[code]
        if not lower <= value <= upper:
            meta = indicators.set_index("code").loc[code]
            raise InputError(
                f"is outside the plausible range {readable(lower)} to {readable(upper)} for {code} ({meta['name_en']}, "
                f"{meta['unit']}: {why}); check the unit and the decimal point",
                **where,
            )


def other_map(name: str, year_dir: Path) -> str | None:
    """Why `name`, a unit of another year's map (Abai in 2021, Shymkent in 2016, South Kazakhstan in 2023), has no
    row in the year of `year_dir` (data/raw/<year>/, beside regions.csv and territories.csv), and what to give
    instead; None for a name no year's map knows, or a folder that is not a year's beside those tables."""
    raw = year_dir.parent
    if not (year_dir.name.isdigit() and (raw / "regions.csv").is_file() and (raw / "territories.csv").is_file()):
        return None
    regions = load_regions(raw / "regions.csv")
    territories = load_territories(raw / "territories.csv", regions)
    unit = every_unit_names(regions, territories).get(normalise_name(name))
    return None if unit is None else not_on_the_map(regions, territories, unit, year=int(year_dir.name))


def _map_note(regions: pd.DataFrame, year_dir: Path) -> str:
    """For a year whose map is not today's: how many units it has, and where that is written."""
    if "territory" not in regions or all(t in ("", r) for r, t in zip(regions["region_id"], regions["territory"])):
        return ""
    units = int((regions["region_id"] != NATIONAL_ID).sum())
    return f"; the map of {year_dir.name} has {units} units (data/raw/territories.csv), each in one row"


def load_pillar_table(
    path: str | Path,
    pillar: str,
    regions: pd.DataFrame,
    *,
    indicators: pd.DataFrame,
    ranges: Mapping[str, tuple[float, float, str]] | None = None,
) -> tuple[pd.DataFrame, list[list[str | int]]]:
    """One raw pillar file -> (long DataFrame, log records). Raises InputError on the first problem.

    `ranges` ({code: (lower, upper, why)}, from plausible_ranges.csv) rejects values outside them."""
    csv_table = read_csv_table(path)
    header, rows = csv_table.header, csv_table.rows
    _check_header(path, header, pillar, indicators=indicators)
    names = alias_map(regions)
    empty_rows = [
        (line, cells[0])
        for line, cells in rows
        if all(text == "" for text in cells[1:]) and names.get(normalise_name(cells[0])) != NATIONAL_ID
    ]
    if empty_rows:
        (line, name), more = empty_rows[0], empty_rows[1:]
        also = (
            f"; {len(more)} more region rows are empty too (rows {', '.join(str(number) for number, _ in more)})"
            if more
            else ""
        )
        raise InputError(
            f"has no values at all: fill in this region's row ({header[1]}..{header[-1]}){also}",
            file=path,
            row=line,
            column="region",
            value=name,
        )
    seen: dict[str, int] = {}
    records: list[list[str | float]] = []
    log: list[list[str | int]] = []
    for line, cells in rows:
        name = cells[0]
        region_id = names.get(normalise_name(name))
        if region_id is None:
            reason = other_map(name, Path(path).parent)
            if reason:
                raise InputError(reason, file=path, row=line, column="region", value=name)
            close = closest_regions(name, regions)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise InputError(
                f"unknown region{hint} (any name or alias in data/raw/regions.csv works; add a new "
                "spelling to its aliases)",
                file=path,
                row=line,
                column="region",
                value=name,
            )
        if region_id in seen:
            raise InputError(
                f"region appears twice (also row {seen[region_id]}, as {region_id})",
                file=path,
                row=line,
                column="region",
                value=name,
            )
        seen[region_id] = line
        log.append([str(path), line, "region", "region_mapped", f"{name} -> {region_id}"])
        for code, text in zip(header[1:], cells[1:]):
            value = parse_number(text, file=path, row=line, column=code, decimal_comma=csv_table.decimal_comma)
            if text and number_text(text, decimal_comma=csv_table.decimal_comma) != text:
                log.append([str(path), line, code, "number_read", f"{text!r} read as {value!r}"])
            _check_plausible(
                value,
                code,
                ranges or {},
                indicators=indicators,
                where={"file": path, "row": line, "column": code, "value": text},
            )
            if pd.isna(value):
                log.append([str(path), line, code, "missing", f"{region_id} {code} is blank"])
            records.append([region_id, code, pillar, value])
    expected = [r for r in regions["region_id"] if r != NATIONAL_ID]
    absent = [r for r in expected if r not in seen]
    if absent:
        named = ", ".join(f"{r} ({regions.set_index('region_id').at[r, 'name_en']})" for r in absent)
        raise InputError(
            f"region(s) missing: {named}{_map_note(regions, Path(path).parent)}", file=path, column="region"
        )
    table = pd.DataFrame(records, columns=CLEAN_COLUMNS)
    regional = table[table["region_id"] != NATIONAL_ID].groupby("indicator", sort=False)["value"]
    for code, values in regional:
        if values.isna().all():
            raise InputError(
                "is empty for every region; fill it in, or remove the indicator from data/raw/indicators.csv",
                file=path,
                column=code,
            )
        if values.nunique() == 1:  # accepted: every region scores 5 (see sdi.method.normalisation)
            log.append(
                [str(path), "", code, "constant", f"every region has {values.iloc[0]:g}; every region will score 5"]
            )
    return table, log


PROVENANCE = "PROVENANCE.md"


def provenance_warning(raw_dir: Path) -> str | None:
    """A warning if the year's folder does not say where its numbers come from, else None."""
    if (raw_dir / PROVENANCE).is_file():
        return None
    return (
        f"{raw_dir / PROVENANCE} is missing: write where each file's numbers come from (publication, table, page), "
        f"as data/raw/2023/{PROVENANCE} does, so that a reader can check them"
    )


def clean_year(
    raw_dir: Path,
    regions: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    ranges: Mapping[str, tuple[float, float, str]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All three pillar files of one year -> (clean long table, cleaning log), in a fixed order."""
    if not raw_dir.is_dir():
        raise InputError("year folder does not exist", file=raw_dir)
    frames: list[pd.DataFrame] = []
    log: list[list[str | int]] = []
    warning = provenance_warning(raw_dir)
    if warning:
        log.append([str(raw_dir / PROVENANCE), "", "", "warning", warning])
    for pillar in PILLARS:
        frame, pillar_log = load_pillar_table(
            pillar_file(raw_dir, pillar), pillar, regions, indicators=indicators, ranges=ranges
        )
        frames.append(frame)
        log.extend(pillar_log)
    clean = pd.concat(frames, ignore_index=True)
    region_order = {r: i for i, r in enumerate(regions["region_id"])}
    code_order = {c: i for i, c in enumerate(indicators["code"])}
    clean = clean.sort_values(
        ["region_id", "indicator"], key=lambda s: s.map(region_order if s.name == "region_id" else code_order)
    )
    return clean.reset_index(drop=True), pd.DataFrame(log, columns=LOG_COLUMNS)


def regional_values(clean: pd.DataFrame) -> pd.DataFrame:
    """The 20 regions only (never the national row), wide: rows region_id, columns indicator codes."""
    regional = clean[clean["region_id"] != NATIONAL_ID]
    wide = regional.pivot(index="region_id", columns="indicator", values="value")
    return wide.loc[regional["region_id"].unique(), regional["indicator"].unique()]


def national_values(clean: pd.DataFrame) -> dict[str, float]:
    """{indicator: the national row's value} (empty when the year's files have no national row)."""
    national = clean[clean["region_id"] == NATIONAL_ID]
    return dict(zip(national["indicator"], national["value"]))


def print_warnings(log: pd.DataFrame) -> None:
    """The log's warnings on standard error, one line each starting with `warning:` (sdi.tools.run_notebook
    repeats such lines on the terminal, so that a warning does not stay hidden in the executed notebook)."""
    for warning in log.loc[log["event"] == "warning", "detail"]:
        print(f"warning: {warning}", file=sys.stderr)


OUTPUT_FILES = ("clean.csv", "cleaning_log.csv")


def write_outputs(clean: pd.DataFrame, log: pd.DataFrame, folder: str | Path) -> list[Path]:
    """clean.csv and cleaning_log.csv in `folder` (data/processed/<year>/); the paths written."""
    return [write_csv(table, Path(folder) / name) for table, name in zip((clean, log), OUTPUT_FILES)]
