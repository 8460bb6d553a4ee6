"""Precomputed node positions, so that the browser draws with physics off.

Force layouts cost seconds to minutes for a few thousand nodes (spring ~10 s,
Kamada-Kawai minutes); these layouts are linear or n log n and say something:
levels as bands, a document as an outline, an entity at the centre of its documents.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

Position = tuple[float, float]
X_GAP, ROW_GAP, BAND_GAP = 190.0, 56.0, 112.0
SCREEN_ASPECT = 1.8  # width / height of a browser window below a view's header


def bands(
    rows: Sequence[Sequence[str]], upstream: Mapping[str, Sequence[str]], width: int | None = None
) -> tuple[dict[str, Position], list[float]]:
    """Stack groups of nodes top to bottom; inside a band, order by the mean x of upstream nodes.

    ``rows`` are the bands (already in a stable order); a band wider than ``width``
    wraps onto more lines. Returns the positions and the top of each band (``nan`` for an
    empty one), where a view writes the band's name.

    >>> pos, tops = bands([["a", "b"], [], ["c"]], {"c": ["b"]}, width=2)
    >>> pos["a"][1] < pos["c"][1], tops[1] != tops[1]
    (True, True)
    """
    width = width or fitting_width([len(r) for r in rows])
    pos: dict[str, Position] = {}
    tops: list[float] = []
    y = 0.0
    for band in rows:
        if not band:
            tops.append(math.nan)
            continue
        tops.append(y)

        def barycentre(n: str) -> float:
            xs = [pos[u][0] for u in upstream.get(n, ()) if u in pos]
            return sum(xs) / len(xs) if xs else math.inf

        ordered = sorted(band, key=barycentre)  # stable: ties keep the band's order
        for i, node in enumerate(ordered):
            line, col = divmod(i, width)
            in_line = min(width, len(ordered) - line * width)
            pos[node] = ((col - (in_line - 1) / 2) * X_GAP, y + line * ROW_GAP)
        y += (math.ceil(len(ordered) / width) - 1) * ROW_GAP + BAND_GAP
    return pos, tops


def fitting_width(sizes: Sequence[int], aspect: float = SCREEN_ASPECT) -> int:
    """The nodes per line that make bands of these sizes closest to a screen's shape (width / height).

    >>> fitting_width([90]), fitting_width([3, 3])
    (7, 2)
    """
    def shape(width: int) -> float:
        lines = sum(math.ceil(n / width) for n in sizes if n)
        height = lines * ROW_GAP + (sum(1 for n in sizes if n) - 1) * (BAND_GAP - ROW_GAP)
        return abs(math.log(width * X_GAP / max(height, ROW_GAP) / aspect))

    widest = max([1, *sizes])
    return min(range(1, widest + 1), key=lambda w: (shape(w), w))


def outline(
    root: str,
    items: Sequence[tuple[str, int]],
    columns: Sequence[Sequence[str]],
    neighbours: Callable[[str], Sequence[str]],
) -> dict[str, Position]:
    """A document as an indented outline, with involved things in columns beside the items they touch.

    ``items`` are (node, depth) in reading order; each column is placed at the mean
    height of its nodes' neighbours, pushed down just enough not to overlap.
    """
    pos: dict[str, Position] = {root: (0.0, 0.0)}
    depth_max = 0
    for i, (node, depth) in enumerate(items, start=1):
        pos[node] = (depth * 90.0, i * 48.0)
        depth_max = max(depth_max, depth)
    x = depth_max * 90.0 + 420.0
    for column in columns:
        def wanted(n: str, left: float = x) -> float:
            ys = [pos[m][1] for m in neighbours(n) if m in pos and pos[m][0] < left]
            return sum(ys) / len(ys) if ys else math.inf

        last = -math.inf
        fallback = len(items) * 48.0
        for node in sorted(column, key=lambda n: (wanted(n), n)):
            want = wanted(node)
            y = max(want if want != math.inf else fallback, last + 44.0)
            pos[node] = (x, y)
            last = y
        if column:
            x += 330.0
    return pos


def radial(centre: str, groups: Sequence[tuple[str | None, Sequence[str]]]) -> dict[str, Position]:
    """An entity at the centre; each document on an outer ring with its items on an inner arc toward it.

    ``groups`` are (document or None, items); items without a document share a sector.
    """
    pos: dict[str, Position] = {centre: (0.0, 0.0)}
    weights = [max(1, len(items)) for _, items in groups]
    total = sum(weights) or 1
    n_items = sum(len(items) for _, items in groups)
    inner = max(260.0, n_items * 34.0 / (2 * math.pi))
    outer = inner + max(260.0, len(groups) * 60.0 / (2 * math.pi))
    angle = 0.0
    for (doc, items), weight in zip(groups, weights, strict=True):
        sector = 2 * math.pi * weight / total
        mid = angle + sector / 2
        if doc is not None:
            pos[doc] = (outer * math.cos(mid), outer * math.sin(mid))
        for j, item in enumerate(items):
            a = angle + sector * (j + 0.5) / len(items)
            r = inner + (j % 2) * 70.0
            pos[item] = (r * math.cos(a), r * math.sin(a))
        angle += sector
    return pos
