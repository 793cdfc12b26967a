"""The two metadata tables that drive the whole index, regions.csv and indicators.csv, and the tables beside
them: plausible_ranges.csv, indicator_short_names.csv.

Like COINr's metadata table: every later step takes its indicator list, pillars, directions and
inclusion flags from here, never from code.
"""

import difflib
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from sdi import PILLARS
from sdi.errors import InputError
from sdi.inputs.readers import read_csv_rows

REGION_COLUMNS = ["region_id", "name_kk", "name_en", "kind", "aliases", "macro_region"]
NO_MACRO_REGION = "none"  # a city or the national row: macro_region starts with it, e.g. "none (city)"
REGION_KINDS = ("region", "city", "country")
NATIONAL_ID = "KZ"
INDICATOR_COLUMNS = [
    "code",
    "pillar",
    "name_kk",
    "name_en",
    "unit",
    "unit_kk",
    "sdg",
    "direction_thesis",
    "direction",
    "in_thesis_index",
    "weight",
    "note",
]
CODE_PATTERN = re.compile(r"B[1-9][0-9]*")


def normalise_name(name: object) -> str:
    """Region names compare case-insensitively with runs of white space folded."""
    return " ".join(str(name).split()).casefold()


def _require_columns(path: str | Path, header: list[str], expected: list[str]) -> None:
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail: list[str] = []
        if missing:
            detail.append(f"missing {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected {', '.join(extra)}")
        if not detail:
            detail.append(f"columns out of order, expected {', '.join(expected)}")
        raise InputError(f"header is wrong ({'; '.join(detail)})", file=path, row=1)


def load_regions(path: str | Path) -> pd.DataFrame:
    """regions.csv as a DataFrame in file order (the dissertation's order), validated."""
    header, rows = read_csv_rows(path)
    _require_columns(path, header, REGION_COLUMNS)
    seen_ids: dict[str, int] = {}
    records: list[dict[str, str]] = []
    for line, cells in rows:
        record = dict(zip(header, cells))
        rid = record["region_id"]
        if not re.fullmatch(r"KZ(-[0-9]{2})?", rid):
            raise InputError(
                "region_id must be KZ or an ISO 3166-2 code like KZ-10",
                file=path,
                row=line,
                column="region_id",
                value=rid,
            )
        if rid in seen_ids:
            raise InputError(
                f"duplicate region_id (also on row {seen_ids[rid]})", file=path, row=line, column="region_id", value=rid
            )
        if record["kind"] not in REGION_KINDS:
            raise InputError(
                f"kind must be one of {', '.join(REGION_KINDS)}",
                file=path,
                row=line,
                column="kind",
                value=record["kind"],
            )
        in_none = record["macro_region"].startswith(NO_MACRO_REGION)
        if record["kind"] == "region" and (in_none or not record["macro_region"]):
            raise InputError(
                "an oblast needs its macro-region (see data/raw/macro_regions.csv)",
                file=path,
                row=line,
                column="macro_region",
                value=record["macro_region"],
            )
        if record["kind"] != "region" and not in_none:
            raise InputError(
                f"a {record['kind']} belongs to no macro-region: write none, e.g. 'none (city)'",
                file=path,
                row=line,
                column="macro_region",
                value=record["macro_region"],
            )
        seen_ids[rid] = line
        records.append(record)
    regions = pd.DataFrame(records, columns=REGION_COLUMNS)
    alias_map(regions, path)  # fails early on an ambiguous alias
    return regions


def alias_map(regions: pd.DataFrame, path: str | Path = "regions.csv") -> dict[str, str]:
    """{normalised name or alias: region_id}; an alias naming two regions is an error."""
    mapping: dict[str, str] = {}
    for _, r in regions.iterrows():
        names = [r["region_id"], r["name_kk"], r["name_en"], *[a for a in r["aliases"].split("|") if a.strip()]]
        for name in names:
            key = normalise_name(name)
            if mapping.get(key, r["region_id"]) != r["region_id"]:
                raise InputError(
                    f"name names two regions ({mapping[key]} and {r['region_id']})",
                    file=path,
                    column="aliases",
                    value=name,
                )
            mapping[key] = r["region_id"]
    return mapping


