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


# --- a year on another map of regions, typed by hand (no data/reference/<year>/) -------------------------------------

# the platform's codes of the units of 2021 and 2016, from sdg_regions.csv's facts: KZVOS is East Kazakhstan in every
# year (with Abai until 2021), KZONT South Kazakhstan (with Shymkent) until 2017
REF_AREA = {
    "KZ-11": "KZAKM", "KZ-15": "KZAKT", "KZ-19": "KZALM", "KZ-23": "KZATY", "KZ-27": "KZZAP", "KZ-31": "KZZHA",
    "KZ-35": "KZKAR", "KZ-39": "KZKUS", "KZ-43": "KZKZY", "KZ-47": "KZMAN", "KZ-55": "KZPAV", "KZ-59": "KZSEV",
    "KZ-61": "KZYUZ", "KZ-63": "KZVOS", "KZ-71": "KZNS", "KZ-75": "KZALA", "KZ-79": "KZSHY", "KZ-YUZ": "KZONT",
}  # fmt: skip
# Abai, Zhetisu and Ulytau were made out of East Kazakhstan, Almaty Region and Karaganda in June 2022
CUT_IN_2022 = {"KZABY": "KZ-63", "KZZHS": "KZ-19", "KZULU": "KZ-35"}


def platform_rows(file, year, **wanted):
    """{REF_AREA: Value} of the platform's rows of `year` whose disaggregation columns are `wanted` (the others
    empty), read off the CSV text."""
    with open(PLATFORM / "data" / file, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    found = {}
    for r in rows:
        others = {k: (v or "").strip() for k, v in r.items() if k not in ("Year", "REF_AREA", "Value")}
        if r["Year"] == str(year) and r["REF_AREA"] and others == {k: wanted.get(k, "") for k in others}:
            found[r["REF_AREA"]] = r["Value"].strip()
    return found


def set_column(raw_dir, pillar, code, values):
    """data/raw/<year>/<pillar>.csv with column `code` set to `values` ({Kazakh region name: text}), other cells
    kept as written."""
    path = raw_dir / f"{pillar}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["region"] in values:
            r[code] = values[r["region"]]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def year_2021(tmp_path_factory):
    """2021 on its 17 units: synthetic values, then B25 (unemployment) copied from the platform's text for every
    unit with Kostanay's raised by 1.0, and B34 (R&D spending) copied for every unit the platform publishes."""
    from conftest import copy_raw
    from synthetic import write_year_on_map

    from sdi.method.context import load_run

    root = tmp_path_factory.mktemp("audit-2021")
    raw = copy_raw(root / "data" / "raw")
    units = write_year_on_map(raw, 2021).set_index("region_id")["name_kk"].drop("KZ")
    assert len(units) == 17 and set(units.index) <= set(REF_AREA)
    b25 = platform_rows("indicator_8-5-2.csv", 2021, UNIT_MEASURE="PT")
    typed = {units[u]: b25[REF_AREA[u]] for u in units.index}
    median = sorted(units.index, key=lambda u: Decimal(b25[REF_AREA[u]]))[8]  # neither the best nor the worst
    typed[units[median]] = str(Decimal(b25[REF_AREA[median]]) + Decimal("1.0"))
    set_column(raw / "2021", "economic", "B25", typed)
    b34 = platform_rows("indicator_9-5-1.csv", 2021, UNIT_MEASURE="PT")
    set_column(raw / "2021", "economic", "B34", {units[u]: b34.get(REF_AREA[u], "0.5") for u in units.index})
    run = load_run(2021, root=root)
    return run, input_audit.audit_year(run, folder=PLATFORM, missing="worst"), median, b25, b34


def test_a_typed_2021_is_audited_on_its_17_units(year_2021):
    run, audit, median, b25, _ = year_2021
    values = audit.values[audit.values["indicator"] == "B25"].set_index("region_id")
    assert len(values) == 17 and set(values.index) == set(REF_AREA) - {"KZ-YUZ"}
    table = audit.indicators.set_index("indicator")
    assert table.loc["B25", ["equal", "differs", "not_published"]].tolist() == [16, 1, 0]
    assert table.at["B25", "verdict"] == "differs in 1 of 17"
    # the changed value, with both numbers as written
    changed = values.loc[median]
    assert changed["status"] == "differs" and changed["platform"] == b25[REF_AREA[median]]
    assert Decimal(changed["raw"]) == Decimal(b25[REF_AREA[median]]) + 1
    assert Decimal(changed["difference"]) == Decimal("-1.0")
    assert (values.drop(index=median)["status"] == "equal").all()


def test_a_unit_the_platform_gives_on_a_later_map_is_not_compared(year_2021):
    """B34's platform file gives 2021 on 2022's map (rows of Abai, Zhetisu, Ulytau): its rows of East Kazakhstan,
    Almaty Region and Karaganda are for the smaller territories, so those three 2021 units are not compared."""
    _, audit, _, _, b34 = year_2021
    assert set(CUT_IN_2022) <= set(b34)  # the platform's 2021 block is on the later map
    values = audit.values[audit.values["indicator"] == "B34"].set_index("region_id")
    cut = set(CUT_IN_2022.values())
    assert set(values.index[values["status"] == "not_published"]) == cut
    assert (values.loc[sorted(cut), "platform"] == "").all()
    assert (values.drop(index=sorted(cut))["status"] == "equal").all()
    table = audit.indicators.set_index("indicator")
    assert table.loc["B34", ["equal", "differs", "not_published"]].tolist() == [14, 0, 3]
    problems = table.at["B34", "platform_problems"]
    assert "gives 2021 on a later map of regions: Abai (row" in problems
    for name in ("East Kazakhstan", "Almaty Region", "Karaganda"):
        assert f"{name}, its row there is for its territory without" in problems
    # a series on the 2021 map (B25: no Abai row in 2021) compares East Kazakhstan with its own row
    assert audit.values.set_index(["indicator", "region_id"]).at[("B25", "KZ-63"), "status"] == "equal"


def test_the_consequence_of_2021_is_on_its_units(year_2021):
    """The one differing same-measure value (B25, unemployment, higher is worse, raised by 1.0 in the raw file) put
    back to the platform's: the region's B25 is no longer the worst, so its economic index rises, in both methods;
    every row is one of the 17 units."""
    run, audit, median, _, _ = year_2021
    moves = audit.consequence
    assert set(moves["region_id"]) == set(REF_AREA) - {"KZ-YUZ"}
    assert len(moves) == 2 * 4 * 17  # both methods x three pillars and ISDR x the units
    own = moves[(moves["region_id"] == median) & (moves["index"] == "economic")].set_index("method")
    assert (own["platform_value"] > own["raw_value"]).all() and set(own.index) == {"thesis", "corrected"}
    assert (moves["rank_change"] == moves["platform_rank"] - moves["raw_rank"]).all()
    assert sorted(moves[(moves.method == "thesis") & (moves["index"] == "isdr")]["raw_rank"]) == list(range(1, 18))


def test_the_front_page_line_of_2021_in_both_languages(year_2021, tmp_path):
    """The line counts what the written CSVs hold (the synthetic columns differ from the platform too)."""
    from sdi.publish import front_page

    _, audit, _, _, _ = year_2021
    input_audit.write_outputs(audit, tmp_path)
    with open(tmp_path / "input_audit_indicators.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    equal, differs = sum(int(r["equal"]) for r in rows), sum(int(r["differs"]) for r in rows)
    same = [r for r in rows if r["relation"] == "same" and int(r["differs"])]
    en, kk = (front_page.inputs_line(tmp_path, language) for language in ("en", "kk"))
    assert en.startswith("Are the inputs right?") and f"{equal} raw values are equal and {differs} differ" in en
    assert f"({sum(int(r['differs']) for r in same)} of them in {', '.join(r['indicator'] for r in same)}," in en
    assert "B25" in [r["indicator"] for r in same]
    assert kk.startswith("Бастапқы деректер дұрыс па?") and f"{equal} бастапқы мән тең, {differs} мән өзгеше" in kk


@pytest.mark.parametrize("related_differ", [False, True])
def test_a_year_with_nothing_to_put_in_place_says_the_ranking_stands(year_2021, tmp_path, related_differ):
    """A year whose values of the same measure all equal the platform's (one imported by `make import-sdg`): the
    front page's line says the ranking stands, in both languages, with no empty list of indicators; where only
    related series (another price base) differ, it names them."""
    from sdi.publish import front_page

    _, audit, _, _, _ = year_2021
    table = audit.indicators
    put_back = (table["relation"] == "same") | (not related_differ)
    flat = table.assign(equal=table["equal"] + table["differs"] * put_back, differs=table["differs"] * ~put_back)
    assert flat["differs"].sum() == (table["differs"] * (table["relation"] == "related")).sum() * related_differ
    empty = audit.consequence.iloc[0:0]
    input_audit.write_outputs(input_audit.InputAudit(2021, audit.values, flat, empty, 23, 11), tmp_path)
    en, kk = (front_page.inputs_line(tmp_path, language) for language in ("en", "kk"))
    assert "the ranking stands" in en and "рейтинг өзгермейді" in kk
    if related_differ:
        related = ", ".join(flat.loc[flat["differs"] > 0, "indicator"])
        assert related and f"measured otherwise (constant prices or another threshold: {related})" in en
        assert f"(тұрақты бағалар немесе басқа шек: {related})" in kk
    else:
        assert f"{int(flat['equal'].sum())} raw values are equal and none differs" in en and "өзгеше мән жоқ" in kk
    assert "()" not in en and "in ," not in en


def test_south_kazakhstan_in_2016_is_compared_with_its_own_row(tmp_path):
    """2016 on 16 units: South Kazakhstan (Shymkent included) against the platform's KZONT row, though B3's file also
    gives 2016 for Turkistan and Shymkent (a later map): that unit ended with the change, so its row stands."""
    from conftest import copy_raw
    from synthetic import write_year_on_map

    from sdi.method.context import load_run

    raw = copy_raw(tmp_path / "data" / "raw")
    units = write_year_on_map(raw, 2016).set_index("region_id")["name_kk"].drop("KZ")
    b3 = platform_rows("indicator_1-2-1.csv", 2016, UNIT_MEASURE="PT")
    assert {"KZONT", "KZYUZ", "KZSHY"} <= set(b3)  # the platform's 2016 holds both maps
    set_column(raw / "2016", "social", "B3", {units[u]: b3[REF_AREA[u]] for u in units.index})
    audit = input_audit.audit_year(load_run(2016, root=tmp_path), folder=PLATFORM)
    values = audit.values[audit.values["indicator"] == "B3"].set_index("region_id")
    assert len(values) == 16 and "KZ-YUZ" in values.index and not {"KZ-61", "KZ-79"} & set(values.index)
    assert values.at["KZ-YUZ", "platform"] == b3["KZONT"] and (values["status"] == "equal").all()
    problems = audit.indicators.set_index("indicator").at["B3", "platform_problems"]
    assert "gives 2016 on a later map of regions" in problems and "not compared" not in problems
