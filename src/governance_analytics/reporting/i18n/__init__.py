"""Display labels and report phrases in Chinese (default) and English.

Column names and codes stay English snake_case in the package; data values from Chinese standards
(case classes, channels, departments) stay Chinese. Here both get their display form per language.

Phrases live beside the part of the report that uses them (``_frame``, ``_cases``, ``_population``,
``_participation``, ``_community``, ``_messages``, ...); labels of columns and values in ``_labels``.
A phrase key defined in two places is an error at import.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "text", "label", "labels", "number", "percent", "points", "p_value", "date"]

from governance_analytics.report_settings import LANGUAGES
from governance_analytics.reporting.i18n import (
    _cases,
    _community,
    _disclosure,
    _frame,
    _messages,
    _notebooks,
    _participation,
    _population,
)
from governance_analytics.reporting.i18n._labels import CODES_ZH as _CODES_ZH
from governance_analytics.reporting.i18n._labels import COLUMNS as _COLUMNS
from governance_analytics.reporting.i18n._labels import EMERGING_ZH as _EMERGING_ZH
from governance_analytics.reporting.i18n._labels import VALUES as _VALUES


def _merge(*modules) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in modules:
        clash = merged.keys() & module.TEXT.keys()
        if clash:
            raise RuntimeError(f"phrase keys defined twice: {sorted(clash)}")
        merged.update(module.TEXT)
    return merged


_TEXT = _merge(_frame, _cases, _population, _participation, _community, _messages, _disclosure, _notebooks)


def text(key: str, lang: str, **values) -> str:
    """The phrase ``key`` in ``lang``, formatted with ``values``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} not supported; expected one of {LANGUAGES}")
    return _TEXT[key][lang].format(**values)


def labels(name: str, lang: str) -> dict[str, str]:
    """A figure's label map ``name`` in ``lang`` (code → display label; ``{}`` where the figure's own
    English labels serve), e.g. ``"ladder_tiers"``, ``"committee_lines"``, ``"choice_factors"``."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} not supported; expected one of {LANGUAGES}")
    return dict(_notebooks.LABELS[name][lang])


def label(value: str, lang: str) -> str:
    """Display form of a column name or a data value: column labels per language; Chinese data
    values translated for English reports, English category names (emerging hot spots) for Chinese
    ones (unknown values pass through)."""
    if value in _COLUMNS:
        return _COLUMNS[value][lang]
    if lang == "en":
        return _VALUES.get(value, value)
    return _CODES_ZH.get(value) or _emerging_zh(value) or value


def _emerging_zh(category: str) -> str | None:
    """``new hot spot`` → ``新增热点``; ``no pattern`` → ``无明显模式``; otherwise None."""
    if category == "no pattern":
        return "无明显模式"
    words = category.split(" ", 1)
    if len(words) == 2 and words[0] in _EMERGING_ZH and words[1] in ("hot spot", "cold spot"):
        return _EMERGING_ZH[words[0]] + ("热点" if words[1] == "hot spot" else "冷点")
    return None


def number(n: float, lang: str) -> str:
    """Integer with thousands separators: ``12,345``."""
    return f"{int(round(n)):,}"


def percent(share: float, lang: str, digits: int = 1) -> str:
    """``0.912`` → ``91.2%``."""
    return f"{100 * share:.{digits}f}%"


def points(diff: float, lang: str, digits: int = 1) -> str:
    """A difference of two shares in percentage points, unsigned: ``-0.023`` → ``2.3 个百分点``."""
    return text("points", lang, value=f"{100 * abs(diff):.{digits}f}")


def p_value(p: float) -> str:
    """``p=0.012`` or ``p<0.001``."""
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def date(ts, lang: str) -> str:
    """``2025-03-31`` in English, ``2025年3月31日`` in Chinese."""
    return f"{ts.year}年{ts.month}月{ts.day}日" if lang == "zh" else f"{ts:%Y-%m-%d}"
