"""Label-raster morphology of the Degree of Urbanisation: contiguous clusters, majority-rule edge
smoothing and gap filling of urban centres.

A *label raster* is a 2-D integer array: 0 outside every settlement, ``k > 0`` inside settlement
``k``. The functions return new arrays; their inputs are never modified.

Contiguity: *rook* (four-point, edges only) groups the cells of an urban centre, *queen* (eight-point,
diagonals too) those of an urban cluster. The holes of a rook-connected centre are the queen-connected
components of the cells around it (the topological dual), so a gap that opens to the outside only
through a diagonal between two centre cells is not a hole.

References: Eurostat et al. (2021) *Applying the Degree of Urbanisation* (grid cell classification);
Schiavina, M. et al. (2022) *GHSL Data Package 2022*, JRC 129516 (GHS-SMOD); Van Migerode, C. et al.
(2024) flexurba.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

__all__ = ["QUEEN", "ROOK", "clusters", "fill_gaps", "smooth_majority"]

#: scipy.ndimage structuring elements: four-point (edges) and eight-point (edges and corners) contiguity.
ROOK = ndimage.generate_binary_structure(2, 1)
QUEEN = ndimage.generate_binary_structure(2, 2)

_OFFSETS = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]


def clusters(mask: np.ndarray, population: np.ndarray, *, structure: np.ndarray, min_population: float) -> np.ndarray:
    """Contiguous groups of ``mask`` cells whose total ``population`` reaches ``min_population``.

    Returns a label raster numbered 1..k by decreasing population (ties: first in row-major order).
    """
    labels, n = ndimage.label(mask, structure=structure)
    if n == 0:
        return labels
    totals = ndimage.sum_labels(population, labels, index=np.arange(1, n + 1))
    kept = np.flatnonzero(totals >= min_population)
    order = kept[np.argsort(-totals[kept], kind="stable")]
    new_id = np.zeros(n + 1, dtype=labels.dtype)
    new_id[order + 1] = np.arange(1, order.size + 1)
    return new_id[labels]


def smooth_majority(labels: np.ndarray, *, min_neighbours: int = 5) -> np.ndarray:
    """Iterative majority rule: a cell outside every centre joins a centre when at least
    ``min_neighbours`` of its eight surrounding cells belong to that same centre; repeated, on the
    cells next to those just added, until no cell is added.

    Each round is decided on the labels at its start (a synchronous update). Positions beyond the
    raster count as outside every centre. ``min_neighbours`` must exceed 4, so at most one centre can
    hold the majority: it is then the median of the eight sorted neighbour labels.
    """
    if min_neighbours <= 4:
        raise ValueError(f"min_neighbours must be at least 5 (a majority of 8), got {min_neighbours}")
    n_rows, n_cols = labels.shape
    width = n_cols + 2
    padded = np.pad(labels, 1).ravel()  # a border of zeros: "outside every centre"
    offsets = np.array([dr * width + dc for dr, dc in _OFFSETS])
    inside = np.zeros((n_rows + 2, width), dtype=bool)
    inside[1:-1, 1:-1] = True
    inside = inside.ravel()

    # first round: every free cell touching a centre
    touching = ndimage.binary_dilation(labels > 0, structure=QUEEN) & (labels == 0)
    r, c = np.nonzero(touching)
    candidates = (r + 1) * width + (c + 1)
    while candidates.size:
        neighbours = padded[candidates[:, None] + offsets]
        majority = np.sort(neighbours, axis=1)[:, 3]
        votes = (neighbours == majority[:, None]).sum(axis=1)
        join = (majority > 0) & (votes >= min_neighbours)
        added, added_label = candidates[join], majority[join]
        padded[added] = added_label
        # next round: free in-raster cells around the cells just added
        around = np.unique((added[:, None] + offsets).ravel())
        candidates = around[inside[around] & (padded[around] == 0)]
    return padded.reshape(n_rows + 2, width)[1:-1, 1:-1].copy()


def fill_gaps(labels: np.ndarray, *, max_area: float, cell_area: float = 1.0) -> np.ndarray:
    """Fill each centre's holes smaller than ``max_area`` (a hole of ``n`` cells has area ``n · cell_area``).

    A hole of centre ``k`` is a queen-connected group of cells outside ``k`` that is enclosed by ``k``:
    it does not reach the edge of ``k``'s bounding box, beyond which lies the outside. It is filled
    when smaller than ``max_area`` and free of every other centre (a centre enclosed by another is not
    a gap).
    """
    out = labels.copy()
    for k, window in enumerate(ndimage.find_objects(labels), start=1):
        if window is None:
            continue
        part = out[window]  # a view: filling it fills ``out``
        # a ring of "outside" around the centre's bounding box; the ring's component is the outside
        padded, _ = ndimage.label(np.pad(part != k, 1, constant_values=True), structure=QUEEN)
        outside, background = padded[0, 0], padded[1:-1, 1:-1]
        size = np.bincount(background.ravel())
        taken = np.bincount(background.ravel(), weights=(part > 0).ravel(), minlength=size.size)
        holes = [h for h in range(1, size.size) if h != outside and size[h] * cell_area < max_area and taken[h] == 0]
        if holes:
            part[np.isin(background, holes)] = k
    return out
