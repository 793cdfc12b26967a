"""The robustness tables as files: names added for people, the published top three read as printed."""

import pandas as pd
from conftest import ROOT
from test_uncertainty import REGIONS

from sdi.publish import robustness_report as report


def test_the_published_top_three_of_2023_as_table_13_prints_it():
    # Table 13 ranks Ақмола 1, Алматы 2 (the oblast; the city prints as «Алматы қ.»), Атырау 3
    top = report.published_top(ROOT / "data/reference/2023/table13_integral.csv", REGIONS)
    assert top == ["KZ-11", "KZ-19", "KZ-23"]
    assert report.published_top(ROOT / "data/reference/1999/table13_integral.csv", REGIONS) == []


def test_a_table_is_written_as_csv_and_as_markdown_with_region_names(tmp_path):
    table = pd.DataFrame({"region_id": ["KZ-11", "KZ-75"], "p_top3": [0.5, float("nan")]})
    csv, md = report.write_table(table, tmp_path, "rank_uncertainty", regions=REGIONS, note="a note")
    assert csv.read_text(encoding="utf-8") == "region_id,p_top3\nKZ-11,0.5\nKZ-75,\n"
    text = md.read_text(encoding="utf-8")
    assert text.startswith("## ISDR rank over the Monte Carlo runs\n\n*Монте-Карло бойынша ISDR орны*")
    assert "| KZ-11       | Akmola        |     0.50 |" in text and "*a note*" in text


def test_the_reproduction_report_s_section_on_robust_conclusions():
    section = report.conclusions_section({"thesis": ["- a", "- b"], "corrected": ["- c"]})
    assert section.startswith("## Which conclusions are robust\n")
    assert "### The `thesis` method\n\n- a\n- b\n" in section and section.index("`thesis`") < section.index(
        "`corrected`"
    )
    assert report.conclusions_section({}) == ""  # no audit, no section


def test_robust_conclusions_state_the_shares():
    table = pd.DataFrame(
        {
            "region_id": ["a", "b"],
            "nominal_rank": [1, 2],
            "median_rank": [1, 3],
            "q05_rank": [1, 1],
            "q95_rank": [2, 7],
            "p_top3": [0.9, 0.25],
        }
    )
    summary = {
        "runs": 1000,
        "minmax_runs": 400,
        "uncertain_assumptions": ["normalisation"],
        "share_every_isdr_medium": 0.5,
        "share_every_isdr_medium_by_aggregation": {"arithmetic": 1.0, "geometric": 0.0},
        "mean_abs_rank_shift": {"mean": 1.25, "median": 1.0, "q95": 3.0},
    }
    text = "\n".join(
        report.robust_conclusions(table, summary, {"a": "Aland", "b": "Bland"}, top_three={"published": ["b"]})
    )
    assert "Over 1,000 Monte Carlo runs (varied: normalisation;" in text
    assert (
        "in 50.0 % of the 400 runs scored min-max" in text
        and "(100.0 % of those with arithmetic means; 0.0 % of" in text
    )
    assert (
        "**Bland** (published top three) stays in the top three in 25.0 % of the runs; in 90 % of them its rank lies "
        "between 1 and 7 (median 3; nominal 2)" in text
    )
    # 1.25 places at one decimal: the half rounds up, as catalogue.number rounds every number (Excel's way)
    assert "Aland" not in text and "1.3 places" in text


def test_robust_conclusions_in_kazakh_with_kazakh_numbers():
    table = pd.DataFrame(
        {
            "region_id": ["b"],
            "nominal_rank": [2],
            "median_rank": [3],
            "q05_rank": [1],
            "q95_rank": [7],
            "p_top3": [0.25],
        }
    )
    summary = {
        "runs": 10000,
        "minmax_runs": 3391,
        "uncertain_assumptions": ["normalisation", "aggregation"],
        "share_every_isdr_medium": 0.498,
        "share_every_isdr_medium_by_aggregation": {"arithmetic": 1.0},
        "mean_abs_rank_shift": {"mean": 1.75, "median": 1.0, "q95": 2.9},
    }
    text = "\n".join(
        report.robust_conclusions(table, summary, {"b": "Бланд"}, top_three={"published": ["b"]}, language="kk")
    )
    # 10 000 with a space that does not break, 49,8 % with the decimal comma, the assumptions in Kazakh
    assert "10\u00a0000" in text and "3\u00a0391" in text and "49,8 %" in text and "100,0 %" in text
    assert "қалыпқа келтіру, агрегаттау" in text and "**Бланд**" in text and "1,8 орынға" in text
    section = report.conclusions_section({"thesis": text.splitlines()}, "kk")
    assert section.startswith("## Қай қорытындылар орнықты\n") and "### `thesis` әдісі" in section
