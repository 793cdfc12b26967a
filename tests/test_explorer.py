"""The explorer page's JavaScript, run in-process in V8 (mini-racer), against the Python core: the nominal
settings of both methods give the pipeline's indices exactly, and 1,000 random settings (seeded) the indices of
`sdi.method.scoring` within 1e-9 with the same ranks and levels. Also: the address fragment read and written, the
numbers printed as `catalogue.number` prints them, every word the script asks for in the catalogue, and a name
holding `</script>` that cannot break out of the page."""

import functools
import json
import math
import random
import re

import numpy as np
import pytest
from conftest import RAW

from sdi import PILLARS
from sdi.inputs import cleaning
from sdi.inputs.metadata import load_indicators, load_regions
from sdi.method import index, normalisation, scoring, typology
from sdi.method.methods import METHODS, MISSING_VALUE_POLICIES
from sdi.method.typology import LEVELS, THRESHOLDS
from sdi.publish import catalogue, explorer
from sdi.publish.explorer_script import SCRIPT

py_mini_racer = pytest.importorskip("py_mini_racer", reason="mini-racer is in requirements.txt: run make env")

REGIONS = load_regions(RAW / "regions.csv")
INDICATORS = load_indicators(RAW / "indicators.csv")
CLEAN, _ = cleaning.clean_year(RAW / "2023", REGIONS, INDICATORS)
VALUES = cleaning.regional_values(CLEAN)
CODES = list(VALUES.columns)
META = INDICATORS.set_index("code").loc[CODES]
PILLAR_OF = META["pillar"].to_numpy()
RANDOM_SETTINGS = 1000


def engine(data):
    """A V8 with the page's script and `data` as DATA (read through JSON.parse, as the page reads it)."""
    ctx = py_mini_racer.MiniRacer()
    ctx.eval(SCRIPT)
    ctx.eval(f"var DATA = JSON.parse({json.dumps(explorer.safe_json(data))});")
    return ctx


def js(ctx, expression):
    """The value of a JavaScript expression, through JSON."""
    return json.loads(ctx.eval(f"JSON.stringify({expression})"))


@pytest.fixture(scope="module")
def data():
    return explorer.explorer_data(VALUES, INDICATORS, REGIONS, year=2023, methods={})


@pytest.fixture(scope="module")
def ctx(data):
    return engine(data)


def pipeline_indices(method):
    """indices.csv as the pipeline computes it (notebooks 03 and 04, typology.add_levels), in the regions' order."""
    spec = METHODS[method]
    scores = normalisation.score_table(VALUES, INDICATORS, spec.direction_column, missing=spec.missing)
    table = typology.add_levels(index.index_table(scores, INDICATORS, spec.include_column))
    return table.set_index("region_id").loc[list(VALUES.index)]


@functools.cache
def score_table(method, norm, missing):
    """Each score table once, as the audit computes each once (read only)."""
    directions = META[METHODS[method].direction_column].to_numpy()
    scores = scoring.normalise(VALUES.to_numpy(dtype=float), directions, norm, missing=missing)
    scores.flags.writeable = False
    return scores


def python_core(settings):
    """The index under `settings` (the page's keys, as a dict) by sdi.method.scoring alone, as the robustness audit
    composes it: normalise, the pillars' weighted means, ISDR, competition ranks, levels."""
    method = METHODS[settings.get("method", "thesis")]
    missing = settings.get("missing", method.missing)
    scores = score_table(method.name, settings.get("norm", "minmax"), missing)
    drop = settings.get("drop")
    included = META[method.include_column].to_numpy(dtype=bool) if drop is None else ~np.isin(CODES, drop)
    weights = META["weight"].to_numpy(dtype=float).copy()
    for code, weight in settings.get("iw", {}).items():
        weights[CODES.index(code)] = weight
    columns = [np.flatnonzero((PILLAR_OF == p) & included) for p in PILLARS]
    pillars = scoring.pillar_indices(
        scores,
        weights,
        columns,
        method=settings.get("agg", "arithmetic"),
        min_coverage=MISSING_VALUE_POLICIES[missing].min_coverage,
    )
    isdr = scoring.integral_index(pillars, settings.get("w", [1.0, 1.0, 1.0]), settings.get("pagg", "arithmetic"))
    levels = [scoring.level_codes(pillars[:, i], *THRESHOLDS["pillar"]) for i in range(len(PILLARS))]
    levels.append(scoring.level_codes(isdr, *THRESHOLDS["integral"]))
    return {"pillars": pillars, "isdr": isdr, "ranks": scoring.competition_ranks(isdr), "levels": np.array(levels)}


