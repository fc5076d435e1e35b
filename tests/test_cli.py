"""The command line's conventions: --version, python -m, -q for cron (nothing but errors and warnings),
-v (each step logged with its time), and the log undone after a run."""

from __future__ import annotations

import logging
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import governance_analytics as ga
from governance_analytics import cli


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.strip() == f"governance-analytics {ga.__version__}"


def test_python_m_runs_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "governance_analytics", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"governance-analytics {ga.__version__}"


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    """A folder holding 400 cases of two classes in a quarter, around one point (a report in seconds)."""
    rng = np.random.default_rng(0)
    created = pd.Timestamp("2025-10-01") + pd.to_timedelta(rng.uniform(0, 90, 400), unit="D")
    folder = tmp_path_factory.mktemp("small")
    pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(400)],
            "category": rng.choice(["roads", "litter"], 400),
            "created_at": created.round("s"),
            "lon": -87.7 + rng.normal(0, 0.01, 400),
            "lat": 41.85 + rng.normal(0, 0.01, 400),
        }
    ).to_csv(folder / "cases.csv", index=False)
    return folder


def _report(data, out, *flags: str) -> None:
    out.mkdir()
    config = out / "report.yml"
    config.write_text("sections: [overview]\n", encoding="utf-8")
    argv = ["report", *flags, "--data", str(data), "--period", "2025-Q4", "--config", str(config), "--out", str(out)]
    assert cli.main(argv) == 0


def test_quiet_says_nothing_on_success_and_verbose_logs_each_step(small_data, tmp_path, capfd):
    """(Without either, the command prints its summary: ``test_cli_report_prints_reconciliation_and_paths``.)"""
    _report(small_data, tmp_path / "quiet", "-q")
    quiet = capfd.readouterr()
    assert quiet.out == "" and quiet.err == ""  # no summary, no progress bar
    _report(small_data, tmp_path / "verbose", "--verbose")
    verbose = capfd.readouterr()
    assert "Report written:" in verbose.out
    logged = [line for line in verbose.err.splitlines() if " INFO governance_analytics." in line]
    assert any("section overview drafted in" in line for line in logged)
    assert any("section overview finished in" in line for line in logged)
    assert any("report written to" in line for line in logged)
    for run in ("quiet", "verbose"):
        assert len(list((tmp_path / run).glob("*/2025-Q4/report.html"))) == 1, run


def test_quiet_still_reports_an_error_and_the_log_is_undone(tmp_path, capfd):
    assert cli.main(["report", "-q", "--data", str(tmp_path), "--period", "2025-Q9"]) == 2
    assert capfd.readouterr().err.startswith("error: ")
    package = logging.getLogger("governance_analytics")
    assert not package.handlers and package.level == logging.NOTSET  # nothing left behind
    with pytest.raises(SystemExit):
        cli.main(["report", "-q", "-v", "--period", "2025-Q4"])  # one or the other
