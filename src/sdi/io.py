"""Writing outputs atomically and deterministically.

Every file is written to a temporary name in the same folder and renamed into place, so a failed
run never leaves a half-written output. CSV floats use one fixed format, so the same inputs give
byte-identical files.
"""

import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for the annotation: writing text needs no pandas
    import pandas as pd


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to `path`; rename it onto `path` only if the block succeeds.

    The file gets the permissions any new file gets (0666 less the umask, so usually readable by all),
    not the owner-only 0600 of a temporary file: a report copied to a shared server stays readable.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_csv(df: "pd.DataFrame", path: str | Path, *, encoding: str = "utf-8", **kwargs: Any) -> Path:
    """Write a DataFrame as CSV (UTF-8 unless `encoding` says otherwise) with '\\n' line ends and exact
    (round-trip) floats."""
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, lineterminator="\n", encoding=encoding, **kwargs)
    return Path(path)


def write_text(text: str, path: str | Path) -> Path:
    with atomic_path(path) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")
    return Path(path)


FIXED_TIME = datetime(2000, 1, 1)  # the creation time written into an Office file's properties


def write_zip_reproducibly(buffer: Any, path: str | Path) -> Path:
    """Write the Office file (a zip) in `buffer` to `path` with fixed entry times, so two runs give the
    same bytes."""
    buffer.seek(0)
    with (
        atomic_path(path) as tmp,
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return Path(path)