def as_array(values):
    return np.array([[np.nan if x is None else x for x in row] for row in values], dtype=float)


def random_settings(rng):
    settings = {key: rng.choice(CHOICES) for key, CHOICES in explorer.CHOICES.items() if key != "lang"}
    if rng.random() < 0.7:
        settings["w"] = [rng.choice([0.0, 0.5, 1.0, 2.0, round(rng.uniform(0.01, 3), 3)]) for _ in PILLARS]
        if not any(settings["w"]):
            settings["w"][rng.randrange(3)] = 1.0
    if rng.random() < 0.6:
        settings["iw"] = {
            code: rng.choice([0.0, 0.5, 2.0, 3.0, round(rng.uniform(0.01, 4), 4)])
            for code in rng.sample(CODES, rng.randint(1, 12))
        }
    if rng.random() < 0.6:
        settings["drop"] = rng.sample(CODES, rng.randint(0, 10))
    return settings


def close(a, b):
    """Equal within 1e-9, NaN where the other is NaN."""
    return bool(np.all((np.abs(a - b) <= 1e-9) | (np.isnan(a) & np.isnan(b))))


def compare(expected, got, where):
    pillars, isdr = as_array(got["pillars"]), np.array([np.nan if x is None else x for x in got["isdr"]])
    assert close(pillars, expected["pillars"]) and close(isdr, expected["isdr"]), where
    ranks = [None if np.isnan(r) else int(r) for r in expected["ranks"]]
    assert got["ranks"] == ranks, where
    assert got["levels"] == expected["levels"].tolist(), where


@pytest.mark.parametrize("method", list(METHODS))
def test_the_dissertations_settings_give_the_pipelines_indices_exactly(ctx, method):
    """Table 13 as the pipeline's functions recompute it (normalisation.score_table, index.index_table,
    typology.add_levels): the same floats, ranks and levels, not merely close ones. (indices.csv itself can differ
    in the 16th digit: see test_explorer_browser's end-to-end test.)"""
    got = js(ctx, f'SDI.computeMany(DATA, [{{method: "{method}"}}])')[0]
    expected = pipeline_indices(method)
    assert as_array(got["pillars"]).tolist() == expected[list(PILLARS)].to_numpy().tolist()
    assert got["isdr"] == expected["isdr"].tolist()
    assert got["ranks"] == expected["rank_isdr"].tolist()
    levels = [[LEVELS.index(v) for v in expected[f"level_{c}"]] for c in (*PILLARS, "isdr")]
    assert got["levels"] == levels


def test_random_settings_give_the_python_cores_indices_ranks_and_levels(ctx):
    rng = random.Random(20)
    settings = [random_settings(rng) for _ in range(RANDOM_SETTINGS)]
    results = js(ctx, f"SDI.computeMany(DATA, {json.dumps(settings)})")
    assert len(results) == RANDOM_SETTINGS
    for s, got in zip(settings, results):
        compare(python_core(s), got, json.dumps(s))
    # the draws reach every choice, and rankings far from the nominal one
    for key, options in explorer.CHOICES.items():
        if key != "lang":
            assert {s[key] for s in settings} == set(options), key
    nominal = js(ctx, "SDI.computeMany(DATA, [{}])")[0]["ranks"]
    assert sum(r["ranks"] != nominal for r in results) > RANDOM_SETTINGS / 2


@pytest.mark.parametrize(
    "change",
    [
        {"method": "corrected"},
        {"norm": "zscore"},
        {"norm": "rank"},
        {"agg": "geometric"},
        {"pagg": "geometric", "w": [1, 2, 3]},
        {"missing": "available"},
        {"w": [1, 1, 2]},
        {"iw": {"B3": 3}},
        {"drop": ["B43", "B7"]},
        {"drop": []},
    ],
    ids=lambda c: json.dumps(c),
)
def test_every_setting_moves_the_index(ctx, change):
    """Each choice reaches the computation in both the script and the Python core (a setting ignored by both would
    pass the comparison)."""
    nominal, got = js(ctx, f"SDI.computeMany(DATA, [{{}}, {json.dumps(change)}])")
    assert got["isdr"] != nominal["isdr"]
    compare(python_core(change), got, json.dumps(change))


def test_a_pillar_left_without_indicators_gives_no_index_and_says_so(ctx):
    ecological = [c for c in CODES if META.loc[c, "pillar"] == "ecological"]
    got = js(ctx, f"SDI.computeMany(DATA, [{{drop: {json.dumps(ecological)}}}])")[0]
    assert got["empty"] == ["ecological"]
    assert got["isdr"] == [None] * len(VALUES) and got["ranks"] == [None] * len(VALUES)
    assert got["levels"][3] == [-1] * len(VALUES)


