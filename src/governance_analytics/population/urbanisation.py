"""Degree of Urbanisation, level 1, on a population grid: urban centres, urban clusters, rural cells.

The method endorsed by the UN Statistical Commission (51st session, March 2020) and written up by
Eurostat, EC-JRC, FAO, ILO, OECD, UN-Habitat and the World Bank (2021) classifies every cell of a
1 km² population grid by density, contiguity and size; these are the grid cell types of its first
level (urban centre, urban cluster, rural grid cell).
Density is residents per km² of the cell, :math:`\\rho = P / a` with :math:`a` = ``cell_km2``.

**Urban centre** (high-density cluster), in this order:

1. *dense cells*: :math:`\\rho \\ge 1\\,500` per km²;
2. *contiguity*: dense cells sharing an edge (rook, four-point contiguity; diagonals do not count)
   form one group;
3. *size*: groups of at least 50 000 residents are kept;
4. *edge smoothing*: a cell outside every centre joins a centre when at least 5 of its 8 surrounding
   cells belong to that centre; repeated until no cell is added (iterative majority rule);
5. *gap filling*: holes of a centre smaller than 15 km² become part of it.

The size test (3) is on the dense group as found, before smoothing and filling, as flexurba's
reconstruction of GHS-SMOD does; Eurostat's glossary words it "after gap-filling" — the readings differ
only for a group just under 50 000 that smoothing or filling would lift over it. Smoothing comes
before filling (flexurba's order too) so that the result satisfies both rules: smoothing can close a
ring (a new gap, then filled) and can shrink a large gap below 15 km², while filling a hole never
gives an outside cell a new centre neighbour. Filled and smoothed cells belong to the centre whatever
their density, and its population is the sum over all its cells.
A hole is a group of cells outside the centre that the centre encloses, contiguous with diagonals
(the dual of the centre's edge contiguity; a gap that opens to the outside through a diagonal between
two centre cells is not a hole).

**Urban cluster** (moderate-density cluster): cells with :math:`\\rho \\ge 300` per km² contiguous
with diagonals (queen, eight-point contiguity) totalling at least 5 000 residents. Every urban
centre's dense cells lie inside one urban cluster.

**Class of a cell**: ``"urban_centre"`` if in an urban centre, else ``"urban_cluster"`` if in an urban
cluster, else ``"rural"`` (rural grid cell). A satellite town is its own urban centre, in its own
cluster or — when sprawl joins it to the city — in the city's cluster but still a separate centre;
sprawl is the part of the city's cluster (or, once dense and contiguous, of its centre) around it.

Not applied here, for want of data:

* *built-up area*: the manual lets cells with at least 50 % built-up area (on permanent land) count as
  dense for urban centres (GHS-SMOD uses it to bridge office parks, malls, factories, transport
  infrastructure); ``population_grid`` carries no built-up share, so only density decides;
* *permanent land*: the manual divides by the cell's permanent-land area, not its whole area; with no
  land share, density is residents per ``cell_km2``;
* the later GHS-SMOD (Data Package 2023) variant of the majority rule, which counts only land or
  populated neighbours and never adds water cells.

Positions missing from the grid (inside its row/column extent) count as cells with no residents: they
can be filled or smoothed into a centre, then add to its area but not to its population.

References
----------
Eurostat, EC-JRC, FAO, ILO, OECD, UN-Habitat, World Bank (2021). *Applying the Degree of
Urbanisation: a methodological manual to define cities, towns and rural areas for international
comparisons*, 2021 edition. Luxembourg: Publications Office of the EU. doi:10.2785/706535.
Dijkstra, L., Florczyk, A. J., Freire, S., Kemper, T., Melchiorri, M., Pesaresi, M., Schiavina, M.
(2021). Applying the Degree of Urbanisation to the globe: a new harmonised definition reveals a
different picture of global urbanisation. *Journal of Urban Economics* 125, 103312.
Schiavina, M., Melchiorri, M., Pesaresi, M. et al. (2022). *GHSL Data Package 2022* (GHS-SMOD:
4-connectivity, 3×3 conditional majority filtering, holes < 15 km² filled). JRC 129516.
Van Migerode, C., Poorthuis, A., Derudder, B. (2024). Flexurba: an open-source R package to flexibly
reconstruct the Degree of Urbanisation classification. *EPB: Urban Analytics and City Science*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

import numpy as np
import pandas as pd
from scipy import ndimage

from governance_analytics.population import _urban_morphology as morphology

__all__ = ["SETTLEMENT_CLASSES", "URBAN_CENTRE", "URBAN_CLUSTER", "DegreeOfUrbanisation", "degree_of_urbanisation"]

#: Cell classes, from the most to the least urban.
SETTLEMENT_CLASSES = ("urban_centre", "urban_cluster", "rural")


class _CentreRule(TypedDict):
    """The urban centre rule's settings (:data:`URBAN_CENTRE`)."""

    min_density: float
    min_population: float
    contiguity: str
    majority_of_8: int
    max_gap_km2: float


