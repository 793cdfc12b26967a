"""make bench: how long the pipeline takes, and how the sdi steps scale. A benchmark, not a test.

Prints one table:
- the full one-year pipeline (`make all YEAR=2023` from clean, environment ready), in a copy of the project, three
  times (the median, and the range), in wall time and in CPU time (which a shared machine's load hardly moves);
  with `make bench BEFORE=<commit>` the same for that commit too (in its own copy and its own environment), the
  two run alternately, so both see the same load, and the difference per round, and the CPU time of each step
  (notebook, method, the site) in both, with the total of the steps both versions run (`--pipeline-only`: this
  alone);
- the floor: the same notebooks' code run directly in one Python process, without papermill or kernels;
- a no-op `make all`;
- the environment: `.venv` made from the lock (sdi.tools.environment: uv, with its cache warm) in a fresh folder;
- the test suite: `make check` (everything but the end-to-end tests) and `make test` (all), once each, in a copy
  (`--no-tests` leaves them out);
- the sdi steps (scores, pillar indices, ISDR, ranks, levels) on synthetic panels from 20 regions x 52
  indicators x 1 year to 5,000 x 200 x 100, all years in one call (sdi.method.panel through the scoring core),
  with time and peak traced memory (the panel included);
- the robustness audit on 2023 (thesis method, config/uncertainty.toml): 10,000 and 1,000,000 Monte
  Carlo runs and the Sobol' indices with 4,096 base samples, each in a fresh Python process (time of
  the step; peak memory is the process's peak resident set, VmHWM, interpreter and imports included).
"""

import argparse
import json
import os
import re
import resource
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
TARGETS = {
    "pipeline": 20.0,
    "noop": 1.0,
    "panel_seconds": 10.0,
    "panel_bytes": 4 * 2**30,
    "env": 15.0,
    "check": 60.0,
    "test": 180.0,
}
ROBUSTNESS_TARGETS = {"runs_10k": 1.0, "runs_1m": 60.0, "runs_1m_bytes": 2 * 2**30, "sobol": 10.0}
PANELS = [
    (20, 52, 1),
    (20, 52, 100),
    (500, 100, 10),
    (5000, 52, 1),
    (5000, 200, 1),
    (5000, 200, 10),
    (5000, 200, 30),
    (5000, 200, 100),
]
FLOOR_STEPS = (
    [("01_data_cleaning", {}), ("02_descriptive_statistics", {})]
    + [
        (n, {"method": m})
        for m in ("thesis", "corrected")
        for n in ("03_normalisation", "04_index_construction", "05_typology")
    ]
    + [("06_risk_maps", {})]
    + [("07_robustness", {"method": m, "uncertainty_file": "config/uncertainty.toml"}) for m in ("thesis", "corrected")]
    + [("08_reproduction", {})]
)


def project_copy():
    """The tracked files, timestamps kept, with the ready .venv linked in (so make sees it as installed)."""
    folder = Path(tempfile.mkdtemp(prefix="sdi-bench-"))
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    os.symlink(ROOT / ".venv", folder / ".venv")
    return folder


def commit_copy(commit):
    """The project as it was at `commit`, with its own environment (its lock may differ), made by its own
    `make env`: the version to compare with."""
    folder = Path(tempfile.mkdtemp(prefix="sdi-bench-before-"))
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    made = subprocess.run(["make", "env"], cwd=folder, capture_output=True, text=True, env=CLEAN_ENV)
    if made.returncode:
        sys.exit(f"bench: make env for {commit} failed:\n{made.stdout[-2000:]}{made.stderr[-2000:]}")
    return folder


STEP_SHELL = """#!{python}
# make's SHELL while the bench times the pipeline: each recipe run by bash, its CPU time appended to $SDI_BENCH_STEPS
import os, resource, subprocess, sys
code = subprocess.call(["/bin/bash", *sys.argv[1:]])
used = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(os.environ["SDI_BENCH_STEPS"], "a", encoding="utf-8") as log:
    log.write(f"{{used.ru_utime + used.ru_stime}}\\t{{' '.join(sys.argv[-1].split())}}\\n")
sys.exit(code)
"""


