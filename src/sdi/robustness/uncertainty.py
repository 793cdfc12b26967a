"""Uncertainty analysis (Monte Carlo): how far the ISDR ranks move when the method's choices move.

The uncertain assumptions are data, in an uncertainty file (`config/uncertainty.toml`):

    runs = 10000                                   # Monte Carlo runs
    seed = 2023
    sobol_samples = 4096                           # base samples of the sensitivity analysis (a power of 2)
    normalisation = ["minmax", "zscore", "rank"]   # one drawn per run, equally likely
    aggregation = ["arithmetic", "geometric"]      # one drawn per run, used for pillars and ISDR
    pillar_weight_spread = 0.25                    # each pillar weight times U(1 - s, 1 + s)
    indicator_weight_spread = 0.0                  # each indicator weight times U(1 - s, 1 + s)
    directions = ["nominal"]                       # any of nominal, thesis, corrected
    missing = ["nominal"]                          # any of nominal, worst, available
    leave_one_out = false                          # true: each run leaves out one included indicator

`nominal` is the audited run's own choice (its method's directions, the run's missing-value
policy); the nominal ranking is always the audited method's (min-max, arithmetic, the file's
weights). A one-element list fixes a choice. Every key is required; an unknown key or value stops
the run with one line naming the file, the key and the value.

A run is a point in the unit cube: one uniform number per discrete choice (cut into equal bins, one
per option) and one per weight (mapped onto 1 - s ... 1 + s), one for the indicator left out. The
same map serves the random draws here and the quasi-random design of `sdi.robustness.sensitivity`. Every score
table the choices can ask for is computed once; a batch of runs then costs one weighted mean per
pillar (`sdi.method.scoring`), in chunks of `CHUNK_RUNS` runs, so memory stays flat however many runs.
Ranks are tallied per region and rank (a 20 x 21 table), so percentiles need no stored runs; so are each
pillar index's ranks in the same runs (3 x 20 x 21), which the runs compute on their way to ISDR.
"""

import re
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from sdi import PILLARS
from sdi.errors import InputError
from sdi.method import scoring
from sdi.method.index import indicator_weights, pillar_columns
from sdi.method.methods import MISSING_VALUE_POLICIES
from sdi.method.typology import LEVELS, THRESHOLDS

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package (pinned in requirements)
    import tomli as tomllib

NORMALISATIONS = tuple(scoring.NORMALISATIONS)
AGGREGATIONS = scoring.AGGREGATIONS
DIRECTIONS = {"thesis": "direction_thesis", "corrected": "direction"}  # and "nominal": the method's
MISSING = scoring.MISSING  # and "nominal": the run's policy
CHOICES = {
    "normalisation": NORMALISATIONS,
    "aggregation": AGGREGATIONS,
    "directions": ("nominal", *DIRECTIONS),
    "missing": ("nominal", *MISSING),
}
SPREADS = ("pillar_weight_spread", "indicator_weight_spread")
KEYS = ("runs", "seed", "sobol_samples", *CHOICES, *SPREADS, "leave_one_out")
CHUNK_RUNS = 10_000  # runs evaluated at once: about 200 MB at 20 regions x 52 indicators
TOP = 3  # "stays in the top three"
# blanks are left out only by `available` tables, whose coverage rule this is; `worst` tables have none
MIN_COVERAGE = MISSING_VALUE_POLICIES["available"].min_coverage


DEPENDS_FROM = 0.25  # a claim "depends on" an assumption whose choices' shares differ by this much or more


@dataclass(frozen=True)
class Claim:
    """A published conclusion the audit asks of every run. `kind`: "all_medium" (every region's ISDR is
    medium; asked of the min-max runs only, the scale the thresholds 11 and 19 are for), "top" or "bottom"
    (every region of `regions` ranks among the first, or the last, len(regions))."""

    name: str
    kind: str
    regions: tuple = ()


