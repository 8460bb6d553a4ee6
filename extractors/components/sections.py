"""The ``edukg_sections`` component: the heading tree of a plan.

Headings are found wherever a numbering style's label stands (line start, after a
sentence, or run in after another heading's title, as in ``一、工作目标(一)总体目标``),
and kept only when they continue a numbering sequence: ``二、`` must follow ``一、``,
a new level starts at 1, and a level whose count runs on across parents (items
1–24 under (一)…(五)) may continue. The sequence test is what separates headings
from numbers inside sentences. Styles are data (``lexicons/section_styles.tsv``);
their nesting is the order in which a document first uses them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extractors.lexicons import load_words
from extractors.numerals import ordinal
from extractors.patterns import LABEL_NUMBER, Style, section_styles
from extractors.recognisers.common import TextContext
from extractors.records import Section

# What may stand right before a label for it to start a heading or item (a closing bracket ends
# an item whose responsibility note runs into the next: …(牵头单位:县教育局)2.规范…).
_BREAK_BEFORE = set("\n。;;!?:：)】")
_RUNIN_BREAK_BEFORE = _BREAK_BEFORE | set(",,、")
# A run-in heading may follow a heading label and its short title with no punctuation.
_RUN_IN_WINDOW = 40
_RUN_IN_PARAGRAPH = 30  # characters of a heading's text beyond which it is a paragraph run in
_TITLE_END = re.compile(r"[。;;!?\n]")
_RUNIN_TITLE_END = re.compile(r"[。;;\n]")
_TITLE_TRIM = re.compile(r"^[\s,,:：。]+|[\s,,:：。]+$")


@dataclass
class Candidate:
    style: Style
    value: int
    label: str
    start: int
    end: int  # end of the label


@lru_cache(maxsize=1)
def styles_by_name() -> dict[str, Style]:
    return {s.name: s for s in section_styles()}


def _is_runin(name: str) -> bool:
    style = styles_by_name().get(name.split(":", 1)[0])
    return bool(style and style.runin)


# A line that opens with a short word, a number and a title (任务一:…, 行动2 …): if the same word
# opens lines with the numbers 1, 2… in order, the word is a numbering family of the document's own.
_WORD_LABEL = re.compile(rf"^[ \t]*(?P<w>[\u4e00-\u9fff]{{1,6}}?)(?P<n>{LABEL_NUMBER})"
                         r"[::、. \t]*(?=[\u4e00-\u9fff]{2})", re.M)  # a heading has a title: not a blank form field
_WORD_LABEL_END = r"[::、.]?"


@lru_cache(maxsize=1)
def _not_label_words() -> tuple[str, ...]:
    return load_words("section_label_not.txt")


def document_styles(text: str) -> list[Style]:
    """Numbering families the styles table does not know, read off the document: a word that
    opens lines followed by 1, 2, 3… (at least twice, in order) is a heading level."""
    seen: dict[str, list[int]] = {}
    known = [st.pattern for st in section_styles()]
    for m in _WORD_LABEL.finditer(text):
        word = m.group("w")
        if word.startswith("第") or word in _not_label_words() or any(p.match(text, m.start("w")) for p in known):
            continue
        value = ordinal(m.group("n"))
        values = seen.setdefault(word, [])
        if value == len(values) + 1:
            values.append(value)
    return [Style(f"word:{w}", re.compile(rf"(?m)^[ \t]*{re.escape(w)}(?P<n>{LABEL_NUMBER})"
                                          rf"{_WORD_LABEL_END}"), w + "{n}", False)
            for w, values in seen.items() if len(values) >= 2]


def find_candidates(text: str) -> list[Candidate]:
    """Every label of every style, in text order (earlier styles win at one position). A style
    whose label carries a word (【重点任务1】) numbers each word on its own."""
    seen: dict[int, Candidate] = {}
    for style in (*section_styles(), *document_styles(text)):
        for m in style.pattern.finditer(text):
            if m.start() in seen:
                continue
            value = ordinal(m.group("n"))
            if value is None:
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            own = style if "w" not in groups else Style(f"{style.name}:{groups['w']}", style.pattern, style.label,
                                                         style.runin)
            start = m.start("w") if "w" in groups and style.name.startswith("word:") else m.start()
            seen[start] = Candidate(own, value, style.label.format(**groups), start, m.end())
    out: list[Candidate] = []
    for k in sorted(seen):
        if not out or k >= out[-1].end:  # 第一、 is one label, not 第 + 一、
            out.append(seen[k])
    return out


def _char_before(text: str, pos: int) -> str:
    """The last character before ``pos`` that is not a space ("" at the start)."""
    while pos > 0 and text[pos - 1] in " \t\u3000":
        pos -= 1
    return text[pos - 1] if pos else ""


def _at_break(text: str, cand: Candidate, last_heading_end: int) -> bool:
    before = _char_before(text, cand.start)
    if not before or before in (_RUNIN_BREAK_BEFORE if cand.style.runin else _BREAK_BEFORE):
        return True
    gap = text[last_heading_end:cand.start]
    return 0 <= cand.start - last_heading_end <= _RUN_IN_WINDOW and not re.search(r"[,,。;;]", gap)


def _at_line_start(text: str, pos: int) -> bool:
    return _char_before(text, pos) in ("", "\n")


def _rank(style_name: str) -> int:
    """The conventional nesting of a style (第一章 › 第一条 › 一、 › (一) › 1. › (1)): the order of
    the styles table."""
    base = style_name.split(":", 1)[0]
    return next((i for i, s in enumerate(section_styles()) if s.name == base), len(section_styles()))


def parse_headings(text: str) -> list[tuple[Candidate, int]]:
    """Accepted heading candidates with their depth (0 = top)."""
    stack: list[Candidate] = []
    last_value: dict[str, int] = {}
    levels: list[str] = []  # style names in order of first use: their nesting
    accepted: list[tuple[Candidate, int]] = []
    last_end = -_RUN_IN_WINDOW - 1
    for cand in find_candidates(text):
        if not _at_break(text, cand, last_end):
            continue
        names = [c.style.name for c in stack]
        name = cand.style.name
        if name in names:
            i = names.index(name)
            if cand.value != stack[i].value + 1:
                continue
            stack = stack[:i]
        elif cand.value == 1 or cand.value == last_value.get(name, 0) + 1 and name in levels:
            if name in levels:  # a known level: cut the stack back to its parent
                depth = levels.index(name)
                stack = [c for c in stack if levels.index(c.style.name) < depth]
        elif (not accepted or (accepted[0][0].value != 1 and name not in levels)) \
                and _at_line_start(text, cand.start) and not cand.style.runin:
            pass  # a text that starts mid-way (a later page of a plan) may open each level at any number
        else:
            continue
        if name not in levels and levels and not cand.style.runin and _rank(name) < _rank(levels[0]) \
                and _at_line_start(text, cand.start):
            levels.insert(0, name)  # 三、 after (五) on a later page: the outer level shows up late
            stack = []
        elif name not in levels and not cand.style.runin and any(_is_runin(n) for n in levels):
            # run-in enumerations (一是…) are the deepest level: a heading style first seen after
            # one nests above it, and an enumeration still open ends where the heading starts
            levels.insert(next(i for i, n in enumerate(levels) if _is_runin(n)), name)
            while stack and stack[-1].style.runin:
                stack.pop()
        elif name not in levels:
            levels.append(name)
        stack.append(cand)
        last_value[name] = cand.value
        accepted.append((cand, len(stack) - 1))
        last_end = cand.end
    return _drop_lonely_enumerations(accepted)


def _drop_lonely_enumerations(accepted: list[tuple[Candidate, int]]) -> list[tuple[Candidate, int]]:
    """A run-in 一是 with no 二是 after it is a phrase, not an enumeration."""
    keep = []
    for i, (cand, depth) in enumerate(accepted):
        if cand.style.runin and cand.value == 1:
            nxt = next((c for c, d in accepted[i + 1:] if d <= depth), None)
            if nxt is None or nxt.style is not cand.style or nxt.value != 2:
                continue
        keep.append((cand, depth))
    return keep


def heading_title(text: str, cand: Candidate, next_start: int) -> tuple[str, int]:
    """The heading text proper, and where the heading's span ends."""
    limit = min(next_start, len(text))
    end_rx = _RUNIN_TITLE_END if cand.style.runin else _TITLE_END
    m = end_rx.search(text, cand.end, limit)
    end = m.start() if m else limit
    title = _TITLE_TRIM.sub("", text[cand.end:end])
    if not cand.style.runin and len(title) > _RUN_IN_PARAGRAPH and re.search(r"[,,]", title):
        opener = _clause_opener().search(title, 2, _RUN_IN_WINDOW // 2)
        if opener and not re.search(r"[,,、]", title[:opener.start()]):
            # a heading run into its paragraph (工作目标到2025年,…): the title ends where the
            # paragraph's first clause begins (the heading's span still runs to the sentence end)
            return title[:opener.start()], end
    return title, end


@lru_cache(maxsize=1)
def _clause_opener() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in load_words("clause_openers.txt")))


def build_sections(text: str) -> list[Section]:
    headings = parse_headings(text)
    sections: list[Section] = []
    path: list[str] = []
    for i, (cand, depth) in enumerate(headings):
        path = path[:depth] + [cand.label]
        next_start = headings[i + 1][0].start if i + 1 < len(headings) else len(text)
        title, end = heading_title(text, cand, next_start)
        sections.append(Section(path="/".join(path), label=cand.label, title=title, level=depth + 1,
                                span=(cand.start, end)))
    return sections


def make_sections(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The ``edukg_sections`` factory: fills ``doc._.sections``, in text order."""

    def component(doc: Doc) -> Doc:
        doc._.sections = build_sections(TextContext.from_doc(doc).text)
        return doc

    return component