def short_kk(name_kk: str) -> str:
    """«Абай облысы» -> «Абай»; city names keep «қ.» so Almaty city and Almaty region differ."""
    return name_kk.replace(" облысы", "").replace(" қаласы", " қ.")


def short_en(name_en: str, all_names: Iterable[str] = ()) -> str:
    """«Abai Region» -> «Abai»; but «Almaty Region» stays, because another region (Almaty (city))
    starts with «Almaty»: a reader must never see «Almaty» and wonder which."""
    short = name_en.replace(" Region", "")
    clashes = [n for n in all_names if n != name_en and n.startswith(short)]
    return name_en if clashes else short


def region_names(regions: pd.DataFrame, language: str) -> dict[str, str]:
    """{region_id: short name} in `language`: «Абай», «Астана қ.» in Kazakh; «Abai», «Almaty Region»,
    «Almaty (city)» in English."""
    if language == "kk":
        return {r.region_id: short_kk(r.name_kk) for r in regions.itertuples()}
    names = list(regions["name_en"])
    return {r.region_id: short_en(r.name_en, names) for r in regions.itertuples()}


def full_names(regions: pd.DataFrame, language: str = "en") -> dict[str, str]:
    """{region_id: the region's full name} in `language` ("Abai Region", "Абай облысы"), as regions.csv writes it."""
    return dict(zip(regions["region_id"], regions["name_kk" if language == "kk" else "name_en"]))


def closest_regions(name: str, regions: pd.DataFrame, n: int = 2) -> list[str]:
    """The regions whose names or aliases are closest to an unknown `name`, as 'Kazakh name (English name)'."""
    mapping = alias_map(regions)
    close = difflib.get_close_matches(normalise_name(name), list(mapping), n=10, cutoff=0.6)
    ids = list(dict.fromkeys(mapping[c] for c in close))[:n]
    names = regions.set_index("region_id")
    return [f"{names.at[r, 'name_kk']} ({names.at[r, 'name_en']})" for r in ids]


def _weight(path: str | Path, line: int, text: str) -> float:
    """An indicator's weight within its pillar: a positive, finite number (1 for every indicator: the
    thesis's equal weights)."""
    try:
        weight = float(text)
    except ValueError:
        weight = float("nan")
    if not (math.isfinite(weight) and weight > 0):
        raise InputError(
            "weight must be a positive number, with a decimal point (1 for equal weights)",
            file=path,
            row=line,
            column="weight",
            value=text,
        )
    return weight


def load_indicators(path: str | Path) -> pd.DataFrame:
    """indicators.csv as a DataFrame in file order, with direction columns as int, in_thesis_index as
    bool and weight as float."""
    header, rows = read_csv_rows(path)
    _require_columns(path, header, INDICATOR_COLUMNS)
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        r: dict[str, Any] = dict(zip(header, cells))  # text, then int, bool and float in some columns
        if not CODE_PATTERN.fullmatch(r["code"]):
            raise InputError("code must look like B1, B2, ...", file=path, row=line, column="code", value=r["code"])
        if r["code"] in seen:
            raise InputError(
                f"duplicate code (also on row {seen[r['code']]})", file=path, row=line, column="code", value=r["code"]
            )
        seen[r["code"]] = line
        if r["pillar"] not in PILLARS:
            raise InputError(
                f"pillar must be one of {', '.join(PILLARS)}", file=path, row=line, column="pillar", value=r["pillar"]
            )
        for col in ("unit", "unit_kk"):  # printed beside the values, in English and in Kazakh
            if not r[col].strip():
                raise InputError(
                    "the unit is empty; give the indicator's unit (unit in English, unit_kk in Kazakh)",
                    file=path,
                    row=line,
                    column=col,
                    value=r[col],
                )
        for col in ("direction_thesis", "direction"):
            if r[col] not in ("1", "-1"):
                raise InputError(
                    "direction must be 1 (higher is better) or -1 (higher is worse)",
                    file=path,
                    row=line,
                    column=col,
                    value=r[col],
                )
            r[col] = int(r[col])
        if r["in_thesis_index"] not in ("true", "false"):
            raise InputError(
                "in_thesis_index must be true or false",
                file=path,
                row=line,
                column="in_thesis_index",
                value=r["in_thesis_index"],
            )
        r["in_thesis_index"] = r["in_thesis_index"] == "true"
        r["weight"] = _weight(path, line, r["weight"])
        records.append(r)
    indicators = pd.DataFrame(records, columns=INDICATOR_COLUMNS)
    for pillar in PILLARS:
        if not (indicators["pillar"] == pillar).any():
            raise InputError(f"no indicator belongs to the {pillar} pillar", file=path, column="pillar")
    return indicators


