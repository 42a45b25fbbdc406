"""Small geometry helpers on GeoJSON in WGS-84 (lon, lat order, as GeoJSON requires)."""


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {geometry['type']!r}")


def _in_ring(lon: float, lat: float, ring) -> bool:
    # Ray casting: count crossings of a ray towards +lon.
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(geometry: dict, lon: float, lat: float) -> bool:
    """True when the point lies inside a GeoJSON Polygon or MultiPolygon (holes honoured)."""
    for polygon in _rings(geometry):
        outer, *holes = polygon
        if _in_ring(lon, lat, outer) and not any(_in_ring(lon, lat, h) for h in holes):
            return True
    return False


def is_polygon(geometry) -> bool:
    """True for a well-formed GeoJSON Polygon/MultiPolygon with numeric WGS-84 positions."""
    try:
        for polygon in _rings(geometry):
            for ring in polygon:
                if len(ring) < 4:
                    return False
                for lon, lat in ring:
                    if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                        return False
        return True
    except (KeyError, TypeError, ValueError):
        return False