def step_name(command):
    """The pipeline step a recipe runs: a notebook (with its method), the site, or make's own tools."""
    notebook = re.search(r"run_notebook notebooks/(\w+)\.ipynb", command)
    if notebook:
        method = re.search(r"-p method (\w+)", command)
        return notebook.group(1) + (f" ({method.group(1)})" if method else "")
    return "site" if "sdi.publish.site" in command else "make's own (deps.mk, pipeline.mk, settings)"


def pipeline_from_clean(folder):
    """(wall seconds, CPU seconds, {step: CPU seconds}) of `make all YEAR=2023` from clean. The CPU time (user +
    system of make and every process it waited for) moves less with the machine's load than the wall time does; the
    time of each step (make's SHELL is `STEP_SHELL` for the run) shows where two versions differ."""
    subprocess.run(["make", "clean"], cwd=folder, capture_output=True, check=True, env=CLEAN_ENV)
    shell, log = Path(folder, ".bench-shell"), Path(folder, ".bench-steps")
    shell.write_text(STEP_SHELL.format(python=sys.executable), encoding="utf-8")
    shell.chmod(0o755)
    log.unlink(missing_ok=True)
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(["make", "all", "YEAR=2023", f"SHELL={shell}"], folder, {**CLEAN_ENV, "SDI_BENCH_STEPS": str(log)})
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    steps = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        seconds, command = line.split("\t", 1)
        steps[step_name(command)] = steps.get(step_name(command), 0.0) + float(seconds)
    return wall, (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime), steps


def step_rows(before, after):
    """Rows of the CPU time of each step, before -> after (medians of the rounds), and of the steps both have."""
    names = sorted({name for _, _, steps in before + after for name in steps})
    rows = []
    common_before, common_after = 0.0, 0.0
    for name in names:
        then = [steps.get(name) for _, _, steps in before]
        now = [steps.get(name) for _, _, steps in after]
        then_text = f"{median(then):.1f}" if None not in then else "-"
        now_text = f"{median(now):.1f}" if None not in now else "-"
        if None not in then and None not in now:
            common_before, common_after = common_before + median(then), common_after + median(now)
        rows.append((f"CPU of step {name}, before -> after (median)", f"{then_text} -> {now_text} s", "", "", ""))
    rows.append(
        (
            "CPU time of the steps both versions run (sum of the medians), before -> after",
            f"{common_before:.1f} -> {common_after:.1f} s ({100 * (common_after / common_before - 1):+.1f} %)",
            "",
            "",
            "",
        )
    )
    return rows


def median(values):
    return sorted(values)[len(values) // 2]


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
    meta = pd.DataFrame(
        {"code": codes, "pillar": pillars, "direction": rng.choice([1, -1], indicators), "in_thesis_index": True}
    )
    values = rng.normal(50, 15, size=(years, regions, indicators))
    return meta, values


def run_panel(regions, indicators, years):
    from sdi.method.panel import panel_indices, panel_scores

    tracemalloc.start()  # peak memory includes the panel itself
    meta, values = synthetic_panel(regions, indicators, years)
    index = pd.MultiIndex.from_product([range(years), [f"R{i}" for i in range(regions)]], names=["year", "region_id"])
    frame = pd.DataFrame(values.reshape(-1, indicators), index=index, columns=meta.code)
    start = time.perf_counter()
    panel_indices(panel_scores(frame, meta, "direction"), meta, "in_thesis_index")
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


ROBUSTNESS_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from sdi.inputs import cleaning, metadata
from sdi.method import methods
from sdi.robustness import sensitivity, uncertainty
step, size = sys.argv[1], int(sys.argv[2])
regions, indicators = metadata.load_regions("data/raw/regions.csv"), metadata.load_indicators("data/raw/indicators.csv")
values = cleaning.regional_values(cleaning.clean_year(Path("data/raw/2023"), regions, indicators)[0])
config = uncertainty.load_config("config/uncertainty.toml")
model = uncertainty.AuditModel(values, indicators, methods.get_method("thesis"), config=config)
start = time.perf_counter()
if step == "monte_carlo":
    uncertainty.monte_carlo(model, runs=size)
else:
    sensitivity.rank_shift_indices(model, samples=size)
seconds = time.perf_counter() - start
try:  # this process's own peak (ru_maxrss can carry the parent's peak across fork and exec)
    peak = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:  # not Linux: ru_maxrss is in bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "max_rss": peak,
                  "runs": size * (len(model.assumptions) + 2) if step == "sobol" else size}))
