"""Build the periodic report: read the inputs, run the registered sections, write HTML, PDF and Excel.

The output directory ``<out>/<city>/<period>/`` is written atomically
(:func:`~governance_analytics.safe_write.output_directory`): everything goes to a hidden staging
directory that replaces the target only when every file is complete, so a failed run leaves no
half-written report; a target that is not an earlier report is refused, never deleted.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from governance_analytics.config import load_report_settings
from governance_analytics.io import ReadResult
from governance_analytics.periods import Period, parse_period
from governance_analytics.privacy import suppress_tables
from governance_analytics.report_settings import ReportConfig
from governance_analytics.reporting import actions, i18n, provenance
from governance_analytics.reporting.content import Section, Table
from governance_analytics.reporting.context import ReportContext
from governance_analytics.reporting.document import Document
from governance_analytics.reporting.render.excel import write_excel
from governance_analytics.reporting.render.html import write_html
from governance_analytics.reporting.render.pdf import write_pdf
from governance_analytics.reporting.sections import Draft, SectionSkipped, SectionSpec, registered, registry
from governance_analytics.safe_write import check_output, output_directory
from governance_analytics.specs import StudySpecs
from governance_analytics.workspace import load_inputs

__all__ = ["ReportOutput", "report_context", "assemble", "build_report", "build_section"]

#: Each step of a build, at INFO (``governance-analytics report -v`` shows them).
logger = logging.getLogger(__name__)

#: The files of a report folder (one written before folders carried a manifest is recognised by them).
REPORT_FILES = frozenset({"report.html", "report.pdf", "tables.xlsx", "provenance.json"})


@dataclass(frozen=True)
class ReportOutput:
    """Paths of the written report, the document they were written from and the inputs' reconciliation."""

    directory: Path
    html: Path
    pdf: Path
    xlsx: Path
    inputs: dict[str, ReadResult] = field(repr=False)
    document: Document = field(repr=False)


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-") or "city"


def _skipped(spec: SectionSpec, reason: str, lang: str) -> str:
    return i18n.text("skipped_reason", lang, section=i18n.text(spec.title_key, lang), reason=reason)


def _finished(section: Section) -> Draft:
    """A section that declared nothing to the ledger, as a draft."""
    return Draft((), lambda _: section)


def _run_sections(
    ctx: ReportContext, specs: Sequence[SectionSpec], progress: Callable | None
) -> tuple[list[Section], list[str]]:
    """Draft every section whose inputs are present, suppress every table they declare together (the
    ledger, :func:`~governance_analytics.privacy.suppress_tables`), then finish them; a section that
    finds nothing to say for the period is listed with its reason instead."""
    lang, drafts, skipped = ctx.lang, [], []
    for spec in progress(specs, desc="sections") if progress else specs:
        missing = [name for name in spec.requires if not ctx.has(name)]
        if missing:
            skipped.append(
                i18n.text("skipped_missing", lang, section=i18n.text(spec.title_key, lang), tables=", ".join(missing))
            )
            logger.info("section %s left out: no %s", spec.key, ", ".join(missing))
            continue
        started = time.perf_counter()
        try:
            drafted = spec.build(ctx)
        except SectionSkipped as skip:  # nothing to say for this period: say why instead
            skipped.append(_skipped(spec, skip.reason, lang))
            logger.info("section %s left out: %s", spec.key, skip.reason)
            continue
        drafts.append((spec, drafted if isinstance(drafted, Draft) else _finished(drafted)))
        logger.info("section %s drafted in %.1f s", spec.key, time.perf_counter() - started)
    started = time.perf_counter()
    ledger = suppress_tables(
        [p for _, draft in drafts for p in draft.publications],
        [r for _, draft in drafts for r in draft.relations],
        threshold=ctx.threshold,
    )
    logger.info("disclosure control of %d tables in %.1f s", len(ledger), time.perf_counter() - started)
    built, finishing = [], dict(drafts)
    for spec in progress(list(finishing), desc="finishing") if progress else finishing:
        started = time.perf_counter()
        try:
            built.append(finishing[spec].finish(ledger))
        except SectionSkipped as skip:
            skipped.append(_skipped(spec, skip.reason, lang))
            logger.info("section %s left out: %s", spec.key, skip.reason)
            continue
        logger.info("section %s finished in %.1f s", spec.key, time.perf_counter() - started)
    return built, skipped


