"""The notebooks take every phrase from the package (issue 18): none keeps its own zh/en dictionary,
and every phrase and label map they ask ``reporting.i18n`` for exists in both languages."""

import re
from pathlib import Path

import nbformat
import pytest

from governance_analytics.reporting import i18n

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _code(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_keeps_its_own_translations(path):
    assert not re.search(r'^\s*\w+\s*=\s*\{\s*"zh"\s*:', _code(path), flags=re.M)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_phrase_a_notebook_asks_for_exists(lang):
    asked = {name: set() for name in ("text", "labels")}
    for path in NOTEBOOKS:
        for kind, key in re.findall(r'i18n\.(text|labels)\("(\w+)"', _code(path)):
            asked[kind].add(key)
    assert {"nb03_rates", "nb04_heatmap"} <= asked["text"] and "ladder_tiers" in asked["labels"]
    for key in asked["text"]:
        assert i18n.text(key, lang, year=2023, n=10)
    for name in asked["labels"]:
        assert isinstance(i18n.labels(name, lang), dict)
    assert i18n.labels("ladder_tiers", "zh")["citizen_power"] == "公民权力"