"""


def environment_seconds():
    """A fresh .venv from the lock, as `make env` makes it (the tools' caches warm, as on a second clone)."""
    folder = Path(tempfile.mkdtemp(prefix="sdi-bench-env-"))
    try:
        command = [sys.executable, "src/sdi/tools/environment.py", "create", str(folder / ".venv"), "requirements.txt"]
        return timed(command, ROOT)
    finally:
        shutil.rmtree(folder)


def suite_rows(folder):
    """`make check` and `make test` once each, in the copy."""
    rows = []
    for goal, what in (("check", "everything but the end-to-end tests"), ("test", "the whole suite")):
        seconds = timed(["make", goal], folder)
        target = TARGETS[goal]
        rows.append(
            (f"make {goal} ({what})", f"{seconds:.0f} s", "", f"<= {target:g} s", "yes" if seconds <= target else "NO")
        )
    return rows


def run_robustness(step, size):
    """One robustness step in a fresh Python process: {seconds, max_rss (bytes), runs}."""
    result = subprocess.run(
        [sys.executable, "-c", ROBUSTNESS_SCRIPT, step, str(size)], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"bench: robustness {step} {size} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def robustness_rows():
    t = ROBUSTNESS_TARGETS
    small, large, sobol = (
        run_robustness("monte_carlo", 10_000),
        run_robustness("monte_carlo", 1_000_000),
        run_robustness("sobol", 4096),
    )
    return [
        (
            "robustness: 10,000 Monte Carlo runs (2023, thesis, config/uncertainty.toml)",
            f"{small['seconds']:.2f} s",
            f"{small['max_rss'] / 2**20:,.0f} MiB",
            f"<= {t['runs_10k']:g} s",
            "yes" if small["seconds"] <= t["runs_10k"] else "NO",
        ),
        (
            "robustness: 1,000,000 Monte Carlo runs (in chunks of 10,000)",
            f"{large['seconds']:.1f} s",
            f"{large['max_rss'] / 2**20:,.0f} MiB",
            f"<= {t['runs_1m']:g} s, <= 2 GiB",
            "yes" if large["seconds"] <= t["runs_1m"] and large["max_rss"] <= t["runs_1m_bytes"] else "NO",
        ),
        (
            f"robustness: Sobol' indices, 4,096 base samples ({sobol['runs']:,} runs, 999 bootstrap resamples)",
            f"{sobol['seconds']:.1f} s",
            f"{sobol['max_rss'] / 2**20:,.0f} MiB",
            f"<= {t['sobol']:g} s",
            "yes" if sobol["seconds"] <= t["sobol"] else "NO",
        ),
        (
            "for scale: COINr 1.1.14 get_sensitivity, 500 runs of this index (the issue's figure, not measured here)",
            "about 32 s",
            "",
            "",
            "",
        ),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a commit whose pipeline to time too, alternately with this one")
    parser.add_argument("--no-tests", action="store_true", help="leave out the timing of make check and make test")
    parser.add_argument(
        "--pipeline-only", action="store_true", help="time the pipeline (and BEFORE's) only: no floor, tests, scaling"
    )
    args = parser.parse_args(argv)
    rows = []
    folder = project_copy()
    before = commit_copy(args.before) if args.before else None
    try:
        timings, before_timings = [], []
        for _ in range(PIPELINE_RUNS):  # alternately: both versions see the same load
            if before:
                before_timings.append(pipeline_from_clean(before))
            timings.append(pipeline_from_clean(folder))
        runs, cpu = [w for w, _, _ in timings], [c for _, c, _ in timings]
        before_runs, before_cpu = [w for w, _, _ in before_timings], [c for _, c, _ in before_timings]
        pipeline = median(runs)
        if not args.pipeline_only:
            noop = timed(["make", "all", "YEAR=2023"], folder)
            direct = floor(folder)
        suite = [] if args.no_tests or args.pipeline_only else suite_rows(folder)
    finally:
        shutil.rmtree(folder)
        if before:
            shutil.rmtree(before)
    if before_runs:
        differences = ", ".join(f"{now - then:+.1f}" for now, then in zip(runs, before_runs))
        rows.append(
            (
                f"before: make all YEAR=2023 at {args.before} (median of {PIPELINE_RUNS}; "
                f"{min(before_runs):.1f}-{max(before_runs):.1f} s)",
                f"{median(before_runs):.1f} s",
                "",
                "",
                "",
            )
        )
        rows.append(
            (
                f"after - before, round by round (s): {differences}",
                f"{pipeline - median(before_runs):+.1f} s",
                "",
                "<= 0 s",
                "yes" if pipeline <= median(before_runs) else "NO",
            )
        )
        each = "; ".join(f"{then:.1f} -> {now:.1f}" for then, now in zip(before_cpu, cpu))
        rows.append(
            (
                f"CPU time (user + system) of make all, before -> after, round by round (s): {each}",
                f"{100 * (median(cpu) / median(before_cpu) - 1):+.1f} %",
                "",
                "",
                "",
            )
        )
        rows += step_rows(before_timings, timings)
    rows.append(
        (
            f"one-year pipeline: make all YEAR=2023 from clean (median of {PIPELINE_RUNS}; "
            f"{min(runs):.1f}-{max(runs):.1f} s)",
            f"{pipeline:.1f} s (CPU {median(cpu):.1f} s)",
            "",
            f"<= {TARGETS['pipeline']:g} s",
            "yes" if pipeline <= TARGETS["pipeline"] else "NO",
        )
    )
    if args.pipeline_only:
        return print_table(rows)
    rows.append(("floor: the same notebooks' code in one Python process", f"{direct:.1f} s", "", "", ""))
    rows.append(("ratio pipeline / floor", f"{pipeline / direct:.1f} x", "", "", ""))
    rows.append(
        ("no-op make all", f"{noop:.2f} s", "", f"<= {TARGETS['noop']:g} s", "yes" if noop <= TARGETS["noop"] else "NO")
    )
    env = environment_seconds()
    rows.append(
        (
            "environment: .venv from the lock (uv, cache warm)",
            f"{env:.1f} s",
            "",
            f"<= {TARGETS['env']:g} s",
            "yes" if env <= TARGETS["env"] else "NO",
        )
    )
    rows += suite
    for regions, indicators, years in PANELS:
        n = regions * indicators * years
        seconds, peak = run_panel(regions, indicators, years)
        target = n == 30_000_000
        ok = seconds <= TARGETS["panel_seconds"] and peak <= TARGETS["panel_bytes"]
        rows.append(
            (
                f"sdi steps, {regions:,} regions x {indicators} indicators x {years} years ({n / 1e6:g} M values), one "
                "call",
                f"{seconds:.2f} s",
                f"{peak / 2**20:,.0f} MiB",
                "<= 10 s, <= 4 GiB" if target else "",
                ("yes" if ok else "NO") if target else "",
            )
        )
    rows += robustness_rows()
    print_table(rows)


def print_table(rows):
    table = pd.DataFrame(rows, columns=["measurement", "time", "peak memory", "target", "met"])
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {os.uname().sysname} {os.uname().machine}"
    )
    print(table.to_markdown(index=False))


if __name__ == "__main__":
    main()