# --- the address ------------------------------------------------------------------------------------------


def parse(ctx, fragment):
    return js(ctx, f"SDI.parseFragment({json.dumps(fragment)}, DATA)")


def test_the_address_keys_are_the_issues(ctx):
    assert (
        js(ctx, "SDI.KEYS")
        == list(explorer.KEYS)
        == [
            "method",
            "norm",
            "agg",
            "pagg",
            "w",
            "iw",
            "drop",
            "missing",
            "lang",
        ]
    )


def test_an_address_sets_every_key(ctx):
    got = parse(
        ctx,
        "#method=corrected&norm=rank&agg=geometric&pagg=geometric&w=1,0.5,2&iw=B3:2,B7:0&drop=B43,B1"
        "&missing=available&lang=kk",
    )
    assert got["notes"] == []
    assert got["settings"] == {
        "method": "corrected",
        "norm": "rank",
        "agg": "geometric",
        "pagg": "geometric",
        "w": [1, 0.5, 2],
        "iw": {"B3": 2, "B7": 0},
        "drop": ["B43", "B1"],
        "missing": "available",
        "lang": "kk",
    }


def test_an_empty_address_is_the_dissertations_choices(ctx, data):
    got = parse(ctx, "")
    assert got["notes"] == [] and got["settings"] == {**explorer.DISSERTATION, "iw": {}, "drop": None}
    assert js(ctx, f"SDI.fragment(DATA, {json.dumps(got['settings'])})") == (
        "method=thesis&norm=minmax&agg=arithmetic&pagg=arithmetic&w=1,1,1&missing=worst&lang=en"
    )


@pytest.mark.parametrize(
    "fragment, note",
    [
        ("#colour=red", {"kind": "unknown", "item": "colour=red"}),
        ("#norm=median", {"kind": "value", "item": "norm=median", "key": "norm"}),
        ("#w=1,x,1", {"kind": "value", "item": "w=1,x,1", "key": "w"}),
        ("#w=1,1", {"kind": "value", "item": "w=1,1", "key": "w"}),
        ("#w=0,0,0", {"kind": "value", "item": "w=0,0,0", "key": "w"}),
        ("#w=-1,1,1", {"kind": "value", "item": "w=-1,1,1", "key": "w"}),
        ("#iw=B3:-2", {"kind": "value", "item": "iw=B3:-2", "key": "iw"}),
        ("#iw=B99:2", {"kind": "code", "item": "iw=B99:2", "key": "iw"}),
        ("#drop=B99", {"kind": "code", "item": "drop=B99", "key": "drop"}),
        ("#lang", {"kind": "value", "item": "lang", "key": "lang"}),
        ("#norm=%E0%A4%A", {"kind": "form", "item": "norm=%E0%A4%A"}),
        ("#<script>=1", {"kind": "unknown", "item": "<script>=1"}),
    ],
)
def test_a_bad_part_of_the_address_is_ignored_with_a_note(ctx, fragment, note):
    got = parse(ctx, fragment + "&norm=zscore" if "norm=" not in fragment else fragment + "&agg=geometric")
    assert got["notes"] == [note]
    expected = {**explorer.DISSERTATION, "iw": {}, "drop": [] if fragment.startswith("#drop") else None}
    expected.update({"norm": "zscore"} if "norm=" not in fragment else {"agg": "geometric"})
    assert got["settings"] == expected


def test_the_address_the_page_writes_reads_back_to_the_same_settings(ctx):
    rng = random.Random(7)
    for _ in range(200):
        settings = {**explorer.DISSERTATION, "iw": {}, "drop": None, **random_settings(rng)}
        settings["lang"] = rng.choice(explorer.CHOICES["lang"])
        fragment = js(ctx, f"SDI.fragment(DATA, {json.dumps(settings)})")
        assert re.fullmatch(r"[a-z]+=[^&]*(&[a-z]+=[^&]*)*", fragment)
        back = parse(ctx, "#" + fragment)
        assert back["notes"] == []
        same = js(ctx, f"SDI.computeMany(DATA, {json.dumps([settings, back['settings']])})")
        assert same[0] == same[1], fragment
        assert js(ctx, f"SDI.fragment(DATA, {json.dumps(back['settings'])})") == fragment


# --- words and numbers ------------------------------------------------------------------------------------

SAMPLES = [
    16.356,
    16.355,
    0.125,
    0.375,
    2.5,
    3.5,
    -2.5,
    -0.0,
    0.0,
    -0.0004,
    1.005,
    30.0,
    100.5,
    14.297026577097636,
    0.12345,
    123456.789,
    1e-7,
    float("nan"),
    None,
]


