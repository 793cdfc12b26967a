"""The layers of src/sdi, as sdi/__init__.py states them: each module imports only from its own layer or
the ones below, so computation never imports presentation. Imports are read with `ast` (those inside
functions too), never run."""

import ast

import pytest
from conftest import ROOT

SRC = ROOT / "src"
# lower first; risk and robustness share a rank and must not import each other
LAYERS = [("base",), ("inputs",), ("method",), ("risk", "robustness"), ("reproduction",), ("publish",), ("tools",)]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
BASE_MODULES = {"sdi", "sdi.errors", "sdi.io", "sdi.paths"}


def module_name(path, src=SRC):
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module):
    """The layer of an sdi module: its sub-package, or `base` for the top-level modules."""
    if module in BASE_MODULES:
        return "base"
    sub = module.split(".")[1]
    if sub not in RANK:
        raise AssertionError(f"{module} is in no layer: put it in a sub-package of {sorted(RANK)} or in the base")
    return sub


def sdi_imports(path, src=SRC):
    """The sdi modules a file imports, as absolute names (relative imports resolved)."""
    current = module_name(path, src)
    package = current if path.name == "__init__.py" else current.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "sdi"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                name = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                name = node.module
            if name.split(".")[0] != "sdi":
                continue
            found.add(name)
            # `from sdi.method import scoring` imports the module sdi.method.scoring
            found |= {
                f"{name}.{a.name}" for a in node.names if (src / name.replace(".", "/") / f"{a.name}.py").is_file()
            }
    return found


def upward_imports(path, src=SRC):
    """The imports of one file from a layer that is not below its own (risk and robustness are peers)."""
    mine = layer(module_name(path, src))
    return sorted(
        f"{imported} ({layer(imported)})"
        for imported in sdi_imports(path, src)
        if imported != "sdi" and layer(imported) != mine and RANK[layer(imported)] >= RANK[mine]
    )


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_a_module_imports_only_from_its_own_layer_or_below(path):
    wrong = upward_imports(path)
    assert not wrong, (
        f"{module_name(path)} ({layer(module_name(path))}) imports from a layer not below it: {', '.join(wrong)}"
    )


def test_every_sub_package_says_what_it_is_in_its_docstring():
    for package in sorted(p.parent for p in SRC.glob("sdi/*/__init__.py")):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 20, (
            f"{package.name}/__init__.py needs a paragraph saying what the layer holds"
        )
        assert package.name in RANK, (
            f"{package.name} is not in the layers of tests/test_architecture.py and sdi/__init__.py"
        )


def test_an_upward_import_is_caught(tmp_path):
    """Computation importing presentation, or the risk maps importing the robustness audit, fails the test."""
    src = tmp_path / "src"
    (src / "sdi/method").mkdir(parents=True)
    (src / "sdi/publish").mkdir()
    (src / "sdi/inputs").mkdir()
    for module in ("publish/labels.py", "inputs/metadata.py"):
        (src / "sdi" / module).write_text("", encoding="utf-8")
    method = src / "sdi/method/x.py"
    method.write_text(
        "from sdi.publish.labels import pick\nfrom ..inputs import metadata\nfrom sdi.publish import labels\n",
        encoding="utf-8",
    )
    assert sdi_imports(method, src) == {"sdi.publish.labels", "sdi.inputs", "sdi.inputs.metadata", "sdi.publish"}
    assert upward_imports(method, src) == ["sdi.publish (publish)", "sdi.publish.labels (publish)"]
    (src / "sdi/risk").mkdir()
    risk = src / "sdi/risk/y.py"
    risk.write_text("import sdi.robustness.uncertainty\nfrom sdi.method import scoring\n", encoding="utf-8")
    assert upward_imports(risk, src) == ["sdi.robustness.uncertainty (robustness)"]


def test_a_function_takes_at_most_three_parameters_by_position():
    """Long positional lists are where arguments get swapped unseen: the fourth parameter on is keyword-only."""
    found = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                positional = [a.arg for a in node.args.posonlyargs + node.args.args if a.arg not in ("self", "cls")]
                if len(positional) > 3:
                    found.append(f"{module_name(path)}.{node.name}({', '.join(positional)})")
    assert not found, "make the parameters after the third keyword-only (add `*,`): " + "; ".join(found)
