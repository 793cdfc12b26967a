"""The scoring core: normalisation and aggregation as pure functions on arrays of any leading shape.

Every array is (..., regions, indicators): one year is (20, 52), a panel (years, 20, 52), a batch of
Monte Carlo runs (runs, 20, 52). Directions and weights are (..., indicators) and broadcast against
it, so one call scores a whole panel or a whole batch, with no loop over years or runs.

Normalisation (raw values, oriented by direction -> scores; a missing value stays NaN):
- `minmax`: 1 + 8 * (x - min) / (max - min), mirrored where higher is worse: 1 (worst region) to
  9 (best); a constant indicator scores 5 (the dissertation's method, the default);
- `zscore`: 10 + 2 * (x - mean) / sd, sd the sample standard deviation, sign flipped where higher is
  worse: mean 10, sd 2 (COINr's `n_zscore` with `m_sd = c(10, 2)`). The shift keeps every score
  positive for up to 20 regions, so a geometric mean is defined; a constant indicator scores 10;
- `rank`: 1 for the worst region ... n for the best; ties share the lowest rank they would take.

Missing values, before normalising: `worst` gives a blank its indicator's worst observed value (so
under `minmax` it scores exactly 1, as the dissertation's blanks do); `available` leaves it out.

Aggregation: the weighted `arithmetic` or `geometric` mean of a pillar's scores; a blank is left
out of the mean, and a region with less than `min_coverage` of the pillar's weighted indicators
gets no index. ISDR is 3 x the weighted mean of the three pillar indices (3-27 on the 1-9 scale),
which with equal weights is their sum.

Ranks and levels compare values rounded to `COMPARED_DECIMALS` decimals, as `index` and
`typology` do.
"""

import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

COMPARED_DECIMALS = 9  # the rule of sdi.method.index and sdi.method.typology (ranks and levels), vectorised here
CONSTANT_MINMAX = 5.0  # the middle of 1-9: a constant indicator carries no information
ZSCORE_MEAN, ZSCORE_SD = 10.0, 2.0
MISSING = ("worst", "available")
AGGREGATIONS = ("arithmetic", "geometric")


