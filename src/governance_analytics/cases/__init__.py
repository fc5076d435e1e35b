"""Study 1 — case hotspots: coverage and counts (``summary``); hot spots, lifecycle KPIs, case-file
review and policy impact follow in their own modules."""

from governance_analytics.cases import summary

__all__ = ["summary"]
