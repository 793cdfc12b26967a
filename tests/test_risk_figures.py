"""Risk figures at print size: 16 cm wide at most, no text below 8 pt, the level written in every cell."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import RAW  # noqa: E402

from sdi.inputs.cleaning import clean_year  # noqa: E402
from sdi.inputs.metadata import load_indicators, load_regions, load_short_names  # noqa: E402
from sdi.publish import maps  # noqa: E402
from sdi.publish.risk_figures import high_risk_maps, macro_region_map, risk_dashboard  # noqa: E402
from sdi.risk import classification  # noqa: E402
from sdi.risk.macro_regions import load_macro_regions, summary  # noqa: E402
from sdi.risk.thresholds import load_thresholds  # noqa: E402

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
CLEAN, _ = clean_year(RAW / "2023", REGIONS, INDICATORS)
LEVELS = classification.classify(CLEAN, load_thresholds(RAW / "risk_thresholds.csv", INDICATORS))
ROLLUP = classification.rollup(LEVELS)
SHORT = load_short_names(RAW / "indicator_short_names.csv", INDICATORS)
SHORT_NAMES = {language: dict(SHORT[f"short_{language}"]) for language in ("en", "kk")}


def printed_width_cm(fig):
    fig.canvas.draw()
    return fig.get_tightbbox(fig.canvas.get_renderer()).width * 2.54


def smallest_font(fig):
    return min(t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip())


@pytest.mark.parametrize("language, marks", [("en", "HML?"), ("kk", "ЖОТ?")])
def test_the_dashboard_writes_every_level_at_8_pt_in_16_cm(language, marks):
    fig = risk_dashboard(LEVELS, INDICATORS, REGIONS, short_names=SHORT_NAMES, language=language)
    texts = [t.get_text() for t in fig.axes[0].texts]
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert rows[2] == {"en": "B3 Poverty rate", "kk": "B3 Кедейлік деңгейі"}[language]  # code, then short name
    # 52 indicators x 20 regions lettered; † on the 30 values the rule put in medium; ? on B46's two blanks
    letters = [t for t in texts if t[:1] in marks and len(t) <= 2]
    assert len(letters) == 1040 and sum(t.endswith("†") for t in letters) == 30 and letters.count("?") == 2
    # Abai's B1 (95.82, at most 100) is high: the first row's first cell
    assert letters[0] == marks[0]
    assert printed_width_cm(fig) <= 16.0 and smallest_font(fig) >= 8
    plt.close(fig)


@pytest.fixture(scope="module")
def shapes():
    return maps.region_shapes(REGIONS)


def test_the_high_risk_maps_name_every_region_with_its_count(shapes):
    fig = high_risk_maps(shapes, ROLLUP, REGIONS, language="en")
    social = [t.get_text() for t in fig.axes[0].texts]
    assert len(social) == 20 and "Abai\n12" in social  # Abai: 12 of 21 social indicators at high risk
    plt.close(fig)
    fig = high_risk_maps(shapes, ROLLUP, REGIONS, language="kk")
    assert "Абай\n12" in [t.get_text() for t in fig.axes[0].texts]
    assert printed_width_cm(fig) <= 16.0 and smallest_font(fig) >= 8
    plt.close(fig)


def test_the_macro_region_map_names_the_four_groups_and_the_cities(shapes):
    macro = load_macro_regions(RAW / "macro_regions.csv", REGIONS)
    indices = pd.DataFrame(
        {
            "region_id": [r for r in REGIONS.region_id if r != "KZ"],
            **dict.fromkeys(("social", "economic", "ecological"), 5.0),
            "isdr": 15.0,
        }
    )
    for language, expected in (
        (
            "en",
            {
                "West",
                "East and Centre",
                "South and South-East",
                "North",
                "Astana 15.00",
                "Almaty (city) 15.00",
                "Shymkent 15.00",
            },
        ),
        (
            "kk",
            {
                "Батыс",
                "Шығыс және Орталық",
                "Оңтүстік, оңтүстік-шығыс",
                "Солтүстік",
                "Астана қ. 15,00",
                "Алматы қ. 15,00",
                "Шымкент қ. 15,00",
            },
        ),
    ):
        fig = macro_region_map(
            shapes, REGIONS, macro, macro_summary=summary(indices, ROLLUP, REGIONS, macro=macro), language=language
        )
        labels = [t.get_text() for t in fig.axes[0].texts]
        # a group's name of two parts is written on two lines («Оңтүстік,\nоңтүстік-шығыс»)
        assert {label.replace(",\n", ", ").split("\n")[0] for label in labels} >= expected
        assert printed_width_cm(fig) <= 16.0 and smallest_font(fig) >= 8
        plt.close(fig)
