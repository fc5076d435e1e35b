"""Spherical geometry for the population centre (private): mean centre, great-circle distance, bearing.

The Earth is a sphere of the IUGG mean radius :data:`EARTH_RADIUS_KM` (Moritz 2000, *Geodetic
Reference System 1980*, R₁ = 6 371 008.8 m); over a metropolitan area the ellipsoidal error of a
haversine distance is below 0.5 %.
"""

from __future__ import annotations

import numpy as np

#: Mean Earth radius R₁ of GRS 80 (km).
EARTH_RADIUS_KM = 6371.0088


def mean_centre(lon: np.ndarray, lat: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """Weighted mean centre on the sphere, the U.S. Census Bureau's centre of population.

    .. math::

        \\bar\\phi = \\frac{\\sum_i w_i \\phi_i}{\\sum_i w_i}, \\qquad
        \\bar\\lambda = \\frac{\\sum_i w_i \\lambda_i \\cos\\phi_i}{\\sum_i w_i \\cos\\phi_i}

    (latitude φ, longitude λ in degrees; the cosine shrinks a degree of longitude to its ground length).
    """
    w = np.asarray(weights, dtype=float)
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    cos = np.cos(np.radians(lat))
    return float(np.sum(w * lon * cos) / np.sum(w * cos)), float(np.sum(w * lat) / np.sum(w))


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance (km) by the haversine formula (Sinnott 1984, *Sky & Telescope* 68(2): 159)."""
    l1, p1, l2, p2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def bearing_deg(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north in [0, 360)."""
    l1, p1, l2, p2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    y = np.sin(l2 - l1) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(l2 - l1)
    return np.degrees(np.arctan2(y, x)) % 360.0
