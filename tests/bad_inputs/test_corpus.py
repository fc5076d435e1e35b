"""Every case of the bad-input corpus gives its expected outcome: a clear error that names the file, a
reasoned reject with counts that reconcile, or a correct read — and never a traceback."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from governance_analytics import cli
from governance_analytics.config import load_city
from governance_analytics.io import read_cases, read_table
from governance_analytics.io.yaml_safe import load_yaml
from governance_analytics.workspace import load_inputs
from tests.bad_inputs.corpus import CORPUS, Case, Error, Ran, Read, write


def _file(case: Case, name: str, folder: Path) -> Path:
    return folder / name


def _call(case: Case, folder: Path):
    how, *args = case.how
    if how == "cases":
        return read_cases(folder / args[0], **args[1])
    if how == "table":
        return read_table(folder / args[0], schema=args[1], **args[2])
    if how == "yaml":
        return load_yaml(folder / args[0])
    if how == "city":
        return load_city(folder / args[0])
    if how == "inputs":
        return load_inputs(folder / args[0])[0]["cases"]
    raise AssertionError(how)


def _cli(case: Case, folder: Path) -> tuple[int, str, str]:
    argv = [a.replace("{d}", str(folder)) for a in case.how[1:]]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    return status, out.getvalue(), err.getvalue()


def _named(case: Case, expect: Error) -> str:
    return expect.names or next(iter(case.files), "")


def _check_error(case: Case, expect: Error, message: str) -> None:
    assert "\n" not in message.strip() and "Traceback" not in message, message
    assert _named(case, expect) in message, f"the message does not name {_named(case, expect)!r}: {message}"
    for pattern in expect.patterns:
        assert re.search(pattern, message, flags=re.IGNORECASE), f"{pattern!r} not in: {message}"


def _as_text(value) -> str:
    return str(pd.Timestamp(value)) if isinstance(value, pd.Timestamp) else str(value)


def _check_read(expect: Read, result) -> None:
    if isinstance(result, dict):  # a YAML document
        assert result == expect.values["yaml"][0]
        return
    assert (result.n_read, len(result.data), len(result.rejects)) == (
        expect.n_read,
        expect.n_accepted,
        expect.n_read - expect.n_accepted,
    ), result.rejects.get("reason")
    reasons = result.rejects["reason"].tolist() if len(result.rejects) else []
    for pattern in expect.reasons:
        assert any(re.search(pattern, r) for r in reasons), f"{pattern!r} not among {reasons}"
    for column, values in expect.values.items():
        assert [_as_text(v) for v in result.data[column]] == values, column


@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_bad_input(case: Case, tmp_path):
    write(case, tmp_path)
    expect = case.expect
    if case.how[0] == "cli":
        status, out, err = _cli(case, tmp_path)
        if isinstance(expect, Error):
            lines = [line for line in err.splitlines() if line.startswith("error:")]
            assert status == 2 and len(lines) == 1, (status, out, err)
            _check_error(case, expect, lines[0])
        else:
            assert status == 0, err
            assert isinstance(expect, Ran)
            for pattern in expect.patterns:
                assert re.search(pattern, out), (pattern, out)
        return
    if isinstance(expect, Error):
        with pytest.raises(ValueError) as raised:
            _call(case, tmp_path)
        _check_error(case, expect, str(raised.value))
    else:
        assert isinstance(expect, Read)
        _check_read(expect, _call(case, tmp_path))


def test_the_corpus_is_large_and_covers_every_kind():
    assert len(CORPUS) >= 80 and len({c.name for c in CORPUS}) == len(CORPUS)
    kinds = {c.kind for c in CORPUS}
    assert kinds == {
        "encoding",
        "compressed",
        "structure",
        "workbook",
        "dates",
        "values",
        "settings",
        "outputs",
        "masking",
    }
    assert {type(c.expect) for c in CORPUS} == {Error, Read, Ran}


def test_rejects_written_by_convert_hold_no_personal_data_and_no_formula(tmp_path):
    case = next(c for c in CORPUS if c.name == "masked_in_rejects")
    write(case, tmp_path)
    assert _cli(case, tmp_path)[0] == 0
    text = (tmp_path / "out" / "rejects.csv").read_text(encoding="utf-8")
    assert "13812345678" not in text and "a.b@example.com" not in text and "[电话]" in text and "[邮箱]" in text
    assert ",'=HYPERLINK" in text or "\"'=HYPERLINK" in text
