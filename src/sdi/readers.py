"""Reading a small CSV as text, with the line numbers a person sees, and turning cells into numbers."""

import csv
import math
from pathlib import Path

from .errors import InputError


def read_csv_rows(path):
    """(header, [(line_number, cells), ...]) of a UTF-8 CSV; a BOM is accepted, blank lines skipped.

    Reads text only, so no cell is reinterpreted before it is checked.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            rows = [(reader.line_num, cells) for cells in reader]
    except UnicodeDecodeError as e:
        raise InputError(f"is not UTF-8 text (byte {e.start}); save it again as CSV UTF-8 "
                         "(a file saved as Windows-1251 looks like this)", file=path) from None
    except csv.Error as e:
        raise InputError(f"is not a readable CSV file ({e})", file=path) from None
    rows = [(line, [c.strip() for c in cells]) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise InputError("file is empty (expected a header row and data rows)", file=path)
    (_, header), data = rows[0], rows[1:]
    if not data:
        raise InputError("has a header row but no data rows", file=path)
    for line, cells in data:
        if len(cells) != len(header):
            raise InputError(f"has {len(cells)} cells but the header has {len(header)}", file=path, row=line)
    return header, data


def parse_number(text, *, file, row, column):
    """A cell as float; an empty cell is NaN (missing). Rejects text, decimal commas and inf/nan words."""
    if text == "":
        return math.nan
    if "," in text and text.replace(",", "", 1).replace("-", "", 1).isdigit():
        raise InputError("uses a decimal comma; write a decimal point (e.g. 5.6, not 5,6)", file=file, row=row, column=column, value=text)
    try:
        value = float(text)
    except ValueError:
        raise InputError("is not a number (leave the cell empty if the value is missing)", file=file, row=row, column=column, value=text) from None
    if not math.isfinite(value):
        raise InputError("is not a finite number", file=file, row=row, column=column, value=text)
    return value
