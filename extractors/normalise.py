"""Normalisation that remembers where every character came from.

Matching works on clean, simplified, half-width text; spans must point at the
characters of the decoded original. ``MappedText`` carries both: ``text`` and,
for each of its characters, the offset of the original character it came from.
Each step is a plain function ``MappedText -> MappedText``. Steps work on slices
(deleted stretches, 1:1 character maps) so that a large corpus normalises at a
small fraction of the cost of segmenting it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from extractors.doctext import POSTED_DATE, split_orgs
from extractors.lexicons import load_words
from extractors.patterns import CIRCLED, CN_DIGITS, CN_SMALL, SMALL_NUMBER, load_patterns

Span = tuple[int, int]


@dataclass(frozen=True)
class MappedText:
    """Text plus ``origin[i]``: the original offset of ``text[i]`` (one extra entry for the end)."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, tuple(range(len(text) + 1)))

    def to_original(self, start: int, end: int) -> Span:
        """Map a span of ``text`` back to a span of the original text."""
        if end <= start:
            pos = self.origin[start]
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


def keep(src: MappedText, spans: Iterable[Span]) -> MappedText:
    """Only the given stretches of ``src`` (sorted, not overlapping), joined."""
    spans = [(s, e) for s, e in spans if e > s]
    if spans == [(0, len(src.text))]:
        return src
    text = "".join(src.text[s:e] for s, e in spans)
    origin = tuple(chain.from_iterable(src.origin[s:e] for s, e in spans)) + (src.origin[-1],)
    return MappedText(text, origin)


def rebuild(src: MappedText, pieces: Iterable[tuple[str, int]]) -> MappedText:
    """Assemble new text from ``(chars, source index)`` pieces: each character of a piece
    takes the origin of ``src.text[index]``."""
    chars: list[str] = []
    origin: list[int] = []
    for piece, idx in pieces:
        if piece:
            chars.append(piece)
            origin.extend([src.origin[idx]] * len(piece))
    return MappedText("".join(chars), tuple(origin) + (src.origin[-1],))


def substitute(src: MappedText, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str = ""
               ) -> MappedText:
    """Replace regex matches; replacement characters map to the match's first character."""
    matches = list(pattern.finditer(src.text))
    if not matches:
        return src
    if repl == "":
        bounds = [0, *chain.from_iterable(m.span() for m in matches), len(src.text)]
        return keep(src, zip(bounds[::2], bounds[1::2], strict=True))
    pieces: list[tuple[str, int]] = []
    last = 0
    for m in matches:
        pieces.extend((ch, last + i) for i, ch in enumerate(src.text[last:m.start()]))
        pieces.append((repl(m) if callable(repl) else m.expand(repl), m.start()))
        last = m.end()
    pieces.extend((ch, last + i) for i, ch in enumerate(src.text[last:]))
    return rebuild(src, pieces)


def map_chars(src: MappedText, convert: Callable[[str], str]) -> MappedText:
    """Convert character by character; a character may become several, or none."""
    return rebuild(src, ((convert(ch), i) for i, ch in enumerate(src.text)))


# --- the steps -----------------------------------------------------------------

# A pinyin gloss follows a Han character: 教(jiāo)育, 區(qū); mangled pages also leave glosses
# after a lost character (要?(jiǎng)). Lower-case letters only, so (GPS), (XX) and (试行) are kept;
# without a tone mark, only right after a Han character, so a list label (a) is kept too.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（][a-z{_TONED}ü]{{1,7}}[)）]"
    rf"|[(（][a-zü]{{0,6}}[{_TONED}][a-zü]{{0,6}}[)）]")


def strip_pinyin(src: MappedText) -> MappedText:
    return substitute(src, PINYIN_GLOSS)


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def _one_char(converted: str, original: str) -> str:
    return converted if len(converted) == 1 else original


def to_simplified(src: MappedText) -> MappedText:
    """OpenCC t2s. Almost always character for character, so the origins stay; a line whose
    length changes (a phrase conversion) is converted character by character instead."""
    convert = _t2s()
    out = convert(src.text)
    if len(out) == len(src.text):
        return MappedText(out, src.origin)
    pieces: list[tuple[str, int]] = []
    pos = 0
    for line in src.text.splitlines(keepends=True):
        converted = convert(line)
        if len(converted) != len(line):
            converted = "".join(_one_char(convert(ch), ch) for ch in line)
        pieces.extend((ch, pos + i) for i, ch in enumerate(converted))
        pos += len(line)
    return rebuild(src, pieces)


