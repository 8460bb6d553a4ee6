"""Policies: documents, laws, plans and standards cited by title.

Anything in 《》 is a cited title (with a following (试行) or period kept). Without
marks, a title is taken only after a citing verb (根据, 贯彻落实…) and only up to a
document word (规划, 实施意见, 标准…); a run of such titles written together is cut
at each document word, and an issuer written before 关于 is left to the Department
recogniser. The document's own title is not a citation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from extractors.components.mentions import Mention
from extractors.doctext import DOC_NUMBER
from extractors.lexicons import alternation, load_table, load_words
from extractors.names import canonical
from extractors.patterns import CN_DIGITS, YEAR_OR_REDACTED
from extractors.recognisers.common import TextContext, starting_words

_MARKED = re.compile(r"《([^《》\n]{2,80})》(\((?:试行|修订|暂行|征求意见稿|[^()\n]{0,12}年[^()\n]{0,6})\))?")
_MARKED_TITLE = re.compile(r"《[^》]*》")
_DOC_NUMBER = re.compile(rf"\([^()\n]{{0,12}}(?:〔|\[)?\s*{YEAR_OR_REDACTED}\s*(?:〕|\])?[^()\n]{{0,6}}号\)")
_NOTICE_TAIL = re.compile(r"(?:\([^()\n]{0,14}\))?的(?:通知|决定|实施意见|意见|批复|函)")
_LEAD = re.compile(r"^(?:[、,和及与以的等]|新修订的|修订后的|国家制定的|国家颁布的|新(?!时代)|印发|实施|落实|执行|"
                   r"[我本](?:省|市|区|县|州|旗))+")
_EDGE = re.compile(r"^[、,和及与的]+|[、,和及与的]+$")
_NUMBER_AFTER = re.compile(rf"\s*\(\s*({DOC_NUMBER.pattern})\s*\)")
_SELF_MAKING = ("特", "现")
_VERB_LIST = re.compile(r"、[\u4e00-\u9fff]{2}[、和及]")
_MAX_SPAN = 160
_MIN_UNMARKED = 8
_MAX_TITLE = 60


@dataclass(frozen=True)
class _Words:
    cue: re.Pattern[str]  # strong and weak cues together
    weak: frozenset[str]
    end: re.Pattern[str]
    doc_end: re.Pattern[str]
    stop: re.Pattern[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    table = load_table("policy_words.tsv")

    def of(*kinds: str) -> str:
        return alternation(tuple(w for k, w in table if k in kinds))

    def ending(kind: str) -> re.Pattern[str]:
        return re.compile(rf"(?:{of(kind)})(?:\((?:试行|修订|暂行|[^()\n]{{0,14}}年)\))?")

    return _Words(
        cue=re.compile(of("cue", "weak-cue")),
        weak=frozenset(w for k, w in table if k == "weak-cue"),
        end=ending("end"),
        doc_end=ending("doc-end"),
        stop=re.compile(rf"[。;;!?\n]|{of('stop')}|,(?:结合|制定|现|特|经)"),
    )


def _clean(title: str) -> str:
    title = _DOC_NUMBER.sub("", title)
    i = title.find("关于")
    if i > 0:
        title = title[i:]  # the issuer before 关于 is a Department, not part of the title
    return _EDGE.sub("", title)


def _number_after(text: str, end: int) -> str | None:
    """The 发文字号 written in brackets right after a cited title: 《…》(国办发〔2015〕71号)."""
    m = _NUMBER_AFTER.match(text, end)
    return canonical(m.group(1)) if m else None


def _looks_like_title(name: str) -> bool:
    """An unmarked citation names one document: long enough, not a list (课程方案、课程标准), not
    a clause that starts with a verb (逐步提高…配备标准)."""
    bare = re.sub(r"\([^()]*\)", "", name)  # 校长(书记、园长)职级制实施办法 is one title
    specific = len(bare) >= _MIN_UNMARKED or re.search(rf"[\d{CN_DIGITS}]", bare)
    if not specific or "、" in bare or bare.startswith(starting_words()):
        return False
    return "和" not in bare or bare.startswith("关于") or "纲要" in bare


def marked_titles(text: str) -> list[tuple[int, int]]:
    """Spans of the 《…》 titles of ``text``, in order (each from a 《 to the first 》 after it)."""
    return [m.span() for m in _MARKED_TITLE.finditer(text)]


def _masked(text: str, start: int, limit: int, marked: list[tuple[int, int]]) -> str:
    """``text[start:limit]`` with the marked titles that close by ``limit`` as ``#``: what masking
    ``text[:limit]`` would give there, at the cost of the window instead of the whole text."""
    chars = list(text[start:limit])
    for s, e in marked[bisect_right(marked, start, key=lambda span: span[1]):]:
        if s >= limit:
            break
        if e <= limit:
            chars[max(s, start) - start:e - start] = "#" * (e - max(s, start))
    return "".join(chars)


def unmarked_titles(text: str, start: int, limit: int, end_rx: re.Pattern[str],
                    marked: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Titles without marks in ``text[start:limit]``: cut at each document word. ``marked`` is
    ``marked_titles(text)``, computed once for all the windows of one text."""
    spans = []
    pos = 0
    masked = _masked(text, start, limit, marked_titles(text) if marked is None else marked)
    for m in end_rx.finditer(masked):
        if m.start() < pos:
            continue
        title_end = m.end()
        while (more := end_rx.match(masked, title_end)) and more.end() > title_end:
            title_end = more.end()  # 发展提升计划实施方案: one title, not two
        notice = _NOTICE_TAIL.match(masked, title_end)
        if notice and "关于" in masked[pos:title_end]:
            title_end = notice.end()  # 关于印发…计划(2021-2025年)的通知: the notice is the title
        tail = _DOC_NUMBER.match(masked, title_end)
        item = masked[pos:title_end]
        lead = _LEAD.match(item)
        item_start = pos + (lead.end() if lead else 0)
        if not re.search(r"[#,,:]", masked[item_start:title_end]) and title_end - item_start <= _MAX_TITLE:
            spans.append((start + item_start, start + title_end))
        pos = tail.end() if tail else title_end
    return spans


