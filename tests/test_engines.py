"""The space-time cube (``engines.aggregate_cases``): a hand-worked example, engine equality, a cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from governance_analytics.engines import ENGINES, aggregate_cases
from governance_analytics.grid import UnitGrid

T = pd.Timestamp
JAN, FEB = T("2024-01-01"), T("2024-02-01")

#: 3 × 3 grid of 100 m cells with its lower-left corner at the origin.
TINY_GRID = UnitGrid(x0=0.0, y0=0.0, cell_size=100.0, n_rows=3, n_cols=3, crs=None)


@pytest.fixture
def tiny() -> pd.DataFrame:
    """Eight cases; five fall in the cube.

    ===  ====  ====  ================  ================  ==========  =================================
    id   x     y     created_at        closed_at         spatial_ok  cell (row, col) / why left out
    ===  ====  ====  ================  ================  ==========  =================================
    a    50    50    2024-01-05 08:00  2024-01-06 14:00  True        (0, 0), closed after 30 h
    b    150   250   2024-01-20 10:00  —                 True        (2, 1)
    c    150   250   2024-02-03 09:00  2024-02-03 11:00  True        (2, 1), closed after 2 h
    d    250   50    2024-02-10 12:00  —                 True        (0, 2)
    e    350   50    2024-01-07 00:00  2024-01-08 00:00  True        outside the grid (col 3)
    f    NaN   50    2024-01-08 00:00  —                 True        no x
    g    50    50    2024-02-01 00:00  —                 False       not spatial_ok
    h    50    150   2024-02-28 23:59  2024-02-29 00:29  True        (1, 0), closed after 0.5 h
    ===  ====  ====  ================  ================  ==========  =================================
    """
    stamp = lambda values: pd.to_datetime(values, format="%Y-%m-%d %H:%M").astype("datetime64[us]")  # noqa: E731
    return pd.DataFrame(
        {
            "case_id": list("abcdefgh"),
            "case_type": ["部件", "事件", "事件", "部件", "部件", "事件", "部件", "事件"],
            "x": [50.0, 150.0, 150.0, 250.0, 350.0, np.nan, 50.0, 50.0],
            "y": [50.0, 250.0, 250.0, 50.0, 50.0, 50.0, 50.0, 150.0],
            "created_at": stamp(
                [
                    "2024-01-05 08:00",
                    "2024-01-20 10:00",
                    "2024-02-03 09:00",
                    "2024-02-10 12:00",
                    "2024-01-07 00:00",
                    "2024-01-08 00:00",
                    "2024-02-01 00:00",
                    "2024-02-28 23:59",
                ]
            ),
            "closed_at": stamp(
                ["2024-01-06 14:00", None, "2024-02-03 11:00", None, "2024-01-08 00:00", None, None, "2024-02-29 00:29"]
            ),
            "status": ["closed", "open", "closed", "open", "closed", "open", "open", "closed"],
            "spatial_ok": [True, True, True, True, True, True, False, True],
        }
    )


# the cube of `tiny` worked out by hand: row, col, period, n, n_closed, close_hours_sum
TINY_CUBE = [
    (0, 0, JAN, 1, 1, 30.0),
    (0, 0, FEB, 0, 0, 0.0),
    (0, 1, JAN, 0, 0, 0.0),
    (0, 1, FEB, 0, 0, 0.0),
    (0, 2, JAN, 0, 0, 0.0),
    (0, 2, FEB, 1, 0, 0.0),
    (1, 0, JAN, 0, 0, 0.0),
    (1, 0, FEB, 1, 1, 0.5),
    (1, 1, JAN, 0, 0, 0.0),
    (1, 1, FEB, 0, 0, 0.0),
    (1, 2, JAN, 0, 0, 0.0),
    (1, 2, FEB, 0, 0, 0.0),
    (2, 0, JAN, 0, 0, 0.0),
    (2, 0, FEB, 0, 0, 0.0),
    (2, 1, JAN, 1, 0, 0.0),
    (2, 1, FEB, 1, 1, 2.0),
    (2, 2, JAN, 0, 0, 0.0),
    (2, 2, FEB, 0, 0, 0.0),
]


def _frame(rows, columns) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns)
    out["period"] = out["period"].astype("datetime64[us]")
    return out.astype({c: "int64" for c in ("row", "col", "n", "n_closed") if c in out})


def _all_engines(source, **kw) -> pd.DataFrame:
    """The cube from every engine, asserted identical; returns the duckdb one."""
    cubes = [aggregate_cases(source, engine=engine, **kw) for engine in ENGINES]
    for cube in cubes[1:]:
        pd.testing.assert_frame_equal(cube, cubes[0])
    return cubes[0]


def test_tiny_cube_worked_by_hand(tiny):
    expected = _frame(TINY_CUBE, ["row", "col", "period", "n", "n_closed", "close_hours_sum"])
    pd.testing.assert_frame_equal(_all_engines(tiny, grid=TINY_GRID), expected)


def test_tiny_cube_from_files(tiny, tmp_path):
    expected = aggregate_cases(tiny, grid=TINY_GRID, by=("case_type",))
    tiny.to_parquet(tmp_path / "a.parquet")
    tiny.to_csv(tmp_path / "a.csv", index=False)
    pd.testing.assert_frame_equal(_all_engines(tmp_path / "a.parquet", grid=TINY_GRID, by=("case_type",)), expected)
    pd.testing.assert_frame_equal(_all_engines(tmp_path / "a.csv", grid=TINY_GRID, by=("case_type",)), expected)
    # a glob over two files adds them up
    tiny.iloc[:4].to_parquet(tmp_path / "part-1.parquet")
    tiny.iloc[4:].to_parquet(tmp_path / "part-2.parquet")
    parts = _all_engines(str(tmp_path / "part-*.parquet"), grid=TINY_GRID, by=("case_type",))
    pd.testing.assert_frame_equal(parts, expected)


def test_tiny_cube_by_key(tiny):
    cube = _all_engines(tiny, grid=TINY_GRID, by="case_type")
    assert list(cube.columns) == ["row", "col", "period", "case_type", "n", "n_closed", "close_hours_sum"]
    assert len(cube) == 9 * 2 * 2 and list(cube["case_type"].iloc[:4]) == ["事件", "部件"] * 2
    occupied = cube[cube["n"] > 0]
    expected = _frame(
        [
            (0, 0, JAN, "部件", 1, 1, 30.0),
            (0, 2, FEB, "部件", 1, 0, 0.0),
            (1, 0, FEB, "事件", 1, 1, 0.5),
            (2, 1, JAN, "事件", 1, 0, 0.0),
            (2, 1, FEB, "事件", 1, 1, 2.0),
        ],
        ["row", "col", "period", "case_type", "n", "n_closed", "close_hours_sum"],
    )
    expected["case_type"] = expected["case_type"].astype("str")
    pd.testing.assert_frame_equal(occupied.reset_index(drop=True), expected)


def test_null_keys_form_their_own_group_sorted_last(tiny):
    tiny = tiny.assign(case_type=tiny["case_type"].where(tiny["case_id"] != "h"))
    cube = _all_engines(tiny, grid=TINY_GRID, by=("case_type",))
    assert cube["case_type"].iloc[:3].tolist()[:2] == ["事件", "部件"] and pd.isna(cube["case_type"].iloc[2])
    assert cube.loc[cube["case_type"].isna(), "n"].sum() == 1


def test_cells_restrict_and_label_the_cube(tiny):
    cells = pd.DataFrame(
        {
            "cell_id": [f"c{r}{c}" for r in range(3) for c in range(3)],
            "row": np.repeat(np.arange(3), 3),
            "col": np.tile(np.arange(3), 3),
        }
    )
    cells = cells[cells["cell_id"] != "c02"].iloc[::-1]  # cell (0, 2) is not managed; order does not matter
    cube = _all_engines(tiny, grid=TINY_GRID, cells=cells)
    assert list(cube.columns) == ["cell_id", "period", "n", "n_closed", "close_hours_sum"]
    assert cube["cell_id"].dtype == "str"
    assert cube["cell_id"].unique().tolist() == ["c00", "c01", "c10", "c11", "c12", "c20", "c21", "c22"]
    full = _frame(TINY_CUBE, ["row", "col", "period", "n", "n_closed", "close_hours_sum"])
    kept = full[~((full["row"] == 0) & (full["col"] == 2))].reset_index(drop=True)
    pd.testing.assert_frame_equal(cube.drop(columns="cell_id"), kept.drop(columns=["row", "col"]))


@pytest.mark.parametrize(
    ("freq", "starts", "occupied"),
    [
        (
            "D",
            pd.date_range("2024-01-05", "2024-02-28", freq="D"),
            {
                (0, 0, "2024-01-05"): 1,
                (2, 1, "2024-01-20"): 1,
                (2, 1, "2024-02-03"): 1,
                (0, 2, "2024-02-10"): 1,
                (1, 0, "2024-02-28"): 1,
            },
        ),
        (
            "W",
            pd.date_range("2024-01-01", "2024-02-26", freq="W-MON"),
            {
                (0, 0, "2024-01-01"): 1,
                (2, 1, "2024-01-15"): 1,
                (2, 1, "2024-01-29"): 1,
                (0, 2, "2024-02-05"): 1,
                (1, 0, "2024-02-26"): 1,
            },
        ),
        (
            "MS",
            pd.DatetimeIndex([JAN, FEB]),
            {
                (0, 0, "2024-01-01"): 1,
                (2, 1, "2024-01-01"): 1,
                (2, 1, "2024-02-01"): 1,
                (0, 2, "2024-02-01"): 1,
                (1, 0, "2024-02-01"): 1,
            },
        ),
        (
            "QS",
            pd.DatetimeIndex([JAN]),
            {(0, 0, "2024-01-01"): 1, (2, 1, "2024-01-01"): 2, (0, 2, "2024-01-01"): 1, (1, 0, "2024-01-01"): 1},
        ),
        (
            "YS",
            pd.DatetimeIndex([JAN]),
            {(0, 0, "2024-01-01"): 1, (2, 1, "2024-01-01"): 2, (0, 2, "2024-01-01"): 1, (1, 0, "2024-01-01"): 1},
        ),
    ],
)
def test_each_freq(tiny, freq, starts, occupied):
    cube = _all_engines(tiny, grid=TINY_GRID, freq=freq)
    assert len(cube) == 9 * len(starts)
    assert (cube["period"].iloc[: len(starts)].to_numpy() == starts.to_numpy().astype("datetime64[us]")).all()
    occupied_rows = cube.loc[cube["n"] > 0, ["row", "col", "period", "n"]].itertuples(index=False)
    got = {(r, c, str(p.date())): n for r, c, p, n in occupied_rows}
    assert got == occupied
    assert cube["close_hours_sum"].sum() == pytest.approx(32.5)


def test_start_and_end(tiny):
    # wider than the data: empty months are present, all zeros
    cube = _all_engines(tiny, grid=TINY_GRID, start="2023-12-15", end=T("2024-03-31 18:00"))
    assert cube["period"].drop_duplicates().tolist() == [T("2023-12-01"), JAN, FEB, T("2024-03-01")]
    assert cube.loc[cube["period"].isin([T("2023-12-01"), T("2024-03-01")]), "n"].sum() == 0
    assert cube["n"].sum() == 5 and len(cube) == 9 * 4
    # narrower: cases of other periods are left out
    feb = _all_engines(tiny, grid=TINY_GRID, start="2024-02-10")
    assert feb["period"].unique().tolist() == [FEB] and feb["n"].sum() == 3
    jan = _all_engines(tiny, grid=TINY_GRID, end="2024-01-31")
    assert jan["period"].unique().tolist() == [JAN] and jan["n"].sum() == 2
    # no case in range: the given bound stands for both
    empty = _all_engines(tiny, grid=TINY_GRID, start="2025-06-01")
    assert len(empty) == 9 and empty["n"].sum() == 0


def test_completeness(tiny):
    cube = aggregate_cases(tiny, grid=TINY_GRID, freq="W", by=("case_type",))
    periods = pd.date_range("2024-01-01", "2024-02-26", freq="W-MON")
    full = pd.MultiIndex.from_product([range(3), range(3), periods, ["事件", "部件"]])
    assert pd.MultiIndex.from_frame(cube[["row", "col", "period", "case_type"]]).equals(full)


def test_errors(tiny, tmp_path):
    with pytest.raises(ValueError, match="engine 'spark'.*duckdb, pandas, dask"):
        aggregate_cases(tiny, grid=TINY_GRID, engine="spark")
    with pytest.raises(ValueError, match="freq 'M'.*D, W, MS, QS, YS"):
        aggregate_cases(tiny, grid=TINY_GRID, freq="M")
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['closed_at'\]"):
        aggregate_cases(tiny.drop(columns="closed_at"), grid=TINY_GRID)
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['district'\]"):
        aggregate_cases(tiny, grid=TINY_GRID, by=("district",))
    tiny.drop(columns="x").to_parquet(tmp_path / "no_x.parquet")
    with pytest.raises(ValueError, match=r"no_x.parquet lacks column\(s\) \['x'\]"):
        aggregate_cases(tmp_path / "no_x.parquet", grid=TINY_GRID)
    with pytest.raises(ValueError, match="not allowed"):
        aggregate_cases(tiny, grid=TINY_GRID, by=("period",))
    with pytest.raises(ValueError, match="is after end"):
        aggregate_cases(tiny, grid=TINY_GRID, start="2024-03-01", end="2024-01-01")
    with pytest.raises(ValueError, match=r"cells lacks column\(s\) \['cell_id'\]"):
        aggregate_cases(tiny, grid=TINY_GRID, cells=pd.DataFrame({"row": [0], "col": [0]}))
    with pytest.raises(FileNotFoundError, match="no case file matches"):
        aggregate_cases(str(tmp_path / "missing-*.parquet"), grid=TINY_GRID)


# --- the Demo City: every engine, from a DataFrame and from Parquet, and on a real cluster ------------


@pytest.fixture(scope="module")
def demo(demo_city, tmp_path_factory):
    cases = demo_city.tables["cases"]
    path = tmp_path_factory.mktemp("cube") / "cases.parquet"
    cases.to_parquet(path)
    grid = UnitGrid.from_cells(demo_city.tables["grid_cells"])
    cube = aggregate_cases(cases, grid=grid, freq="MS", by=("case_type",), engine="duckdb")
    return cases, path, grid, cube


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("from_file", [False, True], ids=["frame", "parquet"])
def test_demo_engines_identical(demo, engine, from_file):
    cases, path, grid, expected = demo
    cube = aggregate_cases(path if from_file else cases, grid=grid, freq="MS", by=("case_type",), engine=engine)
    pd.testing.assert_frame_equal(cube, expected)


def test_demo_cube_counts_every_located_case(demo):
    cases, _, grid, cube = demo
    row, _ = grid.locate(cases["x"], cases["y"])
    usable = (row >= 0) & cases.get("spatial_ok", pd.Series(True, index=cases.index)).to_numpy(dtype=bool)
    assert cube["n"].sum() == usable.sum() > 0.9 * len(cases)
    closed = usable & cases["closed_at"].notna().to_numpy()
    assert cube["n_closed"].sum() == closed.sum()
    hours = (cases["closed_at"] - cases["created_at"])[closed].dt.total_seconds().sum() / 3600
    assert cube["close_hours_sum"].sum() == pytest.approx(hours, rel=1e-12)
    months = cases["created_at"].dt.to_period("M")
    n_months = (months.max() - months.min()).n + 1
    assert len(cube) == grid.n_cells * n_months * cases["case_type"].nunique()


def test_demo_dask_on_a_local_cluster(demo):
    distributed = pytest.importorskip("distributed")
    cases, path, grid, expected = demo
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            for source in (path, cases):
                cube = aggregate_cases(source, grid=grid, freq="MS", by=("case_type",), engine="dask", client=client)
                pd.testing.assert_frame_equal(cube, expected)