# Chinese punctuation the contract keeps as it is; circled numbers (①) are list markers.
_KEEP_WIDE = set("、。〔〕【】《》〈〉「」『』“”‘’…—·")


@lru_cache(maxsize=1)
def _width_tables() -> tuple[dict[int, str], re.Pattern[str] | None]:
    """Full-width, small and compatibility forms (ＡＢＣ１２３，（） → ABC123,(); the small
    brackets of 国发﹝2019﹞4号 → 〔〕) as a translate table of 1:1 conversions, and a pattern of the
    few that expand (㈠ → (一))."""
    one: dict[int, str] = {0x3000: " ", 0xA0: " "}
    many: list[str] = []
    for code in range(0x80, 0x10000):  # the Basic Multilingual Plane holds all such forms
        ch = chr(code)
        if ch in _KEEP_WIDE or not unicodedata.decomposition(ch).startswith(("<wide>", "<small>", "<compat>")):
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1:
            one[code] = folded
        elif folded:
            many.append(re.escape(ch))
    return one, re.compile("[" + "".join(many) + "]") if many else None


def to_half_width(src: MappedText) -> MappedText:
    """Full-width ASCII letters, digits and punctuation to half-width (（一）→(一), ，→,)."""
    one, many = _width_tables()
    if many is not None and many.search(src.text):
        return map_chars(src, lambda ch: unicodedata.normalize("NFKC", ch) if many.match(ch) else
                         one.get(ord(ch), ch))
    return MappedText(src.text.translate(one), src.origin)


def _lines(text: str) -> Iterable[Span]:
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, pos + len(line)
        pos += len(line)


def drop_boilerplate(src: MappedText) -> MappedText:
    """Drop site furniture: lines the boilerplate lexicon names, and lines and runs of lines
    that have furniture's shape whatever the site (see ``furniture_spans``)."""
    return keep(src, furniture_spans(src.text))