def find(ctx: TextContext, own_titles: tuple[str, ...] = ()) -> list[Mention]:
    """Cited titles; ``own_titles`` (the document's and those it carries) are not citations."""
    text = ctx.text
    own = {canonical(t) for t in own_titles if t}
    generic = set(load_words("policy_generic.txt"))
    mentions: list[Mention] = []
    for m in _MARKED.finditer(text):
        name = canonical(m.group(1) + (m.group(2) or ""))
        if name not in own:
            mentions.append(Mention("Policy", name, m.start(), m.end(), _number_after(text, m.end())))
    words = _words()
    consumed = 0
    marked = marked_titles(text)
    for cue in words.cue.finditer(text):
        if cue.start() < consumed or text[cue.start() - 1:cue.start()] in _SELF_MAKING:
            continue  # 特制定…计划: the document names itself
        stop = words.stop.search(text, cue.end(), cue.end() + _MAX_SPAN)
        limit = stop.start() if stop else min(len(text), cue.end() + _MAX_SPAN)
        consumed = limit
        ends = words.doc_end if cue.group() in words.weak else words.end
        for s, e in unmarked_titles(text, cue.end(), limit, ends, marked):
            if _VERB_LIST.match(text, e):
                continue  # 落实小区配套幼儿园规划、建设、移交: 规划 is the first of a list of verbs
            raw = text[s:e]
            name = canonical(_clean(raw))
            if not _looks_like_title(name) or name in generic or name in own:
                continue
            offset = s + raw.find("关于") if "关于" in raw and raw.find("关于") > 0 else s
            mentions.append(Mention("Policy", name, offset, e, _number_after(text, e)))
    return mentions
