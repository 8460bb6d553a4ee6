"""Vocabulary data the graph side reads: concept labels, national bodies, citation forms.

Loaded once from data files (``ontology/concepts.ttl``, ``graph/build/data/*.txt``, and the
lexicons both sides share: ``extractors/lexicons/national_bodies.tsv``, the 发文字号 shape of
``extractors.doctext``) so that adding a label or a national body never needs a code change.
"""

from __future__ import annotations

import re
from functools import cache

import pyoxigraph as ox

from extractors.doctext import is_doc_number
from extractors.keys import normalise_key
from extractors.lexicons import load_table, load_words
from extractors.patterns import load_patterns
from ontology import CONCEPTS, resource
from ontology.namespaces import SKOS

_DATA = "graph.build"  # the package whose data/ folder holds the graph side's own data files


@cache
def national_bodies() -> frozenset[str]:
    """Bodies that are one node across plans (教育部), unlike 教育局 of some county."""
    return frozenset(normalise_key(name) for name, *use in load_table("national_bodies.tsv") if not use)


@cache
def _number_citation_words() -> tuple[str, ...]:
    return load_words("data/number_citation_words.txt", _DATA)


def doc_number_of(name: str) -> str | None:
    """The 发文字号 a citation consists of (国办发〔2015〕71号文件 → 国办发〔2015〕71号), else None.

    >>> doc_number_of("国办发〔2015〕71号文件"), doc_number_of("国家中长期教育改革和发展规划纲要")
    ('国办发〔2015〕71号', None)
    """
    bare = name.strip().strip("《》").strip()
    for word in _number_citation_words():
        if bare.endswith(word):
            bare = bare[: -len(word)]
            break
    return bare if is_doc_number(bare) else None


@cache
def _relative_titles() -> tuple[re.Pattern[str], ...]:
    return load_patterns("data/relative_titles.txt", _DATA)


def is_relative_title(title: str) -> bool:
    """Whether a cited title leaves its issuer out or names it relative to the citer (省政府…)."""
    key = normalise_key(title)
    return any(p.match(key) for p in _relative_titles())


@cache
def _generic_bodies() -> tuple[re.Pattern[str], ...]:
    return load_patterns("data/generic_bodies.txt", _DATA)


def is_generic_body(name: str) -> bool:
    """Whether a body's name stands for a kind or a group of bodies (教育部门, 各县(市、区))."""
    return any(p.search(name) for p in _generic_bodies())


@cache
def basis_forms() -> tuple[re.Pattern[str], ...]:
    """Sentence patterns stating the document rests on what they cite (group ``cited``)."""
    return load_patterns("data/basis_forms.txt", _DATA)


@cache
def basis_cues() -> tuple[str, ...]:
    """Words that, ahead of a citation in a preamble sentence, say the document rests on it
    (根据, 依据, 按照, 贯彻落实): the extraction's own basedOn sentence cues."""
    return tuple(cue for rel, pos, cue in load_table("relation_cues.tsv") if rel == "basedOn" and pos == "sentence")


@cache
def implementing_words() -> tuple[str, ...]:
    return load_words("data/implementing_words.txt", _DATA)


@cache
def _concept_labels() -> dict[str, dict[str, str]]:
    """scheme IRI → normalised label → concept IRI; prefLabels win over altLabels."""
    with resource(CONCEPTS).open("rb") as fh:
        triples = list(ox.parse(fh, format=ox.RdfFormat.TURTLE))
    scheme_of = {t.subject.value: t.object.value for t in triples if t.predicate.value == SKOS.inScheme}
    index: dict[str, dict[str, str]] = {}
    for pred in (SKOS.altLabel, SKOS.prefLabel):  # prefLabel last so it overrides
        for t in triples:
            if t.predicate.value == pred and t.subject.value in scheme_of:
                labels = index.setdefault(scheme_of[t.subject.value], {})
                labels[normalise_key(t.object.value)] = t.subject.value
    return index


def seeded_concept(scheme: str, label: str) -> str | None:
    """The concept of ``scheme`` with this pref or alt label, if concepts.ttl has one."""
    return _concept_labels().get(scheme, {}).get(normalise_key(label))


@cache
def comparator_concepts() -> dict[str, str]:
    """Comparator notation (``>=``) → its concept IRI."""
    with resource(CONCEPTS).open("rb") as fh:
        return {t.object.value: t.subject.value for t in ox.parse(fh, format=ox.RdfFormat.TURTLE)
                if t.predicate.value == SKOS.notation}
