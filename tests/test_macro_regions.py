"""Macro-regions: the four groups of oblasts named before Table 21 (lines 6842-6846), the cities on their own."""

import pandas as pd
import pytest
from conftest import RAW
from raw_edit import edited_copy

from sdi.errors import InputError
from sdi.inputs.metadata import load_regions
from sdi.risk.macro_regions import groups, load_macro_regions, load_scenarios, summary

REGIONS = load_regions(RAW / "regions.csv")
MACRO = load_macro_regions(RAW / "macro_regions.csv", REGIONS)


def test_the_17_oblasts_are_in_the_four_macro_regions_the_text_names_and_the_cities_in_none():
    members = REGIONS[REGIONS.kind == "region"].groupby("macro_region", sort=False).name_en.apply(list).to_dict()
    assert members == {
        # line 6844: Абай, Шығыс Қазақстан, Павлодар, Қарағанды, Ұлытау, Ақмола (in the regions' order here)
        "Шығыс және Орталық макроаймақ": [
            "Abai Region",
            "Akmola Region",
            "Karaganda Region",
            "Pavlodar Region",
            "Ulytau Region",
            "East Kazakhstan Region",
        ],
        "Батыс макроаймақ": ["Aktobe Region", "Atyrau Region", "West Kazakhstan Region", "Mangystau Region"],  # 6843
        "оңтүстік, оңтүстік-шығыс макроаймақ": [
            "Almaty Region",
            "Zhambyl Region",
            "Zhetisu Region",  # 6845
            "Kyzylorda Region",
            "Turkistan Region",
        ],
        "Солтүстік макроаймақ": ["Kostanay Region", "North Kazakhstan Region"],  # 6846
    }
    assert list(REGIONS.macro_region[REGIONS.kind == "city"]) == ["none (city)"] * 3
    assert REGIONS.set_index("region_id").at["KZ", "macro_region"] == "none (national row)"


def test_an_oblast_without_a_macro_region_is_rejected(tmp_path):
    path = edited_copy(tmp_path, "regions.csv", "обл. Абай,Шығыс және Орталық макроаймақ", "обл. Абай,")
    with pytest.raises(InputError) as e:
        load_regions(path)
    assert e.value.row == 3 and e.value.column == "macro_region" and "needs its macro-region" in str(e.value)


def test_a_city_in_a_macro_region_is_rejected(tmp_path):
    path = edited_copy(tmp_path, "regions.csv", "город Астана,none (city)", "город Астана,Батыс макроаймақ")
    with pytest.raises(
        InputError, match="row 20, column macro_region, value 'Батыс макроаймақ': a city belongs to no macro-region"
    ):
        load_regions(path)


def test_the_macro_region_and_scenario_files_name_the_four_groups_and_their_three_scenarios():
    assert list(MACRO.name_en) == ["West", "East and Centre", "South and South-East", "North"]
    assert list(MACRO.table) == ["21", "22", "23", "24"]
    scenarios = load_scenarios(RAW / "scenarios.csv", MACRO)
    assert len(scenarios) == 12 and (scenarios.groupby("macro_region").size() == 3).all()
    assert (scenarios.summary_en.str.len() > 100).all() and scenarios.factors_risks.str.startswith("-").all()
    # Table 23's third row is printed «Пессимистік сценарий» again; its content is the optimistic scenario
    odd = scenarios[
        scenarios.scenario
        != scenarios.scenario_printed.map(
            lambda s: {
                "Пессимистік": "pessimistic",
                "Реалистік": "realistic",
                "Оптимистік": "optimistic",
                "Пессимистический": "pessimistic",
                "Реалистический": "realistic",
                "Оптимистический": "optimistic",
            }[s.split()[0]]
        )
    ]
    assert list(zip(odd.table, odd.scenario)) == [("23", "optimistic")] and odd.note.iloc[0] != ""


def test_a_scenario_missing_is_rejected(tmp_path):
    lines = (RAW / "scenarios.csv").read_text(encoding="utf-8").split("\n24,Солтүстік")
    path = tmp_path / "scenarios.csv"
    path.write_text(lines[0] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="Солтүстік макроаймақ has no pessimistic scenario"):
        load_scenarios(path, MACRO)


def test_groups_are_the_macro_regions_then_each_city():
    out = groups(REGIONS, MACRO)
    assert [(g, kind, len(m)) for g, kind, m in out] == [
        ("Батыс макроаймақ", "macro-region", 4),
        ("Шығыс және Орталық макроаймақ", "macro-region", 6),
        ("оңтүстік, оңтүстік-шығыс макроаймақ", "macro-region", 5),
        ("Солтүстік макроаймақ", "macro-region", 2),
        ("Астана қаласы", "city", 1),
        ("Алматы қаласы", "city", 1),
        ("Шымкент қаласы", "city", 1),
    ]


def test_the_summary_takes_mean_min_max_over_members_and_sums_their_risk_counts():
    ids = [r for r in REGIONS.region_id if r != "KZ"]
    # every index of a region is its position in the list (Abai 1 ... Shymkent 20)
    indices = pd.DataFrame(
        {
            "region_id": ids,
            **{c: [float(i + 1) for i in range(20)] for c in ("social", "economic", "ecological", "isdr")},
        }
    )
    rollup = pd.DataFrame(
        [
            {"region_id": r, "pillar": p, "n": 2, "n_high": 1, "n_medium": 1, "n_low": 0, "n_unclassified": 0}
            for r in ids
            for p in ("social", "economic", "ecological")
        ]
    )
    out = summary(indices, rollup, REGIONS, macro=MACRO).set_index("group_en")
    # North: Kostanay (10th) and North Kazakhstan (14th)
    assert out.loc["North", ["isdr_mean", "isdr_min", "isdr_max"]].tolist() == [12.0, 10.0, 14.0]
    # West: Aktobe 3, Atyrau 5, West Kazakhstan 6, Mangystau 12
    assert out.at["West", "social_mean"] == 6.5 and out.at["West", "n_high"] == 4 * 3
    assert out.at["Astana", "kind"] == "city" and out.at["Astana", "isdr_mean"] == 18.0
    assert out.at["West", "share_high"] == 0.5 and out.at["West", "high_social_per_region"] == 1
