"""Document metadata: title, 发文字号, issuers, 成文日期, region, period, document type.

An official document opens with a head (发文字号, title, perhaps over several lines)
and closes with a signature block (issuers, then the 成文日期); web copies add a
header with a posting date. Each field is read from where the document itself puts
it, with fallbacks in order of trust, and keeps the span it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.doctext import (
    DATE,
    DOC_NUMBER,
    PART_LABEL,
    POSTED_DATE,
    Line,
    body_opener,
    carried_titles,
    doc_type,
    doc_type_pattern,
    iso_date,
    lines_of,
    split_orgs,
    title_end,
)
from extractors.lexicons import load_words
from extractors.patterns import COMPILATION_PART, FIVE_YEAR_PLAN, REDACTION, YEAR, labels
from extractors.places import first_division
from extractors.records import Metadata, Span

HEAD_LINES = 8
_MIN_BODY = 500  # characters of text after a title for the page to hold a document
_MAX_TITLE_LINE = 50
_JUNK_LINE = re.compile(r"\.(?:docx?|pdf|txt|wps|html?)$|^附件\s*\d*[::]?$|^\(.*\)$|^(?:目\s*录|提\s*纲)")
_PREFIX_LABEL = re.compile(rf"^【?{COMPILATION_PART}】?[::、.\s]*|^(?:{labels('cn')})"
                           rf"|^(?:{labels('paren_cn', 'arabic')})(?=\s*《)")
_NOTICE_BODY = re.compile(r"现将|现予(?:印发|转发)|印发给你们|转发给你们|请认真(?:贯彻|组织|遵照)"
                          r"|请结合(?:实际|本地)|遵照执行|贯彻执行|^各[^\n]{1,80}:$", re.M)
_ISSUER_PREFIX = re.compile(r"^(?P<orgs>[^\s《“]{2,80}?)(?:关于|印发|转发)")


def read_metadata(text: str) -> Metadata:
    """Metadata of one document from its normalised text."""
    meta = Metadata()
    lines = lines_of(text)
    head = _head(lines)
    head_span, title = _title(text, lines, head)
    title_span = head_span
    if head_span and title:
        meta.title, meta.evidence["title"] = title, head_span
        title, title_span = _page_of_carried(text, title, head_span, meta)
        meta.doc_type = doc_type(title)
    number = _doc_number(head, title_span)
    if number:
        meta.doc_number, meta.evidence["doc_number"] = number
    date_line = _signature_date_line(lines, title_span)
    _read_issuers(meta, text, lines, date_line, head_span)
    _read_date(meta, lines, head, date_line, title_span)
    _read_region(meta, text)
    _read_period(meta, text)
    return meta


# --- head and title ------------------------------------------------------------

def _is_body(line: Line) -> bool:
    text = line.text
    return (len(text) > 120 or len(text) > 60 and re.search(r"[,。;]", text) is not None
            or text.endswith(("。", ";", ":")) or text.startswith("一、") and not title_end().search(text))


def _head(lines: Sequence[Line]) -> list[Line]:
    """The lines before the body starts (at most ``HEAD_LINES``)."""
    head: list[Line] = []
    for line in lines[:HEAD_LINES]:
        if _is_body(line):
            break
        head.append(line)
    return head


def _join(parts: list[Line]) -> str:
    return re.sub(r"\s+", "", "".join(p.text for p in parts))


def find_title(text: str) -> tuple[Span | None, str | None]:
    """The title of the document ``text`` starts with, and its span."""
    lines = lines_of(text)
    return _title(text, lines, _head(lines))


def _title(text: str, lines: Sequence[Line], head: list[Line]) -> tuple[Span | None, str | None]:
    """The title: head lines joined until they end with a document type; else an inline
    title run into the text; else the first plain head line."""
    usable = [ln for ln in head if not _JUNK_LINE.search(ln.text) and not DOC_NUMBER.fullmatch(ln.text)
              and not DATE.search(ln.text) and not POSTED_DATE.fullmatch(ln.text)]
    for i, first in enumerate(usable):
        label = _PREFIX_LABEL.match(first.text)
        start = first.start + (label.end() if label else 0)
        for j in range(i, min(i + 4, len(usable))):
            alone = j == i and not (i + 1 < len(usable) and _joins(usable[i], usable[i + 1]))
            longest = 120 if alone else _MAX_TITLE_LINE
            if len(usable[j].text) > longest or usable[j].text.endswith(("。", ",")):
                break
            if j > i and not _joins(usable[j - 1], usable[j]):  # a blank line ends a title
                break
            joined = _join(usable[i:j + 1])[(label.end() if label else 0):]
            marked = _IN_TITLE_MARKS.fullmatch(joined)  # a sub-plan headed 《…实施方案》
            if marked and title_end().search(marked.group(1)):
                return (start + 1, usable[j].end - 1), marked.group(1)
            if title_end().search(joined):
                while j + 1 < len(usable) and _continues(usable[j], usable[j + 1], joined):
                    j += 1
                    joined += _join([usable[j]])
                return (start, usable[j].end), joined
    inline = _inline_title(text, lines, len(head))
    if inline:
        return inline
    plain = [ln for ln in usable if _reads_as_title(ln.text)]
    if plain:  # no line ends with a document type (a report, a news story): the longest title-like line
        best = max(plain, key=lambda ln: len(ln.text))
        label = _PREFIX_LABEL.match(best.text)
        start = best.start + (label.end() if label else 0)
        return (start, best.end), _join([best])[(label.end() if label else 0):]
    return None, None


_SENTENCE_MARK = re.compile(r"[。,;!?]")


def _reads_as_title(line: str) -> bool:
    """A line that could be a title without a document type: not too long, not a sentence
    (site banners and prompts such as 亲,该文档… carry commas and exclamations).

    >>> _reads_as_title("桃源区:课后服务惠及万名学生"), _reads_as_title("亲,如果喜欢就下载吧!")
    (True, False)
    """
    return 4 <= len(line) <= 80 and not _SENTENCE_MARK.search(line)


_IN_TITLE_MARKS = re.compile(r"《([^《》]+)》")
_TAIL = 8  # characters of a title's last line broken off after a complete-looking part


def _continues(line: Line, following: Line, title: str) -> bool:
    """A title that already ends like one (…行动计划(2023—2025年)) but goes on in a short
    last line that ends it again (的通知): a title centred over two lines."""
    tail = following.text
    return (len(tail) <= _TAIL and _joins(line, following) and not tail.endswith(("。", ","))
            and bool(title_end().search(title + tail)) and bool(re.match(rf"的?(?:{doc_type_pattern()})", tail)))


def _joins(line: Line, following: Line) -> bool:
    """Whether ``following`` may continue the title on ``line`` (no blank line between)."""
    return following.start - line.end <= 3 and len(line.text) <= _MAX_TITLE_LINE


def _inline_title(text: str, lines: Sequence[Line], at: int = 0) -> tuple[Span, str] | None:
    """A title run into the body: ``…实施方案(一)为全面贯彻…``, on the first line or on the
    first body line (line ``at``), which furniture lines may precede."""
    for first in dict.fromkeys(lines[k] for k in (0, at) if k < len(lines)):
        found = _inline_title_on(first)
        if found:
            return found
    return None


def _inline_title_on(first: Line) -> tuple[Span, str] | None:
    label = _PREFIX_LABEL.match(first.text)
    offset = label.end() if label else 0
    window = first.text[offset:offset + 80]
    for end in range(4, len(window)):
        label = re.match(PART_LABEL, window[end:])
        if label and title_end().search(window[:end]):
            end += label.end()
        if title_end().search(window[:end]) and body_opener().match(window, end):
            return (first.start + offset, first.start + offset + end), window[:end]
    return None


def _page_of_carried(text: str, title: str, span: Span, meta: Metadata) -> tuple[str, Span]:
    """A page headed by a 印发 notice's title but holding only the carried document (no
    notice text) is that document: its title is the carried one, its issuer the notice's."""
    carried = carried_titles(title)
    has_notice = _NOTICE_BODY.search(text, span[1], span[1] + 2000)
    if len(carried) != 1 or len(text) - span[1] < _MIN_BODY or has_notice:
        return title, span
    inner = text.find(carried[0], span[0], span[1])
    new_span = (inner, inner + len(carried[0])) if inner >= 0 else span
    meta.title, meta.evidence["title"] = carried[0], new_span
    return carried[0], new_span


