"""``python -m benchmarks [name ...]`` (``make bench``): run benchmarks and print timings and ratios.

Names: foundation (Demo City, validated reads, report), grid_assign (points → cells), cube (the
space-time cube engines), hotspots (Gi*, Local Moran vs esda), emerging (emerging hot spot analysis),
handling (Cox by department, difference-in-differences, Kaplan–Meier vs statsmodels), report (one
quarter's Demo City report, per section and per output file, against the 60 s budget). Without names,
all run."""

import sys
from importlib import import_module

ALL = ("foundation", "grid_assign", "cube", "hotspots", "emerging", "handling", "report")

if __name__ == "__main__":
    for name in sys.argv[1:] or ALL:
        print(f"\n== {name} ==")
        import_module(f"benchmarks.{name}").main()
