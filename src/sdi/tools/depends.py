"""Which library files each pipeline step uses, read from the imports, for make.

    python3 src/sdi/tools/depends.py OUTPUT ENTRY...

An ENTRY is a notebook (`notebooks/05_typology.ipynb`) or a module run with `python -m`
(`sdi.publish.site`). For each, the imports of `sdi` are followed through src/sdi: `from
sdi.publish import maps` in a notebook, then `from sdi.publish.figures import place_labels` and `from sdi
import PILLARS` (that is `__init__.py`) in maps.py, and so on, relative imports and imports inside functions
included. Importing `sdi.a.b` runs
`sdi/__init__.py` and `sdi/a/__init__.py` too, so those count. OUTPUT, a makefile fragment, gets one
variable per entry,

    DEPS_notebooks/05_typology.ipynb := src/sdi/__init__.py src/sdi/publish/figures.py ...

and an empty rule for every library file, so that deleting a module does not stop make (as gcc -MP
does for headers). Imports are read with `ast`, never run: only the standard library is needed, so
the system's python3 runs this before the project's environment exists. Nothing dynamic
(`importlib.import_module`) is seen.
"""

import ast
import functools
import json
import os
import sys
from pathlib import Path

PACKAGE = "sdi"
MAGIC = ("%", "!")  # IPython magics and shell lines are not Python


def module_file(src, name):
    """The file of module `name` (sdi.a.b -> src/sdi/a/b.py or src/sdi/a/b/__init__.py), or None."""
    base = Path(src, *name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_name(src, path):
    """src/sdi/a/b.py -> ('sdi.a.b', False); src/sdi/a/__init__.py -> ('sdi.a', True)."""
    parts = Path(path).relative_to(src).with_suffix("").parts
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def imported_names(tree, current=None, is_package=False):
    """Every module name the parsed source may import: for `from x import y` both x and x.y (y may be a
    submodule or just a name; the caller keeps the names that are files). Relative imports are resolved
    against `current`, the importing module's name."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if current is None:
                    continue  # a relative import outside the package (a notebook) cannot reach it
                package = current.split(".") if is_package else current.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
    return names


def library_files(src, names):
    """The files under src that importing `names` runs: each sdi module and every package above it."""
    files = []
    for name in names:
        parts = name.split(".")
        if parts[0] != PACKAGE:
            continue
        for i in range(1, len(parts) + 1):
            path = module_file(src, ".".join(parts[:i]))
            if path is not None and path not in files:
                files.append(path)
    return files


def notebook_source(path):
    """The code cells of a notebook as one Python source, magics and shell lines dropped."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    lines = []
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            lines += [line for line in source.splitlines() if not line.lstrip().startswith(MAGIC)]
    return "\n".join(lines)


@functools.cache
def file_imports(src, path):
    """The library files a library file imports directly: each file read once, however many entries reach it."""
    current, is_package = module_name(src, path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return tuple(library_files(src, imported_names(tree, current, is_package)))


def closure(src, start):
    """Every library file reachable from the files `start` through their imports, sorted."""
    seen, todo = set(), list(start)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += file_imports(src, path)
    return sorted(seen)


def entry_dependencies(src, entry):
    """Library files an entry uses: a notebook's path, or a module name run with -m."""
    if entry.endswith(".ipynb"):
        tree = ast.parse(notebook_source(entry), filename=entry)
        start = library_files(src, imported_names(tree))
    else:
        start = library_files(src, [entry])
        if module_file(src, entry) is None:
            raise SystemExit(f"depends: no module {entry} under {src}")
    return closure(src, start)


def makefile(src, entries):
    lines = ["# Generated by src/sdi/tools/depends.py from the imports in the notebooks and src/sdi; do not edit."]
    for entry in entries:
        files = " ".join(p.as_posix() for p in entry_dependencies(src, entry))
        lines.append(f"DEPS_{entry} := {files}")
    every = sorted(Path(src).rglob("*.py"))
    lines.append("# a library file that disappears does not stop make")
    lines += [f"{p.as_posix()}:" for p in every]
    return "\n".join(lines) + "\n"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2:
        raise SystemExit(__doc__.strip().splitlines()[2].strip())
    output, entries = Path(argv[0]), argv[1:]
    text = makefile("src", entries)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, output)


if __name__ == "__main__":
    main()
