"""Run one notebook with papermill the way make needs it.

    python -m sdi.tools.run_notebook NOTEBOOK OUTPUT [-p NAME VALUE ...]

The executed copy is written to a temporary file and moved onto OUTPUT only on success. Bad input
(an `InputError` raised inside the notebook) is reported as its one-line message, with no
traceback; any other failure names the kept `*.failed.ipynb` that holds the traceback. A line a
successful notebook printed to its standard error starting with `warning:` (a year without a
PROVENANCE.md, say) is repeated on the terminal, so it is not lost inside the executed notebook.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

INPUT_ERROR = "InputError"
WARNING = "warning:"


def notebook_warnings(notebook):
    """The `warning: ...` lines an executed notebook printed to its standard error, in order."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = output["text"] if isinstance(output["text"], str) else "".join(output["text"])
                found += [line for line in text.splitlines() if line.startswith(WARNING)]
    return found


def _literal(text):
    """Parameters arrive as text; whole numbers become int so `year` stays an int."""
    return int(text) if text.lstrip("-").isdigit() else text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("output")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    args = parser.parse_args(argv)
    params = {name: _literal(value) for name, value in args.parameter}

    # Fixed environment so figures and files do not depend on the machine or the clock.
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    os.environ.setdefault("PYTHONHASHSEED", "0")

    import papermill as pm
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    # The kernel talks over Unix sockets in a folder of its own, not over TCP ports: with several notebooks
    # starting at once (make -j), two kernels could be handed the same free port ("Address already in use").
    sockets = tempfile.TemporaryDirectory(prefix="sdi-kernel-")
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(Path(sockets.name) / "kernel")

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp.ipynb")
    failed = output.with_name(f"{output.stem}.failed.ipynb")
    label = f"{args.notebook} ({', '.join(f'{k}={v}' for k, v in params.items())})"
    try:
        # written once at the end, not after every cell: nobody watches the temporary file, and a notebook
        # with its figures is megabytes (notebook 05: 0.3 s of rewriting)
        pm.execute_notebook(
            args.notebook,
            str(tmp),
            parameters=params,
            cwd=os.getcwd(),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            config=config,
            # one output per stream and cell: the kernel may send a print in one message or in two, as the
            # flush falls, and the executed notebook (and the site's page of it) must not depend on that
            coalesce_streams=True,
        )
    except PapermillExecutionError as e:
        os.replace(tmp, failed)
        if e.ename == INPUT_ERROR:
            print(f"error: {e.evalue}", file=sys.stderr)
        else:
            print(f"error: {label} failed: {e.ename}: {e.evalue}\n       the traceback is in {failed}", file=sys.stderr)
        return 1
    except Exception as e:  # papermill itself failed (missing notebook, kernel did not start, ...)
        if tmp.exists():
            tmp.unlink()
        print(f"error: {label} could not run: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    finally:
        sockets.cleanup()
    os.replace(tmp, output)
    if failed.exists():
        failed.unlink()
    for line in notebook_warnings(output):
        print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