@pytest.mark.parametrize("language", ["en", "kk"])
@pytest.mark.parametrize("decimals", [None, 0, 1, 2, 3, 9])
def test_numbers_are_printed_as_the_catalogue_prints_them(ctx, language, decimals):
    rng = random.Random(3)
    samples = SAMPLES + [rng.uniform(-30, 30) for _ in range(200)] + [rng.randint(0, 999) / 8 for _ in range(100)]
    got = js(
        ctx,
        "["
        + ",".join(
            f"SDI.number({'NaN' if isinstance(x, float) and math.isnan(x) else json.dumps(x)}, "
            f"{json.dumps(language)}, {json.dumps(decimals)})"
            for x in samples
        )
        + "]",
    )
    assert got == [catalogue.number(x, language, decimals) for x in samples]


def test_every_word_the_script_asks_for_is_in_the_catalogue_in_both_languages(ctx, data):
    keys = set(re.findall(r'\bt\("(explorer\.[\w.]*\w)"', SCRIPT))  # the words it names whole; and those it makes:
    keys |= {f"explorer.choice.{c}" for k in ("method", "norm", "agg", "missing") for c in explorer.CHOICES[k]}
    keys |= {f"explorer.expected.{k}" for k in explorer.KEYS} | {f"explorer.col.{p}" for p in PILLARS}
    keys |= {f"pillar.{p}" for p in PILLARS} | {f"level.{lv}" for lv in LEVELS} | {f"method.{m}" for m in METHODS}
    assert len(keys) > 40
    for key in sorted(keys):
        for language in ("en", "kk"):
            assert data["words"][language][key] == catalogue.text(key, language), key
    filled = js(ctx, 'SDI.text(DATA, "kk", "explorer.lede", {year: 2023, count: 20})')
    assert filled == catalogue.text("explorer.lede", "kk", year=2023, count=20)


# --- safe with any data -----------------------------------------------------------------------------------

PLANTED = "</script><script>window.PWNED=1</script><!-- \"quotes\" 'single' <b>&amp; \u2028\u2029 end"


def test_a_name_holding_script_cannot_break_out_of_the_page(tmp_path):
    regions = REGIONS.copy()
    first = regions.index[regions["region_id"] == VALUES.index[0]][0]
    regions.loc[first, "name_en"] = PLANTED
    regions.loc[first, "name_kk"] = PLANTED
    indicators = INDICATORS.copy()
    indicators.loc[0, "name_en"] = PLANTED
    data = explorer.explorer_data(VALUES, indicators, regions, year=2023, methods={})
    page = explorer.page(data)
    assert data["regions"][0]["name"]["en"] == PLANTED
    # the script elements are the page's two; no planted character stands raw in them
    assert page.count("<script") == 2 and page.lower().count("</script") == 2
    embedded = re.search(r'<script type="application/json" id="explorer-data">(.*?)</script>', page, re.S).group(1)
    assert not set("<>&\u2028\u2029") & set(embedded)
    assert json.loads(embedded) == data
    ctx = engine(data)  # and JavaScript reads the same text back
    assert js(ctx, "DATA.regions[0].name.en") == PLANTED
    assert js(ctx, "DATA.indicators[0].name.en") == PLANTED


def test_safe_json_escapes_what_a_script_element_cannot_hold():
    assert explorer.safe_json({"a": "</script>&\u2028"}) == '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}'
    with pytest.raises(ValueError):
        explorer.safe_json({"a": float("nan")})  # NaN is no JSON: a missing value is written as null


def test_the_page_is_the_same_bytes_every_time_and_holds_no_time(data):
    first = explorer.page(data)
    again = explorer.page(explorer.explorer_data(VALUES, INDICATORS, REGIONS, year=2023, methods={}))
    assert first == again
    assert not re.search(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}|[0-9]{2}:[0-9]{2}:[0-9]{2}", first)


def test_the_map_has_a_shape_and_a_label_point_for_every_region():
    from sdi.publish.maps import region_shapes

    shapes = region_shapes(REGIONS)
    found = explorer.svg_map(shapes, REGIONS)
    width, height = map(int, found["viewBox"].split()[2:])
    assert width == explorer.MAP_WIDTH and 400 < height < 700
    assert set(found["regions"]) == set(VALUES.index)
    for region in found["regions"].values():
        assert re.fullmatch(r"(M\d+ \d+(L\d+ \d+)+Z)+", region["d"])
        assert 0 <= region["at"][0] <= width and 0 <= region["at"][1] <= height
    assert len(json.dumps(found)) < 60_000  # simplified: the page stays small
