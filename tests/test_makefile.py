"""The Makefile's graph: after `make all`, a change to an input re-runs exactly the steps that use it.

One real `make all YEAR=2023` in a copy of the project (the real project is never built by a test;
the copy borrows the ready .venv), then, per input, `make -t -W INPUT all`: --what-if makes INPUT look
changed without touching it, and -t (touch) marks each target make would re-make as up to date
instead of running its recipe, printing `touch TARGET`; so the copy stays built for the next check.
(A dry run, make -n, would do as well, but GNU make 4.3 does not carry a dry run past a grouped
target (`&:`): it lists only the first step that a change re-runs.)
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, copy_raw

# the make being tested must not inherit `make test`'s job server or variables
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MISSING")}
# the output that stands for each step in `touch` lines (each step's target that another one needs)
STEP_OF = {"data/processed/2023/clean.csv": "01", "data/processed/2023/descriptive_statistics.csv": "02",
           "data/processed/2023/risk.csv": "06 risk", "reports/2023/reproduction/README.md": "08",
           "reports/2023/html/index.html": "html"}
for _method in ("thesis", "corrected"):
    STEP_OF |= {f"data/processed/2023/{_method}/scores.csv": f"03 {_method}",
                f"data/processed/2023/{_method}/indices.csv": f"04 {_method}",
                f"data/processed/2023/{_method}/typology.csv": f"05 {_method}",
                f"reports/2023/{_method}/robustness/rank_uncertainty.csv": f"07 {_method}"}
EVERY_STEP = set(STEP_OF.values())
BOTH = ("thesis", "corrected")


def copy_project(folder):
    """What make needs, file times kept (so the borrowed .venv stays up to date), without caches."""
    for name in ("Makefile", "pyproject.toml", "requirements.txt", "requirements-lab.txt"):
        shutil.copy2(ROOT / name, folder / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
    for name in ("src", "notebooks", "data/reference", "data/external", "config"):
        shutil.copytree(ROOT / name, folder / name, ignore=ignore)
    copy_raw(folder / "data/raw")
    return folder


def make(folder, *args, check=True):
    result = subprocess.run(["make", *args], cwd=folder, capture_output=True, text=True, env=CLEAN_ENV, timeout=900)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def notebook_runs(output):
    """The notebook runs and HTML builds a make output shows, as 'notebook [method]' and 'html YEAR'."""
    runs = re.findall(r"sdi\.tools\.run_notebook notebooks/(\d+)_\w+\.ipynb build/(?:2023|panel)/(?:(\w+)/)?\d+", output)
    return {f"{n} {m}".strip() for n, m in runs} | {f"html {y}" for y in re.findall(r"sdi\.publish\.site (\S+)", output)}


def steps_made(folder, changed, *goals):
    touched = re.findall(r"^touch (\S+)$", make(folder, "-t", "-W", changed, *(goals or ("all",)), "YEAR=2023").stdout, re.M)
    return {STEP_OF[t] for t in touched if t in STEP_OF}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = copy_project(tmp_path_factory.mktemp("project"))
    os.symlink(ROOT / ".venv", folder / ".venv")
    # never re-make the real environment through the link
    if make(folder, "-q", ".venv/.installed", check=False).returncode:
        pytest.fail(".venv is missing or older than requirements.txt / pyproject.toml: run `make env` first")
    output = make(folder, "all", "YEAR=2023").stdout
    assert notebook_runs(output) == {"01", "02", "06", "08", "html 2023"} | {f"{n} {m}" for n in ("03", "04", "05", "07") for m in BOTH}
    return folder


def test_a_second_make_all_does_nothing(built):
    assert make(built, "-q", "all", "YEAR=2023", check=False).returncode == 0
    assert notebook_runs(make(built, "-n", "all", "YEAR=2023").stdout) == set()


def test_the_makefile_lists_exactly_the_figures_the_notebooks_write(built):
    """make knows every figure a notebook writes (so a deleted one is made again) and lists none that no
    notebook writes (which would re-run the step forever)."""
    database = make(built, "-pq", "all", "YEAR=2023", check=False).stdout
    listed = set(re.findall(r"^((?:figures|reports/2023/reproduction)/\S+\.(?:png|svg)):", database, re.M))
    written = {p.relative_to(built).as_posix() for base in ("figures", "reports/2023/reproduction")
               for p in (built / base).rglob("*") if p.suffix in (".png", ".svg")}
    assert written == listed
    # in 2 languages x PNG and SVG: 12 figures per method (03-05) and 4 more (07), 2 rank figures, 3 risk figures
    assert len(written) == (2 * 12 + 2 * 4 + 2 + 3) * 2 * 2


@pytest.mark.parametrize("changed, expected", [
    ("data/raw/2023/social.csv", EVERY_STEP),
    ("data/raw/indicators.csv", EVERY_STEP),
    # the risk maps read the thesis indices; the reproduction check reads the risk maps' risk.csv
    ("notebooks/04_index_construction.ipynb", {"04 thesis", "04 corrected", "05 thesis", "05 corrected", "06 risk", "08",
                                               "07 thesis", "07 corrected", "html"}),
    ("data/reference/2023/levels.csv", {"08", "html"}),
    ("data/reference/2023/text_claims.csv", {"08", "html"}),  # a reference file read only by the reproduction check
    ("data/reference/2023/table18_social_risk_map.csv", {"06 risk", "08", "html"}),  # read by both
    # imported by notebook 07 and by the reproduction report (08), which states the audit's conclusions
    ("src/sdi/robustness/sensitivity.py", {"07 thesis", "07 corrected", "08", "html"}),
    ("config/uncertainty.toml", {"07 thesis", "07 corrected", "08", "html"}),
    ("data/external/kz_adm1.geojson", {"05 thesis", "05 corrected", "06 risk", "08", "html"}),
    ("src/sdi/publish/maps.py", {"05 thesis", "05 corrected", "06 risk", "08", "html"}),  # imported by notebooks 05 and 06 risk
    ("data/reference/2023/expected_differences.csv", {"08", "html"}),
    ("src/sdi/publish/site.py", {"html"}),
    ("src/sdi/__init__.py", EVERY_STEP),  # every `from sdi import PILLARS`
    ("src/sdi/tools/run_notebook.py", EVERY_STEP),  # runs every notebook
])
def test_a_change_re_runs_exactly_the_steps_that_use_it(built, changed, expected):
    assert steps_made(built, changed) == expected


def test_the_graph_follows_a_new_module(built):
    """A module split off from another, as refactoring does: make learns of it from the imports alone."""
    maps = built / "src/sdi/publish/maps.py"
    original = maps.read_text(encoding="utf-8")
    try:
        (built / "src/sdi/publish/colours.py").write_text("SEA = 'lightblue'\n", encoding="utf-8")
        maps.write_text(original.replace("from sdi import PILLARS", "from sdi import PILLARS\nfrom sdi.publish.colours import SEA"), encoding="utf-8")
        make(built, "-t", "all", "YEAR=2023")  # mark the edit itself as made
        assert "src/sdi/publish/colours.py" in (built / "build/deps.mk").read_text(encoding="utf-8")
        assert steps_made(built, "src/sdi/publish/colours.py") == {"05 thesis", "05 corrected", "06 risk", "08", "html"}
    finally:
        maps.write_text(original, encoding="utf-8")
        (built / "src/sdi/publish/colours.py").unlink()
        make(built, "-t", "all", "YEAR=2023")  # the edit undone, and marked as made
    assert "colours.py" not in (built / "build/deps.mk").read_text(encoding="utf-8")


def test_the_missing_policy_is_kept_until_it_is_given_again(built):
    made = make(built, "all", "YEAR=2023", "MISSING=available").stdout
    assert notebook_runs(made) == {"06", "08", "html 2023"} | {f"{n} {m}" for n in ("03", "04", "05", "07") for m in BOTH}
    method = json.loads((built / "data/processed/2023/thesis/method.json").read_text(encoding="utf-8"))
    assert method["missing"] == "available"
    # without MISSING, make keeps the recorded policy: the report, and everything, is up to date
    assert notebook_runs(make(built, "-n", "report", "YEAR=2023").stdout) == set()
    assert notebook_runs(make(built, "-n", "all", "YEAR=2023").stdout) == set()
    # a dry run with another policy shows what it would re-run, and records nothing
    assert "03 thesis" in notebook_runs(make(built, "-n", "all", "YEAR=2023", "MISSING=worst").stdout)
    assert (built / "build/settings/missing").read_text().strip() == "available"
    assert notebook_runs(make(built, "-n", "all", "YEAR=2023").stdout) == set()


def test_another_uncertainty_file_reruns_notebook_8_only_and_is_kept(built):
    other = built / "config" / "narrow.toml"
    other.write_text((built / "config/uncertainty.toml").read_text(encoding="utf-8").replace("runs = 10000", "runs = 500"),
                     encoding="utf-8")
    assert notebook_runs(make(built, "-n", "robustness", "YEAR=2023", "UNCERTAINTY=config/narrow.toml").stdout) == {
        "07 thesis", "07 corrected"}
    assert (built / "build/settings/uncertainty").read_text().strip() != "config/narrow.toml"  # a dry run records nothing
    # a file that does not exist is named before anything runs
    missing = make(built, "robustness", "YEAR=2023", "UNCERTAINTY=config/none.toml", check=False)
    assert missing.returncode and "no uncertainty file config/none.toml" in missing.stderr


def test_make_env_refuses_a_python_the_lock_is_not_made_for(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    above = f"{sys.version_info.major}.{sys.version_info.minor + 1}"
    for bounds in ([f"PYTHON_BELOW={here}"], [f"PYTHON_MIN={above}", "PYTHON_BELOW=4.0"]):
        result = make(tmp_path, "env", f"PYTHON={sys.executable}", *bounds, check=False)
        assert result.returncode != 0 and "is needed (the versions requirements.txt is locked for)" in result.stdout + result.stderr
    assert not (tmp_path / ".venv").exists()


def test_make_lab_installs_the_pinned_jupyterlab_into_the_venv_then_starts_it(built):
    shown = make(built, "-n", "lab").stdout
    assert shown.rstrip().endswith(".venv/bin/jupyter lab notebooks")
    if not (ROOT / ".venv/.lab-installed").exists():  # not yet installed in the borrowed .venv
        assert "install -r requirements-lab.txt" in shown
