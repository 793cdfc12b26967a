"""sdi.tools.run_notebook repeats on the terminal the `warning:` lines an executed notebook printed to its
standard error, so a warning does not stay hidden inside build/ (end to end: test_pipeline)."""

import json

from sdi.tools.run_notebook import notebook_warnings


def test_only_the_warning_lines_of_the_standard_error_streams_are_taken(tmp_path):
    def stream(name, text):
        return {"output_type": "stream", "name": name, "text": text}

    cells = [
        {
            "cell_type": "code",
            "source": "",
            "outputs": [
                stream("stderr", ["warning: first\n", "a progress line\n", "warning: second\n"]),
                stream("stdout", "warning: printed to stdout, not a warning\n"),
            ],
        },
        {"cell_type": "markdown", "source": "warning: in the text"},
        {
            "cell_type": "code",
            "source": "",
            "outputs": [stream("stderr", "  warning: indented, not at the start\nwarning: third")],
        },
    ]
    notebook = tmp_path / "executed.ipynb"
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert notebook_warnings(notebook) == ["warning: first", "warning: second", "warning: third"]
