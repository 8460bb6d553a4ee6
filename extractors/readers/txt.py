"""Plain text in any encoding Chinese plans arrive in: UTF-8/16 (BOM or not), GB18030/GBK, Big5.

GB18030 decodes almost any byte string and Big5 decodes most GBK text, so a
strict decode proves nothing. Each candidate decoding is scored by how much
of it is ordinary Chinese text (common characters, ASCII, CJK punctuation);
the best plausible one wins, and input that is plausible in none is an error,
never mojibake.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from extractors.errors import ReadError
from extractors.readers import register

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Big5 as written by Windows (cp950) and Hong Kong (big5hkscs) adds characters to plain Big5.
_CANDIDATES = ("utf-16-le", "utf-16-be", "gb18030", "big5", "cp950", "big5hkscs")
_SAMPLE_CHARS = 8_000
# Real Chinese text scores above 0.9; a wrong legacy decoding scores around 0.4-0.6.
_MIN_SCORE = 0.8
_RARE_WEIGHT = 0.3


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """The most frequent simplified and traditional characters: GB2312 level 1 and Big5 level 1."""
    chars: set[str] = set()
    for lead, trails, enc in ((range(0xB0, 0xD8), range(0xA1, 0xFF), "gb2312"),
                              (range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5")):
        for hi in lead:
            for lo in trails:
                try:
                    chars.add(bytes((hi, lo)).decode(enc))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)


@lru_cache(maxsize=1)
def _classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What Chinese plans are made of (common hanzi, ASCII, CJK and full-width punctuation,
    dashes and quotes, Latin letters with diacritics as in pinyin glosses), and hanzi."""
    common = "".join(sorted(_common_hanzi()))
    good = re.compile(f"[{re.escape(common)}\x20-\x7e\n\r\t\f\u3000-\u303f\uff01-\uff5e"
                      f"\u2010-\u206f\u00c0-\u024f]")
    return good, re.compile("[\u3400-\u9fff\U00020000-\U0003ffff]")


def score(text: str) -> float:
    """Share of a sample of ``text`` that looks like ordinary Chinese text (0..1); rare hanzi
    count a little, anything else (control characters, private use, mojibake) nothing."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    good, hanzi = _classes()
    rest = good.sub("", sample)
    rare = len(hanzi.findall(rest))
    return (len(sample) - len(rest) + _RARE_WEIGHT * rare) / len(sample)


def decode(source: str, data: bytes) -> tuple[str, str]:
    """Decode bytes to text and name the encoding; undecodable input raises ``ReadError``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ReadError(source, f"starts with a {enc} byte-order mark but does not decode "
                                        f"({exc.reason} at byte {exc.start})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        if score(text) >= _MIN_SCORE:
            return text, "utf-8"
        raise ReadError(source, "binary data, not text")
    best: tuple[float, str, str] | None = None
    for enc in _CANDIDATES:
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        found = score(text)
        if found >= _MIN_SCORE and (best is None or found > best[0]):
            best = (found, text, enc)
    if best is not None:
        return best[1], best[2]
    if b"\x00" in data[:4096]:
        raise ReadError(source, "binary data, not text")
    raise ReadError(source, "cannot decode: not text in UTF-8, UTF-16, GB18030 or Big5 "
                            f"(invalid UTF-8 at byte {utf8_error.start})")


@register("txt")
def read_text(source: str, data: bytes, max_chars: int) -> tuple[str, str]:
    """Decoded text with line ends unified to ``\\n`` (its length is checked by ``read``: plain
    text never holds more characters than bytes, so ``max_chars`` needs no earlier check)."""
    text, enc = decode(source, data)
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc
