"""Shared fixtures: the reference folder beside the repository, and small hand-built records.

Graph tests build records by hand (``extractors.records``) so that they test the graph,
not the extraction quality of the day.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.records import DOCUMENT, DocumentRecord, End, Entity, FileRecord, Relation, Section, Target

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared``; tests that need it skip with a message when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (reference corpus and gold live there)")
    return SHARED


@pytest.fixture
def echo_scorer(tmp_path: Path) -> Path:
    """A scorer script that prints the files it was given to score (``pred [...] gold [...]``)."""
    scorer = tmp_path / "score.py"
    scorer.write_text("import os, sys\nprint('pred', sorted(os.listdir(sys.argv[2])), "
                      "'gold', sorted(os.listdir(sys.argv[1])))\n", encoding="utf-8")
    return scorer


def spans_of(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``text``."""
    out, start = [], text.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    assert out, f"{needle!r} not in text"
    return out


def span(text: str, needle: str) -> tuple[int, int]:
    return spans_of(text, needle)[0]


def entity(text: str, etype: str, name: str, surface: str | None = None) -> Entity:
    return Entity(type=etype, name=name, spans=spans_of(text, surface or name))


def record(source: str, text: str, *documents: DocumentRecord) -> FileRecord:
    return FileRecord(source=source, text=text, encoding="utf-8", format="txt", sha256="0" * 64,
                      documents=list(documents))


def plan(source: str, *, title: str, region: str, issuer: str, number: str | None = None,
         date: str | None = None, cites: tuple[str, ...] = (), based_on: tuple[str, ...] = (),
         targets: tuple[tuple[str, str, float | None, str | None, int | None], ...] = (),
         departments: tuple[str, ...] = (), schools: tuple[str, ...] = (),
         merged: tuple[str, str] | None = None) -> FileRecord:
    """A one-document plan whose text is written from its parts, with spans that point into it.

    ``targets`` are (indicator, comparator, value or None for redacted, unit, deadline); the
    first section ``一`` holds the citations, ``二`` the targets, ``三`` the departments' work.
    """
    cited = "和".join(f"《{c}》" for c in (*based_on, *cites))
    lines = [title, f"（{number}）" if number else "", f"根据{cited}，制定本方案。" if cited else ""]
    lines.append("一、总体要求")
    goal_texts = []
    for ind, comp, value, unit, deadline in targets:
        shown = "*" if value is None else f"{value:g}"
        word = {">=": "达到", "<=": "不超过", "=": "为"}[comp]
        goal_texts.append(f"{'到' + str(deadline) + '年，' if deadline else ''}{ind}{word}{shown}{unit or ''}"
                          f"{'以上' if comp == '>=' else ''}")
    lines.append("二、发展目标")
    lines += [g + "。" for g in goal_texts]
    lines.append("三、新建学校")
    lines += [f"{d}负责新建校舍。" for d in departments]
    lines += [f"改扩建{s}。" for s in schools]
    if merged:
        lines.append(f"将{merged[0]}并入{merged[1]}。")
    lines += [issuer, date or ""]
    text = "\n".join(lines)
    headings = (("一", "总体要求"), ("二", "发展目标"), ("三", "新建学校"))
    sections = [Section(path=label, label=label, title=heading, level=1, span=span(text, f"{label}、{heading}"))
                for label, heading in headings]
    ents = [entity(text, "Policy", c) for c in (*based_on, *cites)]
    ents += [entity(text, "Department", d) for d in departments]
    ents += [entity(text, "School", s) for s in (*schools, *(merged or ()))]
    tgts = []
    for (ind, comp, value, unit, deadline), g in zip(targets, goal_texts, strict=True):
        ents.append(entity(text, "Indicator", ind))
        tgts.append(Target(indicator=ind, comparator=comp, value=value, placeholder=value is None, unit=unit,
                           deadline=deadline, section="二", span=span(text, g),
                           indicator_span=span(text, ind)))
    rels = [Relation("basedOn", DOCUMENT, End("Policy", b), span(text, f"《{b}》")) for b in based_on]
    rels += [Relation("responsibleFor", End("Department", d), End("Section", "三"), span(text, f"{d}负责"))
             for d in departments]
    if merged:
        rels.append(Relation("mergedInto", End("School", merged[0]), End("School", merged[1]),
                             span(text, f"将{merged[0]}并入{merged[1]}")))
    doc = DocumentRecord(span=(0, len(text)), title=title, doc_number=number, issuer=[issuer], date=date,
                         region=region, doc_type="实施方案", evidence={"title": span(text, title)},
                         sections=sections, entities=ents, targets=tgts, relations=rels)
    return record(source, text, doc)
