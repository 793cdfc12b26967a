"""Bilingual (English / Kazakh) labels shared by tables and figures."""

PILLAR_LABELS = {
    "social": ("Social sustainability", "Әлеуметтік тұрақтылық"),
    "economic": ("Economic sustainability", "Экономикалық тұрақтылық"),
    "ecological": ("Ecological sustainability", "Экологиялық тұрақтылық"),
    "isdr": ("Integral index ISDR", "Тұрақты дамудың интегралды индексі"),
}
LEVEL_LABELS = {"low": ("Low", "Төмен"), "medium": ("Medium", "Орташа"), "high": ("High", "Жоғары")}
METHOD_NAMES = {"thesis": ("thesis method", "диссертация әдісі"), "corrected": ("corrected method", "түзетілген әдіс")}
ASSUMPTION_LABELS = {  # the robustness audit's uncertain assumptions (sdi.uncertainty): (English, Kazakh)
    "normalisation": ("normalisation", "қалыпқа келтіру"),
    "aggregation": ("aggregation", "агрегаттау"),
    "pillar_weight_spread": ("pillar weights", "тірек салмақтары"),
    "indicator_weight_spread": ("indicator weights", "көрсеткіш салмақтары"),
    "directions": ("directions", "бағыттар"),
    "missing": ("missing values", "бос мәндер"),
    "leave_one_out": ("one indicator left out", "бір көрсеткішсіз"),
}
STAT_LABELS = {
    "min": ("Min", "Мин"), "max": ("Max", "Макс"), "mean": ("Mean", "Орта"), "median": ("Median", "Медиана"),
    "skewness": ("Skewness", "Асимметрия"), "std": ("Standard deviation", "Стандартты ауытқу"),
}
# viridis at the middle of each band of the 1-9 scale (2.5, 5.5, 8): the index maps' colours, safe for
# colour-blind readers and in order in grey (not red / green)
LEVEL_COLOURS = {"low": "#424086", "medium": "#1fa088", "high": "#addc30"}
NO_INDEX_COLOUR = "#bdbdbd"  # a region with no index (too few scores under the `available` policy)
NO_INDEX_LABEL = "no index / индекс жоқ"


def pick(pair, language):
    """The label of an (English, Kazakh) pair in `language` ("en" or "kk")."""
    return pair[1] if language == "kk" else pair[0]


def short_kk(name_kk):
    """«Абай облысы» -> «Абай»; city names keep «қ.» so Almaty city and Almaty region differ."""
    return name_kk.replace(" облысы", "").replace(" қаласы", " қ.")


def short_en(name_en, all_names=()):
    """«Abai Region» -> «Abai»; but «Almaty Region» stays, because another region (Almaty (city))
    starts with «Almaty»: a reader must never see «Almaty» and wonder which."""
    short = name_en.replace(" Region", "")
    clashes = [n for n in all_names if n != name_en and n.startswith(short)]
    return name_en if clashes else short


def region_names(regions, language):
    """{region_id: short name} in `language`: «Абай», «Астана қ.» in Kazakh; «Abai», «Almaty Region»,
    «Almaty (city)» in English."""
    if language == "kk":
        return {r.region_id: short_kk(r.name_kk) for r in regions.itertuples()}
    names = list(regions["name_en"])
    return {r.region_id: short_en(r.name_en, names) for r in regions.itertuples()}


def region_labels(regions):
    """{region_id: 'Abai / Абай'} for axes and legends."""
    en, kk = region_names(regions, "en"), region_names(regions, "kk")
    return {r: f"{en[r]} / {kk[r]}" for r in regions["region_id"]}


def with_region_names(table, regions, language="en"):
    """`table` for a reader: its region ids (a `region_id` column, or an index of them) become a first
    column `region` of names (the national row 'Kazakhstan'), and the row index becomes 0, 1, ... (to hide
    when shown). Rows keep their order."""
    names = {**region_names(regions, language), **{r.region_id: r.name_kk if language == "kk" else r.name_en
                                                   for r in regions.itertuples() if r.kind == "country"}}
    out = table.copy()
    if "region_id" not in out.columns:
        out = out.rename_axis("region_id").reset_index()
    out.insert(0, "region", out.pop("region_id").map(lambda r: names.get(r, r)))
    return out.reset_index(drop=True)