def build_section(key: str, ctx: ReportContext) -> Section:
    """The registered section ``key`` on its own, its tables suppressed together with no other part's
    (a notebook's or a test's view of one part; the report suppresses all parts together).

    Raises
    ------
    SectionSkipped
        When the section has nothing to say for the period, with the reason.
    ValueError
        When an input table the section requires is missing.
    """
    spec = registry[key]
    missing = [name for name in spec.requires if not ctx.has(name)]
    if missing:
        raise ValueError(f"section {key!r} needs the input table(s) {missing}")
    drafted = spec.build(ctx)  # raises SectionSkipped with its reason
    draft = drafted if isinstance(drafted, Draft) else _finished(drafted)
    return draft.finish(suppress_tables(draft.publications, draft.relations, threshold=ctx.threshold))


def assemble(
    ctx: ReportContext,
    hashes: dict[str, str],
    *,
    sections: Sequence[str] | None = None,
    config: dict[str, str] | None = None,
    progress: Callable | None = None,
) -> Document:
    """Run the registered sections on ``ctx`` and assemble the document: the sections, the executive
    summary collected from them, the recommendation rules and the provenance (input ``hashes``, the
    parameters and the ``config`` file's name and hash)."""
    lang = ctx.lang
    specs = [s for s in registered() if sections is None or s.key in sections]
    built, skipped = _run_sections(ctx, specs, progress)
    parameters = {
        "period": ctx.period.label,
        "compare": ctx.compare.label,
        "lang": lang,
        "threshold": ctx.threshold,
        "alpha": ctx.alpha,
        "seed": ctx.seed,
        "sections": ", ".join(s.key for s in built),
        "interventions": ", ".join(ctx.interventions or ["*"]),
        "config": f"{config['file']} (sha256 {config['sha256']})" if config else "—",
    }
    tables = [
        provenance.input_table(ctx.inputs, hashes, lang),
        provenance.parameter_table(parameters, lang),
        provenance.version_table(provenance.package_versions(), lang),
    ]
    labels = {
        key: i18n.text(key, lang)
        for key in (
            "generated",
            "findings",
            "contents",
            "methods",
            "provenance",
            "skipped",
            "summary",
            "summary_none",
            "recommendations",
            "finding",
            "omitted",
            "recommendation",
            "based_on",
            "cites",
            "rule",
            "rules_title",
        )
    }
    title = i18n.text("report_title", lang, city=ctx.city[lang], period=ctx.period.label)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rules = actions.rules_table(lang).rename(
        columns={"rule": labels["rule"], "when": i18n.text("rule_when", lang), "action": labels["recommendation"]}
    )
    return Document(
        title,
        lang,
        generated,
        labels,
        built,
        skipped,
        tables,
        summary=[s for section in built for s in section.summary],
        recommendations=[r for section in built for r in section.recommendations],
        rules=Table("rules", labels["rules_title"], rules, i18n.text("rules_note", lang)),
        methods=[i18n.text("method_disclosure", lang, threshold=ctx.threshold)],
    )


def _write_atomically(doc: Document, target: Path, extra: dict) -> None:
    with output_directory(target, writer="report", legacy=REPORT_FILES.issuperset) as staging:
        write_html(doc, staging / "report.html")
        write_pdf(doc, staging / "report.pdf")
        write_excel(doc, staging / "tables.xlsx")
        (staging / "provenance.json").write_text(json.dumps(extra, ensure_ascii=False, indent=2), encoding="utf-8")


def report_context(
    data_dir: str | os.PathLike,
    *,
    period: Period,
    settings: ReportConfig,
    studies: StudySpecs | None = None,
    progress: Callable | None = None,
) -> tuple[ReportContext, dict[str, Path]]:
    """Read the inputs in ``data_dir`` and make the context a report is assembled from.

    The inputs are read, gridded and made publishable by
    :func:`~governance_analytics.workspace.load_inputs` (as the notebooks read them); the city's
    names, seed and CRS come from ``settings`` or the data's record (the seed: the setting, else the
    data's own, else 0). Returns the context and the input files by table name.
    """
    _check_sections(settings.sections)
    inputs, names, meta, files = load_inputs(data_dir, city=settings.city, progress=progress)
    _check_interventions(settings.interventions, inputs)
    seed = settings.seed if settings.seed is not None else meta["seed"] if meta.get("seed") is not None else 0
    compared = period.previous() if settings.compare == "previous" else period.same_last_year()
    ctx = ReportContext(
        inputs,
        period,
        compared,
        lang=settings.lang,
        city=names,
        threshold=settings.threshold,
        alpha=settings.alpha,
        seed=seed,
        interventions=settings.interventions,
        metadata=meta,
        studies=studies or StudySpecs(),
    )
    return ctx, files


