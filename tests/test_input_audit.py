"""sdi.reproduction.input_audit: each raw value against the SDG platform's, the verdicts, and what a difference
changes in the index. Expected values come from the CSV text read by hand, or from planted differences."""

import csv
import re
from decimal import Decimal

import pandas as pd
import pytest
from conftest import RAW, ROOT, run_2023

from sdi.inputs import cleaning, opensdg
from sdi.publish import input_audit_report
from sdi.reproduction import input_audit

PLATFORM = ROOT / "data" / "external" / "opensdg"


@pytest.fixture(scope="module")
def run():
    return run_2023()


@pytest.fixture(scope="module")
def audit(run):
    return input_audit.audit_year(run)


def raw_by_hand(pillar, name, code):
    with open(RAW / "2023" / f"{pillar}.csv", encoding="utf-8", newline="") as f:
        return next(r[code] for r in csv.DictReader(f) if r["region"] == name)


def platform_by_hand(file, ref_area, **wanted):
    with open(PLATFORM / "data" / file, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["Year"] == "2023" and r.get("REF_AREA") == ref_area]
    return [r["Value"].strip() for r in rows if all((r.get(k) or "") == wanted.get(k, "") for k in r if k in wanted)]


def value(p, decimals=None):
    return opensdg.PlatformValue(p, Decimal(p), decimals if decimals is not None else opensdg.decimals_of(p), 2)


@pytest.mark.parametrize(
    "raw, platform, decimals, status, difference",
    [
        ("42.32", "42.3", None, "equal", "-0.02"),  # the platform's one decimal: 42.25 to 42.35
        ("47.75", "47.7", None, "equal", "-0.05"),  # exactly half a unit: still within the rounding
        ("47.76", "47.7", None, "differs", "-0.06"),
        ("0.22", "0.21", None, "differs", "-0.01"),  # both with two decimals: half a unit is 0.005
        ("703.36", "703.0", 0, "equal", "-0.36"),  # a series of whole numbers written '.0'
        ("58.69", "9.0", 0, "differs", "-49.69"),
        ("8.60", "8.0", None, "differs", "-0.6"),
        ("2016", "2016.0", None, "equal", "0"),
    ],
)
def test_equal_within_the_coarser_printed_rounding(raw, platform, decimals, status, difference):
    got = input_audit.compare(raw, value(platform, decimals))
    assert got[:2] == (status, difference)


def test_the_other_statuses():
    assert input_audit.compare("4.8", None)[0] == "not_published"
    assert input_audit.compare("", value("0.0"))[0] == "raw_blank"
    assert input_audit.compare("1.7", value("1.3"), twice=True)[0] == "published_twice"
    status, difference, relative, tolerance = input_audit.compare("7.00", value("5.2"))
    assert (status, difference, relative, tolerance) == ("differs", "-1.8", "-0.2571", "0.05")


def test_2023_cells_against_the_text_of_both_files(audit):
    """Karaganda's unemployment (B25) and Zhambyl's poverty rate (B3), read off both files by hand."""
    values = audit.values.set_index(["indicator", "region_id"])
    raw_b25 = raw_by_hand("economic", "Қарағанды", "B25")
    (platform_b25,) = platform_by_hand(
        "indicator_8-5-2.csv", "KZKAR", UNIT_MEASURE="PT", SEX="", URBANISATION="", AGE=""
    )
    assert abs(Decimal(raw_b25) - Decimal(platform_b25)) <= Decimal("0.05")
    assert values.loc[("B25", "KZ-35"), "status"] == "equal"
    assert (values.loc[("B25", "KZ-35"), "raw"], values.loc[("B25", "KZ-35"), "platform"]) == (raw_b25, platform_b25)
    raw_b3 = raw_by_hand("social", "Жамбыл", "B3")
    (platform_b3,) = platform_by_hand("indicator_1-2-1.csv", "KZZHA", SEX="", URBANISATION="")
    assert values.loc[("B3", "KZ-31"), "status"] == "differs"
    assert Decimal(values.loc[("B3", "KZ-31"), "difference"]) == Decimal(platform_b3) - Decimal(raw_b3)


def test_every_mapped_indicator_and_region_has_a_row(audit):
    with open(RAW / "sdg_series.csv", encoding="utf-8", newline="") as f:
        mapped = [r["indicator"] for r in csv.DictReader(f) if r["file"]]
    assert list(audit.indicators["indicator"]) == mapped
    assert len(audit.values) == 20 * len(mapped)
    counts = audit.indicators[list(input_audit.STATUSES)].sum(axis=1)
    assert (counts == 20).all()
    assert set(audit.values["status"]) <= set(input_audit.STATUSES)


def test_the_verdicts_count_the_values(audit):
    table = audit.indicators.set_index("indicator")
    for code, verdict in table["verdict"].items():
        own = audit.values[audit.values["indicator"] == code]["status"]
        compared = int(own.isin(["equal", "differs"]).sum())
        differs = int((own == "differs").sum())
        if compared == 0:
            assert verdict == "not published"
        elif differs:
            assert verdict == f"differs in {differs} of {compared}"
        else:
            assert verdict == f"equal in {compared}"


