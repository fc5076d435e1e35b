"""safe_write: an output replaces only an earlier output of its writer, appears whole, and a failure
leaves everything as it was — no staging folder, no parent folder the run made."""

from __future__ import annotations

import errno
import json

import pytest

from governance_analytics.safe_write import MANIFEST, OutputRefused, is_output, output_directory, output_file


def _write(target, files: dict[str, str], *, writer: str = "convert", legacy=None):
    with output_directory(target, writer=writer, legacy=legacy) as staging:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
    return target


def _tree(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_a_new_output_appears_with_its_manifest_and_the_neighbours_survive(tmp_path):
    (tmp_path / "mine.txt").write_text("mine")
    _write(tmp_path / "out", {"a.csv": "1", "sub/b.csv": "2"})
    assert _tree(tmp_path) == ["mine.txt", "out", f"out/{MANIFEST}", "out/a.csv", "out/sub", "out/sub/b.csv"]
    record = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert record == {"writer": "convert", "files": ["a.csv", "sub/", "sub/b.csv"]}
    assert is_output(tmp_path / "out", writer="convert") and not is_output(tmp_path / "out", writer="report")
    assert (tmp_path / "mine.txt").read_text() == "mine"


def test_an_earlier_output_is_replaced_whole(tmp_path):
    (tmp_path / "mine.txt").write_text("mine")
    _write(tmp_path / "out", {"a.csv": "old", "old-only.csv": "x"})
    _write(tmp_path / "out", {"a.csv": "new"})
    assert _tree(tmp_path) == ["mine.txt", "out", f"out/{MANIFEST}", "out/a.csv"]
    assert (tmp_path / "out" / "a.csv").read_text() == "new"


@pytest.mark.parametrize("make", ["folder of the user's", "working directory", "file", "symlink", "other writer"])
def test_what_is_not_ours_is_refused_and_left_as_it_was(tmp_path, make, monkeypatch):
    target = tmp_path / "out"
    if make == "folder of the user's":
        target.mkdir()
        (target / "thesis.docx").write_text("years of work")
    elif make == "working directory":
        (tmp_path / "thesis.docx").write_text("years of work")
        monkeypatch.chdir(tmp_path)
        target = tmp_path.joinpath(".")
    elif make == "file":
        target.write_text("years of work")
    elif make == "symlink":
        (tmp_path / "real").mkdir()
        target.symlink_to(tmp_path / "real")
    else:
        _write(target, {"report.html": "x"}, writer="report")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(OutputRefused, match=str(target.name or target)):
        _write(target, {"a.csv": "1"})
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before  # nothing changed, nothing added


def test_an_earlier_output_holding_a_file_of_the_users_is_refused(tmp_path):
    target = _write(tmp_path / "out", {"a.csv": "old"})
    (target / "my-notes.txt").write_text("mine")
    with pytest.raises(OutputRefused, match=r"files convert did not write \(my-notes.txt\)"):
        _write(target, {"a.csv": "new"})
    assert (target / "my-notes.txt").read_text() == "mine" and (target / "a.csv").read_text() == "old"
    assert not is_output(target, writer="convert")


def test_an_empty_folder_is_used(tmp_path):
    (tmp_path / "out").mkdir()
    _write(tmp_path / "out", {"a.csv": "1"})
    assert (tmp_path / "out" / "a.csv").read_text() == "1"


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_run_leaves_the_earlier_output_and_no_trace(tmp_path, error):
    (tmp_path / "mine.txt").write_text("mine")
    target = _write(tmp_path / "out", {"a.csv": "old"})
    before = _tree(tmp_path)
    with pytest.raises(type(error)):
        with output_directory(target, writer="convert") as staging:
            (staging / "a.csv").write_text("half")
            raise error
    assert _tree(tmp_path) == before and (target / "a.csv").read_text() == "old"


def test_a_failed_first_run_removes_the_parents_it_made_and_only_those(tmp_path):
    (tmp_path / "reports").mkdir()
    with pytest.raises(RuntimeError):
        with output_directory(tmp_path / "reports" / "city" / "2025-Q1", writer="report"):
            raise RuntimeError("disk full")
    assert _tree(tmp_path) == ["reports"]


def test_a_file_appearing_during_the_run_stops_the_swap(tmp_path):
    target = _write(tmp_path / "out", {"a.csv": "old"})
    with pytest.raises(OutputRefused):
        with output_directory(target, writer="convert") as staging:
            (staging / "a.csv").write_text("new")
            (target / "late.txt").write_text("mine")
    assert (target / "late.txt").read_text() == "mine" and (target / "a.csv").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_legacy_output_is_recognised_by_its_files_only(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "report.html").write_text("old")
    legacy = {"report.html", "report.pdf"}.issuperset
    _write(target, {"report.html": "new"}, writer="report", legacy=legacy)
    assert (target / "report.html").read_text() == "new"
    other = tmp_path / "other"
    other.mkdir()
    (other / "report.html").write_text("old")
    (other / "thesis.docx").write_text("mine")
    with pytest.raises(OutputRefused):
        _write(other, {"report.html": "new"}, writer="report", legacy=legacy)
    assert (other / "thesis.docx").read_text() == "mine"


def test_output_file_refuses_an_existing_file_unless_asked(tmp_path):
    (tmp_path / "mine.txt").write_text("mine")
    path = tmp_path / "cells.gpkg"
    with output_file(path) as partial:
        assert partial.parent == tmp_path and partial.suffix == ".gpkg" and not partial.exists()
        partial.write_text("one")
    with pytest.raises(OutputRefused, match="already exists"):
        with output_file(path):
            pass
    with output_file(path, overwrite=True) as partial:
        partial.write_text("two")
    assert path.read_text() == "two"
    with pytest.raises(RuntimeError):
        with output_file(path, overwrite=True) as partial:
            partial.write_text("half")
            raise RuntimeError
    assert path.read_text() == "two" and sorted(p.name for p in tmp_path.iterdir()) == ["cells.gpkg", "mine.txt"]
    with pytest.raises(OutputRefused, match="is a folder"):
        with output_file(tmp_path):
            pass


# ------------------------------------------------------------------------------ killed outright
_KILLED_WRITER = """
import sys, time
from pathlib import Path
from governance_analytics.safe_write import output_directory, output_file
target, kind = Path(sys.argv[1]), sys.argv[2]
writing = output_directory(target, writer="convert") if kind == "dir" else output_file(target, overwrite=True)
with writing as place:
    (place / "half.csv" if kind == "dir" else place).write_text("half", encoding="utf-8")
    print("writing", flush=True)
    time.sleep(120)
"""


def _kill_while_writing(target, kind: str) -> None:
    import os
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target), kind], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "writing"
        assert any(".staging-" in p.name or ".partial-" in p.name for p in target.parent.iterdir())  # mid-write
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()


