"""Principal components of a correlation matrix, shared by PCA weights and the coherence checks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Components:
    """Eigen decomposition of the correlation matrix of complete rows.

    ``eigenvalues`` descending; ``vectors`` columns the unit eigenvectors, each signed so that its
    components sum to a non-negative number; ``loadings`` = vectors × sqrt(eigenvalues) (the
    correlations of the variables with the components); ``varying`` flags the columns with variance
    (constant columns are left out of the decomposition and get zero loadings); ``n`` rows used.
    """

    eigenvalues: np.ndarray
    vectors: np.ndarray
    loadings: np.ndarray
    varying: np.ndarray
    n: int

    @property
    def explained(self) -> np.ndarray:
        """Share of the total (standardised) variance explained by each component."""
        total = self.eigenvalues.sum()
        return self.eigenvalues / total if total > 0 else self.eigenvalues

    @property
    def first_weights(self) -> np.ndarray:
        """Squared loadings of the first component scaled to sum to 1 (= squared eigenvector)."""
        squared = self.loadings[:, 0] ** 2 if self.loadings.shape[1] else np.zeros(self.loadings.shape[0])
        total = squared.sum()
        if total <= 0:
            return np.where(self.varying, 1.0, 0.0) / max(int(self.varying.sum()), 1)
        return squared / total


def components(values: np.ndarray) -> Components:
    """Principal components of the correlation matrix of the complete rows of ``values`` (rows × k).

    Raises
    ------
    ValueError
        With fewer than 3 complete rows.
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    k = x.shape[1]
    if x.shape[0] < 3:
        raise ValueError(f"principal components need at least 3 complete rows, got {x.shape[0]}")
    sd = x.std(axis=0, ddof=1)
    varying = sd > 0
    m = int(varying.sum())
    vectors = np.zeros((k, m))
    eigenvalues = np.zeros(m)
    if m == 1:
        vectors[varying, 0] = 1.0
        eigenvalues[0] = 1.0
    elif m > 1:
        corr = np.corrcoef(x[:, varying], rowvar=False)
        vals, vecs = np.linalg.eigh(corr)
        order = np.argsort(vals)[::-1]
        vals, vecs = np.clip(vals[order], 0.0, None), vecs[:, order]
        signs = np.where(vecs.sum(axis=0) < 0, -1.0, 1.0)
        vectors[varying] = vecs * signs
        eigenvalues = vals
    return Components(eigenvalues, vectors, vectors * np.sqrt(eigenvalues), varying, int(x.shape[0]))
