"""Page payloads: what each view shows, where graph nodes sit, and what a reader is told in Chinese.

A payload is plain JSON-ready data; ``html`` turns it into a page. Node ids are short and
assigned in IRI order, so the same graph gives byte-identical pages. Every page is bounded:
a graph draws at most ``PAGE_CAP`` nodes and the dependency overview at most
``OVERVIEW_BUDGET``, the rest summarised as groups with pages of their own, so that the
largest corpus still gives pages a browser opens at once.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath

from graph.views import layout
from graph.views.kinds import DOCUMENT_LINKS, ENTITY_PAGE_KINDS, KINDS
from graph.views.levels import LEVELS
from graph.views.model import MENTIONS, Node, ViewGraph, local_name
from graph.views.terms import fields, term
from ontology.namespaces import DCTERMS, EDUKG, ELI

PART_OF = local_name(ELI.is_part_of)
ITEM, INDICATOR, RESPONSIBLE = local_name(EDUKG.item), local_name(EDUKG.indicator), local_name(EDUKG.responsibleFor)
OVERVIEW_FILE = "dependencies.html"
INDEX_FILE = "index.html"
# The overview opens fitted to the window with legible labels: about this many boxes fit.
OVERVIEW_BUDGET = 70
# No graph on any page draws more nodes than this; lists beside it are capped too.
PAGE_CAP = 450
SIDE_CAP = 60  # the documents a small graph beside a page's text draws, the most linked first
LIST_DOCUMENTS, LIST_ITEMS = 150, 12
SHORT_LABEL = 12
SIDE_ASPECT = 1.15  # the shape of the graph beside a page's text
LINK_RANK = {k.key: i for i, k in enumerate(DOCUMENT_LINKS)}
UNKNOWN = "unknown"


def page_file(node: Node) -> str | None:
    """The file name of a node's own page, from a hash of its IRI (stable, safe on every filesystem)."""
    if node.kind == "document":
        return f"doc-{_digest(node.iri)}.html"
    if node.kind in ENTITY_PAGE_KINDS:
        return f"{node.kind}-{_digest(node.iri)}.html"
    return None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Adjacency:
    """Undirected neighbours, labelled links and part-of parents, built once per graph."""

    def __init__(self, graph: ViewGraph) -> None:
        self.graph = graph
        self.near: dict[str, set[str]] = defaultdict(set)
        self.into: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # target → label → sources
        self.out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # source → label → targets
        self.parent: dict[str, str] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        for e in graph.edges:
            self.near[e.source].add(e.target)
            self.near[e.target].add(e.source)
            self.into[e.target][e.label].add(e.source)
            self.out[e.source][e.label].add(e.target)
            if e.label == PART_OF and e.source not in self.parent:
                self.parent[e.source] = e.target
                self.children[e.target].append(e.source)

    def document_of(self, iri: str) -> str | None:
        """The document a section, target or item belongs to, climbing part-of links."""
        nodes = self.graph.nodes
        candidates = [iri, *sorted(n for n in self.near[iri] if nodes[n].kind == "section")]
        for start in candidates:
            seen, cur = set(), start
            while cur not in seen:
                seen.add(cur)
                if nodes[cur].kind in ("document", "policy") and cur != iri:
                    return cur
                if cur not in self.parent:
                    break
                cur = self.parent[cur]
        sources = nodes[iri].sources
        return sources[0].document if sources and sources[0].document in nodes else None


# --- shared pieces -------------------------------------------------------------------------------


def short_label(node: Node) -> str:
    """What a box says: a document's 发文字号, else its title cut short (the full title shows on hover).

    >>> short_label(Node("x", "document", "杭州市学校美育提升三年行动计划"))
    '杭州市学校美育提升三年…'
    """
    number = dict(node.details).get(local_name(ELI.id_local))
    if node.kind in ("document", "policy") and number:
        return number
    return node.label if len(node.label) <= SHORT_LABEL else node.label[: SHORT_LABEL - 1] + "…"


def _fields(node: Node) -> list[list[str]]:
    """A node's fields for a reader; a source file is named, not given by its path on the building machine."""
    source = local_name(DCTERMS.source)
    return fields((k, PurePath(v).name if k == source else v) for k, v in node.details)


def _sources(graph: ViewGraph, node: Node, document: str | None = None) -> list[dict]:
    return [{"text": s.text, "doc": _doc_title(graph, s.document)} for s in node.sources
            if document is None or s.document == document]


