"""data/raw/territories.csv: which units made up the country in a year. The expected counts and territories are
the country's history (Shymkent a city of its own from 2018; Abai, Zhetisu and Ulytau from June 2022), written
here by hand."""

from pathlib import Path

import pytest

from sdi.errors import InputError
from sdi.inputs.metadata import load_regions, load_territories, territory_changed, units_of_year

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
    assert territory_changed(territories, "KZ-63", (2021, 2022))
    assert not territory_changed(territories, "KZ-63", (2022, 2023))
    assert not territory_changed(territories, "KZ-11", (2010, 2023))
    assert territory_changed(territories, "KZ-79", (2017, 2018))  # Shymkent did not exist as a unit in 2017


@pytest.mark.parametrize(
    "row, column",
    [
        ("KZ-63,,,2022,2021,KZ-63,x", "first_year"),
        ("KZ-63,,,,,KZ-99,x", "territory"),
        ("KZ-ABC,,,,,KZ-63,x", "name_en"),
        ("KZ-63,,,2020,,KZ-63,x", "first_year"),  # overlaps the file's own KZ-63 rows
        ("KZ63,,,,,KZ-63,x", "unit_id"),
    ],
)
def test_bad_rows(tmp_path, regions, row, column):
    text = (ROOT / "data/raw/territories.csv").read_text(encoding="utf-8") + row + "\n"
    path = tmp_path / "territories.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_territories(path, regions)
    assert f"territories.csv, row 14, column {column}," in str(error.value)