# --- 发文字号 ---------------------------------------------------------------------

def _doc_number(head: list[Line], title_span: Span | None) -> tuple[str, Span] | None:
    """The number in the head, on a line of its own (perhaps bracketed, perhaps with the date)."""
    for line in head:
        if title_span and title_span[0] <= line.start < title_span[1]:
            continue
        m = DOC_NUMBER.search(line.text)
        if m and m.start() <= 2:
            return m.group(), (line.start + m.start(), line.start + m.end())
    return None


# --- signature: issuers and date ------------------------------------------------

_DATE_LINE = re.compile(rf"[(]?(?P<orgs>[^()]*?)\s*(?P<date>{DATE.pattern})[)]?")


def _signature_date_line(lines: Sequence[Line], title_span: Span | None) -> tuple[int, re.Match[str]] | None:
    """The first line that is a date alone, or issuers then a date (the 成文日期 line)."""
    after = title_span[1] if title_span else 0
    for i, line in enumerate(lines):
        if line.start < after:
            continue
        m = _DATE_LINE.fullmatch(line.text)
        if not m or not iso_date(DATE.fullmatch(m.group("date"))):
            continue
        if not m.group("orgs") or split_orgs(m.group("orgs")):
            return i, m
    return None


def _read_issuers(meta: Metadata, text: str, lines: Sequence[Line], date_line: tuple[int, re.Match[str]] | None,
                  title_span: Span | None) -> None:
    spans: list[Span] = []
    if date_line:
        i, m = date_line
        spans = [(lines[i].start + a, lines[i].start + b) for a, b in split_orgs(m.group("orgs"))]
        block: list[Span] = []
        for line in reversed(lines[max(0, i - 4):i]):
            orgs = split_orgs(line.text)
            if not orgs or (title_span and line.start < title_span[1]):
                break
            block = [(line.start + a, line.start + b) for a, b in orgs] + block
        spans = block + spans
    if not spans and title_span:
        spans = _issuers_near_title(text, lines, title_span)
    if spans:
        meta.issuer = [text[a:b] for a, b in spans]
        meta.evidence["issuer"] = (spans[0][0], spans[-1][1])


