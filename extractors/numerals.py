"""Numbers as Chinese plans write them: Arabic, Chinese numerals, fractions, circled digits."""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

from extractors.patterns import CN, CN_COUNT, CN_UNITS

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_CIRCLED_ONE = ord("①")
CN_NUMERAL = "零〇" + CN_COUNT + "万亿"


_TENS = re.compile(rf"^([{CN_UNITS}两]?)十([{CN_UNITS}]?)$")


@lru_cache(maxsize=4096)
def small_chinese(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; None if it is not such a numeral.

    >>> [small_chinese(n) for n in ("一", "十二", "二十", "一百零五", "百")]
    [1, 12, 20, 105, None]
    """
    if not text or any(ch not in CN_NUMERAL for ch in text):
        return None
    if len(text) == 1 and text in _DIGITS:
        return _DIGITS[text]
    tens = _TENS.match(text)  # the numbers lists count with, without a library call
    if tens:
        return _DIGITS.get(tens.group(1), 1) * 10 + _DIGITS.get(tens.group(2), 0)
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None


@lru_cache(maxsize=4096)
def ordinal(text: str) -> int | None:
    """The value of a list number: ``3``, ``三``, ``③``."""
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) == 1 and _CIRCLED_ONE <= ord(text) < _CIRCLED_ONE + 20:
        return ord(text) - _CIRCLED_ONE + 1
    return small_chinese(text)


_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_RATIO = re.compile(r"^(\d+):(\d+)$")
_CN_FRACTION = re.compile(rf"^({CN}+)分之({CN}+)$")
_WORD_FRACTIONS = {"一半": 0.5, "半数": 0.5, "过半": 0.5, "全部": 100.0}


def parse_value(text: str) -> float | None:
    """A target value: ``95``, ``6.7``, ``1/5`` → 0.2, ``1:1`` → 1, ``三`` → 3, ``三分之一``.

    >>> [parse_value(v) for v in ("95", "6.7", "1/5", "1:1", "三")]
    [95.0, 6.7, 0.2, 1.0, 3.0]
    >>> round(parse_value("三分之一"), 4)
    0.3333
    """
    text = text.replace(",", "")
    if text in _WORD_FRACTIONS:
        return _WORD_FRACTIONS[text]
    for pattern in (_FRACTION, _RATIO):
        m = pattern.match(text)
        if m and float(m.group(2)):
            return float(m.group(1)) / float(m.group(2))
    m = _CN_FRACTION.match(text)
    if m:
        den, num = small_chinese(m.group(1)), small_chinese(m.group(2))
        return num / den if den and num is not None else None
    try:
        return float(text)
    except ValueError:
        pass
    value = small_chinese(text)
    return float(value) if value is not None else None
