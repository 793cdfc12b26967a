"""data/raw/territories.csv: which units made up the country in a year. The expected counts and territories are
the country's history (Shymkent a city of its own from 2018; Abai, Zhetisu and Ulytau from June 2022), written
here by hand."""

from pathlib import Path

import pytest

from sdi.errors import InputError
from sdi.inputs.metadata import (
    every_unit_names,
    load_regions,
    load_territories,
    normalise_name,
    not_on_the_map,
    regions_of_year,
    territory_changed,
    units_of_year,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def regions():
    return load_regions(ROOT / "data/raw/regions.csv")


@pytest.fixture(scope="module")
def territories(regions):
    return load_territories(ROOT / "data/raw/territories.csv", regions)


@pytest.mark.parametrize("year, count", [(2010, 16), (2017, 16), (2018, 17), (2021, 17), (2022, 20), (2023, 20)])
def test_units_per_year(territories, regions, year, count):
    units = units_of_year(territories, regions, year)
    assert len(units) == count
    # every year's units tile today's 20 regions exactly once
    covered = sorted(r for t in units["territory"] for r in t)
    assert covered == sorted(set(regions["region_id"]) - {"KZ"})


def test_old_units(territories, regions):
    units = units_of_year(territories, regions, 2016).set_index("unit_id")
    assert "KZ-79" not in units.index and "KZ-61" not in units.index
    assert units.at["KZ-YUZ", "name_en"] == "South Kazakhstan Region"
    assert set(units.at["KZ-YUZ", "territory"]) == {"KZ-61", "KZ-79"}
    assert set(units_of_year(territories, regions, 2021).set_index("unit_id").at["KZ-63", "territory"]) == {
        "KZ-63",
        "KZ-10",
    }


def test_territory_changed(territories):
    assert territory_changed(territories, "KZ-63", 2021, 2022)
    assert not territory_changed(territories, "KZ-63", 2022, 2023)
    assert not territory_changed(territories, "KZ-11", 2010, 2023)
    assert territory_changed(territories, "KZ-79", 2017, 2018)  # Shymkent did not exist as a unit in 2017


@pytest.mark.parametrize(
    "row, column",
    [
        ("KZ-63,,,,2022,2021,KZ-63,x", "first_year"),
        ("KZ-63,,,,,,KZ-99,x", "territory"),
        ("KZ-ABC,,,,,,KZ-63,x", "name_en"),
        ("KZ-63,,,,2020,,KZ-63,x", "first_year"),  # overlaps the file's own KZ-63 rows
        ("KZ63,,,,,,KZ-63,x", "unit_id"),
    ],
)
def test_bad_rows(tmp_path, regions, row, column):
    text = (ROOT / "data/raw/territories.csv").read_text(encoding="utf-8") + row + "\n"
    path = tmp_path / "territories.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_territories(path, regions)
    assert f"territories.csv, row 14, column {column}," in str(error.value)


def test_a_unit_clashing_with_a_region_by_name_is_refused(tmp_path, regions):
    text = (ROOT / "data/raw/territories.csv").read_text(encoding="utf-8")
    path = tmp_path / "territories.csv"
    path.write_text(text.replace("|ЮКО,", "|ЮКО|ШҚО,", 1), encoding="utf-8")  # ШҚО is East Kazakhstan's
    with pytest.raises(InputError) as error:
        load_territories(path, regions)
    assert "column aliases, value 'ШҚО': name names two units (KZ-63 and KZ-YUZ)" in str(error.value)


def test_a_region_of_regions_csv_keeps_its_aliases_there(tmp_path, regions):
    text = (ROOT / "data/raw/territories.csv").read_text(encoding="utf-8") + "KZ-11,,,Акмола,,,KZ-11,x\n"
    path = tmp_path / "territories.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="row 14, column aliases, value 'Акмола': a region of regions.csv"):
        load_territories(path, regions)


@pytest.mark.parametrize(
    "name", ["Оңтүстік Қазақстан облысы", "Южно-Казахстанская область", "ЮКО", "South Kazakhstan", "KZ-YUZ"]
)
def test_south_kazakhstan_is_named_by_its_names_and_aliases(regions, territories, name):
    assert every_unit_names(regions, territories)[normalise_name(name)] == "KZ-YUZ"


@pytest.mark.parametrize("year, count", [(2016, 16), (2021, 17), (2023, 20)])
def test_the_regions_of_a_year(regions, territories, year, count):
    table = regions_of_year(regions, territories, year)
    assert list(table.columns) == [*regions.columns, "territory"]
    assert table.region_id.iloc[0] == "KZ" and len(table) == count + 1  # the national row kept, first
    units = units_of_year(territories, regions, year)
    assert set(table.region_id[1:]) == set(units.unit_id)


def test_2023_reads_as_regions_csv(regions, territories):
    table = regions_of_year(regions, territories, 2023)
    assert table.drop(columns="territory").equals(regions)
    assert list(table.territory[1:]) == list(regions.region_id[1:])


def test_south_kazakhstan_stands_where_turkistan_stands_today(regions, territories):
    before = list(regions_of_year(regions, territories, 2017).region_id)
    today = list(regions.region_id)
    # North Kazakhstan, then Turkistan's place (South Kazakhstan), then East Kazakhstan: Ulytau did not exist
    assert before[before.index("KZ-59") + 1 : before.index("KZ-59") + 3] == ["KZ-YUZ", "KZ-63"]
    assert today[today.index("KZ-59") + 1] == "KZ-61"
    row = regions_of_year(regions, territories, 2017).set_index("region_id").loc["KZ-YUZ"]
    assert (row.kind, row.territory) == ("region", "KZ-61|KZ-79")
    assert row.macro_region == regions.set_index("region_id").at["KZ-61", "macro_region"]  # the south's
    assert row.name_kk == "Оңтүстік Қазақстан облысы"


@pytest.mark.parametrize(
    "unit, year, message",
    [
        (
            "KZ-10",
            2021,
            "Abai Region was not a unit of its own in 2021: its territory was part of East Kazakhstan Region "
            "(KZ-63); give East Kazakhstan Region's value for the whole territory, in one row",
        ),
        (
            "KZ-79",
            2016,
            "Shymkent was not a unit of its own in 2016: its territory was part of South Kazakhstan Region (KZ-YUZ); "
            "give South Kazakhstan Region's value for the whole territory, in one row",
        ),
        ("KZ-61", 2016, "Turkistan Region was not a unit of its own in 2016: its territory was part of South"),
        ("KZ-62", 2017, "Ulytau Region was not a unit of its own in 2017: its territory was part of Karaganda Region"),
        (
            "KZ-YUZ",
            2023,
            "South Kazakhstan Region no longer existed in 2023 (its last year was 2017): its territory was Turkistan "
            "Region (KZ-61) and Shymkent (KZ-79) by then; give each its own row",
        ),
    ],
)
def test_a_unit_of_another_map_is_explained(regions, territories, unit, year, message):
    assert not_on_the_map(regions, territories, unit, year=year).startswith(message)


@pytest.mark.parametrize("unit, year", [("KZ-63", 2021), ("KZ-YUZ", 2017), ("KZ-11", 2010), ("KZ-10", 2022)])
def test_a_unit_of_the_year_needs_no_explanation(regions, territories, unit, year):
    assert not_on_the_map(regions, territories, unit, year=year) is None
