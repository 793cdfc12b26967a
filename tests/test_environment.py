"""environment.yml (conda) and requirements.txt (the lock) describe the same pinned environment."""

import re

from conftest import ROOT


def pins(text, pattern):
    return {m.group(1).lower(): m.group(2) for m in re.finditer(pattern, text, re.M)}


def test_conda_environment_pins_the_same_versions_as_the_lock():
    direct = pins((ROOT / "requirements.in").read_text(), r"^([A-Za-z0-9_.-]+)==(\S+)$")
    lock = pins((ROOT / "requirements.txt").read_text(), r"^([A-Za-z0-9_.-]+)==([^\s;]+)(?:$|; python_version >= \"3.11\")")
    conda = pins((ROOT / "environment.yml").read_text(), r"^\s+- ([A-Za-z0-9_.-]+)[=]{1,2}([^\s=]+)$")
    conda.pop("python")
    assert direct and set(direct) == set(conda)
    for name, version in direct.items():
        assert lock[name] == version == conda[name], name
