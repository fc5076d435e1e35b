"""Run once: esda's permutation inference on libpysal's columbus example, the reference values of
``tests/cases/test_hotspots.py``::

    python tests/cases/esda_reference.py > tests/data/esda_columbus_permutations.json

Each result is stored under the exact call that produced it (esda compiles its permutation code with
numba on first use, which would cost every fresh test run about 40 seconds).
"""

import json

import esda
import geopandas as gpd
import libpysal
import numpy as np
from libpysal import examples
from libpysal.weights import Queen

columbus = gpd.read_file(examples.get_path("columbus.shp"))


def w():
    return Queen.from_dataframe(columbus, use_index=False)


CALLS = {
    "G_Local CRIME": "G_Local(CRIME, w, transform='B', star=True, permutations=9999, seed=1)",
    "Moran_Local HOVAL": "Moran_Local(HOVAL, w, permutations=9999, seed=7, n_jobs=1)",
    "Moran_Local CRIME": "Moran_Local(CRIME, w, permutations=9999, seed=7, n_jobs=1)",
    "Moran HOVAL": "np.random.seed(0); Moran(HOVAL, w, permutations=9999)",
}
out: dict = {
    "esda": esda.__version__,
    "libpysal": libpysal.__version__,
    "w": "Queen.from_dataframe(columbus, use_index=False)",
}
g = esda.G_Local(columbus["CRIME"].to_numpy(), w(), transform="B", star=True, permutations=9999, seed=1)
out["G_Local CRIME"] = {"call": CALLS["G_Local CRIME"], "p_sim": g.p_sim.tolist()}
for col in ("HOVAL", "CRIME"):
    m = esda.Moran_Local(columbus[col].to_numpy(), w(), permutations=9999, seed=7, n_jobs=1)
    key = f"Moran_Local {col}"
    out[key] = {
        "call": CALLS[key],
        "p_sim": m.p_sim.tolist(),
        "EI_sim": m.EI_sim.tolist(),
        "seI_sim": m.seI_sim.tolist(),
    }
np.random.seed(0)
mg = esda.Moran(columbus["HOVAL"].to_numpy(), w(), permutations=9999)
out["Moran HOVAL"] = {"call": CALLS["Moran HOVAL"], "I": float(mg.I), "p_sim": float(mg.p_sim)}
print(json.dumps(out, indent=1))
