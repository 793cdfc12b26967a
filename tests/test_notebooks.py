"""The notebooks as files, read and never run: each holds one parameters cell of literals, calls and displays, no
rule or formula of its own; says at the top which files it writes (the list sdi.tools.pipeline gives make); and
the examples its Markdown works by hand for 2023 agree with numbers derived here from the raw CSV text. (Run, they
are end to end: test_run_all and test_pipeline.)"""

import ast
import fnmatch
import json
import re

import pytest
from conftest import RAW, ROOT
from published import REGION_IDS, csv_rows, raw_column

from sdi.inputs.metadata import load_regions, normalise_name
from sdi.risk.macro_regions import load_macro_regions
from sdi.tools import pipeline

MACRO = load_macro_regions(RAW / "macro_regions.csv", load_regions(RAW / "regions.csv"))  # they name Tables 21-24
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# arithmetic in a notebook is a formula that belongs in the library (a string joined with + is not)
ARITHMETIC = (ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.Mod, ast.MatMult)


def cells(path):
    return [
        (c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", []), c)
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
    ]


def markdown(path):
    return [source for kind, source, _, _ in cells(path) if kind == "markdown"]


def code_tree(source):
    return ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_has_one_parameters_cell_of_literals_and_is_committed_without_outputs(path):
    found = cells(path)
    parameters = [source for kind, source, tags, _ in found if "parameters" in tags]
    assert len(parameters) == 1, "one cell tagged `parameters`"
    for node in code_tree(parameters[0]).body:
        assert isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name), ast.unparse(node)
        ast.literal_eval(node.value)  # a literal, which papermill can replace
    for kind, _, _, cell in found:
        if kind == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "commit the notebook without outputs"


def is_path_join(node):
    """folder / "name.csv", folder / f"{name}.csv": a path, not a division."""
    left, right = (node.left, node.right) if isinstance(node, ast.BinOp) else (node.target, node.value)
    is_text = isinstance(right, ast.JoinedStr) or (isinstance(right, ast.Constant) and isinstance(right.value, str))
    is_folder = re.search(r"(root|dir|folder|out|figs|processed|reports|figures|raw|reference)$", ast.unparse(left))
    return isinstance(node.op, ast.Div) and bool(is_text or is_folder)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_holds_calls_and_displays_no_function_and_no_formula(path):
    for kind, source, _, _ in cells(path):
        if kind != "code":
            continue
        for node in ast.walk(code_tree(source)):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), (
                f"{path.name}: a function or class belongs in the library: {ast.unparse(node)[:80]}"
            )
            if isinstance(node, (ast.BinOp, ast.AugAssign)) and not is_path_join(node):
                assert not isinstance(node.op, ARITHMETIC), (
                    f"{path.name}: arithmetic belongs in the library: {ast.unparse(node)[:80]}"
                )


def written_list(path):
    """The files the first cell says the notebook writes: the backticked paths of the list after **Writes**."""
    first = markdown(path)[0]
    assert "**Writes**" in first and '"Run All"' in first, f"{path.name}: say at the top what Run All writes"
    block = first.split("**Writes**", 1)[1].split("\n\n", 1)[0]
    items = re.findall(r"`((?:data|reports|figures)/[^`]+)`", block)
    return [item.replace("<year>", "2023").replace("<method>", "thesis") for item in items]


def names(item, output):
    """Whether a listed item names an output: a folder (ending in /) names what is under it, a pattern its matches."""
    return output.startswith(item) if item.endswith("/") else fnmatch.fnmatch(output, item)


@pytest.mark.parametrize("step", pipeline.STEPS, ids=lambda s: s.notebook)
def test_a_notebook_says_at_the_top_every_file_it_writes_and_no_other(step):
    items = written_list(ROOT / "notebooks" / f"{step.notebook}.ipynb")
    outputs = pipeline.outputs(step.notebook, "2023", "thesis", macro=MACRO)
    unnamed = [o for o in outputs if not any(names(item, o) for item in items)]
    assert not unnamed, f"{step.notebook} writes files its top cell does not name: {unnamed[:5]}"
    stale = [item for item in items if not any(names(item, o) for o in outputs)]
    assert not stale, f"{step.notebook} names files it does not write: {stale}"


