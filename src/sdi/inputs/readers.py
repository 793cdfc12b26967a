"""Reading a small CSV as text, with the line numbers a person sees, and turning cells into numbers.

Files come from people, often through a spreadsheet in a Russian or Kazakh locale, so two layouts are read:
- comma-separated with a decimal point (CSV UTF-8 as the README asks);
- semicolon-separated (what such a spreadsheet saves as "CSV"): then a comma in a number can only be
  a decimal comma, and it is read as one.
A number may group its thousands with spaces (`1 234.5`, as the statistics bureau's yearbooks print
them): a space is never a decimal mark, so that is unambiguous and accepted. Anything else that is not
a plain number is refused with a message that says what to write instead.
"""

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdi.errors import InputError

SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space (spreadsheets use all three)
GROUPED = re.compile(rf"[-+]?\d{{1,3}}(?:[{SPACES}]\d{{3}})+(?:[.,]\d+)?")
DECIMAL_COMMA = re.compile(r"[-+]?\d*,\d+")
NO_DATA_MARKS = {"-", "–", "—", "x", "х", "...", "…", "..", "n/a", "н/д"}  # yearbooks' "no data"


@dataclass
class CsvTable:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # [(line number, cells), ...]
    decimal_comma: bool  # a semicolon-separated file: a comma in a number is a decimal comma


def read_csv_table(path: str | Path) -> CsvTable:
    """A UTF-8 CSV, comma- or semicolon-separated, as text; a BOM is accepted, blank lines skipped.

    Reads text only, so no cell is reinterpreted before it is checked.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"is not UTF-8 text (byte {e.start}); save it again as CSV UTF-8 "
            "(a file saved as Windows-1251 looks like this)",
            file=path,
        ) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if ";" in first and "," not in first else ","
    try:
        reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
        rows = [(reader.line_num, cells) for cells in reader]
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
            hint = ""
            other = "," if delimiter == ";" else ";"
            if (len(header) == 1 and other in header[0]) or (len(cells) == 1 and other in cells[0]):
                hint = (
                    f"; the header is separated by '{delimiter}' and this row by '{other}': save the whole file again "
                    "from the spreadsheet as CSV UTF-8 (comma-delimited)"
                )
            raise InputError(f"has {len(cells)} cells but the header has {len(header)}{hint}", file=path, row=line)
    return CsvTable(header, data, decimal_comma=delimiter == ";")


def read_csv_rows(path: str | Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(line_number, cells), ...]) of a CSV (see `read_csv_table`)."""
    table = read_csv_table(path)
    return table.header, table.rows


def number_text(
    text: str,
    *,
    decimal_comma: bool = False,
    file: str | Path | None = None,
    row: int | None = None,
    column: int | str | None = None,
) -> str:
    """The cell as a plain number's text ('1 234,5' in a semicolon file -> '1234.5'), or '' if empty.

    Raises InputError saying what to write instead when the cell is not a number.
    """
    where: dict[str, Any] = {"file": file, "row": row, "column": column, "value": text}  # InputError's keywords
    plain = text.replace("\u2212", "-")  # the typographic minus of copied text
    if plain.lower() in NO_DATA_MARKS:
        raise InputError("is a 'no data' mark, not a number: leave the cell empty if the value is missing", **where)
    if plain.endswith("%"):
        raise InputError(
            f"has a per cent sign: write the number alone ({plain[:-1].strip()}); "
            "the indicator's unit says it is a per cent",
            **where,
        )
    if GROUPED.fullmatch(plain):
        plain = re.sub(f"[{SPACES}]", "", plain)
    if DECIMAL_COMMA.fullmatch(plain):
        if not decimal_comma:
            raise InputError(
                f"uses a decimal comma: write {plain.replace(',', '.')} (a decimal point, no thousands "
                "separator), or save the whole file as semicolon-separated CSV",
                **where,
            )
        plain = plain.replace(",", ".")
    return plain


def parse_number(
    text: str, *, file: str | Path | None, row: int | None, column: int | str | None, decimal_comma: bool = False
) -> float:
    """A cell as float; an empty cell is NaN (missing). See `number_text` for what is accepted."""
    if text == "":
        return math.nan
    plain = number_text(text, decimal_comma=decimal_comma, file=file, row=row, column=column)
    try:
        value = float(plain)
    except ValueError:
        raise InputError(
            "is not a number (leave the cell empty if the value is missing)",
            file=file,
            row=row,
            column=column,
            value=text,
        ) from None
    if not math.isfinite(value):
        raise InputError("is not a finite number", file=file, row=row, column=column, value=text)
    return value


def readable(x: float) -> str:
    """A number as a person reads it in a message: 1000000 -> '1,000,000', 0.25 -> '0.25', never '1e+06'."""
    x = float(x)
    return f"{int(x):,}" if x.is_integer() else f"{x:,.6g}" if abs(x) < 1e6 else f"{x:,.2f}"
