"""The Demo City as a whole: deterministic, schema-valid, written atomically, manifest complete."""

import json

import numpy as np
import pandas as pd
import pytest

import governance_analytics as ga
from governance_analytics import schemas
from governance_analytics.demo._geography import build_geography


@pytest.fixture(scope="module")
def regenerated():
    return ga.demo.generate(ga.demo.DEFAULT_SEED)


def test_same_seed_identical_tables(regenerated, demo_city):
    """A fresh generation equals the copy written to disk and read back (another process, CSV round trip)."""
    assert set(regenerated.tables) == set(demo_city.tables)
    for name, table in regenerated.tables.items():
        expected = schemas.SCHEMAS[name].validate(table)
        pd.testing.assert_frame_equal(demo_city.tables[name], expected, check_dtype=False, obj=name)
    assert json.loads(json.dumps(regenerated.truth)) == demo_city.truth  # the manifest is JSON


def test_other_seed_other_city():
    a = build_geography(np.random.default_rng(1))
    b = build_geography(np.random.default_rng(2))
    assert not a.communities["community"].equals(b.communities["community"])


def test_every_table_is_canonical(demo_city):
    expected = {
        "cases",
        "grid_cells",
        "communities",
        "population_units",
        "commuting_od",
        "population_grid",
        "survey",
        "community_indicators",
        "messages",
        "committee_members",
        "interventions",
    }
    assert set(demo_city.tables) == expected
    for name, table in demo_city.tables.items():
        schemas.SCHEMAS[name].validate(table)


def test_sizes_as_specified(demo_city):
    t = demo_city.tables
    assert 10_000 <= len(t["grid_cells"]) <= 15_000  # 万米单元网格 over the core
    assert 200_000 <= len(t["cases"]) <= 500_000  # about three years of cases
    assert t["communities"]["district"].nunique() == 6
    assert set(t["population_units"]["zone"]) == set(schemas.ZONES)


def test_manifest_is_written_and_names_each_study(demo_dir):
    truth = json.loads((demo_dir / "truth.json").read_text(encoding="utf-8"))
    assert {"seed", "generator", "city", "crs", "grid", "cases", "population", "participation", "community"} <= set(
        truth
    )
    assert truth["city"] == {"zh": "示范市", "en": "Demo City"}


def test_load_regenerates_stale_data(tmp_path, monkeypatch):
    monkeypatch.setattr(ga.demo, "generate", lambda seed, progress=False: _tiny_city(seed))
    city = ga.demo.load(tmp_path / "demo", seed=7)
    manifest = tmp_path / "demo" / "truth.json"
    truth = json.loads(manifest.read_text())
    truth["generator"] = "an older generator"
    manifest.write_text(json.dumps(truth))
    ga.demo.load(tmp_path / "demo", seed=7)
    assert json.loads(manifest.read_text())["generator"] == ga.demo.generator_fingerprint()
    assert city.tables["communities"].shape == (1, 9)


def test_interrupted_write_keeps_previous_copy(tmp_path, monkeypatch):
    target = tmp_path / "demo"
    ga.demo.write(_tiny_city(7), target)
    broken = _tiny_city(7)
    broken.tables["cases"] = object()  # no to_csv: writing fails midway
    with pytest.raises(AttributeError):
        ga.demo.write(broken, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]
    assert (target / "communities.csv").exists()


def _tiny_city(seed):
    communities = pd.DataFrame(
        {
            "community_id": ["990102001001"],
            "community": ["和平一社区"],
            "street": ["和平街道"],
            "district": ["鼓楼区"],
            "zone": ["core"],
            "x": [0.0],
            "y": [0.0],
            "area_km2": [1.0],
            "population": [100],
        }
    )
    truth = {"seed": seed, "generator": ga.demo.generator_fingerprint(), "city": ga.demo.CITY_NAME}
    return ga.demo.DemoCity(seed, {"communities": communities}, truth)


def test_inventory_lists_every_table(demo_city):
    table = ga.demo.inventory(demo_city)
    assert table["table"].tolist() == sorted(demo_city.tables)
    cases = table.set_index("table").loc["cases"]
    assert (cases["rows"], cases["columns"]) == demo_city.tables["cases"].shape
    assert "上报→立案→派遣→处置→反馈→核查结案" in cases["description"]


def test_cli_demo_data_writes_and_reports(tmp_path, monkeypatch, capsys):
    from governance_analytics import cli

    monkeypatch.setattr(ga.demo, "generate", lambda seed, progress=False: _tiny_city(seed))
    assert cli.main(["demo-data", "--out", str(tmp_path / "demo"), "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "communities" in out and "1 rows" in out
    assert f"Demo City (seed 7) in {tmp_path / 'demo'}" in out
    assert (tmp_path / "demo" / "truth.json").exists()


def test_demo_data_never_writes_over_a_folder_of_the_users(tmp_path, monkeypatch, capsys):
    """Issue 14: a file beside the target and one in a pre-existing target both survive; a legacy Demo
    City (before manifests) is replaced, a Demo City holding a file of the user's is not."""
    from governance_analytics import cli

    monkeypatch.setattr(ga.demo, "generate", lambda seed, progress=False: _tiny_city(seed))
    (tmp_path / "mine.txt").write_text("mine")
    target = tmp_path / "Documents"
    target.mkdir()
    (target / "thesis.docx").write_text("years of work")
    assert cli.main(["demo-data", "--out", str(target), "--seed", "7"]) == 2
    assert "is not an earlier demo-data output" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documents", "mine.txt"]
    assert [p.name for p in target.iterdir()] == ["thesis.docx"]

    demo = tmp_path / "demo"
    ga.demo.write(_tiny_city(7), demo)
    (demo / ga.safe_write.MANIFEST).unlink()  # as written before output folders carried a manifest
    assert cli.main(["demo-data", "--out", str(demo), "--seed", "7", "--force"]) == 0
    (demo / "notes.txt").write_text("mine")
    assert cli.main(["demo-data", "--out", str(demo), "--seed", "7", "--force"]) == 2
    legacy = tmp_path / "legacy"  # written before manifests, with a table of the user's beside the Demo City's
    ga.demo.write(_tiny_city(7), legacy)
    (legacy / ga.safe_write.MANIFEST).unlink()
    (legacy / "my_cases.csv").write_text("mine")
    assert cli.main(["demo-data", "--out", str(legacy), "--seed", "7", "--force"]) == 2
    assert (legacy / "my_cases.csv").read_text() == "mine"
    (legacy / "my_cases.csv").unlink()
    assert (demo / "notes.txt").read_text() == "mine" and (tmp_path / "mine.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documents", "demo", "legacy", "mine.txt"]  # no staging left