def _issuers_near_title(text: str, lines: Sequence[Line], title_span: Span) -> list[Span]:
    """Issuers named under the title in brackets, else the bodies before 关于/印发 in it."""
    following = [ln for ln in lines if ln.start >= title_span[1]][:1]
    if following and following[0].text.startswith("(") and following[0].text.endswith(")"):
        inner = following[0].text[1:-1]
        orgs = split_orgs(inner)
        if orgs:
            return [(following[0].start + 1 + a, following[0].start + 1 + b) for a, b in orgs]
    title_text = text[title_span[0]:title_span[1]]
    m = _ISSUER_PREFIX.match(title_text.replace("\n", ""))
    if not m or "\n" in title_text[:m.end("orgs")]:
        return []
    return [(title_span[0] + a, title_span[0] + b) for a, b in split_orgs(m.group("orgs"))]


_WIRED = re.compile(rf"(?:{DATE.pattern})电")
_HEADER_DATE = DATE


DateLine = tuple[int, re.Match[str]]
# a law's history under its title: 2007年10月28日…会议通过 / 根据2019年4月23日…第二次修正 /
# 1949年12月23日 政务院发布 (a State Council regulation's history opens with its issue)
_ENACTMENT = re.compile(r"(通过|修正|修订|公布|发布|颁布|批准)\)?$")


def _latest_enactment(head: Sequence[Line]) -> tuple[re.Match[str], int] | None:
    """The date of the last entry of a law's history (the version this text is), when the header
    opens with one: consecutive lines, or one bracketed line, of dates each ending in 通过, 修正,
    修订, 公布, 发布, 颁布 or 批准. A law amended in 2019 is the 2019 text, though it was first passed
    in 2007."""
    latest = None
    for line in head:
        if not line.text.strip():
            continue
        dates = list(DATE.finditer(line.text))
        if not dates or not _ENACTMENT.search(line.text.strip()):
            break
        latest = (dates[-1], line.start + dates[-1].start())
    return latest


def _read_date(meta: Metadata, lines: Sequence[Line], head: list[Line], date_line: DateLine | None,
               title_span: Span | None) -> None:
    """The 成文日期: the signature's date; else one given with the number in the head, or a
    news agency's dateline; else, for a page with no signature, the date in its header."""
    found: tuple[re.Match[str], int] | None = None
    if date_line:
        i, m = date_line
        found = (DATE.fullmatch(m.group("date")), lines[i].start + m.start("date"))
    else:
        for line in [*head, *lines[-3:]]:
            m = _WIRED.search(line.text) or (DOC_NUMBER.search(line.text) and DATE.search(line.text))
            if m:
                d = DATE.search(m.group()) if m.re is _WIRED else m
                found = (d, line.start + m.start() + (d.start() if m.re is _WIRED else 0))
                break
    if not found:
        for at, line in enumerate(head):
            if title_span and title_span[0] <= line.start < title_span[1]:
                continue
            m = _HEADER_DATE.search(line.text)
            if m:
                found = _latest_enactment(head[at:]) or (m, line.start + m.start())
                break
            # a page's posting date (left of its article header) dates a report, not an official document
            m = POSTED_DATE.fullmatch(line.text)
            if m and not meta.doc_type:
                found = (m, line.start)
                break
    if found and iso_date(found[0]):
        m, start = found
        meta.date, meta.evidence["date"] = iso_date(m), (start, start + len(m.group()))


