"""Are the inputs right? Each raw value against the statistics bureau's SDG platform, and what a difference changes.

For a year with raw data (data/raw/<year>/) and every indicator data/raw/sdg_series.csv maps to a platform series
(read by `sdi.inputs.opensdg` from data/external/opensdg/), each region's raw value is compared with the
platform's for the same region and year:

- `equal`: within the printed rounding: half a unit of the last decimal of the coarser of the two prints (the raw
  value as printed, or the platform's value; a platform series that writes whole numbers as `2016.0` counts as
  whole numbers, the mapping's `decimals`). A value printed 42.32 in the dissertation and 42.3 on the platform is
  equal: the platform's 42.3 stands for anything from 42.25 to 42.35;
- `differs`: by `difference` (platform minus raw, in the dissertation's unit) and `relative_difference`
  (the difference over the raw value's size);
- `not_published`: the platform has no value for the region and year; `published_twice`: two different values;
  `raw_blank`: the platform has a value where the raw cell is empty.

A verdict per indicator counts them. Where a value of an indicator measured the same way (`relation` `same`)
differs, the index is recomputed with the platform's values in place of the raw ones, by the library's own steps
(`normalisation.score_table`, `index.index_table`, `typology.add_levels`), for the `thesis` and `corrected`
methods, and the ranks and levels that move are listed. A `related` series (another price base, another
threshold) is compared but never put in place of a raw value.

Every word a reader sees is in `TEXT` (English and Kazakh), so that it can move into a bilingual catalogue.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from sdi import PILLARS, io, paths
from sdi.inputs import cleaning, metadata, opensdg, sdg_import
from sdi.inputs.metadata import NATIONAL_ID
from sdi.method import index, normalisation, typology
from sdi.method.context import METHOD_SETTINGS, Run, read_method_settings
from sdi.method.methods import METHODS, get_method

PLATFORM_COMMIT = "72277878d"  # data/external/opensdg/README.md
STATUSES = ("equal", "differs", "not_published", "published_twice", "raw_blank")
VALUE_COLUMNS = [
    "year",
    "indicator",
    "relation",
    "region_id",
    "region",
    "raw",
    "platform",
    "status",
    "difference",
    "relative_difference",
    "tolerance",
    "platform_file",
    "platform_row",
    "raw_file",
    "raw_row",
]
INDICATOR_COLUMNS = [
    "year",
    "indicator",
    "platform_file",
    "relation",
    *STATUSES,
    "verdict",
    "largest_difference",
    "platform_problems",
    "note",
]
CONSEQUENCE_COLUMNS = [
    "method",
    "region_id",
    "index",
    "raw_value",
    "platform_value",
    "raw_rank",
    "platform_rank",
    "rank_change",
    "raw_level",
    "platform_level",
]
OUTPUT_FILES = ("input_audit.csv", "input_audit_indicators.csv", "input_audit_consequence.csv")


@dataclass(frozen=True)
class InputAudit:
    year: int
    values: pd.DataFrame  # VALUE_COLUMNS
    indicators: pd.DataFrame  # INDICATOR_COLUMNS
    consequence: pd.DataFrame  # CONSEQUENCE_COLUMNS; empty when no same-measure value differs
    coded: int  # indicators with an SDG code (rows of sdg_series.csv)
    no_series: int  # of them, without a regional series


def _plain(number: Decimal) -> str:
    """A Decimal as plain text, never in exponent form, without trailing zeros after the point."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def compare(raw_text: str, platform: opensdg.PlatformValue | None, *, twice: bool = False) -> tuple[str, str, str, str]:
    """(status, difference, relative_difference, tolerance) of one raw cell (its plain text, '' when empty) and the
    platform's value; the numbers as plain text ('' where there is none)."""
    if twice:
        return "published_twice", "", "", ""
    if platform is None:
        return "not_published", "", "", ""
    if raw_text == "":
        return "raw_blank", "", "", ""
    equal, difference, tolerance = opensdg.agreement(raw_text, platform)
    relative = (difference / abs(Decimal(raw_text))).quantize(Decimal("0.0001")) if Decimal(raw_text) else None
    status = "equal" if equal else "differs"
    return status, _plain(difference), "" if relative is None else _plain(relative), _plain(tolerance)


