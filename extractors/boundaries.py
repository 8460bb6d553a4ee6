"""Document boundaries: where each policy document in a file starts and ends.

Works on normalised text. A compilation holds several plans back to back; a
印发/转发 notice and the document it carries are two documents; a text cut off
mid-way is flagged truncated. A table of contents before the title and a file's
own banner before the first part of a compilation belong to no document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.doctext import (
    DATE,
    PART_LABEL,
    Line,
    body_opener,
    carried_titles,
    doc_type_pattern,
    lines_of,
    same_title,
    split_orgs,
    title_end,
    truncation_cue,
)
from extractors.metadata import find_title
from extractors.normalise import MappedText
from extractors.numerals import ordinal
from extractors.patterns import COMPILATION_PART, SMALL_NUMBER, level_label


@dataclass
class Segment:
    """One document's stretch of the normalised text."""

    start: int
    end: int
    truncated: bool = False
    carried_by: int | None = None  # index of the notice segment carrying this one


_MIN_CARRIED = 100
_TOC_REACH = 4000  # a table of contents stands within the first pages
_MAX_TITLE_LINE = 60  # characters of text a carried document has beyond its title


def split_documents(mt: MappedText) -> list[Segment]:
    """Split normalised text into document segments (in order)."""
    text = mt.text
    end, truncated = len(text), False
    cue = next((m for m in truncation_cue().finditer(text) if _body_before(text, m.start())), None)
    if cue:
        end, truncated = cue.start(), True
    start = _after_toc(text, 0, end)
    segments: list[Segment] = []
    for part_start, part_end in _parts(text, start, end):
        notice = len(segments)
        for k, (s, e) in enumerate(_notice_and_carried(text, part_start, part_end)):
            segments.append(Segment(s, e, carried_by=notice if k else None))
    if not segments:
        segments = [Segment(start, end)]
    last = segments[-1]
    last.truncated = truncated or _ends_mid_sentence(text, last.start, last.end)
    return segments


_MIN_BODY_BEFORE_CUE = 100
_PARAGRAPH = 60  # characters of a line that is running text, not furniture


def _body_before(text: str, pos: int) -> bool:
    """Whether running text stands before ``pos``: a truncation prompt above the text (a sharing
    site's banner over its preview pages) cuts nothing off."""
    return sum(len(ln.text) for ln in lines_of(text, 0, pos) if len(ln.text) > _PARAGRAPH) >= _MIN_BODY_BEFORE_CUE


# --- table of contents ----------------------------------------------------------

_HEADING = re.compile(f"^(?:{level_label()})")
# the word heading a table of contents, bracketed or not (【文档目录】, 目录:), and the leader
# lines (……, ……………) that close one
_TOC_WORD = re.compile(r"^[【\[(]?(?:文档|全文)?(?:目\s*录|提\s*纲|目录/提纲)[】\])]?[::]?|^[.…·\s]+$")


def _after_toc(text: str, start: int, end: int) -> int:
    """Where the text starts once a table of contents at its top is skipped: at least three
    heading lines, most of which come back later as the real headings."""
    lines = lines_of(text, start, min(end, start + _TOC_REACH))
    toc: list[Line] = []
    for line in lines:
        if _TOC_WORD.match(line.text) or (_HEADING.match(line.text) and len(line.text) <= 40):
            toc.append(line)
        else:
            break
    headings = [ln for ln in toc if _HEADING.match(ln.text)]
    if len(headings) < 3 or len(toc) == len(lines):
        return start
    after = lines[len(toc)].start
    again = sum(1 for ln in headings if re.sub(r"[.…\s\d]+$", "", ln.text)[:10] in text[after:end])
    return after if 2 * again >= len(headings) else start


# --- compilations ---------------------------------------------------------------

