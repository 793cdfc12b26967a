"""sdi.tools.run_notebook repeats on the terminal the `warning:` lines an executed notebook printed to its
standard error, so a warning does not stay hidden inside build/."""

import json
import shutil

from conftest import ROOT, copy_raw, run_notebook
from sdi.tools.run_notebook import notebook_warnings


def test_only_the_warning_lines_of_the_standard_error_streams_are_taken(tmp_path):
    def stream(name, text):
        return {"output_type": "stream", "name": name, "text": text}

    cells = [{"cell_type": "code", "source": "", "outputs": [
                 stream("stderr", ["warning: first\n", "a progress line\n", "warning: second\n"]),
                 stream("stdout", "warning: printed to stdout, not a warning\n")]},
             {"cell_type": "markdown", "source": "warning: in the text"},
             {"cell_type": "code", "source": "", "outputs": [stream("stderr", "  warning: indented, not at the start\nwarning: third")]}]
    notebook = tmp_path / "executed.ipynb"
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert notebook_warnings(notebook) == ["warning: first", "warning: second", "warning: third"]


def test_a_year_without_provenance_warns_on_the_terminal(tmp_path):
    copy_raw(tmp_path / "data/raw")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "data/raw/2023/PROVENANCE.md").unlink()
    result = run_notebook(tmp_path, "01_data_cleaning", "build/2023/01_data_cleaning.ipynb", year=2023)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: data/raw/2023/PROVENANCE.md is missing: write where each file's numbers come from")
    with_provenance = tmp_path / "again"
    copy_raw(with_provenance / "data/raw")
    shutil.copytree(ROOT / "notebooks", with_provenance / "notebooks")
    result = run_notebook(with_provenance, "01_data_cleaning", "build/2023/01_data_cleaning.ipynb", year=2023)
    assert result.returncode == 0 and "warning:" not in result.stderr
