"""Demo City cases: three years of grid-management cases with planted hot spots, a pilot and a slowdown.

Cases are drawn as Poisson counts on the cell × month × big-class cube, with intensity

    λ[c, m, k] = B · share_k · s[c] · season_k[m] · trend[m] · pilot[c, m, k]

where ``s`` is a smooth, population-weighted spatial field (mean 1), plus planted *extra* cases of one
subcategory in hot-spot clusters. Every case then walks the six stages of grid management —
上报 → 立案 → 派遣 → 处置 → 反馈 → 核查结案 — with department-specific handling times, due times by
class, reworks after failed verification, and cases still open at the end of the data.

What is planted (and written to the manifest):

- ``hotspots``: clusters of extra cases of one subcategory — persistent (all months), new (the final
  quarter only), consecutive (the final three quarters), intensifying (hot from the start and rising
  linearly) and diminishing (falling linearly after a crackdown from 2024-01), each with the
  emerging-hot-spot category it should be found as on the quarterly space-time cube (12 steps).
- ``pilot``: autonomous sweepers on the demonstration roads (无人作业示范路段) of one street from
  ``PILOT_START``: the intensity of 市容环境 events in its cells is multiplied by ``PILOT_EFFECT``.
- ``slowdown``: one department's handling time is multiplied by ``SLOWDOWN_FACTOR`` in the last quarter.
- ``coldspot``: the lakeside park, where the background intensity is multiplied by a small factor.
- ``expected_cases``: each cell's expected number of cases over the three years (the background and
  the hot spots' extra cases, before the pile-up), against which any map of hot and cold spots can
  be judged.
- ``pileup``: a share of hotline cases geocoded to the city hall's point (a geocoder's default).
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import pandas as pd
from scipy.ndimage import gaussian_filter

from governance_analytics.demo._geography import DemoGeography

START, END = pd.Timestamp("2023-01-01"), pd.Timestamp("2025-12-31 23:59:59")
N_MONTHS = 36
EXPECTED_BACKGROUND = 290_000
ANNUAL_GROWTH = 0.06

#: big class → (case type, share of background cases, subcategories, department, time limit in hours)
CLASSES = {
    ("部件", "公用设施"): (0.075, "上水井盖 污水井盖 雨水井盖 电力井盖 通信井盖 路灯 消防栓", "市政设施管理处", 72),
    ("部件", "道路交通"): (0.055, "交通信号灯 交通标志牌 护栏 公交站亭 路名牌 停车泊位", "交通运输局", 72),
    ("部件", "市容环境"): (0.060, "垃圾箱 公共厕所 环卫设施 公共座椅 广告牌匾", "环境卫生管理处", 48),
    ("部件", "园林绿化"): (0.045, "行道树 绿地 花坛 树池 护树设施", "园林绿化局", 72),
    ("部件", "房屋土地"): (0.020, "危房 房屋外立面 空置场地", "住房和城乡建设局", 120),
    ("部件", "其他设施"): (0.025, "健身设施 监控电子眼 雕塑 公共信息屏", "市政设施管理处", 120),
    ("事件", "市容环境"): (0.240, "暴露垃圾 积存垃圾渣土 道路不洁 水域不洁 绿地脏乱 乱堆物料", "环境卫生管理处", 24),
    ("事件", "宣传广告"): (0.090, "非法小广告 违规张贴悬挂 占道广告牌 街头散发广告", "城市管理综合执法大队", 24),
    ("事件", "施工管理"): (0.060, "施工扰民 工地扬尘 施工未围挡 渣土运输撒漏", "住房和城乡建设局", 48),
    ("事件", "突发事件"): (0.030, "路面塌陷 自来水管破裂 下水道堵塞 道路积水 道路积雪结冰", "应急管理局", 8),
    ("事件", "街面秩序"): (
        0.230,
        "无照经营游商 占道经营 店外经营 机动车乱停放 非机动车乱停放 露天烧烤",
        "城市管理综合执法大队",
        24,
    ),
    ("事件", "其他事件"): (0.070, "私搭乱建 噪声扰民 油烟污染 违法建设", "街道办事处", 72),
}
#: Seasonal amplitude (peak in July) per big class: summer raises street order and sanitation cases.
SEASONAL_AMPLITUDE = {"市容环境": 0.25, "街面秩序": 0.30, "突发事件": 0.20, "施工管理": 0.15}

CHANNELS = {
    "监督员巡查": 0.52,
    "12345热线": 0.22,
    "市民APP": 0.11,
    "视频智能识别": 0.10,
    "领导交办": 0.03,
    "媒体曝光": 0.02,
}

#: Median handling hours (派遣 → 处置) per department before the planted slowdown.
HANDLING_MEDIAN_H = {
    "市政设施管理处": 20.0,
    "交通运输局": 26.0,
    "环境卫生管理处": 8.0,
    "园林绿化局": 30.0,
    "住房和城乡建设局": 40.0,
    "城市管理综合执法大队": 7.0,
    "应急管理局": 1.5,
    "街道办事处": 36.0,
}
NOT_FILED_SHARE = 0.06
REWORK_PROBABILITY = 0.05
STUCK_OPEN_SHARE = 0.004

#: (kind, subcategory, big class key, centre offset from the city centre in metres, radius m, extra
#:  cases per cell per month at full strength, first month index, last month index). ``kind`` names the
#:  ArcGIS Pro emerging-hot-spot category the pattern should be found as (``<kind> hot spot``) on the
#:  quarterly cube: "new" is hot in the final quarter only, "consecutive" in the final three.
HOTSPOTS = (
    ("persistent", "占道经营", ("事件", "街面秩序"), (-1800.0, 900.0), 350.0, 2.0, 0, 35),
    ("persistent", "占道经营", ("事件", "街面秩序"), (3500.0, -2600.0), 350.0, 2.0, 0, 35),
    ("new", "施工扰民", ("事件", "施工管理"), (-3900.0, -3100.0), 300.0, 2.0, 33, 35),
    ("consecutive", "工地扬尘", ("事件", "施工管理"), (4300.0, 1200.0), 300.0, 2.0, 27, 35),
    ("intensifying", "暴露垃圾", ("事件", "市容环境"), (2600.0, 3400.0), 300.0, 3.0, 0, 35),
    ("diminishing", "非法小广告", ("事件", "宣传广告"), (-4200.0, 3300.0), 300.0, 3.0, 0, 35),
)
#: The diminishing hot spot follows an intervention: a crackdown on illegal small ads (小广告专项整治)
#: from this month index (2024-01), after which its extra cases fall linearly to this share.
CRACKDOWN_MONTH = 12
CRACKDOWN_FLOOR = 0.2
#: The intensifying hot spot is a hot spot from the first month that grows: its extra cases rise
#: linearly from this share of full strength to full strength in the last month. (ArcGIS's
#: intensifying category asks for a hot spot in at least 90 % of the time steps and a rising trend;
#: a spot that starts from nothing is, in its first quarters, no hot spot at all.)
INTENSIFYING_START = 0.3


class _ColdSpot(TypedDict):
    """The planted cold spot: its name, centre offset from the city centre (m), radius (m), intensity factor."""

    name: str
    offset: tuple[float, float]
    radius_m: float
    factor: float


#: A cold spot: the lakeside park (湖滨公园) — few people, few cases: background intensity × factor.
COLD_SPOT: _ColdSpot = {"name": "湖滨公园", "offset": (1000.0, -4200.0), "radius_m": 800.0, "factor": 0.1}
PILOT_START = pd.Timestamp("2024-07-01")
PILOT_EFFECT = 0.65
PILOT_NAME = "无人清扫车示范路段"
PILOT_CLASS = ("事件", "市容环境")
SLOWDOWN_DEPARTMENT = "园林绿化局"
SLOWDOWN_START = pd.Timestamp("2025-10-01")
SLOWDOWN_FACTOR = 3.0
PILEUP_SHARE_OF_HOTLINE = 0.02
#: Procedural defects planted in closed case files for the case-file review, ``N_DEFECTS`` each.
PROCEDURAL_DEFECTS = ("missing_stage", "out_of_order", "closed_without_verification", "implausibly_fast")
N_DEFECTS = 30


def generate(geo: DemoGeography, rng: np.random.Generator) -> tuple[dict[str, pd.DataFrame], dict]:
    """Cases of the Demo City (``cases`` schema) and the truth planted in them."""
    cells = geo.cells
    keys = list(CLASSES)
    months = pd.date_range(START, periods=N_MONTHS, freq="MS")
    pilot_street = _pilot_street(geo)

    spatial = _spatial_field(geo, rng)
    lam = _background_intensity(spatial, months, keys)
    cold = _within(geo, COLD_SPOT["offset"], COLD_SPOT["radius_m"])
    lam[cold] *= COLD_SPOT["factor"]
    pilot_cells = (cells["street"] == pilot_street).to_numpy()
    after = months >= PILOT_START
    lam[np.ix_(pilot_cells, after, [keys.index(PILOT_CLASS)])] *= PILOT_EFFECT

    counts = rng.poisson(lam)
    c_idx, m_idx, k_idx = np.nonzero(counts)
    n = counts[c_idx, m_idx, k_idx]
    frame = pd.DataFrame({"cell": np.repeat(c_idx, n), "month": np.repeat(m_idx, n), "key": np.repeat(k_idx, n)})
    frame["subcategory"] = _draw_subcategories(frame["key"].to_numpy(), keys, rng)

    extra, hotspot_truth = _hotspot_cases(geo, keys, rng)
    expected = lam.sum(axis=(1, 2))
    for spot in hotspot_truth:
        expected[cells["cell_id"].isin(spot["cell_ids"]).to_numpy()] += spot["extra_per_cell_month"] * sum(
            spot["strength"]
        )
    frame = pd.concat([frame, extra], ignore_index=True)

    cases = _describe(frame, geo, keys, months, rng)
    cases, pileup_truth = _pile_up(cases, geo, rng)
    cases = _lifecycle(cases, rng)
    cases = cases.sort_values("created_at", kind="stable").reset_index(drop=True)
    cases.insert(0, "case_id", [f"SF{t:%Y%m%d}{i:07d}" for i, t in enumerate(cases["created_at"])])
    cases, defect_truth = _procedural_defects(cases, rng)
    truth = {
        "period": [str(START.date()), str(END.date())],
        "n_cases": int(len(cases)),
        "hotspots": hotspot_truth,
        "coldspot": {
            "name": COLD_SPOT["name"],
            "factor": COLD_SPOT["factor"],
            "radius_m": COLD_SPOT["radius_m"],
            "expected_category": "persistent cold spot",
            "centre_x": float(geo.centre_x + COLD_SPOT["offset"][0]),
            "centre_y": float(geo.centre_y + COLD_SPOT["offset"][1]),
            "cell_ids": sorted(cells["cell_id"][cold].tolist()),
        },
        "pilot": {
            "street": pilot_street,
            "start": str(PILOT_START.date()),
            "case_type": PILOT_CLASS[0],
            "category": PILOT_CLASS[1],
            "effect_multiplier": PILOT_EFFECT,
            "n_cells": int(pilot_cells.sum()),
        },
        "slowdown": {
            "department": SLOWDOWN_DEPARTMENT,
            "start": str(SLOWDOWN_START.date()),
            "handling_time_multiplier": SLOWDOWN_FACTOR,
        },
        "pileup": pileup_truth,
        "procedural_defects": defect_truth,
        "annual_growth": ANNUAL_GROWTH,
        "expected_cases": dict(zip(cells["cell_id"], np.round(expected, 4).tolist())),
    }
    interventions = pd.DataFrame(
        {
            "intervention": PILOT_NAME,
            "cell_id": cells["cell_id"][pilot_cells].sort_values().to_numpy(),
            "start": PILOT_START,
            "case_type": PILOT_CLASS[0],
            "category": PILOT_CLASS[1],
            "description": f"{pilot_street}无人作业示范路段：无人驾驶清扫车",
        }
    ).astype({"start": "datetime64[us]"})
    return {"cases": cases[list(COLUMNS)], "interventions": interventions}, truth


def _procedural_defects(cases: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Break the record of a few closed cases the way a case-file review (案卷审查) should catch.

    Disjoint sets of ``N_DEFECTS`` closed cases each: a missing dispatch time, handling recorded
    before dispatch, closure without a handling-feedback record to verify, and a whole lifecycle
    squeezed into five minutes. Only timestamps change, so counts and places are untouched.
    """
    closed = np.flatnonzero(cases["status"].to_numpy() == "closed")
    chosen = rng.choice(closed, size=len(PROCEDURAL_DEFECTS) * N_DEFECTS, replace=False)
    out = cases.copy()
    truth = {}
    for i, defect in enumerate(PROCEDURAL_DEFECTS):
        rows = np.sort(chosen[i * N_DEFECTS : (i + 1) * N_DEFECTS])
        truth[defect] = out["case_id"].iloc[rows].tolist()
        if defect == "missing_stage":
            out.loc[rows, "dispatched_at"] = pd.NaT
        elif defect == "out_of_order":
            out.loc[rows, ["dispatched_at", "handled_at"]] = out.loc[rows, ["handled_at", "dispatched_at"]].to_numpy()
        elif defect == "closed_without_verification":
            out.loc[rows, "feedback_at"] = pd.NaT
        else:  # implausibly_fast
            stages = ["filed_at", "dispatched_at", "handled_at", "feedback_at", "closed_at"]
            for minutes, stage in enumerate(stages, start=1):
                out.loc[rows, stage] = out.loc[rows, "created_at"] + pd.Timedelta(minutes=minutes)
            out.loc[rows, "n_rework"] = 0
    return out, truth