def claims_about(ranking, size=TOP):
    """The conclusions a ranking (region ids, first to last: the dissertation's Table 13, or a method's own)
    draws: every region is medium, its top `size` and its bottom `size` are where it puts them."""
    ranking = tuple(ranking)
    return (
        Claim("all_medium", "all_medium"),
        Claim("top", "top", ranking[:size]),
        Claim("bottom", "bottom", ranking[-size:]),
    )


@dataclass(frozen=True)
class UncertaintyConfig:
    runs: int
    seed: int
    sobol_samples: int
    normalisation: tuple
    aggregation: tuple
    pillar_weight_spread: float
    indicator_weight_spread: float
    directions: tuple
    missing: tuple
    leave_one_out: bool

    def as_dict(self):
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    def varies(self, key):
        """Whether the runs vary this assumption: more than one option, a spread above 0, or true."""
        value = getattr(self, key)
        return len(value) > 1 if isinstance(value, tuple) else bool(value)


def _whole(path, key, value, *, minimum, what):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"must be a whole number, {minimum} or more ({what})", file=path, key=key, value=value)
    return value


def _choices(path, key, value):
    options = CHOICES[key]
    if not isinstance(value, list) or not value:
        raise InputError(
            f'must be a list of one or more of {", ".join(options)}, e.g. ["{options[0]}"]',
            file=path,
            key=key,
            value=value,
        )
    for item in value:
        if item not in options:
            raise InputError(f"unknown {key} option; choose from {', '.join(options)}", file=path, key=key, value=item)
    if len(set(value)) < len(value):
        raise InputError(
            "lists an option twice; list each once (the options are drawn equally likely)",
            file=path,
            key=key,
            value=value,
        )
    return tuple(value)


