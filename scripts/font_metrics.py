"""Write src/sdi/publish/font_metrics.json: the advance widths of Liberation Serif Regular (2.x, SIL Open Font
License 1.1), metric-compatible with Times New Roman, for the characters the tables print (Latin, Latin-1,
Cyrillic with the Kazakh letters, dashes, quotes, signs).

The Word renderer (sdi.publish.word) measures every heading word with these widths to choose column widths
at which no word breaks. They are kept in the package, not read from an installed font, so that the
documents come out the same on every machine (the base Debian image carries Liberation 1.07, which has no
Kazakh letters). Run once by hand where fonts-liberation2 is installed:

    .venv/bin/python scripts/font_metrics.py /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
"""

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: no-break space, «», °, ±, ², ³, ×
    (0x0400, 0x04FF),  # Cyrillic, the Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) included
    (0x2010, 0x203A),  # dashes, quotes, †, ‰, …
    (0x2116, 0x2116),  # №
    (0x2212, 0x2212),  # minus
    (0x2264, 0x2265),  # ≤ ≥
]
OUT = Path(__file__).resolve().parents[1] / "src" / "sdi" / "publish" / "font_metrics.json"


def metrics(font_path):
    font = TTFont(font_path)
    cmap, advances = font.getBestCmap(), font["hmtx"]
    widths = {
        chr(code): advances[cmap[code]][0] for low, high in RANGES for code in range(low, high + 1) if code in cmap
    }
    return {
        "font": f"{font['name'].getDebugName(4)} {font['name'].getDebugName(5)}",
        "units_per_em": font["head"].unitsPerEm,
        "advances": widths,
    }


if __name__ == "__main__":
    data = metrics(sys.argv[1])
    OUT.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['advances'])} characters of {data['font']}")
