"""The Chinese words a reader sees, read from ``terms.tsv``: kinds, levels, links and field names.

The documents are Chinese, so the views speak Chinese; every view and the index ask here, so
a word is changed in one place. A name the table lacks is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files


@cache
def _table() -> dict[tuple[str, str], tuple[str, bool, int]]:
    text = (files("graph.views") / "terms.tsv").read_text(encoding="utf-8")
    out: dict[tuple[str, str], tuple[str, bool, int]] = {}
    for rank, line in enumerate(text.splitlines()):
        if line.strip() and not line.startswith("#"):
            group, key, word, shown = line.split("\t")
            out[(group, key)] = (word, shown == "1", rank)
    return out


def term(group: str, key: str) -> str:
    """The Chinese for ``key`` in ``group`` (kind, level, link or field), else the key itself.

    >>> term("field", "id_local"), term("level", "city"), term("field", "unknownProperty")
    ('发文字号', '市级', 'unknownProperty')
    """
    entry = _table().get((group, key))
    return entry[0] if entry else key


def fields(details: Iterable[tuple[str, str]]) -> list[list[str]]:
    """A node's fields as [Chinese name, value] in the table's order, without those kept for the views.

    >>> fields([("value", "20"), ("id_local", "国办发〔2015〕71号"), ("sectionPath", "一")])
    [['发文字号', '国办发〔2015〕71号'], ['数值', '20']]
    """
    table = _table()
    shown = [(table.get(("field", k), (k, True, 1 << 20)), k, v) for k, v in details]
    return [[word, v] for (word, visible, _), _k, v in sorted(shown, key=lambda s: (s[0][2], s[1], s[2]))
            if visible]