def _doc_title(graph: ViewGraph, iri: str) -> str:
    node = graph.nodes.get(iri)
    return node.label if node else local_name(iri)


def _ref(graph: ViewGraph, iri: str) -> dict:
    """A named thing a list links to: its label, kind and page."""
    node = graph.nodes[iri]
    entry = {"label": node.label, "kind": node.kind}
    href = page_file(node)
    if href:
        entry["href"] = href
    return entry


def _legend(kinds: Iterable[str]) -> list[dict]:
    present = set(kinds)
    return [{"key": k.key, "name": k.name, "color": k.color, "shape": k.shape, "font": k.font}
            for k in KINDS if k.key in present]


def _graph_payload(
    graph: ViewGraph, positions: Mapping[str, layout.Position], links: Iterable[tuple[str, str, str]],
    groups: Mapping[str, dict] | None = None,
) -> dict:
    """Graph nodes at their positions and one edge per linked pair, named by its strongest link kind."""
    groups = groups or {}
    iris = sorted(positions)
    ids = {iri: f"n{i}" for i, iri in enumerate(iris)}
    nodes = []
    for iri in iris:
        x, y = positions[iri]
        if iri in groups:
            entry = {"id": ids[iri], "kind": "group", **groups[iri]}
        else:
            n = graph.nodes[iri]
            entry = {"id": ids[iri], "label": n.label, "short": short_label(n), "kind": n.kind,
                     "details": _fields(n), "sources": _sources(graph, n)}
            if n.level:
                entry["level"] = term("level", n.level)
            href = page_file(n)
            if href:
                entry["href"] = href
        entry["x"], entry["y"] = round(x, 1), round(y, 1)
        nodes.append(entry)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s, label, t in links:
        if s in ids and t in ids and s != t:
            pairs[(ids[s], ids[t])].add(label)
    edges = [{"from": s, "to": t, "kind": min(labels, key=lambda k: (LINK_RANK.get(k, 99), k)),
              "kinds": sorted(labels)} for (s, t), labels in sorted(pairs.items())]
    used = {e["kind"] for e in edges}
    return {
        "nodes": nodes, "edges": edges,
        "legend": _legend(n["kind"] for n in nodes),
        "links": [{"key": k.key, "name": k.name, "color": k.color} for k in DOCUMENT_LINKS if k.key in used],
    }


# --- dependencies --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Documents summarised as one box: same level, built or only cited, same region (or year)."""

    level: str
    built: bool
    facet: str

    @property
    def key(self) -> str:
        return f"{self.level}|{int(self.built)}|{self.facet}"

    @property
    def file(self) -> str:
        return f"group-{_digest(self.key)}.html"

    @property
    def title(self) -> str:
        what = "文件" if self.built else "被引用政策"
        return " · ".join(p for p in (term("level", self.level), self.facet, what) if p)


def _facet(node: Node) -> str:
    """What documents of one level are grouped by: their region, else their year, else nothing."""
    if node.region:
        return node.region
    date = dict(node.details).get(local_name(ELI.date_document), "")
    return f"{date[:4]}年" if date[:4].isdigit() else ""


def _document_links(graph: ViewGraph, docs: set[str]) -> list[tuple[str, str, str]]:
    kinds = set(LINK_RANK)
    return [(e.source, e.label, e.target) for e in graph.edges
            if e.label in kinds and e.source in docs and e.target in docs and e.source != e.target]


def _bands(iris: Iterable[str], level_of: Mapping[str, str], upstream: Mapping[str, list[str]],
           top: list[str] | None = None, aspect: float = layout.SCREEN_ASPECT,
           ) -> tuple[dict[str, layout.Position], list[dict]]:
    """Documents in level bands (national first, unknown last), each band named; ``top`` (an
    entity whose documents these are) in a band of its own above them."""
    order = (*LEVELS, UNKNOWN)
    rows: list[list[str]] = [[] for _ in order]
    for iri in iris:
        rows[order.index(level_of[iri])].append(iri)
    positions, tops = layout.bands([top or [], *rows], upstream, aspect=aspect)
    left = min((x for x, _ in positions.values()), default=0.0)
    names = [{"name": term("level", level), "x": round(left, 1), "y": round(y, 1)}
             for level, y in zip(order, tops[1:], strict=True) if not math.isnan(y)]
    return positions, names


