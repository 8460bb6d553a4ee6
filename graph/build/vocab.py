"""Vocabulary data the graph side reads: concept labels, national bodies, document-number shape.

Loaded once from data files (``ontology/concepts.ttl``, ``graph/build/data/*.txt``) so that
adding a label or a national body never needs a code change.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from extractors.lexicons import load_table
from graph.build.iris import normalise_key
from ontology import CONCEPTS, resource
from ontology.namespaces import SKOS


def _lines(name: str) -> list[str]:
    text = (files("graph.build") / "data" / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def national_bodies() -> frozenset[str]:
    """Bodies that are one node across plans (教育部), unlike 教育局 of some county."""
    return frozenset(normalise_key(n) for n in _lines("national_bodies.txt"))


@cache
def doc_number_pattern() -> re.Pattern[str]:
    return re.compile(_lines("doc_number.txt")[0])


def is_doc_number(name: str) -> bool:
    """Whether a cited name is a 发文字号 rather than a title."""
    return bool(doc_number_pattern().match(normalise_key(name)))


@cache
def _number_citation_words() -> tuple[str, ...]:
    return tuple(_lines("number_citation_words.txt"))


def doc_number_of(name: str) -> str | None:
    """The 发文字号 a citation consists of (国办发〔2015〕71号文件 → 国办发〔2015〕71号), else None."""
    bare = name.strip().strip("《》").strip()
    for word in _number_citation_words():
        if bare.endswith(word):
            bare = bare[: -len(word)]
            break
    return bare if is_doc_number(bare) else None


@cache
def _relative_titles() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(line) for line in _lines("relative_titles.txt"))


def is_relative_title(title: str) -> bool:
    """Whether a cited title leaves its issuer out or names it relative to the citer (省政府…)."""
    key = normalise_key(title)
    return any(p.match(key) for p in _relative_titles())


@cache
def _generic_bodies() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(line) for line in _lines("generic_bodies.txt"))


def is_generic_body(name: str) -> bool:
    """Whether a body's name stands for a kind or a group of bodies (教育部门, 各县(市、区))."""
    return any(p.search(name) for p in _generic_bodies())


@cache
def basis_forms() -> tuple[re.Pattern[str], ...]:
    """Sentence patterns stating the document rests on what they cite (group ``cited``)."""
    return tuple(re.compile(line) for line in _lines("basis_forms.txt"))


@cache
def basis_cues() -> tuple[str, ...]:
    """Words that, ahead of a citation in a preamble sentence, say the document rests on it
    (根据, 依据, 按照, 贯彻落实): the extraction's own basedOn sentence cues."""
    return tuple(cue for rel, pos, cue in load_table("relation_cues.tsv") if rel == "basedOn" and pos == "sentence")


@cache
def implementing_words() -> tuple[str, ...]:
    return tuple(_lines("implementing_words.txt"))


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
