"""Bilingual (English / Kazakh) labels shared by tables and figures."""

from sdi.inputs.metadata import region_names
from sdi.publish.catalogue import section

PILLAR_LABELS = section("pillar")
LEVEL_LABELS = section("level")
METHOD_NAMES = section("method")
ASSUMPTION_LABELS = section("assumption")  # the robustness audit's uncertain assumptions
STAT_LABELS = section("statistic")
# viridis at the middle of each band of the 1-9 scale (2.5, 5.5, 8): the index maps' colours, safe for
# colour-blind readers and in order in grey (not red / green)
LEVEL_COLOURS = {"low": "#424086", "medium": "#1fa088", "high": "#addc30"}
NO_INDEX_COLOUR = "#bdbdbd"  # a region with no index (too few scores under the `available` policy)
NO_INDEX_LABEL = "no index / индекс жоқ"


def pick(pair, language):
    """The label of an (English, Kazakh) pair in `language` ("en" or "kk")."""
    return pair[1] if language == "kk" else pair[0]


def region_labels(regions):
    """{region_id: 'Abai / Абай'} for axes and legends."""
    en, kk = region_names(regions, "en"), region_names(regions, "kk")
    return {r: f"{en[r]} / {kk[r]}" for r in regions["region_id"]}


def with_region_names(table, regions, language="en"):
    """`table` for a reader: its region ids (a `region_id` column, or an index of them) become a first
    column `region` of names (the national row 'Kazakhstan'), and the row index becomes 0, 1, ... (to hide
    when shown). Rows keep their order."""
    names = {
        **region_names(regions, language),
        **{
            r.region_id: r.name_kk if language == "kk" else r.name_en
            for r in regions.itertuples()
            if r.kind == "country"
        },
    }
    out = table.copy()
    if "region_id" not in out.columns:
        out = out.rename_axis("region_id").reset_index()
    out.insert(0, "region", out.pop("region_id").map(lambda r: names.get(r, r)))
    return out.reset_index(drop=True)
