"""The component registry: each component's declared contract holds, and an order that breaks it
is refused."""

from __future__ import annotations

import pytest

from extractors.components import COMPONENTS, PIPELINE, extension_names
from extractors.components.context import DocumentContext
from extractors.pipeline import make_nlp

_PLAN = ("某市学前教育三年行动计划\n"
         "一、主要目标\n"
         "(一)根据《国务院关于加快发展现代职业教育的决定》，到2025年，全市学前三年毛入园率达到95%以上。"
         "(市教育局牵头)\n"
         "二、重点任务\n"
         "(一)实施“强师、优校”两大行动。市教育局负责全市幼儿园教师培训。\n")


def test_the_default_pipeline_meets_every_declared_requirement():
    nlp = make_nlp()
    assert nlp.pipe_names == list(PIPELINE)
    assert all(not missing for missing in nlp.analyze_pipes()["problems"].values())
    for c in COMPONENTS:
        meta = nlp.get_pipe_meta(c.name)
        assert (tuple(meta.requires), tuple(meta.assigns)) == (c.requires, c.assigns)


def test_each_component_assigns_what_it_declares_and_nothing_else():
    nlp = make_nlp()
    doc = nlp.make_doc(_PLAN)
    doc._.context = DocumentContext("某市学前教育三年行动计划", ("某市学前教育三年行动计划",))
    assigned: set[str] = set()
    for c in COMPONENTS:
        before = {name: getattr(doc._, name) for name in extension_names()}
        doc = nlp.get_pipe(c.name)(doc)
        changed = {f"doc._.{name}" for name in extension_names() if getattr(doc._, name) is not before[name]}
        changed.discard("doc._.text_context")  # a cache built by whichever component reads the text first
        assert changed == set(c.assigns), c.name
        assert set(c.requires) <= assigned, c.name
        assigned |= changed
    assert doc._.targets and doc._.relations  # the text exercises every component


@pytest.mark.parametrize("order", [
    ("edukg_relations", "edukg_sections", "edukg_entities"),
    ("edukg_sections", "edukg_targets", "edukg_entities"),
    ("edukg_entities", "edukg_relations"),
])
def test_a_component_placed_before_what_it_requires_is_refused(order):
    with pytest.raises(ValueError, match="components placed before what they require") as caught:
        make_nlp(order)
    assert "doc._." in str(caught.value)


def test_a_component_runs_without_a_context():
    nlp = make_nlp(("edukg_sections", "edukg_entities"))
    doc = nlp(_PLAN)
    assert doc._.context is None
    assert [m.name for m in doc._.mentions if m.type == "Policy"] == ["国务院关于加快发展现代职业教育的决定"]


def test_the_context_keeps_the_documents_own_title_out_of_its_citations():
    title = "国务院关于加快发展现代职业教育的决定"
    nlp = make_nlp(("edukg_sections", "edukg_entities"))
    doc = nlp.make_doc(_PLAN)
    doc._.context = DocumentContext(title, (title,))
    doc = nlp(doc)
    assert not [m for m in doc._.mentions if m.type == "Policy"]


def test_a_components_config_defaults_to_its_declaration_and_can_be_set():
    text = "各区教育局、市直各学校：\n一、总体要求\n市财政局负责经费保障。\n"
    default = make_nlp(("edukg_sections", "edukg_entities"))
    declared = next(c for c in COMPONENTS if c.name == "edukg_entities").default_config
    assert default.config["components"]["edukg_entities"]["addressee_reach"] == declared["addressee_reach"]
    assert [m.name for m in default(text)._.mentions] == ["市财政局"]  # the addressee line names no actor
    unbounded = make_nlp(("edukg_sections",))
    unbounded.add_pipe("edukg_entities", config={"addressee_reach": 0})
    assert [m.name for m in unbounded(text)._.mentions] == ["区教育局", "市财政局"]
