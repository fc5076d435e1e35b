"""Point → unit cell at scale: ``UnitGrid.lookup`` beside ``geopandas.sjoin`` on the same grid.

The grid is the Demo City's size — 12 km × 11 km of 100 m cells, 13,200 cells — cut by ``build_cells``
from 132 community squares of 1 km² (two districts, eleven streets each) in UTM zone 50N.

1. ``build_cells``: polygons → numbered ``grid_cells`` table.
2. 10 million uniform random points → ``cell_id`` with ``UnitGrid.lookup`` (and row/col with ``locate``),
   beside the anchor ``geopandas.sjoin(points, cell_polygons, predicate="within")``. The anchor runs on
   all 10 million points when a 1 million trial projects it under ``SJOIN_BUDGET_S`` (about 45 s and
   4 GB of memory on a 2-core machine); otherwise on the 1 million subset, scaled per point. The ratio
   is the speed-up, anchor / ours (target ≥ 100). Both must give the same cell for every point.
3. ``assign_polygons`` (STRtree) of 1 million points to the 132 communities beside ``sjoin``.
"""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import shapely

from benchmarks._memory import peak_rss_mib as peak_mib
from benchmarks.foundation import best_of
from governance_analytics.grid import assign_polygons, build_cells, to_projected

CENTRE_LON, CENTRE_LAT, CRS = 117.25, 31.85, "EPSG:32650"  # the Demo City's centre
WIDTH_KM, HEIGHT_KM = 12, 11
N_POINTS = 10_000_000
N_TRIAL = 1_000_000
SJOIN_BUDGET_S = 240.0
SEED = 0


def demo_sized_communities() -> gpd.GeoDataFrame:
    """132 community squares of 1 km² around the Demo City's centre, west and east districts."""
    cx, cy = (round(float(v), -2) for v in to_projected(CENTRE_LON, CENTRE_LAT, CRS))
    x0, y0 = cx - WIDTH_KM * 500, cy - HEIGHT_KM * 500
    rows: list[tuple[str, str, str, shapely.Polygon]] = []
    for r in range(HEIGHT_KM):
        for c in range(WIDTH_KM):
            district = "鼓楼区" if c < WIDTH_KM // 2 else "中山区"
            rows.append(
                (
                    district,
                    f"{district}{r + 1}街道",
                    f"{district}{r + 1}街{c % 6 + 1}社区",
                    shapely.box(x0 + c * 1000, y0 + r * 1000, x0 + (c + 1) * 1000, y0 + (r + 1) * 1000),
                )
            )
    districts, streets, communities, boxes = zip(*rows)
    return gpd.GeoDataFrame(
        {"district": districts, "street": streets, "community": communities}, geometry=list(boxes), crs=CRS
    )


def main() -> None:
    rows: list[tuple[str, float, float | None, str]] = []
    area = demo_sized_communities()
    codes = {"district": {"鼓楼区": "990102", "中山区": "990103"}}
    build = best_of(lambda: build_cells(area, codes=codes))
    grid, cells = build_cells(area, codes=codes)
    rows.append(
        (
            f"build_cells: {len(area)} communities → {len(cells):,} cells",
            build,
            None,
            "100 m cells, validated grid_cells",
        )
    )

    rng = np.random.default_rng(SEED)
    x = rng.uniform(grid.x0, grid.x0 + grid.n_cols * grid.cell_size, N_POINTS)
    y = rng.uniform(grid.y0, grid.y0 + grid.n_rows * grid.cell_size, N_POINTS)
    ours = best_of(lambda: grid.lookup(cells, x, y))
    ids = grid.lookup(cells, x, y)
    locate = best_of(lambda: grid.locate(x, y))
    rows.append(
        (f"UnitGrid.lookup, {N_POINTS:,} points → cell_id", ours, None, f"{ours / N_POINTS * 1e9:.0f} ns/point")
    )
    rows.append(
        (f"UnitGrid.locate, {N_POINTS:,} points → row, col", locate, None, f"{locate / N_POINTS * 1e9:.0f} ns/point")
    )

    polygons = grid.polygons(cells)[["cell_id", "geometry"]]
    start = time.perf_counter()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=grid.crs)
    make_points = time.perf_counter() - start
    start = time.perf_counter()
    gpd.sjoin(points.iloc[:N_TRIAL], polygons, predicate="within")
    trial = time.perf_counter() - start
    n_anchor = N_POINTS if trial * N_POINTS / N_TRIAL < SJOIN_BUDGET_S else N_TRIAL
    start = time.perf_counter()
    joined = gpd.sjoin(points.iloc[:n_anchor], polygons, predicate="within")
    anchor = (time.perf_counter() - start) * N_POINTS / n_anchor
    expected = joined["cell_id"].sort_index()
    agree = int((ids.iloc[:n_anchor].to_numpy() == expected.reindex(range(n_anchor)).to_numpy()).sum())
    scope = "all points" if n_anchor == N_POINTS else f"{n_anchor:,}-point subset, scaled ×{N_POINTS // n_anchor}"
    rows.append(
        (
            f"  anchor: geopandas.sjoin(within), {N_POINTS:,} points",
            anchor,
            anchor / ours,
            f"anchor / ours; {scope}; same cell for {agree:,} of {n_anchor:,}; peak {peak_mib():,.0f} MiB",
        )
    )
    rows.append(
        (
            "  anchor + points_from_xy (start from x/y arrays)",
            anchor + make_points,
            (anchor + make_points) / ours,
            f"anchor / ours; points_from_xy {make_points:.1f} s",
        )
    )
    del points, joined, expected, polygons

    n = N_TRIAL
    mine = best_of(lambda: assign_polygons(x[:n], y[:n], area, columns=["community"]))
    got = assign_polygons(x[:n], y[:n], area, columns=["community"])
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x[:n], y[:n]), crs=grid.crs)
    start = time.perf_counter()
    joined = gpd.sjoin(points, area[["community", "geometry"]], predicate="within")
    anchor = time.perf_counter() - start
    same = int((got["community"].to_numpy() == joined["community"].sort_index().reindex(range(n)).to_numpy()).sum())
    rows.append((f"assign_polygons, {n:,} points → {len(area)} communities", mine, None, "STRtree + prepared polygons"))
    rows.append(
        (
            "  anchor: geopandas.sjoin(within), same points",
            anchor,
            anchor / mine,
            f"anchor / ours; same community for {same:,} of {n:,}",
        )
    )

    print(f"{'benchmark':<55} {'seconds':>9} {'ratio':>7}  note")
    for name, secs, ratio, note in rows:
        print(f"{name:<55} {secs:>9.2f} {'' if ratio is None else f'{ratio:.2f}':>7}  {note}")
