"""Outputs written whole or not at all, and never over anything the run did not create.

DESIGN.md, invariant 7. Every writer of the suite — ``convert``, the report, the Demo City, a grid
file — goes through :func:`output_directory` or :func:`output_file`:

1. **Refuse what is not ours.** The target must be absent, an empty directory, or an earlier output
   of the *same* writer: a directory holding the manifest :data:`MANIFEST` that names the writer and
   lists every file in it. Anything else — an existing folder of the user's (``--out ~/Documents``,
   ``--out .``), a file, a symbolic link, an earlier output into which someone has put a file of
   their own — is refused with :class:`OutputRefused`, before any work is done, and nothing is touched.
2. **Stage beside the target.** Files are written into a fresh hidden folder next to the target
   (same file system, so the final rename is atomic), never into the target itself.
3. **Swap when complete.** Only when the writer returns without error is the manifest written, the
   target checked again, the earlier output moved aside into a fresh hidden folder, the staging folder
   renamed to the target, and the earlier output (which holds only files the manifest lists) removed.
4. **A failure leaves no trace.** On any exception (a full disk, an interrupt) the staging folder is
   removed, together with the parent folders this run created, and the earlier output is untouched.

5. **A killed run leaves no trace either.** A process killed outright (``kill -9``, the machine's
   out-of-memory killer) runs no clean-up of its own, so each write starts a tiny watcher process
   (:func:`_watcher`) that holds the read end of a pipe whose write end only the writer holds. When
   the writer ends — finished, failed or killed — the pipe closes and the watcher removes what the
   write left: the staging folder, a partial file, and, had the kill fallen inside the swap, puts the
   earlier output back where it was.

References
----------
POSIX ``rename(2)``: renaming a directory within one file system is atomic. The write-to-temporary-
then-rename pattern: e.g. ``os.replace`` in the Python documentation.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from governance_analytics.errors import OutputRefused

__all__ = ["MANIFEST", "OutputRefused", "check_output", "is_output", "output_directory", "output_file"]

#: The manifest every output directory carries: the writer's name and the files it wrote.
MANIFEST = ".governance-analytics-output.json"


def _listing(directory: Path) -> list[str]:
    """Every file and folder under ``directory``, relative, sorted (folders end in ``/``)."""
    return sorted(
        str(p.relative_to(directory)) + ("/" if p.is_dir() and not p.is_symlink() else "")
        for p in directory.rglob("*")
        if p.name != MANIFEST or p.parent != directory
    )


def _manifest(directory: Path) -> dict | None:
    try:
        record = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def is_output(directory: str | os.PathLike, *, writer: str) -> bool:
    """Whether ``directory`` is a complete earlier output of ``writer`` holding nothing else."""
    directory = Path(directory)
    if directory.is_symlink() or not directory.is_dir():
        return False
    record = _manifest(directory)
    return (
        record is not None
        and record.get("writer") == writer
        and set(_listing(directory)) <= set(record.get("files", []))
    )


def check_output(target: str | os.PathLike, *, writer: str, legacy: Callable[[list[str]], bool] | None = None) -> None:
    """Raise :class:`OutputRefused` unless ``target`` is absent, empty or an earlier output of ``writer``
    (:func:`output_directory` checks this itself; a writer with much work to do calls it first, to
    fail before the work)."""
    target, what = Path(os.path.abspath(target)), writer
    if target.is_symlink():
        raise OutputRefused(
            f"{target}: is a symbolic link; {what} writes a new folder of its own there, choose another path"
        )
    if not target.exists():
        blocking = next((p for p in target.parents if p.exists()), None)
        if blocking is not None and not blocking.is_dir():
            raise OutputRefused(f"{target}: cannot be made, as {blocking} is a file, not a folder")
        return
    if not target.is_dir():
        raise OutputRefused(
            f"{target}: is a file, not a folder; {what} needs a new or empty folder, or one it wrote before"
        )
    if not any(target.iterdir()):
        return
    record = _manifest(target)
    if record is None and legacy is not None and legacy(_listing(target)):
        return
    if record is None or record.get("writer") != writer:
        raise OutputRefused(
            f"{target}: exists and is not an earlier {what} output, so it is left as it is; "
            f"choose a new or empty folder"
        )
    foreign = sorted(set(_listing(target)) - set(record.get("files", [])))
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise OutputRefused(
            f"{target}: an earlier {what} output that now also holds files {what} did not write "
            f"({shown}); move them out or choose another folder"
        )


#: The watcher's program: wait until the writer's end of the pipe closes (stdin reaches end of file),
#: then put an earlier output moved aside back if the target is missing, and remove what is left. The
#: writer announces each path (NUL-terminated) *before* it creates it; ``-path`` withdraws one.
_WATCH = """
import os, shutil, sys
received = b""
while chunk := os.read(0, 65536):
    received += chunk
paths = []
for entry in received.split(b"\\0")[:-1]:
    if entry.startswith(b"-"):
        paths.remove(entry[1:])
    else:
        paths.append(entry)
target, holder = sys.argv[1:]
earlier = os.path.join(holder, os.path.basename(target))
if holder and os.path.lexists(earlier) and not os.path.lexists(target):
    os.rename(earlier, target)
