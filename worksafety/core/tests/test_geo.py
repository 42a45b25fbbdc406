from worksafety.core import geo

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
                                             [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}


def test_contains_honours_outer_ring_and_holes():
    assert geo.contains(SQUARE, 1, 1)
    assert not geo.contains(SQUARE, 5, 5)  # in the hole
    assert not geo.contains(SQUARE, 11, 5)


def test_multipolygon():
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], [[[20, 20], [21, 20], [21, 21], [20, 20]]]]}
    assert geo.contains(multi, 20.7, 20.2)


def test_is_polygon_rejects_bad_geometry():
    assert geo.is_polygon(SQUARE)
    assert not geo.is_polygon({"type": "Point", "coordinates": [1, 2]})
    assert not geo.is_polygon({"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]})
    assert not geo.is_polygon({"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]})
    assert not geo.is_polygon("not a dict")
