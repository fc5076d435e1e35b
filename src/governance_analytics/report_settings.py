"""The report's settings: what a planner fixes once in ``report.yml`` and reuses every period.

.. code-block:: yaml

    city: {zh: 示范市, en: Demo City}     # display names (one string is used for both languages)
    lang: zh                              # zh (default) or en
    compare: previous                     # previous | same-last-year
    sections: [overview, hotspots, handling]   # default: every section whose inputs are present
    threshold: 10                         # smallest count that may be published
    alpha: 0.05                           # significance level of the findings
    interventions: [无人清扫车示范路段]     # pilots to evaluate (default: all in interventions.csv)
    seed: 0                               # seed of the permutation tests (default: the data's, else 0)

Options given on the command line (or as keywords of
:func:`~governance_analytics.reporting.builder.build_report`) override the file.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from governance_analytics.io.yaml_safe import load_yaml

__all__ = [
    "COMPARISONS",
    "DEFAULT_THRESHOLD",
    "LANGUAGES",
    "ReportConfig",
    "read_settings",
    "settings_from_mapping",
]

COMPARISONS = ("previous", "same-last-year")
#: The report's languages.
LANGUAGES = ("zh", "en")
#: Smallest count that may be published, unless a report's settings say otherwise.
DEFAULT_THRESHOLD = 10


@dataclass(frozen=True)
class ReportConfig:
    """Settings of a report run; ``None`` means "not set" (the builder's default applies).

    Attributes
    ----------
    city : display names by language, ``{"zh": ..., "en": ...}``
    lang : ``"zh"`` or ``"en"``
    compare : ``"previous"`` period or ``"same-last-year"``
    sections : keys of the sections to include, in report order
    threshold : smallest count that may be published (statistical disclosure control)
    alpha : significance level used in findings and recommendation rules
    interventions : names of the interventions to evaluate
    seed : seed of every random step
    """

    city: dict[str, str] | None = None
    lang: str = "zh"
    compare: str = "previous"
    sections: tuple[str, ...] | None = None
    threshold: int = DEFAULT_THRESHOLD
    alpha: float = 0.05
    interventions: tuple[str, ...] | None = None
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"lang: {self.lang!r} not supported; expected one of {LANGUAGES}")
        if self.compare not in COMPARISONS:
            raise ValueError(f"compare: expected one of {COMPARISONS}, got {self.compare!r}")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int) or self.threshold < 1:
            raise ValueError(f"threshold: expected a whole number ≥ 1, got {self.threshold!r}")
        if isinstance(self.alpha, bool) or not isinstance(self.alpha, (int, float)) or not 0 < self.alpha < 1:
            raise ValueError(f"alpha: expected a number between 0 and 1, got {self.alpha!r}")
        if self.seed is not None and (isinstance(self.seed, bool) or not isinstance(self.seed, int)):
            raise ValueError(f"seed: expected a whole number, got {self.seed!r}")
        if self.city is not None and set(self.city) != set(LANGUAGES):
            raise ValueError(f"city: expected names for {LANGUAGES}, got {sorted(self.city)}")

    def updated(self, **settings) -> ReportConfig:
        """A copy with every setting that is not ``None`` in ``settings`` replaced."""
        return dataclasses.replace(self, **{k: v for k, v in settings.items() if v is not None})


def _names(value, field: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{field}: expected a list of one or more names, got {value!r}")
    return tuple(value)


def _city(value) -> dict[str, str]:
    if isinstance(value, str):
        return {lang: value for lang in LANGUAGES}
    if isinstance(value, Mapping) and all(isinstance(value.get(lang), str) for lang in LANGUAGES):
        return {lang: value[lang] for lang in LANGUAGES}
    raise ValueError(f"city: expected a name or {{zh: ..., en: ...}}, got {value!r}")


def settings_from_mapping(raw: Mapping, *, source: str) -> ReportConfig:
    """A :class:`ReportConfig` from a mapping of settings (``report.yml``, or ``city.yml``'s ``report:``
    block); errors name ``source`` and the setting."""
    known = {f.name for f in dataclasses.fields(ReportConfig)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"{source}: unknown setting(s) {unknown}; expected some of {sorted(known)}")
    settings = dict(raw)
    try:
        if "city" in settings:
            settings["city"] = _city(settings["city"])
        for field in ("sections", "interventions"):
            if field in settings:
                settings[field] = _names(settings[field], field)
        return ReportConfig(**settings)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{source}: {err}") from None


def read_settings(path: str | os.PathLike) -> Mapping:
    """The ``name: value`` settings of a YAML file, as a mapping (empty for an empty file)."""
    raw = load_yaml(Path(path))
    raw = {} if raw is None else raw
    if not isinstance(raw, Mapping):
        raise ValueError(f"{path}: expected settings as `name: value` lines, got {type(raw).__name__}")
    return raw
