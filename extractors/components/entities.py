"""The ``edukg_entities`` component: Departments, Schools, Programmes, Policies and Places.

Each type has its recogniser (``extractors.recognisers``); this component runs them and
resolves overlaps so that a character belongs to one entity: a cited title beats the
names inside it, a body beats a place in its name (大英县教育局 is no mention of 大英县),
and a school beats a programme. Indicators come from the targets component.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extractors.components.context import context_of
from extractors.components.mentions import Mention
from extractors.doctext import doc_type_pattern
from extractors.recognisers import departments, place_names, policies, programmes, schools
from extractors.recognisers.common import Occupied, TextContext

# The addressee line of an official document (各市(州)人民政府,省政府各部门:) names who
# receives it, not who acts in it.
_ADDRESSEES = re.compile(r"(?m)^[ \t]*各[^\n。]{1,300}[:：][ \t]*$")
PRIORITY = ("Policy", "Department", "School", "Programme", "Place")


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep, among overlapping mentions, the one of the higher-priority type (then the longer)."""
    ranked = sorted(mentions, key=lambda m: (PRIORITY.index(m.type), -(m.end - m.start), m.start))
    taken = Occupied()
    kept: list[Mention] = []
    for m in ranked:
        if not taken.overlaps(m.start, m.end):
            taken.add(m.start, m.end)
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _title_spans(text: str, titles: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for title in {t for t in titles if t and len(t) >= 6}:
        pos = text.find(title)
        while pos >= 0:
            spans.append((pos, pos + len(title)))
            pos = text.find(title, pos + 1)
    return spans


def _plan_of(name: str, titles: tuple[str, ...]) -> bool:
    """Whether a programme is what the document itself plans: its title is the name and a document
    type (…集体舞视频展评 in …集体舞视频展评活动实施方案), so naming it names the document.

    >>> _plan_of("校园集体舞视频展评", ("重庆市校园集体舞视频展评活动实施方案",))
    False
    >>> _plan_of("重庆市校园集体舞视频展评", ("重庆市校园集体舞视频展评活动实施方案",))
    True
    """
    rest = _plan_rest()
    return any(t and t.startswith(name) and rest.fullmatch(t, len(name)) for t in titles)


@lru_cache(maxsize=1)
def _plan_rest() -> re.Pattern[str]:
    return re.compile(rf"(?:活动|工作)?(?:{doc_type_pattern()})")


def find_entities(ctx: TextContext, own_titles: tuple[str, ...], addressee_reach: int) -> list[Mention]:
    """Mentions of every type, overlaps resolved; a programme named only by the document's
    own title (…三年行动计划) is the document, not something it implements, and nothing on an
    addressee line within the first ``addressee_reach`` characters (the component's config) is a
    mention."""
    titles = _title_spans(ctx.text, own_titles)
    found = policies.find(ctx, own_titles)
    found += departments.find(ctx) + schools.find(ctx) + place_names.find(ctx)
    found += [m for m in programmes.find(ctx) if not any(s <= m.start and m.end <= e for s, e in titles)
              and not _plan_of(m.name, own_titles)]
    addressed = [(m.start(), m.end()) for m in _ADDRESSEES.finditer(ctx.text, 0, addressee_reach)]
    return resolve_overlaps([m for m in found if not any(s <= m.start < e for s, e in addressed)])


def make_entities(nlp: Language, name: str, addressee_reach: int) -> Callable[[Doc], Doc]:
    """The ``edukg_entities`` factory: fills ``doc._.mentions``, skipping the context's own titles."""

    def component(doc: Doc) -> Doc:
        own = context_of(doc).own_titles
        doc._.mentions = find_entities(TextContext.from_doc(doc), own, addressee_reach) + list(doc._.mentions or [])
        return doc

    return component
