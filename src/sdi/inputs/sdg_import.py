"""make import-sdg: a year's raw files filled from the statistics bureau's SDG platform.

    python -m sdi.inputs.sdg_import YEAR [--from FOLDER]

For every indicator data/raw/sdg_series.csv maps to a platform series of the `same` measure (a `related` one, such
as another price base, is never imported), the platform's value of each region for YEAR goes into the year's raw
file (data/raw/<YEAR>/social.csv, economic.csv, ecological.csv; made from the `make new-year` templates when the
folder has none of them). FOLDER is the platform's data in its own layout (`FOLDER/data/indicator_*.csv`; default
data/external/opensdg), e.g. a newer download.

- A filled cell is never overwritten: where it differs from the platform beyond the printed rounding, the file,
  row, column and both values are reported, and the cell is kept.
- What the platform does not publish for YEAR stays empty, for a person to fill in.
- The files hold YEAR's map of regions (16 units until 2017, 17 in 2018-2021; data/raw/territories.csv). Where the
  platform gives YEAR on a later map (rows of Abai in 2021, of Shymkent and Turkistan in 2016), those rows are not
  imported, and neither is the value of a unit whose territory they cut (East Kazakhstan's 2021 row in such a
  series is East Kazakhstan without Abai): both are reported, and the cells left for a person.
- The source of each imported column (platform file, filters, its SHA-256, cells filled) is written into the year's
  PROVENANCE.md, in a section the next import replaces.
- Bad platform data (a region twice in one year, an unknown region code, a value that is not a number, a row with a
  cell too few, a file without the expected columns) stops it with one line naming the file, the year and the
  region, and nothing is written. Defects a person has read and decided on are listed in data/raw/sdg_defects.csv
  and left out.
"""

import csv
import hashlib
import io
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from sdi import PILLARS
from sdi.errors import InputError
from sdi.inputs import opensdg, templates
from sdi.inputs.cleaning import other_map
from sdi.inputs.metadata import (
    NATIONAL_ID,
    alias_map,
    load_indicators,
    load_regions,
    load_territories,
    load_year_regions,
    normalise_name,
    territory_in,
)
from sdi.inputs.readers import number_text, read_csv_table
from sdi.io import write_text
from sdi.paths import raw_dir

PROVENANCE = "PROVENANCE.md"
BEGIN, END = "<!-- import-sdg: begin -->", "<!-- import-sdg: end -->"


@dataclass
class ImportReport:
    """What an import did: the lines it prints."""

    filled: dict[str, int] = field(default_factory=dict)  # {indicator: cells filled}
    kept: list[str] = field(default_factory=list)  # filled cells that differ from the platform
    not_published: dict[str, list[str]] = field(default_factory=dict)  # {indicator: region_ids}
    other_map: list[str] = field(default_factory=list)  # rows on a later map of regions, not imported
    written: list[Path] = field(default_factory=list)

    def lines(self, regions: int) -> list[str]:
        """What to print; `regions`: how many regions the year's files have."""
        out = [f"{code}: {n} cell(s) filled" for code, n in self.filled.items() if n]
        out += [f"kept (differs from the platform): {line}" for line in self.kept]
        out += [f"not imported (another map of regions): {line}" for line in self.other_map]
        for code, ids in self.not_published.items():
            if len(ids) == regions:
                out.append(f"{code}: the platform publishes no regional value for this year (left for a person)")
            elif ids:
                out.append(f"{code}: not published for {', '.join(ids)} (left for a person)")
        return out


def _text(value: opensdg.PlatformValue, spec: opensdg.SeriesSpec) -> str:
    """The value as it goes into the raw file: in the indicator's unit, with the decimals the platform gives."""
    if spec.factor == 1 and spec.decimals is None:
        return value.text
    number = value.number.quantize(Decimal(1).scaleb(-value.decimals)) if spec.decimals is not None else value.number
    return format(number, "f")


