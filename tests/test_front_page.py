"""The front page's verdict: each published conclusion with its share of the audit's runs and the choice it
depends on, in both languages; Table 13 with the rank intervals; the reproduction in one line."""

import json

import pandas as pd

from sdi.publish import front_page

NAMES = {
    "en": {"a": "Akmola", "b": "Atyrau", "c": "Astana", "x": "Abai", "y": "Zhetisu", "z": "Ulytau"},
    "kk": {"a": "Ақмола", "b": "Атырау", "c": "Астана қ.", "x": "Абай", "y": "Жетісу", "z": "Ұлытау"},
}


def audit(share_top, *, all_medium_by):
    """A rank_uncertainty table and a monte_carlo.json, written as the audit writes them."""
    ranks = pd.DataFrame(
        {
            "region_id": list("abcxyz"),
            "nominal_rank": [1, 2, 3, 4, 5, 6],
            "median_rank": [1, 5, 3, 4, 5, 6],
            "q05_rank": [1, 1, 2, 2, 4, 5],
            "q95_rank": [3, 14, 4, 6, 6, 6],
            "p_top3": [0.9, 0.36, 0.7, 0.04, 0.0, 0.0],
            "p_bottom3": [0.0, 0.1, 0.2, 0.7, 0.99, 1.0],
        }
    )
    claims = {
        "all_medium": {
            "kind": "all_medium",
            "regions": [],
            "runs": 3000,
            "share": sum(all_medium_by.values()) / 2,
            "by": {"aggregation": all_medium_by},
            "depends_on": "aggregation" if max(all_medium_by.values()) - min(all_medium_by.values()) >= 0.25 else None,
        },
        "top": {
            "kind": "top",
            "regions": ["a", "b", "c"],
            "runs": 10000,
            "share": share_top,
            "by": {},
            "depends_on": None,
        },
        "bottom": {
            "kind": "bottom",
            "regions": ["x", "y", "z"],
            "runs": 10000,
            "share": 0.5,
            "by": {},
            "depends_on": None,
        },
    }
    return ranks, {"runs": 10000, "uncertain_assumptions": ["normalisation", "aggregation"], "claims": claims}


def test_each_conclusion_says_its_share_under_both_methods_and_what_it_depends_on():
    audits = {
        "thesis": audit(0.25, all_medium_by={"arithmetic": 1.0, "geometric": 0.0}),
        "corrected": audit(0.125, all_medium_by={"arithmetic": 0.9, "geometric": 0.8}),
    }
    lines = front_page.claim_lines(audits, NAMES["en"], published=list("abcxyz"), language="en")
    (medium, _), (top, top_regions), (bottom, _) = lines
    assert medium == (
        "Every region's ISDR is medium (Table 14): holds in 50 % of the runs scored min–max by the thesis method "
        "and 85 % by the corrected method; under the thesis method it depends on the aggregation: 100 % with "
        "arithmetic means, 0 % with geometric means."
    )
    assert top.startswith("The top three, Akmola, Atyrau, Astana (Table 13): stay the top three in 25 % of the runs")
    assert "and 12.5 % of the corrected method." not in top and "13 % of the corrected method." in top
    assert top_regions[1] == (
        "Atyrau, published 2: in the top three in 36 % of the thesis method's runs; 5–95 % rank interval 1–14."
    )
    assert "Abai, Zhetisu, Ulytau" in bottom
    kazakh = front_page.claim_lines(audits, NAMES["kk"], published=list("abcxyz"), language="kk")
    assert "арифметикалық ортамен 100 %" in kazakh[0][0] and "Атырау, жарияланған орны 2" in kazakh[1][1][1]


def test_a_share_prints_whole_unless_a_decimal_tells_it_from_0_or_100():
    assert [front_page.percent(s, "en") for s in (1.0, 0.36, 0.996, 0.0004, 0.0)] == [
        "100 %",
        "36 %",
        "99.6 %",
        "< 0.1 %",
        "0 %",
    ]
    assert front_page.percent(0.996, "kk") == "99,6 %" and front_page.percent(None, "kk") == "–"


def test_table_13_shows_each_region_s_rank_interval_beside_its_rank(tmp_path):
    indices = pd.DataFrame(
        {"region_id": ["b", "a"], "isdr": [15.951, 16.61], "rank_isdr": [2, 1], "level_isdr": ["medium", "medium"]}
    )
    ranks, _ = audit(0.3, all_medium_by={"arithmetic": 1.0, "geometric": 1.0})
    table = front_page.table13_with_intervals(indices, ranks, NAMES, year=2023, runs=10000)
    rows = table.printed_rows("kk")
    assert rows[0] == ["Ақмола", "16,61", "1", "1", "1", "3", "Орташа"]
    assert rows[1] == ["Атырау", "15,95", "2", "5", "1", "14", "Орташа"]
    assert "10000" in table.note["en"] and table.headings["en"][3] == "Median rank"


def test_the_reproduction_in_one_line_with_a_link_to_the_corrections(tmp_path):
    summary = tmp_path / "summary.csv"
    summary.write_text(
        "table,compared,matched,explained,unexplained,verdict\n7,105,104,1,0,x\n13,80,60,18,2,y\ntext,10,10,0,0,z\n",
        encoding="utf-8",
    )
    line = front_page.reproduction_line(summary, "en", link="reproduction.html")
    assert line == (
        "Of the 195 numbers the dissertation prints in Tables 7–13 and its text, 174 are reproduced; 19 differ for "
        'a reason the data show and 2 for none. <a href="reproduction.html">What to correct, and why</a>.'
    )
    assert front_page.reproduction_line(tmp_path / "none.csv", "en", link="x") == ""
    assert json.dumps(front_page.reproduction_line(summary, "kk", link="r.html")).count("195") == 1
