"""The statistics bureau's SDG platform (Open SDG) as an input: its files, and which of its series is which indicator.

The platform publishes one long CSV per national indicator (`data/indicator_<code>.csv`: `Year`, disaggregation
columns such as `REF_AREA`, `SEX`, `URBANISATION`, `AGE`, `UNIT_MEASURE`, `SERIES`, `ACTIVITY`, then `Value`).
A copy of the files the package uses is in data/external/opensdg/ (README.md there: source, commit, licence).
Two tables of data/raw/ say how to read them:

- `sdg_series.csv`: per indicator, the platform file and the filters that select its regional series
  (`COLUMN=value` pairs joined by `;`; every disaggregation column not named must be empty, the platform's
  total), a unit conversion factor, the decimals the platform really gives where its text shows more (whole
  numbers written `2016.0`), whether the series is the `same` measure as the dissertation's or a `related` one,
  and the evidence; `none` with no file where the platform has no regional series;
- `sdg_regions.csv`: the platform's `REF_AREA` codes and the region of regions.csv each one is, with the years
  the unit exists (towns have no region; a former region is its unit of data/raw/territories.csv, KZONT South
  Kazakhstan, KZ-YUZ).

`read_series` reads one indicator's series as {(year, region_id): value}. A row of a unit made after that year
(Abai in 2021, Shymkent in 2016: the platform recomputed the year on a later map of regions) is kept apart
(`PlatformSeries.later_map`), never among the year's values. What is wrong in the platform's file is collected, not
raised (a region twice with two values, a code no table names, a former region after its last year, a value that
is not a number, a row with a cell too few), so that the input audit can report it and an
import can refuse the year it touches (`Problem.error`). A file without the columns the mapping needs is an
`InputError` at once.
"""

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from sdi.errors import InputError
from sdi.inputs.metadata import NATIONAL_ID, alias_map, load_regions, load_territories, normalise_name
from sdi.inputs.readers import number_text, read_csv_rows, read_csv_table

DEFAULT_FOLDER = Path("data") / "external" / "opensdg"  # relative to the project root
SERIES_FILE = "sdg_series.csv"  # in data/raw/
REGIONS_FILE = "sdg_regions.csv"  # in data/raw/
DEFECTS_FILE = "sdg_defects.csv"  # in data/raw/: known defects of the platform's files, left out by the import
DEFECT_COLUMNS = ["file", "row", "year", "ref_area", "note"]
SERIES_COLUMNS = ["indicator", "file", "filters", "factor", "decimals", "relation", "note"]
REGION_CODE_COLUMNS = ["ref_area", "region_id", "kind", "name_en", "first_year", "last_year", "note"]
RELATIONS = ("same", "related", "none")
CODE_KINDS = ("region", "city", "former region", "town")
FILE_PATTERN = re.compile(r"indicator_[0-9]+(-[0-9a-z]+)+\.csv")
YEAR, AREA, VALUE = "Year", "REF_AREA", "Value"


@dataclass(frozen=True)
class SeriesSpec:
    """One row of sdg_series.csv."""

    indicator: str
    file: str  # '' when the platform has no regional series
    filters: dict[str, str]
    factor: Decimal
    decimals: int | None  # the platform's real decimals where its text shows more; None: as written
    relation: str
    note: str
    row: int = 0  # the row of sdg_series.csv


