"""Extraction records → RDF quads in the source file's named graph.

Every instance carries its standard class directly (no reasoner needed) and every
fact read from text points to an ``oa:SpecificResource`` with a position and a
quote selector, so a reader can check it against the characters it came from.
No blank nodes: all nodes are minted from keys, so two builds give identical quads.

A file graph states plainly only what involves the file's own nodes (its sections, targets and
spans, its documents' sources and mentions). What it says about a node other files name too (a
document's type, title and number, a body's label, a concept's types) it states as an
``rdf:Statement`` of its own, and the triple itself goes to the links graph, where every file
that states it adds the same quad. Linking then recomputes that graph from the statements
(``graph.build.link``), dropping what no file states any more, so the union of the graphs repeats no
triple and every fact still says which file said it. A build stopped before linking leaves each
loaded file's facts in place, at worst with one that a file since rebuilt no longer states.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from extractors.keys import canonical_number, normalise_key
from extractors.records import DOCUMENT, DocumentRecord, End, Entity, FileRecord, SectionIndex, Span
from graph.build.iris import file_graph, mint, source_key
from graph.build.places import level_body, level_of, place_prefix
from graph.build.vocab import (
    basis_cues,
    basis_forms,
    comparator_concepts,
    doc_number_of,
    implementing_words,
    is_generic_body,
    is_relative_title,
    national_bodies,
    seeded_concept,
)
from ontology.namespaces import (
    DCTERMS,
    DOCUMENT_TYPES,
    EDUKG,
    ELI,
    INDICATORS,
    LINKS_GRAPH,
    OA,
    ORG,
    PROGRAMMES,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    XSD,
)

Term = NamedNode | Literal
_LINKS = NamedNode(LINKS_GRAPH)
HEAD_CHARS = 80  # at most this many characters trace a document that has no title evidence
CONTEXT_CHARS = 32  # oa:prefix / oa:suffix of a mention's quote: enough for the clause a name sits in

# relation type → predicate, and whether the triple is about nodes other files name too;
# basedOn is written apart, with what it implies (``_DocumentWriter.based_on``)
_RELATION_PREDICATES = {"partOf": (DCTERMS.isPartOf, True), "mergedInto": (EDUKG.mergedInto, True),
                        "responsibleFor": (EDUKG.responsibleFor, False)}
_METADATA_PREDICATES = {"title": DCTERMS.title, "doc_number": ELI.id_local, "date": ELI.date_document,
                        "issuer": ELI.passed_by, "region": DCTERMS.spatial, "doc_type": ELI.type_document}


def _lit(value: str, datatype: str = XSD.string) -> Literal:
    return Literal(value, datatype=NamedNode(datatype))


def _decimal(value: float) -> Literal:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return _lit(text or "0", XSD.decimal)


def _inside(span: Span, spans: list[Span]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def document_iri(doc: DocumentRecord, source: str, index: int) -> str:
    """Documents are keyed by 发文字号, else issuer + title + date, else their place in the file."""
    if doc.doc_number:
        return mint("doc", doc.doc_number)
    if doc.title:
        return mint("doc", "、".join(doc.issuer), doc.title, doc.date or "")
    return mint("doc", source_key(source), index)


def cited_iri(name: str, scope: str) -> str:
    """A cited policy: the document with that 发文字号 when the name is one, else keyed by title.

    A title without its own issuer (《关于…的意见》, 《省政府办公厅关于…》) names a document only
    from where it is cited, so it is keyed with the citing document's region as well.
    """
    if (number := doc_number_of(name)) is not None:
        return mint("doc", number)
    return mint("cited", scope, name) if is_relative_title(name) else mint("cited", name)


def concept_iri(scheme: str, kind: str, name: str) -> str:
    return seeded_concept(scheme, name) or mint(kind, name)


def organisation_iri(name: str, scope: str) -> str:
    """National bodies and bodies named with their place (四川省教育厅) are one node everywhere;
    bare names are scoped by the document's region (区教育局 differs by 区)."""
    if normalise_key(name) in national_bodies() or place_prefix(name) is not None:
        return mint("org", name)
    return mint("org", scope, name)