def _score(built: set[str], degree: Mapping[str, int], node: Node) -> tuple:
    return (node.iri not in built, -degree.get(node.iri, 0), node.label, node.iri)


def dependency_overview(graph: ViewGraph) -> tuple[dict, dict[str, dict]]:
    """The dependency view and the pages of its groups (file → payload).

    Every document and cited policy is drawn when they fit the budget; otherwise the most
    linked ones are (built documents first) and the rest are summarised by level and region,
    each group a box that opens a page of its own.
    """
    docs = graph.of_kind("document", "policy")
    built = {d.iri for d in docs if d.kind == "document"}
    links = _document_links(graph, {d.iri for d in docs})
    degree: dict[str, int] = defaultdict(int)
    for s, _, t in links:
        degree[s] += 1
        degree[t] += 1
    ranked = sorted(docs, key=lambda d: _score(built, degree, d))

    def group_of(d: Node, fine: bool) -> Group:
        return Group(d.level or UNKNOWN, d.iri in built, _facet(d) if fine else "")

    shown, grouped, fine = ranked, [], True
    if len(ranked) > OVERVIEW_BUDGET:
        # the finest grouping whose groups leave room for a few documents of their own
        fine = len({group_of(d, True) for d in ranked}) <= OVERVIEW_BUDGET // 2
        keep = OVERVIEW_BUDGET
        while keep > 0 and keep + len({group_of(d, fine) for d in ranked[keep:]}) > OVERVIEW_BUDGET:
            keep -= 1
        shown, grouped = ranked[:keep], ranked[keep:]
    members: dict[Group, list[Node]] = defaultdict(list)
    for d in grouped:
        members[group_of(d, fine)].append(d)

    group_iri = {g: f"group:{g.key}" for g in members}
    member_of = {d.iri: group_iri[g] for g, ds in members.items() for d in ds}
    level_of = {d.iri: d.level or UNKNOWN for d in shown} | {group_iri[g]: g.level for g in members}
    drawn_links = [(member_of.get(s, s), k, member_of.get(t, t)) for s, k, t in links]
    upstream: dict[str, list[str]] = defaultdict(list)
    for s, _, t in drawn_links:
        upstream[s].append(t)
    groups = {group_iri[g]: _group_node(g, len(ds)) for g, ds in members.items()}
    order = sorted(level_of, key=lambda i: (i in groups, _sort_key(graph, i)))
    positions, band_names = _bands(order, level_of, upstream)
    payload = {"title": "政策依据关系", "view": "dependencies", "bands": band_names,
               "summary": _summary(len(docs), len(shown), len(members)),
               **_graph_payload(graph, positions, drawn_links, groups)}
    pages = {g.file: _group_page(graph, g, ds, links, built, degree) for g, ds in members.items()}
    return payload, pages


def _group_node(group: Group, count: int) -> dict:
    """A group's box: where and what (被引用 when only cited) and how many, with its page."""
    short = f"{group.facet or term('level', group.level)}{'' if group.built else '·被引用'}·{count}件"
    return {"label": f"{group.title}（{count}件）", "short": short, "href": group.file, "count": count,
            "level": term("level", group.level), "details": [], "sources": []}


def _sort_key(graph: ViewGraph, iri: str) -> tuple:
    node = graph.nodes.get(iri)
    return (dict(node.details).get(local_name(ELI.date_document), ""), node.label, iri) if node else ("", iri, iri)


def _summary(total: int, shown: int, groups: int) -> str:
    if not groups:
        return f"{total} 件文件与被引用政策"
    return f"{total} 件文件与被引用政策：{shown} 件单独画出，其余归为 {groups} 组（点击一组打开）"


