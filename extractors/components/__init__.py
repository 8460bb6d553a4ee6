"""spaCy components of edukg, registered in one place with what each needs and provides.

A component reads Doc extensions that earlier ones assign. ``COMPONENTS`` declares them in
spaCy's own terms (``requires`` / ``assigns``, so that ``nlp.analyze_pipes()`` checks an order)
with each factory's ``default_config``, and ``register()`` hands them to ``Language.factory``
as spaCy's own ``pipeline/factories.py`` does. ``COMPONENTS`` lists them in pipeline order.
Every component also reads ``doc._.context`` (``DocumentContext``), which the caller sets
before the pipeline runs, and ``doc._.text_context`` (``TextContext``), built on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractors.components import entities, relations, sections, targets


@dataclass(frozen=True)
class Component:
    """One registered component: its factory and its contract with the others."""

    name: str
    factory: Callable[..., Callable[[Doc], Doc]]
    requires: tuple[str, ...] = ()  # Doc attributes an earlier component must have assigned
    assigns: tuple[str, ...] = ()
    default_config: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


COMPONENTS = (
    Component("edukg_sections", sections.make_sections, assigns=("doc._.sections",)),
    Component("edukg_entities", entities.make_entities, assigns=("doc._.mentions",),
              default_config=MappingProxyType({"addressee_reach": 800})),
    # headings bound indicators and cited titles hold no targets; each target adds its Indicator mention
    Component("edukg_targets", targets.make_targets, requires=("doc._.sections", "doc._.mentions"),
              assigns=("doc._.targets", "doc._.mentions")),
    Component("edukg_relations", relations.make_relations, requires=("doc._.sections", "doc._.mentions"),
              assigns=("doc._.relations",)),
)
PIPELINE = tuple(c.name for c in COMPONENTS)
_SET_BY_CALLER = ("context", "text_context")  # extensions no component assigns


def extension_names() -> tuple[str, ...]:
    """The Doc extensions the components use: those they assign, then those the caller sets.

    >>> extension_names()
    ('sections', 'mentions', 'targets', 'relations', 'context', 'text_context')
    """
    assigned = (a.removeprefix("doc._.") for c in COMPONENTS for a in c.assigns)
    return tuple(dict.fromkeys((*assigned, *_SET_BY_CALLER)))


@lru_cache(maxsize=1)
def register() -> None:
    """Declare the Doc extensions and register every factory with spaCy (once per process)."""
    for name in extension_names():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for c in COMPONENTS:
        Language.factory(c.name, requires=c.requires, assigns=c.assigns,
                         default_config=dict(c.default_config), func=c.factory)


__all__ = ["COMPONENTS", "PIPELINE", "Component", "extension_names", "register"]
