"""Stages of urban development from the population change of core and ring (private).

van den Berg, L., Drewett, R., Klaassen, L. H., Rossi, A. & Vijverberg, C. H. T. (1982) *Urban Europe:
A Study of Growth and Decline*, Oxford: Pergamon. A functional urban region is a core and its ring;
the signs and relative sizes of their absolute population changes place it in one of eight stages:

=====  ==========================================  ===========  ===========  ======
stage  name                                        core         ring         total
=====  ==========================================  ===========  ===========  ======
1      urbanisation: absolute centralisation       gain         loss         gain
2      urbanisation: relative centralisation       larger gain  gain         gain
3      suburbanisation: relative decentralisation  gain         larger gain  gain
4      suburbanisation: absolute decentralisation  loss         gain         gain
5      disurbanisation: absolute decentralisation  loss         gain         loss
6      disurbanisation: relative decentralisation  larger loss  loss         loss
7      reurbanisation: relative centralisation     loss         larger loss  loss
8      reurbanisation: absolute centralisation     gain         loss         loss
=====  ==========================================  ===========  ===========  ======

Stage 0 here means no net change of the whole region.
"""

from __future__ import annotations

#: Stages of urban development by the change of core and ring population (van den Berg et al. 1982).
STAGES = {
    1: "urbanisation: absolute centralisation",
    2: "urbanisation: relative centralisation",
    3: "suburbanisation: relative decentralisation",
    4: "suburbanisation: absolute decentralisation",
    5: "disurbanisation: absolute decentralisation",
    6: "disurbanisation: relative decentralisation",
    7: "reurbanisation: relative centralisation",
    8: "reurbanisation: absolute centralisation",
    0: "no change",
}


def stage_of(core_change: float, rest_change: float) -> int:
    """Stage number of van den Berg et al. (1982) from the absolute changes of core and ring."""
    total = core_change + rest_change
    if total > 0:
        if core_change > 0:
            if rest_change < 0:
                return 1
            return 2 if core_change > rest_change else 3
        return 4
    if total < 0:
        if core_change < 0:
            if rest_change > 0:
                return 5
            return 6 if abs(core_change) > abs(rest_change) else 7
        return 8
    return 0
