"""The reproduction check of a year stops, with one line naming the file to look at, when the published tables and
the project disagree: the refit of the thesis's choices against indicators.csv, the errata against the list of
expected differences, an argument for unexplained cells when none is left. (Its report: test_reproduction_tables,
test_risk_reproduction; end to end: test_pipeline.)"""

import shutil

import pytest
from conftest import ROOT, copy_raw

from sdi.errors import InputError
from sdi.method.context import load_run
from sdi.reproduction.check import check


@pytest.fixture
def project(tmp_path):
    copy_raw(tmp_path / "data/raw")
    shutil.copytree(ROOT / "data/reference/2023", tmp_path / "data/reference/2023")
    return tmp_path


def run_check(project, *, risk=True):
    from sdi.inputs import cleaning
    from sdi.method.methods import METHODS
    from sdi.reproduction.comparison import Recomputation

    run = load_run(2023, root=project)
    clean, _ = cleaning.clean_year(run.raw, run.regions, run.indicators)
    thesis = Recomputation(clean, run.indicators, run.regions, METHODS["thesis"]).indices
    corrected = Recomputation(clean, run.indicators, run.regions, METHODS["corrected"]).indices
    return check(run, clean=clean, thesis=thesis, corrected=corrected, risk=risk)


def test_the_check_stops_when_the_refit_disagrees_with_indicators_csv(project):
    indicators = project / "data/raw/indicators.csv"
    text = indicators.read_text(encoding="utf-8")
    row = (
        '\nB9,social,Суицидтен болатын өлім,Suicide mortality,"per 100,000 inhabitants",100 000 тұрғынға шаққанда,'
        "SDG 3: 3.4.2,-1,"
    )
    assert row in text
    indicators.write_text(text.replace(row, row[:-3] + "1,"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        run_check(project, risk=False)
    message = str(raised.value)
    assert message.startswith(
        f"{project / 'data/raw/indicators.csv'}: the refit from the published tables disagrees with it: "
    )
    assert (
        "B9: the published scores are negative-direction scores (20 of 20 cells), but direction_thesis is 1" in message
    )


def test_the_check_stops_when_an_expected_difference_disappears(project):
    expected = project / "data/reference/2023/expected_differences.csv"
    lines = expected.read_text(encoding="utf-8").splitlines()
    expected.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # drop one entry
    with pytest.raises(InputError) as raised:
        run_check(project)
    assert str(raised.value).startswith(f"{expected}: the errata disagree with it: 1 new (e.g. [")
    assert "0 gone" in str(raised.value) and "\n" not in str(raised.value)


def test_an_argument_for_unexplained_cells_needs_cells_to_argue_for(project):
    (project / "data/reference/2023/unexplained.md").write_text("They stay unexplained because ...", encoding="utf-8")
    with pytest.raises(
        InputError, match="unexplained.md: argues for unexplained cells, but every mismatch is explained"
    ):
        run_check(project, risk=False)
