"""Precomputed node positions, so that the browser draws with physics off.

Force layouts cost seconds to minutes for a few thousand nodes (spring ~10 s,
Kamada-Kawai minutes); bands are linear and say something: documents stacked by level,
national on top, each band as wide as makes the whole the shape of the window it opens in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

Position = tuple[float, float]
X_GAP, ROW_GAP, BAND_GAP = 190.0, 56.0, 112.0
SCREEN_ASPECT = 1.8  # width / height of a browser window below a view's header


def bands(
    rows: Sequence[Sequence[str]], upstream: Mapping[str, Sequence[str]], width: int | None = None,
    aspect: float = SCREEN_ASPECT,
) -> tuple[dict[str, Position], list[float]]:
    """Stack groups of nodes top to bottom; inside a band, order by the mean x of upstream nodes.

    ``rows`` are the bands (already in a stable order); a band wider than ``width``
    wraps onto more lines. Returns the positions and the top of each band (``nan`` for an
    empty one), where a view writes the band's name.

    >>> pos, tops = bands([["a", "b"], [], ["c"]], {"c": ["b"]}, width=2)
    >>> pos["a"][1] < pos["c"][1], tops[1] != tops[1]
    (True, True)
    """
    width = width or fitting_width([len(r) for r in rows], aspect)
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
