"""Bilingual (English / Kazakh) labels shared by tables and figures."""

from sdi.inputs.metadata import region_names

PILLAR_LABELS = {
    "social": ("Social sustainability", "Әлеуметтік тұрақтылық"),
    "economic": ("Economic sustainability", "Экономикалық тұрақтылық"),
    "ecological": ("Ecological sustainability", "Экологиялық тұрақтылық"),
    "isdr": ("Integral index ISDR", "Тұрақты дамудың интегралды индексі"),
}
LEVEL_LABELS = {"low": ("Low", "Төмен"), "medium": ("Medium", "Орташа"), "high": ("High", "Жоғары")}
METHOD_NAMES = {"thesis": ("thesis method", "диссертация әдісі"), "corrected": ("corrected method", "түзетілген әдіс")}
ASSUMPTION_LABELS = {  # the robustness audit's uncertain assumptions (sdi.robustness.uncertainty): (English, Kazakh)
    "normalisation": ("normalisation", "қалыпқа келтіру"),
    "aggregation": ("aggregation", "агрегаттау"),
    "pillar_weight_spread": ("pillar weights", "тірек салмақтары"),
    "indicator_weight_spread": ("indicator weights", "көрсеткіш салмақтары"),
    "directions": ("directions", "бағыттар"),
    "missing": ("missing values", "бос мәндер"),
    "leave_one_out": ("one indicator left out", "бір көрсеткішсіз"),
}
STAT_LABELS = {
    "min": ("Min", "Мин"),
    "max": ("Max", "Макс"),
    "mean": ("Mean", "Орта"),
    "median": ("Median", "Медиана"),
    "skewness": ("Skewness", "Асимметрия"),
    "std": ("Standard deviation", "Стандартты ауытқу"),
}
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
