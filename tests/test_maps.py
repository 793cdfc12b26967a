"""The region boundaries and the maps drawn from them (matplotlib and shapely only)."""

import json
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
import shapely

from conftest import ROOT, RAW
from sdi import maps
from sdi.labels import LEVEL_COLOURS, NO_INDEX_COLOUR, NO_INDEX_LABEL
from sdi.metadata import load_regions

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
    table = pd.DataFrame({"region_id": ids, "social": values, "economic": values[::-1], "ecological": values,
                          "isdr": 3 * values})
    for column in ("social", "economic", "ecological", "isdr"):
        table[f"level_{column}"] = np.where(table[column] < (4 if column != "isdr" else 11), "low", "medium")
    no_index = table["region_id"].isin(["KZ-62", "KZ-71"])  # Ulytau Region and Astana: no social index
    table.loc[no_index, ["social", "isdr", "level_social", "level_isdr"]] = np.nan
    return table


def hatched(fig):
    return [c for ax in fig.axes for c in ax.collections if c.get_hatch()]


def test_regions_without_an_index_are_grey_and_hatched(shapes, regions):
    table = indices_for(regions)
    for draw in (maps.index_maps, maps.typology_maps):
        fig = draw(shapes, table, regions, "test")
        grey = hatched(fig)
        assert len(grey) == 2  # the social and the ISDR panel
        assert all(len(c.get_paths()) == 2 for c in grey)
        assert all(matplotlib.colors.to_hex(c.get_facecolor()[0]) == NO_INDEX_COLOUR for c in grey)
        assert NO_INDEX_LABEL in [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        matplotlib.pyplot.close(fig)


def test_typology_maps_fill_each_region_with_its_level_colour(shapes, regions):
    table = indices_for(regions)
    fig = maps.typology_maps(shapes, table, regions, "test")
    economic = fig.axes[1].collections[0]  # every region has an economic level
    expected = shapes.merge(table, on="region_id")["level_economic"].map(LEVEL_COLOURS)
    assert [matplotlib.colors.to_hex(c) for c in economic.get_facecolor()] == list(expected)
    assert len(economic.get_paths()) == 20
    matplotlib.pyplot.close(fig)
