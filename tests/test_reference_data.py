"""Real figures shipped in data/reference agree with the census bulletins and the shared source."""

from pathlib import Path

import pandas as pd

from governance_analytics.io import read_table

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def test_census_districts_match_bulletins():
    table = read_table(REFERENCE / "census_bj_sh_districts_2010_2020.csv").data
    pop = pd.to_numeric(table["pop_2020"])
    by_city = pop.groupby(table["city"]).sum().to_dict()
    assert by_city == {"Beijing": 21_893_095, "Shanghai": 24_870_895}
    zone = table["zone"].str.split(" ").str[0]
    totals = pop.groupby([table["city"], zone]).sum().to_dict()
    assert totals[("Beijing", "core")] == 1_815_043
    assert totals[("Beijing", "core")] + totals[("Beijing", "central")] == 10_988_587  # 中心城区, six districts
    assert totals[("Beijing", "outer")] == 10_904_508
    assert (totals[("Shanghai", "central")], totals[("Shanghai", "Pudong")], totals[("Shanghai", "suburb")]) == (
        6_683_712,
        5_681_512,
        12_505_671,
    )


def test_reference_copy_equals_shared_source(shared_data):
    ours = (REFERENCE / "census_bj_sh_districts_2010_2020.csv").read_bytes()
    assert ours == (shared_data / "census" / "bj_sh_districts_census_2010_2020.csv").read_bytes()
