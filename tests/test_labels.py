"""Region names as a reader sees them: Almaty Region never shortened to a bare Almaty, the cities marked,
and tables shown with names instead of ISO codes and without a meaningless row index."""

import pandas as pd
from conftest import RAW

from sdi.inputs.metadata import load_regions, region_names
from sdi.publish.labels import region_labels, with_region_names

REGIONS = load_regions(RAW / "regions.csv")


def test_almaty_region_and_almaty_city_can_never_be_confused():
    english, kazakh = region_names(REGIONS, "en"), region_names(REGIONS, "kk")
    assert (english["KZ-19"], english["KZ-75"]) == ("Almaty Region", "Almaty (city)")
    assert (kazakh["KZ-19"], kazakh["KZ-75"]) == ("Алматы", "Алматы қ.")
    assert "Almaty" not in english.values()
    assert english["KZ-10"] == "Abai" and english["KZ-59"] == "North Kazakhstan" and kazakh["KZ-71"] == "Астана қ."
    assert len(set(english.values())) == len(set(kazakh.values())) == len(REGIONS)
    assert region_labels(REGIONS)["KZ-19"] == "Almaty Region / Алматы"


def test_a_table_is_shown_with_region_names_first_and_no_row_index():
    table = pd.DataFrame({"value": [1.5, 2.5, 3.5], "region_id": ["KZ-75", "KZ-19", "KZ"]}, index=[17, 3, 40])
    shown = with_region_names(table, REGIONS)
    assert list(shown.columns) == ["region", "value"] and list(shown.index) == [0, 1, 2]
    assert list(shown.region) == ["Almaty (city)", "Almaty Region", "Kazakhstan"] and list(shown.value) == [
        1.5,
        2.5,
        3.5,
    ]
    by_index = with_region_names(
        pd.DataFrame({"isdr": [16.4]}, index=pd.Index(["KZ-11"], name="region_id")), REGIONS, "kk"
    )
    assert by_index.to_dict("records") == [{"region": "Ақмола", "isdr": 16.4}]
    assert with_region_names(table, REGIONS, "kk").region.iloc[2] == "Қазақстан Республикасы"
