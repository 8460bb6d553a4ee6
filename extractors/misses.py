"""What an extraction got wrong against gold annotations, item by item, with the text of each.

A score says how much is wrong; changing a rule needs to know *what*. ``list_misses`` pairs
gold and predicted exports (files by name, documents by title, then by order) and, per
category, lists the gold items nothing matched (missed) and the predicted items no gold item
matched (spurious). Items match as the extraction contract says names match: equal, one
containing the other and the shorter at least half as long, or character-bigram Dice >= 0.7,
one-to-one, best first; a target also needs the same value and unit, a responsibleFor the same
section. Both sides are canonicalised with ``extractors.names.canonical``.

>>> gold = {"entities": [{"type": "School", "name": "龙珠小学"}], "targets": []}
>>> pred = {"entities": [{"type": "School", "name": "龙珠小"}, {"type": "Place", "name": "全区"}]}
>>> [str(m) for m in document_misses(gold, pred, "plan")]
['plan entity Place spurious 全区']
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.errors import ReadError
from extractors.names import canonical

Item = dict[str, Any]
_LABEL_END = re.compile(r"[、.,，。:：]+$")


@dataclass(frozen=True)
class Miss:
    """One item that is wrong: ``kind`` is missed (in gold only) or spurious (predicted only)."""

    where: str
    category: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.where} {self.category} {self.kind} {self.text}"


def _norm(value: Any) -> str:
    return canonical(str(value)) if value not in (None, "") else ""


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def similarity(a: str, b: str) -> float:
    """How well two canonical names match (0 for no match).

    >>> similarity("区教育局", "教育局"), similarity("明月", "明月学校"), similarity("小学", "中学")
    (0.9, 0.9, 0.0)
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if short in long_ and 2 * len(short) >= len(long_):
        return 0.9
    ba, bb = _bigrams(a), _bigrams(b)
    dice = 2 * len(ba & bb) / (len(ba) + len(bb))
    return dice if dice >= 0.7 else 0.0