_PREFIX_PART = re.compile(rf"(?:^|(?<=[。!?]))[ \t]*【?{COMPILATION_PART}】?", re.M)
_COUNT_HEADER = re.compile(rf"({SMALL_NUMBER})篇")


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The documents of a compilation (each part from its title to the next), else the whole."""
    for finder in (_suffix_labelled, _prefix_labelled, _counted_titles):
        starts = finder(text, start, end)
        if len(starts) >= 2:
            return list(zip(starts, [*starts[1:], end], strict=True))
    return [(start, end)]


def _in_sequence(numbered: list[tuple[int, int]]) -> list[int]:
    """Positions of parts numbered 1, 2, 3… in order (the first such run)."""
    out: list[int] = []
    for value, pos in numbered:
        if value == len(out) + 1:
            out.append(pos)
    return out


def _suffix_labelled(text: str, start: int, end: int) -> list[int]:
    """Parts titled alike and told apart by a label after the title: 实施方案(一), 实施方案(二)."""
    pattern = re.compile(rf"(?:{doc_type_pattern()})(?P<label>{PART_LABEL})")
    found = [(m.start("label"), m.group("label")) for m in pattern.finditer(text, start, end)]
    best: list[int] = []
    for pos, _ in found:
        left = text[max(start, pos - 40):pos].rsplit("\n", 1)[-1]
        for other, _ in found:
            if other == pos:
                continue
            other_left = text[max(start, other - 40):other].rsplit("\n", 1)[-1]
            stem = _common_suffix(left, other_left)
            if len(stem) < 6:
                continue
            numbered = [(ordinal(label.strip("()之")) or 0, p - len(stem)) for p, label in found
                        if text[p - len(stem):p] == stem]
            run = _in_sequence(numbered)
            if len(run) > len(best):
                best = run
    return best


def _common_suffix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    stem = a[len(a) - n:]
    # a stem begins at a word: drop a leading fragment cut by punctuation
    return re.split(r"[。,;:!?、\s]", stem)[-1]


def _prefix_labelled(text: str, start: int, end: int) -> list[int]:
    """Parts opened by a label before the title: 篇一, 第二篇, 范文三."""
    numbered = []
    for m in _PREFIX_PART.finditer(text, start, end):
        label = m.group("a") or m.group("b") or m.group("c")
        numbered.append((ordinal(label) or 0, m.start() + len(m.group()) - len(m.group().lstrip())))
    return _in_sequence(numbered)


def _counted_titles(text: str, start: int, end: int) -> list[int]:
    """Under a banner that counts its documents (…4篇), the title lines of its parts."""
    lines = lines_of(text, start, end)
    if not lines or not _COUNT_HEADER.search(lines[0].text):
        return []
    titles = [ln for ln in lines[1:] if len(ln.text) <= 50 and title_end().search(_HEADING.sub("", ln.text))
              and not ln.text.endswith(("。", ","))]
    distinct = {_HEADING.sub("", ln.text) for ln in titles}
    return [ln.start for ln in titles] if len(distinct) == len(titles) else []


# --- notices and the documents they carry ----------------------------------------

_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[::]?\s*")
_LIST_ITEM = re.compile(r"^(?:附件|\d+[.、])")


def _notice_and_carried(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A 印发/转发 notice followed by the text it carries: the notice, then each carried
    document from its own title. A carried text left out (略) is no document."""
    span, title = find_title(text[start:end])
    carried = carried_titles(title or "")
    if not span:
        return [(start, end)]
    lines = lines_of(text, start + span[1], end)
    if not carried:
        return _titled_texts(text, start, end, lines, title or "")
    starts: list[int] = []
    k = 0
    for wanted in carried:
        found = _carried_title(lines, k, wanted)
        if found is None:
            continue
        pos, k = found
        starts.append(pos)
    # A notice for several plans may name them only as a group (…等四项…实施方案): each
    # further title line that opens a text with 一、 starts another carried document.
    after = starts[0] if starts else _signature_end(lines)
    starts = sorted(set(starts) | {pos for pos in _opening_titles(lines) if after is not None and pos >= after})
    bounds = [start, *starts, end]
    pieces = list(zip(bounds, bounds[1:], strict=False))
    kept = [pieces[0]] + [(a, b) for a, b in pieces[1:] if b - a >= _MIN_CARRIED]
    if len(kept) < len(pieces):
        kept = [(start, end)] if len(kept) == 1 else kept
    return kept


