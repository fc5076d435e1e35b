"""Typologies of communities: clusters of their dimension scores, the number chosen by silhouette.

:class:`Typology` clusters communities on their (by default standardised) dimension scores by k-means
(Lloyd's algorithm, ``n_init`` random starts, ``seed``) or Ward's hierarchical method (minimum increase
of the within-cluster sum of squares), for every :math:`k` in ``k_range``, and keeps the :math:`k` with
the largest mean silhouette :math:`s = \\frac1n \\sum_i \\frac{b_i - a_i}{\\max(a_i, b_i)}` (Rousseeuw
1987; :math:`a_i` the mean distance to its own cluster, :math:`b_i` to the nearest other), unless
``n_clusters`` fixes it. The table of silhouettes by :math:`k` is kept (``silhouette_``) so that the
choice can be shown. Types are numbered by size, largest first, and named by their profile — the mean
standardised score per dimension — with :func:`~governance_analytics.community.profiles.profile_names`.

Scores should come from one fitted :class:`~governance_analytics.community.composite.CompositeIndex`
(same reference year), so that types of different years can be compared through :meth:`Typology.predict`.

References: Rousseeuw, P. J. (1987) *Journal of Computational and Applied Mathematics* 20, 53–65; Ward,
J. H. (1963) *JASA* 58, 236–244; scikit-learn (``KMeans``, ``AgglomerativeClustering``,
``silhouette_score``); OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, step 4
(cluster analysis).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.metrics import silhouette_score

from governance_analytics.community.framework import Framework, default_framework
from governance_analytics.community.profiles import profile_names

__all__ = ["METHODS", "Typology"]

METHODS = ("kmeans", "ward")


class Typology(BaseEstimator):
    """Cluster communities on dimension scores and name the types by their profiles.

    Parameters
    ----------
    framework
        Gives the dimension columns and labels; default :func:`default_framework`.
    method
        ``"kmeans"`` or ``"ward"``.
    n_clusters
        Fix the number of types; default: chosen by silhouette over ``k_range``.
    k_range
        Candidate numbers of types (default 2 … 10).
    standardise
        Cluster z-scores of the dimension scores (each dimension counts equally), else the scores.
    n_init, seed
        k-means restarts and seed.
    name_threshold
        Least mean z of a dimension that names a type.

    Attributes
    ----------
    n_clusters_ : int
    silhouette_ : pandas.DataFrame
        ``silhouette`` by ``k`` and ``chosen``.
    labels_ : pandas.Series
        Type (0 = largest) of each community.
    types_ : pandas.DataFrame
        Per type: ``size``, ``key``, ``name_zh``, ``name_en``, ``lead`` and the mean score per dimension.
    profile_z_ : pandas.DataFrame
        Per type, the mean standardised score per dimension.
    centres_ : numpy.ndarray
        Type centres in the clustering space.
    """

    def __init__(
        self,
        framework: Framework | None = None,
        *,
        method: str = "kmeans",
        n_clusters: int | None = None,
        k_range: Sequence[int] = tuple(range(2, 11)),
        standardise: bool = True,
        n_init: int = 50,
        seed: int = 0,
        name_threshold: float = 0.5,
    ) -> None:
        self.framework = framework
        self.method = method
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.standardise = standardise
        self.n_init = n_init
        self.seed = seed
        self.name_threshold = name_threshold

    def _space(self, X: pd.DataFrame) -> np.ndarray:
        values = X[self._dims].to_numpy(dtype=float)
        if np.isnan(values).any():
            rows = list(X.index[np.isnan(values).any(axis=1)])[:5]
            raise ValueError(f"dimension scores have missing values in rows {rows}")
        return (values - self.mean_) / self.scale_

    def _cluster(self, space: np.ndarray, k: int) -> np.ndarray:
        if self.method == "kmeans":
            return KMeans(n_clusters=k, n_init=self.n_init, random_state=self.seed).fit_predict(space)
        return AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(space)

    def fit(self, X: pd.DataFrame, y: None = None) -> Typology:
        """Cluster the rows of ``X`` (dimension scores, one row per community).

        Raises
        ------
        ValueError
            On an unknown method, missing dimension columns or values, or too few communities.
        """
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        fw = self.framework if self.framework is not None else default_framework()
        self._dims = [d for d in fw.dimension_names if d in X.columns]
        if len(self._dims) < 2:
            raise ValueError(f"X needs at least two dimension columns of {fw.dimension_names}")
        values = X[self._dims].to_numpy(dtype=float)
        if np.isnan(values).any():
            rows = list(X.index[np.isnan(values).any(axis=1)])[:5]
            raise ValueError(f"dimension scores have missing values in rows {rows}")
        self.mean_ = np.nanmean(values, axis=0) if self.standardise else np.zeros(len(self._dims))
        sd = np.nanstd(values, axis=0, ddof=1)
        self.scale_ = np.where(sd > 0, sd, 1.0) if self.standardise else np.ones(len(self._dims))
        space = self._space(X)
        candidates = [self.n_clusters] if self.n_clusters is not None else [int(k) for k in self.k_range]
        candidates = [k for k in candidates if 2 <= k < len(X)]
        if not candidates:
            raise ValueError(f"no usable number of clusters in {list(self.k_range)} for {len(X)} communities")
        labels, rows = {}, []
        for k in candidates:
            labels[k] = self._cluster(space, k)
            rows.append({"k": k, "silhouette": float(silhouette_score(space, labels[k]))})
        table = pd.DataFrame(rows).set_index("k")
        best = int(table["silhouette"].idxmax())
        table["chosen"] = table.index == best
        self.silhouette_, self.n_clusters_ = table, best
        raw = labels[best]
        sizes = pd.Series(raw).value_counts(sort=False)
        order = sorted(sizes.index, key=lambda c: (-sizes[c], int(np.argmax(raw == c))))
        relabel = {old: new for new, old in enumerate(order)}
        lab = np.array([relabel[c] for c in raw])
        self.labels_ = pd.Series(lab, index=X.index, name="type")
        self.centres_ = np.vstack([space[lab == t].mean(axis=0) for t in range(best)])
        z = (values - np.nanmean(values, axis=0)) / np.where(sd > 0, sd, 1.0)
        types = pd.Index(range(best), name="type")
        self.profile_z_ = pd.DataFrame([z[lab == t].mean(axis=0) for t in types], index=types, columns=self._dims)
        names = profile_names(self.profile_z_, framework=fw, threshold=self.name_threshold)
        means = pd.DataFrame([values[lab == t].mean(axis=0) for t in types], index=types, columns=self._dims)
        self.types_ = pd.concat(
            [pd.Series(np.bincount(lab, minlength=best), index=types, name="size"), names, means], axis=1
        )
        return self

    def predict(self, X: pd.DataFrame) -> pd.Series:
        """Type of each row of ``X``: the nearest type centre in the clustering space."""
        if not hasattr(self, "centres_"):
            raise ValueError("this Typology is not fitted yet")
        space = self._space(X)
        distance = ((space[:, None, :] - self.centres_[None, :, :]) ** 2).sum(axis=2)
        return pd.Series(distance.argmin(axis=1), index=X.index, name="type")

    def fit_predict(self, X: pd.DataFrame, y: None = None) -> pd.Series:
        """``fit(X).labels_``."""
        return self.fit(X).labels_