class _ClusterRule(TypedDict):
    """The urban cluster rule's settings (:data:`URBAN_CLUSTER`)."""

    min_density: float
    min_population: float
    contiguity: str


#: Urban centre rule: minimum density per km², minimum population, contiguity, smoothing and gap rules.
URBAN_CENTRE: _CentreRule = {
    "min_density": 1_500.0,
    "min_population": 50_000.0,
    "contiguity": "rook",
    "majority_of_8": 5,
    "max_gap_km2": 15.0,
}
#: Urban cluster rule: minimum density per km², minimum population, contiguity.
URBAN_CLUSTER: _ClusterRule = {"min_density": 300.0, "min_population": 5_000.0, "contiguity": "queen"}

_COLUMNS = ("cell_id", "year", "row", "col", "x", "y", "population")


@dataclass(frozen=True)
class DegreeOfUrbanisation:
    """Result of :func:`degree_of_urbanisation`.

    Attributes
    ----------
    cells : the input rows (same index and order) plus ``density`` (residents per km²),
        ``settlement`` (one of :data:`SETTLEMENT_CLASSES`), ``centre_id`` and ``cluster_id``
        (nullable integers; NA outside a centre / cluster)
    centres : one row per urban centre and year: ``year``, ``centre_id`` (1 = most populous that
        year), ``cluster_id`` (the urban cluster holding it), ``population``, ``n_cells``,
        ``area_km2`` (``n_cells · cell_km2``), ``x``, ``y`` (centroid: mean of its cell centres)
    clusters : one row per urban cluster and year: ``year``, ``cluster_id``, ``population``,
        ``n_cells``, ``area_km2``, ``x``, ``y``, ``n_centres`` (urban centres inside it)
    cell_km2 : cell area used for density and areas
    """

    cells: pd.DataFrame
    centres: pd.DataFrame
    clusters: pd.DataFrame
    cell_km2: float


