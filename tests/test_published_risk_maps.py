"""The transcription of Tables 15-20 (data/reference/2023/), re-derived inside the repository: the shape
of every table, the regions, and each map's region values against Tables 7-9 (data/raw/2023/).

The expected counts were read off the printed tables by hand (see data/reference/2023/PROVENANCE.md):
a map value and a Table 7-9 value agree when they are equal within the coarser of their printed
roundings (79.1 and 79.07 agree; 263.00 and 262.84 do not)."""

from decimal import Decimal

import pandas as pd
import pytest
from conftest import RAW
from published import REFERENCE

from sdi.inputs.metadata import NATIONAL_ID, load_regions
from sdi.reproduction.published_risk_maps import published_risk_numbers, read_criteria, read_maps, region_values

REGIONS = load_regions(RAW / "regions.csv")
MAPS = read_maps(REFERENCE)
VALUES = region_values(MAPS, REGIONS)


def half_unit(text):
    return float(0.5 * 10 ** Decimal(text).as_tuple().exponent)


def agree(a, b):
    return abs(float(a) - float(b)) <= max(half_unit(a), half_unit(b)) + 1e-9


def tables_7_to_9():
    """{(region_id, code): value as printed} from data/raw/2023 (the national row included)."""
    from sdi.inputs.metadata import alias_map, normalise_name

    names = alias_map(REGIONS)
    out = {}
    for pillar in ("social", "economic", "ecological"):
        table = pd.read_csv(RAW / "2023" / f"{pillar}.csv", dtype=str, keep_default_na=False)
        for _, row in table.iterrows():
            for code in table.columns[1:]:
                out[names[normalise_name(row["region"])], code] = row[code]
    return out


RAW_2023 = tables_7_to_9()
REGION_ORDER = [r for r in REGIONS.region_id if r != NATIONAL_ID]


@pytest.mark.parametrize(
    "table, part, rows, cells",
    [("18", "1", 29, 11), ("18", "2", 29, 10), ("19", "1", 29, 11), ("19", "2", 29, 10), ("20", "1", 28, 11)],
)
def test_every_map_part_has_its_printed_rows_and_cells(table, part, rows, cells):
    cells_of = MAPS[(MAPS.table == table) & (MAPS.part == part)]
    assert cells_of.row.nunique() == rows
    assert (cells_of.groupby("row").size() == cells).all()
    assert cells_of.kind.value_counts().to_dict()["region"] == 20 * cells
    labels = cells_of[cells_of.kind == "region"].drop_duplicates("row").label
    by_order = VALUES[(VALUES.table == table) & (VALUES.part == part) & (VALUES.region_id != NATIONAL_ID)]
    assert len(labels) == 20 and list(by_order.drop_duplicates("region_id").region_id) == REGION_ORDER


def test_table_20_prints_no_code_row_and_the_others_print_cyrillic_codes():
    codes = MAPS[MAPS.kind == "code"]
    assert set(codes.table) == {"18", "19"} and len(codes) == 42
    assert (codes.printed == codes.code).all() and codes.printed.str.startswith("В").all()  # Cyrillic ve
    assert list(codes.printed.str.replace("В", "B")) == list(codes.indicator) == [f"B{i}" for i in range(1, 43)]


def matches(table, indicator, against=None):
    """How many of the 20 region values of a map column agree with Tables 7-9's `against` column."""
    cells = VALUES[(VALUES.table == table) & (VALUES.indicator == indicator) & (VALUES.region_id != NATIONAL_ID)]
    assert len(cells) == 20
    return sum(
        RAW_2023[r, against or indicator] != "" and agree(p, RAW_2023[r, against or indicator])
        for r, p in zip(cells.region_id, cells.printed)
    )


