"""The project's environment: .venv made from the lock, in seconds, and bound to the folder it sits in.

    python3 src/sdi/tools/environment.py check                  is this Python one the lock is made for?
    python3 src/sdi/tools/environment.py python-min             the lowest Python the lock is made for (3.10)
    python3 src/sdi/tools/environment.py python-range           the Pythons the lock is made for (>=3.10,<3.14)
    python3 src/sdi/tools/environment.py create VENV LOCK       (re)make VENV with exactly the packages of LOCK
    python3 src/sdi/tools/environment.py add VENV LOCK          install the packages of a further lock into VENV
    python3 src/sdi/tools/environment.py uv                     the path of the pinned uv (installed if need be)
    python3 src/sdi/tools/environment.py lock                   re-make requirements.txt and requirements-lab.txt

make runs it with the system's python3 before .venv exists, so it uses the standard library only, and
`check` no syntax newer than Python 3.6 (an older Python must still be told what is needed).

The Python versions are pyproject.toml's `requires-python`, the range requirements.txt is locked for.
uv (pinned: UV_VERSION) is installed by pip into a venv of its own (build/uv/, apart from .venv) and
installs a lock from its cache in seconds; where uv cannot be had (no wheel for the platform, no
network and nothing cached) pip does the same, more slowly, and says so. The project itself is not
installed into .venv: a file `sdi.pth` in its site-packages names the folder `src` relative to
itself, so the .venv imports the src beside it. Its stamp, .venv/.installed, holds the folder it was
made for; make compares it with the folder the .venv sits in and makes it again when they differ (a
project copied or moved with its .venv), before anything runs.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

UV_VERSION = "0.13.8"
UV_HOME = Path("build") / "uv"
STAMP = ".installed"
PTH = "sdi.pth"
QUIET_PIP = ["-m", "pip", "--disable-pip-version-check", "--quiet"]


def python_range(pyproject="pyproject.toml"):
    """(lowest, first too high) as (major, minor) tuples, from requires-python = ">=3.10,<3.14"."""
    text = Path(pyproject).read_text(encoding="utf-8")
    found = re.search(r'^requires-python\s*=\s*">=(\d+)\.(\d+),\s*<(\d+)\.(\d+)"', text, re.M)
    if not found:
        raise SystemExit('error: pyproject.toml: requires-python must read ">=X.Y,<X.Z"')
    numbers = [int(n) for n in found.groups()]
    return tuple(numbers[:2]), tuple(numbers[2:])


def check(version=None):
    """None when `version` (this Python's, by default) is one the lock is made for; else the error line."""
    version = tuple(version or sys.version_info[:2])
    low, below = python_range()
    if low <= version < below:
        return None
    return (
        "error: Python >={}.{},<{}.{} is needed (the versions requirements.txt is locked for); {} is Python {}.{}; "
        "run make with PYTHON=<a python in that range>".format(*low, *below, sys.executable, *version)
    )


def _run(command, **kwargs):
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def uv():
    """The pinned uv, installed into build/uv/ by pip on first use; None when it cannot be had."""
    binary = UV_HOME / "bin" / "uv"
    if binary.is_file():
        version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.split()
        if version[1:2] == [UV_VERSION]:
            return binary
    try:
        _run([sys.executable, "-m", "venv", "--clear", UV_HOME], stdout=subprocess.DEVNULL)
        _run([UV_HOME / "bin" / "python", *QUIET_PIP, "install", f"uv=={UV_VERSION}"], stderr=subprocess.PIPE)
    except subprocess.CalledProcessError as e:
        reason = (e.stderr or b"").decode(errors="replace").strip().splitlines()
        print(
            f"note: uv {UV_VERSION} could not be installed ({reason[-1] if reason else e}); pip installs the "
            "environment instead, more slowly",
            file=sys.stderr,
        )
        return None
    return binary


def site_packages(venv):
    """The venv's site-packages, as its own Python reports it."""
    out = subprocess.run(
        [str(Path(venv) / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return Path(out)


def bind(venv, root):
    """Make `venv` import root/src through a path relative to its site-packages, and stamp it with `root`."""
    packages = site_packages(venv)
    (packages / PTH).write_text(
        os.path.relpath(Path(root, "src").resolve(), packages.resolve()) + "\n", encoding="utf-8"
    )
    (Path(venv) / STAMP).write_text(str(Path(root).resolve()) + "\n", encoding="utf-8")


def install(venv, lock, *, exact):
    """The packages of `lock` into `venv`: with uv when it can be had, else with pip. `exact`: remove
    whatever the lock does not name (a changed lock leaves nothing behind)."""
    binary = uv()
    python = Path(venv) / "bin" / "python"
    if binary is not None:
        if exact:
            _run([binary, "venv", "--quiet", "--clear", "--no-config", "--python", sys.executable, venv])
        command = "sync" if exact else "install"
        # bytecode compiled now, as pip does: where PYTHONDONTWRITEBYTECODE is set, nothing would cache it later
        _run(
            [
                binary,
                "pip",
                command,
                "--quiet",
                "--no-config",
                "--compile-bytecode",
                "--python",
                python,
                *([] if exact else ["-r"]),
                lock,
            ]
        )
        return "uv"
    if exact:
        _run([sys.executable, "-m", "venv", "--clear", venv])
    _run([python, *QUIET_PIP, "install", "-r", lock])
    return "pip"


LOCKS = (  # (lock, made from, what it holds, constraint)
    ("requirements.txt", "requirements.in", "the environment that make installs into .venv", None),
    ("requirements-lab.txt", "requirements-lab.in", "the JupyterLab that make lab adds to .venv", "requirements.txt"),
)


def lock_header(what, source):
    low, below = python_range()
    return (
        "# The full lock of {}: every package at its exact version,\n"
        "# for Python >={}.{},<{}.{} on Linux, macOS and Windows; a line with a marker applies only where\n"
        "# it holds (pip and uv skip the others). Made by `make lock` from {}: do not edit by hand.\n"
    ).format(what, *low, *below, source)


def lock():
    """requirements.txt from requirements.in and requirements-lab.txt from requirements-lab.in (with the
    pipeline's pins as constraints), by the pinned uv, for every Python pyproject.toml allows and every
    platform at once (where a release dropped the lowest Python, two lines with markers). Versions already
    locked are kept unless the .in file asks for others."""
    binary = uv()
    if binary is None:
        return 1
    low = "{}.{}".format(*python_range()[0])
    for target, source, what, constraint in LOCKS:
        _run(
            [
                binary,
                "pip",
                "compile",
                "--quiet",
                "--no-config",
                "--universal",
                "--python-version",
                low,
                "--custom-compile-command",
                "make lock",
                source,
                *(["--constraint", constraint] if constraint else []),
                "-o",
                target,
            ]
        )
        text = Path(target).read_text(encoding="utf-8")
        Path(target).write_text(lock_header(what, source) + text, encoding="utf-8")
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    if command == "check":
        problem = check()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        return 0
    if command == "python-min":
        print("{}.{}".format(*python_range()[0]))
        return 0
    if command == "python-range":
        print(">={}.{},<{}.{}".format(*python_range()[0], *python_range()[1]))
        return 0
    if command == "lock":
        return lock()
    if command == "uv":
        binary = uv()
        print(binary or "")
        return 0 if binary else 1
    if command in ("create", "add") and len(args) == 2:
        problem = check()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        venv, lock_file = args
        install(venv, lock_file, exact=command == "create")
        if command == "create":
            bind(venv, Path.cwd())
        return 0
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