@lru_cache(maxsize=1)
def _furniture() -> re.Pattern[str]:
    """The boilerplate patterns as one alternation: one search per line."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in load_patterns("boilerplate.txt")))


# --- furniture by shape -------------------------------------------------------------

_CRUMB_SEPARATOR = re.compile(r"\s*(?:[>›»→]+|-{1,2}>)\s*")
_SENTENCE_PUNCT = re.compile(r"[。;!?,]")
_ENUMERATED = re.compile(rf"^(?:{CN_SMALL}、|\(?{SMALL_NUMBER}\)|\d{{1,2}}[.、]|第[{CN_DIGITS}\d]|{CIRCLED})")
_MENU_ITEM = 8  # characters of a menu entry, at most
_MENU_RUN = 6  # consecutive short lines that make a menu
_LIST_ENTRY = 60  # characters of an entry in a list of links to other pages


@lru_cache(maxsize=1)
def _header_field() -> re.Pattern[str]:
    words = "|".join(sorted(load_words("article_header_fields.txt"), key=len, reverse=True))
    return re.compile(rf"(?:^|[\s|｜【\[])(?:{words})\s*[::]")


@lru_cache(maxsize=1)
def _link_list_heading() -> re.Pattern[str]:
    words = "|".join(sorted(load_words("link_list_headings.txt"), key=len, reverse=True))
    return re.compile(rf"^[【\[]?(?:{words})[】\]]?\s*(?:[::]|>+|更多>*)?\s*$")


def is_breadcrumb(line: str) -> bool:
    """A trail of short page names joined by ``>`` (首页 > 新闻中心 > 正文), perhaps after a
    位置 label: at least three parts, none a sentence.

    >>> is_breadcrumb("首页 > 教育资讯 > 区县动态 > 正文"), is_breadcrumb("生师比>18:1")
    (True, False)
    """
    parts = _CRUMB_SEPARATOR.split(line)
    return len(parts) >= 3 and all(len(p.strip()) <= 16 for p in parts[1:]) and not _SENTENCE_PUNCT.search(line)


def _is_menu_line(line: str) -> bool:
    """Four or more short entries on one line, separated by spaces or bars (a navigation bar,
    a share or download toolbar), that are not the bodies of a joint signature."""
    items = [i for i in re.split(r"[ \u3000|｜]+", line) if i]
    return ("\t" not in line and len(items) >= 4 and all(len(i) <= _MENU_ITEM for i in items)
            and not _SENTENCE_PUNCT.search(line) and not split_orgs(" ".join(items)))


def _is_short_entry(line: str) -> bool:
    """A menu entry: a few characters, no sentence punctuation, no heading number, no date."""
    return (len(line) <= _MENU_ITEM and "\t" not in line and not _SENTENCE_PUNCT.search(line)
            and not _ENUMERATED.match(line) and not POSTED_DATE.search(line) and not line.endswith(":"))


def _next_line(lines: list[str], i: int) -> str:
    return next((ln for ln in lines[i + 1:] if ln), "")


def _is_list_entry(line: str, following: str) -> bool:
    """An entry of a link list: a short line, not a sentence or a numbered heading, and not the
    title of the text that follows it (a list standing right above the document ends there:
    the next line is running text, a first heading or an article header)."""
    opens_text = (len(following) > _LIST_ENTRY or following.endswith("。") or bool(_ENUMERATED.match(following))
                  or bool(_article_header(following)))  # an article header stands under its title
    return len(line) <= _LIST_ENTRY and not line.endswith("。") and not _ENUMERATED.match(line) and not opens_text


def _article_header(line: str) -> Span | None | bool:
    """Whether the line is an article header (two or more fields such as 来源: and 发布时间:);
    if so, the span of the posting date it gives (kept: a news report is dated by it), else True."""
    if len(line) > 160 or "。" in line or len(_header_field().findall(line)) < 2:
        return None
    m = POSTED_DATE.search(line)
    return m.span() if m else True


def _drop_menus(stripped: list[str], drop: list[bool], where: range, stop_at_text: bool = True) -> None:
    """Drop the menus among the lines ``where``: runs of short entries (blank and dropped lines
    do not break a run); with ``stop_at_text``, only those before the text begins, as short
    lines after it are forms, tables and signatures."""
    run: list[int] = []
    for i in where:
        line = stripped[i]
        if not line or drop[i]:
            continue
        if stop_at_text and (len(line) > _LIST_ENTRY or line.endswith("。")):
            break
        if _is_short_entry(line):
            run.append(i)
            continue
        _drop_menu(run, stripped, drop)
        run = []
    _drop_menu(run, stripped, drop)


def _drop_menu(run: list[int], lines: list[str], drop: list[bool]) -> None:
    """Drop a run of short lines that is a menu: long enough, and not mostly bodies (the lines
    of a joint signature are short too)."""
    if len(run) >= _MENU_RUN and 2 * sum(1 for k in run if split_orgs(lines[k])) < len(run):
        for k in run:
            drop[k] = True


def furniture_spans(text: str) -> list[Span]:
    """The stretches of ``text`` to keep once furniture is gone. A line goes when the
    boilerplate lexicon names it, or it is a breadcrumb, a menu or toolbar line, or an
    article header (reduced to its posting date); a run goes when it is a menu (six or more
    consecutive entries of a few characters, before the text begins or after the furniture that
    follows it) or the list under a link-list heading
    (推荐阅读, 相关文章: entries up to the next paragraph)."""
    furniture = _furniture()
    lines = list(_lines(text))
    stripped = [text[s:e].strip() for s, e in lines]
    drop = [False] * len(lines)
    partial: dict[int, Span] = {}
    in_list = False
    for i, line in enumerate(stripped):
        if not line:
            continue
        header = _article_header(line)
        other = header or furniture.search(line) or is_breadcrumb(line) or _is_menu_line(line)
        if in_list and not other and _is_list_entry(line, _next_line(stripped, i)):
            drop[i] = True
            continue
        in_list = bool(_link_list_heading().match(line))  # furniture of another kind ends a list
        if header and header is not True:
            partial[i] = header
        elif in_list or other:
            drop[i] = True
    _drop_menus(stripped, drop, range(len(lines)))
    # after the text, once page furniture has begun (上一篇, 【打印】, a footer), short lines are
    # a site map or footer menu, not a form or a signature
    body = [i for i, line in enumerate(stripped) if len(line) > _LIST_ENTRY or line.endswith("。")]
    tail = next((i for i in range(body[-1] + 1 if body else len(lines), len(lines)) if stripped[i] and drop[i]), None)
    if tail is not None:
        _drop_menus(stripped, drop, range(tail, len(lines)), stop_at_text=False)
    kept: list[Span] = []
    for i, (s, e) in enumerate(lines):
        if i in partial:
            offset = s + len(text[s:e]) - len(text[s:e].lstrip())
            a, b = partial[i]
            kept += [(offset + a, offset + b), (e - 1, e)] if text[e - 1:e] == "\n" else [(offset + a, offset + b)]
        elif not drop[i]:
            kept.append((s, e))
    return kept


PAGE_MARKER = re.compile(r"\n[ \t]*\n[ \t]*(\d{1,3})、")


def drop_page_markers(src: MappedText) -> MappedText:
    """Remove page-chunk numbers of document-sharing sites and rejoin the cut sentence.

    Such sites print each page as ``\\n\\nN、`` with N counting 1, 2, 3… through the file,
    cutting sentences (``…的满意\\n\\n2、度得到提升``). A run of at least three consecutive
    numbers in that position is taken as markers; real list items rarely follow blank
    lines in strict file-wide sequence.
    """
    chain_: list[re.Match[str]] = []
    expected = None
    for m in PAGE_MARKER.finditer(src.text):
        number = int(m.group(1))
        if expected is None or number == expected:
            chain_.append(m)
            expected = number + 1
        elif number == 1 and len(chain_) < 3:
            chain_, expected = [m], 2
    if len(chain_) < 3:
        return src
    bounds = [0, *chain.from_iterable(m.span() for m in chain_), len(src.text)]
    return keep(src, zip(bounds[::2], bounds[1::2], strict=True))


@lru_cache(maxsize=1)
def _markdown_markup() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p.pattern, re.MULTILINE | re.DOTALL) for p in load_patterns("markdown_markup.txt"))


def strip_markdown(src: MappedText) -> MappedText:
    """Drop Markdown markup (``markdown_markup.txt``), keeping the text it wraps: ``# 标题`` reads
    as a title line, ``<!-- … -->`` and YAML front matter are gone, ``[文件](url)`` is 文件."""
    for pattern in _markdown_markup():
        src = _keep_matches(src, pattern) if "keep" in pattern.groupindex else substitute(src, pattern)
    return src


def _keep_matches(src: MappedText, pattern: re.Pattern[str]) -> MappedText:
    """Each match reduced to its ``keep`` group, whose characters keep their own origins."""
    spans: list[Span] = []
    last = 0
    for m in pattern.finditer(src.text):
        spans += [(last, m.start()), m.span("keep")]
        last = m.end()
    return keep(src, [*spans, (last, len(src.text))]) if spans else src


_EXPLICIT_BIDI = frozenset(("LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"))
_BIDI_MARKS = ("LEFT-TO-RIGHT MARK", "RIGHT-TO-LEFT MARK", "ARABIC LETTER MARK")


@lru_cache(maxsize=1)
def bidi_controls() -> re.Pattern[str]:
    """Unicode's bidirectional controls (its Bidi_Control property: embeddings, overrides,
    isolates and the three marks), read from the Unicode database. Invisible, and U+202E shows
    the rest of a line reversed, so names and titles must not carry them.

    >>> bool(bidi_controls().search("教育\u202e局")), bool(bidi_controls().search("教育局"))
    (True, False)
    """
    chars = [chr(c) for c in range(0x10000)
             if unicodedata.bidirectional(chr(c)) in _EXPLICIT_BIDI or unicodedata.name(chr(c), "") in _BIDI_MARKS]
    return re.compile("[" + "".join(chars) + "]")


def drop_bidi_controls(src: MappedText) -> MappedText:
    """Remove bidirectional controls: names, titles and labels read without them, while spans
    still quote the file's own characters, controls included."""
    return substitute(src, bidi_controls())


STEPS: tuple[Callable[[MappedText], MappedText], ...] = (
    drop_bidi_controls, strip_pinyin, to_simplified, to_half_width, drop_boilerplate, drop_page_markers,
)
# formats whose markup is text to normalise away first
MARKUP_STEPS: dict[str, tuple[Callable[[MappedText], MappedText], ...]] = {"markdown": (strip_markdown,)}


def normalise(text: str, fmt: str = "txt") -> MappedText:
    """The text every extractor matches on, mapped back to ``text`` (read as format ``fmt``)."""
    mt = MappedText.identity(text)
    for step in (*MARKUP_STEPS.get(fmt, ()), *STEPS):
        mt = step(mt)
    return mt