def _bounds(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """min and max over the regions (axis -2) of the values that exist, keeping the axis."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-blank indicator: NaN bounds
        return np.nanmin(values, axis=-2, keepdims=True), np.nanmax(values, axis=-2, keepdims=True)


def _positive(directions: npt.ArrayLike) -> np.ndarray:
    """directions (..., indicators) -> a boolean (..., 1, indicators) that broadcasts over regions."""
    return (np.asarray(directions) == 1)[..., None, :]


def fill_worst(values: np.ndarray, directions: npt.ArrayLike) -> np.ndarray:
    """Each blank takes its indicator's worst observed value: the lowest where higher is better,
    the highest where higher is worse."""
    blank = np.isnan(values)
    if not blank.any():
        return values
    lo, hi = _bounds(values)
    return np.where(blank, np.where(_positive(directions), lo, hi), values)


def minmax(values: np.ndarray, directions: npt.ArrayLike) -> np.ndarray:
    """1 (worst region) to 9 (best); a constant indicator 5."""
    lo, hi = _bounds(values)
    # in place, one temporary array: the same operations as 1 + 8 * where(positive, share, 1 - share)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = values - lo
        scores /= hi - lo
    np.subtract(1, scores, out=scores, where=~_positive(directions))
    scores *= 8
    scores += 1
    constant = hi == lo
    if constant.any():
        scores = np.where(constant & ~np.isnan(values), CONSTANT_MINMAX, scores)
    return scores


def zscore(values: np.ndarray, directions: npt.ArrayLike) -> np.ndarray:
    """Mean 10, sample standard deviation 2; a constant indicator 10."""
    lo, hi = _bounds(values)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=-2, keepdims=True)
        sd = np.nanstd(values, axis=-2, ddof=1, keepdims=True)
        z = (values - mean) / sd
    scores = ZSCORE_MEAN + ZSCORE_SD * np.where(_positive(directions), z, -z)
    # exact equality, not sd == 0: twenty copies of 95.82 have a tiny non-zero computed sd
    return np.where((hi == lo) & ~np.isnan(values), ZSCORE_MEAN, scores)


def rank(values: np.ndarray, directions: npt.ArrayLike) -> np.ndarray:
    """1 for the worst region ... n for the best (n: regions with a value); ties share the lowest rank."""
    import scipy.stats  # here, not at the top: a notebook that ranks nothing is spared its import (0.3 s)

    oriented = np.where(_positive(directions), values, -values)
    return scipy.stats.rankdata(oriented, method="min", axis=-2, nan_policy="omit")


NORMALISATIONS = {"minmax": minmax, "zscore": zscore, "rank": rank}


def normalise(
    values: npt.ArrayLike, directions: npt.ArrayLike, method: str = "minmax", *, missing: str = "worst"
) -> np.ndarray:
    """Scores (..., regions, indicators) by `method`, after the missing-value policy."""
    if method not in NORMALISATIONS:
        raise ValueError(f"unknown normalisation {method!r}; choose one of {', '.join(NORMALISATIONS)}")
    if missing not in MISSING:
        raise ValueError(f"unknown missing-value policy {missing!r}; choose one of {', '.join(MISSING)}")
    values = np.asarray(values, dtype=float)
    if missing == "worst":
        values = fill_worst(values, directions)
    return NORMALISATIONS[method](values, directions)


def weighted_mean(
    scores: npt.ArrayLike, weights: npt.ArrayLike, method: str = "arithmetic", *, min_coverage: float = 0.0
) -> np.ndarray:
    """The weighted mean over the last axis (the indicators of one pillar): (..., regions).

    scores (..., regions, k); weights (..., k), broadcast over regions. A blank score is left out;
    the mean is NaN where the indicators with a score carry less than `min_coverage` of the count
    of indicators with a positive weight. With weights all 1 this is exactly pandas' row mean
    (the same pairwise sum over the same contiguous axis), so the default outputs stay byte-identical.
    """
    if method not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {method!r}; choose one of {', '.join(AGGREGATIONS)}")
    w = np.asarray(weights, dtype=float)[..., None, :]
    # C order makes the sum below numpy's pairwise sum along contiguous memory, which is what
    # pandas' row mean computes; a strided sum adds in another order and can differ in the last bit
    scores = np.ascontiguousarray(scores, dtype=float)
    present = ~np.isnan(scores)
    complete = present.all()
    if method == "geometric":
        if np.any(scores <= 0):  # NaN compares False
            raise ValueError("a geometric mean needs positive scores")
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.log(scores)
    # the shortcuts (no blank, weights all 1) skip passes over the data, not change the result
    terms = scores if complete else np.where(present, scores, 0.0)
    if not np.all(w == 1):
        terms = w * terms
    with np.errstate(invalid="ignore", divide="ignore"):
        if complete:
            mean = np.sum(terms, axis=-1) / np.sum(w, axis=-1)
            counted = np.sum(w > 0, axis=-1) / np.sum(w > 0, axis=-1)
        else:
            mean = np.sum(terms, axis=-1) / np.sum(w * present, axis=-1)
            counted = np.sum(present & (w > 0), axis=-1) / np.sum(w > 0, axis=-1)
    if method == "geometric":
        mean = np.exp(mean)
    return np.where(counted >= min_coverage, mean, np.nan)


def pillar_indices(
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    pillar_columns: Iterable[Sequence[int]],
    *,
    method: str = "arithmetic",
    min_coverage: float = 0.0,
) -> np.ndarray:
    """(..., regions, pillars): the weighted mean of each pillar's columns (`pillar_columns`, one
    sequence of column positions per pillar)."""
    scores = np.asarray(scores, dtype=float)
    weights = np.broadcast_to(np.asarray(weights, dtype=float), scores.shape[:-2] + scores.shape[-1:])
    columns = [np.asarray(c, dtype=int) for c in pillar_columns]
    return np.stack(
        [weighted_mean(scores[..., c], weights[..., c], method, min_coverage=min_coverage) for c in columns], axis=-1
    )


def integral_index(
    pillars: npt.ArrayLike, pillar_weights: npt.ArrayLike = 1.0, method: str = "arithmetic"
) -> np.ndarray:
    """ISDR (..., regions): the number of pillars times their weighted mean. The weights are scaled
    to sum to the number of pillars, so equal weights are exactly 1 and ISDR is exactly their sum."""
    pillars = np.asarray(pillars, dtype=float)
    count = pillars.shape[-1]
    w = np.broadcast_to(np.asarray(pillar_weights, dtype=float), pillars.shape[:-2] + (count,))
    w = (w * (count / np.sum(w, axis=-1, keepdims=True)))[..., None, :]
    if method == "geometric":
        return count * np.exp(np.sum(w * np.log(pillars), axis=-1) / count)
    if method != "arithmetic":
        raise ValueError(f"unknown aggregation {method!r}; choose one of {', '.join(AGGREGATIONS)}")
    return np.sum(w * pillars, axis=-1)


def competition_ranks(values: npt.ArrayLike, axis: int = -1) -> np.ndarray:
    """1 for the highest value; ties (equal to COMPARED_DECIMALS decimals) share the best rank and the
    next is skipped (1, 2, 2, 4). NaN gets no rank (NaN). Float array, the shape of `values`."""
    import scipy.stats  # here, not at the top: see `rank`

    rounded = np.round(np.asarray(values, dtype=float), COMPARED_DECIMALS)
    return scipy.stats.rankdata(-rounded, method="min", axis=axis, nan_policy="omit")


def level_codes(values: npt.ArrayLike, medium_from: float, high_from: float) -> np.ndarray:
    """0 low, 1 medium, 2 high (lower bounds, values rounded to COMPARED_DECIMALS); -1 where NaN."""
    v = np.round(np.asarray(values, dtype=float), COMPARED_DECIMALS)
    return np.where(np.isnan(v), -1, (v >= medium_from).astype(int) + (v >= high_from))


def equal_blocks(labels: npt.ArrayLike) -> int:
    """How many groups `labels` (one per row) form, when they come in contiguous blocks of equal size
    as a panel's years do: the rows then reshape to (groups, rows per group, ...)."""
    codes = np.unique(np.asarray(labels), return_inverse=True)[1]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    sizes = np.diff(np.r_[starts, len(codes)])
    if len(starts) != codes.max(initial=-1) + 1 or len(set(sizes.tolist())) > 1:
        raise ValueError("the groups must be contiguous blocks of rows of equal size (every year the same regions)")
    return len(starts)
