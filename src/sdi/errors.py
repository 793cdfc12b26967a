"""The one exception type for bad input, with a one-line message a reader can act on."""

from pathlib import Path


class InputError(Exception):
    """Bad input data: names the file, row, column and value where it can.

    `row` is the line number in the file as a spreadsheet or text editor shows it
    (the header is line 1); `key` names a setting in a settings file (config/uncertainty.toml).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: int | str | None = None,
        value: object = None,
        key: str | None = None,
    ) -> None:
        self.file, self.row, self.column, self.value, self.key = file, row, column, value, key
        self.detail = message
        where: list[str] = []
        if file is not None:
            where.append(str(file))
        if key is not None:
            where.append(f"key {key}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        if value is not None:
            where.append(f"value {value!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
