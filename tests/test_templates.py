import pandas as pd
import pytest
from conftest import copy_raw

from sdi.errors import InputError
from sdi.inputs.templates import write_templates


@pytest.fixture
def root(tmp_path):
    copy_raw(tmp_path / "data/raw")
    return tmp_path


def test_new_year_templates_list_every_region_and_indicator_with_empty_cells(root):
    written = write_templates(root, 2024)
    assert [p.name for p in written] == ["social.csv", "economic.csv", "ecological.csv", "README.md"]
    social = pd.read_csv(root / "data/raw/2024/social.csv", dtype=str, keep_default_na=False)
    regions = pd.read_csv(root / "data/raw/regions.csv")
    assert list(social.region) == list(regions.name_kk)
    assert list(social.columns[1:]) == [f"B{i}" for i in range(1, 22)]
    assert (social.iloc[:, 1:] == "").all().all()
    guide = (root / "data/raw/2024/README.md").read_text(encoding="utf-8")
    assert "| B46 | ecological | Share of renewable energy in total final energy consumption |" in guide
    assert "make all YEAR=2024" in guide and "PROVENANCE.md" in guide
    b23 = next(line for line in guide.splitlines() if line.startswith("| B23 |"))
    assert "| 0 to 1,000,000 |" in b23 and "e+" not in guide


def test_new_year_never_overwrites(root):
    write_templates(root, 2024)
    (root / "data/raw/2024/social.csv").write_text("region,B1\nАбай,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="already exists; make new-year never overwrites"):
        write_templates(root, 2024)
    assert (root / "data/raw/2024/social.csv").read_text(encoding="utf-8") == "region,B1\nАбай,1\n"
    with pytest.raises(InputError, match="2023/social.csv: already exists"):
        write_templates(root, 2023)
