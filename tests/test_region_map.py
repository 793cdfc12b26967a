"""The front page's clickable map (every region a link to its profile in the page's language, with its name,
ISDR and rank on hover, coloured by rank, every word from the catalogue) and the profiles' locator maps; on
the built site, the links lead to profile files that exist and every profile shows the pillars' intervals."""

import html
import re

import pandas as pd
import pytest
from conftest import RAW, ROOT
from hypothesis import given
from hypothesis import strategies as st
from test_tables import INDICES

from sdi.inputs import metadata
from sdi.publish import front_page, region_svg
from sdi.publish.catalogue import text

REGIONS = metadata.load_regions(RAW / "regions.csv")
IDS = [r for r, kind in zip(REGIONS.region_id, REGIONS.kind) if kind != "country"]
NAMES = {language: metadata.region_names(REGIONS, language) for language in ("en", "kk")}
VIRIDIS_ENDS = ("#fde725", "#440154")  # viridis at 1 and at 0: the published colour map's two ends


def the_map(html):
    return re.search(r'<svg class="region-map".*?</svg>', html, re.S).group(0)


def links(svg):
    """[(href, title, fill, mark)] of every region of the map, in the map's order."""
    found = re.findall(
        r'<a href="([^"]+)"><title>([^<]*)</title><path d="[^"]+" fill="(#[0-9a-f]{6})"[^>]*/>.*?'
        r"<text [^>]*>(\d+)</text></a>",
        svg,
    )
    return [(h.replace("&#x27;", "'"), t.replace("&#x27;", "'"), f, m) for h, t, f, m in found]


@pytest.mark.parametrize("language", ["en", "kk"])
def test_every_region_links_to_its_profile_in_the_page_s_language_with_its_name_isdr_and_rank(language):
    page = front_page.region_map(ROOT, INDICES, NAMES[language], language=language)
    found = links(the_map(page))
    assert sorted(h for h, *_ in found) == sorted(f"profile_{r}_{language}.html" for r in IDS)
    assert 'tabindex="-1"' not in page  # a link with an href: reached with the Tab key
    indices = INDICES.set_index("region_id")
    rank_word = {"en": "rank", "kk": "орны"}[language]
    method = {"en": "thesis method", "kk": "диссертация әдісі"}[language]
    for href, title, _, mark in found:
        region = href.split("_")[1]
        isdr = f"{indices.loc[region, 'isdr']:.2f}".replace(".", "," if language == "kk" else ".")
        rank = int(indices.loc[region, "rank_isdr"])
        assert title == f"{NAMES[language][region]}: ISDR {isdr}, {rank_word} {rank} ({method})"
        assert mark == str(rank)


def test_rank_1_takes_the_scale_s_bright_end_and_the_last_rank_its_dark_end():
    found = links(the_map(front_page.region_map(ROOT, INDICES, NAMES["en"], language="en")))
    fill = {int(mark): colour for _, _, colour, mark in found}
    assert (fill[1], fill[max(fill)]) == VIRIDIS_ENDS
    assert len(set(fill.values())) == len(fill)  # one colour per rank
    # the number on a colour is the one that reads on it: black on the bright end, white on the dark
    assert (region_svg.text_colour(VIRIDIS_ENDS[0]), region_svg.text_colour(VIRIDIS_ENDS[1])) == ("#111111", "#ffffff")


@pytest.mark.parametrize("language", ["en", "kk"])
def test_every_word_of_the_map_is_the_catalogue_s(language):
    page = front_page.region_map(ROOT, INDICES, NAMES[language], language=language)
    svg = the_map(page)
    label = re.search(r'aria-label="([^"]*)"', svg).group(1).replace("&#x27;", "'")
    assert label == text("front.map_label", language)
    # what a reader sees outside the map's hover titles and rank numbers: the heading, the legend and the note
    outside = re.sub(r"<style>.*?</style>", "", page.replace(svg, ""))
    words = [w.replace("&#x27;", "'") for w in re.findall(r">([^<>]+)<", outside) if w.strip()]
    assert words == [
        text("front.map", language),
        "1",
        str(int(INDICES.rank_isdr.max())),
        text("front.map_legend", language),
        text("front.map_note", language),
    ]
    inside = re.sub(r"<title>[^<]*</title>", "", svg)
    assert all(w.isdigit() for w in re.findall(r">([^<>]+)<", inside))  # the ranks, nothing else


def test_no_map_without_the_boundary_file(tmp_path):
    assert front_page.region_map(tmp_path, INDICES, NAMES["en"], language="en") == ""


def absolute_points(d):
    """[[(x, y), ...] per ring] of a path written relative ('M10 20l2 5-3 5z'), read back by hand."""
    rings = []
    for ring in re.findall(r"M(-?\d+) (-?\d+)l([^z]*)z", d):
        x, y = int(ring[0]), int(ring[1])
        numbers = [int(n) for n in re.findall(r"-?\d+", ring[2])]
        points = [(x, y)]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


coordinates = st.tuples(st.integers(0, 1000), st.integers(0, 600))


@given(st.lists(st.lists(coordinates, min_size=3, max_size=12), min_size=1, max_size=4))
def test_a_relative_path_holds_the_same_points(rings):
    absolute = "".join("M" + "L".join(f"{x} {y}" for x, y in ring) + "Z" for ring in rings)
    assert absolute_points(region_svg.relative_path(absolute)) == rings


def test_the_locator_picks_out_its_region_and_only_a_city_it_shows_gets_a_disc():
    found = region_svg.shapes(str(ROOT), 12000)
    svg = region_svg.inline_map(
        found, fill={"KZ-71": "#3b528b"}, css_class="locator", label="x", discs=["KZ-71"]
    )  # Astana
    assert svg.count("<circle") == 1 and svg.count('fill="#3b528b"') == 2  # its shape and its disc
    assert 'role="img"' in svg and "<a " not in svg
    assert svg.count("<path") == len(IDS)


@pytest.mark.end_to_end
def test_on_the_built_site_the_map_leads_to_existing_profiles_and_each_shows_the_pillars_intervals(built):
    site = built.folder / "reports/2023/html"
    for language, page in (("en", "index.html"), ("kk", "index_kk.html")):
        page_text = (site / page).read_text(encoding="utf-8")
        found = links(the_map(page_text))
        assert len(found) == 20 and len({h for h, *_ in found}) == 20
        # the verdict first: what holds and Table 13 come before the map (issue 18's order)
        holds, table13 = (text(key, language) for key in ("front.holds", "front.table13"))
        assert page_text.index(html.escape(holds)) < page_text.index(html.escape(table13)) < page_text.index("<svg")
        assert all(h.endswith(f"_{language}.html") and (site / h).is_file() for h, *_ in found)
    for method in ("thesis", "corrected"):
        audit = pd.read_csv(built.folder / f"reports/2023/{method}/robustness/pillar_rank_uncertainty.csv")
        assert len(audit) == 3 * 20 and (audit.groupby("pillar").size() == 20).all()
    for name in sorted(p.name for p in site.glob("profile_*.html")):
        page = (site / name).read_text(encoding="utf-8")
        tables = re.findall(r'<table class="data indices">(.*?)</table>', page)
        assert len(tables) == 2, name
        for table in tables:
            rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
            assert all(re.search(r'<td class="num">\d+–\d+</td>$', row) for row in rows), name  # 3 pillars, ISDR