def _carried_title(lines: Sequence[Line], first: int, wanted: str) -> tuple[int, int] | None:
    """The first title (one to three short lines) matching ``wanted`` that opens a text,
    not an attachment list, a signature or an omitted attachment."""
    for i in range(first, len(lines)):
        prefix = _ATTACHMENT.match(lines[i].text)
        skip = prefix.end() if prefix else 0
        if skip == len(lines[i].text) or DATE.fullmatch(lines[i].text.strip("()")):
            continue  # a signature date ends the notice; it starts no title
        joined = ""
        for j in range(i, min(i + 3, len(lines))):
            part = lines[j].text[skip:] if j == i else lines[j].text
            if len(part) > 50 or part.endswith(("。", ",")) or re.search(r"印发|转发", part):
                break
            joined += part
            if "略" in joined or not same_title(joined, wanted):
                continue
            following = lines[j + 1] if j + 1 < len(lines) else None
            if following and not _closes(following.text):
                return lines[i].start + skip, j + 1
    return None


_OPENING = re.compile(r"^(?:一、|第一章|第一条)")
_TITLE_MARKS = re.compile(r"^《(.+)》$")
_BRACKETED = re.compile(r"\([^()]{1,40}\)")
_NUMBERED_QUOTED = re.compile(rf"^(?:{level_label()})\s*(《[^《》]+》)$")
_CONTINUATION = tuple("和及与暨并的")  # a line opening so ends a title broken over lines; it heads nothing


def _title_line(line: str) -> str | None:
    """The title a line holds when it reads as the head of a document: short, not a sentence
    and not a numbered heading, ending in a document type once an attachment label and title
    marks (《…实施方案》) are taken off."""
    line = _TITLE_MARKS.sub(r"\1", line[_ATTACHMENT.match(line).end():] if _ATTACHMENT.match(line) else line)
    if (not line or len(line) > _MAX_TITLE_LINE or "。" in line or line.endswith(",") or _HEADING.match(line)
            or line.startswith(_CONTINUATION)):
        return None
    return line if title_end().search(line) else None


def _opening_titles(lines: Sequence[Line], openers: re.Pattern[str] = _OPENING) -> list[int]:
    """Starts of lines that read as a document title and are followed by a first heading
    (or, with ``openers``, another way a text begins)."""
    out = []
    for i, line in enumerate(lines[:-1]):
        following = lines[i + 1]
        if _BRACKETED.fullmatch(following.text) and i + 2 < len(lines):
            following = lines[i + 2]  # a title's own second line: (2024—2026年), (征求意见稿), its issuers
        if _title_line(line.text) and openers.match(following.text):
            label = _ATTACHMENT.match(line.text)
            out.append(line.start + (label.end() if label else 0))
        elif _NUMBERED_QUOTED.match(line.text) and _title_line(_NUMBERED_QUOTED.match(line.text).group(1)) \
                and _OPENING.match(following.text):
            out.append(line.start)  # (一)《…实施方案》 over its own 一、: a sub-plan numbered in the plan
    return out


def _titled_texts(text: str, start: int, end: int, lines: Sequence[Line], title: str) -> list[tuple[int, int]]:
    """A document that is not a 印发/转发 notice may still be followed by texts under their own
    titles: a notice that publishes a plan (for comment, for the record: whatever its verb), a
    plan followed by its sub-plans (《…实施方案》 each with its own numbered tree). Each title
    line that opens a text (a first heading, or a preamble such as 为… / 根据…) starts one."""
    starts = [pos for pos in _opening_titles(lines, body_opener())
              if not same_title(_title_line(text[pos:text.find("\n", pos) if "\n" in text[pos:end] else end]) or "",
                                title)]
    bounds = [start, *starts, end]
    pieces = list(zip(bounds, bounds[1:], strict=False))
    if len(pieces) == 1 or any(b - a < _MIN_CARRIED for a, b in pieces):
        return [(start, end)]
    return pieces


def _signature_end(lines: Sequence[Line]) -> int | None:
    """Where the notice's own text ends: after its signature date."""
    for line in lines:
        if DATE.fullmatch(line.text.strip("()")):
            return line.end
    return None


def _closes(line: str) -> bool:
    """A line that shows the title before it was a list entry, not the head of a text."""
    return bool(_LIST_ITEM.match(line) or split_orgs(line) or DATE.fullmatch(line.strip("()")))


# --- cut-off texts --------------------------------------------------------------

_SENTENCE_END = tuple("。!?;:)」』”》】…") + ("\"", ")")


def _ends_mid_sentence(text: str, start: int, end: int) -> bool:
    """A long last line that stops without closing punctuation: the page was cut."""
    lines = lines_of(text, start, end)
    if not lines:
        return False
    last = lines[-1].text
    return len(last) >= 40 and not last.endswith(_SENTENCE_END)