def test_the_mapping_notes_say_what_the_audit_finds(audit):
    """Each mapping note that states a 2023 count ('equal in all 20 regions', 'differs in 18 of 20 regions', 'equal
    in 16 regions', 'equal in the 17 regions') agrees with the audit."""
    table = audit.indicators.set_index("indicator")
    for code, note in table["note"].items():
        if "equal in all 20 regions" in note:
            assert table.at[code, "equal"] == 20, code
        m = re.search(r"differs in (\d+) of (\d+) regions", note)
        if m:
            assert table.at[code, "differs"] == int(m.group(1)), code
        m = re.search(r"equal in (?:the )?(\d+) regions", note)
        if m:
            assert table.at[code, "equal"] == int(m.group(1)), code


def test_a_planted_difference_moves_the_index(run):
    """Karaganda's unemployment (B25, higher is worse) set to 40 % by a planted platform value: its economic index
    falls and its economic rank gets worse; the other indicators are untouched."""
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    raw = cleaning.regional_values(clean).loc["KZ-35", "B25"]
    planted = pd.DataFrame(
        [{"indicator": "B25", "region_id": "KZ-35", "relation": "same", "status": "differs", "raw": "4.10",
          "difference": str(Decimal("40") - Decimal("4.10"))}]
    )  # fmt: skip
    assert raw == 4.1
    before, after = input_audit.substituted(clean, planted)
    assert after.loc["KZ-35", "B25"] == 40.0
    assert (before.drop(columns="B25").equals(after.drop(columns="B25"))) and before.loc["KZ-31", "B25"] == after.loc[
        "KZ-31", "B25"
    ]
    result = input_audit.consequence(clean, planted, run.indicators)
    row = result[(result.method == "thesis") & (result.region_id == "KZ-35") & (result["index"] == "economic")].iloc[0]
    assert row.platform_value < row.raw_value and row.platform_rank > row.raw_rank
    assert row.rank_change == row.platform_rank - row.raw_rank


def test_a_related_series_is_never_put_in_place(run):
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    planted = pd.DataFrame(
        [{"indicator": "B39", "region_id": "KZ-35", "relation": "related", "status": "differs", "raw": "34.50",
          "difference": "-34.5"}]
    )  # fmt: skip
    assert input_audit.consequence(clean, planted, run.indicators).empty


def test_the_raw_recomputation_is_the_published_leader(run):
    """With nothing in place, recompute ranks as notebook 04 does: Table 13's ISDR leader, Akmola (rank 1 in
    data/reference/2023/table13_integral.csv), is first under the thesis method."""
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    table = input_audit.recompute(cleaning.regional_values(clean), run.indicators, "thesis")
    with open(ROOT / "data/reference/2023/table13_integral.csv", encoding="utf-8", newline="") as f:
        (first,) = [r["region"] for r in csv.DictReader(f) if r["rank_isdr"] == "1"]
    assert first == "Ақмола"
    assert table.set_index("region_id").at["KZ-11", "rank_isdr"] == 1


def test_the_section_in_both_languages(audit, run):
    en = input_audit_report.section(audit, run.region_names["en"])
    kk = input_audit_report.section(audit, run.region_names["kk"], language="kk")
    assert en[0] == "## Are the inputs right?" and kk[0] == "## Бастапқы деректер дұрыс па?"
    assert len(en) == len(kk)
    for code in audit.indicators["indicator"]:
        assert any(line.startswith(f"| {code} |") for line in en)
        assert any(line.startswith(f"| {code} |") for line in kk)
    assert set(input_audit_report.words("en")) == set(input_audit_report.words("kk"))
    assert not any("rank of" in line for line in kk)
    # what to check: one line per same-measure indicator with a differing value, naming its largest difference
    named = input_audit_report.section(audit, run.region_names["en"], indicator_names=run.indicator_names["en"])
    checks = [line for line in named if line.startswith("- B") and "differ from the platform" in line]
    assert [c.split()[1] for c in checks] == ["B3", "B34", "B35", "B46"]
    assert "B35 (Researchers per million inhabitants): 1 of 20 regions differ" in checks[2]
    assert "the most Ulytau (58.69 in the dissertation, 9.0 on the platform)" in checks[2]


def test_outputs_are_byte_identical(audit, tmp_path):
    first = [p.read_bytes() for p in input_audit.write_outputs(audit, tmp_path / "a")]
    second = [p.read_bytes() for p in input_audit.write_outputs(input_audit.audit_year(run_2023()), tmp_path / "b")]
    assert first == second
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(input_audit.OUTPUT_FILES)


def test_the_consequence_follows_the_runs_missing_value_policy(run):
    """West Kazakhstan's B46 is blank in Table 9: under `worst` it scores 1, under `available` its ecological index
    is the mean of the other eight scores, so the two policies give it different ecological indices."""
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    planted = pd.DataFrame(
        [{"indicator": "B25", "region_id": "KZ-35", "relation": "same", "status": "differs", "raw": "4.10",
          "difference": "1"}]
    )  # fmt: skip
    worst = input_audit.consequence(clean, planted, run.indicators)
    available = input_audit.consequence(clean, planted, run.indicators, missing={"thesis": "available"})

    def ecological(table, method):
        own = table[(table.method == method) & (table.region_id == "KZ-27") & (table["index"] == "ecological")]
        return own.iloc[0].raw_value

    assert ecological(worst, "thesis") != ecological(available, "thesis")
    assert ecological(worst, "corrected") == ecological(available, "corrected")  # not given: worst
