"""A copy of a data/raw file with one edit, for the bad-input tests of the risk step."""

from conftest import RAW


def edited_copy(tmp_path, name, old, new):
    """tmp_path/<name>: data/raw/<name> with the first `old` replaced by `new` (which must occur)."""
    text = (RAW / name).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in data/raw/{name}"
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path