RANGE_COLUMNS = ["code", "lower", "upper", "why"]


def load_plausible_ranges(path: str | Path, indicators: pd.DataFrame) -> dict[str, tuple[float, float, str]]:
    """plausible_ranges.csv: {code: (lower, upper, why)}; every code must be a known indicator."""
    header, rows = read_csv_rows(path)
    _require_columns(path, header, RANGE_COLUMNS)
    known = set(indicators["code"])
    ranges: dict[str, tuple[float, float, str]] = {}
    for line, cells in rows:
        r = dict(zip(header, cells))
        if r["code"] not in known:
            raise InputError("unknown indicator code", file=path, row=line, column="code", value=r["code"])
        try:
            lower, upper = float(r["lower"]), float(r["upper"])
        except ValueError:
            raise InputError(
                "lower and upper must be numbers", file=path, row=line, column="lower", value=r["lower"]
            ) from None
        if lower >= upper:
            raise InputError("lower must be below upper", file=path, row=line, column="upper", value=r["upper"])
        ranges[r["code"]] = (lower, upper, r["why"])
    return ranges


HEADING_CORRECTION_COLUMNS = ["code", "as_printed", "should_read", "tables", "lines", "evidence_en", "evidence_kk"]


def load_heading_corrections(path: str | Path, indicators: pd.DataFrame) -> pd.DataFrame:
    """heading_corrections.csv: the slips of the dissertation's Kazakh indicator headings, one row each (the
    code, the words as printed, what they should read, where they are printed, why). indicators.csv keeps the
    headings as printed, so each `as_printed` must be found in its indicator's `name_kk` there: a correction that
    no longer matches the transcription stops here rather than name words the heading does not have."""
    header, rows = read_csv_rows(path)
    _require_columns(path, header, HEADING_CORRECTION_COLUMNS)
    name_kk = dict(zip(indicators["code"], indicators["name_kk"]))
    records = []
    for line, cells in rows:
        r = dict(zip(header, cells))
        if r["code"] not in name_kk:
            raise InputError("unknown indicator code", file=path, row=line, column="code", value=r["code"])
        for column in HEADING_CORRECTION_COLUMNS[1:]:
            if not r[column].strip():
                raise InputError("is empty: every correction needs all its columns", file=path, row=line, column=column)
        if r["as_printed"] not in name_kk[r["code"]]:
            raise InputError(
                f"is not in {r['code']}'s name_kk in indicators.csv (the headings are transcribed as printed)",
                file=path,
                row=line,
                column="as_printed",
                value=r["as_printed"],
            )
        if r["as_printed"] == r["should_read"]:
            raise InputError("should_read equals as_printed: nothing to correct", file=path, row=line)
        records.append(r)
    return pd.DataFrame(records, columns=HEADING_CORRECTION_COLUMNS)


SHORT_NAME_COLUMNS = ["code", "short_en", "short_kk"]
SHORT_NAME_CHARS = 28  # beside a heat map's rows on a 16 cm page, at 8 pt


def load_short_names(path: str | Path, indicators: pd.DataFrame) -> pd.DataFrame:
    """indicator_short_names.csv (code, short_en, short_kk): a name short enough to print beside a heat map's
    row, for every indicator of indicators.csv and no other; in indicators.csv's order, indexed by code."""
    header, rows = read_csv_rows(path)
    _require_columns(path, header, SHORT_NAME_COLUMNS)
    known = list(indicators["code"])
    records: dict[str, dict[str, str]] = {}
    for line, cells in rows:
        r = dict(zip(header, cells))
        if r["code"] not in known:
            raise InputError("unknown indicator code", file=path, row=line, column="code", value=r["code"])
        if r["code"] in records:
            raise InputError("duplicate code", file=path, row=line, column="code", value=r["code"])
        for column in ("short_en", "short_kk"):
            if not r[column].strip() or len(r[column]) > SHORT_NAME_CHARS:
                raise InputError(
                    f"a short name has 1 to {SHORT_NAME_CHARS} characters",
                    file=path,
                    row=line,
                    column=column,
                    value=r[column],
                )
        records[r["code"]] = r
    missing = [c for c in known if c not in records]
    if missing:
        raise InputError(f"no short name for {', '.join(missing)}", file=path, column="code")
    return pd.DataFrame([records[c] for c in known], columns=SHORT_NAME_COLUMNS).set_index("code")