# --- the examples worked by hand, against numbers derived from the CSV text ------------------------------------------

AKMOLA = "KZ-11"
INDICATORS = {r["code"]: r for r in csv_rows(RAW / "indicators.csv")}


def hand_score(pillar, code, region, direction_column="direction_thesis"):
    column = raw_column(pillar, code)
    present = [v for v in column.values() if v is not None]
    lo, hi = min(present), max(present)
    x = column[region]
    if x is None:  # the dissertation's blanks: the worst score
        return 1.0
    share = (x - lo) / (hi - lo) if INDICATORS[code][direction_column] == "1" else (hi - x) / (hi - lo)
    return 1 + 8 * share


def hand_pillar(pillar, region, direction_column="direction_thesis"):
    codes = [c for c, r in INDICATORS.items() if r["pillar"] == pillar and r["in_thesis_index"] == "true"]
    return sum(hand_score(pillar, c, region, direction_column) for c in codes) / len(codes), codes


def worked_cell(notebook):
    return next(text for text in markdown(ROOT / "notebooks" / f"{notebook}.ipynb") if "worked by hand" in text)


def test_notebook_03_works_akmola_s_poverty_score_from_the_raw_min_and_max():
    column = raw_column("social", "B3")
    x, lo, hi = column[AKMOLA], min(column.values()), max(column.values())
    assert INDICATORS["B3"]["direction_thesis"] == INDICATORS["B3"]["direction"] == "-1"  # so both methods
    text = worked_cell("03_normalisation")
    assert f"(max − x) / (max − min) = 1 + 8 × ({hi:g} − {x:g}) / ({hi:g} − {lo:g})" in text
    assert f"= **{hand_score('social', 'B3', AKMOLA):.2f}**" in text
    mirrored = 1 + 8 * (x - lo) / (hi - lo)
    assert f"= {mirrored:.2f}: reversing the direction" in text


def test_notebook_04_works_akmola_s_ecological_index_from_its_scores():
    index, codes = hand_pillar("ecological", AKMOLA)
    text = worked_cell("04_index_construction")
    assert "| " + " | ".join(codes) + " |" in text
    assert "| " + " | ".join(f"{hand_score('ecological', c, AKMOLA):.2f}" for c in codes) + " |" in text
    assert f"/ {len(codes)} = {index * len(codes):.2f} / {len(codes)} = **{index:.2f}**" in text
    isdr = sum(hand_pillar(p, AKMOLA)[0] for p in ("social", "economic", "ecological"))
    assert f"= **{isdr:.2f}**" in text


def test_notebook_05_works_akmola_s_levels_from_the_thresholds():
    ecological = hand_pillar("ecological", AKMOLA)[0]
    isdr = sum(hand_pillar(p, AKMOLA)[0] for p in ("social", "economic", "ecological"))
    assert 4 <= ecological < 7 and 11 <= isdr < 19  # medium, as the dissertation's thresholds read
    text = worked_cell("05_typology")
    assert f"is {ecological:.2f}" in text and f"{ecological:.2f} ≥ 4, so it is **medium**" in text
    assert f"{isdr:.2f} < 19 and {isdr:.2f} ≥ 11" in text


def test_notebook_06_works_akmola_s_poverty_risk_from_the_printed_band():
    national = {REGION_IDS[normalise_name(r["region"])]: r["B3"] for r in csv_rows(RAW / "2023" / "social.csv")}["KZ"]
    bands = {r["level"]: r for r in csv_rows(RAW / "risk_thresholds.csv") if r["code"] == "B3"}
    assert float(bands["high"]["lower"]) == float(national) and bands["high"]["lower_sign"] == "<"
    x = raw_column("social", "B3")[AKMOLA]
    assert x > float(national)  # above the national rate: high risk
    text = worked_cell("06_risk_maps")
    assert f"national poverty rate of 2023 ({float(national):g} %" in text
    assert f"rate is {x:g} %: {x:g} > {float(national):g}, so the high" in text and "**high** risk" in text
