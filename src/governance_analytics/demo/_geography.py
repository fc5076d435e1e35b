"""The Demo City's geography: districts, streets, communities and the 100 m unit grid of the core.

示范市 / Demo City is fictional and sits in UTM zone 50N. Its urban core is a 12 km × 11 km square of
13,200 unit cells: two core districts inside a 3 km radius of the centre (鼓楼区 west, 中山区 east),
four central districts by quadrant around them. Streets and communities are Voronoi regions of
random seeds within their district, so every cell's community lies in one street of one district.
Satellite towns and outer counties (study 2) lie 15–60 km out and are described in ``population``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from governance_analytics.grid import UnitGrid, cell_codes, to_lonlat, to_projected

CENTRE_LON, CENTRE_LAT = 117.25, 31.85
CRS = "EPSG:32650"
CORE_RADIUS_M = 3000.0
WIDTH_M, HEIGHT_M = 12_000.0, 11_000.0

#: (code, Chinese name, English name, zone, number of streets) for the six grid districts.
DISTRICTS = (
    ("990102", "鼓楼区", "Gulou", "core", 4),
    ("990103", "中山区", "Zhongshan", "core", 4),
    ("990104", "东湖区", "Donghu", "central", 5),
    ("990105", "北辰区", "Beichen", "central", 5),
    ("990106", "西岭区", "Xiling", "central", 5),
    ("990107", "南江区", "Nanjiang", "central", 5),
)
COMMUNITIES_PER_STREET = (5, 8)

_STREET_NAMES = (
    "长安 解放 人民 和平 建设 文化 光明 新华 胜利 朝阳 东风 青年 复兴 友谊 团结 "
    "太平 永安 迎春 枫林 望江 滨河 花园 桂园 凤凰 金桥 银湖 翠微 龙泉 白沙 紫荆"
).split()
_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (n < 100)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class DemoGeography:
    """The Demo City's core: grid, cells (``grid_cells`` schema) and communities (``communities``)."""

    grid: UnitGrid
    cells: pd.DataFrame
    communities: pd.DataFrame
    centre_x: float
    centre_y: float

    @property
    def crs(self) -> str:
        assert self.grid.crs is not None  # the demo grid is built in :data:`CRS`
        return self.grid.crs

    def to_lonlat(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        return to_lonlat(x, y, self.crs)


def _district_of(dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Index into DISTRICTS of points at offsets (dx, dy) from the centre."""
    core = np.hypot(dx, dy) <= CORE_RADIUS_M
    quadrant = np.where(dx >= 0, np.where(dy >= 0, 2, 5), np.where(dy >= 0, 3, 4))
    return np.where(core, np.where(dx < 0, 0, 1), quadrant)


def build_geography(rng: np.random.Generator) -> DemoGeography:
    """Draw the Demo City's districts, streets, communities and grid from ``rng``."""
    cx, cy = (float(v) for v in to_projected(CENTRE_LON, CENTRE_LAT, CRS))
    bounds = (cx - WIDTH_M / 2, cy - HEIGHT_M / 2, cx + WIDTH_M / 2, cy + HEIGHT_M / 2)
    grid = UnitGrid.covering(bounds, crs=CRS, cell_size=100.0)
    cells = grid.all_cells()
    cells["district_idx"] = _district_of(cells["x"].to_numpy() - cx, cells["y"].to_numpy() - cy)

    street_rows, community_rows = [], []
    names = iter(rng.permutation(_STREET_NAMES))
    for d_idx, (d_code, d_name, _, zone, n_streets) in enumerate(DISTRICTS):
        in_d = cells[cells["district_idx"] == d_idx]
        picks = in_d.sample(n=n_streets, random_state=rng).sort_values(["row", "col"])
        for s_no, (_, s) in enumerate(picks.iterrows(), start=1):
            street_rows.append(
                {"district_idx": d_idx, "street_no": s_no, "street": f"{next(names)}街道", "x": s.x, "y": s.y}
            )
        n_comm = int(rng.integers(*COMMUNITIES_PER_STREET)) * n_streets
        seeds = in_d.sample(n=n_comm, random_state=rng)
        for _, c in seeds.iterrows():
            community_rows.append({"district_idx": d_idx, "x": c.x, "y": c.y})

    streets = pd.DataFrame(street_rows)
    comms = pd.DataFrame(community_rows)
    comms["street_idx"] = _nearest_within(comms, streets, "district_idx")
    comms = comms.sort_values(["street_idx", "y", "x"], ascending=[True, False, True]).reset_index(drop=True)
    comms["community_no"] = comms.groupby("street_idx").cumcount() + 1
    cells["community_idx"] = _nearest_within(cells, comms, "district_idx")
    return _assemble(grid, cells, streets, comms, rng, cx, cy)


def _nearest_within(points: pd.DataFrame, seeds: pd.DataFrame, group: str) -> np.ndarray:
    """Index (into ``seeds``) of each point's nearest seed with the same ``group`` value."""
    out = np.empty(len(points), dtype=np.int64)
    for g, idx in points.groupby(group).indices.items():
        candidates = np.flatnonzero(seeds[group].to_numpy() == g)
        tree = cKDTree(seeds.iloc[candidates][["x", "y"]].to_numpy())
        _, nearest = tree.query(points.iloc[idx][["x", "y"]].to_numpy())
        out[idx] = candidates[nearest]
    return out


def _assemble(grid, cells, streets, comms, rng, cx, cy) -> DemoGeography:
    district_code = np.array([d[0] for d in DISTRICTS])
    district_name = np.array([d[1] for d in DISTRICTS])
    zone = np.array([d[3] for d in DISTRICTS])

    s_idx = comms["street_idx"].to_numpy()
    comms["street"] = streets["street"].to_numpy()[s_idx]
    comms["district"] = district_name[comms["district_idx"]]
    comms["zone"] = zone[comms["district_idx"]]
    comms["street_no"] = streets["street_no"].to_numpy()[s_idx]
    comms["community_id"] = [
        f"{d}{s:03d}{c:03d}"
        for d, s, c in zip(district_code[comms["district_idx"]], comms["street_no"], comms["community_no"])
    ]
    comms["community"] = [
        f"{s.removesuffix('街道')}{_chinese_number(n)}社区" for s, n in zip(comms["street"], comms["community_no"])
    ]

    cells = cells.sort_values(["community_idx", "row", "col"], ascending=[True, False, True]).reset_index(
        drop=True
    )  # north-west first
    c_idx = cells["community_idx"].to_numpy()
    seq = cells.groupby("community_idx").cumcount().to_numpy() + 1
    cells["cell_id"] = cell_codes(
        district_code[cells["district_idx"]],
        comms["street_no"].to_numpy()[c_idx],
        comms["community_no"].to_numpy()[c_idx],
        seq,
    )
    cells["district"] = comms["district"].to_numpy()[c_idx]
    cells["street"] = comms["street"].to_numpy()[c_idx]
    cells["community"] = comms["community"].to_numpy()[c_idx]

    n_cells = np.bincount(c_idx, minlength=len(comms))
    comms["area_km2"] = n_cells * grid.cell_size**2 / 1e6
    density = np.where(comms["zone"] == "core", 24_000.0, 14_000.0)
    comms["population"] = np.round(comms["area_km2"] * density * rng.lognormal(0.0, 0.25, len(comms))).astype("int64")
    comms["x"], comms["y"] = cells.groupby("community_idx")[["x", "y"]].mean().to_numpy().T

    cell_cols = ["cell_id", "row", "col", "x", "y", "district", "street", "community"]
    comm_cols = ["community_id", "community", "street", "district", "zone", "x", "y", "area_km2", "population"]
    cells = cells.sort_values(["row", "col"]).reset_index(drop=True)[cell_cols]
    return DemoGeography(grid, cells, comms[comm_cols].copy(), cx, cy)
