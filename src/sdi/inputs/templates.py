"""make new-year: empty raw-data files for a new year, and a checklist for filling them in.

    python -m sdi.inputs.templates YEAR

writes data/raw/<YEAR>/social.csv, economic.csv, ecological.csv (every region of the year's map in the usual
order: 16 until 2017, 17 in 2018-2021, 20 from 2022, data/raw/territories.csv; every indicator as a column,
every cell empty) and README.md (the checklist, and each indicator
with its unit in English and Kazakh, its plausible range and the latest year's values for
orientation). It never overwrites: if any of these files exists it stops and changes nothing.
"""

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from sdi import PILLARS
from sdi.errors import InputError
from sdi.inputs.metadata import NATIONAL_ID, load_indicators, load_plausible_ranges, load_regions, load_year_regions
from sdi.inputs.opensdg import SERIES_FILE, imported_indicators, load_series_map
from sdi.inputs.readers import readable
from sdi.io import write_csv, write_text
from sdi.paths import available_years, raw_dir

TEMPLATE_FILES = [f"{p}.csv" for p in PILLARS] + ["README.md"]


def checklist(
    year: int | str,
    indicators: pd.DataFrame,
    ranges: Mapping[str, tuple[float, float, str]],
    *,
    previous: tuple[str, pd.DataFrame] | None,
    imported: Sequence[str] = (),
    regions: pd.DataFrame | None = None,
    today: Mapping[str, str] | None = None,
) -> str:
    """README.md of a new year's folder; `previous` is (year, clean long table) or None; `imported`, the indicators
    `make import-sdg` fills from the SDG platform; `regions`, the year's map (`metadata.regions_of_year`), named in
    the checklist when it is not today's (`today`: {region_id: English name} of regions.csv)."""
    lines = [
        f"# Raw data for {year}: to fill in",
        "",
        "Checklist — what to do, in order:",
        "",
        f"1. Fill in `social.csv`, `economic.csv` and `ecological.csv` with the {year} values, one row per region "
        "(already listed, in the usual order) and one column per indicator (codes below). Keep the region names "
        "as they are (any name or alias in `data/raw/regions.csv` also works).",
        "2. Use the units in the table below: the same as the dissertation's Tables 7–9.",
        "3. Write numbers with a decimal point (`5.6`, not `5,6`), without units or per cent signs; spaces between "
        "thousands (`1 234.5`) are fine. A spreadsheet in a Russian or Kazakh locale may save semicolon-separated CSV "
        "with decimal commas (`1 234,5`): that is read too.",
        "4. Leave a cell empty only if the value does not exist; say why in `PROVENANCE.md`. A region row left "
        "completely empty, or an indicator column left completely empty, stops the run.",
        "5. The national row (Қазақстан Республикасы) is optional: fill it in or leave it empty.",
        "6. Write `PROVENANCE.md` in this folder: the source of each file (publication, table, page), as "
        "`data/raw/2023/PROVENANCE.md` does.",
        f"7. Save each file as CSV UTF-8, then run `make all YEAR={year}`. If a value is wrong it stops and says "
        "which file, row, column and value; fix it and run it again.",
        f"8. The results are in `reports/{year}/html/index.html`. With two or more years, `make all` also "
        "compares the years (notebook 09).",
        f"9. When the numbers are final, record their checksums, so that a later change shows: "
        f"`(cd data/raw && sha256sum {year}/* >> SHA256SUMS)`. `make test` names any file of `data/raw/` "
        "without one.",
        "",
        *_map_lines(year, regions, today or {}),
        *(
            [
                f"Before step 1, `make import-sdg YEAR={year}` fills {len(imported)} indicators "
                f"({', '.join(imported)}) from the statistics bureau's SDG platform, for every region it publishes "
                f"for {year} (`SDG_DATA=<folder>` for a newer download of its data); it never overwrites a filled "
                "cell, reports one that differs, and writes the source of each column into `PROVENANCE.md`. The "
                "other indicators, and the regions it does not publish, are for you.",
                "",
            ]
            if imported
            else []
        ),
        "## The indicators",
        "",
        "| code | pillar | indicator | көрсеткіш | unit | higher is | plausible range |"
        + (f" {previous[0]} min – max |" if previous else ""),
        "|---|---|---|---|---|---|---|" + ("---|" if previous else ""),
    ]
    stats = None
    if previous:
        regional = previous[1][previous[1]["region_id"] != NATIONAL_ID]
        stats = regional.groupby("indicator")["value"].agg(["min", "max"])
    for r in indicators.itertuples():
        lower, upper, _ = ranges.get(r.code, (None, None, ""))
        better = "better" if r.direction == 1 else "worse"
        row = (
            f"| {r.code} | {r.pillar} | {r.name_en} | {r.name_kk} | {r.unit} | {better} | "
            # mypy cannot see that upper is None only where lower is (an indicator without a plausible range)
            f"{'' if lower is None else f'{readable(lower)} to {readable(upper)}'} |"  # type: ignore[arg-type]
        )
        if stats is not None:
            row += (
                f" {readable(stats.at[r.code, 'min'])} – {readable(stats.at[r.code, 'max'])} |"
                if r.code in stats.index
                else " |"
            )
        lines.append(row)
    return "\n".join(lines) + "\n"


