"""Which grid cells touch: neighbours share a polygon edge or at least one vertex."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from console.core.domain import GridRef

Point = tuple[float, float]
Ring = tuple[Point, ...]

# Grid polygons are drawn to six decimals (about 0.1 m); points closer than this are one.
TOLERANCE = 1e-6


def _on_segment(p: Point, a: Point, b: Point) -> bool:
    """Whether ``p`` lies on the segment ``a``–``b`` (within the tolerance)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    if not (min(ax, bx) - TOLERANCE <= px <= max(ax, bx) + TOLERANCE
            and min(ay, by) - TOLERANCE <= py <= max(ay, by) + TOLERANCE):
        return False
    length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
    if length < TOLERANCE:
        return abs(px - ax) <= TOLERANCE and abs(py - ay) <= TOLERANCE
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    return abs(cross) / length <= TOLERANCE


def _edges(ring: Ring) -> list[tuple[Point, Point]]:
    return [(ring[i], ring[i + 1]) for i in range(len(ring) - 1)]


def _bbox(ring: Ring) -> tuple[float, float, float, float]:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def touches(a: Ring, b: Ring) -> bool:
    """True when the rings share a vertex or a stretch of edge. A vertex of one ring
    lying on an edge of the other counts too (a T-junction where a long edge meets two
    shorter ones)."""
    if len(a) < 2 or len(b) < 2:
        return False
    ax0, ay0, ax1, ay1 = _bbox(a)
    bx0, by0, bx1, by1 = _bbox(b)
    if (ax0 > bx1 + TOLERANCE or bx0 > ax1 + TOLERANCE
            or ay0 > by1 + TOLERANCE or by0 > ay1 + TOLERANCE):
        return False
    b_edges = _edges(b)
    if any(_on_segment(p, s, e) for p in a for s, e in b_edges):
        return True
    a_edges = _edges(a)
    return any(_on_segment(p, s, e) for p in b for s, e in a_edges)


@lru_cache(maxsize=4)
def _adjacency(key: tuple[tuple[int, Ring], ...]) -> dict[int, frozenset[int]]:
    found: dict[int, set[int]] = {gid: set() for gid, _ in key}
    for i, (gid_a, ring_a) in enumerate(key):
        for gid_b, ring_b in key[i + 1:]:
            if touches(ring_a, ring_b):
                found[gid_a].add(gid_b)
                found[gid_b].add(gid_a)
    return {gid: frozenset(ids) for gid, ids in found.items()}


def neighbours(grids: Iterable[GridRef]) -> dict[int, frozenset[int]]:
    """Grid id → ids of the grids that touch it. Worked out once per district (the
    result is cached by the grids' polygons, so a reloaded district is recomputed)."""
    key: Sequence[tuple[int, Ring]] = tuple(sorted((g.id, g.polygon) for g in grids))
    return _adjacency(tuple(key))
