"""The region boundaries and the maps drawn from them (matplotlib and shapely only)."""

import json
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
import shapely
from conftest import RAW, ROOT

from sdi.inputs.metadata import load_regions
from sdi.publish import maps
from sdi.publish.labels import LEVEL_COLOURS, NO_INDEX_COLOUR

matplotlib.use("Agg")
BOUNDARIES = ROOT / maps.BOUNDARIES


@pytest.fixture(scope="module")
def regions():
    return load_regions(RAW / "regions.csv")


@pytest.fixture(scope="module")
def shapes(regions):
    return maps.region_shapes(regions, BOUNDARIES)


def test_the_projection_is_proj_lambert_conformal_conic():
    # reference: PROJ 9 (pyproj 3.7.1), +proj=lcc +lat_1=45 +lat_2=51 +lat_0=48 +lon_0=67 +datum=WGS84 +units=m
    lon = [67, 46.5, 87.3, 71.43]
    lat = [48, 40.6, 55.4, 51.13]
    x, y = maps.lambert_conformal_conic(lon, lat)
    np.testing.assert_allclose(x, [0, -1726232.8837330006, 1280686.9872258692, 309973.49953161593], atol=1e-3)
    np.testing.assert_allclose(y, [0, -592419.0732865476, 994221.614861145, 356726.9902377616], atol=1e-3)


def test_every_region_has_one_valid_shape_of_the_right_size(shapes, regions):
    ids = sorted(regions.loc[regions["kind"] != "country", "region_id"])
    assert list(shapes["region_id"]) == ids
    geometry = np.array(shapes["geometry"])
    assert shapely.is_valid(geometry).all()
    area = dict(zip(shapes["region_id"], shapely.area(geometry) / 1e6))  # km² on the conformal map
    assert 2.6e6 < sum(area.values()) < 2.9e6  # Kazakhstan: 2.72 million km²
    assert area["KZ-39"] > 180_000 and area["KZ-71"] < 2_000  # Kostanay Region; Astana city
    # the cities are enclaves: Astana's inner point lies in the hole of Akmola Region, not in it
    by_id = shapes.set_index("region_id")["geometry"]
    astana, akmola = shapely.point_on_surface(by_id["KZ-71"]), by_id["KZ-11"]
    assert not akmola.contains(astana) and shapely.Polygon(akmola.exterior).contains(astana)


def test_the_boundary_file_is_small_rounded_and_keeps_two_properties():
    text = BOUNDARIES.read_text(encoding="utf-8")
    assert len(text.encode()) < 300_000
    features = json.loads(text)["features"]
    assert len(features) == 20 and all(set(f["properties"]) == {"ADM1_EN", "ADM1_PCODE"} for f in features)
    numbers = re.findall(r"-?\d+\.\d+", text)
    assert numbers and max(len(n.split(".")[1]) for n in numbers) <= 3
    assert (ROOT / "data/external/README.md").read_text(encoding="utf-8").count("Permission is hereby granted") == 1


def test_a_map_name_that_is_no_alias_is_an_error(regions, tmp_path):
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    features["features"][3]["properties"]["ADM1_EN"] = "Atlantis"
    (tmp_path / "map.geojson").write_text(json.dumps(features), encoding="utf-8")
    with pytest.raises(ValueError, match=r"map regions not in data/raw/regions.csv aliases: \['Atlantis'\]"):
        maps.region_shapes(regions, tmp_path / "map.geojson")


def indices_for(regions):
    ids = regions.loc[regions["kind"] != "country", "region_id"].reset_index(drop=True)
    values = np.linspace(3, 7, len(ids))
    table = pd.DataFrame(
        {"region_id": ids, "social": values, "economic": values[::-1], "ecological": values, "isdr": 3 * values}
    )
    for column in ("social", "economic", "ecological", "isdr"):
        table[f"level_{column}"] = np.where(table[column] < (4 if column != "isdr" else 11), "low", "medium")
    no_index = table["region_id"].isin(["KZ-62", "KZ-71"])  # Ulytau Region and Astana: no social index
    table.loc[no_index, ["social", "isdr", "level_social", "level_isdr"]] = np.nan
    return table