def degree_of_urbanisation(pop_grid: pd.DataFrame, *, cell_km2: float = 1.0) -> DegreeOfUrbanisation:
    """Classify every cell of a population grid as urban centre, urban cluster or rural, per year.

    The rules are the module's (Eurostat et al. 2021, the grid cell types of level 1): urban centres
    are rook-contiguous cells of at least 1 500 residents/km² totalling at least 50 000, edges smoothed
    by the iterative 5-of-8 majority rule and gaps under 15 km² filled; urban clusters are
    queen-contiguous cells of at least 300 residents/km² totalling at least 5 000; all other cells are
    rural.

    Parameters
    ----------
    pop_grid
        A ``population_grid`` table: ``cell_id``, ``year``, ``row``, ``col`` (integer cell indices),
        ``x``, ``y`` (cell centre, metres), ``population``. Each year is classified on its own, over
        the row/column extent of the whole table; positions missing in a year have no residents.
    cell_km2
        Area of one cell in km² (1.0 for the standard 1 km grid); density is ``population / cell_km2``
        and a gap of ``n`` cells is filled when ``n · cell_km2 < 15``.

    Returns
    -------
    DegreeOfUrbanisation
        Per-cell classes, the urban centres and the urban clusters (see its attributes).

    Raises
    ------
    ValueError
        Missing columns, ``cell_km2 <= 0``, missing or negative populations, or a row/column position
        repeated within a year.
    """
    _check(pop_grid, cell_km2)
    year = pop_grid["year"].to_numpy(np.int64)
    row = pop_grid["row"].to_numpy(np.int64)
    col = pop_grid["col"].to_numpy(np.int64)
    population = pop_grid["population"].to_numpy(np.float64)
    if len(pop_grid):
        row, col = row - row.min(), col - col.min()
    shape = (int(row.max()) + 1, int(col.max()) + 1) if len(pop_grid) else (0, 0)
    x_of_col = _axis(col, pop_grid["x"].to_numpy(np.float64), shape[1])
    y_of_row = _axis(row, pop_grid["y"].to_numpy(np.float64), shape[0])

    centre_id = np.zeros(len(pop_grid), dtype=np.int64)
    cluster_id = np.zeros(len(pop_grid), dtype=np.int64)
    centre_tables, cluster_tables = [], []
    for y in np.unique(year):
        at = np.flatnonzero(year == y)
        grid = np.zeros(shape)
        grid[row[at], col[at]] = population[at]
        centre_map, cluster_map = _classify(grid, cell_km2=cell_km2)
        centre_id[at] = centre_map[row[at], col[at]]
        cluster_id[at] = cluster_map[row[at], col[at]]
        centres = _describe(centre_map, grid, x_of_col, y_of_row, cell_km2=cell_km2, name="centre_id")
        found_clusters = _describe(cluster_map, grid, x_of_col, y_of_row, cell_km2=cell_km2, name="cluster_id")
        peak = ndimage.maximum_position(grid, centre_map, index=centres["centre_id"].to_numpy())
        centres.insert(1, "cluster_id", np.array([cluster_map[p] for p in peak], dtype=np.int64))
        n_centres = centres["cluster_id"].value_counts()
        found_clusters["n_centres"] = found_clusters["cluster_id"].map(n_centres).fillna(0).astype("int64")
        centre_tables.append(centres.assign(year=np.int64(y)))
        cluster_tables.append(found_clusters.assign(year=np.int64(y)))

    settlement = np.select([centre_id > 0, cluster_id > 0], SETTLEMENT_CLASSES[:2], SETTLEMENT_CLASSES[2])
    cells = pop_grid.assign(
        density=population / cell_km2,
        settlement=settlement,
        centre_id=_nullable(centre_id, pop_grid.index),
        cluster_id=_nullable(cluster_id, pop_grid.index),
    )
    return DegreeOfUrbanisation(
        cells=cells,
        centres=_stack(centre_tables, ["year", "centre_id", "cluster_id"]),
        clusters=_stack(cluster_tables, ["year", "cluster_id"]),
        cell_km2=float(cell_km2),
    )


def _nullable(ids: np.ndarray, index: pd.Index) -> pd.Series:
    """Settlement ids as nullable integers, NA where 0 (no settlement)."""
    return pd.Series(ids, index=index, dtype="Int64").mask(ids == 0)


def _check(pop_grid: pd.DataFrame, cell_km2: float) -> None:
    """Raise a ValueError naming what is wrong with the input."""
    missing = [c for c in _COLUMNS if c not in pop_grid.columns]
    if missing:
        raise ValueError(f"pop_grid lacks column(s) {missing}; a population_grid table has {list(_COLUMNS)}")
    if not cell_km2 > 0:
        raise ValueError(f"cell_km2 must be positive, got {cell_km2!r}")
    bad = pop_grid["population"].isna() | (pop_grid["population"] < 0)
    if bad.any():
        first = pop_grid.index[bad.to_numpy()][0]
        raise ValueError(
            f"population must be a non-negative number; row {first!r} has "
            f"{pop_grid.loc[first, 'population']!r} ({int(bad.sum())} such rows)"
        )
    dup = pop_grid.duplicated(["year", "row", "col"])
    if dup.any():
        first = pop_grid.loc[dup.to_numpy()].iloc[0]
        raise ValueError(
            f"position (row={first['row']}, col={first['col']}) appears more than once in year "
            f"{first['year']} ({int(dup.sum())} repeated positions)"
        )


