"""The official trends (sdi.method.trends, sdi.publish.trends): hand-made series whose average annual change is
worked out here by hand; a territory change breaks a series (no trend across it, no line joined across it); the
indicator's direction decides the arrow; a series the platform keeps on the old map is not broken; the national
poverty trend from the platform's CSV text; the figure and the table in both languages."""

import csv
import math

import matplotlib
import pandas as pd
import pytest
from conftest import RAW, ROOT
from hypothesis import given
from hypothesis import strategies as st

from sdi.inputs.metadata import load_indicators, load_regions, load_short_names, load_territories
from sdi.method import trends
from sdi.publish import trends as publish

matplotlib.use("Agg")
REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
TERRITORIES = load_territories(RAW / "territories.csv", REGIONS)
SHORT = load_short_names(RAW / "indicator_short_names.csv", INDICATORS)
SHORT_NAMES = {language: dict(SHORT[f"short_{language}"]) for language in ("en", "kk")}
ORDER = ["KZ", *(r for r in REGIONS["region_id"] if r != "KZ")]
AKMOLA, EAST, ABAI, TURKISTAN = "KZ-11", "KZ-63", "KZ-10", "KZ-61"
DIRECTION = dict(zip(INDICATORS["code"], INDICATORS["direction"]))


def series_of(code, relation, values):
    """SERIES_COLUMNS rows of one indicator from {(year, unit): value}, by the library's map and segments."""
    changes = trends.map_changes(TERRITORIES, REGIONS, sorted({y for y, _ in values}))
    published = {}
    for year, unit in values:
        if unit != "KZ":
            published.setdefault(year, set()).add(unit)
    on_map = trends.map_years(published, changes)
    on_map |= {y: y for y, _ in values if y not in on_map}
    territory_of = {
        (year, unit): (unit,) if unit not in ("KZ-63", "KZ-19", "KZ-35") or year >= 2022 else (unit, "x")
        for year in range(2009, 2024)
        for unit in ORDER
    }
    table = trends.unit_series(values, on_map, territory_of, changed=trends.TerritoryChanges(TERRITORIES, changes))
    table.insert(0, "relation", relation)
    table.insert(0, "indicator", code)
    return table[trends.SERIES_COLUMNS]


# three regions and the nation over four years (2020-2023), poverty (B3, lower is better): Akmola falls by a tenth a
# year; East Kazakhstan lost Abai in 2022, and rises by a tenth from 2022 to 2023 after a fall over the change;
# Abai exists from 2022 and stays at 3
HAND = {
    (2020, AKMOLA): 10.0,
    (2021, AKMOLA): 9.0,
    (2022, AKMOLA): 8.1,
    (2023, AKMOLA): 7.29,
    (2020, EAST): 5.0,
    (2021, EAST): 5.5,
    (2022, EAST): 4.0,
    (2023, EAST): 4.4,
    (2022, ABAI): 3.0,
    (2023, ABAI): 3.0,
    (2020, "KZ"): 4.0,
    (2021, "KZ"): 4.0,
    (2022, "KZ"): 4.2,
    (2023, "KZ"): 4.41,
}


@pytest.fixture(scope="module")
def hand():
    series = series_of("B3", "same", HAND)
    return series, trends.compute(series, INDICATORS, ORDER, base_year=2015).set_index("unit_id")


def test_the_average_annual_change_of_a_hand_made_series(hand):
    _, changes = hand
    akmola = changes.loc[AKMOLA]
    # 10 -> 7.29 in three years: 7.29 / 10 = 0.9 ** 3, so a tenth less every year; linear (7.29 - 10) / 3
    assert akmola.cagr == pytest.approx(-0.1) and akmola.change_per_year == pytest.approx(-0.9033333333)
    assert (akmola.base_year, akmola.last_year, akmola["values"]) == (2020, 2023, 4)
    assert akmola.arrow == "improving"  # poverty falling: lower is better
    national = changes.loc["KZ"]
    assert national.cagr == pytest.approx(math.pow(4.41 / 4.0, 1 / 3) - 1)  # 3.3 % a year more poverty
    assert national.arrow == "worsening"
    assert changes.loc[ABAI].cagr == 0 and changes.loc[ABAI].arrow == "stagnating"


