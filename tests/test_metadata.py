import pytest
from conftest import RAW

from sdi.errors import InputError
from sdi.inputs.metadata import alias_map, load_indicators, load_regions, load_short_names

ISO_IDS = [
    "KZ-10",
    "KZ-11",
    "KZ-15",
    "KZ-19",
    "KZ-23",
    "KZ-27",
    "KZ-31",
    "KZ-33",
    "KZ-35",
    "KZ-39",
    "KZ-43",
    "KZ-47",
    "KZ-55",
    "KZ-59",
    "KZ-61",
    "KZ-62",
    "KZ-63",
    "KZ-71",
    "KZ-75",
    "KZ-79",
]


def test_regions_are_the_20_current_regions_plus_the_national_row():
    regions = load_regions(RAW / "regions.csv")
    assert sorted(regions.region_id) == sorted(ISO_IDS + ["KZ"])
    assert regions.kind.value_counts().to_dict() == {"region": 17, "city": 3, "country": 1}
    assert list(regions.region_id[regions.kind == "city"]) == ["KZ-71", "KZ-75", "KZ-79"]


@pytest.mark.parametrize(
    "name, region_id",
    [
        ("Алматы", "KZ-19"),
        ("Алматы қ.", "KZ-75"),
        ("Алматы қаласы", "KZ-75"),
        ("БҚО", "KZ-27"),
        ("Батыс Қазақстан", "KZ-27"),
        ("ҚР", "KZ"),
        ("Қазақстан Республикасы", "KZ"),
        ("Abay Region", "KZ-10"),
        ("Almaty", "KZ-75"),
        ("  шқо ", "KZ-63"),
    ],
)
def test_every_spelling_in_the_sources_maps_to_one_region(name, region_id):
    mapping = alias_map(load_regions(RAW / "regions.csv"))
    assert mapping[" ".join(name.split()).casefold()] == region_id


def test_indicators_b1_to_b52_in_three_pillars():
    ind = load_indicators(RAW / "indicators.csv")
    assert list(ind.code) == [f"B{i}" for i in range(1, 53)]
    assert ind.pillar.value_counts().to_dict() == {"social": 21, "economic": 21, "ecological": 10}
    assert set(ind.direction) == {1, -1} and set(ind.direction_thesis) == {1, -1}
    # established from the published Table 12: the ecological index leaves out B43 only
    assert list(ind.code[~ind.in_thesis_index]) == ["B43"]
    # the thesis scored these as negative although their meaning is positive
    differs = ind.code[ind.direction != ind.direction_thesis]
    assert list(differs) == ["B7", "B8", "B15", "B16", "B19", "B20"]
    assert (ind.note.str.len() > 20).all()


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_unknown_pillar_names_row_column_and_value(tmp_path):
    text = (RAW / "indicators.csv").read_text(encoding="utf-8").replace("B3,social,", "B3,sociall,", 1)
    with pytest.raises(InputError) as e:
        load_indicators(write(tmp_path / "indicators.csv", text))
    assert e.value.row == 4 and e.value.column == "pillar" and e.value.value == "sociall"
    assert "indicators.csv, row 4, column pillar, value 'sociall'" in str(e.value)


def test_direction_other_than_plus_or_minus_one_is_rejected(tmp_path):
    lines = (RAW / "indicators.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(",-1,-1,true,", ",-1,2,true,", 1)
    with pytest.raises(InputError, match="column direction, value '2'"):
        load_indicators(write(tmp_path / "indicators.csv", "\n".join(lines)))


def test_an_alias_naming_two_regions_is_rejected(tmp_path):
    text = (RAW / "regions.csv").read_text(encoding="utf-8").replace("Ақмола|Akmola", "Ақмола|Akmola|БҚО")
    with pytest.raises(InputError, match="names two regions"):
        load_regions(write(tmp_path / "regions.csv", text))


def test_every_indicator_weighs_1_as_in_the_thesis():
    assert set(load_indicators(RAW / "indicators.csv").weight) == {1.0}


@pytest.mark.parametrize(
    "cell, weight",
    [("0", "0"), ("-1", "-1"), ("inf", "inf"), ("nan", "nan"), ("", ""), ('"1,5"', "1,5"), ("heavy", "heavy")],
)
def test_a_weight_that_is_not_a_positive_finite_number_is_rejected(tmp_path, cell, weight):
    lines = (RAW / "indicators.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",-1,-1,true,1,", f",-1,-1,true,{cell},", 1)  # B3
    with pytest.raises(InputError) as e:
        load_indicators(write(tmp_path / "indicators.csv", "\n".join(lines)))
    assert (e.value.row, e.value.column, e.value.value) == (4, "weight", weight)
    assert "weight must be a positive number" in str(e.value)


def test_every_indicator_has_a_short_name_in_each_language_that_fits_beside_a_heat_map():
    indicators = load_indicators(RAW / "indicators.csv")
    short = load_short_names(RAW / "indicator_short_names.csv", indicators)
    assert list(short.index) == list(indicators.code)
    for column in ("short_en", "short_kk"):
        assert short[column].str.len().between(3, 28).all(), short[column][short[column].str.len() > 28]
        assert short[column].is_unique  # two rows of one name would read as one indicator
    assert short.at["B3", "short_en"] == "Poverty rate" and short.at["B3", "short_kk"] == "Кедейлік деңгейі"
    assert short["short_kk"].str.contains("[әғқңөұүһі]").sum() > 20  # Kazakh, not Russian


@pytest.mark.parametrize(
    "old, new, row, column, value",
    [
        ("B3,Poverty rate,", "B3x,Poverty rate,", 4, "code", "B3x"),
        ("B3,Poverty rate,", "B2,Poverty rate,", 4, "code", "B2"),
        ("B3,Poverty rate,", "B3,Poverty rate of the whole population of the region,", 4, "short_en", None),
        ("Кедейлік деңгейі", "", 4, "short_kk", ""),
    ],
)
def test_a_bad_short_name_file_names_row_column_and_value(tmp_path, old, new, row, column, value):
    text = (RAW / "indicator_short_names.csv").read_text(encoding="utf-8")
    assert old in text
    path = write(tmp_path / "short.csv", text.replace(old, new, 1))
    with pytest.raises(InputError) as e:
        load_short_names(path, load_indicators(RAW / "indicators.csv"))
    assert (e.value.row, e.value.column) == (row, column)
    assert value is None or e.value.value == value
    assert "\n" not in str(e.value)


def test_a_short_name_file_without_an_indicator_says_which(tmp_path):
    text = (RAW / "indicator_short_names.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(("B7,", "B8,"))]
    path = write(tmp_path / "short.csv", "\n".join(lines) + "\n")
    with pytest.raises(InputError, match="no short name for B7, B8"):
        load_short_names(path, load_indicators(RAW / "indicators.csv"))