#: The columns of the Demo City's ``cases`` table, in order (also those of its 数字城管 export).
COLUMNS = (
    "case_id",
    "case_type",
    "category",
    "subcategory",
    "channel",
    "department",
    "district",
    "street",
    "community",
    "cell_id",
    "lon",
    "lat",
    "x",
    "y",
    "created_at",
    "filed_at",
    "dispatched_at",
    "handled_at",
    "feedback_at",
    "closed_at",
    "due_at",
    "n_rework",
    "status",
)


def _pilot_street(geo: DemoGeography) -> str:
    """The demonstration street: the central-district street whose centre is nearest the city centre."""
    comms = geo.communities[geo.communities["zone"] == "central"]
    centres = comms.groupby("street")[["x", "y"]].mean()
    d = np.hypot(centres["x"] - geo.centre_x, centres["y"] - geo.centre_y)
    return str(d.idxmin())


def _within(geo: DemoGeography, offset: tuple[float, float], radius: float) -> np.ndarray:
    """Cells whose centre lies within ``radius`` metres of the city centre + ``offset``."""
    dx = geo.cells["x"].to_numpy() - geo.centre_x - offset[0]
    dy = geo.cells["y"].to_numpy() - geo.centre_y - offset[1]
    return np.hypot(dx, dy) <= radius


