"""Sensitivity analysis: which uncertain assumption moves the ranks, and which indicator.

Sobol' indices. The output is each run's mean absolute rank shift against the nominal ranking
(`AuditModel.rank_shift`); the inputs are the assumptions the uncertainty file varies, each one
group of uniform inputs (a discrete choice is one uniform cut into equal bins, a weight spread one
uniform per weight). The first-order index of an assumption is the share of the output's variance
it explains alone; the total index adds every interaction it takes part in.

The design is Saltelli's: two quasi-random matrices A and B (one scrambled Sobol' sequence of
2 x inputs columns, as scipy draws them) and, per assumption, A with that assumption's columns taken
from B; n x (assumptions + 2) runs. A group of columns is swapped together, so an assumption with
many inputs (52 indicator weights) still gets one index. The estimators are
`scipy.stats.sobol_indices`'s (Saltelli 2010 first order, Jansen total), fed with the evaluated
runs. scipy rather than SALib: scipy is already pinned and its estimator and bootstrap are the
same; SALib would add a dependency for nothing this needs. The confidence intervals are
`scipy.stats.bootstrap` percentile intervals over the base samples, called directly with a seeded
generator because `SobolResult.bootstrap` draws from numpy's global random state and would make the
tables differ run to run. Percentile, not scipy's default BCa: BCa's jackknife evaluates the
estimator n times on n - 1 samples (1.3 of the 2 seconds at n = 4,096), and on the 2023 runs the two
kinds of interval differ by at most 0.002 (both cover the analytic Ishigami indices in the tests).

Leave-one-out: the nominal run with each included indicator left out in turn (its weight 0), and
every region's rank change.
"""

import numpy as np
import pandas as pd
import scipy.stats
from scipy.stats import qmc

CONFIDENCE = 0.95
RESAMPLES = 999
BOOTSTRAP_BATCH = 100  # resamples evaluated at once: bounds the bootstrap's memory
MOVED = 3  # "moves some region three places or more"
SOBOL_COLUMNS = [
    "assumption",
    "first_order",
    "first_order_low",
    "first_order_high",
    "total_order",
    "total_order_low",
    "total_order_high",
]


def saltelli_2010(f_A, f_B, f_AB):
    """scipy's estimator, written out so that a bootstrap can call it (scipy.stats.sobol_indices centres
    the outputs on their mean, then applies scipy.stats._sensitivity_analysis.saltelli_2010): on the
    last axis, f_A and f_B (..., n) and f_AB (groups, ..., n) -> first and total order (2, groups, ...)."""
    mean = np.mean(np.stack([f_A, f_B]), axis=(0, -1))[..., None]
    f_A, f_B, f_AB = f_A - mean, f_B - mean, f_AB - mean
    var = np.var(np.stack([f_A, f_B]), axis=(0, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.mean(f_B * (f_AB - f_A), axis=-1) / var
        total = 0.5 * np.mean((f_A - f_AB) ** 2, axis=-1) / var
    return np.nan_to_num(np.stack([first, total]))  # no variance: every index 0, as scipy gives


def design(dims, samples, seed):
    """The two base matrices A and B (samples, dims): one scrambled Sobol' sequence of 2 x dims columns."""
    points = qmc.Sobol(d=2 * dims, scramble=True, rng=np.random.default_rng(seed)).random(samples)
    return points[:, :dims], points[:, dims:]


def sobol_indices(func, groups, samples, *, seed, confidence=CONFIDENCE, resamples=RESAMPLES):
    """First-order and total Sobol' indices, with bootstrap confidence intervals, of the scalar
    func(u) (u: (n, dims) points of the unit cube -> (n,)) for `groups` of input columns
    ({name: number of columns}, in column order)."""
    dims = sum(groups.values())
    if not groups:
        return pd.DataFrame(columns=SOBOL_COLUMNS)
    A, B = design(dims, samples, seed)
    f_A, f_B = func(A), func(B)
    f_AB, start = [], 0
    for width in groups.values():
        AB = A.copy()
        AB[:, start : start + width] = B[:, start : start + width]
        f_AB.append(func(AB))
        start += width
    f_AB = np.array(f_AB)
    result = scipy.stats.sobol_indices(func={"f_A": f_A[None], "f_B": f_B[None], "f_AB": f_AB[:, None]}, n=samples)

    def statistic(idx, axis=-1):
        return saltelli_2010(f_A[idx], f_B[idx], f_AB[:, idx])

    first, total = np.atleast_1d(result.first_order), np.atleast_1d(result.total_order)
    ci = scipy.stats.bootstrap(
        (np.arange(samples),),
        statistic,
        vectorized=True,
        n_resamples=resamples,
        batch=BOOTSTRAP_BATCH,
        confidence_level=confidence,
        method="percentile",
        rng=np.random.default_rng(seed),
    ).confidence_interval
    low, high = np.asarray(ci.low), np.asarray(ci.high)
    return pd.DataFrame(
        {
            "assumption": list(groups),
            "first_order": first,
            "first_order_low": low[0],
            "first_order_high": high[0],
            "total_order": total,
            "total_order_low": low[1],
            "total_order_high": high[1],
        }
    )


def rank_shift_indices(model, samples=None, seed=None):
    """Sobol' indices of the mean absolute rank shift for every assumption the uncertainty file varies."""

    def shift(u):
        return model.rank_shift(model.outcomes(u)[0])

    config = model.config
    return sobol_indices(
        shift,
        {a.key: a.dims for a in model.assumptions},
        config.sobol_samples if samples is None else samples,
        seed=config.seed if seed is None else seed,
    )


def leave_one_out(model):
    """One row per (included indicator, region): the nominal rank, the rank with that indicator left
    out, and how many places the region moved up (negative: down)."""
    model.check_leave_one_out()
    runs = model.nominal_runs(len(model.included))
    runs.weights[np.arange(len(model.included)), model.included] = 0.0
    ranks, _ = model.evaluate(runs)
    codes = [model.codes[i] for i in model.included]
    table = pd.DataFrame(
        {
            "indicator": np.repeat(codes, len(model.region_ids)),
            "pillar": np.repeat([model.pillar_of[c] for c in codes], len(model.region_ids)),
            "region_id": np.tile(model.region_ids, len(codes)),
            "nominal_rank": np.tile(model.nominal_ranks, len(codes)),
            "rank_without": ranks.ravel(),
        }
    )
    table["moved_up_by"] = table["nominal_rank"] - table["rank_without"]
    return table.astype(dict.fromkeys(("nominal_rank", "rank_without", "moved_up_by"), "Int64"))


def leave_one_out_summary(table, names, moved=MOVED):
    """Per indicator: the largest move any region makes when it is left out, how many regions move,
    and which move `moved` places or more (e.g. 'Atyrau 2 -> 5')."""
    rows = []
    for code, group in table.groupby("indicator", sort=False):
        shift = group["moved_up_by"].abs()
        big = group[shift >= moved]
        rows.append(
            {
                "indicator": code,
                "pillar": group["pillar"].iloc[0],
                "largest_move": int(shift.max()),
                "regions_moved": int((shift > 0).sum()),
                "mean_abs_move": float(shift.mean()),
                f"regions_moved_{moved}_or_more": "; ".join(
                    f"{names[r.region_id]} {r.nominal_rank} -> {r.rank_without}" for r in big.itertuples()
                ),
            }
        )
    return pd.DataFrame(rows)


def indicators_that_move(summary, moved=MOVED):
    """The rows of `leave_one_out_summary` whose indicator, left out, moves some region `moved` places or more."""
    return summary[summary[f"regions_moved_{moved}_or_more"] != ""]