def body_name(name: str, region: str | None) -> tuple[str, bool]:
    """The full name of a body as the document means it, and whether it is a particular body.

    A name by level only (市教育局, 省教育厅) in a document whose region is known is that
    region's body, or the enclosing division's of that level (资阳市 → 四川省教育厅). A
    collective (教育部门, 各县(市、区)) is no particular body, nor is a level-only name whose
    level is none of the region's (区教育局 in a city's plan: one of its districts').

    >>> body_name("市教育局", "东营市"), body_name("省教育厅", "资阳市"), body_name("教育部门", "东营市")
    (('东营市教育局', True), ('四川省教育厅', True), ('教育部门', False))
    """
    if is_generic_body(name):
        return name, False
    if region is None or level_of(name) is None:
        return name, True
    full = level_body(name, region)
    return (full, True) if full is not None else (name, False)


class _DocumentWriter:
    """Quads for one document of a file; shares the file's quad list and graph."""

    def __init__(self, out: _FileWriter, doc: DocumentRecord, iri: str) -> None:
        self.out, self.doc, self.iri = out, doc, NamedNode(iri)
        self.scope = doc.region or iri
        # 发文字号 written with cited titles: relations name the title only, yet mean that document
        self.cited_numbers = {e.name: e.doc_number for e in doc.entities if e.type == "Policy" and e.doc_number}
        self.section_iris = {s.path: NamedNode(mint("section", iri, s.path)) for s in doc.sections}
        self._sections = SectionIndex(doc.sections)

    # --- helpers -------------------------------------------------------------
    def add(self, s: NamedNode, p: str, o: Term) -> None:
        self.out.add(s, p, o)

    def span(self, span: Span, *, mention: bool = False, heading: bool = False) -> NamedNode:
        """The provenance resource of one span, with its position and quote selectors.

        The quote of a ``mention`` (a name in running text) keeps the clause around it as
        ``oa:prefix`` and ``oa:suffix``: that is where what happens to a school or what a
        department leads is said. Headings, titles and sentences are quoted whole and need none,
        which keeps a tenth of the quads out of the store. A section's ``heading`` has its
        position only: its words are the section's number and title already, and it starts that
        section rather than lying in one (on the law corpus, a sixth of the quads). A span asked
        for again gets what the new use needs and it lacks, whichever use came first.
        """
        start, end = span
        res = NamedNode(mint("span", self.out.key, self.iri.value, start, end))
        done = self.out.spans_done.setdefault(res.value, set())
        if "position" not in done:
            pos = NamedNode(res.value + "-pos")
            self.add(res, RDF.type, NamedNode(OA.SpecificResource))
            self.add(res, OA.hasSource, self.iri)
            self.add(res, OA.hasSelector, pos)
            self.add(pos, RDF.type, NamedNode(OA.TextPositionSelector))
            self.add(pos, OA.start, _lit(str(start), XSD.nonNegativeInteger))
            self.add(pos, OA.end, _lit(str(end), XSD.nonNegativeInteger))
            done.add("position")
        if heading:
            return res
        quote, text = NamedNode(res.value + "-quote"), self.out.text
        if "quote" not in done:
            self.add(res, OA.hasSelector, quote)
            self.add(quote, RDF.type, NamedNode(OA.TextQuoteSelector))
            self.add(quote, OA.exact, _lit(text[start:end]))
            section = self.section_at(start)
            if section is not None:
                self.add(res, EDUKG.inSection, section)
            done.add("quote")
        if mention and "context" not in done:
            if start > 0:
                self.add(quote, OA.prefix, _lit(text[max(0, start - CONTEXT_CHARS):start]))
            if end < len(text):
                self.add(quote, OA.suffix, _lit(text[end:end + CONTEXT_CHARS]))
            done.add("context")
        return res

    def head_span(self) -> Span:
        """Where the document is traced to: its title, else the first line of its text (bounded).

        Never the whole text, which would copy every file into the store a second time.
        """
        if "title" in self.doc.evidence:
            return self.doc.evidence["title"]
        start, end = self.doc.span
        text = self.out.text
        while start < end and text[start].isspace():
            start += 1
        line_end = text.find("\n", start, end)
        return start, min(line_end if line_end >= 0 else end, start + HEAD_CHARS)

    def section_at(self, offset: int) -> NamedNode | None:
        section = self._sections.at(offset)
        return self.section_iris[section.path] if section else None

    def fact(self, s: NamedNode, p: str, o: Term, span: Span | None, *, shared: bool = False) -> None:
        """A triple and, when its span is known, a reified statement tracing it to the text.

        A ``shared`` triple is about nodes other files may describe too: the file states it
        only as its statement, and linking asserts it once for the store.
        """
        if shared:
            self.out.add_shared(s, p, o)
        else:
            self.add(s, p, o)
            if span is None:
                return
        stmt = NamedNode(mint("statement", self.out.key, s.value, p, str(o)))
        self.add(stmt, RDF.type, NamedNode(RDF.Statement))
        self.add(stmt, RDF.subject, s)
        self.add(stmt, RDF.predicate, NamedNode(p))
        self.add(stmt, RDF.object, o)
        if span is not None:
            self.add(stmt, PROV.wasDerivedFrom, self.span(span))

    def describe(self, s: NamedNode, p: str, o: Term) -> None:
        """What this file says about a node other files may name too (a type, a label)."""
        self.fact(s, p, o, None, shared=True)

    def concept(self, scheme: str, kind: str, cls: str, name: str) -> NamedNode:
        node = NamedNode(concept_iri(scheme, kind, name))
        if seeded_concept(scheme, name) is None:
            self.describe(node, RDF.type, NamedNode(SKOS.Concept))
            self.describe(node, RDF.type, NamedNode(cls))
            self.describe(node, SKOS.prefLabel, _lit(name))
            self.describe(node, SKOS.inScheme, NamedNode(scheme))
        return node

    def organisation(self, name: str) -> NamedNode:
        """The body a name means here: a level-only name is the region's body (its short form an
        ``skos:altLabel``), a collective an ``edukg:GenericBody`` apart from the organisations."""
        full, particular = body_name(name, self.doc.region)
        if not particular:
            node = NamedNode(mint("body", self.scope, name))
            self.describe(node, RDF.type, NamedNode(EDUKG.GenericBody))
            self.describe(node, SKOS.prefLabel, _lit(name))
            return node
        node = NamedNode(organisation_iri(full, self.scope))
        self.describe(node, RDF.type, NamedNode(ORG.Organization))
        self.describe(node, RDF.type, NamedNode(SCHEMA.GovernmentOrganization))
        self.describe(node, SKOS.prefLabel, _lit(full))
        if full != name:
            self.describe(node, SKOS.altLabel, _lit(name))
        national = normalise_key(full) in national_bodies()
        place = place_prefix(full) or (None if national else self.doc.region)
        if place is not None:
            self.describe(node, DCTERMS.spatial, self.entity("Place", place))
        return node

    def entity(self, etype: str, name: str) -> NamedNode:
        """The node of a named thing, typed with its standard class. A policy cited with its
        发文字号 is the document with that number, built or not."""
        if etype == "Department":
            return self.organisation(name)
        if etype == "Programme":
            return self.concept(PROGRAMMES, "programme", EDUKG.Programme, name)
        if etype == "Indicator":
            return self.concept(INDICATORS, "indicator", EDUKG.Indicator, name)
        if etype == "Policy":
            cited_as_number = doc_number_of(name)
            number = cited_as_number or self.cited_numbers.get(name)
            node = NamedNode(mint("doc", number) if number else cited_iri(name, self.scope))
            self.describe(node, RDF.type, NamedNode(ELI.LegalResource))
            if number:
                self.describe(node, ELI.id_local, _lit(canonical_number(number)))
            if cited_as_number is None:
                # cited by title and number: the number may be the issuing notice's, so the
                # title is kept as an alternative, never as a second dcterms:title
                self.describe(node, ELI.title_alternative if number else DCTERMS.title, _lit(name))
            return node
        if etype == "School":
            node, cls = NamedNode(mint("school", self.scope, name)), SCHEMA.School
        else:  # Place
            node, cls = NamedNode(mint("place", name)), SCHEMA.AdministrativeArea
        self.describe(node, RDF.type, NamedNode(cls))
        self.describe(node, SCHEMA.name, _lit(name))
        return node

    # --- the document ----------------------------------------------------------
    def write(self, notice: NamedNode | None) -> None:
        doc, ev = self.doc, self.doc.evidence
        # one document may be read from several files (a law in two collections): what describes
        # it is shared; its source and its spans are this file's own
        self.describe(self.iri, RDF.type, NamedNode(ELI.LegalResource))
        self.add(self.iri, DCTERMS.source, _lit(self.out.source))
        self.add(self.iri, PROV.wasDerivedFrom, self.span(self.head_span()))
        meta: list[tuple[str, Term]] = []
        if doc.title:
            meta.append(("title", _lit(doc.title)))
        if doc.doc_number:
            meta.append(("doc_number", _lit(canonical_number(doc.doc_number))))
        if doc.date:
            meta.append(("date", _lit(doc.date, XSD.date)))
        meta += [("issuer", self.organisation(name)) for name in doc.issuer]
        if doc.region:
            meta.append(("region", self.entity("Place", doc.region)))
        if doc.doc_type:
            meta.append(("doc_type", self.concept(DOCUMENT_TYPES, "doctype", SKOS.Concept, doc.doc_type)))
        for field, obj in meta:
            self.fact(self.iri, _METADATA_PREDICATES[field], obj, ev.get(field), shared=True)
        if doc.period and not self._period_is_cited():
            self.describe(self.iri, EDUKG.periodStart, _lit(str(doc.period[0]), XSD.gYear))
            self.describe(self.iri, EDUKG.periodEnd, _lit(str(doc.period[1]), XSD.gYear))
        self.describe(self.iri, EDUKG.truncated, _lit("true" if doc.truncated else "false", XSD.boolean))
        if notice is not None:
            self.add(notice, EDUKG.carries, self.iri)
        self.sections()
        self.entities()
        self.targets()
        self.relations()

    def _period_is_cited(self) -> bool:
        """Whether the period was read inside a cited title (…规划纲要(2010-2020年)): not this
        document's own period then."""
        where = self.doc.evidence.get("period")
        policies = [sp for e in self.doc.entities if e.type == "Policy" for sp in e.spans]
        return where is not None and _inside(where, policies)

    def _is_self(self, e: Entity) -> bool:
        """Whether a cited policy is the document itself (its own 发文字号 or title)."""
        own = [canonical_number(self.doc.doc_number)] if self.doc.doc_number else []
        number = doc_number_of(e.name) or e.doc_number
        if number is not None:
            return canonical_number(number) in own
        return self.doc.title is not None and normalise_key(e.name) == normalise_key(self.doc.title)

    def _rests_on(self, span: Span) -> bool:
        """Whether a citation sits where its sentence says the document rests on it: anywhere in
        a form such as 以…为依据, or after a basis cue (根据, 为贯彻落实) in the preamble, the text
        before the first section."""
        text, (start, end) = self.out.text, span
        begin = max(text.rfind(c, 0, start) for c in "。；;\n") + 1
        stops = [i for i in (text.find(c, end) for c in "。；;\n") if i >= 0]
        sentence = text[begin:min(stops, default=len(text))]
        if any(m.start("cited") + begin <= start and end <= m.end("cited") + begin
               for p in basis_forms() for m in p.finditer(sentence)):
            return True
        return self.section_at(start) is None and any(cue in text[begin:start] for cue in basis_cues())

    def sections(self) -> None:
        for s in self.doc.sections:
            node = self.section_iris[s.path]
            parent_path = s.path.rsplit("/", 1)[0] if "/" in s.path else None
            parent = self.section_iris.get(parent_path, self.iri) if parent_path else self.iri
            self.add(node, RDF.type, NamedNode(ELI.LegalResourceSubdivision))
            self.add(node, ELI.is_part_of, parent)
            self.add(node, ELI.number, _lit(s.label))
            self.add(node, EDUKG.sectionPath, _lit(s.path))
            if s.title:
                self.add(node, DCTERMS.title, _lit(s.title))
            self.add(node, PROV.wasDerivedFrom, self.span(s.span, heading=True))

    def entities(self) -> None:
        based = {r.tail.key for r in self.doc.relations if r.type == "basedOn" and r.head == DOCUMENT}
        for e in self.doc.entities:
            if e.type == "Policy" and self._is_self(e):
                continue
            node = self.entity(e.type, e.name)
            self.add(self.iri, SCHEMA.mentions, node)
            if e.type == "Policy":
                self.add(self.iri, ELI.cites, node)
            for sp in e.spans:
                self.add(node, PROV.wasDerivedFrom, self.span(sp, mention=True))
            if e.type == "Policy" and e.name not in based:
                basis = next((sp for sp in e.spans if self._rests_on(sp)), None)
                if basis is not None:
                    self.based_on(self.iri, node, basis)

    def targets(self) -> None:
        comparators = comparator_concepts()
        for t in self.doc.targets:
            node = NamedNode(mint("target", self.iri.value, t.span[0], t.span[1], t.indicator))
            self.add(node, RDF.type, NamedNode(EDUKG.Target))
            self.add(node, EDUKG.indicator, self.entity("Indicator", t.indicator))
            self.add(node, EDUKG.comparator, NamedNode(comparators[t.comparator]))
            if t.value is not None and not t.placeholder:
                self.add(node, EDUKG.value, _decimal(t.value))
            self.add(node, EDUKG.redacted, _lit("true" if t.placeholder else "false", XSD.boolean))
            self.add(node, EDUKG.rawText, _lit(self.out.text[t.span[0]:t.span[1]]))
            if t.unit:
                self.add(node, SCHEMA.unitText, _lit(t.unit))
            if t.deadline:
                self.add(node, EDUKG.deadline, _lit(str(t.deadline), XSD.gYear))
            self.add(node, EDUKG.setBy, self.iri)
            self.add(node, EDUKG.item, self.section_iris.get(t.section or "", self.iri))
            self.add(node, PROV.wasDerivedFrom, self.span(t.span))
            if t.indicator_span:
                indicator = self.entity("Indicator", t.indicator)
                self.add(indicator, PROV.wasDerivedFrom, self.span(t.indicator_span, mention=True))

    def node(self, end: End) -> NamedNode:
        """The node a relation end names: this document, one of its sections (the document when
        the path is none of them), or the entity of that type and name."""
        if end.kind == "Document":
            return self.iri
        if end.kind == "Section":
            return self.section_iris.get(end.key, self.iri)
        return self.entity(end.kind, end.key)

    def based_on(self, head: NamedNode, tail: NamedNode, span: Span | None) -> None:
        """``eli:based_on`` (and ``eli:cites``; ``eli:applies`` too for an implementing document)."""
        self.fact(head, ELI.based_on, tail, span, shared=True)
        self.add(head, ELI.cites, tail)
        described = f"{self.doc.title or ''}{self.doc.doc_type or ''}"
        if any(w in described for w in implementing_words()):
            self.add(head, ELI.applies, tail)

    def relations(self) -> None:
        for r in self.doc.relations:
            if r.type == "basedOn" and self._is_self(Entity(r.tail.kind, r.tail.key,
                                                            doc_number=self.cited_numbers.get(r.tail.key))):
                continue
            head, tail = self.node(r.head), self.node(r.tail)
            if r.type == "basedOn":
                if head != tail:
                    self.based_on(head, tail, r.span)
            else:
                predicate, shared = _RELATION_PREDICATES[r.type]
                self.fact(head, predicate, tail, r.span, shared=shared)


