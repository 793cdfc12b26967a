"""Statistical coherence: does each indicator pull its pillar and ISDR the way the index assumes?

The multivariate step of the OECD/JRC Handbook on Constructing Composite Indicators, as the JRC's
statistical audits do it, for one year and method, on the nominal scores:
- Pearson and Spearman correlation of every indicator's scores with its pillar index and with ISDR;
  a negative one means the indicator pulls against its pillar, a weak one (below 0.3) that it barely
  moves it; pairs above 0.9 within a pillar measure nearly the same thing twice (redundancy);
- Cronbach's alpha per pillar (internal consistency; 0.7 or more is the usual bar) and a principal
  component analysis of the pillar's scores (the share of variance of the first component, and how
  many components have an eigenvalue above 1: one suggests a single underlying dimension);
- skewness and kurtosis of every indicator's raw values, flagged (not treated) when
  |skewness| > 2 and kurtosis > 3.5 (the JRC's rule, COINr's `check_SkewKurt`; both statistics
  Excel's: SKEW and KURT);
- each indicator's effective weight in ISDR next to its nominal one: a pillar's weight is shared among
  its included indicators, so with equal weights an indicator of a 9-indicator pillar counts
  21/9 = 2.3 times as much as one of a 21-indicator pillar.
With 20 regions these statistics are indicative: a correlation of 0.44 is the smallest that differs
from 0 at the 5 % level, and an alpha or a principal component over 20 observations is rough.
"""

import numpy as np
import pandas as pd
import scipy.stats

from sdi import PILLARS
from sdi.method.statistics import skewness

WEAK = 0.3  # a correlation below this with the pillar is weak
REDUNDANT = 0.9  # a pair of indicators above this measures nearly the same thing
SKEW_LIMIT, KURTOSIS_LIMIT = 2.0, 3.5


def kurtosis(values):
    """Excel's KURT (the bias-corrected excess kurtosis, COINr's `kurt`) of the values that exist; NaN
    for fewer than 4 values or a constant."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size < 4 or x.max() == x.min():
        return float("nan")
    return float(scipy.stats.kurtosis(x, fisher=True, bias=False))


def cronbach_alpha(items):
    """k / (k - 1) * (1 - sum of the items' variances / variance of their sum), items as columns
    (rows with a blank left out); NaN for fewer than two items."""
    x = np.asarray(items, dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    k = x.shape[1]
    if k < 2 or len(x) < 2:
        return float("nan")
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def principal_components(items):
    """Eigenvalues of the items' correlation matrix, largest first (constant items and rows with a
    blank left out): the variance each principal component of the standardised items carries."""
    x = np.asarray(items, dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    x = x[:, x.max(axis=0) > x.min(axis=0)]
    if x.shape[1] == 0 or len(x) < 2:
        return np.array([])
    if x.shape[1] == 1:
        return np.array([1.0])
    return np.sort(np.linalg.eigvalsh(np.corrcoef(x, rowvar=False)))[::-1]


def effective_weights(indicators, include_column, pillar_weights=None):
    """Each indicator's share of ISDR: its weight's share of its pillar's included weights, times its
    pillar's share of the pillar weights (0 where not included); they sum to 1."""
    weights = indicators["weight"].where(indicators[include_column], 0.0).astype(float)
    pillar_weights = pd.Series(pillar_weights if pillar_weights is not None else 1.0, index=list(PILLARS), dtype=float)
    within = weights / weights.groupby(indicators["pillar"]).transform("sum")
    return within * indicators["pillar"].map(pillar_weights / pillar_weights.sum())


def correlation_flag(r):
    """'negative' below 0, 'weak' from 0 up to WEAK, '' otherwise (and for NaN: a constant indicator)."""
    return "negative" if r < 0 else "weak" if r < WEAK else ""


def distribution_flag(skew, kurt):
    return "skewed, heavy-tailed" if abs(skew) > SKEW_LIMIT and kurt > KURTOSIS_LIMIT else ""


def indicator_table(scores_wide, values_wide, indices, *, indicators, include_column):
    """One row per indicator: pillar, included, nominal and effective weight, Pearson and Spearman
    correlation with its pillar index and with ISDR and their flags, skewness and kurtosis of its raw
    values and their flag. `scores_wide`/`values_wide`: regions x codes; `indices`: index_table()."""
    indices = indices.set_index("region_id").loc[scores_wide.index]
    meta = indicators.set_index("code").loc[list(scores_wide.columns)].reset_index()
    rows = []
    for code, pillar in zip(meta["code"], meta["pillar"]):
        s = scores_wide[code]
        row = {"indicator": code, "pillar": pillar}
        for target, against in (("pillar", indices[pillar]), ("isdr", indices["isdr"])):
            row[f"pearson_{target}"] = s.corr(against)
            row[f"spearman_{target}"] = s.corr(against, method="spearman")
            row[f"flag_{target}"] = correlation_flag(row[f"pearson_{target}"])
        row["skewness"], row["kurtosis"] = skewness(values_wide[code]), kurtosis(values_wide[code])
        row["flag_distribution"] = distribution_flag(row["skewness"], row["kurtosis"])
        rows.append(row)
    table = pd.DataFrame(rows)
    table.insert(2, "included", meta[include_column].to_numpy())
    table.insert(3, "nominal_weight", meta["weight"].to_numpy())
    table.insert(4, "effective_weight", effective_weights(meta, include_column).to_numpy())
    return table


def pillar_table(scores_wide, indicators, include_column):
    """One row per pillar: included indicators, Cronbach's alpha, the first principal component's share
    of the variance, and how many components have an eigenvalue above 1."""
    rows = []
    for pillar in PILLARS:
        codes = list(indicators.loc[(indicators["pillar"] == pillar) & indicators[include_column], "code"])
        items = scores_wide[codes].to_numpy(dtype=float)
        eigenvalues = principal_components(items)
        rows.append(
            {
                "pillar": pillar,
                "indicators": len(codes),
                "cronbach_alpha": cronbach_alpha(items),
                "first_component_share": eigenvalues[0] / eigenvalues.sum() if len(eigenvalues) else np.nan,
                "eigenvalues_above_1": int((eigenvalues > 1).sum()),
            }
        )
    return pd.DataFrame(rows)


def redundant_pairs(scores_wide, indicators, include_column, *, limit=REDUNDANT):
    """Pairs of included indicators of the same pillar whose scores correlate above `limit` (Pearson)."""
    rows = []
    for pillar in PILLARS:
        codes = list(indicators.loc[(indicators["pillar"] == pillar) & indicators[include_column], "code"])
        corr = scores_wide[codes].corr()
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                if corr.at[a, b] > limit:
                    rows.append({"pillar": pillar, "indicator_a": a, "indicator_b": b, "pearson": corr.at[a, b]})
    return pd.DataFrame(rows, columns=["pillar", "indicator_a", "indicator_b", "pearson"])