def other_territory(series: opensdg.PlatformSeries, year: int, run: Run) -> tuple[set[str], str]:
    """Where `series` gives `year` on a later map of regions (Abai's row in 2021): (the units of the year whose
    platform row is for another territory, East Kazakhstan without Abai, so not compared; what the per-indicator
    table says of it, '' when nothing). The rule is the import's (`sdg_import.later_map`)."""
    later = sorted(rid for y, rid in series.later_map if y == year)
    if not later:
        return set(), ""
    names = {**metadata.region_names(metadata.load_regions(run.root / "data" / "raw" / "regions.csv"), "en")}
    names |= dict(run.region_names["en"])
    units = [r for r in run.regions["region_id"] if r != NATIONAL_ID]
    dropped, _ = sdg_import.later_map(series, year, units, names=names, territories=run.territories)
    rows = ", ".join(f"{names.get(u, u)} (row {series.later_map[(year, u)]})" for u in later)
    note = f"gives {year} on a later map of regions: {rows}"
    if dropped:
        note += "; not compared: " + ", ".join(f"{names.get(u, u)}, {why}" for u, why in sorted(dropped.items()))
    return set(dropped), note


def compare_year(run: Run, *, folder: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values, per indicator) for `run.year`: every mapped indicator and every unit of the year's map of regions
    (`run.regions`: 16 until 2017, 17 in 2018-2021, 20 from 2022), each against the platform's row of the same
    unit and year. Where the platform gives the year on a later map (rows of Abai in 2021), a unit whose row is
    then for a smaller territory (East Kazakhstan without Abai) is `not_published`, and the indicator's
    `platform_problems` says why.

    `folder`: the platform's files (default data/external/opensdg/ under the project root)."""
    raw_path = run.root / "data" / "raw"
    specs = opensdg.load_series_map(raw_path / opensdg.SERIES_FILE, run.indicators)
    codes = opensdg.load_codes(raw_path)
    cells = opensdg.raw_cells(run.raw, run.regions)
    root = Path(run.root)
    folder = root / opensdg.DEFAULT_FOLDER if folder is None else Path(folder)
    year = int(run.year)  # type: ignore[arg-type]
    regions = [r for r in run.regions["region_id"] if r != NATIONAL_ID]
    rows: list[list[object]] = []
    summary: list[list[object]] = []
    for spec in specs:
        if not spec.file:
            continue
        series = opensdg.read_series(folder, spec, codes)
        elsewhere, later_note = other_territory(series, year, run)
        counts = dict.fromkeys(STATUSES, 0)
        largest: Decimal | None = None
        for rid in regions:
            cell = cells.get((spec.indicator, rid))
            value = None if rid in elsewhere else series.values.get((year, rid))
            twice = (year, rid) in series.twice and rid not in elsewhere
            status, difference, relative, tolerance = compare(cell[0] if cell else "", value, twice=twice)
            counts[status] += 1
            if status == "differs" and (largest is None or abs(Decimal(difference)) > abs(largest)):
                largest = Decimal(difference)
            platform_text = (
                " / ".join(v.text for v in series.twice[(year, rid)]) if twice else value.text if value else ""
            )
            platform_row = (
                " / ".join(str(v.row) for v in series.twice[(year, rid)]) if twice else value.row if value else ""
            )
            rows.append(
                [
                    year,
                    spec.indicator,
                    spec.relation,
                    rid,
                    run.region_names["en"][rid],
                    cell[0] if cell else "",
                    platform_text,
                    status,
                    difference,
                    relative,
                    tolerance,
                    _relative(series.path, root),
                    platform_row,
                    _relative(cell[1], root) if cell else "",
                    cell[2] if cell else "",
                ]
            )
        problems = series.problems_in(year)
        summary.append(
            [
                year,
                spec.indicator,
                spec.file,
                spec.relation,
                *(counts[s] for s in STATUSES),
                _verdict(counts),
                "" if largest is None else _plain(largest),
                " | ".join([f"row {p.row}: {p.message}" for p in problems] + ([later_note] if later_note else [])),
                spec.note,
            ]
        )
    return pd.DataFrame(rows, columns=VALUE_COLUMNS), pd.DataFrame(summary, columns=INDICATOR_COLUMNS)


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _verdict(counts: dict[str, int]) -> str:
    """`equal` (every value compared is), `differs in N` or `not published` (nothing to compare)."""
    compared = counts["equal"] + counts["differs"]
    if compared == 0:
        return "not published"
    if counts["differs"]:
        return f"differs in {counts['differs']} of {compared}"
    return f"equal in {compared}"


