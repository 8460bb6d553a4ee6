"""The ``edukg_entities`` component: Departments, Schools, Programmes, Policies and Places.

Each type has its recogniser (``extractors.recognisers``); this component runs them and
resolves overlaps so that a character belongs to one entity: a cited title beats the
names inside it, a body beats a place in its name (大英县教育局 is no mention of 大英县),
and a school beats a programme. Indicators come from the targets component.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors.components.mentions import Mention
from extractors.recognisers import departments, place_names, policies, programmes, schools
from extractors.recognisers.common import TextContext

PRIORITY = ("Policy", "Department", "School", "Programme", "Place")


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep, among overlapping mentions, the one of the higher-priority type (then the longer)."""
    ranked = sorted(mentions, key=lambda m: (PRIORITY.index(m.type), -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def find_entities(ctx: TextContext, own_titles: tuple[str, ...] = ()) -> list[Mention]:
    found = policies.find(ctx, own_titles)
    found += departments.find(ctx) + schools.find(ctx) + programmes.find(ctx) + place_names.find(ctx)
    return resolve_overlaps(found)


@Language.factory("edukg_entities")
def make_entities(nlp: Language, name: str):
    """Fills ``doc._.mentions``; ``doc._.context['own_titles']`` lists titles that are no citation."""

    def component(doc: Doc) -> Doc:
        own = tuple((doc._.context or {}).get("own_titles", ()))
        doc._.mentions = find_entities(TextContext.from_doc(doc), own) + list(doc._.mentions or [])
        return doc

    return component
