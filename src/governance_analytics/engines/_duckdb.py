"""The ``duckdb`` engine: one SQL aggregation in an embedded, memory-capped DuckDB connection.

Files are scanned by DuckDB itself (``read_parquet`` / ``read_csv``), column-pruned and streamed, so
inputs larger than memory aggregate within ``memory_limit`` (spilling to a private temporary
directory if the hash table ever outgrows it). A DataFrame source is registered as a view and
scanned in place, without a copy.

The query computes the cell arithmetically, ``row = floor((y − y0) / size)``, ``col = floor((x −
x0) / size)``, with the same IEEE double operations as :meth:`UnitGrid.locate`, and the period as an
integer ordinal (see :mod:`governance_analytics.engines._common`). Grouping on two integers and
summing integer microseconds keeps the query cheap and its sums exact.

References
----------
Raasveldt, M. & Mühleisen, H. (2019). DuckDB: an embeddable analytical database. SIGMOD '19, 1981–1984.
"""

from __future__ import annotations

import tempfile

import duckdb
import pandas as pd

from governance_analytics.engines._common import Plan, Source

_VIEW = "ga_cases_source"

#: Period ordinal of timestamp column ``t`` in SQL (same definitions as ``period_ordinal``).
_ORDINAL_SQL = {
    "D": "(CAST(t0 AS DATE) - DATE '1970-01-01')",
    "W": "CAST(floor((CAST(t0 AS DATE) - DATE '1970-01-01' + 3) / 7) AS BIGINT)",
    "MS": "(year(t0) * 12 + month(t0) - 1)",
    "QS": "(year(t0) * 4 + (month(t0) - 1) // 3)",
    "YS": "year(t0)",
}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _double(value: float) -> str:
    return f"CAST('{float(value)!r}' AS DOUBLE)"


def _timestamp(value) -> str:
    return f"TIMESTAMP '{pd.Timestamp(value).isoformat(sep=' ')}'"


def _scan(source: Source) -> tuple[str, list]:
    """FROM clause and its parameters."""
    if source.frame is not None:
        return _VIEW, []
    if source.format == "parquet":
        return "read_parquet($files)", [list(source.files)]
    return "read_csv($files, header = true, union_by_name = true)", [list(source.files)]


def sql(plan: Plan, source: Source) -> tuple[str, list]:
    """The partial-cube query for ``plan`` over ``source``, with its parameters."""
    g = plan.grid
    keys = [_ident(k) for k in plan.by]
    where = ["created_at IS NOT NULL"]
    if plan.spatial_ok:
        where.append("spatial_ok IS DISTINCT FROM false")
    if plan.lo is not None:
        where.append(f"CAST(created_at AS TIMESTAMP) >= {_timestamp(plan.lo)}")
    if plan.hi is not None:
        where.append(f"CAST(created_at AS TIMESTAMP) < {_timestamp(plan.hi)}")
    scan, params = _scan(source)
    inner = ", ".join(
        [
            f"floor((CAST(y AS DOUBLE) - {_double(g.y0)}) / {_double(g.cell_size)}) AS fr",
            f"floor((CAST(x AS DOUBLE) - {_double(g.x0)}) / {_double(g.cell_size)}) AS fc",
            "CAST(created_at AS TIMESTAMP) AS t0",
            "CAST(closed_at AS TIMESTAMP) AS t1",
            *keys,
        ]
    )
    # NaN compares greater than every number in DuckDB, so NaN/inf cells fail `< n`; NULLs fail all.
    outer = ", ".join(
        [
            f"CAST(fr AS BIGINT) * {int(g.n_cols)} + CAST(fc AS BIGINT) AS cell",
            f"{_ORDINAL_SQL[plan.freq]} AS period",
            *keys,
            "count(*) AS n",
            "count(t1) AS n_closed",
            "CAST(coalesce(sum(epoch_us(t1) - epoch_us(t0)), 0) AS BIGINT) AS dur_us",
        ]
    )
    query = (
        f"WITH s AS (SELECT {inner} FROM {scan} WHERE {' AND '.join(where)}) "
        f"SELECT {outer} FROM s "
        f"WHERE fr >= 0 AND fr < {int(g.n_rows)} AND fc >= 0 AND fc < {int(g.n_cols)} "
        f"GROUP BY ALL"
    )
    return query, params


def aggregate(plan: Plan, source: Source, *, memory_limit: str, threads: int | None) -> pd.DataFrame:
    """Partial cube of ``source`` computed by DuckDB."""
    with tempfile.TemporaryDirectory(prefix="ga-duckdb-") as spill:
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": memory_limit,
            "temp_directory": spill,
            "preserve_insertion_order": False,
        }
        if threads is not None:
            config["threads"] = int(threads)
        with duckdb.connect(config=config) as con:
            try:
                con.execute("SET enable_progress_bar = false")
            except duckdb.InvalidInputException:  # in Jupyter without ipywidgets the bar is off already
                pass
            if source.frame is not None:
                con.register(_VIEW, source.frame[plan.columns])
            query, params = sql(plan, source)
            table = con.sql(query, params={"files": params[0]} if params else None).to_arrow_table()
    return table.to_pandas()
