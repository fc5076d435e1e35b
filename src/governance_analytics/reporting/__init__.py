"""Reporting: figures, maps, tables, disclosure control, zh/en labels and the report builder.

Reporting never computes a statistic: sections call the study areas' functions and only word,
draw, suppress and write their results."""

from governance_analytics.reporting.builder import ReportOutput, build_report

__all__ = ["ReportOutput", "build_report"]
