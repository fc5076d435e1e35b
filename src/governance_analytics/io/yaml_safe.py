"""Settings files read safely: YAML with no code, bounded in size and in aliases, errors that say where.

Configs and mappings (``city.yml``, ``report.yml``, a column mapping) are typed by hand and sometimes
copied from elsewhere. :func:`load_yaml`

- reads at most :data:`MAX_BYTES` (a settings file is a few kilobytes);
- parses with PyYAML's safe loader: tags such as ``!!python/object`` are an error, never code;
- refuses a document that would expand, its aliases (``*name``) followed, to more than
  :data:`MAX_NODES` values — the "billion laughs" document, whose few lines expand to a billion
  strings (PyYAML shares an alias's value rather than copying it, but whatever prints, copies or
  walks the value then runs out of memory);
- refuses a key given twice in one mapping (YAML 1.2 §3.2.1.1: keys are unique; PyYAML would keep
  the last silently);
- reads only ``true``/``false`` as booleans, as YAML 1.2 does: ``yes``, ``no``, ``on``, ``off``,
  ``Y`` and ``N`` stay text, so a value map ``{Yes: closed, No: open}`` keeps its keys;
- turns every failure into a :class:`ValueError` naming the file, and for syntax errors the line and
  column.

Reference: YAML 1.1 §3.2.2 (anchors and aliases); "Billion laughs attack" (CWE-776).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

__all__ = ["MAX_BYTES", "MAX_NODES", "load_yaml"]

#: Largest settings file read.
MAX_BYTES = 1 << 20
#: Most values a settings file may expand to, aliases followed.
MAX_NODES = 100_000


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 booleans and unique keys."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)):
                    continue
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} is given twice", key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


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
        node = yaml.compose(text, Loader=_Loader)
        if node is not None:
            size = _expanded_size(node, {})
            if size > MAX_NODES:
                raise ValueError(
                    f"{path}: expands to {size:,} values through its aliases (*name); a settings file "
                    f"may hold at most {MAX_NODES:,}"
                )
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise ValueError(f"{path}: not valid YAML{where}: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({' '.join(str(err).split())})") from None
