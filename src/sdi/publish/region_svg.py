"""The regions as a small inline SVG for the site's pages: the front page's clickable map (each region a link to
its profile, coloured by its rank) and the locator map of a profile page (the region picked out).

The shapes are the explorer's (`explorer.svg_map`: projected as the figures' maps, simplified at build time, in
integer user units), simplified more coarsely here, to about a pixel at the size the page shows them, so a page
stays light. A city of republican significance is a few units across: it gets a disc over its shape, big enough
to see and to click. Every word comes from the caller (the catalogue); the SVG holds no date and no random id.
"""

import html
from functools import cache
from pathlib import Path

from sdi.inputs import metadata
from sdi.publish import explorer

CITY_RADIUS = 19  # the disc over a city, in user units (the map is explorer.MAP_WIDTH = 1,000 across)
LABEL_SIZE = 30  # a mark's font size in user units: 18 px on a map shown 600 px wide, 11 px at 370 px
CITY_LABEL_SIZE = 24
BORDER = "#ffffff"


@cache
def shapes(root, tolerance):
    """(explorer.svg_map of the regions at `tolerance` metres, the regions table), or None without the boundary
    file (data/external/kz_adm1.geojson). Read once per root and tolerance: both languages' pages use it."""
    boundaries = Path(root, "data", "external", "kz_adm1.geojson")
    if not boundaries.is_file():
        return None
    from sdi.publish.maps import region_shapes

    regions = metadata.load_regions(Path(root, "data", "raw", "regions.csv"))
    return explorer.svg_map(region_shapes(regions, boundaries), regions, tolerance=tolerance), regions


def relative_path(d):
    """An SVG path of explorer.svg_map ('M815 147L816 152...Z', absolute integer points) with the same points
    written relative to the one before ('M815 147l1 5...z'): about half the characters."""
    out = []
    for ring in d.split("Z")[:-1]:
        points = [tuple(int(v) for v in p.split()) for p in ring[1:].split("L")]
        steps = [f"{x - px} {y - py}" for (px, py), (x, y) in zip(points, points[1:])]
        out.append(f"M{points[0][0]} {points[0][1]}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(out)


def text_colour(fill):
    """Black or white, whichever reads better on `fill` ('#rrggbb'; WCAG relative luminance)."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#111111" if luminance > 0.18 else "#ffffff"


def inline_map(found, *, fill, css_class, label, titles=None, links=None, marks=None, discs=None):
    """An inline <svg> of the regions of `found` (`shapes(...)`), in region_id order, cities last (on top).

    `fill`: {region_id: '#rrggbb'}; `label`: the map's accessible name; `titles`: {region_id: text} shown on hover
    and read by screen readers; `links`: {region_id: href}, each region then an <a> (focusable, in the order of
    the ids); `marks`: {region_id: short text} written at the region's inner point (a city's: in its disc);
    `discs`: the cities that get a disc (None: every city)."""
    svg, regions = found
    esc = html.escape
    kind = dict(zip(regions["region_id"], regions["kind"]))
    order = sorted(svg["regions"], key=lambda r: (kind.get(r) == "city", r))
    role = "group" if links else "img"  # an image's children are hidden from a screen reader: not its links
    parts = [f'<svg class="{css_class}" viewBox="{svg["viewBox"]}" role="{role}" aria-label="{esc(label)}">']
    for region_id in order:
        shape = svg["regions"][region_id]
        colour = fill.get(region_id, "#dddddd")
        inner = []
        if titles and region_id in titles:
            inner.append(f"<title>{esc(titles[region_id])}</title>")
        inner.append(f'<path d="{relative_path(shape["d"])}" fill="{colour}" stroke="{BORDER}" stroke-width="2"/>')
        x, y = shape["at"]
        if kind.get(region_id) == "city" and (discs is None or region_id in discs):
            inner.append(
                f'<circle cx="{x}" cy="{y}" r="{CITY_RADIUS}" fill="{colour}" stroke="#222222" stroke-width="2"/>'
            )
        if marks and region_id in marks:
            size = CITY_LABEL_SIZE if kind.get(region_id) == "city" else LABEL_SIZE
            inner.append(
                f'<text x="{x}" y="{y}" dy=".35em" font-size="{size}" text-anchor="middle" '
                f'fill="{text_colour(colour)}">{esc(marks[region_id])}</text>'
            )
        body = "".join(inner)
        if links and region_id in links:
            parts.append(f'<a href="{esc(links[region_id])}">{body}</a>')
        else:
            parts.append(f"<g>{body}</g>")
    parts.append("</svg>")
    return "".join(parts)
