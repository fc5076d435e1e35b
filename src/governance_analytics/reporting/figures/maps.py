"""Maps of grid counts for reports, as PNG bytes.

Counts arrive per grid block (``x``, ``y`` centres in metres and ``n``); blocks with a count below the
publication threshold, and blocks withheld so that those cannot be worked back from the total
(:mod:`~governance_analytics.privacy.suppression`), are drawn in one grey class without their value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.privacy import is_small
from governance_analytics.reporting.figures.charts import to_png
from governance_analytics.reporting.render.fonts import use_cjk_font

__all__ = ["grid_count_map"]


def grid_count_map(
    blocks: pd.DataFrame,
    *,
    block_size: float,
    threshold: int,
    title: str,
    legend: str,
    suppressed_label: str,
    withheld: np.ndarray | None = None,
) -> bytes:
    """Choropleth of ``blocks`` (``row``, ``col``, ``n``) on their regular grid, quantile-free: a
    log colour scale from the threshold to the maximum, small counts and ``withheld`` blocks (a
    boolean per block) grey, zeros white."""
    use_cjk_font()
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap, LogNorm
    from matplotlib.patches import Patch

    rows, cols = blocks["row"].to_numpy(), blocks["col"].to_numpy()
    shape = (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1)
    counts = np.full(shape, np.nan)
    counts[rows - rows.min(), cols - cols.min()] = blocks["n"].to_numpy(dtype=float)
    small = is_small(np.nan_to_num(counts), threshold)
    if withheld is not None:
        small[rows - rows.min(), cols - cols.min()] |= np.asarray(withheld, dtype=bool)
    shown = np.where(small | (counts == 0), np.nan, counts)

    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    extent = (0, shape[1] * block_size / 1000, 0, shape[0] * block_size / 1000)
    ax.imshow(np.where(counts == 0, 1.0, np.nan), origin="lower", extent=extent, cmap=ListedColormap(["#f7f7f7"]))
    ax.imshow(np.where(small, 1.0, np.nan), origin="lower", extent=extent, cmap=ListedColormap(["#bdbdbd"]))
    vmax = np.nanmax(shown) if np.isfinite(shown).any() else threshold + 1
    image = ax.imshow(
        shown, origin="lower", extent=extent, cmap="YlOrRd", norm=LogNorm(vmin=threshold, vmax=max(vmax, threshold + 1))
    )
    fig.colorbar(image, ax=ax, shrink=0.75, label=legend)
    ax.legend(handles=[Patch(color="#bdbdbd", label=suppressed_label)], loc="lower left", fontsize=8, frameon=False)
    ax.set_xlabel("km")
    ax.set_ylabel("km")
    ax.set_title(title, fontsize=11, loc="left")
    return to_png(fig)