def _platform_values(
    root: Path, year: int, folder: Path
) -> tuple[list[tuple[opensdg.SeriesSpec, opensdg.PlatformSeries]], dict[str, str]]:
    """Every same-measure series' values for `year`, checked; the first problem of that year raises."""
    raw = root / "data" / "raw"
    indicators = load_indicators(raw / "indicators.csv")
    specs = opensdg.load_series_map(raw / opensdg.SERIES_FILE, indicators)
    codes = opensdg.load_codes(raw)
    defects = opensdg.load_defects(raw / opensdg.DEFECTS_FILE) if (raw / opensdg.DEFECTS_FILE).is_file() else {}
    read: list[tuple[opensdg.SeriesSpec, opensdg.PlatformSeries]] = []
    for spec in specs:
        if spec.relation != "same":
            continue
        series = opensdg.read_series(folder, spec, codes, skip=defects.get(spec.file))
        problems = series.problems_in(year)
        if problems:
            raise problems[0].error()
        read.append((spec, series))
    pillar_of = dict(zip(indicators["code"], indicators["pillar"]))
    return read, pillar_of


def later_map(
    series: opensdg.PlatformSeries,
    year: int,
    units: Sequence[str],
    *,
    names: Mapping[str, str],
    territories: pd.DataFrame,
) -> tuple[dict[str, str], list[str]]:
    """Where `series` gives `year` on a later map of regions (a row of a unit made after `year`, as Abai in 2021):
    ({unit of the year: why its value is not imported}, the lines that say so). A unit of the year whose territory
    such a unit was cut from, and which kept its name (East Kazakhstan), has a value for the smaller territory in
    that block; a unit that ended with the change (South Kazakhstan) has its own code, and its value stands.
    `names`: {unit_id: English name} of every unit."""
    later = sorted(rid for y, rid in series.later_map if y == year)
    if not later:
        return {}, []
    rows = ", ".join(f"{names.get(u, u)} (row {series.later_map[(year, u)]})" for u in later)
    lines = [f"{series.spec.indicator}: {series.spec.file} gives {year} on a later map of regions: {rows} not imported"]
    dropped: dict[str, str] = {}
    for u in later:
        first = min(int(t) for t in territories.loc[territories["unit_id"] == u, "first_year"].dropna() if t > year)
        cut = set(territory_in(territories, u, first) or ())
        for unit in units:
            own = territory_in(territories, unit, year) or ()
            after = territory_in(territories, unit, first)
            if cut & set(own) and after is not None and tuple(after) != tuple(own):
                dropped[unit] = f"its row there is for its territory without {names.get(u, u)}"
    lines += [
        f"{series.spec.indicator}: {names.get(unit, unit)} ({unit}) not imported, {why} (left for a person)"
        for unit, why in dropped.items()
    ]
    return dropped, lines


def _provenance(
    year: int, series: list[tuple[opensdg.SeriesSpec, opensdg.PlatformSeries]], report: ImportReport, *, folder: str
) -> str:
    lines = [
        BEGIN,
        "## Imported from the SDG platform (`make import-sdg`)",
        "",
        f"The columns below were filled by `make import-sdg YEAR={year}` from the statistics bureau's SDG platform "
        f"(Open SDG; files in `{folder}`, their source in its README.md). A cell already filled was kept; a cell the "
        "platform does not publish was left empty. This section is replaced by the next import.",
        "",
        "| column | platform file | filters (other columns: totals) | SHA-256 of the platform file | cells filled |",
        "|---|---|---|---|---|",
    ]
    for spec, s in series:
        if not report.filled.get(spec.indicator):
            continue
        filters = ";".join(f"{k}={v}" for k, v in spec.filters.items()) or "none"
        digest = hashlib.sha256(s.path.read_bytes()).hexdigest()
        lines.append(f"| {spec.indicator} | {spec.file} | {filters} | `{digest}` | {report.filled[spec.indicator]} |")
    if report.other_map:
        lines += ["", f"Not imported: the platform gives {year} on a later map of regions in these series.", ""]
        lines += [f"- {line}" for line in report.other_map]
    return "\n".join([*lines, END]) + "\n"