for path in ([holder] if holder else []) + [os.fsdecode(p) for p in paths]:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        os.unlink(path)
"""


class _Watcher:
    """The writer's end of the pipe to the watcher process: :meth:`announce` a path before creating
    it, :meth:`withdraw` it if it turned out not to be ours."""

    def __init__(self, write_end: int) -> None:
        self._write_end = write_end

    def announce(self, path: Path) -> None:
        self._send(os.fsencode(path) + b"\0")

    def withdraw(self, path: Path) -> None:
        self._send(b"-" + os.fsencode(path) + b"\0")

    def _send(self, data: bytes) -> None:
        while data:  # a pipe may take a long path in more than one write
            data = data[os.write(self._write_end, data) :]


@contextmanager
def _watcher(target: Path, holder: Path | None = None) -> Iterator[_Watcher]:
    """Run the block with a watcher process that, once this process ends in any way, removes every
    path announced to it (and ``holder``, after putting the earlier output it holds back at
    ``target`` if ``target`` is missing). Paths that do not exist are left alone."""
    read_end, write_end = os.pipe()
    try:
        subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _WATCH, str(target), str(holder or "")],
            stdin=read_end,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    finally:
        os.close(read_end)
    try:
        yield _Watcher(write_end)
    finally:
        os.close(write_end)


def _fresh(folder: Path, prefix: str, suffix: str, watcher: _Watcher, create: Callable[[Path], None]) -> Path:
    """Create a new, randomly named entry in ``folder`` with ``create`` (which must refuse an existing
    one), announced to the watcher first, so that no kill can leave it behind."""
    while True:
        path = folder / f"{prefix}{secrets.token_hex(8)}{suffix}"
        watcher.announce(path)
        try:
            create(path)
        except FileExistsError:
            watcher.withdraw(path)
            continue
        return path


def _missing_parents(path: Path) -> list[Path]:
    """The ancestors of ``path`` that do not exist yet, nearest first."""
    return [p for p in path.parents if not p.exists()]


def _remove_if_empty(folders: list[Path]) -> None:
    for folder in folders:  # nearest first, so a parent is empty once its child is gone
        try:
            folder.rmdir()
        except OSError:
            return


def _refuse_existing(path: Path) -> None:
    if os.path.lexists(path):
        raise FileExistsError(path)


def _swap(staging: Path, target: Path, holder: Path) -> None:
    """Rename ``staging`` to ``target``; an earlier ``target`` is moved aside into the new folder
    ``holder`` first, then removed."""
    if not target.exists():
        staging.rename(target)
        return
    holder.mkdir()
    target.rename(holder / target.name)
    try:
        staging.rename(target)
    except BaseException:
        (holder / target.name).rename(target)  # the earlier output back where it was …
        shutil.rmtree(holder, ignore_errors=True)  # … and its empty holder gone, the first error kept
        raise
    shutil.rmtree(holder)


@contextmanager
def output_directory(
    target: str | os.PathLike, *, writer: str, legacy: Callable[[list[str]], bool] | None = None
) -> Iterator[Path]:
    """Write an output directory atomically (see the module notes); yields the folder to write into.

    Parameters
    ----------
    target
        The directory the output is to become.
    writer
        Name of the writer (``"convert"``, ``"report"``, ``"demo-data"``): an earlier output is
        replaced only by the writer that made it.
    legacy
        Recognises an output the writer made before outputs carried a manifest, from the list of
        its entries (:func:`_listing`); such a folder is replaced as an earlier output.

    Raises
    ------
    OutputRefused
        Before anything is written, when ``target`` is not ours to replace.

    Examples
    --------
    >>> with output_directory(out, writer="convert") as staging:   # doctest: +SKIP
    ...     (staging / "convert.json").write_text("{}")
    """
    target = Path(os.path.abspath(target))  # "." and ".." resolved: the staging folder goes beside the target
    check_output(target, writer=writer, legacy=legacy)
    created, staging = _missing_parents(target), None
    holder = target.parent / f".{target.name}.old-{secrets.token_hex(8)}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _watcher(target, holder) as watcher:
            staging = _fresh(target.parent, f".{target.name}.staging-", "", watcher, os.mkdir)
            yield staging
            record = {"writer": writer, "files": _listing(staging)}
            (staging / MANIFEST).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            check_output(target, writer=writer, legacy=legacy)
            _swap(staging, target, holder)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(created)
        raise


@contextmanager
def output_file(path: str | os.PathLike, *, overwrite: bool = False) -> Iterator[Path]:
    """Write one file atomically: yields a temporary path beside ``path``, renamed to it on success.

    An existing ``path`` is refused with :class:`OutputRefused` unless ``overwrite`` is true; on any
    failure the temporary file is removed and ``path`` is untouched.
    """
    path = Path(os.path.abspath(path))
    if path.is_dir() or (path.exists() and not overwrite):
        raise OutputRefused(
            f"{path}: already exists; pass overwrite=True to replace it"
            if not path.is_dir()
            else f"{path}: is a folder, not a file"
        )
    created, partial = _missing_parents(path), None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _watcher(path) as watcher:
            # a free name, not a file: writers that refuse an existing file (GeoPackage) can use it
            partial = _fresh(path.parent, f".{path.stem}.partial-", path.suffix, watcher, _refuse_existing)
            yield partial
            os.replace(partial, path)
    except BaseException:
        if partial is not None:
            partial.unlink(missing_ok=True)
        _remove_if_empty(created)
        raise