def _map_lines(year: int | str, regions: pd.DataFrame | None, today: Mapping[str, str]) -> list[str]:
    """A paragraph on the year's map of regions where it is not today's (16 or 17 units), else none; `today`:
    {region_id: English name} of regions.csv."""
    if regions is None or "territory" not in regions:
        return []
    units = regions[regions["region_id"] != NATIONAL_ID]
    if all(r.region_id == r.territory for r in units.itertuples()):
        return []
    merged = "; ".join(
        f"{r.name_en} ({r.name_kk}) covered what is today {' and '.join(today[t] for t in r.territory.split('|'))}"
        for r in units.itertuples()
        if "|" in r.territory
    )
    return [
        f"The map of regions of {year} is not today's: it has {len(units)} units (`data/raw/territories.csv`), "
        f"each already a row of the files. {merged}. Give each unit's value for its whole territory of {year}, as "
        "that year's yearbook prints it; a row of a region that did not exist in that year stops the run with a "
        "message saying which unit's row holds its territory.",
        "",
    ]


def write_templates(root: str | Path, year: int | str) -> list[Path]:
    """Create the new year's folder and files; refuse if any of them exists."""
    root = Path(root)
    folder = raw_dir(root, year)
    existing = [folder / f for f in TEMPLATE_FILES if (folder / f).exists()]
    if existing:
        raise InputError(
            "already exists; make new-year never overwrites (fill the files in, or delete the folder to start again)",
            file=existing[0],
        )
    regions = load_year_regions(root / "data/raw", int(year))
    today = load_regions(root / "data/raw/regions.csv")
    today_names = dict(zip(today["region_id"], today["name_en"]))
    indicators = load_indicators(root / "data/raw/indicators.csv")
    ranges = load_plausible_ranges(root / "data/raw/plausible_ranges.csv", indicators)
    earlier = [y for y in available_years(root) if int(y) < int(year)]
    clean = root / "data/processed" / (earlier[-1] if earlier else "-") / "clean.csv"
    previous = (earlier[-1], pd.read_csv(clean)) if earlier and clean.is_file() else None
    written = []
    for pillar in PILLARS:
        codes = list(indicators.loc[indicators["pillar"] == pillar, "code"])
        template = pd.DataFrame({"region": regions["name_kk"], **dict.fromkeys(codes, "")})
        written.append(write_csv(template, folder / f"{pillar}.csv"))
    series = root / "data/raw" / SERIES_FILE
    imported = imported_indicators(load_series_map(series, indicators)) if series.is_file() else []
    written.append(
        write_text(
            checklist(
                year, indicators, ranges, previous=previous, imported=imported, regions=regions, today=today_names
            ),
            folder / "README.md",
        )
    )
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not args[0].isdigit() or len(args[0]) != 4:
        print("usage: make new-year YEAR=2024 (one four-digit year)", file=sys.stderr)
        return 1
    try:
        written = write_templates(".", args[0])
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(
        f"created {', '.join(str(p) for p in written)}\nnext: read {written[-1]}, fill in the three CSV files, "
        f"then run: make all YEAR={args[0]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
