"""governance-analytics: evidence for urban governance (城市治理) from the records a city keeps.

Four studies — case hotspots, satellite-city population pressure, participation rates and
community-governance problems — on real data or the Demo City (示范市), reported as notebooks and a
periodic bilingual policy report.

>>> import governance_analytics as ga
>>> city = ga.demo.load()              # doctest: +SKIP
>>> result = ga.io.read_table("cases.csv", schema="cases")   # doctest: +SKIP
"""

from importlib import import_module

__version__ = "0.1.0"

_SUBMODULES = (
    "demo",
    "grid",
    "io",
    "schemas",
    "engines",
    "cases",
    "population",
    "participation",
    "community",
    "reporting",
    "periods",
    "safe_text",
    "safe_write",
    "workspace",
    "config",
    "specs",
)


def __getattr__(name: str):
    if name in _SUBMODULES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["__version__", *_SUBMODULES]
