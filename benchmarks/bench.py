"""make bench: how long the pipeline takes, and how the sdi steps scale. A benchmark, not a test.

Prints one table:
- the full one-year pipeline (`make all YEAR=2023` from clean, environment ready), in a copy of the project, three
  times (the median, and the range);
- the floor: the same notebooks' code run directly in one Python process, without papermill or kernels;
- a no-op `make all`;
- the sdi steps (scores, pillar indices, ISDR, ranks, levels) on synthetic panels from 20 regions x 52
  indicators x 1 year to 5,000 x 200 x 100, year by year, with time and peak traced memory (the panel included).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PIPELINE_RUNS = 3  # the machine may be shared: the median of three runs from clean, and their range
TARGETS = {"pipeline": 20.0, "noop": 1.0, "panel_seconds": 10.0, "panel_bytes": 4 * 2**30}
PANELS = [(20, 52, 1), (20, 52, 100), (500, 100, 10), (5000, 52, 1), (5000, 200, 1), (5000, 200, 10), (5000, 200, 30), (5000, 200, 100)]
FLOOR_STEPS = [("01_data_cleaning", {}), ("02_descriptive_statistics", {})] + [
    (n, {"method": m}) for m in ("thesis", "corrected") for n in ("03_normalisation", "04_index_construction", "05_typology")
] + [("06_reproduction", {})]


def project_copy():
    """The tracked files, timestamps kept, with the ready .venv linked in (so make sees it as installed)."""
    folder = Path(tempfile.mkdtemp(prefix="sdi-bench-"))
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    os.symlink(ROOT / ".venv", folder / ".venv")
    return folder


# the make being measured must not inherit `make bench`'s own job server
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}


def timed(cmd, cwd, env=None):
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env or CLEAN_ENV)
    if result.returncode:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


FLOOR_SCRIPT = """
import json, sys, nbformat
steps = json.loads(sys.argv[1])
for name, params in steps:
    nb = nbformat.read(f"notebooks/{name}.ipynb", as_version=4)
    namespace = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, name, "exec"), namespace)
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update({"year": 2023, **params})
"""


def floor(folder):
    """The notebooks' code cells, run in order in one Python process (no papermill, no kernels)."""
    env = {**CLEAN_ENV, "MPLBACKEND": "Agg"}
    return timed([str(folder / ".venv/bin/python"), "-c", FLOOR_SCRIPT, json.dumps(FLOOR_STEPS)], folder, env)


def synthetic_panel(regions, indicators, years, seed=0):
    rng = np.random.default_rng(seed)
    codes = [f"B{i + 1}" for i in range(indicators)]
    pillars = np.array(["social", "economic", "ecological"])[np.arange(indicators) * 3 // indicators]
    meta = pd.DataFrame({"code": codes, "pillar": pillars, "direction": rng.choice([1, -1], indicators), "in_thesis_index": True})
    values = rng.normal(50, 15, size=(years, regions, indicators))
    return meta, values


def run_panel(regions, indicators, years):
    from sdi.index import index_table
    from sdi.normalisation import score_table
    from sdi.typology import add_levels

    tracemalloc.start()  # peak memory includes the panel itself
    meta, values = synthetic_panel(regions, indicators, years)
    ids = [f"R{i}" for i in range(regions)]
    start = time.perf_counter()
    for year in range(years):
        wide = pd.DataFrame(values[year], index=ids, columns=meta.code)
        add_levels(index_table(score_table(wide, meta, "direction"), meta, "in_thesis_index"))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def main():
    rows = []
    folder = project_copy()
    try:
        runs = []
        for _ in range(PIPELINE_RUNS):
            subprocess.run(["make", "clean"], cwd=folder, capture_output=True, check=True, env=CLEAN_ENV)
            runs.append(timed(["make", "all", "YEAR=2023"], folder))
        pipeline = sorted(runs)[len(runs) // 2]
        noop = timed(["make", "all", "YEAR=2023"], folder)
        direct = floor(folder)
    finally:
        shutil.rmtree(folder)
    rows.append((f"one-year pipeline: make all YEAR=2023 from clean (median of {PIPELINE_RUNS}; {min(runs):.1f}-{max(runs):.1f} s)",
                 f"{pipeline:.1f} s", "", f"<= {TARGETS['pipeline']:g} s", "yes" if pipeline <= TARGETS["pipeline"] else "NO"))
    rows.append(("floor: the same notebooks' code in one Python process", f"{direct:.1f} s", "", "", ""))
    rows.append(("ratio pipeline / floor", f"{pipeline / direct:.1f} x", "", "", ""))
    rows.append(("no-op make all", f"{noop:.2f} s", "", f"<= {TARGETS['noop']:g} s", "yes" if noop <= TARGETS["noop"] else "NO"))
    for regions, indicators, years in PANELS:
        n = regions * indicators * years
        seconds, peak = run_panel(regions, indicators, years)
        target = n == 30_000_000
        ok = seconds <= TARGETS["panel_seconds"] and peak <= TARGETS["panel_bytes"]
        rows.append((f"sdi steps, {regions:,} regions x {indicators} indicators x {years} years ({n / 1e6:g} M values)",
                     f"{seconds:.2f} s", f"{peak / 2**20:,.0f} MiB",
                     "<= 10 s, <= 4 GiB" if target else "", ("yes" if ok else "NO") if target else ""))
    table = pd.DataFrame(rows, columns=["measurement", "time", "peak memory", "target", "met"])
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {os.uname().sysname} {os.uname().machine}")
    print(table.to_markdown(index=False))


if __name__ == "__main__":
    main()