def test_the_map_values_are_tables_7_to_9_except_the_columns_named():
    # columns that do not reproduce Tables 7-9, with what they hold instead
    exceptions = {"B8", "B46", "B47", "B48", "B51"}
    for table, codes in (("18", range(1, 22)), ("19", range(22, 43)), ("20", range(43, 53))):
        for code in (f"B{i}" for i in codes):
            if code not in exceptions:
                assert matches(table, code) == 20, code
    assert matches("18", "B8") == 0 and matches("18", "B8", "B15") == 20  # hospital beds print B15's values
    assert matches("19", "B34") == 20  # printed with three decimals where Table 8 prints two
    assert matches("20", "B46") == 18  # 0.00 where Table 9 leaves West Kazakhstan and Astana blank
    assert matches("20", "B47") == 3  # Table 9's values rounded to whole numbers: only the three zeros agree
    cells = VALUES[(VALUES.table == "20") & (VALUES.indicator == "B47") & (VALUES.region_id != NATIONAL_ID)]
    assert all(
        abs(float(p) - float(RAW_2023[r, "B47"])) <= 0.5 + half_unit(RAW_2023[r, "B47"])
        for r, p in zip(cells.region_id, cells.printed)
    )
    assert matches("20", "B48") == 2  # another series: only Mangystau 9106 and Astana 5120 agree
    assert matches("20", "column 10", "B51") == 20  # under a repeated water-supply header: Table 9's B51
    assert matches("20", "B51") == 19  # the temperature column: Abai 2.1 against Table 9's 1.00


def test_part_2_of_table_18_repeats_the_hospital_beds_column_of_part_1():
    beds = VALUES[(VALUES.table == "18") & (VALUES.indicator == "B8")].set_index("region_id").printed
    enrolment = VALUES[(VALUES.table == "18") & (VALUES.indicator == "B15")].set_index("region_id").printed
    assert all(agree(beds[r], enrolment[r]) for r in enrolment.index) and len(enrolment) == 21


def test_the_criteria_tables_print_criteria_for_a_few_indicators_only():
    criteria = read_criteria(REFERENCE)
    assert criteria.groupby("table").size().to_dict() == {"15": 21, "16": 21, "17": 11}
    printed = criteria[(criteria.high != "") | (criteria.medium != "") | (criteria.low != "")]
    assert {t: list(g.indicator) for t, g in printed.groupby("table")} == {
        "15": ["B1", "B2", "B3", "B6", "B7", "B8"],
        "16": ["B23", "B25", "B33"],
        "17": ["B43", "B48", "B49", "B50", "B51", "B52"],
    }
    row = criteria[(criteria.table == "17")].set_index("row")
    assert list(row.loc[["9", "10", "11"], "code"]) == ["В51", "В52", "В43"] and list(
        row.loc[["9", "10", "11"], "indicator"]
    ) == ["", "B51", "B52"]


def test_published_risk_numbers_lay_out_every_printed_number():
    numbers = published_risk_numbers(REFERENCE, REGIONS)
    assert list(numbers.columns) == ["table", "region_id", "indicator", "statistic", "published"]
    values = numbers[numbers.statistic == "value"]
    # 20 regions and the national row per column; Table 20's national temperature cell is blank
    assert values.groupby("table").size().to_dict() == {"18": 21 * 21, "19": 21 * 21, "20": 21 * 11 - 1}
    assert set(numbers[numbers.statistic.str.endswith("_unsigned")].indicator) == {"B37", "B39"}
    one = numbers.set_index(["table", "region_id", "indicator", "statistic"]).published
    assert one["18", "KZ-10", "B8", "value"] == "79.1"  # line 5063: Abai's B15, in the hospital-beds column
    assert one["18", "", "B1", "medium_lower"] == "100.01" and one["18", "", "B1", "medium_upper"] == "106.69"
    assert one["18", "", "B8", "low_lower"] == "67"  # «В³67»
    assert one["19", "", "B37", "high_unsigned"] == "41.27" and one["19", "", "B37", "low_upper"] == "49.96"
    assert one["20", "", "B43", "median"] == "7918"  # printed «7 918»
    assert one["20", "", "B48", "high_upper"] == "17688"  # «B17<17688»
    assert one["17", "", "B52", "code"] == "В43" and one["20", "KZ", "B50", "value"] == "100.00"
