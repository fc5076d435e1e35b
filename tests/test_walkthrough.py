"""The README's "Your own city" walkthrough, run as it stands in a shell: init, map, ingest, report on
Los Angeles' real export and its Neighborhood Council polygons (issue 15's evidence)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _walkthrough() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your own city, with no code", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block is not None, "the README's walkthrough has no bash block"
    return block.group(1)


@pytest.fixture(scope="module")
def walked(shared_data, tmp_path_factory):
    """The walkthrough run by bash in a fresh folder holding a file of the user's; ``ingest`` run a
    second time to show it gives the same data."""
    folder = tmp_path_factory.mktemp("walkthrough")
    (folder / "mine.txt").write_text("the user's own file")
    script = _walkthrough().replace("../shared/data", str(shared_data))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=folder, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    first = {
        p.relative_to(folder / "la" / "data"): p.read_bytes()
        for p in (folder / "la" / "data").rglob("*")
        if p.is_file()
    }
    again = subprocess.run(
        ["governance-analytics", "ingest", "la/city.yml"], cwd=folder, env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr[-3000:]
    return folder, run.stdout, first


def test_every_step_ran_and_the_report_is_written(walked):
    folder, printed, _ = walked
    assert "recognised as the la311 format" in printed
    assert "9,999 =     9,987 +      12" in printed  # ingest: rows read = accepted + rejected
    report = folder / "la" / "reports" / "los-angeles" / "2017-12"
    assert {p.name for p in report.iterdir()} >= {"report.html", "report.pdf", "tables.xlsx", "provenance.json"}
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "Los Angeles urban governance report, 2017-12" in html
    assert "Left out, and why:" in printed and "no due times" in printed  # printed as well as shown


def test_the_grid_is_cut_to_the_city_boundaries(walked):
    folder, _, _ = walked
    record = json.loads((folder / "la" / "data" / "workspace.json").read_text(encoding="utf-8"))
    assert record["crs"] == "EPSG:32611" and record["grid"]["source"] == "boundaries"
    cells = pd.read_parquet(folder / "la" / "data" / "grid_cells.parquet")
    assert len(cells) == record["grid"]["n_cells"] and cells["community"].nunique() == 99  # the 99 councils
    assert cells["cell_id"].str.fullmatch(r"99\d{13}").all()  # no GB/T 2260 codes: numbered 99NNNN
    cases = pd.read_parquet(folder / "la" / "data" / "cases")
    assert cases.loc[cases["spatial_ok"], "cell_id"].notna().all()  # every usable case placed in its cell …
    outside = cases["flags"].fillna("").str.contains("outside_grid")
    assert 0 < outside.sum() < 0.02 * len(cases) and cases.loc[outside, "cell_id"].isna().all()  # … or flagged
    assert {"rule": "outside_grid", "outcome": "flagged", "n": int(outside.sum())} in record["rules"]
    assert cases.loc[cases["cell_id"].notna(), "community"].notna().all()  # the council of the cell
    assert record["sources"][0] | {"sha256": None} == {
        "table": "cases",
        "file": "cases.csv",
        "sha256": None,
        "format": "la311",
        "n_read": 9999,
        "n_accepted": 9987,
        "n_rejected": 12,
    }


def test_ingest_again_gives_the_same_data_and_touches_nothing_else(walked):
    folder, _, first = walked
    second = {
        p.relative_to(folder / "la" / "data"): p.read_bytes()
        for p in (folder / "la" / "data").rglob("*")
        if p.is_file()
    }
    assert second == first
    assert (folder / "mine.txt").read_text() == "the user's own file"
    assert sorted(p.name for p in folder.iterdir()) == ["la", "mine.txt"]
    assert sorted(p.name for p in (folder / "la").iterdir()) == ["city.yml", "data", "raw", "reports"]
