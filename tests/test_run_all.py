""" "Run All" in JupyterLab gives the same outputs as make. The raw notebooks, as committed, are executed in the
pipeline's order by nbclient, without papermill: with the defaults of their parameters cell, in the notebook's own
folder, in a kernel whose environment is JupyterLab's, not sdi.tools.run_notebook's (no MPLBACKEND, SOURCE_DATE_EPOCH
or PYTHONHASHSEED set for it). Every file they write must be the byte-for-byte copy of what `make all` wrote."""

import os
import subprocess
import sys

import pytest
from conftest import copy_built

from sdi.inputs.metadata import load_regions
from sdi.risk.macro_regions import load_macro_regions
from sdi.tools import pipeline

pytestmark = pytest.mark.end_to_end

# what run_notebook sets for make and JupyterLab does not; and make's own settings
NOT_IN_JUPYTERLAB = ("MPLBACKEND", "SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
# the steps of one year, in make's order; 09 needs two years. The defaults are 2023 and the thesis method.
STEPS = [step.notebook for step in pipeline.STEPS if step.notebook != "09_panel"]

RUN_ALL = """
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

folder = Path(sys.argv[1])
for name in sys.argv[2:]:
    notebook = folder / "notebooks" / f"{name}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    sockets = tempfile.mkdtemp(prefix="sdi-kernel-")  # as run_notebook: no TCP port another kernel could take
    kernel = KernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets}/kernel")
    NotebookClient(nb, km=kernel, timeout=900, resources={"metadata": {"path": str(notebook.parent)}}).execute()
    print("ran", name, flush=True)
"""


def test_run_all_in_jupyterlab_writes_the_bytes_make_writes(built, tmp_path):
    folder = copy_built(built, tmp_path / "project")
    macro = load_macro_regions(folder / "data/raw/macro_regions.csv", load_regions(folder / "data/raw/regions.csv"))
    written = sorted({path for step in STEPS for path in pipeline.outputs(step, "2023", "thesis", macro=macro)})
    assert len(written) > 150
    for path in written:  # deleted first, so that a file Run All does not write is missed, not found stale
        (folder / path).unlink()
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_JUPYTERLAB} | {"PYTHONPATH": str(folder / "src")}
    result = subprocess.run(
        [sys.executable, "-c", RUN_ALL, str(folder), *STEPS],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-5000:]
    assert result.stdout.split() == [word for step in STEPS for word in ("ran", step)]
    missing = [path for path in written if not (folder / path).is_file()]
    assert missing == []
    different = [path for path in written if (folder / path).read_bytes() != (built.folder / path).read_bytes()]
    assert different == []
    # and nothing else: no file beside the outputs, none in notebooks/
    for base in ("data/processed", "figures", "reports", "notebooks"):
        made = {p.relative_to(folder) for p in (folder / base).rglob("*") if p.is_file()}
        assert made == {p.relative_to(built.folder) for p in (built.folder / base).rglob("*") if p.is_file()}, base
