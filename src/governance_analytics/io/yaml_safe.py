"""Settings files read safely: YAML with no code, bounded in size and in aliases, errors that say where.

Configs and mappings (``city.yml``, ``report.yml``, a column mapping) are typed by hand and sometimes
copied from elsewhere. :func:`load_yaml`

- reads at most :data:`MAX_BYTES` (a settings file is a few kilobytes);
- parses with PyYAML's safe loader: tags such as ``!!python/object`` are an error, never code;
- refuses a document that would expand, its aliases (``*name``) followed, to more than
  :data:`MAX_NODES` values — the "billion laughs" document, whose few lines expand to a billion
  strings (PyYAML shares an alias's value rather than copying it, but whatever prints, copies or
  walks the value then runs out of memory);
- turns every failure into a :class:`ValueError` naming the file, and for syntax errors the line and
  column.

Reference: YAML 1.1 §3.2.2 (anchors and aliases); "Billion laughs attack" (CWE-776).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

__all__ = ["MAX_BYTES", "MAX_NODES", "load_yaml"]

#: Largest settings file read.
MAX_BYTES = 1 << 20
#: Most values a settings file may expand to, aliases followed.
MAX_NODES = 100_000


def _expanded_size(node, sizes: dict) -> int:
    """Values under ``node`` with every alias followed (each shared node counted once per use)."""
    key = id(node)
    if key not in sizes:
        sizes[key] = 0  # a node that contains itself: counted as one
        children = node.value if isinstance(node.value, list) else []
        parts = [p for child in children for p in (child if isinstance(child, tuple) else (child,))]
        sizes[key] = 1 + sum(_expanded_size(part, sizes) for part in parts)
    return sizes[key]


def load_yaml(path: str | os.PathLike):
    """The YAML document in ``path`` as Python data (``None`` for an empty file); see the module notes."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValueError(f"{path}: {size:,} bytes is too large for a settings file (at most {MAX_BYTES:,})")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except UnicodeDecodeError as err:
        raise ValueError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}); save it as UTF-8") from None
    except OSError as err:
        raise ValueError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            size = _expanded_size(node, {})
            if size > MAX_NODES:
                raise ValueError(f"{path}: expands to {size:,} values through its aliases (*name); a settings file "
                                 f"may hold at most {MAX_NODES:,}")
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise ValueError(f"{path}: not valid YAML{where}: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({' '.join(str(err).split())})") from None