# --- region ---------------------------------------------------------------------

_PLACEHOLDER_PLACE = re.compile(rf"(?<!赴){REDACTION}(?:省|自治区|市|州|盟|区|县|旗)")
_SELF_REFERENCE = re.compile(r"(?:我|本)(省|市|区|县|州|旗)")


def _place_in(text: str) -> str | None:
    """The jurisdiction named in ``text``: one the divisions table does not know
    (新疆生产建设兵团), else the first division it names, narrowed by those after it."""
    extra = next((name for name in load_words("jurisdictions.txt") if name in text), None)
    return extra or first_division(text)


_ISSUER_PLACES = re.compile(r"^((?:[\u4e00-\u9fff]{2,6}?(?:自治区|省|市|州|盟|区|县|旗))+)(?=[\u4e00-\u9fff]*?"
                            r"(?:局|委|厅|政府|办公室|委员会|中心))")
_TITLE_PLACE = re.compile(r"^(?![全本我该各])([\u4e00-\u9fff]{2,4}(?:自治区|省|市|州|盟|区|县|旗))(?!级)")
_ONE_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治区|省|市|州|盟|区|县|旗)")


def _written_place(issuer: str) -> str | None:
    """The lowest place an issuer's name starts with (云溪市桃源区教育局 → 桃源区).

    >>> _written_place("云溪市桃源区教育局")
    '桃源区'
    """
    m = _ISSUER_PLACES.match(issuer)
    return _ONE_PLACE.findall(m.group(1))[-1] if m else None


def _read_region(meta: Metadata, text: str) -> None:
    """The issuer's jurisdiction, else the one the title names, else (for redacted texts
    that call themselves 我区/本区) the redacted place of that level named most often."""
    for source in [*meta.issuer[:1], meta.title or ""]:
        m = _PLACEHOLDER_PLACE.search(source)
        name = m.group() if m else _place_in(source) if source else None
        if name:
            pos = text.find(name)
            if pos < 0:
                pos = text.find(name[:2])
            meta.region = name
            if pos >= 0:
                meta.evidence["region"] = (pos, pos + len(name))
            return
    written = _written_place(meta.issuer[0]) if meta.issuer else None
    title_place = _TITLE_PLACE.match(meta.title or "")
    written = written or (title_place.group(1) if title_place else None)
    if written:  # a place the divisions table does not know, named as such by the issuer or the title
        meta.region = written
        pos = text.find(written)
        if pos >= 0:
            meta.evidence["region"] = (pos, pos + len(written))
        return
    levels = [m.group(1) for m in _SELF_REFERENCE.finditer(text)]
    for level in sorted(set(levels), key=lambda lv: (-levels.count(lv), lv))[:1]:
        places = list(re.finditer(rf"{REDACTION}{level}", text))
        if places:
            names = [m.group() for m in places]
            best = max(set(names), key=lambda n: (names.count(n), n))
            first = next(m for m in places if m.group() == best)
            meta.region, meta.evidence["region"] = best, first.span()
            return


# --- period ---------------------------------------------------------------------

_RANGE = re.compile(rf"({YEAR})\s*年?\s*(?:-|—|–|~|～|至|到)+\s*({YEAR})\s*年")
_FIVE_YEAR = re.compile(rf"“?{FIVE_YEAR_PLAN}”?"
                        r"(?:时期|期间|规划|教育|发展|事业)")
_SINGLE_YEAR = re.compile(rf"({YEAR})\s*年(?:度)?(?=[^\d至到\-—–~]{{0,12}}(?:工作|计划|要点|方案))")


def _read_period(meta: Metadata, text: str) -> None:
    """The years a plan covers: 2024—2026年, 十四五 → 2021–2025, a single year in the title."""
    from extractors.numerals import small_chinese

    sources = [(meta.title or "", meta.evidence.get("title", (0, 0))[0]), (text[:600], 0)]
    for source, base in sources:
        if not source:
            continue
        m = _RANGE.search(source)
        if m and int(m.group(1)) <= int(m.group(2)):
            meta.period = (int(m.group(1)), int(m.group(2)))
        elif (m := _FIVE_YEAR.search(source)) and (n := small_chinese(m.group("plan"))) and n >= 3:
            first = 1966 + 5 * (n - 3)  # the 3rd five-year plan began in 1966
            meta.period = (first, first + 4)
        elif source is not sources[1][0] and (m := _SINGLE_YEAR.search(source)):
            meta.period = (int(m.group(1)), int(m.group(1)))
        if meta.period:
            if base or source is meta.title:
                base = meta.evidence.get("title", (0, 0))[0]
            meta.evidence["period"] = (base + m.start(), base + m.end())
            return