def _group_page(graph: ViewGraph, group: Group, members: list[Node], links: list[tuple[str, str, str]],
                built: set[str], degree: Mapping[str, int]) -> dict:
    """One group's documents with the documents they link to, the most linked first, at most ``PAGE_CAP``."""
    inside = {d.iri for d in members}
    near: dict[str, int] = defaultdict(int)
    for s, _, t in links:
        if (s in inside) != (t in inside):
            near[t if s in inside else s] += 1
    drawn = [d.iri for d in members][:PAGE_CAP]
    others = sorted(near, key=lambda i: (-near[i], _score(built, degree, graph.nodes[i])))
    drawn += others[: PAGE_CAP - len(drawn)]
    level_of = {i: graph.nodes[i].level or UNKNOWN for i in drawn}
    kept = set(drawn)
    upstream: dict[str, list[str]] = defaultdict(list)
    for s, _, t in links:
        if s in kept and t in kept:
            upstream[s].append(t)
    positions, band_names = _bands(sorted(drawn, key=lambda i: _sort_key(graph, i)), level_of, upstream)
    hidden = len(members) + len(near) - len(drawn)
    summary = f"本组 {len(members)} 件，另画出与之相连的 {len(drawn) - min(len(members), PAGE_CAP)} 件"
    if hidden > 0:
        summary += f"；另有 {hidden} 件未画出（按关联数取前 {PAGE_CAP} 件）"
    return {"title": group.title, "view": "group", "bands": band_names, "summary": summary,
            "members": [{"label": d.label, **({"href": page_file(d)} if page_file(d) else {})} for d in members],
            **_graph_payload(graph, positions, links)}


# --- a document ----------------------------------------------------------------------------------


def document(graph: ViewGraph, adj: Adjacency, doc: Node) -> dict:
    """A document as its outline: each section and item with its targets, who is responsible and what
    it names, each with its source sentence; beside it the documents it rests on and that rest on it."""
    targets_of: dict[str, list[str]] = defaultdict(list)
    for t in adj.into[doc.iri].get(local_name(EDUKG.setBy), ()):
        for item in sorted(adj.out[t].get(ITEM, ())) or [doc.iri]:
            targets_of[item].append(t)

    def entry(iri: str) -> dict:
        node = graph.nodes[iri]
        item: dict = {"label": node.label}
        item["targets"] = [_target(graph, adj, t, doc.iri)
                           for t in sorted(targets_of.get(iri, ()), key=lambda t: graph.nodes[t].order)]
        item["responsible"] = [_mention(graph, d, doc.iri) for d in sorted(adj.into[iri].get(RESPONSIBLE, ()))]
        named = adj.out[iri].get(MENTIONS, set()) - adj.into[iri].get(RESPONSIBLE, set())
        item["names"] = [_mention(graph, n, doc.iri) for n in sorted(named, key=lambda n: graph.nodes[n].label)]
        item["children"] = [entry(c) for c in sorted(adj.children.get(iri, ()), key=lambda c: graph.nodes[c].order)
                            if graph.nodes[c].kind == "section"]
        return item

    root = entry(doc.iri)
    loose = {"label": "（未归入章节）", "targets": root["targets"], "responsible": [], "names": [],
             "children": []}
    outline = ([loose] if root["targets"] else []) + root["children"]
    ups = _neighbours(graph, adj, doc.iri, upstream=True)
    downs = _neighbours(graph, adj, doc.iri, upstream=False)
    positions = {doc.iri: (0.0, 0.0)}
    for column, x in ((ups, -260.0), (downs, 260.0)):
        for i, iri in enumerate(column):
            positions[iri] = (x, (i - (len(column) - 1) / 2) * 56.0)
    links = _document_links(graph, set(positions))
    return {"title": doc.label, "view": "document", "level": term("level", doc.level or UNKNOWN),
            "fields": _fields(doc), "outline": outline,
            "summary": f"依据 {len(ups)} 件 · 被 {len(downs)} 件依据或引用",
            **_graph_payload(graph, positions, links)}


