"""Gi* equal to R spdep's localG on the same weights, and the same whatever form PySAL users hold
their weights in (scipy sparse, libpysal W, libpysal Graph; ids aligned) — issue 16.

The reference values were computed once with R 4.2.2 and spdep 1.2.7 (Debian's r-cran-spdep) by::

    library(spdep)
    n <- 7
    y <- ((0:(n*n-1)) * 7) %% 11
    y[c(9, 10, 16, 17)] <- y[c(9, 10, 16, 17)] + 9
    # queen contiguity of the 7 × 7 lattice (row-major), self included: Gi*
    localG(y, nb2listw(include.self(cell2nb(n, n, type = "queen")), style = "B"))
    # a 210 m distance band between the centres of 100 m cells
    coords <- cbind(((0:(n*n-1)) %% n) * 100, ((0:(n*n-1)) %/% n) * 100)
    localG(y, nb2listw(include.self(dnearneigh(coords, 0, 210)), style = "B"))
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from libpysal.graph import Graph
from libpysal.weights import W, lat2SW, lat2W
from numpy.testing import assert_allclose

from governance_analytics.cases.hotspots import gi_star
from governance_analytics.cases.weights import as_sparse, distance_band_weights

SPDEP_QUEEN = np.array(
    [
        -0.135496877036,
        0.828450885028,
        1.826666295676,
        0.606625238217,
        -0.613415819242,
        -0.835241466053,
        -0.268283816532,
        1.383015002055,
        2.460420331743,
        3.211576694706,
        1.239791241930,
        -0.731994210846,
        -1.013677846957,
        -0.502502995837,
        1.050276531839,
        2.554314877114,
        2.272631241003,
        1.333685787300,
        -0.638099665476,
        -0.919783301586,
        -0.835241466053,
        0.939363708433,
        0.958107605819,
        0.676423969708,
        0.582529424338,
        -0.544205120105,
        -0.825888756216,
        -1.167979936269,
        -0.391590172431,
        -0.638099665476,
        -0.919783301586,
        -0.168626938624,
        -0.450310574735,
        -0.731994210846,
        -1.500718406485,
        0.495712414812,
        -0.544205120105,
        -0.825888756216,
        -1.107572392327,
        -0.356416029365,
        -0.638099665476,
        -0.613415819242,
        0.262863941450,
        -0.391590172431,
        -0.613415819242,
        -0.835241466053,
        0.162973944596,
        -0.058851702215,
        -0.135496877036,
    ]
)
SPDEP_BAND_210 = np.array(
    [
        0.052061121190,
        2.061717017193,
        1.521474878041,
        0.582529424338,
        -0.544205120105,
        -0.790960569400,
        0.052061121190,
        2.160085209835,
        1.628931668431,
        2.446697507837,
        1.347581631608,
        0.417560505569,
        -1.072320738061,
        -1.381169725247,
        1.145896696560,
        2.615792258026,
        1.662144966986,
        2.073899786917,
        -0.067225276723,
        -1.357934371416,
        -0.356416029365,
        0.582529424338,
        1.347581631608,
        1.744495930973,
        -0.396629132668,
        -0.890734916585,
        -0.935197495943,
        -1.295361483067,
        -0.168626938624,
        0.248465755380,
        -0.726032988613,
        -0.314278168682,
        -0.973085880571,
        -0.512460620471,
        -1.201466937697,
        0.291089549652,
        -1.333732261270,
        -0.597007995565,
        -0.935197495943,
        -0.343365870282,
        -0.898046389255,
        -0.594224184118,
        -0.058851702215,
        -0.299119606195,
        -1.013677846957,
        -0.262521483994,
        -0.544205120105,
        -0.495855991477,
        -0.280677349026,
    ]
)


def _values() -> np.ndarray:
    y = (np.arange(49) * 7) % 11.0
    y[[8, 9, 15, 16]] += 9  # R's 1-based c(9, 10, 16, 17)
    return y


def test_gi_star_equals_spdep_localg_on_queen_contiguity():
    assert_allclose(gi_star(_values(), lat2SW(7, 7, criterion="queen")).z, SPDEP_QUEEN, atol=1e-10)


def test_gi_star_equals_spdep_localg_on_a_distance_band():
    row, col = np.divmod(np.arange(49), 7)
    assert_allclose(
        gi_star(_values(), distance_band_weights(col * 100.0, row * 100.0, 210.0)).z, SPDEP_BAND_210, atol=1e-10
    )


def test_libpysal_w_and_graph_give_the_same_gi_star():
    y = _values()
    sparse = lat2SW(7, 7, criterion="queen")
    expected = gi_star(y, sparse).z
    w = lat2W(7, 7, rook=False)
    graph = Graph.from_W(w)
    for weights in (w, graph):
        assert_allclose(gi_star(y, weights).z, expected, atol=1e-12)


def test_ids_align_a_w_or_graph_to_the_values():
    """The values as a Series indexed by id, in another order than the weights were built in."""
    y = _values()
    expected = pd.Series(gi_star(y, lat2SW(7, 7, criterion="queen")).z, index=[f"c{i:02d}" for i in range(49)])
    w = lat2W(7, 7, rook=False)
    named = W({f"c{i:02d}": [f"c{j:02d}" for j in w.neighbors[i]] for i in range(49)})
    shuffled = pd.Series(y, index=expected.index).sample(frac=1.0, random_state=3)
    for weights in (named, Graph.from_W(named)):
        got = pd.Series(gi_star(shuffled, weights).z, index=shuffled.index)
        assert_allclose(got.loc[expected.index], expected, atol=1e-12)
    with pytest.raises(ValueError, match="not in the weights"):
        as_sparse(named, ids=["c00", "x99"])
    with pytest.raises(ValueError, match="libpysal W or a libpysal Graph"):
        as_sparse({"c00": ["c01"]})
