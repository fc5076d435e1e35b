"""Convert a case export too big for memory into canonical, partitioned Parquet — once.

Pass 1 streams the CSV in blocks (pyarrow's CSV reader, every cell as text), cleans each block with
the same rules as :func:`~governance_analytics.io.read_cases` and writes it to a staging Parquet file;
case ids are hashed (64-bit) into a sorted array so a duplicate in a later block is rejected like one
in the same block. Pass 2 runs the whole-file rule — coordinate pile-ups — in DuckDB, out of core,
and writes ``<out>/cases/year=YYYY/*.parquet``. Rejected rows (raw, with ``row`` and ``reason``)
go to ``<out>/rejects.csv``; ``<out>/convert.json`` records the counts, which reconcile. Phone and ID
numbers are masked in every text the conversion writes (case ids excepted), and a rejected cell that a
spreadsheet would read as a formula is written with a leading apostrophe
(:mod:`governance_analytics.safe_text`).

``<out>`` is written as :func:`~governance_analytics.safe_write.output_directory` writes: all or
nothing, and only over an earlier conversion's output — a folder that holds anything else is refused,
never deleted.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from governance_analytics.io import case_cleaning as rules
from governance_analytics.io.cases import _spec, cases_from_raw
from governance_analytics.io.compressed import decompressed
from governance_analytics.io.encoding import check_encoding, decode_error, detect_encoding
from governance_analytics.io.tables import (
    NA_VALUES,
    UnreadableFile,
    check_repeated,
    named_columns,
    sniff_delimiter,
    unclosed_quote,
    unique_names,
)
from governance_analytics.safe_text import mask_text_columns
from governance_analytics.safe_write import check_output, output_directory

__all__ = ["ConvertResult", "convert_cases"]


@dataclass(frozen=True)
class ConvertResult:
    """Counts and places of a conversion; ``n_read == n_accepted + n_rejected``."""

    source: str
    format: str
    crs: str | None
    n_read: int
    n_accepted: int
    n_rejected: int
    cases: str
    rejects: str

    def summary(self) -> str:
        return f"{self.source}: {self.n_read} read = {self.n_accepted} accepted + {self.n_rejected} rejected"


class _SeenIds:
    """Membership of case ids seen so far, as a sorted array of their 64-bit hashes."""

    def __init__(self) -> None:
        self.hashes = np.empty(0, dtype=np.uint64)

    def check_and_add(self, ids: pd.Series) -> np.ndarray:
        """True for ids seen in earlier calls; then remember these."""
        h = pd.util.hash_array(ids.astype(str).to_numpy(dtype=object))
        pos = np.searchsorted(self.hashes, h).clip(max=max(len(self.hashes) - 1, 0))
        seen = (self.hashes[pos] == h) if len(self.hashes) else np.zeros(len(h), dtype=bool)
        self.hashes = np.sort(np.concatenate([self.hashes, h]), kind="stable")
        return seen


def _header(path: Path, encoding: str, sep: str, label: str) -> list[str]:
    """The export's header, checked: not empty, not header-only, its names unique where used."""
    with path.open(encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="") as handle:
        rows = csv.reader(handle, delimiter=sep)
        header = next(rows, None)
        if not header or header == [""]:
            raise UnreadableFile(f"{label}: is empty; expected a header row and data rows")
        if next((r for r in rows if r and r != [""]), None) is None:
            raise UnreadableFile(f"{label}: holds a header and no data rows; nothing to convert")
    return [h.strip() for h in header]


def _unclosed_line(path: Path, encoding: str, sep: str) -> int | None:
    with path.open(encoding=encoding, newline="") as lines:
        return unclosed_quote(lines, sep)


def _odd_quotes(path: Path) -> bool:
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(16 << 20):
            count += block.count(b'"')
    return count % 2 == 1


