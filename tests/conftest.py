"""Shared fixtures: the Demo City (generated once into data/demo, reused by notebooks) and paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import governance_analytics as ga

ROOT = Path(__file__).resolve().parents[1]

#: Session fixtures that cost tens of seconds: every test using one runs on the same pytest-xdist
#: worker (``--dist loadgroup``), so that each is built once per run, not once per worker.
SHARED_BUILDS = ("cli_report", "planted_dir", "notebook_run")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which names the group in the node id
def pytest_collection_modifyitems(config, items):
    for item in items:
        if set(SHARED_BUILDS) & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("full_report"))


SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def demo_city():
    """The default Demo City as read back from its CSV files in data/demo (generated on first use)."""
    return ga.demo.load()


@pytest.fixture(scope="session")
def demo_dir(demo_city) -> Path:
    """Directory of the default Demo City."""
    return ga.demo.default_dir()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: real public data beside the project. CI has it and sets
    ``GA_REQUIRE_SHARED_DATA``, so that there a missing folder fails the tests instead of skipping them."""
    if not SHARED_DATA.exists():
        if os.environ.get("GA_REQUIRE_SHARED_DATA"):
            pytest.fail(f"{SHARED_DATA} not available, and GA_REQUIRE_SHARED_DATA is set (CI)")
        pytest.skip(f"{SHARED_DATA} not available")
    return SHARED_DATA


@pytest.fixture(scope="session")
def census_county_2020(shared_data):
    """The 2020 county census table (``../shared/data/census``), read once per session: Chinese
    headers, with national and province/prefecture subtotal rows mixed in (filter by 区划代码)."""
    import pandas as pd

    return pd.read_excel(shared_data / "census" / "census_county_2020_v1.xlsx")


SF = "cases/sf311_sample_2008_2016/sf311_sample_10000.csv"
MESSAGES = "messages/citizen_messages_labelled.csv"


@pytest.fixture(scope="session")
def sf_workspace(shared_data, tmp_path_factory):
    """A San Francisco workspace made by ``ingest``: the SF311 sample split in two files that share 100
    case ids, the labelled messages with their own Chinese column names; no boundaries, so the grid is
    drawn from the cases. Returns the workspace folder and the ingest result."""
    import pandas as pd

    from governance_analytics.config import init_workspace
    from governance_analytics.io.ingest import ingest

    root = tmp_path_factory.mktemp("sf") / "sf"
    init_workspace(root, city={"zh": "旧金山", "en": "San Francisco"}, timezone="America/Los_Angeles")
    raw = pd.read_csv(shared_data / SF, dtype=str, keep_default_na=False)
    raw.iloc[:5100].to_csv(root / "raw" / "a.csv", index=False)
    raw.iloc[5000:].to_csv(root / "raw" / "b.csv", index=False)  # rows 5000–5099 in both files
    (root / "raw" / "messages.csv").write_bytes((shared_data / MESSAGES).read_bytes())
    (root / "city.yml").write_text(
        "city: {zh: 旧金山, en: San Francisco}\ntimezone: America/Los_Angeles\n"
        "sources:\n  cases: {files: [raw/a.csv, raw/b.csv]}\n"
        "  messages:\n    file: raw/messages.csv\n"
        "    columns: {message_id: 留言编号, received_at: 留言时间, title: 留言主题, text: 留言详情, label: 一级分类}\n",  # noqa: E501  (one record, as the file holds it)
        encoding="utf-8",
    )
    return root, ingest(root / "city.yml")
