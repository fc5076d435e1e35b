"""One full Demo City report per test session, built by the CLI from a copy of the Demo City with
personal data and spreadsheet formulas planted in it; report tests share it instead of rebuilding.

Planted in ``cases.csv``: columns a real 数字城管 / 12345 export carries (reporter name, phone, ID
number, exact address, free-text description), with descriptions that begin with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return. The Demo City's messages already carry fake phone and ID numbers
and formula-like texts (listed in its truth manifest).

Planted in every free-text input — case descriptions, message titles and texts, intervention
descriptions — one of :data:`PLANTED_NUMBERS` per row, in turn: the phone and ID number formats the
masking must catch beyond the plain mainland ones (``test_messages_section`` puts them at the start of
every message it builds a report from, so that they would be in the quoted excerpts were they not
masked). The report output was written into a folder that already held a file of the user's
(:data:`PLANTED_NEIGHBOUR`), beside the report's own folder.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from governance_analytics import cli
from tests.planted import PLANTED_NUMBERS, searchable  # noqa: F401 (searchable: for the report tests)

PERIOD = "2025-Q4"

#: Personal values planted in every case row; none may appear in any output file.
PLANTED_PERSONAL = {
    "reporter_name": "欧阳小明",
    "reporter_phone": "13987654321",
    "id_number": "11010519800101123X",
    "address": "望江街道幸福路88号3单元502室",
}
#: A department's name typed by hand with a phone number and a leading "=" in every one of its cases:
#: a label the report shows (the KPI table), so it must come out scrubbed and, in the workbook, as
#: quote-prefixed text. (Renaming a whole department leaves every count of the report unchanged.)
PLANTED_LABEL = "=街道办事处 13987654321"
PLANTED_DEPARTMENT = "街道办事处"
#: Case descriptions that a spreadsheet would evaluate as formulas if written naively.
PLANTED_FORMULAS = ('=HYPERLINK("http://example.invalid","点击")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+2", "\r=3+4")


#: A file of the user's in the report's parent folder, which the run must leave as it was.
PLANTED_NEIGHBOUR = "my-notes.txt"


def _with_numbers(texts: pd.Series) -> pd.Series:
    """Each text followed by one of :data:`PLANTED_NUMBERS`, in turn."""
    numbers = list(PLANTED_NUMBERS.values())
    return pd.Series([f"{t} 联系{numbers[i % len(numbers)]}" for i, t in enumerate(texts)], index=texts.index)


@pytest.fixture(scope="session", autouse=True)
def read_each_input_once():
    """The report tests build many reports from the same files: read and validate each file once per
    session (keyed by path, size and modification time, so a changed or new file is read afresh) and
    hand every build the same result. Builds never modify their inputs (tables in, tables out)."""
    from governance_analytics import workspace

    read, cache = workspace.read_input, {}

    def read_once(name, path, *, crs=None):
        stat = Path(path).stat()
        key = (str(Path(path).resolve()), name, crs, stat.st_size, stat.st_mtime_ns)
        if key not in cache:
            cache[key] = read(name, path, crs=crs)
        return cache[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workspace, "read_input", read_once)
        yield


@pytest.fixture(scope="session")
def planted_dir(demo_dir, tmp_path_factory) -> Path:
    """A copy of the Demo City directory whose cases carry planted personal columns and formulas."""
    target = tmp_path_factory.mktemp("planted") / "demo"
    shutil.copytree(demo_dir, target, ignore=shutil.ignore_patterns("exports"))
    cases = pd.read_csv(target / "cases.csv", dtype=str, keep_default_na=False)
    for column, value in PLANTED_PERSONAL.items():
        cases[column] = value
    cases["description"] = _with_numbers(
        pd.Series([PLANTED_FORMULAS[i % len(PLANTED_FORMULAS)] for i in range(len(cases))])
    )
    cases.loc[cases["department"] == PLANTED_DEPARTMENT, "department"] = PLANTED_LABEL
    # quote every field: pandas leaves a field holding a lone "\r" unquoted (its line terminator is
    # "\n"), and every CSV reader ends the record there, so "\r=3+4" would never reach a description
    cases.to_csv(target / "cases.csv", index=False, quoting=csv.QUOTE_ALL)
    messages = pd.read_csv(target / "messages.csv", dtype=str, keep_default_na=False)
    messages["text"] = _with_numbers(messages["text"])
    messages["title"] = _with_numbers(messages["title"])
    messages.to_csv(target / "messages.csv", index=False)
    interventions = pd.read_csv(target / "interventions.csv", dtype=str, keep_default_na=False)
    interventions["description"] = _with_numbers(interventions["description"])
    interventions.to_csv(target / "interventions.csv", index=False)
    return target


@pytest.fixture(scope="session")
def cli_report(planted_dir, tmp_path_factory) -> Path:
    """Directory of the full Chinese report for :data:`PERIOD` written by ``governance-analytics report``."""
    out = tmp_path_factory.mktemp("reports")
    (out / "demo-city").mkdir()
    (out / "demo-city" / PLANTED_NEIGHBOUR).write_text("mine", encoding="utf-8")
    assert cli.main(["report", "--data", str(planted_dir), "--period", PERIOD, "--out", str(out)]) == 0
    return out / "demo-city" / PERIOD