def _with_section(existing: str | None, section: str, year: int) -> str:
    if existing is None:
        return f"# Provenance of data/raw/{year}\n\n{section}"
    if BEGIN in existing and END in existing:
        start, end = existing.index(BEGIN), existing.index(END) + len(END)
        return existing[:start] + section.rstrip("\n") + existing[end:]
    return existing.rstrip("\n") + "\n\n" + section


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def import_year(root: str | Path, year: int, *, folder: str | Path | None = None) -> ImportReport:
    """Fill data/raw/<year>/ from the platform (see the module's docstring); what was done."""
    root = Path(root)
    source = root / opensdg.DEFAULT_FOLDER if folder is None else Path(folder)
    series, pillar_of = _platform_values(root, year, source)  # raises before anything is written
    target = raw_dir(root, year)
    files = {p: target / f"{p}.csv" for p in PILLARS}
    present = [p for p in PILLARS if files[p].exists()]
    if present and len(present) != len(PILLARS):
        missing = [str(files[p]) for p in PILLARS if p not in present]
        raise InputError(
            f"is there but {', '.join(missing)} is not: make new-year YEAR={year} makes all three, or delete the "
            "folder's files to start again",
            file=files[present[0]],
        )
    regions = load_year_regions(root / "data" / "raw", year)  # the year's map of regions
    today = load_regions(root / "data" / "raw" / "regions.csv")
    territories = load_territories(root / "data" / "raw" / "territories.csv", today)
    units = [r for r in regions["region_id"] if r != NATIONAL_ID]
    unit_names = {
        **dict(zip(today["region_id"], today["name_en"])),
        **dict(zip(regions["region_id"], regions["name_en"])),
    }
    names = alias_map(regions)
    tables = {p: read_csv_table(files[p]) for p in present}  # read (and checked) before anything is written
    report = ImportReport()
    if not present:
        report.written += templates.write_templates(root, year)
        tables = {p: read_csv_table(files[p]) for p in PILLARS}
    out: dict[str, list[list[str]]] = {p: [list(cells) for _, cells in tables[p].rows] for p in PILLARS}
    for spec, s in series:
        pillar = pillar_of[spec.indicator]
        table = tables[pillar]
        if spec.indicator not in table.header:
            raise InputError(f"has no column {spec.indicator}", file=files[pillar], row=1)
        column = table.header.index(spec.indicator)
        report.filled[spec.indicator] = 0
        report.not_published[spec.indicator] = []
        dropped, lines = later_map(s, year, units, names=unit_names, territories=territories)
        report.other_map += lines
        for (line, cells), row in zip(table.rows, out[pillar]):
            rid = names.get(normalise_name(cells[0]))
            if rid is None:
                reason = other_map(cells[0], target) or "unknown region"
                raise InputError(reason, file=files[pillar], row=line, column="region", value=cells[0])
            if rid == NATIONAL_ID:
                continue  # the national row: optional, not imported
            if rid in dropped:
                continue  # the platform's row is for another territory (reported)
            value = s.values.get((year, rid))
            if value is None:
                if cells[column] == "":
                    report.not_published[spec.indicator].append(rid)
                continue
            if cells[column] == "":
                row[column] = _text(value, spec)
                report.filled[spec.indicator] += 1
                continue
            plain = number_text(
                cells[column], decimal_comma=table.decimal_comma, file=files[pillar], row=line, column=spec.indicator
            )
            equal, _, _ = opensdg.agreement(plain, value)
            if not equal:
                report.kept.append(
                    f"{files[pillar]}, row {line}, column {spec.indicator}: the file has {cells[column]}, the platform "
                    f"{value.text} ({spec.file}, row {value.row})"
                )
    changed = [p for p in PILLARS if out[p] != [list(cells) for _, cells in tables[p].rows]]
    for p in changed:
        if tables[p].decimal_comma:
            raise InputError(
                "is semicolon-separated: the import writes comma-separated CSV; save it as CSV UTF-8 first",
                file=files[p],
            )
    for p in changed:
        report.written.append(write_text(_csv_text(tables[p].header, out[p]), files[p]))
    if any(report.filled.values()):
        shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
        provenance = target / PROVENANCE
        existing = provenance.read_text(encoding="utf-8") if provenance.is_file() else None
        text = _with_section(existing, _provenance(year, series, report, folder=shown), year)
        report.written.append(write_text(text, provenance))
    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    folder = None
    if len(args) == 3 and args[1] == "--from" and args[2]:
        folder, args = args[2], args[:1]
    if len(args) != 1 or not args[0].isdigit() or len(args[0]) != 4:
        print("usage: make import-sdg YEAR=2023 [SDG_DATA=<folder>] (one four-digit year)", file=sys.stderr)
        return 1
    try:
        report = import_year(".", int(args[0]), folder=folder)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    year_regions = load_year_regions(Path("data/raw"), int(args[0]))
    for line in report.lines(int((year_regions["region_id"] != NATIONAL_ID).sum())):
        print(line)
    written = list(dict.fromkeys(str(p) for p in report.written))  # a template filled at once is named once
    print(f"wrote {', '.join(written)}" if written else "nothing to fill: wrote nothing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
