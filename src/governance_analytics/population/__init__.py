"""Study 2 — satellite-city population pressure: is the core's crowding relieved by satellite towns?

``pressure`` (density, growth, zone shares, population centre, pressure against capacity, dispersal
疏解), ``commuting`` (jobs–housing, self-containment, dependence on the core, satellite types)."""

from governance_analytics.population import commuting, pressure

__all__ = ["pressure", "commuting"]
