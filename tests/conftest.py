import shutil
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def copy_raw(dest):
    """data/raw for a test: the metadata and 2023 only, so a year a user has added changes no test."""
    shutil.copytree(RAW, dest, ignore=lambda folder, names: [
        n for n in names if Path(folder) == RAW and (RAW / n).is_dir() and n != "2023"])
    return dest


def run_notebook(project_dir, name, output, **params):
    """Run a notebook through the project's runner in `project_dir`; return the CompletedProcess."""
    cmd = [sys.executable, "-m", "sdi.tools.run_notebook", f"notebooks/{name}.ipynb", str(output)]
    for key, value in params.items():
        cmd += ["-p", key, str(value)]
    return subprocess.run(cmd, cwd=project_dir, capture_output=True, text=True, timeout=600)


def run_2023(method="thesis", missing="worst"):
    """The run context of 2023 in the project itself (read only; the working folder is not changed)."""
    from sdi.method.context import load_run

    return load_run(2023, method, missing=missing, root=ROOT)
