"""Step 2, descriptive statistics per indicator over the regions (never the national row).

Missing values are left out, as Excel's functions leave out blank cells.
"""

import numpy as np
import pandas as pd

STAT_COLUMNS = ["indicator", "n", "missing", "min", "max", "mean", "median", "skewness", "std"]


def excel_skew(values):
    """Skewness exactly as Excel's SKEW: the adjusted Fisher-Pearson coefficient

        n / ((n - 1)(n - 2)) * sum(((x - mean) / s) ** 3),  s the sample standard deviation.

    Undefined (NaN) where Excel gives #DIV/0!: fewer than 3 values, or all values equal.
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = x.size
    if n < 3:
        return float("nan")
    s = x.std(ddof=1)
    if s == 0 or not np.isfinite(s):
        return float("nan")
    z = (x - x.mean()) / s
    return float(n / ((n - 1) * (n - 2)) * np.sum(z**3))


def describe(wide):
    """One row per indicator (column of `wide`): n, missing, min, max, mean, median, skewness, std.

    `std` is the sample standard deviation (Excel's STDEV.S); it is NaN for fewer than 2 values.
    """
    rows = []
    for code in wide.columns:
        col = wide[code].astype(float)
        present = col.dropna()
        rows.append({
            "indicator": code,
            "n": int(present.size),
            "missing": int(col.isna().sum()),
            "min": present.min() if present.size else np.nan,
            "max": present.max() if present.size else np.nan,
            "mean": present.mean() if present.size else np.nan,
            "median": present.median() if present.size else np.nan,
            "skewness": excel_skew(present),
            "std": present.std(ddof=1) if present.size >= 2 else np.nan,
        })
    return pd.DataFrame(rows, columns=STAT_COLUMNS)