def test_a_territory_change_breaks_the_series(hand):
    series, changes = hand
    east = series[series.unit_id == EAST].set_index("year")
    assert list(east.segment) == [0, 0, 1, 1]  # before and after Abai was made out of it
    assert list(east.territory) == ["KZ-63|x", "KZ-63|x", "KZ-63", "KZ-63"]
    # over 2022-2023 only: 4.0 -> 4.4, a tenth more poverty, worsening; across the change (5.0 -> 4.4 from 2020)
    # it would have been a fall, improving
    row = changes.loc[EAST]
    assert (row.series_from, row.series_to, row.base_year) == (2022, 2023, 2022)
    assert row.cagr == pytest.approx(0.1) and row.arrow == "worsening"
    assert (series[series.unit_id == AKMOLA].segment == 0).all()


def test_a_series_the_platform_keeps_on_the_old_map_is_not_broken():
    """No Abai, Zhetisu or Ulytau in 2022 and 2023: East Kazakhstan is published as it was (maternal mortality, B11)."""
    values = {(year, EAST): 10.0 + year - 2020 for year in range(2020, 2024)} | {
        (year, AKMOLA): 5.0 for year in range(2020, 2024)
    }
    series = series_of("B11", "same", values)
    east = series[series.unit_id == EAST]
    assert list(east.map_year) == [2020, 2021, 2021, 2021] and (east.segment == 0).all()
    assert set(east.territory) == {"KZ-63|x"}  # the old territory, Abai with it


def test_the_changes_of_the_map_are_the_country_s():
    assert trends.map_changes(TERRITORIES, REGIONS, range(2010, 2024)) == {
        2018: {"KZ-61", "KZ-79"},
        2022: {"KZ-10", "KZ-33", "KZ-62"},
    }
    changes = trends.map_changes(TERRITORIES, REGIONS, range(2010, 2024))
    # Turkistan and Shymkent published from 2018: the new map; a year with neither, before 2018's change
    assert trends.map_years({2019: {TURKISTAN, AKMOLA}, 2023: {AKMOLA, ABAI}}, changes) == {2019: 2019, 2023: 2023}
    assert trends.map_years({2019: {AKMOLA}, 2023: {AKMOLA, TURKISTAN}}, changes) == {2019: 2017, 2023: 2021}


@pytest.mark.parametrize(
    "values, direction, arrow",
    [
        ({2015: 10.0, 2023: 5.0}, -1, "improving"),  # lower is better, and it fell
        ({2015: 10.0, 2023: 5.0}, 1, "worsening"),  # higher is better, and it fell
        ({2015: 5.0, 2023: 10.0}, 1, "improving"),
        ({2015: 100.0, 2016: 100.4}, 1, "stagnating"),  # 0.4 % a year: below 0.5 %
        ({2015: 100.0, 2016: 100.6}, 1, "improving"),  # 0.6 %
        ({2015: 100.0, 2016: 100.6}, -1, "worsening"),
        ({2015: 100.0, 2016: 99.6}, -1, "stagnating"),
    ],
)
def test_the_direction_decides_the_arrow(values, direction, arrow):
    assert trends.trend(values, direction).arrow == arrow


def test_what_cannot_be_assessed_says_why():
    one = trends.trend({2012: 1.0, 2014: 2.0, 2016: 3.0}, 1, base_year=2015)  # one value from 2015
    assert one.arrow == trends.NOT_ASSESSED and one.reason == "fewer than two values from 2015" and one.cagr is None
    zero = trends.trend({2015: 0.0, 2023: 3.0}, -1)  # maternal deaths: none in a small region's year
    assert zero.arrow == trends.NOT_ASSESSED and zero.reason == "a value of zero or less"
    assert zero.change_per_year == pytest.approx(3 / 8)  # the linear change is still given
    later = trends.trend({2010: 1.0, 2017: 2.0, 2019: 2.0 * 1.1**2}, 1)  # the first value from 2015 is the base
    assert (later.base_year, later.last_year) == (2017, 2019) and later.cagr == pytest.approx(0.1)


@given(
    base=st.floats(0.01, 1e4),
    rate=st.floats(-0.5, 1.0),
    years=st.integers(1, 13),
    direction=st.sampled_from([1, -1]),
)
def test_a_steady_growth_is_found_again_and_its_arrow_follows_the_thresholds(base, rate, years, direction):
    values = {2015 + k: base * (1 + rate) ** k for k in range(years + 1)}
    found = trends.trend(values, direction)
    assert found.cagr == pytest.approx(rate, abs=1e-9)
    progress = direction * rate
    if abs(progress - trends.IMPROVING_FROM) > 1e-9 and abs(progress) > 1e-9:
        expected = "improving" if progress > trends.IMPROVING_FROM else "stagnating" if progress > 0 else "worsening"
        assert found.arrow == expected


