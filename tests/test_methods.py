"""The Makefile validates METHOD and MISSING before Python runs: its lists must be the library's."""

import re

from sdi.method.methods import METHODS, MISSING_VALUE_POLICIES, get_method

from conftest import ROOT

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_makefile_accepts_exactly_the_missing_value_policies_of_sdi_methods():
    accepted = re.search(r"^ifneq \(\$\(filter-out ([a-z ]+),\$\(MISSING\)\),\)$", MAKEFILE, re.M).group(1).split()
    assert accepted == list(MISSING_VALUE_POLICIES)


def test_the_makefile_accepts_exactly_the_methods_of_sdi_methods():
    accepted = re.search(r"^ifneq \(\$\(filter-out ([a-z ]+),\$\(METHOD\)\),\)$", MAKEFILE, re.M).group(1).split()
    assert accepted == list(METHODS)


def test_a_method_takes_the_run_s_missing_value_policy():
    method = get_method("corrected", "available")
    assert (method.direction_column, method.missing, method.min_coverage) == ("direction", "available", 0.8)
