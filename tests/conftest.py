"""What the tests share: where the project is, one way to copy it, one build of the pipeline.

The end-to-end tests (marker `end_to_end`: they run notebooks or make) share one `make all YEAR=2023` in a copy
of the project (`built`); only the byte-identity test builds a second copy. `make check` leaves them out; under
pytest-xdist the tests of `built` stay together on one worker (one build), while the other workers run the rest.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The properties' examples are what is tested, not how fast they are drawn: on a machine busy with the
# parallel workers and the end-to-end builds, Hypothesis's timing checks (too_slow, a deadline per example)
# fail tests whose assertions hold
settings.register_profile("sdi", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("sdi")

pytest_plugins = ["pytester"]  # a test of the fixtures below runs pytest on a planted test file

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
# the make under test must not inherit `make test`'s job server or settings
MAKE_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MISSING", "THRESHOLDS", "UNCERTAINTY")
}
PROJECT_FILES = ("Makefile", "pyproject.toml", "requirements.txt", "requirements-lab.txt")
PROJECT_FOLDERS = ("src", "notebooks", "config", "data/reference", "data/external")


def copy_raw(dest):
    """data/raw for a test: the metadata and 2023 only, so that a year a user has added changes no run of the
    pipeline in the tests (test_raw_data asks only that its files have checksums)."""
    shutil.copytree(
        RAW,
        dest,
        ignore=lambda folder, names: [n for n in names if Path(folder) == RAW and (RAW / n).is_dir() and n != "2023"],
    )
    return dest


def copy_project(dest, *, venv=True):
    """A copy of the project make can run in: its files with their times kept (so that the borrowed .venv stays up
    to date), data/raw with the metadata and 2023, and the project's .venv linked in (its stamp names the
    project, the folder the link leads to, so make never remakes it through the link)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    copy_raw(dest / "data" / "raw")
    if venv:
        os.symlink(ROOT / ".venv", dest / ".venv")
    return dest


def make(folder, *args, check=True):
    """`make ARGS` in `folder`; with `check`, a failure fails the test with what make printed."""
    result = subprocess.run(["make", *args], cwd=folder, capture_output=True, text=True, env=MAKE_ENV, timeout=1200)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def run_notebook(project_dir, name, output, **params):
    """Run a notebook through the project's runner in `project_dir`, as make does; the CompletedProcess."""
    cmd = [sys.executable, "-m", "sdi.tools.run_notebook", f"notebooks/{name}.ipynb", str(output)]
    for key, value in params.items():
        cmd += ["-p", key, str(value)]
    env = {**os.environ, "PYTHONPATH": str(Path(project_dir, "src").resolve())}
    return subprocess.run(cmd, cwd=project_dir, capture_output=True, text=True, timeout=600, env=env)


def run_2023(method="thesis", missing="worst"):
    """The run context of 2023 in the project itself (read only; the working folder is not changed)."""
    from sdi.method.context import load_run

    return load_run(2023, method, missing=missing, root=ROOT)


@dataclass(frozen=True)
class Built:
    folder: Path
    output: str  # what `make all` printed, both streams


def build(folder):
    copy_project(folder)
    if make(folder, "-q", ".venv/.installed", check=False).returncode:
        pytest.fail(".venv is missing or older than requirements.txt / pyproject.toml: run `make env` first")
    result = make(folder, "all", "YEAR=2023")
    return Built(folder, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The project after `make all YEAR=2023`, in a copy: read it, or touch its files' times (make -t); a test that
    changes what it holds works in a copy of it (`copy_built`)."""
    return build(tmp_path_factory.mktemp("built"))


def copy_built(built, dest):
    """A copy of the built project, file times kept (so it is as up to date as `built`), the .venv linked."""
    shutil.copytree(built.folder, dest, symlinks=True)
    return Path(dest)


# first: xdist's own hook reads the groups, and a conftest's hook runs after it unless told otherwise
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (--dist loadgroup), the tests that read the built pipeline share one worker, so that it is
    built once, and every other test file stays on one worker, so that its shared data (a module's fixtures, another
    end-to-end build) is computed once. The end-to-end files that build their own years run beside the build."""
    for item in items:
        group = "built" if "built" in item.fixturenames else item.module.__name__
        item.add_marker(pytest.mark.xdist_group(group))


def close_figures_left_open():
    """Close the matplotlib figures still open; how many there were (0 when pyplot was never imported)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None or not pyplot.get_fignums():
        return 0
    count = len(pyplot.get_fignums())
    pyplot.close("all")
    return count


@pytest.fixture(autouse=True)
def no_figure_left_open():
    """A test that leaves a matplotlib figure open fails: an open figure holds its memory until the process ends,
    and one left behind by a test would be drawn into by the next."""
    yield
    count = close_figures_left_open()
    if count:
        pytest.fail(f"{count} matplotlib figure(s) left open: close each figure the test makes (plt.close(fig))")