def recompute(wide: pd.DataFrame, indicators: pd.DataFrame, method: str, *, missing: str = "worst") -> pd.DataFrame:
    """Indices, ranks and levels from regional values (rows region_id, columns indicator codes) by the library's
    steps 03-05: the same calls as notebooks 03 and 04."""
    spec = get_method(method, missing)
    scores = normalisation.score_table(wide, indicators, spec.direction_column, missing=spec.missing)
    table = index.index_table(scores, indicators, spec.include_column, min_coverage=spec.min_coverage)
    return typology.add_levels(table)


def substituted(clean: pd.DataFrame, values: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(raw wide, wide with the platform's value in place of each differing raw value of a same-measure series)."""
    raw = cleaning.regional_values(clean)
    platform = raw.copy()
    swap = values[(values["status"] == "differs") & (values["relation"] == "same")]
    for _, r in swap.iterrows():
        platform.loc[r["region_id"], r["indicator"]] = float(Decimal(r["raw"]) + Decimal(r["difference"]))
    return raw, platform


def consequence(
    clean: pd.DataFrame, values: pd.DataFrame, indicators: pd.DataFrame, *, missing: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Per method, region and index: the value, rank and level from the raw values and from the platform's in
    their place (empty when no same-measure value differs). `missing`: {method: missing-value policy} (default
    `worst`, the dissertation's)."""
    raw, platform = substituted(clean, values)
    if raw.equals(platform):
        return pd.DataFrame(columns=CONSEQUENCE_COLUMNS)
    rows: list[list[object]] = []
    for method in METHODS:
        policy = (missing or {}).get(method, "worst")
        before = recompute(raw, indicators, method, missing=policy)
        after = recompute(platform, indicators, method, missing=policy)
        after = after.set_index("region_id").loc[before["region_id"]].reset_index()
        for name in (*PILLARS, "isdr"):
            for b, a in zip(before.itertuples(index=False), after.itertuples(index=False)):
                old_rank, new_rank = getattr(b, f"rank_{name}"), getattr(a, f"rank_{name}")
                rows.append(
                    [
                        method,
                        b.region_id,
                        name,
                        getattr(b, name),
                        getattr(a, name),
                        old_rank,
                        new_rank,
                        int(new_rank) - int(old_rank),
                        getattr(b, f"level_{name}"),
                        getattr(a, f"level_{name}"),
                    ]
                )
    return pd.DataFrame(rows, columns=CONSEQUENCE_COLUMNS)


def audit_year(run: Run, *, folder: str | Path | None = None, missing: str | None = None) -> InputAudit:
    """The whole input audit of `run.year` (values, verdicts, consequence) on the year's units. `missing`: the
    missing-value policy of both methods' recomputation (make's MISSING); without it, the one each method's run
    recorded (method.json, notebook 03), `worst` before any run."""
    values, per_indicator = compare_year(run, folder=folder)
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    recorded = {m: paths.processed_dir(run.root, run.year, m) / METHOD_SETTINGS for m in METHODS}
    if missing is None:
        policies = {
            m: read_method_settings(run.root, run.year, m)["missing"] for m, p in recorded.items() if p.is_file()
        }
    else:
        policies = dict.fromkeys(METHODS, missing)
    specs = opensdg.load_series_map(run.root / "data" / "raw" / opensdg.SERIES_FILE, run.indicators)
    return InputAudit(
        year=int(run.year),  # type: ignore[arg-type]
        values=values,
        indicators=per_indicator,
        consequence=consequence(clean, values, run.indicators, missing=policies),
        coded=len(specs),
        no_series=sum(1 for s in specs if not s.file),
    )


def write_outputs(audit: InputAudit, folder: str | Path) -> list[Path]:
    """input_audit.csv, input_audit_indicators.csv, input_audit_consequence.csv in `folder`."""
    tables = (audit.values, audit.indicators, audit.consequence)
    return [io.write_csv(table, Path(folder) / name) for table, name in zip(tables, OUTPUT_FILES)]