def _settled(folder, expected: list[str], seconds: float = 15.0) -> list[str]:
    """The folder's listing once it equals ``expected`` (the watcher has run), or after ``seconds``."""
    import time

    deadline = time.monotonic() + seconds
    while _tree(folder) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return _tree(folder)


def test_a_run_killed_outright_leaves_no_staging_folder_and_the_earlier_output(tmp_path):
    (tmp_path / "mine.txt").write_text("mine")
    _write(tmp_path / "out", {"a.csv": "earlier"})
    before = _tree(tmp_path)
    _kill_while_writing(tmp_path / "out", "dir")
    assert _settled(tmp_path, before) == before
    assert (tmp_path / "out" / "a.csv").read_text() == "earlier"


def test_a_file_write_killed_outright_leaves_no_partial_file(tmp_path):
    (tmp_path / "grid.csv").write_text("earlier")
    _kill_while_writing(tmp_path / "grid.csv", "file")
    assert _settled(tmp_path, ["grid.csv"]) == ["grid.csv"]
    assert (tmp_path / "grid.csv").read_text() == "earlier"


def test_a_kill_inside_the_swap_puts_the_earlier_output_back(tmp_path):
    from governance_analytics.safe_write import _watcher

    _write(tmp_path / "out", {"a.csv": "earlier"})
    staging, holder = tmp_path / ".out.staging-x", tmp_path / ".out.old-x"
    staging.mkdir()
    with _watcher(tmp_path / "out", holder) as watcher:  # the swap's first rename done, then the writer dies
        watcher.announce(staging)
        holder.mkdir()
        (tmp_path / "out").rename(holder / "out")
    assert _settled(tmp_path, ["out", f"out/{MANIFEST}", "out/a.csv"]) == ["out", f"out/{MANIFEST}", "out/a.csv"]
    assert (tmp_path / "out" / "a.csv").read_text() == "earlier"


def test_a_path_announced_to_the_watcher_is_removed_and_a_withdrawn_one_kept(tmp_path):
    from governance_analytics.safe_write import _watcher

    ours, theirs, never = tmp_path / ".out.staging-a", tmp_path / ".out.staging-b", tmp_path / ".out.staging-c"
    with _watcher(tmp_path / "out") as watcher:
        watcher.announce(never)  # announced before it is made: a kill in between leaves nothing to remove
        watcher.announce(ours)
        ours.mkdir()
        (ours / "half.csv").write_text("half")
        watcher.announce(theirs)  # the name was taken after all: not ours to remove
        theirs.mkdir()
        watcher.withdraw(theirs)
    assert _settled(tmp_path, [".out.staging-b"]) == [".out.staging-b"]


_WRITER_AT_ONCE = """
import sys, time
from pathlib import Path
from governance_analytics.safe_write import output_directory
print("ready", flush=True)
sys.stdin.readline()
with output_directory(Path(sys.argv[1]), writer="convert") as place:
    time.sleep(120)
"""


def test_a_kill_the_moment_the_staging_folder_appears_leaves_nothing(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    for attempt in range(5):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER_AT_ONCE, str(folder / "out")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "ready"
        proc.stdin.write("go\n")
        proc.stdin.flush()
        while not any(folder.iterdir()) and proc.poll() is None:
            pass  # no sleep: the kill lands as soon as the staging folder exists
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _settled(folder, []) == [], f"attempt {attempt}"
