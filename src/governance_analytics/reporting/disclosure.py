"""Statistical disclosure control for published tables and maps.

No published count may fall below the threshold (default 10): a small count could single out a
resident or a household. Counts from 1 to ``threshold − 1`` are replaced by ``"<threshold"``, and
every figure derived from a suppressed count in the same row (a change, a share, a ratio) is blanked
so it cannot be worked back. Zeros are published.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_THRESHOLD", "Suppressed", "suppress_counts", "is_small"]

DEFAULT_THRESHOLD = 10


def is_small(counts, threshold: int = DEFAULT_THRESHOLD) -> np.ndarray:
    """True where ``0 < count < threshold``."""
    counts = np.asarray(counts, dtype=float)
    return (counts > 0) & (counts < threshold)


@dataclass(frozen=True)
class Suppressed:
    """A table safe to publish and the number of cells that were suppressed."""

    frame: pd.DataFrame
    n_suppressed: int


def suppress_counts(frame: pd.DataFrame, counts: list[str], *, derived: list[str] = (),
                    threshold: int = DEFAULT_THRESHOLD) -> Suppressed:
    """Replace small counts in ``counts`` columns by ``"<threshold"`` and blank ``derived`` columns
    in the rows where any count was suppressed."""
    out = frame.copy()
    small = pd.DataFrame({c: is_small(out[c], threshold) for c in counts}, index=out.index)
    any_small = small.any(axis=1)
    for column in counts:
        out[column] = out[column].astype(object).where(~small[column], f"<{threshold}")
    for column in derived:
        out[column] = out[column].astype(object).where(~any_small, None)
    return Suppressed(out, int(small.to_numpy().sum()))