def build_report(
    data_dir: str | os.PathLike,
    *,
    period: str | Period,
    out: str | os.PathLike = "reports",
    config: ReportConfig | str | os.PathLike | None = None,
    lang: str | None = None,
    compare: str | None = None,
    city: dict[str, str] | None = None,
    threshold: int | None = None,
    alpha: float | None = None,
    sections: list[str] | None = None,
    seed: int | None = None,
    studies: StudySpecs | None = None,
    progress: Callable | None = None,
) -> ReportOutput:
    """Build the report for ``period`` from the canonical tables in ``data_dir``.

    Parameters
    ----------
    data_dir
        Directory holding canonical tables named after their schema (``cases.csv``, ``grid_cells.csv``,
        …, CSV/XLSX/Parquet) and optionally a ``truth.json``/manifest with the city's name and seed.
    period
        ``2025-Q1``, ``2025-03``, ``2025-H1`` or ``2025``.
    out
        Reports go to ``<out>/<city>/<period>/``.
    config
        A :class:`~governance_analytics.report_settings.ReportConfig` or the path of a ``report.yml``;
        the keywords below override it.
    lang
        ``zh`` (default) or ``en``.
    compare
        ``previous`` period (default) or ``same-last-year``.
    city
        Display names ``{"zh": ..., "en": ...}``; default from the manifest, else the directory's name.
    threshold
        Smallest count that may be published (default 10).
    alpha
        Significance level for findings (default 0.05).
    sections
        Keys of the sections to include (default all).
    seed
        Seed of every random step (default the data's own seed, else 0).
    studies
        Each study's settings (default :class:`~governance_analytics.specs.StudySpecs`; a workspace's
        ``city.yml`` sets them in its ``studies:`` block).
    progress
        A tqdm-like wrapper for progress bars.
    """
    settings = (
        config if isinstance(config, ReportConfig) else load_report_settings(config) if config else ReportConfig()
    )
    settings = settings.updated(
        lang=lang,
        compare=compare,
        city=city,
        threshold=threshold,
        alpha=alpha,
        sections=tuple(sections) if sections is not None else None,
        seed=seed,
    )
    period = period if isinstance(period, Period) else parse_period(period)
    ctx, files = report_context(data_dir, period=period, settings=settings, studies=studies, progress=progress)
    inputs, names, seed = ctx.inputs, ctx.city, ctx.seed
    target = Path(out) / _slug(names["en"]) / period.label
    check_output(target, writer="report", legacy=REPORT_FILES.issuperset)  # refused before the work, not after
    hashes = {name: provenance.sha256(path) for name, path in files.items()}
    config_file = None if config is None or isinstance(config, ReportConfig) else Path(config)
    config_record = {"file": config_file.name, "sha256": provenance.sha256(config_file)} if config_file else None
    doc = assemble(ctx, hashes, sections=settings.sections, config=config_record, progress=progress)
    extra = {
        "generated": doc.generated,
        "period": period.label,
        "compare": ctx.compare.label,
        "lang": settings.lang,
        "threshold": settings.threshold,
        "alpha": settings.alpha,
        "seed": seed,
        "sections": [s.key for s in doc.sections],
        "interventions": settings.interventions,
        "config": config_record,
        "inputs": {
            name: {
                "file": path.name,
                "sha256": hashes[name],
                "n_read": inputs[name].n_read,
                "n_accepted": inputs[name].n_accepted,
                "n_rejected": inputs[name].n_rejected,
            }
            for name, path in files.items()
        },
        "versions": provenance.package_versions(),
    }
    started = time.perf_counter()
    _write_atomically(doc, target, extra)
    logger.info("report written to %s in %.1f s (HTML, PDF, workbook)", target, time.perf_counter() - started)
    return ReportOutput(target, target / "report.html", target / "report.pdf", target / "tables.xlsx", inputs, doc)


def _check_sections(keys: tuple[str, ...] | None) -> None:
    known = [spec.key for spec in registered()]
    unknown = sorted(set(keys or ()) - set(known))
    if unknown:
        raise ValueError(f"sections: unknown {unknown}; expected some of {known}")


def _check_interventions(names: tuple[str, ...] | None, inputs: dict[str, ReadResult]) -> None:
    if names is None:
        return
    if "interventions" not in inputs:
        raise ValueError(f"interventions: {list(names)} selected but the data has no interventions table")
    present = set(inputs["interventions"].data["intervention"])
    unknown = sorted(set(names) - present)
    if unknown:
        raise ValueError(
            f"interventions: {unknown} not in {inputs['interventions'].source}; expected some of {sorted(present)}"
        )
