"""Benchmarks: our code beside its anchor (pandas, DuckDB, …) in one process; ratios printed."""
