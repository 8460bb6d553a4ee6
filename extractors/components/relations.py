"""The ``edukg_relations`` component: basedOn, partOf, mergedInto and responsibleFor.

- basedOn: policies cited in a preamble sentence that says the document is made
  according to them (根据《X》…制定本方案, 为贯彻落实《X》精神…现提出如下意见), or that names them its
  basis (以《X》为指导, 以《X》为依据). An item that merely implements 《X》 is no basedOn.
- partOf: members of a counted group, either listed with it (“阳光德育”…五大工程) or
  as the sub-headings of a heading that names the group (三、深入实施“五项计划” › (一)…计划).
- mergedInto: 将A合并至B, A并入B, between schools.
- responsibleFor: a department that is the agent of an item: after 会同/联合/由, or at the
  head of a clause followed by 要/负责/牵头…; the tail is the item's section path.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extractors.components.mentions import Mention
from extractors.lexicons import alternation, load_table
from extractors.numerals import ordinal
from extractors.patterns import CN, GROUP_COUNT
from extractors.recognisers.common import TextContext
from extractors.recognisers.programmes import quoted_runs
from extractors.records import DOCUMENT, End, Relation, Section, SectionIndex

_SENTENCE = re.compile(r"[^。;;!?\n]+")
_GROUP_NAME = re.compile(GROUP_COUNT)
_CLAUSE_START = set("。;;,,:\n)")
_MERGE_TOGETHER = re.compile(r"合并(为|成|组建为?)?")
_SENTENCE_END = re.compile(r"[。;;\n]")
_MERGE_REACH = 30
_MEMBER_REACH = 160
_UNITS_CUE = re.compile(r"(?:牵头|责任|主责|负责|配合|协办|参与|承办|实施)(?:单位|部门)\s*[:：]")
_NOTE = re.compile(r"\([^()\n]{2,100}\)")
_NOTE_CUE = re.compile(r"牵头|负责|配合|会同|(?:单位|部门)\s*[:：]")
_ENUMERATION = re.compile(rf"是$|^第{CN}+$")
_UNITS_END = re.compile(r"[)）。\n]")
_SELF_MADE = re.compile(r"制定本(?:办法|规定|细则|条例|方案|意见|规则|标准|准则|制度)")
_AGENT_WINDOW = 15
_CONSISTS_CUES = "包括|包含|涵盖|分别是|分别为|即"
_CONSISTS = re.compile(rf"[\"”']?\s*[,,:]?\s*(?:{_CONSISTS_CUES})\s*[:,]?")
_HEAD_WORD = re.compile(r"(?:工程|计划|行动|项目|活动)$")
_DETERMINER_REACH = 4
_LIST_JOINS = "、和与及"


@lru_cache(maxsize=1)
def _cues() -> dict[tuple[str, str], tuple[str, ...]]:
    out: dict[tuple[str, str], list[str]] = {}
    for rel, pos, cue in load_table("relation_cues.tsv"):
        out.setdefault((rel, pos), []).append(cue)
    return {k: tuple(v) for k, v in out.items()}


def _end(m: Mention) -> End:
    """The relation end a mention names: its type and its name."""
    return End(m.type, m.name)


def based_on(text: str, mentions: list[Mention], sections: list[Section]) -> list[Relation]:
    """basedOn from the preamble (the text before the first heading), and from a first
    article that names the document it makes (第一条 为…根据《X》,制定本办法)."""
    body = sections[0].span[0] if sections else min(len(text), 600)
    first_articles = sections[2].span[0] if len(sections) > 2 else len(text)
    cues, made = _cues()[("basedOn", "sentence")], _cues()[("basedOn", "made")]
    basis = re.compile(rf"以(?P<what>[^。;;]{{2,200}}?)(?:{alternation(_cues()[('basedOn', 'basis')])})")
    out = []
    for sent in _SENTENCE.finditer(text, 0, first_articles):
        s = sent.group()
        stated = [(sent.start() + b.start("what"), sent.start() + b.end("what")) for b in basis.finditer(s)]
        if sent.start() >= body and not _SELF_MADE.search(s):
            continue
        if not stated and (not any(c in s for c in cues) or not any(m in s for m in made)):
            continue
        whole = not stated or any(c in s for c in cues) and any(m in s for m in made)
        for m in mentions:
            if m.type == "Policy" and sent.start() <= m.start < sent.end() and (
                    whole or any(a <= m.start < b for a, b in stated)):
                out.append(Relation("basedOn", DOCUMENT, _end(m), (m.start, m.end)))
    return out


def part_of(ctx: TextContext, mentions: list[Mention], sections: list[Section]) -> list[Relation]:
    _, groups = quoted_runs(ctx)
    out = [Relation("partOf", _end(member), _end(g.group), (member.start, g.group.end))
           for g in groups for member in g.members]
    out += _listed_members(ctx.text, [m for m in mentions if m.type == "Programme"])
    programmes = [m for m in mentions if m.type == "Programme"]
    for parent in sections:
        group = next((m for m in programmes if parent.span[0] <= m.start < parent.span[1]
                      and _GROUP_NAME.match(m.name)), None)
        if group is None:
            continue
        prefix = parent.path + "/"
        for child in sections:
            if child.path.startswith(prefix) and "/" not in child.path[len(prefix):]:
                member = next((m for m in programmes if child.span[0] <= m.start < child.span[1]
                               and m.name != group.name), None)
                if member:
                    out.append(Relation("partOf", _end(member), _end(group), (member.start, member.end)))
    return out


def _listed_members(text: str, programmes: list[Mention]) -> list[Relation]:
    """实施"三大行动"。以A行动、B行动、C行动为主要抓手: the programmes named with the group's head
    word in the same paragraph, right after it, are its members (as many as it counts)."""
    out = []
    for group in programmes:
        m = _GROUP_NAME.match(group.name)
        if not m:
            continue
        head, count = group.name[m.end():], ordinal(m.group()[:-1])
        end = text.find("\n", group.end)
        limit = min(end if end >= 0 else len(text), group.end + _MEMBER_REACH)
        members = [p for p in programmes if group.end <= p.start < limit and p.name.endswith(head)
                   and not _GROUP_NAME.match(p.name)]
        named = {p.name for p in members}  # a member named again (as a heading right after) is one member
        if len(named) >= 2 and (count is None or len(named) <= count):
            out += [Relation("partOf", _end(p), _end(group), (p.start, p.end)) for p in members]
    return out + _included_members(text, programmes)


def _included_members(text: str, programmes: list[Mention]) -> list[Relation]:
    """A programme said to consist of others: X包括A、B和C, X,即A、B; or, in the next sentence,
    该工程包括A、B (该 and X's head word). The members are the programmes listed after the cue in
    that sentence."""
    out = []
    for group in programmes:
        head = _HEAD_WORD.search(group.name)
        cue = _CONSISTS.match(text, group.end)
        if cue is None and head:
            cue = re.compile(rf"[^。;;\n]{{0,20}}[。;;]\s*该{re.escape(head.group())}(?:{_CONSISTS_CUES})").match(
                text, group.end)
        if cue is None:
            continue
        end = _SENTENCE_END.search(text, cue.end())
        limit = end.start() if end else len(text)
        out += [Relation("partOf", _end(p), _end(group), (p.start, p.end)) for p in programmes
                if cue.end() <= p.start < limit and p.name != group.name]
    return out


class _Near:
    """Mentions looked up by where they start or end (a bisection), so that matching each cue
    against the mentions around it costs the same in a long document as in a short one."""

    def __init__(self, mentions: list[Mention]) -> None:
        self._by_start = sorted(mentions, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self._by_start]
        self._by_end = sorted(mentions, key=lambda m: (m.end, m.start))
        self._ends = [m.end for m in self._by_end]

    def starting(self, lo: int, hi: int) -> list[Mention]:
        """Mentions with ``lo <= start <= hi``, by start."""
        return self._by_start[bisect_left(self._starts, lo):bisect_right(self._starts, hi)]

    def ending(self, lo: int, hi: int) -> list[Mention]:
        """Mentions with ``lo <= end <= hi``, in text order."""
        found = self._by_end[bisect_left(self._ends, lo):bisect_right(self._ends, hi)]
        return sorted(found, key=lambda m: (m.start, m.end))


def merged_into(text: str, mentions: list[Mention]) -> list[Relation]:
    """将A并入B, 撤销A,并入B, A与B合并为C (both into C), A与B合并,保留B校名 (A into B)."""
    schools = _Near([m for m in mentions if m.type == "School"])
    verb = re.compile(alternation(_cues()[("mergedInto", "verb")]))
    out = []
    for v in verb.finditer(text):
        tail = next(iter(schools.starting(v.end(), v.end() + 2)), None)
        if tail is None:
            continue
        heads = [m for m in schools.ending(v.start() - _MERGE_REACH, v.start()) if _merged_head(text, m, v.start())]
        out += [Relation("mergedInto", _end(h), _end(tail), (h.start, tail.end)) for h in heads if h.name != tail.name]
    for v in _MERGE_TOGETHER.finditer(text):
        sentence_end = _SENTENCE_END.search(text, v.end())
        limit = sentence_end.start() if sentence_end else len(text)
        pair = [m for m in schools.starting(v.start() - _MERGE_REACH, v.start())
                if m.end <= v.start() and not re.search(r"[,,。;;]", text[m.end:v.start()])]
        into = next(iter(schools.starting(v.end(), v.end() + 1)), None) if v.group(1) else None
        kept = re.search(r"保留(.{2,14}?)(?:校名|的?名称)", text[v.end():limit])
        if into is None and kept:
            into = next((m for m in pair if m.name in kept.group(1)), None)
        if into is None and len(pair) == 2:
            into = pair[1]
        if into is not None:
            out += [Relation("mergedInto", _end(h), _end(into), (h.start, v.end())) for h in pair
                    if h.name != into.name]
    return out


def _merged_head(text: str, school: Mention, verb_start: int) -> bool:
    """A school merged by the verb: in its clause (将A、B并入), or named after 撤销/撤并 in
    the clause just before (撤销A,并入B)."""
    gap = text[school.end:verb_start]
    if verb_start - school.end > _MERGE_REACH or "。" in gap or ";" in gap:
        return False
    if not re.search(r"[,,]", gap):
        return True
    return gap.strip() in (",", ",") and text[max(0, school.start - 2):school.start] in ("撤销", "撤并")


def responsible_for(text: str, mentions: list[Mention], sections: list[Section]) -> list[Relation]:
    """Agents of items: a body after 会同/由…, or at the head of a clause (after a determiner such as
    各级, or in a list of bodies that heads it: 团市委、市妇联要…) followed by 要/负责/牵头/工作职责…;
    and the bodies of responsibility notes."""
    before, after = _cues()[("responsibleFor", "before")], _cues()[("responsibleFor", "after")]
    determiner = re.compile(rf"(?:{alternation(_cues()[('responsibleFor', 'determiner')])})$")
    out = _listed_units(text, mentions, sections)
    heading: dict[int, bool] = {}  # end of a body → whether it heads its clause (for the body listed after it)
    partner: dict[int, bool] = {}  # end of a body → whether it is an agent named after 会同/由…
    index = SectionIndex(sections)
    for m in mentions:
        if m.type != "Department":
            continue
        section = index.at(m.start)
        if section is None:
            continue
        lead = text[max(0, m.start - 3):m.start]
        clause_end = re.search(r"[,,。;;]", text[m.end:m.end + _AGENT_WINDOW])
        follow = text[m.end:m.end + (clause_end.start() if clause_end else _AGENT_WINDOW)]
        at_head = _heads_clause(text, m.start, section) or heading.get(m.start - 1, False) and \
            text[m.start - 1] in _LIST_JOINS
        if not at_head:
            det = determiner.search(text, max(0, m.start - _DETERMINER_REACH), m.start)
            at_head = det is not None and _heads_clause(text, det.start(), section)
        heading[m.end] = at_head
        agent = any(lead.endswith(c) for c in before) or (
            at_head and any(follow.startswith(c) or re.match(rf"^(?:[、和与及][^、]{{1,10}})*{re.escape(c)}", follow)
                            for c in after))
        # 会同机构编制、财政等部门: a body listed right after a partner is a partner too
        agent = agent or partner.get(m.start - 1, False) and text[m.start - 1] in _LIST_JOINS
        partner[m.end] = agent and not at_head
        if agent:
            out.append(Relation("responsibleFor", _end(m), End("Section", section.path), (m.start, m.end)))
    return out


def _heads_clause(text: str, pos: int, section: Section) -> bool:
    return pos == 0 or text[pos - 1] in _CLAUSE_START or pos == section.span[1]


def _listed_units(text: str, mentions: list[Mention], sections: list[Section]) -> list[Relation]:
    """Responsibility notes name the agents of the item they close: (市教育局牵头,市财政局配合),
    (牵头单位:局党建办;配合单位:人事股), (省教育厅等按职责分工负责). A note after the last
    一是/二是 of a heading closes the heading, not its last enumerated clause."""
    out = []
    index = SectionIndex(sections)
    for start, end in responsibility_notes(text):
        section = _closed_section(index, start)
        if section is None:
            continue
        out += [Relation("responsibleFor", _end(m), End("Section", section.path), (m.start, m.end)) for m in mentions
                if m.type == "Department" and start <= m.start < end]
    return out


def responsibility_notes(text: str) -> list[tuple[int, int]]:
    """Spans of bracketed notes that assign an item, and of unbracketed 牵头单位: lists."""
    notes = [(m.start(), m.end()) for m in _NOTE.finditer(text) if _NOTE_CUE.search(m.group())]
    for cue in _UNITS_CUE.finditer(text):
        if not any(s <= cue.start() < e for s, e in notes):
            end = _UNITS_END.search(text, cue.end())
            notes.append((cue.start(), end.start() if end else len(text)))
    return sorted(notes)


def _closed_section(index: SectionIndex, pos: int) -> Section | None:
    section = index.at(pos)
    if section is not None and _ENUMERATION.search(section.label) and "/" in section.path:
        parent = section.path.rsplit("/", 1)[0]
        return next((s for s in index.sections if s.path == parent), section)
    return section


def make_relations(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The ``edukg_relations`` factory: fills ``doc._.relations`` from mentions and sections."""

    def component(doc: Doc) -> Doc:
        mentions = doc._.mentions or []
        sections = doc._.sections or []
        ctx = TextContext.from_doc(doc)
        text = ctx.text  # Doc.text joins every token anew on each access
        relations = (based_on(text, mentions, sections) + part_of(ctx, mentions, sections)
                     + merged_into(text, mentions) + responsible_for(text, mentions, sections))
        seen: set[tuple[str, End, End]] = set()
        doc._.relations = []
        for r in relations:
            if (r.type, r.head, r.tail) not in seen:
                seen.add((r.type, r.head, r.tail))
                doc._.relations.append(r)
        return doc

    return component
