"""Bilingual (English / Kazakh) labels shared by tables and figures."""

PILLAR_LABELS = {
    "social": ("Social sustainability", "Әлеуметтік тұрақтылық"),
    "economic": ("Economic sustainability", "Экономикалық тұрақтылық"),
    "ecological": ("Ecological sustainability", "Экологиялық тұрақтылық"),
    "isdr": ("Integral index ISDR", "Тұрақты дамудың интегралды индексі"),
}
LEVEL_LABELS = {"low": ("Low", "Төмен"), "medium": ("Medium", "Орташа"), "high": ("High", "Жоғары")}
STAT_LABELS = {
    "min": ("Min", "Мин"), "max": ("Max", "Макс"), "mean": ("Mean", "Орта"), "median": ("Median", "Медиана"),
    "skewness": ("Skewness", "Асимметрия"), "std": ("Standard deviation", "Стандартты ауытқу"),
}
LEVEL_COLOURS = {"low": "#d7301f", "medium": "#fdbb84", "high": "#31a354"}
NO_INDEX_COLOUR = "#bdbdbd"  # a region with no index (too few scores under the `available` policy)
NO_INDEX_LABEL = "no index / индекс жоқ"


def short_kk(name_kk):
    """«Абай облысы» -> «Абай»; city names keep «қ.» so Almaty city and Almaty region differ."""
    return name_kk.replace(" облысы", "").replace(" қаласы", " қ.")


def short_en(name_en):
    return name_en.replace(" Region", "")


def region_labels(regions):
    """{region_id: 'Abai / Абай'} for axes and legends."""
    return {r.region_id: f"{short_en(r.name_en)} / {short_kk(r.name_kk)}" for r in regions.itertuples()}