@dataclass(frozen=True)
class RegionCode:
    """One row of sdg_regions.csv."""

    ref_area: str
    region_id: str  # '' for a town; a former region's unit of territories.csv (KZ-YUZ)
    kind: str
    first_year: int | None
    last_year: int | None

    def exists_in(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


@dataclass(frozen=True)
class PlatformValue:
    text: str  # as the platform writes it, spaces stripped
    number: Decimal  # times the factor: in the dissertation's unit
    decimals: int  # the decimals the value really has (the mapping's, or as written)
    row: int


@dataclass(frozen=True)
class Problem:
    """Something wrong in a platform file, where it is."""

    file: Path
    row: int
    year: int
    ref_area: str
    message: str

    def error(self) -> InputError:
        return InputError(
            f"year {self.year}: {self.message}", file=self.file, row=self.row, column=AREA, value=self.ref_area
        )


@dataclass
class PlatformSeries:
    """One indicator's regional series: {(year, region_id): value}, and what was wrong in the file."""

    spec: SeriesSpec
    path: Path
    values: dict[tuple[int, str], PlatformValue] = field(default_factory=dict)
    twice: dict[tuple[int, str], list[PlatformValue]] = field(default_factory=dict)  # two different values
    problems: list[Problem] = field(default_factory=list)
    repeated: int = 0  # rows that repeat a value already read (the same number again)
    # {(year, region_id): row} of units made after that year (Abai in 2021): the year recomputed on a later map
    later_map: dict[tuple[int, str], int] = field(default_factory=dict)

    def years(self) -> list[int]:
        return sorted({year for year, _ in self.values} | {year for year, _ in self.twice})

    def problems_in(self, year: int) -> list[Problem]:
        return [p for p in self.problems if p.year == year]


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def decimals_of(text: str) -> int:
    """The decimals a number is written with: '8.60' -> 2, '12' -> 0."""
    exponent = Decimal(text).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def agreement(raw_text: str, value: PlatformValue) -> tuple[bool, Decimal, Decimal]:
    """(equal, platform minus raw, tolerance) of a raw value as printed and the platform's value: equal within half a
    unit of the last decimal of the coarser of the two prints ('42.32' and '42.3' are equal: the platform's 42.3
    stands for anything from 42.25 to 42.35)."""
    tolerance = Decimal(5).scaleb(-(min(decimals_of(raw_text), value.decimals) + 1))
    difference = value.number - Decimal(raw_text)
    return abs(difference) <= tolerance, difference, tolerance


def _year(text: str, *, path: Path, line: int, column: str) -> int | None:
    if text == "":
        return None
    if not re.fullmatch(r"(19|20)[0-9]{2}", text):
        raise InputError("is not a year (four digits, e.g. 2023)", file=path, row=line, column=column, value=text)
    return int(text)


def _header(path: str | Path, header: list[str], expected: list[str]) -> None:
    if header != expected:
        raise InputError(f"header is wrong: expected {','.join(expected)}", file=path, row=1, value=",".join(header))


def load_series_map(path: str | Path, indicators: pd.DataFrame) -> list[SeriesSpec]:
    """sdg_series.csv, validated against indicators.csv; in the file's order."""
    header, rows = read_csv_rows(path)
    _header(path, header, SERIES_COLUMNS)
    known = set(indicators["code"])
    specs: list[SeriesSpec] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        r = dict(zip(header, cells))
        code = r["indicator"]
        if code not in known:
            raise InputError(
                "unknown indicator (see data/raw/indicators.csv)", file=path, row=line, column="indicator", value=code
            )
        if code in seen:
            raise InputError(
                f"indicator listed twice (also row {seen[code]})", file=path, row=line, column="indicator", value=code
            )
        seen[code] = line
        if r["relation"] not in RELATIONS:
            raise InputError(
                f"relation must be one of {', '.join(RELATIONS)}",
                file=path,
                row=line,
                column="relation",
                value=r["relation"],
            )
        if (r["relation"] == "none") != (r["file"] == ""):
            raise InputError(
                "a series with relation 'none' has no file, and a file needs relation 'same' or 'related'",
                file=path,
                row=line,
                column="file",
                value=r["file"],
            )
        if r["file"] and not FILE_PATTERN.fullmatch(r["file"]):
            raise InputError(
                "is not a platform file name like indicator_1-2-1.csv",
                file=path,
                row=line,
                column="file",
                value=r["file"],
            )
        filters: dict[str, str] = {}
        for part in [p for p in r["filters"].split(";") if p.strip()]:
            column, sep, wanted = part.partition("=")
            if not sep or not column.strip() or column.strip() in (YEAR, AREA, VALUE):
                raise InputError(
                    "filters are COLUMN=value pairs joined by ';' "
                    "(a disaggregation column, not Year, REF_AREA or Value)",
                    file=path,
                    row=line,
                    column="filters",
                    value=r["filters"],
                )
            filters[column.strip()] = wanted.strip()
        factor = _decimal(r["factor"] or "1")
        if factor is None or factor == 0:
            raise InputError(
                "factor must be a non-zero number (1: the same unit)",
                file=path,
                row=line,
                column="factor",
                value=r["factor"],
            )
        if r["decimals"] and not r["decimals"].isdigit():
            raise InputError(
                "decimals must be a whole number of decimals, or empty",
                file=path,
                row=line,
                column="decimals",
                value=r["decimals"],
            )
        decimals = int(r["decimals"]) if r["decimals"] else None
        specs.append(SeriesSpec(code, r["file"], filters, factor, decimals, r["relation"], r["note"], line))
    return specs


def imported_indicators(specs: list[SeriesSpec]) -> list[str]:
    """The indicators `make import-sdg` fills: those with a platform series of the same measure."""
    return [s.indicator for s in specs if s.relation == "same"]


def load_codes(raw: str | Path) -> dict[str, RegionCode]:
    """sdg_regions.csv of data/raw/ (`raw`), checked against regions.csv and territories.csv there."""
    regions = load_regions(Path(raw) / "regions.csv")
    territories = load_territories(Path(raw) / "territories.csv", regions)
    return load_region_codes(Path(raw) / REGIONS_FILE, regions, units=territories["unit_id"])


def load_region_codes(path: str | Path, regions: pd.DataFrame, *, units: Iterable[str] = ()) -> dict[str, RegionCode]:
    """sdg_regions.csv as {REF_AREA code: RegionCode}, validated against regions.csv: each region named once; a
    former region may name a unit of territories.csv (`units`) instead."""
    header, rows = read_csv_rows(path)
    _header(path, header, REGION_CODE_COLUMNS)
    ids = set(regions["region_id"]) - {NATIONAL_ID}
    former = set(units) - ids
    codes: dict[str, RegionCode] = {}
    used: dict[str, int] = {}
    for line, cells in rows:
        r = dict(zip(header, cells))
        if r["ref_area"] in codes:
            raise InputError("code listed twice", file=path, row=line, column="ref_area", value=r["ref_area"])
        if r["kind"] not in CODE_KINDS:
            raise InputError(
                f"kind must be one of {', '.join(CODE_KINDS)}", file=path, row=line, column="kind", value=r["kind"]
            )
        rid = r["region_id"]
        if (rid == "") != (r["kind"] == "town") and not (r["kind"] == "former region" and rid in former | {""}):
            raise InputError(
                "a region or city needs its region_id (data/raw/regions.csv); a town has none, and a former region "
                "its unit of data/raw/territories.csv or none",
                file=path,
                row=line,
                column="region_id",
                value=rid,
            )
        if rid and rid not in ids | (former if r["kind"] == "former region" else set()):
            raise InputError(
                "unknown region_id (see data/raw/regions.csv)", file=path, row=line, column="region_id", value=rid
            )
        if rid in used:
            raise InputError(
                f"region_id given to two codes (also row {used[rid]})",
                file=path,
                row=line,
                column="region_id",
                value=rid,
            )
        if rid:
            used[rid] = line
        years = [_year(r[c], path=Path(path), line=line, column=c) for c in ("first_year", "last_year")]
        codes[r["ref_area"]] = RegionCode(r["ref_area"], rid, r["kind"], years[0], years[1])
    missing = sorted(ids - set(used))
    if missing:
        raise InputError(f"no platform code for region(s) {', '.join(missing)}", file=path, column="region_id")
    return codes


def load_defects(path: str | Path) -> dict[str, dict[int, tuple[int, str]]]:
    """sdg_defects.csv as {platform file: {row: (year, REF_AREA)}}: rows a person has read and decided to leave out
    of an import (the note says why)."""
    header, rows = read_csv_rows(path)
    _header(path, header, DEFECT_COLUMNS)
    defects: dict[str, dict[int, tuple[int, str]]] = {}
    for line, cells in rows:
        r = dict(zip(header, cells))
        if not r["row"].isdigit():
            raise InputError(
                "row must be a row number of the platform file", file=path, row=line, column="row", value=r["row"]
            )
        year = _year(r["year"], path=Path(path), line=line, column="year")
        if year is None or not r["note"]:
            raise InputError("a defect needs its year and a note saying why it is left out", file=path, row=line)
        defects.setdefault(r["file"], {})[int(r["row"])] = (year, r["ref_area"])
    return defects


def read_series(
    folder: str | Path,
    spec: SeriesSpec,
    codes: dict[str, RegionCode],
    *,
    skip: Mapping[int, tuple[int, str]] | None = None,
    national: bool = False,
) -> PlatformSeries:
    """The regional series `spec` selects in its file under `folder` (the platform's root: `folder`/data/...).

    A row is selected when every disaggregation column named in the filters has the filter's value and every
    other one is empty; rows of the national total (no REF_AREA) and of towns are left out. `skip`: {row: (year,
    REF_AREA)} of known defects to leave out (data/raw/sdg_defects.csv); a listed row that is no longer that year
    and code is a problem (the platform's file has changed). `national`: the national total's rows are read too,
    by the same filters, as the region `NATIONAL_ID` (the trends draw the country beside its regions)."""
    path = Path(folder) / "data" / spec.file
    series = PlatformSeries(spec, path)
    if not path.is_file():
        raise InputError(f"not found: the platform file of {spec.indicator} (data/raw/{SERIES_FILE})", file=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"is not UTF-8 text (byte {e.start})", file=path) from None
    reader = csv.reader(text.splitlines())
    header = [c.strip() for c in next(reader, [])]
    needed = [YEAR, AREA, VALUE, *spec.filters]
    absent = [c for c in needed if c not in header]
    if absent:
        raise InputError(
            f"has no column {', '.join(absent)} (expected {', '.join(needed)}): is it the platform's file of "
            f"{spec.indicator}? check data/raw/{SERIES_FILE}",
            file=path,
            row=1,
        )
    disaggregations = [c for c in header if c and c not in (YEAR, AREA, VALUE)]
    position = {c: i for i, c in enumerate(header) if c}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        padded = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        if any(padded[position[c]] != spec.filters.get(c, "") for c in disaggregations):
            continue
        year = _year(padded[position[YEAR]], path=path, line=line, column=YEAR)
        ref, value_text = padded[position[AREA]], padded[position[VALUE]]
        if year is None or (ref == "" and not national):
            continue  # the national total, unless asked for
        where = (path, line, year, ref)
        if skip and line in skip:
            if skip[line] != (year, ref):
                listed = f"{skip[line][0]} {skip[line][1]}"
                series.problems.append(
                    Problem(
                        *where,
                        f"is listed in data/raw/{DEFECTS_FILE} as {listed}: the file has changed; check the list",
                    )
                )
            continue
        if len(cells) != len(header):
            series.problems.append(
                Problem(
                    *where,
                    f"the row has {len(cells)} cells but the header has {len(header)}; correct the platform's file",
                )
            )
            continue
        code = RegionCode("", NATIONAL_ID, "country", None, None) if ref == "" else codes.get(ref)
        if code is None:
            series.problems.append(
                Problem(
                    *where, f"unknown region code; name it in data/raw/{REGIONS_FILE} or correct the platform's file"
                )
            )
            continue
        if code.kind == "town":
            continue
        if code.first_year is not None and year < code.first_year and code.region_id:
            series.later_map[(year, code.region_id)] = line  # the year on a later map: not one of the year's units
            continue
        if not code.exists_in(year):
            series.problems.append(
                Problem(
                    *where,
                    f"{code.ref_area} ({code.kind}) is not a region in {year} (data/raw/{REGIONS_FILE}): "
                    "a mislabelled row?",
                )
            )
            continue
        if not code.region_id:
            continue  # a unit of that year's map that data/raw/regions.csv does not have (South Kazakhstan)
        if value_text == "":
            continue
        number = _decimal(value_text)
        if number is None:
            series.problems.append(
                Problem(
                    *where, f"the value {value_text!r} of {code.region_id} is not a number; correct the platform's file"
                )
            )
            continue
        decimals = spec.decimals if spec.decimals is not None else decimals_of(value_text)
        value = PlatformValue(value_text, number * spec.factor, decimals, line)
        key = (year, code.region_id)
        if key in series.twice:
            series.twice[key].append(value)
        elif key in series.values and series.values[key].number != value.number:
            first = series.values.pop(key)
            series.twice[key] = [first, value]
            series.problems.append(
                Problem(
                    *where,
                    f"{code.region_id} is published twice (rows {first.row} and {line}: {first.text} and "
                    f"{value_text}); correct the platform's file",
                )
            )
        elif key in series.values:
            series.repeated += 1
        else:
            series.values[key] = value
    return series


def raw_cells(raw_dir: str | Path, regions: pd.DataFrame) -> dict[tuple[str, str], tuple[str, Path, int]]:
    """A year's three raw files as printed: {(indicator, region_id): (the cell as a plain number's text, the file,
    its row)}; an empty cell is ''. Names are mapped as cleaning maps them (any alias of regions.csv)."""
    names = alias_map(regions)
    cells: dict[tuple[str, str], tuple[str, Path, int]] = {}
    for pillar in ("social", "economic", "ecological"):
        path = Path(raw_dir) / f"{pillar}.csv"
        table = read_csv_table(path)
        for line, row in table.rows:
            rid = names.get(normalise_name(row[0]))
            if rid is None:
                raise InputError(
                    "unknown region (any name or alias in data/raw/regions.csv works)",
                    file=path,
                    row=line,
                    column="region",
                    value=row[0],
                )
            for code, text in zip(table.header[1:], row[1:]):
                plain = number_text(text, decimal_comma=table.decimal_comma, file=path, row=line, column=code)
                if plain and _decimal(plain) is None:
                    raise InputError("is not a number", file=path, row=line, column=code, value=text)
                cells[(code, rid)] = (plain, path, line)
    return cells