def hatched(fig):
    return [c for ax in fig.axes for c in ax.collections if c.get_hatch()]


def legend_texts(fig):
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


@pytest.mark.parametrize("draw", [maps.index_map, maps.typology_map])
def test_regions_without_an_index_are_grey_and_hatched(shapes, regions, draw):
    table = indices_for(regions)
    for column, grey_regions in (("social", 2), ("economic", 0)):
        fig = draw(shapes, table, regions, column=column, language="en")
        grey = hatched(fig)
        assert len(grey) == (1 if grey_regions else 0)
        assert all(len(c.get_paths()) == grey_regions for c in grey)
        assert all(matplotlib.colors.to_hex(c.get_facecolor()[0]) == NO_INDEX_COLOUR for c in grey)
        assert ("no index" in legend_texts(fig)) == bool(grey_regions)
        matplotlib.pyplot.close(fig)


def test_typology_map_fills_each_region_with_its_level_colour(shapes, regions):
    table = indices_for(regions)
    fig = maps.typology_map(shapes, table, regions, column="economic", language="kk")
    economic = fig.axes[0].collections[0]  # every region has an economic level
    expected = shapes.merge(table, on="region_id")["level_economic"].map(LEVEL_COLOURS)
    assert [matplotlib.colors.to_hex(c) for c in economic.get_facecolor()] == list(expected)
    assert len(economic.get_paths()) == 20
    assert legend_texts(fig) == ["Төмен (1–4)", "Орташа (4–7)", "Жоғары (7–9)"]
    matplotlib.pyplot.close(fig)


def test_index_maps_share_one_fixed_scale_per_kind_of_index(shapes, regions):
    """The same value has the same colour on every pillar's map, whatever the other regions' values:
    viridis at (value - 1) / 8 on the 1-9 scale, and at (value - 3) / 24 for ISDR on 3-27."""
    table = indices_for(regions)
    table["economic"] = 5.0  # one value everywhere: a per-panel range would have no span at all
    colour_of = {}
    for column in ("social", "economic", "ecological", "isdr"):
        fig = maps.index_map(shapes, table, regions, column=column, language="en")
        filled = fig.axes[0].collections[0]
        data = shapes.merge(table, on="region_id").dropna(subset=[column])
        colour_of[column] = dict(zip(data["region_id"], (matplotlib.colors.to_hex(c) for c in filled.get_facecolor())))
        lo, hi = (3, 27) if column == "isdr" else (1, 9)
        assert colour_of[column] == {
            r: matplotlib.colors.to_hex(matplotlib.colormaps["viridis"]((v - lo) / (hi - lo)))
            for r, v in zip(data["region_id"], data[column])
        }
        matplotlib.pyplot.close(fig)
    assert set(colour_of["economic"].values()) == {matplotlib.colors.to_hex(matplotlib.colormaps["viridis"](0.5))}
    # social and ecological hold the same values: the same colours
    assert colour_of["social"] == {r: c for r, c in colour_of["ecological"].items() if r in colour_of["social"]}


def test_index_map_colour_bar_marks_the_level_bands(shapes, regions):
    fig = maps.index_map(shapes, indices_for(regions), regions, column="isdr", language="kk")
    bar = fig.axes[1]
    assert list(bar.get_xticks()) == [3, 11, 19, 27]
    assert [t.get_text() for t in bar.texts] == ["Төмен", "Орташа", "Жоғары"]
    matplotlib.pyplot.close(fig)


def test_every_region_is_named_once_on_a_map_in_its_language(shapes, regions):
    table = indices_for(regions)
    for language, expected in (
        ("en", {"Almaty Region", "Almaty (city)", "North Kazakhstan", "Astana"}),
        ("kk", {"Алматы", "Алматы қ.", "Солтүстік Қазақстан", "Астана қ."}),
    ):
        fig = maps.index_map(shapes, table, regions, column="ecological", language=language)
        names = [t.get_text() for t in fig.axes[0].texts]
        assert len(names) == 20 == len(set(names)) and expected <= set(names)
        assert "Almaty" not in names
        matplotlib.pyplot.close(fig)
