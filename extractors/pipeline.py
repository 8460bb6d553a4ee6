"""The spaCy pipeline: a blank Chinese model segmented by jieba, plus edukg's components.

No model is downloaded: ``spacy.blank("zh")`` with the jieba segmenter and the
project's user dictionary. Each extractor is a factory registered in
``extractors.components`` (``edukg_sections``, ``edukg_entities``, ``edukg_targets``,
``edukg_relations``) with the Doc extensions it requires and assigns (``doc._.sections`` …,
plain records with character offsets into ``doc.text``); ``make_nlp`` refuses an order in
which a component would run before what it requires.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from math import log

import jieba
import spacy
from spacy.lang.zh import ChineseTokenizer
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from extractors.components import PIPELINE, register
from extractors.readers import MAX_TEXT_CHARS


def user_dictionary() -> str:
    """Path of the jieba user dictionary shipped with the lexicons."""
    return str(resources.files("extractors.lexicons").joinpath("jieba_user.txt"))


@lru_cache(maxsize=1)
def _quiet_jieba() -> None:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.load_userdict(user_dictionary())


# jieba segments each run of these characters on its own, so a text cut anywhere else is
# segmented exactly as it would be whole (jieba's ``re_han_default``)
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
PART_CHARS = 100_000  # characters segmented at a time
_LOOK_BACK = 2_000  # how far back from a part's end to look for a place to cut it


def text_parts(text: str, size: int = PART_CHARS) -> Iterator[str]:
    r"""``text`` in consecutive parts of at most ``size`` characters, cut after a line break or
    else after a character that ends a jieba block, so the parts segment as the whole would.

    >>> list(text_parts("一二。三四五\n六", 4))
    ['一二。', '三四五\n', '六']
    """
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", max(start, end - _LOOK_BACK), end) + 1
            if cut <= start:
                cut = next((i + 1 for i in range(end - 1, max(start, end - _LOOK_BACK) - 1, -1)
                            if not _JIEBA_BLOCK.match(text[i])), end)  # a run that long is cut where it stands
            end = cut
        yield text[start:end]
        start = end


class _QuickerPaths(jieba.Tokenizer):
    """jieba's own tokenizer with its two hottest loops written tighter, the same words by construction.

    ``get_DAG`` looks each fragment up once (``dict.get``) instead of twice (``in``, then ``[]``);
    ``calc`` scores a character with a single way forward without a generator around ``max``.
    Both compute the same values in the same order (jieba's dictionary holds integers only, so
    ``get`` returns None exactly when ``in`` is false; ``max`` of one tuple is that tuple). Half of
    extraction is segmentation, and these two loops are most of it.
    """

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 - jieba's name
        self.check_initialized()
        get = self.FREQ.get
        n = len(sentence)
        dag = {}
        for k in range(n):
            ends = []
            i = k
            frag = sentence[k]
            while i < n:
                freq = get(frag)
                if freq is None:
                    break
                if freq:
                    ends.append(i)
                i += 1
                frag = sentence[k:i + 1]
            dag[k] = ends or [k]
        return dag

    def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict) -> None:  # noqa: N803 - jieba's name
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        get = self.FREQ.get
        for idx in range(n - 1, -1, -1):
            ends = DAG[idx]
            if len(ends) == 1:
                x = ends[0]
                route[idx] = (log(get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x)
            else:
                route[idx] = max((log(get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in ends)


@lru_cache(maxsize=1)
def _segmenter() -> jieba.Tokenizer:
    """jieba's default tokenizer with the quicker loops: its very state (dictionary, user words, lock)
    shared, not copied, so the dictionary is loaded once and part-of-speech tagging (which uses
    ``jieba.dt``) sees the same words."""
    quicker = _QuickerPaths.__new__(_QuickerPaths)
    quicker.__dict__ = jieba.dt.__dict__
    return quicker


class JiebaTokenizer(ChineseTokenizer):
    """spaCy's jieba segmentation, with the Doc built straight from jieba's words.

    jieba returns every character of the text, whitespace included, so the words are the
    text and no alignment pass is needed: spaCy's own tokenizer spends a third as long
    as jieba itself aligning them again on a large corpus. A long text is segmented in parts
    (``text_parts``), which gives the same words with less memory held at once.
    """

    def __call__(self, text: str) -> Doc:
        segmenter = _segmenter()
        words = [w for part in text_parts(text) for w in segmenter.cut(part, cut_all=False) if w]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@registry.tokenizers("edukg.jieba_tokenizer.v1")
def create_jieba_tokenizer():
    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, segmenter="jieba")

    return make


def make_nlp(components: tuple[str, ...] = PIPELINE) -> Language:
    """A fresh pipeline with the named components, in order; raises ``ValueError`` when one of
    them would run before a component that assigns what it requires."""
    register()
    _quiet_jieba()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "edukg.jieba_tokenizer.v1"}}})
    nlp.max_length = MAX_TEXT_CHARS  # spaCy's own limit (a million) is for its parsers, which are not used
    for name in components:
        nlp.add_pipe(name)
    unmet = {name: missing for name, missing in nlp.analyze_pipes()["problems"].items() if missing}
    if unmet:
        raise ValueError("components placed before what they require: "
                         + "; ".join(f"{name} needs {', '.join(missing)}" for name, missing in unmet.items()))
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared default pipeline (built once per process)."""
    return make_nlp()
