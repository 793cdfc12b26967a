"""Where things live, relative to the project root (never an absolute path baked in)."""

from pathlib import Path

MARKER = Path("data") / "raw" / "regions.csv"


def project_root(start: str | Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: the working directory) holding data/raw/regions.csv.

    Notebooks run from the root under make and from notebooks/ under Jupyter; both find it.
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    raise FileNotFoundError(f"no {MARKER} found in {here} or any folder above it: run from inside the project")


def raw_dir(root: str | Path, year: int | str | None) -> Path:
    return Path(root) / "data" / "raw" / str(year)


def processed_dir(root: str | Path, year: int | str | None, method: str | None = None) -> Path:
    base = Path(root) / "data" / "processed" / str(year)
    return base / method if method else base


def reference_dir(root: str | Path, year: int | str | None) -> Path:
    return Path(root) / "data" / "reference" / str(year)


def reports_dir(root: str | Path, year: int | str | None, method: str | None = None) -> Path:
    base = Path(root) / "reports" / str(year)
    return base / method if method else base


def figures_dir(root: str | Path, year: int | str | None, method: str) -> Path:
    return Path(root) / "figures" / str(year) / method


YEAR_MARKER = "social.csv"  # the Makefile finds years by the same file (data/raw/*/social.csv)


def available_years(root: str | Path) -> list[str]:
    """Years with raw data: the folders of data/raw/ holding a social.csv, as sorted strings. An empty
    or stray folder (data/raw/2024/ with nothing in it yet) is not a year."""
    base = Path(root) / "data" / "raw"
    return sorted(p.parent.name for p in base.glob(f"*/{YEAR_MARKER}") if p.parent.name.isdigit())


def enter_project_root() -> Path:
    """chdir to the project root and return '.', so every path a notebook prints or logs is relative."""
    import os

    os.chdir(project_root())
    return Path(".")
