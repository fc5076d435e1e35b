"""notebooks/05_periodic_report.ipynb, executed with papermill in a fresh kernel, builds the same report as
``governance-analytics report`` (issue 9): the same tables cell by cell, and its output shows the findings.
Being a second run, in another process, on the same inputs, it is also the report's reproducibility check
(the permutation tests are seeded; nothing depends on the time of the run but the "generated" stamp).

The notebook costs a full report build (about a minute on the Demo City), so ``make test`` leaves it out of
the nbmake run and this module executes it once, on the same planted Demo City as the CLI report
(``cli_report`` in conftest.py).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import openpyxl
import papermill
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "05_periodic_report.ipynb"
KERNEL = "governance-analytics"
PERIOD = "2025-Q4"  # the period of ``cli_report``


@pytest.fixture(scope="session")  # built once per run: a module fixture is set up again when xdist interleaves modules
def notebook_run(planted_dir, tmp_path_factory) -> tuple[nbformat.NotebookNode, Path]:
    """The executed notebook and the report directory it wrote."""
    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.fail(f"Jupyter kernel {KERNEL!r} is not installed; `make install` installs it")
    out = tmp_path_factory.mktemp("notebook05")
    executed = out / NOTEBOOK.name
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(executed),
        kernel_name=KERNEL,
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
        parameters={"DATA_DIR": str(planted_dir), "OUT": str(out / "reports"), "PERIOD": PERIOD, "LANG": "zh"},
    )
    return nbformat.read(executed, as_version=4), out / "reports" / "demo-city" / PERIOD


def _sheets(path: Path) -> dict[str, list[tuple]]:
    """Sheet name → rows of cell values, in workbook order."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {name: [tuple(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames}
    finally:
        book.close()


def _output_text(nb: nbformat.NotebookNode) -> str:
    """Everything the executed notebook shows as text: streams, plain text, Markdown and (unescaped) HTML."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
            data = output.get("data", {})
            parts += [data[mime] for mime in ("text/plain", "text/markdown") if mime in data]
            if "text/html" in data:
                parts.append(html.unescape(data["text/html"]))
    return "\n".join(parts)


def _html_findings(report_html: Path) -> list[str]:
    """The findings of a written report, as its HTML lists them."""
    text = report_html.read_text(encoding="utf-8")
    blocks = re.findall(r'<ul class="findings">(.*?)</ul>', text, flags=re.S)
    return [
        html.unescape(item).strip() for block in blocks for item in re.findall(r"<li>(.*?)</li>", block, flags=re.S)
    ]


def test_notebook_is_committed_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


def test_notebook_tables_equal_cli_tables(notebook_run, cli_report):
    _, report_dir = notebook_run
    ours, theirs = _sheets(report_dir / "tables.xlsx"), _sheets(cli_report / "tables.xlsx")
    assert list(ours) == list(theirs)
    assert len(ours) > 10
    for name, rows in theirs.items():
        assert len(ours[name]) == len(rows), f"sheet {name}: {len(ours[name])} rows, CLI {len(rows)}"
        for i, (mine, cli_row) in enumerate(zip(ours[name], rows), start=1):
            assert mine == cli_row, f"sheet {name}, row {i}: notebook {mine} != CLI {cli_row}"


def test_notebook_writes_all_three_files(notebook_run):
    _, report_dir = notebook_run
    for name in ("report.html", "report.pdf", "tables.xlsx", "provenance.json"):
        assert (report_dir / name).stat().st_size > 0, name


def test_notebook_shows_the_reports_findings(notebook_run, cli_report):
    nb, report_dir = notebook_run
    shown = _output_text(nb)
    findings = _html_findings(cli_report / "report.html")
    assert len(findings) >= 6  # at least one per section of the full Demo City report
    assert findings == _html_findings(report_dir / "report.html")
    missing = [finding for finding in findings if finding not in shown]
    assert not missing, f"{len(missing)} of {len(findings)} findings not in the notebook's output, e.g. {missing[:2]}"