def _neighbours(graph: ViewGraph, adj: Adjacency, iri: str, *, upstream: bool) -> list[str]:
    """The documents a document links to (or that link to it), strongest link first, at most a column."""
    found: dict[str, int] = {}
    side = adj.out[iri] if upstream else adj.into[iri]
    for kind, rank in LINK_RANK.items():
        for other in side.get(kind, ()):
            if other != iri and graph.nodes[other].kind in ("document", "policy"):
                found[other] = min(found.get(other, rank), rank)
    return sorted(found, key=lambda o: (found[o], graph.nodes[o].label, o))[:SIDE_CAP // 2]


def _mention(graph: ViewGraph, iri: str, doc: str) -> dict:
    return {**_ref(graph, iri), "text": [s["text"] for s in _sources(graph, graph.nodes[iri], doc)][:1]}


def _target(graph: ViewGraph, adj: Adjacency, iri: str, doc: str) -> dict:
    """A target in the reader's terms: indicator, comparator in Chinese, value, unit, deadline."""
    node = graph.nodes[iri]
    detail = dict(node.details)
    indicator = sorted(adj.out[iri].get(INDICATOR, ()))
    return {
        "indicator": _ref(graph, indicator[0]) if indicator else {"label": node.label, "kind": "target"},
        "comparator": detail.get(local_name(EDUKG.comparator), ""),
        "value": detail.get(local_name(EDUKG.value), "") if detail.get("redacted") != "true" else "（隐去）",
        "unit": detail.get("unitText", ""),
        "deadline": detail.get(local_name(EDUKG.deadline), ""),
        "text": [s["text"] for s in _sources(graph, node, doc)][:1] or [node.label],
    }


# --- entities ------------------------------------------------------------------------------------


def indicator(graph: ViewGraph, adj: Adjacency, node: Node) -> dict:
    """Every target set for an indicator, one row each: who set what value by when, and where."""
    rows = []
    for t in sorted(adj.into[node.iri].get(INDICATOR, ()), key=lambda t: graph.nodes[t].order):
        docs = sorted(adj.out[t].get(local_name(EDUKG.setBy), ())) or [adj.document_of(t)]
        doc = graph.nodes.get(docs[0]) if docs[0] else None
        row = _target(graph, adj, t, doc.iri if doc else "")
        del row["indicator"]
        row |= {"region": (doc.region if doc else None) or "", "level": term("level", (doc.level if doc else None)
                                                                             or UNKNOWN),
                "doc": _ref(graph, doc.iri) if doc else {"label": ""},
                "date": dict(doc.details).get(local_name(ELI.date_document), "") if doc else ""}
        rows.append(row)
    rows.sort(key=lambda r: (r["region"] == "", r["region"], r["date"], r["doc"]["label"]))
    return {"title": node.label, "view": "indicator", "kind": term("kind", "indicator"),
            "fields": _fields(node), "rows": rows, "summary": f"{len(rows)} 项目标", "nodes": [], "edges": [],
            "legend": [], "links": []}


def entity(graph: ViewGraph, adj: Adjacency, node: Node) -> dict:
    """A department, school or programme: what each document asks of it or says of it, grouped by
    document; beside it the documents, the most involved first, at most ``SIDE_CAP``."""
    if node.kind == "indicator":
        return indicator(graph, adj, node)
    by_doc: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for label in (RESPONSIBLE, MENTIONS):
        side = adj.out[node.iri] if label == RESPONSIBLE else adj.into[node.iri]
        for item in side.get(label, ()):
            doc = item if graph.nodes[item].kind in ("document", "policy") else adj.document_of(item)
            if doc:
                by_doc[doc].append((label, item))
    for other in adj.near[node.iri]:
        if graph.nodes[other].kind in ("document", "policy"):
            by_doc.setdefault(other, [])
    ranked = sorted(by_doc, key=lambda d: (-sum(k == RESPONSIBLE for k, _ in by_doc[d]), -len(by_doc[d]),
                                          graph.nodes[d].label, d))
    groups = []
    for doc in ranked[:LIST_DOCUMENTS]:
        seen, items = set(), []
        for label, item in sorted(by_doc[doc], key=lambda li: (li[0] != RESPONSIBLE, graph.nodes[li[1]].order)):
            if item in seen:
                continue
            seen.add(item)
            items.append({"label": "（全文）" if item == doc else graph.nodes[item].label, "role": term("link", label),
                          "text": [s["text"] for s in _sources(graph, graph.nodes[item], doc)][:1]})
        groups.append({"doc": _ref(graph, doc), "items": items[:LIST_ITEMS], "more": max(0, len(items) - LIST_ITEMS)})
    drawn = ranked[:SIDE_CAP]
    level_of = {d: graph.nodes[d].level or UNKNOWN for d in drawn}
    positions, band_names = _bands(drawn, level_of, {}, top=[node.iri], aspect=SIDE_ASPECT)
    links = [(node.iri, RESPONSIBLE if any(k == RESPONSIBLE for k, _ in by_doc[d]) else MENTIONS, d) for d in drawn]
    summary = f"涉及 {len(ranked)} 件文件"
    if len(ranked) > LIST_DOCUMENTS:
        summary += f"，列出关联最多的 {LIST_DOCUMENTS} 件"
    if len(ranked) > SIDE_CAP:
        summary += f"，图中画出前 {SIDE_CAP} 件"
    return {"title": node.label, "view": "entity", "kind": term("kind", node.kind), "fields": _fields(node),
            "groups": groups, "bands": band_names, "summary": summary, **_graph_payload(graph, positions, links)}