class _FileWriter:
    """Collects the quads of one file in its named graph, without duplicates, in a stable order."""

    def __init__(self, record: FileRecord) -> None:
        self.source, self.text = record.source, record.text
        self.key = source_key(record.source)
        self.graph = NamedNode(file_graph(record.source))
        self.quads: dict[Quad, None] = {}
        self.spans_done: dict[str, set[str]] = {}  # span IRI → parts written: position, quote, context

    def add(self, s: NamedNode, p: str, o: Term) -> None:
        self.quads[Quad(s, NamedNode(p), o, self.graph)] = None

    def add_shared(self, s: NamedNode, p: str, o: Term) -> None:
        self.quads[Quad(s, NamedNode(p), o, _LINKS)] = None


def record_to_quads(record: FileRecord) -> list[Quad]:
    """All quads for one file: in its named graph (see ``graph.build.iris.file_graph``), and the facts
    it states about shared nodes in the links graph."""
    out = _FileWriter(record)
    iris = [document_iri(d, record.source, i) for i, d in enumerate(record.documents)]
    for doc, iri in zip(record.documents, iris, strict=True):
        carrier = doc.carried_by
        notice = NamedNode(iris[carrier]) if carrier is not None and 0 <= carrier < len(iris) else None
        _DocumentWriter(out, doc, iri).write(notice)
    return list(out.quads)