def _axis(index: np.ndarray, coordinate: np.ndarray, n: int) -> np.ndarray:
    """Cell-centre coordinate of every position 0..n-1 of one axis: the mean over the cells seen at that
    position, linearly interpolated where no cell was seen (a regular grid is linear in its index)."""
    if n == 0:
        return np.zeros(0)
    count = np.bincount(index, minlength=n)
    seen = np.flatnonzero(count)
    mean = np.bincount(index, weights=coordinate, minlength=n)[seen] / count[seen]
    return np.interp(np.arange(n), seen, mean)


def _classify(grid: np.ndarray, *, cell_km2: float) -> tuple[np.ndarray, np.ndarray]:
    """Label rasters of the urban centres and urban clusters of one year's population raster."""
    density = grid / cell_km2
    centres = morphology.clusters(
        density >= URBAN_CENTRE["min_density"],
        grid,
        structure=morphology.ROOK,
        min_population=URBAN_CENTRE["min_population"],
    )
    centres = morphology.smooth_majority(centres, min_neighbours=URBAN_CENTRE["majority_of_8"])
    centres = morphology.fill_gaps(centres, max_area=URBAN_CENTRE["max_gap_km2"], cell_area=cell_km2)
    centres = _renumber(centres, grid)
    urban_clusters = morphology.clusters(
        density >= URBAN_CLUSTER["min_density"],
        grid,
        structure=morphology.QUEEN,
        min_population=URBAN_CLUSTER["min_population"],
    )
    return centres, urban_clusters


def _renumber(labels: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Renumber settlements 1..k by decreasing population (smoothing and filling change the order)."""
    n = int(labels.max())
    if n == 0:
        return labels
    totals = ndimage.sum_labels(grid, labels, index=np.arange(1, n + 1))
    new_id = np.zeros(n + 1, dtype=labels.dtype)
    new_id[np.argsort(-totals, kind="stable") + 1] = np.arange(1, n + 1)
    return new_id[labels]


def _describe(
    labels: np.ndarray, grid: np.ndarray, x_of_col: np.ndarray, y_of_row: np.ndarray, *, cell_km2: float, name: str
) -> pd.DataFrame:
    """Population, cells, area and centroid of every settlement of a label raster."""
    n = int(labels.max())
    r, c = np.nonzero(labels)
    k = labels[r, c]
    n_cells = np.bincount(k, minlength=n + 1)[1:]
    return pd.DataFrame(
        {
            name: np.arange(1, n + 1, dtype=np.int64),
            "population": np.bincount(k, weights=grid[r, c], minlength=n + 1)[1:],
            "n_cells": n_cells.astype(np.int64),
            "area_km2": n_cells * cell_km2,
            "x": np.bincount(k, weights=x_of_col[c], minlength=n + 1)[1:] / np.maximum(n_cells, 1),
            "y": np.bincount(k, weights=y_of_row[r], minlength=n + 1)[1:] / np.maximum(n_cells, 1),
        }
    )


def _stack(tables: list[pd.DataFrame], first: list[str]) -> pd.DataFrame:
    """One table over the years, ``first`` columns leading (an empty table for an empty grid)."""
    if not tables:
        counts = [*first, "n_cells"] + (["n_centres"] if first[-1] == "cluster_id" else [])
        columns = [*first, "population", "n_cells", "area_km2", "x", "y", *counts[len(first) + 1 :]]
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in counts else "float64") for c in columns})
    table = pd.concat(tables, ignore_index=True)
    return table[first + [c for c in table.columns if c not in first]]