def _spread(path, key, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise InputError(
            "must be a number from 0 up to (not including) 1: each weight is multiplied by "
            "U(1 - s, 1 + s), which must stay positive",
            file=path,
            key=key,
            value=value,
        )
    return float(value)


def parse_config(data, path):
    """The settings of an uncertainty file (a dict as TOML gives it), validated."""
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise InputError(f"unknown key; the keys are {', '.join(KEYS)}", file=path, key=unknown[0])
    absent = [k for k in KEYS if k not in data]
    if absent:
        raise InputError("is missing; every key must be given (see config/uncertainty.toml)", file=path, key=absent[0])
    samples = _whole(path, "sobol_samples", data["sobol_samples"], minimum=2, what="a power of 2, e.g. 4096")
    if samples & (samples - 1):
        raise InputError(
            "must be a power of 2, e.g. 4096 (Sobol' sequences are balanced only then)",
            file=path,
            key="sobol_samples",
            value=samples,
        )
    if not isinstance(data["leave_one_out"], bool):
        raise InputError("must be true or false", file=path, key="leave_one_out", value=data["leave_one_out"])
    return UncertaintyConfig(
        runs=_whole(path, "runs", data["runs"], minimum=1, what="how many Monte Carlo runs"),
        seed=_whole(path, "seed", data["seed"], minimum=0, what="the random seed"),
        sobol_samples=samples,
        **{key: _choices(path, key, data[key]) for key in CHOICES},
        **{key: _spread(path, key, data[key]) for key in SPREADS},
        leave_one_out=data["leave_one_out"],
    )


def load_config(path):
    """Read and validate an uncertainty file; any problem is an InputError naming the file and key."""
    try:
        text = open(path, "rb").read().decode("utf-8")
    except FileNotFoundError:
        raise InputError("file not found (make robustness UNCERTAINTY=<file> names it)", file=path) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text; save it as UTF-8", file=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # the message says "(at line 5, column 8)": name the key written on that line, and the line
        at = re.search(r"at line (\d+)", str(e))
        line = text.splitlines()[int(at.group(1)) - 1] if at and int(at.group(1)) <= len(text.splitlines()) else None
        key = re.match(r"\s*([A-Za-z0-9_]+)\s*=", line) if line else None
        raise InputError(
            f"is not valid TOML: {e}; write it as in config/uncertainty.toml",
            file=path,
            key=key.group(1) if key else None,
            value=line,
        ) from None
    return parse_config(data, path)


@dataclass(frozen=True)
class Assumption:
    """One uncertain assumption: a key of the uncertainty file, and the uniform inputs it takes."""

    key: str
    dims: int


@dataclass
class Runs:
    """A batch of runs, decoded: which score table, which mean, and the weights of each run."""

    table: np.ndarray  # (n,) index into AuditModel.tables
    geometric: np.ndarray  # (n,) bool
    weights: np.ndarray  # (n, indicators): 0 where not included or left out
    pillar_weights: np.ndarray  # (n, pillars)


class AuditModel:
    """Everything a batch of runs needs, computed once for one year and method.

    `values`: raw values, regions x indicator codes (a DataFrame); `method`: a `methods.Method`
    with the run's missing-value policy; `config`: an UncertaintyConfig.
    """

    def __init__(self, values, indicators, method, *, config):
        self.config = config
        self.region_ids = list(values.index)
        self.codes = list(values.columns)
        meta = indicators.set_index("code").loc[self.codes].reset_index()
        self.pillar_of = dict(zip(meta["code"], meta["pillar"]))
        self.columns = pillar_columns(self.codes, meta, method.include_column)
        self.included = [c for cols in self.columns for c in cols]
        self.base_weights = indicator_weights(meta, method.include_column)
        self.direction_column = {"nominal": method.direction_column, **DIRECTIONS}
        self.policy = {"nominal": method.missing, **{m: m for m in MISSING}}
        if config.leave_one_out:
            self.check_leave_one_out()

        # every (normalisation, directions, missing) table the file can ask for, and the nominal one
        keys = [("minmax", method.direction_column, method.missing)]
        lookup = np.empty((len(config.normalisation), len(config.directions), len(config.missing)), dtype=int)
        for i, n in enumerate(config.normalisation):
            for j, d in enumerate(config.directions):
                for k, m in enumerate(config.missing):
                    key = (n, self.direction_column[d], self.policy[m])
                    if key not in keys:
                        keys.append(key)
                    lookup[i, j, k] = keys.index(key)
        raw = values.to_numpy(dtype=float)
        directions = {c: meta[c].to_numpy() for c in {k[1] for k in keys}}
        self.tables = np.stack([scoring.normalise(raw, directions[d], n, missing=m) for n, d, m in keys])
        self.table_is_minmax = np.array([k[0] == "minmax" for k in keys])
        self.table_keys = keys
        self.lookup = lookup

        # one uniform input per discrete choice, one per weight; only what the file varies
        widths = {
            "normalisation": 1,
            "aggregation": 1,
            "pillar_weight_spread": len(PILLARS),
            "indicator_weight_spread": len(self.codes),
            "directions": 1,
            "missing": 1,
            "leave_one_out": 1,
        }
        self.assumptions = [Assumption(key, width) for key, width in widths.items() if config.varies(key)]
        self.dims = sum(a.dims for a in self.assumptions)
        self.nominal_ranks, self.nominal_isdr, nominal_pillars = self.evaluate(self.nominal_runs(1), pillars=True)
        self.nominal_ranks, self.nominal_isdr = self.nominal_ranks[0], self.nominal_isdr[0]
        self.nominal_pillar_ranks = pillar_ranks(nominal_pillars)[0]  # (pillars, regions)

    def nominal_order(self):
        """The region ids in the nominal ranking's order (ties in their input order; regions without a rank last)."""
        order = np.argsort(np.nan_to_num(self.nominal_ranks, nan=np.inf), kind="stable")
        return [self.region_ids[i] for i in order]

    def check_nominal(self, indices, where):
        """Stop when the audit's nominal ranking is not the pipeline's (`indices`: indices.csv of `where`,
        e.g. '2023 thesis'): the audit would then describe another index than the one published."""
        if list(self.nominal_ranks) != list(indices["rank_isdr"].astype(float)):
            raise ValueError(f"the audit's nominal ranking differs from indices.csv of {where}: rerun make all")

    def check_leave_one_out(self):
        if min(len(c) for c in self.columns) < 2:
            raise ValueError("leaving an indicator out needs two or more included indicators in every pillar")

    def nominal_runs(self, n):
        """n copies of the audited method's run (min-max, arithmetic, the file's weights)."""
        return Runs(
            np.zeros(n, dtype=int),
            np.zeros(n, dtype=bool),
            np.tile(self.base_weights, (n, 1)),
            np.ones((n, len(PILLARS))),
        )

    def decode(self, u):
        """Runs from points of the unit cube, u: (n, self.dims), in the order of self.assumptions."""
        n = len(u)
        at = dict.fromkeys(CHOICES, 0)  # a fixed choice is its one option
        runs = self.nominal_runs(n)
        geometric_option = np.array([a == "geometric" for a in self.config.aggregation])
        pillar_weights, weights = runs.pillar_weights, runs.weights
        column = 0
        for a in self.assumptions:
            x = u[:, column : column + a.dims]
            column += a.dims
            if a.key in CHOICES:
                at[a.key] = np.minimum(
                    (x[:, 0] * len(getattr(self.config, a.key))).astype(int), len(getattr(self.config, a.key)) - 1
                )
            elif a.key == "pillar_weight_spread":
                pillar_weights = 1 + self.config.pillar_weight_spread * (2 * x - 1)
            elif a.key == "indicator_weight_spread":
                weights = weights * (1 + self.config.indicator_weight_spread * (2 * x - 1))
            else:  # leave_one_out: one included indicator, each equally likely
                out = np.asarray(self.included)[
                    np.minimum((x[:, 0] * len(self.included)).astype(int), len(self.included) - 1)
                ]
                weights = weights.copy()
                weights[np.arange(n), out] = 0.0
        table = self.lookup[at["normalisation"], at["directions"], at["missing"]]
        return Runs(
            np.broadcast_to(table, (n,)),
            np.broadcast_to(geometric_option[at["aggregation"]], (n,)),
            weights,
            pillar_weights,
        )

    def evaluate(self, runs, *, pillars=False):
        """ISDR ranks and ISDR of every run: two (n, regions) arrays (NaN: no index, no rank); with `pillars`,
        a third, the pillar indices the runs computed on the way, (n, regions, pillars)."""
        isdr = np.empty((len(runs.table), len(self.region_ids)))
        pillar_values = np.empty((*isdr.shape, len(self.columns))) if pillars else None
        for geometric in (False, True):
            chosen = np.flatnonzero(runs.geometric == geometric)
            if not len(chosen):
                continue
            method = "geometric" if geometric else "arithmetic"
            pillar_index = scoring.pillar_indices(
                self.tables[runs.table[chosen]],
                runs.weights[chosen],
                self.columns,
                method=method,
                min_coverage=MIN_COVERAGE,
            )
            isdr[chosen] = scoring.integral_index(pillar_index, runs.pillar_weights[chosen], method)
            if pillars:
                pillar_values[chosen] = pillar_index
        ranks = scoring.competition_ranks(isdr, axis=-1)
        return (ranks, isdr, pillar_values) if pillars else (ranks, isdr)

    def rank_shift(self, ranks):
        """Each run's mean absolute rank shift against the nominal ranking, over the regions ranked in both."""
        shift = np.abs(ranks - self.nominal_ranks)
        counted = ~np.isnan(shift)
        return np.where(counted, shift, 0).sum(axis=1) / np.maximum(counted.sum(axis=1), 1)

    def outcomes(self, u, *, pillars=False):
        """Ranks, ISDR, whether min-max scored it, whether it took geometric means and which score table
        it used, for each point of the unit cube in u, CHUNK_RUNS at a time; with `pillars`, sixth, each
        run's rank of every region on each pillar, (n, pillars, regions)."""
        parts = []
        for start in range(0, len(u), CHUNK_RUNS):
            runs = self.decode(u[start : start + CHUNK_RUNS])
            ranks, isdr, *pillar_values = self.evaluate(runs, pillars=pillars)
            found = (ranks, isdr, self.table_is_minmax[runs.table], runs.geometric, runs.table)
            parts.append(found + ((pillar_ranks(pillar_values[0]),) if pillars else ()))
        return [np.concatenate(p) for p in zip(*parts)]

    def choices_of(self, table, geometric):
        """{assumption: each run's choice} for the discrete assumptions the file varies, from the runs'
        score tables and aggregations: what a claim's share is broken down by."""
        directions = {column: name for name, column in DIRECTIONS.items()}
        labels = {
            "normalisation": np.array([key[0] for key in self.table_keys])[table],
            "aggregation": np.where(geometric, "geometric", "arithmetic"),
            "directions": np.array([directions[key[1]] for key in self.table_keys])[table],
            "missing": np.array([key[2] for key in self.table_keys])[table],
        }
        return {a.key: labels[a.key] for a in self.assumptions if a.key in labels}

    def claim_held(self, claim, ranks, isdr):
        """(asked, held): per run, whether `claim` is asked of it and whether it holds."""
        if claim.kind == "all_medium":
            medium_from, high_from = THRESHOLDS["integral"]
            levels = scoring.level_codes(isdr, medium_from, high_from)
            return np.ones(len(ranks), dtype=bool), (levels == LEVELS.index("medium")).all(axis=1)
        at = [self.region_ids.index(r) for r in claim.regions]
        size = len(at)
        group = ranks[:, at]  # NaN (no rank) compares False: a region without an index holds no place
        if claim.kind == "top":
            return np.ones(len(ranks), dtype=bool), (group <= size).all(axis=1)
        ranked = (~np.isnan(ranks)).sum(axis=1, keepdims=True)
        return np.ones(len(ranks), dtype=bool), (group > ranked - size).all(axis=1)


def pillar_ranks(pillars):
    """Each run's rank of every region on each pillar, (n, pillars, regions): competition ranks over the
    regions, as indices.csv's rank_<pillar> (NaN: no index), from the pillar indices (n, regions, pillars).
    Ranked along the last axis of a contiguous copy: a third faster than along the middle one."""
    return scoring.competition_ranks(np.ascontiguousarray(np.swapaxes(pillars, -1, -2)), axis=-1)


def tally_ranks(ranks):
    """(..., regions, regions + 1): in how many runs (the first axis of `ranks`, (n, ..., regions)) region i
    has rank r, for each of the middle axes' groups (none for ISDR, one per pillar); column 0 counts the
    runs that give it no rank (NaN). One bincount over every cell."""
    ranks = np.asarray(ranks)
    regions, cells = ranks.shape[-1], int(np.prod(ranks.shape[1:], dtype=np.int64))
    codes = np.nan_to_num(ranks, nan=0).astype(np.int64).reshape(len(ranks), cells)
    counts = np.bincount((np.arange(cells) * (regions + 1) + codes).ravel(), minlength=cells * (regions + 1))
    return counts.reshape(*ranks.shape[1:], regions + 1)


@dataclass
class MonteCarlo:
    """The tallies of a Monte Carlo run: enough for every percentile and share, with no run stored."""

    runs: int
    rank_counts: np.ndarray  # (regions, regions + 1): runs in which region i has rank r; column 0: no rank
    level_counts: np.ndarray  # (regions, 3): min-max runs in which region i's ISDR is low, medium, high
    minmax_runs: dict  # {aggregation: min-max runs}
    all_medium_runs: dict  # {aggregation: min-max runs in which every region's ISDR is medium}
    shifts: np.ndarray  # (runs,) mean absolute rank shift of each run
    # per claim's name: (the Claim, {None: [runs asked, held], (assumption, choice): [runs asked, held], ...})
    claims: dict = None
    # (pillars, regions, regions + 1): runs in which region i has rank r on the pillar; column 0: no rank
    pillar_rank_counts: np.ndarray = None


def _tally(counts, asked, held, *, choices):
    """Add a chunk's runs to a claim's counts: over all runs and per choice of each assumption."""
    for key, chosen in [
        (None, asked),
        *(((a, c), asked & (labels == c)) for a, labels in choices.items() for c in sorted(set(labels[asked]))),
    ]:
        runs_held = counts.setdefault(key, [0, 0])
        runs_held[0] += int(chosen.sum())
        runs_held[1] += int((chosen & held).sum())


def monte_carlo(model, runs=None, seed=None, *, claims=()):
    """Draw `runs` runs (default: the file's) with `seed`, CHUNK_RUNS at a time; the same seed gives the
    same draws whatever the chunk size (one generator, read in order). Each of `claims` (`Claim`s) is
    tallied over the runs it is asked of, and per choice of every discrete assumption varied."""
    runs = model.config.runs if runs is None else runs
    rng = np.random.default_rng(model.config.seed if seed is None else seed)
    regions = len(model.region_ids)
    rank_counts = np.zeros((regions, regions + 1), dtype=np.int64)
    pillar_rank_counts = np.zeros((len(model.columns), regions, regions + 1), dtype=np.int64)
    level_counts = np.zeros((regions, len(LEVELS)), dtype=np.int64)
    minmax_runs = dict.fromkeys(AGGREGATIONS, 0)
    all_medium = dict.fromkeys(AGGREGATIONS, 0)
    shifts = []
    claim_counts = {claim.name: (claim, {}) for claim in claims}
    medium_from, high_from = THRESHOLDS["integral"]
    for start in range(0, runs, CHUNK_RUNS):
        n = min(CHUNK_RUNS, runs - start)
        ranks, isdr, minmax, geometric, table, on_pillars = model.outcomes(rng.random((n, model.dims)), pillars=True)
        choices = model.choices_of(table, geometric)
        for claim in claims:
            asked, held = model.claim_held(claim, ranks, isdr)
            if claim.kind == "all_medium":
                asked = asked & minmax
            _tally(claim_counts[claim.name][1], asked, held, choices=choices)
        rank_counts += tally_ranks(ranks)
        pillar_rank_counts += tally_ranks(on_pillars)
        levels = scoring.level_codes(isdr[minmax], medium_from, high_from)
        for code in range(len(LEVELS)):
            level_counts[:, code] += (levels == code).sum(axis=0)
        every_medium = (levels == LEVELS.index("medium")).all(axis=1)
        for aggregation, chosen in zip(AGGREGATIONS, (~geometric[minmax], geometric[minmax])):
            minmax_runs[aggregation] += int(chosen.sum())
            all_medium[aggregation] += int(every_medium[chosen].sum())
        shifts.append(model.rank_shift(ranks))
    return MonteCarlo(
        runs,
        rank_counts,
        level_counts,
        minmax_runs,
        all_medium,
        np.concatenate(shifts),
        claims=claim_counts,
        pillar_rank_counts=pillar_rank_counts,
    )


def rank_quantile(counts, q):
    """The q-quantile of each region's ranks from their tallies (inverted CDF: the smallest rank that at
    least a share q of the ranked runs reach or beat, as numpy's method='inverted_cdf'); <NA> for a
    region never ranked."""
    cumulative = np.cumsum(counts[:, 1:], axis=1)
    quantile = 1 + np.argmax(cumulative >= q * cumulative[:, -1:], axis=1)
    return pd.array([int(r) if total else pd.NA for r, total in zip(quantile, cumulative[:, -1])], dtype="Int64")


def rank_uncertainty(model, mc):
    """One row per region, in nominal order: its nominal rank, the median, 5th and 95th percentile and mean
    of its ranks over the runs, the share of runs it is in the top three and in the bottom three (of a
    ranking of every region), and over the min-max runs the
    share of runs its ISDR is low, medium or high."""
    ranked = mc.rank_counts[:, 1:]
    ranks = np.arange(1, ranked.shape[1] + 1)
    table = pd.DataFrame(
        {
            "region_id": model.region_ids,
            "nominal_rank": pd.array(model.nominal_ranks, dtype="Int64"),
            "median_rank": rank_quantile(mc.rank_counts, 0.5),
            "q05_rank": rank_quantile(mc.rank_counts, 0.05),
            "q95_rank": rank_quantile(mc.rank_counts, 0.95),
            "mean_rank": ranked @ ranks / ranked.sum(axis=1),
            "p_top3": ranked[:, :TOP].sum(axis=1) / mc.runs,
            # the last TOP ranks of all the regions: a run that leaves a region unranked has fewer (see
            # runs_without_rank), and its bottom three are not counted here
            "p_bottom3": ranked[:, -TOP:].sum(axis=1) / mc.runs,
            "runs_without_rank": mc.rank_counts[:, 0],
            **{
                f"share_{lv}": mc.level_counts[:, i] / max(sum(mc.minmax_runs.values()), 1)
                for i, lv in enumerate(LEVELS)
            },
        }
    )
    return table.sort_values(["nominal_rank", "region_id"], kind="stable").reset_index(drop=True)


def pillar_rank_uncertainty(model, mc):
    """One row per pillar and region (pillars in their order, regions in nominal order on the pillar): its
    nominal rank on the pillar, the median, 5th and 95th percentile of its ranks on the pillar over the same
    runs as ISDR's, and the runs in which it had no pillar index."""
    frames = []
    for p, pillar in enumerate(PILLARS):
        counts = mc.pillar_rank_counts[p]
        frames.append(
            pd.DataFrame(
                {
                    "pillar": pillar,
                    "region_id": model.region_ids,
                    "nominal_rank": pd.array(model.nominal_pillar_ranks[p], dtype="Int64"),
                    "median_rank": rank_quantile(counts, 0.5),
                    "q05_rank": rank_quantile(counts, 0.05),
                    "q95_rank": rank_quantile(counts, 0.95),
                    "runs_without_rank": counts[:, 0],
                }
            ).sort_values(["nominal_rank", "region_id"], kind="stable")
        )
    return pd.concat(frames, ignore_index=True)


def _ratio(a, b):
    return a / b if b else None


def summary(model, mc):
    """The run's settings and headline numbers, for monte_carlo.json and the reports."""
    minmax = sum(mc.minmax_runs.values())
    return {
        "settings": model.config.as_dict(),
        "uncertain_assumptions": [a.key for a in model.assumptions],
        "runs": mc.runs,
        "minmax_runs": minmax,
        "share_every_isdr_medium": _ratio(sum(mc.all_medium_runs.values()), minmax),
        "share_every_isdr_medium_by_aggregation": {
            a: _ratio(mc.all_medium_runs[a], mc.minmax_runs[a]) for a in AGGREGATIONS if mc.minmax_runs[a]
        },
        "mean_abs_rank_shift": {
            "mean": float(np.mean(mc.shifts)),
            "median": float(np.median(mc.shifts)),
            "q95": float(np.quantile(mc.shifts, 0.95)),
        },
        "claims": {name: claim_summary(claim, counts) for name, (claim, counts) in (mc.claims or {}).items()},
    }


def claim_summary(claim, counts):
    """A claim and its tallies as shares: over all runs asked, per choice of each assumption, and the
    assumption it depends on (the one whose choices' shares differ most, by DEPENDS_FROM or more; None if
    none does)."""
    runs, held = counts.get(None, [0, 0])
    by = {}
    for key, (asked, kept) in counts.items():
        if key is not None and asked:
            by.setdefault(key[0], {})[key[1]] = kept / asked
    spread = {a: max(s.values()) - min(s.values()) for a, s in by.items() if len(s) > 1}
    depends = max(spread, key=lambda a: (spread[a], a), default=None)
    return {
        "kind": claim.kind,
        "regions": list(claim.regions),
        "runs": runs,
        "share": _ratio(held, runs),
        "by": by,
        "depends_on": depends if depends is not None and spread[depends] >= DEPENDS_FROM else None,
    }
