"""A year on its own map of regions (16 units until 2017, 17 in 2018-2021; data/raw/territories.csv): the raw files
hold that year's units, a row of another map's unit is refused with one line saying which unit holds its
territory, and the maps draw an old unit as one territory. The units and their territories are the country's
history, written here by hand."""

import csv

import pytest
import shapely
from conftest import copy_raw
from synthetic import write_year_on_map

from sdi.errors import InputError
from sdi.inputs import cleaning, metadata, templates
from sdi.publish import maps


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    """data/raw with 2023 and a synthetic 2017 (16 units) and 2021 (17)."""
    raw = copy_raw(tmp_path_factory.mktemp("maps") / "raw")
    for year in (2017, 2021):
        write_year_on_map(raw, year)
    return raw


def clean(raw, year, folder=None):
    indicators = metadata.load_indicators(raw / "indicators.csv")
    return cleaning.clean_year(folder or raw / str(year), metadata.load_year_regions(raw, year), indicators)


def with_row_renamed(raw, year, old, new, pillar="economic"):
    """The year's file with the row of `old` named `new`: (the file's text before, the row changed)."""
    folder = raw / f"{year}"
    path = folder / f"{pillar}.csv"
    kept = path.read_text(encoding="utf-8")
    rows = list(csv.reader(kept.splitlines()))
    line = next(i for i, r in enumerate(rows) if r[0] == old)
    rows[line][0] = new
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return kept, line + 1


@pytest.mark.parametrize(
    "year, old, new, says",
    [
        (
            2021,
            "Шығыс Қазақстан облысы",
            "Абай облысы",
            "Abai Region was not a unit of its own in 2021: its territory was part of East Kazakhstan Region (KZ-63); "
            "give East Kazakhstan Region's value for the whole territory, in one row",
        ),
        (
            2017,
            "Оңтүстік Қазақстан облысы",
            "г. Шымкент",
            "Shymkent was not a unit of its own in 2017: its territory was part of South Kazakhstan Region (KZ-YUZ)",
        ),
        (
            2017,
            "Оңтүстік Қазақстан облысы",
            "Туркестанская область",
            "Turkistan Region was not a unit of its own in 2017: its territory was part of South Kazakhstan Region",
        ),
    ],
)
def test_a_unit_of_another_map_is_refused_with_its_place(raw, year, old, new, says):
    path = raw / str(year) / "economic.csv"
    kept, row = with_row_renamed(raw, year, old, new)
    try:
        with pytest.raises(InputError) as error:
            clean(raw, year)
    finally:
        path.write_text(kept, encoding="utf-8")
    assert str(error.value).startswith(f"{path}, row {row}, column region, value '{new}': {says}")


def test_south_kazakhstan_in_2023_is_refused_with_its_heirs(raw):
    path = raw / "2023" / "social.csv"
    kept, row = with_row_renamed(raw, 2023, "Түркістан", "ЮКО", pillar="social")
    try:
        with pytest.raises(InputError) as error:
            clean(raw, 2023)
    finally:
        path.write_text(kept, encoding="utf-8")
    assert str(error.value) == (
        f"{path}, row {row}, column region, value 'ЮКО': South Kazakhstan Region no longer existed in 2023 (its last "
        "year was 2017): its territory was Turkistan Region (KZ-61) and Shymkent (KZ-79) by then; give each its own row"
    )


def test_a_unit_missing_from_an_old_year_is_named(raw):
    path = raw / "2017" / "ecological.csv"
    kept = path.read_text(encoding="utf-8")
    path.write_text(
        "".join(line for line in kept.splitlines(keepends=True) if not line.startswith("Оңтүстік Қазақстан")),
        encoding="utf-8",
    )
    try:
        with pytest.raises(InputError) as error:
            clean(raw, 2017)
    finally:
        path.write_text(kept, encoding="utf-8")
    assert str(error.value) == (
        f"{path}, column region: region(s) missing: KZ-YUZ (South Kazakhstan Region); the map of 2017 has 16 units "
        "(data/raw/territories.csv), each in one row"
    )


@pytest.mark.parametrize("year, units", [(2017, 16), (2021, 17)])
def test_an_old_year_is_cleaned_on_its_own_map(raw, year, units):
    table, log = clean(raw, year)
    regional = cleaning.regional_values(table)
    assert len(regional) == units
    assert ("KZ-YUZ" in regional.index) == (year < 2018)
    assert not {"KZ-10", "KZ-33", "KZ-62"} & set(regional.index)


@pytest.mark.parametrize("year, units", [(2017, 16), (2021, 17), (2024, 20)])
def test_make_new_year_lists_the_units_of_the_years_map(tmp_path, year, units):
    raw = copy_raw(tmp_path / "data" / "raw")
    templates.write_templates(tmp_path, year)
    rows = list(csv.reader((raw / str(year) / "social.csv").read_text(encoding="utf-8").splitlines()))[1:]
    assert len(rows) == units + 1  # and the national row
    names = [r[0] for r in rows]
    assert ("Оңтүстік Қазақстан облысы" in names) == (year < 2018)
    assert ("Абай облысы" in names) == (year >= 2022)
    checklist = (raw / str(year) / "README.md").read_text(encoding="utf-8")
    assert (f"The map of regions of {year} is not today's: it has {units} units" in checklist) == (year < 2022)
    if year == 2021:
        assert (
            "East Kazakhstan Region (Шығыс Қазақстан облысы) covered what is today East Kazakhstan Region and "
            "Abai Region" in checklist
        )


def test_an_old_unit_is_drawn_as_the_union_of_todays_regions():
    today = maps.region_shapes(metadata.load_regions(maps.project_root() / "data/raw/regions.csv"))
    old = maps.region_shapes(metadata.load_year_regions(maps.project_root() / "data/raw", 2016))
    assert len(old) == 16 and "KZ-YUZ" in set(old.region_id)
    own, drawn = today.set_index("region_id").geometry, old.set_index("region_id").geometry
    for unit, parts in {"KZ-YUZ": ["KZ-61", "KZ-79"], "KZ-63": ["KZ-63", "KZ-10"], "KZ-19": ["KZ-19", "KZ-33"]}.items():
        whole = shapely.union_all([own[p] for p in parts])
        # the same land, one shape; the gaps the simplified borders leave between the parts closed
        assert drawn[unit].geom_type == "Polygon"
        assert shapely.symmetric_difference(drawn[unit], whole).area < 1e-4 * whole.area
        assert drawn[unit].area >= whole.area
    # a hole that is a region of the year stays: Almaty (city) inside Almaty Region
    assert len(drawn["KZ-19"].interiors) == 1 and own["KZ-75"].within(shapely.Polygon(drawn["KZ-19"].exterior))
    assert len(drawn["KZ-63"].interiors) == 0  # East Kazakhstan and Abai have no hole between them
    for unit in ("KZ-11", "KZ-75"):  # today's territory: the very shape
        assert drawn[unit].equals_exact(own[unit], 0)