# --- the platform's own files -----------------------------------------------------------------------------------


def national_poverty():
    """The platform's national poverty rate (1.2.1, % of the population, no region, every other column empty), read
    from the CSV text here: {year: value}."""
    path = ROOT / "data/external/opensdg/data/indicator_1-2-1.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    found = {}
    for r in rows:
        others = {k: v for k, v in r.items() if k not in ("Year", "Value", "UNIT_MEASURE") and k}
        if r["UNIT_MEASURE"] == "PT" and not any(v.strip() for v in others.values()):
            found[int(r["Year"])] = float(r["Value"])
    return found


@pytest.fixture(scope="module")
def platform():
    return trends.read_trends(ROOT, REGIONS, INDICATORS)


def test_the_national_poverty_trend_from_the_platform_s_csv_text(platform):
    poverty = national_poverty()
    assert (poverty[2015], poverty[2023]) == (2.6, 5.2)  # as notebook 10 works it by hand
    row = platform.changes.set_index(["indicator", "unit_id"]).loc[("B3", "KZ")]
    assert row.cagr == pytest.approx(2 ** (1 / 8) - 1) and row.arrow == "worsening"
    mine = platform.series[(platform.series.indicator == "B3") & (platform.series.unit_id == "KZ")]
    assert dict(zip(mine.year, mine.value)) == pytest.approx(poverty)


def test_the_platform_s_series_break_where_the_map_changed(platform):
    s = platform.series
    unemployment = s[(s.indicator == "B25") & (s.unit_id == EAST)]  # published with Abai from 2022
    assert list(unemployment[unemployment.segment == 1].year) == [2022, 2023]
    maternal = s[(s.indicator == "B11") & (s.unit_id == EAST)]  # kept on the old map through 2023
    assert (maternal.segment == 0).all() and set(maternal.territory) == {"KZ-63|KZ-10"}
    assert set(s[s.unit_id == TURKISTAN].year) <= set(range(2018, 2024))  # Turkistan is a unit from 2018
    # every mapped indicator with a series, same measure or related, and the nation in each where it is published
    assert list(dict.fromkeys(s.indicator)) == [
        "B3", "B4", "B9", "B10", "B11", "B14", "B16", "B19", "B20", "B25", "B27", "B28", "B29", "B30", "B31", "B34",
        "B35", "B37", "B38", "B39", "B40", "B45", "B46",
    ]  # fmt: skip
    assert set(s[s.relation == "related"].indicator) == {"B4", "B38", "B39"}
    assert "KZ" not in set(s[s.indicator == "B37"].unit_id)  # the platform's national row is another series


# --- the figure and the table ----------------------------------------------------------------------------------


def social_series():
    """Four social panels by hand: B3 as above, B4 (a related series), B9 and B11 as steady lines."""
    steady = {(year, unit): 5.0 + i + 0.1 * (year - 2010) for year in range(2010, 2024) for i, unit in enumerate(ORDER)}
    steady = {k: v for k, v in steady.items() if k[1] not in (ABAI, "KZ-33", "KZ-62") or k[0] >= 2022}
    return pd.concat(
        [
            series_of("B3", "same", HAND),
            series_of("B4", "related", steady),
            series_of("B9", "same", steady),
            series_of("B11", "same", steady),
        ],
        ignore_index=True,
    )


def draw(language, series=None):
    return publish.trend_panels(
        social_series() if series is None else series,
        INDICATORS,
        REGIONS,
        pillar="social",
        short_names=SHORT_NAMES,
        base_year=2015,
        language=language,
    )


@pytest.mark.parametrize("language", ["en", "kk"])
def test_the_figure_breaks_a_region_s_line_where_its_territory_changed(language):
    fig = draw(language)
    poverty = fig.axes[0]
    lines = {line.get_label(): line for line in poverty.get_lines() if not line.get_label().startswith("_")}
    east_x, akmola_x, national_x = (list(lines[u].get_xdata()) for u in (EAST, AKMOLA, "KZ"))
    national, akmola = lines["KZ"], lines[AKMOLA]
    titles = [ax.get_title(loc="left").replace("\n", " ").replace("\u00a0", " ") for ax in fig.axes if ax.get_visible()]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    matplotlib.pyplot.close(fig)
    assert east_x[:2] == [2020, 2021] and math.isnan(east_x[2]) and east_x[3:] == [2022, 2023]
    assert not any(math.isnan(x) for x in akmola_x + national_x)
    assert national.get_color() == "black" and national.get_linewidth() > akmola.get_linewidth()
    short = SHORT_NAMES[language]
    assert titles[:2] == [f"B3 {short['B3']}", f"B4 {short['B4']} *"]  # the related series starred
    assert len(titles) == 4  # a panel per indicator, the empty ones hidden
    assert legend[0] == ("Kazakhstan" if language == "en" else "Қазақстан Республикасы")
    assert legend[2].startswith("2015") and legend[3].startswith("* ")
    if language == "kk":
        assert legend[1] == "әр аймақ (аумағы өзгерген жерде үзіледі)"