def _blocks(path: Path, encoding: str, sep: str, columns: list[str], block_mib: int, bad: list):
    def invalid(row) -> str:
        bad.append({"raw": row.text, "reason": f"expected {row.expected_columns} fields, found {row.actual_columns}"})
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(encoding=encoding, block_size=block_mib << 20),
        parse_options=pacsv.ParseOptions(delimiter=sep, invalid_row_handler=invalid, newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in columns},
            null_values=NA_VALUES,
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    names = unique_names(columns)
    for batch in reader:
        frame = batch.rename_columns([f"c{i}" for i in range(batch.num_columns)]).to_pandas()
        frame.columns = names
        yield frame


def _append_rejects(rejects: pd.DataFrame, path: Path, columns: list[str]) -> None:
    """Append rows to the rejects file, always in the columns of the export + raw line, row, reason,
    with phone and ID numbers masked and formula-like cells defused (the file is opened in Excel)."""
    rows = rejects.reindex(columns=[*columns, "raw", "row", "reason"])
    mask_text_columns(rows, formulas=True).to_csv(
        path, mode="a", index=False, header=not path.exists(), encoding="utf-8"
    )


def _masked_cases(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases with phone and ID numbers masked in their text (descriptions, labels), identifiers kept."""
    return mask_text_columns(cases, keep=[c for c in cases.columns if c.endswith("_id")])


def convert_cases(
    path: str | os.PathLike,
    out: str | os.PathLike,
    *,
    format: str = "auto",
    mapping=None,
    encoding: str | None = None,
    tz: str | None = None,
    area=None,
    crs: str | None = None,
    block_mib: int = 64,
    pileup_min_cases: int = rules.PILEUP_MIN_CASES,
    pileup_min_share: float = rules.PILEUP_MIN_SHARE,
    memory_limit: str = "2GB",
    progress: bool = True,
    constants=None,
    values=None,
) -> ConvertResult:
    """Convert the CSV export ``path`` into canonical Parquet under ``out`` (see the module docstring).

    Parameters are those of :func:`~governance_analytics.io.read_cases` (``constants`` and ``values``
    included), plus ``block_mib`` (size of a streamed block), ``memory_limit`` (DuckDB's, for pass 2)
    and ``progress`` (a progress bar).
    """
    path, out = Path(path), Path(out)
    check_output(out, writer="convert")
    try:
        with decompressed(path) as (plain, label):
            return _convert(
                plain,
                label,
                out,
                format=format,
                mapping=mapping,
                encoding=encoding,
                tz=tz,
                area=area,
                crs=crs,
                block_mib=block_mib,
                pileup_min_cases=pileup_min_cases,
                pileup_min_share=pileup_min_share,
                memory_limit=memory_limit,
                progress=progress,
                constants=constants,
                values=values,
            )
    except UnicodeDecodeError as err:
        raise decode_error(path, encoding or err.encoding, err) from None
    except pa.ArrowInvalid as err:
        if "UTF8" in str(err):
            raise decode_error(path, encoding or "utf-8") from None
        raise UnreadableFile(f"{path}: cannot be read as CSV ({' '.join(str(err).split())})") from None


def _convert(
    path: Path,
    label: str,
    out: Path,
    *,
    format,
    mapping,
    encoding,
    tz,
    area,
    crs,
    block_mib,
    pileup_min_cases,
    pileup_min_share,
    memory_limit,
    progress,
    constants,
    values,
) -> ConvertResult:
    from tqdm.auto import tqdm

    if not path.is_file():
        raise UnreadableFile(f"{label}: no such file")
    encoding = check_encoding(encoding) if encoding else detect_encoding(path)
    encoding = "utf-8" if encoding == "utf-8-sig" else encoding  # pyarrow drops a UTF-8 BOM itself
    with path.open("rb") as handle:
        sep = sniff_delimiter(handle.read(1 << 16), path.suffix.lower())
    header = _header(path, encoding, sep, label)
    spec = _spec(format, mapping, header, path, tz, constants=constants, values=values)
    check_repeated(
        named_columns(pd.DataFrame(columns=header)), spec.source_columns(unique_names(header)).values(), label
    )
    if _odd_quotes(path) and (line := _unclosed_line(path, encoding, sep)) is not None:
        raise UnreadableFile(
            f"{label}: line {line}: a quoted value opens and never closes, so the rest of the file "
            "would be one value; close the quote or remove it"
        )
    with output_directory(out, writer="convert") as staging:
        parts = staging / ".parts"
        parts.mkdir()
        rejects_path = staging / "rejects.csv"
        seen, n_read, n_rejected, first_row = _SeenIds(), 0, 0, 2
        bad: list[dict[str, str]] = []  # malformed rows: raw text and reason
        bar = tqdm(unit=" rows", unit_scale=True, desc=f"convert {path.name}", disable=not progress)
        for i, raw in enumerate(_blocks(path, encoding, sep, header, block_mib, bad)):
            rows = pd.Series(np.arange(first_row, first_row + len(raw)))
            first_row += len(raw)
            cases, rejects, crs = cases_from_raw(
                raw, rows, spec, source=label, tz=tz, area=area, crs=crs, pileup_min_cases=None, keep_source_row=True
            )
            dup = seen.check_and_add(cases["case_id"])
            if dup.any():
                again = raw.set_axis(rows.to_numpy()).loc[cases.loc[dup, "source_row"].to_numpy()]
                reason = [f"case_id: duplicate value (the first is kept), got {i!r}" for i in cases.loc[dup, "case_id"]]
                rejects = pd.concat([rejects, again.assign(row=again.index, reason=reason)], ignore_index=True)
                cases = cases[~dup]
            _masked_cases(cases).to_parquet(parts / f"part-{i:05d}.parquet", index=False)
            if len(rejects):
                _append_rejects(rejects, rejects_path, header)
            n_read, n_rejected = n_read + len(raw), n_rejected + len(rejects)
            bar.update(len(raw))
        if bad:
            _append_rejects(pd.DataFrame(bad).assign(row=pd.NA), rejects_path, header)
            n_read, n_rejected = n_read + len(bad), n_rejected + len(bad)
        bar.close()
        n_accepted = _flag_pileups_and_write(parts, staging / "cases", pileup_min_cases, pileup_min_share, memory_limit)
        shutil.rmtree(parts)
        result = ConvertResult(
            label, spec.name, crs, n_read, n_accepted, n_rejected, str(out / "cases"), str(out / "rejects.csv")
        )
        (staging / "convert.json").write_text(
            json.dumps(asdict(result), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return result


def _sql_text(text: str) -> str:
    """``text`` for a single-quoted SQL string literal (a folder's name may hold an apostrophe)."""
    return text.replace("'", "''")


def _flag_pileups_and_write(staging: Path, target: Path, min_cases: int, min_share: float, memory_limit: str) -> int:
    """Pass 2 in DuckDB: flag pile-ups over the whole file, write Parquet partitioned by year."""
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    source = f"read_parquet('{_sql_text(staging.as_posix())}/part-*.parquet')"
    con.execute(f"CREATE VIEW staged AS SELECT * FROM {source}")
    located = _count(con, "SELECT count(*) FROM staged WHERE spatial_ok")
    threshold = max(min_cases, min_share * located)
    con.execute(f"""
        COPY (
            WITH piles AS (
                SELECT round(lon, 7) AS plon, round(lat, 7) AS plat FROM staged WHERE spatial_ok
                GROUP BY 1, 2 HAVING count(*) >= {threshold})
            SELECT s.* EXCLUDE (flags, spatial_ok, source_row),
                   s.spatial_ok AND p.plon IS NULL AS spatial_ok,
                   CASE WHEN p.plon IS NULL THEN s.flags
                        WHEN s.flags IS NULL THEN 'pileup' ELSE s.flags || ';pileup' END AS flags,
                   year(s.created_at) AS year
            FROM staged s LEFT JOIN piles p ON round(s.lon, 7) = p.plon AND round(s.lat, 7) = p.plat
            ORDER BY s.source_row
        ) TO '{_sql_text(target.as_posix())}' (FORMAT PARQUET, PARTITION_BY (year))""")
    n = _count(con, "SELECT count(*) FROM staged")
    con.close()
    return int(n)


def _count(con: duckdb.DuckDBPyConnection, query: str) -> int:
    """The one value of a ``count(*)`` query (an aggregate without GROUP BY: always one row)."""
    row = con.execute(query).fetchone()
    assert row is not None
    return row[0]
