"""Step 2, descriptive statistics per indicator over the regions (never the national row).

Missing values are left out, as Excel's functions leave out blank cells.
"""

import warnings

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.stats

STAT_COLUMNS = ["indicator", "n", "missing", "min", "max", "mean", "median", "skewness", "std"]


def skewness(values: npt.ArrayLike, bias: bool = False) -> float:
    """Skewness of the values that exist (NaN left out), by scipy.stats.skew.

    bias=False: Excel's SKEW, the adjusted Fisher-Pearson coefficient
        n / ((n - 1)(n - 2)) * sum(((x - mean) / s) ** 3),  s the sample standard deviation;
    bias=True: Excel's SKEW.P, the population coefficient m3 / m2 ** 1.5.
    NaN where Excel gives #DIV/0!: fewer than 3 values (SKEW) or all values equal. "Equal" includes
    values equal up to floating-point noise (twenty times 95.82 has a mean that is not exactly 95.82):
    scipy detects that catastrophic cancellation and returns NaN instead of a made-up skewness.
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size < (2 if bias else 3):
        return float("nan")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Precision loss occurred", RuntimeWarning)
        return float(scipy.stats.skew(x, bias=bias))


def describe(wide: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator (column of `wide`): n, missing, min, max, mean, median, skewness, std.

    `std` is the sample standard deviation (Excel's STDEV.S); it is NaN for fewer than 2 values.
    """
    rows = []
    for code in wide.columns:
        col = wide[code].astype(float)
        present = col.dropna()
        rows.append(
            {
                "indicator": code,
                "n": int(present.size),
                "missing": int(col.isna().sum()),
                "min": present.min() if present.size else np.nan,
                "max": present.max() if present.size else np.nan,
                "mean": present.mean() if present.size else np.nan,
                "median": present.median() if present.size else np.nan,
                "skewness": skewness(present),
                "std": present.std(ddof=1) if present.size >= 2 else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=STAT_COLUMNS)