def hand_made_trend_table():
    """The social table of the hand-made poverty series and three steady ones (B4 a related series)."""
    changes = trends.compute(social_series(), INDICATORS, ORDER, base_year=2015)
    return publish.trend_table(
        "social", changes, regions=REGIONS, indicators=INDICATORS, short_names=SHORT_NAMES, base_year=2015
    )


def test_the_table_gives_each_region_s_change_and_arrow_in_both_languages():
    table = hand_made_trend_table()
    english = table.printed_rows("en")
    kazakh = table.printed_rows("kk")
    assert len(english) == 21 and len(table.headings["en"]) == 5
    by_name = {row[0]: row[1] for row in english}
    assert english[0][0] == "Kazakhstan" and kazakh[0][0] == "Қазақстан Республикасы"
    # the column's period is 2020-2023 (Akmola's and the nation's); East Kazakhstan's and Abai's is 2022-2023
    assert table.headings["en"][1] == f"{SHORT_NAMES['en']['B3']}, 2020–2023" and table.codes[1] == "B3"
    assert by_name["Akmola"] == "-10.0 ↑" and by_name["Kazakhstan"] == "3.3 ↓"
    assert by_name["East Kazakhstan"] == "10.0 ↓ °" and by_name["Abai"] == "0.0 → °"
    assert by_name["Pavlodar"] == ""  # no value: not assessed, blank
    assert {row[0]: row[1] for row in kazakh}["Ақмола"] == "-10,0 ↑"
    akmola = [row[0] for row in english].index("Akmola")
    assert table.fills[(akmola, 1)] == publish.FILLS["improving"]
    assert "Open SDG" in table.note["en"] and "Open SDG" in table.note["kk"] and "0,5 %" in table.note["kk"]
    # a related series is starred in its heading, in both languages; the steady ones rise 0.1 a year from 2015
    assert table.headings["en"][2].startswith(f"{SHORT_NAMES['en']['B4']} *") and table.codes[2] == "B4"
    assert table.headings["kk"][2].startswith(f"{SHORT_NAMES['kk']['B4']} *")
    steady = (5.0 + ORDER.index("KZ-11") + 0.1 * 13) / (5.0 + ORDER.index("KZ-11") + 0.1 * 5)
    assert by_row(english, "Akmola")[3] == f"{100 * (steady ** (1 / 8) - 1):.1f} ↓"  # suicides rising: worse


def by_row(rows, name):
    return next(row for row in rows if row[0] == name)


def test_the_pipeline_lists_every_file_notebook_10_writes():
    from sdi.tools import pipeline

    written = pipeline.outputs("10_trends")
    assert "data/processed/trends/trends.csv" in written and "data/processed/trends/trend_series.csv" in written
    assert "reports/trends/tables/kk/trends_social.csv" in written and "reports/trends/tables/trends_en.docx" in written
    assert "figures/trends/trends_ecological_kk.svg" in written
    assert len(written) == 2 + (3 * 3 * 2 + 4) + 3 * 2 * 2


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "kk"])
@pytest.mark.parametrize("pillar", ["social", "economic", "ecological"])
def test_the_platform_s_figures_keep_every_text_on_the_page(platform, pillar, language):
    """The real panels' titles (the longest short names) and the legend stay inside the 16 cm figure."""
    fig = publish.trend_panels(
        platform.series,
        INDICATORS,
        REGIONS,
        pillar=pillar,
        short_names=SHORT_NAMES,
        base_year=2015,
        language=language,
    )
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    titles = [ax.title for ax in fig.axes] + [ax._left_title for ax in fig.axes]
    texts = [t for t in titles + fig.legends[0].get_texts() if t.get_visible() and t.get_text().strip()]
    assert len(texts) > 3
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    outside = [text for text, box in boxes if not (page.contains(*box.p0) and page.contains(*box.p1))]
    matplotlib.pyplot.close(fig)
    assert outside == []
