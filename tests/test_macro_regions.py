"""Macro-regions: the four groups of oblasts named before Table 21 (lines 6842-6846), the cities on their own."""

import pytest

from sdi.errors import InputError
from sdi.metadata import load_regions

from conftest import RAW

REGIONS = load_regions(RAW / "regions.csv")


def test_the_17_oblasts_are_in_the_four_macro_regions_the_text_names_and_the_cities_in_none():
    members = REGIONS[REGIONS.kind == "region"].groupby("macro_region", sort=False).name_en.apply(list).to_dict()
    assert members == {
        # line 6844: Абай, Шығыс Қазақстан, Павлодар, Қарағанды, Ұлытау, Ақмола (in the regions' order here)
        "Шығыс және Орталық макроаймақ": ["Abai Region", "Akmola Region", "Karaganda Region", "Pavlodar Region",
                                          "Ulytau Region", "East Kazakhstan Region"],
        "Батыс макроаймақ": ["Aktobe Region", "Atyrau Region", "West Kazakhstan Region", "Mangystau Region"],  # 6843
        "оңтүстік, оңтүстік-шығыс макроаймақ": ["Almaty Region", "Zhambyl Region", "Zhetisu Region",  # 6845
                                                "Kyzylorda Region", "Turkistan Region"],
        "Солтүстік макроаймақ": ["Kostanay Region", "North Kazakhstan Region"],  # 6846
    }
    assert list(REGIONS.macro_region[REGIONS.kind == "city"]) == ["none (city)"] * 3
    assert REGIONS.set_index("region_id").at["KZ", "macro_region"] == "none (national row)"


def write(tmp_path, text):
    path = tmp_path / "regions.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_oblast_without_a_macro_region_is_rejected(tmp_path):
    text = (RAW / "regions.csv").read_text(encoding="utf-8").replace("обл. Абай,Шығыс және Орталық макроаймақ", "обл. Абай,", 1)
    with pytest.raises(InputError) as e:
        load_regions(write(tmp_path, text))
    assert e.value.row == 3 and e.value.column == "macro_region" and "needs its macro-region" in str(e.value)


def test_a_city_in_a_macro_region_is_rejected(tmp_path):
    text = (RAW / "regions.csv").read_text(encoding="utf-8").replace("город Астана,none (city)", "город Астана,Батыс макроаймақ", 1)
    with pytest.raises(InputError, match="row 20, column macro_region, value 'Батыс макроаймақ': a city belongs to no macro-region"):
        load_regions(write(tmp_path, text))
