"""``governance-analytics``: generate the Demo City and build the periodic report.

    governance-analytics demo-data [--out DIR] [--seed N] [--force]
    governance-analytics report --data DIR --period 2025-Q1 [--compare previous|same-last-year]
                                [--lang zh|en] [--config report.yml] [--threshold N] [--out reports/]
    governance-analytics convert EXPORT.csv --out DIR [--format auto|nyc311|gbt] [--mapping FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm.auto import tqdm

__all__ = ["main"]


def _demo_data(args: argparse.Namespace) -> int:
    from governance_analytics import demo

    target = Path(args.out) if args.out else demo.default_dir(args.seed)
    if args.force or not (target / demo.MANIFEST).exists():
        city = demo.generate(args.seed, progress=True)
        demo.write(city, target)
        for name, table in sorted(city.tables.items()):
            print(f"  {name:<22} {len(table):>9,} rows")
    city = demo.load(target, seed=args.seed)
    print(f"Demo City (seed {city.seed}) in {target}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from governance_analytics.reporting import build_report

    output = build_report(args.data, period=args.period, out=args.out, config=args.config, lang=args.lang,
                          compare=args.compare, threshold=args.threshold,
                          progress=lambda it, desc: tqdm(list(it), desc=desc))
    print("Inputs (rows read = accepted + rejected):")
    for name, result in output.inputs.items():
        print(f"  {name:<22} {result.n_read:>9,} = {result.n_accepted:>9,} + {result.n_rejected:>7,}")
        for reason, count in result.rejects["reason"].value_counts().head(5).items() if result.n_rejected else ():
            print(f"      {count:>7,} × {reason}")
    print("Report written:")
    for path in (output.html, output.pdf, output.xlsx):
        print(f"  {path}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    from governance_analytics.io.convert import convert_cases

    area = tuple(float(v) for v in args.area.split(",")) if args.area else None
    if area is not None and len(area) != 4:
        raise ValueError(f"--area expects lon_min,lat_min,lon_max,lat_max, got {args.area!r}")
    result = convert_cases(args.input, args.out, format=args.format, mapping=args.mapping, encoding=args.encoding,
                           tz=args.tz, area=area, crs=args.crs)
    print(f"{result.format} export, rows read = accepted + rejected:")
    print(f"  {result.n_read:,} = {result.n_accepted:,} + {result.n_rejected:,}")
    print(f"Cases (Parquet, by year): {result.cases}")
    print(f"Rejected rows with reasons: {result.rejects}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="governance-analytics", description="Evidence for urban governance (城市治理).")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo-data", help="generate the Demo City (示范市) tables and truth manifest",
                          description="Generate the Demo City deterministically from a seed and write it as CSV files.")
    demo.add_argument("--out", help="directory to write (default: data/demo of this checkout)")
    demo.add_argument("--seed", type=int, default=20250101, help="random seed (default: %(default)s)")
    demo.add_argument("--force", action="store_true", help="regenerate even if the directory holds a Demo City")
    demo.set_defaults(run=_demo_data)

    report = sub.add_parser("report", help="build the periodic report (HTML, PDF, Excel)",
                            description="Build the periodic policy report for one period from a directory of canonical tables.")
    report.add_argument("--data", required=True, help="directory of input tables named cases.csv, grid_cells.csv, ...")
    report.add_argument("--period", required=True, help="2025-Q1, 2025-03, 2025-H1 or 2025")
    report.add_argument("--compare", choices=("previous", "same-last-year"),
                        help="comparison period (default: the config's, else previous)")
    report.add_argument("--lang", choices=("zh", "en"), help="report language (default: the config's, else zh)")
    report.add_argument("--config", help="report.yml: city name, sections, threshold, alpha, interventions, seed; "
                                         "options given here override it")
    report.add_argument("--out", default="reports", help="output root; the report goes to OUT/<city>/<period>/ (default: %(default)s)")
    report.add_argument("--threshold", type=int,
                        help="smallest count that may be published (default: the config's, else 10)")
    report.set_defaults(run=_report)

    convert = sub.add_parser("convert", help="convert a big case export (CSV) into canonical Parquet, once",
                             description="Stream a case export through the readers' cleaning rules into "
                                         "OUT/cases/year=YYYY/*.parquet, with OUT/rejects.csv and OUT/convert.json.")
    convert.add_argument("input", help="the export: NYC 311, 数字城管 (gbt) or any CSV with --mapping")
    convert.add_argument("--out", required=True,
                         help="output directory: new, empty, or an earlier convert output (which is replaced)")
    convert.add_argument("--format", default="auto", choices=("auto", "nyc311", "gbt"), help="export format (default: %(default)s)")
    convert.add_argument("--mapping", help="YAML file mapping canonical columns to the file's columns")
    convert.add_argument("--encoding", help="text encoding (default: detected)")
    convert.add_argument("--tz", help="the city's time zone, for timestamps with UTC offsets")
    convert.add_argument("--crs", help="projected CRS of x/y (default: the UTM zone of the data)")
    convert.add_argument("--area", help="study area box lon_min,lat_min,lon_max,lat_max for the out-of-area rule")
    convert.set_defaults(run=_convert)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``governance-analytics`` command."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (ValueError, OSError, KeyError) as err:  # OSError: a missing file, a read-only or full disk
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
