"""city.yml: the template loads; every unknown or ill-typed key is an error naming the file and the key;
the canonical-table docs are complete and in step with the schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from governance_analytics import schemas
from governance_analytics.config import CityConfig, init_workspace, load_city
from governance_analytics.io.yaml_safe import MAX_NODES, load_yaml
from governance_analytics.schema_docs import COLUMN_DOCS, describe_tables

ROOT = Path(__file__).resolve().parents[1]


def _city(tmp_path, text: str) -> Path:
    path = tmp_path / "city.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_init_writes_a_workspace_whose_template_loads(tmp_path):
    path = init_workspace(tmp_path / "ws", city={"zh": "示范市", "en": "Demo City"}, timezone="Asia/Shanghai")
    assert sorted(p.name for p in path.parent.iterdir()) == ["city.yml", "data", "raw", "reports"]
    city = load_city(path)
    assert isinstance(city, CityConfig) and city.city == {"zh": "示范市", "en": "Demo City"}
    assert city.crs is None and city.timezone == "Asia/Shanghai" and city.grid.cell_size == 100.0
    assert city.sources["cases"].files == ((path.parent / "raw" / "cases.csv").resolve(),)
    assert city.report.city == city.city and city.report.lang == "zh"
    assert city.studies.hotspots.band_m == 300.0 and city.studies.messages.reply_limit_days == 15.0
    assert city.studies.hotspots.inference == "convolution"
    with pytest.raises(ValueError, match="already exists"):
        init_workspace(tmp_path / "ws")
    assert load_city(path.parent).root == path.parent.resolve()  # the folder is enough
    odd = init_workspace(tmp_path / "odd", city={"zh": "2025", "en": "Los Angeles, CA"})  # names quoted in the YAML
    assert load_city(odd).city == {"zh": "2025", "en": "Los Angeles, CA"}


@pytest.mark.parametrize(
    "text, key",
    [
        ("city: X\ncolour: red\n", r"\(top level\): unknown setting\(s\) \['colour'\]"),
        ("city: X\ngrid: {cell_size: big}\n", r"grid\.cell_size: expected a number above 0, got 'big'"),
        ("city: X\ngrid: {cell_size: -5}\n", r"grid\.cell_size"),
        ("city: X\ncrs: EPSG:4326\n", r"crs: EPSG:4326 is not a projected CRS"),
        ("city: X\ncrs: nonsense\n", r"crs: unknown CRS"),
        ("city: X\ntimezone: Mars/Olympus\n", r"timezone: unknown time zone"),
        ("city: X\nsources: {casess: {file: a.csv}}\n", r"sources: unknown table 'casess'"),
        (
            "city: X\nsources: {cases: {file: a.csv, fromat: auto}}\n",
            r"sources\.cases: unknown setting\(s\) \['fromat'\]",
        ),
        (
            "city: X\nsources: {cases: {file: a.csv, format: boston}}\n",
            r"sources\.cases\.format: unknown format 'boston'",
        ),
        ("city: X\nsources: {cases: {}}\n", r"sources\.cases: expected file: PATH"),
        ("city: X\nboundaries: {file: b.json, name: n, level: province}\n", r"boundaries\.level"),
        (
            "city: X\nstudies: {hotspots: {band_m: 300, min_cases: 2.5}}\n",
            r"studies\.hotspots\.min_cases: expected a whole number",
        ),
        ("city: X\nstudies: {hotspots: {alpha: 2}}\n", r"studies\.hotspots: alpha"),
        (
            "city: X\nstudies: {hotspots: {inference: exact}}\n",
            r"studies\.hotspots: inference: expected 'convolution' or 'permutation', got 'exact'",
        ),
        ("city: X\nstudies: {hotspots: {inference: 3}}\n", r"studies\.hotspots\.inference: expected text"),
        ("city: X\nstudies: {hotspot: {}}\n", r"studies: unknown setting\(s\) \['hotspot'\]"),
        ("city: X\nreport: {treshold: 5}\n", r"report: unknown setting\(s\) \['treshold'\]"),
        ("city: X\nreport: {threshold: 0}\n", r"report: threshold: expected a whole number ≥ 1"),
        ("city: {zh: 示范市}\n", r"city: expected the city's names"),
    ],
)
def test_every_bad_key_is_named(tmp_path, text, key):
    path = _city(tmp_path, text)
    with pytest.raises(ValueError, match=key) as err:
        load_city(path)
    assert str(path) in str(err.value)


def test_a_mapping_and_constants_load_for_cases(tmp_path):
    path = _city(
        tmp_path,
        "city: {zh: 波士顿, en: Boston}\nsources:\n  cases:\n    files: [raw/a.csv, raw/b.csv]\n"
        "    mapping: {case_id: CASE_ENQUIRY_ID, created_at: OPEN_DT}\n"
        "    constants: {case_type: 事件}\n    values: {category: {Pothole: 道路交通}}\n"
        "    area: -71.2,42.2,-70.9,42.4\n",
    )
    spec = load_city(path).sources["cases"]
    assert [f.name for f in spec.files] == ["a.csv", "b.csv"] and spec.format == "auto"
    assert spec.mapping == {"case_id": "CASE_ENQUIRY_ID", "created_at": "OPEN_DT"}
    assert spec.constants == {"case_type": "事件"} and spec.values == {"category": {"Pothole": "道路交通"}}
    assert spec.area == (-71.2, 42.2, -70.9, 42.4)


def test_report_yml_setting_file_may_be_the_city_yml(tmp_path):
    from governance_analytics.config import load_report_settings

    path = _city(tmp_path, "city: {zh: 示范市, en: Demo City}\nreport: {lang: en, threshold: 20}\n")
    settings = load_report_settings(path)
    assert (settings.lang, settings.threshold, settings.city) == ("en", 20, {"zh": "示范市", "en": "Demo City"})


# ----------------------------------------------------------------------------------- safe YAML
@pytest.mark.parametrize(
    "text, message",
    [
        ("a: [1, 2\n", r"not valid YAML at line 2, column 1"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", r"not valid YAML"),
        ("\ufeffa: 1\n", None),
    ],
)
def test_yaml_is_read_safely(tmp_path, text, message):
    path = tmp_path / "s.yml"
    path.write_text(text, encoding="utf-8")
    if message is None:
        assert load_yaml(path) == {"a": 1}  # a BOM (Notepad's UTF-8) is fine
    else:
        with pytest.raises(ValueError, match=message):
            load_yaml(path)


def test_billion_laughs_is_refused_before_it_expands(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    path = tmp_path / "laughs.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"expands to .* values through its aliases .* at most {MAX_NODES:,}"):
        load_yaml(path)
    assert yaml.safe_load("a: &x 1\nb: *x\n") == {"a": 1, "b": 1}  # an alias or two is YAML, and fine


# ----------------------------------------------------------------------------------- canonical tables
def test_every_column_of_every_table_has_its_meaning():
    for name, schema in schemas.SCHEMAS.items():
        assert list(COLUMN_DOCS[name]) == list(schema.columns), name
    assert set(COLUMN_DOCS) == set(schemas.SCHEMAS)


def test_the_docs_page_is_the_generated_one():
    assert (ROOT / "docs" / "canonical_tables.md").read_text(encoding="utf-8") == describe_tables() + "\n"


def test_the_hot_spot_inference_is_set_in_city_yml(tmp_path):
    path = _city(tmp_path, "city: X\nstudies: {hotspots: {inference: permutation, permutations: 999}}\n")
    spec = load_city(path).studies.hotspots
    assert (spec.inference, spec.permutations) == ("permutation", 999)
