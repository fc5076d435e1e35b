"""``governance-analytics``: a city's workspace from its raw exports to its periodic report.

    governance-analytics init DIR [--city-zh NAME] [--city-en NAME] [--timezone Asia/Shanghai]
    governance-analytics map EXPORT.csv [--out mapping.yml] [--sheet NAME] | map --tables
    governance-analytics ingest city.yml
    governance-analytics report (--city city.yml | --data DIR) --period 2025-Q1 [--compare previous|same-last-year]
                                [--lang zh|en] [--config report.yml] [--threshold N] [--out reports/]
    governance-analytics convert EXPORT.csv --out DIR [--format auto|nyc311|gbt|…] [--mapping FILE]
    governance-analytics demo-data [--out DIR] [--seed N] [--force]

    governance-analytics --version        python -m governance_analytics … (the same command)

Every command takes ``-q``/``--quiet`` (errors and warnings only: no progress bars, no summary — for a report run
by cron) and ``-v``/``--verbose`` (each step logged to stderr, with its time). A user error (a file
that cannot be read, a setting that is wrong) ends with one line naming the file and what was
expected, and exit status 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from tqdm.auto import tqdm

from governance_analytics import __version__
from governance_analytics.errors import GovernanceAnalyticsError
from governance_analytics.io.case_formats import FORMATS

__all__ = ["main"]


def _demo_data(args: argparse.Namespace) -> int:
    from governance_analytics import demo

    target = Path(args.out) if args.out else demo.default_dir(args.seed)
    if args.force or not (target / demo.MANIFEST).exists():
        city = demo.generate(args.seed, progress=not args.quiet)
        demo.write(city, target)
        for name, table in sorted(city.tables.items()):
            print(f"  {name:<22} {len(table):>9,} rows")
    city = demo.load(target, seed=args.seed)
    print(f"Demo City (seed {city.seed}) in {target}")
    return 0


def _init(args: argparse.Namespace) -> int:
    from governance_analytics.config import init_workspace

    names = (
        {"zh": args.city_zh or args.city_en, "en": args.city_en or args.city_zh}
        if args.city_zh or args.city_en
        else None
    )
    path = init_workspace(args.directory, city=names, timezone=args.timezone)
    print(f"Workspace ready: edit {path}, put the exports in {path.parent / 'raw'}, then run")
    print(f"  governance-analytics ingest {path}")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from governance_analytics.io.ingest import ingest

    result = ingest(args.city)
    print("Sources (rows read = accepted + rejected):")
    for row in result.summary().itertuples(index=False):
        print(f"  {row.table:<22} {row.file:<40} {row.n_read:>9,} = {row.n_accepted:>9,} + {row.n_rejected:>7,}")
    for rule in result.record["rules"]:
        print(f"      {rule['n']:>7,} {rule['outcome']:<8} {rule['rule']}")
    grid = result.record["grid"]
    if grid.get("n_cells"):
        print(
            f"Unit grid: {grid['n_cells']:,} cells of {grid['cell_size']:g} m (from {grid['source']}), "
            f"CRS {result.record['crs']}"
        )
    else:
        print("Unit grid: none (no boundaries, no grid file, no case with usable coordinates)")
    print(f"Workspace data written: {result.directory}")
    return 0


def _map(args: argparse.Namespace) -> int:
    from governance_analytics.io.mapping_proposal import describe_tables, propose_mapping

    if args.tables:
        print(describe_tables())
        return 0
    if not args.export:
        raise ValueError("map: name the export to map (map EXPORT.csv), or ask for --tables")
    proposal = propose_mapping(args.export, sheet=args.sheet)
    print(proposal.report())
    if args.out:
        path = proposal.write(args.out)
        print(f"Mapping written: {path} (edit it, then name it in city.yml: sources: cases: mapping)")
    return 0


def _report(args: argparse.Namespace) -> int:
    from governance_analytics.reporting import build_report

    if args.city:
        from governance_analytics.config import load_city

        city = load_city(args.city)
        data, out, config, studies = (
            city.data_dir,
            args.out or city.reports_dir,
            args.config or city.report,
            city.studies,
        )
    elif args.data:
        data, out, config, studies = args.data, args.out or "reports", args.config, None
    else:
        raise ValueError("report: give the workspace (--city city.yml) or a folder of canonical tables (--data DIR)")
    output = build_report(
        data,
        period=args.period,
        out=out,
        config=config,
        lang=args.lang,
        compare=args.compare,
        threshold=args.threshold,
        studies=studies,
        progress=None if args.quiet else lambda it, desc: tqdm(list(it), desc=desc),
    )
    print("Inputs (rows read = accepted + rejected):")
    for name, result in output.inputs.items():
        print(f"  {name:<22} {result.n_read:>9,} = {result.n_accepted:>9,} + {result.n_rejected:>7,}")
        for reason, count in result.rejects["reason"].value_counts().head(5).items() if result.n_rejected else ():
            print(f"      {count:>7,} × {reason}")
    left_out = [(s.title, reason) for s in output.document.sections for reason in s.omitted]
    if output.document.skipped or left_out:
        print("Left out, and why:")
        for note in output.document.skipped:
            print(f"  {note}")
        for title, reason in left_out:
            print(f"  {title}: {reason}")
    print("Report written:")
    for path in (output.html, output.pdf, output.xlsx):
        print(f"  {path}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    from governance_analytics.io.convert import convert_cases

    area = tuple(float(v) for v in args.area.split(",")) if args.area else None
    if area is not None and len(area) != 4:
        raise ValueError(f"--area expects lon_min,lat_min,lon_max,lat_max, got {args.area!r}")
    result = convert_cases(
        args.input,
        args.out,
        format=args.format,
        mapping=args.mapping,
        encoding=args.encoding,
        tz=args.tz,
        area=area,
        crs=args.crs,
    )
    print(f"{result.format} export, rows read = accepted + rejected:")
    print(f"  {result.n_read:,} = {result.n_accepted:,} + {result.n_rejected:,}")
    print(f"Cases (Parquet, by year): {result.cases}")
    print(f"Rejected rows with reasons: {result.rejects}")
    return 0


def _common() -> argparse.ArgumentParser:
    """The options every command takes: how much it says."""
    common = argparse.ArgumentParser(add_help=False)
    loudness = common.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="errors and warnings only: no progress bars, no summary"
    )
    loudness.add_argument("-v", "--verbose", action="store_true", help="log each step, with its time, to stderr")
    return common


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="governance-analytics", description="Evidence for urban governance (城市治理)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    common = _common()

    init = sub.add_parser(
        "init",
        parents=[common],
        help="create a city workspace: city.yml, raw/, data/, reports/",
        description="Write a commented city.yml and the folders raw/, data/ and reports/.",
    )
    init.add_argument("directory", help="the workspace folder (created if missing)")
    init.add_argument("--city-zh", help="the city's Chinese name")
    init.add_argument("--city-en", help="the city's English name (names the report folder)")
    init.add_argument("--timezone", default="Asia/Shanghai", help="the city's time zone (default: %(default)s)")
    init.set_defaults(run=_init)

    mapping = sub.add_parser(
        "map",
        parents=[common],
        help="propose a mapping from an export's columns to the canonical cases table",
        description="Read an export's header and values; propose canonical columns, date formats "
        "and status values; print them beside the canonical columns' meanings.",
    )
    mapping.add_argument("export", nargs="?", help="the export (CSV, XLSX)")
    mapping.add_argument("--out", help="write the proposed mapping as YAML to edit")
    mapping.add_argument("--sheet", help="the workbook's sheet to read (default: the only one holding data)")
    mapping.add_argument("--tables", action="store_true", help="list every canonical table and column, and stop")
    mapping.set_defaults(run=_map)

    ingest = sub.add_parser(
        "ingest",
        parents=[common],
        help="read every source of city.yml into the workspace's data/",
        description="Read, check and grid every source named in city.yml; write data/ "
        "(Parquet, rejects with reasons, workspace.json).",
    )
    ingest.add_argument("city", help="the workspace's city.yml")
    ingest.set_defaults(run=_ingest)

    demo = sub.add_parser(
        "demo-data",
        parents=[common],
        help="generate the Demo City (示范市) tables and truth manifest",
        description="Generate the Demo City deterministically from a seed and write it as CSV files.",
    )
    demo.add_argument("--out", help="directory to write (default: data/demo of this checkout)")
    demo.add_argument("--seed", type=int, default=20250101, help="random seed (default: %(default)s)")
    demo.add_argument("--force", action="store_true", help="regenerate even if the directory holds a Demo City")
    demo.set_defaults(run=_demo_data)

    report = sub.add_parser(
        "report",
        parents=[common],
        help="build the periodic report (HTML, PDF, Excel)",
        description="Build the periodic policy report for one period from a directory of canonical tables.",
    )
    report.add_argument("--city", help="the workspace's city.yml: data from its data/, report into its reports/")
    report.add_argument("--data", help="directory of input tables named cases.csv, grid_cells.csv, ...")
    report.add_argument("--period", required=True, help="2025-Q1, 2025-03, 2025-H1 or 2025")
    report.add_argument(
        "--compare",
        choices=("previous", "same-last-year"),
        help="comparison period (default: the config's, else previous)",
    )
    report.add_argument("--lang", choices=("zh", "en"), help="report language (default: the config's, else zh)")
    report.add_argument(
        "--config",
        help="report.yml: city name, sections, threshold, alpha, interventions, seed; options given here override it",
    )
    report.add_argument(
        "--out",
        help="output root; the report goes to OUT/<city>/<period>/ (default: the workspace's reports/, else reports)",
    )
    report.add_argument(
        "--threshold", type=int, help="smallest count that may be published (default: the config's, else 10)"
    )
    report.set_defaults(run=_report)

    convert = sub.add_parser(
        "convert",
        parents=[common],
        help="convert a big case export (CSV) into canonical Parquet, once",
        description="Stream a case export through the readers' cleaning rules into "
        "OUT/cases/year=YYYY/*.parquet, with OUT/rejects.csv and OUT/convert.json.",
    )
    convert.add_argument("input", help="the export: NYC 311, 数字城管 (gbt) or any CSV with --mapping")
    convert.add_argument(
        "--out", required=True, help="output directory: new, empty, or an earlier convert output (which is replaced)"
    )
    convert.add_argument(
        "--format", default="auto", choices=("auto", *FORMATS), help="export format (default: %(default)s)"
    )
    convert.add_argument("--mapping", help="YAML file mapping canonical columns to the file's columns")
    convert.add_argument("--encoding", help="text encoding (default: detected)")
    convert.add_argument("--tz", help="the city's time zone, for timestamps with UTC offsets")
    convert.add_argument("--crs", help="projected CRS of x/y (default: the UTM zone of the data)")
    convert.add_argument("--area", help="study area box lon_min,lat_min,lon_max,lat_max for the out-of-area rule")
    convert.set_defaults(run=_convert)
    return parser


@contextlib.contextmanager
def _logging_to_stderr(*, verbose: bool) -> Iterator[None]:
    """Log the package to stderr while a command runs: each step with ``--verbose``, else warnings and
    errors only. Python warnings (a disclosure cell that cannot be protected, a polygon without
    neighbours) go through the log too, so that a cron job's mail shows them. Undone afterwards."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    package, warned = logging.getLogger("governance_analytics"), logging.getLogger("py.warnings")
    level = package.level
    package.setLevel(logging.INFO if verbose else logging.WARNING)
    for logger in (package, warned):
        logger.addHandler(handler)
    logging.captureWarnings(True)
    try:
        yield
    finally:
        logging.captureWarnings(False)
        for logger in (package, warned):
            logger.removeHandler(handler)
        package.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``governance-analytics`` command (and of ``python -m governance_analytics``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    args = _parser().parse_args([a for a in argv if a != "--debug"])
    try:
        with _logging_to_stderr(verbose=args.verbose):
            with contextlib.redirect_stdout(io.StringIO()) if args.quiet else contextlib.nullcontext():
                return args.run(args)
    except (GovernanceAnalyticsError, ValueError, OSError, KeyError) as err:  # OSError: a missing file, a full disk
        if debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