TERRITORY_COLUMNS = ["unit_id", "name_kk", "name_en", "aliases", "first_year", "last_year", "territory", "note"]
UNIT_ID_PATTERN = re.compile(r"KZ-([0-9]{2}|[A-Z]{3})")


def _year(path: str | Path, line: int, *, column: str, text: str) -> int | None:
    if not text.strip():
        return None
    if not re.fullmatch(r"(19|20)[0-9]{2}", text.strip()):
        raise InputError(
            "a year has four digits, or is empty for no limit", file=path, row=line, column=column, value=text
        )
    return int(text)


def load_territories(path: str | Path, regions: pd.DataFrame) -> pd.DataFrame:
    """territories.csv: the units whose territory changed, one row per unit and period.

    A row says that `unit_id` existed from `first_year` to `last_year` (empty: no limit) and covered the territory
    of today's regions listed in `territory` (region ids of regions.csv, `|`-separated). A region of regions.csv
    without a row has had today's territory in every year. A unit that is not in regions.csv (South Kazakhstan,
    KZ-YUZ) gives its names here, and the other names a raw file may call it by in `aliases` (`|`-separated; a
    region of regions.csv has its aliases there). Returns unit_id, name_kk, name_en, aliases, first_year, last_year
    (Int64, <NA> for no limit), territory (a tuple of region ids) and note, in file order."""
    header, rows = read_csv_rows(path)
    _require_columns(path, header, TERRITORY_COLUMNS)
    known = set(regions["region_id"]) - {NATIONAL_ID}
    names = regions.set_index("region_id")
    records: list[dict[str, Any]] = []
    for line, cells in rows:
        r = dict(zip(header, cells))
        unit = r["unit_id"]
        if not UNIT_ID_PATTERN.fullmatch(unit):
            raise InputError(
                "unit_id must be a region id like KZ-63 or KZ-YUZ", file=path, row=line, column="unit_id", value=unit
            )
        first = _year(path, line, column="first_year", text=r["first_year"])
        last = _year(path, line, column="last_year", text=r["last_year"])
        if first is not None and last is not None and first > last:
            raise InputError(
                f"first_year is after last_year ({last})", file=path, row=line, column="first_year", value=first
            )
        territory = tuple(t.strip() for t in r["territory"].split("|") if t.strip())
        unknown = [t for t in territory if t not in known]
        if not territory or unknown:
            raise InputError(
                "territory lists today's regions of regions.csv, separated by |",
                file=path,
                row=line,
                column="territory",
                value=r["territory"],
            )
        if unit in known:
            if r["aliases"].strip():
                raise InputError(
                    "a region of regions.csv has its aliases there; aliases here are for a unit that is not in it",
                    file=path,
                    row=line,
                    column="aliases",
                    value=r["aliases"],
                )
            r["name_kk"], r["name_en"] = names.at[unit, "name_kk"], names.at[unit, "name_en"]
        elif not (r["name_kk"].strip() and r["name_en"].strip()):
            raise InputError(
                "a unit that is not in regions.csv needs name_kk and name_en",
                file=path,
                row=line,
                column="name_en",
                value=r["name_en"],
            )
        for earlier in records:
            if earlier["unit_id"] == unit and _overlap((earlier["first_year"], earlier["last_year"]), (first, last)):
                raise InputError(
                    f"two periods of {unit} overlap", file=path, row=line, column="first_year", value=r["first_year"]
                )
        records.append({**r, "first_year": first, "last_year": last, "territory": territory})
    table = pd.DataFrame(records, columns=TERRITORY_COLUMNS)
    for column in ("first_year", "last_year"):
        table[column] = table[column].astype("Int64")
    every_unit_names(regions, table, path)  # fails early on a name that names two units
    return table


