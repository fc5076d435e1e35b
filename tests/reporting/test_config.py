"""report.yml: read and checked with errors that name the file and the setting; the command line
overrides it; what it selects reaches the report and its provenance."""

import json

import pytest

from governance_analytics import cli
from governance_analytics.config import load_report_settings as load_config
from governance_analytics.report_settings import ReportConfig
from governance_analytics.reporting import build_report


def _write(tmp_path, text: str):
    path = tmp_path / "report.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_config_reads_every_setting(tmp_path):
    path = _write(
        tmp_path,
        "city: {zh: 望江市, en: Wangjiang}\nlang: en\ncompare: same-last-year\n"
        "sections: [overview, handling]\nthreshold: 20\nalpha: 0.01\n"
        "interventions: [无人清扫车示范路段]\nseed: 7\n",
    )
    assert load_config(path) == ReportConfig(
        city={"zh": "望江市", "en": "Wangjiang"},
        lang="en",
        compare="same-last-year",
        sections=("overview", "handling"),
        threshold=20,
        alpha=0.01,
        interventions=("无人清扫车示范路段",),
        seed=7,
    )


def test_defaults_one_city_name_and_empty_file(tmp_path):
    assert load_config(_write(tmp_path, "city: 示范市\n")).city == {"zh": "示范市", "en": "示范市"}
    config = load_config(_write(tmp_path, ""))
    assert (config.lang, config.compare, config.threshold, config.alpha, config.sections) == (
        "zh",
        "previous",
        10,
        0.05,
        None,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("threshhold: 5\n", r"report\.yml: unknown setting\(s\) \['threshhold'\]; expected some of"),
        ("threshold: 0\n", r"report\.yml: threshold: expected a whole number ≥ 1, got 0"),
        ("threshold: ten\n", r"report\.yml: threshold: expected a whole number ≥ 1, got 'ten'"),
        ("alpha: 5\n", r"report\.yml: alpha: expected a number between 0 and 1, got 5"),
        ("lang: fr\n", r"report\.yml: lang: 'fr' not supported"),
        ("compare: last-month\n", r"report\.yml: compare: expected one of"),
        ("sections: 3\n", r"report\.yml: sections: expected a list of one or more names, got 3"),
        ("sections: []\n", r"report\.yml: sections: expected a list of one or more names, got \[\]"),
        ("city: {zh: 示范市}\n", r"report\.yml: city: expected a name or \{zh: \.\.\., en: \.\.\.\}"),
        ("- overview\n", r"report\.yml: expected settings as `name: value` lines, got list"),
        ("sections: [overview\n", r"report\.yml: not valid YAML"),
    ],
)
def test_bad_settings_are_clear_errors(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        load_config(_write(tmp_path, text))


def test_unknown_section_or_intervention_is_an_error(demo_dir, tmp_path):
    with pytest.raises(ValueError, match=r"sections: unknown \['hotspot'\]; expected some of \['overview', 'hotspots'"):
        build_report(demo_dir, period="2025-Q4", out=tmp_path, sections=["hotspot"])
    data = tmp_path / "data"
    data.mkdir()
    (data / "communities.csv").write_bytes((demo_dir / "communities.csv").read_bytes())
    with pytest.raises(ValueError, match=r"interventions: \['试点'\] selected but the data has no interventions table"):
        build_report(data, period="2025-Q4", out=tmp_path, config=ReportConfig(interventions=("试点",)))
    (data / "interventions.csv").write_bytes((demo_dir / "interventions.csv").read_bytes())
    with pytest.raises(
        ValueError,
        match=r"interventions: \['试点'\] not in .*interventions.csv; expected some of \['无人清扫车示范路段'\]",
    ):
        build_report(data, period="2025-Q4", out=tmp_path, config=ReportConfig(interventions=("试点",)))


def test_cli_applies_the_config_and_its_flags_override_it(demo_dir, tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "communities.csv").write_bytes((demo_dir / "communities.csv").read_bytes())
    config = _write(
        tmp_path,
        "city: {zh: 望江市, en: Wangjiang}\nlang: en\nthreshold: 20\nalpha: 0.01\nseed: 7\n"
        "sections: [overview, community]\n",
    )
    assert (
        cli.main(
            [
                "report",
                "--data",
                str(data),
                "--period",
                "2025-Q4",
                "--config",
                str(config),
                "--threshold",
                "15",
                "--out",
                str(tmp_path / "reports"),
            ]
        )
        == 0
    )
    directory = tmp_path / "reports" / "wangjiang" / "2025-Q4"  # the city's English name names the folder
    record = json.loads((directory / "provenance.json").read_text(encoding="utf-8"))
    assert (record["lang"], record["threshold"], record["alpha"], record["seed"]) == ("en", 15, 0.01, 7)
    assert record["config"]["file"] == "report.yml" and len(record["config"]["sha256"]) == 64
    html = (directory / "report.html").read_text(encoding="utf-8")
    assert "Wangjiang urban governance report, 2025-Q4" in html
    # only the selected sections were considered: both lack their inputs, the others are not mentioned
    assert "Data overview: input cases not present." in html and "Community-governance diagnostics: input" in html
    assert "Hot spots and emerging hot spots" not in html


def test_example_config_in_the_repository_loads():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "report.example.yml"
    config = load_config(example)
    assert config.city == {"zh": "示范市", "en": "Demo City"} and config.sections[0] == "overview"
    assert config.interventions == ("无人清扫车示范路段",) and config.seed is None
