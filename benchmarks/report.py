"""One quarter's report on the Demo City against the issue's budget: under 60 s on this 2-core machine
once the data is read.

Data: the default Demo City (``ga.demo.default_dir()``, generated on first use), period 2025-Q4,
Chinese, compared with the previous quarter, default threshold and seed: what ``governance-analytics
report --data data/demo --period 2025-Q4`` builds.

1. Read and validate every input once and make the context (``builder.report_context``, as
   ``build_report`` does; timed, outside the budget).
2. ``assemble`` the document once; each section's seconds are taken from its turn in the loop (a
   timing wrapper passed as ``progress``), the rest (provenance tables, package versions, rules) is
   the remainder.
3. Write ``report.html`` (including the CJK web-font subset), ``report.pdf`` and ``tables.xlsx``.

The budget covers 2 and 3. One run of each (a report takes tens of seconds). Wall seconds are
what the budget is about; CPU seconds (``time.process_time``, all threads of the process) are
printed beside them because other work on the machine stretches the wall time but hardly the CPU
time: wall well above CPU means the run shared the 2 cores. The ratio is wall seconds / budget
(below 1: within budget).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TypeVar

import governance_analytics as ga
from governance_analytics.periods import parse_period
from governance_analytics.report_settings import ReportConfig
from governance_analytics.reporting import builder, provenance
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.render.excel import write_excel
from governance_analytics.reporting.render.html import write_html
from governance_analytics.reporting.render.pdf import write_pdf

PERIOD = "2025-Q4"
BUDGET_S = 60.0

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[tuple[float, float], T]:
    """Wall and CPU time of one run, in seconds, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return (time.perf_counter() - wall, time.process_time() - cpu), out


def section_timer(seconds: dict[str, tuple[float, float]]) -> Callable[..., Iterator]:
    """A ``progress`` wrapper for ``assemble`` that records each section's wall and CPU time in ``seconds``:
    its draft and its finish (the builder loops over the sections twice, the ledger between)."""

    def progress(specs: Iterable, *, desc: str = "") -> Iterator:
        for spec in specs:
            wall, cpu = time.perf_counter(), time.process_time()
            yield spec  # the section is drafted (or finished) while the loop holds this item
            spent = (time.perf_counter() - wall, time.process_time() - cpu)
            seconds[spec.key] = _sum(seconds.get(spec.key, (0.0, 0.0)), spent)

    return progress


def context(data_dir: Path) -> tuple[ReportContext, dict[str, str], tuple[float, float]]:
    """The report context of the Demo City for :data:`PERIOD` with the default settings (as
    ``build_report`` makes it), its input hashes and the time to read it."""
    t_read, (ctx, files) = timed(
        lambda: builder.report_context(data_dir, period=parse_period(PERIOD), settings=ReportConfig())
    )
    hashes = {name: provenance.sha256(path) for name, path in files.items()}
    return ctx, hashes, t_read


def _ratio(times: tuple[float, float]) -> str:
    return f"{times[0] / BUDGET_S:.2f}"


def _sum(*times: tuple[float, float]) -> tuple[float, float]:
    return sum(t[0] for t in times), sum(t[1] for t in times)


def _write_rows(doc) -> tuple[list[tuple], tuple[float, float]]:
    rows, total = [], (0.0, 0.0)
    with tempfile.TemporaryDirectory() as out:
        for name, write in (("report.html", write_html), ("report.pdf", write_pdf), ("tables.xlsx", write_excel)):
            times, path = timed(partial(write, doc, Path(out) / name))
            rows.append((f"write {name}", times, "", f"{path.stat().st_size / 1e6:.2f} MB"))
            total = _sum(total, times)
    return rows, total


def main() -> None:
    data_dir = ga.demo.default_dir()
    ga.demo.load()
    ctx, hashes, t_read = context(data_dir)
    n_rows = sum(result.n_read for result in ctx.inputs.values())
    rows: list[tuple[str, tuple[float, ...], str, str]] = [
        (f"read + validate {len(ctx.inputs)} inputs ({n_rows:,} rows), outside the budget", t_read, "", "read_inputs")
    ]

    per_section: dict[str, tuple[float, float]] = {}
    t_assemble, doc = timed(lambda: builder.assemble(ctx, hashes, progress=section_timer(per_section)))
    built = {section.key for section in doc.sections}
    for key, times in per_section.items():
        rows.append((f"  section {key}", times, "", "built" if key in built else "skipped (input missing)"))
    rest = tuple(a - b for a, b in zip(t_assemble, _sum(*per_section.values())))
    rows.append(("  provenance, versions, rules", rest, "", "rest of assemble"))
    rows.append((f"assemble ({len(built)} sections)", t_assemble, _ratio(t_assemble), "of the budget"))

    write_rows, t_write = _write_rows(doc)
    total = _sum(t_assemble, t_write)
    rows += write_rows
    rows.append((f"report {PERIOD}: assemble + write", total, _ratio(total), f"wall seconds / budget {BUDGET_S:.0f} s"))
    rows.append(
        ("  with reading the inputs", _sum(total, t_read), _ratio(_sum(total, t_read)), "wall seconds / budget")
    )

    print(f"{'benchmark':<62} {'wall s':>8} {'CPU s':>8} {'ratio':>6}  note")
    for name, (wall, cpu), ratio, note in rows:
        print(f"{name:<62} {wall:>8.2f} {cpu:>8.2f} {ratio:>6}  {note}")