def _spatial_field(geo: DemoGeography, rng: np.random.Generator) -> np.ndarray:
    """Smooth log-normal field times residential density, normalised to mean 1 over the cells."""
    grid, cells = geo.grid, geo.cells
    noise = gaussian_filter(rng.normal(size=(grid.n_rows, grid.n_cols)), sigma=4.0)
    noise = noise / noise.std()
    field = np.exp(0.5 * noise[cells["row"], cells["col"]])
    density = geo.communities.set_index("community")
    density = (density["population"] / density["area_km2"]).reindex(cells["community"]).to_numpy()
    field = field * (density / density.mean()) ** 0.7
    return field / field.mean()


def _background_intensity(spatial: np.ndarray, months: pd.DatetimeIndex, keys: list) -> np.ndarray:
    month_of_year = months.month.to_numpy()
    trend = (1.0 + ANNUAL_GROWTH) ** (np.arange(len(months)) / 12.0)
    per_month = EXPECTED_BACKGROUND / trend.sum()
    seasonal = np.stack(
        [1.0 + SEASONAL_AMPLITUDE.get(k[1], 0.05) * np.cos(2 * np.pi * (month_of_year - 7) / 12) for k in keys], axis=1
    )
    shares = np.array([CLASSES[k][0] for k in keys])
    temporal = per_month * trend[:, None] * seasonal * shares[None, :]
    return spatial[:, None, None] / len(spatial) * temporal[None, :, :]