def _overlap(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> bool:
    low = max(x for x in (a[0], b[0], -(10**6)) if x is not None)
    high = min(x for x in (a[1], b[1], 10**6) if x is not None)
    return low <= high


def units_of_year(territories: pd.DataFrame, regions: pd.DataFrame, year: int) -> pd.DataFrame:
    """The units that made up the country in `year`: unit_id, name_kk, name_en, territory (today's regions it
    covered). A region of regions.csv without a row in territories.csv is its own territory in every year; the
    national row is left out. Twenty units in 2022-2023, seventeen in 2018-2021, sixteen before."""
    listed = set(territories["unit_id"])
    units = [
        {"unit_id": r.region_id, "name_kk": r.name_kk, "name_en": r.name_en, "territory": (r.region_id,)}
        for r in regions.itertuples()
        if r.region_id != NATIONAL_ID and r.region_id not in listed
    ]
    for t in territories.itertuples():
        if (pd.isna(t.first_year) or t.first_year <= year) and (pd.isna(t.last_year) or year <= t.last_year):
            units.append({"unit_id": t.unit_id, "name_kk": t.name_kk, "name_en": t.name_en, "territory": t.territory})
    return pd.DataFrame(units, columns=["unit_id", "name_kk", "name_en", "territory"])


def territory_in(territories: pd.DataFrame, unit_id: str, year: int) -> tuple[str, ...] | None:
    """Today's regions `unit_id` covered in `year`; None when it was no unit of that year's map."""
    rows = territories[territories["unit_id"] == unit_id]
    if rows.empty:
        return (unit_id,)
    for t in rows.itertuples():
        if _in_period(t, year):
            return tuple(t.territory)
    return None


def _in_period(row: Any, year: int) -> bool:
    return bool(
        (pd.isna(row.first_year) or row.first_year <= year) and (pd.isna(row.last_year) or year <= row.last_year)
    )


def territory_changed(territories: pd.DataFrame, unit_id: str, *years: int) -> bool:
    """Whether `unit_id` covered another territory in the second of `years` (year_a, year_b) than in the first (or
    existed in only one of them): a panel or a trend line must not join its two values as if it were the same
    place. Called as territory_changed(territories, "KZ-63", 2021, 2023)."""
    year_a, year_b = years
    return territory_in(territories, unit_id, year_a) != territory_in(territories, unit_id, year_b)


def every_unit_names(
    regions: pd.DataFrame, territories: pd.DataFrame, path: str | Path = "territories.csv"
) -> dict[str, str]:
    """{normalised name or alias: unit_id} of every unit of every year's map: regions.csv's aliases, and the names
    and aliases territories.csv gives a unit that is not in regions.csv (South Kazakhstan). A name that names two
    units is an error."""
    mapping = alias_map(regions)
    for t in territories.itertuples():
        if t.unit_id in set(regions["region_id"]):
            continue
        for name in [t.unit_id, t.name_kk, t.name_en, *[a for a in str(t.aliases).split("|") if a.strip()]]:
            key = normalise_name(name)
            if mapping.get(key, t.unit_id) != t.unit_id:
                raise InputError(
                    f"name names two units ({mapping[key]} and {t.unit_id})", file=path, column="aliases", value=name
                )
            mapping[key] = t.unit_id
    return mapping


def regions_of_year(regions: pd.DataFrame, territories: pd.DataFrame, year: int) -> pd.DataFrame:
    """regions.csv as it reads for `year`'s map: the same columns (and a `territory` column, today's regions each
    unit covered, `|`-separated), the national row kept, a unit of regions.csv that did not exist in `year` left
    out, and a unit that is not in regions.csv (South Kazakhstan until 2017) in the place of the first region of
    its territory, as a region of that region's macro-region, with its names and aliases from territories.csv. For
    2022 on, regions.csv itself (and every territory its own region)."""
    units = units_of_year(territories, regions, year).set_index("unit_id")
    by_id = regions.set_index("region_id")
    extra = territories.drop_duplicates("unit_id").set_index("unit_id")
    rows: list[dict[str, str]] = []
    placed: set[str] = set()
    for r in regions.itertuples(index=False):
        for unit, t in units.iterrows():
            if unit not in by_id.index and unit not in placed and r.region_id == t["territory"][0]:
                macro = next(by_id.at[m, "macro_region"] for m in t["territory"] if by_id.at[m, "kind"] == "region")
                rows.append(
                    {
                        "region_id": unit,
                        "name_kk": t["name_kk"],
                        "name_en": t["name_en"],
                        "kind": "region",
                        "aliases": extra.at[unit, "aliases"],
                        "macro_region": macro,
                        "territory": "|".join(t["territory"]),
                    }
                )
                placed.add(unit)
        if r.region_id == NATIONAL_ID:
            rows.append({**r._asdict(), "territory": ""})
        elif r.region_id in units.index:
            rows.append({**r._asdict(), "territory": "|".join(units.at[r.region_id, "territory"])})
    return pd.DataFrame(rows, columns=[*REGION_COLUMNS, "territory"])


def load_year_regions(raw: str | Path, year: int | None) -> pd.DataFrame:
    """The regions of `year`'s map from data/raw/ (`raw`): regions.csv and territories.csv read and checked, then
    `regions_of_year`; for no year (the panel), regions.csv with every territory its own region."""
    regions = load_regions(Path(raw) / "regions.csv")
    territories = load_territories(Path(raw) / "territories.csv", regions)
    if year is None:
        return every_unit(regions, territories)
    return regions_of_year(regions, territories, int(year))


def every_unit(regions: pd.DataFrame, territories: pd.DataFrame) -> pd.DataFrame:
    """regions.csv and every unit of an earlier map that is not in it (South Kazakhstan), in the place
    `regions_of_year` gives it, for a table across the years (the panel); `territory`: a region's own id (its
    territory differs from year to year: `territory_in`), an earlier unit's territory."""
    table = regions.assign(territory=[("" if r == NATIONAL_ID else r) for r in regions["region_id"]])
    known = set(regions["region_id"])
    for unit in dict.fromkeys(u for u in territories["unit_id"] if u not in known):
        rows = territories[territories["unit_id"] == unit]
        year = int(rows["last_year"].dropna().max() if rows["last_year"].notna().any() else rows["first_year"].min())
        row = regions_of_year(regions, territories, year).set_index("region_id").loc[[unit]].reset_index()
        at = min(int(table.index[table["region_id"] == t][0]) for t in row.at[0, "territory"].split("|"))
        table = pd.concat([table.iloc[:at], row, table.iloc[at:]], ignore_index=True)
    return table


def not_on_the_map(regions: pd.DataFrame, territories: pd.DataFrame, unit_id: str, *, year: int) -> str | None:
    """Why `unit_id` (a unit of some year's map) cannot have a row in `year`'s files, and what to give instead; None
    when it is a unit of `year`'s map. 'Abai Region was not a unit of its own in 2021: its territory was part of
    East Kazakhstan Region (KZ-63); give East Kazakhstan Region's value for the whole territory'."""
    if territory_in(territories, unit_id, year) is not None:
        return None  # a unit of the year (a region without a row in territories.csv is one in every year)
    rows = list(territories[territories["unit_id"] == unit_id].itertuples())
    name = rows[0].name_en
    later = [t for t in rows if not pd.isna(t.first_year) and year < t.first_year]
    units = units_of_year(territories, regions, year)
    if later:
        own = set(min(later, key=lambda t: t.first_year).territory)
        holder = units[[own <= set(t) for t in units["territory"]]].iloc[0]
        return (
            f"{name} was not a unit of its own in {year}: its territory was part of {holder.name_en} "
            f"({holder.unit_id}); give {holder.name_en}'s value for the whole territory, in one row"
        )
    own = set(max(rows, key=lambda t: -1 if pd.isna(t.last_year) else int(t.last_year)).territory)
    heirs = units[[bool(own & set(t)) for t in units["territory"]]]
    last = max(int(t.last_year) for t in rows if not pd.isna(t.last_year))
    return (
        f"{name} no longer existed in {year} (its last year was {last}): its territory was "
        f"{' and '.join(f'{h.name_en} ({h.unit_id})' for h in heirs.itertuples())} by then; give each its own row"
    )
