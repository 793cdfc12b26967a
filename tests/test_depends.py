"""sdi.tools.depends: the library files each notebook and module uses, read from the imports, for make."""

import json
import subprocess
import sys

from conftest import ROOT

from sdi.tools import depends


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def notebook(path, *cells):
    write(
        path,
        json.dumps(
            {
                "cells": [{"cell_type": "markdown", "source": ["import nothing"]}]
                + [{"cell_type": "code", "source": c.splitlines(keepends=True)} for c in cells]
            }
        ),
    )


def package(root):
    """A package laid out like src/sdi, with every kind of import make has to follow."""
    src = root / "src"
    write(src / "sdi/__init__.py", "PILLARS = ()\n")
    write(src / "sdi/a.py", "from . import PILLARS\nfrom .b import f\n")
    write(src / "sdi/b.py", "import os\n\ndef f():\n    from .c import g  # imported inside a function\n")
    write(src / "sdi/c.py", "from sdi.sub.deep import h\n")
    write(src / "sdi/sub/__init__.py", "")
    write(src / "sdi/sub/deep.py", "from ..d import x\nfrom . import sibling\n")
    write(src / "sdi/sub/sibling.py", "")
    write(src / "sdi/d.py", "x = 1\n")
    write(src / "sdi/unused.py", "from . import a\n")
    write(src / "sdi/report.py", "from .d import x\n")
    return src


def test_imports_are_followed_through_relative_absolute_nested_and_package_imports(tmp_path, monkeypatch):
    src = package(tmp_path)
    monkeypatch.chdir(tmp_path)
    notebook(tmp_path / "nb.ipynb", "%matplotlib inline\nimport pandas as pd\nfrom sdi import a, PILLARS", "!ls\nx = 1")
    files = [p.relative_to(src).as_posix() for p in depends.entry_dependencies(src, "nb.ipynb")]
    assert files == [
        "sdi/__init__.py",
        "sdi/a.py",
        "sdi/b.py",
        "sdi/c.py",
        "sdi/d.py",
        "sdi/sub/__init__.py",
        "sdi/sub/deep.py",
        "sdi/sub/sibling.py",
    ]
    report = [p.relative_to(src).as_posix() for p in depends.entry_dependencies(src, "sdi.report")]
    assert report == ["sdi/__init__.py", "sdi/d.py", "sdi/report.py"]
    notebook(tmp_path / "plain.ipynb", "import sdi.d")
    assert [p.name for p in depends.entry_dependencies(src, "plain.ipynb")] == ["__init__.py", "d.py"]


def test_the_makefile_fragment_names_every_entry_and_every_library_file(tmp_path, monkeypatch):
    package(tmp_path)
    monkeypatch.chdir(tmp_path)
    notebook(tmp_path / "notebooks/01.ipynb", "from sdi import report")
    depends.main(["build/deps.mk", "notebooks/01.ipynb", "sdi.a"])
    lines = (tmp_path / "build/deps.mk").read_text(encoding="utf-8").splitlines()
    assert "DEPS_notebooks/01.ipynb := src/sdi/__init__.py src/sdi/d.py src/sdi/report.py" in lines
    assert any(line.startswith("DEPS_sdi.a := src/sdi/__init__.py src/sdi/a.py src/sdi/b.py") for line in lines)
    assert "src/sdi/unused.py:" in lines and "src/sdi/sub/deep.py:" in lines


def test_the_project_graph_gives_each_step_what_it_imports_and_no_more(tmp_path):
    out = tmp_path / "deps.mk"
    entries = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb")) + ["sdi.publish.site"]
    # run as make runs it: by path, with whatever python3 is there, without importing sdi
    subprocess.run([sys.executable, "-I", "src/sdi/tools/depends.py", str(out), *entries], cwd=ROOT, check=True)
    graph = {
        line.split(" := ")[0][len("DEPS_") :]: set(line.split(" := ")[1].split())
        for line in out.read_text(encoding="utf-8").splitlines()
        if line.startswith("DEPS_")
    }
    assert graph["sdi.publish.site"] >= {"src/sdi/publish/site.py", "src/sdi/io.py", "src/sdi/__init__.py"}
    assert "src/sdi/publish/site.py" not in set().union(*(graph[e] for e in entries if e.endswith(".ipynb")))
    users_of_maps = {e for e in entries if "src/sdi/publish/maps.py" in graph[e]}
    assert users_of_maps == {
        "notebooks/05_typology.ipynb",
        "notebooks/06_risk_maps.ipynb",
        "sdi.publish.site",
    }  # the index and the risk maps; the site's explorer page draws the regions' shapes
    assert all("src/sdi/__init__.py" in files for files in graph.values())  # `from . import PILLARS`
    assert "src/sdi/inputs/cleaning.py" in graph["notebooks/01_data_cleaning.ipynb"]
    assert "src/sdi/publish/tables.py" not in graph["notebooks/01_data_cleaning.ipynb"]