def _match(gold: list[Item], pred: list[Item], sim: Callable[[Item, Item], float]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs, best similarity first (ties by position, so the result is stable)."""
    cands = sorted(((s, i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if (s := sim(g, p)) > 0),
                   key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _unmatched(where: str, category: str, gold: list[Item], pred: list[Item],
               sim: Callable[[Item, Item], float], show: Callable[[Item], str]) -> Iterator[Miss]:
    pairs = _match(gold, pred, sim)
    hit_g = {i for i, _ in pairs}
    hit_p = {j for _, j in pairs}
    yield from (Miss(where, category, "missed", show(g)) for i, g in enumerate(gold) if i not in hit_g)
    yield from (Miss(where, category, "spurious", show(p)) for j, p in enumerate(pred) if j not in hit_p)


def _unique(items: list[Item], key: Callable[[Item], tuple]) -> list[Item]:
    """One item per key (entities and relations are sets in the contract)."""
    seen: dict[tuple, Item] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return [seen[k] for k in sorted(seen)]


def _target_text(t: Item) -> str:
    value = "*" if t.get("placeholder") and t.get("value") is None else t.get("value")
    return f"{t.get('indicator')} {t.get('comparator') or '='} {value}{t.get('unit') or ''} (by {t.get('deadline')})"


def _same_quantity(g: Item, p: Item) -> bool:
    gv, pv = g.get("value"), p.get("value")
    same = gv == pv if gv is None or pv is None else abs(float(gv) - float(pv)) <= 1e-9 * max(1.0, abs(float(gv)))
    return same and _norm(g.get("unit")) == _norm(p.get("unit"))


def _path(value: Any) -> str:
    """A section path with each label's closing punctuation dropped (一、/(一) is 一/(一))."""
    return "/".join(_LABEL_END.sub("", part.strip()) for part in str(value or "").split("/") if part.strip())


def _rel_end(rel: Item, end: str) -> str:
    value = rel.get(end)
    if rel.get("type") == "responsibleFor" and end == "tail":
        return _path(value)
    return "DOCUMENT" if value == "DOCUMENT" else _norm(value)


def _rel_sim(kind: str) -> Callable[[Item, Item], float]:
    def sim(g: Item, p: Item) -> float:
        if kind == "responsibleFor":
            return similarity(_rel_end(g, "head"), _rel_end(p, "head")) if _rel_end(g, "tail") == _rel_end(p, "tail") \
                else 0.0
        head = 1.0 if _rel_end(g, "head") == _rel_end(p, "head") == "DOCUMENT" else \
            similarity(_rel_end(g, "head"), _rel_end(p, "head"))
        return min(head, similarity(_rel_end(g, "tail"), _rel_end(p, "tail")))
    return sim


def document_misses(gold: Item, pred: Item, where: str) -> Iterator[Miss]:
    """The misses of one gold document against the predicted document paired with it."""
    scope = gold.get("scope")

    def wanted(category: str) -> bool:
        return scope is None or category in scope or any(str(s).startswith(category + ":") for s in scope)

    if wanted("sections"):
        gs = {_path(s.get("path")): s for s in gold.get("sections") or []}
        ps = {_path(s.get("path")): s for s in pred.get("sections") or []}
        yield from (Miss(where, "section", "missed", f"{k} {gs[k].get('title')}") for k in gs if k not in ps)
        yield from (Miss(where, "section", "spurious", f"{k} {ps[k].get('title')}") for k in ps if k not in gs)
        yield from (Miss(where, "section title", "wrong", f"{k} {ps[k].get('title')} (gold: {gs[k].get('title')})")
                    for k in gs if k in ps and not similarity(_norm(gs[k].get("title")), _norm(ps[k].get("title"))))
    if wanted("entities"):
        def key(e: Item) -> tuple:
            return (str(e.get("type")), _norm(e.get("name")))
        ge, pe = _unique(gold.get("entities") or [], key), _unique(pred.get("entities") or [], key)
        for kind in sorted({key(e)[0] for e in ge + pe}):
            yield from _unmatched(where, f"entity {kind}", [e for e in ge if key(e)[0] == kind],
                                  [e for e in pe if key(e)[0] == kind],
                                  lambda g, p: similarity(key(g)[1], key(p)[1]), lambda e: key(e)[1])
    if wanted("targets"):
        gt, pt = gold.get("targets") or [], pred.get("targets") or []
        yield from _unmatched(where, "target", gt, pt,
                              lambda g, p: similarity(_norm(g.get("indicator")), _norm(p.get("indicator")))
                              if _same_quantity(g, p) else 0.0, _target_text)
    if wanted("relations"):
        limit = None if scope is None or "relations" in scope else \
            {str(s).split(":", 1)[1] for s in scope if str(s).startswith("relations:")}

        def rkey(r: Item) -> tuple:
            return (str(r.get("type")), _rel_end(r, "head"), _rel_end(r, "tail"))
        gr, pr = ([r for r in _unique(side.get("relations") or [], rkey) if limit is None or r.get("type") in limit]
                  for side in (gold, pred))
        for kind in sorted({rkey(r)[0] for r in gr + pr}):
            yield from _unmatched(where, f"relation {kind}", [r for r in gr if rkey(r)[0] == kind],
                                  [r for r in pr if rkey(r)[0] == kind], _rel_sim(kind),
                                  lambda r: f"{rkey(r)[1]} → {rkey(r)[2]}")


def file_misses(gold_docs: list[Item], pred_docs: list[Item], name: str) -> Iterator[Miss]:
    """Documents pair by title, the rest by order; an unpaired document is all missed or all spurious."""
    pairs = _match(gold_docs, pred_docs, lambda g, p: similarity(_norm(g.get("title")), _norm(p.get("title"))))
    rest_g = [i for i in range(len(gold_docs)) if i not in {i for i, _ in pairs}]
    rest_p = [j for j in range(len(pred_docs)) if j not in {j for _, j in pairs}]
    pairs += list(zip(rest_g, rest_p, strict=False))
    for i, j in sorted(pairs):
        yield from document_misses(gold_docs[i], pred_docs[j], f"{name}#{i}")
    for i in sorted(set(range(len(gold_docs))) - {i for i, _ in pairs}):
        yield Miss(f"{name}#{i}", "document", "missed", str(gold_docs[i].get("title")))
        yield from document_misses(gold_docs[i], {}, f"{name}#{i}")
    for j in sorted(set(range(len(pred_docs))) - {j for _, j in pairs}):
        yield Miss(f"{name}#extra{j}", "document", "spurious", str(pred_docs[j].get("title")))
        yield from document_misses({}, pred_docs[j], f"{name}#extra{j}")


def _documents(path: Path) -> list[Item]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(str(path), f"not a readable JSON export ({exc})") from exc
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise ReadError(str(path), "no 'documents' list")
    return docs


def list_misses(gold_dir: Path, pred_dir: Path) -> list[Miss]:
    """Every miss of the exports in ``pred_dir`` against the gold ``<name>.json`` files in ``gold_dir``
    (a gold file without a prediction is all missed)."""
    out: list[Miss] = []
    for gold in sorted(gold_dir.glob("*.json")):
        pred = pred_dir / gold.name
        out += file_misses(_documents(gold), _documents(pred) if pred.exists() else [], gold.stem)
    return out


def format_misses(misses: list[Miss], per_category: int) -> list[str]:
    """Up to ``per_category`` lines for each category and kind, categories in a fixed order, with how
    many were left out."""
    groups: dict[tuple[str, str], list[Miss]] = {}
    for miss in misses:
        groups.setdefault((miss.category, miss.kind), []).append(miss)
    lines = []
    for (category, kind), items in sorted(groups.items()):
        lines.append(f"-- {category} {kind}: {len(items)}")
        lines += [f"   {m.where}  {m.text}" for m in items[:per_category]]
        if len(items) > per_category:
            lines.append(f"   … {len(items) - per_category} more")
    return lines