def _draw_subcategories(key_idx: np.ndarray, keys: list, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(len(key_idx), dtype=object)
    for k, key in enumerate(keys):
        subs = CLASSES[key][1].split()
        where = np.flatnonzero(key_idx == k)
        p = np.linspace(2.0, 1.0, len(subs))
        out[where] = rng.choice(subs, size=len(where), p=p / p.sum())
    return out


def _hotspot_strength(kind: str, first: int, last: int) -> np.ndarray:
    """Share of full strength per month: a ramp up from :data:`INTENSIFYING_START` for
    intensifying; for diminishing, full until the
    crackdown, then falling linearly to :data:`CRACKDOWN_FLOOR` by the last month; else constant."""
    m = np.arange(N_MONTHS, dtype=float)
    active = (m >= first) & (m <= last)
    after = np.clip((m - CRACKDOWN_MONTH) / (N_MONTHS - 1 - CRACKDOWN_MONTH), 0.0, 1.0)
    ramp = {
        "intensifying": INTENSIFYING_START + (1.0 - INTENSIFYING_START) * m / (N_MONTHS - 1),
        "diminishing": 1.0 - (1.0 - CRACKDOWN_FLOOR) * after,
    }
    return np.where(active, ramp.get(kind, np.ones(N_MONTHS)), 0.0)


def _hotspot_cases(geo: DemoGeography, keys: list, rng: np.random.Generator) -> tuple[pd.DataFrame, list]:
    frames, truth = [], []
    for kind, sub, key, (ox, oy), radius, rate, first, last in HOTSPOTS:
        in_spot = np.flatnonzero(_within(geo, (ox, oy), radius))
        lam = rate * np.outer(np.ones(len(in_spot)), _hotspot_strength(kind, first, last))
        counts = rng.poisson(lam)
        c, m = np.nonzero(counts)
        n = counts[c, m]
        frames.append(
            pd.DataFrame(
                {"cell": np.repeat(in_spot[c], n), "month": np.repeat(m, n), "key": keys.index(key), "subcategory": sub}
            )
        )
        truth_extra = {"strength": np.round(_hotspot_strength(kind, first, last), 6).tolist()}
        if kind == "diminishing":
            truth_extra |= {
                "intervention": "小广告专项整治",
                "intervention_start": str((START + pd.DateOffset(months=CRACKDOWN_MONTH)).date()),
                "floor": CRACKDOWN_FLOOR,
            }
        truth.append(
            {
                "kind": kind,
                "expected_category": f"{kind} hot spot",
                **truth_extra,
                "case_type": key[0],
                "category": key[1],
                "subcategory": sub,
                "centre_x": float(geo.centre_x + ox),
                "centre_y": float(geo.centre_y + oy),
                "radius_m": radius,
                "extra_per_cell_month": rate,
                "first_month": str((START + pd.DateOffset(months=first)).date()),
                "last_month": str((START + pd.DateOffset(months=last)).date()),
                "cell_ids": sorted(geo.cells["cell_id"].iloc[in_spot].tolist()),
            }
        )
    return pd.concat(frames, ignore_index=True), truth


def _describe(
    frame: pd.DataFrame, geo: DemoGeography, keys: list, months: pd.DatetimeIndex, rng: np.random.Generator
) -> pd.DataFrame:
    """Attributes of each case: class, place within its cell, report time, channel, department."""
    n = len(frame)
    cells = geo.cells.iloc[frame["cell"].to_numpy()]
    half = geo.grid.cell_size / 2
    x = cells["x"].to_numpy() + rng.uniform(-half, half, n)
    y = cells["y"].to_numpy() + rng.uniform(-half, half, n)
    lon, lat = geo.to_lonlat(x, y)
    k = frame["key"].to_numpy()
    attribute = lambda i: np.array([CLASSES[key][i] if i >= 0 else key[i + 2] for key in keys])[k]  # noqa: E731
    return pd.DataFrame(
        {
            "case_type": attribute(-2),
            "category": attribute(-1),
            "subcategory": frame["subcategory"].to_numpy(),
            "channel": rng.choice(list(CHANNELS), size=n, p=np.array(list(CHANNELS.values())) / sum(CHANNELS.values())),
            "department": attribute(2),
            "district": cells["district"].to_numpy(),
            "street": cells["street"].to_numpy(),
            "community": cells["community"].to_numpy(),
            "cell_id": cells["cell_id"].to_numpy(),
            "lon": np.round(lon, 6),
            "lat": np.round(lat, 6),
            "x": np.round(x, 1),
            "y": np.round(y, 1),
            "created_at": _report_times(months[frame["month"].to_numpy()], rng),
            "limit_h": attribute(3).astype(float),
        }
    )


def _report_times(month_start: pd.DatetimeIndex, rng: np.random.Generator) -> pd.Series:
    """Uniform day within the month (weekends at 0.7 weight), hour peaking in the working day."""
    n = len(month_start)
    days_in_month = month_start.days_in_month.to_numpy()
    day = np.floor(rng.uniform(0, 1, n) * days_in_month).astype(int)
    weekend = ((month_start.day_of_week.to_numpy() + day) % 7) >= 5
    redraw = weekend & (rng.uniform(size=n) < 0.3)
    day[redraw] = np.floor(rng.uniform(0, 1, redraw.sum()) * days_in_month[redraw]).astype(int)
    hour = np.clip(rng.normal(13.0, 3.5, n), 0, 23.99)
    seconds = np.round(hour * 3600).astype("int64")
    return pd.Series(month_start + pd.to_timedelta(day, "D") + pd.to_timedelta(seconds, "s")).astype("datetime64[us]")


def _pile_up(cases: pd.DataFrame, geo: DemoGeography, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Geocode a share of hotline cases to the city hall point (the geocoder's default)."""
    hotline = np.flatnonzero(cases["channel"].to_numpy() == "12345热线")
    chosen = hotline[rng.uniform(size=len(hotline)) < PILEUP_SHARE_OF_HOTLINE]
    x, y = round(geo.centre_x, 1), round(geo.centre_y, 1)
    lon, lat = geo.to_lonlat(x, y)
    cell = geo.grid.lookup(geo.cells, [x], [y]).iloc[0]
    row = geo.cells.set_index("cell_id").loc[cell]
    cases = cases.copy()
    cols = ["x", "y", "lon", "lat", "cell_id", "district", "street", "community"]
    cases.loc[chosen, cols] = [
        x,
        y,
        round(float(lon), 6),
        round(float(lat), 6),
        cell,
        row.district,
        row.street,
        row.community,
    ]
    return cases, {
        "lon": round(float(lon), 6),
        "lat": round(float(lat), 6),
        "x": x,
        "y": y,
        "cell_id": cell,
        "n_cases": int(len(chosen)),
    }


def _hours(rng: np.random.Generator, median: np.ndarray | float, n: int, sigma: float = 0.8) -> np.ndarray:
    return np.asarray(median) * rng.lognormal(0.0, sigma, n)


def _lifecycle(cases: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Stage timestamps 立案, 派遣, 处置, 反馈, 核查结案 and the due time; later than END → still open."""
    n = len(cases)
    reported = cases["created_at"]
    td = lambda h: pd.to_timedelta(np.round(np.asarray(h) * 3600), "s")  # noqa: E731
    filed = reported + td(_hours(rng, 0.4, n))
    dispatched = filed + td(_hours(rng, 0.3, n))
    median = cases["department"].map(HANDLING_MEDIAN_H).to_numpy()
    slow = (cases["department"] == SLOWDOWN_DEPARTMENT).to_numpy() & (reported >= SLOWDOWN_START).to_numpy()
    median = np.where(slow, median * SLOWDOWN_FACTOR, median)
    n_rework = rng.geometric(1 - REWORK_PROBABILITY, n) - 1
    handled = dispatched + td(_hours(rng, median, n) * (1 + n_rework))
    feedback = handled + td(_hours(rng, 0.5, n))
    closed = feedback + td(_hours(rng, 2.0, n))
    due = filed + td(cases["limit_h"].to_numpy())

    not_filed = rng.uniform(size=n) < NOT_FILED_SHARE
    stuck = rng.uniform(size=n) < STUCK_OPEN_SHARE
    out = cases.drop(columns="limit_h").copy()
    stages = {
        "filed_at": filed,
        "dispatched_at": dispatched,
        "handled_at": handled,
        "feedback_at": feedback,
        "closed_at": closed,
    }
    for name, ts in stages.items():
        ts = ts.where(~not_filed & (ts <= END))
        if name in ("feedback_at", "closed_at"):
            ts = ts.where(~stuck)
        out[name] = ts.astype("datetime64[us]")
    out["due_at"] = due.where(out["filed_at"].notna()).astype("datetime64[us]")
    out["n_rework"] = pd.array(np.where(out["closed_at"].notna(), n_rework, 0), dtype="Int64")
    out["status"] = np.select([not_filed, out["closed_at"].notna()], ["not_filed", "closed"], "open")
    return out
