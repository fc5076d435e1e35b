"""The ``pandas`` and ``dask`` engines: one vectorised partial aggregation, applied per chunk.

:func:`partial` turns one chunk of case records (a pandas DataFrame) into its partial cube with
NumPy arithmetic and a ``groupby(...).sum()``; partial cubes of different chunks add up, cell by
cell, because every column of a partial cube is a count or an integer sum. The ``pandas`` engine
applies it to each input file (or the whole in-memory table) and adds the results; the ``dask``
engine applies it to every partition with ``map_partitions`` and adds the results with a dask
groupby-sum tree reduction, on the default scheduler or on a ``dask.distributed`` cluster.

References
----------
Rocklin, M. (2015). Dask: parallel computation with blocked algorithms and task scheduling.
Proceedings of the 14th Python in Science Conference, 126–132.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance_analytics.engines._common import Plan, Source, period_ordinal

_DASK_CHUNK = 250_000


def _timestamps(values: pd.Series) -> np.ndarray:
    if values.dtype != "datetime64[us]":
        values = pd.to_datetime(values).astype("datetime64[us]")
    return values.to_numpy()


def partial(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Partial cube (``cell, period, *by, n, n_closed, dur_us``) of one chunk of case records."""
    g = plan.grid
    x = frame["x"].to_numpy(dtype=float, na_value=np.nan)
    y = frame["y"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        fc = np.floor((x - g.x0) / g.cell_size)
        fr = np.floor((y - g.y0) / g.cell_size)
        keep = (fc >= 0) & (fc < g.n_cols) & (fr >= 0) & (fr < g.n_rows)  # NaN → False
    created = _timestamps(frame["created_at"])
    keep &= ~np.isnat(created)
    if plan.spatial_ok:
        keep &= ~(frame["spatial_ok"] == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712
    if plan.lo is not None:
        keep &= created >= plan.lo
    if plan.hi is not None:
        keep &= created < plan.hi
    created = created[keep]
    closed = _timestamps(frame["closed_at"])[keep]
    is_closed = ~np.isnat(closed)
    dur = np.where(is_closed, closed.view(np.int64) - created.view(np.int64), 0)
    chunk = pd.DataFrame(
        {
            "cell": fr[keep].astype(np.int64) * g.n_cols + fc[keep].astype(np.int64),
            "period": period_ordinal(created, plan.freq),
            **{k: frame[k].iloc[np.flatnonzero(keep)].reset_index(drop=True) for k in plan.by},
            "n": np.ones(len(created), dtype=np.int64),
            "n_closed": is_closed.astype(np.int64),
            "dur_us": dur.astype(np.int64),
        }
    )
    return combine([chunk], plan)


def combine(parts: list[pd.DataFrame], plan: Plan) -> pd.DataFrame:
    """Add partial cubes (or per-case rows) with equal ``(cell, period, *by)``."""
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    return frame.groupby(plan.group, sort=False, dropna=False, as_index=False).sum()


def _read(path: str, fmt: str, columns: list[str]) -> pd.DataFrame:
    if fmt == "parquet":
        return pd.read_parquet(path, columns=columns)
    return pd.read_csv(path, usecols=columns, parse_dates=["created_at", "closed_at"])


def aggregate_pandas(plan: Plan, source: Source) -> pd.DataFrame:
    """Partial cube computed in memory with pandas, one input file at a time."""
    if source.frame is not None:
        return partial(source.frame, plan)
    return combine([partial(_read(f, source.format, plan.columns), plan) for f in source.files], plan)


def aggregate_dask(plan: Plan, source: Source, *, client=None) -> pd.DataFrame:
    """Partial cube computed with dask.dataframe, on ``client``'s cluster when given."""
    try:
        import dask.dataframe as dd
    except ImportError as err:  # pragma: no cover - optional dependency
        raise ImportError("engine='dask' needs dask[distributed]: pip install 'governance-analytics[scale]'") from err
    cols = plan.columns
    if source.frame is not None:
        frame = source.frame[cols]
        if client is None:
            ddf = dd.from_pandas(frame, npartitions=max(1, -(-len(frame) // _DASK_CHUNK)), sort=False)
        else:  # send the chunks to the workers once, rather than inside the task graph
            chunks = [frame.iloc[i : i + _DASK_CHUNK] for i in range(0, max(len(frame), 1), _DASK_CHUNK)]
            ddf = dd.from_delayed(client.scatter(chunks), meta=frame.iloc[:0], verify_meta=False)
    elif source.format == "parquet":
        ddf = dd.read_parquet(list(source.files), columns=cols)
    else:
        ddf = dd.read_csv(list(source.files), usecols=cols, parse_dates=["created_at", "closed_at"])
    meta = partial(ddf._meta, plan)
    parts = ddf.map_partitions(partial, plan, meta=meta)
    summed = parts.groupby(plan.group, dropna=False, sort=False).sum(split_out=1)
    result = client.compute(summed, sync=True) if client is not None else summed.compute()
    return result.reset_index()
