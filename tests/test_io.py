import pandas as pd
import pytest

from sdi.io import atomic_path, write_csv


def test_csv_floats_read_back_exactly(tmp_path):
    df = pd.DataFrame({"x": [1 / 3, 4.475026496249831, 108.91, 1e-12]})
    back = pd.read_csv(write_csv(df, tmp_path / "a.csv"))
    assert (back.x == df.x).all()
    assert (tmp_path / "a.csv").read_text().splitlines()[3] == "108.91"


def test_a_failed_write_leaves_neither_the_target_nor_a_temporary_file(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_get_the_permissions_of_any_new_file(tmp_path, umask, mode):
    import os
    import stat

    previous = os.umask(umask)
    try:
        path = write_csv(pd.DataFrame({"a": [1]}), tmp_path / "out" / "a.csv")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == mode
